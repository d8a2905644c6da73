/*
 * Target management through the year and at its end: progress reports on the items of a
 * signed letter; reminders before deadlines and the office's view of items at risk; the
 * assessing departments' results; the unit's self-check; the sheet published with an
 * appeal window, appeals decided, then final; proposed subtracts from the bulletins of a
 * unit's problems; rewards and penalties. Once published, a result changes only by an
 * appeal's decision; once final, nothing of the year changes. docs/targets.md.
 */
#include "svc.h"
#include "svc_targets.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/perm.h"
#include "svc_int.h"

static int bad_year(struct svc_ctx *c, int64_t year)
{
	return year < 2000 || year > 2100
		       ? svc_field(c, "year", "must be a year from 2000 to 2100") < 0
		       : 0;
}

static int office(const struct svc_ctx *c)
{
	return wb_perm_allows(c->who.role, PERM_TARGET_WRITE);
}

/* A step the caller may not take: 403 for those who read the year, 404 for the others. */
static int refuse(struct svc_ctx *c, const char *why)
{
	return svc_fail(c,
			wb_perm_allows(c->who.role, PERM_TARGET_READ) ? WB_ERR_FORBIDDEN
								      : WB_ERR_NOT_FOUND,
			why);
}

/* Who reads a year's lists: the office and leaders all (@p all), a unit its own rows. */
static int read_scope(struct svc_ctx *c, int64_t year, int *all)
{
	if (bad_year(c, year))
		return WB_ERR_INVALID;
	*all = wb_perm_allows(c->who.role, PERM_TARGET_READ);
	if (!*all && c->who.role != ROLE_UNIT)
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such year");
	return 0;
}

/* A unit's letter and the item @p code of it, past its draft: else a 404 or a 409. */
static int signed_item(struct svc_ctx *c, struct store *st, int64_t year, int64_t unit_id,
		       const char *code, struct wb_target_letter *l, struct wb_target_item *it)
{
	int rc = store_target_letter(st, year, unit_id, c->a, l);
	if (rc == WB_ERR_NOT_FOUND)
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such letter");
	if (rc < 0)
		return rc;
	if (l->status < LS_SIGNED)
		return svc_fail(c, WB_ERR_STATE, "the letter is not signed yet");
	if (code == NULL)
		return 0;
	struct wb_target_item *v;
	size_t n;
	if ((rc = store_target_unit_items(st, year, unit_id, c->a, &v, &n)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].code, code) == 0) {
			*it = v[i];
			return 0;
		}
	return svc_fail(c, WB_ERR_NOT_FOUND, "the letter has no such item");
}

/* The year's state, with what it allows: 409 once final (and, for @p open_only, once
 * published). */
static int year_open(struct svc_ctx *c, struct store *st, int64_t year, int open_only,
		     struct wb_target_year *y)
{
	int rc = store_target_year(st, year, c->a, y);
	if (rc < 0)
		return rc;
	if (y->final_at)
		return svc_fail(c, WB_ERR_STATE, "the year's assessment is final");
	if (open_only && y->published_at)
		return svc_fail(
			c, WB_ERR_STATE,
			"the sheet is published: a result changes only by an appeal's decision");
	return 0;
}

/* ---- results by the assessing departments ---- */

struct result_op {
	struct svc_ctx *c;
	struct wb_target_result r;
	int has_actual, has_deduction;
	int64_t appeal_id; /* set: the decision of this appeal changes it, after publication */
};

static int result_write(struct svc_ctx *c, struct store *st, struct result_op *op)
{
	struct wb_target_letter l;
	struct wb_target_item it;
	int rc = signed_item(c, st, op->r.year, op->r.unit_id, op->r.code, &l, &it);
	if (rc < 0)
		return rc;
	if (!op->appeal_id && !office(c) &&
	    !(c->who.role == ROLE_UNIT && it.assessor_id && c->who.unit_id == it.assessor_id))
		return svc_fail(c, WB_ERR_FORBIDDEN,
				"only the item's assessing department or the office scores it");
	if (it.rule == TR_WORKSTYLE)
		return svc_field(c, "code", "is scored from the year's work-style figures");
	if (it.rule == TR_DEDUCT ? !op->has_deduction : !op->has_actual)
		return svc_field(c, it.rule == TR_DEDUCT ? "deduction" : "actual", "is required");
	if (it.rule == TR_DEDUCT)
		op->r.actual = 0;
	else
		op->r.deduction = 0;
	op->r.by_user_id = c->who.user_id;
	op->r.at = c->now;
	if ((rc = store_target_result_put(st, &op->r)) < 0)
		return rc;
	json_t *d = json_pack("{s:I, s:s, s:s}", "year", (json_int_t)op->r.year, "code", op->r.code,
			      "note", op->r.note ? op->r.note : "");
	json_object_set_new(
		d, it.rule == TR_DEDUCT ? "deduction" : "actual",
		json_real((double)(it.rule == TR_DEDUCT ? op->r.deduction : op->r.actual) /
			  1000.0));
	if (op->appeal_id)
		json_object_set_new(d, "appeal_id", json_integer(op->appeal_id));
	return svc_event(c, "targets.result", "target_letter", op->r.unit_id, NULL, NULL,
			 op->r.unit_id, d);
}

