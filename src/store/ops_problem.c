/*
 * The store's operations on problems and what hangs off them, written once for every
 * engine: problems, form 4's reports, form 5's ratings, bulletins, the five forms' rows,
 * the home page counts, accountability, scoring schemes and the audit log.
 */
#include "store_int.h"

#include <stdio.h>
#include <string.h>

#include "../core/audit.h"
#include "../core/enums.h"
#include "../core/fsm.h"
#include "../core/perm.h"
#include "../util/err.h"
#include "ops.h"

/* ---- problems ---- */

static int emit_problem(struct stmt *q, const struct emit *em)
{
	struct wb_problem p;
	row_read(q, &spec_problem, 0, NULL, &p);
	return em->cb.problem(em->arg, &p);
}

int store_problem_insert(struct store *st, const struct wb_problem *p, int64_t *id)
{
	struct wb_problem x = *p;
	if (x.updated_at == 0)
		x.updated_at = x.created_at;
	struct stmt *q = stmt_get(st, ST_PROBLEM_INSERT);
	row_bind(q, &spec_problem, FW_INS, 1, &x);
	return exec_insert(q, id);
}

int store_problem_get(struct store *st, const struct wb_actor *who, int64_t id, struct arena *a,
		      struct wb_problem *out)
{
	struct stmt *q = stmt_get(st, ST_PROBLEM_GET);
	bind_i64(q, 1, id);
	bind_scope(q, who);
	return one_row(q, &spec_problem, a, out);
}

int store_problem_update(struct store *st, const struct wb_problem *p)
{
	struct stmt *q = stmt_get(st, ST_PROBLEM_UPDATE);
	bind_i64(q, 1, p->id);
	row_bind(q, &spec_problem, FW_UPD, 2, p);
	int rc = exec_changes(q);
	return rc < 0 ? rc : rc > 0;
}

int store_problem_list(struct store *st, const struct wb_actor *who,
		       const struct store_problem_filter *f, store_problem_cb cb, void *arg)
{
	struct stmt *q = stmt_get(st, f->by_due ? ST_PROBLEM_LIST_DUE : ST_PROBLEM_LIST);
	bind_id(q, 1, f->campaign_id);
	bind_id(q, 2, f->target_unit_id);
	bind_id(q, 3, f->unit_id);
	if (f->statuses) /* unbound parameters are NULL: any */
		bind_i64(q, 4, f->statuses);
	bind_enum(q, 5, &wb_dimensions, f->dimension);
	bind_enum(q, 6, &wb_severities, f->severity);
	if (f->flagged >= 0) /* unbound parameters are NULL: any */
		bind_i64(q, 7, f->flagged);
	if (f->overdue >= 0)
		bind_i64(q, 8, f->overdue);
	bind_date(q, 9, f->today);
	if (f->by_due) {
		bind_date(q, 15, f->cursor_due);
		bind_i64(q, 16, f->cursor);
	} else {
		bind_id(q, 10, f->cursor);
	}
	bind_i64(q, 11, f->limit);
	if (f->ext_pending >= 0)
		bind_i64(q, 12, f->ext_pending);
	bind_date(q, 13, f->due_until);
	if (f->awaiting_evaluation >= 0)
		bind_i64(q, 14, f->awaiting_evaluation);
	bind_scope(q, who);
	return each_row(q, emit_problem, &(struct emit){.cb.problem = cb, .arg = arg});
}

int store_problem_opinion_ids(struct store *st, int64_t id, struct arena *a, int64_t **ids, int *n)
{
	struct stmt *q = stmt_get(st, ST_PROBLEM_OPINIONS);
	bind_i64(q, 1, id);
	int rc, cap = 16;
	int64_t *v = arena_alloc(a, (size_t)cap * sizeof *v);
	*n = 0;
	while ((rc = q->drv->step(q)) > 0) {
		if (*n == cap) {
			int64_t *w = arena_alloc(a, (size_t)cap * 2 * sizeof *w);
			memcpy(w, v, (size_t)cap * sizeof *v);
			v = w;
			cap *= 2;
		}
		v[(*n)++] = col_i64(q, 0);
	}
	*ids = v;
	return rc < 0 ? rc : 1;
}

