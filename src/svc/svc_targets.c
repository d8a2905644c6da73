/*
 * Annual target management (目标管理): a year's items, results and adjustments imported
 * from the office's spreadsheets, all or nothing, each import an event of the audit chain
 * with the file's hash; and the year-end assessment sheet computed from them, the
 * work-style items fed by the year's campaigns (docs/targets.md).
 */
#include "svc_targets.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../core/enums.h"
#include "../core/perm.h"
#include "../util/err.h"
#include "svc_int.h"

/* The district's responsible units by code. */
struct units {
	struct wb_unit *v;
	size_t n, cap;
	struct arena *a;
};

static int add_unit(void *arg, const struct wb_unit *u)
{
	struct units *us = arg;
	if (u->kind != UK_DEPARTMENT && u->kind != UK_STREET)
		return 0;
	if (us->n == us->cap) {
		size_t cap = us->cap ? us->cap * 2 : 64;
		struct wb_unit *v = arena_alloc(us->a, cap * sizeof *v);
		if (us->n)
			memcpy(v, us->v, us->n * sizeof *v);
		us->v = v;
		us->cap = cap;
	}
	struct wb_unit *w = &us->v[us->n++];
	*w = *u;
	w->name = arena_strdup(us->a, u->name ? u->name : "");
	w->code = arena_strdup(us->a, u->code ? u->code : "");
	return 0;
}

static int load_units(struct svc_ctx *c, struct units *us)
{
	memset(us, 0, sizeof *us);
	us->a = c->a;
	struct store_unit_filter f = {.kind = -1, .limit = 1000000};
	return store_unit_list(c->st, &f, add_unit, us);
}

int svc_target_units(struct svc_ctx *c, struct wb_unit **v, size_t *n)
{
	struct units us;
	int rc = load_units(c, &us);
	*v = us.v;
	*n = us.n;
	return rc;
}

static const struct wb_unit *unit_by_code(const struct units *us, const char *code)
{
	for (size_t i = 0; i < us->n; i++)
		if (strcmp(us->v[i].code, code) == 0)
			return &us->v[i];
	return NULL;
}

static const struct wb_unit *unit_by_id(const struct units *us, int64_t id)
{
	for (size_t i = 0; i < us->n; i++)
		if (us->v[i].id == id)
			return &us->v[i];
	return NULL;
}

static int check_year(struct svc_ctx *c, int64_t year)
{
	if (year < 2000 || year > 2100)
		return svc_field(c, "year", "must be a year from 2000 to 2100");
	return 0;
}

/* ---- import ---- */

struct import_op {
	struct svc_ctx *c;
	int64_t year;
	enum svc_targets_kind kind;
	const void *rows;
	size_t n;
	char sha[65];
};

static int import_tx(struct store *st, void *arg)
{
	struct import_op *op = arg;
	int rc = op->kind == TARGETS_ITEMS ? store_target_items_put(st, op->year, op->rows, op->n)
		 : op->kind == TARGETS_RESULTS
			 ? store_target_results_put(st, op->year, op->rows, op->n)
			 : store_target_adjusts_put(st, op->year, op->rows, op->n);
	if (rc < 0)
		return rc;
	static const char *const kinds[] = {"items", "results", "adjustments"};
	return svc_event(op->c, "targets.import", "targets", op->year, NULL, NULL, 0,
			 json_pack("{s:s, s:I, s:s}", "kind", kinds[op->kind], "rows",
				   (json_int_t)op->n, "sha256", op->sha));
}

