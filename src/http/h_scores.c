/* GET /campaigns/{id}/scores and the scoring schemes. */
#include "http.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/figures.h"
#include "../export/scores.h"
#include "../export/table.h"
#include "../util/err.h"

static double round4(double v)
{
	return round(v * 10000) / 10000;
}

static double round2(double v)
{
	return round(v * 100) / 100;
}

static json_t *rate_json(const struct wb_rate *r)
{
	if (!r->defined)
		return json_pack("{s:I, s:I, s:n, s:n, s:n}", "numerator", (json_int_t)r->num,
				 "denominator", (json_int_t)r->den, "value", "low", "high");
	return json_pack("{s:I, s:I, s:f, s:f, s:f}", "numerator", (json_int_t)r->num,
			 "denominator", (json_int_t)r->den, "value", round4(r->value), "low",
			 round4(r->low), "high", round4(r->high));
}

static json_t *counts_json(const struct wb_tally *t)
{
	json_t *src = json_object(), *ch = json_object(), *dim = json_object(), *rt = json_object();
	for (int i = 0; i < SRC__N; i++)
		json_object_set_new(src, wb_enum_name(&wb_sources, i),
				    json_integer(t->by_source[i]));
	for (int i = 0; i < CH__N; i++)
		json_object_set_new(ch, wb_enum_name(&wb_channels, i),
				    json_integer(t->by_channel[i]));
	for (int i = 0; i < DIM__N; i++)
		json_object_set_new(dim, wb_enum_name(&wb_dimensions, i),
				    json_integer(t->by_dimension[i]));
	for (int i = 0; i < RATING__N; i++)
		json_object_set_new(rt, wb_enum_name(&wb_ratings, i), json_integer(t->ratings[i]));
	json_t *j = json_pack(
		"{s:I, s:o, s:o, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "opinions",
		(json_int_t)t->opinions, "by_source", src, "by_channel", ch, "by_dimension", dim,
		"merged_opinions", (json_int_t)t->merged_opinions, "problems",
		(json_int_t)t->problems, "dispatches", (json_int_t)t->dispatches, "dispatched",
		(json_int_t)t->dispatched, "returns", (json_int_t)t->returns, "reopens",
		(json_int_t)t->reopens, "overdue", (json_int_t)t->overdue, "ratings", rt);
	return j;
}

static json_t *row_json(const struct svc_score_row *r)
{
	const struct wb_indicators *in = &r->ind;
	json_t *parts = json_array();
	for (int i = 0; i < r->comp.nparts; i++) {
		const struct wb_part_value *p = &r->comp.parts[i];
		json_array_append_new(
			parts,
			json_pack("{s:s, s:s, s:o, s:f, s:o}", "name", r->comp.names[i], "label",
				  r->comp.labels[i], "value",
				  p->defined ? json_real(round2(p->value)) : json_null(), "weight",
				  p->weight, "contribution",
				  p->defined && r->comp.defined ? json_real(round2(p->contribution))
								: json_null()));
	}
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)r->unit.id, "name",
			      r->unit.name, "kind", wb_enum_name(&wb_unit_kinds, r->unit.kind),
			      "group", svc_group_names[r->group], "counts", counts_json(&r->tally));
	json_object_set_new(j, "merge_ratio", rate_json(&in->merge_ratio));
	json_object_set_new(j, "on_time_ack_rate", rate_json(&in->on_time_ack));
	json_object_set_new(j, "on_time_feedback_rate", rate_json(&in->on_time_feedback));
	json_object_set_new(j, "completion_rate", rate_json(&in->completion));
	json_object_set_new(j, "on_time_rectification_rate", rate_json(&in->on_time_rectification));
	json_object_set_new(j, "return_rate", rate_json(&in->return_rate));
	json_object_set_new(j, "reopen_rate", rate_json(&in->reopen_rate));
	json_object_set_new(j, "satisfaction_rate", rate_json(&in->satisfaction_rate));
	json_object_set_new(j, "on_time_entry_rate", rate_json(&in->on_time_entry));
	json_object_set_new(j, "on_time_merge_rate", rate_json(&in->on_time_merge));
	json_object_set_new(j, "on_time_dispatch_rate", rate_json(&in->on_time_dispatch));
	json_object_set_new(j, "on_time_verify_rate", rate_json(&in->on_time_verify));
	json_object_set_new(j, "misdispatch_rate", rate_json(&in->misdispatch_rate));
	json_object_set_new(j, "satisfaction_score",
			    in->has_score ? json_real(round2(in->satisfaction_score))
					  : json_null());
	json_object_set_new(j, "satisfaction_score_interval",
			    in->has_score ? json_pack("{s:f, s:f}", "low", round2(in->score_low),
						      "high", round2(in->score_high))
					  : json_null());
	json_object_set_new(j, "overdue", json_integer(r->tally.overdue));
	json_object_set_new(j, "evaluations", json_integer(r->evaluations));
	json_object_set_new(j, "composite",
			    r->comp.defined ? json_real(round2(r->comp.value)) : json_null());
	json_object_set_new(j, "composite_interval",
			    r->comp.defined ? json_pack("{s:f, s:f}", "low", round2(r->comp.low),
							"high", round2(r->comp.high))
					    : json_null());
	json_object_set_new(j, "parts", parts);
	json_object_set_new(j, "work_composite",
			    r->work.defined ? json_real(round2(r->work.value)) : json_null());
	const struct svc_survey_part *sp = &r->survey;
	json_object_set_new(j, "survey",
			    sp->defined
				    ? json_pack("{s:I, s:s, s:f, s:f, s:f, s:I}", "survey_id",
						(json_int_t)sp->survey_id, "round",
						wb_enum_name(&wb_survey_rounds, sp->round), "score",
						round2(sp->score), "low", round2(sp->low), "high",
						round2(sp->high), "n", (json_int_t)sp->n)
				    : json_null());
	json_object_set_new(j, "grade",
			    r->comp.defined ? json_string(wb_grade_names[r->comp.grade])
					    : json_null());
	json_object_set_new(j, "grade_label",
			    r->comp.defined ? json_string(wb_grade_labels[r->comp.grade])
					    : json_null());
	json_object_set_new(j, "rank", r->rank ? json_integer(r->rank) : json_null());
	json_object_set_new(j, "rank_low", r->rank ? json_integer(r->rank_low) : json_null());
	json_object_set_new(j, "rank_high", r->rank ? json_integer(r->rank_high) : json_null());
	json_object_set_new(j, "tie", json_boolean(r->tie));
	json_object_set_new(j, "insufficient_data", json_boolean(r->insufficient));
	return j;
}

