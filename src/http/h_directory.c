/* The directory: units, users, campaigns, the working-day calendar, audit verification. */
#include "http.h"

#include <string.h>

#include "../core/date.h"
#include "../core/perm.h"
#include "../util/err.h"

/* 403 for a list or create the role may never use. */
static int allowed(struct req *r, enum wb_perm p)
{
	if (wb_perm_allows(r->svc.who.role, p))
		return 1;
	reply_problem(r, 403, "your role may not do this");
	return 0;
}

/* ---- units ---- */

static int unit_row(void *arg, const struct wb_unit *u)
{
	list_add(arg, u->id, render_unit(u));
	return 0;
}

void h_units_list(struct req *r)
{
	struct store_unit_filter f = {.kind = -1};
	if (qs_page(r, &f.limit, &f.cursor) < 0)
		return;
	qs_enum(r, "kind", &wb_unit_kinds, &f.kind);
	qs_id(r, "parent_id", &f.parent_id);
	qs_id(r, "station_id", &f.station_id);
	if (reply_if_invalid(r))
		return;
	struct list l;
	list_init(&l, r, f.limit);
	f.limit++;
	list_finish(&l, store_unit_list(r->svc.st, &f, unit_row, &l));
}

static void reply_unit(struct req *r, unsigned status, int64_t id)
{
	struct wb_unit u;
	int rc = store_unit_get(r->svc.st, id, &r->a, &u);
	if (rc <= 0) {
		reply_err(r, rc < 0 ? rc : WB_ERR_NOT_FOUND);
		return;
	}
	if (status == 201)
		r->location = arena_printf(&r->a, "/api/v1/units/%lld", (long long)id);
	reply_json(r, status, render_unit(&u));
}

void h_units_create(struct req *r)
{
	static const char *const fields[] = {"name",       "kind", "parent_id",
					     "station_id", "code", NULL};
	if (!allowed(r, PERM_UNIT_WRITE))
		return;
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct wb_unit u = {0};
	int kind = -1, has;
	jin_str(r, o, "name", &u.name, &has);
	jin_required(r, "name", has);
	jin_enum(r, o, "kind", &wb_unit_kinds, &kind, &has);
	jin_required(r, "kind", has);
	jin_int(r, o, "parent_id", 1, INT64_MAX, &u.parent_id, NULL);
	jin_int(r, o, "station_id", 1, INT64_MAX, &u.station_id, NULL);
	jin_str(r, o, "code", &u.code, NULL);
	json_decref(o);
	if (reply_if_invalid(r))
		return;
	u.kind = kind;
	int64_t id;
	int rc = svc_unit_create(&r->svc, &u, &id);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_unit(r, 201, id);
}

void h_units_get(struct req *r)
{
	reply_unit(r, 200, r->ids[0]);
}

void h_units_patch(struct req *r)
{
	static const char *const fields[] = {"name", "parent_id", "station_id", "code", NULL};
	if (!allowed(r, PERM_UNIT_WRITE))
		return;
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct svc_unit_patch p = {0};
	p.has_name = json_object_get(o, "name") != NULL;
	p.has_code = json_object_get(o, "code") != NULL;
	p.has_parent_id = json_object_get(o, "parent_id") != NULL;
	p.has_station_id = json_object_get(o, "station_id") != NULL;
	jin_str(r, o, "name", &p.name, NULL);
	jin_str(r, o, "code", &p.code, NULL);
	jin_int(r, o, "parent_id", 1, INT64_MAX, &p.parent_id, NULL);
	jin_int(r, o, "station_id", 1, INT64_MAX, &p.station_id, NULL);
	json_decref(o);
	if (reply_if_invalid(r))
		return;
	int rc = svc_unit_update(&r->svc, r->ids[0], &p);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_unit(r, 200, r->ids[0]);
}

/* ---- users ---- */

static int user_row(void *arg, const struct wb_user *u)
{
	list_add(arg, u->id, render_user(u));
	return 0;
}

void h_users_list(struct req *r)
{
	if (!allowed(r, PERM_USER_READ))
		return;
	int limit;
	int64_t cursor;
	if (qs_page(r, &limit, &cursor) < 0)
		return;
	struct list l;
	list_init(&l, r, limit);
	list_finish(&l, store_user_list(r->svc.st, cursor, limit + 1, user_row, &l));
}

