/* The score report (量化评分表) as a table: one sheet per ranking group. */
#ifndef WB_EXPORT_SCORES_H
#define WB_EXPORT_SCORES_H

#include "../svc/svc.h"
#include "table.h"

/** Write @p sc into @p t, one sheet per group that has entries. @return rows or an error */
int scores_export(const struct svc_scores *sc, struct table *t);

#endif
