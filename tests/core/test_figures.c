/*
 * Figures: golden scenarios computed by hand (and checked with 40-digit decimal
 * arithmetic) for rates with Wilson intervals, the satisfaction score, every
 * indicator's mapping from a tally, the composite score, grades and rankings.
 *
 * Formulas (docs: domain practice (c) and (d), src/core/figures.h):
 *   Wilson:  (p + z²/(2n) ± z·sqrt(p(1−p)/n + z²/(4n²))) / (1 + z²/n),  z = 1.959963984540054,
 *            z² = 3.841458820694125 (to 16 digits)
 *   score:   mean points over valid ratings (不了解 excluded), scale 100 / 75 / 55;
 *            interval mean ± z·sd/√n, sd with n − 1, clipped to [min point, max point]
 *   composite: Σ w_i v_i / Σ w_i over the parts with data; inverse parts 100·(1 − rate)
 *   grades:  优秀 ≥ 90, 良好 80–89, 合格 60–79, 不合格 < 60
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../src/core/figures.h"

#define EPS  1e-9 /* exact arithmetic up to rounding */
#define WEPS 1e-6 /* Wilson bounds and other irrational literals */

#define NEAR(got, want, tol)                                                                       \
	do {                                                                                       \
		double got_ = (got), want_ = (want);                                               \
		if (!(fabs(got_ - want_) < (tol)))                                                 \
			print_error("%s = %.17g, want %.17g\n", #got, got_, want_);                \
		assert_true(fabs(got_ - want_) < (tol));                                           \
	} while (0)

#define RATE_IS(r, n, d, v, lo, hi, tol)                                                           \
	do {                                                                                       \
		assert_int_equal((r).num, (n));                                                    \
		assert_int_equal((r).den, (d));                                                    \
		assert_true((r).defined);                                                          \
		NEAR((r).value, (v), EPS);                                                         \
		NEAR((r).low, (lo), (tol));                                                        \
		NEAR((r).high, (hi), (tol));                                                       \
	} while (0)

/* ---------------------------------------------------------------- rates */

static void test_rate_undefined(void **state)
{
	(void)state;
	struct wb_rate r;
	memset(&r, 0x5a, sizeof r);
	wb_rate_make(0, 0, &r);
	assert_int_equal(r.num, 0);
	assert_int_equal(r.den, 0);
	assert_false(r.defined);
	NEAR(r.value, 0, EPS);
	NEAR(r.low, 0, EPS);
	NEAR(r.high, 0, EPS);

	/* A numerator with no denominator: clamped to 0..0, still undefined. */
	wb_rate_make(3, 0, &r);
	assert_int_equal(r.num, 0);
	assert_int_equal(r.den, 0);
	assert_false(r.defined);
}

static void test_rate_zero_of_ten(void **state)
{
	(void)state;
	struct wb_rate r;
	wb_rate_make(0, 10, &r);
	/*
	 * p = 0: centre = (z²/20)/(1 + z²/10), half = z·sqrt(z²/400)/(1 + z²/10) = (z²/20)/(1 +
	 * z²/10) low  = 0 exactly (centre − half) high = (z²/10)/(1 + z²/10) = z²/(10 + z²)
	 * = 3.841458820694125/13.841458820694125 = 0.27753279986288920
	 */
	RATE_IS(r, 0, 10, 0.0, 0.0, 0.2775327998628892, WEPS);
	assert_true(r.low == 0.0); /* exactly, not a rounding residue */
}

static void test_rate_ten_of_ten(void **state)
{
	(void)state;
	struct wb_rate r;
	wb_rate_make(10, 10, &r);
	/*
	 * p = 1: centre = (1 + z²/20)/(1 + z²/10), half = (z²/20)/(1 + z²/10)
	 * low  = 1/(1 + z²/10) = 10/(10 + z²) = 10/13.841458820694125 = 0.72246720013711080
	 * high = 1 exactly
	 */
	RATE_IS(r, 10, 10, 1.0, 0.7224672001371108, 1.0, WEPS);
	assert_true(r.high == 1.0);
}

static void test_rate_seven_of_ten(void **state)
{
	(void)state;
	struct wb_rate r;
	wb_rate_make(7, 10, &r);
	/*
	 * p = 0.7, n = 10
	 * 1 + z²/n       = 1.3841458820694125
	 * p + z²/(2n)    = 0.7 + 0.19207294103470625 = 0.89207294103470625
	 * centre         = 0.89207294103470625 / 1.3841458820694125 = 0.64449344002742216
	 * p(1−p)/n + z²/(4n²) = 0.021 + 0.0096036470517353 = 0.0306036470517353
	 * sqrt(...)      = 0.17493898093831264
	 * half           = 1.959963984540054 · 0.17493898093831264 / 1.3841458820694125
	 *                = 0.24771529256627681
	 * low  = 0.64449344002742216 − 0.24771529256627681 = 0.39677814746114535
	 * high = 0.64449344002742216 + 0.24771529256627681 = 0.89220873259369897
	 */
	RATE_IS(r, 7, 10, 0.7, 0.39677814746114535, 0.89220873259369897, WEPS);
	assert_true(r.low < r.value && r.value < r.high);
}

static void test_rate_one_of_two(void **state)
{
	(void)state;
	struct wb_rate r;
	wb_rate_make(1, 2, &r);
	/*
	 * p = 0.5, n = 2: centre = (0.5 + z²/4)/(1 + z²/2) = 0.5 exactly (symmetric)
	 * 1 + z²/2 = 2.9207294103470625
	 * p(1−p)/n + z²/(4n²) = 0.125 + z²/16 = 0.125 + 0.24009117629338281 = 0.36509117629338281
	 * sqrt = 0.60422775200530372;  half = z · 0.60422775200530372 / 2.9207294103470625
	 *      = 0.40546879426576927
	 * low  = 0.5 − 0.40546879426576927 = 0.09453120573423073
	 * high = 0.5 + 0.40546879426576927 = 0.90546879426576927
	 */
	RATE_IS(r, 1, 2, 0.5, 0.09453120573423073, 0.90546879426576927, WEPS);
	NEAR((r.low + r.high) / 2, 0.5, EPS);
}

static void test_rate_clamping(void **state)
{
	(void)state;
	struct wb_rate r;

	/* num > den: clamped to den, so the same as 10/10. */
	wb_rate_make(12, 10, &r);
	RATE_IS(r, 10, 10, 1.0, 0.7224672001371108, 1.0, WEPS);

	/* Negative numerator: clamped to 0, so the same as 0/10. */
	wb_rate_make(-3, 10, &r);
	RATE_IS(r, 0, 10, 0.0, 0.0, 0.2775327998628892, WEPS);

	/* Negative denominator: 0, undefined; the numerator follows it down to 0. */
	wb_rate_make(5, -2, &r);
	assert_int_equal(r.num, 0);
	assert_int_equal(r.den, 0);
	assert_false(r.defined);

	wb_rate_make(-1, -1, &r);
	assert_int_equal(r.num, 0);
	assert_int_equal(r.den, 0);
	assert_false(r.defined);
}

static void test_rate_bounds_in_unit_interval(void **state)
{
	(void)state;
	/* Every k of n for small n: 0 <= low <= p <= high <= 1, low = 0 iff k = 0, high = 1 iff k =
	 * n. */
	for (int64_t n = 1; n <= 40; n++)
		for (int64_t k = 0; k <= n; k++) {
			struct wb_rate r;
			wb_rate_make(k, n, &r);
			assert_true(r.defined);
			assert_true(0 <= r.low && r.low <= r.value);
			assert_true(r.value <= r.high && r.high <= 1);
			assert_int_equal(r.low == 0.0, k == 0);
			assert_int_equal(r.high == 1.0, k == n);
		}
}

/* ---------------------------------------------------------------- satisfaction score */

static struct wb_tally ratings(int64_t sat, int64_t basic, int64_t unsat, int64_t unaware)
{
	struct wb_tally t = {0};
	t.ratings[RATING_SATISFIED] = sat;
	t.ratings[RATING_BASIC] = basic;
	t.ratings[RATING_UNSATISFIED] = unsat;
	t.ratings[RATING_UNAWARE] = unaware;
	return t;
}

static void test_score_default_scale(void **state)
{
	(void)state;
	struct wb_scale s;
	wb_figures_defaults(&s, NULL, NULL);
	struct wb_tally t = ratings(6, 3, 1, 5);
	struct wb_indicators in;
	wb_indicators_compute(&t, &s, &in);

	/* valid = 6 + 3 + 1 = 10 (the 5 unaware are not votes) */
	assert_int_equal(in.valid_ratings, 10);
	assert_true(in.has_score);
	/* satisfaction rate = (6 + 3)/10 = 0.9; Wilson 9/10:
	 * centre = (0.9 + 0.19207294103470625)/1.3841458820694125 = 0.78898688005484432
	 * half   = z·sqrt(0.009 + 0.0096036470517353)/1.3841458820694125 = 0.19313690685008277
	 * low = 0.59584997320476154, high = 0.98212378690492709 */
	RATE_IS(in.satisfaction_rate, 9, 10, 0.9, 0.59584997320476154, 0.98212378690492709, WEPS);
	/* score = (6·100 + 3·75 + 1·55)/10 = (600 + 225 + 55)/10 = 880/10 = 88.0 */
	NEAR(in.satisfaction_score, 88.0, EPS);
	/*
	 * deviations from 88: +12, −13, −33
	 * ss = 6·144 + 3·169 + 1·1089 = 864 + 507 + 1089 = 2460
	 * sd² = 2460/9 = 273.333…;  sd/√n = sqrt(273.333…/10) = sqrt(27.333…) = 5.2281290471193740
	 * half = 1.959963984540054 · 5.2281290471193740 = 10.246944638881684
	 * low = 88 − 10.246944638881684 = 77.753055361118316 (above 55: not clipped)
	 * high = 88 + 10.246944638881684 = 98.246944638881684 (below 100: not clipped)
	 */
	NEAR(in.score_low, 77.753055361118316, WEPS);
	NEAR(in.score_high, 98.246944638881684, WEPS);
}

static void test_score_clipped(void **state)
{
	(void)state;
	struct wb_scale s;
	wb_figures_defaults(&s, NULL, NULL);
	struct wb_indicators in;

	/*
	 * 1 satisfied, 1 unsatisfied: mean = (100 + 55)/2 = 77.5
	 * ss = 22.5² + 22.5² = 1012.5; sd² = 1012.5/1; sd/√2 = sqrt(506.25) = 22.5
	 * half = 22.5·z = 44.099189652151215 → 33.40… .. 121.59…, clipped to [55, 100]
	 */
	struct wb_tally t = ratings(1, 0, 1, 0);
	wb_indicators_compute(&t, &s, &in);
	assert_int_equal(in.valid_ratings, 2);
	NEAR(in.satisfaction_score, 77.5, EPS);
	NEAR(in.score_low, 55.0, EPS);
	NEAR(in.score_high, 100.0, EPS);

	/*
	 * 9 satisfied, 1 unsatisfied: mean = (900 + 55)/10 = 95.5
	 * deviations +4.5, −40.5: ss = 9·20.25 + 1640.25 = 182.25 + 1640.25 = 1822.5
	 * sd² = 1822.5/9 = 202.5; sd/√10 = sqrt(20.25) = 4.5; half = 4.5·z = 8.819837930430243
	 * low = 95.5 − 8.819837930430243 = 86.680162069569757; high = 104.32 → clipped to 100
	 */
	t = ratings(9, 0, 1, 0);
	wb_indicators_compute(&t, &s, &in);
	NEAR(in.satisfaction_score, 95.5, EPS);
	NEAR(in.score_low, 86.680162069569757, WEPS);
	NEAR(in.score_high, 100.0, EPS);

	/* 4 basic: every rating 75, sd = 0, the interval is the point 75..75. */
	t = ratings(0, 4, 0, 2);
	wb_indicators_compute(&t, &s, &in);
	assert_int_equal(in.valid_ratings, 4);
	NEAR(in.satisfaction_score, 75.0, EPS);
	NEAR(in.score_low, 75.0, EPS);
	NEAR(in.score_high, 75.0, EPS);
	/* satisfaction rate (0 + 4)/4 = 1 */
	NEAR(in.satisfaction_rate.value, 1.0, EPS);
}

static void test_score_single_rating(void **state)
{
	(void)state;
	struct wb_scale s;
	wb_figures_defaults(&s, NULL, NULL);
	struct wb_indicators in;

	/* One valid rating (plus unaware ones): the score is its points, the interval the whole
	 * scale. */
	struct wb_tally t = ratings(0, 1, 0, 7);
	wb_indicators_compute(&t, &s, &in);
	assert_int_equal(in.valid_ratings, 1);
	assert_true(in.has_score);
	NEAR(in.satisfaction_score, 75.0, EPS);
	NEAR(in.score_low, 55.0, EPS);
	NEAR(in.score_high, 100.0, EPS);

	t = ratings(0, 0, 1, 0);
	wb_indicators_compute(&t, &s, &in);
	NEAR(in.satisfaction_score, 55.0, EPS);
	NEAR(in.score_low, 55.0, EPS);
	NEAR(in.score_high, 100.0, EPS);
}

static void test_score_all_unaware(void **state)
{
	(void)state;
	struct wb_scale s;
	wb_figures_defaults(&s, NULL, NULL);
	struct wb_indicators in;
	struct wb_tally t = ratings(0, 0, 0, 12);
	wb_indicators_compute(&t, &s, &in);
	assert_int_equal(in.valid_ratings, 0);
	assert_false(in.has_score);
	assert_false(in.satisfaction_rate.defined);
	assert_int_equal(in.satisfaction_rate.den, 0);

	t = ratings(0, 0, 0, 0);
	wb_indicators_compute(&t, &s, &in);
	assert_false(in.has_score);
}

static void test_score_custom_scale(void **state)
{
	(void)state;
	struct wb_scale s = {.satisfied = 100, .basic = 70, .unsatisfied = 30};
	struct wb_indicators in;
	struct wb_tally t = ratings(2, 1, 1, 3);
	wb_indicators_compute(&t, &s, &in);
	/* valid = 4; score = (2·100 + 70 + 30)/4 = 300/4 = 75 */
	assert_int_equal(in.valid_ratings, 4);
	NEAR(in.satisfaction_score, 75.0, EPS);
	/*
	 * deviations +25, −5, −45: ss = 2·625 + 25 + 2025 = 3300; sd² = 3300/3 = 1100
	 * sd/√4 = sqrt(275) = 16.583123951777; half = z·16.583123951777 = 32.502325696646454
	 * low = 75 − 32.502325696646454 = 42.497674303353546 (above 30: kept)
	 * high = 107.50… → clipped to 100
	 */
	NEAR(in.score_low, 42.497674303353546, WEPS);
	NEAR(in.score_high, 100.0, EPS);
	/* satisfaction rate (2 + 1)/4 = 0.75, unchanged by the scale */
	assert_int_equal(in.satisfaction_rate.num, 3);
	assert_int_equal(in.satisfaction_rate.den, 4);

	/* One rating on this scale: the whole scale 30..100. */
	t = ratings(1, 0, 0, 0);
	wb_indicators_compute(&t, &s, &in);
	NEAR(in.satisfaction_score, 100.0, EPS);
	NEAR(in.score_low, 30.0, EPS);
	NEAR(in.score_high, 100.0, EPS);

	/* Two unsatisfied on this scale: sd = 0, interval 30..30. */
	t = ratings(0, 0, 2, 0);
	wb_indicators_compute(&t, &s, &in);
	NEAR(in.satisfaction_score, 30.0, EPS);
	NEAR(in.score_low, 30.0, EPS);
	NEAR(in.score_high, 30.0, EPS);
}

/* ---------------------------------------------------------------- indicator mapping */

/* A tally whose every pair of counts is distinct, so a swapped mapping shows. */
static struct wb_tally sample_tally(void)
{
	struct wb_tally t = ratings(6, 3, 1, 5);
	/* Counts that feed no indicator: noise that must not matter. */
	t.opinions = 77;
	for (int i = 0; i < SRC__N; i++)
		t.by_source[i] = 100 + i;
	for (int i = 0; i < CH__N; i++)
		t.by_channel[i] = 200 + i;
	for (int i = 0; i < DIM__N; i++)
		t.by_dimension[i] = 300 + i;
	t.dispatched = 13;
	t.overdue = 17;

	t.merged_opinions = 20;
	t.problems = 8;
	t.duties[DUTY_ACK] = 14; /* 2 of them not judged yet */
	t.duty_judged[DUTY_ACK] = 12;
	t.duty_on_time[DUTY_ACK] = 9;
	t.duties[DUTY_FEEDBACK] = 15;
	t.duty_judged[DUTY_FEEDBACK] = 11;
	t.duty_on_time[DUTY_FEEDBACK] = 7;
	/* a station's and a point's duties */
	t.duty_judged[DUTY_ENTRY] = 5;
	t.duty_on_time[DUTY_ENTRY] = 5;
	t.duty_judged[DUTY_MERGE] = 4;
	t.duty_on_time[DUTY_MERGE] = 1;
	t.duty_judged[DUTY_DISPATCH] = 2;
	t.duty_on_time[DUTY_DISPATCH] = 2;
	t.duty_judged[DUTY_VERIFY] = 3;
	t.duty_on_time[DUTY_VERIFY] = 0;
	t.dispatches_made = 4;
	t.returns_made = 1;
	t.rectify_judged = 10;
	t.rectified = 6;
	t.rectified_on_time = 4;
	t.dispatches = 15;
	t.returns = 3;
	t.verified = 6;
	t.reopens = 1;
	return t;
}

static void test_indicator_mapping(void **state)
{
	(void)state;
	struct wb_scale s;
	wb_figures_defaults(&s, NULL, NULL);
	struct wb_tally t = sample_tally();
	struct wb_indicators in;
	wb_indicators_compute(&t, &s, &in);

	/* merge ratio = problems / merged opinions = 8/20 = 0.4; Wilson 8/20: 0.21880653 ..
	 * 0.61341850 */
	RATE_IS(in.merge_ratio, 8, 20, 0.4, 0.21880653237281706, 0.61341849923774681, WEPS);
	/* on-time ack = ack duties on time / judged = 9/12 = 0.75; Wilson 9/12: 0.46769467 ..
	 * 0.91105833 */
	RATE_IS(in.on_time_ack, 9, 12, 0.75, 0.46769466506643433, 0.91105833160594525, WEPS);
	/* on-time feedback = answering duties on time / judged = 7/11 = 0.636…; Wilson
	 * 0.35380117 .. 0.84833529 */
	RATE_IS(in.on_time_feedback, 7, 11, 7.0 / 11.0, 0.35380117450784891, 0.84833528904632426,
		WEPS);
	/* completion = rectified / rectified or past due = 6/10 = 0.6; Wilson 6/10: 0.31267377 ..
	 * 0.83181967
	 */
	RATE_IS(in.completion, 6, 10, 0.6, 0.3126737697336583, 0.83181967029376386, WEPS);
	/* on-time rectification = rectified on time / rectify judged = 4/10 = 0.4;
	 * Wilson 4/10 mirrors 6/10: 1 − 0.83181967 = 0.16818033, 1 − 0.31267377 = 0.68732623 */
	RATE_IS(in.on_time_rectification, 4, 10, 0.4, 0.16818032970623614, 0.68732623026634170,
		WEPS);
	/* return rate = returns / dispatches = 3/15 = 0.2;
	 * Wilson 3/15: centre = (0.2 + z²/30)/(1 + z²/15) = 0.32804862735647083/1.2560972547129417
	 *   = 0.26116499031075458, half = 0.19068949684093898 → 0.07047549 .. 0.45185449 */
	RATE_IS(in.return_rate, 3, 15, 0.2, 0.07047549346981560, 0.45185448715169355, WEPS);
	/* reopen rate = reopens / passed verifications = 1/6; Wilson 1/6: 0.03005337 .. 0.56350282
	 */
	RATE_IS(in.reopen_rate, 1, 6, 1.0 / 6.0, 0.03005336974830667, 0.56350282218647021, WEPS);
	/* satisfaction rate = (6 + 3)/(6 + 3 + 1) = 9/10 */
	RATE_IS(in.satisfaction_rate, 9, 10, 0.9, 0.59584997320476154, 0.98212378690492709, WEPS);
	assert_int_equal(in.valid_ratings, 10);
	NEAR(in.satisfaction_score, 88.0, EPS);

	/* Each indicator equals wb_rate_make on its own pair. */
	struct {
		const struct wb_rate *got;
		int64_t num, den;
	} pairs[] = {
		{&in.merge_ratio, t.problems, t.merged_opinions},
		{&in.on_time_ack, t.duty_on_time[DUTY_ACK], t.duty_judged[DUTY_ACK]},
		{&in.on_time_feedback, t.duty_on_time[DUTY_FEEDBACK], t.duty_judged[DUTY_FEEDBACK]},
		{&in.on_time_entry, 5, 5},
		{&in.on_time_merge, 1, 4},
		{&in.on_time_dispatch, 2, 2},
		{&in.on_time_verify, 0, 3},
		{&in.misdispatch_rate, 1, 4},
		{&in.completion, t.rectified, t.rectify_judged},
		{&in.on_time_rectification, t.rectified_on_time, t.rectify_judged},
		{&in.return_rate, t.returns, t.dispatches},
		{&in.reopen_rate, t.reopens, t.verified},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		struct wb_rate r;
		wb_rate_make(pairs[i].num, pairs[i].den, &r);
		assert_int_equal(pairs[i].got->num, r.num);
		assert_int_equal(pairs[i].got->den, r.den);
		assert_true(pairs[i].got->value == r.value);
		assert_true(pairs[i].got->low == r.low);
		assert_true(pairs[i].got->high == r.high);
	}
}

static void test_indicator_empty_tally(void **state)
{
	(void)state;
	struct wb_scale s;
	wb_figures_defaults(&s, NULL, NULL);
	struct wb_tally t = {0};
	t.opinions = 5; /* opinions alone define nothing */
	struct wb_indicators in;
	memset(&in, 0x5a, sizeof in);
	wb_indicators_compute(&t, &s, &in);
	assert_false(in.merge_ratio.defined);
	assert_false(in.on_time_ack.defined);
	assert_false(in.on_time_feedback.defined);
	assert_false(in.completion.defined);
	assert_false(in.on_time_rectification.defined);
	assert_false(in.return_rate.defined);
	assert_false(in.reopen_rate.defined);
	assert_false(in.satisfaction_rate.defined);
	assert_int_equal(in.valid_ratings, 0);
	assert_false(in.has_score);
}

/* ---------------------------------------------------------------- composite */

static struct wb_rate hand_rate(double v, double lo, double hi)
{
	struct wb_rate r = {.num = 1, .den = 1, .defined = 1, .value = v, .low = lo, .high = hi};
	return r;
}

/*
 * Indicators set by hand, every part defined:
 *   part            rate / score      on 0..100 (value, low, high)
 *   satisfaction    88 [78, 98]        88 [78, 98]
 *   feedback        0.9 [0.8, 0.95]    90 [80, 95]
 *   completion      0.8 [0.7, 0.9]     80 [70, 90]
 *   rectify         0.6 [0.5, 0.7]     60 [50, 70]
 *   ack             1.0 [0.9, 1.0]    100 [90, 100]
 *   no return       rate 0.1 [0.05, 0.2] → 100·(1 − 0.1) = 90, low 100·(1 − 0.2) = 80,
 *                                          high 100·(1 − 0.05) = 95
 *   no reopen       rate 0.2 [0.1, 0.4]  → 80, low 100·(1 − 0.4) = 60, high 100·(1 − 0.1) = 90
 */
static struct wb_indicators hand_indicators(void)
{
	struct wb_indicators in = {0};
	in.has_score = 1;
	in.valid_ratings = 10;
	in.satisfaction_score = 88;
	in.score_low = 78;
	in.score_high = 98;
	in.on_time_feedback = hand_rate(0.9, 0.8, 0.95);
	in.completion = hand_rate(0.8, 0.7, 0.9);
	in.on_time_rectification = hand_rate(0.6, 0.5, 0.7);
	in.on_time_ack = hand_rate(1.0, 0.9, 1.0);
	in.return_rate = hand_rate(0.1, 0.05, 0.2);
	in.reopen_rate = hand_rate(0.2, 0.1, 0.4);
	/* not parts of the composite: set to extremes, must not matter */
	in.merge_ratio = hand_rate(0.0, 0.0, 0.0);
	in.satisfaction_rate = hand_rate(0.0, 0.0, 0.0);
	return in;
}

static void part_is(const struct wb_part_value *p, double v, double lo, double hi, double w,
		    double contribution)
{
	assert_true(p->defined);
	NEAR(p->value, v, EPS);
	NEAR(p->low, lo, EPS);
	NEAR(p->high, hi, EPS);
	NEAR(p->weight, w, EPS);
	NEAR(p->contribution, contribution, EPS);
}

static void test_composite_all_parts(void **state)
{
	(void)state;
	struct wb_weights w;
	struct wb_grades g;
	wb_figures_defaults(NULL, &w, &g);
	struct wb_indicators in = hand_indicators();
	struct wb_composite c;
	wb_composite_compute(&in, &w, &g, &c);

	/* Σ weights = 40 + 20 + 15 + 10 + 5 + 5 + 5 = 100, so shares are w/100. */
	assert_true(c.defined);
	part_is(&c.parts[PART_SATISFACTION], 88, 78, 98, 40, 35.2); /* 0.40 · 88 = 35.2 */
	part_is(&c.parts[PART_FEEDBACK], 90, 80, 95, 20, 18.0);     /* 0.20 · 90 = 18 */
	part_is(&c.parts[PART_COMPLETION], 80, 70, 90, 15, 12.0);   /* 0.15 · 80 = 12 */
	part_is(&c.parts[PART_RECTIFY], 60, 50, 70, 10, 6.0);       /* 0.10 · 60 = 6 */
	part_is(&c.parts[PART_ACK], 100, 90, 100, 5, 5.0);          /* 0.05 · 100 = 5 */
	part_is(&c.parts[PART_NO_RETURN], 90, 80, 95, 5, 4.5);      /* 0.05 · 90 = 4.5 */
	part_is(&c.parts[PART_NO_REOPEN], 80, 60, 90, 5, 4.0);      /* 0.05 · 80 = 4 */
	/* value = 35.2 + 18 + 12 + 6 + 5 + 4.5 + 4 = 84.7 */
	NEAR(c.value, 84.7, EPS);
	/* low = 0.4·78 + 0.2·80 + 0.15·70 + 0.1·50 + 0.05·90 + 0.05·80 + 0.05·60
	 *     = 31.2 + 16 + 10.5 + 5 + 4.5 + 4 + 3 = 74.2 */
	NEAR(c.low, 74.2, EPS);
	/* high = 0.4·98 + 0.2·95 + 0.15·90 + 0.1·70 + 0.05·100 + 0.05·95 + 0.05·90
	 *      = 39.2 + 19 + 13.5 + 7 + 5 + 4.75 + 4.5 = 92.95 */
	NEAR(c.high, 92.95, EPS);
	/* 80 <= 84.7 < 90 */
	assert_int_equal(c.grade, GRADE_GOOD);

	/* The contributions add up to the value. */
	double sum = 0;
	for (int i = 0; i < PART__N; i++)
		sum += c.parts[i].contribution;
	NEAR(sum, c.value, EPS);

	/* Custom cut-offs 84/70/50: the same 84.7 is excellent. */
	struct wb_grades g2 = {.excellent = 84, .good = 70, .pass = 50};
	wb_composite_compute(&in, &w, &g2, &c);
	NEAR(c.value, 84.7, EPS);
	assert_int_equal(c.grade, GRADE_EXCELLENT);
}

static void test_composite_renormalised(void **state)
{
	(void)state;
	struct wb_weights w;
	struct wb_grades g;
	wb_figures_defaults(NULL, &w, &g);
	struct wb_indicators in = hand_indicators();
	/* No answer due, nothing to rectify, nothing verified: those rates have den 0. */
	wb_rate_make(0, 0, &in.on_time_feedback);
	wb_rate_make(0, 0, &in.completion);
	wb_rate_make(0, 0, &in.on_time_rectification);
	wb_rate_make(0, 0, &in.reopen_rate);
	struct wb_composite c;
	wb_composite_compute(&in, &w, &g, &c);

	/* Defined: satisfaction 40, ack 5, no return 5 → Σ = 50; shares 0.8, 0.1, 0.1. */
	assert_true(c.defined);
	part_is(&c.parts[PART_SATISFACTION], 88, 78, 98, 40, 70.4); /* 0.8 · 88 = 70.4 */
	part_is(&c.parts[PART_ACK], 100, 90, 100, 5, 10.0);         /* 0.1 · 100 = 10 */
	part_is(&c.parts[PART_NO_RETURN], 90, 80, 95, 5, 9.0);      /* 0.1 · 90 = 9 */
	static const int gone[] = {PART_FEEDBACK, PART_COMPLETION, PART_RECTIFY, PART_NO_REOPEN};
	for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++) {
		assert_false(c.parts[gone[i]].defined);
		NEAR(c.parts[gone[i]].contribution, 0, EPS);
	}
	/* value = 70.4 + 10 + 9 = 89.4 */
	NEAR(c.value, 89.4, EPS);
	/* low = 0.8·78 + 0.1·90 + 0.1·80 = 62.4 + 9 + 8 = 79.4 */
	NEAR(c.low, 79.4, EPS);
	/* high = 0.8·98 + 0.1·100 + 0.1·95 = 78.4 + 10 + 9.5 = 97.9 */
	NEAR(c.high, 97.9, EPS);
	assert_int_equal(c.grade, GRADE_GOOD);

	/* No valid ratings either: Σ = 5 + 5 = 10, shares 0.5, 0.5.
	 * value = 0.5·100 + 0.5·90 = 95; low = 0.5·90 + 0.5·80 = 85; high = 0.5·100 + 0.5·95 = 97.5
	 */
	in.has_score = 0;
	in.valid_ratings = 0;
	in.satisfaction_score = in.score_low = in.score_high = 0;
	wb_composite_compute(&in, &w, &g, &c);
	assert_true(c.defined);
	assert_false(c.parts[PART_SATISFACTION].defined);
	NEAR(c.parts[PART_SATISFACTION].contribution, 0, EPS);
	NEAR(c.parts[PART_ACK].contribution, 50, EPS);
	NEAR(c.parts[PART_NO_RETURN].contribution, 45, EPS);
	NEAR(c.value, 95, EPS);
	NEAR(c.low, 85, EPS);
	NEAR(c.high, 97.5, EPS);
	assert_int_equal(c.grade, GRADE_EXCELLENT);
}

