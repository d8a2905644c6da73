/*
 * The satisfaction survey: /surveys for the statistics bureau, the office and the units,
 * and /public/survey/{code} for people answering on their own. The rules are in
 * src/svc/svc_survey*.c; this file translates.
 */
#include "http.h"

#include <math.h>
#include <string.h>

#include "../core/perm.h"
#include "../export/survey.h"
#include "../svc/svc_survey.h"
#include "../util/err.h"

/* ---- rendering ---- */

/* The questionnaire: item number, dimension, label, and whether it is the overall one. */
static json_t *render_items(const struct svc_survey *sv)
{
	json_t *items = json_array();
	for (int i = 0; i < sv->nitems; i++)
		json_array_append_new(
			items, json_pack("{s:i, s:s, s:s, s:b}", "item", i, "dimension",
					 wb_enum_name(&wb_dimensions, sv->items[i].dim), "label",
					 sv->items[i].label ? sv->items[i].label : "", "overall",
					 sv->items[i].overall));
	return items;
}

static json_t *render_survey(struct req *r, const struct svc_survey *sv)
{
	const struct wb_survey *s = &sv->s;
	json_t *items = render_items(sv);
	json_t *j = json_pack(
		"{s:I, s:I, s:s, s:s, s:s, s:s, s:{s:f, s:f, s:f, s:f, s:I}, s:o, s:[f,f,f], s:i}",
		"id", (json_int_t)s->id, "campaign_id", (json_int_t)s->campaign_id, "round",
		wb_enum_name(&wb_survey_rounds, s->round), "title", s->title, "state",
		wb_enum_name(&wb_survey_states, s->state), "state_label",
		wb_enum_label(&wb_survey_states, s->state), "design", "margin", sv->design.margin,
		"confidence", sv->design.confidence, "p", sv->design.p, "response_rate",
		sv->design.response_rate, "min_n", (json_int_t)sv->design.min_n, "items", items,
		"scale", sv->scale.satisfied, sv->scale.basic, sv->scale.unsatisfied,
		"recheck_share", s->recheck_share);
	json_object_set_new(j, "seed_hash", s->seed_hash ? json_string(s->seed_hash) : json_null());
	json_object_set_new(j, "seed", s->seed ? json_string(s->seed) : json_null());
	/* the server drew the seed (and kept it sealed until the draw) */
	json_object_set_new(j, "server_seed",
			    json_boolean(sv->seed_by && strcmp(sv->seed_by, "server") == 0));
	json_object_set_new(j, "frame_hash",
			    sv->frame_hash ? json_string(sv->frame_hash) : json_null());
	json_object_set_new(j, "notice", s->notice ? json_string(s->notice) : json_null());
	json_t *acts = json_array();
	unsigned may = svc_survey_actions(&r->svc, s);
	for (int a = 0; a < SA__N; a++)
		if (may & 1u << a)
			json_array_append_new(acts, json_string(svc_survey_action_names[a]));
	json_object_set_new(j, "actions", acts);
	static const char *const at[] = {"created_at", "committed_at", "closed_at",
					 "drawn_at",   "finished_at",  "published_at"};
	const int64_t t[] = {s->created_at, s->committed_at, s->closed_at,
			     s->drawn_at,   s->finished_at,  s->published_at};
	for (int i = 0; i < 6; i++)
		json_object_set_new(j, at[i], render_time(r, t[i]));
	return j;
}

static json_t *render_units(const struct svc_survey_unit *u, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++) {
		json_t *o = json_pack(
			"{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "unit_id",
			(json_int_t)u[i].unit.id, "unit_name", u[i].unit.name ? u[i].unit.name : "",
			"unit_code", u[i].unit.code ? u[i].unit.code : "", "unit_kind",
			wb_enum_name(&wb_unit_kinds, u[i].unit.kind), "frame_n",
			(json_int_t)u[i].frame_n, "sample_n", (json_int_t)u[i].sample_n, "drawn",
			(json_int_t)u[i].drawn, "completed", (json_int_t)u[i].completed, "refused",
			(json_int_t)u[i].refused, "unreachable", (json_int_t)u[i].unreachable,
			"ineligible", (json_int_t)u[i].ineligible, "pending",
			(json_int_t)u[i].pending);
		json_object_set_new(o, "rr1",
				    u[i].rr1_defined ? json_real(round(u[i].rr1 * 1e4) / 1e4)
						     : json_null());
		json_array_append_new(a, o);
	}
	return a;
}

