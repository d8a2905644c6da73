/*
 * Golden figures over the real API: a small district driven through every stage at set
 * clock times (the server restarted with WUBIAO_NOW), then GET /campaigns/{id}/scores at
 * the unit, station and point levels, for the whole campaign and for months, quarters and
 * date ranges, checked number by number against expectations worked out by hand below;
 * ranking within groups (insufficient data, ties); roles and bad input; and scoring
 * schemes versioned by the day they take effect.
 *
 * Formulas (API.md "Figures and forms", src/core/figures.h):
 *   rate value = num/den; 95% Wilson interval, z = 1.96, z^2 = 3.8415:
 *     W(k,n) = (p + z^2/2n +- z*sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n), p = k/n
 *   satisfaction score = (100*sat + 75*basic + 55*unsat) / valid (unaware excluded);
 *     interval mean +- 1.96*s/sqrt(n), s the sample sd, clamped to 55..100 (n = 1: 55..100)
 *   composite = sum of w_i*part_i / sum of w_i over the parts with data; default weights
 *     satisfaction 40, on-time feedback 20, completion 15, on-time rectification 10,
 *     on-time ack 5, non-return 5, non-reopen 5; its interval the same sum over the
 *     parts' bounds (1 - a rate's high is the low of an inverse part)
 *   grade: excellent >= 90, good >= 80, pass >= 60, else fail
 *
 * Wilson intervals used below (centre, half width):
 *   W(0,1) = 0      [0,      0.7935]  centre 0.3967 half 0.3967
 *   W(1,1) = 1      [0.2065, 1     ]  centre 0.6033 half 0.3967
 *   W(0,2) = 0      [0,      0.6576]  centre 0.3288 half 0.3288
 *   W(1,2) = 0.5    [0.0945, 0.9055]  centre 0.5    half 0.4055
 *   W(2,2) = 1      [0.3424, 1     ]  centre 0.6712 half 0.3288
 *   W(0,3) = 0      [0,      0.5615]  centre 0.2807 half 0.2807
 *   W(1,3) = 0.3333 [0.0615, 0.7923]  centre 0.4269 half 0.3654
 *   W(2,3) = 0.6667 [0.2077, 0.9385]  centre 0.5731 half 0.3654
 *   W(3,3) = 1      [0.4385, 1     ]  centre 0.7193 half 0.2807
 *   W(1,4) = 0.25   [0.0456, 0.6994]  centre 0.3725 half 0.3269
 *   W(2,5) = 0.4    [0.1176, 0.7693]  centre 0.4434 half 0.3258
 *   W(3,5) = 0.6    [0.2307, 0.8824]  centre 0.5566 half 0.3258
 *   W(0,5) = 0      [0,      0.4345]  centre 0.2172 half 0.2172
 *   W(5,5) = 1      [0.5655, 1     ]  centre 0.7828 half 0.2172
 *   W(4,6) = 0.6667 [0.3000, 0.9032]  centre 0.6016 half 0.3016
 *   W(5,7) = 0.7143 [0.3589, 0.9178]  centre 0.6384 half 0.2794
 *   W(7,7) = 1      [0.6457, 1     ]  centre 0.8228 half 0.1772
 *   W(7,9) = 0.7778 [0.4526, 0.9368]  centre 0.6947 half 0.2421
 *   W(7,10) = 0.7   [0.3968, 0.8922]  centre 0.6445 half 0.2477
 *
 * The story (dispatches all with due_workdays 5 on Monday 03-02: due_on 03-09, ack_due_on
 * 03-03; times +08:00):
 *   T0 Mon 2026-03-02 09:00
 *     opinions (point, source, channel, dimension, received):
 *       o1 P1A npc_deputy forum conduct 03-01 07:00 (02-28 23:00 UTC)  -> P1 (dept 1)
 *       o2 P1A public questionnaire efficiency 03-02 08:00             -> P1
 *       o3 P1B enterprise interview conduct 03-02 08:00                -> P2 (dept 1)
 *       o4 public form online, efficiency, no point, T0                -> P2
 *       o6 P1A party_delegate hotline efficiency 03-02 08:00           -> P3 (dept 1)
 *       q1 P2A cppcc_member forum conduct 03-02 08:00                  -> Q1 (dept 2)
 *       q2 ST2 retired_cadre interview efficiency 03-02 08:00          -> Q2 (dept 2)
 *       s1 P2A democratic_party forum conduct 03-02 08:00              -> S1 (street)
 *     P1..S1 dispatched by the office, but P3 by station 1
 *     P1: ack, feedback, done, verified; ratings satisfied (office), satisfied (station 1),
 *         basically (office), unaware (office), satisfied (public, o2's receipt)
 *     P3: returned by dept 1, re-dispatched to dept 3 (due 03-09); ack, feedback, done,
 *         verified; ratings satisfied x2
 *     Q1: ack
 *     S1: ack, feedback, done, verified; ratings unsatisfied x3 (station 2, point 2A, the
 *         office), basically x2
 *   Each rating has its own source (one per source and round): "the office" rating n
 *   times is n office accounts (admin, rater0, rater1, ...).
 *   T1 Thu 2026-03-05: P2 ack (late) and feedback (on time); Q2 ack (late)
 *   T2 Thu 2026-03-12: P2 done (late), verified, rated unsatisfied (office) and
 *       unsatisfied (public, o4's receipt), reopened with due_on 03-20 (rectified_at
 *       cleared); Q1 feedback (late), done (late), verified, rated satisfied x3, basically x2
 *   T3 Wed 2026-04-01 07:00 (03-31 23:00 UTC): o5 P1A supervisor form conduct received
 *       04-01 06:00, not merged; P1 rated satisfied
 *   T4 Wed 2026-05-06 10:00 (after a scheme from 05-01 weighing satisfaction only):
 *       o7 ST1 supervisor form efficiency -> P4 (dept 1), dispatched and acknowledged;
 *       P1 rated satisfied x5, Q1 rated unsatisfied x5
 */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct fixture F;

#define T1 "2026-03-05T09:00:00+08:00"
#define T2 "2026-03-12T09:00:00+08:00"
#define T3 "2026-04-01T07:00:00+08:00"
#define T4 "2026-05-06T10:00:00+08:00"

/* Expect JSON null. */
#define NUL NAN

static json_int_t P1, P2, P3, Q1, Q2, S1, P4;
static json_int_t scheme_id;

/* ---- building the story ---- */

static void restart(const char *now)
{
	assert_int_equal(h_restart(now), 0);
	h_fixture_relogin(&F);
}

/* An opinion entered by the office for collector @p point (a point or a station). */
static json_int_t opinion(json_int_t point, json_int_t target, const char *source,
			  const char *channel, const char *dimension, const char *received_at,
			  char **receipt)
{
	json_t *b = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "campaign_id",
			      (json_int_t)F.campaign, "point_id", (json_int_t)point,
			      "target_unit_id", (json_int_t)target, "dimension", dimension,
			      "source", source, "channel", channel, "content",
			      "办事指南没有写明办理时限", "received_at", received_at);
	struct resp r = h_post(F.tok[U_ADMIN], b, API "/opinions");
	assert_status(r, 201);
	json_int_t id = jint(r.json, "id");
	assert_true(id > 0);
	assert_string_equal(jstr(r.json, "source"), source);
	assert_string_equal(jstr(r.json, "channel"), channel);
	if (receipt) {
		assert_non_null(jstr(r.json, "receipt"));
		*receipt = strdup(jstr(r.json, "receipt"));
	}
	resp_free(&r);
	return id;
}

/* A public online opinion; @return its id, found among the office's list by receipt. */
static json_int_t public_opinion(json_int_t target, const char *dimension, char **receipt)
{
	struct resp r = h_post(NULL,
			       json_pack("{s:I, s:s, s:s}", "target_unit_id", (json_int_t)target,
					 "dimension", dimension, "content", "电话咨询无人接听"),
			       API "/public/opinions");
	assert_status(r, 201);
	const char *rc = jstr(r.json, "receipt");
	assert_non_null(rc);
	*receipt = strdup(rc);
	resp_free(&r);
	/* staff never see a receipt: the newest online opinion about the unit is this one */
	char path[128];
	snprintf(path, sizeof path, API "/opinions?target_unit_id=%lld&channel=online",
		 (long long)target);
	json_t *list = h_list_all(F.tok[U_ADMIN], path, 100);
	json_int_t id = 0;
	size_t i;
	json_t *it;
	json_array_foreach(list, i, it)
	{
		assert_null(json_object_get(it, "receipt"));
		if (jint(it, "id") > id)
			id = jint(it, "id");
	}
	json_decref(list);
	if (id <= 0)
		fail_msg("the public opinion %s is not in the office's list", *receipt);
	return id;
}

static void stage(const char *tok, json_int_t id, const char *name, json_t *body,
		  const char *status_after)
{
	struct resp r = h_stage(tok, id, name, body);
	assert_status(r, 200);
	if (jstr(r.json, "status") == NULL || strcmp(jstr(r.json, "status"), status_after) != 0)
		fail_msg("%s: want status %s: %.400s", r.what, status_after, r.body);
	resp_free(&r);
}