int store_problem_late(struct store *st, wb_date today, store_problem_cb cb, void *arg)
{
	struct stmt *q = stmt_get(st, ST_PROBLEM_LATE);
	bind_date(q, 1, today);
	return each_row(q, emit_problem, &(struct emit){.cb.problem = cb, .arg = arg});
}

/* ---- form 4 history, form 5 ratings, bulletins ---- */

static int emit_progress(struct stmt *q, const struct emit *em)
{
	struct wb_progress p;
	row_read(q, &spec_progress, 0, NULL, &p);
	return em->cb.progress(em->arg, &p);
}

int store_progress_insert(struct store *st, const struct wb_progress *p, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_PROGRESS_INSERT);
	row_bind(q, &spec_progress, FW_INS, 1, p);
	return exec_insert(q, id);
}

int store_progress_list(struct store *st, int64_t problem_id, store_progress_cb cb, void *arg)
{
	struct stmt *q = stmt_get(st, ST_PROGRESS_LIST);
	bind_i64(q, 1, problem_id);
	return each_row(q, emit_progress, &(struct emit){.cb.progress = cb, .arg = arg});
}

static int emit_evaluation(struct stmt *q, const struct emit *em)
{
	struct wb_evaluation e;
	row_read(q, &spec_evaluation, 0, NULL, &e);
	return em->cb.evaluation(em->arg, &e);
}

int store_evaluation_insert(struct store *st, const struct wb_evaluation *e, int64_t *id)
{
	struct wb_evaluation x = *e;
	x.note = x.note ? x.note : "";
	struct stmt *q = stmt_get(st, ST_EVAL_INSERT);
	row_bind(q, &spec_evaluation, FW_INS, 1, &x);
	return exec_insert(q, id);
}

int store_evaluation_list(struct store *st, int64_t problem_id, store_evaluation_cb cb, void *arg)
{
	struct stmt *q = stmt_get(st, ST_EVAL_LIST);
	bind_i64(q, 1, problem_id);
	return each_row(q, emit_evaluation, &(struct emit){.cb.evaluation = cb, .arg = arg});
}

int store_evaluation_all(struct store *st, store_evaluation_cb cb, void *arg)
{
	struct stmt *q = stmt_get(st, ST_EVAL_ALL);
	return each_row(q, emit_evaluation, &(struct emit){.cb.evaluation = cb, .arg = arg});
}

int store_evaluation_counts(struct store *st, int64_t problem_id, int round, int *valid,
			    int *unsatisfied)
{
	struct stmt *q = stmt_get(st, ST_EVAL_COUNTS);
	bind_i64(q, 1, problem_id);
	bind_i64(q, 2, round);
	int rc = q->drv->step(q);
	if (rc > 0) {
		*valid = (int)col_i64(q, 0);
		*unsatisfied = (int)col_i64(q, 1);
		q->drv->reset(q);
	}
	return rc;
}

int store_evaluation_by_source(struct store *st, int64_t problem_id, int round, int64_t opinion_id,
			       int64_t user_id)
{
	struct stmt *q = stmt_get(st, ST_EVAL_BY_SOURCE);
	int64_t one;
	bind_i64(q, 1, problem_id);
	bind_i64(q, 2, round);
	bind_id(q, 3, opinion_id);
	bind_i64(q, 4, user_id);
	return exec_i64(q, &one);
}

int store_duty_insert(struct store *st, const struct wb_duty *d)
{
	struct stmt *q = stmt_get(st, ST_DUTY_INSERT);
	row_bind(q, &spec_duty, FW_INS, 1, d);
	int64_t id;
	return exec_insert(q, &id);
}

