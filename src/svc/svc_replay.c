/*
 * The audit log checked against the records: the events are replayed in order into the
 * state they imply — each problem's status, unit, deadlines, flag and round; each
 * opinion's status and problem; each rating; each survey interview's outcome and answers
 * and each survey's published results — and every record is compared with it. A record
 * changed, added or removed without its event differs, and the first that does is named.
 * Fields an older event did not record are not compared.
 */
#include "svc_replay.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/text.h"
#include "svc_int.h"

/* Which fields the log has told. */
enum {
	K_STATUS = 1 << 0,
	K_UNIT = 1 << 1,
	K_DUE = 1 << 2,
	K_ACK = 1 << 3,
	K_FLAG = 1 << 4,
	K_FLAG_DUE = 1 << 5,
	K_ROUND = 1 << 6,
};

struct rp_problem {
	unsigned char seen, matched, status, flagged;
	unsigned known;
	int64_t unit;
	wb_date due, ack_due, flag_due;
	int round;
};

struct rp_opinion {
	unsigned char seen, matched, status, known_problem;
	int64_t problem;
};

struct rp_rating {
	unsigned char seen, matched, rating;
	unsigned char uncounted; /**< the event says the figures skip it */
	int64_t problem, opinion;
	int round, known_opinion;
};

/* A survey's person with an outcome: the outcome and the answers of each pass, as the
 * digits of the answers' enum values. */
struct rp_person {
	unsigned char seen, matched, outcome;
	char *answers[2]; /* from the arena; NULL: none told */
};

/* A published survey: the SHA-256 of its results as published. */
struct rp_survey {
	char results_hash[65];
	unsigned char published;
};

struct replay {
	struct rp_problem *p;
	struct rp_opinion *o;
	struct rp_rating *r;
	struct rp_person *sp;
	struct rp_survey *sv;
	size_t np, no, nr, nsp, nsv;
	struct arena *a;
	const char *mismatch;
	int64_t mismatch_id; /**< to report the lowest id of a kind */
};

/* Slot @p id of a dense array of @p size-byte items, grown with zeros. */
static void *slot(void **v, size_t *n, int64_t id, size_t size)
{
	if (id <= 0 || id > INT32_MAX)
		return NULL;
	if ((size_t)id >= *n) {
		size_t m = *n ? *n : 1024;
		while (m <= (size_t)id)
			m *= 2;
		char *p = xreallocarray(*v, m, size);
		memset(p + *n * size, 0, (m - *n) * size);
		*v = p;
		*n = m;
	}
	return (char *)*v + (size_t)id * size;
}

static struct rp_problem *problem(struct replay *rp, int64_t id)
{
	return slot((void **)&rp->p, &rp->np, id, sizeof *rp->p);
}

static struct rp_opinion *opinion(struct replay *rp, int64_t id)
{
	return slot((void **)&rp->o, &rp->no, id, sizeof *rp->o);
}

static int date_of(const json_t *d, const char *key, wb_date *out)
{
	const char *s = json_string_value(json_object_get(d, key));
	return s && wb_date_parse(s, out) == 0;
}

static int64_t int_of(const json_t *d, const char *key)
{
	return json_integer_value(json_object_get(d, key));
}

static void merge_into(struct replay *rp, const json_t *d, int64_t problem_id)
{
	size_t i;
	const json_t *v;
	json_array_foreach(json_object_get(d, "opinion_ids"), i, v)
	{
		struct rp_opinion *o = opinion(rp, json_integer_value(v));
		if (o) {
			o->status = OS_MERGED;
			o->problem = problem_id;
			o->known_problem = 1;
		}
	}
}

static void opinion_event(struct replay *rp, const struct wb_event *e, const json_t *d)
{
	struct rp_opinion *o = opinion(rp, e->subject_id);
	if (o == NULL)
		return;
	if (strcmp(e->kind, "opinion.create") == 0) {
		o->seen = 1;
		o->problem = 0;
		o->known_problem = 1;
		/* a bulk load may enter an opinion already merged, and says so */
		if (json_object_get(d, "problem_id"))
			o->problem = int_of(d, "problem_id");
	}
	int s = e->to_status ? wb_enum_parse(&wb_opinion_statuses, e->to_status) : -1;
	if (s >= 0)
		o->status = (unsigned char)s;
}

/* The flag's deadline, when the event recorded it under @p key. */
static void flag_due(struct rp_problem *p, const json_t *d, const char *key)
{
	if (date_of(d, key, &p->flag_due))
		p->known |= K_FLAG_DUE;
}