static void test_composite_zero_weight(void **state)
{
	(void)state;
	struct wb_weights w;
	struct wb_grades g;
	wb_figures_defaults(NULL, &w, &g);
	w.w[PART_NO_REOPEN] = 0;
	struct wb_indicators in = hand_indicators();
	struct wb_composite c;
	wb_composite_compute(&in, &w, &g, &c);

	/*
	 * Σ = 40 + 20 + 15 + 10 + 5 + 5 + 0 = 95
	 * value = (40·88 + 20·90 + 15·80 + 10·60 + 5·100 + 5·90)/95
	 *       = (3520 + 1800 + 1200 + 600 + 500 + 450)/95 = 8070/95 = 84.947368421052632
	 * low   = (40·78 + 20·80 + 15·70 + 10·50 + 5·90 + 5·80)/95
	 *       = (3120 + 1600 + 1050 + 500 + 450 + 400)/95 = 7120/95 = 74.947368421052632
	 * high  = (40·98 + 20·95 + 15·90 + 10·70 + 5·100 + 5·95)/95
	 *       = (3920 + 1900 + 1350 + 700 + 500 + 475)/95 = 8845/95 = 93.105263157894737
	 */
	assert_true(c.defined);
	NEAR(c.value, 8070.0 / 95.0, EPS);
	NEAR(c.value, 84.947368421052632, EPS);
	NEAR(c.low, 74.947368421052632, EPS);
	NEAR(c.high, 93.105263157894737, EPS);
	/* The part still has its data, but no share. */
	NEAR(c.parts[PART_NO_REOPEN].value, 80, EPS);
	NEAR(c.parts[PART_NO_REOPEN].weight, 0, EPS);
	NEAR(c.parts[PART_NO_REOPEN].contribution, 0, EPS);
	/* satisfaction share 40/95: 3520/95 = 37.052631578947368 */
	NEAR(c.parts[PART_SATISFACTION].contribution, 37.052631578947368, EPS);
	assert_int_equal(c.grade, GRADE_GOOD);

	/* Only satisfaction has data, and its weight is 0: no part with data and weight. */
	struct wb_indicators only = {0};
	only.has_score = 1;
	only.valid_ratings = 3;
	only.satisfaction_score = 90;
	only.score_low = 80;
	only.score_high = 100;
	struct wb_weights w0;
	wb_figures_defaults(NULL, &w0, NULL);
	w0.w[PART_SATISFACTION] = 0;
	wb_composite_compute(&only, &w0, &g, &c);
	assert_false(c.defined);

	/* With its default weight the single part is the whole composite: 90 [80, 100]. */
	w0.w[PART_SATISFACTION] = 40;
	wb_composite_compute(&only, &w0, &g, &c);
	assert_true(c.defined);
	NEAR(c.value, 90, EPS);
	NEAR(c.low, 80, EPS);
	NEAR(c.high, 100, EPS);
	NEAR(c.parts[PART_SATISFACTION].contribution, 90, EPS);
	assert_int_equal(c.grade, GRADE_EXCELLENT);
}

