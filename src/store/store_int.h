/*
 * Inside src/store only: the engine driver interface, the statements every op runs, and
 * the row specs that declare each table's columns once.
 *
 * An op (ops.c, ops_problem.c) is written once: it takes a prepared statement by id,
 * binds its parameters, steps through the rows and reads the columns through the
 * driver's statement interface below. A driver (store_sqlite.c, store_pg.c) keeps only
 * what differs between the engines: opening and migrating, transactions, savepoints and
 * the write lock, error mapping and reconnection, streaming, backup, and loading rows.
 *
 * Statement texts (sql.c) are written once, with ?N placeholders, and rewritten per
 * engine when prepared; an engine that needs other words gets its own text next to the
 * shared one. {R:spec}, {I:spec} and {U:spec} in a text expand to a row spec's select
 * list, INSERT and UPDATE (see store_sql_text).
 */
#ifndef WB_STORE_INT_H
#define WB_STORE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

enum store_engine { ENGINE_SQLITE, ENGINE_PG, ENGINE__N };

/** A driver's prepared statement; drivers embed this first in their own. */
struct stmt {
	const struct store_driver *drv;
};

/**
 * One engine. The statement functions take statements from stmt(), which returns the
 * statement @p id of store_sql reset, with no bindings. step() runs it at the first call
 * and returns 1 for a row, 0 at the end (the statement is then reset), or an error
 * (logged, mapped: WB_ERR_BUSY retry, WB_ERR_CONFLICT a unique clash). Column texts are
 * valid until the next step or reset.
 */
struct store_driver {
	const char *name; /**< "sqlite", "pg" */
	enum store_engine engine;

	int (*open)(const char *uri, struct store **out);
	void (*close)(struct store *st);
	int (*begin)(struct store *st, int write);
	int (*commit)(struct store *st);
	void (*rollback)(struct store *st);
	int (*schema_version)(struct store *st);

	struct stmt *(*stmt)(struct store *st, int id);
	void (*bind_null)(struct stmt *q, int i);
	void (*bind_i64)(struct stmt *q, int i, int64_t v);
	void (*bind_text)(struct stmt *q, int i, const char *v);
	int (*step)(struct stmt *q);
	/** 0 for SQL NULL */
	int64_t (*col_i64)(struct stmt *q, int i);
	/** NULL for SQL NULL; @p len (may be NULL) gets the length in bytes */
	const char *(*col_text)(struct stmt *q, int i, size_t *len);
	/** Done with a statement before its last row. */
	void (*reset)(struct stmt *q);
	/** Rows changed by the statement just run. */
	int64_t (*changes)(struct stmt *q);
	/**
	 * The id of the row the INSERT just run added, for an engine whose inserts return no
	 * row (SQLite: a RETURNING clause would make every insert keep a statement journal);
	 * NULL where inserts say RETURNING id (PostgreSQL).
	 */
	int64_t (*last_id)(struct stmt *q);

	/** Inside a write transaction, before loads: foreign keys checked at commit. */
	int (*load_begin)(struct store *st);
	/** Insert one row of store_tables[@p table] as text, ids kept. */
	int (*load)(struct store *st, int table, const char *const *vals);
	/** After the loads (NULL: nothing to do): new rows get ids after the copied ones. */
	int (*load_done)(struct store *st);
	/** Optional (NULL): copy the database into a file while it is in use. */
	int (*backup_to)(struct store *st, const char *path);
};

struct store {
	const struct store_driver *drv;
	struct store_group *group; /**< set by a pool with group commit; NULL otherwise */
	int in_tx;                 /**< a transaction is open (kept by the driver) */
	int write_tx;              /**< it is a write transaction and holds the write lock */
};

/* ---- statements ---- */

