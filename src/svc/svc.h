/*
 * Services: the use cases of the five-form pipeline. Each takes the caller, validates
 * its input, asks core for the rules, and changes the store inside one transaction
 * together with the audit event that records the change. The HTTP handlers and the CLI
 * both call these; neither talks to the store directly for writes.
 *
 * Every function returns 0 on success or a negative enum wb_err. On WB_ERR_INVALID the
 * context's errs name the offending fields; on WB_ERR_STATE and others errs.detail says why.
 */
#ifndef WB_SVC_H
#define WB_SVC_H

#include <stdint.h>

#include "../core/settings.h"
#include "../core/types.h"
#include "../store/store.h"
#include "../util/xalloc.h"

#define SVC_MAX_ERRS 16

struct svc_errs {
	int n;
	struct {
		const char *field;
		const char *message;
	} v[SVC_MAX_ERRS];
	const char *detail; /**< a sentence for the problem details' "detail", or NULL */
};

struct svc_ctx {
	struct store *st;
	struct wb_actor who;    /**< the caller */
	int64_t now;            /**< unix seconds of this request */
	struct wb_settings cfg; /**< loaded by svc_ctx_init() */
	struct arena *a;        /**< request memory */
	struct svc_errs errs;
	struct wb_calendar cal; /**< around today, for svc_workdays_left() off a pool */
	int has_cal;
};

/** Fill @p c for a request by @p who at @p now and load the district's settings. */
int svc_ctx_init(struct svc_ctx *c, struct store *st, struct arena *a, int64_t now);

/** Add a field error. @return WB_ERR_INVALID, for `return svc_fail(...)` */
int svc_field(struct svc_ctx *c, const char *field, const char *message);
/** Set the detail sentence. @return @p err */
int svc_fail(struct svc_ctx *c, int err, const char *detail);

/**
 * store_tx for a service: runs @p fn with @p c->st set to the connection the transaction
 * runs on, which under group commit may be another thread's (this thread waits meanwhile),
 * so @p fn may use either its @p st or @p c->st.
 */
int svc_tx(struct svc_ctx *c, int write, int (*fn)(struct store *st, void *arg), void *arg);

/** @return today's date in the district's time zone */
wb_date svc_today(const struct svc_ctx *c);
/** The first second of @p day in the district's zone (unix seconds). */
int64_t svc_day_start(const struct svc_ctx *c, wb_date day);

/* ---- accounts ---- */

/** Hash @p password with Argon2id into @p out. @return 0 or WB_ERR_INTERNAL */
int svc_password_hash(const char *password, char out[128]);

/** A user's logins at most: a new one ends the least recently used beyond this. */
enum { SVC_SESSIONS_MAX = 10 };

struct svc_login {
	const char *token; /**< the bearer token, from the arena; shown once */
	int64_t expires_at;
	struct wb_user user;
};
/** Where a login comes from, kept with it for its owner's list. */
struct svc_origin {
	const char *ip;
	const char *agent; /**< the User-Agent, cut to 200 bytes */
};
int svc_login(struct svc_ctx *c, const char *username, const char *password,
	      const struct svc_origin *from, struct svc_login *out);
/**
 * Resolve a bearer token into the caller; sets c->who. A login unused for
 * session_idle_minutes has ended; one used is marked so (at most once a minute).
 * @return 0 or WB_ERR_AUTH
 */
int svc_authenticate(struct svc_ctx *c, const char *token, struct wb_user *user,
		     int64_t *expires_at);
int svc_logout(struct svc_ctx *c, const char *token);
/** The caller's live logins, the last used first; @p current: which is @p token's. */
int svc_sessions(struct svc_ctx *c, const char *token, struct wb_session **out, int *n,
		 int *current);
/** End the caller's login @p id (a wb_session id). @return 0, WB_ERR_NOT_FOUND or an error */
int svc_session_end(struct svc_ctx *c, const char *id);

int svc_user_create(struct svc_ctx *c, const struct wb_user *in, const char *password, int64_t *id);

/* ---- units, campaigns, calendar, settings ---- */