/* Items: known units; card 2 only for a street; each card of a unit sums to 100. */
static void check_items(const struct units *us, const struct tio_item *v, size_t n,
			struct wb_target_item *out, int64_t year, struct csvin_errs *e)
{
	for (size_t i = 0; i < n; i++) {
		const struct wb_unit *u = unit_by_code(us, v[i].unit);
		if (u == NULL) {
			csvin_err(e, v[i].line, "no department or street has the code %s",
				  v[i].unit);
			continue;
		}
		if (v[i].card == 2 && u->kind != UK_STREET)
			csvin_err(e, v[i].line, "%s is a department: it has card 1 only",
				  v[i].unit);
		out[i] = (struct wb_target_item){.year = year,
						 .unit_id = u->id,
						 .code = v[i].code,
						 .name = v[i].name,
						 .card = v[i].card,
						 .points = v[i].points,
						 .rule = v[i].rule,
						 .target = v[i].target,
						 .deadline = WB_NO_DATE,
						 .indicator = "",
						 .measure = "",
						 .owner = "",
						 .ding = "{}"};
	}
	if (e->n)
		return;
	/* each card's points sum to 100, a street's two cards both */
	for (size_t i = 0; i < n; i++) {
		int first = 1;
		for (size_t j = 0; j < i && first; j++)
			first = out[j].unit_id != out[i].unit_id;
		if (!first)
			continue;
		const struct wb_unit *u = unit_by_id(us, out[i].unit_id);
		int64_t sum[3] = {0};
		for (size_t j = i; j < n; j++)
			if (out[j].unit_id == out[i].unit_id)
				sum[out[j].card] += out[j].points;
		for (int card = 1; card <= (u->kind == UK_STREET ? 2 : 1); card++)
			if (sum[card] != 100000)
				csvin_err(e, v[i].line,
					  "the points of %s's card %d sum to %lld.%03lld, not 100",
					  v[i].unit, card, (long long)(sum[card] / 1000),
					  (long long)(sum[card] % 1000));
	}
}

static int same_item(const struct wb_target_item *a, const struct wb_target_item *b)
{
	return strcmp(a->code, b->code) == 0 && strcmp(a->name, b->name) == 0 &&
	       a->card == b->card && a->points == b->points && a->rule == b->rule &&
	       a->target == b->target;
}

/*
 * Items against the letters: what the file does not say of an item it keeps (category,
 * indicator, measure, deadline, assessor, owner, "定" dimensions) is kept from the item of
 * the same unit and code; a letter past its draft changes only by an amendment, so its
 * items must come back as they are.
 */
static int check_letters(struct svc_ctx *c, int64_t year, const struct units *us,
			 const struct tio_item *v, struct wb_target_item *out, size_t n,
			 struct csvin_errs *e)
{
	struct wb_target_item *old;
	struct wb_target_letter *l;
	size_t no, nl;
	int rc = store_target_items(c->st, year, c->a, &old, &no);
	if (rc >= 0)
		rc = store_target_letters(c->st, year, c->a, &l, &nl);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < no; k++)
			if (old[k].unit_id == out[i].unit_id &&
			    strcmp(old[k].code, out[i].code) == 0) {
				struct wb_target_item keep = old[k];
				keep.name = out[i].name;
				keep.card = out[i].card;
				keep.points = out[i].points;
				keep.rule = out[i].rule;
				keep.target = out[i].target;
				out[i] = keep;
			}
	for (size_t j = 0; j < nl; j++) {
		if (l[j].status == LS_DRAFT)
			continue;
		size_t in_file = 0, same = 0, before = 0;
		size_t line = 0;
		for (size_t i = 0; i < n; i++)
			if (out[i].unit_id == l[j].unit_id) {
				in_file++;
				line = line ? line : v[i].line;
				for (size_t k = 0; k < no; k++)
					same += old[k].unit_id == l[j].unit_id &&
						same_item(&old[k], &out[i]);
			}
		for (size_t k = 0; k < no; k++)
			before += old[k].unit_id == l[j].unit_id;
		if (in_file == before && same == before)
			continue;
		const struct wb_unit *u = unit_by_id(us, l[j].unit_id);
		csvin_err(e, line ? line : 1,
			  "the letter of %s is %s: its items change only by an amendment with a "
			  "reason",
			  u ? u->code : "?", wb_enum_name(&wb_letter_statuses, l[j].status));
	}
	return 0;
}

