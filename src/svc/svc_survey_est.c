/*
 * The survey's estimates (docs/survey.md): per unit, for each dimension from its overall
 * item, the satisfaction rate with its Wilson interval, the score, 不了解's share and, with
 * strata, the post-stratified rate; overall, the mean over people of their two overall
 * answers; the endpoint against the baseline; ranks within the unit groups that mark what
 * the intervals cannot tell apart. Published results are frozen: the published text is
 * what every later reader gets.
 */
#include "svc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/enums.h"
#include "svc_int.h"
#include "svc_survey_int.h"

/* A unit with more strata than this gets no post-stratified rate (docs/survey.md). */
enum { STRATA_MAX = 64 };

/* Figures are computed in full and rounded once, when the results are complete.
 * Round every real of @p j: scores to 2 decimals, rates and bounds to 4. */
static void round_tree(json_t *j, const char *key)
{
	if (json_is_real(j)) {
		double f = key && strncmp(key, "score", 5) == 0 ? 1e2 : 1e4;
		json_real_set(j, round(json_real_value(j) * f) / f + 0.0);
	} else if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach(j, k, v) round_tree(v, k);
	} else if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v) round_tree(v, key);
	}
}

/* What one unit's answers add up to. */
struct unit_est {
	struct svc_survey_unit u;
	const char *strata[STRATA_MAX];
	int64_t stratum_n[STRATA_MAX];
	int nstrata;
	int too_many_strata; /* more than STRATA_MAX: no post-stratified rate */
	struct wb_answer_counts item[SVC_SURVEY_ITEMS_MAX];
	struct wb_answer_counts by_stratum[DIM__N][STRATA_MAX]; /* the overall items */
	/* overall: sums over people with a valid overall answer */
	double n, sy, syy, sp, spp;
	json_t *base; /* the baseline's row, for an endpoint */
};

struct est_op {
	struct svc_ctx *c;
	const struct svc_survey *sv;
	struct unit_est *u;
	int n;
};

static struct unit_est *unit_of(struct est_op *op, int64_t id)
{
	for (int i = 0; i < op->n; i++)
		if (op->u[i].u.unit.id == id)
			return &op->u[i];
	return NULL;
}

static int stratum_index(struct unit_est *u, const char *name, struct arena *a)
{
	for (int i = 0; i < u->nstrata; i++)
		if (strcmp(u->strata[i], name) == 0)
			return i;
	if (u->nstrata == STRATA_MAX) {
		u->too_many_strata = 1;
		return -1;
	}
	u->strata[u->nstrata] = arena_strdup(a, name);
	return u->nstrata++;
}

static int64_t num(const char *s)
{
	return s ? strtoll(s, NULL, 10) : 0;
}

static int strata_row(void *arg, int ncols, const char *const *v)
{
	(void)ncols;
	struct est_op *op = arg;
	struct unit_est *u = unit_of(op, num(v[0]));
	int h = u ? stratum_index(u, v[1] ? v[1] : "", op->c->a) : -1;
	if (h >= 0)
		u->stratum_n[h] = num(v[2]);
	return 0;
}

static int tally_row(void *arg, int ncols, const char *const *v)
{
	(void)ncols;
	struct est_op *op = arg;
	struct unit_est *u = unit_of(op, num(v[0]));
	int item = (int)num(v[2]), ans = wb_enum_parse(&wb_ratings, v[3]);
	int64_t count = num(v[4]);
	if (u == NULL || item < 0 || item >= op->sv->nitems || ans < 0)
		return 0;
	u->item[item].n[ans] += count;
	for (int d = 0; d < DIM__N; d++) {
		if (op->sv->overall[d] != item)
			continue;
		int h = stratum_index(u, v[1] ? v[1] : "", op->c->a);
		if (h >= 0)
			u->by_stratum[d][h].n[ans] += count;
	}
	return 0;
}

static int people_row(void *arg, int ncols, const char *const *v)
{
	(void)ncols;
	struct est_op *op = arg;
	struct unit_est *u = unit_of(op, num(v[0]));
	double s = (double)num(v[2]), b = (double)num(v[3]), un = (double)num(v[4]),
	       k = (double)num(v[5]), valid = s + b + un;
	if (u == NULL || valid <= 0)
		return 0;
	const struct wb_scale *sc = &op->sv->scale;
	double y = (s + b) / valid,
	       pts = (sc->satisfied * s + sc->basic * b + sc->unsatisfied * un) / valid;
	u->n += k;
	u->sy += k * y;
	u->syy += k * y * y;
	u->sp += k * pts;
	u->spp += k * pts * pts;
	return 0;
}

