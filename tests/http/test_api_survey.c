/*
 * The statistics bureau's survey through the API, as role stats runs it: a frame imported
 * all or nothing with its errors by line and its contacts sealed; the seed's hash before
 * the frame closes; a draw the offline CLI reproduces from the frame and the seed; calls
 * with outcomes and answers, one-time codes used once, re-contact; the estimates against
 * hand-computed values and against `wubiao survey estimate` on the same answers; the
 * results published by the office, frozen, and each unit seeing only its own; and the
 * endpoint against the baseline.
 *
 * Worked values (docs/survey.md; z = 1.959964):
 *   D1, 行风: 4 满意, 2 基本满意, 1 不满意, 1 不了解 → 6/7 = 0.8571, Wilson 0.4869–0.9743,
 *     score (400 + 150 + 55)/7 = 86.43; 效能: 3, 3, 2 → 0.75, Wilson 0.4093–0.9285,
 *     score 635/8 = 79.38; overall, the mean over the 8 people: 0.75 (0.4753–1), score
 *     80.94 (69.61–92.26) with the finite population correction of N = 30
 *   D2 endpoint 8/10 against baseline 10/10: −0.2, MOVER interval −0.5098 to 0.1124
 */
#include "harness.h"
#include "../pg/pg_fixture.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fixture F;
static char *stats, *stats2;  /* two interviewers of the statistics bureau */
static json_int_t baseline;   /* the survey the tests walk through, in order */
static char frame_path[256];  /* the frame as the bureau's file, for the offline CLI */
static int with_contacts = 1; /* the survey being called has names and phones */

enum { S_ = 0, B_, U_, X_ }; /* 满意, 基本满意, 不满意, 不了解 */
static const char *const answer_name[] = {"satisfied", "basically_satisfied", "unsatisfied",
					  "unaware"};

static void write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static char *make_stats(const char *username)
{
	struct resp r =
		h_post(F.tok[U_ADMIN],
		       json_pack("{s:s, s:s, s:s, s:s}", "username", username, "display_name",
				 "统计局调查员", "role", "stats", "password", H_PASSWORD),
		       API "/users");
	assert_status(r, 201);
	resp_free(&r);
	return h_login(username, H_PASSWORD);
}

/* The frame: D1 30 people (10 党员, 20 群众), D2 20, S1 15, with names and phones. */
static char *frame_text(void)
{
	static const struct {
		const char *code;
		int n;
	} units[] = {{"D1", 30}, {"D2", 20}, {"S1", 15}};
	size_t cap = 16384, len = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	len += (size_t)snprintf(t, cap, "unit_code,respondent_id,stratum,name,phone\n");
	for (int u = 0; u < 3; u++)
		for (int i = 0; i < units[u].n; i++)
			len += (size_t)snprintf(
				t + len, cap - len, "%s,%s-%02d,%s,受访者%s%02d,1390000%02d%02d\n",
				units[u].code, units[u].code, i,
				i < units[u].n / 3 ? "党员" : "群众", units[u].code, i, u, i);
	return t;
}

/* PUT a frame as the bureau's CSV file. */
static struct resp put_frame(const char *tok, const char *csv, json_int_t id)
{
	char path[96];
	snprintf(path, sizeof path, API "/surveys/%lld/frame", (long long)id);
	return h_req_ex(&(struct h_req_opts){.method = "PUT",
					     .path = path,
					     .token = tok,
					     .body = csv,
					     .content_type = "text/csv; charset=utf-8"});
}

static json_t *survey_get(json_int_t id)
{
	struct resp r = h_get(stats, API "/surveys/%lld", (long long)id);
	assert_status(r, 200);
	json_t *j = json_incref(r.json);
	resp_free(&r);
	return j;
}

static json_t *unit_row(json_t *units, json_int_t unit)
{
	size_t i;
	json_t *u;
	json_array_foreach(units, i, u) if (jint(u, "unit_id") == unit) return u;
	fail_msg("unit %lld not listed", (long long)unit);
	return NULL;
}

static void test_roles(void **state)
{
	(void)state;
	stats = make_stats("stats1");
	stats2 = make_stats("stats2");
	/* the office reads surveys but does not run them */
	struct resp r =
		h_post(F.tok[U_ADMIN],
		       json_pack("{s:I, s:s}", "campaign_id", F.campaign, "round", "baseline"),
		       API "/surveys");
	assert_problem(r, 403);
	resp_free(&r);
	r = h_post(stats,
		   json_pack("{s:I, s:s, s:{s:f}}", "campaign_id", F.campaign, "round", "baseline",
			     "design", "margin", 0.7),
		   API "/surveys");
	assert_problem(r, 400);
	assert_true(h_json_has_string(r.json, "design.margin"));
	resp_free(&r);
	r = h_post(stats,
		   json_pack("{s:I, s:s, s:{s:f, s:i}}", "campaign_id", F.campaign, "round",
			     "baseline", "design", "margin", 0.5, "min_n", 10),
		   API "/surveys");
	assert_status(r, 201);
	baseline = jint(r.json, "id");
	assert_string_equal(jstr(r.json, "state"), "draft");
	/* the default questionnaire: five items and an overall one per dimension */
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 12);
	assert_string_equal(jstr(json_array_get(items, 0), "label"), "依法办事");
	assert_true(jtrue(json_array_get(items, 5), "overall"));
	assert_string_equal(jstr(json_array_get(items, 11), "dimension"), "efficiency");
	resp_free(&r);
	/* one survey per campaign and round */
	r = h_post(stats, json_pack("{s:I, s:s}", "campaign_id", F.campaign, "round", "baseline"),
		   API "/surveys");
	assert_problem(r, 409);
	resp_free(&r);
	/* a unit sees no unpublished survey; a leader does */
	r = h_get(F.tok[U_UNIT1], API "/surveys");
	assert_status(r, 200);
	assert_int_equal(json_array_size(h_items(r.json)), 0);
	resp_free(&r);
	r = h_get(F.tok[U_UNIT1], API "/surveys/%lld", (long long)baseline);
	assert_problem(r, 404);
	resp_free(&r);
	r = h_get(F.tok[U_LEADER], API "/surveys/%lld", (long long)baseline);
	assert_status(r, 200);
	resp_free(&r);
}

