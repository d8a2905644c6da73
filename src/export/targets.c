/* The year's letters and its assessment sheet as CSV, XLSX or JSON (src/export/table.h). */
#include "targets.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"

static const struct targets_unit *unit_of(const struct targets_unit *u, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (u[i].id == id)
			return &u[i];
	return NULL;
}

int targets_export_sheet(struct table *t, const struct wb_target_line *v, size_t n,
			 const struct targets_unit *units, size_t nunits,
			 const struct wb_target_scheme *s)
{
	char c1[64], c2[64];
	snprintf(c1, sizeof c1, "第一卡（%s / %s）", s->department_card, s->street_cards[0]);
	snprintf(c2, sizeof c2, "第二卡（%s）", s->street_cards[1]);
	const struct table_col cols[] = {
		{"单位代码", COL_TEXT, 10}, {"单位", COL_TEXT, 22},  {"类型", COL_TEXT, 8},
		{c1, COL_NUMBER, 16},       {c2, COL_NUMBER, 14},    {"基础分", COL_NUMBER, 10},
		{"加分", COL_NUMBER, 8},    {"减分", COL_NUMBER, 8}, {"总分", COL_NUMBER, 10},
		{"等次", COL_TEXT, 10},     {"名次", COL_INT, 6},
	};
	int rc = table_sheet(t, "考核结果", cols, (int)(sizeof cols / sizeof *cols));
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		const struct wb_target_line *l = &v[i];
		const struct targets_unit *u = unit_of(units, nunits, l->unit_id);
		const char *grade = l->vetoed ? "不合格（一票否决）" : wb_grade_labels[l->grade];
		struct table_cell row[] = {
			{.text = l->code},
			{.text = u ? u->name : ""},
			{.text = l->street ? "街镇" : "部门"},
			{.number = wb_round2(l->card1)},
			{.number = wb_round2(l->card2), .empty = !l->street},
			{.number = l->base},
			{.number = wb_round2(l->adds)},
			{.number = wb_round2(l->subtracts)},
			{.number = l->total},
			{.text = grade},
			{.number = l->rank},
		};
		rc = table_row(t, row);
	}
	return rc < 0 ? rc : (int)n;
}

int targets_export_items(struct table *t, const struct wb_target_item *v, size_t n,
			 const char *const *status, const struct targets_unit *units, size_t nunits,
			 const struct wb_target_scheme *s)
{
	struct table_col cols[16 + WB_DING_MAX] = {
		{"单位", COL_TEXT, 20},     {"责任书状态", COL_TEXT, 10},
		{"编号", COL_TEXT, 8},      {"考核内容", COL_TEXT, 28},
		{"卡", COL_TEXT, 8},        {"类别", COL_TEXT, 10},
		{"考核指标", COL_TEXT, 24}, {"目标值", COL_NUMBER, 8},
		{"工作措施", COL_TEXT, 28}, {"分值", COL_NUMBER, 6},
		{"计分规则", COL_TEXT, 10}, {"完成时限", COL_TEXT, 12},
		{"考核部门", COL_TEXT, 16}, {"责任人", COL_TEXT, 10},
	};
	int nc = 14;
	for (int d = 0; d < s->nding; d++)
		cols[nc++] = (struct table_col){s->ding[d], COL_TEXT, 18};
	int rc = table_sheet(t, "目标责任书", cols, nc);
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		const struct wb_target_item *it = &v[i];
		const struct targets_unit *u = unit_of(units, nunits, it->unit_id);
		const struct targets_unit *as = unit_of(units, nunits, it->assessor_id);
		char due[11] = "";
		if (it->deadline != WB_NO_DATE)
			wb_date_format(it->deadline, due);
		const char *card =
			u && u->street ? s->street_cards[it->card == 2] : s->department_card;
		struct table_cell row[16 + WB_DING_MAX] = {
			{.text = u ? u->name : ""},
			{.text = status[i]},
			{.text = it->code},
			{.text = it->name},
			{.text = card},
			{.text = wb_enum_label(&wb_target_categories, it->category)},
			{.text = it->indicator},
			{.number = it->target / 1000.0,
			 .empty = it->rule != TR_RATIO && it->rule != TR_INVERSE},
			{.text = it->measure},
			{.number = it->points / 1000.0},
			{.text = wb_enum_label(&wb_target_rules, it->rule)},
			{.text = due},
			{.text = as ? as->name : ""},
			{.text = it->owner},
		};
		json_t *ding = json_loads(it->ding ? it->ding : "{}", 0, NULL);
		for (int d = 0; d < s->nding; d++) {
			json_t *x = json_object_get(ding, s->ding[d]);
			row[14 + d].text = json_is_string(x) ? json_string_value(x) : "";
		}
		rc = table_row(t, row);
		json_decref(ding);
	}
	return rc < 0 ? rc : (int)n;
}
