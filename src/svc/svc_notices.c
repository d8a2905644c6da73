/*
 * Bulletins as documents (通报): the office drafts, a leader signs off, which issues the
 * notice to its scope; the office corrects an issued notice with a reason (the text before
 * is kept as a revision) and the office or a leader withdraws it with one. Every step is
 * an audit event. An issued criticism about units becomes a proposed subtract of the
 * year-end assessment (svc_yearend.c); a flag's notice is issued with the flag.
 */
#include "svc_notices.h"

#include <stdlib.h>
#include <string.h>

#include "../core/enums.h"
#include "../core/perm.h"
#include "svc_int.h"

const char *const svc_notice_action_names[] = {"edit", "sign", "correct", "withdraw", NULL};

enum { NOTICE_SUBJECTS_MAX = 50 };

static int office(const struct svc_ctx *c)
{
	return c->who.role == ROLE_ADMIN;
}

static int leader(const struct svc_ctx *c)
{
	return c->who.role == ROLE_LEADER;
}

static int may_read(const struct svc_ctx *c, const struct wb_notice *n)
{
	if (office(c) || leader(c))
		return 1;
	if (n->status == NST_DRAFT)
		return 0;
	if ((unsigned)c->who.role < ROLE__N)
		return 1; /* any logged-in user */
	return n->scope == NSC_PUBLIC && n->status == NST_ISSUED;
}

static unsigned actions_of(const struct svc_ctx *c, const struct wb_notice *n)
{
	unsigned a = 0;
	if (n->status == NST_DRAFT) {
		if (office(c))
			a |= SNA_EDIT;
		if (leader(c))
			a |= SNA_SIGN;
	} else if (n->status == NST_ISSUED) {
		if (office(c))
			a |= SNA_CORRECT;
		if (office(c) || leader(c))
			a |= SNA_WITHDRAW;
	}
	return a;
}

static json_t *ids_json(const struct wb_notice_ref *v, size_t n, enum wb_notice_subject kind)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		if (v[i].kind == kind)
			json_array_append_new(a, json_integer(v[i].ref_id));
	return a;
}

static json_t *text_json(const struct wb_notice *n, const struct wb_notice_ref *v, size_t nv)
{
	return json_pack("{s:s, s:s?, s:s, s:s, s:s, s:{s:o, s:o, s:o}}", "kind",
			 wb_enum_name(&wb_notice_kinds, n->kind), "number", n->number, "title",
			 n->title, "body", n->body, "scope",
			 wb_enum_name(&wb_notice_scopes, n->scope), "subjects", "problems",
			 ids_json(v, nv, NSU_PROBLEM), "units", ids_json(v, nv, NSU_UNIT), "people",
			 ids_json(v, nv, NSU_PERSON));
}

/* Check the text members present in @p in (all required when @p all). */
static int check_text(struct svc_ctx *c, const struct svc_notice_in *in, int all)
{
	if (all && in->kind < 0)
		svc_field(c, "kind", "is required");
	if (all && in->scope < 0)
		svc_field(c, "scope", "is required");
	svc_line(c, "number", in->number, 1, 50, 0);
	svc_line(c, "title", in->title, 2, 100, all);
	svc_text(c, "body", in->body, 10, 20000, all);
	return c->errs.n ? WB_ERR_INVALID : 0;
}

/* Read the subjects' ids of @p j into refs checked against the store. */
static int read_subjects(struct svc_ctx *c, struct store *st, json_t *j, struct wb_notice_ref **out,
			 size_t *n)
{
	static const char *const keys[NSU__N] = {"problems", "units", "people"};
	*out = NULL;
	*n = 0;
	if (!json_is_object(j))
		return svc_field(c, "subjects", "must be an object");
	size_t total = 0;
	const char *key;
	json_t *v;
	json_object_foreach(j, key, v)
	{
		int known = 0;
		for (int k = 0; k < NSU__N; k++)
			known |= strcmp(key, keys[k]) == 0;
		if (!known)
			return svc_field(c, arena_printf(c->a, "subjects.%s", key),
					 "is not a field");
		if (!json_is_array(v))
			return svc_field(c, arena_printf(c->a, "subjects.%s", key),
					 "must be an array");
		total += json_array_size(v);
	}
	if (total > NOTICE_SUBJECTS_MAX)
		return svc_field(c, "subjects", "must list 0 to 50");
	struct wb_notice_ref *refs = arena_alloc(c->a, (total + 1) * sizeof *refs);
	for (int k = 0; k < NSU__N; k++) {
		json_t *arr = json_object_get(j, keys[k]);
		size_t i;
		json_t *it;
		json_array_foreach(arr, i, it)
		{
			const char *f = arena_printf(c->a, "subjects.%s[%zu]", keys[k], i);
			if (!json_is_integer(it) || json_integer_value(it) < 1) {
				svc_field(c, f, "must be a positive integer");
				continue;
			}
			int64_t id = json_integer_value(it);
			int rc;
			if (k == NSU_PROBLEM) {
				struct wb_problem p;
				rc = store_problem_get(st, &c->who, id, c->a, &p);
			} else if (k == NSU_UNIT) {
				struct wb_unit u;
				rc = store_unit_get(st, id, c->a, &u);
				if (rc > 0 && !wb_unit_kind_is_responsible(u.kind))
					rc = 0;
			} else {
				struct wb_person p;
				rc = store_person_get(st, id, c->a, &p);
			}
			if (rc < 0)
				return rc;
			if (rc == 0) {
				svc_field(c, f, "is not a known one");
				continue;
			}
			int dup = 0;
			for (size_t m = 0; m < *n; m++)
				dup |= refs[m].kind == (enum wb_notice_subject)k &&
				       refs[m].ref_id == id;
			if (!dup)
				refs[(*n)++] =
					(struct wb_notice_ref){0, (enum wb_notice_subject)k, id};
		}
	}
	*out = refs;
	return c->errs.n ? WB_ERR_INVALID : 0;
}

