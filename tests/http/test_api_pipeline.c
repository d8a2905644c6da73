/*
 * The five stages end to end: opinions → problem → dispatch → feedback → rectification →
 * verification → evaluation → close, and the state machine's edges: wrong states (409,
 * nothing changed), validation before state (400 before 409), deadlines on the working-day
 * calendar, return and re-dispatch, extensions, failed verification, the close rule,
 * reopening, flags and bulletins, and overdue under a later clock.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fixture F;

/* Problems that later tests (overdue) look at again. */
static json_int_t p_pipeline, p_normal, p_important, p_urgent, p_redispatched, p_verified;

static json_t *get_problem(const char *tok, json_int_t id)
{
	struct resp r = h_get(tok, API "/problems/%lld", (long long)id);
	assert_status(r, 200);
	json_t *j = json_incref(r.json);
	resp_free(&r);
	return j;
}

static void expect_stage(const char *tok, json_int_t id, const char *stage, json_t *body,
			 const char *status_after)
{
	struct resp r = h_stage(tok, id, stage, body);
	assert_status(r, 200);
	assert_int_equal(jint(r.json, "id"), id);
	if (jstr(r.json, "status") == NULL || strcmp(jstr(r.json, "status"), status_after) != 0)
		fail_msg("%s: want status %s: %.400s", r.what, status_after, r.body);
	resp_free(&r);
}

static const char *ev_from(const json_t *e)
{
	const char *s = jstr(e, "from_status");
	return s ? s : jstr(e, "from");
}

static const char *ev_to(const json_t *e)
{
	const char *s = jstr(e, "to_status");
	return s ? s : jstr(e, "to");
}

static json_t *events(const char *tok, json_int_t id)
{
	char path[96];
	snprintf(path, sizeof path, API "/problems/%lld/events", (long long)id);
	struct resp r = h_get(tok, "%s", path);
	assert_status(r, 200);
	json_t *items = h_items(r.json);
	if (items == NULL)
		fail_msg("%s: no list of events: %.300s", r.what, r.body);
	json_t *out;
	if (json_is_object(r.json) && !json_is_null(json_object_get(r.json, "next")) &&
	    json_object_get(r.json, "next") != NULL) {
		out = h_list_all(tok, path, 500);
	} else {
		out = json_incref(items);
	}
	resp_free(&r);
	return out;
}

/* The state changes among @p evs, in order, must be exactly @p want (pairs from, to). */
static void check_transitions(const json_t *evs, const char *const (*want)[2], size_t n)
{
	size_t k = 0, i;
	json_t *e;
	json_int_t last_id = 0;
	json_array_foreach(evs, i, e)
	{
		json_int_t id = jint(e, "id");
		if (id > 0) {
			assert_true(id > last_id); /* oldest first */
			last_id = id;
		}
		const char *from = ev_from(e), *to = ev_to(e);
		if (from == NULL || to == NULL || strcmp(from, to) == 0)
			continue;
		if (k >= n || strcmp(from, want[k][0]) != 0 || strcmp(to, want[k][1]) != 0) {
			char *d = json_dumps(evs, JSON_COMPACT);
			fail_msg("event #%zu is %s -> %s; want %s -> %s\n  events: %.2000s", i,
				 from, to, k < n ? want[k][0] : "(nothing)",
				 k < n ? want[k][1] : "(nothing)", d);
			free(d);
		}
		k++;
	}
	if (k != n) {
		char *d = json_dumps(evs, JSON_COMPACT);
		fail_msg("%zu of %zu state changes in the events: %.2000s", k, n, d);
		free(d);
	}
}

