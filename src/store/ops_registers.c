/*
 * The store's operations for the registers of first contact (首接首问), efficiency faults
 * (行政效能过错), bulletins as documents (通报) and leaders' pledges (十项承诺), written once
 * for every engine.
 */
#include "store_int.h"

#include <string.h>

#include "../core/enums.h"
#include "../util/err.h"
#include "ops.h"

/* ---- first contact ---- */

int store_contact_insert(struct store *st, const struct wb_contact *c, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_CONTACT_INSERT);
	row_bind(q, &spec_contact, FW_INS, 1, c);
	return exec_insert(q, id);
}

int store_contact_get(struct store *st, int64_t id, struct arena *a, struct wb_contact *out)
{
	struct stmt *q = stmt_get(st, ST_CONTACT_GET);
	bind_i64(q, 1, id);
	return one_row(q, &spec_contact, a, out);
}

int store_contact_update(struct store *st, const struct wb_contact *c)
{
	struct stmt *q = stmt_get(st, ST_CONTACT_UPDATE);
	bind_i64(q, 1, c->id);
	row_bind(q, &spec_contact, FW_UPD, 2, c);
	return exec_done(q);
}

int store_contacts(struct store *st, const struct store_contact_filter *f, struct arena *a,
		   struct wb_contact **out, size_t *n)
{
	struct stmt *q = stmt_get(st, ST_CONTACT_LIST);
	bind_id(q, 1, f->unit_id);
	bind_id(q, 2, f->person_id);
	bind_enum(q, 3, &wb_contact_statuses, f->status);
	bind_id(q, 4, f->from);
	bind_id(q, 5, f->to);
	return all_rows(q, &spec_contact, a, (void **)out, sizeof **out, n);
}

int store_opinion_set_contact(struct store *st, int64_t opinion_id, int64_t contact_id)
{
	struct stmt *q = stmt_get(st, ST_OPINION_CONTACT);
	bind_i64(q, 1, opinion_id);
	bind_id(q, 2, contact_id);
	return exec_done(q);
}

int store_contact_opinions(struct store *st, int64_t contact_id, struct arena *a, int64_t **out,
			   size_t *n)
{
	struct stmt *q = stmt_get(st, ST_CONTACT_OPINIONS);
	bind_i64(q, 1, contact_id);
	size_t cap = 0;
	int64_t *v = NULL;
	*n = 0;
	int rc;
	while ((rc = q->drv->step(q)) > 0) {
		v = grow_array(a, v, *n, &cap, sizeof *v);
		v[(*n)++] = col_i64(q, 0);
	}
	q->drv->reset(q);
	*out = v;
	return rc < 0 ? rc : 0;
}

/* ---- efficiency faults ---- */

int store_fault_insert(struct store *st, const struct wb_fault *f, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_FAULT_INSERT);
	row_bind(q, &spec_fault, FW_INS, 1, f);
	return exec_insert(q, id);
}

int store_fault_get(struct store *st, int64_t id, struct arena *a, struct wb_fault *out)
{
	struct stmt *q = stmt_get(st, ST_FAULT_GET);
	bind_i64(q, 1, id);
	return one_row(q, &spec_fault, a, out);
}

int store_fault_update(struct store *st, const struct wb_fault *f)
{
	struct stmt *q = stmt_get(st, ST_FAULT_UPDATE);
	bind_i64(q, 1, f->id);
	row_bind(q, &spec_fault, FW_UPD, 2, f);
	return exec_done(q);
}

int store_faults(struct store *st, const struct store_fault_filter *f, struct arena *a,
		 struct wb_fault **out, size_t *n)
{
	struct stmt *q = stmt_get(st, ST_FAULT_LIST);
	bind_id(q, 1, f->unit_id);
	bind_id(q, 2, f->person_id);
	bind_enum(q, 3, &wb_fault_statuses, f->status);
	bind_date(q, 4, f->decided_from);
	bind_date(q, 5, f->decided_to);
	return all_rows(q, &spec_fault, a, (void **)out, sizeof **out, n);
}

int store_fault_of_overdue(struct store *st, int64_t problem_id, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_FAULT_OVERDUE_OF);
	bind_i64(q, 1, problem_id);
	*id = 0;
	int rc = exec_i64(q, id);
	return rc < 0 ? rc : 0;
}

int store_fault_people_put(struct store *st, int64_t fault_id, const struct wb_fault_person *v,
			   size_t n)
{
	struct stmt *q = stmt_get(st, ST_FPERSON_CLEAR);
	bind_i64(q, 1, fault_id);
	int rc = exec_done(q);
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		struct wb_fault_person p = v[i];
		p.fault_id = fault_id;
		q = stmt_get(st, ST_FPERSON_INSERT);
		row_bind(q, &spec_fperson, FW_INS, 1, &p);
		rc = exec_done(q);
	}
	return rc < 0 ? rc : 0;
}

