/* Forms 2 to 5: problems, their stages, and their history. */
#include "http.h"

#include <string.h>

#include "../core/perm.h"
#include "../core/stages.h"
#include "../util/err.h"

static int problem_row(void *arg, const struct wb_problem *p)
{
	struct list *l = arg;
	list_add(l, p->id, render_problem(l->r, p));
	return 0;
}

/*
 * Sorted by deadline, a page's cursor is the last row's deadline and id in one number:
 * the deadline's day number × 10⁹ + the id (ids stay below 10⁹).
 */
enum { DUE_CURSOR = 1000000000 };

static int problem_row_by_due(void *arg, const struct wb_problem *p)
{
	struct list *l = arg;
	list_add(l, (int64_t)p->due_on * DUE_CURSOR + p->id % DUE_CURSOR, render_problem(l->r, p));
	return 0;
}

void h_problems_list(struct req *r)
{
	struct store_problem_filter f = {.dimension = -1, .severity = -1};
	if (qs_page(r, &f.limit, &f.cursor) < 0)
		return;
	qs_id(r, "campaign_id", &f.campaign_id);
	qs_id(r, "target_unit_id", &f.target_unit_id);
	qs_id(r, "unit_id", &f.unit_id);
	qs_enum_set(r, "status", &wb_pstatuses, &f.statuses);
	qs_enum(r, "dimension", &wb_dimensions, &f.dimension);
	qs_enum(r, "severity", &wb_severities, &f.severity);
	qs_bool(r, "flagged", &f.flagged);
	qs_bool(r, "overdue", &f.overdue);
	qs_bool(r, "extension_pending", &f.ext_pending);
	qs_bool(r, "awaiting_evaluation", &f.awaiting_evaluation);
	int soon;
	qs_bool(r, "due_soon", &soon);
	/* newest first, or by deadline: the longest overdue first */
	static const char *const sorts[] = {"id", "due_on"};
	static const char *const sort_labels[] = {"最新在前", "期限最早在前"};
	static const struct wb_enum sort_enum = {sorts, sort_labels, 2};
	int sort;
	qs_enum(r, "sort", &sort_enum, &sort);
	if (reply_if_invalid(r))
		return;
	f.by_due = sort == 1; /* -1 when not given: newest first */
	f.cursor_due = WB_NO_DATE;
	if (f.by_due && f.cursor) {
		f.cursor_due = (wb_date)(f.cursor / DUE_CURSOR);
		f.cursor %= DUE_CURSOR;
	}
	f.today = svc_today(&r->svc);
	f.due_until = WB_NO_DATE;
	int rc = soon == 1 ? svc_workday_add(&r->svc, f.today, SVC_DUE_SOON_WORKDAYS, &f.due_until)
			   : 0;
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	struct list l;
	list_init(&l, r, f.limit);
	f.limit++;
	list_finish(&l, store_problem_list(r->svc.st, &r->svc.who, &f,
					   f.by_due ? problem_row_by_due : problem_row, &l));
}

/*
 * Load a problem in the caller's scope; replies 404 itself when it is not there. Right
 * after the caller acted on it (@p scoped 0) the problem may have left the caller's view
 * (a unit returning it), and the answer still shows the result of the action.
 */
static int load_as(struct req *r, int64_t id, struct wb_problem *p, int scoped)
{
	int rc = store_problem_get(r->svc.st, scoped ? &r->svc.who : NULL, id, &r->a, p);
	if (rc <= 0) {
		reply_err(r, rc < 0 ? rc : WB_ERR_NOT_FOUND);
		return -1;
	}
	return 0;
}

static int load(struct req *r, int64_t id, struct wb_problem *p)
{
	return load_as(r, id, p, 1);
}

