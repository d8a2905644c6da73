/*
 * The State Council's holiday arrangements shipped with the program, one file a year in
 * calendars/YYYY.csv (embedded at build time by tools/embed-calendars.sh), so a district
 * has them from `wubiao init` on, without typing them in.
 */
#ifndef WB_CLI_CALENDARS_H
#define WB_CLI_CALENDARS_H

#include <stdio.h>

#include "../core/types.h"
#include "../svc/svc.h"

/** One shipped year: its CSV as `wubiao calendar import` reads it. */
struct cli_shipped_year {
	int year; /**< 0 ends the array */
	const char *csv;
};
extern const struct cli_shipped_year cli_shipped_calendars[];

/**
 * The special days of @p year as shipped: up to @p max into @p days, with @p kinds 0 for
 * a holiday (a weekday off) and 1 for a make-up working day (a weekend). @return how
 * many, 0 when the year is not shipped
 */
int cli_shipped_days(int year, wb_date *days, int *kinds, int max);

/**
 * Import the shipped calendars into the database of @p c: year @p year only (0: every
 * shipped year); with @p only_new, only years of which the database has no special day
 * yet, so that a district's own changes stay. Each year is one transaction.
 * @param[out] years, days how many were imported
 * @return 0, or an error after printing it to @p err
 */
int cli_import_shipped(struct svc_ctx *c, int year, int only_new, FILE *err, int *years, int *days);

#endif
