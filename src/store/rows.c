/*
 * The row specs (store_int.h): each table's columns once, in the order of its select
 * list, with how each is bound and which an INSERT and an UPDATE write. A new column is
 * one line here (and its migration); the select lists, inserts, updates and readers
 * follow from it.
 */
#include "store_int.h"

#include <stdio.h>
#include <string.h>

#include "../core/enums.h"
#include "../core/perm.h"
#include "../util/err.h"

#define FIELD(type, col, memb, kind, flags, e)                                                     \
	{                                                                                          \
		col, FK_##kind, offsetof(type, memb), sizeof(((type *)0)->memb), flags, e          \
	}
#define I FW_INS
#define U FW_UPD
#define SPEC(var, name, table, alias, fields)                                                      \
	const struct row_spec var = {name, table, alias, fields,                                   \
				     (int)(sizeof fields / sizeof *fields)}

#define F(...) FIELD(struct wb_unit, __VA_ARGS__)
static const struct field unit_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("name", name, TEXT, I | U, NULL),
	F("kind", kind, ENUM, I, &wb_unit_kinds),
	F("parent_id", parent_id, ID, I | U, NULL),
	F("station_id", station_id, ID, I | U, NULL),
	F("code", code, TEXT, I | U, NULL),
	F("created_at", created_at, NUM, I, NULL),
};
SPEC(spec_unit, "unit", "units", "u.", unit_fields);
#undef F

#define F(...) FIELD(struct wb_user, __VA_ARGS__)
static const struct field user_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("username", username, TEXT, I, NULL),
	F("display_name", display_name, TEXT, I, NULL),
	F("role", role, ENUM, I, &wb_roles),
	F("unit_id", unit_id, ID, I, NULL),
	F("created_at", created_at, NUM, I, NULL),
	F("person_id", person_id, ID, I, NULL),
};
SPEC(spec_user, "user", "users", "s.", user_fields);
#undef F

#define F(...) FIELD(struct wb_person, __VA_ARGS__)
static const struct field person_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("unit_id", unit_id, NUM, I | U, NULL),
	F("name", name, TEXT, I | U, NULL),
	F("post", post, TEXT, I | U, NULL),
	F("rank", rank, TEXT, I | U, NULL),
	F("party_member", party_member, NUM, I | U, NULL),
	F("active", active, NUM, I | U, NULL),
	F("created_at", created_at, NUM, I, NULL),
};
SPEC(spec_person, "person", "people", "pe.", person_fields);
#undef F

#define F(...) FIELD(struct wb_target_person_item, __VA_ARGS__)
static const struct field tpitem_fields[] = {
	F("year", year, NUM, I, NULL),     F("unit_id", unit_id, NUM, I, NULL),
	F("code", code, TEXT, I, NULL),    F("person_id", person_id, NUM, I, NULL),
	F("points", points, NUM, I, NULL), F("task", task, TEXT, I, NULL),
};
SPEC(spec_tpitem, "tpitem", "target_person_items", "tpi.", tpitem_fields);
#undef F

#define F(...) FIELD(struct wb_pledge_set, __VA_ARGS__)
static const struct field pset_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("unit_id", unit_id, NUM, I, NULL),
	F("person_id", person_id, ID, I | U, NULL),
	F("title", title, TEXT, I | U, NULL),
	F("period_from", period_from, DATE, I | U, NULL),
	F("period_to", period_to, DATE, I | U, NULL),
	F("status", status, ENUM, I | U, &wb_pledge_statuses),
	F("published_at", published_at, ID, I | U, NULL),
	F("created_by", created_by, NUM, I, NULL),
	F("created_at", created_at, NUM, I, NULL),
};
SPEC(spec_pset, "pset", "pledge_sets", "ps.", pset_fields);
#undef F

#define F(...) FIELD(struct wb_pledge_item, __VA_ARGS__)
static const struct field pitem_fields[] = {
	F("set_id", set_id, NUM, I, NULL),
	F("no", no, NUM, I, NULL),
	F("text", text, TEXT, I, NULL),
};
SPEC(spec_pitem, "pitem", "pledge_items", "pi.", pitem_fields);
#undef F

