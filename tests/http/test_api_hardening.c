/*
 * What outside clients and an attacker found (issue "What a first-time user, outside
 * clients and an attacker found", parts B and C), each as a request that failed before its
 * fix: HEAD on every read, the Bearer challenge on a 401, bodies of another type than
 * JSON refused (which also stops other sites' pages from posting here), units kept from
 * learning which point or station collected their complaints, passwords too easy to guess,
 * names with line breaks or text-direction overrides, a deadline asked for in the year
 * 9999; entity tags with 304, and gzip on JSON and CSV.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/util/buf.h"

static struct fixture F;

static void test_head(void **state)
{
	(void)state;
	static const char *const paths[] = {API "/units", API "/campaigns", API "/problems",
					    API "/summary", API "/session"};
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		struct resp g = h_get(F.tok[U_ADMIN], "%s", paths[i]);
		struct resp r = h_req_ex(&(struct h_req_opts){
			.method = "HEAD", .path = paths[i], .token = F.tok[U_ADMIN]});
		if (r.status != 200)
			fail_msg("HEAD %s answered %ld", paths[i], r.status);
		assert_string_equal(r.body, ""); /* the headers of the GET, no body */
		char *type = resp_header(&r, "Content-Type");
		assert_non_null(type);
		assert_non_null(strstr(type, "application/json"));
		free(type);
		char *len = resp_header(&r, "Content-Length");
		assert_non_null(len);
		assert_int_equal(strtoll(len, NULL, 10), (long long)strlen(g.body));
		free(len);
		resp_free(&r);
		resp_free(&g);
	}
	/* HEAD tells no more than GET: a problem out of a unit's sight is 404 to both */
	json_int_t open = h_problem_in(&F, "open");
	struct resp g = h_get(F.tok[U_UNIT1], API "/problems/%lld", (long long)open);
	assert_problem(g, 404);
	resp_free(&g);
	char path[64];
	snprintf(path, sizeof path, API "/problems/%lld", (long long)open);
	g = h_req_ex(&(struct h_req_opts){.method = "HEAD", .path = path, .token = F.tok[U_UNIT1]});
	assert_int_equal(g.status, 404);
	resp_free(&g);
	/* a resource that has GET lists HEAD among what it allows */
	struct resp r = h_req("DELETE", F.tok[U_ADMIN], NULL, API "/units");
	assert_problem(r, 405);
	char *allow = resp_header(&r, "Allow");
	assert_non_null(allow);
	assert_non_null(strstr(allow, "HEAD"));
	free(allow);
	resp_free(&r);
}

static void test_bearer_challenge(void **state)
{
	(void)state;
	struct resp r = h_get(NULL, API "/units");
	assert_problem(r, 401);
	char *w = resp_header(&r, "WWW-Authenticate");
	assert_non_null(w);
	assert_true(strncmp(w, "Bearer", 6) == 0);
	free(w);
	resp_free(&r);
	r = h_get("not-a-token", API "/units");
	assert_problem(r, 401);
	w = resp_header(&r, "WWW-Authenticate");
	assert_non_null(w);
	free(w);
	resp_free(&r);
}

/* POST /session as the root admin with the body's type @p type (NULL: JSON) and one more
 * header @p header (may be NULL). */
static struct resp login_as_root(const char *type, const char *header)
{
	return h_req_ex(&(struct h_req_opts){.method = "POST",
					     .path = API "/session",
					     .body = "{\"username\":\"" H_ROOT
						     "\",\"password\":\"" H_PASSWORD "\"}",
					     .content_type = type,
					     .header = header});
}

static void test_json_only(void **state)
{
	(void)state;
	/* JSON sent as text/plain or as a form: what a page of another site can post */
	static const char *const types[] = {"text/plain", "application/x-www-form-urlencoded",
					    "multipart/form-data; boundary=x", "application/jsonx"};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
		struct resp r = h_req_ex(&(struct h_req_opts){
			.method = "POST",
			.path = API "/public/opinions",
			.body = "{\"target_unit_id\":1,\"dimension\":\"conduct\",\"content\":"
				"\"跨站提交的意见内容，不应被接受\"}",
			.content_type = types[i]});
		if (r.status != 415)
			fail_msg("a body of %s answered %ld", types[i], r.status);
		assert_problem(r, 415);
		resp_free(&r);
	}
	/* the login too: no signing a victim's browser into someone else's account */
	struct resp r = login_as_root("text/plain", NULL);
	assert_problem(r, 415);
	resp_free(&r);
	/* with a charset it is JSON all the same */
	r = login_as_root("application/json; charset=utf-8", NULL);
	assert_status(r, 200);
	resp_free(&r);
}

/* Signing in and the public's submissions are refused when a browser says the request
 * comes from another site's page. */
