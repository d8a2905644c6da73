/*
 * Reading CSV (RFC 4180, as libcsv parses it) row by row, with the line each row starts on,
 * so that an import can name the line of every error. A UTF-8 byte order mark at the start
 * is skipped.
 */
#ifndef WB_CSV_H
#define WB_CSV_H
#include <stddef.h>

/**
 * Called for each row: its @p n fields, NUL-terminated, and the line it starts on (from 1).
 * @return 0 to go on, a positive value to stop; wb_csv_feed() then returns that value
 */
typedef int (*wb_csv_row_fn)(void *ctx, size_t line, size_t n, char *const *field);

struct wb_csv;

/** @return a reader calling @p fn with @p ctx, or NULL when out of memory */
struct wb_csv *wb_csv_new(wb_csv_row_fn fn, void *ctx);
/**
 * Parse the next @p n bytes. @return 0; the callback's non-zero value when it stopped;
 * or -1 on malformed CSV (a quote out of place): wb_csv_error() says where
 */
int wb_csv_feed(struct wb_csv *r, const char *p, size_t n);
/** The end of the input: the last row, if it has no line end. @return as wb_csv_feed() */
int wb_csv_finish(struct wb_csv *r);
/** @return why the last call returned -1, and on which line, as "LINE: message" */
const char *wb_csv_error(const struct wb_csv *r);
/** @return the line being read (from 1) */
size_t wb_csv_line(const struct wb_csv *r);
void wb_csv_free(struct wb_csv *r);

/**
 * Find the columns @p names (a NULL-ended list) in the header row @p field of @p n fields,
 * comparing with spaces around a name ignored. @p idx gets each name's field index, or -1.
 * @return the first name that appears twice, or NULL
 */
const char *wb_csv_columns(size_t n, char *const *field, const char *const *names, int *idx);

#endif
