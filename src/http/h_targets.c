/*
 * Annual target management: /targets/{year} (the year's scheme and letters), a unit's
 * responsibility letter and its steps, and the assessment sheet. The rules are in
 * src/svc/svc_letters.c and svc_targets.c; this file translates.
 */
#include "http.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "../core/enums.h"
#include "../export/targets.h"
#include "../svc/svc_people.h"
#include "../svc/svc_targets.h"
#include "../util/err.h"

static json_t *number2(double v)
{
	return json_real(round(v * 100) / 100);
}

static json_t *milli(int64_t v)
{
	return v % 1000 == 0 ? json_integer(v / 1000) : json_real((double)v / 1000.0);
}

static json_t *render_result(struct req *r, const struct wb_target_result *x,
			     enum wb_target_rule rule)
{
	json_t *j = json_pack("{s:o, s:o, s:o, s:o}", "actual",
			      rule == TR_DEDUCT ? json_null() : milli(x->actual), "deduction",
			      rule == TR_DEDUCT ? milli(x->deduction) : json_null(), "at",
			      render_time(r, x->at), "by_user_id",
			      x->by_user_id ? json_integer(x->by_user_id) : json_null());
	json_object_set_new(j, "note", x->note ? json_string(x->note) : json_null());
	return j;
}

static json_t *render_report(struct req *r, const struct wb_target_report *x)
{
	return json_pack("{s:I, s:I, s:I, s:s, s:s, s:I, s:o}", "id", (json_int_t)x->id, "quarter",
			 (json_int_t)x->quarter, "percent", (json_int_t)x->percent, "text", x->text,
			 "evidence", x->evidence, "by_user_id", (json_int_t)x->by_user_id, "at",
			 render_time(r, x->at));
}

static const char *card_name(const struct wb_target_scheme *s, int street, int card)
{
	return street ? s->street_cards[card == 2] : s->department_card;
}

/* A letter: its unit, status and times, its cards' points, items, amendments, actions. */
static json_t *render_letter(struct req *r, const struct svc_letter *v,
			     const struct wb_target_scheme *s, int full)
{
	const struct wb_target_letter *l = &v->l;
	int street = v->unit.kind == UK_STREET;
	json_t *cards = json_array();
	for (int c = 1; c <= (street ? 2 : 1); c++)
		json_array_append_new(cards, json_pack("{s:i, s:s, s:o}", "card", c, "name",
						       card_name(s, street, c), "points",
						       milli(v->sums[c])));
	json_t *acts = json_array();
	for (int a = 0; a < LA__N; a++)
		if (v->actions & 1u << a)
			json_array_append_new(acts, json_string(svc_letter_action_names[a]));
	json_t *j = json_pack(
		"{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:I, s:o, s:I, s:o}", "year",
		(json_int_t)l->year, "unit_id", (json_int_t)l->unit_id, "unit_name",
		v->unit.name ? v->unit.name : "", "unit_code", v->unit.code ? v->unit.code : "",
		"unit_kind", wb_enum_name(&wb_unit_kinds, v->unit.kind), "status",
		wb_enum_name(&wb_letter_statuses, l->status), "status_label",
		wb_enum_label(&wb_letter_statuses, l->status), "issued_at",
		render_time(r, l->issued_at), "signed_at", render_time(r, l->signed_at),
		"in_force_at", render_time(r, l->in_force_at), "amendments",
		(json_int_t)l->amendments, "cards", cards, "item_count", (json_int_t)v->nitems,
		"actions", acts);
	json_object_set_new(j, "signed_by", l->signed_by ? json_string(l->signed_by) : json_null());
	json_object_set_new(j, "returned_reason",
			    l->returned_reason ? json_string(l->returned_reason) : json_null());
	json_object_set_new(j, "returned_at", render_time(r, l->returned_at));
	if (!full)
		return j;
	json_t *items = json_array();
	for (size_t i = 0; i < v->nitems; i++) {
		const struct wb_target_item *ti = &v->items[i];
		json_t *it = svc_target_item_json(ti);
		json_object_set_new(it, "card_name",
				    json_string(card_name(s, street, (int)ti->card)));
		json_t *res = json_null();
		for (size_t k = 0; k < v->nresults; k++)
			if (strcmp(v->results[k].code, ti->code) == 0) {
				json_decref(res);
				res = render_result(r, &v->results[k], ti->rule);
			}
		json_object_set_new(it, "result", res);
		json_t *reps = json_array();
		for (size_t k = 0; k < v->nreports; k++)
			if (strcmp(v->reports[k].code, ti->code) == 0)
				json_array_append_new(reps, render_report(r, &v->reports[k]));
		json_object_set_new(it, "reports", reps);
		json_array_append_new(items, it);
	}
	json_object_set_new(j, "selfcheck", l->selfcheck ? json_string(l->selfcheck) : json_null());
	json_object_set_new(j, "selfcheck_at", render_time(r, l->selfcheck_at));
	json_object_set_new(j, "items", items);
	json_t *am = json_array();
	for (size_t i = 0; i < v->namends; i++) {
		const struct wb_target_amendment *m = &v->amends[i];
		json_t *b = json_loads(m->before, 0, NULL), *a = json_loads(m->after, 0, NULL);
		json_array_append_new(
			am, json_pack("{s:I, s:s, s:I, s:o, s:o, s:o}", "id", (json_int_t)m->id,
				      "reason", m->reason, "by_user_id", (json_int_t)m->by_user_id,
				      "at", render_time(r, m->at), "before", b ? b : json_array(),
				      "after", a ? a : json_array()));
	}
	json_object_set_new(j, "amendment_list", am);
	return j;
}

