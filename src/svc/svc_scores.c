/*
 * Figures and scores: the store counts, core turns counts into rates, scores and ranks,
 * and this file picks the scheme in force and groups the entities for ranking.
 */
#include "svc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/figures.h"
#include "../core/perm.h"
#include "../util/err.h"
#include "svc_int.h"
#include "svc_survey.h"

const char *const svc_group_names[GROUP__N] = {"department", "street", "station", "point"};

static void scheme_default(struct svc_scheme *s)
{
	memset(s, 0, sizeof *s);
	s->valid_from = WB_NO_DATE;
	wb_figures_defaults(&s->scale, &s->weights, &s->grades);
	s->min_count = 5;
	s->survey_share = 70;
}

static int read_number(json_t *o, const char *key, double *out)
{
	json_t *v = json_object_get(o, key);
	if (v == NULL)
		return 0;
	if (!json_is_number(v))
		return -1;
	*out = json_number_value(v);
	return 0;
}

/* Parse a stored scheme; members absent from the JSON keep their defaults. */
static int scheme_parse(const struct store_scheme *st, struct svc_scheme *out)
{
	scheme_default(out);
	out->id = st->id;
	out->valid_from = st->valid_from;
	out->min_count = st->min_count;
	out->survey_share = st->survey_share;
	json_t *w = json_loads(st->weights, 0, NULL), *s = json_loads(st->scale, 0, NULL),
	       *g = json_loads(st->grades, 0, NULL);
	int rc = (w && s && g) ? 0 : -1;
	for (int i = 0; rc == 0 && i < PART__N; i++)
		rc = read_number(w, wb_part_names[i], &out->weights.w[i]);
	if (rc == 0)
		rc = read_number(s, "satisfied", &out->scale.satisfied) |
		     read_number(s, "basically_satisfied", &out->scale.basic) |
		     read_number(s, "unsatisfied", &out->scale.unsatisfied) |
		     read_number(g, "excellent", &out->grades.excellent) |
		     read_number(g, "good", &out->grades.good) |
		     read_number(g, "pass", &out->grades.pass);
	json_decref(w);
	json_decref(s);
	json_decref(g);
	return rc < 0 ? WB_ERR_DB : 0;
}

int svc_scheme_for(struct svc_ctx *c, wb_date day, struct svc_scheme *out)
{
	struct store_scheme st;
	int rc = store_scheme_for(c->st, day, c->a, &st);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		scheme_default(out);
		return 0;
	}
	return scheme_parse(&st, out);
}

struct scheme_op {
	struct svc_ctx *c;
	struct store_scheme st;
	int64_t id;
};

static int scheme_tx(struct store *st, void *arg)
{
	struct scheme_op *op = arg;
	int rc = store_scheme_insert(st, &op->st, &op->id);
	if (rc == WB_ERR_CONFLICT)
		return svc_fail(op->c, WB_ERR_CONFLICT,
				"a scheme already takes effect on that day");
	if (rc < 0)
		return rc;
	char day[11];
	wb_date_format(op->st.valid_from, day);
	json_t *d = json_pack("{s:s, s:o, s:o, s:o, s:i, s:i}", "valid_from", day, "weights",
			      json_loads(op->st.weights, 0, NULL), "scale",
			      json_loads(op->st.scale, 0, NULL), "grades",
			      json_loads(op->st.grades, 0, NULL), "min_count", op->st.min_count,
			      "survey_share", op->st.survey_share);
	return svc_event(op->c, "scheme.create", "scheme", op->id, NULL, NULL, 0, d);
}

