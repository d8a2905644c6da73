/*
 * The audit log checked against the records, and checkpoints: someone with the database
 * changes a rating, closes a problem or moves a deadline without an event, or cuts the
 * last events (with or without the records they describe). `wubiao audit verify` and
 * GET /audit/verify must name the record, and a published checkpoint must expose a cut.
 * The tampering happens with the server stopped, on SQLite or PostgreSQL.
 */
#include "harness.h"
#include "../pg/pg_fixture.h"

#include <regex.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fixture F;

/* `wubiao audit verify` (with @p checkpoint when not NULL): @return its exit status; its
 * output in @p out (the caller frees). */
static int verify(const char *checkpoint, char **out)
{
	return checkpoint ? h_cli(NULL, out, "audit", "verify", "--db", h_srv.db, "--checkpoint",
				  checkpoint, NULL)
			  : h_cli(NULL, out, "audit", "verify", "--db", h_srv.db, NULL);
}

static void expect_verify(const char *checkpoint, int want, const char *says)
{
	char *out = NULL;
	int rc = verify(checkpoint, &out);
	if (rc != want || (says && strstr(out, says) == NULL))
		fail_msg("audit verify%s%s: exit %d (want %d), output: %s (want it to say %s)",
			 checkpoint ? " --checkpoint " : "", checkpoint ? checkpoint : "", rc, want,
			 out, says ? says : "-");
	free(out);
}

static void start(void)
{
	assert_int_equal(h_start(NULL), 0);
	h_fixture_relogin(&F);
}

static json_int_t P_closed, P_verified, P_active;

/* Some history of every kind: a closed problem (rated), one verified and rated by the
 * public, one being rectified. */
static void test_records_agree(void **state)
{
	(void)state;
	P_closed = h_problem_in(&F, "closed");
	char *receipt;
	json_int_t op =
		h_opinion(&F, U_POINT1A, F.dept[0], "办事指南更新不及时", NULL, NULL, &receipt);
	P_verified = h_problem(&F, U_STATION1, F.dept[0], NULL, &op, 1);
	h_advance(&F, P_verified, F.dept[0], "verified");
	struct resp r = h_post(NULL, json_pack("{s:s}", "rating", "satisfied"),
			       API "/public/track/%s/evaluation", receipt);
	assert_status(r, 201);
	resp_free(&r);
	free(receipt);
	P_active = h_problem_in(&F, "rectifying");

	r = h_get(F.tok[U_ADMIN], API "/audit/verify");
	assert_status(r, 200);
	assert_true(jtrue(r.json, "ok"));
	assert_true(json_is_null(json_object_get(r.json, "mismatch")));
	assert_true(json_is_null(json_object_get(r.json, "checkpoint")));
	assert_int_equal(strlen(jstr(r.json, "head")), 64);
	resp_free(&r);
	assert_int_equal(h_stop(), 0);
	expect_verify(NULL, 0, "every record agrees");
}

/* A change to a record with no event: named, and undone, agreed again. */
static void tamper(const char *change, const char *undo, const char *says)
{
	h_sql(change);
	expect_verify(NULL, 1, says);
	start();
	struct resp r = h_get(F.tok[U_ADMIN], API "/audit/verify");
	assert_status(r, 200);
	assert_false(jtrue(r.json, "ok"));
	assert_true(json_is_null(json_object_get(r.json, "first_bad_event")));
	if (jstr(r.json, "mismatch") == NULL || strstr(jstr(r.json, "mismatch"), says) == NULL)
		fail_msg("GET /audit/verify: want a mismatch saying %s: %s", says, r.body);
	resp_free(&r);
	assert_int_equal(h_stop(), 0);
	h_sql(undo);
	expect_verify(NULL, 0, "every record agrees");
}

static void test_rating_changed(void **state)
{
	(void)state;
	long long id = h_sql("SELECT max(id) FROM evaluations");
	char change[160], undo[160], says[64];
	snprintf(change, sizeof change,
		 "UPDATE evaluations SET rating = 'unsatisfied' WHERE id = %lld", id);
	snprintf(undo, sizeof undo, "UPDATE evaluations SET rating = 'satisfied' WHERE id = %lld",
		 id);
	snprintf(says, sizeof says, "rating %lld", id);
	tamper(change, undo, says);
	/* a rating added with no event */
	snprintf(change, sizeof change,
		 "INSERT INTO evaluations (problem_id, round, rating, note, by_user_id, created_at)"
		 " VALUES (%lld, 1, 'satisfied', '', %lld, 1772413200)",
		 (long long)P_verified, (long long)F.uid[U_STATION2]);
	snprintf(undo, sizeof undo, "DELETE FROM evaluations WHERE id = %lld", id + 1);
	snprintf(says, sizeof says, "rating %lld has no event", id + 1);
	tamper(change, undo, says);
}