#define F(...) FIELD(struct wb_pledge_record, __VA_ARGS__)
static const struct field precord_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("set_id", set_id, NUM, I, NULL),
	F("item_no", item_no, NUM, I, NULL),
	F("day", day, DATE, I, NULL),
	F("text", text, TEXT, I, NULL),
	F("evidence", evidence, TEXT, I, NULL),
	F("by_user_id", by_user_id, NUM, I, NULL),
	F("at", at, NUM, I, NULL),
};
SPEC(spec_precord, "precord", "pledge_records", "pr.", precord_fields);
#undef F

#define F(...) FIELD(struct wb_pledge_rating_row, __VA_ARGS__)
static const struct field prating_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("set_id", set_id, NUM, I, NULL),
	F("rater", rater, ENUM, I, &wb_pledge_raters),
	F("rating", rating, ENUM, I, &wb_pledge_ratings),
	F("note", note, TEXT, I, NULL),
	F("by_user_id", by_user_id, ID, I, NULL),
	F("at", at, NUM, I, NULL),
};
SPEC(spec_prating, "prating", "pledge_ratings", "prt.", prating_fields);
#undef F

#define F(...) FIELD(struct wb_notice, __VA_ARGS__)
static const struct field notice_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("kind", kind, ENUM, I | U, &wb_notice_kinds),
	F("number", number, TEXT, I | U, NULL),
	F("title", title, TEXT, I | U, NULL),
	F("body", body, TEXT, I | U, NULL),
	F("scope", scope, ENUM, I | U, &wb_notice_scopes),
	F("status", status, ENUM, I | U, &wb_notice_statuses),
	F("bulletin_id", bulletin_id, ID, I, NULL),
	F("drafted_by", drafted_by, NUM, I, NULL),
	F("drafted_at", drafted_at, NUM, I, NULL),
	F("signer", signer, TEXT, I | U, NULL),
	F("signed_by", signed_by, ID, I | U, NULL),
	F("signed_at", signed_at, ID, I | U, NULL),
	F("withdrawn_at", withdrawn_at, ID, I | U, NULL),
	F("withdrawn_reason", withdrawn_reason, TEXT, I | U, NULL),
	F("revision", revision, NUM, I | U, NULL),
};
SPEC(spec_notice, "notice", "notices", "n.", notice_fields);
#undef F

#define F(...) FIELD(struct wb_notice_ref, __VA_ARGS__)
static const struct field nref_fields[] = {
	F("notice_id", notice_id, NUM, I, NULL),
	F("kind", kind, ENUM, I, &wb_notice_subjects),
	F("ref_id", ref_id, NUM, I, NULL),
};
SPEC(spec_nref, "nref", "notice_subjects", "ns.", nref_fields);
#undef F

#define F(...) FIELD(struct wb_notice_revision, __VA_ARGS__)
static const struct field nrev_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("notice_id", notice_id, NUM, I, NULL),
	F("reason", reason, TEXT, I, NULL),
	F("before", before, TEXT, I, NULL),
	F("by_user_id", by_user_id, NUM, I, NULL),
	F("at", at, NUM, I, NULL),
};
SPEC(spec_nrev, "nrev", "notice_revisions", "nr.", nrev_fields);
#undef F

#define F(...) FIELD(struct wb_contact, __VA_ARGS__)
static const struct field contact_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("unit_id", unit_id, NUM, I, NULL),
	F("person_id", person_id, NUM, I | U, NULL),
	F("channel", channel, ENUM, I, &wb_contact_channels),
	F("visitor", visitor, TEXT, I, NULL),
	F("visitor_phone", visitor_phone, TEXT, I, NULL),
	F("need", need, TEXT, I, NULL),
	F("told", told, TEXT, I, NULL),
	F("limit_on", limit_on, DATE, I, NULL),
	F("received_at", received_at, NUM, I, NULL),
	F("status", status, ENUM, I | U, &wb_contact_statuses),
	F("to_person_id", to_person_id, ID, I | U, NULL),
	F("to_unit_id", to_unit_id, ID, I | U, NULL),
	F("outcome", outcome, TEXT, I | U, NULL),
	F("closed_at", closed_at, ID, I | U, NULL),
	F("created_by", created_by, NUM, I, NULL),
	F("created_at", created_at, NUM, I, NULL),
};
SPEC(spec_contact, "contact", "first_contacts", "fc.", contact_fields);
#undef F

