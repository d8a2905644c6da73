/*
 * The demo's story planner: from a seeded PRNG, the district's calendar, the opinions
 * of one campaign, the problems they become and the steps of each problem's story, each
 * at a moment in office hours. Nothing here writes; demo_play.c acts the steps out.
 */
#include "demo_int.h"

#include <stdlib.h>
#include <string.h>

#include "calendars.h"

/* splitmix64: small, fast and the same everywhere */
static uint64_t rng_u64(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

int demo_rnd(struct rng *r, int n)
{
	return n <= 1 ? 0 : (int)(rng_u64(r) % (uint64_t)n);
}

static int chance(struct rng *r, int pct)
{
	return demo_rnd(r, 100) < pct;
}

static double uni(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * (double)(rng_u64(r) >> 11) / 9007199254740992.0;
}

static int pick(struct rng *r, const int *weights, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++)
		sum += weights[i];
	int x = demo_rnd(r, sum);
	for (int i = 0; i < n; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}

static const int story_count[SY__N] = {
	[SY_OPEN] = 8,
	[SY_DISPATCHED_NEW] = 5,
	[SY_REDISPATCHED_NEW] = 1,
	[SY_DISPATCHED_LATE] = 4,
	[SY_ACK_NEW] = 4,
	[SY_ACK_LATE] = 3,
	[SY_ANSWERED_NEW] = 4,
	[SY_ANSWERED_LATE] = 3,
	[SY_RECTIFYING_LATE] = 6,
	[SY_RECTIFYING_EXT] = 2,
	[SY_RECTIFYING_EXT_PENDING] = 1,
	[SY_RECTIFYING_FAILED] = 1,
	[SY_RECTIFYING_REOPENED] = 2,
	[SY_RECTIFIED] = 7,
	[SY_VERIFIED] = 12,
	[SY_CLOSED] = 21,
	[SY_CLOSED_EXT] = 3,
	[SY_CLOSED_FAILED] = 1,
	[SY_CLOSED_REDISPATCH] = 2,
	[SY_CLOSED_REOPENED] = 2,
	[SY_CLOSED_FLAGGED] = 1,
	[SY_RETURNED] = 4,
};

/*
 * When a story's opinions come in: so many days before today (> 0), during the survey
 * (0), or some time between the survey and the last weeks (-1).
 */
static int story_anchor(enum story s, int k)
{
	switch (s) {
	case SY_OPEN:
		return 10;
	case SY_DISPATCHED_NEW:
		return 12;
	case SY_ACK_NEW:
		return 14;
	case SY_ANSWERED_NEW:
		return 20;
	case SY_REDISPATCHED_NEW:
		return 24;
	case SY_RETURNED:
		return 16;
	case SY_RECTIFYING_EXT_PENDING:
		return 26;
	case SY_RECTIFIED:
		return 50;
	case SY_RECTIFYING_EXT:
		return 72;
	case SY_VERIFIED:
		return k % 2 ? 66 : k % 4 == 2 ? -1 : 0;
	case SY_CLOSED:
		return k % 3 == 2 ? -1 : 0;
	case SY_CLOSED_EXT:
	case SY_RECTIFYING_LATE:
	case SY_ANSWERED_LATE:
		return k == 1 ? -1 : 0;
	default:
		return 0;
	}
}

static int story_needs_alt(enum story s)
{
	return s == SY_REDISPATCHED_NEW || s == SY_CLOSED_REDISPATCH || s == SY_RETURNED;
}

int demo_unit_ix(const char *code)
{
	for (int i = 0; i < NUNITS; i++)
		if (strcmp(demo_units[i].code, code) == 0)
			return i;
	fprintf(stderr, "wubiao demo: no unit %s in the demo tables\n", code);
	abort();
}

int demo_user_of_role(enum wb_role role, int unit)
{
	for (int i = 0; i < NUSERS; i++)
		if (demo_users[i].role == role &&
		    (unit < 0 || demo_unit_ix(demo_users[i].unit) == unit))
			return i;
	return -1;
}

/* The station that follows a responsible unit, or a point's station. */
int demo_station_of(int unit)
{
	const char *code = demo_units[unit].kind == UK_POINT ? demo_units[unit].parent
							     : demo_units[unit].station;
	return demo_unit_ix(code);
}

/* ---- time ---- */

int64_t demo_at_local(const struct demo *d, wb_date day, int sec)
{
	return (int64_t)day * DAY + sec - (int64_t)d->c.cfg.tz_min * 60;
}

wb_date demo_local_day(const struct demo *d, int64_t t)
{
	return wb_date_of_time(t, d->c.cfg.tz_min);
}

/* The first moment at or after @p t in office hours of a working day, with some jitter. */
int64_t demo_office(struct demo *d, int64_t t)
{
	wb_date day = demo_local_day(d, t);
	int64_t sec = t - demo_at_local(d, day, 0);
	if (sec < 9 * 3600) {
		sec = 9 * 3600 + demo_rnd(&d->r, 3600);
	} else if (sec > 17 * 3600 + 1800) {
		day++;
		sec = 9 * 3600 + demo_rnd(&d->r, 5400);
	}
	if (!wb_is_workday(&d->cal, day)) {
		while (!wb_is_workday(&d->cal, day))
			day++;
		sec = 9 * 3600 + demo_rnd(&d->r, 5400);
	}
	return demo_at_local(d, day, (int)sec);
}

static int64_t cap(const struct demo *d, int64_t t)
{
	return t > d->limit ? d->limit : t;
}

/* The last moment of office hours before now: staff do not work on the weekend. */
int64_t demo_last_office_moment(const struct demo *d, int64_t t)
{
	wb_date day = demo_local_day(d, t);
	int64_t sec = t - demo_at_local(d, day, 0);
	if (wb_is_workday(&d->cal, day) && sec >= 9 * 3600)
		return sec > 17 * 3600 + 1800 ? demo_at_local(d, day, 17 * 3600 + 1800) : t;
	do
		day--;
	while (!wb_is_workday(&d->cal, day));
	return demo_at_local(d, day, 17 * 3600 + 1800);
}

/* ---- text ---- */

/* @p fmt with {u} replaced by the unit's name and {w} by its window's. */
static const char *subst(struct demo *d, const char *fmt, int unit)
{
	char buf[1024];
	size_t n = 0;
	const char *w = demo_units[unit].window ? demo_units[unit].window : demo_units[unit].name;
	for (const char *p = fmt; *p && n < sizeof buf - 1;) {
		const char *put = NULL;
		if (strncmp(p, "{u}", 3) == 0)
			put = demo_units[unit].name;
		else if (strncmp(p, "{w}", 3) == 0)
			put = w;
		if (put) {
			size_t k = strlen(put);
			if (n + k >= sizeof buf)
				break;
			memcpy(buf + n, put, k);
			n += k;
			p += 3;
		} else {
			buf[n++] = *p++;
		}
	}
	buf[n] = '\0';
	return arena_strdup(&d->keep, buf);
}

static int ntexts(const struct topic *tp)
{
	int n = 0;
	while (n < 4 && tp->texts[n])
		n++;
	return n;
}

static const char *full_name(struct demo *d)
{
	return arena_printf(&d->keep, "%s%s", demo_surnames[demo_rnd(&d->r, COUNT(demo_surnames))],
			    demo_given[demo_rnd(&d->r, COUNT(demo_given))]);
}

/* Who gave the opinion, as they wished to be named; NULL: anonymous. */
static const char *giver_name(struct demo *d, enum wb_source src)
{
	struct rng *r = &d->r;
	const char *sur = demo_surnames[demo_rnd(r, COUNT(demo_surnames))];
	switch (src) {
	case SRC_PUBLIC:
		return chance(r, 45) ? arena_printf(&d->keep, "%s%s", sur,
						    chance(r, 50) ? "先生" : "女士")
				     : NULL;
	case SRC_PARTY_DELEGATE:
		return arena_printf(&d->keep, "%s（党代表）", full_name(d));
	case SRC_NPC_DEPUTY:
		return arena_printf(&d->keep, "%s（区人大代表）", full_name(d));
	case SRC_CPPCC_MEMBER:
		return arena_printf(&d->keep, "%s（区政协委员）", full_name(d));
	case SRC_DEMOCRATIC_PARTY:
		return arena_printf(&d->keep, "%s（民主党派代表）", full_name(d));
	case SRC_RETIRED_CADRE:
		return chance(r, 70) ? arena_printf(&d->keep, "%s（退休干部）", full_name(d))
				     : NULL;
	case SRC_ENTERPRISE:
		return chance(r, 70) ? arena_printf(&d->keep, "%s经理（企业代表）", sur) : NULL;
	case SRC_SUPERVISOR:
		return arena_printf(&d->keep, "%s（特邀监督员）", full_name(d));
	default:
		return chance(r, 20) ? arena_printf(&d->keep, "%s先生", sur) : NULL;
	}
}

static const char *phone(struct demo *d)
{
	static const char *const pre[] = {"138", "139", "137", "135", "186", "158"};
	return arena_printf(&d->keep, "%s0000%04d", pre[demo_rnd(&d->r, COUNT(pre))],
			    demo_rnd(&d->r, 10000));
}

/* ---- planning opinions ---- */

static struct popinion *new_opinion(struct demo *d)
{
	if (d->nops == d->capops) {
		d->capops = d->capops ? 2 * d->capops : 256;
		d->ops = xreallocarray(d->ops, (size_t)d->capops, sizeof *d->ops);
	}
	struct popinion *o = &d->ops[d->nops++];
	memset(o, 0, sizeof *o);
	o->prob = -1;
	return o;
}

struct step *demo_new_step(struct demo *d, int64_t t, enum step_kind kind)
{
	if (d->nsteps == d->capsteps) {
		d->capsteps = d->capsteps ? 2 * d->capsteps : 1024;
		d->steps = xreallocarray(d->steps, (size_t)d->capsteps, sizeof *d->steps);
	}
	struct step *s = &d->steps[d->nsteps];
	memset(s, 0, sizeof *s);
	s->t = t > d->plimit ? d->plimit : t;
	s->seq = d->nsteps++;
	s->kind = kind;
	s->prob = s->op = s->to_unit = -1;
	return s;
}

/* Source, channel, giver and wording of an opinion about @p unit on @p topic. */
static void describe_opinion(struct demo *d, struct popinion *o, int online, int variant)
{
	struct rng *r = &d->r;
	static const int src_w[SRC__N] = {40, 6, 8, 7, 4, 8, 10, 10, 7};
	const struct topic *tp = &demo_topics[o->topic];
	o->dim = tp->dim;
	if (online) {
		o->src = SRC_PUBLIC;
		o->ch = CH_ONLINE;
		o->point = -1;
	} else {
		o->src = pick(r, src_w, SRC__N);
		switch (o->src) {
		case SRC_PARTY_DELEGATE:
		case SRC_NPC_DEPUTY:
		case SRC_CPPCC_MEMBER:
		case SRC_DEMOCRATIC_PARTY:
			o->ch = chance(r, 65) ? CH_FORUM : CH_INTERVIEW;
			break;
		case SRC_RETIRED_CADRE:
		case SRC_ENTERPRISE: {
			static const int w[] = {35, 35, 30};
			static const enum wb_channel c[] = {CH_FORUM, CH_INTERVIEW,
							    CH_QUESTIONNAIRE};
			o->ch = c[pick(r, w, 3)];
			break;
		}
		case SRC_SUPERVISOR:
			o->ch = chance(r, 60) ? CH_FORM : CH_INTERVIEW;
			break;
		case SRC_PUBLIC: {
			static const int w[] = {35, 35, 30};
			static const enum wb_channel c[] = {CH_QUESTIONNAIRE, CH_FORM, CH_HOTLINE};
			o->ch = c[pick(r, w, 3)];
			break;
		}
		default:
			o->ch = chance(r, 50) ? CH_FORM : CH_HOTLINE;
			break;
		}
		const char *home = demo_units[o->unit].home;
		o->point = home && chance(r, 75) ? demo_unit_ix(home)
						 : demo_unit_ix("pt-01") + demo_rnd(r, 16);
	}
	const char *text = subst(d, tp->texts[variant % ntexts(tp)], o->unit);
	const char *pre = "";
	if (o->ch == CH_FORUM && chance(r, 40))
		pre = "座谈会上提出：";
	else if (o->ch == CH_HOTLINE && chance(r, 40))
		pre = "来电反映：";
	else if (o->src == SRC_SUPERVISOR && chance(r, 50))
		pre = "明察暗访发现：";
	else if (o->src == SRC_ENTERPRISE && chance(r, 30))
		pre = "企业办事人员反映：";
	const char *post = chance(r, 40) ? demo_suffixes[demo_rnd(r, COUNT(demo_suffixes))] : "";
	o->content = arena_printf(&d->keep, "%s%s%s", pre, text, post);
	o->name = giver_name(d, o->src);
	o->phone = (o->name && chance(r, 55)) || (online && chance(r, 20)) ? phone(d) : NULL;
}

/* When the opinion came in, and when it was entered: points enter in office hours. */
static void time_opinion(struct demo *d, struct popinion *o, int64_t received)
{
	if (o->point < 0) {
		o->received = o->entered = received > d->plimit ? d->plimit : received;
		return;
	}
	o->received = cap(d, demo_office(d, received));
	/* Most points enter the same or the next day; a few let paper forms pile up for a
	 * week now and then (their 按时录入率 shows it). */
	double days =
		o->point % 5 == 3 && chance(&d->r, 35) ? uni(&d->r, 3, 8) : uni(&d->r, 0.02, 1.2);
	o->entered = cap(d, demo_office(d, o->received + (int64_t)(days * DAY)));
}

static void push_opinion(struct demo *d, int oi)
{
	struct step *s = demo_new_step(d, d->ops[oi].entered, SK_OPINION);
	s->op = oi;
}

/* ---- planning problems ---- */

struct build {
	struct demo *d;
	int prob;
	int64_t t, last; /* time of the latest step, capped and not */
	double scale;
};

static void b_wait(struct build *b, double lo, double hi)
{
	int64_t raw = demo_office(b->d, b->t + (int64_t)(uni(&b->d->r, lo, hi) * b->scale * DAY));
	if (raw > b->last)
		b->last = raw;
	b->t = cap(b->d, raw);
}

static struct step *b_act(struct build *b, double lo, double hi, enum wb_action act, enum actor who)
{
	b_wait(b, lo, hi);
	struct step *s = demo_new_step(b->d, b->t, SK_ACT);
	s->prob = b->prob;
	s->act = act;
	s->who = who;
	return s;
}

static struct pproblem *bp(struct build *b)
{
	return &b->d->probs[b->prob];
}

enum due { DUE_DEFAULT, DUE_SHORT, DUE_SAFE };

static void s_dispatch(struct build *b, enum due due)
{
	struct demo *d = b->d;
	struct step *s = b_act(b, 0.5, 3, ACT_DISPATCH, chance(&d->r, 60) ? AC_ADMIN : AC_STATION);
	int days = (int)((d->now - s->t) / DAY);
	if (due == DUE_SHORT) {
		s->in.has_due_workdays = 1;
		s->in.due_workdays = days / 3 < 1 ? 1 : days / 3 > 8 ? 8 : days / 3;
	} else if (due == DUE_SAFE) {
		int wd = days + 5;
		if (wd < d->c.cfg.due_workdays[bp(b)->sev])
			wd = d->c.cfg.due_workdays[bp(b)->sev];
		s->in.has_due_workdays = 1;
		s->in.due_workdays =
			wd > d->c.cfg.max_due_workdays ? d->c.cfg.max_due_workdays : wd;
	}
}

static void s_ack(struct build *b)
{
	b_act(b, 0.3, 2, ACT_ACKNOWLEDGE, AC_UNIT);
}

static void s_feedback(struct build *b)
{
	struct demo *d = b->d;
	struct pproblem *p = bp(b);
	const struct topic *tp = &demo_topics[p->topic];
	struct step *s = b_act(b, 2, 6, ACT_FEEDBACK, AC_UNIT);
	static const char *const opening[] = {"经核查，群众反映的“%s”问题基本属实。",
					      "收到转办意见后，我单位立即组织核查，“%s”问题属实。",
					      "经调查，“%s”问题确实存在，我们诚恳接受群众监督。"};
	const char *head =
		arena_printf(&d->keep, opening[demo_rnd(&d->r, COUNT(opening))], p->title);
	s->in.reply =
		arena_printf(&d->keep, "%s我单位已召开专题会议研究整改，由分管负责同志牵头，%s。",
			     head, tp->measure);
	s->in.plan = arena_printf(&d->keep,
				  "一、%s；二、加强一线人员教育管理和业务培训；"
				  "三、建立整改台账，定期自查，接受群众和监测站监督。",
				  tp->measure);
}

static void s_progress(struct build *b, int percent)
{
	struct demo *d = b->d;
	const struct topic *tp = &demo_topics[bp(b)->topic];
	struct step *s = b_act(b, 4, 12, ACT_PROGRESS, AC_UNIT);
	s->in.has_percent = 1;
	s->in.percent = percent;
	s->in.measures = arena_printf(
		&d->keep, "正在落实：%s。已完成整改方案制定和部分措施，其余按计划推进。",
		tp->measure);
	s->in.evidence = demo_evidences[demo_rnd(&d->r, COUNT(demo_evidences))];
}

static void s_done(struct build *b)
{
	struct demo *d = b->d;
	const struct topic *tp = &demo_topics[bp(b)->topic];
	struct step *s = b_act(b, 5, 16, ACT_PROGRESS, AC_UNIT);
	s->in.has_percent = s->in.has_done = 1;
	s->in.percent = 100;
	s->in.done = 1;
	s->in.measures =
		arena_printf(&d->keep, "整改已完成：%s。相关制度已建立并公示，将持续巩固整改成果。",
			     tp->measure);
	s->in.evidence = demo_evidences[demo_rnd(&d->r, COUNT(demo_evidences))];
}

static void s_verify(struct build *b, int passed)
{
	struct demo *d = b->d;
	static const char *const ok[] = {"监测站现场核查，整改措施已落实到位。",
					 "经实地回访，问题已解决。",
					 "抽查整改台账和现场情况，符合整改要求。"};
	struct step *s = b_act(b, 2, 7, ACT_VERIFY, chance(&d->r, 70) ? AC_STATION : AC_ADMIN);
	s->in.has_passed = 1;
	s->in.passed = passed;
	s->in.note = passed ? ok[demo_rnd(&d->r, COUNT(ok))]
			    : "现场核查发现整改不彻底，部分措施尚未落实，退回继续整改。";
}

enum rate { RATE_CLOSABLE, RATE_BAD, RATE_UNAWARE, RATE_SOME };

static enum wb_rating draw_rating(struct rng *r)
{
	static const int w[RATING__N] = {66, 18, 7, 9};
	return pick(r, w, RATING__N);
}

/*
 * One rating of the current round from a source that has not rated it yet (one rating
 * per source and round): a giver through the receipt, a giver's paper form entered by the
 * point, or the own rating of the station or the office. @return 0 when every source has
 * rated already
 */
static int s_rate(struct build *b, enum wb_rating rating, int *used, int *used_own)
{
	struct demo *d = b->d;
	struct pproblem *p = bp(b);
	/* a giver who has not rated this round, and whose opinion was merged at once */
	int cand[MAX_GROUP], n = 0;
	for (int i = 0; i < p->nops; i++)
		if (!used[i] && !d->ops[p->ops[i]].late)
			cand[n++] = i;
	static const enum actor own[] = {AC_STATION, AC_ADMIN};
	int nown = !used_own[0] + !used_own[1];
	if (n && (nown == 0 || chance(&d->r, 60))) {
		int i = cand[demo_rnd(&d->r, n)];
		used[i] = 1;
		if (chance(&d->r, 75)) {
			static const char *const notes[RATING__N] = {
				"问题解决了，服务明显改进。", "有改进，但还可以更好。",
				"变化不大，希望继续整改。", "不太了解整改情况。"};
			b_wait(b, 1, 6);
			struct step *s = demo_new_step(d, b->t, SK_RATE_PUBLIC);
			s->prob = b->prob;
			s->op = p->ops[i];
			s->in.has_rating = 1;
			s->in.rating = rating;
			s->in.note = chance(&d->r, 60) ? notes[rating] : NULL;
			return 1;
		}
		/* the point visits the giver and enters their 整改效果表 */
		struct step *s = b_act(b, 1, 6, ACT_EVALUATE, AC_POINT);
		s->op = p->ops[i];
		s->in.has_opinion_id = 1;
		s->in.has_rating = 1;
		s->in.rating = rating;
		s->in.note = "监测点上门回访，代填整改效果表";
		return 1;
	}
	if (nown == 0)
		return 0;
	int k = used_own[0] ? 1 : used_own[1] ? 0 : demo_rnd(&d->r, 2);
	used_own[k] = 1;
	static const char *const notes[] = {"监测站现场复核", "纠风办组织特邀监督员复核"};
	struct step *s = b_act(b, 1, 6, ACT_EVALUATE, own[k]);
	s->in.has_rating = 1;
	s->in.rating = rating;
	s->in.note = notes[k];
	return 1;
}

static int closable(const enum wb_rating *x, int n)
{
	int valid = 0, unsat = 0;
	for (int i = 0; i < n; i++) {
		valid += x[i] != RATING_UNAWARE;
		unsat += x[i] == RATING_UNSATISFIED;
	}
	return valid > 0 && 2 * unsat <= valid;
}

static void s_ratings(struct build *b, enum rate mode)
{
	struct rng *r = &b->d->r;
	int used[MAX_GROUP] = {0}, used_own[2] = {0};
	enum wb_rating x[3];
	int n = 0;
	switch (mode) {
	case RATE_BAD:
		x[n++] = RATING_UNSATISFIED;
		x[n++] = RATING_UNSATISFIED;
		x[n++] = RATING_BASIC;
		break;
	case RATE_UNAWARE:
		x[n++] = RATING_UNAWARE;
		break;
	case RATE_SOME:
	case RATE_CLOSABLE:
		/* every problem has a giver and two own raters: three sources at least */
		n = 1 + demo_rnd(r, 3);
		for (int i = 0; i < n; i++)
			x[i] = draw_rating(r);
		/* Closable: turn the last ratings satisfied until unsatisfied ones are not more
		 * than half of the valid ones. */
		for (int i = n - 1; mode == RATE_CLOSABLE && i >= 0 && !closable(x, n); i--)
			x[i] = RATING_SATISFIED;
		break;
	}
	for (int i = 0; i < n; i++)
		if (!s_rate(b, x[i], used, used_own))
			break;
}

static void s_close(struct build *b)
{
	b_act(b, 2, 6, ACT_CLOSE, AC_ADMIN);
}

static void s_reopen(struct build *b, double lo, double hi, const char *reason)
{
	struct step *s = b_act(b, lo, hi, ACT_REOPEN, chance(&b->d->r, 60) ? AC_STATION : AC_ADMIN);
	s->in.reason = reason;
}

static void s_return(struct build *b)
{
	struct demo *d = b->d;
	struct step *s = b_act(b, 0.5, 3, ACT_RETURN, AC_UNIT);
	s->in.reason = arena_printf(&d->keep,
				    "经核实，该事项属于%s的职责范围，不属于我单位，建议转其办理。",
				    demo_units[bp(b)->alt].name);
}

static void s_redispatch(struct build *b)
{
	struct step *s = b_act(b, 1, 4, ACT_DISPATCH, AC_ADMIN);
	s->to_unit = bp(b)->alt;
}

static void s_extension(struct build *b, int days)
{
	static const char *const why[] = {"整改涉及设备采购和招投标程序，需延长整改期限。",
					  "整改涉及多个部门协调和工程施工，原定期限内难以完成。",
					  "整改需要调整办公场地布局，申请延期完成。"};
	struct step *s = b_act(b, 2, 6, ACT_EXTENSION, AC_UNIT);
	s->days = days;
	s->in.reason = why[demo_rnd(&b->d->r, COUNT(why))];
}

static void s_decide(struct build *b, int approved)
{
	struct step *s = b_act(b, 1, 3, ACT_EXTENSION_DECISION, AC_ADMIN);
	s->in.has_approved = 1;
	s->in.approved = approved;
	s->in.note = approved ? "同意延期，请按新期限完成整改并按时报送进度。"
			      : "延期理由不充分，不予延期，请按原期限完成整改。";
}

static void s_flag(struct build *b, double lo, double hi)
{
	struct step *s = b_act(b, lo, hi, ACT_FLAG, AC_ADMIN);
	s->in.has_flagged = 1;
	s->in.flagged = 1;
	s->days = 30 + demo_rnd(&b->d->r, 60);
}

/* Days from the step being planned until today, plus a margin: a deadline after today. */
static int days_past_today(struct build *b, int margin)
{
	return (int)((b->d->now - b->t) / DAY) + margin + demo_rnd(&b->d->r, 10);
}

static void s_to_rectified(struct build *b, enum due due)
{
	s_dispatch(b, due);
	s_ack(b);
	s_feedback(b);
	if (chance(&b->d->r, 60))
		s_progress(b, 20 + 10 * demo_rnd(&b->d->r, 6));
	s_done(b);
}

static void story_steps(struct build *b)
{
	struct demo *d = b->d;
	struct pproblem *p = bp(b);
	static const char unsatisfied[] = "回访群众多数不满意，整改效果未达到要求，责令重办。";
	static const char recurred[] = "群众再次反映同类问题，整改成果未巩固，重新启动整改。";
	switch (p->story) {
	case SY_OPEN:
		break;
	case SY_DISPATCHED_NEW:
		s_dispatch(b, DUE_SAFE);
		break;
	case SY_REDISPATCHED_NEW:
		s_dispatch(b, DUE_SAFE);
		s_ack(b);
		s_return(b);
		s_redispatch(b);
		break;
	case SY_DISPATCHED_LATE:
		s_dispatch(b, DUE_SHORT);
		break;
	case SY_ACK_NEW:
		s_dispatch(b, DUE_SAFE);
		s_ack(b);
		break;
	case SY_ACK_LATE:
		s_dispatch(b, DUE_SHORT);
		s_ack(b);
		break;
	case SY_ANSWERED_NEW:
		s_dispatch(b, DUE_SAFE);
		s_ack(b);
		s_feedback(b);
		break;
	case SY_ANSWERED_LATE:
		s_dispatch(b, DUE_SHORT);
		s_ack(b);
		s_feedback(b);
		break;
	case SY_RECTIFYING_LATE:
		s_dispatch(b, DUE_SHORT);
		s_ack(b);
		s_feedback(b);
		s_progress(b, 20 + 10 * demo_rnd(&d->r, 4));
		if (chance(&d->r, 50))
			s_progress(b, 60 + 10 * demo_rnd(&d->r, 2));
		break;
	case SY_RECTIFYING_EXT:
		s_dispatch(b, DUE_DEFAULT);
		s_ack(b);
		s_feedback(b);
		s_progress(b, 30);
		s_extension(b, 0);
		d->steps[d->nsteps - 1].days = days_past_today(b, 20);
		s_decide(b, 1);
		s_progress(b, 60);
		break;
	case SY_RECTIFYING_EXT_PENDING:
		s_dispatch(b, DUE_SAFE);
		s_ack(b);
		s_feedback(b);
		s_progress(b, 30);
		s_extension(b, 0);
		d->steps[d->nsteps - 1].days = days_past_today(b, 30);
		break;
	case SY_RECTIFYING_FAILED:
		s_to_rectified(b, DUE_DEFAULT);
		s_verify(b, 0);
		if (chance(&d->r, 50))
			s_progress(b, 80);
		break;
	case SY_RECTIFYING_REOPENED:
		s_to_rectified(b, DUE_DEFAULT);
		s_verify(b, 1);
		s_ratings(b, RATE_CLOSABLE);
		s_close(b);
		s_reopen(b, 15, 40, recurred);
		if (chance(&d->r, 50))
			s_progress(b, 30);
		break;
	case SY_RECTIFIED:
		s_to_rectified(b, DUE_DEFAULT);
		break;
	case SY_VERIFIED: {
		static const enum rate modes[] = {RATE_SOME, RATE_SOME,    RATE_SOME,
						  RATE_SOME, RATE_SOME,    RATE_SOME,
						  RATE_SOME, RATE_UNAWARE, RATE_BAD};
		s_to_rectified(b, DUE_DEFAULT);
		s_verify(b, 1);
		if (p->k < COUNT(modes))
			s_ratings(b, modes[p->k]);
		break;
	}
	case SY_CLOSED:
		s_to_rectified(b, DUE_DEFAULT);
		s_verify(b, 1);
		s_ratings(b, RATE_CLOSABLE);
		s_close(b);
		break;
	case SY_CLOSED_EXT:
		s_dispatch(b, DUE_DEFAULT);
		s_ack(b);
		s_feedback(b);
		s_progress(b, 40);
		s_extension(b, 20 + demo_rnd(&d->r, 20));
		s_decide(b, p->k != 2);
		s_progress(b, 70);
		s_done(b);
		s_verify(b, 1);
		s_ratings(b, RATE_CLOSABLE);
		s_close(b);
		break;
	case SY_CLOSED_FAILED:
		s_to_rectified(b, DUE_DEFAULT);
		s_verify(b, 0);
		s_done(b);
		s_verify(b, 1);
		s_ratings(b, RATE_CLOSABLE);
		s_close(b);
		break;
	case SY_CLOSED_REDISPATCH:
		s_dispatch(b, DUE_DEFAULT);
		s_ack(b);
		s_return(b);
		s_redispatch(b);
		s_ack(b);
		s_feedback(b);
		s_done(b);
		s_verify(b, 1);
		s_ratings(b, RATE_CLOSABLE);
		s_close(b);
		break;
	case SY_CLOSED_REOPENED:
		s_to_rectified(b, DUE_DEFAULT);
		s_verify(b, 1);
		s_ratings(b, RATE_BAD);
		s_reopen(b, 2, 5, unsatisfied);
		s_progress(b, 60);
		s_done(b);
		s_verify(b, 1);
		s_ratings(b, RATE_CLOSABLE);
		s_close(b);
		break;
	case SY_CLOSED_FLAGGED:
		s_dispatch(b, DUE_SHORT);
		s_ack(b);
		s_feedback(b);
		s_flag(b, 15, 25);
		s_progress(b, 50);
		s_done(b);
		s_verify(b, 1);
		s_ratings(b, RATE_CLOSABLE);
		s_close(b);
		break;
	case SY_RETURNED:
		s_dispatch(b, DUE_SAFE);
		if (chance(&d->r, 50))
			s_ack(b);
		s_return(b);
		break;
	default:
		break;
	}
	if (p->flag && p->story != SY_CLOSED_FLAGGED)
		s_flag(b, 10, 25);
}

/*
 * The problem's script from its creation at @p tc. When the natural pace would run past
 * today, the waits are shortened and the script planned again.
 */
static void plan_script(struct demo *d, int pi, int64_t tc)
{
	int mark = d->nsteps;
	double scale = 1.0;
	for (int attempt = 0;; attempt++) {
		struct build b = {d, pi, tc, tc, scale};
		struct step *s = demo_new_step(d, tc, SK_CREATE);
		s->prob = pi;
		story_steps(&b);
		if (b.last <= d->limit || attempt == 5)
			break;
		scale *= 0.9 * (double)(d->limit - tc) / (double)(b.last - tc);
		d->nsteps = mark;
	}
}

static void plan_problem(struct demo *d, int pi)
{
	struct pproblem *p = &d->probs[pi];
	struct rng *r = &d->r;
	static const int size_w[] = {15, 25, 30, 18, 12};
	int n = 1 + pick(r, size_w, COUNT(size_w));
	int anchor = story_anchor(p->story, p->k), recent = anchor > 0;
	/* the summer and autumn: after the survey, done before the last few months */
	int64_t mid_from = demo_at_local(d, d->survey + 35, 8 * 3600);
	double mid_span = (double)(d->now - 110 * DAY - mid_from) / DAY;
	int64_t ws;
	double wlen;
	if (recent) {
		ws = d->now - (int64_t)(anchor + uni(r, 0, 4)) * DAY;
		wlen = 6;
	} else if (anchor < 0 && mid_span > 5) {
		ws = mid_from + (int64_t)(uni(r, 0, mid_span) * DAY);
		wlen = 7;
	} else {
		ws = demo_at_local(d, d->survey, 8 * 3600) + (int64_t)(uni(r, 0, 26) * DAY);
		wlen = 7;
	}
	int first = demo_rnd(r, 4);
	int64_t last_entered = 0;
	for (int k = 0; k < n && k < MAX_GROUP; k++) {
		struct popinion *o = new_opinion(d);
		o->unit = p->unit;
		o->topic = p->topic;
		o->prob = pi;
		describe_opinion(d, o, chance(r, 12), first + k);
		time_opinion(d, o, ws + (int64_t)(uni(r, 0, wlen) * DAY));
		p->ops[p->nops++] = d->nops - 1;
	}
	/* now and then one more comes in after the summary and is merged into it */
	int late = !recent && n >= 3 && p->story < SY_CLOSED &&
		   p->story != SY_RECTIFYING_REOPENED && chance(r, 40);
	for (int k = 0; k < p->nops - late; k++)
		if (d->ops[p->ops[k]].entered > last_entered)
			last_entered = d->ops[p->ops[k]].entered;
	for (int k = 0; k < p->nops - late; k++)
		push_opinion(d, p->ops[k]);

	const struct popinion *o0 = &d->ops[p->ops[0]];
	p->summary = arena_printf(&d->keep, "共汇总%d条意见，集中反映%s的问题。代表性意见：“%s”",
				  p->nops - late, p->title, o0->content);
	int64_t tc = cap(d, demo_office(d, last_entered + (int64_t)(uni(r, 0.5, 3) * DAY)));
	plan_script(d, pi, tc);
	if (late) {
		int oi = p->ops[p->nops - 1];
		struct popinion *o = &d->ops[oi];
		o->late = 1;
		time_opinion(d, o, tc + (int64_t)(uni(r, 1, 4) * DAY));
		push_opinion(d, oi);
		struct step *s = demo_new_step(
			d, cap(d, demo_office(d, o->entered + (int64_t)(uni(r, 0.3, 2) * DAY))),
			SK_MERGE);
		s->prob = pi;
		s->op = oi;
	}
}

struct pair {
	int topic, unit, alt, used;
};

/* Every (topic, unit) an opinion can be about. @return how many, in @p out (shuffled) */
static int make_pairs(struct demo *d, struct pair *out, int max)
{
	int n = 0;
	for (int t = 0; t < NTOPICS; t++) {
		const struct topic *tp = &demo_topics[t];
		for (int u = 0; u < NUNITS && n < max; u++) {
			const struct unit_def *ud = &demo_units[u];
			int ok = strcmp(tp->unit, ud->code) == 0 ||
				 (strcmp(tp->unit, "*street") == 0 && ud->kind == UK_STREET) ||
				 (strcmp(tp->unit, "*dept") == 0 && ud->kind == UK_DEPARTMENT) ||
				 (strcmp(tp->unit, "*fee") == 0 && ud->kind == UK_DEPARTMENT &&
				  ud->fees);
			if (!ok)
				continue;
			int alt = tp->alt ? demo_unit_ix(tp->alt) : -1;
			out[n++] = (struct pair){t, u, alt == u ? -1 : alt, 0};
		}
	}
	for (int i = n - 1; i > 0; i--) {
		int j = demo_rnd(&d->r, i + 1);
		struct pair x = out[i];
		out[i] = out[j];
		out[j] = x;
	}
	return n;
}

void demo_plan(struct demo *d)
{
	struct rng *r = &d->r;
	struct pair pairs[256];
	int npairs = make_pairs(d, pairs, COUNT(pairs));
	int total = 0;
	for (int s = 0; s < SY__N; s++)
		total += story_count[s];
	d->probs = xcalloc((size_t)total, sizeof *d->probs);
	d->capprobs = total;

	/* which problems get flagged: the one that is closed later, and a few overdue ones */
	int flag_rect = 2, flag_disp = 1;
	for (int pass = 0; pass < 2; pass++) {
		for (int s = 0; s < SY__N; s++) {
			/* stories that need another responsible unit take their topics first */
			if (story_needs_alt(s) != (pass == 0))
				continue;
			for (int k = 0; k < story_count[s]; k++) {
				int pi = -1;
				for (int i = 0; i < npairs && pi < 0; i++)
					if (!pairs[i].used &&
					    (!story_needs_alt(s) || pairs[i].alt >= 0))
						pi = i;
				if (pi < 0)
					continue; /* out of topics: fewer problems */
				pairs[pi].used = 1;
				struct pproblem *p = &d->probs[d->nprobs++];
				p->topic = pairs[pi].topic;
				p->unit = pairs[pi].unit;
				p->alt = pairs[pi].alt;
				p->station = demo_station_of(p->unit);
				p->story = s;
				p->k = k;
				p->title = subst(d, demo_topics[p->topic].title, p->unit);
				static const int sev_w[SEV__N] = {65, 25, 10};
				p->sev = pick(r, sev_w, SEV__N);
				if (s == SY_RECTIFYING_LATE && flag_rect > 0) {
					p->flag = 1;
					flag_rect--;
				} else if (s == SY_DISPATCHED_LATE && flag_disp > 0) {
					p->flag = 1;
					flag_disp--;
				}
				if (p->flag || s == SY_CLOSED_FLAGGED)
					p->sev = chance(r, 30) ? SEV_URGENT : SEV_IMPORTANT;
				else if (story_anchor(s, k) > 0 && p->sev == SEV_URGENT)
					p->sev = SEV_IMPORTANT;
				p->by_office = chance(r, 15);
			}
		}
	}
	for (int i = 0; i < d->nprobs; i++)
		plan_problem(d, i);

	/* opinions the stations reject */
	int public_count = 0;
	for (int i = 0; i < d->nops; i++)
		public_count += d->ops[i].point < 0;
	for (int i = 0; i < COUNT(demo_rejects); i++) {
		struct popinion *o = new_opinion(d);
		int oi = d->nops - 1;
		o->unit = demo_unit_ix(demo_rejects[i].unit);
		o->topic = 0;
		o->reject = i + 1;
		o->dim = DIM_CONDUCT;
		o->content = demo_rejects[i].text;
		if (demo_rejects[i].online) {
			o->point = -1;
			o->src = SRC_PUBLIC;
			o->ch = CH_ONLINE;
			public_count++;
		} else {
			o->point = demo_units[o->unit].home ? demo_unit_ix(demo_units[o->unit].home)
							    : demo_unit_ix("pt-01");
			o->src = chance(r, 70) ? SRC_PUBLIC : SRC_OTHER;
			o->ch = chance(r, 50) ? CH_HOTLINE : CH_FORM;
		}
		o->name = chance(r, 50) ? giver_name(d, SRC_PUBLIC) : NULL;
		time_opinion(d, o,
			     demo_at_local(d, d->survey, 8 * 3600) +
				     (int64_t)(uni(r, 0, 33) * DAY));
		push_opinion(d, oi);
		struct step *s = demo_new_step(
			d, cap(d, demo_office(d, o->entered + (int64_t)(uni(r, 1, 5) * DAY))),
			SK_REJECT);
		s->op = oi;
		s->in.reason = demo_rejects[i].reason;
	}

	/* the inbox: recent opinions not summarized yet, to bring the total to about 300 */
	int inbox_public = 40 - public_count < 8 ? 8 : 40 - public_count;
	int inbox_points = 300 - d->nops - inbox_public;
	if (inbox_points < 5)
		inbox_points = 5;
	for (int i = 0; i < inbox_public + inbox_points; i++) {
		struct popinion *o = new_opinion(d);
		int oi = d->nops - 1;
		const struct pair *pr = &pairs[demo_rnd(r, npairs)];
		o->unit = pr->unit;
		o->topic = pr->topic;
		describe_opinion(d, o, i < inbox_public, demo_rnd(r, 4));
		time_opinion(d, o, d->now - (int64_t)(uni(r, 0.2, 18) * DAY));
		push_opinion(d, oi);
	}
}

/* ---- the calendar ---- */

static void cal_add(struct demo *d, wb_date day, int kind)
{
	if (kind == 0 && d->cal.nholidays < COUNT(d->hol))
		d->hol[d->cal.nholidays++] = day;
	else if (kind == 1 && d->cal.nworkdays < COUNT(d->work))
		d->work[d->cal.nworkdays++] = day;
}

static int cal_has(const struct demo *d, wb_date day)
{
	for (size_t i = 0; i < d->cal.nholidays; i++)
		if (d->hol[i] == day)
			return 1;
	return 0;
}

/*
 * A statutory festival of @p len days from @p start: its weekdays are off, and a day of
 * it on a weekend is made up on the next weekdays (补休).
 */
static void provisional_festival(struct demo *d, wb_date start, int len)
{
	int owed = 0;
	for (int i = 0; i < len; i++) {
		if (wb_date_weekday(start + i) >= 5)
			owed++;
		else if (!cal_has(d, start + i))
			cal_add(d, start + i, 0);
	}
	for (wb_date day = start + len; owed > 0; day++)
		if (wb_date_weekday(day) < 5 && !cal_has(d, day)) {
			cal_add(d, day, 0);
			owed--;
		}
}

/* The State Council's arrangement of @p y as shipped (calendars/), else a provisional one. */
static void calendar_year(struct demo *d, int y)
{
	wb_date days[96];
	int kinds[96];
	int n = cli_shipped_days(y, days, kinds, COUNT(days));
	for (int i = 0; i < n; i++)
		cal_add(d, days[i], kinds[i]);
	if (n)
		return;
	provisional_festival(d, wb_date_from_ymd(y, 1, 1), 1);
	for (int i = 0; i < COUNT(demo_lunar); i++)
		if (demo_lunar[i].y == y) {
			provisional_festival(
				d,
				wb_date_from_ymd(y, demo_lunar[i].cny_m, demo_lunar[i].cny_d) - 1,
				4);
			provisional_festival(d, wb_date_from_ymd(y, 4, demo_lunar[i].qm_d), 1);
			provisional_festival(
				d, wb_date_from_ymd(y, demo_lunar[i].db_m, demo_lunar[i].db_d), 1);
			provisional_festival(
				d, wb_date_from_ymd(y, demo_lunar[i].mid_m, demo_lunar[i].mid_d),
				1);
		}
	provisional_festival(d, wb_date_from_ymd(y, 5, 1), 2);
	provisional_festival(d, wb_date_from_ymd(y, 10, 1), 3);
}

static int date_cmp(const void *a, const void *b)
{
	wb_date x = *(const wb_date *)a, y = *(const wb_date *)b;
	return (x > y) - (x < y);
}

/* The two years' special days, checked; those that do not fit the rules are left out. */
void demo_plan_calendar(struct demo *d)
{
	calendar_year(d, d->year);
	calendar_year(d, d->year + 1);
	size_t nh = 0, nw = 0;
	for (size_t i = 0; i < d->cal.nholidays; i++) {
		memset(&d->c.errs, 0, sizeof d->c.errs);
		if (svc_calendar_check(&d->c, d->hol[i], 0) == 0)
			d->hol[nh++] = d->hol[i];
	}
	for (size_t i = 0; i < d->cal.nworkdays; i++) {
		memset(&d->c.errs, 0, sizeof d->c.errs);
		if (svc_calendar_check(&d->c, d->work[i], 1) == 0)
			d->work[nw++] = d->work[i];
	}
	qsort(d->hol, nh, sizeof *d->hol, date_cmp);
	qsort(d->work, nw, sizeof *d->work, date_cmp);
	d->cal.nholidays = nh;
	d->cal.nworkdays = nw;
	d->cal.holidays = d->hol;
	d->cal.workdays = d->work;
}
