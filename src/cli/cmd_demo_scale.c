/*
 * wubiao demo --scale N: a district the size of a city's, for benchmarks. N opinions,
 * 30% as many problems, 300 responsible units under 10 stations and 100 points, all in
 * every stage, with ratings. Rows are written through the store in large transactions,
 * each change with its audit event, but without the services' per-request checks: the
 * generator makes only valid rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../svc/svc_int.h"
#include "../util/err.h"
#include "cli.h"
#include "demo.h"

enum { STATIONS = 10, POINTS_PER = 10, DEPTS = 200, STREETS = 100, UNITS = DEPTS + STREETS,
       BATCH = 20000 };

static uint64_t next(uint64_t *s)
{
	/* splitmix64: reproducible from the seed */
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static int rnd(uint64_t *s, int n)
{
	return (int)(next(s) % (uint64_t)n);
}

static const char *const texts[] = {
	"社保窗口上午排队超过一个小时，取号机经常故障。",
	"不动产登记材料清单与网上公布的不一致，跑了三次。",
	"窗口工作人员午休时间无人值守，没有公示。",
	"医院挂号缴费需要多次排队，建议增加自助机。",
	"燃气开户收取的材料费没有出具明细。",
	"办事指南没有写明办理时限，电话咨询无人接听。",
	"窗口人员解释政策不耐心，说话生硬。",
	"街道便民服务中心周末不开放，上班族办事不便。",
};

struct scale {
	struct store *st;
	struct svc_ctx *c;
	uint64_t seed;
	int64_t office, stations[STATIONS], points[STATIONS * POINTS_PER], units[UNITS];
	int64_t campaign;
	int in_tx, pending;
	wb_date start, today;
};

/* Commit every BATCH writes so a failure loses little and the WAL stays small. */
static int tick(struct scale *s)
{
	if (s->in_tx && ++s->pending < BATCH)
		return 0;
	if (s->in_tx) {
		int rc = store_commit(s->st);
		s->in_tx = 0;
		if (rc < 0)
			return rc;
	}
	s->pending = 0;
	int rc = store_begin(s->st, 1);
	if (rc == 0)
		s->in_tx = 1;
	return rc;
}

static int unit(struct scale *s, const char *name, enum wb_unit_kind kind, int64_t parent,
		int64_t station, int64_t *id)
{
	struct wb_unit u = {.name = name, .kind = kind, .parent_id = parent, .station_id = station,
			    .created_at = s->c->now};
	int rc = store_unit_insert(s->st, &u, id);
	if (rc < 0)
		return rc;
	rc = svc_event(s->c, "unit.create", "unit", *id, NULL, NULL, 0,
		       json_pack("{s:s, s:s}", "name", name, "kind", wb_enum_name(&wb_unit_kinds, kind)));
	return rc < 0 ? rc : tick(s);
}

static int directory(struct scale *s)
{
	char name[64];
	int rc = unit(s, "区纠风办", UK_OFFICE, 0, 0, &s->office);
	for (int i = 0; rc >= 0 && i < STATIONS; i++) {
		snprintf(name, sizeof name, "第%d监测站", i + 1);
		rc = unit(s, name, UK_STATION, s->office, 0, &s->stations[i]);
		for (int k = 0; rc >= 0 && k < POINTS_PER; k++) {
			snprintf(name, sizeof name, "第%d站第%d监测点", i + 1, k + 1);
			rc = unit(s, name, UK_POINT, s->stations[i], 0, &s->points[i * POINTS_PER + k]);
		}
	}
	for (int i = 0; rc >= 0 && i < UNITS; i++) {
		snprintf(name, sizeof name, i < DEPTS ? "区直部门%03d" : "街镇%03d", i < DEPTS ? i + 1 : i - DEPTS + 1);
		rc = unit(s, name, i < DEPTS ? UK_DEPARTMENT : UK_STREET, s->office,
			  s->stations[i % STATIONS], &s->units[i]);
	}
	if (rc < 0)
		return rc;
	int y, m, d;
	wb_date_to_ymd(s->today, &y, &m, &d);
	struct wb_campaign camp = {
		.name = "作风建设评议（规模测试）", .year = y, .created_at = s->c->now, .nphases = 3};
	s->start = s->today - 270;
	camp.phases[0] = (struct wb_phase){PHASE_SURVEY, s->start, s->start + 35};
	camp.phases[1] = (struct wb_phase){PHASE_RECTIFY, s->start + 20, s->start + 100};
	camp.phases[2] = (struct wb_phase){PHASE_EVALUATE, s->start + 90, s->today + 30};
	rc = store_campaign_insert(s->st, &camp, &s->campaign);
	if (rc >= 0)
		rc = svc_event(s->c, "campaign.create", "campaign", s->campaign, NULL, NULL, 0, NULL);
	return rc < 0 ? rc : tick(s);
}

