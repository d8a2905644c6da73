#include "table.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <xlsxwriter.h>

#include "../core/text.h"
#include "../util/buf.h"
#include "../util/err.h"
#include "../util/log.h"
#include "../util/xalloc.h"

enum { MAX_COLS = 64, MAX_SHEETS = 1000 };

struct table {
	enum table_format f;
	const char *title;
	FILE *fp;         /**< CSV and JSON */
	lxw_workbook *wb; /**< XLSX */
	lxw_worksheet *ws;
	lxw_format *title_fmt, *head_fmt, *text_fmt, *pct_fmt, *num_fmt;
	const struct table_col *cols;
	int ncols;
	int nsheets;
	uint32_t row; /**< next row of the current sheet */
	int err;
	int csv_sheet_col;       /**< CSV: a leading sheet column (several sheets) */
	char *sheet;             /**< the current sheet's name (CSV's 工作表 column) */
	char *names[MAX_SHEETS]; /**< XLSX sheet names used so far */
};

int table_format_parse(const char *s)
{
	static const char *const names[TABLE__N] = {"csv", "xlsx", "json"};
	for (int i = 0; s && i < TABLE__N; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

const char *table_mime(enum table_format f)
{
	switch (f) {
	case TABLE_CSV:
		return "text/csv; charset=utf-8";
	case TABLE_XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	default:
		return "application/json";
	}
}

const char *table_ext(enum table_format f)
{
	return f == TABLE_CSV ? "csv" : f == TABLE_XLSX ? "xlsx" : "json";
}

int table_open(struct table **out, enum table_format f, const char *path, const char *title,
	       int several_sheets, int64_t created)
{
	struct table *t = xcalloc(1, sizeof *t);
	t->f = f;
	t->csv_sheet_col = f == TABLE_CSV && several_sheets;
	t->title = title;
	if (f == TABLE_XLSX) {
		lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
		t->wb = workbook_new_opt(path, &opt);
		if (t->wb == NULL)
			goto fail;
		/* The program's clock, so that a stopped clock (WUBIAO_NOW) makes the same file. */
		lxw_doc_properties props = {.created = (time_t)created};
		if (created > 0 && workbook_set_properties(t->wb, &props) != LXW_NO_ERROR)
			goto fail;
		t->title_fmt = workbook_add_format(t->wb);
		format_set_bold(t->title_fmt);
		format_set_font_size(t->title_fmt, 14);
		format_set_align(t->title_fmt, LXW_ALIGN_CENTER);
		format_set_align(t->title_fmt, LXW_ALIGN_VERTICAL_CENTER);
		t->head_fmt = workbook_add_format(t->wb);
		format_set_bold(t->head_fmt);
		format_set_bg_color(t->head_fmt, 0xD9E1F2);
		format_set_border(t->head_fmt, LXW_BORDER_THIN);
		format_set_align(t->head_fmt, LXW_ALIGN_CENTER);
		format_set_align(t->head_fmt, LXW_ALIGN_VERTICAL_CENTER);
		format_set_text_wrap(t->head_fmt);
		t->text_fmt = workbook_add_format(t->wb);
		format_set_text_wrap(t->text_fmt);
		format_set_align(t->text_fmt, LXW_ALIGN_VERTICAL_TOP);
		t->pct_fmt = workbook_add_format(t->wb);
		format_set_num_format(t->pct_fmt, "0.0%");
		format_set_align(t->pct_fmt, LXW_ALIGN_VERTICAL_TOP);
		t->num_fmt = workbook_add_format(t->wb);
		format_set_num_format(t->num_fmt, "0.00");
		format_set_align(t->num_fmt, LXW_ALIGN_VERTICAL_TOP);
	} else {
		t->fp = fopen(path, "w");
		if (t->fp == NULL)
			goto fail;
		if (f == TABLE_CSV) {
			fputs("\xEF\xBB\xBF", t->fp);
		} else {
			json_t *s = title ? json_string(title) : NULL;
			char *enc = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;
			json_decref(s);
			fprintf(t->fp, "{\"title\":%s,\"sheets\":[", enc ? enc : "null");
			free(enc);
		}
	}
	*out = t;
	return 0;
fail:
	wb_log(WB_LOG_ERR, "cannot create %s", path);
	if (t->fp)
		fclose(t->fp);
	free(t);
	return WB_ERR_IO;
}

/*
 * Excel forbids []:*?/\ in sheet names, limits them to 31 characters and compares them
 * without regard to case. Names are cut to 25 characters so that a suffix "(1000)"
 * making a repeated one unique still fits.
 */
static void sheet_name(struct table *t, const char *name, char out[128])
{
	char clean[128];
	size_t n = 0, chars = 0;
	for (const unsigned char *p = (const unsigned char *)(name ? name : "Sheet");
	     *p && n < 120;) {
		int len = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
		if (chars == 25)
			break;
		if (len == 1 && strchr("[]:*?/\\'", *p)) {
			clean[n++] = '_';
			p++;
		} else {
			for (int i = 0; i < len && *p; i++)
				clean[n++] = (char)*p++;
		}
		chars++;
	}
	clean[n] = '\0';
	if (n == 0)
		snprintf(clean, sizeof clean, "Sheet");
	snprintf(out, 128, "%s", clean);
	for (int k = 2; k < 1000; k++) {
		int taken = 0;
		for (int i = 0; i < t->nsheets && i < MAX_SHEETS; i++)
			if (t->names[i] && strcasecmp(t->names[i], out) == 0)
				taken = 1;
		if (!taken)
			return;
		snprintf(out, 128, "%.100s(%d)", clean, k);
	}
}

/*
 * A text cell. One that starts like a formula (= + - @, tab, CR) gets a leading
 * apostrophe so that a spreadsheet shows it as text instead of running it: opinions come
 * from the public (CSV injection). A phone number ("+86 138 0000 0000": a '+', digits,
 * spaces and hyphens) is left as it is: it refers to nothing and calls nothing.
 */
static void csv_field(FILE *fp, const char *s)
{
	int guard = s[0] && strchr("=+-@\t\r", s[0]) != NULL && !wb_text_is_phone(s);
	if (strpbrk(s, ",\"\r\n") == NULL) {
		if (guard)
			fputc('\'', fp);
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	if (guard)
		fputc('\'', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

static void csv_header(struct table *t)
{
	if (t->csv_sheet_col) {
		csv_field(t->fp, "工作表");
		fputc(',', t->fp);
	}
	for (int i = 0; i < t->ncols; i++) {
		if (i)
			fputc(',', t->fp);
		csv_field(t->fp, t->cols[i].label);
	}
	fputs("\r\n", t->fp);
}

int table_sheet(struct table *t, const char *name, const struct table_col *cols, int ncols)
{
	if (ncols < 1 || ncols > MAX_COLS || t->nsheets >= MAX_SHEETS)
		return WB_ERR_INVALID;
	t->cols = cols;
	t->ncols = ncols;
	t->row = 0;
	free(t->sheet);
	t->sheet = xstrdup(name ? name : "");
	if (t->f == TABLE_XLSX) {
		char sn[128];
		sheet_name(t, name, sn);
		t->ws = workbook_add_worksheet(t->wb, sn);
		if (t->ws == NULL)
			return t->err = WB_ERR_IO;
		t->names[t->nsheets] = xstrdup(sn);
		for (int i = 0; i < ncols; i++)
			worksheet_set_column(t->ws, (lxw_col_t)i, (lxw_col_t)i, cols[i].width,
					     NULL);
		if (t->title) {
			worksheet_set_row(t->ws, 0, 28, NULL);
			if (ncols > 1)
				worksheet_merge_range(t->ws, 0, 0, 0, (lxw_col_t)(ncols - 1),
						      t->title, t->title_fmt);
			else
				worksheet_write_string(t->ws, 0, 0, t->title, t->title_fmt);
			t->row = 1;
		}
		worksheet_set_row(t->ws, t->row, 32, NULL);
		for (int i = 0; i < ncols; i++)
			worksheet_write_string(t->ws, t->row, (lxw_col_t)i, cols[i].label,
					       t->head_fmt);
		t->row++;
		worksheet_freeze_panes(t->ws, t->row, 0);
		/* Printed: A4 landscape, all columns on the paper's width, the header on every
		 * page, the signature lines and the page numbers at the foot. */
		worksheet_set_paper(t->ws, 9);
		worksheet_set_landscape(t->ws);
		worksheet_fit_to_pages(t->ws, 1, 0);
		worksheet_repeat_rows(t->ws, t->row - 1, t->row - 1);
		worksheet_set_margins(t->ws, 0.4, 0.4, 0.6, 0.7);
		worksheet_set_footer(t->ws, "&L填表人：　　　　审核人：　　　　"
					    "&C第 &P 页，共 &N 页&R单位（盖章）：　　　　");
	} else if (t->f == TABLE_CSV) {
		if (t->nsheets == 0)
			csv_header(t);
	} else {
		json_t *head = json_array();
		for (int i = 0; i < ncols; i++)
			json_array_append_new(head, json_string(cols[i].label));
		json_t *nm = json_string(name ? name : "");
		char *h = json_dumps(head, JSON_COMPACT), *n = json_dumps(nm, JSON_ENCODE_ANY);
		if (t->nsheets)
			fputs("]},", t->fp);
		fprintf(t->fp, "{\"name\":%s,\"columns\":%s,\"rows\":[", n ? n : "\"\"",
			h ? h : "[]");
		free(h);
		free(n);
		json_decref(head);
		json_decref(nm);
	}
	t->nsheets++;
	return 0;
}

static void number_text(double v, enum table_kind k, char out[40])
{
	if (k == COL_INT)
		snprintf(out, 40, "%.0f", v);
	else if (k == COL_PERCENT)
		snprintf(out, 40, "%.1f%%", v * 100);
	else
		snprintf(out, 40, "%.2f", v);
}

int table_row(struct table *t, const struct table_cell *cells)
{
	if (t->ncols == 0)
		return WB_ERR_INTERNAL;
	if (t->f == TABLE_XLSX) {
		for (int i = 0; i < t->ncols; i++) {
			const struct table_cell *c = &cells[i];
			lxw_col_t col = (lxw_col_t)i;
			/* empty text is null, as the empty cell of the XLSX */
			if (c->empty || (t->cols[i].kind == COL_TEXT &&
					 (c->text == NULL || c->text[0] == '\0')))
				continue;
			if (t->cols[i].kind == COL_TEXT)
				worksheet_write_string(t->ws, t->row, col, c->text, t->text_fmt);
			else
				worksheet_write_number(t->ws, t->row, col, c->number,
						       t->cols[i].kind == COL_PERCENT  ? t->pct_fmt
						       : t->cols[i].kind == COL_NUMBER ? t->num_fmt
										       : NULL);
		}
	} else if (t->f == TABLE_CSV) {
		if (t->csv_sheet_col) {
			csv_field(t->fp, t->sheet);
			fputc(',', t->fp);
		}
		for (int i = 0; i < t->ncols; i++) {
			const struct table_cell *c = &cells[i];
			if (i)
				fputc(',', t->fp);
			if (c->empty)
				continue;
			if (t->cols[i].kind == COL_TEXT) {
				if (c->text)
					csv_field(t->fp, c->text);
			} else {
				char num[40];
				number_text(c->number, t->cols[i].kind, num);
				fputs(num, t->fp);
			}
		}
		fputs("\r\n", t->fp);
	} else {
		json_t *row = json_array();
		for (int i = 0; i < t->ncols; i++) {
			const struct table_cell *c = &cells[i];
			json_t *v;
			if (c->empty || (t->cols[i].kind == COL_TEXT && c->text == NULL))
				v = json_null();
			else if (t->cols[i].kind == COL_TEXT)
				v = json_string(c->text);
			else if (t->cols[i].kind == COL_INT)
				v = json_integer((json_int_t)c->number);
			else if (t->cols[i].kind == COL_PERCENT)
				v = json_real(round(c->number * 10000) / 10000);
			else
				v = json_real(round(c->number * 100) / 100);
			json_array_append_new(row, v ? v : json_null());
		}
		char *s = json_dumps(row, JSON_COMPACT | JSON_REAL_PRECISION(12));
		json_decref(row);
		fprintf(t->fp, "%s%s", t->row ? "," : "", s ? s : "[]");
		free(s);
	}
	t->row++;
	return 0;
}

int table_close(struct table *t)
{
	int rc = t->err;
	if (t->f == TABLE_XLSX) {
		if (t->nsheets == 0)
			workbook_add_worksheet(t->wb, NULL);
		lxw_error e = workbook_close(t->wb);
		if (e != LXW_NO_ERROR) {
			wb_log(WB_LOG_ERR, "xlsx: %s", lxw_strerror(e));
			rc = WB_ERR_IO;
		}
		for (int i = 0; i < t->nsheets && i < MAX_SHEETS; i++)
			free(t->names[i]);
	} else {
		if (t->f == TABLE_JSON)
			fputs(t->nsheets ? "]}]}" : "]}", t->fp);
		if (fclose(t->fp) != 0)
			rc = WB_ERR_IO;
	}
	free(t->sheet);
	free(t);
	return rc;
}
