/*
 * Bulletins as documents (通报), black-box through the API: the office drafts, a leader
 * signs off with a number (文号), issuing the notice to the logged-in units (internal) or
 * the public; corrections with a reason keep the text before; withdrawal with a reason;
 * subjects checked; role scope on every endpoint; a flag's notice issued as a document;
 * issued criticisms about units proposed as subtracts of the year-end.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fixture F;

static json_int_t n1, n2, p1, someone;

static json_t *notices(const char *tok, const char *path)
{
	struct resp r = h_get(tok, "%s", path);
	assert_status(r, 200);
	json_t *items = json_incref(json_object_get(r.json, "items"));
	resp_free(&r);
	return items;
}

static json_t *criticism(const char *number)
{
	json_t *o = json_pack(
		"{s:s, s:s, s:s, s:s, s:{s:[I], s:[I], s:[I]}}", "kind", "criticism", "scope",
		"internal", "title", "关于区住建局窗口推诿问题的通报", "body",
		"经查，区住建局窗口工作人员在办理业务时推诿群众，造成不良影响。现予通报批评。",
		"subjects", "units", (json_int_t)F.dept[0], "problems", (json_int_t)p1, "people",
		(json_int_t)someone);
	if (number)
		json_object_set_new(o, "number", json_string(number));
	return o;
}

static void test_draft_and_sign(void **state)
{
	(void)state;
	p1 = h_problem_in(&F, "dispatched");
	struct resp r = h_post(F.tok[U_ADMIN], json_pack("{s:s}", "name", "王科长"),
			       API "/units/%lld/people", (long long)F.dept[0]);
	assert_status(r, 201);
	someone = jint(r.json, "id");
	resp_free(&r);

	/* only the office drafts; the subjects must be known, units responsible ones */
	r = h_post(F.tok[U_LEADER], criticism(NULL), API "/notices");
	assert_problem(r, 403);
	resp_free(&r);
	r = h_post(F.tok[U_STATION1], criticism(NULL), API "/notices");
	assert_problem(r, 403);
	resp_free(&r);
	json_t *bad = criticism(NULL);
	json_object_set_new(json_object_get(bad, "subjects"), "units",
			    json_pack("[I]", (json_int_t)F.station[0]));
	r = h_post(F.tok[U_ADMIN], bad, API "/notices");
	assert_problem(r, 400);
	assert_true(h_json_has_string(json_object_get(r.json, "errors"), "subjects.units[0]"));
	resp_free(&r);
	bad = criticism(NULL);
	json_object_set_new(json_object_get(bad, "subjects"), "problems", json_pack("[i]", 999999));
	r = h_post(F.tok[U_ADMIN], bad, API "/notices");
	assert_problem(r, 400);
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:s, s:s, s:s}", "kind", "criticism", "title", "短", "body", "太短"),
		   API "/notices");
	assert_problem(r, 400);
	resp_free(&r);

	r = h_post(F.tok[U_ADMIN], criticism(NULL), API "/notices");
	assert_status(r, 201);
	n1 = jint(r.json, "id");
	assert_string_equal(jstr(r.json, "status"), "draft");
	assert_true(json_is_null(json_object_get(r.json, "number")));
	assert_int_equal(json_array_size(json_object_get(r.json, "subjects")), 3);
	h_expect_actions(r.json, "edit");
	resp_free(&r);
	/* a draft is the office's and the leaders' */
	r = h_get(F.tok[U_LEADER], API "/notices/%lld", (long long)n1);
	assert_status(r, 200);
	h_expect_actions(r.json, "sign");
	resp_free(&r);
	r = h_get(F.tok[U_UNIT1], API "/notices/%lld", (long long)n1);
	assert_problem(r, 404);
	resp_free(&r);
	json_t *v = notices(F.tok[U_UNIT1], API "/notices");
	assert_null(h_find_id(v, n1));
	json_decref(v);
	/* the office edits the draft; a leader does not */
	r = h_patch(F.tok[U_LEADER], json_pack("{s:s}", "title", "关于推诿问题的通报"),
		    API "/notices/%lld", (long long)n1);
	assert_problem(r, 403);
	resp_free(&r);
	r = h_patch(F.tok[U_ADMIN], json_pack("{s:s}", "title", "关于区住建局窗口推诿群众的通报"),
		    API "/notices/%lld", (long long)n1);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "title"), "关于区住建局窗口推诿群众的通报");
	assert_int_equal(jint(r.json, "revision"), 0); /* a draft's edit is no correction */
	resp_free(&r);

	/* a leader signs off; the number is required; the office cannot sign */
	r = h_post(F.tok[U_ADMIN], json_pack("{s:s}", "number", "区纠风办通报〔2026〕1号"),
		   API "/notices/%lld/sign", (long long)n1);
	assert_problem(r, 403);
	resp_free(&r);
	r = h_post(F.tok[U_LEADER], json_object(), API "/notices/%lld/sign", (long long)n1);
	assert_problem(r, 400);
	assert_true(h_json_has_string(json_object_get(r.json, "errors"), "number"));
	resp_free(&r);
	r = h_post(F.tok[U_LEADER], json_pack("{s:s}", "number", "区纠风办通报〔2026〕1号"),
		   API "/notices/%lld/sign", (long long)n1);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "issued");
	assert_string_equal(jstr(r.json, "signer"), "区领导");
	assert_string_equal(jstr(r.json, "number"), "区纠风办通报〔2026〕1号");
	h_expect_actions(r.json, "withdraw");
	resp_free(&r);
	r = h_post(F.tok[U_LEADER], json_object(), API "/notices/%lld/sign", (long long)n1);
	assert_problem(r, 409);
	resp_free(&r);
	/* internal: every logged-in user reads it; the public does not */
	const enum h_user all[] = {U_UNIT1, U_UNIT2, U_POINT1A, U_STATION2};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		r = h_get(F.tok[all[i]], API "/notices/%lld", (long long)n1);
		assert_status(r, 200);
		h_expect_actions(r.json, "");
		resp_free(&r);
	}
	v = notices(NULL, API "/public/notices");
	assert_null(h_find_id(v, n1));
	json_decref(v);
	r = h_get(NULL, API "/public/notices/%lld", (long long)n1);
	assert_problem(r, 404);
	resp_free(&r);
	/* a logged-in admin on the public page reads as the public */
	v = notices(F.tok[U_ADMIN], API "/public/notices");
	assert_null(h_find_id(v, n1));
	json_decref(v);
	r = h_get(NULL, API "/notices");
	assert_problem(r, 401);
	resp_free(&r);
}

