/*
 * The survey's fieldwork: each unit's design and response rates, the next person to call,
 * outcomes and answers, one-time codes for self-completion, and the re-contact of a share
 * of the interviews (复核).
 */
#include "svc.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../core/enums.h"
#include "svc_int.h"
#include "svc_survey_int.h"

enum { HOLD_SECONDS = 15 * 60, CODE_CHARS = 10 };

/* ---- each unit's design and fieldwork ---- */

struct units_op {
	struct svc_ctx *c;
	int64_t id;
	struct svc_survey sv;
	struct svc_survey_unit *v;
	int n, cap;
};

static struct svc_survey_unit *unit_slot(struct units_op *op, int64_t unit_id)
{
	for (int i = 0; i < op->n; i++)
		if (op->v[i].unit.id == unit_id)
			return &op->v[i];
	if (op->n == op->cap) {
		int cap = op->cap ? op->cap * 2 : 32;
		struct svc_survey_unit *v = arena_alloc(op->c->a, (size_t)cap * sizeof *v);
		if (op->n)
			memcpy(v, op->v, (size_t)op->n * sizeof *v);
		op->v = v;
		op->cap = cap;
	}
	struct svc_survey_unit *u = &op->v[op->n++];
	memset(u, 0, sizeof *u);
	u->unit.id = unit_id;
	return u;
}

static int64_t num(const char *s)
{
	return s ? strtoll(s, NULL, 10) : 0;
}

/* Every person of @p f (its cursor and limit aside), a page at a time, to @p cb. */
struct pager {
	store_sperson_cb cb;
	void *arg;
	int64_t last;
};

static int pager_cb(void *arg, const struct wb_survey_person *p)
{
	struct pager *pg = arg;
	pg->last = p->id;
	return pg->cb(pg->arg, p);
}

static int each_person(struct store *st, int64_t survey_id, struct store_sperson_filter f,
		       store_sperson_cb cb, void *arg)
{
	struct pager pg = {cb, arg, 0};
	int got;
	f.cursor = 0;
	f.limit = 1000;
	do {
		got = store_sperson_list(st, survey_id, &f, pager_cb, &pg);
		f.cursor = pg.last;
	} while (got == f.limit);
	return got < 0 ? got : 0;
}

static int frame_unit_row(void *arg, int ncols, const char *const *v)
{
	(void)ncols;
	struct units_op *op = arg;
	struct svc_survey_unit *u = unit_slot(op, num(v[0]));
	u->frame_n = num(v[1]);
	u->sample_n = wb_design_n(&op->sv.design, u->frame_n);
	return 0;
}

static int design_unit_row(void *arg, int ncols, const char *const *v)
{
	(void)ncols;
	struct units_op *op = arg;
	struct svc_survey_unit *u = unit_slot(op, num(v[0]));
	u->frame_n = num(v[1]);
	u->sample_n = num(v[2]);
	return 0;
}

static int outcome_row(void *arg, int ncols, const char *const *v)
{
	(void)ncols;
	struct units_op *op = arg;
	struct svc_survey_unit *u = unit_slot(op, num(v[0]));
	u->drawn = num(v[1]);
	u->completed = num(v[2]);
	u->refused = num(v[3]);
	u->unreachable = num(v[4]);
	u->ineligible = num(v[5]);
	u->pending = num(v[6]);
	/* AAPOR RR1: interviews over every drawn case that may be eligible, the ones not yet
	 * reached included */
	int64_t den = u->drawn - u->ineligible;
	u->rr1_defined = den > 0;
	u->rr1 = den > 0 ? (double)u->completed / (double)den : 0;
	return 0;
}

static int by_unit_id(const void *a, const void *b)
{
	const struct svc_survey_unit *x = a, *y = b;
	return (x->unit.id > y->unit.id) - (x->unit.id < y->unit.id);
}

static int units_tx(struct store *st, void *arg)
{
	struct units_op *op = arg;
	op->n = 0;
	int rc = survey_load(op->c, st, op->id, &op->sv);
	if (rc < 0)
		return rc;
	if (op->sv.s.state >= SV_CLOSED)
		rc = store_sunit_list(st, op->id, design_unit_row, op);
	else
		rc = store_survey_frame_units(st, op->id, frame_unit_row, op);
	if (rc >= 0)
		rc = store_survey_outcomes(st, op->id, outcome_row, op);
	for (int i = 0; rc >= 0 && i < op->n; i++)
		rc = store_unit_get(st, op->v[i].unit.id, op->c->a, &op->v[i].unit);
	if (op->n)
		qsort(op->v, (size_t)op->n, sizeof *op->v, by_unit_id);
	return rc < 0 ? rc : 0;
}

