#include "figures.h"

#include <math.h>
#include <stdlib.h>

#define Z95 1.959963984540054

const char *const wb_part_names[PART__N] = {
	"satisfaction_score", "on_time_feedback_rate",
	"completion_rate",    "on_time_rectification_rate",
	"on_time_ack_rate",   "non_return_rate",
	"non_reopen_rate",
};
const char *const wb_part_labels[PART__N] = {
	"满意度得分", "按时反馈率", "整改完成率", "按时整改率",
	"按时签收率", "未退回率",   "未重办率",
};
const char *const wb_station_part_names[SPART__N] = {"on_time_merge_rate", "on_time_dispatch_rate",
						     "on_time_verify_rate", "right_dispatch_rate"};
const char *const wb_station_part_labels[SPART__N] = {"按时汇总率", "按时转办率", "按时验收率",
						      "转办准确率"};
const char *const wb_point_part_names[PPART__N] = {"on_time_entry_rate"};
const char *const wb_point_part_labels[PPART__N] = {"按时录入率"};
_Static_assert((int)SPART__N <= (int)PART__N && (int)PPART__N <= (int)PART__N,
	       "wb_composite.parts holds them");

const char *const wb_grade_names[GRADE__N] = {"excellent", "good", "pass", "fail"};
const char *const wb_grade_labels[GRADE__N] = {"优秀", "良好", "合格", "不合格"};

void wb_figures_defaults(struct wb_scale *s, struct wb_weights *w, struct wb_grades *g)
{
	if (s) {
		s->satisfied = 100;
		s->basic = 75;
		s->unsatisfied = 55;
	}
	if (w) {
		static const double d[PART__N] = {40, 20, 15, 10, 5, 5, 5};
		for (int i = 0; i < PART__N; i++)
			w->w[i] = d[i];
	}
	if (g) {
		g->excellent = 90;
		g->good = 80;
		g->pass = 60;
	}
}

void wb_wilson(int64_t k, int64_t n, double z, double *low, double *high)
{
	double nn = (double)n, p = (double)k / nn, z2 = z * z;
	double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
	double half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
	*low = k <= 0 || centre - half < 0 ? 0 : centre - half;
	*high = k >= n || centre + half > 1 ? 1 : centre + half;
}

void wb_rate_make(int64_t num, int64_t den, struct wb_rate *out)
{
	if (num < 0)
		num = 0;
	if (den < 0)
		den = 0;
	if (num > den)
		num = den;
	out->num = num;
	out->den = den;
	out->defined = den > 0;
	if (den == 0) {
		out->value = out->low = out->high = 0;
		return;
	}
	out->value = (double)num / (double)den;
	wb_wilson(num, den, Z95, &out->low, &out->high);
}

static void score(const struct wb_tally *t, const struct wb_scale *s, struct wb_indicators *o)
{
	int64_t ns = t->ratings[RATING_SATISFIED], nb = t->ratings[RATING_BASIC];
	int64_t nu = t->ratings[RATING_UNSATISFIED];
	int64_t n = ns + nb + nu;
	o->valid_ratings = n;
	o->has_score = n > 0;
	o->satisfaction_score = o->score_low = o->score_high = 0;
	if (n == 0)
		return;
	double mean = (s->satisfied * ns + s->basic * nb + s->unsatisfied * nu) / n;
	double lo = s->unsatisfied, hi = s->satisfied;
	if (s->basic < lo)
		lo = s->basic;
	if (s->basic > hi)
		hi = s->basic;
	if (s->satisfied < lo)
		lo = s->satisfied;
	if (s->unsatisfied > hi)
		hi = s->unsatisfied;
	o->satisfaction_score = mean;
	if (n < 2) {
		/* One rating says nothing about spread: the whole scale is possible. */
		o->score_low = lo;
		o->score_high = hi;
		return;
	}
	double ss = ns * (s->satisfied - mean) * (s->satisfied - mean) +
		    nb * (s->basic - mean) * (s->basic - mean) +
		    nu * (s->unsatisfied - mean) * (s->unsatisfied - mean);
	double sd = sqrt(ss / (double)(n - 1));
	double half = Z95 * sd / sqrt((double)n);
	o->score_low = mean - half < lo ? lo : mean - half;
	o->score_high = mean + half > hi ? hi : mean + half;
}