void h_users_create(struct req *r)
{
	static const char *const fields[] = {"username", "display_name", "role",
					     "unit_id",  "password",     NULL};
	if (!allowed(r, PERM_USER_WRITE))
		return;
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct wb_user u = {0};
	const char *password;
	int role = -1, has;
	jin_str(r, o, "username", &u.username, &has);
	jin_required(r, "username", has);
	jin_str(r, o, "display_name", &u.display_name, NULL);
	jin_enum(r, o, "role", &wb_roles, &role, &has);
	jin_required(r, "role", has);
	jin_int(r, o, "unit_id", 1, INT64_MAX, &u.unit_id, NULL);
	jin_str(r, o, "password", &password, &has);
	jin_required(r, "password", has);
	json_decref(o);
	if (reply_if_invalid(r))
		return;
	u.role = role;
	int64_t id;
	int rc = svc_user_create(&r->svc, &u, password, &id);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	rc = store_user_get(r->svc.st, id, &r->a, &u);
	if (rc <= 0) {
		reply_err(r, rc < 0 ? rc : WB_ERR_INTERNAL);
		return;
	}
	r->location = arena_printf(&r->a, "/api/v1/users/%lld", (long long)id);
	reply_json(r, 201, render_user(&u));
}

/* ---- campaigns ---- */

static int campaign_row(void *arg, const struct wb_campaign *c)
{
	list_add(arg, c->id, render_campaign(c));
	return 0;
}

void h_campaigns_list(struct req *r)
{
	int limit;
	int64_t cursor;
	if (qs_page(r, &limit, &cursor) < 0)
		return;
	struct list l;
	list_init(&l, r, limit);
	list_finish(&l, store_campaign_list(r->svc.st, cursor, limit + 1, campaign_row, &l));
}

static void reply_campaign(struct req *r, unsigned status, int64_t id)
{
	struct wb_campaign c;
	int rc = store_campaign_get(r->svc.st, id, &r->a, &c);
	if (rc <= 0) {
		reply_err(r, rc < 0 ? rc : WB_ERR_NOT_FOUND);
		return;
	}
	if (status == 201)
		r->location = arena_printf(&r->a, "/api/v1/campaigns/%lld", (long long)id);
	reply_json(r, status, render_campaign(&c));
}

static void read_phases(struct req *r, json_t *o, struct wb_campaign *c)
{
	json_t *arr = json_object_get(o, "phases");
	if (arr == NULL || json_is_null(arr)) {
		jin_required(r, "phases", 0);
		return;
	}
	if (!json_is_array(arr) || json_array_size(arr) < 1 || json_array_size(arr) > PHASE__N) {
		svc_field(&r->svc, "phases", "must be an array of one to three phases");
		return;
	}
	size_t i;
	json_t *ph;
	json_array_foreach(arr, i, ph)
	{
		static const char *const keys[] = {"kind", "starts_on", "ends_on"};
		const char *key;
		json_t *v;
		if (!json_is_object(ph)) {
			svc_field(&r->svc, "phases",
				  "each phase is an object {kind, starts_on, ends_on}");
			return;
		}
		json_object_foreach(ph, key, v)
		{
			int known = 0;
			for (int k = 0; k < 3; k++)
				known |= strcmp(keys[k], key) == 0;
			if (!known)
				svc_field(&r->svc, arena_printf(&r->a, "phases[%zu].%s", i, key),
					  "is not a field of a phase");
		}
		int kind = -1, hk, hs, he;
		const char *fk = arena_printf(&r->a, "phases[%zu].kind", i);
		const char *fs = arena_printf(&r->a, "phases[%zu].starts_on", i);
		const char *fe = arena_printf(&r->a, "phases[%zu].ends_on", i);
		jin_enum(r, ph, "kind", &wb_phase_kinds, &kind, &hk);
		jin_date(r, ph, "starts_on", &c->phases[i].starts_on, &hs);
		jin_date(r, ph, "ends_on", &c->phases[i].ends_on, &he);
		if (!hk)
			svc_field(&r->svc, fk, "is required");
		if (!hs)
			svc_field(&r->svc, fs, "is required");
		if (!he)
			svc_field(&r->svc, fe, "is required");
		c->phases[i].kind = kind < 0 ? 0 : kind;
	}
	c->nphases = (int)json_array_size(arr);
}

void h_campaigns_create(struct req *r)
{
	static const char *const fields[] = {"name", "year", "phases", NULL};
	if (!allowed(r, PERM_CAMPAIGN_WRITE))
		return;
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct wb_campaign c = {0};
	int64_t year = 0;
	int has;
	jin_str(r, o, "name", &c.name, &has);
	jin_required(r, "name", has);
	jin_int(r, o, "year", 2000, 2100, &year, &has);
	jin_required(r, "year", has);
	read_phases(r, o, &c);
	json_decref(o);
	if (reply_if_invalid(r))
		return;
	c.year = (int)year;
	int64_t id;
	int rc = svc_campaign_create(&r->svc, &c, &id);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_campaign(r, 201, id);
}

