/* The district's settings: defaults, textual set and get, and the refusal of bad values. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../../src/core/settings.h"
#include "../../src/util/err.h"

/* Each key with its default and its accepted range, as documented for `config set`. */
static const struct {
	const char *key;
	const char *def;
	int min, max;
} keys[] = {
	{"tz_offset_minutes", "480", -720, 840}, /* UTC-12:00 .. UTC+14:00 */
	{"due_workdays.normal", "10", 1, 250},
	{"due_workdays.important", "15", 1, 250},
	{"due_workdays.urgent", "2", 1, 250},
	{"max_due_workdays", "250", 1, 1000},
	{"session_hours", "12", 1, 720}, /* up to 30 days */
	{"ack_workdays", "1", 1, 30},
	{"escalate_after_workdays", "5", 1, 60},
	{"backdate_days", "60", 0, 366},
	{"entry_workdays", "2", 1, 30},
	{"merge_workdays", "3", 1, 30},
	{"dispatch_workdays", "2", 1, 30},
	{"verify_workdays", "5", 1, 30},
	{"session_idle_minutes", "30", 5, 1440}, /* up to a day */
	{"fault_after_workdays", "5", 1, 60},
	{"fault_appeal_days", "30", 1, 366},
	{"contact_handover_workdays", "1", 1, 30},
};
#define NKEYS (sizeof keys / sizeof *keys)

static struct wb_settings defaults(void)
{
	struct wb_settings s;
	memset(&s, 0x5a, sizeof s); /* garbage first, so every field must be written */
	wb_settings_defaults(&s);
	return s;
}

static void test_defaults(void **state)
{
	(void)state;
	struct wb_settings s = defaults();
	assert_int_equal(s.tz_min, 480);
	assert_int_equal(s.due_workdays[SEV_NORMAL], 10);
	assert_int_equal(s.due_workdays[SEV_IMPORTANT], 15);
	assert_int_equal(s.due_workdays[SEV_URGENT], 2);
	assert_int_equal(s.max_due_workdays, 250);
	assert_int_equal(s.session_hours, 12);
	assert_int_equal(s.backdate_days, 60);
	assert_int_equal(s.entry_workdays, 2);
	assert_int_equal(s.merge_workdays, 3);
	assert_int_equal(s.dispatch_workdays, 2);
	assert_int_equal(s.verify_workdays, 5);
}

static void test_keys_list(void **state)
{
	(void)state;
	size_t n = 0;
	while (wb_settings_keys[n] != NULL) {
		assert_true(n < NKEYS);
		assert_string_equal(wb_settings_keys[n], keys[n].key);
		n++;
	}
	assert_int_equal(n, NKEYS);
}

static void test_get_defaults(void **state)
{
	(void)state;
	struct wb_settings s = defaults();
	for (size_t i = 0; i < NKEYS; i++) {
		char out[32];
		memset(out, 'x', sizeof out);
		assert_int_equal(wb_settings_get(&s, keys[i].key, out, (int)sizeof out), 0);
		assert_string_equal(out, keys[i].def);
	}
}

/* Setting one key changes that field only; get reads back what was set. */
static void test_set_get_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < NKEYS; i++) {
		const int values[] = {keys[i].min, keys[i].max,
				      (keys[i].min + keys[i].max) / 2 + 1};
		for (size_t j = 0; j < sizeof values / sizeof *values; j++) {
			struct wb_settings s = defaults();
			char in[16], out[32];
			snprintf(in, sizeof in, "%d", values[j]);
			assert_int_equal(wb_settings_set(&s, keys[i].key, in), 0);
			assert_int_equal(wb_settings_get(&s, keys[i].key, out, (int)sizeof out), 0);
			assert_string_equal(out, in);
			/* the other keys keep their defaults */
			for (size_t k = 0; k < NKEYS; k++) {
				if (k == i)
					continue;
				assert_int_equal(
					wb_settings_get(&s, keys[k].key, out, (int)sizeof out), 0);
				assert_string_equal(out, keys[k].def);
			}
		}
	}
	/* and the struct fields themselves */
	struct wb_settings s = defaults();
	assert_int_equal(wb_settings_set(&s, "tz_offset_minutes", "-330"), 0);
	assert_int_equal(s.tz_min, -330);
	assert_int_equal(wb_settings_set(&s, "due_workdays.normal", "7"), 0);
	assert_int_equal(s.due_workdays[SEV_NORMAL], 7);
	assert_int_equal(wb_settings_set(&s, "due_workdays.important", "20"), 0);
	assert_int_equal(s.due_workdays[SEV_IMPORTANT], 20);
	assert_int_equal(wb_settings_set(&s, "due_workdays.urgent", "1"), 0);
	assert_int_equal(s.due_workdays[SEV_URGENT], 1);
	assert_int_equal(wb_settings_set(&s, "max_due_workdays", "500"), 0);
	assert_int_equal(s.max_due_workdays, 500);
	assert_int_equal(wb_settings_set(&s, "session_hours", "8"), 0);
	assert_int_equal(s.session_hours, 8);
	/* zero and a negative value are in range for the time zone */
	assert_int_equal(wb_settings_set(&s, "tz_offset_minutes", "0"), 0);
	assert_int_equal(s.tz_min, 0);
	assert_int_equal(wb_settings_set(&s, "tz_offset_minutes", "-1"), 0);
	assert_int_equal(s.tz_min, -1);
}

