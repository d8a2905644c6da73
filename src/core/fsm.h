/*
 * The problem state machine: which stage actions are allowed from which states, and
 * where each leads. One table, so the rules can be read, tested and documented at once.
 */
#ifndef WB_FSM_H
#define WB_FSM_H

#include "types.h"

/** Facts beyond the current state that some transitions depend on. */
struct wb_fsm_input {
	int done;                /**< progress: the unit declares the rectification complete */
	int passed;              /**< verify: the verification passed */
	int ext_pending;         /**< an extension request awaits a decision */
	int valid_ratings;       /**< close: ratings of the current round other than unaware */
	int unsatisfied_ratings; /**< close: unsatisfied ratings of the current round */
};

/**
 * Apply @p action to a problem in state @p from.
 * @param[out] to the state after the action (same as @p from for actions that keep it)
 * @return 0, or WB_ERR_STATE when the action is not allowed now
 */
int wb_fsm_apply(enum wb_action action, enum wb_pstatus from, const struct wb_fsm_input *in,
		 enum wb_pstatus *to);

/** @return nonzero when @p action may ever start from @p from (ignoring the input facts) */
int wb_fsm_allowed_from(enum wb_action action, enum wb_pstatus from);

/** @return nonzero for the states of a problem's main path (all but returned), in enum order */
int wb_pstatus_on_path(enum wb_pstatus s);

/** @return nonzero for the states in which a missed deadline makes a problem overdue */
int wb_pstatus_counts_overdue(enum wb_pstatus s);

#endif