static void reply_problem_record(struct req *r, unsigned status, int64_t id)
{
	struct wb_problem p;
	/* 200 and 201 answer an action just taken; only plain reads (GET, HEAD) are scoped
	 * here. */
	int read = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
	if (load_as(r, id, &p, read) < 0)
		return;
	int64_t *ids;
	int n;
	int rc = store_problem_opinion_ids(r->svc.st, id, &r->a, &ids, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *j = render_problem(r, &p);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_integer(ids[i]));
	json_object_set_new(j, "opinion_ids", arr);
	if (status == 201)
		r->location = arena_printf(&r->a, "/api/v1/problems/%lld", (long long)id);
	reply_json(r, status, j);
}

void h_problems_get(struct req *r)
{
	reply_problem_record(r, 200, r->ids[0]);
}

void h_problems_create(struct req *r)
{
	static const char *const fields[] = {"campaign_id", "target_unit_id", "dimension",
					     "title",       "summary",        "opinion_ids",
					     "category",    "severity",       NULL};
	if (!wb_perm_allows(r->svc.who.role, PERM_PROBLEM_CREATE)) {
		reply_problem(r, 403, "only the office and stations summarize problems");
		return;
	}
	json_t *j = jin_object(r, fields);
	if (j == NULL)
		return;
	struct wb_problem p = {0};
	int dim = -1, sev = SEV_NORMAL, has, n = 0;
	int64_t *ids = NULL;
	jin_int(r, j, "campaign_id", 1, INT64_MAX, &p.campaign_id, &has);
	jin_required(r, "campaign_id", has);
	jin_int(r, j, "target_unit_id", 1, INT64_MAX, &p.target_unit_id, &has);
	jin_required(r, "target_unit_id", has);
	jin_enum(r, j, "dimension", &wb_dimensions, &dim, &has);
	jin_required(r, "dimension", has);
	jin_str(r, j, "title", &p.title, &has);
	jin_required(r, "title", has);
	jin_str(r, j, "summary", &p.summary, NULL);
	jin_str(r, j, "category", &p.category, NULL);
	jin_enum(r, j, "severity", &wb_severities, &sev, NULL);
	jin_ids(r, j, "opinion_ids", 500, &ids, &n, &has);
	jin_required(r, "opinion_ids", has);
	json_decref(j);
	if (reply_if_invalid(r))
		return;
	p.dimension = dim;
	p.severity = sev;
	int64_t id;
	int rc = svc_problem_create(&r->svc, &p, ids, n, &id);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_problem_record(r, 201, id);
}

void h_problems_merge(struct req *r)
{
	static const char *const fields[] = {"opinion_ids", NULL};
	json_t *j = jin_object(r, fields);
	if (j == NULL)
		return;
	int64_t *ids = NULL;
	int n = 0, has;
	jin_ids(r, j, "opinion_ids", 500, &ids, &n, &has);
	jin_required(r, "opinion_ids", has);
	json_decref(j);
	if (reply_if_invalid(r))
		return;
	int rc = svc_problem_merge(&r->svc, r->ids[0], ids, n);
	if (rc < 0)
		reply_err(r, rc);
	else
		reply_problem_record(r, 200, r->ids[0]);
}

/* Sub-lists of a problem: the problem must be in scope first. */
static int sub_list(struct req *r, struct list *l)
{
	struct wb_problem p;
	if (load(r, r->ids[0], &p) < 0)
		return -1;
	list_init(l, r, 100000);
	return 0;
}

static int opinion_row(void *arg, const struct wb_opinion *o)
{
	struct list *l = arg;
	list_add(l, o->id, render_opinion(l->r, o));
	return 0;
}

void h_problems_opinions(struct req *r)
{
	struct list l;
	if (!wb_perm_allows(r->svc.who.role, PERM_OPINION_READ)) {
		reply_err(r, WB_ERR_NOT_FOUND);
		return;
	}
	if (sub_list(r, &l) < 0)
		return;
	struct store_opinion_filter f = {.problem_id = r->ids[0],
					 .status = -1,
					 .dimension = -1,
					 .source = -1,
					 .channel = -1,
					 .limit = 500};
	list_finish(&l, store_opinion_list(r->svc.st, &r->svc.who, &f, opinion_row, &l));
}

static int event_row(void *arg, const struct wb_event *e)
{
	struct list *l = arg;
	list_add(l, e->id, render_event(l->r, e));
	return 0;
}