enum {
	ST_BEGIN_READ,
	ST_BEGIN_WRITE,
	ST_WRITE_LOCK,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_SAVEPOINT,
	ST_RELEASE,
	ST_ROLLBACK_TO,
	ST_PING,
	ST_SETTINGS_ALL,
	ST_SETTING_PUT,
	ST_CAL_PUT,
	ST_CAL_DEL,
	ST_CAL_RANGE,
	ST_UNIT_INSERT,
	ST_UNIT_UPDATE,
	ST_UNIT_GET,
	ST_UNIT_LIST,
	ST_UNIT_CODE,
	ST_USER_INSERT,
	ST_USER_GET,
	ST_USER_BY_NAME,
	ST_USER_LIST,
	ST_USER_PASSWORD,
	ST_SESSION_INSERT,
	ST_SESSION_USER,
	ST_SESSION_DELETE,
	ST_SESSION_PURGE,
	ST_SESSION_TOUCH,
	ST_SESSION_LIST,
	ST_SESSION_END,
	ST_SESSION_TRIM,
	ST_CAMPAIGN_INSERT,
	ST_PHASE_INSERT,
	ST_CAMPAIGN_GET,
	ST_PHASES_OF,
	ST_CAMPAIGN_LIST,
	ST_CAMPAIGN_CURRENT,
	ST_OPINION_INSERT,
	ST_OPINION_GET,
	ST_OPINION_RECEIPT,
	ST_OPINION_LIST,
	ST_OPINION_STATUS,
	ST_PROBLEM_INSERT,
	ST_PROBLEM_GET,
	ST_PROBLEM_UPDATE,
	ST_PROBLEM_LIST,
	ST_PROBLEM_LIST_DUE,
	ST_PROBLEM_OPINIONS,
	ST_PROBLEM_LATE,
	ST_PROGRESS_INSERT,
	ST_PROGRESS_LIST,
	ST_EVAL_INSERT,
	ST_EVAL_LIST,
	ST_EVAL_ALL,
	ST_EVAL_COUNTS,
	ST_EVAL_BY_SOURCE,
	ST_DUTY_INSERT,
	ST_DUTY_DONE,
	ST_DUTY_RELEASE,
	ST_DUTY_EXTEND,
	ST_DUTY_LIST,
	ST_DUTY_ANY,
	ST_BULLETIN_INSERT,
	ST_BULLETIN_LIST,
	ST_EVENT_LAST,
	ST_EVENT_BEFORE,
	ST_EVENT_INSERT,
	ST_EVENT_LIST,
	ST_EVENT_ITER,
	ST_FORM_OPINIONS,
	ST_FORM_PROBLEMS,
	ST_ACC_INSERT,
	ST_ACC_LIST,
	ST_SCHEME_INSERT,
	ST_SCHEME_FOR,
	ST_SUMMARY_OPINIONS,
	ST_SUMMARY_PROBLEMS,
	/* the survey (ops_survey.c) */
	ST_SURVEY_INSERT,
	ST_SURVEY_GET,
	ST_SURVEY_UPDATE,
	ST_SURVEY_LIST,
	ST_SPERSON_INSERT,
	ST_SPERSON_CLEAR,
	ST_SPERSON_GET,
	ST_SPERSON_OF_UNIT,
	ST_SPERSON_LIST,
	ST_SPERSON_DRAW,
	ST_SPERSON_NEXT,
	ST_SPERSON_HOLD,
	ST_SPERSON_OUTCOME,
	ST_SPERSON_BY_CODE,
	ST_SPERSON_CODE,
	ST_SPERSON_RECHECK,
	ST_SURVEY_FRAME_UNITS,
	ST_SURVEY_STRATA,
	ST_SUNIT_INSERT,
	ST_SUNIT_LIST,
	ST_SURVEY_OUTCOMES,
	ST_SANSWER_INSERT,
	ST_SANSWER_LIST,
	ST_SURVEY_TALLY,
	ST_SURVEY_PEOPLE_TALLY,
	/* the figures' scans (tally.c) */
	ST_TALLY_UNITS,
	ST_TALLY_OPINIONS,
	ST_TALLY_PROBLEMS,
	ST_TALLY_EVENTS,
	ST_TALLY_RATINGS,
	ST_TALLY_DUTIES,
	/* copying between engines: one dump and one load per table of store_tables */
	ST_TITEM_CLEAR,
	ST_TITEM_INSERT,
	ST_TITEM_LIST,
	ST_TRESULT_CLEAR,
	ST_TRESULT_INSERT,
	ST_TRESULT_LIST,
	ST_TADJ_CLEAR,
	ST_TADJ_INSERT,
	ST_TADJ_LIST,
	ST_TITEM_UNIT_CLEAR,
	ST_TITEM_UNIT_LIST,
	ST_TLETTER_GET,
	ST_TLETTER_LIST,
	ST_TLETTER_PUT,
	ST_TAMEND_INSERT,
	ST_TAMEND_LIST,
	ST_TSCHEME_GET,
	ST_TSCHEME_PUT,
	ST_TRESULT_PUT,
	ST_TYEAR_GET,
	ST_TYEAR_PUT,
	ST_TREPORT_INSERT,
	ST_TREPORT_LIST,
	ST_TREPORT_YEAR,
	ST_TREMIND_INSERT,
	ST_TAPPEAL_INSERT,
	ST_TAPPEAL_GET,
	ST_TAPPEAL_UPDATE,
	ST_TAPPEAL_LIST,
	ST_TPROP_INSERT,
	ST_TPROP_LIST,
	ST_TSANCTION_INSERT,
	ST_TSANCTION_LIST,
	ST_TBULLETINS,
	ST_PERSON_INSERT,
	ST_PERSON_GET,
	ST_PERSON_UPDATE,
	ST_PERSON_LIST,
	ST_USER_PERSON,
	ST_TPITEM_CLEAR,
	ST_TPITEM_INSERT,
	ST_TPITEM_LIST,
	ST_TPITEM_YEAR,
	ST_CONTACT_INSERT,
	ST_CONTACT_GET,
	ST_CONTACT_UPDATE,
	ST_CONTACT_LIST,
	ST_OPINION_CONTACT,
	ST_CONTACT_OPINIONS,
	ST_FAULT_INSERT,
	ST_FAULT_GET,
	ST_FAULT_UPDATE,
	ST_FAULT_LIST,
	ST_FAULT_OVERDUE_OF,
	ST_FPERSON_CLEAR,
	ST_FPERSON_INSERT,
	ST_FPERSON_LIST,
	ST_FPERSON_PRIOR,
	ST_NOTICE_INSERT,
	ST_NOTICE_GET,
	ST_NOTICE_UPDATE,
	ST_NOTICE_LIST,
	ST_NREF_CLEAR,
	ST_NREF_INSERT,
	ST_NREF_LIST,
	ST_NREV_INSERT,
	ST_NREV_LIST,
	ST_NOTICE_OF_BULLETIN,
	ST_NOTICE_BY_NUMBER,
	ST_PSET_INSERT,
	ST_PSET_GET,
	ST_PSET_UPDATE,
	ST_PSET_LIST,
	ST_PITEM_CLEAR,
	ST_PITEM_INSERT,
	ST_PITEM_LIST,
	ST_PRECORD_INSERT,
	ST_PRECORD_LIST,
	ST_PRATING_INSERT,
	ST_PRATING_LIST,
	ST_PRATING_OF,
	ST_DUMP,
	ST_LOAD = ST_DUMP + STORE_NTABLES,
	ST__N = ST_LOAD + STORE_NTABLES
};