static void problem_event(struct replay *rp, const struct wb_event *e, const json_t *d)
{
	struct rp_problem *p = problem(rp, e->subject_id);
	if (p == NULL)
		return;
	const char *k = e->kind + strlen("problem.");
	if (strcmp(k, "create") == 0) {
		*p = (struct rp_problem){.seen = 1,
					 .status = PS_OPEN,
					 .known = K_STATUS | K_UNIT | K_DUE | K_ACK | K_FLAG |
						  K_FLAG_DUE | K_ROUND,
					 .due = WB_NO_DATE,
					 .ack_due = WB_NO_DATE,
					 .flag_due = WB_NO_DATE};
		merge_into(rp, d, e->subject_id);
	} else if (strcmp(k, "merge") == 0) {
		merge_into(rp, d, e->subject_id);
	} else if (strcmp(k, "dispatch") == 0) {
		p->unit = int_of(d, "unit_id");
		p->known = date_of(d, "due_on", &p->due) ? p->known | K_DUE : p->known & ~K_DUE;
		p->known = date_of(d, "ack_due_on", &p->ack_due) ? p->known | K_ACK
								 : p->known & ~K_ACK;
		if (p->unit)
			p->known |= K_UNIT;
		if (json_is_true(json_object_get(d, "flagged"))) {
			p->flagged = 1;
			p->known &= ~K_FLAG_DUE;
			flag_due(p, d, "flag_due_on");
		}
	} else if (strcmp(k, "extension_decision") == 0) {
		if (json_is_true(json_object_get(d, "approved")) &&
		    !date_of(d, "requested_due_on", &p->due))
			p->known &= ~K_DUE;
		flag_due(p, d, "flag_due_on");
	} else if (strcmp(k, "verify") == 0 || strcmp(k, "reopen") == 0) {
		if (json_is_true(json_object_get(d, "passed")))
			p->round++;
		else if (json_object_get(d, "due_on") && !date_of(d, "due_on", &p->due))
			p->known &= ~K_DUE;
		flag_due(p, d, "flag_due_on");
	} else if (strcmp(k, "flag") == 0) {
		p->flagged = json_is_true(json_object_get(d, "flagged"));
		if (p->flagged)
			flag_due(p, d, "due_on");
	} else if (strcmp(k, "close") == 0) {
		p->flagged = 0;
	} else if (strcmp(k, "evaluate") == 0) {
		struct rp_rating *r =
			slot((void **)&rp->r, &rp->nr, int_of(d, "evaluation_id"), sizeof *rp->r);
		if (r) {
			r->seen = 1;
			r->problem = e->subject_id;
			r->round = (int)int_of(d, "round");
			r->rating = (unsigned char)wb_enum_parse(
				&wb_ratings, json_string_value(json_object_get(d, "rating")));
			/* whose rating: the opinion named, else a staff member's own; an older
			 * public rating's event did not name its receipt's opinion */
			const char *by = json_string_value(json_object_get(d, "by"));
			r->opinion = int_of(d, "opinion_id");
			r->known_opinion = json_object_get(d, "opinion_id") != NULL ||
					   (by && strcmp(by, "staff") == 0);
			r->uncounted = json_is_false(json_object_get(d, "counted"));
		}
	}
	int s = e->to_status ? wb_enum_parse(&wb_pstatuses, e->to_status) : -1;
	if (s >= 0) {
		p->status = (unsigned char)s;
		p->known |= K_STATUS;
	}
}

/* The answers of an event as digits: "0123…". */
static char *answer_digits(struct arena *a, const json_t *arr)
{
	size_t n = json_array_size(arr);
	char *s = arena_alloc(a, n + 1);
	for (size_t i = 0; i < n; i++) {
		int v = wb_enum_parse(&wb_ratings, json_string_value(json_array_get(arr, i)));
		s[i] = (char)('0' + (v < 0 ? 9 : v));
	}
	s[n] = '\0';
	return s;
}

