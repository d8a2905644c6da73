/*
 * The public endpoints: the unit list for the form, giving an opinion online and getting
 * a receipt, tracking it, evaluating through the receipt, and the per-address rate limit.
 */
#include "harness.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fixture F;
static json_int_t later_campaign;

static const char *const GIVER_NAME = "陈公开测试";
static const char *const GIVER_PHONE = "13812345678";
static const char *const OTHER_NAME = "褚另一位";
static const char *const OTHER_PHONE = "13987654321";

static void test_public_units(void **state)
{
	(void)state;
	struct resp r = h_get(NULL, API "/public/units");
	assert_status(r, 200);
	json_t *items = h_items(r.json);
	assert_non_null(items);
	json_int_t want[] = {F.dept[0], F.dept[1], F.dept[2], F.street};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		json_t *u = h_find_id(items, want[i]);
		if (u == NULL)
			fail_msg("unit %lld missing from %.500s", (long long)want[i], r.body);
		assert_non_null(jstr(u, "name"));
	}
	size_t i;
	json_t *u;
	json_array_foreach(items, i, u)
	{
		const char *kind = jstr(u, "kind");
		assert_non_null(kind);
		if (strcmp(kind, "department") != 0 && strcmp(kind, "street") != 0)
			fail_msg("public units lists a %s: %.300s", kind, r.body);
		assert_true(jint(u, "id") != F.office && jint(u, "id") != F.station[0] &&
			    jint(u, "id") != F.point[0][0]);
	}
	assert_int_equal(json_array_size(items), 4);
	resp_free(&r);
}

static json_t *public_body(json_int_t target, const char *content)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s}", "target_unit_id", (json_int_t)target,
			 "dimension", "efficiency", "content", content, "submitter_name",
			 GIVER_NAME, "submitter_phone", GIVER_PHONE);
}

static char *give(json_int_t target, const char *content)
{
	struct resp r = h_post(NULL, public_body(target, content), API "/public/opinions");
	assert_status(r, 201);
	const char *rc = jstr(r.json, "receipt");
	assert_non_null(rc);
	assert_true(strlen(rc) >= 10);
	/* The answer to the giver is the receipt, not the record. */
	assert_null(strstr(r.body, GIVER_PHONE));
	char *out = strdup(rc);
	assert_non_null(out);
	resp_free(&r);
	return out;
}

static void test_validation(void **state)
{
	(void)state;
	struct {
		const char *what;
		json_t *body;
	} bad[] = {
		{"no content", json_pack("{s:I, s:s}", "target_unit_id", (json_int_t)F.dept[0],
					 "dimension", "conduct")},
		{"bad dimension",
		 json_pack("{s:I, s:s, s:s}", "target_unit_id", (json_int_t)F.dept[0], "dimension",
			   "mood", "content", "x")},
		{"a station is no responsible unit",
		 json_pack("{s:I, s:s, s:s}", "target_unit_id", (json_int_t)F.station[0],
			   "dimension", "conduct", "content", "x")},
		{"not a phone", json_pack("{s:I, s:s, s:s, s:s}", "target_unit_id",
					  (json_int_t)F.dept[0], "dimension", "conduct", "content",
					  "x", "submitter_phone", "call me maybe")},
		{"a source the public cannot choose",
		 json_pack("{s:I, s:s, s:s, s:s}", "target_unit_id", (json_int_t)F.dept[0],
			   "dimension", "conduct", "content", "x", "source", "npc_deputy")},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct resp r = h_post(NULL, bad[i].body, API "/public/opinions");
		if (r.status != 400)
			print_error("case: %s\n", bad[i].what);
		assert_problem(r, 400);
		resp_free(&r);
	}
	struct resp r = h_req("POST", NULL, "{\"target_unit_id\":", API "/public/opinions");
	assert_problem(r, 400);
	resp_free(&r);
}

static json_t *find_by_content(const char *tok, const char *content)
{
	json_t *all = h_list_all(tok, API "/opinions", 500);
	json_t *found = NULL;
	size_t i;
	json_t *o;
	json_array_foreach(all, i, o)
	{
		if (jstr(o, "content") && strcmp(jstr(o, "content"), content) == 0)
			found = json_incref(o);
	}
	json_decref(all);
	return found;
}

static char *receipt_main;
static json_int_t opinion_main;

