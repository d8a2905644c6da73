#include "perm.h"

#define R(r) (1u << (r))
#define STAFF (R(ROLE_ADMIN) | R(ROLE_STATION) | R(ROLE_POINT))
#define ALL (R(ROLE__N) - 1)

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
};

#define UNIT_OR_ADMIN (R(ROLE_UNIT) | R(ROLE_ADMIN))

static const unsigned actions[ACT__N] = {
	[ACT_DISPATCH] = R(ROLE_ADMIN) | R(ROLE_STATION),
	[ACT_ACKNOWLEDGE] = UNIT_OR_ADMIN,
	[ACT_RETURN] = UNIT_OR_ADMIN,
	[ACT_FEEDBACK] = UNIT_OR_ADMIN,
	[ACT_PROGRESS] = UNIT_OR_ADMIN,
	[ACT_EXTENSION] = UNIT_OR_ADMIN,
	[ACT_EXTENSION_DECISION] = R(ROLE_ADMIN),
	[ACT_VERIFY] = R(ROLE_ADMIN) | R(ROLE_STATION),
	[ACT_EVALUATE] = STAFF,
	[ACT_CLOSE] = R(ROLE_ADMIN),
	[ACT_REOPEN] = R(ROLE_ADMIN) | R(ROLE_STATION),
	[ACT_FLAG] = R(ROLE_ADMIN),
};

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
	return (actions[action] & R(role)) != 0;
}

int wb_action_is_units(enum wb_action action)
{
	switch (action) {
	case ACT_ACKNOWLEDGE:
	case ACT_RETURN:
	case ACT_FEEDBACK:
	case ACT_PROGRESS:
	case ACT_EXTENSION:
		return 1;
	default:
		return 0;
	}
}