static void test_public_praise_and_numbers(void **state)
{
	(void)state;
	json_t *body = json_pack(
		"{s:s, s:s, s:s, s:s, s:s, s:{s:[I]}}", "kind", "praise", "scope", "public",
		"number", "区纠风办通报〔2026〕1号", "title", "关于表扬区二部门便民服务的通报",
		"body", "区二部门推行延时服务和帮办代办，群众满意度明显提升，予以通报表扬。",
		"subjects", "units", (json_int_t)F.dept[1]);
	struct resp r = h_post(F.tok[U_ADMIN], body, API "/notices");
	assert_problem(r, 409); /* the number is the first notice's */
	resp_free(&r);
	body = json_pack("{s:s, s:s, s:s, s:s, s:{s:[I]}}", "kind", "praise", "scope", "public",
			 "title", "关于表扬区二部门便民服务的通报", "body",
			 "区二部门推行延时服务和帮办代办，群众满意度明显提升，予以通报表扬。",
			 "subjects", "units", (json_int_t)F.dept[1]);
	r = h_post(F.tok[U_ADMIN], body, API "/notices");
	assert_status(r, 201);
	n2 = jint(r.json, "id");
	resp_free(&r);
	r = h_post(F.tok[U_LEADER], json_pack("{s:s}", "number", "区纠风办通报〔2026〕1号"),
		   API "/notices/%lld/sign", (long long)n2);
	assert_problem(r, 409);
	resp_free(&r);
	r = h_post(
		F.tok[U_LEADER],
		json_pack("{s:s, s:s}", "number", "区纠风办通报〔2026〕2号", "signer", "张副区长"),
		API "/notices/%lld/sign", (long long)n2);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "signer"), "张副区长");
	resp_free(&r);
	json_t *v = notices(NULL, API "/public/notices");
	json_t *it = h_find_id(v, n2);
	assert_non_null(it);
	assert_string_equal(jstr(it, "kind_label"), "表扬");
	json_decref(v);
	r = h_get(NULL, API "/public/notices/%lld", (long long)n2);
	assert_status(r, 200);
	resp_free(&r);
}

