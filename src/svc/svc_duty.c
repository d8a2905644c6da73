/*
 * Duties (docs/figures.md): the work with a deadline that the stages give points,
 * stations and units. A duty starts with its deadline fixed at that moment and the station
 * following its holder then, so later changes to the calendar, the settings or the units
 * move no published figure; it ends done, or released undone when the unit returns the
 * problem. The figures judge each by its own deadline (store/tally.c).
 */
#include "svc.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "svc_int.h"

int svc_station_of(struct svc_ctx *c, int64_t unit_id, int64_t *station)
{
	*station = 0;
	if (unit_id <= 0)
		return 0;
	struct wb_unit u;
	int rc = store_unit_get(c->st, unit_id, c->a, &u);
	if (rc <= 0)
		return rc;
	*station = u.kind == UK_STATION ? u.id : u.kind == UK_POINT ? u.parent_id : u.station_id;
	return 0;
}

int svc_duty_start(struct svc_ctx *c, const struct wb_duty *in, int workdays)
{
	struct wb_duty d = *in;
	if (d.holder_id <= 0)
		return 0; /* nobody holds it: no station follows the unit */
	if (d.started_at == 0)
		d.started_at = c->now;
	int rc = 0;
	if (workdays > 0)
		rc = svc_workday_add(c, wb_date_of_time(d.started_at, c->cfg.tz_min), workdays,
				     &d.due_on);
	if (rc == 0)
		rc = svc_station_of(c, d.holder_id, &d.station_id);
	if (rc == 0 && d.by_unit_id == 0)
		d.by_unit_id = c->who.unit_id;
	if (rc == 0)
		rc = store_duty_insert(c->st, &d);
	return rc < 0 ? rc : 0;
}

int svc_duty_end(struct svc_ctx *c, enum wb_duty_kind kind, int64_t problem_id, int64_t opinion_id,
		 int released)
{
	int rc = store_duty_end(c->st, kind, problem_id, opinion_id, c->now, released);
	return rc < 0 ? rc : 0;
}

/* ---- duties of a database from before they were kept, rebuilt from its log ---- */

struct fill {
	struct svc_ctx *c;
	struct arena a;     /**< the collected events */
	struct wb_event *e; /**< the events that give or end duties, in order */
	size_t n, cap;
	struct wb_duty *d; /**< the duties made */
	size_t nd, capd;
	int64_t *by_opinion; /**< opinion id → 1 + its summarizing duty's index */
	size_t nop;
	struct held *by_problem; /**< problem id → its held duties */
	size_t npr;
};

/* 1 + the index of a problem's held duty of each kind, 0 when none. */
struct held {
	size_t kind[DUTY__N];
};

static const char *const fill_kinds[] = {
	"opinion.create",   "opinion.reject",
	"problem.create",   "problem.merge",
	"problem.dispatch", "problem.acknowledge",
	"problem.return",   "problem.feedback",
	"problem.progress", "problem.extension_decision",
	"problem.verify",   NULL,
};

static int collect(void *arg, const struct wb_event *e)
{
	struct fill *f = arg;
	for (int i = 0; fill_kinds[i]; i++)
		if (e->kind && strcmp(e->kind, fill_kinds[i]) == 0) {
			if (f->n == f->cap) {
				f->cap = f->cap ? f->cap * 2 : 256;
				f->e = xreallocarray(f->e, f->cap, sizeof *f->e);
			}
			struct wb_event *x = &f->e[f->n++];
			*x = *e;
			x->kind = fill_kinds[i];
			x->data = e->data ? arena_strdup(&f->a, e->data) : NULL;
			x->subject_type = x->from_status = x->to_status = NULL;
			return 0;
		}
	return 0;
}

static void *grow_ids(void *v, size_t *n, int64_t id, size_t size)
{
	if ((size_t)id < *n)
		return v;
	size_t m = *n ? *n : 256;
	while (m <= (size_t)id)
		m *= 2;
	char *p = xreallocarray(v, m, size);
	memset(p + *n * size, 0, (m - *n) * size);
	*n = m;
	return p;
}

