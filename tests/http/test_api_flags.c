/*
 * Flagged cases and bulletins (挂牌限时整改, 通报), reminders (催办) and escalation (督办),
 * delisting (摘牌), and accountability records (问责), black-box through the API and the CLI.
 *
 * The clock runs through China's 2026 Labour Day, on the district calendar set up here:
 *
 *   Mon 04-27  T0: flags, bulletins, accountability     Wed 04-29, Thu 04-30
 *   Fri 05-01  holiday   Sat 05-02, Sun 05-03  weekend  Mon 05-04, Tue 05-05  holidays
 *   Wed 05-06  working day 1 after 04-30    Thu 05-07  2    Fri 05-08  3
 *   Sat 05-09  4 (make-up working day, 调休, declared on the day)  Sun 05-10  4
 *   Mon 05-11  5: escalation (escalate_after_workdays defaults to 5)    Tue 05-12  6
 *
 * Problem A is flagged with its own deadline Thu 04-30 (its due_on is later, 05-13).
 * Problem D is not flagged, due Tue 04-28; on 05-06 its deadline is extended to Fri 05-08.
 * Problem G is not flagged, due Thu 05-07.
 *
 * The server sweeps when it starts (and every --sweep-minutes, default 10), and the harness
 * cannot turn that off; so most checks rely only on what a problem's history holds
 * afterwards, and on POST /reminders/run counting exactly the events it made itself (those
 * whose actor is the admin). On Saturday 05-09 the start-up sweep is awaited (it reminds G),
 * then the make-up day is declared, which makes D late while the server runs: that reminder
 * is the endpoint's own. `wubiao sweep` runs while the server is stopped: exact counts.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct fixture F;

#define T0 "2026-04-27T09:00:00+08:00"

/* Every problem made here: the sweep's counts cover them all. */
static json_int_t tracked[32];
static int ntracked;
static json_int_t pA, pD, pG;

static void track(json_int_t id)
{
	assert_true(ntracked < (int)(sizeof tracked / sizeof tracked[0]));
	tracked[ntracked++] = id;
}

static int group_teardown(void **state)
{
	unsetenv("WUBIAO_NOW");
	return h_group_teardown(state);
}

static void restart_at(const char *now)
{
	assert_int_equal(h_restart(now), 0);
	h_fixture_relogin(&F);
}

static json_t *get_problem(const char *tok, json_int_t id)
{
	struct resp r = h_get(tok, API "/problems/%lld", (long long)id);
	assert_status(r, 200);
	json_t *j = json_incref(r.json);
	resp_free(&r);
	return j;
}

static json_t *events(json_int_t id)
{
	char path[96];
	snprintf(path, sizeof path, API "/problems/%lld/events", (long long)id);
	return h_list_all(F.tok[U_ADMIN], path, 500);
}

/* Events of @p kind in @p evs; @p actor: -1 any, 0 the system (null), else that user. */
static int count_kind(const json_t *evs, const char *kind, json_int_t actor)
{
	int n = 0;
	size_t i;
	json_t *e;
	json_array_foreach(evs, i, e)
	{
		const char *k = jstr(e, "kind");
		if (k == NULL || strcmp(k, kind) != 0)
			continue;
		json_t *a = json_object_get(e, "actor_user_id");
		if (actor == 0 && !json_is_null(a))
			continue;
		if (actor > 0 && json_integer_value(a) != actor)
			continue;
		n++;
	}
	return n;
}

static json_t *last_kind(const json_t *evs, const char *kind)
{
	json_t *found = NULL;
	size_t i;
	json_t *e;
	json_array_foreach(evs, i, e)
	{
		const char *k = jstr(e, "kind");
		if (k && strcmp(k, kind) == 0)
			found = e;
	}
	return found;
}

static int problem_count(json_int_t id, const char *kind)
{
	json_t *evs = events(id);
	int n = count_kind(evs, kind, -1);
	json_decref(evs);
	return n;
}

/* Check the last @p kind event of @p id: its deadline, overdue working days, flag. */
static void expect_sweep_event(json_int_t id, const char *kind, const char *deadline, int overdue,
			       int flagged, const char *status)
{
	json_t *evs = events(id);
	json_t *e = last_kind(evs, kind);
	if (e == NULL) {
		char *d = json_dumps(evs, JSON_COMPACT);
		fail_msg("problem %lld: no %s event: %.2000s", (long long)id, kind, d);
	}
	json_t *data = json_object_get(e, "data");
	assert_true(json_is_object(data));
	assert_non_null(jstr(data, "deadline"));
	assert_string_equal(jstr(data, "deadline"), deadline);
	assert_int_equal(jint(data, "overdue_workdays"), overdue);
	assert_int_equal(jtrue(data, "flagged"), flagged);
	assert_string_equal(jstr(e, "subject_type"), "problem");
	assert_int_equal(jint(e, "subject_id"), id);
	assert_string_equal(jstr(e, "from_status"), status);
	assert_string_equal(jstr(e, "to_status"), status);
	json_decref(evs);
}

/* The counts of events of @p kind made by the admin, over every tracked problem. */
static int admin_made(const char *kind)
{
	int n = 0;
	for (int i = 0; i < ntracked; i++) {
		json_t *evs = events(tracked[i]);
		n += count_kind(evs, kind, F.uid[U_ADMIN]);
		json_decref(evs);
	}
	return n;
}

/*
 * POST /reminders/run as the admin; its counts must equal the events it made itself.
 * @return the response's reminded and escalated through the pointers
 */