static int number_free(struct svc_ctx *c, struct store *st, const char *number, int64_t id)
{
	if (number == NULL)
		return 0;
	int64_t other;
	int rc = store_notice_by_number(st, number, id, &other);
	if (rc < 0)
		return rc;
	return other ? svc_fail(c, WB_ERR_CONFLICT,
				arena_printf(c->a, "the number %s is another notice's", number))
		     : 0;
}

/* ---- drafting and correcting ---- */

struct write_op {
	struct svc_ctx *c;
	int64_t id;
	const struct svc_notice_in *in;
	int64_t *out_id;
	const char *number, *signer; /* signing */
	int withdraw;
};

static int create_tx(struct store *st, void *arg)
{
	struct write_op *op = arg;
	struct svc_ctx *c = op->c;
	const struct svc_notice_in *in = op->in;
	struct wb_notice_ref *refs = NULL;
	size_t nrefs = 0;
	int rc;
	if (in->subjects && (rc = read_subjects(c, st, in->subjects, &refs, &nrefs)) < 0)
		return rc;
	if ((rc = number_free(c, st, in->number, 0)) < 0)
		return rc;
	struct wb_notice n = {.kind = (enum wb_notice_kind)in->kind,
			      .number = in->number,
			      .title = in->title,
			      .body = in->body,
			      .scope = (enum wb_notice_scope)in->scope,
			      .status = NST_DRAFT,
			      .drafted_by = c->who.user_id,
			      .drafted_at = c->now};
	if ((rc = store_notice_insert(st, &n, op->out_id)) < 0 ||
	    (rc = store_notice_refs_put(st, *op->out_id, refs, nrefs)) < 0)
		return rc;
	return svc_event(c, "notice.draft", "notice", *op->out_id, NULL, "draft", 0,
			 text_json(&n, refs, nrefs));
}

int svc_notice_create(struct svc_ctx *c, const struct svc_notice_in *in, int64_t *id)
{
	if (!office(c))
		return svc_fail(c, WB_ERR_FORBIDDEN, "the district office drafts notices");
	if (check_text(c, in, 1) < 0)
		return WB_ERR_INVALID;
	struct write_op op = {.c = c, .in = in, .out_id = id};
	return svc_tx(c, 1, create_tx, &op);
}

/* Read notice @p id for a change, 404 outside the caller's reading, 403 or 409 when
 * @p action is not open to the caller now. */
static int load_for(struct svc_ctx *c, struct store *st, int64_t id, unsigned action,
		    struct wb_notice *n)
{
	int rc = store_notice_get(st, id, c->a, n);
	if (rc <= 0 || !may_read(c, n))
		return rc < 0 ? rc : svc_fail(c, WB_ERR_NOT_FOUND, "no such notice");
	if (actions_of(c, n) & action)
		return 0;
	struct svc_ctx as = *c;
	unsigned any = 0;
	as.who.role = ROLE_ADMIN;
	any |= actions_of(&as, n);
	as.who.role = ROLE_LEADER;
	any |= actions_of(&as, n);
	if (!(any & action))
		return svc_fail(c, WB_ERR_STATE,
				arena_printf(c->a, "the notice is %s",
					     wb_enum_name(&wb_notice_statuses, n->status)));
	return svc_fail(c, WB_ERR_FORBIDDEN,
			action == SNA_SIGN ? "a leader signs notices off"
					   : "the district office drafts and corrects notices");
}

