/*
 * The figures' tally (store.h tally op), once for every engine: narrow scans (ST_TALLY_* in
 * sql.c) counted in dense in-memory arrays indexed by unit (docs/architecture.md, Figures).
 *
 * Each level counts its own work (docs/figures.md): responsible units their problems,
 * ratings and duties; stations their duties (summarizing, dispatching, verifying) and the
 * returns of what they dispatched; points the opinions they collected and their entry.
 * A duty counts for the body that held it when it started, so moving a unit or a point to
 * another station changes no figure already published.
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/fsm.h"
#include "../util/err.h"

/* The entities of one tally: a dense map from unit id to the entity's index, and, at the
 * unit level, from problem id to its unit. */
struct tallies {
	enum store_level level;
	const struct store_period *p;
	int64_t *ids; /**< the entities, ascending */
	struct wb_tally *t;
	size_t n;
	int64_t max_unit;
	int32_t *slot; /**< unit id → index in ids, or -1 (not an entity) */
	int64_t max_problem;
	int32_t *punit; /**< problem id → its unit, 0 when not in the campaign */
};

static struct wb_tally *slot_of(const struct tallies *tt, int64_t unit)
{
	if (unit <= 0 || unit > tt->max_unit || tt->slot[unit] < 0)
		return NULL;
	return &tt->t[tt->slot[unit]];
}

/* Start scan @p id: ?1 the campaign, ?2 and ?3 the period, ?4 the dimension. */
static struct stmt *scan(struct store *st, int id, const struct store_period *p)
{
	struct stmt *q = stmt_get(st, id);
	if (id == ST_TALLY_OPINIONS || id == ST_TALLY_PROBLEMS || id == ST_TALLY_DUTIES) {
		bind_id(q, 1, p->campaign_id);
		/* one evaluation: its problems alone are counted, and so their ratings and
		 * events (those of other problems find no unit) */
		if (p->dims == 1u << DIM_CONDUCT || p->dims == 1u << DIM_EFFICIENCY)
			bind_enum(q, 4, &wb_dimensions,
				  p->dims == 1u << DIM_CONDUCT ? DIM_CONDUCT : DIM_EFFICIENCY);
	} else if (p) {
		bind_i64(q, 2, p->from);
		bind_i64(q, 3, p->to);
	}
	return q;
}

static int load_entities(struct store *st, enum store_level level, struct tallies *tt)
{
	static const enum wb_unit_kind want[LEVEL__N] = {UK_DEPARTMENT, UK_STATION, UK_POINT};
	struct stmt *q = scan(st, ST_TALLY_UNITS, NULL);
	int rc;
	size_t cap = 0;
	while ((rc = q->drv->step(q)) > 0) {
		int64_t id = col_i64(q, 0);
		int k = col_enum(q, 1, &wb_unit_kinds);
		if (id > tt->max_unit)
			tt->max_unit = id;
		if (k == (int)want[level] || (level == LEVEL_UNIT && k == UK_STREET)) {
			if (tt->n == cap) {
				cap = cap ? cap * 2 : 64;
				tt->ids = xreallocarray(tt->ids, cap, sizeof *tt->ids);
			}
			tt->ids[tt->n++] = id;
		}
	}
	if (rc < 0)
		return rc;
	size_t m = (size_t)tt->max_unit + 1;
	tt->t = xcalloc(tt->n ? tt->n : 1, sizeof *tt->t);
	tt->slot = xreallocarray(NULL, m, sizeof *tt->slot);
	for (size_t i = 0; i < m; i++)
		tt->slot[i] = -1;
	for (size_t i = 0; i < tt->n; i++)
		tt->slot[tt->ids[i]] = (int32_t)i;
	return 0;
}

static int in_period(const struct tallies *tt, int64_t t)
{
	return t >= tt->p->from && t < tt->p->to;
}