static json_t *dim_json(const struct wb_estimate *e)
{
	json_t *o = json_pack("{s:I, s:I, s:I}", "n", (json_int_t)e->n, "n_unaware",
			      (json_int_t)e->n_unaware, "n_valid", (json_int_t)e->n_valid);
	json_object_set_new(o, "unaware_share",
			    e->n ? json_real((double)e->n_unaware / (double)e->n) : json_null());
	json_object_set_new(o, "rate", e->defined ? json_real(e->rate) : json_null());
	json_object_set_new(o, "low", e->defined ? json_real(e->low) : json_null());
	json_object_set_new(o, "high", e->defined ? json_real(e->high) : json_null());
	json_object_set_new(o, "score", e->defined ? json_real(e->score) : json_null());
	json_object_set_new(o, "score_low", e->defined ? json_real(e->score_low) : json_null());
	json_object_set_new(o, "score_high", e->defined ? json_real(e->score_high) : json_null());
	json_object_set_new(o, "rate_weighted", e->weighted ? json_real(e->rate_w) : json_null());
	json_object_set_new(o, "low_weighted", e->weighted ? json_real(e->low_w) : json_null());
	json_object_set_new(o, "high_weighted", e->weighted ? json_real(e->high_w) : json_null());
	return o;
}

/* A mean over people with its normal interval, corrected for the finite frame. */
static void mean_ci(double n, double s, double ss, double N, double z, double lo_clip,
		    double hi_clip, double *mean, double *low, double *high)
{
	*mean = s / n;
	double var = n > 1 ? (ss - s * s / n) / (n - 1) : 0;
	if (var < 0)
		var = 0;
	double fpc = N > 0 ? 1 - n / N : 1;
	if (fpc < 0)
		fpc = 0;
	double half = z * sqrt(var / n * fpc);
	*low = *mean - half < lo_clip ? lo_clip : *mean - half;
	*high = *mean + half > hi_clip ? hi_clip : *mean + half;
}

static json_t *overall_json(const struct unit_est *u, const struct svc_survey *sv, double z,
			    double *score, double *slow, double *shigh)
{
	if (u->n <= 0)
		return json_pack("{s:i, s:n, s:n, s:n, s:n, s:n, s:n}", "n", 0, "rate", "low",
				 "high", "score", "score_low", "score_high");
	double rate, low, high;
	mean_ci(u->n, u->sy, u->syy, (double)u->u.frame_n, z, 0, 1, &rate, &low, &high);
	mean_ci(u->n, u->sp, u->spp, (double)u->u.frame_n, z, sv->scale.unsatisfied,
		sv->scale.satisfied, score, slow, shigh);
	return json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:f}", "n", (json_int_t)u->n, "rate", rate,
			 "low", low, "high", high, "score", *score, "score_low", *slow,
			 "score_high", *shigh);
}

/*
 * The difference of two estimates with intervals (MOVER, Newcombe's method 10 when the
 * intervals are Wilson's): d = a − b, d ∓ √((a − a_low)² + (b_high − b)²) and
 * √((a_high − a)² + (b − b_low)²).
 */
static json_t *diff_json(json_t *end, json_t *base)
{
	json_t *ra = json_object_get(end, "rate"), *rb = json_object_get(base, "rate");
	if (!json_is_number(ra) || !json_is_number(rb))
		return json_pack("{s:o, s:n, s:n, s:n}", "rate", json_copy(rb ? rb : json_null()),
				 "diff", "diff_low", "diff_high");
	double a = json_number_value(ra), al = json_number_value(json_object_get(end, "low")),
	       ah = json_number_value(json_object_get(end, "high")), b = json_number_value(rb),
	       bl = json_number_value(json_object_get(base, "low")),
	       bh = json_number_value(json_object_get(base, "high")), d = a - b;
	return json_pack("{s:f, s:f, s:f, s:f}", "rate", b, "diff", d, "diff_low",
			 d - sqrt((a - al) * (a - al) + (bh - b) * (bh - b)), "diff_high",
			 d + sqrt((ah - a) * (ah - a) + (b - bl) * (b - bl)));
}

static const char *group_of(enum wb_unit_kind k)
{
	return k == UK_STREET ? "street" : "department";
}

static int by_group_rank(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(json_string_value(json_object_get(x, "group")),
		       json_string_value(json_object_get(y, "group")));
	if (c)
		return c;
	json_int_t rx = json_integer_value(json_object_get(x, "rank")),
		   ry = json_integer_value(json_object_get(y, "rank"));
	if ((rx == 0) != (ry == 0))
		return rx == 0 ? 1 : -1;
	if (rx != ry)
		return rx < ry ? -1 : 1;
	json_int_t ix = json_integer_value(json_object_get(x, "unit_id")),
		   iy = json_integer_value(json_object_get(y, "unit_id"));
	return (ix > iy) - (ix < iy);
}

