/*
 * The demo's target management for the campaign's year: the office drafts and issues a
 * responsibility letter for every department and street in January, each unit's head
 * signs it (the office records the paper signature of a unit nobody logs in for), and it
 * is put in force; the units report each quarter; in late autumn they write their
 * self-checks, the assessing departments and the office score the items, and in December
 * the office publishes the sheet with an appeal window, one unit appeals, and after the
 * window the sheet is final. Every step goes through the services, as far as today
 * allows; the choices come from their own generator, so the problems' stories and the
 * five forms stay as they were.
 */
#include "demo_int.h"

#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../svc/svc_people.h"
#include "../svc/svc_targets.h"
#include "../util/err.h"

static int responsible(int i)
{
	return wb_unit_kind_is_responsible(demo_units[i].kind);
}

/* An item of a letter: the unit's share of it is filled when it is drafted. */
struct item_def {
	const char *code, *name, *indicator, *measure;
	int card;
	double points;
	enum wb_target_rule rule;
	double target; /* ratio, inverse */
	enum wb_target_category category;
	int month;    /* the deadline's month (its last day) */
	int assessed; /* assessed by another department */
};

static const struct item_def dept_items[] = {
	{"A1", "年度重点工作任务", "重点任务完成率（%）", "分解到科室，按月调度", 1, 30, TR_RATIO,
	 100, TC_FUNCTION, 12, 0},
	{"A2", "服务群众办件量", "按时办结件数（件）", "推行一窗受理、限时办结", 1, 20, TR_RATIO,
	 1200, TC_FUNCTION, 12, 0},
	{"B1", "党风廉政建设", "违纪违规问题扣分", "落实主体责任清单", 1, 15, TR_DEDUCT, 0,
	 TC_COMMON, 12, 1},
	{"C1", "作风评议", "行风效能综合得分", "参加“三级两评五表”评议", 1, 20, TR_WORKSTYLE, 0,
	 TC_EFFICIENCY, 12, 0},
	{"C2", "投诉办理时限", "平均办结天数（天）", "首问负责、一次性告知", 1, 10, TR_INVERSE, 5,
	 TC_EFFICIENCY, 9, 0},
	{"D1", "争先创优", "市级以上表彰项数", "培育服务品牌", 1, 5, TR_RATIO, 1, TC_EXCELLENCE, 12,
	 0},
};

static const struct item_def street_items[] = {
	{"S1", "经济发展", "规上企业产值完成率（%）", "包联企业、项目推进", 1, 40, TR_RATIO, 100,
	 TC_FUNCTION, 12, 0},
	{"S2", "民生实事", "承诺实事办结件数（件）", "实事清单公示、按季督查", 1, 30, TR_RATIO, 10,
	 TC_FUNCTION, 12, 0},
	{"S3", "平安建设", "安全生产与信访扣分", "网格化排查", 1, 30, TR_DEDUCT, 0, TC_COMMON, 12,
	 1},
	{"P1", "党风廉政建设", "违纪违规问题扣分", "落实主体责任清单", 2, 30, TR_DEDUCT, 0,
	 TC_COMMON, 12, 1},
	{"P2", "作风评议", "行风效能综合得分", "参加“三级两评五表”评议", 2, 40, TR_WORKSTYLE, 0,
	 TC_EFFICIENCY, 12, 0},
	{"P3", "群众投诉", "有效投诉件数（件）", "接诉即办、首问负责", 2, 30, TR_INVERSE, 3,
	 TC_EFFICIENCY, 9, 0},
};

static const struct item_def *items_of(int unit, size_t *n)
{
	int street = demo_units[unit].kind == UK_STREET;
	*n = street ? sizeof street_items / sizeof *street_items
		    : sizeof dept_items / sizeof *dept_items;
	return street ? street_items : dept_items;
}

/* The department that assesses another unit's assessed items: the next department. */
static int assessor_of(int unit)
{
	for (int k = 1; k < NUNITS; k++) {
		int j = (unit + k) % NUNITS;
		if (demo_units[j].kind == UK_DEPARTMENT)
			return j;
	}
	return -1;
}

