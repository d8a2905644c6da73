/*
 * The stage actions on a problem: dispatch, acknowledgement, return, feedback,
 * rectification, extension and its decision, verification, effect evaluation, closing,
 * reopening and flagging. Which states and roles allow each is core's table
 * (core/stages.c, read by fsm.c and perm.c); here each action has its body check and its
 * effects, in the table `ops` below, and every action runs the same way: check the body,
 * load the problem in the caller's scope, ask core, apply, store, and record the event.
 */
#include "svc.h"

#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/fsm.h"
#include "../core/perm.h"
#include "../core/sweep.h"
#include "../util/err.h"
#include "svc_int.h"
#include "svc_notices.h"

struct act_op {
	struct svc_ctx *c;
	int64_t id;
	enum wb_action action;
	const struct svc_stage *in;
	int64_t eval_id;
	int64_t receipt_opinion;    /**< set for the public's evaluation */
	int64_t receipt_entered_by; /**< who entered the receipt's opinion; 0: the public */
};

/* ---- body checks: each on the body alone, before any state is looked at (400 before 409) */

/*
 * A date given as due_on: from today (or after it, with @p after_today) to the last day
 * that max_due_workdays working days reach, the cap on due_workdays, so that no deadline
 * can be set so far off that it never passes.
 */
static void check_due_on(struct svc_ctx *c, wb_date due, int after_today)
{
	wb_date today = svc_today(c), last;
	if (after_today && due <= today)
		svc_field(c, "due_on", "must be a date after today");
	else if (due < today)
		svc_field(c, "due_on", "must not be in the past");
	else if (svc_workday_add(c, today, c->cfg.max_due_workdays, &last) == 0 && due > last)
		svc_field(c, "due_on",
			  arena_printf(c->a, "must be within %d working days of today",
				       c->cfg.max_due_workdays));
}

/* A new deadline given as due_on or due_workdays (or neither: the default). */
static void check_deadline(struct svc_ctx *c, const struct svc_stage *in)
{
	if (in->has_due_on && in->has_due_workdays)
		svc_field(c, "due_workdays", "give due_on or due_workdays, not both");
	if (in->has_due_workdays)
		svc_check_workdays(c, "due_workdays", in->due_workdays);
	if (in->has_due_on)
		check_due_on(c, in->due_on, 0);
}

static void check_dispatch(struct svc_ctx *c, const struct svc_stage *in)
{
	check_deadline(c, in);
	if (in->has_unit_id && in->unit_id <= 0)
		svc_field(c, "unit_id", "must be a unit id");
}

static void check_reason(struct svc_ctx *c, const struct svc_stage *in)
{
	svc_text(c, "reason", in->reason, 1, 1000, 1);
}

static void check_reopen(struct svc_ctx *c, const struct svc_stage *in)
{
	check_deadline(c, in);
	check_reason(c, in);
}

static void check_feedback(struct svc_ctx *c, const struct svc_stage *in)
{
	svc_text(c, "reply", in->reply, 1, SVC_TEXT_MAX, 1);
	svc_text(c, "plan", in->plan, 0, SVC_TEXT_MAX, 0);
}

static void check_progress(struct svc_ctx *c, const struct svc_stage *in)
{
	svc_text(c, "measures", in->measures, 1, SVC_TEXT_MAX, 1);
	svc_text(c, "evidence", in->evidence, 0, SVC_TEXT_MAX, 0);
	if (!in->has_percent)
		svc_field(c, "percent", "is required");
	else if (in->percent < 0 || in->percent > 100)
		svc_field(c, "percent", "must be 0 to 100");
	else if (in->has_done && in->done && in->percent != 100)
		svc_field(c, "percent", "must be 100 when done");
}

static void check_extension(struct svc_ctx *c, const struct svc_stage *in)
{
	if (!in->has_due_on)
		svc_field(c, "due_on", "is required");
	else
		check_due_on(c, in->due_on, 1);
	check_reason(c, in);
}

static void check_decision(struct svc_ctx *c, const struct svc_stage *in)
{
	if (!in->has_approved)
		svc_field(c, "approved", "is required");
	svc_text(c, "note", in->note, 0, SVC_TEXT_MAX, 0);
}

