/*
 * The API's conventions: health, sessions (bearer and cookie), problem+json errors, input
 * validation and size caps, ids, list paging, creates answering 201 with the resource.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct fixture F;

static void test_healthz(void **state)
{
	(void)state;
	struct resp r = h_get(NULL, API "/healthz");
	assert_status(r, 200);
	assert_true(json_is_object(r.json));
	assert_true(jtrue(r.json, "ok"));
	resp_free(&r);
}

static int has_ci(const char *hay, const char *needle)
{
	return hay && strcasestr(hay, needle) != NULL;
}

static void test_login(void **state)
{
	(void)state;
	struct resp r = h_post(
		NULL, json_pack("{s:s, s:s}", "username", "station1", "password", H_PASSWORD),
		API "/session");
	assert_status(r, 200);
	const char *tok = jstr(r.json, "token");
	assert_non_null(tok);
	assert_true(strlen(tok) >= 16);
	json_t *u = json_object_get(r.json, "user");
	assert_true(json_is_object(u));
	assert_string_equal(jstr(u, "username"), "station1");
	assert_string_equal(jstr(u, "role"), "station");
	assert_int_equal(jint(u, "id"), F.uid[U_STATION1]);
	assert_int_equal(jint(u, "unit_id"), F.station[0]);
	assert_null(json_object_get(u, "password"));
	assert_false(has_ci(r.body, "argon2"));
	char *cookie = resp_header(&r, "Set-Cookie");
	assert_non_null(cookie);
	assert_true(has_ci(cookie, "HttpOnly"));
	assert_true(has_ci(cookie, "SameSite=Strict"));
	free(cookie);
	resp_free(&r);

	/* A second login gives a different token. */
	char *t1 = h_login("station1", H_PASSWORD);
	char *t2 = h_login("station1", H_PASSWORD);
	assert_string_not_equal(t1, t2);
	free(t1);
	free(t2);

	r = h_post(NULL,
		   json_pack("{s:s, s:s}", "username", "station1", "password", "wrong-password"),
		   API "/session");
	assert_problem(r, 401);
	assert_null(resp_header(&r, "Set-Cookie"));
	resp_free(&r);

	r = h_post(NULL, json_pack("{s:s, s:s}", "username", "nobody-here", "password", H_PASSWORD),
		   API "/session");
	assert_problem(r, 401);
	resp_free(&r);

	r = h_post(NULL, json_pack("{s:s}", "username", "station1"), API "/session");
	assert_problem(r, 400);
	resp_free(&r);
}

static void test_bearer_and_cookie(void **state)
{
	(void)state;
	struct resp r = h_get(F.tok[U_ADMIN], API "/units");
	assert_status(r, 200);
	resp_free(&r);

	r = h_get(NULL, API "/units");
	assert_problem(r, 401);
	resp_free(&r);

	r = h_get("not-a-real-token-0123456789abcdef", API "/units");
	assert_problem(r, 401);
	resp_free(&r);

	r = h_post(NULL, json_pack("{s:s, s:s}", "username", "leader", "password", H_PASSWORD),
		   API "/session");
	assert_status(r, 200);
	char *set = resp_header(&r, "Set-Cookie");
	assert_non_null(set);
	resp_free(&r);
	char *semi = strchr(set, ';');
	if (semi)
		*semi = '\0';
	assert_non_null(strchr(set, '='));

	struct h_req_opts o = {.method = "GET", .path = API "/units", .cookie = set};
	r = h_req_ex(&o);
	assert_status(r, 200);
	assert_non_null(h_items(r.json));
	resp_free(&r);

	/* A write authenticated by the cookie must carry X-Requested-With, which a form on
	 * another site cannot send (CSRF); the same write with it goes through. */
	const char *body = "{\"kind\":\"workday\"}";
	struct h_req_opts w = {
		.method = "PUT", .path = API "/calendar/2026-10-10", .cookie = set, .body = body};
	r = h_req_ex(&w);
	assert_problem(r, 403);
	assert_non_null(strstr(r.body, "X-Requested-With"));
	resp_free(&r);
	w.header = "X-Requested-With: fetch";
	r = h_req_ex(&w);
	assert_problem(r, 403); /* the leader may not keep the calendar: now the role speaks */
	assert_non_null(strstr(r.body, "calendar"));
	resp_free(&r);

	/* The cookie names a session: a forged value is not one. */
	char forged[256];
	snprintf(forged, sizeof forged, "%.*s=forged0123456789", (int)(strchr(set, '=') - set),
		 set);
	o.cookie = forged;
	r = h_req_ex(&o);
	assert_problem(r, 401);
	resp_free(&r);
	free(set);
}

