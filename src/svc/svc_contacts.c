/*
 * First contact (首接首问): the member of staff who receives a matter first records it, with
 * the visitor's need, what was told at once (一次性告知) and the time limit, and owns it
 * until a recorded hand-over or completion. An entry still open more than
 * contact_handover_workdays working days after it was received is overdue. Opinions about
 * 推诿 may be linked to an entry, and a breach may become an efficiency fault (source
 * first_contact). The visitor's name and phone are shown to the office and the unit only.
 */
#include "svc_contacts.h"

#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/perm.h"
#include "svc_int.h"

const char *const svc_contact_action_names[] = {"handover", "done", "link", NULL};

static int office(const struct svc_ctx *c)
{
	return wb_perm_allows(c->who.role, PERM_FAULT_WRITE);
}

static int own(const struct svc_ctx *c, int64_t unit_id)
{
	return c->who.role == ROLE_UNIT && c->who.unit_id == unit_id;
}

static const char *name_of_person(struct svc_ctx *c, struct store *st, int64_t id)
{
	struct wb_person p;
	if (id == 0 || store_person_get(st, id, c->a, &p) <= 0)
		return NULL;
	return p.name;
}

static const char *name_of_unit(struct svc_ctx *c, struct store *st, int64_t id)
{
	struct wb_unit u;
	if (id == 0 || store_unit_get(st, id, c->a, &u) <= 0)
		return NULL;
	return u.name;
}

/* Whether entry @p k is overdue on the calendar @p cal today. */
static int is_overdue(const struct svc_ctx *c, const struct wb_calendar *cal,
		      const struct wb_contact *k)
{
	if (k->status != CST_OPEN)
		return 0;
	wb_date day = wb_date_of_time(k->received_at, c->cfg.tz_min);
	return wb_workdays_between(cal, day, svc_today(c)) > c->cfg.contact_handover_workdays;
}

/* Fill the view of @p v->k; @p cal covers its receipt to today. */
static int fill(struct svc_ctx *c, struct store *st, const struct wb_calendar *cal,
		struct svc_contact_view *v)
{
	const struct wb_contact *k = &v->k;
	v->unit_name = name_of_unit(c, st, k->unit_id);
	v->person_name = name_of_person(c, st, k->person_id);
	v->to_person_name = name_of_person(c, st, k->to_person_id);
	v->to_unit_name = name_of_unit(c, st, k->to_unit_id);
	v->overdue = is_overdue(c, cal, k);
	v->personal = office(c) || own(c, k->unit_id);
	int rc = store_contact_opinions(st, k->id, c->a, &v->opinion_ids, &v->nopinions);
	if (rc < 0)
		return rc;
	v->actions = 0;
	if (k->status == CST_OPEN && (office(c) || own(c, k->unit_id)))
		v->actions |= SCA_HANDOVER | SCA_DONE;
	if (wb_perm_allows(c->who.role, PERM_OPINION_REJECT))
		v->actions |= SCA_LINK;
	return 0;
}

/* The calendar from @p earliest (unix seconds) to today. */
static int calendar_since(struct svc_ctx *c, int64_t earliest, struct wb_calendar *cal)
{
	wb_date from = wb_date_of_time(earliest, c->cfg.tz_min);
	wb_date today = svc_today(c);
	if (from > today)
		from = today;
	if (today - from > 3 * 366)
		from = today - 3 * 366; /* older entries are long overdue whatever the calendar */
	return svc_calendar(c, from, today, cal);
}

/* ---- recording ---- */

struct create_op {
	struct svc_ctx *c;
	struct wb_contact k;
	int64_t *id;
};

