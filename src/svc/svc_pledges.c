/*
 * Leaders' pledges (十项承诺): a set is drafted by the office or the unit, from the default
 * ten, published by the office; the unit records its fulfilment (践诺) with evidence; the
 * public and colleagues rate it (评诺). Who rated is kept only to count a colleague once and
 * is never shown; the notes are the office's to read. The fulfilment rate of a year is the
 * share of the set's items with a record that year.
 */
#include "svc_pledges.h"

#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/perm.h"
#include "svc_int.h"

const char *const svc_pledge_template[SVC_PLEDGE_TEMPLATE_N] = {
	"坚持每周六参加集中学习，带头学习政治理论和业务知识",
	"每年至少为分管单位党员讲一次党课",
	"每月深入基层调研不少于 4 天，帮助解决实际问题",
	"公开办事程序、办理时限和收费标准，做到不推诿、不拖延",
	"落实首问负责、一次性告知和限时办结制度",
	"每季度至少接待一次群众来访，对反映的问题限期答复",
	"严格执行廉洁自律规定，不收受礼金、礼品和有价证券",
	"不违规公款吃喝、旅游和娱乐，不搞铺张浪费",
	"管好配偶、子女和身边工作人员，不利用职权为亲友谋利",
	"自觉接受群众和社会监督，每年公开述职述廉",
};

const char *const svc_pledge_action_names[] = {"edit", "publish", "record", "rate", NULL};

enum { PLEDGE_ITEMS_MAX = 20 };

static int office(const struct svc_ctx *c)
{
	return c->who.role == ROLE_ADMIN;
}

static int own(const struct svc_ctx *c, int64_t unit_id)
{
	return c->who.role == ROLE_UNIT && c->who.unit_id == unit_id;
}

static int may_read(const struct svc_ctx *c, const struct wb_pledge_set *s, int public_view)
{
	if (public_view || (unsigned)c->who.role >= ROLE__N)
		return s->status == PLS_PUBLISHED;
	if (s->status == PLS_PUBLISHED)
		return 1;
	return office(c) || c->who.role == ROLE_LEADER || own(c, s->unit_id);
}

/* Check and copy the item texts of @p items into @p out. */
static int read_items(struct svc_ctx *c, json_t *items, const char ***out, size_t *n)
{
	if (!json_is_array(items))
		return svc_field(c, "items", "must be an array");
	size_t k = json_array_size(items);
	if (k < 1 || k > PLEDGE_ITEMS_MAX)
		return svc_field(c, "items", "must list 1 to 20");
	const char **v = arena_alloc(c->a, k * sizeof *v);
	for (size_t i = 0; i < k; i++) {
		const char *t = json_string_value(json_array_get(items, i));
		char *f = arena_printf(c->a, "items[%zu]", i);
		if (t == NULL)
			svc_field(c, f, "must be a string");
		else
			svc_line(c, f, t, 4, 200, 1);
		v[i] = t;
	}
	*out = v;
	*n = k;
	return c->errs.n ? WB_ERR_INVALID : 0;
}

static int check_set(struct svc_ctx *c, struct store *st, const struct wb_pledge_set *s)
{
	svc_line(c, "title", s->title, 4, 100, 1);
	if (s->period_from == WB_NO_DATE || s->period_to == WB_NO_DATE)
		svc_field(c, s->period_from == WB_NO_DATE ? "period_from" : "period_to",
			  "is required");
	else if (s->period_to < s->period_from || s->period_to - s->period_from > 5 * 366)
		svc_field(c, "period_to", "must be from the period's start to five years after");
	struct wb_unit u;
	int rc = store_unit_get(st, s->unit_id, c->a, &u);
	if (rc < 0)
		return rc;
	if (rc == 0 || !wb_unit_kind_is_responsible(u.kind))
		svc_field(c, "unit_id", "must be a department or a street/town");
	if (s->person_id) {
		struct wb_person p;
		if ((rc = store_person_get(st, s->person_id, c->a, &p)) < 0)
			return rc;
		if (rc == 0 || p.unit_id != s->unit_id)
			svc_field(c, "person_id", "must be a person of the unit's register");
	}
	return c->errs.n ? WB_ERR_INVALID : 0;
}

