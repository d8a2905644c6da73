/*
 * The `wubiao` command line as a user meets it: the real binary (WUBIAO_BIN, default
 * build/wubiao) run in a temporary directory, its stdout, stderr and exit status checked.
 * Exit statuses: 0 ok, 1 failed, 2 usage error.
 *
 * The database files the commands write are inspected with sqlite3 directly or through
 * store.h; the server is asked over HTTP with libcurl.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../src/store/migrations.h"
#include "../../src/store/store.h"
#include "../../src/svc/svc.h"
#include "../../src/util/log.h"
#include "../pg/pg_fixture.h"

#define PASSWORD "Wubiao-Test-Pass-2026"

static char g_dir[64];
static int g_seq;

static const char *bin(void)
{
	const char *b = getenv("WUBIAO_BIN");
	return b && *b ? b : "build/wubiao";
}

static void msleep(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* A fresh path in the test directory: "<dir>/<n>-<name>". */
static void tmp_path(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%d-%s", g_dir, ++g_seq, name);
}

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static char *read_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		return strdup("");
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	size_t k;
	while ((k = fread(buf + len, 1, cap - len - 1, fp)) > 0) {
		len += k;
		if (cap - len - 1 == 0) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
	}
	fclose(fp);
	buf[len] = '\0';
	return buf;
}

/* ---- running the binary ---- */

struct run {
	int rc;    /**< exit status, or -1 when killed by a signal */
	char *out; /**< stdout */
	char *err; /**< stderr */
	char *all; /**< both, for "does the output say ..." */
};

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	free(r->all);
	memset(r, 0, sizeof *r);
}

/* Start the binary with argv[1..] = @p args, stdin from @p in_path, output to files. */
static pid_t spawn(const char *const *args, const char *in_path, const char *out_path,
		   const char *err_path)
{
	const char *argv[40];
	int argc = 0;
	argv[argc++] = "wubiao";
	for (int i = 0; args[i] && argc < 39; i++)
		argv[argc++] = args[i];
	argv[argc] = NULL;
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int in = open(in_path ? in_path : "/dev/null", O_RDONLY);
		int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (in < 0 || out < 0 || err < 0)
			_exit(126);
		dup2(in, 0);
		dup2(out, 1);
		dup2(err, 2);
		close(in);
		close(out);
		close(err);
		execv(bin(), (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", bin(), strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Wait up to @p ms for @p pid. @return 1 and the status in @p st, or 0 on time-out */
static int wait_for(pid_t pid, int *st, long ms)
{
	for (long waited = 0;; waited += 10) {
		pid_t w = waitpid(pid, st, WNOHANG);
		if (w == pid)
			return 1;
		if (w < 0 && errno != EINTR)
			return 0;
		if (waited >= ms)
			return 0;
		msleep(10);
	}
}

static int exit_code(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Run to completion (@p ms at most) with @p input on stdin (NULL: empty). */
static void run_argv_ms(struct run *r, const char *input, const char *const *args, long ms)
{
	char in[256], out[256], err[256];
	tmp_path(in, sizeof in, "stdin");
	tmp_path(out, sizeof out, "stdout");
	tmp_path(err, sizeof err, "stderr");
	write_file(in, input ? input : "", input ? strlen(input) : 0);
	pid_t pid = spawn(args, in, out, err);
	int st = 0;
	if (!wait_for(pid, &st, ms)) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		unlink(in);
		unlink(out);
		unlink(err);
		char line[512] = "wubiao";
		for (int i = 0; args[i]; i++)
			snprintf(line + strlen(line), sizeof line - strlen(line), " %s", args[i]);
		fail_msg("%s did not finish within %ld s", line, ms / 1000);
	}
	r->rc = exit_code(st);
	r->out = read_file(out);
	r->err = read_file(err);
	size_t n = strlen(r->out) + strlen(r->err) + 2;
	r->all = malloc(n);
	assert_non_null(r->all);
	snprintf(r->all, n, "%s\n%s", r->out, r->err);
	unlink(in);
	unlink(out);
	unlink(err);
}

static void run_argv(struct run *r, const char *input, const char *const *args)
{
	run_argv_ms(r, input, args, 60000);
}

#define RUN(r, input, ...) run_argv((r), (input), (const char *const[]){__VA_ARGS__, NULL})

/* Fail with a message formatted while @p r is alive, then free @p r (no leak on failure). */
static char g_msg[16384];
#define FAIL_RUN(r, ...)                                                                           \
	do {                                                                                       \
		snprintf(g_msg, sizeof g_msg, __VA_ARGS__);                                        \
		run_free(r);                                                                       \
		fail_msg("%s", g_msg);                                                             \
	} while (0)

/* Check @p cond about a finished run; on failure show what the command said. */
#define CHECK_RUN(r, cond, desc)                                                                   \
	do {                                                                                       \
		if (!(cond))                                                                       \
			FAIL_RUN((r), "%s\n--- exit %d; stdout ---\n%s--- stderr ---\n%s", (desc), \
				 (r)->rc, (r)->out, (r)->err);                                     \
	} while (0)

/* Expect exit status @p want. */
#define EXPECT_RC(r, want, what)                                                                   \
	do {                                                                                       \
		if ((r)->rc != (want))                                                             \
			FAIL_RUN((r),                                                              \
				 "%s: exit %d, want %d\n--- stdout ---\n%s--- stderr ---\n%s",     \
				 (what), (r)->rc, (want), (r)->out, (r)->err);                     \
	} while (0)

/*
 * @return nonzero when the decimal number @p num stands alone in @p text: digits with no
 * digit on either side and no leading zero (so "04" in a date is not 4)
 */
static int has_number(const char *text, long long num)
{
	char want[24];
	snprintf(want, sizeof want, "%lld", num);
	size_t n = strlen(want);
	for (const char *p = text; *p;) {
		if (!isdigit((unsigned char)*p)) {
			p++;
			continue;
		}
		size_t k = strspn(p, "0123456789");
		if (k == n && strncmp(p, want, n) == 0)
			return 1;
		p += k;
	}
	return 0;
}

static int contains_ci(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = text; *p; p++)
		if (strncasecmp(p, word, n) == 0)
			return 1;
	return 0;
}

/* ---- the database file ---- */

/*
 * A database that does not exist yet: a file in the temporary directory, or a fresh
 * PostgreSQL database when the suite runs on the test server (WUBIAO_TEST_PG).
 */
static void fresh_db(char *db, size_t n, const char *name)
{
	if (tpg_enabled())
		assert_int_equal(tpg_new_db(db, n), 0);
	else
		tmp_path(db, n, name);
}

/* A new database with no calendar: the suites set the days off they count on. */
static void init_db(char *db, size_t n)
{
	fresh_db(db, n, "wubiao.db");
	struct run r = {0};
	RUN(&r, NULL, "init", "--db", db, "--no-calendars");
	EXPECT_RC(&r, 0, "init");
	run_free(&r);
}

static int is_pg(const char *db)
{
	return strncmp(db, "postgres", 8) == 0;
}

static int64_t sql_int(const char *db, const char *sql)
{
	if (is_pg(db)) {
		long long v = 0;
		char *msg = NULL;
		if (tpg_exec(db, sql, &v, &msg) < 0)
			fail_msg("%s: %s", sql, msg ? msg : "?");
		return v;
	}
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	sqlite3_stmt *q = NULL;
	int ok = sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK &&
		 sqlite3_step(q) == SQLITE_ROW;
	char msg[256];
	snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(h));
	int64_t v = ok ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_finalize(q);
	sqlite3_close(h);
	if (!ok)
		fail_msg("%s: %s", sql, msg);
	return v;
}

static void sql_exec(const char *db, const char *sql)
{
	if (is_pg(db)) {
		char *msg = NULL;
		if (tpg_exec(db, sql, NULL, &msg) < 0)
			fail_msg("%s: %s", sql, msg ? msg : "?");
		return;
	}
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	char *msg = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		char copy[256];
		snprintf(copy, sizeof copy, "%s", msg ? msg : "?");
		sqlite3_free(msg);
		sqlite3_close(h);
		fail_msg("%s: %s", sql, copy);
	}
	sqlite3_close(h);
}

/* Units made through the services on the file, as the office. @return the last id */
static int64_t add_units(const char *db, int with_station, int64_t *office_id)
{
	struct store *st = NULL;
	assert_int_equal(store_open(db, &st), 0);
	struct arena a = ARENA_INIT;
	struct svc_ctx c;
	assert_int_equal(svc_ctx_init(&c, st, &a, 1772413200), 0);
	c.who = (struct wb_actor){.role = ROLE_ADMIN};
	struct wb_unit office = {.name = "区纠风办", .kind = UK_OFFICE};
	int64_t oid = 0, sid = 0;
	assert_int_equal(svc_unit_create(&c, &office, &oid), 0);
	if (with_station) {
		struct wb_unit station = {
			.name = "教育系统监测站", .kind = UK_STATION, .parent_id = oid};
		assert_int_equal(svc_unit_create(&c, &station, &sid), 0);
	}
	store_close(st);
	arena_release(&a);
	if (office_id)
		*office_id = oid;
	return with_station ? sid : oid;
}