/** Prepare at first use rather than at open. */
#define SQL_LAZY 1u
/** A scan of up to millions of rows: read row by row where the engine can. */
#define SQL_STREAM 2u

struct sql_def {
	const char *name; /**< for logs */
	const char *sql;  /**< every engine; NULL: the engine has no such statement */
	const char *pg;   /**< PostgreSQL's own text where it differs, else NULL */
	unsigned flags;
};
extern const struct sql_def store_sql[ST__N];

/**
 * The text of statement @p id for @p e, templates expanded and placeholders rewritten
 * ($N for PostgreSQL), allocated (the caller frees it); NULL when the engine has none.
 */
char *store_sql_text(int id, enum store_engine e);
/** @return the number of the highest placeholder in @p sql */
int store_sql_nparams(const char *sql);

/* ---- row specs: a table's columns, declared once ---- */

enum field_kind {
	FK_ID,   /**< int64_t; 0 binds NULL (ids and optional times) */
	FK_NUM,  /**< int or int64_t; bound as it is */
	FK_TEXT, /**< const char * */
	FK_ENUM, /**< an enum, stored by its API name */
	FK_DATE, /**< wb_date, stored as YYYY-MM-DD; WB_NO_DATE binds NULL */
};

#define FW_INS 1u /**< written by {I:spec} */
#define FW_UPD 2u /**< written by {U:spec} */