/* Dispatch by @p tok with 5 working days on Monday 03-02: due 03-09, acknowledged by 03-03. */
static void dispatch_t0_by(const char *tok, json_int_t id, json_int_t unit)
{
	struct resp r =
		h_stage(tok, id, "dispatch",
			json_pack("{s:I, s:i}", "unit_id", (json_int_t)unit, "due_workdays", 5));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "dispatched");
	assert_string_equal(jstr(r.json, "due_on"), "2026-03-09");     /* 3,4,5,6,9 March */
	assert_string_equal(jstr(r.json, "ack_due_on"), "2026-03-03"); /* 1 working day */
	resp_free(&r);
}

static void dispatch_t0(json_int_t id, json_int_t unit)
{
	dispatch_t0_by(F.tok[U_ADMIN], id, unit);
}

static void ack(const char *tok, json_int_t id)
{
	stage(tok, id, "acknowledge", json_object(), "acknowledged");
}

static void feedback(const char *tok, json_int_t id)
{
	stage(tok, id, "feedback", json_pack("{s:s, s:s}", "reply", "情况属实", "plan", "限期整改"),
	      "answered");
}

static void done(const char *tok, json_int_t id)
{
	stage(tok, id, "progress",
	      json_pack("{s:s, s:i, s:s, s:b}", "measures", "公示办理时限", "percent", 100,
			"evidence", "公示照片", "done", 1),
	      "rectified");
}

static void verify(const char *tok, json_int_t id)
{
	stage(tok, id, "verify", json_pack("{s:b, s:s}", "passed", 1, "note", "现场核查"),
	      "verified");
}

/*
 * One rating per source and round: the office's ratings of a problem come from as many
 * office accounts (the fixture's admin first, then rater0, rater1, ...), each rating once.
 */
enum { NRATERS = 12 };
static json_int_t rated_problem[16];
static int rated_by[16];

static void make_raters(void)
{
	for (int i = 0; i < NRATERS; i++) {
		char name[32];
		snprintf(name, sizeof name, "rater%d", i);
		struct resp r =
			h_post(F.tok[U_ADMIN],
			       json_pack("{s:s, s:s, s:I, s:s}", "username", name, "role", "admin",
					 "unit_id", (json_int_t)F.office, "password", H_PASSWORD),
			       API "/users");
		assert_status(r, 201);
		resp_free(&r);
	}
}

/* The next office account that has not rated problem @p id (logged in now). */
static char *next_office_rater(json_int_t id)
{
	int k = 0;
	while (k < 16 && rated_problem[k] && rated_problem[k] != id)
		k++;
	assert_true(k < 16);
	rated_problem[k] = id;
	int n = rated_by[k]++;
	if (n == 0)
		return strdup(F.tok[U_ADMIN]);
	assert_true(n - 1 < NRATERS);
	char name[32];
	snprintf(name, sizeof name, "rater%d", n - 1);
	return h_login(name, H_PASSWORD);
}

/* @p times ratings by the office, each by another office account. */
static void rate_office(json_int_t id, const char *rating, int times)
{
	for (int i = 0; i < times; i++) {
		char *tok = next_office_rater(id);
		struct resp r =
			h_stage(tok, id, "evaluations",
				json_pack("{s:s, s:s}", "rating", rating, "note", "监督员"));
		assert_status(r, 201);
		resp_free(&r);
		free(tok);
	}
}

/* One rating by station or point user @p tok (once per problem). */
static void rate(const char *tok, json_int_t id, const char *rating, int times)
{
	assert_int_equal(times, 1);
	struct resp r = h_stage(tok, id, "evaluations",
				json_pack("{s:s, s:s}", "rating", rating, "note", "监督员"));
	assert_status(r, 201);
	resp_free(&r);
}

static void rate_public(const char *receipt, const char *rating)
{
	struct resp r = h_post(NULL, json_pack("{s:s, s:s}", "rating", rating, "note", ""),
			       API "/public/track/%s/evaluation", receipt);
	assert_status(r, 201);
	resp_free(&r);
}

static void test_story(void **state)
{
	(void)state;
	const char *adm = F.tok[U_ADMIN], *u1 = F.tok[U_UNIT1], *u2 = F.tok[U_UNIT2];
	json_int_t p1a = F.point[0][0], p1b = F.point[0][1], p2a = F.point[1][0];
	json_int_t d1 = F.dept[0], d2 = F.dept[1], d3 = F.dept[2], st = F.street;
	char *rc_o2, *rc_o4;

	make_raters();
	/* T0, Monday 2026-03-02 09:00. */
	json_int_t o1 = opinion(p1a, d1, "npc_deputy", "forum", "conduct",
				"2026-03-01T07:00:00+08:00", NULL);
	json_int_t o2 = opinion(p1a, d1, "public", "questionnaire", "efficiency",
				"2026-03-02T08:00:00+08:00", &rc_o2);
	json_int_t o3 = opinion(p1b, d1, "enterprise", "interview", "conduct",
				"2026-03-02T08:00:00+08:00", NULL);
	json_int_t o4 = public_opinion(d1, "efficiency", &rc_o4);
	json_int_t o6 = opinion(p1a, d1, "party_delegate", "hotline", "efficiency",
				"2026-03-02T08:00:00+08:00", NULL);
	json_int_t q1 = opinion(p2a, d2, "cppcc_member", "forum", "conduct",
				"2026-03-02T08:00:00+08:00", NULL);
	json_int_t q2 = opinion(F.station[1], d2, "retired_cadre", "interview", "efficiency",
				"2026-03-02T08:00:00+08:00", NULL);
	json_int_t s1 = opinion(p2a, st, "democratic_party", "forum", "conduct",
				"2026-03-02T08:00:00+08:00", NULL);

	json_int_t ids[2] = {o1, o2};
	P1 = h_problem(&F, U_ADMIN, d1, NULL, ids, 2);
	ids[0] = o3;
	ids[1] = o4;
	P2 = h_problem(&F, U_ADMIN, d1, NULL, ids, 2);
	P3 = h_problem(&F, U_ADMIN, d1, NULL, &o6, 1);
	Q1 = h_problem(&F, U_ADMIN, d2, NULL, &q1, 1);
	Q2 = h_problem(&F, U_ADMIN, d2, NULL, &q2, 1);
	S1 = h_problem(&F, U_ADMIN, st, NULL, &s1, 1);
	json_int_t all[6] = {P1, P2, P3, Q1, Q2, S1};
	json_int_t to[6] = {d1, d1, d1, d2, d2, st};
	/* P3 by station 1 (which follows department 1), the rest by the office */
	for (int i = 0; i < 6; i++)
		dispatch_t0_by(F.tok[i == 2 ? U_STATION1 : U_ADMIN], all[i], to[i]);

	ack(u1, P1);      /* 03-02 <= ack_due_on 03-03: on time */
	feedback(u1, P1); /* 03-02 <= due_on 03-09 */
	done(u1, P1);
	verify(adm, P1);
	rate_office(P1, "satisfied", 1);
	rate(F.tok[U_STATION1], P1, "satisfied", 1);
	rate_office(P1, "basically_satisfied", 1);
	rate_office(P1, "unaware", 1);
	rate_public(rc_o2, "satisfied");

	stage(u1, P3, "return", json_pack("{s:s}", "reason", "不属于本单位职责"), "returned");
	dispatch_t0(P3, d3); /* dept 3 has no user: the office records its stages */
	ack(adm, P3);
	feedback(adm, P3);
	done(adm, P3);
	verify(adm, P3);
	rate_office(P3, "satisfied", 2);

	ack(u2, Q1);

	ack(adm, S1);
	feedback(adm, S1);
	done(adm, S1);
	verify(F.tok[U_STATION2], S1);
	rate(F.tok[U_STATION2], S1, "unsatisfied", 1);
	rate(F.tok[U_POINT2A], S1, "unsatisfied", 1);
	rate_office(S1, "unsatisfied", 1);
	rate_office(S1, "basically_satisfied", 2);

	/* T1, Thursday 03-05: late acknowledgements (due 03-03), feedback before 03-09. */
	restart(T1);
	u1 = F.tok[U_UNIT1];
	u2 = F.tok[U_UNIT2];
	adm = F.tok[U_ADMIN];
	ack(u1, P2);
	feedback(u1, P2);
	ack(u2, Q2);

	/* T2, Thursday 03-12: after due_on 03-09. */
	restart(T2);
	u1 = F.tok[U_UNIT1];
	u2 = F.tok[U_UNIT2];
	adm = F.tok[U_ADMIN];
	done(u1, P2);
	verify(F.tok[U_STATION1], P2);
	rate_office(P2, "unsatisfied", 1);
	rate_public(rc_o4, "unsatisfied");
	struct resp r =
		h_stage(F.tok[U_STATION1], P2, "reopen",
			json_pack("{s:s, s:s}", "reason", "群众不满意", "due_on", "2026-03-20"));
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "status"), "rectifying");
	assert_string_equal(jstr(r.json, "due_on"), "2026-03-20");
	resp_free(&r);
	feedback(u2, Q1);
	done(u2, Q1);
	verify(F.tok[U_STATION2], Q1);
	rate_office(Q1, "satisfied", 3);
	rate_office(Q1, "basically_satisfied", 2);

	/* T3, Wednesday 04-01 07:00 local, still 03-31 in UTC. */
	restart(T3);
	opinion(p1a, d1, "supervisor", "form", "conduct", "2026-04-01T06:00:00+08:00", NULL);
	rate_office(P1, "satisfied", 1);

	static const char *const want[6] = {"verified", "rectifying",   "verified",
					    "verified", "acknowledged", "verified"};
	for (int i = 0; i < 6; i++) {
		char *s = h_pstatus(&F, all[i]);
		assert_string_equal(s, want[i]);
		free(s);
	}
	free(rc_o2);
	free(rc_o4);
}

