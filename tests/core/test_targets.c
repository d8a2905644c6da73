/* Target management's rules: each scoring rule, adds and subtracts at their highest level,
 * a veto, the two cards of a street, grades, ranks with ties, rounding. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "../../src/core/targets.h"

#define near(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void test_ratio(void **state)
{
	(void)state;
	/* points × min(actual / target, 1) */
	near(wb_target_item_score(TR_RATIO, 20, 1, 100, 80, 0, 0), 16);
	near(wb_target_item_score(TR_RATIO, 20, 1, 100, 100, 0, 0), 20);
	near(wb_target_item_score(TR_RATIO, 20, 1, 100, 150, 0, 0), 20); /* capped */
	near(wb_target_item_score(TR_RATIO, 20, 1, 100, 0, 0, 0), 0);
	near(wb_target_item_score(TR_RATIO, 12.5, 1, 3, 2, 0, 0), 12.5 * 2 / 3);
	/* no result: nothing */
	near(wb_target_item_score(TR_RATIO, 20, 0, 100, 100, 0, 0), 0);
}

static void test_inverse(void **state)
{
	(void)state;
	/* lower is better: points × min(target / actual, 1), full at 0 */
	near(wb_target_item_score(TR_INVERSE, 10, 1, 5, 10, 0, 0), 5);
	near(wb_target_item_score(TR_INVERSE, 10, 1, 5, 5, 0, 0), 10);
	near(wb_target_item_score(TR_INVERSE, 10, 1, 5, 2, 0, 0), 10);
	near(wb_target_item_score(TR_INVERSE, 10, 1, 5, 0, 0, 0), 10);
	near(wb_target_item_score(TR_INVERSE, 10, 1, 0, 4, 0, 0), 0); /* target none at all */
	near(wb_target_item_score(TR_INVERSE, 10, 0, 5, 0, 0, 0), 0);
}

static void test_deduct_and_workstyle(void **state)
{
	(void)state;
	near(wb_target_item_score(TR_DEDUCT, 15, 1, 0, 0, 4.5, 0), 10.5);
	near(wb_target_item_score(TR_DEDUCT, 15, 1, 0, 0, 0, 0), 15);
	near(wb_target_item_score(TR_DEDUCT, 15, 1, 0, 0, 20, 0), 0); /* never below 0 */
	near(wb_target_item_score(TR_DEDUCT, 15, 0, 0, 0, 0, 0), 0);  /* no result: 0 */
	/* points × composite / 100 */
	near(wb_target_item_score(TR_WORKSTYLE, 20, 1, 0, 0, 0, 86.82), 17.364);
	near(wb_target_item_score(TR_WORKSTYLE, 20, 0, 0, 0, 0, 86.82), 0);
}