static void test_frame_import(void **state)
{
	(void)state;
	/* all or nothing, every error named by its line */
	struct resp r =
		put_frame(stats, "unit_code,respondent_id,stratum\nD1,a,x\nD2,a,x\n", baseline);
	assert_problem(r, 400);
	json_t *lines = json_object_get(r.json, "lines");
	assert_int_equal(json_array_size(lines), 1);
	assert_int_equal(jint(json_array_get(lines, 0), "line"), 3);
	assert_non_null(strstr(jstr(json_array_get(lines, 0), "message"), "a appears twice"));
	resp_free(&r);
	r = put_frame(stats, "unit_code,respondent_id\nD1,a\nD1,\"b\n", baseline);
	assert_problem(r, 400);
	assert_true(h_json_has_string(r.json, "malformed CSV (a quote is never closed)"));
	resp_free(&r);
	r = put_frame(stats, "unit_code,respondent_id\nD1,a\nOFFICE,b\nNOPE,c\n", baseline);
	assert_problem(r, 400);
	lines = json_object_get(r.json, "lines");
	assert_int_equal(json_array_size(lines), 2);
	assert_true(h_json_has_string(
		r.json, "unit_code NOPE is not the code of a department or a street"));
	resp_free(&r);
	json_t *s = survey_get(baseline);
	assert_int_equal(json_array_size(json_object_get(s, "units")), 0);
	json_decref(s);

	char *text = frame_text();
	snprintf(frame_path, sizeof frame_path, "%s/frame.csv", h_srv.dir);
	write_text(frame_path, text);
	r = put_frame(F.tok[U_ADMIN], text, baseline);
	assert_problem(r, 403);
	resp_free(&r);
	r = put_frame(stats, text, baseline);
	free(text);
	assert_status(r, 200);
	assert_int_equal(jint(r.json, "people"), 65);
	assert_int_equal(jint(r.json, "units"), 3);
	resp_free(&r);
	/* the design as it would be, shown before the draw: n = 10 (min_n) in each unit */
	s = survey_get(baseline);
	json_t *units = json_object_get(s, "units");
	assert_int_equal(json_array_size(units), 3);
	assert_int_equal(jint(unit_row(units, F.dept[0]), "frame_n"), 30);
	assert_int_equal(jint(unit_row(units, F.dept[0]), "sample_n"), 10);
	assert_int_equal(jint(unit_row(units, F.street), "frame_n"), 15);
	json_decref(s);
	/* at ±5%: ⌈384.15 / (1 + 383.15/30)⌉ = 28 */
	r = h_patch(stats, json_pack("{s:{s:f}}", "design", "margin", 0.05), API "/surveys/%lld",
		    (long long)baseline);
	assert_status(r, 200);
	assert_int_equal(jint(unit_row(json_object_get(r.json, "units"), F.dept[0]), "sample_n"),
			 28);
	resp_free(&r);
	r = h_patch(stats, json_pack("{s:{s:f}}", "design", "margin", 0.5), API "/surveys/%lld",
		    (long long)baseline);
	assert_status(r, 200);
	resp_free(&r);
	/* contacts are sealed: not in the database's text, not in the log */
	assert_int_equal(h_sql("SELECT COUNT(*) FROM survey_people WHERE contact LIKE '%13900%'"
			       " OR contact LIKE '%受访者%'"),
			 0);
	assert_int_equal(h_sql("SELECT COUNT(*) FROM survey_people WHERE contact IS NOT NULL"), 65);
	assert_int_equal(h_sql("SELECT COUNT(*) FROM events WHERE data LIKE '%13900%'"), 0);
}

