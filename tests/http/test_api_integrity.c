/*
 * Figures nobody can move: each test is an insider's attempt to look better (or to make
 * another body look worse) through the API, and what stops it.
 *
 * - ratings: one per source and verification round, whichever channel it comes through;
 * - receipts: shown to staff once, when issued, so staff cannot rate as the public;
 * - bounds: deadlines within the working-day cap, received_at within the campaign and
 *   the back-dating window, a station dispatching only to the units it follows.
 *
 * The clock is the harness's (Monday 2026-03-02, in the campaign's survey phase).
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fixture F;

static json_t *evaluations(json_int_t p)
{
	char path[96];
	snprintf(path, sizeof path, API "/problems/%lld/evaluations", (long long)p);
	return h_list_all(F.tok[U_ADMIN], path, 100);
}

static struct resp rate(enum h_user who, json_int_t p, const char *rating, json_int_t opinion)
{
	json_t *b = json_pack("{s:s}", "rating", rating);
	if (opinion)
		json_object_set_new(b, "opinion_id", json_integer(opinion));
	return h_stage(F.tok[who], p, "evaluations", b);
}

static struct resp rate_public(const char *receipt, const char *rating)
{
	return h_post(NULL, json_pack("{s:s}", "rating", rating), API "/public/track/%s/evaluation",
		      receipt);
}

/* Status of a rating attempt, the response freed. */
static long rated(struct resp r)
{
	long s = r.status;
	if (s != 201)
		assert_problem(r, s);
	resp_free(&r);
	return s;
}

/* A verified problem about department 1 holding two opinions of point 1a. */
static json_int_t verified_pair(json_int_t op[2], char *receipt[2])
{
	for (int i = 0; i < 2; i++)
		op[i] = h_opinion(&F, U_POINT1A, F.dept[0],
				  i ? "窗口排队时间过长" : "工作人员态度冷漠", "张三",
				  "13800000000", &receipt[i]);
	json_int_t p = h_problem(&F, U_STATION1, F.dept[0], NULL, op, 2);
	h_advance(&F, p, F.dept[0], "verified");
	return p;
}

/* Twenty 满意 from one monitoring point count once; so do ten 不满意 from a station. */
static void test_one_own_rating_per_account(void **state)
{
	(void)state;
	json_int_t op[2];
	char *receipt[2];
	json_int_t p = verified_pair(op, receipt);

	assert_int_equal(rated(rate(U_POINT1A, p, "satisfied", 0)), 201);
	for (int i = 0; i < 20; i++)
		assert_int_equal(rated(rate(U_POINT1A, p, "satisfied", 0)), 409);
	assert_int_equal(rated(rate(U_STATION1, p, "unsatisfied", 0)), 201);
	for (int i = 0; i < 10; i++)
		assert_int_equal(rated(rate(U_STATION1, p, "unsatisfied", 0)), 409);
	/* the office's own rating is another source */
	assert_int_equal(rated(rate(U_ADMIN, p, "basically_satisfied", 0)), 201);
	assert_int_equal(rated(rate(U_ADMIN, p, "satisfied", 0)), 409);

	json_t *ev = evaluations(p);
	assert_int_equal(json_array_size(ev), 3);
	size_t i;
	json_t *e;
	json_array_foreach(ev, i, e)
	{
		assert_string_equal(jstr(e, "by"), "staff");
		assert_true(json_is_null(json_object_get(e, "opinion_id")));
		assert_true(jtrue(e, "counted"));
	}
	json_decref(ev);

	/* A new verification round is a new rectification to rate: once more each. */
	struct resp r = h_stage(F.tok[U_ADMIN], p, "reopen",
				json_pack("{s:s}", "reason", "群众反映问题仍然存在"));
	assert_status(r, 200);
	resp_free(&r);
	h_advance(&F, p, F.dept[0], "verified");
	assert_int_equal(rated(rate(U_POINT1A, p, "satisfied", 0)), 201);
	assert_int_equal(rated(rate(U_POINT1A, p, "satisfied", 0)), 409);
	ev = evaluations(p);
	assert_int_equal(json_array_size(ev), 4);
	json_decref(ev);
	free(receipt[0]);
	free(receipt[1]);
}