int store_duty_end(struct store *st, enum wb_duty_kind kind, int64_t problem_id, int64_t opinion_id,
		   int64_t at, int released)
{
	struct stmt *q = stmt_get(st, released ? ST_DUTY_RELEASE : ST_DUTY_DONE);
	bind_id(q, 1, problem_id);
	bind_id(q, 2, opinion_id);
	bind_i64(q, 3, at);
	bind_enum(q, 4, &wb_duty_kinds, kind);
	return exec_changes(q);
}

int store_duty_extend(struct store *st, enum wb_duty_kind kind, int64_t problem_id, wb_date today,
		      wb_date due)
{
	struct stmt *q = stmt_get(st, ST_DUTY_EXTEND);
	bind_i64(q, 1, problem_id);
	bind_enum(q, 2, &wb_duty_kinds, kind);
	bind_date(q, 3, today);
	bind_date(q, 4, due);
	return exec_changes(q);
}

int store_duty_any(struct store *st, int64_t *one)
{
	return exec_i64(stmt_get(st, ST_DUTY_ANY), one);
}

static int emit_duty(struct stmt *q, const struct emit *em)
{
	struct wb_duty d;
	row_read(q, &spec_duty, 0, NULL, &d);
	return em->cb.duty(em->arg, &d);
}

int store_duty_list(struct store *st, int64_t problem_id, store_duty_cb cb, void *arg)
{
	struct stmt *q = stmt_get(st, ST_DUTY_LIST);
	bind_i64(q, 1, problem_id);
	return each_row(q, emit_duty, &(struct emit){.cb.duty = cb, .arg = arg});
}

int store_bulletin_insert(struct store *st, int64_t problem_id, const char *text,
			  int64_t published_at, int64_t by_user_id, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_BULLETIN_INSERT);
	bind_i64(q, 1, problem_id);
	bind_text(q, 2, text);
	bind_i64(q, 3, published_at);
	bind_i64(q, 4, by_user_id);
	return exec_insert(q, id);
}

static int emit_bulletin(struct stmt *q, const struct emit *em)
{
	struct store_bulletin b = {
		.id = col_i64(q, 0),
		.problem_id = col_i64(q, 1),
		.title = col_text(q, 2, NULL),
		.unit_name = col_text(q, 3, NULL),
		.text = col_text(q, 4, NULL),
		.published_at = col_i64(q, 5),
		.flag_due_on = col_date(q, 6),
		.status = col_enum(q, 7, &wb_pstatuses),
		.flagged = (int)col_i64(q, 8),
		.delisted = (int)col_i64(q, 9),
	};
	return em->cb.bulletin(em->arg, &b);
}

int store_bulletin_list(struct store *st, int64_t cursor, int limit, store_bulletin_cb cb,
			void *arg)
{
	struct stmt *q = stmt_get(st, ST_BULLETIN_LIST);
	bind_id(q, 1, cursor);
	bind_i64(q, 2, limit);
	return each_row(q, emit_bulletin, &(struct emit){.cb.bulletin = cb, .arg = arg});
}

/* ---- the five forms ---- */

static int emit_form_opinion(struct stmt *q, const struct emit *em)
{
	struct store_form_opinion r;
	read_opinion(q, NULL, em->who, &r.o);
	r.point_name = col_text(q, spec_opinion.n, NULL);
	r.target_name = col_text(q, spec_opinion.n + 1, NULL);
	return em->cb.form_opinion(em->arg, &r);
}

static int emit_form_problem(struct stmt *q, const struct emit *em)
{
	struct store_form_problem r;
	int c = spec_problem.n;
	row_read(q, &spec_problem, 0, NULL, &r.p);
	r.target_name = col_text(q, c, NULL);
	r.unit_name = col_text(q, c + 1, NULL);
	for (int i = 0; i < RATING__N; i++)
		r.ratings[i] = col_i64(q, c + 2 + i);
	r.reports = col_i64(q, c + 2 + RATING__N);
	return em->cb.form_problem(em->arg, &r);
}