static void test_logout(void **state)
{
	(void)state;
	char *t = h_login("point1a", H_PASSWORD);
	struct resp r = h_get(t, API "/campaigns");
	assert_status(r, 200);
	resp_free(&r);

	r = h_del(t, API "/session");
	assert_status_in(r, 200, 204);
	resp_free(&r);

	r = h_get(t, API "/campaigns");
	assert_problem(r, 401);
	resp_free(&r);
	r = h_del(t, API "/session");
	assert_problem(r, 401);
	resp_free(&r);
	free(t);

	/* Other sessions of the same user live on. */
	r = h_get(F.tok[U_POINT1A], API "/campaigns");
	assert_status(r, 200);
	resp_free(&r);
}

static json_t *opinion_body(void)
{
	return json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s}", "campaign_id",
			 (json_int_t)F.campaign, "point_id", (json_int_t)F.point[0][0],
			 "target_unit_id", (json_int_t)F.dept[0], "dimension", "efficiency",
			 "source", "public", "channel", "questionnaire", "content",
			 "办事要跑好几趟");
}

static int has_field_error(const json_t *problem, const char *field)
{
	json_t *errs = json_object_get(problem, "errors");
	size_t i;
	json_t *e;
	json_array_foreach(errs, i, e)
	{
		const char *f = jstr(e, "field");
		if (f && strcmp(f, field) == 0 && jstr(e, "message") != NULL)
			return 1;
	}
	return 0;
}

static void test_field_errors(void **state)
{
	(void)state;
	json_t *b = opinion_body();
	json_object_del(b, "content");
	struct resp r = h_post(F.tok[U_POINT1A], b, API "/opinions");
	assert_problem(r, 400);
	json_t *errs = json_object_get(r.json, "errors");
	assert_true(json_is_array(errs));
	assert_true(json_array_size(errs) >= 1);
	assert_string_equal(jstr(json_array_get(errs, 0), "field"), "content");
	assert_non_null(jstr(json_array_get(errs, 0), "message"));
	resp_free(&r);

	/* Blank content is no content. */
	b = opinion_body();
	json_object_set_new(b, "content", json_string("   "));
	r = h_post(F.tok[U_POINT1A], b, API "/opinions");
	assert_problem(r, 400);
	assert_true(has_field_error(r.json, "content"));
	resp_free(&r);

	/* An enumerated value that does not exist. */
	b = opinion_body();
	json_object_set_new(b, "dimension", json_string("beauty"));
	r = h_post(F.tok[U_POINT1A], b, API "/opinions");
	assert_problem(r, 400);
	assert_true(has_field_error(r.json, "dimension"));
	resp_free(&r);

	b = opinion_body();
	json_object_set_new(b, "channel", json_string("pigeon"));
	r = h_post(F.tok[U_POINT1A], b, API "/opinions");
	assert_problem(r, 400);
	assert_true(has_field_error(r.json, "channel"));
	resp_free(&r);

	/* The valid body itself is accepted. */
	r = h_post(F.tok[U_POINT1A], opinion_body(), API "/opinions");
	assert_status(r, 201);
	resp_free(&r);
}

static void test_malformed_json(void **state)
{
	(void)state;
	static const char *const bodies[] = {
		"{", "{\"name\":}",       "[]",           "null", "\"text\"", "42",
		"",  "{\"name\":\"x\",}", "{'name':'x'}",
	};
	for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
		struct h_req_opts o = {.method = "POST",
				       .path = API "/units",
				       .token = F.tok[U_ADMIN],
				       .body = bodies[i],
				       .body_len = strlen(bodies[i])};
		if (o.body_len == 0)
			o.body = NULL;
		struct resp r = h_req_ex(&o);
		if (r.status != 400)
			print_error("body #%zu: %s\n", i, bodies[i]);
		assert_problem(r, 400);
		resp_free(&r);
	}
	/* A body that is not JSON at all, declared as something else. */
	struct h_req_opts o = {.method = "POST",
			       .path = API "/session",
			       .body = "username=admin&password=x",
			       .content_type = "application/x-www-form-urlencoded"};
	struct resp r = h_req_ex(&o);
	assert_status_in(r, 400, 415);
	resp_free(&r);
}