static int create_tx(struct store *st, void *arg)
{
	struct create_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_contact *k = &op->k;
	struct wb_unit u;
	int rc = store_unit_get(st, k->unit_id, c->a, &u);
	if (rc < 0)
		return rc;
	if (rc == 0 || !wb_unit_kind_is_responsible(u.kind))
		return svc_field(c, "unit_id", "must be a department or a street/town");
	if (k->person_id == 0) {
		struct wb_user me;
		if ((rc = store_user_get(st, c->who.user_id, c->a, &me)) < 0)
			return rc;
		if (rc == 0 || me.person_id == 0)
			return svc_field(c, "person_id",
					 "is required: this account is linked to no person");
		k->person_id = me.person_id;
	}
	struct wb_person p;
	if ((rc = store_person_get(st, k->person_id, c->a, &p)) < 0)
		return rc;
	if (rc == 0 || p.unit_id != k->unit_id || !p.active)
		return svc_field(c, "person_id", "must be an active person of the unit's register");
	if ((rc = store_contact_insert(st, k, op->id)) < 0)
		return rc;
	json_t *d = json_pack("{s:I, s:s, s:s, s:s}", "person_id", (json_int_t)k->person_id,
			      "channel", wb_enum_name(&wb_contact_channels, k->channel), "need",
			      k->need, "told", k->told);
	svc_put_date(d, "limit_on", k->limit_on);
	return svc_event(c, "contact.create", "contact", *op->id, NULL, "open", k->unit_id, d);
}

int svc_contact_create(struct svc_ctx *c, const struct wb_contact *in, int64_t *id)
{
	struct create_op op = {c, *in, id};
	struct wb_contact *k = &op.k;
	if (k->unit_id == 0)
		k->unit_id = c->who.role == ROLE_UNIT ? c->who.unit_id : 0;
	if (!office(c) && !own(c, k->unit_id))
		return svc_fail(c,
				svc_register_may_read(c, k->unit_id) ? WB_ERR_FORBIDDEN
								     : WB_ERR_NOT_FOUND,
				"a unit records its own first contacts, the office any unit's");
	if (k->unit_id == 0)
		svc_field(c, "unit_id", "is required");
	if ((unsigned)k->channel >= CC__N)
		svc_field(c, "channel", "must be in_person, phone, letter or web");
	svc_line(c, "visitor", k->visitor, 0, 50, 0);
	svc_line(c, "visitor_phone", k->visitor_phone, 0, 30, 0);
	svc_text(c, "need", k->need, 2, 2000, 1);
	svc_text(c, "told", k->told, 2, 2000, 1);
	wb_date today = svc_today(c);
	if (k->received_at == 0)
		k->received_at = c->now;
	else if (k->received_at > c->now)
		svc_field(c, "received_at", "must not be in the future");
	else if (wb_date_of_time(k->received_at, c->cfg.tz_min) < today - c->cfg.backdate_days)
		svc_field(c, "received_at", "is too far in the past");
	if (k->limit_on == WB_NO_DATE)
		svc_field(c, "limit_on", "is required");
	else if (k->limit_on < wb_date_of_time(k->received_at, c->cfg.tz_min) ||
		 k->limit_on > today + 366)
		svc_field(c, "limit_on", "must be from the day received to a year ahead");
	if (c->errs.n)
		return WB_ERR_INVALID;
	k->visitor = k->visitor ? k->visitor : "";
	k->visitor_phone = k->visitor_phone ? k->visitor_phone : "";
	k->status = CST_OPEN;
	k->to_person_id = k->to_unit_id = 0;
	k->outcome = NULL;
	k->closed_at = 0;
	k->created_by = c->who.user_id;
	k->created_at = c->now;
	return svc_tx(c, 1, create_tx, &op);
}

/* ---- hand-over, completion, links ---- */

struct step_op {
	struct svc_ctx *c;
	int64_t id;
	unsigned action;
	int64_t to_person_id, to_unit_id, opinion_id;
	const char *text;
};

