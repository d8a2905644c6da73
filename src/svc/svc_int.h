/* Helpers shared by the service files; not part of the services' interface. */
#ifndef WB_SVC_INT_H
#define WB_SVC_INT_H

#include <jansson.h>

#include "../util/err.h"
#include "svc.h"

/**
 * Check a text field: present when @p required, valid UTF-8 without control characters,
 * @p min..@p max characters. A NULL optional field passes. @return 0 or WB_ERR_INVALID
 */
int svc_text(struct svc_ctx *c, const char *field, const char *s, int min, int max, int required);

/** svc_text() for a name or a title: one line, no tab. */
int svc_line(struct svc_ctx *c, const char *field, const char *s, int min, int max, int required);

/**
 * Append an audit event for the current transaction. @p data is consumed (may be NULL).
 * @p unit_id is the unit acted for; 0 means the caller's own unit.
 */
int svc_event(struct svc_ctx *c, const char *kind, const char *subject_type, int64_t subject_id,
	      const char *from, const char *to, int64_t unit_id, json_t *data);

/** Map a store result for a lookup by id: 0 rows becomes WB_ERR_NOT_FOUND. */
static inline int svc_found(int rc)
{
	return rc < 0 ? rc : rc == 0 ? WB_ERR_NOT_FOUND : 0;
}

/** Seconds of a clock that only goes forward (for how old a cached copy is). */
int64_t svc_mono_seconds(void);
/** Forget the settings read before: this process has just changed them. */
void svc_settings_changed(void);

/** The longest free text of a form field, in characters. */
enum { SVC_TEXT_MAX = 4000 };

/** Set @p key of @p d to the date @p v as YYYY-MM-DD. */
void svc_put_date(json_t *d, const char *key, wb_date v);

/* ---- duties (svc_duty.c) ---- */

/**
 * The station following unit @p unit_id now: a station itself, a point's station, a
 * responsible unit's; 0 when none. @return 0 or an error
 */
int svc_station_of(struct svc_ctx *c, int64_t unit_id, int64_t *station);
/**
 * Start duty @p in (kind, campaign, subject, holder; started_at 0: now; by_unit_id 0: the
 * caller's unit), due @p workdays working days after the day it starts (or, with 0,
 * on in->due_on); the holder's station is looked up now. No holder: nothing to start.
 */
int svc_duty_start(struct svc_ctx *c, const struct wb_duty *in, int workdays);
/** End the held duty of @p kind on a problem or an opinion now: done, or @p released. */
int svc_duty_end(struct svc_ctx *c, enum wb_duty_kind kind, int64_t problem_id, int64_t opinion_id,
		 int released);

/** The office, leaders and stations read every unit's registers (first contact, faults), a
 * unit its own (svc_faults.c). */
int svc_register_may_read(const struct svc_ctx *c, int64_t unit_id);

/** The SHA-256 of the @p n bytes at @p p, as 64 lowercase hex digits into @p hex. */
void svc_hash_bytes(const void *p, size_t n, char hex[65]);
/** svc_hash_bytes() of a NUL-terminated text. */
void svc_hash_text(const char *s, char hex[65]);

/** Random unguessable text of @p n characters from Crockford's base 32, from the arena. */
char *svc_random_code(struct svc_ctx *c, int n);

#endif
