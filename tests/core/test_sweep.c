/*
 * Reminders (催办), escalation (督办) and delisting (摘牌) decisions, on a calendar with a
 * public holiday and a make-up working day (调休): China's 2026 Labour Day.
 *
 *   Thu 04-30  the deadline
 *   Fri 05-01  holiday          Sat 05-02, Sun 05-03  weekend
 *   Mon 05-04  holiday          Tue 05-05  holiday
 *   Wed 05-06  working day 1 after the deadline: the reminder
 *   Thu 05-07  2    Fri 05-08  3    Sat 05-09  4 (make-up working day)    Sun 05-10  4
 *   Mon 05-11  5: the escalation (with escalate_after_workdays = 5, the default)
 *
 * Expected values are written by hand from this table, not computed with the code under test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "../../src/core/date.h"
#include "../../src/core/enums.h"
#include "../../src/core/sweep.h"

static wb_date D(int y, int m, int d)
{
	return wb_date_from_ymd(y, m, d);
}

static wb_date holidays[3];
static wb_date makeup[1];
static struct wb_calendar cal;           /* the Labour Day calendar */
static struct wb_calendar cal_no_makeup; /* the same holidays, no make-up working day */

static int setup_calendar(void **state)
{
	(void)state;
	holidays[0] = D(2026, 5, 1);
	holidays[1] = D(2026, 5, 4);
	holidays[2] = D(2026, 5, 5);
	makeup[0] = D(2026, 5, 9);
	cal = (struct wb_calendar){holidays, 3, makeup, 1};
	cal_no_makeup = (struct wb_calendar){holidays, 3, NULL, 0};
	return 0;
}

/* A problem at work (dispatched) with deadline @p due, never reminded nor escalated. */
static struct wb_problem late_problem(wb_date due)
{
	struct wb_problem p;
	memset(&p, 0, sizeof p);
	p.id = 1;
	p.status = PS_DISPATCHED;
	p.due_on = due;
	p.flagged = 0;
	p.flag_due_on = WB_NO_DATE;
	p.ext_due_on = WB_NO_DATE;
	p.ack_due_on = WB_NO_DATE;
	p.reminded_due = WB_NO_DATE;
	p.escalated_due = WB_NO_DATE;
	return p;
}

static struct wb_sweep decide(const struct wb_problem *p, const struct wb_calendar *c,
			      wb_date today, int after)
{
	struct wb_sweep s;
	memset(&s, 0x5a, sizeof s); /* every field must be written */
	wb_sweep_decide(p, c, today, after, &s);
	return s;
}

#define expect_sweep(s, overdue, rem, esc)                                                         \
	do {                                                                                       \
		assert_int_equal((s).overdue_workdays, (overdue));                                 \
		assert_int_equal(!!(s).remind, (rem));                                             \
		assert_int_equal(!!(s).escalate, (esc));                                           \
	} while (0)

/* ---- the calendar itself ---- */

static void test_calendar_is_what_the_table_says(void **state)
{
	(void)state;
	/* 0 = Monday .. 6 = Sunday */
	assert_int_equal(wb_date_weekday(D(2026, 4, 30)), 3); /* Thursday */
	assert_int_equal(wb_date_weekday(D(2026, 5, 1)), 4);  /* Friday: the holiday is a weekday */
	assert_int_equal(wb_date_weekday(D(2026, 5, 2)), 5);
	assert_int_equal(wb_date_weekday(D(2026, 5, 3)), 6);
	assert_int_equal(wb_date_weekday(D(2026, 5, 4)), 0); /* Monday */
	assert_int_equal(wb_date_weekday(D(2026, 5, 5)), 1); /* Tuesday */
	assert_int_equal(wb_date_weekday(D(2026, 5, 9)),
			 5); /* Saturday: the make-up day is a weekend */
	assert_int_equal(wb_date_weekday(D(2026, 5, 11)), 0); /* Monday */

	static const int work[] = {
		/* 04-30 .. 05-12 */
		1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 1,
	};
	for (int i = 0; i < 13; i++)
		assert_int_equal(!!wb_is_workday(&cal, D(2026, 4, 30) + i), work[i]);
}