#define F(...) FIELD(struct wb_fault, __VA_ARGS__)
static const struct field fault_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("unit_id", unit_id, NUM, I, NULL),
	F("source", source, ENUM, I, &wb_fault_sources),
	F("problem_id", problem_id, ID, I, NULL),
	F("opinion_id", opinion_id, ID, I, NULL),
	F("contact_id", contact_id, ID, I, NULL),
	F("type", type, ENUM, I | U, &wb_fault_types),
	F("facts", facts, TEXT, I | U, NULL),
	F("status", status, ENUM, I | U, &wb_fault_statuses),
	F("unit_sanction", unit_sanction, ENUM, I | U, &wb_sanctions),
	F("authority", authority, TEXT, I | U, NULL),
	F("decided_on", decided_on, DATE, I | U, NULL),
	F("note", note, TEXT, I | U, NULL),
	F("appeal", appeal, TEXT, I | U, NULL),
	F("appealed_at", appealed_at, ID, I | U, NULL),
	F("appeal_note", appeal_note, TEXT, I | U, NULL),
	F("created_at", created_at, NUM, I, NULL),
	F("created_by", created_by, NUM, I, NULL),
	F("decided_at", decided_at, ID, I | U, NULL),
	F("decided_by", decided_by, ID, I | U, NULL),
};
SPEC(spec_fault, "fault", "faults", "f.", fault_fields);
#undef F

#define F(...) FIELD(struct wb_fault_person, __VA_ARGS__)
static const struct field fperson_fields[] = {
	F("fault_id", fault_id, NUM, I, NULL),           F("person_id", person_id, NUM, I, NULL),
	F("role", role, ENUM, I, &wb_fault_roles),       F("resp", resp, ENUM, I, &wb_fault_resps),
	F("sanction", sanction, ENUM, I, &wb_sanctions),
};
SPEC(spec_fperson, "fperson", "fault_people", "fp.", fperson_fields);
#undef F

#define F(...) FIELD(struct wb_opinion, __VA_ARGS__)
static const struct field opinion_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("campaign_id", campaign_id, NUM, I, NULL),
	F("point_id", point_id, ID, I, NULL),
	F("target_unit_id", target_unit_id, NUM, I, NULL),
	F("dimension", dimension, ENUM, I, &wb_dimensions),
	F("source", source, ENUM, I, &wb_sources),
	F("channel", channel, ENUM, I, &wb_channels),
	F("content", content, TEXT, I, NULL),
	F("submitter_name", submitter_name, TEXT, I, NULL),
	F("submitter_phone", submitter_phone, TEXT, I, NULL),
	F("received_at", received_at, NUM, I, NULL),
	F("status", status, ENUM, I, &wb_opinion_statuses),
	F("problem_id", problem_id, ID, I, NULL),
	F("receipt", receipt, TEXT, I, NULL),
	F("reject_reason", reject_reason, TEXT, I, NULL),
	F("entered_by", entered_by, ID, I, NULL),
	F("created_at", created_at, NUM, I, NULL),
};
SPEC(spec_opinion, "opinion", "opinions", "o.", opinion_fields);
#undef F

