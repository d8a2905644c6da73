#include "date.h"

#include <stdlib.h>
#include <string.h>

#include "../util/err.h"

/* Days from civil, after H. Hinnant's public-domain algorithm: exact for all years. */
wb_date wb_date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void wb_date_to_ymd(wb_date day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int wb_date_weekday(wb_date day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (int)(((int64_t)day + 3) % 7);
	return w < 0 ? w + 7 : w;
}

static int days_in_month(int y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int parse_ymd(const char *s, int *y, int *m, int *d)
{
	if (digits(s, 4, y) || s[4] != '-' || digits(s + 5, 2, m) || s[7] != '-' ||
	    digits(s + 8, 2, d))
		return WB_ERR_INVALID;
	if (*y < 1900 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
		return WB_ERR_INVALID;
	return 0;
}

int wb_date_parse(const char *s, wb_date *out)
{
	int y, m, d;
	if (s == NULL || strlen(s) != 10 || parse_ymd(s, &y, &m, &d))
		return WB_ERR_INVALID;
	*out = wb_date_from_ymd(y, m, d);
	return 0;
}

void wb_date_format(wb_date day, char out[11])
{
	int y, m, d;
	wb_date_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		memcpy(out, "0000-00-00", 11);
		return;
	}
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

wb_date wb_date_of_time(int64_t t, int tz_min)
{
	return (wb_date)floor_div(t + (int64_t)tz_min * 60, 86400);
}

void wb_time_format(int64_t t, int tz_min, char out[32])
{
	int64_t local = t + (int64_t)tz_min * 60;
	wb_date day = (wb_date)floor_div(local, 86400);
	int64_t sec = local - (int64_t)day * 86400;
	char date[11];
	wb_date_format(day, date);
	int off = tz_min < 0 ? -tz_min : tz_min;
	int hh = (int)(sec / 3600), mm = (int)(sec / 60 % 60), ss = (int)(sec % 60);
	/* Fixed-width fields, so the length is known: 19 + 6 characters. */
	memcpy(out, date, 10);
	out[10] = 'T';
	out[11] = (char)('0' + hh / 10);
	out[12] = (char)('0' + hh % 10);
	out[13] = ':';
	out[14] = (char)('0' + mm / 10);
	out[15] = (char)('0' + mm % 10);
	out[16] = ':';
	out[17] = (char)('0' + ss / 10);
	out[18] = (char)('0' + ss % 10);
	out[19] = tz_min < 0 ? '-' : '+';
	out[20] = (char)('0' + off / 600 % 10);
	out[21] = (char)('0' + off / 60 % 10);
	out[22] = ':';
	out[23] = (char)('0' + off % 60 / 10);
	out[24] = (char)('0' + off % 10);
	out[25] = '\0';
}

int wb_time_parse(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, se;
	if (s == NULL || strlen(s) < 20 || strlen(s) > 40)
		return WB_ERR_INVALID;
	if (parse_ymd(s, &y, &mo, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
		return WB_ERR_INVALID;
	if (digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' ||
	    digits(s + 17, 2, &se))
		return WB_ERR_INVALID;
	if (h > 23 || mi > 59 || se > 60)
		return WB_ERR_INVALID;
	if (se == 60)
		se = 59;
	const char *p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return WB_ERR_INVALID;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	int off = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) || oh > 23 ||
		    om > 59)
			return WB_ERR_INVALID;
		off = (oh * 60 + om) * (*p == '-' ? -1 : 1);
		p += 6;
	} else {
		return WB_ERR_INVALID;
	}
	if (*p != '\0')
		return WB_ERR_INVALID;
	int64_t days = wb_date_from_ymd(y, mo, d);
	*out = days * 86400 + h * 3600 + mi * 60 + se - (int64_t)off * 60;
	return 0;
}

static int cmp_date(const void *a, const void *b)
{
	wb_date x = *(const wb_date *)a, y = *(const wb_date *)b;
	return (x > y) - (x < y);
}

static int contains(const wb_date *v, size_t n, wb_date day)
{
	return n && bsearch(&day, v, n, sizeof *v, cmp_date) != NULL;
}

int wb_is_workday(const struct wb_calendar *cal, wb_date day)
{
	int weekend = wb_date_weekday(day) >= 5;
	if (cal == NULL)
		return !weekend;
	if (weekend)
		return contains(cal->workdays, cal->nworkdays, day);
	return !contains(cal->holidays, cal->nholidays, day);
}

wb_date wb_workday_add(const struct wb_calendar *cal, wb_date start, int n)
{
	wb_date day = start;
	while (n > 0) {
		day++;
		if (wb_is_workday(cal, day))
			n--;
	}
	return day;
}

int wb_workdays_between(const struct wb_calendar *cal, wb_date from, wb_date to)
{
	int n = 0;
	for (wb_date day = from + 1; day <= to; day++)
		n += wb_is_workday(cal, day) != 0;
	return n;
}

int wb_workdays_left(const struct wb_calendar *cal, wb_date today, wb_date due)
{
	return due >= today ? wb_workdays_between(cal, today, due)
			    : -wb_workdays_between(cal, due, today);
}
