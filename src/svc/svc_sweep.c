/*
 * Reminders (催办) and escalations (督办) of problems past their deadline: one event each
 * per deadline, however often the sweep runs and on however many servers.
 */
#include "svc.h"

#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/sweep.h"
#include "../util/err.h"
#include "svc_int.h"
#include "svc_faults.h"
#include "svc_targets.h"

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
	op->out->reminded = op->out->escalated = op->out->faults_proposed = 0;
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
		rc = svc_fault_propose_overdue(c, st, p, &cal, today, &op->out->faults_proposed);
		if (rc < 0)
			return rc;
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
			svc_put_date(d, "deadline", sw.deadline);
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
	if (rc >= 0)
		rc = svc_target_remind(c, SVC_TARGET_REMIND_DAYS, &out->target_reminded);
	return rc < 0 ? rc : 0;
}
