#include "perm.h"

#include "stages.h"

#define R(r)  (1u << (r))
#define STAFF (R(ROLE_ADMIN) | R(ROLE_STATION) | R(ROLE_POINT))
#define ALL   (R(ROLE__N) - 1)

static const unsigned perms[PERM__N] = {
	[PERM_UNIT_READ] = ALL,
	[PERM_UNIT_WRITE] = R(ROLE_ADMIN),
	[PERM_USER_READ] = R(ROLE_ADMIN),
	[PERM_USER_WRITE] = R(ROLE_ADMIN),
	[PERM_CAMPAIGN_READ] = ALL,
	[PERM_CAMPAIGN_WRITE] = R(ROLE_ADMIN),
	[PERM_OPINION_READ] = STAFF | R(ROLE_LEADER),
	[PERM_OPINION_CREATE] = STAFF,
	[PERM_OPINION_REJECT] = R(ROLE_ADMIN) | R(ROLE_STATION),
	[PERM_SUBMITTER_READ] = STAFF,
	[PERM_PROBLEM_READ] = ALL,
	[PERM_PROBLEM_CREATE] = R(ROLE_ADMIN) | R(ROLE_STATION),
	[PERM_AUDIT_VERIFY] = R(ROLE_ADMIN) | R(ROLE_LEADER),
	[PERM_ACCOUNTABILITY_CREATE] = R(ROLE_ADMIN),
	[PERM_SURVEY_READ] = R(ROLE_ADMIN) | R(ROLE_LEADER) | R(ROLE_STATS),
	[PERM_SURVEY_RUN] = R(ROLE_STATS),
	[PERM_SURVEY_CONTACT] = R(ROLE_STATS),
	[PERM_SURVEY_PUBLISH] = R(ROLE_ADMIN),
	[PERM_TARGET_READ] = R(ROLE_ADMIN) | R(ROLE_LEADER),
	[PERM_TARGET_WRITE] = R(ROLE_ADMIN),
	[PERM_REGISTER_READ] = R(ROLE_ADMIN) | R(ROLE_LEADER) | R(ROLE_STATION),
	[PERM_FAULT_WRITE] = R(ROLE_ADMIN),
};

static const char *const names[PERM__N] = {
	[PERM_UNIT_READ] = "unit_read",
	[PERM_UNIT_WRITE] = "unit_write",
	[PERM_USER_READ] = "user_read",
	[PERM_USER_WRITE] = "user_write",
	[PERM_CAMPAIGN_READ] = "campaign_read",
	[PERM_CAMPAIGN_WRITE] = "campaign_write",
	[PERM_OPINION_READ] = "opinion_read",
	[PERM_OPINION_CREATE] = "opinion_create",
	[PERM_OPINION_REJECT] = "opinion_reject",
	[PERM_SUBMITTER_READ] = "submitter_read",
	[PERM_PROBLEM_READ] = "problem_read",
	[PERM_PROBLEM_CREATE] = "problem_create",
	[PERM_AUDIT_VERIFY] = "audit_verify",
	[PERM_ACCOUNTABILITY_CREATE] = "accountability_create",
	[PERM_SURVEY_READ] = "survey_read",
	[PERM_SURVEY_RUN] = "survey_run",
	[PERM_SURVEY_CONTACT] = "survey_contact",
	[PERM_SURVEY_PUBLISH] = "survey_publish",
	[PERM_TARGET_READ] = "target_read",
	[PERM_TARGET_WRITE] = "target_write",
	[PERM_REGISTER_READ] = "register_read",
	[PERM_FAULT_WRITE] = "fault_write",
};

const char *wb_perm_name(enum wb_perm perm)
{
	return (unsigned)perm < PERM__N ? names[perm] : "";
}

int wb_perm_allows(enum wb_role role, enum wb_perm perm)
{
	if ((unsigned)role >= ROLE__N || (unsigned)perm >= PERM__N)
		return 0;
	return (perms[perm] & R(role)) != 0;
}

int wb_perm_action(enum wb_role role, enum wb_action action)
{
	if ((unsigned)role >= ROLE__N || (unsigned)action >= ACT__N)
		return 0;
	return (wb_stages[action].roles & R(role)) != 0;
}

int wb_action_is_units(enum wb_action action)
{
	return (unsigned)action < ACT__N && wb_stages[action].units_own;
}
