/*
 * The store's operations for the statistics bureau's survey, written once for every
 * engine: surveys, their frames and designs, outcomes, answers, and the counts the
 * estimates are made from.
 */
#include "store_int.h"

#include "../core/enums.h"
#include "ops.h"

int store_survey_insert(struct store *st, const struct wb_survey *s, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_SURVEY_INSERT);
	row_bind(q, &spec_survey, FW_INS, 1, s);
	return exec_insert(q, id);
}

int store_survey_get(struct store *st, int64_t id, struct arena *a, struct wb_survey *out)
{
	struct stmt *q = stmt_get(st, ST_SURVEY_GET);
	bind_i64(q, 1, id);
	return one_row(q, &spec_survey, a, out);
}

int store_survey_update(struct store *st, const struct wb_survey *s)
{
	struct stmt *q = stmt_get(st, ST_SURVEY_UPDATE);
	bind_i64(q, 1, s->id);
	row_bind(q, &spec_survey, FW_UPD, 2, s);
	int rc = exec_changes(q);
	return rc < 0 ? rc : rc > 0;
}

struct survey_emit {
	struct arena *a;
	int (*cb)(void *arg, const struct wb_survey *s);
	void *arg;
};

int store_survey_list(struct store *st, int64_t campaign_id, int state, struct arena *a,
		      int (*cb)(void *arg, const struct wb_survey *s), void *arg)
{
	struct stmt *q = stmt_get(st, ST_SURVEY_LIST);
	bind_id(q, 1, campaign_id);
	bind_enum(q, 2, &wb_survey_states, state);
	int rc, n = 0;
	while ((rc = q->drv->step(q)) > 0) {
		struct wb_survey s;
		row_read(q, &spec_survey, 0, a, &s);
		int crc = cb(arg, &s);
		if (crc < 0) {
			q->drv->reset(q);
			return crc;
		}
		n++;
	}
	return rc < 0 ? rc : n;
}

int store_sperson_insert(struct store *st, const struct wb_survey_person *p)
{
	struct stmt *q = stmt_get(st, ST_SPERSON_INSERT);
	row_bind(q, &spec_sperson, FW_INS, 1, p);
	int64_t id;
	return exec_insert(q, &id);
}

int store_sperson_clear(struct store *st, int64_t survey_id)
{
	struct stmt *q = stmt_get(st, ST_SPERSON_CLEAR);
	bind_i64(q, 1, survey_id);
	return exec_changes(q);
}

int store_sperson_get(struct store *st, int64_t survey_id, int64_t id, struct arena *a,
		      struct wb_survey_person *out)
{
	struct stmt *q = stmt_get(st, ST_SPERSON_GET);
	bind_i64(q, 1, id);
	bind_i64(q, 2, survey_id);
	return one_row(q, &spec_sperson, a, out);
}

int store_sperson_by_code(struct store *st, const char *code_hash, struct arena *a,
			  struct wb_survey_person *out)
{
	struct stmt *q = stmt_get(st, ST_SPERSON_BY_CODE);
	bind_text(q, 1, code_hash);
	return one_row(q, &spec_sperson, a, out);
}

int store_sperson_of_unit(struct store *st, int64_t survey_id, int64_t unit_id, store_row_cb cb,
			  void *arg)
{
	struct stmt *q = stmt_get(st, ST_SPERSON_OF_UNIT);
	bind_i64(q, 1, survey_id);
	bind_i64(q, 2, unit_id);
	return each_text_row(q, 3, cb, arg);
}

static int emit_sperson(struct stmt *q, const struct emit *em)
{
	struct wb_survey_person p;
	row_read(q, &spec_sperson, 0, NULL, &p);
	return em->cb.sperson(em->arg, &p);
}

int store_sperson_list(struct store *st, int64_t survey_id, const struct store_sperson_filter *f,
		       store_sperson_cb cb, void *arg)
{
	struct stmt *q = stmt_get(st, ST_SPERSON_LIST);
	bind_i64(q, 1, survey_id);
	bind_id(q, 2, f->unit_id);
	if (f->drawn) /* unbound parameters are NULL: any */
		bind_i64(q, 3, 1);
	bind_id(q, 4, f->cursor);
	if (f->recheck)
		bind_i64(q, 5, 1);
	bind_i64(q, 6, f->limit);
	return each_row(q, emit_sperson, &(struct emit){.cb.sperson = cb, .arg = arg});
}

int store_sperson_draw(struct store *st, int64_t id, int64_t pos)
{
	struct stmt *q = stmt_get(st, ST_SPERSON_DRAW);
	bind_i64(q, 1, id);
	bind_i64(q, 2, pos);
	return exec_changes(q);
}