/* ---- which deadline counts ---- */

static void test_deadline_of(void **state)
{
	(void)state;
	struct wb_problem p = late_problem(D(2026, 5, 13));

	/* Not flagged: due_on, whatever flag_due_on holds. */
	assert_int_equal(wb_deadline_of(&p), D(2026, 5, 13));
	p.flag_due_on = D(2026, 4, 30);
	assert_int_equal(wb_deadline_of(&p), D(2026, 5, 13));

	/* Flagged with a flag deadline: the flag's, earlier or later than due_on. */
	p.flagged = 1;
	assert_int_equal(wb_deadline_of(&p), D(2026, 4, 30));
	p.flag_due_on = D(2026, 6, 1);
	assert_int_equal(wb_deadline_of(&p), D(2026, 6, 1));

	/* Flagged without a flag deadline: due_on. */
	p.flag_due_on = WB_NO_DATE;
	assert_int_equal(wb_deadline_of(&p), D(2026, 5, 13));

	/* Flagged, a flag deadline and no due_on: the flag's. */
	p.flag_due_on = D(2026, 4, 30);
	p.due_on = WB_NO_DATE;
	assert_int_equal(wb_deadline_of(&p), D(2026, 4, 30));

	/* Neither: none. */
	p.flagged = 0;
	assert_int_equal(wb_deadline_of(&p), WB_NO_DATE);
	p.flagged = 1;
	p.flag_due_on = WB_NO_DATE;
	assert_int_equal(wb_deadline_of(&p), WB_NO_DATE);

	/* Delisted (flagged cleared, flag_due_on kept): due_on again. */
	p.due_on = D(2026, 5, 13);
	p.flag_due_on = D(2026, 4, 30);
	p.flagged = 0;
	p.delisted = 1;
	assert_int_equal(wb_deadline_of(&p), D(2026, 5, 13));
}

/* ---- reminders ---- */

static void test_nothing_until_the_deadline_has_passed(void **state)
{
	(void)state;
	struct wb_problem p = late_problem(D(2026, 4, 30));
	for (wb_date t = D(2026, 4, 20); t <= D(2026, 4, 30); t++) {
		struct wb_sweep s = decide(&p, &cal, t, 5);
		assert_int_equal(s.deadline, D(2026, 4, 30));
		expect_sweep(s, 0, 0, 0);
	}
}

static void test_holidays_and_weekend_are_not_overdue_workdays(void **state)
{
	(void)state;
	struct wb_problem p = late_problem(D(2026, 4, 30));
	/* 05-01 holiday, 05-02/03 weekend, 05-04/05 holidays: no working day has passed. */
	for (wb_date t = D(2026, 5, 1); t <= D(2026, 5, 5); t++) {
		struct wb_sweep s = decide(&p, &cal, t, 5);
		assert_int_equal(s.deadline, D(2026, 4, 30));
		expect_sweep(s, 0, 0, 0);
	}
	/* Without the holidays 05-01 would be the first working day after the deadline. */
	struct wb_sweep s = decide(&p, NULL, D(2026, 5, 1), 5);
	expect_sweep(s, 1, 1, 0);
	s = decide(&p, NULL, D(2026, 5, 3), 5);
	expect_sweep(s, 1, 1, 0);
	s = decide(&p, NULL, D(2026, 5, 5), 5);
	expect_sweep(s, 3, 1, 0);
}

