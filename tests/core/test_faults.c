/*
 * The rules of efficiency faults (行政效能过错): the proposal of a fault for a flagged case
 * still not rectified after its deadline, on China's 2026 Labour Day calendar; the
 * sanction ladder; what each caller may do at each status.
 *
 *   Thu 04-30  the flag's deadline
 *   Fri 05-01  holiday          Sat 05-02, Sun 05-03  weekend
 *   Mon 05-04  holiday          Tue 05-05  holiday
 *   Wed 05-06  working day 1    Thu 05-07  2    Fri 05-08  3
 *   Sat 05-09  4 (make-up working day)    Sun 05-10  still 4
 *   Mon 05-11  5: the proposal (fault_after_workdays = 5, the default)
 *
 * Counting weekdays alone would propose on Thu 05-07. Expected values are written by hand
 * from this table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "../../src/core/date.h"
#include "../../src/core/faults.h"

static wb_date D(int m, int d)
{
	return wb_date_from_ymd(2026, m, d);
}

static wb_date holidays[3];
static wb_date makeup[1];
static struct wb_calendar cal;

static int setup_calendar(void **state)
{
	(void)state;
	holidays[0] = D(5, 1);
	holidays[1] = D(5, 4);
	holidays[2] = D(5, 5);
	makeup[0] = D(5, 9);
	cal = (struct wb_calendar){holidays, 3, makeup, 1};
	return 0;
}

/* A flagged problem at work with the flag's deadline Thu 04-30. */
static struct wb_problem flagged(void)
{
	struct wb_problem p;
	memset(&p, 0, sizeof p);
	p.id = 7;
	p.unit_id = 3;
	p.status = PS_RECTIFYING;
	p.due_on = D(6, 30);
	p.flagged = 1;
	p.flag_due_on = D(4, 30);
	p.ext_due_on = WB_NO_DATE;
	p.ack_due_on = WB_NO_DATE;
	p.reminded_due = WB_NO_DATE;
	p.escalated_due = WB_NO_DATE;
	return p;
}

static void test_proposed_on_the_fifth_working_day_across_the_holiday(void **state)
{
	(void)state;
	struct wb_problem p = flagged();
	const struct {
		int m, d, want;
	} days[] = {
		{4, 30, 0}, {5, 1, 0}, {5, 5, 0},  {5, 6, 0},  {5, 7, 0},
		{5, 8, 0},  {5, 9, 0}, {5, 10, 0}, {5, 11, 1}, {5, 12, 1},
	};
	for (size_t i = 0; i < sizeof days / sizeof *days; i++)
		assert_int_equal(wb_fault_overdue(&p, &cal, D(days[i].m, days[i].d), 5),
				 days[i].want);
	/* Another setting: 3 working days, reached on Fri 05-08. */
	assert_int_equal(wb_fault_overdue(&p, &cal, D(5, 7), 3), 0);
	assert_int_equal(wb_fault_overdue(&p, &cal, D(5, 8), 3), 1);
	/* Without the holidays, the fifth working day would have been Thu 05-07. */
	assert_int_equal(wb_fault_overdue(&p, NULL, D(5, 7), 5), 1);
}

static void test_only_flagged_cases_still_at_work(void **state)
{
	(void)state;
	struct wb_problem p = flagged();
	p.flagged = 0; /* an unflagged problem's lateness is the reminders' business */
	assert_int_equal(wb_fault_overdue(&p, &cal, D(5, 20), 5), 0);
	p = flagged();
	p.flag_due_on = WB_NO_DATE; /* flagged without a deadline of its own */
	assert_int_equal(wb_fault_overdue(&p, &cal, D(5, 20), 5), 0);
	/* Rectified, verified, closed or returned: nothing to propose. */
	const enum wb_pstatus done[] = {PS_RECTIFIED, PS_VERIFIED, PS_CLOSED, PS_RETURNED, PS_OPEN};
	for (size_t i = 0; i < sizeof done / sizeof *done; i++) {
		p = flagged();
		p.status = done[i];
		assert_int_equal(wb_fault_overdue(&p, &cal, D(5, 20), 5), 0);
	}
	const enum wb_pstatus at_work[] = {PS_DISPATCHED, PS_ACKNOWLEDGED, PS_ANSWERED,
					   PS_RECTIFYING};
	for (size_t i = 0; i < sizeof at_work / sizeof *at_work; i++) {
		p = flagged();
		p.status = at_work[i];
		assert_int_equal(wb_fault_overdue(&p, &cal, D(5, 20), 5), 1);
	}
}

static void test_the_ladder_climbs_one_step(void **state)
{
	(void)state;
	assert_int_equal(wb_sanction_floor(-1), SN_RECTIFY); /* a first fault: any step */
	assert_int_equal(wb_sanction_floor(SN_RECTIFY), SN_WRITTEN_REVIEW);
	assert_int_equal(wb_sanction_floor(SN_WRITTEN_REVIEW), SN_ADMONITION);
	assert_int_equal(wb_sanction_floor(SN_ADMONITION), SN_WARNING);
	assert_int_equal(wb_sanction_floor(SN_WARNING), SN_PUBLIC_CRITICISM);
	assert_int_equal(wb_sanction_floor(SN_PUBLIC_CRITICISM), SN_NO_AWARDS);
	assert_int_equal(wb_sanction_floor(SN_NO_AWARDS), SN_TRANSFER);
	assert_int_equal(wb_sanction_floor(SN_TRANSFER), SN_DISMISSAL);
	assert_int_equal(wb_sanction_floor(SN_DISMISSAL), SN_DISMISSAL); /* the top */
}

static void test_actions_by_status_and_caller(void **state)
{
	(void)state;
	/* office, own unit, window open */
	assert_int_equal(wb_fault_actions(FST_PROPOSED, 1, 0, 0), FACT_CONFIRM | FACT_DISMISS);
	assert_int_equal(wb_fault_actions(FST_PROPOSED, 0, 1, 1), 0);
	assert_int_equal(wb_fault_actions(FST_OPEN, 1, 0, 0), FACT_DECIDE | FACT_DISMISS);
	assert_int_equal(wb_fault_actions(FST_OPEN, 0, 1, 1), 0);
	assert_int_equal(wb_fault_actions(FST_DECIDED, 0, 1, 1), FACT_APPEAL);
	assert_int_equal(wb_fault_actions(FST_DECIDED, 1, 0, 1), FACT_APPEAL);
	assert_int_equal(wb_fault_actions(FST_DECIDED, 0, 1, 0), 0); /* the window closed */
	assert_int_equal(wb_fault_actions(FST_DECIDED, 0, 0, 1), 0); /* another unit */
	assert_int_equal(wb_fault_actions(FST_APPEALED, 1, 0, 0), FACT_APPEAL_DECIDE);
	assert_int_equal(wb_fault_actions(FST_APPEALED, 0, 1, 1), 0);
	assert_int_equal(wb_fault_actions(FST_DISMISSED, 1, 1, 1), 0);
	assert_int_equal(wb_fault_actions(FST_REVOKED, 1, 1, 1), 0);
	/* The names follow the bits. */
	assert_string_equal(wb_fault_action_names[0], "confirm");
	assert_string_equal(wb_fault_action_names[4], "appeal_decide");
	assert_null(wb_fault_action_names[5]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proposed_on_the_fifth_working_day_across_the_holiday),
		cmocka_unit_test(test_only_flagged_cases_still_at_work),
		cmocka_unit_test(test_the_ladder_climbs_one_step),
		cmocka_unit_test(test_actions_by_status_and_caller),
	};
	return cmocka_run_group_tests_name("faults", tests, setup_calendar, NULL);
}
