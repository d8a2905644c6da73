/*
 * The permission matrix: every role (and no login) against every endpoint, in and out of
 * scope, as data. The records belong to station 1's side of the district: opinions entered
 * by point 1a about department 1, problems summarized by station 1 and dispatched to
 * department 1. So station2, point2a and unit_dept2 are the out-of-scope actors.
 *
 * API.md's rules: outside its scope a record answers 404; a kind of record a role may never
 * read answers 404 too; 403 is for an action the role may not take on a record it can see,
 * and for a list or create the role may never use; no login is 401.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct fixture F;

/* The actors, in the matrix's column order. */
enum actor { A_ADMIN, A_ST1, A_ST2, A_PT1, A_PT2, A_UN1, A_UN2, A_LEAD, A_ANON, A__N };
static const char *const actor_names[A__N] = {"admin",      "station1", "station2",
					      "point1a",    "point2a",  "unit_dept1",
					      "unit_dept2", "leader",   "anonymous"};
static const enum h_user actor_user[A__N] = {U_ADMIN, U_STATION1, U_STATION2, U_POINT1A, U_POINT2A,
					     U_UNIT1, U_UNIT2,    U_LEADER,   U__N};

static const char *token_of(enum actor a)
{
	return actor_user[a] == U__N ? NULL : F.tok[actor_user[a]];
}

/* The record a row is about. */
enum rec {
	R_NONE,
	R_DEPT1,
	R_CAMPAIGN,
	R_OPINION, /* received, entered by point 1a about department 1 */
	R_P_OPEN,  /* problems of station 1 about department 1, by state */
	R_P_DISPATCHED,
	R_P_ACKNOWLEDGED,
	R_P_ANSWERED,
	R_P_PENDING, /* answered, with an extension request awaiting decision */
	R_P_RECTIFIED,
	R_P_VERIFIED,
	R_P_RATED, /* verified, with a satisfied rating: closable */
	R_P_CLOSED,
	R_P_RETURNED,
	R__N
};
static const char *const rec_state[R__N] = {
	[R_P_OPEN] = "open",
	[R_P_DISPATCHED] = "dispatched",
	[R_P_ACKNOWLEDGED] = "acknowledged",
	[R_P_ANSWERED] = "answered",
	[R_P_PENDING] = "answered",
	[R_P_RECTIFIED] = "rectified",
	[R_P_VERIFIED] = "verified",
	[R_P_RATED] = "verified",
	[R_P_CLOSED] = "closed",
	[R_P_RETURNED] = "returned",
};

/* Expected answers; the small values allow either of two where API.md leaves it open. */
#define OK    200
#define CR    201
#define UA    401
#define FB    403
#define NF    404
#define OK_NF 1 /* 200 or 404: whether a role sees another side's unit is not fixed */
#define FB_NF 2 /* 403 or 404: likewise */
#define DENY  3 /* 400, 403 or 404: a create naming records outside the actor's scope */

struct row {
	const char *name;
	const char *method;
	const char *path; /* after /api/v1; "%lld" takes the record's id */
	enum rec rec;
	const char *body; /* with $D1 $ST1 $CAMP $MYPOINT $NEWOP $UNIQ */
	int fresh;        /* a success changes the record: give each successful actor its own */
	int want[A__N];   /* admin st1 st2 pt1 pt2 un1 un2 lead anon */
};

