/*
 * The figures' tally (store.h tally op), once for every engine: five narrow scans
 * (ST_TALLY_* in sql.c) counted in dense in-memory arrays indexed by unit
 * (docs/architecture.md, Figures).
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "../core/enums.h"
#include "../core/fsm.h"
#include "../util/err.h"

/*
 * The entities of one tally: a dense map from unit id to the entity counted (for units
 * and points: itself; for stations: the station following the unit, or the station of
 * a point), a map from problem id to its unit, and, at the point level, the points that
 * collected each problem's opinions (a problem counts once for each of them).
 */
struct tallies {
	enum store_level level;
	const struct store_period *p;
	int64_t *ids; /**< the entities, ascending */
	struct wb_tally *t;
	size_t n;
	int64_t max_unit;
	int32_t *slot;         /**< unit id → index in ids, or -1 (not an entity) */
	int32_t *station_slot; /**< unit id → index of its station's tally, or -1 */
	int64_t max_problem;
	int32_t *punit; /**< problem id → its unit, 0 when not in the campaign */
	/* point level: (problem, point) pairs, then per problem a range of points */
	int64_t (*pairs)[2];
	size_t npairs, cappairs;
	uint32_t *pfirst; /**< problem id → first pair index; pfirst[id+1] ends it */
};

static struct wb_tally *slot_of(const struct tallies *tt, const int32_t *map, int64_t unit)
{
	if (unit <= 0 || unit > tt->max_unit || map[unit] < 0)
		return NULL;
	return &tt->t[map[unit]];
}

/* The unit-level or station-level tally of a unit. */
static struct wb_tally *unit_entity(const struct tallies *tt, int64_t unit)
{
	return slot_of(tt, tt->level == LEVEL_STATION ? tt->station_slot : tt->slot, unit);
}