/* A giver rates once, by receipt or through the staff entering their paper form. */
static void test_one_rating_per_opinion(void **state)
{
	(void)state;
	json_int_t op[2];
	char *receipt[2];
	json_int_t p = verified_pair(op, receipt);

	/* staff enter giver 0's form, then giver 0 tries the receipt */
	struct resp r = rate(U_POINT1A, p, "satisfied", op[0]);
	assert_status(r, 201);
	assert_string_equal(jstr(r.json, "by"), "staff");
	assert_int_equal(jint(r.json, "opinion_id"), op[0]);
	resp_free(&r);
	assert_int_equal(rated(rate_public(receipt[0], "unsatisfied")), 409);
	/* nor may another account enter the same giver's form again */
	assert_int_equal(rated(rate(U_STATION1, p, "satisfied", op[0])), 409);

	/* giver 1 rates by receipt, then staff try to enter a form for them */
	assert_int_equal(rated(rate_public(receipt[1], "basically_satisfied")), 201);
	assert_int_equal(rated(rate(U_ADMIN, p, "satisfied", op[1])), 409);
	assert_int_equal(rated(rate_public(receipt[1], "satisfied")), 409);

	/* the giver's form does not use up the staff member's own rating */
	assert_int_equal(rated(rate(U_POINT1A, p, "satisfied", 0)), 201);

	/* an opinion of another problem is not this problem's giver */
	json_int_t other = h_opinion(&F, U_POINT1A, F.dept[0], "其他问题", NULL, NULL, NULL);
	r = rate(U_ADMIN, p, "satisfied", other);
	assert_problem(r, 400);
	assert_non_null(strstr(r.body, "opinion_id"));
	resp_free(&r);
	r = rate(U_ADMIN, p, "satisfied", 0);
	resp_free(&r);

	json_t *ev = evaluations(p);
	assert_int_equal(json_array_size(ev), 4);
	int public_ = 0, giver = 0;
	size_t i;
	json_t *e;
	json_array_foreach(ev, i, e)
	{
		public_ += strcmp(jstr(e, "by"), "public") == 0;
		giver += json_integer_value(json_object_get(e, "opinion_id")) != 0;
	}
	assert_int_equal(public_, 1);
	assert_int_equal(giver, 2);
	json_decref(ev);
	free(receipt[0]);
	free(receipt[1]);
}

/* The receipt rates the rectification: staff see it in the reply that issues it only. */
static void test_receipt_shown_once(void **state)
{
	(void)state;
	char *receipt;
	json_int_t op = h_opinion(&F, U_POINT1A, F.dept[0], "办事指南更新不及时", "李四",
				  "13900000000", &receipt);
	const enum h_user staff[] = {U_ADMIN, U_STATION1, U_POINT1A, U_LEADER};
	for (size_t i = 0; i < sizeof staff / sizeof *staff; i++) {
		struct resp r = h_get(F.tok[staff[i]], API "/opinions/%lld", (long long)op);
		assert_status(r, 200);
		assert_null(json_object_get(r.json, "receipt"));
		assert_null(strstr(r.body, receipt));
		resp_free(&r);
		r = h_get(F.tok[staff[i]], API "/opinions?limit=500");
		assert_status(r, 200);
		assert_null(strstr(r.body, receipt));
		resp_free(&r);
	}
	/* the giver's name and phone are still there for those who may see them */
	struct resp r = h_get(F.tok[U_POINT1A], API "/opinions/%lld", (long long)op);
	assert_string_equal(jstr(r.json, "submitter_name"), "李四");
	resp_free(&r);
	/* nor in form 1, in any format */
	const char *fmts[] = {"", "?format=csv"};
	for (int i = 0; i < 2; i++) {
		r = h_get(F.tok[U_ADMIN], API "/campaigns/%lld/forms/1%s", (long long)F.campaign,
			  fmts[i]);
		assert_status(r, 200);
		assert_null(strstr(r.body, receipt));
		assert_null(strstr(r.body, "回执号"));
		resp_free(&r);
	}
	/* the giver still tracks with it */
	r = h_get(NULL, API "/public/track/%s", receipt);
	assert_status(r, 200);
	resp_free(&r);
	free(receipt);
}

