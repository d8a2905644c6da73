/*
 * Efficiency faults (行政效能过错): cases against a unit from an overdue flagged problem
 * (proposed by the sweep), an opinion, an inspection or a first-contact breach; confirmed
 * or dismissed by the office, decided with the people responsible (承办人 / 审核人 /
 * 批准人, direct or leadership responsibility) and their sanctions on the ladder, appealed
 * once within the window. Every step is an audit event. A decided case becomes a proposed
 * subtract for the year-end assessment (svc_yearend.c).
 */
#include "svc_faults.h"

#include <stdlib.h>
#include <string.h>

#include "../core/enums.h"
#include "../core/faults.h"
#include "../core/perm.h"
#include "svc_int.h"

static int office(const struct svc_ctx *c)
{
	return wb_perm_allows(c->who.role, PERM_FAULT_WRITE);
}

int svc_register_may_read(const struct svc_ctx *c, int64_t unit_id)
{
	return wb_perm_allows(c->who.role, PERM_REGISTER_READ) ||
	       (c->who.role == ROLE_UNIT && c->who.unit_id == unit_id);
}

static json_t *fault_json(const struct wb_fault *f)
{
	json_t *d = json_pack("{s:I, s:s, s:s, s:s}", "unit_id", (json_int_t)f->unit_id, "source",
			      wb_enum_name(&wb_fault_sources, f->source), "type",
			      wb_enum_name(&wb_fault_types, f->type), "facts",
			      f->facts ? f->facts : "");
	if (f->problem_id)
		json_object_set_new(d, "problem_id", json_integer(f->problem_id));
	if (f->opinion_id)
		json_object_set_new(d, "opinion_id", json_integer(f->opinion_id));
	if (f->contact_id)
		json_object_set_new(d, "contact_id", json_integer(f->contact_id));
	return d;
}

/* The last day a decision of @p f may be appealed, or WB_NO_DATE. */
static wb_date appeal_until(const struct svc_ctx *c, const struct wb_fault *f)
{
	if (f->decided_on == WB_NO_DATE)
		return WB_NO_DATE;
	return f->decided_on + c->cfg.fault_appeal_days;
}

static int fill_view(struct svc_ctx *c, struct store *st, struct svc_fault_view *v)
{
	int rc = store_fault_people(st, v->f.id, c->a, &v->people, &v->npeople);
	if (rc < 0)
		return rc;
	struct wb_unit u;
	rc = store_unit_get(st, v->f.unit_id, c->a, &u);
	if (rc < 0)
		return rc;
	v->unit_name = rc ? u.name : "";
	v->appeal_until = appeal_until(c, &v->f);
	int window = v->f.status == FST_DECIDED && v->f.appeal == NULL &&
		     v->appeal_until != WB_NO_DATE && svc_today(c) <= v->appeal_until;
	v->actions = wb_fault_actions(v->f.status, office(c),
				      c->who.role == ROLE_UNIT && c->who.unit_id == v->f.unit_id,
				      window);
	return 0;
}

/* Read case @p id for a change: 404 outside the caller's scope, 403 when the caller may
 * read it but not do @p action with it at its status. */
static int load_for(struct svc_ctx *c, struct store *st, int64_t id, unsigned action,
		    struct svc_fault_view *v)
{
	memset(v, 0, sizeof *v);
	int rc = store_fault_get(st, id, c->a, &v->f);
	if (rc <= 0 || !svc_register_may_read(c, v->f.unit_id))
		return rc < 0 ? rc : svc_fail(c, WB_ERR_NOT_FOUND, "no such fault case");
	if ((rc = fill_view(c, st, v)) < 0)
		return rc;
	if (v->actions & action)
		return 0;
	unsigned any = wb_fault_actions(v->f.status, 1, 1, 1);
	if (!(any & action))
		return svc_fail(c, WB_ERR_STATE,
				arena_printf(c->a, "the case is %s",
					     wb_enum_name(&wb_fault_statuses, v->f.status)));
	if (action == FACT_APPEAL && (office(c) || c->who.role == ROLE_UNIT))
		return svc_fail(c, WB_ERR_STATE, "the appeal window is closed");
	return svc_fail(c, WB_ERR_FORBIDDEN,
			action == FACT_APPEAL ? "only the case's unit or the office appeals"
					      : "only the district office decides fault cases");
}