static void test_composite_nothing_defined(void **state)
{
	(void)state;
	struct wb_scale s;
	struct wb_weights w;
	struct wb_grades g;
	wb_figures_defaults(&s, &w, &g);
	struct wb_tally t = ratings(0, 0, 0, 4); /* only unaware ratings, no counts */
	t.opinions = 9;
	struct wb_indicators in;
	wb_indicators_compute(&t, &s, &in);
	struct wb_composite c;
	memset(&c, 0x5a, sizeof c);
	wb_composite_compute(&in, &w, &g, &c);
	assert_false(c.defined);
	for (int i = 0; i < PART__N; i++) {
		assert_false(c.parts[i].defined);
		NEAR(c.parts[i].contribution, 0, EPS);
	}
}

static void test_composite_inverse_parts(void **state)
{
	(void)state;
	struct wb_weights w;
	struct wb_grades g;
	wb_figures_defaults(NULL, &w, &g);
	struct wb_indicators in = {0};
	/* Only the inverse parts have data. */
	wb_rate_make(3, 15, &in.return_rate);
	wb_rate_make(1, 6, &in.reopen_rate);
	struct wb_composite c;
	wb_composite_compute(&in, &w, &g, &c);

	/*
	 * return rate 3/15 = 0.2, Wilson [0.07047549346981560, 0.45185448715169355]
	 * non-return = 100·(1 − 0.2) = 80
	 *   low  = 100·(1 − high) = 100·(1 − 0.45185448715169355) = 54.814551284830645
	 *   high = 100·(1 − low)  = 100·(1 − 0.07047549346981560) = 92.95245065301844
	 */
	const struct wb_part_value *nr = &c.parts[PART_NO_RETURN];
	assert_true(nr->defined);
	NEAR(nr->value, 80, EPS);
	NEAR(nr->low, 54.814551284830645, WEPS);
	NEAR(nr->high, 92.95245065301844, WEPS);
	NEAR(nr->low, 100 * (1 - in.return_rate.high), EPS);
	NEAR(nr->high, 100 * (1 - in.return_rate.low), EPS);
	/*
	 * reopen rate 1/6, Wilson [0.03005336974830667, 0.56350282218647021]
	 * non-reopen = 100·(1 − 1/6) = 83.333333333333333
	 *   low  = 100·(1 − 0.56350282218647021) = 43.649717781352979
	 *   high = 100·(1 − 0.03005336974830667) = 96.994663025169333
	 */
	const struct wb_part_value *no = &c.parts[PART_NO_REOPEN];
	assert_true(no->defined);
	NEAR(no->value, 250.0 / 3.0, EPS);
	NEAR(no->low, 43.649717781352979, WEPS);
	NEAR(no->high, 96.994663025169333, WEPS);
	/* equal weights 5 and 5: value = (80 + 83.333…)/2 = 81.666666666666667 */
	NEAR(c.value, 245.0 / 3.0, EPS);
	/* low = (54.814551284830645 + 43.649717781352979)/2 = 49.232134533091812 */
	NEAR(c.low, 49.232134533091812, WEPS);
	/* high = (92.95245065301844 + 96.994663025169333)/2 = 94.973556839093887 */
	NEAR(c.high, 94.973556839093887, WEPS);
	assert_int_equal(c.grade, GRADE_GOOD);

	/* No returns at all: the rate is 0 [0, z²/(n + z²)], the part 100 [100·n/(n + z²), 100].
	 * 0/10: low = 100·(1 − 0.2775327998628892) = 72.24672001371108, high = 100 exactly. */
	wb_rate_make(0, 10, &in.return_rate);
	wb_rate_make(0, 0, &in.reopen_rate);
	wb_composite_compute(&in, &w, &g, &c);
	NEAR(c.parts[PART_NO_RETURN].value, 100, EPS);
	NEAR(c.parts[PART_NO_RETURN].low, 72.24672001371108, WEPS);
	assert_true(c.parts[PART_NO_RETURN].high == 100.0);
	NEAR(c.value, 100, EPS);
}

