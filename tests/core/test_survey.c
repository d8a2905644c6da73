/*
 * The survey's statistics against worked examples (docs/survey.md):
 *   sample size  n0 = z²p(1−p)/e², n1 = ⌈n0/(1 + (n0−1)/N)⌉: ±5% → 385 (N infinite),
 *                278 (N = 1000); ±3% → 1068 (textbook values, domain practice (d))
 *   Wilson       Newcombe (1998), table I: 81/263 → 0.2553–0.3662, 15/148 → 0.0624–0.1605;
 *                0/10 → 0–0.2775 (upper = (z²/10)/(1 + z²/10))
 *   stratified   two strata worked by hand below
 *   the draw     a seed's commitment and a sample computed by an independent program
 *                (Python's hashlib), and inclusion uniform over many seeds (chi-square)
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <gsl/gsl_cdf.h>
#include <sodium.h>

#include "../../src/core/survey.h"

#define NEAR(got, want, tol)                                                                       \
	do {                                                                                       \
		double got_ = (got), want_ = (want);                                               \
		if (!(fabs(got_ - want_) < (tol)))                                                 \
			fail_msg("%s = %.10f, want %.10f", #got, got_, want_);                     \
	} while (0)

static struct wb_design design(double e, double p, double rr, int64_t min_n)
{
	return (struct wb_design){
		.margin = e, .confidence = 0.95, .p = p, .response_rate = rr, .min_n = min_n};
}

static void test_z(void **state)
{
	(void)state;
	NEAR(wb_z(0.95), 1.959963984540054, 1e-12);
	NEAR(wb_z(0.99), 2.575829303548901, 1e-12);
	NEAR(wb_z(0.90), 1.644853626951472, 1e-12);
}

static void test_sample_size_textbook(void **state)
{
	(void)state;
	struct wb_design d = design(0.05, 0.5, 1, 0);
	assert_int_equal(wb_design_n(&d, 1000000000), 385);
	assert_int_equal(wb_design_n(&d, 1000), 278);
	d.margin = 0.03;
	assert_int_equal(wb_design_n(&d, 1000000000), 1068);
	/* a past rate of 90%: n0 = 1.96²·0.9·0.1/0.05² = 138.3 → 139 */
	d = design(0.05, 0.9, 1, 0);
	assert_int_equal(wb_design_n(&d, 1000000000), 139);
}

static void test_sample_size_rules(void **state)
{
	(void)state;
	/* the minimum, then the response rate: ⌈max(278, 300) / 0.6⌉ = 500 */
	struct wb_design d = design(0.05, 0.5, 0.6, 300);
	assert_int_equal(wb_design_n(&d, 1000), 500);
	/* ⌈278 / 0.5⌉ = 556 */
	d = design(0.05, 0.5, 0.5, 0);
	assert_int_equal(wb_design_n(&d, 1000), 556);
	/* never more than the unit has: everybody */
	d = design(0.05, 0.5, 0.25, 0);
	assert_int_equal(wb_design_n(&d, 1000), 1000);
	assert_int_equal(wb_design_n(&d, 1), 1);
	assert_int_equal(wb_design_n(&d, 0), 0);
	/* a small unit: n0/(1 + (n0−1)/50) = 384.15/8.663 = 44.3 → 45 */
	d = design(0.05, 0.5, 1, 0);
	assert_int_equal(wb_design_n(&d, 50), 45);
	/* p = 1: no variance, so only the minimum counts */
	d = design(0.05, 1, 1, 20);
	assert_int_equal(wb_design_n(&d, 1000), 20);
	/* the ±8% default: n0 = 150.06 → 151 for a large unit */
	wb_design_defaults(&d);
	assert_int_equal(wb_design_n(&d, 1000000000), 151);
}

static void test_wilson_worked(void **state)
{
	(void)state;
	double lo, hi, z = wb_z(0.95);
	wb_wilson(81, 263, z, &lo, &hi);
	NEAR(lo, 0.2552885199, 1e-9);
	NEAR(hi, 0.3662095770, 1e-9);
	wb_wilson(15, 148, z, &lo, &hi);
	NEAR(lo, 0.0623863995, 1e-9);
	NEAR(hi, 0.1604872417, 1e-9);
	wb_wilson(0, 10, z, &lo, &hi);
	assert_true(lo == 0);
	NEAR(hi, 0.2775327999, 1e-9);
	wb_wilson(10, 10, z, &lo, &hi);
	NEAR(lo, 0.7224672001, 1e-9);
	assert_true(hi == 1);
}

static struct wb_answer_counts counts(int64_t sat, int64_t basic, int64_t unsat, int64_t unaware)
{
	return (struct wb_answer_counts){{sat, basic, unsat, unaware}};
}