static void test_milli(void **state)
{
	(void)state;
	int64_t v;
	assert_int_equal(wb_milli_parse("12.5", &v), 0);
	assert_int_equal(v, 12500);
	assert_int_equal(wb_milli_parse("0.375", &v), 0);
	assert_int_equal(v, 375);
	assert_int_equal(wb_milli_parse("-3", &v), 0);
	assert_int_equal(v, -3000);
	assert_int_equal(wb_milli_parse("100", &v), 0);
	assert_int_equal(v, 100000);
	static const char *const bad[] = {"",   "1.", ".5",  "1.2345", "1e3",          "+1",
					  " 1", "1 ", "abc", "1,5",    "9999999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (wb_milli_parse(bad[i], &v) == 0)
			fail_msg("'%s' was taken", bad[i]);
}

static void test_adjust_highest_level_once(void **state)
{
	(void)state;
	struct wb_target_scheme s;
	wb_target_scheme_defaults(&s);
	const struct wb_target_adjust v[] = {
		/* the same commendation at city and at province: once, at province (0.75) */
		{0, 2026, 1, ADJ_ADD, LV_CITY, "省级文明单位"},
		{0, 2026, 1, ADJ_ADD, LV_PROVINCE, "省级文明单位"},
		/* another event at district (0.375), twice at the same level: once */
		{0, 2026, 1, ADJ_ADD, LV_DISTRICT, "区先进集体"},
		{0, 2026, 1, ADJ_ADD, LV_DISTRICT, "区先进集体"},
		/* a criticism: the same event as a subtract is its own (0.5) */
		{0, 2026, 1, ADJ_SUBTRACT, LV_CITY, "省级文明单位"},
		/* another unit's do not count */
		{0, 2026, 2, ADJ_ADD, LV_NATIONAL, "全国先进"},
		{0, 2026, 2, ADJ_VETO, LV__N, "安全生产事故"},
	};
	double adds, subs;
	int veto;
	wb_target_adjust_sum(v, sizeof v / sizeof *v, 1, &s, &adds, &subs, &veto);
	near(adds, 0.75 + 0.375);
	near(subs, 0.5);
	assert_false(veto);
	wb_target_adjust_sum(v, sizeof v / sizeof *v, 2, &s, &adds, &subs, &veto);
	near(adds, 1);
	assert_true(veto);
}

static void test_round2(void **state)
{
	(void)state;
	near(wb_round2(2.675), 2.68);
	near(wb_round2(-2.675), -2.68);
	near(wb_round2(90.375), 90.38);
	near(wb_round2(1.004999), 1.0);
	near(wb_round2(0.125), 0.13);
}

static void test_assess(void **state)
{
	(void)state;
	struct wb_target_scheme s;
	wb_target_scheme_defaults(&s);
	struct wb_target_line v[] = {
		/* streets: base is the mean of the two cards */
		{.unit_id = 10, .code = "S2", .street = 1, .card1 = 90, .card2 = 80},
		{.unit_id = 11, .code = "S1", .street = 1, .card1 = 95, .card2 = 75, .adds = 0.5},
		/* departments: a tie at 88.00, then 86.5; one vetoed with the best total */
		{.unit_id = 1, .code = "D3", .card1 = 88},
		{.unit_id = 2, .code = "D1", .card1 = 87.5, .adds = 0.75, .subtracts = 0.25},
		{.unit_id = 3, .code = "D2", .card1 = 86.5},
		{.unit_id = 4, .code = "D4", .card1 = 99, .vetoed = 1},
		{.unit_id = 5, .code = "D5", .card1 = 59.994}, /* 59.99: below 合格 */
		{.unit_id = 6, .code = "D6", .card1 = 60.0},
	};
	size_t n = sizeof v / sizeof *v;
	wb_target_assess(v, n, &s);
	/* departments first, by rank then code; vetoed after all others */
	static const char *const order[] = {"D1", "D3", "D2", "D6", "D5", "D4", "S1", "S2"};
	static const int rank[] = {1, 1, 3, 4, 5, 6, 1, 2};
	static const enum wb_grade grade[] = {GRADE_GOOD, GRADE_GOOD, GRADE_GOOD, GRADE_PASS,
					      GRADE_FAIL, GRADE_FAIL, GRADE_GOOD, GRADE_GOOD};
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(v[i].code, order[i]);
		assert_int_equal(v[i].rank, rank[i]);
		assert_int_equal(v[i].grade, grade[i]);
	}
	near(v[0].total, 88.0); /* 87.5 + 0.75 − 0.25 */
	near(v[6].base, 85);    /* (95 + 75) / 2 */
	near(v[6].total, 85.5);
	near(v[7].base, 85);
	near(v[4].total, 59.99); /* below 合格 */
	near(v[5].total, 99);    /* the veto keeps the total but not the grade */
	/* a total on a cut-off is of the higher grade */
	struct wb_target_line edge[] = {{.code = "E", .card1 = 89.995}};
	wb_target_assess(edge, 1, &s);
	near(edge[0].total, 90);
	assert_int_equal(edge[0].grade, GRADE_EXCELLENT);
}

static void test_scheme_check(void **state)
{
	(void)state;
	struct wb_target_scheme s;
	const char *what;
	wb_target_scheme_defaults(&s);
	assert_null(wb_target_scheme_check(&s, &what));
	assert_string_equal(s.street_cards[0], "实绩");
	assert_int_equal(s.nding, 6);
	/* each rule names its member */
	s.cut[GRADE_GOOD] = 95;
	assert_non_null(wb_target_scheme_check(&s, &what));
	assert_string_equal(what, "grades");
	wb_target_scheme_defaults(&s);
	s.level_points[LV_STREET] = 0.5; /* more than a district's */
	assert_non_null(wb_target_scheme_check(&s, &what));
	assert_string_equal(what, "level_points");
	wb_target_scheme_defaults(&s);
	s.ding[3] = "定任务";
	assert_non_null(wb_target_scheme_check(&s, &what));
	assert_string_equal(what, "ding");
	wb_target_scheme_defaults(&s);
	s.street_cards[1] = "实绩";
	assert_non_null(wb_target_scheme_check(&s, &what));
	assert_string_equal(what, "cards");
	wb_target_scheme_defaults(&s);
	s.nding = 0;
	assert_non_null(wb_target_scheme_check(&s, &what));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ratio),
		cmocka_unit_test(test_inverse),
		cmocka_unit_test(test_deduct_and_workstyle),
		cmocka_unit_test(test_milli),
		cmocka_unit_test(test_adjust_highest_level_once),
		cmocka_unit_test(test_round2),
		cmocka_unit_test(test_assess),
		cmocka_unit_test(test_scheme_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
