/*
 * store_backup(): the copy holds what was committed, a second backup replaces an older
 * copy in place, a bad destination is an error, and a driver without the op answers
 * WB_ERR_UNSUPPORTED instead of crashing, as the PostgreSQL driver does (the run with
 * WUBIAO_TEST_PG checks that alone). (Backup under write load, through the CLI and a
 * running server, is tests/crash/backup.mjs.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/core/date.h"
#include "../../src/store/store_int.h"
#include "../../src/util/err.h"
#include "../../src/util/log.h"
#include "../pg/pg_fixture.h"

struct fx {
	char dir[64], db[128], copy[128];
	struct store *st;
	struct arena a;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/wbbackup.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->db, sizeof f->db, "%s/live.db", f->dir);
	snprintf(f->copy, sizeof f->copy, "%s/copy.db", f->dir);
	if (store_open(f->db, &f->st) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->st);
	arena_release(&f->a);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static wb_date day(const char *s)
{
	wb_date d;
	assert_int_equal(wb_date_parse(s, &d), 0);
	return d;
}

/* @return the number of holidays in 2026 that @p path holds */
static size_t holidays_in(struct fx *f, const char *path)
{
	struct store *st;
	assert_int_equal(store_open(path, &st), 0);
	struct wb_calendar cal;
	assert_true(store_calendar_load(st, day("2026-01-01"), day("2026-12-31"), &f->a, &cal) >=
		    0);
	store_close(st);
	return cal.nholidays;
}

static void test_copy_and_replace(void **state)
{
	struct fx *f = *state;
	assert_true(store_calendar_put(f->st, day("2026-10-01"), 0) >= 0);
	assert_int_equal(store_backup(f->st, f->copy), 0);
	assert_int_equal(holidays_in(f, f->copy), 1);
	/* Names and phones are in the copy too: readable by its owner only. */
	struct stat sb;
	assert_int_equal(stat(f->copy, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* A later backup over the older copy replaces it. */
	assert_true(store_calendar_put(f->st, day("2026-10-02"), 0) >= 0);
	assert_int_equal(store_backup(f->st, f->copy), 0);
	assert_int_equal(holidays_in(f, f->copy), 2);
	/* The source is untouched. */
	assert_int_equal(holidays_in(f, f->db), 2);
}

static void test_bad_destination(void **state)
{
	struct fx *f = *state;
	char bad[160];
	snprintf(bad, sizeof bad, "%s/no/such/dir/copy.db", f->dir);
	assert_true(store_backup(f->st, bad) < 0);
	/* A file that is not a database is refused, not overwritten. */
	FILE *fp = fopen(f->copy, "w");
	assert_non_null(fp);
	fputs("this is not a database, it is a letter\n", fp);
	fclose(fp);
	assert_true(store_backup(f->st, f->copy) < 0);
}

static void test_unsupported(void **state)
{
	struct fx *f = *state;
	struct store_driver without = *f->st->drv;
	without.backup_to = NULL;
	const struct store_driver *real = f->st->drv;
	f->st->drv = &without;
	int rc = store_backup(f->st, f->copy);
	f->st->drv = real;
	assert_int_equal(rc, WB_ERR_UNSUPPORTED);
	assert_int_equal(access(f->copy, F_OK), -1);
}

/* On PostgreSQL (WUBIAO_TEST_PG): the driver has no online file copy and says so. */
static void test_pg_unsupported(void **state)
{
	(void)state;
	char uri[512];
	assert_int_equal(tpg_new_db(uri, sizeof uri), 0);
	struct store *st;
	assert_int_equal(store_open(uri, &st), 0);
	char path[] = "/tmp/wbbackup-pg.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	assert_int_equal(store_backup(st, path), WB_ERR_UNSUPPORTED);
	assert_int_equal(access(path, F_OK), -1);
	store_close(st);
}

int main(void)
{
	wb_log_set_level(WB_LOG_ERR);
	if (tpg_enabled()) {
		const struct CMUnitTest pg[] = {cmocka_unit_test(test_pg_unsupported)};
		return cmocka_run_group_tests(pg, NULL, NULL);
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_copy_and_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_destination, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsupported, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
