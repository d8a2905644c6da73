#include "forms.h"

#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/perm.h"
#include "../util/err.h"

static const char *const names[] = {"征求意见表", "意见汇总表", "意见反馈表", "整改情况表",
				    "整改效果表"};

const char *form_name(int form)
{
	return form >= 1 && form <= 5 ? names[form - 1] : NULL;
}

/*
 * Form 1; the last two columns only for roles that may see who gave an opinion. The
 * receipt is not here: it is the giver's, and rates the rectification.
 */
static const struct table_col form1_cols[] = {
	{"编号", COL_INT, 8},          {"收集时间", COL_TEXT, 18},     {"收集单位", COL_TEXT, 22},
	{"被评议单位", COL_TEXT, 18},  {"评议类别", COL_TEXT, 8},      {"意见来源", COL_TEXT, 10},
	{"征求方式", COL_TEXT, 10},    {"意见内容", COL_TEXT, 48},     {"处理状态", COL_TEXT, 10},
	{"汇总问题编号", COL_INT, 10}, {"不予受理理由", COL_TEXT, 24}, {"意见提供人", COL_TEXT, 10},
	{"联系电话", COL_TEXT, 14},
};
enum { FORM1_PRIVATE = 2 };

static const struct table_col form2_cols[] = {
	{"问题编号", COL_INT, 8},     {"问题标题", COL_TEXT, 30}, {"问题概述", COL_TEXT, 44},
	{"被评议单位", COL_TEXT, 18}, {"评议类别", COL_TEXT, 8},  {"问题类别", COL_TEXT, 12},
	{"紧急程度", COL_TEXT, 8},    {"意见条数", COL_INT, 8},   {"汇总时间", COL_TEXT, 18},
	{"当前环节", COL_TEXT, 10},   {"挂牌", COL_TEXT, 8},
};

static const struct table_col form3_cols[] = {
	{"问题编号", COL_INT, 8},   {"问题标题", COL_TEXT, 30}, {"责任单位", COL_TEXT, 18},
	{"转办时间", COL_TEXT, 18}, {"签收时限", COL_TEXT, 12}, {"签收时间", COL_TEXT, 18},
	{"办理时限", COL_TEXT, 12}, {"反馈时间", COL_TEXT, 18}, {"是否按时反馈", COL_TEXT, 12},
	{"答复意见", COL_TEXT, 44}, {"整改计划", COL_TEXT, 44}, {"当前环节", COL_TEXT, 10},
};

static const struct table_col form4_cols[] = {
	{"问题编号", COL_INT, 8},       {"问题标题", COL_TEXT, 30},    {"责任单位", COL_TEXT, 18},
	{"整改措施", COL_TEXT, 44},     {"完成进度", COL_PERCENT, 10}, {"佐证材料", COL_TEXT, 30},
	{"进展报告次数", COL_INT, 12},  {"办理时限", COL_TEXT, 12},    {"完成时间", COL_TEXT, 18},
	{"是否按期完成", COL_TEXT, 12}, {"是否逾期", COL_TEXT, 8},     {"当前环节", COL_TEXT, 10},
};

static const struct table_col form5_cols[] = {
	{"问题编号", COL_INT, 8},    {"问题标题", COL_TEXT, 30},     {"责任单位", COL_TEXT, 18},
	{"验收时间", COL_TEXT, 18},  {"满意", COL_INT, 6},           {"基本满意", COL_INT, 8},
	{"不满意", COL_INT, 8},      {"不了解", COL_INT, 8},         {"有效评价数", COL_INT, 10},
	{"满意率", COL_PERCENT, 10}, {"满意度得分", COL_NUMBER, 10}, {"评定结论", COL_TEXT, 10},
	{"当前环节", COL_TEXT, 10},  {"销号时间", COL_TEXT, 18},
};

struct ctx {
	const struct form_request *req;
	struct table *t;
	const struct table_col *cols;
	int ncols;
	int64_t sheet_unit; /**< the unit of the current sheet; -1 before the first */
	int rows;
	char buf[16][32]; /**< formatted dates and times of the current row */
	int nbuf;
};

static struct table_cell text(const char *s)
{
	return (struct table_cell){.text = s, .empty = s == NULL};
}

static struct table_cell num(double v)
{
	return (struct table_cell){.number = v};
}

