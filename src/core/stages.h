/*
 * The stage actions on a problem (the five forms' stages), one row each: where the POST
 * goes, what its body may hold, which states it starts from and where it leads, and who
 * may take it. The state machine (fsm.c), the permissions (perm.c), the router and body
 * parser (src/http) and the services (svc_stage.c, which adds each action's body check
 * and effects, keyed by the same enum) all read this one table.
 */
#ifndef WB_STAGES_H
#define WB_STAGES_H

#include "types.h"

struct wb_stage {
	const char *path;          /**< after /api/v1/problems/{id}/ */
	const char *const *fields; /**< the body's fields, NULL-terminated */
	unsigned from;             /**< the states it starts from: bit 1 << enum wb_pstatus */
	enum wb_pstatus to;        /**< where it leads; PS__N: it stays, or the facts decide */
	unsigned roles;            /**< who may take it: bit 1 << enum wb_role */
	int units_own;             /**< a responsible unit's own stage, which the office may
					record on the unit's behalf (the event then names both) */
};

/** Indexed by enum wb_action; the API name of an action is wb_enum_name(&wb_actions, a). */
extern const struct wb_stage wb_stages[ACT__N];

#endif
