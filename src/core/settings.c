#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/err.h"

const char *const wb_settings_keys[] = {
	"tz_offset_minutes",
	"due_workdays.normal",
	"due_workdays.important",
	"due_workdays.urgent",
	"max_due_workdays",
	"session_hours",
	"ack_workdays",
	"escalate_after_workdays",
	"backdate_days",
	"entry_workdays",
	"merge_workdays",
	"dispatch_workdays",
	"verify_workdays",
	"session_idle_minutes",
	"fault_after_workdays",
	"fault_appeal_days",
	"contact_handover_workdays",
	NULL,
};

void wb_settings_defaults(struct wb_settings *s)
{
	s->tz_min = 480;
	s->due_workdays[SEV_NORMAL] = 10;
	s->due_workdays[SEV_IMPORTANT] = 15;
	s->due_workdays[SEV_URGENT] = 2;
	s->max_due_workdays = 250;
	s->session_hours = 12;
	s->session_idle_minutes = 30;
	s->ack_workdays = 1;
	s->escalate_after_workdays = 5;
	s->backdate_days = 60;
	s->entry_workdays = 2;
	s->merge_workdays = 3;
	s->dispatch_workdays = 2;
	s->verify_workdays = 5;
	s->fault_after_workdays = 5;
	s->fault_appeal_days = 30;
	s->contact_handover_workdays = 1;
}

static int *slot(struct wb_settings *s, const char *key, int *min, int *max)
{
	*min = 1;
	*max = 250;
	if (strcmp(key, "tz_offset_minutes") == 0) {
		*min = -720;
		*max = 840;
		return &s->tz_min;
	}
	if (strcmp(key, "due_workdays.normal") == 0)
		return &s->due_workdays[SEV_NORMAL];
	if (strcmp(key, "due_workdays.important") == 0)
		return &s->due_workdays[SEV_IMPORTANT];
	if (strcmp(key, "due_workdays.urgent") == 0)
		return &s->due_workdays[SEV_URGENT];
	if (strcmp(key, "max_due_workdays") == 0) {
		*max = 1000;
		return &s->max_due_workdays;
	}
	if (strcmp(key, "session_hours") == 0) {
		*max = 24 * 30;
		return &s->session_hours;
	}
	if (strcmp(key, "session_idle_minutes") == 0) {
		*min = 5;
		*max = 24 * 60;
		return &s->session_idle_minutes;
	}
	if (strcmp(key, "ack_workdays") == 0) {
		*max = 30;
		return &s->ack_workdays;
	}
	if (strcmp(key, "escalate_after_workdays") == 0) {
		*max = 60;
		return &s->escalate_after_workdays;
	}
	if (strcmp(key, "fault_after_workdays") == 0) {
		*max = 60;
		return &s->fault_after_workdays;
	}
	if (strcmp(key, "fault_appeal_days") == 0) {
		*max = 366;
		return &s->fault_appeal_days;
	}
	if (strcmp(key, "backdate_days") == 0) {
		*min = 0;
		*max = 366;
		return &s->backdate_days;
	}
	*max = 30;
	if (strcmp(key, "entry_workdays") == 0)
		return &s->entry_workdays;
	if (strcmp(key, "merge_workdays") == 0)
		return &s->merge_workdays;
	if (strcmp(key, "dispatch_workdays") == 0)
		return &s->dispatch_workdays;
	if (strcmp(key, "verify_workdays") == 0)
		return &s->verify_workdays;
	if (strcmp(key, "contact_handover_workdays") == 0)
		return &s->contact_handover_workdays;
	return NULL;
}

int wb_settings_set(struct wb_settings *s, const char *key, const char *value)
{
	int min, max;
	int *p = slot(s, key, &min, &max);
	if (p == NULL)
		return WB_ERR_NOT_FOUND;
	char *end;
	long v = strtol(value, &end, 10);
	if (end == value || *end != '\0' || v < min || v > max)
		return WB_ERR_INVALID;
	*p = (int)v;
	return 0;
}

int wb_settings_get(const struct wb_settings *s, const char *key, char *out, int n)
{
	int min, max;
	int *p = slot((struct wb_settings *)s, key, &min, &max);
	if (p == NULL)
		return WB_ERR_NOT_FOUND;
	snprintf(out, (size_t)n, "%d", *p);
	return 0;
}
