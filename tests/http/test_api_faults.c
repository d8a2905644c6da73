/*
 * The register of efficiency faults (行政效能过错), black-box through the API: the case the
 * sweep proposes for a flagged problem still not rectified five working days after the
 * flag's deadline, counted across China's 2026 Labour Day; confirmation and dismissal by the
 * office; a decision naming people of the unit's register with their sanctions, the ladder a second
 * fault within a year climbs; the appeal window; role scope on every endpoint; the case as a
 * proposed subtract of the year-end assessment; accountability naming a person of the register.
 *
 *   Mon 04-27  T0: the problem is flagged with the deadline Thu 04-30
 *   Fri 05-01 .. Tue 05-05  holidays and weekend
 *   Wed 05-06 1   Thu 05-07 2   Fri 05-08 3   Sat 05-09 4 (make-up working day)
 *   Mon 05-11  5: proposed
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fixture F;

#define T0 "2026-04-27T09:00:00+08:00"

static json_int_t pA;        /* the flagged problem, dispatched to department 1 */
static json_int_t fA;        /* the case the sweep proposes for it */
static json_int_t wang, li;  /* people of department 1's register */
static json_int_t elsewhere; /* a person of department 2's */

static void restart_at(const char *now)
{
	assert_int_equal(h_restart(now), 0);
	h_fixture_relogin(&F);
}

static json_t *faults(const char *tok, const char *query)
{
	struct resp r = h_get(tok, API "/faults%s", query);
	assert_status(r, 200);
	json_t *items = json_incref(json_object_get(r.json, "items"));
	resp_free(&r);
	return items;
}

/* The cases about problem @p p that the office sees. */
static int cases_of(json_int_t p)
{
	json_t *v = faults(F.tok[U_ADMIN], "");
	int n = 0;
	size_t i;
	json_t *it;
	json_array_foreach(v, i, it) if (json_integer_value(json_object_get(it, "problem_id")) == p)
	{
		fA = jint(it, "id");
		n++;
	}
	json_decref(v);
	return n;
}

static json_int_t add_person(json_int_t unit, const char *name, const char *post)
{
	struct resp r = h_post(F.tok[U_ADMIN], json_pack("{s:s, s:s}", "name", name, "post", post),
			       API "/units/%lld/people", (long long)unit);
	assert_status(r, 201);
	json_int_t id = jint(r.json, "id");
	resp_free(&r);
	return id;
}

static struct resp step(const char *tok, json_int_t id, const char *what, json_t *body)
{
	return h_post(tok, body, API "/faults/%lld/%s", (long long)id, what);
}

static json_t *person(json_int_t id, const char *role, const char *resp, const char *sanction)
{
	return json_pack("{s:I, s:s, s:s, s:s}", "person_id", (json_int_t)id, "role", role, "resp",
			 resp, "sanction", sanction);
}

static int group_teardown(void **state)
{
	unsetenv("WUBIAO_NOW");
	return h_group_teardown(state);
}

