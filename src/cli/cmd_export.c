/* wubiao export forms|scores: the five forms and the score report as files. */
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
#include "cli.h"

static const char use[] =
	"usage: wubiao export forms --db FILE --campaign ID --form 1..5 [--format xlsx|csv|json]\n"
	"                     [--out FILE] [--unit ID] [--station ID] [--point ID] [--status S]\n"
	"                     [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--split unit]\n"
	"       wubiao export scores --db FILE --campaign ID [--level unit|station|point]\n"
	"                     [--format xlsx|csv|json] [--out FILE] [--from D] [--to D]\n"
	"Writes the five forms (1 征求意见表 … 5 整改效果表) or the score report, as the\n"
	"district office sees them. The default format is xlsx and the default file name is\n"
	"made from the campaign and the form.\n";

static int parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (s == NULL || *s == '\0' || *end || v <= 0)
		return -1;
	*out = v;
	return 0;
}

static int parse_day(const char *s, wb_date *out)
{
	if (s == NULL) {
		*out = WB_NO_DATE;
		return 0;
	}
	return wb_date_parse(s, out);
}

enum { O_DB, O_CAMPAIGN, O_FORM, O_FORMAT, O_OUT, O_UNIT, O_STATION, O_POINT, O_STATUS, O_FROM,
       O_TO, O_SPLIT, O_LEVEL, O__N };

int cmd_export(int argc, char **argv)
{
	static const char *const spec[] = {"db=",	"campaign=", "form=", "format=", "out=",
					   "unit=",	"station=",  "point=", "status=", "from=",
					   "to=",	"split=",    "level=", NULL};
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(use, stdout);
		return EXIT_OK;
	}
	if (argc < 2 || (strcmp(argv[1], "forms") != 0 && strcmp(argv[1], "scores") != 0)) {
		fputs(use, stderr);
		return EXIT_USAGE;
	}
	int forms = strcmp(argv[1], "forms") == 0;
	const char *v[O__N] = {0}, *pos[1];
	int npos;
	if (cli_opts(argc - 1, argv + 1, spec, v, pos, 0, &npos, use) < 0)
		return EXIT_USAGE;
	int64_t campaign = 0, form = 0, unit = 0, station = 0, point = 0;
	wb_date from, to;
	int fmt = table_format_parse(v[O_FORMAT] ? v[O_FORMAT] : "xlsx");
	int bad = v[O_DB] == NULL || parse_id(v[O_CAMPAIGN], &campaign) < 0 || fmt < 0 ||
		  parse_day(v[O_FROM], &from) < 0 || parse_day(v[O_TO], &to) < 0 ||
		  (v[O_UNIT] && parse_id(v[O_UNIT], &unit) < 0) ||
		  (v[O_STATION] && parse_id(v[O_STATION], &station) < 0) ||
		  (v[O_POINT] && parse_id(v[O_POINT], &point) < 0) ||
		  (v[O_SPLIT] && strcmp(v[O_SPLIT], "unit") != 0 && strcmp(v[O_SPLIT], "none") != 0);
	if (forms)
		bad |= parse_id(v[O_FORM], &form) < 0 || form > 5;
	enum store_level level = LEVEL_UNIT;
	if (!forms && v[O_LEVEL]) {
		if (strcmp(v[O_LEVEL], "station") == 0)
			level = LEVEL_STATION;
		else if (strcmp(v[O_LEVEL], "point") == 0)
			level = LEVEL_POINT;
		else if (strcmp(v[O_LEVEL], "unit") != 0)
			bad = 1;
	}
	int status = -1;
	if (v[O_STATUS]) {
		status = wb_enum_parse(form == 1 ? &wb_opinion_statuses : &wb_pstatuses, v[O_STATUS]);
		bad |= status < 0;
	}
	if (bad) {
		fprintf(stderr, "wubiao export: missing or invalid option\n%s", use);
		return EXIT_USAGE;
	}
	struct arena a = ARENA_INIT;
	struct store *st;
	struct svc_ctx c;
	if (cli_open(v[O_DB], &st, &c, &a) < 0) {
		arena_release(&a);
		return EXIT_FAIL;
	}
	int rc;
	struct wb_campaign camp;
	struct table *t = NULL;
	const char *out = v[O_OUT];
	if (forms) {
		rc = store_campaign_get(st, campaign, &a, &camp);
		if (rc <= 0) {
			rc = rc < 0 ? rc : WB_ERR_NOT_FOUND;
			fprintf(stderr, "wubiao export: no campaign %lld\n", (long long)campaign);
			goto done;
		}
		struct svc_scheme scheme;
		rc = svc_scheme_for(&c, camp.nphases ? camp.phases[0].starts_on : svc_today(&c), &scheme);
		if (rc < 0)
			goto done;
		int tz = c.cfg.tz_min;
		struct form_request q = {
			.form = (int)form,
			.filter = {.campaign_id = campaign, .unit_id = unit, .station_id = station,
				   .point_id = point, .status = status,
				   .from = from == WB_NO_DATE ? 0 : (int64_t)from * 86400 - tz * 60,
				   .to = to == WB_NO_DATE ? INT64_MAX : (int64_t)(to + 1) * 86400 - tz * 60},
			.split = v[O_SPLIT] && strcmp(v[O_SPLIT], "unit") == 0,
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
		rc = svc_campaign_scores(&c, campaign, level, from, to, &camp, &sc);
		if (rc < 0) {
			cli_print_err(&c, rc);
			goto done;
		}
		if (out == NULL)
			out = arena_printf(&a, "%s-量化评分.%s", camp.name, table_ext((enum table_format)fmt));
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
