/*
 * The storage interface. Code outside src/store sees only this header: no SQL and no
 * database handles. Every operation is written once over a small statement interface
 * that one driver per engine implements (store_int.h); the driver is chosen at run time
 * from the database address (a path: SQLite; a postgres:// URI: PostgreSQL).
 *
 * Return values follow one rule: < 0 an enum wb_err (WB_ERR_BUSY means retry the
 * transaction), 0 no row, > 0 found or done.
 *
 * Strings in structs filled by a *_get op are allocated from the caller's arena. Strings
 * in structs passed to a list callback are valid only during that callback.
 *
 * Reads that take a `who` apply the caller's scope inside the query: a record outside it
 * is never loaded and reads as absent. Fields the caller's role may not see (an opinion
 * giver's name, phone and receipt) come back NULL.
 */
#ifndef WB_STORE_H
#define WB_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../core/date.h"
#include "../core/figures.h"
#include "../core/settings.h"
#include "../core/types.h"
#include "../util/xalloc.h"

struct store;
struct store_group;

/** Filters of GET /units; 0 or -1 means "any". */
struct store_unit_filter {
	int kind; /**< enum wb_unit_kind or -1 */
	int64_t parent_id, station_id;
	int64_t cursor; /**< list after this id (ascending); 0: from the start */
	int limit;
};

struct store_opinion_filter {
	int64_t campaign_id, point_id, target_unit_id, problem_id;
	int status, dimension, source, channel; /**< enum values or -1 */
	int64_t cursor; /**< list ids below this one (newest first); 0: from the newest */
	int limit;
};

struct store_problem_filter {
	int64_t campaign_id, target_unit_id, unit_id;
	unsigned statuses;       /**< 1 << each status wanted; 0: any */
	int dimension, severity; /**< enum values or -1 */
	int flagged, overdue;    /**< 0/1, or -1 for any */
	int awaiting_evaluation; /**< 1: verified with no valid rating this round; -1 any */
	int ext_pending;         /**< 0/1 (an extension request awaits a decision), -1 any */
	wb_date due_until;       /**< active and due from today to this day, as the
				      summary's due_soon; WB_NO_DATE: any */
	wb_date today;           /**< for overdue */
	int64_t cursor;          /**< newest first, ids below this one */
	int by_due;              /**< 1: by deadline instead, the earliest first, only problems
				      with one, after (cursor_due, cursor) */
	wb_date cursor_due;      /**< by_due: the last row's deadline; WB_NO_DATE: from the start */
	int limit;
};

/**
 * The counts of a home page (GET /summary) in the caller's scope. Problems "active" are
 * dispatched, acknowledged, answered or rectifying.
 */
struct store_summary {
	int64_t opinions[OS__N];     /**< by status; all 0 for roles that may not read opinions */
	int64_t problems[PS__N];     /**< by status */
	int64_t overdue;             /**< active and due_on before today (as the lists' overdue) */
	int64_t flagged;             /**< flagged (挂牌) now */
	int64_t ext_pending;         /**< an extension request awaits a decision */
	int64_t due_soon;            /**< active, due_on from today to the soon date */
	int64_t awaiting_evaluation; /**< verified with no valid rating in the current round */
	int64_t form_rows[5];        /**< the rows each form holds (export/forms.c) */
	int64_t reminded;            /**< active and reminded for the deadline in force */
	int64_t escalated;           /**< active and escalated for the deadline in force */
	int64_t problem_opinions;    /**< the problems' opinion_count added up */
};

/** Public view of one flagged or bulletined problem. */
struct store_bulletin {
	int64_t id; /**< bulletin id; 0 for a flagged problem with no bulletin */
	int64_t problem_id;
	const char *title;
	const char *unit_name;
	const char *text; /**< NULL when there is no bulletin text */
	int64_t published_at;
	wb_date flag_due_on;
	enum wb_pstatus status;
	int flagged;
	int delisted;
};

/** The three kinds of entity that figures are computed for. */
enum store_level { LEVEL_UNIT, LEVEL_STATION, LEVEL_POINT, LEVEL__N };

/** The period of a figure: a campaign, a time range, or both. */
struct store_period {
	int64_t campaign_id; /**< 0: every campaign */
	int64_t from, to;    /**< unix seconds, [from, to) */
	wb_date today;       /**< for what is overdue now */
	int tz_min;          /**< the district's zone, for the dates of time stamps */
	unsigned dims;       /**< the evaluations counted: 1 << enum wb_dimension; 0: both */
};

/** A scoring scheme as stored: its parts are JSON texts that the services read. */
struct store_scheme {
	int64_t id;
	wb_date valid_from;
	const char *weights, *scale, *grades; /**< JSON objects */
	int min_count;
	int64_t created_at, created_by;
	int survey_share; /**< per cent of the composite from published survey results */
};

