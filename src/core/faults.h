/*
 * The rules of efficiency faults (行政效能过错): when a flagged case still not rectified
 * proposes a fault against its unit, the sanction ladder a repeated fault climbs, and what
 * each caller may do with a case at each status. No I/O: the service feeds the facts.
 */
#ifndef WB_FAULTS_H
#define WB_FAULTS_H

#include "date.h"
#include "types.h"

/**
 * Whether the sweep on @p today proposes a fault against @p p's unit: the problem is
 * flagged with a flag deadline, is not yet rectified (still being worked on), and at
 * least @p after working days of @p cal have passed since that deadline.
 */
int wb_fault_overdue(const struct wb_problem *p, const struct wb_calendar *cal, wb_date today,
		     int after);

/**
 * The lightest sanction a person may be given in a new decision, given @p prior, the
 * heaviest sanction of their decided (not revoked) faults of the preceding 365 days, or
 * -1 for none: none before, any step; otherwise one step above the prior, at most the
 * ladder's top.
 */
enum wb_sanction wb_sanction_floor(int prior);

/** What may be done with a case (bits of wb_fault_action). */
enum wb_fault_action {
	FACT_CONFIRM = 1u << 0, /**< proposed → open: the office */
	FACT_DISMISS = 1u << 1, /**< proposed or open → dismissed: the office */
	FACT_DECIDE = 1u << 2,  /**< open → decided: the office */
	FACT_APPEAL = 1u << 3,  /**< decided → appealed, in the window: the unit or office */
	FACT_APPEAL_DECIDE = 1u << 4, /**< appealed → decided or revoked: the office */
};

/**
 * The actions open on a case at @p status to a caller who is the office (@p office) or the
 * case's own unit (@p own), with the appeal window open or not (@p window_open: the
 * decision at most the appeal days ago, and no appeal decided yet).
 */
unsigned wb_fault_actions(enum wb_fault_status status, int office, int own, int window_open);

/** The actions' API names, in bit order, for rendering; NULL-terminated. */
extern const char *const wb_fault_action_names[];

#endif