static void test_wrong_types(void **state)
{
	(void)state;
	struct resp r = h_post(F.tok[U_ADMIN],
			       json_pack("{s:i, s:s, s:I}", "name", 123, "kind", "department",
					 "station_id", (json_int_t)F.station[0]),
			       API "/units");
	assert_problem(r, 400);
	assert_true(has_field_error(r.json, "name"));
	resp_free(&r);

	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:s, s:s, s:s}", "name", "x局", "kind", "department", "station_id",
			     "1"),
		   API "/units");
	assert_problem(r, 400);
	resp_free(&r);

	r = h_post(F.tok[U_ADMIN], json_pack("{s:s, s:s}", "name", "x局", "kind", "ministry"),
		   API "/units");
	assert_problem(r, 400);
	resp_free(&r);

	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:s, s:s, s:[]}", "name", "2027", "year", "2027", "phases"),
		   API "/campaigns");
	assert_problem(r, 400);
	resp_free(&r);

	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:s, s:s, s:s, s:s}", "username", "typeless", "display_name", "x",
			     "role", "superuser", "password", H_PASSWORD),
		   API "/users");
	assert_problem(r, 400);
	resp_free(&r);

	/* A date that is not a real date. */
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:s, s:i, s:[{s:s, s:s, s:s}]}", "name", "bad date", "year", 2026,
			     "phases", "kind", "survey", "starts_on", "2026-02-30", "ends_on",
			     "2026-03-31"),
		   API "/campaigns");
	assert_problem(r, 400);
	resp_free(&r);

	/* Numbers where integers are wanted. */
	json_t *b = opinion_body();
	json_object_set_new(b, "target_unit_id", json_real(1.5));
	r = h_post(F.tok[U_POINT1A], b, API "/opinions");
	assert_problem(r, 400);
	resp_free(&r);
}

static void test_unknown_field(void **state)
{
	(void)state;
	struct resp r =
		h_post(F.tok[U_ADMIN],
		       json_pack("{s:s, s:s, s:I, s:s}", "name", "多余字段局", "kind", "department",
				 "station_id", (json_int_t)F.station[0], "colour", "red"),
		       API "/units");
	assert_problem(r, 400);
	resp_free(&r);

	json_t *b = opinion_body();
	json_object_set_new(b, "is_admin", json_true());
	r = h_post(F.tok[U_POINT1A], b, API "/opinions");
	assert_problem(r, 400);
	resp_free(&r);

	/* The rejected unit was not created. */
	json_t *all = h_list_all(F.tok[U_ADMIN], API "/units", 500);
	size_t i;
	json_t *u;
	json_array_foreach(all, i, u)
	{
		assert_false(jstr(u, "name") && strcmp(jstr(u, "name"), "多余字段局") == 0);
	}
	json_decref(all);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	char body[256];
	static const char *const bad[] = {"\xff\xfe", "\xc0\xaf", "ab\xe4\xb8", "\xed\xa0\x80"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(body, sizeof body,
			 "{\"name\":\"%s\",\"kind\":\"department\",\"station_id\":%lld}", bad[i],
			 (long long)F.station[0]);
		struct resp r = h_req("POST", F.tok[U_ADMIN], body, API "/units");
		assert_problem(r, 400);
		resp_free(&r);
	}
	/* Escaped control characters are refused in text too. */
	snprintf(body, sizeof body,
		 "{\"name\":\"a\\u0000b\",\"kind\":\"department\",\"station_id\":%lld}",
		 (long long)F.station[0]);
	struct resp r = h_req("POST", F.tok[U_ADMIN], body, API "/units");
	assert_problem(r, 400);
	resp_free(&r);
}

