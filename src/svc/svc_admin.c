/* The district's directory and calendar: units, campaigns, working days, settings. */
#include "svc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/perm.h"
#include "../core/text.h"
#include "../util/err.h"
#include "svc_int.h"

static int need(struct svc_ctx *c, enum wb_perm p)
{
	if (!wb_perm_allows(c->who.role, p))
		return svc_fail(c, WB_ERR_FORBIDDEN, "this role may not do that");
	return 0;
}

/* Check parent and station links of a unit of kind @p kind. */
static int check_links(struct svc_ctx *c, enum wb_unit_kind kind, int64_t parent_id,
		       int64_t station_id, int64_t self_id)
{
	struct wb_unit p;
	if (kind == UK_OFFICE && parent_id)
		svc_field(c, "parent_id", "the office has no parent");
	if (kind == UK_STATION || kind == UK_POINT) {
		enum wb_unit_kind want = kind == UK_STATION ? UK_OFFICE : UK_STATION;
		int rc = parent_id ? store_unit_get(c->st, parent_id, c->a, &p) : 0;
		if (rc < 0)
			return rc;
		if (rc == 0 || p.kind != want || parent_id == self_id)
			svc_field(c, "parent_id",
				  kind == UK_STATION ? "a station's parent must be the office"
						     : "a point's parent must be a station");
	}
	if (wb_unit_kind_is_responsible(kind)) {
		if (parent_id) {
			int rc = store_unit_get(c->st, parent_id, c->a, &p);
			if (rc < 0)
				return rc;
			if (rc == 0 || p.kind != UK_OFFICE)
				svc_field(
					c, "parent_id",
					"a department's or street's parent is the office, or none");
		}
		int rc = station_id ? store_unit_get(c->st, station_id, c->a, &p) : 0;
		if (rc < 0)
			return rc;
		if (rc == 0 || p.kind != UK_STATION)
			svc_field(c, "station_id", "must be the station that follows this unit");
	} else if (station_id) {
		svc_field(c, "station_id",
			  "only departments and streets are followed by a station");
	}
	return c->errs.n ? WB_ERR_INVALID : 0;
}

struct unit_op {
	struct svc_ctx *c;
	const struct wb_unit *in;
	const struct svc_unit_patch *patch;
	int64_t id;
};

static int check_code(struct svc_ctx *c, const char *code, int64_t self)
{
	if (code == NULL)
		return 0;
	int rc = store_unit_code_taken(c->st, code, self);
	if (rc < 0)
		return rc;
	return rc ? svc_fail(c, WB_ERR_CONFLICT, "another unit has this code") : 0;
}

static int unit_create_tx(struct store *st, void *arg)
{
	struct unit_op *op = arg;
	struct svc_ctx *c = op->c;
	int rc = check_links(c, op->in->kind, op->in->parent_id, op->in->station_id, 0);
	if (rc == 0)
		rc = check_code(c, op->in->code, 0);
	struct wb_unit in = *op->in;
	in.created_at = c->now;
	if (rc == 0)
		rc = store_unit_insert(st, &in, &op->id);
	if (rc < 0)
		return rc;
	json_t *d = json_pack("{s:s, s:s, s:I, s:I, s:s?}", "name", op->in->name, "kind",
			      wb_enum_name(&wb_unit_kinds, op->in->kind), "parent_id",
			      (json_int_t)op->in->parent_id, "station_id",
			      (json_int_t)op->in->station_id, "code", op->in->code);
	return svc_event(c, "unit.create", "unit", op->id, NULL, NULL, 0, d);
}

static int check_unit_fields(struct svc_ctx *c, const char *name, const char *code, int has_code)
{
	svc_line(c, "name", name, 1, 100, name != NULL || !has_code);
	if (code && !wb_text_is_code(code))
		svc_field(c, "code", "must be 1 to 32 letters, digits, '.', '_' or '-'");
	return c->errs.n ? WB_ERR_INVALID : 0;
}