static int add(struct demo *d, int64_t t, enum target_step ts, int unit, int quarter)
{
	if (t > d->limit)
		return -1;
	struct step *s = demo_new_step(d, t, SK_TARGET);
	s->ts = ts;
	s->unit = unit;
	s->survey = quarter;
	return 0;
}

static int64_t at(struct demo *d, int month, int day, int sec)
{
	return demo_office(d, demo_at_local(d, wb_date_from_ymd(d->year, month, day), sec));
}

void demo_plan_targets(struct demo *d)
{
	struct rng story = d->r; /* office-hours jitter draws from it: keep the stories' draws */
	d->tr.s = d->r.s ^ 0x5461726765747301ull;
	for (int i = 0; i < NUNITS; i++)
		d->tq[i] = 0.6 + demo_rnd(&d->tr, 41) / 100.0;
	int n = 0;
	for (int i = 0; i < NUNITS; i++) {
		if (!responsible(i))
			continue;
		/* drafted and issued on the 8th, signed over the next days, in force on the
		 * 20th */
		add(d, at(d, 1, 8, 9 * 3600 + 60 * n), TS_DRAFT, i, 0);
		add(d, at(d, 1, 8, 15 * 3600 + 60 * n), TS_ISSUE, i, 0);
		add(d, at(d, 1, 12 + n % 4, 10 * 3600 + 120 * n), TS_SIGN, i, 0);
		add(d, at(d, 1, 20, 10 * 3600 + 60 * n), TS_ENACT, i, 0);
		add(d, at(d, 1, 21, 9 * 3600 + 300 * n), TS_PEOPLE, i, 0);
		add(d, at(d, 1, 22, 9 * 3600 + 300 * n), TS_SPLIT, i, 0);
		/* a report in the first days after each quarter; the fourth in December */
		static const int month[] = {4, 7, 10, 12};
		static const int day[] = {3, 3, 9, 1};
		for (int q = 0; q < 4; q++)
			add(d, at(d, month[q], day[q], 10 * 3600 + 300 * n), TS_REPORT, i, q + 1);
		add(d, at(d, 11, 25, 14 * 3600 + 300 * n), TS_SELFCHECK, i, 0);
		add(d, at(d, 12, 2, 9 * 3600 + 300 * n), TS_RESULT, i, 0);
		n++;
	}
	add(d, at(d, 12, 4, 16 * 3600), TS_PUBLISH, -1, 0);
	add(d, at(d, 12, 7, 10 * 3600), TS_APPEAL, -1, 0);
	add(d, at(d, 12, 21, 10 * 3600), TS_FINAL, -1, 0);
	d->r = story;
}

/* ---- playing ---- */

static json_t *item_json(struct demo *d, int unit, const struct item_def *it)
{
	json_t *o = json_pack("{s:s, s:s, s:i, s:f, s:s, s:s, s:s, s:s}", "code", it->code, "name",
			      it->name, "card", it->card, "points", it->points, "rule",
			      wb_enum_name(&wb_target_rules, it->rule), "category",
			      wb_enum_name(&wb_target_categories, it->category), "indicator",
			      it->indicator, "measure", it->measure);
	if (it->rule == TR_RATIO || it->rule == TR_INVERSE)
		json_object_set_new(o, "target", json_real(it->target));
	char due[11]; /* the last day of its month */
	wb_date_format(it->month == 12 ? wb_date_from_ymd(d->year, 12, 31)
				       : wb_date_from_ymd(d->year, it->month + 1, 1) - 1,
		       due);
	json_object_set_new(o, "deadline", json_string(due));
	int as = assessor_of(unit);
	if (it->assessed && as >= 0)
		json_object_set_new(o, "assessor_id", json_integer(d->unit_id[as]));
	if (demo_units[unit].kind == UK_DEPARTMENT)
		json_object_set_new(o, "ding",
				    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "定任务", it->name,
					      "定人员", "分管领导及相关科室", "定时间", due,
					      "定标准", it->indicator, "定责任", "主要负责人负总责",
					      "定奖惩", "按区目标管理考核办法兑现"));
	return o;
}