static const struct row matrix[] = {
	{"health", "GET", "/healthz", R_NONE, NULL, 0, {OK, OK, OK, OK, OK, OK, OK, OK, OK}},
	{"public units",
	 "GET",
	 "/public/units",
	 R_NONE,
	 NULL,
	 0,
	 {OK, OK, OK, OK, OK, OK, OK, OK, OK}},
	{"public bulletins",
	 "GET",
	 "/public/bulletins",
	 R_NONE,
	 NULL,
	 0,
	 {OK, OK, OK, OK, OK, OK, OK, OK, OK}},

	{"list units", "GET", "/units", R_NONE, NULL, 0, {OK, OK, OK, OK, OK, OK, OK, OK, UA}},
	{"get unit",
	 "GET",
	 "/units/%lld",
	 R_DEPT1,
	 NULL,
	 0,
	 {OK, OK, OK_NF, OK_NF, OK_NF, OK, OK_NF, OK, UA}},
	{"create unit",
	 "POST",
	 "/units",
	 R_NONE,
	 "{\"name\":\"矩阵单位$UNIQ\",\"kind\":\"department\",\"station_id\":$ST1,\"code\":\"MX$UNIQ\"}",
	 0,
	 {CR, FB, FB, FB, FB, FB, FB, FB, UA}},
	{"patch unit",
	 "PATCH",
	 "/units/%lld",
	 R_DEPT1,
	 "{\"name\":\"区住建局\"}",
	 0,
	 {OK, FB, FB_NF, FB_NF, FB_NF, FB, FB_NF, FB, UA}},

	{"list users", "GET", "/users", R_NONE, NULL, 0, {OK, FB, FB, FB, FB, FB, FB, FB, UA}},
	{"create user",
	 "POST",
	 "/users",
	 R_NONE,
	 "{\"username\":\"mx$UNIQ\",\"display_name\":\"矩阵\",\"role\":\"leader\","
	 "\"password\":\"" H_PASSWORD "\"}",
	 0,
	 {CR, FB, FB, FB, FB, FB, FB, FB, UA}},

	{"list campaigns",
	 "GET",
	 "/campaigns",
	 R_NONE,
	 NULL,
	 0,
	 {OK, OK, OK, OK, OK, OK, OK, OK, UA}},
	{"get campaign",
	 "GET",
	 "/campaigns/%lld",
	 R_CAMPAIGN,
	 NULL,
	 0,
	 {OK, OK, OK, OK, OK, OK, OK, OK, UA}},
	{"create campaign",
	 "POST",
	 "/campaigns",
	 R_NONE,
	 "{\"name\":\"矩阵活动$UNIQ\",\"year\":2025,\"phases\":["
	 "{\"kind\":\"survey\",\"starts_on\":\"2025-02-20\",\"ends_on\":\"2025-03-31\"},"
	 "{\"kind\":\"rectify\",\"starts_on\":\"2025-03-15\",\"ends_on\":\"2025-05-31\"},"
	 "{\"kind\":\"evaluate\",\"starts_on\":\"2025-05-15\",\"ends_on\":\"2025-05-31\"}]}",
	 0,
	 {CR, FB, FB, FB, FB, FB, FB, FB, UA}},

	{"list opinions",
	 "GET",
	 "/opinions",
	 R_NONE,
	 NULL,
	 0,
	 {OK, OK, OK, OK, OK, FB, FB, OK, UA}},
	{"create opinion",
	 "POST",
	 "/opinions",
	 R_NONE,
	 "{\"campaign_id\":$CAMP,\"point_id\":$MYPOINT,\"target_unit_id\":$D1,"
	 "\"dimension\":\"conduct\",\"source\":\"enterprise\",\"channel\":\"interview\","
	 "\"content\":\"矩阵意见\",\"received_at\":\"2026-03-02T08:00:00+08:00\"}",
	 0,
	 {CR, CR, CR, CR, CR, FB, FB, FB, UA}},
	{"get opinion",
	 "GET",
	 "/opinions/%lld",
	 R_OPINION,
	 NULL,
	 0,
	 {OK, OK, NF, OK, NF, NF, NF, OK, UA}},
	{"reject opinion",
	 "POST",
	 "/opinions/%lld/reject",
	 R_OPINION,
	 "{\"reason\":\"重复反映\"}",
	 1,
	 {OK, OK, NF, FB, NF, NF, NF, FB, UA}},

	{"list problems",
	 "GET",
	 "/problems",
	 R_NONE,
	 NULL,
	 0,
	 {OK, OK, OK, OK, OK, OK, OK, OK, UA}},
	{"create problem",
	 "POST",
	 "/problems",
	 R_NONE,
	 "{\"campaign_id\":$CAMP,\"target_unit_id\":$D1,\"dimension\":\"conduct\","
	 "\"title\":\"矩阵问题$UNIQ\",\"summary\":\"汇总\",\"opinion_ids\":[$NEWOP]}",
	 0,
	 {CR, CR, DENY, FB, FB, FB, FB, FB, UA}},
	{"get open problem",
	 "GET",
	 "/problems/%lld",
	 R_P_OPEN,
	 NULL,
	 0,
	 {OK, OK, NF, OK, NF, NF, NF, OK, UA}},
	{"get dispatched problem",
	 "GET",
	 "/problems/%lld",
	 R_P_DISPATCHED,
	 NULL,
	 0,
	 {OK, OK, NF, OK, NF, OK, NF, OK, UA}},
	{"get verified problem",
	 "GET",
	 "/problems/%lld",
	 R_P_VERIFIED,
	 NULL,
	 0,
	 {OK, OK, NF, OK, NF, OK, NF, OK, UA}},
	{"get returned problem",
	 "GET",
	 "/problems/%lld",
	 R_P_RETURNED,
	 NULL,
	 0,
	 {OK, OK, NF, OK, NF, NF, NF, OK, UA}},
	{"problem events",
	 "GET",
	 "/problems/%lld/events",
	 R_P_DISPATCHED,
	 NULL,
	 0,
	 {OK, OK, NF, OK, NF, OK, NF, OK, UA}},
	{"open problem events",
	 "GET",
	 "/problems/%lld/events",
	 R_P_OPEN,
	 NULL,
	 0,
	 {OK, OK, NF, OK, NF, NF, NF, OK, UA}},
	{"merge more opinions",
	 "POST",
	 "/problems/%lld/opinions",
	 R_P_OPEN,
	 "{\"opinion_ids\":[$NEWOP]}",
	 1,
	 {OK, OK, NF, FB, NF, NF, NF, FB, UA}},

	{"dispatch",
	 "POST",
	 "/problems/%lld/dispatch",
	 R_P_OPEN,
	 "{\"unit_id\":$D1,\"due_workdays\":5}",
	 1,
	 {OK, OK, NF, FB, NF, NF, NF, FB, UA}},
	{"re-dispatch",
	 "POST",
	 "/problems/%lld/dispatch",
	 R_P_RETURNED,
	 "{\"unit_id\":$D1,\"due_workdays\":5}",
	 1,
	 {OK, OK, NF, FB, NF, NF, NF, FB, UA}},
	{"acknowledge",
	 "POST",
	 "/problems/%lld/acknowledge",
	 R_P_DISPATCHED,
	 "{}",
	 1,
	 {OK, FB, NF, FB, NF, OK, NF, FB, UA}},
	{"return",
	 "POST",
	 "/problems/%lld/return",
	 R_P_DISPATCHED,
	 "{\"reason\":\"非本单位职责\"}",
	 1,
	 {OK, FB, NF, FB, NF, OK, NF, FB, UA}},
	{"feedback",
	 "POST",
	 "/problems/%lld/feedback",
	 R_P_ACKNOWLEDGED,
	 "{\"reply\":\"已研究\",\"plan\":\"限期整改\"}",
	 1,
	 {OK, FB, NF, FB, NF, OK, NF, FB, UA}},
	{"progress",
	 "POST",
	 "/problems/%lld/progress",
	 R_P_ANSWERED,
	 "{\"measures\":\"建立台账\",\"percent\":40,\"evidence\":\"台账\",\"done\":false}",
	 1,
	 {OK, FB, NF, FB, NF, OK, NF, FB, UA}},
	{"extension",
	 "POST",
	 "/problems/%lld/extension",
	 R_P_ANSWERED,
	 "{\"due_on\":\"2026-04-30\",\"reason\":\"需要协调\"}",
	 1,
	 {OK, FB, NF, FB, NF, OK, NF, FB, UA}},
	{"extension decision",
	 "POST",
	 "/problems/%lld/extension/decision",
	 R_P_PENDING,
	 "{\"approved\":true,\"note\":\"\"}",
	 1,
	 {OK, FB, NF, FB, NF, FB, NF, FB, UA}},
	{"verify",
	 "POST",
	 "/problems/%lld/verify",
	 R_P_RECTIFIED,
	 "{\"passed\":true,\"note\":\"\"}",
	 1,
	 {OK, OK, NF, FB, NF, FB, NF, FB, UA}},
	{"evaluate",
	 "POST",
	 "/problems/%lld/evaluations",
	 R_P_VERIFIED,
	 "{\"rating\":\"basically_satisfied\",\"note\":\"\"}",
	 0,
	 {CR, CR, NF, CR, NF, FB, NF, FB, UA}},
	{"close",
	 "POST",
	 "/problems/%lld/close",
	 R_P_RATED,
	 "{}",
	 1,
	 {OK, FB, NF, FB, NF, FB, NF, FB, UA}},
	{"reopen",
	 "POST",
	 "/problems/%lld/reopen",
	 R_P_CLOSED,
	 "{\"reason\":\"问题反弹\"}",
	 1,
	 {OK, OK, NF, FB, NF, FB_NF, NF, FB, UA}},
	{"flag",
	 "POST",
	 "/problems/%lld/flag",
	 R_P_DISPATCHED,
	 "{\"flagged\":true,\"due_on\":\"2026-03-31\",\"bulletin\":\"\"}",
	 1,
	 {OK, FB, NF, FB, NF, FB, NF, FB, UA}},

	{"audit verify",
	 "GET",
	 "/audit/verify",
	 R_NONE,
	 NULL,
	 0,
	 {OK, FB, FB, FB, FB, FB, FB, OK, UA}},
};