static void test_body_too_large(void **state)
{
	(void)state;
	size_t n = 1024 * 1024 + 512;
	char *big = malloc(n + 64);
	assert_non_null(big);
	size_t off = (size_t)snprintf(big, 64, "{\"content\":\"");
	memset(big + off, 'a', n);
	off += n;
	memcpy(big + off, "\"}", 3);
	struct resp r = h_req("POST", F.tok[U_POINT1A], big, API "/opinions");
	assert_problem(r, 413);
	resp_free(&r);
	free(big);

	/* The server still serves afterwards. */
	r = h_get(NULL, API "/healthz");
	assert_status(r, 200);
	resp_free(&r);
}

static void test_huge_url(void **state)
{
	(void)state;
	size_t n = 200 * 1024;
	char *path = malloc(n + 64);
	assert_non_null(path);
	size_t off = (size_t)snprintf(path, 64, API "/units?name=");
	memset(path + off, 'x', n);
	path[off + n] = '\0';
	struct h_req_opts o = {.method = "GET", .path = path, .token = F.tok[U_ADMIN]};
	struct resp r = h_req_ex(&o);
	assert_status_in(r, 414, 400);
	resp_free(&r);
	free(path);

	r = h_get(NULL, API "/healthz");
	assert_status(r, 200);
	resp_free(&r);
}

static void test_bad_ids(void **state)
{
	(void)state;
	static const char *const ids[] = {
		"0",
		"-1",
		"abc",
		"1.5",
		"1e3",
		"99999999999999999999999",
		"9223372036854775808",
		"1x",
		"%20",
		"0x10",
		"-0",
		"%2e%2e",
	};
	static const char *const get_fmt[] = {
		API "/units/%s",    API "/campaigns/%s",       API "/opinions/%s",
		API "/problems/%s", API "/problems/%s/events",
	};
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
		for (size_t k = 0; k < sizeof get_fmt / sizeof *get_fmt; k++) {
			struct resp r = h_req("GET", F.tok[U_ADMIN], NULL, get_fmt[k], ids[i]);
			assert_status_in(r, 400, 404);
			resp_free(&r);
		}
		struct resp r = h_post(F.tok[U_ADMIN], json_pack("{s:b}", "flagged", 0),
				       API "/problems/%s/flag", ids[i]);
		assert_status_in(r, 400, 404);
		resp_free(&r);
		r = h_patch(F.tok[U_ADMIN], json_pack("{s:s}", "name", "x"), API "/units/%s",
			    ids[i]);
		assert_status_in(r, 400, 404);
		resp_free(&r);
	}
	/* A well-formed id of nothing is 404. */
	struct resp r = h_get(F.tok[U_ADMIN], API "/problems/987654321");
	assert_problem(r, 404);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/units/987654321");
	assert_problem(r, 404);
	resp_free(&r);
	/* An unknown path is 404 too. */
	r = h_get(F.tok[U_ADMIN], API "/no-such-thing");
	assert_status(r, 404);
	resp_free(&r);
}

static json_int_t extra_units;

static void make_extra_units(void)
{
	if (extra_units)
		return;
	for (int i = 0; i < 60; i++) {
		char name[32], code[16];
		snprintf(name, sizeof name, "分页测试单位%02d", i);
		snprintf(code, sizeof code, "PG%02d", i);
		struct resp r = h_post(F.tok[U_ADMIN],
				       json_pack("{s:s, s:s, s:I, s:s}", "name", name, "kind",
						 i % 2 ? "department" : "street", "station_id",
						 (json_int_t)F.station[i % 2], "code", code),
				       API "/units");
		assert_status(r, 201);
		resp_free(&r);
	}
	extra_units = 60;
}

