/*
 * The store's operations for annual target management, written once for every engine: a
 * year's items, results and adjustments, each kind replaced whole by an import and read
 * whole by the assessment.
 */
#include "store_int.h"

#include <string.h>

#include "../core/enums.h"
#include "ops.h"

/* Replace the year's rows of one kind: clear, then insert each. */
static int put_all(struct store *st, int clear, int insert, int64_t year, const struct row_spec *rs,
		   const void *v, size_t size, size_t n)
{
	struct stmt *q = stmt_get(st, clear);
	bind_i64(q, 1, year);
	int rc = exec_done(q);
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		q = stmt_get(st, insert);
		row_bind(q, rs, FW_INS, 1, (const char *)v + i * size);
		rc = rs == &spec_tadjust ? exec_insert(q, &(int64_t){0}) : exec_done(q);
	}
	return rc < 0 ? rc : 0;
}

/* Read the year's rows of one kind into an array from @p a. */
static int get_all(struct store *st, int list, int64_t year, const struct row_spec *rs,
		   struct arena *a, void **out, size_t size, size_t *n)
{
	struct stmt *q = stmt_get(st, list);
	bind_i64(q, 1, year);
	size_t cap = 64;
	char *v = arena_alloc(a, cap * size);
	*n = 0;
	int rc;
	while ((rc = q->drv->step(q)) > 0) {
		if (*n == cap) {
			char *w = arena_alloc(a, 2 * cap * size);
			memcpy(w, v, cap * size);
			v = w;
			cap *= 2;
		}
		row_read(q, rs, 0, a, v + (*n)++ * size);
	}
	q->drv->reset(q);
	*out = v;
	return rc < 0 ? rc : 0;
}

int store_target_items_put(struct store *st, int64_t year, const struct wb_target_item *v, size_t n)
{
	return put_all(st, ST_TITEM_CLEAR, ST_TITEM_INSERT, year, &spec_titem, v, sizeof *v, n);
}

int store_target_items(struct store *st, int64_t year, struct arena *a, struct wb_target_item **out,
		       size_t *n)
{
	return get_all(st, ST_TITEM_LIST, year, &spec_titem, a, (void **)out, sizeof **out, n);
}

int store_target_results_put(struct store *st, int64_t year, const struct wb_target_result *v,
			     size_t n)
{
	return put_all(st, ST_TRESULT_CLEAR, ST_TRESULT_INSERT, year, &spec_tresult, v, sizeof *v,
		       n);
}

int store_target_results(struct store *st, int64_t year, struct arena *a,
			 struct wb_target_result **out, size_t *n)
{
	return get_all(st, ST_TRESULT_LIST, year, &spec_tresult, a, (void **)out, sizeof **out, n);
}

int store_target_adjusts_put(struct store *st, int64_t year, const struct wb_target_adjust *v,
			     size_t n)
{
	return put_all(st, ST_TADJ_CLEAR, ST_TADJ_INSERT, year, &spec_tadjust, v, sizeof *v, n);
}

int store_target_adjusts(struct store *st, int64_t year, struct arena *a,
			 struct wb_target_adjust **out, size_t *n)
{
	return get_all(st, ST_TADJ_LIST, year, &spec_tadjust, a, (void **)out, sizeof **out, n);
}
