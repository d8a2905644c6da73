/*
 * Responsibility letters (目标责任书) and the year's scheme. A unit's letter is drafted and
 * issued by the office, signed by the unit's head (or returned with a reason), then put in
 * force by the office; once signed, its items change only by an amendment with a reason,
 * kept with the items before and after and recorded in the audit chain. What each caller
 * may do with a letter comes from one table (letter_may) and is returned as its actions.
 */
#include "svc.h"
#include "svc_targets.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/perm.h"
#include "../core/text.h"
#include "svc_int.h"

const char *const svc_letter_action_names[LA__N] = {"edit", "issue", "return",
						    "sign", "enact", "amend"};

/* ---- the scheme ---- */

static int bad_year(struct svc_ctx *c, int64_t year)
{
	return year < 2000 || year > 2100
		       ? svc_field(c, "year", "must be a year from 2000 to 2100") < 0
		       : 0;
}

static const char *const grade_keys[GRADE_FAIL] = {"excellent", "good", "pass"};

json_t *svc_scheme_json(const struct wb_target_scheme *s)
{
	json_t *ding = json_array(), *lv = json_object(), *gr = json_object();
	for (int i = 0; i < s->nding; i++)
		json_array_append_new(ding, json_string(s->ding[i]));
	for (int l = 0; l < LV__N; l++)
		json_object_set_new(lv, wb_enum_name(&wb_levels, l), json_real(s->level_points[l]));
	for (int g = 0; g < GRADE_FAIL; g++)
		json_object_set_new(gr, grade_keys[g], json_real(s->cut[g]));
	return json_pack("{s:[s,s], s:s, s:o, s:o, s:o}", "street_cards", s->street_cards[0],
			 s->street_cards[1], "department_card", s->department_card, "ding", ding,
			 "level_points", lv, "grades", gr);
}

/* A number member of @p o into @p out; a field error when it is there and not a number. */
static void scheme_number(struct svc_ctx *c, json_t *o, const char *key, const char *field,
			  double *out)
{
	json_t *v = json_object_get(o, key);
	if (v == NULL || json_is_null(v))
		return;
	if (!json_is_number(v)) {
		svc_field(c, field, "must be a number");
		return;
	}
	*out = json_number_value(v);
}

/* A one-line name of 1..20 characters, copied into the arena. */
static const char *scheme_name(struct svc_ctx *c, json_t *v, const char *field)
{
	if (!json_is_string(v)) {
		svc_field(c, field, "must be a string");
		return NULL;
	}
	const char *s = json_string_value(v);
	if (svc_line(c, field, s, 1, 20, 1) < 0)
		return NULL;
	return arena_strdup(c->a, s);
}

int svc_scheme_from_json(struct svc_ctx *c, json_t *o, struct wb_target_scheme *s)
{
	int before = c->errs.n;
	json_t *v;
	if ((v = json_object_get(o, "street_cards")) && !json_is_null(v)) {
		if (!json_is_array(v) || json_array_size(v) != 2)
			svc_field(c, "street_cards", "must list the 2 card names");
		else
			for (int i = 0; i < 2; i++)
				s->street_cards[i] = scheme_name(c, json_array_get(v, (size_t)i),
								 "street_cards");
	}
	if ((v = json_object_get(o, "department_card")) && !json_is_null(v))
		s->department_card = scheme_name(c, v, "department_card");
	if ((v = json_object_get(o, "ding")) && !json_is_null(v)) {
		if (!json_is_array(v) || json_array_size(v) < 1 || json_array_size(v) > WB_DING_MAX)
			svc_field(c, "ding", "must list 1 to 12 dimensions");
		else {
			s->nding = (int)json_array_size(v);
			for (int i = 0; i < s->nding; i++)
				s->ding[i] = scheme_name(c, json_array_get(v, (size_t)i), "ding");
		}
	}
	if ((v = json_object_get(o, "level_points")) && !json_is_null(v)) {
		if (!json_is_object(v))
			svc_field(c, "level_points", "must be an object");
		for (int l = 0; json_is_object(v) && l < LV__N; l++)
			scheme_number(c, v, wb_enum_name(&wb_levels, l), "level_points",
				      &s->level_points[l]);
	}
	if ((v = json_object_get(o, "grades")) && !json_is_null(v)) {
		if (!json_is_object(v))
			svc_field(c, "grades", "must be an object");
		for (int g = 0; json_is_object(v) && g < GRADE_FAIL; g++)
			scheme_number(c, v, grade_keys[g], "grades", &s->cut[g]);
	}
	if (c->errs.n > before)
		return WB_ERR_INVALID;
	const char *what, *why = wb_target_scheme_check(s, &what);
	return why ? svc_field(c, what, why) : 0;
}