int store_sperson_next(struct store *st, int64_t survey_id, int64_t now, int64_t user_id,
		       int64_t unit_id, struct arena *a, struct wb_survey_person *out)
{
	struct stmt *q = stmt_get(st, ST_SPERSON_NEXT);
	bind_i64(q, 1, survey_id);
	bind_i64(q, 2, now);
	bind_i64(q, 3, user_id);
	bind_id(q, 4, unit_id);
	return one_row(q, &spec_sperson, a, out);
}

int store_sperson_hold(struct store *st, int64_t id, int64_t user_id, int64_t until, int attempt)
{
	struct stmt *q = stmt_get(st, ST_SPERSON_HOLD);
	bind_i64(q, 1, id);
	bind_id(q, 2, user_id);
	bind_id(q, 3, user_id ? until : 0);
	bind_i64(q, 4, attempt);
	return exec_changes(q);
}

int store_sperson_outcome(struct store *st, int64_t id, enum wb_call_outcome outcome,
			  enum wb_survey_mode mode, int64_t at, int64_t by, int attempt)
{
	struct stmt *q = stmt_get(st, ST_SPERSON_OUTCOME);
	bind_i64(q, 1, id);
	bind_enum(q, 2, &wb_call_outcomes, outcome);
	bind_enum(q, 3, &wb_survey_modes, mode);
	bind_i64(q, 4, at);
	bind_id(q, 5, by);
	bind_i64(q, 6, attempt);
	return exec_changes(q);
}

int store_sperson_code(struct store *st, int64_t id, const char *code_hash)
{
	struct stmt *q = stmt_get(st, ST_SPERSON_CODE);
	bind_i64(q, 1, id);
	bind_text(q, 2, code_hash);
	return exec_changes(q);
}

int store_sperson_recheck(struct store *st, int64_t id, int recheck)
{
	struct stmt *q = stmt_get(st, ST_SPERSON_RECHECK);
	bind_i64(q, 1, id);
	bind_i64(q, 2, recheck);
	return exec_changes(q);
}

/* A statement taking the survey's id alone, its rows as texts. */
static int survey_rows(struct store *st, int id, int ncols, int64_t survey_id, store_row_cb cb,
		       void *arg)
{
	struct stmt *q = stmt_get(st, id);
	bind_i64(q, 1, survey_id);
	return each_text_row(q, ncols, cb, arg);
}

int store_survey_frame_units(struct store *st, int64_t survey_id, store_row_cb cb, void *arg)
{
	return survey_rows(st, ST_SURVEY_FRAME_UNITS, 2, survey_id, cb, arg);
}

int store_survey_strata(struct store *st, int64_t survey_id, store_row_cb cb, void *arg)
{
	return survey_rows(st, ST_SURVEY_STRATA, 3, survey_id, cb, arg);
}

int store_sunit_insert(struct store *st, int64_t survey_id, int64_t unit_id, int64_t frame_n,
		       int64_t sample_n)
{
	struct stmt *q = stmt_get(st, ST_SUNIT_INSERT);
	bind_i64(q, 1, survey_id);
	bind_i64(q, 2, unit_id);
	bind_i64(q, 3, frame_n);
	bind_i64(q, 4, sample_n);
	return exec_done(q);
}

int store_sunit_list(struct store *st, int64_t survey_id, store_row_cb cb, void *arg)
{
	return survey_rows(st, ST_SUNIT_LIST, 3, survey_id, cb, arg);
}

int store_survey_outcomes(struct store *st, int64_t survey_id, store_row_cb cb, void *arg)
{
	return survey_rows(st, ST_SURVEY_OUTCOMES, 7, survey_id, cb, arg);
}

int store_sanswer_insert(struct store *st, int64_t person_id, int item, int pass,
			 enum wb_rating answer)
{
	struct stmt *q = stmt_get(st, ST_SANSWER_INSERT);
	bind_i64(q, 1, person_id);
	bind_i64(q, 2, item);
	bind_i64(q, 3, pass);
	bind_enum(q, 4, &wb_ratings, answer);
	return exec_done(q);
}

int store_sanswer_list(struct store *st, int64_t person_id, store_row_cb cb, void *arg)
{
	return survey_rows(st, ST_SANSWER_LIST, 3, person_id, cb, arg);
}

int store_survey_tally(struct store *st, int64_t survey_id, store_row_cb cb, void *arg)
{
	return survey_rows(st, ST_SURVEY_TALLY, 5, survey_id, cb, arg);
}

int store_survey_people_tally(struct store *st, int64_t survey_id, int item_a, int item_b,
			      store_row_cb cb, void *arg)
{
	struct stmt *q = stmt_get(st, ST_SURVEY_PEOPLE_TALLY);
	bind_i64(q, 1, survey_id);
	bind_i64(q, 2, item_a);
	bind_i64(q, 3, item_b);
	return each_text_row(q, 6, cb, arg);
}