static void test_cross_site(void **state)
{
	(void)state;
	static const char *const from_elsewhere[] = {"Origin: http://evil.example",
						     "Sec-Fetch-Site: cross-site",
						     "Sec-Fetch-Site: same-site"};
	for (size_t i = 0; i < sizeof from_elsewhere / sizeof *from_elsewhere; i++) {
		struct resp r = login_as_root(NULL, from_elsewhere[i]);
		if (r.status != 403)
			fail_msg("%s answered %ld", from_elsewhere[i], r.status);
		resp_free(&r);
	}
	struct resp r = h_req_ex(&(struct h_req_opts){
		.method = "POST",
		.path = API "/public/opinions",
		.body = "{\"target_unit_id\":1,\"dimension\":\"conduct\",\"content\":"
			"\"另一个网站替人提交的意见\"}",
		.header = "Sec-Fetch-Site: cross-site"});
	assert_problem(r, 403);
	resp_free(&r);
	/* our own pages, and clients that are not browsers, pass */
	char origin[96];
	snprintf(origin, sizeof origin, "Origin: %s", h_srv.base);
	r = login_as_root(NULL, origin);
	assert_status(r, 200);
	resp_free(&r);
	r = login_as_root(NULL, "Sec-Fetch-Site: same-origin");
	assert_status(r, 200);
	resp_free(&r);
}

static void test_units_cannot_trace_points(void **state)
{
	(void)state;
	struct resp r = h_get(F.tok[U_UNIT1], API "/campaigns/%lld/forms/2?point_id=%lld",
			      (long long)F.campaign, (long long)F.point[0][0]);
	assert_problem(r, 403);
	resp_free(&r);
	r = h_get(F.tok[U_UNIT1], API "/campaigns/%lld/forms/3?station_id=%lld",
		  (long long)F.campaign, (long long)F.station[0]);
	assert_problem(r, 403);
	resp_free(&r);
	r = h_get(F.tok[U_UNIT1], API "/campaigns/%lld/forms/2", (long long)F.campaign);
	assert_status(r, 200);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/campaigns/%lld/forms/2?point_id=%lld",
		  (long long)F.campaign, (long long)F.point[0][0]);
	assert_status(r, 200);
	resp_free(&r);
}

static void test_weak_passwords(void **state)
{
	(void)state;
	static const char *const weak[] = {"aaaaaaaaaa",   "1234567890",  "qwertyuiop",
					   "abcdefghijkl", "Password123", "woaini1314",
					   "1111122222",   "9876543210x"};
	for (size_t i = 0; i < sizeof weak / sizeof *weak; i++) {
		char name[32];
		snprintf(name, sizeof name, "weak%zu", i);
		struct resp r =
			h_post(F.tok[U_ADMIN],
			       json_pack("{s:s, s:s, s:s, s:s}", "username", name, "display_name",
					 "弱口令", "role", "leader", "password", weak[i]),
			       API "/users");
		if (r.status != 400)
			fail_msg("password %s answered %ld", weak[i], r.status);
		assert_true(h_json_has_string(r.json, "is too easy to guess"));
		resp_free(&r);
	}
	struct resp r =
		h_post(F.tok[U_ADMIN],
		       json_pack("{s:s, s:s, s:s, s:s}", "username", "strong1", "display_name",
				 "强口令", "role", "leader", "password", "Xk9-Pl2q-Rw7t"),
		       API "/users");
	assert_status(r, 201);
	resp_free(&r);
}

static void test_one_line_names(void **state)
{
	(void)state;
	/* a line break, a tab, a right-to-left override, a C1 control */
	static const char *const bad[] = {"区某某局\n管理员", "区某某局\t", "区\u202e局某某",
					  "区某某\xc2\x85局"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct resp r = h_patch(F.tok[U_ADMIN], json_pack("{s:s}", "name", bad[i]),
					API "/units/%lld", (long long)F.dept[2]);
		if (r.status != 400)
			fail_msg("unit name %zu answered %ld", i, r.status);
		resp_free(&r);
	}
	struct resp r =
		h_post(F.tok[U_ADMIN],
		       json_pack("{s:s, s:s, s:s, s:s}", "username", "bidi1", "display_name",
				 "张\u202e三", "role", "leader", "password", "Xk9-Pl2q-Rw7t"),
		       API "/users");
	assert_problem(r, 400);
	resp_free(&r);
	/* a text of several lines stays allowed where it is one */
	json_int_t op = h_opinion(&F, U_POINT1A, F.dept[0], "第一行意见内容\n第二行补充说明", NULL,
				  NULL, NULL);
	assert_true(op > 0);
}

static void test_far_deadlines(void **state)
{
	(void)state;
	struct resp r = h_get(F.tok[U_ADMIN], API "/calendar/due?from=9999-12-31&workdays=5");
	assert_problem(r, 400);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/calendar/due?from=2026-03-02&workdays=5");
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "due_on"), "2026-03-09");
	resp_free(&r);
}

/*
 * The public's side: an opinion of one or two characters is refused; a receipt works
 * however it is typed; after rating, the tracking page says when.
 */