/* The year's scheme as stored, else the defaults (@p stored 0). */
static int scheme_of(struct svc_ctx *c, int64_t year, struct wb_target_scheme *s, int *stored)
{
	wb_target_scheme_defaults(s);
	const char *text;
	int rc = store_target_scheme(c->st, year, c->a, &text);
	if (stored)
		*stored = rc == 0;
	if (rc == WB_ERR_NOT_FOUND)
		return 0;
	if (rc < 0)
		return rc;
	json_t *o = json_loads(text, 0, NULL);
	struct svc_errs keep = c->errs;
	rc = o ? svc_scheme_from_json(c, o, s) : WB_ERR_INTERNAL;
	c->errs = keep;
	json_decref(o);
	return rc < 0 ? WB_ERR_INTERNAL : 0;
}

int svc_targets_scheme(struct svc_ctx *c, int64_t year, struct wb_target_scheme *s, int *stored)
{
	if (!wb_perm_allows(c->who.role, PERM_TARGET_READ) && c->who.role != ROLE_UNIT)
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such scheme");
	if (bad_year(c, year))
		return WB_ERR_INVALID;
	return scheme_of(c, year, s, stored);
}

struct scheme_op {
	struct svc_ctx *c;
	int64_t year;
	const struct wb_target_scheme *s;
};

static int scheme_tx(struct store *st, void *arg)
{
	struct scheme_op *op = arg;
	struct wb_target_letter *l;
	size_t n;
	int rc = store_target_letters(st, op->year, op->c->a, &l, &n);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (l[i].status >= LS_SIGNED)
			return svc_fail(op->c, WB_ERR_STATE,
					"a letter of the year is signed: its scheme is fixed");
	json_t *j = svc_scheme_json(op->s);
	char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	rc = text ? store_target_scheme_put(st, op->year, text, op->c->now) : WB_ERR_INTERNAL;
	free(text);
	if (rc < 0) {
		json_decref(j);
		return rc;
	}
	return svc_event(op->c, "targets.scheme", "targets", op->year, NULL, NULL, 0, j);
}

int svc_targets_scheme_set(struct svc_ctx *c, int64_t year, const struct wb_target_scheme *s)
{
	if (!wb_perm_allows(c->who.role, PERM_TARGET_WRITE))
		return svc_fail(c, WB_ERR_FORBIDDEN, "only the district office sets the scheme");
	if (bad_year(c, year))
		return WB_ERR_INVALID;
	const char *what, *why = wb_target_scheme_check(s, &what);
	if (why)
		return svc_field(c, what, why);
	struct scheme_op op = {c, year, s};
	return svc_tx(c, 1, scheme_tx, &op);
}

/* ---- items as JSON: what amendments keep and events record ---- */

static json_t *milli_json(int64_t v)
{
	return v % 1000 == 0 ? json_integer(v / 1000) : json_real((double)v / 1000.0);
}

json_t *svc_target_item_json(const struct wb_target_item *it)
{
	json_t *j =
		json_pack("{s:s, s:s, s:I, s:s, s:o, s:s, s:s, s:s, s:s}", "code", it->code, "name",
			  it->name, "card", (json_int_t)it->card, "category",
			  wb_enum_name(&wb_target_categories, it->category), "points",
			  milli_json(it->points), "rule", wb_enum_name(&wb_target_rules, it->rule),
			  "indicator", it->indicator ? it->indicator : "", "measure",
			  it->measure ? it->measure : "", "owner", it->owner ? it->owner : "");
	json_object_set_new(j, "target",
			    it->rule == TR_RATIO || it->rule == TR_INVERSE ? milli_json(it->target)
									   : json_null());
	if (it->deadline != WB_NO_DATE)
		svc_put_date(j, "deadline", it->deadline);
	else
		json_object_set_new(j, "deadline", json_null());
	json_object_set_new(j, "assessor_id",
			    it->assessor_id ? json_integer(it->assessor_id) : json_null());
	json_t *ding = it->ding ? json_loads(it->ding, 0, NULL) : NULL;
	json_object_set_new(j, "ding", ding ? ding : json_object());
	return j;
}