static void test_composite_end_to_end(void **state)
{
	(void)state;
	struct wb_scale s;
	struct wb_weights w;
	struct wb_grades g;
	wb_figures_defaults(&s, &w, &g);
	struct wb_tally t = sample_tally();
	struct wb_indicators in;
	wb_indicators_compute(&t, &s, &in);
	struct wb_composite c;
	wb_composite_compute(&in, &w, &g, &c);
	assert_true(c.defined);

	/*
	 * part          weight value                     low                  high
	 * satisfaction  40     88                        77.753055361118316   98.246944638881684
	 * feedback 7/11 20     63.636363636363636        35.380117450784891   84.833528904632426
	 * completion    15     60                        31.26737697336583    83.181967029376386
	 * rectify 4/10  10     40                        16.818032970623614   68.73262302663417
	 * ack 9/12      5      75                        46.769466506643433   91.105833160594525
	 * no return     5      100·(1 − 3/15) = 80       100·(1 − 0.45185449) 100·(1 − 0.07047549)
	 *                                                = 54.814551284830645 = 92.95245065301844
	 * no reopen     5      100·(1 − 1/6) = 83.3333…  43.649717781352979   96.994663025169333
	 *
	 * contributions: 35.2, 12.727272727272727, 9, 4, 3.75, 4, 4.1666666666666667
	 * value = 35.2 + 12.727272727… + 9 + 4 + 3.75 + 4 + 4.166666… = 72.843939393939394
	 * low   = Σ w·low/100  = 51.810842256312893
	 * high  = Σ w·high/100 = 89.668688335488149
	 */
	NEAR(c.parts[PART_FEEDBACK].contribution, 12.727272727272727, EPS);
	NEAR(c.parts[PART_NO_REOPEN].contribution, 4.1666666666666667, EPS);
	NEAR(c.parts[PART_RECTIFY].low, 16.818032970623614, WEPS);
	NEAR(c.parts[PART_NO_RETURN].high, 92.95245065301844, WEPS);
	NEAR(c.value, 72.843939393939394, EPS);
	NEAR(c.low, 51.810842256312893, WEPS);
	NEAR(c.high, 89.668688335488149, WEPS);
	/* 60 <= 72.84 < 80 */
	assert_int_equal(c.grade, GRADE_PASS);
}