static void check_verify(struct svc_ctx *c, const struct svc_stage *in)
{
	if (!in->has_passed)
		svc_field(c, "passed", "is required");
	else if (in->passed && (in->has_due_on || in->has_due_workdays))
		svc_field(c, "due_on", "a new deadline is only set when the verification fails");
	check_deadline(c, in);
	svc_text(c, "note", in->note, 0, SVC_TEXT_MAX, 0);
}

static void check_evaluate(struct svc_ctx *c, const struct svc_stage *in)
{
	if (in->has_opinion_id && in->opinion_id <= 0)
		svc_field(c, "opinion_id", "must be an opinion id");
	if (!in->has_rating || (unsigned)in->rating >= RATING__N)
		svc_field(c, "rating",
			  "must be satisfied, basically_satisfied, unsatisfied or unaware");
	svc_text(c, "note", in->note, 0, SVC_TEXT_MAX, 0);
}

static void check_flag(struct svc_ctx *c, const struct svc_stage *in)
{
	if (!in->has_flagged)
		svc_field(c, "flagged", "is required");
	if (in->has_due_on)
		check_due_on(c, in->due_on, 0);
	svc_text(c, "bulletin", in->bulletin, 0, SVC_TEXT_MAX, 0);
}

/* ---- effects: each changes the problem @p p and describes the change in @p d ---- */

/*
 * The deadline of a dispatch, or of a rectification sent back (failed verification,
 * reopening): the given date, else the given or default number of working days from today.
 */
static int new_deadline(struct svc_ctx *c, const struct wb_problem *p, const struct svc_stage *in,
			json_t *d, wb_date *due)
{
	*due = in->due_on;
	if (!in->has_due_on) {
		int workdays =
			in->has_due_workdays ? in->due_workdays : c->cfg.due_workdays[p->severity];
		int rc = svc_workday_add(c, svc_today(c), workdays, due);
		if (rc < 0)
			return rc;
		json_object_set_new(d, "due_workdays", json_integer(workdays));
	}
	if (p->due_on != WB_NO_DATE && p->due_on != *due)
		svc_put_date(d, "previous_due_on", p->due_on);
	svc_put_date(d, "due_on", *due);
	return 0;
}

/* Rectification sent back to the unit: a new deadline, and a flag's with it when expired. */
static int sent_back(struct svc_ctx *c, struct wb_problem *p, const struct svc_stage *in, json_t *d)
{
	int rc = new_deadline(c, p, in, d, &p->due_on);
	if (rc == 0 && p->flagged && p->flag_due_on != WB_NO_DATE && p->flag_due_on < p->due_on) {
		p->flag_due_on = p->due_on;
		svc_put_date(d, "flag_due_on", p->flag_due_on);
	}
	return rc;
}

/* The unit a dispatch names: a responsible unit, and for a station one it follows. */
static int dispatch_unit(struct svc_ctx *c, int64_t unit_id)
{
	struct wb_unit u;
	int rc = store_unit_get(c->st, unit_id, c->a, &u);
	if (rc < 0)
		return rc;
	if (rc == 0 || !wb_unit_kind_is_responsible(u.kind))
		return svc_field(c, "unit_id", "must be a department or a street/town");
	if (c->who.role == ROLE_STATION && u.station_id != c->who.unit_id)
		return svc_fail(c, WB_ERR_FORBIDDEN,
				"a station dispatches only to the units it follows; the district "
				"office dispatches to the others");
	return 0;
}

static int apply_dispatch(struct act_op *op, struct wb_problem *p, json_t *d)
{
	struct svc_ctx *c = op->c;
	const struct svc_stage *in = op->in;
	int64_t unit_id = in->has_unit_id ? in->unit_id : p->target_unit_id;
	int rc = dispatch_unit(c, unit_id);
	wb_date due;
	if (rc == 0)
		rc = new_deadline(c, p, in, d, &due);
	if (rc < 0)
		return rc;
	p->unit_id = unit_id;
	p->due_on = due;
	p->dispatched_at = c->now;
	rc = svc_workday_add(c, svc_today(c), c->cfg.ack_workdays, &p->ack_due_on);
	if (rc < 0)
		return rc;
	if (p->ack_due_on > due)
		p->ack_due_on = due;
	svc_put_date(d, "ack_due_on", p->ack_due_on);
	p->acknowledged_at = p->answered_at = 0;
	p->ext_pending = 0;
	if (in->has_flagged && in->flagged) {
		p->flagged = 1;
		p->delisted = 0;
		if (p->flag_due_on == WB_NO_DATE)
			p->flag_due_on = due;
		svc_put_date(d, "flag_due_on", p->flag_due_on);
	}
	json_object_set_new(d, "unit_id", json_integer(unit_id));
	if (in->has_flagged)
		json_object_set_new(d, "flagged", json_boolean(in->flagged));
	/* The station's dispatching is done; the unit's acknowledging and answering start,
	 * each judged by the deadline set now. */
	rc = svc_duty_end(c, DUTY_DISPATCH, p->id, 0, 0);
	struct wb_duty duty = {.campaign_id = p->campaign_id,
			       .kind = DUTY_ACK,
			       .problem_id = p->id,
			       .holder_id = unit_id,
			       .due_on = p->ack_due_on};
	if (rc == 0)
		rc = svc_duty_start(c, &duty, 0);
	duty.kind = DUTY_FEEDBACK;
	duty.due_on = due;
	return rc < 0 ? rc : svc_duty_start(c, &duty, 0);
}