/* The stage each generated problem stops at, with weights that sum to 100. */
static enum wb_pstatus draw_status(uint64_t *seed)
{
	static const struct {
		enum wb_pstatus s;
		int w;
	} mix[] = {{PS_OPEN, 4},      {PS_DISPATCHED, 6}, {PS_ACKNOWLEDGED, 6}, {PS_ANSWERED, 8},
		   {PS_RECTIFYING, 16}, {PS_RECTIFIED, 8},  {PS_VERIFIED, 14},   {PS_CLOSED, 35},
		   {PS_RETURNED, 3}};
	int r = rnd(seed, 100);
	for (size_t i = 0; i < sizeof mix / sizeof *mix; i++) {
		if (r < mix[i].w)
			return mix[i].s;
		r -= mix[i].w;
	}
	return PS_CLOSED;
}

static int64_t at(const struct scale *s, wb_date day, int hour)
{
	return (int64_t)day * 86400 + hour * 3600 - (int64_t)s->c->cfg.tz_min * 60;
}

/* An event on problem @p pid at time @p t, acted for @p unit (0: the office). */
static int event_for(struct scale *s, const char *kind, int64_t pid, enum wb_pstatus from,
		     enum wb_pstatus to, int64_t t, int64_t unit, json_t *data)
{
	s->c->now = t;
	int rc = svc_event(s->c, kind, "problem", pid, from == PS__N ? NULL : wb_enum_name(&wb_pstatuses, from),
			   wb_enum_name(&wb_pstatuses, to), unit, data);
	return rc < 0 ? rc : tick(s);
}

static int event(struct scale *s, const char *kind, int64_t pid, enum wb_pstatus from,
		 enum wb_pstatus to, int64_t t, json_t *data)
{
	return event_for(s, kind, pid, from, to, t, 0, data);
}

/* One problem through its stages up to its drawn status, with its events and ratings. */
static int problem(struct scale *s, int u, int nopinions, int64_t *pid)
{
	uint64_t *g = &s->seed;
	enum wb_pstatus end = draw_status(g);
	wb_date created = s->start + rnd(g, 60);
	struct wb_problem p = {
		.campaign_id = s->campaign,
		.target_unit_id = s->units[u],
		.dimension = rnd(g, 2),
		.title = texts[rnd(g, 8)],
		.summary = "规模测试生成的问题",
		.severity = rnd(g, 10) < 7 ? SEV_NORMAL : rnd(g, 3) ? SEV_IMPORTANT : SEV_URGENT,
		.opinion_count = nopinions,
		.status = PS_OPEN,
		.created_by = 0,
		.created_at = at(s, created, 9),
	};
	p.due_on = p.flag_due_on = p.ext_due_on = p.ack_due_on = WB_NO_DATE;
	p.reminded_due = p.escalated_due = p.answered_due = p.rectified_due = WB_NO_DATE;
	p.updated_at = p.created_at;
	int rc = store_problem_insert(s->st, &p, pid);
	if (rc < 0)
		return rc;
	p.id = *pid;
	rc = event(s, "problem.create", p.id, PS__N, PS_OPEN, p.created_at, NULL);
	if (rc < 0 || end == PS_OPEN)
		goto done;
	wb_date d = created + 1 + rnd(g, 5);
	p.unit_id = p.target_unit_id;
	p.dispatched_at = at(s, d, 10);
	p.due_on = d + 14;
	p.ack_due_on = d + 1;
	p.status = PS_DISPATCHED;
	rc = event(s, "problem.dispatch", p.id, PS_OPEN, PS_DISPATCHED, p.dispatched_at,
		   json_pack("{s:I}", "unit_id", (json_int_t)p.unit_id));
	if (rc < 0 || end == PS_DISPATCHED)
		goto done;
	if (end == PS_RETURNED) {
		p.status = PS_RETURNED;
		p.return_reason = "不属于本单位职责";
		rc = event_for(s, "problem.return", p.id, PS_DISPATCHED, PS_RETURNED,
			       p.dispatched_at + 7200, p.unit_id, NULL);
		goto done;
	}
	p.acknowledged_at = at(s, d + rnd(g, 3), 11);
	p.status = PS_ACKNOWLEDGED;
	rc = event(s, "problem.acknowledge", p.id, PS_DISPATCHED, PS_ACKNOWLEDGED, p.acknowledged_at, NULL);
	if (rc < 0 || end == PS_ACKNOWLEDGED)
		goto done;
	wb_date ans = d + 2 + rnd(g, 16);
	p.answered_at = at(s, ans, 15);
	p.answered_due = p.due_on;
	p.reply = "已研究整改措施";
	p.status = PS_ANSWERED;
	rc = event(s, "problem.feedback", p.id, PS_ACKNOWLEDGED, PS_ANSWERED, p.answered_at, NULL);
	if (rc < 0 || end == PS_ANSWERED)
		goto done;
	p.measures = "增加窗口、公示时限";
	p.evidence = "";
	p.percent = end == PS_RECTIFYING ? 50 : 100;
	p.status = end == PS_RECTIFYING ? PS_RECTIFYING : PS_RECTIFIED;
	if (p.status == PS_RECTIFIED) {
		p.rectified_at = at(s, ans + 1 + rnd(g, 20), 16);
		p.rectified_due = p.due_on;
	}
	rc = event(s, "problem.progress", p.id, PS_ANSWERED, p.status,
		   p.rectified_at ? p.rectified_at : p.answered_at + 86400, NULL);
	if (rc < 0 || end == PS_RECTIFYING || end == PS_RECTIFIED)
		goto done;
	p.verified_at = p.rectified_at + 3 * 86400;
	p.round = 1;
	p.status = PS_VERIFIED;
	rc = event(s, "problem.verify", p.id, PS_RECTIFIED, PS_VERIFIED, p.verified_at,
		   json_pack("{s:b}", "passed", 1));
	int n = 1 + rnd(g, 5);
	for (int i = 0; rc >= 0 && i < n; i++) {
		static const int w[] = {60, 22, 8, 10};
		int r = rnd(g, 100), k = 0;
		while (r >= w[k]) {
			r -= w[k];
			k++;
		}
		struct wb_evaluation e = {.problem_id = p.id, .round = 1, .rating = k, .note = "",
					  .created_at = p.verified_at + 3600 * (i + 1)};
		int64_t eid;
		rc = store_evaluation_insert(s->st, &e, &eid);
		if (rc >= 0)
			rc = event(s, "problem.evaluate", p.id, PS_VERIFIED, PS_VERIFIED, e.created_at,
				   json_pack("{s:s}", "rating", wb_enum_name(&wb_ratings, k)));
	}
	if (rc < 0 || end == PS_VERIFIED)
		goto done;
	p.closed_at = p.verified_at + 5 * 86400;
	p.status = PS_CLOSED;
	rc = event(s, "problem.close", p.id, PS_VERIFIED, PS_CLOSED, p.closed_at, NULL);
done:
	if (rc < 0)
		return rc;
	p.updated_at = p.closed_at ? p.closed_at : p.created_at;
	rc = store_problem_update(s->st, &p);
	return rc < 0 ? rc : tick(s);
}