/* The survey as its readers see it: with each unit's design and fieldwork. */
static void reply_survey(struct req *r, unsigned status, int64_t id)
{
	struct svc_survey sv;
	int rc = svc_survey_get(&r->svc, id, &sv);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *j = render_survey(r, &sv);
	if (wb_perm_allows(r->svc.who.role, PERM_SURVEY_READ)) {
		struct svc_survey_unit *u;
		int n;
		if ((rc = svc_survey_units(&r->svc, id, &u, &n)) < 0) {
			json_decref(j);
			reply_err(r, rc);
			return;
		}
		json_object_set_new(j, "units", render_units(u, n));
	}
	reply_json(r, status, j);
}

static json_t *render_call(struct req *r, const struct svc_call *c)
{
	const struct wb_survey_person *p = &c->p;
	json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:I}", "id", (json_int_t)p->id,
			      "unit_id", (json_int_t)p->unit_id, "unit_name",
			      c->unit.name ? c->unit.name : "", "unit_code", p->unit_code,
			      "respondent_id", p->respondent_id, "stratum", p->stratum, "draw_pos",
			      (json_int_t)p->draw_pos, "attempts", (json_int_t)p->attempts);
	json_object_set_new(j, "outcome",
			    p->outcome >= 0
				    ? json_string(wb_enum_name(&wb_call_outcomes, p->outcome))
				    : json_null());
	json_object_set_new(j, "mode",
			    p->mode >= 0 ? json_string(wb_enum_name(&wb_survey_modes, p->mode))
					 : json_null());
	json_object_set_new(j, "recheck", json_integer(p->recheck));
	json_object_set_new(j, "held_until", render_time(r, p->held_until));
	json_object_set_new(j, "name", c->name ? json_string(c->name) : json_null());
	json_object_set_new(j, "phone", c->phone ? json_string(c->phone) : json_null());
	json_t *ans = json_array();
	for (int i = 0; i < c->nanswers; i++)
		json_array_append_new(ans, json_string(wb_enum_name(&wb_ratings, c->answers[i])));
	json_object_set_new(j, "answers", ans);
	return j;
}

/* ---- reading bodies ---- */

/* answers: an array of answer names, one per item. */
static int read_answers(struct req *r, json_t *o, enum wb_rating *out, int *n, int required)
{
	json_t *a = json_object_get(o, "answers");
	*n = 0;
	if (a == NULL || json_is_null(a)) {
		if (required)
			jin_required(r, "answers", 0);
		return 0;
	}
	if (!json_is_array(a) || json_array_size(a) > SVC_SURVEY_ITEMS_MAX) {
		svc_field(&r->svc, "answers", "must be an array of up to 40 answers");
		return -1;
	}
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
	{
		int k = wb_enum_parse(&wb_ratings, json_string_value(v));
		if (k < 0) {
			svc_field(&r->svc, "answers",
				  "each must be satisfied, basically_satisfied, unsatisfied or "
				  "unaware");
			return -1;
		}
		out[(*n)++] = (enum wb_rating)k;
	}
	return 0;
}

static const char *const design_keys[] = {"margin", "confidence", "p", "response_rate", "min_n"};