static void test_full_pipeline(void **state)
{
	(void)state;
	const char *st = F.tok[U_STATION1], *unit = F.tok[U_UNIT1];
	json_int_t ops[3];
	char *receipts[3];
	static const char *const contents[3] = {"审批材料反复退回", "窗口人员推诿", "办事要跑三趟"};
	static const char *const names[3] = {"赵一", "钱二", "孙三"};
	for (int i = 0; i < 3; i++)
		ops[i] = h_opinion(&F, U_POINT1A, F.dept[0], contents[i], names[i], "13911112222",
				   &receipts[i]);
	assert_string_not_equal(receipts[0], receipts[1]);
	assert_string_not_equal(receipts[1], receipts[2]);
	for (int i = 0; i < 3; i++)
		free(receipts[i]);

	/* Form 2: the station merges the three into one problem. */
	json_t *ids = json_pack("[I, I, I]", ops[0], ops[1], ops[2]);
	struct resp r =
		h_post(st,
		       json_pack("{s:I, s:I, s:s, s:s, s:s, s:o}", "campaign_id",
				 (json_int_t)F.campaign, "target_unit_id", (json_int_t)F.dept[0],
				 "dimension", "efficiency", "title", "审批效率低", "summary",
				 "三位群众反映审批拖沓", "opinion_ids", ids),
		       API "/problems");
	assert_status(r, 201);
	json_int_t p = jint(r.json, "id");
	assert_true(p > 0);
	assert_int_equal(jint(r.json, "opinion_count"), 3);
	assert_string_equal(jstr(r.json, "status"), "open");
	assert_string_equal(jstr(r.json, "title"), "审批效率低");
	assert_string_equal(jstr(r.json, "dimension"), "efficiency");
	assert_int_equal(jint(r.json, "target_unit_id"), F.dept[0]);
	assert_int_equal(jint(r.json, "campaign_id"), F.campaign);
	resp_free(&r);
	p_pipeline = p;
	for (int i = 0; i < 3; i++) {
		r = h_get(st, API "/opinions/%lld", (long long)ops[i]);
		assert_status(r, 200);
		assert_string_equal(jstr(r.json, "status"), "merged");
		assert_int_equal(jint(r.json, "problem_id"), p);
		resp_free(&r);
	}
	/* A merged opinion cannot be merged again. */
	r = h_post(st,
		   json_pack("{s:I, s:I, s:s, s:s, s:s, s:[I]}", "campaign_id",
			     (json_int_t)F.campaign, "target_unit_id", (json_int_t)F.dept[0],
			     "dimension", "efficiency", "title", "重复汇总", "summary", "x",
			     "opinion_ids", ops[0]),
		   API "/problems");
	assert_status_in(r, 409, 400);
	resp_free(&r);

	/* Form 3: dispatch with 5 working days from Monday 2026-03-02 → Monday 2026-03-09. */
	r = h_stage(st, p, "dispatch",
		    json_pack("{s:I, s:i}", "unit_id", (json_int_t)F.dept[0], "due_workdays", 5));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "dispatched");
	assert_string_equal(jstr(r.json, "due_on"), "2026-03-09");
	assert_false(jtrue(r.json, "flagged"));
	assert_false(jtrue(r.json, "overdue"));
	resp_free(&r);

	expect_stage(unit, p, "acknowledge", json_object(), "acknowledged");
	expect_stage(unit, p, "feedback",
		     json_pack("{s:s, s:s}", "reply", "情况属实，已约谈窗口负责人", "plan",
			       "精简材料清单，两周内上线一次告知"),
		     "answered");
	r = h_stage(unit, p, "progress",
		    json_pack("{s:s, s:i, s:s, s:b}", "measures", "材料清单精简为5项", "percent",
			      50, "evidence", "新版告知单", "done", 0));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "rectifying");
	if (json_object_get(r.json, "percent"))
		assert_int_equal(jint(r.json, "percent"), 50);
	resp_free(&r);
	expect_stage(unit, p, "progress",
		     json_pack("{s:s, s:i, s:s, s:b}", "measures", "一次告知制度上线", "percent",
			       100, "evidence", "系统截图", "done", 1),
		     "rectified");
	expect_stage(st, p, "verify", json_pack("{s:b, s:s}", "passed", 1, "note", "现场核查通过"),
		     "verified");

	/* Form 5: the point rates the effect; the evaluation itself is created. */
	r = h_stage(F.tok[U_POINT1A], p, "evaluations",
		    json_pack("{s:s, s:s}", "rating", "satisfied", "note", ""));
	assert_status(r, 201);
	assert_string_equal(jstr(r.json, "rating"), "satisfied");
	resp_free(&r);
	json_t *pj = get_problem(F.tok[U_ADMIN], p);
	assert_string_equal(jstr(pj, "status"), "verified");
	json_decref(pj);

	expect_stage(F.tok[U_ADMIN], p, "close", json_object(), "closed");

	/* The point follows its opinions' problem to the end. */
	pj = get_problem(F.tok[U_POINT1A], p);
	assert_string_equal(jstr(pj, "status"), "closed");
	json_decref(pj);

	static const char *const want[][2] = {
		{"open", "dispatched"},       {"dispatched", "acknowledged"},
		{"acknowledged", "answered"}, {"answered", "rectifying"},
		{"rectifying", "rectified"},  {"rectified", "verified"},
		{"verified", "closed"},
	};
	json_t *evs = events(F.tok[U_ADMIN], p);
	check_transitions(evs, want, sizeof want / sizeof *want);
	json_decref(evs);
	/* The same history for the station. */
	evs = events(st, p);
	check_transitions(evs, want, sizeof want / sizeof *want);
	json_decref(evs);

	r = h_get(F.tok[U_ADMIN], API "/audit/verify");
	assert_status(r, 200);
	assert_true(jtrue(r.json, "ok"));
	assert_true(jint(r.json, "events") >= 10);
	assert_true(json_is_null(json_object_get(r.json, "first_bad_event")));
	resp_free(&r);
	r = h_get(F.tok[U_LEADER], API "/audit/verify");
	assert_status(r, 200);
	assert_true(jtrue(r.json, "ok"));
	resp_free(&r);
}

/* The stage table of API.md as data: the states each action may start from. */
struct stage_rule {
	const char *stage;
	const char *body;
	const char *from[5];
};

static const struct stage_rule rules[] = {
	{"dispatch", "{\"unit_id\":$D1,\"due_workdays\":5}", {"open", "returned"}},
	{"acknowledge", "{}", {"dispatched"}},
	{"return", "{\"reason\":\"不属于本单位职责\"}", {"dispatched", "acknowledged"}},
	{"feedback", "{\"reply\":\"已研究\",\"plan\":\"限期整改\"}", {"acknowledged"}},
	{"progress",
	 "{\"measures\":\"整改中\",\"percent\":30,\"evidence\":\"照片\",\"done\":false}",
	 {"answered", "rectifying"}},
	{"extension",
	 "{\"due_on\":\"2026-04-30\",\"reason\":\"需要协调\"}",
	 {"dispatched", "acknowledged", "answered", "rectifying"}},
	/* No problem below has a pending request, so a decision is wrong everywhere. */
	{"extension/decision", "{\"approved\":true,\"note\":\"\"}", {NULL}},
	{"verify", "{\"passed\":true,\"note\":\"\"}", {"rectified"}},
	{"evaluations", "{\"rating\":\"satisfied\",\"note\":\"\"}", {"verified"}},
	{"close", "{}", {"verified"}},
	{"reopen", "{\"reason\":\"群众再次反映\"}", {"verified", "closed"}},
	{"flag",
	 "{\"flagged\":true,\"due_on\":\"2026-03-31\",\"bulletin\":\"\"}",
	 {"open", "dispatched", "acknowledged", "answered", "rectifying"}},
};
static const char *const all_states[] = {"open",     "dispatched", "acknowledged",
					 "answered", "rectifying", "rectified",
					 "verified", "closed",     "returned"};

