/*
 * The problem state machine, checked exhaustively against a transition table written
 * here independently of src/core/fsm.c, from the stage table of the HTTP contract.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../src/core/enums.h"
#include "../../src/core/fsm.h"
#include "../../src/util/err.h"

/* Table cells: X = 409 (WB_ERR_STATE), S = allowed and the state stays, else the target. */
#define X (-1)
#define S (-2)

enum {
	OPEN = PS_OPEN,
	DISP = PS_DISPATCHED,
	ACK = PS_ACKNOWLEDGED,
	ANS = PS_ANSWERED,
	RECT = PS_RECTIFYING,
	DONE = PS_RECTIFIED,
	VER = PS_VERIFIED,
	CLO = PS_CLOSED,
	RET = PS_RETURNED
};

/*
 * Input "none": done = passed = ext_pending = 0 and no ratings at all.
 * Columns in enum order: open, dispatched, acknowledged, answered, rectifying,
 * rectified, verified, closed, returned.
 */
static const int table_none[ACT__N][PS__N] = {
	/*                        open  disp  ack   ans   rect  done  ver   clo   ret */
	[ACT_DISPATCH] = {DISP, X, X, X, X, X, X, X, DISP},
	[ACT_ACKNOWLEDGE] = {X, ACK, X, X, X, X, X, X, X},
	[ACT_RETURN] = {X, RET, RET, X, X, X, X, X, X},
	[ACT_FEEDBACK] = {X, X, ANS, X, X, X, X, X, X},
	[ACT_PROGRESS] = {X, X, X, RECT, RECT, X, X, X, X},
	/* no request pending: a unit may ask for an extension */
	[ACT_EXTENSION] = {X, S, S, S, S, X, X, X, X},
	/* no request pending: nothing to decide */
	[ACT_EXTENSION_DECISION] = {X, X, X, X, X, X, X, X, X},
	/* not passed: back to rectifying */
	[ACT_VERIFY] = {X, X, X, X, X, RECT, X, X, X},
	[ACT_EVALUATE] = {X, X, X, X, X, X, S, X, X},
	/* no valid rating: not closable */
	[ACT_CLOSE] = {X, X, X, X, X, X, X, X, X},
	[ACT_REOPEN] = {X, X, X, X, X, X, RECT, RECT, X},
	[ACT_FLAG] = {S, S, S, S, S, S, S, X, S},
};

/* Input "all": done = passed = ext_pending = 1, one valid rating, none unsatisfied. */
static const int table_all[ACT__N][PS__N] = {
	/*                        open  disp  ack   ans   rect  done  ver   clo   ret */
	[ACT_DISPATCH] = {DISP, X, X, X, X, X, X, X, DISP},
	[ACT_ACKNOWLEDGE] = {X, ACK, X, X, X, X, X, X, X},
	[ACT_RETURN] = {X, RET, RET, X, X, X, X, X, X},
	[ACT_FEEDBACK] = {X, X, ANS, X, X, X, X, X, X},
	/* done: rectified */
	[ACT_PROGRESS] = {X, X, X, DONE, DONE, X, X, X, X},
	/* a request is pending: no second one */
	[ACT_EXTENSION] = {X, X, X, X, X, X, X, X, X},
	[ACT_EXTENSION_DECISION] = {X, S, S, S, S, X, X, X, X},
	/* passed: verified */
	[ACT_VERIFY] = {X, X, X, X, X, VER, X, X, X},
	[ACT_EVALUATE] = {X, X, X, X, X, X, S, X, X},
	/* 1 valid, 0 unsatisfied: closable */
	[ACT_CLOSE] = {X, X, X, X, X, X, CLO, X, X},
	[ACT_REOPEN] = {X, X, X, X, X, X, RECT, RECT, X},
	[ACT_FLAG] = {S, S, S, S, S, S, S, X, S},
};

static const char *aname(int a)
{
	return wb_enum_name(&wb_actions, a);
}

static const char *sname(int s)
{
	return wb_enum_name(&wb_pstatuses, s);
}

