/*
 * Annual target management (目标管理): how the items of a unit's responsibility letter
 * (责任书) are scored, how the year's adds, subtracts and vetoes count, and the year-end
 * assessment sheet: each unit's cards, total, grade and rank within its kind.
 * Pure functions, no I/O; docs/targets.md says every rule and its reason.
 */
#ifndef WB_TARGETS_H
#define WB_TARGETS_H

#include <stddef.h>
#include <stdint.h>

#include "figures.h"
#include "types.h"

/** At most this many "定" dimensions in a scheme. */
#define WB_DING_MAX 12

/**
 * A year's scheme: the names of the cards, the "定" dimensions a department's items record,
 * what the levels are worth and where the grades begin.
 */
struct wb_target_scheme {
	const char *street_cards[2]; /**< a street's two cards: 实绩, 过程 */
	const char *department_card; /**< a department's one card: 目标任务 */
	const char *ding[WB_DING_MAX]; /**< 定任务、定人员、定时间、定标准、定责任、定奖惩 */
	int nding;
	double level_points[LV__N]; /**< default 1, 0.75, 0.5, 0.375, 0.25 */
	double cut[GRADE_FAIL];     /**< the lowest total of 优秀, 良好, 合格: 90, 80, 60 */
};

/** The defaults. */
void wb_target_scheme_defaults(struct wb_target_scheme *s);

/**
 * Whether @p s holds together: names given, 1 to WB_DING_MAX distinct "定" dimensions,
 * level points from 0 to 100 and not rising as the level falls, cut-offs from 0 to 100
 * and falling from 优秀 to 合格.
 * @return NULL, or what is wrong and @p *what the member it is about
 */
const char *wb_target_scheme_check(const struct wb_target_scheme *s, const char **what);

/**
 * Parse a decimal of at most three places ("12.5", "-0.375", "100") into thousandths.
 * @return 0, or -1 when it is not one, or is beyond ±10¹²
 */
int wb_milli_parse(const char *s, int64_t *out);

/**
 * The score of one item of @p points under @p rule. @p has_result 0: no result, 0 points.
 * @p actual and @p target for ratio and inverse, @p deduction for deduct, @p composite
 * (0..100) for workstyle. Never below 0 nor above the points.
 */
double wb_target_item_score(enum wb_target_rule rule, double points, int has_result, double target,
			    double actual, double deduction, double composite);

/**
 * A unit's adds and subtracts, each event counted once at its highest level, and whether
 * it is vetoed, from the @p n adjustments of @p v (of every unit; those of @p unit_id
 * count). @p adds and @p subtracts are in points.
 */
void wb_target_adjust_sum(const struct wb_target_adjust *v, size_t n, int64_t unit_id,
			  const struct wb_target_scheme *s, double *adds, double *subtracts,
			  int *vetoed);

/** Round half away from zero to two places, as the sheet prints. */
double wb_round2(double x);

/** One unit's line of the assessment sheet. */
struct wb_target_line {
	int64_t unit_id;
	const char *code;
	int street;          /**< a street or town: two cards, base their mean */
	double card1, card2; /**< the cards' sums of item scores */
	double adds, subtracts;
	int vetoed;
	/* set by wb_target_assess() */
	double base, total; /**< rounded as printed */
	enum wb_grade grade;
	int rank; /**< within the kind: equal totals share it, the next skipped; vetoed last */
};

/**
 * Finish the sheet: each line's base (card1, or the cards' mean for a street), total
 * (base + adds − subtracts, rounded), grade (by the cut-offs on the rounded total; 不合格
 * when vetoed) and rank within its kind; then order the lines by kind (departments
 * first), rank and code.
 */
void wb_target_assess(struct wb_target_line *v, size_t n, const struct wb_target_scheme *s);

#endif
