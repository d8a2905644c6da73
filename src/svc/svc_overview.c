/*
 * Reads for the web UI's pages: the home page's counts in the caller's scope, and the
 * received opinions that resemble one (candidates for merging into the same problem).
 */
#include "svc.h"

#include <stdlib.h>
#include <string.h>

#include "../core/perm.h"
#include "../core/text.h"
#include "../util/err.h"
#include "svc_int.h"

int svc_summary(struct svc_ctx *c, int64_t campaign_id, struct svc_summary *out)
{
	memset(out, 0, sizeof *out);
	out->campaign_id = campaign_id;
	out->opinions_visible = wb_perm_allows(c->who.role, PERM_OPINION_READ);
	if (campaign_id) {
		struct wb_campaign camp;
		int rc = svc_found(store_campaign_get(c->st, campaign_id, c->a, &camp));
		if (rc < 0)
			return rc == WB_ERR_NOT_FOUND ? svc_fail(c, rc, "no such campaign") : rc;
	}
	out->today = svc_today(c);
	int rc = svc_workday_add(c, out->today, SVC_DUE_SOON_WORKDAYS, &out->soon);
	if (rc < 0)
		return rc;
	rc = store_summary(c->st, &c->who, campaign_id, out->today, out->soon, &out->s);
	return rc < 0 ? rc : 0;
}

struct similar_scan {
	struct svc_ctx *c;
	int64_t self;
	const uint64_t *ref;
	size_t nref;
	double min;
	uint64_t *keys; /**< a candidate's bigrams; grown as needed */
	size_t cap;
	int scanned;
	struct svc_similar_item *v;
	int n, vcap;
};

static int similar_row(void *arg, const struct wb_opinion *o)
{
	struct similar_scan *sc = arg;
	if (o->id == sc->self || sc->scanned >= SVC_SIMILAR_SCAN)
		return 0;
	sc->scanned++;
	const char *text = o->content ? o->content : "";
	size_t len = strlen(text);
	if (len + 1 > sc->cap) {
		sc->cap = len + 1;
		sc->keys = xreallocarray(sc->keys, sc->cap, sizeof *sc->keys);
	}
	size_t nk = wb_text_bigrams(text, len, sc->keys);
	double d = wb_bigram_dice(sc->ref, sc->nref, sc->keys, nk);
	if (d < sc->min || d <= 0)
		return 0;
	if (sc->n == sc->vcap) {
		int ncap = sc->vcap ? sc->vcap * 2 : 16;
		struct svc_similar_item *nv = arena_alloc(sc->c->a, (size_t)ncap * sizeof *nv);
		if (sc->n)
			memcpy(nv, sc->v, (size_t)sc->n * sizeof *nv);
		sc->v = nv;
		sc->vcap = ncap;
	}
	/* The row's strings live only during this call: copy them to the arena. */
	struct svc_similar_item *it = &sc->v[sc->n++];
	struct arena *a = sc->c->a;
	it->o = *o;
	it->o.content = arena_strdup(a, o->content);
	it->o.submitter_name = arena_strdup(a, o->submitter_name);
	it->o.submitter_phone = arena_strdup(a, o->submitter_phone);
	it->o.receipt = arena_strdup(a, o->receipt);
	it->o.reject_reason = arena_strdup(a, o->reject_reason);
	it->similarity = d;
	return 0;
}

static int by_similarity(const void *x, const void *y)
{
	const struct svc_similar_item *a = x, *b = y;
	if (a->similarity != b->similarity)
		return a->similarity > b->similarity ? -1 : 1;
	return (a->o.id < b->o.id) - (a->o.id > b->o.id);
}

int svc_opinion_similar(struct svc_ctx *c, int64_t id, double min, int limit,
			struct svc_similar_item **items, int *n)
{
	struct wb_opinion ref;
	*items = NULL;
	*n = 0;
	if (!wb_perm_allows(c->who.role, PERM_OPINION_READ))
		return WB_ERR_NOT_FOUND;
	int rc = svc_found(store_opinion_get(c->st, &c->who, id, c->a, &ref));
	if (rc < 0)
		return rc;
	const char *text = ref.content ? ref.content : "";
	size_t len = strlen(text);
	uint64_t *rk = arena_alloc(c->a, (len + 1) * sizeof *rk);
	struct similar_scan sc = {
		.c = c,
		.self = id,
		.ref = rk,
		.nref = wb_text_bigrams(text, len, rk),
		.min = min,
	};
	/* The newest candidates first; one more row in case the opinion itself is among them. */
	struct store_opinion_filter f = {
		.campaign_id = ref.campaign_id,
		.target_unit_id = ref.target_unit_id,
		.status = OS_RECEIVED,
		.dimension = -1,
		.source = -1,
		.channel = -1,
		.limit = SVC_SIMILAR_SCAN + 1,
	};
	rc = store_opinion_list(c->st, &c->who, &f, similar_row, &sc);
	free(sc.keys);
	if (rc < 0)
		return rc;
	if (sc.n > 1)
		qsort(sc.v, (size_t)sc.n, sizeof *sc.v, by_similarity);
	*items = sc.v;
	*n = sc.n < limit ? sc.n : limit;
	return 0;
}
