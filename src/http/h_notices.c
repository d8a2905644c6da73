/*
 * Bulletins as documents (通报): /notices and /notices/{id} with sign-off, correction and
 * withdrawal, and /public/notices. The rules are in src/svc/svc_notices.c; this file
 * translates.
 */
#include "http.h"

#include <stdint.h>
#include <string.h>

#include "../core/enums.h"
#include "../svc/svc_notices.h"
#include "../util/err.h"

static json_t *render_notice(struct req *r, const struct svc_notice_view *v)
{
	const struct wb_notice *n = &v->n;
	json_t *subjects = json_array();
	for (size_t i = 0; i < v->nrefs; i++)
		json_array_append_new(subjects,
				      json_pack("{s:s, s:I, s:s}", "kind",
						wb_enum_name(&wb_notice_subjects, v->refs[i].kind),
						"id", (json_int_t)v->refs[i].ref_id, "name",
						v->ref_names[i]));
	json_t *revs = json_array();
	for (size_t i = 0; i < v->nrevs; i++) {
		json_error_t e;
		json_t *before = json_loads(v->revs[i].before, 0, &e);
		json_array_append_new(revs,
				      json_pack("{s:s, s:o, s:o}", "reason", v->revs[i].reason,
						"before", before ? before : json_null(), "at",
						render_time(r, v->revs[i].at)));
	}
	json_t *actions = json_array();
	for (int i = 0; svc_notice_action_names[i]; i++)
		if (v->actions & (1u << i))
			json_array_append_new(actions, json_string(svc_notice_action_names[i]));
	json_t *o = json_pack(
		"{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:I}", "id",
		(json_int_t)n->id, "kind", wb_enum_name(&wb_notice_kinds, n->kind), "kind_label",
		wb_enum_label(&wb_notice_kinds, n->kind), "title", n->title, "body", n->body,
		"scope", wb_enum_name(&wb_notice_scopes, n->scope), "scope_label",
		wb_enum_label(&wb_notice_scopes, n->scope), "status",
		wb_enum_name(&wb_notice_statuses, n->status), "status_label",
		wb_enum_label(&wb_notice_statuses, n->status), "subjects", subjects, "corrections",
		revs, "actions", actions, "revision", (json_int_t)n->revision);
	json_object_set_new(o, "number", n->number ? json_string(n->number) : json_null());
	json_object_set_new(o, "signer", n->signer ? json_string(n->signer) : json_null());
	json_object_set_new(o, "signed_at", render_time(r, n->signed_at));
	json_object_set_new(o, "drafted_at", render_time(r, n->drafted_at));
	json_object_set_new(o, "withdrawn_at", render_time(r, n->withdrawn_at));
	json_object_set_new(o, "withdrawn_reason",
			    n->withdrawn_reason ? json_string(n->withdrawn_reason) : json_null());
	json_object_set_new(o, "from_flag", json_boolean(n->bulletin_id != 0));
	return o;
}

static void reply_notice(struct req *r, int rc, int64_t id, unsigned status)
{
	struct svc_notice_view v;
	if (rc >= 0)
		rc = svc_notice_get(&r->svc, id, &v);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_json(r, status, render_notice(r, &v));
}

static void list(struct req *r)
{
	struct store_notice_filter f = {.status = -1, .scope = -1, .kind = -1};
	qs_enum(r, "status", &wb_notice_statuses, &f.status);
	qs_enum(r, "scope", &wb_notice_scopes, &f.scope);
	qs_enum(r, "kind", &wb_notice_kinds, &f.kind);
	if (reply_if_invalid(r))
		return;
	struct svc_notice_view *v;
	size_t n;
	int rc = svc_notices(&r->svc, &f, &v, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, render_notice(r, &v[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void h_notices_list(struct req *r)
{
	list(r);
}

/* The public pages read as the public, whoever is logged in: the issued public notices. */
void h_public_notices(struct req *r)
{
	r->svc.who = (struct wb_actor){0, ROLE__N, 0};
	list(r);
}

void h_public_notice(struct req *r)
{
	r->svc.who = (struct wb_actor){0, ROLE__N, 0};
	reply_notice(r, 0, r->ids[0], 200);
}

/* The text members of a notice's body. */
static void read_text(struct req *r, json_t *o, struct svc_notice_in *in)
{
	in->kind = in->scope = -1;
	jin_enum(r, o, "kind", &wb_notice_kinds, &in->kind, NULL);
	jin_enum(r, o, "scope", &wb_notice_scopes, &in->scope, NULL);
	jin_str(r, o, "number", &in->number, NULL);
	jin_str(r, o, "title", &in->title, NULL);
	jin_str(r, o, "body", &in->body, NULL);
	jin_str(r, o, "reason", &in->reason, NULL);
	in->subjects = json_object_get(o, "subjects");
	if (json_is_null(in->subjects))
		in->subjects = NULL;
}

void h_notices_create(struct req *r)
{
	static const char *const fields[] = {"kind", "scope",    "number", "title",
					     "body", "subjects", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct svc_notice_in in = {0};
	read_text(r, o, &in);
	int64_t id = 0;
	int rc = reply_if_invalid(r) ? 1 : svc_notice_create(&r->svc, &in, &id);
	json_decref(o);
	if (rc > 0)
		return;
	if (rc == 0)
		r->location = arena_printf(&r->a, "/api/v1/notices/%lld", (long long)id);
	reply_notice(r, rc, id, 201);
}

void h_notices_get(struct req *r)
{
	reply_notice(r, 0, r->ids[0], 200);
}

void h_notices_patch(struct req *r)
{
	static const char *const fields[] = {"kind", "scope",    "number", "title",
					     "body", "subjects", "reason", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct svc_notice_in in = {0};
	read_text(r, o, &in);
	int rc = reply_if_invalid(r) ? 1 : svc_notice_update(&r->svc, r->ids[0], &in);
	json_decref(o);
	if (rc <= 0)
		reply_notice(r, rc, r->ids[0], 200);
}

void h_notices_sign(struct req *r)
{
	static const char *const fields[] = {"number", "signer", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	const char *number = NULL, *signer = NULL;
	jin_str(r, o, "number", &number, NULL);
	jin_str(r, o, "signer", &signer, NULL);
	int rc = reply_if_invalid(r) ? 1 : svc_notice_sign(&r->svc, r->ids[0], number, signer);
	json_decref(o);
	if (rc <= 0)
		reply_notice(r, rc, r->ids[0], 200);
}

void h_notices_withdraw(struct req *r)
{
	static const char *const fields[] = {"reason", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	const char *reason = NULL;
	jin_str(r, o, "reason", &reason, NULL);
	int rc = reply_if_invalid(r) ? 1 : svc_notice_withdraw(&r->svc, r->ids[0], reason);
	json_decref(o);
	if (rc <= 0)
		reply_notice(r, rc, r->ids[0], 200);
}