/** Filters of the five forms' rows; 0 / -1 mean "any". */
struct store_form_filter {
	int64_t campaign_id;
	int64_t unit_id;    /**< a responsible unit: the target, or the unit dispatched to */
	int64_t station_id; /**< the station that follows the unit (opinions: that collected them)
			     */
	int64_t point_id;   /**< the point that collected the opinion(s) */
	int status;         /**< opinion status (form 1) or problem status (forms 2-5), or -1 */
	int64_t from, to;   /**< unix seconds [from, to): received (form 1), summarized (2-5) */
	int by_unit;        /**< order by unit first (one sheet per unit), then by id */
	unsigned dims;      /**< one evaluation, 1 << enum wb_dimension; 0: both */
};

struct store_form_opinion {
	struct wb_opinion o;
	const char *point_name; /**< NULL for the public's online opinions */
	const char *target_name;
};

struct store_form_problem {
	struct wb_problem p;
	const char *target_name;
	const char *unit_name;      /**< NULL before dispatch */
	int64_t ratings[RATING__N]; /**< of the current round */
	int64_t reports;            /**< progress reports (form 4) */
};

typedef int (*store_form_opinion_cb)(void *arg, const struct store_form_opinion *r);
typedef int (*store_form_problem_cb)(void *arg, const struct store_form_problem *r);

typedef int (*store_unit_cb)(void *arg, const struct wb_unit *u);
typedef int (*store_user_cb)(void *arg, const struct wb_user *u);
typedef int (*store_campaign_cb)(void *arg, const struct wb_campaign *c);
typedef int (*store_opinion_cb)(void *arg, const struct wb_opinion *o);
typedef int (*store_problem_cb)(void *arg, const struct wb_problem *p);
typedef int (*store_event_cb)(void *arg, const struct wb_event *e);
typedef int (*store_progress_cb)(void *arg, const struct wb_progress *p);
typedef int (*store_evaluation_cb)(void *arg, const struct wb_evaluation *e);
typedef int (*store_duty_cb)(void *arg, const struct wb_duty *d);
typedef int (*store_bulletin_cb)(void *arg, const struct store_bulletin *b);
typedef int (*store_accountability_cb)(void *arg, const struct wb_accountability *a);
typedef int (*store_tally_cb)(void *arg, int64_t entity_id, const struct wb_tally *t);

/**
 * The stored tables and their columns, parents before children, for copying a whole
 * database from one engine to another (`wubiao migrate`). Both drivers' schemas have
 * exactly these columns. The dump and load statements (sql.c) are made from these
 * compiled-in names; values are always bound.
 */
/* ---- annual targets (ops_targets.c): a year's rows of each kind, replaced whole ---- */

int store_target_items_put(struct store *st, int64_t year, const struct wb_target_item *v,
			   size_t n);
/** The year's items by unit, card and code, from @p a. */
int store_target_items(struct store *st, int64_t year, struct arena *a, struct wb_target_item **out,
		       size_t *n);
int store_target_results_put(struct store *st, int64_t year, const struct wb_target_result *v,
			     size_t n);
int store_target_results(struct store *st, int64_t year, struct arena *a,
			 struct wb_target_result **out, size_t *n);
int store_target_adjusts_put(struct store *st, int64_t year, const struct wb_target_adjust *v,
			     size_t n);
/** The year's adjustments in the order they were imported. */
int store_target_adjusts(struct store *st, int64_t year, struct arena *a,
			 struct wb_target_adjust **out, size_t *n);
/* a unit's letter for a year: its items, its status, its amendments */
int store_target_unit_items_put(struct store *st, int64_t year, int64_t unit_id,
				const struct wb_target_item *v, size_t n);
int store_target_unit_items(struct store *st, int64_t year, int64_t unit_id, struct arena *a,
			    struct wb_target_item **out, size_t *n);
/** @return 0, or WB_ERR_NOT_FOUND when the unit has no letter that year */
int store_target_letter(struct store *st, int64_t year, int64_t unit_id, struct arena *a,
			struct wb_target_letter *out);
int store_target_letters(struct store *st, int64_t year, struct arena *a,
			 struct wb_target_letter **out, size_t *n);
/** Create or replace the letter of (l->year, l->unit_id). */
int store_target_letter_put(struct store *st, const struct wb_target_letter *l);
int store_target_amendment_add(struct store *st, const struct wb_target_amendment *m, int64_t *id);
int store_target_amendments(struct store *st, int64_t year, int64_t unit_id, struct arena *a,
			    struct wb_target_amendment **out, size_t *n);
/** The year's scheme as JSON text. @return 0, or WB_ERR_NOT_FOUND: the defaults apply */
int store_target_scheme(struct store *st, int64_t year, struct arena *a, const char **json);
int store_target_scheme_put(struct store *st, int64_t year, const char *json, int64_t at);
/* the year-end: results one at a time, the year's state, reports, reminders, appeals,
 * proposals, sanctions */