static int step_tx(struct store *st, void *arg)
{
	struct step_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_contact k;
	int rc = store_contact_get(st, op->id, c->a, &k);
	if (rc <= 0 || !svc_register_may_read(c, k.unit_id))
		return rc < 0 ? rc : svc_fail(c, WB_ERR_NOT_FOUND, "no such first contact");
	if (op->action == SCA_LINK) {
		if (!wb_perm_allows(c->who.role, PERM_OPINION_REJECT))
			return svc_fail(c, WB_ERR_FORBIDDEN,
					"the office or a station links opinions to first contacts");
		struct wb_opinion o;
		if ((rc = store_opinion_get(st, &c->who, op->opinion_id, c->a, &o)) <= 0)
			return rc < 0 ? rc : svc_field(c, "opinion_id", "is not a known opinion");
		if (o.target_unit_id != k.unit_id)
			return svc_field(c, "opinion_id",
					 "must be an opinion about the entry's unit");
		if ((rc = store_opinion_set_contact(st, o.id, k.id)) < 0)
			return rc;
		return svc_event(c, "contact.link", "contact", k.id, NULL, NULL, k.unit_id,
				 json_pack("{s:I}", "opinion_id", (json_int_t)o.id));
	}
	if (!office(c) && !own(c, k.unit_id))
		return svc_fail(
			c, WB_ERR_FORBIDDEN,
			"the unit or the office hands over or completes its first contacts");
	if (k.status != CST_OPEN)
		return svc_fail(c, WB_ERR_STATE,
				arena_printf(c->a, "the entry is %s",
					     wb_enum_name(&wb_contact_statuses, k.status)));
	json_t *d;
	if (op->action == SCA_HANDOVER) {
		if (op->to_person_id) {
			struct wb_person p;
			if ((rc = store_person_get(st, op->to_person_id, c->a, &p)) < 0)
				return rc;
			if (rc == 0 || p.unit_id != k.unit_id || !p.active || p.id == k.person_id)
				return svc_field(c, "to_person_id",
						 "must be another active person of the unit");
		} else {
			struct wb_unit u;
			if ((rc = store_unit_get(st, op->to_unit_id, c->a, &u)) < 0)
				return rc;
			if (rc == 0 || u.id == k.unit_id || !wb_unit_kind_is_responsible(u.kind))
				return svc_field(c, "to_unit_id",
						 "must be another department or street/town");
		}
		k.status = CST_HANDED_OVER;
		k.to_person_id = op->to_person_id;
		k.to_unit_id = op->to_unit_id;
		d = json_pack("{s:I, s:I, s:s}", "to_person_id", (json_int_t)op->to_person_id,
			      "to_unit_id", (json_int_t)op->to_unit_id, "note", op->text);
	} else {
		k.status = CST_DONE;
		d = json_pack("{s:s}", "outcome", op->text);
	}
	k.outcome = op->text;
	k.closed_at = c->now;
	if ((rc = store_contact_update(st, &k)) < 0) {
		json_decref(d);
		return rc;
	}
	return svc_event(c, op->action == SCA_HANDOVER ? "contact.handover" : "contact.done",
			 "contact", k.id, "open", wb_enum_name(&wb_contact_statuses, k.status),
			 k.unit_id, d);
}

int svc_contact_handover(struct svc_ctx *c, int64_t id, int64_t to_person_id, int64_t to_unit_id,
			 const char *note)
{
	if ((to_person_id != 0) == (to_unit_id != 0))
		svc_field(c, to_person_id ? "to_unit_id" : "to_person_id",
			  "name a colleague or another unit, one of them");
	svc_text(c, "note", note, 2, 2000, 1);
	if (c->errs.n)
		return WB_ERR_INVALID;
	struct step_op op = {c, id, SCA_HANDOVER, to_person_id, to_unit_id, 0, note};
	return svc_tx(c, 1, step_tx, &op);
}

int svc_contact_done(struct svc_ctx *c, int64_t id, const char *outcome)
{
	if (svc_text(c, "outcome", outcome, 2, 2000, 1) < 0)
		return WB_ERR_INVALID;
	struct step_op op = {c, id, SCA_DONE, 0, 0, 0, outcome};
	return svc_tx(c, 1, step_tx, &op);
}