static int rule_allows(const struct stage_rule *ru, const char *s)
{
	/* flag: anything but closed */
	if (strcmp(ru->stage, "flag") == 0)
		return strcmp(s, "closed") != 0;
	for (int i = 0; i < 5 && ru->from[i]; i++)
		if (strcmp(ru->from[i], s) == 0)
			return 1;
	return 0;
}

static char *subst_d1(const char *body)
{
	const char *at = strstr(body, "$D1");
	char *out = NULL;
	if (at == NULL) {
		out = strdup(body);
	} else if (asprintf(&out, "%.*s%lld%s", (int)(at - body), body, (long long)F.dept[0],
			    at + 3) < 0) {
		out = NULL;
	}
	assert_non_null(out);
	return out;
}

static size_t event_count(json_int_t id)
{
	json_t *evs = events(F.tok[U_ADMIN], id);
	size_t n = json_array_size(evs);
	json_decref(evs);
	return n;
}

static void test_wrong_state_409(void **state)
{
	(void)state;
	json_int_t ids[sizeof all_states / sizeof *all_states];
	for (size_t s = 0; s < sizeof all_states / sizeof *all_states; s++)
		ids[s] = h_problem_in(&F, all_states[s]);
	for (size_t s = 0; s < sizeof all_states / sizeof *all_states; s++) {
		for (size_t a = 0; a < sizeof rules / sizeof *rules; a++) {
			const struct stage_rule *ru = &rules[a];
			if (rule_allows(ru, all_states[s]))
				continue;
			json_t *before = get_problem(F.tok[U_ADMIN], ids[s]);
			size_t nev = event_count(ids[s]);
			char *body = subst_d1(ru->body);
			struct resp r = h_req("POST", F.tok[U_ADMIN], body, API "/problems/%lld/%s",
					      (long long)ids[s], ru->stage);
			if (r.status != 409)
				print_error("%s from %s\n", ru->stage, all_states[s]);
			assert_problem(r, 409);
			resp_free(&r);
			free(body);
			json_t *after = get_problem(F.tok[U_ADMIN], ids[s]);
			if (!json_equal(before, after)) {
				char *b = json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS);
				char *c = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
				fail_msg("%s from %s changed the problem:\n  %s\n  %s", ru->stage,
					 all_states[s], b, c);
				free(b);
				free(c);
			}
			assert_int_equal(event_count(ids[s]), nev);
			json_decref(before);
			json_decref(after);
		}
	}
	/* A verified problem without any rating cannot be closed either. */
	json_int_t v = ids[6];
	struct resp r = h_stage(F.tok[U_ADMIN], v, "close", json_object());
	assert_problem(r, 409);
	resp_free(&r);
	p_verified = v;
}

static void test_400_before_409(void **state)
{
	(void)state;
	json_int_t open = h_problem_in(&F, "open");
	json_int_t closed = h_problem_in(&F, "closed");
	static const struct {
		const char *stage, *body;
		int on_closed;
	} bad[] = {
		{"acknowledge", "{\"x\":1}", 0},
		{"feedback", "{\"reply\":5,\"plan\":\"x\"}", 0},
		{"feedback", "{\"plan\":\"x\"}", 0},
		{"progress",
		 "{\"measures\":\"m\",\"percent\":150,\"evidence\":\"e\",\"done\":false}", 0},
		{"progress",
		 "{\"measures\":\"m\",\"percent\":-1,\"evidence\":\"e\",\"done\":false}", 0},
		{"progress",
		 "{\"measures\":\"m\",\"percent\":50,\"evidence\":\"e\",\"done\":\"no\"}", 0},
		{"verify", "{\"note\":\"\"}", 0},
		{"verify", "{\"passed\":\"yes\",\"note\":\"\"}", 0},
		{"evaluations", "{\"rating\":\"great\",\"note\":\"\"}", 0},
		{"return", "{\"reason\":\"\"}", 0},
		{"return", "{}", 0},
		{"reopen", "{\"reason\":\"  \"}", 0},
		{"close", "{\"extra\":1}", 0},
		{"extension", "{\"due_on\":\"2026-02-30\",\"reason\":\"x\"}", 0},
		{"extension", "{\"due_on\":\"2026-04-30\",\"reason\":\"\"}", 0},
		{"extension/decision", "{\"approved\":\"yes\",\"note\":\"\"}", 0},
		{"dispatch", "{\"unit_id\":\"abc\",\"due_workdays\":5}", 1},
		{"flag", "{\"flagged\":\"yes\"}", 1},
		{"acknowledge", "{", 1},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_int_t id = bad[i].on_closed ? closed : open;
		json_t *before = get_problem(F.tok[U_ADMIN], id);
		struct resp r = h_req("POST", F.tok[U_ADMIN], bad[i].body, API "/problems/%lld/%s",
				      (long long)id, bad[i].stage);
		if (r.status != 400)
			print_error("%s %s\n", bad[i].stage, bad[i].body);
		assert_problem(r, 400);
		resp_free(&r);
		json_t *after = get_problem(F.tok[U_ADMIN], id);
		assert_true(json_equal(before, after));
		json_decref(before);
		json_decref(after);
	}
}

