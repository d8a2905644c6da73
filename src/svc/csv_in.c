#include "csv_in.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "../util/csv.h"

void csvin_err(struct csvin_errs *e, size_t line, const char *fmt, ...)
{
	if (e->n == CSVIN_MAX_ERRS) {
		e->more++;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->v[e->n].msg, sizeof e->v[e->n].msg, fmt, ap);
	va_end(ap);
	e->v[e->n++].line = line;
}

void *csvin_grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 256;
	return xreallocarray(v, *cap, size);
}

const char *csvin_col(const struct csvin *r, int k, char *const *f, size_t n)
{
	int i = r->idx[k];
	return i >= 0 && (size_t)i < n ? f[i] : "";
}

int csvin_has(const struct csvin *r, int k)
{
	return r->idx[k] >= 0;
}

static int on_row(void *ctx, size_t line, size_t n, char *const *f)
{
	struct csvin *r = ctx;
	if (!r->header_done) {
		r->header_done = 1;
		const char *twice = wb_csv_columns(n, f, r->cols, r->idx);
		if (twice)
			csvin_err(r->e, line, "the column %s appears twice in the header", twice);
		for (int k = 0; r->cols[k]; k++)
			if ((r->required >> k & 1) && r->idx[k] < 0)
				csvin_err(r->e, line, "the header has no column %s", r->cols[k]);
		return r->e->n ? 1 : 0;
	}
	if (n == 1 && f[0][0] == '\0')
		return 0; /* a blank line */
	for (size_t i = 0; i < n; i++) {
		if (wb_text_chars(f[i], strlen(f[i])) < 0) {
			csvin_err(r->e, line, "not UTF-8 text, or a control character");
			return 0;
		}
	}
	r->row(r, line, f, n);
	return 0;
}

int csvin_read(struct csvin *r, const char *data, size_t len)
{
	memset(r->idx, -1, sizeof r->idx);
	struct wb_csv *c = wb_csv_new(on_row, r);
	if (c == NULL) {
		csvin_err(r->e, 0, "out of memory");
		return -1;
	}
	int rc = wb_csv_feed(c, data, len);
	if (rc == 0)
		rc = wb_csv_finish(c);
	if (rc == -1) {
		size_t line = (size_t)strtoul(wb_csv_error(c), NULL, 10);
		csvin_err(r->e, line, "%s", strchr(wb_csv_error(c), ' ') + 1);
	}
	wb_csv_free(c);
	if (!r->header_done)
		csvin_err(r->e, 1, "the file is empty: a header row is needed");
	return r->e->n ? -1 : 0;
}

const char *csvin_text(struct csvin *r, size_t line, const char *name, const char *v, int required)
{
	if (required && v[0] == '\0') {
		csvin_err(r->e, line, "%s is empty", name);
		return NULL;
	}
	if (strlen(v) > CSVIN_FIELD_MAX) {
		csvin_err(r->e, line, "%s is longer than %d bytes", name, CSVIN_FIELD_MAX);
		return NULL;
	}
	return arena_strdup(r->a, v);
}
