/*
 * wubiao survey design|draw|estimate: the statistics bureau's work, offline. The same
 * frame, design and seed give the same sample, byte for byte, on any machine; the formulas
 * are in docs/survey.md. Needs no database.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../svc/survey_io.h"

static int read_frame(const char *path, struct arena *a, struct sio_frame *f)
{
	struct buf b = BUF_INIT;
	struct csvin_errs e;
	int rc = cli_slurp(path, &b);
	if (rc == 0 && sio_frame_read(b.ptr, b.len, a, f, &e) < 0)
		rc = cli_print_errs(path, &e);
	buf_release(&b);
	return rc ? -1 : 0;
}

static int emit(struct buf *out)
{
	int bad = fwrite(out->ptr, 1, out->len, stdout) != out->len || fflush(stdout) != 0;
	buf_release(out);
	if (bad) {
		fprintf(stderr, "wubiao survey: cannot write the output\n");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

#define FRAME_OPT(t)                                                                               \
	{                                                                                          \
		"frame", CLI_STR, &(t), 0, 0, 1, "F", "the frame: unit_code,respondent_id,stratum" \
	}

static int survey_design(int argc, char **argv)
{
	const char *frame = NULL;
	struct wb_design d;
	wb_design_defaults(&d);
	double margin = d.margin, conf = d.confidence, p = d.p, rr = d.response_rate;
	int64_t min_n = 0;
	const struct cli_opt opts[] = {
		FRAME_OPT(frame),
		{"margin", CLI_REAL, &margin, .arg = "E", .help = "the margin of error wanted",
		 .rmin = 0.001, .rmax = 0.5},
		{"confidence", CLI_REAL, &conf, .arg = "C", .help = "the confidence level",
		 .rmin = 0.5, .rmax = 0.9999},
		{"p", CLI_REAL, &p, .arg = "P", .help = "the expected satisfaction rate", .rmin = 0,
		 .rmax = 1},
		{"response-rate", CLI_REAL, &rr, .arg = "R",
		 .help = "the expected share of the drawn who complete", .rmin = 0.01, .rmax = 1},
		{"min-n", CLI_NUM, &min_n, 0, 1000000, 0, "N",
		 "completed interviews wanted at least", -1},
		{0}};
	const struct cli_spec spec = {
		"survey design", NULL, 0,
		"Print unit_code,N,n: for each unit of the frame, the number to draw.\n", opts};
	const char *pos[1];
	int npos;
	if (cli_parse(argc, argv, &spec, pos, &npos) < 0)
		return EXIT_USAGE;
	d = (struct wb_design){margin, conf, p, rr, min_n};
	struct arena a = ARENA_INIT;
	struct sio_frame f;
	if (read_frame(frame, &a, &f) < 0) {
		arena_release(&a);
		return EXIT_FAIL;
	}
	struct sio_design des;
	sio_design_make(&f, &d, &des);
	struct buf out = BUF_INIT;
	sio_design_write(&des, &out);
	sio_design_free(&des);
	sio_frame_free(&f);
	arena_release(&a);
	return emit(&out);
}

static int survey_draw(int argc, char **argv)
{
	const char *frame = NULL, *design = NULL, *seed = NULL;
	const struct cli_opt opts[] = {
		FRAME_OPT(frame),
		{"design", CLI_STR, &design, 0, 0, 1, "D", "the design: unit_code,N,n"},
		{"seed", CLI_STR, &seed, 0, 0, 1, "HEX", "the revealed seed, in hex"},
		{0}};
	const struct cli_spec spec = {
		"survey draw", NULL, 0,
		"Print unit_code,respondent_id: each unit's n people, in draw order.\n", opts};
	const char *pos[1];
	int npos;
	if (cli_parse(argc, argv, &spec, pos, &npos) < 0)
		return EXIT_USAGE;
	unsigned char key[WB_SEED_MAX];
	int klen = wb_seed_parse(seed, key);
	if (klen < 0) {
		fprintf(stderr,
			"wubiao survey draw: --seed takes 2 to %d hex digits, an even "
			"number of them\n",
			2 * WB_SEED_MAX);
		return EXIT_USAGE;
	}
	struct arena a = ARENA_INIT;
	struct sio_frame f = {0};
	struct sio_design des = {0};
	struct buf text = BUF_INIT, out = BUF_INIT;
	struct csvin_errs e;
	int rc = EXIT_FAIL;
	if (read_frame(frame, &a, &f) < 0 || cli_slurp(design, &text) < 0)
		goto done;
	if (sio_design_read(text.ptr, text.len, &a, &des, &e) < 0) {
		cli_print_errs(design, &e);
		goto done;
	}
	if (sio_draw(&f, &des, key, (size_t)klen, &out, &e) < 0) {
		/* An error with a line is the design's; one without is the frame's. */
		for (size_t i = 0; i < e.n; i++) {
			if (e.v[i].line)
				fprintf(stderr, "%s:%zu: %s\n", design, e.v[i].line, e.v[i].msg);
			else
				fprintf(stderr, "%s: %s\n", frame, e.v[i].msg);
		}
		goto done;
	}
	rc = emit(&out);