static int latest_version(void)
{
	int v = 0;
	for (const struct store_migration *m = tpg_enabled() ? pg_migrations : sqlite_migrations;
	     m->version; m++)
		if (m->version > v)
			v = m->version;
	return v;
}

/* ================= usage ================= */

static void test_no_args(void **state)
{
	(void)state;
	struct run r = {0};
	run_argv(&r, NULL, (const char *const[]){NULL});
	EXPECT_RC(&r, 2, "wubiao");
	CHECK_RUN(&r, contains_ci(r.all, "usage"), "wubiao alone shows the usage");
	run_free(&r);

	RUN(&r, NULL, "--help");
	EXPECT_RC(&r, 0, "wubiao --help");
	CHECK_RUN(&r, contains_ci(r.out, "usage"), "wubiao --help shows the usage on stdout");
	run_free(&r);
}

static void test_unknown_command(void **state)
{
	(void)state;
	struct run r = {0};
	RUN(&r, NULL, "frobnicate");
	EXPECT_RC(&r, 2, "wubiao frobnicate");
	CHECK_RUN(&r, strstr(r.err, "frobnicate") != NULL, "the message names the command");
	run_free(&r);
}

/* state: the command's name */
static void test_help(void **state)
{
	const char *cmd = *state;
	struct run r = {0};
	RUN(&r, NULL, cmd, "--help");
	char what[64];
	snprintf(what, sizeof what, "wubiao %s --help", cmd);
	EXPECT_RC(&r, 0, what);
	CHECK_RUN(&r, strlen(r.all) >= 10, what);
	run_free(&r);
}

static void test_unknown_option(void **state)
{
	(void)state;
	char db[256];
	tmp_path(db, sizeof db, "never.db");
	const char *const *cases[] = {
		(const char *const[]){"init", "--db", "X", "--bogus", NULL},
		(const char *const[]){"init", "--frobnicate", NULL},
		(const char *const[]){"serve", "--db", "X", "--bogus", "1", NULL},
		(const char *const[]){"user", "add", "--db", "X", "--username", "abc", "--role",
				      "admin", "--password-stdin", "--bogus", NULL},
		(const char *const[]){"calendar", "import", "--db", "X", "--bogus", "f.csv", NULL},
		(const char *const[]){"audit", "verify", "--db", "X", "--bogus", NULL},
		(const char *const[]){"config", "show", "--db", "X", "--bogus", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *args[16];
		int k = 0;
		for (; cases[i][k]; k++)
			args[k] = strcmp(cases[i][k], "X") == 0 ? db : cases[i][k];
		args[k] = NULL;
		struct run r = {0};
		run_argv(&r, NULL, args);
		char what[128];
		snprintf(what, sizeof what, "wubiao %s %s ... --bogus", args[0], args[1]);
		EXPECT_RC(&r, 2, what);
		run_free(&r);
	}
	/* Nothing was created on the way. */
	assert_int_not_equal(access(db, F_OK), 0);
}

/*
 * Every number an option takes is range-checked: a bad one exits 2 naming the option,
 * before anything is opened (a misspelt --sweep-minutes once turned reminders off).
 */
static void test_bad_numbers(void **state)
{
	(void)state;
	char db[256];
	tmp_path(db, sizeof db, "never.db");
	static const struct {
		const char *args[12]; /* NULL-terminated */
		const char *named;
	} cases[] = {
		{{"serve", "--sweep-minutes", "ten"}, "--sweep-minutes"},
		{{"serve", "--per-address", "x"}, "--per-address"},
		{{"serve", "--per-address", "-1"}, "--per-address"},
		{{"serve", "--threads", "0"}, "--threads"},
		{{"serve", "--threads", "4x"}, "--threads"},
		{{"serve", "--group-commit", "1001"}, "--group-commit"},
		{{"serve", "--idle-timeout", "99999999999999999999"}, "--idle-timeout"},
		{{"serve", "--max-connections", ""}, "--max-connections"},
		{{"demo", "--seed", "-1"}, "--seed"},
		{{"demo", "--scale", "999"}, "--scale"},
		{{"export", "forms", "--campaign", "1", "--form", "6"}, "--form"},
		{{"export", "scores", "--campaign", "abc"}, "--campaign"},
		{{"user", "add", "--username", "u", "--role", "unit", "--unit", "0"}, "--unit"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *args[16];
		int k = 0;
		for (; cases[i].args[k]; k++)
			args[k] = cases[i].args[k];
		args[k++] = "--db";
		args[k++] = db;
		args[k] = NULL;
		const char *named = cases[i].named;
		struct run r = {0};
		run_argv(&r, NULL, args);
		char what[160];
		snprintf(what, sizeof what, "wubiao %s ... %s", args[0], named);
		EXPECT_RC(&r, 2, what);
		CHECK_RUN(&r, strstr(r.err, named) != NULL, "the message names the option");
		CHECK_RUN(&r, strstr(r.err, "usage: wubiao") != NULL, "the usage follows");
		run_free(&r);
	}
	assert_int_not_equal(access(db, F_OK), 0);
	/* The usage is made from the options' table: every option with its range and default. */
	struct run r = {0};
	RUN(&r, NULL, "serve", "--help");
	EXPECT_RC(&r, 0, "serve --help");
	static const char *const serve_opts[] = {
		"--db FILE",         "--listen HOST:PORT",     "--threads N",
		"--web DIR",         "--port-file FILE",       "--public-rate N",
		"--sweep-minutes N", "--group-commit N",       "--max-connections N",
		"--per-address N",   "--idle-timeout SECONDS", "(0 to 1440; default 10)"};
	for (size_t i = 0; i < sizeof serve_opts / sizeof *serve_opts; i++)
		CHECK_RUN(&r, strstr(r.out, serve_opts[i]) != NULL, serve_opts[i]);
	run_free(&r);
}

/* state: the command line without --db */
static void test_missing_db(void **state)
{
	const char *const *args = *state;
	struct run r = {0};
	run_argv(&r, PASSWORD "\n", args);
	char what[128];
	snprintf(what, sizeof what, "wubiao %s %s without --db", args[0], args[1] ? args[1] : "");
	EXPECT_RC(&r, 2, what);
	run_free(&r);
}

/* ================= init ================= */

static void test_init(void **state)
{
	(void)state;
	char db[256];
	fresh_db(db, sizeof db, "init.db");
	int latest = latest_version();
	struct run r = {0};
	for (int round = 0; round < 2; round++) {
		RUN(&r, NULL, "init", "--db", db);
		EXPECT_RC(&r, 0, round ? "init (again)" : "init");
		CHECK_RUN(&r, has_number(r.out, latest) && contains_ci(r.out, "version"),
			  "init prints the schema version");
		run_free(&r);
		if (tpg_enabled()) {
			assert_int_equal(sql_int(db, "SELECT MAX(version) FROM schema_migrations"),
					 latest);
			assert_int_equal(sql_int(db,
						 "SELECT COUNT(*) FROM information_schema.tables"
						 " WHERE table_name = 'events'"),
					 1);
		} else {
			assert_int_equal(sql_int(db, "PRAGMA user_version"), latest);
			assert_int_equal(
				sql_int(db,
					"SELECT COUNT(*) FROM sqlite_master WHERE name = 'events'"),
				1);
		}
	}
}

/*
 * The State Council's calendars ship with the program: init loads every shipped year the
 * database has no special day of, and leaves the years a district has changed alone;
 * `calendar import` without a file loads them again, all or one --year.
 */
static void test_init_calendars(void **state)
{
	(void)state;
	char db[256];
	fresh_db(db, sizeof db, "calendars.db");
	struct run r = {0};
	RUN(&r, NULL, "init", "--db", db);
	EXPECT_RC(&r, 0, "init");
	CHECK_RUN(&r, strstr(r.out, "holiday calendars of 4 years") != NULL,
		  "init says what it loaded");
	run_free(&r);
	int64_t all = sql_int(db, "SELECT COUNT(*) FROM calendar");
	assert_true(all >= 90);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM calendar WHERE day = '2026-10-01'"
				     " AND kind = 'holiday'"),
			 1);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM calendar WHERE day = '2026-02-28'"
				     " AND kind = 'workday'"),
			 1);
	/* A district moves a day of 2025: init again keeps it. */
	char csv[256];
	tmp_path(csv, sizeof csv, "own.csv");
	static const char own[] = "2025-12-31,holiday\n";
	write_file(csv, own, sizeof own - 1);
	RUN(&r, NULL, "calendar", "import", "--db", db, csv);
	EXPECT_RC(&r, 0, "calendar import of the district's own day");
	run_free(&r);
	RUN(&r, NULL, "init", "--db", db);
	EXPECT_RC(&r, 0, "init (again)");
	run_free(&r);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM calendar"), all + 1);
	/* One shipped year again; an unknown year is an error. */
	RUN(&r, NULL, "calendar", "import", "--db", db, "--year", "2026");
	EXPECT_RC(&r, 0, "calendar import --year 2026");
	run_free(&r);
	RUN(&r, NULL, "calendar", "import", "--db", db, "--year", "1999");
	EXPECT_RC(&r, 1, "calendar import --year 1999");
	run_free(&r);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM calendar"), all + 1);
	/* --no-calendars leaves a new database's calendar empty. */
	char empty[256];
	fresh_db(empty, sizeof empty, "empty.db");
	RUN(&r, NULL, "init", "--db", empty, "--no-calendars");
	EXPECT_RC(&r, 0, "init --no-calendars");
	run_free(&r);
	assert_int_equal(sql_int(empty, "SELECT COUNT(*) FROM calendar"), 0);
}