static void test_give_opinion(void **state)
{
	(void)state;
	/* A campaign that started later but is not running today must not take it. */
	struct resp r = h_post(F.tok[U_ADMIN],
			       json_pack("{s:s, s:i, s:[{s:s, s:s, s:s}]}", "name",
					 "2026下半年专项", "year", 2026, "phases", "kind", "survey",
					 "starts_on", "2026-09-01", "ends_on", "2026-10-31"),
			       API "/campaigns");
	assert_status(r, 201);
	later_campaign = jint(r.json, "id");
	resp_free(&r);

	const char *content = "网上：住建局窗口中午无人值守";
	receipt_main = give(F.dept[0], content);
	char *second = give(F.dept[0], "网上：第二条意见");
	assert_string_not_equal(receipt_main, second);
	/* Two receipts given one after the other share no long common prefix. */
	size_t same = 0;
	while (receipt_main[same] && receipt_main[same] == second[same])
		same++;
	assert_true(same < strlen(receipt_main) - 4);
	free(second);

	/* In station 1's inbox (it follows department 1), as a public online opinion. */
	json_t *o = find_by_content(F.tok[U_STATION1], content);
	assert_non_null(o);
	opinion_main = jint(o, "id");
	assert_true(opinion_main > 0);
	assert_string_equal(jstr(o, "source"), "public");
	assert_string_equal(jstr(o, "channel"), "online");
	assert_string_equal(jstr(o, "status"), "received");
	assert_string_equal(jstr(o, "dimension"), "efficiency");
	assert_true(json_is_null(json_object_get(o, "point_id")));
	assert_int_equal(jint(o, "campaign_id"), F.campaign);
	assert_int_equal(jint(o, "target_unit_id"), F.dept[0]);
	json_decref(o);

	r = h_get(F.tok[U_STATION1], API "/opinions/%lld", (long long)opinion_main);
	assert_status(r, 200);
	assert_null(json_object_get(r.json, "receipt")); /* the giver's alone */
	assert_string_equal(jstr(r.json, "submitter_name"), GIVER_NAME);
	assert_string_equal(jstr(r.json, "submitter_phone"), GIVER_PHONE);
	resp_free(&r);
	r = h_get(F.tok[U_STATION1], API "/opinions?status=received&limit=500");
	assert_status(r, 200);
	assert_non_null(h_find_id(r.json, opinion_main));
	resp_free(&r);

	/* Not in station 2's. */
	r = h_get(F.tok[U_STATION2], API "/opinions/%lld", (long long)opinion_main);
	assert_problem(r, 404);
	resp_free(&r);
	json_t *o2 = find_by_content(F.tok[U_STATION2], content);
	assert_null(o2);
	/* Nor a point's: no point collected it. */
	o2 = find_by_content(F.tok[U_POINT1A], content);
	assert_null(o2);

	/* About the street, it goes to station 2. */
	char *rs = give(F.street, "网上：街道办事大厅排长队");
	o2 = find_by_content(F.tok[U_STATION2], "网上：街道办事大厅排长队");
	assert_non_null(o2);
	json_decref(o2);
	o2 = find_by_content(F.tok[U_STATION1], "网上：街道办事大厅排长队");
	assert_null(o2);
	free(rs);
}

static void track_shows_no_giver(const struct resp *r)
{
	if (strstr(r->body, GIVER_NAME) || strstr(r->body, GIVER_PHONE) ||
	    strstr(r->body, OTHER_NAME) || strstr(r->body, OTHER_PHONE))
		fail_msg("%s shows an opinion giver: %.500s", r->what, r->body);
	assert_null(json_object_get(r->json, "submitter_name"));
	assert_null(json_object_get(r->json, "submitter_phone"));
}

static json_int_t problem_main;

static void test_track(void **state)
{
	(void)state;
	assert_non_null(receipt_main);
	struct resp r = h_get(NULL, API "/public/track/%s", receipt_main);
	assert_status(r, 200);
	assert_true(h_json_has_string(r.json, "received"));
	track_shows_no_giver(&r);
	resp_free(&r);

	r = h_get(NULL, API "/public/track/%s", "NOSUCHRECEIPT00");
	assert_problem(r, 404);
	resp_free(&r);
	r = h_get(NULL, API "/public/track/%s", "x");
	assert_status_in(r, 400, 404);
	resp_free(&r);

	/* Merged with another giver's opinion, dispatched, answered, in rectification. */
	char *other_receipt = NULL;
	json_int_t other = h_opinion(&F, U_POINT1A, F.dept[0], "窗口中午关门", OTHER_NAME,
				     OTHER_PHONE, &other_receipt);
	json_int_t ids[2] = {opinion_main, other};
	problem_main = h_problem(&F, U_STATION1, F.dept[0], "important", ids, 2);
	r = h_get(NULL, API "/public/track/%s", receipt_main);
	assert_status(r, 200);
	assert_true(h_json_has_string(r.json, "merged"));
	assert_true(h_json_has_string(r.json, "open"));
	track_shows_no_giver(&r);
	resp_free(&r);

	h_advance(&F, problem_main, F.dept[0], "acknowledged");
	const char *reply = "已安排中午轮班值守（答复）";
	const char *measures = "设立午间便民窗口（措施）";
	r = h_stage(F.tok[U_UNIT1], problem_main, "feedback",
		    json_pack("{s:s, s:s}", "reply", reply, "plan", "本月内落实"));
	assert_status(r, 200);
	resp_free(&r);
	r = h_stage(F.tok[U_UNIT1], problem_main, "progress",
		    json_pack("{s:s, s:i, s:s, s:b}", "measures", measures, "percent", 60,
			      "evidence", "排班表", "done", 0));
	assert_status(r, 200);
	resp_free(&r);

	r = h_get(NULL, API "/public/track/%s", receipt_main);
	assert_status(r, 200);
	assert_true(h_json_has_string(r.json, "rectifying"));
	assert_non_null(strstr(r.body, reply));
	assert_non_null(strstr(r.body, measures));
	track_shows_no_giver(&r);
	/* Nothing of the other giver's, not even the receipt. */
	assert_null(strstr(r.body, other_receipt));
	resp_free(&r);
	free(other_receipt);
}

