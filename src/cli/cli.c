/* Helpers the commands share: option parsing, the clock, opening the database, errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/date.h"
#include "../util/err.h"
#include "cli.h"

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

void cli_print_err_to(FILE *f, const struct svc_ctx *c, int rc)
{
	fputs(c->errs.detail ? c->errs.detail : wb_err_name(rc), f);
	for (int i = 0; i < c->errs.n; i++)
		fprintf(f, "%s %s %s", i ? ";" : ":", c->errs.v[i].field, c->errs.v[i].message);
	fputc('\n', f);
}

void cli_print_err(const struct svc_ctx *c, int rc)
{
	fputs("wubiao: ", stderr);
	cli_print_err_to(stderr, c, rc);
}