/* ---- recording ---- */

struct create_op {
	struct svc_ctx *c;
	struct wb_fault f;
	int64_t *id;
};

static int create_tx(struct store *st, void *arg)
{
	struct create_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_unit u;
	int rc = store_unit_get(st, op->f.unit_id, c->a, &u);
	if (rc < 0)
		return rc;
	if (rc == 0 || !wb_unit_kind_is_responsible(u.kind))
		return svc_field(c, "unit_id", "must be a department or a street/town");
	if (op->f.problem_id) {
		struct wb_problem p;
		if ((rc = store_problem_get(st, &c->who, op->f.problem_id, c->a, &p)) <= 0)
			return rc < 0 ? rc : svc_field(c, "problem_id", "is not a known problem");
	}
	if (op->f.opinion_id) {
		struct wb_opinion o;
		if ((rc = store_opinion_get(st, &c->who, op->f.opinion_id, c->a, &o)) <= 0)
			return rc < 0 ? rc : svc_field(c, "opinion_id", "is not a known opinion");
	}
	if (op->f.contact_id) {
		struct wb_contact k;
		if ((rc = store_contact_get(st, op->f.contact_id, c->a, &k)) <= 0)
			return rc < 0 ? rc
				      : svc_field(c, "contact_id", "is not a known first contact");
		if (k.unit_id != op->f.unit_id)
			return svc_field(c, "contact_id", "must be an entry of the same unit");
	}
	if ((rc = store_fault_insert(st, &op->f, op->id)) < 0)
		return rc;
	return svc_event(c, "fault.create", "fault", *op->id, NULL, "open", op->f.unit_id,
			 fault_json(&op->f));
}

int svc_fault_create(struct svc_ctx *c, const struct svc_fault_in *in, int64_t *id)
{
	if (!office(c))
		return svc_fail(c,
				svc_register_may_read(c, in->unit_id) ? WB_ERR_FORBIDDEN
								      : WB_ERR_NOT_FOUND,
				"only the district office records fault cases");
	svc_text(c, "facts", in->facts, 5, SVC_TEXT_MAX, 1);
	if (in->source == FSRC_OVERDUE)
		svc_field(c, "source", "must be opinion, inspection or first_contact");
	if (in->source == FSRC_OPINION && in->opinion_id == 0)
		svc_field(c, "opinion_id", "is required for a case from an opinion");
	if (in->source == FSRC_FIRST_CONTACT && in->contact_id == 0)
		svc_field(c, "contact_id", "is required for a case from a first contact");
	if (c->errs.n)
		return WB_ERR_INVALID;
	struct create_op op = {c,
			       {.unit_id = in->unit_id,
				.source = in->source,
				.problem_id = in->problem_id,
				.opinion_id = in->opinion_id,
				.contact_id = in->contact_id,
				.type = in->type,
				.facts = in->facts,
				.status = FST_OPEN,
				.unit_sanction = -1,
				.decided_on = WB_NO_DATE,
				.created_at = c->now,
				.created_by = c->who.user_id},
			       id};
	return svc_tx(c, 1, create_tx, &op);
}

/* ---- the office's steps ---- */

struct step_op {
	struct svc_ctx *c;
	int64_t id;
	unsigned action;
	const char *text;
	int upheld;
	const struct svc_fault_decision *d;
};

static int finish(struct svc_ctx *c, struct store *st, struct wb_fault *f, const char *kind,
		  enum wb_fault_status from, json_t *data)
{
	int rc = store_fault_update(st, f);
	if (rc < 0) {
		json_decref(data);
		return rc;
	}
	return svc_event(c, kind, "fault", f->id, wb_enum_name(&wb_fault_statuses, from),
			 wb_enum_name(&wb_fault_statuses, f->status), f->unit_id, data);
}