static void test_public_side(void **state)
{
	(void)state;
	struct resp r = h_post(NULL,
			       json_pack("{s:I, s:s, s:s}", "target_unit_id", F.dept[0],
					 "dimension", "conduct", "content", "很差"),
			       API "/public/opinions");
	assert_problem(r, 400);
	assert_true(h_json_has_string(r.json, "content"));
	resp_free(&r);
	char *receipt;
	json_int_t op =
		h_opinion(&F, U_POINT1A, F.dept[0], "办事窗口中午无人值守", NULL, NULL, &receipt);
	json_int_t pid = h_problem(&F, U_STATION1, F.dept[0], NULL, &op, 1);
	h_advance(&F, pid, F.dept[0], "verified");
	/* typed in small letters, with a hyphen and a space */
	char typed[64];
	snprintf(typed, sizeof typed, "%.4s-%s", receipt, receipt + 4);
	for (char *c = typed; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	r = h_get(NULL, API "/public/track/%s", typed);
	assert_status(r, 200);
	assert_true(jtrue(json_object_get(r.json, "problem"), "evaluable"));
	assert_null(json_object_get(json_object_get(r.json, "problem"), "evaluation"));
	resp_free(&r);
	r = h_post(NULL, json_pack("{s:s}", "rating", "basically_satisfied"),
		   API "/public/track/%s/evaluation", typed);
	assert_status(r, 201);
	resp_free(&r);
	r = h_get(NULL, API "/public/track/%s", receipt);
	assert_status(r, 200);
	json_t *p = json_object_get(r.json, "problem");
	assert_false(jtrue(p, "evaluable"));
	json_t *e = json_object_get(p, "evaluation");
	assert_string_equal(jstr(e, "rating"), "basically_satisfied");
	assert_non_null(jstr(e, "at"));
	resp_free(&r);
	free(receipt);
}

/* POST /session for @p user with a wrong password, from @p addr as the proxy says. */
static long bad_login(const char *user, const char *addr)
{
	char body[160], hdr[80];
	snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"wrong-password-1\"}",
		 user);
	snprintf(hdr, sizeof hdr, "X-Forwarded-For: %s", addr);
	struct resp r = h_req_ex(&(struct h_req_opts){
		.method = "POST", .path = API "/session", .body = body, .header = hdr});
	long status = r.status;
	resp_free(&r);
	return status;
}

/*
 * Behind the trusted proxy (this suite's server trusts 127.0.0.1) each client is known by
 * its own address: 35 clients failing once each are not throttled together, as they
 * were when every client had the proxy's address.
 */
static void test_trusted_proxy(void **state)
{
	(void)state;
	for (int i = 0; i < 35; i++) {
		char user[32], addr[32];
		snprintf(user, sizeof user, "nobody%d", i);
		snprintf(addr, sizeof addr, "198.51.100.%d", i + 1);
		long st = bad_login(user, addr);
		if (st != 401)
			fail_msg("client %d answered %ld", i, st);
	}
}

/*
 * One account guessed from many addresses: 3 wrong passwords from each of 10 addresses
 * stay under every per-address limit, but the account's own limit (2 × the burst of 10)
 * stops them, and holds for a new address too, even with the right password.
 */
static void test_account_guessing(void **state)
{
	(void)state;
	int limited = 0;
	for (int a = 0; a < 10; a++)
		for (int k = 0; k < 3; k++) {
			char addr[32];
			snprintf(addr, sizeof addr, "203.0.113.%d", a + 1);
			long st = bad_login("leader", addr);
			if (st == 429)
				limited++;
			else if (st != 401)
				fail_msg("attempt %d from %s answered %ld", k, addr, st);
		}
	assert_int_equal(limited, 10); /* the 21st to the 30th */
	struct resp r = h_req_ex(&(struct h_req_opts){
		.method = "POST",
		.path = API "/session",
		.body = "{\"username\":\"leader\",\"password\":\"" H_PASSWORD "\"}",
		.header = "X-Forwarded-For: 192.0.2.200"});
	assert_int_equal(r.status, 429);
	char *retry = resp_header(&r, "Retry-After");
	assert_non_null(retry);
	free(retry);
	resp_free(&r);
	/* another account is not held */
	r = login_as_root(NULL, "X-Forwarded-For: 192.0.2.201");
	assert_status(r, 200);
	resp_free(&r);
}

/* The suite's server stands behind a reverse proxy on 127.0.0.1, which it trusts. */
static int setup(void **state)
{
	int rc = h_group_setup(state);
	if (rc != 0)
		return rc;
	h_srv.args[0] = "--trusted-proxy";
	h_srv.args[1] = "127.0.0.1";
	return h_restart(NULL) == 0 ? 0 : -1;
}

/* A GET through a handle of our own that asks for @p accept (NULL: nothing), which curl
 * decodes. */
struct got {
	long status;
	struct buf body, head;
};

static size_t got_body(char *p, size_t size, size_t n, void *arg)
{
	buf_add(arg, p, size * n);
	return size * n;
}

static struct got get_encoded(const char *path, const char *token, const char *accept)
{
	struct got g = {0};
	buf_init(&g.body, 0);
	buf_init(&g.head, 0);
	CURL *c = curl_easy_init();
	char url[512], auth[256];
	snprintf(url, sizeof url, "%s%s", h_srv.base, path);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	struct curl_slist *h = curl_slist_append(NULL, auth);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, accept);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, got_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &g.body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, got_body);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &g.head);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &g.status);
	buf_addc(&g.body, '\0');
	buf_addc(&g.head, '\0');
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return g;
}

static void got_free(struct got *g)
{
	buf_release(&g->body);
	buf_release(&g->head);
}

static struct resp get_if(const char *path, const char *token, const char *tag, const char *m)
{
	char h[256];
	snprintf(h, sizeof h, "If-None-Match: %s", tag);
	return h_req_ex(&(struct h_req_opts){
		.method = m ? m : "GET", .path = path, .token = token, .header = h});
}

