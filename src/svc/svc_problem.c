/*
 * Forms 2 to 5: problems summarized from opinions, and every stage after: dispatch,
 * acknowledgement, return, feedback, rectification, extension, verification, effect
 * evaluation, closing, reopening and flagging. The state machine is core's; this file
 * applies its answer to the stored problem and records the event.
 */
#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/audit.h"
#include "../core/fsm.h"
#include "../core/perm.h"
#include "../core/sweep.h"
#include "../util/err.h"
#include "svc_int.h"

enum { MAX_MERGE = 500, TEXT_MAX = 4000 };

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
					 arena_printf(c->a, "opinion %lld does not exist or is not yours",
						      (long long)ids[i]));
		if (o.campaign_id != campaign_id)
			return svc_field(c, "opinion_ids",
					 arena_printf(c->a, "opinion %lld belongs to another campaign",
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
					arena_printf(c->a, "opinion %lld is already %s", (long long)ids[i],
						     wb_enum_name(&wb_opinion_statuses, o.status)));
		rc = store_opinion_set_status(c->st, o.id, OS_MERGED, p->id, NULL);
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
	json_t *merged = json_array();
	rc = merge_opinions(c, &op->p, op->ids, op->n, merged);
	if (rc == 0)
		rc = store_problem_update(st, &op->p);
	if (rc < 0) {
		json_decref(merged);
		return rc;
	}
	json_t *d = json_pack("{s:s, s:s, s:I, s:s, s:s, s:o}", "title", op->p.title, "summary",
			      op->p.summary, "target_unit_id", (json_int_t)op->p.target_unit_id,
			      "dimension", wb_enum_name(&wb_dimensions, op->p.dimension), "severity",
			      wb_enum_name(&wb_severities, op->p.severity), "opinion_ids", merged);
	return svc_event(c, "problem.create", "problem", op->p.id, NULL, "open", 0, d);
}

