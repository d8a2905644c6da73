/*
 * The register of each unit's people (人员), an account's link to the person who uses it,
 * and the items of a responsibility letter split down to people (分解到人): each person's
 * share of an item in points, the shares of an item adding up to its points, and each
 * person's score as the item's score in proportion. Accountability, faults and pledges name
 * people of this register, not free text.
 */
#include "svc_people.h"

#include <stdlib.h>
#include <string.h>

#include "../core/enums.h"
#include "../core/perm.h"
#include "svc_int.h"
#include "svc_targets.h"

static int office(const struct svc_ctx *c)
{
	return wb_perm_allows(c->who.role, PERM_TARGET_WRITE);
}

static int own_unit(const struct svc_ctx *c, int64_t unit_id)
{
	return c->who.role == ROLE_UNIT && c->who.unit_id == unit_id;
}

/* The office and leaders read every register, a unit its own; others nothing. */
static int may_read(const struct svc_ctx *c, int64_t unit_id)
{
	return wb_perm_allows(c->who.role, PERM_TARGET_READ) || own_unit(c, unit_id);
}

static json_t *person_json(const struct wb_person *p)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:b, s:b}", "id", (json_int_t)p->id, "unit_id",
			 (json_int_t)p->unit_id, "name", p->name, "post", p->post, "rank", p->rank,
			 "party_member", p->party_member, "active", p->active);
}

static int check_person(struct svc_ctx *c, const struct wb_person *p)
{
	svc_line(c, "name", p->name, 1, 50, 1);
	svc_line(c, "post", p->post, 0, 50, 0);
	svc_line(c, "rank", p->rank, 0, 30, 0);
	return c->errs.n ? WB_ERR_INVALID : 0;
}

struct person_op {
	struct svc_ctx *c;
	struct wb_person p;
	int64_t *id;
};

static int create_tx(struct store *st, void *arg)
{
	struct person_op *op = arg;
	struct wb_unit u;
	int rc = store_unit_get(st, op->p.unit_id, op->c->a, &u);
	if (rc <= 0)
		return rc < 0 ? rc : svc_fail(op->c, WB_ERR_NOT_FOUND, "no such unit");
	if ((rc = store_person_insert(st, &op->p, op->id)) < 0)
		return rc;
	json_t *d = person_json(&op->p);
	json_object_set_new(d, "id", json_integer(*op->id));
	return svc_event(op->c, "person.create", "person", *op->id, NULL, NULL, op->p.unit_id, d);
}

int svc_person_create(struct svc_ctx *c, const struct wb_person *in, int64_t *id)
{
	if (!office(c) && !own_unit(c, in->unit_id))
		return svc_fail(c, may_read(c, in->unit_id) ? WB_ERR_FORBIDDEN : WB_ERR_NOT_FOUND,
				"only the office or the unit itself keeps its register");
	if (check_person(c, in) < 0)
		return WB_ERR_INVALID;
	struct person_op op = {c, *in, id};
	op.p.post = in->post ? in->post : "";
	op.p.rank = in->rank ? in->rank : "";
	op.p.active = 1;
	op.p.created_at = c->now;
	return svc_tx(c, 1, create_tx, &op);
}

struct update_op {
	struct svc_ctx *c;
	const struct svc_person_in *in;
	struct wb_person *out;
};

static int update_tx(struct store *st, void *arg)
{
	struct update_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_person p;
	int rc = store_person_get(st, op->in->id, c->a, &p);
	if (rc <= 0 || !may_read(c, p.unit_id))
		return rc < 0 ? rc : svc_fail(c, WB_ERR_NOT_FOUND, "no such person");
	if (!office(c) && !own_unit(c, p.unit_id))
		return svc_fail(c, WB_ERR_FORBIDDEN,
				"only the office or the unit itself keeps its register");
	json_t *before = person_json(&p);
	if (op->in->name)
		p.name = op->in->name;
	if (op->in->post)
		p.post = op->in->post;
	if (op->in->rank)
		p.rank = op->in->rank;
	if (op->in->has_party_member)
		p.party_member = op->in->party_member;
	if (op->in->has_active)
		p.active = op->in->active;
	if ((rc = check_person(c, &p)) < 0 || (rc = store_person_update(st, &p)) < 0) {
		json_decref(before);
		return rc;
	}
	*op->out = p;
	return svc_event(c, "person.update", "person", p.id, NULL, NULL, p.unit_id,
			 json_pack("{s:o, s:o}", "before", before, "after", person_json(&p)));
}