static void test_conditional_reads(void **state)
{
	(void)state;
	const char *path = API "/problems?limit=50";
	struct resp a = h_get(F.tok[U_ADMIN], "%s", path);
	assert_status(a, 200);
	char *tag = resp_header(&a, "ETag");
	assert_non_null(tag);
	assert_true(tag[0] == '"' && tag[strlen(tag) - 1] == '"');
	char *vary = resp_header(&a, "Vary");
	assert_non_null(vary);
	assert_string_equal(vary, "Accept-Encoding");
	free(vary);
	/* the tag held: 304 without a body, for GET and HEAD, weak or strong, or "*" */
	char weak[128], list[256];
	snprintf(weak, sizeof weak, "W/%s", tag);
	snprintf(list, sizeof list, "\"other\", %s", tag);
	const char *held[] = {tag, weak, list, "*"};
	for (size_t i = 0; i < sizeof held / sizeof *held; i++)
		for (int head = 0; head < 2; head++) {
			struct resp r = get_if(path, F.tok[U_ADMIN], held[i], head ? "HEAD" : NULL);
			if (r.status != 304 || r.body[0])
				fail_msg("If-None-Match: %s (%s): %ld", held[i],
					 head ? "HEAD" : "GET", r.status);
			char *again = resp_header(&r, "ETag");
			assert_non_null(again);
			assert_string_equal(again, tag);
			free(again);
			resp_free(&r);
		}
	/* another tag: the whole reply */
	struct resp r = get_if(path, F.tok[U_ADMIN], "\"0123\"", NULL);
	assert_status(r, 200);
	assert_string_equal(r.body, a.body);
	resp_free(&r);
	/* a change makes a new tag: the old one gets the new list */
	json_int_t id = h_opinion(&F, U_POINT1A, F.dept[0], "一条新的意见，用于检验实体标签", NULL,
				  NULL, NULL);
	assert_true(h_problem(&F, U_STATION1, F.dept[0], NULL, &id, 1) > 0);
	r = get_if(path, F.tok[U_ADMIN], tag, NULL);
	assert_status(r, 200);
	char *tag2 = resp_header(&r, "ETag");
	assert_non_null(tag2);
	assert_string_not_equal(tag2, tag);
	free(tag2);
	resp_free(&r);
	/* only a 200 is turned into 304: a problem out of a unit's sight stays 404 */
	json_int_t open = h_problem_in(&F, "open");
	char one[64];
	snprintf(one, sizeof one, API "/problems/%lld", (long long)open);
	r = get_if(one, F.tok[U_UNIT1], "*", NULL);
	assert_problem(r, 404);
	resp_free(&r);
	free(tag);
	resp_free(&a);
}

static void test_gzip(void **state)
{
	(void)state;
	static const char *const paths[] = {API "/problems?limit=50",
					    API "/campaigns/%lld/forms/1?format=csv",
					    API "/campaigns/%lld/forms/2?format=json"};
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		char path[256];
		snprintf(path, sizeof path, paths[i], (long long)F.campaign);
		struct resp plain = h_get(F.tok[U_ADMIN], "%s", path);
		assert_status(plain, 200);
		struct got z = get_encoded(path, F.tok[U_ADMIN], "gzip");
		assert_int_equal(z.status, 200);
		if (!strcasestr(z.head.ptr, "\r\nContent-Encoding: gzip\r\n"))
			fail_msg("GET %s with gzip:\n%s", path, z.head.ptr);
		assert_non_null(strcasestr(z.head.ptr, "\r\nETag: \""));
		assert_non_null(strcasestr(z.head.ptr, "-gz\"\r\n"));
		/* decoded, the same bytes */
		assert_int_equal(z.body.len - 1, strlen(plain.body));
		assert_memory_equal(z.body.ptr, plain.body, strlen(plain.body));
		got_free(&z);
		/* not asked for: as it is */
		z = get_encoded(path, F.tok[U_ADMIN], NULL);
		if (strcasestr(z.head.ptr, "Content-Encoding"))
			fail_msg("GET %s with identity:\n%s", path, z.head.ptr);
		got_free(&z);
		resp_free(&plain);
	}
	struct resp r = h_req_ex(&(struct h_req_opts){.method = "GET",
						      .path = API "/problems?limit=50",
						      .token = F.tok[U_ADMIN],
						      .header = "Accept-Encoding: gzip;q=0, br"});
	assert_status(r, 200);
	char *enc = resp_header(&r, "Content-Encoding");
	assert_null(enc);
	resp_free(&r);
	/* a small reply is not worth it */
	struct got z = get_encoded(API "/healthz", F.tok[U_ADMIN], "gzip");
	assert_null(strcasestr(z.head.ptr, "Content-Encoding"));
	got_free(&z);
}

/* Log @p user in from a browser named @p agent. @return the token (the caller frees) */
static char *login_as(const char *user, const char *agent)
{
	char body[256], ua[128];
	snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", user, H_PASSWORD);
	snprintf(ua, sizeof ua, "User-Agent: %s", agent);
	struct resp r = h_req_ex(&(struct h_req_opts){
		.method = "POST", .path = API "/session", .body = body, .header = ua});
	assert_status(r, 200);
	char *tok = strdup(jstr(r.json, "token"));
	resp_free(&r);
	return tok;
}

/* @return the status of GET /session with @p tok */
static long session_status(const char *tok)
{
	struct resp r = h_get(tok, API "/session");
	long st = r.status;
	resp_free(&r);
	return st;
}