/* ---- expectations ---- */

/** A rate: den 0 means value, low and high are null. */
struct rt {
	long long num, den;
	double value, low, high;
};

#define RATE(n, d, v, l, h)                                                                        \
	{                                                                                          \
		(n), (d), (v), (l), (h)                                                            \
	}
#define NORATE                                                                                     \
	{                                                                                          \
		0, 0, NUL, NUL, NUL                                                                \
	}

/** Everything one entity's entry must say. */
struct want {
	const char *name;
	json_int_t id;
	const char *group;
	/* counts; the maps list the non-zero members, "key=n ..." */
	long long opinions;
	const char *src, *chn, *dim;
	long long merged, problems, dispatches, dispatched, returns, reopens, overdue;
	long long sat, basic, unsat, unaware;
	struct rt merge, ack, feedback, completion, rectify, ret, reopen, satisfaction;
	/* the duties of points and stations (zero: no denominator, null) */
	struct rt entry, mduty, dduty, vduty, misdispatch;
	double score, score_lo, score_hi;
	/* in the order satisfaction, feedback, completion, rectification, ack, non-return,
	 * non-reopen */
	double part[7], contrib[7];
	int nparts; /* 0: the seven of a unit */
	const char *const *pnames;
	double composite, comp_lo, comp_hi;
	const char *grade, *grade_label; /* NULL: null */
	int rank;                        /* 0: null */
	int rank_lo, rank_hi;            /* the ranks the intervals allow */
	int tie, insufficient;
	long long evaluations;
};

static const char *const part_names[7] = {
	"satisfaction_score", "on_time_feedback_rate",
	"completion_rate",    "on_time_rectification_rate",
	"on_time_ack_rate",   "non_return_rate",
	"non_reopen_rate",
};
static const char *const station_part_names[4] = {"on_time_merge_rate", "on_time_dispatch_rate",
						  "on_time_verify_rate", "right_dispatch_rate"};
static const char *const point_part_names[1] = {"on_time_entry_rate"};
static const double W_DEFAULT[7] = {40, 20, 15, 10, 5, 5, 5};
static const double W_OWN[7] = {1, 1, 1, 1, 1, 1, 1}; /* stations' and points' parts */
static const double W_SATISFACTION[7] = {100, 0, 0, 0, 0, 0, 0};

static void expect_num(const json_t *o, const char *key, double want, double tol, const char *who)
{
	json_t *v = json_object_get(o, key);
	if (isnan(want)) {
		if (!json_is_null(v))
			fail_msg("%s: %s: want null, got %s", who, key,
				 json_is_number(v) ? "a number" : "something else");
		return;
	}
	if (!json_is_number(v))
		fail_msg("%s: %s: want %.4f, got no number", who, key, want);
	double got = json_number_value(v);
	if (fabs(got - want) > tol)
		fail_msg("%s: %s: want %.4f, got %.6f", who, key, want, got);
}

static void expect_int(const json_t *o, const char *key, long long want, const char *who)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v) || json_integer_value(v) != want)
		fail_msg("%s: %s: want %lld, got %lld", who, key, want,
			 json_is_integer(v) ? (long long)json_integer_value(v) : -999);
}

/* Every member of @p key is the count listed in @p spec ("a=1 b=2"), or 0. */
static void expect_map(const json_t *o, const char *key, const char *spec, const char *who)
{
	json_t *m = json_object_get(o, key);
	if (!json_is_object(m))
		fail_msg("%s: counts.%s: not an object", who, key);
	const char *k;
	json_t *v;
	json_object_foreach(m, k, v)
	{
		long long want = 0;
		size_t n = strlen(k);
		for (const char *s = spec; s && *s;) {
			while (*s == ' ')
				s++;
			if (strncmp(s, k, n) == 0 && s[n] == '=')
				want = atoll(s + n + 1);
			s = strchr(s, ' ');
		}
		if (!json_is_integer(v) || json_integer_value(v) != want)
			fail_msg("%s: counts.%s.%s: want %lld", who, key, k, want);
	}
	for (const char *s = spec; s && *s;) {
		while (*s == ' ')
			s++;
		const char *eq = strchr(s, '=');
		if (eq == NULL)
			break;
		char name[40];
		snprintf(name, sizeof name, "%.*s", (int)(eq - s), s);
		if (json_object_get(m, name) == NULL)
			fail_msg("%s: counts.%s has no member %s", who, key, name);
		s = strchr(s, ' ');
	}
}

static void expect_rate(const json_t *it, const char *key, const struct rt *w, const char *who)
{
	char where[96];
	snprintf(where, sizeof where, "%s %s", who, key);
	json_t *o = json_object_get(it, key);
	if (!json_is_object(o))
		fail_msg("%s: not an object", where);
	expect_int(o, "numerator", w->num, where);
	expect_int(o, "denominator", w->den, where);
	/* the server rounds to 4 decimals, as the literals here */
	expect_num(o, "value", w->den ? w->value : NUL, 0.6e-4, where);
	expect_num(o, "low", w->den ? w->low : NUL, 0.6e-4, where);
	expect_num(o, "high", w->den ? w->high : NUL, 0.6e-4, where);
}

static void expect_null_or_string(const json_t *o, const char *key, const char *want,
				  const char *who)
{
	json_t *v = json_object_get(o, key);
	if (want == NULL) {
		if (!json_is_null(v))
			fail_msg("%s: %s: want null", who, key);
		return;
	}
	if (!json_is_string(v) || strcmp(json_string_value(v), want) != 0)
		fail_msg("%s: %s: want %s, got %s", who, key, want,
			 json_is_string(v) ? json_string_value(v) : "no string");
}

/* The interval object @p key: null when @p lo is NAN. Two decimals. */
static void expect_interval(const json_t *it, const char *key, double lo, double hi,
			    const char *who)
{
	json_t *o = json_object_get(it, key);
	if (isnan(lo)) {
		if (!json_is_null(o))
			fail_msg("%s: %s: want null", who, key);
		return;
	}
	char where[96];
	snprintf(where, sizeof where, "%s %s", who, key);
	expect_num(o, "low", lo, 0.0051, where);
	expect_num(o, "high", hi, 0.0051, where);
}

static void check_entity(const json_t *resp, const struct want *w, const double *weights)
{
	const char *who = w->name;
	json_t *it = h_find_id(resp, w->id);
	if (it == NULL)
		fail_msg("%s (id %lld): no entry", who, (long long)w->id);
	assert_string_equal(jstr(it, "group"), w->group);

	json_t *c = json_object_get(it, "counts");
	if (!json_is_object(c))
		fail_msg("%s: no counts", who);
	expect_int(c, "opinions", w->opinions, who);
	expect_map(c, "by_source", w->src, who);
	expect_map(c, "by_channel", w->chn, who);
	expect_map(c, "by_dimension", w->dim, who);
	expect_int(c, "merged_opinions", w->merged, who);
	expect_int(c, "problems", w->problems, who);
	expect_int(c, "dispatches", w->dispatches, who);
	expect_int(c, "dispatched", w->dispatched, who);
	expect_int(c, "returns", w->returns, who);
	expect_int(c, "reopens", w->reopens, who);
	expect_int(c, "overdue", w->overdue, who);
	expect_int(it, "overdue", w->overdue, who);
	char ratings[160];
	snprintf(ratings, sizeof ratings,
		 "satisfied=%lld basically_satisfied=%lld unsatisfied=%lld unaware=%lld", w->sat,
		 w->basic, w->unsat, w->unaware);
	expect_map(c, "ratings", ratings, who);

	expect_rate(it, "merge_ratio", &w->merge, who);
	expect_rate(it, "on_time_ack_rate", &w->ack, who);
	expect_rate(it, "on_time_feedback_rate", &w->feedback, who);
	expect_rate(it, "completion_rate", &w->completion, who);
	expect_rate(it, "on_time_rectification_rate", &w->rectify, who);
	expect_rate(it, "return_rate", &w->ret, who);
	expect_rate(it, "reopen_rate", &w->reopen, who);
	expect_rate(it, "satisfaction_rate", &w->satisfaction, who);
	expect_rate(it, "on_time_entry_rate", &w->entry, who);
	expect_rate(it, "on_time_merge_rate", &w->mduty, who);
	expect_rate(it, "on_time_dispatch_rate", &w->dduty, who);
	expect_rate(it, "on_time_verify_rate", &w->vduty, who);
	expect_rate(it, "misdispatch_rate", &w->misdispatch, who);

	/* two decimals from here on */
	expect_num(it, "satisfaction_score", w->score, 0.0051, who);
	expect_interval(it, "satisfaction_score_interval", w->score_lo, w->score_hi, who);
	expect_int(it, "evaluations", w->evaluations, who);

	json_t *parts = json_object_get(it, "parts");
	size_t np = w->nparts ? (size_t)w->nparts : 7;
	const char *const *names = w->pnames ? w->pnames : part_names;
	if (json_array_size(parts) != np)
		fail_msg("%s: want %zu parts", who, np);
	for (size_t i = 0; i < np; i++) {
		json_t *p = json_array_get(parts, i);
		char where[96];
		snprintf(where, sizeof where, "%s part %s", who, names[i]);
		assert_string_equal(jstr(p, "name"), names[i]);
		expect_num(p, "value", w->part[i], 0.0051, where);
		expect_num(p, "weight", weights[i], 1e-9, where);
		expect_num(p, "contribution", w->contrib[i], 0.0051, where);
	}
	expect_num(it, "composite", w->composite, 0.0051, who);
	expect_interval(it, "composite_interval", w->comp_lo, w->comp_hi, who);
	expect_null_or_string(it, "grade", w->grade, who);
	expect_null_or_string(it, "grade_label", w->grade_label, who);
	if (w->rank) {
		expect_int(it, "rank", w->rank, who);
		expect_int(it, "rank_low", w->rank_lo, who);
		expect_int(it, "rank_high", w->rank_hi, who);
	} else if (!json_is_null(json_object_get(it, "rank")) ||
		   !json_is_null(json_object_get(it, "rank_low")) ||
		   !json_is_null(json_object_get(it, "rank_high"))) {
		fail_msg("%s: rank, rank_low, rank_high: want null", who);
	}
	if (!json_is_boolean(json_object_get(it, "tie")) || jtrue(it, "tie") != w->tie)
		fail_msg("%s: tie: want %s", who, w->tie ? "true" : "false");
	if (!json_is_boolean(json_object_get(it, "insufficient_data")) ||
	    jtrue(it, "insufficient_data") != w->insufficient)
		fail_msg("%s: insufficient_data: want %s", who, w->insufficient ? "true" : "false");
}

