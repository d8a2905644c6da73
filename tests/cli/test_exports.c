/*
 * The demo district's exports, byte for byte: the five forms (CSV and XLSX) and the score
 * report at each level, as `wubiao export` writes them, against the files in
 * tests/data/exports/. Those were written by the program before its store was rewritten
 * over one statement interface, so this suite shows that the rewrite (and any later
 * change that should not touch the figures) leaves every exported byte as it was, on
 * SQLite and on PostgreSQL alike.
 *
 * The clock is stopped (WUBIAO_NOW), so the demo and the XLSX files' creation time are the
 * same on every run. The demo's tracking receipts are random by design; the suite
 * replaces them in the database by ones made from the opinion ids before exporting.
 *
 * WUBIAO_EXPORTS_WRITE=1 writes the files instead of comparing them (each test then
 * skips), for a change meant to alter the exports: review the difference, commit it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../pg/pg_fixture.h"

#define NOW "2026-06-15T10:00:00+08:00"

static char g_dir[64], g_db[512], g_data[512];

static const char *bin(void)
{
	const char *b = getenv("WUBIAO_BIN");
	return b && *b ? b : "build/wubiao";
}

/* Run the binary with @p argv (argv[0] is replaced), its output thrown away. @return status */
static int run(const char **argv)
{
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		argv[0] = bin();
		execv(bin(), (char *const *)argv);
		_exit(127);
	}
	int status = -1;
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		return NULL;
	size_t cap = 1 << 16, n = 0, k;
	char *b = malloc(cap);
	while (b && (k = fread(b + n, 1, cap - n, fp)) > 0) {
		n += k;
		if (n == cap)
			b = realloc(b, cap *= 2);
	}
	fclose(fp);
	*len = n;
	return b;
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(g_dir, sizeof g_dir, "/tmp/wbexports.XXXXXX");
	if (mkdtemp(g_dir) == NULL)
		return -1;
	/* the expected files sit beside this suite's source */
	const char *src = __FILE__, *slash = strrchr(src, '/');
	snprintf(g_data, sizeof g_data, "%.*s/../data/exports", slash ? (int)(slash - src) : 1,
		 slash ? src : ".");
	setenv("WUBIAO_NOW", NOW, 1);
	if (tpg_enabled()) {
		if (tpg_new_db(g_db, sizeof g_db) < 0)
			return -1;
	} else {
		snprintf(g_db, sizeof g_db, "%s/demo.db", g_dir);
	}
	char logins[128];
	snprintf(logins, sizeof logins, "%s/logins.txt", g_dir);
	const char *demo[] = {"", "demo", "--db", g_db, "--seed", "1", "--logins", logins, NULL};
	if (run(demo) != 0) {
		fprintf(stderr, "# wubiao demo failed\n");
		return -1;
	}
	static const char upd_sqlite[] = "UPDATE opinions SET receipt = printf('R%011d', id)";
	static const char upd_pg[] = "UPDATE opinions SET receipt = 'R' || lpad(id::text, 11, '0')";
	if (tpg_enabled()) {
		char *msg = NULL;
		if (tpg_exec(g_db, upd_pg, NULL, &msg) < 0) {
			fprintf(stderr, "# %s\n", msg ? msg : "receipts not replaced");
			free(msg);
			return -1;
		}
		return 0;
	}
	sqlite3 *db;
	int rc = sqlite3_open(g_db, &db) == SQLITE_OK &&
				 sqlite3_exec(db, upd_sqlite, NULL, NULL, NULL) == SQLITE_OK
			 ? 0
			 : -1;
	sqlite3_close(db);
	return rc;
}

static int group_teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Export with @p args after "export", to the file @p name, and compare it with ours. */
static void check(const char *name, const char **args)
{
	char out[256], want[640];
	snprintf(out, sizeof out, "%s/%s", g_dir, name);
	snprintf(want, sizeof want, "%s/%s", g_data, name);
	const char *argv[24] = {"", "export"};
	int n = 2;
	for (; args[n - 2]; n++)
		argv[n] = args[n - 2];
	const char *tail[] = {"--db", g_db, "--campaign", "1", "--out", out, NULL};
	for (int i = 0; tail[i]; i++)
		argv[n++] = tail[i];
	argv[n] = NULL;
	assert_int_equal(run(argv), 0);
	size_t got_len = 0, want_len = 0;
	char *got = slurp(out, &got_len);
	assert_non_null(got);
	if (getenv("WUBIAO_EXPORTS_WRITE")) {
		FILE *fp = fopen(want, "wb");
		assert_non_null(fp);
		assert_int_equal(fwrite(got, 1, got_len, fp), got_len);
		assert_int_equal(fclose(fp), 0);
		free(got);
		skip();
	}
	char *exp = slurp(want, &want_len);
	if (exp == NULL)
		fail_msg("%s is missing", want);
	size_t at = 0;
	while (at < got_len && at < want_len && got[at] == exp[at])
		at++;
	if (at < got_len || at < want_len)
		fail_msg("%s differs from %s from byte %zu (%zu bytes, %zu expected)", out, want,
			 at, got_len, want_len);
	free(got);
	free(exp);
}

#define FORM(n, fmt)                                                                               \
	static void test_form##n##_##fmt(void **state)                                             \
	{                                                                                          \
		(void)state;                                                                       \
		const char *a[] = {"forms", "--form", #n, "--format", #fmt, NULL};                 \
		check("form" #n "." #fmt, a);                                                      \
	}
#define SCORES(level, fmt)                                                                         \
	static void test_scores_##level##_##fmt(void **state)                                      \
	{                                                                                          \
		(void)state;                                                                       \
		const char *a[] = {"scores", "--level", #level, "--format", #fmt, NULL};           \
		check("scores-" #level "." #fmt, a);                                               \
	}

FORM(1, csv)
FORM(1, xlsx)
FORM(2, csv)
FORM(2, xlsx)
FORM(3, csv)
FORM(3, xlsx)
FORM(4, csv)
FORM(4, xlsx)
FORM(5, csv)
FORM(5, xlsx)
SCORES(unit, csv)
SCORES(unit, xlsx)
SCORES(station, csv)
SCORES(station, xlsx)
SCORES(point, csv)
SCORES(point, xlsx)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form1_csv),
		cmocka_unit_test(test_form1_xlsx),
		cmocka_unit_test(test_form2_csv),
		cmocka_unit_test(test_form2_xlsx),
		cmocka_unit_test(test_form3_csv),
		cmocka_unit_test(test_form3_xlsx),
		cmocka_unit_test(test_form4_csv),
		cmocka_unit_test(test_form4_xlsx),
		cmocka_unit_test(test_form5_csv),
		cmocka_unit_test(test_form5_xlsx),
		cmocka_unit_test(test_scores_unit_csv),
		cmocka_unit_test(test_scores_unit_xlsx),
		cmocka_unit_test(test_scores_station_csv),
		cmocka_unit_test(test_scores_station_xlsx),
		cmocka_unit_test(test_scores_point_csv),
		cmocka_unit_test(test_scores_point_xlsx),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