int store_fault_people(struct store *st, int64_t fault_id, struct arena *a,
		       struct wb_fault_person **out, size_t *n)
{
	struct stmt *q = stmt_get(st, ST_FPERSON_LIST);
	bind_i64(q, 1, fault_id);
	size_t cap = 0;
	struct wb_fault_person *v = NULL;
	*n = 0;
	int rc;
	while ((rc = q->drv->step(q)) > 0) {
		v = grow_array(a, v, *n, &cap, sizeof *v);
		struct wb_fault_person *p = &v[(*n)++];
		row_read(q, &spec_fperson, 0, a, p);
		p->name = col_text(q, spec_fperson.n, a);
	}
	q->drv->reset(q);
	*out = v;
	return rc < 0 ? rc : 0;
}

int store_fault_prior(struct store *st, int64_t person_id, wb_date since, int64_t except, int *out)
{
	struct stmt *q = stmt_get(st, ST_FPERSON_PRIOR);
	bind_i64(q, 1, person_id);
	bind_date(q, 2, since);
	bind_i64(q, 3, except);
	*out = -1;
	int rc;
	while ((rc = q->drv->step(q)) > 0) {
		int s = col_enum(q, 0, &wb_sanctions);
		if (s > *out)
			*out = s;
	}
	q->drv->reset(q);
	return rc < 0 ? rc : 0;
}

/* ---- bulletins as documents ---- */

int store_notice_insert(struct store *st, const struct wb_notice *n, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_NOTICE_INSERT);
	row_bind(q, &spec_notice, FW_INS, 1, n);
	return exec_insert(q, id);
}

int store_notice_get(struct store *st, int64_t id, struct arena *a, struct wb_notice *out)
{
	struct stmt *q = stmt_get(st, ST_NOTICE_GET);
	bind_i64(q, 1, id);
	return one_row(q, &spec_notice, a, out);
}

int store_notice_update(struct store *st, const struct wb_notice *n)
{
	struct stmt *q = stmt_get(st, ST_NOTICE_UPDATE);
	bind_i64(q, 1, n->id);
	row_bind(q, &spec_notice, FW_UPD, 2, n);
	return exec_done(q);
}

int store_notices(struct store *st, const struct store_notice_filter *f, struct arena *a,
		  struct wb_notice **out, size_t *n)
{
	struct stmt *q = stmt_get(st, ST_NOTICE_LIST);
	bind_enum(q, 1, &wb_notice_statuses, f->status);
	bind_enum(q, 2, &wb_notice_scopes, f->scope);
	bind_enum(q, 3, &wb_notice_kinds, f->kind);
	bind_id(q, 4, f->no_drafts ? 1 : 0);
	return all_rows(q, &spec_notice, a, (void **)out, sizeof **out, n);
}

int store_notice_refs_put(struct store *st, int64_t notice_id, const struct wb_notice_ref *v,
			  size_t n)
{
	struct stmt *q = stmt_get(st, ST_NREF_CLEAR);
	bind_i64(q, 1, notice_id);
	int rc = exec_done(q);
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		q = stmt_get(st, ST_NREF_INSERT);
		bind_i64(q, 1, notice_id);
		bind_enum(q, 2, &wb_notice_subjects, v[i].kind);
		bind_i64(q, 3, v[i].ref_id);
		rc = exec_done(q);
	}
	return rc < 0 ? rc : 0;
}

int store_notice_refs(struct store *st, int64_t notice_id, struct arena *a,
		      struct wb_notice_ref **out, size_t *n)
{
	struct stmt *q = stmt_get(st, ST_NREF_LIST);
	bind_i64(q, 1, notice_id);
	return all_rows(q, &spec_nref, a, (void **)out, sizeof **out, n);
}

int store_notice_revision_add(struct store *st, const struct wb_notice_revision *r)
{
	struct stmt *q = stmt_get(st, ST_NREV_INSERT);
	row_bind(q, &spec_nrev, FW_INS, 1, r);
	int64_t id;
	return exec_insert(q, &id);
}

int store_notice_revisions(struct store *st, int64_t notice_id, struct arena *a,
			   struct wb_notice_revision **out, size_t *n)
{
	struct stmt *q = stmt_get(st, ST_NREV_LIST);
	bind_i64(q, 1, notice_id);
	return all_rows(q, &spec_nrev, a, (void **)out, sizeof **out, n);
}