json_t *render_scheme(const struct svc_scheme *s)
{
	json_t *w = json_object();
	for (int i = 0; i < PART__N; i++)
		json_object_set_new(w, wb_part_names[i], json_real(s->weights.w[i]));
	return json_pack("{s:o, s:o, s:o, s:{s:f, s:f, s:f}, s:{s:f, s:f, s:f}, s:i, s:i}", "id",
			 s->id ? json_integer(s->id) : json_null(), "valid_from",
			 render_date(s->valid_from), "weights", w, "scale", "satisfied",
			 s->scale.satisfied, "basically_satisfied", s->scale.basic, "unsatisfied",
			 s->scale.unsatisfied, "grades", "excellent", s->grades.excellent, "good",
			 s->grades.good, "pass", s->grades.pass, "min_count", s->min_count,
			 "survey_share", s->survey_share);
}

/* month=YYYY-MM or quarter=YYYY-Qn, else from/to dates; both ends inclusive. */
static int read_period(struct req *r, wb_date *from, wb_date *to)
{
	const char *m = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "month");
	const char *q = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "quarter");
	int hf, ht;
	qs_date(r, "from", from, &hf);
	qs_date(r, "to", to, &ht);
	if (!hf)
		*from = WB_NO_DATE;
	if (!ht)
		*to = WB_NO_DATE;
	int y, n;
	char tail;
	if (m) {
		if (strlen(m) != 7 || m[4] != '-' || sscanf(m, "%4d-%2d%c", &y, &n, &tail) != 2 ||
		    y < 2000 || y > 2100 || n < 1 || n > 12)
			return svc_field(&r->svc, "month", "must be YYYY-MM");
		*from = wb_date_from_ymd(y, n, 1);
		*to = (n == 12 ? wb_date_from_ymd(y + 1, 1, 1) : wb_date_from_ymd(y, n + 1, 1)) - 1;
	} else if (q) {
		if (strlen(q) != 7 || sscanf(q, "%4d-Q%1d%c", &y, &n, &tail) != 2 || y < 2000 ||
		    y > 2100 || n < 1 || n > 4)
			return svc_field(&r->svc, "quarter", "must be YYYY-Qn, n from 1 to 4");
		*from = wb_date_from_ymd(y, 3 * n - 2, 1);
		*to = (n == 4 ? wb_date_from_ymd(y + 1, 1, 1) : wb_date_from_ymd(y, 3 * n + 1, 1)) -
		      1;
	}
	if (*from != WB_NO_DATE && *to != WB_NO_DATE && *to < *from)
		return svc_field(&r->svc, "to", "must not be before from");
	return r->svc.errs.n ? WB_ERR_INVALID : 0;
}

static int fill_scores(struct table *t, void *arg)
{
	return scores_export(arg, t);
}