/* ---------------------------------------------------------------- grades */

static void test_grade_cutoffs(void **state)
{
	(void)state;
	struct wb_grades g;
	wb_figures_defaults(NULL, NULL, &g);
	assert_int_equal(wb_grade_of(&g, 100), GRADE_EXCELLENT);
	assert_int_equal(wb_grade_of(&g, 90), GRADE_EXCELLENT);
	assert_int_equal(wb_grade_of(&g, 89.999), GRADE_GOOD);
	assert_int_equal(wb_grade_of(&g, 80), GRADE_GOOD);
	assert_int_equal(wb_grade_of(&g, 79.99), GRADE_PASS);
	assert_int_equal(wb_grade_of(&g, 60), GRADE_PASS);
	assert_int_equal(wb_grade_of(&g, 59.99), GRADE_FAIL);
	assert_int_equal(wb_grade_of(&g, 0), GRADE_FAIL);

	struct wb_grades c = {.excellent = 85, .good = 70, .pass = 50};
	assert_int_equal(wb_grade_of(&c, 85), GRADE_EXCELLENT);
	assert_int_equal(wb_grade_of(&c, 84.999), GRADE_GOOD);
	assert_int_equal(wb_grade_of(&c, 70), GRADE_GOOD);
	assert_int_equal(wb_grade_of(&c, 69.99), GRADE_PASS);
	assert_int_equal(wb_grade_of(&c, 50), GRADE_PASS);
	assert_int_equal(wb_grade_of(&c, 49.99), GRADE_FAIL);
	/* 89.999 is excellent under these cut-offs, good under the defaults */
	assert_int_equal(wb_grade_of(&c, 89.999), GRADE_EXCELLENT);
}

