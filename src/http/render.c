/* Domain records as the JSON objects of API.md. */
#include "http.h"

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/fsm.h"
#include "../core/perm.h"
#include "../core/sweep.h"

/* Keys here are ASCII literals and dates, times and enum names are made by this program:
 * jansson need not check them as UTF-8 again (about 5% of a page of problems). */
#define set_new(j, key, v) json_object_set_new_nocheck((j), (key), (v))

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *render_time(const struct req *r, int64_t t)
{
	if (t == 0)
		return json_null();
	char s[32];
	wb_time_format(t, r->svc.cfg.tz_min, s);
	return json_string_nocheck(s);
}

json_t *render_date(wb_date d)
{
	if (d == WB_NO_DATE)
		return json_null();
	char s[11];
	wb_date_format(d, s);
	return json_string_nocheck(s);
}

json_t *render_unit(const struct wb_unit *u)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)u->id, "name", u->name,
			 "kind", wb_enum_name(&wb_unit_kinds, u->kind), "parent_id",
			 id_or_null(u->parent_id), "station_id", id_or_null(u->station_id), "code",
			 str_or_null(u->code));
}

json_t *render_user(const struct wb_user *u)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)u->id, "username",
			 u->username, "display_name",
			 u->display_name ? u->display_name : u->username, "role",
			 wb_enum_name(&wb_roles, u->role), "unit_id", id_or_null(u->unit_id),
			 "person_id", id_or_null(u->person_id));
}

json_t *render_campaign(const struct wb_campaign *c)
{
	json_t *phases = json_array();
	for (int i = 0; i < c->nphases; i++)
		json_array_append_new(phases,
				      json_pack("{s:s, s:o, s:o}", "kind",
						wb_enum_name(&wb_phase_kinds, c->phases[i].kind),
						"starts_on", render_date(c->phases[i].starts_on),
						"ends_on", render_date(c->phases[i].ends_on)));
	return json_pack("{s:I, s:s, s:i, s:o}", "id", (json_int_t)c->id, "name", c->name, "year",
			 c->year, "phases", phases);
}

json_t *render_opinion(const struct req *r, const struct wb_opinion *o)
{
	json_t *j = json_pack(
		"{s:I, s:I, s:o, s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o}", "id",
		(json_int_t)o->id, "campaign_id", (json_int_t)o->campaign_id, "point_id",
		id_or_null(o->point_id), "target_unit_id", (json_int_t)o->target_unit_id,
		"dimension", wb_enum_name(&wb_dimensions, o->dimension), "source",
		wb_enum_name(&wb_sources, o->source), "channel",
		wb_enum_name(&wb_channels, o->channel), "content", o->content ? o->content : "",
		"received_at", render_time(r, o->received_at), "status",
		wb_enum_name(&wb_opinion_statuses, o->status), "problem_id",
		id_or_null(o->problem_id), "reject_reason", str_or_null(o->reject_reason));
	/* Omitted entirely for roles that may not see them (the store leaves them NULL). */
	if (wb_perm_allows(r->svc.who.role, PERM_SUBMITTER_READ)) {
		set_new(j, "submitter_name", str_or_null(o->submitter_name));
		set_new(j, "submitter_phone", str_or_null(o->submitter_phone));
	}
	/* only in the reply that issues it */
	if (o->receipt)
		set_new(j, "receipt", json_string(o->receipt));
	return j;
}

int problem_overdue(const struct req *r, const struct wb_problem *p)
{
	wb_date today = wb_date_of_time(r->svc.now, r->svc.cfg.tz_min);
	return p->due_on != WB_NO_DATE && today > p->due_on && wb_pstatus_counts_overdue(p->status);
}

json_t *render_workdays_left(struct req *r, wb_date due)
{
	int n;
	return svc_workdays_left(&r->svc, due, &n) > 0 ? json_integer(n) : json_null();
}

