/*
 * wubiao demo --scale N: a district the size of a city's, for benchmarks. N opinions,
 * 30% as many problems, 300 responsible units under 10 stations and 100 points, all in
 * every stage, with ratings. Units, opinions and new problems are written through the
 * store, each with its audit event; every stage after goes through the same service
 * function as the API's (svc_stage_apply), so its effects and events are the API's. All
 * in large transactions rather than one per request.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../svc/svc_int.h"
#include "../util/err.h"
#include "demo.h"

enum {
	STATIONS = 10,
	POINTS_PER = 10,
	DEPTS = 200,
	STREETS = 100,
	UNITS = DEPTS + STREETS,
	BATCH = 20000
};

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
	struct arena scratch; /**< the services' memory, emptied at each commit */
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
	arena_release(&s->scratch);
	s->pending = 0;
	int rc = store_begin(s->st, 1);
	if (rc == 0)
		s->in_tx = 1;
	return rc;
}

static int unit(struct scale *s, const char *name, enum wb_unit_kind kind, int64_t parent,
		int64_t station, int64_t *id)
{
	struct wb_unit u = {.name = name,
			    .kind = kind,
			    .parent_id = parent,
			    .station_id = station,
			    .created_at = s->c->now};
	int rc = store_unit_insert(s->st, &u, id);
	if (rc < 0)
		return rc;
	rc = svc_event(
		s->c, "unit.create", "unit", *id, NULL, NULL, 0,
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
			rc = unit(s, name, UK_POINT, s->stations[i], 0,
				  &s->points[i * POINTS_PER + k]);
		}
	}
	for (int i = 0; rc >= 0 && i < UNITS; i++) {
		snprintf(name, sizeof name, i < DEPTS ? "区直部门%03d" : "街镇%03d",
			 i < DEPTS ? i + 1 : i - DEPTS + 1);
		rc = unit(s, name, i < DEPTS ? UK_DEPARTMENT : UK_STREET, s->office,
			  s->stations[i % STATIONS], &s->units[i]);
	}
	if (rc < 0)
		return rc;
	int y, m, d;
	wb_date_to_ymd(s->today, &y, &m, &d);
	struct wb_campaign camp = {.name = "作风建设评议（规模测试）",
				   .year = y,
				   .created_at = s->c->now,
				   .nphases = 3};
	s->start = s->today - 270;
	camp.phases[0] = (struct wb_phase){PHASE_SURVEY, s->start, s->start + 35};
	camp.phases[1] = (struct wb_phase){PHASE_RECTIFY, s->start + 20, s->start + 100};
	camp.phases[2] = (struct wb_phase){PHASE_EVALUATE, s->start + 90, s->today + 30};
	rc = store_campaign_insert(s->st, &camp, &s->campaign);
	if (rc >= 0)
		rc = svc_event(s->c, "campaign.create", "campaign", s->campaign, NULL, NULL, 0,
			       NULL);
	return rc < 0 ? rc : tick(s);
}