static void test_unknown_key(void **state)
{
	(void)state;
	static const char *const unknown[] = {
		"",
		"tz",
		"TZ_OFFSET_MINUTES",
		"due_workdays",
		"due_workdays.",
		"due_workdays.low",
		"due_workdays.normal ",
		" session_hours",
		"session_hours.x",
		"max_due_workday",
	};
	struct wb_settings s = defaults(), before = defaults();
	for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++) {
		char out[32] = "unchanged";
		assert_int_equal(wb_settings_set(&s, unknown[i], "5"), WB_ERR_NOT_FOUND);
		/* an unknown key is reported as such even with a bad value */
		assert_int_equal(wb_settings_set(&s, unknown[i], "abc"), WB_ERR_NOT_FOUND);
		assert_int_equal(wb_settings_get(&s, unknown[i], out, (int)sizeof out),
				 WB_ERR_NOT_FOUND);
		assert_string_equal(out, "unchanged");
	}
	assert_memory_equal(&s, &before, sizeof s);
}

/* Bad values answer WB_ERR_INVALID and leave the setting as it was. */
static void test_bad_values(void **state)
{
	(void)state;
	static const char *const always_bad[] = {
		"",
		"abc",
		"12x",
		"x12",
		"1 2",
		"1.5",
		"0x10",
		"1e2",
		"--1",
		"99999999999999999999",
		"-99999999999999999999",
		"9223372036854775808",
		"2147483648",
	};
	for (size_t i = 0; i < NKEYS; i++) {
		struct wb_settings s = defaults();
		/* start from a non-default value, to see that it is the old value that stays */
		char old[16];
		snprintf(old, sizeof old, "%d", keys[i].min + 1);
		assert_int_equal(wb_settings_set(&s, keys[i].key, old), 0);
		struct wb_settings before = s;

		char below[16], above[16];
		snprintf(below, sizeof below, "%d", keys[i].min - 1);
		snprintf(above, sizeof above, "%d", keys[i].max + 1);
		const char *bad[sizeof always_bad / sizeof *always_bad + 4];
		size_t n = 0;
		for (size_t j = 0; j < sizeof always_bad / sizeof *always_bad; j++)
			bad[n++] = always_bad[j];
		bad[n++] = below;
		bad[n++] = above;
		if (keys[i].min > 0) { /* counts of days and hours: no zero, no negative */
			bad[n++] = "0";
			bad[n++] = "-1";
		}
		for (size_t j = 0; j < n; j++) {
			int rc = wb_settings_set(&s, keys[i].key, bad[j]);
			if (rc != WB_ERR_INVALID)
				print_error("%s = \"%s\": %d\n", keys[i].key, bad[j], rc);
			assert_int_equal(rc, WB_ERR_INVALID);
			assert_memory_equal(&s, &before, sizeof s);
			char out[32];
			assert_int_equal(wb_settings_get(&s, keys[i].key, out, (int)sizeof out), 0);
			assert_string_equal(out, old);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),     cmocka_unit_test(test_keys_list),
		cmocka_unit_test(test_get_defaults), cmocka_unit_test(test_set_get_round_trip),
		cmocka_unit_test(test_unknown_key),  cmocka_unit_test(test_bad_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