static void test_commit_close_draw(void **state)
{
	(void)state;
	struct resp r = h_req("POST", stats, NULL, API "/surveys/%lld/close", (long long)baseline);
	assert_problem(r, 409);
	resp_free(&r);
	r = h_post(stats, json_object(), API "/surveys/%lld/commit", (long long)baseline);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "state"), "committed");
	char seed_hash[65];
	snprintf(seed_hash, sizeof seed_hash, "%s", jstr(r.json, "seed_hash"));
	assert_int_equal(strlen(seed_hash), 64);
	assert_true(json_is_null(json_object_get(r.json, "seed")));
	resp_free(&r);
	r = h_req("POST", stats, NULL, API "/surveys/%lld/close", (long long)baseline);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "state"), "closed");
	assert_int_equal(strlen(jstr(r.json, "frame_hash")), 64);
	resp_free(&r);
	/* the frame and the design are fixed */
	r = put_frame(stats, "unit_code,respondent_id\nD1,z\n", baseline);
	assert_problem(r, 409);
	resp_free(&r);
	r = h_patch(stats, json_pack("{s:{s:f}}", "design", "margin", 0.1), API "/surveys/%lld",
		    (long long)baseline);
	assert_problem(r, 409);
	resp_free(&r);
	r = h_post(stats, json_pack("{s:s}", "seed", "00"), API "/surveys/%lld/draw",
		   (long long)baseline);
	assert_problem(r, 400); /* the server keeps this seed */
	resp_free(&r);
	r = h_req("POST", stats, NULL, API "/surveys/%lld/draw", (long long)baseline);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "state"), "fieldwork");
	/* the revealed seed is the one committed to */
	const char *seed = jstr(r.json, "seed");
	unsigned char bin[64], h[32];
	size_t len;
	assert_int_equal(sodium_hex2bin(bin, sizeof bin, seed, strlen(seed), NULL, &len, NULL), 0);
	crypto_hash_sha256(h, bin, len);
	char hex[65];
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	assert_string_equal(hex, seed_hash);
	char seed_copy[160];
	snprintf(seed_copy, sizeof seed_copy, "%s", seed);
	json_t *units = json_object_get(r.json, "units");
	char design[512] = "unit_code,N,n\n";
	const char *codes[] = {"D1", "D2", "S1"};
	json_int_t ids[] = {F.dept[0], F.dept[1], F.street};
	for (int i = 0; i < 3; i++) {
		json_t *u = unit_row(units, ids[i]);
		assert_int_equal(jint(u, "drawn"), 10);
		snprintf(design + strlen(design), sizeof design - strlen(design), "%s,%lld,%lld\n",
			 codes[i], (long long)jint(u, "frame_n"), (long long)jint(u, "sample_n"));
	}
	resp_free(&r);
	/* the offline CLI draws the same people in the same order */
	char design_path[300];
	snprintf(design_path, sizeof design_path, "%s/design.csv", h_srv.dir);
	write_text(design_path, design);
	char *out = NULL;
	int rc = h_cli(NULL, &out, "survey", "draw", "--frame", frame_path, "--design", design_path,
		       "--seed", seed_copy, NULL);
	assert_int_equal(rc, 0);
	char path[96];
	snprintf(path, sizeof path, API "/surveys/%lld/sample", (long long)baseline);
	json_t *sample = h_list_all(stats, path, 100);
	char want[2048] = "unit_code,respondent_id\n";
	for (int i = 0; i < 3; i++)
		for (int pos = 1; pos <= 10; pos++) {
			size_t k;
			json_t *p;
			json_array_foreach(sample, k,
					   p) if (jint(p, "draw_pos") == pos &&
						  strcmp(jstr(p, "unit_code"), codes[i]) == 0)
				snprintf(want + strlen(want), sizeof want - strlen(want), "%s,%s\n",
					 codes[i], jstr(p, "respondent_id"));
		}
	assert_int_equal(json_array_size(sample), 30);
	assert_false(h_json_has_string(sample, "13900000000"));
	json_decref(sample);
	assert_string_equal(out, want);
	free(out);
}

/* Call the next person of @p unit as @p tok and record @p outcome with @p answers. */
static json_int_t call_one(const char *tok, json_int_t unit, const char *outcome,
			   const int *answers)
{
	struct resp r = h_post(tok, json_pack("{s:I}", "unit_id", unit), API "/surveys/%lld/next",
			       (long long)baseline);
	assert_status(r, 200);
	json_int_t person = jint(r.json, "id");
	assert_int_equal(jint(r.json, "unit_id"), unit);
	if (with_contacts) {
		assert_non_null(jstr(r.json, "phone"));
		assert_non_null(strstr(jstr(r.json, "name"), "受访者"));
	}
	resp_free(&r);
	json_t *body = json_pack("{s:s}", "outcome", outcome);
	if (answers) {
		json_t *a = json_array();
		for (int i = 0; i < 12; i++)
			json_array_append_new(a, json_string(answer_name[answers[i]]));
		json_object_set_new(body, "answers", a);
	}
	r = h_post(tok, body, API "/surveys/%lld/people/%lld/outcome", (long long)baseline,
		   (long long)person);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "outcome"), outcome);
	resp_free(&r);
	return person;
}

/* 12 answers: the five items of each dimension 满意, the overall ones @p c and @p e. */
static const int *answers(int c, int e)
{
	static int a[12];
	for (int i = 0; i < 12; i++)
		a[i] = S_;
	a[5] = c;
	a[11] = e;
	return a;
}