static int update_tx(struct store *st, void *arg)
{
	struct write_op *op = arg;
	struct svc_ctx *c = op->c;
	const struct svc_notice_in *in = op->in;
	struct wb_notice n;
	int rc = store_notice_get(st, op->id, c->a, &n);
	if (rc <= 0 || !may_read(c, &n))
		return rc < 0 ? rc : svc_fail(c, WB_ERR_NOT_FOUND, "no such notice");
	unsigned action = n.status == NST_DRAFT ? SNA_EDIT : SNA_CORRECT;
	if ((rc = load_for(c, st, op->id, action, &n)) < 0)
		return rc;
	if (action == SNA_CORRECT && svc_text(c, "reason", in->reason, 5, 1000, 1) < 0)
		return WB_ERR_INVALID;
	struct wb_notice_ref *refs, *before_refs;
	size_t nrefs, nbefore;
	if ((rc = store_notice_refs(st, n.id, c->a, &before_refs, &nbefore)) < 0)
		return rc;
	refs = before_refs;
	nrefs = nbefore;
	if (in->subjects && (rc = read_subjects(c, st, in->subjects, &refs, &nrefs)) < 0)
		return rc;
	const char *number = in->number ? in->number : n.number;
	if ((rc = number_free(c, st, number, n.id)) < 0)
		return rc;
	json_t *before = text_json(&n, before_refs, nbefore);
	if (in->kind >= 0)
		n.kind = (enum wb_notice_kind)in->kind;
	if (in->scope >= 0)
		n.scope = (enum wb_notice_scope)in->scope;
	n.number = number;
	if (in->title)
		n.title = in->title;
	if (in->body)
		n.body = in->body;
	if (action == SNA_CORRECT) {
		n.revision++;
		char *text = json_dumps(before, JSON_COMPACT);
		struct wb_notice_revision r = {0, n.id, in->reason, text, c->who.user_id, c->now};
		rc = store_notice_revision_add(st, &r);
		free(text);
		if (rc < 0) {
			json_decref(before);
			return rc;
		}
	}
	if ((rc = store_notice_update(st, &n)) < 0 ||
	    (rc = store_notice_refs_put(st, n.id, refs, nrefs)) < 0) {
		json_decref(before);
		return rc;
	}
	json_t *d = json_pack("{s:o, s:o}", "before", before, "after", text_json(&n, refs, nrefs));
	if (action == SNA_CORRECT)
		json_object_set_new(d, "reason", json_string(in->reason));
	const char *s = wb_enum_name(&wb_notice_statuses, n.status);
	return svc_event(c, action == SNA_CORRECT ? "notice.correct" : "notice.edit", "notice",
			 n.id, s, s, 0, d);
}

int svc_notice_update(struct svc_ctx *c, int64_t id, const struct svc_notice_in *in)
{
	if (check_text(c, in, 0) < 0)
		return WB_ERR_INVALID;
	struct write_op op = {.c = c, .id = id, .in = in};
	return svc_tx(c, 1, update_tx, &op);
}

/* ---- signing off and withdrawing ---- */

static int step_tx(struct store *st, void *arg)
{
	struct write_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_notice n;
	int rc = load_for(c, st, op->id, op->withdraw ? SNA_WITHDRAW : SNA_SIGN, &n);
	if (rc < 0)
		return rc;
	const char *from = wb_enum_name(&wb_notice_statuses, n.status);
	json_t *d;
	if (op->withdraw) {
		n.status = NST_WITHDRAWN;
		n.withdrawn_at = c->now;
		n.withdrawn_reason = op->signer;
		d = json_pack("{s:s}", "reason", op->signer);
	} else {
		const char *number = op->number ? op->number : n.number;
		if (number == NULL || !number[0])
			return svc_field(c, "number", "is required to sign a notice off");
		if ((rc = number_free(c, st, number, n.id)) < 0)
			return rc;
		const char *signer = op->signer;
		if (signer == NULL) {
			struct wb_user u;
			if ((rc = store_user_get(st, c->who.user_id, c->a, &u)) < 0)
				return rc;
			signer = rc ? u.display_name : "";
		}
		n.number = number;
		n.status = NST_ISSUED;
		n.signer = signer;
		n.signed_by = c->who.user_id;
		n.signed_at = c->now;
		d = json_pack("{s:s, s:s, s:s}", "number", number, "signer", signer, "scope",
			      wb_enum_name(&wb_notice_scopes, n.scope));
	}
	if ((rc = store_notice_update(st, &n)) < 0) {
		json_decref(d);
		return rc;
	}
	return svc_event(c, op->withdraw ? "notice.withdraw" : "notice.sign", "notice", n.id, from,
			 wb_enum_name(&wb_notice_statuses, n.status), 0, d);
}

