#include "scores.h"

#include <stdio.h>

#include "../core/figures.h"

static const struct table_col cols[] = {
	{"排名", COL_INT, 6},
	{"名次范围", COL_TEXT, 10},
	{"单位", COL_TEXT, 22},
	{"有效样本数", COL_INT, 10},
	{"综合得分", COL_NUMBER, 10},
	{"得分区间下限", COL_NUMBER, 12},
	{"得分区间上限", COL_NUMBER, 12},
	{"等次", COL_TEXT, 8},
	{"并列", COL_TEXT, 6},
	{"数据不足", COL_TEXT, 8},
	{"测评得分", COL_NUMBER, 10},
	{"工作得分", COL_NUMBER, 10},
	{"满意度得分", COL_NUMBER, 10},
	{"满意率", COL_PERCENT, 8},
	{"按时反馈率", COL_PERCENT, 10},
	{"整改完成率", COL_PERCENT, 10},
	{"按时整改率", COL_PERCENT, 10},
	{"按时签收率", COL_PERCENT, 10},
	{"退回率", COL_PERCENT, 8},
	{"重办率", COL_PERCENT, 8},
	{"按时录入率", COL_PERCENT, 10},
	{"按时汇总率", COL_PERCENT, 10},
	{"按时转办率", COL_PERCENT, 10},
	{"按时验收率", COL_PERCENT, 10},
	{"转办退回率", COL_PERCENT, 10},
	{"意见数", COL_INT, 8},
	{"问题数", COL_INT, 8},
	{"汇总率", COL_PERCENT, 8},
	{"逾期数", COL_INT, 8},
};

static const char *const group_labels[GROUP__N] = {"部门", "街镇", "监测站", "监测点"};

static struct table_cell rate(const struct wb_rate *r)
{
	return r->defined ? (struct table_cell){.number = r->value}
			  : (struct table_cell){.empty = 1};
}

static struct table_cell num(double v, int defined)
{
	return defined ? (struct table_cell){.number = v} : (struct table_cell){.empty = 1};
}

static struct table_cell text(const char *s)
{
	return (struct table_cell){.text = s, .empty = s == NULL};
}

int scores_export(const struct svc_scores *sc, struct table *t)
{
	int group = -1, sheets = 0;
	for (int i = 0; i < sc->n; i++) {
		const struct svc_score_row *r = &sc->rows[i];
		if ((int)r->group != group) {
			group = (int)r->group;
			int rc = table_sheet(t, group_labels[group], cols,
					     (int)(sizeof cols / sizeof *cols));
			if (rc < 0)
				return rc;
			sheets++;
		}
		const struct wb_indicators *in = &r->ind;
		const struct wb_composite *c = &r->comp;
		char range[32] = "";
		if (r->rank && r->rank_low == r->rank_high)
			snprintf(range, sizeof range, "%d", r->rank_low);
		else if (r->rank)
			snprintf(range, sizeof range, "%d–%d", r->rank_low, r->rank_high);
		struct table_cell cells[] = {
			num(r->rank, r->rank > 0),
			text(r->rank ? range : NULL),
			text(r->unit.name),
			num((double)r->evaluations, 1),
			num(c->value, c->defined),
			num(c->low, c->defined),
			num(c->high, c->defined),
			text(c->defined ? wb_grade_labels[c->grade] : NULL),
			text(r->tie ? "是" : "否"),
			text(r->insufficient ? "是" : "否"),
			num(r->survey.score, r->survey.defined),
			num(r->work.value, r->work.defined),
			num(in->satisfaction_score, in->has_score),
			rate(&in->satisfaction_rate),
			rate(&in->on_time_feedback),
			rate(&in->completion),
			rate(&in->on_time_rectification),
			rate(&in->on_time_ack),
			rate(&in->return_rate),
			rate(&in->reopen_rate),
			rate(&in->on_time_entry),
			rate(&in->on_time_merge),
			rate(&in->on_time_dispatch),
			rate(&in->on_time_verify),
			rate(&in->misdispatch_rate),
			num((double)r->tally.opinions, 1),
			num((double)r->tally.problems, 1),
			rate(&in->merge_ratio),
			num((double)r->tally.overdue, 1),
		};
		int rc = table_row(t, cells);
		if (rc < 0)
			return rc;
	}
	if (sheets == 0)
		return table_sheet(t, "量化评分", cols, (int)(sizeof cols / sizeof *cols));
	return sc->n;
}