/* Rank each group by the overall score; the entries' ranks into their rows. */
static void rank_rows(json_t *rows, struct wb_rank_entry *e, const char *group, int min_count)
{
	size_t n = 0, i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		if (strcmp(json_string_value(json_object_get(row, "group")), group) != 0)
			continue;
		json_t *o = json_object_get(row, "overall");
		json_t *s = json_object_get(o, "score");
		e[n++] = (struct wb_rank_entry){
			.id = (int64_t)i,
			.value = json_is_number(s) ? json_number_value(s) : 0,
			.low = json_number_value(json_object_get(o, "score_low")),
			.high = json_number_value(json_object_get(o, "score_high")),
			.defined = json_is_number(s),
			.count = json_integer_value(json_object_get(o, "n")),
		};
	}
	wb_rank(e, n, min_count);
	for (size_t k = 0; k < n; k++) {
		json_t *r = json_array_get(rows, (size_t)e[k].id);
		/* as the scores give them: no rank is null */
		int ranked = e[k].rank > 0;
		json_object_set_new(r, "rank", ranked ? json_integer(e[k].rank) : json_null());
		json_object_set_new(r, "rank_low",
				    ranked ? json_integer(e[k].rank_low) : json_null());
		json_object_set_new(r, "rank_high",
				    ranked ? json_integer(e[k].rank_high) : json_null());
		json_object_set_new(r, "tie", json_boolean(e[k].tie));
		json_object_set_new(r, "insufficient_data", json_boolean(e[k].insufficient));
	}
}

static json_t *unit_row(struct est_op *op, struct unit_est *u, double z)
{
	const struct svc_survey *sv = op->sv;
	const struct svc_survey_unit *x = &u->u;
	json_t *row = json_pack(
		"{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "unit_id",
		(json_int_t)x->unit.id, "unit_name", x->unit.name ? x->unit.name : "", "unit_code",
		x->unit.code ? x->unit.code : "", "group", group_of(x->unit.kind), "frame_n",
		(json_int_t)x->frame_n, "sample_n", (json_int_t)x->sample_n, "drawn",
		(json_int_t)x->drawn, "completed", (json_int_t)x->completed, "refused",
		(json_int_t)x->refused, "unreachable", (json_int_t)x->unreachable, "ineligible",
		(json_int_t)x->ineligible, "pending", (json_int_t)x->pending);
	json_object_set_new(row, "rr1", x->rr1_defined ? json_real(x->rr1) : json_null());
	for (int d = 0; d < DIM__N; d++) {
		struct wb_stratum st[STRATA_MAX];
		for (int h = 0; h < u->nstrata; h++)
			st[h] = (struct wb_stratum){u->stratum_n[h], u->by_stratum[d][h]};
		struct wb_estimate e;
		const struct wb_answer_counts none = {0};
		int it = sv->overall[d];
		wb_estimate(it >= 0 ? &u->item[it] : &none, &sv->scale, z,
			    u->nstrata > 1 && !u->too_many_strata ? st : NULL, (size_t)u->nstrata,
			    &e);
		json_object_set_new(row, wb_enum_name(&wb_dimensions, d), dim_json(&e));
	}
	double score, slow, shigh;
	json_object_set_new(row, "overall", overall_json(u, sv, z, &score, &slow, &shigh));
	json_t *items = json_array();
	for (int i = 0; i < sv->nitems; i++) {
		struct wb_estimate e;
		wb_estimate(&u->item[i], &sv->scale, z, NULL, 0, &e);
		json_t *o = json_pack("{s:i, s:s, s:s, s:b, s:I}", "item", i, "label",
				      sv->items[i].label ? sv->items[i].label : "", "dimension",
				      wb_enum_name(&wb_dimensions, sv->items[i].dim), "overall",
				      sv->items[i].overall, "n_valid", (json_int_t)e.n_valid);
		json_object_set_new(o, "rate", e.defined ? json_real(e.rate) : json_null());
		json_object_set_new(o, "score", e.defined ? json_real(e.score) : json_null());
		json_array_append_new(items, o);
	}
	json_object_set_new(row, "items", items);
	return row;
}

/* The baseline's rows of the campaign of @p sv, when @p sv is an endpoint. */
static json_t *baseline_rows(struct svc_ctx *c, struct store *st, const struct svc_survey *sv);

