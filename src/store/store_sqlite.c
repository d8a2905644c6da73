/*
 * The SQLite driver: one database file, WAL, synchronous=FULL so that a committed
 * write survives power loss. Each connection belongs to one thread at a time (the
 * pool hands them out). Writers are serialized by a process-wide lock taken before
 * BEGIN IMMEDIATE, so they queue in the program instead of busy-waiting in SQLite.
 * The operations themselves are engine-neutral (ops.c, ops_problem.c, tally.c).
 */
#include "store_int.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/err.h"
#include "../util/log.h"
#include "migrations.h"

struct sq_stmt {
	struct stmt base;
	struct sqlite_store *s;
	sqlite3_stmt *h; /**< NULL until prepared */
	int id;
};

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	struct sq_stmt st[ST__N];
};

extern const struct store_driver store_sqlite_driver;

/* One lock for the process: writers of every connection queue here. */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

static struct sqlite_store *S(struct store *st)
{
	return (struct sqlite_store *)st;
}

static struct sq_stmt *Q(struct stmt *q)
{
	return (struct sq_stmt *)q;
}

static int db_error(sqlite3 *db, const char *what)
{
	int code = sqlite3_extended_errcode(db);
	int prim = code & 0xff;
	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		return WB_ERR_BUSY;
	if (prim == SQLITE_CONSTRAINT &&
	    (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY))
		return WB_ERR_CONFLICT;
	wb_log(WB_LOG_ERR, "sqlite: %s: %s (%d)", what, sqlite3_errmsg(db), code);
	return WB_ERR_DB;
}

static int exec_sql(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		wb_log(WB_LOG_ERR, "sqlite: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return WB_ERR_DB;
	}
	return 0;
}

/* ---- the statement interface ---- */

static int prepare(struct sqlite_store *s, int id)
{
	char *sql = store_sql_text(id, ENGINE_SQLITE);
	struct sq_stmt *q = &s->st[id];
	int ok = sql && sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &q->h,
					   NULL) == SQLITE_OK;
	if (!ok)
		wb_log(WB_LOG_ERR, "sqlite: cannot prepare %s: %s", store_sql[id].name,
		       sqlite3_errmsg(s->db));
	free(sql);
	return ok ? 0 : WB_ERR_DB;
}

static struct stmt *q_get(struct store *st, int id)
{
	struct sqlite_store *s = S(st);
	struct sq_stmt *q = &s->st[id];
	if (q->h == NULL)
		prepare(s, id); /* a failure shows as an error at the first step */
	sqlite3_reset(q->h);
	sqlite3_clear_bindings(q->h);
	return &q->base;
}

static void q_null(struct stmt *q, int i)
{
	sqlite3_bind_null(Q(q)->h, i);
}

static void q_i64(struct stmt *q, int i, int64_t v)
{
	sqlite3_bind_int64(Q(q)->h, i, v);
}

static void q_text(struct stmt *q, int i, const char *v)
{
	sqlite3_bind_text(Q(q)->h, i, v, -1, SQLITE_TRANSIENT);
}

static int q_step(struct stmt *q)
{
	struct sq_stmt *x = Q(q);
	if (x->h == NULL)
		return WB_ERR_DB;
	int rc = sqlite3_step(x->h);
	if (rc == SQLITE_ROW)
		return 1;
	sqlite3_reset(x->h);
	return rc == SQLITE_DONE ? 0 : db_error(x->s->db, store_sql[x->id].name);
}

static int64_t q_col_i64(struct stmt *q, int i)
{
	return sqlite3_column_int64(Q(q)->h, i);
}

static const char *q_col_text(struct stmt *q, int i, size_t *len)
{
	const char *t = (const char *)sqlite3_column_text(Q(q)->h, i);
	if (t && len)
		*len = (size_t)sqlite3_column_bytes(Q(q)->h, i);
	return t;
}

static void q_reset(struct stmt *q)
{
	sqlite3_reset(Q(q)->h);
}

static int64_t q_changes(struct stmt *q)
{
	return sqlite3_changes(Q(q)->s->db);
}

static int64_t q_last_id(struct stmt *q)
{
	return sqlite3_last_insert_rowid(Q(q)->s->db);
}

