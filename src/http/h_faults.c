/*
 * The register of efficiency faults (行政效能过错): /faults and /faults/{id} with its
 * steps. The rules are in src/svc/svc_faults.c; this file translates.
 */
#include "http.h"

#include <stdint.h>
#include <string.h>

#include "../core/enums.h"
#include "../core/faults.h"
#include "../svc/svc_faults.h"
#include "../util/err.h"
#include "../export/registers.h"

static json_t *render_fault(struct req *r, const struct svc_fault_view *v)
{
	const struct wb_fault *f = &v->f;
	json_t *people = json_array();
	for (size_t i = 0; i < v->npeople; i++) {
		const struct wb_fault_person *p = &v->people[i];
		json_array_append_new(
			people,
			json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "person_id",
				  (json_int_t)p->person_id, "name", p->name ? p->name : "", "role",
				  wb_enum_name(&wb_fault_roles, p->role), "role_label",
				  wb_enum_label(&wb_fault_roles, p->role), "resp",
				  wb_enum_name(&wb_fault_resps, p->resp), "resp_label",
				  wb_enum_label(&wb_fault_resps, p->resp), "sanction",
				  wb_enum_name(&wb_sanctions, p->sanction), "sanction_label",
				  wb_enum_label(&wb_sanctions, p->sanction)));
	}
	json_t *actions = json_array();
	for (int i = 0; wb_fault_action_names[i]; i++)
		if (v->actions & (1u << i))
			json_array_append_new(actions, json_string(wb_fault_action_names[i]));
	json_t *o = json_pack(
		"{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
		(json_int_t)f->id, "unit_id", (json_int_t)f->unit_id, "unit_name",
		v->unit_name ? v->unit_name : "", "source",
		wb_enum_name(&wb_fault_sources, f->source), "source_label",
		wb_enum_label(&wb_fault_sources, f->source), "type",
		wb_enum_name(&wb_fault_types, f->type), "type_label",
		wb_enum_label(&wb_fault_types, f->type), "facts", f->facts ? f->facts : "",
		"status", wb_enum_name(&wb_fault_statuses, f->status), "status_label",
		wb_enum_label(&wb_fault_statuses, f->status), "created_at",
		render_time(r, f->created_at), "people", people, "actions", actions, "decided_on",
		render_date(f->decided_on), "appeal_until", render_date(v->appeal_until));
	json_object_set_new(o, "problem_id",
			    f->problem_id ? json_integer(f->problem_id) : json_null());
	json_object_set_new(o, "opinion_id",
			    f->opinion_id ? json_integer(f->opinion_id) : json_null());
	json_object_set_new(o, "contact_id",
			    f->contact_id ? json_integer(f->contact_id) : json_null());
	json_object_set_new(o, "unit_sanction",
			    f->unit_sanction >= 0
				    ? json_string(wb_enum_name(&wb_sanctions, f->unit_sanction))
				    : json_null());
	json_object_set_new(o, "unit_sanction_label",
			    f->unit_sanction >= 0
				    ? json_string(wb_enum_label(&wb_sanctions, f->unit_sanction))
				    : json_null());
	json_object_set_new(o, "authority", f->authority ? json_string(f->authority) : json_null());
	json_object_set_new(o, "note", f->note ? json_string(f->note) : json_null());
	json_object_set_new(o, "appeal", f->appeal ? json_string(f->appeal) : json_null());
	json_object_set_new(o, "appealed_at", render_time(r, f->appealed_at));
	json_object_set_new(o, "appeal_note",
			    f->appeal_note ? json_string(f->appeal_note) : json_null());
	json_object_set_new(o, "decided_at", render_time(r, f->decided_at));
	return o;
}

/* Reply with case @p id as the caller now sees it, or with the error @p rc. */
static void reply_fault(struct req *r, int rc, int64_t id, unsigned status)
{
	struct svc_fault_view v;
	if (rc >= 0)
		rc = svc_fault_get(&r->svc, id, &v);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_json(r, status, render_fault(r, &v));
}

