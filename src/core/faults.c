#include "faults.h"

#include "fsm.h"

int wb_fault_overdue(const struct wb_problem *p, const struct wb_calendar *cal, wb_date today,
		     int after)
{
	if (!p->flagged || p->flag_due_on == WB_NO_DATE || !wb_pstatus_counts_overdue(p->status))
		return 0;
	if (today <= p->flag_due_on || after < 0)
		return 0;
	return wb_workdays_between(cal, p->flag_due_on, today) >= after;
}

enum wb_sanction wb_sanction_floor(int prior)
{
	if (prior < 0)
		return SN_RECTIFY;
	if (prior >= SN_DISMISSAL)
		return SN_DISMISSAL;
	return (enum wb_sanction)(prior + 1);
}

const char *const wb_fault_action_names[] = {"confirm", "dismiss",       "decide",
					     "appeal",  "appeal_decide", NULL};

unsigned wb_fault_actions(enum wb_fault_status status, int office, int own, int window_open)
{
	unsigned a = 0;
	switch (status) {
	case FST_PROPOSED:
		if (office)
			a = FACT_CONFIRM | FACT_DISMISS;
		break;
	case FST_OPEN:
		if (office)
			a = FACT_DECIDE | FACT_DISMISS;
		break;
	case FST_DECIDED:
		if ((office || own) && window_open)
			a = FACT_APPEAL;
		break;
	case FST_APPEALED:
		if (office)
			a = FACT_APPEAL_DECIDE;
		break;
	default:
		break;
	}
	return a;
}