void h_campaigns_get(struct req *r)
{
	reply_campaign(r, 200, r->ids[0]);
}

/* ---- calendar ---- */

void h_calendar_list(struct req *r)
{
	wb_date from, to;
	int hf, ht;
	qs_date(r, "from", &from, &hf);
	qs_date(r, "to", &to, &ht);
	if (reply_if_invalid(r))
		return;
	wb_date today = svc_today(&r->svc);
	if (!hf)
		from = today - 366;
	if (!ht)
		to = from + 2 * 366;
	if (to < from || to - from > 5 * 366) {
		svc_field(&r->svc, "to", "must be after from, at most five years later");
		reply_problem(r, 400, NULL);
		return;
	}
	struct wb_calendar cal;
	int rc = svc_calendar(&r->svc, from, to, &cal);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = json_array();
	size_t i = 0, j = 0;
	while (i < cal.nholidays || j < cal.nworkdays) {
		int take_h = j >= cal.nworkdays ||
			     (i < cal.nholidays && cal.holidays[i] < cal.workdays[j]);
		wb_date d = take_h ? cal.holidays[i++] : cal.workdays[j++];
		json_array_append_new(items, json_pack("{s:o, s:s}", "date", render_date(d), "kind",
						       take_h ? "holiday" : "workday"));
	}
	reply_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next"));
}

static int calendar_day(struct req *r, wb_date *d)
{
	if (wb_date_parse(r->words[0], d) < 0) {
		svc_field(&r->svc, "date", "must be a date YYYY-MM-DD");
		reply_problem(r, 400, NULL);
		return -1;
	}
	return 0;
}

void h_calendar_put(struct req *r)
{
	static const char *const fields[] = {"kind", NULL};
	wb_date d;
	if (calendar_day(r, &d) < 0)
		return;
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	const char *kind;
	int has;
	jin_str(r, o, "kind", &kind, &has);
	jin_required(r, "kind", has);
	json_decref(o);
	if (has && strcmp(kind, "holiday") != 0 && strcmp(kind, "workday") != 0)
		svc_field(&r->svc, "kind", "must be holiday or workday");
	if (reply_if_invalid(r))
		return;
	int rc = svc_calendar_set(&r->svc, d, strcmp(kind, "workday") == 0);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	reply_json(r, 200, json_pack("{s:o, s:s}", "date", render_date(d), "kind", kind));
}

void h_calendar_delete(struct req *r)
{
	wb_date d;
	if (calendar_day(r, &d) < 0)
		return;
	int rc = svc_calendar_set(&r->svc, d, -1);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_empty(r, 204);
}

/* ---- audit ---- */

void h_audit_verify(struct req *r)
{
	struct svc_verify v;
	int rc = svc_audit_verify(&r->svc, qs_str(r, "checkpoint"), &v);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *j = json_pack("{s:b, s:I, s:o, s:s, s:o}", "ok", v.ok, "events",
			      (json_int_t)v.events, "first_bad_event",
			      v.first_bad ? json_integer(v.first_bad) : json_null(), "head", v.head,
			      "mismatch", v.mismatch ? json_string(v.mismatch) : json_null());
	json_object_set_new(j, "checkpoint",
			    v.checkpoint < 0 ? json_null() : json_boolean(v.checkpoint));
	json_object_set_new(j, "checkpoint_detail",
			    v.checkpoint_detail ? json_string(v.checkpoint_detail) : json_null());
	reply_json(r, 200, j);
}

/* ---- reminders ---- */

void h_reminders_run(struct req *r)
{
	if (r->svc.who.role != ROLE_ADMIN) {
		reply_problem(r, 403, "only the district office runs reminders");
		return;
	}
	if (r->body.len) {
		static const char *const none[] = {NULL};
		json_t *o = jin_object(r, none);
		if (o == NULL)
			return;
		json_decref(o);
	}
	struct svc_sweep_result res;
	int rc = svc_sweep(&r->svc, &res);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	reply_json(r, 200,
		   json_pack("{s:i, s:i, s:i, s:i}", "reminded", res.reminded, "escalated",
			     res.escalated, "target_reminded", res.target_reminded,
			     "faults_proposed", res.faults_proposed));
}