static void test_sessions(void **state)
{
	(void)state;
	/* one's logins, where they were made, which is this one */
	char *a = login_as("station2", "Firefox 台式机");
	char *b = login_as("station2", "Chromium 手机");
	struct resp r = h_get(b, API "/sessions");
	assert_status(r, 200);
	json_t *items = h_items(r.json);
	assert_true(json_array_size(items) >= 2);
	const char *id_a = NULL;
	int current = 0;
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		assert_string_equal(jstr(it, "ip"), "127.0.0.1");
		assert_int_equal(strlen(jstr(it, "id")), 16);
		assert_non_null(jstr(it, "last_seen"));
		if (jtrue(it, "current")) {
			current++;
			assert_string_equal(jstr(it, "agent"), "Chromium 手机");
		}
		if (strcmp(jstr(it, "agent"), "Firefox 台式机") == 0)
			id_a = jstr(it, "id");
	}
	assert_int_equal(current, 1);
	assert_non_null(id_a);
	assert_int_equal(jint(r.json, "idle_minutes"), 30);
	/* nobody else's login can be ended, nor listed */
	struct resp o = h_del(F.tok[U_ADMIN], API "/sessions/%s", id_a);
	assert_problem(o, 404);
	resp_free(&o);
	assert_int_equal(session_status(a), 200);
	o = h_get(F.tok[U_ADMIN], API "/sessions");
	assert_false(h_json_has_string(o.json, id_a));
	resp_free(&o);
	/* ending one's other login: it is gone at once */
	o = h_del(b, API "/sessions/%s", id_a);
	assert_status(o, 204);
	resp_free(&o);
	assert_int_equal(session_status(a), 401);
	o = h_del(b, API "/sessions/%s", "0123456789abcdef");
	assert_problem(o, 404);
	resp_free(&o);
	o = h_del(b, API "/sessions/%s", "not-an-id");
	assert_problem(o, 404);
	resp_free(&o);
	resp_free(&r);
	free(a);
	free(b);

	/* at most ten logins: the eleventh ends the least recently used */
	char *tok[12];
	for (int i = 0; i < 12; i++)
		tok[i] = login_as("point2a", "curl");
	r = h_get(tok[11], API "/sessions");
	assert_int_equal(json_array_size(h_items(r.json)), 10);
	resp_free(&r);
	assert_int_equal(session_status(tok[0]), 401);
	assert_int_equal(session_status(tok[1]), 401);
	assert_int_equal(session_status(tok[2]), 200);
	for (int i = 0; i < 12; i++)
		free(tok[i]);
	free(F.tok[U_POINT2A]); /* one of those it ended */
	F.tok[U_POINT2A] = h_login("point2a", H_PASSWORD);
}

static void test_idle_logins_end(void **state)
{
	(void)state;
	/* 09:00 two logins; 09:20 one is used; at 09:45 the unused one has ended, the other
	 * lives; at 10:30 it too, unused since 09:20 */
	assert_int_equal(h_restart("2026-03-02T09:00:00+08:00"), 0);
	char *used = login_as("station1", "a");
	char *idle = login_as("station1", "b");
	assert_int_equal(h_restart("2026-03-02T09:20:00+08:00"), 0);
	assert_int_equal(session_status(used), 200);
	assert_int_equal(h_restart("2026-03-02T09:45:00+08:00"), 0);
	struct resp r = h_get(idle, API "/session");
	assert_problem(r, 401);
	assert_non_null(strstr(jstr(r.json, "detail"), "unused"));
	resp_free(&r);
	assert_int_equal(session_status(used), 200);
	assert_int_equal(h_restart("2026-03-02T10:30:00+08:00"), 0);
	assert_int_equal(session_status(used), 401);
	free(used);
	free(idle);
	assert_int_equal(h_restart(H_NOW), 0);
	h_fixture_relogin(&F);
}

/* The evaluation of problem @p pid that rates opinion @p op, as the office reads it. */
static json_t *rating_of(json_int_t pid, json_int_t op)
{
	struct resp r = h_get(F.tok[U_ADMIN], API "/problems/%lld/evaluations", (long long)pid);
	assert_status(r, 200);
	json_t *found = NULL;
	json_t *items = h_items(r.json);
	for (size_t i = 0; i < json_array_size(items); i++)
		if (jint(json_array_get(items, i), "opinion_id") == op)
			found = json_incref(json_array_get(items, i));
	resp_free(&r);
	assert_non_null(found);
	return found;
}