static void test_estimate_plain(void **state)
{
	(void)state;
	struct wb_scale s = {100, 75, 55};
	/* 50 满意, 31 基本满意, 182 不满意, 9 不了解: rate 81/263 as Newcombe's */
	struct wb_answer_counts a = counts(50, 31, 182, 9);
	struct wb_estimate e;
	wb_estimate(&a, &s, wb_z(0.95), NULL, 0, &e);
	assert_int_equal(e.n, 272);
	assert_int_equal(e.n_unaware, 9);
	assert_int_equal(e.n_valid, 263);
	assert_true(e.defined);
	NEAR(e.rate, 81.0 / 263, 1e-12);
	NEAR(e.low, 0.2552885199, 1e-9);
	NEAR(e.high, 0.3662095770, 1e-9);
	/* (50·100 + 31·75 + 182·55) / 263 = 17335 / 263 */
	NEAR(e.score, 17335.0 / 263, 1e-9);
	assert_false(e.weighted);
	/* the score's interval: 3 满意 and 1 基本满意, mean 93.75, sd 12.5: 93.75 ∓ z·6.25,
	 * the upper end held at the scale's top */
	a = counts(3, 1, 0, 0);
	wb_estimate(&a, &s, wb_z(0.95), NULL, 0, &e);
	NEAR(e.score, 93.75, 1e-12);
	NEAR(e.score_low, 93.75 - 1.959963984540054 * 6.25, 1e-9);
	NEAR(e.score_high, 100, 1e-12);
	/* only 不了解: nothing to estimate */
	a = counts(0, 0, 0, 4);
	wb_estimate(&a, &s, wb_z(0.95), NULL, 0, &e);
	assert_false(e.defined);
	assert_int_equal(e.n, 4);
}

static void test_estimate_stratified(void **state)
{
	(void)state;
	struct wb_scale s = {100, 75, 55};
	/*
	 * 党员: N 600, 20 valid of which 16 content (p 0.8); 群众: N 400, 10 valid, 5 content
	 * (p 0.5); 其他: N 1000 but 1 valid answer, so it drops out and ΣN = 1000.
	 * p = 0.6·0.8 + 0.4·0.5 = 0.68
	 * var = 0.36·(1 − 20/600)·0.16/19 + 0.16·(1 − 10/400)·0.25/9 = 0.0072638 (to 7 digits)
	 * bounds 0.68 ∓ 1.959964·0.0852281 = 0.5129556, 0.8470444
	 */
	struct wb_stratum st[3] = {
		{600, counts(10, 6, 4, 3)},
		{400, counts(5, 0, 5, 0)},
		{1000, counts(1, 0, 0, 2)},
	};
	struct wb_answer_counts all = counts(16, 6, 9, 5);
	struct wb_estimate e;
	wb_estimate(&all, &s, wb_z(0.95), st, 3, &e);
	assert_true(e.weighted);
	NEAR(e.rate_w, 0.68, 1e-12);
	NEAR(e.low_w, 0.5129556415, 1e-9);
	NEAR(e.high_w, 0.8470443585, 1e-9);
	/* the unweighted rate is all answers together: 22 / 31 */
	NEAR(e.rate, 22.0 / 31, 1e-12);
	/* a stratum drawn whole has no sampling error: p exactly, no interval */
	struct wb_stratum whole[1] = {{4, counts(3, 0, 1, 0)}};
	all = counts(3, 0, 1, 0);
	wb_estimate(&all, &s, wb_z(0.95), whole, 1, &e);
	NEAR(e.rate_w, 0.75, 1e-12);
	NEAR(e.low_w, 0.75, 1e-12);
	NEAR(e.high_w, 0.75, 1e-12);
	/* no stratum with 2 valid answers: no weighted estimate */
	struct wb_stratum thin[2] = {{10, counts(1, 0, 0, 0)}, {10, counts(0, 0, 1, 5)}};
	all = counts(1, 0, 1, 5);
	wb_estimate(&all, &s, wb_z(0.95), thin, 2, &e);
	assert_false(e.weighted);
	assert_true(e.defined);
}