int svc_scheme_create(struct svc_ctx *c, const struct svc_scheme *in, int64_t *id)
{
	if (c->who.role != ROLE_ADMIN)
		return svc_fail(c, WB_ERR_FORBIDDEN,
				"only the district office sets the scoring scheme");
	if (in->valid_from == WB_NO_DATE)
		svc_field(c, "valid_from", "is required");
	else if (in->valid_from < svc_today(c))
		svc_field(c, "valid_from",
			  "must be today or later: published scores do not change");
	double total = 0;
	for (int i = 0; i < PART__N; i++) {
		if (in->weights.w[i] < 0 || in->weights.w[i] > 1000)
			svc_field(c, "weights", "each weight is from 0 to 1000");
		total += in->weights.w[i];
	}
	if (total <= 0)
		svc_field(c, "weights", "at least one weight must be positive");
	const struct wb_scale *s = &in->scale;
	if (s->satisfied < 0 || s->satisfied > 100 || s->basic < 0 || s->basic > 100 ||
	    s->unsatisfied < 0 || s->unsatisfied > 100 || s->satisfied < s->basic ||
	    s->basic < s->unsatisfied)
		svc_field(c, "scale",
			  "points are 0..100 with satisfied >= basically >= unsatisfied");
	const struct wb_grades *g = &in->grades;
	if (!(g->excellent <= 100 && g->excellent > g->good && g->good > g->pass && g->pass > 0))
		svc_field(c, "grades", "cut-offs must fall: 100 >= excellent > good > pass > 0");
	if (in->min_count < 1 || in->min_count > 10000)
		svc_field(c, "min_count", "must be from 1 to 10000");
	if (in->survey_share < 0 || in->survey_share > 100)
		svc_field(c, "survey_share", "must be a per cent from 0 to 100");
	if (c->errs.n)
		return WB_ERR_INVALID;
	json_t *w = json_object();
	for (int i = 0; i < PART__N; i++)
		json_object_set_new(w, wb_part_names[i], json_real(in->weights.w[i]));
	json_t *sc = json_pack("{s:f, s:f, s:f}", "satisfied", s->satisfied, "basically_satisfied",
			       s->basic, "unsatisfied", s->unsatisfied);
	json_t *gr = json_pack("{s:f, s:f, s:f}", "excellent", g->excellent, "good", g->good,
			       "pass", g->pass);
	char *wt = json_dumps(w, JSON_COMPACT), *st = json_dumps(sc, JSON_COMPACT),
	     *gt = json_dumps(gr, JSON_COMPACT);
	json_decref(w);
	json_decref(sc);
	json_decref(gr);
	struct scheme_op op = {c,
			       {.valid_from = in->valid_from,
				.weights = wt,
				.scale = st,
				.grades = gt,
				.min_count = in->min_count,
				.survey_share = in->survey_share,
				.created_at = c->now,
				.created_by = c->who.user_id},
			       0};
	int rc = svc_tx(c, 1, scheme_tx, &op);
	free(wt);
	free(st);
	free(gt);
	if (rc >= 0)
		*id = op.id;
	return rc < 0 ? rc : 0;
}

struct collect {
	struct svc_ctx *c;
	struct svc_score_row *rows;
	int n, cap;
};

static int collect_row(void *arg, int64_t id, const struct wb_tally *t)
{
	struct collect *k = arg;
	if (k->n == k->cap) {
		int cap = k->cap ? k->cap * 2 : 64;
		struct svc_score_row *v = arena_alloc(k->c->a, (size_t)cap * sizeof *v);
		if (k->n)
			memcpy(v, k->rows, (size_t)k->n * sizeof *v);
		k->rows = v;
		k->cap = cap;
	}
	struct svc_score_row *r = &k->rows[k->n++];
	memset(r, 0, sizeof *r);
	r->unit.id = id;
	r->tally = *t;
	return 0;
}

static enum svc_group group_of(enum wb_unit_kind k)
{
	switch (k) {
	case UK_STREET:
		return GROUP_STREET;
	case UK_STATION:
		return GROUP_STATION;
	case UK_POINT:
		return GROUP_POINT;
	default:
		return GROUP_DEPARTMENT;
	}
}

static int by_group_rank(const void *a, const void *b)
{
	const struct svc_score_row *x = a, *y = b;
	if (x->group != y->group)
		return (int)x->group - (int)y->group;
	if ((x->rank == 0) != (y->rank == 0))
		return x->rank == 0 ? 1 : -1;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	return (x->unit.id > y->unit.id) - (x->unit.id < y->unit.id);
}

/* Rank each group apart, writing ranks and ties back to the rows. */
static void rank_groups(struct svc_ctx *c, struct svc_scores *out)
{
	struct wb_rank_entry *e = arena_alloc(c->a, (size_t)(out->n ? out->n : 1) * sizeof *e);
	for (int g = 0; g < GROUP__N; g++) {
		int m = 0;
		for (int i = 0; i < out->n; i++) {
			struct svc_score_row *r = &out->rows[i];
			if (r->group != (enum svc_group)g)
				continue;
			e[m++] = (struct wb_rank_entry){.id = i,
							.value = r->comp.value,
							.low = r->comp.low,
							.high = r->comp.high,
							.defined = r->comp.defined,
							.count = r->evaluations};
		}
		wb_rank(e, (size_t)m, out->scheme.min_count);
		for (int k = 0; k < m; k++) {
			struct svc_score_row *r = &out->rows[e[k].id];
			r->rank = e[k].rank;
			r->rank_low = e[k].rank_low;
			r->rank_high = e[k].rank_high;
			r->tie = e[k].tie;
			r->insufficient = e[k].insufficient;
		}
	}
	qsort(out->rows, (size_t)out->n, sizeof *out->rows, by_group_rank);
}

/*
 * Blend each unit's composite with its part from the campaign's published survey: the
 * survey at the scheme's survey_share, the work figures at the rest; a unit with only one
 * of them is scored on it. Its respondents count among the cases behind the entry, so a
 * unit nobody complained about is ranked on the survey.
 */
