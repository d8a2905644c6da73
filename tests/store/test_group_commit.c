/*
 * Group commit through a pool's connections on a temporary SQLite file, or on a fresh
 * PostgreSQL database when WUBIAO_TEST_PG names a test server: writes that
 * arrive while one runs share the next transaction, each in its own savepoint; a write
 * that fails is undone alone; the audit chain stays one chain; with group commit off
 * every write commits alone; and many threads writing at once lose nothing.
 *
 * A shared transaction is formed without timing: the first write blocks inside its
 * transaction until the test has seen the others queue (store_group_stats.waiting).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../src/core/audit.h"
#include "../../src/store/store.h"
#include "../../src/util/err.h"
#include "../../src/util/log.h"
#include "../pg/pg_fixture.h"

struct fx {
	char dir[64];
	char db[256];
	int pg;
	struct store_pool *pool;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/wbgroup.XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->db, sizeof f->db, "%s/wubiao.db", f->dir);
	f->pg = tpg_enabled();
	if ((f->pg && tpg_new_db(f->db, sizeof f->db) < 0) ||
	    store_pool_new(f->db, 12, &f->pool) < 0) {
		rmdir(f->dir);
		free(f);
		return -1;
	}
	store_pool_group_commit(f->pool, 64);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	store_pool_free(f->pool);
	static const char *const suffix[] = {"", "-wal", "-shm"};
	char p[300];
	for (size_t i = 0; !f->pg && i < sizeof suffix / sizeof *suffix; i++) {
		snprintf(p, sizeof p, "%s%s", f->db, suffix[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static void msleep(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* ---- one write: an audit event for a subject, which may block or fail ---- */

struct gate {
	pthread_mutex_t mu;
	pthread_cond_t cond;
	int entered, open;
};

struct write {
	struct store_pool *pool;
	int64_t subject;
	int fail;          /* append, then fail: the event must vanish */
	struct gate *gate; /* wait here inside the transaction until opened */
	int rc;
	pthread_t thread;
};

static int write_tx(struct store *st, void *arg)
{
	struct write *w = arg;
	struct wb_event ev = {
		.at = 1772413200,
		.actor_user_id = 1,
		.kind = "unit.update",
		.subject_type = "unit",
		.subject_id = w->subject,
		.data = "{}",
	};
	int rc = store_event_append(st, &ev);
	if (rc < 0)
		return rc;
	if (w->gate) {
		pthread_mutex_lock(&w->gate->mu);
		w->gate->entered = 1;
		pthread_cond_broadcast(&w->gate->cond);
		while (!w->gate->open)
			pthread_cond_wait(&w->gate->cond, &w->gate->mu);
		pthread_mutex_unlock(&w->gate->mu);
	}
	return w->fail ? WB_ERR_INVALID : 1;
}

static void *write_main(void *arg)
{
	struct write *w = arg;
	struct store *st = store_pool_get(w->pool);
	w->rc = store_tx(st, 1, write_tx, w);
	store_pool_put(w->pool, st);
	return NULL;
}

static void start(struct write *w)
{
	assert_int_equal(pthread_create(&w->thread, NULL, write_main, w), 0);
}

static struct store_group_stats stats(struct fx *f)
{
	struct store_group_stats s;
	store_pool_group_stats(f->pool, &s);
	return s;
}

/* Wait (at most 10 s) until @p n writes wait for the next shared transaction. */
static void wait_queued(struct fx *f, int n)
{
	for (int i = 0; i < 1000 && stats(f).waiting < n; i++)
		msleep(10);
	assert_int_equal(stats(f).waiting, n);
}

static void open_gate(struct gate *g)
{
	pthread_mutex_lock(&g->mu);
	while (!g->entered)
		pthread_cond_wait(&g->cond, &g->mu);
	g->open = 1;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->mu);
}

/*
 * Start a write (subject 1) that blocks inside its transaction on @p g, then, once it is
 * in, @p n writes behind it (subjects 10, 11 …; the one at @p fail_at fails, -1: none).
 */
static void start_behind_blocker(struct fx *f, struct gate *g, struct write *first,
				 struct write *rest, int n, int fail_at)
{
	*first = (struct write){.pool = f->pool, .subject = 1, .gate = g};
	start(first);
	pthread_mutex_lock(&g->mu);
	while (!g->entered)
		pthread_cond_wait(&g->cond, &g->mu);
	pthread_mutex_unlock(&g->mu);
	for (int i = 0; i < n; i++) {
		rest[i] = (struct write){.pool = f->pool, .subject = 10 + i, .fail = i == fail_at};
		start(&rest[i]);
	}
}

static void join_all(struct write *first, struct write *rest, int n)
{
	pthread_join(first->thread, NULL);
	for (int i = 0; i < n; i++)
		pthread_join(rest[i].thread, NULL);
}

/* ---- reading back ---- */

struct seen {
	int n;
	int64_t subjects[4096];
	int64_t last_id;
	char last_hash[65];
	int broken;
};

static int seen_cb(void *arg, const struct wb_event *e)
{
	struct seen *s = arg;
	/* One chain: ids 1, 2, 3 … each linked to the one before and sealed. */
	if (e->id != s->last_id + 1 || !wb_audit_check(e) ||
	    (s->n > 0 && strcmp(e->prev_hash, s->last_hash) != 0))
		s->broken = 1;
	s->last_id = e->id;
	snprintf(s->last_hash, sizeof s->last_hash, "%s", e->hash);
	if (s->n < 4096)
		s->subjects[s->n] = e->subject_id;
	s->n++;
	return 0;
}