static int find_baseline(void *arg, const struct wb_survey *s)
{
	struct wb_survey *out = arg;
	if (s->round == ROUND_BASELINE && s->state >= SV_FINISHED)
		*out = *s;
	return 0;
}

static int estimates(struct svc_ctx *c, struct store *st, const struct svc_survey *sv,
		     int with_baseline, json_t **out)
{
	struct svc_survey_unit *units;
	int nu, rc = survey_units_load(c, st, sv->s.id, &units, &nu);
	if (rc < 0)
		return rc;
	struct est_op op = {c, sv, arena_alloc(c->a, (size_t)(nu ? nu : 1) * sizeof *op.u), nu};
	memset(op.u, 0, (size_t)(nu ? nu : 1) * sizeof *op.u);
	for (int i = 0; i < nu; i++)
		op.u[i].u = units[i];
	int oa = sv->overall[DIM_CONDUCT], ob = sv->overall[DIM_EFFICIENCY];
	if ((rc = store_survey_strata(st, sv->s.id, strata_row, &op)) < 0 ||
	    (rc = store_survey_tally(st, sv->s.id, tally_row, &op)) < 0 ||
	    (rc = store_survey_people_tally(st, sv->s.id, oa, ob, people_row, &op)) < 0)
		return rc;
	double z = wb_z(sv->design.confidence);
	json_t *rows = json_array();
	for (int i = 0; i < nu; i++)
		json_array_append_new(rows, unit_row(&op, &op.u[i], z));
	/* ranked as the scores are: people behind a unit's figure at least the scheme's
	 * minimum of cases */
	struct svc_scheme scheme;
	if ((rc = svc_scheme_for(c, svc_today(c), &scheme)) < 0) {
		json_decref(rows);
		return rc;
	}
	struct wb_rank_entry *e = arena_alloc(c->a, (size_t)(nu ? nu : 1) * sizeof *e);
	rank_rows(rows, e, "department", scheme.min_count);
	rank_rows(rows, e, "street", scheme.min_count);
	json_t *base =
		with_baseline && sv->s.round == ROUND_ENDPOINT ? baseline_rows(c, st, sv) : NULL;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_t *b = NULL, *x;
		size_t k;
		json_array_foreach(
			base, k, x) if (json_integer_value(json_object_get(x, "unit_id")) ==
					json_integer_value(json_object_get(row, "unit_id"))) b = x;
		if (b == NULL)
			continue;
		json_t *cmp = json_object();
		static const char *const parts[] = {"conduct", "efficiency", "overall"};
		for (int p = 0; p < 3; p++)
			json_object_set_new(cmp, parts[p],
					    diff_json(json_object_get(row, parts[p]),
						      json_object_get(b, parts[p])));
		json_object_set_new(row, "baseline", cmp);
	}
	json_decref(base);
	/* groups apart, ranked first, then by rank */
	size_t n = json_array_size(rows);
	json_t **sorted = arena_alloc(c->a, (n ? n : 1) * sizeof *sorted);
	for (i = 0; i < n; i++)
		sorted[i] = json_incref(json_array_get(rows, i));
	qsort(sorted, n, sizeof *sorted, by_group_rank);
	json_array_clear(rows);
	for (i = 0; i < n; i++)
		json_array_append_new(rows, sorted[i]);
	*out = json_pack("{s:I, s:s, s:s, s:f, s:[f,f,f], s:i, s:o}", "survey_id",
			 (json_int_t)sv->s.id, "round",
			 wb_enum_name(&wb_survey_rounds, sv->s.round), "state",
			 wb_enum_name(&wb_survey_states, sv->s.state), "confidence",
			 sv->design.confidence, "scale", sv->scale.satisfied, sv->scale.basic,
			 sv->scale.unsatisfied, "rank_min", scheme.min_count, "units", rows);
	return 0;
}

static json_t *baseline_rows(struct svc_ctx *c, struct store *st, const struct svc_survey *sv)
{
	struct wb_survey b = {0};
	if (store_survey_list(st, sv->s.campaign_id, -1, c->a, find_baseline, &b) < 0 || b.id == 0)
		return NULL;
	struct svc_survey bs;
	json_t *res = NULL;
	if (survey_parse(c, &b, &bs) < 0 || estimates(c, st, &bs, 0, &res) < 0)
		return NULL;
	json_t *rows = json_incref(json_object_get(res, "units"));
	json_decref(res);
	return rows;
}

int survey_estimates_of(struct svc_ctx *c, struct store *st, const struct svc_survey *sv,
			json_t **out)
{
	int rc = estimates(c, st, sv, 1, out);
	if (rc == 0)
		round_tree(json_object_get(*out, "units"), NULL);
	return rc;
}