static int blend_survey(struct svc_ctx *c, struct svc_scores *out)
{
	int64_t *ids;
	struct svc_survey_part *parts;
	int n;
	int rc = svc_survey_parts(c, out->period.campaign_id, out->period.dims, &ids, &parts, &n);
	if (rc < 0 || n == 0)
		return rc;
	double s = out->scheme.survey_share / 100.0;
	for (int i = 0; i < out->n; i++) {
		struct svc_score_row *r = &out->rows[i];
		for (int k = 0; k < n; k++)
			if (ids[k] == r->unit.id && parts[k].defined)
				r->survey = parts[k];
		if (!r->survey.defined || s <= 0)
			continue;
		struct wb_composite *cp = &r->comp;
		const struct svc_survey_part *p = &r->survey;
		if (cp->defined) {
			cp->value = s * p->score + (1 - s) * cp->value;
			cp->low = s * p->low + (1 - s) * cp->low;
			cp->high = s * p->high + (1 - s) * cp->high;
		} else {
			cp->defined = 1;
			cp->value = p->score;
			cp->low = p->low;
			cp->high = p->high;
		}
		cp->grade = wb_grade_of(&out->scheme.grades, cp->value);
		r->evaluations += p->n;
	}
	return 0;
}

int svc_scores(struct svc_ctx *c, enum store_level level, const struct store_period *period,
	       wb_date scheme_day, struct svc_scores *out)
{
	if (c->who.role != ROLE_ADMIN && c->who.role != ROLE_LEADER && c->who.role != ROLE_STATION)
		return svc_fail(c, WB_ERR_FORBIDDEN,
				"scores are for the office, leaders and stations");
	memset(out, 0, sizeof *out);
	out->period = *period;
	int rc = svc_scheme_for(c, scheme_day, &out->scheme);
	if (rc < 0)
		return rc;
	struct collect k = {c, NULL, 0, 0};
	rc = store_tally(c->st, level, period, collect_row, &k);
	if (rc < 0)
		return rc;
	out->rows = k.rows;
	out->n = k.n;
	for (int i = 0; i < out->n; i++) {
		struct svc_score_row *r = &out->rows[i];
		rc = svc_found(store_unit_get(c->st, r->unit.id, c->a, &r->unit));
		if (rc < 0)
			return rc;
		r->group = group_of(r->unit.kind);
		wb_indicators_compute(&r->tally, &out->scheme.scale, &r->ind);
		/* Each level on its own work: units on the scheme's parts and the ratings of their
		 * rectifications; stations and points on their duties, judged duties counting as
		 * the cases behind the entry. */
		const struct wb_tally *t = &r->tally;
		if (level != LEVEL_UNIT) /* no problems are counted for them */
			wb_rate_make(0, 0, &r->ind.merge_ratio);
		if (level == LEVEL_STATION) {
			wb_composite_station(&r->ind, &out->scheme.grades, &r->comp);
			r->evaluations = t->duty_judged[DUTY_MERGE] +
					 t->duty_judged[DUTY_DISPATCH] +
					 t->duty_judged[DUTY_VERIFY];
		} else if (level == LEVEL_POINT) {
			wb_composite_point(&r->ind, &out->scheme.grades, &r->comp);
			r->evaluations = t->duty_judged[DUTY_ENTRY];
		} else {
			wb_composite_compute(&r->ind, &out->scheme.weights, &out->scheme.grades,
					     &r->comp);
			r->evaluations = r->ind.valid_ratings;
		}
		r->work = r->comp;
	}
	if (level == LEVEL_UNIT && period->campaign_id && (rc = blend_survey(c, out)) < 0)
		return rc;
	rank_groups(c, out);
	return 0;
}

int svc_campaign_scores(struct svc_ctx *c, int64_t campaign_id, enum store_level level,
			wb_date from, wb_date to, unsigned dims, struct wb_campaign *camp,
			struct svc_scores *out)
{
	int rc = svc_found(store_campaign_get(c->st, campaign_id, c->a, camp));
	if (rc < 0)
		return rc;
	struct store_period p = {
		.campaign_id = camp->id,
		.from = from == WB_NO_DATE ? 0 : svc_day_start(c, from),
		.to = to == WB_NO_DATE ? INT64_MAX : svc_day_start(c, to + 1),
		.today = svc_today(c),
		.tz_min = c->cfg.tz_min,
		.dims = dims,
	};
	wb_date scheme_day = from;
	if (scheme_day == WB_NO_DATE)
		scheme_day = camp->nphases ? camp->phases[0].starts_on : svc_today(c);
	rc = svc_scores(c, level, &p, scheme_day, out);
	if (rc == 0) {
		out->from = from;
		out->to = to;
	}
	return rc;
}
