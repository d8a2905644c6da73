/* Driver choice, the transaction helper and the connection pool: engine-neutral. */
#include "store.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/err.h"
#include "../util/log.h"
#include "store_int.h"

const struct store_table store_tables[STORE_NTABLES] = {
	{"settings", "key, value", "key", 2, 0},
	{"calendar", "day, kind", "day", 2, 0},
	{"units", "id, name, kind, parent_id, station_id, code, created_at", "id", 7, 1},
	{"people", "id, unit_id, name, post, rank, party_member, active, created_at", "id", 8, 1},
	{"users", "id, username, display_name, role, unit_id, pwhash, created_at, person_id", "id",
	 8, 1},
	{"sessions", "token_hash, user_id, created_at, expires_at, last_seen, ip, agent",
	 "token_hash", 7, 0},
	{"campaigns", "id, name, year, created_at", "id", 4, 1},
	{"phases", "campaign_id, kind, starts_on, ends_on", "campaign_id, kind", 4, 0},
	{"problems",
	 "id, campaign_id, target_unit_id, unit_id, dimension, title, summary, category, severity,"
	 " opinion_count, status, due_on, flagged, flag_due_on, delisted, return_reason, reply,"
	 " plan, measures, evidence, percent, ext_pending, ext_due_on, ext_reason, reopen_count,"
	 " round, created_by, created_at, updated_at, dispatched_at, acknowledged_at,"
	 " answered_at, rectified_at, verified_at, closed_at, ack_due_on, reminded_due,"
	 " escalated_due, answered_due_on, rectified_due_on, round_valid_ratings,"
	 " round_unsatisfied_ratings",
	 "id", 42, 1},
	{"first_contacts",
	 "id, unit_id, person_id, channel, visitor, visitor_phone, need, told, limit_on,"
	 " received_at, status, to_person_id, to_unit_id, outcome, closed_at, created_by,"
	 " created_at",
	 "id", 17, 1},
	{"opinions",
	 "id, campaign_id, point_id, target_unit_id, dimension, source, channel, content,"
	 " submitter_name, submitter_phone, received_at, status, problem_id, receipt,"
	 " reject_reason, entered_by, created_at, contact_id",
	 "id", 18, 1},
	{"progress", "id, problem_id, measures, percent, evidence, done, by_user_id, created_at",
	 "id", 8, 1},
	{"evaluations",
	 "id, problem_id, round, rating, note, by_user_id, opinion_id, created_at, counted,"
	 " staff_entered",
	 "id", 10, 1},
	{"bulletins", "id, problem_id, text, published_at, by_user_id", "id", 5, 1},
	{"notices",
	 "id, kind, number, title, body, scope, status, bulletin_id, drafted_by, drafted_at,"
	 " signer, signed_by, signed_at, withdrawn_at, withdrawn_reason, revision",
	 "id", 16, 1},
	{"notice_subjects", "notice_id, kind, ref_id", "notice_id, kind, ref_id", 3, 0},
	{"notice_revisions", "id, notice_id, reason, before, by_user_id, at", "id", 6, 1},
	{"pledge_sets",
	 "id, unit_id, person_id, title, period_from, period_to, status, published_at,"
	 " created_by, created_at",
	 "id", 10, 1},
	{"pledge_items", "set_id, no, text", "set_id, no", 3, 0},
	{"pledge_records", "id, set_id, item_no, day, text, evidence, by_user_id, at", "id", 8, 1},
	{"pledge_ratings", "id, set_id, rater, rating, note, by_user_id, at", "id", 7, 1},
	{"schemes",
	 "id, valid_from, weights, scale, grades, min_count, created_at, created_by, survey_share",
	 "id", 9, 1},
	{"accountability",
	 "id, problem_id, unit_id, person, kind, note, decided_on, created_at, created_by,"
	 " person_id",
	 "id", 10, 1},
	{"faults",
	 "id, unit_id, source, problem_id, opinion_id, contact_id, type, facts, status,"
	 " unit_sanction, authority, decided_on, note, appeal, appealed_at, appeal_note,"
	 " created_at, created_by, decided_at, decided_by",
	 "id", 20, 1},
	{"fault_people", "fault_id, person_id, role, resp, sanction", "fault_id, person_id", 5, 0},
	{"duties",
	 "id, campaign_id, kind, problem_id, opinion_id, holder_id, station_id, by_unit_id,"
	 " started_at, due_on, done_at, released_at",
	 "id", 12, 1},
	{"surveys",
	 "id, campaign_id, round, title, state, design, items, scale, recheck_share, seed_hash,"
	 " seed_box, seed, results, notice, created_by, created_at, committed_at, closed_at,"
	 " drawn_at, finished_at, published_at",
	 "id", 21, 1},
	{"survey_units", "survey_id, unit_id, frame_n, sample_n", "survey_id, unit_id", 4, 0},
	{"survey_people",
	 "id, survey_id, unit_id, unit_code, respondent_id, stratum, contact, draw_pos, outcome,"
	 " attempts, mode, outcome_at, outcome_by, held_by, held_until, code_hash, recheck",
	 "id", 17, 1},
	{"survey_answers", "person_id, item, pass, answer", "person_id, item, pass", 4, 0},
	{"target_items",
	 "year, unit_id, code, name, card, points, rule, target, category, indicator, measure,"
	 " deadline, assessor_id, owner, ding",
	 "year, unit_id, code", 15, 0},
	{"target_results", "year, unit_id, code, actual, deduction, note, by_user_id, at",
	 "year, unit_id, code", 8, 0},
	{"target_adjustments", "id, year, unit_id, kind, level, event, source", "id", 7, 1},
	{"target_schemes", "year, scheme, set_at", "year", 3, 0},
	{"target_letters",
	 "year, unit_id, status, issued_at, signed_at, signed_by, in_force_at, amendments,"
	 " selfcheck, selfcheck_at, returned_reason, returned_at",
	 "year, unit_id", 12, 0},
	{"target_amendments", "id, year, unit_id, reason, before, after, by_user_id, at", "id", 8,
	 1},
	{"target_years", "year, published_at, appeal_until, final_at, sheet_hash", "year", 5, 0},
	{"target_reports",
	 "id, year, unit_id, code, quarter, percent, text, evidence, by_user_id, at", "id", 10, 1},
	{"target_reminders", "year, unit_id, code, deadline, at", "year, unit_id, code, deadline",
	 5, 0},
	{"target_appeals",
	 "id, year, unit_id, code, reason, status, decision, by_user_id, at, decided_by,"
	 " decided_at",
	 "id", 11, 1},
	{"target_proposals", "year, source, unit_id, status, note, by_user_id, at", "year, source",
	 7, 0},
	{"target_sanctions", "id, year, unit_id, person_id, kind, measure, by_user_id, at", "id", 8,
	 1},
	{"target_person_items", "year, unit_id, code, person_id, points, task",
	 "year, unit_id, code, person_id", 6, 0},
	{"events",
	 "id, at, actor_user_id, actor_unit_id, kind, subject_type, subject_id, from_status,"
	 " to_status, data, prev_hash, hash",
	 "id", 12, 0},
};