/* GET scores; @return the answer (the caller decrefs). */
static json_t *scores(const char *tok, const char *query)
{
	struct resp r = h_get(tok, API "/campaigns/%lld/scores%s", (long long)F.campaign, query);
	assert_status(r, 200);
	if (h_items(r.json) == NULL)
		fail_msg("%s: no items: %.300s", r.what, r.body);
	json_t *j = json_incref(r.json);
	resp_free(&r);
	return j;
}

static void expect_order(const json_t *resp, const json_int_t *ids, size_t n)
{
	json_t *items = h_items(resp);
	if (json_array_size(items) != n)
		fail_msg("want %zu entries, got %zu", n, json_array_size(items));
	for (size_t i = 0; i < n; i++)
		if (jint(json_array_get(items, i), "id") != ids[i])
			fail_msg("entry %zu is %lld; want %lld", i,
				 (long long)jint(json_array_get(items, i), "id"),
				 (long long)ids[i]);
}

static void expect_period(const json_t *resp, const char *from, const char *to)
{
	json_t *p = json_object_get(resp, "period");
	expect_null_or_string(p, "from", from, "period");
	expect_null_or_string(p, "to", to, "period");
}

/* The scheme an answer was scored with: the default (id null) or scheme_id. */
static void expect_scheme(const json_t *s, int is_new)
{
	if (!json_is_object(s))
		fail_msg("no scheme object");
	if (is_new) {
		expect_int(s, "id", scheme_id, "scheme");
		expect_null_or_string(s, "valid_from", "2026-05-01", "scheme");
	} else {
		if (!json_is_null(json_object_get(s, "id")))
			fail_msg("scheme: want the default, with id null");
		expect_null_or_string(s, "valid_from", NULL, "scheme");
	}
	const double *w = is_new ? W_SATISFACTION : W_DEFAULT;
	json_t *wj = json_object_get(s, "weights");
	for (int i = 0; i < 7; i++)
		expect_num(wj, part_names[i], w[i], 1e-9, "scheme weights");
	json_t *sc = json_object_get(s, "scale");
	expect_num(sc, "satisfied", 100, 1e-9, "scheme scale");
	expect_num(sc, "basically_satisfied", 75, 1e-9, "scheme scale");
	expect_num(sc, "unsatisfied", 55, 1e-9, "scheme scale");
	json_t *g = json_object_get(s, "grades");
	expect_num(g, "excellent", 90, 1e-9, "scheme grades");
	expect_num(g, "good", 80, 1e-9, "scheme grades");
	expect_num(g, "pass", 60, 1e-9, "scheme grades");
	expect_int(s, "min_count", 5, "scheme");
}

/* An entity with nothing in the period. */
static struct want empty(const char *name, json_int_t id, const char *group)
{
	struct want w = {
		.name = name,
		.id = id,
		.group = group,
		.src = "",
		.chn = "",
		.dim = "",
		.merge = NORATE,
		.ack = NORATE,
		.feedback = NORATE,
		.completion = NORATE,
		.rectify = NORATE,
		.ret = NORATE,
		.reopen = NORATE,
		.satisfaction = NORATE,
		.score = NUL,
		.score_lo = NUL,
		.score_hi = NUL,
		.part = {NUL, NUL, NUL, NUL, NUL, NUL, NUL},
		.contrib = {NUL, NUL, NUL, NUL, NUL, NUL, NUL},
		.composite = NUL,
		.comp_lo = NUL,
		.comp_hi = NUL,
		.grade = NULL,
		.grade_label = NULL,
		.rank = 0,
		.tie = 0,
		.insufficient = 1,
	};
	return w;
}

/*
 * Department 1 over the whole campaign, seen on 04-01.
 * Stages count P1 and P2 (P3 now belongs to department 3); dispatch and return events
 * count for the unit dispatched to and the unit that returned: P1, P2, P3's first.
 */
static struct want want_d1(void)
{
	struct want w = {
		.name = "dept 1",
		.group = "department",
		.opinions = 6, /* o1 o2 o3 o4 o6 o5 */
		.src = "npc_deputy=1 public=2 enterprise=1 party_delegate=1 supervisor=1",
		.chn = "forum=1 questionnaire=1 interview=1 online=1 hotline=1 form=1",
		.dim = "conduct=3 efficiency=3", /* o1 o3 o5 / o2 o4 o6 */
		.merged = 5,                     /* all but o5 */
		.problems = 2,                   /* P1 P2 */
		.dispatches = 3,                 /* P1, P2, P3 to dept 1 */
		.dispatched = 2,                 /* P1 P2 */
		.returns = 1,                    /* P3 */
		.reopens = 1,                    /* P2 */
		.overdue = 1,                    /* P2 rectifying, due 03-20 < 04-01 */
		.sat = 4,
		.basic = 1,
		.unsat = 2,
		.unaware = 1,
		/* problems 2 / merged 5 */
		.merge = RATE(2, 5, 0.4, 0.1176, 0.7693),
		/* P1 03-02 <= 03-03 yes, P2 03-05 no: 1/2 */
		.ack = RATE(1, 2, 0.5, 0.0945, 0.9055),
		/* P1 03-02, P2 03-05, both <= due_on: 2/2 */
		.feedback = RATE(2, 2, 1, 0.3424, 1),
		/* P1 rectified; P2's rectification undone by the reopening: 1/2 */
		.completion = RATE(1, 2, 0.5, 0.0945, 0.9055),
		/* judged: P1 done, P2 past its new due_on 03-20; on time: P1 (03-02 <= 03-09) */
		.rectify = RATE(1, 2, 0.5, 0.0945, 0.9055),
		/* returns / dispatches = 1/3 */
		.ret = RATE(1, 3, 0.3333, 0.0615, 0.7923),
		/* reopens / passed verifications (P1, P2) = 1/2 */
		.reopen = RATE(1, 2, 0.5, 0.0945, 0.9055),
		/* (4 + 1) / 7 valid */
		.satisfaction = RATE(5, 7, 0.7143, 0.3589, 0.9178),
		/* (4*100 + 75 + 2*55) / 7 = 585/7 = 83.5714; ss = 4*16.4286^2 + 8.5714^2 +
		 * 2*28.5714^2 = 2785.71, s = sqrt(2785.71/6) = 21.547, half = 1.96*21.547/sqrt(7) =
		 * 15.962 */
		.score = 83.57,
		.score_lo = 67.61,
		.score_hi = 99.53,
		/* 100*(1 - 1/3) = 66.67 */
		.part = {83.57, 100, 50, 50, 50, 66.67, 50},
		/* .40*83.5714, .20*100, .15*50, .10*50, .05*50, .05*66.667, .05*50 */
		.contrib = {33.43, 20, 7.5, 5, 2.5, 3.33, 2.5},
		/* 33.4286 + 20 + 7.5 + 5 + 2.5 + 3.3333 + 2.5 = 74.2619: pass (60..79.99) */
		.composite = 74.26,
		/* low  .4*67.6093 + .2*34.2380 + .15*9.4531 + .1*9.4531 + .05*9.4531
		 *      + .05*(100-79.2340) + .05*(100-90.5469) = 38.2382
		 * high .4*99.5336 + .2*100 + .15*90.5469 + .1*90.5469 + .05*90.5469
		 *      + .05*(100-6.1492) + .05*(100-9.4531) = 96.1974 */
		.comp_lo = 38.24,
		.comp_hi = 96.20,
		.grade = "pass",
		.grade_label = "合格",
		.rank = 1,
		/* D2's interval [35.83, 87.84] overlaps: either may be first */
		.rank_lo = 1,
		.rank_hi = 2,
		.tie = 0, /* 并列 only for equal composites */
		.insufficient = 0,
		.evaluations = 7,
	};
	w.id = F.dept[0];
	return w;
}