static int apply_acknowledge(struct act_op *op, struct wb_problem *p, json_t *d)
{
	(void)d;
	p->acknowledged_at = op->c->now;
	return svc_duty_end(op->c, DUTY_ACK, p->id, 0, 0);
}

static int apply_return(struct act_op *op, struct wb_problem *p, json_t *d)
{
	p->return_reason = op->in->reason;
	p->ext_pending = 0;
	json_object_set_new(d, "reason", json_string(op->in->reason));
	/* Released undone: a deadline that passed while the unit held it stays missed. */
	int rc = svc_duty_end(op->c, DUTY_ACK, p->id, 0, 1);
	return rc < 0 ? rc : svc_duty_end(op->c, DUTY_FEEDBACK, p->id, 0, 1);
}

static int apply_feedback(struct act_op *op, struct wb_problem *p, json_t *d)
{
	const struct svc_stage *in = op->in;
	p->reply = in->reply;
	p->plan = in->plan;
	p->answered_at = op->c->now;
	p->answered_due = p->due_on;
	json_object_set_new(d, "reply", json_string(in->reply));
	if (in->plan)
		json_object_set_new(d, "plan", json_string(in->plan));
	return svc_duty_end(op->c, DUTY_FEEDBACK, p->id, 0, 0);
}

static int apply_progress(struct act_op *op, struct wb_problem *p, json_t *d)
{
	struct svc_ctx *c = op->c;
	const struct svc_stage *in = op->in;
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
		/* the station following the unit now verifies it */
		struct wb_duty duty = {
			.campaign_id = p->campaign_id, .kind = DUTY_VERIFY, .problem_id = p->id};
		rc = svc_station_of(c, p->unit_id, &duty.holder_id);
		if (rc == 0)
			rc = svc_duty_start(c, &duty, c->cfg.verify_workdays);
		if (rc < 0)
			return rc;
	}
	json_object_set_new(d, "measures", json_string(pr.measures));
	json_object_set_new(d, "percent", json_integer(pr.percent));
	json_object_set_new(d, "evidence", json_string(pr.evidence));
	json_object_set_new(d, "done", json_boolean(pr.done));
	return 0;
}

static int apply_extension(struct act_op *op, struct wb_problem *p, json_t *d)
{
	const struct svc_stage *in = op->in;
	if (p->due_on != WB_NO_DATE && in->due_on <= p->due_on)
		return svc_field(op->c, "due_on", "must be later than the current deadline");
	p->ext_pending = 1;
	p->ext_due_on = in->due_on;
	p->ext_reason = in->reason;
	svc_put_date(d, "due_on", in->due_on);
	json_object_set_new(d, "reason", json_string(in->reason));
	return 0;
}

static int apply_decision(struct act_op *op, struct wb_problem *p, json_t *d)
{
	const struct svc_stage *in = op->in;
	json_object_set_new(d, "approved", json_boolean(in->approved));
	svc_put_date(d, "requested_due_on", p->ext_due_on);
	if (in->approved) {
		if (p->due_on != WB_NO_DATE)
			svc_put_date(d, "previous_due_on", p->due_on);
		p->due_on = p->ext_due_on;
		/* an answer not yet late may use the new deadline; a late one stays late */
		int rc = store_duty_extend(op->c->st, DUTY_FEEDBACK, p->id, svc_today(op->c),
					   p->due_on);
		if (rc < 0)
			return rc;
		if (p->flagged && p->flag_due_on != WB_NO_DATE && p->flag_due_on < p->due_on) {
			p->flag_due_on = p->due_on;
			svc_put_date(d, "flag_due_on", p->flag_due_on);
		}
	}
	p->ext_pending = 0;
	if (in->note)
		json_object_set_new(d, "note", json_string(in->note));
	return 0;
}