static json_int_t shared[R__N];

static json_int_t make_record(enum rec rec)
{
	switch (rec) {
	case R_NONE:
		return 0;
	case R_DEPT1:
		return F.dept[0];
	case R_CAMPAIGN:
		return F.campaign;
	case R_OPINION:
		return h_opinion(&F, U_POINT1A, F.dept[0], "矩阵：窗口推诿", "周六", "13600001111",
				 NULL);
	case R_P_PENDING:
		return h_problem_in(&F, "pending");
	case R_P_RATED: {
		json_int_t p = h_problem_in(&F, "verified");
		struct resp r = h_stage(F.tok[U_ADMIN], p, "evaluations",
					json_pack("{s:s, s:s}", "rating", "satisfied", "note", ""));
		assert_status(r, 201);
		resp_free(&r);
		return p;
	}
	default:
		return h_problem_in(&F, rec_state[rec]);
	}
}

static json_int_t record(enum rec rec)
{
	if (shared[rec] == 0)
		shared[rec] = make_record(rec);
	return shared[rec];
}

static int seq;

/* Fill the body's placeholders for @p a. The caller frees the result. */
static char *fill(const char *tmpl, enum actor a)
{
	struct {
		const char *key;
		long long val;
	} vars[] = {
		{"$D1", F.dept[0]}, {"$ST1", F.station[0]}, {"$CAMP", F.campaign},
		{"$MYPOINT", 0},    {"$NEWOP", 0},          {"$UNIQ", 0},
	};
	enum h_user u = actor_user[a];
	json_int_t mine = u == U__N ? 0 : h_collector(&F, u);
	vars[3].val = mine ? mine : F.point[0][0];
	vars[5].val = ++seq;
	char *out = NULL;
	size_t cap = strlen(tmpl) + 256, len = 0;
	out = malloc(cap);
	assert_non_null(out);
	for (const char *p = tmpl; *p;) {
		size_t k;
		for (k = 0; k < sizeof vars / sizeof *vars; k++)
			if (strncmp(p, vars[k].key, strlen(vars[k].key)) == 0)
				break;
		if (k == sizeof vars / sizeof *vars) {
			out[len++] = *p++;
			continue;
		}
		if (strcmp(vars[k].key, "$NEWOP") == 0)
			vars[k].val = make_record(R_OPINION);
		len += (size_t)snprintf(out + len, cap - len, "%lld", vars[k].val);
		p += strlen(vars[k].key);
	}
	out[len] = '\0';
	return out;
}