static void test_fieldwork(void **state)
{
	(void)state;
	/* two interviewers never get the same person */
	struct resp r1 = h_post(stats, json_pack("{s:I}", "unit_id", F.dept[0]),
				API "/surveys/%lld/next", (long long)baseline);
	struct resp r2 = h_post(stats2, json_pack("{s:I}", "unit_id", F.dept[0]),
				API "/surveys/%lld/next", (long long)baseline);
	assert_status(r1, 200);
	assert_status(r2, 200);
	assert_true(jint(r1.json, "id") != jint(r2.json, "id"));
	json_int_t held = jint(r2.json, "id");
	resp_free(&r1);
	resp_free(&r2);
	/* another interviewer's person cannot be recorded; stats2 gives it back */
	struct resp r = h_post(stats, json_pack("{s:s}", "outcome", "refused"),
			       API "/surveys/%lld/people/%lld/outcome", (long long)baseline,
			       (long long)held);
	assert_problem(r, 409);
	resp_free(&r);
	r = h_req("POST", stats2, NULL, API "/surveys/%lld/people/%lld/callback",
		  (long long)baseline, (long long)held);
	assert_status(r, 200);
	assert_int_equal(jint(r.json, "attempts"), 1);
	resp_free(&r);
	/* the office sees no contact */
	r = h_get(F.tok[U_ADMIN], API "/surveys/%lld/people/%lld", (long long)baseline,
		  (long long)held);
	assert_problem(r, 403);
	resp_free(&r);
	/* a completed interview answers every item */
	r = h_post(stats, json_pack("{s:I}", "unit_id", F.dept[0]), API "/surveys/%lld/next",
		   (long long)baseline);
	json_int_t p = jint(r.json, "id");
	resp_free(&r);
	r = h_post(stats, json_pack("{s:s}", "outcome", "completed"),
		   API "/surveys/%lld/people/%lld/outcome", (long long)baseline, (long long)p);
	assert_problem(r, 400);
	resp_free(&r);
	r = h_post(stats, json_pack("{s:s, s:[s]}", "outcome", "completed", "answers", "satisfied"),
		   API "/surveys/%lld/people/%lld/outcome", (long long)baseline, (long long)p);
	assert_problem(r, 400);
	resp_free(&r);

	/* D1: 1 refused, 1 ineligible, 8 interviews (the worked example) */
	call_one(stats, F.dept[0], "refused", NULL);
	call_one(stats, F.dept[0], "ineligible", NULL);
	static const int d1[8][2] = {{S_, S_}, {S_, S_}, {S_, S_}, {S_, B_},
				     {B_, B_}, {B_, B_}, {U_, U_}, {X_, U_}};
	for (int i = 0; i < 8; i++)
		call_one(i % 2 ? stats2 : stats, F.dept[0], "completed",
			 answers(d1[i][0], d1[i][1]));
	r = h_post(stats, json_pack("{s:I}", "unit_id", F.dept[0]), API "/surveys/%lld/next",
		   (long long)baseline);
	assert_int_equal(r.status, 204);
	resp_free(&r);
	/* an outcome is final */
	r = h_post(stats, json_pack("{s:s}", "outcome", "refused"),
		   API "/surveys/%lld/people/%lld/outcome", (long long)baseline, (long long)p);
	assert_problem(r, 409);
	resp_free(&r);
	/* D2: 10 interviews, 行风 all 满意, 效能 5 满意 and 5 不满意 */
	for (int i = 0; i < 10; i++)
		call_one(stats, F.dept[1], "completed", answers(S_, i < 5 ? S_ : U_));
	/* RR1 = 8 / (10 − 1) */
	json_t *s = survey_get(baseline);
	json_t *u = unit_row(json_object_get(s, "units"), F.dept[0]);
	assert_int_equal(jint(u, "completed"), 8);
	assert_int_equal(jint(u, "refused"), 1);
	assert_int_equal(jint(u, "ineligible"), 1);
	assert_true(fabs(json_number_value(json_object_get(u, "rr1")) - 0.8889) < 1e-9); /* 8/9 */
	json_decref(s);
}

static void test_codes(void **state)
{
	(void)state;
	struct resp r = h_post(stats, json_pack("{s:I}", "unit_id", F.street),
			       API "/surveys/%lld/codes", (long long)baseline);
	assert_status(r, 200);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 10);
	char codes[5][32];
	for (int i = 0; i < 5; i++)
		snprintf(codes[i], sizeof codes[i], "%s", jstr(json_array_get(items, i), "code"));
	resp_free(&r);
	/* codes are given once: asked again, none are new */
	r = h_post(stats, json_pack("{s:I}", "unit_id", F.street), API "/surveys/%lld/codes",
		   (long long)baseline);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	resp_free(&r);
	/* only the hashes are kept */
	char q[128];
	snprintf(q, sizeof q, "SELECT COUNT(*) FROM survey_people WHERE code_hash = '%s'",
		 codes[0]);
	assert_int_equal(h_sql(q), 0);
	r = h_get(NULL, API "/public/survey/%s", codes[0]);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "unit_name"), "城关街道");
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 12);
	resp_free(&r);
	/* S1 by self-completion: 行风 2 满意 then 不满意; 效能 不了解 */
	for (int i = 0; i < 5; i++) {
		char typed[40];
		/* typed with a space and a hyphen, in small letters */
		snprintf(typed, sizeof typed, "%.5s-%s", codes[i], codes[i] + 5);
		for (char *c = typed; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		const int *a = answers(i < 2 ? S_ : U_, X_);
		json_t *arr = json_array();
		for (int k = 0; k < 12; k++)
			json_array_append_new(arr, json_string(answer_name[a[k]]));
		r = h_post(NULL, json_pack("{s:o}", "answers", arr), API "/public/survey/%s",
			   typed);
		assert_status(r, 204);
		resp_free(&r);
	}
	/* a code is used once */
	r = h_post(NULL, json_pack("{s:[s]}", "answers", "satisfied"), API "/public/survey/%s",
		   codes[0]);
	assert_problem(r, 409);
	resp_free(&r);
	r = h_get(NULL, API "/public/survey/ABCDEFGHJK");
	assert_problem(r, 404);
	resp_free(&r);
	/* the other 5 of S1 by phone */
	for (int i = 0; i < 5; i++)
		call_one(stats, F.street, "completed", answers(U_, X_));
}

