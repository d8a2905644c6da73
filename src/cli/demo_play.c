/*
 * The demo's player: it creates the district, then takes every planned step in time
 * order through the services, acting as the demo user of each role with the clock set to
 * the moment of the step, so every record has its audit event as through the API.
 */
#include "demo_int.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "cli.h"

static int step_cmp(const void *a, const void *b)
{
	const struct step *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

void demo_act_as(struct demo *d, int user)
{
	d->c.who.user_id = d->user_id[user];
	d->c.who.role = demo_users[user].role;
	d->c.who.unit_id = d->user_unit[user] >= 0 ? d->unit_id[d->user_unit[user]] : 0;
}

static void act_as_public(struct demo *d)
{
	d->c.who = (struct wb_actor){0, ROLE__N, 0};
}

static const struct wb_actor office_reader = {0, ROLE_ADMIN, 0};

static void act_as_kind(struct demo *d, const struct pproblem *p, enum actor who)
{
	int u = -1;
	switch (who) {
	case AC_STATION:
		u = d->unit_user[p->station];
		break;
	case AC_UNIT:
		u = d->unit_user[p->cur];
		break;
	case AC_POINT:
		for (int i = 0; i < p->nops && u < 0; i++) {
			int pt = d->ops[p->ops[i]].point;
			if (pt >= 0 && !d->ops[p->ops[i]].late)
				u = d->unit_user[pt];
		}
		if (u < 0)
			u = d->unit_user[p->station];
		break;
	default:
		break;
	}
	demo_act_as(d, u >= 0 ? u : demo_user_of_role(ROLE_ADMIN, -1));
}

static const char *cn_date(struct demo *d, wb_date day)
{
	int y, m, dd;
	wb_date_to_ymd(day, &y, &m, &dd);
	return arena_printf(&d->scratch, "%d年%d月%d日", y, m, dd);
}

/* Fill what only the moment of playing knows: units' ids, deadlines, the bulletin. */
static int complete_stage(struct demo *d, struct step *s, struct pproblem *p, struct svc_stage *in)
{
	*in = s->in;
	struct svc_ctx *c = &d->c;
	if (s->act == ACT_DISPATCH && s->to_unit >= 0) {
		in->has_unit_id = 1;
		in->unit_id = d->unit_id[s->to_unit];
	}
	if (s->act != ACT_EXTENSION && s->act != ACT_FLAG)
		return 0;
	struct wb_problem wp;
	int rc = store_problem_get(d->st, &office_reader, p->id, &d->scratch, &wp);
	if (rc <= 0)
		return rc < 0 ? rc : WB_ERR_NOT_FOUND;
	wb_date today = svc_today(c), due = today + s->days;
	if (s->act == ACT_EXTENSION) {
		if (wp.due_on != WB_NO_DATE && due <= wp.due_on)
			due = wp.due_on + 10 + s->days % 20;
		in->has_due_on = 1;
		in->due_on = due;
		return 0;
	}
	in->has_due_on = 1;
	in->due_on = due;
	const char *unit = demo_units[p->cur].name;
	in->bulletin = arena_printf(
		&d->scratch,
		"关于%s“%s”问题整改不力的通报：群众反映的“%s”问题于%s转办%s，至今未按期完成整改。"
		"经区纠风办研究，现予全区通报，并挂牌限时整改。请%s于%s前整改到位并书面报送整改结果；"
		"逾期未完成的，将按照行政效能过错责任制追究相关责任。",
		unit, p->title, p->title, cn_date(d, demo_local_day(d, wp.dispatched_at)), unit,
		unit, cn_date(d, due));
	return 0;
}

static int run_step(struct demo *d, struct step *s)
{
	struct svc_ctx *c = &d->c;
	struct pproblem *p = s->prob >= 0 ? &d->probs[s->prob] : NULL;
	struct popinion *o = s->op >= 0 ? &d->ops[s->op] : NULL;
	int rc = 0;
	c->now = s->t;
	memset(&c->errs, 0, sizeof c->errs);
	switch (s->kind) {
	case SK_OPINION: {
		struct wb_opinion in = {
			.campaign_id = d->campaign_id,
			.target_unit_id = d->unit_id[o->unit],
			.dimension = o->dim,
			.source = o->src,
			.channel = o->ch,
			.content = o->content,
			.submitter_name = o->name,
			.submitter_phone = o->phone,
			.received_at = o->received,
		};
		if (o->point < 0) {
			const char *receipt;
			struct wb_opinion got;
			act_as_public(d);
			rc = svc_public_opinion(c, &in, &receipt);
			if (rc == 0) {
				rc = store_opinion_by_receipt(d->st, receipt, &d->scratch, &got);
				if (rc > 0)
					o->id = got.id;
				rc = rc < 0 ? rc : rc == 0 ? WB_ERR_NOT_FOUND : 0;
			}
		} else if (d->unit_user[o->point] >= 0) {
			demo_act_as(d, d->unit_user[o->point]);
			rc = svc_opinion_create(c, &in, 0, &o->id, NULL);
		} else {
			demo_act_as(d, d->unit_user[demo_station_of(o->point)]);
			in.point_id = d->unit_id[o->point];
			rc = svc_opinion_create(c, &in, 1, &o->id, NULL);
		}
		return rc;
	}
	case SK_REJECT:
		demo_act_as(d, d->unit_user[demo_station_of(o->unit)]);
		return svc_opinion_reject(c, o->id, s->in.reason);
	case SK_CREATE: {
		int64_t ids[MAX_GROUP];
		int n = 0;
		for (int i = 0; i < p->nops; i++)
			if (!d->ops[p->ops[i]].late)
				ids[n++] = d->ops[p->ops[i]].id;
		struct wb_problem in = {
			.campaign_id = d->campaign_id,
			.target_unit_id = d->unit_id[p->unit],
			.dimension = demo_topics[p->topic].dim,
			.title = p->title,
			.summary = p->summary,
			.category = demo_topics[p->topic].category,
			.severity = p->sev,
		};
		act_as_kind(d, p, p->by_office ? AC_ADMIN : AC_STATION);
		p->cur = p->unit;
		return svc_problem_create(c, &in, ids, n, &p->id);
	}
	case SK_MERGE:
		act_as_kind(d, p, p->by_office ? AC_ADMIN : AC_STATION);
		return svc_problem_merge(c, p->id, &o->id, 1);
	case SK_ACT: {
		struct svc_stage in;
		demo_act_as(d, demo_user_of_role(ROLE_ADMIN, -1));
		rc = complete_stage(d, s, p, &in);
		if (rc < 0)
			return rc;
		act_as_kind(d, p, s->who);
		if (in.has_opinion_id) /* a giver's form: the opinion is known only now */
			in.opinion_id = d->ops[s->op].id;
		int64_t eval_id;
		rc = svc_problem_act(c, p->id, s->act, &in, &eval_id);
		if (rc == 0 && s->act == ACT_DISPATCH)
			p->cur = s->to_unit >= 0 ? s->to_unit : p->unit;
		if (rc == 0 && s->act == ACT_EVALUATE)
			d->nevals++;
		return rc;
	}
	case SK_SURVEY:
		return demo_survey_step(d, s);
	case SK_TARGET:
		return demo_target_step(d, s);
	case SK_REGISTER:
		return demo_register_step(d, s);
	case SK_RATE_PUBLIC: {
		struct wb_opinion got;
		int64_t eval_id;
		/* the giver's own copy of the receipt: no staff read returns it */
		rc = store_opinion_get(d->st, NULL, o->id, &d->scratch, &got);
		if (rc <= 0 || got.receipt == NULL)
			return rc < 0 ? rc : WB_ERR_NOT_FOUND;
		act_as_public(d);
		rc = svc_public_evaluate(c, got.receipt, s->in.rating, s->in.note, &eval_id);
		if (rc == 0) {
			d->nevals++;
			d->npublic_evals++;
		}
		return rc;
	}
	}
	return WB_ERR_INTERNAL;
}

int demo_play(struct demo *d)
{
	qsort(d->steps, (size_t)d->nsteps, sizeof *d->steps, step_cmp);
	for (int i = 0; i < d->nsteps; i++) {
		struct step *s = &d->steps[i];
		int rc = run_step(d, s);
		arena_release(&d->scratch);
		if (rc < 0) {
			char when[32];
			wb_time_format(s->t, d->c.cfg.tz_min, when);
			fprintf(stderr, "wubiao demo: step %d of %d (%s at %s", i + 1, d->nsteps,
				s->kind == SK_ACT        ? wb_enum_name(&wb_actions, s->act)
				: s->kind == SK_OPINION  ? "opinion"
				: s->kind == SK_REJECT   ? "reject"
				: s->kind == SK_CREATE   ? "summarize"
				: s->kind == SK_MERGE    ? "merge"
				: s->kind == SK_SURVEY   ? "survey"
				: s->kind == SK_TARGET   ? "target management"
				: s->kind == SK_REGISTER ? "registers"
							 : "public evaluation",
				when);
			if (s->prob >= 0)
				fprintf(stderr, ", problem \"%s\"", d->probs[s->prob].title);
			if (s->kind == SK_SURVEY)
				fprintf(stderr, ", survey %d step %d unit %d", s->survey,
					(int)s->ss, s->unit);
			fprintf(stderr, ") failed\n");
			cli_print_err(&d->c, rc);
			return -1;
		}
	}
	return 0;
}

/* ---- setting up the district ---- */

static int fail(struct demo *d, int rc, const char *what)
{
	fprintf(stderr, "wubiao demo: cannot create %s\n", what);
	cli_print_err(&d->c, rc);
	return -1;
}

void demo_make_password(char out[17])
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	for (int i = 0; i < 16; i++)
		out[i] = al[randombytes_uniform(sizeof al - 1)];
	out[16] = '\0';
}

