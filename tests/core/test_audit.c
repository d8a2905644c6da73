/*
 * The audit seal: a hash over the previous hash and every field, so that any change to
 * an event, or to the chain's order, is detected.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../../src/core/audit.h"

static struct wb_event sample(void)
{
	struct wb_event ev = {
		.id = 7,
		.at = INT64_C(1795829400),
		.actor_user_id = 3,
		.actor_unit_id = 12,
		.kind = "problem.dispatch",
		.subject_type = "problem",
		.subject_id = 41,
		.from_status = "open",
		.to_status = "dispatched",
		.data = "{\"unit_id\":12,\"due_on\":\"2026-12-11\"}",
	};
	memcpy(ev.prev_hash, wb_audit_genesis, sizeof ev.prev_hash);
	return ev;
}

static int is_lower_hex64(const char *h)
{
	if (strlen(h) != 64)
		return 0;
	for (int i = 0; i < 64; i++)
		if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
			return 0;
	return 1;
}

static void test_genesis(void **state)
{
	(void)state;
	assert_int_equal(strlen(wb_audit_genesis), 64);
	for (int i = 0; i < 64; i++)
		assert_int_equal(wb_audit_genesis[i], '0');
}

static void test_seal_then_check(void **state)
{
	(void)state;
	struct wb_event ev = sample();
	assert_int_equal(wb_audit_seal(&ev), 0);
	assert_true(is_lower_hex64(ev.hash));
	assert_true(wb_audit_check(&ev));
	/* deterministic: sealing the same fields again gives the same hash */
	struct wb_event again = sample();
	assert_int_equal(wb_audit_seal(&again), 0);
	assert_string_equal(again.hash, ev.hash);
	/* a hash that was never computed does not check */
	struct wb_event unsealed = sample();
	memset(unsealed.hash, '0', 64);
	unsealed.hash[64] = '\0';
	assert_false(wb_audit_check(&unsealed));
}

/* Copy of a sealed event with one field changed: the old hash must no longer check. */
static void test_each_field_tamper(void **state)
{
	(void)state;
	struct wb_event base = sample();
	assert_int_equal(wb_audit_seal(&base), 0);
	assert_true(wb_audit_check(&base));

	for (int f = 0;; f++) {
		struct wb_event ev = base;
		const char *what;
		switch (f) {
		case 0:
			what = "id";
			ev.id = 8;
			break;
		case 1:
			what = "at";
			ev.at += 1;
			break;
		case 2:
			what = "actor_user_id";
			ev.actor_user_id = 4;
			break;
		case 3:
			what = "actor_user_id 0";
			ev.actor_user_id = 0;
			break;
		case 4:
			what = "actor_unit_id";
			ev.actor_unit_id = 13;
			break;
		case 5:
			what = "kind";
			ev.kind = "problem.acknowledge";
			break;
		case 6:
			what = "kind NULL";
			ev.kind = NULL;
			break;
		case 7:
			what = "subject_type";
			ev.subject_type = "opinion";
			break;
		case 8:
			what = "subject_id";
			ev.subject_id = 42;
			break;
		case 9:
			what = "subject_id negative";
			ev.subject_id = -41;
			break;
		case 10:
			what = "from_status";
			ev.from_status = "returned";
			break;
		case 11:
			what = "from_status NULL";
			ev.from_status = NULL;
			break;
		case 12:
			what = "to_status";
			ev.to_status = "acknowledged";
			break;
		case 13:
			what = "to_status NULL";
			ev.to_status = NULL;
			break;
		case 14:
			what = "data";
			ev.data = "{\"unit_id\":13,\"due_on\":\"2026-12-11\"}";
			break;
		case 15:
			what = "data NULL";
			ev.data = NULL;
			break;
		case 16:
			what = "data empty";
			ev.data = "";
			break;
		case 17:
			what = "prev_hash";
			ev.prev_hash[63] = '1';
			break;
		case 18:
			what = "prev_hash first";
			ev.prev_hash[0] = 'f';
			break;
		case 19:
			what = "hash";
			ev.hash[10] = ev.hash[10] == 'a' ? 'b' : 'a';
			break;
		case 20:
			what = "hash last";
			ev.hash[63] = ev.hash[63] == '0' ? '1' : '0';
			break;
		case 21:
			what = "at big";
			ev.at += INT64_C(1) << 40;
			break;
		default:
			what = NULL;
			break;
		}
		if (what == NULL)
			break;
		if (wb_audit_check(&ev)) {
			print_error("changing %s is not detected\n", what);
			fail();
		}
		/* resealing the changed event gives a different, valid hash */
		if (strncmp(what, "hash", 4) != 0) {
			assert_int_equal(wb_audit_seal(&ev), 0);
			assert_true(wb_audit_check(&ev));
			if (strcmp(ev.hash, base.hash) == 0) {
				print_error("changing %s gives the same hash\n", what);
				fail();
			}
		}
	}
}

