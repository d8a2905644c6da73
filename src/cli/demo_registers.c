/*
 * The demo's standing registers: paper registers of people for the units nobody logs in
 * for; the system's weekly proposals of efficiency faults for flagged problems left
 * unrectified, which the office confirms and decides (all but the newest, left for the
 * office to see), with accountability naming the person responsible; the first decision
 * appealed and the appeal rejected; a case from an inspection under investigation; and each unit's
 * first contacts of the last weeks, handed over or completed, a few still held.
 */
#include "demo_int.h"

#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../svc/svc_contacts.h"
#include "../svc/svc_faults.h"
#include "../svc/svc_notices.h"
#include "../svc/svc_pledges.h"
#include "../svc/svc_people.h"
#include "../util/err.h"

static int responsible(int i)
{
	return wb_unit_kind_is_responsible(demo_units[i].kind);
}

static int unit_user(int u)
{
	return demo_user_of_role(ROLE_UNIT, u);
}

static void add(struct demo *d, int64_t t, enum register_step rs, int unit, int n)
{
	if (t > d->limit)
		return;
	struct step *s = demo_new_step(d, t, SK_REGISTER);
	s->rs = rs;
	s->unit = unit;
	s->survey = n;
}

/* In office hours from @p sec into @p day, drawing the jitter from the registers' own
 * generator (the stories' draws stay as they were). */
static int64_t office_at(struct demo *d, wb_date day, int sec)
{
	struct rng keep = d->r;
	d->r = d->gr;
	int64_t t = demo_office(d, demo_at_local(d, day, sec));
	d->gr = d->r;
	d->r = keep;
	return t;
}

void demo_plan_registers(struct demo *d)
{
	d->gr.s = d->r.s ^ 0x5265676973746572ull;
	wb_date jan21 = wb_date_from_ymd(d->year, 1, 21);
	for (int u = 0; u < NUNITS; u++)
		if (responsible(u) && unit_user(u) < 0)
			add(d, office_at(d, jan21, 16 * 3600 + 60 * u), RS_PEOPLE, u, 0);
	/* the system proposes on Monday mornings; the office decides on Thursdays */
	for (wb_date day = d->survey; day <= d->today; day++) {
		int wd = wb_date_weekday(day);
		if (wd == 1)
			add(d, demo_at_local(d, day, 8 * 3600), RS_SWEEP, -1, 0);
		else if (wd == 4)
			add(d, office_at(d, day, 15 * 3600), RS_DECIDE, -1, 0);
	}
	add(d, office_at(d, d->today - 12, 11 * 3600), RS_INSPECT, -1, 0);
	/* the heads' pledges, published at the end of January, kept through the year */
	wb_date feb = wb_date_from_ymd(d->year, 2, 1);
	for (int u = 0; u < NUNITS; u++) {
		if (!responsible(u) || unit_user(u) < 0)
			continue;
		add(d, office_at(d, jan21 + 7, 10 * 3600 + 60 * u), RS_PLEDGE, u, 0);
		int kept = 6 + demo_rnd(&d->gr, 5); /* how many of the ten the head keeps */
		for (int k = 0; k < kept; k++)
			for (wb_date day = feb + 20 * k; day < d->today;
			     day += 45 + demo_rnd(&d->gr, 40))
				add(d, office_at(d, day, 15 * 3600), RS_PLEDGE_RECORD, u, k + 1);
		int ratings = 3 + demo_rnd(&d->gr, 8);
		int span = d->today - feb - 30 > 1 ? (int)(d->today - feb - 30) : 1;
		for (int k = 0; k < ratings; k++) {
			wb_date day = feb + 30 + demo_rnd(&d->gr, span);
			add(d, office_at(d, day, 10 * 3600 + demo_rnd(&d->gr, 6 * 3600)),
			    RS_PLEDGE_RATE, u, k);
		}
	}
	/* notices: a praise in the summer, a criticism a fortnight ago, a draft this week */
	add(d, office_at(d, wb_date_from_ymd(d->year, 7, 15), 10 * 3600), RS_NOTICE, -1, 0);
	add(d, office_at(d, d->today - 14, 10 * 3600), RS_NOTICE, -1, 1);
	add(d, office_at(d, d->today - 2, 10 * 3600), RS_NOTICE, -1, 2);
	for (int u = 0; u < NUNITS; u++) {
		if (!responsible(u) || unit_user(u) < 0)
			continue;
		for (int k = 0; k < NCONTACTS; k++) {
			wb_date day = d->today - 40 + demo_rnd(&d->gr, 38);
			int64_t t = office_at(d, day, 9 * 3600 + demo_rnd(&d->gr, 7 * 3600));
			add(d, t, RS_CONTACT, u, k);
			if (k == 0 && u % 3 == 0)
				continue; /* still held by whoever received it */
			add(d, office_at(d, demo_local_day(d, t) + demo_rnd(&d->gr, 2), 16 * 3600),
			    RS_CONTACT_END, u, k);
		}
	}
}