static void survey_event(struct replay *rp, const struct wb_event *e, const json_t *d)
{
	if (strcmp(e->kind, "survey.interview") == 0 || strcmp(e->kind, "survey.recheck") == 0) {
		int64_t id = int_of(d, "person_id");
		if (id <= 0)
			return;
		struct rp_person *p = slot((void **)&rp->sp, &rp->nsp, id, sizeof *rp->sp);
		int pass = strcmp(e->kind, "survey.recheck") == 0;
		if (!pass) {
			int o = wb_enum_parse(&wb_call_outcomes,
					      json_string_value(json_object_get(d, "outcome")));
			p->seen = 1;
			p->outcome = (unsigned char)(o < 0 ? 0 : o);
		}
		json_t *ans = json_object_get(d, "answers");
		if (json_is_array(ans))
			p->answers[pass] = answer_digits(rp->a, ans);
	} else if (strcmp(e->kind, "survey.publish") == 0) {
		struct rp_survey *s =
			slot((void **)&rp->sv, &rp->nsv, e->subject_id, sizeof *rp->sv);
		const char *h = json_string_value(json_object_get(d, "results_hash"));
		snprintf(s->results_hash, sizeof s->results_hash, "%s", h ? h : "");
		s->published = 1;
	}
}

int svc_replay_event(struct replay *rp, const struct wb_event *e)
{
	if (e->subject_type == NULL || e->kind == NULL)
		return 0;
	json_t *d = e->data ? json_loads(e->data, 0, NULL) : NULL;
	if (strcmp(e->subject_type, "opinion") == 0)
		opinion_event(rp, e, d);
	else if (strcmp(e->subject_type, "problem") == 0 && strncmp(e->kind, "problem.", 8) == 0)
		problem_event(rp, e, d);
	else if (strcmp(e->subject_type, "survey") == 0)
		survey_event(rp, e, d);
	json_decref(d);
	return 0;
}

struct replay *svc_replay_new(struct arena *a)
{
	struct replay *rp = xcalloc(1, sizeof *rp);
	rp->a = a;
	return rp;
}

void svc_replay_free(struct replay *rp)
{
	if (rp == NULL)
		return;
	free(rp->p);
	free(rp->o);
	free(rp->r);
	free(rp->sp);
	free(rp->sv);
	free(rp);
}

/* Keep the difference of the lowest id among those found (lists come newest first). */
static int differ(struct replay *rp, int64_t id, const char *what)
{
	if (rp->mismatch_id == 0 || id < rp->mismatch_id) {
		rp->mismatch_id = id;
		rp->mismatch = what;
	}
	return 0;
}

static const char *date_text(struct arena *a, wb_date d)
{
	if (d == WB_NO_DATE)
		return "none";
	char *s = arena_alloc(a, 11);
	wb_date_format(d, s);
	return s;
}

static int check_problem(void *arg, const struct wb_problem *t)
{
	struct replay *rp = arg;
	struct rp_problem *p = t->id < (int64_t)rp->np ? &rp->p[t->id] : NULL;
	struct arena *a = rp->a;
	if (p == NULL || !p->seen)
		return differ(
			rp, t->id,
			arena_printf(a, "problem %lld has no event in the log", (long long)t->id));
	p->matched = 1;
	const char *why = NULL;
	if ((p->known & K_STATUS) && p->status != (unsigned)t->status)
		why = arena_printf(a, "status is %s, the log says %s",
				   wb_enum_name(&wb_pstatuses, t->status),
				   wb_enum_name(&wb_pstatuses, p->status));
	else if ((p->known & K_UNIT) && p->unit != t->unit_id)
		why = arena_printf(a, "unit is %lld, the log says %lld", (long long)t->unit_id,
				   (long long)p->unit);
	else if ((p->known & K_DUE) && p->due != t->due_on)
		why = arena_printf(a, "due_on is %s, the log says %s", date_text(a, t->due_on),
				   date_text(a, p->due));
	else if ((p->known & K_ACK) && p->ack_due != t->ack_due_on)
		why = arena_printf(a, "ack_due_on is %s, the log says %s",
				   date_text(a, t->ack_due_on), date_text(a, p->ack_due));
	else if ((p->known & K_FLAG) && p->flagged != (t->flagged != 0))
		why = arena_printf(a, "flagged is %s, the log says %s",
				   t->flagged ? "true" : "false", p->flagged ? "true" : "false");
	else if ((p->known & K_FLAG_DUE) && p->flagged && p->flag_due != t->flag_due_on)
		why = arena_printf(a, "flag_due_on is %s, the log says %s",
				   date_text(a, t->flag_due_on), date_text(a, p->flag_due));
	else if ((p->known & K_ROUND) && p->round != t->round)
		why = arena_printf(a, "round is %d, the log says %d", t->round, p->round);
	return why ? differ(rp, t->id, arena_printf(a, "problem %lld: %s", (long long)t->id, why))
		   : 0;
}