static int create_user(struct demo *d, int i)
{
	char pw[17];
	demo_make_password(pw);
	struct wb_user u = {
		.username = demo_users[i].username,
		.display_name = demo_users[i].display,
		.role = demo_users[i].role,
		.unit_id = d->user_unit[i] >= 0 ? d->unit_id[d->user_unit[i]] : 0,
	};
	memset(&d->c.errs, 0, sizeof d->c.errs);
	int rc = svc_user_create(&d->c, &u, pw, &d->user_id[i]);
	if (rc == 0 &&
	    fprintf(d->logins, "%s\t%s\t%s\t%s\n", demo_users[i].username,
		    wb_enum_name(&wb_roles, demo_users[i].role),
		    d->user_unit[i] >= 0 ? demo_units[d->user_unit[i]].name : "区统计局", pw) < 0)
		rc = WB_ERR_IO;
	sodium_memzero(pw, sizeof pw);
	if (rc == WB_ERR_IO) {
		fprintf(stderr, "wubiao demo: cannot write the logins file: %s\n", strerror(errno));
		return -1;
	}
	return rc < 0 ? fail(d, rc, demo_users[i].username) : 0;
}

static int create_unit(struct demo *d, int i)
{
	const struct unit_def *u = &demo_units[i];
	struct wb_unit in = {
		.name = u->name,
		.kind = u->kind,
		.parent_id = u->parent ? d->unit_id[demo_unit_ix(u->parent)] : 0,
		.station_id = u->station ? d->unit_id[demo_unit_ix(u->station)] : 0,
		.code = u->code,
	};
	memset(&d->c.errs, 0, sizeof d->c.errs);
	int rc = svc_unit_create(&d->c, &in, &d->unit_id[i]);
	return rc < 0 ? fail(d, rc, u->name) : 0;
}