int survey_units_load(struct svc_ctx *c, struct store *st, int64_t id, struct svc_survey_unit **out,
		      int *n)
{
	struct units_op op = {.c = c, .id = id};
	int rc = units_tx(st, &op);
	*out = op.v;
	*n = op.n;
	return rc;
}

struct units_call {
	struct svc_ctx *c;
	int64_t id;
	struct svc_survey_unit *v;
	int n;
};

static int units_call_tx(struct store *st, void *arg)
{
	struct units_call *u = arg;
	return survey_units_load(u->c, st, u->id, &u->v, &u->n);
}

int svc_survey_units(struct svc_ctx *c, int64_t id, struct svc_survey_unit **out, int *n)
{
	int rc = survey_need(c, PERM_SURVEY_READ);
	if (rc < 0)
		return rc;
	struct units_call u = {c, id, NULL, 0};
	rc = svc_tx(c, 0, units_call_tx, &u);
	*out = u.v;
	*n = u.n;
	return rc < 0 ? rc : 0;
}

/* ---- calls ---- */

static int answer_row(void *arg, int ncols, const char *const *v)
{
	(void)ncols;
	struct svc_call *call = arg;
	int item = (int)num(v[0]);
	if (num(v[1]) == 0 && item >= 0 && item < SVC_SURVEY_ITEMS_MAX) {
		call->answers[item] = (enum wb_rating)wb_enum_parse(&wb_ratings, v[2]);
		if (item + 1 > call->nanswers)
			call->nanswers = item + 1;
	}
	return 0;
}

/* Fill @p out's unit, contact (for role stats) and answers. */
static int call_fill(struct svc_ctx *c, struct store *st, struct svc_call *out)
{
	int rc = store_unit_get(st, out->p.unit_id, c->a, &out->unit);
	if (rc < 0)
		return rc;
	out->name = out->phone = NULL;
	if (wb_perm_allows(c->who.role, PERM_SURVEY_CONTACT) && out->p.contact) {
		json_t *j = json_loads(survey_unseal(c, out->p.contact) ?: "", 0, NULL);
		out->name = arena_strdup(c->a, json_string_value(json_object_get(j, "name")));
		out->phone = arena_strdup(c->a, json_string_value(json_object_get(j, "phone")));
		json_decref(j);
	}
	out->p.contact = NULL;
	out->nanswers = 0;
	return store_sanswer_list(st, out->p.id, answer_row, out);
}

struct call_op {
	struct svc_ctx *c;
	int64_t id, person_id, unit_id;
	struct svc_call *out;
	int found;
	enum wb_call_outcome outcome;
	const enum wb_rating *answers;
	int n;
};

/* Load the survey in fieldwork. */
static int fieldwork(struct svc_ctx *c, struct store *st, int64_t id, struct svc_survey *sv)
{
	int rc = survey_load(c, st, id, sv);
	if (rc < 0)
		return rc;
	if (sv->s.state != SV_FIELDWORK)
		return svc_fail(c, WB_ERR_STATE,
				sv->s.state < SV_FIELDWORK ? "the sample is not drawn yet"
							   : "fieldwork has ended");
	return 0;
}

static int next_tx(struct store *st, void *arg)
{
	struct call_op *op = arg;
	struct svc_survey sv;
	int rc = fieldwork(op->c, st, op->id, &sv);
	if (rc < 0)
		return rc;
	rc = store_sperson_next(st, op->id, op->c->now, op->c->who.user_id, op->unit_id, op->c->a,
				&op->out->p);
	if (rc <= 0)
		return rc;
	op->found = 1;
	if ((rc = store_sperson_hold(st, op->out->p.id, op->c->who.user_id,
				     op->c->now + HOLD_SECONDS, 0)) < 0)
		return rc;
	op->out->p.held_by = op->c->who.user_id;
	op->out->p.held_until = op->c->now + HOLD_SECONDS;
	return call_fill(op->c, st, op->out);
}

