#include "survey.h"

#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"

const char *const survey_table_names[SURVEY_TABLE__N] = {"design", "sample", "outcomes",
							 "estimates"};
const char *const survey_table_labels[SURVEY_TABLE__N] = {"抽样设计", "样本名单", "访问结果",
							  "测评结果"};

static struct table_cell num(double v, int defined)
{
	return defined ? (struct table_cell){.number = v} : (struct table_cell){.empty = 1};
}

static struct table_cell text(const char *s)
{
	return (struct table_cell){.text = s, .empty = s == NULL};
}

/* A member of @p o as a number cell, empty when absent or null. */
static struct table_cell jnum(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return num(json_number_value(v), json_is_number(v));
}

static const struct table_col design_cols[] = {
	{"单位代码", COL_TEXT, 12},     {"单位", COL_TEXT, 22},         {"名单人数N", COL_INT, 10},
	{"应抽样本量n", COL_INT, 12},   {"允许误差", COL_NUMBER, 10},   {"置信度", COL_NUMBER, 8},
	{"预期满意率", COL_NUMBER, 10}, {"预期应答率", COL_NUMBER, 10}, {"最少样本", COL_INT, 8},
};

int survey_export_design(const struct svc_survey *sv, const struct svc_survey_unit *u, int n,
			 struct table *t)
{
	int rc = table_sheet(t, survey_table_labels[ST_DESIGN], design_cols,
			     (int)(sizeof design_cols / sizeof *design_cols));
	const struct wb_design *d = &sv->design;
	for (int i = 0; rc >= 0 && i < n; i++) {
		struct table_cell cells[] = {
			text(u[i].unit.code),
			text(u[i].unit.name),
			num((double)u[i].frame_n, 1),
			num((double)u[i].sample_n, 1),
			num(d->margin, 1),
			num(d->confidence, 1),
			num(d->p, 1),
			num(d->response_rate, 1),
			num((double)d->min_n, 1),
		};
		rc = table_row(t, cells);
	}
	return rc < 0 ? rc : n;
}

static const struct table_col sample_cols[] = {
	{"单位代码", COL_TEXT, 12},
	{"受访者编号", COL_TEXT, 16},
	{"分层", COL_TEXT, 10},
	{"抽样顺序", COL_INT, 8},
};
static const struct table_col outcome_cols[] = {
	{"单位代码", COL_TEXT, 12}, {"受访者编号", COL_TEXT, 16}, {"分层", COL_TEXT, 10},
	{"抽样顺序", COL_INT, 8},   {"结果", COL_TEXT, 10},       {"方式", COL_TEXT, 10},
	{"拨打次数", COL_INT, 8},   {"结果时间", COL_TEXT, 20},   {"复核", COL_TEXT, 8},
};

int survey_export_people_start(enum survey_table which, struct table *t)
{
	return which == ST_SAMPLE ? table_sheet(t, survey_table_labels[ST_SAMPLE], sample_cols,
						(int)(sizeof sample_cols / sizeof *sample_cols))
				  : table_sheet(t, survey_table_labels[ST_OUTCOMES], outcome_cols,
						(int)(sizeof outcome_cols / sizeof *outcome_cols));
}

int survey_export_person(enum survey_table which, const struct wb_survey_person *p, int tz_min,
			 struct table *t)
{
	if (which == ST_SAMPLE) {
		struct table_cell cells[] = {text(p->unit_code), text(p->respondent_id),
					     text(p->stratum), num((double)p->draw_pos, 1)};
		return table_row(t, cells);
	}
	char at[32] = "";
	if (p->outcome_at) {
		wb_time_format(p->outcome_at, tz_min, at);
		at[16] = '\0'; /* "YYYY-MM-DD HH:MM", as the forms print times */
		at[10] = ' ';
	}
	static const char *const recheck[] = {NULL, "待复核", "已复核"};
	struct table_cell cells[] = {
		text(p->unit_code),
		text(p->respondent_id),
		text(p->stratum),
		num((double)p->draw_pos, 1),
		text(p->outcome >= 0 ? wb_enum_label(&wb_call_outcomes, p->outcome) : "待访问"),
		text(p->mode >= 0 ? wb_enum_label(&wb_survey_modes, p->mode) : NULL),
		num((double)p->attempts, 1),
		text(p->outcome_at ? at : NULL),
		text(p->recheck >= 0 && p->recheck <= 2 ? recheck[p->recheck] : NULL),
	};
	return table_row(t, cells);
}

