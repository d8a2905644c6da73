/*
 * The demo's satisfaction surveys: the statistics bureau runs the baseline during the
 * 作风现状普查 and the endpoint measurement after the rectification, each through the
 * services as the bureau would: the frame of every responsible unit's service recipients,
 * the committed seed, the draw, phone interviews with refusals and unreachable numbers,
 * a few answers by one-time code, re-contact of a share, and the office's results notice.
 * Each unit has a true satisfaction level per evaluation, somewhat better at the endpoint
 * for most, so the results look like a district's.
 */
#include "demo_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../svc/svc_survey.h"
#include "../util/buf.h"
#include "../util/err.h"
#include "cli.h"

enum { CALLS_PER_UNIT = 19, SELF_PER_STREET = 3 };

static int responsible(int i)
{
	return wb_unit_kind_is_responsible(demo_units[i].kind);
}

static int stats_user(void)
{
	return demo_user_of_role(ROLE_STATS, -1);
}

/* Add a survey step at @p t unless it is later than today allows. @return 0, or -1 when
 * the survey has gone as far as today. */
static int add(struct demo *d, int64_t t, int k, enum survey_step ss, int unit)
{
	if (t > d->limit)
		return -1;
	struct step *s = demo_new_step(d, t, SK_SURVEY);
	s->survey = k;
	s->ss = ss;
	s->unit = unit;
	return 0;
}

static int64_t next_day(struct demo *d, int64_t t, int days, int sec)
{
	return demo_office(d, demo_at_local(d, demo_local_day(d, t) + days, sec));
}

/* The steps of survey @p k, starting on @p day. */
static void plan_one(struct demo *d, int k, wb_date day)
{
	int64_t t = demo_office(d, demo_at_local(d, day, 9 * 3600 + 30 * 60));
	if (add(d, t, k, SS_CREATE, -1) || add(d, t + 3600, k, SS_FRAME, -1) ||
	    add(d, t + 5400, k, SS_COMMIT, -1))
		return;
	t = next_day(d, t, 1, 9 * 3600);
	if (add(d, t, k, SS_CLOSE, -1) || add(d, t + 1800, k, SS_DRAW, -1))
		return;
	/* the endpoint reaches some people of the streets and towns by letter first */
	if (k == 1) {
		t = next_day(d, t, 1, 10 * 3600);
		for (int i = 0; i < NUNITS; i++)
			if (demo_units[i].kind == UK_STREET && add(d, t + 60 * i, k, SS_CODES, i))
				return;
		t = next_day(d, t, 2, 11 * 3600);
		for (int i = 0, n = 0; i < NUNITS; i++)
			for (int j = 0; demo_units[i].kind == UK_STREET && j < SELF_PER_STREET; j++)
				if (add(d, t + 300 * n++, k, SS_SELF, i))
					return;
	}
	/* phone interviews over eight working days, every unit a little each day */
	t = next_day(d, t, 1, 9 * 3600);
	for (int day_no = 0; day_no < 8; day_no++) {
		int64_t at = t;
		for (int c = 0; c < (CALLS_PER_UNIT + 7) / 8; c++)
			for (int i = 0; i < NUNITS; i++) {
				if (!responsible(i))
					continue;
				at += 60 + demo_rnd(&d->sr, 240);
				if (add(d, at, k, SS_CALL, i))
					return;
			}
		t = next_day(d, t, 1, 9 * 3600);
	}
	/* each from the one before: a holiday between must not reorder them */
	if (add(d, t, k, SS_RECHECK_DRAW, -1))
		return;
	t = next_day(d, t, 1, 10 * 3600);
	if (add(d, t, k, SS_RECHECK, -1))
		return;
	t = next_day(d, t, 1, 16 * 3600);
	if (add(d, t, k, SS_FINISH, -1))
		return;
	add(d, next_day(d, t, 3, 10 * 3600), k, SS_PUBLISH, -1);
}

void demo_plan_surveys(struct demo *d)
{
	/* the office-hours jitter draws from the story's generator: keep the stories' draws
	 * where they were */
	struct rng story = d->r;
	d->sr.s = d->r.s ^ 0x5375727665790001ull;
	for (int i = 0; i < NUNITS; i++) {
		double base = 0.55 + demo_rnd(&d->sr, 31) / 100.0;
		double eff = base + (demo_rnd(&d->sr, 13) - 6) / 100.0;
		/* most improve after the rectification; a few slip */
		double gain = (demo_rnd(&d->sr, 15) - 3) / 100.0;
		d->sv[0].q[i][DIM_CONDUCT] = base;
		d->sv[0].q[i][DIM_EFFICIENCY] = eff;
		d->sv[1].q[i][DIM_CONDUCT] = base + gain > 0.97 ? 0.97 : base + gain;
		d->sv[1].q[i][DIM_EFFICIENCY] = eff + gain > 0.97 ? 0.97 : eff + gain;
	}
	for (int k = 0; k < 2; k++)
		for (int j = 0; j < 32; j++)
			d->sv[k].seed[j] = "0123456789abcdef"[demo_rnd(&d->sr, 16)];
	plan_one(d, 0, wb_date_from_ymd(d->year, 3, 2));
	plan_one(d, 1, wb_date_from_ymd(d->year, 6, 1));
	d->r = story;
}