static void run_reminders(int *reminded, int *escalated)
{
	int rem0 = admin_made("problem.remind"), esc0 = admin_made("problem.escalate");
	struct resp r = h_post(F.tok[U_ADMIN], json_object(), API "/reminders/run");
	assert_status(r, 200);
	json_t *rv = json_object_get(r.json, "reminded"),
	       *ev = json_object_get(r.json, "escalated");
	if (!json_is_integer(rv) || !json_is_integer(ev))
		fail_msg("%s: want integer reminded and escalated: %.300s", r.what, r.body);
	*reminded = (int)json_integer_value(rv);
	*escalated = (int)json_integer_value(ev);
	resp_free(&r);
	assert_true(*reminded >= 0 && *escalated >= 0);
	assert_int_equal(admin_made("problem.remind") - rem0, *reminded);
	assert_int_equal(admin_made("problem.escalate") - esc0, *escalated);
}

/* GET /public/bulletins (no login); @return the row of problem @p id (a new reference) or NULL */
static json_t *bulletin_of(json_int_t id)
{
	json_t *all = h_list_all(NULL, API "/public/bulletins", 500);
	json_t *found = NULL;
	int n = 0;
	size_t i;
	json_t *b;
	json_array_foreach(all, i, b)
	{
		if (jint(b, "problem_id") == id) {
			found = json_incref(b);
			n++;
		}
	}
	json_decref(all);
	assert_true(n <= 1);
	return found;
}

/* A problem about department 1 dispatched to it with deadline @p due_on. */
static json_int_t dispatched_due(const char *due_on)
{
	json_int_t op =
		h_opinion(&F, U_POINT1A, F.dept[0], "审批材料反复要求补交", NULL, NULL, NULL);
	json_int_t p = h_problem(&F, U_STATION1, F.dept[0], NULL, &op, 1);
	struct resp r = h_stage(
		F.tok[U_ADMIN], p, "dispatch",
		json_pack("{s:I, s:s}", "unit_id", (json_int_t)F.dept[0], "due_on", due_on));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "due_on"), due_on);
	resp_free(&r);
	track(p);
	return p;
}

static json_int_t problem_in(const char *to)
{
	json_int_t p = h_problem_in(&F, to);
	track(p);
	return p;
}

static void expect_flags(json_int_t id, int flagged, int delisted)
{
	json_t *pj = get_problem(F.tok[U_ADMIN], id);
	if (!json_is_boolean(json_object_get(pj, "flagged")) || jtrue(pj, "flagged") != flagged ||
	    !json_is_boolean(json_object_get(pj, "delisted")) ||
	    jtrue(pj, "delisted") != delisted) {
		char *d = json_dumps(pj, JSON_COMPACT);
		fail_msg("problem %lld: want flagged %d delisted %d: %s", (long long)id, flagged,
			 delisted, d);
	}
	json_decref(pj);
}

static void expect_sweep_fields(json_int_t id, json_int_t days_left, int reminded, int escalated)
{
	json_t *pj = get_problem(F.tok[U_ADMIN], id);
	json_t *dl = json_object_get(pj, "flag_days_left");
	int ok = (days_left == INT64_MIN
			  ? json_is_null(dl)
			  : json_is_integer(dl) && json_integer_value(dl) == days_left) &&
		 json_is_boolean(json_object_get(pj, "reminded")) &&
		 jtrue(pj, "reminded") == reminded &&
		 json_is_boolean(json_object_get(pj, "escalated")) &&
		 jtrue(pj, "escalated") == escalated;
	if (!ok) {
		char *d = json_dumps(pj, JSON_COMPACT);
		fail_msg("problem %lld: want flag_days_left %lld reminded %d escalated %d: %s",
			 (long long)id, (long long)days_left, reminded, escalated, d);
	}
	json_decref(pj);
}

#define NO_DAYS INT64_MIN

/* ---- T0, Monday 04-27 ---- */

static void test_calendar(void **state)
{
	(void)state;
	static const char *const days[][2] = {
		{"2026-05-01", "holiday"},
		{"2026-05-04", "holiday"},
		{"2026-05-05", "holiday"},
	};
	for (int i = 0; i < 3; i++) {
		struct resp r = h_put(F.tok[U_ADMIN], json_pack("{s:s}", "kind", days[i][1]),
				      API "/calendar/%s", days[i][0]);
		assert_status(r, 200);
		resp_free(&r);
	}
	struct resp r = h_get(F.tok[U_ADMIN], API "/calendar?from=2026-04-01&to=2026-05-31");
	assert_status(r, 200);
	assert_int_equal(json_array_size(h_items(r.json)), 3);
	resp_free(&r);
}

