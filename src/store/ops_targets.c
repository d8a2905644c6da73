/*
 * The store's operations for annual target management, written once for every engine: a
 * year's items, results and adjustments, each kind replaced whole by an import and read
 * whole by the assessment.
 */
#include "store_int.h"

#include <string.h>

#include "../core/enums.h"
#include "../util/err.h"
#include "ops.h"

/* Replace the year's rows of one kind: clear, then insert each. */
static int put_all(struct store *st, int clear, int insert, int64_t year, const struct row_spec *rs,
		   const void *v, size_t size, size_t n)
{
	struct stmt *q = stmt_get(st, clear);
	bind_i64(q, 1, year);
	int rc = exec_done(q);
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		q = stmt_get(st, insert);
		row_bind(q, rs, FW_INS, 1, (const char *)v + i * size);
		rc = rs == &spec_tadjust ? exec_insert(q, &(int64_t){0}) : exec_done(q);
	}
	return rc < 0 ? rc : 0;
}

/* Read the rows of one kind for the year (and the unit, when @p unit_id) into an array
 * from @p a. */
static int get_all(struct store *st, int list, int64_t year, int64_t unit_id,
		   const struct row_spec *rs, struct arena *a, void **out, size_t size, size_t *n)
{
	struct stmt *q = stmt_get(st, list);
	bind_i64(q, 1, year);
	if (unit_id)
		bind_i64(q, 2, unit_id);
	return all_rows(q, rs, a, out, size, n);
}

int store_target_items_put(struct store *st, int64_t year, const struct wb_target_item *v, size_t n)
{
	return put_all(st, ST_TITEM_CLEAR, ST_TITEM_INSERT, year, &spec_titem, v, sizeof *v, n);
}

int store_target_items(struct store *st, int64_t year, struct arena *a, struct wb_target_item **out,
		       size_t *n)
{
	return get_all(st, ST_TITEM_LIST, year, 0, &spec_titem, a, (void **)out, sizeof **out, n);
}

int store_target_results_put(struct store *st, int64_t year, const struct wb_target_result *v,
			     size_t n)
{
	return put_all(st, ST_TRESULT_CLEAR, ST_TRESULT_INSERT, year, &spec_tresult, v, sizeof *v,
		       n);
}

int store_target_results(struct store *st, int64_t year, struct arena *a,
			 struct wb_target_result **out, size_t *n)
{
	return get_all(st, ST_TRESULT_LIST, year, 0, &spec_tresult, a, (void **)out, sizeof **out,
		       n);
}

int store_target_adjusts_put(struct store *st, int64_t year, const struct wb_target_adjust *v,
			     size_t n)
{
	return put_all(st, ST_TADJ_CLEAR, ST_TADJ_INSERT, year, &spec_tadjust, v, sizeof *v, n);
}

int store_target_adjusts(struct store *st, int64_t year, struct arena *a,
			 struct wb_target_adjust **out, size_t *n)
{
	return get_all(st, ST_TADJ_LIST, year, 0, &spec_tadjust, a, (void **)out, sizeof **out, n);
}

int store_target_unit_items_put(struct store *st, int64_t year, int64_t unit_id,
				const struct wb_target_item *v, size_t n)
{
	struct stmt *q = stmt_get(st, ST_TITEM_UNIT_CLEAR);
	bind_i64(q, 1, year);
	bind_i64(q, 2, unit_id);
	int rc = exec_done(q);
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		q = stmt_get(st, ST_TITEM_INSERT);
		row_bind(q, &spec_titem, FW_INS, 1, &v[i]);
		rc = exec_done(q);
	}
	return rc < 0 ? rc : 0;
}

int store_target_unit_items(struct store *st, int64_t year, int64_t unit_id, struct arena *a,
			    struct wb_target_item **out, size_t *n)
{
	return get_all(st, ST_TITEM_UNIT_LIST, year, unit_id, &spec_titem, a, (void **)out,
		       sizeof **out, n);
}

int store_target_letter(struct store *st, int64_t year, int64_t unit_id, struct arena *a,
			struct wb_target_letter *out)
{
	struct stmt *q = stmt_get(st, ST_TLETTER_GET);
	bind_i64(q, 1, year);
	bind_i64(q, 2, unit_id);
	int rc = one_row(q, &spec_tletter, a, out);
	return rc < 0 ? rc : rc > 0 ? 0 : WB_ERR_NOT_FOUND;
}

int store_target_letters(struct store *st, int64_t year, struct arena *a,
			 struct wb_target_letter **out, size_t *n)
{
	return get_all(st, ST_TLETTER_LIST, year, 0, &spec_tletter, a, (void **)out, sizeof **out,
		       n);
}