extern const struct store_driver store_sqlite_driver, store_pg_driver;

static const struct store_driver *driver_for(const char *uri)
{
	if (uri == NULL || *uri == '\0')
		return NULL;
	if (strncmp(uri, "postgres://", 11) == 0 || strncmp(uri, "postgresql://", 13) == 0)
		return &store_pg_driver;
	return &store_sqlite_driver;
}

const char *store_driver_name(const char *uri)
{
	const struct store_driver *d = driver_for(uri);
	return d ? d->name : NULL;
}

int store_open(const char *uri, struct store **out)
{
	const struct store_driver *d = driver_for(uri);
	if (d == NULL) {
		wb_log(WB_LOG_ERR, "no storage driver for %s", uri ? uri : "(null)");
		return WB_ERR_INVALID;
	}
	return d->open(uri, out);
}

void store_close(struct store *st)
{
	if (st)
		st->drv->close(st);
}

const void *store_shared_key(const struct store *st)
{
	return st->group;
}

const char *store_engine_name(const struct store *st)
{
	return st->drv->name;
}

int store_begin(struct store *st, int write)
{
	return st->drv->begin(st, write);
}

int store_commit(struct store *st)
{
	return st->drv->commit(st);
}

void store_rollback(struct store *st)
{
	st->drv->rollback(st);
}

int store_in_tx(struct store *st)
{
	return st->in_tx;
}

int store_schema_version(struct store *st)
{
	return st->drv->schema_version(st);
}

int store_tally(struct store *st, enum store_level level, const struct store_period *p,
		store_tally_cb cb, void *arg)
{
	return store_tally_run(st, level, p, cb, arg);
}