static void test_reminder_on_the_first_working_day_after(void **state)
{
	(void)state;
	struct wb_problem p = late_problem(D(2026, 4, 30));
	struct wb_sweep s = decide(&p, &cal, D(2026, 5, 6), 5);
	assert_int_equal(s.deadline, D(2026, 4, 30));
	expect_sweep(s, 1, 1, 0);

	/* A sweep that did not run for days still reminds (once), later on. */
	s = decide(&p, &cal, D(2026, 5, 8), 5);
	expect_sweep(s, 3, 1, 0);
	s = decide(&p, &cal, D(2026, 5, 10), 5);
	expect_sweep(s, 4, 1, 0);
}

static void test_reminded_once_per_deadline(void **state)
{
	(void)state;
	struct wb_problem p = late_problem(D(2026, 4, 30));
	p.reminded_due = D(2026, 4, 30);
	static const int overdue[] = {1, 2, 3, 4, 4}; /* 05-06 .. 05-10 */
	for (int i = 0; i < 5; i++) {
		struct wb_sweep s = decide(&p, &cal, D(2026, 5, 6) + i, 5);
		expect_sweep(s, overdue[i], 0, 0);
	}
	/* A reminder for an older deadline does not count for this one. */
	p.reminded_due = D(2026, 4, 20);
	struct wb_sweep s = decide(&p, &cal, D(2026, 5, 7), 5);
	expect_sweep(s, 2, 1, 0);
}

/* ---- escalation ---- */

static void test_escalation_after_five_workdays_with_makeup_day(void **state)
{
	(void)state;
	struct wb_problem p = late_problem(D(2026, 4, 30));
	p.reminded_due = D(2026, 4, 30); /* reminded on 05-06 */
	/* 05-06 .. 05-14 */
	static const int overdue[] = {1, 2, 3, 4, 4, 5, 6, 7, 8};
	static const int esc[] = {0, 0, 0, 0, 0, 1, 1, 1, 1};
	for (int i = 0; i < 9; i++) {
		struct wb_sweep s = decide(&p, &cal, D(2026, 5, 6) + i, 5);
		assert_int_equal(s.deadline, D(2026, 4, 30));
		expect_sweep(s, overdue[i], 0, esc[i]);
	}

	/* Without the make-up Saturday the fifth working day is Tuesday 05-12. */
	struct wb_sweep s = decide(&p, &cal_no_makeup, D(2026, 5, 11), 5);
	expect_sweep(s, 4, 0, 0);
	s = decide(&p, &cal_no_makeup, D(2026, 5, 12), 5);
	expect_sweep(s, 5, 0, 1);

	/* Once escalated for this deadline, never again. */
	p.escalated_due = D(2026, 4, 30);
	for (wb_date t = D(2026, 5, 11); t <= D(2026, 6, 30); t++) {
		s = decide(&p, &cal, t, 5);
		assert_int_equal(s.remind, 0);
		assert_int_equal(s.escalate, 0);
	}
	/* An escalation for another deadline does not count for this one. */
	p.escalated_due = D(2026, 4, 1);
	s = decide(&p, &cal, D(2026, 5, 11), 5);
	expect_sweep(s, 5, 0, 1);
}

static void test_reminder_and_escalation_together(void **state)
{
	(void)state;
	/* The first sweep after a long pause sends both. */
	struct wb_problem p = late_problem(D(2026, 4, 30));
	struct wb_sweep s = decide(&p, &cal, D(2026, 5, 11), 5);
	expect_sweep(s, 5, 1, 1);
	/* Escalated earlier but never reminded (e.g. data from before reminders): remind only. */
	p.escalated_due = D(2026, 4, 30);
	s = decide(&p, &cal, D(2026, 5, 12), 5);
	expect_sweep(s, 6, 1, 0);
}