/* ---- playing ---- */

/* One answer of someone whose satisfaction is @p q: 不了解 now and then. */
static enum wb_rating answer(struct rng *r, double q)
{
	if (demo_rnd(r, 100) < 7)
		return RATING_UNAWARE;
	if (demo_rnd(r, 1000) < (int)(q * 1000))
		return demo_rnd(r, 100) < 62 ? RATING_SATISFIED : RATING_BASIC;
	return RATING_UNSATISFIED;
}

/* A questionnaire's answers: each item follows the person's overall view mostly. */
static int answers(struct demo *d, const struct svc_survey *sv, int unit, int k,
		   enum wb_rating *out)
{
	enum wb_rating overall[DIM__N];
	for (int dim = 0; dim < DIM__N; dim++)
		overall[dim] = answer(&d->sr, d->sv[k].q[unit][dim]);
	for (int i = 0; i < sv->nitems; i++) {
		enum wb_dimension dim = sv->items[i].dim;
		out[i] = sv->items[i].overall || demo_rnd(&d->sr, 100) < 70
				 ? overall[dim]
				 : answer(&d->sr, d->sv[k].q[unit][dim]);
	}
	return sv->nitems;
}

static const char *frame_csv(struct demo *d)
{
	struct buf b = BUF_INIT;
	int contacts = svc_has_secret_key();
	buf_adds(&b, contacts ? "unit_code,respondent_id,stratum,name,phone\n"
			      : "unit_code,respondent_id,stratum\n");
	for (int i = 0; i < NUNITS; i++) {
		if (!responsible(i))
			continue;
		int n = 150 + demo_rnd(&d->sr, 350), street = demo_units[i].kind == UK_STREET;
		for (int j = 1; j <= n; j++) {
			const char *stratum =
				street ? (demo_rnd(&d->sr, 100) < 25 ? "党员" : "群众")
				       : (demo_rnd(&d->sr, 100) < 70 ? "服务对象" : "社会各界");
			buf_addf(&b, "%s,%s-%04d,%s", demo_units[i].code, demo_units[i].code, j,
				 stratum);
			/* drawn with a key or without, so that the answers are the same */
			const char *sur = demo_surnames[demo_rnd(&d->sr, NSURNAMES)],
				   *given = demo_given[demo_rnd(&d->sr, NGIVEN)];
			int phone = demo_rnd(&d->sr, 1000000000);
			if (contacts)
				buf_addf(&b, ",%s%s,13%09d", sur, given, phone);
			buf_addc(&b, '\n');
		}
	}
	char *t = arena_strndup(&d->keep, b.ptr, b.len);
	buf_release(&b);
	return t;
}

static int notice(struct demo *d, int k, const char **out)
{
	struct svc_survey sv;
	int rc = svc_survey_get(&d->c, d->sv[k].id, &sv);
	if (rc < 0)
		return rc;
	*out = arena_printf(
		&d->keep,
		"关于%d年度作风建设%s满意度测评结果的通报\n"
		"各部门、各街道（镇）：\n"
		"受区纠风办委托，区统计局按随机抽样方法，对全区各部门和街道（镇）的服务对象及社会各界"
		"开展了%s满意度测评。现将测评结果予以通报。排名相近、区间重叠的单位，视为并列。\n"
		"请各单位对照测评中群众反映的问题，认真抓好整改。",
		d->year, wb_enum_label(&wb_survey_rounds, sv.s.round),
		wb_enum_label(&wb_survey_rounds, sv.s.round));
	return 0;
}

struct rechecks {
	int64_t ids[256];
	int n;
};

static int recheck_row(void *arg, const struct wb_survey_person *p)
{
	struct rechecks *r = arg;
	if (p->recheck == 1 && r->n < 256)
		r->ids[r->n++] = p->id;
	return 0;
}

