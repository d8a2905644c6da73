#include "sweep.h"

#include "fsm.h"

wb_date wb_deadline_of(const struct wb_problem *p)
{
	if (p->flagged && p->flag_due_on != WB_NO_DATE)
		return p->flag_due_on;
	return p->due_on;
}

void wb_sweep_decide(const struct wb_problem *p, const struct wb_calendar *cal, wb_date today,
		     int escalate_after, struct wb_sweep *out)
{
	out->deadline = wb_deadline_of(p);
	out->overdue_workdays = 0;
	out->remind = out->escalate = 0;
	if (!wb_pstatus_counts_overdue(p->status) || out->deadline == WB_NO_DATE ||
	    today <= out->deadline)
		return;
	out->overdue_workdays = wb_workdays_between(cal, out->deadline, today);
	if (out->overdue_workdays >= 1 && p->reminded_due != out->deadline)
		out->remind = 1;
	if (escalate_after > 0 && out->overdue_workdays >= escalate_after &&
	    p->escalated_due != out->deadline)
		out->escalate = 1;
}

int wb_can_delist(enum wb_pstatus status, int valid_ratings, int unsatisfied_ratings)
{
	if (status == PS_CLOSED)
		return 1;
	return status == PS_VERIFIED && valid_ratings > 0 &&
	       2 * unsatisfied_ratings <= valid_ratings;
}
