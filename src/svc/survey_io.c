#include "survey_io.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/enums.h"
#include "../core/text.h"

/* ---- frames ---- */

enum { F_UNIT, F_ID, F_STRATUM, F_NAME, F_PHONE };
static const char *const frame_cols[] = {"unit_code", "respondent_id", "stratum",
					 "name",      "phone",         NULL};

struct frame_build {
	struct sio_person *p;
	size_t n, cap;
};

static void frame_row(struct csvin *r, size_t line, char *const *f, size_t n)
{
	struct frame_build *b = r->out;
	struct sio_person p = {.line = line};
	p.unit = csvin_text(r, line, "unit_code", csvin_col(r, F_UNIT, f, n), 1);
	p.id = csvin_text(r, line, "respondent_id", csvin_col(r, F_ID, f, n), 1);
	p.stratum = csvin_text(r, line, "stratum", csvin_col(r, F_STRATUM, f, n), 0);
	if (csvin_has(r, F_NAME))
		p.name = csvin_text(r, line, "name", csvin_col(r, F_NAME, f, n), 0);
	if (csvin_has(r, F_PHONE))
		p.phone = csvin_text(r, line, "phone", csvin_col(r, F_PHONE, f, n), 0);
	if (!p.unit || !p.id || !p.stratum || (csvin_has(r, F_NAME) && !p.name) ||
	    (csvin_has(r, F_PHONE) && !p.phone))
		return;
	b->p = csvin_grow(b->p, b->n, &b->cap, sizeof *b->p);
	b->p[b->n++] = p;
}