static int step_tx(struct store *st, void *arg)
{
	struct step_op *op = arg;
	struct svc_ctx *c = op->c;
	struct svc_fault_view v;
	int rc = load_for(c, st, op->id, op->action, &v);
	if (rc < 0)
		return rc;
	struct wb_fault *f = &v.f;
	enum wb_fault_status from = f->status;
	switch (op->action) {
	case FACT_CONFIRM:
		f->status = FST_OPEN;
		if (op->text && op->text[0])
			f->note = op->text;
		return finish(c, st, f, "fault.confirm", from,
			      json_pack("{s:s}", "note", op->text ? op->text : ""));
	case FACT_DISMISS:
		f->status = FST_DISMISSED;
		f->note = op->text;
		f->decided_at = c->now;
		f->decided_by = c->who.user_id;
		return finish(c, st, f, "fault.dismiss", from,
			      json_pack("{s:s}", "reason", op->text));
	case FACT_APPEAL:
		f->status = FST_APPEALED;
		f->appeal = op->text;
		f->appealed_at = c->now;
		return finish(c, st, f, "fault.appeal", from,
			      json_pack("{s:s}", "reason", op->text));
	case FACT_APPEAL_DECIDE:
		f->status = op->upheld ? FST_REVOKED : FST_DECIDED;
		f->appeal_note = op->text;
		return finish(c, st, f, op->upheld ? "fault.appeal.uphold" : "fault.appeal.reject",
			      from,
			      json_pack("{s:b, s:s}", "upheld", op->upheld, "note", op->text));
	default:
		return WB_ERR_INTERNAL;
	}
}

static int step(struct svc_ctx *c, int64_t id, unsigned action, const char *text, int upheld)
{
	struct step_op op = {c, id, action, text, upheld, NULL};
	return svc_tx(c, 1, step_tx, &op);
}

int svc_fault_confirm(struct svc_ctx *c, int64_t id, const char *note)
{
	if (svc_text(c, "note", note, 0, SVC_TEXT_MAX, 0) < 0)
		return WB_ERR_INVALID;
	return step(c, id, FACT_CONFIRM, note, 0);
}

int svc_fault_dismiss(struct svc_ctx *c, int64_t id, const char *reason)
{
	if (svc_text(c, "reason", reason, 5, SVC_TEXT_MAX, 1) < 0)
		return WB_ERR_INVALID;
	return step(c, id, FACT_DISMISS, reason, 0);
}

int svc_fault_appeal(struct svc_ctx *c, int64_t id, const char *reason)
{
	if (svc_text(c, "reason", reason, 5, SVC_TEXT_MAX, 1) < 0)
		return WB_ERR_INVALID;
	return step(c, id, FACT_APPEAL, reason, 0);
}

int svc_fault_appeal_decide(struct svc_ctx *c, int64_t id, int upheld, const char *note)
{
	if (svc_text(c, "note", note, 5, SVC_TEXT_MAX, 1) < 0)
		return WB_ERR_INVALID;
	return step(c, id, FACT_APPEAL_DECIDE, note, upheld);
}

/* ---- the decision ---- */

enum { FAULT_PEOPLE_MAX = 20 };