int store_target_letter_put(struct store *st, const struct wb_target_letter *l)
{
	struct stmt *q = stmt_get(st, ST_TLETTER_PUT);
	row_bind(q, &spec_tletter, FW_INS, 1, l);
	return exec_done(q);
}

int store_target_amendment_add(struct store *st, const struct wb_target_amendment *m, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_TAMEND_INSERT);
	row_bind(q, &spec_tamend, FW_INS, 1, m);
	return exec_insert(q, id);
}

int store_target_amendments(struct store *st, int64_t year, int64_t unit_id, struct arena *a,
			    struct wb_target_amendment **out, size_t *n)
{
	return get_all(st, ST_TAMEND_LIST, year, unit_id, &spec_tamend, a, (void **)out,
		       sizeof **out, n);
}

int store_target_scheme(struct store *st, int64_t year, struct arena *a, const char **json)
{
	struct stmt *q = stmt_get(st, ST_TSCHEME_GET);
	bind_i64(q, 1, year);
	int rc = q->drv->step(q);
	if (rc > 0)
		*json = col_text(q, 0, a);
	q->drv->reset(q);
	return rc < 0 ? rc : rc > 0 ? 0 : WB_ERR_NOT_FOUND;
}

int store_target_scheme_put(struct store *st, int64_t year, const char *json, int64_t at)
{
	struct stmt *q = stmt_get(st, ST_TSCHEME_PUT);
	bind_i64(q, 1, year);
	bind_text(q, 2, json);
	bind_i64(q, 3, at);
	return exec_done(q);
}

int store_target_result_put(struct store *st, const struct wb_target_result *r)
{
	struct stmt *q = stmt_get(st, ST_TRESULT_PUT);
	row_bind(q, &spec_tresult, FW_INS, 1, r);
	return exec_done(q);
}

int store_target_year(struct store *st, int64_t year, struct arena *a, struct wb_target_year *out)
{
	struct stmt *q = stmt_get(st, ST_TYEAR_GET);
	bind_i64(q, 1, year);
	int rc = one_row(q, &spec_tyear, a, out);
	if (rc == 0)
		*out = (struct wb_target_year){.year = year, .appeal_until = WB_NO_DATE};
	return rc < 0 ? rc : 0;
}

int store_target_year_put(struct store *st, const struct wb_target_year *y)
{
	struct stmt *q = stmt_get(st, ST_TYEAR_PUT);
	row_bind(q, &spec_tyear, FW_INS, 1, y);
	return exec_done(q);
}

int store_target_report_add(struct store *st, const struct wb_target_report *r, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_TREPORT_INSERT);
	row_bind(q, &spec_treport, FW_INS, 1, r);
	return exec_insert(q, id);
}

int store_target_reports(struct store *st, int64_t year, int64_t unit_id, struct arena *a,
			 struct wb_target_report **out, size_t *n)
{
	return get_all(st, unit_id ? ST_TREPORT_LIST : ST_TREPORT_YEAR, year, unit_id,
		       &spec_treport, a, (void **)out, sizeof **out, n);
}

int store_target_reminder_add(struct store *st, int64_t year, int64_t unit_id, const char *code,
			      wb_date deadline, int64_t at)
{
	struct stmt *q = stmt_get(st, ST_TREMIND_INSERT);
	bind_i64(q, 1, year);
	bind_i64(q, 2, unit_id);
	bind_text(q, 3, code);
	bind_date(q, 4, deadline);
	bind_i64(q, 5, at);
	return exec_changes(q);
}

int store_target_appeal_add(struct store *st, const struct wb_target_appeal *ap, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_TAPPEAL_INSERT);
	row_bind(q, &spec_tappeal, FW_INS, 1, ap);
	return exec_insert(q, id);
}

int store_target_appeal(struct store *st, int64_t id, struct arena *a, struct wb_target_appeal *out)
{
	struct stmt *q = stmt_get(st, ST_TAPPEAL_GET);
	bind_i64(q, 1, id);
	int rc = one_row(q, &spec_tappeal, a, out);
	return rc < 0 ? rc : rc > 0 ? 0 : WB_ERR_NOT_FOUND;
}

int store_target_appeal_update(struct store *st, const struct wb_target_appeal *ap)
{
	struct stmt *q = stmt_get(st, ST_TAPPEAL_UPDATE);
	bind_i64(q, 1, ap->id);
	row_bind(q, &spec_tappeal, FW_UPD, 2, ap);
	return exec_done(q);
}

