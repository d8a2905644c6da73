/* The ledger of accountability and efficiency faults as a table (src/export/table.h). */
#include "registers.h"

#include <stdio.h>

#include "../core/date.h"

int registers_export_ledger(struct table *t, const struct wb_ledger_line *v, size_t n)
{
	const struct table_col cols[] = {
		{"日期", COL_TEXT, 12},       {"单位", COL_TEXT, 20},     {"人员", COL_TEXT, 10},
		{"类别", COL_TEXT, 18},       {"处理方式", COL_TEXT, 16}, {"责任", COL_TEXT, 18},
		{"状态", COL_TEXT, 8},        {"问题编号", COL_INT, 10},  {"案件编号", COL_INT, 10},
		{"事实与说明", COL_TEXT, 48},
	};
	int rc = table_sheet(t, "问责和效能过错台账", cols, (int)(sizeof cols / sizeof *cols));
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		const struct wb_ledger_line *l = &v[i];
		char day[11] = "";
		if (l->day != WB_NO_DATE)
			wb_date_format(l->day, day);
		struct table_cell row[] = {
			{.text = day},
			{.text = l->unit_name},
			{.text = l->person ? l->person : "单位"},
			{.text = l->kind},
			{.text = l->measure},
			{.text = l->part},
			{.text = l->status},
			{.number = (double)l->problem_id, .empty = l->problem_id == 0},
			{.number = (double)l->record_id, .empty = !l->fault},
			{.text = l->text},
		};
		rc = table_row(t, row);
	}
	return rc < 0 ? rc : (int)n;
}