int svc_problem_create(struct svc_ctx *c, const struct wb_problem *in, const int64_t *opinion_ids,
		       int n, int64_t *id)
{
	if (!wb_perm_allows(c->who.role, PERM_PROBLEM_CREATE))
		return svc_fail(c, WB_ERR_FORBIDDEN, "only the office and stations summarize problems");
	if (in->campaign_id <= 0)
		svc_field(c, "campaign_id", "is required");
	if ((unsigned)in->dimension >= DIM__N)
		svc_field(c, "dimension", "must be conduct or efficiency");
	if ((unsigned)in->severity >= SEV__N)
		svc_field(c, "severity", "must be normal, important or urgent");
	svc_text(c, "title", in->title, 1, 200, 1);
	svc_text(c, "summary", in->summary, 0, TEXT_MAX, 0);
	svc_text(c, "category", in->category, 1, 50, 0);
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
	return svc_event(c, "problem.merge", "problem", p.id, s, s, 0,
			 json_pack("{s:o, s:i}", "opinion_ids", merged, "opinion_count",
				   p.opinion_count));
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

/* ---- stage actions ---- */

/* A new deadline given as due_on or due_workdays (or neither: the default). */
static void check_deadline(struct svc_ctx *c, const struct svc_stage *in)
{
	if (in->has_due_on && in->has_due_workdays)
		svc_field(c, "due_workdays", "give due_on or due_workdays, not both");
	if (in->has_due_workdays)
		svc_check_workdays(c, "due_workdays", in->due_workdays);
	if (in->has_due_on && in->due_on < svc_today(c))
		svc_field(c, "due_on", "must not be in the past");
}

/* Validate a stage body on its own, before any state is looked at (400 before 409). */
static int check_stage(struct svc_ctx *c, enum wb_action a, const struct svc_stage *in)
{
	switch (a) {
	case ACT_DISPATCH:
		check_deadline(c, in);
		if (in->has_unit_id && in->unit_id <= 0)
			svc_field(c, "unit_id", "must be a unit id");
		break;
	case ACT_REOPEN:
		check_deadline(c, in);
		/* fall through */
	case ACT_RETURN:
		svc_text(c, "reason", in->reason, 1, 1000, 1);
		break;
	case ACT_FEEDBACK:
		svc_text(c, "reply", in->reply, 1, TEXT_MAX, 1);
		svc_text(c, "plan", in->plan, 0, TEXT_MAX, 0);
		break;
	case ACT_PROGRESS:
		svc_text(c, "measures", in->measures, 1, TEXT_MAX, 1);
		svc_text(c, "evidence", in->evidence, 0, TEXT_MAX, 0);
		if (!in->has_percent)
			svc_field(c, "percent", "is required");
		else if (in->percent < 0 || in->percent > 100)
			svc_field(c, "percent", "must be 0 to 100");
		else if (in->has_done && in->done && in->percent != 100)
			svc_field(c, "percent", "must be 100 when done");
		break;
	case ACT_EXTENSION:
		if (!in->has_due_on)
			svc_field(c, "due_on", "is required");
		else if (in->due_on <= svc_today(c))
			svc_field(c, "due_on", "must be a date after today");
		svc_text(c, "reason", in->reason, 1, 1000, 1);
		break;
	case ACT_EXTENSION_DECISION:
		if (!in->has_approved)
			svc_field(c, "approved", "is required");
		svc_text(c, "note", in->note, 0, TEXT_MAX, 0);
		break;
	case ACT_VERIFY:
		if (!in->has_passed)
			svc_field(c, "passed", "is required");
		else if (in->passed && (in->has_due_on || in->has_due_workdays))
			svc_field(c, "due_on", "a new deadline is only set when the verification fails");
		check_deadline(c, in);
		svc_text(c, "note", in->note, 0, TEXT_MAX, 0);
		break;
	case ACT_EVALUATE:
		if (!in->has_rating || (unsigned)in->rating >= RATING__N)
			svc_field(c, "rating",
				  "must be satisfied, basically_satisfied, unsatisfied or unaware");
		svc_text(c, "note", in->note, 0, TEXT_MAX, 0);
		break;
	case ACT_FLAG:
		if (!in->has_flagged)
			svc_field(c, "flagged", "is required");
		if (in->has_due_on && in->due_on < svc_today(c))
			svc_field(c, "due_on", "must not be in the past");
		svc_text(c, "bulletin", in->bulletin, 0, TEXT_MAX, 0);
		break;
	default:
		break;
	}
	return c->errs.n ? WB_ERR_INVALID : 0;
}

struct act_op {
	struct svc_ctx *c;
	int64_t id;
	enum wb_action action;
	const struct svc_stage *in;
	int64_t eval_id;
	int64_t receipt_opinion; /**< set for the public's evaluation */
};

static int compute_due(struct svc_ctx *c, wb_date from, int workdays, wb_date *due)
{
	return svc_workday_add(c, from, workdays, due);
}

static void put_date(json_t *d, const char *key, wb_date v)
{
	char s[11];
	wb_date_format(v, s);
	json_object_set_new(d, key, json_string(s));
}

/*
 * The deadline of a dispatch, or of a rectification sent back (failed verification,
 * reopening): the given date, else the given or default number of working days from today.
 */
static int new_deadline(struct svc_ctx *c, const struct wb_problem *p, const struct svc_stage *in,
			json_t *d, wb_date *due)
{
	*due = in->due_on;
	if (!in->has_due_on) {
		int workdays = in->has_due_workdays ? in->due_workdays : c->cfg.due_workdays[p->severity];
		int rc = compute_due(c, svc_today(c), workdays, due);
		if (rc < 0)
			return rc;
		json_object_set_new(d, "due_workdays", json_integer(workdays));
	}
	if (p->due_on != WB_NO_DATE && p->due_on != *due)
		put_date(d, "previous_due_on", p->due_on);
	put_date(d, "due_on", *due);
	return 0;
}

/* Rectification sent back to the unit: a new deadline, and a flag's with it when expired. */
static int sent_back(struct svc_ctx *c, struct wb_problem *p, const struct svc_stage *in, json_t *d)
{
	int rc = new_deadline(c, p, in, d, &p->due_on);
	if (rc == 0 && p->flagged && p->flag_due_on != WB_NO_DATE && p->flag_due_on < p->due_on) {
		p->flag_due_on = p->due_on;
		put_date(d, "flag_due_on", p->flag_due_on);
	}
	return rc;
}

static int dispatch(struct act_op *op, struct wb_problem *p, json_t *d)
{
	struct svc_ctx *c = op->c;
	const struct svc_stage *in = op->in;
	int64_t unit_id = in->has_unit_id ? in->unit_id : p->target_unit_id;
	struct wb_unit u;
	int rc = store_unit_get(c->st, unit_id, c->a, &u);
	if (rc < 0)
		return rc;
	if (rc == 0 || !wb_unit_kind_is_responsible(u.kind))
		return svc_field(c, "unit_id", "must be a department or a street/town");
	wb_date due;
	rc = new_deadline(c, p, in, d, &due);
	if (rc < 0)
		return rc;
	p->unit_id = unit_id;
	p->due_on = due;
	p->dispatched_at = c->now;
	rc = compute_due(c, svc_today(c), c->cfg.ack_workdays, &p->ack_due_on);
	if (rc < 0)
		return rc;
	if (p->ack_due_on > due)
		p->ack_due_on = due;
	put_date(d, "ack_due_on", p->ack_due_on);
	p->acknowledged_at = p->answered_at = 0;
	p->ext_pending = 0;
	if (in->has_flagged && in->flagged) {
		p->flagged = 1;
		p->delisted = 0;
		if (p->flag_due_on == WB_NO_DATE)
			p->flag_due_on = due;
	}
	json_object_set_new(d, "unit_id", json_integer(unit_id));
	if (in->has_flagged)
		json_object_set_new(d, "flagged", json_boolean(in->flagged));
	return 0;
}

static int evaluate(struct act_op *op, struct wb_problem *p, json_t *d)
{
	struct svc_ctx *c = op->c;
	if (op->receipt_opinion) {
		int rc = store_evaluation_by_opinion(c->st, p->id, p->round, op->receipt_opinion);
		if (rc < 0)
			return rc;
		if (rc > 0)
			return svc_fail(c, WB_ERR_STATE, "this receipt has already rated this rectification");
	}
	struct wb_evaluation e = {
		.problem_id = p->id,
		.round = p->round,
		.rating = op->in->rating,
		.note = op->in->note ? op->in->note : "",
		.by_user_id = c->who.user_id,
		.opinion_id = op->receipt_opinion,
		.created_at = c->now,
	};
	int rc = store_evaluation_insert(c->st, &e, &op->eval_id);
	if (rc < 0)
		return rc;
	json_object_set_new(d, "evaluation_id", json_integer(op->eval_id));
	json_object_set_new(d, "rating", json_string(wb_enum_name(&wb_ratings, e.rating)));
	json_object_set_new(d, "round", json_integer(e.round));
	json_object_set_new(d, "by", json_string(op->receipt_opinion ? "public" : "staff"));
	return 0;
}

/* Apply the side effects of an allowed action to @p p and describe them in @p d. */
static int apply(struct act_op *op, struct wb_problem *p, json_t *d)
{
	struct svc_ctx *c = op->c;
	const struct svc_stage *in = op->in;
	switch (op->action) {
	case ACT_DISPATCH:
		return dispatch(op, p, d);
	case ACT_ACKNOWLEDGE:
		p->acknowledged_at = c->now;
		return 0;
	case ACT_RETURN:
		p->return_reason = in->reason;
		p->ext_pending = 0;
		json_object_set_new(d, "reason", json_string(in->reason));
		return 0;
	case ACT_FEEDBACK:
		p->reply = in->reply;
		p->plan = in->plan;
		p->answered_at = c->now;
		p->answered_due = p->due_on;
		json_object_set_new(d, "reply", json_string(in->reply));
		if (in->plan)
			json_object_set_new(d, "plan", json_string(in->plan));
		return 0;
	case ACT_PROGRESS: {
		struct wb_progress pr = {
			.problem_id = p->id,
			.measures = in->measures,
			.percent = in->percent,
			.evidence = in->evidence ? in->evidence : "",
			.done = in->has_done && in->done,
			.by_user_id = c->who.user_id,
			.created_at = c->now,
		};
		int64_t pid;
		int rc = store_progress_insert(c->st, &pr, &pid);
		if (rc < 0)
			return rc;
		p->measures = pr.measures;
		p->evidence = pr.evidence;
		p->percent = pr.percent;
		if (pr.done) {
			p->rectified_at = c->now;
			p->rectified_due = p->due_on;
		}
		json_object_set_new(d, "measures", json_string(pr.measures));
		json_object_set_new(d, "percent", json_integer(pr.percent));
		json_object_set_new(d, "evidence", json_string(pr.evidence));
		json_object_set_new(d, "done", json_boolean(pr.done));
		return 0;
	}
	case ACT_EXTENSION:
		if (p->due_on != WB_NO_DATE && in->due_on <= p->due_on)
			return svc_field(c, "due_on", "must be later than the current deadline");
		p->ext_pending = 1;
		p->ext_due_on = in->due_on;
		p->ext_reason = in->reason;
		put_date(d, "due_on", in->due_on);
		json_object_set_new(d, "reason", json_string(in->reason));
		return 0;
	case ACT_EXTENSION_DECISION:
		json_object_set_new(d, "approved", json_boolean(in->approved));
		put_date(d, "requested_due_on", p->ext_due_on);
		if (in->approved) {
			if (p->due_on != WB_NO_DATE)
				put_date(d, "previous_due_on", p->due_on);
			p->due_on = p->ext_due_on;
			if (p->flagged && p->flag_due_on != WB_NO_DATE && p->flag_due_on < p->due_on)
				p->flag_due_on = p->due_on;
		}
		p->ext_pending = 0;
		if (in->note)
			json_object_set_new(d, "note", json_string(in->note));
		return 0;
	case ACT_VERIFY:
		json_object_set_new(d, "passed", json_boolean(in->passed));
		if (in->note)
			json_object_set_new(d, "note", json_string(in->note));
		if (in->passed) {
			p->verified_at = c->now;
			p->round++; /* ratings from now on judge this verified rectification */
			return 0;
		}
		p->rectified_at = 0;
		/* Back to rectifying: a fresh deadline, or it would be overdue at once. */
		return sent_back(c, p, in, d);
	case ACT_EVALUATE:
		return evaluate(op, p, d);
	case ACT_CLOSE:
		p->closed_at = c->now;
		if (p->flagged) {
			p->flagged = 0;
			p->delisted = 1;
			json_object_set_new(d, "delisted", json_true());
		}
		return 0;
	case ACT_REOPEN:
		p->reopen_count++;
		p->closed_at = 0;
		p->verified_at = 0;
		p->rectified_at = 0;
		json_object_set_new(d, "reason", json_string(in->reason));
		return sent_back(c, p, in, d);
	case ACT_FLAG:
		json_object_set_new(d, "flagged", json_boolean(in->flagged));
		if (in->flagged) {
			/* A further notice on a flagged case keeps its deadline unless it sets one. */
			if (in->has_due_on)
				p->flag_due_on = in->due_on;
			else if (!p->flagged || p->flag_due_on == WB_NO_DATE)
				p->flag_due_on = p->due_on;
			p->flagged = 1;
			p->delisted = 0;
			if (p->flag_due_on != WB_NO_DATE)
				put_date(d, "due_on", p->flag_due_on);
		} else if (p->flagged) {
			int valid = 0, unsat = 0;
			int rc = store_evaluation_counts(c->st, p->id, p->round, &valid, &unsat);
			if (rc < 0)
				return rc;
			if (!wb_can_delist(p->status, valid, unsat))
				return svc_fail(c, WB_ERR_STATE,
						"a flagged case is delisted only after verification and "
						"a passed effect evaluation");
			p->flagged = 0;
			p->delisted = 1;
			json_object_set_new(d, "delisted", json_true());
		}
		if (in->bulletin && in->bulletin[0]) {
			int64_t bid;
			int rc = store_bulletin_insert(c->st, p->id, in->bulletin, c->now,
							     c->who.user_id, &bid);
			if (rc < 0)
				return rc;
			json_object_set_new(d, "bulletin_id", json_integer(bid));
			json_object_set_new(d, "bulletin", json_string(in->bulletin));
		}
		return 0;
	default:
		return WB_ERR_INTERNAL;
	}
}

static int act_tx(struct store *st, void *arg)
{
	struct act_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_problem p;
	int rc;
	if (op->receipt_opinion)
		rc = svc_found(store_problem_get(st, NULL, op->id, c->a, &p));
	else
		rc = svc_found(store_problem_get(st, &c->who, op->id, c->a, &p));
	if (rc < 0)
		return rc;
	if (!op->receipt_opinion && !wb_perm_action(c->who.role, op->action))
		return svc_fail(c, WB_ERR_FORBIDDEN,
				arena_printf(c->a, "a %s may not %s a problem",
					     wb_enum_name(&wb_roles, c->who.role),
					     wb_enum_name(&wb_actions, op->action)));
	if (op->action == ACT_DISPATCH && op->in->has_unit_id) {
		struct wb_unit u;
		rc = store_unit_get(st, op->in->unit_id, c->a, &u);
		if (rc < 0)
			return rc;
		if (rc == 0 || !wb_unit_kind_is_responsible(u.kind))
			return svc_field(c, "unit_id", "must be a department or a street/town");
	}
	struct wb_fsm_input fin = {
		.done = op->in->has_done && op->in->done,
		.passed = op->in->passed,
		.ext_pending = p.ext_pending,
	};
	if (op->action == ACT_CLOSE) {
		rc = store_evaluation_counts(st, p.id, p.round, &fin.valid_ratings,
						&fin.unsatisfied_ratings);
		if (rc < 0)
			return rc;
	}
	enum wb_pstatus from = p.status, to;
	if (wb_fsm_apply(op->action, from, &fin, &to) < 0) {
		const char *why = arena_printf(c->a, "cannot %s a problem that is %s",
					       wb_enum_name(&wb_actions, op->action),
					       wb_enum_name(&wb_pstatuses, from));
		if (op->action == ACT_CLOSE && wb_fsm_allowed_from(ACT_CLOSE, from))
			why = fin.valid_ratings == 0
				      ? "no valid rating yet: record an evaluation other than unaware first"
				      : "more than half of the valid ratings are unsatisfied: reopen it";
		else if (op->action == ACT_EXTENSION && wb_fsm_allowed_from(op->action, from))
			why = "an extension request is already waiting for a decision";
		else if (op->action == ACT_EXTENSION_DECISION && wb_fsm_allowed_from(op->action, from))
			why = "there is no extension request to decide";
		return svc_fail(c, WB_ERR_STATE, why);
	}
	json_t *d = json_object();
	rc = apply(op, &p, d);
	if (rc < 0) {
		json_decref(d);
		return rc;
	}
	p.status = to;
	p.updated_at = c->now;
	rc = store_problem_update(st, &p);
	if (rc < 0) {
		json_decref(d);
		return rc;
	}
	/* The office recording a unit's stage on its behalf: the event names both. */
	int64_t for_unit = 0;
	if (wb_action_is_units(op->action) && c->who.role == ROLE_ADMIN) {
		for_unit = p.unit_id;
		json_object_set_new(d, "on_behalf_of_unit", json_integer(p.unit_id));
	}
	char kind[40];
	snprintf(kind, sizeof kind, "problem.%s", wb_enum_name(&wb_actions, op->action));
	return svc_event(c, kind, "problem", p.id, wb_enum_name(&wb_pstatuses, from),
			 wb_enum_name(&wb_pstatuses, to), for_unit, d);
}

int svc_problem_act(struct svc_ctx *c, int64_t id, enum wb_action action,
		    const struct svc_stage *in, int64_t *eval_id)
{
	if ((unsigned)action >= ACT__N)
		return WB_ERR_INTERNAL;
	if (!wb_perm_allows(c->who.role, PERM_PROBLEM_READ))
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such problem");
	if (check_stage(c, action, in) < 0)
		return WB_ERR_INVALID;
	struct act_op op = {c, id, action, in, 0, 0};
	int rc = svc_tx(c, 1, act_tx, &op);
	if (rc >= 0 && eval_id)
		*eval_id = op.eval_id;
	return rc < 0 ? rc : 0;
}

int svc_public_evaluate(struct svc_ctx *c, const char *receipt, enum wb_rating rating,
			const char *note, int64_t *eval_id)
{
	struct svc_stage in = {.rating = rating, .has_rating = 1, .note = note};
	if (check_stage(c, ACT_EVALUATE, &in) < 0)
		return WB_ERR_INVALID;
	struct wb_opinion o;
	int rc = svc_found(store_opinion_by_receipt(c->st, receipt, c->a, &o));
	if (rc < 0)
		return svc_fail(c, rc, "no opinion has this receipt");
	if (o.problem_id == 0)
		return svc_fail(c, WB_ERR_STATE, "the opinion has not been taken up in a problem yet");
	struct act_op op = {c, o.problem_id, ACT_EVALUATE, &in, 0, o.id};
	rc = svc_tx(c, 1, act_tx, &op);
	if (rc >= 0)
		*eval_id = op.eval_id;
	return rc < 0 ? rc : 0;
}

/* ---- audit ---- */

struct verify_op {
	struct svc_verify *out;
	char prev[65];
};

static int verify_one(void *arg, const struct wb_event *e)
{
	struct verify_op *op = arg;
	op->out->events++;
	if (op->out->first_bad == 0 &&
	    (strcmp(e->prev_hash, op->prev) != 0 || !wb_audit_check(e) ||
	     e->id != op->out->events)) {
		op->out->first_bad = e->id;
		op->out->ok = 0;
	}
	memcpy(op->prev, e->hash, sizeof op->prev);
	return 0;
}

static int verify_tx(struct store *st, void *arg)
{
	return store_event_iter(st, verify_one, arg);
}

int svc_audit_verify(struct svc_ctx *c, struct svc_verify *out)
{
	if (!wb_perm_allows(c->who.role, PERM_AUDIT_VERIFY))
		return svc_fail(c, WB_ERR_FORBIDDEN, "only the office and leaders verify the log");
	memset(out, 0, sizeof *out);
	out->ok = 1;
	struct verify_op op = {out, {0}};
	memcpy(op.prev, wb_audit_genesis, sizeof op.prev);
	int rc = svc_tx(c, 0, verify_tx, &op);
	return rc < 0 ? rc : 0;
}

/* ---- accountability ---- */

struct acc_op {
	struct svc_ctx *c;
	int64_t problem_id;
	struct wb_accountability a;
	int64_t id;
};

static int accountability_tx(struct store *st, void *arg)
{
	struct acc_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_problem p;
	int rc = svc_found(store_problem_get(st, &c->who, op->problem_id, c->a, &p));
	if (rc < 0)
		return rc;
	if (c->who.role != ROLE_ADMIN)
		return svc_fail(c, WB_ERR_FORBIDDEN, "only the district office records accountability");
	if (op->a.unit_id == 0)
		op->a.unit_id = p.unit_id ? p.unit_id : p.target_unit_id;
	struct wb_unit u;
	rc = store_unit_get(st, op->a.unit_id, c->a, &u);
	if (rc < 0)
		return rc;
	if (rc == 0 || !wb_unit_kind_is_responsible(u.kind))
		return svc_field(c, "unit_id", "must be a department or a street/town");
	op->a.problem_id = p.id;
	op->a.created_at = c->now;
	op->a.created_by = c->who.user_id;
	rc = store_accountability_insert(st, &op->a, &op->id);
	if (rc < 0)
		return rc;
	char day[11];
	wb_date_format(op->a.decided_on, day);
	json_t *d = json_pack("{s:I, s:I, s:s, s:s?, s:s, s:s}", "accountability_id",
			      (json_int_t)op->id, "unit_id", (json_int_t)op->a.unit_id, "kind",
			      wb_enum_name(&wb_measures, op->a.kind), "person", op->a.person, "note",
			      op->a.note ? op->a.note : "", "decided_on", day);
	const char *s = wb_enum_name(&wb_pstatuses, p.status);
	return svc_event(c, "problem.accountability", "problem", p.id, s, s, 0, d);
}

int svc_accountability_create(struct svc_ctx *c, int64_t problem_id,
			      const struct wb_accountability *in, int64_t *id)
{
	if (!wb_perm_allows(c->who.role, PERM_PROBLEM_READ))
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such problem");
	struct acc_op op = {c, problem_id, *in, 0};
	if ((unsigned)op.a.kind >= MEASURE__N)
		svc_field(c, "kind", "must be written_review, criticism, admonition, "
				     "public_criticism or organizational");
	svc_text(c, "person", op.a.person, 1, 50, 0);
	svc_text(c, "note", op.a.note, 0, TEXT_MAX, 0);
	if (op.a.decided_on == WB_NO_DATE)
		op.a.decided_on = svc_today(c);
	else if (op.a.decided_on > svc_today(c))
		svc_field(c, "decided_on", "must not be in the future");
	if (c->errs.n)
		return WB_ERR_INVALID;
	int rc = svc_tx(c, 1, accountability_tx, &op);
	if (rc >= 0)
		*id = op.id;
	return rc < 0 ? rc : 0;
}

/* ---- reminders and escalation ---- */

struct late {
	struct svc_ctx *c;
	struct wb_problem *v;
	int n, cap;
};

static int collect_late(void *arg, const struct wb_problem *p)
{
	struct late *l = arg;
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 64;
		struct wb_problem *v = arena_alloc(l->c->a, (size_t)cap * sizeof *v);
		if (l->n)
			memcpy(v, l->v, (size_t)l->n * sizeof *v);
		l->v = v;
		l->cap = cap;
	}
	/* Rows are only valid during the callback: keep the strings the update rewrites. */
	struct wb_problem *q = &l->v[l->n++];
	*q = *p;
	struct arena *a = l->c->a;
	q->title = arena_strdup(a, p->title);
	q->summary = arena_strdup(a, p->summary);
	q->category = arena_strdup(a, p->category);
	q->return_reason = arena_strdup(a, p->return_reason);
	q->reply = arena_strdup(a, p->reply);
	q->plan = arena_strdup(a, p->plan);
	q->measures = arena_strdup(a, p->measures);
	q->evidence = arena_strdup(a, p->evidence);
	q->ext_reason = arena_strdup(a, p->ext_reason);
	return 0;
}