static json_t *items_json(const struct wb_target_item *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, svc_target_item_json(&v[i]));
	return a;
}

/* A points or target member (at most three decimals) into thousandths. */
int svc_json_milli(json_t *v, int64_t *out)
{
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i < -1000000000 || i > 1000000000)
			return -1;
		*out = (int64_t)i * 1000;
		return 0;
	}
	if (!json_is_real(v))
		return -1;
	double x = json_real_value(v) * 1000.0, r = round(x);
	if (fabs(x - r) > 1e-6 || fabs(r) > 1e12)
		return -1;
	*out = (int64_t)r;
	return 0;
}

static const char *member_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *const item_keys[] = {
	"code",      "name",    "card",     "category",    "points", "rule", "target",
	"indicator", "measure", "deadline", "assessor_id", "owner",  "ding", NULL};

/*
 * Read the items of a letter from the JSON array @p arr: each checked on its own (field
 * names "items[i].member"), codes once each, card 2 only for a street, the "定"
 * dimensions among the scheme's, an assessor that is a department.
 */
static int items_from_json(struct svc_ctx *c, json_t *arr, const struct wb_unit *u,
			   const struct wb_target_scheme *s, int64_t year,
			   struct wb_target_item **out, size_t *n)
{
	if (!json_is_array(arr) || json_array_size(arr) > 200)
		return svc_field(c, "items", "must list 0 to 200 items");
	size_t k = json_array_size(arr);
	struct wb_target_item *v = arena_alloc(c->a, (k + 1) * sizeof *v);
	for (size_t i = 0; i < k; i++) {
		json_t *o = json_array_get(arr, i);
		char *f = arena_printf(c->a, "items[%zu]", i);
#define FIELD_OF(m) arena_printf(c->a, "%s.%s", f, m)
		if (!json_is_object(o)) {
			svc_field(c, f, "must be an object");
			continue;
		}
		const char *key;
		json_t *val;
		json_object_foreach(o, key, val)
		{
			int known = 0;
			for (int x = 0; item_keys[x]; x++)
				known |= strcmp(item_keys[x], key) == 0;
			if (!known)
				svc_field(c, FIELD_OF(key), "is not a field of this request");
		}
		struct wb_target_item *it = &v[i];
		*it = (struct wb_target_item){.year = year,
					      .unit_id = u->id,
					      .deadline = WB_NO_DATE,
					      .indicator = "",
					      .measure = "",
					      .owner = "",
					      .ding = "{}"};
		it->code = member_str(o, "code");
		it->name = member_str(o, "name");
		if (svc_line(c, FIELD_OF("code"), it->code, 1, 32, 1) == 0)
			for (size_t j = 0; j < i; j++)
				if (v[j].code && strcmp(v[j].code, it->code) == 0)
					svc_field(c, FIELD_OF("code"), "is given twice");
		svc_line(c, FIELD_OF("name"), it->name, 1, 200, 1);
		json_t *card = json_object_get(o, "card");
		it->card = json_is_integer(card) ? json_integer_value(card) : 0;
		if (it->card != 1 && it->card != 2)
			svc_field(c, FIELD_OF("card"), "must be 1 or 2");
		else if (it->card == 2 && u->kind != UK_STREET)
			svc_field(c, FIELD_OF("card"), "must be 1: a department has one card");
		const char *cat = member_str(o, "category");
		int e = cat ? wb_enum_parse(&wb_target_categories, cat) : TC_FUNCTION;
		if (e < 0)
			svc_field(c, FIELD_OF("category"),
				  "must be function, common, efficiency or excellence");
		else
			it->category = (enum wb_target_category)e;
		json_t *pts = json_object_get(o, "points");
		if (pts == NULL || json_is_null(pts))
			svc_field(c, FIELD_OF("points"), "is required");
		else if (svc_json_milli(pts, &it->points) < 0 || it->points <= 0 ||
			 it->points > 100000)
			svc_field(c, FIELD_OF("points"),
				  "must be above 0 and at most 100, with at most 3 decimals");
		const char *rule = member_str(o, "rule");
		e = rule ? wb_enum_parse(&wb_target_rules, rule) : -1;
		if (e < 0)
			svc_field(c, FIELD_OF("rule"),
				  "must be ratio, inverse, deduct or workstyle");
		else
			it->rule = (enum wb_target_rule)e;
		json_t *tg = json_object_get(o, "target");
		if (e == TR_RATIO || e == TR_INVERSE) {
			if (tg == NULL || json_is_null(tg))
				svc_field(c, FIELD_OF("target"), "is required");
			else if (svc_json_milli(tg, &it->target) < 0 || it->target < 0 ||
				 (e == TR_RATIO && it->target == 0))
				svc_field(c, FIELD_OF("target"),
					  e == TR_RATIO
						  ? "must be above 0, with at most 3 decimals"
						  : "must be 0 or more, with at most 3 decimals");
		} else if (tg && !json_is_null(tg))
			svc_field(c, FIELD_OF("target"),
				  "is only given for a ratio or inverse item");
		const char *t;
		if ((t = member_str(o, "indicator")) &&
		    svc_text(c, FIELD_OF("indicator"), t, 0, 500, 0) == 0)
			it->indicator = t;
		if ((t = member_str(o, "measure")) &&
		    svc_text(c, FIELD_OF("measure"), t, 0, 1000, 0) == 0)
			it->measure = t;
		if ((t = member_str(o, "owner")) &&
		    svc_line(c, FIELD_OF("owner"), t, 0, 50, 0) == 0)
			it->owner = t;
		if ((t = member_str(o, "deadline"))) {
			wb_date d;
			int y, m, dd;
			if (wb_date_parse(t, &d) < 0)
				svc_field(c, FIELD_OF("deadline"), "must be a date YYYY-MM-DD");
			else if (wb_date_to_ymd(d, &y, &m, &dd), y != year)
				svc_field(c, FIELD_OF("deadline"),
					  "must be a day of the letter's year");
			else
				it->deadline = d;
		}
		json_t *as = json_object_get(o, "assessor_id");
		if (as && !json_is_null(as)) {
			struct wb_unit au;
			if (!json_is_integer(as) || json_integer_value(as) < 1)
				svc_field(c, FIELD_OF("assessor_id"), "must be a unit id");
			else if (store_unit_get(c->st, json_integer_value(as), c->a, &au) <= 0 ||
				 au.kind != UK_DEPARTMENT)
				svc_field(c, FIELD_OF("assessor_id"), "must be a department");
			else if (au.id == u->id)
				svc_field(c, FIELD_OF("assessor_id"),
					  "a unit does not assess its own items");
			else
				it->assessor_id = au.id;
		}
		json_t *ding = json_object_get(o, "ding");
		if (ding && !json_is_null(ding)) {
			int ok = json_is_object(ding);
			const char *dk;
			json_t *dv;
			json_object_foreach(ding, dk, dv)
			{
				int known = 0;
				for (int d = 0; d < s->nding; d++)
					known |= strcmp(s->ding[d], dk) == 0;
				if (!known || !json_is_string(dv) ||
				    svc_text(c, FIELD_OF("ding"), json_string_value(dv), 0, 500,
					     0) < 0)
					ok = 0;
			}
			if (!ok)
				svc_field(
					c, FIELD_OF("ding"),
					"must be an object of texts keyed by the scheme's dimensions");
			else {
				char *d = json_dumps(ding, JSON_COMPACT | JSON_SORT_KEYS);
				it->ding = d ? arena_strdup(c->a, d) : "{}";
				free(d);
			}
		}
#undef FIELD_OF
	}
	*out = v;
	*n = k;
	return c->errs.n ? WB_ERR_INVALID : 0;
}

