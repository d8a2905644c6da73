/*
 * Leaders' pledges (十项承诺): /pledges, /pledges/{id} with its fulfilment records and
 * ratings, the template, and the public pages /public/pledges. The rules are in
 * src/svc/svc_pledges.c; this file translates.
 */
#include "http.h"

#include <stdint.h>
#include <string.h>

#include "../core/enums.h"
#include "../core/targets.h"
#include "../svc/svc_pledges.h"
#include "../util/err.h"

static json_t *counts(const int v[PRT__N])
{
	return json_pack("{s:i, s:i, s:i}", "satisfied", v[PRT_SATISFIED], "basically",
			 v[PRT_BASICALLY], "unsatisfied", v[PRT_UNSATISFIED]);
}

/* A set; @p detail adds each fulfilment record and, for the office, the ratings' notes. */
static json_t *render_pledge(struct req *r, const struct svc_pledge_view *v, int detail)
{
	const struct wb_pledge_set *s = &v->s;
	json_t *items = json_array();
	for (size_t i = 0; i < v->nitems; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:i, s:o}", "no",
						       (json_int_t)v->items[i].no, "text",
						       v->items[i].text, "records", v->records[i],
						       "last_day", render_date(v->last_day[i])));
	json_t *actions = json_array();
	for (int i = 0; svc_pledge_action_names[i]; i++)
		if (v->actions & (1u << i))
			json_array_append_new(actions, json_string(svc_pledge_action_names[i]));
	json_t *o = json_pack(
		"{s:I, s:I, s:s, s:s, s:o, s:o, s:s, s:s, s:o, s:o, s:I, s:f, s:{s:o, s:o}, s:o}",
		"id", (json_int_t)s->id, "unit_id", (json_int_t)s->unit_id, "unit_name",
		v->unit_name, "title", s->title, "period_from", render_date(s->period_from),
		"period_to", render_date(s->period_to), "status",
		wb_enum_name(&wb_pledge_statuses, s->status), "status_label",
		wb_enum_label(&wb_pledge_statuses, s->status), "published_at",
		render_time(r, s->published_at), "items", items, "fulfilled",
		(json_int_t)v->fulfilled, "rate", wb_round2(v->rate * 10000) / 10000, "ratings",
		"public", counts(v->ratings[PLR_PUBLIC]), "colleague",
		counts(v->ratings[PLR_COLLEAGUE]), "actions", actions);
	json_object_set_new(o, "holder", json_string(s->person_id ? "person" : "team"));
	json_object_set_new(o, "person_id",
			    s->person_id ? json_integer(s->person_id) : json_null());
	json_object_set_new(o, "person_name",
			    v->person_name ? json_string(v->person_name) : json_null());
	json_object_set_new(o, "person_post",
			    v->person_post ? json_string(v->person_post) : json_null());
	if (detail) {
		json_t *list = json_array();
		for (size_t k = 0; k < v->nlist; k++)
			json_array_append_new(
				list, json_pack("{s:I, s:I, s:o, s:s, s:s, s:o}", "id",
						(json_int_t)v->list[k].id, "item_no",
						(json_int_t)v->list[k].item_no, "day",
						render_date(v->list[k].day), "text",
						v->list[k].text, "evidence",
						v->list[k].evidence ? v->list[k].evidence : "",
						"at", render_time(r, v->list[k].at)));
		json_object_set_new(o, "records", list);
		if (r->svc.who.role == ROLE_ADMIN) {
			json_t *notes = json_array();
			for (size_t k = 0; k < v->nnotes; k++)
				json_array_append_new(notes, json_string(v->notes[k]));
			json_object_set_new(o, "notes", notes);
		}
	}
	return o;
}

static int year_of(struct req *r, int *year)
{
	qs_year(r, year);
	return reply_if_invalid(r) ? -1 : 0;
}

/* Reply with set @p id over @p year as the caller sees it, or with the error @p rc. */
static void reply_pledge(struct req *r, int rc, int64_t id, int year, int public_view,
			 unsigned status)
{
	struct svc_pledge_view v;
	if (rc >= 0)
		rc = svc_pledge_get(&r->svc, id, year, public_view, &v);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_json(r, status, render_pledge(r, &v, 1));
}