void h_problems_events(struct req *r)
{
	struct list l;
	if (sub_list(r, &l) < 0)
		return;
	list_finish(&l, store_event_list(r->svc.st, "problem", r->ids[0], event_row, &l));
}

static int progress_row(void *arg, const struct wb_progress *p)
{
	struct list *l = arg;
	list_add(l, p->id, render_progress(l->r, p));
	return 0;
}

void h_problems_progress_list(struct req *r)
{
	struct list l;
	if (sub_list(r, &l) < 0)
		return;
	list_finish(&l, store_progress_list(r->svc.st, r->ids[0], progress_row, &l));
}

static int evaluation_row(void *arg, const struct wb_evaluation *e)
{
	struct list *l = arg;
	list_add(l, e->id, render_evaluation(l->r, e));
	return 0;
}

void h_problems_evaluations_list(struct req *r)
{
	struct list l;
	if (sub_list(r, &l) < 0)
		return;
	list_finish(&l, store_evaluation_list(r->svc.st, r->ids[0], evaluation_row, &l));
}

/* An empty body stands for {} on the stages that take no fields. */
static json_t *stage_body(struct req *r, enum wb_action a)
{
	if (r->body.len == 0 && wb_stages[a].fields[0] == NULL)
		return json_object();
	return jin_object(r, wb_stages[a].fields);
}

void h_problems_stage(struct req *r, enum wb_action a)
{
	json_t *j = stage_body(r, a);
	if (j == NULL)
		return;
	struct svc_stage s = {0};
	int64_t v = 0;
	int rating = -1;
	jin_int(r, j, "unit_id", 1, INT64_MAX, &s.unit_id, &s.has_unit_id);
	jin_int(r, j, "opinion_id", 1, INT64_MAX, &s.opinion_id, &s.has_opinion_id);
	jin_date(r, j, "due_on", &s.due_on, &s.has_due_on);
	if (jin_int(r, j, "due_workdays", -1000000, 1000000, &v, &s.has_due_workdays) == 0)
		s.due_workdays = (int)v;
	jin_bool(r, j, "flagged", &s.flagged, &s.has_flagged);
	if (jin_int(r, j, "percent", -1000, 1000, &v, &s.has_percent) == 0)
		s.percent = (int)v;
	jin_bool(r, j, "done", &s.done, &s.has_done);
	jin_bool(r, j, "passed", &s.passed, &s.has_passed);
	jin_bool(r, j, "approved", &s.approved, &s.has_approved);
	jin_enum(r, j, "rating", &wb_ratings, &rating, &s.has_rating);
	jin_str(r, j, "reason", &s.reason, NULL);
	jin_str(r, j, "reply", &s.reply, NULL);
	jin_str(r, j, "plan", &s.plan, NULL);
	jin_str(r, j, "measures", &s.measures, NULL);
	jin_str(r, j, "evidence", &s.evidence, NULL);
	jin_str(r, j, "note", &s.note, NULL);
	jin_str(r, j, "bulletin", &s.bulletin, NULL);
	json_decref(j);
	if (reply_if_invalid(r))
		return;
	s.rating = rating < 0 ? RATING__N : rating;
	int64_t eval_id = 0;
	int rc = svc_problem_act(&r->svc, r->ids[0], a, &s, &eval_id);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	if (a != ACT_EVALUATE) {
		reply_problem_record(r, 200, r->ids[0]);
		return;
	}
	struct wb_evaluation e = {
		.id = eval_id,
		.problem_id = r->ids[0],
		.rating = s.rating,
		.note = s.note ? s.note : "",
		.by_user_id = r->svc.who.user_id,
		.opinion_id = s.opinion_id,
		.counted = 1,
		.created_at = r->svc.now,
	};
	struct wb_problem p;
	if (load_as(r, r->ids[0], &p, 0) < 0)
		return;
	e.round = p.round;
	reply_json(r, 201, render_evaluation(r, &e));
}

/* ---- accountability (问责) ---- */

