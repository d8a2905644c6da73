#include "targets.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void wb_target_scheme_defaults(struct wb_target_scheme *s)
{
	static const double points[LV__N] = {1, 0.75, 0.5, 0.375, 0.25};
	static const char *const ding[] = {"定任务", "定人员", "定时间",
					   "定标准", "定责任", "定奖惩"};
	memset(s, 0, sizeof *s);
	s->street_cards[0] = "实绩";
	s->street_cards[1] = "过程";
	s->department_card = "目标任务";
	s->nding = (int)(sizeof ding / sizeof *ding);
	memcpy(s->ding, ding, sizeof ding);
	memcpy(s->level_points, points, sizeof points);
	s->cut[GRADE_EXCELLENT] = 90;
	s->cut[GRADE_GOOD] = 80;
	s->cut[GRADE_PASS] = 60;
}

const char *wb_target_scheme_check(const struct wb_target_scheme *s, const char **what)
{
	*what = "cards";
	if (!s->street_cards[0] || !*s->street_cards[0] || !s->street_cards[1] ||
	    !*s->street_cards[1] || !s->department_card || !*s->department_card)
		return "every card needs a name";
	if (strcmp(s->street_cards[0], s->street_cards[1]) == 0)
		return "a street's two cards need different names";
	*what = "ding";
	if (s->nding < 1 || s->nding > WB_DING_MAX)
		return "must list 1 to 12 dimensions";
	for (int i = 0; i < s->nding; i++) {
		if (!s->ding[i] || !*s->ding[i])
			return "a dimension needs a name";
		for (int j = 0; j < i; j++)
			if (strcmp(s->ding[i], s->ding[j]) == 0)
				return "a dimension is listed twice";
	}
	*what = "level_points";
	for (int l = 0; l < LV__N; l++) {
		if (!(s->level_points[l] >= 0 && s->level_points[l] <= 100))
			return "must be from 0 to 100";
		if (l && s->level_points[l] > s->level_points[l - 1])
			return "a lower level may not be worth more than a higher one";
	}
	*what = "grades";
	for (int g = 0; g < GRADE_FAIL; g++) {
		if (!(s->cut[g] > 0 && s->cut[g] <= 100))
			return "must be from 0 to 100";
		if (g && s->cut[g] >= s->cut[g - 1])
			return "must fall from 优秀 to 合格";
	}
	*what = NULL;
	return NULL;
}

int wb_milli_parse(const char *s, int64_t *out)
{
	const char *p = s;
	int neg = *p == '-';
	p += neg;
	if (*p < '0' || *p > '9')
		return -1;
	int64_t whole = 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 1000000000000LL)
			return -1;
	}
	int64_t frac = 0;
	int places = 0;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		for (; *p >= '0' && *p <= '9'; p++, places++) {
			if (places == 3)
				return -1;
			frac = frac * 10 + (*p - '0');
		}
		for (int i = places; i < 3; i++)
			frac *= 10;
	}
	if (*p != '\0')
		return -1;
	int64_t v = whole * 1000 + frac;
	*out = neg ? -v : v;
	return 0;
}

double wb_target_item_score(enum wb_target_rule rule, double points, int has_result, double target,
			    double actual, double deduction, double composite)
{
	if (!has_result || points <= 0)
		return 0;
	double share = 0;
	switch (rule) {
	case TR_RATIO:
		share = target > 0 ? actual / target : actual >= target;
		break;
	case TR_INVERSE:
		share = actual <= 0 ? 1 : target / actual;
		break;
	case TR_DEDUCT:
		return deduction <= 0 ? points : deduction >= points ? 0 : points - deduction;
	case TR_WORKSTYLE:
		share = composite / 100;
		break;
	default:
		return 0;
	}
	if (!(share > 0))
		return 0;
	return share >= 1 ? points : points * share;
}

void wb_target_adjust_sum(const struct wb_target_adjust *v, size_t n, int64_t unit_id,
			  const struct wb_target_scheme *s, double *adds, double *subtracts,
			  int *vetoed)
{
	*adds = *subtracts = 0;
	*vetoed = 0;
	for (size_t i = 0; i < n; i++) {
		const struct wb_target_adjust *a = &v[i];
		if (a->unit_id != unit_id)
			continue;
		if (a->kind == ADJ_VETO) {
			*vetoed = 1;
			continue;
		}
		/* one event counts once, at its highest level: skip this one when the same
		 * event of the same kind is there at a higher level, or at the same level
		 * earlier */
		int counted = 1;
		for (size_t j = 0; j < n && counted; j++) {
			const struct wb_target_adjust *b = &v[j];
			if (j == i || b->unit_id != unit_id || b->kind != a->kind ||
			    strcmp(b->event, a->event) != 0)
				continue;
			if (b->level < a->level || (b->level == a->level && j < i))
				counted = 0;
		}
		if (!counted || (unsigned)a->level >= LV__N)
			continue;
		if (a->kind == ADJ_ADD)
			*adds += s->level_points[a->level];
		else
			*subtracts += s->level_points[a->level];
	}
}

double wb_round2(double x)
{
	/* the epsilon takes 2.675, stored a hair below, to 2.68 as it is written */
	double r = floor(fabs(x) * 100 + 0.5 + 1e-7) / 100;
	return x < 0 ? -r : r;
}

static int line_order(const void *pa, const void *pb)
{
	const struct wb_target_line *a = pa, *b = pb;
	if (a->street != b->street)
		return a->street - b->street;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return strcmp(a->code ? a->code : "", b->code ? b->code : "");
}

void wb_target_assess(struct wb_target_line *v, size_t n, const struct wb_target_scheme *s)
{
	for (size_t i = 0; i < n; i++) {
		struct wb_target_line *l = &v[i];
		double base = l->street ? (l->card1 + l->card2) / 2 : l->card1;
		l->base = wb_round2(base);
		l->total = wb_round2(base + l->adds - l->subtracts);
		l->grade = GRADE_FAIL;
		for (int g = GRADE_EXCELLENT; g < GRADE_FAIL && !l->vetoed; g++)
			if (l->total >= s->cut[g] - 1e-9) {
				l->grade = (enum wb_grade)g;
				break;
			}
	}
	/* rank: within the kind, those not vetoed first; one more than those ahead */
	for (size_t i = 0; i < n; i++) {
		int ahead = 0;
		for (size_t j = 0; j < n; j++) {
			if (v[j].street != v[i].street)
				continue;
			if (v[j].vetoed != v[i].vetoed)
				ahead += v[j].vetoed < v[i].vetoed;
			else
				ahead += v[j].total > v[i].total + 1e-9;
		}
		v[i].rank = ahead + 1;
	}
	qsort(v, n, sizeof *v, line_order);
}
