#include "csv.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct wb_csv {
	struct csv_parser p;
	wb_csv_row_fn fn;
	void *ctx;
	char **field; /* the fields of the row being read, each from malloc() */
	size_t n, cap;
	size_t line;  /* the line being fed */
	size_t start; /* the line the row being read starts on */
	int started;  /* a byte has been seen: a BOM is only looked for before */
	int stop;     /* the callback's non-zero value, or -1 for an error of the reader */
	int nul;      /* a field of the row being read holds a NUL byte */
	char err[96];
};

static void on_field(void *s, size_t len, void *data)
{
	struct wb_csv *r = data;
	if (r->stop)
		return;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		char **f = realloc(r->field, cap * sizeof *f);
		if (f == NULL) {
			r->stop = -1;
			return;
		}
		r->field = f;
		r->cap = cap;
	}
	char *v = malloc(len + 1);
	if (v == NULL) {
		r->stop = -1;
		return;
	}
	if (len)
		memcpy(v, s, len);
	v[len] = '\0';
	if (memchr(v, '\0', len))
		r->nul = 1; /* it would end the text early: refused, not cut */
	r->field[r->n++] = v;
}

static void clear_row(struct wb_csv *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->field[i]);
	r->n = 0;
}

static void on_row(int term, void *data)
{
	(void)term;
	struct wb_csv *r = data;
	if (!r->stop && r->nul) {
		snprintf(r->err, sizeof r->err, "%zu: a NUL byte in a field", r->start);
		r->stop = -1;
	}
	if (!r->stop)
		r->stop = r->fn(r->ctx, r->start, r->n, r->field);
	r->nul = 0;
	clear_row(r);
}

struct wb_csv *wb_csv_new(wb_csv_row_fn fn, void *ctx)
{
	struct wb_csv *r = calloc(1, sizeof *r);
	if (r == NULL)
		return NULL;
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		free(r);
		return NULL;
	}
	r->fn = fn;
	r->ctx = ctx;
	r->line = 1;
	return r;
}

static int failed(struct wb_csv *r, int at_end)
{
	if (r->stop == -1 && r->err[0] == '\0')
		snprintf(r->err, sizeof r->err, "%zu: out of memory", r->line);
	else if (r->stop == 0 && at_end)
		snprintf(r->err, sizeof r->err, "%zu: malformed CSV (a quote is never closed)",
			 r->start);
	else if (r->stop == 0)
		snprintf(r->err, sizeof r->err, "%zu: malformed CSV (a quote out of place)",
			 r->line);
	return r->stop ? r->stop : -1;
}

/* Parse @p n bytes holding no line end but perhaps a last one. */
static int parse(struct wb_csv *r, const char *p, size_t n)
{
	/* libcsv's state 0: no row begun, so this line starts one (or is blank). */
	if (r->p.pstate == 0)
		r->start = r->line;
	if (csv_parse(&r->p, p, n, on_field, on_row, r) != n || r->stop)
		return failed(r, 0);
	return 0;
}

int wb_csv_feed(struct wb_csv *r, const char *p, size_t n)
{
	if (!r->started && n) {
		static const char bom[] = "\xEF\xBB\xBF";
		if (n >= 3 && memcmp(p, bom, 3) == 0) {
			p += 3;
			n -= 3;
		}
		r->started = 1;
	}
	while (n) {
		const char *nl = memchr(p, '\n', n);
		size_t k = nl ? (size_t)(nl - p) + 1 : n;
		int rc = parse(r, p, k);
		if (rc)
			return rc;
		if (nl)
			r->line++;
		p += k;
		n -= k;
	}
	return 0;
}

int wb_csv_finish(struct wb_csv *r)
{
	if (csv_fini(&r->p, on_field, on_row, r) != 0 || r->stop)
		return failed(r, 1);
	return 0;
}

const char *wb_csv_error(const struct wb_csv *r)
{
	return r->err;
}

size_t wb_csv_line(const struct wb_csv *r)
{
	return r->line;
}

void wb_csv_free(struct wb_csv *r)
{
	if (r == NULL)
		return;
	clear_row(r);
	free(r->field);
	csv_free(&r->p);
	free(r);
}

/* @return whether @p f, spaces around it ignored, is @p name */
static int same_name(const char *f, const char *name)
{
	while (*f == ' ' || *f == '\t')
		f++;
	size_t n = strlen(name);
	if (strncmp(f, name, n) != 0)
		return 0;
	for (f += n; *f; f++)
		if (*f != ' ' && *f != '\t' && *f != '\r')
			return 0;
	return 1;
}

const char *wb_csv_columns(size_t n, char *const *field, const char *const *names, int *idx)
{
	for (size_t k = 0; names[k]; k++) {
		idx[k] = -1;
		for (size_t i = 0; i < n; i++) {
			if (!same_name(field[i], names[k]))
				continue;
			if (idx[k] >= 0)
				return names[k];
			idx[k] = (int)i;
		}
	}
	return NULL;
}