/* The stage each generated problem stops at, with weights that sum to 100. */
static enum wb_pstatus draw_status(uint64_t *seed)
{
	static const struct {
		enum wb_pstatus s;
		int w;
	} mix[] = {{PS_OPEN, 4},      {PS_DISPATCHED, 6},  {PS_ACKNOWLEDGED, 6},
		   {PS_ANSWERED, 8},  {PS_RECTIFYING, 16}, {PS_RECTIFIED, 8},
		   {PS_VERIFIED, 14}, {PS_CLOSED, 35},     {PS_RETURNED, 3}};
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

/* Stage @p a at time @p t through the services, as the office (for units: on their behalf). */
static int stage(struct scale *s, struct wb_problem *p, enum wb_action a, int64_t t,
		 const struct svc_stage *in)
{
	static const struct svc_stage none;
	s->c->now = t;
	memset(&s->c->errs, 0, sizeof s->c->errs);
	int rc = svc_stage_apply(s->c, p, a, in ? in : &none);
	return rc < 0 ? rc : tick(s);
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
		.severity = rnd(g, 10) < 7 ? SEV_NORMAL
			    : rnd(g, 3)    ? SEV_IMPORTANT
					   : SEV_URGENT,
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
	s->c->now = p.created_at;
	rc = svc_event(s->c, "problem.create", "problem", p.id, NULL, "open", 0, NULL);
	if (rc < 0 || end == PS_OPEN)
		goto done;
	wb_date d = created + 1 + rnd(g, 5);
	struct svc_stage in = {.unit_id = p.target_unit_id,
			       .has_unit_id = 1,
			       .due_workdays = 10,
			       .has_due_workdays = 1,
			       .flagged = rnd(g, 50) == 0,
			       .has_flagged = 1};
	rc = stage(s, &p, ACT_DISPATCH, at(s, d, 10), &in);
	if (rc < 0 || end == PS_DISPATCHED)
		goto done;
	if (end == PS_RETURNED) {
		in = (struct svc_stage){.reason = "不属于本单位职责"};
		rc = stage(s, &p, ACT_RETURN, p.dispatched_at + 7200, &in);
		goto done;
	}
	rc = stage(s, &p, ACT_ACKNOWLEDGE, at(s, d + rnd(g, 3), 11), NULL);
	if (rc < 0 || end == PS_ACKNOWLEDGED)
		goto done;
	wb_date ans = d + 2 + rnd(g, 16);
	in = (struct svc_stage){.reply = "已研究整改措施"};
	rc = stage(s, &p, ACT_FEEDBACK, at(s, ans, 15), &in);
	if (rc < 0 || end == PS_ANSWERED)
		goto done;
	int done_ = end != PS_RECTIFYING;
	in = (struct svc_stage){.measures = "增加窗口、公示时限",
				.evidence = "",
				.percent = done_ ? 100 : 50,
				.has_percent = 1,
				.done = done_,
				.has_done = 1};
	int64_t rectified = done_ ? at(s, ans + 1 + rnd(g, 20), 16) : p.answered_at + 86400;
	rc = stage(s, &p, ACT_PROGRESS, rectified, &in);
	if (rc < 0 || end == PS_RECTIFYING || end == PS_RECTIFIED)
		goto done;
	in = (struct svc_stage){.passed = 1, .has_passed = 1};
	rc = stage(s, &p, ACT_VERIFY, rectified + 3 * 86400, &in);
	/* The office's own rating: one per account and round (the givers' would need their
	 * opinions, which are written after the problems here). */
	for (int i = 0; rc >= 0 && i < 1; i++) {
		static const int w[] = {60, 22, 8, 10};
		int r = rnd(g, 100), k = 0;
		while (r >= w[k]) {
			r -= w[k];
			k++;
		}
		in = (struct svc_stage){.rating = k, .has_rating = 1};
		rc = stage(s, &p, ACT_EVALUATE, p.verified_at + 3600 * (i + 1), &in);
	}
	if (rc < 0 || end == PS_VERIFIED)
		goto done;
	rc = stage(s, &p, ACT_CLOSE, p.verified_at + 5 * 86400, NULL);
	if (rc == WB_ERR_STATE)
		rc = 0; /* its ratings do not let it close: it stays verified */
done:
	if (rc < 0)
		return rc;
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
	/* Entered already merged into its problem, as the event says (the audit replays it). */
	rc = svc_event(
		s->c, "opinion.create", "opinion", id, NULL, problem_id ? "merged" : "received", 0,
		problem_id ? json_pack("{s:I}", "problem_id", (json_int_t)problem_id) : NULL);
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
	struct arena *real_arena = c->a;
	c->a = &s->scratch;
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
	c->a = real_arena;
	arena_release(&s->scratch);
	if (rc >= 0)
		printf("scale demo: %ld opinions, %ld problems, %d units, %d stations, %d points in %.1f s\n",
		       opinions, problems, UNITS, STATIONS, STATIONS * POINTS_PER,
		       (double)(clock() - t0) / CLOCKS_PER_SEC);
	free(s);
	return rc;
}