static void test_escalate_after_setting(void **state)
{
	(void)state;
	struct wb_problem p = late_problem(D(2026, 4, 30));
	/* 1: escalated on the day of the reminder */
	struct wb_sweep s = decide(&p, &cal, D(2026, 5, 6), 1);
	expect_sweep(s, 1, 1, 1);
	/* 3: on 05-08 */
	s = decide(&p, &cal, D(2026, 5, 7), 3);
	expect_sweep(s, 2, 1, 0);
	s = decide(&p, &cal, D(2026, 5, 8), 3);
	expect_sweep(s, 3, 1, 1);
	/* 0: never escalated */
	for (wb_date t = D(2026, 5, 6); t <= D(2026, 7, 31); t++) {
		s = decide(&p, &cal, t, 0);
		assert_int_equal(s.escalate, 0);
		assert_int_equal(s.remind, 1);
	}
}

/* ---- a new deadline starts the cycle again ---- */

static void test_new_deadline_starts_again(void **state)
{
	(void)state;
	struct wb_problem p = late_problem(D(2026, 4, 30));
	p.reminded_due = p.escalated_due = D(2026, 4, 30);
	/* An extension to Friday 05-08. */
	p.due_on = D(2026, 5, 8);
	struct wb_sweep s = decide(&p, &cal, D(2026, 5, 8), 5);
	assert_int_equal(s.deadline, D(2026, 5, 8));
	expect_sweep(s, 0, 0, 0);
	/* Saturday 05-09 is a make-up working day: reminded the next day. */
	s = decide(&p, &cal, D(2026, 5, 9), 5);
	assert_int_equal(s.deadline, D(2026, 5, 8));
	expect_sweep(s, 1, 1, 0);
	/* Reminded: 05-10 Sunday stays at 1; escalation on the fifth working day, Thu 05-14. */
	p.reminded_due = D(2026, 5, 8);
	s = decide(&p, &cal, D(2026, 5, 10), 5);
	expect_sweep(s, 1, 0, 0);
	s = decide(&p, &cal, D(2026, 5, 13), 5);
	expect_sweep(s, 4, 0, 0);
	s = decide(&p, &cal, D(2026, 5, 14), 5);
	assert_int_equal(s.deadline, D(2026, 5, 8));
	expect_sweep(s, 5, 0, 1);
}

static void test_flag_deadline_drives_the_sweep(void **state)
{
	(void)state;
	/* Due 05-13, flagged with its own deadline 04-30: reminded on 05-06 for 04-30. */
	struct wb_problem p = late_problem(D(2026, 5, 13));
	p.flagged = 1;
	p.flag_due_on = D(2026, 4, 30);
	struct wb_sweep s = decide(&p, &cal, D(2026, 5, 6), 5);
	assert_int_equal(s.deadline, D(2026, 4, 30));
	expect_sweep(s, 1, 1, 0);
	/* A reminder recorded for due_on does not cover the flag's deadline. */
	p.reminded_due = D(2026, 5, 13);
	s = decide(&p, &cal, D(2026, 5, 6), 5);
	expect_sweep(s, 1, 1, 0);

	/* Delisted: due_on counts again, which has not passed. */
	p.flagged = 0;
	p.delisted = 1;
	p.reminded_due = WB_NO_DATE;
	s = decide(&p, &cal, D(2026, 5, 6), 5);
	assert_int_equal(s.deadline, D(2026, 5, 13));
	expect_sweep(s, 0, 0, 0);

	/* Flagged with a later deadline than due_on: the flag's, not yet passed. */
	p = late_problem(D(2026, 4, 30));
	p.flagged = 1;
	p.flag_due_on = D(2026, 5, 13);
	s = decide(&p, &cal, D(2026, 5, 11), 5);
	assert_int_equal(s.deadline, D(2026, 5, 13));
	expect_sweep(s, 0, 0, 0);
}

/* ---- only problems being worked on ---- */

