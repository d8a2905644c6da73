/*
 * A responsible unit never learns who gave an opinion: no submitter_name, submitter_phone
 * or receipt in anything it receives, while it works a problem from dispatch to
 * rectification. Every body the unit user gets is searched for the givers' strings.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fixture F;

/* What must never reach the unit. */
static const char *secrets[8];
static int nsecrets;
static int unit_bodies;

static int key_has_value(const json_t *j, const char *key)
{
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
		{
			if (key_has_value(v, key))
				return 1;
		}
	}
	if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)j, k, v)
		{
			if (strcmp(k, key) == 0 && !json_is_null(v))
				return 1;
			if (key_has_value(v, key))
				return 1;
		}
	}
	return 0;
}

static void check_unit_resp(const struct resp *r)
{
	unit_bodies++;
	for (int i = 0; i < nsecrets; i++)
		if (strstr(r->body, secrets[i]) || (r->headers && strstr(r->headers, secrets[i])))
			fail_msg("%s gave the unit \"%s\": %.600s", r->what, secrets[i], r->body);
	static const char *const keys[] = {"submitter_name", "submitter_phone", "receipt"};
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		if (key_has_value(r->json, keys[k]))
			fail_msg("%s gave the unit a %s: %.600s", r->what, keys[k], r->body);
}

/* Requests as unit_dept1, each answer checked. */
static struct resp uget(const char *fmt, long long id)
{
	struct resp r = h_req("GET", F.tok[U_UNIT1], NULL, fmt, id);
	check_unit_resp(&r);
	return r;
}

static struct resp upost(const char *stage, long long id, json_t *body)
{
	struct resp r = h_stage(F.tok[U_UNIT1], id, stage, body);
	check_unit_resp(&r);
	return r;
}

static json_int_t problem, op_point, op_public;
static char *receipt_point, *receipt_public;

static const char *const NAME_POINT = "蒋匿名甲";
static const char *const PHONE_POINT = "13011112222";
static const char *const NAME_PUBLIC = "沈匿名乙";
static const char *const PHONE_PUBLIC = "13033334444";

static void test_setup_problem(void **state)
{
	(void)state;
	op_point = h_opinion(&F, U_POINT1A, F.dept[0], "办证窗口工作人员态度生硬", NAME_POINT,
			     PHONE_POINT, &receipt_point);
	struct resp r = h_post(NULL,
			       json_pack("{s:I, s:s, s:s, s:s, s:s}", "target_unit_id",
					 (json_int_t)F.dept[0], "dimension", "conduct", "content",
					 "办证窗口工作人员玩手机", "submitter_name", NAME_PUBLIC,
					 "submitter_phone", PHONE_PUBLIC),
			       API "/public/opinions");
	assert_status(r, 201);
	receipt_public = strdup(jstr(r.json, "receipt"));
	resp_free(&r);
	json_t *all = h_list_all(F.tok[U_STATION1], API "/opinions", 500);
	size_t i;
	json_t *o;
	json_array_foreach(all, i, o)
	{
		/* staff never see the receipt: find the public's opinion by its giver */
		assert_null(json_object_get(o, "receipt"));
		if (jstr(o, "submitter_name") &&
		    strcmp(jstr(o, "submitter_name"), NAME_PUBLIC) == 0)
			op_public = jint(o, "id");
	}
	json_decref(all);
	assert_true(op_public > 0);

	secrets[nsecrets++] = NAME_POINT;
	secrets[nsecrets++] = PHONE_POINT;
	secrets[nsecrets++] = NAME_PUBLIC;
	secrets[nsecrets++] = PHONE_PUBLIC;
	secrets[nsecrets++] = receipt_point;
	secrets[nsecrets++] = receipt_public;

	/* The office does hold them: the test below is not vacuous. */
	r = h_get(F.tok[U_ADMIN], API "/opinions/%lld", (long long)op_public);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "submitter_name"), NAME_PUBLIC);
	assert_string_equal(jstr(r.json, "submitter_phone"), PHONE_PUBLIC);
	assert_null(json_object_get(r.json, "receipt")); /* the giver's alone */
	resp_free(&r);

	json_int_t ids[2] = {op_point, op_public};
	problem = h_problem(&F, U_STATION1, F.dept[0], "important", ids, 2);
	r = h_stage(F.tok[U_STATION1], problem, "dispatch",
		    json_pack("{s:I, s:i}", "unit_id", (json_int_t)F.dept[0], "due_workdays", 10));
	assert_status(r, 200);
	resp_free(&r);
}

