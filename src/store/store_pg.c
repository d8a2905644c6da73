/*
 * The PostgreSQL driver (libpq): the store over a server that several wubiao processes
 * share. Each connection belongs to one thread at a time (the pool hands them out),
 * prepares each statement once, and sends every value as a text parameter. The
 * operations themselves are engine-neutral (ops.c, ops_problem.c, tally.c).
 *
 * Writers keep SQLite's guarantee of one writer at a time, now across every server on the
 * database: a write transaction runs at READ COMMITTED and first takes one transaction-
 * scoped advisory lock (ST_WRITE_LOCK), so the stage change it checks and makes, and the
 * audit event it appends after the chain's head, cannot interleave with another writer's;
 * each statement after the lock sees every earlier writer's commit. Every change appends
 * to the one hash chain, so writers would queue on its head anyway; a finer lock would buy
 * nothing. Serialization failures and deadlocks (40001, 40P01) still map to WB_ERR_BUSY,
 * which store_tx retries. Read transactions are REPEATABLE READ READ ONLY: one snapshot,
 * never waiting for writers.
 *
 * Inserts use ON CONFLICT DO NOTHING and report WB_ERR_CONFLICT when no row came back
 * (ops), so a clash (a receipt drawn twice) leaves the transaction usable, as in SQLite.
 *
 * Results are read whole, except the scans flagged SQL_STREAM (up to millions of rows),
 * which run in single-row mode; column texts point into the current result.
 */
#include "store_int.h"

#include <errno.h>
#include <libpq-fe.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "../util/log.h"
#include "migrations.h"

/* "wubiao" in ASCII, plus one: the advisory lock of migrations (writers: ST_WRITE_LOCK). */
#define MIGRATE_LOCK_KEY 131320766914928LL
/* Parameters of the widest statement (a load of the problems table has 42). */
#define MAX_PARAMS 64

/*
 * A prepared statement with its parameters and result, stepped like a sqlite3_stmt:
 * bind, then step through the rows (the first step runs it), then reset.
 */
struct pq_stmt {
	struct stmt base;
	struct pg_store *s;
	int id;
	int prepared;
	int nparams;
	char *v[MAX_PARAMS];
	PGresult *res;
	int nrows, row;
	int streaming; /**< a streamed query is in flight on the connection */
};

struct pg_store {
	struct store base;
	PGconn *conn;
	struct pq_stmt st[ST__N];
	int pipelined;   /**< between load_begin and load_done: loads are pipelined */
	int pending;     /**< loads sent and not yet read back */
	int64_t changes; /**< rows changed by the last statement */
};

extern const struct store_driver store_pg_driver;

static struct pg_store *S(struct store *st)
{
	return (struct pg_store *)st;
}

static struct pq_stmt *Q(struct stmt *q)
{
	return (struct pq_stmt *)q;
}

/* Run SQL text with no parameters (session settings, migrations). */
static int exec_sql(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	ExecStatusType es = PQresultStatus(res);
	int rc = 0;
	if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK) {
		wb_log(WB_LOG_ERR, "postgres: %s", PQresultErrorMessage(res));
		rc = WB_ERR_DB;
	}
	PQclear(res);
	return rc;
}

/*
 * Settings every connection needs: dates as YYYY-MM-DD, UTC, UTF-8. One writer at a time
 * means a server that stalls inside a write transaction would stall every server: the
 * database ends a transaction left idle for a minute (releasing the writer lock), and a
 * writer that waits half a minute for the lock gives up (55P03, retried by store_tx, then
 * a 503) instead of queueing forever.
 */
static int session_setup(PGconn *conn)
{
	return exec_sql(conn, "SET datestyle = 'ISO, YMD'; SET timezone = 'UTC';"
			      " SET client_encoding = 'UTF8'; SET client_min_messages = 'warning';"
			      " SET idle_in_transaction_session_timeout = '60s';"
			      " SET lock_timeout = '30s'");
}

static void q_drop(struct pq_stmt *q)
{
	if (q->res) {
		PQclear(q->res);
		q->res = NULL;
	}
	if (q->streaming) {
		/* stopped early: the connection takes no query before the rest is read */
		PGresult *r;
		while ((r = PQgetResult(q->s->conn)) != NULL)
			PQclear(r);
		q->streaming = 0;
	}
	q->nrows = q->row = 0;
}

/*
 * Map a failed result to an error: serialization failures, deadlocks, a lock timeout and
 * a lost connection are retried by store_tx (a lost connection is reset first, and its
 * statements prepared again at their next use); unique violations are conflicts; the
 * rest is logged.
 */
