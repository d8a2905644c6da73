/*
 * Civil dates, RFC 3339 times and the working-day calendar with holidays and make-up
 * working days (调休). Expected values are written by hand, with the reasoning beside them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "../../src/core/date.h"
#include "../../src/util/err.h"

static wb_date D(int y, int m, int d)
{
	return wb_date_from_ymd(y, m, d);
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : n[m - 1];
}

/* ---- civil dates ---- */

static void test_known_day_numbers(void **state)
{
	(void)state;
	/* day numbers from `date -u -d DATE +%s` / 86400 */
	assert_int_equal(D(1970, 1, 1), 0);
	assert_int_equal(D(1970, 1, 2), 1);
	assert_int_equal(D(1969, 12, 31), -1);
	assert_int_equal(D(1900, 1, 1), -25567);
	assert_int_equal(D(2000, 1, 1), 10957);
	assert_int_equal(D(2024, 2, 29), 19782);
	assert_int_equal(D(2025, 9, 26), 20357);
	assert_int_equal(D(2026, 11, 28), 20785);
	assert_int_equal(D(2100, 12, 31), 47846);
}

/*
 * Every day from 1900-01-01 to 2100-12-31, walked with an independent calendar: day
 * numbers are consecutive, split back into the same y-m-d, and the weekday advances by
 * one each day starting from Monday (1900-01-01 was a Monday).
 */
static void test_ymd_round_trip_all_days(void **state)
{
	(void)state;
	wb_date want = -25567;
	int weekday = 0;
	long days = 0;
	for (int y = 1900; y <= 2100; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= month_days(y, m); d++) {
				wb_date got = wb_date_from_ymd(y, m, d);
				if (got != want) {
					print_error("from_ymd(%d-%d-%d) = %d, want %d\n", y, m, d,
						    got, want);
					fail();
				}
				int yy = 0, mm = 0, dd = 0;
				wb_date_to_ymd(got, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d) {
					print_error("to_ymd(%d) = %d-%d-%d, want %d-%d-%d\n", got,
						    yy, mm, dd, y, m, d);
					fail();
				}
				if (wb_date_weekday(got) != weekday) {
					print_error("weekday(%d-%d-%d) = %d, want %d\n", y, m, d,
						    wb_date_weekday(got), weekday);
					fail();
				}
				char s[11];
				wb_date_format(got, s);
				wb_date back = 0;
				assert_int_equal(wb_date_parse(s, &back), 0);
				assert_int_equal(back, got);
				want++;
				weekday = (weekday + 1) % 7;
				days++;
			}
	/* 201 years, 49 of them leap (1904..2096 less 1900 and 2100 which are not) */
	assert_int_equal(days, 201L * 365 + 49);
	assert_int_equal(want, 47846 + 1);
}

static void test_weekday_known(void **state)
{
	(void)state;
	/* 0 = Monday .. 6 = Sunday */
	assert_int_equal(wb_date_weekday(D(2026, 11, 28)), 5); /* Saturday */
	assert_int_equal(wb_date_weekday(D(2026, 11, 29)), 6); /* Sunday */
	assert_int_equal(wb_date_weekday(D(2026, 11, 30)), 0); /* Monday */
	assert_int_equal(wb_date_weekday(D(1970, 1, 1)), 3);   /* Thursday */
	assert_int_equal(wb_date_weekday(D(1969, 12, 31)), 2); /* Wednesday, before the epoch */
	assert_int_equal(wb_date_weekday(D(1900, 1, 1)), 0);   /* Monday */
	assert_int_equal(wb_date_weekday(D(2000, 1, 1)), 5);   /* Saturday */
	assert_int_equal(wb_date_weekday(D(2024, 2, 29)), 3);  /* Thursday */
	assert_int_equal(wb_date_weekday(D(2025, 10, 1)), 2);  /* Wednesday */
	assert_int_equal(wb_date_weekday(D(2100, 12, 31)), 4); /* Friday */
}

