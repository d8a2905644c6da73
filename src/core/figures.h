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

/**
 * The Wilson score interval of @p k of @p n (n > 0) at the normal quantile @p z, within
 * [0, 1]; exactly 0 below when k is 0 and 1 above when k is n.
 */
void wb_wilson(int64_t k, int64_t n, double z, double *low, double *high);

/** Fill @p out for @p num of @p den (num is clamped to 0..den). */
void wb_rate_make(int64_t num, int64_t den, struct wb_rate *out);

/** The raw counts of one entity (a unit, a station or a point) over one period. */
struct wb_tally {
	int64_t opinions;
	int64_t by_source[SRC__N], by_channel[CH__N], by_dimension[DIM__N];
	int64_t merged_opinions; /**< opinions merged into problems */
	int64_t problems;        /**< problems summarized */
	int64_t dispatches;      /**< dispatches to the unit (a re-dispatch counts again) */
	int64_t returns;         /**< of those, returned by the unit */
	int64_t dispatched;      /**< problems dispatched and not returned now */
	/* Duties held (by kind): all, judged (done, or late), and done on time. */
	int64_t duties[DUTY__N], duty_judged[DUTY__N], duty_on_time[DUTY__N];
	int64_t dispatches_made, returns_made; /**< a station's dispatches and their returns */
	int64_t rectified;                     /**< dispatched (not returned now) and rectified */
	int64_t rectify_judged;    /**< dispatched (not returned now), rectified or past due_on */
	int64_t rectified_on_time; /**< rectified by due_on */
	int64_t verified;          /**< passed verifications */
	int64_t reopens;           /**< reopen actions */
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

/** The parts of a station's composite, equally weighted: its own work. */
enum wb_station_part { SPART_MERGE, SPART_DISPATCH, SPART_VERIFY, SPART_RIGHT_DISPATCH, SPART__N };
/** The part of a point's composite. */
enum wb_point_part { PPART_ENTRY, PPART__N };
extern const char *const wb_station_part_names[SPART__N], *const wb_station_part_labels[SPART__N];
extern const char *const wb_point_part_names[PPART__N], *const wb_point_part_labels[PPART__N];

struct wb_indicators {
	struct wb_rate merge_ratio;           /**< problems / merged opinions */
	struct wb_rate on_time_ack;           /**< ack duties on time / judged */
	struct wb_rate on_time_feedback;      /**< feedback duties on time / judged */
	struct wb_rate on_time_entry;         /**< a point's entries on time / judged */
	struct wb_rate on_time_merge;         /**< a station's summarizing on time / judged */
	struct wb_rate on_time_dispatch;      /**< a station's dispatching on time / judged */
	struct wb_rate on_time_verify;        /**< a station's verifying on time / judged */
	struct wb_rate misdispatch_rate;      /**< a station's dispatches returned / made */
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
	int nparts;                               /**< PART__N, SPART__N or PPART__N */
	const char *const *names, *const *labels; /**< the parts' */
	struct wb_part_value parts[PART__N];
};

/**
 * Weighted mean of the parts that have data; parts without data drop out and the
 * remaining weights are renormalised, so a unit is not punished for what did not occur.
 */
void wb_composite_compute(const struct wb_indicators *in, const struct wb_weights *w,
			  const struct wb_grades *g, struct wb_composite *out);
/**
 * A station's composite: the equally weighted mean of its own work with data (on-time
 * summarizing, dispatching and verifying, dispatches not returned), never its units'.
 */
void wb_composite_station(const struct wb_indicators *in, const struct wb_grades *g,
			  struct wb_composite *out);
/** A point's composite: its on-time entry rate. */
void wb_composite_point(const struct wb_indicators *in, const struct wb_grades *g,
			struct wb_composite *out);

enum wb_grade wb_grade_of(const struct wb_grades *g, double score);

/** One entry of a ranking within a group. */
struct wb_rank_entry {
	int64_t id;
	double value, low, high; /**< composite and its interval */
	int defined;
	int64_t count;    /**< evaluations behind the entry */
	int rank;         /**< 1 + the ranked entries of a higher value; 0 when unranked */
	int rank_low;     /**< the best rank the intervals allow: 1 + entries surely higher */
	int rank_high;    /**< the worst: the ranked count − entries surely lower */
	int insufficient; /**< fewer than the minimum count, or no composite */
	int tie;          /**< another ranked entry has the same value (to 0.01): 并列 */
};

/**
 * Rank @p v (reordered in place): entries with at least @p min_count evaluations and a
 * composite are ranked by value to two decimals (higher first; equal values share a rank,
 * then by id); the rest follow, unranked. Each ranked entry also gets the range of ranks
 * its interval is consistent with: another entry is surely higher only when its interval
 * lies wholly above this one's, surely lower when wholly below.
 */
void wb_rank(struct wb_rank_entry *v, size_t n, int64_t min_count);

/** Defaults: scale 100/75/55; weights 40/20/15/10/5/5/5; grades 90/80/60. */
void wb_figures_defaults(struct wb_scale *s, struct wb_weights *w, struct wb_grades *g);

#endif