static int opinion(struct scale *s, int u, int64_t problem_id, wb_date day)
{
	uint64_t *g = &s->seed;
	int station = u % STATIONS;
	char receipt[16];
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	for (int i = 0; i < 12; i++)
		receipt[i] = alphabet[next(g) & 31];
	receipt[12] = '\0';
	struct wb_opinion o = {
		.campaign_id = s->campaign,
		.point_id = rnd(g, 10) ? s->points[station * POINTS_PER + rnd(g, POINTS_PER)] : 0,
		.target_unit_id = s->units[u],
		.dimension = rnd(g, 2),
		.source = rnd(g, SRC__N),
		.channel = rnd(g, CH__N),
		.content = texts[rnd(g, 8)],
		.received_at = at(s, day, 8 + rnd(g, 10)),
		.status = problem_id ? OS_MERGED : OS_RECEIVED,
		.problem_id = problem_id,
		.receipt = receipt,
		.created_at = s->c->now,
	};
	int64_t id;
	int rc = store_opinion_insert(s->st, &o, &id);
	if (rc == WB_ERR_CONFLICT)
		return 0; /* a receipt drawn twice: skip that row */
	if (rc < 0)
		return rc;
	s->c->now = o.received_at;
	rc = svc_event(s->c, "opinion.create", "opinion", id, NULL, "received", 0, NULL);
	return rc < 0 ? rc : tick(s);
}

int demo_scale(struct store *st, struct svc_ctx *c, long opinions, uint64_t seed)
{
	struct scale *s = xcalloc(1, sizeof *s);
	s->st = st;
	s->c = c;
	s->seed = seed;
	s->today = svc_today(c);
	int64_t real_now = c->now;
	clock_t t0 = clock();
	int rc = tick(s);
	if (rc == 0)
		rc = directory(s);
	long problems = opinions * 3 / 10;
	/* Problems first, then their opinions: about 3.3 opinions per problem, the rest
	 * of the opinions still waiting to be merged. */
	int64_t first_problem = 0;
	long merged = opinions * 9 / 10;
	for (long i = 0; rc >= 0 && i < problems; i++) {
		int64_t pid;
		int n = i < merged ? (int)((merged - 1 - i) / problems + 1) : 0;
		rc = problem(s, (int)(i % UNITS), n, &pid);
		if (i == 0)
			first_problem = pid;
	}
	for (long i = 0; rc >= 0 && i < opinions; i++) {
		long k = i % (problems ? problems : 1);
		int u = (int)(k % UNITS);
		int64_t pid = i < merged && problems ? first_problem + k : 0;
		rc = opinion(s, pid ? u : rnd(&s->seed, UNITS), pid, s->start + rnd(&s->seed, 40));
	}
	if (s->in_tx) {
		if (rc >= 0)
			rc = store_commit(st);
		else
			store_rollback(st);
	}
	c->now = real_now;
	if (rc >= 0)
		printf("scale demo: %ld opinions, %ld problems, %d units, %d stations, %d points in %.1f s\n",
		       opinions, problems, UNITS, STATIONS, STATIONS * POINTS_PER,
		       (double)(clock() - t0) / CLOCKS_PER_SEC);
	free(s);
	return rc;
}
