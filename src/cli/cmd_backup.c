/* backup: a consistent copy of the database, taken while the server goes on serving. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/err.h"

/*
 * Open @p path and verify its audit log (the chain, the records against it, and
 * @p checkpoint when given). @return 0 when intact, -1 after saying why
 */
static int verify_copy(const char *path, const char *checkpoint)
{
	struct arena a = ARENA_INIT;
	struct store *st;
	struct svc_ctx c;
	struct svc_verify res = {0};
	int rc = -1;
	if (cli_open(path, &st, &c, &a) < 0)
		goto out;
	int err = svc_audit_verify(&c, checkpoint, &res);
	store_close(st);
	if (err < 0)
		fprintf(stderr, "wubiao backup: cannot read the audit log of %s%s%s\n", path,
			c.errs.n ? ": " : "", c.errs.n ? c.errs.v[0].message : "");
	else if (res.first_bad)
		fprintf(stderr, "wubiao backup: the audit log of %s is BROKEN at event %lld\n",
			path, (long long)res.first_bad);
	else if (res.mismatch)
		fprintf(stderr, "wubiao backup: the records of %s differ from the log: %s\n", path,
			res.mismatch);
	else if (!res.ok)
		fprintf(stderr, "wubiao backup: %s fails the checkpoint: %s\n", path,
			res.checkpoint_detail);
	else {
		printf("backup %s: integrity ok, audit log intact (%lld events)\n", path,
		       (long long)res.events);
		rc = 0;
	}
out:
	arena_release(&a);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	const char *db = NULL, *to = NULL, *checkpoint = NULL, *pos[1];
	const struct cli_opt opts[] = {
		CLI_DB(db),
		{"to", CLI_STR, &to, 0, 0, 1, "FILE", "the copy (replaced in one transaction)"},
		{"checkpoint", CLI_STR, &checkpoint, 0, 0, 0, "\"events=N head=HEX\"",
		 "a published checkpoint the copy's log must hold"},
		{NULL},
	};
	const struct cli_spec spec = {
		"backup", NULL, 0,
		"Copy the database into the --to file while the server goes on serving: the copy\n"
		"is the database at one moment, taken without stopping writers. The copy is then\n"
		"checked: integrity, the audit log's hash chain, its records against the log, and\n"
		"--checkpoint when given.\n"
		"Restore: stop the server, then  wubiao backup --db BACKUP --to LIVE  and start it.\n",
		opts};
	int npos;
	if (cli_parse(argc, argv, &spec, pos, &npos) < 0)
		return EXIT_USAGE;
	struct stat a, b;
	if (stat(db, &a) != 0) {
		fprintf(stderr, "wubiao backup: cannot open %s: %s\n", db, strerror(errno));
		return EXIT_FAIL;
	}
	if (stat(to, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
		fprintf(stderr, "wubiao backup: --db and --to are the same file\n");
		return EXIT_USAGE;
	}
	struct arena ar = ARENA_INIT;
	struct store *st;
	struct svc_ctx c;
	if (cli_open(db, &st, &c, &ar) < 0) {
		arena_release(&ar);
		return EXIT_FAIL;
	}
	int rc = store_backup(st, to);
	store_close(st);
	arena_release(&ar);
	if (rc < 0) {
		fprintf(stderr, "wubiao backup: cannot copy %s to %s: %s\n", db, to,
			wb_err_name(rc));
		return EXIT_FAIL;
	}
	return verify_copy(to, checkpoint) == 0 ? EXIT_OK : EXIT_FAIL;
}
