/* wubiao export forms|scores: the five forms and the score report as files. */
#include "cli.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../export/forms.h"
#include "../export/scores.h"
#include "../export/table.h"
#include "../util/err.h"

/* A wrong value of an option that the table cannot check: name it, show the usage. */
static int bad_value(const struct cli_spec *spec, const char *opt, const char *val,
		     const char *want)
{
	fprintf(stderr, "wubiao %s: --%s takes %s, not '%s'\n", spec->name, opt, want, val);
	cli_usage(stderr, spec);
	return EXIT_USAGE;
}

static int parse_day(const struct cli_spec *spec, const char *opt, const char *s, wb_date *out)
{
	*out = WB_NO_DATE;
	if (s == NULL || wb_date_parse(s, out) == 0)
		return 0;
	return bad_value(spec, opt, s, "a date YYYY-MM-DD");
}

int cmd_export(int argc, char **argv)
{
	int forms = argc >= 2 && strcmp(argv[1], "forms") == 0;
	const char *db = NULL, *format = "xlsx", *out = NULL, *status_name = NULL, *from_s = NULL,
		   *to_s = NULL, *split = "none", *level_name = "unit", *dim_name = NULL, *pos[1];
	int64_t campaign = 0, form = 0, unit = 0, station = 0, point = 0;
	const struct cli_opt forms_opts[] = {
		CLI_DB(db),
		{"campaign", CLI_NUM, &campaign, 1, INT64_MAX, 1, "ID", NULL},
		{"form", CLI_NUM, &form, 1, 5, 1, "N",
		 "1 征求意见表, 2 意见汇总表, 3 意见反馈表, 4 整改情况表, 5 整改效果表"},
		{"format", CLI_STR, &format, 0, 0, 0, "xlsx|csv|json", NULL},
		{"out", CLI_STR, &out, 0, 0, 0, "FILE",
		 "by default named after the campaign and the form"},
		{"unit", CLI_NUM, &unit, 1, INT64_MAX, 0, "ID", "one responsible unit's rows", 0},
		{"station", CLI_NUM, &station, 1, INT64_MAX, 0, "ID",
		 "the rows of one station's units", 0},
		{"point", CLI_NUM, &point, 1, INT64_MAX, 0, "ID",
		 "the rows of one point's opinions", 0},
		{"status", CLI_STR, &status_name, 0, 0, 0, "STATUS", NULL},
		{"from", CLI_STR, &from_s, 0, 0, 0, "YYYY-MM-DD", NULL},
		{"to", CLI_STR, &to_s, 0, 0, 0, "YYYY-MM-DD", NULL},
		{"split", CLI_STR, &split, 0, 0, 0, "unit|none", "unit: one sheet per unit"},
		{"dimension", CLI_STR, &dim_name, 0, 0, 0, "conduct|efficiency",
		 "one evaluation: 行风 or 效能; by default both"},
		{NULL},
	};
	const struct cli_opt scores_opts[] = {
		CLI_DB(db),
		{"campaign", CLI_NUM, &campaign, 1, INT64_MAX, 1, "ID", NULL},
		{"level", CLI_STR, &level_name, 0, 0, 0, "unit|station|point", NULL},
		{"format", CLI_STR, &format, 0, 0, 0, "xlsx|csv|json", NULL},
		{"out", CLI_STR, &out, 0, 0, 0, "FILE", NULL},
		{"from", CLI_STR, &from_s, 0, 0, 0, "YYYY-MM-DD", NULL},
		{"to", CLI_STR, &to_s, 0, 0, 0, "YYYY-MM-DD", NULL},
		{"dimension", CLI_STR, &dim_name, 0, 0, 0, "conduct|efficiency",
		 "one evaluation: 行风 or 效能; by default both"},
		{NULL},
	};
	static const char about[] =
		"Writes the five forms (1 征求意见表 … 5 整改效果表) or the score report, as the\n"
		"district office sees them.\n";
	const struct cli_spec spec = {forms ? "export forms" : "export scores", NULL, 0, about,
				      forms ? forms_opts : scores_opts};
	if (argc < 2 || (!forms && strcmp(argv[1], "scores") != 0)) {
		int help =
			argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
		const struct cli_spec other = {"export forms", NULL, 0, NULL, forms_opts};
		cli_usage(help ? stdout : stderr, &other);
		cli_usage(help ? stdout : stderr, &spec);
		return help ? EXIT_OK : EXIT_USAGE;
	}
	int npos;
	if (cli_parse(argc - 1, argv + 1, &spec, pos, &npos) < 0)
		return EXIT_USAGE;
	wb_date from, to;
	int fmt = table_format_parse(format);
	if (fmt < 0)
		return bad_value(&spec, "format", format, "xlsx, csv or json");
	if (parse_day(&spec, "from", from_s, &from) || parse_day(&spec, "to", to_s, &to))
		return EXIT_USAGE;
	if (strcmp(split, "unit") != 0 && strcmp(split, "none") != 0)
		return bad_value(&spec, "split", split, "unit or none");
	enum store_level level = LEVEL_UNIT;
	if (strcmp(level_name, "station") == 0)
		level = LEVEL_STATION;
	else if (strcmp(level_name, "point") == 0)
		level = LEVEL_POINT;
	else if (strcmp(level_name, "unit") != 0)
		return bad_value(&spec, "level", level_name, "unit, station or point");
	int dim = dim_name ? wb_enum_parse(&wb_dimensions, dim_name) : -1;
	if (dim_name && dim < 0)
		return bad_value(&spec, "dimension", dim_name, "conduct or efficiency");
	unsigned dims = dim >= 0 ? 1u << dim : 0;
	int status = -1;
	if (status_name) {
		const struct wb_enum *e = form == 1 ? &wb_opinion_statuses : &wb_pstatuses;
		status = wb_enum_parse(e, status_name);
		if (status < 0)
			return bad_value(&spec, "status", status_name,
					 form == 1 ? "an opinion's status" : "a problem's status");
	}
	struct arena a = ARENA_INIT;
	struct store *st;
	struct svc_ctx c;
	if (cli_open(db, &st, &c, &a) < 0) {
		arena_release(&a);
		return EXIT_FAIL;
	}
	int rc;
	struct wb_campaign camp;
	struct table *t = NULL;
	if (forms) {
		rc = store_campaign_get(st, campaign, &a, &camp);
		if (rc <= 0) {
			rc = rc < 0 ? rc : WB_ERR_NOT_FOUND;
			fprintf(stderr, "wubiao export: no campaign %lld\n", (long long)campaign);
			goto done;
		}
		struct svc_scheme scheme;
		rc = svc_scheme_for(&c, camp.nphases ? camp.phases[0].starts_on : svc_today(&c),
				    &scheme);
		if (rc < 0)
			goto done;
		int tz = c.cfg.tz_min;
		struct form_request q = {
			.form = (int)form,
			.filter = {.campaign_id = campaign,
				   .unit_id = unit,
				   .station_id = station,
				   .point_id = point,
				   .status = status,
				   .dims = dims,
				   .from = from == WB_NO_DATE ? 0 : (int64_t)from * 86400 - tz * 60,
				   .to = to == WB_NO_DATE ? INT64_MAX
							  : (int64_t)(to + 1) * 86400 - tz * 60},
			.split = strcmp(split, "unit") == 0,
			.tz_min = tz,
			.today = svc_today(&c),
			.scale = scheme.scale,
			.who = &c.who,
		};
		q.filter.by_unit = q.split;
		if (out == NULL)
			out = arena_printf(&a, "%s-%s.%s", camp.name, form_name((int)form),
					   table_ext((enum table_format)fmt));
		rc = table_open(&t, (enum table_format)fmt, out,
				arena_printf(&a, "%s %s", camp.name, form_name((int)form)), q.split,
				c.now);
		if (rc == 0)
			rc = form_export(st, &q, t);
	} else {
		struct svc_scores sc;
		rc = svc_campaign_scores(&c, campaign, level, from, to, dims, &camp, &sc);
		if (rc < 0) {
			cli_print_err(&c, rc);
			goto done;
		}
		if (out == NULL)
			out = arena_printf(&a, "%s-量化评分.%s", camp.name,
					   table_ext((enum table_format)fmt));
		rc = table_open(&t, (enum table_format)fmt, out,
				arena_printf(&a, "%s 量化评分表", camp.name), 1, c.now);
		if (rc == 0)
			rc = scores_export(&sc, t);
	}
	if (t) {
		int crc = table_close(t);
		if (rc >= 0 && crc < 0)
			rc = crc;
	}
	if (rc >= 0)
		printf("wrote %d rows to %s\n", rc, out);
	else
		fprintf(stderr, "wubiao export: failed: %s\n", wb_err_name(rc));
done:
	store_close(st);
	arena_release(&a);
	return rc < 0 ? EXIT_FAIL : EXIT_OK;
}