/* The fields of a create or a PATCH into @p in. */
static void read_survey_in(struct req *r, json_t *o, struct svc_survey_in *in)
{
	jin_str(r, o, "title", &in->title, &in->has_title);
	json_t *d = json_object_get(o, "design");
	if (d && !json_is_null(d) && !json_is_object(d)) {
		svc_field(&r->svc, "design", "must be an object");
	} else if (d && !json_is_null(d)) {
		double *dv[] = {&in->design.margin, &in->design.confidence, &in->design.p,
				&in->design.response_rate};
		const char *key;
		json_t *v;
		json_object_foreach(d, key, v)
		{
			int k = 0;
			while (k < 5 && strcmp(key, design_keys[k]) != 0)
				k++;
			const char *name = arena_printf(&r->a, "design.%s", key);
			if (k == 5)
				svc_field(&r->svc, name, "is not a known member");
			else if (json_is_null(v))
				continue;
			else if (!json_is_number(v) || (k == 4 && !json_is_integer(v)))
				svc_field(&r->svc, name,
					  k == 4 ? "must be an integer" : "must be a number");
			else if (k == 4)
				in->design.min_n = json_integer_value(v);
			else
				*dv[k] = json_number_value(v);
			if (k < 5 && json_is_number(v))
				in->has_design[k] = 1;
		}
	}
	json_t *sc = json_object_get(o, "scale");
	if (sc && !json_is_null(sc)) {
		in->has_scale = 1;
		if (!json_is_array(sc) || json_array_size(sc) != 3 ||
		    !json_is_number(json_array_get(sc, 0)) ||
		    !json_is_number(json_array_get(sc, 1)) ||
		    !json_is_number(json_array_get(sc, 2)))
			svc_field(&r->svc, "scale",
				  "must be three numbers: 满意, 基本满意, 不满意");
		else
			in->scale = (struct wb_scale){json_number_value(json_array_get(sc, 0)),
						      json_number_value(json_array_get(sc, 1)),
						      json_number_value(json_array_get(sc, 2))};
	}
	int64_t share = 0;
	jin_int(r, o, "recheck_share", 0, 100, &share, &in->has_recheck_share);
	in->recheck_share = (int)share;
	json_t *items = json_object_get(o, "items");
	if (items && !json_is_null(items)) {
		in->has_items = 1;
		if (!json_is_array(items) || json_array_size(items) > SVC_SURVEY_ITEMS_MAX) {
			svc_field(&r->svc, "items", "must be an array of up to 40 items");
			return;
		}
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
		{
			int dim =
				wb_enum_parse(&wb_dimensions,
					      json_string_value(json_object_get(it, "dimension")));
			json_t *label = json_object_get(it, "label");
			if (!json_is_object(it) || dim < 0 || !json_is_string(label)) {
				svc_field(&r->svc, "items",
					  "each must be {dimension: conduct|efficiency, label, "
					  "overall}");
				return;
			}
			in->items[in->nitems++] = (struct svc_survey_item){
				(enum wb_dimension)dim,
				arena_strdup(&r->a, json_string_value(label)),
				json_is_true(json_object_get(it, "overall")),
			};
		}
	}
}

/* ---- the survey ---- */

static int allowed(struct req *r, enum wb_perm p)
{
	if (wb_perm_allows(r->svc.who.role, p))
		return 1;
	reply_problem(r, 403, "your role may not do this");
	return 0;
}

void h_surveys_list(struct req *r)
{
	int64_t campaign = 0;
	unsigned states = 0;
	qs_id(r, "campaign_id", &campaign);
	qs_enum_set(r, "state", &wb_survey_states, &states);
	if (reply_if_invalid(r))
		return;
	struct svc_survey *v;
	int n;
	int rc = svc_survey_list(&r->svc, campaign, states, &v, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, render_survey(r, &v[i]));
	reply_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next"));
}

void h_surveys_create(struct req *r)
{
	static const char *const fields[] = {"campaign_id", "round",         "title", "design",
					     "scale",       "recheck_share", "items", NULL};
	if (!allowed(r, PERM_SURVEY_RUN))
		return;
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct svc_survey_in in = {0};
	int has, round = -1;
	jin_int(r, o, "campaign_id", 1, INT64_MAX, &in.campaign_id, &has);
	jin_required(r, "campaign_id", has);
	jin_enum(r, o, "round", &wb_survey_rounds, &round, &has);
	jin_required(r, "round", has);
	in.round = (enum wb_survey_round)round;
	read_survey_in(r, o, &in);
	json_decref(o);
	if (reply_if_invalid(r))
		return;
	int64_t id;
	int rc = svc_survey_create(&r->svc, &in, &id);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	r->location = arena_printf(&r->a, "/api/v1/surveys/%lld", (long long)id);
	reply_survey(r, 201, id);
}

void h_surveys_get(struct req *r)
{
	reply_survey(r, 200, r->ids[0]);
}

