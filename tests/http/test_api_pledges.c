/*
 * Leaders' pledges (十项承诺), black-box through the API: sets from the default ten for a
 * leader of a unit's register or for its leadership team; drafted by the unit or the
 * office, published by the office; fulfilment records (践诺) and the year's fulfilment
 * rate; ratings (评诺) by the public and by colleagues, once each colleague, never by the
 * holder, whose givers and notes the unit never sees; the public page; role scope.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fixture F;

static json_int_t chief, other, s1, s2;

static json_int_t add_person(json_int_t unit, const char *name, const char *post)
{
	struct resp r = h_post(F.tok[U_ADMIN], json_pack("{s:s, s:s}", "name", name, "post", post),
			       API "/units/%lld/people", (long long)unit);
	assert_status(r, 201);
	json_int_t id = jint(r.json, "id");
	resp_free(&r);
	return id;
}

static void test_draft_and_publish(void **state)
{
	(void)state;
	chief = add_person(F.dept[0], "刘局长", "局长");
	other = add_person(F.dept[1], "陈主任", "主任");
	/* department 1's account is the chief's own */
	struct resp r = h_put(F.tok[U_ADMIN], json_pack("{s:I}", "person_id", (json_int_t)chief),
			      API "/users/%lld/person", (long long)F.uid[U_UNIT1]);
	assert_status(r, 200);
	resp_free(&r);

	r = h_get(F.tok[U_UNIT1], API "/pledges/template");
	assert_status(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 10);
	resp_free(&r);

	/* refused: another unit's, a person of another unit, a period backwards, 21 items */
	r = h_post(F.tok[U_UNIT1],
		   json_pack("{s:I, s:s, s:s, s:s}", "unit_id", (json_int_t)F.dept[1], "title",
			     "区二部门领导班子十项承诺", "period_from", "2026-01-01", "period_to",
			     "2026-12-31"),
		   API "/pledges");
	assert_problem(r, 403);
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1],
		   json_pack("{s:I, s:I, s:s, s:s, s:s}", "unit_id", (json_int_t)F.dept[0],
			     "person_id", (json_int_t)other, "title", "刘局长十项承诺",
			     "period_from", "2026-01-01", "period_to", "2026-12-31"),
		   API "/pledges");
	assert_problem(r, 400);
	assert_true(h_json_has_string(json_object_get(r.json, "errors"), "person_id"));
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1],
		   json_pack("{s:I, s:s, s:s, s:s}", "unit_id", (json_int_t)F.dept[0], "title",
			     "刘局长十项承诺", "period_from", "2026-12-31", "period_to",
			     "2026-01-01"),
		   API "/pledges");
	assert_problem(r, 400);
	resp_free(&r);
	json_t *many = json_array();
	for (int i = 0; i < 21; i++)
		json_array_append_new(many, json_string("每月走访基层一次"));
	r = h_post(F.tok[U_UNIT1],
		   json_pack("{s:I, s:s, s:s, s:s, s:o}", "unit_id", (json_int_t)F.dept[0], "title",
			     "刘局长十项承诺", "period_from", "2026-01-01", "period_to",
			     "2026-12-31", "items", many),
		   API "/pledges");
	assert_problem(r, 400);
	resp_free(&r);

	/* the unit drafts its chief's set from the template */
	r = h_post(F.tok[U_UNIT1],
		   json_pack("{s:I, s:I, s:s, s:s, s:s}", "unit_id", (json_int_t)F.dept[0],
			     "person_id", (json_int_t)chief, "title", "刘局长十项承诺",
			     "period_from", "2026-01-01", "period_to", "2026-12-31"),
		   API "/pledges");
	assert_status(r, 201);
	s1 = jint(r.json, "id");
	assert_string_equal(jstr(r.json, "status"), "draft");
	assert_string_equal(jstr(r.json, "holder"), "person");
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 10);
	h_expect_actions(r.json, "edit");
	resp_free(&r);
	/* the office drafts department 2's team set with three pledges of its own */
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:I, s:s, s:s, s:s, s:[s, s, s]}", "unit_id", (json_int_t)F.dept[1],
			     "title", "区二部门领导班子承诺", "period_from", "2026-01-01",
			     "period_to", "2027-12-31", "items", "每周六集中学习", "每年讲一次党课",
			     "每季度接待群众来访"),
		   API "/pledges");
	assert_status(r, 201);
	s2 = jint(r.json, "id");
	assert_string_equal(jstr(r.json, "holder"), "team");
	h_expect_actions(r.json, "edit,publish");
	resp_free(&r);

	/* drafts: the office, leaders and the unit; not another unit nor the public */
	r = h_get(F.tok[U_UNIT2], API "/pledges/%lld", (long long)s1);
	assert_problem(r, 404);
	resp_free(&r);
	r = h_get(F.tok[U_LEADER], API "/pledges/%lld", (long long)s1);
	assert_status(r, 200);
	h_expect_actions(r.json, "");
	resp_free(&r);
	r = h_get(NULL, API "/public/pledges/%lld", (long long)s1);
	assert_problem(r, 404);
	resp_free(&r);

	/* edited as a draft; published by the office alone; then fixed */
	r = h_patch(F.tok[U_UNIT1],
		    json_pack("{s:[s, s, s]}", "items", "坚持每周六参加集中学习",
			      "每年至少讲一次党课", "每月深入基层调研不少于 4 天"),
		    API "/pledges/%lld", (long long)s1);
	assert_status(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 3);
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1], json_object(), API "/pledges/%lld/publish", (long long)s1);
	assert_problem(r, 403);
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN], json_object(), API "/pledges/%lld/publish", (long long)s1);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "published");
	resp_free(&r);
	/* a draft's holder changes to a person and back to the team; a bad year changes
	 * nothing */
	r = h_patch(F.tok[U_ADMIN], json_pack("{s:I}", "person_id", (json_int_t)other),
		    API "/pledges/%lld", (long long)s2);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "holder"), "person");
	assert_string_equal(jstr(r.json, "person_name"), "陈主任");
	resp_free(&r);
	r = h_patch(F.tok[U_ADMIN],
		    json_pack("{s:s, s:o}", "title", "不应保存的标题", "person_id", json_null()),
		    API "/pledges/%lld?year=1999", (long long)s2);
	assert_problem(r, 400);
	resp_free(&r);
	r = h_patch(F.tok[U_ADMIN], json_pack("{s:o}", "person_id", json_null()),
		    API "/pledges/%lld", (long long)s2);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "holder"), "team");
	assert_string_equal(jstr(r.json, "title"), "区二部门领导班子承诺");
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN], json_object(), API "/pledges/%lld/publish", (long long)s2);
	assert_status(r, 200);
	resp_free(&r);
	r = h_patch(F.tok[U_UNIT1], json_pack("{s:s}", "title", "改过的标题内容"),
		    API "/pledges/%lld", (long long)s1);
	assert_problem(r, 409);
	resp_free(&r);
}