#define F(...) FIELD(struct wb_problem, __VA_ARGS__)
static const struct field problem_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("campaign_id", campaign_id, NUM, I, NULL),
	F("target_unit_id", target_unit_id, NUM, I, NULL),
	F("unit_id", unit_id, ID, U, NULL),
	F("dimension", dimension, ENUM, I, &wb_dimensions),
	F("title", title, TEXT, I | U, NULL),
	F("summary", summary, TEXT, I | U, NULL),
	F("category", category, TEXT, I | U, NULL),
	F("severity", severity, ENUM, I | U, &wb_severities),
	F("opinion_count", opinion_count, NUM, I | U, NULL),
	F("status", status, ENUM, I | U, &wb_pstatuses),
	F("due_on", due_on, DATE, U, NULL),
	F("flagged", flagged, NUM, U, NULL),
	F("flag_due_on", flag_due_on, DATE, U, NULL),
	F("delisted", delisted, NUM, U, NULL),
	F("return_reason", return_reason, TEXT, U, NULL),
	F("reply", reply, TEXT, U, NULL),
	F("plan", plan, TEXT, U, NULL),
	F("measures", measures, TEXT, U, NULL),
	F("evidence", evidence, TEXT, U, NULL),
	F("percent", percent, NUM, U, NULL),
	F("ext_pending", ext_pending, NUM, U, NULL),
	F("ext_due_on", ext_due_on, DATE, U, NULL),
	F("ext_reason", ext_reason, TEXT, U, NULL),
	F("reopen_count", reopen_count, NUM, U, NULL),
	F("round", round, NUM, U, NULL),
	F("created_by", created_by, NUM, I, NULL),
	F("created_at", created_at, NUM, I, NULL),
	F("updated_at", updated_at, NUM, I | U, NULL),
	F("dispatched_at", dispatched_at, ID, U, NULL),
	F("acknowledged_at", acknowledged_at, ID, U, NULL),
	F("answered_at", answered_at, ID, U, NULL),
	F("rectified_at", rectified_at, ID, U, NULL),
	F("verified_at", verified_at, ID, U, NULL),
	F("closed_at", closed_at, ID, U, NULL),
	F("ack_due_on", ack_due_on, DATE, U, NULL),
	F("reminded_due", reminded_due, DATE, U, NULL),
	F("escalated_due", escalated_due, DATE, U, NULL),
	F("answered_due_on", answered_due, DATE, U, NULL),
	F("rectified_due_on", rectified_due, DATE, U, NULL),
	F("round_valid_ratings", valid_ratings, NUM, I | U, NULL),
	F("round_unsatisfied_ratings", unsatisfied_ratings, NUM, I | U, NULL),
};
SPEC(spec_problem, "problem", "problems", "p.", problem_fields);
#undef F

#define F(...) FIELD(struct wb_progress, __VA_ARGS__)
static const struct field progress_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("problem_id", problem_id, NUM, I, NULL),
	F("measures", measures, TEXT, I, NULL),
	F("percent", percent, NUM, I, NULL),
	F("evidence", evidence, TEXT, I, NULL),
	F("done", done, NUM, I, NULL),
	F("by_user_id", by_user_id, NUM, I, NULL),
	F("created_at", created_at, NUM, I, NULL),
};
SPEC(spec_progress, "progress", "progress", "g.", progress_fields);
#undef F

#define F(...) FIELD(struct wb_evaluation, __VA_ARGS__)
static const struct field evaluation_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("problem_id", problem_id, NUM, I, NULL),
	F("round", round, NUM, I, NULL),
	F("rating", rating, ENUM, I, &wb_ratings),
	F("note", note, TEXT, I, NULL),
	F("by_user_id", by_user_id, ID, I, NULL),
	F("opinion_id", opinion_id, ID, I, NULL),
	F("created_at", created_at, NUM, I, NULL),
	F("counted", counted, NUM, I, NULL),
	F("staff_entered", staff_entered, NUM, I, NULL),
};
SPEC(spec_evaluation, "evaluation", "evaluations", "v.", evaluation_fields);
#undef F

#define F(...) FIELD(struct wb_target_item, __VA_ARGS__)
static const struct field titem_fields[] = {
	F("year", year, NUM, I, NULL),
	F("unit_id", unit_id, NUM, I, NULL),
	F("code", code, TEXT, I, NULL),
	F("name", name, TEXT, I, NULL),
	F("card", card, NUM, I, NULL),
	F("points", points, NUM, I, NULL),
	F("rule", rule, ENUM, I, &wb_target_rules),
	F("target", target, ID, I, NULL),
	F("category", category, ENUM, I, &wb_target_categories),
	F("indicator", indicator, TEXT, I, NULL),
	F("measure", measure, TEXT, I, NULL),
	F("deadline", deadline, DATE, I, NULL),
	F("assessor_id", assessor_id, ID, I, NULL),
	F("owner", owner, TEXT, I, NULL),
	F("ding", ding, TEXT, I, NULL),
};
SPEC(spec_titem, "titem", "target_items", "ti.", titem_fields);
#undef F

