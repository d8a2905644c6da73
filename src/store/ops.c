/*
 * The store's operations on the directory and form 1, written once for every engine over
 * the driver's statement interface (store_int.h): settings, the calendar, units, users
 * and sessions, campaigns, opinions. Problems and what hangs off them: ops_problem.c.
 */
#include "ops.h"

#include <string.h>

#include "../core/enums.h"
#include "../core/perm.h"
#include "../util/err.h"
#include "../util/log.h"
#include "store_int.h"

int each_row(struct stmt *q, int (*emit)(struct stmt *q, const struct emit *e),
	     const struct emit *e)
{
	int rc, n = 0;
	while ((rc = q->drv->step(q)) > 0) {
		int crc = emit(q, e);
		if (crc < 0) {
			q->drv->reset(q);
			return crc;
		}
		n++;
	}
	return rc < 0 ? rc : n;
}

int each_text_row(struct stmt *q, int ncols, store_row_cb cb, void *arg)
{
	const char *vals[64];
	int rc, n = 0;
	while ((rc = q->drv->step(q)) > 0) {
		for (int i = 0; i < ncols && i < 64; i++)
			vals[i] = col_text(q, i, NULL);
		int crc = cb(arg, ncols, vals);
		if (crc < 0) {
			q->drv->reset(q);
			return crc;
		}
		n++;
	}
	return rc < 0 ? rc : n;
}

int one_row(struct stmt *q, const struct row_spec *rs, struct arena *a, void *out)
{
	int rc = q->drv->step(q);
	if (rc > 0) {
		row_read(q, rs, 0, a, out);
		q->drv->reset(q);
	}
	return rc;
}

void *grow_array(struct arena *a, void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	size_t want = *cap ? *cap * 2 : 16;
	void *w = arena_alloc(a, want * size);
	if (n)
		memcpy(w, v, n * size);
	*cap = want;
	return w;
}

int all_rows(struct stmt *q, const struct row_spec *rs, struct arena *a, void **out, size_t size,
	     size_t *n)
{
	size_t cap = 0;
	char *v = NULL;
	*n = 0;
	int rc;
	while ((rc = q->drv->step(q)) > 0) {
		v = grow_array(a, v, *n, &cap, size);
		row_read(q, rs, 0, a, v + (*n)++ * size);
	}
	q->drv->reset(q);
	*out = v ? v : arena_alloc(a, size);
	return rc < 0 ? rc : 0;
}

int store_ping(struct store *st)
{
	int64_t one;
	return exec_i64(stmt_get(st, ST_PING), &one);
}

/* ---- settings and calendar ---- */

int store_settings_load(struct store *st, struct wb_settings *out)
{
	struct stmt *q = stmt_get(st, ST_SETTINGS_ALL);
	wb_settings_defaults(out);
	int rc;
	while ((rc = q->drv->step(q)) > 0) {
		const char *k = col_text(q, 0, NULL), *v = col_text(q, 1, NULL);
		if (k && v && wb_settings_set(out, k, v) < 0)
			wb_log(WB_LOG_WARN, "ignoring setting %s = %s", k, v);
	}
	return rc < 0 ? rc : 1;
}

int store_setting_put(struct store *st, const char *key, const char *value)
{
	struct stmt *q = stmt_get(st, ST_SETTING_PUT);
	bind_text(q, 1, key);
	bind_text(q, 2, value);
	return exec_done(q);
}

int store_calendar_put(struct store *st, wb_date day, int workday)
{
	struct stmt *q = stmt_get(st, workday < 0 ? ST_CAL_DEL : ST_CAL_PUT);
	bind_date(q, 1, day);
	if (workday >= 0)
		bind_text(q, 2, workday ? "workday" : "holiday");
	return exec_done(q);
}