static int by_id(const void *a, const void *b)
{
	const struct sio_person *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int by_unit_id(const void *a, const void *b)
{
	const struct sio_person *x = a, *y = b;
	int c = strcmp(x->unit, y->unit);
	return c ? c : strcmp(x->id, y->id);
}

int sio_frame_read(const char *data, size_t len, struct arena *a, struct sio_frame *f,
		   struct csvin_errs *e)
{
	memset(f, 0, sizeof *f);
	memset(e, 0, sizeof *e);
	struct frame_build b = {0};
	struct csvin r = {.cols = frame_cols,
			  .required = 1u << F_UNIT | 1u << F_ID,
			  .e = e,
			  .a = a,
			  .row = frame_row,
			  .out = &b};
	if (csvin_read(&r, data, len) == 0 && b.n == 0)
		csvin_err(e, 0, "the frame holds nobody");
	if (e->n == 0) {
		qsort(b.p, b.n, sizeof *b.p, by_id); /* b.n > 0: an empty frame is refused */
		for (size_t i = 1; i < b.n; i++)
			if (strcmp(b.p[i].id, b.p[i - 1].id) == 0)
				csvin_err(e, b.p[i].line,
					  "respondent_id %s appears twice (also on line %zu)",
					  b.p[i].id, b.p[i - 1].line);
	}
	if (e->n) {
		free(b.p);
		return -1;
	}
	qsort(b.p, b.n, sizeof *b.p, by_unit_id);
	f->p = b.p;
	f->n = b.n;
	f->has_stratum = csvin_has(&r, F_STRATUM);
	f->has_name = csvin_has(&r, F_NAME);
	f->has_phone = csvin_has(&r, F_PHONE);
	for (size_t i = 0; i < b.n; i++)
		if (i == 0 || strcmp(b.p[i].unit, b.p[i - 1].unit) != 0)
			f->nu++;
	f->u = xcalloc(f->nu, sizeof *f->u);
	for (size_t i = 0, k = 0; i < b.n; i++) {
		if (i > 0 && strcmp(b.p[i].unit, b.p[i - 1].unit) != 0)
			k++;
		if (f->u[k].n++ == 0) {
			f->u[k].code = b.p[i].unit;
			f->u[k].first = i;
		}
	}
	return 0;
}

void sio_frame_free(struct sio_frame *f)
{
	free(f->p);
	free(f->u);
	memset(f, 0, sizeof *f);
}

long sio_frame_unit(const struct sio_frame *f, const char *code)
{
	size_t lo = 0, hi = f->nu;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(f->u[mid].code, code);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* @return the person @p id of unit @p u in @p f, or NULL */
static const struct sio_person *frame_person(const struct sio_frame *f, long u, const char *id)
{
	size_t lo = f->u[u].first, hi = lo + f->u[u].n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(f->p[mid].id, id);
		if (c == 0)
			return &f->p[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- designs ---- */

void sio_design_make(const struct sio_frame *f, const struct wb_design *d, struct sio_design *out)
{
	out->n = f->nu;
	out->v = xcalloc(f->nu ? f->nu : 1, sizeof *out->v);
	for (size_t i = 0; i < f->nu; i++) {
		int64_t N = (int64_t)f->u[i].n;
		out->v[i] = (struct sio_design_row){f->u[i].code, N, wb_design_n(d, N), 0};
	}
}

enum { D_UNIT, D_BIG_N, D_N };
static const char *const design_cols[] = {"unit_code", "N", "n", NULL};

struct design_build {
	struct sio_design_row *v;
	size_t n, cap;
};

static int whole(const char *s, int64_t *v)
{
	char *end;
	long long x = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || x < 0 || x > 1000000000)
		return -1;
	*v = x;
	return 0;
}

static void design_row(struct csvin *r, size_t line, char *const *f, size_t n)
{
	struct design_build *b = r->out;
	struct sio_design_row d = {.line = line};
	d.unit = csvin_text(r, line, "unit_code", csvin_col(r, D_UNIT, f, n), 1);
	if (whole(csvin_col(r, D_BIG_N, f, n), &d.N) < 0) {
		csvin_err(r->e, line, "N must be a whole number, not '%s'",
			  csvin_col(r, D_BIG_N, f, n));
		return;
	}
	if (whole(csvin_col(r, D_N, f, n), &d.n) < 0) {
		csvin_err(r->e, line, "n must be a whole number, not '%s'",
			  csvin_col(r, D_N, f, n));
		return;
	}
	if (d.n > d.N) {
		csvin_err(r->e, line, "n (%lld) is larger than N (%lld)", (long long)d.n,
			  (long long)d.N);
		return;
	}
	if (d.unit == NULL)
		return;
	b->v = csvin_grow(b->v, b->n, &b->cap, sizeof *b->v);
	b->v[b->n++] = d;
}

static int design_by_unit(const void *a, const void *b)
{
	const struct sio_design_row *x = a, *y = b;
	int c = strcmp(x->unit, y->unit);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

int sio_design_read(const char *data, size_t len, struct arena *a, struct sio_design *out,
		    struct csvin_errs *e)
{
	memset(out, 0, sizeof *out);
	memset(e, 0, sizeof *e);
	struct design_build b = {0};
	struct csvin r = {
		.cols = design_cols, .required = 7, .e = e, .a = a, .row = design_row, .out = &b};
	csvin_read(&r, data, len);
	if (e->n == 0 && b.n) {
		qsort(b.v, b.n, sizeof *b.v, design_by_unit);
		for (size_t i = 1; i < b.n; i++)
			if (strcmp(b.v[i].unit, b.v[i - 1].unit) == 0)
				csvin_err(e, b.v[i].line,
					  "unit %s appears twice (also on line %zu)", b.v[i].unit,
					  b.v[i - 1].line);
	}
	if (e->n) {
		free(b.v);
		return -1;
	}
	out->v = b.v;
	out->n = b.n;
	return 0;
}

void sio_design_free(struct sio_design *d)
{
	free(d->v);
	memset(d, 0, sizeof *d);
}

void sio_field(struct buf *b, const char *s)
{
	/* quoted when it holds what ends a field, or spaces at its ends (which a reader
	 * trims from an unquoted field) */
	size_t n = strlen(s);
	int edge = n && (strchr(" \t", s[0]) || strchr(" \t", s[n - 1]));
	if (!edge && strpbrk(s, ",\"\r\n") == NULL) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

void sio_design_write(const struct sio_design *d, struct buf *out)
{
	buf_adds(out, "unit_code,N,n\n");
	for (size_t i = 0; i < d->n; i++) {
		sio_field(out, d->v[i].unit);
		buf_addf(out, ",%lld,%lld\n", (long long)d->v[i].N, (long long)d->v[i].n);
	}
}

/* ---- the draw ---- */

int sio_draw(const struct sio_frame *f, const struct sio_design *d, const unsigned char *seed,
	     size_t seedlen, struct buf *out, struct csvin_errs *e)
{
	memset(e, 0, sizeof *e);
	/* Both lists are sorted by unit: walk them together. */
	size_t i = 0, k = 0;
	while (i < f->nu || k < d->n) {
		int c = i == f->nu ? 1 : k == d->n ? -1 : strcmp(f->u[i].code, d->v[k].unit);
		if (c < 0) {
			csvin_err(e, 0, "unit %s of the frame is not in the design", f->u[i].code);
			i++;
		} else if (c > 0) {
			csvin_err(e, d->v[k].line, "unit %s is not in the frame", d->v[k].unit);
			k++;
		} else {
			if ((int64_t)f->u[i].n != d->v[k].N)
				csvin_err(e, d->v[k].line,
					  "unit %s has N %lld, but the frame holds %zu people: the "
					  "design was not made from this frame",
					  d->v[k].unit, (long long)d->v[k].N, f->u[i].n);
			i++;
			k++;
		}
	}
	if (e->n)
		return -1;
	buf_adds(out, "unit_code,respondent_id\n");
	size_t most = 0;
	for (i = 0; i < f->nu; i++)
		most = f->u[i].n > most ? f->u[i].n : most;
	const char **ids = xcalloc(most ? most : 1, sizeof *ids);
	size_t *order = xcalloc(most ? most : 1, sizeof *order);
	for (i = 0; i < f->nu; i++) {
		const struct sio_unit *u = &f->u[i];
		for (size_t j = 0; j < u->n; j++)
			ids[j] = f->p[u->first + j].id;
		if (wb_draw_order(seed, seedlen, u->code, ids, u->n, order) < 0)
			abort(); /* out of memory */
		for (int64_t j = 0; j < d->v[i].n; j++) {
			sio_field(out, u->code);
			buf_addc(out, ',');
			sio_field(out, ids[order[j]]);
			buf_addc(out, '\n');
		}
	}
	free(ids);
	free(order);
	return 0;
}

/* ---- responses and estimates ---- */

enum { R_UNIT, R_ID, R_STRATUM, R_DIM, R_ANSWER };
static const char *const answer_cols[] = {"unit_code", "respondent_id", "stratum",
					  "dimension", "answer",        NULL};

struct answers_build {
	struct sio_answer *v;
	size_t n, cap;
};

/* @return the value of @p e whose API name or Chinese label is @p s, or -1 */
static int name_or_label(const struct wb_enum *e, const char *s)
{
	int v = wb_enum_parse(e, s);
	for (int i = 0; v < 0 && i < e->n; i++)
		if (strcmp(e->labels[i], s) == 0)
			v = i;
	return v;
}

static void answer_row(struct csvin *r, size_t line, char *const *f, size_t n)
{
	struct answers_build *b = r->out;
	struct sio_answer x = {.line = line};
	x.unit = csvin_text(r, line, "unit_code", csvin_col(r, R_UNIT, f, n), 1);
	x.id = csvin_text(r, line, "respondent_id", csvin_col(r, R_ID, f, n), 1);
	x.stratum = csvin_text(r, line, "stratum", csvin_col(r, R_STRATUM, f, n), 0);
	int dim = name_or_label(&wb_dimensions, csvin_col(r, R_DIM, f, n));
	int ans = name_or_label(&wb_ratings, csvin_col(r, R_ANSWER, f, n));
	if (dim < 0)
		csvin_err(r->e, line,
			  "dimension must be conduct, efficiency, 行风 or 效能, not '%.40s'",
			  csvin_col(r, R_DIM, f, n));
	if (ans < 0)
		csvin_err(r->e, line,
			  "answer must be satisfied, basically_satisfied, unsatisfied, unaware or "
			  "满意, 基本满意, 不满意, 不了解, not '%.40s'",
			  csvin_col(r, R_ANSWER, f, n));
	if (!x.unit || !x.id || !x.stratum || dim < 0 || ans < 0)
		return;
	x.dim = (enum wb_dimension)dim;
	x.answer = (enum wb_rating)ans;
	b->v = csvin_grow(b->v, b->n, &b->cap, sizeof *b->v);
	b->v[b->n++] = x;
}

static int answer_order(const void *a, const void *b)
{
	const struct sio_answer *x = a, *y = b;
	int c = strcmp(x->unit, y->unit);
	if (c == 0)
		c = (int)x->dim - (int)y->dim;
	if (c == 0)
		c = strcmp(x->id, y->id);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

int sio_answers_read(const char *data, size_t len, struct arena *a, struct sio_answers *out,
		     struct csvin_errs *e)
{
	memset(out, 0, sizeof *out);
	memset(e, 0, sizeof *e);
	struct answers_build b = {0};
	struct csvin r = {.cols = answer_cols,
			  .required = 1u << R_UNIT | 1u << R_ID | 1u << R_DIM | 1u << R_ANSWER,
			  .e = e,
			  .a = a,
			  .row = answer_row,
			  .out = &b};
	csvin_read(&r, data, len);
	if (e->n == 0 && b.n) {
		qsort(b.v, b.n, sizeof *b.v, answer_order);
		for (size_t i = 1; i < b.n; i++)
			if (strcmp(b.v[i].unit, b.v[i - 1].unit) == 0 &&
			    b.v[i].dim == b.v[i - 1].dim && strcmp(b.v[i].id, b.v[i - 1].id) == 0)
				csvin_err(
					e, b.v[i].line,
					"respondent %s of unit %s answered %s twice (also on line "
					"%zu)",
					b.v[i].id, b.v[i].unit,
					wb_enum_name(&wb_dimensions, b.v[i].dim), b.v[i - 1].line);
	}
	if (e->n) {
		free(b.v);
		return -1;
	}
	out->v = b.v;
	out->n = b.n;
	return 0;
}

void sio_answers_free(struct sio_answers *r)
{
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* The strata of unit @p u of a frame, sorted, with their sizes. */
struct strata {
	const char **name;
	struct wb_stratum *s;
	size_t n;
};

static int by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void strata_of(const struct sio_frame *f, long u, struct strata *out)
{
	size_t n = f->u[u].n;
	const char **all = xcalloc(n, sizeof *all);
	for (size_t i = 0; i < n; i++)
		all[i] = f->p[f->u[u].first + i].stratum;
	qsort(all, n, sizeof *all, by_str);
	out->name = xcalloc(n, sizeof *out->name);
	out->s = xcalloc(n, sizeof *out->s);
	out->n = 0;
	for (size_t i = 0; i < n; i++) {
		if (out->n == 0 || strcmp(out->name[out->n - 1], all[i]) != 0)
			out->name[out->n++] = all[i];
		out->s[out->n - 1].N++;
	}
	free(all);
}

static void strata_free(struct strata *s)
{
	free(s->name);
	free(s->s);
	memset(s, 0, sizeof *s);
}

static void fixed(struct buf *b, int defined, int places, double v)
{
	buf_addc(b, ',');
	if (defined)
		buf_addf(b, "%.*f", places, v + 0.0);
}

int sio_estimate(struct sio_answers *r, const struct sio_frame *f, const struct wb_scale *s,
		 double z, struct buf *out, struct csvin_errs *e)
{
	memset(e, 0, sizeof *e);
	/* With a frame, each answer's stratum is the frame's. */
	for (size_t i = 0; f && i < r->n; i++) {
		struct sio_answer *x = &r->v[i];
		long u = sio_frame_unit(f, x->unit);
		const struct sio_person *p = u < 0 ? NULL : frame_person(f, u, x->id);
		if (p == NULL) {
			csvin_err(e, x->line, "respondent %s of unit %s is not in the frame", x->id,
				  x->unit);
			continue;
		}
		if (x->stratum[0] && strcmp(x->stratum, p->stratum) != 0)
			csvin_err(e, x->line, "stratum %s differs from the frame's (%s)",
				  x->stratum, p->stratum);
		x->stratum = p->stratum;
	}
	if (e->n)
		return -1;
	buf_adds(out, "unit_code,dimension,n,n_unaware,n_valid,rate,low,high,score,"
		      "rate_weighted,low_weighted,high_weighted\n");
	for (size_t i = 0; i < r->n;) {
		size_t j = i;
		while (j < r->n && strcmp(r->v[j].unit, r->v[i].unit) == 0 &&
		       r->v[j].dim == r->v[i].dim)
			j++;
		struct wb_answer_counts all = {0};
		struct strata st = {0};
		long u = f ? sio_frame_unit(f, r->v[i].unit) : -1;
		if (u >= 0)
			strata_of(f, u, &st);
		for (size_t k = i; k < j; k++) {
			all.n[r->v[k].answer]++;
			if (st.n == 0)
				continue;
			const char **h =
				bsearch(&r->v[k].stratum, st.name, st.n, sizeof *st.name, by_str);
			st.s[h - st.name].a.n[r->v[k].answer]++;
		}
		struct wb_estimate est;
		wb_estimate(&all, s, z, st.n ? st.s : NULL, st.n, &est);
		sio_field(out, r->v[i].unit);
		buf_addf(out, ",%s,%lld,%lld,%lld", wb_enum_name(&wb_dimensions, r->v[i].dim),
			 (long long)est.n, (long long)est.n_unaware, (long long)est.n_valid);
		fixed(out, est.defined, 4, est.rate);
		fixed(out, est.defined, 4, est.low);
		fixed(out, est.defined, 4, est.high);
		fixed(out, est.defined, 2, est.score);
		fixed(out, est.weighted, 4, est.rate_w);
		fixed(out, est.weighted, 4, est.low_w);
		fixed(out, est.weighted, 4, est.high_w);
		buf_addc(out, '\n');
		strata_free(&st);
		i = j;
	}
	return 0;
}