static void test_insiders(void **state)
{
	(void)state;
	/* a unit's account gives no "public" opinion about its own unit… */
	json_t *body = json_pack("{s:I, s:s, s:s}", "target_unit_id", F.dept[0], "dimension",
				 "conduct", "content", "窗口工作人员服务热情，值得表扬");
	struct resp r = h_post(F.tok[U_UNIT1], json_incref(body), API "/public/opinions");
	assert_problem(r, 403);
	resp_free(&r);
	/* …about another it may, and the opinion is recorded as that account's */
	json_object_set_new(body, "target_unit_id", json_integer(F.dept[2]));
	r = h_post(F.tok[U_UNIT1], body, API "/public/opinions");
	assert_status(r, 201);
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT id FROM opinions WHERE receipt = '%s'",
		 jstr(r.json, "receipt"));
	json_int_t op = h_sql(sql);
	char *receipt = strdup(jstr(r.json, "receipt"));
	resp_free(&r);
	snprintf(sql, sizeof sql, "SELECT entered_by FROM opinions WHERE id = %lld", (long long)op);
	assert_int_equal(h_sql(sql), F.uid[U_UNIT1]);
	/* the station sends the problem to that very unit */
	json_int_t pid = h_problem(&F, U_STATION1, F.dept[2], NULL, &op, 1);
	h_advance(&F, pid, F.dept[0], "verified");
	/* logged in, the unit may not rate its own rectification through the receipt */
	r = h_post(F.tok[U_UNIT1], json_pack("{s:s}", "rating", "satisfied"),
		   API "/public/track/%s/evaluation", receipt);
	assert_problem(r, 403);
	resp_free(&r);
	/* logged out it can, but the rating is marked and the figures skip it */
	r = h_post(NULL, json_pack("{s:s}", "rating", "satisfied"),
		   API "/public/track/%s/evaluation", receipt);
	assert_status(r, 201);
	resp_free(&r);
	json_t *e = rating_of(pid, op);
	assert_true(jtrue(e, "staff_entered"));
	assert_false(jtrue(e, "counted"));
	json_decref(e);
	/* counting it behind the program's back is named by the audit */
	snprintf(sql, sizeof sql,
		 "UPDATE evaluations SET counted = 1 WHERE problem_id = %lld AND opinion_id = %lld",
		 (long long)pid, (long long)op);
	h_sql(sql);
	r = h_get(F.tok[U_ADMIN], API "/audit/verify");
	assert_false(jtrue(r.json, "ok"));
	assert_non_null(strstr(jstr(r.json, "mismatch"), "the log says it is not counted"));
	resp_free(&r);
	snprintf(sql, sizeof sql,
		 "UPDATE evaluations SET counted = 0 WHERE problem_id = %lld AND opinion_id = %lld",
		 (long long)pid, (long long)op);
	h_sql(sql);
	r = h_get(F.tok[U_ADMIN], API "/audit/verify");
	assert_true(jtrue(r.json, "ok"));
	resp_free(&r);
	free(receipt);

	/* a point's paper opinion, rated through its receipt: counted, and marked */
	json_int_t op2 = h_opinion(&F, U_POINT1A, F.dept[0], "纸质意见表：办事指南更新不及时", NULL,
				   NULL, &receipt);
	json_int_t pid2 = h_problem(&F, U_STATION1, F.dept[0], NULL, &op2, 1);
	h_advance(&F, pid2, F.dept[0], "verified");
	r = h_post(NULL, json_pack("{s:s}", "rating", "satisfied"),
		   API "/public/track/%s/evaluation", receipt);
	assert_status(r, 201);
	resp_free(&r);
	e = rating_of(pid2, op2);
	assert_true(jtrue(e, "staff_entered"));
	assert_true(jtrue(e, "counted"));
	json_decref(e);
	free(receipt);
}

/* @return the status of GET @p path as the office */
static long status_of(const char *path)
{
	struct resp r = h_get(F.tok[U_ADMIN], "%s", path);
	long st = r.status;
	resp_free(&r);
	return st;
}

static void test_one_way_to_write_a_number(void **state)
{
	(void)state;
	json_int_t pid = h_problem_in(&F, "open");
	char path[128];
	/* a path id, a query's integer and a query's boolean: one way each */
	snprintf(path, sizeof path, API "/problems/%lld", (long long)pid);
	assert_int_equal(status_of(path), 200);
	static const char *const bad_paths[] = {"/problems/0%lld", "/problems/+%lld",
						"/problems/%lld.0", "/problems/%lld%%20"};
	for (size_t i = 0; i < sizeof bad_paths / sizeof *bad_paths; i++) {
		char p[128];
		snprintf(p, sizeof p, API "%s", bad_paths[i]);
		snprintf(path, sizeof path, p, (long long)pid);
		if (status_of(path) != 404)
			fail_msg("GET %s: want 404", path);
	}
	static const struct {
		const char *path;
		long want;
	} q[] = {
		{API "/problems?limit=5", 200},           {API "/problems?limit=05", 400},
		{API "/problems?limit=%2B5", 400},        {API "/problems?limit=5.0", 400},
		{API "/problems?limit=%205", 400},        {API "/calendar/due?workdays=5", 200},
		{API "/calendar/due?workdays=%2B5", 400}, {API "/calendar/due?workdays=-0", 400},
		{API "/problems?flagged=true", 200},      {API "/problems?flagged=false", 200},
		{API "/problems?flagged=1", 400},         {API "/problems?overdue=0", 400},
		{API "/problems?overdue=TRUE", 400},
	};
	for (size_t i = 0; i < sizeof q / sizeof *q; i++)
		if (status_of(q[i].path) != q[i].want)
			fail_msg("GET %s: want %ld", q[i].path, q[i].want);
	/* in a body, an integer is a JSON integer: 10.0 is not one */
	struct resp r = h_req("POST", F.tok[U_ADMIN],
			      "{\"name\":\"十进制\",\"kind\":\"department\",\"station_id\":1.0}",
			      API "/units");
	assert_problem(r, 400);
	assert_true(h_json_has_string(r.json, "station_id"));
	resp_free(&r);
}