/* The points of a unit's cards, each that must sum to 100 checked: 0 or the first wrong. */
static int card_sums(const struct wb_target_item *v, size_t n, int64_t sums[3])
{
	sums[0] = sums[1] = sums[2] = 0;
	for (size_t i = 0; i < n; i++)
		sums[v[i].card == 2 ? 2 : 1] += v[i].points;
	return 0;
}

static int check_sums(struct svc_ctx *c, const struct wb_unit *u, const int64_t sums[3],
		      const struct wb_target_scheme *s)
{
	for (int card = 1; card <= (u->kind == UK_STREET ? 2 : 1); card++)
		if (sums[card] != 100000) {
			const char *name = u->kind == UK_STREET ? s->street_cards[card - 1]
								: s->department_card;
			return svc_fail(
				c, WB_ERR_STATE,
				arena_printf(
					c->a,
					"the points of card %d (%s) sum to %lld.%03lld, not 100",
					card, name, (long long)(sums[card] / 1000),
					(long long)(sums[card] % 1000)));
		}
	return 0;
}

/* ---- who may do what ---- */

static int is_letter_unit(const struct svc_ctx *c, int64_t unit_id)
{
	return c->who.role == ROLE_UNIT && c->who.unit_id == unit_id;
}

/* The one table of what a caller may do with a letter in its status. */
unsigned svc_letter_actions(const struct svc_ctx *c, const struct wb_target_letter *l,
			    int unit_has_account)
{
	int office = wb_perm_allows(c->who.role, PERM_TARGET_WRITE);
	int unit = is_letter_unit(c, l->unit_id);
	unsigned may = 0;
	if (office && l->status == LS_DRAFT)
		may |= 1u << LA_EDIT | 1u << LA_ISSUE;
	if (unit && l->status == LS_ISSUED)
		may |= 1u << LA_RETURN | 1u << LA_SIGN;
	/* a unit with no account signs on paper; the office records it */
	if (office && !unit_has_account && l->status == LS_ISSUED)
		may |= 1u << LA_SIGN;
	if (office && l->status == LS_SIGNED)
		may |= 1u << LA_ENACT;
	if (office && l->status >= LS_SIGNED)
		may |= 1u << LA_AMEND;
	return may;
}