static void test_dispatch_dates(void **state)
{
	(void)state;
	json_int_t p = h_problem_in(&F, "open");
	struct resp r = h_stage(F.tok[U_STATION1], p, "dispatch",
				json_pack("{s:I, s:s, s:i}", "unit_id", (json_int_t)F.dept[0],
					  "due_on", "2026-03-20", "due_workdays", 5));
	assert_problem(r, 400);
	resp_free(&r);
	static const char *const bad[] = {
		"{\"unit_id\":$D1,\"due_workdays\":-1}",
		"{\"unit_id\":$D1,\"due_workdays\":\"5\"}",
		"{\"unit_id\":$D1,\"due_workdays\":100000}",
		"{\"unit_id\":$D1,\"due_on\":\"2026-13-01\"}",
		"{\"unit_id\":$D1,\"due_on\":\"tomorrow\"}",
		"{\"unit_id\":$D1,\"flagged\":\"no\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *body = subst_d1(bad[i]);
		r = h_req("POST", F.tok[U_STATION1], body, API "/problems/%lld/dispatch",
			  (long long)p);
		if (r.status != 400)
			print_error("dispatch %s\n", body);
		assert_problem(r, 400);
		resp_free(&r);
		free(body);
	}
	/* Only a responsible unit can be dispatched to. */
	r = h_stage(
		F.tok[U_ADMIN], p, "dispatch",
		json_pack("{s:I, s:i}", "unit_id", (json_int_t)F.point[0][0], "due_workdays", 5));
	assert_problem(r, 400);
	resp_free(&r);
	r = h_stage(F.tok[U_ADMIN], p, "dispatch",
		    json_pack("{s:I, s:i}", "unit_id", (json_int_t)987654, "due_workdays", 5));
	assert_status_in(r, 400, 404);
	resp_free(&r);
	char *s = h_pstatus(&F, p);
	assert_string_equal(s, "open");
	free(s);

	/* An explicit date is kept as given. */
	r = h_stage(
		F.tok[U_STATION1], p, "dispatch",
		json_pack("{s:I, s:s}", "unit_id", (json_int_t)F.dept[0], "due_on", "2026-03-20"));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "dispatched");
	assert_string_equal(jstr(r.json, "due_on"), "2026-03-20");
	resp_free(&r);
}

static json_int_t problem_with_severity(const char *severity)
{
	json_int_t op = h_opinion(&F, U_POINT1A, F.dept[0], "默认期限测试", NULL, NULL, NULL);
	json_int_t p = h_problem(&F, U_STATION1, F.dept[0], severity, &op, 1);
	json_t *j = get_problem(F.tok[U_ADMIN], p);
	assert_string_equal(jstr(j, "severity"), severity);
	json_decref(j);
	return p;
}

static void test_default_deadline(void **state)
{
	(void)state;
	/* From Monday 2026-03-02: 10 working days → 03-16, 15 → 03-23, 2 → 03-04. */
	static const struct {
		const char *severity, *due;
		json_int_t *keep;
	} cases[] = {
		{"normal", "2026-03-16", &p_normal},
		{"important", "2026-03-23", &p_important},
		{"urgent", "2026-03-04", &p_urgent},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_int_t p = problem_with_severity(cases[i].severity);
		struct resp r = h_stage(F.tok[U_STATION1], p, "dispatch",
					json_pack("{s:I}", "unit_id", (json_int_t)F.dept[0]));
		assert_status(r, 200);
		assert_string_equal(jstr(r.json, "status"), "dispatched");
		if (jstr(r.json, "due_on") == NULL || strcmp(jstr(r.json, "due_on"), cases[i].due))
			fail_msg("severity %s: want due_on %s: %.400s", cases[i].severity,
				 cases[i].due, r.body);
		assert_false(jtrue(r.json, "flagged"));
		assert_false(jtrue(r.json, "overdue"));
		resp_free(&r);
		*cases[i].keep = p;
	}
	/* A problem without a severity is normal. */
	json_int_t op = h_opinion(&F, U_POINT1A, F.dept[0], "无等级", NULL, NULL, NULL);
	json_int_t p = h_problem(&F, U_STATION1, F.dept[0], NULL, &op, 1);
	json_t *j = get_problem(F.tok[U_ADMIN], p);
	assert_string_equal(jstr(j, "severity"), "normal");
	json_decref(j);
}