/* ================= user add ================= */

static void test_user_add(void **state)
{
	(void)state;
	char db[256];
	init_db(db, sizeof db);
	struct run r = {0};
	RUN(&r, PASSWORD "\n", "user", "add", "--db", db, "--username", "root", "--role", "admin",
	    "--password-stdin");
	EXPECT_RC(&r, 0, "user add root");
	run_free(&r);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM users WHERE username = 'root'"
				     " AND role = 'admin'"),
			 1);
	/* The password is stored hashed, never as given. */
	assert_int_equal(
		sql_int(db, "SELECT COUNT(*) FROM users WHERE pwhash LIKE '%" PASSWORD "%'"), 0);

	/* The same name again. */
	RUN(&r, "Another-Pass-2026\n", "user", "add", "--db", db, "--username", "root", "--role",
	    "leader", "--password-stdin");
	EXPECT_RC(&r, 1, "user add (duplicate username)");
	run_free(&r);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM users"), 1);

	/* The new account can log in: the hash on file matches the password given. */
	struct store *st = NULL;
	assert_int_equal(store_open(db, &st), 0);
	struct arena a = ARENA_INIT;
	struct svc_ctx c;
	assert_int_equal(svc_ctx_init(&c, st, &a, 1772413200), 0);
	struct svc_login login;
	int lrc = svc_login(&c, "root", PASSWORD, NULL, &login);
	int role = lrc == 0 ? (int)login.user.role : -1;
	store_close(st);
	arena_release(&a);
	assert_int_equal(lrc, 0);
	assert_int_equal(role, ROLE_ADMIN);
}

static void test_user_add_bad_role(void **state)
{
	(void)state;
	char db[256];
	init_db(db, sizeof db);
	struct run r = {0};
	RUN(&r, PASSWORD "\n", "user", "add", "--db", db, "--username", "boss", "--role", "emperor",
	    "--password-stdin");
	EXPECT_RC(&r, 2, "user add --role emperor");
	CHECK_RUN(&r, strstr(r.err, "emperor") != NULL, "the message names the bad role");
	run_free(&r);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM users"), 0);
}

static void test_user_add_short_password(void **state)
{
	(void)state;
	char db[256];
	init_db(db, sizeof db);
	struct run r = {0};
	RUN(&r, "short\n", "user", "add", "--db", db, "--username", "clerk", "--role", "admin",
	    "--password-stdin");
	EXPECT_RC(&r, 1, "user add with a short password");
	CHECK_RUN(&r, contains_ci(r.err, "password"), "the message names the password");
	run_free(&r);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM users"), 0);
}

static void test_user_add_station_needs_unit(void **state)
{
	(void)state;
	char db[256];
	init_db(db, sizeof db);
	struct run r = {0};
	RUN(&r, PASSWORD "\n", "user", "add", "--db", db, "--username", "station1", "--role",
	    "station", "--password-stdin");
	EXPECT_RC(&r, 1, "user add --role station without --unit");
	CHECK_RUN(&r, contains_ci(r.err, "unit"), "the message names the unit");
	run_free(&r);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM users"), 0);

	/* With the office as its unit: still not a station. With a station: fine. */
	int64_t oid = 0, sid = add_units(db, 1, &oid);
	char unit[32];
	snprintf(unit, sizeof unit, "%lld", (long long)oid);
	RUN(&r, PASSWORD "\n", "user", "add", "--db", db, "--username", "station1", "--role",
	    "station", "--unit", unit, "--password-stdin");
	EXPECT_RC(&r, 1, "user add --role station --unit <the office>");
	run_free(&r);
	snprintf(unit, sizeof unit, "%lld", (long long)sid);
	RUN(&r, PASSWORD "\n", "user", "add", "--db", db, "--username", "station1", "--role",
	    "station", "--unit", unit, "--password-stdin");
	EXPECT_RC(&r, 0, "user add --role station --unit <a station>");
	run_free(&r);
	char sql[128];
	snprintf(sql, sizeof sql,
		 "SELECT COUNT(*) FROM users WHERE username = 'station1' AND unit_id = %lld",
		 (long long)sid);
	assert_int_equal(sql_int(db, sql), 1);
}

/* ================= calendar import ================= */

static void test_calendar_import(void **state)
{
	(void)state;
	char db[256], csv[256];
	init_db(db, sizeof db);
	tmp_path(csv, sizeof csv, "holidays.csv");
	/* BOM, header, CRLF; holidays on a Monday and a Friday, make-up days on a Sunday
	 * and a Saturday, a blank line. */
	static const char text[] = "\xEF\xBB\xBF"
				   "date,kind\r\n"
				   "2026-04-06,holiday\r\n"
				   "2026-05-01,holiday\r\n"
				   "\r\n"
				   "2026-04-26,workday\r\n"
				   "2026-05-09,workday\r\n";
	write_file(csv, text, sizeof text - 1);
	struct run r = {0};
	RUN(&r, NULL, "calendar", "import", "--db", db, csv);
	EXPECT_RC(&r, 0, "calendar import");
	run_free(&r);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM calendar"), 4);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM calendar WHERE kind = 'holiday'"
				     " AND day IN ('2026-04-06', '2026-05-01')"),
			 2);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM calendar WHERE kind = 'workday'"
				     " AND day IN ('2026-04-26', '2026-05-09')"),
			 2);

	/* And through the store, as the deadline arithmetic reads it. */
	struct store *st = NULL;
	assert_int_equal(store_open(db, &st), 0);
	struct arena a = ARENA_INIT;
	struct wb_calendar cal;
	wb_date from, to, d1, d2;
	assert_int_equal(wb_date_parse("2026-01-01", &from), 0);
	assert_int_equal(wb_date_parse("2026-12-31", &to), 0);
	assert_int_equal(wb_date_parse("2026-04-06", &d1), 0);
	assert_int_equal(wb_date_parse("2026-04-26", &d2), 0);
	int lrc = store_calendar_load(st, from, to, &a, &cal);
	size_t nh = lrc == 1 ? cal.nholidays : 0, nw = lrc == 1 ? cal.nworkdays : 0;
	wb_date h0 = nh ? cal.holidays[0] : 0, w0 = nw ? cal.workdays[0] : 0;
	int d1_works = lrc == 1 && wb_is_workday(&cal, d1);
	int d2_works = lrc == 1 && wb_is_workday(&cal, d2);
	store_close(st);
	arena_release(&a);
	assert_int_equal(lrc, 1);
	assert_int_equal(nh, 2);
	assert_int_equal(nw, 2);
	assert_int_equal(h0, d1);
	assert_int_equal(w0, d2);
	assert_false(d1_works);
	assert_true(d2_works);
}

/* state: the bad fourth line */
static void test_calendar_import_bad(void **state)
{
	const char *bad = *state;
	char db[256], csv[256];
	init_db(db, sizeof db);
	int64_t events = sql_int(db, "SELECT COUNT(*) FROM events");
	tmp_path(csv, sizeof csv, "bad.csv");
	char text[256];
	snprintf(text, sizeof text,
		 "date,kind\n"           /* 1 */
		 "2026-04-06,holiday\n"  /* 2 */
		 "2026-04-26,workday\n"  /* 3 */
		 "%s\n"                  /* 4 */
		 "2026-05-01,holiday\n", /* 5 */
		 bad);
	write_file(csv, text, strlen(text));
	struct run r = {0};
	RUN(&r, NULL, "calendar", "import", "--db", db, csv);
	char what[96];
	snprintf(what, sizeof what, "calendar import with '%s' on line 4", bad);
	EXPECT_RC(&r, 1, what);
	CHECK_RUN(&r, has_number(r.all, 4), "the message names line 4");
	run_free(&r);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM calendar"), 0);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM events"), events);
}