/* Append @p d to the arena array @p v of @p n, doubling its capacity @p cap when full. */
static void push_date(struct arena *a, wb_date **v, size_t *n, size_t *cap, wb_date d)
{
	if (*n == *cap) {
		wb_date *w = arena_alloc(a, *cap * 2 * sizeof *w);
		memcpy(w, *v, *n * sizeof *w);
		*v = w;
		*cap *= 2;
	}
	(*v)[(*n)++] = d;
}

int store_calendar_load(struct store *st, wb_date from, wb_date to, struct arena *a,
			struct wb_calendar *out)
{
	struct stmt *q = stmt_get(st, ST_CAL_RANGE);
	bind_date(q, 1, from);
	bind_date(q, 2, to);
	size_t nh = 0, nw = 0, caph = 64, capw = 64;
	wb_date *h = arena_alloc(a, caph * sizeof *h), *w = arena_alloc(a, capw * sizeof *w);
	int rc;
	while ((rc = q->drv->step(q)) > 0) {
		const char *kind = col_text(q, 1, NULL);
		if (kind && strcmp(kind, "workday") == 0)
			push_date(a, &w, &nw, &capw, col_date(q, 0));
		else
			push_date(a, &h, &nh, &caph, col_date(q, 0));
	}
	if (rc < 0)
		return rc;
	out->holidays = h;
	out->nholidays = nh;
	out->workdays = w;
	out->nworkdays = nw;
	return 1;
}

/* ---- units ---- */

static int emit_unit(struct stmt *q, const struct emit *em)
{
	struct wb_unit u;
	row_read(q, &spec_unit, 0, NULL, &u);
	return em->cb.unit(em->arg, &u);
}

int store_unit_insert(struct store *st, const struct wb_unit *u, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_UNIT_INSERT);
	row_bind(q, &spec_unit, FW_INS, 1, u);
	return exec_insert(q, id);
}

int store_unit_update(struct store *st, const struct wb_unit *u)
{
	struct stmt *q = stmt_get(st, ST_UNIT_UPDATE);
	bind_i64(q, 1, u->id);
	row_bind(q, &spec_unit, FW_UPD, 2, u);
	int rc = exec_changes(q);
	return rc < 0 ? rc : rc > 0;
}

int store_unit_get(struct store *st, int64_t id, struct arena *a, struct wb_unit *out)
{
	struct stmt *q = stmt_get(st, ST_UNIT_GET);
	bind_i64(q, 1, id);
	return one_row(q, &spec_unit, a, out);
}

int store_unit_list(struct store *st, const struct store_unit_filter *f, store_unit_cb cb,
		    void *arg)
{
	struct stmt *q = stmt_get(st, ST_UNIT_LIST);
	bind_enum(q, 1, &wb_unit_kinds, f->kind);
	bind_id(q, 2, f->parent_id);
	bind_id(q, 3, f->station_id);
	bind_i64(q, 4, f->cursor);
	bind_i64(q, 5, f->limit);
	return each_row(q, emit_unit, &(struct emit){.cb.unit = cb, .arg = arg});
}

int store_unit_code_taken(struct store *st, const char *code, int64_t except_id)
{
	struct stmt *q = stmt_get(st, ST_UNIT_CODE);
	int64_t one;
	bind_text(q, 1, code);
	bind_i64(q, 2, except_id);
	return exec_i64(q, &one);
}

/* ---- users and sessions ---- */

static int emit_user(struct stmt *q, const struct emit *em)
{
	struct wb_user u;
	row_read(q, &spec_user, 0, NULL, &u);
	return em->cb.user(em->arg, &u);
}

int store_user_insert(struct store *st, const struct wb_user *u, const char *pwhash, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_USER_INSERT);
	bind_text(q, row_bind(q, &spec_user, FW_INS, 1, u), pwhash);
	return exec_insert(q, id);
}

