/* Names of the enumerations: the API's spelling and the UI's Chinese label. */
#ifndef WB_ENUMS_H
#define WB_ENUMS_H

#include "types.h"

struct wb_enum {
	const char *const *names;  /**< API names, indexed by value */
	const char *const *labels; /**< Chinese labels, indexed by value */
	int n;
};

extern const struct wb_enum wb_roles, wb_unit_kinds, wb_dimensions, wb_sources, wb_channels,
	wb_opinion_statuses, wb_pstatuses, wb_severities, wb_ratings, wb_phase_kinds, wb_actions,
	wb_measures, wb_duty_kinds, wb_survey_rounds, wb_survey_states, wb_call_outcomes,
	wb_survey_modes, wb_target_rules, wb_adjust_kinds, wb_levels, wb_target_categories,
	wb_letter_statuses, wb_appeal_statuses, wb_proposal_statuses, wb_sanction_kinds,
	wb_fault_sources, wb_fault_types, wb_fault_statuses, wb_fault_roles, wb_fault_resps,
	wb_sanctions, wb_contact_channels, wb_contact_statuses, wb_notice_kinds, wb_notice_scopes,
	wb_notice_statuses, wb_notice_subjects, wb_pledge_statuses, wb_pledge_raters,
	wb_pledge_ratings;

/** @return the API name of @p v, or "" when out of range */
const char *wb_enum_name(const struct wb_enum *e, int v);
/** @return the Chinese label of @p v, or "" when out of range */
const char *wb_enum_label(const struct wb_enum *e, int v);
/** @return the value named @p s, or -1 when none is */
int wb_enum_parse(const struct wb_enum *e, const char *s);

/** @return nonzero for kinds of responsible units (department, street) */
int wb_unit_kind_is_responsible(enum wb_unit_kind k);

#endif