int svc_survey_next(struct svc_ctx *c, int64_t id, int64_t unit_id, struct svc_call *out)
{
	int rc = survey_need(c, PERM_SURVEY_RUN);
	if (rc < 0)
		return rc;
	struct call_op op = {.c = c, .id = id, .unit_id = unit_id, .out = out};
	rc = svc_tx(c, 1, next_tx, &op);
	return rc < 0 ? rc : op.found;
}

static int person_tx(struct store *st, void *arg)
{
	struct call_op *op = arg;
	int rc = svc_found(store_sperson_get(st, op->id, op->person_id, op->c->a, &op->out->p));
	if (rc < 0)
		return rc;
	if (op->out->p.draw_pos == 0) /* the frame's others are nobody's business */
		return WB_ERR_NOT_FOUND;
	return call_fill(op->c, st, op->out);
}

int svc_survey_person(struct svc_ctx *c, int64_t id, int64_t person_id, struct svc_call *out)
{
	int rc = survey_need(c, PERM_SURVEY_RUN);
	if (rc < 0)
		return rc;
	struct call_op op = {.c = c, .id = id, .person_id = person_id, .out = out};
	rc = svc_tx(c, 0, person_tx, &op);
	return rc < 0 ? rc : 0;
}

/* Load a drawn person of a survey in fieldwork, not yet finished with. */
static int open_person(struct call_op *op, struct store *st, struct svc_survey *sv,
		       struct wb_survey_person *p)
{
	struct svc_ctx *c = op->c;
	int rc = fieldwork(c, st, op->id, sv);
	if (rc < 0)
		return rc;
	if ((rc = svc_found(store_sperson_get(st, op->id, op->person_id, c->a, p))) < 0)
		return rc;
	if (p->draw_pos == 0)
		return svc_fail(c, WB_ERR_STATE, "this person was not drawn");
	if (p->outcome >= 0)
		return svc_fail(c, WB_ERR_STATE, "this person's outcome is already recorded");
	if (p->held_by && p->held_by != c->who.user_id && p->held_until >= c->now)
		return svc_fail(c, WB_ERR_STATE, "another interviewer is calling this person");
	return 0;
}

static int callback_tx(struct store *st, void *arg)
{
	struct call_op *op = arg;
	struct svc_survey sv;
	struct wb_survey_person p;
	int rc = open_person(op, st, &sv, &p);
	if (rc < 0)
		return rc;
	if ((rc = store_sperson_hold(st, p.id, 0, 0, 1)) < 0)
		return rc;
	return svc_event(op->c, "survey.callback", "survey", op->id, NULL, NULL, 0,
			 json_pack("{s:I}", "person_id", (json_int_t)p.id));
}

int svc_survey_callback(struct svc_ctx *c, int64_t id, int64_t person_id)
{
	int rc = survey_need(c, PERM_SURVEY_RUN);
	if (rc < 0)
		return rc;
	struct call_op op = {.c = c, .id = id, .person_id = person_id};
	rc = svc_tx(c, 1, callback_tx, &op);
	return rc < 0 ? rc : 0;
}

/* Check @p n answers against the questionnaire of @p sv. */
static int check_answers(struct svc_ctx *c, const struct svc_survey *sv,
			 const enum wb_rating *answers, int n)
{
	if (n != sv->nitems)
		return svc_field(c, "answers",
				 arena_printf(c->a, "must hold one answer for each of the %d items",
					      sv->nitems));
	for (int i = 0; i < n; i++)
		if ((unsigned)answers[i] >= RATING__N)
			return svc_field(c, "answers",
					 "each must be satisfied, basically_satisfied, unsatisfied "
					 "or unaware");
	return 0;
}

/* Store answers of @p pass and return them for the event. */
static int put_answers(struct store *st, int64_t person_id, int pass, const enum wb_rating *answers,
		       int n, json_t **out)
{
	*out = json_array();
	for (int i = 0; i < n; i++) {
		int rc = store_sanswer_insert(st, person_id, i, pass, answers[i]);
		if (rc < 0)
			return rc;
		json_array_append_new(*out, json_string(wb_enum_name(&wb_ratings, answers[i])));
	}
	return 0;
}