/* A user row followed by one more column: the password hash, or a session's expiry. */
static int user_and(struct stmt *q, struct arena *a, struct wb_user *out, const char **text,
		    int64_t *num)
{
	int rc = q->drv->step(q);
	if (rc > 0) {
		row_read(q, &spec_user, 0, a, out);
		if (text)
			*text = col_text(q, spec_user.n, a);
		if (num)
			*num = col_i64(q, spec_user.n);
		q->drv->reset(q);
	}
	return rc;
}

int store_user_get(struct store *st, int64_t id, struct arena *a, struct wb_user *out)
{
	struct stmt *q = stmt_get(st, ST_USER_GET);
	bind_i64(q, 1, id);
	return user_and(q, a, out, NULL, NULL);
}

int store_user_by_name(struct store *st, const char *username, struct arena *a, struct wb_user *out,
		       const char **pwhash)
{
	struct stmt *q = stmt_get(st, ST_USER_BY_NAME);
	bind_text(q, 1, username);
	return user_and(q, a, out, pwhash, NULL);
}

int store_user_list(struct store *st, int64_t cursor, int limit, store_user_cb cb, void *arg)
{
	struct stmt *q = stmt_get(st, ST_USER_LIST);
	bind_i64(q, 1, cursor);
	bind_i64(q, 2, limit);
	return each_row(q, emit_user, &(struct emit){.cb.user = cb, .arg = arg});
}

int store_user_set_password(struct store *st, int64_t id, const char *pwhash)
{
	struct stmt *q = stmt_get(st, ST_USER_PASSWORD);
	bind_i64(q, 1, id);
	bind_text(q, 2, pwhash);
	int rc = exec_changes(q);
	return rc < 0 ? rc : rc > 0;
}

int store_session_insert(struct store *st, const char *token_hash, int64_t user_id,
			 int64_t created_at, int64_t expires_at, const char *ip, const char *agent)
{
	struct stmt *q = stmt_get(st, ST_SESSION_INSERT);
	bind_text(q, 1, token_hash);
	bind_i64(q, 2, user_id);
	bind_i64(q, 3, created_at);
	bind_i64(q, 4, expires_at);
	bind_text(q, 5, ip ? ip : "");
	bind_text(q, 6, agent ? agent : "");
	return exec_done(q);
}

int store_session_user(struct store *st, const char *token_hash, int64_t now, int64_t idle_since,
		       struct arena *a, struct wb_user *out, int64_t *expires_at,
		       int64_t *last_seen)
{
	struct stmt *q = stmt_get(st, ST_SESSION_USER);
	bind_text(q, 1, token_hash);
	bind_i64(q, 2, now);
	bind_i64(q, 3, idle_since);
	int rc = q->drv->step(q);
	if (rc > 0) {
		row_read(q, &spec_user, 0, a, out);
		*expires_at = col_i64(q, spec_user.n);
		*last_seen = col_i64(q, spec_user.n + 1);
		q->drv->reset(q);
	}
	return rc;
}

int store_session_touch(struct store *st, const char *token_hash, int64_t now)
{
	struct stmt *q = stmt_get(st, ST_SESSION_TOUCH);
	bind_text(q, 1, token_hash);
	bind_i64(q, 2, now);
	return exec_done(q);
}

int store_session_list(struct store *st, int64_t user_id, int64_t now, int64_t idle_since,
		       struct arena *a, struct wb_session **out, int *n)
{
	struct stmt *q = stmt_get(st, ST_SESSION_LIST);
	bind_i64(q, 1, user_id);
	bind_i64(q, 2, now);
	bind_i64(q, 3, idle_since);
	*n = 0;
	*out = arena_alloc(a, 100 * sizeof **out);
	int rc;
	while ((rc = q->drv->step(q)) > 0 && *n < 100) {
		struct wb_session *s = &(*out)[(*n)++];
		s->id = col_text(q, 0, a);
		s->created_at = col_i64(q, 1);
		s->last_seen = col_i64(q, 2);
		s->expires_at = col_i64(q, 3);
		s->ip = col_text(q, 4, a);
		s->agent = col_text(q, 5, a);
	}
	q->drv->reset(q);
	return rc < 0 ? rc : 0;
}

