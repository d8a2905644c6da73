/*
 * Annual target management through the API: the year's scheme as data; a responsibility
 * letter drafted, refused while a card does not sum to 100, issued, returned with a reason,
 * issued again, signed by the unit's head and put in force; a change after signing only as
 * an amendment with a reason, kept with the items before and after and in the audit chain;
 * an import of the office's spreadsheet that would change a signed letter refused; the
 * assessment sheet as JSON, CSV and XLSX, equal to the CLI's; who may see and do what.
 *
 * The fixture's units: departments D1, D2, D3 and the street S1; unit_dept1 is D1's.
 */
#include "harness.h"
#include "../pg/pg_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fixture F;

#define YEAR 2026

/* One item: code, name, card, points, rule, target (< 0: none) and a few of the rest. */
static json_t *item(const char *code, const char *name, int card, double points, const char *rule,
		    double target)
{
	json_t *o = json_pack("{s:s, s:s, s:i, s:f, s:s, s:s, s:s}", "code", code, "name", name,
			      "card", card, "points", points, "rule", rule, "category", "function",
			      "indicator", "年度完成率");
	if (target >= 0)
		json_object_set_new(o, "target", json_real(target));
	return o;
}

/* D1's letter: 60 + 30 + 10 points on its one card (or @p third points for A3). */
static json_t *d1_items(double third)
{
	json_t *a3 = item("A3", "党风廉政建设", 1, third, "deduct", -1);
	json_object_set_new(
		a3, "ding",
		json_pack("{s:s, s:s}", "定任务", "全年无违纪案件", "定责任", "主要负责人"));
	json_object_set_new(a3, "deadline", json_string("2026-12-31"));
	json_object_set_new(a3, "assessor_id", json_integer(F.dept[1]));
	json_object_set_new(a3, "owner", json_string("王强"));
	return json_pack("{s:[o,o,o]}", "items", item("A1", "项目开工率", 1, 60, "ratio", 100),
			 item("A2", "投诉件数", 1, 30, "inverse", 5), a3);
}

static struct resp letter(const char *tok, json_int_t unit)
{
	return h_get(tok, API "/targets/%d/letters/%lld", YEAR, (long long)unit);
}

static struct resp step(const char *tok, json_int_t unit, const char *what, json_t *body)
{
	return h_post(tok, body ? body : json_object(), API "/targets/%d/letters/%lld/%s", YEAR,
		      (long long)unit, what);
}

static void test_roles(void **state)
{
	(void)state;
	/* a station and a point have nothing here; the leader reads every letter */
	struct resp r = h_get(F.tok[U_STATION1], API "/targets/%d", YEAR);
	assert_status(r, 404);
	resp_free(&r);
	r = h_get(F.tok[U_POINT1A], API "/targets/%d/letters/%lld", YEAR, (long long)F.dept[0]);
	assert_status(r, 404);
	resp_free(&r);
	r = h_get(F.tok[U_LEADER], API "/targets/%d", YEAR);
	assert_status(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "letters")), 4);
	h_expect_actions(r.json, "");
	resp_free(&r);
	/* a unit lists only its own letter and cannot open another's */
	r = h_get(F.tok[U_UNIT1], API "/targets/%d", YEAR);
	assert_status(r, 200);
	json_t *ls = json_object_get(r.json, "letters");
	assert_int_equal(json_array_size(ls), 1);
	assert_int_equal(jint(json_array_get(ls, 0), "unit_id"), F.dept[0]);
	resp_free(&r);
	r = letter(F.tok[U_UNIT1], F.dept[1]);
	assert_status(r, 404);
	resp_free(&r);
	/* a unit may not draft its own letter */
	r = h_put(F.tok[U_UNIT1], d1_items(10), API "/targets/%d/letters/%lld/items", YEAR,
		  (long long)F.dept[0]);
	assert_problem(r, 403);
	resp_free(&r);
	/* the office sees the default scheme and may set it */
	r = h_get(F.tok[U_ADMIN], API "/targets/%d", YEAR);
	assert_status(r, 200);
	h_expect_actions(r.json, "set_scheme,publish");
	json_t *s = json_object_get(r.json, "scheme");
	assert_string_equal(
		json_string_value(json_array_get(json_object_get(s, "street_cards"), 1)), "过程");
	assert_int_equal(json_array_size(json_object_get(s, "ding")), 6);
	resp_free(&r);
}

