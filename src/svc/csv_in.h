/*
 * Reading a CSV file with a header into rows, every error named by its line: the one
 * reader of the files people bring (survey frames, designs and responses; targets,
 * results and adjustments). All or nothing is the caller's rule: errors are collected,
 * the first CSVIN_MAX_ERRS kept, and the caller keeps nothing when there are any.
 * No I/O: the callers hand in the bytes.
 */
#ifndef WB_CSV_IN_H
#define WB_CSV_IN_H

#include <stddef.h>

#include "../util/xalloc.h"

enum { CSVIN_MAX_ERRS = 20, CSVIN_MAX_COLS = 12, CSVIN_FIELD_MAX = 200 };

/** The first CSVIN_MAX_ERRS errors of a file, each with its line; more counts the rest. */
struct csvin_errs {
	size_t n, more;
	struct {
		size_t line; /**< 0: the file as a whole */
		char msg[200];
	} v[CSVIN_MAX_ERRS];
};

/** Add an error at @p line. */
void csvin_err(struct csvin_errs *e, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** A reader: which columns, and what to do with each row. */
struct csvin {
	const char *const *cols; /**< the columns looked for, NULL-ended */
	unsigned required;       /**< bit i: cols[i] must be present */
	int idx[CSVIN_MAX_COLS];
	int header_done;
	struct csvin_errs *e;
	struct arena *a;
	/** One row after the header that is not blank, its fields checked as UTF-8 text. */
	void (*row)(struct csvin *r, size_t line, char *const *f, size_t n);
	void *out;
};

/** Read @p len bytes of @p data (a BOM accepted) through @p r. @return 0, or -1 on errors */
int csvin_read(struct csvin *r, const char *data, size_t len);
/** @return the value of column @p k in row @p f: "" when the row is short or the column absent */
const char *csvin_col(const struct csvin *r, int k, char *const *f, size_t n);
/** @return whether the header has column @p k */
int csvin_has(const struct csvin *r, int k);
/**
 * A text field: not empty when @p required, at most CSVIN_FIELD_MAX bytes.
 * @return it copied into the reader's arena, or NULL after an error
 */
const char *csvin_text(struct csvin *r, size_t line, const char *name, const char *v, int required);
/** Room for one more of @p size bytes in @p v holding @p n of @p *cap. @return v */
void *csvin_grow(void *v, size_t n, size_t *cap, size_t size);

#endif