/* Units, users, the calendar and the campaign, a week before the survey starts. */
int demo_setup(struct demo *d)
{
	struct svc_ctx *c = &d->c;
	int64_t t = demo_office(d, demo_at_local(d, wb_date_from_ymd(d->year, 2, 9), 9 * 3600));
	for (int i = 0; i < NUSERS; i++) {
		d->user_unit[i] = demo_users[i].unit ? demo_unit_ix(demo_users[i].unit) : -1;
		if (d->user_unit[i] >= 0 && d->unit_user[d->user_unit[i]] < 0)
			d->unit_user[d->user_unit[i]] = i; /* the office's is the administrator */
	}
	/* the system creates the office and its administrator; the administrator the rest */
	c->now = t;
	int office_ix = demo_unit_ix("office"), admin = demo_user_of_role(ROLE_ADMIN, -1);
	if (create_unit(d, office_ix) < 0 || create_user(d, admin) < 0)
		return -1;
	demo_act_as(d, admin);
	for (int i = 0; i < NUNITS; i++) {
		if (i == office_ix)
			continue;
		c->now = t += 60 + demo_rnd(&d->r, 120);
		if (create_unit(d, i) < 0)
			return -1;
	}
	t = demo_office(d, t + DAY);
	for (int i = 0; i < NUSERS; i++) {
		if (i == admin)
			continue;
		/* the bureau's account, added later, takes no draw: the stories stay as they were
		 */
		c->now = t += 60 + (demo_users[i].role == ROLE_STATS ? 0 : demo_rnd(&d->r, 240));
		if (create_user(d, i) < 0)
			return -1;
	}
	t = demo_office(d, t + DAY);
	for (int kind = 0; kind < 2; kind++) {
		const wb_date *days = kind ? d->cal.workdays : d->cal.holidays;
		size_t n = kind ? d->cal.nworkdays : d->cal.nholidays;
		for (size_t i = 0; i < n; i++) {
			c->now = t += 1 + demo_rnd(&d->r, 3);
			memset(&c->errs, 0, sizeof c->errs);
			int rc = svc_calendar_set(c, days[i], kind);
			if (rc < 0)
				return fail(d, rc, "the calendar");
		}
	}
	wb_date eval_end = wb_date_from_ymd(
		demo_local_day(d, d->now) >= wb_date_from_ymd(d->year + 1, 1, 1) ? d->year + 1
										 : d->year,
		12, 31);
	struct wb_campaign camp = {
		.name = arena_printf(&d->keep, "%d年度作风建设“三级两评五表”评议活动", d->year),
		.year = d->year,
		.nphases = 3,
		.phases = {{PHASE_SURVEY, d->survey, wb_date_from_ymd(d->year, 3, 25)},
			   {PHASE_RECTIFY, wb_date_from_ymd(d->year, 3, 15),
			    wb_date_from_ymd(d->year, 5, 31)},
			   {PHASE_EVALUATE, wb_date_from_ymd(d->year, 5, 15), eval_end}},
	};
	c->now = demo_office(d, t + DAY);
	memset(&c->errs, 0, sizeof c->errs);
	int rc = svc_campaign_create(c, &camp, &d->campaign_id);
	return rc < 0 ? fail(d, rc, "the campaign") : 0;
}