static void test_only_working_states(void **state)
{
	(void)state;
	for (int st = 0; st < PS__N; st++) {
		struct wb_problem p = late_problem(D(2026, 4, 30));
		p.status = st;
		int working = st == PS_DISPATCHED || st == PS_ACKNOWLEDGED || st == PS_ANSWERED ||
			      st == PS_RECTIFYING;
		struct wb_sweep s = decide(&p, &cal, D(2026, 5, 11), 5);
		if (s.overdue_workdays != (working ? 5 : 0) || !!s.remind != working ||
		    !!s.escalate != working)
			fail_msg("state %s: overdue %d remind %d escalate %d; want %d %d %d",
				 wb_enum_name(&wb_pstatuses, st), s.overdue_workdays, s.remind,
				 s.escalate, working ? 5 : 0, working, working);
		/* Flagged with a passed flag deadline: the same. */
		p.due_on = D(2026, 6, 30);
		p.flagged = 1;
		p.flag_due_on = D(2026, 4, 30);
		s = decide(&p, &cal, D(2026, 5, 11), 5);
		assert_int_equal(!!s.remind, working);
		assert_int_equal(!!s.escalate, working);
	}
	/* At work but without any deadline: nothing. */
	struct wb_problem p = late_problem(WB_NO_DATE);
	struct wb_sweep s = decide(&p, &cal, D(2026, 5, 11), 5);
	assert_int_equal(s.deadline, WB_NO_DATE);
	expect_sweep(s, 0, 0, 0);
}

/* ---- delisting ---- */

static void test_can_delist(void **state)
{
	(void)state;
	/* (valid ratings, unsatisfied among them) → delistable when verified */
	static const struct {
		int valid, unsat, verified_ok;
	} cases[] = {
		{0, 0, 0},                       /* no valid rating yet */
		{1, 0, 1}, {1, 1, 0},            /* all unsatisfied */
		{2, 0, 1}, {2, 1, 1},            /* half is not more than half */
		{2, 2, 0}, {3, 1, 1}, {3, 2, 0}, /* 2 of 3: a majority unsatisfied */
		{4, 2, 1}, {4, 3, 0}, {5, 3, 0}, {10, 5, 1}, {11, 6, 0},
	};
	for (int st = 0; st < PS__N; st++) {
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			int want = st == PS_CLOSED     ? 1
				   : st == PS_VERIFIED ? cases[i].verified_ok
						       : 0;
			int got = !!wb_can_delist(st, cases[i].valid, cases[i].unsat);
			if (got != want)
				fail_msg(
					"wb_can_delist(%s, %d valid, %d unsatisfied) = %d; want %d",
					wb_enum_name(&wb_pstatuses, st), cases[i].valid,
					cases[i].unsat, got, want);
		}
	}
	/* The cases named in the rule, spelled out. */
	assert_false(wb_can_delist(PS_VERIFIED, 0, 0));
	assert_true(wb_can_delist(PS_VERIFIED, 2, 1));
	assert_false(wb_can_delist(PS_VERIFIED, 3, 2));
	assert_true(wb_can_delist(PS_CLOSED, 0, 0));
	assert_false(wb_can_delist(PS_RECTIFYING, 1, 0));
	assert_false(wb_can_delist(PS_RECTIFIED, 1, 0));
	assert_false(wb_can_delist(PS_DISPATCHED, 5, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calendar_is_what_the_table_says),
		cmocka_unit_test(test_deadline_of),
		cmocka_unit_test(test_nothing_until_the_deadline_has_passed),
		cmocka_unit_test(test_holidays_and_weekend_are_not_overdue_workdays),
		cmocka_unit_test(test_reminder_on_the_first_working_day_after),
		cmocka_unit_test(test_reminded_once_per_deadline),
		cmocka_unit_test(test_escalation_after_five_workdays_with_makeup_day),
		cmocka_unit_test(test_reminder_and_escalation_together),
		cmocka_unit_test(test_escalate_after_setting),
		cmocka_unit_test(test_new_deadline_starts_again),
		cmocka_unit_test(test_flag_deadline_drives_the_sweep),
		cmocka_unit_test(test_only_working_states),
		cmocka_unit_test(test_can_delist),
	};
	return cmocka_run_group_tests_name("sweep", tests, setup_calendar, NULL);
}