/* Compare wb_fsm_apply() with @p table for every action and state; returns mismatches. */
static int check_table(const int table[ACT__N][PS__N], const struct wb_fsm_input *in,
		       const char *label)
{
	int bad = 0;
	for (int a = 0; a < ACT__N; a++) {
		for (int s = 0; s < PS__N; s++) {
			int want = table[a][s];
			enum wb_pstatus to = PS__N; /* a value no transition yields */
			int rc = wb_fsm_apply((enum wb_action)a, (enum wb_pstatus)s, in, &to);
			int want_rc = want == X ? WB_ERR_STATE : 0;
			if (rc != want_rc) {
				print_error("[%s] %s from %s: rc %d, want %d\n", label, aname(a),
					    sname(s), rc, want_rc);
				bad++;
				continue;
			}
			if (want == X)
				continue;
			int want_to = want == S ? s : want;
			if ((int)to != want_to) {
				print_error("[%s] %s from %s: to %s, want %s\n", label, aname(a),
					    sname(s), sname(to), sname(want_to));
				bad++;
			}
		}
	}
	return bad;
}

static void test_table_input_none(void **state)
{
	(void)state;
	const struct wb_fsm_input none = {0};
	assert_int_equal(check_table(table_none, &none, "none"), 0);
}

static void test_table_input_all(void **state)
{
	(void)state;
	const struct wb_fsm_input all = {.done = 1,
					 .passed = 1,
					 .ext_pending = 1,
					 .valid_ratings = 1,
					 .unsatisfied_ratings = 0};
	assert_int_equal(check_table(table_all, &all, "all"), 0);
}

/* The tables must differ exactly where an input fact matters (guards the tables too). */
static void test_tables_differ_only_on_inputs(void **state)
{
	(void)state;
	int diff = 0;
	for (int a = 0; a < ACT__N; a++)
		for (int s = 0; s < PS__N; s++)
			if (table_none[a][s] != table_all[a][s]) {
				assert_true(a == ACT_PROGRESS || a == ACT_EXTENSION ||
					    a == ACT_EXTENSION_DECISION || a == ACT_VERIFY ||
					    a == ACT_CLOSE);
				diff++;
			}
	/* progress 2, extension 4, decision 4, verify 1, close 1 */
	assert_int_equal(diff, 12);
}

/* allowed_from ignores the input facts: allowed when either table allows it. */
static void test_allowed_from(void **state)
{
	(void)state;
	int bad = 0;
	for (int a = 0; a < ACT__N; a++)
		for (int s = 0; s < PS__N; s++) {
			int want = table_none[a][s] != X || table_all[a][s] != X;
			int got = wb_fsm_allowed_from((enum wb_action)a, (enum wb_pstatus)s) != 0;
			if (got != want) {
				print_error("allowed_from(%s, %s) = %d, want %d\n", aname(a),
					    sname(s), got, want);
				bad++;
			}
		}
	assert_int_equal(bad, 0);
}

static void test_out_of_range(void **state)
{
	(void)state;
	const struct wb_fsm_input in = {.done = 1, .passed = 1, .valid_ratings = 1};
	enum wb_pstatus to = PS_OPEN;
	assert_false(wb_fsm_allowed_from(ACT__N, PS_OPEN));
	assert_false(wb_fsm_allowed_from(ACT_FLAG, PS__N));
	assert_false(wb_fsm_allowed_from((enum wb_action) - 1, PS_OPEN));
	assert_false(wb_fsm_allowed_from(ACT_FLAG, (enum wb_pstatus) - 1));
	assert_int_equal(wb_fsm_apply(ACT__N, PS_OPEN, &in, &to), WB_ERR_STATE);
	assert_int_equal(wb_fsm_apply(ACT_FLAG, PS__N, &in, &to), WB_ERR_STATE);
	assert_int_equal(wb_fsm_apply(ACT_FLAG, (enum wb_pstatus)100, &in, &to), WB_ERR_STATE);
}

static int apply(enum wb_action a, enum wb_pstatus from, struct wb_fsm_input in,
		 enum wb_pstatus *to)
{
	*to = PS__N;
	return wb_fsm_apply(a, from, &in, to);
}

static void test_progress_done(void **state)
{
	(void)state;
	enum wb_pstatus to;
	assert_int_equal(apply(ACT_PROGRESS, PS_ANSWERED, (struct wb_fsm_input){.done = 0}, &to),
			 0);
	assert_int_equal(to, PS_RECTIFYING);
	assert_int_equal(apply(ACT_PROGRESS, PS_ANSWERED, (struct wb_fsm_input){.done = 1}, &to),
			 0);
	assert_int_equal(to, PS_RECTIFIED);
	assert_int_equal(apply(ACT_PROGRESS, PS_RECTIFYING, (struct wb_fsm_input){.done = 0}, &to),
			 0);
	assert_int_equal(to, PS_RECTIFYING);
	assert_int_equal(apply(ACT_PROGRESS, PS_RECTIFYING, (struct wb_fsm_input){.done = 1}, &to),
			 0);
	assert_int_equal(to, PS_RECTIFIED);
	/* done does not open other states */
	assert_int_equal(apply(ACT_PROGRESS, PS_RECTIFIED, (struct wb_fsm_input){.done = 1}, &to),
			 WB_ERR_STATE);
	assert_int_equal(
		apply(ACT_PROGRESS, PS_ACKNOWLEDGED, (struct wb_fsm_input){.done = 1}, &to),
		WB_ERR_STATE);
}