struct sweep_op {
	struct svc_ctx *c;
	struct svc_sweep_result *out;
};

static int sweep_tx(struct store *st, void *arg)
{
	struct sweep_op *op = arg;
	struct svc_ctx *c = op->c;
	wb_date today = svc_today(c);
	struct late l = {c, NULL, 0, 0};
	op->out->reminded = op->out->escalated = 0;
	int rc = store_problem_late(st, today, collect_late, &l);
	if (rc < 0 || l.n == 0)
		return rc < 0 ? rc : 0;
	wb_date earliest = today;
	for (int i = 0; i < l.n; i++)
		if (wb_deadline_of(&l.v[i]) < earliest)
			earliest = wb_deadline_of(&l.v[i]);
	struct wb_calendar cal;
	rc = svc_calendar(c, earliest, today, &cal);
	if (rc < 0)
		return rc;
	for (int i = 0; i < l.n; i++) {
		struct wb_problem *p = &l.v[i];
		struct wb_sweep sw;
		wb_sweep_decide(p, &cal, today, c->cfg.escalate_after_workdays, &sw);
		if (!sw.remind && !sw.escalate)
			continue;
		if (sw.remind)
			p->reminded_due = sw.deadline;
		if (sw.escalate)
			p->escalated_due = sw.deadline;
		rc = store_problem_update(st, p);
		if (rc < 0)
			return rc;
		const char *s = wb_enum_name(&wb_pstatuses, p->status);
		for (int k = 0; k < 2; k++) {
			if (!(k == 0 ? sw.remind : sw.escalate))
				continue;
			json_t *d = json_pack("{s:o, s:i, s:I, s:b}", "deadline", json_null(),
					      "overdue_workdays", sw.overdue_workdays, "unit_id",
					      (json_int_t)p->unit_id, "flagged", p->flagged);
			put_date(d, "deadline", sw.deadline);
			rc = svc_event(c, k == 0 ? "problem.remind" : "problem.escalate", "problem",
				       p->id, s, s, p->unit_id, d);
			if (rc < 0)
				return rc;
			if (k == 0)
				op->out->reminded++;
			else
				op->out->escalated++;
		}
	}
	return 0;
}

int svc_sweep(struct svc_ctx *c, struct svc_sweep_result *out)
{
	if (c->who.role != ROLE_ADMIN)
		return svc_fail(c, WB_ERR_FORBIDDEN, "only the system sends reminders");
	struct sweep_op op = {c, out};
	int rc = svc_tx(c, 1, sweep_tx, &op);
	return rc < 0 ? rc : 0;
}
