/*
 * libFuzzer target: the table writer behind every export (the five forms and the score
 * report), fed the texts the public and the units write. Each input becomes sheets of
 * text cells written as CSV, JSON and XLSX; the CSV is read back with an RFC 4180 reader
 * written here and the JSON with jansson, and every cell must come back as it went in,
 * with the apostrophe that keeps a formula-like CSV cell text (CSV injection), phone
 * numbers aside.
 *
 * Input: the first byte gives the columns (1 + byte % 4); cells are separated by 0x00,
 * and a cell starting with 0x01 starts a new sheet named by the rest of that cell.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/core/text.h"
#include "../src/export/table.h"
#include "../src/util/log.h"

enum { MAX_CELLS = 256 };

static char dir[128];

static void cleanup(void)
{
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_table: cannot remove %s\n", dir);
}

static void init(void)
{
	if (dir[0])
		return;
	wb_log_set_level(WB_LOG_ERR);
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof dir, "%s/wubiao-fuzz-XXXXXX", base);
	if (mkdtemp(dir) == NULL)
		abort();
	atexit(cleanup);
}

static void fail(const char *what, size_t cell)
{
	fprintf(stderr, "fuzz_table: %s (cell %zu)\n", what, cell);
	abort();
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		abort();
	char *p = NULL;
	size_t cap = 0;
	*n = 0;
	for (;;) {
		if (*n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			p = realloc(p, cap);
			if (p == NULL)
				abort();
		}
		size_t r = fread(p + *n, 1, 4096, f);
		*n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	p[*n] = '\0';
	return p;
}

/* Read the next RFC 4180 field at *pp into a malloc'd string; *end: 1 at a row's end. */
static char *csv_next(const char **pp, const char *lim, int *end)
{
	const char *p = *pp;
	size_t cap = 64, n = 0;
	char *out = malloc(cap);
	if (out == NULL)
		abort();
	int quoted = p < lim && *p == '"';
	if (quoted)
		p++;
	for (; p < lim; p++) {
		if (quoted && *p == '"') {
			if (p + 1 < lim && p[1] == '"') {
				p++;
			} else {
				quoted = 0;
				continue;
			}
		} else if (!quoted && (*p == ',' || *p == '\r')) {
			break;
		}
		if (n + 2 > cap) {
			cap *= 2;
			out = realloc(out, cap);
			if (out == NULL)
				abort();
		}
		out[n++] = *p;
	}
	out[n] = '\0';
	*end = 1;
	if (p < lim && *p == ',') {
		*end = 0;
		p++;
	} else if (p + 1 < lim && p[0] == '\r' && p[1] == '\n') {
		p += 2;
	} else if (p < lim) {
		fail("a CSV field does not end with a comma or CRLF", 0);
	}
	*pp = p;
	return out;
}