void h_faults_list(struct req *r)
{
	struct store_fault_filter f = {
		.status = -1, .decided_from = WB_NO_DATE, .decided_to = WB_NO_DATE};
	qs_id(r, "unit_id", &f.unit_id);
	qs_id(r, "person_id", &f.person_id);
	qs_enum(r, "status", &wb_fault_statuses, &f.status);
	int y;
	qs_year(r, &y);
	if (reply_if_invalid(r))
		return;
	if (y) {
		f.decided_from = wb_date_from_ymd((int)y, 1, 1);
		f.decided_to = wb_date_from_ymd((int)y + 1, 1, 1);
	}
	struct svc_fault_view *v;
	size_t n;
	int rc = svc_faults(&r->svc, &f, &v, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, render_fault(r, &v[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void h_faults_create(struct req *r)
{
	static const char *const fields[] = {"unit_id",    "source", "problem_id", "opinion_id",
					     "contact_id", "type",   "facts",      NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct svc_fault_in in = {0};
	int has;
	jin_int(r, o, "unit_id", 1, INT64_MAX, &in.unit_id, &has);
	jin_required(r, "unit_id", has);
	jin_enum(r, o, "source", &wb_fault_sources, &in.source, &has);
	jin_required(r, "source", has);
	jin_int(r, o, "problem_id", 1, INT64_MAX, &in.problem_id, NULL);
	jin_int(r, o, "opinion_id", 1, INT64_MAX, &in.opinion_id, NULL);
	jin_int(r, o, "contact_id", 1, INT64_MAX, &in.contact_id, NULL);
	jin_enum(r, o, "type", &wb_fault_types, &in.type, &has);
	jin_required(r, "type", has);
	jin_str(r, o, "facts", &in.facts, NULL);
	int64_t id = 0;
	int rc = reply_if_invalid(r) ? 1 : svc_fault_create(&r->svc, &in, &id);
	json_decref(o);
	if (rc > 0)
		return;
	if (rc == 0)
		r->location = arena_printf(&r->a, "/api/v1/faults/%lld", (long long)id);
	reply_fault(r, rc, id, 201);
}

void h_faults_get(struct req *r)
{
	reply_fault(r, 0, r->ids[0], 200);
}

/* A step whose body is one text member @p key. */
static void text_step(struct req *r, const char *key,
		      int (*fn)(struct svc_ctx *c, int64_t id, const char *text))
{
	const char *const fields[] = {key, NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	const char *text = NULL;
	jin_str(r, o, key, &text, NULL);
	int rc = reply_if_invalid(r) ? 1 : fn(&r->svc, r->ids[0], text);
	json_decref(o);
	if (rc <= 0)
		reply_fault(r, rc, r->ids[0], 200);
}

void h_faults_confirm(struct req *r)
{
	text_step(r, "note", svc_fault_confirm);
}

void h_faults_dismiss(struct req *r)
{
	text_step(r, "reason", svc_fault_dismiss);
}

void h_faults_appeal(struct req *r)
{
	text_step(r, "reason", svc_fault_appeal);
}

void h_faults_appeal_decide(struct req *r)
{
	static const char *const fields[] = {"upheld", "note", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	int upheld = 0, has;
	const char *note = NULL;
	jin_bool(r, o, "upheld", &upheld, &has);
	jin_required(r, "upheld", has);
	jin_str(r, o, "note", &note, NULL);
	int rc =
		reply_if_invalid(r) ? 1 : svc_fault_appeal_decide(&r->svc, r->ids[0], upheld, note);
	json_decref(o);
	if (rc <= 0)
		reply_fault(r, rc, r->ids[0], 200);
}

void h_faults_decide(struct req *r)
{
	static const char *const fields[] = {"type", "unit_sanction", "authority", "decided_on",
					     "note", "people",        NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct svc_fault_decision d = {.type = -1, .unit_sanction = -1, .decided_on = WB_NO_DATE};
	jin_enum(r, o, "type", &wb_fault_types, &d.type, NULL);
	jin_enum(r, o, "unit_sanction", &wb_sanctions, &d.unit_sanction, NULL);
	jin_str(r, o, "authority", &d.authority, NULL);
	jin_date(r, o, "decided_on", &d.decided_on, NULL);
	jin_str(r, o, "note", &d.note, NULL);
	d.people = json_object_get(o, "people");
	if (json_is_null(d.people))
		d.people = NULL;
	int rc = reply_if_invalid(r) ? 1 : svc_fault_decide(&r->svc, r->ids[0], &d);
	json_decref(o);
	if (rc <= 0)
		reply_fault(r, rc, r->ids[0], 200);
}

/* ---- the ledger ---- */

struct ledger_table {
	struct wb_ledger_line *v;
	size_t n;
};

static int fill_ledger(struct table *t, void *arg)
{
	struct ledger_table *x = arg;
	return registers_export_ledger(t, x->v, x->n);
}

void h_ledger(struct req *r)
{
	struct svc_ledger_filter f = {0};
	qs_id(r, "unit_id", &f.unit_id);
	qs_id(r, "person_id", &f.person_id);
	qs_year(r, &f.year);
	const char *fmt = qs_str(r, "format");
	int format = fmt ? table_format_parse(fmt) : -1;
	if (fmt && format < 0)
		svc_field(&r->svc, "format", "must be json, csv or xlsx");
	if (reply_if_invalid(r))
		return;
	struct ledger_table x;
	int rc = svc_ledger(&r->svc, &f, &x.v, &x.n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	if (fmt) {
		const char *title = f.year ? arena_printf(&r->a, "%d年度问责和效能过错台账", f.year)
					   : "问责和效能过错台账";
		reply_table(
			r, format, title, 0, fill_ledger, &x,
			arena_printf(&r->a, "%s.%s", title, table_ext((enum table_format)format)));
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < x.n; i++) {
		const struct wb_ledger_line *l = &x.v[i];
		json_t *o = json_pack(
			"{s:o, s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "day",
			render_date(l->day), "unit_id", (json_int_t)l->unit_id, "unit_name",
			l->unit_name, "source", l->fault ? "fault" : "accountability", "record_id",
			(json_int_t)l->record_id, "kind", l->kind, "measure", l->measure, "part",
			l->part, "status", l->status, "text", l->text ? l->text : "");
		json_object_set_new(o, "person_id",
				    l->person_id ? json_integer(l->person_id) : json_null());
		json_object_set_new(o, "person", l->person ? json_string(l->person) : json_null());
		json_object_set_new(o, "problem_id",
				    l->problem_id ? json_integer(l->problem_id) : json_null());
		json_array_append_new(items, o);
	}
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}
