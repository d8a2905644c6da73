/*
 * The target files an office keeps in spreadsheets, read from CSV with every error named
 * by its line: a year's items (unit_code,code,name,card,points,rule,target), results
 * (unit_code,code,actual,deduction) and adjustments (unit_code,kind,level,event). What a
 * file can tell alone is checked here; what needs the district's units and items is
 * checked by the service. No I/O: the callers hand in the bytes.
 */
#ifndef WB_TARGETS_IO_H
#define WB_TARGETS_IO_H

#include <stddef.h>
#include <stdint.h>

#include "../core/targets.h"
#include "csv_in.h"

/** An item row; numbers in thousandths. */
struct tio_item {
	const char *unit, *code, *name;
	int card;
	int64_t points, target; /**< target 0 for deduct and workstyle */
	enum wb_target_rule rule;
	size_t line;
};

/** A result row; numbers in thousandths. */
struct tio_result {
	const char *unit, *code;
	int64_t actual, deduction;
	int has_actual, has_deduction;
	size_t line;
};

/** An adjustment row. */
struct tio_adjust {
	const char *unit, *event;
	enum wb_adjust_kind kind;
	enum wb_level level; /**< LV__N for a veto */
	size_t line;
};

/**
 * Read items: card 1 or 2; points above 0; a known rule; a target above 0 for ratio, at
 * least 0 for inverse, none for the others; a code once per unit.
 * @return 0, or -1 with @p e filled (and no rows)
 */
int tio_items_read(const char *data, size_t len, struct arena *a, struct tio_item **out, size_t *n,
		   struct csvin_errs *e);
/** Read results: actual and deduction each empty or a number of at least 0; an item once. */
int tio_results_read(const char *data, size_t len, struct arena *a, struct tio_result **out,
		     size_t *n, struct csvin_errs *e);
/** Read adjustments: kind add, subtract or veto; a level for an add or a subtract and none
 * for a veto; an event. */
int tio_adjusts_read(const char *data, size_t len, struct arena *a, struct tio_adjust **out,
		     size_t *n, struct csvin_errs *e);

#endif