static int db_error(struct pg_store *s, PGresult *res, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
		      strcmp(state, "55P03") == 0))
		return WB_ERR_BUSY;
	if (state && strcmp(state, "23505") == 0)
		return WB_ERR_CONFLICT;
	wb_log(WB_LOG_ERR, "postgres: %s: %s", what,
	       res ? PQresultErrorMessage(res) : PQerrorMessage(s->conn));
	if (PQstatus(s->conn) == CONNECTION_BAD) {
		s->base.in_tx = s->base.write_tx = 0;
		s->pipelined = 0;
		PQreset(s->conn);
		for (int i = 0; i < ST__N; i++) {
			s->st[i].streaming = 0;
			s->st[i].prepared = 0;
		}
		if (PQstatus(s->conn) == CONNECTION_OK && session_setup(s->conn) == 0)
			return WB_ERR_BUSY;
	}
	return WB_ERR_DB;
}

/* ---- the statement interface ---- */

static int prepare(struct pg_store *s, struct pq_stmt *q)
{
	char *sql = store_sql_text(q->id, ENGINE_PG), name[16];
	if (sql == NULL)
		return WB_ERR_INTERNAL;
	Oid types[MAX_PARAMS] = {0};
	int used[MAX_PARAMS + 1] = {0};
	q->nparams = store_sql_nparams(sql);
	if (q->nparams > MAX_PARAMS) {
		wb_log(WB_LOG_ERR, "postgres: %s has %d parameters, more than %d",
		       store_sql[q->id].name, q->nparams, MAX_PARAMS);
		q->nparams = 0;
		free(sql);
		return WB_ERR_INTERNAL;
	}
	for (const char *p = strchr(sql, '$'); p; p = strchr(p + 1, '$')) {
		char *end;
		long k = strtol(p + 1, &end, 10);
		used[end != p + 1 && k > 0 && k <= MAX_PARAMS ? k : 0] = 1;
	}
	for (int i = 1; i <= q->nparams; i++)
		types[i - 1] = used[i] ? 0 : 25; /* inferred from the statement; unused: text */
	snprintf(name, sizeof name, "s%d", q->id);
	PGresult *res = PQprepare(s->conn, name, sql, q->nparams, types);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		wb_log(WB_LOG_ERR, "postgres: cannot prepare %s: %s", store_sql[q->id].name,
		       PQresultErrorMessage(res));
	PQclear(res);
	free(sql);
	q->prepared = ok;
	return ok ? 0 : WB_ERR_DB;
}

/* Drop the result and the parameters. */
static void q_clear(struct pq_stmt *q)
{
	q_drop(q);
	for (int i = 0; i < q->nparams; i++) {
		free(q->v[i]);
		q->v[i] = NULL;
	}
}

static struct stmt *q_get(struct store *st, int id)
{
	struct pq_stmt *q = &S(st)->st[id];
	q_clear(q);
	if (!q->prepared)
		prepare(S(st), q); /* a failure shows as an error at the first step */
	return &q->base;
}

static void bind_raw(struct pq_stmt *q, int i, const char *v)
{
	if (i < 1 || i > q->nparams)
		return; /* the statement does not use this parameter */
	free(q->v[i - 1]);
	q->v[i - 1] = v ? xstrdup(v) : NULL;
}

static void q_null(struct stmt *q, int i)
{
	bind_raw(Q(q), i, NULL);
}

static void q_i64(struct stmt *q, int i, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	bind_raw(Q(q), i, buf);
}

static void q_text(struct stmt *q, int i, const char *v)
{
	bind_raw(Q(q), i, v);
}

/* Send the statement in single-row mode: the server sends the rows one at a time. */
static int stream_start(struct pg_store *s, struct pq_stmt *q, const char *name)
{
	if (PQsendQueryPrepared(s->conn, name, q->nparams, (const char *const *)q->v, NULL, NULL,
				0) != 1 ||
	    PQsetSingleRowMode(s->conn) != 1) {
		q->streaming = 1;
		int rc = db_error(s, NULL, store_sql[q->id].name);
		q_drop(q);
		return rc;
	}
	q->streaming = 1;
	return 0;
}