/* ================= audit verify ================= */

static void test_audit_verify(void **state)
{
	(void)state;
	char db[256], csv[256];
	init_db(db, sizeof db);
	struct run r = {0};
	/* Some events: a user, a setting, two calendar days. */
	RUN(&r, PASSWORD "\n", "user", "add", "--db", db, "--username", "root", "--role", "admin",
	    "--password-stdin");
	EXPECT_RC(&r, 0, "user add");
	run_free(&r);
	RUN(&r, NULL, "config", "set", "--db", db, "due_workdays.urgent", "3");
	EXPECT_RC(&r, 0, "config set");
	run_free(&r);
	tmp_path(csv, sizeof csv, "days.csv");
	static const char days[] = "2026-04-06,holiday\n2026-04-26,workday\n";
	write_file(csv, days, strlen(days));
	RUN(&r, NULL, "calendar", "import", "--db", db, csv);
	EXPECT_RC(&r, 0, "calendar import");
	run_free(&r);
	int64_t n = sql_int(db, "SELECT COUNT(*) FROM events");
	assert_true(n >= 4);

	RUN(&r, NULL, "audit", "verify", "--db", db);
	EXPECT_RC(&r, 0, "audit verify (intact)");
	run_free(&r);

	/* Tamper with event 2 (drop the guards first, as an attacker with the file would). */
	sql_exec(
		db,
		tpg_enabled()
			? "ALTER TABLE events DISABLE TRIGGER USER;"
			  " UPDATE events SET data = '{\"key\":\"due_workdays.urgent\",\"value\":\"9\"}'"
			  " WHERE id = 2"
			: "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;"
			  " UPDATE events SET data = '{\"key\":\"due_workdays.urgent\",\"value\":\"9\"}'"
			  " WHERE id = 2");
	RUN(&r, NULL, "audit", "verify", "--db", db);
	EXPECT_RC(&r, 1, "audit verify (event 2 altered)");
	CHECK_RUN(&r, has_number(r.all, 2), "audit verify names event 2");
	run_free(&r);
}

static void test_audit_verify_deleted(void **state)
{
	(void)state;
	char db[256], csv[256];
	init_db(db, sizeof db);
	tmp_path(csv, sizeof csv, "days.csv");
	static const char days[] = "2026-04-06,holiday\n2026-05-01,holiday\n2026-04-26,workday\n";
	write_file(csv, days, strlen(days));
	struct run r = {0};
	RUN(&r, NULL, "calendar", "import", "--db", db, csv);
	EXPECT_RC(&r, 0, "calendar import");
	run_free(&r);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM events"), 3);
	RUN(&r, NULL, "audit", "verify", "--db", db);
	EXPECT_RC(&r, 0, "audit verify (intact)");
	run_free(&r);
	/* A row taken out of the middle breaks the link of the next one. */
	sql_exec(db, tpg_enabled()
			     ? "ALTER TABLE events DISABLE TRIGGER USER;"
			       " DELETE FROM events WHERE id = 2"
			     : "DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = 2");
	RUN(&r, NULL, "audit", "verify", "--db", db);
	EXPECT_RC(&r, 1, "audit verify (event 2 deleted)");
	run_free(&r);
}

/* ================= config ================= */

static void expect_line(struct run *r, const char *line)
{
	const char *out = r->out, *p = out;
	size_t n = strlen(line);
	while ((p = strstr(p, line)) != NULL) {
		if ((p == out || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0' || p[n] == '\r'))
			return;
		p += n;
	}
	FAIL_RUN(r, "no line '%s' in:\n%s", line, out);
}

static void test_config(void **state)
{
	(void)state;
	char db[256];
	init_db(db, sizeof db);
	struct run r = {0};
	RUN(&r, NULL, "config", "show", "--db", db);
	EXPECT_RC(&r, 0, "config show");
	expect_line(&r, "tz_offset_minutes = 480");
	expect_line(&r, "due_workdays.normal = 10");
	expect_line(&r, "due_workdays.important = 15");
	expect_line(&r, "due_workdays.urgent = 2");
	expect_line(&r, "max_due_workdays = 250");
	expect_line(&r, "session_hours = 12");
	run_free(&r);

	RUN(&r, NULL, "config", "set", "--db", db, "due_workdays.urgent", "3");
	EXPECT_RC(&r, 0, "config set due_workdays.urgent 3");
	run_free(&r);
	RUN(&r, NULL, "config", "show", "--db", db);
	EXPECT_RC(&r, 0, "config show");
	expect_line(&r, "due_workdays.urgent = 3");
	expect_line(&r, "due_workdays.normal = 10");
	run_free(&r);

	RUN(&r, NULL, "config", "set", "--db", db, "no_such_key", "3");
	EXPECT_RC(&r, 1, "config set no_such_key");
	run_free(&r);
	static const char *const bad[] = {"abc", "0", "-3", "99999", "3x", ""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		RUN(&r, NULL, "config", "set", "--db", db, "due_workdays.urgent", bad[i]);
		char what[96];
		snprintf(what, sizeof what, "config set due_workdays.urgent '%s'", bad[i]);
		EXPECT_RC(&r, 1, what);
		run_free(&r);
	}
	RUN(&r, NULL, "config", "show", "--db", db);
	EXPECT_RC(&r, 0, "config show");
	expect_line(&r, "due_workdays.urgent = 3");
	run_free(&r);
	/* The set without a value is a usage error. */
	RUN(&r, NULL, "config", "set", "--db", db, "due_workdays.urgent");
	EXPECT_RC(&r, 2, "config set KEY without VALUE");
	run_free(&r);
}

/* ================= demo ================= */

static void test_demo_refuses_existing(void **state)
{
	(void)state;
	char empty[256], db[256], logins[256];
	init_db(empty, sizeof empty);
	tmp_path(logins, sizeof logins, "refuse-logins.txt");
	struct run r = {0};
	RUN(&r, NULL, "demo", "--db", empty, "--logins", logins);
	int works = r.rc == 0;
	if (!works) {
		fprintf(stderr, "# demo fails even on an empty database (exit %d: %s): skipped\n",
			r.rc, r.err);
		run_free(&r);
		skip();
	}
	run_free(&r);

	init_db(db, sizeof db);
	add_units(db, 1, NULL);
	int64_t units = sql_int(db, "SELECT COUNT(*) FROM units");
	int64_t users = sql_int(db, "SELECT COUNT(*) FROM users");
	int64_t events = sql_int(db, "SELECT COUNT(*) FROM events");
	RUN(&r, NULL, "demo", "--db", db, "--logins", logins);
	EXPECT_RC(&r, 1, "demo on a database that has units");
	run_free(&r);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM units"), units);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM users"), users);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM events"), events);
}

/*
 * Seeds whose draws once left a closed problem with too many unsatisfied ratings to close
 * (one added satisfied rating was not always enough): every seed builds a whole district.
 */
static void test_demo_seeds(void **state)
{
	(void)state;
	static const char *const seeds[] = {"36", "42"};
	for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
		char db[256], logins[256], name[64];
		snprintf(name, sizeof name, "seed-%s.db", seeds[i]);
		fresh_db(db, sizeof db, name);
		snprintf(name, sizeof name, "seed-%s-logins.txt", seeds[i]);
		tmp_path(logins, sizeof logins, name);
		struct run r = {0};
		RUN(&r, NULL, "demo", "--db", db, "--logins", logins, "--seed", seeds[i]);
		EXPECT_RC(&r, 0, "demo --seed");
		run_free(&r);
		assert_true(sql_int(db, "SELECT COUNT(*) FROM problems WHERE status = 'closed'") >
			    0);
		RUN(&r, NULL, "audit", "verify", "--db", db);
		EXPECT_RC(&r, 0, "audit verify of a seeded demo");
		run_free(&r);
	}
}

