/*
 * The survey's tables (docs/survey.md): the design, the sample and the outcomes (never a
 * name or a phone), and the estimates, as CSV, XLSX or JSON through table.h.
 */
#ifndef WB_EXPORT_SURVEY_H
#define WB_EXPORT_SURVEY_H

#include <jansson.h>

#include "../svc/svc_survey.h"
#include "table.h"

/** What a survey export holds. */
enum survey_table { ST_DESIGN, ST_SAMPLE, ST_OUTCOMES, ST_ESTIMATES, SURVEY_TABLE__N };
extern const char *const survey_table_names[SURVEY_TABLE__N];  /**< "design", … */
extern const char *const survey_table_labels[SURVEY_TABLE__N]; /**< "抽样设计", … */

/** Each unit's design with the survey's parameters. @return rows or an error */
int survey_export_design(const struct svc_survey *sv, const struct svc_survey_unit *u, int n,
			 struct table *t);
/** Start the sheet of the sample or the outcomes (@p which). */
int survey_export_people_start(enum survey_table which, struct table *t);
/** One drawn person as a row of the sheet started. */
int survey_export_person(enum survey_table which, const struct wb_survey_person *p, int tz_min,
			 struct table *t);
/** The estimates (svc_survey_estimates' document): a sheet per unit group. */
int survey_export_estimates(const json_t *est, struct table *t);

#endif