static int apply_verify(struct act_op *op, struct wb_problem *p, json_t *d)
{
	const struct svc_stage *in = op->in;
	int rc = svc_duty_end(op->c, DUTY_VERIFY, p->id, 0, 0);
	if (rc < 0)
		return rc;
	json_object_set_new(d, "passed", json_boolean(in->passed));
	if (in->note)
		json_object_set_new(d, "note", json_string(in->note));
	if (in->passed) {
		p->verified_at = op->c->now;
		p->round++; /* ratings from now on judge this verified rectification */
		p->valid_ratings = p->unsatisfied_ratings = 0;
		return 0;
	}
	p->rectified_at = 0;
	/* Back to rectifying: a fresh deadline, or it would be overdue at once. */
	return sent_back(op->c, p, in, d);
}

/*
 * Whose rating this is: the receipt's opinion, the opinion whose giver's paper form staff
 * enter (which must be one of this problem's), or the staff member's own.
 */
static int rating_source(struct act_op *op, const struct wb_problem *p, int64_t *opinion_id,
			 int64_t *entered_by)
{
	struct svc_ctx *c = op->c;
	*opinion_id = op->receipt_opinion;
	*entered_by = op->receipt_entered_by;
	if (op->receipt_opinion || !op->in->has_opinion_id)
		return 0;
	struct wb_opinion o;
	int rc = store_opinion_get(c->st, NULL, op->in->opinion_id, c->a, &o);
	if (rc < 0)
		return rc;
	if (rc == 0 || o.problem_id != p->id)
		return svc_field(c, "opinion_id", "must be an opinion of this problem");
	*opinion_id = o.id;
	*entered_by = o.entered_by;
	return 0;
}

/*
 * Whether a rating of an opinion entered by account @p entered_by counts: not when that
 * account is the rated unit's own (a unit that files "public" opinions about itself and
 * rates them). @return 1, 0, or an error
 */
static int entered_counts(struct svc_ctx *c, const struct wb_problem *p, int64_t entered_by)
{
	if (entered_by == 0)
		return 1;
	struct wb_user u;
	int rc = store_user_get(c->st, entered_by, c->a, &u);
	if (rc < 0)
		return rc;
	return !(rc > 0 && u.role == ROLE_UNIT && u.unit_id == p->unit_id);
}

static int apply_evaluate(struct act_op *op, struct wb_problem *p, json_t *d)
{
	struct svc_ctx *c = op->c;
	int64_t source, entered_by;
	int rc = rating_source(op, p, &source, &entered_by);
	if (rc < 0)
		return rc;
	/* a unit rates nothing of its own, not even through a receipt while logged in */
	if (c->who.role == ROLE_UNIT && c->who.unit_id == p->unit_id)
		return svc_fail(c, WB_ERR_FORBIDDEN, "a unit may not rate its own rectification");
	int counts = entered_counts(c, p, entered_by);
	if (counts < 0)
		return counts;
	/* One rating per source and round: a second from a receipt, a giver's form or an
	 * account would let anyone who can rate move the unit's score at will. */
	rc = store_evaluation_by_source(c->st, p->id, p->round, source, c->who.user_id);
	if (rc < 0)
		return rc;
	if (rc > 0)
		return svc_fail(
			c, WB_ERR_STATE,
			op->receipt_opinion ? "this receipt has already rated this rectification"
			: source ? "this opinion's giver has already rated this rectification"
				 : "you have already rated this rectification");
	struct wb_evaluation e = {
		.problem_id = p->id,
		.round = p->round,
		.rating = op->in->rating,
		.note = op->in->note ? op->in->note : "",
		.by_user_id = c->who.user_id,
		.opinion_id = source,
		.counted = counts,
		.staff_entered = entered_by != 0,
		.created_at = c->now,
	};
	rc = store_evaluation_insert(c->st, &e, &op->eval_id);
	if (rc < 0)
		return rc;
	/* the round's counts on the problem, kept in the same transaction as the rating */
	p->valid_ratings += counts && e.rating != RATING_UNAWARE;
	p->unsatisfied_ratings += counts && e.rating == RATING_UNSATISFIED;
	json_object_set_new(d, "evaluation_id", json_integer(op->eval_id));
	json_object_set_new(d, "rating", json_string(wb_enum_name(&wb_ratings, e.rating)));
	json_object_set_new(d, "round", json_integer(e.round));
	json_object_set_new(d, "by", json_string(op->receipt_opinion ? "public" : "staff"));
	/* a receipt used by someone logged in: the account is known and recorded */
	if (op->receipt_opinion && c->who.user_id)
		json_object_set_new(d, "account", json_integer(c->who.user_id));
	if (entered_by)
		json_object_set_new(d, "staff_entered", json_true());
	if (!counts)
		json_object_set_new(d, "counted", json_false());
	if (source)
		json_object_set_new(d, "opinion_id", json_integer(source));
	return 0;
}