static void test_return_and_redispatch(void **state)
{
	(void)state;
	const char *unit = F.tok[U_UNIT1];
	json_int_t p = h_problem_in(&F, "dispatched");
	struct resp r = h_get(unit, API "/problems/%lld", (long long)p);
	assert_status(r, 200);
	resp_free(&r);

	r = h_stage(unit, p, "return", json_pack("{s:s}", "reason", ""));
	assert_problem(r, 400);
	resp_free(&r);
	expect_stage(unit, p, "return", json_pack("{s:s}", "reason", "该事项属人社局职责"),
		     "returned");

	/* A returned problem leaves the unit's view. */
	r = h_get(unit, API "/problems/%lld", (long long)p);
	assert_problem(r, 404);
	resp_free(&r);
	json_t *list = h_list_all(unit, API "/problems", 500);
	assert_null(h_find_id(list, p));
	json_decref(list);
	r = h_stage(unit, p, "acknowledge", json_object());
	assert_problem(r, 404);
	resp_free(&r);
	json_t *pj = get_problem(F.tok[U_STATION1], p);
	assert_string_equal(jstr(pj, "status"), "returned");
	json_decref(pj);

	/* The station dispatches again, to the right unit (also followed by station 1). */
	r = h_stage(F.tok[U_STATION1], p, "dispatch",
		    json_pack("{s:I, s:i}", "unit_id", (json_int_t)F.dept[2], "due_workdays", 10));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "dispatched");
	assert_string_equal(jstr(r.json, "due_on"), "2026-03-16");
	if (json_object_get(r.json, "unit_id"))
		assert_int_equal(jint(r.json, "unit_id"), F.dept[2]);
	resp_free(&r);
	r = h_get(unit, API "/problems/%lld", (long long)p);
	assert_problem(r, 404);
	resp_free(&r);
	p_redispatched = p;

	/* Returned from acknowledged, then dispatched back to the same unit: visible again. */
	json_int_t q = h_problem_in(&F, "acknowledged");
	expect_stage(unit, q, "return", json_pack("{s:s}", "reason", "需市场监管局配合"),
		     "returned");
	r = h_get(unit, API "/problems/%lld", (long long)q);
	assert_problem(r, 404);
	resp_free(&r);
	expect_stage(F.tok[U_ADMIN], q, "dispatch",
		     json_pack("{s:I, s:i}", "unit_id", (json_int_t)F.dept[0], "due_workdays", 3),
		     "dispatched");
	r = h_get(unit, API "/problems/%lld", (long long)q);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "dispatched");
	assert_string_equal(jstr(r.json, "due_on"), "2026-03-05");
	resp_free(&r);
	list = h_list_all(unit, API "/problems", 500);
	assert_non_null(h_find_id(list, q));
	json_decref(list);

	static const char *const want[][2] = {
		{"open", "dispatched"},
		{"dispatched", "acknowledged"},
		{"acknowledged", "returned"},
		{"returned", "dispatched"},
	};
	json_t *evs = events(F.tok[U_ADMIN], q);
	check_transitions(evs, want, sizeof want / sizeof *want);
	json_decref(evs);
}

/*
 * Whether problem @p is in the office's list filtered by extension_pending=true (and, the
 * other way round, in the list filtered by false).
 */
static void expect_ext_listed(json_int_t p, int pending)
{
	json_t *yes = h_list_all(F.tok[U_ADMIN], API "/problems?extension_pending=true", 500);
	json_t *no = h_list_all(F.tok[U_ADMIN], API "/problems?extension_pending=false", 500);
	assert_int_equal(h_find_id(yes, p) != NULL, pending);
	assert_int_equal(h_find_id(no, p) != NULL, !pending);
	size_t i;
	json_t *it;
	json_array_foreach(yes, i, it)
		assert_true(jtrue(json_object_get(it, "extension"), "pending"));
	json_decref(yes);
	json_decref(no);
}

static void test_extension(void **state)
{
	(void)state;
	const char *unit = F.tok[U_UNIT1];
	json_int_t p = h_problem_in(&F, "acknowledged");
	json_t *pj = get_problem(unit, p);
	assert_string_equal(jstr(pj, "due_on"), "2026-03-16");
	json_decref(pj);

	expect_stage(unit, p, "extension",
		     json_pack("{s:s, s:s}", "due_on", "2026-04-15", "reason", "需要财政资金配套"),
		     "acknowledged");
	pj = get_problem(unit, p);
	assert_string_equal(jstr(pj, "due_on"), "2026-03-16"); /* not before the decision */
	json_decref(pj);
	expect_ext_listed(p, 1);

	/* One request at a time. */
	struct resp r = h_stage(unit, p, "extension",
				json_pack("{s:s, s:s}", "due_on", "2026-05-15", "reason", "再延"));
	assert_problem(r, 409);
	resp_free(&r);
	/* Only the office decides. */
	r = h_stage(F.tok[U_STATION1], p, "extension/decision",
		    json_pack("{s:b, s:s}", "approved", 1, "note", ""));
	assert_problem(r, 403);
	resp_free(&r);

	r = h_stage(F.tok[U_ADMIN], p, "extension/decision",
		    json_pack("{s:b, s:s}", "approved", 1, "note", "同意"));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "acknowledged");
	assert_string_equal(jstr(r.json, "due_on"), "2026-04-15");
	resp_free(&r);
	r = h_stage(F.tok[U_ADMIN], p, "extension/decision",
		    json_pack("{s:b, s:s}", "approved", 1, "note", ""));
	assert_problem(r, 409);
	resp_free(&r);
	expect_ext_listed(p, 0);
	r = h_get(F.tok[U_ADMIN], API "/problems?extension_pending=maybe");
	assert_problem(r, 400);
	resp_free(&r);

	/* A refused request leaves the date. */
	expect_stage(unit, p, "feedback", json_pack("{s:s, s:s}", "reply", "收到", "plan", "整改"),
		     "answered");
	expect_stage(unit, p, "extension",
		     json_pack("{s:s, s:s}", "due_on", "2026-05-20", "reason", "再申请一次"),
		     "answered");
	r = h_stage(F.tok[U_ADMIN], p, "extension/decision",
		    json_pack("{s:b, s:s}", "approved", 0, "note", "理由不充分"));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "answered");
	assert_string_equal(jstr(r.json, "due_on"), "2026-04-15");
	resp_free(&r);
}