/** Create or replace the result of (r->year, r->unit_id, r->code). */
int store_target_result_put(struct store *st, const struct wb_target_result *r);
/** The year's state; a year never published reads as zeros (appeal_until WB_NO_DATE). */
int store_target_year(struct store *st, int64_t year, struct arena *a, struct wb_target_year *out);
int store_target_year_put(struct store *st, const struct wb_target_year *y);
int store_target_report_add(struct store *st, const struct wb_target_report *r, int64_t *id);
/** A unit's reports of the year (@p unit_id 0: every unit's), oldest first. */
int store_target_reports(struct store *st, int64_t year, int64_t unit_id, struct arena *a,
			 struct wb_target_report **out, size_t *n);
/** Record a reminder of an item's deadline. @return 1 when new, 0 when sent before, or an error */
int store_target_reminder_add(struct store *st, int64_t year, int64_t unit_id, const char *code,
			      wb_date deadline, int64_t at);
int store_target_appeal_add(struct store *st, const struct wb_target_appeal *ap, int64_t *id);
/** @return 0, or WB_ERR_NOT_FOUND */
int store_target_appeal(struct store *st, int64_t id, struct arena *a,
			struct wb_target_appeal *out);
int store_target_appeal_update(struct store *st, const struct wb_target_appeal *ap);
int store_target_appeals(struct store *st, int64_t year, struct arena *a,
			 struct wb_target_appeal **out, size_t *n);
int store_target_proposal_add(struct store *st, const struct wb_target_proposal *p);
int store_target_proposals(struct store *st, int64_t year, struct arena *a,
			   struct wb_target_proposal **out, size_t *n);
/** Add one adjustment (a confirmed proposal, with its source). */
int store_target_adjust_add(struct store *st, const struct wb_target_adjust *v, int64_t *id);
int store_target_sanction_add(struct store *st, const struct wb_target_sanction *s, int64_t *id);
int store_target_sanctions(struct store *st, int64_t year, struct arena *a,
			   struct wb_target_sanction **out, size_t *n);
/** A bulletin (通报) of a problem, as a proposed subtract of the unit it was dispatched to. */
struct store_tbulletin {
	int64_t id, unit_id;
	const char *title;
	int64_t published_at;
};
/** The bulletins published in [@p from, @p to) (unix seconds), oldest first, into @p cb. */
int store_target_bulletins(struct store *st, int64_t from, int64_t to,
			   int (*cb)(void *arg, const struct store_tbulletin *b), void *arg);

/* ---- the register of people (ops_targets.c) ---- */

int store_person_insert(struct store *st, const struct wb_person *p, int64_t *id);
/** @return 1 found, 0 not, or an error */
int store_person_get(struct store *st, int64_t id, struct arena *a, struct wb_person *out);
int store_person_update(struct store *st, const struct wb_person *p);
/** A unit's people, the active first. */
int store_people(struct store *st, int64_t unit_id, struct arena *a, struct wb_person **out,
		 size_t *n);
/** Link user @p user_id to person @p person_id (0: none). */
int store_user_set_person(struct store *st, int64_t user_id, int64_t person_id);
/** Replace the unit's items split down to people for the year. */
int store_target_person_items_put(struct store *st, int64_t year, int64_t unit_id,
				  const struct wb_target_person_item *v, size_t n);
/** The year's items split down to people (@p unit_id 0: every unit's). */
int store_target_person_items(struct store *st, int64_t year, int64_t unit_id, struct arena *a,
			      struct wb_target_person_item **out, size_t *n);

/* ---- first contact and efficiency faults (ops_registers.c) ---- */

int store_contact_insert(struct store *st, const struct wb_contact *c, int64_t *id);
/** @return 1 found, 0 not, or an error */
int store_contact_get(struct store *st, int64_t id, struct arena *a, struct wb_contact *out);
int store_contact_update(struct store *st, const struct wb_contact *c);
/** Which entries a list reads: each member 0 (or -1 for @p status) for any. */
struct store_contact_filter {
	int64_t unit_id, person_id; /**< the person received it or was handed it */
	int status;                 /**< enum wb_contact_status, -1 any */
	int64_t from, to;           /**< received in [from, to), unix seconds */
};
/** The entries that pass @p f, newest first. */
int store_contacts(struct store *st, const struct store_contact_filter *f, struct arena *a,
		   struct wb_contact **out, size_t *n);
/** Point opinion @p opinion_id at entry @p contact_id (0: none). */
int store_opinion_set_contact(struct store *st, int64_t opinion_id, int64_t contact_id);
/** The ids of the opinions pointing at entry @p contact_id. */
int store_contact_opinions(struct store *st, int64_t contact_id, struct arena *a, int64_t **out,
			   size_t *n);