static void expect_field(struct resp r, long status, const char *field)
{
	assert_problem(r, status);
	if (strstr(r.body, field) == NULL)
		fail_msg("%s: the error does not name %s: %s", r.what, field, r.body);
	resp_free(&r);
}

/* A deadline that never comes: due_on is capped like due_workdays. */
static void test_due_on_capped(void **state)
{
	(void)state;
	json_int_t op = h_opinion(&F, U_POINT1A, F.dept[0], "审批超时", NULL, NULL, NULL);
	json_int_t p = h_problem(&F, U_STATION1, F.dept[0], NULL, &op, 1);
	const char *far[] = {"9999-12-31", "2028-01-01"};
	for (int i = 0; i < 2; i++)
		expect_field(
			h_stage(F.tok[U_STATION1], p, "dispatch",
				json_pack("{s:I, s:s}", "unit_id", F.dept[0], "due_on", far[i])),
			400, "due_on");
	/* 250 working days from 2026-03-02 end in 2027; a date within them is accepted */
	struct resp r =
		h_stage(F.tok[U_STATION1], p, "dispatch",
			json_pack("{s:I, s:s}", "unit_id", F.dept[0], "due_on", "2026-12-31"));
	assert_status(r, 200);
	resp_free(&r);
	expect_field(h_stage(F.tok[U_ADMIN], p, "flag",
			     json_pack("{s:b, s:s}", "flagged", 1, "due_on", "9999-12-31")),
		     400, "due_on");
	r = h_stage(F.tok[U_UNIT1], p, "acknowledge", json_object());
	assert_status(r, 200);
	resp_free(&r);
	expect_field(
		h_stage(F.tok[U_UNIT1], p, "extension",
			json_pack("{s:s, s:s}", "due_on", "9999-12-31", "reason", "资金未到位")),
		400, "due_on");
	/* the problem kept its deadline */
	r = h_get(F.tok[U_ADMIN], API "/problems/%lld", (long long)p);
	assert_string_equal(jstr(r.json, "due_on"), "2026-12-31");
	assert_false(jtrue(r.json, "flagged"));
	resp_free(&r);
}

static struct resp opinion_at(const char *received_at)
{
	return h_post(F.tok[U_POINT1A],
		      json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "campaign_id", F.campaign,
				"target_unit_id", F.dept[0], "dimension", "conduct", "source",
				"public", "channel", "form", "content", "补录的意见", "received_at",
				received_at),
		      API "/opinions");
}

/* An opinion from before the campaign, or from the future, or back-dated too far. */
static void test_received_at_bounded(void **state)
{
	(void)state;
	json_t *before = h_list_all(F.tok[U_ADMIN], API "/opinions", 500);
	/* the campaign's survey starts 2026-02-20 */
	expect_field(opinion_at("2022-06-01T10:00:00+08:00"), 400, "received_at");
	expect_field(opinion_at("2026-02-19T23:59:59+08:00"), 400, "received_at");
	expect_field(opinion_at("2026-03-02T09:00:01+08:00"), 400, "received_at");
	struct resp r = opinion_at("2026-02-20T00:00:00+08:00");
	assert_status(r, 201);
	resp_free(&r);
	/* back-dating is limited to backdate_days (60 by default; 5 here) */
	char *out = NULL;
	assert_int_equal(
		h_cli(NULL, &out, "config", "set", "--db", h_srv.db, "backdate_days", "5", NULL),
		0);
	free(out);
	assert_int_equal(h_restart(NULL), 0);
	h_fixture_relogin(&F);
	r = opinion_at("2026-02-24T09:00:00+08:00");
	assert_problem(r, 400);
	assert_non_null(strstr(r.body, "5 days"));
	resp_free(&r);
	r = opinion_at("2026-02-25T09:00:00+08:00");
	assert_status(r, 201);
	resp_free(&r);
	assert_int_equal(
		h_cli(NULL, &out, "config", "set", "--db", h_srv.db, "backdate_days", "60", NULL),
		0);
	free(out);
	assert_int_equal(h_restart(NULL), 0);
	h_fixture_relogin(&F);
	json_t *after = h_list_all(F.tok[U_ADMIN], API "/opinions", 500);
	assert_int_equal(json_array_size(after), json_array_size(before) + 2);
	json_decref(before);
	json_decref(after);
}