static struct stmt *form_stmt(struct store *st, int id, const struct store_form_filter *f,
			      const struct wb_enum *statuses, const struct wb_actor *who)
{
	struct stmt *q = stmt_get(st, id);
	bind_id(q, 1, f->campaign_id);
	bind_id(q, 2, f->unit_id);
	bind_id(q, 3, f->station_id);
	bind_id(q, 4, f->point_id);
	bind_enum(q, 5, statuses, f->status);
	bind_i64(q, 6, f->from);
	bind_i64(q, 7, f->to);
	bind_i64(q, 8, f->by_unit != 0);
	if (f->dims == 1u << DIM_CONDUCT || f->dims == 1u << DIM_EFFICIENCY)
		bind_enum(q, 9, &wb_dimensions,
			  f->dims == 1u << DIM_CONDUCT ? DIM_CONDUCT : DIM_EFFICIENCY);
	bind_scope(q, who);
	return q;
}

int store_form_opinions(struct store *st, const struct wb_actor *who,
			const struct store_form_filter *f, store_form_opinion_cb cb, void *arg)
{
	struct stmt *q = form_stmt(st, ST_FORM_OPINIONS, f, &wb_opinion_statuses, who);
	return each_row(q, emit_form_opinion,
			&(struct emit){.cb.form_opinion = cb, .arg = arg, .who = who});
}

int store_form_problems(struct store *st, const struct wb_actor *who,
			const struct store_form_filter *f, store_form_problem_cb cb, void *arg)
{
	struct stmt *q = form_stmt(st, ST_FORM_PROBLEMS, f, &wb_pstatuses, who);
	return each_row(q, emit_form_problem,
			&(struct emit){.cb.form_problem = cb, .arg = arg, .who = who});
}

/* ---- home page counts ---- */

int store_summary(struct store *st, const struct wb_actor *who, int64_t campaign_id, wb_date today,
		  wb_date soon, struct store_summary *out)
{
	int rc = 1;
	struct stmt *q;
	memset(out, 0, sizeof *out);
	if (who == NULL || wb_perm_allows(who->role, PERM_OPINION_READ)) {
		q = stmt_get(st, ST_SUMMARY_OPINIONS);
		bind_id(q, 1, campaign_id);
		bind_scope(q, who);
		while ((rc = q->drv->step(q)) > 0) {
			int v = wb_enum_parse(&wb_opinion_statuses, col_text(q, 0, NULL));
			if (v >= 0)
				out->opinions[v] = col_i64(q, 1);
		}
		if (rc < 0)
			return rc;
	}
	q = stmt_get(st, ST_SUMMARY_PROBLEMS);
	bind_id(q, 1, campaign_id);
	bind_date(q, 2, today);
	bind_date(q, 3, soon);
	bind_scope(q, who);
	while ((rc = q->drv->step(q)) > 0) {
		int v = wb_enum_parse(&wb_pstatuses, col_text(q, 0, NULL));
		if (v < 0)
			continue;
		out->problems[v] = col_i64(q, 1);
		out->problem_opinions += col_i64(q, 2);
		out->flagged += col_i64(q, 4);
		out->ext_pending += col_i64(q, 5);
		out->awaiting_evaluation += col_i64(q, 7);
		for (int f = 2; f < 5; f++)
			out->form_rows[f] += col_i64(q, 8 + f);
		/* Deadlines count while a problem is being worked on (as overdue does). */
		if (wb_pstatus_counts_overdue(v)) {
			out->overdue += col_i64(q, 3);
			out->due_soon += col_i64(q, 6);
			out->reminded += col_i64(q, 8);
			out->escalated += col_i64(q, 9);
		}
	}
	if (rc < 0)
		return rc;
	/* Form 1 holds the opinions in scope (for a unit, which may not read them, those its
	 * problems merge); form 2 every problem. */
	for (int i = 0; i < OS__N; i++)
		out->form_rows[0] += out->opinions[i];
	if (who && !wb_perm_allows(who->role, PERM_OPINION_READ))
		out->form_rows[0] = out->problem_opinions;
	for (int i = 0; i < PS__N; i++)
		out->form_rows[1] += out->problems[i];
	return 1;
}