static void test_forms_empty_text_and_phones(void **state)
{
	(void)state;
	/* a phone number from abroad, and a text that starts like a formula */
	json_int_t op = h_opinion(&F, U_POINT1A, F.dept[0], "=HYPERLINK(\"http://x\",\"点此\")",
				  "李四", "+86 138-0000-0000", NULL);
	assert_true(op > 0);
	struct resp r = h_get(F.tok[U_ADMIN], API "/campaigns/%lld/forms/1?format=csv",
			      (long long)F.campaign);
	assert_status(r, 200);
	assert_non_null(strstr(r.body, ",+86 138-0000-0000\r\n"));
	assert_null(strstr(r.body, "'+86"));
	assert_non_null(strstr(r.body, "\"'=HYPERLINK("));
	resp_free(&r);
	/* empty text is null in the forms' JSON, as the XLSX leaves the cell empty */
	int nulls = 0, empties = 0;
	for (int form = 1; form <= 5; form++) {
		r = h_get(F.tok[U_ADMIN], API "/campaigns/%lld/forms/%d?format=json",
			  (long long)F.campaign, form);
		assert_status(r, 200);
		json_t *sheets = json_object_get(r.json, "sheets");
		for (size_t s = 0; s < json_array_size(sheets); s++) {
			json_t *rows = json_object_get(json_array_get(sheets, s), "rows");
			for (size_t i = 0; i < json_array_size(rows); i++) {
				json_t *row = json_array_get(rows, i);
				for (size_t c = 0; c < json_array_size(row); c++) {
					json_t *v = json_array_get(row, c);
					nulls += json_is_null(v);
					empties += json_is_string(v) && !*json_string_value(v);
				}
			}
		}
		resp_free(&r);
	}
	print_message("# the five forms: %d empty cells, all null\n", nulls);
	assert_true(nulls > 0);
	assert_int_equal(empties, 0);
}

/* The contract says an optional member given as null counts as absent, and marks those
 * members nullable: the server takes them so. */
static void test_null_is_absent(void **state)
{
	(void)state;
	json_int_t pid = h_problem_in(&F, "open");
	struct resp r = h_stage(
		F.tok[U_STATION1], pid, "dispatch",
		json_pack("{s:n, s:n, s:n, s:n}", "unit_id", "due_on", "due_workdays", "flagged"));
	assert_status(r, 200);
	assert_int_equal(jint(r.json, "unit_id"), jint(r.json, "target_unit_id"));
	resp_free(&r);
	r = h_post(NULL,
		   json_pack("{s:I, s:s, s:s, s:n, s:n}", "target_unit_id", F.dept[0], "dimension",
			     "efficiency", "content", "材料一次性告知不到位", "submitter_name",
			     "submitter_phone"),
		   API "/public/opinions");
	assert_status(r, 201);
	resp_free(&r);
	/* a required one is not */
	r = h_post(NULL,
		   json_pack("{s:I, s:n, s:s}", "target_unit_id", F.dept[0], "dimension", "content",
			     "材料一次性告知不到位"),
		   API "/public/opinions");
	assert_problem(r, 400);
	assert_true(h_json_has_string(r.json, "dimension"));
	resp_free(&r);
}

/* Overdue work listed by lateness: the longest overdue first, page after page. */
static void test_sorted_by_deadline(void **state)
{
	(void)state;
	/* three problems dispatched with deadlines 1, 3 and 2 working days ahead */
	static const int days[] = {1, 3, 2};
	json_int_t ids[3];
	for (int i = 0; i < 3; i++) {
		char text[64];
		snprintf(text, sizeof text, "办事指南第%d条与实际不符", i + 1);
		json_int_t op = h_opinion(&F, U_POINT1A, F.dept[0], text, NULL, NULL, NULL);
		ids[i] = h_problem(&F, U_STATION1, F.dept[0], NULL, &op, 1);
		struct resp r = h_stage(F.tok[U_STATION1], ids[i], "dispatch",
					json_pack("{s:i}", "due_workdays", days[i]));
		assert_status(r, 200);
		resp_free(&r);
	}
	/* walk every page of two */
	char path[256], prev[16] = "";
	int seen = 0, pos[3] = {-1, -1, -1};
	const char *cursor = NULL;
	char cur[32] = "";
	for (int page = 0; page < 200; page++) {
		snprintf(path, sizeof path, API "/problems?sort=due_on&limit=2%s%s",
			 cursor ? "&cursor=" : "", cursor ? cursor : "");
		struct resp r = h_get(F.tok[U_ADMIN], "%s", path);
		assert_status(r, 200);
		json_t *items = h_items(r.json);
		for (size_t i = 0; i < json_array_size(items); i++) {
			json_t *it = json_array_get(items, i);
			const char *due = jstr(it, "due_on");
			assert_non_null(due); /* only problems with a deadline */
			assert_true(strcmp(prev, due) <= 0);
			snprintf(prev, sizeof prev, "%s", due);
			for (int k = 0; k < 3; k++)
				if (jint(it, "id") == ids[k])
					pos[k] = seen;
			seen++;
		}
		const char *next = jstr(r.json, "next");
		if (next)
			snprintf(cur, sizeof cur, "%s", next);
		cursor = next ? cur : NULL;
		resp_free(&r);
		if (cursor == NULL)
			break;
	}
	assert_true(pos[0] >= 0 && pos[1] >= 0 && pos[2] >= 0);
	assert_true(pos[0] < pos[2] && pos[2] < pos[1]);
	/* every problem with a deadline, each once */
	snprintf(path, sizeof path, API "/problems?limit=500");
	struct resp all = h_get(F.tok[U_ADMIN], "%s", path);
	int with_due = 0;
	json_t *items = h_items(all.json);
	for (size_t i = 0; i < json_array_size(items); i++)
		with_due += jstr(json_array_get(items, i), "due_on") != NULL;
	resp_free(&all);
	assert_int_equal(seen, with_due);
	/* the home page's overdue tile lists by lateness too */
	struct resp s = h_get(F.tok[U_ADMIN], API "/summary");
	json_t *tiles = json_object_get(s.json, "tiles");
	int found = 0;
	for (size_t i = 0; i < json_array_size(tiles); i++) {
		json_t *f = json_object_get(json_array_get(tiles, i), "filter");
		if (json_object_get(f, "overdue")) {
			assert_string_equal(jstr(f, "sort"), "due_on");
			found = 1;
		}
	}
	assert_true(found);
	resp_free(&s);
	assert_int_equal(status_of(API "/problems?sort=lateness"), 400);
}

