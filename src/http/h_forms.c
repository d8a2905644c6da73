/* GET /campaigns/{id}/forms/{n}: the five forms as JSON, CSV or XLSX files. */
#include "http.h"

#include <limits.h>
#include <string.h>

#include "../core/date.h"
#include "../core/perm.h"
#include "../export/forms.h"
#include "../util/err.h"

struct fill_forms {
	struct store *st;
	const struct form_request *q;
};

static int fill_forms(struct table *t, void *arg)
{
	struct fill_forms *ff = arg;
	return form_export(ff->st, ff->q, t);
}

void h_campaigns_forms(struct req *r)
{
	int form = (int)r->ids[1];
	struct wb_campaign camp;
	int rc = store_campaign_get(r->svc.st, r->ids[0], &r->a, &camp);
	if (rc <= 0 || form < 1 || form > 5) {
		reply_err(r, rc < 0 ? rc : WB_ERR_NOT_FOUND);
		return;
	}
	/* Form 1 holds opinions, which some roles never read. */
	if (form == 1 && !wb_perm_allows(r->svc.who.role, PERM_OPINION_READ)) {
		reply_err(r, WB_ERR_NOT_FOUND);
		return;
	}
	struct form_request q = {.form = form,
				 .who = &r->svc.who,
				 .tz_min = r->svc.cfg.tz_min,
				 .today = svc_today(&r->svc)};
	q.filter.campaign_id = camp.id;
	q.filter.status = -1;
	qs_id(r, "unit_id", &q.filter.unit_id);
	qs_id(r, "station_id", &q.filter.station_id);
	qs_id(r, "point_id", &q.filter.point_id);
	/* which point or station collected a unit's complaints is not the unit's to learn */
	if (r->svc.who.role == ROLE_UNIT && (q.filter.point_id || q.filter.station_id)) {
		reply_problem(r, 403, "units may not filter by point or station");
		return;
	}
	int dim = -1;
	qs_enum(r, "dimension", &wb_dimensions, &dim);
	q.filter.dims = dim >= 0 ? 1u << dim : 0;
	if (form == 1)
		qs_enum(r, "status", &wb_opinion_statuses, &q.filter.status);
	else
		qs_enum(r, "status", &wb_pstatuses, &q.filter.status);
	wb_date from, to;
	int hf, ht;
	qs_date(r, "from", &from, &hf);
	qs_date(r, "to", &to, &ht);
	if (hf && ht && to < from)
		svc_field(&r->svc, "to", "must not be before from");
	int tz = r->svc.cfg.tz_min;
	q.filter.from = hf ? (int64_t)from * 86400 - (int64_t)tz * 60 : 0;
	q.filter.to = ht ? (int64_t)(to + 1) * 86400 - (int64_t)tz * 60 : INT64_MAX;
	const char *fmt = qs_str(r, "format"), *split = qs_str(r, "split");
	int f = fmt ? table_format_parse(fmt) : TABLE_JSON;
	if (f < 0)
		svc_field(&r->svc, "format", "must be json, csv or xlsx");
	if (split && strcmp(split, "unit") != 0 && strcmp(split, "none") != 0)
		svc_field(&r->svc, "split", "must be unit or none");
	if (reply_if_invalid(r))
		return;
	q.split = q.filter.by_unit = split && strcmp(split, "unit") == 0;
	struct svc_scheme scheme;
	rc = svc_scheme_for(&r->svc, camp.nphases ? camp.phases[0].starts_on : svc_today(&r->svc),
			    &scheme);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	q.scale = scheme.scale;

	/* one evaluation's rows say so in the title and the file's name */
	const char *which =
		dim >= 0 ? arena_printf(&r->a, "（%s）", wb_enum_label(&wb_dimensions, dim)) : "";
	const char *title = arena_printf(&r->a, "%s %s%s", camp.name, form_name(form), which);
	const char *name = arena_printf(&r->a, "%s-%s%s.%s", camp.name, form_name(form), which,
					table_ext((enum table_format)f));
	struct fill_forms ff = {r->svc.st, &q};
	reply_table(r, f, title, q.split, fill_forms, &ff, name);
}