int store_fault_insert(struct store *st, const struct wb_fault *f, int64_t *id);
/** @return 1 found, 0 not, or an error */
int store_fault_get(struct store *st, int64_t id, struct arena *a, struct wb_fault *out);
int store_fault_update(struct store *st, const struct wb_fault *f);
/** Which cases a list reads: each member 0 (or -1, WB_NO_DATE) for any. */
struct store_fault_filter {
	int64_t unit_id, person_id;
	int status;                       /**< enum wb_fault_status, -1 any */
	wb_date decided_from, decided_to; /**< decided in [from, to) */
};
/** The cases that pass @p f, newest first. */
int store_faults(struct store *st, const struct store_fault_filter *f, struct arena *a,
		 struct wb_fault **out, size_t *n);
/** The case the sweep proposed for problem @p problem_id: its id, 0 for none, or an error. */
int store_fault_of_overdue(struct store *st, int64_t problem_id, int64_t *id);
/** Replace the people of case @p fault_id. */
int store_fault_people_put(struct store *st, int64_t fault_id, const struct wb_fault_person *v,
			   size_t n);
/** The people of case @p fault_id, with their names. */
int store_fault_people(struct store *st, int64_t fault_id, struct arena *a,
		       struct wb_fault_person **out, size_t *n);
/**
 * The heaviest sanction (enum wb_sanction) of person @p person_id in decided cases from
 * @p since on, case @p except aside; -1 for none.
 */
int store_fault_prior(struct store *st, int64_t person_id, wb_date since, int64_t except, int *out);

/* ---- bulletins as documents (ops_registers.c) ---- */

int store_notice_insert(struct store *st, const struct wb_notice *n, int64_t *id);
/** @return 1 found, 0 not, or an error */
int store_notice_get(struct store *st, int64_t id, struct arena *a, struct wb_notice *out);
int store_notice_update(struct store *st, const struct wb_notice *n);
/** Which notices: each -1 for any; @p no_drafts keeps the issued and the withdrawn. */
struct store_notice_filter {
	int status, scope, kind;
	int no_drafts;
};
/** The notices that pass @p f, newest first (by signing, else drafting). */
int store_notices(struct store *st, const struct store_notice_filter *f, struct arena *a,
		  struct wb_notice **out, size_t *n);
/** Replace what notice @p notice_id is about. */
int store_notice_refs_put(struct store *st, int64_t notice_id, const struct wb_notice_ref *v,
			  size_t n);
int store_notice_refs(struct store *st, int64_t notice_id, struct arena *a,
		      struct wb_notice_ref **out, size_t *n);
int store_notice_revision_add(struct store *st, const struct wb_notice_revision *r);
int store_notice_revisions(struct store *st, int64_t notice_id, struct arena *a,
			   struct wb_notice_revision **out, size_t *n);
/** The notice standing for the flag's record @p bulletin_id: its id, 0 none, or an error. */
int store_notice_of_bulletin(struct store *st, int64_t bulletin_id, int64_t *id);
/** Another notice (than @p except) numbered @p number: its id, 0 none, or an error. */
int store_notice_by_number(struct store *st, const char *number, int64_t except, int64_t *id);

/* ---- leaders' pledges (ops_registers.c) ---- */

int store_pledge_set_insert(struct store *st, const struct wb_pledge_set *s, int64_t *id);
/** @return 1 found, 0 not, or an error */
int store_pledge_set_get(struct store *st, int64_t id, struct arena *a, struct wb_pledge_set *out);
int store_pledge_set_update(struct store *st, const struct wb_pledge_set *s);
/** The sets of @p unit_id (0: any) with @p status (-1: any) whose period overlaps
 * [@p from, @p to] (WB_NO_DATE: open). */
int store_pledge_sets(struct store *st, int64_t unit_id, int status, wb_date from, wb_date to,
		      struct arena *a, struct wb_pledge_set **out, size_t *n);
/** Replace the items of set @p set_id by the @p n texts, numbered from 1. */
int store_pledge_items_put(struct store *st, int64_t set_id, const char *const *texts, size_t n);
int store_pledge_items(struct store *st, int64_t set_id, struct arena *a,
		       struct wb_pledge_item **out, size_t *n);
int store_pledge_record_add(struct store *st, const struct wb_pledge_record *r, int64_t *id);
/** The records of a set in [@p from, @p to] (WB_NO_DATE: open), by item and day. */
int store_pledge_records(struct store *st, int64_t set_id, wb_date from, wb_date to,
			 struct arena *a, struct wb_pledge_record **out, size_t *n);
int store_pledge_rating_add(struct store *st, const struct wb_pledge_rating_row *r, int64_t *id);
/** The ratings of a set given in [@p from, @p to) (unix seconds; 0: open). */
int store_pledge_ratings(struct store *st, int64_t set_id, int64_t from, int64_t to,
			 struct arena *a, struct wb_pledge_rating_row **out, size_t *n);
