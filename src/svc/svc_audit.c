/* The audit log's verification, and accountability (问责) recorded against a problem. */
#include "svc.h"

#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/audit.h"
#include "../core/perm.h"
#include "../util/err.h"
#include "svc_int.h"
#include "svc_replay.h"

struct verify_op {
	struct svc_verify *out;
	struct svc_ctx *c;
	char prev[65];
	struct replay *rp;
	int64_t want_events; /**< the checkpoint's event, 0 when none was given */
	char want_head[65];
};

static int verify_one(void *arg, const struct wb_event *e)
{
	struct verify_op *op = arg;
	struct svc_verify *out = op->out;
	out->events++;
	if (out->first_bad == 0 &&
	    (strcmp(e->prev_hash, op->prev) != 0 || !wb_audit_check(e) || e->id != out->events)) {
		out->first_bad = e->id;
		out->ok = 0;
	}
	memcpy(op->prev, e->hash, sizeof op->prev);
	if (op->want_events && e->id == op->want_events)
		out->checkpoint = strcmp(e->hash, op->want_head) == 0;
	return svc_replay_event(op->rp, e);
}

static int verify_tx(struct store *st, void *arg)
{
	struct verify_op *op = arg;
	int rc = store_event_iter(st, verify_one, arg);
	if (rc < 0)
		return rc;
	memcpy(op->out->head, op->prev, sizeof op->out->head);
	/* The records against the log: only worth it when the chain holds. */
	if (op->out->first_bad == 0) {
		op->out->mismatch = svc_replay_compare(op->rp, st, &rc);
		if (op->out->mismatch)
			op->out->ok = 0;
	}
	return rc < 0 ? rc : 0;
}

/* "events=N head=HEX" into @p events and @p head. @return 0, or -1 when malformed */
static int parse_checkpoint(const char *s, int64_t *events, char head[65])
{
	long long n;
	int used = 0;
	if (sscanf(s, "events=%lld head=%64[0-9a-f]%n", &n, head, &used) != 2 || s[used] != '\0' ||
	    n <= 0 || strlen(head) != 64)
		return -1;
	*events = n;
	return 0;
}

int svc_audit_verify(struct svc_ctx *c, const char *checkpoint, struct svc_verify *out)
{
	if (!wb_perm_allows(c->who.role, PERM_AUDIT_VERIFY))
		return svc_fail(c, WB_ERR_FORBIDDEN, "only the office and leaders verify the log");
	memset(out, 0, sizeof *out);
	out->ok = 1;
	out->checkpoint = -1;
	struct verify_op op = {.out = out, .c = c};
	memcpy(op.prev, wb_audit_genesis, sizeof op.prev);
	if (checkpoint) {
		if (parse_checkpoint(checkpoint, &op.want_events, op.want_head) < 0)
			return svc_field(c, "checkpoint",
					 "must read events=N head=<64 hex digits>");
		out->checkpoint = 0; /* unless event N is there with that hash */
	}
	op.rp = svc_replay_new(c->a);
	int rc = svc_tx(c, 0, verify_tx, &op);
	svc_replay_free(op.rp);
	if (rc < 0)
		return rc;
	if (out->checkpoint == 0) {
		out->ok = 0;
		out->checkpoint_detail =
			op.want_events > out->events
				? arena_printf(
					  c->a,
					  "the log has %lld events, the checkpoint %lld: events "
					  "were cut",
					  (long long)out->events, (long long)op.want_events)
				: arena_printf(c->a,
					       "event %lld does not have the checkpoint's hash",
					       (long long)op.want_events);
	}
	return 0;
}

int svc_audit_checkpoint(struct svc_ctx *c, int64_t before, int64_t *events, char head[65])
{
	*events = 0;
	memcpy(head, wb_audit_genesis, 65);
	int rc = store_event_before(c->st, before, events, head);
	return rc < 0 ? rc : 0;
}

/* ---- accountability ---- */

struct acc_op {
	struct svc_ctx *c;
	int64_t problem_id;
	struct wb_accountability a;
	int64_t id;
};

static int accountability_tx(struct store *st, void *arg)
{
	struct acc_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_problem p;
	int rc = svc_found(store_problem_get(st, &c->who, op->problem_id, c->a, &p));
	if (rc < 0)
		return rc;
	if (!wb_perm_allows(c->who.role, PERM_ACCOUNTABILITY_CREATE))
		return svc_fail(c, WB_ERR_FORBIDDEN,
				"only the district office records accountability");
	if (op->a.unit_id == 0)
		op->a.unit_id = p.unit_id ? p.unit_id : p.target_unit_id;
	struct wb_unit u;
	rc = store_unit_get(st, op->a.unit_id, c->a, &u);
	if (rc < 0)
		return rc;
	if (rc == 0 || !wb_unit_kind_is_responsible(u.kind))
		return svc_field(c, "unit_id", "must be a department or a street/town");
	if (op->a.person_id) {
		struct wb_person who;
		if ((rc = store_person_get(st, op->a.person_id, c->a, &who)) < 0)
			return rc;
		if (rc == 0 || who.unit_id != op->a.unit_id)
			return svc_field(c, "person_id", "must be a person of the unit's register");
		op->a.person = who.name;
	}
	op->a.problem_id = p.id;
	op->a.created_at = c->now;
	op->a.created_by = c->who.user_id;
	rc = store_accountability_insert(st, &op->a, &op->id);
	if (rc < 0)
		return rc;
	char day[11];
	wb_date_format(op->a.decided_on, day);
	json_t *d = json_pack("{s:I, s:I, s:s, s:s?, s:s, s:s}", "accountability_id",
			      (json_int_t)op->id, "unit_id", (json_int_t)op->a.unit_id, "kind",
			      wb_enum_name(&wb_measures, op->a.kind), "person", op->a.person,
			      "note", op->a.note ? op->a.note : "", "decided_on", day);
	if (op->a.person_id)
		json_object_set_new(d, "person_id", json_integer(op->a.person_id));
	const char *s = wb_enum_name(&wb_pstatuses, p.status);
	return svc_event(c, "problem.accountability", "problem", p.id, s, s, 0, d);
}

int svc_accountability_create(struct svc_ctx *c, int64_t problem_id,
			      const struct wb_accountability *in, int64_t *id)
{
	if (!wb_perm_allows(c->who.role, PERM_PROBLEM_READ))
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such problem");
	struct acc_op op = {c, problem_id, *in, 0};
	if ((unsigned)op.a.kind >= MEASURE__N)
		svc_field(c, "kind",
			  "must be written_review, criticism, admonition, "
			  "public_criticism or organizational");
	if (op.a.person)
		svc_field(c, "person",
			  "is not a field: name the person by person_id from the unit's register");
	svc_text(c, "note", op.a.note, 0, SVC_TEXT_MAX, 0);
	if (op.a.decided_on == WB_NO_DATE)
		op.a.decided_on = svc_today(c);
	else if (op.a.decided_on > svc_today(c))
		svc_field(c, "decided_on", "must not be in the future");
	if (c->errs.n)
		return WB_ERR_INVALID;
	int rc = svc_tx(c, 1, accountability_tx, &op);
	if (rc >= 0)
		*id = op.id;
	return rc < 0 ? rc : 0;
}