/* Record @p p's outcome (and answers) by @p mode; the event holds no contact data. */
static int record(struct svc_ctx *c, struct store *st, const struct svc_survey *sv,
		  const struct wb_survey_person *p, enum wb_call_outcome outcome,
		  enum wb_survey_mode mode, const enum wb_rating *answers, int n)
{
	int rc = store_sperson_outcome(st, p->id, outcome, mode, c->now, c->who.user_id,
				       mode == MODE_CATI);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return svc_fail(c, WB_ERR_STATE, "this person's outcome is already recorded");
	json_t *ans = NULL;
	if (outcome == OUT_COMPLETED && (rc = put_answers(st, p->id, 0, answers, n, &ans)) < 0) {
		json_decref(ans);
		return rc;
	}
	json_t *ev = json_pack("{s:I, s:I, s:s, s:s, s:s}", "person_id", (json_int_t)p->id,
			       "unit_id", (json_int_t)p->unit_id, "respondent_id", p->respondent_id,
			       "outcome", wb_enum_name(&wb_call_outcomes, outcome), "mode",
			       wb_enum_name(&wb_survey_modes, mode));
	if (ans)
		json_object_set_new(ev, "answers", ans);
	return svc_event(c, "survey.interview", "survey", sv->s.id, NULL, NULL, 0, ev);
}

static int outcome_tx(struct store *st, void *arg)
{
	struct call_op *op = arg;
	struct svc_survey sv;
	struct wb_survey_person p;
	int rc = open_person(op, st, &sv, &p);
	if (rc < 0)
		return rc;
	if (op->outcome == OUT_COMPLETED && check_answers(op->c, &sv, op->answers, op->n) < 0)
		return WB_ERR_INVALID;
	if (op->outcome != OUT_COMPLETED && op->n)
		return svc_field(op->c, "answers", "only a completed interview has answers");
	return record(op->c, st, &sv, &p, op->outcome, MODE_CATI, op->answers, op->n);
}

int svc_survey_outcome(struct svc_ctx *c, int64_t id, int64_t person_id,
		       enum wb_call_outcome outcome, const enum wb_rating *answers, int n)
{
	int rc = survey_need(c, PERM_SURVEY_RUN);
	if (rc < 0)
		return rc;
	if ((unsigned)outcome >= OUT__N)
		return svc_field(c, "outcome",
				 "must be completed, refused, unreachable or ineligible");
	struct call_op op = {.c = c,
			     .id = id,
			     .person_id = person_id,
			     .outcome = outcome,
			     .answers = answers,
			     .n = n};
	rc = svc_tx(c, 1, outcome_tx, &op);
	return rc < 0 ? rc : 0;
}

struct sample_op {
	struct svc_ctx *c;
	int64_t id;
	struct store_sperson_filter f;
	store_sperson_cb cb;
	void *arg;
};

static int sample_cb(void *arg, const struct wb_survey_person *p)
{
	struct sample_op *op = arg;
	struct wb_survey_person x = *p;
	x.contact = NULL;
	x.code_hash = NULL;
	return op->cb(op->arg, &x);
}

static int sample_tx(struct store *st, void *arg)
{
	struct sample_op *op = arg;
	struct svc_survey sv;
	int rc = survey_load(op->c, st, op->id, &sv);
	if (rc < 0)
		return rc;
	return store_sperson_list(st, op->id, &op->f, sample_cb, op);
}

int svc_survey_sample(struct svc_ctx *c, int64_t id, int64_t unit_id, int64_t cursor, int limit,
		      store_sperson_cb cb, void *arg)
{
	int rc = survey_need(c, PERM_SURVEY_READ);
	if (rc < 0)
		return rc;
	struct sample_op op = {
		c, id, {.unit_id = unit_id, .drawn = 1, .cursor = cursor, .limit = limit}, cb, arg};
	return svc_tx(c, 0, sample_tx, &op);
}

/* ---- one-time codes ---- */

/* The hash kept of a code: SHA-256 of its canonical form (capitals, no separators). */
static const char *code_hash(struct svc_ctx *c, const char *code, int *ok)
{
	char canon[64];
	size_t n = 0;
	for (const char *p = code; *p && n < sizeof canon - 1; p++) {
		char ch = *p;
		if (ch == ' ' || ch == '-')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		canon[n++] = ch;
	}
	canon[n] = '\0';
	*ok = n == CODE_CHARS;
	char *hex = arena_alloc(c->a, 65);
	svc_hash_bytes(canon, n, hex);
	return hex;
}

