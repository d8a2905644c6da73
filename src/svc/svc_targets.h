/* Annual target management in the service: imports and the assessment sheet. */
#ifndef WB_SVC_TARGETS_H
#define WB_SVC_TARGETS_H

#include "../core/targets.h"
#include "svc.h"
#include <jansson.h>
#include "targets_io.h"

/** What a file holds. */
enum svc_targets_kind { TARGETS_ITEMS, TARGETS_RESULTS, TARGETS_ADJUSTMENTS };

/**
 * Replace the year's data of @p kind by the CSV @p data: all or nothing, every bad row in
 * @p e (with its line). Items need known departments and streets, card 2 only for a street,
 * each card summing to 100; results need an item of the year and what its rule takes, and
 * none for a work-style item; adjustments need known units. The import is an event with
 * the file's SHA-256. The office only.
 * @return 0; WB_ERR_INVALID with @p e or the field errors filled; or an error
 */
int svc_targets_import(struct svc_ctx *c, int64_t year, enum svc_targets_kind kind,
		       const char *data, size_t len, struct csvin_errs *e);

/**
 * The year's assessment sheet: a line for each unit with items, the cards from its items'
 * scores (work-style items from the mean composite of the year's campaigns), the adds,
 * subtracts and veto, then base, total, grade and rank (wb_target_assess()). Lines from
 * the arena. The office and leaders.
 */
int svc_targets_assess(struct svc_ctx *c, int64_t year, struct wb_target_line **out, size_t *n);

/**
 * Each of the year's items (as store_target_items() gives them) with its score, work-style
 * items from the year's campaigns. Checks no role: for the services that show a score to
 * whom it may be shown.
 */
int svc_targets_item_scores(struct svc_ctx *c, int64_t year, struct wb_target_item **items,
			    double **scores, size_t *n);

/** The departments and streets, as the store lists them, from the arena. */
int svc_target_units(struct svc_ctx *c, struct wb_unit **v, size_t *n);

/* ---- the year's scheme (svc_letters.c) ---- */

/**
 * The year's scheme, or the defaults (@p stored 0). The office, leaders and units.
 * @return 0, WB_ERR_NOT_FOUND for other roles, or an error
 */
int svc_targets_scheme(struct svc_ctx *c, int64_t year, struct wb_target_scheme *s, int *stored);
/** Set the year's scheme (checked whole), until a letter of the year is signed. The office. */
int svc_targets_scheme_set(struct svc_ctx *c, int64_t year, const struct wb_target_scheme *s);
/** The scheme as the API gives it: street_cards, department_card, ding, level_points, grades. */
json_t *svc_scheme_json(const struct wb_target_scheme *s);
/**
 * Change @p s by the members of @p o present (the JSON of svc_scheme_json()), names from the
 * arena; the whole checked. @return 0, or WB_ERR_INVALID with field errors
 */
int svc_scheme_from_json(struct svc_ctx *c, json_t *o, struct wb_target_scheme *s);

/* ---- responsibility letters (svc_letters.c) ---- */

/** What may be done with a letter; svc_letter_actions() tells who may, now. */
enum svc_letter_action { LA_EDIT, LA_ISSUE, LA_RETURN, LA_SIGN, LA_ENACT, LA_AMEND, LA__N };
extern const char *const svc_letter_action_names[LA__N];

/** A unit's letter for a year, with its items and amendments. */
struct svc_letter {
	struct wb_target_letter l; /**< a draft with no times when none is stored yet */
	struct wb_unit unit;
	struct wb_target_item *items;
	size_t nitems;
	struct wb_target_amendment *amends;
	size_t namends;
	int64_t sums[3];  /**< the points of card 1 and card 2, thousandths ([0] unused) */
	unsigned actions; /**< 1 << enum svc_letter_action, for this caller */
	struct wb_target_result *results; /**< the unit's results (with svc_letter_get) */
	size_t nresults;
	struct wb_target_report *reports; /**< its progress reports, oldest first */
	size_t nreports;
};

/**
 * The actions the caller may take on @p l now, as a bit set. The unit signs or returns its
 * issued letter; a unit nobody logs in for (@p unit_has_account 0) signs on paper, and the
 * office records that signature.
 */
unsigned svc_letter_actions(const struct svc_ctx *c, const struct wb_target_letter *l,
			    int unit_has_account);

/** A unit's letter: the office and leaders, and the unit itself; 404 for others. */
int svc_letter_get(struct svc_ctx *c, int64_t year, int64_t unit_id, struct svc_letter *out);
/** Every department's and street's letter of the year (a unit: its own only). */
int svc_letter_list(struct svc_ctx *c, int64_t year, struct svc_letter **out, size_t *n);

/**
 * Act on a letter: edit (the office, a draft: @p items, the whole list, JSON), issue (the
 * office: each card summing to 100), return (the unit, @p text the reason), sign (the unit,
 * or the office for a unit with no account, @p text the head who signs), enact (the office), amend
 * (the office, once signed: @p items and @p text the reason; each card still summing to 100). Each
 * an audit event.
 * @return 0; WB_ERR_STATE when the letter's status or the caller does not allow it; an error
 */
int svc_letter_act(struct svc_ctx *c, int64_t year, int64_t unit_id, enum svc_letter_action act,
		   const char *text, json_t *items);

/** A JSON number of at most three decimals into thousandths. @return 0, or -1 */
int svc_json_milli(json_t *v, int64_t *out);