/* Department 2, whole campaign (and March: it has nothing later). */
static struct want want_d2(void)
{
	struct want w = {
		.name = "dept 2",
		.group = "department",
		.opinions = 2,
		.src = "cppcc_member=1 retired_cadre=1",
		.chn = "forum=1 interview=1",
		.dim = "conduct=1 efficiency=1",
		.merged = 2,
		.problems = 2,
		.dispatches = 2,
		.dispatched = 2,
		.returns = 0,
		.reopens = 0,
		.overdue = 1, /* Q2 acknowledged, due 03-09 past */
		.sat = 3,
		.basic = 2,
		.unsat = 0,
		.unaware = 0,
		.merge = RATE(2, 2, 1, 0.3424, 1),
		/* Q1 03-02 on time, Q2 03-05 late: 1/2 */
		.ack = RATE(1, 2, 0.5, 0.0945, 0.9055),
		/* Q1 answered 03-12 > 03-09, Q2 unanswered and past due: 0/2 */
		.feedback = RATE(0, 2, 0, 0, 0.6576),
		/* Q1 rectified (03-12, late) of 2 */
		.completion = RATE(1, 2, 0.5, 0.0945, 0.9055),
		/* judged: Q1 done, Q2 past due; neither on time */
		.rectify = RATE(0, 2, 0, 0, 0.6576),
		.ret = RATE(0, 2, 0, 0, 0.6576),
		.reopen = RATE(0, 1, 0, 0, 0.7935), /* Q1 verified, never reopened */
		.satisfaction = RATE(5, 5, 1, 0.5655, 1),
		/* (3*100 + 2*75) / 5 = 90; ss = 3*100 + 2*225 = 750, s = 13.693,
		 * half = 1.96*13.693/sqrt(5) = 12.002 -> [77.998, 102.0 clamped to 100] */
		.score = 90,
		.score_lo = 78.00,
		.score_hi = 100,
		.part = {90, 0, 50, 0, 50, 100, 100},
		.contrib = {36, 0, 7.5, 0, 2.5, 5, 5},
		/* 36 + 0 + 7.5 + 0 + 2.5 + 5 + 5 = 56: fail (< 60) */
		.composite = 56,
		/* low  .4*77.9977 + 0 + .15*9.4531 + 0 + .05*9.4531 + .05*(100-65.7620)
		 *      + .05*(100-79.3451) = 35.8344
		 * high .4*100 + .2*65.7620 + .15*90.5469 + .1*65.7620 + .05*90.5469 + 5 + 5
		 *      = 87.8380 */
		.comp_lo = 35.83,
		.comp_hi = 87.84,
		.grade = "fail",
		.grade_label = "不合格",
		.rank = 2,
		/* D2's high 87.84 >= D1's low 38.24: the intervals overlap */
		.rank_lo = 1,
		.rank_hi = 2,
		.tie = 0,
		.insufficient = 0,
		.evaluations = 5,
	};
	w.id = F.dept[1];
	return w;
}

/* Department 3: P3 after its re-dispatch, all on time, two ratings only. */
static struct want want_d3(void)
{
	struct want w = {
		.name = "dept 3",
		.group = "department",
		.opinions = 0,
		.src = "",
		.chn = "",
		.dim = "", /* o6 targets dept 1 */
		.merged = 0,
		.problems = 1,
		.dispatches = 1,
		.dispatched = 1,
		.returns = 0,
		.reopens = 0,
		.overdue = 0,
		.sat = 2,
		/* problems 1 over 0 merged opinions: the numerator is clamped to 0..den */
		.merge = NORATE,
		.ack = RATE(1, 1, 1, 0.2065, 1),
		.feedback = RATE(1, 1, 1, 0.2065, 1),
		.completion = RATE(1, 1, 1, 0.2065, 1),
		.rectify = RATE(1, 1, 1, 0.2065, 1),
		.ret = RATE(0, 1, 0, 0, 0.7935),
		.reopen = RATE(0, 1, 0, 0, 0.7935),
		.satisfaction = RATE(2, 2, 1, 0.3424, 1),
		.score = 100,
		.score_lo = 100,
		.score_hi = 100, /* s = 0 */
		.part = {100, 100, 100, 100, 100, 100, 100},
		.contrib = {40, 20, 15, 10, 5, 5, 5},
		.composite = 100,
		/* low .4*100 + (.2+.15+.1+.05)*20.6549 + .1*(100-79.3451) = 52.3930 */
		.comp_lo = 52.39,
		.comp_hi = 100,
		.grade = "excellent",
		.grade_label = "优秀",
		.rank = 0,
		.tie = 0,
		.insufficient = 1, /* 2 valid ratings < 5 */
		.evaluations = 2,
	};
	w.id = F.dept[2];
	return w;
}

/* The street: all on time, poorly rated. */
static struct want want_street(void)
{
	struct want w = {
		.name = "street",
		.group = "street",
		.opinions = 1,
		.src = "democratic_party=1",
		.chn = "forum=1",
		.dim = "conduct=1",
		.merged = 1,
		.problems = 1,
		.dispatches = 1,
		.dispatched = 1,
		.returns = 0,
		.reopens = 0,
		.overdue = 0,
		.basic = 2,
		.unsat = 3,
		.merge = RATE(1, 1, 1, 0.2065, 1),
		.ack = RATE(1, 1, 1, 0.2065, 1),
		.feedback = RATE(1, 1, 1, 0.2065, 1),
		.completion = RATE(1, 1, 1, 0.2065, 1),
		.rectify = RATE(1, 1, 1, 0.2065, 1),
		.ret = RATE(0, 1, 0, 0, 0.7935),
		.reopen = RATE(0, 1, 0, 0, 0.7935),
		.satisfaction = RATE(2, 5, 0.4, 0.1176, 0.7693),
		/* (2*75 + 3*55) / 5 = 63; ss = 2*144 + 3*64 = 480, s = 10.954,
		 * half = 9.602 -> [53.40 clamped to 55, 72.60] */
		.score = 63,
		.score_lo = 55,
		.score_hi = 72.60,
		.part = {63, 100, 100, 100, 100, 100, 100},
		.contrib = {25.2, 20, 15, 10, 5, 5, 5},
		/* 25.2 + 60 = 85.2: good (80..89.99) */
		.composite = 85.2,
		/* low .4*55 + .5*20.6549 + .1*20.6549 = 34.3930;
		 * high .4*72.6018 + .6*100 = 89.0407 */
		.comp_lo = 34.39,
		.comp_hi = 89.04,
		.grade = "good",
		.grade_label = "良好",
		/* 85.2 is above dept 1's 74.26, but streets are ranked apart: first of its group */
		.rank = 1,
		.rank_lo = 1,
		.rank_hi = 1,
		.tie = 0,
		.insufficient = 0,
		.evaluations = 5,
	};
	w.id = F.street;
	return w;
}

/* Department 1 in March: o5 (04-01 06:00 local) and the April rating drop out. */
static struct want want_d1_march(void)
{
	struct want w = want_d1();
	w.name = "dept 1 (March)";
	w.opinions = 5;
	w.src = "npc_deputy=1 public=2 enterprise=1 party_delegate=1";
	w.chn = "forum=1 questionnaire=1 interview=1 online=1 hotline=1";
	w.dim = "conduct=2 efficiency=3";
	w.sat = 3;
	w.satisfaction = (struct rt)RATE(4, 6, 0.6667, 0.3000, 0.9032); /* (3 + 1) / 6 */
	/* (3*100 + 75 + 2*55) / 6 = 485/6 = 80.8333; ss = 3*19.1667^2 + 5.8333^2 +
	 * 2*25.8333^2 = 2470.83, s = 22.230, half = 1.96*22.230/sqrt(6) = 17.787 */
	w.score = 80.83;
	w.score_lo = 63.05;
	w.score_hi = 98.62;
	w.part[0] = 80.83;
	w.contrib[0] = 32.33; /* .4*80.8333 */
	/* 32.3333 + 20 + 7.5 + 5 + 2.5 + 3.3333 + 2.5 = 73.1667 */
	w.composite = 73.17;
	/* low: 38.2382 - .4*(67.6093 - 63.0461) = 36.4129; high: 96.1974 - .4*(99.5336 -
	 * 98.6206) = 95.8322 */
	w.comp_lo = 36.41;
	w.comp_hi = 95.83;
	w.evaluations = 6;
	return w;
}

/* ---- the whole campaign ---- */