/* Read the decision's people into @p out, with field errors by index. */
static int read_people(struct svc_ctx *c, json_t *arr, struct wb_fault_person **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (arr == NULL)
		return 0;
	if (!json_is_array(arr))
		return svc_field(c, "people", "must be an array");
	if (json_array_size(arr) > FAULT_PEOPLE_MAX)
		return svc_field(c, "people", "must list 0 to 20");
	struct wb_fault_person *v = arena_alloc(c->a, (json_array_size(arr) + 1) * sizeof *v);
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it)
	{
		char *f = arena_printf(c->a, "people[%zu]", i);
		json_t *pid = json_object_get(it, "person_id");
		const char *role = json_string_value(json_object_get(it, "role"));
		const char *resp = json_string_value(json_object_get(it, "resp"));
		const char *sn = json_string_value(json_object_get(it, "sanction"));
		struct wb_fault_person p = {0};
		if (!json_is_object(it)) {
			svc_field(c, f, "must be an object");
			continue;
		}
		if (!json_is_integer(pid) || json_integer_value(pid) < 1)
			svc_field(c, arena_printf(c->a, "%s.person_id", f),
				  "must be a positive integer");
		else
			p.person_id = json_integer_value(pid);
		int r = role ? wb_enum_parse(&wb_fault_roles, role) : -1;
		int s = resp ? wb_enum_parse(&wb_fault_resps, resp) : -1;
		int k = sn ? wb_enum_parse(&wb_sanctions, sn) : -1;
		if (r < 0)
			svc_field(c, arena_printf(c->a, "%s.role", f),
				  "must be handler, reviewer or approver");
		if (s < 0)
			svc_field(c, arena_printf(c->a, "%s.resp", f),
				  "must be direct or leadership");
		if (k < 0)
			svc_field(c, arena_printf(c->a, "%s.sanction", f),
				  "is not one of the allowed values");
		for (size_t j = 0; j < *n; j++)
			if (p.person_id && v[j].person_id == p.person_id)
				svc_field(c, arena_printf(c->a, "%s.person_id", f),
					  "is named twice");
		p.role = (enum wb_fault_role)(r < 0 ? 0 : r);
		p.resp = (enum wb_fault_resp)(s < 0 ? 0 : s);
		p.sanction = (enum wb_sanction)(k < 0 ? 0 : k);
		v[(*n)++] = p;
	}
	*out = v;
	return c->errs.n ? WB_ERR_INVALID : 0;
}

static int decide_tx(struct store *st, void *arg)
{
	struct step_op *op = arg;
	struct svc_ctx *c = op->c;
	const struct svc_fault_decision *d = op->d;
	struct svc_fault_view v;
	int rc = load_for(c, st, op->id, FACT_DECIDE, &v);
	if (rc < 0)
		return rc;
	struct wb_fault_person *people;
	size_t n;
	if ((rc = read_people(c, d->people, &people, &n)) < 0)
		return rc;
	wb_date day = d->decided_on == WB_NO_DATE ? svc_today(c) : d->decided_on;
	if (n == 0 && d->unit_sanction < 0)
		return svc_field(c, "people", "must name a person, or give the unit a sanction");
	json_t *pj = json_array();
	for (size_t i = 0; i < n; i++) {
		struct wb_person p;
		char *f = arena_printf(c->a, "people[%zu]", i);
		if ((rc = store_person_get(st, people[i].person_id, c->a, &p)) < 0) {
			json_decref(pj);
			return rc;
		}
		if (rc == 0 || p.unit_id != v.f.unit_id) {
			svc_field(c, arena_printf(c->a, "%s.person_id", f),
				  "must be a person of the case's unit");
			continue;
		}
		int prior;
		if ((rc = store_fault_prior(st, p.id, day - 365, v.f.id, &prior)) < 0) {
			json_decref(pj);
			return rc;
		}
		enum wb_sanction floor = wb_sanction_floor(prior);
		if (people[i].sanction < floor)
			svc_field(
				c, arena_printf(c->a, "%s.sanction", f),
				arena_printf(c->a,
					     "must be %s or heavier: %s was given %s within a year",
					     wb_enum_name(&wb_sanctions, floor), p.name,
					     wb_enum_name(&wb_sanctions, prior)));
		json_array_append_new(
			pj, json_pack("{s:I, s:s, s:s, s:s, s:s}", "person_id", (json_int_t)p.id,
				      "name", p.name, "role",
				      wb_enum_name(&wb_fault_roles, people[i].role), "resp",
				      wb_enum_name(&wb_fault_resps, people[i].resp), "sanction",
				      wb_enum_name(&wb_sanctions, people[i].sanction)));
	}
	if (c->errs.n) {
		json_decref(pj);
		return WB_ERR_INVALID;
	}
	struct wb_fault *f = &v.f;
	enum wb_fault_status from = f->status;
	if (d->type >= 0)
		f->type = (enum wb_fault_type)d->type;
	f->unit_sanction = d->unit_sanction;
	f->authority = d->authority;
	f->decided_on = day;
	f->note = d->note;
	f->status = FST_DECIDED;
	f->decided_at = c->now;
	f->decided_by = c->who.user_id;
	if ((rc = store_fault_people_put(st, f->id, people, n)) < 0) {
		json_decref(pj);
		return rc;
	}
	json_t *data = fault_json(f);
	json_object_set_new(data, "people", pj);
	json_object_set_new(data, "authority", json_string(d->authority));
	svc_put_date(data, "decided_on", day);
	if (d->unit_sanction >= 0)
		json_object_set_new(data, "unit_sanction",
				    json_string(wb_enum_name(&wb_sanctions, d->unit_sanction)));
	return finish(c, st, f, "fault.decide", from, data);
}