int svc_notice_sign(struct svc_ctx *c, int64_t id, const char *number, const char *signer)
{
	svc_line(c, "number", number, 1, 50, 0);
	svc_line(c, "signer", signer, 2, 30, 0);
	if (c->errs.n)
		return WB_ERR_INVALID;
	struct write_op op = {.c = c, .id = id, .number = number, .signer = signer};
	return svc_tx(c, 1, step_tx, &op);
}

int svc_notice_withdraw(struct svc_ctx *c, int64_t id, const char *reason)
{
	if (svc_text(c, "reason", reason, 5, 1000, 1) < 0)
		return WB_ERR_INVALID;
	struct write_op op = {.c = c, .id = id, .signer = reason, .withdraw = 1};
	return svc_tx(c, 1, step_tx, &op);
}

/* ---- reading ---- */

static int fill(struct svc_ctx *c, struct svc_notice_view *v)
{
	int rc = store_notice_refs(c->st, v->n.id, c->a, &v->refs, &v->nrefs);
	if (rc < 0)
		return rc;
	v->ref_names = arena_alloc(c->a, (v->nrefs + 1) * sizeof *v->ref_names);
	for (size_t i = 0; i < v->nrefs; i++) {
		const struct wb_notice_ref *r = &v->refs[i];
		const char *name = "";
		if (r->kind == NSU_PROBLEM) {
			struct wb_problem p;
			/* the notice names it: its title is as public as the notice */
			if (store_problem_get(c->st, NULL, r->ref_id, c->a, &p) > 0)
				name = p.title;
		} else if (r->kind == NSU_UNIT) {
			struct wb_unit u;
			if (store_unit_get(c->st, r->ref_id, c->a, &u) > 0)
				name = u.name;
		} else {
			struct wb_person p;
			if (store_person_get(c->st, r->ref_id, c->a, &p) > 0)
				name = p.name;
		}
		v->ref_names[i] = name;
	}
	if ((rc = store_notice_revisions(c->st, v->n.id, c->a, &v->revs, &v->nrevs)) < 0)
		return rc;
	v->actions = actions_of(c, &v->n);
	return 0;
}

int svc_notice_get(struct svc_ctx *c, int64_t id, struct svc_notice_view *out)
{
	memset(out, 0, sizeof *out);
	int rc = store_notice_get(c->st, id, c->a, &out->n);
	if (rc <= 0 || !may_read(c, &out->n))
		return rc < 0 ? rc : svc_fail(c, WB_ERR_NOT_FOUND, "no such notice");
	return fill(c, out);
}

int svc_notices(struct svc_ctx *c, const struct store_notice_filter *f,
		struct svc_notice_view **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct store_notice_filter scoped = *f;
	if (!office(c) && !leader(c))
		scoped.no_drafts = 1;
	if ((unsigned)c->who.role >= ROLE__N) {
		scoped.scope = NSC_PUBLIC;
		scoped.status = NST_ISSUED;
	}
	struct wb_notice *v;
	size_t nv;
	int rc = store_notices(c->st, &scoped, c->a, &v, &nv);
	if (rc < 0)
		return rc;
	struct svc_notice_view *w = arena_alloc(c->a, (nv + 1) * sizeof *w);
	for (size_t i = 0; i < nv; i++) {
		memset(&w[i], 0, sizeof w[i]);
		w[i].n = v[i];
		if ((rc = fill(c, &w[i])) < 0)
			return rc;
	}
	*out = w;
	*n = nv;
	return 0;
}

/* ---- a flag's notice ---- */

int svc_notice_of_flag(struct svc_ctx *c, struct store *st, const struct wb_problem *p,
		       int64_t bulletin_id, const char *text)
{
	struct wb_notice n = {.kind = NK_CRITICISM,
			      .title = arena_printf(c->a, "关于“%s”挂牌限时整改的通报", p->title),
			      .body = text,
			      .scope = NSC_PUBLIC,
			      .status = NST_ISSUED,
			      .bulletin_id = bulletin_id,
			      .drafted_by = c->who.user_id,
			      .drafted_at = c->now,
			      .signed_by = c->who.user_id,
			      .signed_at = c->now};
	struct wb_notice_ref refs[2] = {{0, NSU_PROBLEM, p->id}};
	size_t nrefs = 1;
	int64_t unit = p->unit_id ? p->unit_id : p->target_unit_id;
	if (unit)
		refs[nrefs++] = (struct wb_notice_ref){0, NSU_UNIT, unit};
	int64_t id;
	int rc = store_notice_insert(st, &n, &id);
	if (rc < 0 || (rc = store_notice_refs_put(st, id, refs, nrefs)) < 0)
		return rc;
	json_t *d = text_json(&n, refs, nrefs);
	json_object_set_new(d, "bulletin_id", json_integer(bulletin_id));
	return svc_event(c, "notice.flag", "notice", id, NULL, "issued", 0, d);
}