/* The next row of a streamed statement; nothing else may run on the connection meanwhile. */
static int step_stream(struct pg_store *s, struct pq_stmt *q)
{
	if (q->res) {
		PQclear(q->res);
		q->res = NULL;
	}
	PGresult *res = PQgetResult(s->conn);
	ExecStatusType es = PQresultStatus(res);
	if (res && es == PGRES_SINGLE_TUPLE) {
		q->res = res;
		q->nrows = 1;
		q->row = 0;
		return 1;
	}
	int rc = 0;
	if (res == NULL || es != PGRES_TUPLES_OK)
		rc = db_error(s, res, store_sql[q->id].name);
	PQclear(res);
	q_drop(q); /* reads what is left, up to the end of the answer */
	return rc;
}

static int q_step(struct stmt *qq)
{
	struct pq_stmt *q = Q(qq);
	struct pg_store *s = q->s;
	if (q->streaming)
		return step_stream(s, q);
	if (q->res == NULL) {
		char name[16];
		if (!q->prepared && prepare(s, q) < 0)
			return WB_ERR_DB;
		snprintf(name, sizeof name, "s%d", q->id);
		if (store_sql[q->id].flags & SQL_STREAM || (q->id >= ST_DUMP && q->id < ST_LOAD)) {
			int rc = stream_start(s, q, name);
			return rc < 0 ? rc : step_stream(s, q);
		}
		q->res = PQexecPrepared(s->conn, name, q->nparams, (const char *const *)q->v, NULL,
					NULL, 0);
		ExecStatusType es = PQresultStatus(q->res);
		if (es != PGRES_TUPLES_OK && es != PGRES_COMMAND_OK) {
			int rc = db_error(s, q->res, store_sql[q->id].name);
			q_drop(q);
			return rc;
		}
		const char *n = PQcmdTuples(q->res);
		s->changes = n && *n ? strtoll(n, NULL, 10) : 0;
		q->nrows = PQntuples(q->res);
		q->row = -1;
	}
	if (++q->row < q->nrows)
		return 1;
	q_drop(q);
	return 0;
}

static const char *q_col_text(struct stmt *qq, int i, size_t *len)
{
	struct pq_stmt *q = Q(qq);
	if (q->res == NULL || q->row < 0 || q->row >= q->nrows || PQgetisnull(q->res, q->row, i))
		return NULL;
	if (len)
		*len = (size_t)PQgetlength(q->res, q->row, i);
	return PQgetvalue(q->res, q->row, i);
}

static int64_t q_col_i64(struct stmt *q, int i)
{
	const char *t = q_col_text(q, i, NULL);
	return t ? strtoll(t, NULL, 10) : 0;
}

static void q_reset(struct stmt *q)
{
	q_drop(Q(q));
}

static int64_t q_changes(struct stmt *q)
{
	return Q(q)->s->changes;
}

/* ---- transactions ---- */

static int s_begin(struct store *st, int write)
{
	struct pg_store *s = S(st);
	if (s->base.in_tx)
		return WB_ERR_INTERNAL;
	int rc = exec_done(q_get(st, write ? ST_BEGIN_WRITE : ST_BEGIN_READ));
	if (rc < 0)
		return rc;
	s->base.in_tx = 1;
	if (write) {
		rc = exec_done(q_get(st, ST_WRITE_LOCK));
		if (rc < 0) {
			exec_done(q_get(st, ST_ROLLBACK));
			s->base.in_tx = 0;
			return rc;
		}
		s->base.write_tx = 1;
	}
	return 0;
}

static int pipe_end(struct pg_store *s);

static void s_rollback(struct store *st)
{
	struct pg_store *s = S(st);
	if (s->pipelined)
		pipe_end(s);
	if (!s->base.in_tx)
		return;
	if (PQtransactionStatus(s->conn) != PQTRANS_IDLE)
		exec_done(q_get(st, ST_ROLLBACK));
	s->base.in_tx = s->base.write_tx = 0;
}

static int s_commit(struct store *st)
{
	struct pg_store *s = S(st);
	if (!s->base.in_tx || s->pipelined)
		return WB_ERR_INTERNAL;
	/* COMMIT of a failed transaction rolls back and reports success: refuse it here. */
	if (PQtransactionStatus(s->conn) == PQTRANS_INERROR) {
		wb_log(WB_LOG_ERR, "postgres: commit of a failed transaction");
		s_rollback(st);
		return WB_ERR_DB;
	}
	int rc = exec_done(q_get(st, ST_COMMIT));
	if (rc < 0) {
		s_rollback(st);
		return rc;
	}
	s->base.in_tx = s->base.write_tx = 0;
	return 0;
}

