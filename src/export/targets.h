/* Annual target management as tables: the year's letters item by item, and the sheet. */
#ifndef WB_EXPORT_TARGETS_H
#define WB_EXPORT_TARGETS_H

#include <stddef.h>

#include "../core/targets.h"
#include "table.h"

/** A unit's name and kind for a line of a table, by id. */
struct targets_unit {
	int64_t id;
	const char *code, *name;
	int street;
};

/**
 * The assessment sheet: code, name, kind, the cards (named by @p s), base, adds,
 * subtracts, total, grade (不合格 when vetoed, marked 一票否决) and rank, one row per line.
 */
int targets_export_sheet(struct table *t, const struct wb_target_line *v, size_t n,
			 const struct targets_unit *units, size_t nunits,
			 const struct wb_target_scheme *s);

/**
 * The letters' items: unit, status, and each item's code, name, card, category, indicator,
 * target, measure, points, rule, deadline, assessing department, owner and its "定"
 * dimensions (one column each of @p s). @p status names each item's letter status.
 */
int targets_export_items(struct table *t, const struct wb_target_item *v, size_t n,
			 const char *const *status, const struct targets_unit *units, size_t nunits,
			 const struct wb_target_scheme *s);

#endif