static void test_date_parse(void **state)
{
	(void)state;
	wb_date d = 12345;
	assert_int_equal(wb_date_parse("2024-02-29", &d), 0);
	assert_int_equal(d, 19782);
	assert_int_equal(wb_date_parse("2000-02-29", &d), 0); /* divisible by 400: leap */
	assert_int_equal(d, D(2000, 2, 29));
	assert_int_equal(wb_date_parse("1900-01-01", &d), 0);
	assert_int_equal(d, -25567);
	assert_int_equal(wb_date_parse("9999-12-31", &d), 0);
	assert_int_equal(d, D(9999, 12, 31));
	assert_int_equal(wb_date_parse("2026-11-28", &d), 0);
	assert_int_equal(d, 20785);
	assert_int_equal(wb_date_parse("2026-12-31", &d), 0);
	assert_int_equal(d, 20785 + 33);

	static const char *const bad[] = {
		"2026-02-29", /* 2026 is not a leap year */
		"1900-02-29", /* divisible by 100, not by 400 */
		"2100-02-29",
		"2026-13-01", /* month 13 */
		"2026-00-10", /* month 0 */
		"2026-04-31", /* April has 30 days */
		"2026-01-32",
		"2026-01-00",
		"2026-1-01", /* one-digit month */
		"2026-01-1",
		" 2026-01-01", /* leading space */
		"2026-01-01 ", /* trailing space */
		"2026-01-01x",
		"2026/01/01",
		"20260101",
		"1899-12-31", /* before 1900 */
		"0000-01-01",
		"+026-01-01",
		"2026-+1-01",
		"2026-01-0a",
		"10000-01-01",
		"",
		"2026-01-01T00:00:00Z",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		d = 777;
		int rc = wb_date_parse(bad[i], &d);
		if (rc != WB_ERR_INVALID)
			print_error("date_parse(\"%s\") = %d\n", bad[i], rc);
		assert_int_equal(rc, WB_ERR_INVALID);
	}
	assert_int_equal(wb_date_parse(NULL, &d), WB_ERR_INVALID);
	/* an embedded NUL ends the string: "2026-01" is too short */
	assert_int_equal(wb_date_parse("2026-01\0-01", &d), WB_ERR_INVALID);
}

static void test_date_format(void **state)
{
	(void)state;
	char s[11];
	memset(s, 'x', sizeof s);
	wb_date_format(20785, s);
	assert_string_equal(s, "2026-11-28");
	wb_date_format(0, s);
	assert_string_equal(s, "1970-01-01");
	wb_date_format(-1, s);
	assert_string_equal(s, "1969-12-31");
	wb_date_format(D(2024, 2, 29), s);
	assert_string_equal(s, "2024-02-29");
	wb_date_format(D(9999, 12, 31), s);
	assert_string_equal(s, "9999-12-31");
	wb_date_format(D(1, 1, 1), s);
	assert_string_equal(s, "0001-01-01");
}

/* ---- times ---- */

/* 2026-11-28T01:30:00Z */
#define T0 INT64_C(1795829400)

