#include "targets_io.h"

#include <stdlib.h>
#include <string.h>

#include "../core/enums.h"
#include "../core/text.h"

/* The rows being read: an array grown with csvin_grow(), freed by the caller's arena. */
struct rows {
	void *v;
	size_t n, cap, size;
};

static void *next_row(struct rows *r)
{
	r->v = csvin_grow(r->v, r->n, &r->cap, r->size);
	void *row = (char *)r->v + r->n++ * r->size;
	memset(row, 0, r->size);
	return row;
}

/* A number in thousandths: @return 1 when given, 0 when empty, -1 after an error */
static int number(struct csvin *r, size_t line, const char *name, const char *v, int64_t *out)
{
	*out = 0;
	if (v[0] == '\0')
		return 0;
	if (wb_milli_parse(v, out) < 0) {
		csvin_err(r->e, line, "%s '%.40s' is not a number with at most 3 decimals", name,
			  v);
		return -1;
	}
	return 1;
}

/* Copy the rows into the arena, so the caller frees nothing but the arena. */
static int finish(struct csvin *r, struct rows *rows, void **out, size_t *n)
{
	*n = 0;
	*out = NULL;
	if (r->e->n) {
		free(rows->v);
		return -1;
	}
	*out = arena_alloc(r->a, rows->n * rows->size + 1);
	if (rows->n)
		memcpy(*out, rows->v, rows->n * rows->size);
	*n = rows->n;
	free(rows->v);
	return 0;
}

/* ---- items ---- */

static const char *const item_cols[] = {"unit_code", "code", "name",   "card",
					"points",    "rule", "target", NULL};
enum { I_UNIT, I_CODE, I_NAME, I_CARD, I_POINTS, I_RULE, I_TARGET };

static void item_row(struct csvin *r, size_t line, char *const *f, size_t n)
{
	struct rows *rows = r->out;
	const char *unit = csvin_text(r, line, "unit_code", csvin_col(r, I_UNIT, f, n), 1);
	const char *code = csvin_text(r, line, "code", csvin_col(r, I_CODE, f, n), 1);
	const char *name = csvin_text(r, line, "name", csvin_col(r, I_NAME, f, n), 1);
	const char *card = csvin_col(r, I_CARD, f, n);
	const char *rule_s = csvin_col(r, I_RULE, f, n);
	int64_t points, target;
	int has_points = number(r, line, "points", csvin_col(r, I_POINTS, f, n), &points);
	int has_target = number(r, line, "target", csvin_col(r, I_TARGET, f, n), &target);
	int rule = wb_enum_parse(&wb_target_rules, rule_s);
	if (strcmp(card, "1") != 0 && strcmp(card, "2") != 0)
		csvin_err(r->e, line, "card must be 1 or 2, not '%.20s'", card);
	if (has_points == 0)
		csvin_err(r->e, line, "points is empty");
	else if (has_points > 0 && points <= 0)
		csvin_err(r->e, line, "points must be above 0");
	if (rule < 0)
		csvin_err(r->e, line,
			  "rule must be ratio, inverse, deduct or workstyle, not '%.20s'", rule_s);
	else if (rule == TR_RATIO && has_target >= 0 && (has_target == 0 || target <= 0))
		csvin_err(r->e, line, "a ratio item needs a target above 0");
	else if (rule == TR_INVERSE && has_target >= 0 && (has_target == 0 || target < 0))
		csvin_err(r->e, line, "an inverse item needs a target of at least 0");
	else if ((rule == TR_DEDUCT || rule == TR_WORKSTYLE) && has_target > 0)
		csvin_err(r->e, line, "a %s item takes no target", rule_s);
	if (unit == NULL || code == NULL || name == NULL)
		return;
	if (wb_text_chars(name, strlen(name)) < 0 || strpbrk(name, "\r\n\t") ||
	    strpbrk(code, "\r\n\t ,"))
		csvin_err(r->e, line, "code and name must be one line (a code without spaces)");
	/* a code once per unit */
	const struct tio_item *v = rows->v;
	for (size_t i = 0; i < rows->n; i++)
		if (strcmp(v[i].unit, unit) == 0 && strcmp(v[i].code, code) == 0) {
			csvin_err(r->e, line, "unit %s has item %s twice (also on line %zu)", unit,
				  code, v[i].line);
			return;
		}
	struct tio_item *it = next_row(rows);
	*it = (struct tio_item){unit,
				code,
				name,
				card[0] == '2' ? 2 : 1,
				points,
				rule == TR_DEDUCT || rule == TR_WORKSTYLE ? 0 : target,
				rule < 0 ? TR_RATIO : (enum wb_target_rule)rule,
				line};
}

