/*
 * The satisfaction survey's statistics: the sample size of a unit's design, the draw that
 * anyone can recompute from the frame and the seed, and the estimates with their intervals
 * (Wilson for a unit's rate, post-stratified when the frame has strata). Pure arithmetic
 * and hashing; no I/O. docs/survey.md states every formula and the draw step by step.
 */
#ifndef WB_SURVEY_H
#define WB_SURVEY_H

#include <stddef.h>
#include <stdint.h>

#include "figures.h"
#include "types.h"

/** @return z, the normal quantile of (1 + @p confidence) / 2; 0 < confidence < 1 */
double wb_z(double confidence);

/** A unit's design: what the sample must achieve. */
struct wb_design {
	double margin;        /**< e, the half-width wanted: 0.08 */
	double confidence;    /**< 0.95 */
	double p;             /**< the expected proportion: 0.5 when unknown */
	double response_rate; /**< expected share of the drawn who complete: 0 < r <= 1 */
	int64_t min_n;        /**< completed interviews wanted at least */
};

/** Defaults: ±8% at 95%, p 0.5, response rate 1, no minimum. */
void wb_design_defaults(struct wb_design *d);

/**
 * The number to draw from a unit of @p N people: n0 = z²p(1−p)/e²;
 * n1 = ⌈n0 / (1 + (n0−1)/N)⌉; n = min(N, ⌈max(n1, min_n) / response_rate⌉). A ceiling
 * ignores a remainder below 1e-9, so that rounding in floating point adds no one.
 */
int64_t wb_design_n(const struct wb_design *d, int64_t N);

/** Answers to one question (a dimension's overall item) by category. */
struct wb_answer_counts {
	int64_t n[RATING__N];
};

/** One stratum of a unit: its size in the frame and its answers. */
struct wb_stratum {
	int64_t N;
	struct wb_answer_counts a;
};

/** A unit's estimate for one question. */
struct wb_estimate {
	int64_t n, n_unaware, n_valid; /**< answers; of them 不了解; the rest */
	int defined;                   /**< n_valid > 0 */
	double rate, low, high;        /**< (满意 + 基本满意) / valid, Wilson interval */
	double score;                  /**< mean of the scale over valid answers */
	double score_low, score_high;  /**< score ∓ z·sd/√n_valid, within the scale */
	int weighted;                  /**< a stratum with at least 2 valid answers exists */
	double rate_w, low_w, high_w;  /**< post-stratified rate and its normal interval */
};

/**
 * Estimate from @p a, on the scale @p s, at @p z. With @p H strata (@p strata not NULL),
 * also the post-stratified rate over the strata with at least 2 valid answers:
 * W_h = N_h / ΣN, p = Σ W_h p_h, var = Σ W_h² (1 − n_h/N_h) p_h(1 − p_h)/(n_h − 1),
 * bounds p ∓ z√var clipped to [0, 1].
 */
void wb_estimate(const struct wb_answer_counts *a, const struct wb_scale *s, double z,
		 const struct wb_stratum *strata, size_t H, struct wb_estimate *out);

enum { WB_SEED_MAX = 64, WB_DRAW_KEY = 32 };

/**
 * Read the seed @p hex (an even number of hex digits, 2 to 2·WB_SEED_MAX) into @p out.
 * @return its length in bytes, or -1
 */
int wb_seed_parse(const char *hex, unsigned char out[WB_SEED_MAX]);
/** The seed's commitment: SHA-256 of its bytes, as 64 lowercase hex digits. */
void wb_seed_hash(const unsigned char *seed, size_t len, char hex[65]);

/** A person's draw key: SHA-256(seed ‖ 0x00 ‖ unit_code ‖ 0x00 ‖ respondent_id). */
void wb_draw_key(const unsigned char *seed, size_t len, const char *unit, const char *id,
		 unsigned char key[WB_DRAW_KEY]);

/**
 * The draw of one unit: @p order gets the indices of @p ids (@p n of them) by ascending
 * draw key, ties by respondent_id in byte order. The sample of size k is the first k, in
 * that order. @return 0, or -1 when out of memory
 */
int wb_draw_order(const unsigned char *seed, size_t len, const char *unit, const char *const *ids,
		  size_t n, size_t *order);

#endif