/** The rating colleague @p user_id gave set @p set_id: its id, 0 none, or an error. */
int store_pledge_rating_of(struct store *st, int64_t set_id, int64_t user_id, int64_t *id);

struct store_table {
	const char *name;
	const char *cols; /**< comma-separated, in dump and load order */
	const char *key;  /**< the ORDER BY of a dump */
	int ncols;
	int has_id; /**< an "id" column the driver generates for new rows */
};
enum { STORE_NTABLES = 44 };
extern const struct store_table store_tables[STORE_NTABLES];

/** One dumped row: @p vals[i] is column i as text, NULL for SQL NULL. */
typedef int (*store_row_cb)(void *arg, int ncols, const char *const *vals);

/*
 * List callbacks return 0 to go on, or a negative error to stop; that error is then the
 * op's result. A list op returns the number of rows given to the callback.
 */

/**
 * Open or create the database at @p uri with the driver it names (a path: SQLite; a
 * postgres:// or postgresql:// URI: PostgreSQL) and bring its schema up to date.
 * @return 0 or an error (logged)
 */
int store_open(const char *uri, struct store **out);
void store_close(struct store *st);
/** @return the engine's name: "sqlite" or "pg" */
const char *store_engine_name(const struct store *st);
/**
 * @return an identity shared by the connections of one pool (one server's), for caches
 * of what rarely changes and every request reads; NULL for a connection of its own
 */
const void *store_shared_key(const struct store *st);
/** @return the name of the engine that @p uri names, or NULL when none does */
const char *store_driver_name(const char *uri);

/** Start a transaction; @p write takes the database's write lock up front. */
int store_begin(struct store *st, int write);
int store_commit(struct store *st);
void store_rollback(struct store *st);
/** @return nonzero while a transaction is open */
int store_in_tx(struct store *st);

/** Schema version after migration. */
int store_schema_version(struct store *st);
/** Cheap round trip for health checks. @return 1 */
int store_ping(struct store *st);

int store_settings_load(struct store *st, struct wb_settings *out);
int store_setting_put(struct store *st, const char *key, const char *value);

/** Mark @p day a make-up working day (1), a holiday (0), or ordinary again (-1). */
int store_calendar_put(struct store *st, wb_date day, int workday);
/** Load the calendar's special days in [from, to]; arrays are allocated from @p a. */
int store_calendar_load(struct store *st, wb_date from, wb_date to, struct arena *a,
			struct wb_calendar *out);

int store_unit_insert(struct store *st, const struct wb_unit *u, int64_t *id);
int store_unit_update(struct store *st, const struct wb_unit *u);
int store_unit_get(struct store *st, int64_t id, struct arena *a, struct wb_unit *out);
int store_unit_list(struct store *st, const struct store_unit_filter *f, store_unit_cb cb,
		    void *arg);
/** @return 1 when a unit with @p code exists other than @p except_id */
int store_unit_code_taken(struct store *st, const char *code, int64_t except_id);

int store_user_insert(struct store *st, const struct wb_user *u, const char *pwhash, int64_t *id);
int store_user_get(struct store *st, int64_t id, struct arena *a, struct wb_user *out);
/** Also gives the stored password hash in @p pwhash (arena) when non-NULL. */
int store_user_by_name(struct store *st, const char *username, struct arena *a, struct wb_user *out,
		       const char **pwhash);
int store_user_list(struct store *st, int64_t cursor, int limit, store_user_cb cb, void *arg);
int store_user_set_password(struct store *st, int64_t id, const char *pwhash);

int store_session_insert(struct store *st, const char *token_hash, int64_t user_id,
			 int64_t created_at, int64_t expires_at, const char *ip, const char *agent);
/**
 * Find the live session with @p token_hash at time @p now, used after @p idle_since: its
 * user, expiry and last use. @return 1, 0 when none, or an error
 */
int store_session_user(struct store *st, const char *token_hash, int64_t now, int64_t idle_since,
		       struct arena *a, struct wb_user *out, int64_t *expires_at,
		       int64_t *last_seen);
/** Record that the session with @p token_hash was used at @p now. */
int store_session_touch(struct store *st, const char *token_hash, int64_t now);
/** The live sessions of @p user_id, the last used first (at most 100). */
int store_session_list(struct store *st, int64_t user_id, int64_t now, int64_t idle_since,
		       struct arena *a, struct wb_session **out, int *n);
/** End the session of @p user_id whose id is @p id. @return 1, 0 when none, or an error */
int store_session_end(struct store *st, int64_t user_id, const char *id);
/** End every session of @p user_id but the @p keep last used. @return how many ended */
int store_session_trim(struct store *st, int64_t user_id, int keep);
int store_session_delete(struct store *st, const char *token_hash);
/** Remove sessions expired before @p now or unused since @p idle_since. */
int store_session_purge(struct store *st, int64_t now, int64_t idle_since);

