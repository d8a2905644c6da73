/*
 * Permissions: which role may take which action. Scope (which records a role sees) is
 * applied by the store's queries; this module answers only "may this role ever do it".
 */
#ifndef WB_PERM_H
#define WB_PERM_H

#include "types.h"

enum wb_perm {
	PERM_UNIT_READ,
	PERM_UNIT_WRITE,
	PERM_USER_READ,
	PERM_USER_WRITE,
	PERM_CAMPAIGN_READ,
	PERM_CAMPAIGN_WRITE,
	PERM_OPINION_READ,
	PERM_OPINION_CREATE,
	PERM_OPINION_REJECT,
	PERM_SUBMITTER_READ, /**< see an opinion giver's name, phone and receipt */
	PERM_PROBLEM_READ,
	PERM_PROBLEM_CREATE, /**< summarize opinions into problems, merge more */
	PERM_AUDIT_VERIFY,
	PERM_ACCOUNTABILITY_CREATE, /**< record accountability (问责) for a problem */
	PERM_SURVEY_READ,           /**< every survey, its design, fieldwork and live estimates */
	PERM_SURVEY_RUN,            /**< run a survey: frame, draw, interviews (统计局) */
	PERM_SURVEY_CONTACT,        /**< see the names and phones of a survey's frame */
	PERM_SURVEY_PUBLISH,        /**< publish a finished survey's results notice */
	PERM_TARGET_READ,           /**< the year's targets and the assessment sheet */
	PERM_TARGET_WRITE,          /**< import a year's targets, results and adjustments */
	PERM_REGISTER_READ, /**< every unit's registers: first contact, faults (a unit: its own) */
	PERM_FAULT_WRITE,   /**< record, confirm, decide and dismiss efficiency faults */
	PERM__N
};

/** @return the API name of @p perm ("problem_create"), or "" when out of range */
const char *wb_perm_name(enum wb_perm perm);

/** @return nonzero when @p role may use @p perm on records in its scope */
int wb_perm_allows(enum wb_role role, enum wb_perm perm);
/** @return nonzero when @p role may take stage @p action on a problem in its scope */
int wb_perm_action(enum wb_role role, enum wb_action action);
/**
 * @return nonzero when @p action is a responsible unit's own stage, which the office may
 * record on the unit's behalf (the event then names both)
 */
int wb_action_is_units(enum wb_action action);

#endif
