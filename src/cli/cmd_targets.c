/*
 * wubiao targets import|assess: the year's targets from the office's spreadsheets, and
 * the year-end assessment sheet (docs/targets.md). An import is all or nothing: a bad row
 * exits 1 with FILE:LINE: message and changes nothing.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "../core/enums.h"
#include "../svc/svc_targets.h"
#include "../util/err.h"

static int targets_import(int argc, char **argv)
{
	const char *db = NULL, *items = NULL, *results = NULL, *adjust = NULL, *pos[1];
	int64_t year = 0;
	const struct cli_opt opts[] = {
		CLI_DB(db),
		{"year", CLI_NUM, &year, 2000, 2100, 1, "Y", "the year the targets are for"},
		{"items", CLI_STR, &items, 0, 0, 0, "F",
		 "the items: unit_code,code,name,card,points,rule,target"},
		{"results", CLI_STR, &results, 0, 0, 0, "F",
		 "the results: unit_code,code,actual,deduction"},
		{"adjust", CLI_STR, &adjust, 0, 0, 0, "F",
		 "the adds, subtracts and vetoes: unit_code,kind,level,event"},
		{0}};
	const struct cli_spec spec = {
		"targets import", NULL, 0,
		"Replace the year's items, results or adjustments by the rows of one CSV file\n"
		"(UTF-8, a header, a BOM accepted). Give exactly one of --items, --results and\n"
		"--adjust. A bad row exits 1 with FILE:LINE: message, and nothing changes.\n",
		opts};
	int npos;
	if (cli_parse(argc, argv, &spec, pos, &npos) < 0)
		return EXIT_USAGE;
	if ((items != NULL) + (results != NULL) + (adjust != NULL) != 1) {
		fprintf(stderr,
			"wubiao targets import: give exactly one of --items, --results, --adjust\n");
		return EXIT_USAGE;
	}
	const char *path = items ? items : results ? results : adjust;
	enum svc_targets_kind kind = items     ? TARGETS_ITEMS
				     : results ? TARGETS_RESULTS
					       : TARGETS_ADJUSTMENTS;
	struct buf b = BUF_INIT;
	if (cli_slurp(path, &b) < 0)
		return EXIT_FAIL;
	struct arena a = ARENA_INIT;
	struct store *st;
	struct svc_ctx c;
	int rc = EXIT_FAIL;
	if (cli_open(db, &st, &c, &a) == 0) {
		struct csvin_errs e;
		int r = svc_targets_import(&c, year, kind, b.ptr, b.len, &e);
		if (r == 0) {
			rc = EXIT_OK;
		} else if (e.n) {
			rc = cli_print_errs(path, &e);
		} else {
			fprintf(stderr, "%s: ", path);
			cli_print_err_to(stderr, &c, r);
		}
		store_close(st);
	}
	arena_release(&a);
	buf_release(&b);
	return rc;
}

/* Two decimals, half away from zero, as the sheet is printed. */
static void two(FILE *f, double v)
{
	fprintf(f, "%.2f", wb_round2(v));
}

static int targets_assess(int argc, char **argv)
{
	const char *db = NULL, *pos[1];
	int64_t year = 0;
	const struct cli_opt opts[] = {
		CLI_DB(db), {"year", CLI_NUM, &year, 2000, 2100, 1, "Y", "the year assessed"}, {0}};
	const struct cli_spec spec = {
		"targets assess", NULL, 0,
		"Print the year's assessment sheet as CSV: unit_code,kind,card1,card2,base,adds,\n"
		"subtracts,total,grade,rank, departments first, then by rank and code.\n",
		opts};
	int npos;
	if (cli_parse(argc, argv, &spec, pos, &npos) < 0)
		return EXIT_USAGE;
	struct arena a = ARENA_INIT;
	struct store *st;
	struct svc_ctx c;
	int rc = EXIT_FAIL;
	if (cli_open(db, &st, &c, &a) == 0) {
		struct wb_target_line *v;
		size_t n;
		int r = svc_targets_assess(&c, year, &v, &n);
		if (r < 0) {
			cli_print_err_to(stderr, &c, r);
		} else {
			printf("unit_code,kind,card1,card2,base,adds,subtracts,total,grade,rank\n");
			for (size_t i = 0; i < n; i++) {
				printf("%s,%s,", v[i].code, v[i].street ? "street" : "department");
				two(stdout, v[i].card1);
				putchar(',');
				if (v[i].street)
					two(stdout, v[i].card2);
				putchar(',');
				two(stdout, v[i].base);
				putchar(',');
				two(stdout, v[i].adds);
				putchar(',');
				two(stdout, v[i].subtracts);
				putchar(',');
				two(stdout, v[i].total);
				printf(",%s,%d\n", wb_grade_labels[v[i].grade], v[i].rank);
			}
			rc = fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
		}
		store_close(st);
	}
	arena_release(&a);
	return rc;
}

int cmd_targets(int argc, char **argv)
{
	static const struct {
		const char *name;
		cmd_fn fn;
		const char *help;
	} sub[] = {
		{"import", targets_import,
		 "replace a year's items, results or adjustments from CSV"},
		{"assess", targets_assess, "the year-end assessment sheet, as CSV"},
	};
	for (size_t i = 0; argc >= 2 && i < sizeof sub / sizeof *sub; i++)
		if (strcmp(argv[1], sub[i].name) == 0)
			return sub[i].fn(argc - 1, argv + 1);
	int help = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
	FILE *f = help ? stdout : stderr;
	fprintf(f, "usage: wubiao targets <import|assess> [options]\n");
	for (size_t i = 0; i < sizeof sub / sizeof *sub; i++)
		fprintf(f, "  %-7s %s\n", sub[i].name, sub[i].help);
	return help ? EXIT_OK : EXIT_USAGE;
}
