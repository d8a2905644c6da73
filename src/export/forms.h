/*
 * The five forms (五表) as tables, with the columns of the printed forms in Chinese:
 * 1 征求意见表, 2 意见汇总表, 3 意见反馈表, 4 整改情况表, 5 整改效果表.
 * docs/forms.md lists every column and where it comes from.
 */
#ifndef WB_FORMS_H
#define WB_FORMS_H

#include "../core/figures.h"
#include "../store/store.h"
#include "table.h"

/** @return the form's Chinese name, e.g. "征求意见表"; NULL when @p form is not 1..5 */
const char *form_name(int form);

/** What one export is about. */
struct form_request {
	int form; /**< 1..5 */
	struct store_form_filter filter;
	int split;                  /**< one sheet per unit */
	int tz_min;                 /**< the district's zone, for dates and times */
	wb_date today;              /**< for what is overdue now */
	struct wb_scale scale;      /**< form 5's satisfaction score */
	const struct wb_actor *who; /**< whose scope */
};

/**
 * Write the form's rows into @p t, which the caller opened and closes.
 * @return the number of rows, or an error
 */
int form_export(struct store *st, const struct form_request *req, struct table *t);

#endif