static int matches(int want, long got)
{
	switch (want) {
	case OK_NF:
		return got == 200 || got == 404;
	case FB_NF:
		return got == 403 || got == 404;
	case DENY:
		return got == 400 || got == 403 || got == 404;
	default:
		return got == want;
	}
}

static void test_matrix(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < sizeof matrix / sizeof *matrix; i++) {
		const struct row *rw = &matrix[i];
		/* Denied actors first: they must leave the shared record as it is. */
		for (int pass = 0; pass < 2; pass++) {
			for (int a = 0; a < A__N; a++) {
				int want = rw->want[a];
				int success = want == OK || want == CR;
				if ((pass == 0) == success)
					continue;
				json_int_t id = 0;
				if (rw->rec != R_NONE)
					id = success && rw->fresh ? make_record(rw->rec)
								  : record(rw->rec);
				char path[256];
				snprintf(path, sizeof path, API "%s", rw->path);
				char *body = rw->body ? fill(rw->body, (enum actor)a) : NULL;
				struct resp r;
				if (strstr(path, "%lld"))
					r = h_req(rw->method, token_of((enum actor)a), body, path,
						  (long long)id);
				else
					r = h_req(rw->method, token_of((enum actor)a), body, "%s",
						  path);
				int ok = matches(want, r.status);
				if (ok && r.status >= 400 &&
				    (r.content_type == NULL ||
				     strncasecmp(r.content_type, "application/problem+json", 24) !=
					     0)) {
					print_error(
						"%s as %s: %ld without application/problem+json\n",
						rw->name, actor_names[a], r.status);
					ok = 0;
				}
				if (!ok) {
					print_error(
						"%-24s as %-10s: %s answered %ld, want %d: %.200s\n",
						rw->name, actor_names[a], r.what, r.status, want,
						r.body);
					failures++;
				}
				resp_free(&r);
				free(body);
			}
			/* After the denials, the shared problem is in the same state. */
			if (pass == 0 && rec_state[rw->rec] && shared[rw->rec]) {
				char *s = h_pstatus(&F, shared[rw->rec]);
				if (strcmp(s, rec_state[rw->rec]) != 0) {
					print_error(
						"%s: a denied request moved the problem to %s\n",
						rw->name, s);
					failures++;
				}
				free(s);
			}
		}
	}
	assert_int_equal(failures, 0);
}