int svc_person_update(struct svc_ctx *c, const struct svc_person_in *in, struct wb_person *out)
{
	struct update_op op = {c, in, out};
	return svc_tx(c, 1, update_tx, &op);
}

int svc_people(struct svc_ctx *c, int64_t unit_id, struct wb_person **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!may_read(c, unit_id))
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such unit");
	return store_people(c->st, unit_id, c->a, out, n);
}

int svc_person_get(struct svc_ctx *c, int64_t id, struct wb_person *out)
{
	int rc = store_person_get(c->st, id, c->a, out);
	if (rc <= 0 || !may_read(c, out->unit_id))
		return rc < 0 ? rc : svc_fail(c, WB_ERR_NOT_FOUND, "no such person");
	return 0;
}

struct link_op {
	struct svc_ctx *c;
	int64_t user_id, person_id;
};

static int link_tx(struct store *st, void *arg)
{
	struct link_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_user u;
	int rc = store_user_get(st, op->user_id, c->a, &u);
	if (rc <= 0)
		return rc < 0 ? rc : svc_fail(c, WB_ERR_NOT_FOUND, "no such user");
	if (op->person_id) {
		struct wb_person p;
		if ((rc = store_person_get(st, op->person_id, c->a, &p)) < 0)
			return rc;
		if (rc == 0 || p.unit_id != u.unit_id)
			return svc_field(c, "person_id", "must be a person of the user's unit");
	}
	if ((rc = store_user_set_person(st, op->user_id, op->person_id)) < 0)
		return rc;
	json_t *d = json_pack("{s:I}", "user_id", (json_int_t)op->user_id);
	json_object_set_new(d, "person_id",
			    op->person_id ? json_integer(op->person_id) : json_null());
	return svc_event(c, "user.person", "user", op->user_id, NULL, NULL, u.unit_id, d);
}

int svc_user_set_person(struct svc_ctx *c, int64_t user_id, int64_t person_id)
{
	if (c->who.role != ROLE_ADMIN)
		return svc_fail(c, WB_ERR_FORBIDDEN, "only the office links accounts to people");
	struct link_op op = {c, user_id, person_id};
	return svc_tx(c, 1, link_tx, &op);
}

/* ---- items split down to people ---- */

struct split_op {
	struct svc_ctx *c;
	int64_t year, unit_id;
	json_t *items;
};

static int split_tx(struct store *st, void *arg)
{
	struct split_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_target_letter l;
	struct wb_target_year y;
	int rc = store_target_year(st, op->year, c->a, &y);
	if (rc < 0)
		return rc;
	if (y.final_at)
		return svc_fail(c, WB_ERR_STATE, "the year's assessment is final");
	rc = store_target_letter(st, op->year, op->unit_id, c->a, &l);
	if (rc == WB_ERR_NOT_FOUND || (rc == 0 && l.status < LS_SIGNED))
		return svc_fail(c, WB_ERR_STATE, "the letter is not signed yet");
	if (rc < 0)
		return rc;
	struct wb_target_item *items;
	struct wb_person *people;
	size_t ni, np;
	if ((rc = store_target_unit_items(st, op->year, op->unit_id, c->a, &items, &ni)) < 0 ||
	    (rc = store_people(st, op->unit_id, c->a, &people, &np)) < 0)
		return rc;
	size_t k = json_array_size(op->items);
	struct wb_target_person_item *v = arena_alloc(c->a, (k + 1) * sizeof *v);
	int64_t *sum = arena_alloc(c->a, (ni + 1) * sizeof *sum);
	memset(sum, 0, (ni + 1) * sizeof *sum);
	for (size_t i = 0; i < k; i++) {
		json_t *o = json_array_get(op->items, i);
		char *f = arena_printf(c->a, "items[%zu]", i);
		json_t *code = json_object_get(o, "code"), *pid = json_object_get(o, "person_id"),
		       *pts = json_object_get(o, "points"), *task = json_object_get(o, "task");
		v[i] = (struct wb_target_person_item){
			.year = op->year, .unit_id = op->unit_id, .task = ""};
		size_t it = ni;
		if (!json_is_string(code))
			svc_field(c, arena_printf(c->a, "%s.code", f), "is required");
		else
			for (it = 0; it < ni && strcmp(items[it].code, json_string_value(code));
			     it++)
				;
		if (json_is_string(code) && it == ni)
			svc_field(c, arena_printf(c->a, "%s.code", f),
				  "is not an item of the letter");
		const struct wb_person *who = NULL;
		for (size_t p = 0; json_is_integer(pid) && p < np; p++)
			if (people[p].id == json_integer_value(pid) && people[p].active)
				who = &people[p];
		if (who == NULL)
			svc_field(c, arena_printf(c->a, "%s.person_id", f),
				  "must be an active person of the unit");
		if (svc_json_milli(pts, &v[i].points) < 0 || v[i].points <= 0)
			svc_field(c, arena_printf(c->a, "%s.points", f),
				  "must be above 0, with at most 3 decimals");
		if (json_is_string(task) && svc_text(c, arena_printf(c->a, "%s.task", f),
						     json_string_value(task), 0, 500, 0) == 0)
			v[i].task = json_string_value(task);
		if (it == ni || who == NULL)
			continue;
		v[i].code = items[it].code;
		v[i].person_id = who->id;
		sum[it] += v[i].points;
		for (size_t j = 0; j < i; j++)
			if (v[j].code && v[j].person_id == who->id &&
			    strcmp(v[j].code, v[i].code) == 0)
				svc_field(c, arena_printf(c->a, "%s.person_id", f),
					  "is given this item twice");
	}
	if (c->errs.n)
		return WB_ERR_INVALID;
	/* what is split adds up to the item's points */
	for (size_t it = 0; it < ni; it++)
		if (sum[it] && sum[it] != items[it].points)
			return svc_fail(
				c, WB_ERR_INVALID,
				arena_printf(c->a,
					     "the shares of item %s add up to %lld.%03lld, not "
					     "its %lld.%03lld points",
					     items[it].code, (long long)(sum[it] / 1000),
					     (long long)(sum[it] % 1000),
					     (long long)(items[it].points / 1000),
					     (long long)(items[it].points % 1000)));
	if ((rc = store_target_person_items_put(st, op->year, op->unit_id, v, k)) < 0)
		return rc;
	return svc_event(c, "targets.persons", "target_letter", op->unit_id, NULL, NULL,
			 op->unit_id,
			 json_pack("{s:I, s:O}", "year", (json_int_t)op->year, "items", op->items));
}