#define F(...) FIELD(struct wb_target_letter, __VA_ARGS__)
static const struct field tletter_fields[] = {
	F("year", year, NUM, I, NULL),
	F("unit_id", unit_id, NUM, I, NULL),
	F("status", status, ENUM, I | U, &wb_letter_statuses),
	F("issued_at", issued_at, ID, I | U, NULL),
	F("signed_at", signed_at, ID, I | U, NULL),
	F("signed_by", signed_by, TEXT, I | U, NULL),
	F("in_force_at", in_force_at, ID, I | U, NULL),
	F("amendments", amendments, NUM, I | U, NULL),
	F("selfcheck", selfcheck, TEXT, I | U, NULL),
	F("selfcheck_at", selfcheck_at, ID, I | U, NULL),
	F("returned_reason", returned_reason, TEXT, I | U, NULL),
	F("returned_at", returned_at, ID, I | U, NULL),
};
SPEC(spec_tletter, "tletter", "target_letters", "tl.", tletter_fields);
#undef F

#define F(...) FIELD(struct wb_target_amendment, __VA_ARGS__)
static const struct field tamend_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("year", year, NUM, I, NULL),
	F("unit_id", unit_id, NUM, I, NULL),
	F("reason", reason, TEXT, I, NULL),
	F("before", before, TEXT, I, NULL),
	F("after", after, TEXT, I, NULL),
	F("by_user_id", by_user_id, NUM, I, NULL),
	F("at", at, NUM, I, NULL),
};
SPEC(spec_tamend, "tamend", "target_amendments", "tm.", tamend_fields);
#undef F

#define F(...) FIELD(struct wb_target_year, __VA_ARGS__)
static const struct field tyear_fields[] = {
	F("year", year, NUM, I, NULL),
	F("published_at", published_at, ID, I, NULL),
	F("appeal_until", appeal_until, DATE, I, NULL),
	F("final_at", final_at, ID, I, NULL),
	F("sheet_hash", sheet_hash, TEXT, I, NULL),
};
SPEC(spec_tyear, "tyear", "target_years", "ty.", tyear_fields);
#undef F

#define F(...) FIELD(struct wb_target_report, __VA_ARGS__)
static const struct field treport_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("year", year, NUM, I, NULL),
	F("unit_id", unit_id, NUM, I, NULL),
	F("code", code, TEXT, I, NULL),
	F("quarter", quarter, NUM, I, NULL),
	F("percent", percent, NUM, I, NULL),
	F("text", text, TEXT, I, NULL),
	F("evidence", evidence, TEXT, I, NULL),
	F("by_user_id", by_user_id, NUM, I, NULL),
	F("at", at, NUM, I, NULL),
};
SPEC(spec_treport, "treport", "target_reports", "tp.", treport_fields);
#undef F

#define F(...) FIELD(struct wb_target_appeal, __VA_ARGS__)
static const struct field tappeal_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("year", year, NUM, I, NULL),
	F("unit_id", unit_id, NUM, I, NULL),
	F("code", code, TEXT, I, NULL),
	F("reason", reason, TEXT, I, NULL),
	F("status", status, ENUM, I | U, &wb_appeal_statuses),
	F("decision", decision, TEXT, I | U, NULL),
	F("by_user_id", by_user_id, NUM, I, NULL),
	F("at", at, NUM, I, NULL),
	F("decided_by", decided_by, ID, I | U, NULL),
	F("decided_at", decided_at, ID, I | U, NULL),
};
SPEC(spec_tappeal, "tappeal", "target_appeals", "ta2.", tappeal_fields);
#undef F

#define F(...) FIELD(struct wb_target_proposal, __VA_ARGS__)
static const struct field tprop_fields[] = {
	F("year", year, NUM, I, NULL),       F("source", source, TEXT, I, NULL),
	F("unit_id", unit_id, NUM, I, NULL), F("status", status, ENUM, I, &wb_proposal_statuses),
	F("note", note, TEXT, I, NULL),      F("by_user_id", by_user_id, NUM, I, NULL),
	F("at", at, NUM, I, NULL),
};
SPEC(spec_tprop, "tprop", "target_proposals", "tq.", tprop_fields);
#undef F