static const struct wb_target_item *item_of(const struct wb_target_item *v, size_t n,
					    int64_t unit_id, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].unit_id == unit_id && strcmp(v[i].code, code) == 0)
			return &v[i];
	return NULL;
}

/* Results: an item of the year; what its rule needs; none for a work-style item. */
static int check_results(struct svc_ctx *c, int64_t year, const struct units *us,
			 const struct tio_result *v, size_t n, struct wb_target_result *out,
			 struct csvin_errs *e)
{
	struct wb_target_item *items;
	size_t ni;
	int rc = store_target_items(c->st, year, c->a, &items, &ni);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const struct wb_unit *u = unit_by_code(us, v[i].unit);
		const struct wb_target_item *it = u ? item_of(items, ni, u->id, v[i].code) : NULL;
		if (it == NULL) {
			csvin_err(e, v[i].line, "%s has no item %s in %lld", v[i].unit, v[i].code,
				  (long long)year);
			continue;
		}
		if (it->rule == TR_WORKSTYLE)
			csvin_err(
				e, v[i].line,
				"item %s of %s is scored from the year's work-style figures: it takes "
				"no result",
				v[i].code, v[i].unit);
		else if (it->rule == TR_DEDUCT && !v[i].has_deduction)
			csvin_err(e, v[i].line,
				  "item %s of %s is a deduct item: give its deduction", v[i].code,
				  v[i].unit);
		else if (it->rule != TR_DEDUCT && !v[i].has_actual)
			csvin_err(e, v[i].line, "item %s of %s is a %s item: give its actual",
				  v[i].code, v[i].unit, wb_enum_name(&wb_target_rules, it->rule));
		out[i] = (struct wb_target_result){year, u->id, v[i].code, v[i].actual,
						   v[i].deduction};
	}
	return 0;
}

int svc_targets_import(struct svc_ctx *c, int64_t year, enum svc_targets_kind kind,
		       const char *data, size_t len, struct csvin_errs *e)
{
	memset(e, 0, sizeof *e);
	if (!wb_perm_allows(c->who.role, PERM_TARGET_WRITE))
		return svc_fail(c, WB_ERR_FORBIDDEN, "only the district office imports targets");
	if (check_year(c, year) < 0)
		return WB_ERR_INVALID;
	struct wb_target_year y;
	int rc = store_target_year(c->st, year, c->a, &y);
	if (rc < 0)
		return rc;
	if (y.final_at || (y.published_at && kind != TARGETS_ITEMS)) {
		csvin_err(e, 0,
			  y.final_at ? "the year's assessment is final: nothing changes"
				     : "the sheet is published: a result or an adjustment "
				       "changes only by an appeal's decision");
		return WB_ERR_STATE;
	}
	struct units us;
	rc = load_units(c, &us);
	if (rc < 0)
		return rc;
	struct import_op op = {c, year, kind, NULL, 0, ""};
	if (kind == TARGETS_ITEMS) {
		struct tio_item *v;
		if (tio_items_read(data, len, c->a, &v, &op.n, e) < 0)
			return WB_ERR_INVALID;
		struct wb_target_item *out = arena_alloc(c->a, (op.n + 1) * sizeof *out);
		check_items(&us, v, op.n, out, year, e);
		if (e->n == 0 && (rc = check_letters(c, year, &us, v, out, op.n, e)) < 0)
			return rc;
		op.rows = out;
	} else if (kind == TARGETS_RESULTS) {
		struct tio_result *v;
		if (tio_results_read(data, len, c->a, &v, &op.n, e) < 0)
			return WB_ERR_INVALID;
		struct wb_target_result *out = arena_alloc(c->a, (op.n + 1) * sizeof *out);
		rc = check_results(c, year, &us, v, op.n, out, e);
		if (rc < 0)
			return rc;
		op.rows = out;
	} else {
		struct tio_adjust *v;
		if (tio_adjusts_read(data, len, c->a, &v, &op.n, e) < 0)
			return WB_ERR_INVALID;
		struct wb_target_adjust *out = arena_alloc(c->a, (op.n + 1) * sizeof *out);
		for (size_t i = 0; i < op.n; i++) {
			const struct wb_unit *u = unit_by_code(&us, v[i].unit);
			if (u == NULL)
				csvin_err(e, v[i].line, "no department or street has the code %s",
					  v[i].unit);
			out[i] = (struct wb_target_adjust){0,         year,       u ? u->id : 0,
							   v[i].kind, v[i].level, v[i].event};
		}
		op.rows = out;
	}
	if (e->n)
		return WB_ERR_INVALID;
	unsigned char h[32];
	crypto_hash_sha256(h, (const unsigned char *)data, len);
	sodium_bin2hex(op.sha, sizeof op.sha, h, sizeof h);
	return svc_tx(c, 1, import_tx, &op);
}

