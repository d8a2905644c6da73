/* Annual target management in the service: imports and the assessment sheet. */
#ifndef WB_SVC_TARGETS_H
#define WB_SVC_TARGETS_H

#include "../core/targets.h"
#include "svc.h"
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

#endif