int store_campaign_insert(struct store *st, const struct wb_campaign *c, int64_t *id);
int store_campaign_get(struct store *st, int64_t id, struct arena *a, struct wb_campaign *out);
int store_campaign_list(struct store *st, int64_t cursor, int limit, store_campaign_cb cb,
			void *arg);
/**
 * The campaign running on @p today (between its first phase's start and its last
 * phase's end), else the one that started last. @return 1, or 0 when none exists
 */
int store_campaign_current(struct store *st, wb_date today, int64_t *id);

int store_opinion_insert(struct store *st, const struct wb_opinion *o, int64_t *id);
int store_opinion_get(struct store *st, const struct wb_actor *who, int64_t id, struct arena *a,
		      struct wb_opinion *out);
/** Unscoped lookup by tracking receipt, for the public endpoints. */
int store_opinion_by_receipt(struct store *st, const char *receipt, struct arena *a,
			     struct wb_opinion *out);
int store_opinion_list(struct store *st, const struct wb_actor *who,
		       const struct store_opinion_filter *f, store_opinion_cb cb, void *arg);
/** Set status, problem and reject reason of opinion @p id. */
int store_opinion_set_status(struct store *st, int64_t id, enum wb_opinion_status status,
			     int64_t problem_id, const char *reason);

int store_problem_insert(struct store *st, const struct wb_problem *p, int64_t *id);
int store_problem_get(struct store *st, const struct wb_actor *who, int64_t id, struct arena *a,
		      struct wb_problem *out);
/** Write every mutable field of @p p (status, stage data, dates, flags, counts). */
int store_problem_update(struct store *st, const struct wb_problem *p);
int store_problem_list(struct store *st, const struct wb_actor *who,
		       const struct store_problem_filter *f, store_problem_cb cb, void *arg);

/** The ids of the opinions merged into problem @p id, ascending, from @p a. */
int store_problem_opinion_ids(struct store *st, int64_t id, struct arena *a, int64_t **ids, int *n);

/**
 * Unscoped: every problem still being worked on whose deadline (due_on, or the flag's
 * deadline when flagged) lies before @p today, ascending by id. For reminders.
 */
int store_problem_late(struct store *st, wb_date today, store_problem_cb cb, void *arg);

int store_progress_insert(struct store *st, const struct wb_progress *p, int64_t *id);
int store_progress_list(struct store *st, int64_t problem_id, store_progress_cb cb, void *arg);

int store_evaluation_insert(struct store *st, const struct wb_evaluation *e, int64_t *id);
int store_evaluation_list(struct store *st, int64_t problem_id, store_evaluation_cb cb, void *arg);
/** Every rating of every problem, by id (the audit's check of the records). */
int store_evaluation_all(struct store *st, store_evaluation_cb cb, void *arg);
/** Count ratings of one round: all valid ones, and the unsatisfied among them. */
int store_evaluation_counts(struct store *st, int64_t problem_id, int round, int *valid,
			    int *unsatisfied);
/**
 * Whether this round of the problem has a counted rating from the source: the opinion
 * @p opinion_id (a receipt, or staff entering its giver's form), or with @p opinion_id 0
 * the own rating of @p user_id. @return 1 if it has, 0 if not, or an error
 */
int store_evaluation_by_source(struct store *st, int64_t problem_id, int round, int64_t opinion_id,
			       int64_t user_id);

/* ---- duties (docs/figures.md) ---- */

int store_duty_insert(struct store *st, const struct wb_duty *d);
/**
 * End the held duty of @p kind on problem @p problem_id or opinion @p opinion_id (the other
 * 0) at @p at: done, or with @p released taken from its holder undone (a return).
 * @return the duties ended (0 when none was held), or an error
 */
int store_duty_end(struct store *st, enum wb_duty_kind kind, int64_t problem_id, int64_t opinion_id,
		   int64_t at, int released);
/**
 * Move the held duty of @p kind on @p problem_id to @p due, unless its deadline passed
 * before @p today: lateness once incurred stays. @return the duties moved, or an error
 */
int store_duty_extend(struct store *st, enum wb_duty_kind kind, int64_t problem_id, wb_date today,
		      wb_date due);
/** @return 1 when any duty is kept, 0 when none, or an error */
int store_duty_any(struct store *st, int64_t *one);
/** The duties of a problem and of its opinions, oldest first. */
int store_duty_list(struct store *st, int64_t problem_id, store_duty_cb cb, void *arg);

int store_bulletin_insert(struct store *st, int64_t problem_id, const char *text,
			  int64_t published_at, int64_t by_user_id, int64_t *id);
