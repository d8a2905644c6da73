/*
 * Leaders' pledges (十项承诺, docs/registers.md): sets of pledges of a leader or of a unit's
 * leadership team for a period, from the default ten; published; fulfilment records (践诺)
 * with evidence; ratings (评诺) by the public and by colleagues, whose givers nobody sees;
 * the fulfilment rate of a year, for the year-end assessment.
 */
#ifndef WB_SVC_PLEDGES_H
#define WB_SVC_PLEDGES_H

#include <jansson.h>
#include <stddef.h>

#include "../store/store.h"
#include "svc.h"

enum { SVC_PLEDGE_TEMPLATE_N = 10 };
/** The default ten pledges. */
extern const char *const svc_pledge_template[SVC_PLEDGE_TEMPLATE_N];

/** A set as a caller sees it, over a window (a year within its period, or all of it). */
struct svc_pledge_view {
	struct wb_pledge_set s;
	const char *unit_name, *person_name, *person_post;
	struct wb_pledge_item *items;
	size_t nitems;
	int *records;                  /**< per item, fulfilment records in the window */
	wb_date *last_day;             /**< per item, the latest record's day, WB_NO_DATE none */
	size_t fulfilled;              /**< items with a record in the window */
	double rate;                   /**< fulfilled / items, 0..1 */
	struct wb_pledge_record *list; /**< the window's records, by item and day */
	size_t nlist;
	int ratings[PLR__N][PRT__N]; /**< counts in the window, by rater and rating */
	const char **notes; /**< the ratings' notes: the office only; never who gave them */
	size_t nnotes;
	unsigned actions; /**< bits of enum svc_pledge_action */
};

enum svc_pledge_action {
	SPA_EDIT = 1u << 0,    /**< change a draft: the office or the unit */
	SPA_PUBLISH = 1u << 1, /**< publish a draft: the office */
	SPA_RECORD = 1u << 2,  /**< record a fulfilment: the office or the unit */
	SPA_RATE = 1u << 3,    /**< rate as a colleague: logged in, not the holder, once */
};
extern const char *const svc_pledge_action_names[];

/** A set's members; NULL (or 0, WB_NO_DATE) members are left as they are by a change. */
struct svc_pledge_in {
	int64_t unit_id, person_id; /**< person_id 0: the unit's leadership team */
	const char *title;
	wb_date from, to;
	json_t *items; /**< an array of 1..20 texts; NULL: the template (new), as it is */
};
/** Draft a set: the office, or the unit itself. */
int svc_pledge_create(struct svc_ctx *c, const struct svc_pledge_in *in, int64_t *id);
/** Change a draft: the office, or the unit itself. */
int svc_pledge_update(struct svc_ctx *c, int64_t id, const struct svc_pledge_in *in);
/** Publish a draft: the office. */
int svc_pledge_publish(struct svc_ctx *c, int64_t id);
/** Record a fulfilment of item @p item_no on @p day (in the period, not in the future). */
int svc_pledge_record(struct svc_ctx *c, int64_t id, int64_t item_no, wb_date day, const char *text,
		      const char *evidence, int64_t *record_id);
/** Rate a published set: the public (no login), or a colleague once (not the holder). */
int svc_pledge_rate(struct svc_ctx *c, int64_t id, int rating, const char *note);

/**
 * One set over year @p year (0: its whole period): drafts for the office, leaders and the
 * unit; published sets for anyone logged in; the public reads published ones (@p public).
 */
int svc_pledge_get(struct svc_ctx *c, int64_t id, int year, int public_view,
		   struct svc_pledge_view *out);
/** The sets the caller may read, of @p unit_id (0: any) and year @p year (0: any). */
int svc_pledges(struct svc_ctx *c, int64_t unit_id, int year, int public_view,
		struct svc_pledge_view **out, size_t *n);

#endif
