/*
 * Durability and integrity: everything survives a clean restart; every write the server
 * acknowledged survives a SIGKILL in the middle of a stream of writes, and the audit chain
 * is still whole; altering one event row behind the server's back is found by both
 * `wubiao audit verify` and GET /audit/verify, which name that event.
 */
#include "harness.h"
#include "../pg/pg_fixture.h"

#include <ctype.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct fixture F;

static json_t *get_json(const char *tok, const char *fmt, long long id)
{
	struct resp r = h_req("GET", tok, NULL, fmt, id);
	assert_status(r, 200);
	json_t *j = json_incref(r.json);
	resp_free(&r);
	return j;
}

static void audit_ok_api(void)
{
	struct resp r = h_get(F.tok[U_ADMIN], API "/audit/verify");
	assert_status(r, 200);
	if (!jtrue(r.json, "ok"))
		fail_msg("the audit chain is broken: %s", r.body);
	assert_true(jint(r.json, "events") > 0);
	assert_true(json_is_null(json_object_get(r.json, "first_bad_event")));
	resp_free(&r);
}

static void audit_ok_cli(void)
{
	char *out = NULL;
	int rc = h_cli(NULL, &out, "audit", "verify", "--db", h_srv.db, NULL);
	if (rc != 0)
		fail_msg("wubiao audit verify exited %d: %s", rc, out);
	assert_true(strlen(out) > 0);
	free(out);
}

static void test_restart_keeps_everything(void **state)
{
	(void)state;
	json_int_t p = h_problem_in(&F, "answered");
	json_int_t op =
		h_opinion(&F, U_POINT2A, F.dept[1], "重启前的意见", "韩重启", "13100001111", NULL);
	json_t *p_before = get_json(F.tok[U_ADMIN], API "/problems/%lld", p);
	json_t *ev_before = get_json(F.tok[U_ADMIN], API "/problems/%lld/events", p);
	json_t *op_before = get_json(F.tok[U_ADMIN], API "/opinions/%lld", op);
	json_t *units_before = h_list_all(F.tok[U_ADMIN], API "/units", 500);
	json_t *users_before = h_list_all(F.tok[U_ADMIN], API "/users", 500);
	json_t *camp_before = get_json(F.tok[U_ADMIN], API "/campaigns/%lld", F.campaign);
	struct resp r = h_get(F.tok[U_ADMIN], API "/audit/verify");
	assert_status(r, 200);
	json_int_t nevents = jint(r.json, "events");
	resp_free(&r);

	/* A clean stop on SIGTERM. */
	assert_int_equal(h_stop(), 0);
	audit_ok_cli();
	assert_int_equal(h_start(NULL), 0);
	h_fixture_relogin(&F);

	json_t *j = get_json(F.tok[U_ADMIN], API "/problems/%lld", p);
	assert_true(json_equal(j, p_before));
	json_decref(j);
	j = get_json(F.tok[U_ADMIN], API "/problems/%lld/events", p);
	assert_true(json_equal(j, ev_before));
	json_decref(j);
	j = get_json(F.tok[U_ADMIN], API "/opinions/%lld", op);
	assert_true(json_equal(j, op_before));
	assert_string_equal(jstr(j, "submitter_name"), "韩重启");
	json_decref(j);
	j = h_list_all(F.tok[U_ADMIN], API "/units", 500);
	assert_true(json_equal(j, units_before));
	json_decref(j);
	j = h_list_all(F.tok[U_ADMIN], API "/users", 500);
	assert_true(json_equal(j, users_before));
	json_decref(j);
	j = get_json(F.tok[U_ADMIN], API "/campaigns/%lld", F.campaign);
	assert_true(json_equal(j, camp_before));
	json_decref(j);
	r = h_get(F.tok[U_ADMIN], API "/audit/verify");
	assert_status(r, 200);
	assert_true(jtrue(r.json, "ok"));
	assert_true(jint(r.json, "events") >= nevents);
	resp_free(&r);

	/* Work goes on where it stopped. */
	r = h_stage(F.tok[U_UNIT1], p, "progress",
		    json_pack("{s:s, s:i, s:s, s:b}", "measures", "重启后继续", "percent", 100,
			      "evidence", "x", "done", 1));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "rectified");
	resp_free(&r);

	json_decref(p_before);
	json_decref(ev_before);
	json_decref(op_before);
	json_decref(units_before);
	json_decref(users_before);
	json_decref(camp_before);
}

/* ---- SIGKILL during a stream of writes ---- */