/** Published bulletins and flagged problems, newest first. */
int store_bulletin_list(struct store *st, int64_t cursor, int limit, store_bulletin_cb cb,
			void *arg);

/**
 * Count the caller's opinions and problems (campaign @p campaign_id, 0: all) for a
 * home page, grouped in SQL. @p soon is the last day that counts as due soon.
 */
int store_summary(struct store *st, const struct wb_actor *who, int64_t campaign_id, wb_date today,
		  wb_date soon, struct store_summary *out);

/** Rows of form 1 in the caller's scope, streamed. */
int store_form_opinions(struct store *st, const struct wb_actor *who,
			const struct store_form_filter *f, store_form_opinion_cb cb, void *arg);
/** Rows of forms 2 to 5 in the caller's scope, streamed. */
int store_form_problems(struct store *st, const struct wb_actor *who,
			const struct store_form_filter *f, store_form_problem_cb cb, void *arg);

int store_accountability_insert(struct store *st, const struct wb_accountability *a, int64_t *id);
/** Records of one problem (@p problem_id > 0) or against one unit, oldest first. */
int store_accountability_list(struct store *st, int64_t problem_id, int64_t unit_id,
			      store_accountability_cb cb, void *arg);

int store_scheme_insert(struct store *st, const struct store_scheme *s, int64_t *id);
/** The scheme in force on @p day: the latest valid_from on or before it. @return 1 or 0 */
int store_scheme_for(struct store *st, wb_date day, struct arena *a, struct store_scheme *out);

/* ---- the survey (ops_survey.c) ---- */

typedef int (*store_sperson_cb)(void *arg, const struct wb_survey_person *p);

int store_survey_insert(struct store *st, const struct wb_survey *s, int64_t *id);
/** @return 1, 0 when absent, or an error */
int store_survey_get(struct store *st, int64_t id, struct arena *a, struct wb_survey *out);
/** Write the updatable fields of @p s. @return 1, 0 when absent, or an error */
int store_survey_update(struct store *st, const struct wb_survey *s);
/** Surveys of @p campaign_id (0: all) in state @p state (-1: any), oldest first. */
int store_survey_list(struct store *st, int64_t campaign_id, int state, struct arena *a,
		      int (*cb)(void *arg, const struct wb_survey *s), void *arg);

int store_sperson_insert(struct store *st, const struct wb_survey_person *p);
/** Remove a survey's whole frame (before it is closed). */
int store_sperson_clear(struct store *st, int64_t survey_id);
/** @return 1, 0 when absent from the survey, or an error */
int store_sperson_get(struct store *st, int64_t survey_id, int64_t id, struct arena *a,
		      struct wb_survey_person *out);
/** @return 1, 0 when no one has the code, or an error */
int store_sperson_by_code(struct store *st, const char *code_hash, struct arena *a,
			  struct wb_survey_person *out);
/** Each person of unit @p unit_id as (id, respondent_id, unit_code) texts, by id. */
int store_sperson_of_unit(struct store *st, int64_t survey_id, int64_t unit_id, store_row_cb cb,
			  void *arg);
/** A filter of store_sperson_list. */
struct store_sperson_filter {
	int64_t unit_id; /**< 0: every unit */
	int drawn;       /**< only the drawn */
	int recheck;     /**< only those drawn for re-contact */
	int64_t cursor;  /**< ids after this one */
	int limit;
};
int store_sperson_list(struct store *st, int64_t survey_id, const struct store_sperson_filter *f,
		       store_sperson_cb cb, void *arg);
int store_sperson_draw(struct store *st, int64_t id, int64_t pos);
/**
 * The next drawn person without an outcome that nobody else holds at @p now (one
 * @p user_id holds comes first), the lowest draw position over the units, of unit
 * @p unit_id when not 0. @return 1, 0 none left, or an error
 */
int store_sperson_next(struct store *st, int64_t survey_id, int64_t now, int64_t user_id,
		       int64_t unit_id, struct arena *a, struct wb_survey_person *out);
/** Hold a person for @p user_id (0: release) until @p until, counting @p attempt calls. */
int store_sperson_hold(struct store *st, int64_t id, int64_t user_id, int64_t until, int attempt);
/** Record the final outcome once. @return 1, 0 when it already had one, or an error */
int store_sperson_outcome(struct store *st, int64_t id, enum wb_call_outcome outcome,
			  enum wb_survey_mode mode, int64_t at, int64_t by, int attempt);
int store_sperson_code(struct store *st, int64_t id, const char *code_hash);
int store_sperson_recheck(struct store *st, int64_t id, int recheck);

/** Each unit's frame size as (unit_id, N). */
int store_survey_frame_units(struct store *st, int64_t survey_id, store_row_cb cb, void *arg);
/** Each unit's strata as (unit_id, stratum, N_h). */
int store_survey_strata(struct store *st, int64_t survey_id, store_row_cb cb, void *arg);
int store_sunit_insert(struct store *st, int64_t survey_id, int64_t unit_id, int64_t frame_n,
		       int64_t sample_n);