static void test_seed(void **state)
{
	(void)state;
	unsigned char seed[WB_SEED_MAX];
	assert_int_equal(wb_seed_parse("c0ffee00112233445566778899aabbcc", seed), 16);
	char hex[65];
	wb_seed_hash(seed, 16, hex);
	/* sha256 of those 16 bytes, by `xxd -r -p | sha256sum` */
	assert_string_equal(hex,
			    "ea6316e3acade8a93b2e4e8874eaefe14b5bfc367755cf0101d3a0c5697ae15c");
	assert_int_equal(wb_seed_parse("C0FFEE", seed), 3);
	assert_int_equal(wb_seed_parse("", seed), -1);
	assert_int_equal(wb_seed_parse("abc", seed), -1);
	assert_int_equal(wb_seed_parse("zz", seed), -1);
	assert_int_equal(wb_seed_parse("00 11", seed), -1);
	char big[2 * WB_SEED_MAX + 3];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(wb_seed_parse(big, seed), -1);
	big[2 * WB_SEED_MAX] = '\0';
	assert_int_equal(wb_seed_parse(big, seed), WB_SEED_MAX);
}

static void test_draw_reference(void **state)
{
	(void)state;
	/* The order Python's hashlib gives for this seed (the program in docs/survey.md). */
	unsigned char seed[WB_SEED_MAX];
	int len = wb_seed_parse("c0ffee00112233445566778899aabbcc", seed);
	const char *ids[12];
	char names[12][16];
	for (int i = 0; i < 12; i++) {
		snprintf(names[i], sizeof names[i], "p%02d", i + 1);
		ids[i] = names[i];
	}
	size_t order[12];
	assert_int_equal(wb_draw_order(seed, (size_t)len, "D01", ids, 12, order), 0);
	const char *want[] = {"p01", "p08", "p06", "p03"};
	for (int i = 0; i < 4; i++)
		assert_string_equal(ids[order[i]], want[i]);
	/* the order does not depend on the order the people came in */
	const char *rev[12];
	for (int i = 0; i < 12; i++)
		rev[i] = ids[11 - i];
	size_t order2[12];
	assert_int_equal(wb_draw_order(seed, (size_t)len, "D01", rev, 12, order2), 0);
	for (int i = 0; i < 12; i++)
		assert_string_equal(rev[order2[i]], ids[order[i]]);
	/* another unit code is another draw */
	assert_int_equal(wb_draw_order(seed, (size_t)len, "D02", ids, 12, order2), 0);
	int same = 1;
	for (int i = 0; i < 12; i++)
		same &= order2[i] == order[i];
	assert_false(same);
}

/*
 * Over 4000 seeds, 5 of 20 drawn: each person should be drawn 1000 times, and each should
 * come first in the draw order 200 times. Chi-square with 19 degrees of freedom; the seeds
 * are fixed, so the test is deterministic, and a fair draw passes at p > 0.001 (a draw
 * that favoured anyone by a few per cent would not).
 */
static void test_draw_uniform(void **state)
{
	(void)state;
	enum { N = 20, K = 5, SEEDS = 4000 };
	const char *ids[N];
	char names[N][16];
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "r%d", i);
		ids[i] = names[i];
	}
	long drawn[N] = {0}, first[N] = {0};
	for (uint32_t s = 0; s < SEEDS; s++) {
		unsigned char seed[4] = {(unsigned char)(s >> 24), (unsigned char)(s >> 16),
					 (unsigned char)(s >> 8), (unsigned char)s};
		size_t order[N];
		assert_int_equal(wb_draw_order(seed, 4, "U01", ids, N, order), 0);
		for (int j = 0; j < K; j++)
			drawn[order[j]]++;
		first[order[0]]++;
	}
	double chi_in = 0, chi_first = 0, e_in = (double)SEEDS * K / N, e_first = (double)SEEDS / N;
	for (int i = 0; i < N; i++) {
		chi_in += (drawn[i] - e_in) * (drawn[i] - e_in) / e_in;
		chi_first += (first[i] - e_first) * (first[i] - e_first) / e_first;
	}
	double p_in = gsl_cdf_chisq_Q(chi_in, N - 1), p_first = gsl_cdf_chisq_Q(chi_first, N - 1);
	if (p_in < 0.001 || p_first < 0.001)
		fail_msg("not uniform: chi² %.2f (p %.4f) drawn, %.2f (p %.4f) first", chi_in, p_in,
			 chi_first, p_first);
	/* and the test can fail: the first K people by id are far from uniform */
	long biased[N] = {0};
	for (int j = 0; j < K; j++)
		biased[j] = SEEDS;
	double chi_bad = 0;
	for (int i = 0; i < N; i++)
		chi_bad += (biased[i] - e_in) * (biased[i] - e_in) / e_in;
	assert_true(gsl_cdf_chisq_Q(chi_bad, N - 1) < 0.001);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_z),
		cmocka_unit_test(test_sample_size_textbook),
		cmocka_unit_test(test_sample_size_rules),
		cmocka_unit_test(test_wilson_worked),
		cmocka_unit_test(test_estimate_plain),
		cmocka_unit_test(test_estimate_stratified),
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_draw_reference),
		cmocka_unit_test(test_draw_uniform),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