static int apply_close(struct act_op *op, struct wb_problem *p, json_t *d)
{
	p->closed_at = op->c->now;
	if (p->flagged) {
		p->flagged = 0;
		p->delisted = 1;
		json_object_set_new(d, "delisted", json_true());
	}
	return 0;
}

static int apply_reopen(struct act_op *op, struct wb_problem *p, json_t *d)
{
	p->reopen_count++;
	p->closed_at = 0;
	p->verified_at = 0;
	p->rectified_at = 0;
	json_object_set_new(d, "reason", json_string(op->in->reason));
	return sent_back(op->c, p, op->in, d);
}

static int apply_flag(struct act_op *op, struct wb_problem *p, json_t *d)
{
	struct svc_ctx *c = op->c;
	const struct svc_stage *in = op->in;
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
			svc_put_date(d, "due_on", p->flag_due_on);
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
		int rc = store_bulletin_insert(c->st, p->id, in->bulletin, c->now, c->who.user_id,
					       &bid);
		if (rc < 0)
			return rc;
		json_object_set_new(d, "bulletin_id", json_integer(bid));
		json_object_set_new(d, "bulletin", json_string(in->bulletin));
		if ((rc = svc_notice_of_flag(c, c->st, p, bid, in->bulletin)) < 0)
			return rc;
	}
	return 0;
}

/* Each action's body check (NULL: no body) and effects, beside core's wb_stages. */
static const struct {
	void (*check)(struct svc_ctx *c, const struct svc_stage *in);
	int (*apply)(struct act_op *op, struct wb_problem *p, json_t *d);
} ops[ACT__N] = {
	[ACT_DISPATCH] = {check_dispatch, apply_dispatch},
	[ACT_ACKNOWLEDGE] = {NULL, apply_acknowledge},
	[ACT_RETURN] = {check_reason, apply_return},
	[ACT_FEEDBACK] = {check_feedback, apply_feedback},
	[ACT_PROGRESS] = {check_progress, apply_progress},
	[ACT_EXTENSION] = {check_extension, apply_extension},
	[ACT_EXTENSION_DECISION] = {check_decision, apply_decision},
	[ACT_VERIFY] = {check_verify, apply_verify},
	[ACT_EVALUATE] = {check_evaluate, apply_evaluate},
	[ACT_CLOSE] = {NULL, apply_close},
	[ACT_REOPEN] = {check_reopen, apply_reopen},
	[ACT_FLAG] = {check_flag, apply_flag},
};

static int check_stage(struct svc_ctx *c, enum wb_action a, const struct svc_stage *in)
{
	if (ops[a].check)
		ops[a].check(c, in);
	return c->errs.n ? WB_ERR_INVALID : 0;
}

/* The facts beyond the state that core's rules need (fsm.h). */
static struct wb_fsm_input facts_of(const struct wb_problem *p, const struct svc_stage *in)
{
	return (struct wb_fsm_input){
		.done = in && in->has_done && in->done,
		.passed = in && in->passed,
		.ext_pending = p->ext_pending,
		.valid_ratings = p->valid_ratings,
		.unsatisfied_ratings = p->unsatisfied_ratings,
	};
}

unsigned svc_problem_actions(const struct svc_ctx *c, const struct wb_problem *p)
{
	unsigned out = 0;
	struct wb_fsm_input fin = facts_of(p, NULL);
	for (int a = 0; a < ACT__N; a++) {
		enum wb_pstatus to;
		if (wb_perm_action(c->who.role, a) && wb_fsm_apply(a, p->status, &fin, &to) == 0)
			out |= 1u << a;
	}
	return out;
}

