/*
 * The reads the web UI's pages make: GET /summary (the home page's counts, scoped like the
 * lists of each role), GET /opinions/{id}/similar (received opinions that resemble one,
 * by character bigrams) and GET /calendar/due (a deadline in working days, as dispatch
 * computes it), with real values after a small pipeline built through the API.
 */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fixture F;

static const char *const pstatuses[] = {"open",     "dispatched", "acknowledged",
					"answered", "rectifying", "rectified",
					"verified", "closed",     "returned"};
enum { NPSTATUS = sizeof pstatuses / sizeof *pstatuses };

static json_t *summary_of(const char *tok, const char *query)
{
	struct resp r = h_get(tok, API "/summary%s", query ? query : "");
	assert_status(r, 200);
	json_t *j = json_incref(r.json);
	resp_free(&r);
	return j;
}

static json_int_t num(const json_t *j, const char *a, const char *b)
{
	const json_t *o = json_object_get(j, a);
	if (o == NULL)
		fail_msg("no member %s", a);
	if (b)
		o = json_object_get(o, b);
	if (!json_is_integer(o))
		fail_msg("%s.%s is not an integer", a, b ? b : "");
	return json_integer_value(o);
}

/* The expected counts of one caller's summary. */
struct want {
	int has_opinions;
	json_int_t op_total, op_received, op_merged, op_rejected;
	json_int_t by_status[NPSTATUS];
	json_int_t overdue, flagged, ext, due_soon, await_verif, await_eval, reminded, escalated;
	json_int_t funnel[5];
};

static void check_summary(const char *who, const json_t *j, const struct want *w)
{
	char *d = json_dumps(j, JSON_COMPACT);
	if (w->has_opinions) {
		json_t *o = json_object_get(j, "opinions");
		if (!json_is_object(o))
			fail_msg("%s: no opinions: %s", who, d);
		if (num(j, "opinions", "total") != w->op_total ||
		    num(j, "opinions", "received") != w->op_received ||
		    num(j, "opinions", "merged") != w->op_merged ||
		    num(j, "opinions", "rejected") != w->op_rejected)
			fail_msg("%s: opinions %lld/%lld/%lld/%lld wanted: %s", who,
				 (long long)w->op_total, (long long)w->op_received,
				 (long long)w->op_merged, (long long)w->op_rejected, d);
	} else if (json_object_get(j, "opinions") != NULL) {
		fail_msg("%s may not read opinions, yet has their counts: %s", who, d);
	}
	json_int_t total = 0;
	const json_t *bs = json_object_get(json_object_get(j, "problems"), "by_status");
	if (json_object_size(bs) != NPSTATUS)
		fail_msg("%s: by_status must have every status: %s", who, d);
	for (int i = 0; i < NPSTATUS; i++) {
		const json_t *v = json_object_get(bs, pstatuses[i]);
		if (!json_is_integer(v) || json_integer_value(v) != w->by_status[i])
			fail_msg("%s: by_status.%s wanted %lld: %s", who, pstatuses[i],
				 (long long)w->by_status[i], d);
		total += w->by_status[i];
	}
	static const char *const keys[] = {"overdue",
					   "flagged",
					   "extension_pending",
					   "due_soon",
					   "awaiting_verification",
					   "awaiting_evaluation",
					   "reminded",
					   "escalated"};
	const json_int_t vals[] = {w->overdue,     w->flagged,    w->ext,      w->due_soon,
				   w->await_verif, w->await_eval, w->reminded, w->escalated};
	if (num(j, "problems", "total") != total)
		fail_msg("%s: problems.total wanted %lld: %s", who, (long long)total, d);
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (num(j, "problems", keys[i]) != vals[i])
			fail_msg("%s: problems.%s wanted %lld: %s", who, keys[i],
				 (long long)vals[i], d);
	static const char *const labels[] = {"征求意见表", "意见汇总表", "意见反馈表", "整改情况表",
					     "整改效果表"};
	const json_t *fn = json_object_get(j, "funnel");
	if (json_array_size(fn) != 5)
		fail_msg("%s: the funnel has five forms: %s", who, d);
	for (int i = 0; i < 5; i++) {
		const json_t *e = json_array_get(fn, (size_t)i);
		if (jint(e, "form") != i + 1 || jstr(e, "label") == NULL ||
		    strcmp(jstr(e, "label"), labels[i]) != 0 || jint(e, "count") != w->funnel[i])
			fail_msg("%s: funnel form %d wanted %s %lld: %s", who, i + 1, labels[i],
				 (long long)w->funnel[i], d);
	}
	free(d);
}