int store_target_appeals(struct store *st, int64_t year, struct arena *a,
			 struct wb_target_appeal **out, size_t *n)
{
	return get_all(st, ST_TAPPEAL_LIST, year, 0, &spec_tappeal, a, (void **)out, sizeof **out,
		       n);
}

int store_target_proposal_add(struct store *st, const struct wb_target_proposal *p)
{
	struct stmt *q = stmt_get(st, ST_TPROP_INSERT);
	row_bind(q, &spec_tprop, FW_INS, 1, p);
	return exec_done(q);
}

int store_target_proposals(struct store *st, int64_t year, struct arena *a,
			   struct wb_target_proposal **out, size_t *n)
{
	return get_all(st, ST_TPROP_LIST, year, 0, &spec_tprop, a, (void **)out, sizeof **out, n);
}

int store_target_adjust_add(struct store *st, const struct wb_target_adjust *v, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_TADJ_INSERT);
	row_bind(q, &spec_tadjust, FW_INS, 1, v);
	return exec_insert(q, id);
}

int store_target_sanction_add(struct store *st, const struct wb_target_sanction *s, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_TSANCTION_INSERT);
	row_bind(q, &spec_tsanction, FW_INS, 1, s);
	return exec_insert(q, id);
}

int store_target_sanctions(struct store *st, int64_t year, struct arena *a,
			   struct wb_target_sanction **out, size_t *n)
{
	return get_all(st, ST_TSANCTION_LIST, year, 0, &spec_tsanction, a, (void **)out,
		       sizeof **out, n);
}

int store_target_bulletins(struct store *st, int64_t from, int64_t to,
			   int (*cb)(void *arg, const struct store_tbulletin *b), void *arg)
{
	struct stmt *q = stmt_get(st, ST_TBULLETINS);
	bind_i64(q, 1, from);
	bind_i64(q, 2, to);
	int rc;
	while ((rc = q->drv->step(q)) > 0) {
		struct store_tbulletin b = {col_i64(q, 0), col_i64(q, 1), col_text(q, 2, NULL),
					    col_i64(q, 3)};
		if ((rc = cb(arg, &b)) != 0)
			break;
	}
	q->drv->reset(q);
	return rc < 0 ? rc : 0;
}

int store_person_insert(struct store *st, const struct wb_person *p, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_PERSON_INSERT);
	row_bind(q, &spec_person, FW_INS, 1, p);
	return exec_insert(q, id);
}

int store_person_get(struct store *st, int64_t id, struct arena *a, struct wb_person *out)
{
	struct stmt *q = stmt_get(st, ST_PERSON_GET);
	bind_i64(q, 1, id);
	return one_row(q, &spec_person, a, out);
}

int store_person_update(struct store *st, const struct wb_person *p)
{
	struct stmt *q = stmt_get(st, ST_PERSON_UPDATE);
	bind_i64(q, 1, p->id);
	row_bind(q, &spec_person, FW_UPD, 2, p);
	return exec_done(q);
}

int store_people(struct store *st, int64_t unit_id, struct arena *a, struct wb_person **out,
		 size_t *n)
{
	/* the list is by unit: its id takes the year's place */
	return get_all(st, ST_PERSON_LIST, unit_id, 0, &spec_person, a, (void **)out, sizeof **out,
		       n);
}

int store_user_set_person(struct store *st, int64_t user_id, int64_t person_id)
{
	struct stmt *q = stmt_get(st, ST_USER_PERSON);
	bind_i64(q, 1, user_id);
	bind_id(q, 2, person_id);
	return exec_done(q);
}

int store_target_person_items_put(struct store *st, int64_t year, int64_t unit_id,
				  const struct wb_target_person_item *v, size_t n)
{
	struct stmt *q = stmt_get(st, ST_TPITEM_CLEAR);
	bind_i64(q, 1, year);
	bind_i64(q, 2, unit_id);
	int rc = exec_done(q);
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		q = stmt_get(st, ST_TPITEM_INSERT);
		row_bind(q, &spec_tpitem, FW_INS, 1, &v[i]);
		rc = exec_done(q);
	}
	return rc < 0 ? rc : 0;
}

int store_target_person_items(struct store *st, int64_t year, int64_t unit_id, struct arena *a,
			      struct wb_target_person_item **out, size_t *n)
{
	return get_all(st, unit_id ? ST_TPITEM_LIST : ST_TPITEM_YEAR, year, unit_id, &spec_tpitem,
		       a, (void **)out, sizeof **out, n);
}