static int may_read(const struct svc_ctx *c, int64_t unit_id)
{
	return wb_perm_allows(c->who.role, PERM_TARGET_READ) || is_letter_unit(c, unit_id);
}

/* ---- reading ---- */

/* Whether the caller's unit assesses an item of @p v: it then reads the letter too. */
static int assesses(const struct svc_ctx *c, const struct svc_letter *v)
{
	for (size_t i = 0; c->who.role == ROLE_UNIT && i < v->nitems; i++)
		if (v->items[i].assessor_id == c->who.unit_id)
			return 1;
	return 0;
}

struct account_scan {
	int64_t unit_id;
	int found;
};

static int account_of(void *arg, const struct wb_user *u)
{
	struct account_scan *a = arg;
	a->found |= u->unit_id == a->unit_id && u->role == ROLE_UNIT;
	return 0;
}

/* Whether anyone logs in for the unit (its head then signs its letter in the system). */
static int unit_has_account(struct store *st, int64_t unit_id, int *out)
{
	struct account_scan a = {unit_id, 0};
	int rc = store_user_list(st, 0, 1000000, account_of, &a);
	*out = a.found;
	return rc < 0 ? rc : 0;
}

static int load_letter(struct svc_ctx *c, struct store *st, int64_t year, int64_t unit_id,
		       struct svc_letter *out)
{
	memset(out, 0, sizeof *out);
	int rc = store_unit_get(st, unit_id, c->a, &out->unit);
	if (rc <= 0 || (out->unit.kind != UK_DEPARTMENT && out->unit.kind != UK_STREET))
		return rc < 0 ? rc : svc_fail(c, WB_ERR_NOT_FOUND, "no such letter");
	rc = store_target_letter(st, year, unit_id, c->a, &out->l);
	if (rc == WB_ERR_NOT_FOUND)
		out->l = (struct wb_target_letter){
			.year = year, .unit_id = unit_id, .status = LS_DRAFT};
	else if (rc < 0)
		return rc;
	if ((rc = store_target_unit_items(st, year, unit_id, c->a, &out->items, &out->nitems)) <
		    0 ||
	    (rc = store_target_amendments(st, year, unit_id, c->a, &out->amends, &out->namends)) <
		    0)
		return rc;
	card_sums(out->items, out->nitems, out->sums);
	int has_account = 1;
	if (wb_perm_allows(c->who.role, PERM_TARGET_WRITE) && out->l.status == LS_ISSUED &&
	    (rc = unit_has_account(st, unit_id, &has_account)) < 0)
		return rc;
	out->actions = svc_letter_actions(c, &out->l, has_account);
	return 0;
}