static void test_summary_empty(void **state)
{
	(void)state;
	struct want zero = {.has_opinions = 1};
	json_t *j = summary_of(F.tok[U_ADMIN], NULL);
	assert_true(json_is_null(json_object_get(j, "campaign_id")));
	assert_string_equal(jstr(j, "today"), "2026-03-02");
	/* Three working days after Monday 2026-03-02. */
	assert_string_equal(jstr(j, "due_soon_until"), "2026-03-05");
	check_summary("admin", j, &zero);
	json_decref(j);
	zero.has_opinions = 0;
	j = summary_of(F.tok[U_UNIT1], NULL);
	check_summary("unit_dept1", j, &zero);
	json_decref(j);

	struct resp r = h_get(NULL, API "/summary");
	assert_problem(r, 401);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/summary?campaign_id=abc");
	assert_problem(r, 400);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/summary?campaign_id=999999");
	assert_problem(r, 404);
	resp_free(&r);
}

static void stage_ok(const char *tok, json_int_t id, const char *stage, json_t *body)
{
	struct resp r = h_stage(tok, id, stage, body);
	assert_status_in(r, 200, 201);
	resp_free(&r);
}

static void test_summary_per_role(void **state)
{
	(void)state;
	const char *adm = F.tok[U_ADMIN];
	/* Point 1a: three opinions about department 1, one of them rejected, one left received. */
	json_int_t o1 = h_opinion(&F, U_POINT1A, F.dept[0], "办事拖沓", NULL, NULL, NULL);
	json_int_t o2 = h_opinion(&F, U_POINT1A, F.dept[0], "材料反复退回", NULL, NULL, NULL);
	json_int_t o3 = h_opinion(&F, U_POINT1A, F.dept[0], "与作风无关的意见", NULL, NULL, NULL);
	h_opinion(&F, U_POINT1A, F.dept[0], "窗口午休无人", NULL, NULL, NULL);
	struct resp r = h_post(F.tok[U_STATION1], json_pack("{s:s}", "reason", "不属于评议范围"),
			       API "/opinions/%lld/reject", (long long)o3);
	assert_status(r, 200);
	resp_free(&r);
	/* Station 1's own opinion about department 1, received. */
	h_opinion(&F, U_STATION1, F.dept[0], "审批时限过长", NULL, NULL, NULL);
	/* Point 2a: two about department 2. */
	json_int_t o4 = h_opinion(&F, U_POINT2A, F.dept[1], "收费不透明", NULL, NULL, NULL);
	json_int_t o5 = h_opinion(&F, U_POINT2A, F.dept[1], "电话无人接听", NULL, NULL, NULL);

	/* P1 (department 1, two opinions): verified, with one satisfied rating. */
	json_int_t ids[2] = {o1, o2};
	json_int_t p1 = h_problem(&F, U_STATION1, F.dept[0], NULL, ids, 2);
	h_advance(&F, p1, F.dept[0], "verified");
	stage_ok(adm, p1, "evaluations",
		 json_pack("{s:s, s:s}", "rating", "satisfied", "note", ""));
	/* P2 (department 2): dispatched, due in three working days (due soon), flagged, with an
	 * extension request pending. */
	json_int_t p2 = h_problem(&F, U_STATION2, F.dept[1], NULL, &o4, 1);
	r = h_stage(F.tok[U_STATION2], p2, "dispatch",
		    json_pack("{s:I, s:i}", "unit_id", (json_int_t)F.dept[1], "due_workdays", 3));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "due_on"), "2026-03-05");
	resp_free(&r);
	stage_ok(adm, p2, "flag", json_pack("{s:b}", "flagged", 1));
	stage_ok(F.tok[U_UNIT2], p2, "extension",
		 json_pack("{s:s, s:s}", "due_on", "2026-03-20", "reason", "需要协调"));
	/* P3 (department 2): open. */
	h_problem(&F, U_STATION2, F.dept[1], NULL, &o5, 1);
	/* P4 (department 1, one more opinion of point 1a): verified, no rating yet. */
	h_problem_in(&F, "verified");

	/* Everything: 8 opinions (2 received, 5 merged, 1 rejected), 4 problems. */
	struct want all = {
		.has_opinions = 1,
		.op_total = 8,
		.op_received = 2,
		.op_merged = 5,
		.op_rejected = 1,
		.by_status = {[0] = 1, [1] = 1, [6] = 2},
		.flagged = 1,
		.ext = 1,
		.due_soon = 1,
		.await_eval = 1,
		/* the forms' rows: every opinion, every problem, those ever dispatched (P1 P2
		 * P4), answered (P1 P4), verified at least once (P1 P4) */
		.funnel = {8, 4, 3, 2, 2},
	};
	json_t *j = summary_of(adm, NULL);
	check_summary("admin", j, &all);
	json_decref(j);
	j = summary_of(F.tok[U_LEADER], NULL);
	check_summary("leader", j, &all);
	json_decref(j);
	char q[64];
	snprintf(q, sizeof q, "?campaign_id=%lld", (long long)F.campaign);
	j = summary_of(adm, q);
	assert_int_equal(jint(j, "campaign_id"), F.campaign);
	check_summary("admin, campaign", j, &all);
	json_decref(j);

	/* Station 1: its points' and its own opinions and those about department 1 (6), the
	 * problems of department 1 (P1, P4). */
	struct want st1 = {
		.has_opinions = 1,
		.op_total = 6,
		.op_received = 2,
		.op_merged = 3,
		.op_rejected = 1,
		.by_status = {[6] = 2},
		.await_eval = 1,
		.funnel = {6, 2, 2, 2, 2},
	};
	j = summary_of(F.tok[U_STATION1], NULL);
	check_summary("station1", j, &st1);
	json_decref(j);

	/* Point 1a: only the opinions it collected (not station 1's own), and their problems. */
	struct want pt1 = st1;
	pt1.op_total = 5;
	pt1.op_received = 1;
	pt1.funnel[0] = 5;
	j = summary_of(F.tok[U_POINT1A], NULL);
	check_summary("point1a", j, &pt1);
	json_decref(j);

	/* Point 2a: its two opinions, both merged, and P2 and P3. */
	struct want pt2 = {
		.has_opinions = 1,
		.op_total = 2,
		.op_merged = 2,
		.by_status = {[0] = 1, [1] = 1},
		.flagged = 1,
		.ext = 1,
		.due_soon = 1,
		.funnel = {2, 2, 1, 0, 0}, /* P2 dispatched */
	};
	j = summary_of(F.tok[U_POINT2A], NULL);
	check_summary("point2a", j, &pt2);
	json_decref(j);

	/* Units: the problems dispatched to them (P3 is open: not yet department 2's), no
	 * opinion counts, and form 1 counted as the opinions merged into those problems. */
	struct want u1 = {
		.by_status = {[6] = 2},
		.await_eval = 1,
		.funnel = {3, 2, 2, 2, 2},
	};
	j = summary_of(F.tok[U_UNIT1], NULL);
	check_summary("unit_dept1", j, &u1);
	json_decref(j);
	struct want u2 = {
		.by_status = {[1] = 1},
		.flagged = 1,
		.ext = 1,
		.due_soon = 1,
		.funnel = {1, 1, 1, 0, 0},
	};
	j = summary_of(F.tok[U_UNIT2], NULL);
	check_summary("unit_dept2", j, &u2);
	json_decref(j);
}