/* ---- transactions ---- */

static void end_tx(struct sqlite_store *s)
{
	s->base.in_tx = 0;
	if (s->base.write_tx) {
		s->base.write_tx = 0;
		pthread_mutex_unlock(&write_lock);
	}
}

static int s_begin(struct store *st, int write)
{
	struct sqlite_store *s = S(st);
	if (s->base.in_tx)
		return WB_ERR_INTERNAL;
	if (write) {
		pthread_mutex_lock(&write_lock);
		s->base.write_tx = 1;
	}
	int rc = exec_done(q_get(st, write ? ST_BEGIN_WRITE : ST_BEGIN_READ));
	s->base.in_tx = 1;
	if (rc < 0)
		end_tx(s);
	return rc < 0 ? rc : 0;
}

static void s_rollback(struct store *st)
{
	struct sqlite_store *s = S(st);
	if (!s->base.in_tx)
		return;
	if (sqlite3_get_autocommit(s->db) == 0)
		exec_done(q_get(st, ST_ROLLBACK));
	end_tx(s);
}

static int s_commit(struct store *st)
{
	struct sqlite_store *s = S(st);
	if (!s->base.in_tx)
		return WB_ERR_INTERNAL;
	int rc = exec_done(q_get(st, ST_COMMIT));
	if (rc < 0) {
		s_rollback(st);
		return rc;
	}
	end_tx(s);
	return 0;
}

/* ---- open, migrate, close ---- */

static int current_version(sqlite3 *db)
{
	sqlite3_stmt *q;
	int v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			v = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
	}
	return v;
}

static int bump_schema_version(sqlite3 *db)
{
	sqlite3_stmt *q;
	int v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA schema_version", -1, &q, NULL) == SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			v = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
	}
	if (v < 0)
		return -1;
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA schema_version = %d", v + 1);
	return exec_sql(db, pragma);
}

static int migrate(sqlite3 *db)
{
	int rc = 0;
	pthread_mutex_lock(&write_lock);
	if (exec_sql(db, "BEGIN IMMEDIATE") < 0) {
		rc = WB_ERR_BUSY;
		goto out;
	}
	int have = current_version(db), applied = 0;
	for (const struct store_migration *m = sqlite_migrations; m->version; m++) {
		if (m->version <= have)
			continue;
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
		if (exec_sql(db, m->sql) < 0 || exec_sql(db, pragma) < 0) {
			wb_log(WB_LOG_ERR, "migration %s failed", m->name);
			exec_sql(db, "ROLLBACK");
			rc = WB_ERR_DB;
			goto out;
		}
		wb_log(WB_LOG_INFO, "applied migration %s", m->name);
		applied = 1;
	}
	/* A migration may widen a CHECK by editing the schema's text (11-surveys): a new
	 * schema version makes every connection read the schema again. */
	if (applied && bump_schema_version(db) < 0) {
		exec_sql(db, "ROLLBACK");
		rc = WB_ERR_DB;
		goto out;
	}
	rc = exec_sql(db, "COMMIT");
out:
	pthread_mutex_unlock(&write_lock);
	return rc;
}

static void s_close(struct store *st)
{
	struct sqlite_store *s = S(st);
	if (s == NULL)
		return;
	s_rollback(st);
	for (int i = 0; i < ST__N; i++)
		sqlite3_finalize(s->st[i].h);
	sqlite3_close(s->db);
	free(s);
}

static int s_open(const char *uri, struct store **out)
{
	struct sqlite_store *s = xcalloc(1, sizeof *s);
	s->base.drv = &store_sqlite_driver;
	for (int i = 0; i < ST__N; i++)
		s->st[i] = (struct sq_stmt){{&store_sqlite_driver}, s, NULL, i};
	const char *path = strncmp(uri, "sqlite:", 7) == 0 ? uri + 7 : uri;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	int is_new = access(path, F_OK) != 0;
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		wb_log(WB_LOG_ERR, "cannot open %s: %s", path, s->db ? sqlite3_errmsg(s->db) : "?");
		goto fail;
	}
	/* The file holds opinion givers' names and phones: readable by its owner only. The
	 * journal files SQLite makes beside it take the same mode. */
	if (is_new && chmod(path, 0600) != 0)
		wb_log(WB_LOG_WARN, "cannot restrict the mode of %s", path);
	sqlite3_busy_timeout(s->db, 10000);
	if (exec_sql(s->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
			    " PRAGMA foreign_keys = ON;") < 0)
		goto fail;
	if (migrate(s->db) < 0)
		goto fail;
	for (int i = 0; i < ST__N; i++)
		if (store_sql[i].sql && !(store_sql[i].flags & SQL_LAZY) && i < ST_DUMP &&
		    prepare(s, i) < 0)
			goto fail;
	*out = &s->base;
	return 0;
