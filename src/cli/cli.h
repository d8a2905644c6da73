/* The wubiao command line: one binary, subcommands sharing core, store and services. */
#ifndef WB_CLI_H
#define WB_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "../store/store.h"
#include "../svc/csv_in.h"
#include "../svc/svc.h"
#include "../util/buf.h"

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
int cmd_targets(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_survey(int argc, char **argv);

enum cli_type {
	CLI_STR,  /**< a text: target const char * */
	CLI_NUM,  /**< a whole number from min to max: target int64_t */
	CLI_FLAG, /**< no value: target int, set to 1 */
	CLI_REAL, /**< a number from rmin to rmax: target double */
};

/** One option of a command. A command's usage and its parser are made from a table of them. */
struct cli_opt {
	const char *name; /**< without the dashes: "db" */
	enum cli_type type;
	void *target;     /**< holds the default before parsing; see enum cli_type */
	int64_t min, max; /**< CLI_NUM: the values taken */
	int required;
	const char *arg;   /**< the value's name in the usage: FILE, N, HOST:PORT */
	const char *help;  /**< one line for the usage (its default is added), or NULL */
	int64_t none;      /**< CLI_NUM: a target value that means "not given" (no default shown) */
	double rmin, rmax; /**< CLI_REAL: the values taken */
};

/** A command line: its name ("serve", "user add"), what follows the options, the options. */
struct cli_spec {
	const char *name;
	const char *args;           /**< positional arguments in the usage line ("CSV"), or NULL */
	int maxpos;                 /**< how many positional arguments it takes */
	const char *about;          /**< lines after the usage line, or NULL */
	const struct cli_opt *opts; /**< ends with an entry whose name is NULL */
};

/** The --db option every command has, into the const char * @p t. */
#define CLI_DB(t)                                                                                  \
	{                                                                                          \
		"db", CLI_STR, &(t), 0, 0, 1, "FILE",                                              \
			"the database: a file (SQLite), or a postgresql:// address"                \
	}

/**
 * The --key-file option: the file holding the key that seals a survey's contact data,
 * into the const char * @p t (its default: the WUBIAO_KEY_FILE environment variable).
 */
#define CLI_KEY(t)                                                                                 \
	{                                                                                          \
		"key-file", CLI_STR, &(t), 0, 0, 0, "FILE",                                        \
			"the key sealing survey contacts (64 hex digits); made when missing"       \
	}

/**
 * Load the key of --key-file @p path (NULL: WUBIAO_KEY_FILE, or none), making the file
 * (mode 0600) with a new random key when it does not exist. @return 0, or -1 after saying why
 */
int cli_key(const char *path);

/** Print the usage of @p s, made from its table, to @p f. */
void cli_usage(FILE *f, const struct cli_spec *s);

/**
 * Parse @p argv (argv[0] is the command's name) by @p s: each option into its target,
 * numbers checked against their range, positional arguments into @p pos. --help prints
 * the usage and exits 0.
 * @return 0, or -1 after printing the problem, naming the option, and the usage to stderr
 */
int cli_parse(int argc, char **argv, const struct cli_spec *s, const char **pos, int *npos);

/** @return the clock for commands: WUBIAO_NOW (RFC 3339) when set, else the time now */
int64_t cli_now(void);

/**
 * Open the database and a service context acting as the system (the district office,
 * user id 0). @return 0, or -1 after printing why
 */
int cli_open(const char *db, struct store **st, struct svc_ctx *c, struct arena *a);
/** Read all of @p path into @p out. @return 0, or -1 after saying why on stderr */
int cli_slurp(const char *path, struct buf *out);
/** Print @p e as "FILE:LINE: message" lines on stderr. @return EXIT_FAIL */
int cli_print_errs(const char *path, const struct csvin_errs *e);

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
