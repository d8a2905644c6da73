/* Form 1: opinions from points, stations and the public. */
#include "svc.h"

#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/perm.h"
#include "../core/text.h"
#include "../util/err.h"
#include "svc_int.h"

enum { RECEIPT_LEN = 12 };

struct opinion_op {
	struct svc_ctx *c;
	struct wb_opinion o;
	int has_point_id;
	int64_t id;
};

static int check_target(struct svc_ctx *c, int64_t unit_id)
{
	struct wb_unit u;
	if (unit_id <= 0)
		return svc_field(c, "target_unit_id", "is required");
	int rc = store_unit_get(c->st, unit_id, c->a, &u);
	if (rc < 0)
		return rc;
	if (rc == 0 || !wb_unit_kind_is_responsible(u.kind))
		return svc_field(c, "target_unit_id", "must be a department or a street/town");
	return 0;
}

/* Where an opinion was collected: the caller's own unit for station and point staff. */
static int resolve_point(struct opinion_op *op)
{
	struct svc_ctx *c = op->c;
	struct wb_unit u;
	if (c->who.role == ROLE_POINT) {
		if (op->has_point_id && op->o.point_id != c->who.unit_id)
			return svc_field(c, "point_id",
					 "point staff record opinions of their own point");
		op->o.point_id = c->who.unit_id;
		return 0;
	}
	if (c->who.role == ROLE_STATION && !op->has_point_id) {
		op->o.point_id = c->who.unit_id;
		return 0;
	}
	if (!op->o.point_id)
		return 0; /* the office may record an opinion that came in with no point */
	int rc = store_unit_get(c->st, op->o.point_id, c->a, &u);
	if (rc < 0)
		return rc;
	if (rc == 0 || (u.kind != UK_POINT && u.kind != UK_STATION))
		return svc_field(c, "point_id", "must be a monitoring point or station");
	if (c->who.role == ROLE_STATION && u.id != c->who.unit_id && u.parent_id != c->who.unit_id)
		return svc_field(c, "point_id", "must be this station or one of its points");
	return 0;
}

static int insert_with_receipt(struct svc_ctx *c, struct wb_opinion *o, int64_t *id)
{
	int rc = WB_ERR_CONFLICT;
	/* 60 random bits: a clash is rare; draw again if it happens. */
	for (int i = 0; i < 4 && rc == WB_ERR_CONFLICT; i++) {
		o->receipt = svc_random_code(c, RECEIPT_LEN);
		o->created_at = c->now;
		rc = store_opinion_insert(c->st, o, id);
	}
	return rc < 0 ? rc : 0;
}

static json_t *opinion_data(const struct wb_opinion *o)
{
	/* The giver's name, phone and receipt stay out of the log, which units may read.
	 * Who entered it does not: an account, or 0 for the public. */
	return json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:I}", "campaign_id",
			 (json_int_t)o->campaign_id, "point_id", (json_int_t)o->point_id,
			 "target_unit_id", (json_int_t)o->target_unit_id, "dimension",
			 wb_enum_name(&wb_dimensions, o->dimension), "source",
			 wb_enum_name(&wb_sources, o->source), "channel",
			 wb_enum_name(&wb_channels, o->channel), "content", o->content,
			 "entered_by", (json_int_t)o->entered_by);
}

/*
 * The duties an opinion brings: its point's entry, judged at once against the day it was
 * received, and the summarizing by the station of its point (for one from no point, the
 * station following the unit it is about).
 */
static int opinion_duties(struct svc_ctx *c, const struct wb_opinion *o, int64_t id)
{
	struct wb_duty d = {.campaign_id = o->campaign_id, .opinion_id = id};
	int rc = 0;
	if (o->point_id) {
		d.kind = DUTY_ENTRY;
		d.holder_id = o->point_id;
		d.started_at = o->received_at;
		d.done_at = c->now;
		rc = svc_duty_start(c, &d, c->cfg.entry_workdays);
	}
	int64_t station = 0;
	if (rc == 0)
		rc = svc_station_of(c, o->point_id ? o->point_id : o->target_unit_id, &station);
	if (rc < 0)
		return rc;
	d = (struct wb_duty){.campaign_id = o->campaign_id,
			     .kind = DUTY_MERGE,
			     .opinion_id = id,
			     .holder_id = station};
	return svc_duty_start(c, &d, c->cfg.merge_workdays);
}

static int opinion_tx(struct store *st, void *arg)
{
	struct opinion_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_campaign camp;
	/* Every field first, then whether a campaign can take it (400 before 409). */
	int rc = check_target(c, op->o.target_unit_id);
	if (rc < 0 && rc != WB_ERR_INVALID)
		return rc;
	rc = resolve_point(op);
	if (rc < 0 && rc != WB_ERR_INVALID)
		return rc;
	if (op->o.campaign_id) {
		rc = store_campaign_get(st, op->o.campaign_id, c->a, &camp);
		if (rc < 0)
			return rc;
		if (rc == 0)
			svc_field(c, "campaign_id", "no such campaign");
	}
	if (c->errs.n)
		return WB_ERR_INVALID;
	if (op->o.campaign_id == 0) {
		rc = store_campaign_current(st, svc_today(c), &op->o.campaign_id);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return svc_fail(c, WB_ERR_STATE, "no campaign exists yet to take opinions");
		rc = store_campaign_get(st, op->o.campaign_id, c->a, &camp);
		if (rc <= 0)
			return rc < 0 ? rc : WB_ERR_INTERNAL;
	}
	/* An opinion counts in its campaign's months: none from before the campaign began. */
	wb_date start = WB_NO_DATE;
	for (int i = 0; i < camp.nphases; i++)
		if (start == WB_NO_DATE || camp.phases[i].starts_on < start)
			start = camp.phases[i].starts_on;
	if (start != WB_NO_DATE && wb_date_of_time(op->o.received_at, c->cfg.tz_min) < start) {
		char day[11];
		wb_date_format(start, day);
		return svc_field(
			c, "received_at",
			arena_printf(c->a, "must not be before the campaign starts (%s)", day));
	}
	op->o.status = OS_RECEIVED;
	op->o.problem_id = 0;
	op->o.entered_by = c->who.user_id;
	rc = insert_with_receipt(c, &op->o, &op->id);
	if (rc == 0)
		rc = opinion_duties(c, &op->o, op->id);
	if (rc < 0)
		return rc;
	return svc_event(c, "opinion.create", "opinion", op->id, NULL, "received", 0,
			 opinion_data(&op->o));
}