static void test_grade_labels(void **state)
{
	(void)state;
	assert_string_equal(wb_grade_labels[GRADE_EXCELLENT], "优秀");
	assert_string_equal(wb_grade_labels[GRADE_GOOD], "良好");
	assert_string_equal(wb_grade_labels[GRADE_PASS], "合格");
	assert_string_equal(wb_grade_labels[GRADE_FAIL], "不合格");
	assert_string_equal(wb_grade_names[GRADE_EXCELLENT], "excellent");
	assert_string_equal(wb_grade_names[GRADE_GOOD], "good");
	assert_string_equal(wb_grade_names[GRADE_PASS], "pass");
	assert_string_equal(wb_grade_names[GRADE_FAIL], "fail");
	for (int i = 0; i < PART__N; i++) {
		assert_non_null(wb_part_names[i]);
		assert_non_null(wb_part_labels[i]);
		assert_true(strlen(wb_part_names[i]) > 0 && strlen(wb_part_labels[i]) > 0);
		for (int j = 0; j < i; j++)
			assert_true(strcmp(wb_part_names[i], wb_part_names[j]) != 0);
	}
}

/* Stations and points: their own duties, equally weighted, never the units' parts. */
static void test_composite_own_work(void **state)
{
	(void)state;
	struct wb_grades g;
	wb_figures_defaults(NULL, NULL, &g);
	struct wb_indicators in = hand_indicators(); /* the unit parts: must not matter */
	in.on_time_merge = hand_rate(0.5, 0.2, 0.8);
	in.on_time_dispatch = hand_rate(1.0, 0.6, 1.0);
	in.misdispatch_rate = hand_rate(0.25, 0.05, 0.7); /* → 75 [30, 95] */
	/* on_time_verify undefined: drops out */
	struct wb_composite c;
	wb_composite_station(&in, &g, &c);
	assert_int_equal(c.nparts, SPART__N);
	assert_string_equal(c.names[SPART_RIGHT_DISPATCH], "right_dispatch_rate");
	assert_string_equal(c.labels[SPART_MERGE], "按时汇总率");
	part_is(&c.parts[SPART_MERGE], 50, 20, 80, 1, 50.0 / 3);
	part_is(&c.parts[SPART_DISPATCH], 100, 60, 100, 1, 100.0 / 3);
	part_is(&c.parts[SPART_RIGHT_DISPATCH], 75, 30, 95, 1, 25);
	assert_false(c.parts[SPART_VERIFY].defined);
	/* (50 + 100 + 75) / 3 = 75 [(20 + 60 + 30) / 3, (80 + 100 + 95) / 3] */
	NEAR(c.value, 75, EPS);
	NEAR(c.low, 110.0 / 3, EPS);
	NEAR(c.high, 275.0 / 3, EPS);
	assert_int_equal(c.grade, GRADE_PASS);

	/* A point: its entry rate alone; none yet, no composite. */
	wb_composite_point(&in, &g, &c);
	assert_int_equal(c.nparts, PPART__N);
	assert_false(c.defined);
	in.on_time_entry = hand_rate(0.9, 0.7, 0.97);
	wb_composite_point(&in, &g, &c);
	assert_string_equal(c.names[PPART_ENTRY], "on_time_entry_rate");
	part_is(&c.parts[PPART_ENTRY], 90, 70, 97, 1, 90);
	NEAR(c.value, 90, EPS);
	assert_int_equal(c.grade, GRADE_EXCELLENT);
}

