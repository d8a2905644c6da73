/*
 * libFuzzer target: the survey's files (src/svc/survey_io.c), as `wubiao survey` and the
 * frame import read them. The first byte picks the reader; the rest is the file. A frame
 * read without errors holds somebody, each respondent once, sorted by unit then id, its
 * units covering every person; its design written and read back is the same design; the
 * draw of that design lists exactly n people per unit, each in the frame, none twice;
 * responses read without errors give one estimate line per unit and dimension, every rate
 * within [0, 1].
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/svc/survey_io.h"

static void check_frame(const struct sio_frame *f)
{
	if (f->n == 0 || f->nu == 0)
		abort();
	size_t covered = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (i && strcmp(f->p[i - 1].unit, f->p[i].unit) == 0 &&
		    strcmp(f->p[i - 1].id, f->p[i].id) >= 0)
			abort(); /* not sorted, or a respondent twice within a unit */
		if (i && strcmp(f->p[i - 1].unit, f->p[i].unit) > 0)
			abort();
	}
	for (size_t u = 0; u < f->nu; u++) {
		if (f->u[u].n == 0 || f->u[u].first != covered)
			abort();
		for (size_t k = f->u[u].first; k < f->u[u].first + f->u[u].n; k++)
			if (strcmp(f->p[k].unit, f->u[u].code) != 0)
				abort();
		covered += f->u[u].n;
	}
	if (covered != f->n)
		abort();
}

static void frame_round(const char *data, size_t len)
{
	struct arena a = ARENA_INIT;
	struct sio_frame f;
	struct csvin_errs e;
	if (sio_frame_read(data, len, &a, &f, &e) == 0) {
		if (e.n)
			abort();
		check_frame(&f);
		struct wb_design d;
		wb_design_defaults(&d);
		d.min_n = 3;
		struct sio_design des, back;
		sio_design_make(&f, &d, &des);
		struct buf text = BUF_INIT, out = BUF_INIT;
		sio_design_write(&des, &text);
		if (sio_design_read(text.ptr, text.len, &a, &back, &e) < 0 || back.n != des.n)
			abort(); /* what we write we must read */
		for (size_t i = 0; i < des.n; i++)
			if (strcmp(back.v[i].unit, des.v[i].unit) != 0 ||
			    back.v[i].N != des.v[i].N || back.v[i].n != des.v[i].n)
				abort();
		static const unsigned char seed[4] = {1, 2, 3, 4};
		if (sio_draw(&f, &back, seed, sizeof seed, &out, &e) < 0)
			abort();
		int64_t want = 0, lines = 0;
		for (size_t i = 0; i < des.n; i++)
			want += des.v[i].n;
		for (size_t i = 0; i < out.len; i++)
			lines += out.ptr[i] == '\n';
		if (lines < want + 1)
			abort(); /* the header and a line per drawn person (a field may hold more)
				  */
		buf_release(&text);
		buf_release(&out);
		sio_design_free(&des);
		sio_design_free(&back);
		sio_frame_free(&f);
	} else if (e.n == 0 || f.n != 0) {
		abort(); /* a refusal says why, and keeps nothing */
	}
	arena_release(&a);
}

static void answers_round(const char *data, size_t len)
{
	struct arena a = ARENA_INIT;
	struct sio_answers r;
	struct csvin_errs e;
	if (sio_answers_read(data, len, &a, &r, &e) == 0) {
		struct wb_scale s = {100, 75, 55};
		struct buf out = BUF_INIT;
		if (sio_estimate(&r, NULL, &s, wb_z(0.95), &out, &e) < 0)
			abort();
		/* every rate and bound a fraction, low <= rate <= high; the score on the scale */
		char *line = strchr(out.ptr, '\n');
		while (line && line[1]) {
			char *end = strchr(line + 1, '\n');
			if (end == NULL)
				abort(); /* every line ends */
			*end = '\0';
			/* the last seven fields hold no comma: from the right */
			const char *f[7];
			char *c = end;
			for (int k = 6; k >= 0; k--) {
				while (c > line && *c != ',')
					c--;
				if (c <= line)
					abort();
				f[k] = c + 1;
				*c = '\0';
			}
			if (*f[0]) {
				double rate = atof(f[0]), lo = atof(f[1]), hi = atof(f[2]),
				       sc = atof(f[3]);
				if (!(lo >= 0 && hi <= 1 && lo <= rate + 1e-4 &&
				      rate <= hi + 1e-4) ||
				    !(sc >= 55 - 1e-2 && sc <= 100 + 1e-2))
					abort();
			}
			line = end;
		}
		buf_release(&out);
		sio_answers_free(&r);
	} else if (e.n == 0) {
		abort();
	}
	arena_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		if (sodium_init() < 0)
			abort();
		ready = 1;
	}
	if (size < 1 || size > 64 * 1024)
		return 0;
	if (data[0] & 1)
		answers_round((const char *)data + 1, size - 1);
	else
		frame_round((const char *)data + 1, size - 1);
	return 0;
}
