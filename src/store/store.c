/* Driver choice, the transaction helper and the connection pool: engine-neutral. */
#include "store.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/err.h"
#include "../util/log.h"

extern const struct store_ops store_sqlite_ops;

const struct store_ops *store_driver_for(const char *uri)
{
	if (uri == NULL || *uri == '\0')
		return NULL;
	if (strncmp(uri, "postgres://", 11) == 0 || strncmp(uri, "postgresql://", 13) == 0)
		return NULL; /* no PostgreSQL driver in this build */
	return &store_sqlite_ops;
}

int store_open(const char *uri, struct store **out)
{
	const struct store_ops *ops = store_driver_for(uri);
	if (ops == NULL) {
		wb_log(WB_LOG_ERR, "no storage driver for %s", uri ? uri : "(null)");
		return WB_ERR_INVALID;
	}
	return ops->open(uri, out);
}

void store_close(struct store *st)
{
	if (st)
		st->ops->close(st);
}

int store_tx(struct store *st, int write, int (*fn)(struct store *st, void *arg), void *arg)
{
	int rc = WB_ERR_BUSY;
	for (int attempt = 0; attempt < 5 && rc == WB_ERR_BUSY; attempt++) {
		if (attempt) {
			struct timespec ts = {0, 2000000L << attempt};
			nanosleep(&ts, NULL);
		}
		rc = st->ops->begin(st, write);
		if (rc < 0)
			continue;
		rc = fn(st, arg);
		if (rc < 0) {
			st->ops->rollback(st);
			continue;
		}
		int crc = st->ops->commit(st);
		if (crc < 0)
			rc = crc;
	}
	return rc;
}

struct store_pool {
	pthread_mutex_t lock;
	pthread_cond_t free_cond;
	int size, nfree;
	struct store **all;
	struct store **free;
};

int store_pool_new(const char *uri, int size, struct store_pool **out)
{
	struct store_pool *p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->free_cond, NULL);
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
	if (st->ops->in_tx(st)) {
		wb_log(WB_LOG_WARN, "connection returned to the pool inside a transaction");
		st->ops->rollback(st);
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
	pthread_cond_destroy(&p->free_cond);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