static void test_verify_not_passed(void **state)
{
	(void)state;
	json_int_t p = h_problem_in(&F, "rectified");
	expect_stage(F.tok[U_STATION1], p, "verify",
		     json_pack("{s:b, s:s}", "passed", 0, "note", "佐证材料不足"), "rectifying");
	expect_stage(F.tok[U_UNIT1], p, "progress",
		     json_pack("{s:s, s:i, s:s, s:b}", "measures", "补充材料", "percent", 100,
			       "evidence", "补充照片", "done", 1),
		     "rectified");
	expect_stage(F.tok[U_STATION1], p, "verify",
		     json_pack("{s:b, s:s}", "passed", 1, "note", ""), "verified");
	static const char *const want[][2] = {
		{"open", "dispatched"},       {"dispatched", "acknowledged"},
		{"acknowledged", "answered"}, {"answered", "rectifying"},
		{"rectifying", "rectified"},  {"rectified", "rectifying"},
		{"rectifying", "rectified"},  {"rectified", "verified"},
	};
	json_t *evs = events(F.tok[U_ADMIN], p);
	check_transitions(evs, want, sizeof want / sizeof *want);
	json_decref(evs);
}

/* A rating by @p who: their own, or with @p giver that opinion's giver's paper form. */
static void rate_as(enum h_user who, json_int_t p, const char *rating, json_int_t giver)
{
	json_t *b = json_pack("{s:s, s:s}", "rating", rating, "note", "纸质测评表");
	if (giver)
		json_object_set_new(b, "opinion_id", json_integer(giver));
	struct resp r = h_stage(F.tok[who], p, "evaluations", b);
	assert_status(r, 201);
	assert_string_equal(jstr(r.json, "rating"), rating);
	resp_free(&r);
}

static void rate(enum h_user who, json_int_t p, const char *rating)
{
	rate_as(who, p, rating, 0);
}

/* A verified problem about department 1 holding two givers' opinions @p op. */
static json_int_t verified_with_givers(json_int_t op[2])
{
	op[0] = h_opinion(&F, U_POINT1A, F.dept[0], "窗口服务态度差", "王五", "13700000000", NULL);
	op[1] = h_opinion(&F, U_POINT1A, F.dept[0], "窗口服务态度冷淡", "赵六", "13700000001",
			  NULL);
	json_int_t p = h_problem(&F, U_STATION1, F.dept[0], NULL, op, 2);
	h_advance(&F, p, F.dept[0], "verified");
	return p;
}

static void expect_close(json_int_t p, long want)
{
	struct resp r = h_stage(F.tok[U_ADMIN], p, "close", json_object());
	if (want == 409)
		assert_problem(r, 409);
	else
		assert_status(r, want);
	resp_free(&r);
}

static void test_close_rules(void **state)
{
	(void)state;
	json_int_t op[2];
	json_int_t p = verified_with_givers(op);
	expect_close(p, 409);
	rate(U_POINT1A, p, "unaware");
	expect_close(p, 409); /* unaware is not a valid rating */
	rate(U_STATION1, p, "unsatisfied");
	rate(U_ADMIN, p, "unsatisfied");
	rate_as(U_POINT1A, p, "satisfied", op[0]);
	expect_close(p, 409); /* 2 of 3 valid ratings unsatisfied */
	char *s = h_pstatus(&F, p);
	assert_string_equal(s, "verified");
	free(s);
	rate_as(U_POINT1A, p, "basically_satisfied", op[1]);
	expect_close(p, 200); /* 2 of 4: not more than half */
	s = h_pstatus(&F, p);
	assert_string_equal(s, "closed");
	free(s);

	/* Only unsatisfied ratings: not closable. */
	json_int_t q = h_problem_in(&F, "verified");
	rate(U_STATION1, q, "unsatisfied");
	expect_close(q, 409);
	rate(U_ADMIN, q, "satisfied");
	expect_close(q, 200);

	/* Ratings are for verified problems only. */
	json_int_t o = h_problem_in(&F, "rectified");
	struct resp r = h_stage(F.tok[U_ADMIN], o, "evaluations",
				json_pack("{s:s, s:s}", "rating", "satisfied", "note", ""));
	assert_problem(r, 409);
	resp_free(&r);
}

static void test_reopen(void **state)
{
	(void)state;
	json_int_t c = h_problem_in(&F, "closed");
	struct resp r = h_stage(F.tok[U_STATION1], c, "reopen", json_pack("{s:s}", "reason", ""));
	assert_problem(r, 400);
	resp_free(&r);
	expect_stage(F.tok[U_STATION1], c, "reopen",
		     json_pack("{s:s}", "reason", "群众反映问题反弹"), "rectifying");
	json_t *pj = get_problem(F.tok[U_UNIT1], c);
	assert_string_equal(jstr(pj, "status"), "rectifying");
	json_decref(pj);
	/* It goes round again. */
	h_advance(&F, c, F.dept[0], "verified");

	json_int_t v = h_problem_in(&F, "verified");
	expect_stage(F.tok[U_ADMIN], v, "reopen", json_pack("{s:s}", "reason", "验收后发现新问题"),
		     "rectifying");
	static const char *const want[][2] = {
		{"open", "dispatched"},       {"dispatched", "acknowledged"},
		{"acknowledged", "answered"}, {"answered", "rectifying"},
		{"rectifying", "rectified"},  {"rectified", "verified"},
		{"verified", "rectifying"},
	};
	json_t *evs = events(F.tok[U_ADMIN], v);
	check_transitions(evs, want, sizeof want / sizeof *want);
	json_decref(evs);
}