struct codes_op {
	struct svc_ctx *c;
	int64_t id, unit_id;
	struct svc_code *v;
	int n, cap;
	struct store *st;
	int rc;
};

static int code_person(void *arg, const struct wb_survey_person *p)
{
	struct codes_op *op = arg;
	if (p->outcome >= 0 || p->code_hash)
		return 0;
	if (op->n == op->cap) {
		int cap = op->cap ? op->cap * 2 : 64;
		struct svc_code *v = arena_alloc(op->c->a, (size_t)cap * sizeof *v);
		if (op->n)
			memcpy(v, op->v, (size_t)op->n * sizeof *v);
		op->v = v;
		op->cap = cap;
	}
	op->v[op->n++] = (struct svc_code){p->id, arena_strdup(op->c->a, p->respondent_id),
					   arena_strdup(op->c->a, p->unit_code), NULL};
	return 0;
}

static int codes_tx(struct store *st, void *arg)
{
	struct codes_op *op = arg;
	struct svc_ctx *c = op->c;
	struct svc_survey sv;
	int rc = fieldwork(c, st, op->id, &sv);
	if (rc < 0)
		return rc;
	op->n = 0;
	struct store_sperson_filter f = {.unit_id = op->unit_id, .drawn = 1};
	if ((rc = each_person(st, op->id, f, code_person, op)) < 0)
		return rc;
	for (int i = 0; i < op->n; i++) {
		int ok;
		op->v[i].code = svc_random_code(c, CODE_CHARS);
		if ((rc = store_sperson_code(st, op->v[i].person_id,
					     code_hash(c, op->v[i].code, &ok))) < 0)
			return rc;
	}
	return svc_event(
		c, "survey.codes", "survey", op->id, NULL, NULL, 0,
		json_pack("{s:i, s:I}", "codes", op->n, "unit_id", (json_int_t)op->unit_id));
}

int svc_survey_codes(struct svc_ctx *c, int64_t id, int64_t unit_id, struct svc_code **out, int *n)
{
	int rc = survey_need(c, PERM_SURVEY_RUN);
	if (rc < 0)
		return rc;
	struct codes_op op = {.c = c, .id = id, .unit_id = unit_id};
	rc = svc_tx(c, 1, codes_tx, &op);
	*out = op.v;
	*n = rc < 0 ? 0 : op.n;
	return rc < 0 ? rc : 0;
}

struct self_op {
	struct svc_ctx *c;
	const char *hash;
	struct svc_survey *sv;
	struct wb_unit *unit;
	const enum wb_rating *answers;
	int n;
};

/* The person a code opens, in a survey in fieldwork, not yet answered. */
static int code_person_of(struct self_op *op, struct store *st, struct wb_survey_person *p)
{
	struct svc_ctx *c = op->c;
	int rc = store_sperson_by_code(st, op->hash, c->a, p);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return svc_fail(c, WB_ERR_NOT_FOUND, "no questionnaire has this code");
	if ((rc = survey_load(c, st, p->survey_id, op->sv)) < 0)
		return rc;
	if (op->sv->s.state != SV_FIELDWORK)
		return svc_fail(c, WB_ERR_STATE, "this survey is not taking answers");
	if (p->outcome >= 0)
		return svc_fail(c, WB_ERR_STATE, "this code has been used");
	return op->unit ? store_unit_get(st, p->unit_id, c->a, op->unit) : 0;
}

static int by_code_tx(struct store *st, void *arg)
{
	struct wb_survey_person p;
	return code_person_of(arg, st, &p);
}

int svc_survey_by_code(struct svc_ctx *c, const char *code, struct svc_survey *out,
		       struct wb_unit *unit)
{
	int ok;
	const char *h = code_hash(c, code ? code : "", &ok);
	if (!ok)
		return svc_field(c, "code", "must be the 10 characters printed on the letter");
	struct self_op op = {c, h, out, unit, NULL, 0};
	int rc = svc_tx(c, 0, by_code_tx, &op);
	return rc < 0 ? rc : 0;
}

static int self_tx(struct store *st, void *arg)
{
	struct self_op *op = arg;
	struct wb_survey_person p;
	int rc = code_person_of(op, st, &p);
	if (rc < 0)
		return rc;
	if (check_answers(op->c, op->sv, op->answers, op->n) < 0)
		return WB_ERR_INVALID;
	/* The public acts here: the event names no user. */
	return record(op->c, st, op->sv, &p, OUT_COMPLETED, MODE_SELF, op->answers, op->n);
}