static void test_proposed_after_five_working_days(void **state)
{
	(void)state;
	/* The district's calendar: China's 2026 Labour Day */
	static const char *const days[][2] = {
		{"2026-05-01", "holiday"},
		{"2026-05-04", "holiday"},
		{"2026-05-05", "holiday"},
		{"2026-05-09", "workday"},
	};
	for (int i = 0; i < 4; i++) {
		struct resp c = h_put(F.tok[U_ADMIN], json_pack("{s:s}", "kind", days[i][1]),
				      API "/calendar/%s", days[i][0]);
		assert_status(c, 200);
		resp_free(&c);
	}
	struct resp r;
	pA = h_problem_in(&F, "dispatched");
	r = h_stage(F.tok[U_ADMIN], pA, "flag",
		    json_pack("{s:b, s:s}", "flagged", 1, "due_on", "2026-04-30"));
	assert_status(r, 200);
	resp_free(&r);
	/* a flagged problem rectified in time is never proposed */
	json_int_t pB = h_problem_in(&F, "rectified");
	r = h_stage(F.tok[U_ADMIN], pB, "flag",
		    json_pack("{s:b, s:s}", "flagged", 1, "due_on", "2026-04-30"));
	assert_status_in(r, 200, 409);
	resp_free(&r);

	/* Thu 05-07 would be the fifth weekday; on this calendar it is the second working day */
	const char *before[] = {"2026-05-07T18:00:00+08:00", "2026-05-10T09:00:00+08:00"};
	for (int i = 0; i < 2; i++) {
		restart_at(before[i]);
		r = h_post(F.tok[U_ADMIN], json_object(), API "/reminders/run");
		assert_status(r, 200);
		assert_int_equal(jint(r.json, "faults_proposed"), 0);
		resp_free(&r);
		assert_int_equal(cases_of(pA), 0);
	}
	/* Mon 05-11, the fifth working day after the deadline: one case, however often the
	 * sweep runs (the server's own at start-up, then the office's) */
	restart_at("2026-05-11T09:00:00+08:00");
	for (int i = 0; i < 2; i++) {
		r = h_post(F.tok[U_ADMIN], json_object(), API "/reminders/run");
		assert_status(r, 200);
		assert_int_equal(jint(r.json, "faults_proposed"), 0);
		resp_free(&r);
	}
	assert_int_equal(cases_of(pA), 1);
	assert_int_equal(cases_of(pB), 0);
	r = h_get(F.tok[U_ADMIN], API "/faults/%lld", (long long)fA);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "proposed");
	assert_string_equal(jstr(r.json, "source"), "overdue");
	assert_string_equal(jstr(r.json, "type"), "delay");
	assert_int_equal(jint(r.json, "unit_id"), F.dept[0]);
	assert_non_null(strstr(jstr(r.json, "facts"), "2026-04-30"));
	assert_non_null(strstr(jstr(r.json, "facts"), "5 个工作日"));
	h_expect_actions(r.json, "confirm,dismiss");
	resp_free(&r);
	assert_int_equal(h_sql("SELECT COUNT(*) FROM events WHERE kind = 'fault.propose'"), 1);
}

static void test_scope(void **state)
{
	(void)state;
	/* the office, leaders and stations read every unit's cases; a unit its own */
	const enum h_user all[] = {U_ADMIN, U_LEADER, U_STATION1, U_STATION2, U_UNIT1};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		json_t *v = faults(F.tok[all[i]], "");
		assert_non_null(h_find_id(v, fA));
		json_decref(v);
		struct resp r = h_get(F.tok[all[i]], API "/faults/%lld", (long long)fA);
		assert_status(r, 200);
		if (all[i] != U_ADMIN)
			h_expect_actions(r.json, "");
		resp_free(&r);
	}
	json_t *v = faults(F.tok[U_UNIT2], "");
	assert_int_equal(json_array_size(v), 0);
	json_decref(v);
	/* a unit asking for another unit's cases still gets its own only */
	char q[64];
	snprintf(q, sizeof q, "?unit_id=%lld", (long long)F.dept[0]);
	v = faults(F.tok[U_UNIT2], q);
	assert_int_equal(json_array_size(v), 0);
	json_decref(v);
	struct resp r = h_get(F.tok[U_UNIT2], API "/faults/%lld", (long long)fA);
	assert_problem(r, 404);
	resp_free(&r);
	/* points and the public read no cases */
	r = h_get(F.tok[U_POINT1A], API "/faults");
	assert_problem(r, 403);
	resp_free(&r);
	r = h_get(F.tok[U_POINT1A], API "/faults/%lld", (long long)fA);
	assert_problem(r, 404);
	resp_free(&r);
	r = h_get(NULL, API "/faults");
	assert_problem(r, 401);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/faults?status=bogus");
	assert_problem(r, 400);
	resp_free(&r);
	/* only the office records, confirms, dismisses and decides */
	const enum h_user others[] = {U_LEADER, U_STATION1, U_UNIT1};
	for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
		r = step(F.tok[others[i]], fA, "confirm", json_object());
		assert_problem(r, 403);
		resp_free(&r);
		r = step(F.tok[others[i]], fA, "dismiss",
			 json_pack("{s:s}", "reason", "不属于过错情形"));
		assert_problem(r, 403);
		resp_free(&r);
		r = h_post(F.tok[others[i]],
			   json_pack("{s:I, s:s, s:s, s:s}", "unit_id", (json_int_t)F.dept[0],
				     "source", "inspection", "type", "shirk", "facts",
				     "暗访发现窗口推诿群众"),
			   API "/faults");
		assert_problem(r, 403);
		resp_free(&r);
	}
	r = step(F.tok[U_UNIT2], fA, "confirm", json_object());
	assert_problem(r, 404);
	resp_free(&r);
	/* the proposal cannot be decided before it is confirmed */
	r = step(F.tok[U_ADMIN], fA, "decide",
		 json_pack("{s:s, s:s}", "authority", "区纪委监委", "unit_sanction", "rectify"));
	assert_problem(r, 409);
	resp_free(&r);
}