static void test_units(void **state)
{
	(void)state;
	json_t *s = scores(F.tok[U_ADMIN], "?level=unit");
	assert_string_equal(jstr(s, "level"), "unit");
	expect_int(s, "campaign_id", F.campaign, "scores");
	expect_period(s, NULL, NULL);
	expect_scheme(json_object_get(s, "scheme"), 0);
	/* departments ranked (D1, D2), then the unranked D3, then the street's own group */
	json_int_t order[4] = {F.dept[0], F.dept[1], F.dept[2], F.street};
	expect_order(s, order, 4);
	struct want w[4] = {want_d1(), want_d2(), want_d3(), want_street()};
	for (int i = 0; i < 4; i++)
		check_entity(s, &w[i], W_DEFAULT);
	json_decref(s);

	/* No level is the unit level. */
	s = scores(F.tok[U_ADMIN], "");
	assert_string_equal(jstr(s, "level"), "unit");
	expect_order(s, order, 4);
	check_entity(s, &w[0], W_DEFAULT);
	json_decref(s);
}

static void test_ranking(void **state)
{
	(void)state;
	json_t *s = scores(F.tok[U_LEADER], "?level=unit");
	json_t *items = h_items(s);
	/* Groups in order; within departments the ranked by composite, then the rest. */
	static const char *const groups[4] = {"department", "department", "department", "street"};
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(jstr(json_array_get(items, i), "group"), groups[i]);
	json_t *d1 = h_find_id(s, F.dept[0]), *d2 = h_find_id(s, F.dept[1]),
	       *d3 = h_find_id(s, F.dept[2]), *st = h_find_id(s, F.street);
	expect_int(d1, "rank", 1, "dept 1"); /* 74.26 > 56.00 */
	expect_int(d2, "rank", 2, "dept 2");
	/* D3 has the best composite (100) but 2 valid ratings < 5 */
	assert_true(json_is_null(json_object_get(d3, "rank")));
	assert_true(jtrue(d3, "insufficient_data"));
	assert_false(jtrue(d3, "tie"));
	expect_int(d3, "evaluations", 2, "dept 3");
	/* D1 [38.24, 96.20] and D2 [35.83, 87.84] overlap: each may be first or second, and
	 * neither is 并列 (their composites differ) */
	assert_false(jtrue(d1, "tie"));
	assert_false(jtrue(d2, "tie"));
	expect_int(d1, "rank_low", 1, "dept 1");
	expect_int(d1, "rank_high", 2, "dept 1");
	expect_int(d2, "rank_low", 1, "dept 2");
	expect_int(d2, "rank_high", 2, "dept 2");
	assert_true(json_is_null(json_object_get(d3, "rank_low")));
	/* The street (85.20) would outrank D1 in one list; alone in its group it is first. */
	expect_int(st, "rank", 1, "street");
	assert_false(jtrue(st, "tie"));
	assert_false(jtrue(d1, "insufficient_data"));
	json_decref(s);
}

/*
 * Stations and points on their own work (docs/figures.md), seen on 04-01, with the default
 * duty deadlines: a point enters in 2 working days, a station summarizes in 3, dispatches
 * in 2 and verifies in 5. Their composite is the equal mean of their own parts with data.
 */
static struct want own(const char *name, json_int_t id, const char *group)
{
	struct want w = empty(name, id, group);
	int st = strcmp(group, "station") == 0;
	w.nparts = st ? 4 : 1;
	w.pnames = st ? station_part_names : point_part_names;
	return w;
}

static void test_stations(void **state)
{
	(void)state;
	/*
	 * Station 1 summarizes o1 o2 o6 (P1A), o3 (P1B) and o4 (public, about D1 which it
	 * follows): all on T0, by 03-05; o5 (04-01, due 04-07 after Qingming) waits. It
	 * dispatches P1 P2 P3 (by 03-04: done T0), verifies P1 and P3 (T0, by 03-09) and P2
	 * (03-12, by 03-19); of its own dispatches, P3's to D1 came back: 1 of 1.
	 */
	struct want st1 = own("station 1", F.station[0], "station");
	st1.opinions = 6; /* the opinions it had to summarize */
	st1.problems = 3; /* the problems it had to dispatch */
	st1.mduty = (struct rt)RATE(5, 5, 1, 0.5655, 1);
	st1.dduty = (struct rt)RATE(3, 3, 1, 0.4385, 1);
	st1.vduty = (struct rt)RATE(3, 3, 1, 0.4385, 1);
	st1.misdispatch = (struct rt)RATE(1, 1, 1, 0.2065, 1);
	double p1[4] = {100, 100, 100, 0}, c1[4] = {25, 25, 25, 0};
	memcpy(st1.part, p1, sizeof p1);
	memcpy(st1.contrib, c1, sizeof c1);
	st1.composite = 75; /* pass */
	/* low (56.5497 + 43.8503 + 43.8503 + 0) / 4 = 36.0631;
	 * high (100 + 100 + 100 + 100*(1 - 0.2065)) / 4 = 94.8363 */
	st1.comp_lo = 36.06;
	st1.comp_hi = 94.84;
	st1.grade = "pass";
	st1.grade_label = "合格";
	st1.rank = 2;
	st1.rank_lo = 1; /* station 2's interval reaches below its high */
	st1.rank_hi = 2;
	st1.insufficient = 0;
	st1.evaluations = 11; /* 5 + 3 + 3 judged duties */

	/* Station 2: q1 s1 (P2A) and q2 (its own) summarized, Q1 Q2 S1 dispatched on T0;
	 * S1 verified T0 and Q1 03-12, each on the day; it dispatched nothing itself. */
	struct want st2 = own("station 2", F.station[1], "station");
	st2.opinions = 3;
	st2.problems = 3;
	st2.mduty = (struct rt)RATE(3, 3, 1, 0.4385, 1);
	st2.dduty = (struct rt)RATE(3, 3, 1, 0.4385, 1);
	st2.vduty = (struct rt)RATE(2, 2, 1, 0.3424, 1);
	double p2[4] = {100, 100, 100, NUL}, c2[4] = {33.33, 33.33, 33.33, NUL};
	memcpy(st2.part, p2, sizeof p2);
	memcpy(st2.contrib, c2, sizeof c2);
	st2.composite = 100;
	st2.comp_lo = 40.65; /* (43.8503 * 2 + 34.2380) / 3 */
	st2.comp_hi = 100;
	st2.grade = "excellent";
	st2.grade_label = "优秀";
	st2.rank = 1;
	st2.rank_lo = 1;
	st2.rank_hi = 2;
	st2.insufficient = 0;
	st2.evaluations = 8;

	/* A new station with no point, no unit and no opinion is listed all the same. */
	struct resp r =
		h_post(F.tok[U_ADMIN],
		       json_pack("{s:s, s:s, s:I, s:s}", "name", "第三监测站", "kind", "station",
				 "parent_id", (json_int_t)F.office, "code", "ST3"),
		       API "/units");
	assert_status(r, 201);
	json_int_t st3_id = jint(r.json, "id");
	resp_free(&r);
	struct want st3 = own("station 3", st3_id, "station");

	json_t *s = scores(F.tok[U_STATION1], "?level=station");
	assert_string_equal(jstr(s, "level"), "station");
	json_int_t order[3] = {F.station[1], F.station[0], st3_id};
	expect_order(s, order, 3);
	check_entity(s, &st1, W_OWN);
	check_entity(s, &st2, W_OWN);
	check_entity(s, &st3, W_OWN);
	json_decref(s);

	/* Moving department 1 to station 2 changes no published figure: each duty counts for
	 * the station that held it when it started. */
	r = h_patch(F.tok[U_ADMIN], json_pack("{s:I}", "station_id", F.station[1]),
		    API "/units/%lld", (long long)F.dept[0]);
	assert_status(r, 200);
	resp_free(&r);
	s = scores(F.tok[U_ADMIN], "?level=station");
	check_entity(s, &st1, W_OWN);
	check_entity(s, &st2, W_OWN);
	json_decref(s);
	r = h_patch(F.tok[U_ADMIN], json_pack("{s:I}", "station_id", F.station[0]),
		    API "/units/%lld", (long long)F.dept[0]);
	assert_status(r, 200);
	resp_free(&r);
}

