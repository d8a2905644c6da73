/*
 * One set of numbers, on the demo district: for every demo account, each home tile's
 * count is exactly the length of the list it links to (the same filter, in the same
 * campaign); each step of the five-form funnel is exactly the rows its form holds; and
 * the units' score counts add up to the forms and the overdue tile.
 */
#include "harness.h"
#include "../pg/pg_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOW "2026-06-15T10:00:00+08:00"

enum { MAXUSERS = 40 };
static struct {
	char name[40], role[16], password[40];
	char *token;
} users[MAXUSERS];
static int nusers;
static json_int_t campaign;

static int group_setup(void **state)
{
	(void)state;
	if (h_setup(NOW) < 0 || h_stop() != 0)
		return -1;
	/* the demo fills an empty database */
	if (tpg_enabled()) {
		if (tpg_new_db(h_srv.db, sizeof h_srv.db) < 0)
			return -1;
	} else {
		char p[300];
		unlink(h_srv.db);
		snprintf(p, sizeof p, "%s-wal", h_srv.db);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", h_srv.db);
		unlink(p);
	}
	char logins[160], *out = NULL;
	snprintf(logins, sizeof logins, "%s/logins.txt", h_srv.dir);
	setenv("WUBIAO_NOW", NOW, 1);
	int rc = h_cli(NULL, &out, "demo", "--db", h_srv.db, "--seed", "1", "--logins", logins,
		       NULL);
	if (rc != 0) {
		fprintf(stderr, "# wubiao demo exited %d: %s\n", rc, out);
		free(out);
		return -1;
	}
	free(out);
	FILE *fp = fopen(logins, "r");
	if (fp == NULL)
		return -1;
	char line[256];
	while (nusers < MAXUSERS && fgets(line, sizeof line, fp)) {
		char unit[120];
		if (sscanf(line, "%39[^\t]\t%15[^\t]\t%119[^\t]\t%39s", users[nusers].name,
			   users[nusers].role, unit, users[nusers].password) == 4)
			nusers++;
	}
	fclose(fp);
	return nusers > 5 && h_start(NOW) == 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	for (int i = 0; i < nusers; i++)
		free(users[i].token);
	h_teardown();
	return 0;
}

static void test_login_all(void **state)
{
	(void)state;
	for (int i = 0; i < nusers; i++)
		users[i].token = h_login(users[i].name, users[i].password);
	struct resp r = h_get(users[0].token, API "/campaigns");
	assert_status(r, 200);
	campaign = jint(json_array_get(h_items(r.json), 0), "id");
	assert_true(campaign > 0);
	resp_free(&r);
}

static json_t *summary(const char *tok)
{
	struct resp r = h_get(tok, API "/summary?campaign_id=%lld", (long long)campaign);
	assert_status(r, 200);
	json_t *j = json_incref(r.json);
	resp_free(&r);
	return j;
}

/* Every tile of every account: its count is its list's length. */
static void test_tiles_open_their_count(void **state)
{
	(void)state;
	int checked = 0, nonzero = 0;
	for (int i = 0; i < nusers; i++) {
		json_t *s = summary(users[i].token);
		json_t *tiles = json_object_get(s, "tiles");
		assert_true(json_array_size(tiles) > 0);
		size_t k;
		json_t *t;
		json_array_foreach(tiles, k, t)
		{
			char path[256];
			int n = snprintf(path, sizeof path, API "/%s?", jstr(t, "list"));
			const char *key;
			json_t *v;
			json_object_foreach(json_object_get(t, "filter"), key, v)
			{
				if (json_is_integer(v))
					n += snprintf(path + n, sizeof path - (size_t)n, "%s=%lld&",
						      key, (long long)json_integer_value(v));
				else
					n += snprintf(path + n, sizeof path - (size_t)n, "%s=%s&",
						      key, json_string_value(v));
			}
			path[n - 1] = '\0';
			json_t *all = h_list_all(users[i].token, path, 500);
			if ((json_int_t)json_array_size(all) != jint(t, "count"))
				fail_msg("%s (%s): tile %s counts %lld, its list %s holds %zu",
					 users[i].name, users[i].role, jstr(t, "name"),
					 (long long)jint(t, "count"), path, json_array_size(all));
			checked++;
			nonzero += jint(t, "count") > 0;
			json_decref(all);
		}
		json_decref(s);
	}
	assert_true(checked > 30);
	assert_true(nonzero > 10); /* not a comparison of empty lists */
}

/* The rows of form @p form in the JSON export, over every sheet; -1 when not allowed. */
static long long form_rows(const char *tok, int form)
{
	struct resp r = h_get(tok, API "/campaigns/%lld/forms/%d", (long long)campaign, form);
	if (r.status != 200) {
		resp_free(&r);
		return -1;
	}
	long long n = 0;
	size_t i;
	json_t *sh;
	json_array_foreach(json_object_get(r.json, "sheets"), i, sh) n +=
		(long long)json_array_size(json_object_get(sh, "rows"));
	resp_free(&r);
	return n;
}

/* Each funnel step is exactly the rows of its form, for every account that may export. */
static void test_funnel_is_the_forms(void **state)
{
	(void)state;
	for (int i = 0; i < nusers; i++) {
		json_t *s = summary(users[i].token);
		json_t *funnel = json_object_get(s, "funnel");
		assert_int_equal(json_array_size(funnel), 5);
		for (int f = 1; f <= 5; f++) {
			long long rows = form_rows(users[i].token, f);
			if (rows < 0)
				continue; /* a unit's form 1: 404 */
			json_int_t step = jint(json_array_get(funnel, (size_t)f - 1), "count");
			if (rows != step)
				fail_msg("%s (%s): funnel step 表%d says %lld, the form holds %lld",
					 users[i].name, users[i].role, f, (long long)step, rows);
		}
		/* a funnel narrows: each form's rows are among the previous form's problems */
		for (int f = 3; f <= 5; f++)
			assert_true(jint(json_array_get(funnel, (size_t)f - 1), "count") <=
				    jint(json_array_get(funnel, (size_t)f - 2), "count"));
		json_decref(s);
	}
}

/* The units' scores count what the forms and the home page count. */
static void test_scores_add_up(void **state)
{
	(void)state;
	const char *adm = users[0].token;
	assert_string_equal(users[0].role, "admin");
	struct resp r = h_get(adm, API "/campaigns/%lld/scores?level=unit", (long long)campaign);
	assert_status(r, 200);
	long long opinions = 0, problems = 0, overdue = 0;
	size_t i;
	json_t *it;
	json_array_foreach(h_items(r.json), i, it)
	{
		json_t *c = json_object_get(it, "counts");
		opinions += jint(c, "opinions");
		problems += jint(c, "problems");
		overdue += jint(c, "overdue");
	}
	resp_free(&r);
	assert_int_equal(opinions, form_rows(adm, 1));
	assert_int_equal(problems, form_rows(adm, 2));
	json_t *s = summary(adm);
	assert_int_equal(overdue, jint(json_object_get(s, "problems"), "overdue"));
	assert_true(overdue > 0);
	json_decref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_all),
		cmocka_unit_test(test_tiles_open_their_count),
		cmocka_unit_test(test_funnel_is_the_forms),
		cmocka_unit_test(test_scores_add_up),
	};
	return cmocka_run_group_tests_name("api numbers", tests, group_setup, group_teardown);
}