int store_session_end(struct store *st, int64_t user_id, const char *id)
{
	struct stmt *q = stmt_get(st, ST_SESSION_END);
	bind_i64(q, 1, user_id);
	bind_text(q, 2, id);
	int rc = exec_changes(q);
	return rc < 0 ? rc : rc > 0;
}

int store_session_trim(struct store *st, int64_t user_id, int keep)
{
	struct stmt *q = stmt_get(st, ST_SESSION_TRIM);
	bind_i64(q, 1, user_id);
	bind_i64(q, 2, keep);
	return exec_changes(q);
}

int store_session_delete(struct store *st, const char *token_hash)
{
	struct stmt *q = stmt_get(st, ST_SESSION_DELETE);
	bind_text(q, 1, token_hash);
	int rc = exec_changes(q);
	return rc < 0 ? rc : rc > 0;
}

int store_session_purge(struct store *st, int64_t now, int64_t idle_since)
{
	struct stmt *q = stmt_get(st, ST_SESSION_PURGE);
	bind_i64(q, 1, now);
	bind_i64(q, 2, idle_since);
	return exec_changes(q);
}

/* ---- campaigns ---- */

int store_campaign_insert(struct store *st, const struct wb_campaign *c, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_CAMPAIGN_INSERT);
	bind_text(q, 1, c->name);
	bind_i64(q, 2, c->year);
	bind_i64(q, 3, c->created_at);
	int rc = exec_insert(q, id);
	for (int i = 0; rc > 0 && i < c->nphases; i++) {
		q = stmt_get(st, ST_PHASE_INSERT);
		bind_i64(q, 1, *id);
		bind_enum(q, 2, &wb_phase_kinds, c->phases[i].kind);
		bind_date(q, 3, c->phases[i].starts_on);
		bind_date(q, 4, c->phases[i].ends_on);
		rc = exec_done(q);
	}
	return rc;
}

static int load_phases(struct store *st, struct wb_campaign *c)
{
	struct stmt *q = stmt_get(st, ST_PHASES_OF);
	bind_i64(q, 1, c->id);
	int rc;
	c->nphases = 0;
	while ((rc = q->drv->step(q)) > 0) {
		if (c->nphases < PHASE__N) {
			struct wb_phase *ph = &c->phases[c->nphases++];
			ph->kind = col_enum(q, 0, &wb_phase_kinds);
			ph->starts_on = col_date(q, 1);
			ph->ends_on = col_date(q, 2);
		}
	}
	return rc < 0 ? rc : 1;
}

static void read_campaign(struct stmt *q, struct arena *a, struct wb_campaign *c)
{
	c->id = col_i64(q, 0);
	c->name = col_text(q, 1, a);
	c->year = (int)col_i64(q, 2);
}

int store_campaign_get(struct store *st, int64_t id, struct arena *a, struct wb_campaign *out)
{
	struct stmt *q = stmt_get(st, ST_CAMPAIGN_GET);
	bind_i64(q, 1, id);
	int rc = q->drv->step(q);
	if (rc <= 0)
		return rc;
	read_campaign(q, a, out);
	q->drv->reset(q);
	return load_phases(st, out);
}

int store_campaign_list(struct store *st, int64_t cursor, int limit, store_campaign_cb cb,
			void *arg)
{
	struct arena a = ARENA_INIT;
	/* Phases need a second statement, so rows are collected before the callbacks. */
	struct wb_campaign *v = arena_alloc(&a, (size_t)(limit > 0 ? limit : 1) * sizeof *v);
	int n = 0, rc = 0;
	struct stmt *q = stmt_get(st, ST_CAMPAIGN_LIST);
	bind_i64(q, 1, cursor);
	bind_i64(q, 2, limit);
	while (n < limit && (rc = q->drv->step(q)) > 0)
		read_campaign(q, &a, &v[n++]);
	q->drv->reset(q);
	if (rc > 0)
		rc = 0;
	for (int i = 0; i < n && rc >= 0; i++) {
		rc = load_phases(st, &v[i]);
		if (rc >= 0)
			rc = cb(arg, &v[i]);
	}
	arena_release(&a);
	return rc < 0 ? rc : n;
}