static struct table_cell none(void)
{
	return (struct table_cell){.empty = 1};
}

static struct table_cell when(struct ctx *x, int64_t t)
{
	if (t == 0 || x->nbuf == 16)
		return none();
	wb_time_format(t, x->req->tz_min, x->buf[x->nbuf]);
	x->buf[x->nbuf][16] = '\0'; /* "YYYY-MM-DDTHH:MM": minutes are enough on paper */
	x->buf[x->nbuf][10] = ' ';
	return text(x->buf[x->nbuf++]);
}

static struct table_cell day(struct ctx *x, wb_date d)
{
	if (d == WB_NO_DATE || x->nbuf == 16)
		return none();
	wb_date_format(d, x->buf[x->nbuf]);
	return text(x->buf[x->nbuf++]);
}

static const char *yes_no(int v)
{
	return v ? "是" : "否";
}

/* Start a new sheet when the unit changes (split) or at the first row. */
static int sheet_for(struct ctx *x, int64_t unit, const char *unit_name)
{
	if (x->sheet_unit == -1 || (x->req->split && unit != x->sheet_unit)) {
		const char *name = x->req->split ? (unit_name ? unit_name : "未转办")
						 : form_name(x->req->form);
		int rc = table_sheet(x->t, name, x->cols, x->ncols);
		if (rc < 0)
			return rc;
		x->sheet_unit = unit;
	}
	x->nbuf = 0;
	x->rows++;
	return 0;
}

static int opinion_row(void *arg, const struct store_form_opinion *r)
{
	struct ctx *x = arg;
	const struct wb_opinion *o = &r->o;
	int rc = sheet_for(x, o->target_unit_id, r->target_name);
	if (rc < 0)
		return rc;
	struct table_cell c[sizeof form1_cols / sizeof *form1_cols] = {
		num((double)o->id),
		when(x, o->received_at),
		text(r->point_name ? r->point_name : "网上（群众）"),
		text(r->target_name),
		text(wb_enum_label(&wb_dimensions, o->dimension)),
		text(wb_enum_label(&wb_sources, o->source)),
		text(wb_enum_label(&wb_channels, o->channel)),
		text(o->content),
		text(wb_enum_label(&wb_opinion_statuses, o->status)),
		o->problem_id ? num((double)o->problem_id) : none(),
		text(o->reject_reason),
		text(o->submitter_name),
		text(o->submitter_phone),
	};
	return table_row(x->t, c);
}

