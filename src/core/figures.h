/*
 * Figures: the counts of each stage turned into rates with their uncertainty, the
 * satisfaction score, the composite score with its parts, grades, and fair rankings.
 * Pure arithmetic over counts that the store aggregates; no I/O.
 */
#ifndef WB_FIGURES_H
#define WB_FIGURES_H

#include <stddef.h>
#include <stdint.h>

#include "types.h"

/** A rate with its 95% Wilson interval; when den is 0 the rate is undefined. */
struct wb_rate {
	int64_t num, den;
	int defined;      /**< den > 0 */
	double value;     /**< num / den, 0..1 */
	double low, high; /**< 95% Wilson score interval */
};

/** Fill @p out for @p num of @p den (num is clamped to 0..den). */
void wb_rate_make(int64_t num, int64_t den, struct wb_rate *out);

/** The raw counts of one entity (a unit, a station or a point) over one period. */
struct wb_tally {
	int64_t opinions;
	int64_t by_source[SRC__N], by_channel[CH__N], by_dimension[DIM__N];
	int64_t merged_opinions; /**< opinions merged into problems */
	int64_t problems;        /**< problems summarized */
	int64_t dispatches;      /**< dispatch actions (a re-dispatch counts again) */
	int64_t returns;         /**< return actions */
	int64_t dispatched;      /**< problems dispatched and not returned now */
	int64_t acked, acked_on_time;
	int64_t answer_due, answered_on_time; /**< answer due: answered, or past due_on */
	int64_t rectify_due, rectified;       /**< rectify due: dispatched and not returned */
	int64_t rectify_judged;               /**< of those: rectified, or past due_on */
	int64_t rectified_on_time;            /**< rectified by due_on */
	int64_t verified;                     /**< passed verifications */
	int64_t reopens;                      /**< reopen actions */
	int64_t ratings[RATING__N];
	int64_t overdue; /**< overdue now */
};

/** Points of the satisfaction scale (default 100 / 75 / 55); unaware scores nothing. */
struct wb_scale {
	double satisfied, basic, unsatisfied;
};

/** The parts of the composite score, each on 0..100. */
enum wb_part {
	PART_SATISFACTION, /**< satisfaction score */
	PART_FEEDBACK,     /**< on-time feedback rate */
	PART_COMPLETION,   /**< rectification completion rate */
	PART_RECTIFY,      /**< on-time rectification rate */
	PART_ACK,          /**< on-time acknowledgement rate */
	PART_NO_RETURN,    /**< 1 − return rate */
	PART_NO_REOPEN,    /**< 1 − reopen rate */
	PART__N
};

extern const char *const wb_part_names[PART__N];
extern const char *const wb_part_labels[PART__N];

struct wb_weights {
	double w[PART__N]; /**< relative weights, >= 0, not all 0 */
};

/** Grade cut-offs: excellent >= a, good >= b, pass >= c, else fail. */
struct wb_grades {
	double excellent, good, pass;
};

enum wb_grade { GRADE_EXCELLENT, GRADE_GOOD, GRADE_PASS, GRADE_FAIL, GRADE__N };
extern const char *const wb_grade_names[GRADE__N];
extern const char *const wb_grade_labels[GRADE__N];

struct wb_indicators {
	struct wb_rate merge_ratio;           /**< problems / merged opinions */
	struct wb_rate on_time_ack;           /**< acknowledged on time / acknowledged */
	struct wb_rate on_time_feedback;      /**< answered by due_on / answer due */
	struct wb_rate completion;            /**< rectified / rectify due */
	struct wb_rate on_time_rectification; /**< rectified by due_on / rectify judged */
	struct wb_rate return_rate;           /**< returns / dispatches */
	struct wb_rate reopen_rate;           /**< reopens / (passed verifications) */
	struct wb_rate satisfaction_rate;     /**< (satisfied + basic) / valid ratings */
	int64_t valid_ratings;                /**< ratings other than unaware */
	int has_score;                        /**< valid_ratings > 0 */
	double satisfaction_score;            /**< mean points over valid ratings */
	double score_low, score_high;         /**< its 95% interval, within the scale */
};

void wb_indicators_compute(const struct wb_tally *t, const struct wb_scale *s,
			   struct wb_indicators *out);

/** One part of a composite: its value (0..100), weight, and share of the result. */
struct wb_part_value {
	int defined;
	double value, low, high, weight, contribution;
};

struct wb_composite {
	int defined;      /**< at least one part with data and weight */
	double value;     /**< 0..100 */
	double low, high; /**< from the parts' intervals */
	enum wb_grade grade;
	struct wb_part_value parts[PART__N];
};

/**
 * Weighted mean of the parts that have data; parts without data drop out and the
 * remaining weights are renormalised, so a unit is not punished for what did not occur.
 */
void wb_composite_compute(const struct wb_indicators *in, const struct wb_weights *w,
			  const struct wb_grades *g, struct wb_composite *out);

enum wb_grade wb_grade_of(const struct wb_grades *g, double score);

/** One entry of a ranking within a group. */
struct wb_rank_entry {
	int64_t id;
	double value, low, high; /**< composite and its interval */
	int defined;
	int64_t count;    /**< evaluations behind the entry */
	int rank;         /**< 1 = best; 0 when insufficient */
	int insufficient; /**< fewer than the minimum count, or no composite */
	int tie;          /**< interval overlaps a ranked neighbour's */
};

/**
 * Rank @p v (reordered in place): entries with at least @p min_count evaluations and a
 * composite are ranked by value (higher first, then id); the rest follow, unranked.
 */
void wb_rank(struct wb_rank_entry *v, size_t n, int64_t min_count);

/** Defaults: scale 100/75/55; weights 40/20/15/10/5/5/5; grades 90/80/60. */
void wb_figures_defaults(struct wb_scale *s, struct wb_weights *w, struct wb_grades *g);

#endif
