/* Form 1: GET/POST /opinions, GET /opinions/{id}, POST /opinions/{id}/reject. */
#include "http.h"

#include "../core/perm.h"
#include "../util/err.h"

static int opinion_row(void *arg, const struct wb_opinion *o)
{
	struct list *l = arg;
	list_add(l, o->id, render_opinion(l->r, o));
	return 0;
}

void h_opinions_list(struct req *r)
{
	if (!wb_perm_allows(r->svc.who.role, PERM_OPINION_READ)) {
		reply_problem(r, 403, "your role does not read opinions");
		return;
	}
	struct store_opinion_filter f = {
		.status = -1, .dimension = -1, .source = -1, .channel = -1};
	if (qs_page(r, &f.limit, &f.cursor) < 0)
		return;
	qs_id(r, "campaign_id", &f.campaign_id);
	qs_id(r, "point_id", &f.point_id);
	qs_id(r, "target_unit_id", &f.target_unit_id);
	qs_id(r, "problem_id", &f.problem_id);
	qs_enum(r, "status", &wb_opinion_statuses, &f.status);
	qs_enum(r, "dimension", &wb_dimensions, &f.dimension);
	qs_enum(r, "source", &wb_sources, &f.source);
	qs_enum(r, "channel", &wb_channels, &f.channel);
	if (reply_if_invalid(r))
		return;
	struct list l;
	list_init(&l, r, f.limit);
	f.limit++;
	list_finish(&l, store_opinion_list(r->svc.st, &r->svc.who, &f, opinion_row, &l));
}

/* The opinion @p id; @p receipt only in the reply that issues it. */
static void reply_opinion(struct req *r, unsigned status, int64_t id, const char *receipt)
{
	struct wb_opinion o;
	int rc = WB_ERR_NOT_FOUND;
	if (wb_perm_allows(r->svc.who.role, PERM_OPINION_READ))
		rc = store_opinion_get(r->svc.st, &r->svc.who, id, &r->a, &o);
	if (rc <= 0) {
		reply_err(r, rc < 0 ? rc : WB_ERR_NOT_FOUND);
		return;
	}
	if (status == 201)
		r->location = arena_printf(&r->a, "/api/v1/opinions/%lld", (long long)id);
	o.receipt = receipt;
	reply_json(r, status, render_opinion(r, &o));
}

void h_opinions_create(struct req *r)
{
	static const char *const fields[] = {
		"campaign_id", "point_id", "target_unit_id", "dimension",       "source",
		"channel",     "content",  "submitter_name", "submitter_phone", "received_at",
		NULL};
	if (!wb_perm_allows(r->svc.who.role, PERM_OPINION_CREATE)) {
		reply_problem(r, 403, "your role does not record opinions");
		return;
	}
	json_t *j = jin_object(r, fields);
	if (j == NULL)
		return;
	struct wb_opinion o = {0};
	int dim = -1, src = -1, ch = -1, has, has_point;
	jin_int(r, j, "campaign_id", 1, INT64_MAX, &o.campaign_id, NULL);
	jin_int(r, j, "point_id", 1, INT64_MAX, &o.point_id, &has_point);
	jin_int(r, j, "target_unit_id", 1, INT64_MAX, &o.target_unit_id, &has);
	jin_required(r, "target_unit_id", has);
	jin_enum(r, j, "dimension", &wb_dimensions, &dim, &has);
	jin_required(r, "dimension", has);
	jin_enum(r, j, "source", &wb_sources, &src, &has);
	jin_required(r, "source", has);
	jin_enum(r, j, "channel", &wb_channels, &ch, &has);
	jin_required(r, "channel", has);
	jin_str(r, j, "content", &o.content, &has);
	jin_required(r, "content", has);
	jin_str(r, j, "submitter_name", &o.submitter_name, NULL);
	jin_str(r, j, "submitter_phone", &o.submitter_phone, NULL);
	jin_time(r, j, "received_at", &o.received_at, NULL);
	json_decref(j);
	if (reply_if_invalid(r))
		return;
	o.dimension = dim;
	o.source = src;
	o.channel = ch;
	int64_t id;
	const char *receipt;
	int rc = svc_opinion_create(&r->svc, &o, has_point, &id, &receipt);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_opinion(r, 201, id, receipt);
}

void h_opinions_get(struct req *r)
{
	reply_opinion(r, 200, r->ids[0], NULL);
}

void h_opinions_reject(struct req *r)
{
	static const char *const fields[] = {"reason", NULL};
	json_t *j = jin_object(r, fields);
	if (j == NULL)
		return;
	const char *reason;
	jin_str(r, j, "reason", &reason, NULL);
	json_decref(j);
	if (reply_if_invalid(r))
		return;
	int rc = svc_opinion_reject(&r->svc, r->ids[0], reason);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_opinion(r, 200, r->ids[0], NULL);
}
