/*
 * Deadlines that have passed: reminders (催办) the working day after a deadline, and
 * escalation (督办) when a problem is still overdue a number of working days later.
 * Also when a flagged case (挂牌) may be delisted (摘牌).
 */
#ifndef WB_SWEEP_H
#define WB_SWEEP_H

#include "date.h"
#include "types.h"

/** @return the deadline that counts: the flag's when flagged and set, else due_on */
wb_date wb_deadline_of(const struct wb_problem *p);

struct wb_sweep {
	wb_date deadline;     /**< the deadline that passed */
	int overdue_workdays; /**< working days after the deadline, up to and including today */
	int remind;           /**< a reminder is due and not yet sent for this deadline */
	int escalate;         /**< an escalation is due and not yet made for this deadline */
};

/**
 * What a sweep on @p today does for @p p: remind from the first working day after the
 * deadline, escalate once @p escalate_after working days have passed since it.
 * Problems not being worked on, or not late, need nothing.
 */
void wb_sweep_decide(const struct wb_problem *p, const struct wb_calendar *cal, wb_date today,
		     int escalate_after, struct wb_sweep *out);

/**
 * A flagged case is delisted only after verification and a passed effect evaluation:
 * verified with at least one valid rating and no majority unsatisfied, or closed.
 */
int wb_can_delist(enum wb_pstatus status, int valid_ratings, int unsatisfied_ratings);

#endif