static void test_fulfilment(void **state)
{
	(void)state;
	/* the unit records; another unit may not; the item and the day are checked */
	struct resp r =
		h_post(F.tok[U_UNIT1],
		       json_pack("{s:i, s:s, s:s, s:s}", "item_no", 1, "day", "2026-02-28", "text",
				 "参加区委中心组集中学习", "evidence", "签到表第 3 页"),
		       API "/pledges/%lld/records", (long long)s1);
	assert_status(r, 201);
	assert_int_equal(jint(json_array_get(json_object_get(r.json, "items"), 0), "records"), 1);
	assert_int_equal(jint(r.json, "fulfilled"), 1);
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1],
		   json_pack("{s:i, s:s, s:s}", "item_no", 1, "day", "2026-02-21", "text",
			     "参加集中学习"),
		   API "/pledges/%lld/records", (long long)s1);
	assert_status(r, 201);
	resp_free(&r);
	r = h_post(F.tok[U_UNIT2],
		   json_pack("{s:i, s:s, s:s}", "item_no", 2, "day", "2026-02-28", "text",
			     "代别人记录"),
		   API "/pledges/%lld/records", (long long)s1);
	assert_problem(r, 403);
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1],
		   json_pack("{s:i, s:s, s:s}", "item_no", 4, "day", "2026-02-28", "text",
			     "第四项不存在"),
		   API "/pledges/%lld/records", (long long)s1);
	assert_problem(r, 400);
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1],
		   json_pack("{s:i, s:s, s:s}", "item_no", 2, "day", "2026-03-09", "text",
			     "下周的党课"),
		   API "/pledges/%lld/records", (long long)s1);
	assert_problem(r, 400); /* the future */
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1],
		   json_pack("{s:i, s:s, s:s}", "item_no", 2, "day", "2026-03-02", "text",
			     "为本局党员讲党课"),
		   API "/pledges/%lld/records", (long long)s1);
	assert_status(r, 201);
	resp_free(&r);
	/* two of three items fulfilled this year: the rate for the year-end */
	r = h_get(F.tok[U_ADMIN], API "/pledges?year=2026&unit_id=%lld", (long long)F.dept[0]);
	assert_status(r, 200);
	json_t *it = json_array_get(json_object_get(r.json, "items"), 0);
	assert_int_equal(jint(it, "id"), s1);
	assert_int_equal(jint(it, "fulfilled"), 2);
	assert_true(json_real_value(json_object_get(it, "rate")) > 0.666 &&
		    json_real_value(json_object_get(it, "rate")) < 0.667);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/pledges?year=2025");
	assert_status(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	resp_free(&r);
	/* the public page: the published sets with their fulfilment so far */
	r = h_get(NULL, API "/public/pledges");
	assert_status(r, 200);
	assert_non_null(h_find_id(r.json, s1));
	assert_non_null(h_find_id(r.json, s2));
	resp_free(&r);
}

