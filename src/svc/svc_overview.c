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
#include "svc_survey.h"

static void tile(struct svc_summary *out, const char *name, const char *label, const char *tone,
		 const char *list, const char *key, const char *value, int64_t count)
{
	/* work against a deadline is listed by it, the longest overdue first */
	const char *sort = key && (strcmp(key, "overdue") == 0 || strcmp(key, "due_soon") == 0)
				   ? "due_on"
				   : NULL;
	if (out->ntiles < SVC_TILES_MAX)
		out->tiles[out->ntiles++] =
			(struct svc_tile){name, label, tone, list, key, value, sort, count};
}

/* Each role's tiles, each with the list filter that holds exactly its count. */
static void tiles(const struct svc_ctx *c, struct svc_summary *out)
{
	const struct store_summary *s = &out->s;
	const int64_t *st = s->problems;
	int64_t opinions = 0, problems = 0;
	for (int i = 0; i < OS__N; i++)
		opinions += s->opinions[i];
	for (int i = 0; i < PS__N; i++)
		problems += st[i];
	const int64_t *sv = out->surveys;
	switch (c->who.role) {
	case ROLE_STATS:
		tile(out, "survey_setup", "准备中的测评", "warn", "surveys", "state",
		     "draft,committed,closed", sv[SV_DRAFT] + sv[SV_COMMITTED] + sv[SV_CLOSED]);
		tile(out, "survey_fieldwork", "调查中", "warn", "surveys", "state", "fieldwork",
		     sv[SV_FIELDWORK]);
		tile(out, "survey_finished", "待公布", NULL, "surveys", "state", "finished",
		     sv[SV_FINISHED]);
		tile(out, "survey_published", "已公布", NULL, "surveys", "state", "published",
		     sv[SV_PUBLISHED]);
		break;
	case ROLE_UNIT:
		tile(out, "to_acknowledge", "待签收", "warn", "problems", "status", "dispatched",
		     st[PS_DISPATCHED]);
		tile(out, "to_answer", "待反馈（意见反馈表）", "warn", "problems", "status",
		     "acknowledged", st[PS_ACKNOWLEDGED]);
		tile(out, "rectifying", "整改中（整改情况表）", NULL, "problems", "status",
		     "answered,rectifying", st[PS_ANSWERED] + st[PS_RECTIFYING]);
		tile(out, "overdue", "已逾期", "bad", "problems", "overdue", "true", s->overdue);
		tile(out, "due_soon", "3个工作日内到期", "warn", "problems", "due_soon", "true",
		     s->due_soon);
		tile(out, "flagged", "挂牌", "bad", "problems", "flagged", "true", s->flagged);
		break;
	case ROLE_POINT:
		tile(out, "opinions", "已录入意见", NULL, "opinions", NULL, NULL, opinions);
		tile(out, "to_merge", "待汇总", NULL, "opinions", "status", "received",
		     s->opinions[OS_RECEIVED]);
		tile(out, "merged", "已汇总", NULL, "opinions", "status", "merged",
		     s->opinions[OS_MERGED]);
		tile(out, "to_rate", "待效果评定", "warn", "problems", "awaiting_evaluation",
		     "true", s->awaiting_evaluation);
		break;
	case ROLE_LEADER:
		tile(out, "opinions", "收到意见", NULL, "opinions", NULL, NULL, opinions);
		tile(out, "problems", "汇总问题", NULL, "problems", NULL, NULL, problems);
		tile(out, "overdue", "逾期问题", "bad", "problems", "overdue", "true", s->overdue);
		tile(out, "flagged", "挂牌", "bad", "problems", "flagged", "true", s->flagged);
		tile(out, "closed", "已销号", NULL, "problems", "status", "closed", st[PS_CLOSED]);
		break;
	case ROLE_ADMIN:
	case ROLE_STATION:
		tile(out, "to_merge", "待汇总意见", "warn", "opinions", "status", "received",
		     s->opinions[OS_RECEIVED]);
		tile(out, "to_dispatch", "待转办问题", "warn", "problems", "status", "open",
		     st[PS_OPEN]);
		tile(out, "returned", "被退回", "bad", "problems", "status", "returned",
		     st[PS_RETURNED]);
		tile(out, "to_verify", "待验收", "warn", "problems", "status", "rectified",
		     st[PS_RECTIFIED]);
		tile(out, "to_close", "待评定/销号", "warn", "problems", "status", "verified",
		     st[PS_VERIFIED]);
		if (c->who.role == ROLE_ADMIN)
			tile(out, "extension_pending", "延期待审批", "warn", "problems",
			     "extension_pending", "true", s->ext_pending);
		tile(out, "overdue", "已逾期", "bad", "problems", "overdue", "true", s->overdue);
		tile(out, "flagged", "挂牌", "bad", "problems", "flagged", "true", s->flagged);
		break;
	default:
		break;
	}
}

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
	if (rc < 0)
		return rc;
	if (c->who.role == ROLE_STATS) {
		struct svc_survey *v;
		int n;
		if ((rc = svc_survey_list(c, campaign_id, 0, &v, &n)) < 0)
			return rc;
		for (int i = 0; i < n; i++)
			out->surveys[v[i].s.state]++;
	}
	tiles(c, out);
	return 0;
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
