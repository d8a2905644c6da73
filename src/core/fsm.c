#include "fsm.h"

#include <stddef.h>

#include "../util/err.h"
#include "stages.h"

#define B(s) (1u << (s))

int wb_fsm_allowed_from(enum wb_action action, enum wb_pstatus from)
{
	if ((unsigned)action >= ACT__N || (unsigned)from >= PS__N)
		return 0;
	return (wb_stages[action].from & B(from)) != 0;
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
	enum wb_pstatus next = wb_stages[action].to;
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

int wb_pstatus_on_path(enum wb_pstatus s)
{
	return (unsigned)s < PS__N && s != PS_RETURNED;
}
