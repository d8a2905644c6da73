/*
 * The register of efficiency faults (行政效能过错, docs/registers.md). The office keeps it;
 * leaders and stations read every unit's cases, a unit its own.
 */
#ifndef WB_SVC_FAULTS_H
#define WB_SVC_FAULTS_H

#include <jansson.h>
#include <stddef.h>

#include "../core/date.h"
#include "../store/store.h"
#include "svc.h"

/** A case as a caller sees it: the case, its people, its unit's name, what may be done. */
struct svc_fault_view {
	struct wb_fault f;
	struct wb_fault_person *people;
	size_t npeople;
	const char *unit_name;
	unsigned actions;     /**< bits of enum wb_fault_action */
	wb_date appeal_until; /**< the last day of the appeal window; WB_NO_DATE: none */
};

/** A case the office records (status open): unit, source, its subject, type and facts. */
struct svc_fault_in {
	int64_t unit_id;
	int source; /**< enum wb_fault_source; overdue is the sweep's */
	int64_t problem_id, opinion_id, contact_id;
	int type; /**< enum wb_fault_type */
	const char *facts;
};
int svc_fault_create(struct svc_ctx *c, const struct svc_fault_in *in, int64_t *id);

/** Confirm a proposed case (→ open), or dismiss a proposed or open one with a reason. */
int svc_fault_confirm(struct svc_ctx *c, int64_t id, const char *note);
int svc_fault_dismiss(struct svc_ctx *c, int64_t id, const char *reason);

/** A decision on an open case. */
struct svc_fault_decision {
	int type;              /**< enum wb_fault_type; -1 keeps the case's */
	int unit_sanction;     /**< enum wb_sanction for the unit; -1 none */
	const char *authority; /**< who decided (决定机关), required */
	wb_date decided_on;    /**< WB_NO_DATE: today; not in the future */
	const char *note;
	json_t *people; /**< [{person_id, role, resp, sanction}], people of the case's unit */
};
/**
 * Decide an open case: at least one person or a sanction for the unit; each person's
 * sanction at least the ladder's floor (wb_sanction_floor() of their decided faults of the
 * 365 days before). The office.
 */
int svc_fault_decide(struct svc_ctx *c, int64_t id, const struct svc_fault_decision *d);
/** Appeal a decided case within the window: the case's unit, or the office for it. */
int svc_fault_appeal(struct svc_ctx *c, int64_t id, const char *reason);
/** Decide an appeal: upheld revokes the case, else the decision stands. The office. */
int svc_fault_appeal_decide(struct svc_ctx *c, int64_t id, int upheld, const char *note);

/** One case, for whoever may read its unit's register; 404 for others. */
int svc_fault_get(struct svc_ctx *c, int64_t id, struct svc_fault_view *out);
/**
 * The cases in the caller's scope that pass @p f (a unit: its own only, whatever
 * f->unit_id says), newest first. Points, the bureau and the public: 403.
 */
int svc_faults(struct svc_ctx *c, const struct store_fault_filter *f, struct svc_fault_view **out,
	       size_t *n);

/** Which lines: each member 0 for any. */
struct svc_ledger_filter {
	int64_t unit_id, person_id;
	int year;
};
/**
 * The ledger in the caller's scope (the office, leaders and stations every unit's, a unit
 * its own; others 403): accountability records, and each person (or the unit) sanctioned
 * in a decided, appealed or revoked fault case; newest first.
 */
int svc_ledger(struct svc_ctx *c, const struct svc_ledger_filter *f, struct wb_ledger_line **out,
	       size_t *n);

/**
 * Propose the cases due today for every flagged problem (the sweep's part, alone), in one
 * transaction; @p made counts the new ones. The system (role admin).
 */
int svc_fault_sweep(struct svc_ctx *c, int *made);

/**
 * In the sweep's transaction: propose a case (source overdue, type 拖延) against @p p's
 * unit when wb_fault_overdue() says so and none was proposed for it yet. @p made counts.
 */
int svc_fault_propose_overdue(struct svc_ctx *c, struct store *st, const struct wb_problem *p,
			      const struct wb_calendar *cal, wb_date today, int *made);

#endif