static void test_scheme(void **state)
{
	(void)state;
	/* grades must fall from 优秀 to 合格; a lower level is not worth more */
	struct resp r = h_put(
		F.tok[U_ADMIN],
		json_pack("{s:{s:i, s:i, s:i}}", "grades", "excellent", 80, "good", 85, "pass", 60),
		API "/targets/%d/scheme", YEAR);
	assert_problem(r, 400);
	assert_true(h_json_has_string(r.json, "grades"));
	resp_free(&r);
	r = h_put(F.tok[U_ADMIN], json_pack("{s:{s:f}}", "level_points", "street", 2.0),
		  API "/targets/%d/scheme", YEAR);
	assert_problem(r, 400);
	assert_true(h_json_has_string(r.json, "level_points"));
	resp_free(&r);
	r = h_put(F.tok[U_UNIT1], json_pack("{s:s}", "department_card", "职能目标"),
		  API "/targets/%d/scheme", YEAR);
	assert_problem(r, 403);
	resp_free(&r);
	/* named cards and five "定" dimensions */
	r = h_put(F.tok[U_ADMIN],
		  json_pack("{s:[s,s], s:s, s:[s,s,s,s,s,s]}", "street_cards", "实绩考核",
			    "过程考核", "department_card", "职能目标", "ding", "定任务", "定人员",
			    "定时间", "定标准", "定责任", "定奖惩"),
		  API "/targets/%d/scheme", YEAR);
	assert_status(r, 200);
	resp_free(&r);
	r = letter(F.tok[U_ADMIN], F.street);
	assert_status(r, 200);
	json_t *cards = json_object_get(r.json, "cards");
	assert_int_equal(json_array_size(cards), 2);
	assert_string_equal(jstr(json_array_get(cards, 0), "name"), "实绩考核");
	resp_free(&r);
	assert_int_equal(h_sql("SELECT COUNT(*) FROM events WHERE kind = 'targets.scheme'"), 1);
}

static void test_letter_flow(void **state)
{
	(void)state;
	/* item by item errors, nothing kept */
	json_t *bad = d1_items(10);
	json_t *items = json_object_get(bad, "items");
	json_object_set_new(json_array_get(items, 0), "card", json_integer(2));
	json_object_set_new(json_array_get(items, 1), "points", json_real(12.3456));
	json_object_set_new(json_array_get(items, 2), "ding", json_pack("{s:s}", "定心情", "好"));
	struct resp r = h_put(F.tok[U_ADMIN], bad, API "/targets/%d/letters/%lld/items", YEAR,
			      (long long)F.dept[0]);
	assert_problem(r, 400);
	assert_true(h_json_has_string(r.json, "items[0].card"));
	assert_true(h_json_has_string(r.json, "items[1].points"));
	assert_true(h_json_has_string(r.json, "items[2].ding"));
	resp_free(&r);
	assert_int_equal(h_sql("SELECT COUNT(*) FROM target_items"), 0);

	/* a draft whose card sums to 90 cannot be issued */
	r = h_put(F.tok[U_ADMIN], d1_items(0.5), API "/targets/%d/letters/%lld/items", YEAR,
		  (long long)F.dept[0]);
	assert_status(r, 200);
	h_expect_actions(r.json, "edit,issue");
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 3);
	json_t *a3 = json_array_get(json_object_get(r.json, "items"), 2);
	assert_string_equal(jstr(json_object_get(a3, "ding"), "定任务"), "全年无违纪案件");
	assert_string_equal(jstr(a3, "deadline"), "2026-12-31");
	assert_int_equal(jint(a3, "assessor_id"), F.dept[1]);
	resp_free(&r);
	r = step(F.tok[U_ADMIN], F.dept[0], "issue", NULL);
	assert_problem(r, 409);
	assert_non_null(strstr(jstr(r.json, "detail"), "sum to 90.500, not 100"));
	resp_free(&r);
	r = h_put(F.tok[U_ADMIN], d1_items(10), API "/targets/%d/letters/%lld/items", YEAR,
		  (long long)F.dept[0]);
	assert_status(r, 200);
	resp_free(&r);
	r = step(F.tok[U_ADMIN], F.dept[0], "issue", NULL);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "issued");
	h_expect_actions(r.json, "");
	resp_free(&r);
	/* issued: the office no longer edits; the unit signs or returns */
	r = h_put(F.tok[U_ADMIN], d1_items(10), API "/targets/%d/letters/%lld/items", YEAR,
		  (long long)F.dept[0]);
	assert_problem(r, 409);
	resp_free(&r);
	r = letter(F.tok[U_UNIT1], F.dept[0]);
	h_expect_actions(r.json, "return,sign");
	resp_free(&r);
	r = step(F.tok[U_UNIT2], F.dept[0], "sign", json_pack("{s:s}", "signed_by", "李四"));
	assert_status(r, 404); /* another unit does not even see it */
	resp_free(&r);
	r = step(F.tok[U_UNIT1], F.dept[0], "return", json_object());
	assert_problem(r, 400);
	assert_true(h_json_has_string(r.json, "reason"));
	resp_free(&r);
	r = step(F.tok[U_UNIT1], F.dept[0], "return",
		 json_pack("{s:s}", "reason", "投诉件数目标偏低，请调整为 3 件"));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "draft");
	resp_free(&r);
	r = letter(F.tok[U_ADMIN], F.dept[0]);
	assert_non_null(strstr(jstr(r.json, "returned_reason"), "调整为 3 件"));
	resp_free(&r);
	r = step(F.tok[U_ADMIN], F.dept[0], "issue", NULL);
	assert_status(r, 200);
	resp_free(&r);
	r = step(F.tok[U_UNIT1], F.dept[0], "sign", json_pack("{s:s}", "signed_by", "张局长"));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "signed");
	assert_string_equal(jstr(r.json, "signed_by"), "张局长");
	h_expect_actions(r.json, "");
	resp_free(&r);
	r = letter(F.tok[U_ADMIN], F.dept[0]);
	h_expect_actions(r.json, "enact,amend");
	resp_free(&r);
	r = step(F.tok[U_ADMIN], F.dept[0], "enact", NULL);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "in_force");
	resp_free(&r);
	/* once a letter is signed the year's scheme is fixed */
	r = h_put(F.tok[U_ADMIN], json_pack("{s:s}", "department_card", "年度目标"),
		  API "/targets/%d/scheme", YEAR);
	assert_problem(r, 409);
	resp_free(&r);
	const char *kinds[] = {"targets.letter.edit", "targets.letter.issue",
			       "targets.letter.return", "targets.letter.sign",
			       "targets.letter.enact"};
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		char q[160];
		snprintf(q, sizeof q, "SELECT COUNT(*) FROM events WHERE kind = '%s'", kinds[i]);
		assert_true(h_sql(q) >= 1);
	}
}