/* ---------------------------------------------------------------- ranking */

static struct wb_rank_entry entry(int64_t id, int defined, double v, double lo, double hi,
				  int64_t count)
{
	/* rank, its range, insufficient and tie start as garbage: wb_rank must set them all */
	struct wb_rank_entry e = {.id = id,
				  .value = v,
				  .low = lo,
				  .high = hi,
				  .defined = defined,
				  .count = count,
				  .rank = 99,
				  .rank_low = 98,
				  .rank_high = 97,
				  .insufficient = 7,
				  .tie = 5};
	return e;
}

#define RANKED(e, id_, rank_, lo_, hi_, tie_)                                                      \
	do {                                                                                       \
		assert_int_equal((e).id, (id_));                                                   \
		assert_int_equal((e).rank, (rank_));                                               \
		assert_int_equal((e).rank_low, (lo_));                                             \
		assert_int_equal((e).rank_high, (hi_));                                            \
		assert_int_equal((e).tie, (tie_));                                                 \
		assert_false((e).insufficient);                                                    \
	} while (0)

static void unranked(const struct wb_rank_entry *e)
{
	assert_int_equal(e->rank, 0);
	assert_int_equal(e->rank_low, 0);
	assert_int_equal(e->rank_high, 0);
	assert_true(e->insufficient);
	assert_false(e->tie);
}

