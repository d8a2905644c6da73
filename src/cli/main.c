/* wubiao: the command table, shared option parsing and opening of the database. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/date.h"
#include "../util/err.h"
#include "../util/log.h"
#include "cli.h"

static const struct {
	const char *name;
	cmd_fn fn;
	const char *help;
} commands[] = {
	{"init", cmd_init, "create or migrate a database"},
	{"serve", cmd_serve, "serve the web UI and the JSON API"},
	{"demo", cmd_demo, "create a demo district with realistic data"},
	{"user", cmd_user, "manage accounts (user add)"},
	{"calendar", cmd_calendar, "import public holidays and make-up working days"},
	{"audit", cmd_audit, "verify the hash chain of the audit log"},
	{"config", cmd_config, "show or change the district's settings"},
	{"export", cmd_export, "write the five forms or the score report as XLSX, CSV or JSON"},
	{"sweep", cmd_sweep, "send due reminders (催办) and escalations (督办)"},
	{"migrate", cmd_migrate, "copy a database into an empty one (SQLite to PostgreSQL)"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: wubiao <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nRun 'wubiao <command> --help' for a command's options.\n"
		   "Exit status: 0 ok, 1 failed, 2 usage error.\n");
}

int cli_opts(int argc, char **argv, const char *const *spec, const char **vals, const char **pos,
	     int maxpos, int *npos, const char *use)
{
	*npos = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(use, stdout);
			exit(EXIT_OK);
		}
		if (strncmp(a, "--", 2) != 0) {
			if (*npos >= maxpos) {
				fprintf(stderr, "wubiao %s: unexpected argument '%s'\n%s", argv[0], a, use);
				return -1;
			}
			pos[(*npos)++] = a;
			continue;
		}
		int k = 0, found = -1;
		size_t alen = strlen(a + 2);
		const char *eq = strchr(a + 2, '=');
		if (eq)
			alen = (size_t)(eq - (a + 2));
		for (k = 0; spec[k]; k++) {
			size_t n = strcspn(spec[k], "=");
			if (n == alen && strncmp(spec[k], a + 2, n) == 0)
				found = k;
		}
		if (found < 0) {
			fprintf(stderr, "wubiao %s: unknown option '%s'\n%s", argv[0], a, use);
			return -1;
		}
		if (strchr(spec[found], '=')) {
			if (eq)
				vals[found] = eq + 1;
			else if (i + 1 < argc)
				vals[found] = argv[++i];
			else {
				fprintf(stderr, "wubiao %s: option '%s' needs a value\n%s", argv[0], a, use);
				return -1;
			}
		} else {
			vals[found] = "1";
		}
	}
	return 0;
}

int64_t cli_now(void)
{
	const char *s = getenv("WUBIAO_NOW");
	int64_t t;
	if (s && *s && wb_time_parse(s, &t) == 0)
		return t;
	return (int64_t)time(NULL);
}

int cli_open(const char *db, struct store **st, struct svc_ctx *c, struct arena *a)
{
	if (db == NULL) {
		fprintf(stderr, "wubiao: --db FILE is required\n");
		return -1;
	}
	if (store_open(db, st) < 0) {
		fprintf(stderr, "wubiao: cannot open the database %s\n", db);
		return -1;
	}
	if (svc_ctx_init(c, *st, a, cli_now()) < 0) {
		fprintf(stderr, "wubiao: cannot read settings from %s\n", db);
		store_close(*st);
		return -1;
	}
	c->who.role = ROLE_ADMIN; /* the command line acts as the district office's system */
	c->who.user_id = 0;
	return 0;
}

void cli_print_err(const struct svc_ctx *c, int rc)
{
	fprintf(stderr, "wubiao: %s", c->errs.detail ? c->errs.detail : wb_err_name(rc));
	for (int i = 0; i < c->errs.n; i++)
		fprintf(stderr, "%s %s %s", i ? ";" : ":", c->errs.v[i].field, c->errs.v[i].message);
	fputc('\n', stderr);
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "wubiao: libsodium failed to start\n");
		return EXIT_FAIL;
	}
	const char *lvl = getenv("WUBIAO_LOG");
	if (lvl && strcmp(lvl, "debug") == 0)
		wb_log_set_level(WB_LOG_DEBUG);
	else if (lvl && strcmp(lvl, "warn") == 0)
		wb_log_set_level(WB_LOG_WARN);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "wubiao: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