/* A new duty; @return 1 + its index. */
static size_t fill_start(struct fill *f, struct wb_duty d, int workdays)
{
	struct svc_ctx *c = f->c;
	if (d.holder_id <= 0)
		return 0;
	if (workdays > 0 && svc_workday_add(c, wb_date_of_time(d.started_at, c->cfg.tz_min),
					    workdays, &d.due_on) < 0)
		return 0;
	if (svc_station_of(c, d.holder_id, &d.station_id) < 0 || d.due_on == WB_NO_DATE)
		return 0;
	if (f->nd == f->capd) {
		f->capd = f->capd ? f->capd * 2 : 256;
		f->d = xreallocarray(f->d, f->capd, sizeof *f->d);
	}
	f->d[f->nd++] = d;
	return f->nd;
}

static struct held *held_of(struct fill *f, int64_t problem)
{
	if (problem <= 0 || problem > INT32_MAX)
		return NULL;
	f->by_problem = grow_ids(f->by_problem, &f->npr, problem, sizeof *f->by_problem);
	return &f->by_problem[problem];
}

/* End a problem's held duty of @p kind at @p at: done, or released. */
static void fill_end(struct fill *f, int64_t problem, enum wb_duty_kind kind, int64_t at, int rel)
{
	struct held *h = held_of(f, problem);
	if (h == NULL || h->kind[kind] == 0)
		return;
	struct wb_duty *d = &f->d[h->kind[kind] - 1];
	if (rel)
		d->released_at = at;
	else
		d->done_at = at;
	h->kind[kind] = 0;
}

static wb_date json_date(const json_t *d, const char *key)
{
	wb_date v = WB_NO_DATE;
	const char *s = json_string_value(json_object_get(d, key));
	if (s)
		wb_date_parse(s, &v);
	return v;
}

static void fill_merged(struct fill *f, const json_t *d, int64_t at)
{
	size_t i;
	const json_t *v;
	json_array_foreach(json_object_get(d, "opinion_ids"), i, v)
	{
		json_int_t o = json_integer_value(v);
		if (o > 0 && (size_t)o < f->nop && f->by_opinion[o])
			f->d[f->by_opinion[o] - 1].done_at = at;
	}
}