/** Fields of a PATCH; has_* say which were given. */
struct svc_unit_patch {
	const char *name, *code;
	int64_t parent_id, station_id;
	int has_name, has_code, has_parent_id, has_station_id;
};
int svc_unit_create(struct svc_ctx *c, const struct wb_unit *in, int64_t *id);
int svc_unit_update(struct svc_ctx *c, int64_t id, const struct svc_unit_patch *in);
int svc_campaign_create(struct svc_ctx *c, const struct wb_campaign *in, int64_t *id);
/** @p kind: 1 make-up working day, 0 holiday, -1 back to the weekday rule. */
int svc_calendar_set(struct svc_ctx *c, wb_date day, int kind);
/** Set @p n calendar days in one transaction: all or none. */
int svc_calendar_set_many(struct svc_ctx *c, const wb_date *days, const int *kinds, int n);
/** Check a calendar entry without writing it. @return 0 or WB_ERR_INVALID */
int svc_calendar_check(struct svc_ctx *c, wb_date day, int kind);
int svc_setting_set(struct svc_ctx *c, const char *key, const char *value);
/** Load the calendar for [from, to] (bounded to a few years) into arena memory. */
int svc_calendar(struct svc_ctx *c, wb_date from, wb_date to, struct wb_calendar *out);
/**
 * The @p workdays-th working day after @p from on the district's calendar (@p from not
 * counted), into @p due. Every deadline in working days is computed with this: dispatch,
 * acknowledgement, GET /calendar/due. The caller keeps @p workdays within a year or so.
 */
int svc_workday_add(struct svc_ctx *c, wb_date from, int workdays, wb_date *due);
/**
 * Working days from today to @p due on the district's calendar (wb_workdays_left): into
 * @p out, for a deadline within about two years of today. @return 1, 0 when @p due is
 * none or further away, or an error
 */
int svc_workdays_left(struct svc_ctx *c, wb_date due, int *out);
/**
 * Check a deadline given in working days (1 to the max_due_workdays setting), as dispatch,
 * reopen, a failed verification and GET /calendar/due take it; a field error on @p field
 * otherwise. @return 0 or WB_ERR_INVALID
 */
int svc_check_workdays(struct svc_ctx *c, const char *field, long workdays);

/* ---- form 1: opinions ---- */

/**
 * Record an opinion. campaign_id 0 means the current campaign; point_id is the caller's
 * unit for station and point staff. A receipt is generated and given to @p receipt (from
 * the arena; may be NULL): this is the only time staff see it.
 */
int svc_opinion_create(struct svc_ctx *c, const struct wb_opinion *in, int has_point_id,
		       int64_t *id, const char **receipt);
/** The public's opinion through POST /public/opinions; @p receipt from the arena. */
int svc_public_opinion(struct svc_ctx *c, const struct wb_opinion *in, const char **receipt);
int svc_opinion_reject(struct svc_ctx *c, int64_t id, const char *reason);

/* ---- form 2: problems ---- */

int svc_problem_create(struct svc_ctx *c, const struct wb_problem *in, const int64_t *opinion_ids,
		       int n, int64_t *id);
int svc_problem_merge(struct svc_ctx *c, int64_t id, const int64_t *opinion_ids, int n);

/** The body of a stage action; has_* say which optional fields were given. */
struct svc_stage {
	int64_t unit_id;
	wb_date due_on;
	int due_workdays;
	int flagged, percent, done, passed, approved;
	enum wb_rating rating;
	const char *reason, *reply, *plan, *measures, *evidence, *note, *bulletin;
	int64_t opinion_id; /**< evaluations: the opinion whose giver's form is entered */
	int has_unit_id, has_due_on, has_due_workdays, has_flagged, has_percent, has_done,
		has_passed, has_approved, has_rating, has_opinion_id;
};

/**
 * Take stage @p action on problem @p id. For ACT_EVALUATE @p eval_id receives the new
 * evaluation's id (else it may be NULL).
 */
int svc_problem_act(struct svc_ctx *c, int64_t id, enum wb_action action,
		    const struct svc_stage *in, int64_t *eval_id);

/**
 * The stage actions the caller may take on @p p now, as bits 1 << enum wb_action: those
 * its role may take, from the problem's state and facts (an extension waiting, the
 * current round's ratings for closing). The UI offers exactly these.
 */
unsigned svc_problem_actions(const struct svc_ctx *c, const struct wb_problem *p);

