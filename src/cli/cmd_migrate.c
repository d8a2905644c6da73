/*
 * wubiao migrate: copy a whole database into an empty one, usually a district's SQLite
 * file into PostgreSQL when it moves to several servers. Every row of every table is
 * copied with its id, the audit log event by event with its hashes, in one transaction
 * on the target; then the copy's chain is verified and its row counts compared with the
 * source's. Either address may be a file or a postgres:// URI: the drivers do the work
 * (store.h dump and load), so this command knows no engine.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "../util/log.h"

struct copy {
	struct store *to;
	int table;
	int64_t rows;
};

static int copy_row(void *arg, int ncols, const char *const *vals)
{
	struct copy *c = arg;
	(void)ncols;
	int rc = store_load(c->to, c->table, vals);
	if (rc < 0)
		return rc;
	c->rows++;
	return 0;
}

static int stop_at_first(void *arg, int ncols, const char *const *vals)
{
	(void)arg;
	(void)ncols;
	(void)vals;
	return WB_ERR_CONFLICT;
}

/* @return 1 when no table of @p st has a row (as `init` leaves it), 0, or < 0 */
static int is_empty(struct store *st)
{
	for (int t = 0; t < STORE_NTABLES; t++) {
		int rc = store_dump(st, t, stop_at_first, NULL);
		if (rc == WB_ERR_CONFLICT)
			return 0;
		if (rc < 0)
			return rc;
	}
	return 1;
}

static int count_row(void *arg, int ncols, const char *const *vals)
{
	(void)ncols;
	(void)vals;
	(*(int64_t *)arg)++;
	return 0;
}

/* Copy every table in one write transaction on @p to; @p rows gets each table's count. */
static int copy_all(struct store *from, struct store *to, int64_t *rows)
{
	int rc = store_begin(from, 0);
	if (rc < 0)
		return rc;
	rc = store_begin(to, 1);
	if (rc < 0) {
		store_rollback(from);
		return rc;
	}
	rc = store_load_begin(to);
	for (int t = 0; rc >= 0 && t < STORE_NTABLES; t++) {
		struct copy c = {.to = to, .table = t};
		rc = store_dump(from, t, copy_row, &c);
		rows[t] = c.rows;
	}
	if (rc >= 0)
		rc = store_load_done(to);
	if (rc >= 0)
		rc = store_commit(to);
	else
		store_rollback(to);
	store_rollback(from);
	return rc;
}

int cmd_migrate(int argc, char **argv)
{
	const char *from_db = NULL, *to_db = NULL, *pos[1];
	const struct cli_opt opts[] = {
		{"from", CLI_STR, &from_db, 0, 0, 1, "DB",
		 "the database to copy: a file or a postgresql:// address"},
		{"to", CLI_STR, &to_db, 0, 0, 1, "DB", "the empty database to copy it into"},
		{NULL},
	};
	const struct cli_spec spec = {
		"migrate", NULL, 0,
		"Copy every row of the database --from into the empty database --to, ids and\n"
		"audit log included, in one transaction; then verify the copy's audit chain and\n"
		"compare row counts. The target is created or migrated to the current schema\n"
		"first and must be empty (as `wubiao init` leaves it). Stop the servers writing\n"
		"to --from while it runs.\n",
		opts};
	int npos;
	if (cli_parse(argc, argv, &spec, pos, &npos) < 0)
		return EXIT_USAGE;
	if (strcmp(from_db, to_db) == 0) {
		fprintf(stderr, "wubiao migrate: --from and --to are the same database\n");
		return EXIT_USAGE;
	}
	struct store *from = NULL, *to = NULL;
	struct arena a = ARENA_INIT;
	struct svc_ctx c;
	int code = EXIT_FAIL;
	int64_t rows[STORE_NTABLES] = {0}, again[STORE_NTABLES] = {0};
	if (store_open(from_db, &from) < 0) {
		fprintf(stderr, "wubiao migrate: cannot open %s\n", from_db);
		goto out;
	}
	if (cli_open(to_db, &to, &c, &a) < 0)
		goto out;
	int rc = is_empty(to);
	if (rc == 0) {
		fprintf(stderr, "wubiao migrate: %s already holds rows; the target must be empty\n",
			to_db);
		goto out;
	}
	if (rc > 0)
		rc = copy_all(from, to, rows);
	if (rc < 0) {
		fprintf(stderr, "wubiao migrate: the copy failed (%s); nothing was written\n",
			wb_err_name(rc));
		goto out;
	}
	/* The copy as the target now holds it: the same number of rows in every table. */
	for (int t = 0; t < STORE_NTABLES; t++) {
		rc = store_dump(to, t, count_row, &again[t]);
		if (rc < 0 || again[t] != rows[t]) {
			fprintf(stderr,
				"wubiao migrate: %s has %lld rows in the copy, %lld copied\n",
				store_tables[t].name, (long long)again[t], (long long)rows[t]);
			goto out;
		}
		printf("%-16s %10lld rows\n", store_tables[t].name, (long long)rows[t]);
	}
	struct svc_verify res = {0};
	if (svc_audit_verify(&c, NULL, &res) < 0 || !res.ok) {
		fprintf(stderr,
			"wubiao migrate: the copy's audit log does not verify (first bad event "
			"%lld)\n",
			(long long)res.first_bad);
		goto out;
	}
	printf("audit log of the copy intact: %lld events\n", (long long)res.events);
	code = EXIT_OK;
out:
	store_close(to);
	store_close(from);
	arena_release(&a);
	return code;
}