static int year_scheme(struct req *r, int64_t year, struct wb_target_scheme *s, int *stored)
{
	int rc = svc_targets_scheme(&r->svc, year, s, stored);
	if (rc < 0)
		reply_err(r, rc);
	return rc;
}

void h_targets_year(struct req *r)
{
	int64_t year = r->ids[0];
	struct wb_target_scheme s;
	int stored;
	if (year_scheme(r, year, &s, &stored) < 0)
		return;
	struct svc_letter *v;
	size_t n;
	int rc = svc_letter_list(&r->svc, year, &v, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *letters = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(letters, render_letter(r, &v[i], &s, 0));
	struct wb_target_year y;
	if ((rc = svc_target_year(&r->svc, year, &y)) < 0) {
		json_decref(letters);
		reply_err(r, rc);
		return;
	}
	json_t *acts = json_array();
	unsigned may = svc_target_year_actions(&r->svc, v, n, &y);
	for (int a = 0; a < TYA__N; a++)
		if (may & 1u << a)
			json_array_append_new(acts, json_string(svc_target_year_action_names[a]));
	json_t *j = json_pack("{s:I, s:o, s:b, s:o, s:o, s:o, s:o, s:o}", "year", (json_int_t)year,
			      "scheme", svc_scheme_json(&s), "scheme_set", stored, "letters",
			      letters, "actions", acts, "published_at",
			      render_time(r, y.published_at), "appeal_until",
			      render_date(y.appeal_until), "final_at", render_time(r, y.final_at));
	json_object_set_new(j, "sheet_hash",
			    y.sheet_hash ? json_string(y.sheet_hash) : json_null());
	reply_json(r, 200, j);
}

void h_targets_scheme(struct req *r)
{
	static const char *const fields[] = {"street_cards", "department_card", "ding",
					     "level_points", "grades",          NULL};
	int64_t year = r->ids[0];
	struct wb_target_scheme s;
	if (year_scheme(r, year, &s, NULL) < 0)
		return;
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	int rc = svc_scheme_from_json(&r->svc, o, &s);
	json_decref(o);
	if (rc == 0)
		rc = svc_targets_scheme_set(&r->svc, year, &s);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	reply_json(r, 200, svc_scheme_json(&s));
}

static void reply_letter(struct req *r, unsigned status)
{
	struct wb_target_scheme s;
	struct svc_letter v;
	int rc = svc_letter_get(&r->svc, r->ids[0], r->ids[1], &v);
	if (rc == 0)
		rc = svc_targets_scheme(&r->svc, r->ids[0], &s, NULL);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_json(r, status, render_letter(r, &v, &s, 1));
}

void h_targets_letter(struct req *r)
{
	reply_letter(r, 200);
}

/* A step on a letter: its body's members (the text one and the items) into svc. */
static void letter_step(struct req *r, enum svc_letter_action act, const char *text_member,
			int with_items)
{
	const char *fields[] = {text_member ? text_member : "items", with_items ? "items" : NULL,
				NULL};
	const char *text = NULL;
	json_t *items = NULL, *o = NULL;
	if (r->body.len || text_member || with_items) {
		if ((o = jin_object(r, fields)) == NULL)
			return;
		if (text_member)
			jin_str(r, o, text_member, &text, NULL);
		if (with_items) {
			items = json_object_get(o, "items");
			if (items && json_is_null(items))
				items = NULL;
		}
	}
	if (reply_if_invalid(r)) {
		json_decref(o);
		return;
	}
	int rc = svc_letter_act(&r->svc, r->ids[0], r->ids[1], act, text, items);
	json_decref(o);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_letter(r, 200);
}

void h_targets_letter_items(struct req *r)
{
	letter_step(r, LA_EDIT, NULL, 1);
}

void h_targets_letter_issue(struct req *r)
{
	letter_step(r, LA_ISSUE, NULL, 0);
}

void h_targets_letter_return(struct req *r)
{
	letter_step(r, LA_RETURN, "reason", 0);
}

void h_targets_letter_sign(struct req *r)
{
	letter_step(r, LA_SIGN, "signed_by", 0);
}

void h_targets_letter_enact(struct req *r)
{
	letter_step(r, LA_ENACT, NULL, 0);
}

void h_targets_letter_amend(struct req *r)
{
	letter_step(r, LA_AMEND, "reason", 1);
}

/* ---- the sheet and the letters as tables ---- */

struct targets_table {
	const struct wb_target_line *lines;
	size_t nlines;
	const struct wb_target_item *items;
	const char *const *status;
	size_t nitems;
	struct targets_unit *units;
	size_t nunits;
	const struct wb_target_scheme *s;
};

static int fill_sheet(struct table *t, void *arg)
{
	struct targets_table *x = arg;
	return targets_export_sheet(t, x->lines, x->nlines, x->units, x->nunits, x->s);
}

static int fill_items(struct table *t, void *arg)
{
	struct targets_table *x = arg;
	return targets_export_items(t, x->items, x->nitems, x->status, x->units, x->nunits, x->s);
}

static struct targets_unit *table_units(struct req *r, size_t *n)
{
	struct wb_unit *u;
	if (svc_target_units(&r->svc, &u, n) < 0)
		*n = 0;
	struct targets_unit *v = arena_alloc(&r->a, (*n + 1) * sizeof *v);
	for (size_t i = 0; i < *n; i++)
		v[i] = (struct targets_unit){u[i].id, u[i].code, u[i].name, u[i].kind == UK_STREET};
	return v;
}

void h_targets_assessment(struct req *r)
{
	int64_t year = r->ids[0];
	const char *fmt = qs_str(r, "format");
	int f = fmt ? table_format_parse(fmt) : -1;
	if (fmt && f < 0)
		svc_field(&r->svc, "format", "must be json, csv or xlsx");
	if (reply_if_invalid(r))
		return;
	struct wb_target_scheme s;
	struct wb_target_line *v;
	size_t n;
	int rc = svc_targets_assess(&r->svc, year, &v, &n);
	if (rc == 0)
		rc = svc_targets_scheme(&r->svc, year, &s, NULL);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	struct targets_table x = {.lines = v, .nlines = n, .s = &s};
	x.units = table_units(r, &x.nunits);
	if (fmt) {
		const char *title =
			arena_printf(&r->a, "%lld年度目标管理考核结果", (long long)year);
		reply_table(r, f, title, 0, fill_sheet, &x,
			    arena_printf(&r->a, "%s.%s", title, table_ext((enum table_format)f)));
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct wb_target_line *l = &v[i];
		const char *name = "";
		for (size_t k = 0; k < x.nunits; k++)
			if (x.units[k].id == l->unit_id)
				name = x.units[k].name;
		json_t *o = json_pack(
			"{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:i, s:b}",
			"unit_id", (json_int_t)l->unit_id, "unit_code", l->code, "unit_name", name,
			"kind", l->street ? "street" : "department", "card1", number2(l->card1),
			"base", json_real(l->base), "adds", number2(l->adds), "subtracts",
			number2(l->subtracts), "total", json_real(l->total), "grade",
			wb_grade_names[l->grade], "grade_label", wb_grade_labels[l->grade], "rank",
			l->rank, "vetoed", l->vetoed);
		json_object_set_new(o, "card2", l->street ? number2(l->card2) : json_null());
		json_array_append_new(items, o);
	}
	reply_json(r, 200,
		   json_pack("{s:I, s:o, s:o}", "year", (json_int_t)year, "scheme",
			     svc_scheme_json(&s), "items", items));
}

void h_targets_letters_export(struct req *r)
{
	int64_t year = r->ids[0];
	const char *fmt = qs_str(r, "format");
	int f = fmt ? table_format_parse(fmt) : TABLE_XLSX;
	if (f < 0)
		svc_field(&r->svc, "format", "must be json, csv or xlsx");
	if (reply_if_invalid(r))
		return;
	struct wb_target_scheme s;
	struct svc_letter *v;
	size_t n;
	int rc = svc_targets_scheme(&r->svc, year, &s, NULL);
	if (rc == 0)
		rc = svc_letter_list(&r->svc, year, &v, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += v[i].nitems;
	struct wb_target_item *items = arena_alloc(&r->a, (total + 1) * sizeof *items);
	const char **status = arena_alloc(&r->a, (total + 1) * sizeof *status);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < v[i].nitems; j++) {
			status[k] = wb_enum_label(&wb_letter_statuses, v[i].l.status);
			items[k++] = v[i].items[j];
		}
	struct targets_table x = {.items = items, .status = status, .nitems = k, .s = &s};
	x.units = table_units(r, &x.nunits);
	const char *title = arena_printf(&r->a, "%lld年度目标责任书", (long long)year);
	reply_table(r, f, title, 0, fill_items, &x,
		    arena_printf(&r->a, "%s.%s", title, table_ext((enum table_format)f)));
}

/* ---- through the year and at its end ---- */

/* A number member of at most three decimals, into thousandths; @p *has 0 when absent. */
static void jin_milli(struct req *r, json_t *o, const char *key, int64_t *out, int *has)
{
	json_t *v = json_object_get(o, key);
	*has = v && !json_is_null(v);
	if (*has && svc_json_milli(v, out) < 0)
		svc_field(&r->svc, key, "must be a number with at most 3 decimals");
}

/* The reply of a step on a letter: its error, or the letter. */
static void letter_done(struct req *r, json_t *o, int rc, unsigned status)
{
	json_decref(o);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_letter(r, status);
}

void h_targets_letter_result(struct req *r)
{
	static const char *const fields[] = {"code", "actual", "deduction", "note", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	const char *code = NULL, *note = NULL;
	int64_t actual = 0, deduction = 0;
	int ha, hd;
	jin_str(r, o, "code", &code, NULL);
	jin_str(r, o, "note", &note, NULL);
	jin_milli(r, o, "actual", &actual, &ha);
	jin_milli(r, o, "deduction", &deduction, &hd);
	if (reply_if_invalid(r)) {
		json_decref(o);
		return;
	}
	letter_done(r, o,
		    svc_target_result_set(&r->svc, r->ids[0], r->ids[1], code, ha ? &actual : NULL,
					  hd ? &deduction : NULL, note),
		    200);
}

void h_targets_letter_report(struct req *r)
{
	static const char *const fields[] = {"code", "quarter",  "percent",
					     "text", "evidence", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	const char *code = NULL, *text = NULL, *evidence = NULL;
	int64_t quarter = 0, percent = 0;
	int has;
	jin_str(r, o, "code", &code, NULL);
	jin_str(r, o, "text", &text, NULL);
	jin_str(r, o, "evidence", &evidence, NULL);
	jin_int(r, o, "quarter", 1, 4, &quarter, &has);
	jin_required(r, "quarter", has);
	jin_int(r, o, "percent", 0, 100, &percent, &has);
	jin_required(r, "percent", has);
	if (reply_if_invalid(r)) {
		json_decref(o);
		return;
	}
	letter_done(r, o,
		    svc_target_report(&r->svc, r->ids[0], r->ids[1], code, quarter, percent, text,
				      evidence),
		    201);
}

void h_targets_letter_selfcheck(struct req *r)
{
	static const char *const fields[] = {"text", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	const char *text = NULL;
	jin_str(r, o, "text", &text, NULL);
	if (reply_if_invalid(r)) {
		json_decref(o);
		return;
	}
	letter_done(r, o, svc_target_selfcheck(&r->svc, r->ids[0], r->ids[1], text), 200);
}

static const char *unit_name_of(struct req *r, int64_t id)
{
	struct wb_unit *u;
	size_t n;
	if (svc_target_units(&r->svc, &u, &n) >= 0)
		for (size_t i = 0; i < n; i++)
			if (u[i].id == id)
				return u[i].name;
	return "";
}

void h_targets_risks(struct req *r)
{
	static const char *const why[] = {"overdue", "behind", "unreported"};
	struct svc_target_risk *v;
	size_t n;
	int rc = svc_target_risks(&r->svc, r->ids[0], &v, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o =
			json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:I, s:b}", "unit_id",
				  (json_int_t)v[i].item.unit_id, "unit_name",
				  unit_name_of(r, v[i].item.unit_id), "code", v[i].item.code,
				  "name", v[i].item.name, "deadline",
				  render_date(v[i].item.deadline), "why", why[v[i].why], "percent",
				  (json_int_t)v[i].percent, "reported", v[i].reported);
		json_object_set_new(o, "quarter",
				    v[i].why == RISK_UNREPORTED ? json_integer(v[i].quarter)
								: json_null());
		json_array_append_new(items, o);
	}
	reply_json(r, 200, json_pack("{s:I, s:o}", "year", (json_int_t)r->ids[0], "items", items));
}

static void reply_year(struct req *r)
{
	struct wb_target_year y;
	int rc = svc_target_year(&r->svc, r->ids[0], &y);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *j = json_pack("{s:I, s:o, s:o, s:o}", "year", (json_int_t)y.year, "published_at",
			      render_time(r, y.published_at), "appeal_until",
			      render_date(y.appeal_until), "final_at", render_time(r, y.final_at));
	json_object_set_new(j, "sheet_hash",
			    y.sheet_hash ? json_string(y.sheet_hash) : json_null());
	reply_json(r, 200, j);
}

void h_targets_publish(struct req *r)
{
	static const char *const fields[] = {"appeal_days", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	int64_t days = 0;
	int has;
	jin_int(r, o, "appeal_days", 1, 60, &days, &has);
	jin_required(r, "appeal_days", has);
	json_decref(o);
	if (reply_if_invalid(r))
		return;
	int rc = svc_target_publish(&r->svc, r->ids[0], (int)days, 0);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_year(r);
}

void h_targets_final(struct req *r)
{
	if (r->body.len) {
		static const char *const fields[] = {NULL};
		json_t *o = jin_object(r, fields);
		if (o == NULL)
			return;
		json_decref(o);
	}
	int rc = svc_target_publish(&r->svc, r->ids[0], 0, 1);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_year(r);
}

static json_t *render_appeal(struct req *r, const struct wb_target_appeal *a)
{
	json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "id",
			      (json_int_t)a->id, "unit_id", (json_int_t)a->unit_id, "unit_name",
			      unit_name_of(r, a->unit_id), "reason", a->reason, "status",
			      wb_enum_name(&wb_appeal_statuses, a->status), "status_label",
			      wb_enum_label(&wb_appeal_statuses, a->status), "by_user_id",
			      (json_int_t)a->by_user_id, "at", render_time(r, a->at), "decided_at",
			      render_time(r, a->decided_at));
	json_object_set_new(j, "code", a->code ? json_string(a->code) : json_null());
	json_object_set_new(j, "decision", a->decision ? json_string(a->decision) : json_null());
	return j;
}

static void reply_appeals(struct req *r, unsigned status)
{
	struct wb_target_appeal *v;
	size_t n;
	int rc = svc_target_appeals(&r->svc, r->ids[0], &v, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, render_appeal(r, &v[i]));
	reply_json(r, status, json_pack("{s:o}", "items", items));
}

void h_targets_appeals(struct req *r)
{
	reply_appeals(r, 200);
}

/* The reply of a change to a list: its error, or the list as @p reply gives it. */
static void list_done(struct req *r, json_t *o, int rc, void (*reply)(struct req *, unsigned),
		      unsigned status)
{
	json_decref(o);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply(r, status);
}

void h_targets_appeal_create(struct req *r)
{
	static const char *const fields[] = {"unit_id", "code", "reason", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	int64_t unit = 0, id = 0;
	int has;
	const char *code = NULL, *reason = NULL;
	jin_int(r, o, "unit_id", 1, INT64_MAX, &unit, &has);
	jin_required(r, "unit_id", has);
	jin_str(r, o, "code", &code, NULL);
	jin_str(r, o, "reason", &reason, NULL);
	if (reply_if_invalid(r)) {
		json_decref(o);
		return;
	}
	list_done(r, o, svc_target_appeal(&r->svc, r->ids[0], unit, code, reason, &id),
		  reply_appeals, 201);
}

void h_targets_appeal_decide(struct req *r)
{
	static const char *const fields[] = {"upheld", "decision", "actual", "deduction", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	int upheld = 0, has, ha, hd;
	const char *decision = NULL;
	int64_t actual = 0, deduction = 0;
	jin_bool(r, o, "upheld", &upheld, &has);
	jin_required(r, "upheld", has);
	jin_str(r, o, "decision", &decision, NULL);
	jin_milli(r, o, "actual", &actual, &ha);
	jin_milli(r, o, "deduction", &deduction, &hd);
	if (reply_if_invalid(r)) {
		json_decref(o);
		return;
	}
	list_done(r, o,
		  svc_target_appeal_decide(&r->svc, r->ids[1], upheld, decision,
					   ha ? &actual : NULL, hd ? &deduction : NULL),
		  reply_appeals, 200);
}

static void reply_proposals(struct req *r, unsigned status)
{
	struct svc_target_proposal *v;
	size_t n;
	int rc = svc_target_proposals(&r->svc, r->ids[0], &v, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:o}", "source", v[i].source, "unit_id",
				      (json_int_t)v[i].unit_id, "unit_name",
				      unit_name_of(r, v[i].unit_id), "event", v[i].event,
				      "published_at", render_time(r, v[i].at));
		json_object_set_new(o, "status",
				    v[i].decided ? json_string(wb_enum_name(&wb_proposal_statuses,
									    v[i].decision.status))
						 : json_null());
		json_object_set_new(o, "note",
				    v[i].decided && v[i].decision.note
					    ? json_string(v[i].decision.note)
					    : json_null());
		json_array_append_new(items, o);
	}
	reply_json(r, status, json_pack("{s:o}", "items", items));
}

void h_targets_proposals(struct req *r)
{
	reply_proposals(r, 200);
}

void h_targets_proposal_decide(struct req *r)
{
	static const char *const fields[] = {"source", "confirm", "level", "note", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	const char *source = NULL, *note = NULL;
	int confirm = 0, level = LV_DISTRICT, has;
	jin_str(r, o, "source", &source, NULL);
	jin_bool(r, o, "confirm", &confirm, &has);
	jin_required(r, "confirm", has);
	jin_enum(r, o, "level", &wb_levels, &level, &has);
	jin_str(r, o, "note", &note, NULL);
	if (reply_if_invalid(r)) {
		json_decref(o);
		return;
	}
	list_done(r, o,
		  svc_target_proposal_decide(&r->svc, r->ids[0], source, confirm, level, note),
		  reply_proposals, 200);
}

static void reply_sanctions(struct req *r, unsigned status)
{
	struct wb_target_sanction *v;
	size_t n;
	int rc = svc_target_sanctions(&r->svc, r->ids[0], &v, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		struct wb_person p = {.name = ""};
		if (v[i].person_id && svc_person_get(&r->svc, v[i].person_id, &p) < 0)
			p.name = "";
		json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o}", "id",
				      (json_int_t)v[i].id, "unit_id", (json_int_t)v[i].unit_id,
				      "unit_name", unit_name_of(r, v[i].unit_id), "person_name",
				      p.name, "kind", wb_enum_name(&wb_sanction_kinds, v[i].kind),
				      "measure", v[i].measure, "at", render_time(r, v[i].at));
		json_object_set_new(o, "person_id",
				    v[i].person_id ? json_integer(v[i].person_id) : json_null());
		json_array_append_new(items, o);
	}
	memset(&r->svc.errs, 0, sizeof r->svc.errs);
	reply_json(r, status, json_pack("{s:o}", "items", items));
}

void h_targets_sanctions(struct req *r)
{
	reply_sanctions(r, 200);
}

void h_targets_sanction_create(struct req *r)
{
	static const char *const fields[] = {"unit_id", "person_id", "kind", "measure", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct wb_target_sanction in = {.year = r->ids[0]};
	int kind = 0, has;
	int64_t id;
	jin_int(r, o, "unit_id", 1, INT64_MAX, &in.unit_id, &has);
	jin_required(r, "unit_id", has);
	jin_int(r, o, "person_id", 1, INT64_MAX, &in.person_id, NULL);
	jin_enum(r, o, "kind", &wb_sanction_kinds, &kind, &has);
	jin_required(r, "kind", has);
	jin_str(r, o, "measure", &in.measure, NULL);
	in.kind = (enum wb_sanction_kind)kind;
	if (reply_if_invalid(r)) {
		json_decref(o);
		return;
	}
	list_done(r, o, svc_target_sanction(&r->svc, &in, &id), reply_sanctions, 201);
}

/* ---- items split down to people ---- */

static void reply_person_lines(struct req *r, int64_t unit_id)
{
	struct svc_person_line *v;
	size_t n;
	int rc = svc_target_person_lines(&r->svc, r->ids[0], unit_id, &v, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o =
			json_pack("{s:s, s:s, s:o, s:o, s:s, s:o, s:o}", "code", v[i].share.code,
				  "item_name", v[i].item.name ? v[i].item.name : "", "item_points",
				  milli(v[i].item.points), "points", milli(v[i].share.points),
				  "task", v[i].share.task, "person", render_person(&v[i].person),
				  "score", number2(v[i].score));
		json_object_set_new(o, "unit_id", json_integer(v[i].share.unit_id));
		json_array_append_new(items, o);
	}
	reply_json(r, 200, json_pack("{s:I, s:o}", "year", (json_int_t)r->ids[0], "items", items));
}

void h_targets_persons(struct req *r)
{
	reply_person_lines(r, r->ids[1]);
}

void h_targets_persons_put(struct req *r)
{
	static const char *const fields[] = {"items", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	json_t *items = json_object_get(o, "items");
	if (items == NULL || json_is_null(items))
		svc_field(&r->svc, "items", "is required");
	if (reply_if_invalid(r)) {
		json_decref(o);
		return;
	}
	int rc = svc_target_persons_set(&r->svc, r->ids[0], r->ids[1], items);
	json_decref(o);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_person_lines(r, r->ids[1]);
}

void h_targets_mine(struct req *r)
{
	reply_person_lines(r, 0);
}
