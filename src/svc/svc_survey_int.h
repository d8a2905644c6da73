/* Shared by the survey's service files (svc_survey*.c); not part of the interface. */
#ifndef WB_SVC_SURVEY_INT_H
#define WB_SVC_SURVEY_INT_H

#include "../core/perm.h"
#include "survey_io.h"
#include "svc_survey.h"

/** @return 0, or WB_ERR_FORBIDDEN with a sentence when the caller lacks @p p */
int survey_need(struct svc_ctx *c, enum wb_perm p);
/** Seal @p plain with the district's key: base64 of nonce and box, from the arena. */
char *survey_seal(struct svc_ctx *c, const char *plain);
/** Open what survey_seal() made. @return the text from the arena, or NULL */
char *survey_unseal(struct svc_ctx *c, const char *sealed);
/** Parse the stored survey @p s (design, items, scale) into @p out. */
int survey_parse(struct svc_ctx *c, const struct wb_survey *s, struct svc_survey *out);
/** Load and parse survey @p id. @return 0, WB_ERR_NOT_FOUND, or an error */
int survey_load(struct svc_ctx *c, struct store *st, int64_t id, struct svc_survey *out);
/**
 * The frame's hash: SHA-256 of "unit_code,respondent_id,stratum" and a row per person in
 * byte order, as the offline CLI would read the frame without its contacts.
 */
const char *survey_frame_digest(struct svc_ctx *c, const struct sio_frame *f);
/** Each unit's design and fieldwork (svc_survey_units inside a transaction). */
int survey_units_load(struct svc_ctx *c, struct store *st, int64_t id, struct svc_survey_unit **out,
		      int *n);
/** The estimates of @p sv computed now from the store (svc_survey_est.c). */
int survey_estimates_of(struct svc_ctx *c, struct store *st, const struct svc_survey *sv,
			json_t **out);

#endif
