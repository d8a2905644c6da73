/*
 * Permissions: the full role x permission and role x stage-action matrices, written here
 * as data from the roles table of the HTTP contract, independently of src/core/perm.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../src/core/enums.h"
#include "../../src/core/perm.h"

static const char *const perm_names[PERM__N] = {
	[PERM_UNIT_READ] = "unit_read",
	[PERM_UNIT_WRITE] = "unit_write",
	[PERM_USER_READ] = "user_read",
	[PERM_USER_WRITE] = "user_write",
	[PERM_CAMPAIGN_READ] = "campaign_read",
	[PERM_CAMPAIGN_WRITE] = "campaign_write",
	[PERM_OPINION_READ] = "opinion_read",
	[PERM_OPINION_CREATE] = "opinion_create",
	[PERM_OPINION_REJECT] = "opinion_reject",
	[PERM_SUBMITTER_READ] = "submitter_read",
	[PERM_PROBLEM_READ] = "problem_read",
	[PERM_PROBLEM_CREATE] = "problem_create",
	[PERM_AUDIT_VERIFY] = "audit_verify",
	[PERM_ACCOUNTABILITY_CREATE] = "accountability_create",
	[PERM_SURVEY_READ] = "survey_read",
	[PERM_SURVEY_RUN] = "survey_run",
	[PERM_SURVEY_CONTACT] = "survey_contact",
	[PERM_SURVEY_PUBLISH] = "survey_publish",
	[PERM_TARGET_READ] = "target_read",
	[PERM_TARGET_WRITE] = "target_write",
	[PERM_REGISTER_READ] = "register_read",
	[PERM_FAULT_WRITE] = "fault_write",
};

/* Rows: permissions; columns: admin, station, point, unit, leader, stats. */
static const int perm_table[PERM__N][ROLE__N] = {
	/*                       admin station point unit leader stats */
	[PERM_UNIT_READ] = {1, 1, 1, 1, 1, 1},
	[PERM_UNIT_WRITE] = {1, 0, 0, 0, 0, 0},
	[PERM_USER_READ] = {1, 0, 0, 0, 0, 0},
	[PERM_USER_WRITE] = {1, 0, 0, 0, 0, 0},
	[PERM_CAMPAIGN_READ] = {1, 1, 1, 1, 1, 1},
	[PERM_CAMPAIGN_WRITE] = {1, 0, 0, 0, 0, 0},
	/* a unit never reads opinions; a leader reads them without the giver's data */
	[PERM_OPINION_READ] = {1, 1, 1, 0, 1, 0},
	[PERM_OPINION_CREATE] = {1, 1, 1, 0, 0, 0},
	[PERM_OPINION_REJECT] = {1, 1, 0, 0, 0, 0},
	[PERM_SUBMITTER_READ] = {1, 1, 1, 0, 0, 0},
	[PERM_PROBLEM_READ] = {1, 1, 1, 1, 1, 1},
	[PERM_PROBLEM_CREATE] = {1, 1, 0, 0, 0, 0},
	[PERM_AUDIT_VERIFY] = {1, 0, 0, 0, 1, 0},
	[PERM_ACCOUNTABILITY_CREATE] = {1, 0, 0, 0, 0, 0},
	/* the statistics bureau runs the survey and alone sees its contacts; the office
	 * publishes the results; a unit reads only its own published row (not a permission) */
	[PERM_SURVEY_READ] = {1, 0, 0, 0, 1, 1},
	[PERM_SURVEY_RUN] = {0, 0, 0, 0, 0, 1},
	[PERM_SURVEY_CONTACT] = {0, 0, 0, 0, 0, 1},
	[PERM_SURVEY_PUBLISH] = {1, 0, 0, 0, 0, 0},
	/* the office keeps the year's targets; the district's leaders read the assessment */
	[PERM_TARGET_READ] = {1, 0, 0, 0, 1, 0},
	[PERM_TARGET_WRITE] = {1, 0, 0, 0, 0, 0},
	/* the registers: the office, leaders and stations read every unit's (a unit its own,
	 * not a permission); the office alone keeps the fault cases */
	[PERM_REGISTER_READ] = {1, 1, 0, 0, 1, 0},
	[PERM_FAULT_WRITE] = {1, 0, 0, 0, 0, 0},
};

