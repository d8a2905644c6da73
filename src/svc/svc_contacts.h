/*
 * The register of first contact (首接首问, docs/registers.md): the matters a member of
 * staff received first, what they were told at once (一次性告知) and the time limit, owned
 * until a recorded hand-over or completion; entries held too long flagged; counts per unit
 * and person; opinions about 推诿 linked to an entry.
 */
#ifndef WB_SVC_CONTACTS_H
#define WB_SVC_CONTACTS_H

#include <stddef.h>

#include "../store/store.h"
#include "svc.h"

/** An entry as a caller sees it. */
struct svc_contact_view {
	struct wb_contact k;
	const char *unit_name, *person_name, *to_person_name, *to_unit_name;
	int overdue;          /**< still open more than contact_handover_workdays after receipt */
	int personal;         /**< the visitor's name and phone may be shown to this caller */
	int64_t *opinion_ids; /**< opinions linked to the entry */
	size_t nopinions;
	unsigned actions; /**< bits of enum svc_contact_action */
};

enum svc_contact_action {
	SCA_HANDOVER = 1u << 0, /**< hand an open entry over to a colleague or another unit */
	SCA_DONE = 1u << 1,     /**< complete an open entry */
	SCA_LINK = 1u << 2,     /**< link an opinion about 推诿 to the entry */
};
/** The actions' API names, in bit order; NULL-terminated. */
extern const char *const svc_contact_action_names[];

/**
 * Record a matter received first: the unit's staff for their own unit, or the office for
 * any (@p in->unit_id; 0: the caller's unit). person_id: an active person of the unit (0:
 * the person the caller's account is linked to). need and told 2..2000 characters, the
 * time limit today or later (at most a year), received_at not in the future (0: now).
 */
int svc_contact_create(struct svc_ctx *c, const struct wb_contact *in, int64_t *id);
/** Hand an open entry over to a colleague (@p to_person_id) or another unit (@p to_unit_id). */
int svc_contact_handover(struct svc_ctx *c, int64_t id, int64_t to_person_id, int64_t to_unit_id,
			 const char *note);
/** Complete an open entry with what was done. */
int svc_contact_done(struct svc_ctx *c, int64_t id, const char *outcome);
/** Link opinion @p opinion_id (about 推诿) to entry @p id: the office or a station. */
int svc_contact_link(struct svc_ctx *c, int64_t id, int64_t opinion_id);

int svc_contact_get(struct svc_ctx *c, int64_t id, struct svc_contact_view *out);
/** The entries in the caller's scope that pass @p f; @p overdue_only keeps the overdue. */
int svc_contacts(struct svc_ctx *c, const struct store_contact_filter *f, int overdue_only,
		 struct svc_contact_view **out, size_t *n);

/** Counts per unit and person over entries received in [from, to). */
struct svc_contact_tally {
	int64_t unit_id, person_id;
	const char *unit_name, *person_name;
	int received, open, handed_over, done, overdue;
};
int svc_contact_counts(struct svc_ctx *c, int64_t unit_id, int64_t from, int64_t to,
		       struct svc_contact_tally **out, size_t *n);

#endif