static void test_closed_without_event(void **state)
{
	(void)state;
	char change[160], undo[160], says[96];
	snprintf(change, sizeof change,
		 "UPDATE problems SET status = 'closed', closed_at = 1772413200 WHERE id = %lld",
		 (long long)P_verified);
	snprintf(undo, sizeof undo,
		 "UPDATE problems SET status = 'verified', closed_at = NULL WHERE id = %lld",
		 (long long)P_verified);
	snprintf(says, sizeof says, "problem %lld: status is closed, the log says verified",
		 (long long)P_verified);
	tamper(change, undo, says);
}

static void test_deadline_moved(void **state)
{
	(void)state;
	/* the deadline as the record holds it, to put it back */
	start();
	struct resp r = h_get(F.tok[U_ADMIN], API "/problems/%lld", (long long)P_active);
	assert_status(r, 200);
	char was[16];
	snprintf(was, sizeof was, "%s", jstr(r.json, "due_on"));
	resp_free(&r);
	assert_int_equal(h_stop(), 0);
	char change[160], undo[160], says[96];
	snprintf(change, sizeof change, "UPDATE problems SET due_on = '2027-06-30' WHERE id = %lld",
		 (long long)P_active);
	snprintf(undo, sizeof undo, "UPDATE problems SET due_on = '%s' WHERE id = %lld", was,
		 (long long)P_active);
	snprintf(says, sizeof says, "problem %lld: due_on is 2027-06-30", (long long)P_active);
	tamper(change, undo, says);
}

/* "events=N head=HEX" from `wubiao audit checkpoint`, into @p buf. */
static void checkpoint(char *buf, size_t n)
{
	char *out = NULL;
	assert_int_equal(h_cli(NULL, &out, "audit", "checkpoint", "--db", h_srv.db, NULL), 0);
	regex_t re;
	assert_int_equal(regcomp(&re, "^events=[1-9][0-9]* head=[0-9a-f]{64}\n$", REG_EXTENDED), 0);
	if (regexec(&re, out, 0, NULL, 0) != 0)
		fail_msg("audit checkpoint printed: %s", out);
	regfree(&re);
	snprintf(buf, n, "%.*s", (int)strcspn(out, "\n"), out);
	free(out);
}

static void test_checkpoints(void **state)
{
	(void)state;
	char cp[128];
	checkpoint(cp, sizeof cp);
	expect_verify(cp, 0, "the checkpoint holds");
	char bad[128];
	snprintf(bad, sizeof bad, "%s", cp);
	char *h = strstr(bad, "head=") + 5;
	h[0] = h[0] == '0' ? '1' : '0';
	expect_verify(bad, 1, "does not have the checkpoint's hash");
	expect_verify("events=3", 2, "checkpoint");

	/* The public page publishes the day's checkpoint: the log up to the end of yesterday.
	 * The next morning, it covers everything so far, and verifies. */
	assert_int_equal(h_start("2026-03-03T08:00:00+08:00"), 0);
	h_fixture_relogin(&F);
	struct resp r = h_get(NULL, API "/public/bulletins");
	assert_status(r, 200);
	json_t *c = json_object_get(r.json, "checkpoint");
	assert_string_equal(jstr(c, "before"), "2026-03-03");
	char pub[128];
	snprintf(pub, sizeof pub, "events=%lld head=%s", (long long)jint(c, "events"),
		 jstr(c, "head"));
	resp_free(&r);
	assert_string_equal(pub, cp);
	r = h_get(
		F.tok[U_ADMIN], API "/audit/verify?checkpoint=%s",
		"events=1%20head=0000000000000000000000000000000000000000000000000000000000000000");
	assert_status(r, 200);
	assert_false(jtrue(r.json, "ok"));
	assert_false(jtrue(r.json, "checkpoint"));
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/audit/verify?checkpoint=yesterday");
	assert_problem(r, 400);
	resp_free(&r);
	assert_int_equal(h_stop(), 0);
	expect_verify(pub, 0, "the checkpoint holds");
}

/* A database from before duties were kept gets them from its log (`wubiao init`): the
 * same duties the services wrote, but a point's entries (older logs do not say when an
 * opinion was received). */