static int all_items(const char *tok, const char *path, int (*pred)(const json_t *), json_t **out)
{
	json_t *list = h_list_all(tok, path, 500);
	size_t i;
	json_t *it;
	int bad = 0;
	json_array_foreach(list, i, it)
	{
		if (!pred(it)) {
			char *d = json_dumps(it, JSON_COMPACT);
			print_error("%s: out of scope: %s\n", path, d);
			free(d);
			bad++;
		}
	}
	if (out)
		*out = list;
	else
		json_decref(list);
	return bad;
}

static int of_point1a(const json_t *o)
{
	return jint(o, "point_id") == F.point[0][0];
}

/*
 * A station's opinions: those its points and it collected, and those about the units it
 * follows (the public's land in that station's inbox; so may another station's points'
 * about its units, which it is the one to summarize).
 */
static int of_station1(const json_t *o)
{
	json_int_t p = jint(o, "point_id"), t = jint(o, "target_unit_id");
	return p == F.station[0] || p == F.point[0][0] || p == F.point[0][1] || t == F.dept[0] ||
	       t == F.dept[2];
}

static int of_station2(const json_t *o)
{
	json_int_t p = jint(o, "point_id"), t = jint(o, "target_unit_id");
	return p == F.station[1] || p == F.point[1][0] || p == F.point[1][1] || t == F.dept[1] ||
	       t == F.street;
}

static int followed_by_station1(const json_t *p)
{
	json_int_t t = jint(p, "target_unit_id"), u = jint(p, "unit_id");
	return t == F.dept[0] || t == F.dept[2] || u == F.dept[0] || u == F.dept[2];
}

static int dispatched_to_dept1(const json_t *p)
{
	const char *s = jstr(p, "status");
	if (s == NULL || strcmp(s, "open") == 0 || strcmp(s, "returned") == 0)
		return 0;
	json_t *u = json_object_get(p, "unit_id");
	return u == NULL || json_integer_value(u) == F.dept[0];
}

