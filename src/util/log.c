#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "err.h"

static enum wb_log_level max_level = WB_LOG_INFO;

void wb_log_set_level(enum wb_log_level level)
{
	max_level = level;
}

void wb_log(enum wb_log_level level, const char *fmt, ...)
{
	static const char *names[] = {"error", "warn", "info", "debug"};
	if (level > max_level)
		return;
	char line[2048];
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	int n = snprintf(line, sizeof line,
			 "%04d-%02d-%02dT%02d:%02d:%02dZ %s: ", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, names[level]);
	va_list ap;
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof line)
		vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", line);
}

#define ERR_ROW(e, v, name, status, title, code) {v, name, status, title, code},
static const struct {
	int code;
	const char *name;
	unsigned status;
	const char *title;
	const char *api_code;
} errors[] = {WB_ERRORS(ERR_ROW)};
#undef ERR_ROW

const char *wb_err_name(int e)
{
	for (size_t i = 0; i < sizeof errors / sizeof *errors; i++)
		if (errors[i].code == e)
			return errors[i].name;
	return "internal error";
}

unsigned wb_err_status(int e)
{
	for (size_t i = 0; i < sizeof errors / sizeof *errors; i++)
		if (errors[i].code == e)
			return errors[i].status;
	return 500;
}

const char *wb_err_title(unsigned status)
{
	for (size_t i = 0; i < sizeof errors / sizeof *errors; i++)
		if (errors[i].status == status)
			return errors[i].title;
	return "Error";
}

const char *wb_err_code(unsigned status)
{
	for (size_t i = 0; i < sizeof errors / sizeof *errors; i++)
		if (errors[i].status == status)
			return errors[i].api_code;
	return status >= 500 ? "server_error" : "invalid";
}