static void test_time_parse_offsets(void **state)
{
	(void)state;
	static const char *const same[] = {
		"2026-11-28T01:30:00Z",           "2026-11-28T01:30:00z",
		"2026-11-28t01:30:00Z",           "2026-11-28 01:30:00Z",
		"2026-11-28T01:30:00+00:00",      "2026-11-28T01:30:00-00:00",
		"2026-11-28T09:30:00+08:00", /* 09:30 in Beijing is 01:30 UTC */
		"2026-11-27T20:00:00-05:30", /* 20:00 + 5:30 = 01:30 the next day */
		"2026-11-28T15:15:00+13:45", /* 15:15 - 13:45 = 01:30 */
		"2026-11-28T01:30:00.5Z",    /* fractions are dropped, not rounded */
		"2026-11-28T01:30:00.999999999Z", "2026-11-28T09:30:00.123+08:00",
		"2026-11-28T01:30:00.0-00:00",
	};
	for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
		int64_t t = 0;
		int rc = wb_time_parse(same[i], &t);
		if (rc != 0 || t != T0)
			print_error("time_parse(\"%s\") = %d, %lld\n", same[i], rc, (long long)t);
		assert_int_equal(rc, 0);
		assert_int_equal(t, T0);
	}
	int64_t t = 0;
	assert_int_equal(wb_time_parse("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(wb_time_parse("1970-01-01T08:00:00+08:00", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(wb_time_parse("1969-12-31T23:59:59Z", &t), 0);
	assert_int_equal(t, -1);
	assert_int_equal(wb_time_parse("1900-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, INT64_C(-2208988800));
	assert_int_equal(wb_time_parse("2100-12-31T23:59:59Z", &t), 0);
	assert_int_equal(t, INT64_C(4133980799));
	assert_int_equal(wb_time_parse("2024-02-29T20:00:00+08:00", &t), 0);
	assert_int_equal(t, INT64_C(1709208000));
	/* a leap second is accepted and lands within that minute's last second or the next */
	assert_int_equal(wb_time_parse("2026-11-28T01:29:60Z", &t), 0);
	assert_true(t == T0 - 1 || t == T0);
}

static void test_time_parse_bad(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"2026-11-28",
		"2026-11-28T01:30:00", /* no zone */
		"2026-11-28T01:30Z",   /* no seconds */
		"2026-11-28T1:30:00Z",
		"2026-11-28T01:30:0Z",
		"2026-11-28T24:00:00Z",
		"2026-11-28T01:60:00Z",
		"2026-11-28T01:30:61Z",
		"2026-11-28X01:30:00Z",
		"2026-11-28T01-30-00Z",
		"2026-11-28T01:30:00.Z", /* a dot needs digits */
		"2026-11-28T01:30:00.+08:00",
		"2026-11-28T01:30:00+0800",
		"2026-11-28T01:30:00+08",
		"2026-11-28T01:30:00+8:00",
		"2026-11-28T01:30:00+24:00",
		"2026-11-28T01:30:00+08:60",
		"2026-11-28T01:30:00 +08:00",
		"2026-11-28T01:30:00Zx",
		"2026-11-28T01:30:00Z ",
		"2026-11-28T01:30:00+08:00 ",
		"2026-11-28T01:30:00+08:00:00",
		"2026-11-28T01:30:00UTC",
		"2026-11-28T01:30:00.12a3Z",
		"2026-02-29T01:30:00Z", /* no such date */
		"2026-13-28T01:30:00Z",
		"1899-12-31T23:59:59Z",
		" 2026-11-28T01:30:00Z",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int64_t t = 42;
		int rc = wb_time_parse(bad[i], &t);
		if (rc != WB_ERR_INVALID)
			print_error("time_parse(\"%s\") = %d\n", bad[i], rc);
		assert_int_equal(rc, WB_ERR_INVALID);
	}
	int64_t t;
	assert_int_equal(wb_time_parse(NULL, &t), WB_ERR_INVALID);
}

static void test_time_format(void **state)
{
	(void)state;
	char s[32];
	wb_time_format(T0, 480, s);
	assert_string_equal(s, "2026-11-28T09:30:00+08:00");
	wb_time_format(T0, 0, s);
	assert_string_equal(s, "2026-11-28T01:30:00+00:00");
	wb_time_format(T0, -330, s);
	assert_string_equal(s, "2026-11-27T20:00:00-05:30");
	wb_time_format(T0, 345, s); /* +05:45, Nepal */
	assert_string_equal(s, "2026-11-28T07:15:00+05:45");
	wb_time_format(T0, 840, s); /* +14:00 */
	assert_string_equal(s, "2026-11-28T15:30:00+14:00");
	wb_time_format(T0, -720, s); /* -12:00 */
	assert_string_equal(s, "2026-11-27T13:30:00-12:00");
	wb_time_format(-1, 0, s);
	assert_string_equal(s, "1969-12-31T23:59:59+00:00");
	wb_time_format(0, 480, s);
	assert_string_equal(s, "1970-01-01T08:00:00+08:00");
	wb_time_format(T0 + 59, 480, s);
	assert_string_equal(s, "2026-11-28T09:30:59+08:00");
}

static void test_time_round_trip(void **state)
{
	(void)state;
	static const int zones[] = {-720, -330, -60, 0, 345, 480, 840};
	for (size_t z = 0; z < sizeof zones / sizeof *zones; z++)
		/* 1960 .. 2060 in steps a little over a day, so every second-of-day varies */
		for (int64_t t = INT64_C(-315619200); t < INT64_C(2871763200);
		     t += 86400 * 37 + 4271) {
			char s[32];
			int64_t back = 0;
			wb_time_format(t, zones[z], s);
			assert_int_equal(strlen(s), 25);
			if (wb_time_parse(s, &back) != 0 || back != t) {
				print_error("round trip %lld tz %d via \"%s\" = %lld\n",
					    (long long)t, zones[z], s, (long long)back);
				fail();
			}
		}
}

static void test_date_of_time(void **state)
{
	(void)state;
	/* 2026-11-27T16:00:00Z = 1795795200 is midnight 2026-11-28 in +08:00 */
	const int64_t mid = INT64_C(1795795200);
	assert_int_equal(wb_date_of_time(mid, 480), D(2026, 11, 28));
	assert_int_equal(wb_date_of_time(mid - 1, 480), D(2026, 11, 27));
	assert_int_equal(wb_date_of_time(mid + 86399, 480), D(2026, 11, 28));
	assert_int_equal(wb_date_of_time(mid + 86400, 480), D(2026, 11, 29));
	/* the same instant is still the 27th in UTC and west of it */
	assert_int_equal(wb_date_of_time(mid, 0), D(2026, 11, 27));
	assert_int_equal(wb_date_of_time(mid, -300), D(2026, 11, 27));
	/* 2026-11-27T10:00:00Z is already midnight of the 28th at +14:00 */
	assert_int_equal(wb_date_of_time(mid - 6 * 3600, 840), D(2026, 11, 28));
	assert_int_equal(wb_date_of_time(mid - 6 * 3600 - 1, 840), D(2026, 11, 27));
	/* before the epoch, days still start at midnight (floor, not truncation) */
	assert_int_equal(wb_date_of_time(-1, 0), -1);
	assert_int_equal(wb_date_of_time(-86400, 0), -1);
	assert_int_equal(wb_date_of_time(-86401, 0), -2);
	assert_int_equal(wb_date_of_time(0, -1), -1);
	assert_int_equal(wb_date_of_time(0, 0), 0);
}

/* ---- working days ---- */

/*
 * China's 2025 National Day and Mid-Autumn holiday:
 *   off:     2025-10-01 (Wed) .. 2025-10-08 (Wed)
 *   make-up: 2025-09-28 (Sun) and 2025-10-11 (Sat) are working days
 * The days around it:
 *   09-26 Fri work | 09-27 Sat off | 09-28 Sun WORK (make-up) | 09-29 Mon work
 *   09-30 Tue work | 10-01..10-08 off | 10-09 Thu work | 10-10 Fri work
 *   10-11 Sat WORK (make-up) | 10-12 Sun off | 10-13 Mon work
 */
static wb_date holidays[8];
static wb_date makeups[2];
static struct wb_calendar cal;

static int setup_calendar(void **state)
{
	(void)state;
	for (int i = 0; i < 8; i++)
		holidays[i] = D(2025, 10, 1 + i);
	makeups[0] = D(2025, 9, 28);
	makeups[1] = D(2025, 10, 11);
	cal = (struct wb_calendar){holidays, 8, makeups, 2};
	return 0;
}

static void test_is_workday(void **state)
{
	(void)state;
	static const struct {
		int m, d, work;
	} days[] = {
		{9, 26, 1},  {9, 27, 0},  {9, 28, 1},  {9, 29, 1},  {9, 30, 1},
		{10, 1, 0},  {10, 2, 0},  {10, 3, 0},  {10, 4, 0},  {10, 5, 0},
		{10, 6, 0},  {10, 7, 0},  {10, 8, 0},  {10, 9, 1},  {10, 10, 1},
		{10, 11, 1}, {10, 12, 0}, {10, 13, 1}, {10, 18, 0}, {10, 19, 0},
	};
	for (size_t i = 0; i < sizeof days / sizeof *days; i++) {
		wb_date d = D(2025, days[i].m, days[i].d);
		int got = wb_is_workday(&cal, d) != 0;
		if (got != days[i].work)
			print_error("is_workday(2025-%02d-%02d) = %d\n", days[i].m, days[i].d, got);
		assert_int_equal(got, days[i].work);
	}
	/* NULL calendar: weekdays only, so the make-up Sunday is off and 10-01 is on */
	assert_false(wb_is_workday(NULL, D(2025, 9, 28)));
	assert_false(wb_is_workday(NULL, D(2025, 10, 11)));
	assert_true(wb_is_workday(NULL, D(2025, 10, 1)));
	assert_true(wb_is_workday(NULL, D(2025, 9, 26)));
	assert_false(wb_is_workday(NULL, D(2025, 9, 27)));
}

static void test_workday_add_holiday(void **state)
{
	(void)state;
	const wb_date fri = D(2025, 9, 26);
	/* 09-27 Sat is off; 09-28 Sun is a make-up working day: the first. */
	assert_int_equal(wb_workday_add(&cal, fri, 1), D(2025, 9, 28));
	assert_int_equal(wb_workday_add(&cal, fri, 2), D(2025, 9, 29)); /* Mon */
	assert_int_equal(wb_workday_add(&cal, fri, 3), D(2025, 9, 30)); /* Tue */
	/* 10-01..10-08 off: the fourth is Thursday 10-09 */
	assert_int_equal(wb_workday_add(&cal, fri, 4), D(2025, 10, 9));
	assert_int_equal(wb_workday_add(&cal, fri, 5), D(2025, 10, 10)); /* Fri */
	assert_int_equal(wb_workday_add(&cal, fri, 6), D(2025, 10, 11)); /* Sat, make-up */
	/* 10-12 Sun is off: the seventh is Monday 10-13 */
	assert_int_equal(wb_workday_add(&cal, fri, 7), D(2025, 10, 13));

	const wb_date tue = D(2025, 9, 30);
	assert_int_equal(wb_workday_add(&cal, tue, 1), D(2025, 10, 9)); /* skips 8 days off */
	assert_int_equal(wb_workday_add(&cal, tue, 2), D(2025, 10, 10));
	assert_int_equal(wb_workday_add(&cal, tue, 3), D(2025, 10, 11)); /* Saturday make-up */
	assert_int_equal(wb_workday_add(&cal, tue, 4), D(2025, 10, 13));
	/* 10-13 Mon + 4 more: 10-14 Tue, 15 Wed, 16 Thu, 17 Fri -> 8 is Fri 10-17 */
	assert_int_equal(wb_workday_add(&cal, tue, 8), D(2025, 10, 17));
	/* then the weekend 18/19 is off: 9 is Mon 10-20 */
	assert_int_equal(wb_workday_add(&cal, tue, 9), D(2025, 10, 20));

	/* starting on a day off: 10-03 (holiday) + 1 = 10-09; 09-27 (Sat) + 1 = 09-28 */
	assert_int_equal(wb_workday_add(&cal, D(2025, 10, 3), 1), D(2025, 10, 9));
	assert_int_equal(wb_workday_add(&cal, D(2025, 9, 27), 1), D(2025, 9, 28));
	/* the make-up Saturday + 1: Sunday 10-12 off, so Monday 10-13 */
	assert_int_equal(wb_workday_add(&cal, D(2025, 10, 11), 1), D(2025, 10, 13));

	/* n = 0 gives the start itself, working day or not */
	assert_int_equal(wb_workday_add(&cal, fri, 0), fri);
	assert_int_equal(wb_workday_add(&cal, D(2025, 10, 3), 0), D(2025, 10, 3));
	assert_int_equal(wb_workday_add(NULL, D(2025, 9, 27), 0), D(2025, 9, 27));
}

static void test_workday_add_null_calendar(void **state)
{
	(void)state;
	const wb_date fri = D(2025, 9, 26);
	/* weekdays only: Sat 27 and Sun 28 off, Mon 29 is the first */
	assert_int_equal(wb_workday_add(NULL, fri, 1), D(2025, 9, 29));
	/* 29 Mon, 30 Tue, 10-01 Wed: holidays do not count without a calendar */
	assert_int_equal(wb_workday_add(NULL, fri, 3), D(2025, 10, 1));
	assert_int_equal(wb_workday_add(NULL, fri, 5), D(2025, 10, 3));
	/* the weekend 10-04/05 off: the sixth is Mon 10-06 */
	assert_int_equal(wb_workday_add(NULL, fri, 6), D(2025, 10, 6));
	/* 10 weekdays = two whole weeks: Fri 10-10 */
	assert_int_equal(wb_workday_add(NULL, fri, 10), D(2025, 10, 10));
	/* an empty calendar behaves like NULL */
	struct wb_calendar empty = {NULL, 0, NULL, 0};
	for (int n = 0; n <= 30; n++)
		assert_int_equal(wb_workday_add(&empty, fri, n), wb_workday_add(NULL, fri, n));
}

/* The countdown of a deadline, as GET /problems shows it, over the 2025 National Day break. */
static void test_workdays_left(void **state)
{
	(void)state;
	/* due the first working day after the break, seen before it: 09-30, 10-09 */
	assert_int_equal(wb_workdays_left(&cal, D(2025, 9, 29), D(2025, 10, 9)), 2);
	/* due today */
	assert_int_equal(wb_workdays_left(&cal, D(2025, 10, 9), D(2025, 10, 9)), 0);
	/* due on the last day before the break, seen on its last day: late by none yet */
	assert_int_equal(wb_workdays_left(&cal, D(2025, 10, 8), D(2025, 9, 30)), 0);
	/* and on the first working day after it: late by one */
	assert_int_equal(wb_workdays_left(&cal, D(2025, 10, 9), D(2025, 9, 30)), -1);
	/* the make-up Saturday 10-11 counts: (10-09, 10-13] is 10-10, 10-11, 10-13 */
	assert_int_equal(wb_workdays_left(&cal, D(2025, 10, 13), D(2025, 10, 9)), -3);
	assert_int_equal(wb_workdays_left(&cal, D(2025, 10, 9), D(2025, 10, 13)), 3);
}

static void test_workdays_between(void **state)
{
	(void)state;
	/* (09-26, 10-13]: 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13 */
	assert_int_equal(wb_workdays_between(&cal, D(2025, 9, 26), D(2025, 10, 13)), 7);
	/* (09-30, 10-09]: only 10-09 */
	assert_int_equal(wb_workdays_between(&cal, D(2025, 9, 30), D(2025, 10, 9)), 1);
	/* (09-30, 10-08]: the whole holiday, none */
	assert_int_equal(wb_workdays_between(&cal, D(2025, 9, 30), D(2025, 10, 8)), 0);
	/* (09-27, 09-28]: the make-up Sunday */
	assert_int_equal(wb_workdays_between(&cal, D(2025, 9, 27), D(2025, 9, 28)), 1);
	/* empty and reversed intervals */
	assert_int_equal(wb_workdays_between(&cal, D(2025, 9, 29), D(2025, 9, 29)), 0);
	assert_int_equal(wb_workdays_between(&cal, D(2025, 10, 13), D(2025, 9, 26)), 0);
	/* NULL: (09-26, 10-13] weekdays 09-29..10-03 (5), 10-06..10-10 (5), 10-13 (1) */
	assert_int_equal(wb_workdays_between(NULL, D(2025, 9, 26), D(2025, 10, 13)), 11);
	assert_int_equal(wb_workdays_between(NULL, D(2025, 9, 26), D(2025, 9, 28)), 0);

	/* between(start, add(start, n)) == n, for every start in the period and n <= 40 */
	for (wb_date start = D(2025, 9, 20); start <= D(2025, 10, 20); start++)
		for (int n = 0; n <= 40; n++) {
			wb_date end = wb_workday_add(&cal, start, n);
			assert_int_equal(wb_workdays_between(&cal, start, end), n);
			if (n > 0)
				assert_true(wb_is_workday(&cal, end));
			assert_int_equal(
				wb_workdays_between(NULL, start, wb_workday_add(NULL, start, n)),
				n);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_day_numbers),
		cmocka_unit_test(test_ymd_round_trip_all_days),
		cmocka_unit_test(test_weekday_known),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_date_format),
		cmocka_unit_test(test_time_parse_offsets),
		cmocka_unit_test(test_time_parse_bad),
		cmocka_unit_test(test_time_format),
		cmocka_unit_test(test_time_round_trip),
		cmocka_unit_test(test_date_of_time),
		cmocka_unit_test_setup(test_is_workday, setup_calendar),
		cmocka_unit_test_setup(test_workday_add_holiday, setup_calendar),
		cmocka_unit_test(test_workday_add_null_calendar),
		cmocka_unit_test_setup(test_workdays_between, setup_calendar),
		cmocka_unit_test_setup(test_workdays_left, setup_calendar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
