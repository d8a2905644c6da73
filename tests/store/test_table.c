/* The table writer: sheet names Excel accepts, CSV quoting, JSON rounding. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/export/table.h"

static const struct table_col cols[] = {{"名称", COL_TEXT, 10}, {"比例", COL_PERCENT, 8}};

static char *slurp(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t cap = 1 << 20, n = 0;
	char *b = malloc(cap);
	assert_non_null(b);
	n = fread(b, 1, cap - 1, p);
	b[n] = '\0';
	pclose(p);
	return b;
}

/* Regression: names differing only in case, and many names sharing a long prefix, made
 * libxlsxwriter refuse a sheet and the export fail. */
static void test_xlsx_sheet_names(void **state)
{
	(void)state;
	char path[] = "/tmp/wubiao-table-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct table *t;
	assert_int_equal(table_open(&t, TABLE_XLSX, path, "标题", 1, 0), 0);
	struct table_cell row[] = {{.text = "x"}, {.number = 0.3}};
	assert_int_equal(table_sheet(t, "Dept", cols, 2), 0);
	assert_int_equal(table_row(t, row), 0);
	assert_int_equal(table_sheet(t, "DEPT", cols, 2), 0);
	assert_int_equal(table_row(t, row), 0);
	const char *longname = "区政务服务中心综合窗口第一分中心便民服务大厅东区窗口组";
	for (int i = 0; i < 12; i++) {
		assert_int_equal(table_sheet(t, longname, cols, 2), 0);
		assert_int_equal(table_row(t, row), 0);
	}
	assert_int_equal(table_sheet(t, "a[b]:c*d?e/f\\g", cols, 2), 0);
	assert_int_equal(table_close(t), 0);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "unzip -p %s xl/workbook.xml", path);
	char *wb = slurp(cmd);
	unlink(path);
	int sheets = 0;
	for (char *p = strstr(wb, "<sheet name=\""); p; p = strstr(p + 1, "<sheet name=\"")) {
		char *q = p + 13, *e = strchr(q, '"');
		assert_non_null(e);
		/* count characters (UTF-8), not bytes: at most 31 */
		int chars = 0;
		for (char *c = q; c < e; c++)
			chars += ((unsigned char)*c & 0xC0) != 0x80;
		assert_true(chars <= 31);
		assert_null(memchr(q, '[', (size_t)(e - q)));
		sheets++;
	}
	assert_int_equal(sheets, 15);
	assert_non_null(strstr(wb, "name=\"Dept\""));
	assert_non_null(strstr(wb, "name=\"DEPT(2)\""));
	free(wb);
}

static void test_csv_and_json(void **state)
{
	(void)state;
	char path[] = "/tmp/wubiao-table-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct table *t;
	assert_int_equal(table_open(&t, TABLE_CSV, path, NULL, 1, 0), 0);
	char longname[400];
	memset(longname, 0, sizeof longname);
	for (int i = 0; i < 30; i++)
		memcpy(longname + i * 9, "长名称", 9);
	assert_int_equal(table_sheet(t, longname, cols, 2), 0);
	struct table_cell row[] = {{.text = "a,\"b\"\nc"}, {.number = 0.3}};
	assert_int_equal(table_row(t, row), 0);
	/* Cells that would run as formulas in a spreadsheet are kept as text. */
	struct table_cell f1[] = {{.text = "=HYPERLINK(\"http://x\")"}, {.empty = 1}};
	struct table_cell f2[] = {{.text = "+86 138"}, {.empty = 1}};
	assert_int_equal(table_row(t, f1), 0);
	assert_int_equal(table_row(t, f2), 0);
	assert_int_equal(table_close(t), 0);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "cat %s", path);
	char *csv = slurp(cmd);
	assert_memory_equal(csv, "\xEF\xBB\xBF", 3);
	/* the whole sheet name, then RFC 4180 quoting, CRLF */
	assert_non_null(strstr(csv, longname));
	assert_non_null(strstr(csv, ",\"a,\"\"b\"\"\nc\",30.0%\r\n"));
	assert_non_null(strstr(csv, ",\"'=HYPERLINK(\"\"http://x\"\")\",\r\n"));
	/* a phone number is not a formula: as it is */
	assert_non_null(strstr(csv, ",+86 138,\r\n"));
	free(csv);

	assert_int_equal(table_open(&t, TABLE_JSON, path, "表", 0, 0), 0);
	assert_int_equal(table_sheet(t, "S", cols, 2), 0);
	struct table_cell r2[] = {{.text = "x"}, {.number = 0.29999999999999999}};
	assert_int_equal(table_row(t, r2), 0);
	assert_int_equal(table_close(t), 0);
	csv = slurp(cmd);
	unlink(path);
	assert_non_null(strstr(csv, "[\"x\",0.3]"));
	assert_non_null(strstr(csv, "\"title\":\"表\""));
	free(csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsx_sheet_names),
		cmocka_unit_test(test_csv_and_json),
	};
	return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