static void test_amendment(void **state)
{
	(void)state;
	/* without a reason, or breaking the sum: refused */
	json_t *b = d1_items(10);
	struct resp r = step(F.tok[U_ADMIN], F.dept[0], "amend", b);
	assert_problem(r, 400);
	assert_true(h_json_has_string(r.json, "reason"));
	resp_free(&r);
	b = d1_items(15);
	json_object_set_new(b, "reason", json_string("区委调整党风廉政建设分值"));
	r = step(F.tok[U_ADMIN], F.dept[0], "amend", b);
	assert_problem(r, 409);
	assert_non_null(strstr(jstr(r.json, "detail"), "105.000"));
	resp_free(&r);
	b = d1_items(10);
	json_object_set_new(b, "reason", json_string("没有改变任何内容的修订"));
	r = step(F.tok[U_ADMIN], F.dept[0], "amend", b);
	assert_problem(r, 400);
	resp_free(&r);
	/* a unit may not amend its own letter */
	b = d1_items(10);
	json_object_set_new(b, "reason", json_string("本单位自行修改目标"));
	r = step(F.tok[U_UNIT1], F.dept[0], "amend", b);
	assert_problem(r, 403);
	resp_free(&r);
	/* A2's target from 5 complaints to 3, with the reason */
	b = d1_items(10);
	json_object_set_new(json_array_get(json_object_get(b, "items"), 1), "target",
			    json_integer(3));
	json_object_set_new(b, "reason", json_string("按区委常委会决定，投诉件数目标调整为 3 件"));
	r = step(F.tok[U_ADMIN], F.dept[0], "amend", b);
	assert_status(r, 200);
	assert_int_equal(jint(r.json, "amendments"), 1);
	assert_string_equal(jstr(r.json, "status"), "in_force");
	json_t *am = json_array_get(json_object_get(r.json, "amendment_list"), 0);
	assert_non_null(am);
	assert_non_null(strstr(jstr(am, "reason"), "调整为 3 件"));
	assert_int_equal(jint(json_array_get(json_object_get(am, "before"), 1), "target"), 5);
	assert_int_equal(jint(json_array_get(json_object_get(am, "after"), 1), "target"), 3);
	resp_free(&r);
	/* the audit chain has it, with the reason, and still verifies */
	assert_int_equal(h_sql("SELECT COUNT(*) FROM events WHERE kind = 'targets.letter.amend'"
			       " AND data LIKE '%\"reason\"%' AND data LIKE '%\"before\"%'"),
			 1);
	r = h_get(F.tok[U_ADMIN], API "/audit/verify");
	assert_status(r, 200);
	assert_true(jtrue(r.json, "ok"));
	resp_free(&r);
}

