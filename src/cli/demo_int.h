/*
 * Inside `wubiao demo` only: the demo district's data (demo_data.c), the story planner
 * (demo_plan.c) that draws one campaign's history from a seeded PRNG, and the player
 * (demo_play.c) that acts it out through the services, step by step in time order.
 */
#ifndef WB_DEMO_INT_H
#define WB_DEMO_INT_H

#include <stdint.h>
#include <stdio.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../svc/svc.h"

#define DAY      86400
#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))

/* The sizes of the data tables; the definitions in demo_data.c must match them. */
enum {
	NUNITS = 39,
	NUSERS = 25,
	NTOPICS = 45,
	NREJECTS = 8,
	NSURNAMES = 20,
	NGIVEN = 16,
	NCONTACTS = 5, /* first-contact entries of a unit in the demo */
	NSUFFIXES = 5,
	NEVIDENCES = 5,
	NLUNAR = 4,
};

/* ---- the data (demo_data.c) ---- */

struct unit_def {
	const char *code, *name;
	enum wb_unit_kind kind;
	const char *parent, *station; /* codes */
	const char *window;           /* the service the public meets there, for generic opinions */
	const char *home;             /* the point where its public usually gives opinions */
	int fees;                     /* it charges fees */
};

struct user_def {
	const char *username, *display;
	enum wb_role role;
	const char *unit; /* NULL: none (the statistics bureau) */
};

struct topic {
	/* a unit code; "*street" any street or town, "*dept" any department, "*fee" any
	 * department that charges fees */
	const char *unit;
	const char *category;
	enum wb_dimension dim;
	const char *title;    /* {u}: the unit's name, {w}: its window */
	const char *texts[4]; /* the opinions, in several wordings */
	const char *measure;  /* what the unit does about it */
	const char *alt;      /* a unit that may be the responsible one instead, or NULL */
};

struct rng {
	uint64_t s;
};

/* How a problem's story goes, by the state it ends in today. */
enum story {
	SY_OPEN,
	SY_DISPATCHED_NEW,
	SY_REDISPATCHED_NEW,
	SY_DISPATCHED_LATE,
	SY_ACK_NEW,
	SY_ACK_LATE,
	SY_ANSWERED_NEW,
	SY_ANSWERED_LATE,
	SY_RECTIFYING_LATE,
	SY_RECTIFYING_EXT,
	SY_RECTIFYING_EXT_PENDING,
	SY_RECTIFYING_FAILED,
	SY_RECTIFYING_REOPENED,
	SY_RECTIFIED,
	SY_VERIFIED,
	SY_CLOSED,
	SY_CLOSED_EXT,
	SY_CLOSED_FAILED,
	SY_CLOSED_REDISPATCH,
	SY_CLOSED_REOPENED,
	SY_CLOSED_FLAGGED,
	SY_RETURNED,
	SY__N
};

struct popinion {
	int unit, point, topic, prob; /* indices; point -1: given online; prob -1: none */
	enum wb_dimension dim;
	enum wb_source src;
	enum wb_channel ch;
	const char *content, *name, *phone;
	int64_t received, entered;
	int late;   /* merged into its problem after the problem was made */
	int reject; /* 1 + index into rejects, or 0 */
	int64_t id;
};

enum { MAX_GROUP = 6 };
struct pproblem {
	int topic, unit, alt, station; /* unit indices; alt -1: none */
	enum story story;
	int k; /* its number within the story */
	enum wb_severity sev;
	const char *title, *summary;
	int ops[MAX_GROUP], nops;
	int by_office; /* summarized by the office rather than the station */
	int flag;      /* flagged (挂牌) on the way */
	int64_t id;
	int cur; /* the unit it is dispatched to, while playing */
};

enum step_kind {
	SK_OPINION,
	SK_REJECT,
	SK_CREATE,
	SK_MERGE,
	SK_ACT,
	SK_RATE_PUBLIC,
	SK_SURVEY,
	SK_TARGET,
	SK_REGISTER
};