static void test_decide_and_the_ladder(void **state)
{
	(void)state;
	wang = add_person(F.dept[0], "王立", "窗口科长");
	li = add_person(F.dept[0], "李敏", "分管副局长");
	elsewhere = add_person(F.dept[1], "赵强", "科员");

	struct resp r =
		step(F.tok[U_ADMIN], fA, "confirm", json_pack("{s:s}", "note", "经核实属实"));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "open");
	h_expect_actions(r.json, "dismiss,decide");
	resp_free(&r);

	/* neither a person nor a sanction for the unit; a person of another unit; bad values */
	r = step(F.tok[U_ADMIN], fA, "decide", json_pack("{s:s}", "authority", "区纪委监委"));
	assert_problem(r, 400);
	resp_free(&r);
	r = step(F.tok[U_ADMIN], fA, "decide",
		 json_pack("{s:s, s:[o]}", "authority", "区纪委监委", "people",
			   person(elsewhere, "handler", "direct", "written_review")));
	assert_problem(r, 400);
	assert_true(h_json_has_string(json_object_get(r.json, "errors"), "people[0].person_id"));
	resp_free(&r);
	r = step(F.tok[U_ADMIN], fA, "decide",
		 json_pack("{s:s, s:[o]}", "authority", "区纪委监委", "people",
			   person(wang, "clerk", "direct", "scolding")));
	assert_problem(r, 400);
	assert_true(h_json_has_string(json_object_get(r.json, "errors"), "people[0].role"));
	assert_true(h_json_has_string(json_object_get(r.json, "errors"), "people[0].sanction"));
	resp_free(&r);
	r = step(F.tok[U_ADMIN], fA, "decide",
		 json_pack("{s:s, s:s, s:[o]}", "authority", "区纪委监委", "decided_on",
			   "2026-05-12", "people",
			   person(wang, "handler", "direct", "written_review")));
	assert_problem(r, 400); /* in the future */
	resp_free(&r);

	/* Wang, directly responsible: 书面检查; Li, with leadership responsibility: 限期整改 */
	r = step(F.tok[U_ADMIN], fA, "decide",
		 json_pack("{s:s, s:s, s:[o, o]}", "authority", "区纪委监委", "note",
			   "挂牌问题逾期未整改", "people",
			   person(wang, "handler", "direct", "written_review"),
			   person(li, "approver", "leadership", "rectify")));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "decided");
	assert_string_equal(jstr(r.json, "decided_on"), "2026-05-11");
	assert_string_equal(jstr(r.json, "appeal_until"), "2026-06-10"); /* 30 days */
	assert_string_equal(jstr(r.json, "authority"), "区纪委监委");
	json_t *people = json_object_get(r.json, "people");
	assert_int_equal(json_array_size(people), 2);
	assert_string_equal(jstr(json_array_get(people, 0), "name"), "王立");
	assert_string_equal(jstr(json_array_get(people, 0), "sanction_label"), "书面检查");
	assert_string_equal(jstr(json_array_get(people, 1), "resp"), "leadership");
	h_expect_actions(r.json, "appeal");
	resp_free(&r);
	/* decided once */
	r = step(F.tok[U_ADMIN], fA, "decide",
		 json_pack("{s:s, s:s}", "authority", "区纪委监委", "unit_sanction", "rectify"));
	assert_problem(r, 409);
	resp_free(&r);
	/* the unit reads its own case with the people and may appeal it */
	r = h_get(F.tok[U_UNIT1], API "/faults/%lld", (long long)fA);
	assert_status(r, 200);
	h_expect_actions(r.json, "appeal");
	assert_int_equal(json_array_size(json_object_get(r.json, "people")), 2);
	resp_free(&r);
	/* listed by person */
	char q[64];
	snprintf(q, sizeof q, "?person_id=%lld", (long long)li);
	json_t *v = faults(F.tok[U_ADMIN], q);
	assert_int_equal(json_array_size(v), 1);
	json_decref(v);

	/* A second case from an inspection: Wang's second fault within a year must climb
	 * above 书面检查; Li's above 限期整改 */
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:I, s:s, s:s, s:s}", "unit_id", (json_int_t)F.dept[0], "source",
			     "inspection", "type", "shirk", "facts",
			     "暗访发现窗口推诿群众，让其另找科室"),
		   API "/faults");
	assert_status(r, 201);
	json_int_t f2 = jint(r.json, "id");
	assert_string_equal(jstr(r.json, "status"), "open");
	resp_free(&r);
	r = step(F.tok[U_ADMIN], f2, "decide",
		 json_pack("{s:s, s:[o, o]}", "authority", "区纪委监委", "people",
			   person(wang, "handler", "direct", "written_review"),
			   person(li, "approver", "leadership", "written_review")));
	assert_problem(r, 400);
	char *body = json_dumps(r.json, JSON_COMPACT);
	assert_non_null(strstr(body, "people[0].sanction"));
	assert_non_null(strstr(body, "must be admonition or heavier"));
	assert_null(strstr(body, "people[1]")); /* Li's 书面检查 is one step above 限期整改 */
	free(body);
	resp_free(&r);
	r = step(F.tok[U_ADMIN], f2, "decide",
		 json_pack("{s:s, s:s, s:[o, o]}", "authority", "区纪委监委", "unit_sanction",
			   "public_criticism", "people",
			   person(wang, "handler", "direct", "admonition"),
			   person(li, "approver", "leadership", "written_review")));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "unit_sanction"), "public_criticism");
	resp_free(&r);

	/* an opinion or a first contact must be named for cases from them */
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:I, s:s, s:s, s:s}", "unit_id", (json_int_t)F.dept[0], "source",
			     "opinion", "type", "shirk", "facts", "群众反映窗口推诿"),
		   API "/faults");
	assert_problem(r, 400);
	assert_true(h_json_has_string(json_object_get(r.json, "errors"), "opinion_id"));
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:I, s:s, s:s, s:s}", "unit_id", (json_int_t)F.station[0], "source",
			     "inspection", "type", "shirk", "facts", "监测站不是被评议单位"),
		   API "/faults");
	assert_problem(r, 400);
	resp_free(&r);
	/* every step is in the audit chain, which still verifies */
	assert_int_equal(h_sql("SELECT COUNT(*) FROM events WHERE kind = 'fault.decide'"), 2);
	r = h_get(F.tok[U_ADMIN], API "/audit/verify");
	assert_status(r, 200);
	assert_true(jtrue(r.json, "ok"));
	resp_free(&r);
}

