/* Enumeration names (the API's exact spellings) and their Chinese labels. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../../src/core/enums.h"
#include "../../src/core/text.h"

static const struct {
	const char *what;
	const struct wb_enum *e;
	int n;
} all[] = {
	{"roles", &wb_roles, ROLE__N},
	{"unit_kinds", &wb_unit_kinds, UK__N},
	{"dimensions", &wb_dimensions, DIM__N},
	{"sources", &wb_sources, SRC__N},
	{"channels", &wb_channels, CH__N},
	{"opinion_statuses", &wb_opinion_statuses, OS__N},
	{"pstatuses", &wb_pstatuses, PS__N},
	{"severities", &wb_severities, SEV__N},
	{"ratings", &wb_ratings, RATING__N},
	{"phase_kinds", &wb_phase_kinds, PHASE__N},
	{"actions", &wb_actions, ACT__N},
	{"survey_rounds", &wb_survey_rounds, ROUND__N},
	{"survey_states", &wb_survey_states, SV__N},
	{"call_outcomes", &wb_call_outcomes, OUT__N},
	{"survey_modes", &wb_survey_modes, MODE__N},
};
#define NALL (sizeof all / sizeof *all)

static void test_names_parse_back(void **state)
{
	(void)state;
	for (size_t i = 0; i < NALL; i++)
		for (int v = 0; v < all[i].n; v++) {
			const char *name = wb_enum_name(all[i].e, v);
			assert_non_null(name);
			assert_true(name[0] != '\0');
			int back = wb_enum_parse(all[i].e, name);
			if (back != v)
				print_error("%s: \"%s\" parses to %d, want %d\n", all[i].what, name,
					    back, v);
			assert_int_equal(back, v);
		}
}

static void test_labels(void **state)
{
	(void)state;
	for (size_t i = 0; i < NALL; i++)
		for (int v = 0; v < all[i].n; v++) {
			const char *label = wb_enum_label(all[i].e, v);
			assert_non_null(label);
			/* valid UTF-8, non-empty, and distinct within its enumeration */
			assert_true(wb_text_chars(label, strlen(label)) > 0);
			for (int w = 0; w < v; w++)
				if (strcmp(label, wb_enum_label(all[i].e, w)) == 0) {
					print_error("%s: label \"%s\" twice\n", all[i].what, label);
					fail();
				}
			/* a label is not accepted as a name */
			assert_int_equal(wb_enum_parse(all[i].e, label), -1);
		}
}

static void test_out_of_range(void **state)
{
	(void)state;
	for (size_t i = 0; i < NALL; i++) {
		assert_string_equal(wb_enum_name(all[i].e, all[i].n), "");
		assert_string_equal(wb_enum_name(all[i].e, -1), "");
		assert_string_equal(wb_enum_name(all[i].e, 1000), "");
		assert_string_equal(wb_enum_label(all[i].e, all[i].n), "");
		assert_string_equal(wb_enum_label(all[i].e, -1), "");
		assert_string_equal(wb_enum_label(all[i].e, 1000), "");
	}
}

static void test_parse_unknown(void **state)
{
	(void)state;
	for (size_t i = 0; i < NALL; i++) {
		assert_int_equal(wb_enum_parse(all[i].e, NULL), -1);
		assert_int_equal(wb_enum_parse(all[i].e, ""), -1);
		assert_int_equal(wb_enum_parse(all[i].e, "nonesuch"), -1);
		/* names are exact: case, spaces and prefixes matter */
		char buf[64];
		const char *first = wb_enum_name(all[i].e, 0);
		snprintf(buf, sizeof buf, "%s ", first);
		assert_int_equal(wb_enum_parse(all[i].e, buf), -1);
		snprintf(buf, sizeof buf, " %s", first);
		assert_int_equal(wb_enum_parse(all[i].e, buf), -1);
		snprintf(buf, sizeof buf, "%.*s", (int)strlen(first) - 1, first);
		assert_int_equal(wb_enum_parse(all[i].e, buf), -1);
		snprintf(buf, sizeof buf, "%s", first);
		buf[0] = (char)(buf[0] - 'a' + 'A');
		assert_int_equal(wb_enum_parse(all[i].e, buf), -1);
	}
	/* a name of one enumeration is not a name of another */
	assert_int_equal(wb_enum_parse(&wb_ratings, "received"), -1);
	assert_int_equal(wb_enum_parse(&wb_pstatuses, "merged"), -1);
	assert_int_equal(wb_enum_parse(&wb_sources, "online"), -1);
	assert_int_equal(wb_enum_parse(&wb_channels, "public"), -1);
	assert_int_equal(wb_enum_parse(&wb_ratings, "basic"), -1);
	assert_int_equal(wb_enum_parse(&wb_ratings, "basically satisfied"), -1);
}

/* The exact spellings the HTTP contract fixes, in the enum's order. */
static void check_spellings(const char *what, const struct wb_enum *e, const char *const *want,
			    int n)
{
	assert_int_equal(e->n, n);
	for (int v = 0; v < n; v++) {
		if (strcmp(wb_enum_name(e, v), want[v]) != 0)
			print_error("%s[%d] = \"%s\", want \"%s\"\n", what, v, wb_enum_name(e, v),
				    want[v]);
		assert_string_equal(wb_enum_name(e, v), want[v]);
		assert_int_equal(wb_enum_parse(e, want[v]), v);
	}
}