/* ---- assessment ---- */

/* The mean composite of each unit over the year's campaigns where it has one. */
struct workstyle {
	int64_t unit_id;
	double sum;
	int n;
};

struct campaigns {
	int64_t *ids;
	size_t n, cap;
	int year;
	struct arena *a;
};

static int add_campaign(void *arg, const struct wb_campaign *camp)
{
	struct campaigns *cs = arg;
	if (camp->year != cs->year)
		return 0;
	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? cs->cap * 2 : 8;
		int64_t *v = arena_alloc(cs->a, cap * sizeof *v);
		if (cs->n)
			memcpy(v, cs->ids, cs->n * sizeof *v);
		cs->ids = v;
		cs->cap = cap;
	}
	cs->ids[cs->n++] = camp->id;
	return 0;
}

static int workstyle_of(struct svc_ctx *c, int64_t year, const struct units *us, double *out,
			int *has)
{
	struct campaigns cs = {.year = (int)year, .a = c->a};
	int rc = store_campaign_list(c->st, 0, 1000000, add_campaign, &cs);
	if (rc < 0)
		return rc;
	double *sum = arena_alloc(c->a, (us->n + 1) * sizeof *sum);
	int *n = arena_alloc(c->a, (us->n + 1) * sizeof *n);
	memset(sum, 0, (us->n + 1) * sizeof *sum);
	memset(n, 0, (us->n + 1) * sizeof *n);
	for (size_t k = 0; k < cs.n; k++) {
		struct wb_campaign camp;
		struct svc_scores sc;
		/* the district's figures, whoever asks: the caller gets only the target scores
		 * it may read, never the ranking they come from */
		struct wb_actor who = c->who;
		c->who.role = ROLE_LEADER;
		rc = svc_campaign_scores(c, cs.ids[k], LEVEL_UNIT, WB_NO_DATE, WB_NO_DATE, 0, &camp,
					 &sc);
		c->who = who;
		if (rc < 0)
			return rc;
		for (int i = 0; i < sc.n; i++) {
			const struct svc_score_row *row = &sc.rows[i];
			if (!row->comp.defined || row->insufficient)
				continue;
			for (size_t u = 0; u < us->n; u++)
				if (us->v[u].id == row->unit.id) {
					sum[u] += row->comp.value;
					n[u]++;
				}
		}
	}
	for (size_t u = 0; u < us->n; u++) {
		has[u] = n[u] > 0;
		out[u] = n[u] ? sum[u] / n[u] : 0;
	}
	return 0;
}

/* Each of the year's items with its score (work-style items from the campaigns); no check of
 * who asks. */