/* ---- similar opinions ---- */

static json_t *similar(const char *tok, json_int_t id, const char *query, long want_status)
{
	struct resp r =
		h_get(tok, API "/opinions/%lld/similar%s", (long long)id, query ? query : "");
	if (want_status != 200) {
		assert_problem(r, want_status);
		resp_free(&r);
		return NULL;
	}
	assert_status(r, 200);
	assert_true(json_is_null(json_object_get(r.json, "next")));
	json_t *items = json_incref(h_items(r.json));
	assert_non_null(items);
	resp_free(&r);
	return items;
}

/* @p items must be exactly the opinions @p ids with similarities @p sims, in that order. */
static void expect_ranked(const json_t *items, const json_int_t *ids, const double *sims, size_t n)
{
	char *d = json_dumps(items, JSON_COMPACT);
	if (json_array_size(items) != n)
		fail_msg("want %zu similar opinions: %.2000s", n, d);
	for (size_t i = 0; i < n; i++) {
		const json_t *it = json_array_get(items, i);
		const json_t *s = json_object_get(it, "similarity");
		if (jint(it, "id") != ids[i] || !json_is_number(s) ||
		    fabs(json_number_value(s) - sims[i]) > 1e-9)
			fail_msg("#%zu: want opinion %lld at %.4f: %.2000s", i, (long long)ids[i],
				 sims[i], d);
		assert_string_equal(jstr(it, "status"), "received");
		assert_non_null(jstr(it, "content"));
	}
	free(d);
}