void wb_indicators_compute(const struct wb_tally *t, const struct wb_scale *s,
			   struct wb_indicators *o)
{
	wb_rate_make(t->problems, t->merged_opinions, &o->merge_ratio);
	struct wb_rate *duty[DUTY__N] = {
		[DUTY_ENTRY] = &o->on_time_entry,       [DUTY_MERGE] = &o->on_time_merge,
		[DUTY_DISPATCH] = &o->on_time_dispatch, [DUTY_ACK] = &o->on_time_ack,
		[DUTY_FEEDBACK] = &o->on_time_feedback, [DUTY_VERIFY] = &o->on_time_verify,
	};
	/* A duty not yet due and not yet done is neither on time nor late: it waits. */
	for (int k = 0; k < DUTY__N; k++)
		wb_rate_make(t->duty_on_time[k], t->duty_judged[k], duty[k]);
	wb_rate_make(t->returns_made, t->dispatches_made, &o->misdispatch_rate);
	/* A rectification not yet due and not yet done is no failure to complete: it waits
	 * (a month whose deadlines have not come shows no rate, not 0%). */
	wb_rate_make(t->rectified, t->rectify_judged, &o->completion);
	/* Not yet due and not yet done is neither on time nor late: it waits. */
	wb_rate_make(t->rectified_on_time, t->rectify_judged, &o->on_time_rectification);
	wb_rate_make(t->returns, t->dispatches, &o->return_rate);
	wb_rate_make(t->reopens, t->verified, &o->reopen_rate);
	int64_t valid = t->ratings[RATING_SATISFIED] + t->ratings[RATING_BASIC] +
			t->ratings[RATING_UNSATISFIED];
	wb_rate_make(t->ratings[RATING_SATISFIED] + t->ratings[RATING_BASIC], valid,
		     &o->satisfaction_rate);
	score(t, s, o);
}

enum wb_grade wb_grade_of(const struct wb_grades *g, double v)
{
	if (v >= g->excellent)
		return GRADE_EXCELLENT;
	if (v >= g->good)
		return GRADE_GOOD;
	if (v >= g->pass)
		return GRADE_PASS;
	return GRADE_FAIL;
}

/* A rate as a part on 0..100; "inverse" parts count what did not go wrong. */
static void rate_part(const struct wb_rate *r, int inverse, struct wb_part_value *p)
{
	p->defined = r->defined;
	if (!r->defined)
		return;
	p->value = 100 * (inverse ? 1 - r->value : r->value);
	p->low = 100 * (inverse ? 1 - r->high : r->low);
	p->high = 100 * (inverse ? 1 - r->low : r->high);
}

/* The weighted mean of @p out's first @p n parts that have data (parts filled, weights set). */
static void weigh(int n, const struct wb_grades *g, struct wb_composite *out)
{
	struct wb_part_value *p = out->parts;
	double total = 0;
	for (int i = 0; i < n; i++) {
		if (p[i].weight < 0)
			p[i].weight = 0;
		if (p[i].defined)
			total += p[i].weight;
	}
	out->nparts = n;
	out->defined = total > 0;
	out->value = out->low = out->high = 0;
	out->grade = GRADE_FAIL;
	if (!out->defined)
		return;
	for (int i = 0; i < n; i++) {
		if (!p[i].defined || p[i].weight == 0)
			continue;
		double share = p[i].weight / total;
		p[i].contribution = share * p[i].value;
		out->value += p[i].contribution;
		out->low += share * p[i].low;
		out->high += share * p[i].high;
	}
	out->grade = wb_grade_of(g, out->value);
}