static const char *csv_expect(const char *s, char *buf, size_t cap)
{
	if (s == NULL)
		return "";
	/* a formula's first character, but not a phone number (+86 138 …) */
	if (s[0] && strchr("=+-@\t\r", s[0]) && !wb_text_is_phone(s)) {
		snprintf(buf, cap, "'%s", s);
		return buf;
	}
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 64 * 1024)
		return 0;
	init();
	int ncols = 1 + data[0] % 4;
	char *copy = malloc(size);
	if (copy == NULL)
		abort();
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = '\0';
	/* Split into cells; the last one ends at the buffer's final NUL. */
	const char *cells[MAX_CELLS];
	int sheet_start[MAX_CELLS];
	size_t n = 0;
	for (size_t i = 0, start = 0; i < size && n < MAX_CELLS; i++)
		if (copy[i] == '\0') {
			sheet_start[n] = copy[start] == '\x01';
			cells[n] = copy + start + sheet_start[n];
			n++;
			start = i + 1;
		}
	static const struct table_col cols[4] = {{"意见内容", COL_TEXT, 40},
						 {"提出人", COL_TEXT, 10},
						 {"责任单位", COL_TEXT, 20},
						 {"答复", COL_TEXT, 30}};
	const char *fmt_ext[TABLE__N] = {"csv", "xlsx", "json"};
	char path[TABLE__N][200];
	/* The cells as written, in order, NULL for the empty ones that pad a short row. */
	const char *rows[2 * MAX_CELLS];
	size_t nrows = 0;
	for (int f = 0; f < TABLE__N; f++) {
		snprintf(path[f], sizeof path[f], "%s/t.%s", dir, fmt_ext[f]);
		struct table *t;
		if (table_open(&t, (enum table_format)f, path[f], "评议意见", 1, 0) < 0)
			abort();
		int sheets = 0;
		struct table_cell row[4];
		int k = 0;
		nrows = 0;
		for (size_t i = 0; i < n; i++) {
			if (sheet_start[i] || sheets == 0) {
				if (k) { /* finish a partial row with empty cells */
					for (; k < ncols; k++) {
						row[k] = (struct table_cell){.text = NULL};
						rows[nrows++] = NULL;
					}
					table_row(t, row);
					k = 0;
				}
				if (table_sheet(t, sheet_start[i] ? cells[i] : "Sheet", cols,
						ncols) < 0)
					break;
				sheets++;
				if (sheet_start[i])
					continue;
			}
			row[k++] = (struct table_cell){.text = cells[i]};
			rows[nrows++] = cells[i];
			if (k == ncols) {
				table_row(t, row);
				k = 0;
			}
		}
		if (k) {
			for (; k < ncols; k++) {
				row[k] = (struct table_cell){.text = NULL};
				rows[nrows++] = NULL;
			}
			table_row(t, row);
		}
		if (table_close(t) < 0 && f != TABLE_XLSX)
			fail("table_close failed", 0);
	}
	/* CSV: a BOM, the header (with the sheet column), then the rows' cells in order. */
	size_t len;
	char *csv = slurp(path[TABLE_CSV], &len);
	const char *p = csv, *lim = csv + len;
	if (len < 3 || memcmp(p, "\xEF\xBB\xBF", 3) != 0)
		fail("no byte-order mark", 0);
	p += 3;
	int end = 0, col = 0;
	while (p < lim && !end) /* the header row */
		free(csv_next(&p, lim, &end));
	size_t got = 0;
	while (p < lim) {
		char *v = csv_next(&p, lim, &end);
		if (col++ > 0 && got < nrows) { /* column 0 is the sheet's name */
			char buf[70000];
			if (strcmp(v, csv_expect(rows[got], buf, sizeof buf)) != 0)
				fail("a CSV cell does not read back as written", got);
			got++;
		}
		free(v);
		if (end)
			col = 0;
	}
	if (got != nrows)
		fail("CSV has fewer cells than were written", got);
	free(csv);
	/* JSON: every text cell back exactly (or null where it is not valid UTF-8). */
	char *js = slurp(path[TABLE_JSON], &len);
	json_error_t err;
	json_t *j = json_loadb(js, len, 0, &err);
	if (j == NULL) {
		fprintf(stderr, "fuzz_table: the JSON does not parse: %s\n", err.text);
		abort();
	}
	got = 0;
	json_t *sheet;
	size_t si;
	json_array_foreach(json_object_get(j, "sheets"), si, sheet)
	{
		json_t *r, *c;
		size_t ri, ci;
		json_array_foreach(json_object_get(sheet, "rows"), ri, r)
		{
			json_array_foreach(r, ci, c)
			{
				/* null: no text, or text that is not UTF-8 */
				if (got < nrows && !json_is_null(c) &&
				    (rows[got] == NULL ||
				     strcmp(json_string_value(c), rows[got]) != 0))
					fail("a JSON cell does not read back as written", got);
				if (got < nrows)
					got++;
			}
		}
	}
	json_decref(j);
	free(js);
	free(copy);
	return 0;
}
