/* wubiao: the command table and main(); shared helpers are in cli.c. */
#include "cli.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "../util/log.h"

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
	{"backup", cmd_backup, "copy the database while it is in use; restore from a copy"},
	{"survey", cmd_survey, "design, draw and estimate a satisfaction survey, offline"},
	{"targets", cmd_targets, "import a year's targets and print its assessment sheet"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: wubiao <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nRun 'wubiao <command> --help' for a command's options.\n"
		   "Exit status: 0 ok, 1 failed, 2 usage error.\n");
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
