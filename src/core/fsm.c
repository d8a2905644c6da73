#include "fsm.h"

#include <stddef.h>

#include "../util/err.h"

#define B(s) (1u << (s))

/* From-states of each action; ACT_FLAG is anything but closed. */
static const unsigned allowed[ACT__N] = {
	[ACT_DISPATCH] = B(PS_OPEN) | B(PS_RETURNED),
	[ACT_ACKNOWLEDGE] = B(PS_DISPATCHED),
	[ACT_RETURN] = B(PS_DISPATCHED) | B(PS_ACKNOWLEDGED),
	[ACT_FEEDBACK] = B(PS_ACKNOWLEDGED),
	[ACT_PROGRESS] = B(PS_ANSWERED) | B(PS_RECTIFYING),
	[ACT_EXTENSION] = B(PS_DISPATCHED) | B(PS_ACKNOWLEDGED) | B(PS_ANSWERED) | B(PS_RECTIFYING),
	[ACT_EXTENSION_DECISION] =
		B(PS_DISPATCHED) | B(PS_ACKNOWLEDGED) | B(PS_ANSWERED) | B(PS_RECTIFYING),
	[ACT_VERIFY] = B(PS_RECTIFIED),
	[ACT_EVALUATE] = B(PS_VERIFIED),
	[ACT_CLOSE] = B(PS_VERIFIED),
	[ACT_REOPEN] = B(PS_VERIFIED) | B(PS_CLOSED),
	[ACT_FLAG] = (B(PS__N) - 1) & ~B(PS_CLOSED),
};

/* Where an action leads when it does not depend on input; PS__N means "stay". */
static const enum wb_pstatus target[ACT__N] = {
	[ACT_DISPATCH] = PS_DISPATCHED,
	[ACT_ACKNOWLEDGE] = PS_ACKNOWLEDGED,
	[ACT_RETURN] = PS_RETURNED,
	[ACT_FEEDBACK] = PS_ANSWERED,
	[ACT_PROGRESS] = PS_RECTIFYING, /* or rectified when done */
	[ACT_EXTENSION] = PS__N,
	[ACT_EXTENSION_DECISION] = PS__N,
	[ACT_VERIFY] = PS_VERIFIED, /* or rectifying when not passed */
	[ACT_EVALUATE] = PS__N,
	[ACT_CLOSE] = PS_CLOSED,
	[ACT_REOPEN] = PS_RECTIFYING,
	[ACT_FLAG] = PS__N,
};

int wb_fsm_allowed_from(enum wb_action action, enum wb_pstatus from)
{
	if ((unsigned)action >= ACT__N || (unsigned)from >= PS__N)
		return 0;
	return (allowed[action] & B(from)) != 0;
}

int wb_fsm_apply(enum wb_action action, enum wb_pstatus from, const struct wb_fsm_input *in,
		 enum wb_pstatus *to)
{
	static const struct wb_fsm_input none;
	if (in == NULL)
		in = &none;
	if (!wb_fsm_allowed_from(action, from))
		return WB_ERR_STATE;
	switch (action) {
	case ACT_EXTENSION:
		if (in->ext_pending)
			return WB_ERR_STATE;
		break;
	case ACT_EXTENSION_DECISION:
		if (!in->ext_pending)
			return WB_ERR_STATE;
		break;
	case ACT_CLOSE:
		/* No valid rating yet, or a majority unsatisfied: not closable. */
		if (in->valid_ratings <= 0 || 2 * in->unsatisfied_ratings > in->valid_ratings)
			return WB_ERR_STATE;
		break;
	default:
		break;
	}
	enum wb_pstatus next = target[action];
	if (action == ACT_PROGRESS && in->done)
		next = PS_RECTIFIED;
	if (action == ACT_VERIFY && !in->passed)
		next = PS_RECTIFYING;
	*to = next == PS__N ? from : next;
	return 0;
}

int wb_pstatus_counts_overdue(enum wb_pstatus s)
{
	return s == PS_DISPATCHED || s == PS_ACKNOWLEDGED || s == PS_ANSWERED || s == PS_RECTIFYING;
}