static void test_rank_five(void **state)
{
	(void)state;
	struct wb_rank_entry v[] = {
		/* highest value, but 4 < 5 evaluations */
		entry(30, 1, 95, 90, 99, 4),
		/* exactly the minimum: ranked */
		entry(50, 1, 68, 60, 72, 5),
		/* no composite; its (meaningless) interval overlaps 50's */
		entry(40, 0, 66, 55, 75, 50),
		entry(10, 1, 85, 80, 90, 12),
		entry(20, 1, 70, 65, 79, 6),
	};
	wb_rank(v, 5, 5);

	/*
	 * ranked by value: 10 (85), 20 (70), 50 (68); no equal values, so no 并列.
	 * 10 [80, 90]: nothing wholly above; 20 (high 79) and 50 (high 72) wholly below → 1..1
	 * 20 [65, 79]: 10 (low 80) wholly above; 50 [60, 72] overlaps → 2..3
	 * 50 [60, 72]: 10 wholly above; 20 [65, 79] overlaps → 2..3
	 * 30 (count 4) and 40 (undefined) follow, unranked
	 */
	RANKED(v[0], 10, 1, 1, 1, 0);
	RANKED(v[1], 20, 2, 2, 3, 0);
	RANKED(v[2], 50, 3, 2, 3, 0);

	/* The unranked pair, in either order. */
	assert_true((v[3].id == 30 && v[4].id == 40) || (v[3].id == 40 && v[4].id == 30));
	unranked(&v[3]);
	unranked(&v[4]);
	/* Entries travel whole. */
	for (int i = 0; i < 5; i++)
		if (v[i].id == 30) {
			NEAR(v[i].value, 95, EPS);
			assert_int_equal(v[i].count, 4);
		}
}

static void test_rank_equal_values_and_boundary(void **state)
{
	(void)state;
	struct wb_rank_entry v[] = {
		entry(7, 1, 80, 70, 90, 10),
		entry(5, 1, 60, 50, 70, 10),
		entry(3, 1, 80, 70, 90, 10),
		entry(9, 1, 40, 30, 49.9, 10),
	};
	wb_rank(v, 4, 1);
	/* equal values 80 share rank 1 (并列), id 3 listed first; only 9 lies wholly below */
	RANKED(v[0], 3, 1, 1, 3, 1);
	RANKED(v[1], 7, 1, 1, 3, 1);
	/* 5 [50, 70]: 3's and 7's low 70 == its high 70 → touching is not wholly above;
	 * 9's high 49.9 < 50 → wholly below */
	RANKED(v[2], 5, 3, 1, 3, 0);
	/* 9 [30, 49.9]: 3 and 7 wholly above, 5 (low 50) too → 4..4 */
	RANKED(v[3], 9, 4, 4, 4, 0);
}

static void test_rank_as_published(void **state)
{
	(void)state;
	/* Values are compared as published, to 0.01: 80.004, 80.001 and 79.996 all read 80.00. */
	struct wb_rank_entry v[] = {
		entry(1, 1, 80.004, 80, 80.01, 9),
		entry(2, 1, 80.001, 80, 80.01, 9),
		entry(3, 1, 79.996, 79.99, 80, 9),
		entry(4, 1, 79.994, 79.99, 79.999, 9),
	};
	wb_rank(v, 4, 5);
	RANKED(v[0], 1, 1, 1, 4, 1);
	RANKED(v[1], 2, 1, 1, 4, 1);
	RANKED(v[2], 3, 1, 1, 4, 1);
	/* 79.994 reads 79.99: rank 4, not tied; 79.999 reads 80.00, touching the others */
	RANKED(v[3], 4, 4, 1, 4, 0);
}

static void test_rank_degenerate(void **state)
{
	(void)state;
	/* Nothing to rank. */
	struct wb_rank_entry none[1] = {entry(1, 1, 50, 40, 60, 10)};
	wb_rank(none, 0, 5);
	assert_int_equal(none[0].rank, 99); /* n = 0: untouched */

	/* Only one rankable entry: rank 1 of 1, no tie, the rest unranked. */
	struct wb_rank_entry v[] = {
		entry(4, 1, 50, 0, 100, 2),
		entry(2, 1, 10, 0, 100, 20),
		entry(6, 0, 0, 0, 0, 20),
	};
	wb_rank(v, 3, 5);
	RANKED(v[0], 2, 1, 1, 1, 0);
	unranked(&v[1]);
	unranked(&v[2]);

	/* All insufficient. */
	struct wb_rank_entry u[] = {entry(1, 1, 90, 80, 95, 1), entry(2, 0, 0, 0, 0, 9)};
	wb_rank(u, 2, 5);
	unranked(&u[0]);
	unranked(&u[1]);
}

/* ---------------------------------------------------------------- defaults */

static void test_defaults(void **state)
{
	(void)state;
	struct wb_scale s;
	struct wb_weights w;
	struct wb_grades g;
	memset(&s, 0x5a, sizeof s);
	memset(&w, 0x5a, sizeof w);
	memset(&g, 0x5a, sizeof g);
	wb_figures_defaults(&s, &w, &g);
	NEAR(s.satisfied, 100, EPS);
	NEAR(s.basic, 75, EPS);
	NEAR(s.unsatisfied, 55, EPS);
	NEAR(w.w[PART_SATISFACTION], 40, EPS);
	NEAR(w.w[PART_FEEDBACK], 20, EPS);
	NEAR(w.w[PART_COMPLETION], 15, EPS);
	NEAR(w.w[PART_RECTIFY], 10, EPS);
	NEAR(w.w[PART_ACK], 5, EPS);
	NEAR(w.w[PART_NO_RETURN], 5, EPS);
	NEAR(w.w[PART_NO_REOPEN], 5, EPS);
	double sum = 0;
	for (int i = 0; i < PART__N; i++)
		sum += w.w[i];
	NEAR(sum, 100, EPS);
	NEAR(g.excellent, 90, EPS);
	NEAR(g.good, 80, EPS);
	NEAR(g.pass, 60, EPS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate_undefined),
		cmocka_unit_test(test_rate_zero_of_ten),
		cmocka_unit_test(test_rate_ten_of_ten),
		cmocka_unit_test(test_rate_seven_of_ten),
		cmocka_unit_test(test_rate_one_of_two),
		cmocka_unit_test(test_rate_clamping),
		cmocka_unit_test(test_rate_bounds_in_unit_interval),
		cmocka_unit_test(test_score_default_scale),
		cmocka_unit_test(test_score_clipped),
		cmocka_unit_test(test_score_single_rating),
		cmocka_unit_test(test_score_all_unaware),
		cmocka_unit_test(test_score_custom_scale),
		cmocka_unit_test(test_indicator_mapping),
		cmocka_unit_test(test_indicator_empty_tally),
		cmocka_unit_test(test_composite_all_parts),
		cmocka_unit_test(test_composite_renormalised),
		cmocka_unit_test(test_composite_zero_weight),
		cmocka_unit_test(test_composite_nothing_defined),
		cmocka_unit_test(test_composite_inverse_parts),
		cmocka_unit_test(test_composite_end_to_end),
		cmocka_unit_test(test_grade_cutoffs),
		cmocka_unit_test(test_grade_labels),
		cmocka_unit_test(test_composite_own_work),
		cmocka_unit_test(test_rank_five),
		cmocka_unit_test(test_rank_equal_values_and_boundary),
		cmocka_unit_test(test_rank_as_published),
		cmocka_unit_test(test_rank_degenerate),
		cmocka_unit_test(test_defaults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