/* ---- drafting and publishing ---- */

struct set_op {
	struct svc_ctx *c;
	int64_t id;
	const struct svc_pledge_in *in;
	int64_t *out_id;
};

static int create_tx(struct store *st, void *arg)
{
	struct set_op *op = arg;
	struct svc_ctx *c = op->c;
	const struct svc_pledge_in *in = op->in;
	struct wb_pledge_set s = {.unit_id = in->unit_id,
				  .person_id = in->person_id,
				  .title = in->title,
				  .period_from = in->from,
				  .period_to = in->to,
				  .status = PLS_DRAFT,
				  .created_by = c->who.user_id,
				  .created_at = c->now};
	const char **texts = (const char **)svc_pledge_template;
	size_t n = SVC_PLEDGE_TEMPLATE_N;
	int rc;
	if ((in->items && (rc = read_items(c, in->items, &texts, &n)) < 0) ||
	    (rc = check_set(c, st, &s)) < 0)
		return rc;
	if ((rc = store_pledge_set_insert(st, &s, op->out_id)) < 0 ||
	    (rc = store_pledge_items_put(st, *op->out_id, texts, n)) < 0)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_string(texts[i]));
	json_t *d = json_pack("{s:I, s:I, s:s, s:o}", "unit_id", (json_int_t)s.unit_id, "person_id",
			      (json_int_t)s.person_id, "title", s.title, "items", items);
	svc_put_date(d, "period_from", s.period_from);
	svc_put_date(d, "period_to", s.period_to);
	return svc_event(c, "pledge.draft", "pledge", *op->out_id, NULL, "draft", s.unit_id, d);
}

int svc_pledge_create(struct svc_ctx *c, const struct svc_pledge_in *in, int64_t *id)
{
	if (!office(c) && !own(c, in->unit_id))
		return svc_fail(c, WB_ERR_FORBIDDEN,
				"the office or the unit itself drafts a unit's pledges");
	struct set_op op = {c, 0, in, id};
	return svc_tx(c, 1, create_tx, &op);
}

/* Read set @p id for a change by the office or its unit; 409 unless a draft when @p draft. */
static int load_for(struct svc_ctx *c, struct store *st, int64_t id, int office_only,
		    int want_draft, struct wb_pledge_set *s)
{
	int rc = store_pledge_set_get(st, id, c->a, s);
	if (rc <= 0 || !may_read(c, s, 0))
		return rc < 0 ? rc : svc_fail(c, WB_ERR_NOT_FOUND, "no such pledge set");
	if (!office(c) && (office_only || !own(c, s->unit_id)))
		return svc_fail(c, WB_ERR_FORBIDDEN,
				office_only ? "the district office publishes pledges"
					    : "the office or the unit itself keeps its pledges");
	if ((s->status == PLS_DRAFT) != want_draft)
		return svc_fail(c, WB_ERR_STATE,
				want_draft ? "the pledges are published"
					   : "the pledges are not published yet");
	return 0;
}

