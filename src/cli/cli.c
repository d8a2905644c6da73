/* Helpers the commands share: option parsing, the clock, opening the database, errors. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/date.h"
#include "../svc/svc_survey.h"
#include "../util/err.h"

/* "--name VALUE" as the usage line shows it. */
static void opt_words(FILE *f, const struct cli_opt *o)
{
	fprintf(f, "--%s", o->name);
	if (o->type != CLI_FLAG)
		fprintf(f, " %s",
			o->arg                ? o->arg
			: o->type == CLI_STR  ? "TEXT"
			: o->type == CLI_REAL ? "X"
					      : "N");
}

/* The default an option shows in the usage: its target's value before parsing. */
static void opt_default(FILE *f, const struct cli_opt *o)
{
	if (o->required)
		return;
	if (o->type == CLI_NUM && *(const int64_t *)o->target != o->none)
		fprintf(f, "; default %lld", (long long)*(const int64_t *)o->target);
	else if (o->type == CLI_REAL)
		fprintf(f, "; default %g", *(const double *)o->target);
	else if (o->type == CLI_STR && *(const char *const *)o->target)
		fprintf(f, "; default %s", *(const char *const *)o->target);
}

void cli_usage(FILE *f, const struct cli_spec *s)
{
	int col = fprintf(f, "usage: wubiao %s", s->name), indent = col + 1;
	for (const struct cli_opt *o = s->opts; o->name; o++) {
		char buf[128];
		FILE *m = fmemopen(buf, sizeof buf, "w");
		if (m == NULL)
			continue;
		fputs(o->required ? "" : "[", m);
		opt_words(m, o);
		fputs(o->required ? "" : "]", m);
		long n = ftell(m);
		fclose(m);
		if (col + 1 + n > 88) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else {
			fputc(' ', f);
			col++;
		}
		fputs(buf, f);
		col += (int)n;
	}
	if (s->args)
		fprintf(f, " %s", s->args);
	fprintf(f, "\n%s", s->about ? s->about : "");
	for (const struct cli_opt *o = s->opts; o->name; o++) {
		if (o->help == NULL)
			continue;
		fputs("  ", f);
		opt_words(f, o);
		fprintf(f, "\n      %s", o->help);
		if (o->type == CLI_NUM)
			fprintf(f, " (%lld to %lld", (long long)o->min, (long long)o->max);
		if (o->type == CLI_REAL)
			fprintf(f, " (%g to %g", o->rmin, o->rmax);
		opt_default(f, o);
		fputs(o->type == CLI_NUM || o->type == CLI_REAL ? ")\n" : "\n", f);
	}
}

/* Refuse the command line: say why, naming the option, then the usage. */
static int refuse(const struct cli_spec *s, const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "wubiao %s: ", s->name);
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	cli_usage(stderr, s);
	return -1;
}

/* Store @p val into the target of @p o, checked. @return 0, or -1 after saying why */
static int opt_set(const struct cli_spec *s, const struct cli_opt *o, const char *val)
{
	if (o->type == CLI_STR) {
		*(const char **)o->target = val;
		return 0;
	}
	char *end;
	errno = 0;
	if (o->type == CLI_REAL) {
		double d = strtod(val, &end);
		if (*val == '\0' || *end != '\0' || errno || !(d >= o->rmin && d <= o->rmax)) {
			fprintf(stderr, "wubiao %s: --%s takes a number from %g to %g, not '%s'\n",
				s->name, o->name, o->rmin, o->rmax, val);
			cli_usage(stderr, s);
			return -1;
		}
		*(double *)o->target = d;
		return 0;
	}
	long long v = strtoll(val, &end, 10);
	if (*val == '\0' || *end != '\0' || errno || v < o->min || v > o->max) {
		char range[64];
		snprintf(range, sizeof range, "%lld to %lld", (long long)o->min, (long long)o->max);
		fprintf(stderr, "wubiao %s: --%s takes a whole number from %s, not '%s'\n", s->name,
			o->name, range, val);
		cli_usage(stderr, s);
		return -1;
	}
	*(int64_t *)o->target = v;
	return 0;
}

int cli_parse(int argc, char **argv, const struct cli_spec *s, const char **pos, int *npos)
{
	*npos = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cli_usage(stdout, s);
			exit(EXIT_OK);
		}
		if (strncmp(a, "--", 2) != 0) {
			if (*npos >= s->maxpos)
				return refuse(s, "unexpected argument '%s'%s", a, "");
			pos[(*npos)++] = a;
			continue;
		}
		const char *eq = strchr(a + 2, '=');
		size_t alen = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
		const struct cli_opt *o = s->opts;
		while (o->name && (strlen(o->name) != alen || strncmp(o->name, a + 2, alen) != 0))
			o++;
		if (o->name == NULL)
			return refuse(s, "unknown option '%s'%s", a, "");
		if (o->type == CLI_FLAG) {
			if (eq)
				return refuse(s, "--%s takes no value%s", o->name, "");
			*(int *)o->target = 1;
			continue;
		}
		const char *val = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
		if (val == NULL)
			return refuse(s, "--%s needs a value%s", o->name, "");
		if (opt_set(s, o, val) < 0)
			return -1;
	}
	for (const struct cli_opt *o = s->opts; o->name; o++) {
		int given = o->type == CLI_STR   ? *(const char *const *)o->target != NULL
			    : o->type == CLI_NUM ? *(const int64_t *)o->target != o->none
						 : 1;
		if (o->required && !given)
			return refuse(s, "--%s is required%s", o->name, "");
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

int cli_key(const char *path)
{
	if (path == NULL)
		path = getenv("WUBIAO_KEY_FILE");
	if (path == NULL || *path == '\0')
		return 0;
	if (svc_load_secret_key(path, 1) < 0) {
		fprintf(stderr, "wubiao: cannot use the key file %s\n", path);
		return -1;
	}
	return 0;
}

int cli_slurp(const char *path, struct buf *out)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(out, chunk, n);
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		fprintf(stderr, "%s: read error\n", path);
		return -1;
	}
	return 0;
}

int cli_print_errs(const char *path, const struct csvin_errs *e)
{
	for (size_t i = 0; i < e->n; i++) {
		if (e->v[i].line)
			fprintf(stderr, "%s:%zu: %s\n", path, e->v[i].line, e->v[i].msg);
		else
			fprintf(stderr, "%s: %s\n", path, e->v[i].msg);
	}
	if (e->more)
		fprintf(stderr, "%s: and %zu more errors\n", path, e->more);
	return EXIT_FAIL;
}