fail:
	s_close(&s->base);
	return WB_ERR_DB;
}

static int s_schema_version(struct store *st)
{
	return current_version(S(st)->db);
}

/* ---- copying between engines ---- */

static int s_load_begin(struct store *st)
{
	return exec_sql(S(st)->db, "PRAGMA defer_foreign_keys = ON");
}

static int s_load(struct store *st, int table, const char *const *vals)
{
	if (!st->write_tx)
		return WB_ERR_INTERNAL;
	struct stmt *q = q_get(st, ST_LOAD + table);
	for (int i = 0; i < store_tables[table].ncols; i++)
		bind_text(q, i + 1, vals[i]);
	return exec_done(q);
}

/* ---- online backup ---- */

/* "ok", or the first problem PRAGMA integrity_check finds in @p db. */
static int backup_check(sqlite3 *db, const char *path)
{
	sqlite3_stmt *q = NULL;
	int rc = WB_ERR_DB;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW) {
		const char *res = (const char *)sqlite3_column_text(q, 0);
		if (res && strcmp(res, "ok") == 0)
			rc = 0;
		else
			wb_log(WB_LOG_ERR, "the copy %s fails its integrity check: %s", path,
			       res ? res : "(no answer)");
	} else {
		wb_log(WB_LOG_ERR, "cannot check the copy %s: %s", path, sqlite3_errmsg(db));
	}
	sqlite3_finalize(q);
	return rc;
}

/*
 * SQLite's online backup copies every page in one step from one read snapshot (in WAL
 * mode writers go on meanwhile, so the copy never restarts) into the destination in one
 * write transaction; the destination's own journal makes that atomic, and it replays a
 * stale WAL of an old file at @p path before overwriting it.
 */
static int s_backup_to(struct store *st, const char *uri)
{
	struct sqlite_store *s = S(st);
	const char *path = strncmp(uri, "sqlite:", 7) == 0 ? uri + 7 : uri;
	sqlite3 *dst = NULL;
	int rc = WB_ERR_DB;
	int is_new = access(path, F_OK) != 0;
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		wb_log(WB_LOG_ERR, "cannot open %s: %s", path,
		       dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	/* The copy holds opinion givers' names and phones, as the database does. */
	if (is_new && chmod(path, 0600) != 0) {
		wb_log(WB_LOG_ERR, "cannot restrict the mode of %s", path);
		goto out;
	}
	sqlite3_busy_timeout(dst, 10000);
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", s->db, "main");
	if (b == NULL) {
		wb_log(WB_LOG_ERR, "cannot start a backup to %s: %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	int step;
	for (int tries = 0;; tries++) {
		step = sqlite3_backup_step(b, -1);
		if ((step != SQLITE_BUSY && step != SQLITE_LOCKED) || tries == 200)
			break;
		sqlite3_sleep(50);
	}
	int fin = sqlite3_backup_finish(b);
	if (step != SQLITE_DONE || fin != SQLITE_OK) {
		wb_log(WB_LOG_ERR, "the backup to %s failed: %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	rc = backup_check(dst, path);
out:
	sqlite3_close(dst);
	return rc;
}

const struct store_driver store_sqlite_driver = {
	.name = "sqlite",
	.engine = ENGINE_SQLITE,
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
	.last_id = q_last_id,
	.load_begin = s_load_begin,
	.load = s_load, /* an INTEGER PRIMARY KEY goes on from the largest id by itself */
	.backup_to = s_backup_to,
};
