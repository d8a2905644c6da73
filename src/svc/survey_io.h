/*
 * The survey's files: sampling frames, designs and responses read from CSV with every
 * error named by line, and the design, the draw and the estimates written as CSV. Both
 * the offline `wubiao survey` commands and the service's frame import use them, so the
 * bureau's server and an outside statistician's laptop read the same files the same way.
 * No I/O: the callers hand in the bytes and take the text.
 */
#ifndef WB_SURVEY_IO_H
#define WB_SURVEY_IO_H

#include <stddef.h>
#include <stdint.h>

#include "../core/survey.h"
#include "csv_in.h"
#include "../util/buf.h"
#include "../util/xalloc.h"

/** One person of a frame. Texts are owned by the arena the frame was read into. */
struct sio_person {
	const char *unit, *id, *stratum; /**< stratum "" when the frame has none */
	const char *name, *phone;        /**< NULL when the frame has no such column */
	size_t line;
};

/** A unit of a frame: its people are p[first .. first + n - 1]. */
struct sio_unit {
	const char *code;
	size_t first, n;
};

/** A frame, its people sorted by unit_code then respondent_id (byte order). */
struct sio_frame {
	struct sio_person *p;
	size_t n;
	struct sio_unit *u;
	size_t nu;
	int has_stratum, has_name, has_phone; /**< which optional columns it had */
};

/**
 * Read a frame: columns unit_code and respondent_id, optional stratum, name and phone (any
 * others ignored); a respondent_id twice is an error naming it. All or nothing: on errors
 * @p f is left empty. @return 0, or -1 with @p e filled
 */
int sio_frame_read(const char *data, size_t len, struct arena *a, struct sio_frame *f,
		   struct csvin_errs *e);
void sio_frame_free(struct sio_frame *f);
/** @return the index of unit @p code in @p f, or -1 */
long sio_frame_unit(const struct sio_frame *f, const char *code);

/** A design: per unit, the frame's size and the number to draw. */
struct sio_design_row {
	const char *unit;
	int64_t N, n;
	size_t line;
};
struct sio_design {
	struct sio_design_row *v; /**< sorted by unit */
	size_t n;
};

/** The design of every unit of @p f under @p d. */
void sio_design_make(const struct sio_frame *f, const struct wb_design *d, struct sio_design *out);
/** Read a design (columns unit_code, N, n). @return 0, or -1 with @p e filled */
int sio_design_read(const char *data, size_t len, struct arena *a, struct sio_design *out,
		    struct csvin_errs *e);
void sio_design_free(struct sio_design *d);
/** "unit_code,N,n" and a row per unit. */
void sio_design_write(const struct sio_design *d, struct buf *out);

/**
 * The draw: for each unit of @p f in order, its design's n people by draw order, as
 * "unit_code,respondent_id" rows. The design must hold exactly the frame's units with
 * their sizes. @return 0, or -1 with @p e filled (nothing written)
 */
int sio_draw(const struct sio_frame *f, const struct sio_design *d, const unsigned char *seed,
	     size_t seedlen, struct buf *out, struct csvin_errs *e);

/** One answer of a responses file. */
struct sio_answer {
	const char *unit, *id, *stratum;
	enum wb_dimension dim;
	enum wb_rating answer;
	size_t line;
};
struct sio_answers {
	struct sio_answer *v;
	size_t n;
};

/**
 * Read responses (columns unit_code, respondent_id, stratum, dimension, answer; the
 * dimension by API name or Chinese label, as the answer). One answer per person and
 * dimension. @return 0, or -1 with @p e filled
 */
int sio_answers_read(const char *data, size_t len, struct arena *a, struct sio_answers *out,
		     struct csvin_errs *e);
void sio_answers_free(struct sio_answers *r);

/**
 * The estimates of @p r as CSV (the columns of `wubiao survey estimate`), per unit and
 * dimension; with a frame (@p f not NULL) the people must be in it under their unit,
 * their stratum is the frame's, and the post-stratified columns are filled.
 * @return 0, or -1 with @p e filled (nothing written)
 */
int sio_estimate(struct sio_answers *r, const struct sio_frame *f, const struct wb_scale *s,
		 double z, struct buf *out, struct csvin_errs *e);

/** Append @p s to @p b as one CSV field, quoted when it holds , " CR or LF, or begins or
 * ends with a space or a tab. */
void sio_field(struct buf *b, const char *s);

#endif