int svc_letter_get(struct svc_ctx *c, int64_t year, int64_t unit_id, struct svc_letter *out)
{
	if (bad_year(c, year))
		return WB_ERR_INVALID;
	int assessor = !may_read(c, unit_id);
	if (assessor && c->who.role != ROLE_UNIT)
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such letter");
	int rc = load_letter(c, c->st, year, unit_id, out);
	if (rc >= 0 && assessor && !assesses(c, out))
		rc = svc_fail(c, WB_ERR_NOT_FOUND, "no such letter");
	if (rc >= 0)
		rc = store_target_results(c->st, year, c->a, &out->results, &out->nresults);
	if (rc >= 0)
		rc = store_target_reports(c->st, year, unit_id, c->a, &out->reports,
					  &out->nreports);
	if (rc < 0)
		return rc;
	size_t k = 0;
	for (size_t i = 0; i < out->nresults; i++)
		if (out->results[i].unit_id == unit_id)
			out->results[k++] = out->results[i];
	out->nresults = k;
	return 0;
}

/* ---- changing ---- */

struct letter_op {
	struct svc_ctx *c;
	int64_t year, unit_id;
	enum svc_letter_action act;
	const char *text;
	json_t *items;
};

static const char *status_name(enum wb_letter_status s)
{
	return wb_enum_name(&wb_letter_statuses, s);
}

