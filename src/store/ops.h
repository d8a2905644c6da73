/* Shared by the op files of src/store (ops.c, ops_problem.c): rows to callbacks. */
#ifndef WB_STORE_OPS_H
#define WB_STORE_OPS_H

#include "store_int.h"

/** A list op's callback and its argument, for the row emitters. */
struct emit {
	union {
		store_unit_cb unit;
		store_user_cb user;
		store_opinion_cb opinion;
		store_problem_cb problem;
		store_progress_cb progress;
		store_evaluation_cb evaluation;
		store_duty_cb duty;
		store_bulletin_cb bulletin;
		store_event_cb event;
		store_accountability_cb accountability;
		store_form_opinion_cb form_opinion;
		store_form_problem_cb form_problem;
		store_sperson_cb sperson;
	} cb;
	void *arg;
	const struct wb_actor *who;
};

/**
 * Step through every row of @p q, handing each to @p emit. A negative value from the
 * callback stops the walk and becomes the result. @return rows emitted, or an error
 */
int each_row(struct stmt *q, int (*emit)(struct stmt *q, const struct emit *e),
	     const struct emit *e);
/** Read the one row of @p q by @p rs into @p out. @return 1, 0 none, or an error */
int one_row(struct stmt *q, const struct row_spec *rs, struct arena *a, void *out);
/**
 * Make room for one more element of @p size in the arena array @p v holding @p n, its
 * capacity @p cap (0 for none yet) doubled when full. @return the array, maybe moved
 */
void *grow_array(struct arena *a, void *v, size_t n, size_t *cap, size_t size);
/** Read every row of @p q by @p rs into an array from @p a, @p n long. @return 0 or error */
int all_rows(struct stmt *q, const struct row_spec *rs, struct arena *a, void **out, size_t size,
	     size_t *n);
/** An opinion row, without the giver's identity for roles that may not see it. */
void read_opinion(struct stmt *q, struct arena *a, const struct wb_actor *who,
		  struct wb_opinion *o);

#endif