static void list(struct req *r, int public_view)
{
	int64_t unit = 0;
	int year;
	qs_id(r, "unit_id", &unit);
	if (year_of(r, &year) < 0)
		return;
	struct svc_pledge_view *v;
	size_t n;
	int rc = svc_pledges(&r->svc, unit, year, public_view, &v, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, render_pledge(r, &v[i], 0));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void h_pledges_list(struct req *r)
{
	list(r, 0);
}

void h_pledges_template(struct req *r)
{
	json_t *items = json_array();
	for (int i = 0; i < SVC_PLEDGE_TEMPLATE_N; i++)
		json_array_append_new(items, json_string(svc_pledge_template[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

/* The members of a set's body; person_id -1 when absent (null: the leadership team). */
static void read_set(struct req *r, json_t *o, struct svc_pledge_in *in)
{
	int has;
	in->person_id = -1;
	in->from = in->to = WB_NO_DATE;
	jin_int(r, o, "unit_id", 1, INT64_MAX, &in->unit_id, NULL);
	json_t *p = json_object_get(o, "person_id");
	if (p && json_is_null(p))
		in->person_id = 0;
	else
		jin_int(r, o, "person_id", 1, INT64_MAX, &in->person_id, &has);
	jin_str(r, o, "title", &in->title, NULL);
	jin_date(r, o, "period_from", &in->from, NULL);
	jin_date(r, o, "period_to", &in->to, NULL);
	in->items = json_object_get(o, "items");
	if (json_is_null(in->items))
		in->items = NULL;
}

void h_pledges_create(struct req *r)
{
	static const char *const fields[] = {"unit_id",   "person_id", "title", "period_from",
					     "period_to", "items",     NULL};
	int year;
	if (year_of(r, &year) < 0)
		return;
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct svc_pledge_in in = {0};
	read_set(r, o, &in);
	jin_required(r, "unit_id", in.unit_id != 0);
	if (in.person_id < 0)
		in.person_id = 0;
	int64_t id = 0;
	int rc = reply_if_invalid(r) ? 1 : svc_pledge_create(&r->svc, &in, &id);
	json_decref(o);
	if (rc > 0)
		return;
	if (rc == 0)
		r->location = arena_printf(&r->a, "/api/v1/pledges/%lld", (long long)id);
	reply_pledge(r, rc, id, year, 0, 201);
}

void h_pledges_get(struct req *r)
{
	int year;
	if (year_of(r, &year) == 0)
		reply_pledge(r, 0, r->ids[0], year, 0, 200);
}

void h_pledges_patch(struct req *r)
{
	static const char *const fields[] = {"person_id", "title", "period_from",
					     "period_to", "items", NULL};
	int year;
	if (year_of(r, &year) < 0)
		return;
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct svc_pledge_in in = {0};
	read_set(r, o, &in);
	int rc = reply_if_invalid(r) ? 1 : svc_pledge_update(&r->svc, r->ids[0], &in);
	json_decref(o);
	if (rc <= 0)
		reply_pledge(r, rc, r->ids[0], year, 0, 200);
}

void h_pledges_publish(struct req *r)
{
	static const char *const fields[] = {NULL};
	int year;
	if (year_of(r, &year) < 0)
		return;
	if (r->body.len) {
		json_t *o = jin_object(r, fields);
		if (o == NULL)
			return;
		json_decref(o);
	}
	reply_pledge(r, svc_pledge_publish(&r->svc, r->ids[0]), r->ids[0], year, 0, 200);
}

void h_pledges_record(struct req *r)
{
	static const char *const fields[] = {"item_no", "day", "text", "evidence", NULL};
	int year;
	if (year_of(r, &year) < 0)
		return;
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	int64_t item = 0, id = 0;
	wb_date day = WB_NO_DATE;
	const char *text = NULL, *evidence = NULL;
	int has;
	jin_int(r, o, "item_no", 1, 100, &item, &has);
	jin_required(r, "item_no", has);
	jin_date(r, o, "day", &day, NULL);
	jin_str(r, o, "text", &text, NULL);
	jin_str(r, o, "evidence", &evidence, NULL);
	int rc = reply_if_invalid(r)
			 ? 1
			 : svc_pledge_record(&r->svc, r->ids[0], item, day, text, evidence, &id);
	json_decref(o);
	if (rc <= 0)
		reply_pledge(r, rc, r->ids[0], year, 0, 201);
}

static void rate(struct req *r, int public_view)
{
	static const char *const fields[] = {"rating", "note", NULL};
	int year;
	if ((public_view && public_limited(r, "pledge")) || year_of(r, &year) < 0)
		return;
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	int rating = -1, has;
	const char *note = NULL;
	jin_enum(r, o, "rating", &wb_pledge_ratings, &rating, &has);
	jin_required(r, "rating", has);
	jin_str(r, o, "note", &note, NULL);
	int rc = reply_if_invalid(r) ? 1 : svc_pledge_rate(&r->svc, r->ids[0], rating, note);
	json_decref(o);
	if (rc <= 0)
		reply_pledge(r, rc, r->ids[0], year, public_view, 201);
}

void h_pledges_rate(struct req *r)
{
	rate(r, 0);
}

/* The public pages read and rate as the public, whoever is logged in. */
void h_public_pledges(struct req *r)
{
	r->svc.who = (struct wb_actor){0, ROLE__N, 0};
	list(r, 1);
}

void h_public_pledge(struct req *r)
{
	r->svc.who = (struct wb_actor){0, ROLE__N, 0};
	int year;
	if (year_of(r, &year) == 0)
		reply_pledge(r, 0, r->ids[0], year, 1, 200);
}

void h_public_pledge_rate(struct req *r)
{
	r->svc.who = (struct wb_actor){0, ROLE__N, 0};
	rate(r, 1);
}