int svc_unit_create(struct svc_ctx *c, const struct wb_unit *in, int64_t *id)
{
	int rc = need(c, PERM_UNIT_WRITE);
	if (rc < 0)
		return rc;
	svc_line(c, "name", in->name, 1, 100, 1);
	if (in->code && !wb_text_is_code(in->code))
		svc_field(c, "code", "must be 1 to 32 letters, digits, '.', '_' or '-'");
	if ((unsigned)in->kind >= UK__N)
		svc_field(c, "kind", "must be office, station, point, department or street");
	if (c->errs.n)
		return WB_ERR_INVALID;
	struct unit_op op = {c, in, NULL, 0};
	rc = svc_tx(c, 1, unit_create_tx, &op);
	if (rc >= 0)
		*id = op.id;
	return rc < 0 ? rc : 0;
}

static int unit_update_tx(struct store *st, void *arg)
{
	struct unit_op *op = arg;
	struct svc_ctx *c = op->c;
	const struct svc_unit_patch *p = op->patch;
	struct wb_unit u;
	int rc = svc_found(store_unit_get(st, op->id, c->a, &u));
	if (rc < 0)
		return rc;
	if (p->has_name)
		u.name = p->name;
	if (p->has_code)
		u.code = p->code;
	if (p->has_parent_id)
		u.parent_id = p->parent_id;
	if (p->has_station_id)
		u.station_id = p->station_id;
	rc = check_links(c, u.kind, u.parent_id, u.station_id, u.id);
	if (rc == 0)
		rc = check_code(c, u.code, u.id);
	if (rc == 0)
		rc = store_unit_update(st, &u);
	if (rc < 0)
		return rc;
	json_t *d = json_pack("{s:s, s:I, s:I, s:s?}", "name", u.name, "parent_id",
			      (json_int_t)u.parent_id, "station_id", (json_int_t)u.station_id,
			      "code", u.code);
	return svc_event(c, "unit.update", "unit", u.id, NULL, NULL, 0, d);
}

int svc_unit_update(struct svc_ctx *c, int64_t id, const struct svc_unit_patch *in)
{
	int rc = need(c, PERM_UNIT_WRITE);
	if (rc < 0)
		return rc;
	if (in->has_name && in->name == NULL)
		svc_field(c, "name", "must not be null");
	if (check_unit_fields(c, in->name, in->code, 1) < 0)
		return WB_ERR_INVALID;
	struct unit_op op = {c, NULL, in, id};
	rc = svc_tx(c, 1, unit_update_tx, &op);
	return rc < 0 ? rc : 0;
}

struct campaign_op {
	struct svc_ctx *c;
	const struct wb_campaign *in;
	int64_t id;
};

static int campaign_tx(struct store *st, void *arg)
{
	struct campaign_op *op = arg;
	struct wb_campaign in = *op->in;
	in.created_at = op->c->now;
	int rc = store_campaign_insert(st, &in, &op->id);
	if (rc < 0)
		return rc;
	json_t *phases = json_array();
	for (int i = 0; i < op->in->nphases; i++) {
		char s[11], e[11];
		wb_date_format(op->in->phases[i].starts_on, s);
		wb_date_format(op->in->phases[i].ends_on, e);
		json_array_append_new(
			phases, json_pack("{s:s, s:s, s:s}", "kind",
					  wb_enum_name(&wb_phase_kinds, op->in->phases[i].kind),
					  "starts_on", s, "ends_on", e));
	}
	json_t *d = json_pack("{s:s, s:i, s:o}", "name", op->in->name, "year", op->in->year,
			      "phases", phases);
	return svc_event(op->c, "campaign.create", "campaign", op->id, NULL, NULL, 0, d);
}