static void test_recheck(void **state)
{
	(void)state;
	/* 10% of each unit's phone interviews, rounded up: D1 1 of 8, D2 1 of 10, S1 1 of 5 */
	struct resp r =
		h_req("POST", stats, NULL, API "/surveys/%lld/recheck", (long long)baseline);
	assert_status(r, 200);
	assert_int_equal(jint(r.json, "drawn"), 3);
	resp_free(&r);
	char path[96];
	snprintf(path, sizeof path, API "/surveys/%lld/sample", (long long)baseline);
	json_t *all = h_list_all(stats, path, 100);
	size_t i;
	json_t *p;
	int done = 0;
	json_array_foreach(all, i, p)
	{
		if (jint(p, "recheck") != 1)
			continue;
		assert_string_equal(jstr(p, "mode"), "cati");
		/* the first re-contact disagrees on item 0 */
		struct resp g = h_get(stats, API "/surveys/%lld/people/%lld", (long long)baseline,
				      (long long)jint(p, "id"));
		json_t *a = json_deep_copy(json_object_get(g.json, "answers"));
		resp_free(&g);
		if (done == 0)
			json_array_set_new(a, 0, json_string("unsatisfied"));
		r = h_post(stats, json_pack("{s:o}", "answers", a),
			   API "/surveys/%lld/people/%lld/recheck", (long long)baseline,
			   (long long)jint(p, "id"));
		assert_status(r, 200);
		resp_free(&r);
		done++;
	}
	json_decref(all);
	assert_int_equal(done, 3);
	r = h_get(F.tok[U_ADMIN], API "/surveys/%lld/recheck", (long long)baseline);
	assert_status(r, 200);
	assert_int_equal(jint(r.json, "rechecked"), 3);
	assert_int_equal(jint(r.json, "agreed"), 2);
	resp_free(&r);
}

#define NEAR(j, key, want) NEAR_TO(j, key, want, 0.00005)
/* the server rounds with round(), the CLI with printf: one in the last place apart at most */
#define NEAR_TO(j, key, want, tol)                                                                 \
	do {                                                                                       \
		json_t *v_ = json_object_get((j), (key));                                          \
		if (!json_is_number(v_) || fabs(json_number_value(v_) - (want)) > (tol))           \
			fail_msg("%s = %s, want %.4f", (key),                                      \
				 json_is_number(v_) ? "another value" : "absent", (double)(want)); \
	} while (0)