/* What a step of the standing registers does (demo_registers.c). */
enum register_step {
	RS_PEOPLE,        /* a paper register for a unit nobody logs in for */
	RS_SWEEP,         /* the system proposes fault cases for stale flagged problems */
	RS_DECIDE,        /* the office confirms and decides the proposals but the newest */
	RS_INSPECT,       /* the office records a case from an inspection */
	RS_CONTACT,       /* a member of staff records a matter received first */
	RS_CONTACT_END,   /* and hands it over or completes it */
	RS_PLEDGE,        /* a unit's head publishes the ten pledges */
	RS_PLEDGE_RECORD, /* a fulfilment record of one of them */
	RS_PLEDGE_RATE,   /* a rating by the public, or by a colleague of another unit */
	RS_NOTICE,        /* the office drafts a notice and, but the last, a leader signs it */
};

/* What a target-management step does (demo_targets.c). */
enum target_step {
	TS_DRAFT,
	TS_ISSUE,
	TS_SIGN,
	TS_ENACT,
	TS_PEOPLE, /* the unit's register: its head, the demo user, a section chief */
	TS_SPLIT,  /* its items split down to those people */
	TS_REPORT, /* the unit's report of a quarter on each item */
	TS_SELFCHECK,
	TS_RESULT, /* the assessing departments and the office score the unit's items */
	TS_PUBLISH,
	TS_APPEAL,
	TS_FINAL,
};

/* What a survey step does (demo_survey.c). */
enum survey_step {
	SS_CREATE,
	SS_FRAME,
	SS_COMMIT,
	SS_CLOSE,
	SS_DRAW,
	SS_CALL,  /* the next person of a unit: an outcome and, completed, answers */
	SS_CODES, /* one-time codes for a unit's people not reached by phone */
	SS_SELF,  /* someone answers with a code */
	SS_RECHECK_DRAW,
	SS_RECHECK, /* the re-contacts of the day */
	SS_FINISH,
	SS_PUBLISH,
};
enum actor { AC_ADMIN, AC_STATION, AC_UNIT, AC_POINT };
struct step {
	int64_t t;
	int seq;
	enum step_kind kind;
	int prob, op;
	enum wb_action act;
	enum actor who;
	int to_unit; /* dispatch to this unit index; -1: the target */
	int days;    /* extension: the new deadline, days from today; flag: its deadline */
	struct svc_stage in;
	/* SK_SURVEY: which survey (0 the baseline, 1 the endpoint), the step, the unit index */
	int survey;
	enum survey_step ss;
	int unit;
	/* SK_TARGET: the step (unit as above; survey holds the quarter of a report) */
	enum target_step ts;
	/* SK_REGISTER: the step (unit as above; survey holds the entry's number) */
	enum register_step rs;
};

/* The demo's two surveys as they are played. */
struct dsurvey {
	int64_t id;
	char seed[33];            /* the bureau's seed, hex */
	double q[NUNITS][DIM__N]; /* each unit's true satisfaction, by dimension */
	struct svc_code *codes;   /* the codes given, and how many are used */
	int ncodes, used;
	int planned; /* steps were planned */
};

struct demo {
	struct store *st;
	struct svc_ctx c;
	struct arena keep, scratch;
	struct rng r;
	int64_t now;    /* today's clock */
	int64_t limit;  /* the latest a step of staff may happen: in office hours */
	int64_t plimit; /* the latest the public may act */
	wb_date today, survey;
	int year;
	int64_t campaign_id;
	wb_date hol[96], work[48];
	struct wb_calendar cal;
	int64_t unit_id[NUNITS];
	int unit_user[NUNITS]; /* index of the unit's demo user, or -1 */
	int user_unit[NUSERS];
	int64_t user_id[NUSERS];
	struct popinion *ops;
	int nops, capops;
	struct pproblem *probs;
	int nprobs, capprobs;
	struct step *steps;
	int nsteps, capsteps;
	int nevals, npublic_evals;
	FILE *logins;
	struct dsurvey sv[2];
	struct rng sr; /* the surveys' own choices, so the problems' stories stay as they were */
	struct rng tr; /* target management's own choices, likewise */
	double tq[NUNITS];                  /* how well each unit does on its targets, 0.6 to 1 */
	int64_t person[NUNITS][3];          /* the people of each unit's register, 0: none */
	struct rng gr;                      /* the registers' own choices */
	int64_t contact[NUNITS][NCONTACTS]; /* first-contact entries, 0: none */
	int fault_appealed;                 /* the first decided case was appealed */
	int64_t pledge[NUNITS];             /* the head's pledges, 0: none */
	int ninterviews;
};