static void test_appeal_and_the_year_end(void **state)
{
	(void)state;
	/* the decided case is a proposed subtract of the year's assessment */
	struct resp r = h_get(F.tok[U_ADMIN], API "/targets/2026/proposals");
	assert_status(r, 200);
	char src[32];
	snprintf(src, sizeof src, "fault:%lld", (long long)fA);
	char *body = json_dumps(r.json, JSON_COMPACT);
	assert_non_null(strstr(body, src));
	assert_non_null(strstr(body, "效能过错：拖延"));
	free(body);
	resp_free(&r);

	/* the unit appeals; a second appeal, another unit's, or an empty reason: refused */
	r = step(F.tok[U_UNIT1], fA, "appeal", json_pack("{s:s}", "reason", "短"));
	assert_problem(r, 400);
	resp_free(&r);
	r = step(F.tok[U_UNIT2], fA, "appeal", json_pack("{s:s}", "reason", "我们认为处理过重"));
	assert_problem(r, 404);
	resp_free(&r);
	r = step(F.tok[U_UNIT1], fA, "appeal",
		 json_pack("{s:s}", "reason", "整改已于期限内完成，台账漏报"));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "appealed");
	h_expect_actions(r.json, "");
	resp_free(&r);
	r = step(F.tok[U_UNIT1], fA, "appeal", json_pack("{s:s}", "reason", "再次申诉请求复核"));
	assert_problem(r, 409);
	resp_free(&r);
	r = step(F.tok[U_UNIT1], fA, "appeal/decide",
		 json_pack("{s:b, s:s}", "upheld", 1, "note", "单位不能复核自己"));
	assert_problem(r, 403);
	resp_free(&r);
	/* upheld: the case is revoked, and no longer proposed for the year-end */
	r = step(F.tok[U_ADMIN], fA, "appeal/decide",
		 json_pack("{s:b, s:s}", "upheld", 1, "note", "经复核，整改材料齐全，撤销处理"));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "revoked");
	h_expect_actions(r.json, "");
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/targets/2026/proposals");
	assert_status(r, 200);
	body = json_dumps(r.json, JSON_COMPACT);
	assert_null(strstr(body, src));
	free(body);
	resp_free(&r);

	/* a third case: Wang's admonition stands, so his floor is now 行政告诫 */
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:I, s:s, s:s, s:s}", "unit_id", (json_int_t)F.dept[0], "source",
			     "inspection", "type", "delay", "facts", "审批超期未说明理由"),
		   API "/faults");
	assert_status(r, 201);
	json_int_t f3 = jint(r.json, "id");
	resp_free(&r);
	r = step(F.tok[U_ADMIN], f3, "decide",
		 json_pack("{s:s, s:[o]}", "authority", "区纪委监委", "people",
			   person(wang, "handler", "direct", "admonition")));
	assert_problem(r, 400);
	resp_free(&r);
	r = step(F.tok[U_ADMIN], f3, "decide",
		 json_pack("{s:s, s:[o]}", "authority", "区纪委监委", "people",
			   person(wang, "handler", "direct", "warning")));
	assert_status(r, 200);
	resp_free(&r);

	/* the window: 30 days after the decision, then no appeal */
	restart_at("2026-06-11T09:00:00+08:00");
	r = h_get(F.tok[U_UNIT1], API "/faults/%lld", (long long)f3);
	assert_status(r, 200);
	h_expect_actions(r.json, "");
	resp_free(&r);
	r = step(F.tok[U_UNIT1], f3, "appeal", json_pack("{s:s}", "reason", "请求复核处理决定"));
	assert_problem(r, 409);
	resp_free(&r);

	/* a dismissed case needs a reason and is proposed for nothing */
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:I, s:s, s:s, s:s}", "unit_id", (json_int_t)F.dept[1], "source",
			     "inspection", "type", "other", "facts", "反映情况经查不属实"),
		   API "/faults");
	assert_status(r, 201);
	json_int_t f4 = jint(r.json, "id");
	resp_free(&r);
	r = step(F.tok[U_ADMIN], f4, "dismiss", json_object());
	assert_problem(r, 400);
	resp_free(&r);
	r = step(F.tok[U_ADMIN], f4, "dismiss",
		 json_pack("{s:s}", "reason", "经查不属实，不予认定"));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "dismissed");
	assert_string_equal(jstr(r.json, "note"), "经查不属实，不予认定");
	resp_free(&r);
	json_t *v = faults(F.tok[U_ADMIN], "?status=dismissed");
	assert_int_equal(json_array_size(v), 1);
	json_decref(v);
	v = faults(F.tok[U_ADMIN], "?year=2026&status=decided");
	assert_int_equal(json_array_size(v), 2);
	json_decref(v);
}