static int check_opinion(void *arg, const struct wb_opinion *t)
{
	struct replay *rp = arg;
	struct rp_opinion *o = t->id < (int64_t)rp->no ? &rp->o[t->id] : NULL;
	struct arena *a = rp->a;
	if (o == NULL || !o->seen)
		return differ(
			rp, t->id,
			arena_printf(a, "opinion %lld has no event in the log", (long long)t->id));
	o->matched = 1;
	if (o->status != (unsigned)t->status)
		return differ(rp, t->id,
			      arena_printf(a, "opinion %lld: status is %s, the log says %s",
					   (long long)t->id,
					   wb_enum_name(&wb_opinion_statuses, t->status),
					   wb_enum_name(&wb_opinion_statuses, o->status)));
	if (o->known_problem && o->problem != t->problem_id)
		return differ(rp, t->id,
			      arena_printf(a, "opinion %lld: problem is %lld, the log says %lld",
					   (long long)t->id, (long long)t->problem_id,
					   (long long)o->problem));
	return 0;
}

static int check_rating(void *arg, const struct wb_evaluation *t)
{
	struct replay *rp = arg;
	struct rp_rating *r = t->id < (int64_t)rp->nr ? &rp->r[t->id] : NULL;
	struct arena *a = rp->a;
	if (r == NULL || !r->seen)
		return differ(
			rp, t->id,
			arena_printf(a, "rating %lld has no event in the log", (long long)t->id));
	r->matched = 1;
	if (r->problem != t->problem_id || r->round != t->round ||
	    r->rating != (unsigned)t->rating || (r->known_opinion && r->opinion != t->opinion_id))
		return differ(rp, t->id,
			      arena_printf(a,
					   "rating %lld: %s of problem %lld round %d, the log says "
					   "%s of problem %lld round %d",
					   (long long)t->id, wb_enum_name(&wb_ratings, t->rating),
					   (long long)t->problem_id, t->round,
					   wb_enum_name(&wb_ratings, r->rating),
					   (long long)r->problem, r->round));
	/* Skipped by the figures only as its event says; a rating without an opinion may
	 * also be a second one of an account recorded before the one-per-source rule. */
	if ((r->uncounted && t->counted) || (!r->uncounted && !t->counted && t->opinion_id))
		return differ(rp, t->id,
			      arena_printf(a, "rating %lld is %s, the log says it is %s",
					   (long long)t->id, t->counted ? "counted" : "not counted",
					   r->uncounted ? "not counted" : "counted"));
	return 0;
}

/* ---- the surveys ---- */

struct answers_of {
	struct arena *a;
	char *digits[2];
	size_t len[2];
};

static int answer_row(void *arg, int ncols, const char *const *v)
{
	(void)ncols;
	struct answers_of *x = arg;
	int pass = v[1] && strcmp(v[1], "0") != 0;
	long long item;
	int r = wb_enum_parse(&wb_ratings, v[2]);
	if (v[0] == NULL || wb_parse_int(v[0], strlen(v[0]), 0, 63, &item) < 0)
		return 0;
	if (x->digits[pass] == NULL) {
		x->digits[pass] = arena_alloc(x->a, 65);
		memset(x->digits[pass], 0, 65);
	}
	x->digits[pass][item] = (char)('0' + (r < 0 ? 9 : r));
	if ((size_t)item + 1 > x->len[pass])
		x->len[pass] = (size_t)item + 1;
	return 0;
}

struct survey_check {
	struct replay *rp;
	struct store *st;
	int rc;
};

static int check_person(void *arg, const struct wb_survey_person *t)
{
	struct survey_check *sc = arg;
	struct replay *rp = sc->rp;
	if (t->outcome < 0 && t->recheck < 2)
		return 0;
	struct rp_person *p = t->id < (int64_t)rp->nsp ? &rp->sp[t->id] : NULL;
	struct arena *a = rp->a;
	if (p == NULL || !p->seen)
		return differ(
			rp, t->id,
			arena_printf(a, "survey person %lld: an outcome with no event in the log",
				     (long long)t->id));
	p->matched = 1;
	if (p->outcome != (unsigned)t->outcome)
		return differ(rp, t->id,
			      arena_printf(a, "survey person %lld: outcome is %s, the log says %s",
					   (long long)t->id,
					   wb_enum_name(&wb_call_outcomes, t->outcome),
					   wb_enum_name(&wb_call_outcomes, p->outcome)));
	struct answers_of x = {a, {NULL, NULL}, {0, 0}};
	int rc = store_sanswer_list(sc->st, t->id, answer_row, &x);
	if (rc < 0)
		return rc;
	for (int pass = 0; pass < 2; pass++) {
		const char *told = p->answers[pass], *kept = x.digits[pass];
		if ((told == NULL) != (kept == NULL) || (told && strcmp(told, kept) != 0))
			return differ(
				rp, t->id,
				arena_printf(a,
					     "survey person %lld: the answers%s differ from the "
					     "log",
					     (long long)t->id, pass ? " of the re-contact" : ""));
	}
	return 0;
}