/* ---- accountability and scoring schemes ---- */

static int emit_accountability(struct stmt *q, const struct emit *em)
{
	struct wb_accountability a;
	row_read(q, &spec_accountability, 0, NULL, &a);
	return em->cb.accountability(em->arg, &a);
}

int store_accountability_insert(struct store *st, const struct wb_accountability *a, int64_t *id)
{
	struct wb_accountability x = *a;
	x.note = x.note ? x.note : "";
	struct stmt *q = stmt_get(st, ST_ACC_INSERT);
	row_bind(q, &spec_accountability, FW_INS, 1, &x);
	return exec_insert(q, id);
}

int store_accountability_list(struct store *st, int64_t problem_id, int64_t unit_id,
			      store_accountability_cb cb, void *arg)
{
	struct stmt *q = stmt_get(st, ST_ACC_LIST);
	bind_id(q, 1, problem_id);
	bind_id(q, 2, unit_id);
	return each_row(q, emit_accountability,
			&(struct emit){.cb.accountability = cb, .arg = arg});
}

int store_scheme_insert(struct store *st, const struct store_scheme *s, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_SCHEME_INSERT);
	row_bind(q, &spec_scheme, FW_INS, 1, s);
	return exec_insert(q, id);
}

int store_scheme_for(struct store *st, wb_date day, struct arena *a, struct store_scheme *out)
{
	struct stmt *q = stmt_get(st, ST_SCHEME_FOR);
	bind_date(q, 1, day);
	return one_row(q, &spec_scheme, a, out);
}

/* ---- the audit log ---- */

static int emit_event(struct stmt *q, const struct emit *em)
{
	struct wb_event e;
	row_read(q, &spec_event, 0, NULL, &e);
	return em->cb.event(em->arg, &e);
}

int store_event_before(struct store *st, int64_t before, int64_t *id, char hash[65])
{
	struct stmt *q = stmt_get(st, ST_EVENT_BEFORE);
	bind_i64(q, 1, before);
	int rc = q->drv->step(q);
	if (rc > 0) {
		const char *h = col_text(q, 1, NULL);
		*id = col_i64(q, 0);
		snprintf(hash, 65, "%s", h ? h : "");
		q->drv->reset(q);
	}
	return rc;
}

int store_event_append(struct store *st, struct wb_event *ev)
{
	if (!st->in_tx || !st->write_tx)
		return WB_ERR_INTERNAL; /* the chain needs the write lock to stay linear */
	struct stmt *q = stmt_get(st, ST_EVENT_LAST);
	int rc = q->drv->step(q);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		const char *h = col_text(q, 1, NULL);
		ev->id = col_i64(q, 0) + 1;
		snprintf(ev->prev_hash, sizeof ev->prev_hash, "%s", h ? h : "");
		q->drv->reset(q);
	} else {
		ev->id = 1;
		memcpy(ev->prev_hash, wb_audit_genesis, sizeof ev->prev_hash);
	}
	if (wb_audit_seal(ev) < 0)
		return WB_ERR_INTERNAL;
	q = stmt_get(st, ST_EVENT_INSERT);
	row_bind(q, &spec_event, FW_INS, 1, ev);
	rc = exec_insert(q, NULL);
	return rc < 0 ? rc : 1;
}

int store_event_list(struct store *st, const char *subject_type, int64_t subject_id,
		     store_event_cb cb, void *arg)
{
	struct stmt *q = stmt_get(st, ST_EVENT_LIST);
	bind_text(q, 1, subject_type);
	bind_i64(q, 2, subject_id);
	return each_row(q, emit_event, &(struct emit){.cb.event = cb, .arg = arg});
}

int store_event_iter(struct store *st, store_event_cb cb, void *arg)
{
	return each_row(stmt_get(st, ST_EVENT_ITER), emit_event,
			&(struct emit){.cb.event = cb, .arg = arg});
}