static void test_scoped_lists(void **state)
{
	(void)state;
	json_int_t op1 =
		h_opinion(&F, U_POINT1A, F.dept[0], "一站意见", "吴七", "13500001234", NULL);
	json_int_t op2 =
		h_opinion(&F, U_POINT2A, F.dept[1], "二站意见", "郑八", "13500005678", NULL);
	json_int_t opst = h_opinion(&F, U_STATION1, F.dept[2], "站自己收集", NULL, NULL, NULL);
	json_int_t p_open = record(R_P_OPEN), p_disp = record(R_P_DISPATCHED);
	json_int_t p_ret = record(R_P_RETURNED);
	json_int_t p2 = h_problem(&F, U_STATION2, F.dept[1], NULL, &op2, 1);

	json_t *l;
	assert_int_equal(all_items(F.tok[U_POINT1A], API "/opinions", of_point1a, &l), 0);
	assert_non_null(h_find_id(l, op1));
	assert_null(h_find_id(l, op2));
	assert_null(h_find_id(l, opst));
	json_decref(l);

	assert_int_equal(all_items(F.tok[U_STATION1], API "/opinions", of_station1, &l), 0);
	assert_non_null(h_find_id(l, op1));
	assert_non_null(h_find_id(l, opst));
	assert_null(h_find_id(l, op2));
	json_decref(l);

	assert_int_equal(all_items(F.tok[U_STATION2], API "/opinions", of_station2, &l), 0);
	assert_non_null(h_find_id(l, op2));
	assert_null(h_find_id(l, op1));
	json_decref(l);
	struct resp r = h_get(F.tok[U_STATION2], API "/opinions/%lld", (long long)op1);
	assert_problem(r, 404);
	resp_free(&r);
	r = h_get(F.tok[U_STATION1], API "/opinions/%lld", (long long)op2);
	assert_problem(r, 404);
	resp_free(&r);
	r = h_get(F.tok[U_POINT2A], API "/opinions/%lld", (long long)opst);
	assert_problem(r, 404);
	resp_free(&r);

	/* Stations see the problems of the units they follow. */
	assert_int_equal(all_items(F.tok[U_STATION1], API "/problems", followed_by_station1, &l),
			 0);
	assert_non_null(h_find_id(l, p_open));
	assert_null(h_find_id(l, p2));
	json_decref(l);
	r = h_get(F.tok[U_STATION1], API "/problems/%lld", (long long)p2);
	assert_problem(r, 404);
	resp_free(&r);
	r = h_get(F.tok[U_STATION2], API "/problems/%lld", (long long)p2);
	assert_status(r, 200);
	resp_free(&r);

	/* A point sees the problems of its opinions, not the others'. */
	r = h_get(F.tok[U_POINT2A], API "/problems/%lld", (long long)p2);
	assert_status(r, 200);
	resp_free(&r);
	r = h_get(F.tok[U_POINT1A], API "/problems/%lld", (long long)p2);
	assert_problem(r, 404);
	resp_free(&r);
	l = h_list_all(F.tok[U_POINT2A], API "/problems", 500);
	assert_non_null(h_find_id(l, p2));
	assert_null(h_find_id(l, p_open));
	json_decref(l);

	/* A unit sees only what is dispatched to it now. */
	assert_int_equal(all_items(F.tok[U_UNIT1], API "/problems", dispatched_to_dept1, &l), 0);
	assert_non_null(h_find_id(l, p_disp));
	assert_null(h_find_id(l, p_open));
	assert_null(h_find_id(l, p_ret));
	assert_null(h_find_id(l, p2));
	json_decref(l);
	l = h_list_all(F.tok[U_UNIT2], API "/problems", 500);
	assert_null(h_find_id(l, p_disp));
	json_decref(l);

	/* Dispatched across by the office: station 1's problem sent to department 2 (followed
	 * by station 2; station 1 itself may not). */
	json_int_t x = h_problem_in(&F, "open");
	r = h_stage(F.tok[U_STATION1], x, "dispatch",
		    json_pack("{s:I, s:i}", "unit_id", (json_int_t)F.dept[1], "due_workdays", 5));
	assert_status(r, 403);
	resp_free(&r);
	r = h_stage(F.tok[U_ADMIN], x, "dispatch",
		    json_pack("{s:I, s:i}", "unit_id", (json_int_t)F.dept[1], "due_workdays", 5));
	assert_status(r, 200);
	resp_free(&r);
	r = h_get(F.tok[U_UNIT2], API "/problems/%lld", (long long)x);
	assert_status(r, 200);
	resp_free(&r);
	r = h_get(F.tok[U_UNIT1], API "/problems/%lld", (long long)x);
	assert_problem(r, 404);
	resp_free(&r);
	r = h_get(F.tok[U_STATION2], API "/problems/%lld", (long long)x);
	assert_status(r, 200);
	resp_free(&r);
	r = h_get(F.tok[U_STATION1], API "/problems/%lld", (long long)x);
	assert_status(r, 200);
	resp_free(&r);
	r = h_stage(F.tok[U_UNIT1], x, "acknowledge", json_object());
	assert_problem(r, 404);
	resp_free(&r);
	r = h_stage(F.tok[U_UNIT2], x, "acknowledge", json_object());
	assert_status(r, 200);
	resp_free(&r);
}