static struct seen *read_back(struct fx *f)
{
	struct seen *s = calloc(1, sizeof *s);
	assert_non_null(s);
	struct store *st = store_pool_get(f->pool);
	assert_true(store_event_iter(st, seen_cb, s) >= 0);
	store_pool_put(f->pool, st);
	assert_false(s->broken);
	return s;
}

static int has_subject(const struct seen *s, int64_t subject)
{
	for (int i = 0; i < s->n && i < 4096; i++)
		if (s->subjects[i] == subject)
			return 1;
	return 0;
}

/* ---- tests ---- */

static void test_shared_transaction(void **state)
{
	struct fx *f = *state;
	struct gate g = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
	struct write first, rest[5];
	start_behind_blocker(f, &g, &first, rest, 5, 2);
	wait_queued(f, 5);
	open_gate(&g);
	join_all(&first, rest, 5);

	assert_int_equal(first.rc, 1);
	for (int i = 0; i < 5; i++)
		assert_int_equal(rest[i].rc, i == 2 ? WB_ERR_INVALID : 1);
	/* Two transactions: the first alone, then the five together. */
	struct store_group_stats s = stats(f);
	assert_int_equal(s.writes, 6);
	assert_int_equal(s.commits, 2);
	assert_int_equal(s.largest, 5);
	assert_int_equal(s.waiting, 0);

	/* The failed write is undone alone; the chain has no gap where it was. */
	struct seen *seen = read_back(f);
	assert_int_equal(seen->n, 5);
	assert_true(has_subject(seen, 1));
	for (int i = 0; i < 5; i++)
		assert_int_equal(has_subject(seen, 10 + i), i != 2);
	free(seen);
}

static void test_off_commits_each_alone(void **state)
{
	struct fx *f = *state;
	store_pool_group_commit(f->pool, 1);
	struct gate g = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
	struct write first, rest[3];
	start_behind_blocker(f, &g, &first, rest, 3, -1);
	msleep(50);
	open_gate(&g);
	join_all(&first, rest, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(rest[i].rc, 1);
	/* Nothing went through the group. */
	struct store_group_stats s = stats(f);
	assert_int_equal(s.writes, 0);
	assert_int_equal(s.commits, 0);
	struct seen *seen = read_back(f);
	assert_int_equal(seen->n, 4);
	free(seen);
}

static void test_batch_limit(void **state)
{
	struct fx *f = *state;
	store_pool_group_commit(f->pool, 3);
	struct gate g = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
	struct write first, rest[7];
	start_behind_blocker(f, &g, &first, rest, 7, -1);
	wait_queued(f, 7);
	open_gate(&g);
	join_all(&first, rest, 7);
	for (int i = 0; i < 7; i++)
		assert_int_equal(rest[i].rc, 1);
	/* 1, then 3 + 3 + 1 of the seven that waited: never more than three at once. */
	struct store_group_stats s = stats(f);
	assert_int_equal(s.writes, 8);
	assert_int_equal(s.largest, 3);
	assert_int_equal(s.commits, 4);
	struct seen *seen = read_back(f);
	assert_int_equal(seen->n, 8);
	free(seen);
}

/* Eleven threads write 150 times each, every seventh write failing: nothing is lost. */
enum { THREADS = 11, EACH = 150 };

struct hammer {
	struct store_pool *pool;
	int t;
	int ok, failed, wrong;
};

static void *hammer_main(void *arg)
{
	struct hammer *h = arg;
	struct store *st = store_pool_get(h->pool);
	for (int i = 0; i < EACH; i++) {
		struct write w = {.pool = h->pool, .subject = h->t * 1000 + i, .fail = i % 7 == 3};
		int rc = store_tx(st, 1, write_tx, &w);
		if (rc == 1)
			h->ok++;
		else if (rc == WB_ERR_INVALID && w.fail)
			h->failed++;
		else
			h->wrong++;
	}
	store_pool_put(h->pool, st);
	return NULL;
}

static void test_many_writers(void **state)
{
	struct fx *f = *state;
	struct hammer h[THREADS];
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++) {
		h[i] = (struct hammer){.pool = f->pool, .t = i + 1};
		assert_int_equal(pthread_create(&t[i], NULL, hammer_main, &h[i]), 0);
	}
	int ok = 0;
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(h[i].wrong, 0);
		assert_int_equal(h[i].failed, (EACH + 3) / 7);
		ok += h[i].ok;
	}
	struct seen *seen = read_back(f);
	assert_int_equal(seen->n, ok);
	for (int i = 1; i <= THREADS; i++)
		for (int k = 0; k < EACH; k++)
			if (has_subject(seen, i * 1000 + k) != (k % 7 != 3))
				fail_msg("write %d of thread %d: %s", k, i,
					 k % 7 == 3 ? "failed but kept"
						    : "acknowledged but missing");
	free(seen);
	struct store_group_stats s = stats(f);
	assert_int_equal(s.writes, THREADS * EACH);
	assert_true(s.commits <= s.writes);
	print_message("# %d writes in %llu transactions, at most %d in one\n", THREADS * EACH,
		      (unsigned long long)s.commits, s.largest);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	wb_log_set_level(WB_LOG_ERR);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_shared_transaction, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_off_commits_each_alone, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_batch_limit, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_many_writers, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests_name("group_commit", tests, NULL, NULL);
}