/* Rows: stage actions; columns: admin, station, point, unit, leader, stats. */
static const int action_table[ACT__N][ROLE__N] = {
	/*                           admin station point unit leader stats */
	[ACT_DISPATCH] = {1, 1, 0, 0, 0, 0},
	[ACT_ACKNOWLEDGE] = {1, 0, 0, 1, 0, 0},
	[ACT_RETURN] = {1, 0, 0, 1, 0, 0},
	[ACT_FEEDBACK] = {1, 0, 0, 1, 0, 0},
	[ACT_PROGRESS] = {1, 0, 0, 1, 0, 0},
	[ACT_EXTENSION] = {1, 0, 0, 1, 0, 0},
	[ACT_EXTENSION_DECISION] = {1, 0, 0, 0, 0, 0},
	[ACT_VERIFY] = {1, 1, 0, 0, 0, 0},
	[ACT_EVALUATE] = {1, 1, 1, 0, 0, 0},
	[ACT_CLOSE] = {1, 0, 0, 0, 0, 0},
	[ACT_REOPEN] = {1, 1, 0, 0, 0, 0},
	[ACT_FLAG] = {1, 0, 0, 0, 0, 0},
};

static void test_perm_matrix(void **state)
{
	(void)state;
	int bad = 0;
	for (int r = 0; r < ROLE__N; r++)
		for (int p = 0; p < PERM__N; p++) {
			assert_string_equal(wb_perm_name((enum wb_perm)p), perm_names[p]);
			int got = wb_perm_allows((enum wb_role)r, (enum wb_perm)p) != 0;
			if (got != perm_table[p][r]) {
				print_error("perm %s for %s: %d, want %d\n", perm_names[p],
					    wb_enum_name(&wb_roles, r), got, perm_table[p][r]);
				bad++;
			}
		}
	assert_int_equal(bad, 0);
}

static void test_action_matrix(void **state)
{
	(void)state;
	int bad = 0;
	for (int r = 0; r < ROLE__N; r++)
		for (int a = 0; a < ACT__N; a++) {
			int got = wb_perm_action((enum wb_role)r, (enum wb_action)a) != 0;
			if (got != action_table[a][r]) {
				print_error("action %s for %s: %d, want %d\n",
					    wb_enum_name(&wb_actions, a),
					    wb_enum_name(&wb_roles, r), got, action_table[a][r]);
				bad++;
			}
		}
	assert_int_equal(bad, 0);
}

/* The rules in words, as named checks (so a failure says which rule broke). The office
 * may do everything but the statistics bureau's own work: running the survey, and seeing
 * the people it calls. */
static void test_admin_everything(void **state)
{
	(void)state;
	for (int p = 0; p < PERM__N; p++)
		assert_int_equal(wb_perm_allows(ROLE_ADMIN, (enum wb_perm)p) != 0,
				 p != PERM_SURVEY_RUN && p != PERM_SURVEY_CONTACT);
	for (int a = 0; a < ACT__N; a++)
		assert_true(wb_perm_action(ROLE_ADMIN, (enum wb_action)a));
}

static void test_leader_read_only(void **state)
{
	(void)state;
	for (int a = 0; a < ACT__N; a++)
		assert_false(wb_perm_action(ROLE_LEADER, (enum wb_action)a));
	assert_true(wb_perm_allows(ROLE_LEADER, PERM_OPINION_READ));
	assert_false(wb_perm_allows(ROLE_LEADER, PERM_SUBMITTER_READ));
	assert_false(wb_perm_allows(ROLE_LEADER, PERM_OPINION_CREATE));
	assert_false(wb_perm_allows(ROLE_LEADER, PERM_PROBLEM_CREATE));
	assert_false(wb_perm_allows(ROLE_LEADER, PERM_UNIT_WRITE));
	assert_false(wb_perm_allows(ROLE_LEADER, PERM_CAMPAIGN_WRITE));
	assert_true(wb_perm_allows(ROLE_LEADER, PERM_AUDIT_VERIFY));
}