done:
	buf_release(&out);
	buf_release(&text);
	sio_design_free(&des);
	sio_frame_free(&f);
	arena_release(&a);
	return rc;
}

/* Read "100,75,55" into @p s. @return 0 or -1 */
static int parse_scale(const char *t, struct wb_scale *s)
{
	double v[3];
	char *end;
	for (int i = 0; i < 3; i++) {
		errno = 0;
		v[i] = strtod(t, &end);
		if (end == t || errno || v[i] < 0 || v[i] > 1000)
			return -1;
		t = end;
		if (i < 2 && *t++ != ',')
			return -1;
	}
	if (*t)
		return -1;
	*s = (struct wb_scale){v[0], v[1], v[2]};
	return 0;
}

static int survey_estimate(int argc, char **argv)
{
	const char *responses = NULL, *frame = NULL, *scale = "100,75,55";
	double conf = 0.95;
	const struct cli_opt opts[] = {
		{"responses", CLI_STR, &responses, 0, 0, 1, "R",
		 "the answers: unit_code,respondent_id,stratum,dimension,answer"},
		{"frame", CLI_STR, &frame, 0, 0, 0, "F", "the frame, for the post-stratified rate"},
		{"confidence", CLI_REAL, &conf, .arg = "C", .help = "the confidence level",
		 .rmin = 0.5, .rmax = 0.9999},
		{"scale", CLI_STR, &scale, 0, 0, 0, "S,B,U",
		 "points for 满意, 基本满意 and 不满意"},
		{0}};
	const struct cli_spec spec = {"survey estimate", NULL, 0,
				      "Print per unit and dimension the satisfaction rate with "
				      "its Wilson interval, the score, and\n"
				      "with --frame the post-stratified rate.\n",
				      opts};
	const char *pos[1];
	int npos;
	if (cli_parse(argc, argv, &spec, pos, &npos) < 0)
		return EXIT_USAGE;
	struct wb_scale s;
	if (parse_scale(scale, &s) < 0) {
		fprintf(stderr,
			"wubiao survey estimate: --scale takes three numbers from 0 to "
			"1000, as 100,75,55, not '%s'\n",
			scale);
		return EXIT_USAGE;
	}
	struct arena a = ARENA_INIT;
	struct sio_frame f = {0};
	struct sio_answers r = {0};
	struct buf text = BUF_INIT, out = BUF_INIT;
	struct csvin_errs e;
	int rc = EXIT_FAIL;
	if ((frame && read_frame(frame, &a, &f) < 0) || cli_slurp(responses, &text) < 0)
		goto done;
	if (sio_answers_read(text.ptr, text.len, &a, &r, &e) < 0 ||
	    sio_estimate(&r, frame ? &f : NULL, &s, wb_z(conf), &out, &e) < 0) {
		cli_print_errs(responses, &e);
		goto done;
	}
	rc = emit(&out);
done:
	buf_release(&out);
	buf_release(&text);
	sio_answers_free(&r);
	sio_frame_free(&f);
	arena_release(&a);
	return rc;
}

int cmd_survey(int argc, char **argv)
{
	static const struct {
		const char *name;
		cmd_fn fn;
		const char *help;
	} sub[] = {
		{"design", survey_design, "the number to draw per unit, from the frame"},
		{"draw", survey_draw, "the sample, from the frame, the design and the seed"},
		{"estimate", survey_estimate, "rates, intervals and scores from the answers"},
	};
	for (size_t i = 0; argc >= 2 && i < sizeof sub / sizeof *sub; i++)
		if (strcmp(argv[1], sub[i].name) == 0)
			return sub[i].fn(argc - 1, argv + 1);
	int help = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
	FILE *f = help ? stdout : stderr;
	fprintf(f, "usage: wubiao survey <design|draw|estimate> [options]\n");
	for (size_t i = 0; i < sizeof sub / sizeof *sub; i++)
		fprintf(f, "  %-9s %s\n", sub[i].name, sub[i].help);
	return help ? EXIT_OK : EXIT_USAGE;
}