int store_backup(struct store *st, const char *path)
{
	if (st->drv->backup_to == NULL) {
		wb_log(WB_LOG_ERR, "the %s driver cannot copy a database while it is in use",
		       st->drv->name);
		return WB_ERR_UNSUPPORTED;
	}
	return st->drv->backup_to(st, path);
}

/* ---- copying between engines (wubiao migrate) ---- */

int store_dump(struct store *st, int table, store_row_cb cb, void *arg)
{
	if (table < 0 || table >= STORE_NTABLES)
		return WB_ERR_INTERNAL;
	return each_text_row(stmt_get(st, ST_DUMP + table), store_tables[table].ncols, cb, arg);
}

int store_load_begin(struct store *st)
{
	return st->drv->load_begin(st);
}

int store_load(struct store *st, int table, const char *const *vals)
{
	if (table < 0 || table >= STORE_NTABLES)
		return WB_ERR_INTERNAL;
	return st->drv->load(st, table, vals);
}

int store_load_done(struct store *st)
{
	return st->drv->load_done ? st->drv->load_done(st) : 0;
}

/* One transaction for @p fn alone, retried while the engine answers busy. */
static int tx_alone(struct store *st, int write, int (*fn)(struct store *st, void *arg), void *arg)
{
	int rc = WB_ERR_BUSY;
	for (int attempt = 0; attempt < 5 && rc == WB_ERR_BUSY; attempt++) {
		if (attempt) {
			struct timespec ts = {0, 2000000L << attempt};
			nanosleep(&ts, NULL);
		}
		rc = st->drv->begin(st, write);
		if (rc < 0)
			continue;
		rc = fn(st, arg);
		if (rc < 0) {
			st->drv->rollback(st);
			continue;
		}
		int crc = st->drv->commit(st);
		if (crc < 0)
			rc = crc;
	}
	return rc;
}

/* ---- group commit ---- */

/* A write waiting for a shared transaction; it lives on its caller's stack. */
struct gc_write {
	int (*fn)(struct store *st, void *arg);
	void *arg;
	int rc;
	int done;
	struct gc_write *next;
};

struct store_group {
	pthread_mutex_t lock;
	pthread_cond_t done_cond;
	struct gc_write *head, *tail; /* waiting, oldest first */
	int leading;                  /* a thread is running a shared transaction */
	int max_batch;
	struct store_group_stats stats;
};

/* A savepoint inside the open write transaction: the same statements on every engine. */
enum store_sp { STORE_SP_BEGIN, STORE_SP_RELEASE, STORE_SP_ROLLBACK };

static int savepoint(struct store *st, enum store_sp what)
{
	if (!st->in_tx || !st->write_tx)
		return WB_ERR_INTERNAL;
	if (what == STORE_SP_BEGIN)
		return exec_done(stmt_get(st, ST_SAVEPOINT));
	/* ROLLBACK TO keeps the savepoint open; RELEASE then drops it. */
	int rc = what == STORE_SP_ROLLBACK ? exec_done(stmt_get(st, ST_ROLLBACK_TO)) : 0;
	return rc < 0 ? rc : exec_done(stmt_get(st, ST_RELEASE));
}

/*
 * Run @p n writes from @p w in one transaction on @p st, each in its own savepoint, and
 * commit once. A write that fails is undone alone. When the shared transaction itself
 * fails (begin, a savepoint, commit), the writes that had succeeded or met a busy engine
 * run again each alone, as they would have without group commit.
 */
static void run_shared(struct store *st, struct gc_write *w, int n)
{
	const struct store_driver *drv = st->drv;
	int rc = drv->begin(st, 1);
	int ran = 0;
	for (struct gc_write *x = w; rc >= 0 && ran < n; x = x->next, ran++) {
		rc = savepoint(st, STORE_SP_BEGIN);
		if (rc < 0)
			break;
		x->rc = x->fn(st, x->arg);
		rc = savepoint(st, x->rc < 0 ? STORE_SP_ROLLBACK : STORE_SP_RELEASE);
	}
	if (rc >= 0)
		rc = drv->commit(st);
	else if (st->in_tx)
		drv->rollback(st);
	int i = 0;
	for (struct gc_write *x = w; i < n; x = x->next, i++) {
		int again = i >= ran || x->rc == WB_ERR_BUSY || (rc < 0 && x->rc >= 0);
		if (again)
			x->rc = tx_alone(st, 1, x->fn, x->arg);
	}
}

