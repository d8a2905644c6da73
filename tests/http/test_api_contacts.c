/*
 * The register of first contact (首接首问), black-box through the API: a unit records the
 * matters its staff received first, owned by a person of its register until a hand-over or
 * completion; an entry still held more than one working day (contact_handover_workdays)
 * after it was received is overdue, counted across China's 2026 Labour Day; counts per
 * unit and person; an opinion about 推诿 linked to an entry; a breach becoming a fault
 * case; the visitor's data shown to the office and the unit only; role scope.
 *
 * The clock stands at Wed 05-06 09:00, the first working day after the holidays:
 *   Wed 04-29  received: 04-30 and 05-06 are two working days since: overdue
 *   Thu 04-30  received: 05-06 is the one working day since: not yet overdue
 *   (counting weekdays, 05-01, 05-04 and 05-05 would have made both overdue)
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fixture F;

#define NOW "2026-05-06T09:00:00+08:00"

static json_int_t zhang, li, zhao; /* department 1's Zhang and Li; department 2's Zhao */
static json_int_t e1, e2;          /* received on 04-30 and on 04-29 */

static json_int_t add_person(json_int_t unit, const char *name)
{
	struct resp r =
		h_post(F.tok[U_ADMIN], json_pack("{s:s, s:s}", "name", name, "post", "窗口"),
		       API "/units/%lld/people", (long long)unit);
	assert_status(r, 201);
	json_int_t id = jint(r.json, "id");
	resp_free(&r);
	return id;
}

static json_t *entry(const char *received, const char *need)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "channel", "in_person", "visitor",
			 "陈女士", "visitor_phone", "13800000000", "need", need, "told",
			 "一次性告知需带身份证、户口簿原件", "limit_on", "2026-05-15",
			 "received_at", received);
}

static json_t *list(const char *tok, const char *query)
{
	struct resp r = h_get(tok, API "/contacts%s", query);
	assert_status(r, 200);
	json_t *items = json_incref(json_object_get(r.json, "items"));
	resp_free(&r);
	return items;
}

static void test_record_and_scope(void **state)
{
	(void)state;
	static const char *const days[][2] = {
		{"2026-05-01", "holiday"}, {"2026-05-04", "holiday"}, {"2026-05-05", "holiday"}};
	for (int i = 0; i < 3; i++) {
		struct resp c = h_put(F.tok[U_ADMIN], json_pack("{s:s}", "kind", days[i][1]),
				      API "/calendar/%s", days[i][0]);
		assert_status(c, 200);
		resp_free(&c);
	}
	zhang = add_person(F.dept[0], "张敏");
	li = add_person(F.dept[0], "李强");
	zhao = add_person(F.dept[1], "赵刚");

	/* an account linked to no person must name one */
	struct resp r = h_post(F.tok[U_UNIT1], entry("2026-04-30T10:00:00+08:00", "办理居住证"),
			       API "/contacts");
	assert_problem(r, 400);
	assert_true(h_json_has_string(json_object_get(r.json, "errors"), "person_id"));
	resp_free(&r);
	/* the office links department 1's account to Zhang: the entry is his */
	r = h_put(F.tok[U_ADMIN], json_pack("{s:I}", "person_id", (json_int_t)zhang),
		  API "/users/%lld/person", (long long)F.uid[U_UNIT1]);
	assert_status(r, 200);
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1], entry("2026-04-30T10:00:00+08:00", "办理居住证"),
		   API "/contacts");
	assert_status(r, 201);
	e1 = jint(r.json, "id");
	assert_int_equal(jint(r.json, "person_id"), zhang);
	assert_int_equal(jint(r.json, "unit_id"), F.dept[0]);
	assert_string_equal(jstr(r.json, "status"), "open");
	assert_string_equal(jstr(r.json, "person_name"), "张敏");
	assert_string_equal(jstr(r.json, "visitor"), "陈女士");
	assert_false(jtrue(r.json, "overdue"));
	resp_free(&r);
	/* the office records for a unit, naming Li */
	json_t *b = entry("2026-04-29T15:00:00+08:00", "咨询公积金提取");
	json_object_set_new(b, "unit_id", json_integer(F.dept[0]));
	json_object_set_new(b, "person_id", json_integer(li));
	r = h_post(F.tok[U_ADMIN], b, API "/contacts");
	assert_status(r, 201);
	e2 = jint(r.json, "id");
	assert_true(jtrue(r.json, "overdue"));
	resp_free(&r);

	/* refused: a person of another unit, a limit before the day, the future, missing
	 * texts, another unit's register, a station recording */
	b = entry("2026-04-30T10:00:00+08:00", "办理居住证");
	json_object_set_new(b, "person_id", json_integer(zhao));
	r = h_post(F.tok[U_UNIT1], b, API "/contacts");
	assert_problem(r, 400);
	resp_free(&r);
	b = entry("2026-04-30T10:00:00+08:00", "办理居住证");
	json_object_set_new(b, "limit_on", json_string("2026-04-01"));
	r = h_post(F.tok[U_UNIT1], b, API "/contacts");
	assert_problem(r, 400);
	assert_true(h_json_has_string(json_object_get(r.json, "errors"), "limit_on"));
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1], entry("2026-05-07T10:00:00+08:00", "明天的事"), API "/contacts");
	assert_problem(r, 400);
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1], json_pack("{s:s}", "channel", "phone"), API "/contacts");
	assert_problem(r, 400);
	resp_free(&r);
	b = entry("2026-04-30T10:00:00+08:00", "办理居住证");
	json_object_set_new(b, "unit_id", json_integer(F.dept[1]));
	r = h_post(F.tok[U_UNIT1], b, API "/contacts");
	assert_problem(r, 404);
	resp_free(&r);
	b = entry("2026-04-30T10:00:00+08:00", "办理居住证");
	json_object_set_new(b, "unit_id", json_integer(F.dept[0]));
	r = h_post(F.tok[U_STATION1], b, API "/contacts");
	assert_problem(r, 403);
	resp_free(&r);

	/* reading: the office, leaders and stations every unit's; the visitor's data only for
	 * the office and the unit; another unit nothing; points 403 */
	const enum h_user readers[] = {U_ADMIN, U_LEADER, U_STATION1, U_UNIT1};
	for (size_t i = 0; i < sizeof readers / sizeof *readers; i++) {
		r = h_get(F.tok[readers[i]], API "/contacts/%lld", (long long)e1);
		assert_status(r, 200);
		int personal = readers[i] == U_ADMIN || readers[i] == U_UNIT1;
		if (personal)
			assert_string_equal(jstr(r.json, "visitor_phone"), "13800000000");
		else
			assert_true(json_is_null(json_object_get(r.json, "visitor_phone")));
		resp_free(&r);
	}
	json_t *v = list(F.tok[U_UNIT2], "");
	assert_int_equal(json_array_size(v), 0);
	json_decref(v);
	r = h_get(F.tok[U_UNIT2], API "/contacts/%lld", (long long)e1);
	assert_problem(r, 404);
	resp_free(&r);
	r = h_get(F.tok[U_POINT1A], API "/contacts");
	assert_problem(r, 403);
	resp_free(&r);
	r = h_get(NULL, API "/contacts");
	assert_problem(r, 401);
	resp_free(&r);
}

