#include "survey.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

double wb_z(double confidence)
{
	return gsl_cdf_ugaussian_Pinv((1 + confidence) / 2);
}

void wb_design_defaults(struct wb_design *d)
{
	*d = (struct wb_design){.margin = 0.08, .confidence = 0.95, .p = 0.5, .response_rate = 1};
}

/* ⌈x⌉, a remainder below 1e-9 being floating-point noise. */
static int64_t ceil_clean(double x)
{
	double f = floor(x);
	return (int64_t)(x - f < 1e-9 ? f : f + 1);
}

int64_t wb_design_n(const struct wb_design *d, int64_t N)
{
	if (N <= 0)
		return 0;
	double z = wb_z(d->confidence);
	double n0 = z * z * d->p * (1 - d->p) / (d->margin * d->margin);
	int64_t n1 = ceil_clean(n0 / (1 + (n0 - 1) / (double)N));
	if (n1 < 0)
		n1 = 0;
	int64_t want = n1 > d->min_n ? n1 : d->min_n;
	int64_t n = ceil_clean((double)want / d->response_rate);
	return n < N ? n : N;
}

static int64_t valid(const struct wb_answer_counts *a)
{
	return a->n[RATING_SATISFIED] + a->n[RATING_BASIC] + a->n[RATING_UNSATISFIED];
}

static int64_t content(const struct wb_answer_counts *a)
{
	return a->n[RATING_SATISFIED] + a->n[RATING_BASIC];
}

void wb_estimate(const struct wb_answer_counts *a, const struct wb_scale *s, double z,
		 const struct wb_stratum *strata, size_t H, struct wb_estimate *out)
{
	memset(out, 0, sizeof *out);
	out->n_valid = valid(a);
	out->n_unaware = a->n[RATING_UNAWARE];
	out->n = out->n_valid + out->n_unaware;
	out->defined = out->n_valid > 0;
	if (out->defined) {
		double v = (double)out->n_valid;
		out->rate = (double)content(a) / v;
		wb_wilson(content(a), out->n_valid, z, &out->low, &out->high);
		const double pts[3] = {s->satisfied, s->basic, s->unsatisfied};
		double sum = 0, sq = 0;
		for (int k = 0; k < 3; k++) {
			sum += pts[k] * (double)a->n[k];
			sq += pts[k] * pts[k] * (double)a->n[k];
		}
		out->score = sum / v;
		double var = v > 1 ? (sq - sum * sum / v) / (v - 1) : 0;
		double half = z * sqrt(var > 0 ? var / v : 0);
		out->score_low =
			out->score - half < s->unsatisfied ? s->unsatisfied : out->score - half;
		out->score_high =
			out->score + half > s->satisfied ? s->satisfied : out->score + half;
	}
	double sumN = 0;
	for (size_t h = 0; strata && h < H; h++)
		if (valid(&strata[h].a) >= 2)
			sumN += (double)strata[h].N;
	if (sumN <= 0)
		return;
	double p = 0, var = 0;
	for (size_t h = 0; h < H; h++) {
		int64_t nh = valid(&strata[h].a);
		if (nh < 2)
			continue;
		double W = (double)strata[h].N / sumN,
		       ph = (double)content(&strata[h].a) / (double)nh;
		double fpc = 1 - (double)nh / (double)strata[h].N;
		if (fpc < 0)
			fpc = 0;
		p += W * ph;
		var += W * W * fpc * ph * (1 - ph) / (double)(nh - 1);
	}
	double half = z * sqrt(var);
	out->weighted = 1;
	out->rate_w = p;
	out->low_w = p - half < 0 ? 0 : p - half;
	out->high_w = p + half > 1 ? 1 : p + half;
}

int wb_seed_parse(const char *hex, unsigned char out[WB_SEED_MAX])
{
	size_t n = strlen(hex), len;
	if (n < 2 || n % 2 || n > 2 * WB_SEED_MAX)
		return -1;
	if (sodium_hex2bin(out, WB_SEED_MAX, hex, n, NULL, &len, NULL) != 0 || len != n / 2)
		return -1;
	return (int)len;
}

void wb_seed_hash(const unsigned char *seed, size_t len, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, seed, len);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

void wb_draw_key(const unsigned char *seed, size_t len, const char *unit, const char *id,
		 unsigned char key[WB_DRAW_KEY])
{
	static const unsigned char zero = 0;
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, seed, len);
	crypto_hash_sha256_update(&st, &zero, 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)unit, strlen(unit));
	crypto_hash_sha256_update(&st, &zero, 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)id, strlen(id));
	crypto_hash_sha256_final(&st, key);
}

struct keyed {
	unsigned char key[WB_DRAW_KEY];
	const char *id;
	size_t i;
};

static int by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = memcmp(x->key, y->key, WB_DRAW_KEY);
	return c ? c : strcmp(x->id, y->id);
}

int wb_draw_order(const unsigned char *seed, size_t len, const char *unit, const char *const *ids,
		  size_t n, size_t *order)
{
	struct keyed *k = malloc((n ? n : 1) * sizeof *k);
	if (k == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		wb_draw_key(seed, len, unit, ids[i], k[i].key);
		k[i].id = ids[i];
		k[i].i = i;
	}
	qsort(k, n, sizeof *k, by_key);
	for (size_t i = 0; i < n; i++)
		order[i] = k[i].i;
	free(k);
	return 0;
}