static void test_verify_passed(void **state)
{
	(void)state;
	enum wb_pstatus to;
	assert_int_equal(apply(ACT_VERIFY, PS_RECTIFIED, (struct wb_fsm_input){.passed = 1}, &to),
			 0);
	assert_int_equal(to, PS_VERIFIED);
	assert_int_equal(apply(ACT_VERIFY, PS_RECTIFIED, (struct wb_fsm_input){.passed = 0}, &to),
			 0);
	assert_int_equal(to, PS_RECTIFYING);
	assert_int_equal(apply(ACT_VERIFY, PS_RECTIFYING, (struct wb_fsm_input){.passed = 1}, &to),
			 WB_ERR_STATE);
	assert_int_equal(apply(ACT_VERIFY, PS_VERIFIED, (struct wb_fsm_input){.passed = 1}, &to),
			 WB_ERR_STATE);
}

static void test_extension_pending(void **state)
{
	(void)state;
	static const enum wb_pstatus four[] = {PS_DISPATCHED, PS_ACKNOWLEDGED, PS_ANSWERED,
					       PS_RECTIFYING};
	for (size_t i = 0; i < sizeof four / sizeof *four; i++) {
		enum wb_pstatus to;
		assert_int_equal(
			apply(ACT_EXTENSION, four[i], (struct wb_fsm_input){.ext_pending = 0}, &to),
			0);
		assert_int_equal(to, four[i]);
		assert_int_equal(
			apply(ACT_EXTENSION, four[i], (struct wb_fsm_input){.ext_pending = 1}, &to),
			WB_ERR_STATE);
		assert_int_equal(apply(ACT_EXTENSION_DECISION, four[i],
				       (struct wb_fsm_input){.ext_pending = 1}, &to),
				 0);
		assert_int_equal(to, four[i]);
		assert_int_equal(apply(ACT_EXTENSION_DECISION, four[i],
				       (struct wb_fsm_input){.ext_pending = 0}, &to),
				 WB_ERR_STATE);
	}
	/* a pending flag does not allow a decision outside the four states */
	enum wb_pstatus to;
	assert_int_equal(apply(ACT_EXTENSION_DECISION, PS_RECTIFIED,
			       (struct wb_fsm_input){.ext_pending = 1}, &to),
			 WB_ERR_STATE);
	assert_int_equal(apply(ACT_EXTENSION_DECISION, PS_OPEN,
			       (struct wb_fsm_input){.ext_pending = 1}, &to),
			 WB_ERR_STATE);
	assert_int_equal(
		apply(ACT_EXTENSION, PS_RETURNED, (struct wb_fsm_input){.ext_pending = 0}, &to),
		WB_ERR_STATE);
}