/* The benchmark district: counts as documented, a whole audit chain, figures at all levels. */
static void test_demo_scale(void **state)
{
	(void)state;
	char db[256], logins[256], out[256];
	fresh_db(db, sizeof db, "scale.db");
	tmp_path(logins, sizeof logins, "scale-logins.txt");
	tmp_path(out, sizeof out, "scale-scores.json");
	struct run r = {0};
	RUN(&r, NULL, "demo", "--db", db, "--logins", logins, "--scale", "999");
	EXPECT_RC(&r, 2, "a scale under 1000");
	run_free(&r);
	RUN(&r, NULL, "demo", "--db", db, "--logins", logins, "--scale", "3000");
	EXPECT_RC(&r, 0, "demo --scale 3000");
	run_free(&r);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM opinions"), 3000);
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM problems"), 900);
	assert_int_equal(
		sql_int(db, "SELECT COUNT(*) FROM units WHERE kind IN ('department','street')"),
		300);
	/* every merged opinion's problem exists and counts it */
	assert_int_equal(sql_int(db,
				 "SELECT COUNT(*) FROM problems p WHERE opinion_count <>"
				 " (SELECT COUNT(*) FROM opinions o WHERE o.problem_id = p.id)"),
			 0);
	/* Its stages go through the services: each dispatch event says what the API's says,
	 * and declared rectifications have their form 4 reports. */
	assert_true(sql_int(db, "SELECT COUNT(*) FROM events WHERE kind = 'problem.dispatch'") > 0);
	assert_int_equal(
		sql_int(db, "SELECT COUNT(*) FROM events WHERE kind = 'problem.dispatch'"
			    " AND (data NOT LIKE '%\"due_on\"%' OR data NOT LIKE '%\"ack_due_on\"%'"
			    " OR data NOT LIKE '%\"flagged\"%')"),
		0);
	assert_int_equal(
		sql_int(db, "SELECT COUNT(*) FROM problems p WHERE rectified_at IS NOT NULL"
			    " AND NOT EXISTS (SELECT 1 FROM progress g WHERE g.problem_id = p.id"
			    " AND g.done = 1)"),
		0);
	RUN(&r, NULL, "audit", "verify", "--db", db);
	EXPECT_RC(&r, 0, "audit verify of the scale demo");
	run_free(&r);
	RUN(&r, NULL, "export", "scores", "--db", db, "--campaign", "1", "--level", "point",
	    "--format", "json", "--out", out);
	EXPECT_RC(&r, 0, "export scores at the point level");
	run_free(&r);
	char *json = read_file(out);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"sheets\""));
	free(json);
}

/* ================= serve ================= */

static size_t sink(char *p, size_t size, size_t n, void *arg)
{
	struct {
		char buf[512];
		size_t len;
	} *b = arg;
	size_t k = size * n;
	size_t room = sizeof b->buf - 1 - b->len;
	size_t c = k < room ? k : room;
	memcpy(b->buf + b->len, p, c);
	b->len += c;
	b->buf[b->len] = '\0';
	return k;
}

static void test_serve(void **state)
{
	(void)state;
	char db[256], port_file[256], out[256], err[256];
	init_db(db, sizeof db);
	tmp_path(port_file, sizeof port_file, "port");
	tmp_path(out, sizeof out, "serve.out");
	tmp_path(err, sizeof err, "serve.err");
	const char *args[] = {"serve",       "--db",        db,        "--listen",
			      "127.0.0.1:0", "--port-file", port_file, NULL};
	pid_t pid = spawn(args, NULL, out, err);
	int port = 0, st = 0, exited = 0;
	for (int i = 0; i < 1500 && port == 0; i++) {
		char *text = read_file(port_file);
		port = atoi(text);
		free(text);
		if (port == 0) {
			if (waitpid(pid, &st, WNOHANG) == pid) {
				exited = 1;
				break;
			}
			msleep(10);
		}
	}
	if (port <= 0 || port > 65535) {
		if (!exited) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
		}
		char *e = read_file(err);
		char msg[1024];
		snprintf(msg, sizeof msg, "%s", e);
		free(e);
		fail_msg("serve wrote no port within 15 s (exit %d): %s", exit_code(st), msg);
	}

	struct {
		char buf[512];
		size_t len;
	} body = {{0}, 0};
	char url[128];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/api/v1/healthz", port);
	CURL *curl = curl_easy_init();
	assert_non_null(curl);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	CURLcode cc = curl_easy_perform(curl);
	long status = 0;
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(curl);

	kill(pid, SIGTERM);
	int done = wait_for(pid, &st, 15000);
	if (!done) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	assert_int_equal(cc, CURLE_OK);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body.buf, "\"ok\""));
	if (!done)
		fail_msg("serve did not stop within 15 s of SIGTERM");
	if (exit_code(st) != 0) {
		char *e = read_file(err);
		char msg[2048];
		snprintf(msg, sizeof msg, "%s", e);
		free(e);
		fail_msg("serve exited with %d after SIGTERM (signal %d):\n%s", exit_code(st),
			 WIFSIGNALED(st) ? WTERMSIG(st) : 0, msg);
	}
}

static void test_serve_bad_listen(void **state)
{
	(void)state;
	char db[256];
	init_db(db, sizeof db);
	static const char *const bad[] = {"bad", "127.0.0.1:99999", "127.0.0.1:", ":8080",
					  "127.0.0.1:80x"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct run r = {0};
		/* A server that starts anyway is stopped after 3 s, and the case fails. */
		run_argv_ms(&r, NULL,
			    (const char *const[]){"serve", "--db", db, "--listen", bad[i], NULL},
			    3000);
		char what[96];
		snprintf(what, sizeof what, "serve --listen %s", bad[i]);
		EXPECT_RC(&r, 2, what);
		run_free(&r);
	}
}

/* ================= the suite ================= */

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(g_dir, sizeof g_dir, "/tmp/wbcli.XXXXXX");
	if (mkdtemp(g_dir) == NULL)
		return -1;
	if (access(bin(), X_OK) != 0) {
		fprintf(stderr, "cannot run %s (set WUBIAO_BIN)\n", bin());
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (getenv("WUBIAO_KEEP_TMP") == NULL)
		nftw(g_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

/* ---- the survey, offline ---- */

/* Write @p text to a fresh file named @p name; its path into @p path. */
static void survey_file(char *path, size_t n, const char *name, const char *text)
{
	tmp_path(path, n, name);
	write_file(path, text, strlen(text));
}

/* A frame: D01 of 12 people in two strata, S02 of 5. With a BOM, as Excel saves it. */
static void survey_frame(char *path, size_t n)
{
	char text[2048] = "\xEF\xBB\xBFrespondent_id,unit_code,stratum,phone\n";
	for (int i = 1; i <= 12; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text),
			 "p%02d,D01,%s,1390000%04d\n", i, i % 2 ? "党员" : "群众", i);
	for (int i = 1; i <= 5; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text), "q%d,S02,服务对象,\n", i);
	survey_file(path, n, "frame.csv", text);
}

static void test_survey_design(void **state)
{
	(void)state;
	/* 1000 people in A and 50 in B: 278 and 45 at ±5%; 517 and 48 at ±3% */
	static char text[32768];
	strcpy(text, "unit_code,respondent_id\n");
	for (int i = 0; i < 1050; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text), "%s,id%d\n",
			 i < 50 ? "B" : "A", i);
	char frame[256];
	survey_file(frame, sizeof frame, "frame.csv", text);
	struct run r;
	RUN(&r, NULL, "survey", "design", "--frame", frame, "--margin", "0.05");
	EXPECT_RC(&r, 0, "survey design");
	CHECK_RUN(&r, strcmp(r.out, "unit_code,N,n\nA,1000,278\nB,50,45\n") == 0, "±5%");
	run_free(&r);
	RUN(&r, NULL, "survey", "design", "--frame", frame, "--margin", "0.03");
	CHECK_RUN(&r, strcmp(r.out, "unit_code,N,n\nA,1000,517\nB,50,48\n") == 0, "±3%");
	run_free(&r);
	/* ⌈max(278, 300) / 0.75⌉ = 400; B has only 50 */
	RUN(&r, NULL, "survey", "design", "--frame", frame, "--margin", "0.05", "--min-n", "300",
	    "--response-rate", "0.75");
	CHECK_RUN(&r, strcmp(r.out, "unit_code,N,n\nA,1000,400\nB,50,50\n") == 0,
		  "minimum and response rate");
	run_free(&r);
	RUN(&r, NULL, "survey", "design", "--frame", frame, "--confidence", "1");
	EXPECT_RC(&r, 2, "a confidence of 1");
	CHECK_RUN(&r, strstr(r.err, "--confidence") != NULL, "names the option");
	run_free(&r);
}

