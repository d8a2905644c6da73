/* The wubiao command line: one binary, subcommands sharing core, store and services. */
#ifndef WB_CLI_H
#define WB_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "../store/store.h"
#include "../svc/svc.h"

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/** A command: argv[0] is the command's own name. @return an exit code */
typedef int (*cmd_fn)(int argc, char **argv);

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_backup(int argc, char **argv);

/**
 * Parse "--name value" and "--flag" options. @p spec lists names; a trailing '=' takes a
 * value (e.g. "db="). Values are stored in @p vals in spec order (flags as "1").
 * Positional arguments are collected in @p pos (up to @p maxpos).
 * @return 0, or -1 after printing the problem and @p usage to stderr
 */
int cli_opts(int argc, char **argv, const char *const *spec, const char **vals, const char **pos,
	     int maxpos, int *npos, const char *usage);

/** @return the clock for commands: WUBIAO_NOW (RFC 3339) when set, else the time now */
int64_t cli_now(void);

/**
 * Open the database and a service context acting as the system (the district office,
 * user id 0). @return 0, or -1 after printing why
 */
int cli_open(const char *db, struct store **st, struct svc_ctx *c, struct arena *a);

/** Print a service error with its field errors to stderr. */
void cli_print_err(const struct svc_ctx *c, int rc);
/** The same to @p f, without the "wubiao: " prefix. */
void cli_print_err_to(FILE *f, const struct svc_ctx *c, int rc);

/** The most days one calendar file may hold. */
enum { CLI_MAX_CAL_DAYS = 4000 };

/**
 * Import a calendar CSV from @p in in one transaction ("YYYY-MM-DD,holiday" or
 * "YYYY-MM-DD,workday" rows; a header, comments and blank lines are skipped). Nothing is
 * written when any row is bad. Problems are printed to @p err, one line each.
 * @param[out] count the days imported
 * @return 0 or an error
 */
int cli_calendar_import(struct svc_ctx *c, FILE *in, FILE *err, int *count);

#endif