/* The share of the year's work done by quarter @p q (1..4), in per cent. */
static int percent_of(struct demo *d, int unit, int q)
{
	int p = (int)(25 * q * d->tq[unit] + demo_rnd(&d->tr, 9)) - 4;
	return p < 0 ? 0 : p > 100 ? 100 : p;
}

static int unit_user(int unit)
{
	return demo_user_of_role(ROLE_UNIT, unit);
}

static int report(struct demo *d, int unit, int quarter)
{
	size_t n;
	const struct item_def *v = items_of(unit, &n);
	int pct = percent_of(d, unit, quarter);
	for (size_t k = 0; k < n; k++) {
		if (v[k].rule == TR_WORKSTYLE)
			continue;
		char text[160];
		snprintf(text, sizeof text, "第%d季度：%s完成年度目标的 %d%%，按计划推进。",
			 quarter, v[k].name, pct);
		int rc = svc_target_report(&d->c, d->year, d->unit_id[unit], v[k].code, quarter,
					   pct, arena_strdup(&d->scratch, text),
					   "工作台账、会议纪要等佐证材料已归档");
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Score the unit's items: each by its assessing department, else by the office. */
static int score(struct demo *d, int unit)
{
	size_t n;
	const struct item_def *v = items_of(unit, &n);
	double q = d->tq[unit];
	int as = assessor_of(unit), as_user = as >= 0 ? unit_user(as) : -1;
	for (size_t k = 0; k < n; k++) {
		const struct item_def *it = &v[k];
		if (it->rule == TR_WORKSTYLE)
			continue;
		demo_act_as(d, it->assessed && as_user >= 0 ? as_user
							    : demo_user_of_role(ROLE_ADMIN, -1));
		int64_t x;
		if (it->rule == TR_DEDUCT)
			x = (int64_t)((1 - q) * it->points * 2 + 0.5) * 500; /* halves of a point */
		else if (it->rule == TR_RATIO)
			x = (int64_t)(it->target * (q + demo_rnd(&d->tr, 16) / 100.0) * 1000);
		else
			x = (int64_t)(it->target * (1.6 - q) * 1000);
		int rc = svc_target_result_set(
			&d->c, d->year, d->unit_id[unit], it->code,
			it->rule == TR_DEDUCT ? NULL : &x, it->rule == TR_DEDUCT ? &x : NULL,
			it->rule == TR_DEDUCT && x ? "按考核细则扣分" : NULL);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The unit's register: its head, the demo user (linked to the account), a section chief. */
static int people(struct demo *d, int u)
{
	int who = unit_user(u);
	if (who < 0)
		return 0; /* nobody logs in for it: its register is kept on paper */
	const struct {
		const char *name, *post;
	} v[3] = {{demo_surnames[u % NSURNAMES], "主要负责人"},
		  {demo_users[who].display, "办公室主任"},
		  {demo_surnames[(u + 7) % NSURNAMES], "业务科科长"}};
	for (int k = 0; k < 3; k++) {
		char name[32];
		snprintf(name, sizeof name, k == 1 ? "%s" : "%s%s", v[k].name,
			 k == 1 ? "" : demo_given[(u * 3 + k) % NGIVEN]);
		struct wb_person p = {.unit_id = d->unit_id[u],
				      .name = arena_strdup(&d->scratch, name),
				      .post = v[k].post,
				      .party_member = k != 2};
		int rc = svc_person_create(&d->c, &p, &d->person[u][k]);
		if (rc < 0)
			return rc;
	}
	return svc_user_set_person(&d->c, d->user_id[who], d->person[u][1]);
}

/* Each item but the work-style ones: the head takes a third, the section chief the rest;
 * the office director takes the common items. */
static int split(struct demo *d, int u)
{
	if (d->person[u][0] == 0 || unit_user(u) < 0)
		return 0; /* a register kept on paper: its split too */
	demo_act_as(d, unit_user(u));
	size_t n;
	const struct item_def *v = items_of(u, &n);
	json_t *shares = json_array();
	for (size_t k = 0; k < n; k++) {
		const struct item_def *it = &v[k];
		if (it->rule == TR_WORKSTYLE)
			continue;
		if (it->category == TC_COMMON) {
			json_array_append_new(shares,
					      json_pack("{s:s, s:I, s:f, s:s}", "code", it->code,
							"person_id", d->person[u][1], "points",
							it->points, "task", "牵头落实"));
			continue;
		}
		double head = (double)(int64_t)(it->points / 3 * 1000) / 1000;
		json_array_append_new(shares, json_pack("{s:s, s:I, s:f, s:s}", "code", it->code,
							"person_id", d->person[u][0], "points",
							head, "task", "统筹调度"));
		json_array_append_new(shares, json_pack("{s:s, s:I, s:f, s:s}", "code", it->code,
							"person_id", d->person[u][2], "points",
							it->points - head, "task", "具体实施"));
	}
	int rc = svc_target_persons_set(&d->c, d->year, d->unit_id[u], shares);
	json_decref(shares);
	return rc;
}

int demo_target_step(struct demo *d, const struct step *s)
{
	struct svc_ctx *c = &d->c;
	int admin = demo_user_of_role(ROLE_ADMIN, -1), u = s->unit;
	int64_t unit = u >= 0 ? d->unit_id[u] : 0;
	demo_act_as(d, admin);
	switch (s->ts) {
	case TS_DRAFT: {
		size_t n;
		const struct item_def *v = items_of(u, &n);
		json_t *items = json_array();
		for (size_t k = 0; k < n; k++)
			json_array_append_new(items, item_json(d, u, &v[k]));
		int rc = svc_letter_act(c, d->year, unit, LA_EDIT, NULL, items);
		json_decref(items);
		return rc;
	}
	case TS_ISSUE:
		return svc_letter_act(c, d->year, unit, LA_ISSUE, NULL, NULL);
	case TS_SIGN: {
		/* the unit's head: the demo user's colleague, by surname */
		int who = unit_user(u);
		if (who >= 0)
			demo_act_as(d, who);
		char head[64];
		snprintf(head, sizeof head, "%s主要负责人", demo_units[u].name);
		return svc_letter_act(c, d->year, unit, LA_SIGN, arena_strdup(&d->scratch, head),
				      NULL);
	}
	case TS_ENACT:
		return svc_letter_act(c, d->year, unit, LA_ENACT, NULL, NULL);
	case TS_PEOPLE:
		return people(d, u);
	case TS_SPLIT:
		return split(d, u);
	case TS_REPORT:
	case TS_SELFCHECK:
		if (unit_user(u) < 0)
			return 0; /* nobody logs in for it: its reports stay on paper */
		demo_act_as(d, unit_user(u));
		if (s->ts == TS_REPORT)
			return report(d, u, s->survey);
		return svc_target_selfcheck(c, d->year, unit,
					    "本单位对照目标责任书逐项自查：各项任务总体按计划完成，"
					    "个别指标进度偏慢，已制定整改措施。");
	case TS_RESULT:
		return score(d, u);
	case TS_PUBLISH:
		return svc_target_publish(c, d->year, 10, 0);
	case TS_APPEAL: {
		/* the first department with an account asks for a review of its first item */
		for (int i = 0; i < NUNITS; i++)
			if (demo_units[i].kind == UK_DEPARTMENT && unit_user(i) >= 0) {
				demo_act_as(d, unit_user(i));
				int64_t id;
				return svc_target_appeal(
					c, d->year, d->unit_id[i], "A1",
					"年度重点任务中有两项因上级政策调整而暂停，申请核减目标值。",
					&id);
			}
		return 0;
	}
	case TS_FINAL: {
		struct wb_target_appeal *v;
		size_t n;
		int rc = svc_target_appeals(c, d->year, &v, &n);
		for (size_t i = 0; rc >= 0 && i < n; i++)
			if (v[i].status == AP_OPEN)
				rc = svc_target_appeal_decide(
					c, v[i].id, 0,
					"经复核，相关任务调整未经区政府批准，维持原结果。", NULL,
					NULL);
		return rc < 0 ? rc : svc_target_publish(c, d->year, 0, 1);
	}
	}
	return WB_ERR_INTERNAL;
}
