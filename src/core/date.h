/*
 * Civil dates, times and the working-day calendar.
 *
 * A working day is a weekday that is not a public holiday, or a weekend day that is
 * declared a make-up working day (调休). Deadlines given in working days count on this
 * calendar; the district's holidays and make-up days are data, not code.
 */
#ifndef WB_DATE_H
#define WB_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "types.h"

/** @return the day number of @p y-@p m-@p d (proleptic Gregorian), no range check */
wb_date wb_date_from_ymd(int y, int m, int d);
/** Split a day number into year, month (1..12) and day (1..31). */
void wb_date_to_ymd(wb_date day, int *y, int *m, int *d);
/** @return 0 = Monday .. 6 = Sunday */
int wb_date_weekday(wb_date day);
/**
 * Parse exactly "YYYY-MM-DD" with a real month and day, years 1900..9999.
 * @return 0, or WB_ERR_INVALID
 */
int wb_date_parse(const char *s, wb_date *out);
/** Write "YYYY-MM-DD" and a NUL into @p out. */
void wb_date_format(wb_date day, char out[11]);

/** @return the local date at unix time @p t in a zone @p tz_min minutes east of UTC */
wb_date wb_date_of_time(int64_t t, int tz_min);
/** Write RFC 3339 with the zone's offset, e.g. "2026-03-02T09:30:00+08:00", into @p out. */
void wb_time_format(int64_t t, int tz_min, char out[32]);
/**
 * Parse an RFC 3339 date-time with "Z" or a numeric offset; fractional seconds are
 * accepted and dropped. @return 0, or WB_ERR_INVALID
 */
int wb_time_parse(const char *s, int64_t *out);

/** The non-default days of a calendar; both arrays sorted ascending, no duplicates. */
struct wb_calendar {
	const wb_date *holidays; /**< days off that would otherwise be working days */
	size_t nholidays;
	const wb_date *workdays; /**< make-up working days on weekends */
	size_t nworkdays;
};

/** @return nonzero when @p day is a working day on @p cal (NULL: weekdays only) */
int wb_is_workday(const struct wb_calendar *cal, wb_date day);
/**
 * @return the @p n-th working day after @p start (@p start itself not counted);
 * @p n = 0 gives @p start. The caller caps @p n (a year of working days at most).
 */
wb_date wb_workday_add(const struct wb_calendar *cal, wb_date start, int n);
/** @return the number of working days in (@p from, @p to]; 0 when @p to <= @p from */
int wb_workdays_between(const struct wb_calendar *cal, wb_date from, wb_date to);
/**
 * Working days from @p today to a deadline @p due: those left, in (today, due], when it
 * has not passed (0: due today); minus those overdue, in (due, today], when it has.
 */
int wb_workdays_left(const struct wb_calendar *cal, wb_date today, wb_date due);

#endif