static void test_survey_draw(void **state)
{
	(void)state;
	char frame[256], design[256];
	survey_frame(frame, sizeof frame);
	survey_file(design, sizeof design, "design.csv", "unit_code,N,n\nS02,5,5\nD01,12,4\n");
	/* computed by Python's hashlib from the algorithm in docs/survey.md */
	static const char want[] = "unit_code,respondent_id\nD01,p01\nD01,p08\nD01,p06\nD01,p03\n"
				   "S02,q1\nS02,q4\nS02,q3\nS02,q5\nS02,q2\n";
	struct run r, r2;
	RUN(&r, NULL, "survey", "draw", "--frame", frame, "--design", design, "--seed",
	    "c0ffee00112233445566778899aabbcc");
	EXPECT_RC(&r, 0, "survey draw");
	CHECK_RUN(&r, strcmp(r.out, want) == 0, "the reference sample");
	RUN(&r2, NULL, "survey", "draw", "--frame", frame, "--design", design, "--seed",
	    "C0FFEE00112233445566778899AABBCC");
	int same = strcmp(r.out, r2.out) == 0;
	run_free(&r2);
	CHECK_RUN(&r, same, "the same seed in capitals gives the same bytes");
	run_free(&r);
	RUN(&r, NULL, "survey", "draw", "--frame", frame, "--design", design, "--seed",
	    "c0ffee00112233445566778899aabbcd");
	CHECK_RUN(&r, r.rc == 0 && strcmp(r.out, want) != 0, "another seed, another sample");
	run_free(&r);
	/* a design not made from this frame */
	survey_file(design, sizeof design, "design.csv", "unit_code,N,n\nD01,13,4\nS02,5,5\n");
	RUN(&r, NULL, "survey", "draw", "--frame", frame, "--design", design, "--seed", "00");
	EXPECT_RC(&r, 1, "a wrong N");
	CHECK_RUN(&r, r.out[0] == '\0', "prints no result");
	CHECK_RUN(&r, strstr(r.err, ":2: unit D01 has N 13") != NULL, "FILE:LINE: message");
	run_free(&r);
	survey_file(design, sizeof design, "design.csv", "unit_code,N,n\nD01,12,13\nS02,5,5\n");
	RUN(&r, NULL, "survey", "draw", "--frame", frame, "--design", design, "--seed", "00");
	CHECK_RUN(&r, r.rc == 1 && strstr(r.err, ":2: n (13) is larger than N (12)"), "n > N");
	run_free(&r);
	RUN(&r, NULL, "survey", "draw", "--frame", frame, "--design", design, "--seed", "xyz");
	EXPECT_RC(&r, 2, "a seed that is not hex");
	run_free(&r);
}

static void test_survey_frame_errors(void **state)
{
	(void)state;
	char frame[256];
	survey_file(frame, sizeof frame, "frame.csv",
		    "unit_code,respondent_id\nA,1\nA,2\n,3\nB,2\nB,\"4\n");
	struct run r;
	RUN(&r, NULL, "survey", "design", "--frame", frame);
	EXPECT_RC(&r, 1, "a bad frame");
	CHECK_RUN(&r, r.out[0] == '\0', "prints no result");
	CHECK_RUN(&r, strstr(r.err, "frame.csv:4: unit_code is empty") != NULL, "an empty unit");
	CHECK_RUN(&r, strstr(r.err, "frame.csv:6: malformed CSV (a quote is never closed)") != NULL,
		  "an open quote");
	run_free(&r);
	survey_file(frame, sizeof frame, "frame.csv", "unit_code,respondent_id\nA,1\nA,2\nB,2\n");
	RUN(&r, NULL, "survey", "design", "--frame", frame);
	CHECK_RUN(&r, r.rc == 1 && strstr(r.err, "frame.csv:4: respondent_id 2 appears twice"),
		  "a respondent twice, named");
	run_free(&r);
	survey_file(frame, sizeof frame, "frame.csv", "unit,respondent_id\nA,1\n");
	RUN(&r, NULL, "survey", "design", "--frame", frame);
	CHECK_RUN(&r, r.rc == 1 && strstr(r.err, "frame.csv:1: the header has no column unit_code"),
		  "a missing column");
	run_free(&r);
}

static void test_survey_estimate(void **state)
{
	(void)state;
	char frame[256], resp[256];
	survey_file(frame, sizeof frame, "frame.csv",
		    "unit_code,respondent_id,stratum\nA,a1,P\nA,a2,P\nA,a3,P\nA,a4,Q\nA,a5,Q\n"
		    "A,a6,Q\nA,a7,Q\n");
	survey_file(resp, sizeof resp, "responses.csv",
		    "\xEF\xBB\xBFunit_code,respondent_id,stratum,dimension,answer\n"
		    "A,a1,P,conduct,满意\nA,a2,P,conduct,不满意\nA,a3,,行风,基本满意\n"
		    "A,a4,Q,conduct,unaware\nA,a5,Q,conduct,satisfied\nA,a6,Q,conduct,unsatisfied\n"
		    "A,a1,P,效能,满意\n");
	/*
	 * conduct: 5 valid, 3 content: 0.6, Wilson 0.2307–0.8824; score (100+55+75+100+55)/5
	 * = 77. Weighted: P (N 3) 2/3 of 3, Q (N 4) 1/2 of 2: 3/7·2/3 + 4/7·1/2 = 0.5714;
	 * var = (4/7)²·(1 − 2/4)·0.25/1 = 0.040816, ±1.96·0.20203 → 0.1755, 0.9674 (P was
	 * drawn whole). efficiency: one answer; one stratum with one answer: no weighting.
	 */
	struct run r;
	RUN(&r, NULL, "survey", "estimate", "--responses", resp, "--frame", frame);
	EXPECT_RC(&r, 0, "survey estimate");
	CHECK_RUN(&r,
		  strcmp(r.out, "unit_code,dimension,n,n_unaware,n_valid,rate,low,high,score,"
				"rate_weighted,low_weighted,high_weighted\n"
				"A,conduct,6,1,5,0.6000,0.2307,0.8824,77.00,0.5714,0.1755,0.9674\n"
				"A,efficiency,1,0,1,1.0000,0.2065,1.0000,100.00,,,\n") == 0,
		  "the worked example");
	run_free(&r);
	RUN(&r, NULL, "survey", "estimate", "--responses", resp, "--scale", "100,70,30");
	CHECK_RUN(&r, strstr(r.out, "A,conduct,6,1,5,0.6000,0.2307,0.8824,66.00,,,\n") != NULL,
		  "another scale, no frame: (100 + 30 + 70 + 100 + 30) / 5 = 66");
	run_free(&r);
	survey_file(resp, sizeof resp, "responses.csv",
		    "unit_code,respondent_id,stratum,dimension,answer\nA,a1,P,conduct,满意\n"
		    "A,a9,P,conduct,满意\nA,a1,P,conduct,不满意\nA,a2,X,conduct,满意\n"
		    "A,a3,P,作风,good\n");
	RUN(&r, NULL, "survey", "estimate", "--responses", resp, "--frame", frame);
	EXPECT_RC(&r, 1, "bad responses");
	CHECK_RUN(&r, r.out[0] == '\0', "prints no result");
	CHECK_RUN(&r, strstr(r.err, "responses.csv:6: dimension must be") != NULL, "a dimension");
	CHECK_RUN(&r, strstr(r.err, "responses.csv:6: answer must be") != NULL, "an answer");
	run_free(&r);
	survey_file(resp, sizeof resp, "responses.csv",
		    "unit_code,respondent_id,stratum,dimension,answer\nA,a1,P,conduct,满意\n"
		    "A,a9,P,conduct,满意\nA,a1,P,conduct,不满意\nA,a2,Q,conduct,满意\n");
	RUN(&r, NULL, "survey", "estimate", "--responses", resp, "--frame", frame);
	CHECK_RUN(&r,
		  r.rc == 1 && strstr(r.err, "responses.csv:4: respondent a1 of unit A "
					     "answered conduct twice (also on line 2)"),
		  "an answer twice");
	run_free(&r);
	survey_file(resp, sizeof resp, "responses.csv",
		    "unit_code,respondent_id,stratum,dimension,answer\nA,a9,P,conduct,满意\n"
		    "A,a2,Q,conduct,满意\n");
	RUN(&r, NULL, "survey", "estimate", "--responses", resp, "--frame", frame);
	CHECK_RUN(&r,
		  r.rc == 1 &&
			  strstr(r.err, "responses.csv:2: respondent a9 of unit A is not "
					"in the frame") &&
			  strstr(r.err, "responses.csv:3: stratum Q differs from the frame's (P)"),
		  "people the frame does not hold");
	run_free(&r);
}

#define T(f)                                                                                       \
	{                                                                                          \
#f, f, NULL, NULL, NULL                                                            \
	}
#define TS(name, f, st)                                                                            \
	{                                                                                          \
		name, f, NULL, NULL, (void *)(st)                                                  \
	}

static const char *const no_db_init[] = {"init", NULL};
static const char *const no_db_serve[] = {"serve", "--listen", "127.0.0.1:0", NULL};
static const char *const no_db_user[] = {"user",   "add",   "--username",       "abc",
					 "--role", "admin", "--password-stdin", NULL};
static const char *const no_db_calendar[] = {"calendar", "import", "holidays.csv", NULL};
static const char *const no_db_audit[] = {"audit", "verify", NULL};
static const char *const no_db_config_show[] = {"config", "show", NULL};
static const char *const no_db_config_set[] = {"config", "set", "session_hours", "8", NULL};
static const char *const no_db_demo[] = {"demo", NULL};