static void test_flag_and_bulletin(void **state)
{
	(void)state;
	const char *text = "关于区住建局审批拖延问题挂牌限时整改的通报（2026第3号）";
	pA = problem_in("dispatched");
	json_t *pj = get_problem(F.tok[U_ADMIN], pA);
	char *title = strdup(jstr(pj, "title"));
	/* 10 working days from 04-27 on this calendar: 04-28..30, 05-06..08, 05-11..14 */
	assert_string_equal(jstr(pj, "due_on"), "2026-05-14");
	assert_true(json_is_null(json_object_get(pj, "flag_days_left")));
	json_decref(pj);

	struct resp r = h_stage(F.tok[U_ADMIN], pA, "flag",
				json_pack("{s:b, s:s, s:s}", "flagged", 1, "due_on", "2026-04-30",
					  "bulletin", text));
	assert_status(r, 200);
	assert_true(jtrue(r.json, "flagged"));
	assert_false(jtrue(r.json, "delisted"));
	assert_string_equal(jstr(r.json, "flag_due_on"), "2026-04-30");
	assert_string_equal(jstr(r.json, "due_on"), "2026-05-14");
	assert_string_equal(jstr(r.json, "status"), "dispatched");
	assert_int_equal(jint(r.json, "flag_days_left"), 3);
	resp_free(&r);
	expect_sweep_fields(pA, 3, 0, 0);

	/* The flag is an event naming the bulletin record. */
	json_t *evs = events(pA);
	json_t *e = last_kind(evs, "problem.flag");
	assert_non_null(e);
	json_t *data = json_object_get(e, "data");
	assert_true(jtrue(data, "flagged"));
	assert_string_equal(jstr(data, "due_on"), "2026-04-30");
	assert_string_equal(jstr(data, "bulletin"), text);
	assert_true(jint(data, "bulletin_id") > 0);
	json_decref(evs);

	/* Published: anyone reads it. */
	json_t *b = bulletin_of(pA);
	if (b == NULL)
		fail_msg("problem %lld is not among the public bulletins", (long long)pA);
	assert_string_equal(jstr(b, "bulletin"), text);
	assert_string_equal(jstr(b, "title"), title);
	assert_string_equal(jstr(b, "unit_name"), "区住建局");
	assert_string_equal(jstr(b, "flag_due_on"), "2026-04-30");
	assert_string_equal(jstr(b, "status"), "dispatched");
	assert_true(json_is_true(json_object_get(b, "flagged")));
	assert_true(json_is_false(json_object_get(b, "delisted")));
	assert_string_equal(jstr(b, "published_at"), T0);
	json_decref(b);
	r = h_get(NULL, API "/public/bulletins");
	assert_status(r, 200);
	assert_null(strstr(r.body, "王五"));
	assert_null(strstr(r.body, "13700000000"));
	resp_free(&r);

	/* Only the office flags; a flag deadline in the past is refused. */
	r = h_stage(F.tok[U_STATION1], pA, "flag", json_pack("{s:b}", "flagged", 0));
	assert_problem(r, 403);
	resp_free(&r);
	r = h_stage(F.tok[U_ADMIN], pA, "flag",
		    json_pack("{s:b, s:s}", "flagged", 1, "due_on", "2026-04-26"));
	assert_problem(r, 400);
	resp_free(&r);
	r = h_stage(F.tok[U_ADMIN], pA, "flag", json_pack("{s:s}", "bulletin", "无 flagged"));
	assert_problem(r, 400);
	resp_free(&r);

	/* Not delisted before verification and a passed evaluation. */
	r = h_stage(F.tok[U_ADMIN], pA, "flag", json_pack("{s:b}", "flagged", 0));
	assert_problem(r, 409);
	resp_free(&r);
	expect_flags(pA, 1, 0);
	assert_int_equal(problem_count(pA, "problem.flag"), 1);
	free(title);

	/* D: due Tuesday 04-28, not flagged. */
	pD = dispatched_due("2026-04-28");
	expect_sweep_fields(pD, NO_DAYS, 0, 0);
	assert_null(bulletin_of(pD));
	pG = dispatched_due("2026-05-07");
}

static void test_bulletin_record_per_notice(void **state)
{
	(void)state;
	json_int_t p = problem_in("dispatched");
	const char *t1 = "通报（2026第4号）：区住建局窗口推诿";
	const char *t2 = "通报（2026第5号）：区住建局整改进展";
	const char *t3 = "通报（2026第6号）：续报";
	struct resp r = h_stage(
		F.tok[U_ADMIN], p, "flag",
		json_pack("{s:b, s:s, s:s}", "flagged", 1, "due_on", "2026-05-20", "bulletin", t1));
	assert_status(r, 200);
	resp_free(&r);
	r = h_stage(
		F.tok[U_ADMIN], p, "flag",
		json_pack("{s:b, s:s, s:s}", "flagged", 1, "due_on", "2026-05-20", "bulletin", t2));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "flag_due_on"), "2026-05-20");
	resp_free(&r);
	/* Regression: a further notice without a date kept nothing and reset the flag's
	 * deadline to the problem's own. */
	r = h_stage(F.tok[U_ADMIN], p, "flag",
		    json_pack("{s:b, s:s}", "flagged", 1, "bulletin", t3));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "flag_due_on"), "2026-05-20");
	resp_free(&r);
	json_t *evs = events(p);
	json_int_t ids[2];
	int n = 0;
	size_t i;
	json_t *e;
	json_array_foreach(evs, i, e)
	{
		if (strcmp(jstr(e, "kind"), "problem.flag") == 0 && n < 2)
			ids[n++] = jint(json_object_get(e, "data"), "bulletin_id");
	}
	assert_int_equal(n, 2);
	assert_true(ids[0] > 0);
	assert_true(ids[1] > ids[0]);
	json_decref(evs);
	/* The public list shows the problem once, with the latest notice. */
	json_t *b = bulletin_of(p);
	assert_non_null(b);
	assert_string_equal(jstr(b, "bulletin"), t3);
	json_decref(b);

	/* Flagged without a bulletin: listed, with no text. */
	json_int_t q = problem_in("acknowledged");
	r = h_stage(F.tok[U_ADMIN], q, "flag",
		    json_pack("{s:b, s:s}", "flagged", 1, "due_on", "2026-05-20"));
	assert_status(r, 200);
	resp_free(&r);
	evs = events(q);
	e = last_kind(evs, "problem.flag");
	assert_non_null(e);
	assert_null(json_object_get(json_object_get(e, "data"), "bulletin_id"));
	json_decref(evs);
	b = bulletin_of(q);
	assert_non_null(b);
	assert_true(json_is_null(json_object_get(b, "bulletin")));
	assert_string_equal(jstr(b, "status"), "acknowledged");
	json_decref(b);
}