/* `wubiao targets import` of @p text as --@p kind; @return its exit status, output in @p out */
static int cli_import(const char *kind, const char *text, char **out)
{
	char path[256], opt[32];
	snprintf(path, sizeof path, "%s/import.csv", h_srv.dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	snprintf(opt, sizeof opt, "--%s", kind);
	return h_cli(NULL, out, "targets", "import", "--db", h_srv.db, "--year", "2026", opt, path,
		     NULL);
}

static void test_import_and_sheet(void **state)
{
	(void)state;
	/* the spreadsheet may not change D1's letter, in force */
	char *out = NULL;
	static const char changed[] = "unit_code,code,name,card,points,rule,target\n"
				      "D1,A1,项目开工率,1,60,ratio,100\n"
				      "D1,A2,投诉件数,1,30,inverse,5\n"
				      "D1,A3,党风廉政建设,1,10,deduct,\n"
				      "D2,B1,审批办结数,1,100,ratio,10\n";
	assert_int_equal(cli_import("items", changed, &out), 1);
	assert_non_null(strstr(out, ":2: the letter of D1 is in_force: its items change only by "
				    "an amendment with a reason"));
	free(out);
	assert_int_equal(h_sql("SELECT COUNT(*) FROM target_items WHERE unit_id <> (SELECT id"
			       " FROM units WHERE code = 'D1')"),
			 0);
	/* D1 as it stands (A2's target 3), D2, D3 and S1 new: imported; D1 keeps what only
	 * its letter says (A3's deadline, owner, "定" dimensions) */
	static const char good[] = "unit_code,code,name,card,points,rule,target\n"
				   "D1,A1,项目开工率,1,60,ratio,100\n"
				   "D1,A2,投诉件数,1,30,inverse,3\n"
				   "D1,A3,党风廉政建设,1,10,deduct,\n"
				   "D2,B1,审批办结数,1,100,ratio,10\n"
				   "D3,C1,共性目标,1,100,deduct,\n"
				   "S1,X1,实绩,1,100,ratio,10\n"
				   "S1,X2,过程,2,100,deduct,\n";
	assert_int_equal(cli_import("items", good, &out), 0);
	free(out);
	struct resp r = letter(F.tok[U_ADMIN], F.dept[0]);
	json_t *a3 = json_array_get(json_object_get(r.json, "items"), 2);
	assert_string_equal(jstr(a3, "owner"), "王强");
	assert_string_equal(jstr(json_object_get(a3, "ding"), "定责任"), "主要负责人");
	resp_free(&r);
	assert_int_equal(cli_import("results",
				    "unit_code,code,actual,deduction\n"
				    "D1,A1,80,\nD1,A2,6,\nD1,A3,,2\nD2,B1,12,\nD3,C1,,45\n"
				    "S1,X1,9,\nS1,X2,,12.5\n",
				    &out),
			 0);
	free(out);
	assert_int_equal(cli_import("adjust",
				    "unit_code,kind,level,event\n"
				    "D2,add,city,全市营商环境先进单位\n"
				    "D2,add,province,全市营商环境先进单位\n"
				    "S1,subtract,district,区委通报批评\n",
				    &out),
			 0);
	free(out);
	/* the sheet: D1 = 48 + 30 × 3/6 + 8 = 71; D2 100 + 0.75; D3 55; S1 (90 + 87.5)/2 −
	 * 0.375 */
	r = h_get(F.tok[U_LEADER], API "/targets/%d/assessment", YEAR);
	assert_status(r, 200);
	json_t *v = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(v), 4);
	static const struct {
		const char *code;
		double total;
		const char *grade;
		int rank;
	} want[] = {{"D2", 100.75, "excellent", 1},
		    {"D1", 71, "pass", 2},
		    {"D3", 55, "fail", 3},
		    {"S1", 88.38, "good", 1}};
	for (size_t i = 0; i < 4; i++) {
		json_t *l = json_array_get(v, i);
		assert_string_equal(jstr(l, "unit_code"), want[i].code);
		assert_float_equal(json_number_value(json_object_get(l, "total")), want[i].total,
				   1e-9);
		assert_string_equal(jstr(l, "grade"), want[i].grade);
		assert_int_equal(jint(l, "rank"), want[i].rank);
	}
	resp_free(&r);
	/* the same as the CLI's sheet */
	assert_int_equal(
		h_cli(NULL, &out, "targets", "assess", "--db", h_srv.db, "--year", "2026", NULL),
		0);
	assert_non_null(strstr(out, "D2,department,100.00,,100.00,0.75,0.00,100.75,优秀,1\n"));
	assert_non_null(strstr(out, "S1,street,90.00,87.50,88.75,0.00,0.38,88.38,良好,1\n"));
	free(out);
	/* as files: CSV with the scheme's card names, XLSX; the letters item by item */
	r = h_get(F.tok[U_ADMIN], API "/targets/%d/assessment?format=csv", YEAR);
	assert_status(r, 200);
	assert_non_null(strstr(r.content_type, "text/csv"));
	assert_non_null(strstr(r.body, "第二卡（过程考核）"));
	assert_non_null(strstr(r.body, "区"));
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/targets/%d/assessment?format=xlsx", YEAR);
	assert_status(r, 200);
	assert_memory_equal(r.body, "PK", 2);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/targets/%d/letters?format=csv", YEAR);
	assert_status(r, 200);
	assert_non_null(strstr(r.body, "党风廉政建设"));
	assert_non_null(strstr(r.body, "定奖惩"));
	assert_non_null(strstr(r.body, "全年无违纪案件"));
	assert_non_null(strstr(r.body, "已生效"));
	resp_free(&r);
	/* units do not read the sheet */
	r = h_get(F.tok[U_UNIT1], API "/targets/%d/assessment", YEAR);
	assert_status(r, 404);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/targets/%d/assessment?format=pdf", YEAR);
	assert_problem(r, 400);
	resp_free(&r);
}

/* POST a result of D1's item as @p tok. */
static struct resp result(const char *tok, json_t *body)
{
	return h_post(tok, body, API "/targets/%d/letters/%lld/results", YEAR,
		      (long long)F.dept[0]);
}