int svc_target_persons_set(struct svc_ctx *c, int64_t year, int64_t unit_id, json_t *items)
{
	if (!office(c) && !own_unit(c, unit_id))
		return svc_fail(c, may_read(c, unit_id) ? WB_ERR_FORBIDDEN : WB_ERR_NOT_FOUND,
				"only the office or the unit itself splits its items");
	if (!json_is_array(items) || json_array_size(items) > 2000)
		return svc_field(c, "items", "must list 0 to 2000 shares");
	struct split_op op = {c, year, unit_id, items};
	return svc_tx(c, 1, split_tx, &op);
}

int svc_target_person_lines(struct svc_ctx *c, int64_t year, int64_t unit_id,
			    struct svc_person_line **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	/* a unit's people: the office, leaders, the unit; a user's own items: itself */
	struct wb_user me;
	int64_t only_person = 0;
	if (unit_id == 0) {
		if (c->who.user_id == 0)
			return svc_fail(c, WB_ERR_NOT_FOUND, "no such person");
		int rc = store_user_get(c->st, c->who.user_id, c->a, &me);
		if (rc < 0)
			return rc;
		if (rc == 0 || me.person_id == 0)
			return 0; /* an account of nobody in the register has no items */
		only_person = me.person_id;
		unit_id = me.unit_id;
	} else if (!may_read(c, unit_id))
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such unit");
	struct wb_target_person_item *pv;
	struct wb_target_item *items;
	struct wb_person *people;
	double *score;
	size_t npv, ni, np;
	int rc = store_target_person_items(c->st, year, unit_id, c->a, &pv, &npv);
	if (rc >= 0)
		rc = store_people(c->st, unit_id, c->a, &people, &np);
	if (rc >= 0)
		rc = svc_targets_item_scores(c, year, &items, &score, &ni);
	if (rc < 0)
		return rc;
	struct svc_person_line *v = arena_alloc(c->a, (npv + 1) * sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < npv; i++) {
		if (only_person && pv[i].person_id != only_person)
			continue;
		struct svc_person_line *l = &v[k];
		memset(l, 0, sizeof *l);
		l->share = pv[i];
		for (size_t p = 0; p < np; p++)
			if (people[p].id == pv[i].person_id)
				l->person = people[p];
		for (size_t it = 0; it < ni; it++)
			if (items[it].unit_id == unit_id &&
			    strcmp(items[it].code, pv[i].code) == 0) {
				l->item = items[it];
				/* the item's score in the person's proportion */
				l->score =
					score[it] * (double)pv[i].points / (double)items[it].points;
			}
		k++;
	}
	*out = v;
	*n = k;
	return 0;
}