#define F(...) FIELD(struct wb_target_sanction, __VA_ARGS__)
static const struct field tsanction_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("year", year, NUM, I, NULL),
	F("unit_id", unit_id, NUM, I, NULL),
	F("person_id", person_id, ID, I, NULL),
	F("kind", kind, ENUM, I, &wb_sanction_kinds),
	F("measure", measure, TEXT, I, NULL),
	F("by_user_id", by_user_id, NUM, I, NULL),
	F("at", at, NUM, I, NULL),
};
SPEC(spec_tsanction, "tsanction", "target_sanctions", "ts.", tsanction_fields);
#undef F

#define F(...) FIELD(struct wb_target_result, __VA_ARGS__)
static const struct field tresult_fields[] = {
	F("year", year, NUM, I, NULL),
	F("unit_id", unit_id, NUM, I, NULL),
	F("code", code, TEXT, I, NULL),
	F("actual", actual, ID, I, NULL),
	F("deduction", deduction, ID, I, NULL),
	F("note", note, TEXT, I, NULL),
	F("by_user_id", by_user_id, ID, I, NULL),
	F("at", at, ID, I, NULL),
};
SPEC(spec_tresult, "tresult", "target_results", "tr.", tresult_fields);
#undef F

#define F(...) FIELD(struct wb_target_adjust, __VA_ARGS__)
static const struct field tadjust_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("year", year, NUM, I, NULL),
	F("unit_id", unit_id, NUM, I, NULL),
	F("kind", kind, ENUM, I, &wb_adjust_kinds),
	F("level", level, ENUM, I, &wb_levels),
	F("event", event, TEXT, I, NULL),
	F("source", source, TEXT, I, NULL),
};
SPEC(spec_tadjust, "tadjust", "target_adjustments", "ta.", tadjust_fields);
#undef F

#define F(...) FIELD(struct wb_duty, __VA_ARGS__)
static const struct field duty_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("campaign_id", campaign_id, NUM, I, NULL),
	F("kind", kind, ENUM, I, &wb_duty_kinds),
	F("problem_id", problem_id, ID, I, NULL),
	F("opinion_id", opinion_id, ID, I, NULL),
	F("holder_id", holder_id, NUM, I, NULL),
	F("station_id", station_id, ID, I, NULL),
	F("by_unit_id", by_unit_id, ID, I, NULL),
	F("started_at", started_at, NUM, I, NULL),
	F("due_on", due_on, DATE, I, NULL),
	F("done_at", done_at, ID, I, NULL),
	F("released_at", released_at, ID, I, NULL),
};
SPEC(spec_duty, "duty", "duties", "d.", duty_fields);
#undef F

#define F(...) FIELD(struct wb_accountability, __VA_ARGS__)
static const struct field accountability_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("problem_id", problem_id, NUM, I, NULL),
	F("unit_id", unit_id, NUM, I, NULL),
	F("person", person, TEXT, I, NULL),
	F("kind", kind, ENUM, I, &wb_measures),
	F("note", note, TEXT, I, NULL),
	F("decided_on", decided_on, DATE, I, NULL),
	F("created_at", created_at, NUM, I, NULL),
	F("created_by", created_by, NUM, I, NULL),
	F("person_id", person_id, ID, I, NULL),
};
SPEC(spec_accountability, "accountability", "accountability", "a.", accountability_fields);
#undef F

#define F(...) FIELD(struct store_scheme, __VA_ARGS__)
static const struct field scheme_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("valid_from", valid_from, DATE, I, NULL),
	F("weights", weights, TEXT, I, NULL),
	F("scale", scale, TEXT, I, NULL),
	F("grades", grades, TEXT, I, NULL),
	F("min_count", min_count, NUM, I, NULL),
	F("created_at", created_at, NUM, I, NULL),
	F("created_by", created_by, NUM, I, NULL),
	F("survey_share", survey_share, NUM, I, NULL),
};
SPEC(spec_scheme, "scheme", "schemes", "m.", scheme_fields);
#undef F