/* The CLI's estimate of the same answers equals the server's, field by field. */
static void cross_check(json_t *est)
{
	char path[300], text[16384] = "unit_code,respondent_id,stratum,dimension,answer\n";
	snprintf(path, sizeof path, API "/surveys/%lld/sample", (long long)baseline);
	json_t *sample = h_list_all(stats, path, 100);
	size_t i;
	json_t *p;
	json_array_foreach(sample, i, p)
	{
		if (jstr(p, "outcome") == NULL || strcmp(jstr(p, "outcome"), "completed") != 0)
			continue;
		struct resp g = h_get(stats, API "/surveys/%lld/people/%lld", (long long)baseline,
				      (long long)jint(p, "id"));
		json_t *a = json_object_get(g.json, "answers");
		snprintf(text + strlen(text), sizeof text - strlen(text), "%s,%s,,conduct,%s\n",
			 jstr(p, "unit_code"), jstr(p, "respondent_id"),
			 json_string_value(json_array_get(a, 5)));
		snprintf(text + strlen(text), sizeof text - strlen(text), "%s,%s,,efficiency,%s\n",
			 jstr(p, "unit_code"), jstr(p, "respondent_id"),
			 json_string_value(json_array_get(a, 11)));
		resp_free(&g);
	}
	json_decref(sample);
	snprintf(path, sizeof path, "%s/responses.csv", h_srv.dir);
	write_text(path, text);
	char *out = NULL;
	assert_int_equal(h_cli(NULL, &out, "survey", "estimate", "--responses", path, "--frame",
			       frame_path, NULL),
			 0);
	static const char *const cols[] = {"rate",          "low",          "high",         "score",
					   "rate_weighted", "low_weighted", "high_weighted"};
	int rows = 0;
	for (char *line = strchr(out, '\n') + 1; line && *line; line = strchr(line, '\n') + 1) {
		char code[16], dim[16], v[7][16] = {{0}};
		long long n, nu, nv;
		char *nl = strchr(line, '\n');
		*nl = '\0';
		int k = sscanf(
			line,
			"%15[^,],%15[^,],%lld,%lld,%lld,%15[^,],%15[^,],%15[^,],%15[^,],%15[^,],%15[^,],%15[^,]",
			code, dim, &n, &nu, &nv, v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
		assert_true(k >= 5);
		json_t *units = json_object_get(est, "units"), *row = NULL, *u;
		size_t j;
		json_array_foreach(units, j, u) if (strcmp(jstr(u, "unit_code"), code) == 0) row =
			u;
		assert_non_null(row);
		json_t *d = json_object_get(row, dim);
		assert_int_equal(jint(d, "n"), n);
		assert_int_equal(jint(d, "n_valid"), nv);
		for (int c = 0; c < 7 && 5 + c < k; c++)
			NEAR_TO(d, cols[c], atof(v[c]), 0.00011);
		rows++;
		*nl = '\n';
		if (nl[1] == '\0')
			break;
	}
	assert_int_equal(rows, 6);
	free(out);
}

static void test_estimates(void **state)
{
	(void)state;
	struct resp r = h_get(stats, API "/surveys/%lld/estimates", (long long)baseline);
	assert_status(r, 200);
	json_t *units = json_object_get(r.json, "units");
	json_t *d1 = unit_row(units, F.dept[0]), *c = json_object_get(d1, "conduct"),
	       *e = json_object_get(d1, "efficiency"), *o = json_object_get(d1, "overall");
	assert_int_equal(jint(c, "n"), 8);
	assert_int_equal(jint(c, "n_unaware"), 1);
	NEAR(c, "rate", 6.0 / 7);
	NEAR(c, "low", 0.4869);
	NEAR(c, "high", 0.9743);
	NEAR(c, "score", 86.43);
	NEAR(c, "unaware_share", 0.125);
	NEAR(e, "rate", 0.75);
	NEAR(e, "low", 0.4093);
	NEAR(e, "high", 0.9285);
	NEAR(e, "score", 79.38);
	NEAR(o, "rate", 0.75);
	NEAR(o, "low", 0.4753);
	NEAR(o, "high", 1);
	NEAR(o, "score", 80.94);
	NEAR(o, "score_low", 69.61);
	NEAR(o, "score_high", 92.26);
	/* strata: the weighted rate is there (D1 has 党员 and 群众) */
	assert_true(json_is_number(json_object_get(c, "rate_weighted")));
	/* D2 (88.75: 5 of 100 and 5 of 77.5) before D1 (80.94), but their intervals overlap:
	 * either may be first; S1 is the only street */
	json_t *d2 = unit_row(units, F.dept[1]);
	NEAR(json_object_get(d2, "overall"), "score", 88.75);
	assert_int_equal(jint(d2, "rank"), 1);
	assert_int_equal(jint(d1, "rank"), 2);
	assert_int_equal(jint(d1, "rank_low"), 1);
	assert_int_equal(jint(d1, "rank_high"), 2);
	assert_int_equal(jint(d2, "rank_high"), 2);
	assert_int_equal(jint(unit_row(units, F.street), "rank"), 1);
	/* S1's 效能 is all 不了解: no rate */
	json_t *s1e = json_object_get(unit_row(units, F.street), "efficiency");
	assert_true(json_is_null(json_object_get(s1e, "rate")));
	NEAR(s1e, "unaware_share", 1);
	cross_check(r.json);
	assert_false(h_json_has_string(r.json, "13900000000"));
	resp_free(&r);
	/* units see nothing before publication */
	r = h_get(F.tok[U_UNIT1], API "/surveys/%lld/estimates", (long long)baseline);
	assert_problem(r, 404);
	resp_free(&r);
}

static void test_publish(void **state)
{
	(void)state;
	struct resp r = h_post(F.tok[U_ADMIN], json_pack("{s:s}", "notice", "结果"),
			       API "/surveys/%lld/publish", (long long)baseline);
	assert_problem(r, 409); /* fieldwork not finished */
	resp_free(&r);
	r = h_req("POST", stats, NULL, API "/surveys/%lld/finish", (long long)baseline);
	assert_status(r, 200);
	resp_free(&r);
	r = h_post(stats, json_pack("{s:s}", "outcome", "refused"),
		   API "/surveys/%lld/people/1/outcome", (long long)baseline);
	assert_problem(r, 409);
	resp_free(&r);
	r = h_post(stats, json_pack("{s:s}", "notice", "结果"), API "/surveys/%lld/publish",
		   (long long)baseline);
	assert_problem(r, 403);
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN], json_object(), API "/surveys/%lld/publish", (long long)baseline);
	assert_problem(r, 400);
	resp_free(&r);
	r = h_post(F.tok[U_ADMIN], json_pack("{s:s}", "notice", "2026年普查满意度测评结果通报"),
		   API "/surveys/%lld/publish", (long long)baseline);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "state"), "published");
	resp_free(&r);
	/* a unit sees its own row only */
	r = h_get(F.tok[U_UNIT1], API "/surveys/%lld/estimates", (long long)baseline);
	assert_status(r, 200);
	assert_true(jtrue(r.json, "frozen"));
	json_t *units = json_object_get(r.json, "units");
	assert_int_equal(json_array_size(units), 1);
	assert_int_equal(jint(json_array_get(units, 0), "unit_id"), F.dept[0]);
	assert_null(strstr(r.body, "13900"));
	assert_null(strstr(r.body, "受访者"));
	resp_free(&r);
	r = h_get(F.tok[U_UNIT1], API "/surveys/%lld", (long long)baseline);
	assert_status(r, 200);
	assert_null(json_object_get(r.json, "units")); /* no design, no fieldwork */
	assert_null(strstr(r.body, "13900"));
	assert_int_equal(json_array_size(json_object_get(r.json, "actions")), 0);
	resp_free(&r);
	r = h_get(F.tok[U_UNIT1], API "/surveys");
	assert_int_equal(json_array_size(h_items(r.json)), 1);
	resp_free(&r);
	/* frozen: the published text is what is read, whatever the tables say later */
	r = h_get(F.tok[U_LEADER], API "/surveys/%lld/estimates", (long long)baseline);
	assert_status(r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "units")), 3);
	resp_free(&r);
}

static json_t *score_row(json_t *scores, json_int_t unit)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(scores, "items"), i,
			   it) if (jint(it, "id") == unit) return it;
	fail_msg("unit %lld not scored", (long long)unit);
	return NULL;
}

/* The published survey in the scores: 70% survey, 30% the work; a unit without problems is
 * ranked on the survey; each evaluation apart. */