/* @return the field error of @p field in problem details @p j, or NULL */
static json_t *field_error_of(const json_t *j, const char *field)
{
	json_t *errs = json_object_get(j, "errors");
	for (size_t i = 0; i < json_array_size(errs); i++)
		if (strcmp(jstr(json_array_get(errs, i), "field"), field) == 0)
			return json_array_get(errs, i);
	return NULL;
}

/* Every error carries a stable code a client translates, so no new English reaches a user. */
static void test_error_codes(void **state)
{
	(void)state;
	static const struct {
		const char *method, *path, *body, *field, *code;
		long status, min, max;
	} cases[] = {
		{"POST", "/units", "{}", "name", "required", 400, -1, -1},
		{"POST", "/public/opinions",
		 "{\"target_unit_id\":1,\"dimension\":\"conduct\",\"content\":\"很差\"}", "content",
		 "too_short", 400, 3, -1},
		{"GET", "/problems?limit=0", NULL, "limit", "out_of_range", 400, 1, 500},
		{"GET", "/problems?dimension=x", NULL, "dimension", "not_allowed", 400, -1, -1},
		{"GET", "/problems?campaign_id=abc", NULL, "campaign_id", "bad_format", 400, -1,
		 -1},
		{"POST", "/units", "{\"name\":\"某局\",\"kind\":\"department\",\"colour\":1}",
		 "colour", "unknown_field", 400, -1, -1},
		{"GET", "/nothing", NULL, NULL, "not_found", 404, -1, -1},
		{"DELETE", "/units", NULL, NULL, "method_not_allowed", 405, -1, -1},
		{"GET", "/problems/999999", NULL, NULL, "not_found", 404, -1, -1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char path[256];
		snprintf(path, sizeof path, API "%s", cases[i].path);
		struct resp r = h_req(cases[i].method, F.tok[U_ADMIN], cases[i].body, "%s", path);
		if (r.status != cases[i].status || !jstr(r.json, "code"))
			fail_msg("%s %s: %ld %s", cases[i].method, path, r.status, r.body);
		const char *want = cases[i].field ? "invalid" : cases[i].code;
		if (strcmp(jstr(r.json, "code"), want) != 0)
			fail_msg("%s %s: code %s, want %s", cases[i].method, path,
				 jstr(r.json, "code"), want);
		if (cases[i].field) {
			json_t *e = field_error_of(r.json, cases[i].field);
			if (e == NULL || strcmp(jstr(e, "code"), cases[i].code) != 0)
				fail_msg("%s %s: %s's code, want %s: %s", cases[i].method, path,
					 cases[i].field, cases[i].code, r.body);
			if (cases[i].min >= 0)
				assert_int_equal(jint(e, "min"), cases[i].min);
			if (cases[i].max >= 0)
				assert_int_equal(jint(e, "max"), cases[i].max);
		}
		resp_free(&r);
	}
	struct resp r = h_get(NULL, API "/session");
	assert_string_equal(jstr(r.json, "code"), "unauthenticated");
	resp_free(&r);
	r = h_req_ex(&(struct h_req_opts){.method = "POST",
					  .path = API "/units",
					  .token = F.tok[U_ADMIN],
					  .body = "{}",
					  .content_type = "text/plain"});
	assert_string_equal(jstr(r.json, "code"), "unsupported_media_type");
	resp_free(&r);
	r = h_get(F.tok[U_UNIT1], API "/users");
	assert_int_equal(r.status, 403);
	assert_string_equal(jstr(r.json, "code"), "forbidden");
	resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_head),
		cmocka_unit_test(test_bearer_challenge),
		cmocka_unit_test(test_json_only),
		cmocka_unit_test(test_cross_site),
		cmocka_unit_test(test_units_cannot_trace_points),
		cmocka_unit_test(test_weak_passwords),
		cmocka_unit_test(test_one_line_names),
		cmocka_unit_test(test_far_deadlines),
		cmocka_unit_test(test_public_side),
		cmocka_unit_test(test_trusted_proxy),
		cmocka_unit_test(test_account_guessing),
		cmocka_unit_test(test_conditional_reads),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_sessions),
		cmocka_unit_test(test_idle_logins_end),
		cmocka_unit_test(test_insiders),
		cmocka_unit_test(test_one_way_to_write_a_number),
		cmocka_unit_test(test_forms_empty_text_and_phones),
		cmocka_unit_test(test_null_is_absent),
		cmocka_unit_test(test_sorted_by_deadline),
		cmocka_unit_test(test_error_codes),
	};
	h_suite(&F, NULL);
	return cmocka_run_group_tests_name("api hardening", tests, setup, h_group_teardown);
}
