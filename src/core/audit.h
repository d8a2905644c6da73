/*
 * The audit chain. Each event's hash covers the previous event's hash and the event's
 * canonical form, so altering, inserting or deleting any row breaks every later link.
 */
#ifndef WB_AUDIT_H
#define WB_AUDIT_H

#include "types.h"

/** The hash that precedes the first event: 64 zeros. */
extern const char wb_audit_genesis[65];

/**
 * Compute @p ev->hash from @p ev->prev_hash and the other fields (id included).
 * @return 0, or WB_ERR_INTERNAL when the hash library fails
 */
int wb_audit_seal(struct wb_event *ev);

/** @return nonzero when @p ev->hash matches its fields and @p ev->prev_hash */
int wb_audit_check(const struct wb_event *ev);

#endif