static void test_list_limits(void **state)
{
	(void)state;
	make_extra_units();
	struct resp r = h_get(F.tok[U_ADMIN], API "/units");
	assert_status(r, 200);
	assert_true(json_is_object(r.json));
	assert_int_equal(json_array_size(h_items(r.json)), 50);
	json_t *next = json_object_get(r.json, "next");
	assert_non_null(next);
	assert_false(json_is_null(next));
	resp_free(&r);

	r = h_get(F.tok[U_ADMIN], API "/units?limit=500");
	assert_status(r, 200);
	size_t total = json_array_size(h_items(r.json));
	assert_true(total >= 11 + 60);
	assert_true(json_is_null(json_object_get(r.json, "next")));
	resp_free(&r);

	static const char *const bad[] = {"501", "-1", "abc", "1000000000000", "10abc"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		r = h_get(F.tok[U_ADMIN], API "/units?limit=%s", bad[i]);
		assert_problem(r, 400);
		resp_free(&r);
	}
	r = h_get(F.tok[U_ADMIN], API "/problems?limit=501");
	assert_problem(r, 400);
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/units?cursor=%%27%%3B--garbage");
	assert_problem(r, 400);
	resp_free(&r);

	/* Filters named like the fields. */
	r = h_get(F.tok[U_ADMIN], API "/units?kind=point&limit=500");
	assert_status(r, 200);
	assert_int_equal(json_array_size(h_items(r.json)), 4);
	size_t i;
	json_t *u;
	json_array_foreach(h_items(r.json), i, u)
	{
		assert_string_equal(jstr(u, "kind"), "point");
	}
	resp_free(&r);
	r = h_get(F.tok[U_ADMIN], API "/units?kind=kingdom");
	assert_problem(r, 400);
	resp_free(&r);
}

/* Every item once: the paged ids equal the ids of one big page, with no repeats. */
static void check_paging(const char *token, const char *path, int limit)
{
	char full[256];
	snprintf(full, sizeof full, "%s%slimit=500", path, strchr(path, '?') ? "&" : "?");
	struct resp r = h_req("GET", token, NULL, "%s", full);
	assert_status(r, 200);
	assert_true(json_is_null(json_object_get(r.json, "next")));
	json_t *one = h_items(r.json);
	json_t *paged = h_list_all(token, path, limit);
	assert_int_equal(json_array_size(paged), json_array_size(one));
	size_t i, k;
	json_t *a, *b;
	json_array_foreach(paged, i, a)
	{
		json_int_t id = jint(a, "id");
		assert_true(id > 0);
		assert_non_null(h_find_id(one, id));
		json_array_foreach(paged, k, b)
		{
			if (k != i && jint(b, "id") == id)
				fail_msg("%s: id %lld listed twice", path, (long long)id);
		}
	}
	json_decref(paged);
	resp_free(&r);
}

static void test_cursor_pagination(void **state)
{
	(void)state;
	make_extra_units();
	check_paging(F.tok[U_ADMIN], API "/units", 7);
	check_paging(F.tok[U_ADMIN], API "/units", 1);
	check_paging(F.tok[U_ADMIN], API "/units?kind=street", 4);
	check_paging(F.tok[U_ADMIN], API "/users", 2);
	for (int i = 0; i < 12; i++) {
		char content[64];
		snprintf(content, sizeof content, "分页意见 %d", i);
		h_opinion(&F, U_POINT1A, F.dept[i % 3], content, NULL, NULL, NULL);
	}
	check_paging(F.tok[U_POINT1A], API "/opinions", 5);
	check_paging(F.tok[U_ADMIN], API "/opinions", 3);
	check_paging(F.tok[U_STATION1], API "/opinions", 4);
	json_int_t ids[3];
	for (int i = 0; i < 3; i++)
		ids[i] = h_opinion(&F, U_POINT1A, F.dept[0], "分页问题意见", NULL, NULL, NULL);
	for (int i = 0; i < 3; i++)
		h_problem(&F, U_STATION1, F.dept[0], NULL, &ids[i], 1);
	check_paging(F.tok[U_ADMIN], API "/problems", 2);
	check_paging(F.tok[U_ADMIN], API "/campaigns", 1);
}

