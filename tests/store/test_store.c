/*
 * The store through store.h on a temporary SQLite file, or on a fresh PostgreSQL database
 * when WUBIAO_TEST_PG names a test server (tests/run.sh runs the suite both ways): schema and
 * migrations, the transaction helper, the audit chain and its append-only triggers, scope applied
 * inside the queries (with a small district built through the services), keyset pagination, the
 * calendar, the current campaign, unique constraints and the connection pool.
 *
 * Every test gets its own directory and database (setup/teardown); nothing is shared.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../src/core/audit.h"
#include "../../src/core/date.h"
#include "../../src/core/enums.h"
#include "../../src/store/migrations.h"
#include "../../src/store/store.h"
#include "../pg/pg_fixture.h"
#include "../../src/svc/svc.h"
#include "../../src/util/err.h"
#include "../../src/util/log.h"

/* A Monday, inside the survey phase of the fixture campaign. */
#define NOW_TEXT "2026-03-02T09:00:00+08:00"

struct fx {
	char dir[64];
	char db[256];
	int pg; /**< the database is on PostgreSQL */
	struct store *st;
	struct arena a;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/wbstore.XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->db, sizeof f->db, "%s/wubiao.db", f->dir);
	f->pg = tpg_enabled();
	if ((f->pg && tpg_new_db(f->db, sizeof f->db) < 0) || store_open(f->db, &f->st) < 0) {
		rmdir(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static void rm_db(const char *db)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[300];
	for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
		snprintf(p, sizeof p, "%s%s", db, suffix[i]);
		unlink(p);
	}
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	if (f == NULL)
		return 0;
	store_close(f->st);
	arena_release(&f->a);
	if (!f->pg)
		rm_db(f->db);
	rmdir(f->dir);
	free(f);
	return 0;
}

static int64_t now_ts(void)
{
	int64_t t = 0;
	assert_int_equal(wb_time_parse(NOW_TEXT, &t), 0);
	return t;
}

static wb_date D(const char *s)
{
	wb_date d = 0;
	assert_int_equal(wb_date_parse(s, &d), 0);
	return d;
}

/* ---- small store helpers ---- */

static int count_event_cb(void *arg, const struct wb_event *e)
{
	(void)e;
	(*(int *)arg)++;
	return 0;
}

static int count_unit_cb(void *arg, const struct wb_unit *u)
{
	(void)u;
	(*(int *)arg)++;
	return 0;
}

static int count_events(struct store *st)
{
	int n = 0;
	int rc = store_event_iter(st, count_event_cb, &n);
	assert_true(rc >= 0);
	assert_int_equal(rc, n);
	return n;
}

static int count_units(struct store *st)
{
	struct store_unit_filter uf = {.kind = -1, .limit = 100000};
	int n = 0;
	int rc = store_unit_list(st, &uf, count_unit_cb, &n);
	assert_true(rc >= 0);
	return n;
}

/*
 * A raw connection to the same database, for what store.h cannot do (allowed in tests):
 * the SQLite file, or the PostgreSQL database through libpq (pg_fixture.c).
 */
struct raw {
	sqlite3 *h;
	const char *uri; /**< PostgreSQL: each statement connects on its own */
};

