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
};

/** The actions the caller may take on @p l now, as a bit set. */
unsigned svc_letter_actions(const struct svc_ctx *c, const struct wb_target_letter *l);

/** A unit's letter: the office and leaders, and the unit itself; 404 for others. */
int svc_letter_get(struct svc_ctx *c, int64_t year, int64_t unit_id, struct svc_letter *out);
/** Every department's and street's letter of the year (a unit: its own only). */
int svc_letter_list(struct svc_ctx *c, int64_t year, struct svc_letter **out, size_t *n);

/**
 * Act on a letter: edit (the office, a draft: @p items, the whole list, JSON), issue (the
 * office: each card summing to 100), return (the unit, @p text the reason), sign (the unit,
 * @p text the head who signs), enact (the office), amend (the office, once signed: @p items
 * and @p text the reason; each card still summing to 100). Each an audit event.
 * @return 0; WB_ERR_STATE when the letter's status or the caller does not allow it; an error
 */
int svc_letter_act(struct svc_ctx *c, int64_t year, int64_t unit_id, enum svc_letter_action act,
		   const char *text, json_t *items);

/** An item as the API gives it and amendments keep it. */
json_t *svc_target_item_json(const struct wb_target_item *it);

#endif