static void test_creates(void **state)
{
	(void)state;
	/* units: 201 with the resource, readable afterwards, patchable */
	struct resp r =
		h_post(F.tok[U_ADMIN],
		       json_pack("{s:s, s:s, s:I, s:s}", "name", "区教育局", "kind", "department",
				 "station_id", (json_int_t)F.station[1], "code", "EDU"),
		       API "/units");
	assert_status(r, 201);
	json_int_t id = jint(r.json, "id");
	assert_true(id > 0);
	assert_string_equal(jstr(r.json, "name"), "区教育局");
	assert_string_equal(jstr(r.json, "kind"), "department");
	assert_int_equal(jint(r.json, "station_id"), F.station[1]);
	assert_string_equal(jstr(r.json, "code"), "EDU");
	assert_non_null(json_object_get(r.json, "parent_id"));
	resp_free(&r);

	r = h_get(F.tok[U_ADMIN], API "/units/%lld", (long long)id);
	assert_status(r, 200);
	assert_int_equal(jint(r.json, "id"), id);
	assert_string_equal(jstr(r.json, "name"), "区教育局");
	resp_free(&r);

	r = h_patch(F.tok[U_ADMIN], json_pack("{s:s}", "name", "区教育体育局"), API "/units/%lld",
		    (long long)id);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "name"), "区教育体育局");
	assert_string_equal(jstr(r.json, "code"), "EDU");
	resp_free(&r);
	r = h_get(F.tok[U_LEADER], API "/units/%lld", (long long)id);
	assert_status(r, 200);
	assert_string_equal(jstr(r.json, "name"), "区教育体育局");
	resp_free(&r);

	/* A point's parent is a station: not a department. */
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:s, s:s, s:I}", "name", "错层监测点", "kind", "point", "parent_id",
			     (json_int_t)F.dept[0]),
		   API "/units");
	assert_problem(r, 400);
	resp_free(&r);

	/* users: 201 with the resource, never the password */
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:s, s:s, s:s, s:I, s:s}", "username", "edu.clerk", "display_name",
			     "教育局联络员", "role", "unit", "unit_id", (json_int_t)id, "password",
			     H_PASSWORD),
		   API "/users");
	assert_status(r, 201);
	json_int_t uid = jint(r.json, "id");
	assert_true(uid > 0);
	assert_string_equal(jstr(r.json, "username"), "edu.clerk");
	assert_string_equal(jstr(r.json, "display_name"), "教育局联络员");
	assert_string_equal(jstr(r.json, "role"), "unit");
	assert_int_equal(jint(r.json, "unit_id"), id);
	assert_null(json_object_get(r.json, "password"));
	assert_null(strstr(r.body, H_PASSWORD));
	resp_free(&r);
	json_t *users = h_list_all(F.tok[U_ADMIN], API "/users", 500);
	json_t *row = h_find_id(users, uid);
	assert_non_null(row);
	assert_string_equal(jstr(row, "username"), "edu.clerk");
	char *dump = json_dumps(users, 0);
	assert_null(strstr(dump, H_PASSWORD));
	assert_false(has_ci(dump, "argon2"));
	free(dump);
	json_decref(users);

	/* campaigns: 201 with the resource, phases as given */
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:s, s:i, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}]}",
			     "name", "2027年作风建设", "year", 2027, "phases", "kind", "survey",
			     "starts_on", "2027-02-20", "ends_on", "2027-03-31", "kind", "rectify",
			     "starts_on", "2027-03-15", "ends_on", "2027-05-31", "kind", "evaluate",
			     "starts_on", "2027-05-15", "ends_on", "2027-05-31"),
		   API "/campaigns");
	assert_status(r, 201);
	json_int_t cid = jint(r.json, "id");
	assert_true(cid > 0);
	assert_string_equal(jstr(r.json, "name"), "2027年作风建设");
	assert_int_equal(jint(r.json, "year"), 2027);
	json_t *ph = json_object_get(r.json, "phases");
	assert_int_equal(json_array_size(ph), 3);
	size_t i;
	json_t *p;
	int seen = 0;
	json_array_foreach(ph, i, p)
	{
		if (strcmp(jstr(p, "kind"), "rectify") == 0) {
			assert_string_equal(jstr(p, "starts_on"), "2027-03-15");
			assert_string_equal(jstr(p, "ends_on"), "2027-05-31");
			seen = 1;
		}
	}
	assert_true(seen);
	resp_free(&r);
	r = h_get(F.tok[U_UNIT1], API "/campaigns/%lld", (long long)cid);
	assert_status(r, 200);
	assert_int_equal(jint(r.json, "year"), 2027);
	assert_int_equal(json_array_size(json_object_get(r.json, "phases")), 3);
	resp_free(&r);

	/* A phase that ends before it starts. */
	r = h_post(F.tok[U_ADMIN],
		   json_pack("{s:s, s:i, s:[{s:s, s:s, s:s}]}", "name", "倒序", "year", 2027,
			     "phases", "kind", "survey", "starts_on", "2027-03-31", "ends_on",
			     "2027-02-20"),
		   API "/campaigns");
	assert_problem(r, 400);
	resp_free(&r);
}