/* D1's total on the sheet, as the leader reads it. */
static double d1_total(void)
{
	struct resp r = h_get(F.tok[U_LEADER], API "/targets/%d/assessment", YEAR);
	assert_status(r, 200);
	double t = -1;
	json_t *v = json_object_get(r.json, "items"), *l;
	size_t i;
	json_array_foreach(v, i, l) if (strcmp(jstr(l, "unit_code"), "D1") == 0) t =
		json_number_value(json_object_get(l, "total"));
	resp_free(&r);
	return t;
}

static json_t *item_of(const json_t *letter, const char *code)
{
	json_t *v = json_object_get(letter, "items"), *it;
	size_t i;
	json_array_foreach(v, i, it) if (strcmp(jstr(it, "code"), code) == 0) return it;
	return NULL;
}

static long long count_events(const char *kind)
{
	char q[160];
	snprintf(q, sizeof q, "SELECT COUNT(*) FROM events WHERE kind = '%s'", kind);
	return h_sql(q);
}

/* POST a person to unit @p unit as @p tok; @return the response */
static struct resp add_person(const char *tok, json_int_t unit, const char *name, const char *post)
{
	return h_post(tok,
		      json_pack("{s:s, s:s, s:b}", "name", name, "post", post, "party_member", 1),
		      API "/units/%lld/people", (long long)unit);
}

static void test_people_and_split(void **state)
{
	(void)state;
	/* the register: the office or the unit itself adds; another unit sees nothing */
	struct resp r = add_person(F.tok[U_UNIT2], F.dept[0], "外单位人员", "科员");
	assert_problem(r, 404);
	resp_free(&r);
	r = add_person(F.tok[U_UNIT1], F.dept[0], "王强", "副局长");
	assert_status(r, 201);
	json_int_t wang = jint(r.json, "id");
	assert_true(jtrue(r.json, "party_member"));
	resp_free(&r);
	r = add_person(F.tok[U_ADMIN], F.dept[0], "李娜", "规划科科长");
	assert_status(r, 201);
	json_int_t li = jint(r.json, "id");
	resp_free(&r);
	r = add_person(F.tok[U_ADMIN], F.dept[0], "赵六\n", "科员");
	assert_problem(r, 400);
	resp_free(&r);
	r = add_person(F.tok[U_ADMIN], F.dept[1], "他单位人员", "科员");
	assert_status(r, 201);
	json_int_t other = jint(r.json, "id");
	resp_free(&r);
	r = h_get(F.tok[U_UNIT2], API "/units/%lld/people", (long long)F.dept[0]);
	assert_status(r, 404);
	resp_free(&r);
	r = h_get(F.tok[U_LEADER], API "/units/%lld/people", (long long)F.dept[0]);
	assert_status(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	resp_free(&r);
	r = h_patch(F.tok[U_UNIT1], json_pack("{s:s}", "post", "局长"), API "/people/%lld",
		    (long long)wang);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "post"), "局长");
	resp_free(&r);
	assert_int_equal(count_events("person.update"), 1);

	/* D1's A1 (60 points) split between Wang (40) and Li (20); A2 (30) to Li */
	json_t *split =
		json_pack("{s:[{s:s, s:I, s:i, s:s}, {s:s, s:I, s:i, s:s}, {s:s, s:I, s:i}]}",
			  "items", "code", "A1", "person_id", wang, "points", 40, "task",
			  "牵头推进重点项目", "code", "A1", "person_id", li, "points", 25, "task",
			  "项目审批", "code", "A2", "person_id", li, "points", 30);
	r = h_put(F.tok[U_UNIT1], json_deep_copy(split), API "/targets/%d/letters/%lld/persons",
		  YEAR, (long long)F.dept[0]);
	assert_problem(r, 400); /* 65 is not A1's 60 */
	assert_non_null(strstr(jstr(r.json, "detail"), "add up to 65.000, not its 60.000"));
	resp_free(&r);
	json_object_set_new(json_array_get(json_object_get(split, "items"), 1), "points",
			    json_integer(20));
	json_t *bad = json_deep_copy(split);
	json_object_set_new(json_array_get(json_object_get(bad, "items"), 2), "person_id",
			    json_integer(other));
	r = h_put(F.tok[U_UNIT1], bad, API "/targets/%d/letters/%lld/persons", YEAR,
		  (long long)F.dept[0]);
	assert_problem(r, 400); /* a person of another unit */
	assert_true(h_json_has_string(r.json, "items[2].person_id"));
	resp_free(&r);
	r = h_put(F.tok[U_UNIT2], json_deep_copy(split), API "/targets/%d/letters/%lld/persons",
		  YEAR, (long long)F.dept[0]);
	assert_problem(r, 404);
	resp_free(&r);
	r = h_put(F.tok[U_UNIT1], split, API "/targets/%d/letters/%lld/persons", YEAR,
		  (long long)F.dept[0]);
	assert_status(r, 200);
	/* the persons' scores roll up: A1 scores 48 of 60 (80%), A2 15 of 30 (50%) */
	json_t *v = json_object_get(r.json, "items"), *l;
	size_t i;
	double wang_total = 0, li_total = 0;
	json_array_foreach(v, i, l)
	{
		double sc = json_number_value(json_object_get(l, "score"));
		if (jint(json_object_get(l, "person"), "id") == wang)
			wang_total += sc;
		else
			li_total += sc;
	}
	assert_float_equal(wang_total, 32, 1e-9);    /* 48 × 40/60 */
	assert_float_equal(li_total, 16 + 15, 1e-9); /* 48 × 20/60 + 15 */
	assert_float_equal(wang_total + li_total, 48 + 15, 1e-9);
	resp_free(&r);

	/* Li's account sees Li's items only */
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:s, s:s, s:s, s:I, s:s}", "username", "lina", "display_name",
			     "李娜", "role", "unit", "unit_id", F.dept[0], "password", H_PASSWORD),
		   API "/users");
	assert_status(r, 201);
	json_int_t uid = jint(r.json, "id");
	resp_free(&r);
	r = h_put(F.tok[U_ADMIN], json_pack("{s:I}", "person_id", other), API "/users/%lld/person",
		  (long long)uid);
	assert_problem(r, 400); /* not a person of the account's unit */
	resp_free(&r);
	r = h_put(F.tok[U_UNIT1], json_pack("{s:I}", "person_id", li), API "/users/%lld/person",
		  (long long)uid);
	assert_problem(r, 403);
	resp_free(&r);
	r = h_put(F.tok[U_ADMIN], json_pack("{s:I}", "person_id", li), API "/users/%lld/person",
		  (long long)uid);
	assert_status(r, 200);
	assert_int_equal(jint(r.json, "person_id"), li);
	resp_free(&r);
	char *tok = h_login("lina", H_PASSWORD);
	r = h_get(tok, API "/targets/%d/mine", YEAR);
	assert_status(r, 200);
	v = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(v), 2);
	json_array_foreach(v, i, l) assert_int_equal(jint(json_object_get(l, "person"), "id"), li);
	resp_free(&r);
	free(tok);
	r = h_get(F.tok[U_UNIT1], API "/targets/%d/mine", YEAR);
	assert_status(r, 200); /* an account of nobody in the register: no items */
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	resp_free(&r);
}

