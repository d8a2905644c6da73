/*
 * The figures' tally shared by the drivers (inside src/store only). A driver runs the
 * five narrow scans below with its own SQL and hands their rows to store_tally_run(),
 * which counts them in dense in-memory arrays (docs/architecture.md, Figures).
 */
#ifndef WB_STORE_TALLY_H
#define WB_STORE_TALLY_H

#include "store.h"

/*
 * The scans and their columns, the same on every engine:
 *   TQ_UNITS     id, kind, parent_id, station_id, ascending by id
 *   TQ_OPINIONS  target_unit_id, point_id, source, channel, dimension, problem_id,
 *                received_at (every opinion of the campaign)
 *   TQ_PROBLEMS  id, unit dispatched to else target, unit_id, status, created_at,
 *                dispatched_at, acknowledged_at, ack_due_on, due_on, answered_at,
 *                rectified_at, answered deadline, rectified deadline
 *   TQ_EVENTS    subject_id, kind, actor_unit_id of returns, reopens and passed
 *                verifications in the period
 *   TQ_RATINGS   problem_id, rating of the ratings in the period
 */
enum { TQ_UNITS, TQ_OPINIONS, TQ_PROBLEMS, TQ_EVENTS, TQ_RATINGS, TQ__N };

/** One driver's rows for the tally; one scan is open at a time. */
struct tally_src {
	void *ctx;
	/** Start scan @p which for period @p p (NULL for TQ_UNITS). @return 0 or an error */
	int (*start)(void *ctx, int which, const struct store_period *p);
	/** Step to the next row of the open scan. @return 1, 0 at its end, or an error */
	int (*next)(void *ctx);
	/** Column @p col of the current row; 0 for NULL. */
	int64_t (*i64)(void *ctx, int col);
	/** Column @p col of the current row as text; NULL for NULL. Valid until next(). */
	const char *(*text)(void *ctx, int col);
};

/** The store.h tally op over @p src. @return entities given to @p cb, or an error */
int store_tally_run(const struct tally_src *src, enum store_level level,
		    const struct store_period *p, store_tally_cb cb, void *arg);

#endif