static int result_tx(struct store *st, void *arg)
{
	struct result_op *op = arg;
	struct wb_target_year y;
	int rc = year_open(op->c, st, op->r.year, 1, &y);
	return rc < 0 ? rc : result_write(op->c, st, op);
}

int svc_target_result_set(struct svc_ctx *c, int64_t year, int64_t unit_id, const char *code,
			  const int64_t *actual, const int64_t *deduction, const char *note)
{
	if (bad_year(c, year))
		return WB_ERR_INVALID;
	svc_line(c, "code", code, 1, 32, 1);
	svc_text(c, "note", note, 0, 1000, 0);
	if ((actual && *actual < 0) || (deduction && *deduction < 0))
		svc_field(c, actual && *actual < 0 ? "actual" : "deduction",
			  "must be 0 or more, with at most 3 decimals");
	if (c->errs.n)
		return WB_ERR_INVALID;
	if (!office(c) && c->who.role != ROLE_UNIT)
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such letter");
	struct result_op op = {c,
			       {.year = year,
				.unit_id = unit_id,
				.code = code,
				.actual = actual ? *actual : 0,
				.deduction = deduction ? *deduction : 0,
				.note = note},
			       actual != NULL,
			       deduction != NULL,
			       0};
	return svc_tx(c, 1, result_tx, &op);
}

/* ---- progress reports, the self-check ---- */

struct report_op {
	struct svc_ctx *c;
	struct wb_target_report r;
};

static int report_tx(struct store *st, void *arg)
{
	struct report_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_target_letter l;
	struct wb_target_item it;
	struct wb_target_year y;
	int rc = year_open(c, st, op->r.year, 0, &y);
	if (rc >= 0)
		rc = signed_item(c, st, op->r.year, op->r.unit_id, op->r.code, &l, &it);
	if (rc < 0)
		return rc;
	int64_t id;
	if ((rc = store_target_report_add(st, &op->r, &id)) < 0)
		return rc;
	return svc_event(c, "targets.report", "target_letter", op->r.unit_id, NULL, NULL,
			 op->r.unit_id,
			 json_pack("{s:I, s:s, s:I, s:I, s:s}", "year", (json_int_t)op->r.year,
				   "code", op->r.code, "quarter", (json_int_t)op->r.quarter,
				   "percent", (json_int_t)op->r.percent, "text", op->r.text));
}

int svc_target_report(struct svc_ctx *c, int64_t year, int64_t unit_id, const char *code,
		      int64_t quarter, int64_t percent, const char *text, const char *evidence)
{
	if (bad_year(c, year))
		return WB_ERR_INVALID;
	if (!(c->who.role == ROLE_UNIT && c->who.unit_id == unit_id))
		return refuse(c, "only the unit itself reports on its letter");
	svc_line(c, "code", code, 1, 32, 1);
	svc_text(c, "text", text, 2, 2000, 1);
	svc_text(c, "evidence", evidence, 0, 2000, 0);
	if (percent < 0 || percent > 100)
		svc_field(c, "percent", "must be from 0 to 100");
	int y, m, d;
	wb_date_to_ymd(svc_today(c), &y, &m, &d);
	if (quarter < 1 || quarter > 4)
		svc_field(c, "quarter", "must be from 1 to 4");
	else if (year > y || (year == y && quarter > (m - 1) / 3 + 1))
		svc_field(c, "quarter", "has not begun yet");
	if (c->errs.n)
		return WB_ERR_INVALID;
	struct report_op op = {c,
			       {.year = year,
				.unit_id = unit_id,
				.code = code,
				.quarter = quarter,
				.percent = percent,
				.text = text,
				.evidence = evidence ? evidence : "",
				.by_user_id = c->who.user_id,
				.at = c->now}};
	return svc_tx(c, 1, report_tx, &op);
}

struct selfcheck_op {
	struct svc_ctx *c;
	int64_t year, unit_id;
	const char *text;
};

static int selfcheck_tx(struct store *st, void *arg)
{
	struct selfcheck_op *op = arg;
	struct wb_target_letter l;
	struct wb_target_year y;
	int rc = year_open(op->c, st, op->year, 1, &y);
	if (rc >= 0)
		rc = signed_item(op->c, st, op->year, op->unit_id, NULL, &l, NULL);
	if (rc < 0)
		return rc;
	l.selfcheck = op->text;
	l.selfcheck_at = op->c->now;
	if ((rc = store_target_letter_put(st, &l)) < 0)
		return rc;
	unsigned char h[32];
	char hex[65];
	crypto_hash_sha256(h, (const unsigned char *)op->text, strlen(op->text));
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	return svc_event(op->c, "targets.selfcheck", "target_letter", op->unit_id, NULL, NULL,
			 op->unit_id,
			 json_pack("{s:I, s:s}", "year", (json_int_t)op->year, "sha256", hex));
}

