/*
 * The public's endpoints: no login. They show only what a member of the public may see:
 * the responsible units, bulletins of flagged cases, and the progress behind one's own
 * receipt. Submissions are rate-limited per address.
 */
#include "http.h"

#include <string.h>
#include <time.h>

#include "../core/date.h"
#include "../core/fsm.h"
#include "../util/err.h"

static int64_t wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

int public_limited(struct req *r, const char *what)
{
	int lb, burst, per_min;
	server_limits(r->srv, &lb, &burst, &per_min);
	int wait = rate_take(server_rate(r->srv), arena_printf(&r->a, "%s:%s", what, r->ip), burst,
			     per_min, wall());
	if (wait == 0)
		return 0;
	r->retry_after = arena_printf(&r->a, "%d", wait);
	reply_problem(r, 429, "too many submissions from this address; wait a little");
	return 1;
}

static int unit_row(void *arg, const struct wb_unit *u)
{
	struct list *l = arg;
	if (wb_unit_kind_is_responsible(u->kind))
		list_add(l, u->id,
			 json_pack("{s:I, s:s, s:s}", "id", (json_int_t)u->id, "name", u->name,
				   "kind", wb_enum_name(&wb_unit_kinds, u->kind)));
	return 0;
}

void h_public_units(struct req *r)
{
	struct list l;
	list_init(&l, r, 100000);
	int rc = 0;
	for (int kind = UK_DEPARTMENT; kind <= UK_STREET && rc >= 0; kind++) {
		struct store_unit_filter f = {.kind = kind, .limit = 100000};
		rc = store_unit_list(r->svc.st, &f, unit_row, &l);
	}
	list_finish(&l, rc);
}

void h_public_opinion(struct req *r)
{
	static const char *const fields[] = {"target_unit_id", "dimension",       "content",
					     "submitter_name", "submitter_phone", NULL};
	if (public_limited(r, "public-opinion"))
		return;
	json_t *j = jin_object(r, fields);
	if (j == NULL)
		return;
	struct wb_opinion o = {0};
	int dim = -1, has;
	jin_int(r, j, "target_unit_id", 1, INT64_MAX, &o.target_unit_id, &has);
	jin_required(r, "target_unit_id", has);
	jin_enum(r, j, "dimension", &wb_dimensions, &dim, &has);
	jin_required(r, "dimension", has);
	jin_str(r, j, "content", &o.content, &has);
	jin_required(r, "content", has);
	jin_str(r, j, "submitter_name", &o.submitter_name, NULL);
	jin_str(r, j, "submitter_phone", &o.submitter_phone, NULL);
	json_decref(j);
	if (reply_if_invalid(r))
		return;
	o.dimension = dim;
	const char *receipt;
	int rc = svc_public_opinion(&r->svc, &o, &receipt);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	r->location = arena_printf(&r->a, "/api/v1/public/track/%s", receipt);
	reply_json(r, 201, json_pack("{s:s}", "receipt", receipt));
}

static int bulletin_row(void *arg, const struct store_bulletin *b)
{
	struct list *l = arg;
	json_t *j = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:s, s:b, s:b}", "problem_id",
			      (json_int_t)b->problem_id, "title", b->title ? b->title : "",
			      "unit_name", b->unit_name ? b->unit_name : "", "bulletin",
			      b->text ? json_string(b->text) : json_null(), "published_at",
			      b->id ? render_time(l->r, b->published_at) : json_null(),
			      "flag_due_on", render_date(b->flag_due_on), "status",
			      wb_enum_name(&wb_pstatuses, b->status), "flagged", b->flagged,
			      "delisted", b->delisted);
	json_object_set_new(j, "workdays_left",
			    b->flagged && !b->delisted ? render_workdays_left(l->r, b->flag_due_on)
						       : json_null());
	list_add(l, b->problem_id, j);
	return 0;
}

void h_public_bulletins(struct req *r)
{
	int limit;
	int64_t cursor;
	if (qs_page(r, &limit, &cursor) < 0)
		return;
	/* The day's checkpoint of the audit log: everything up to the end of yesterday. Anyone
	 * who keeps it can later prove that no event up to it was cut or changed
	 * (`wubiao audit verify --checkpoint`). */
	wb_date today = svc_today(&r->svc);
	int64_t events;
	char head[65];
	int rc = svc_audit_checkpoint(&r->svc, svc_day_start(&r->svc, today), &events, head);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	struct list l;
	list_init(&l, r, limit);
	l.extra = json_pack("{s:{s:I, s:s, s:o}}", "checkpoint", "events", (json_int_t)events,
			    "head", head, "before", render_date(today));
	list_finish(&l, store_bulletin_list(r->svc.st, cursor, limit + 1, bulletin_row, &l));
}

static int valid_receipt(const char *s)
{
	size_t n = strlen(s);
	if (n < 8 || n > 32)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z')))
			return 0;
	return 1;
}

