/* Replies: JSON bodies and RFC 9457 problem details from one table of statuses. */
#include "http.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/err.h"
#include "../util/log.h"
#include "../export/table.h"

/* The text jansson makes becomes the response body as it is: no copy. */
static void set_body(struct req *r, unsigned status, const char *type, json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(12));
	json_decref(j);
	buf_reset(&r->out);
	if (text)
		buf_attach(&r->out, text, strlen(text));
	r->status = status;
	r->content_type = type;
}

void reply_json(struct req *r, unsigned status, json_t *j)
{
	set_body(r, status, "application/json", j);
}

void reply_empty(struct req *r, unsigned status)
{
	buf_reset(&r->out);
	r->status = status;
	r->content_type = NULL;
}

void reply_problem(struct req *r, unsigned status, const char *detail)
{
	reply_problem_with(r, status, detail, NULL);
}

/*
 * The stable code of a field error, which a client translates (its words and numbers, min
 * and max, where the message has them), from the message the services wrote: one
 * classification for every message, so that a new message still carries a code.
 */
static json_t *field_error(const char *field, const char *msg)
{
	const char *code = "invalid";
	long lo = 0, hi = 0;
	int has_lo = 0, has_hi = 0, n = 0;
	if (strncmp(msg, "is required", 11) == 0 || strcmp(msg, "must not be null") == 0 ||
	    strcmp(msg, "must not be empty") == 0)
		code = "required";
	else if (sscanf(msg, "must have at least %ld characters%n", &lo, &n) == 1 && n)
		code = "too_short", has_lo = 1;
	else if (sscanf(msg, "must have at most %ld characters%n", &hi, &n) == 1 && n)
		code = "too_long", has_hi = 1;
	else if (sscanf(msg, "must have %ld to %ld characters%n", &lo, &hi, &n) == 2 && n)
		code = "length", has_lo = has_hi = 1;
	else if ((sscanf(msg, "must be from %ld to %ld%n", &lo, &hi, &n) == 2 && n) ||
		 (sscanf(msg, "must be %ld to %ld working days%n", &lo, &hi, &n) == 2 && n) ||
		 (sscanf(msg, "must be a per cent from %ld to %ld%n", &lo, &hi, &n) == 2 && n) ||
		 (sscanf(msg, "must list %ld to %ld%n", &lo, &hi, &n) == 2 && n) ||
		 (sscanf(msg, "must be a year from %ld to %ld%n", &lo, &hi, &n) == 2 && n) ||
		 (sscanf(msg, "must be in the years %ld to %ld%n", &lo, &hi, &n) == 2 && n) ||
		 (sscanf(msg, "must be %ld to %ld%n", &lo, &hi, &n) == 2 && n && msg[n] == '\0'))
		code = "out_of_range", has_lo = has_hi = 1;
	else if (strncmp(msg, "is not a field", 14) == 0 ||
		 strcmp(msg, "is not a known member") == 0)
		code = "unknown_field";
	else if (strncmp(msg, "is not one of the allowed values", 32) == 0 ||
		 strncmp(msg, "is not a known", 14) == 0 ||
		 (strncmp(msg, "must be ", 8) == 0 && strstr(msg, " or ") && !strchr(msg, '\'') &&
		  !strstr(msg, "digits")))
		code = "not_allowed";
	else if (strncmp(msg, "must be a date", 14) == 0 ||
		 strncmp(msg, "must be an RFC", 14) == 0 ||
		 strncmp(msg, "must be an integer", 18) == 0 ||
		 strncmp(msg, "must be a positive integer", 26) == 0 ||
		 strncmp(msg, "must be a string", 16) == 0 ||
		 strncmp(msg, "must be an object", 17) == 0 ||
		 strncmp(msg, "must be an array", 16) == 0 ||
		 strncmp(msg, "must be true or", 15) == 0 ||
		 strncmp(msg, "must be UTF-8", 13) == 0 ||
		 strncmp(msg, "must not contain", 16) == 0 ||
		 strncmp(msg, "must be YYYY", 12) == 0 || strstr(msg, "digits") ||
		 strncmp(msg, "must be one line", 16) == 0)
		code = "bad_format";
	json_t *e = json_pack("{s:s, s:s, s:s}", "field", field, "code", code, "message", msg);
	if (has_lo)
		json_object_set_new(e, "min", json_integer(lo));
	if (has_hi)
		json_object_set_new(e, "max", json_integer(hi));
	return e;
}