/* Why core refused @p action on @p p, in a sentence. */
static const char *refusal(struct svc_ctx *c, enum wb_action action, const struct wb_problem *p)
{
	if (!wb_fsm_allowed_from(action, p->status))
		return arena_printf(c->a, "cannot %s a problem that is %s",
				    wb_enum_name(&wb_actions, action),
				    wb_enum_name(&wb_pstatuses, p->status));
	switch (action) {
	case ACT_CLOSE:
		return p->valid_ratings == 0
			       ? "no valid rating yet: record an evaluation other than unaware first"
			       : "more than half of the valid ratings are unsatisfied: reopen it";
	case ACT_EXTENSION:
		return "an extension request is already waiting for a decision";
	case ACT_EXTENSION_DECISION:
		return "there is no extension request to decide";
	default:
		return "not allowed now";
	}
}

/*
 * The stage on the loaded problem @p p: ask core, apply the effects, set the new state
 * and record the event. The caller stores @p p.
 */
static int stage_apply(struct act_op *op, struct wb_problem *p)
{
	struct svc_ctx *c = op->c;
	/* Ratings are counted inside the transaction, not taken from an earlier read. */
	if (op->action == ACT_CLOSE) {
		int rc = store_evaluation_counts(c->st, p->id, p->round, &p->valid_ratings,
						 &p->unsatisfied_ratings);
		if (rc < 0)
			return rc;
	}
	struct wb_fsm_input fin = facts_of(p, op->in);
	enum wb_pstatus from = p->status, to;
	if (wb_fsm_apply(op->action, from, &fin, &to) < 0)
		return svc_fail(c, WB_ERR_STATE, refusal(c, op->action, p));
	json_t *d = json_object();
	int rc = ops[op->action].apply(op, p, d);
	if (rc < 0) {
		json_decref(d);
		return rc;
	}
	p->status = to;
	p->updated_at = c->now;
	/* The office recording a unit's stage on its behalf: the event names both. */
	int64_t for_unit = 0;
	if (wb_action_is_units(op->action) && c->who.role == ROLE_ADMIN) {
		for_unit = p->unit_id;
		json_object_set_new(d, "on_behalf_of_unit", json_integer(p->unit_id));
	}
	char kind[40];
	snprintf(kind, sizeof kind, "problem.%s", wb_enum_name(&wb_actions, op->action));
	return svc_event(c, kind, "problem", p->id, wb_enum_name(&wb_pstatuses, from),
			 wb_enum_name(&wb_pstatuses, to), for_unit, d);
}

int svc_stage_apply(struct svc_ctx *c, struct wb_problem *p, enum wb_action action,
		    const struct svc_stage *in)
{
	if ((unsigned)action >= ACT__N || check_stage(c, action, in) < 0)
		return (unsigned)action >= ACT__N ? WB_ERR_INTERNAL : WB_ERR_INVALID;
	struct act_op op = {c, p->id, action, in, 0, 0};
	return stage_apply(&op, p);
}

static int act_tx(struct store *st, void *arg)
{
	struct act_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_problem p;
	const struct wb_actor *who = op->receipt_opinion ? NULL : &c->who;
	int rc = svc_found(store_problem_get(st, who, op->id, c->a, &p));
	if (rc < 0)
		return rc;
	if (who && !wb_perm_action(c->who.role, op->action))
		return svc_fail(c, WB_ERR_FORBIDDEN,
				arena_printf(c->a, "a %s may not %s a problem",
					     wb_enum_name(&wb_roles, c->who.role),
					     wb_enum_name(&wb_actions, op->action)));
	if (op->action == ACT_DISPATCH && op->in->has_unit_id) {
		rc = dispatch_unit(c, op->in->unit_id);
		if (rc < 0)
			return rc;
	}
	rc = stage_apply(op, &p);
	return rc < 0 ? rc : store_problem_update(st, &p);
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
		return svc_fail(c, WB_ERR_STATE,
				"the opinion has not been taken up in a problem yet");
	struct act_op op = {c, o.problem_id, ACT_EVALUATE, &in, 0, o.id, o.entered_by};
	rc = svc_tx(c, 1, act_tx, &op);
	if (rc >= 0)
		*eval_id = op.eval_id;
	return rc < 0 ? rc : 0;
}