static int score_items(struct svc_ctx *c, int64_t year, struct units *us,
		       struct wb_target_item **items, double **scores, size_t *ni)
{
	struct wb_target_result *res;
	size_t nr;
	int rc = load_units(c, us);
	if (rc >= 0)
		rc = store_target_items(c->st, year, c->a, items, ni);
	if (rc >= 0)
		rc = store_target_results(c->st, year, c->a, &res, &nr);
	if (rc < 0)
		return rc;
	double *ws = arena_alloc(c->a, (us->n + 1) * sizeof *ws);
	int *has_ws = arena_alloc(c->a, (us->n + 1) * sizeof *has_ws);
	int need_ws = 0;
	for (size_t i = 0; i < *ni; i++)
		need_ws |= (*items)[i].rule == TR_WORKSTYLE;
	memset(ws, 0, (us->n + 1) * sizeof *ws);
	memset(has_ws, 0, (us->n + 1) * sizeof *has_ws);
	if (need_ws && (rc = workstyle_of(c, year, us, ws, has_ws)) < 0)
		return rc;
	double *v = arena_alloc(c->a, (*ni + 1) * sizeof *v);
	for (size_t i = 0; i < *ni; i++) {
		const struct wb_target_item *it = &(*items)[i];
		size_t u = 0;
		while (u < us->n && us->v[u].id != it->unit_id)
			u++;
		const struct wb_target_result *r = NULL;
		for (size_t k = 0; k < nr && r == NULL; k++)
			if (res[k].unit_id == it->unit_id && strcmp(res[k].code, it->code) == 0)
				r = &res[k];
		int has = it->rule == TR_WORKSTYLE ? u < us->n && has_ws[u] : r != NULL;
		v[i] = wb_target_item_score(it->rule, it->points / 1000.0, has, it->target / 1000.0,
					    r ? r->actual / 1000.0 : 0,
					    r ? r->deduction / 1000.0 : 0, u < us->n ? ws[u] : 0);
	}
	*scores = v;
	return 0;
}

int svc_targets_item_scores(struct svc_ctx *c, int64_t year, struct wb_target_item **items,
			    double **scores, size_t *n)
{
	struct units us;
	if (check_year(c, year) < 0)
		return WB_ERR_INVALID;
	return score_items(c, year, &us, items, scores, n);
}

int svc_targets_assess(struct svc_ctx *c, int64_t year, struct wb_target_line **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (check_year(c, year) < 0)
		return WB_ERR_INVALID;
	/* a unit reads its own line once the sheet is published */
	int own = 0;
	if (!wb_perm_allows(c->who.role, PERM_TARGET_READ)) {
		struct wb_target_year y;
		int rc = store_target_year(c->st, year, c->a, &y);
		if (rc < 0)
			return rc;
		if (c->who.role != ROLE_UNIT || !y.published_at)
			return svc_fail(c, WB_ERR_NOT_FOUND, "no such assessment");
		own = 1;
	}
	struct units us;
	struct wb_target_item *items;
	struct wb_target_adjust *adj;
	double *score;
	size_t ni, na;
	int rc = score_items(c, year, &us, &items, &score, &ni);
	if (rc >= 0)
		rc = store_target_adjusts(c->st, year, c->a, &adj, &na);
	if (rc < 0)
		return rc;
	struct wb_target_scheme s;
	if ((rc = svc_targets_scheme(c, year, &s, NULL)) < 0)
		return rc;
	/* a line for each unit with items this year */
	struct wb_target_line *v = arena_alloc(c->a, (us.n + 1) * sizeof *v);
	size_t nl = 0;
	for (size_t u = 0; u < us.n; u++) {
		struct wb_target_line l = {.unit_id = us.v[u].id,
					   .code = us.v[u].code,
					   .street = us.v[u].kind == UK_STREET};
		int any = 0;
		for (size_t i = 0; i < ni; i++) {
			if (items[i].unit_id != l.unit_id)
				continue;
			any = 1;
			if (items[i].card == 2)
				l.card2 += score[i];
			else
				l.card1 += score[i];
		}
		if (!any)
			continue;
		wb_target_adjust_sum(adj, na, l.unit_id, &s, &l.adds, &l.subtracts, &l.vetoed);
		v[nl++] = l;
	}
	wb_target_assess(v, nl, &s);
	if (own) {
		size_t k = 0;
		for (size_t i = 0; i < nl; i++)
			if (v[i].unit_id == c->who.unit_id)
				v[k++] = v[i];
		nl = k;
	}
	*out = v;
	*n = nl;
	return 0;
}