static int problem_row(void *arg, const struct store_form_problem *r)
{
	struct ctx *x = arg;
	const struct wb_problem *p = &r->p;
	int form = x->req->form;
	/* Forms 3 to 5 list the problems that reached their stage; the home page's funnel
	 * counts the same rows (FORM3_ROW .. FORM5_ROW in store/sql.c). */
	if ((form == 3 && p->dispatched_at == 0) ||
	    (form == 4 && p->answered_at == 0 && p->measures == NULL) ||
	    (form == 5 && p->round == 0))
		return 0;
	int64_t unit = p->unit_id ? p->unit_id : p->target_unit_id;
	int rc = sheet_for(x, unit, p->unit_id ? r->unit_name : r->target_name);
	if (rc < 0)
		return rc;
	const char *stage = wb_enum_label(&wb_pstatuses, p->status);
	const char *unit_name = r->unit_name ? r->unit_name : r->target_name;
	wb_date answered =
		p->answered_at ? wb_date_of_time(p->answered_at, x->req->tz_min) : WB_NO_DATE;
	wb_date rectified =
		p->rectified_at ? wb_date_of_time(p->rectified_at, x->req->tz_min) : WB_NO_DATE;
	int overdue = p->due_on != WB_NO_DATE && x->req->today > p->due_on &&
		      (p->status == PS_DISPATCHED || p->status == PS_ACKNOWLEDGED ||
		       p->status == PS_ANSWERED || p->status == PS_RECTIFYING);
	if (form == 2) {
		struct table_cell c[] = {
			num((double)p->id),
			text(p->title),
			text(p->summary),
			text(r->target_name),
			text(wb_enum_label(&wb_dimensions, p->dimension)),
			text(p->category),
			text(wb_enum_label(&wb_severities, p->severity)),
			num(p->opinion_count),
			when(x, p->created_at),
			text(stage),
			text(p->flagged ? "是" : "否"),
		};
		return table_row(x->t, c);
	}
	if (form == 3) {
		struct table_cell c[] = {
			num((double)p->id),
			text(p->title),
			text(unit_name),
			when(x, p->dispatched_at),
			day(x, p->ack_due_on),
			when(x, p->acknowledged_at),
			day(x, p->due_on),
			when(x, p->answered_at),
			answered == WB_NO_DATE
				? none()
				: text(yes_no(answered <= (p->answered_due != WB_NO_DATE
								   ? p->answered_due
								   : p->due_on))),
			text(p->reply),
			text(p->plan),
			text(stage),
		};
		return table_row(x->t, c);
	}
	if (form == 4) {
		struct table_cell c[] = {
			num((double)p->id),
			text(p->title),
			text(unit_name),
			text(p->measures),
			num(p->percent / 100.0),
			text(p->evidence),
			num((double)r->reports),
			day(x, p->due_on),
			when(x, p->rectified_at),
			rectified == WB_NO_DATE
				? none()
				: text(yes_no(rectified <= (p->rectified_due != WB_NO_DATE
								    ? p->rectified_due
								    : p->due_on))),
			text(yes_no(overdue)),
			text(stage),
		};
		return table_row(x->t, c);
	}
	const int64_t *n = r->ratings;
	int64_t valid = n[RATING_SATISFIED] + n[RATING_BASIC] + n[RATING_UNSATISFIED];
	const struct wb_scale *s = &x->req->scale;
	const char *verdict = valid == 0                          ? "待评价"
			      : 2 * n[RATING_UNSATISFIED] > valid ? "需重办"
								  : "可销号";
	struct table_cell c[] = {
		num((double)p->id),
		text(p->title),
		text(unit_name),
		when(x, p->verified_at),
		num((double)n[RATING_SATISFIED]),
		num((double)n[RATING_BASIC]),
		num((double)n[RATING_UNSATISFIED]),
		num((double)n[RATING_UNAWARE]),
		num((double)valid),
		valid ? num((double)(n[RATING_SATISFIED] + n[RATING_BASIC]) / (double)valid)
		      : none(),
		valid ? num((s->satisfied * (double)n[RATING_SATISFIED] +
			     s->basic * (double)n[RATING_BASIC] +
			     s->unsatisfied * (double)n[RATING_UNSATISFIED]) /
			    (double)valid)
		      : none(),
		text(verdict),
		text(stage),
		when(x, p->closed_at),
	};
	return table_row(x->t, c);
}

int form_export(struct store *st, const struct form_request *req, struct table *t)
{
	struct ctx x = {.req = req, .t = t, .sheet_unit = -1};
	int rc;
	switch (req->form) {
	case 1:
		x.cols = form1_cols;
		x.ncols = (int)(sizeof form1_cols / sizeof *form1_cols);
		if (!wb_perm_allows(req->who->role, PERM_SUBMITTER_READ))
			x.ncols -= FORM1_PRIVATE;
		rc = store_form_opinions(st, req->who, &req->filter, opinion_row, &x);
		break;
	case 2:
		x.cols = form2_cols;
		x.ncols = (int)(sizeof form2_cols / sizeof *form2_cols);
		rc = store_form_problems(st, req->who, &req->filter, problem_row, &x);
		break;
	case 3:
		x.cols = form3_cols;
		x.ncols = (int)(sizeof form3_cols / sizeof *form3_cols);
		rc = store_form_problems(st, req->who, &req->filter, problem_row, &x);
		break;
	case 4:
		x.cols = form4_cols;
		x.ncols = (int)(sizeof form4_cols / sizeof *form4_cols);
		rc = store_form_problems(st, req->who, &req->filter, problem_row, &x);
		break;
	case 5:
		x.cols = form5_cols;
		x.ncols = (int)(sizeof form5_cols / sizeof *form5_cols);
		rc = store_form_problems(st, req->who, &req->filter, problem_row, &x);
		break;
	default:
		return WB_ERR_INVALID;
	}
	if (rc < 0)
		return rc;
	/* An empty export still has its header. */
	if (x.sheet_unit == -1) {
		rc = table_sheet(t, form_name(req->form), x.cols, x.ncols);
		if (rc < 0)
			return rc;
	}
	return x.rows;
}