/* A rating of the current round by the next of three raters (one rating per source). */
static void post_rating(json_int_t p, const char *rating)
{
	static const enum h_user raters[] = {U_ADMIN, U_STATION1, U_POINT1A};
	static json_int_t last;
	static int k;
	if (p != last) {
		last = p;
		k = 0;
	}
	assert_true(k < 3);
	struct resp r = h_stage(F.tok[raters[k++]], p, "evaluations",
				json_pack("{s:s, s:s}", "rating", rating, "note", "监督员评议"));
	assert_status(r, 201);
	resp_free(&r);
}

static void unflag(json_int_t p, long want)
{
	struct resp r = h_stage(F.tok[U_ADMIN], p, "flag", json_pack("{s:b}", "flagged", 0));
	if (want == 200)
		assert_status(r, 200);
	else
		assert_problem(r, want);
	resp_free(&r);
}

static void test_delisting_needs_verification_and_evaluation(void **state)
{
	(void)state;
	json_int_t p = problem_in("dispatched");
	struct resp r = h_stage(F.tok[U_ADMIN], p, "flag",
				json_pack("{s:b, s:s, s:s}", "flagged", 1, "due_on", "2026-05-29",
					  "bulletin", "通报（2026第6号）"));
	assert_status(r, 200);
	resp_free(&r);

	/* Each stage before verification: 409, still flagged. */
	static const char *const before[] = {"acknowledged", "answered", "rectifying", "rectified"};
	unflag(p, 409);
	for (int i = 0; i < 4; i++) {
		h_advance(&F, p, F.dept[0], before[i]);
		unflag(p, 409);
		expect_flags(p, 1, 0);
	}
	h_advance(&F, p, F.dept[0], "verified");
	/* Verified but no rating yet; then only "unaware" (not valid): 409. */
	unflag(p, 409);
	post_rating(p, "unaware");
	unflag(p, 409);
	/* 1 of 1 valid unsatisfied: 409. */
	post_rating(p, "unsatisfied");
	unflag(p, 409);
	expect_flags(p, 1, 0);
	/* 1 of 2 unsatisfied is not a majority: delisted. */
	post_rating(p, "basically_satisfied");
	r = h_stage(F.tok[U_ADMIN], p, "flag", json_pack("{s:b}", "flagged", 0));
	assert_status(r, 200);
	assert_false(jtrue(r.json, "flagged"));
	assert_true(jtrue(r.json, "delisted"));
	assert_string_equal(jstr(r.json, "status"), "verified");
	resp_free(&r);
	expect_flags(p, 0, 1);
	expect_sweep_fields(p, NO_DAYS, 0, 0);
	json_t *evs = events(p);
	json_t *e = last_kind(evs, "problem.flag");
	assert_non_null(e);
	assert_true(jtrue(json_object_get(e, "data"), "delisted"));
	json_decref(evs);

	json_t *b = bulletin_of(p);
	assert_non_null(b);
	assert_true(json_is_true(json_object_get(b, "delisted")));
	assert_true(json_is_false(json_object_get(b, "flagged")));
	assert_string_equal(jstr(b, "status"), "verified");
	json_decref(b);

	/* Flagged again: no longer delisted. */
	r = h_stage(F.tok[U_ADMIN], p, "flag", json_pack("{s:b}", "flagged", 1));
	assert_status(r, 200);
	assert_true(jtrue(r.json, "flagged"));
	assert_false(jtrue(r.json, "delisted"));
	resp_free(&r);
}

static void test_two_of_three_unsatisfied_stays_listed(void **state)
{
	(void)state;
	json_int_t p = problem_in("verified");
	struct resp r = h_stage(F.tok[U_ADMIN], p, "flag", json_pack("{s:b}", "flagged", 1));
	assert_status(r, 200);
	resp_free(&r);
	post_rating(p, "unsatisfied");
	post_rating(p, "satisfied");
	post_rating(p, "unsatisfied");
	unflag(p, 409);
	expect_flags(p, 1, 0);
	/* A failed rectification sent back: rectifying, still not delistable. */
	r = h_stage(F.tok[U_ADMIN], p, "reopen", json_pack("{s:s}", "reason", "群众不满意"));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "rectifying");
	resp_free(&r);
	unflag(p, 409);
	expect_flags(p, 1, 0);
	/* Put it back where nothing is late, so the sweep leaves it alone. */
	h_advance(&F, p, F.dept[0], "verified");
}

static void test_close_delists(void **state)
{
	(void)state;
	json_int_t p = problem_in("verified");
	struct resp r =
		h_stage(F.tok[U_ADMIN], p, "flag",
			json_pack("{s:b, s:s}", "flagged", 1, "bulletin", "通报（2026第7号）"));
	assert_status(r, 200);
	resp_free(&r);
	post_rating(p, "satisfied");
	r = h_stage(F.tok[U_ADMIN], p, "close", json_object());
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "closed");
	assert_false(jtrue(r.json, "flagged"));
	assert_true(jtrue(r.json, "delisted"));
	resp_free(&r);
	json_t *b = bulletin_of(p);
	assert_non_null(b);
	assert_true(json_is_true(json_object_get(b, "delisted")));
	assert_string_equal(jstr(b, "status"), "closed");
	json_decref(b);
	/* A closed problem cannot be flagged. */
	r = h_stage(F.tok[U_ADMIN], p, "flag", json_pack("{s:b}", "flagged", 1));
	assert_problem(r, 409);
	resp_free(&r);
	expect_flags(p, 0, 1);
}

static json_int_t acc_create(const char *tok, json_int_t p, json_t *body, long want)
{
	struct resp r = h_post(tok, body, API "/problems/%lld/accountability", (long long)p);
	if (want == 201)
		assert_status(r, 201);
	else
		assert_problem(r, want);
	json_int_t id = want == 201 ? jint(r.json, "id") : 0;
	resp_free(&r);
	return id;
}