void h_campaigns_scores(struct req *r)
{
	const char *lv = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "level");
	const char *fmt = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "format");
	enum store_level level = LEVEL_UNIT;
	if (lv && strcmp(lv, "station") == 0)
		level = LEVEL_STATION;
	else if (lv && strcmp(lv, "point") == 0)
		level = LEVEL_POINT;
	else if (lv && strcmp(lv, "unit") != 0)
		svc_field(&r->svc, "level", "must be unit, station or point");
	int f = fmt ? table_format_parse(fmt) : TABLE_JSON;
	if (f < 0)
		svc_field(&r->svc, "format", "must be json, csv or xlsx");
	wb_date from, to;
	read_period(r, &from, &to);
	int dim = -1;
	qs_enum(r, "dimension", &wb_dimensions, &dim);
	if (reply_if_invalid(r))
		return;
	struct wb_campaign camp;
	struct svc_scores sc;
	int rc = svc_campaign_scores(&r->svc, r->ids[0], level, from, to, dim >= 0 ? 1u << dim : 0,
				     &camp, &sc);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	static const char *const levels[] = {"unit", "station", "point"};
	if (f != TABLE_JSON) {
		const char *which =
			dim >= 0 ? arena_printf(&r->a, "（%s）", wb_enum_label(&wb_dimensions, dim))
				 : "";
		reply_table(r, f, arena_printf(&r->a, "%s 量化评分表%s", camp.name, which), 1,
			    fill_scores, &sc,
			    arena_printf(&r->a, "%s-量化评分-%s%s.%s", camp.name, levels[level],
					 which, table_ext((enum table_format)f)));
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < sc.n; i++)
		json_array_append_new(items, row_json(&sc.rows[i]));
	reply_json(
		r, 200,
		json_pack("{s:I, s:s, s:o, s:{s:o, s:o}, s:o, s:o, s:o}", "campaign_id",
			  (json_int_t)camp.id, "level", levels[level], "dimension",
			  dim >= 0 ? json_string(wb_enum_name(&wb_dimensions, dim)) : json_null(),
			  "period", "from", render_date(from), "to", render_date(to), "computed_at",
			  render_time(r, r->svc.now), "scheme", render_scheme(&sc.scheme), "items",
			  items));
}

void h_schemes_current(struct req *r)
{
	wb_date on;
	int has;
	qs_date(r, "on", &on, &has);
	if (reply_if_invalid(r))
		return;
	struct svc_scheme s;
	int rc = svc_scheme_for(&r->svc, has ? on : svc_today(&r->svc), &s);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_json(r, 200, render_scheme(&s));
}

static void read_numbers(struct req *r, json_t *o, const char *key, const char *const *names, int n,
			 double *out)
{
	json_t *v = json_object_get(o, key);
	if (v == NULL || json_is_null(v))
		return;
	if (!json_is_object(v)) {
		svc_field(&r->svc, key, "must be an object");
		return;
	}
	const char *k;
	json_t *x;
	json_object_foreach(v, k, x)
	{
		int found = -1;
		for (int i = 0; i < n; i++)
			if (strcmp(names[i], k) == 0)
				found = i;
		if (found < 0 || !json_is_number(x)) {
			svc_field(&r->svc, arena_printf(&r->a, "%s.%s", key, k),
				  found < 0 ? "is not a known member" : "must be a number");
			continue;
		}
		out[found] = json_number_value(x);
	}
}

void h_schemes_create(struct req *r)
{
	static const char *const fields[] = {"valid_from", "weights",      "scale", "grades",
					     "min_count",  "survey_share", NULL};
	static const char *const scale_names[] = {"satisfied", "basically_satisfied",
						  "unsatisfied"};
	static const char *const grade_names[] = {"excellent", "good", "pass"};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct svc_scheme s;
	/* Start from the scheme in force today: a request may change only some members. */
	int rc = svc_scheme_for(&r->svc, svc_today(&r->svc), &s);
	if (rc < 0) {
		json_decref(o);
		reply_err(r, rc);
		return;
	}
	int has;
	int64_t minc = s.min_count;
	jin_date(r, o, "valid_from", &s.valid_from, &has);
	jin_required(r, "valid_from", has);
	jin_int(r, o, "min_count", 1, 10000, &minc, NULL);
	int64_t share = s.survey_share;
	jin_int(r, o, "survey_share", 0, 100, &share, NULL);
	s.survey_share = (int)share;
	read_numbers(r, o, "weights", wb_part_names, PART__N, s.weights.w);
	double sc[3] = {s.scale.satisfied, s.scale.basic, s.scale.unsatisfied};
	double gr[3] = {s.grades.excellent, s.grades.good, s.grades.pass};
	read_numbers(r, o, "scale", scale_names, 3, sc);
	read_numbers(r, o, "grades", grade_names, 3, gr);
	json_decref(o);
	if (reply_if_invalid(r))
		return;
	s.scale = (struct wb_scale){sc[0], sc[1], sc[2]};
	s.grades = (struct wb_grades){gr[0], gr[1], gr[2]};
	s.min_count = (int)minc;
	int64_t id;
	rc = svc_scheme_create(&r->svc, &s, &id);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	s.id = id;
	reply_json(r, 201, render_scheme(&s));
}