static struct raw raw_open(const struct fx *f)
{
	struct raw r = {0};
	if (f->pg) {
		r.uri = f->db;
		return r;
	}
	assert_int_equal(sqlite3_open_v2(f->db, &r.h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(r.h, 5000);
	return r;
}

static void raw_close(struct raw *r)
{
	if (r->h)
		sqlite3_close(r->h);
	r->h = NULL;
}

static int64_t raw_int(struct raw *r, const char *sql)
{
	if (r->uri) {
		long long v = 0;
		char *msg = NULL;
		if (tpg_exec(r->uri, sql, &v, &msg) < 0)
			fail_msg("%s: %s", sql, msg ? msg : "?");
		return v;
	}
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(r->h, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* Run @p sql; @return 0, or -1 with the engine's message in @p msg (free it). */
static int raw_exec(struct raw *r, const char *sql, char **msg)
{
	*msg = NULL;
	if (r->uri)
		return tpg_exec(r->uri, sql, NULL, msg);
	char *m = NULL;
	int rc = sqlite3_exec(r->h, sql, NULL, NULL, &m);
	if (m) {
		*msg = strdup(m);
		sqlite3_free(m);
	}
	return rc == SQLITE_OK ? 0 : -1;
}

/* The schema version as the engine records it, read past the driver. */
static int64_t raw_version(struct raw *r)
{
	return raw_int(r, r->uri ? "SELECT MAX(version) FROM schema_migrations"
				 : "PRAGMA user_version");
}

/* Tables, indexes, triggers and the like in the schema. */
static int64_t raw_objects(struct raw *r)
{
	return raw_int(r, r->uri ? "SELECT (SELECT COUNT(*) FROM pg_class WHERE relnamespace ="
				   " 'public'::regnamespace) + (SELECT COUNT(*) FROM pg_trigger"
				   " WHERE NOT tgisinternal)"
				 : "SELECT COUNT(*) FROM sqlite_master");
}

static int latest_version(void)
{
	int v = 0;
	for (const struct store_migration *m = tpg_enabled() ? pg_migrations : sqlite_migrations;
	     m->version; m++)
		if (m->version > v)
			v = m->version;
	return v;
}

/* ================= open, schema, migrations ================= */

static void test_open_creates_schema(void **state)
{
	struct fx *f = *state;
	struct store *st = f->st;
	int latest = latest_version();
	assert_true(latest >= 1);

	/* Independently of the embedded array: the highest NNNN-*.sql in the source tree. */
	DIR *d = opendir(f->pg ? "src/store/sql/pg" : "src/store/sql/sqlite");
	if (d) {
		int files_max = 0;
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			int v;
			size_t n = strlen(e->d_name);
			if (n > 4 && strcmp(e->d_name + n - 4, ".sql") == 0 &&
			    sscanf(e->d_name, "%d-", &v) == 1 && v > files_max)
				files_max = v;
		}
		closedir(d);
		assert_int_equal(latest, files_max);
	}

	assert_int_equal(store_schema_version(st), latest);
	assert_int_equal(store_ping(st), 1);
	assert_false(store_in_tx(st));

	struct raw h = raw_open(f);
	assert_int_equal(raw_version(&h), latest);
	static const char *const tables[] = {"settings", "calendar",  "units",       "users",
					     "sessions", "campaigns", "phases",      "problems",
					     "opinions", "progress",  "evaluations", "bulletins",
					     "events"};
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
		char sql[200];
		snprintf(
			sql, sizeof sql,
			f->pg ? "SELECT COUNT(*) FROM information_schema.tables WHERE"
				" table_schema = 'public' AND table_name = '%s'"
			      : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'",
			tables[i]);
		if (raw_int(&h, sql) != 1)
			fail_msg("table %s is missing", tables[i]);
	}
	assert_int_equal(
		raw_int(&h, f->pg ? "SELECT COUNT(*) FROM pg_trigger WHERE tgname IN"
				    " ('events_no_update', 'events_no_delete')"
				  : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"
				    " AND name IN ('events_no_update', 'events_no_delete')"),
		2);
	if (!f->pg) {
		sqlite3_stmt *q;
		assert_int_equal(sqlite3_prepare_v2(h.h, "PRAGMA journal_mode", -1, &q, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
		sqlite3_finalize(q);
	}
	raw_close(&h);

	/* The address picks the driver: a path is SQLite, a postgres URI PostgreSQL. */
	assert_string_equal(store_driver_name("/tmp/x.db"), "sqlite");
	assert_string_equal(store_driver_name("postgres://localhost/wubiao"), "pg");
	assert_string_equal(store_driver_name("postgresql://localhost/wubiao"), "pg");
	assert_string_equal(store_engine_name(st), f->pg ? "pg" : "sqlite");
	assert_null(store_driver_name(""));
	/* Nobody listens on port 1: the open fails instead of hanging or crashing. */
	struct store *none = NULL;
	assert_true(store_open("postgresql://wubiao@127.0.0.1:1/none?connect_timeout=2", &none) <
		    0);
	assert_null(none);
}

struct unit_arg {
	struct wb_unit u;
	int64_t id;
};

static int insert_unit_tx(struct store *st, void *arg)
{
	struct unit_arg *ua = arg;
	return store_unit_insert(st, &ua->u, &ua->id);
}

static int put_setting_tx(struct store *st, void *arg)
{
	(void)arg;
	return store_setting_put(st, "due_workdays.urgent", "3");
}

static void test_reopen_idempotent(void **state)
{
	struct fx *f = *state;
	int latest = latest_version();
	struct unit_arg ua = {.u = {.name = "区纠风办", .kind = UK_OFFICE, .code = "OFFICE"}};
	assert_true(store_tx(f->st, 1, insert_unit_tx, &ua) >= 0);
	assert_true(ua.id > 0);
	assert_true(store_tx(f->st, 1, put_setting_tx, NULL) >= 0);

	struct raw h = raw_open(f);
	int64_t objects = raw_objects(&h);
	raw_close(&h);

	/* A second connection while the first is open, then reopen after closing both. */
	struct store *second = NULL;
	assert_int_equal(store_open(f->db, &second), 0);
	assert_int_equal(store_schema_version(second), latest);
	store_close(second);
	store_close(f->st);
	f->st = NULL;
	for (int round = 0; round < 2; round++) {
		assert_int_equal(store_open(f->db, &f->st), 0);
		struct store *st = f->st;
		assert_int_equal(store_schema_version(st), latest);
		struct wb_unit u;
		assert_int_equal(store_unit_get(st, ua.id, &f->a, &u), 1);
		assert_string_equal(u.name, "区纠风办");
		assert_string_equal(u.code, "OFFICE");
		assert_int_equal(u.kind, UK_OFFICE);
		assert_int_equal(count_units(st), 1);
		struct wb_settings cfg;
		assert_true(store_settings_load(st, &cfg) >= 0);
		assert_int_equal(cfg.due_workdays[SEV_URGENT], 3);
		assert_int_equal(cfg.due_workdays[SEV_NORMAL], 10);
		if (round == 0) {
			store_close(st);
			f->st = NULL;
		}
	}
	h = raw_open(f);
	assert_int_equal(raw_objects(&h), objects);
	assert_int_equal(raw_version(&h), latest);
	raw_close(&h);
}

/* ================= store_tx ================= */

struct fail_arg {
	int64_t unit_id;
	int calls;
	int append_rc;
};

static int insert_then_fail_tx(struct store *st, void *arg)
{
	struct fail_arg *fa = arg;
	fa->calls++;
	struct wb_unit u = {.name = "临时单位", .kind = UK_OFFICE, .code = "TMP"};
	int rc = store_unit_insert(st, &u, &fa->unit_id);
	assert_true(rc > 0);
	struct wb_event ev = {.at = 1,
			      .kind = "unit.create",
			      .subject_type = "unit",
			      .subject_id = fa->unit_id,
			      .data = "{}"};
	fa->append_rc = store_event_append(st, &ev);
	assert_true(store_in_tx(st));
	return WB_ERR_INVALID; /* fails midway, after both writes */
}

static int busy_tx(struct store *st, void *arg)
{
	(void)st;
	(*(int *)arg)++;
	return WB_ERR_BUSY;
}

static void test_tx_rollback(void **state)
{
	struct fx *f = *state;
	struct store *st = f->st;
	struct fail_arg fa = {0};
	assert_int_equal(store_tx(st, 1, insert_then_fail_tx, &fa), WB_ERR_INVALID);
	assert_int_equal(fa.calls, 1); /* an ordinary error is not retried */
	assert_true(fa.unit_id > 0);
	assert_true(fa.append_rc >= 0);
	assert_false(store_in_tx(st));
	struct wb_unit u;
	assert_int_equal(store_unit_get(st, fa.unit_id, &f->a, &u), 0);
	assert_int_equal(count_units(st), 0);
	assert_int_equal(store_unit_code_taken(st, "TMP", 0), 0);
	assert_int_equal(count_events(st), 0);

	/* The same writes committed when the callback succeeds. */
	struct unit_arg ua = {.u = {.name = "区纠风办", .kind = UK_OFFICE, .code = "TMP"}};
	assert_true(store_tx(st, 1, insert_unit_tx, &ua) >= 0);
	assert_int_equal(store_unit_get(st, ua.id, &f->a, &u), 1);

	/* Busy is retried a few times, then given back. */
	int calls = 0;
	assert_int_equal(store_tx(st, 1, busy_tx, &calls), WB_ERR_BUSY);
	assert_true(calls > 1);
	assert_false(store_in_tx(st));
	/* The write lock was released each time: another write goes through. */
	struct unit_arg ub = {.u = {.name = "另一个", .kind = UK_OFFICE}};
	assert_true(store_tx(st, 1, insert_unit_tx, &ub) >= 0);
	assert_int_equal(count_units(st), 2);
}

/* ================= the audit log ================= */

struct ev_copy {
	int64_t id, subject_id;
	char kind[32], data[64];
	char prev[65], hash[65];
};

struct ev_list {
	struct ev_copy v[16];
	int n;
};

static int copy_event(void *arg, const struct wb_event *e)
{
	struct ev_list *l = arg;
	assert_true(l->n < 16);
	assert_true(wb_audit_check(e));
	struct ev_copy *c = &l->v[l->n++];
	c->id = e->id;
	c->subject_id = e->subject_id;
	snprintf(c->kind, sizeof c->kind, "%s", e->kind ? e->kind : "");
	snprintf(c->data, sizeof c->data, "%s", e->data ? e->data : "");
	memcpy(c->prev, e->prev_hash, 65);
	memcpy(c->hash, e->hash, 65);
	return 0;
}

static int is_hex64(const char *s)
{
	if (strlen(s) != 64)
		return 0;
	for (int i = 0; i < 64; i++)
		if (!strchr("0123456789abcdef", s[i]))
			return 0;
	return 1;
}

struct append_arg {
	int n;
	int64_t first_subject;
	struct wb_event ev[4];
};

static int append_tx(struct store *st, void *arg)
{
	struct append_arg *aa = arg;
	for (int i = 0; i < aa->n; i++) {
		struct wb_event *e = &aa->ev[i];
		memset(e, 0, sizeof *e);
		e->at = 1772413200 + i;
		e->actor_user_id = 1;
		e->kind = "unit.update";
		e->subject_type = "unit";
		e->subject_id = aa->first_subject + i;
		e->from_status = i % 2 ? "a" : NULL;
		e->to_status = i % 2 ? "b" : NULL;
		e->data = "{\"k\":1}";
		int rc = store_event_append(st, e);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static void test_event_chain(void **state)
{
	struct fx *f = *state;
	struct store *st = f->st;
	struct wb_event ev = {.at = 1, .kind = "x", .subject_type = "unit", .subject_id = 1};

	/* Outside any transaction, and inside a read transaction: refused. */
	assert_true(store_event_append(st, &ev) < 0);
	assert_int_equal(store_begin(st, 0), 0);
	assert_true(store_event_append(st, &ev) < 0);
	store_rollback(st);
	assert_int_equal(count_events(st), 0);

	struct append_arg a1 = {.n = 3, .first_subject = 10};
	assert_true(store_tx(st, 1, append_tx, &a1) >= 0);
	assert_int_equal(a1.ev[0].id, 1);
	assert_int_equal(a1.ev[1].id, 2);
	assert_int_equal(a1.ev[2].id, 3);
	assert_string_equal(a1.ev[0].prev_hash, wb_audit_genesis);
	assert_string_equal(a1.ev[0].prev_hash,
			    "0000000000000000000000000000000000000000000000000000000000000000");
	assert_string_equal(a1.ev[1].prev_hash, a1.ev[0].hash);
	assert_string_equal(a1.ev[2].prev_hash, a1.ev[1].hash);

	/* A rolled-back append takes no id: the chain goes on from the last committed event. */
	assert_int_equal(store_begin(st, 1), 0);
	struct wb_event lost = {.at = 2, .kind = "lost", .subject_type = "unit", .subject_id = 99};
	assert_true(store_event_append(st, &lost) >= 0);
	store_rollback(st);

	struct append_arg a2 = {.n = 2, .first_subject = 20};
	assert_true(store_tx(st, 1, append_tx, &a2) >= 0);
	assert_int_equal(a2.ev[0].id, 4);
	assert_int_equal(a2.ev[1].id, 5);
	assert_string_equal(a2.ev[0].prev_hash, a1.ev[2].hash);

	struct ev_list l = {0};
	assert_int_equal(store_event_iter(st, copy_event, &l), 5);
	assert_int_equal(l.n, 5);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(l.v[i].id, i + 1);
		assert_true(is_hex64(l.v[i].hash));
		assert_string_equal(l.v[i].prev, i ? l.v[i - 1].hash : wb_audit_genesis);
		assert_string_equal(l.v[i].kind, "unit.update");
		assert_string_equal(l.v[i].data, "{\"k\":1}");
	}
	assert_int_equal(l.v[3].subject_id, 20);
	assert_string_equal(l.v[2].hash, a1.ev[2].hash);

	struct ev_list one = {0};
	assert_int_equal(store_event_list(st, "unit", 11, copy_event, &one), 1);
	assert_int_equal(one.v[0].id, 2);

	/* The triggers refuse UPDATE and DELETE, even through a raw connection. */
	struct raw h = raw_open(f);
	static const char *const tamper[] = {"UPDATE events SET data = '{}' WHERE id = 2",
					     "DELETE FROM events WHERE id = 5",
					     "DELETE FROM events", "TRUNCATE events"};
	for (size_t i = 0; i < sizeof tamper / sizeof *tamper; i++) {
		if (i == 3 && !f->pg)
			break; /* SQLite has no TRUNCATE */
		char *msg = NULL;
		assert_int_equal(raw_exec(&h, tamper[i], &msg), -1);
		assert_non_null(msg);
		if (strstr(msg, "append-only") == NULL)
			fail_msg("%s: refused for another reason: %s", tamper[i], msg);
		free(msg);
	}
	assert_int_equal(raw_int(&h, "SELECT COUNT(*) FROM events"), 5);
	raw_close(&h);

	struct ev_list after = {0};
	assert_int_equal(store_event_iter(st, copy_event, &after), 5);
	for (int i = 0; i < 5; i++)
		assert_string_equal(after.v[i].hash, l.v[i].hash);
}

/* ================= scope inside the queries ================= */

#define MAXO 16
#define MAXP 16

/* The test's own model of the district, from which expectations are computed. */
struct district {
	struct svc_ctx c; /* the district office */
	int64_t office, sa, sb, pa1, pa2, pb1, da1, da2, db1;
	int64_t campaign;
	struct {
		int64_t id, point, target, problem;
		const char *name, *phone;
	} o[MAXO];
	int no;
	struct {
		int64_t id, target, unit;
		enum wb_pstatus status;
	} p[MAXP];
	int np;
};

static void reset_errs(struct svc_ctx *c)
{
	memset(&c->errs, 0, sizeof c->errs);
}

static void svc_ok(struct svc_ctx *c, int rc, const char *what)
{
	if (rc < 0)
		fail_msg("%s: %s (%s%s%s)", what, wb_err_name(rc),
			 c->errs.detail ? c->errs.detail : "", c->errs.n ? " " : "",
			 c->errs.n ? c->errs.v[0].field : "");
	reset_errs(c);
}

static int64_t mk_unit(struct district *d, const char *name, enum wb_unit_kind kind, int64_t parent,
		       int64_t station)
{
	struct wb_unit u = {.name = name, .kind = kind, .parent_id = parent, .station_id = station};
	int64_t id = 0;
	svc_ok(&d->c, svc_unit_create(&d->c, &u, &id), name);
	return id;
}

static int64_t station_of(struct district *d, int64_t unit)
{
	if (unit == d->da1 || unit == d->da2)
		return d->sa;
	if (unit == d->db1)
		return d->sb;
	return 0;
}

static int64_t parent_of(struct district *d, int64_t unit)
{
	if (unit == d->pa1 || unit == d->pa2)
		return d->sa;
	if (unit == d->pb1)
		return d->sb;
	if (unit == d->sa || unit == d->sb)
		return d->office;
	return 0;
}

static int64_t mk_opinion(struct district *d, int64_t point, int64_t target)
{
	int i = d->no++;
	assert_true(i < MAXO);
	static const char *const names[] = {"张三", "李四", "王五", "赵六"};
	const char *name = names[i % 4];
	const char *phone = arena_printf(d->c.a, "1380000%04d", i);
	struct wb_opinion in = {
		.campaign_id = d->campaign,
		.point_id = point,
		.target_unit_id = target,
		.dimension = i % 2 ? DIM_EFFICIENCY : DIM_CONDUCT,
		.source = SRC_ENTERPRISE,
		.channel = CH_FORUM,
		.content = arena_printf(d->c.a, "意见 %d：办事拖拉", i),
		.submitter_name = name,
		.submitter_phone = phone,
	};
	int64_t id = 0;
	if (point < 0) { /* the public, online */
		const char *receipt = NULL;
		svc_ok(&d->c, svc_public_opinion(&d->c, &in, &receipt), "public opinion");
		struct wb_opinion o;
		assert_int_equal(store_opinion_by_receipt(d->c.st, receipt, d->c.a, &o), 1);
		id = o.id;
		point = 0;
	} else {
		svc_ok(&d->c, svc_opinion_create(&d->c, &in, point != 0, &id, NULL), "opinion");
	}
	d->o[i].id = id;
	d->o[i].point = point;
	d->o[i].target = target;
	d->o[i].name = name;
	d->o[i].phone = phone;
	return id;
}

static int mk_problem(struct district *d, int64_t target, const int *oidx, int n)
{
	int i = d->np++;
	assert_true(i < MAXP);
	int64_t ids[8];
	for (int k = 0; k < n; k++)
		ids[k] = d->o[oidx[k]].id;
	struct wb_problem in = {
		.campaign_id = d->campaign,
		.target_unit_id = target,
		.dimension = DIM_CONDUCT,
		.title = arena_printf(d->c.a, "问题 %d", i),
		.summary = "群众反映",
		.severity = SEV_NORMAL,
	};
	int64_t id = 0;
	svc_ok(&d->c, svc_problem_create(&d->c, &in, ids, n, &id), "problem");
	for (int k = 0; k < n; k++)
		d->o[oidx[k]].problem = id;
	d->p[i].id = id;
	d->p[i].target = target;
	d->p[i].unit = 0;
	d->p[i].status = PS_OPEN;
	return i;
}

static void act(struct district *d, int pi, enum wb_action action, const struct svc_stage *in)
{
	svc_ok(&d->c, svc_problem_act(&d->c, d->p[pi].id, action, in, NULL), "stage action");
}

static void dispatch(struct district *d, int pi, int64_t unit)
{
	struct svc_stage in = {.unit_id = unit, .has_unit_id = 1};
	act(d, pi, ACT_DISPATCH, &in);
	d->p[pi].unit = unit;
	d->p[pi].status = PS_DISPATCHED;
}

static void give_back(struct district *d, int pi)
{
	struct svc_stage in = {.reason = "不属于本单位职责"};
	act(d, pi, ACT_RETURN, &in);
	d->p[pi].status = PS_RETURNED;
}

static int can_see_problem(struct store *st, const struct wb_actor *who, int64_t id,
			   struct arena *a)
{
	struct wb_problem p;
	int rc = store_problem_get(st, who, id, a, &p);
	assert_true(rc >= 0);
	if (rc)
		assert_int_equal(p.id, id);
	return rc;
}

static void build_district(struct district *d, struct store *st, struct arena *a)
{
	memset(d, 0, sizeof *d);
	assert_int_equal(svc_ctx_init(&d->c, st, a, now_ts()), 0);
	d->c.who = (struct wb_actor){.role = ROLE_ADMIN};

	d->office = mk_unit(d, "区纠风办", UK_OFFICE, 0, 0);
	d->sa = mk_unit(d, "教育系统监测站", UK_STATION, d->office, 0);
	d->sb = mk_unit(d, "城建系统监测站", UK_STATION, d->office, 0);
	d->pa1 = mk_unit(d, "一中监测点", UK_POINT, d->sa, 0);
	d->pa2 = mk_unit(d, "二中监测点", UK_POINT, d->sa, 0);
	d->pb1 = mk_unit(d, "东街社区监测点", UK_POINT, d->sb, 0);
	d->da1 = mk_unit(d, "区教育局", UK_DEPARTMENT, d->office, d->sa);
	d->da2 = mk_unit(d, "区体育局", UK_DEPARTMENT, d->office, d->sa);
	d->db1 = mk_unit(d, "区住建局", UK_DEPARTMENT, d->office, d->sb);

	struct wb_campaign camp = {
		.name = "2026年作风整改",
		.year = 2026,
		.nphases = 3,
		.phases = {{PHASE_SURVEY, D("2026-02-20"), D("2026-03-31")},
			   {PHASE_RECTIFY, D("2026-03-15"), D("2026-05-31")},
			   {PHASE_EVALUATE, D("2026-05-15"), D("2026-05-31")}},
	};
	svc_ok(&d->c, svc_campaign_create(&d->c, &camp, &d->campaign), "campaign");

	/* Opinions: index in the model → where from, about whom. */
	mk_opinion(d, d->pa1, d->da1); /* 0: A's point about A's department */
	mk_opinion(d, d->pa1, d->da1); /* 1 */
	mk_opinion(d, d->pa1, d->db1); /* 2: A's point about B's department */
	mk_opinion(d, d->pa2, d->da2); /* 3 */
	mk_opinion(d, d->pa2, d->db1); /* 4: A's other point about B's department */
	mk_opinion(d, d->pb1, d->db1); /* 5: B's point */
	mk_opinion(d, d->pb1, d->db1); /* 6 */
	mk_opinion(d, d->sa, d->da1);  /* 7: station A's own */
	mk_opinion(d, -1, d->da1);     /* 8: the public, about A's department */
	mk_opinion(d, -1, d->db1);     /* 9: the public, about B's department */
	mk_opinion(d, 0, d->da2);      /* 10: the office, no point */
	mk_opinion(d, d->pb1, d->db1); /* 11: B's point, left unmerged */

	struct wb_actor unit_a1 = {.user_id = 0, .role = ROLE_UNIT, .unit_id = d->da1};

	int p0 = mk_problem(d, d->da1, (int[]){0}, 1);
	dispatch(d, p0, d->da1);
	act(d, p0, ACT_ACKNOWLEDGE, &(struct svc_stage){0}); /* on the unit's behalf */
	d->p[p0].status = PS_ACKNOWLEDGED;

	mk_problem(d, d->db1, (int[]){2, 5}, 2); /* 1: open, about B, with A's point's opinion */
	mk_problem(d, d->da1, (int[]){1, 7}, 2); /* 2: open, about A's department */

	int p3 = mk_problem(d, d->da1, (int[]){8}, 1);
	assert_int_equal(can_see_problem(st, &unit_a1, d->p[p3].id, a), 0); /* open */
	dispatch(d, p3, d->da1);
	assert_int_equal(can_see_problem(st, &unit_a1, d->p[p3].id, a), 1); /* dispatched to it */
	give_back(d, p3);
	assert_int_equal(can_see_problem(st, &unit_a1, d->p[p3].id, a), 0); /* returned */

	int p4 = mk_problem(d, d->db1, (int[]){4}, 1); /* about B, dispatched to A's department */
	dispatch(d, p4, d->da2);

	int p5 = mk_problem(d, d->da2, (int[]){3}, 1); /* returned, then sent to da1 */
	dispatch(d, p5, d->da2);
	give_back(d, p5);
	dispatch(d, p5, d->da1);

	int p6 = mk_problem(d, d->db1, (int[]){6}, 1);
	dispatch(d, p6, d->db1);
	(void)p6;

	/* The model's statuses are what the store holds. */
	for (int i = 0; i < d->np; i++) {
		struct wb_problem p;
		assert_int_equal(store_problem_get(st, NULL, d->p[i].id, a, &p), 1);
		assert_int_equal(p.status, d->p[i].status);
		assert_int_equal(p.unit_id, d->p[i].unit);
	}
}

static int expect_opinion(struct district *d, const struct wb_actor *who, int i)
{
	switch (who->role) {
	case ROLE_ADMIN:
	case ROLE_LEADER:
		return 1;
	case ROLE_STATION:
		return d->o[i].point == who->unit_id ||
		       (d->o[i].point && parent_of(d, d->o[i].point) == who->unit_id) ||
		       station_of(d, d->o[i].target) == who->unit_id;
	case ROLE_POINT:
		return d->o[i].point == who->unit_id;
	default:
		return 0;
	}
}

static int expect_problem(struct district *d, const struct wb_actor *who, int i)
{
	switch (who->role) {
	case ROLE_ADMIN:
	case ROLE_LEADER:
		return 1;
	case ROLE_STATION:
		return station_of(d, d->p[i].target) == who->unit_id ||
		       (d->p[i].unit && station_of(d, d->p[i].unit) == who->unit_id);
	case ROLE_POINT:
		for (int k = 0; k < d->no; k++)
			if (d->o[k].problem == d->p[i].id && d->o[k].point == who->unit_id)
				return 1;
		return 0;
	case ROLE_UNIT:
		return d->p[i].unit == who->unit_id && d->p[i].status != PS_OPEN &&
		       d->p[i].status != PS_RETURNED;
	default:
		return 0;
	}
}

struct idset {
	int64_t v[256];
	int n;
	int sees_private; /* the caller may see submitters: expect them non-NULL */
	int bad_privacy;
	struct district *d;
};

static int opinion_row(void *arg, const struct wb_opinion *o)
{
	struct idset *s = arg;
	assert_true(s->n < 256);
	s->v[s->n++] = o->id;
	/* the receipt is the giver's: no staff read returns it, whatever the role */
	if (o->receipt)
		s->bad_privacy++;
	if (s->sees_private) {
		if (!o->submitter_name || !o->submitter_phone)
			s->bad_privacy++;
	} else if (o->submitter_name || o->submitter_phone) {
		s->bad_privacy++;
	}
	return 0;
}

static int problem_row(void *arg, const struct wb_problem *p)
{
	struct idset *s = arg;
	assert_true(s->n < 256);
	s->v[s->n++] = p->id;
	return 0;
}

static void assert_same_ids(const char *what, const char *who, const struct idset *got,
			    const int64_t *want, int nwant)
{
	/* Newest first, no duplicates. */
	for (int i = 1; i < got->n; i++)
		if (got->v[i] >= got->v[i - 1])
			fail_msg("%s for %s: not newest first at position %d", what, who, i);
	int ok = got->n == nwant;
	for (int i = 0; ok && i < nwant; i++) {
		int found = 0;
		for (int k = 0; k < got->n; k++)
			found |= got->v[k] == want[i];
		ok = found;
	}
	if (!ok) {
		char g[512] = "", w[512] = "";
		for (int i = 0; i < got->n; i++)
			snprintf(g + strlen(g), sizeof g - strlen(g), " %lld",
				 (long long)got->v[i]);
		for (int i = 0; i < nwant; i++)
			snprintf(w + strlen(w), sizeof w - strlen(w), " %lld", (long long)want[i]);
		fail_msg("%s for %s: got [%s ] want [%s ]", what, who, g, w);
	}
}

static void test_scope(void **state)
{
	struct fx *f = *state;
	struct store *st = f->st;
	struct district *d = calloc(1, sizeof *d);
	assert_non_null(d);
	build_district(d, st, &f->a);

	const struct {
		const char *name;
		struct wb_actor who;
	} actors[] = {
		{"admin", {.user_id = 1, .role = ROLE_ADMIN, .unit_id = d->office}},
		{"leader", {.user_id = 2, .role = ROLE_LEADER}},
		{"station A", {.user_id = 3, .role = ROLE_STATION, .unit_id = d->sa}},
		{"station B", {.user_id = 4, .role = ROLE_STATION, .unit_id = d->sb}},
		{"point A1", {.user_id = 5, .role = ROLE_POINT, .unit_id = d->pa1}},
		{"point A2", {.user_id = 6, .role = ROLE_POINT, .unit_id = d->pa2}},
		{"point B1", {.user_id = 7, .role = ROLE_POINT, .unit_id = d->pb1}},
		{"unit of A's department", {.user_id = 8, .role = ROLE_UNIT, .unit_id = d->da1}},
		{"unit of A's other department",
		 {.user_id = 9, .role = ROLE_UNIT, .unit_id = d->da2}},
		{"unit of B's department", {.user_id = 10, .role = ROLE_UNIT, .unit_id = d->db1}},
	};

	for (size_t k = 0; k < sizeof actors / sizeof *actors; k++) {
		const struct wb_actor *who = &actors[k].who;
		int priv = who->role == ROLE_ADMIN || who->role == ROLE_STATION ||
			   who->role == ROLE_POINT;
		int64_t want[MAXO + MAXP];
		int nwant = 0;

		/* Opinions: the list and each single read. */
		for (int i = 0; i < d->no; i++)
			if (expect_opinion(d, who, i))
				want[nwant++] = d->o[i].id;
		struct store_opinion_filter of = {
			.status = -1, .dimension = -1, .source = -1, .channel = -1, .limit = 500};
		struct idset got = {.sees_private = priv, .d = d};
		int rc = store_opinion_list(st, who, &of, opinion_row, &got);
		assert_int_equal(rc, got.n);
		assert_same_ids("opinion_list", actors[k].name, &got, want, nwant);
		if (got.bad_privacy)
			fail_msg("opinion_list for %s: submitter fields %s", actors[k].name,
				 priv ? "missing" : "leaked");
		for (int i = 0; i < d->no; i++) {
			struct wb_opinion o;
			memset(&o, 0, sizeof o);
			rc = store_opinion_get(st, who, d->o[i].id, &f->a, &o);
			if (rc != expect_opinion(d, who, i))
				fail_msg("opinion_get(%lld) for %s: %d", (long long)d->o[i].id,
					 actors[k].name, rc);
			if (rc != 1)
				continue;
			assert_int_equal(o.id, d->o[i].id);
			assert_int_equal(o.point_id, d->o[i].point);
			assert_int_equal(o.target_unit_id, d->o[i].target);
			if (priv) {
				assert_non_null(o.submitter_name);
				assert_string_equal(o.submitter_name, d->o[i].name);
				assert_non_null(o.submitter_phone);
				assert_string_equal(o.submitter_phone, d->o[i].phone);
			} else {
				if (o.submitter_name || o.submitter_phone)
					fail_msg("opinion_get for %s leaks the submitter",
						 actors[k].name);
			}
			if (o.receipt)
				fail_msg("opinion_get for %s shows the receipt", actors[k].name);
		}

		/* Problems. */
		nwant = 0;
		for (int i = 0; i < d->np; i++)
			if (expect_problem(d, who, i))
				want[nwant++] = d->p[i].id;
		struct store_problem_filter pf = {.awaiting_evaluation = -1,
						  .dimension = -1,
						  .severity = -1,
						  .flagged = -1,
						  .overdue = -1,
						  .ext_pending = -1,
						  .today = WB_NO_DATE,
						  .due_until = WB_NO_DATE,
						  .limit = 500};
		struct idset pgot = {0};
		rc = store_problem_list(st, who, &pf, problem_row, &pgot);
		assert_int_equal(rc, pgot.n);
		assert_same_ids("problem_list", actors[k].name, &pgot, want, nwant);
		for (int i = 0; i < d->np; i++) {
			rc = can_see_problem(st, who, d->p[i].id, &f->a);
			if (rc != expect_problem(d, who, i))
				fail_msg("problem_get(%lld) for %s: %d", (long long)d->p[i].id,
					 actors[k].name, rc);
		}

		/* The home page's counts add up the same scope. */
		struct store_summary sum, want_sum;
		memset(&want_sum, 0, sizeof want_sum);
		int reads = who->role != ROLE_UNIT;
		for (int i = 0; reads && i < d->no; i++)
			if (expect_opinion(d, who, i))
				want_sum.opinions[d->o[i].problem ? OS_MERGED : OS_RECEIVED]++;
		for (int i = 0; i < d->np; i++) {
			if (!expect_problem(d, who, i))
				continue;
			want_sum.problems[d->p[i].status]++;
			for (int j = 0; j < d->no; j++)
				want_sum.problem_opinions += d->o[j].problem == d->p[i].id;
		}
		assert_int_equal(
			store_summary(st, who, d->campaign, D("2026-03-02"), D("2026-03-05"), &sum),
			1);
		for (int i = 0; i < OS__N; i++)
			if (sum.opinions[i] != want_sum.opinions[i])
				fail_msg("summary for %s: %lld opinions of status %d, want %lld",
					 actors[k].name, (long long)sum.opinions[i], i,
					 (long long)want_sum.opinions[i]);
		for (int i = 0; i < PS__N; i++)
			if (sum.problems[i] != want_sum.problems[i])
				fail_msg("summary for %s: %lld problems of status %d, want %lld",
					 actors[k].name, (long long)sum.problems[i], i,
					 (long long)want_sum.problems[i]);
		assert_int_equal(sum.problem_opinions, want_sum.problem_opinions);
		/* form 2 holds every problem; nothing here was rated */
		int64_t all = 0;
		for (int i = 0; i < PS__N; i++)
			all += sum.problems[i];
		assert_int_equal(sum.form_rows[1], all);
		assert_int_equal(sum.form_rows[4], 0);
		/* Another campaign holds nothing. */
		assert_int_equal(store_summary(st, who, d->campaign + 1, D("2026-03-02"),
					       D("2026-03-05"), &sum),
				 1);
		for (int i = 0; i < PS__N; i++)
			assert_int_equal(sum.problems[i], 0);
		assert_int_equal(sum.opinions[OS_RECEIVED] + sum.opinions[OS_MERGED], 0);
	}

	/* A filter narrows within the scope, never widens it. */
	struct wb_actor sa = {.role = ROLE_STATION, .unit_id = d->sa};
	struct store_opinion_filter of = {.target_unit_id = d->db1,
					  .status = -1,
					  .dimension = -1,
					  .source = -1,
					  .channel = -1,
					  .limit = 500};
	struct idset got = {.sees_private = 1};
	assert_true(store_opinion_list(st, &sa, &of, opinion_row, &got) >= 0);
	int64_t want_db1[] = {d->o[2].id, d->o[4].id};
	assert_same_ids("opinion_list target=B's department", "station A", &got, want_db1, 2);

	struct wb_actor pa1 = {.role = ROLE_POINT, .unit_id = d->pa1};
	struct store_opinion_filter of2 = {.point_id = d->pb1,
					   .status = -1,
					   .dimension = -1,
					   .source = -1,
					   .channel = -1,
					   .limit = 500};
	struct idset none = {.sees_private = 1};
	assert_int_equal(store_opinion_list(st, &pa1, &of2, opinion_row, &none), 0);

	/* The public tracking lookup is unscoped and complete. */
	struct wb_opinion byr;
	assert_int_equal(store_opinion_get(st, NULL, d->o[8].id, &f->a, &byr), 1);
	assert_non_null(byr.receipt);
	struct wb_opinion again;
	assert_int_equal(store_opinion_by_receipt(st, byr.receipt, &f->a, &again), 1);
	assert_int_equal(again.id, d->o[8].id);
	assert_int_equal(again.point_id, 0);
	assert_int_equal(again.source, SRC_PUBLIC);

	free(d);
}

/* ================= keyset pagination ================= */

struct page_arg {
	int64_t campaign, target;
	int64_t ids[120];
};

static int seed_campaign_unit(struct store *st, int64_t *campaign, int64_t *target)
{
	struct wb_unit u = {.name = "区教育局", .kind = UK_DEPARTMENT};
	int rc = store_unit_insert(st, &u, target);
	if (rc < 0)
		return rc;
	struct wb_campaign c = {.name = "2026",
				.year = 2026,
				.nphases = 1,
				.phases = {{PHASE_SURVEY, D("2026-02-20"), D("2026-03-31")}}};
	return store_campaign_insert(st, &c, campaign);
}

static int many_opinions_tx(struct store *st, void *arg)
{
	struct page_arg *pa = arg;
	int rc = seed_campaign_unit(st, &pa->campaign, &pa->target);
	if (rc < 0)
		return rc;
	for (int i = 0; i < 120; i++) {
		char receipt[16], content[32];
		snprintf(receipt, sizeof receipt, "R%011d", i);
		snprintf(content, sizeof content, "opinion %d", i);
		struct wb_opinion o = {
			.campaign_id = pa->campaign,
			.target_unit_id = pa->target,
			.dimension = DIM_CONDUCT,
			.source = SRC_PUBLIC,
			.channel = CH_ONLINE,
			.content = content,
			.received_at = 1772413200 + i,
			.status = OS_RECEIVED,
			.receipt = receipt,
		};
		rc = store_opinion_insert(st, &o, &pa->ids[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

struct page {
	int64_t v[200];
	int n;
};

static int page_row(void *arg, const struct wb_opinion *o)
{
	struct page *p = arg;
	assert_true(p->n < 200);
	p->v[p->n++] = o->id;
	return 0;
}

static void test_keyset_pagination(void **state)
{
	struct fx *f = *state;
	struct store *st = f->st;
	struct page_arg *pa = calloc(1, sizeof *pa);
	assert_non_null(pa);
	assert_true(store_tx(st, 1, many_opinions_tx, pa) >= 0);

	struct wb_actor admin = {.role = ROLE_ADMIN};
	int seen[120] = {0};
	int64_t cursor = 0, prev = INT64_MAX;
	int pages = 0, total = 0;
	for (;;) {
		struct store_opinion_filter of = {.status = -1,
						  .dimension = -1,
						  .source = -1,
						  .channel = -1,
						  .cursor = cursor,
						  .limit = 50};
		struct page p = {0};
		int rc = store_opinion_list(st, &admin, &of, page_row, &p);
		assert_int_equal(rc, p.n);
		assert_true(p.n <= 50);
		if (p.n == 0)
			break;
		pages++;
		assert_true(pages <= 3);
		for (int i = 0; i < p.n; i++) {
			assert_true(p.v[i] < prev); /* newest first, across pages too */
			prev = p.v[i];
			int k = -1;
			for (int j = 0; j < 120; j++)
				if (pa->ids[j] == p.v[i])
					k = j;
			assert_true(k >= 0);
			seen[k]++;
			total++;
		}
		if (pages == 1)
			assert_int_equal(p.v[0], pa->ids[119]);
		assert_int_equal(p.n, pages < 3 ? 50 : 20);
		cursor = p.v[p.n - 1];
	}
	assert_int_equal(pages, 3);
	assert_int_equal(total, 120);
	for (int j = 0; j < 120; j++)
		assert_int_equal(seen[j], 1);
	free(pa);
}

/* ================= calendar ================= */

struct cal_arg {
	wb_date base;
	int nh, nw;
	int remove;
};

static int calendar_tx(struct store *st, void *arg)
{
	struct cal_arg *ca = arg;
	int rc = 0;
	if (ca->remove) {
		rc = store_calendar_put(st, ca->base, -1); /* the first holiday */
		if (rc >= 0)
			rc = store_calendar_put(st, ca->base + 1000, -1); /* the first workday */
		if (rc >= 0)
			rc = store_calendar_put(st, ca->base + 5000, -1); /* never set: no-op */
		if (rc >= 0)
			rc = store_calendar_put(st, ca->base + 2, 1); /* a holiday turns workday */
		return rc < 0 ? rc : 0;
	}
	/* More than one array-full of each kind, inserted out of order. */
	for (int i = ca->nh - 1; i >= 0 && rc >= 0; i--)
		rc = store_calendar_put(st, ca->base + 2 * i, 0);
	for (int i = 0; i < ca->nw && rc >= 0; i++)
		rc = store_calendar_put(st, ca->base + 1000 + 3 * i, 1);
	return rc < 0 ? rc : 0;
}

static int has_day(const wb_date *v, size_t n, wb_date d)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == d)
			return 1;
	return 0;
}

static void test_calendar(void **state)
{
	struct fx *f = *state;
	struct store *st = f->st;
	struct cal_arg ca = {.base = D("2026-01-05"), .nh = 100, .nw = 70};
	assert_true(store_tx(st, 1, calendar_tx, &ca) >= 0);

	struct wb_calendar cal;
	assert_int_equal(store_calendar_load(st, ca.base - 10, ca.base + 2000, &f->a, &cal), 1);
	assert_int_equal(cal.nholidays, 100);
	assert_int_equal(cal.nworkdays, 70);
	for (size_t i = 0; i < cal.nholidays; i++)
		assert_int_equal(cal.holidays[i], ca.base + 2 * (wb_date)i);
	for (size_t i = 0; i < cal.nworkdays; i++)
		assert_int_equal(cal.workdays[i], ca.base + 1000 + 3 * (wb_date)i);

	/* Both ends of the range are included; days outside are not loaded. */
	assert_int_equal(store_calendar_load(st, ca.base + 2, ca.base + 6, &f->a, &cal), 1);
	assert_int_equal(cal.nholidays, 3);
	assert_int_equal(cal.holidays[0], ca.base + 2);
	assert_int_equal(cal.holidays[2], ca.base + 6);
	assert_int_equal(cal.nworkdays, 0);
	assert_int_equal(store_calendar_load(st, ca.base + 3, ca.base + 3, &f->a, &cal), 1);
	assert_int_equal(cal.nholidays + cal.nworkdays, 0);

	/* -1 removes a day; setting a day again replaces its kind. */
	ca.remove = 1;
	assert_true(store_tx(st, 1, calendar_tx, &ca) >= 0);
	assert_int_equal(store_calendar_load(st, ca.base - 10, ca.base + 2000, &f->a, &cal), 1);
	assert_int_equal(cal.nholidays, 98); /* one removed, one turned into a workday */
	assert_int_equal(cal.nworkdays, 70); /* one removed, one added */
	assert_false(has_day(cal.holidays, cal.nholidays, ca.base));
	assert_false(has_day(cal.workdays, cal.nworkdays, ca.base));
	assert_false(has_day(cal.workdays, cal.nworkdays, ca.base + 1000));
	assert_true(has_day(cal.workdays, cal.nworkdays, ca.base + 2));
	assert_false(has_day(cal.holidays, cal.nholidays, ca.base + 2));
	assert_true(has_day(cal.holidays, cal.nholidays, ca.base + 4));
	assert_true(has_day(cal.workdays, cal.nworkdays, ca.base + 1003));
	for (size_t i = 1; i < cal.nworkdays; i++)
		assert_true(cal.workdays[i] > cal.workdays[i - 1]);
	for (size_t i = 1; i < cal.nholidays; i++)
		assert_true(cal.holidays[i] > cal.holidays[i - 1]);

	/* An empty range of an empty calendar. */
	assert_int_equal(store_calendar_load(st, D("2030-01-01"), D("2030-12-31"), &f->a, &cal), 1);
	assert_int_equal(cal.nholidays, 0);
	assert_int_equal(cal.nworkdays, 0);
}

/* ================= the current campaign ================= */

struct camp_arg {
	const struct wb_campaign *c[4];
	int64_t id[4];
	int n;
};

static int campaigns_tx(struct store *st, void *arg)
{
	struct camp_arg *ca = arg;
	for (int i = 0; i < ca->n; i++) {
		int rc = store_campaign_insert(st, ca->c[i], &ca->id[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int64_t current(struct store *st, const char *day)
{
	int64_t id = -1;
	int rc = store_campaign_current(st, D(day), &id);
	assert_true(rc >= 0);
	return rc == 0 ? 0 : id;
}

static void test_campaign_current(void **state)
{
	struct fx *f = *state;
	struct store *st = f->st;
	assert_int_equal(current(st, "2026-03-02"), 0); /* none yet */

	/* Inserted out of date order so that ids do not decide. */
	struct wb_campaign y2026 = {.name = "2026",
				    .year = 2026,
				    .nphases = 3,
				    .phases = {{PHASE_EVALUATE, D("2026-05-15"), D("2026-05-31")},
					       {PHASE_SURVEY, D("2026-02-20"), D("2026-03-31")},
					       {PHASE_RECTIFY, D("2026-03-15"), D("2026-05-31")}}};
	struct wb_campaign y2025 = {.name = "2025",
				    .year = 2025,
				    .nphases = 2,
				    .phases = {{PHASE_SURVEY, D("2025-02-20"), D("2025-03-31")},
					       {PHASE_RECTIFY, D("2025-03-15"), D("2025-05-31")}}};
	struct wb_campaign y2027 = {.name = "2027",
				    .year = 2027,
				    .nphases = 1,
				    .phases = {{PHASE_SURVEY, D("2027-02-20"), D("2027-03-31")}}};
	struct camp_arg ca = {.c = {&y2026, &y2027, &y2025}, .n = 3};
	assert_true(store_tx(st, 1, campaigns_tx, &ca) >= 0);
	int64_t id26 = ca.id[0], id27 = ca.id[1], id25 = ca.id[2];

	assert_int_equal(current(st, "2026-03-02"), id26); /* running */
	assert_int_equal(current(st, "2026-02-20"), id26); /* first day */
	assert_int_equal(current(st, "2026-05-31"), id26); /* last day of the last phase */
	assert_int_equal(current(st, "2026-07-01"),
			 id26); /* none running: started last, not 2027 */
	assert_int_equal(current(st, "2025-04-01"), id25); /* the 2025 one runs */
	assert_int_equal(current(st, "2025-12-31"), id25); /* 2026 has not started yet */
	assert_int_equal(current(st, "2027-03-01"), id27); /* the future arrived */
	assert_int_equal(current(st, "2028-01-01"), id27);

	/* Phases come back with the campaign. */
	struct wb_campaign got;
	assert_int_equal(store_campaign_get(st, id26, &f->a, &got), 1);
	assert_int_equal(got.nphases, 3);
	assert_string_equal(got.name, "2026");
}

/* ================= unique constraints ================= */

struct uniq_arg {
	int64_t campaign, target;
	int64_t first, second;
	int rc_second;
};

static int receipt_tx(struct store *st, void *arg)
{
	struct uniq_arg *ua = arg;
	int rc = seed_campaign_unit(st, &ua->campaign, &ua->target);
	if (rc < 0)
		return rc;
	struct wb_opinion o = {.campaign_id = ua->campaign,
			       .target_unit_id = ua->target,
			       .dimension = DIM_CONDUCT,
			       .source = SRC_PUBLIC,
			       .channel = CH_ONLINE,
			       .content = "a",
			       .received_at = 1,
			       .status = OS_RECEIVED,
			       .receipt = "SAMERECEIPT1"};
	rc = store_opinion_insert(st, &o, &ua->first);
	if (rc < 0)
		return rc;
	o.content = "b";
	ua->rc_second = store_opinion_insert(st, &o, &ua->second);
	return 0; /* commit what went in */
}

static void test_unique(void **state)
{
	struct fx *f = *state;
	struct store *st = f->st;
	struct uniq_arg ua = {0};
	assert_true(store_tx(st, 1, receipt_tx, &ua) >= 0);
	assert_int_equal(ua.rc_second, WB_ERR_CONFLICT);
	struct wb_opinion o;
	assert_int_equal(store_opinion_by_receipt(st, "SAMERECEIPT1", &f->a, &o), 1);
	assert_int_equal(o.id, ua.first);
	assert_string_equal(o.content, "a");
	struct wb_actor admin = {.role = ROLE_ADMIN};
	struct store_opinion_filter of = {
		.status = -1, .dimension = -1, .source = -1, .channel = -1, .limit = 10};
	struct page p = {0};
	assert_int_equal(store_opinion_list(st, &admin, &of, page_row, &p), 1);

	/* Unit codes: the store refuses a second one; unit_code_taken answers around it. */
	struct unit_arg a = {.u = {.name = "甲", .kind = UK_DEPARTMENT, .code = "EDU-1"}};
	struct unit_arg b = {.u = {.name = "乙", .kind = UK_DEPARTMENT, .code = "EDU-1"}};
	struct unit_arg n1 = {.u = {.name = "丙", .kind = UK_DEPARTMENT}};
	struct unit_arg n2 = {.u = {.name = "丁", .kind = UK_DEPARTMENT}};
	assert_true(store_tx(st, 1, insert_unit_tx, &a) >= 0);
	assert_int_equal(store_tx(st, 1, insert_unit_tx, &b), WB_ERR_CONFLICT);
	assert_true(store_tx(st, 1, insert_unit_tx, &n1) >= 0); /* no code twice is fine */
	assert_true(store_tx(st, 1, insert_unit_tx, &n2) >= 0);
	assert_int_equal(store_unit_code_taken(st, "EDU-1", 0), 1);
	assert_int_equal(store_unit_code_taken(st, "EDU-1", n1.id), 1);
	assert_int_equal(store_unit_code_taken(st, "EDU-1", a.id), 0);
	assert_int_equal(store_unit_code_taken(st, "EDU-2", 0), 0);
	int before = count_units(st);

	/* Through the service: a conflict, and nothing written, not even an event. */
	struct svc_ctx c;
	assert_int_equal(svc_ctx_init(&c, st, &f->a, now_ts()), 0);
	c.who = (struct wb_actor){.role = ROLE_ADMIN};
	int events = count_events(st);
	struct wb_unit office = {.name = "区纠风办", .kind = UK_OFFICE, .code = "EDU-1"};
	int64_t id = 0;
	assert_int_equal(svc_unit_create(&c, &office, &id), WB_ERR_CONFLICT);
	assert_int_equal(count_units(st), before);
	assert_int_equal(count_events(st), events);
	reset_errs(&c);
	office.code = "OFFICE";
	assert_int_equal(svc_unit_create(&c, &office, &id), 0);
	assert_int_equal(count_units(st), before + 1);
	assert_int_equal(count_events(st), events + 1);
	assert_int_equal(store_unit_code_taken(st, "OFFICE", 0), 1);
}

/* ================= the connection pool ================= */

struct pool_waiter {
	struct store_pool *pool;
	struct store *got;
	volatile int done;
	pthread_mutex_t mu;
};

static void *waiter_main(void *arg)
{
	struct pool_waiter *w = arg;
	struct store *st = store_pool_get(w->pool);
	pthread_mutex_lock(&w->mu);
	w->got = st;
	w->done = 1;
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static int waiter_done(struct pool_waiter *w)
{
	pthread_mutex_lock(&w->mu);
	int d = w->done;
	pthread_mutex_unlock(&w->mu);
	return d;
}

static void msleep(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void test_pool(void **state)
{
	struct fx *f = *state;
	struct store_pool *pool = NULL;
	assert_int_equal(store_pool_new(f->db, 2, &pool), 0);
	struct store *a = store_pool_get(pool);
	struct store *b = store_pool_get(pool);
	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	assert_ptr_not_equal(a, f->st);
	assert_int_equal(store_ping(a), 1);
	assert_int_equal(store_ping(b), 1);

	/* Each connection works on its own: a write through one is read through the other. */
	struct unit_arg ua = {.u = {.name = "区纠风办", .kind = UK_OFFICE}};
	assert_true(store_tx(a, 1, insert_unit_tx, &ua) >= 0);
	struct wb_unit u;
	assert_int_equal(store_unit_get(b, ua.id, &f->a, &u), 1);

	/* Empty pool: a third taker waits until a connection comes back. */
	struct pool_waiter w = {.pool = pool};
	pthread_mutex_init(&w.mu, NULL);
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, waiter_main, &w), 0);
	msleep(200);
	int early = waiter_done(&w);
	store_pool_put(pool, a);
	int joined = -1;
	for (int i = 0; i < 500 && !waiter_done(&w); i++)
		msleep(10);
	if (waiter_done(&w))
		joined = pthread_join(t, NULL);
	if (joined != 0)
		fail_msg("the waiting thread did not get the returned connection within 5 s");
	pthread_mutex_destroy(&w.mu);
	assert_false(early);
	assert_ptr_equal(w.got, a);
	store_pool_put(pool, w.got);
	store_pool_put(pool, b);

	/* Both are free again: two gets do not block. */
	struct store *c1 = store_pool_get(pool), *c2 = store_pool_get(pool);
	assert_ptr_not_equal(c1, c2);
	assert_true((c1 == a && c2 == b) || (c1 == b && c2 == a));
	store_pool_put(pool, c1);
	store_pool_put(pool, c2);
	store_pool_free(pool);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	wb_log_set_level(WB_LOG_ERR);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_creates_schema, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_reopen_idempotent, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_tx_rollback, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_event_chain, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_scope, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_keyset_pagination, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_calendar, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_campaign_current, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_unique, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_pool, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