static const struct table_col estimate_cols[] = {
	{"排名", COL_INT, 6},
	{"名次范围", COL_TEXT, 10},
	{"单位", COL_TEXT, 22},
	{"完成样本", COL_INT, 8},
	{"应答率(RR1)", COL_PERCENT, 10},
	{"总体得分", COL_NUMBER, 10},
	{"得分下限", COL_NUMBER, 10},
	{"得分上限", COL_NUMBER, 10},
	{"总体满意率", COL_PERCENT, 10},
	{"行风有效样本", COL_INT, 10},
	{"行风满意率", COL_PERCENT, 10},
	{"行风下限", COL_PERCENT, 10},
	{"行风上限", COL_PERCENT, 10},
	{"行风加权满意率", COL_PERCENT, 12},
	{"行风得分", COL_NUMBER, 10},
	{"行风不了解占比", COL_PERCENT, 12},
	{"效能有效样本", COL_INT, 10},
	{"效能满意率", COL_PERCENT, 10},
	{"效能下限", COL_PERCENT, 10},
	{"效能上限", COL_PERCENT, 10},
	{"效能加权满意率", COL_PERCENT, 12},
	{"效能得分", COL_NUMBER, 10},
	{"效能不了解占比", COL_PERCENT, 12},
	{"较基线变化", COL_PERCENT, 10},
	{"变化下限", COL_PERCENT, 10},
	{"变化上限", COL_PERCENT, 10},
};

int survey_export_estimates(const json_t *est, struct table *t)
{
	static const char *const groups[][2] = {{"department", "部门"}, {"street", "街镇"}};
	json_t *units = json_object_get(est, "units");
	int rows = 0, sheets = 0;
	for (int g = 0; g < 2; g++) {
		size_t i;
		json_t *u;
		int started = 0;
		json_array_foreach(units, i, u)
		{
			if (strcmp(json_string_value(json_object_get(u, "group")), groups[g][0]) !=
			    0)
				continue;
			if (!started) {
				int rc = table_sheet(
					t, groups[g][1], estimate_cols,
					(int)(sizeof estimate_cols / sizeof *estimate_cols));
				if (rc < 0)
					return rc;
				started = 1;
				sheets++;
			}
			json_int_t rank = json_integer_value(json_object_get(u, "rank"));
			json_int_t lo = json_integer_value(json_object_get(u, "rank_low")),
				   hi = json_integer_value(json_object_get(u, "rank_high"));
			char range[32];
			if (lo == hi)
				snprintf(range, sizeof range, "%lld", (long long)lo);
			else
				snprintf(range, sizeof range, "%lld–%lld", (long long)lo,
					 (long long)hi);
			json_t *o = json_object_get(u, "overall"),
			       *c = json_object_get(u, "conduct"),
			       *e = json_object_get(u, "efficiency"),
			       *b = json_object_get(json_object_get(u, "baseline"), "overall");
			struct table_cell cells[] = {
				num((double)rank, rank > 0),
				text(rank > 0 ? range : NULL),
				text(json_string_value(json_object_get(u, "unit_name"))),
				jnum(u, "completed"),
				jnum(u, "rr1"),
				jnum(o, "score"),
				jnum(o, "score_low"),
				jnum(o, "score_high"),
				jnum(o, "rate"),
				jnum(c, "n_valid"),
				jnum(c, "rate"),
				jnum(c, "low"),
				jnum(c, "high"),
				jnum(c, "rate_weighted"),
				jnum(c, "score"),
				jnum(c, "unaware_share"),
				jnum(e, "n_valid"),
				jnum(e, "rate"),
				jnum(e, "low"),
				jnum(e, "high"),
				jnum(e, "rate_weighted"),
				jnum(e, "score"),
				jnum(e, "unaware_share"),
				jnum(b, "diff"),
				jnum(b, "diff_low"),
				jnum(b, "diff_high"),
			};
			int rc = table_row(t, cells);
			if (rc < 0)
				return rc;
			rows++;
		}
	}
	if (sheets == 0)
		return table_sheet(t, survey_table_labels[ST_ESTIMATES], estimate_cols,
				   (int)(sizeof estimate_cols / sizeof *estimate_cols));
	return rows;
}