int svc_contact_link(struct svc_ctx *c, int64_t id, int64_t opinion_id)
{
	struct step_op op = {c, id, SCA_LINK, 0, 0, opinion_id, NULL};
	return svc_tx(c, 1, step_tx, &op);
}

/* ---- reading ---- */

int svc_contact_get(struct svc_ctx *c, int64_t id, struct svc_contact_view *out)
{
	memset(out, 0, sizeof *out);
	int rc = store_contact_get(c->st, id, c->a, &out->k);
	if (rc <= 0 || !svc_register_may_read(c, out->k.unit_id))
		return rc < 0 ? rc : svc_fail(c, WB_ERR_NOT_FOUND, "no such first contact");
	struct wb_calendar cal;
	if ((rc = calendar_since(c, out->k.received_at, &cal)) < 0)
		return rc;
	return fill(c, c->st, &cal, out);
}

int svc_contacts(struct svc_ctx *c, const struct store_contact_filter *f, int overdue_only,
		 struct svc_contact_view **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct store_contact_filter scoped = *f;
	if (!wb_perm_allows(c->who.role, PERM_REGISTER_READ)) {
		if (c->who.role != ROLE_UNIT)
			return svc_fail(c, WB_ERR_FORBIDDEN,
					"first contacts are read by the office, leaders, stations "
					"and the units concerned");
		scoped.unit_id = c->who.unit_id;
	}
	struct wb_contact *v;
	size_t nv;
	int rc = store_contacts(c->st, &scoped, c->a, &v, &nv);
	if (rc < 0)
		return rc;
	int64_t earliest = c->now;
	for (size_t i = 0; i < nv; i++)
		if (v[i].status == CST_OPEN && v[i].received_at < earliest)
			earliest = v[i].received_at;
	struct wb_calendar cal;
	if ((rc = calendar_since(c, earliest, &cal)) < 0)
		return rc;
	struct svc_contact_view *w = arena_alloc(c->a, (nv + 1) * sizeof *w);
	size_t k = 0;
	for (size_t i = 0; i < nv; i++) {
		memset(&w[k], 0, sizeof w[k]);
		w[k].k = v[i];
		if ((rc = fill(c, c->st, &cal, &w[k])) < 0)
			return rc;
		if (!overdue_only || w[k].overdue)
			k++;
	}
	*out = w;
	*n = k;
	return 0;
}

int svc_contact_counts(struct svc_ctx *c, int64_t unit_id, int64_t from, int64_t to,
		       struct svc_contact_tally **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct store_contact_filter f = {.unit_id = unit_id, .status = -1, .from = from, .to = to};
	struct svc_contact_view *v;
	size_t nv;
	int rc = svc_contacts(c, &f, 0, &v, &nv);
	if (rc < 0)
		return rc;
	struct svc_contact_tally *t = arena_alloc(c->a, (nv + 1) * sizeof *t);
	size_t nt = 0;
	/* the entries come newest first: tally by (unit, person), in order of first sight */
	for (size_t i = 0; i < nv; i++) {
		const struct wb_contact *k = &v[i].k;
		size_t j = 0;
		while (j < nt && !(t[j].unit_id == k->unit_id && t[j].person_id == k->person_id))
			j++;
		if (j == nt) {
			t[nt++] = (struct svc_contact_tally){.unit_id = k->unit_id,
							     .person_id = k->person_id,
							     .unit_name = v[i].unit_name,
							     .person_name = v[i].person_name};
		}
		t[j].received++;
		t[j].open += k->status == CST_OPEN;
		t[j].handed_over += k->status == CST_HANDED_OVER;
		t[j].done += k->status == CST_DONE;
		t[j].overdue += v[i].overdue;
	}
	*out = t;
	*n = nt;
	return 0;
}