static void test_flag_and_bulletin(void **state)
{
	(void)state;
	json_int_t p = h_problem_in(&F, "dispatched");
	json_t *pj = get_problem(F.tok[U_ADMIN], p);
	char *title = strdup(jstr(pj, "title"));
	json_decref(pj);
	const char *text = "关于区住建局窗口推诿扯皮问题的通报（2026第1号）";

	/* Only the office flags. */
	struct resp r = h_stage(F.tok[U_STATION1], p, "flag",
				json_pack("{s:b, s:s, s:s}", "flagged", 1, "due_on", "2026-03-20",
					  "bulletin", text));
	assert_problem(r, 403);
	resp_free(&r);

	r = h_stage(F.tok[U_ADMIN], p, "flag",
		    json_pack("{s:b, s:s, s:s}", "flagged", 1, "due_on", "2026-03-20", "bulletin",
			      text));
	assert_status(r, 200);
	assert_true(jtrue(r.json, "flagged"));
	assert_string_equal(jstr(r.json, "status"), "dispatched");
	resp_free(&r);

	r = h_get(NULL, API "/public/bulletins");
	assert_status(r, 200);
	assert_non_null(h_items(r.json));
	assert_true(h_json_has_string(r.json, text));
	assert_true(h_json_has_string(r.json, title));
	assert_true(h_json_has_string(r.json, "2026-03-20"));
	assert_null(strstr(r.body, "王五"));
	assert_null(strstr(r.body, "13700000000"));
	resp_free(&r);

	/* Flagged without a bulletin: listed as a flagged problem, no text published. */
	json_int_t q = h_problem_in(&F, "acknowledged");
	pj = get_problem(F.tok[U_ADMIN], q);
	char *title2 = strdup(jstr(pj, "title"));
	json_decref(pj);
	r = h_stage(
		F.tok[U_ADMIN], q, "flag",
		json_pack("{s:b, s:s, s:s}", "flagged", 1, "due_on", "2026-03-27", "bulletin", ""));
	assert_status(r, 200);
	assert_true(jtrue(r.json, "flagged"));
	resp_free(&r);
	r = h_get(NULL, API "/public/bulletins");
	assert_status(r, 200);
	assert_true(h_json_has_string(r.json, title2));
	resp_free(&r);

	/* Not flagged: not listed. */
	json_int_t n = h_problem_in(&F, "dispatched");
	pj = get_problem(F.tok[U_ADMIN], n);
	char *title3 = strdup(jstr(pj, "title"));
	json_decref(pj);
	r = h_get(NULL, API "/public/bulletins");
	assert_status(r, 200);
	assert_false(h_json_has_string(r.json, title3));
	resp_free(&r);
	free(title);
	free(title2);
	free(title3);
}

static void expect_overdue(const char *tok, json_int_t p, int want)
{
	json_t *pj = get_problem(tok, p);
	json_t *v = json_object_get(pj, "overdue");
	if (!json_is_boolean(v) || json_is_true(v) != want) {
		char *d = json_dumps(pj, JSON_COMPACT);
		fail_msg("problem %lld: want overdue %s: %s", (long long)p, want ? "true" : "false",
			 d);
		free(d);
	}
	json_decref(pj);
}

static void test_overdue(void **state)
{
	(void)state;
	assert_true(p_normal && p_important && p_urgent && p_pipeline && p_redispatched &&
		    p_verified);
	/* At the test date nothing is overdue. */
	expect_overdue(F.tok[U_ADMIN], p_urgent, 0);
	expect_overdue(F.tok[U_ADMIN], p_normal, 0);

	/* Monday 2026-03-23: due dates 03-04 and 03-16 are past; 03-23 is today, not past. */
	assert_int_equal(h_restart("2026-03-23T09:00:00+08:00"), 0);
	h_fixture_relogin(&F);
	const char *tok = F.tok[U_ADMIN];
	expect_overdue(tok, p_urgent, 1);
	expect_overdue(tok, p_normal, 1);
	expect_overdue(tok, p_redispatched, 1);
	expect_overdue(tok, p_important, 0);
	expect_overdue(tok, p_pipeline, 0); /* closed */
	expect_overdue(tok, p_verified, 0); /* past its date, but verified */
	expect_overdue(F.tok[U_UNIT1], p_urgent, 1);

	json_t *list = h_list_all(tok, API "/problems?overdue=true", 500);
	assert_non_null(h_find_id(list, p_urgent));
	assert_non_null(h_find_id(list, p_normal));
	assert_null(h_find_id(list, p_important));
	assert_null(h_find_id(list, p_pipeline));
	size_t i;
	json_t *it;
	json_array_foreach(list, i, it)
	{
		assert_true(jtrue(it, "overdue"));
	}
	json_decref(list);

	/* Due soon: active, due from today to the summary's due_soon_until (三个工作日). */
	struct resp sum = h_get(tok, API "/summary");
	assert_status(sum, 200);
	const char *until = jstr(sum.json, "due_soon_until");
	assert_non_null(until);
	list = h_list_all(tok, API "/problems?due_soon=true", 500);
	assert_non_null(h_find_id(list, p_important)); /* due today */
	assert_null(h_find_id(list, p_urgent));        /* past */
	assert_null(h_find_id(list, p_pipeline));      /* closed */
	json_array_foreach(list, i, it)
	{
		assert_false(jtrue(it, "overdue"));
		assert_true(strcmp(jstr(it, "due_on"), "2026-03-23") >= 0);
		assert_true(strcmp(jstr(it, "due_on"), until) <= 0);
	}
	json_decref(list);
	resp_free(&sum);

	/* The next day the important one is late too. */
	assert_int_equal(h_restart("2026-03-24T09:00:00+08:00"), 0);
	h_fixture_relogin(&F);
	expect_overdue(F.tok[U_ADMIN], p_important, 1);
	expect_overdue(F.tok[U_STATION1], p_important, 1);

	/* Rectified ends lateness. */
	h_advance(&F, p_important, F.dept[0], "rectified");
	expect_overdue(F.tok[U_ADMIN], p_important, 0);

	struct resp r = h_get(F.tok[U_ADMIN], API "/audit/verify");
	assert_status(r, 200);
	assert_true(jtrue(r.json, "ok"));
	resp_free(&r);
}