int svc_target_selfcheck(struct svc_ctx *c, int64_t year, int64_t unit_id, const char *text)
{
	if (bad_year(c, year))
		return WB_ERR_INVALID;
	if (!(c->who.role == ROLE_UNIT && c->who.unit_id == unit_id))
		return refuse(c, "only the unit itself writes its self-check");
	if (svc_text(c, "text", text, 10, 20000, 1) < 0)
		return WB_ERR_INVALID;
	struct selfcheck_op op = {c, year, unit_id, text};
	return svc_tx(c, 1, selfcheck_tx, &op);
}

/* ---- items at risk, reminders ---- */

/* The latest report of an item (by id), or NULL. */
static const struct wb_target_report *latest(const struct wb_target_report *r, size_t n,
					     int64_t unit_id, const char *code)
{
	const struct wb_target_report *best = NULL;
	for (size_t i = 0; i < n; i++)
		if (r[i].unit_id == unit_id && strcmp(r[i].code, code) == 0)
			best = &r[i];
	return best;
}

static int reported_in(const struct wb_target_report *r, size_t n, int64_t unit_id,
		       const char *code, int64_t quarter)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].unit_id == unit_id && r[i].quarter == quarter &&
		    strcmp(r[i].code, code) == 0)
			return 1;
	return 0;
}

int svc_target_risks(struct svc_ctx *c, int64_t year, struct svc_target_risk **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (bad_year(c, year))
		return WB_ERR_INVALID;
	if (!wb_perm_allows(c->who.role, PERM_TARGET_READ))
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such year");
	struct wb_target_letter *l;
	struct wb_target_item *it;
	struct wb_target_report *rp;
	size_t nl, ni, nr;
	int rc = store_target_letters(c->st, year, c->a, &l, &nl);
	if (rc >= 0)
		rc = store_target_items(c->st, year, c->a, &it, &ni);
	if (rc >= 0)
		rc = store_target_reports(c->st, year, 0, c->a, &rp, &nr);
	if (rc < 0)
		return rc;
	wb_date today = svc_today(c);
	struct svc_target_risk *v = arena_alloc(c->a, (ni + 1) * sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < ni; i++) {
		const struct wb_target_letter *lt = NULL;
		for (size_t j = 0; j < nl; j++)
			if (l[j].unit_id == it[i].unit_id)
				lt = &l[j];
		if (lt == NULL || lt->status < LS_SIGNED || it[i].rule == TR_WORKSTYLE)
			continue;
		const struct wb_target_report *r = latest(rp, nr, it[i].unit_id, it[i].code);
		int64_t pct = r ? r->percent : 0;
		struct svc_target_risk x = {.item = it[i], .percent = pct, .reported = r != NULL};
		if (it[i].deadline != WB_NO_DATE && it[i].deadline < today && pct < 100)
			x.why = RISK_OVERDUE;
		else if (it[i].deadline != WB_NO_DATE && it[i].deadline - today <= 30 && pct < 80)
			x.why = RISK_BEHIND;
		else {
			/* the last quarter that has ended since the letter was signed, unreported
			 */
			int y, m, d;
			wb_date_to_ymd(today, &y, &m, &d);
			int64_t ended = year < y ? 4 : year == y ? (m - 1) / 3 : 0;
			wb_date signed_on = wb_date_of_time(lt->signed_at, c->cfg.tz_min);
			wb_date q_end = wb_date_from_ymd((int)year, (int)ended * 3 + 1, 1) - 1;
			if (ended == 4)
				q_end = wb_date_from_ymd((int)year, 12, 31);
			if (ended >= 1 && signed_on <= q_end &&
			    !reported_in(rp, nr, it[i].unit_id, it[i].code, ended)) {
				x.why = RISK_UNREPORTED;
				x.quarter = ended;
			} else
				continue;
		}
		v[k++] = x;
	}
	*out = v;
	*n = k;
	return 0;
}

struct remind_op {
	struct svc_ctx *c;
	int days;
	int sent;
};

static int remind_tx(struct store *st, void *arg)
{
	struct remind_op *op = arg;
	struct svc_ctx *c = op->c;
	wb_date today = svc_today(c);
	int y, m, d;
	wb_date_to_ymd(today, &y, &m, &d);
	struct wb_target_letter *l;
	struct wb_target_item *it;
	struct wb_target_report *rp;
	size_t nl, ni, nr;
	int rc = store_target_letters(st, y, c->a, &l, &nl);
	if (rc >= 0)
		rc = store_target_items(st, y, c->a, &it, &ni);
	if (rc >= 0)
		rc = store_target_reports(st, y, 0, c->a, &rp, &nr);
	for (size_t i = 0; rc >= 0 && i < ni; i++) {
		int in_force = 0;
		for (size_t j = 0; j < nl; j++)
			in_force |= l[j].unit_id == it[i].unit_id && l[j].status >= LS_SIGNED;
		const struct wb_target_report *r = latest(rp, nr, it[i].unit_id, it[i].code);
		if (!in_force || it[i].deadline == WB_NO_DATE || it[i].deadline < today ||
		    it[i].deadline - today > op->days || (r && r->percent >= 100))
			continue;
		rc = store_target_reminder_add(st, y, it[i].unit_id, it[i].code, it[i].deadline,
					       c->now);
		if (rc == 1) {
			json_t *dd =
				json_pack("{s:I, s:s}", "year", (json_int_t)y, "code", it[i].code);
			svc_put_date(dd, "deadline", it[i].deadline);
			rc = svc_event(c, "targets.reminder", "target_letter", it[i].unit_id, NULL,
				       NULL, it[i].unit_id, dd);
			op->sent++;
		}
	}
	return rc < 0 ? rc : 0;
}