/* ---- playing ---- */

static int unit_ix(const struct demo *d, int64_t unit_id)
{
	for (int u = 0; u < NUNITS; u++)
		if (d->unit_id[u] == unit_id)
			return u;
	return -1;
}

/* A register kept on paper by the office: the head and a section chief. */
static int paper_register(struct demo *d, int u)
{
	static const char *const posts[3] = {"主要负责人", "办公室主任", "业务科科长"};
	for (int k = 0; k < 3; k++) {
		char name[32];
		snprintf(name, sizeof name, "%s%s", demo_surnames[(u + 3 * k) % NSURNAMES],
			 demo_given[(u * 5 + k) % NGIVEN]);
		struct wb_person p = {.unit_id = d->unit_id[u],
				      .name = arena_strdup(&d->scratch, name),
				      .post = posts[k],
				      .party_member = k == 0};
		int rc = svc_person_create(&d->c, &p, &d->person[u][k]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Decide case @p f: the section chief directly responsible, the head for leadership; each a
 * step higher than the ladder asks when the first try is refused. */
static int decide(struct demo *d, const struct wb_fault *f)
{
	int u = unit_ix(d, f->unit_id);
	if (u < 0 || d->person[u][2] == 0)
		return 0;
	int rc = svc_fault_confirm(&d->c, f->id, "经核实，挂牌问题确未在限期内整改到位。");
	if (rc < 0)
		return rc;
	for (int step = 0; step < 4; step++) {
		json_t *people = json_pack(
			"[{s:I, s:s, s:s, s:s}, {s:I, s:s, s:s, s:s}]", "person_id",
			d->person[u][2], "role", "handler", "resp", "direct", "sanction",
			wb_enum_name(&wb_sanctions, SN_WRITTEN_REVIEW + step), "person_id",
			d->person[u][0], "role", "approver", "resp", "leadership", "sanction",
			wb_enum_name(&wb_sanctions, SN_RECTIFY + step));
		struct svc_fault_decision dec = {
			.type = -1,
			.unit_sanction = SN_RECTIFY,
			.authority = "区纠风办",
			.decided_on = WB_NO_DATE,
			.note = "责令限期整改，并在全区作风建设例会上说明情况。",
			.people = people};
		memset(&d->c.errs, 0, sizeof d->c.errs);
		rc = svc_fault_decide(&d->c, f->id, &dec);
		json_decref(people);
		if (rc != WB_ERR_INVALID)
			break;
	}
	if (rc < 0 || f->problem_id == 0)
		return rc;
	struct wb_accountability a = {.unit_id = f->unit_id,
				      .person_id = d->person[u][2],
				      .kind = MEASURE_WRITTEN_REVIEW,
				      .note = "挂牌问题逾期未整改，作出书面检查",
				      .decided_on = WB_NO_DATE};
	int64_t id;
	return svc_accountability_create(&d->c, f->problem_id, &a, &id);
}

/* The unit of case @p f appeals it (the office for a unit nobody logs in for). */
static int appeal(struct demo *d, const struct wb_fault *f)
{
	int u = unit_ix(d, f->unit_id);
	if (u >= 0 && unit_user(u) >= 0)
		demo_act_as(d, unit_user(u));
	int rc = svc_fault_appeal(&d->c, f->id,
				  "该问题涉及跨部门协调，本单位已于期限内提交整改方案，"
				  "逾期系配合单位未及时反馈所致，请求复核。");
	demo_act_as(d, demo_user_of_role(ROLE_ADMIN, -1));
	return rc;
}

/* The office's Thursday: appeals decided, proposals but the newest confirmed and decided;
 * the first case decided in the demo is appealed at once. */
static int decide_all(struct demo *d)
{
	struct store_fault_filter all = {
		.status = -1, .decided_from = WB_NO_DATE, .decided_to = WB_NO_DATE};
	struct svc_fault_view *v;
	size_t n;
	int rc = svc_faults(&d->c, &all, &v, &n);
	int newest = 1; /* the list is newest first */
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		const struct wb_fault *f = &v[i].f;
		if (f->status == FST_APPEALED) {
			rc = svc_fault_appeal_decide(&d->c, f->id, 0,
						     "经复核，逾期事实清楚，维持原处理决定。");
		} else if (f->status == FST_PROPOSED && newest) {
			newest = 0; /* it waits for the office */
		} else if (f->status == FST_PROPOSED) {
			if ((rc = decide(d, f)) >= 0 && !d->fault_appealed) {
				d->fault_appealed = 1;
				rc = appeal(d, f);
			}
		}
	}
	return rc;
}

static int inspect(struct demo *d)
{
	for (int u = 0; u < NUNITS; u++) {
		if (demo_units[u].kind != UK_DEPARTMENT || unit_user(u) < 0 || u % 2 == 0)
			continue;
		struct svc_fault_in in = {
			.unit_id = d->unit_id[u],
			.source = FSRC_INSPECTION,
			.type = FT_SHIRK,
			.facts = arena_printf(
				&d->scratch,
				"区纠风办暗访发现，%s窗口工作人员以“不归我管”为由让群众"
				"另找科室，未一次性告知所需材料，未履行首问责任。",
				demo_units[u].name)};
		int64_t id;
		return svc_fault_create(&d->c, &in, &id);
	}
	return 0;
}

static const struct {
	const char *need, *told;
	int days;
} matters[] = {
	{"咨询办理居住证所需材料", "一次性告知：身份证、租赁合同原件及复印件，5 个工作日内办结", 5},
	{"反映小区路灯损坏", "已登记，转城管部门处理，7 日内答复", 7},
	{"咨询社保转移接续手续", "一次性告知：参保凭证、身份证，可网上申请", 10},
	{"投诉窗口午休期间无人值守", "已记录，由办公室核实后 5 个工作日内答复", 5},
	{"询问不动产登记预约方式", "告知预约电话和网上预约入口，当场演示", 3},
	{"申请开具无违法犯罪记录证明", "告知需本人持身份证到户籍所在派出所办理", 3},
};
#define NMATTERS (sizeof matters / sizeof *matters)

static int contact(struct demo *d, const struct step *s)
{
	int u = s->unit, k = s->survey;
	demo_act_as(d, unit_user(u));
	int m = (u + 2 * k) % (int)NMATTERS;
	wb_date day = demo_local_day(d, s->t);
	char visitor[32], phone[16];
	snprintf(visitor, sizeof visitor, "%s%s", demo_surnames[(u + k) % NSURNAMES],
		 (u + k) % 2 ? "先生" : "女士");
	snprintf(phone, sizeof phone, "139%08d", (u * 7919 + k * 104729) % 100000000);
	struct wb_contact in = {.person_id = d->person[u][k % 2 ? 2 : 1],
				.channel = (enum wb_contact_channel)((u + k) % CC__N),
				.visitor = arena_strdup(&d->scratch, visitor),
				.visitor_phone = arena_strdup(&d->scratch, phone),
				.need = matters[m].need,
				.told = matters[m].told,
				.limit_on = day + matters[m].days,
				.received_at = s->t};
	return svc_contact_create(&d->c, &in, &d->contact[u][k]);
}

static int contact_end(struct demo *d, const struct step *s)
{
	int u = s->unit, k = s->survey;
	if (d->contact[u][k] == 0)
		return 0;
	demo_act_as(d, unit_user(u));
	if (k % 2 == 0 && d->person[u][2]) /* received by the office director: not his */
		return svc_contact_handover(&d->c, d->contact[u][k], d->person[u][2], 0,
					    "属业务科职责，已当面引导群众并移交材料。");
	return svc_contact_done(&d->c, d->contact[u][k], "已按告知事项办结，群众表示满意。");
}

static int pledge(struct demo *d, int u)
{
	if (d->person[u][0] == 0)
		return 0;
	demo_act_as(d, unit_user(u));
	struct wb_person head;
	int rc = store_person_get(d->st, d->person[u][0], &d->scratch, &head);
	if (rc <= 0)
		return rc;
	struct svc_pledge_in in = {
		.unit_id = d->unit_id[u],
		.person_id = d->person[u][0],
		.title = arena_printf(&d->scratch, "%s%s十项承诺", demo_units[u].name, head.name),
		.from = wb_date_from_ymd(d->year, 1, 1),
		.to = wb_date_from_ymd(d->year, 12, 31)};
	if ((rc = svc_pledge_create(&d->c, &in, &d->pledge[u])) < 0)
		return rc;
	demo_act_as(d, demo_user_of_role(ROLE_ADMIN, -1));
	return svc_pledge_publish(&d->c, d->pledge[u]);
}

static int pledge_record(struct demo *d, const struct step *s)
{
	static const char *const what[] = {
		"参加中心组集中学习", "为本单位党员讲党课", "到基层站所调研", "更新办事指南公示",
		"抽查首问登记和告知", "接待群众来访",       "签订廉洁承诺书", "检查公务接待台账",
		"开展家风教育",       "向群众代表述职述廉",
	};
	int u = s->unit, k = s->survey;
	if (d->pledge[u] == 0)
		return 0;
	demo_act_as(d, unit_user(u));
	int64_t id;
	return svc_pledge_record(&d->c, d->pledge[u], k, demo_local_day(d, s->t),
				 what[(k - 1) % 10], "会议记录、签到表及照片存档", &id);
}

static int pledge_rate(struct demo *d, const struct step *s)
{
	int u = s->unit, k = s->survey;
	if (d->pledge[u] == 0)
		return 0;
	int draw = demo_rnd(&d->gr, 100);
	int rating = draw < 70 ? PRT_SATISFIED : draw < 92 ? PRT_BASICALLY : PRT_UNSATISFIED;
	if (k % 4 == 3) {
		/* a colleague: the account of the next unit that has one */
		for (int j = 1; j < NUNITS; j++) {
			int w = (u + j) % NUNITS;
			if (responsible(w) && unit_user(w) >= 0) {
				demo_act_as(d, unit_user(w));
				break;
			}
		}
		int rc = svc_pledge_rate(&d->c, d->pledge[u], rating, NULL);
		return rc == WB_ERR_CONFLICT ? 0 : rc; /* that colleague has rated */
	}
	d->c.who = (struct wb_actor){0, ROLE__N, 0};
	return svc_pledge_rate(&d->c, d->pledge[u], rating,
			       rating == PRT_UNSATISFIED ? "承诺的接访日群众等候时间偏长" : NULL);
}

/* The office drafts; a leader signs the praise and the criticism off; the last waits. */
static int notice(struct demo *d, const struct step *s)
{
	int k = s->survey, best = -1, inspected = -1;
	for (int u = 0; u < NUNITS && (best < 0 || inspected < 0); u++) {
		if (demo_units[u].kind != UK_DEPARTMENT || unit_user(u) < 0)
			continue;
		if (best < 0 && u % 2 == 0)
			best = u;
		if (inspected < 0 && u % 2 == 1)
			inspected = u; /* the unit inspect() recorded a case against */
	}
	int u = k == 0 ? best : inspected;
	if (u < 0)
		return 0;
	json_t *subjects = json_pack("{s:[I]}", "units", d->unit_id[u]);
	static const char *const bodies[] = {
		"该单位推行午间和周末延时服务，开设帮办代办窗口，群众满意度明显提升。"
		"现予通报表扬，希望各单位学习借鉴。",
		"经区纠风办暗访，该单位窗口工作人员以“不归我管”为由让群众另找科室，"
		"未履行首问责任。现予通报批评，责令限期整改。",
		"抽查发现部分单位首问登记缺少一次性告知内容和办理时限，请各单位对照制度自查整改。",
	};
	const char *title = k == 0 ? arena_printf(&d->scratch, "关于表扬%s推行延时服务的通报",
						  demo_units[u].name)
			    : k == 1 ? arena_printf(&d->scratch, "关于%s窗口推诿群众问题的通报",
						    demo_units[u].name)
				     : "关于部分单位首问登记不规范问题的通报";
	struct svc_notice_in in = {.kind = k == 0 ? NK_PRAISE : NK_CRITICISM,
				   .scope = k == 0 ? NSC_PUBLIC : NSC_INTERNAL,
				   .title = title,
				   .body = bodies[k],
				   .subjects = k == 2 ? NULL : subjects};
	int64_t id;
	int rc = svc_notice_create(&d->c, &in, &id);
	json_decref(subjects);
	if (rc < 0 || k == 2)
		return rc;
	demo_act_as(d, demo_user_of_role(ROLE_LEADER, -1));
	char number[64];
	snprintf(number, sizeof number, "区纠风办通报〔%d〕%d号", d->year, k + 1);
	return svc_notice_sign(&d->c, id, arena_strdup(&d->scratch, number), NULL);
}

int demo_register_step(struct demo *d, const struct step *s)
{
	int made;
	demo_act_as(d, demo_user_of_role(ROLE_ADMIN, -1));
	switch (s->rs) {
	case RS_PEOPLE:
		return paper_register(d, s->unit);
	case RS_SWEEP:
		return svc_fault_sweep(&d->c, &made);
	case RS_DECIDE:
		return decide_all(d);
	case RS_INSPECT:
		return inspect(d);
	case RS_CONTACT:
		return contact(d, s);
	case RS_CONTACT_END:
		return contact_end(d, s);
	case RS_PLEDGE:
		return pledge(d, s->unit);
	case RS_PLEDGE_RECORD:
		return pledge_record(d, s);
	case RS_PLEDGE_RATE:
		return pledge_rate(d, s);
	case RS_NOTICE:
		return notice(d, s);
	}
	return WB_ERR_INTERNAL;
}