static int group_tx(struct store_group *g, struct store *st, int (*fn)(struct store *st, void *arg),
		    void *arg)
{
	struct gc_write me = {fn, arg, 0, 0, NULL};
	pthread_mutex_lock(&g->lock);
	if (g->max_batch < 2) {
		pthread_mutex_unlock(&g->lock);
		return tx_alone(st, 1, fn, arg);
	}
	if (g->tail)
		g->tail->next = &me;
	else
		g->head = &me;
	g->tail = &me;
	g->stats.waiting++;
	while (!me.done) {
		if (g->leading) {
			pthread_cond_wait(&g->done_cond, &g->lock);
			continue;
		}
		/* Lead: take what waits (up to max_batch) and run it on this connection. */
		g->leading = 1;
		struct gc_write *batch = g->head, *last = batch;
		int n = 1;
		while (n < g->max_batch && last->next) {
			last = last->next;
			n++;
		}
		g->head = last->next;
		if (g->head == NULL)
			g->tail = NULL;
		g->stats.waiting -= n;
		pthread_mutex_unlock(&g->lock);

		if (n == 1)
			batch->rc = tx_alone(st, 1, batch->fn, batch->arg);
		else
			run_shared(st, batch, n);

		pthread_mutex_lock(&g->lock);
		g->stats.writes += (uint64_t)n;
		g->stats.commits++;
		if (n > g->stats.largest)
			g->stats.largest = n;
		/* Once done is set a waiter may return and its node is gone: read next first. */
		for (int i = 0; i < n; i++) {
			struct gc_write *next = batch->next;
			batch->done = 1;
			batch = next;
		}
		g->leading = 0;
		pthread_cond_broadcast(&g->done_cond);
	}
	pthread_mutex_unlock(&g->lock);
	return me.rc;
}

int store_tx(struct store *st, int write, int (*fn)(struct store *st, void *arg), void *arg)
{
	struct store_group *g = st->group;
	if (!write || g == NULL || st->in_tx)
		return tx_alone(st, write, fn, arg);
	return group_tx(g, st, fn, arg);
}

struct store_pool {
	pthread_mutex_t lock;
	pthread_cond_t free_cond;
	int size, nfree;
	struct store **all;
	struct store **free;
	struct store_group group;
};

int store_pool_new(const char *uri, int size, struct store_pool **out)
{
	struct store_pool *p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->free_cond, NULL);
	pthread_mutex_init(&p->group.lock, NULL);
	pthread_cond_init(&p->group.done_cond, NULL);
	p->all = xcalloc((size_t)size, sizeof *p->all);
	p->free = xcalloc((size_t)size, sizeof *p->free);
	for (int i = 0; i < size; i++) {
		int rc = store_open(uri, &p->all[i]);
		if (rc < 0) {
			p->size = i;
			store_pool_free(p);
			return rc;
		}
		p->free[i] = p->all[i];
		p->all[i]->group = &p->group;
	}
	p->size = p->nfree = size;
	*out = p;
	return 0;
}

struct store *store_pool_get(struct store_pool *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->nfree == 0)
		pthread_cond_wait(&p->free_cond, &p->lock);
	struct store *st = p->free[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	return st;
}

void store_pool_put(struct store_pool *p, struct store *st)
{
	if (st->in_tx) {
		wb_log(WB_LOG_WARN, "connection returned to the pool inside a transaction");
		st->drv->rollback(st);
	}
	pthread_mutex_lock(&p->lock);
	p->free[p->nfree++] = st;
	pthread_cond_signal(&p->free_cond);
	pthread_mutex_unlock(&p->lock);
}

void store_pool_free(struct store_pool *p)
{
	if (p == NULL)
		return;
	for (int i = 0; i < p->size; i++)
		store_close(p->all[i]);
	free(p->all);
	free(p->free);
	pthread_cond_destroy(&p->group.done_cond);
	pthread_mutex_destroy(&p->group.lock);
	pthread_cond_destroy(&p->free_cond);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

void store_pool_group_commit(struct store_pool *p, int max_batch)
{
	pthread_mutex_lock(&p->group.lock);
	p->group.max_batch = max_batch < 0 ? 0 : max_batch;
	pthread_mutex_unlock(&p->group.lock);
}

void store_pool_group_stats(struct store_pool *p, struct store_group_stats *out)
{
	pthread_mutex_lock(&p->group.lock);
	*out = p->group.stats;
	pthread_mutex_unlock(&p->group.lock);
}