static int list_has(const char *tok, const char *path, json_int_t id)
{
	json_t *all = h_list_all(tok, path, 500);
	int has = h_find_id(all, id) != NULL;
	json_decref(all);
	return has;
}

static void test_accountability(void **state)
{
	(void)state;
	json_int_t p = problem_in("dispatched");
	/* The person is one of the unit's register, named by id; free text is refused. */
	struct resp r =
		h_post(F.tok[U_ADMIN], json_pack("{s:s, s:s}", "name", "某某", "post", "科长"),
		       API "/units/%lld/people", (long long)F.dept[0]);
	assert_status(r, 201);
	json_int_t someone = jint(r.json, "id");
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN], json_pack("{s:s}", "name", "另一人"), API "/units/%lld/people",
		   (long long)F.dept[1]);
	assert_status(r, 201);
	json_int_t elsewhere = jint(r.json, "id");
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:s, s:I, s:s}", "kind", "admonition", "person_id",
			     (json_int_t)someone, "note", "挂牌问题逾期未整改"),
		   API "/problems/%lld/accountability", (long long)p);
	assert_status(r, 201);
	json_int_t a1 = jint(r.json, "id");
	assert_true(a1 > 0);
	assert_int_equal(jint(r.json, "problem_id"), p);
	assert_int_equal(jint(r.json, "unit_id"), F.dept[0]); /* the unit it is dispatched to */
	assert_string_equal(jstr(r.json, "kind"), "admonition");
	assert_string_equal(jstr(r.json, "person"), "某某");
	assert_int_equal(jint(r.json, "person_id"), someone);
	assert_string_equal(jstr(r.json, "note"), "挂牌问题逾期未整改");
	assert_string_equal(jstr(r.json, "decided_on"), "2026-04-27");
	resp_free(&r);

	/* Against another unit, and against a unit as a whole. */
	json_int_t a2 = acc_create(F.tok[U_ADMIN], p,
				   json_pack("{s:s, s:I, s:s}", "kind", "public_criticism",
					     "unit_id", (json_int_t)F.dept[1], "note", "配合不力"),
				   201);
	r = h_get(F.tok[U_ADMIN], API "/problems/%lld/accountability", (long long)p);
	assert_status(r, 200);
	json_t *it = h_find_id(r.json, a2);
	assert_non_null(it);
	assert_true(json_is_null(json_object_get(it, "person")));
	assert_int_equal(jint(it, "unit_id"), F.dept[1]);
	resp_free(&r);

	/* A name in free text, or a person of another unit's register: 400. */
	r = h_post(F.tok[U_ADMIN], json_pack("{s:s, s:s}", "kind", "admonition", "person", "某某"),
		   API "/problems/%lld/accountability", (long long)p);
	assert_problem(r, 400);
	assert_true(h_json_has_string(json_object_get(r.json, "errors"), "person"));
	resp_free(&r);
	r = h_post(
		F.tok[U_ADMIN],
		json_pack("{s:s, s:I}", "kind", "admonition", "person_id", (json_int_t)elsewhere),
		API "/problems/%lld/accountability", (long long)p);
	assert_problem(r, 400);
	assert_true(h_json_has_string(json_object_get(r.json, "errors"), "person_id"));
	resp_free(&r);

	/* Bad bodies: 400, from anyone (the body before the role). */
	acc_create(F.tok[U_ADMIN], p, json_pack("{s:s, s:s}", "kind", "warning", "person", "某某"),
		   400);
	acc_create(F.tok[U_ADMIN], p, json_pack("{s:s}", "person", "某某"), 400);
	acc_create(F.tok[U_ADMIN], p, json_pack("{s:s, s:s}", "kind", "admonition", "bogus", "x"),
		   400);
	acc_create(F.tok[U_ADMIN], p,
		   json_pack("{s:s, s:s}", "kind", "admonition", "decided_on", "2026-05-01"), 400);
	acc_create(
		F.tok[U_ADMIN], p,
		json_pack("{s:s, s:I}", "kind", "criticism", "unit_id", (json_int_t)F.station[0]),
		400);
	r = h_post(F.tok[U_ADMIN], json_pack("{s:s}", "kind", "warning"),
		   API "/problems/%lld/accountability", (long long)p);
	assert_problem(r, 400);
	assert_true(h_json_has_string(json_object_get(r.json, "errors"), "kind"));
	resp_free(&r);

	/* Only the office records; others that see the problem: 403; outside scope: 404. */
	acc_create(F.tok[U_STATION1], p, json_pack("{s:s}", "kind", "admonition"), 403);
	acc_create(F.tok[U_UNIT1], p, json_pack("{s:s}", "kind", "criticism"), 403);
	acc_create(F.tok[U_LEADER], p, json_pack("{s:s}", "kind", "criticism"), 403);
	acc_create(F.tok[U_UNIT2], p, json_pack("{s:s}", "kind", "criticism"), 404);
	acc_create(F.tok[U_ADMIN], 999999, json_pack("{s:s}", "kind", "criticism"), 404);
	r = h_post(NULL, json_pack("{s:s}", "kind", "criticism"),
		   API "/problems/%lld/accountability", (long long)p);
	assert_problem(r, 401);
	resp_free(&r);

	/* Listed by problem, and by unit. */
	char path[96];
	snprintf(path, sizeof path, API "/problems/%lld/accountability", (long long)p);
	assert_true(list_has(F.tok[U_ADMIN], path, a1));
	assert_true(list_has(F.tok[U_LEADER], path, a1));
	assert_true(list_has(F.tok[U_UNIT1], path, a1));
	r = h_get(F.tok[U_UNIT2], "%s", path);
	assert_problem(r, 404);
	resp_free(&r);

	char u1[96], u2[96];
	snprintf(u1, sizeof u1, API "/units/%lld/accountability", (long long)F.dept[0]);
	snprintf(u2, sizeof u2, API "/units/%lld/accountability", (long long)F.dept[1]);
	assert_true(list_has(F.tok[U_ADMIN], u1, a1));
	assert_false(list_has(F.tok[U_ADMIN], u1, a2));
	assert_true(list_has(F.tok[U_ADMIN], u2, a2));
	assert_true(list_has(F.tok[U_LEADER], u1, a1));
	assert_true(list_has(F.tok[U_STATION1], u1, a1));
	/* A unit sees its own unit's records, not another unit's. */
	assert_true(list_has(F.tok[U_UNIT1], u1, a1));
	assert_false(list_has(F.tok[U_UNIT1], u1, a2));
	assert_true(list_has(F.tok[U_UNIT2], u2, a2));
	r = h_get(F.tok[U_UNIT1], "%s", u2);
	assert_problem(r, 404);
	resp_free(&r);
	r = h_get(F.tok[U_UNIT2], "%s", u1);
	assert_problem(r, 404);
	resp_free(&r);
	r = h_get(F.tok[U_POINT1A], "%s", u1);
	assert_problem(r, 404);
	resp_free(&r);

	/* Each record is also in the problem's history. */
	json_t *evs = events(p);
	assert_int_equal(count_kind(evs, "problem.accountability", F.uid[U_ADMIN]), 2);
	json_t *e = last_kind(evs, "problem.accountability");
	assert_string_equal(jstr(json_object_get(e, "data"), "kind"), "public_criticism");
	json_decref(evs);
}