/* ================= migrate ================= */

/* Export form @p form of campaign 1 from @p db as CSV. @return the file's text */
static char *export_form(const char *db, const char *form, const char *name)
{
	char out[256];
	tmp_path(out, sizeof out, name);
	struct run r = {0};
	RUN(&r, NULL, "export", "forms", "--db", db, "--campaign", "1", "--form", form, "--format",
	    "csv", "--out", out);
	EXPECT_RC(&r, 0, "export forms");
	run_free(&r);
	return read_file(out);
}

/*
 * The demo district's SQLite file copied into an empty database (a fresh PostgreSQL one
 * in the [pg] run, another file otherwise): every table's rows, the audit chain intact,
 * the five forms identical to the last byte, ids going on after the copied ones, and a
 * target that already holds data refused.
 */
static void test_migrate(void **state)
{
	(void)state;
	char src[256], dst[256], logins[256];
	tmp_path(src, sizeof src, "migrate-src.db");
	tmp_path(logins, sizeof logins, "migrate-logins.txt");
	struct run r = {0};
	RUN(&r, NULL, "demo", "--db", src, "--logins", logins);
	EXPECT_RC(&r, 0, "demo");
	run_free(&r);
	fresh_db(dst, sizeof dst, "migrate-dst.db");

	RUN(&r, NULL, "migrate", "--from", src, "--to", dst);
	EXPECT_RC(&r, 0, "migrate");
	CHECK_RUN(&r, strstr(r.out, "audit log of the copy intact") != NULL,
		  "migrate reports the verified chain");
	run_free(&r);

	static const char *const tables[] = {
		"settings",    "calendar",  "units",        "users",          "sessions",
		"campaigns",   "phases",    "problems",     "opinions",       "progress",
		"evaluations", "bulletins", "schemes",      "accountability", "events",
		"people",      "faults",    "fault_people", "first_contacts"};
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
		char sql[96];
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", tables[i]);
		int64_t a = sql_int(src, sql), b = sql_int(dst, sql);
		if (a != b)
			fail_msg("%s: %lld rows in the source, %lld in the copy", tables[i],
				 (long long)a, (long long)b);
	}
	assert_true(sql_int(src, "SELECT COUNT(*) FROM events") > 500);
	/* the demo fills the registers: they travel too */
	assert_true(sql_int(src, "SELECT COUNT(*) FROM faults") > 0);
	assert_true(sql_int(src, "SELECT COUNT(*) FROM first_contacts") > 0);
	assert_int_equal(sql_int(src, "SELECT MAX(id) FROM events"),
			 sql_int(dst, "SELECT MAX(id) FROM events"));

	/* The forms read back the same texts, dates, times and counts from either engine. */
	static const char *const forms[] = {"1", "2", "3", "4", "5"};
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		char na[32], nb[32];
		snprintf(na, sizeof na, "form%s-src.csv", forms[i]);
		snprintf(nb, sizeof nb, "form%s-dst.csv", forms[i]);
		char *a = export_form(src, forms[i], na), *b = export_form(dst, forms[i], nb);
		assert_true(strlen(a) > 100);
		if (strcmp(a, b) != 0)
			fail_msg("form %s differs after the copy:\n%.600s\n---\n%.600s", forms[i],
				 a, b);
		free(a);
		free(b);
	}

	RUN(&r, NULL, "audit", "verify", "--db", dst);
	EXPECT_RC(&r, 0, "audit verify on the copy");
	run_free(&r);

	/* New rows go on after the copied ids, and their events extend the copied chain. */
	int64_t users = sql_int(dst, "SELECT MAX(id) FROM users");
	RUN(&r, PASSWORD "\n", "user", "add", "--db", dst, "--username", "after_copy", "--role",
	    "admin", "--password-stdin");
	EXPECT_RC(&r, 0, "user add on the copy");
	run_free(&r);
	assert_int_equal(sql_int(dst, "SELECT MAX(id) FROM users"), users + 1);
	RUN(&r, NULL, "audit", "verify", "--db", dst);
	EXPECT_RC(&r, 0, "audit verify after a write on the copy");
	run_free(&r);

	/* A target with data is refused and left as it was. */
	int64_t events = sql_int(dst, "SELECT COUNT(*) FROM events");
	RUN(&r, NULL, "migrate", "--from", src, "--to", dst);
	EXPECT_RC(&r, 1, "migrate into a database with data");
	run_free(&r);
	assert_int_equal(sql_int(dst, "SELECT COUNT(*) FROM events"), events);

	/* A row PostgreSQL cannot take (SQLite keeps text in an integer column) fails the copy
	 * as a whole, late in the pipelined loads, and leaves the target empty. */
	if (tpg_enabled()) {
		char dst2[256];
		fresh_db(dst2, sizeof dst2, "migrate-dst2.db");
		sql_exec(src, "UPDATE opinions SET received_at = 'not a time'"
			      " WHERE id = (SELECT MAX(id) FROM opinions)");
		RUN(&r, NULL, "migrate", "--from", src, "--to", dst2);
		EXPECT_RC(&r, 1, "migrate of a row the target refuses");
		run_free(&r);
		assert_int_equal(sql_int(dst2, "SELECT COUNT(*) FROM units"), 0);
		assert_int_equal(sql_int(dst2, "SELECT COUNT(*) FROM events"), 0);
	}
}

/* ---- annual targets ---- */

/* Departments D1, D2, D3 and streets S1, S2 under a station, made through the services. */
static void target_units(const char *db)
{
	int64_t office;
	int64_t sid = add_units(db, 1, &office);
	struct store *st = NULL;
	assert_int_equal(store_open(db, &st), 0);
	struct arena a = ARENA_INIT;
	struct svc_ctx c;
	assert_int_equal(svc_ctx_init(&c, st, &a, 1772413200), 0);
	c.who = (struct wb_actor){.role = ROLE_ADMIN};
	static const char *const codes[] = {"D1", "D2", "D3", "S1", "S2"};
	static const char *const names[] = {"区住建局", "区市场监管局", "区人社局", "城关街道",
					    "城西街道"};
	for (int i = 0; i < 5; i++) {
		struct wb_unit u = {.name = names[i],
				    .kind = i < 3 ? UK_DEPARTMENT : UK_STREET,
				    .station_id = sid,
				    .code = codes[i]};
		int64_t id;
		assert_int_equal(svc_unit_create(&c, &u, &id), 0);
	}
	store_close(st);
	arena_release(&a);
}

static const char target_items[] = "\xEF\xBB\xBFunit_code,code,name,card,points,rule,target\n"
				   "D1,A1,项目开工率,1,60,ratio,100\n"
				   "D1,A2,投诉件数,1,20,inverse,5\n"
				   "D1,A3,党风廉政,1,20,deduct,\n"
				   "D2,B1,审批办结数,1,100,ratio,10\n"
				   "D3,C1,共性目标,1,50,deduct,\n"
				   "D3,C2,作风评议,1,50,workstyle,\n"
				   "S1,X1,实绩,1,100,ratio,10\n"
				   "S1,X2,过程,2,100,deduct,\n"
				   "S2,Y1,实绩,1,100,ratio,10\n"
				   "S2,Y2,过程,2,100,deduct,\n";

/* Import @p text as --@p kind for 2026. @return the run (the caller frees) */
static void targets_import(struct run *r, const char *db, const char *kind, const char *text)
{
	char path[256];
	tmp_path(path, sizeof path, "targets.csv");
	write_file(path, text, strlen(text));
	char opt[32];
	snprintf(opt, sizeof opt, "--%s", kind);
	RUN(r, NULL, "targets", "import", "--db", db, "--year", "2026", opt, path);
}

/* A bad file: exit 1, each error named by its line, nothing changed. */
static void refused(const char *db, const char *kind, const char *text, const char *line,
		    const char *says, const char *count_sql, int64_t count)
{
	struct run r;
	targets_import(&r, db, kind, text);
	EXPECT_RC(&r, 1, says);
	CHECK_RUN(&r, strstr(r.err, line) != NULL, line);
	CHECK_RUN(&r, strstr(r.err, says) != NULL, says);
	run_free(&r);
	assert_int_equal(sql_int(db, count_sql), count);
}

