/* The demo generators of `wubiao demo`. */
#ifndef WB_DEMO_H
#define WB_DEMO_H

#include <stdint.h>

#include "../store/store.h"
#include "../svc/svc.h"

/**
 * Fill an empty database with a district of @p opinions opinions, 30% as many problems
 * and 300 units, for benchmarks. @p c acts as the system. @return 0 or an error
 */
int demo_scale(struct store *st, struct svc_ctx *c, long opinions, uint64_t seed);

#endif