int demo_survey_step(struct demo *d, const struct step *s)
{
	struct svc_ctx *c = &d->c;
	struct dsurvey *ds = &d->sv[s->survey];
	enum wb_rating ans[SVC_SURVEY_ITEMS_MAX];
	struct svc_survey sv;
	int rc = 0;
	demo_act_as(d, stats_user());
	switch (s->ss) {
	case SS_CREATE: {
		struct svc_survey_in in = {
			.campaign_id = d->campaign_id,
			.round = s->survey ? ROUND_ENDPOINT : ROUND_BASELINE,
			.design = {.margin = 0.3, .response_rate = 0.8, .min_n = 15},
			.has_design = {1, 0, 0, 1, 1},
		};
		return svc_survey_create(c, &in, &ds->id);
	}
	case SS_FRAME: {
		const char *csv = frame_csv(d);
		struct svc_frame_result res;
		return svc_survey_frame(c, ds->id, csv, strlen(csv), &res);
	}
	case SS_COMMIT: {
		unsigned char seed[WB_SEED_MAX];
		char hash[65];
		wb_seed_hash(seed, (size_t)wb_seed_parse(ds->seed, seed), hash);
		return svc_survey_commit(c, ds->id, arena_strdup(&d->scratch, hash));
	}
	case SS_CLOSE:
		return svc_survey_close(c, ds->id);
	case SS_DRAW:
		return svc_survey_draw(c, ds->id, ds->seed);
	case SS_CALL: {
		struct svc_call call;
		rc = svc_survey_next(c, ds->id, d->unit_id[s->unit], &call);
		if (rc <= 0)
			return rc;
		int roll = demo_rnd(&d->sr, 100), n = 0;
		enum wb_call_outcome out = roll < 6    ? OUT_REFUSED
					   : roll < 11 ? OUT_UNREACHABLE
					   : roll < 13 ? OUT_INELIGIBLE
						       : OUT_COMPLETED;
		if (out == OUT_COMPLETED) {
			if ((rc = svc_survey_get(c, ds->id, &sv)) < 0)
				return rc;
			n = answers(d, &sv, s->unit, s->survey, ans);
			d->ninterviews++;
		}
		return svc_survey_outcome(c, ds->id, call.p.id, out, ans, n);
	}
	case SS_CODES: {
		struct svc_code *v;
		int n;
		rc = svc_survey_codes(c, ds->id, d->unit_id[s->unit], &v, &n);
		if (rc < 0)
			return rc;
		ds->codes = xreallocarray(ds->codes, (size_t)(ds->ncodes + n), sizeof *ds->codes);
		for (int i = 0; i < n; i++) {
			ds->codes[ds->ncodes] = v[i];
			ds->codes[ds->ncodes].code = arena_strdup(&d->keep, v[i].code);
			ds->codes[ds->ncodes++].unit_code = arena_strdup(&d->keep, v[i].unit_code);
		}
		return 0;
	}
	case SS_SELF: {
		/* the next unused code of the unit */
		const char *code = NULL;
		for (int i = 0; i < ds->ncodes && !code; i++)
			if (ds->codes[i].code &&
			    strcmp(ds->codes[i].unit_code, demo_units[s->unit].code) == 0) {
				code = ds->codes[i].code;
				ds->codes[i].code = NULL;
			}
		if (code == NULL || (rc = svc_survey_get(c, ds->id, &sv)) < 0)
			return rc;
		int n = answers(d, &sv, s->unit, s->survey, ans);
		c->who = (struct wb_actor){0, ROLE__N, 0};
		rc = svc_survey_self(c, code, ans, n);
		if (rc == 0)
			d->ninterviews++;
		return rc;
	}
	case SS_RECHECK_DRAW: {
		int64_t drawn;
		return svc_survey_recheck_draw(c, ds->id, &drawn);
	}
	case SS_RECHECK: {
		struct rechecks r = {.n = 0};
		rc = svc_survey_sample(c, ds->id, 0, 0, 100000, recheck_row, &r);
		for (int i = 0; rc >= 0 && i < r.n; i++) {
			struct svc_call call;
			if ((rc = svc_survey_person(c, ds->id, r.ids[i], &call)) < 0)
				break;
			/* now and then someone remembers an item otherwise */
			if (call.nanswers > 0 && demo_rnd(&d->sr, 100) < 15)
				call.answers[demo_rnd(&d->sr, call.nanswers)] = RATING_BASIC;
			rc = svc_survey_recheck(c, ds->id, r.ids[i], call.answers, call.nanswers);
		}
		return rc < 0 ? rc : 0;
	}
	case SS_FINISH:
		return svc_survey_finish(c, ds->id);
	case SS_PUBLISH: {
		const char *text;
		demo_act_as(d, demo_user_of_role(ROLE_ADMIN, -1));
		if ((rc = notice(d, s->survey, &text)) < 0)
			return rc;
		return svc_survey_publish(c, ds->id, text);
	}
	}
	return WB_ERR_INTERNAL;
}