#define F(...) FIELD(struct wb_survey, __VA_ARGS__)
static const struct field survey_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("campaign_id", campaign_id, NUM, I, NULL),
	F("round", round, ENUM, I, &wb_survey_rounds),
	F("title", title, TEXT, I | U, NULL),
	F("state", state, ENUM, I | U, &wb_survey_states),
	F("design", design, TEXT, I | U, NULL),
	F("items", items, TEXT, I | U, NULL),
	F("scale", scale, TEXT, I | U, NULL),
	F("recheck_share", recheck_share, NUM, I | U, NULL),
	F("seed_hash", seed_hash, TEXT, I | U, NULL),
	F("seed_box", seed_box, TEXT, I | U, NULL),
	F("seed", seed, TEXT, I | U, NULL),
	F("results", results, TEXT, I | U, NULL),
	F("notice", notice, TEXT, I | U, NULL),
	F("created_by", created_by, NUM, I, NULL),
	F("created_at", created_at, NUM, I, NULL),
	F("committed_at", committed_at, ID, I | U, NULL),
	F("closed_at", closed_at, ID, I | U, NULL),
	F("drawn_at", drawn_at, ID, I | U, NULL),
	F("finished_at", finished_at, ID, I | U, NULL),
	F("published_at", published_at, ID, I | U, NULL),
};
SPEC(spec_survey, "survey", "surveys", "sv.", survey_fields);
#undef F

#define F(...) FIELD(struct wb_survey_person, __VA_ARGS__)
static const struct field sperson_fields[] = {
	F("id", id, NUM, 0, NULL),
	F("survey_id", survey_id, NUM, I, NULL),
	F("unit_id", unit_id, NUM, I, NULL),
	F("unit_code", unit_code, TEXT, I, NULL),
	F("respondent_id", respondent_id, TEXT, I, NULL),
	F("stratum", stratum, TEXT, I, NULL),
	F("contact", contact, TEXT, I, NULL),
	F("draw_pos", draw_pos, ID, I, NULL),
	F("outcome", outcome, ENUM, I, &wb_call_outcomes),
	F("attempts", attempts, NUM, I, NULL),
	F("mode", mode, ENUM, I, &wb_survey_modes),
	F("outcome_at", outcome_at, ID, I, NULL),
	F("outcome_by", outcome_by, ID, I, NULL),
	F("held_by", held_by, ID, I, NULL),
	F("held_until", held_until, ID, I, NULL),
	F("code_hash", code_hash, TEXT, I, NULL),
	F("recheck", recheck, NUM, I, NULL),
};
SPEC(spec_sperson, "sperson", "survey_people", "sp.", sperson_fields);
#undef F

#define F(...) FIELD(struct wb_event, __VA_ARGS__)
static const struct field event_fields[] = {
	F("id", id, NUM, I, NULL),
	F("at", at, NUM, I, NULL),
	F("actor_user_id", actor_user_id, NUM, I, NULL),
	F("actor_unit_id", actor_unit_id, NUM, I, NULL),
	F("kind", kind, TEXT, I, NULL),
	F("subject_type", subject_type, TEXT, I, NULL),
	F("subject_id", subject_id, NUM, I, NULL),
	F("from_status", from_status, TEXT, I, NULL),
	F("to_status", to_status, TEXT, I, NULL),
	F("data", data, TEXT, I, NULL),
	F("prev_hash", prev_hash, TEXT, I, NULL),
	F("hash", hash, TEXT, I, NULL),
};
SPEC(spec_event, "event", "events", "e.", event_fields);
#undef F
#undef I
#undef U

/* A text field is a pointer, or (the event's hashes) an array filled in place. */
static int is_array(const struct field *f)
{
	return f->kind == FK_TEXT && f->size != sizeof(const char *);
}

void row_read(struct stmt *q, const struct row_spec *rs, int col0, struct arena *a, void *out)
{
	for (int i = 0; i < rs->n; i++) {
		const struct field *f = &rs->f[i];
		char *dst = (char *)out + f->off;
		int c = col0 + i;
		if (f->kind == FK_ID || f->kind == FK_NUM) {
			int64_t v = col_i64(q, c);
			if (f->size == sizeof(int64_t)) {
				memcpy(dst, &v, sizeof v);
			} else {
				int iv = (int)v;
				memcpy(dst, &iv, sizeof iv);
			}
		} else if (f->kind == FK_ENUM) {
			/* NULL reads as -1: none (an outcome not yet known) */
			int v = q->drv->col_text(q, c, NULL) ? col_enum(q, c, f->e) : -1;
			memcpy(dst, &v, sizeof v);
		} else if (f->kind == FK_DATE) {
			wb_date d = col_date(q, c);
			memcpy(dst, &d, sizeof d);
		} else if (is_array(f)) {
			const char *t = col_text(q, c, NULL);
			snprintf(dst, f->size, "%s", t ? t : "");
		} else {
			const char *t = col_text(q, c, a);
			memcpy(dst, &t, sizeof t);
		}
	}
}