static void test_duties_rebuilt(void **state)
{
	(void)state;
	static const char *const sums[] = {
		"SELECT count(*) FROM duties WHERE kind <> 'entry'",
		"SELECT count(*) FROM duties WHERE kind <> 'entry' AND done_at IS NOT NULL",
		"SELECT count(*) FROM duties WHERE released_at IS NOT NULL",
		"SELECT sum(holder_id + 7 * COALESCE(problem_id, 0) + 11 * COALESCE(opinion_id, 0))"
		" FROM duties WHERE kind <> 'entry'",
		"SELECT sum(COALESCE(done_at, 0) + COALESCE(released_at, 0) + started_at) FROM duties"
		" WHERE kind <> 'entry'",
		"SELECT count(DISTINCT due_on) FROM duties WHERE kind <> 'entry'",
	};
	enum { N = sizeof sums / sizeof *sums };
	long long want[N];
	for (int i = 0; i < N; i++)
		want[i] = h_sql(sums[i]);
	assert_true(want[0] > 10);
	h_sql("DELETE FROM duties");
	char *out = NULL;
	assert_int_equal(h_cli(NULL, &out, "init", "--db", h_srv.db, "--no-calendars", NULL), 0);
	assert_non_null(strstr(out, "rebuilt"));
	free(out);
	for (int i = 0; i < N; i++)
		if (h_sql(sums[i]) != want[i])
			fail_msg("%s: %lld after the rebuild, %lld before", sums[i], h_sql(sums[i]),
				 want[i]);
	/* once: a second init leaves them */
	assert_int_equal(h_cli(NULL, &out, "init", "--db", h_srv.db, "--no-calendars", NULL), 0);
	assert_null(strstr(out, "rebuilt"));
	free(out);
	expect_verify(NULL, 0, "every record agrees");
}

/* Drop what guards the log, as someone with the database can. */
static void unguard(void)
{
	if (tpg_enabled()) {
		h_sql("ALTER TABLE events DISABLE TRIGGER USER");
		return;
	}
	for (;;) {
		sqlite3 *db = NULL;
		assert_int_equal(sqlite3_open_v2(h_srv.db, &db, SQLITE_OPEN_READWRITE, NULL),
				 SQLITE_OK);
		sqlite3_stmt *st = NULL;
		assert_int_equal(sqlite3_prepare_v2(db,
						    "SELECT name FROM sqlite_master WHERE type ="
						    " 'trigger' AND tbl_name = 'events'",
						    -1, &st, NULL),
				 SQLITE_OK);
		char *drop = NULL;
		if (sqlite3_step(st) == SQLITE_ROW)
			drop = sqlite3_mprintf("DROP TRIGGER \"%w\"",
					       (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		sqlite3_close(db);
		if (drop == NULL)
			return;
		h_sql(drop);
		sqlite3_free(drop);
	}
}

/* The last events cut: with their records the log alone looks whole, but not against a
 * checkpoint taken before; without them, the records have no event. */
static void test_last_events_cut(void **state)
{
	(void)state;
	start();
	json_int_t op = h_opinion(&F, U_POINT1A, F.dept[0], "最后一条意见", NULL, NULL, NULL);
	assert_int_equal(h_stop(), 0);
	char cp[128];
	checkpoint(cp, sizeof cp);
	unguard();
	char stmt[160];
	long long last = h_sql("SELECT max(id) FROM events");
	snprintf(stmt, sizeof stmt, "DELETE FROM events WHERE id = %lld", last);
	h_sql(stmt);
	snprintf(stmt, sizeof stmt, "DELETE FROM duties WHERE opinion_id = %lld", (long long)op);
	h_sql(stmt);
	snprintf(stmt, sizeof stmt, "DELETE FROM opinions WHERE id = %lld", (long long)op);
	h_sql(stmt);
	expect_verify(NULL, 0, "every record agrees");
	expect_verify(cp, 1, "events were cut");

	/* The event cut, the record left. */
	start();
	op = h_opinion(&F, U_POINT1A, F.dept[0], "又一条意见", NULL, NULL, NULL);
	assert_int_equal(h_stop(), 0);
	last = h_sql("SELECT max(id) FROM events");
	snprintf(stmt, sizeof stmt, "DELETE FROM events WHERE id = %lld", last);
	h_sql(stmt);
	char says[64];
	snprintf(says, sizeof says, "opinion %lld has no event", (long long)op);
	expect_verify(NULL, 1, says);
	start();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_agree),        cmocka_unit_test(test_rating_changed),
		cmocka_unit_test(test_closed_without_event), cmocka_unit_test(test_deadline_moved),
		cmocka_unit_test(test_checkpoints),          cmocka_unit_test(test_duties_rebuilt),
		cmocka_unit_test(test_last_events_cut),
	};
	h_suite(&F, NULL);
	return cmocka_run_group_tests_name("api audit", tests, h_group_setup, h_group_teardown);
}