int svc_target_remind(struct svc_ctx *c, int days, int *sent)
{
	*sent = 0;
	if (c->who.role != ROLE_ADMIN)
		return svc_fail(c, WB_ERR_FORBIDDEN, "only the system sends reminders");
	struct remind_op op = {c, days, 0};
	int rc = svc_tx(c, 1, remind_tx, &op);
	*sent = op.sent;
	return rc < 0 ? rc : 0;
}

/* ---- publication, appeals, the final sheet ---- */

/* The sheet as canonical JSON (numbers as printed) and its SHA-256. */
static json_t *sheet_json(struct svc_ctx *c, int64_t year, char hex[65])
{
	struct wb_target_line *v;
	size_t n;
	if (svc_targets_assess(c, year, &v, &n) < 0)
		return NULL;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		char b[8][32];
		const double x[] = {v[i].card1, v[i].card2,     v[i].base,
				    v[i].adds,  v[i].subtracts, v[i].total};
		for (int k = 0; k < 6; k++)
			snprintf(b[k], sizeof b[k], "%.2f", wb_round2(x[k]));
		json_array_append_new(
			a,
			json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:b}", "unit_code",
				  v[i].code, "card1", b[0], "card2", v[i].street ? b[1] : "",
				  "base", b[2], "adds", b[3], "subtracts", b[4], "total", b[5],
				  "grade", wb_grade_names[v[i].grade], "rank", v[i].rank, "vetoed",
				  v[i].vetoed));
	}
	char *text = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
	unsigned char h[32];
	crypto_hash_sha256(h, (const unsigned char *)(text ? text : ""), text ? strlen(text) : 0);
	sodium_bin2hex(hex, 65, h, sizeof h);
	free(text);
	return a;
}

struct publish_op {
	struct svc_ctx *c;
	int64_t year;
	int days;
	int final;
	const char *hex; /* the sheet's hash, to record */
	json_t *sheet;
};

/*
 * The first step of publishing (or making final): the year's state changes, so that no
 * result or adjustment can change after this commits. A step begun and not recorded (its
 * hash still missing) is completed by calling again.
 */
static int freeze_tx(struct store *st, void *arg)
{
	struct publish_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_target_year y;
	int rc = store_target_year(st, op->year, c->a, &y);
	if (rc < 0)
		return rc;
	if (y.final_at && (op->final ? y.sheet_hash != NULL : 1))
		return svc_fail(c, WB_ERR_STATE, "the year's assessment is final");
	wb_date today = svc_today(c);
	if (!op->final) {
		if (y.published_at)
			return y.sheet_hash ? svc_fail(c, WB_ERR_STATE, "the sheet is published")
					    : 0;
		y.published_at = c->now;
		y.appeal_until = today + op->days;
	} else {
		if (y.final_at)
			return 0;
		if (!y.published_at)
			return svc_fail(c, WB_ERR_STATE,
					"publish the sheet before making it final");
		if (today <= y.appeal_until)
			return svc_fail(c, WB_ERR_STATE, "the appeal window is still open");
		struct wb_target_appeal *ap;
		size_t na;
		if ((rc = store_target_appeals(st, op->year, c->a, &ap, &na)) < 0)
			return rc;
		for (size_t i = 0; i < na; i++)
			if (ap[i].status == AP_OPEN)
				return svc_fail(c, WB_ERR_STATE, "an appeal waits for a decision");
		y.final_at = c->now;
	}
	y.sheet_hash = NULL;
	return store_target_year_put(st, &y);
}

/* The second step: the sheet as it stands now that it cannot change, and its hash. */
static int record_tx(struct store *st, void *arg)
{
	struct publish_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_target_year y;
	int rc = store_target_year(st, op->year, c->a, &y);
	if (rc < 0)
		return rc;
	y.sheet_hash = op->hex;
	if ((rc = store_target_year_put(st, &y)) < 0)
		return rc;
	json_t *d = json_pack("{s:I, s:s, s:O}", "year", (json_int_t)op->year, "sha256", op->hex,
			      "sheet", op->sheet);
	if (!op->final)
		svc_put_date(d, "appeal_until", y.appeal_until);
	return svc_event(c, op->final ? "targets.final" : "targets.publish", "targets", op->year,
			 NULL, NULL, 0, d);
}

