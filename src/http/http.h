/*
 * The HTTP layer's shared types: one struct req per request, the route table's handler
 * type, and helpers to read JSON bodies and query strings and to write replies.
 * Handlers translate between HTTP/JSON and the services; they hold no domain rules.
 */
#ifndef WB_HTTP_H
#define WB_HTTP_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdint.h>

#include "../core/enums.h"
#include "../core/types.h"
#include "../store/store.h"
#include "../svc/svc.h"
#include "../util/buf.h"
#include "../util/xalloc.h"

struct wb_server;

enum { REQ_MAX_PARAMS = 3 };

struct route;

struct req {
	struct wb_server *srv;
	struct MHD_Connection *conn;
	const char *method;
	const char *path; /**< the URL path, without the query string */
	struct arena a;   /**< request memory, freed when the request completes */
	struct buf body;  /**< the request body, capped */
	int body_too_large;
	int over_budget;                   /**< the body would pass the server's memory budget */
	size_t taken;                      /**< body bytes counted against that budget */
	const struct route *route;         /**< what the request asks for (server.c) */
	int stage;                         /**< a stage action (core/stages.h), or -1 */
	int admitted;                      /**< route and checks done when the headers came */
	int authed;                        /**< the caller was authenticated then */
	int64_t ids[REQ_MAX_PARAMS];       /**< numeric path parameters, in order */
	const char *words[REQ_MAX_PARAMS]; /**< text path parameters (receipts, dates) */
	char ip[64];                       /**< the client's address */

	struct svc_ctx svc;  /**< store connection, caller, clock, settings, field errors */
	struct wb_user user; /**< the logged-in user, when authenticated */
	const char *token;   /**< the bearer token or cookie value used */
	int cookie_auth;     /**< authenticated by the session cookie */
	int64_t expires_at;  /**< when the login ends */

	/* The reply being built. */
	unsigned status;
	const char *content_type;
	struct buf out;
	const char *set_cookie;
	const char *retry_after;
	const char *allow;
	const char *location;
	const char *disposition;
	int file_fd; /**< > 0: the reply's body is this file (unlinked, owned by the reply) */
	uint64_t file_size;
};

typedef void (*handler_fn)(struct req *r);

/* ---- replies (reply.c) ---- */

/** Reply with @p j as JSON (consumed). */
void reply_json(struct req *r, unsigned status, json_t *j);
/** Reply 204 with no body. */
void reply_empty(struct req *r, unsigned status);
/** Reply with an RFC 9457 problem; the svc context's field errors are included. */
void reply_problem(struct req *r, unsigned status, const char *detail);
/** reply_problem() with more members (@p extra, consumed) in the body. */
void reply_problem_with(struct req *r, unsigned status, const char *detail, json_t *extra);
/** Reply for a service or store error code, using the svc context's errors. */
void reply_err(struct req *r, int err);
/**
 * The one check of a handler's body: when the svc context holds field errors (from
 * jin_* or the handler's own checks), reply 400 with them. @return 1 when it replied
 */
int reply_if_invalid(struct req *r);

/* ---- JSON input (jin.c) ---- */

/**
 * Parse the body as a JSON object whose keys are all in @p allowed (NULL-terminated).
 * On failure the reply is already set (400/413). @return the object (owned by the
 * request) or NULL
 */
json_t *jin_object(struct req *r, const char *const *allowed);

/* Each jin_* reads one member. A missing member or JSON null leaves *has = 0. A wrong
 * type adds a field error. They return 0, or WB_ERR_INVALID after adding the error. */
int jin_str(struct req *r, json_t *o, const char *key, const char **out, int *has);
int jin_int(struct req *r, json_t *o, const char *key, int64_t min, int64_t max, int64_t *out,
	    int *has);
int jin_bool(struct req *r, json_t *o, const char *key, int *out, int *has);
int jin_enum(struct req *r, json_t *o, const char *key, const struct wb_enum *e, int *out,
	     int *has);
int jin_date(struct req *r, json_t *o, const char *key, wb_date *out, int *has);
int jin_time(struct req *r, json_t *o, const char *key, int64_t *out, int *has);
/** An array of 1..max positive ids, from the arena. */
int jin_ids(struct req *r, json_t *o, const char *key, int max, int64_t **out, int *n, int *has);
/** A member that must be present: adds "is required" when *has is 0 after reading. */
int jin_required(struct req *r, const char *key, int has);

/* ---- query strings (jin.c) ---- */