/** Each unit's design as (unit_id, N, n). */
int store_sunit_list(struct store *st, int64_t survey_id, store_row_cb cb, void *arg);
/** Per unit (unit_id, drawn, completed, refused, unreachable, ineligible, pending). */
int store_survey_outcomes(struct store *st, int64_t survey_id, store_row_cb cb, void *arg);
int store_sanswer_insert(struct store *st, int64_t person_id, int item, int pass,
			 enum wb_rating answer);
/** A person's answers as (item, pass, answer), the interview's first. */
int store_sanswer_list(struct store *st, int64_t person_id, store_row_cb cb, void *arg);
/** The interviews' answers as (unit_id, stratum, item, answer, count). */
int store_survey_tally(struct store *st, int64_t survey_id, store_row_cb cb, void *arg);
/**
 * For the overall items @p item_a and @p item_b: (unit_id, stratum, s, b, u, people),
 * the number of people whose two answers hold s 满意, b 基本满意 and u 不满意.
 */
int store_survey_people_tally(struct store *st, int64_t survey_id, int item_a, int item_b,
			      store_row_cb cb, void *arg);

/**
 * The counts behind the figures for every entity of @p level (responsible units,
 * stations or points), including those with nothing to count, ascending by id.
 * A few aggregate queries in all, however many entities there are.
 */
int store_tally(struct store *st, enum store_level level, const struct store_period *p,
		store_tally_cb cb, void *arg);

/**
 * Append @p ev to the audit log inside the open write transaction: the store sets
 * id and prev_hash, seals the hash, and inserts.
 */
int store_event_append(struct store *st, struct wb_event *ev);
int store_event_list(struct store *st, const char *subject_type, int64_t subject_id,
		     store_event_cb cb, void *arg);
/** Every event in id order, for verification. */
int store_event_iter(struct store *st, store_event_cb cb, void *arg);
/**
 * The last event before @p before (unix seconds): its id into @p id and its hash into
 * @p hash. @return 1, 0 when there is none, or an error
 */
int store_event_before(struct store *st, int64_t before, int64_t *id, char hash[65]);

/** Every row of store_tables[@p table] in key order, as text. @return rows */
int store_dump(struct store *st, int table, store_row_cb cb, void *arg);
/** Inside a write transaction, before loads: check foreign keys at commit only. */
int store_load_begin(struct store *st);
/** Insert one row of store_tables[@p table] as another driver dumped it, ids kept. */
int store_load(struct store *st, int table, const char *const *vals);
/** After the loads: new rows get ids after the copied ones. */
int store_load_done(struct store *st);

/**
 * Copy the whole database, as of one moment, into the database file @p path (created,
 * or replaced in one transaction) while other connections go on reading and writing,
 * then check the copy's integrity. @return 0, WB_ERR_UNSUPPORTED when the engine cannot
 * (PostgreSQL has its own tools), or an error
 */
int store_backup(struct store *st, const char *path);

/**
 * Run @p fn inside a transaction; commit when it returns >= 0, roll back otherwise.
 * A busy or serialization failure is retried a few times before giving up.
 *
 * With group commit (a pool's connection, see store_pool_group_commit), a write
 * transaction may run on another thread's connection, inside a transaction shared with
 * the writes that arrived meanwhile, each in its own savepoint: @p fn must do all its
 * work through the @p st it is given. What @p fn undoes by failing is only its own work;
 * this call returns once the shared transaction has committed (or failed).
 * @return what @p fn returned, or the commit's error
 */
int store_tx(struct store *st, int write, int (*fn)(struct store *st, void *arg), void *arg);

/** A fixed set of connections shared by server threads. */
struct store_pool;
int store_pool_new(const char *uri, int size, struct store_pool **out);
/** Take a connection, waiting while all are in use. */
struct store *store_pool_get(struct store_pool *p);
void store_pool_put(struct store_pool *p, struct store *st);
void store_pool_free(struct store_pool *p);

/**
 * Group commit for the pool's connections: write transactions that arrive while one
 * commits are run together in the next shared transaction, up to @p max_batch of them,
 * so one commit (one sync to disk) acknowledges them all. 0 turns it off. Only for
 * engines with savepoints; others keep one commit per write.
 */
void store_pool_group_commit(struct store_pool *p, int max_batch);

/** Counters of a pool's group commit. */
struct store_group_stats {
	uint64_t writes;  /**< write transactions run through the group */
	uint64_t commits; /**< shared transactions committed or tried */
	int largest;      /**< the most writes in one shared transaction */
	int waiting;      /**< writes queued now for the next shared transaction */
};
void store_pool_group_stats(struct store_pool *p, struct store_group_stats *out);

#endif