static void test_reminders_run_is_the_office_s(void **state)
{
	(void)state;
	static const enum h_user others[] = {U_STATION1, U_POINT1A, U_UNIT1, U_LEADER};
	for (int i = 0; i < 4; i++) {
		struct resp r = h_post(F.tok[others[i]], json_object(), API "/reminders/run");
		assert_problem(r, 403);
		resp_free(&r);
	}
	struct resp r = h_req("POST", NULL, NULL, API "/reminders/run");
	assert_problem(r, 401);
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN], json_pack("{s:i}", "bogus", 1), API "/reminders/run");
	assert_problem(r, 400);
	resp_free(&r);
	/* On the T0 clock nothing is late yet. */
	int rem, esc;
	run_reminders(&rem, &esc);
	assert_int_equal(rem, 0);
	assert_int_equal(esc, 0);
	/* An empty body is fine too. */
	r = h_req("POST", F.tok[U_ADMIN], NULL, API "/reminders/run");
	assert_status(r, 200);
	assert_int_equal(jint(r.json, "reminded"), 0);
	resp_free(&r);
}

/* ---- the clock moves ---- */

static void test_countdown(void **state)
{
	(void)state;
	/* Wednesday 04-29: A has one day left; D is one working day late: reminded once. */
	restart_at("2026-04-29T09:00:00+08:00");
	expect_sweep_fields(pA, 1, 0, 0);
	int rem, esc;
	run_reminders(&rem, &esc);
	assert_int_equal(esc, 0);
	assert_int_equal(problem_count(pA, "problem.remind"), 0);
	assert_int_equal(problem_count(pD, "problem.remind"), 1);
	expect_sweep_event(pD, "problem.remind", "2026-04-28", 1, 0, "dispatched");
	expect_sweep_fields(pD, NO_DAYS, 1, 0);
	/* Again: nothing new. */
	run_reminders(&rem, &esc);
	assert_int_equal(rem, 0);
	assert_int_equal(esc, 0);
	assert_int_equal(problem_count(pD, "problem.remind"), 1);

	/* Thursday 04-30, A's deadline: 0 days left, nothing sent. */
	restart_at("2026-04-30T09:00:00+08:00");
	expect_sweep_fields(pA, 0, 0, 0);
	run_reminders(&rem, &esc);
	assert_int_equal(rem, 0);
	assert_int_equal(esc, 0);
	assert_int_equal(problem_count(pA, "problem.remind"), 0);
}

static void test_holidays_do_not_count(void **state)
{
	(void)state;
	/* Sunday 05-03 and Tuesday 05-05 (holiday): past the deadline, 0 working days late. */
	static const char *const days[] = {"2026-05-03T09:00:00+08:00",
					   "2026-05-05T17:00:00+08:00"};
	static const int left[] = {-3, -5};
	for (int i = 0; i < 2; i++) {
		restart_at(days[i]);
		int rem, esc;
		run_reminders(&rem, &esc);
		assert_int_equal(rem, 0);
		assert_int_equal(esc, 0);
		assert_int_equal(problem_count(pA, "problem.remind"), 0);
		expect_sweep_fields(pA, left[i], 0, 0);
		assert_int_equal(problem_count(pD, "problem.remind"), 1);
	}
}