#define WRITERS  2
#define MAX_ACKS 100000

static pthread_mutex_t acks_lock = PTHREAD_MUTEX_INITIALIZER;
static json_int_t acks[MAX_ACKS];
static int nacks;

struct writer {
	int n;
	int stopped_by; /* the status of the first unsuccessful answer (0: no answer) */
	char token[256];
};

static void *writer_run(void *arg)
{
	struct writer *w = arg;
	CURL *c = curl_easy_init();
	if (c == NULL)
		return NULL;
	for (int i = 0; i < MAX_ACKS; i++) {
		char body[512];
		snprintf(body, sizeof body,
			 "{\"campaign_id\":%lld,\"point_id\":%lld,\"target_unit_id\":%lld,"
			 "\"dimension\":\"conduct\",\"source\":\"public\",\"channel\":\"form\","
			 "\"content\":\"kill-9 writer %d opinion %d\","
			 "\"received_at\":\"2026-03-02T08:00:00+08:00\"}",
			 (long long)F.campaign, (long long)F.point[0][0], (long long)F.dept[0],
			 w->n, i);
		struct h_req_opts o = {.method = "POST",
				       .path = API "/opinions",
				       .token = w->token,
				       .body = body,
				       .curl = c};
		struct resp r = h_req_ex(&o);
		json_int_t id = r.status == 201 ? jint(r.json, "id") : -1;
		if (id <= 0) {
			w->stopped_by = (int)r.status;
			resp_free(&r);
			break;
		}
		resp_free(&r);
		pthread_mutex_lock(&acks_lock);
		if (nacks < MAX_ACKS)
			acks[nacks++] = id;
		pthread_mutex_unlock(&acks_lock);
	}
	curl_easy_cleanup(c);
	return NULL;
}

static int acked(void)
{
	pthread_mutex_lock(&acks_lock);
	int n = nacks;
	pthread_mutex_unlock(&acks_lock);
	return n;
}

static void test_kill9_keeps_acknowledged_writes(void **state)
{
	(void)state;
	pthread_t th[WRITERS];
	struct writer w[WRITERS];
	nacks = 0;
	for (int i = 0; i < WRITERS; i++) {
		memset(&w[i], 0, sizeof w[i]);
		w[i].n = i;
		snprintf(w[i].token, sizeof w[i].token, "%s", F.tok[U_POINT1A]);
		assert_int_equal(pthread_create(&th[i], NULL, writer_run, &w[i]), 0);
	}
	/* Let the stream run, then kill the server in the middle of it. */
	struct timespec ts = {0, 20 * 1000 * 1000};
	for (int waited = 0; waited < 10000 && acked() < 60; waited += 20)
		nanosleep(&ts, NULL);
	int before_kill = acked();
	h_kill();
	for (int i = 0; i < WRITERS; i++)
		pthread_join(th[i], NULL);
	int n = acked();
	print_message("# %d writes acknowledged (%d when SIGKILL was sent)\n", n, before_kill);
	assert_true(before_kill > 0);
	for (int i = 0; i < WRITERS; i++)
		if (w[i].stopped_by >= 400)
			fail_msg("writer %d was refused with %d before the kill", i,
				 w[i].stopped_by);

	/* The database is whole without the server. */
	audit_ok_cli();

	assert_int_equal(h_start(NULL), 0);
	h_fixture_relogin(&F);
	int missing = 0;
	for (int i = 0; i < n; i++) {
		struct resp r = h_get(F.tok[U_ADMIN], API "/opinions/%lld", (long long)acks[i]);
		if (r.status != 200) {
			print_error("acknowledged opinion %lld is gone (%ld)\n", (long long)acks[i],
				    r.status);
			missing++;
		} else if (jstr(r.json, "content") == NULL ||
			   strncmp(jstr(r.json, "content"), "kill-9 writer", 13) != 0) {
			print_error("opinion %lld has other content: %s\n", (long long)acks[i],
				    r.body);
			missing++;
		}
		resp_free(&r);
	}
	assert_int_equal(missing, 0);
	audit_ok_api();

	/* And it takes writes again. */
	json_int_t id = h_opinion(&F, U_POINT1A, F.dept[0], "kill 之后", NULL, NULL, NULL);
	assert_true(id > acks[0]);
	audit_ok_api();
}

/* ---- tampering ---- */

static int exec_sql(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		print_error("sqlite: %s: %s\n", sql, err ? err : "?");
	sqlite3_free(err);
	return rc;
}