/** Reads ?key=; returns 0 with *has 0 when absent, WB_ERR_INVALID on a bad value. */
const char *qs_str(struct req *r, const char *key);
int qs_id(struct req *r, const char *key, int64_t *out);
int qs_enum(struct req *r, const char *key, const struct wb_enum *e, int *out);
/** ?key=a,b: the set of enum values named, as 1 << value; 0 when absent. */
int qs_enum_set(struct req *r, const char *key, const struct wb_enum *e, unsigned *out);
int qs_bool(struct req *r, const char *key, int *out);
int qs_date(struct req *r, const char *key, wb_date *out, int *has);
/** ?year= (2000..2100) into *out; 0 when absent. A field error when bad. */
int qs_year(struct req *r, int *out);
/** limit (1..500, default 50) and cursor (an id). @return 0 or WB_ERR_INVALID (reply set) */
int qs_page(struct req *r, int *limit, int64_t *cursor);

/* ---- rendering domain records as JSON (render.c) ---- */

json_t *render_time(const struct req *r, int64_t t); /**< null for 0 */
json_t *render_date(wb_date d);                      /**< null for WB_NO_DATE */
json_t *render_unit(const struct wb_unit *u);
json_t *render_user(const struct wb_user *u);
json_t *render_campaign(const struct wb_campaign *c);
json_t *render_opinion(const struct req *r, const struct wb_opinion *o);
json_t *render_problem(struct req *r, const struct wb_problem *p);
/** Working days from today to @p due (svc_workdays_left) as a number, or null. */
json_t *render_workdays_left(struct req *r, wb_date due);
json_t *render_event(const struct req *r, const struct wb_event *e);
json_t *render_evaluation(const struct req *r, const struct wb_evaluation *e);
json_t *render_progress(const struct req *r, const struct wb_progress *p);
/** @return nonzero when @p p is overdue today */
int problem_overdue(const struct req *r, const struct wb_problem *p);

/** Collects list rows: items plus the cursor for the next page. */
struct list {
	struct req *r;
	json_t *items;
	int limit; /**< rows wanted; one more is fetched to know if there is a next page */
	int n;
	int64_t last;  /**< id of the last row kept */
	int64_t more;  /**< set when a row beyond the limit was seen */
	json_t *extra; /**< more members of the reply (consumed), or NULL */
};
void list_init(struct list *l, struct req *r, int limit);
/** Add one rendered row (consumed); @return nonzero when it was kept. */
int list_add(struct list *l, int64_t id, json_t *item);
/** Reply 200 with {items, next}. */
void list_reply(struct list *l);
/** Reply with the list, or with the error @p rc of the query that filled it. */
void list_finish(struct list *l, int rc);

/* ---- rate limits (rate.c) ---- */

struct rate;
struct rate *rate_new(void);
void rate_free(struct rate *rl);
/**
 * Take one token from the bucket @p key (capacity @p burst, refilled at @p per_min a
 * minute). @return 0 when allowed, else the seconds to wait
 */
int rate_take(struct rate *rl, const char *key, int burst, int per_min, int64_t now);
/** @return 0 when bucket @p key has a token now, else the seconds to wait; takes none */
int rate_peek(struct rate *rl, const char *key, int burst, int per_min, int64_t now);
/** Return a token (e.g. after a successful login). */
void rate_forget(struct rate *rl, const char *key);

/**
 * Take one of the public's submissions from @p r's address for @p what ("opinion"):
 * @return 0, or 1 after replying 429 with Retry-After
 */
int public_limited(struct req *r, const char *what);

/* ---- the server's parts the handlers use ---- */

struct rate *server_rate(struct wb_server *s);
/** Per-minute limits and bursts from the serve options. */
void server_limits(struct wb_server *s, int *login_burst, int *public_burst, int *public_per_min);

/* ---- handlers ---- */