static void test_reminder_the_working_day_after(void **state)
{
	(void)state;
	/* Wednesday 05-06: the first working day after 04-30. */
	restart_at("2026-05-06T09:00:00+08:00");
	int rem, esc;
	run_reminders(&rem, &esc);
	assert_int_equal(esc, 0);
	assert_true(rem <= 1); /* A, unless the start-up sweep was first */
	assert_int_equal(problem_count(pA, "problem.remind"), 1);
	expect_sweep_event(pA, "problem.remind", "2026-04-30", 1, 1, "dispatched");
	expect_sweep_fields(pA, -6, 1, 0);
	json_t *pj = get_problem(F.tok[U_ADMIN], pA);
	assert_string_equal(jstr(pj, "flag_due_on"), "2026-04-30");
	json_decref(pj);
	/* The unit sees it was reminded. */
	pj = get_problem(F.tok[U_UNIT1], pA);
	assert_true(jtrue(pj, "reminded"));
	json_decref(pj);
	/* D: reminded for 04-28 already (3 working days late now), nothing new. */
	assert_int_equal(problem_count(pD, "problem.remind"), 1);

	/* Idempotent. */
	run_reminders(&rem, &esc);
	assert_int_equal(rem, 0);
	assert_int_equal(esc, 0);
	assert_int_equal(problem_count(pA, "problem.remind"), 1);

	/* D's deadline is extended to Friday 05-08: a new deadline, not reminded yet. */
	struct resp r =
		h_stage(F.tok[U_UNIT1], pD, "extension",
			json_pack("{s:s, s:s}", "due_on", "2026-05-08", "reason", "节假日顺延"));
	assert_status(r, 200);
	resp_free(&r);
	r = h_stage(F.tok[U_ADMIN], pD, "extension/decision",
		    json_pack("{s:b, s:s}", "approved", 1, "note", "同意"));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "due_on"), "2026-05-08");
	resp_free(&r);
	expect_sweep_fields(pD, NO_DAYS, 0, 0);
}

/* Wait for the server's own start-up sweep to remind @p id (one transaction: then it is done). */
static void await_startup_reminder(json_int_t id)
{
	for (int i = 0; i < 400; i++) {
		if (problem_count(id, "problem.remind") > 0)
			break;
		struct timespec ts = {0, 25 * 1000000L};
		nanosleep(&ts, NULL);
	}
	json_t *evs = events(id);
	if (count_kind(evs, "problem.remind", 0) != 1) {
		char *d = json_dumps(evs, JSON_COMPACT);
		fail_msg(
			"problem %lld: the server's start-up sweep sent no reminder within 10 s: %.2000s",
			(long long)id, d);
	}
	json_decref(evs);
}

static void test_background_sweep_and_makeup_day(void **state)
{
	(void)state;
	/* Saturday 05-09, not (yet) a working day: G (due Thursday 05-07) is 1 working day late
	 * (Friday); D (due Friday 05-08) none; A 3. The server reminds G by itself. */
	restart_at("2026-05-09T09:00:00+08:00");
	await_startup_reminder(pG);
	expect_sweep_event(pG, "problem.remind", "2026-05-07", 1, 0, "dispatched");
	expect_sweep_fields(pD, NO_DAYS, 0, 0);
	int rem, esc;
	run_reminders(&rem, &esc);
	assert_int_equal(rem, 0);
	assert_int_equal(esc, 0);

	/* Declared a make-up working day: now D is 1 working day late, A 4. */
	struct resp r = h_put(F.tok[U_ADMIN], json_pack("{s:s}", "kind", "workday"),
			      API "/calendar/2026-05-09");
	assert_status(r, 200);
	resp_free(&r);
	r = h_put(F.tok[U_STATION1], json_pack("{s:s}", "kind", "workday"),
		  API "/calendar/2026-05-16");
	assert_problem(r, 403);
	resp_free(&r);
	run_reminders(&rem, &esc);
	assert_int_equal(rem, 1); /* D, by this request */
	assert_int_equal(esc, 0);
	assert_int_equal(problem_count(pD, "problem.remind"), 2);
	expect_sweep_event(pD, "problem.remind", "2026-05-08", 1, 0, "dispatched");
	expect_sweep_fields(pD, NO_DAYS, 1, 0);
	json_t *evs = events(pD);
	assert_int_equal(count_kind(evs, "problem.remind", F.uid[U_ADMIN]), 1);
	json_decref(evs);
	assert_int_equal(problem_count(pA, "problem.escalate"), 0);
	assert_int_equal(problem_count(pA, "problem.remind"), 1);
	expect_sweep_fields(pA, -9, 1, 0);
	/* Again: nothing. */
	run_reminders(&rem, &esc);
	assert_int_equal(rem, 0);
	assert_int_equal(esc, 0);
}

static void test_no_escalation_before_the_fifth_working_day(void **state)
{
	(void)state;
	/* Sunday 05-10: A is still 4 working days late (with the make-up Saturday). */
	restart_at("2026-05-10T09:00:00+08:00");
	int rem, esc;
	run_reminders(&rem, &esc);
	assert_int_equal(rem, 0);
	assert_int_equal(esc, 0);
	assert_int_equal(problem_count(pA, "problem.escalate"), 0);
	assert_int_equal(problem_count(pA, "problem.remind"), 1);
	expect_sweep_fields(pA, -10, 1, 0);
	assert_int_equal(problem_count(pD, "problem.remind"), 2);
	assert_int_equal(problem_count(pG, "problem.remind"), 1);
}