/* Close from verified: needs a valid rating, and at most half of them unsatisfied. */
static void test_close_counts(void **state)
{
	(void)state;
	static const struct {
		int valid, unsatisfied, closable;
	} cases[] = {
		{0, 0, 0},                       /* no valid rating (only unaware ones, or none) */
		{1, 0, 1}, {1, 1, 0},            /* 1 of 1 unsatisfied: more than half */
		{2, 0, 1}, {2, 1, 1},            /* exactly half: closable */
		{2, 2, 0}, {3, 1, 1}, {3, 2, 0}, /* 2 of 3: more than half */
		{4, 2, 1},                       /* exactly half */
		{4, 3, 0}, {5, 2, 1}, {5, 3, 0}, {100, 50, 1}, {100, 51, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		enum wb_pstatus to;
		struct wb_fsm_input in = {.valid_ratings = cases[i].valid,
					  .unsatisfied_ratings = cases[i].unsatisfied};
		int rc = apply(ACT_CLOSE, PS_VERIFIED, in, &to);
		if (cases[i].closable) {
			assert_int_equal(rc, 0);
			assert_int_equal(to, PS_CLOSED);
		} else {
			if (rc != WB_ERR_STATE)
				print_error("close %d/%d unsatisfied: rc %d\n",
					    cases[i].unsatisfied, cases[i].valid, rc);
			assert_int_equal(rc, WB_ERR_STATE);
		}
		/* good counts never close from another state */
		for (int s = 0; s < PS__N; s++)
			if (s != PS_VERIFIED)
				assert_int_equal(apply(ACT_CLOSE, (enum wb_pstatus)s, in, &to),
						 WB_ERR_STATE);
	}
}

/* Input facts that belong to other actions change nothing for the rest. */
static void test_irrelevant_inputs(void **state)
{
	(void)state;
	enum wb_pstatus to;
	struct wb_fsm_input odd = {.done = 1,
				   .passed = 0,
				   .ext_pending = 1,
				   .valid_ratings = 0,
				   .unsatisfied_ratings = 5};
	assert_int_equal(apply(ACT_REOPEN, PS_CLOSED, odd, &to), 0);
	assert_int_equal(to, PS_RECTIFYING);
	assert_int_equal(apply(ACT_EVALUATE, PS_VERIFIED, odd, &to), 0);
	assert_int_equal(to, PS_VERIFIED);
	assert_int_equal(apply(ACT_DISPATCH, PS_RETURNED, odd, &to), 0);
	assert_int_equal(to, PS_DISPATCHED);
	assert_int_equal(apply(ACT_FLAG, PS_RECTIFIED, odd, &to), 0);
	assert_int_equal(to, PS_RECTIFIED);
	assert_int_equal(apply(ACT_FEEDBACK, PS_ACKNOWLEDGED, odd, &to), 0);
	assert_int_equal(to, PS_ANSWERED);
}

/* The full happy path and the loops back, as a sequence. */
static void test_walk(void **state)
{
	(void)state;
	static const struct {
		enum wb_action a;
		struct wb_fsm_input in;
		enum wb_pstatus to;
	} steps[] = {
		{ACT_DISPATCH, {0}, PS_DISPATCHED},
		{ACT_RETURN, {0}, PS_RETURNED},
		{ACT_DISPATCH, {0}, PS_DISPATCHED},
		{ACT_ACKNOWLEDGE, {0}, PS_ACKNOWLEDGED},
		{ACT_FEEDBACK, {0}, PS_ANSWERED},
		{ACT_PROGRESS, {0}, PS_RECTIFYING},
		{ACT_PROGRESS, {.done = 1}, PS_RECTIFIED},
		{ACT_VERIFY, {.passed = 0}, PS_RECTIFYING},
		{ACT_PROGRESS, {.done = 1}, PS_RECTIFIED},
		{ACT_VERIFY, {.passed = 1}, PS_VERIFIED},
		{ACT_EVALUATE, {0}, PS_VERIFIED},
		{ACT_CLOSE, {.valid_ratings = 3, .unsatisfied_ratings = 1}, PS_CLOSED},
		{ACT_REOPEN, {0}, PS_RECTIFYING},
	};
	enum wb_pstatus s = PS_OPEN;
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		enum wb_pstatus to = PS__N;
		assert_int_equal(wb_fsm_apply(steps[i].a, s, &steps[i].in, &to), 0);
		assert_int_equal(to, steps[i].to);
		s = to;
	}
}

static void test_counts_overdue(void **state)
{
	(void)state;
	static const int want[PS__N] = {
		[PS_OPEN] = 0,     [PS_DISPATCHED] = 1, [PS_ACKNOWLEDGED] = 1,
		[PS_ANSWERED] = 1, [PS_RECTIFYING] = 1, [PS_RECTIFIED] = 0,
		[PS_VERIFIED] = 0, [PS_CLOSED] = 0,     [PS_RETURNED] = 0,
	};
	for (int s = 0; s < PS__N; s++) {
		int got = wb_pstatus_counts_overdue((enum wb_pstatus)s) != 0;
		if (got != want[s])
			print_error("counts_overdue(%s) = %d\n", sname(s), got);
		assert_int_equal(got, want[s]);
	}
	assert_false(wb_pstatus_counts_overdue(PS__N));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_input_none),
		cmocka_unit_test(test_table_input_all),
		cmocka_unit_test(test_tables_differ_only_on_inputs),
		cmocka_unit_test(test_allowed_from),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_progress_done),
		cmocka_unit_test(test_verify_passed),
		cmocka_unit_test(test_extension_pending),
		cmocka_unit_test(test_close_counts),
		cmocka_unit_test(test_irrelevant_inputs),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_counts_overdue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