/*
 * "actions" on a problem: exactly the stage actions the caller may take now, as the same
 * list in the problem and in the list of problems, and every one of them accepted.
 */
static void expect_actions(enum h_user who, json_int_t p, const char *want)
{
	struct resp r = h_get(F.tok[who], API "/problems/%lld", (long long)p);
	if (want == NULL) { /* out of the caller's scope */
		assert_status(r, 404);
		resp_free(&r);
		return;
	}
	assert_status(r, 200);
	char got[256] = "";
	size_t i;
	json_t *a, *acts = json_object_get(r.json, "actions");
	assert_true(json_is_array(acts));
	json_array_foreach(acts, i, a)
	{
		size_t n = strlen(got);
		snprintf(got + n, sizeof got - n, "%s%s", n ? " " : "", json_string_value(a));
	}
	if (strcmp(got, want) != 0)
		fail_msg("%s on problem %lld (%s): actions \"%s\", want \"%s\"", h_usernames[who],
			 (long long)p, jstr(r.json, "status"), got, want);
	json_incref(acts);
	resp_free(&r);
	/* the list of problems says the same */
	r = h_get(F.tok[who], API "/problems?limit=100");
	assert_status(r, 200);
	json_t *row = h_find_id(h_items(r.json), p);
	assert_non_null(row);
	assert_true(json_equal(json_object_get(row, "actions"), acts));
	json_decref(acts);
	resp_free(&r);
}

static void test_actions(void **state)
{
	(void)state;
	json_int_t op[2];
	op[0] = h_opinion(&F, U_POINT1A, F.dept[0], "窗口服务态度差", "王五", "13700000000", NULL);
	op[1] = h_opinion(&F, U_POINT1A, F.dept[0], "窗口服务态度冷淡", "赵六", "13700000001",
			  NULL);
	json_int_t p = h_problem(&F, U_STATION1, F.dept[0], NULL, op, 2);
	expect_actions(U_ADMIN, p, "dispatch flag");
	expect_actions(U_STATION1, p, "dispatch");
	expect_actions(U_POINT1A, p, "");
	expect_actions(U_LEADER, p, "");
	expect_actions(U_UNIT1, p, NULL);

	h_advance(&F, p, F.dept[0], "dispatched");
	expect_actions(U_ADMIN, p, "acknowledge return extension flag");
	expect_actions(U_UNIT1, p, "acknowledge return extension");
	expect_actions(U_STATION1, p, "");
	expect_actions(U_UNIT2, p, NULL);
	struct resp r =
		h_stage(F.tok[U_UNIT1], p, "extension",
			json_pack("{s:s, s:s}", "due_on", "2026-12-31", "reason", "需协调"));
	assert_status(r, 200);
	resp_free(&r);
	expect_actions(U_ADMIN, p, "acknowledge return extension_decision flag");
	expect_actions(U_UNIT1, p, "acknowledge return");
	r = h_stage(F.tok[U_ADMIN], p, "extension/decision", json_pack("{s:b}", "approved", 0));
	assert_status(r, 200);
	resp_free(&r);

	h_advance(&F, p, F.dept[0], "acknowledged");
	expect_actions(U_UNIT1, p, "return feedback extension");
	h_advance(&F, p, F.dept[0], "answered");
	expect_actions(U_UNIT1, p, "progress extension");
	h_advance(&F, p, F.dept[0], "rectified");
	expect_actions(U_UNIT1, p, "");
	expect_actions(U_STATION1, p, "verify");
	h_advance(&F, p, F.dept[0], "verified");
	expect_actions(U_ADMIN, p, "evaluate reopen flag");
	expect_actions(U_STATION1, p, "evaluate reopen");
	expect_actions(U_POINT1A, p, "evaluate");
	rate(U_POINT1A, p, "unaware");
	expect_actions(U_ADMIN, p, "evaluate reopen flag");
	rate(U_STATION1, p, "satisfied");
	expect_actions(U_ADMIN, p, "evaluate close reopen flag");
	rate(U_ADMIN, p, "unsatisfied");
	/* a giver's paper form: a source of its own */
	rate_as(U_POINT1A, p, "unsatisfied", op[0]);
	expect_actions(U_ADMIN, p, "evaluate reopen flag");
	rate_as(U_POINT1A, p, "basically_satisfied", op[1]);
	expect_actions(U_ADMIN, p, "evaluate close reopen flag");
	expect_close(p, 200);
	expect_actions(U_ADMIN, p, "reopen");
	expect_actions(U_STATION1, p, "reopen");
	expect_actions(U_UNIT1, p, "");
	expect_actions(U_LEADER, p, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_pipeline),
		cmocka_unit_test(test_wrong_state_409),
		cmocka_unit_test(test_400_before_409),
		cmocka_unit_test(test_dispatch_dates),
		cmocka_unit_test(test_default_deadline),
		cmocka_unit_test(test_return_and_redispatch),
		cmocka_unit_test(test_extension),
		cmocka_unit_test(test_verify_not_passed),
		cmocka_unit_test(test_close_rules),
		cmocka_unit_test(test_reopen),
		cmocka_unit_test(test_flag_and_bulletin),
		cmocka_unit_test(test_overdue),
		cmocka_unit_test(test_actions),
	};
	h_suite(&F, NULL);
	return cmocka_run_group_tests_name("api_pipeline", tests, h_group_setup, h_group_teardown);
}
