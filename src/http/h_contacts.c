/*
 * The register of first contact (首接首问): /contacts, /contacts/{id} with its hand-over,
 * completion and linked opinions, and /contacts/counts. The rules are in
 * src/svc/svc_contacts.c; this file translates.
 */
#include "http.h"

#include <stdint.h>
#include <string.h>

#include "../core/enums.h"
#include "../svc/svc_contacts.h"
#include "../util/err.h"

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *render_contact(struct req *r, const struct svc_contact_view *v)
{
	const struct wb_contact *k = &v->k;
	json_t *ops = json_array();
	for (size_t i = 0; i < v->nopinions; i++)
		json_array_append_new(ops, json_integer(v->opinion_ids[i]));
	json_t *actions = json_array();
	for (int i = 0; svc_contact_action_names[i]; i++)
		if (v->actions & (1u << i))
			json_array_append_new(actions, json_string(svc_contact_action_names[i]));
	json_t *o = json_pack(
		"{s:I, s:I, s:o, s:I, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:b, s:o, s:o}",
		"id", (json_int_t)k->id, "unit_id", (json_int_t)k->unit_id, "unit_name",
		text_or_null(v->unit_name), "person_id", (json_int_t)k->person_id, "person_name",
		text_or_null(v->person_name), "channel",
		wb_enum_name(&wb_contact_channels, k->channel), "channel_label",
		wb_enum_label(&wb_contact_channels, k->channel), "need", k->need, "told", k->told,
		"limit_on", render_date(k->limit_on), "received_at", render_time(r, k->received_at),
		"status", wb_enum_name(&wb_contact_statuses, k->status), "status_label",
		wb_enum_label(&wb_contact_statuses, k->status), "overdue", v->overdue,
		"opinion_ids", ops, "actions", actions);
	json_object_set_new(o, "visitor", v->personal ? json_string(k->visitor) : json_null());
	json_object_set_new(o, "visitor_phone",
			    v->personal ? json_string(k->visitor_phone) : json_null());
	json_object_set_new(o, "to_person_id", id_or_null(k->to_person_id));
	json_object_set_new(o, "to_person_name", text_or_null(v->to_person_name));
	json_object_set_new(o, "to_unit_id", id_or_null(k->to_unit_id));
	json_object_set_new(o, "to_unit_name", text_or_null(v->to_unit_name));
	json_object_set_new(o, "outcome", text_or_null(k->outcome));
	json_object_set_new(o, "closed_at", render_time(r, k->closed_at));
	return o;
}

static void reply_contact(struct req *r, int rc, int64_t id, unsigned status)
{
	struct svc_contact_view v;
	if (rc >= 0)
		rc = svc_contact_get(&r->svc, id, &v);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_json(r, status, render_contact(r, &v));
}

/* ?from= and ?to= (dates, the district's days) as [from, to) in unix seconds. */
static int range(struct req *r, int64_t *from, int64_t *to)
{
	wb_date a, b;
	int has_a, has_b;
	qs_date(r, "from", &a, &has_a);
	qs_date(r, "to", &b, &has_b);
	*from = has_a ? svc_day_start(&r->svc, a) : 0;
	*to = has_b ? svc_day_start(&r->svc, b + 1) : 0;
	return reply_if_invalid(r) ? -1 : 0;
}