static void test_unit_never_sees_givers(void **state)
{
	(void)state;
	assert_false(wb_perm_allows(ROLE_UNIT, PERM_OPINION_READ));
	assert_false(wb_perm_allows(ROLE_UNIT, PERM_SUBMITTER_READ));
	assert_true(wb_perm_allows(ROLE_UNIT, PERM_PROBLEM_READ));
}

static void test_users_admin_only(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__N; r++) {
		assert_int_equal(wb_perm_allows((enum wb_role)r, PERM_USER_READ) != 0,
				 r == ROLE_ADMIN);
		assert_int_equal(wb_perm_allows((enum wb_role)r, PERM_USER_WRITE) != 0,
				 r == ROLE_ADMIN);
	}
}

/* The public is ROLE__N: no permission, no action. So are other bad values. */
static void test_out_of_range(void **state)
{
	(void)state;
	static const int bad_roles[] = {ROLE__N, ROLE__N + 1, -1, 31, 32, 1000};
	for (size_t i = 0; i < sizeof bad_roles / sizeof *bad_roles; i++) {
		for (int p = 0; p < PERM__N; p++)
			assert_false(wb_perm_allows((enum wb_role)bad_roles[i], (enum wb_perm)p));
		for (int a = 0; a < ACT__N; a++)
			assert_false(wb_perm_action((enum wb_role)bad_roles[i], (enum wb_action)a));
	}
	for (int r = 0; r < ROLE__N; r++) {
		assert_false(wb_perm_allows((enum wb_role)r, PERM__N));
		assert_string_equal(wb_perm_name(PERM__N), "");
		assert_false(wb_perm_allows((enum wb_role)r, (enum wb_perm) - 1));
		assert_false(wb_perm_allows((enum wb_role)r, (enum wb_perm)64));
		assert_false(wb_perm_action((enum wb_role)r, ACT__N));
		assert_false(wb_perm_action((enum wb_role)r, (enum wb_action) - 1));
		assert_false(wb_perm_action((enum wb_role)r, (enum wb_action)64));
	}
}

static void test_action_is_units(void **state)
{
	(void)state;
	static const int want[ACT__N] = {
		[ACT_DISPATCH] = 0,
		[ACT_ACKNOWLEDGE] = 1,
		[ACT_RETURN] = 1,
		[ACT_FEEDBACK] = 1,
		[ACT_PROGRESS] = 1,
		[ACT_EXTENSION] = 1,
		[ACT_EXTENSION_DECISION] = 0,
		[ACT_VERIFY] = 0,
		[ACT_EVALUATE] = 0,
		[ACT_CLOSE] = 0,
		[ACT_REOPEN] = 0,
		[ACT_FLAG] = 0,
	};
	for (int a = 0; a < ACT__N; a++) {
		int got = wb_action_is_units((enum wb_action)a) != 0;
		if (got != want[a])
			print_error("action_is_units(%s) = %d\n", wb_enum_name(&wb_actions, a),
				    got);
		assert_int_equal(got, want[a]);
	}
	assert_false(wb_action_is_units(ACT__N));
	assert_false(wb_action_is_units((enum wb_action) - 1));
}

/* Every unit's own stage is one the unit role may take (and the office on its behalf). */
static void test_units_actions_agree(void **state)
{
	(void)state;
	for (int a = 0; a < ACT__N; a++) {
		int units = wb_action_is_units((enum wb_action)a) != 0;
		assert_int_equal(wb_perm_action(ROLE_UNIT, (enum wb_action)a) != 0, units);
		if (units)
			assert_true(wb_perm_action(ROLE_ADMIN, (enum wb_action)a));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perm_matrix),
		cmocka_unit_test(test_action_matrix),
		cmocka_unit_test(test_admin_everything),
		cmocka_unit_test(test_leader_read_only),
		cmocka_unit_test(test_unit_never_sees_givers),
		cmocka_unit_test(test_users_admin_only),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_action_is_units),
		cmocka_unit_test(test_units_actions_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