static json_t *render_accountability(const struct req *r, const struct wb_accountability *a)
{
	return json_pack("{s:I, s:I, s:I, s:o, s:o, s:s, s:s, s:s, s:o, s:o, s:I}", "id",
			 (json_int_t)a->id, "problem_id", (json_int_t)a->problem_id, "unit_id",
			 (json_int_t)a->unit_id, "person",
			 a->person ? json_string(a->person) : json_null(), "person_id",
			 a->person_id ? json_integer(a->person_id) : json_null(), "kind",
			 wb_enum_name(&wb_measures, a->kind), "kind_label",
			 wb_enum_label(&wb_measures, a->kind), "note", a->note ? a->note : "",
			 "decided_on", render_date(a->decided_on), "created_at",
			 render_time(r, a->created_at), "created_by", (json_int_t)a->created_by);
}

static int accountability_row(void *arg, const struct wb_accountability *a)
{
	struct list *l = arg;
	list_add(l, a->id, render_accountability(l->r, a));
	return 0;
}

void h_problems_accountability_list(struct req *r)
{
	struct list l;
	if (sub_list(r, &l) < 0)
		return;
	list_finish(&l, store_accountability_list(r->svc.st, r->ids[0], 0, accountability_row, &l));
}

void h_problems_accountability_create(struct req *r)
{
	static const char *const fields[] = {"unit_id", "person",     "person_id", "kind",
					     "note",    "decided_on", NULL};
	json_t *j = jin_object(r, fields);
	if (j == NULL)
		return;
	struct wb_accountability a = {.decided_on = WB_NO_DATE};
	int kind = -1, has;
	jin_int(r, j, "unit_id", 1, INT64_MAX, &a.unit_id, NULL);
	jin_str(r, j, "person", &a.person, NULL);
	jin_int(r, j, "person_id", 1, INT64_MAX, &a.person_id, NULL);
	jin_enum(r, j, "kind", &wb_measures, &kind, &has);
	jin_required(r, "kind", has);
	jin_str(r, j, "note", &a.note, NULL);
	jin_date(r, j, "decided_on", &a.decided_on, NULL);
	json_decref(j);
	if (reply_if_invalid(r))
		return;
	a.kind = kind;
	int64_t id;
	int rc = svc_accountability_create(&r->svc, r->ids[0], &a, &id);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	a.id = id;
	a.problem_id = r->ids[0];
	/* Read back what was stored (the unit may have been defaulted). */
	struct list l;
	list_init(&l, r, 100000);
	rc = store_accountability_list(r->svc.st, r->ids[0], 0, accountability_row, &l);
	json_t *made = NULL;
	size_t i;
	json_t *it;
	json_array_foreach(l.items, i, it) if (json_integer_value(json_object_get(it, "id")) == id)
		made = json_incref(it);
	json_decref(l.items);
	if (rc < 0 || made == NULL) {
		json_decref(made);
		reply_err(r, rc < 0 ? rc : WB_ERR_INTERNAL);
		return;
	}
	r->location =
		arena_printf(&r->a, "/api/v1/problems/%lld/accountability", (long long)r->ids[0]);
	reply_json(r, 201, made);
}

void h_units_accountability(struct req *r)
{
	/* The office, leaders and stations read any unit's record; a unit its own. */
	enum wb_role role = r->svc.who.role;
	int own = role == ROLE_UNIT && r->svc.who.unit_id == r->ids[0];
	if (!(role == ROLE_ADMIN || role == ROLE_LEADER || role == ROLE_STATION || own)) {
		reply_err(r, WB_ERR_NOT_FOUND);
		return;
	}
	struct wb_unit u;
	int rc = store_unit_get(r->svc.st, r->ids[0], &r->a, &u);
	if (rc <= 0) {
		reply_err(r, rc < 0 ? rc : WB_ERR_NOT_FOUND);
		return;
	}
	struct list l;
	list_init(&l, r, 100000);
	list_finish(&l, store_accountability_list(r->svc.st, 0, u.id, accountability_row, &l));
}
