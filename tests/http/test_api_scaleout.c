/*
 * Two `wubiao serve` processes on one database, as behind a reverse proxy: the pipeline's
 * stages interleaved across them, each seeing the other's writes at once; two conflicting
 * stage changes of one problem sent at the same moment to the two servers, of which
 * exactly one succeeds and the other gets 409; and concurrent writers on both servers
 * leaving one intact audit chain with exactly one event per acknowledged write.
 *
 * The suite runs on both engines (tests/run.sh); on PostgreSQL it is the scale-out
 * deployment, on SQLite two processes share one file.
 */
#include "harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fixture F;
static struct server B; /* the second server; h_srv is the first */

static int group_setup(void **state)
{
	if (h_group_setup(state) != 0)
		return -1;
	return h_peer_start(&B);
}

static int group_teardown(void **state)
{
	if (B.pid > 0 && h_peer_stop(&B) != 0)
		fprintf(stderr, "note: the second server did not stop cleanly\n");
	return h_group_teardown(state);
}

/* A request to server @p on (0: the harness's, 1: the second) with a JSON body (stolen). */
static struct resp on_server(int on, const char *method, const char *tok, json_t *body,
			     const char *path, CURL *curl)
{
	char *text = NULL;
	if (body) {
		text = json_dumps(body, JSON_COMPACT);
		json_decref(body);
		assert_non_null(text);
	}
	struct h_req_opts o = {.method = method,
			       .path = path,
			       .token = tok,
			       .body = text,
			       .curl = curl,
			       .base = on ? B.base : NULL};
	struct resp r = h_req_ex(&o);
	free(text);
	return r;
}

static struct resp stage_on(int on, const char *tok, json_int_t id, const char *stage, json_t *body)
{
	char path[96];
	snprintf(path, sizeof path, API "/problems/%lld/%s", (long long)id, stage);
	return on_server(on, "POST", tok, body, path, NULL);
}

static char *status_on(int on, json_int_t id)
{
	char path[64];
	snprintf(path, sizeof path, API "/problems/%lld", (long long)id);
	struct resp r = on_server(on, "GET", F.tok[U_ADMIN], NULL, path, NULL);
	assert_status(r, 200);
	char *s = strdup(jstr(r.json, "status"));
	resp_free(&r);
	return s;
}

/* The chain as each server verifies it. @return the number of events */
static json_int_t audit_ok_on_both(void)
{
	json_int_t n[2];
	for (int on = 0; on < 2; on++) {
		struct resp r =
			on_server(on, "GET", F.tok[U_ADMIN], NULL, API "/audit/verify", NULL);
		assert_status(r, 200);
		if (!jtrue(r.json, "ok"))
			fail_msg("server %d: the audit chain is broken: %s", on, r.body);
		n[on] = jint(r.json, "events");
		resp_free(&r);
	}
	assert_int_equal(n[0], n[1]);
	return n[0];
}