int svc_survey_self(struct svc_ctx *c, const char *code, const enum wb_rating *answers, int n)
{
	int ok;
	const char *h = code_hash(c, code ? code : "", &ok);
	if (!ok)
		return svc_field(c, "code", "must be the 10 characters printed on the letter");
	struct svc_survey sv;
	struct self_op op = {c, h, &sv, NULL, answers, n};
	int rc = svc_tx(c, 1, self_tx, &op);
	return rc < 0 ? rc : 0;
}

/* ---- re-contact (复核) ---- */

struct recheck_op {
	struct svc_ctx *c;
	int64_t id, person_id;
	const enum wb_rating *answers;
	int n;
	int64_t drawn;
	/* the completed phone interviews of the unit being drawn */
	int64_t unit;
	int64_t *pid;
	const char **rid;
	size_t np, cap;
};

static int completed_person(void *arg, const struct wb_survey_person *p)
{
	struct recheck_op *op = arg;
	if (p->outcome != OUT_COMPLETED || p->mode != MODE_CATI || p->recheck)
		return 0;
	if (op->np == op->cap) {
		op->cap = op->cap ? op->cap * 2 : 256;
		op->pid = xreallocarray(op->pid, op->cap, sizeof *op->pid);
		op->rid = xreallocarray(op->rid, op->cap, sizeof *op->rid);
	}
	op->pid[op->np] = p->id;
	op->rid[op->np++] = arena_strdup(op->c->a, p->respondent_id);
	return 0;
}

static int recheck_draw_tx(struct store *st, void *arg)
{
	struct recheck_op *op = arg;
	struct svc_ctx *c = op->c;
	struct svc_survey sv;
	int rc = fieldwork(c, st, op->id, &sv);
	if (rc < 0)
		return rc;
	unsigned char seed[WB_SEED_MAX];
	int len = sv.s.seed ? wb_seed_parse(sv.s.seed, seed) : -1;
	if (len < 0)
		return WB_ERR_INTERNAL;
	struct units_op u = {.c = c, .id = op->id};
	if ((rc = units_tx(st, &u)) < 0)
		return rc;
	op->drawn = 0;
	for (int i = 0; i < u.n; i++) {
		op->np = 0;
		struct store_sperson_filter f = {.unit_id = u.v[i].unit.id, .drawn = 1};
		if ((rc = each_person(st, op->id, f, completed_person, op)) < 0)
			break;
		/* The share of this unit's new interviews, rounded up, in draw order of a key
		 * made from the seed and the word "recheck" in place of the unit code. */
		size_t k = ((size_t)sv.s.recheck_share * op->np + 99) / 100;
		size_t *order = xcalloc(op->np ? op->np : 1, sizeof *order);
		char unit[64];
		snprintf(unit, sizeof unit, "recheck/%lld", (long long)u.v[i].unit.id);
		if (wb_draw_order(seed, (size_t)len, unit, op->rid, op->np, order) < 0)
			rc = WB_ERR_INTERNAL;
		for (size_t j = 0; rc >= 0 && j < k; j++)
			rc = store_sperson_recheck(st, op->pid[order[j]], 1);
		op->drawn += rc >= 0 ? (int64_t)k : 0;
		free(order);
		if (rc < 0)
			break;
	}
	free(op->pid);
	free(op->rid);
	op->pid = NULL;
	op->rid = NULL;
	if (rc < 0)
		return rc;
	return svc_event(c, "survey.recheck_draw", "survey", op->id, NULL, NULL, 0,
			 json_pack("{s:I, s:i}", "drawn", (json_int_t)op->drawn, "share",
				   sv.s.recheck_share));
}

int svc_survey_recheck_draw(struct svc_ctx *c, int64_t id, int64_t *drawn)
{
	int rc = survey_need(c, PERM_SURVEY_RUN);
	if (rc < 0)
		return rc;
	struct recheck_op op = {.c = c, .id = id};
	rc = svc_tx(c, 1, recheck_draw_tx, &op);
	*drawn = op.drawn;
	return rc < 0 ? rc : 0;
}