static void test_similar(void **state)
{
	(void)state;
	const char *adm = F.tok[U_ADMIN];
	json_int_t d3 = F.dept[2];
	const char *near = "社保窗口排队时间长";
	json_int_t ref = h_opinion(&F, U_POINT1A, d3, "社保窗口排队时间长，群众等候超过一小时",
				   "甲", "13800000001", NULL);
	json_int_t a = h_opinion(&F, U_POINT1A, d3, near, NULL, NULL, NULL);
	json_int_t b = h_opinion(&F, U_POINT1A, d3, "社保窗口人员态度差", NULL, NULL, NULL);
	h_opinion(&F, U_POINT1A, d3, "道路积水严重", NULL, NULL, NULL);
	/* The same text about another unit, merged into a problem, rejected: never candidates. */
	h_opinion(&F, U_POINT1A, F.dept[0], near, NULL, NULL, NULL);
	json_int_t merged = h_opinion(&F, U_POINT1A, d3, near, NULL, NULL, NULL);
	h_problem(&F, U_STATION1, d3, NULL, &merged, 1);
	json_int_t rejected = h_opinion(&F, U_POINT1A, d3, near, NULL, NULL, NULL);
	struct resp r = h_post(F.tok[U_STATION1], json_pack("{s:s}", "reason", "重复"),
			       API "/opinions/%lld/reject", (long long)rejected);
	assert_status(r, 200);
	resp_free(&r);
	/* The same text collected by point 2a (station 2): the office sees it, point 1a not. */
	json_int_t other = h_opinion(&F, U_POINT2A, d3, near, NULL, NULL, NULL);

	/* 16/25 for the near texts (a tie: newest first), 6/25 for b; the unrelated one is out. */
	json_t *items = similar(adm, ref, NULL, 200);
	expect_ranked(items, (json_int_t[]){other, a, b}, (double[]){0.64, 0.64, 0.24}, 3);
	/* The office sees the givers' names, as in the list, but never their receipts. */
	assert_non_null(json_object_get(json_array_get(items, 0), "submitter_name"));
	assert_null(json_object_get(json_array_get(items, 0), "receipt"));
	json_decref(items);
	items = similar(F.tok[U_STATION1], ref, NULL, 200);
	expect_ranked(items, (json_int_t[]){other, a, b}, (double[]){0.64, 0.64, 0.24}, 3);
	json_decref(items);
	items = similar(F.tok[U_LEADER], ref, NULL, 200);
	expect_ranked(items, (json_int_t[]){other, a, b}, (double[]){0.64, 0.64, 0.24}, 3);
	assert_null(json_object_get(json_array_get(items, 0), "receipt"));
	json_decref(items);
	items = similar(F.tok[U_POINT1A], ref, NULL, 200);
	expect_ranked(items, (json_int_t[]){a, b}, (double[]){0.64, 0.24}, 2);
	json_decref(items);
	/* From a's side the reference scores 16/25 too, and the others are exact copies. */
	items = similar(F.tok[U_POINT1A], a, "?min=0.9", 200);
	expect_ranked(items, NULL, NULL, 0);
	json_decref(items);
	items = similar(adm, a, "?min=0.9", 200);
	expect_ranked(items, (json_int_t[]){other}, (double[]){1.0}, 1);
	json_decref(items);

	items = similar(adm, ref, "?min=0.5", 200);
	expect_ranked(items, (json_int_t[]){other, a}, (double[]){0.64, 0.64}, 2);
	json_decref(items);
	items = similar(adm, ref, "?limit=1", 200);
	expect_ranked(items, (json_int_t[]){other}, (double[]){0.64}, 1);
	json_decref(items);
	items = similar(adm, ref, "?min=0&limit=50", 200);
	expect_ranked(items, (json_int_t[]){other, a, b}, (double[]){0.64, 0.64, 0.24}, 3);
	json_decref(items);

	/* Out of scope, never readable, absent: 404. */
	similar(F.tok[U_POINT2A], ref, NULL, 404);
	similar(F.tok[U_UNIT1], ref, NULL, 404);
	similar(adm, 999999, NULL, 404);
	/* Bad parameters: 400. */
	similar(adm, ref, "?limit=0", 400);
	similar(adm, ref, "?limit=51", 400);
	similar(adm, ref, "?limit=x", 400);
	similar(adm, ref, "?min=1.5", 400);
	similar(adm, ref, "?min=-0.1", 400);
	similar(adm, ref, "?min=abc", 400);
	r = h_get(NULL, API "/opinions/%lld/similar", (long long)ref);
	assert_problem(r, 401);
	resp_free(&r);
}