static void test_points(void **state)
{
	(void)state;
	/* Each point's opinions, all entered on T0 (o5 on 04-01) within 2 working days of
	 * their receipt (o1: received Sunday 03-01, due 03-03): on time, but fewer than 5. */
	struct want p1a = own("point 1A", F.point[0][0], "point");
	p1a.opinions = 4; /* o1 o2 o6 o5 */
	p1a.src = "npc_deputy=1 public=1 party_delegate=1 supervisor=1";
	p1a.chn = "forum=1 questionnaire=1 hotline=1 form=1";
	p1a.dim = "conduct=2 efficiency=2";
	p1a.merged = 3;
	p1a.entry = (struct rt)RATE(4, 4, 1, 0.5101, 1);
	p1a.part[0] = p1a.contrib[0] = p1a.composite = 100;
	p1a.comp_lo = 51.01;
	p1a.comp_hi = 100;
	p1a.grade = "excellent";
	p1a.grade_label = "优秀";
	p1a.evaluations = 4;
	struct want p1b = own("point 1B", F.point[0][1], "point");
	p1b.opinions = 1;
	p1b.src = "enterprise=1";
	p1b.chn = "interview=1";
	p1b.dim = "conduct=1";
	p1b.merged = 1;
	p1b.entry = (struct rt)RATE(1, 1, 1, 0.2065, 1);
	p1b.part[0] = p1b.contrib[0] = p1b.composite = 100;
	p1b.comp_lo = 20.65;
	p1b.comp_hi = 100;
	p1b.grade = "excellent";
	p1b.grade_label = "优秀";
	p1b.evaluations = 1;
	struct want p2a = own("point 2A", F.point[1][0], "point");
	p2a.opinions = 2; /* q1 s1 */
	p2a.src = "cppcc_member=1 democratic_party=1";
	p2a.chn = "forum=2";
	p2a.dim = "conduct=2";
	p2a.merged = 2;
	p2a.entry = (struct rt)RATE(2, 2, 1, 0.3424, 1);
	p2a.part[0] = p2a.contrib[0] = p2a.composite = 100;
	p2a.comp_lo = 34.24;
	p2a.comp_hi = 100;
	p2a.grade = "excellent";
	p2a.grade_label = "优秀";
	p2a.evaluations = 2;
	struct want p2b = own("point 2B", F.point[1][1], "point");

	json_t *s = scores(F.tok[U_ADMIN], "?level=point");
	assert_string_equal(jstr(s, "level"), "point");
	/* all unranked, by id; a station (q2's) is no point */
	json_int_t order[4] = {F.point[0][0], F.point[0][1], F.point[1][0], F.point[1][1]};
	expect_order(s, order, 4);
	check_entity(s, &p1a, W_OWN);
	check_entity(s, &p1b, W_OWN);
	check_entity(s, &p2a, W_OWN);
	check_entity(s, &p2b, W_OWN);
	json_decref(s);
}

/* ---- periods ---- */

static void test_periods(void **state)
{
	(void)state;
	const char *adm = F.tok[U_ADMIN];
	struct want d1m = want_d1_march(), d2 = want_d2(), d3 = want_d3(), st = want_street();
	json_int_t order[4] = {F.dept[0], F.dept[1], F.dept[2], F.street};

	/* March: everything but o5 and the April rating; D2, D3, the street as a whole. */
	json_t *s = scores(adm, "?level=unit&month=2026-03");
	expect_period(s, "2026-03-01", "2026-03-31");
	expect_scheme(json_object_get(s, "scheme"), 0);
	expect_order(s, order, 4);
	check_entity(s, &d1m, W_DEFAULT);
	check_entity(s, &d2, W_DEFAULT);
	check_entity(s, &d3, W_DEFAULT);
	check_entity(s, &st, W_DEFAULT);
	json_decref(s);

	/* The first quarter holds nothing else. */
	s = scores(adm, "?quarter=2026-Q1");
	expect_period(s, "2026-01-01", "2026-03-31");
	check_entity(s, &d1m, W_DEFAULT);
	check_entity(s, &d2, W_DEFAULT);
	json_decref(s);

	/* The second quarter so far: o5 and one rating, both 04-01 local (03-31 UTC). */
	struct want q = empty("dept 1 (Q2)", F.dept[0], "department");
	q.opinions = 1;
	q.src = "supervisor=1";
	q.chn = "form=1";
	q.dim = "conduct=1";
	q.sat = 1;
	q.satisfaction = (struct rt)RATE(1, 1, 1, 0.2065, 1);
	q.score = 100;
	q.score_lo = 55; /* one rating: the whole scale */
	q.score_hi = 100;
	q.part[0] = 100;
	q.contrib[0] = 100; /* the only part with data: 40/40 of it */
	q.composite = 100;
	q.comp_lo = 55;
	q.comp_hi = 100;
	q.grade = "excellent";
	q.grade_label = "优秀";
	q.evaluations = 1; /* < 5: unranked */
	s = scores(adm, "?quarter=2026-Q2");
	expect_period(s, "2026-04-01", "2026-06-30");
	expect_order(s, order, 4); /* all unranked: by id, departments first */
	check_entity(s, &q, W_DEFAULT);
	struct want e2 = empty("dept 2 (Q2)", F.dept[1], "department");
	struct want e3 = empty("dept 3 (Q2)", F.dept[2], "department");
	struct want es = empty("street (Q2)", F.street, "street");
	check_entity(s, &e2, W_DEFAULT);
	check_entity(s, &e3, W_DEFAULT);
	check_entity(s, &es, W_DEFAULT);
	json_decref(s);
	s = scores(adm, "?month=2026-04");
	check_entity(s, &q, W_DEFAULT);
	json_decref(s);

	/* 03-10..03-31: only T2's verifications, reopening and ratings. */
	struct want a = empty("dept 1 (03-10..31)", F.dept[0], "department");
	a.reopens = 1;
	a.unsat = 2;
	a.reopen = (struct rt)RATE(1, 1, 1, 0.2065, 1); /* P2 verified and reopened */
	a.satisfaction = (struct rt)RATE(0, 2, 0, 0, 0.6576);
	a.score = a.score_lo = a.score_hi = 55;
	a.part[0] = 55;
	a.part[6] = 0;
	/* weights 40 + 5 = 45: 40/45*55 = 48.8889, 5/45*0 */
	a.contrib[0] = 48.89;
	a.contrib[6] = 0;
	a.composite = 48.89;
	/* high 40/45*55 + 5/45*(100-20.6549) = 57.7050 */
	a.comp_lo = 48.89;
	a.comp_hi = 57.71;
	a.grade = "fail";
	a.grade_label = "不合格";
	a.evaluations = 2;
	struct want b = empty("dept 2 (03-10..31)", F.dept[1], "department");
	b.sat = 3;
	b.basic = 2;
	b.reopen = (struct rt)RATE(0, 1, 0, 0, 0.7935); /* Q1 verified */
	b.satisfaction = (struct rt)RATE(5, 5, 1, 0.5655, 1);
	b.score = 90;
	b.score_lo = 78.00;
	b.score_hi = 100;
	b.part[0] = 90;
	b.part[6] = 100;
	b.contrib[0] = 80;    /* 40/45*90 */
	b.contrib[6] = 11.11; /* 5/45*100 */
	b.composite = 91.11;  /* 80 + 11.1111: excellent */
	/* low 40/45*77.9977 + 5/45*(100-79.3451) = 71.6263; high 100 */
	b.comp_lo = 71.63;
	b.comp_hi = 100;
	b.grade = "excellent";
	b.grade_label = "优秀";
	b.rank = 1; /* the only one with 5 valid ratings */
	b.rank_lo = b.rank_hi = 1;
	b.insufficient = 0;
	b.evaluations = 5;
	s = scores(adm, "?from=2026-03-10&to=2026-03-31");
	expect_period(s, "2026-03-10", "2026-03-31");
	json_int_t order2[4] = {F.dept[1], F.dept[0], F.dept[2], F.street};
	expect_order(s, order2, 4);
	check_entity(s, &a, W_DEFAULT);
	check_entity(s, &b, W_DEFAULT);
	e3.name = "dept 3 (03-10..31)";
	check_entity(s, &e3, W_DEFAULT);
	json_decref(s);

	/* Day boundaries are local: o1 came 03-01 07:00 +08:00, 02-28 in UTC. */
	s = scores(adm, "?to=2026-02-28");
	expect_period(s, NULL, "2026-02-28");
	expect_int(json_object_get(h_find_id(s, F.dept[0]), "counts"), "opinions", 0, "to 02-28");
	json_decref(s);
	s = scores(adm, "?from=2026-03-01&to=2026-03-01");
	json_t *c = json_object_get(h_find_id(s, F.dept[0]), "counts");
	expect_int(c, "opinions", 1, "03-01");
	expect_map(c, "by_source", "npc_deputy=1", "03-01");
	json_decref(s);
	s = scores(adm, "?from=2026-04-01");
	expect_period(s, "2026-04-01", NULL);
	check_entity(s, &q, W_DEFAULT);
	json_decref(s);
}

/* ---- refusals ---- */

static void expect_field_error(const char *query, const char *field)
{
	struct resp r =
		h_get(F.tok[U_ADMIN], API "/campaigns/%lld/scores%s", (long long)F.campaign, query);
	assert_problem(r, 400);
	if (!h_json_has_string(json_object_get(r.json, "errors"), field))
		fail_msg("%s: want a field error naming %s: %.300s", r.what, field, r.body);
	resp_free(&r);
}