static void seal_hash(struct wb_event *ev, char out[65])
{
	assert_int_equal(wb_audit_seal(ev), 0);
	memcpy(out, ev->hash, 65);
}

static void test_null_vs_empty(void **state)
{
	(void)state;
	char a[65], b[65];
	struct wb_event ev = sample();
	ev.from_status = NULL;
	seal_hash(&ev, a);
	ev.from_status = "";
	seal_hash(&ev, b);
	assert_string_not_equal(a, b);

	ev = sample();
	ev.to_status = NULL;
	seal_hash(&ev, a);
	ev.to_status = "";
	seal_hash(&ev, b);
	assert_string_not_equal(a, b);

	ev = sample();
	ev.data = NULL;
	seal_hash(&ev, a);
	ev.data = "";
	seal_hash(&ev, b);
	assert_string_not_equal(a, b);

	/* a field that reads "-:" must not pass for an absent one */
	ev = sample();
	ev.from_status = NULL;
	seal_hash(&ev, a);
	ev.from_status = "-:";
	seal_hash(&ev, b);
	assert_string_not_equal(a, b);
}

/* Moving bytes from one field to the next changes the hash (fields are delimited). */
static void test_field_boundaries(void **state)
{
	(void)state;
	char a[65], b[65];
	struct wb_event ev = sample();
	ev.kind = "problem.dis";
	ev.subject_type = "patchproblem";
	seal_hash(&ev, a);
	ev.kind = "problem.dispatch";
	ev.subject_type = "problem";
	seal_hash(&ev, b);
	assert_string_not_equal(a, b);

	ev = sample();
	ev.from_status = "open,";
	ev.to_status = "dispatched";
	seal_hash(&ev, a);
	ev.from_status = "open";
	ev.to_status = ",dispatched";
	seal_hash(&ev, b);
	assert_string_not_equal(a, b);

	/* swapping the two actor ids */
	ev = sample();
	ev.actor_user_id = 12;
	ev.actor_unit_id = 3;
	seal_hash(&ev, a);
	ev = sample();
	seal_hash(&ev, b);
	assert_string_not_equal(a, b);
}

/* ---- a chain of five ---- */

#define N 5
static struct wb_event chain[N];
static char data[N][64];

static void build_chain(void)
{
	static const char *const kinds[N] = {"problem.create", "problem.dispatch",
					     "problem.acknowledge", "problem.feedback",
					     "problem.progress"};
	static const char *const states[N + 1] = {NULL,           "open",     "dispatched",
						  "acknowledged", "answered", "rectifying"};
	for (int i = 0; i < N; i++) {
		struct wb_event *ev = &chain[i];
		memset(ev, 0, sizeof *ev);
		ev->id = i + 1;
		ev->at = INT64_C(1795829400) + 3600 * i;
		ev->actor_user_id = 2 + i % 2;
		ev->actor_unit_id = 12;
		ev->kind = kinds[i];
		ev->subject_type = "problem";
		ev->subject_id = 41;
		ev->from_status = states[i];
		ev->to_status = states[i + 1];
		snprintf(data[i], sizeof data[i], "{\"step\":%d}", i + 1);
		ev->data = data[i];
		memcpy(ev->prev_hash, i == 0 ? wb_audit_genesis : chain[i - 1].hash, 65);
		assert_int_equal(wb_audit_seal(ev), 0);
	}
}