static int update_tx(struct store *st, void *arg)
{
	struct set_op *op = arg;
	struct svc_ctx *c = op->c;
	const struct svc_pledge_in *in = op->in;
	struct wb_pledge_set s;
	int rc = load_for(c, st, op->id, 0, 1, &s);
	if (rc < 0)
		return rc;
	if (in->title)
		s.title = in->title;
	if (in->from != WB_NO_DATE)
		s.period_from = in->from;
	if (in->to != WB_NO_DATE)
		s.period_to = in->to;
	if (in->person_id >= 0)
		s.person_id = in->person_id;
	const char **texts = NULL;
	size_t n = 0;
	if ((in->items && (rc = read_items(c, in->items, &texts, &n)) < 0) ||
	    (rc = check_set(c, st, &s)) < 0)
		return rc;
	if ((rc = store_pledge_set_update(st, &s)) < 0 ||
	    (texts && (rc = store_pledge_items_put(st, s.id, texts, n)) < 0))
		return rc;
	json_t *d = json_pack("{s:s, s:I}", "title", s.title, "person_id", (json_int_t)s.person_id);
	if (in->items)
		json_object_set(d, "items", in->items);
	return svc_event(c, "pledge.edit", "pledge", s.id, "draft", "draft", s.unit_id, d);
}

int svc_pledge_update(struct svc_ctx *c, int64_t id, const struct svc_pledge_in *in)
{
	struct set_op op = {c, id, in, NULL};
	return svc_tx(c, 1, update_tx, &op);
}

static int publish_tx(struct store *st, void *arg)
{
	struct set_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_pledge_set s;
	int rc = load_for(c, st, op->id, 1, 1, &s);
	if (rc < 0)
		return rc;
	s.status = PLS_PUBLISHED;
	s.published_at = c->now;
	if ((rc = store_pledge_set_update(st, &s)) < 0)
		return rc;
	return svc_event(c, "pledge.publish", "pledge", s.id, "draft", "published", s.unit_id,
			 NULL);
}

int svc_pledge_publish(struct svc_ctx *c, int64_t id)
{
	struct set_op op = {c, id, NULL, NULL};
	return svc_tx(c, 1, publish_tx, &op);
}

/* ---- fulfilment and ratings ---- */

struct record_op {
	struct svc_ctx *c;
	int64_t id;
	struct wb_pledge_record r;
	int64_t *out_id;
	int rating;
};

static int record_tx(struct store *st, void *arg)
{
	struct record_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_pledge_set s;
	int rc = load_for(c, st, op->id, 0, 0, &s);
	if (rc < 0)
		return rc;
	if (op->r.day < s.period_from || op->r.day > s.period_to)
		return svc_field(c, "day", "must be within the pledges' period");
	struct wb_pledge_item *items;
	size_t n;
	if ((rc = store_pledge_items(st, s.id, c->a, &items, &n)) < 0)
		return rc;
	if (op->r.item_no < 1 || (size_t)op->r.item_no > n)
		return svc_field(c, "item_no", arena_printf(c->a, "must be from 1 to %zu", n));
	op->r.set_id = s.id;
	op->r.by_user_id = c->who.user_id;
	op->r.at = c->now;
	if ((rc = store_pledge_record_add(st, &op->r, op->out_id)) < 0)
		return rc;
	json_t *d = json_pack("{s:I, s:I, s:s, s:s}", "record_id", (json_int_t)*op->out_id,
			      "item_no", (json_int_t)op->r.item_no, "text", op->r.text, "evidence",
			      op->r.evidence);
	svc_put_date(d, "day", op->r.day);
	return svc_event(c, "pledge.record", "pledge", s.id, NULL, NULL, s.unit_id, d);
}

int svc_pledge_record(struct svc_ctx *c, int64_t id, int64_t item_no, wb_date day, const char *text,
		      const char *evidence, int64_t *record_id)
{
	svc_text(c, "text", text, 4, 2000, 1);
	svc_text(c, "evidence", evidence, 0, 2000, 0);
	if (day == WB_NO_DATE)
		svc_field(c, "day", "is required");
	else if (day > svc_today(c))
		svc_field(c, "day", "must not be in the future");
	if (c->errs.n)
		return WB_ERR_INVALID;
	struct record_op op = {c,
			       id,
			       {.item_no = item_no,
				.day = day,
				.text = text,
				.evidence = evidence ? evidence : ""},
			       record_id,
			       0};
	return svc_tx(c, 1, record_tx, &op);
}