/** An item as the API gives it and amendments keep it. */
json_t *svc_target_item_json(const struct wb_target_item *it);

/* ---- through the year and at its end (svc_yearend.c) ---- */

/**
 * Score an item: the office, or a user of the item's assessing department (never the unit
 * itself); @p actual for ratio and inverse, @p deduction for deduct (thousandths; NULL
 * when not given); none for a work-style item. Only on a signed letter, and only until the
 * sheet is published (after that, by an appeal's decision).
 */
int svc_target_result_set(struct svc_ctx *c, int64_t year, int64_t unit_id, const char *code,
			  const int64_t *actual, const int64_t *deduction, const char *note);
/** A progress report by the unit itself on an item of its signed letter, for a quarter begun. */
int svc_target_report(struct svc_ctx *c, int64_t year, int64_t unit_id, const char *code,
		      int64_t quarter, int64_t percent, const char *text, const char *evidence);
/** A unit's reports of the year: the office, leaders and the unit itself. */
int svc_target_reports(struct svc_ctx *c, int64_t year, int64_t unit_id,
		       struct wb_target_report **out, size_t *n);
/** The unit's self-check report (自查报告), by the unit itself, until publication. */
int svc_target_selfcheck(struct svc_ctx *c, int64_t year, int64_t unit_id, const char *text);

/** Why an item is at risk. */
enum svc_risk_why {
	RISK_OVERDUE,    /**< its deadline has passed below 100% */
	RISK_BEHIND,     /**< its deadline is within 30 days below 80% */
	RISK_UNREPORTED, /**< a quarter ended since signing without a report on it */
};
struct svc_target_risk {
	struct wb_target_item item;
	enum svc_risk_why why;
	int64_t percent; /**< the latest report's, 0 without one */
	int reported;
	int64_t quarter; /**< RISK_UNREPORTED: the quarter */
};
/** The items at risk of signed letters: the office and leaders. */
int svc_target_risks(struct svc_ctx *c, int64_t year, struct svc_target_risk **out, size_t *n);
/** How many days before an item's deadline its unit is reminded. */
enum { SVC_TARGET_REMIND_DAYS = 7 };

/**
 * Remind the units of items due within @p days below 100%, each item and deadline once
 * (an event targets.reminder). The system (as admin).
 */
int svc_target_remind(struct svc_ctx *c, int days, int *sent);

/**
 * Publish the year's sheet with an appeal window of @p appeal_days days (@p final 0), or
 * make it final (@p final 1: the window closed, no appeal open). Each records the sheet and
 * its SHA-256 in the audit chain. The office.
 */
int svc_target_publish(struct svc_ctx *c, int64_t year, int appeal_days, int final);
/** What may be done with a year: set its scheme, publish its sheet, make it final. */
enum svc_target_year_action { TYA_SET_SCHEME, TYA_PUBLISH, TYA_FINAL, TYA__N };
extern const char *const svc_target_year_action_names[TYA__N];
/**
 * The year's actions for the caller, from its letters @p v (the scheme is fixed once one is
 * signed) and its state @p y: the office's only.
 */
unsigned svc_target_year_actions(const struct svc_ctx *c, const struct svc_letter *v, size_t n,
				 const struct wb_target_year *y);

/** The year's publication state. */
int svc_target_year(struct svc_ctx *c, int64_t year, struct wb_target_year *out);
/** An appeal by the unit itself, on an item (@p code) or on the whole (NULL), in the window. */
int svc_target_appeal(struct svc_ctx *c, int64_t year, int64_t unit_id, const char *code,
		      const char *reason, int64_t *id);
/**
 * The office's decision on an appeal: upheld (with a new @p actual or @p deduction for its
 * item, when given) or rejected, with the reason in @p decision.
 */
int svc_target_appeal_decide(struct svc_ctx *c, int64_t id, int upheld, const char *decision,
			     const int64_t *actual, const int64_t *deduction);
/** The year's appeals (a unit: its own). */
int svc_target_appeals(struct svc_ctx *c, int64_t year, struct wb_target_appeal **out, size_t *n);

/** A proposed subtract: a bulletin of a problem of the unit, with the office's decision. */
struct svc_target_proposal {
	const char *source; /**< "bulletin:ID" */
	int64_t unit_id;
	const char *event; /**< 通报批评：<the problem's title> */
	int64_t at;        /**< when the bulletin was published */
	int decided;
	struct wb_target_proposal decision;
};
/** The year's proposals: the office and leaders. */
int svc_target_proposals(struct svc_ctx *c, int64_t year, struct svc_target_proposal **out,
			 size_t *n);
/**
 * Confirm a proposal as a subtract at @p level (enum wb_level), or decline it with a @p note
 * (5 to 1000 characters). Until publication. The office.
 */
int svc_target_proposal_decide(struct svc_ctx *c, int64_t year, const char *source, int confirm,
			       int level, const char *note);

/**
 * Record a reward or a penalty on the published sheet, for a unit or a person of its
 * register (@p in->person_id). The office.
 */
int svc_target_sanction(struct svc_ctx *c, const struct wb_target_sanction *in, int64_t *id);
/** The year's rewards and penalties (a unit: its own). */
int svc_target_sanctions(struct svc_ctx *c, int64_t year, struct wb_target_sanction **out,
			 size_t *n);

#endif
