#include "stages.h"

#include <stddef.h>

#define S(s)          (1u << (s))
#define R(r)          (1u << (r))
#define ACTIVE        (S(PS_DISPATCHED) | S(PS_ACKNOWLEDGED) | S(PS_ANSWERED) | S(PS_RECTIFYING))
#define UNIT_OR_ADMIN (R(ROLE_UNIT) | R(ROLE_ADMIN))
#define STAFF         (R(ROLE_ADMIN) | R(ROLE_STATION) | R(ROLE_POINT))
#define FIELDS(...)   ((const char *const[]){__VA_ARGS__, NULL})

const struct wb_stage wb_stages[ACT__N] = {
	[ACT_DISPATCH] = {"dispatch", FIELDS("unit_id", "due_on", "due_workdays", "flagged"),
			  S(PS_OPEN) | S(PS_RETURNED), PS_DISPATCHED,
			  R(ROLE_ADMIN) | R(ROLE_STATION), 0},
	[ACT_ACKNOWLEDGE] = {"acknowledge", FIELDS(NULL), S(PS_DISPATCHED), PS_ACKNOWLEDGED,
			     UNIT_OR_ADMIN, 1},
	[ACT_RETURN] = {"return", FIELDS("reason"), S(PS_DISPATCHED) | S(PS_ACKNOWLEDGED),
			PS_RETURNED, UNIT_OR_ADMIN, 1},
	[ACT_FEEDBACK] = {"feedback", FIELDS("reply", "plan"), S(PS_ACKNOWLEDGED), PS_ANSWERED,
			  UNIT_OR_ADMIN, 1},
	/* to rectifying, or rectified when the unit declares it done */
	[ACT_PROGRESS] = {"progress", FIELDS("measures", "percent", "evidence", "done"),
			  S(PS_ANSWERED) | S(PS_RECTIFYING), PS_RECTIFYING, UNIT_OR_ADMIN, 1},
	/* only while no request waits for a decision */
	[ACT_EXTENSION] = {"extension", FIELDS("due_on", "reason"), ACTIVE, PS__N, UNIT_OR_ADMIN,
			   1},
	/* only while a request waits */
	[ACT_EXTENSION_DECISION] = {"extension/decision", FIELDS("approved", "note"), ACTIVE, PS__N,
				    R(ROLE_ADMIN), 0},
	/* to verified, or back to rectifying when it fails */
	[ACT_VERIFY] = {"verify", FIELDS("passed", "note", "due_on", "due_workdays"),
			S(PS_RECTIFIED), PS_VERIFIED, R(ROLE_ADMIN) | R(ROLE_STATION), 0},
	[ACT_EVALUATE] = {"evaluations", FIELDS("rating", "note", "opinion_id"), S(PS_VERIFIED),
			  PS__N, STAFF, 0},
	/* only with a valid rating and no majority unsatisfied */
	[ACT_CLOSE] = {"close", FIELDS(NULL), S(PS_VERIFIED), PS_CLOSED, R(ROLE_ADMIN), 0},
	[ACT_REOPEN] = {"reopen", FIELDS("reason", "due_on", "due_workdays"),
			S(PS_VERIFIED) | S(PS_CLOSED), PS_RECTIFYING,
			R(ROLE_ADMIN) | R(ROLE_STATION), 0},
	[ACT_FLAG] = {"flag", FIELDS("flagged", "due_on", "bulletin"),
		      (S(PS__N) - 1) & ~S(PS_CLOSED), PS__N, R(ROLE_ADMIN), 0},
};