static void test_pipeline_across_servers(void **state)
{
	(void)state;
	const char *st = F.tok[U_STATION1], *unit = F.tok[U_UNIT1];
	json_int_t op =
		h_opinion(&F, U_POINT1A, F.dept[0], "两台服务器之间的流程", NULL, NULL, NULL);

	/* Summarized on the second server from an opinion entered on the first. */
	struct resp r =
		on_server(1, "POST", st,
			  json_pack("{s:I, s:I, s:s, s:s, s:s, s:[I]}", "campaign_id",
				    (json_int_t)F.campaign, "target_unit_id", (json_int_t)F.dept[0],
				    "dimension", "efficiency", "title", "跨服务器", "summary",
				    "交替在两台服务器上办理", "opinion_ids", (json_int_t)op),
			  API "/problems", NULL);
	assert_status(r, 201);
	json_int_t p = jint(r.json, "id");
	resp_free(&r);

	struct step {
		const char *tok, *stage, *status;
		json_t *body;
		long want;
	} steps[] = {
		{st, "dispatch", "dispatched",
		 json_pack("{s:I, s:i}", "unit_id", (json_int_t)F.dept[0], "due_workdays", 5), 200},
		{unit, "acknowledge", "acknowledged", json_object(), 200},
		{unit, "feedback", "answered",
		 json_pack("{s:s, s:s}", "reply", "已核实", "plan", "一周内整改"), 200},
		{unit, "progress", "rectifying",
		 json_pack("{s:s, s:i, s:s, s:b}", "measures", "第一步", "percent", 40, "evidence",
			   "照片", "done", 0),
		 200},
		{unit, "progress", "rectified",
		 json_pack("{s:s, s:i, s:s, s:b}", "measures", "完成", "percent", 100, "evidence",
			   "验收单", "done", 1),
		 200},
		{st, "verify", "verified", json_pack("{s:b, s:s}", "passed", 1, "note", "核查通过"),
		 200},
		{F.tok[U_POINT1A], "evaluations", "verified",
		 json_pack("{s:s, s:s}", "rating", "satisfied", "note", ""), 201},
		{F.tok[U_ADMIN], "close", "closed", json_object(), 200},
	};
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		int on = (int)(i % 2);
		r = stage_on(on, steps[i].tok, p, steps[i].stage, steps[i].body);
		if (r.status != steps[i].want)
			fail_msg("server %d: %s: want %ld: %ld %.300s", on, steps[i].stage,
				 steps[i].want, r.status, r.body);
		resp_free(&r);
		/* The other server sees the new state at once: no cache above the database. */
		char *s = status_on(!on, p);
		if (strcmp(s, steps[i].status) != 0)
			fail_msg("server %d after %s on server %d: status %s, want %s", !on,
				 steps[i].stage, on, s, steps[i].status);
		free(s);
	}

	/* One history, in order, whichever server wrote each step. */
	char path[96];
	snprintf(path, sizeof path, API "/problems/%lld/events", (long long)p);
	json_t *ev = h_list_all(F.tok[U_ADMIN], path, 100);
	static const char *const kinds[] = {"problem.dispatch", "problem.acknowledge",
					    "problem.feedback", "problem.progress",
					    "problem.progress", "problem.verify"};
	size_t k = 0;
	json_int_t last = 0;
	for (size_t i = 0; i < json_array_size(ev); i++) {
		json_t *e = json_array_get(ev, i);
		assert_true(jint(e, "id") > last);
		last = jint(e, "id");
		if (k < sizeof kinds / sizeof *kinds && jstr(e, "kind") &&
		    strcmp(jstr(e, "kind"), kinds[k]) == 0)
			k++;
	}
	if (k != sizeof kinds / sizeof *kinds)
		fail_msg("the problem's events lack %s in order", kinds[k]);
	json_decref(ev);
	audit_ok_on_both();
}

/* Two threads, one per server, post conflicting stage changes at the same moment. */
struct racer {
	int on;
	const char *tok, *stage;
	const char *body;
	json_int_t problem;
	pthread_barrier_t *go;
	long status;
	CURL *curl;
};

static void *race(void *arg)
{
	struct racer *rc = arg;
	char path[96];
	snprintf(path, sizeof path, API "/problems/%lld/%s", (long long)rc->problem, rc->stage);
	struct h_req_opts o = {.method = "POST",
			       .path = path,
			       .token = rc->tok,
			       .body = rc->body,
			       .curl = rc->curl,
			       .base = rc->on ? B.base : NULL};
	pthread_barrier_wait(rc->go);
	struct resp r = h_req_ex(&o);
	rc->status = r.status;
	resp_free(&r);
	return NULL;
}

static int count_kind(json_int_t p, const char *kind)
{
	char path[96];
	snprintf(path, sizeof path, API "/problems/%lld/events", (long long)p);
	json_t *ev = h_list_all(F.tok[U_ADMIN], path, 100);
	int n = 0;
	for (size_t i = 0; i < json_array_size(ev); i++) {
		const char *k = jstr(json_array_get(ev, i), "kind");
		n += k && strcmp(k, kind) == 0;
	}
	json_decref(ev);
	return n;
}

