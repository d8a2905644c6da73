/*
 * libFuzzer target: the calendar CSV import (`wubiao calendar import`), the real reader
 * and its one transaction, on a temporary database. A rejected file must leave the
 * calendar as it was; an accepted one must import no more days than it has lines.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/cli/cli.h"
#include "../src/util/log.h"

static struct {
	struct store *st;
	FILE *devnull;
	char dir[128];
} fz;

static void cleanup(void)
{
	store_close(fz.st);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fz.dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_calendar: cannot remove %s\n", fz.dir);
}

static void init(void)
{
	if (fz.st)
		return;
	if (sodium_init() < 0)
		abort();
	wb_log_set_level(WB_LOG_ERR);
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(fz.dir, sizeof fz.dir, "%s/wubiao-fuzz-XXXXXX", base);
	if (mkdtemp(fz.dir) == NULL)
		abort();
	char db[256];
	snprintf(db, sizeof db, "%s/cal.db", fz.dir);
	if (store_open(db, &fz.st) < 0)
		abort();
	fz.devnull = fopen("/dev/null", "w");
	if (fz.devnull == NULL)
		abort();
	atexit(cleanup);
}

/* A fingerprint of every special day from 1900 to 2199. */
static void calendar_sum(struct arena *a, size_t *n, uint64_t *sum)
{
	struct wb_calendar cal;
	wb_date from, to;
	if (wb_date_parse("1900-01-01", &from) < 0 || wb_date_parse("2199-12-31", &to) < 0 ||
	    store_calendar_load(fz.st, from, to, a, &cal) < 0)
		abort();
	*n = cal.nholidays + cal.nworkdays;
	*sum = 0;
	for (size_t i = 0; i < cal.nholidays; i++)
		*sum = *sum * 31 + (uint64_t)cal.holidays[i];
	for (size_t i = 0; i < cal.nworkdays; i++)
		*sum = *sum * 37 + (uint64_t)cal.workdays[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 256 * 1024)
		return 0;
	init();
	struct arena a = ARENA_INIT;
	struct svc_ctx c;
	if (svc_ctx_init(&c, fz.st, &a, 1772413200 /* 2026-03-02 09:00 +08 */) < 0)
		abort();
	c.who.role = ROLE_ADMIN;
	size_t before_n, after_n;
	uint64_t before, after;
	calendar_sum(&a, &before_n, &before);
	FILE *in = fmemopen((void *)data, size, "r");
	if (in == NULL) { /* glibc refuses an empty buffer */
		arena_release(&a);
		return 0;
	}
	int count = -1;
	int rc = cli_calendar_import(&c, in, fz.devnull, &count);
	fclose(in);
	calendar_sum(&a, &after_n, &after);
	size_t lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (rc < 0 && (after_n != before_n || after != before)) {
		fprintf(stderr, "a rejected calendar file changed the calendar\n");
		abort();
	}
	if (rc == 0 && (count < 0 || (size_t)count > lines)) {
		fprintf(stderr, "imported %d days from %zu lines\n", count, lines);
		abort();
	}
	arena_release(&a);
	return 0;
}