static int rate_tx(struct store *st, void *arg)
{
	struct record_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_pledge_set s;
	int pub = (unsigned)c->who.role >= ROLE__N;
	int rc = store_pledge_set_get(st, op->id, c->a, &s);
	if (rc <= 0 || !may_read(c, &s, pub))
		return rc < 0 ? rc : svc_fail(c, WB_ERR_NOT_FOUND, "no such pledge set");
	if (s.status != PLS_PUBLISHED)
		return svc_fail(c, WB_ERR_STATE, "the pledges are not published yet");
	struct wb_pledge_rating_row row = {.set_id = s.id,
					   .rater = pub ? PLR_PUBLIC : PLR_COLLEAGUE,
					   .rating = (enum wb_pledge_rating)op->rating,
					   .note = op->r.text ? op->r.text : "",
					   .at = c->now};
	if (!pub) {
		struct wb_user me;
		if ((rc = store_user_get(st, c->who.user_id, c->a, &me)) < 0)
			return rc;
		if (rc && s.person_id && me.person_id == s.person_id)
			return svc_fail(c, WB_ERR_FORBIDDEN, "nobody rates their own pledges");
		int64_t had;
		if ((rc = store_pledge_rating_of(st, s.id, c->who.user_id, &had)) < 0)
			return rc;
		if (had)
			return svc_fail(c, WB_ERR_CONFLICT, "this account has rated these pledges");
		row.by_user_id = c->who.user_id;
	}
	int64_t id;
	if ((rc = store_pledge_rating_add(st, &row, &id)) < 0)
		return rc;
	/* the event says a rating was given, not by whom nor what it said */
	return svc_event(c, "pledge.rate", "pledge", s.id, NULL, NULL, s.unit_id,
			 json_pack("{s:s, s:s}", "rater",
				   wb_enum_name(&wb_pledge_raters, row.rater), "rating",
				   wb_enum_name(&wb_pledge_ratings, row.rating)));
}

int svc_pledge_rate(struct svc_ctx *c, int64_t id, int rating, const char *note)
{
	if (rating < 0 || rating >= PRT__N)
		svc_field(c, "rating", "must be satisfied, basically or unsatisfied");
	svc_text(c, "note", note, 0, 500, 0);
	if (c->errs.n)
		return WB_ERR_INVALID;
	struct record_op op = {c, id, {.text = note}, NULL, rating};
	return svc_tx(c, 1, rate_tx, &op);
}

/* ---- reading ---- */