static void test_scores(void **state)
{
	(void)state;
	/* D1 gets a rated, closed problem: work figures of its own */
	h_problem_in(&F, "closed");
	struct resp r = h_get(F.tok[U_ADMIN], API "/campaigns/%lld/scores", (long long)F.campaign);
	assert_status(r, 200);
	assert_int_equal(jint(json_object_get(r.json, "scheme"), "survey_share"), 70);
	json_t *d1 = score_row(r.json, F.dept[0]), *d2 = score_row(r.json, F.dept[1]),
	       *d3 = score_row(r.json, F.dept[2]);
	json_t *s1 = json_object_get(d1, "survey");
	NEAR(s1, "score", 80.94);
	assert_int_equal(jint(s1, "n"), 8);
	double work = json_number_value(json_object_get(d1, "work_composite"));
	NEAR_TO(d1, "composite", 0.7 * 80.94 + 0.3 * work, 0.011);
	/* no problem, no rating: the survey alone, and ranked on its 10 people */
	assert_true(json_is_null(json_object_get(d2, "work_composite")));
	NEAR(d2, "composite", 88.75);
	assert_int_equal(jint(d2, "evaluations"), 10);
	assert_int_equal(jint(d2, "rank"), 1);
	/* not surveyed, nothing rated: unranked */
	assert_true(json_is_null(json_object_get(d3, "survey")));
	assert_true(jtrue(d3, "insufficient_data"));
	resp_free(&r);
	/* 行风 alone: D2's 行风 was all 满意 */
	r = h_get(F.tok[U_ADMIN], API "/campaigns/%lld/scores?dimension=conduct",
		  (long long)F.campaign);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "dimension"), "conduct");
	NEAR(json_object_get(score_row(r.json, F.dept[1]), "survey"), "score", 100);
	/* D1's problem was about 行风: it is counted here ... */
	assert_false(json_is_null(json_object_get(score_row(r.json, F.dept[0]), "work_composite")));
	resp_free(&r);
	/* ... and not among 效能's */
	r = h_get(F.tok[U_ADMIN], API "/campaigns/%lld/scores?dimension=efficiency",
		  (long long)F.campaign);
	assert_status(r, 200);
	d1 = score_row(r.json, F.dept[0]);
	assert_true(json_is_null(json_object_get(d1, "work_composite")));
	NEAR(json_object_get(d1, "survey"), "score", 79.38);
	NEAR(d1, "composite", 79.38);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/campaigns/%lld/scores?dimension=both",
		  (long long)F.campaign);
	assert_problem(r, 400);
	resp_free(&r);
	/* form 2 of one evaluation */
	r = h_get(F.tok[U_ADMIN], API "/campaigns/%lld/forms/2?dimension=efficiency",
		  (long long)F.campaign);
	assert_status(r, 200);
	assert_false(h_json_has_string(r.json, "行风"));
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/campaigns/%lld/forms/2?dimension=conduct",
		  (long long)F.campaign);
	assert_status(r, 200);
	assert_true(h_json_has_string(r.json, "行风"));
	resp_free(&r);
}

/* The bureau's tables: never a contact; a unit gets its own published row alone. */
static void test_exports(void **state)
{
	(void)state;
	struct resp r = h_get(F.tok[U_ADMIN], API "/surveys/%lld/export/outcomes?format=csv",
			      (long long)baseline);
	assert_status(r, 200);
	assert_non_null(strstr(r.body, "单位代码,受访者编号,分层,抽样顺序,结果"));
	assert_null(strstr(r.body, "13900"));
	assert_null(strstr(r.body, "受访者D"));
	int lines = 0;
	for (const char *p = r.body; (p = strchr(p, '\n')); p++)
		lines++;
	assert_int_equal(lines, 31); /* the header and the 30 drawn */
	assert_non_null(strstr(r.body, "拒访"));
	resp_free(&r);
	r = h_get(F.tok[U_LEADER], API "/surveys/%lld/export/design?format=csv",
		  (long long)baseline);
	assert_status(r, 200);
	assert_non_null(strstr(r.body, "D1,区住建局,30,10,"));
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/surveys/%lld/export/estimates?format=xlsx",
		  (long long)baseline);
	assert_status(r, 200);
	assert_true(r.body[0] == 'P' && r.body[1] == 'K'); /* a zip: the XLSX container */
	resp_free(&r);
	r = h_get(F.tok[U_UNIT1], API "/surveys/%lld/export/estimates?format=csv",
		  (long long)baseline);
	assert_status(r, 200);
	assert_non_null(strstr(r.body, "区住建局"));
	assert_null(strstr(r.body, "区市场监管局"));
	resp_free(&r);
	r = h_get(F.tok[U_UNIT1], API "/surveys/%lld/export/sample?format=csv",
		  (long long)baseline);
	assert_problem(r, 404);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/surveys/%lld/export/frame", (long long)baseline);
	assert_problem(r, 404);
	resp_free(&r);
}