static void test_year_end(void **state)
{
	(void)state;
	/* nobody logs in for the street: its head signs on paper and the office records it;
	 * D1 has an account, so the office never signs for it */
	struct resp r0 = step(F.tok[U_ADMIN], F.street, "issue", NULL);
	assert_status(r0, 200);
	h_expect_actions(r0.json, "sign");
	resp_free(&r0);
	r0 = step(F.tok[U_ADMIN], F.street, "sign",
		  json_pack("{s:s}", "signed_by", "城关街道王主任"));
	assert_status(r0, 200);
	assert_string_equal(jstr(r0.json, "status"), "signed");
	resp_free(&r0);
	/* the assessing department (D2) scores D1's A3; D1 never scores itself, and an item
	 * without an assessing department is the office's */
	struct resp r =
		result(F.tok[U_UNIT1], json_pack("{s:s, s:i}", "code", "A3", "deduction", 0));
	assert_problem(r, 403);
	resp_free(&r);
	r = result(F.tok[U_UNIT2], json_pack("{s:s, s:i}", "code", "A1", "actual", 100));
	assert_problem(r, 403);
	resp_free(&r);
	r = result(F.tok[U_UNIT2], json_pack("{s:s, s:i}", "code", "A3", "actual", 1));
	assert_problem(r, 400);
	assert_true(h_json_has_string(r.json, "deduction"));
	resp_free(&r);
	r = result(F.tok[U_UNIT2], json_pack("{s:s, s:f, s:s}", "code", "A3", "deduction", 1.5,
					     "note", "约谈一次，扣 1.5 分"));
	assert_status(r, 200);
	json_t *res = json_object_get(item_of(r.json, "A3"), "result");
	assert_float_equal(json_number_value(json_object_get(res, "deduction")), 1.5, 1e-9);
	assert_int_equal(jint(res, "by_user_id"), F.uid[U_UNIT2]);
	resp_free(&r);
	/* 48 + 15 + 8.5 */
	assert_float_equal(d1_total(), 71.5, 1e-9);

	/* progress: the unit reports a quarter that has begun; nobody else reports for it */
	r = h_post(F.tok[U_UNIT1],
		   json_pack("{s:s, s:i, s:i, s:s, s:s}", "code", "A1", "quarter", 1, "percent", 40,
			     "text", "已开工 8 个项目", "evidence", "开工许可证 8 份"),
		   API "/targets/%d/letters/%lld/reports", YEAR, (long long)F.dept[0]);
	assert_status(r, 201);
	json_t *reps = json_object_get(item_of(r.json, "A1"), "reports");
	assert_int_equal(json_array_size(reps), 1);
	assert_int_equal(jint(json_array_get(reps, 0), "percent"), 40);
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1],
		   json_pack("{s:s, s:i, s:i, s:s}", "code", "A1", "quarter", 2, "percent", 60,
			     "text", "提前报送"),
		   API "/targets/%d/letters/%lld/reports", YEAR, (long long)F.dept[0]);
	assert_problem(r, 400);
	assert_true(h_json_has_string(r.json, "quarter"));
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:s, s:i, s:i, s:s}", "code", "A1", "quarter", 1, "percent", 90,
			     "text", "代为报送"),
		   API "/targets/%d/letters/%lld/reports", YEAR, (long long)F.dept[0]);
	assert_problem(r, 403);
	resp_free(&r);
	r = h_put(F.tok[U_UNIT1],
		  json_pack("{s:s}", "text", "本年度各项目标任务推进有序，详见附表。"),
		  API "/targets/%d/letters/%lld/selfcheck", YEAR, (long long)F.dept[0]);
	assert_status(r, 200);
	assert_non_null(strstr(jstr(r.json, "selfcheck"), "推进有序"));
	resp_free(&r);

	/* a bulletin of a problem dispatched to D1 becomes a proposed subtract */
	json_int_t pid = h_problem_in(&F, "dispatched");
	r = h_stage(F.tok[U_ADMIN], pid, "flag",
		    json_pack("{s:b, s:s, s:s}", "flagged", 1, "due_on", "2026-03-20", "bulletin",
			      "关于区住建局审批拖延问题的通报"));
	assert_status(r, 200);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/targets/%d/proposals", YEAR);
	assert_status(r, 200);
	json_t *p = json_array_get(json_object_get(r.json, "items"), 0);
	assert_non_null(p);
	assert_int_equal(jint(p, "unit_id"), F.dept[0]);
	assert_true(json_is_null(json_object_get(p, "status")));
	char *source = strdup(jstr(p, "source"));
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN], json_pack("{s:s, s:b}", "source", source, "confirm", 0),
		   API "/targets/%d/proposals", YEAR);
	assert_problem(r, 400); /* declining needs a note */
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1],
		   json_pack("{s:s, s:b, s:s}", "source", source, "confirm", 0, "note",
			     "本单位认为不应扣分"),
		   API "/targets/%d/proposals", YEAR);
	assert_problem(r, 404); /* a unit sees no proposals */
	resp_free(&r);
	r = h_post(
		F.tok[U_ADMIN],
		json_pack("{s:s, s:b, s:s}", "source", source, "confirm", 1, "level", "district"),
		API "/targets/%d/proposals", YEAR);
	assert_status(r, 200);
	assert_string_equal(jstr(json_array_get(json_object_get(r.json, "items"), 0), "status"),
			    "confirmed");
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:s, s:b, s:s}", "source", source, "confirm", 1, "level", "city"),
		   API "/targets/%d/proposals", YEAR);
	assert_problem(r, 409); /* once */
	resp_free(&r);
	free(source);
	assert_float_equal(d1_total(), 71.13, 1e-9); /* 71.5 − 0.375, half away from zero */

	/* published with a ten-day appeal window: results change only by an appeal now */
	r = h_post(F.tok[U_UNIT1], json_pack("{s:i}", "appeal_days", 10), API "/targets/%d/publish",
		   YEAR);
	assert_problem(r, 403);
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN], json_pack("{s:i}", "appeal_days", 10), API "/targets/%d/publish",
		   YEAR);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "appeal_until"), "2026-03-12");
	assert_int_equal(strlen(jstr(r.json, "sheet_hash")), 64);
	resp_free(&r);
	r = result(F.tok[U_UNIT2], json_pack("{s:s, s:i}", "code", "A3", "deduction", 0));
	assert_problem(r, 409);
	resp_free(&r);
	char *out = NULL;
	assert_int_equal(
		cli_import("results", "unit_code,code,actual,deduction\nD1,A1,100,\n", &out), 1);
	assert_non_null(strstr(out, "the sheet is published"));
	free(out);
	/* the unit now reads its own line only */
	r = h_get(F.tok[U_UNIT1], API "/targets/%d/assessment", YEAR);
	assert_status(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_string_equal(jstr(json_array_get(json_object_get(r.json, "items"), 0), "unit_code"),
			    "D1");
	resp_free(&r);

	/* an appeal on A3, decided: upheld, the deduction withdrawn */
	json_t *body = json_pack("{s:I, s:s, s:s}", "unit_id", F.dept[0], "code", "A3", "reason",
				 "约谈系对个人，不应扣减单位目标分");
	r = h_post(F.tok[U_UNIT2], json_deep_copy(body), API "/targets/%d/appeals", YEAR);
	assert_problem(r, 404); /* another unit's assessment is not D2's to see */
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1], json_deep_copy(body), API "/targets/%d/appeals", YEAR);
	assert_status(r, 201);
	json_int_t appeal = jint(json_array_get(json_object_get(r.json, "items"), 0), "id");
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1], body, API "/targets/%d/appeals", YEAR);
	assert_problem(r, 409); /* one open appeal on an item */
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN], json_object(), API "/targets/%d/final", YEAR);
	assert_problem(r, 409); /* the window is open */
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:b, s:s, s:i}", "upheld", 1, "decision",
			     "经复核，约谈对象为个人，撤销该项扣分", "deduction", 0),
		   API "/targets/%d/appeals/%lld/decide", YEAR, (long long)appeal);
	assert_status(r, 200);
	assert_string_equal(jstr(json_array_get(json_object_get(r.json, "items"), 0), "status"),
			    "upheld");
	resp_free(&r);
	assert_float_equal(d1_total(), 72.63, 1e-9); /* 48 + 15 + 10 − 0.375 */
	assert_int_equal(count_events("targets.appeal.decide"), 1);

	/* a penalty recorded for a person of D1 */
	json_int_t wang = h_sql("SELECT id FROM people WHERE name = '王强'");
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:I, s:I, s:s, s:s}", "unit_id", F.dept[1], "person_id", wang,
			     "kind", "penalty", "measure", "诫勉谈话"),
		   API "/targets/%d/sanctions", YEAR);
	assert_problem(r, 400); /* Wang is D1's */
	assert_true(h_json_has_string(r.json, "person_id"));
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:I, s:I, s:s, s:s}", "unit_id", F.dept[0], "person_id", wang,
			     "kind", "penalty", "measure", "诫勉谈话"),
		   API "/targets/%d/sanctions", YEAR);
	assert_status(r, 201);
	json_t *sn = json_array_get(json_object_get(r.json, "items"), 0);
	assert_string_equal(jstr(sn, "measure"), "诫勉谈话");
	assert_string_equal(jstr(sn, "person_name"), "王强");
	resp_free(&r);

	/* after the window: final, and nothing of the year changes */
	assert_int_equal(h_restart("2026-03-20T09:00:00+08:00"), 0);
	h_fixture_relogin(&F);
	r = h_post(F.tok[U_ADMIN], json_object(), API "/targets/%d/final", YEAR);
	assert_status(r, 200);
	assert_false(json_is_null(json_object_get(r.json, "final_at")));
	resp_free(&r);
	r = h_post(
		F.tok[U_UNIT1],
		json_pack("{s:I, s:s}", "unit_id", F.dept[0], "reason", "再次申请复核，请予考虑"),
		API "/targets/%d/appeals", YEAR);
	assert_problem(r, 409);
	resp_free(&r);
	json_t *b = d1_items(10);
	json_object_set_new(b, "reason", json_string("年终后调整目标"));
	r = step(F.tok[U_ADMIN], F.dept[0], "amend", b);
	assert_problem(r, 409);
	resp_free(&r);
	assert_int_equal(count_events("targets.final"), 1);
	r = h_get(F.tok[U_ADMIN], API "/audit/verify");
	assert_true(jtrue(r.json, "ok"));
	resp_free(&r);
}