/* Opinions about each unit, or collected by each point (a point never changes). */
static int count_opinions(struct store *st, struct tallies *tt)
{
	struct stmt *q = scan(st, ST_TALLY_OPINIONS, tt->p);
	int rc;
	while ((rc = q->drv->step(q)) > 0) {
		struct wb_tally *t = slot_of(tt, col_i64(q, tt->level == LEVEL_POINT ? 1 : 0));
		if (t == NULL || !in_period(tt, col_i64(q, 6)))
			continue;
		t->opinions++;
		t->by_source[col_enum(q, 2, &wb_sources)]++;
		t->by_channel[col_enum(q, 3, &wb_channels)]++;
		t->by_dimension[col_enum(q, 4, &wb_dimensions)]++;
		t->merged_opinions += col_i64(q, 5) != 0;
	}
	return rc;
}

/* Add one problem's rectification to its unit's tally @p t. */
static void add_stages(struct wb_tally *t, const int64_t *v, enum wb_pstatus status, int has_unit,
		       wb_date due, wb_date rectify_by, const struct tallies *tt)
{
	const struct store_period *p = tt->p;
	int64_t created = v[0], dispatched = v[1], rectified = v[2];
	t->problems += in_period(tt, created);
	if (!has_unit || status == PS_OPEN || status == PS_RETURNED || !in_period(tt, dispatched))
		return;
	int past = due != WB_NO_DATE && due < p->today;
	t->dispatched++;
	t->rectified += rectified != 0;
	t->rectified_on_time += rectified && rectify_by != WB_NO_DATE &&
				wb_date_of_time(rectified, p->tz_min) <= rectify_by;
	t->rectify_judged += rectified != 0 || past;
	t->overdue += past && wb_pstatus_counts_overdue(status);
}

static int count_problems(struct store *st, struct tallies *tt)
{
	struct stmt *q = scan(st, ST_TALLY_PROBLEMS, tt->p);
	int rc;
	size_t cap = 0;
	while ((rc = q->drv->step(q)) > 0) {
		int64_t pid = col_i64(q, 0), unit = col_i64(q, 1);
		if ((size_t)pid >= cap) {
			size_t ncap = cap ? cap : 1024;
			while (ncap <= (size_t)pid)
				ncap *= 2;
			tt->punit = xreallocarray(tt->punit, ncap, sizeof *tt->punit);
			memset(tt->punit + cap, 0, (ncap - cap) * sizeof *tt->punit);
			cap = ncap;
		}
		if (pid > tt->max_problem)
			tt->max_problem = pid;
		tt->punit[pid] = (int32_t)unit;
		struct wb_tally *t = slot_of(tt, unit);
		if (t == NULL)
			continue;
		int64_t v[3] = {col_i64(q, 4), col_i64(q, 5), col_i64(q, 10)};
		add_stages(t, v, col_enum(q, 3, &wb_pstatuses), col_i64(q, 2) != 0, col_date(q, 8),
			   col_date(q, 12), tt);
	}
	return rc;
}

/* Passed verifications and reopenings of each unit's problems. */
static int count_events(struct store *st, struct tallies *tt)
{
	struct stmt *q = scan(st, ST_TALLY_EVENTS, tt->p);
	int rc;
	while ((rc = q->drv->step(q)) > 0) {
		int64_t pid = col_i64(q, 0);
		if (pid <= 0 || pid > tt->max_problem || tt->punit[pid] == 0)
			continue; /* not a problem of this campaign */
		const char *kind = col_text(q, 1, NULL);
		struct wb_tally *t = slot_of(tt, tt->punit[pid]);
		if (kind == NULL || t == NULL)
			continue;
		/* "problem." then reopen or verify */
		if (kind[8] == 'v')
			t->verified++;
		else
			t->reopens++;
	}
	return rc;
}