static void test_refusals(void **state)
{
	(void)state;
	expect_field_error("?month=2026-13", "month");
	expect_field_error("?month=March", "month");
	expect_field_error("?quarter=2026-Q5", "quarter");
	expect_field_error("?level=bogus", "level");
	expect_field_error("?from=2026-03-10&to=2026-03-01", "to");
	expect_field_error("?from=yesterday", "from");

	struct resp r = h_get(F.tok[U_ADMIN], API "/campaigns/999999/scores");
	assert_problem(r, 404);
	resp_free(&r);

	enum h_user denied[3] = {U_UNIT1, U_POINT1A, U_POINT2A};
	for (int i = 0; i < 3; i++) {
		r = h_get(F.tok[denied[i]], API "/campaigns/%lld/scores", (long long)F.campaign);
		assert_problem(r, 403);
		resp_free(&r);
	}
	r = h_get(NULL, API "/campaigns/%lld/scores", (long long)F.campaign);
	assert_problem(r, 401);
	resp_free(&r);
	enum h_user allowed[4] = {U_ADMIN, U_LEADER, U_STATION1, U_STATION2};
	for (int i = 0; i < 4; i++) {
		json_t *s = scores(F.tok[allowed[i]], "?level=unit");
		json_decref(s);
	}
}

/* ---- scoring schemes ---- */

static json_t *weights_satisfaction_only(void)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "satisfaction_score", 100,
			 "on_time_feedback_rate", 0, "completion_rate", 0,
			 "on_time_rectification_rate", 0, "on_time_ack_rate", 0, "non_return_rate",
			 0, "non_reopen_rate", 0);
}

static void expect_current(const char *on, int is_new)
{
	struct resp r = on ? h_get(F.tok[U_LEADER], API "/schemes/current?on=%s", on)
			   : h_get(F.tok[U_LEADER], API "/schemes/current");
	assert_status(r, 200);
	expect_scheme(r.json, is_new);
	resp_free(&r);
}

static void test_schemes(void **state)
{
	(void)state;
	const char *adm = F.tok[U_ADMIN];

	/* Today is 04-01: the default is in force. */
	expect_current(NULL, 0);
	expect_current("2026-05-01", 0);

	/* Published scores do not change: no scheme from a past day. */
	struct resp r = h_post(adm,
			       json_pack("{s:s, s:o}", "valid_from", "2026-03-31", "weights",
					 weights_satisfaction_only()),
			       API "/schemes");
	assert_problem(r, 400);
	assert_true(h_json_has_string(json_object_get(r.json, "errors"), "valid_from"));
	resp_free(&r);
	r = h_post(F.tok[U_LEADER],
		   json_pack("{s:s, s:o}", "valid_from", "2026-05-01", "weights",
			     weights_satisfaction_only()),
		   API "/schemes");
	assert_problem(r, 403);
	resp_free(&r);

	r = h_post(adm,
		   json_pack("{s:s, s:o}", "valid_from", "2026-05-01", "weights",
			     weights_satisfaction_only()),
		   API "/schemes");
	assert_status(r, 201);
	scheme_id = jint(r.json, "id");
	assert_true(scheme_id > 0);
	expect_scheme(r.json, 1);
	resp_free(&r);
	r = h_post(adm,
		   json_pack("{s:s, s:o}", "valid_from", "2026-05-01", "weights",
			     weights_satisfaction_only()),
		   API "/schemes");
	assert_problem(r, 409);
	resp_free(&r);

	expect_current(NULL, 0);
	expect_current("2026-04-30", 0);
	expect_current("2026-05-01", 1);
	expect_current("2026-06-15", 1);

	/* March keeps its composite and the default weights. */
	struct want d1m = want_d1_march();
	json_t *s = scores(adm, "?month=2026-03");
	expect_scheme(json_object_get(s, "scheme"), 0);
	check_entity(s, &d1m, W_DEFAULT);
	json_decref(s);
	s = scores(adm, "?month=2026-05");
	expect_scheme(json_object_get(s, "scheme"), 1);
	json_decref(s);

	/* T4, Wednesday 05-06: the new scheme is in force; May gets some of everything. */
	restart(T4);
	adm = F.tok[U_ADMIN];
	expect_current(NULL, 1);
	expect_current("2026-04-30", 0);
	json_int_t o7 = opinion(F.station[0], F.dept[0], "supervisor", "form", "efficiency",
				"2026-05-06T08:00:00+08:00", NULL);
	P4 = h_problem(&F, U_ADMIN, F.dept[0], NULL, &o7, 1);
	r = h_stage(adm, P4, "dispatch",
		    json_pack("{s:I, s:i}", "unit_id", (json_int_t)F.dept[0], "due_workdays", 5));
	assert_status(r, 200);
	resp_free(&r);
	ack(F.tok[U_UNIT1], P4); /* the day of dispatch: on time */
	rate_office(P1, "satisfied", 5);
	rate_office(Q1, "unsatisfied", 5);

	/* May, new weights: the composite is the satisfaction score. */
	struct want a = empty("dept 1 (May)", F.dept[0], "department");
	a.opinions = 1;
	a.src = "supervisor=1";
	a.chn = "form=1";
	a.dim = "efficiency=1";
	a.merged = 1;
	a.problems = 1;
	a.dispatches = 1;
	a.dispatched = 1;
	a.sat = 5;
	a.merge = (struct rt)RATE(1, 1, 1, 0.2065, 1);
	a.ack = (struct rt)RATE(1, 1, 1, 0.2065, 1);
	/* P4 is not answered and not yet due: no feedback is due; nor is its rectification
	 * judged yet, for completion or timeliness: not done, not past due (figures.h) */
	a.ret = (struct rt)RATE(0, 1, 0, 0, 0.7935);
	a.satisfaction = (struct rt)RATE(5, 5, 1, 0.5655, 1);
	a.score = a.score_lo = a.score_hi = 100;
	/* parts with data: satisfaction, ack, non-return */
	double pa[7] = {100, NUL, NUL, NUL, 100, 100, NUL};
	double ca[7] = {100, NUL, NUL, NUL, 0, 0, NUL}; /* weight 0: no share */
	memcpy(a.part, pa, sizeof pa);
	memcpy(a.contrib, ca, sizeof ca);
	a.composite = 100; /* 100*100/100 */
	a.comp_lo = a.comp_hi = 100;
	a.grade = "excellent";
	a.grade_label = "优秀";
	a.rank = 1;
	a.rank_lo = a.rank_hi = 1;
	a.tie = 0;
	a.insufficient = 0;
	a.evaluations = 5;
	struct want b = empty("dept 2 (May)", F.dept[1], "department");
	b.unsat = 5;
	b.satisfaction = (struct rt)RATE(0, 5, 0, 0, 0.4345);
	b.score = b.score_lo = b.score_hi = 55;
	b.part[0] = 55;
	b.contrib[0] = 55;
	b.composite = 55;
	b.comp_lo = b.comp_hi = 55;
	b.grade = "fail";
	b.grade_label = "不合格";
	b.rank = 2;
	b.rank_lo = b.rank_hi = 2; /* [55, 55] lies below [100, 100] */
	b.tie = 0;
	b.insufficient = 0;
	b.evaluations = 5;
	s = scores(adm, "?month=2026-05");
	expect_period(s, "2026-05-01", "2026-05-31");
	expect_scheme(json_object_get(s, "scheme"), 1);
	json_int_t order[4] = {F.dept[0], F.dept[1], F.dept[2], F.street};
	expect_order(s, order, 4);
	check_entity(s, &a, W_SATISFACTION);
	check_entity(s, &b, W_SATISFACTION);
	struct want e3 = empty("dept 3 (May)", F.dept[2], "department");
	check_entity(s, &e3, W_SATISFACTION);
	json_decref(s);

	/* The same events in a period that starts before 05-01: the default weights. */
	a.name = "dept 1 (04-20..05-31)";
	/* weights with data 40 + 5 + 5 = 50 */
	double cb[7] = {80, NUL, NUL, NUL, 10, 10, NUL}; /* 40/50*100, 5/50*100 */
	memcpy(a.contrib, cb, sizeof cb);
	a.composite = 100; /* (4000 + 500 + 500)/50 */
	/* low 40/50*100 + 5/50*20.6549 + 5/50*(100-79.3451) = 84.1310; high 100 */
	a.comp_lo = 84.13;
	a.comp_hi = 100;
	a.grade = "excellent";
	a.grade_label = "优秀";
	a.tie = 0; /* D2 [55, 55] is below 84.13 */
	b.name = "dept 2 (04-20..05-31)";
	b.tie = 0;
	s = scores(adm, "?from=2026-04-20&to=2026-05-31");
	expect_scheme(json_object_get(s, "scheme"), 0);
	check_entity(s, &a, W_DEFAULT);
	check_entity(s, &b, W_DEFAULT);
	json_decref(s);

	/* March again, under the new clock: unchanged. */
	s = scores(adm, "?month=2026-03");
	expect_scheme(json_object_get(s, "scheme"), 0);
	check_entity(s, &d1m, W_DEFAULT);
	json_decref(s);
	/* The whole campaign is scored with the scheme of its first day (02-20). */
	s = scores(adm, "");
	expect_scheme(json_object_get(s, "scheme"), 0);
	json_decref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_story),    cmocka_unit_test(test_units),
		cmocka_unit_test(test_ranking),  cmocka_unit_test(test_stations),
		cmocka_unit_test(test_points),   cmocka_unit_test(test_periods),
		cmocka_unit_test(test_refusals), cmocka_unit_test(test_schemes),
	};
	h_suite(&F, NULL);
	return cmocka_run_group_tests_name("api_scores", tests, h_group_setup, h_group_teardown);
}