/* ---- due dates ---- */

static void expect_due(const char *tok, const char *query, const char *from, int workdays,
		       const char *due_on)
{
	struct resp r = h_get(tok, API "/calendar/due?%s", query);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "from"), from);
	assert_int_equal(jint(r.json, "workdays"), workdays);
	assert_string_equal(jstr(r.json, "due_on"), due_on);
	resp_free(&r);
}

static void set_day(const char *day, const char *kind)
{
	struct resp r =
		h_put(F.tok[U_ADMIN], json_pack("{s:s}", "kind", kind), API "/calendar/%s", day);
	assert_status(r, 200);
	resp_free(&r);
}

static void test_calendar_due(void **state)
{
	(void)state;
	const char *adm = F.tok[U_ADMIN];
	/* Plain weekends first: Friday + 1 is Monday. */
	expect_due(adm, "workdays=1&from=2026-03-06", "2026-03-06", 1, "2026-03-09");
	expect_due(adm, "workdays=5", "2026-03-02", 5, "2026-03-09");
	/* Wednesday 2026-03-04 a holiday: five working days from Monday end on Tuesday. */
	set_day("2026-03-04", "holiday");
	expect_due(adm, "workdays=5", "2026-03-02", 5, "2026-03-10");
	expect_due(adm, "workdays=5&from=2026-03-02", "2026-03-02", 5, "2026-03-10");
	/* Defaults per severity: urgent 2 (Tuesday, then Thursday), normal 10. */
	expect_due(adm, "severity=urgent", "2026-03-02", 2, "2026-03-05");
	expect_due(adm, "severity=normal", "2026-03-02", 10, "2026-03-17");
	expect_due(adm, "severity=important&from=2026-03-02", "2026-03-02", 15, "2026-03-24");
	/* A make-up working day on Saturday 2026-03-07. */
	set_day("2026-03-07", "workday");
	expect_due(adm, "workdays=1&from=2026-03-06", "2026-03-06", 1, "2026-03-07");
	expect_due(adm, "workdays=5", "2026-03-02", 5, "2026-03-09");
	struct resp r = h_del(adm, API "/calendar/2026-03-07");
	assert_status(r, 204);
	resp_free(&r);

	/* Dispatch counts the same way. */
	json_int_t p = h_problem_in(&F, "open");
	r = h_stage(adm, p, "dispatch",
		    json_pack("{s:I, s:i}", "unit_id", (json_int_t)F.dept[0], "due_workdays", 5));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "due_on"), "2026-03-10");
	/* Its countdown on Monday 03-02: 03-03, 03-05, 03-06, 03-09, 03-10 (03-04 is off). */
	assert_int_equal(jint(r.json, "workdays_left"), 5);
	resp_free(&r);
	/* A working day again: the countdown follows the calendar at once. */
	r = h_del(adm, API "/calendar/2026-03-04");
	assert_status(r, 204);
	resp_free(&r);
	r = h_get(adm, API "/problems/%lld", (long long)p);
	assert_int_equal(jint(r.json, "workdays_left"), 6);
	resp_free(&r);
	set_day("2026-03-04", "holiday");

	/* Every logged-in role may ask. */
	for (int u = 0; u < U__N; u++)
		expect_due(F.tok[u], "workdays=1&from=2026-12-31", "2026-12-31", 1, "2027-01-01");
	/* The longest a dispatch takes (max_due_workdays, 250 by default): about a year. */
	r = h_get(adm, API "/calendar/due?workdays=250&from=2026-01-01");
	assert_status(r, 200);
	assert_int_equal(jint(r.json, "workdays"), 250);
	assert_true(strcmp(jstr(r.json, "due_on"), "2026-12-01") > 0);
	resp_free(&r);
	/* One more is refused in the words dispatch uses. */
	r = h_get(adm, API "/calendar/due?workdays=251");
	assert_problem(r, 400);
	assert_string_equal(jstr(json_array_get(json_object_get(r.json, "errors"), 0), "message"),
			    "must be 1 to 250 working days");
	resp_free(&r);
	r = h_stage(adm, h_problem_in(&F, "open"), "dispatch",
		    json_pack("{s:I, s:i}", "unit_id", (json_int_t)F.dept[0], "due_workdays", 251));
	assert_problem(r, 400);
	assert_string_equal(jstr(json_array_get(json_object_get(r.json, "errors"), 0), "message"),
			    "must be 1 to 250 working days");
	resp_free(&r);

	static const char *const bad[] = {
		"",
		"workdays=0",
		"workdays=251",
		"workdays=abc",
		"workdays=1.5",
		"workdays=",
		"severity=high",
		"workdays=3&severity=urgent",
		"workdays=3&from=2026-02-30",
		"severity=urgent&from=tomorrow",
		"from=2026-03-02",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		r = h_get(adm, API "/calendar/due?%s", bad[i]);
		if (r.status != 400)
			fail_msg("calendar/due?%s: want 400, got %ld: %.300s", bad[i], r.status,
				 r.body);
		assert_problem(r, 400);
		resp_free(&r);
	}
	r = h_get(NULL, API "/calendar/due?workdays=1");
	assert_problem(r, 401);
	resp_free(&r);
}