int store_campaign_current(struct store *st, wb_date today, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_CAMPAIGN_CURRENT);
	bind_date(q, 1, today);
	return exec_i64(q, id);
}

/* ---- opinions ---- */

void read_opinion(struct stmt *q, struct arena *a, const struct wb_actor *who, struct wb_opinion *o)
{
	row_read(q, &spec_opinion, 0, a, o);
	/* An opinion giver's identity never leaves the store for other roles; the receipt is
	 * the giver's alone (it rates the rectification): it is shown once, when issued, and
	 * no read by staff returns it. */
	if (who) {
		o->receipt = NULL;
		if (!wb_perm_allows(who->role, PERM_SUBMITTER_READ))
			o->submitter_name = o->submitter_phone = NULL;
	}
}

static int emit_opinion(struct stmt *q, const struct emit *em)
{
	struct wb_opinion o;
	read_opinion(q, NULL, em->who, &o);
	return em->cb.opinion(em->arg, &o);
}

int store_opinion_insert(struct store *st, const struct wb_opinion *o, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_OPINION_INSERT);
	row_bind(q, &spec_opinion, FW_INS, 1, o);
	return exec_insert(q, id);
}

static int opinion_one(struct stmt *q, const struct wb_actor *who, struct arena *a,
		       struct wb_opinion *out)
{
	int rc = q->drv->step(q);
	if (rc > 0) {
		read_opinion(q, a, who, out);
		q->drv->reset(q);
	}
	return rc;
}

int store_opinion_get(struct store *st, const struct wb_actor *who, int64_t id, struct arena *a,
		      struct wb_opinion *out)
{
	struct stmt *q = stmt_get(st, ST_OPINION_GET);
	bind_i64(q, 1, id);
	bind_scope(q, who);
	return opinion_one(q, who, a, out);
}

int store_opinion_by_receipt(struct store *st, const char *receipt, struct arena *a,
			     struct wb_opinion *out)
{
	struct stmt *q = stmt_get(st, ST_OPINION_RECEIPT);
	bind_text(q, 1, receipt);
	return opinion_one(q, NULL, a, out);
}

int store_opinion_list(struct store *st, const struct wb_actor *who,
		       const struct store_opinion_filter *f, store_opinion_cb cb, void *arg)
{
	struct stmt *q = stmt_get(st, ST_OPINION_LIST);
	bind_id(q, 1, f->campaign_id);
	bind_id(q, 2, f->point_id);
	bind_id(q, 3, f->target_unit_id);
	bind_id(q, 4, f->problem_id);
	bind_enum(q, 5, &wb_opinion_statuses, f->status);
	bind_enum(q, 6, &wb_dimensions, f->dimension);
	bind_enum(q, 7, &wb_sources, f->source);
	bind_enum(q, 8, &wb_channels, f->channel);
	bind_id(q, 9, f->cursor);
	bind_i64(q, 10, f->limit);
	bind_scope(q, who);
	return each_row(q, emit_opinion, &(struct emit){.cb.opinion = cb, .arg = arg, .who = who});
}

int store_opinion_set_status(struct store *st, int64_t id, enum wb_opinion_status status,
			     int64_t problem_id, const char *reason)
{
	struct stmt *q = stmt_get(st, ST_OPINION_STATUS);
	bind_i64(q, 1, id);
	bind_enum(q, 2, &wb_opinion_statuses, status);
	bind_id(q, 3, problem_id);
	bind_text(q, 4, reason);
	int rc = exec_changes(q);
	return rc < 0 ? rc : rc > 0;
}