/* The ledger: each person sanctioned in a decided case, the unit's own sanction, and the
 * accountability records, by unit and person, in the caller's scope; CSV and XLSX. */
static void test_ledger(void **state)
{
	(void)state;
	/* accountability naming Li on the flagged problem */
	struct resp r =
		h_post(F.tok[U_ADMIN],
		       json_pack("{s:s, s:I, s:s, s:s}", "kind", "admonition", "person_id",
				 (json_int_t)li, "note", "督办不力", "decided_on", "2026-05-11"),
		       API "/problems/%lld/accountability", (long long)pA);
	assert_status(r, 201);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/ledger?year=2026");
	assert_status(r, 200);
	json_t *items = json_object_get(r.json, "items");
	/* fA revoked: Wang and Li; f2: Wang, Li and the unit; f3: Wang; the record: Li */
	int wang_rows = 0, li_rows = 0, unit_rows = 0, records = 0, revoked = 0;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		json_t *pid = json_object_get(it, "person_id");
		if (json_is_null(pid))
			unit_rows++;
		else if (json_integer_value(pid) == wang)
			wang_rows++;
		else if (json_integer_value(pid) == li)
			li_rows++;
		if (strcmp(jstr(it, "source"), "accountability") == 0)
			records++;
		if (strcmp(jstr(it, "status"), "已撤销") == 0)
			revoked++;
		assert_int_equal(jint(it, "unit_id"), F.dept[0]);
	}
	assert_int_equal(wang_rows, 3);
	assert_int_equal(li_rows, 3);
	assert_int_equal(unit_rows, 1);
	assert_int_equal(records, 1);
	assert_int_equal(revoked, 2);
	resp_free(&r);
	/* by person; another unit sees nothing of department 1; points may not read it */
	char q[96];
	snprintf(q, sizeof q, API "/ledger?person_id=%lld", (long long)li);
	r = h_get(F.tok[U_UNIT1], "%s", q);
	assert_status(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 3);
	resp_free(&r);
	r = h_get(F.tok[U_UNIT2], "%s", q);
	assert_status(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	resp_free(&r);
	r = h_get(F.tok[U_POINT1A], API "/ledger");
	assert_problem(r, 403);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/ledger?year=2025");
	assert_status(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	resp_free(&r);
	/* the files */
	r = h_get(F.tok[U_LEADER], API "/ledger?format=csv");
	assert_status(r, 200);
	assert_non_null(strstr(r.content_type, "text/csv"));
	assert_non_null(strstr(r.body, "日期,单位,人员,类别,处理方式,责任,状态"));
	assert_non_null(strstr(r.body, "承办人（直接责任）"));
	resp_free(&r);
	r = h_get(F.tok[U_STATION1], API "/ledger?format=xlsx&year=2026");
	assert_status(r, 200);
	assert_true(strncmp(r.body, "PK", 2) == 0);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/ledger?format=pdf");
	assert_problem(r, 400);
	resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proposed_after_five_working_days),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_decide_and_the_ladder),
		cmocka_unit_test(test_appeal_and_the_year_end),
		cmocka_unit_test(test_ledger),
	};
	h_suite(&F, T0);
	return cmocka_run_group_tests_name("api faults", tests, h_group_setup, group_teardown);
}