/* ---- the summary ---- */

struct tally {
	int n, by[16], flagged, delisted, online;
};

static int tally_unit(void *arg, const struct wb_unit *u)
{
	struct tally *k = arg;
	k->n++;
	k->by[u->kind]++;
	return 0;
}

static int tally_user(void *arg, const struct wb_user *u)
{
	struct tally *k = arg;
	k->n++;
	k->by[u->role]++;
	return 0;
}

static int tally_opinion(void *arg, const struct wb_opinion *o)
{
	struct tally *k = arg;
	k->n++;
	k->by[o->status]++;
	k->online += o->channel == CH_ONLINE;
	return 0;
}

static int tally_problem(void *arg, const struct wb_problem *p)
{
	struct tally *k = arg;
	k->n++;
	k->by[p->status]++;
	k->flagged += p->flagged;
	k->delisted += p->delisted;
	return 0;
}

void demo_summary(struct demo *d, const char *db, const char *logins)
{
	struct store *st = d->st;
	struct tally un = {0}, us = {0}, op = {0}, pr = {0}, late = {0};
	struct store_unit_filter uf = {.kind = -1, .limit = 100000};
	store_unit_list(st, &uf, tally_unit, &un);
	store_user_list(st, 0, 100000, tally_user, &us);
	struct store_opinion_filter of = {
		.status = -1, .dimension = -1, .source = -1, .channel = -1, .limit = 100000};
	store_opinion_list(st, &office_reader, &of, tally_opinion, &op);
	struct store_problem_filter pf = {.awaiting_evaluation = -1,
					  .dimension = -1,
					  .severity = -1,
					  .flagged = -1,
					  .overdue = -1,
					  .ext_pending = -1,
					  .due_until = WB_NO_DATE,
					  .today = d->today,
					  .limit = 100000};
	store_problem_list(st, &office_reader, &pf, tally_problem, &pr);
	pf.overdue = 1;
	store_problem_list(st, &office_reader, &pf, tally_problem, &late);

	char today[11];
	wb_date_format(d->today, today);
	printf("demo district created in %s (campaign %d, today %s)\n", db, d->year, today);
	printf("  units:     %d (%d office, %d stations, %d points, %d departments, %d "
	       "streets/towns)\n",
	       un.n, un.by[UK_OFFICE], un.by[UK_STATION], un.by[UK_POINT], un.by[UK_DEPARTMENT],
	       un.by[UK_STREET]);
	printf("  users:     %d (%d admin, %d leader, %d station, %d point, %d unit, %d stats)\n",
	       us.n, us.by[ROLE_ADMIN], us.by[ROLE_LEADER], us.by[ROLE_STATION], us.by[ROLE_POINT],
	       us.by[ROLE_UNIT], us.by[ROLE_STATS]);
	printf("  opinions:  %d (%d received, %d merged, %d rejected; %d online from the public)\n",
	       op.n, op.by[OS_RECEIVED], op.by[OS_MERGED], op.by[OS_REJECTED], op.online);
	printf("  problems:  %d\n   ", pr.n);
	for (int s = 0; s < PS__N; s++)
		printf(" %s %d%s", wb_enum_name(&wb_pstatuses, s), pr.by[s],
		       s + 1 < PS__N ? "," : "\n");
	printf("    overdue today %d, flagged %d, delisted %d\n", late.n, pr.flagged, pr.delisted);
	printf("  evaluations: %d (%d by the public through receipts)\n", d->nevals,
	       d->npublic_evals);
	printf("  surveys:   %d interviews in the baseline and the endpoint survey\n",
	       d->ninterviews);
	int ncontacts = 0;
	for (int u = 0; u < NUNITS; u++)
		for (int k = 0; k < NCONTACTS; k++)
			ncontacts += d->contact[u][k] != 0;
	printf("  registers: %d first contacts; fault cases proposed, decided and appealed, "
	       "with accountability\n",
	       ncontacts);
	printf("logins (mode 0600): %s\n", logins);
	printf("serve it: wubiao serve --db %s   then open http://127.0.0.1:8080/\n", db);
}