static void test_overdue_across_the_holiday(void **state)
{
	(void)state;
	json_t *v = list(F.tok[U_ADMIN], "?overdue=true");
	assert_int_equal(json_array_size(v), 1);
	assert_int_equal(jint(json_array_get(v, 0), "id"), e2);
	json_decref(v);
	/* the next working day, Zhang's entry of 04-30 is overdue too */
	assert_int_equal(h_restart("2026-05-07T09:00:00+08:00"), 0);
	h_fixture_relogin(&F);
	v = list(F.tok[U_UNIT1], "?overdue=true");
	assert_int_equal(json_array_size(v), 2);
	json_decref(v);
}

static void test_handover_done_and_counts(void **state)
{
	(void)state;
	/* hand-over needs a colleague or another unit, one of them, with a note */
	struct resp r = h_post(F.tok[U_UNIT1], json_pack("{s:s}", "note", "转交"),
			       API "/contacts/%lld/handover", (long long)e1);
	assert_problem(r, 400);
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1],
		   json_pack("{s:I, s:I, s:s}", "to_person_id", (json_int_t)li, "to_unit_id",
			     (json_int_t)F.dept[1], "note", "转交"),
		   API "/contacts/%lld/handover", (long long)e1);
	assert_problem(r, 400);
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1],
		   json_pack("{s:I, s:s}", "to_person_id", (json_int_t)zhang, "note", "转交本人"),
		   API "/contacts/%lld/handover", (long long)e1);
	assert_problem(r, 400); /* to the owner himself */
	resp_free(&r);
	r = h_post(F.tok[U_UNIT2],
		   json_pack("{s:I, s:s}", "to_person_id", (json_int_t)li, "note", "转交李强"),
		   API "/contacts/%lld/handover", (long long)e1);
	assert_problem(r, 404);
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1],
		   json_pack("{s:I, s:s}", "to_person_id", (json_int_t)li, "note",
			     "属李强职责，当面转交"),
		   API "/contacts/%lld/handover", (long long)e1);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "handed_over");
	assert_string_equal(jstr(r.json, "to_person_name"), "李强");
	assert_false(jtrue(r.json, "overdue"));
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1], json_pack("{s:s}", "outcome", "已完成"),
		   API "/contacts/%lld/done", (long long)e1);
	assert_problem(r, 409);
	resp_free(&r);
	/* Li's own entry: to another unit */
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:I, s:s}", "to_unit_id", (json_int_t)F.dept[1], "note",
			     "属区二部门职责，已告知其地址和电话"),
		   API "/contacts/%lld/handover", (long long)e2);
	assert_status(r, 200);
	assert_int_equal(jint(r.json, "to_unit_id"), F.dept[1]);
	resp_free(&r);
	/* a third, completed at once */
	json_t *b = json_pack("{s:s, s:s, s:s, s:s}", "channel", "phone", "need", "咨询营业时间",
			      "told", "工作日 9:00-17:00", "limit_on", "2026-05-07");
	r = h_post(F.tok[U_UNIT1], b, API "/contacts");
	assert_status(r, 201);
	json_int_t e3 = jint(r.json, "id");
	resp_free(&r);
	r = h_post(F.tok[U_UNIT1], json_pack("{s:s}", "outcome", "电话中当即答复"),
		   API "/contacts/%lld/done", (long long)e3);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "done");
	assert_string_equal(jstr(r.json, "outcome"), "电话中当即答复");
	resp_free(&r);

	/* counts per unit and person */
	r = h_get(F.tok[U_ADMIN], API "/contacts/counts?from=2026-04-01&to=2026-05-31");
	assert_status(r, 200);
	json_t *items = json_object_get(r.json, "items");
	if (json_array_size(items) != 2)
		fail_msg("counts: %s", r.body);
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		if (jint(it, "person_id") == zhang) {
			assert_int_equal(jint(it, "received"), 2);
			assert_int_equal(jint(it, "handed_over"), 1);
			assert_int_equal(jint(it, "done"), 1);
			assert_int_equal(jint(it, "open"), 0);
		} else {
			assert_int_equal(jint(it, "person_id"), li);
			assert_int_equal(jint(it, "received"), 1);
			assert_int_equal(jint(it, "handed_over"), 1);
		}
	}
	resp_free(&r);
	r = h_get(F.tok[U_UNIT2], API "/contacts/counts");
	assert_status(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	resp_free(&r);
	/* listed by the person who received it or was handed it */
	char q[64];
	snprintf(q, sizeof q, "?person_id=%lld", (long long)li);
	json_t *v = list(F.tok[U_ADMIN], q);
	assert_int_equal(json_array_size(v), 2);
	json_decref(v);
}