void h_surveys_patch(struct req *r)
{
	static const char *const fields[] = {"title",         "design", "scale",
					     "recheck_share", "items",  NULL};
	if (!allowed(r, PERM_SURVEY_RUN))
		return;
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct svc_survey_in in = {0};
	read_survey_in(r, o, &in);
	json_decref(o);
	if (reply_if_invalid(r))
		return;
	int rc = svc_survey_update(&r->svc, r->ids[0], &in);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_survey(r, 200, r->ids[0]);
}

void h_surveys_frame(struct req *r)
{
	if (!allowed(r, PERM_SURVEY_RUN))
		return;
	struct svc_frame_result res;
	int rc = svc_survey_frame(&r->svc, r->ids[0], r->body.ptr, r->body.len, &res);
	if (rc == WB_ERR_INVALID && res.nerr) {
		json_t *lines = json_array();
		for (int i = 0; i < res.nerr; i++)
			json_array_append_new(lines, json_pack("{s:I, s:s}", "line",
							       (json_int_t)res.err[i].line,
							       "message", res.err[i].message));
		reply_problem_with(r, 400, r->svc.errs.detail,
				   json_pack("{s:o, s:I}", "lines", lines, "more_lines",
					     (json_int_t)res.more));
		return;
	}
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	reply_json(r, 200,
		   json_pack("{s:I, s:I}", "people", (json_int_t)res.people, "units",
			     (json_int_t)res.units));
}

/* A POST that moves the survey on: its body's one text member into svc. */
static void step(struct req *r, const char *member, enum wb_perm p,
		 int (*fn)(struct svc_ctx *c, int64_t id, const char *arg))
{
	const char *const fields[] = {member, NULL};
	if (!allowed(r, p))
		return;
	const char *arg = NULL;
	if (r->body.len) {
		json_t *o = jin_object(r, fields);
		if (o == NULL)
			return;
		if (member)
			jin_str(r, o, member, &arg, NULL);
		json_decref(o);
		if (reply_if_invalid(r))
			return;
	}
	int rc = fn(&r->svc, r->ids[0], arg);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_survey(r, 200, r->ids[0]);
}

static int do_close(struct svc_ctx *c, int64_t id, const char *arg)
{
	(void)arg;
	return svc_survey_close(c, id);
}

static int do_finish(struct svc_ctx *c, int64_t id, const char *arg)
{
	(void)arg;
	return svc_survey_finish(c, id);
}

static int do_publish(struct svc_ctx *c, int64_t id, const char *arg)
{
	return svc_survey_publish(c, id, arg);
}

void h_surveys_commit(struct req *r)
{
	step(r, "seed_hash", PERM_SURVEY_RUN, svc_survey_commit);
}

void h_surveys_close(struct req *r)
{
	step(r, NULL, PERM_SURVEY_RUN, do_close);
}

void h_surveys_draw(struct req *r)
{
	step(r, "seed", PERM_SURVEY_RUN, svc_survey_draw);
}

void h_surveys_finish(struct req *r)
{
	step(r, NULL, PERM_SURVEY_RUN, do_finish);
}

void h_surveys_publish(struct req *r)
{
	step(r, "notice", PERM_SURVEY_PUBLISH, do_publish);
}

/* ---- fieldwork ---- */

void h_surveys_next(struct req *r)
{
	static const char *const fields[] = {"unit_id", NULL};
	if (!allowed(r, PERM_SURVEY_RUN))
		return;
	int64_t unit = 0;
	if (r->body.len) {
		json_t *o = jin_object(r, fields);
		if (o == NULL)
			return;
		jin_int(r, o, "unit_id", 1, INT64_MAX, &unit, NULL);
		json_decref(o);
		if (reply_if_invalid(r))
			return;
	}
	struct svc_call call;
	int rc = svc_survey_next(&r->svc, r->ids[0], unit, &call);
	if (rc < 0)
		reply_err(r, rc);
	else if (rc == 0)
		reply_empty(r, 204);
	else
		reply_json(r, 200, render_call(r, &call));
}

void h_surveys_person(struct req *r)
{
	struct svc_call call;
	int rc = svc_survey_person(&r->svc, r->ids[0], r->ids[1], &call);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_json(r, 200, render_call(r, &call));
}