/*
 * Walk the chain as GET /audit/verify does.
 * @return 0 when whole, else the 1-based index of the first bad event;
 * @p why says whether its own hash or its link to the previous one broke
 */
static int walk(const char **why)
{
	const char *prev = wb_audit_genesis;
	for (int i = 0; i < N; i++) {
		if (!wb_audit_check(&chain[i])) {
			*why = "hash";
			return i + 1;
		}
		if (strcmp(chain[i].prev_hash, prev) != 0) {
			*why = "link";
			return i + 1;
		}
		prev = chain[i].hash;
	}
	*why = "";
	return 0;
}

static void test_chain_whole(void **state)
{
	(void)state;
	const char *why;
	build_chain();
	assert_int_equal(walk(&why), 0);
	/* each link is distinct */
	for (int i = 1; i < N; i++)
		assert_string_not_equal(chain[i].hash, chain[i - 1].hash);
}

static void test_chain_tamper_detected_at_3(void **state)
{
	(void)state;
	const char *why;
	build_chain();
	chain[2].data = "{\"step\":33}";
	assert_int_equal(walk(&why), 3);
	assert_string_equal(why, "hash");
	/* events 1, 2, 4 and 5 still check on their own */
	assert_true(wb_audit_check(&chain[0]));
	assert_true(wb_audit_check(&chain[1]));
	assert_true(wb_audit_check(&chain[3]));
	assert_true(wb_audit_check(&chain[4]));
}

static void test_chain_reseal_breaks_next_link(void **state)
{
	(void)state;
	const char *why;
	build_chain();
	char old[65];
	memcpy(old, chain[2].hash, 65);
	chain[2].actor_user_id = 99;
	assert_int_equal(wb_audit_seal(&chain[2]), 0);
	assert_string_not_equal(chain[2].hash, old);
	assert_true(wb_audit_check(&chain[2]));
	/* event 4 still holds the old hash of event 3 as its prev_hash */
	assert_string_equal(chain[3].prev_hash, old);
	assert_int_equal(walk(&why), 4);
	assert_string_equal(why, "link");
	/* rewriting event 4's prev_hash to match breaks its own hash instead */
	memcpy(chain[3].prev_hash, chain[2].hash, 65);
	assert_int_equal(walk(&why), 4);
	assert_string_equal(why, "hash");
}

static void test_chain_delete_and_swap(void **state)
{
	(void)state;
	const char *why;
	/* deleting event 2: event 3 then links to a hash that is no longer there */
	build_chain();
	memmove(&chain[1], &chain[2], sizeof chain[0] * (N - 2));
	chain[N - 1] = chain[N - 2];
	assert_int_equal(walk(&why), 2);
	assert_string_equal(why, "link");
	/* swapping events 4 and 5 */
	build_chain();
	struct wb_event t = chain[3];
	chain[3] = chain[4];
	chain[4] = t;
	assert_int_equal(walk(&why), 4);
	assert_string_equal(why, "link");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_genesis),
		cmocka_unit_test(test_seal_then_check),
		cmocka_unit_test(test_each_field_tamper),
		cmocka_unit_test(test_null_vs_empty),
		cmocka_unit_test(test_field_boundaries),
		cmocka_unit_test(test_chain_whole),
		cmocka_unit_test(test_chain_tamper_detected_at_3),
		cmocka_unit_test(test_chain_reseal_breaks_next_link),
		cmocka_unit_test(test_chain_delete_and_swap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