static void test_endpoint(void **state)
{
	(void)state;
	/* the bureau keeps its own seed: only its hash is given */
	static const char seed[] = "5eed5eed5eed5eed5eed5eed5eed5eed";
	unsigned char bin[16], h[32];
	size_t len;
	sodium_hex2bin(bin, sizeof bin, seed, strlen(seed), NULL, &len, NULL);
	crypto_hash_sha256(h, bin, len);
	char hash[65];
	sodium_bin2hex(hash, sizeof hash, h, sizeof h);
	struct resp r = h_post(stats,
			       json_pack("{s:I, s:s, s:{s:f, s:i}}", "campaign_id", F.campaign,
					 "round", "endpoint", "design", "margin", 0.5, "min_n", 10),
			       API "/surveys");
	assert_status(r, 201);
	json_int_t id = jint(r.json, "id");
	resp_free(&r);
	char frame[1024] = "unit_code,respondent_id\n";
	for (int i = 0; i < 20; i++)
		snprintf(frame + strlen(frame), sizeof frame - strlen(frame), "D2,e%02d\n", i);
	r = put_frame(stats, frame, id);
	assert_status(r, 200);
	resp_free(&r);
	r = h_post(stats, json_pack("{s:s}", "seed_hash", "XYZ"), API "/surveys/%lld/commit",
		   (long long)id);
	assert_problem(r, 400);
	resp_free(&r);
	r = h_post(stats, json_pack("{s:s}", "seed_hash", hash), API "/surveys/%lld/commit",
		   (long long)id);
	assert_status(r, 200);
	assert_false(jtrue(r.json, "server_seed"));
	resp_free(&r);
	r = h_req("POST", stats, NULL, API "/surveys/%lld/close", (long long)id);
	assert_status(r, 200);
	resp_free(&r);
	r = h_req("POST", stats, NULL, API "/surveys/%lld/draw", (long long)id);
	assert_problem(r, 400);
	resp_free(&r);
	r = h_post(stats, json_pack("{s:s}", "seed", "5eed5eed5eed5eed5eed5eed5eed5eee"),
		   API "/surveys/%lld/draw", (long long)id);
	assert_problem(r, 400);
	assert_true(h_json_has_string(r.json, "does not match the committed hash"));
	resp_free(&r);
	r = h_post(stats, json_pack("{s:s}", "seed", seed), API "/surveys/%lld/draw",
		   (long long)id);
	assert_status(r, 200);
	resp_free(&r);
	json_int_t keep = baseline;
	baseline = id; /* call_one works on this survey now */
	with_contacts = 0;
	for (int i = 0; i < 10; i++)
		call_one(stats, F.dept[1], "completed", answers(i < 8 ? S_ : U_, S_));
	baseline = keep;
	r = h_get(stats, API "/surveys/%lld/estimates", (long long)id);
	assert_status(r, 200);
	json_t *d2 = unit_row(json_object_get(r.json, "units"), F.dept[1]);
	json_t *b = json_object_get(json_object_get(d2, "baseline"), "conduct");
	NEAR(b, "rate", 1);
	NEAR(b, "diff", -0.2);
	NEAR(b, "diff_low", -0.5098);
	NEAR(b, "diff_high", 0.1124);
	resp_free(&r);
}

/* `wubiao audit verify` must say @p says (and fail) or pass. */
static void expect_verify(int want, const char *says)
{
	char *out = NULL;
	int rc = h_cli(NULL, &out, "audit", "verify", "--db", h_srv.db, NULL);
	if (rc != want || (says && strstr(out, says) == NULL))
		fail_msg("audit verify: exit %d (want %d): %s (want it to say %s)", rc, want, out,
			 says ? says : "nothing in particular");
	free(out);
}

/* Someone with the database changes an answer, an outcome or the published results: the
 * log, which holds every interview, names the record. */
static void test_tampering(void **state)
{
	(void)state;
	assert_int_equal(h_stop(), 0);
	expect_verify(0, "every record agrees");
	long long person = h_sql("SELECT min(person_id) FROM survey_answers WHERE pass = 0"
				 " AND item = 5 AND answer = 'unsatisfied'");
	assert_true(person > 0);
	char stmt[256], says[96];
	snprintf(stmt, sizeof stmt,
		 "UPDATE survey_answers SET answer = 'satisfied' WHERE person_id = %lld AND"
		 " item = 5 AND pass = 0",
		 person);
	h_sql(stmt);
	snprintf(says, sizeof says, "survey person %lld: the answers differ from the log", person);
	expect_verify(1, says);
	snprintf(stmt, sizeof stmt,
		 "UPDATE survey_answers SET answer = 'unsatisfied' WHERE person_id = %lld AND"
		 " item = 5 AND pass = 0",
		 person);
	h_sql(stmt);
	long long refused = h_sql("SELECT min(id) FROM survey_people WHERE outcome = 'refused'");
	snprintf(stmt, sizeof stmt,
		 "UPDATE survey_people SET outcome = 'ineligible' WHERE id = %lld", refused);
	h_sql(stmt);
	snprintf(says, sizeof says,
		 "survey person %lld: outcome is ineligible, the log says refused", refused);
	expect_verify(1, says);
	snprintf(stmt, sizeof stmt, "UPDATE survey_people SET outcome = 'refused' WHERE id = %lld",
		 refused);
	h_sql(stmt);
	/* D1 moved up to share first place in the text of the published results (the
	 * suite ends here: the database stays so) */
	h_sql("UPDATE surveys SET results = replace(results, '\"rank\":2', '\"rank\":1')"
	      " WHERE id = 1");
	expect_verify(1, "survey 1: the published results differ from the log");
	assert_int_equal(h_start(NULL), 0);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_frame_import),
		cmocka_unit_test(test_commit_close_draw),
		cmocka_unit_test(test_fieldwork),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_recheck),
		cmocka_unit_test(test_estimates),
		cmocka_unit_test(test_publish),
		cmocka_unit_test(test_scores),
		cmocka_unit_test(test_exports),
		cmocka_unit_test(test_endpoint),
		cmocka_unit_test(test_tampering),
	};
	h_suite(&F, NULL);
	int rc = cmocka_run_group_tests_name("api survey", tests, h_group_setup, h_group_teardown);
	free(stats);
	free(stats2);
	return rc;
}