void h_healthz(struct req *r);
void h_session_create(struct req *r);
void h_session_get(struct req *r);
void h_session_delete(struct req *r);
void h_sessions_list(struct req *r);
void h_sessions_delete(struct req *r);
void h_units_list(struct req *r);
void h_units_create(struct req *r);
void h_units_get(struct req *r);
void h_units_patch(struct req *r);
void h_users_list(struct req *r);
void h_users_create(struct req *r);
void h_campaigns_list(struct req *r);
void h_campaigns_create(struct req *r);
void h_campaigns_get(struct req *r);
void h_calendar_list(struct req *r);
void h_calendar_put(struct req *r);
void h_calendar_delete(struct req *r);
void h_audit_verify(struct req *r);
void h_opinions_list(struct req *r);
void h_opinions_create(struct req *r);
void h_opinions_get(struct req *r);
void h_opinions_reject(struct req *r);
void h_problems_list(struct req *r);
void h_problems_create(struct req *r);
void h_problems_get(struct req *r);
void h_problems_merge(struct req *r);
void h_problems_opinions(struct req *r);
void h_problems_events(struct req *r);
void h_problems_progress_list(struct req *r);
void h_problems_evaluations_list(struct req *r);
void h_problems_stage(struct req *r, enum wb_action a);
void h_campaigns_scores(struct req *r);
void h_surveys_list(struct req *r);
void h_surveys_create(struct req *r);
void h_surveys_get(struct req *r);
void h_surveys_patch(struct req *r);
void h_surveys_frame(struct req *r);
void h_surveys_commit(struct req *r);
void h_surveys_close(struct req *r);
void h_surveys_draw(struct req *r);
void h_surveys_finish(struct req *r);
void h_surveys_publish(struct req *r);
void h_surveys_next(struct req *r);
void h_surveys_person(struct req *r);
void h_surveys_outcome(struct req *r);
void h_surveys_callback(struct req *r);
void h_surveys_codes(struct req *r);
void h_surveys_recheck_draw(struct req *r);
void h_surveys_recheck(struct req *r);
void h_surveys_recheck_report(struct req *r);
void h_surveys_estimates(struct req *r);
void h_surveys_sample(struct req *r);
void h_surveys_export(struct req *r);
void h_targets_year(struct req *r);
void h_targets_scheme(struct req *r);
void h_targets_assessment(struct req *r);
void h_targets_letters_export(struct req *r);
void h_targets_letter(struct req *r);
void h_targets_letter_items(struct req *r);
void h_targets_letter_issue(struct req *r);
void h_targets_letter_return(struct req *r);
void h_targets_letter_sign(struct req *r);
void h_targets_letter_enact(struct req *r);
void h_targets_letter_amend(struct req *r);
void h_targets_letter_result(struct req *r);
void h_targets_letter_report(struct req *r);
void h_targets_letter_selfcheck(struct req *r);
void h_targets_risks(struct req *r);
void h_targets_publish(struct req *r);
void h_targets_final(struct req *r);
void h_targets_appeals(struct req *r);
void h_targets_appeal_create(struct req *r);
void h_targets_appeal_decide(struct req *r);
void h_targets_proposals(struct req *r);
void h_targets_proposal_decide(struct req *r);
void h_targets_sanctions(struct req *r);
void h_targets_sanction_create(struct req *r);
void h_targets_persons(struct req *r);
void h_targets_persons_put(struct req *r);
void h_targets_mine(struct req *r);
void h_people_list(struct req *r);
void h_people_create(struct req *r);
void h_people_patch(struct req *r);
void h_users_person(struct req *r);
json_t *render_person(const struct wb_person *p);
void h_contacts_list(struct req *r);
void h_contacts_counts(struct req *r);
void h_contacts_create(struct req *r);
void h_contacts_get(struct req *r);
void h_contacts_handover(struct req *r);
void h_contacts_done(struct req *r);
void h_contacts_link(struct req *r);
void h_pledges_list(struct req *r);
void h_pledges_create(struct req *r);
void h_pledges_template(struct req *r);
void h_pledges_get(struct req *r);
void h_pledges_patch(struct req *r);
void h_pledges_publish(struct req *r);
void h_pledges_record(struct req *r);
void h_pledges_rate(struct req *r);
void h_public_pledges(struct req *r);
void h_public_pledge(struct req *r);
void h_public_pledge_rate(struct req *r);
void h_notices_list(struct req *r);
void h_notices_create(struct req *r);
void h_notices_get(struct req *r);
void h_notices_patch(struct req *r);
void h_notices_sign(struct req *r);
void h_notices_withdraw(struct req *r);
void h_public_notices(struct req *r);
void h_public_notice(struct req *r);
void h_faults_list(struct req *r);
void h_ledger(struct req *r);
void h_faults_create(struct req *r);
void h_faults_get(struct req *r);
void h_faults_confirm(struct req *r);
void h_faults_dismiss(struct req *r);
void h_faults_decide(struct req *r);
void h_faults_appeal(struct req *r);
void h_faults_appeal_decide(struct req *r);
void h_public_survey_get(struct req *r);
void h_public_survey_answer(struct req *r);
void h_campaigns_forms(struct req *r);
struct table;
/**
 * Reply with a table written by @p fill into a temporary file of format @p format
 * (enum table_format) titled @p title, sent as @p filename (UTF-8; an attachment unless
 * JSON). @p fill returns rows written or an error.
 */
void reply_table(struct req *r, int format, const char *title, int several_sheets,
		 int (*fill)(struct table *t, void *arg), void *arg, const char *filename);
void h_reminders_run(struct req *r);
void h_problems_accountability_list(struct req *r);
void h_problems_accountability_create(struct req *r);
void h_units_accountability(struct req *r);
void h_schemes_current(struct req *r);
void h_schemes_create(struct req *r);
json_t *render_scheme(const struct svc_scheme *s);
void h_summary(struct req *r);
void h_opinions_similar(struct req *r);
void h_calendar_due(struct req *r);
void h_public_units(struct req *r);
void h_public_opinion(struct req *r);
void h_public_bulletins(struct req *r);
void h_public_track(struct req *r);
void h_public_evaluate(struct req *r);

#endif