/* ---- open, migrate, close ---- */

/* One number from @p sql, or @p dflt when it fails. */
static int query_int(PGconn *conn, const char *sql, int dflt)
{
	PGresult *res = PQexec(conn, sql);
	int v = dflt;
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
		const char *txt = PQgetvalue(res, 0, 0);
		char *end;
		errno = 0;
		long n = strtol(txt, &end, 10);
		if (end != txt && *end == '\0' && errno == 0 && n >= INT_MIN && n <= INT_MAX)
			v = (int)n;
	}
	PQclear(res);
	return v;
}

/* The recorded schema version without writing anything: 0 when there is none yet. */
static int version_now(PGconn *conn)
{
	int v = query_int(conn,
			  "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL"
			  " THEN 0 ELSE -1 END",
			  -2);
	if (v != -1)
		return v;
	return query_int(conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", -2);
}

/*
 * Apply the migrations this database lacks, one transaction, one server at a time. An
 * up-to-date database is only read, so commands that read (export, audit verify) also work
 * on a read-only standby.
 */
static int migrate(PGconn *conn)
{
	int latest = 0;
	for (const struct store_migration *m = pg_migrations; m->version; m++)
		latest = m->version > latest ? m->version : latest;
	if (version_now(conn) >= latest)
		return 0;
	if (exec_sql(conn, "BEGIN") < 0)
		return WB_ERR_DB;
	char lock[80];
	snprintf(lock, sizeof lock, "SELECT pg_advisory_xact_lock(%lld)", MIGRATE_LOCK_KEY);
	if (exec_sql(conn, lock) < 0 ||
	    exec_sql(conn, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			   " version integer PRIMARY KEY, name text NOT NULL,"
			   " applied_at timestamptz NOT NULL DEFAULT now())") < 0)
		goto fail;
	int have = query_int(conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", -1);
	if (have < 0)
		goto fail;
	for (const struct store_migration *m = pg_migrations; m->version; m++) {
		if (m->version <= have)
			continue;
		char v[16];
		snprintf(v, sizeof v, "%d", m->version);
		const char *params[2] = {v, m->name};
		if (exec_sql(conn, m->sql) < 0) {
			wb_log(WB_LOG_ERR, "migration %s failed", m->name);
			goto fail;
		}
		PGresult *res = PQexecParams(conn,
					     "INSERT INTO schema_migrations (version, name)"
					     " VALUES ($1, $2)",
					     2, NULL, params, NULL, NULL, 0);
		ExecStatusType es = PQresultStatus(res);
		PQclear(res);
		if (es != PGRES_COMMAND_OK)
			goto fail;
		wb_log(WB_LOG_INFO, "applied migration %s", m->name);
	}
	return exec_sql(conn, "COMMIT");
fail:
	exec_sql(conn, "ROLLBACK");
	return WB_ERR_DB;
}

static void s_close(struct store *st)
{
	struct pg_store *s = S(st);
	if (s == NULL)
		return;
	if (s->conn && PQstatus(s->conn) == CONNECTION_OK)
		s_rollback(st);
	for (int i = 0; i < ST__N; i++)
		q_clear(&s->st[i]);
	PQfinish(s->conn);
	free(s);
}

static int s_open(const char *uri, struct store **out)
{
	struct pg_store *s = xcalloc(1, sizeof *s);
	s->base.drv = &store_pg_driver;
	for (int i = 0; i < ST__N; i++)
		s->st[i] = (struct pq_stmt){.base = {&store_pg_driver}, .s = s, .id = i};
	s->conn = PQconnectdb(uri);
	if (PQstatus(s->conn) != CONNECTION_OK) {
		/* the message names host and database, never the password */
		wb_log(WB_LOG_ERR, "cannot connect to PostgreSQL: %s", PQerrorMessage(s->conn));
		goto fail;
	}
	if (session_setup(s->conn) < 0 || migrate(s->conn) < 0)
		goto fail;
	for (int i = 0; i < ST_DUMP; i++)
		if (store_sql[i].sql && !(store_sql[i].flags & SQL_LAZY) &&
		    prepare(s, &s->st[i]) < 0)
			goto fail;
	*out = &s->base;
	return 0;
fail:
	s_close(&s->base);
	return WB_ERR_DB;
}

static int s_schema_version(struct store *st)
{
	return version_now(S(st)->conn);
}

/* ---- copying between engines ---- */

/*
 * Loads are pipelined: each is sent without waiting for its answer, and the answers are
 * read at a sync point every LOAD_BATCH rows, so a copy is not one network round trip per
 * row. An error surfaces at the next sync point; the copy is one transaction either way.
 */
#define LOAD_BATCH 2000

/* Read every answer up to a new sync point. @return 0, or the first error */
static int pipe_sync(struct pg_store *s)
{
	int rc = 0;
	s->pending = 0;
	if (PQpipelineSync(s->conn) != 1) {
		wb_log(WB_LOG_ERR, "postgres: load: %s", PQerrorMessage(s->conn));
		return WB_ERR_DB;
	}
	for (;;) {
		PGresult *res = PQgetResult(s->conn);
		if (res == NULL) { /* the end of one command's answers */
			if (PQstatus(s->conn) != CONNECTION_OK) {
				rc = WB_ERR_DB;
				break;
			}
			continue;
		}
		ExecStatusType es = PQresultStatus(res);
		if (es != PGRES_COMMAND_OK && es != PGRES_PIPELINE_SYNC && rc == 0) {
			wb_log(WB_LOG_ERR, "postgres: load: %s", PQresultErrorMessage(res));
			rc = WB_ERR_DB;
		}
		PQclear(res);
		if (es == PGRES_PIPELINE_SYNC)
			break;
	}
	return rc;
}

/* Leave pipeline mode after reading what is left. @return 0, or the first error */
static int pipe_end(struct pg_store *s)
{
	int rc = pipe_sync(s);
	if (PQexitPipelineMode(s->conn) != 1 && rc == 0)
		rc = WB_ERR_DB;
	s->pipelined = 0;
	return rc;
}

static int s_load_begin(struct store *st)
{
	struct pg_store *s = S(st);
	if (!s->base.write_tx || s->pipelined)
		return WB_ERR_INTERNAL;
	/* Statements cannot be prepared synchronously inside the pipeline: all of them now. */
	for (int t = 0; t < STORE_NTABLES; t++)
		if (!s->st[ST_LOAD + t].prepared && prepare(s, &s->st[ST_LOAD + t]) < 0)
			return WB_ERR_DB;
	if (exec_sql(s->conn, "SET CONSTRAINTS ALL DEFERRED") < 0 ||
	    PQenterPipelineMode(s->conn) != 1)
		return WB_ERR_DB;
	s->pipelined = 1;
	s->pending = 0;
	return 0;
}

static int s_load(struct store *st, int table, const char *const *vals)
{
	struct pg_store *s = S(st);
	char name[16];
	if (!s->base.write_tx || !s->pipelined)
		return WB_ERR_INTERNAL;
	snprintf(name, sizeof name, "s%d", ST_LOAD + table);
	if (PQsendQueryPrepared(s->conn, name, store_tables[table].ncols, vals, NULL, NULL, 0) !=
	    1) {
		wb_log(WB_LOG_ERR, "postgres: load: %s", PQerrorMessage(s->conn));
		return WB_ERR_DB;
	}
	if (++s->pending >= LOAD_BATCH) {
		int rc = pipe_sync(s);
		if (rc < 0)
			return rc;
	}
	return 1;
}

/* The last answers; then the identities continue after the largest copied id. */
static int s_load_done(struct store *st)
{
	struct pg_store *s = S(st);
	if (!s->pipelined)
		return WB_ERR_INTERNAL;
	int rc = pipe_end(s);
	for (int i = 0; rc >= 0 && i < STORE_NTABLES; i++) {
		if (!store_tables[i].has_id)
			continue;
		char sql[256];
		snprintf(
			sql, sizeof sql,
			"SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE(MAX(id), 0) + 1,"
			" false) FROM %s",
			store_tables[i].name, store_tables[i].name);
		rc = exec_sql(s->conn, sql);
	}
	return rc < 0 ? WB_ERR_DB : 0;
}

const struct store_driver store_pg_driver = {
	.name = "pg",
	.engine = ENGINE_PG,
	.open = s_open,
	.close = s_close,
	.begin = s_begin,
	.commit = s_commit,
	.rollback = s_rollback,
	.schema_version = s_schema_version,
	.stmt = q_get,
	.bind_null = q_null,
	.bind_i64 = q_i64,
	.bind_text = q_text,
	.step = q_step,
	.col_i64 = q_col_i64,
	.col_text = q_col_text,
	.reset = q_reset,
	.changes = q_changes,
	.load_begin = s_load_begin,
	.load = s_load,
	.load_done = s_load_done,
};