static int fill(struct svc_ctx *c, int year, struct svc_pledge_view *v)
{
	struct store *st = c->st;
	struct wb_pledge_set *s = &v->s;
	struct wb_unit u;
	int rc = store_unit_get(st, s->unit_id, c->a, &u);
	if (rc < 0)
		return rc;
	v->unit_name = rc ? u.name : "";
	v->person_name = v->person_post = NULL;
	if (s->person_id) {
		struct wb_person p;
		if ((rc = store_person_get(st, s->person_id, c->a, &p)) < 0)
			return rc;
		if (rc) {
			v->person_name = p.name;
			v->person_post = p.post;
		}
	}
	wb_date from = s->period_from, to = s->period_to;
	if (year) {
		wb_date a = wb_date_from_ymd(year, 1, 1), b = wb_date_from_ymd(year, 12, 31);
		from = from > a ? from : a;
		to = to < b ? to : b;
	}
	if ((rc = store_pledge_items(st, s->id, c->a, &v->items, &v->nitems)) < 0 ||
	    (rc = store_pledge_records(st, s->id, from, to, c->a, &v->list, &v->nlist)) < 0)
		return rc;
	v->records = arena_alloc(c->a, (v->nitems + 1) * sizeof *v->records);
	v->last_day = arena_alloc(c->a, (v->nitems + 1) * sizeof *v->last_day);
	for (size_t i = 0; i < v->nitems; i++) {
		v->records[i] = 0;
		v->last_day[i] = WB_NO_DATE;
	}
	for (size_t k = 0; k < v->nlist; k++) {
		int64_t i = v->list[k].item_no - 1;
		if (i < 0 || (size_t)i >= v->nitems)
			continue;
		v->records[i]++;
		if (v->last_day[i] == WB_NO_DATE || v->list[k].day > v->last_day[i])
			v->last_day[i] = v->list[k].day;
	}
	v->fulfilled = 0;
	for (size_t i = 0; i < v->nitems; i++)
		v->fulfilled += v->records[i] > 0;
	v->rate = v->nitems ? (double)v->fulfilled / (double)v->nitems : 0;
	struct wb_pledge_rating_row *r;
	size_t nr;
	int64_t t0 = from == WB_NO_DATE ? 0 : svc_day_start(c, from);
	int64_t t1 = to == WB_NO_DATE ? 0 : svc_day_start(c, to + 1);
	if ((rc = store_pledge_ratings(st, s->id, t0, t1, c->a, &r, &nr)) < 0)
		return rc;
	memset(v->ratings, 0, sizeof v->ratings);
	v->notes = arena_alloc(c->a, (nr + 1) * sizeof *v->notes);
	v->nnotes = 0;
	for (size_t k = 0; k < nr; k++) {
		v->ratings[r[k].rater][r[k].rating]++;
		if (office(c) && r[k].note && r[k].note[0])
			v->notes[v->nnotes++] = r[k].note;
	}
	v->actions = 0;
	if (s->status == PLS_DRAFT && (office(c) || own(c, s->unit_id)))
		v->actions |= SPA_EDIT;
	if (s->status == PLS_DRAFT && office(c))
		v->actions |= SPA_PUBLISH;
	if (s->status == PLS_PUBLISHED && (office(c) || own(c, s->unit_id)))
		v->actions |= SPA_RECORD;
	if (s->status == PLS_PUBLISHED && (unsigned)c->who.role < ROLE__N) {
		struct wb_user me;
		int64_t had = 0;
		if ((rc = store_user_get(st, c->who.user_id, c->a, &me)) < 0 ||
		    (rc = store_pledge_rating_of(st, s->id, c->who.user_id, &had)) < 0)
			return rc;
		if (!had && !(s->person_id && me.person_id == s->person_id))
			v->actions |= SPA_RATE;
	}
	return 0;
}

int svc_pledge_get(struct svc_ctx *c, int64_t id, int year, int public_view,
		   struct svc_pledge_view *out)
{
	memset(out, 0, sizeof *out);
	int rc = store_pledge_set_get(c->st, id, c->a, &out->s);
	if (rc <= 0 || !may_read(c, &out->s, public_view))
		return rc < 0 ? rc : svc_fail(c, WB_ERR_NOT_FOUND, "no such pledge set");
	return fill(c, year, out);
}

int svc_pledges(struct svc_ctx *c, int64_t unit_id, int year, int public_view,
		struct svc_pledge_view **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	wb_date from = year ? wb_date_from_ymd(year, 1, 1) : WB_NO_DATE;
	wb_date to = year ? wb_date_from_ymd(year, 12, 31) : WB_NO_DATE;
	struct wb_pledge_set *v;
	size_t nv;
	int rc = store_pledge_sets(c->st, unit_id, public_view ? PLS_PUBLISHED : -1, from, to, c->a,
				   &v, &nv);
	if (rc < 0)
		return rc;
	struct svc_pledge_view *w = arena_alloc(c->a, (nv + 1) * sizeof *w);
	size_t k = 0;
	for (size_t i = 0; i < nv; i++) {
		if (!may_read(c, &v[i], public_view))
			continue;
		memset(&w[k], 0, sizeof w[k]);
		w[k].s = v[i];
		if ((rc = fill(c, year, &w[k])) < 0)
			return rc;
		k++;
	}
	*out = w;
	*n = k;
	return 0;
}
