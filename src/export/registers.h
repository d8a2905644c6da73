/* The ledger of accountability and efficiency faults as CSV, XLSX or JSON (table.h). */
#ifndef WB_EXPORT_REGISTERS_H
#define WB_EXPORT_REGISTERS_H

#include <stddef.h>

#include "../core/types.h"
#include "table.h"

/**
 * One sheet 问责和效能过错台账: date, unit, person, kind, measure or sanction, part,
 * status, problem number, case number, facts; one row per line of @p v.
 */
int registers_export_ledger(struct table *t, const struct wb_ledger_line *v, size_t n);

#endif