int svc_fault_decide(struct svc_ctx *c, int64_t id, const struct svc_fault_decision *d)
{
	svc_line(c, "authority", d->authority, 2, 50, 1);
	svc_text(c, "note", d->note, 0, SVC_TEXT_MAX, 0);
	if (d->decided_on != WB_NO_DATE && d->decided_on > svc_today(c))
		svc_field(c, "decided_on", "must not be in the future");
	if (c->errs.n)
		return WB_ERR_INVALID;
	struct step_op op = {c, id, FACT_DECIDE, NULL, 0, d};
	return svc_tx(c, 1, decide_tx, &op);
}

/* ---- reading ---- */

int svc_fault_get(struct svc_ctx *c, int64_t id, struct svc_fault_view *out)
{
	memset(out, 0, sizeof *out);
	int rc = store_fault_get(c->st, id, c->a, &out->f);
	if (rc <= 0 || !svc_register_may_read(c, out->f.unit_id))
		return rc < 0 ? rc : svc_fail(c, WB_ERR_NOT_FOUND, "no such fault case");
	return fill_view(c, c->st, out);
}

int svc_faults(struct svc_ctx *c, const struct store_fault_filter *f, struct svc_fault_view **out,
	       size_t *n)
{
	*out = NULL;
	*n = 0;
	struct store_fault_filter scoped = *f;
	if (!wb_perm_allows(c->who.role, PERM_REGISTER_READ)) {
		if (c->who.role != ROLE_UNIT)
			return svc_fail(c, WB_ERR_FORBIDDEN,
					"fault cases are read by the office, leaders, stations "
					"and the units concerned");
		scoped.unit_id = c->who.unit_id;
	}
	struct wb_fault *v;
	size_t nv;
	int rc = store_faults(c->st, &scoped, c->a, &v, &nv);
	if (rc < 0)
		return rc;
	struct svc_fault_view *w = arena_alloc(c->a, (nv + 1) * sizeof *w);
	for (size_t i = 0; i < nv; i++) {
		memset(&w[i], 0, sizeof w[i]);
		w[i].f = v[i];
		if ((rc = fill_view(c, c->st, &w[i])) < 0)
			return rc;
	}
	*out = w;
	*n = nv;
	return 0;
}

/* ---- the sweep ---- */

int svc_fault_propose_overdue(struct svc_ctx *c, struct store *st, const struct wb_problem *p,
			      const struct wb_calendar *cal, wb_date today, int *made)
{
	int after = c->cfg.fault_after_workdays;
	if (p->unit_id == 0 || !wb_fault_overdue(p, cal, today, after))
		return 0;
	int64_t id;
	int rc = store_fault_of_overdue(st, p->id, &id);
	if (rc < 0 || id)
		return rc < 0 ? rc : 0;
	char due[11];
	wb_date_format(p->flag_due_on, due);
	struct wb_fault f = {
		.unit_id = p->unit_id,
		.source = FSRC_OVERDUE,
		.problem_id = p->id,
		.type = FT_DELAY,
		.facts = arena_printf(
			c->a, "挂牌问题“%s”的限时整改期限 %s 已过 %d 个工作日，仍未整改完成。",
			p->title ? p->title : "", due,
			wb_workdays_between(cal, p->flag_due_on, today)),
		.status = FST_PROPOSED,
		.unit_sanction = -1,
		.decided_on = WB_NO_DATE,
		.created_at = c->now,
		.created_by = c->who.user_id};
	if ((rc = store_fault_insert(st, &f, &id)) < 0)
		return rc;
	(*made)++;
	json_t *d = fault_json(&f);
	svc_put_date(d, "flag_due_on", p->flag_due_on);
	json_object_set_new(d, "after_workdays", json_integer(after));
	return svc_event(c, "fault.propose", "fault", id, NULL, "proposed", p->unit_id, d);
}