static void test_unit_reads(void **state)
{
	(void)state;
	assert_true(problem > 0);
	struct resp r = uget(API "/problems/%lld", problem);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "dispatched");
	assert_int_equal(jint(r.json, "opinion_count"), 2);
	resp_free(&r);

	r = uget(API "/problems?limit=%lld", 500);
	assert_status(r, 200);
	assert_non_null(h_find_id(r.json, problem));
	resp_free(&r);

	r = uget(API "/problems/%lld/events", problem);
	assert_status(r, 200);
	assert_true(json_array_size(h_items(r.json)) >= 2);
	resp_free(&r);

	/* Opinions are a kind of record the unit never reads. */
	r = uget(API "/opinions?limit=%lld", 500);
	assert_problem(r, 403);
	resp_free(&r);
	r = uget(API "/opinions?problem_id=%lld", problem);
	assert_problem(r, 403);
	resp_free(&r);
	r = uget(API "/opinions/%lld", op_point);
	assert_problem(r, 404);
	resp_free(&r);
	r = uget(API "/opinions/%lld", op_public);
	assert_problem(r, 404);
	resp_free(&r);
	r = uget(API "/problems/%lld/opinions", problem);
	assert_status_in(r, 403, 404, 405);
	resp_free(&r);

	r = uget(API "/units?limit=%lld", 500);
	assert_status(r, 200);
	resp_free(&r);
	r = uget(API "/campaigns/%lld", F.campaign);
	assert_status(r, 200);
	resp_free(&r);
	r = uget(API "/public/bulletins?limit=%lld", 50);
	assert_status(r, 200);
	resp_free(&r);
}

static void test_unit_works_the_problem(void **state)
{
	(void)state;
	struct resp r = upost("acknowledge", problem, json_object());
	assert_status(r, 200);
	resp_free(&r);
	r = upost("extension", problem,
		  json_pack("{s:s, s:s}", "due_on", "2026-04-10", "reason", "需要调整排班"));
	assert_status(r, 200);
	resp_free(&r);
	r = h_stage(F.tok[U_ADMIN], problem, "extension/decision",
		    json_pack("{s:b, s:s}", "approved", 1, "note", ""));
	assert_status(r, 200);
	resp_free(&r);
	r = upost("feedback", problem,
		  json_pack("{s:s, s:s}", "reply", "已对相关人员批评教育", "plan",
			    "开展服务礼仪培训"));
	assert_status(r, 200);
	resp_free(&r);
	r = upost("progress", problem,
		  json_pack("{s:s, s:i, s:s, s:b}", "measures", "培训两期", "percent", 70,
			    "evidence", "签到表", "done", 0));
	assert_status(r, 200);
	resp_free(&r);

	/* The office flags it with a bulletin; the unit reads bulletins too. */
	r = h_stage(F.tok[U_ADMIN], problem, "flag",
		    json_pack("{s:b, s:s, s:s}", "flagged", 1, "due_on", "2026-04-10", "bulletin",
			      "关于办证窗口服务态度问题的通报"));
	assert_status(r, 200);
	resp_free(&r);

	r = upost("progress", problem,
		  json_pack("{s:s, s:i, s:s, s:b}", "measures", "建立服务评价器", "percent", 100,
			    "evidence", "照片", "done", 1));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "rectified");
	resp_free(&r);

	/* Verified and rated by the others; the unit still reads its problem. */
	r = h_stage(F.tok[U_STATION1], problem, "verify",
		    json_pack("{s:b, s:s}", "passed", 1, "note", ""));
	assert_status(r, 200);
	resp_free(&r);
	r = h_post(NULL, json_pack("{s:s, s:s}", "rating", "satisfied", "note", ""),
		   API "/public/track/%s/evaluation", receipt_public);
	assert_status(r, 201);
	resp_free(&r);
	r = h_stage(F.tok[U_POINT1A], problem, "evaluations",
		    json_pack("{s:s, s:s}", "rating", "satisfied", "note", ""));
	assert_status(r, 201);
	resp_free(&r);

	r = uget(API "/problems/%lld", problem);
	if (r.status != 404) {
		assert_status(r, 200);
		assert_string_equal(jstr(r.json, "status"), "verified");
	}
	resp_free(&r);
	r = uget(API "/problems/%lld/events", problem);
	assert_status_in(r, 200, 404);
	resp_free(&r);
	r = uget(API "/problems?status=verified&limit=%lld", 500);
	assert_status(r, 200);
	resp_free(&r);
	r = uget(API "/public/bulletins?limit=%lld", 50);
	assert_status(r, 200);
	assert_true(h_json_has_string(r.json, "关于办证窗口服务态度问题的通报"));
	resp_free(&r);
	assert_true(unit_bodies >= 15);
}

static void test_unit_login_answer(void **state)
{
	(void)state;
	/* Even the unit's own login answer and unit records are clean. */
	struct resp r = h_post(
		NULL, json_pack("{s:s, s:s}", "username", "unit_dept1", "password", H_PASSWORD),
		API "/session");
	assert_status(r, 200);
	check_unit_resp(&r);
	char *tok = strdup(jstr(r.json, "token"));
	resp_free(&r);
	r = h_get(tok, API "/units/%lld", (long long)F.dept[0]);
	assert_status(r, 200);
	check_unit_resp(&r);
	resp_free(&r);
	r = h_del(tok, API "/session");
	assert_status_in(r, 200, 204);
	resp_free(&r);
	free(tok);
}

static int free_globals(void **state)
{
	(void)state;
	free(receipt_point);
	free(receipt_public);
	receipt_point = receipt_public = NULL;
	nsecrets = 0;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_setup_problem),
		cmocka_unit_test(test_unit_reads),
		cmocka_unit_test(test_unit_works_the_problem),
		cmocka_unit_test_teardown(test_unit_login_answer, free_globals),
	};
	h_suite(&F, NULL);
	return cmocka_run_group_tests_name("api_anonymity", tests, h_group_setup, h_group_teardown);
}