static void reply_person(struct req *r)
{
	h_surveys_person(r);
}

void h_surveys_outcome(struct req *r)
{
	static const char *const fields[] = {"outcome", "answers", NULL};
	if (!allowed(r, PERM_SURVEY_RUN))
		return;
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	int outcome = -1, has, n;
	enum wb_rating answers[SVC_SURVEY_ITEMS_MAX];
	jin_enum(r, o, "outcome", &wb_call_outcomes, &outcome, &has);
	jin_required(r, "outcome", has);
	read_answers(r, o, answers, &n, 0);
	json_decref(o);
	if (reply_if_invalid(r))
		return;
	int rc = svc_survey_outcome(&r->svc, r->ids[0], r->ids[1], (enum wb_call_outcome)outcome,
				    answers, n);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_person(r);
}

void h_surveys_callback(struct req *r)
{
	if (!allowed(r, PERM_SURVEY_RUN))
		return;
	int rc = svc_survey_callback(&r->svc, r->ids[0], r->ids[1]);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_person(r);
}

void h_surveys_codes(struct req *r)
{
	static const char *const fields[] = {"unit_id", NULL};
	if (!allowed(r, PERM_SURVEY_RUN))
		return;
	int64_t unit = 0;
	if (r->body.len) {
		json_t *o = jin_object(r, fields);
		if (o == NULL)
			return;
		jin_int(r, o, "unit_id", 1, INT64_MAX, &unit, NULL);
		json_decref(o);
		if (reply_if_invalid(r))
			return;
	}
	struct svc_code *v;
	int n;
	int rc = svc_survey_codes(&r->svc, r->ids[0], unit, &v, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s}", "person_id",
						       (json_int_t)v[i].person_id, "unit_code",
						       v[i].unit_code, "respondent_id",
						       v[i].respondent_id, "code", v[i].code));
	reply_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next"));
}

void h_surveys_recheck_draw(struct req *r)
{
	if (!allowed(r, PERM_SURVEY_RUN))
		return;
	int64_t drawn;
	int rc = svc_survey_recheck_draw(&r->svc, r->ids[0], &drawn);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_json(r, 200, json_pack("{s:I}", "drawn", (json_int_t)drawn));
}

void h_surveys_recheck(struct req *r)
{
	static const char *const fields[] = {"answers", NULL};
	if (!allowed(r, PERM_SURVEY_RUN))
		return;
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	enum wb_rating answers[SVC_SURVEY_ITEMS_MAX];
	int n;
	read_answers(r, o, answers, &n, 1);
	json_decref(o);
	if (reply_if_invalid(r))
		return;
	int rc = svc_survey_recheck(&r->svc, r->ids[0], r->ids[1], answers, n);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_person(r);
}

void h_surveys_recheck_report(struct req *r)
{
	json_t *j;
	int rc = svc_survey_recheck_report(&r->svc, r->ids[0], &j);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_json(r, 200, j);
}

static int sample_row(void *arg, const struct wb_survey_person *p)
{
	struct list *l = arg;
	json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:I}", "id", (json_int_t)p->id,
			      "unit_id", (json_int_t)p->unit_id, "unit_code", p->unit_code,
			      "respondent_id", p->respondent_id, "stratum", p->stratum, "draw_pos",
			      (json_int_t)p->draw_pos, "attempts", (json_int_t)p->attempts,
			      "recheck", (json_int_t)p->recheck);
	json_object_set_new(j, "outcome",
			    p->outcome >= 0
				    ? json_string(wb_enum_name(&wb_call_outcomes, p->outcome))
				    : json_null());
	json_object_set_new(j, "mode",
			    p->mode >= 0 ? json_string(wb_enum_name(&wb_survey_modes, p->mode))
					 : json_null());
	json_object_set_new(j, "outcome_at", render_time(l->r, p->outcome_at));
	list_add(l, p->id, j);
	return 0;
}

void h_surveys_sample(struct req *r)
{
	int limit;
	int64_t cursor, unit = 0;
	if (qs_page(r, &limit, &cursor) < 0 || qs_id(r, "unit_id", &unit) < 0 ||
	    reply_if_invalid(r))
		return;
	struct list l;
	list_init(&l, r, limit);
	list_finish(&l,
		    svc_survey_sample(&r->svc, r->ids[0], unit, cursor, limit + 1, sample_row, &l));
}