void h_contacts_list(struct req *r)
{
	struct store_contact_filter f = {.status = -1};
	int overdue; /* -1 absent */
	qs_id(r, "unit_id", &f.unit_id);
	qs_id(r, "person_id", &f.person_id);
	qs_enum(r, "status", &wb_contact_statuses, &f.status);
	qs_bool(r, "overdue", &overdue);
	if (range(r, &f.from, &f.to) < 0)
		return;
	struct svc_contact_view *v;
	size_t n;
	int rc = svc_contacts(&r->svc, &f, overdue == 1, &v, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, render_contact(r, &v[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void h_contacts_counts(struct req *r)
{
	int64_t unit = 0, from, to;
	qs_id(r, "unit_id", &unit);
	if (range(r, &from, &to) < 0)
		return;
	struct svc_contact_tally *t;
	size_t n;
	int rc = svc_contact_counts(&r->svc, unit, from, to, &t, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			items, json_pack("{s:I, s:o, s:I, s:o, s:i, s:i, s:i, s:i, s:i}", "unit_id",
					 (json_int_t)t[i].unit_id, "unit_name",
					 text_or_null(t[i].unit_name), "person_id",
					 (json_int_t)t[i].person_id, "person_name",
					 text_or_null(t[i].person_name), "received", t[i].received,
					 "open", t[i].open, "handed_over", t[i].handed_over, "done",
					 t[i].done, "overdue", t[i].overdue));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void h_contacts_create(struct req *r)
{
	static const char *const fields[] = {"unit_id",       "person_id", "channel", "visitor",
					     "visitor_phone", "need",      "told",    "limit_on",
					     "received_at",   NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct wb_contact k = {.limit_on = WB_NO_DATE};
	int channel = -1, has;
	jin_int(r, o, "unit_id", 1, INT64_MAX, &k.unit_id, NULL);
	jin_int(r, o, "person_id", 1, INT64_MAX, &k.person_id, NULL);
	jin_enum(r, o, "channel", &wb_contact_channels, &channel, &has);
	jin_required(r, "channel", has);
	jin_str(r, o, "visitor", &k.visitor, NULL);
	jin_str(r, o, "visitor_phone", &k.visitor_phone, NULL);
	jin_str(r, o, "need", &k.need, NULL);
	jin_str(r, o, "told", &k.told, NULL);
	jin_date(r, o, "limit_on", &k.limit_on, NULL);
	jin_time(r, o, "received_at", &k.received_at, NULL);
	k.channel = (enum wb_contact_channel)(channel < 0 ? 0 : channel);
	int64_t id = 0;
	int rc = reply_if_invalid(r) ? 1 : svc_contact_create(&r->svc, &k, &id);
	json_decref(o);
	if (rc > 0)
		return;
	if (rc == 0)
		r->location = arena_printf(&r->a, "/api/v1/contacts/%lld", (long long)id);
	reply_contact(r, rc, id, 201);
}

void h_contacts_get(struct req *r)
{
	reply_contact(r, 0, r->ids[0], 200);
}

void h_contacts_handover(struct req *r)
{
	static const char *const fields[] = {"to_person_id", "to_unit_id", "note", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	int64_t person = 0, unit = 0;
	const char *note = NULL;
	jin_int(r, o, "to_person_id", 1, INT64_MAX, &person, NULL);
	jin_int(r, o, "to_unit_id", 1, INT64_MAX, &unit, NULL);
	jin_str(r, o, "note", &note, NULL);
	int rc = reply_if_invalid(r) ? 1
				     : svc_contact_handover(&r->svc, r->ids[0], person, unit, note);
	json_decref(o);
	if (rc <= 0)
		reply_contact(r, rc, r->ids[0], 200);
}

void h_contacts_done(struct req *r)
{
	static const char *const fields[] = {"outcome", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	const char *outcome = NULL;
	jin_str(r, o, "outcome", &outcome, NULL);
	int rc = reply_if_invalid(r) ? 1 : svc_contact_done(&r->svc, r->ids[0], outcome);
	json_decref(o);
	if (rc <= 0)
		reply_contact(r, rc, r->ids[0], 200);
}

void h_contacts_link(struct req *r)
{
	static const char *const fields[] = {"opinion_id", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	int64_t opinion = 0;
	int has;
	jin_int(r, o, "opinion_id", 1, INT64_MAX, &opinion, &has);
	jin_required(r, "opinion_id", has);
	json_decref(o);
	int rc = reply_if_invalid(r) ? 1 : svc_contact_link(&r->svc, r->ids[0], opinion);
	if (rc <= 0)
		reply_contact(r, rc, r->ids[0], 200);
}