/* A station dispatches only to the units it follows; the office to any. */
static void test_station_dispatch_scope(void **state)
{
	(void)state;
	json_int_t op = h_opinion(&F, U_POINT1A, F.dept[0], "职责不清", NULL, NULL, NULL);
	json_int_t p = h_problem(&F, U_STATION1, F.dept[0], NULL, &op, 1);
	/* department 2 and the street are station 2's */
	const json_int_t others[] = {F.dept[1], F.street};
	for (int i = 0; i < 2; i++)
		expect_field(h_stage(F.tok[U_STATION1], p, "dispatch",
				     json_pack("{s:I}", "unit_id", others[i])),
			     403, "follows");
	char *s = h_pstatus(&F, p);
	assert_string_equal(s, "open");
	free(s);
	struct resp r =
		h_stage(F.tok[U_STATION1], p, "dispatch", json_pack("{s:I}", "unit_id", F.dept[2]));
	assert_status(r, 200);
	resp_free(&r);
	r = h_stage(F.tok[U_UNIT1], p, "acknowledge", json_object());
	assert_status_in(r, 403, 404);
	resp_free(&r);
}

/* Department 2's entry in the whole campaign's unit scores (the caller decrefs). */
static json_t *dept2_scores(void)
{
	struct resp r = h_get(F.tok[U_ADMIN], API "/campaigns/%lld/scores?level=unit",
			      (long long)F.campaign);
	assert_status(r, 200);
	json_t *it = json_incref(h_find_id(r.json, F.dept[1]));
	resp_free(&r);
	assert_non_null(it);
	return it;
}

static void expect_rate(const json_t *it, const char *key, long long num, long long den)
{
	json_t *r = json_object_get(it, key);
	if (jint(r, "numerator") != num || jint(r, "denominator") != den)
		fail_msg("department 2 %s: %lld/%lld, want %lld/%lld", key,
			 (long long)jint(r, "numerator"), (long long)jint(r, "denominator"), num,
			 den);
}

static void restart_at(const char *now)
{
	assert_int_equal(h_restart(now), 0);
	h_fixture_relogin(&F);
}

/*
 * Lateness stays: a unit that held a problem past its deadlines and then returned it, or
 * had it re-dispatched with fresh deadlines, or was granted an extension after the
 * deadline, keeps the late acknowledgement and answer in its rates.
 */