void h_surveys_estimates(struct req *r)
{
	json_t *j;
	int rc = svc_survey_estimates(&r->svc, r->ids[0], &j);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_json(r, 200, j);
}

/* ---- exports ---- */

struct export_op {
	struct req *r;
	enum survey_table which;
	struct svc_survey *sv;
	struct svc_survey_unit *units;
	int nunits;
	json_t *est;
	struct table *t;
	int64_t last;
	int rc;
};

static int export_person(void *arg, const struct wb_survey_person *p)
{
	struct export_op *op = arg;
	op->last = p->id;
	return survey_export_person(op->which, p, op->r->svc.cfg.tz_min, op->t);
}

static int fill_export(struct table *t, void *arg)
{
	struct export_op *op = arg;
	op->t = t;
	switch (op->which) {
	case ST_DESIGN:
		return survey_export_design(op->sv, op->units, op->nunits, t);
	case ST_ESTIMATES:
		return survey_export_estimates(op->est, t);
	default:
		break;
	}
	int rc = survey_export_people_start(op->which, t), got;
	/* a page at a time: memory stays flat however large the sample */
	do {
		int64_t before = op->last;
		got = rc < 0 ? rc
			     : svc_survey_sample(&op->r->svc, op->r->ids[0], 0, op->last, 1000,
						 export_person, op);
		if (got >= 0 && op->last == before)
			break;
	} while (got == 1000);
	return got < 0 ? got : 0;
}

void h_surveys_export(struct req *r)
{
	struct export_op op = {.r = r, .which = SURVEY_TABLE__N};
	for (int i = 0; i < SURVEY_TABLE__N; i++)
		if (strcmp(r->words[0], survey_table_names[i]) == 0)
			op.which = (enum survey_table)i;
	if (op.which == SURVEY_TABLE__N) {
		reply_problem(r, 404, "no such table: design, sample, outcomes or estimates");
		return;
	}
	const char *fmt = qs_str(r, "format");
	int f = fmt ? table_format_parse(fmt) : TABLE_XLSX;
	if (f < 0)
		svc_field(&r->svc, "format", "must be json, csv or xlsx");
	if (reply_if_invalid(r))
		return;
	struct svc_survey sv;
	int rc = svc_survey_get(&r->svc, r->ids[0], &sv);
	if (rc == 0 && op.which == ST_ESTIMATES)
		rc = svc_survey_estimates(&r->svc, r->ids[0], &op.est);
	else if (rc == 0 && op.which == ST_DESIGN)
		rc = svc_survey_units(&r->svc, r->ids[0], &op.units, &op.nunits);
	else if (rc == 0 && !wb_perm_allows(r->svc.who.role, PERM_SURVEY_READ))
		rc = WB_ERR_NOT_FOUND;
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	op.sv = &sv;
	const char *label = survey_table_labels[op.which];
	reply_table(r, f, arena_printf(&r->a, "%s %s", sv.s.title, label), 0, fill_export, &op,
		    arena_printf(&r->a, "%s-%s.%s", sv.s.title, label,
				 table_ext((enum table_format)f)));
	json_decref(op.est);
}

/* ---- the public's self-completion ---- */

void h_public_survey_get(struct req *r)
{
	if (public_limited(r, "survey"))
		return;
	struct svc_survey sv;
	struct wb_unit unit;
	int rc = svc_survey_by_code(&r->svc, r->words[0], &sv, &unit);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = render_items(&sv);
	reply_json(r, 200,
		   json_pack("{s:s, s:s, s:o}", "title", sv.s.title, "unit_name",
			     unit.name ? unit.name : "", "items", items));
}

void h_public_survey_answer(struct req *r)
{
	static const char *const fields[] = {"answers", NULL};
	if (public_limited(r, "survey"))
		return;
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	enum wb_rating answers[SVC_SURVEY_ITEMS_MAX];
	int n;
	read_answers(r, o, answers, &n, 1);
	json_decref(o);
	if (reply_if_invalid(r))
		return;
	int rc = svc_survey_self(&r->svc, r->words[0], answers, n);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_empty(r, 204);
}