static void test_public_evaluation(void **state)
{
	(void)state;
	assert_true(problem_main > 0);
	/* Before verification: not yet. */
	struct resp r = h_post(NULL, json_pack("{s:s, s:s}", "rating", "satisfied", "note", ""),
			       API "/public/track/%s/evaluation", receipt_main);
	assert_problem(r, 409);
	resp_free(&r);
	/* Validation comes first. */
	r = h_post(NULL, json_pack("{s:s, s:s}", "rating", "wonderful", "note", ""),
		   API "/public/track/%s/evaluation", receipt_main);
	assert_problem(r, 400);
	resp_free(&r);
	r = h_post(NULL, json_pack("{s:s, s:s}", "rating", "satisfied", "note", ""),
		   API "/public/track/%s/evaluation", "NOSUCHRECEIPT00");
	assert_problem(r, 404);
	resp_free(&r);

	h_advance(&F, problem_main, F.dept[0], "verified");
	r = h_get(NULL, API "/public/track/%s", receipt_main);
	assert_status(r, 200);
	assert_true(h_json_has_string(r.json, "verified"));
	resp_free(&r);

	r = h_post(NULL, json_pack("{s:s, s:s}", "rating", "basically_satisfied", "note", "还行"),
		   API "/public/track/%s/evaluation", receipt_main);
	assert_status(r, 201);
	assert_string_equal(jstr(r.json, "rating"), "basically_satisfied");
	track_shows_no_giver(&r);
	resp_free(&r);

	/* Once per receipt. */
	r = h_post(NULL, json_pack("{s:s, s:s}", "rating", "unsatisfied", "note", "再评一次"),
		   API "/public/track/%s/evaluation", receipt_main);
	assert_problem(r, 409);
	resp_free(&r);

	/* The public's rating is a valid rating: the office can close on it. */
	r = h_stage(F.tok[U_ADMIN], problem_main, "close", json_object());
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "closed");
	resp_free(&r);
	r = h_get(NULL, API "/public/track/%s", receipt_main);
	assert_status(r, 200);
	assert_true(h_json_has_string(r.json, "closed"));
	track_shows_no_giver(&r);
	resp_free(&r);
}

static void test_rate_limit(void **state)
{
	(void)state;
	int got429 = 0, created = 0;
	for (int i = 0; i < 300 && !got429; i++) {
		char content[64];
		snprintf(content, sizeof content, "刷量测试 %d", i);
		struct resp r =
			h_post(NULL,
			       json_pack("{s:I, s:s, s:s}", "target_unit_id", (json_int_t)F.dept[1],
					 "dimension", "conduct", "content", content),
			       API "/public/opinions");
		if (r.status == 429) {
			got429 = 1;
			assert_problem(r, 429);
			char *ra = resp_header(&r, "Retry-After");
			if (ra == NULL)
				fail_msg("429 without Retry-After: %s", r.headers);
			assert_true(isdigit((unsigned char)ra[0]));
			assert_true(atoi(ra) >= 1);
			free(ra);
		} else {
			assert_status(r, 201);
			created++;
		}
		resp_free(&r);
	}
	assert_true(got429);
	assert_true(created >= 1);
	print_message("# 429 after %d accepted opinions in a row\n", created);
	/* Limited is not broken: staff and reads go on. */
	struct resp r = h_get(NULL, API "/public/units");
	assert_status(r, 200);
	resp_free(&r);
	r = h_get(NULL, API "/healthz");
	assert_status(r, 200);
	resp_free(&r);
}

static int teardown_globals(void **state)
{
	(void)state;
	free(receipt_main);
	receipt_main = NULL;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_public_units),
		cmocka_unit_test(test_give_opinion),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_track),
		cmocka_unit_test(test_public_evaluation),
		cmocka_unit_test_teardown(test_rate_limit, teardown_globals),
	};
	h_suite(&F, NULL);
	return cmocka_run_group_tests_name("api_public", tests, h_group_setup, h_group_teardown);
}