int svc_target_publish(struct svc_ctx *c, int64_t year, int appeal_days, int final)
{
	if (bad_year(c, year))
		return WB_ERR_INVALID;
	if (!office(c))
		return svc_fail(c, WB_ERR_FORBIDDEN,
				"only the district office publishes the sheet");
	if (!final && (appeal_days < 1 || appeal_days > 60))
		return svc_field(c, "appeal_days", "must be from 1 to 60");
	struct publish_op op = {c, year, appeal_days, final, NULL, NULL};
	int rc = svc_tx(c, 1, freeze_tx, &op);
	if (rc < 0)
		return rc;
	char hex[65];
	/* computed outside a transaction: the work-style figures read the surveys in their own */
	op.sheet = sheet_json(c, year, hex);
	if (op.sheet == NULL)
		return WB_ERR_INTERNAL;
	op.hex = hex;
	rc = svc_tx(c, 1, record_tx, &op);
	json_decref(op.sheet);
	return rc;
}

const char *const svc_target_year_action_names[TYA__N] = {"set_scheme", "publish", "final"};

unsigned svc_target_year_actions(const struct svc_ctx *c, const struct svc_letter *v, size_t n,
				 const struct wb_target_year *y)
{
	if (!office(c))
		return 0;
	int signed_any = 0;
	for (size_t i = 0; i < n; i++)
		signed_any |= v[i].l.status >= LS_SIGNED;
	unsigned may = signed_any ? 0 : 1u << TYA_SET_SCHEME;
	if (!y->published_at)
		may |= 1u << TYA_PUBLISH;
	else if (!y->final_at)
		may |= 1u << TYA_FINAL;
	return may;
}

int svc_target_year(struct svc_ctx *c, int64_t year, struct wb_target_year *out)
{
	if (bad_year(c, year))
		return WB_ERR_INVALID;
	return store_target_year(c->st, year, c->a, out);
}

struct appeal_op {
	struct svc_ctx *c;
	struct wb_target_appeal ap;
	int64_t *id;
	/* a decision */
	int upheld;
	const int64_t *actual, *deduction;
};