int svc_campaign_create(struct svc_ctx *c, const struct wb_campaign *in, int64_t *id)
{
	int rc = need(c, PERM_CAMPAIGN_WRITE);
	if (rc < 0)
		return rc;
	svc_line(c, "name", in->name, 1, 100, 1);
	if (in->year < 2000 || in->year > 2100)
		svc_field(c, "year", "must be a year from 2000 to 2100");
	if (in->nphases < 1 || in->nphases > PHASE__N)
		svc_field(c, "phases", "must list one to three phases");
	unsigned seen = 0;
	for (int i = 0; i < in->nphases && i < PHASE__N; i++) {
		const struct wb_phase *ph = &in->phases[i];
		if (seen & (1u << ph->kind))
			svc_field(c, "phases", "each phase kind may appear once");
		seen |= 1u << ph->kind;
		if (ph->ends_on < ph->starts_on)
			svc_field(c, "phases", "a phase must not end before it starts");
	}
	if (c->errs.n)
		return WB_ERR_INVALID;
	struct campaign_op op = {c, in, 0};
	rc = svc_tx(c, 1, campaign_tx, &op);
	if (rc >= 0)
		*id = op.id;
	return rc < 0 ? rc : 0;
}

struct cal_op {
	struct svc_ctx *c;
	const wb_date *days;
	const int *kinds;
	int n;
};