static void test_concurrent_stage_changes(void **state)
{
	(void)state;
	enum { ROUNDS = 12 };
	/* Two acknowledgements of a dispatched problem; and a feedback against a return of an
	 * acknowledged one, both allowed from there and each excluding the other. The office
	 * acts for the unit, so the loser still sees the problem (a unit no longer sees one it
	 * returned: 404) and gets 409. */
	static const char *const pair[2][2] = {{"acknowledge", "acknowledge"},
					       {"feedback", "return"}};
	static const char *const from[2] = {"dispatched", "acknowledged"};
	CURL *curl[2] = {curl_easy_init(), curl_easy_init()};
	assert_non_null(curl[0]);
	assert_non_null(curl[1]);
	int wins[2] = {0, 0};
	for (int round = 0; round < ROUNDS; round++) {
		json_int_t p = h_problem_in(&F, from[round % 2]);
		const char *const *stages = pair[round % 2];
		pthread_barrier_t go;
		pthread_barrier_init(&go, NULL, 2);
		struct racer rc[2];
		pthread_t th[2];
		for (int i = 0; i < 2; i++) {
			const char *body = "{}";
			if (strcmp(stages[i], "return") == 0)
				body = "{\"reason\":\"不属本单位职责\"}";
			else if (strcmp(stages[i], "feedback") == 0)
				body = "{\"reply\":\"已核实\",\"plan\":\"两周内整改\"}";
			rc[i] = (struct racer){.on = i,
					       .tok = F.tok[U_ADMIN],
					       .stage = stages[i],
					       .body = body,
					       .problem = p,
					       .go = &go,
					       .curl = curl[i]};
			assert_int_equal(pthread_create(&th[i], NULL, race, &rc[i]), 0);
		}
		for (int i = 0; i < 2; i++)
			pthread_join(th[i], NULL);
		pthread_barrier_destroy(&go);
		int ok = (rc[0].status == 200) + (rc[1].status == 200);
		int conflict = (rc[0].status == 409) + (rc[1].status == 409);
		if (ok != 1 || conflict != 1)
			fail_msg(
				"round %d (%s on server 0, %s on server 1): statuses %ld and %ld, want "
				"one 200 and one 409",
				round, stages[0], stages[1], rc[0].status, rc[1].status);
		int winner = rc[0].status == 200 ? 0 : 1;
		wins[winner]++;
		/* The state is the winner's, on both servers, and only its event was written. */
		const char *want = strcmp(stages[winner], "return") == 0     ? "returned"
				   : strcmp(stages[winner], "feedback") == 0 ? "answered"
									     : "acknowledged";
		for (int on = 0; on < 2; on++) {
			char *s = status_on(on, p);
			if (strcmp(s, want) != 0)
				fail_msg("round %d: server %d shows %s, want %s", round, on, s,
					 want);
			free(s);
		}
		int written = count_kind(p, "problem.return") + count_kind(p, "problem.feedback") +
			      count_kind(p, "problem.acknowledge") -
			      (round % 2); /* h_problem_in's */
		if (written != 1)
			fail_msg("round %d: %d events of the two actions, want 1", round, written);
	}
	curl_easy_cleanup(curl[0]);
	curl_easy_cleanup(curl[1]);
	print_message("# wins by server: %d and %d of %d\n", wins[0], wins[1], ROUNDS);
	audit_ok_on_both();
}

/* Writers on both servers at once, then the chain. */
enum { WRITERS = 6, WRITES = 15 };

struct writer {
	int n;
	int ok;
	long last_status;
};

static void *write_opinions(void *arg)
{
	struct writer *w = arg;
	CURL *c = curl_easy_init();
	if (c == NULL)
		return NULL;
	for (int i = 0; i < WRITES; i++) {
		char body[512];
		snprintf(body, sizeof body,
			 "{\"campaign_id\":%lld,\"point_id\":%lld,\"target_unit_id\":%lld,"
			 "\"dimension\":\"conduct\",\"source\":\"public\",\"channel\":\"form\","
			 "\"content\":\"writer %d opinion %d\","
			 "\"received_at\":\"2026-03-02T08:00:00+08:00\"}",
			 (long long)F.campaign, (long long)F.point[0][0], (long long)F.dept[0],
			 w->n, i);
		struct h_req_opts o = {.method = "POST",
				       .path = API "/opinions",
				       .token = F.tok[U_ADMIN],
				       .body = body,
				       .curl = c,
				       .base = w->n % 2 ? B.base : NULL};
		struct resp r = h_req_ex(&o);
		w->last_status = r.status;
		w->ok += r.status == 201;
		resp_free(&r);
	}
	curl_easy_cleanup(c);
	return NULL;
}

static void test_audit_chain_concurrent_writers(void **state)
{
	(void)state;
	json_int_t before = audit_ok_on_both();
	struct writer w[WRITERS];
	pthread_t th[WRITERS];
	for (int i = 0; i < WRITERS; i++) {
		w[i] = (struct writer){.n = i};
		assert_int_equal(pthread_create(&th[i], NULL, write_opinions, &w[i]), 0);
	}
	int ok = 0;
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(th[i], NULL);
		if (w[i].ok != WRITES)
			fail_msg("writer %d: %d of %d opinions accepted (last status %ld)", i,
				 w[i].ok, WRITES, w[i].last_status);
		ok += w[i].ok;
	}
	/* One event per accepted opinion, all on one chain that both servers verify... */
	json_int_t after = audit_ok_on_both();
	assert_int_equal(after - before, ok);
	/* ...and so does the command line, reading the database directly. */
	char *out = NULL;
	int rc = h_cli(NULL, &out, "audit", "verify", "--db", h_srv.db, NULL);
	if (rc != 0)
		fail_msg("wubiao audit verify exited %d: %s", rc, out);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipeline_across_servers),
		cmocka_unit_test(test_concurrent_stage_changes),
		cmocka_unit_test(test_audit_chain_concurrent_writers),
	};
	h_suite(&F, NULL);
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