static void test_risks_and_reminders(void **state)
{
	(void)state;
	/* late December: A3 due on the 31st, not reported; Q3 ended without a report on any */
	assert_int_equal(h_restart("2026-12-26T09:00:00+08:00"), 0);
	h_fixture_relogin(&F);
	struct resp r = h_get(F.tok[U_ADMIN], API "/targets/%d/risks", YEAR);
	assert_status(r, 200);
	json_t *v = json_object_get(r.json, "items"), *it;
	size_t i;
	int behind = 0, unreported = 0;
	json_array_foreach(v, i, it)
	{
		if (jint(it, "unit_id") != F.dept[0])
			continue;
		if (strcmp(jstr(it, "code"), "A3") == 0) {
			assert_string_equal(jstr(it, "why"), "behind");
			behind++;
		} else if (strcmp(jstr(it, "why"), "unreported") == 0) {
			assert_int_equal(jint(it, "quarter"), 3);
			unreported++;
		}
	}
	assert_int_equal(behind, 1);
	assert_int_equal(unreported, 2);
	resp_free(&r);
	r = h_get(F.tok[U_UNIT1], API "/targets/%d/risks", YEAR);
	assert_status(r, 404);
	resp_free(&r);
	/* the sweep reminds D1 of A3 once, however often it runs */
	for (int k = 0; k < 2; k++) {
		r = h_post(F.tok[U_ADMIN], json_object(), API "/reminders/run");
		assert_status(r, 200);
		resp_free(&r);
	}
	assert_int_equal(count_events("targets.reminder"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_scheme),
		cmocka_unit_test(test_letter_flow),
		cmocka_unit_test(test_amendment),
		cmocka_unit_test(test_import_and_sheet),
		cmocka_unit_test(test_people_and_split),
		cmocka_unit_test(test_year_end),
		cmocka_unit_test(test_risks_and_reminders),
	};
	h_suite(&F, NULL);
	return cmocka_run_group_tests_name("api targets", tests, h_group_setup, h_group_teardown);
}