static void test_opinion_link_and_fault(void **state)
{
	(void)state;
	json_int_t o1 = h_opinion(&F, U_POINT1A, F.dept[0], "窗口让我找别的科室，来回推诿", NULL,
				  NULL, NULL);
	json_int_t o2 = h_opinion(&F, U_POINT1A, F.dept[1], "另一个单位的事情", NULL, NULL, NULL);
	struct resp r = h_post(F.tok[U_UNIT1], json_pack("{s:I}", "opinion_id", (json_int_t)o1),
			       API "/contacts/%lld/opinions", (long long)e2);
	assert_problem(r, 403);
	resp_free(&r);
	r = h_post(F.tok[U_STATION1], json_pack("{s:I}", "opinion_id", (json_int_t)o2),
		   API "/contacts/%lld/opinions", (long long)e2);
	assert_problem(r, 400);
	resp_free(&r);
	r = h_post(F.tok[U_STATION1], json_pack("{s:I}", "opinion_id", (json_int_t)o1),
		   API "/contacts/%lld/opinions", (long long)e2);
	assert_status(r, 200);
	assert_int_equal(
		json_integer_value(json_array_get(json_object_get(r.json, "opinion_ids"), 0)), o1);
	resp_free(&r);
	/* the breach becomes a fault case of the unit */
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:I, s:s, s:I, s:I, s:s, s:s}", "unit_id", (json_int_t)F.dept[1],
			     "source", "first_contact", "contact_id", (json_int_t)e2, "opinion_id",
			     (json_int_t)o1, "type", "shirk", "facts", "首问责任人未一次性告知"),
		   API "/faults");
	assert_problem(r, 400); /* the entry is department 1's */
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:I, s:s, s:I, s:s, s:s}", "unit_id", (json_int_t)F.dept[0],
			     "source", "first_contact", "contact_id", (json_int_t)e2, "type",
			     "shirk", "facts", "首问责任人未一次性告知，群众往返两次"),
		   API "/faults");
	assert_status(r, 201);
	assert_int_equal(jint(r.json, "contact_id"), e2);
	resp_free(&r);
	assert_int_equal(h_sql("SELECT COUNT(*) FROM events WHERE kind LIKE 'contact.%'"), 7);
	r = h_get(F.tok[U_ADMIN], API "/audit/verify");
	assert_status(r, 200);
	assert_true(jtrue(r.json, "ok"));
	resp_free(&r);
}

static int group_teardown(void **state)
{
	unsetenv("WUBIAO_NOW");
	return h_group_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_and_scope),
		cmocka_unit_test(test_overdue_across_the_holiday),
		cmocka_unit_test(test_handover_done_and_counts),
		cmocka_unit_test(test_opinion_link_and_fault),
	};
	h_suite(&F, NOW);
	return cmocka_run_group_tests_name("api contacts", tests, h_group_setup, group_teardown);
}