struct est_call {
	struct svc_ctx *c;
	int64_t id;
	json_t *out;
};

static int est_tx(struct store *st, void *arg)
{
	struct est_call *e = arg;
	struct svc_ctx *c = e->c;
	struct svc_survey sv;
	int rc = survey_load(c, st, e->id, &sv);
	if (rc < 0)
		return rc;
	int reader = wb_perm_allows(c->who.role, PERM_SURVEY_READ);
	if (!reader && !(c->who.role == ROLE_UNIT && sv.s.state == SV_PUBLISHED))
		return WB_ERR_NOT_FOUND;
	if (sv.s.state < SV_FIELDWORK)
		return svc_fail(c, WB_ERR_STATE, "nothing to estimate before the draw");
	if (sv.s.state == SV_PUBLISHED && sv.s.results) {
		e->out = json_loads(sv.s.results, 0, NULL);
		if (e->out == NULL)
			return WB_ERR_INTERNAL;
		json_object_set_new(e->out, "state", json_string("published"));
	} else if ((rc = survey_estimates_of(c, st, &sv, &e->out)) < 0) {
		return rc;
	}
	json_object_set_new(e->out, "frozen", json_boolean(sv.s.state == SV_PUBLISHED));
	if (reader)
		return 0;
	/* a unit: its own row only */
	json_t *rows = json_object_get(e->out, "units"), *mine = json_array(), *row;
	size_t i;
	json_array_foreach(rows, i, row) if (json_integer_value(json_object_get(row, "unit_id")) ==
					     c->who.unit_id) json_array_append(mine, row);
	json_object_set_new(e->out, "units", mine);
	return 0;
}

int svc_survey_estimates(struct svc_ctx *c, int64_t id, json_t **out)
{
	struct est_call e = {c, id, NULL};
	int rc = svc_tx(c, 0, est_tx, &e);
	if (rc < 0) {
		json_decref(e.out);
		return rc;
	}
	*out = e.out;
	return 0;
}

struct parts_op {
	struct svc_ctx *c;
	int64_t campaign_id;
	struct wb_survey best;
};

static int pick_published(void *arg, const struct wb_survey *s)
{
	struct parts_op *op = arg;
	if (s->state == SV_PUBLISHED && s->results &&
	    (op->best.id == 0 || s->round == ROUND_ENDPOINT)) {
		op->best = *s;
		op->best.results = arena_strdup(op->c->a, s->results);
	}
	return 0;
}

static int parts_tx(struct store *st, void *arg)
{
	struct parts_op *op = arg;
	memset(&op->best, 0, sizeof op->best);
	return store_survey_list(st, op->campaign_id, SV_PUBLISHED, op->c->a, pick_published, op);
}

int svc_survey_parts(struct svc_ctx *c, int64_t campaign_id, unsigned dims, int64_t **unit_ids,
		     struct svc_survey_part **parts, int *n)
{
	*n = 0;
	struct parts_op op = {c, campaign_id, {0}};
	int rc = svc_tx(c, 0, parts_tx, &op);
	if (rc < 0 || op.best.id == 0)
		return rc < 0 ? rc : 0;
	json_t *res = json_loads(op.best.results, 0, NULL);
	json_t *units = json_object_get(res, "units");
	size_t m = json_array_size(units);
	*unit_ids = arena_alloc(c->a, (m ? m : 1) * sizeof **unit_ids);
	*parts = arena_alloc(c->a, (m ? m : 1) * sizeof **parts);
	/* one evaluation: its overall item; both: the overall figure over people */
	const char *which = dims == 1u << DIM_CONDUCT      ? "conduct"
			    : dims == 1u << DIM_EFFICIENCY ? "efficiency"
							   : "overall";
	size_t i;
	json_t *u;
	json_array_foreach(units, i, u)
	{
		json_t *f = json_object_get(u, which), *sc = json_object_get(f, "score");
		struct svc_survey_part *p = &(*parts)[*n];
		memset(p, 0, sizeof *p);
		p->survey_id = op.best.id;
		p->round = op.best.round;
		p->defined = json_is_number(sc);
		p->score = json_number_value(sc);
		p->low = json_number_value(json_object_get(f, "score_low"));
		p->high = json_number_value(json_object_get(f, "score_high"));
		p->n = (int64_t)json_integer_value(
			json_object_get(f, strcmp(which, "overall") == 0 ? "n" : "n_valid"));
		(*unit_ids)[(*n)++] = (int64_t)json_integer_value(json_object_get(u, "unit_id"));
	}
	json_decref(res);
	return 0;
}
