/*
 * Form 2: problems summarized from opinions, and opinions merged into them later. The
 * stages that follow are in svc_stage.c; reminders in svc_sweep.c; the audit log's check
 * and accountability in svc_audit.c.
 */
#include "svc.h"

#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/perm.h"
#include "../util/err.h"
#include "svc_int.h"

enum { MAX_MERGE = 500 };

static int check_ids(struct svc_ctx *c, const int64_t *ids, int n)
{
	if (n < 1 || n > MAX_MERGE)
		return svc_field(c, "opinion_ids", "must list 1 to 500 opinions");
	for (int i = 0; i < n; i++) {
		if (ids[i] <= 0)
			return svc_field(c, "opinion_ids", "ids are positive integers");
		for (int j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return svc_field(c, "opinion_ids", "an opinion is listed twice");
	}
	return 0;
}

/* Every listed opinion exists in the caller's scope and belongs to @p campaign_id. */
static int check_opinions(struct svc_ctx *c, int64_t campaign_id, const int64_t *ids, int n)
{
	for (int i = 0; i < n; i++) {
		struct wb_opinion o;
		int rc = store_opinion_get(c->st, &c->who, ids[i], c->a, &o);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return svc_field(c, "opinion_ids",
					 arena_printf(c->a,
						      "opinion %lld does not exist or is not yours",
						      (long long)ids[i]));
		if (o.campaign_id != campaign_id)
			return svc_field(c, "opinion_ids",
					 arena_printf(c->a,
						      "opinion %lld belongs to another campaign",
						      (long long)ids[i]));
	}
	return 0;
}

/* Mark each opinion merged into problem @p p; check_opinions() has vouched for them. */
static int merge_opinions(struct svc_ctx *c, struct wb_problem *p, const int64_t *ids, int n,
			  json_t *merged)
{
	for (int i = 0; i < n; i++) {
		struct wb_opinion o;
		int rc = svc_found(store_opinion_get(c->st, &c->who, ids[i], c->a, &o));
		if (rc < 0)
			return rc;
		if (o.status != OS_RECEIVED)
			return svc_fail(c, WB_ERR_STATE,
					arena_printf(c->a, "opinion %lld is already %s",
						     (long long)ids[i],
						     wb_enum_name(&wb_opinion_statuses, o.status)));
		rc = store_opinion_set_status(c->st, o.id, OS_MERGED, p->id, NULL);
		if (rc >= 0)
			rc = svc_duty_end(c, DUTY_MERGE, 0, o.id, 0);
		if (rc < 0)
			return rc;
		json_array_append_new(merged, json_integer(o.id));
	}
	p->opinion_count += n;
	return 0;
}

struct create_op {
	struct svc_ctx *c;
	struct wb_problem p;
	const int64_t *ids;
	int n;
};

static int create_tx(struct store *st, void *arg)
{
	struct create_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_campaign camp;
	struct wb_unit u;
	int rc = store_campaign_get(st, op->p.campaign_id, c->a, &camp);
	if (rc < 0)
		return rc;
	if (rc == 0)
		svc_field(c, "campaign_id", "no such campaign");
	rc = op->p.target_unit_id > 0 ? store_unit_get(st, op->p.target_unit_id, c->a, &u) : 0;
	if (rc < 0)
		return rc;
	if (rc == 0 || !wb_unit_kind_is_responsible(u.kind))
		svc_field(c, "target_unit_id", "must be a department or a street/town");
	else if (c->who.role == ROLE_STATION && u.station_id != c->who.unit_id)
		svc_field(c, "target_unit_id", "is not followed by your station");
	if (c->errs.n == 0) {
		rc = check_opinions(c, op->p.campaign_id, op->ids, op->n);
		if (rc < 0 && rc != WB_ERR_INVALID)
			return rc;
	}
	if (c->errs.n)
		return WB_ERR_INVALID;
	op->p.status = PS_OPEN;
	op->p.opinion_count = 0;
	op->p.created_by = c->who.user_id;
	op->p.created_at = op->p.updated_at = c->now;
	op->p.unit_id = 0;
	op->p.due_on = op->p.flag_due_on = op->p.ext_due_on = op->p.ack_due_on = WB_NO_DATE;
	op->p.reminded_due = op->p.escalated_due = WB_NO_DATE;
	op->p.answered_due = op->p.rectified_due = WB_NO_DATE;
	op->p.flagged = op->p.delisted = op->p.ext_pending = op->p.percent = 0;
	op->p.reopen_count = op->p.round = 0;
	op->p.return_reason = op->p.reply = op->p.plan = op->p.measures = op->p.evidence = NULL;
	op->p.ext_reason = NULL;
	op->p.dispatched_at = op->p.acknowledged_at = op->p.answered_at = 0;
	op->p.rectified_at = op->p.verified_at = op->p.closed_at = 0;
	rc = store_problem_insert(st, &op->p, &op->p.id);
	if (rc < 0)
		return rc;
	/* the station following the unit dispatches it */
	struct wb_duty duty = {.campaign_id = op->p.campaign_id,
			       .kind = DUTY_DISPATCH,
			       .problem_id = op->p.id,
			       .holder_id = u.station_id};
	rc = svc_duty_start(c, &duty, c->cfg.dispatch_workdays);
	if (rc < 0)
		return rc;
	json_t *merged = json_array();
	rc = merge_opinions(c, &op->p, op->ids, op->n, merged);
	if (rc == 0)
		rc = store_problem_update(st, &op->p);
	if (rc < 0) {
		json_decref(merged);
		return rc;
	}
	json_t *d =
		json_pack("{s:s, s:s, s:I, s:s, s:s, s:o}", "title", op->p.title, "summary",
			  op->p.summary, "target_unit_id", (json_int_t)op->p.target_unit_id,
			  "dimension", wb_enum_name(&wb_dimensions, op->p.dimension), "severity",
			  wb_enum_name(&wb_severities, op->p.severity), "opinion_ids", merged);
	return svc_event(c, "problem.create", "problem", op->p.id, NULL, "open", 0, d);
}

int svc_problem_create(struct svc_ctx *c, const struct wb_problem *in, const int64_t *opinion_ids,
		       int n, int64_t *id)
{
	if (!wb_perm_allows(c->who.role, PERM_PROBLEM_CREATE))
		return svc_fail(c, WB_ERR_FORBIDDEN,
				"only the office and stations summarize problems");
	if (in->campaign_id <= 0)
		svc_field(c, "campaign_id", "is required");
	if ((unsigned)in->dimension >= DIM__N)
		svc_field(c, "dimension", "must be conduct or efficiency");
	if ((unsigned)in->severity >= SEV__N)
		svc_field(c, "severity", "must be normal, important or urgent");
	svc_line(c, "title", in->title, 1, 200, 1);
	svc_text(c, "summary", in->summary, 0, SVC_TEXT_MAX, 0);
	svc_line(c, "category", in->category, 1, 50, 0);
	check_ids(c, opinion_ids, n);
	if (c->errs.n)
		return WB_ERR_INVALID;
	struct create_op op = {c, *in, opinion_ids, n};
	if (op.p.summary == NULL)
		op.p.summary = "";
	int rc = svc_tx(c, 1, create_tx, &op);
	if (rc >= 0)
		*id = op.p.id;
	return rc < 0 ? rc : 0;
}

struct merge_op {
	struct svc_ctx *c;
	int64_t id;
	const int64_t *ids;
	int n;
};

static int merge_tx(struct store *st, void *arg)
{
	struct merge_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_problem p;
	int rc = svc_found(store_problem_get(st, &c->who, op->id, c->a, &p));
	if (rc < 0)
		return rc;
	if (!wb_perm_allows(c->who.role, PERM_PROBLEM_CREATE))
		return svc_fail(c, WB_ERR_FORBIDDEN, "only the office and stations merge opinions");
	rc = check_opinions(c, p.campaign_id, op->ids, op->n);
	if (rc < 0)
		return rc;
	if (p.status == PS_CLOSED)
		return svc_fail(c, WB_ERR_STATE, "the problem is closed");
	json_t *merged = json_array();
	rc = merge_opinions(c, &p, op->ids, op->n, merged);
	if (rc == 0) {
		p.updated_at = c->now;
		rc = store_problem_update(st, &p);
	}
	if (rc < 0) {
		json_decref(merged);
		return rc;
	}
	const char *s = wb_enum_name(&wb_pstatuses, p.status);
	return svc_event(
		c, "problem.merge", "problem", p.id, s, s, 0,
		json_pack("{s:o, s:i}", "opinion_ids", merged, "opinion_count", p.opinion_count));
}

int svc_problem_merge(struct svc_ctx *c, int64_t id, const int64_t *opinion_ids, int n)
{
	if (!wb_perm_allows(c->who.role, PERM_PROBLEM_READ))
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such problem");
	if (check_ids(c, opinion_ids, n) < 0)
		return WB_ERR_INVALID;
	struct merge_op op = {c, id, opinion_ids, n};
	int rc = svc_tx(c, 1, merge_tx, &op);
	return rc < 0 ? rc : 0;
}
