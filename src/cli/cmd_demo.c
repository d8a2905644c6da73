/*
 * wubiao demo: fill an empty database with a demo district and one campaign's history.
 *
 * Everything is written through the services, acting as the demo user of each role with
 * the clock set to the moment each step happened, so every record has its audit event
 * and the log reads like the campaign did. The history is planned first (a PRNG seeded
 * by --seed makes the choices), then the planned steps are sorted by time and played.
 * Receipts and passwords are random.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/err.h"
#include "demo.h"
#include "demo_int.h"

static int count_unit(void *arg, const struct wb_unit *u)
{
	(void)u;
	++*(int *)arg;
	return 0;
}

static int database_is_empty(struct store *st)
{
	int n = 0;
	struct store_unit_filter f = {.kind = -1, .limit = 1};
	int rc = store_unit_list(st, &f, count_unit, &n);
	return rc < 0 ? rc : n == 0;
}

int cmd_demo(int argc, char **argv)
{
	const char *db = NULL, *logins_to = NULL, *key = NULL, *pos[1];
	int64_t seed_opt = 1, scale = 0;
	const struct cli_opt opts[] = {
		CLI_DB(db),
		CLI_KEY(key),
		{"logins", CLI_STR, &logins_to, 0, 0, 0, "FILE",
		 "where to write the demo users' passwords (mode 0600); by default demo-logins.txt\n"
		 "      beside the database (for a postgresql:// address, in the working directory)"},
		{"seed", CLI_NUM, &seed_opt, 0, INT64_MAX, 0, "N",
		 "the choices of content; receipts and passwords are random"},
		{"scale", CLI_NUM, &scale, 1000, 10000000, 0, "OPINIONS",
		 "instead, a benchmark district of so many opinions, 30% as many problems,\n"
		 "      300 units; only an admin user is made"},
		{NULL},
	};
	const struct cli_spec spec = {
		"demo", NULL, 0,
		"Fill an empty database with a demo district: the office, 4 stations, 16 points,\n"
		"18 responsible units, demo users of every role and one campaign's history of\n"
		"opinions and problems in every stage, dated up to today (WUBIAO_NOW when set).\n"
		"Refuses a database that already has units.\n",
		opts};
	int npos;
	if (cli_parse(argc, argv, &spec, pos, &npos) < 0)
		return EXIT_USAGE;
	if (cli_key(key) < 0)
		return EXIT_FAIL;
	uint64_t seed = (uint64_t)seed_opt;
	char logins[4096];
	if (logins_to) {
		snprintf(logins, sizeof logins, "%s", logins_to);
	} else {
		/* next to the database file; for a server's address, in the working directory */
		const char *slash = strstr(db, "://") ? NULL : strrchr(db, '/');
		int dirlen = slash ? (int)(slash - db) : 1;
		if (snprintf(logins, sizeof logins, "%.*s/demo-logins.txt", dirlen,
			     slash ? db : ".") >= (int)sizeof logins) {
			fprintf(stderr, "wubiao demo: the database path is too long\n");
			return EXIT_USAGE;
		}
	}

	struct demo *d = xcalloc(1, sizeof *d);
	struct arena a = ARENA_INIT;
	int rc = EXIT_FAIL;
	if (cli_open(db, &d->st, &d->c, &a) < 0) {
		free(d);
		arena_release(&a);
		return EXIT_FAIL;
	}
	int empty = database_is_empty(d->st);
	if (empty <= 0) {
		if (empty == 0)
			fprintf(stderr,
				"wubiao demo: %s already has units; the demo only fills an empty "
				"database\n",
				db);
		else
			fprintf(stderr, "wubiao demo: cannot read the units of %s\n", db);
		goto out;
	}
	int fd = open(logins, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || fchmod(fd, 0600) < 0 || (d->logins = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "wubiao demo: cannot write %s: %s\n", logins,
			errno == ELOOP
				? "it is a symbolic link; passwords are not written through one"
				: strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}

	if (scale) {
		long n = scale;
		char pw[17];
		demo_make_password(pw);
		int64_t uid;
		struct wb_user admin = {
			.username = "admin", .display_name = "纠风办管理员", .role = ROLE_ADMIN};
		if (svc_user_create(&d->c, &admin, pw, &uid) < 0 ||
		    fprintf(d->logins, "admin\tadmin\t区纠风办\t%s\n", pw) < 0 ||
		    fclose(d->logins) != 0) {
			d->logins = NULL;
			sodium_memzero(pw, sizeof pw);
			goto broken;
		}
		d->logins = NULL;
		sodium_memzero(pw, sizeof pw);
		if (demo_scale(d->st, &d->c, n, seed) < 0)
			goto broken;
		rc = EXIT_OK;
		goto out;
	}
	d->c.a = &d->scratch;
	d->r.s = seed;
	d->now = cli_now();
	d->plimit = d->now - 600;
	d->today = demo_local_day(d, d->now);
	int y, m, dd;
	wb_date_to_ymd(d->today, &y, &m, &dd);
	/* the campaign running today, with a few months of history behind it */
	d->year = d->today >= wb_date_from_ymd(y, 5, 1) ? y : y - 1;
	d->survey = wb_date_from_ymd(d->year, 2, 20);
	for (int i = 0; i < NUNITS; i++)
		d->unit_user[i] = -1;
	demo_plan_calendar(d);
	d->limit = demo_last_office_moment(d, d->plimit);
	if (demo_setup(d) < 0)
		goto broken;
	demo_plan(d);
	demo_plan_surveys(d);
	demo_plan_targets(d);
	demo_plan_registers(d);
	if (demo_play(d) < 0)
		goto broken;
	if (fclose(d->logins) != 0) {
		d->logins = NULL;
		fprintf(stderr, "wubiao demo: cannot write %s: %s\n", logins, strerror(errno));
		goto broken;
	}
	d->logins = NULL;
	demo_summary(d, db, logins);
	rc = EXIT_OK;
	goto out;
broken:
	fprintf(stderr, "wubiao demo: stopped half way; remove %s and run the demo again\n", db);
out:
	if (d->logins)
		fclose(d->logins);
	store_close(d->st);
	arena_release(&d->keep);
	arena_release(&d->scratch);
	arena_release(&a);
	free(d->ops);
	free(d->probs);
	free(d->steps);
	free(d->sv[0].codes);
	free(d->sv[1].codes);
	free(d);
	return rc;
}