struct field {
	const char *col;
	enum field_kind kind;
	size_t off, size;
	unsigned flags;
	const struct wb_enum *e;
};

struct row_spec {
	const char *name; /**< as written in templates */
	const char *table;
	const char *alias; /**< of the table in {R:...} select lists */
	const struct field *f;
	int n;
};

extern const struct row_spec spec_unit, spec_user, spec_opinion, spec_problem, spec_progress,
	spec_evaluation, spec_accountability, spec_scheme, spec_event, spec_duty, spec_survey,
	spec_sperson, spec_titem, spec_tresult, spec_tadjust, spec_tletter, spec_tamend, spec_tyear,
	spec_treport, spec_tappeal, spec_tprop, spec_tsanction, spec_person, spec_tpitem,
	spec_contact, spec_fault, spec_fperson, spec_notice, spec_nref, spec_nrev, spec_pset,
	spec_pitem, spec_precord, spec_prating;

/** Read columns @p col0 … of the current row into the struct @p out; texts into @p a
 * (NULL: they point into the row). */
void row_read(struct stmt *q, const struct row_spec *rs, int col0, struct arena *a, void *out);
/** Bind the fields of @p in marked @p flag to parameters @p p0, @p p0 + 1, …
 * @return the number of the next parameter */
int row_bind(struct stmt *q, const struct row_spec *rs, unsigned flag, int p0, const void *in);

/* ---- helpers over the statement interface ---- */

static inline struct stmt *stmt_get(struct store *st, int id)
{
	return st->drv->stmt(st, id);
}

static inline void bind_i64(struct stmt *q, int i, int64_t v)
{
	q->drv->bind_i64(q, i, v);
}

static inline void bind_text(struct stmt *q, int i, const char *v)
{
	if (v)
		q->drv->bind_text(q, i, v);
	else
		q->drv->bind_null(q, i);
}

/* 0 binds NULL: ids are positive. */
static inline void bind_id(struct stmt *q, int i, int64_t v)
{
	if (v)
		q->drv->bind_i64(q, i, v);
	else
		q->drv->bind_null(q, i);
}

static inline int64_t col_i64(struct stmt *q, int i)
{
	return q->drv->col_i64(q, i);
}

void bind_enum(struct stmt *q, int i, const struct wb_enum *e, int v);
void bind_date(struct stmt *q, int i, wb_date d);
/** A NULL caller is the program itself (public receipts, verification): unscoped. */
void bind_scope(struct stmt *q, const struct wb_actor *who);
const char *col_text(struct stmt *q, int i, struct arena *a);
int col_enum(struct stmt *q, int i, const struct wb_enum *e);
wb_date col_date(struct stmt *q, int i);

/** Run a statement that returns no rows. @return 1 or an error */
int exec_done(struct stmt *q);
/** Like exec_done, then the rows it changed. */
int exec_changes(struct stmt *q);
/**
 * An INSERT: its id from RETURNING or the engine's last id. No row added means a unique
 * clash (SQLite's constraint error, or PostgreSQL's ON CONFLICT DO NOTHING skipping it):
 * WB_ERR_CONFLICT.
 */
int exec_insert(struct stmt *q, int64_t *id);
/** The first row's first column into @p out. @return 1, 0 no row, or an error */
int exec_i64(struct stmt *q, int64_t *out);

/**
 * Step through the rows of @p q, handing each row's first @p ncols columns as text to
 * @p cb (NULL for SQL NULL). @return rows, or an error (a negative @p cb result stops)
 */
int each_text_row(struct stmt *q, int ncols, store_row_cb cb, void *arg);

/** The figures (store.h tally op), over the statements ST_TALLY_*. */
int store_tally_run(struct store *st, enum store_level level, const struct store_period *p,
		    store_tally_cb cb, void *arg);

#endif
