/* The one table of errors: each code's name, HTTP status and title. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "../../src/util/err.h"

#define ROW(e, v, name, status, title, code) {e, status, code},
static const struct {
	int code;
	unsigned status;
	const char *api_code;
} rows[] = {WB_ERRORS(ROW)};
#undef ROW

static void test_codes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		/* success is 0, every failure negative and its own */
		assert_true(i == 0 ? rows[i].code == 0 : rows[i].code < 0);
		for (size_t j = 0; j < i; j++)
			assert_int_not_equal(rows[i].code, rows[j].code);
		assert_true(strlen(wb_err_name(rows[i].code)) > 0);
		assert_int_equal(wb_err_status(rows[i].code), rows[i].status);
		assert_string_not_equal(wb_err_title(rows[i].status), "Error");
		/* one stable code per status, lowercase words: what a client translates */
		assert_string_equal(wb_err_code(rows[i].status), rows[i].api_code);
		assert_true(strspn(rows[i].api_code, "abcdefghijklmnopqrstuvwxyz_") ==
			    strlen(rows[i].api_code));
	}
}

static void test_statuses(void **state)
{
	(void)state;
	assert_int_equal(wb_err_status(WB_ERR_INVALID), 400);
	assert_int_equal(wb_err_status(WB_ERR_AUTH), 401);
	assert_int_equal(wb_err_status(WB_ERR_FORBIDDEN), 403);
	assert_int_equal(wb_err_status(WB_ERR_NOT_FOUND), 404);
	assert_int_equal(wb_err_status(WB_ERR_STATE), 409);
	assert_int_equal(wb_err_status(WB_ERR_CONFLICT), 409);
	assert_int_equal(wb_err_status(WB_ERR_BUSY), 503);
	assert_int_equal(wb_err_status(WB_ERR_DB), 500);
	assert_string_equal(wb_err_title(409), "Conflict");
	assert_string_equal(wb_err_title(405), "Method Not Allowed");
	/* unknown codes are internal errors, answered 500 */
	assert_string_equal(wb_err_name(-999), "internal error");
	assert_int_equal(wb_err_status(-999), 500);
	assert_string_equal(wb_err_title(299), "Error");
	assert_string_equal(wb_err_code(431), "headers_too_large");
	assert_string_equal(wb_err_code(409), "conflict");
	assert_string_equal(wb_err_code(599), "server_error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_statuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