static int recheck_tx(struct store *st, void *arg)
{
	struct recheck_op *op = arg;
	struct svc_ctx *c = op->c;
	struct svc_survey sv;
	struct wb_survey_person p;
	int rc = fieldwork(c, st, op->id, &sv);
	if (rc < 0)
		return rc;
	if ((rc = svc_found(store_sperson_get(st, op->id, op->person_id, c->a, &p))) < 0)
		return rc;
	if (p.recheck != 1)
		return svc_fail(c, WB_ERR_STATE,
				p.recheck ? "this person was re-contacted already"
					  : "this person was not drawn for re-contact");
	if (check_answers(c, &sv, op->answers, op->n) < 0)
		return WB_ERR_INVALID;
	json_t *ans;
	if ((rc = put_answers(st, p.id, 1, op->answers, op->n, &ans)) < 0 ||
	    (rc = store_sperson_recheck(st, p.id, 2)) < 0) {
		json_decref(ans);
		return rc;
	}
	return svc_event(c, "survey.recheck", "survey", op->id, NULL, NULL, 0,
			 json_pack("{s:I, s:o}", "person_id", (json_int_t)p.id, "answers", ans));
}

int svc_survey_recheck(struct svc_ctx *c, int64_t id, int64_t person_id,
		       const enum wb_rating *answers, int n)
{
	int rc = survey_need(c, PERM_SURVEY_RUN);
	if (rc < 0)
		return rc;
	struct recheck_op op = {
		.c = c, .id = id, .person_id = person_id, .answers = answers, .n = n};
	rc = svc_tx(c, 1, recheck_tx, &op);
	return rc < 0 ? rc : 0;
}

struct report_op {
	struct svc_ctx *c;
	int64_t id;
	struct store *st;
	json_t *items;
	int64_t drawn, rechecked, agree;
};

struct two_passes {
	enum wb_rating a[2][SVC_SURVEY_ITEMS_MAX];
	int n[2];
};

static int pass_row(void *arg, int ncols, const char *const *v)
{
	(void)ncols;
	struct two_passes *t = arg;
	int item = (int)num(v[0]), pass = num(v[1]) ? 1 : 0;
	if (item >= 0 && item < SVC_SURVEY_ITEMS_MAX) {
		t->a[pass][item] = (enum wb_rating)wb_enum_parse(&wb_ratings, v[2]);
		if (item + 1 > t->n[pass])
			t->n[pass] = item + 1;
	}
	return 0;
}

static int report_person(void *arg, const struct wb_survey_person *p)
{
	struct report_op *op = arg;
	op->drawn++;
	if (p->recheck != 2)
		return 0;
	op->rechecked++;
	struct two_passes t = {0};
	int rc = store_sanswer_list(op->st, p->id, pass_row, &t);
	if (rc < 0)
		return rc;
	json_t *differs = json_array();
	for (int i = 0; i < t.n[0] && i < t.n[1]; i++)
		if (t.a[0][i] != t.a[1][i])
			json_array_append_new(differs, json_integer(i));
	if (json_array_size(differs) == 0)
		op->agree++;
	json_array_append_new(op->items,
			      json_pack("{s:I, s:I, s:s, s:o}", "person_id", (json_int_t)p->id,
					"unit_id", (json_int_t)p->unit_id, "respondent_id",
					p->respondent_id, "differs", differs));
	return 0;
}

static int report_tx(struct store *st, void *arg)
{
	struct report_op *op = arg;
	struct svc_survey sv;
	int rc = survey_load(op->c, st, op->id, &sv);
	if (rc < 0)
		return rc;
	op->st = st;
	struct store_sperson_filter f = {.recheck = 1};
	return each_person(st, op->id, f, report_person, op);
}

int svc_survey_recheck_report(struct svc_ctx *c, int64_t id, json_t **out)
{
	int rc = survey_need(c, PERM_SURVEY_READ);
	if (rc < 0)
		return rc;
	struct report_op op = {.c = c, .id = id, .items = json_array()};
	rc = svc_tx(c, 0, report_tx, &op);
	if (rc < 0) {
		json_decref(op.items);
		return rc;
	}
	*out = json_pack("{s:o, s:I, s:I, s:I}", "items", op.items, "drawn", (json_int_t)op.drawn,
			 "rechecked", (json_int_t)op.rechecked, "agreed", (json_int_t)op.agree);
	return 0;
}