struct sweep_op {
	struct svc_ctx *c;
	struct wb_problem *v; /* the late flagged problems, copied */
	size_t n, cap;
	int made;
};

static int collect_flagged(void *arg, const struct wb_problem *p)
{
	struct sweep_op *op = arg;
	if (!p->flagged || p->flag_due_on == WB_NO_DATE || p->unit_id == 0)
		return 0;
	if (op->n == op->cap) {
		size_t cap = op->cap ? op->cap * 2 : 16;
		struct wb_problem *v = arena_alloc(op->c->a, cap * sizeof *v);
		if (op->n)
			memcpy(v, op->v, op->n * sizeof *v);
		op->v = v;
		op->cap = cap;
	}
	/* the row is valid during the callback only: keep what the proposal reads */
	struct wb_problem *q = &op->v[op->n++];
	memset(q, 0, sizeof *q);
	q->id = p->id;
	q->unit_id = p->unit_id;
	q->status = p->status;
	q->flagged = p->flagged;
	q->flag_due_on = p->flag_due_on;
	q->title = arena_strdup(op->c->a, p->title);
	return 0;
}

static int sweep_tx(struct store *st, void *arg)
{
	struct sweep_op *op = arg;
	struct svc_ctx *c = op->c;
	wb_date today = svc_today(c);
	int rc = store_problem_late(st, today, collect_flagged, op);
	if (rc < 0 || op->n == 0)
		return rc < 0 ? rc : 0;
	wb_date earliest = today;
	for (size_t i = 0; i < op->n; i++)
		if (op->v[i].flag_due_on < earliest)
			earliest = op->v[i].flag_due_on;
	struct wb_calendar cal;
	if ((rc = svc_calendar(c, earliest, today, &cal)) < 0)
		return rc;
	for (size_t i = 0; rc >= 0 && i < op->n; i++)
		rc = svc_fault_propose_overdue(c, st, &op->v[i], &cal, today, &op->made);
	return rc;
}

int svc_fault_sweep(struct svc_ctx *c, int *made)
{
	*made = 0;
	if (c->who.role != ROLE_ADMIN)
		return svc_fail(c, WB_ERR_FORBIDDEN, "only the system proposes fault cases");
	struct sweep_op op = {c, NULL, 0, 0, 0};
	int rc = svc_tx(c, 1, sweep_tx, &op);
	if (rc >= 0)
		*made = op.made;
	return rc < 0 ? rc : 0;
}

/* ---- the ledger ---- */

struct ledger {
	struct svc_ctx *c;
	const struct svc_ledger_filter *f;
	struct wb_ledger_line *v;
	size_t n, cap;
	wb_date from, to;
};

static struct wb_ledger_line *ledger_add(struct ledger *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		struct wb_ledger_line *v = arena_alloc(l->c->a, cap * sizeof *v);
		if (l->n)
			memcpy(v, l->v, l->n * sizeof *v);
		l->v = v;
		l->cap = cap;
	}
	struct wb_ledger_line *row = &l->v[l->n++];
	memset(row, 0, sizeof *row);
	return row;
}

static int ledger_record(void *arg, const struct wb_accountability *a)
{
	struct ledger *l = arg;
	struct arena *m = l->c->a;
	if ((l->from != WB_NO_DATE && (a->decided_on < l->from || a->decided_on >= l->to)) ||
	    (l->f->person_id && a->person_id != l->f->person_id))
		return 0;
	struct wb_ledger_line *row = ledger_add(l);
	row->day = a->decided_on;
	row->unit_id = a->unit_id;
	row->person_id = a->person_id;
	row->person = a->person ? arena_strdup(m, a->person) : NULL;
	row->record_id = a->id;
	row->problem_id = a->problem_id;
	row->kind = "问责";
	row->measure = wb_enum_label(&wb_measures, a->kind);
	row->part = "";
	row->status = "";
	row->text = arena_strdup(m, a->note ? a->note : "");
	return 0;
}