void reply_problem_with(struct req *r, unsigned status, const char *detail, json_t *extra)
{
	const char *title = wb_err_title(status);
	json_t *j = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title", title,
			      "status", (int)status, "code", wb_err_code(status));
	const struct svc_errs *e = &r->svc.errs;
	if (detail == NULL && e->n)
		detail = e->n == 1 ? arena_printf(&r->a, "%s %s", e->v[0].field, e->v[0].message)
				   : "several fields are invalid";
	json_object_set_new(j, "detail", json_string(detail ? detail : title));
	if (e->n) {
		json_t *arr = json_array();
		for (int i = 0; i < e->n; i++)
			json_array_append_new(arr, field_error(e->v[i].field, e->v[i].message));
		json_object_set_new(j, "errors", arr);
	}
	if (extra)
		json_object_update(j, extra);
	json_decref(extra);
	set_body(r, status, "application/problem+json", j);
}

int reply_if_invalid(struct req *r)
{
	if (r->svc.errs.n == 0)
		return 0;
	reply_problem(r, 400, NULL);
	return 1;
}

void reply_err(struct req *r, int err)
{
	unsigned status = wb_err_status(err);
	const char *detail = r->svc.errs.detail;
	if (status >= 500) {
		wb_log(WB_LOG_ERR, "%s %s failed: %s", r->method, r->path, wb_err_name(err));
		detail = status == 503 ? "the database is busy; try again"
				       : "the server failed; it is logged";
		r->svc.errs.n = 0;
		if (status == 503)
			r->retry_after = "1";
	} else if (status == 404 && detail == NULL) {
		detail = "no such record, or not yours to see";
	}
	reply_problem(r, status, detail);
}

/* RFC 5987: the UTF-8 file name percent-encoded for filename*=. */
static char *encode_filename(struct req *r, const char *name)
{
	struct buf b = BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			buf_addc(&b, (char)*p);
		else
			buf_addf(&b, "%%%02X", *p);
	}
	char *s = arena_strdup(&r->a, b.ptr);
	buf_release(&b);
	return s;
}

static void reply_file(struct req *r, int fd, const char *mime, const char *filename)
{
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		close(fd);
		reply_err(r, WB_ERR_IO);
		return;
	}
	r->file_fd = fd;
	r->file_size = (uint64_t)sb.st_size;
	r->status = 200;
	r->content_type = mime;
	const char *dot = strrchr(filename, '.');
	r->disposition =
		arena_printf(&r->a, "attachment; filename=\"export%s\"; filename*=UTF-8''%s",
			     dot ? dot : "", encode_filename(r, filename));
}

void reply_table(struct req *r, int format, const char *title, int several_sheets,
		 int (*fill)(struct table *t, void *arg), void *arg, const char *filename)
{
	const char *dir = getenv("TMPDIR");
	char *path = arena_printf(&r->a, "%s/wubiao-export-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		reply_err(r, WB_ERR_IO);
		return;
	}
	close(fd);
	struct table *t;
	int rc = table_open(&t, (enum table_format)format, path, title, several_sheets, r->svc.now);
	if (rc == 0) {
		rc = fill(t, arg);
		int crc = table_close(t);
		if (rc >= 0 && crc < 0)
			rc = crc;
	}
	/* The file is read through the descriptor after it is unlinked: nothing stays behind. */
	fd = rc >= 0 ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	unlink(path);
	if (rc < 0 || fd < 0) {
		reply_err(r, rc < 0 ? rc : WB_ERR_IO);
		return;
	}
	reply_file(r, fd, table_mime((enum table_format)format), filename);
	if (format == TABLE_JSON)
		r->disposition = NULL; /* JSON is an API answer, not a download */
}