/* An opinion that is not about work style, or not new: stations reject it. */
struct reject_def {
	const char *unit, *text, *reason;
	int online;
};

/* A later year's lunar festivals: Spring Festival (day 1), Qingming, Dragon Boat, Mid-Autumn. */
struct lunar_def {
	short y;
	signed char cny_m, cny_d, qm_d, db_m, db_d, mid_m, mid_d;
};

extern const struct unit_def demo_units[NUNITS];
extern const struct user_def demo_users[NUSERS];
extern const struct topic demo_topics[NTOPICS];
extern const struct reject_def demo_rejects[NREJECTS];
extern const char *const demo_surnames[NSURNAMES];
extern const char *const demo_given[NGIVEN];
extern const char *const demo_suffixes[NSUFFIXES];
extern const char *const demo_evidences[NEVIDENCES];
extern const struct lunar_def demo_lunar[NLUNAR];

/* ---- the plan (demo_plan.c) ---- */

/** @return a number below @p n from the seeded generator */
int demo_rnd(struct rng *r, int n);
/** @return the index in demo_units of the unit coded @p code (aborts on a typo in the data) */
int demo_unit_ix(const char *code);
/** @return the first demo user of @p role (of unit index @p unit, or any for -1), or -1 */
int demo_user_of_role(enum wb_role role, int unit);
/** @return the index of the station that follows unit index @p unit */
int demo_station_of(int unit);
/** The moment @p sec seconds into @p day, district time. */
int64_t demo_at_local(const struct demo *d, wb_date day, int sec);
/** The district's date of the moment @p t. */
wb_date demo_local_day(const struct demo *d, int64_t t);
/** The moment @p t, or the next moment in office hours on a working day. */
int64_t demo_office(struct demo *d, int64_t t);
/** The last moment of office hours before @p t. */
int64_t demo_last_office_moment(const struct demo *d, int64_t t);
/** The two years' calendar: the shipped arrangements, else provisional ones. */
void demo_plan_calendar(struct demo *d);
/** Draw the campaign's opinions and problems and the steps of their stories. */
void demo_plan(struct demo *d);
/** A new step at @p t (held to the public's latest moment), in the plan. */
struct step *demo_new_step(struct demo *d, int64_t t, enum step_kind kind);

/* ---- the surveys (demo_survey.c) ---- */

/** Plan the baseline and the endpoint survey, as far as today allows. */
void demo_plan_surveys(struct demo *d);
/** Take one survey step. @return 0 or an error */
int demo_survey_step(struct demo *d, const struct step *s);

/* ---- target management (demo_targets.c) ---- */

/** Plan the year's letters, reports, results and assessment, as far as today allows. */
void demo_plan_targets(struct demo *d);
/** Take one target-management step. @return 0 or an error */
int demo_target_step(struct demo *d, const struct step *s);

/* ---- the standing registers (demo_registers.c) ---- */

/** Plan paper registers, fault cases, accountability and first contacts, up to today. */
void demo_plan_registers(struct demo *d);
/** Take one step of the registers. @return 0 or an error */
int demo_register_step(struct demo *d, const struct step *s);

/* ---- playing it (demo_play.c) ---- */

/** Create the district: units, users, the calendar and the campaign. @return 0 or -1 */
int demo_setup(struct demo *d);
/** Take the planned steps in time order. @return 0 or -1 */
int demo_play(struct demo *d);
/** Act as demo user @p user. */
void demo_act_as(struct demo *d, int user);
/** A random password of 16 characters. */
void demo_make_password(char out[17]);
/** Print what was made. */
void demo_summary(struct demo *d, const char *db, const char *logins);

#endif