static void test_correct_and_withdraw(void **state)
{
	(void)state;
	/* a correction needs a reason, and keeps the text before */
	struct resp r = h_patch(F.tok[U_ADMIN], json_pack("{s:s}", "title", "更正后的标题内容"),
				API "/notices/%lld", (long long)n1);
	assert_problem(r, 400);
	assert_true(h_json_has_string(json_object_get(r.json, "errors"), "reason"));
	resp_free(&r);
	r = h_patch(
		F.tok[U_ADMIN],
		json_pack("{s:s, s:s}", "body",
			  "经查，区住建局窗口工作人员在办理不动产业务时推诿群众，现予通报批评。",
			  "reason", "原文未写明业务名称"),
		API "/notices/%lld", (long long)n1);
	assert_status(r, 200);
	assert_int_equal(jint(r.json, "revision"), 1);
	assert_string_equal(jstr(r.json, "status"), "issued");
	json_t *c0 = json_array_get(json_object_get(r.json, "corrections"), 0);
	assert_string_equal(jstr(c0, "reason"), "原文未写明业务名称");
	assert_non_null(strstr(jstr(json_object_get(c0, "before"), "body"), "办理业务时"));
	resp_free(&r);
	r = h_patch(F.tok[U_LEADER],
		    json_pack("{s:s, s:s}", "title", "领导改标题", "reason", "领导想改"),
		    API "/notices/%lld", (long long)n1);
	assert_problem(r, 403);
	resp_free(&r);
	/* withdrawn by a leader with a reason; a unit may not */
	r = h_post(F.tok[U_UNIT1], json_pack("{s:s}", "reason", "我们不同意"),
		   API "/notices/%lld/withdraw", (long long)n2);
	assert_problem(r, 403);
	resp_free(&r);
	r = h_post(F.tok[U_LEADER], json_object(), API "/notices/%lld/withdraw", (long long)n2);
	assert_problem(r, 400);
	resp_free(&r);
	r = h_post(F.tok[U_LEADER], json_pack("{s:s}", "reason", "表扬事项与事实有出入，撤回"),
		   API "/notices/%lld/withdraw", (long long)n2);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "withdrawn");
	assert_string_equal(jstr(r.json, "withdrawn_reason"), "表扬事项与事实有出入，撤回");
	h_expect_actions(r.json, "");
	resp_free(&r);
	r = h_patch(F.tok[U_ADMIN],
		    json_pack("{s:s, s:s}", "title", "再改一次标题", "reason", "再次更正"),
		    API "/notices/%lld", (long long)n2);
	assert_problem(r, 409);
	resp_free(&r);
	/* the public no longer sees it; logged-in users see it withdrawn */
	json_t *v = notices(NULL, API "/public/notices");
	assert_null(h_find_id(v, n2));
	json_decref(v);
	v = notices(F.tok[U_UNIT2], API "/notices?status=withdrawn");
	assert_non_null(h_find_id(v, n2));
	json_decref(v);
	assert_int_equal(h_sql("SELECT COUNT(*) FROM notice_revisions"), 1);
}

static void test_flag_notice_and_year_end(void **state)
{
	(void)state;
	/* a flag's notice is issued as a public criticism about the problem and its unit */
	json_int_t p2 = h_problem_in(&F, "dispatched");
	struct resp r = h_stage(F.tok[U_ADMIN], p2, "flag",
				json_pack("{s:b, s:s, s:s}", "flagged", 1, "due_on", "2026-03-20",
					  "bulletin", "关于审批拖延问题挂牌限时整改的通报"));
	assert_status(r, 200);
	resp_free(&r);
	json_t *v = notices(NULL, API "/public/notices");
	json_t *flag = NULL;
	size_t i;
	json_t *it;
	json_array_foreach(v, i, it) if (jtrue(it, "from_flag")) flag = it;
	assert_non_null(flag);
	assert_string_equal(jstr(flag, "body"), "关于审批拖延问题挂牌限时整改的通报");
	assert_string_equal(jstr(flag, "scope"), "public");
	char *s = json_dumps(json_object_get(flag, "subjects"), JSON_COMPACT);
	char want[64];
	snprintf(want, sizeof want, "\"kind\":\"problem\",\"id\":%lld", (long long)p2);
	assert_non_null(strstr(s, want));
	free(s);
	json_decref(v);

	/* the year-end: the signed criticism n1, about department 1 (directly and through its
	 * problem), is one proposal; the flag's through its record; the praise none */
	r = h_get(F.tok[U_ADMIN], API "/targets/2026/proposals");
	assert_status(r, 200);
	s = json_dumps(r.json, JSON_COMPACT);
	snprintf(want, sizeof want, "\"notice:%lld:%lld\"", (long long)n1, (long long)F.dept[0]);
	assert_non_null(strstr(s, want));
	assert_non_null(strstr(s, "区纠风办通报〔2026〕1号"));
	snprintf(want, sizeof want, "\"notice:%lld:", (long long)n2);
	assert_null(strstr(s, want));
	assert_non_null(strstr(s, "\"bulletin:"));
	free(s);
	resp_free(&r);
	assert_int_equal(h_sql("SELECT COUNT(*) FROM events WHERE kind LIKE 'notice.%'"), 8);
	r = h_get(F.tok[U_ADMIN], API "/audit/verify");
	assert_status(r, 200);
	assert_true(jtrue(r.json, "ok"));
	resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_draft_and_sign),
		cmocka_unit_test(test_public_praise_and_numbers),
		cmocka_unit_test(test_correct_and_withdraw),
		cmocka_unit_test(test_flag_notice_and_year_end),
	};
	h_suite(&F, NULL);
	return cmocka_run_group_tests_name("api notices", tests, h_group_setup, h_group_teardown);
}
