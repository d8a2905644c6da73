/*
 * The district's configuration that rules depend on. Kept in the database (so every
 * server process of a district agrees) and changed with `wubiao config set`.
 */
#ifndef WB_SETTINGS_H
#define WB_SETTINGS_H

#include "types.h"

struct wb_settings {
	int tz_min;                  /**< district time zone, minutes east of UTC (default +480) */
	int due_workdays[SEV__N];    /**< default deadline per severity, in working days */
	int max_due_workdays;        /**< cap on a requested deadline (default 250) */
	int session_hours;           /**< login lifetime (default 12) */
	int session_idle_minutes;    /**< a login unused this long ends (default 30) */
	int ack_workdays;            /**< a dispatch is acknowledged within this (default 1) */
	int escalate_after_workdays; /**< overdue this long after a reminder: escalate (default 5)
				      */
	int backdate_days; /**< an opinion's received_at at most this long before its entry
			    * (default 60) */
	/* The duties of points and stations, in working days (docs/figures.md): */
	int entry_workdays;    /**< a point enters an opinion after receiving it (default 2) */
	int merge_workdays;    /**< a station summarizes or rejects an entered opinion (3) */
	int dispatch_workdays; /**< a station dispatches a summarized problem (2) */
	int verify_workdays;   /**< a station verifies a declared rectification (5) */
	/* The registers (docs/registers.md): */
	int fault_after_workdays;      /**< a flagged case still not rectified this long after its
					* deadline proposes an efficiency fault (default 5) */
	int fault_appeal_days;         /**< a fault decision may be appealed this many days (30) */
	int contact_handover_workdays; /**< a first-contact entry still held by its receiver
					* this long is overdue for hand-over (1) */
};

/**
 * Fill @p s with the defaults: +08:00; 10 / 15 / 2 working days; 250; 12 hours; 60 days;
 * the duties 2 / 3 / 2 / 5 working days; faults after 5 working days, appealed within 30
 * days; a first contact handed over within 1 working day.
 */
void wb_settings_defaults(struct wb_settings *s);

/**
 * Set one setting from its textual key and value, e.g. "due_workdays.urgent" = "2".
 * @return 0, WB_ERR_NOT_FOUND for an unknown key, WB_ERR_INVALID for a bad value
 */
int wb_settings_set(struct wb_settings *s, const char *key, const char *value);

/** The known keys, NULL-terminated, for listing and help. */
extern const char *const wb_settings_keys[];

/** Write the value of @p key into @p out (size @p n). @return 0 or WB_ERR_NOT_FOUND */
int wb_settings_get(const struct wb_settings *s, const char *key, char *out, int n);

#endif