static void test_api_spellings(void **state)
{
	(void)state;
	static const char *const roles[] = {"admin", "station", "point", "unit", "leader", "stats"};
	static const char *const kinds[] = {"office", "station", "point", "department", "street"};
	static const char *const dims[] = {"conduct", "efficiency"};
	static const char *const sources[] = {"public",       "party_delegate",   "npc_deputy",
					      "cppcc_member", "democratic_party", "retired_cadre",
					      "enterprise",   "supervisor",       "other"};
	static const char *const channels[] = {"forum", "interview", "questionnaire",
					       "form",  "online",    "hotline"};
	static const char *const ostat[] = {"received", "merged", "rejected"};
	static const char *const pstat[] = {"open",     "dispatched", "acknowledged",
					    "answered", "rectifying", "rectified",
					    "verified", "closed",     "returned"};
	static const char *const sev[] = {"normal", "important", "urgent"};
	static const char *const ratings[] = {"satisfied", "basically_satisfied", "unsatisfied",
					      "unaware"};
	static const char *const phases[] = {"survey", "rectify", "evaluate"};
	static const char *const rounds[] = {"baseline", "endpoint"};
	static const char *const sstates[] = {"draft",     "committed", "closed",
					      "fieldwork", "finished",  "published"};
	static const char *const outcomes[] = {"completed", "refused", "unreachable", "ineligible"};
	static const char *const modes[] = {"cati", "self"};
	check_spellings("roles", &wb_roles, roles, 6);
	check_spellings("survey_rounds", &wb_survey_rounds, rounds, 2);
	check_spellings("survey_states", &wb_survey_states, sstates, 6);
	check_spellings("call_outcomes", &wb_call_outcomes, outcomes, 4);
	check_spellings("survey_modes", &wb_survey_modes, modes, 2);
	check_spellings("unit_kinds", &wb_unit_kinds, kinds, 5);
	check_spellings("dimensions", &wb_dimensions, dims, 2);
	check_spellings("sources", &wb_sources, sources, 9);
	check_spellings("channels", &wb_channels, channels, 6);
	check_spellings("opinion_statuses", &wb_opinion_statuses, ostat, 3);
	check_spellings("pstatuses", &wb_pstatuses, pstat, 9);
	check_spellings("severities", &wb_severities, sev, 3);
	check_spellings("ratings", &wb_ratings, ratings, 4);
	check_spellings("phase_kinds", &wb_phase_kinds, phases, 3);
}

/* Labels that the domain text fixes. */
static void test_domain_labels(void **state)
{
	(void)state;
	assert_string_equal(wb_enum_label(&wb_dimensions, DIM_CONDUCT), "行风");
	assert_string_equal(wb_enum_label(&wb_dimensions, DIM_EFFICIENCY), "效能");
	assert_string_equal(wb_enum_label(&wb_ratings, RATING_SATISFIED), "满意");
	assert_string_equal(wb_enum_label(&wb_ratings, RATING_BASIC), "基本满意");
	assert_string_equal(wb_enum_label(&wb_ratings, RATING_UNSATISFIED), "不满意");
	assert_string_equal(wb_enum_label(&wb_unit_kinds, UK_STATION), "监测站");
	assert_string_equal(wb_enum_label(&wb_unit_kinds, UK_POINT), "监测点");
	assert_string_equal(wb_enum_label(&wb_actions, ACT_DISPATCH), "转办");
	assert_string_equal(wb_enum_label(&wb_actions, ACT_ACKNOWLEDGE), "签收");
	assert_string_equal(wb_enum_label(&wb_actions, ACT_RETURN), "退回");
	assert_string_equal(wb_enum_label(&wb_actions, ACT_VERIFY), "验收");
	assert_string_equal(wb_enum_label(&wb_actions, ACT_CLOSE), "销号");
	assert_string_equal(wb_enum_label(&wb_actions, ACT_REOPEN), "重办");
	assert_string_equal(wb_enum_label(&wb_actions, ACT_FLAG), "挂牌");
	assert_string_equal(wb_enum_label(&wb_actions, ACT_EXTENSION), "申请延期");
	assert_string_equal(wb_enum_label(&wb_phase_kinds, PHASE_SURVEY), "作风现状普查");
	assert_string_equal(wb_enum_label(&wb_phase_kinds, PHASE_RECTIFY), "集中整改");
	assert_string_equal(wb_enum_label(&wb_phase_kinds, PHASE_EVALUATE), "效果终端测评");
	assert_string_equal(wb_enum_label(&wb_roles, ROLE_STATS), "统计局");
	assert_string_equal(wb_enum_label(&wb_survey_rounds, ROUND_BASELINE), "普查");
	assert_string_equal(wb_enum_label(&wb_survey_rounds, ROUND_ENDPOINT), "终端测评");
}

static void test_unit_kind_is_responsible(void **state)
{
	(void)state;
	static const int want[UK__N] = {
		[UK_OFFICE] = 0,     [UK_STATION] = 0, [UK_POINT] = 0,
		[UK_DEPARTMENT] = 1, [UK_STREET] = 1,
	};
	for (int k = 0; k < UK__N; k++)
		assert_int_equal(wb_unit_kind_is_responsible((enum wb_unit_kind)k) != 0, want[k]);
	assert_false(wb_unit_kind_is_responsible(UK__N));
	assert_false(wb_unit_kind_is_responsible((enum wb_unit_kind) - 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_parse_back),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_parse_unknown),
		cmocka_unit_test(test_api_spellings),
		cmocka_unit_test(test_domain_labels),
		cmocka_unit_test(test_unit_kind_is_responsible),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
