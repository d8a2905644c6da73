#include "calendars.h"

#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../util/err.h"
#include "cli.h"

static const struct cli_shipped_year *shipped(int year)
{
	for (const struct cli_shipped_year *y = cli_shipped_calendars; y->year; y++)
		if (y->year == year)
			return y;
	return NULL;
}

int cli_shipped_days(int year, wb_date *days, int *kinds, int max)
{
	const struct cli_shipped_year *y = shipped(year);
	int n = 0;
	for (const char *line = y ? y->csv : NULL; line && *line && n < max;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char buf[64];
		wb_date d;
		/* "YYYY-MM-DD,holiday" or ",workday"; the header and comments are not dates */
		if (len > 11 && len < sizeof buf && line[10] == ',') {
			memcpy(buf, line, len);
			buf[len] = '\0';
			buf[10] = '\0';
			if (wb_date_parse(buf, &d) == 0) {
				days[n] = d;
				kinds[n++] = strcmp(buf + 11, "workday") == 0;
			}
		}
		line = end ? end + 1 : NULL;
	}
	return n;
}

/* Has the database any special day in @p year? @return 1, 0, or an error */
static int year_has_days(struct svc_ctx *c, int year)
{
	struct wb_calendar cal;
	int rc =
		svc_calendar(c, wb_date_from_ymd(year, 1, 1), wb_date_from_ymd(year, 12, 31), &cal);
	return rc < 0 ? rc : cal.nholidays + cal.nworkdays > 0;
}

int cli_import_shipped(struct svc_ctx *c, int year, int only_new, FILE *err, int *years, int *days)
{
	*years = *days = 0;
	for (const struct cli_shipped_year *y = cli_shipped_calendars; y->year; y++) {
		if (year && y->year != year)
			continue;
		int rc = only_new ? year_has_days(c, y->year) : 0;
		if (rc < 0) {
			fprintf(err, "wubiao: cannot read the calendar of %d\n", y->year);
			return rc;
		}
		if (rc > 0)
			continue;
		FILE *in = fmemopen((void *)y->csv, strlen(y->csv), "r");
		if (in == NULL)
			return WB_ERR_IO;
		int n = 0;
		rc = cli_calendar_import(c, in, err, &n);
		fclose(in);
		if (rc < 0)
			return rc;
		*years += 1;
		*days += n;
	}
	return 0;
}