int store_notice_of_bulletin(struct store *st, int64_t bulletin_id, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_NOTICE_OF_BULLETIN);
	bind_i64(q, 1, bulletin_id);
	*id = 0;
	int rc = exec_i64(q, id);
	return rc < 0 ? rc : 0;
}

int store_notice_by_number(struct store *st, const char *number, int64_t except, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_NOTICE_BY_NUMBER);
	bind_text(q, 1, number);
	bind_i64(q, 2, except);
	*id = 0;
	int rc = exec_i64(q, id);
	return rc < 0 ? rc : 0;
}

/* ---- leaders' pledges ---- */

int store_pledge_set_insert(struct store *st, const struct wb_pledge_set *s, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_PSET_INSERT);
	row_bind(q, &spec_pset, FW_INS, 1, s);
	return exec_insert(q, id);
}

int store_pledge_set_get(struct store *st, int64_t id, struct arena *a, struct wb_pledge_set *out)
{
	struct stmt *q = stmt_get(st, ST_PSET_GET);
	bind_i64(q, 1, id);
	return one_row(q, &spec_pset, a, out);
}

int store_pledge_set_update(struct store *st, const struct wb_pledge_set *s)
{
	struct stmt *q = stmt_get(st, ST_PSET_UPDATE);
	bind_i64(q, 1, s->id);
	row_bind(q, &spec_pset, FW_UPD, 2, s);
	return exec_done(q);
}

int store_pledge_sets(struct store *st, int64_t unit_id, int status, wb_date from, wb_date to,
		      struct arena *a, struct wb_pledge_set **out, size_t *n)
{
	struct stmt *q = stmt_get(st, ST_PSET_LIST);
	bind_id(q, 1, unit_id);
	bind_enum(q, 2, &wb_pledge_statuses, status);
	bind_date(q, 3, from);
	bind_date(q, 4, to);
	return all_rows(q, &spec_pset, a, (void **)out, sizeof **out, n);
}

int store_pledge_items_put(struct store *st, int64_t set_id, const char *const *texts, size_t n)
{
	struct stmt *q = stmt_get(st, ST_PITEM_CLEAR);
	bind_i64(q, 1, set_id);
	int rc = exec_done(q);
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		q = stmt_get(st, ST_PITEM_INSERT);
		bind_i64(q, 1, set_id);
		bind_i64(q, 2, (int64_t)i + 1);
		bind_text(q, 3, texts[i]);
		rc = exec_done(q);
	}
	return rc < 0 ? rc : 0;
}

int store_pledge_items(struct store *st, int64_t set_id, struct arena *a,
		       struct wb_pledge_item **out, size_t *n)
{
	struct stmt *q = stmt_get(st, ST_PITEM_LIST);
	bind_i64(q, 1, set_id);
	return all_rows(q, &spec_pitem, a, (void **)out, sizeof **out, n);
}

int store_pledge_record_add(struct store *st, const struct wb_pledge_record *r, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_PRECORD_INSERT);
	row_bind(q, &spec_precord, FW_INS, 1, r);
	return exec_insert(q, id);
}

int store_pledge_records(struct store *st, int64_t set_id, wb_date from, wb_date to,
			 struct arena *a, struct wb_pledge_record **out, size_t *n)
{
	struct stmt *q = stmt_get(st, ST_PRECORD_LIST);
	bind_i64(q, 1, set_id);
	bind_date(q, 2, from);
	bind_date(q, 3, to);
	return all_rows(q, &spec_precord, a, (void **)out, sizeof **out, n);
}

int store_pledge_rating_add(struct store *st, const struct wb_pledge_rating_row *r, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_PRATING_INSERT);
	row_bind(q, &spec_prating, FW_INS, 1, r);
	return exec_insert(q, id);
}

int store_pledge_ratings(struct store *st, int64_t set_id, int64_t from, int64_t to,
			 struct arena *a, struct wb_pledge_rating_row **out, size_t *n)
{
	struct stmt *q = stmt_get(st, ST_PRATING_LIST);
	bind_i64(q, 1, set_id);
	bind_id(q, 2, from);
	bind_id(q, 3, to);
	return all_rows(q, &spec_prating, a, (void **)out, sizeof **out, n);
}

int store_pledge_rating_of(struct store *st, int64_t set_id, int64_t user_id, int64_t *id)
{
	struct stmt *q = stmt_get(st, ST_PRATING_OF);
	bind_i64(q, 1, set_id);
	bind_i64(q, 2, user_id);
	*id = 0;
	int rc = exec_i64(q, id);
	return rc < 0 ? rc : 0;
}
