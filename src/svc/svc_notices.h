/*
 * Bulletins as documents (通报, docs/registers.md): criticism or praise with a number
 * (文号), drafted by the office, signed off (签发) by a leader, for the logged-in units or
 * the public; about problems, units or people, or none; corrected with a reason, each
 * earlier text kept, or withdrawn with one. A flag's notice is issued as such a document.
 */
#ifndef WB_SVC_NOTICES_H
#define WB_SVC_NOTICES_H

#include <jansson.h>
#include <stddef.h>

#include "../store/store.h"
#include "svc.h"

/** A notice as a caller sees it. */
struct svc_notice_view {
	struct wb_notice n;
	struct wb_notice_ref *refs;
	const char **ref_names; /**< each subject's name (a problem's title), "" when unknown */
	size_t nrefs;
	struct wb_notice_revision *revs; /**< earlier texts, oldest first */
	size_t nrevs;
	unsigned actions; /**< bits of enum svc_notice_action */
};

enum svc_notice_action {
	SNA_EDIT = 1u << 0,     /**< change a draft: the office */
	SNA_SIGN = 1u << 1,     /**< sign a draft off, issuing it: a leader */
	SNA_CORRECT = 1u << 2,  /**< correct an issued notice with a reason: the office */
	SNA_WITHDRAW = 1u << 3, /**< withdraw an issued notice with a reason: office or leader */
};
extern const char *const svc_notice_action_names[];

/** A notice's text; NULL members (and -1 enums) are left as they are by a change. */
struct svc_notice_in {
	int kind, scope;
	const char *number, *title, *body;
	json_t *subjects;   /**< {problems: [ids], units: [ids], people: [ids]}; NULL: as it is */
	const char *reason; /**< a correction's, required once issued */
};

/** Draft a notice: the office. Kind, scope, title and body required. */
int svc_notice_create(struct svc_ctx *c, const struct svc_notice_in *in, int64_t *id);
/** Change a draft, or correct an issued notice (with a reason, the text before kept). */
int svc_notice_update(struct svc_ctx *c, int64_t id, const struct svc_notice_in *in);
/** Sign a draft off as leader @p signer (a name as printed; NULL: the account's), with its
 * number (@p number, or the draft's; required, unique). */
int svc_notice_sign(struct svc_ctx *c, int64_t id, const char *number, const char *signer);
/** Withdraw an issued notice with a reason. */
int svc_notice_withdraw(struct svc_ctx *c, int64_t id, const char *reason);

/**
 * One notice: the office and leaders read every notice, drafts too; other logged-in users
 * the issued and withdrawn ones; the public the issued public ones. 404 otherwise.
 */
int svc_notice_get(struct svc_ctx *c, int64_t id, struct svc_notice_view *out);
/** The notices the caller may read that pass @p f, newest first. */
int svc_notices(struct svc_ctx *c, const struct store_notice_filter *f,
		struct svc_notice_view **out, size_t *n);

/**
 * In the flag's transaction: issue the flag's notice @p text (the flag's record
 * @p bulletin_id) as a public criticism about problem @p p and its unit.
 */
int svc_notice_of_flag(struct svc_ctx *c, struct store *st, const struct wb_problem *p,
		       int64_t bulletin_id, const char *text);

#endif
