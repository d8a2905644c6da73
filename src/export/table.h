/*
 * Tables out: the five forms and the score report as CSV, XLSX or JSON files, written
 * row by row so that memory stays flat however many rows there are.
 *
 * CSV is RFC 4180 in UTF-8 with a byte-order mark, so Excel opens Chinese text right.
 * XLSX is written by libxlsxwriter in constant-memory mode: a title row, a formatted and
 * frozen header, column widths for Chinese text, and optionally one sheet per unit.
 * JSON is {"title", "sheets": [{"name", "columns": [...], "rows": [[...], ...]}]}.
 */
#ifndef WB_TABLE_H
#define WB_TABLE_H

#include <stdint.h>

enum table_format { TABLE_CSV, TABLE_XLSX, TABLE_JSON, TABLE__N };

/** @return the format named "csv", "xlsx" or "json", or -1 */
int table_format_parse(const char *s);
/** @return the MIME type of @p f */
const char *table_mime(enum table_format f);
/** @return the file extension of @p f, without the dot */
const char *table_ext(enum table_format f);

enum table_kind { COL_TEXT, COL_INT, COL_NUMBER, COL_PERCENT };

/** One column: its header (Chinese), its kind, and its width in characters. */
struct table_col {
	const char *label;
	enum table_kind kind;
	int width;
};

/** One cell: text (NULL: empty) or a number; a column's kind says which is used. */
struct table_cell {
	const char *text;
	double number;
	int empty; /**< no value (e.g. an undefined rate) */
};

struct table;

/**
 * Start a table written to @p path, titled @p title (the first row of an XLSX sheet).
 * With @p several_sheets a CSV file gets a first column naming each row's sheet.
 * @p created (unix seconds, 0: the system's clock) is an XLSX file's creation time.
 * @return 0, or WB_ERR_IO
 */
int table_open(struct table **out, enum table_format f, const char *path, const char *title,
	       int several_sheets, int64_t created);
/**
 * Start a sheet named @p name (XLSX sheet names are cut to 31 characters and made unique;
 * CSV writes its header once, for the first sheet).
 */
int table_sheet(struct table *t, const char *name, const struct table_col *cols, int ncols);
/** Write one row of the current sheet: @p cells has one entry per column. */
int table_row(struct table *t, const struct table_cell *cells);
/** Finish the file; frees @p t whatever happens. @return 0, or WB_ERR_IO */
int table_close(struct table *t);

#endif