void wb_composite_compute(const struct wb_indicators *in, const struct wb_weights *w,
			  const struct wb_grades *g, struct wb_composite *out)
{
	struct wb_part_value *p = out->parts;
	for (int i = 0; i < PART__N; i++)
		p[i] = (struct wb_part_value){0};
	p[PART_SATISFACTION].defined = in->has_score;
	p[PART_SATISFACTION].value = in->satisfaction_score;
	p[PART_SATISFACTION].low = in->score_low;
	p[PART_SATISFACTION].high = in->score_high;
	rate_part(&in->on_time_feedback, 0, &p[PART_FEEDBACK]);
	rate_part(&in->completion, 0, &p[PART_COMPLETION]);
	rate_part(&in->on_time_rectification, 0, &p[PART_RECTIFY]);
	rate_part(&in->on_time_ack, 0, &p[PART_ACK]);
	rate_part(&in->return_rate, 1, &p[PART_NO_RETURN]);
	rate_part(&in->reopen_rate, 1, &p[PART_NO_REOPEN]);
	for (int i = 0; i < PART__N; i++)
		p[i].weight = w->w[i];
	out->names = wb_part_names;
	out->labels = wb_part_labels;
	weigh(PART__N, g, out);
}

void wb_composite_station(const struct wb_indicators *in, const struct wb_grades *g,
			  struct wb_composite *out)
{
	struct wb_part_value *p = out->parts;
	for (int i = 0; i < PART__N; i++)
		p[i] = (struct wb_part_value){.weight = 1};
	rate_part(&in->on_time_merge, 0, &p[SPART_MERGE]);
	rate_part(&in->on_time_dispatch, 0, &p[SPART_DISPATCH]);
	rate_part(&in->on_time_verify, 0, &p[SPART_VERIFY]);
	rate_part(&in->misdispatch_rate, 1, &p[SPART_RIGHT_DISPATCH]);
	out->names = wb_station_part_names;
	out->labels = wb_station_part_labels;
	weigh(SPART__N, g, out);
}

void wb_composite_point(const struct wb_indicators *in, const struct wb_grades *g,
			struct wb_composite *out)
{
	struct wb_part_value *p = out->parts;
	for (int i = 0; i < PART__N; i++)
		p[i] = (struct wb_part_value){.weight = 1};
	rate_part(&in->on_time_entry, 0, &p[PPART_ENTRY]);
	out->names = wb_point_part_names;
	out->labels = wb_point_part_labels;
	weigh(PPART__N, g, out);
}

/* A value as published, in hundredths: ranks compare what readers see. */
static long long shown(double v)
{
	return llround(v * 100);
}

static int by_rank(const void *a, const void *b)
{
	const struct wb_rank_entry *x = a, *y = b;
	if (x->insufficient != y->insufficient)
		return x->insufficient - y->insufficient;
	if (!x->insufficient && shown(x->value) != shown(y->value))
		return shown(x->value) > shown(y->value) ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

void wb_rank(struct wb_rank_entry *v, size_t n, int64_t min_count)
{
	for (size_t i = 0; i < n; i++) {
		v[i].insufficient = !v[i].defined || v[i].count < min_count;
		v[i].rank = v[i].rank_low = v[i].rank_high = 0;
		v[i].tie = 0;
	}
	qsort(v, n, sizeof *v, by_rank);
	size_t m = 0; /* the ranked entries come first */
	while (m < n && !v[m].insufficient)
		m++;
	for (size_t i = 0; i < m; i++) {
		int same = i > 0 && shown(v[i].value) == shown(v[i - 1].value);
		v[i].rank = same ? v[i - 1].rank : (int)i + 1;
		if (same)
			v[i].tie = v[i - 1].tie = 1;
		int above = 0, below = 0;
		for (size_t j = 0; j < m; j++) {
			above += j != i && shown(v[j].low) > shown(v[i].high);
			below += j != i && shown(v[j].high) < shown(v[i].low);
		}
		v[i].rank_low = 1 + above;
		v[i].rank_high = (int)m - below;
	}
}