static int appeal_tx(struct store *st, void *arg)
{
	struct appeal_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_target_year y;
	int rc = year_open(c, st, op->ap.year, 0, &y);
	if (rc < 0)
		return rc;
	if (!y.published_at)
		return svc_fail(c, WB_ERR_STATE, "the sheet is not published yet");
	if (svc_today(c) > y.appeal_until)
		return svc_fail(c, WB_ERR_STATE, "the appeal window has closed");
	struct wb_target_letter l;
	struct wb_target_item it;
	if ((rc = signed_item(c, st, op->ap.year, op->ap.unit_id, op->ap.code, &l, &it)) < 0)
		return rc;
	struct wb_target_appeal *v;
	size_t n;
	if ((rc = store_target_appeals(st, op->ap.year, c->a, &v, &n)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (v[i].unit_id == op->ap.unit_id && v[i].status == AP_OPEN &&
		    ((v[i].code == NULL) == (op->ap.code == NULL)) &&
		    (!op->ap.code || strcmp(v[i].code, op->ap.code) == 0))
			return svc_fail(c, WB_ERR_STATE, "an appeal on this already waits");
	if ((rc = store_target_appeal_add(st, &op->ap, op->id)) < 0)
		return rc;
	json_t *d = json_pack("{s:I, s:I, s:s}", "year", (json_int_t)op->ap.year, "appeal_id",
			      (json_int_t)*op->id, "reason", op->ap.reason);
	json_object_set_new(d, "code", op->ap.code ? json_string(op->ap.code) : json_null());
	return svc_event(c, "targets.appeal", "target_letter", op->ap.unit_id, NULL, "open",
			 op->ap.unit_id, d);
}

int svc_target_appeal(struct svc_ctx *c, int64_t year, int64_t unit_id, const char *code,
		      const char *reason, int64_t *id)
{
	if (bad_year(c, year))
		return WB_ERR_INVALID;
	if (!(c->who.role == ROLE_UNIT && c->who.unit_id == unit_id))
		return refuse(c, "only the unit itself appeals its assessment");
	if (code)
		svc_line(c, "code", code, 1, 32, 0);
	svc_text(c, "reason", reason, 10, 2000, 1);
	if (c->errs.n)
		return WB_ERR_INVALID;
	struct appeal_op op = {c,
			       {.year = year,
				.unit_id = unit_id,
				.code = code,
				.reason = reason,
				.status = AP_OPEN,
				.by_user_id = c->who.user_id,
				.at = c->now},
			       id};
	return svc_tx(c, 1, appeal_tx, &op);
}

static int decide_tx(struct store *st, void *arg)
{
	struct appeal_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_target_appeal ap;
	int rc = store_target_appeal(st, op->ap.id, c->a, &ap);
	if (rc == WB_ERR_NOT_FOUND)
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such appeal");
	if (rc < 0)
		return rc;
	struct wb_target_year y;
	if ((rc = year_open(c, st, ap.year, 0, &y)) < 0)
		return rc;
	if (ap.status != AP_OPEN)
		return svc_fail(c, WB_ERR_STATE, "the appeal is decided");
	if (op->upheld && (op->actual || op->deduction)) {
		if (ap.code == NULL)
			return svc_field(c, "actual", "is only given on an appeal about an item");
		struct result_op r = {c,
				      {.year = ap.year,
				       .unit_id = ap.unit_id,
				       .code = ap.code,
				       .actual = op->actual ? *op->actual : 0,
				       .deduction = op->deduction ? *op->deduction : 0,
				       .note = op->ap.decision},
				      op->actual != NULL,
				      op->deduction != NULL,
				      ap.id};
		if ((rc = result_write(c, st, &r)) < 0)
			return rc;
	}
	ap.status = op->upheld ? AP_UPHELD : AP_REJECTED;
	ap.decision = op->ap.decision;
	ap.decided_by = c->who.user_id;
	ap.decided_at = c->now;
	if ((rc = store_target_appeal_update(st, &ap)) < 0)
		return rc;
	return svc_event(c, "targets.appeal.decide", "target_letter", ap.unit_id, "open",
			 wb_enum_name(&wb_appeal_statuses, ap.status), ap.unit_id,
			 json_pack("{s:I, s:I, s:s}", "year", (json_int_t)ap.year, "appeal_id",
				   (json_int_t)ap.id, "decision", ap.decision));
}

int svc_target_appeal_decide(struct svc_ctx *c, int64_t id, int upheld, const char *decision,
			     const int64_t *actual, const int64_t *deduction)
{
	if (!office(c))
		return svc_fail(c,
				wb_perm_allows(c->who.role, PERM_TARGET_READ) ||
						c->who.role == ROLE_UNIT
					? WB_ERR_FORBIDDEN
					: WB_ERR_NOT_FOUND,
				"only the district office decides appeals");
	svc_text(c, "decision", decision, 5, 2000, 1);
	if ((actual && *actual < 0) || (deduction && *deduction < 0))
		svc_field(c, actual && *actual < 0 ? "actual" : "deduction",
			  "must be 0 or more, with at most 3 decimals");
	if (!upheld && (actual || deduction))
		svc_field(c, actual ? "actual" : "deduction",
			  "is only given when the appeal is upheld");
	if (c->errs.n)
		return WB_ERR_INVALID;
	struct appeal_op op = {.c = c,
			       .ap = {.id = id, .decision = decision},
			       .upheld = upheld,
			       .actual = actual,
			       .deduction = deduction};
	return svc_tx(c, 1, decide_tx, &op);
}

int svc_target_appeals(struct svc_ctx *c, int64_t year, struct wb_target_appeal **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	int all, rc = read_scope(c, year, &all);
	if (rc < 0)
		return rc;
	struct wb_target_appeal *v;
	size_t k = 0, nv;
	if ((rc = store_target_appeals(c->st, year, c->a, &v, &nv)) < 0)
		return rc;
	for (size_t i = 0; i < nv; i++)
		if (all || v[i].unit_id == c->who.unit_id)
			v[k++] = v[i];
	*out = v;
	*n = k;
	return 0;
}

/* ---- proposed subtracts ---- */

struct proposals {
	struct svc_ctx *c;
	struct wb_target_proposal *done;
	size_t ndone;
	struct svc_target_proposal *v;
	size_t n, cap;
};

/* Add the proposal of @p b from @p source, its event "@p label：title". */
static int add_proposal_named(struct proposals *p, const struct store_tbulletin *b,
			      const char *source, const char *label)
{
	const struct wb_target_proposal *d = NULL;
	for (size_t i = 0; i < p->ndone; i++)
		if (strcmp(p->done[i].source, source) == 0)
			d = &p->done[i];
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct svc_target_proposal *v = arena_alloc(p->c->a, cap * sizeof *v);
		if (p->n)
			memcpy(v, p->v, p->n * sizeof *v);
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = (struct svc_target_proposal){
		.source = source,
		.unit_id = b->unit_id,
		.event = arena_printf(p->c->a, "%s：%s", label, b->title ? b->title : ""),
		.at = b->published_at,
		.decided = d != NULL,
		.decision = d ? *d : (struct wb_target_proposal){0}};
	return 0;
}

/* Add the proposal of @p b, whose source is "@p kind:ID". */
static int add_proposal_of(struct proposals *p, const struct store_tbulletin *b, const char *kind,
			   const char *label)
{
	return add_proposal_named(p, b, arena_printf(p->c->a, "%s:%lld", kind, (long long)b->id),
				  label);
}

static int add_proposal(void *arg, const struct store_tbulletin *b)
{
	return add_proposal_of(arg, b, "bulletin", "通报批评");
}

/* The efficiency faults decided in the year (and not revoked) as proposals. */
static int add_faults(struct proposals *p, struct store *st, int64_t year)
{
	struct store_fault_filter f = {.status = -1,
				       .decided_from = wb_date_from_ymd((int)year, 1, 1),
				       .decided_to = wb_date_from_ymd((int)year + 1, 1, 1)};
	struct wb_fault *v;
	size_t n;
	int rc = store_faults(st, &f, p->c->a, &v, &n);
	for (size_t i = n; rc >= 0 && i-- > 0;) {
		if (v[i].status != FST_DECIDED && v[i].status != FST_APPEALED)
			continue;
		struct store_tbulletin b = {v[i].id, v[i].unit_id,
					    arena_printf(p->c->a, "%s：%s",
							 wb_enum_label(&wb_fault_types, v[i].type),
							 v[i].facts),
					    v[i].decided_at};
		rc = add_proposal_of(p, &b, "fault", "效能过错");
	}
	return rc < 0 ? rc : 0;
}

/* The criticisms issued as documents in the year (not a flag's, which its record gives),
 * one proposal for each unit they are about, directly or through a problem. */
static int add_notices(struct proposals *p, struct store *st, int64_t year)
{
	struct svc_ctx *c = p->c;
	struct store_notice_filter f = {.status = NST_ISSUED, .scope = -1, .kind = NK_CRITICISM};
	struct wb_notice *v;
	size_t n;
	int rc = store_notices(st, &f, c->a, &v, &n);
	int64_t from = svc_day_start(c, wb_date_from_ymd((int)year, 1, 1));
	int64_t to = svc_day_start(c, wb_date_from_ymd((int)year + 1, 1, 1));
	for (size_t i = n; rc >= 0 && i-- > 0;) {
		if (v[i].bulletin_id || v[i].signed_at < from || v[i].signed_at >= to)
			continue;
		struct wb_notice_ref *refs;
		size_t nrefs;
		if ((rc = store_notice_refs(st, v[i].id, c->a, &refs, &nrefs)) < 0)
			break;
		int64_t units[64];
		size_t nu = 0;
		for (size_t k = 0; k < nrefs && nu < 64; k++) {
			int64_t u = 0;
			if (refs[k].kind == NSU_UNIT) {
				u = refs[k].ref_id;
			} else if (refs[k].kind == NSU_PROBLEM) {
				struct wb_problem pr;
				if ((rc = store_problem_get(st, NULL, refs[k].ref_id, c->a, &pr)) <
				    0)
					return rc;
				u = rc ? (pr.unit_id ? pr.unit_id : pr.target_unit_id) : 0;
			}
			int dup = u == 0;
			for (size_t m = 0; m < nu; m++)
				dup |= units[m] == u;
			if (!dup)
				units[nu++] = u;
		}
		for (size_t m = 0; rc >= 0 && m < nu; m++) {
			struct store_tbulletin b = {
				v[i].id, units[m],
				v[i].number ? arena_printf(c->a, "%s %s", v[i].number, v[i].title)
					    : v[i].title,
				v[i].signed_at};
			char *kind = arena_printf(c->a, "notice:%lld:%lld", (long long)v[i].id,
						  (long long)units[m]);
			/* the source names the notice and the unit: "notice:ID:UNIT" */
			rc = add_proposal_named(p, &b, kind, "通报批评");
		}
	}
	return rc < 0 ? rc : 0;
}

static int proposals_of(struct svc_ctx *c, struct store *st, int64_t year, struct proposals *p)
{
	memset(p, 0, sizeof *p);
	p->c = c;
	int rc = store_target_proposals(st, year, c->a, &p->done, &p->ndone);
	if (rc < 0)
		return rc;
	int64_t from = svc_day_start(c, wb_date_from_ymd((int)year, 1, 1));
	int64_t to = svc_day_start(c, wb_date_from_ymd((int)year + 1, 1, 1));
	if ((rc = store_target_bulletins(st, from, to, add_proposal, p)) < 0 ||
	    (rc = add_notices(p, st, year)) < 0)
		return rc;
	return add_faults(p, st, year);
}

int svc_target_proposals(struct svc_ctx *c, int64_t year, struct svc_target_proposal **out,
			 size_t *n)
{
	*out = NULL;
	*n = 0;
	if (bad_year(c, year))
		return WB_ERR_INVALID;
	if (!wb_perm_allows(c->who.role, PERM_TARGET_READ))
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such year");
	struct proposals p;
	int rc = proposals_of(c, c->st, year, &p);
	*out = p.v;
	*n = p.n;
	return rc;
}

struct propose_op {
	struct svc_ctx *c;
	int64_t year;
	const char *source, *note;
	int confirm;
	enum wb_level level;
};

static int propose_tx(struct store *st, void *arg)
{
	struct propose_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_target_year y;
	int rc = year_open(c, st, op->year, 1, &y);
	if (rc < 0)
		return rc;
	struct proposals p;
	if ((rc = proposals_of(c, st, op->year, &p)) < 0)
		return rc;
	const struct svc_target_proposal *x = NULL;
	for (size_t i = 0; i < p.n; i++)
		if (strcmp(p.v[i].source, op->source) == 0)
			x = &p.v[i];
	if (x == NULL)
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such proposal");
	if (x->decided)
		return svc_fail(c, WB_ERR_STATE, "the proposal is decided");
	struct wb_target_proposal d = {
		op->year, op->source,     x->unit_id, op->confirm ? PR_CONFIRMED : PR_DECLINED,
		op->note, c->who.user_id, c->now};
	if ((rc = store_target_proposal_add(st, &d)) < 0)
		return rc;
	if (op->confirm) {
		struct wb_target_adjust a = {0,         op->year, x->unit_id, ADJ_SUBTRACT,
					     op->level, x->event, op->source};
		int64_t id;
		if ((rc = store_target_adjust_add(st, &a, &id)) < 0)
			return rc;
	}
	json_t *dd = json_pack("{s:I, s:s, s:s, s:s}", "year", (json_int_t)op->year, "source",
			       op->source, "event", x->event, "note", op->note ? op->note : "");
	if (op->confirm)
		json_object_set_new(dd, "level", json_string(wb_enum_name(&wb_levels, op->level)));
	return svc_event(c, op->confirm ? "targets.proposal.confirm" : "targets.proposal.decline",
			 "target_letter", x->unit_id, NULL, NULL, x->unit_id, dd);
}

int svc_target_proposal_decide(struct svc_ctx *c, int64_t year, const char *source, int confirm,
			       int level, const char *note)
{
	if (bad_year(c, year))
		return WB_ERR_INVALID;
	if (!office(c))
		return refuse(c, "only the district office decides proposals");
	svc_line(c, "source", source, 1, 64, 1);
	svc_text(c, "note", note, confirm ? 0 : 5, 1000, !confirm);
	if (confirm && (level < 0 || level >= LV__N))
		svc_field(c, "level", "must be national, province, city, district or street");
	if (c->errs.n)
		return WB_ERR_INVALID;
	struct propose_op op = {c,    year,    source,
				note, confirm, (enum wb_level)(confirm ? level : 0)};
	return svc_tx(c, 1, propose_tx, &op);
}

/* ---- rewards and penalties ---- */

struct sanction_op {
	struct svc_ctx *c;
	struct wb_target_sanction s;
	int64_t *id;
};

static int sanction_tx(struct store *st, void *arg)
{
	struct sanction_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_target_year y;
	int rc = store_target_year(st, op->s.year, c->a, &y);
	if (rc < 0)
		return rc;
	if (!y.published_at)
		return svc_fail(c, WB_ERR_STATE,
				"rewards and penalties follow the published sheet");
	struct wb_unit u;
	if ((rc = store_unit_get(st, op->s.unit_id, c->a, &u)) < 0)
		return rc;
	if (rc == 0 || (u.kind != UK_DEPARTMENT && u.kind != UK_STREET))
		return svc_field(c, "unit_id", "must be a department or a street/town");
	const char *name = "";
	if (op->s.person_id) {
		struct wb_person p;
		if ((rc = store_person_get(st, op->s.person_id, c->a, &p)) < 0)
			return rc;
		if (rc == 0 || p.unit_id != op->s.unit_id)
			return svc_field(c, "person_id", "must be a person of the unit");
		name = p.name;
	}
	if ((rc = store_target_sanction_add(st, &op->s, op->id)) < 0)
		return rc;
	json_t *d = json_pack("{s:I, s:s, s:s, s:s}", "year", (json_int_t)op->s.year, "person",
			      name, "kind", wb_enum_name(&wb_sanction_kinds, op->s.kind), "measure",
			      op->s.measure);
	json_object_set_new(d, "person_id",
			    op->s.person_id ? json_integer(op->s.person_id) : json_null());
	return svc_event(c, "targets.sanction", "target_letter", op->s.unit_id, NULL, NULL,
			 op->s.unit_id, d);
}

int svc_target_sanction(struct svc_ctx *c, const struct wb_target_sanction *in, int64_t *id)
{
	if (bad_year(c, in->year))
		return WB_ERR_INVALID;
	if (!office(c))
		return refuse(c, "only the district office records rewards and penalties");
	if (svc_text(c, "measure", in->measure, 2, 500, 1) < 0)
		return WB_ERR_INVALID;
	struct sanction_op op = {c, *in, id};
	op.s.by_user_id = c->who.user_id;
	op.s.at = c->now;
	return svc_tx(c, 1, sanction_tx, &op);
}

int svc_target_sanctions(struct svc_ctx *c, int64_t year, struct wb_target_sanction **out,
			 size_t *n)
{
	*out = NULL;
	*n = 0;
	int all, rc = read_scope(c, year, &all);
	if (rc < 0)
		return rc;
	struct wb_target_sanction *v;
	size_t k = 0, nv;
	if ((rc = store_target_sanctions(c->st, year, c->a, &v, &nv)) < 0)
		return rc;
	for (size_t i = 0; i < nv; i++)
		if (all || v[i].unit_id == c->who.unit_id)
			v[k++] = v[i];
	*out = v;
	*n = k;
	return 0;
}

int svc_target_reports(struct svc_ctx *c, int64_t year, int64_t unit_id,
		       struct wb_target_report **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!wb_perm_allows(c->who.role, PERM_TARGET_READ) &&
	    !(c->who.role == ROLE_UNIT && c->who.unit_id == unit_id))
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such letter");
	return store_target_reports(c->st, year, unit_id, c->a, out, n);
}
