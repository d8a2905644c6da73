/*
 * The audit log replayed into the state it implies, and the records compared with it
 * (svc_replay.c). Used by the audit's verification only.
 */
#ifndef WB_SVC_REPLAY_H
#define WB_SVC_REPLAY_H

#include "svc.h"

struct replay;

/** A new, empty replay; the differences are written in @p a. */
struct replay *svc_replay_new(struct arena *a);
void svc_replay_free(struct replay *rp);
/** Apply one event, in the log's order. @return 0 */
int svc_replay_event(struct replay *rp, const struct wb_event *e);
/**
 * Compare the records in @p st with the replayed state. @return the first difference (a
 * sentence naming the record; the lowest id among problems, then opinions, then ratings),
 * or NULL when every record agrees; @p rc gets the store's result
 */
const char *svc_replay_compare(struct replay *rp, struct store *st, int *rc);

#endif