static void test_cli_sweep_escalates(void **state)
{
	(void)state;
	/* Monday 05-11, the fifth working day after 04-30: the CLI escalates, server stopped. */
	assert_int_equal(h_stop(), 0);
	char *out = NULL;
	int rc = h_cli(NULL, &out, "sweep", NULL);
	assert_int_not_equal(rc, 0); /* --db is required */
	free(out);

	setenv("WUBIAO_NOW", "2026-05-11T08:00:00+08:00", 1);
	rc = h_cli(NULL, &out, "sweep", "--db", h_srv.db, NULL);
	if (rc != 0 || strstr(out, "reminders sent: 0, escalations: 1") == NULL)
		fail_msg("wubiao sweep on 05-11 exited %d: %s", rc, out);
	free(out);
	/* Again: nothing left to do. */
	rc = h_cli(NULL, &out, "sweep", "--db", h_srv.db, NULL);
	if (rc != 0 || strstr(out, "reminders sent: 0, escalations: 0") == NULL)
		fail_msg("second wubiao sweep on 05-11 exited %d: %s", rc, out);
	free(out);
	unsetenv("WUBIAO_NOW");

	assert_int_equal(h_start("2026-05-11T09:00:00+08:00"), 0);
	h_fixture_relogin(&F);
	json_t *evs = events(pA);
	assert_int_equal(count_kind(evs, "problem.escalate", -1), 1);
	assert_int_equal(count_kind(evs, "problem.escalate", 0), 1); /* by the system */
	json_decref(evs);
	expect_sweep_event(pA, "problem.escalate", "2026-04-30", 5, 1, "dispatched");
	expect_sweep_fields(pA, -11, 1, 1);
	/* D: 2 working days late for 05-08: no escalation. */
	assert_int_equal(problem_count(pD, "problem.escalate"), 0);
	expect_sweep_fields(pD, NO_DAYS, 1, 0);

	int rem, esc;
	run_reminders(&rem, &esc);
	assert_int_equal(rem, 0);
	assert_int_equal(esc, 0);
}

static void test_escalated_once(void **state)
{
	(void)state;
	restart_at("2026-05-12T09:00:00+08:00");
	int rem, esc;
	run_reminders(&rem, &esc);
	assert_int_equal(rem, 0);
	assert_int_equal(esc, 0);
	assert_int_equal(problem_count(pA, "problem.escalate"), 1);
	assert_int_equal(problem_count(pA, "problem.remind"), 1);
	assert_int_equal(problem_count(pD, "problem.remind"), 2);
	assert_int_equal(problem_count(pD, "problem.escalate"), 0);
	assert_int_equal(problem_count(pG, "problem.remind"), 1);
	assert_int_equal(problem_count(pG, "problem.escalate"), 0);
	expect_sweep_fields(pA, -12, 1, 1);

	/* Still listed, still flagged. */
	json_t *b = bulletin_of(pA);
	assert_non_null(b);
	assert_true(json_is_true(json_object_get(b, "flagged")));
	assert_true(json_is_false(json_object_get(b, "delisted")));
	json_decref(b);

	/* The audit chain still holds with the system's events in it. */
	struct resp r = h_get(F.tok[U_ADMIN], API "/audit/verify");
	assert_status(r, 200);
	assert_true(jtrue(r.json, "ok"));
	resp_free(&r);
}

static void test_delist_the_escalated_case(void **state)
{
	(void)state;
	/* Rectified is not enough. */
	h_advance(&F, pA, F.dept[0], "rectified");
	unflag(pA, 409);
	h_advance(&F, pA, F.dept[0], "verified");
	unflag(pA, 409);
	post_rating(pA, "satisfied");
	unflag(pA, 200);
	expect_flags(pA, 0, 1);
	expect_sweep_fields(pA, NO_DAYS, 0, 0);
	json_t *b = bulletin_of(pA);
	assert_non_null(b);
	assert_true(json_is_true(json_object_get(b, "delisted")));
	assert_true(json_is_false(json_object_get(b, "flagged")));
	assert_string_equal(jstr(b, "status"), "verified");
	json_decref(b);
	/* Not being worked on: the sweep leaves it alone. */
	int rem, esc;
	run_reminders(&rem, &esc);
	assert_int_equal(rem, 0);
	assert_int_equal(esc, 0);
}

/* Regression: a failed verification gave the unit a new deadline but left the flag's
 * expired one, so the next sweep reminded and escalated at once. */
static void test_sent_back_moves_the_flag_deadline(void **state)
{
	(void)state;
	json_int_t p = problem_in("rectified");
	json_t *pj = get_problem(F.tok[U_ADMIN], p);
	char today[11];
	snprintf(today, sizeof today, "%s", jstr(pj, "updated_at"));
	json_decref(pj);
	struct resp r = h_stage(F.tok[U_ADMIN], p, "flag",
				json_pack("{s:b, s:s}", "flagged", 1, "due_on", today));
	assert_status(r, 200);
	resp_free(&r);
	r = h_stage(
		F.tok[U_ADMIN], p, "verify",
		json_pack("{s:b, s:s, s:i}", "passed", 0, "note", "未整改到位", "due_workdays", 5));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "rectifying");
	assert_string_not_equal(jstr(r.json, "due_on"), today);
	assert_string_equal(jstr(r.json, "flag_due_on"), jstr(r.json, "due_on"));
	resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_flag_and_bulletin),
		cmocka_unit_test(test_bulletin_record_per_notice),
		cmocka_unit_test(test_delisting_needs_verification_and_evaluation),
		cmocka_unit_test(test_two_of_three_unsatisfied_stays_listed),
		cmocka_unit_test(test_close_delists),
		cmocka_unit_test(test_accountability),
		cmocka_unit_test(test_reminders_run_is_the_office_s),
		cmocka_unit_test(test_countdown),
		cmocka_unit_test(test_holidays_do_not_count),
		cmocka_unit_test(test_reminder_the_working_day_after),
		cmocka_unit_test(test_background_sweep_and_makeup_day),
		cmocka_unit_test(test_no_escalation_before_the_fifth_working_day),
		cmocka_unit_test(test_cli_sweep_escalates),
		cmocka_unit_test(test_escalated_once),
		cmocka_unit_test(test_delist_the_escalated_case),
		cmocka_unit_test(test_sent_back_moves_the_flag_deadline),
	};
	h_suite(&F, T0);
	return cmocka_run_group_tests_name("api_flags", tests, h_group_setup, group_teardown);
}
