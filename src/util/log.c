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
	int n = snprintf(line, sizeof line, "%04d-%02d-%02dT%02d:%02d:%02dZ %s: ", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, names[level]);
	va_list ap;
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof line)
		vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", line);
}

const char *wb_err_name(int e)
{
	switch (e) {
	case WB_OK: return "ok";
	case WB_ERR_INVALID: return "invalid input";
	case WB_ERR_NOT_FOUND: return "not found";
	case WB_ERR_STATE: return "not allowed in this state";
	case WB_ERR_FORBIDDEN: return "forbidden";
	case WB_ERR_AUTH: return "not authenticated";
	case WB_ERR_TOO_LARGE: return "too large";
	case WB_ERR_RATE: return "rate limited";
	case WB_ERR_CONFLICT: return "conflict";
	case WB_ERR_DB: return "storage error";
	case WB_ERR_BUSY: return "storage busy";
	case WB_ERR_IO: return "i/o error";
	case WB_ERR_UNSUPPORTED: return "not supported by this storage engine";
	default: return "internal error";
	}
}