static void fill_one(struct fill *f, const struct wb_event *e, const json_t *d)
{
	struct svc_ctx *c = f->c;
	const char *k = e->kind;
	int64_t id = e->subject_id;
	if (strcmp(k, "opinion.create") == 0) {
		int64_t point = json_integer_value(json_object_get(d, "point_id"));
		int64_t target = json_integer_value(json_object_get(d, "target_unit_id"));
		struct wb_duty x = {.campaign_id =
					    json_integer_value(json_object_get(d, "campaign_id")),
				    .kind = DUTY_MERGE,
				    .opinion_id = id,
				    .started_at = e->at,
				    .by_unit_id = e->actor_unit_id};
		if (x.campaign_id <= 0 ||
		    svc_station_of(c, point ? point : target, &x.holder_id) < 0)
			return;
		size_t at = fill_start(f, x, c->cfg.merge_workdays);
		f->by_opinion = grow_ids(f->by_opinion, &f->nop, id, sizeof *f->by_opinion);
		f->by_opinion[id] = (int64_t)at;
		return;
	}
	if (strcmp(k, "opinion.reject") == 0) {
		if ((size_t)id < f->nop && f->by_opinion[id])
			f->d[f->by_opinion[id] - 1].done_at = e->at;
		return;
	}
	if (strcmp(k, "problem.merge") == 0) {
		fill_merged(f, d, e->at);
		return;
	}
	struct wb_problem p;
	struct held *h = held_of(f, id);
	if (h == NULL || store_problem_get(c->st, NULL, id, c->a, &p) <= 0)
		return;
	struct wb_duty x = {.campaign_id = p.campaign_id, .problem_id = id, .started_at = e->at};
	if (strcmp(k, "problem.create") == 0) {
		fill_merged(f, d, e->at);
		x.kind = DUTY_DISPATCH;
		x.by_unit_id = e->actor_unit_id;
		if (svc_station_of(c, p.target_unit_id, &x.holder_id) == 0)
			h->kind[DUTY_DISPATCH] = fill_start(f, x, c->cfg.dispatch_workdays);
	} else if (strcmp(k, "problem.dispatch") == 0) {
		fill_end(f, id, DUTY_DISPATCH, e->at, 0);
		x.holder_id = json_integer_value(json_object_get(d, "unit_id"));
		x.by_unit_id = e->actor_unit_id;
		x.kind = DUTY_ACK;
		x.due_on = json_date(d, "ack_due_on");
		if (x.due_on == WB_NO_DATE)
			x.due_on = json_date(d, "due_on");
		h->kind[DUTY_ACK] = fill_start(f, x, 0);
		x.kind = DUTY_FEEDBACK;
		x.due_on = json_date(d, "due_on");
		h->kind[DUTY_FEEDBACK] = fill_start(f, x, 0);
	} else if (strcmp(k, "problem.acknowledge") == 0) {
		fill_end(f, id, DUTY_ACK, e->at, 0);
	} else if (strcmp(k, "problem.return") == 0) {
		fill_end(f, id, DUTY_ACK, e->at, 1);
		fill_end(f, id, DUTY_FEEDBACK, e->at, 1);
	} else if (strcmp(k, "problem.feedback") == 0) {
		fill_end(f, id, DUTY_FEEDBACK, e->at, 0);
	} else if (strcmp(k, "problem.extension_decision") == 0) {
		wb_date due = json_date(d, "requested_due_on");
		if (json_is_true(json_object_get(d, "approved")) && due != WB_NO_DATE &&
		    h->kind[DUTY_FEEDBACK]) {
			struct wb_duty *fb = &f->d[h->kind[DUTY_FEEDBACK] - 1];
			if (fb->due_on >= wb_date_of_time(e->at, c->cfg.tz_min))
				fb->due_on = due;
		}
	} else if (strcmp(k, "problem.progress") == 0) {
		if (json_is_true(json_object_get(d, "done")) &&
		    svc_station_of(c, p.unit_id, &x.holder_id) == 0) {
			x.kind = DUTY_VERIFY;
			h->kind[DUTY_VERIFY] = fill_start(f, x, c->cfg.verify_workdays);
		}
	} else if (strcmp(k, "problem.verify") == 0) {
		fill_end(f, id, DUTY_VERIFY, e->at, 0);
	}
}

static int fill_tx(struct store *st, void *arg)
{
	struct fill *f = arg;
	int64_t any;
	int rc = store_duty_any(st, &any);
	if (rc != 0)
		return rc < 0 ? rc : 0; /* kept already */
	rc = store_event_iter(st, collect, f);
	for (size_t i = 0; rc >= 0 && i < f->n; i++) {
		json_t *d = f->e[i].data ? json_loads(f->e[i].data, 0, NULL) : NULL;
		fill_one(f, &f->e[i], d);
		json_decref(d);
	}
	for (size_t i = 0; rc >= 0 && i < f->nd; i++)
		rc = store_duty_insert(st, &f->d[i]);
	return rc < 0 ? rc : 0;
}

int svc_duties_fill(struct svc_ctx *c, int64_t *made)
{
	struct fill f = {.c = c, .a = ARENA_INIT};
	int rc = svc_tx(c, 1, fill_tx, &f);
	*made = rc < 0 ? 0 : (int64_t)f.nd;
	free(f.e);
	free(f.d);
	free(f.by_opinion);
	free(f.by_problem);
	arena_release(&f.a);
	return rc < 0 ? rc : 0;
}