static void test_ratings_are_confidential(void **state)
{
	(void)state;
	/* the public rates; a colleague (another unit's account) rates once */
	struct resp r = h_post(NULL,
			       json_pack("{s:s, s:s}", "rating", "satisfied", "note",
					 "局长经常来窗口听意见，暗号青松"),
			       API "/public/pledges/%lld/ratings", (long long)s1);
	assert_status(r, 201);
	resp_free(&r);
	r = h_post(NULL, json_pack("{s:s}", "rating", "great"), API "/public/pledges/%lld/ratings",
		   (long long)s1);
	assert_problem(r, 400);
	resp_free(&r);
	r = h_post(F.tok[U_UNIT2],
		   json_pack("{s:s, s:s}", "rating", "basically", "note", "同事评价，暗号白桦"),
		   API "/pledges/%lld/ratings", (long long)s1);
	assert_status(r, 201);
	resp_free(&r);
	r = h_post(F.tok[U_UNIT2], json_pack("{s:s}", "rating", "satisfied"),
		   API "/pledges/%lld/ratings", (long long)s1);
	assert_problem(r, 409);
	resp_free(&r);
	/* the holder's own account does not rate its own pledges */
	r = h_post(F.tok[U_UNIT1], json_pack("{s:s}", "rating", "satisfied"),
		   API "/pledges/%lld/ratings", (long long)s1);
	assert_problem(r, 403);
	resp_free(&r);

	/* the unit sees the counts, never who rated nor what they wrote */
	r = h_get(F.tok[U_UNIT1], API "/pledges/%lld", (long long)s1);
	assert_status(r, 200);
	json_t *rt = json_object_get(r.json, "ratings");
	assert_int_equal(jint(json_object_get(rt, "public"), "satisfied"), 1);
	assert_int_equal(jint(json_object_get(rt, "colleague"), "basically"), 1);
	assert_null(json_object_get(r.json, "notes"));
	assert_null(strstr(r.body, "青松"));
	assert_null(strstr(r.body, "白桦"));
	assert_null(strstr(r.body, "unit_dept2"));
	char uid[32];
	snprintf(uid, sizeof uid, "\"by_user_id\"");
	assert_null(strstr(r.body, uid));
	h_expect_actions(r.json, "record");
	resp_free(&r);
	/* the public page shows no notes either; the office reads the notes, without names */
	r = h_get(NULL, API "/public/pledges/%lld", (long long)s1);
	assert_status(r, 200);
	assert_null(strstr(r.body, "青松"));
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/pledges/%lld", (long long)s1);
	assert_status(r, 200);
	assert_non_null(strstr(r.body, "青松"));
	assert_non_null(strstr(r.body, "白桦"));
	assert_null(strstr(r.body, "unit_dept2"));
	assert_null(strstr(r.body, "by_user_id"));
	resp_free(&r);
	/* the audit event says a rating was given, not what it said */
	assert_int_equal(h_sql("SELECT COUNT(*) FROM events WHERE kind = 'pledge.rate'"
			       " AND data NOT LIKE '%青松%' AND data NOT LIKE '%白桦%'"),
			 2);
	r = h_get(F.tok[U_ADMIN], API "/audit/verify");
	assert_status(r, 200);
	assert_true(jtrue(r.json, "ok"));
	resp_free(&r);
	/* points, the bureau and stations read the published sets too */
	r = h_get(F.tok[U_POINT1A], API "/pledges/%lld", (long long)s2);
	assert_status(r, 200);
	h_expect_actions(r.json, "rate");
	resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_draft_and_publish),
		cmocka_unit_test(test_fulfilment),
		cmocka_unit_test(test_ratings_are_confidential),
	};
	h_suite(&F, NULL);
	return cmocka_run_group_tests_name("api pledges", tests, h_group_setup, h_group_teardown);
}