/* @return nonzero when some run of digits in @p s is exactly @p n */
static int mentions_number(const char *s, long long n)
{
	for (const char *p = s; *p;) {
		if (!isdigit((unsigned char)*p)) {
			p++;
			continue;
		}
		char *end;
		long long v = strtoll(p, &end, 10);
		if (v == n && (p == s || !isdigit((unsigned char)p[-1])))
			return 1;
		p = end;
	}
	return 0;
}

/* Alter one event in the middle of the chain past the program. @return its id */
static long long tamper_sqlite(void)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(h_srv.db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT min(id), max(id), count(*) FROM events", -1,
					    &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long lo = sqlite3_column_int64(st, 0), hi = sqlite3_column_int64(st, 1);
	long long count = sqlite3_column_int64(st, 2);
	sqlite3_finalize(st);
	assert_true(count >= 10);
	long long n = lo + (hi - lo) / 2;

	/* Drop whatever guards the table (an attacker with the file can), then alter one row. */
	char *names[16];
	int nnames = 0;
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT name FROM sqlite_master WHERE type = 'trigger' "
					    "AND tbl_name = 'events'",
					    -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW && nnames < 16)
		names[nnames++] = sqlite3_mprintf("DROP TRIGGER \"%w\"",
						  (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	for (int i = 0; i < nnames; i++) {
		assert_int_equal(exec_sql(db, names[i]), SQLITE_OK);
		sqlite3_free(names[i]);
	}
	assert_int_equal(sqlite3_prepare_v2(db,
					    "UPDATE events SET data = CASE WHEN data IS "
					    "'{\"tampered\":true}' THEN '{\"tampered\":2}' ELSE "
					    "'{\"tampered\":true}' END WHERE id = ?",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, n);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_changes(db), 1);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
	return n;
}

/* The same on PostgreSQL: the owner can switch the table's triggers off. */
static long long tamper_pg(void)
{
	long long lo = 0, hi = 0, count = 0, changed = 0;
	char *msg = NULL, id[24];
	assert_int_equal(tpg_exec(h_srv.db, "SELECT min(id) FROM events", &lo, &msg), 0);
	assert_int_equal(tpg_exec(h_srv.db, "SELECT max(id) FROM events", &hi, &msg), 0);
	assert_int_equal(tpg_exec(h_srv.db, "SELECT count(*) FROM events", &count, &msg), 0);
	assert_true(count >= 10);
	long long n = lo + (hi - lo) / 2;
	snprintf(id, sizeof id, "%lld", n);
	if (tpg_exec(h_srv.db, "ALTER TABLE events DISABLE TRIGGER USER", NULL, &msg) < 0)
		fail_msg("disable triggers: %s", msg);
	if (tpg_exec_param(h_srv.db,
			   "WITH u AS (UPDATE events SET data = '{\"tampered\":true}' WHERE id = $1"
			   " RETURNING 1) SELECT count(*) FROM u",
			   id, &changed, &msg) < 0)
		fail_msg("update: %s", msg);
	assert_int_equal(changed, 1);
	return n;
}

static void test_tamper_is_found(void **state)
{
	(void)state;
	/* Some more history, so the altered row sits inside the chain. */
	h_problem_in(&F, "verified");
	assert_int_equal(h_stop(), 0);

	long long n = tpg_enabled() ? tamper_pg() : tamper_sqlite();

	char *out = NULL;
	int rc = h_cli(NULL, &out, "audit", "verify", "--db", h_srv.db, NULL);
	if (rc != 1 || !mentions_number(out, n))
		fail_msg("audit verify after altering event %lld: exit %d, output: %s", n, rc, out);
	free(out);

	assert_int_equal(h_start(NULL), 0);
	h_fixture_relogin(&F);
	for (int who = 0; who < 2; who++) {
		struct resp r = h_get(F.tok[who ? U_LEADER : U_ADMIN], API "/audit/verify");
		assert_status(r, 200);
		assert_false(jtrue(r.json, "ok"));
		if (jint(r.json, "first_bad_event") != n)
			fail_msg("want first_bad_event %lld: %s", n, r.body);
		assert_true(jint(r.json, "events") >= 1);
		resp_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_restart_keeps_everything),
		cmocka_unit_test(test_kill9_keeps_acknowledged_writes),
		cmocka_unit_test(test_tamper_is_found),
	};
	h_suite(&F, NULL);
	return cmocka_run_group_tests_name("api_durability", tests, h_group_setup,
					   h_group_teardown);
}