static int ledger_faults(struct ledger *l)
{
	struct svc_ctx *c = l->c;
	struct store_fault_filter ff = {.unit_id = l->f->unit_id,
					.person_id = l->f->person_id,
					.status = -1,
					.decided_from = l->from,
					.decided_to = l->to};
	struct wb_fault *v;
	size_t n;
	int rc = store_faults(c->st, &ff, c->a, &v, &n);
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		const struct wb_fault *f = &v[i];
		if (f->status != FST_DECIDED && f->status != FST_APPEALED &&
		    f->status != FST_REVOKED)
			continue;
		struct wb_fault_person *p;
		size_t np;
		if ((rc = store_fault_people(c->st, f->id, c->a, &p, &np)) < 0)
			break;
		for (size_t k = 0; k <= np; k++) {
			if (k == np && f->unit_sanction < 0)
				break;
			if (k == np && l->f->person_id)
				break; /* the unit's own sanction names no person */
			if (k < np && l->f->person_id && p[k].person_id != l->f->person_id)
				continue;
			struct wb_ledger_line *row = ledger_add(l);
			row->day = f->decided_on;
			row->unit_id = f->unit_id;
			row->fault = 1;
			row->record_id = f->id;
			row->problem_id = f->problem_id;
			row->kind = arena_printf(c->a, "效能过错（%s）",
						 wb_enum_label(&wb_fault_types, f->type));
			row->status = wb_enum_label(&wb_fault_statuses, f->status);
			row->text = f->facts;
			if (k < np) {
				row->person_id = p[k].person_id;
				row->person = p[k].name;
				row->measure = wb_enum_label(&wb_sanctions, p[k].sanction);
				row->part = arena_printf(c->a, "%s（%s）",
							 wb_enum_label(&wb_fault_roles, p[k].role),
							 wb_enum_label(&wb_fault_resps, p[k].resp));
			} else {
				row->measure = wb_enum_label(&wb_sanctions, f->unit_sanction);
				row->part = "单位";
			}
		}
	}
	return rc < 0 ? rc : 0;
}

static int row_newest_first(const void *a, const void *b)
{
	const struct wb_ledger_line *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? 1 : -1;
	if (x->unit_id != y->unit_id)
		return x->unit_id < y->unit_id ? -1 : 1;
	return x->record_id < y->record_id ? 1 : x->record_id > y->record_id ? -1 : 0;
}

int svc_ledger(struct svc_ctx *c, const struct svc_ledger_filter *f, struct wb_ledger_line **out,
	       size_t *n)
{
	*out = NULL;
	*n = 0;
	struct svc_ledger_filter scoped = *f;
	if (!wb_perm_allows(c->who.role, PERM_REGISTER_READ)) {
		if (c->who.role != ROLE_UNIT)
			return svc_fail(c, WB_ERR_FORBIDDEN,
					"the ledger is read by the office, leaders, stations and "
					"the units concerned");
		scoped.unit_id = c->who.unit_id;
	}
	struct ledger l = {c, &scoped, NULL, 0, 0, WB_NO_DATE, WB_NO_DATE};
	if (scoped.year) {
		l.from = wb_date_from_ymd(scoped.year, 1, 1);
		l.to = wb_date_from_ymd(scoped.year + 1, 1, 1);
	}
	int rc = store_accountability_list(c->st, 0, scoped.unit_id, ledger_record, &l);
	if (rc >= 0)
		rc = ledger_faults(&l);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < l.n; i++) {
		struct wb_unit u;
		l.v[i].unit_name = "";
		for (size_t k = 0; k < i; k++)
			if (l.v[k].unit_id == l.v[i].unit_id)
				l.v[i].unit_name = l.v[k].unit_name;
		if (!l.v[i].unit_name[0] && store_unit_get(c->st, l.v[i].unit_id, c->a, &u) > 0)
			l.v[i].unit_name = u.name;
	}
	if (l.n)
		qsort(l.v, l.n, sizeof *l.v, row_newest_first);
	*out = l.v;
	*n = l.n;
	return 0;
}