/**
 * Take stage @p action on the problem @p p, already loaded, inside the caller's open
 * write transaction, as c->who at c->now: the body is checked, core's rules asked, the
 * effects applied (with the rows they add: reports, ratings, bulletins) and the event
 * recorded exactly as through svc_problem_act; @p p is changed and the caller stores it
 * (store_problem_update). For tools that build large histories in few transactions (the
 * scale demo). @return 0 or an error
 */
int svc_stage_apply(struct svc_ctx *c, struct wb_problem *p, enum wb_action action,
		    const struct svc_stage *in);

/** The public's evaluation through a receipt. */
int svc_public_evaluate(struct svc_ctx *c, const char *receipt, enum wb_rating rating,
			const char *note, int64_t *eval_id);

/* ---- reminders (催办) and escalation (督办) ---- */

struct svc_sweep_result {
	int reminded, escalated;
	int target_reminded; /**< items of responsibility letters due soon */
	int faults_proposed; /**< flagged cases still not rectified, proposed as faults */
};

/**
 * Send the reminders and escalations that are due today, each recorded as an event on
 * the problem, the reminders of target items due within SVC_TARGET_REMIND_DAYS, and the
 * efficiency faults proposed for flagged cases still not rectified. Safe to
 * run any number of times and from several servers: each deadline is reminded and
 * escalated once.
 */
int svc_sweep(struct svc_ctx *c, struct svc_sweep_result *out);

/* ---- accountability ---- */

/** Record an accountability measure for problem @p problem_id (the office only). */
int svc_accountability_create(struct svc_ctx *c, int64_t problem_id,
			      const struct wb_accountability *in, int64_t *id);

/* ---- figures ---- */

/** A scoring scheme: weights of the composite's parts, the rating scale, grade cut-offs. */
struct svc_scheme {
	int64_t id;         /**< 0: the built-in default, never stored */
	wb_date valid_from; /**< WB_NO_DATE for the default */
	struct wb_weights weights;
	struct wb_scale scale;
	struct wb_grades grades;
	int min_count;    /**< evaluations needed to be ranked (default 5) */
	int survey_share; /**< per cent of a unit's composite from published survey results
			   * (default 70; the work figures have the rest) */
};

/** The scheme in force on @p day (the default when none was stored). */
int svc_scheme_for(struct svc_ctx *c, wb_date day, struct svc_scheme *out);
/** Store a scheme taking effect on in->valid_from (today or later). */
int svc_scheme_create(struct svc_ctx *c, const struct svc_scheme *in, int64_t *id);

/** The ranking groups: departments and streets are ranked apart. */
enum svc_group { GROUP_DEPARTMENT, GROUP_STREET, GROUP_STATION, GROUP_POINT, GROUP__N };
extern const char *const svc_group_names[GROUP__N];

/** A unit's part from the campaign's published survey (docs/survey.md). */
struct svc_survey_part {
	int defined;
	int64_t survey_id;
	enum wb_survey_round round;
	double score, low, high; /**< on the scale's 0..100 */
	int64_t n;               /**< people behind it */
};

struct svc_score_row {
	struct wb_unit unit;
	enum svc_group group;
	struct wb_tally tally;
	struct wb_indicators ind;
	struct wb_composite comp; /**< the composite ranked: the work and the survey blended */
	struct wb_composite work; /**< the work figures' composite alone */
	struct svc_survey_part survey;
	int64_t evaluations;     /**< the cases behind the entry: a unit's valid ratings and
				  * survey respondents, a station's or point's judged duties */
	int rank;                /**< 0: not ranked */
	int rank_low, rank_high; /**< the ranks the intervals allow (figures.h wb_rank) */
	int insufficient, tie;
};

struct svc_scores {
	struct svc_scheme scheme;
	struct store_period period;
	wb_date from, to; /**< the period as dates, inclusive; WB_NO_DATE when open */
	int n;
	struct svc_score_row *rows; /**< arena memory; by group, then rank, then unranked by id */
};

/**
 * Figures of every entity of @p level over @p period (campaign and/or time range, one
 * evaluation or both), scored with the scheme in force on the period's first day
 * (@p scheme_day), ranked per group. A unit's composite blends in the campaign's
 * published survey results at the scheme's survey_share.
 */
int svc_scores(struct svc_ctx *c, enum store_level level, const struct store_period *period,
	       wb_date scheme_day, struct svc_scores *out);