static int count_ratings(struct store *st, struct tallies *tt)
{
	struct stmt *q = scan(st, ST_TALLY_RATINGS, tt->p);
	int rc;
	while ((rc = q->drv->step(q)) > 0) {
		int64_t pid = col_i64(q, 0);
		if (pid <= 0 || pid > tt->max_problem || tt->punit[pid] == 0)
			continue;
		struct wb_tally *t = slot_of(tt, tt->punit[pid]);
		if (t)
			t->ratings[col_enum(q, 1, &wb_ratings)]++;
	}
	return rc;
}

/*
 * Judge one duty by its own deadline: done by then is on time, done later is late; undone,
 * it is late once its deadline passed while it was held (until today, or until it was
 * released), and not judged yet otherwise. @return 1 judged on time, 0 judged late,
 * -1 not judged
 */
static int judge(const struct tallies *tt, wb_date due, int64_t done, int64_t released)
{
	int tz = tt->p->tz_min;
	if (done)
		return wb_date_of_time(done, tz) <= due;
	wb_date held = released ? wb_date_of_time(released, tz) : tt->p->today;
	return held > due ? 0 : -1;
}

static const enum store_level duty_level[DUTY__N] = {
	[DUTY_ENTRY] = LEVEL_POINT, [DUTY_MERGE] = LEVEL_STATION, [DUTY_DISPATCH] = LEVEL_STATION,
	[DUTY_ACK] = LEVEL_UNIT,    [DUTY_FEEDBACK] = LEVEL_UNIT, [DUTY_VERIFY] = LEVEL_STATION,
};

static int count_duties(struct store *st, struct tallies *tt)
{
	struct stmt *q = scan(st, ST_TALLY_DUTIES, tt->p);
	int rc;
	while ((rc = q->drv->step(q)) > 0) {
		enum wb_duty_kind kind = col_enum(q, 0, &wb_duty_kinds);
		if ((unsigned)kind >= DUTY__N || !in_period(tt, col_i64(q, 4)))
			continue;
		int64_t released = col_i64(q, 7);
		/* a station answers for the returns of what it dispatched (wrongly, then) */
		struct wb_tally *by = slot_of(tt, col_i64(q, 3));
		if (tt->level == LEVEL_STATION && kind == DUTY_FEEDBACK && by) {
			by->dispatches_made++;
			by->returns_made += released != 0;
		}
		struct wb_tally *t = slot_of(tt, col_i64(q, 1));
		if (t == NULL || duty_level[kind] != tt->level)
			continue;
		int j = judge(tt, col_date(q, 5), col_i64(q, 6), released);
		/* what a station handled: the opinions to summarize, the problems to dispatch */
		t->opinions += kind == DUTY_MERGE;
		t->problems += kind == DUTY_DISPATCH;
		t->duties[kind]++;
		t->duty_judged[kind] += j >= 0;
		t->duty_on_time[kind] += j == 1;
		if (kind == DUTY_FEEDBACK) {
			t->dispatches++;
			t->returns += released != 0;
		}
	}
	return rc;
}

int store_tally_run(struct store *st, enum store_level level, const struct store_period *p,
		    store_tally_cb cb, void *arg)
{
	if ((unsigned)level >= LEVEL__N)
		return WB_ERR_INTERNAL;
	struct tallies tt = {.level = level, .p = p};
	int rc = load_entities(st, level, &tt);
	if (rc >= 0 && level != LEVEL_STATION)
		rc = count_opinions(st, &tt);
	if (rc >= 0 && level == LEVEL_UNIT) {
		rc = count_problems(st, &tt);
		if (rc >= 0 && tt.punit)
			rc = count_events(st, &tt);
		if (rc >= 0 && tt.punit)
			rc = count_ratings(st, &tt);
	}
	if (rc >= 0)
		rc = count_duties(st, &tt);
	for (size_t i = 0; rc >= 0 && i < tt.n; i++)
		rc = cb(arg, tt.ids[i], &tt.t[i]);
	if (rc >= 0)
		rc = (int)tt.n;
	free(tt.ids);
	free(tt.t);
	free(tt.slot);
	free(tt.punit);
	return rc;
}