static int letter_tx(struct store *st, void *arg)
{
	struct letter_op *op = arg;
	struct svc_ctx *c = op->c;
	struct svc_letter cur;
	int rc = load_letter(c, st, op->year, op->unit_id, &cur);
	if (rc < 0)
		return rc;
	int office = wb_perm_allows(c->who.role, PERM_TARGET_WRITE);
	int unit_step = op->act == LA_RETURN || (op->act == LA_SIGN && !office);
	if (unit_step ? !is_letter_unit(c, op->unit_id) : !office)
		return svc_fail(
			c, WB_ERR_FORBIDDEN,
			unit_step ? "only the unit itself signs or returns its letter"
				  : "only the district office drafts, issues and amends letters");
	if (!(cur.actions & 1u << op->act))
		return svc_fail(c, WB_ERR_STATE,
				arena_printf(c->a, "cannot %s a letter that is %s",
					     svc_letter_action_names[op->act],
					     status_name(cur.l.status)));
	struct wb_target_scheme s;
	if ((rc = scheme_of(c, op->year, &s, NULL)) < 0)
		return rc;
	struct wb_target_year y;
	if ((rc = store_target_year(st, op->year, c->a, &y)) < 0)
		return rc;
	if (y.final_at)
		return svc_fail(c, WB_ERR_STATE, "the year's assessment is final");
	struct wb_target_letter l = cur.l;
	enum wb_letter_status from = l.status;
	json_t *data = json_pack("{s:I}", "year", (json_int_t)op->year);
	int64_t sums[3];
	switch (op->act) {
	case LA_EDIT:
	case LA_AMEND: {
		struct wb_target_item *v = NULL;
		size_t n = 0;
		if ((rc = items_from_json(c, op->items, &cur.unit, &s, op->year, &v, &n)) < 0)
			break;
		if (op->act == LA_AMEND) {
			card_sums(v, n, sums);
			if ((rc = check_sums(c, &cur.unit, sums, &s)) < 0)
				break;
			json_t *before = items_json(cur.items, cur.nitems),
			       *after = items_json(v, n);
			char *b = json_dumps(before, JSON_COMPACT),
			     *a = json_dumps(after, JSON_COMPACT);
			if (b && a && strcmp(b, a) == 0)
				rc = svc_fail(c, WB_ERR_INVALID, "the amendment changes nothing");
			struct wb_target_amendment m = {0,
							op->year,
							op->unit_id,
							op->text,
							b ? b : "[]",
							a ? a : "[]",
							c->who.user_id,
							c->now};
			int64_t id;
			if (rc >= 0)
				rc = store_target_amendment_add(st, &m, &id);
			free(b);
			free(a);
			l.amendments++;
			json_object_set_new(data, "reason", json_string(op->text));
			json_object_set_new(data, "before", before);
			json_object_set_new(data, "after", after);
		} else
			json_object_set_new(data, "items", items_json(v, n));
		if (rc >= 0)
			rc = store_target_unit_items_put(st, op->year, op->unit_id, v, n);
		break;
	}
	case LA_ISSUE:
		if ((rc = check_sums(c, &cur.unit, cur.sums, &s)) < 0)
			break;
		if (cur.nitems == 0) {
			rc = svc_fail(c, WB_ERR_STATE, "the letter has no items");
			break;
		}
		l.status = LS_ISSUED;
		l.issued_at = c->now;
		json_object_set_new(data, "items", items_json(cur.items, cur.nitems));
		break;
	case LA_RETURN:
		l.status = LS_DRAFT;
		l.issued_at = 0;
		l.returned_reason = op->text;
		l.returned_at = c->now;
		json_object_set_new(data, "reason", json_string(op->text));
		break;
	case LA_SIGN:
		l.status = LS_SIGNED;
		l.signed_at = c->now;
		l.signed_by = op->text;
		json_object_set_new(data, "signed_by", json_string(op->text));
		break;
	case LA_ENACT:
		l.status = LS_IN_FORCE;
		l.in_force_at = c->now;
		break;
	default:
		rc = WB_ERR_INTERNAL;
	}
	if (rc >= 0)
		rc = store_target_letter_put(st, &l);
	if (rc < 0) {
		json_decref(data);
		return rc;
	}
	static const char *const kinds[LA__N] = {"targets.letter.edit",   "targets.letter.issue",
						 "targets.letter.return", "targets.letter.sign",
						 "targets.letter.enact",  "targets.letter.amend"};
	return svc_event(c, kinds[op->act], "target_letter", op->unit_id, status_name(from),
			 status_name(l.status), op->unit_id, data);
}

int svc_letter_act(struct svc_ctx *c, int64_t year, int64_t unit_id, enum svc_letter_action act,
		   const char *text, json_t *items)
{
	if (bad_year(c, year))
		return WB_ERR_INVALID;
	if (!may_read(c, unit_id))
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such letter");
	if (act == LA_RETURN || act == LA_AMEND) {
		if (svc_text(c, "reason", text, 5, 500, 1) < 0)
			return WB_ERR_INVALID;
	} else if (act == LA_SIGN) {
		if (svc_line(c, "signed_by", text, 2, 50, 1) < 0)
			return WB_ERR_INVALID;
	}
	if ((act == LA_EDIT || act == LA_AMEND) && items == NULL)
		return svc_field(c, "items", "is required");
	struct letter_op op = {c, year, unit_id, act, text, items};
	return svc_tx(c, 1, letter_tx, &op);
}

/* ---- the office's view of a year ---- */

int svc_letter_list(struct svc_ctx *c, int64_t year, struct svc_letter **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (bad_year(c, year))
		return WB_ERR_INVALID;
	int all = wb_perm_allows(c->who.role, PERM_TARGET_READ);
	if (!all && c->who.role != ROLE_UNIT)
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such year");
	struct wb_unit *units;
	size_t nu;
	int rc = svc_target_units(c, &units, &nu);
	if (rc < 0)
		return rc;
	struct svc_letter *v = arena_alloc(c->a, (nu + 1) * sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < nu; i++) {
		if ((rc = load_letter(c, c->st, year, units[i].id, &v[k])) < 0)
			return rc;
		/* a unit: its own letter, and those it assesses an item of */
		if (all || units[i].id == c->who.unit_id || assesses(c, &v[k]))
			k++;
	}
	*out = v;
	*n = k;
	return 0;
}
