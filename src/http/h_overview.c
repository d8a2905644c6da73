/*
 * Reads for the web UI: GET /summary (the home page's counts), GET /opinions/{id}/similar
 * (received opinions that resemble one) and GET /calendar/due (a deadline in working days,
 * computed as dispatch computes it).
 */
#include "http.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "../core/date.h"
#include "../export/forms.h"
#include "../util/err.h"

/*
 * ?key= as an integer of at most nine digits; *has says whether it was given.
 * @return 0, or -1 after a field error
 */
static int qs_long(struct req *r, const char *key, long *out, int *has)
{
	const char *s = qs_str(r, key);
	*has = s != NULL;
	if (s == NULL)
		return 0;
	long long v;
	if (wb_parse_int(s, strlen(s), -999999999, 999999999, &v) < 0) {
		svc_field(&r->svc, key, "must be an integer");
		return -1;
	}
	*out = (long)v;
	return 0;
}

/* ?key= as an integer @p lo..@p hi; *has says whether it was given. */
static void qs_range(struct req *r, const char *key, long lo, long hi, long *out, int *has)
{
	long v = 0;
	if (qs_long(r, key, &v, has) < 0 || !*has)
		return;
	if (v < lo || v > hi)
		svc_field(&r->svc, key,
			  arena_printf(&r->a, "must be an integer from %ld to %ld", lo, hi));
	else
		*out = v;
}

/* ---- GET /summary ---- */

static json_t *count(int64_t v)
{
	return json_integer((json_int_t)v);
}

void h_summary(struct req *r)
{
	int64_t campaign_id;
	qs_id(r, "campaign_id", &campaign_id);
	if (reply_if_invalid(r))
		return;
	struct svc_summary sum;
	int rc = svc_summary(&r->svc, campaign_id, &sum);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	const struct store_summary *s = &sum.s;
	int64_t opinions = 0, problems = 0;
	for (int i = 0; i < OS__N; i++)
		opinions += s->opinions[i];
	json_t *by_status = json_object();
	for (int i = 0; i < PS__N; i++) {
		problems += s->problems[i];
		json_object_set_new(by_status, wb_enum_name(&wb_pstatuses, i),
				    count(s->problems[i]));
	}
	json_t *j = json_object();
	json_object_set_new(j, "campaign_id",
			    campaign_id ? json_integer(campaign_id) : json_null());
	json_object_set_new(j, "today", render_date(sum.today));
	json_object_set_new(j, "due_soon_until", render_date(sum.soon));
	if (sum.opinions_visible) {
		json_t *o = json_pack("{s:o}", "total", count(opinions));
		for (int i = 0; i < OS__N; i++)
			json_object_set_new(o, wb_enum_name(&wb_opinion_statuses, i),
					    count(s->opinions[i]));
		json_object_set_new(j, "opinions", o);
	}
	json_object_set_new(j, "problems",
			    json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "total",
				      count(problems), "by_status", by_status, "overdue",
				      count(s->overdue), "flagged", count(s->flagged),
				      "extension_pending", count(s->ext_pending), "due_soon",
				      count(s->due_soon), "awaiting_verification",
				      count(s->problems[PS_RECTIFIED]), "awaiting_evaluation",
				      count(s->awaiting_evaluation), "reminded", count(s->reminded),
				      "escalated", count(s->escalated)));
	/* Each tile with its list: the same filter, in the same campaign. */
	json_t *tiles = json_array();
	for (int i = 0; i < sum.ntiles; i++) {
		const struct svc_tile *t = &sum.tiles[i];
		json_t *f = json_object();
		if (t->key)
			json_object_set_new(f, t->key, json_string(t->value));
		if (t->sort)
			json_object_set_new(f, "sort", json_string(t->sort));
		if (campaign_id)
			json_object_set_new(f, "campaign_id", json_integer(campaign_id));
		json_array_append_new(tiles, json_pack("{s:s, s:s, s:o, s:I, s:s, s:o}", "name",
						       t->name, "label", t->label, "tone",
						       t->tone ? json_string(t->tone) : json_null(),
						       "count", (json_int_t)t->count, "list",
						       t->list, "filter", f));
	}
	json_object_set_new(j, "tiles", tiles);
	/* Each step: exactly the rows its form holds for the same campaign and scope. */
	json_t *funnel = json_array();
	for (int i = 0; i < 5; i++)
		json_array_append_new(funnel,
				      json_pack("{s:i, s:s, s:o}", "form", i + 1, "label",
						form_name(i + 1), "count", count(s->form_rows[i])));
	json_object_set_new(j, "funnel", funnel);
	reply_json(r, 200, j);
}

/* ---- GET /opinions/{id}/similar ---- */

enum { SIMILAR_LIMIT = 10, SIMILAR_MAX = 50 };

void h_opinions_similar(struct req *r)
{
	long limit = SIMILAR_LIMIT;
	int has;
	double min = 0.2;
	qs_range(r, "limit", 1, SIMILAR_MAX, &limit, &has);
	const char *m = qs_str(r, "min");
	if (m) {
		char *end;
		double v = strtod(m, &end);
		if (end == m || *end || !isfinite(v) || v < 0 || v > 1)
			svc_field(&r->svc, "min", "must be a number from 0 to 1");
		else
			min = v;
	}
	if (reply_if_invalid(r))
		return;
	struct svc_similar_item *v;
	int n;
	int rc = svc_opinion_similar(&r->svc, r->ids[0], min, (int)limit, &v, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		json_t *o = render_opinion(r, &v[i].o);
		/* Four decimals: enough to rank by eye, and stable in JSON. */
		json_object_set_new(o, "similarity", json_real(round(v[i].similarity * 1e4) / 1e4));
		json_array_append_new(items, o);
	}
	reply_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next"));
}

/* ---- GET /calendar/due ---- */

/* The same bounds and words as a dispatch's due_workdays, so a form can show either. */
void h_calendar_due(struct req *r)
{
	long workdays = 0;
	int has_workdays, has_from, severity;
	wb_date from;
	if (qs_long(r, "workdays", &workdays, &has_workdays) == 0 && has_workdays)
		svc_check_workdays(&r->svc, "workdays", workdays);
	qs_enum(r, "severity", &wb_severities, &severity);
	qs_date(r, "from", &from, &has_from);
	/* the calendar holds a few years around today: a deadline far off is not computed */
	wb_date today = svc_today(&r->svc);
	if (has_from && (from < today - 3 * 366 || from > today + 3 * 366))
		svc_field(&r->svc, "from", "must be within three years of today");
	if (has_workdays && severity >= 0)
		svc_field(&r->svc, "workdays", "give workdays or severity, not both");
	else if (!has_workdays && severity < 0 && r->svc.errs.n == 0)
		svc_field(&r->svc, "workdays", "give workdays or severity");
	if (reply_if_invalid(r))
		return;
	if (!has_from)
		from = svc_today(&r->svc);
	if (severity >= 0)
		workdays = r->svc.cfg.due_workdays[severity];
	wb_date due;
	int rc = svc_workday_add(&r->svc, from, (int)workdays, &due);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	reply_json(r, 200,
		   json_pack("{s:o, s:i, s:o}", "from", render_date(from), "workdays",
			     (int)workdays, "due_on", render_date(due)));
}