int row_bind(struct stmt *q, const struct row_spec *rs, unsigned flag, int p0, const void *in)
{
	int p = p0;
	for (int i = 0; i < rs->n; i++) {
		const struct field *f = &rs->f[i];
		if (!(f->flags & flag))
			continue;
		const char *src = (const char *)in + f->off;
		int64_t v = 0;
		if (f->kind == FK_ID || f->kind == FK_NUM || f->kind == FK_ENUM ||
		    f->kind == FK_DATE) {
			if (f->size == sizeof(int64_t)) {
				memcpy(&v, src, sizeof v);
			} else {
				int32_t iv;
				memcpy(&iv, src, sizeof iv);
				v = iv;
			}
		}
		switch (f->kind) {
		case FK_ID:
			bind_id(q, p, v);
			break;
		case FK_NUM:
			bind_i64(q, p, v);
			break;
		case FK_ENUM:
			bind_enum(q, p, f->e, (int)v);
			break;
		case FK_DATE:
			bind_date(q, p, (wb_date)v);
			break;
		case FK_TEXT:
			if (is_array(f)) {
				bind_text(q, p, src);
			} else {
				const char *t;
				memcpy(&t, src, sizeof t);
				bind_text(q, p, t);
			}
			break;
		}
		p++;
	}
	return p;
}

/* ---- helpers over the statement interface ---- */

/* An enum value by its API name; -1 binds NULL ("any"). */
void bind_enum(struct stmt *q, int i, const struct wb_enum *e, int v)
{
	/* none (-1), or beyond the names (an enum's __N): NULL */
	bind_text(q, i, v < 0 || v >= e->n ? NULL : wb_enum_name(e, v));
}

void bind_date(struct stmt *q, int i, wb_date d)
{
	char buf[11];
	if (d != WB_NO_DATE)
		wb_date_format(d, buf);
	bind_text(q, i, d == WB_NO_DATE ? NULL : buf);
}

void bind_scope(struct stmt *q, const struct wb_actor *who)
{
	bind_text(q, 20, who ? wb_enum_name(&wb_roles, who->role) : "admin");
	bind_i64(q, 21, who ? who->unit_id : 0);
}

const char *col_text(struct stmt *q, int i, struct arena *a)
{
	size_t len;
	const char *t = q->drv->col_text(q, i, &len);
	if (t == NULL || a == NULL)
		return t;
	return arena_strndup(a, t, len);
}

int col_enum(struct stmt *q, int i, const struct wb_enum *e)
{
	int v = wb_enum_parse(e, q->drv->col_text(q, i, NULL));
	return v < 0 ? 0 : v;
}

wb_date col_date(struct stmt *q, int i)
{
	wb_date d;
	const char *t = q->drv->col_text(q, i, NULL);
	if (t == NULL || wb_date_parse(t, &d) != 0)
		return WB_NO_DATE;
	return d;
}

int exec_done(struct stmt *q)
{
	int rc = q->drv->step(q);
	if (rc > 0)
		q->drv->reset(q);
	return rc < 0 ? rc : 1;
}

int exec_changes(struct stmt *q)
{
	int rc = exec_done(q);
	return rc < 0 ? rc : (int)q->drv->changes(q);
}

int exec_insert(struct stmt *q, int64_t *id)
{
	int rc = q->drv->step(q);
	if (rc > 0) { /* RETURNING id */
		if (id)
			*id = col_i64(q, 0);
		q->drv->reset(q);
		return 1;
	}
	if (rc < 0)
		return rc;
	if (q->drv->last_id == NULL || q->drv->changes(q) <= 0)
		return WB_ERR_CONFLICT;
	if (id)
		*id = q->drv->last_id(q);
	return 1;
}

int exec_i64(struct stmt *q, int64_t *out)
{
	int rc = q->drv->step(q);
	if (rc > 0) {
		*out = col_i64(q, 0);
		q->drv->reset(q);
	}
	return rc;
}