/**
 * Scores of campaign @p campaign_id over the days @p from..@p to (inclusive; WB_NO_DATE for
 * an open end) of the evaluations @p dims (1 << enum wb_dimension; 0: both), scored with
 * the scheme in force on the period's first day, or on the campaign's first day when the
 * period is the whole campaign.
 * @param[out] camp the campaign, from the arena
 */
int svc_campaign_scores(struct svc_ctx *c, int64_t campaign_id, enum store_level level,
			wb_date from, wb_date to, unsigned dims, struct wb_campaign *camp,
			struct svc_scores *out);

/* ---- home page, similar opinions ---- */

/** Working days ahead that count as "due soon" on the home page. */
enum { SVC_DUE_SOON_WORKDAYS = 3 };

/** GET /summary: the caller's counts, and whether the caller may see opinion counts. */
/**
 * A home page tile: a count and the list that holds exactly those records — the list
 * (`problems` or `opinions`) filtered by `key`=`value` (none when key is NULL) in the same
 * campaign and scope.
 */
struct svc_tile {
	const char *name, *label, *tone; /**< tone: NULL, "warn" or "bad" */
	const char *list, *key, *value;
	const char *sort; /**< the list's order, when not the newest first */
	int64_t count;
};
enum { SVC_TILES_MAX = 8 };

struct svc_summary {
	int64_t campaign_id;  /**< 0: every campaign */
	int opinions_visible; /**< the role reads opinions; else opinion counts are left out */
	wb_date today, soon;  /**< due soon: active and due on today..soon */
	struct store_summary s;
	int64_t surveys[SV__N]; /**< the statistics bureau's: the campaign's surveys by state */
	struct svc_tile tiles[SVC_TILES_MAX]; /**< what the caller's role should see first */
	int ntiles;
};

/** Count for the caller; WB_ERR_NOT_FOUND when @p campaign_id (non-zero) does not exist. */
int svc_summary(struct svc_ctx *c, int64_t campaign_id, struct svc_summary *out);

/** Most candidates GET /opinions/{id}/similar compares, the newest first. */
enum { SVC_SIMILAR_SCAN = 2000 };

struct svc_similar_item {
	struct wb_opinion o; /**< strings in the arena */
	double similarity;   /**< 0..1 */
};

/**
 * The received opinions in the caller's scope about the same unit in the same campaign as
 * opinion @p id (itself left out), among the SVC_SIMILAR_SCAN newest, whose content's
 * bigram similarity to it is at least @p min, most similar first (ties: newest first), at
 * most @p limit. WB_ERR_NOT_FOUND when @p id is absent, out of scope, or of a kind the
 * role may not read.
 */
int svc_opinion_similar(struct svc_ctx *c, int64_t id, double min, int limit,
			struct svc_similar_item **items, int *n);

/**
 * Rebuild the duties of a database kept before duties were (docs/figures.md) from its
 * audit log, once: nothing when any duty is kept. Each takes the deadline its events
 * recorded (or the settings' working days from the event), the station following its
 * holder now, and ends as its events say; an opinion's entry is not rebuilt (older logs do
 * not say when it was received). @p made gets the number written. @return 0 or an error
 */
int svc_duties_fill(struct svc_ctx *c, int64_t *made);

/* ---- audit ---- */

struct svc_verify {
	int ok;            /**< the chain links, the records agree with it, the checkpoint holds */
	int64_t events;    /**< events in the log */
	int64_t first_bad; /**< the first event that does not link; 0 when none */
	char head[65];     /**< the last event's hash (64 zeros with no event) */
	const char *mismatch;          /**< the first record that differs from the log, or NULL */
	int checkpoint;                /**< -1 none given; 1 it holds; 0 it does not */
	const char *checkpoint_detail; /**< why not, or NULL */
};
/**
 * Verify the audit log: its hash chain; every problem, opinion and rating against the
 * state the events imply (svc_replay.c); and, with @p checkpoint ("events=N head=HEX",
 * as published; may be NULL), that event N is there with that hash, so a log cut after
 * the checkpoint was taken fails. A malformed checkpoint is a field error.
 */
int svc_audit_verify(struct svc_ctx *c, const char *checkpoint, struct svc_verify *out);
/**
 * The checkpoint as of @p before (unix seconds): the id and hash of the last event before
 * it; 0 and 64 zeros when there is none. @return 0 or an error
 */
int svc_audit_checkpoint(struct svc_ctx *c, int64_t before, int64_t *events, char head[65]);

#endif
