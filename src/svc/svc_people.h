/* The register of people, accounts' persons, and target items split down to people. */
#ifndef WB_SVC_PEOPLE_H
#define WB_SVC_PEOPLE_H

#include <jansson.h>
#include <stddef.h>

#include "svc.h"

/**
 * Add a person to unit @p in->unit_id's register: the office, or the unit itself. Name 1 to
 * 50 characters, post up to 50, rank up to 30, one line each. An audit event.
 */
int svc_person_create(struct svc_ctx *c, const struct wb_person *in, int64_t *id);

/** What changes of a person; NULL texts and has_ flags 0 leave a member as it is. */
struct svc_person_in {
	int64_t id;
	const char *name, *post, *rank;
	int has_party_member, party_member;
	int has_active, active;
};
/** Change a person (the office, or the unit itself); the event keeps before and after. */
int svc_person_update(struct svc_ctx *c, const struct svc_person_in *in, struct wb_person *out);
/** A unit's register: the office and leaders, and the unit itself; 404 for others. */
int svc_people(struct svc_ctx *c, int64_t unit_id, struct wb_person **out, size_t *n);
/** One person, for whoever may read the unit's register. */
int svc_person_get(struct svc_ctx *c, int64_t id, struct wb_person *out);
/** Link an account to a person of its unit (0: none). The office only. */
int svc_user_set_person(struct svc_ctx *c, int64_t user_id, int64_t person_id);

/**
 * Split a signed letter's items down to people: @p items a JSON array of {code, person_id,
 * points, task}, replacing the unit's split; active people of the unit, an item of the
 * letter, points above 0; the shares of an item add up to its points. The office, or the
 * unit itself, until the year is final. An audit event.
 */
int svc_target_persons_set(struct svc_ctx *c, int64_t year, int64_t unit_id, json_t *items);

/** A person's share of an item, with the item and the person's part of its score. */
struct svc_person_line {
	struct wb_target_person_item share;
	struct wb_person person;
	struct wb_target_item item;
	double score; /**< the item's score × the share's points / the item's points */
};
/**
 * The year's shares of unit @p unit_id (the office, leaders, the unit itself), or with
 * @p unit_id 0 the caller's own (the person its account is linked to; none without one).
 */
int svc_target_person_lines(struct svc_ctx *c, int64_t year, int64_t unit_id,
			    struct svc_person_line **out, size_t *n);

#endif