static void test_duplicate_username(void **state)
{
	(void)state;
	struct resp r = h_post(F.tok[U_ADMIN],
			       json_pack("{s:s, s:s, s:s, s:I, s:s}", "username", "station1",
					 "display_name", "重名", "role", "station", "unit_id",
					 (json_int_t)F.station[1], "password", H_PASSWORD),
			       API "/users");
	assert_problem(r, 409);
	resp_free(&r);
	/* The first user is untouched: it still logs in with its own password. */
	char *t = h_login("station1", H_PASSWORD);
	free(t);
}

/* Repeated wrong passwords for one name are throttled; other names are not. */
static void test_login_throttle(void **state)
{
	(void)state;
	int got429 = 0, failures = 0;
	for (int i = 0; i < 40 && !got429; i++) {
		struct resp r = h_post(NULL,
				       json_pack("{s:s, s:s}", "username", "point2a", "password",
						 "not-the-password"),
				       API "/session");
		if (r.status == 429) {
			got429 = 1;
			assert_problem(r, 429);
			char *ra = resp_header(&r, "Retry-After");
			assert_non_null(ra);
			assert_true(atoi(ra) >= 1);
			free(ra);
		} else {
			assert_problem(r, 401);
			failures++;
		}
		resp_free(&r);
	}
	assert_true(got429);
	assert_true(failures >= 3 && failures <= 20);
	/* While throttled even the right password is refused for that name. */
	struct resp r =
		h_post(NULL, json_pack("{s:s, s:s}", "username", "point2a", "password", H_PASSWORD),
		       API "/session");
	assert_problem(r, 429);
	resp_free(&r);
	/* Another name from the same address still logs in. */
	char *t = h_login("leader", H_PASSWORD);
	assert_non_null(t);
	free(t);
}

/* Every answer carries the security headers, API and static files alike. */
static void test_security_headers(void **state)
{
	(void)state;
	const char *paths[] = {API "/healthz", API "/nothing-here", "/", "/no-such-page.html"};
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		struct resp r = h_get(NULL, "%s", paths[i]);
		char *csp = resp_header(&r, "Content-Security-Policy");
		char *nosniff = resp_header(&r, "X-Content-Type-Options");
		char *ref = resp_header(&r, "Referrer-Policy");
		assert_non_null(csp);
		assert_non_null(strstr(csp, "frame-ancestors 'none'"));
		assert_non_null(strstr(csp, "default-src 'self'"));
		assert_non_null(nosniff);
		assert_string_equal(nosniff, "nosniff");
		assert_non_null(ref);
		free(csp);
		free(nosniff);
		free(ref);
		resp_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthz),           cmocka_unit_test(test_login),
		cmocka_unit_test(test_bearer_and_cookie), cmocka_unit_test(test_logout),
		cmocka_unit_test(test_field_errors),      cmocka_unit_test(test_malformed_json),
		cmocka_unit_test(test_wrong_types),       cmocka_unit_test(test_unknown_field),
		cmocka_unit_test(test_invalid_utf8),      cmocka_unit_test(test_body_too_large),
		cmocka_unit_test(test_huge_url),          cmocka_unit_test(test_bad_ids),
		cmocka_unit_test(test_list_limits),       cmocka_unit_test(test_cursor_pagination),
		cmocka_unit_test(test_creates),           cmocka_unit_test(test_duplicate_username),
		cmocka_unit_test(test_login_throttle),    cmocka_unit_test(test_security_headers),
	};
	h_suite(&F, NULL);
	return cmocka_run_group_tests_name("api_basics", tests, h_group_setup, h_group_teardown);
}