static int check_survey(void *arg, const struct wb_survey *s)
{
	struct survey_check *sc = arg;
	struct replay *rp = sc->rp;
	struct rp_survey *r = s->id < (int64_t)rp->nsv ? &rp->sv[s->id] : NULL;
	if ((s->state == SV_PUBLISHED) != (r && r->published))
		return differ(rp, s->id,
			      arena_printf(rp->a, "survey %lld: published is %s, the log says %s",
					   (long long)s->id,
					   s->state == SV_PUBLISHED ? "yes" : "no",
					   r && r->published ? "yes" : "no"));
	if (r && r->published && r->results_hash[0]) {
		char hex[65];
		svc_hash_text(s->results ? s->results : "", hex);
		if (strcmp(hex, r->results_hash) != 0)
			return differ(rp, s->id,
				      arena_printf(rp->a,
						   "survey %lld: the published results differ from "
						   "the log",
						   (long long)s->id));
	}
	struct store_sperson_filter f = {.drawn = 1, .limit = INT_MAX};
	return store_sperson_list(sc->st, s->id, &f, check_person, sc);
}

/* Records the log describes that the tables no longer hold. */
static void missing(struct replay *rp)
{
	for (size_t i = 1; i < rp->np && !rp->mismatch; i++)
		if (rp->p[i].seen && !rp->p[i].matched)
			differ(rp, (int64_t)i,
			       arena_printf(rp->a,
					    "problem %zu is in the log but not in the records", i));
	for (size_t i = 1; i < rp->no && !rp->mismatch; i++)
		if (rp->o[i].seen && !rp->o[i].matched)
			differ(rp, (int64_t)i,
			       arena_printf(rp->a,
					    "opinion %zu is in the log but not in the records", i));
	for (size_t i = 1; i < rp->nr && !rp->mismatch; i++)
		if (rp->r[i].seen && !rp->r[i].matched)
			differ(rp, (int64_t)i,
			       arena_printf(rp->a,
					    "rating %zu is in the log but not in the records", i));
	for (size_t i = 1; i < rp->nsp && !rp->mismatch; i++)
		if (rp->sp[i].seen && !rp->sp[i].matched)
			differ(rp, (int64_t)i,
			       arena_printf(rp->a,
					    "survey person %zu: the log's outcome is not in the "
					    "records",
					    i));
}

const char *svc_replay_compare(struct replay *rp, struct store *st, int *rc)
{
	struct store_problem_filter pf = {.dimension = -1,
					  .severity = -1,
					  .flagged = -1,
					  .overdue = -1,
					  .ext_pending = -1,
					  .awaiting_evaluation = -1,
					  .today = WB_NO_DATE,
					  .due_until = WB_NO_DATE,
					  .limit = INT_MAX};
	*rc = store_problem_list(st, NULL, &pf, check_problem, rp);
	if (*rc >= 0 && rp->mismatch == NULL) {
		struct store_opinion_filter of = {.status = -1,
						  .dimension = -1,
						  .source = -1,
						  .channel = -1,
						  .limit = INT_MAX};
		rp->mismatch_id = 0;
		*rc = store_opinion_list(st, NULL, &of, check_opinion, rp);
	}
	if (*rc >= 0 && rp->mismatch == NULL) {
		rp->mismatch_id = 0;
		*rc = store_evaluation_all(st, check_rating, rp);
	}
	if (*rc >= 0 && rp->mismatch == NULL) {
		rp->mismatch_id = 0;
		struct survey_check sc = {rp, st, 0};
		*rc = store_survey_list(st, 0, -1, rp->a, check_survey, &sc);
	}
	if (*rc >= 0 && rp->mismatch == NULL)
		missing(rp);
	return rp->mismatch;
}