/* Receipts are typed by people: accept lower case. */
/* A receipt as printed: capitals, whatever the case and the spaces or hyphens typed. */
static char *normalize(struct req *r, const char *s)
{
	char *t = arena_strdup(&r->a, s), *out = t;
	for (const char *p = t; *p; p++) {
		if (*p == ' ' || *p == '-' || *p == '\t')
			continue;
		*out++ = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
	}
	*out = '\0';
	return t;
}

/* The rating a receipt's opinion gave in the problem's current round. */
struct own_rating {
	int64_t opinion_id;
	int round;
	struct wb_evaluation e;
	int found;
};

static int own_rating_row(void *arg, const struct wb_evaluation *e)
{
	struct own_rating *o = arg;
	if (e->opinion_id == o->opinion_id && e->round == o->round && e->counted) {
		o->e = *e;
		o->found = 1;
	}
	return 0;
}

void h_public_track(struct req *r)
{
	if (public_limited(r, "public-track"))
		return;
	const char *receipt = normalize(r, r->words[0]);
	struct wb_opinion o;
	int rc = valid_receipt(receipt) ? store_opinion_by_receipt(r->svc.st, receipt, &r->a, &o)
					: 0;
	if (rc <= 0) {
		reply_err(r, rc < 0 ? rc : WB_ERR_NOT_FOUND);
		return;
	}
	struct wb_unit u;
	rc = store_unit_get(r->svc.st, o.target_unit_id, &r->a, &u);
	json_t *j =
		json_pack("{s:s, s:s, s:o, s:s, s:o}", "receipt", receipt, "status",
			  wb_enum_name(&wb_opinion_statuses, o.status), "received_at",
			  render_time(r, o.received_at), "content", o.content, "target_unit",
			  rc > 0 ? json_pack("{s:I, s:s}", "id", (json_int_t)u.id, "name", u.name)
				 : json_null());
	json_t *pj = json_null();
	if (o.problem_id) {
		struct wb_problem p;
		rc = store_problem_get(r->svc.st, NULL, o.problem_id, &r->a, &p);
		if (rc < 0) {
			json_decref(j);
			reply_err(r, rc);
			return;
		}
		int found = rc > 0, rated = 0;
		if (found && p.status == PS_VERIFIED)
			rated = store_evaluation_by_source(r->svc.st, p.id, p.round, o.id, 0) > 0;
		struct own_rating own = {o.id, found ? p.round : 0, {0}, 0};
		if (found &&
		    (rc = store_evaluation_list(r->svc.st, p.id, own_rating_row, &own)) < 0) {
			json_decref(j);
			reply_err(r, rc);
			return;
		}
		if (found)
			pj = json_pack(
				"{s:s, s:s, s:o, s:b, s:o, s:o, s:o, s:i, s:b}", "title", p.title,
				"status", wb_enum_name(&wb_pstatuses, p.status), "due_on",
				render_date(p.due_on), "overdue", problem_overdue(r, &p), "reply",
				p.reply ? json_string(p.reply) : json_null(), "plan",
				p.plan ? json_string(p.plan) : json_null(), "measures",
				p.measures ? json_string(p.measures) : json_null(), "percent",
				p.percent, "evaluable", p.status == PS_VERIFIED && !rated);
		/* the giver's own rating of this round, to show "您已于…评价" */
		if (found && own.found)
			json_object_set_new(pj, "evaluation",
					    json_pack("{s:s, s:o}", "rating",
						      wb_enum_name(&wb_ratings, own.e.rating), "at",
						      render_time(r, own.e.created_at)));
	}
	json_object_set_new(j, "problem", pj);
	if (o.status == OS_REJECTED)
		json_object_set_new(j, "reject_reason",
				    json_string(o.reject_reason ? o.reject_reason : ""));
	reply_json(r, 200, j);
}

void h_public_evaluate(struct req *r)
{
	static const char *const fields[] = {"rating", "note", NULL};
	if (public_limited(r, "public-opinion"))
		return;
	const char *receipt = normalize(r, r->words[0]);
	if (!valid_receipt(receipt)) {
		reply_err(r, WB_ERR_NOT_FOUND);
		return;
	}
	json_t *j = jin_object(r, fields);
	if (j == NULL)
		return;
	int rating = -1, has;
	const char *note;
	jin_enum(r, j, "rating", &wb_ratings, &rating, &has);
	jin_required(r, "rating", has);
	jin_str(r, j, "note", &note, NULL);
	json_decref(j);
	if (reply_if_invalid(r))
		return;
	int64_t eval_id;
	int rc = svc_public_evaluate(&r->svc, receipt, rating, note, &eval_id);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	struct wb_opinion o;
	struct wb_problem p;
	store_opinion_by_receipt(r->svc.st, receipt, &r->a, &o);
	store_problem_get(r->svc.st, NULL, o.problem_id, &r->a, &p);
	struct wb_evaluation e = {
		.id = eval_id,
		.problem_id = p.id,
		.round = p.round,
		.rating = rating,
		.note = note ? note : "",
		.opinion_id = o.id,
		.created_at = r->svc.now,
	};
	reply_json(r, 201, render_evaluation(r, &e));
}