static int key_has_value(const json_t *j, const char *key)
{
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
		{
			if (key_has_value(v, key))
				return 1;
		}
	}
	if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)j, k, v)
		{
			if (strcmp(k, key) == 0 && !json_is_null(v))
				return 1;
			if (key_has_value(v, key))
				return 1;
		}
	}
	return 0;
}

static void no_giver(const struct resp *r, const char *name, const char *phone)
{
	if (strstr(r->body, name) || strstr(r->body, phone) ||
	    key_has_value(r->json, "submitter_name") || key_has_value(r->json, "submitter_phone"))
		fail_msg("%s shows an opinion giver: %.500s", r->what, r->body);
}

static void test_leader_never_sees_givers(void **state)
{
	(void)state;
	const char *name = "冯九测试", *phone = "13322221111";
	json_int_t op = h_opinion(&F, U_POINT1A, F.dept[0], "领导视角意见", name, phone, NULL);
	/* Staff do see them. */
	struct resp r = h_get(F.tok[U_STATION1], API "/opinions/%lld", (long long)op);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "submitter_name"), name);
	assert_string_equal(jstr(r.json, "submitter_phone"), phone);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/opinions/%lld", (long long)op);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "submitter_name"), name);
	resp_free(&r);

	r = h_get(F.tok[U_LEADER], API "/opinions/%lld", (long long)op);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "content"), "领导视角意见");
	no_giver(&r, name, phone);
	resp_free(&r);
	r = h_get(F.tok[U_LEADER], API "/opinions?limit=500");
	assert_status(r, 200);
	assert_non_null(h_find_id(r.json, op));
	no_giver(&r, name, phone);
	resp_free(&r);

	json_int_t p = h_problem(&F, U_STATION1, F.dept[0], NULL, &op, 1);
	h_advance(&F, p, F.dept[0], "answered");
	r = h_get(F.tok[U_LEADER], API "/problems/%lld", (long long)p);
	assert_status(r, 200);
	no_giver(&r, name, phone);
	resp_free(&r);
	r = h_get(F.tok[U_LEADER], API "/problems/%lld/events", (long long)p);
	assert_status(r, 200);
	no_giver(&r, name, phone);
	resp_free(&r);
	r = h_get(F.tok[U_LEADER], API "/opinions?problem_id=%lld", (long long)p);
	assert_status(r, 200);
	no_giver(&r, name, phone);
	resp_free(&r);

	/* And the leader cannot write, not even on the records it reads. */
	r = h_stage(F.tok[U_LEADER], p, "progress",
		    json_pack("{s:s, s:i, s:s, s:b}", "measures", "x", "percent", 10, "evidence",
			      "y", "done", 0));
	assert_problem(r, 403);
	resp_free(&r);
	r = h_post(F.tok[U_LEADER], json_pack("{s:s}", "reason", "x"), API "/opinions/%lld/reject",
		   (long long)op);
	assert_problem(r, 403);
	resp_free(&r);
	char *s = h_pstatus(&F, p);
	assert_string_equal(s, "answered");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_scoped_lists),
		cmocka_unit_test(test_leader_never_sees_givers),
	};
	h_suite(&F, NULL);
	return cmocka_run_group_tests_name("api_permissions", tests, h_group_setup,
					   h_group_teardown);
}