static int calendar_tx(struct store *st, void *arg)
{
	struct cal_op *op = arg;
	for (int i = 0; i < op->n; i++) {
		int rc = store_calendar_put(st, op->days[i], op->kinds[i]);
		if (rc < 0)
			return rc;
		char d[11];
		int k = op->kinds[i];
		wb_date_format(op->days[i], d);
		json_t *data = json_pack("{s:s, s:s}", "date", d, "kind",
					 k < 0 ? "default"
					 : k   ? "workday"
					       : "holiday");
		rc = svc_event(op->c, "calendar.set", "calendar", op->days[i], NULL, NULL, 0, data);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int svc_calendar_check(struct svc_ctx *c, wb_date day, int kind)
{
	int y, m, d;
	wb_date_to_ymd(day, &y, &m, &d);
	if (y < 2000 || y > 2100)
		return svc_field(c, "date", "must be in the years 2000 to 2100");
	int wd = wb_date_weekday(day);
	if (kind == 1 && wd < 5)
		return svc_field(c, "kind", "a make-up working day must fall on a weekend");
	if (kind == 0 && wd >= 5)
		return svc_field(c, "kind",
				 "a holiday must fall on a weekday; weekends are off already");
	return 0;
}

/*
 * The calendar around today that countdowns read, shared by the threads of a server (the
 * connections of one pool) so that a page of problems costs no query for it: loaded again
 * after a minute (another server on the database may have changed the calendar) and at
 * once after this process changes it. Deadlines themselves are always computed from the
 * stored calendar. A connection of its own (the CLI) reads the calendar once per context.
 */
enum { CAL_SPAN = 800, CAL_TTL = 60 };

static struct {
	pthread_mutex_t lock;
	const void *key; /* store_shared_key() of the pool it was read from */
	wb_date today;
	int64_t loaded; /* svc_mono_seconds(); 0: nothing loaded */
	wb_date *holidays, *workdays;
	struct wb_calendar cal;
} cal_cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void cal_cache_drop(void)
{
	pthread_mutex_lock(&cal_cache.lock);
	cal_cache.loaded = 0;
	pthread_mutex_unlock(&cal_cache.lock);
}

static wb_date *dates_copy(const wb_date *v, size_t n)
{
	wb_date *w = xcalloc(n ? n : 1, sizeof *w);
	memcpy(w, v, n * sizeof *w);
	return w;
}

/* The cache for today from @p key's database, read again when stale. Under the lock. */
static int cal_fresh(struct svc_ctx *c, const void *key, wb_date today)
{
	if (cal_cache.loaded && cal_cache.key == key && cal_cache.today == today &&
	    svc_mono_seconds() - cal_cache.loaded < CAL_TTL)
		return 0;
	struct wb_calendar fresh;
	int rc = svc_calendar(c, today - CAL_SPAN, today + CAL_SPAN, &fresh);
	if (rc < 0)
		return rc;
	free(cal_cache.holidays);
	free(cal_cache.workdays);
	cal_cache.holidays = dates_copy(fresh.holidays, fresh.nholidays);
	cal_cache.workdays = dates_copy(fresh.workdays, fresh.nworkdays);
	cal_cache.cal = (struct wb_calendar){cal_cache.holidays, fresh.nholidays,
					     cal_cache.workdays, fresh.nworkdays};
	cal_cache.key = key;
	cal_cache.today = today;
	cal_cache.loaded = svc_mono_seconds();
	return 0;
}

int svc_workdays_left(struct svc_ctx *c, wb_date due, int *out)
{
	wb_date today = svc_today(c);
	if (due == WB_NO_DATE || due < today - CAL_SPAN || due > today + CAL_SPAN)
		return 0;
	const void *key = store_shared_key(c->st);
	if (key == NULL) {
		if (!c->has_cal) {
			int rc = svc_calendar(c, today - CAL_SPAN, today + CAL_SPAN, &c->cal);
			if (rc < 0)
				return rc;
			c->has_cal = 1;
		}
		*out = wb_workdays_left(&c->cal, today, due);
		return 1;
	}
	pthread_mutex_lock(&cal_cache.lock);
	int rc = cal_fresh(c, key, today);
	if (rc == 0)
		*out = wb_workdays_left(&cal_cache.cal, today, due);
	pthread_mutex_unlock(&cal_cache.lock);
	return rc < 0 ? rc : 1;
}

int svc_calendar_set_many(struct svc_ctx *c, const wb_date *days, const int *kinds, int n)
{
	if (c->who.role != ROLE_ADMIN)
		return svc_fail(c, WB_ERR_FORBIDDEN, "only the district office keeps the calendar");
	for (int i = 0; i < n; i++)
		if (svc_calendar_check(c, days[i], kinds[i]) < 0)
			return WB_ERR_INVALID;
	struct cal_op op = {c, days, kinds, n};
	int rc = svc_tx(c, 1, calendar_tx, &op);
	cal_cache_drop();
	return rc < 0 ? rc : 0;
}

int svc_calendar_set(struct svc_ctx *c, wb_date day, int kind)
{
	return svc_calendar_set_many(c, &day, &kind, 1);
}

int svc_calendar(struct svc_ctx *c, wb_date from, wb_date to, struct wb_calendar *out)
{
	return store_calendar_load(c->st, from, to, c->a, out) < 0 ? WB_ERR_DB : 0;
}

int svc_workday_add(struct svc_ctx *c, wb_date from, int workdays, wb_date *due)
{
	struct wb_calendar cal;
	/* Enough calendar for the longest deadline: a year and a half of days. */
	int rc = svc_calendar(c, from, from + workdays * 2 + 120, &cal);
	if (rc < 0)
		return rc;
	*due = wb_workday_add(&cal, from, workdays);
	return 0;
}

int svc_check_workdays(struct svc_ctx *c, const char *field, long workdays)
{
	if (workdays >= 1 && workdays <= c->cfg.max_due_workdays)
		return 0;
	return svc_field(
		c, field,
		arena_printf(c->a, "must be 1 to %d working days", c->cfg.max_due_workdays));
}

struct setting_op {
	struct svc_ctx *c;
	const char *key, *value;
};

static int setting_tx(struct store *st, void *arg)
{
	struct setting_op *op = arg;
	int rc = store_setting_put(st, op->key, op->value);
	if (rc < 0)
		return rc;
	json_t *d = json_pack("{s:s, s:s}", "key", op->key, "value", op->value);
	return svc_event(op->c, "setting.set", "setting", 0, NULL, NULL, 0, d);
}

int svc_setting_set(struct svc_ctx *c, const char *key, const char *value)
{
	if (c->who.role != ROLE_ADMIN)
		return svc_fail(c, WB_ERR_FORBIDDEN, "only the district office changes settings");
	struct wb_settings probe = c->cfg;
	int rc = wb_settings_set(&probe, key, value);
	if (rc == WB_ERR_NOT_FOUND)
		return svc_field(c, "key", "unknown setting");
	if (rc < 0)
		return svc_field(c, "value", "out of range for this setting");
	char canon[32];
	wb_settings_get(&probe, key, canon, sizeof canon);
	struct setting_op op = {c, key, canon};
	rc = svc_tx(c, 1, setting_tx, &op);
	svc_settings_changed();
	if (rc >= 0)
		c->cfg = probe;
	return rc < 0 ? rc : 0;
}