static void test_targets(void **state)
{
	(void)state;
	char db[512];
	init_db(db, sizeof db);
	target_units(db);
	static const char items_n[] = "SELECT COUNT(*) FROM target_items WHERE year = 2026";
	static const char results_n[] = "SELECT COUNT(*) FROM target_results WHERE year = 2026";
	static const char adjust_n[] = "SELECT COUNT(*) FROM target_adjustments WHERE year = 2026";
	/* items: every bad row named, nothing kept */
	static const char head[] = "unit_code,code,name,card,points,rule,target\n";
	char bad[1024];
	snprintf(bad, sizeof bad, "%sD9,A1,x,1,100,ratio,1\n", head);
	refused(db, "items", bad, ":2: ", "no department or street has the code D9", items_n, 0);
	snprintf(bad, sizeof bad, "%sD1,A1,x,1,60,ratio,1\nD1,A2,y,2,40,ratio,1\n", head);
	refused(db, "items", bad, ":3: ", "D1 is a department: it has card 1 only", items_n, 0);
	snprintf(bad, sizeof bad, "%sD1,A1,x,1,60,ratio,1\nD1,A2,y,1,35,deduct,\n", head);
	refused(db, "items", bad, ":2: ", "the points of D1's card 1 sum to 95.000, not 100",
		items_n, 0);
	snprintf(bad, sizeof bad, "%sS1,X1,x,1,100,ratio,1\n", head);
	refused(db, "items", bad, ":2: ", "the points of S1's card 2 sum to 0.000, not 100",
		items_n, 0);
	snprintf(bad, sizeof bad, "%sD1,A1,x,1,100,average,1\n", head);
	refused(db, "items", bad, ":2: ", "rule must be ratio, inverse, deduct or workstyle",
		items_n, 0);
	snprintf(bad, sizeof bad, "%sD1,A1,x,1,100,ratio,\n", head);
	refused(db, "items", bad, ":2: ", "a ratio item needs a target above 0", items_n, 0);
	snprintf(bad, sizeof bad, "%sD1,A1,x,1,50,ratio,1\nD1,A1,y,1,50,ratio,1\n", head);
	refused(db, "items", bad, ":3: ", "unit D1 has item A1 twice (also on line 2)", items_n, 0);
	snprintf(bad, sizeof bad, "%sD1,A1,x,1,1e2,ratio,1\n", head);
	refused(db, "items", bad, ":2: ", "points '1e2' is not a number", items_n, 0);
	refused(db, "items", "unit_code,code,name,card,points,rule\nD1,A1,x,1,100,ratio\n",
		":1: ", "the header has no column target", items_n, 0);
	/* the good file */
	struct run r;
	targets_import(&r, db, "items", target_items);
	EXPECT_RC(&r, 0, "the items");
	run_free(&r);
	assert_int_equal(sql_int(db, items_n), 10);
	/* a bad file later keeps the good one */
	snprintf(bad, sizeof bad, "%sD1,A1,x,1,50,ratio,1\n", head);
	refused(db, "items", bad, ":2: ", "the points of D1's card 1 sum to 50.000", items_n, 10);

	/* results */
	static const char rhead[] = "unit_code,code,actual,deduction\n";
	snprintf(bad, sizeof bad, "%sD1,Z9,1,\n", rhead);
	refused(db, "results", bad, ":2: ", "D1 has no item Z9 in 2026", results_n, 0);
	snprintf(bad, sizeof bad, "%sD3,C2,90,\n", rhead);
	refused(db, "results", bad, ":2: ", "scored from the year's work-style figures", results_n,
		0);
	snprintf(bad, sizeof bad, "%sD1,A3,5,\n", rhead);
	refused(db, "results", bad, ":2: ", "A3 of D1 is a deduct item: give its deduction",
		results_n, 0);
	snprintf(bad, sizeof bad, "%sD1,A1,-1,\n", rhead);
	refused(db, "results", bad, ":2: ", "actual and deduction must be at least 0", results_n,
		0);
	targets_import(&r, db, "results",
		       "unit_code,code,actual,deduction\n"
		       "D1,A1,80,\nD1,A2,10,\nD1,A3,,4.5\nD2,B1,12,\nD3,C1,,0\n"
		       "S1,X1,8,\nS1,X2,,10\nS2,Y1,10,\nS2,Y2,,30\n");
	EXPECT_RC(&r, 0, "the results");
	run_free(&r);
	assert_int_equal(sql_int(db, results_n), 9);

	/* adjustments */
	static const char ahead[] = "unit_code,kind,level,event\n";
	snprintf(bad, sizeof bad, "%sD1,veto,city,事故\n", ahead);
	refused(db, "adjust", bad, ":2: ", "a veto has no level", adjust_n, 0);
	snprintf(bad, sizeof bad, "%sD1,add,,表彰\n", ahead);
	refused(db, "adjust", bad, ":2: ", "an add needs a level", adjust_n, 0);
	snprintf(bad, sizeof bad, "%sD1,bonus,city,表彰\n", ahead);
	refused(db, "adjust", bad, ":2: ", "kind must be add, subtract or veto", adjust_n, 0);
	targets_import(&r, db, "adjust",
		       "unit_code,kind,level,event\n"
		       "D1,add,city,市级文明单位\nD1,add,province,市级文明单位\n"
		       "D1,subtract,district,区通报批评\nD2,veto,,安全生产事故\n");
	EXPECT_RC(&r, 0, "the adjustments");
	run_free(&r);

	/* the sheet: D1 48 + 10 + 15.5 = 73.5, + 0.75 (the province's, once) − 0.375;
	 * D2 vetoed after the others; D3 50 (no campaign: the work-style item scores 0);
	 * the streets' cards averaged, tied */
	RUN(&r, NULL, "targets", "assess", "--db", db, "--year", "2026");
	EXPECT_RC(&r, 0, "assess");
	static const char want[] =
		"unit_code,kind,card1,card2,base,adds,subtracts,total,grade,rank\n"
		"D1,department,73.50,,73.50,0.75,0.38,73.88,合格,1\n"
		"D3,department,50.00,,50.00,0.00,0.00,50.00,不合格,2\n"
		"D2,department,100.00,,100.00,0.00,0.00,100.00,不合格,3\n"
		"S1,street,80.00,90.00,85.00,0.00,0.00,85.00,良好,1\n"
		"S2,street,100.00,70.00,85.00,0.00,0.00,85.00,良好,1\n";
	CHECK_RUN(&r, strcmp(r.out, want) == 0, "the assessment sheet");
	run_free(&r);
	/* each import is in the audit chain, which still verifies */
	assert_int_equal(sql_int(db, "SELECT COUNT(*) FROM events WHERE kind = 'targets.import'"),
			 3);
	RUN(&r, NULL, "audit", "verify", "--db", db);
	EXPECT_RC(&r, 0, "audit verify");
	run_free(&r);
	RUN(&r, NULL, "targets", "assess", "--db", db, "--year", "1999");
	EXPECT_RC(&r, 2, "a year out of range");
	run_free(&r);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	wb_log_set_level(WB_LOG_ERR);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		T(test_no_args),
		T(test_unknown_command),
		TS("test_help init", test_help, "init"),
		TS("test_help serve", test_help, "serve"),
		TS("test_help demo", test_help, "demo"),
		TS("test_help user", test_help, "user"),
		TS("test_help calendar", test_help, "calendar"),
		TS("test_help audit", test_help, "audit"),
		TS("test_help config", test_help, "config"),
		T(test_unknown_option),
		T(test_init_calendars),
		T(test_bad_numbers),
		TS("test_missing_db init", test_missing_db, no_db_init),
		TS("test_missing_db serve", test_missing_db, no_db_serve),
		TS("test_missing_db user add", test_missing_db, no_db_user),
		TS("test_missing_db calendar import", test_missing_db, no_db_calendar),
		TS("test_missing_db audit verify", test_missing_db, no_db_audit),
		TS("test_missing_db config show", test_missing_db, no_db_config_show),
		TS("test_missing_db config set", test_missing_db, no_db_config_set),
		TS("test_missing_db demo", test_missing_db, no_db_demo),
		T(test_init),
		T(test_user_add),
		T(test_user_add_bad_role),
		T(test_user_add_short_password),
		T(test_user_add_station_needs_unit),
		T(test_calendar_import),
		TS("test_calendar_import_bad date", test_calendar_import_bad, "2026-02-30,holiday"),
		TS("test_calendar_import_bad holiday on a Saturday", test_calendar_import_bad,
		   "2026-04-04,holiday"),
		TS("test_calendar_import_bad kind", test_calendar_import_bad,
		   "2026-05-04,vacation"),
		T(test_audit_verify),
		T(test_audit_verify_deleted),
		T(test_config),
		T(test_demo_refuses_existing),
		T(test_demo_scale),
		T(test_demo_seeds),
		T(test_serve),
		T(test_serve_bad_listen),
		T(test_migrate),
		TS("test_help survey", test_help, "survey"),
		T(test_survey_design),
		T(test_survey_draw),
		T(test_survey_frame_errors),
		T(test_survey_estimate),
		TS("test_help targets", test_help, "targets"),
		T(test_targets),
	};
	int rc = cmocka_run_group_tests(tests, group_setup, group_teardown);
	curl_global_cleanup();
	return rc;
}