/* What the UI takes from the server: the district's day and time, and what a role may do. */
static void test_session_facts(void **state)
{
	(void)state;
	struct resp r = h_get(F.tok[U_ADMIN], API "/session");
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "today"), "2026-03-02");
	assert_string_equal(jstr(r.json, "now"), H_NOW);
	assert_true(
		h_json_has_string(json_object_get(r.json, "permissions"), "accountability_create"));
	json_t *path = json_object_get(r.json, "problem_path");
	assert_int_equal(json_array_size(path), 8);
	assert_string_equal(json_string_value(json_array_get(path, 0)), "open");
	assert_string_equal(json_string_value(json_array_get(path, 7)), "closed");
	assert_false(h_json_has_string(path, "returned"));
	resp_free(&r);
	r = h_get(F.tok[U_UNIT1], API "/session");
	assert_status(r, 200);
	json_t *perms = json_object_get(r.json, "permissions");
	assert_true(h_json_has_string(perms, "problem_read"));
	assert_false(h_json_has_string(perms, "accountability_create"));
	assert_false(h_json_has_string(perms, "opinion_read"));
	resp_free(&r);
	/* Logging in gives the same facts. */
	r = h_reqj(
		"POST", NULL,
		json_pack("{s:s, s:s}", "username", h_usernames[U_LEADER], "password", H_PASSWORD),
		API "/session");
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "today"), "2026-03-02");
	assert_true(h_json_has_string(json_object_get(r.json, "permissions"), "audit_verify"));
	resp_free(&r);
}

/* ---- later: overdue, reminded, escalated ---- */

static void test_summary_later(void **state)
{
	(void)state;
	/* Friday 2026-03-20: P2 (due 03-05) and the problem dispatched above (due 03-10) are
	 * overdue, and the sweep reminds and escalates both. */
	assert_int_equal(h_restart("2026-03-20T09:00:00+08:00"), 0);
	h_fixture_relogin(&F);
	struct resp r = h_post(F.tok[U_ADMIN], json_object(), API "/reminders/run");
	assert_status(r, 200);
	resp_free(&r);
	json_t *j = summary_of(F.tok[U_ADMIN], NULL);
	assert_string_equal(jstr(j, "today"), "2026-03-20");
	assert_int_equal(num(j, "problems", "overdue"), 2);
	assert_int_equal(num(j, "problems", "due_soon"), 0);
	assert_int_equal(num(j, "problems", "reminded"), 2);
	assert_int_equal(num(j, "problems", "escalated"), 2);
	json_decref(j);
	j = summary_of(F.tok[U_UNIT2], NULL);
	assert_int_equal(num(j, "problems", "overdue"), 1);
	assert_int_equal(num(j, "problems", "reminded"), 1);
	assert_int_equal(num(j, "problems", "escalated"), 1);
	json_decref(j);
	j = summary_of(F.tok[U_POINT2A], NULL);
	assert_int_equal(num(j, "problems", "overdue"), 1);
	json_decref(j);
	j = summary_of(F.tok[U_STATION1], NULL);
	assert_int_equal(num(j, "problems", "overdue"), 1);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_empty), cmocka_unit_test(test_summary_per_role),
		cmocka_unit_test(test_similar),       cmocka_unit_test(test_calendar_due),
		cmocka_unit_test(test_session_facts), cmocka_unit_test(test_summary_later),
	};
	h_suite(&F, NULL);
	return cmocka_run_group_tests_name("api_ui", tests, h_group_setup, h_group_teardown);
}