/* Start scan @p id: ?1 the campaign, ?2 and ?3 the period. */
static struct stmt *scan(struct store *st, int id, const struct store_period *p)
{
	struct stmt *q = stmt_get(st, id);
	if (id == ST_TALLY_OPINIONS || id == ST_TALLY_PROBLEMS) {
		bind_id(q, 1, p->campaign_id);
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
	size_t cap = 0, ucap = 0, nu = 0;
	struct row {
		int64_t id, parent, station;
		int kind;
	} *u = NULL;
	while ((rc = q->drv->step(q)) > 0) {
		if (nu == ucap) {
			ucap = ucap ? ucap * 2 : 256;
			u = xreallocarray(u, ucap, sizeof *u);
		}
		u[nu] = (struct row){col_i64(q, 0), col_i64(q, 2), col_i64(q, 3),
				     col_enum(q, 1, &wb_unit_kinds)};
		if (u[nu].id > tt->max_unit)
			tt->max_unit = u[nu].id;
		int k = u[nu].kind;
		if (k == (int)want[level] || (level == LEVEL_UNIT && k == UK_STREET)) {
			if (tt->n == cap) {
				cap = cap ? cap * 2 : 64;
				tt->ids = xreallocarray(tt->ids, cap, sizeof *tt->ids);
			}
			tt->ids[tt->n++] = u[nu].id;
		}
		nu++;
	}
	if (rc < 0) {
		free(u);
		return rc;
	}
	size_t m = (size_t)tt->max_unit + 1;
	tt->t = xcalloc(tt->n ? tt->n : 1, sizeof *tt->t);
	tt->slot = xreallocarray(NULL, m, sizeof *tt->slot);
	tt->station_slot = xreallocarray(NULL, m, sizeof *tt->station_slot);
	for (size_t i = 0; i < m; i++)
		tt->slot[i] = tt->station_slot[i] = -1;
	for (size_t i = 0; i < tt->n; i++)
		tt->slot[tt->ids[i]] = (int32_t)i;
	/* A unit's station: the one following it, a point's parent, a station itself. */
	for (size_t i = 0; i < nu; i++) {
		int64_t sid = u[i].kind == UK_STATION ? u[i].id
			      : u[i].kind == UK_POINT ? u[i].parent
						      : u[i].station;
		if (sid > 0 && sid <= tt->max_unit)
			tt->station_slot[u[i].id] = tt->slot[sid];
	}
	free(u);
	return 0;
}

static int cmp_pair(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return (x[1] > y[1]) - (x[1] < y[1]);
}

static int count_opinions(struct store *st, struct tallies *tt)
{
	struct stmt *q = scan(st, ST_TALLY_OPINIONS, tt->p);
	int rc;
	while ((rc = q->drv->step(q)) > 0) {
		int64_t target = col_i64(q, 0), point = col_i64(q, 1), problem = col_i64(q, 5);
		struct wb_tally *t;
		if (tt->level == LEVEL_UNIT)
			t = slot_of(tt, tt->slot, target);
		else if (tt->level == LEVEL_POINT)
			t = slot_of(tt, tt->slot, point);
		else /* the station that collected it, else the one following its target */
			t = slot_of(tt, tt->station_slot, point ? point : target);
		if (tt->level == LEVEL_POINT && problem && t) {
			/* the pair is kept whatever the period: see the query */
			if (tt->npairs == tt->cappairs) {
				tt->cappairs = tt->cappairs ? tt->cappairs * 2 : 4096;
				tt->pairs =
					xreallocarray(tt->pairs, tt->cappairs, sizeof *tt->pairs);
			}
			tt->pairs[tt->npairs][0] = problem;
			tt->pairs[tt->npairs++][1] = point;
		}
		int64_t received = col_i64(q, 6);
		if (t == NULL || received < tt->p->from || received >= tt->p->to)
			continue;
		t->opinions++;
		t->by_source[col_enum(q, 2, &wb_sources)]++;
		t->by_channel[col_enum(q, 3, &wb_channels)]++;
		t->by_dimension[col_enum(q, 4, &wb_dimensions)]++;
		t->merged_opinions += problem != 0;
	}
	return rc;
}

/* Point level: sort and dedupe the pairs into a range of points per problem. */
static void index_pairs(struct tallies *tt)
{
	qsort(tt->pairs, tt->npairs, sizeof *tt->pairs, cmp_pair);
	size_t w = 0;
	for (size_t i = 0; i < tt->npairs; i++)
		if (w == 0 || cmp_pair(tt->pairs[i], tt->pairs[w - 1]) != 0) {
			tt->pairs[w][0] = tt->pairs[i][0];
			tt->pairs[w++][1] = tt->pairs[i][1];
		}
	tt->npairs = w;
	int64_t maxp = w ? tt->pairs[w - 1][0] : 0;
	tt->pfirst = xcalloc((size_t)maxp + 2, sizeof *tt->pfirst);
	for (size_t i = 0; i < w; i++)
		tt->pfirst[tt->pairs[i][0] + 1]++;
	for (int64_t i = 1; i <= maxp + 1; i++)
		tt->pfirst[i] += tt->pfirst[i - 1];
	tt->max_problem = maxp > tt->max_problem ? maxp : tt->max_problem;
}

/* Add one problem's stage flags to @p t. */
static void add_stages(struct wb_tally *t, const int64_t *v, enum wb_pstatus status, int has_unit,
		       wb_date ack_due, wb_date due, wb_date answer_by, wb_date rectify_by,
		       const struct tallies *tt)
{
	const struct store_period *p = tt->p;
	int tz = p->tz_min;
	int64_t created = v[0], dispatched = v[1], acked = v[2], answered = v[3], rectified = v[4];
	t->problems += created >= p->from && created < p->to;
	int d = has_unit && status != PS_OPEN && status != PS_RETURNED && dispatched >= p->from &&
		dispatched < p->to;
	if (!d)
		return;
	wb_date ack_by = ack_due != WB_NO_DATE ? ack_due : due;
	t->dispatched++;
	t->rectify_due++;
	if (acked) {
		t->acked++;
		t->acked_on_time += ack_by != WB_NO_DATE && wb_date_of_time(acked, tz) <= ack_by;
	}
	int past = due != WB_NO_DATE && due < p->today;
	t->answer_due += answered != 0 || past;
	/* Judged against the deadline in force when the stage was done. */
	t->answered_on_time +=
		answered && answer_by != WB_NO_DATE && wb_date_of_time(answered, tz) <= answer_by;
	t->rectified += rectified != 0;
	t->rectified_on_time += rectified && rectify_by != WB_NO_DATE &&
				wb_date_of_time(rectified, tz) <= rectify_by;
	t->rectify_judged += rectified != 0 || past;
	t->overdue += past && wb_pstatus_counts_overdue(status);
}

/* The tallies a problem counts in: its unit's (or station's), or each collecting point's. */
struct targets {
	struct wb_tally *one;
	const int64_t (*pairs)[2];
	size_t n;
};

static struct targets targets_of(const struct tallies *tt, int64_t pid, int64_t unit)
{
	struct targets r = {0};
	if (tt->level != LEVEL_POINT) {
		r.one = unit_entity(tt, unit);
		return r;
	}
	if (tt->pfirst == NULL || pid <= 0 || pid >= (int64_t)tt->max_problem + 1 ||
	    (tt->npairs && pid > tt->pairs[tt->npairs - 1][0]))
		return r;
	r.pairs = (const int64_t(*)[2]) & tt->pairs[tt->pfirst[pid]];
	r.n = tt->pfirst[pid + 1] - tt->pfirst[pid];
	return r;
}

static struct wb_tally *target_at(const struct tallies *tt, const struct targets *g, size_t i)
{
	return g->one ? (i == 0 ? g->one : NULL) : slot_of(tt, tt->slot, g->pairs[i][1]);
}

static size_t target_count(const struct targets *g)
{
	return g->one ? 1 : g->n;
}

static int count_problems(struct store *st, struct tallies *tt)
{
	struct stmt *q = scan(st, ST_TALLY_PROBLEMS, tt->p);
	int rc;
	size_t cap = 0;
	while ((rc = q->drv->step(q)) > 0) {
		int64_t pid = col_i64(q, 0), unit = col_i64(q, 1);
		if (pid > tt->max_problem || (size_t)pid >= cap) {
			size_t ncap = cap ? cap : 1024;
			while (ncap <= (size_t)pid)
				ncap *= 2;
			if (ncap > cap) {
				tt->punit = xreallocarray(tt->punit, ncap, sizeof *tt->punit);
				memset(tt->punit + cap, 0, (ncap - cap) * sizeof *tt->punit);
				cap = ncap;
			}
			if (pid > tt->max_problem)
				tt->max_problem = pid;
		}
		tt->punit[pid] = (int32_t)unit;
		int64_t v[5] = {col_i64(q, 4), col_i64(q, 5), col_i64(q, 6), col_i64(q, 9),
				col_i64(q, 10)};
		enum wb_pstatus status = col_enum(q, 3, &wb_pstatuses);
		wb_date ack_due = col_date(q, 7), due = col_date(q, 8);
		struct targets g = targets_of(tt, pid, unit);
		for (size_t i = 0; i < target_count(&g); i++) {
			struct wb_tally *t = target_at(tt, &g, i);
			if (t == NULL)
				continue;
			add_stages(t, v, status, col_i64(q, 2) != 0, ack_due, due, col_date(q, 11),
				   col_date(q, 12), tt);
			/* Every dispatch the unit kept is a dispatch; returned ones are added with
			 * the returns below. */
			t->dispatches += col_i64(q, 2) != 0 && status != PS_OPEN &&
					 status != PS_RETURNED && v[1] >= tt->p->from &&
					 v[1] < tt->p->to;
		}
	}
	return rc;
}

static int count_events(struct store *st, struct tallies *tt)
{
	struct stmt *q = scan(st, ST_TALLY_EVENTS, tt->p);
	int rc;
	while ((rc = q->drv->step(q)) > 0) {
		int64_t pid = col_i64(q, 0);
		if (pid <= 0 || pid > tt->max_problem || tt->punit[pid] == 0)
			continue; /* not a problem of this campaign */
		const char *kind = col_text(q, 1, NULL);
		if (kind == NULL)
			continue;
		/* "problem." then return, reopen or verify */
		int ret = strcmp(kind + 8, "return") == 0;
		int64_t unit = ret ? col_i64(q, 2) : tt->punit[pid];
		struct targets g = targets_of(tt, pid, unit);
		for (size_t i = 0; i < target_count(&g); i++) {
			struct wb_tally *t = target_at(tt, &g, i);
			if (t == NULL)
				continue;
			if (ret) {
				t->returns++;
				t->dispatches++;
			} else if (kind[8] == 'v') {
				t->verified++;
			} else {
				t->reopens++;
			}
		}
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
		int rating = col_enum(q, 1, &wb_ratings);
		struct targets g = targets_of(tt, pid, tt->punit[pid]);
		for (size_t i = 0; i < target_count(&g); i++) {
			struct wb_tally *t = target_at(tt, &g, i);
			if (t)
				t->ratings[rating]++;
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
	if (rc >= 0)
		rc = count_opinions(st, &tt);
	if (rc >= 0 && level == LEVEL_POINT)
		index_pairs(&tt);
	if (rc >= 0)
		rc = count_problems(st, &tt);
	if (rc >= 0 && tt.punit) {
		rc = count_events(st, &tt);
		if (rc >= 0)
			rc = count_ratings(st, &tt);
	}
	for (size_t i = 0; rc >= 0 && i < tt.n; i++)
		rc = cb(arg, tt.ids[i], &tt.t[i]);
	if (rc >= 0)
		rc = (int)tt.n;
	free(tt.ids);
	free(tt.t);
	free(tt.slot);
	free(tt.station_slot);
	free(tt.punit);
	free(tt.pairs);
	free(tt.pfirst);
	return rc;
}