json_t *render_problem(struct req *r, const struct wb_problem *p)
{
	json_t *j = json_pack(
		"{s:I, s:I, s:I, s:o, s:s, s:s, s:s, s:o, s:s, s:i, s:s, s:o, s:b, s:b, s:o, s:b}",
		"id", (json_int_t)p->id, "campaign_id", (json_int_t)p->campaign_id,
		"target_unit_id", (json_int_t)p->target_unit_id, "unit_id", id_or_null(p->unit_id),
		"dimension", wb_enum_name(&wb_dimensions, p->dimension), "title", p->title,
		"summary", p->summary ? p->summary : "", "category", str_or_null(p->category),
		"severity", wb_enum_name(&wb_severities, p->severity), "opinion_count",
		p->opinion_count, "status", wb_enum_name(&wb_pstatuses, p->status), "due_on",
		render_date(p->due_on), "overdue", problem_overdue(r, p), "flagged", p->flagged,
		"flag_due_on", render_date(p->flag_due_on), "delisted", p->delisted);
	set_new(j, "return_reason", str_or_null(p->return_reason));
	set_new(j, "reply", str_or_null(p->reply));
	set_new(j, "plan", str_or_null(p->plan));
	set_new(j, "measures", str_or_null(p->measures));
	set_new(j, "percent", json_integer(p->percent));
	set_new(j, "evidence", str_or_null(p->evidence));
	set_new(j, "extension",
		p->ext_due_on == WB_NO_DATE
			? json_null()
			: json_pack("{s:o, s:o, s:b}", "due_on", render_date(p->ext_due_on),
				    "reason", str_or_null(p->ext_reason), "pending",
				    p->ext_pending));
	set_new(j, "ack_due_on", render_date(p->ack_due_on));
	/* the countdown of a problem being worked on, in working days */
	set_new(j, "workdays_left",
		wb_pstatus_counts_overdue(p->status) ? render_workdays_left(r, p->due_on)
						     : json_null());
	wb_date deadline = wb_deadline_of(p);
	wb_date today = wb_date_of_time(r->svc.now, r->svc.cfg.tz_min);
	set_new(j, "flag_days_left",
		p->flagged && p->flag_due_on != WB_NO_DATE ? json_integer(p->flag_due_on - today)
							   : json_null());
	set_new(j, "reminded", json_boolean(deadline != WB_NO_DATE && p->reminded_due == deadline));
	set_new(j, "escalated",
		json_boolean(deadline != WB_NO_DATE && p->escalated_due == deadline));
	set_new(j, "reopen_count", json_integer(p->reopen_count));
	set_new(j, "round", json_integer(p->round));
	set_new(j, "created_at", render_time(r, p->created_at));
	set_new(j, "updated_at", render_time(r, p->updated_at));
	set_new(j, "dispatched_at", render_time(r, p->dispatched_at));
	set_new(j, "acknowledged_at", render_time(r, p->acknowledged_at));
	set_new(j, "answered_at", render_time(r, p->answered_at));
	set_new(j, "rectified_at", render_time(r, p->rectified_at));
	set_new(j, "verified_at", render_time(r, p->verified_at));
	set_new(j, "closed_at", render_time(r, p->closed_at));
	json_t *acts = json_array();
	unsigned may = r->user.id ? svc_problem_actions(&r->svc, p) : 0;
	for (int a = 0; a < ACT__N; a++)
		if (may & (1u << a))
			json_array_append_new(acts,
					      json_string_nocheck(wb_enum_name(&wb_actions, a)));
	set_new(j, "actions", acts);
	return j;
}

json_t *render_event(const struct req *r, const struct wb_event *e)
{
	json_t *data = NULL;
	if (e->data)
		data = json_loads(e->data, 0, NULL);
	return json_pack(
		"{s:I, s:o, s:o, s:o, s:s, s:s, s:I, s:o, s:o, s:o, s:s}", "id", (json_int_t)e->id,
		"at", render_time(r, e->at), "actor_user_id", id_or_null(e->actor_user_id),
		"actor_unit_id", id_or_null(e->actor_unit_id), "kind", e->kind ? e->kind : "",
		"subject_type", e->subject_type ? e->subject_type : "", "subject_id",
		(json_int_t)e->subject_id, "from_status", str_or_null(e->from_status), "to_status",
		str_or_null(e->to_status), "data", data ? data : json_null(), "hash", e->hash);
}

json_t *render_evaluation(const struct req *r, const struct wb_evaluation *e)
{
	return json_pack("{s:I, s:I, s:i, s:s, s:s, s:o, s:s, s:o, s:b, s:b, s:o}", "id",
			 (json_int_t)e->id, "problem_id", (json_int_t)e->problem_id, "round",
			 e->round, "rating", wb_enum_name(&wb_ratings, e->rating), "note",
			 e->note ? e->note : "", "by_user_id", id_or_null(e->by_user_id), "by",
			 e->by_user_id ? "staff" : "public", "opinion_id",
			 id_or_null(e->opinion_id), "counted", e->counted, "staff_entered",
			 e->staff_entered, "created_at", render_time(r, e->created_at));
}

json_t *render_progress(const struct req *r, const struct wb_progress *p)
{
	return json_pack("{s:I, s:I, s:s, s:i, s:s, s:b, s:o, s:o}", "id", (json_int_t)p->id,
			 "problem_id", (json_int_t)p->problem_id, "measures",
			 p->measures ? p->measures : "", "percent", p->percent, "evidence",
			 p->evidence ? p->evidence : "", "done", p->done, "by_user_id",
			 id_or_null(p->by_user_id), "created_at", render_time(r, p->created_at));
}

void list_init(struct list *l, struct req *r, int limit)
{
	l->r = r;
	l->items = json_array();
	l->limit = limit;
	l->n = 0;
	l->last = 0;
	l->more = 0;
	l->extra = NULL;
}

int list_add(struct list *l, int64_t id, json_t *item)
{
	if (l->n >= l->limit) {
		l->more = 1;
		json_decref(item);
		return 0;
	}
	json_array_append_new(l->items, item);
	l->n++;
	l->last = id;
	return 1;
}

void list_reply(struct list *l)
{
	json_t *next = json_null();
	if (l->more)
		next = json_string(arena_printf(&l->r->a, "%lld", (long long)l->last));
	json_t *j = json_pack("{s:o, s:o}", "items", l->items, "next", next);
	if (l->extra)
		json_object_update_new(j, l->extra);
	l->extra = NULL;
	reply_json(l->r, 200, j);
}

void list_finish(struct list *l, int rc)
{
	if (rc < 0) {
		json_decref(l->items);
		json_decref(l->extra);
		l->items = l->extra = NULL;
		reply_err(l->r, rc);
		return;
	}
	list_reply(l);
}