int tio_items_read(const char *data, size_t len, struct arena *a, struct tio_item **out, size_t *n,
		   struct csvin_errs *e)
{
	struct rows rows = {.size = sizeof **out};
	struct csvin r = {
		.cols = item_cols, .required = 0x7f, .e = e, .a = a, .row = item_row, .out = &rows};
	csvin_read(&r, data, len);
	return finish(&r, &rows, (void **)out, n);
}

/* ---- results ---- */

static const char *const result_cols[] = {"unit_code", "code", "actual", "deduction", NULL};
enum { R_UNIT, R_CODE, R_ACTUAL, R_DEDUCTION };

static void result_row(struct csvin *r, size_t line, char *const *f, size_t n)
{
	struct rows *rows = r->out;
	const char *unit = csvin_text(r, line, "unit_code", csvin_col(r, R_UNIT, f, n), 1);
	const char *code = csvin_text(r, line, "code", csvin_col(r, R_CODE, f, n), 1);
	int64_t actual, deduction;
	int ha = number(r, line, "actual", csvin_col(r, R_ACTUAL, f, n), &actual);
	int hd = number(r, line, "deduction", csvin_col(r, R_DEDUCTION, f, n), &deduction);
	if ((ha > 0 && actual < 0) || (hd > 0 && deduction < 0))
		csvin_err(r->e, line, "actual and deduction must be at least 0");
	if (ha == 0 && hd == 0)
		csvin_err(r->e, line, "give actual or deduction");
	if (unit == NULL || code == NULL || ha < 0 || hd < 0)
		return;
	const struct tio_result *v = rows->v;
	for (size_t i = 0; i < rows->n; i++)
		if (strcmp(v[i].unit, unit) == 0 && strcmp(v[i].code, code) == 0) {
			csvin_err(r->e, line,
				  "unit %s item %s has a result twice (also on line %zu)", unit,
				  code, v[i].line);
			return;
		}
	struct tio_result *res = next_row(rows);
	*res = (struct tio_result){unit, code, actual, deduction, ha > 0, hd > 0, line};
}

int tio_results_read(const char *data, size_t len, struct arena *a, struct tio_result **out,
		     size_t *n, struct csvin_errs *e)
{
	struct rows rows = {.size = sizeof **out};
	struct csvin r = {.cols = result_cols,
			  .required = 0xf,
			  .e = e,
			  .a = a,
			  .row = result_row,
			  .out = &rows};
	csvin_read(&r, data, len);
	return finish(&r, &rows, (void **)out, n);
}

/* ---- adjustments ---- */

static const char *const adjust_cols[] = {"unit_code", "kind", "level", "event", NULL};
enum { A_UNIT, A_KIND, A_LEVEL, A_EVENT };

static void adjust_row(struct csvin *r, size_t line, char *const *f, size_t n)
{
	struct rows *rows = r->out;
	const char *unit = csvin_text(r, line, "unit_code", csvin_col(r, A_UNIT, f, n), 1);
	const char *event = csvin_text(r, line, "event", csvin_col(r, A_EVENT, f, n), 1);
	const char *kind_s = csvin_col(r, A_KIND, f, n), *level_s = csvin_col(r, A_LEVEL, f, n);
	int kind = wb_enum_parse(&wb_adjust_kinds, kind_s);
	int level = level_s[0] ? wb_enum_parse(&wb_levels, level_s) : (int)LV__N;
	if (kind < 0)
		csvin_err(r->e, line, "kind must be add, subtract or veto, not '%.20s'", kind_s);
	if (level < 0)
		csvin_err(r->e, line,
			  "level must be national, province, city, district or street, not '%.20s'",
			  level_s);
	else if (kind == ADJ_VETO && level != LV__N)
		csvin_err(r->e, line, "a veto has no level");
	else if (kind >= 0 && kind != ADJ_VETO && level == LV__N)
		csvin_err(r->e, line, "an %s needs a level", kind_s);
	if (event && strpbrk(event, "\r\n\t"))
		csvin_err(r->e, line, "event must be one line");
	if (unit == NULL || event == NULL || kind < 0 || level < 0)
		return;
	struct tio_adjust *adj = next_row(rows);
	*adj = (struct tio_adjust){unit, event, (enum wb_adjust_kind)kind, (enum wb_level)level,
				   line};
}

int tio_adjusts_read(const char *data, size_t len, struct arena *a, struct tio_adjust **out,
		     size_t *n, struct csvin_errs *e)
{
	struct rows rows = {.size = sizeof **out};
	struct csvin r = {.cols = adjust_cols,
			  .required = 0xf,
			  .e = e,
			  .a = a,
			  .row = adjust_row,
			  .out = &rows};
	csvin_read(&r, data, len);
	return finish(&r, &rows, (void **)out, n);
}