static void test_lateness_stays(void **state)
{
	(void)state;
	json_int_t op = h_opinion(&F, U_POINT2A, F.dept[1], "许可证办理超时", NULL, NULL, NULL);
	json_int_t p = h_problem(&F, U_STATION2, F.dept[1], NULL, &op, 1);
	struct resp r = h_stage(F.tok[U_STATION2], p, "dispatch",
				json_pack("{s:I, s:i}", "unit_id", F.dept[1], "due_workdays", 3));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "ack_due_on"), "2026-03-03");
	assert_string_equal(jstr(r.json, "due_on"), "2026-03-05");
	resp_free(&r);

	/* Five weeks later the unit returns it, never acknowledged nor answered. */
	restart_at("2026-04-08T10:00:00+08:00");
	r = h_stage(F.tok[U_UNIT2], p, "return", json_pack("{s:s}", "reason", "不属于本单位职责"));
	assert_status(r, 200);
	resp_free(&r);
	json_t *it = dept2_scores();
	expect_rate(it, "on_time_ack_rate", 0, 1);
	expect_rate(it, "on_time_feedback_rate", 0, 1);
	expect_rate(it, "return_rate", 1, 1);
	json_decref(it);

	/* Re-dispatched with fresh deadlines: the old dispatch is still late, the new one not
	 * yet judged. */
	r = h_stage(F.tok[U_ADMIN], p, "dispatch",
		    json_pack("{s:I, s:i}", "unit_id", F.dept[1], "due_workdays", 3));
	assert_status(r, 200);
	resp_free(&r);
	it = dept2_scores();
	expect_rate(it, "on_time_ack_rate", 0, 1);
	expect_rate(it, "on_time_feedback_rate", 0, 1);
	expect_rate(it, "return_rate", 1, 2);
	json_decref(it);

	/* Acknowledged on time; the answer is late (due 04-13), and an extension granted
	 * afterwards does not make it on time. */
	r = h_stage(F.tok[U_UNIT2], p, "acknowledge", json_object());
	assert_status(r, 200);
	resp_free(&r);
	restart_at("2026-04-15T10:00:00+08:00");
	r = h_stage(F.tok[U_UNIT2], p, "extension",
		    json_pack("{s:s, s:s}", "due_on", "2026-04-30", "reason", "需协调"));
	assert_status(r, 200);
	resp_free(&r);
	r = h_stage(F.tok[U_ADMIN], p, "extension/decision", json_pack("{s:b}", "approved", 1));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "due_on"), "2026-04-30");
	resp_free(&r);
	r = h_stage(F.tok[U_UNIT2], p, "feedback", json_pack("{s:s}", "reply", "已整改"));
	assert_status(r, 200);
	resp_free(&r);
	it = dept2_scores();
	expect_rate(it, "on_time_ack_rate", 1, 2);
	expect_rate(it, "on_time_feedback_rate", 0, 2);
	json_decref(it);

	/* An extension granted before the deadline does move it: answered after the old
	 * deadline but by the new one is on time. */
	json_int_t op2 = h_opinion(&F, U_POINT2A, F.dept[1], "窗口排队", NULL, NULL, NULL);
	json_int_t q = h_problem(&F, U_STATION2, F.dept[1], NULL, &op2, 1);
	r = h_stage(F.tok[U_STATION2], q, "dispatch",
		    json_pack("{s:I, s:i}", "unit_id", F.dept[1], "due_workdays", 2));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "due_on"), "2026-04-17");
	resp_free(&r);
	r = h_stage(F.tok[U_UNIT2], q, "acknowledge", json_object());
	assert_status(r, 200);
	resp_free(&r);
	r = h_stage(F.tok[U_UNIT2], q, "extension",
		    json_pack("{s:s, s:s}", "due_on", "2026-04-24", "reason", "需协调"));
	assert_status(r, 200);
	resp_free(&r);
	r = h_stage(F.tok[U_ADMIN], q, "extension/decision", json_pack("{s:b}", "approved", 1));
	assert_status(r, 200);
	resp_free(&r);
	restart_at("2026-04-22T10:00:00+08:00");
	r = h_stage(F.tok[U_UNIT2], q, "feedback", json_pack("{s:s}", "reply", "已答复"));
	assert_status(r, 200);
	resp_free(&r);
	it = dept2_scores();
	expect_rate(it, "on_time_ack_rate", 2, 3);
	expect_rate(it, "on_time_feedback_rate", 1, 3);
	json_decref(it);
	restart_at(H_NOW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_own_rating_per_account),
		cmocka_unit_test(test_one_rating_per_opinion),
		cmocka_unit_test(test_receipt_shown_once),
		cmocka_unit_test(test_due_on_capped),
		cmocka_unit_test(test_received_at_bounded),
		cmocka_unit_test(test_station_dispatch_scope),
		cmocka_unit_test(test_lateness_stays),
	};
	h_suite(&F, NULL);
	return cmocka_run_group_tests_name("api integrity", tests, h_group_setup, h_group_teardown);
}