static int check_opinion_fields(struct svc_ctx *c, const struct wb_opinion *o)
{
	if ((unsigned)o->dimension >= DIM__N)
		svc_field(c, "dimension", "must be conduct or efficiency");
	if ((unsigned)o->source >= SRC__N)
		svc_field(c, "source", "is not a known source");
	if ((unsigned)o->channel >= CH__N)
		svc_field(c, "channel", "is not a known channel");
	/* a few words at least: "差" tells nobody what happened */
	svc_text(c, "content", o->content, 3, 2000, 1);
	svc_line(c, "submitter_name", o->submitter_name, 1, 50, 0);
	if (o->submitter_phone && !wb_text_is_phone(o->submitter_phone))
		svc_field(c, "submitter_phone",
			  "must be 3 to 20 digits, spaces, '-' or a leading '+'");
	return c->errs.n ? WB_ERR_INVALID : 0;
}

int svc_opinion_create(struct svc_ctx *c, const struct wb_opinion *in, int has_point_id,
		       int64_t *id, const char **receipt)
{
	if (!wb_perm_allows(c->who.role, PERM_OPINION_CREATE))
		return svc_fail(c, WB_ERR_FORBIDDEN, "this role does not record opinions");
	struct opinion_op op = {c, *in, has_point_id, 0};
	if (op.o.received_at == 0)
		op.o.received_at = c->now;
	else if (op.o.received_at > c->now)
		svc_field(c, "received_at", "must not be in the future");
	else if (op.o.received_at < c->now - (int64_t)c->cfg.backdate_days * 86400)
		svc_field(c, "received_at",
			  arena_printf(c->a, "must be within %d days before it is entered",
				       c->cfg.backdate_days));
	if (check_opinion_fields(c, &op.o) < 0)
		return WB_ERR_INVALID;
	int rc = svc_tx(c, 1, opinion_tx, &op);
	if (rc < 0)
		return rc;
	*id = op.id;
	if (receipt)
		*receipt = op.o.receipt;
	return 0;
}

int svc_public_opinion(struct svc_ctx *c, const struct wb_opinion *in, const char **receipt)
{
	/* Sent with a login, it is that account's, and recorded so (entered_by); a unit's
	 * account gives no "public" opinion about its own unit. */
	if (c->who.user_id && c->who.role == ROLE_UNIT && c->who.unit_id == in->target_unit_id)
		return svc_fail(c, WB_ERR_FORBIDDEN,
				"a unit's account may not give public opinions about its own unit");
	struct opinion_op op = {c, *in, 1, 0};
	op.o.point_id = 0;
	op.o.campaign_id = 0;
	op.o.source = SRC_PUBLIC;
	op.o.channel = CH_ONLINE;
	op.o.received_at = c->now;
	if (check_opinion_fields(c, &op.o) < 0)
		return WB_ERR_INVALID;
	int rc = svc_tx(c, 1, opinion_tx, &op);
	if (rc < 0)
		return rc;
	*receipt = op.o.receipt;
	return 0;
}

struct reject_op {
	struct svc_ctx *c;
	int64_t id;
	const char *reason;
};

static int reject_tx(struct store *st, void *arg)
{
	struct reject_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_opinion o;
	int rc = svc_found(store_opinion_get(st, &c->who, op->id, c->a, &o));
	if (rc < 0)
		return rc;
	if (!wb_perm_allows(c->who.role, PERM_OPINION_REJECT))
		return svc_fail(c, WB_ERR_FORBIDDEN, "this role may not reject opinions");
	if (o.status != OS_RECEIVED)
		return svc_fail(c, WB_ERR_STATE, "only a received opinion can be rejected");
	rc = store_opinion_set_status(st, o.id, OS_REJECTED, 0, op->reason);
	if (rc >= 0)
		rc = svc_duty_end(c, DUTY_MERGE, 0, o.id, 0);
	if (rc < 0)
		return rc;
	return svc_event(c, "opinion.reject", "opinion", o.id, "received", "rejected", 0,
			 json_pack("{s:s}", "reason", op->reason));
}

int svc_opinion_reject(struct svc_ctx *c, int64_t id, const char *reason)
{
	if (!wb_perm_allows(c->who.role, PERM_OPINION_READ))
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such opinion");
	if (svc_text(c, "reason", reason, 1, 1000, 1) < 0)
		return WB_ERR_INVALID;
	struct reject_op op = {c, id, reason};
	int rc = svc_tx(c, 1, reject_tx, &op);
	return rc < 0 ? rc : 0;
}
