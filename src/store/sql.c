/*
 * Every statement of the store, once for both engines (store_int.h). Placeholders are
 * ?N; PostgreSQL gets $N. A parameter that may be NULL ("any") is tested for it first,
 * "(?1:bigint IS NULL OR col = ?1)": the test costs nothing per row, and ":bigint" gives
 * PostgreSQL the parameter's type (it becomes "$1::bigint"; SQLite drops it).
 * Inserts say ON CONFLICT DO NOTHING RETURNING id on PostgreSQL only, where a failed
 * statement would abort the transaction; on SQLite a RETURNING clause makes each insert
 * keep a statement journal (measured: nine times the writes to disk), and the engine's
 * last row id and constraint error say the same.
 * {S:…} is SQLite's only (planner hints), {P:…} PostgreSQL's only. Times come from the
 * service's clock as parameters, never from the engine's.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"

/* Scope of a problem row p for the caller bound as ?20 (role name) and ?21 (unit id). */
#define PROBLEM_SCOPE                                                                              \
	"(?20 IN ('admin','leader')"                                                               \
	" OR (?20 = 'station' AND (EXISTS (SELECT 1 FROM units su WHERE su.id = p.target_unit_id"  \
	"      AND su.station_id = ?21) OR EXISTS (SELECT 1 FROM units du WHERE du.id = p.unit_id" \
	"      AND du.station_id = ?21)))"                                                         \
	" OR (?20 = 'point' AND EXISTS (SELECT 1 FROM opinions po WHERE po.problem_id = p.id"      \
	"      AND po.point_id = ?21))"                                                            \
	" OR (?20 = 'unit' AND p.unit_id = ?21 AND p.status NOT IN ('open','returned')))"

/* Scope of an opinion row o, with the same parameters. */
#define OPINION_SCOPE                                                                              \
	"(?20 IN ('admin','leader')"                                                               \
	" OR (?20 = 'station' AND (o.point_id = ?21 OR o.point_id IN (SELECT id FROM units"        \
	"      WHERE parent_id = ?21) OR o.target_unit_id IN (SELECT id FROM units"                \
	"      WHERE station_id = ?21)))"                                                          \
	" OR (?20 = 'point' AND o.point_id = ?21))"

/*
 * PROBLEM_SCOPE with uncorrelated subqueries, for lists and counts over many problems: the
 * same rows, but each subquery runs once instead of once per problem (a point's EXISTS
 * otherwise walks the point's opinions for every problem: over a minute on 300,000
 * problems).
 */
#define PROBLEM_SET_SCOPE                                                                          \
	"(?20 IN ('admin','leader')"                                                               \
	" OR (?20 = 'station' AND (p.target_unit_id IN (SELECT id FROM units WHERE"                \
	"      station_id = ?21) OR p.unit_id IN (SELECT id FROM units WHERE station_id = ?21)))"  \
	" OR (?20 = 'point' AND p.id IN (SELECT problem_id FROM opinions WHERE point_id = ?21))"   \
	" OR (?20 = 'unit' AND p.unit_id = ?21 AND p.status NOT IN ('open','returned')))"

#define ACTIVE "('dispatched','acknowledged','answered','rectifying')"

/* A problem's deadline in force: the flag's when flagged and set, else due_on. */
#define DEADLINE                                                                                   \
	"(CASE WHEN p.flagged = 1 AND p.flag_due_on IS NOT NULL THEN p.flag_due_on"                \
	" ELSE p.due_on END)"

/* The figures' scans: ?1 campaign (NULL: all), ?2..?3 the period [from, to). */
#define CAMPAIGN(t)    "(?1:bigint IS NULL OR " t ".campaign_id = ?1)"
#define IN_PERIOD(col) "(" col " >= ?2 AND " col " < ?3)"
/* The figures of one evaluation (行风 or 效能): ?4, or NULL for both. A problem's ratings
 * and events follow its problem; a duty, its problem's or opinion's. */
#define IN_DIM(col) "(?4:text IS NULL OR " col " = ?4)"

/* 1 << a problem's status, as enum wb_pstatus orders them (a list filter's set). */
#define STATUS_BIT                                                                                 \
	"(CASE p.status WHEN 'open' THEN 1 WHEN 'dispatched' THEN 2 WHEN 'acknowledged' THEN 4"    \
	" WHEN 'answered' THEN 8 WHEN 'rectifying' THEN 16 WHEN 'rectified' THEN 32"               \
	" WHEN 'verified' THEN 64 WHEN 'closed' THEN 128 WHEN 'returned' THEN 256 ELSE 0 END)"

/* 1 for a verified problem with no valid rating in its current round, else 0. */
#define AWAITING_EVALUATION                                                                        \
	"(CASE WHEN p.status = 'verified' AND p.round_valid_ratings = 0 THEN 1 ELSE 0 END)"

/* A page of problems: the filters of GET /problems (?1..?14) in the caller's scope. */
#define PROBLEM_LIST_WHERE                                                                         \
	"SELECT {R:problem} FROM problems p WHERE"                                                 \
	" (?1:bigint IS NULL OR p.campaign_id = ?1)"                                               \
	" AND (?2:bigint IS NULL OR p.target_unit_id = ?2)"                                        \
	" AND (?3:bigint IS NULL OR p.unit_id = ?3)"                                               \
	" AND (?4:bigint IS NULL OR (?4 & " STATUS_BIT ") <> 0)"                                   \
	" AND (?5:text IS NULL OR p.dimension = ?5) AND (?6:text IS NULL OR p.severity = ?6)"      \
	" AND (?7:integer IS NULL OR p.flagged = ?7)"                                              \
	" AND (?8:integer IS NULL OR CASE WHEN p.due_on < ?9 AND p.status IN " ACTIVE              \
	" THEN 1 ELSE 0 END = ?8)"                                                                 \
	" AND (?12:integer IS NULL OR p.ext_pending = ?12)"                                        \
	" AND (?14:integer IS NULL OR " AWAITING_EVALUATION " = ?14)"                              \
	" AND (?13:date IS NULL OR (p.due_on >= ?9 AND p.due_on <= ?13 AND p.status IN " ACTIVE    \
	"))"                                                                                       \
	" AND " PROBLEM_SET_SCOPE

/* The rows of forms 3, 4 and 5 among problems (export/forms.c, form_holds). */
#define FORM3_ROW "p.dispatched_at IS NOT NULL"
#define FORM4_ROW "(p.answered_at IS NOT NULL OR p.measures IS NOT NULL)"
#define FORM5_ROW "p.round > 0"

#define RATINGS_OF(r)                                                                              \
	" (SELECT COUNT(*) FROM evaluations v WHERE v.problem_id = p.id AND v.round = p.round"     \
	"  AND v.rating = '" r "' AND v.counted = 1)"

const struct sql_def store_sql[ST__N] = {
	[ST_BEGIN_READ] = {"begin", "BEGIN DEFERRED",
			   "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"},
	[ST_BEGIN_WRITE] = {"begin", "BEGIN IMMEDIATE", "BEGIN ISOLATION LEVEL READ COMMITTED"},
	/* every writer of every server queues here (store_pg.c); SQLite locks in the program */
	[ST_WRITE_LOCK] = {"write lock", NULL, "SELECT pg_advisory_xact_lock(131320766914927)"},
	[ST_COMMIT] = {"commit", "COMMIT"},
	[ST_ROLLBACK] = {"rollback", "ROLLBACK"},
	/* group commit runs each write in its own savepoint */
	[ST_SAVEPOINT] = {"savepoint", "SAVEPOINT gc"},
	[ST_RELEASE] = {"release", "RELEASE SAVEPOINT gc"},
	[ST_ROLLBACK_TO] = {"rollback to", "ROLLBACK TO SAVEPOINT gc"},
	[ST_PING] = {"ping", "SELECT 1"},
	[ST_SETTINGS_ALL] = {"settings", "SELECT key, value FROM settings"},
	[ST_SETTING_PUT] = {"setting put",
			    "INSERT INTO settings (key, value) VALUES (?1, ?2)"
			    " ON CONFLICT (key) DO UPDATE SET value = excluded.value"},
	[ST_CAL_PUT] = {"calendar put", "INSERT INTO calendar (day, kind) VALUES (?1, ?2)"
					" ON CONFLICT (day) DO UPDATE SET kind = excluded.kind"},
	[ST_CAL_DEL] = {"calendar delete", "DELETE FROM calendar WHERE day = ?1"},
	[ST_CAL_RANGE] =
		{"calendar",
		 "SELECT day, kind FROM calendar WHERE day BETWEEN ?1 AND ?2 ORDER BY day"},
	[ST_UNIT_INSERT] = {"unit insert", "{I:unit}"},
	[ST_UNIT_UPDATE] = {"unit update", "{U:unit}"},
	[ST_UNIT_GET] = {"unit get", "SELECT {R:unit} FROM units u WHERE u.id = ?1"},
	[ST_UNIT_LIST] =
		{"unit list",
		 "SELECT {R:unit} FROM units u WHERE (?1:text IS NULL OR u.kind = ?1)"
		 " AND (?2:bigint IS NULL OR u.parent_id = ?2) AND (?3:bigint IS NULL OR u.station_id = ?3)"
		 " AND u.id > ?4 ORDER BY u.id LIMIT ?5"},
	[ST_UNIT_CODE] = {"unit code", "SELECT 1 FROM units WHERE code = ?1 AND id <> ?2"},
	[ST_USER_INSERT] = {"user insert", "{I:user,pwhash}"},
	[ST_USER_GET] = {"user get", "SELECT {R:user}, s.pwhash FROM users s WHERE s.id = ?1"},
	[ST_USER_BY_NAME] = {"user by name",
			     "SELECT {R:user}, s.pwhash FROM users s WHERE s.username = ?1"},
	[ST_USER_LIST] = {"user list",
			  "SELECT {R:user} FROM users s WHERE s.id > ?1 ORDER BY s.id LIMIT ?2"},
	[ST_USER_PASSWORD] = {"user password", "UPDATE users SET pwhash = ?2 WHERE id = ?1"},
	[ST_SESSION_INSERT] = {"session insert",
			       "INSERT INTO sessions (token_hash, user_id, created_at, expires_at,"
			       " last_seen, ip, agent) VALUES (?1, ?2, ?3, ?4, ?3, ?5, ?6)"},
	[ST_SESSION_USER] = {"session user",
			     "SELECT {R:user}, x.expires_at, x.last_seen FROM sessions x"
			     " JOIN users s ON s.id = x.user_id WHERE x.token_hash = ?1"
			     " AND x.expires_at > ?2 AND x.last_seen > ?3"},
	[ST_SESSION_DELETE] = {"session delete", "DELETE FROM sessions WHERE token_hash = ?1"},
	[ST_SESSION_PURGE] = {"session purge",
			      "DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen <= ?2"},
	[ST_SESSION_TOUCH] = {"session touch",
			      "UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1"},
	[ST_SESSION_LIST] = {"session list",
			     "SELECT substr(token_hash, 1, 16), created_at, last_seen, expires_at,"
			     " ip, agent FROM sessions WHERE user_id = ?1 AND expires_at > ?2"
			     " AND last_seen > ?3 ORDER BY last_seen DESC, token_hash LIMIT 100"},
	[ST_SESSION_END] = {"session end", "DELETE FROM sessions WHERE user_id = ?1"
					   " AND substr(token_hash, 1, 16) = ?2"},
	[ST_SESSION_TRIM] = {"session trim",
			     "DELETE FROM sessions WHERE user_id = ?1 AND token_hash NOT IN"
			     " (SELECT token_hash FROM sessions WHERE user_id = ?1"
			     " ORDER BY last_seen DESC, created_at DESC LIMIT ?2)"},
	[ST_CAMPAIGN_INSERT] = {"campaign insert",
				"INSERT INTO campaigns (name, year, created_at) VALUES (?1, ?2, ?3)"
				"{P: RETURNING id}"},
	[ST_PHASE_INSERT] = {"phase insert",
			     "INSERT INTO phases (campaign_id, kind, starts_on, ends_on)"
			     " VALUES (?1, ?2, ?3, ?4)"},
	[ST_CAMPAIGN_GET] = {"campaign get", "SELECT id, name, year FROM campaigns WHERE id = ?1"},
	[ST_PHASES_OF] = {"phases", "SELECT kind, starts_on, ends_on FROM phases"
				    " WHERE campaign_id = ?1 ORDER BY starts_on, kind"},
	[ST_CAMPAIGN_LIST] = {"campaign list", "SELECT id, name, year FROM campaigns WHERE id > ?1"
					       " ORDER BY id LIMIT ?2"},
	[ST_CAMPAIGN_CURRENT] =
		{"campaign current",
		 "SELECT c.id FROM campaigns c JOIN phases ph ON ph.campaign_id = c.id"
		 " GROUP BY c.id ORDER BY (MIN(ph.starts_on) <= ?1 AND"
		 " MAX(ph.ends_on) >= ?1) DESC, (MIN(ph.starts_on) <= ?1) DESC,"
		 " MIN(ph.starts_on) DESC, c.id DESC LIMIT 1"},
	[ST_OPINION_INSERT] = {"opinion insert", "{I:opinion}"},
	[ST_OPINION_GET] = {"opinion get", "SELECT {R:opinion} FROM opinions o WHERE o.id = ?1"
					   " AND " OPINION_SCOPE},
	[ST_OPINION_RECEIPT] = {"opinion by receipt",
				"SELECT {R:opinion} FROM opinions o WHERE o.receipt = ?1"},
	[ST_OPINION_LIST] =
		{"opinion list",
		 "SELECT {R:opinion} FROM opinions o WHERE"
		 " (?1:bigint IS NULL OR o.campaign_id = ?1) AND (?2:bigint IS NULL OR o.point_id = ?2)"
		 " AND (?3:bigint IS NULL OR o.target_unit_id = ?3)"
		 " AND (?4:bigint IS NULL OR o.problem_id = ?4) AND (?5:text IS NULL OR o.status = ?5)"
		 " AND (?6:text IS NULL OR o.dimension = ?6) AND (?7:text IS NULL OR o.source = ?7)"
		 " AND (?8:text IS NULL OR o.channel = ?8) AND (o.id < ?9 OR ?9 IS NULL)"
		 " AND " OPINION_SCOPE " ORDER BY o.id DESC LIMIT ?10"},
	[ST_OPINION_STATUS] =
		{"opinion status",
		 "UPDATE opinions SET status = ?2, problem_id = ?3, reject_reason = ?4"
		 " WHERE id = ?1"},
	[ST_PROBLEM_INSERT] = {"problem insert", "{I:problem}"},
	[ST_PROBLEM_GET] = {"problem get", "SELECT {R:problem} FROM problems p WHERE p.id = ?1"
					   " AND " PROBLEM_SCOPE},
	[ST_PROBLEM_UPDATE] = {"problem update", "{U:problem}"},
	[ST_PROBLEM_LIST] =
		{"problem list", PROBLEM_LIST_WHERE
		 " AND (?10:bigint IS NULL OR p.id < ?10) ORDER BY p.id DESC LIMIT ?11"},
	/* the same by deadline, the longest overdue first: only problems with a deadline,
	 * after the (?15 due_on, ?16 id) of the last row of the page before */
	[ST_PROBLEM_LIST_DUE] = {"problem list by due", PROBLEM_LIST_WHERE
				 " AND p.due_on IS NOT NULL AND (?15:date IS NULL OR p.due_on > ?15"
				 " OR (p.due_on = ?15 AND p.id > ?16))"
				 " ORDER BY p.due_on, p.id LIMIT ?11"},
	[ST_PROBLEM_OPINIONS] = {"problem opinions",
				 "SELECT id FROM opinions WHERE problem_id = ?1 ORDER BY id"},
	/* every problem still worked on whose deadline has passed, for reminders */
	[ST_PROBLEM_LATE] = {"problem late",
			     "SELECT {R:problem} FROM problems p WHERE p.status IN " ACTIVE
			     " AND (p.due_on < ?1 OR (p.flagged = 1 AND p.flag_due_on < ?1))"
			     " ORDER BY p.id"},
	[ST_PROGRESS_INSERT] = {"progress insert", "{I:progress}"},
	[ST_PROGRESS_LIST] = {"progress list", "SELECT {R:progress} FROM progress g"
					       " WHERE g.problem_id = ?1 ORDER BY g.id"},
	[ST_EVAL_INSERT] = {"evaluation insert", "{I:evaluation}"},
	[ST_EVAL_LIST] = {"evaluation list", "SELECT {R:evaluation} FROM evaluations v"
					     " WHERE v.problem_id = ?1 ORDER BY v.id"},
	[ST_EVAL_ALL] = {"evaluation all", "SELECT {R:evaluation} FROM evaluations v ORDER BY v.id",
			 NULL, SQL_STREAM},
	[ST_EVAL_COUNTS] = {"evaluation counts",
			    "SELECT COUNT(*) FILTER (WHERE rating <> 'unaware'),"
			    " COUNT(*) FILTER (WHERE rating = 'unsatisfied') FROM evaluations"
			    " WHERE problem_id = ?1 AND round = ?2 AND counted = 1"},
	/* a rating of this round from the same source: ?3 its opinion, else ?4 the rater */
	[ST_EVAL_BY_SOURCE] = {"evaluation by source",
			       "SELECT 1 FROM evaluations WHERE problem_id = ?1 AND round = ?2"
			       " AND counted = 1 AND (opinion_id = ?3 OR (?3:bigint IS NULL"
			       " AND opinion_id IS NULL AND by_user_id = ?4))"},
	[ST_DUTY_INSERT] = {"duty insert", "{I:duty}"},
	/* the held duty of kind ?4 on a problem (?1) or an opinion (?2): done at ?3 */
	[ST_DUTY_DONE] =
		{"duty done",
		 "UPDATE duties SET done_at = ?3 WHERE (problem_id = ?1 OR opinion_id = ?2)"
		 " AND kind = ?4 AND done_at IS NULL AND released_at IS NULL"},
	/* ... or taken from its holder undone at ?3 (a return) */
	[ST_DUTY_RELEASE] = {"duty release",
			     "UPDATE duties SET released_at = ?3 WHERE (problem_id = ?1"
			     " OR opinion_id = ?2) AND kind = ?4 AND done_at IS NULL"
			     " AND released_at IS NULL"},
	/* a deadline moved while it has not passed (?3 today): the new one (?4) applies */
	[ST_DUTY_EXTEND] = {"duty extend",
			    "UPDATE duties SET due_on = ?4 WHERE problem_id = ?1 AND kind = ?2"
			    " AND done_at IS NULL AND released_at IS NULL AND due_on >= ?3"},
	[ST_DUTY_ANY] = {"duty any", "SELECT 1 FROM duties LIMIT 1"},
	[ST_DUTY_LIST] = {"duty list", "SELECT {R:duty} FROM duties d WHERE d.problem_id = ?1"
				       " OR d.opinion_id IN (SELECT o.id FROM opinions o"
				       " WHERE o.problem_id = ?1) ORDER BY d.id"},
	[ST_BULLETIN_INSERT] = {"bulletin insert",
				"INSERT INTO bulletins (problem_id, text, published_at, by_user_id)"
				" VALUES (?1, ?2, ?3, ?4){P: RETURNING id}"},
	[ST_BULLETIN_LIST] = {"bulletin list",
			      "SELECT b.id, p.id, p.title, u.name, b.text, b.published_at,"
			      " p.flag_due_on, p.status, p.flagged, p.delisted FROM problems p"
			      " JOIN units u ON u.id = COALESCE(p.unit_id, p.target_unit_id)"
			      " LEFT JOIN bulletins b ON b.id = (SELECT MAX(id) FROM bulletins"
			      " WHERE problem_id = p.id)"
			      " WHERE (p.flagged = 1 OR p.delisted = 1 OR b.id IS NOT NULL)"
			      " AND (?1:bigint IS NULL OR p.id < ?1) ORDER BY p.id DESC LIMIT ?2"},
	[ST_EVENT_LAST] = {"event last", "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1"},
	[ST_EVENT_BEFORE] = {"event before", "SELECT id, hash FROM events WHERE at < ?1"
					     " ORDER BY id DESC LIMIT 1"},
	[ST_EVENT_INSERT] = {"event insert", "{I:event}"},
	[ST_EVENT_LIST] = {"event list", "SELECT {R:event} FROM events e WHERE e.subject_type = ?1"
					 " AND e.subject_id = ?2 ORDER BY e.id"},
	[ST_EVENT_ITER] = {"event iter", "SELECT {R:event} FROM events e ORDER BY e.id", NULL,
			   SQL_STREAM},
	[ST_FORM_OPINIONS] =
		{"form opinions",
		 "SELECT {R:opinion}, pu.name, tu.name FROM opinions o"
		 " LEFT JOIN units pu ON pu.id = o.point_id"
		 " JOIN units tu ON tu.id = o.target_unit_id"
		 " WHERE (?1:bigint IS NULL OR o.campaign_id = ?1)"
		 " AND (?2:bigint IS NULL OR o.target_unit_id = ?2)"
		 " AND (?3:bigint IS NULL OR o.point_id = ?3 OR pu.parent_id = ?3 OR (o.point_id IS NULL"
		 " AND tu.station_id = ?3)) AND (?4:bigint IS NULL OR o.point_id = ?4)"
		 " AND (?5:text IS NULL OR o.status = ?5) AND o.received_at >= ?6"
		 " AND o.received_at < ?7 AND (?9:text IS NULL OR o.dimension = ?9) AND " OPINION_SCOPE
		 " ORDER BY CASE WHEN ?8 = 1 THEN o.target_unit_id ELSE 0 END, o.id",
		 NULL, SQL_STREAM},
	[ST_FORM_PROBLEMS] =
		{"form problems",
		 "SELECT {R:problem}, tu.name, du.name," RATINGS_OF("satisfied") "," RATINGS_OF("basically_satisfied") "," RATINGS_OF("unsatisfied") "," RATINGS_OF(
			 "unaware") ","
				    " (SELECT COUNT(*) FROM progress g WHERE g.problem_id = p.id)"
				    " FROM problems p JOIN units tu ON tu.id = p.target_unit_id"
				    " LEFT JOIN units du ON du.id = p.unit_id"
				    " WHERE (?1:bigint IS NULL OR p.campaign_id = ?1)"
				    " AND (?2:bigint IS NULL OR p.target_unit_id = ?2 OR p.unit_id = ?2)"
				    " AND (?3:bigint IS NULL OR tu.station_id = ?3 OR du.station_id = ?3)"
				    " AND (?4:bigint IS NULL OR p.id IN (SELECT problem_id FROM opinions"
				    " WHERE point_id = ?4)) AND (?5:text IS NULL OR p.status = ?5)"
				    " AND p.created_at >= ?6 AND p.created_at < ?7"
				    " AND (?9:text IS NULL OR p.dimension = ?9) AND " PROBLEM_SET_SCOPE
				    " ORDER BY CASE WHEN ?8 = 1 THEN COALESCE(p.unit_id, p.target_unit_id)"
				    " ELSE 0 END, p.id",
		 NULL, SQL_STREAM},
	[ST_ACC_INSERT] = {"accountability insert", "{I:accountability}"},
	[ST_ACC_LIST] =
		{"accountability list",
		 "SELECT {R:accountability} FROM accountability a"
		 " WHERE (?1:bigint IS NULL OR a.problem_id = ?1) AND (?2:bigint IS NULL OR a.unit_id = ?2)"
		 " ORDER BY a.id"},
	[ST_SCHEME_INSERT] = {"scheme insert", "{I:scheme}"},
	[ST_SCHEME_FOR] = {"scheme for", "SELECT {R:scheme} FROM schemes m WHERE m.valid_from <= ?1"
					 " ORDER BY m.valid_from DESC LIMIT 1"},
	/* The home page counts: ?1 campaign (NULL: all), ?2 today, ?3 the last day due soon.
	 * Problems are grouped by status, so the counts that apply only to some states
	 * (overdue, due soon, reminded, escalated) are summed for every group and kept for
	 * the active ones by the op. SQLite scans the table rather than an index: measured
	 * three times faster on 300,000 problems. */
	[ST_SUMMARY_OPINIONS] =
		{"summary opinions",
		 "SELECT o.status, COUNT(*) FROM opinions o"
		 "{S: INDEXED BY opinions_summary}"
		 " WHERE (?1:bigint IS NULL OR o.campaign_id = ?1) AND " OPINION_SCOPE
		 " GROUP BY o.status"},
	[ST_SUMMARY_PROBLEMS] =
		{"summary problems",
		 "SELECT p.status, COUNT(*), SUM(p.opinion_count),"
		 " COUNT(*) FILTER (WHERE p.due_on < ?2),"
		 " COUNT(*) FILTER (WHERE p.flagged = 1),"
		 " COUNT(*) FILTER (WHERE p.ext_pending = 1),"
		 " COUNT(*) FILTER (WHERE p.due_on >= ?2 AND p.due_on <= ?3),"
		 " SUM(" AWAITING_EVALUATION "),"
		 " COUNT(*) FILTER (WHERE p.reminded_due = " DEADLINE "),"
		 " COUNT(*) FILTER (WHERE p.escalated_due = " DEADLINE "),"
		 " COUNT(*) FILTER (WHERE " FORM3_ROW "), COUNT(*) FILTER (WHERE " FORM4_ROW "),"
		 " COUNT(*) FILTER (WHERE " FORM5_ROW ")"
		 " FROM problems p{S: NOT INDEXED}"
		 " WHERE (?1:bigint IS NULL OR p.campaign_id = ?1) AND " PROBLEM_SET_SCOPE
		 " GROUP BY p.status"},
	/* The figures' scans (tally.c): one narrow row per unit, opinion, problem, counted
	 * event and rating; the counting is done in memory, several times faster than
	 * grouping in SQL. */
	[ST_TALLY_UNITS] = {"figures: units",
			    "SELECT id, kind, parent_id, station_id FROM units ORDER BY id", NULL,
			    SQL_STREAM},
	[ST_TALLY_OPINIONS] = {"figures: opinions",
			       "SELECT o.target_unit_id, o.point_id, o.source, o.channel,"
			       " o.dimension, o.problem_id, o.received_at FROM opinions o"
			       " WHERE " CAMPAIGN("o") " AND " IN_DIM("o.dimension"),
			       NULL, SQL_STREAM},
	[ST_TALLY_PROBLEMS] = {"figures: problems",
			       "SELECT p.id, COALESCE(p.unit_id, p.target_unit_id), p.unit_id,"
			       " p.status, p.created_at, p.dispatched_at, p.acknowledged_at,"
			       " p.ack_due_on, p.due_on, p.answered_at, p.rectified_at,"
			       " COALESCE(p.answered_due_on, p.due_on),"
			       " COALESCE(p.rectified_due_on, p.due_on) FROM problems p"
			       " WHERE " CAMPAIGN("p") " AND " IN_DIM("p.dimension"),
			       NULL, SQL_STREAM},
	/* Dispatches and returns come from the duties (ST_TALLY_DUTIES). */
	[ST_TALLY_EVENTS] =
		{"figures: events",
		 "SELECT e.subject_id, e.kind, e.actor_unit_id FROM events e"
		 "{S: INDEXED BY events_tally} WHERE e.subject_type = 'problem'"
		 " AND e.kind IN ('problem.reopen', 'problem.verify')"
		 " AND (e.kind <> 'problem.verify' OR e.to_status = 'verified') AND " IN_PERIOD(
			 "e.at"),
		 NULL, SQL_STREAM},
	[ST_TALLY_RATINGS] = {"figures: ratings",
			      "SELECT v.problem_id, v.rating FROM evaluations v WHERE"
			      " v.counted = 1 AND " IN_PERIOD("v.created_at"),
			      NULL, SQL_STREAM},
	[ST_TALLY_DUTIES] =
		{"figures: duties",
		 "SELECT d.kind, d.holder_id, d.station_id, d.by_unit_id, d.started_at,"
		 " d.due_on, d.done_at, d.released_at FROM duties d"
		 " WHERE " CAMPAIGN(
			 "d") " AND (?4:text IS NULL"
			      " OR d.problem_id IN (SELECT id FROM problems WHERE dimension = ?4)"
			      " OR d.opinion_id IN (SELECT id FROM opinions WHERE dimension = ?4))",
		 NULL, SQL_STREAM},
	/* The survey. A person's draw order is per unit; "next to call" takes the lowest
	 * draw position over the units, so fieldwork moves through every unit alike. */
	[ST_SURVEY_INSERT] = {"survey insert", "{I:survey}"},
	[ST_SURVEY_GET] = {"survey get", "SELECT {R:survey} FROM surveys sv WHERE sv.id = ?1"},
	[ST_SURVEY_UPDATE] = {"survey update", "{U:survey}"},
	[ST_SURVEY_LIST] = {"survey list",
			    "SELECT {R:survey} FROM surveys sv WHERE"
			    " (?1:bigint IS NULL OR sv.campaign_id = ?1)"
			    " AND (?2:text IS NULL OR sv.state = ?2) ORDER BY sv.id"},
	[ST_SPERSON_INSERT] = {"survey person insert", "{I:sperson}"},
	[ST_SPERSON_CLEAR] = {"survey frame clear",
			      "DELETE FROM survey_people WHERE survey_id = ?1"},
	[ST_SPERSON_GET] = {"survey person get", "SELECT {R:sperson} FROM survey_people sp"
						 " WHERE sp.id = ?1 AND sp.survey_id = ?2"},
	[ST_SPERSON_OF_UNIT] = {"survey people of a unit",
				"SELECT sp.id, sp.respondent_id, sp.unit_code FROM survey_people sp"
				" WHERE sp.survey_id = ?1 AND sp.unit_id = ?2 ORDER BY sp.id"},
	[ST_SPERSON_LIST] = {"survey people list",
			     "SELECT {R:sperson} FROM survey_people sp WHERE sp.survey_id = ?1"
			     " AND (?2:bigint IS NULL OR sp.unit_id = ?2)"
			     " AND (?3:bigint IS NULL OR sp.draw_pos IS NOT NULL)"
			     " AND (?4:bigint IS NULL OR sp.id > ?4)"
			     " AND (?5:bigint IS NULL OR sp.recheck >= ?5)"
			     " ORDER BY sp.id LIMIT ?6"},
	[ST_SPERSON_DRAW] = {"survey person drawn",
			     "UPDATE survey_people SET draw_pos = ?2 WHERE id = ?1"},
	[ST_SPERSON_NEXT] = {"survey next to call",
			     "SELECT {R:sperson} FROM survey_people sp WHERE sp.survey_id = ?1"
			     " AND sp.draw_pos IS NOT NULL AND sp.outcome IS NULL"
			     " AND (sp.held_by IS NULL OR sp.held_until < ?2 OR sp.held_by = ?3)"
			     " AND (?4:bigint IS NULL OR sp.unit_id = ?4)"
			     " ORDER BY CASE WHEN sp.held_by = ?3 THEN 0 ELSE 1 END,"
			     " sp.draw_pos, sp.unit_id LIMIT 1"},
	[ST_SPERSON_HOLD] = {"survey person hold",
			     "UPDATE survey_people SET held_by = ?2, held_until = ?3,"
			     " attempts = attempts + ?4 WHERE id = ?1 AND outcome IS NULL"},
	[ST_SPERSON_OUTCOME] = {"survey person outcome",
				"UPDATE survey_people SET outcome = ?2, mode = ?3, outcome_at = ?4,"
				" outcome_by = ?5, attempts = attempts + ?6, held_by = NULL,"
				" held_until = NULL WHERE id = ?1 AND outcome IS NULL"},
	[ST_SPERSON_BY_CODE] = {"survey person by code",
				"SELECT {R:sperson} FROM survey_people sp WHERE sp.code_hash = ?1"},
	[ST_SPERSON_CODE] = {"survey person code",
			     "UPDATE survey_people SET code_hash = ?2 WHERE id = ?1"},
	[ST_SPERSON_RECHECK] = {"survey person recheck",
				"UPDATE survey_people SET recheck = ?2 WHERE id = ?1"},
	[ST_SURVEY_FRAME_UNITS] =
		{"survey frame units",
		 "SELECT unit_id, COUNT(*) FROM survey_people WHERE survey_id = ?1"
		 " GROUP BY unit_id ORDER BY unit_id"},
	[ST_SURVEY_STRATA] =
		{"survey strata",
		 "SELECT unit_id, stratum, COUNT(*) FROM survey_people"
		 " WHERE survey_id = ?1 GROUP BY unit_id, stratum ORDER BY unit_id, stratum"},
	[ST_SUNIT_INSERT] = {"survey unit insert",
			     "INSERT INTO survey_units (survey_id, unit_id, frame_n, sample_n)"
			     " VALUES (?1, ?2, ?3, ?4)"},
	[ST_SUNIT_LIST] = {"survey units", "SELECT unit_id, frame_n, sample_n FROM survey_units"
					   " WHERE survey_id = ?1 ORDER BY unit_id"},
	/* Per unit: drawn, then each final outcome, then the people still to reach. */
	[ST_SURVEY_OUTCOMES] = {"survey outcomes",
				"SELECT unit_id, COUNT(*),"
				" COUNT(*) FILTER (WHERE outcome = 'completed'),"
				" COUNT(*) FILTER (WHERE outcome = 'refused'),"
				" COUNT(*) FILTER (WHERE outcome = 'unreachable'),"
				" COUNT(*) FILTER (WHERE outcome = 'ineligible'),"
				" COUNT(*) FILTER (WHERE outcome IS NULL)"
				" FROM survey_people WHERE survey_id = ?1 AND draw_pos IS NOT NULL"
				" GROUP BY unit_id ORDER BY unit_id"},
	[ST_SANSWER_INSERT] = {"survey answer insert",
			       "INSERT INTO survey_answers (person_id, item, pass, answer)"
			       " VALUES (?1, ?2, ?3, ?4)"},
	[ST_SANSWER_LIST] = {"survey answers of a person",
			     "SELECT item, pass, answer FROM survey_answers WHERE person_id = ?1"
			     " ORDER BY pass, item"},
	/* The estimates' counts: per unit, stratum, item and answer, of the interviews. */
	[ST_SURVEY_TALLY] = {"survey tally",
			     "SELECT sp.unit_id, sp.stratum, a.item, a.answer, COUNT(*)"
			     " FROM survey_answers a JOIN survey_people sp ON sp.id = a.person_id"
			     " WHERE sp.survey_id = ?1 AND a.pass = 0 AND sp.outcome = 'completed'"
			     " GROUP BY sp.unit_id, sp.stratum, a.item, a.answer"
			     " ORDER BY sp.unit_id, sp.stratum, a.item, a.answer"},
	/* Per unit and stratum, how many people gave each mix of answers to the overall
	 * items ?2 and ?3: the overall estimate is a mean over people. */
	[ST_SURVEY_PEOPLE_TALLY] =
		{"survey people tally",
		 "SELECT unit_id, stratum, s, b, u, COUNT(*) FROM (SELECT"
		 " sp.unit_id, sp.stratum,"
		 " COUNT(*) FILTER (WHERE a.answer = 'satisfied') AS s,"
		 " COUNT(*) FILTER (WHERE a.answer = 'basically_satisfied') AS b,"
		 " COUNT(*) FILTER (WHERE a.answer = 'unsatisfied') AS u"
		 " FROM survey_answers a JOIN survey_people sp ON sp.id = a.person_id"
		 " WHERE sp.survey_id = ?1 AND a.pass = 0 AND sp.outcome = 'completed'"
		 " AND a.item IN (?2, ?3) GROUP BY sp.id, sp.unit_id, sp.stratum) x"
		 " GROUP BY unit_id, stratum, s, b, u ORDER BY unit_id, stratum, s, b, u"},
	/* targets: a year's items, results and adjustments, each replaced whole */
	[ST_TITEM_CLEAR] = {"target items clear", "DELETE FROM target_items WHERE year = ?1"},
	[ST_TITEM_INSERT] = {"target item insert",
			     "INSERT INTO target_items (year, unit_id, code, name, card, points,"
			     " rule, target, category, indicator, measure, deadline, assessor_id,"
			     " owner, ding) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
			     " ?12, ?13, ?14, ?15)"},
	[ST_TITEM_UNIT_CLEAR] = {"target items of a unit clear",
				 "DELETE FROM target_items WHERE year = ?1 AND unit_id = ?2"},
	[ST_TITEM_UNIT_LIST] = {"target items of a unit",
				"SELECT {R:titem} FROM target_items ti WHERE ti.year = ?1"
				" AND ti.unit_id = ?2 ORDER BY ti.card, ti.code"},
	[ST_TLETTER_GET] = {"target letter",
			    "SELECT {R:tletter} FROM target_letters tl WHERE tl.year = ?1"
			    " AND tl.unit_id = ?2"},
	[ST_TLETTER_LIST] = {"target letters",
			     "SELECT {R:tletter} FROM target_letters tl WHERE tl.year = ?1"
			     " ORDER BY tl.unit_id"},
	[ST_TLETTER_PUT] =
		{"target letter put",
		 "INSERT INTO target_letters (year, unit_id, status, issued_at, signed_at,"
		 " signed_by, in_force_at, amendments, selfcheck, selfcheck_at, returned_reason,"
		 " returned_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
		 " ON CONFLICT (year, unit_id) DO UPDATE SET status = excluded.status,"
		 " issued_at = excluded.issued_at, signed_at = excluded.signed_at,"
		 " signed_by = excluded.signed_by, in_force_at = excluded.in_force_at,"
		 " amendments = excluded.amendments, selfcheck = excluded.selfcheck,"
		 " selfcheck_at = excluded.selfcheck_at, returned_reason = excluded.returned_reason,"
		 " returned_at = excluded.returned_at"},
	[ST_TAMEND_INSERT] = {"target amendment insert", "{I:tamend}"},
	[ST_TAMEND_LIST] = {"target amendments",
			    "SELECT {R:tamend} FROM target_amendments tm WHERE tm.year = ?1"
			    " AND tm.unit_id = ?2 ORDER BY tm.id"},
	[ST_TYEAR_GET] = {"target year",
			  "SELECT {R:tyear} FROM target_years ty WHERE ty.year = ?1"},
	[ST_TYEAR_PUT] =
		{"target year put",
		 "INSERT INTO target_years (year, published_at, appeal_until, final_at,"
		 " sheet_hash) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (year) DO UPDATE SET"
		 " published_at = excluded.published_at, appeal_until = excluded.appeal_until,"
		 " final_at = excluded.final_at, sheet_hash = excluded.sheet_hash"},
	[ST_TREPORT_INSERT] = {"target report insert", "{I:treport}"},
	[ST_TREPORT_LIST] = {"target reports of a unit",
			     "SELECT {R:treport} FROM target_reports tp WHERE tp.year = ?1"
			     " AND tp.unit_id = ?2 ORDER BY tp.id"},
	[ST_TREPORT_YEAR] = {"target reports of a year",
			     "SELECT {R:treport} FROM target_reports tp WHERE tp.year = ?1"
			     " ORDER BY tp.id"},
	[ST_TREMIND_INSERT] = {"target reminder insert",
			       "INSERT INTO target_reminders (year, unit_id, code, deadline, at)"
			       " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING"},
	[ST_TAPPEAL_INSERT] = {"target appeal insert", "{I:tappeal}"},
	[ST_TAPPEAL_GET] = {"target appeal",
			    "SELECT {R:tappeal} FROM target_appeals ta2 WHERE ta2.id = ?1"},
	[ST_TAPPEAL_UPDATE] = {"target appeal update", "{U:tappeal}"},
	[ST_TAPPEAL_LIST] = {"target appeals",
			     "SELECT {R:tappeal} FROM target_appeals ta2 WHERE ta2.year = ?1"
			     " ORDER BY ta2.id"},
	[ST_TPROP_INSERT] = {"target proposal insert",
			     "INSERT INTO target_proposals (year, source, unit_id, status, note,"
			     " by_user_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
	[ST_TPROP_LIST] = {"target proposals",
			   "SELECT {R:tprop} FROM target_proposals tq WHERE tq.year = ?1"
			   " ORDER BY tq.source"},
	[ST_TSANCTION_INSERT] = {"target sanction insert", "{I:tsanction}"},
	[ST_TSANCTION_LIST] = {"target sanctions",
			       "SELECT {R:tsanction} FROM target_sanctions ts WHERE ts.year = ?1"
			       " ORDER BY ts.id"},
	[ST_TBULLETINS] = {"target bulletins",
			   "SELECT b.id, p.unit_id, p.title, b.published_at FROM bulletins b"
			   " JOIN problems p ON p.id = b.problem_id WHERE b.published_at >= ?1"
			   " AND b.published_at < ?2 AND p.unit_id IS NOT NULL ORDER BY b.id"},
	/* the register of people, an account's person, the items split down to people */
	[ST_PERSON_INSERT] = {"person insert", "{I:person}"},
	[ST_PERSON_GET] = {"person get", "SELECT {R:person} FROM people pe WHERE pe.id = ?1"},
	[ST_PERSON_UPDATE] = {"person update", "{U:person}"},
	[ST_PERSON_LIST] = {"people of a unit",
			    "SELECT {R:person} FROM people pe WHERE pe.unit_id = ?1"
			    " ORDER BY pe.active DESC, pe.id"},
	[ST_USER_PERSON] = {"user person", "UPDATE users SET person_id = ?2 WHERE id = ?1"},
	[ST_TPITEM_CLEAR] = {"target person items clear",
			     "DELETE FROM target_person_items WHERE year = ?1 AND unit_id = ?2"},
	[ST_TPITEM_INSERT] =
		{"target person item insert",
		 "INSERT INTO target_person_items (year, unit_id, code, person_id, points,"
		 " task) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
	[ST_TPITEM_LIST] = {"target person items of a unit",
			    "SELECT {R:tpitem} FROM target_person_items tpi WHERE tpi.year = ?1"
			    " AND tpi.unit_id = ?2 ORDER BY tpi.code, tpi.person_id"},
	[ST_TPITEM_YEAR] = {"target person items of a year",
			    "SELECT {R:tpitem} FROM target_person_items tpi WHERE tpi.year = ?1"
			    " ORDER BY tpi.unit_id, tpi.code, tpi.person_id"},
	/* first contact (首接首问) and efficiency faults (行政效能过错) */
	[ST_CONTACT_INSERT] = {"contact insert", "{I:contact}"},
	[ST_CONTACT_GET] = {"contact get",
			    "SELECT {R:contact} FROM first_contacts fc WHERE fc.id = ?1"},
	[ST_CONTACT_UPDATE] = {"contact update", "{U:contact}"},
	/* ?1 unit, ?2 person (received it, or it was handed to them), ?3 status, ?4 and ?5
	 * received from and before; each NULL for any */
	[ST_CONTACT_LIST] = {"contacts",
			     "SELECT {R:contact} FROM first_contacts fc"
			     " WHERE (?1:bigint IS NULL OR fc.unit_id = ?1)"
			     " AND (?2:bigint IS NULL OR fc.person_id = ?2 OR fc.to_person_id = ?2)"
			     " AND (?3:text IS NULL OR fc.status = ?3)"
			     " AND (?4:bigint IS NULL OR fc.received_at >= ?4)"
			     " AND (?5:bigint IS NULL OR fc.received_at < ?5)"
			     " ORDER BY fc.id DESC"},
	[ST_OPINION_CONTACT] = {"opinion contact",
				"UPDATE opinions SET contact_id = ?2 WHERE id = ?1"},
	[ST_CONTACT_OPINIONS] =
		{"opinions of a contact",
		 "SELECT o.id FROM opinions o WHERE o.contact_id = ?1 ORDER BY o.id"},
	[ST_FAULT_INSERT] = {"fault insert", "{I:fault}"},
	[ST_FAULT_GET] = {"fault get", "SELECT {R:fault} FROM faults f WHERE f.id = ?1"},
	[ST_FAULT_UPDATE] = {"fault update", "{U:fault}"},
	/* ?1 unit, ?2 person named in it, ?3 status, ?4 and ?5 decided from and before (dates);
	 * each NULL for any */
	[ST_FAULT_LIST] =
		{"faults",
		 "SELECT {R:fault} FROM faults f WHERE (?1:bigint IS NULL OR f.unit_id = ?1)"
		 " AND (?2:bigint IS NULL OR EXISTS (SELECT 1 FROM fault_people fp"
		 "      WHERE fp.fault_id = f.id AND fp.person_id = ?2))"
		 " AND (?3:text IS NULL OR f.status = ?3)"
		 " AND (?4:date IS NULL OR f.decided_on >= ?4)"
		 " AND (?5:date IS NULL OR f.decided_on < ?5)"
		 " ORDER BY f.id DESC"},
	[ST_FAULT_OVERDUE_OF] = {"fault of an overdue problem",
				 "SELECT f.id FROM faults f WHERE f.problem_id = ?1"
				 " AND f.source = 'overdue'"},
	[ST_FPERSON_CLEAR] = {"fault people clear", "DELETE FROM fault_people WHERE fault_id = ?1"},
	[ST_FPERSON_INSERT] =
		{"fault person insert",
		 "INSERT INTO fault_people (fault_id, person_id, role, resp, sanction)"
		 " VALUES (?1, ?2, ?3, ?4, ?5)"},
	[ST_FPERSON_LIST] = {"fault people",
			     "SELECT {R:fperson}, pe.name FROM fault_people fp"
			     " JOIN people pe ON pe.id = fp.person_id WHERE fp.fault_id = ?1"
			     " ORDER BY fp.person_id"},
	/* A person's sanctions in decided cases from ?2 (a date) on, other than case ?3. */
	[ST_FPERSON_PRIOR] =
		{"fault person prior",
		 "SELECT fp.sanction FROM fault_people fp JOIN faults f ON f.id = fp.fault_id"
		 " WHERE fp.person_id = ?1 AND f.status IN ('decided', 'appealed')"
		 " AND f.decided_on >= ?2 AND f.id <> ?3"},
	/* bulletins as documents (通报) */
	[ST_NOTICE_INSERT] = {"notice insert", "{I:notice}"},
	[ST_NOTICE_GET] = {"notice get", "SELECT {R:notice} FROM notices n WHERE n.id = ?1"},
	[ST_NOTICE_UPDATE] = {"notice update", "{U:notice}"},
	/* ?1 status, ?2 scope, ?3 kind (each NULL for any); ?4 issued only (1) */
	[ST_NOTICE_LIST] =
		{"notices",
		 "SELECT {R:notice} FROM notices n WHERE (?1:text IS NULL OR n.status = ?1)"
		 " AND (?2:text IS NULL OR n.scope = ?2) AND (?3:text IS NULL OR n.kind = ?3)"
		 " AND (?4:bigint IS NULL OR n.status <> 'draft')"
		 " ORDER BY COALESCE(n.signed_at, n.drafted_at) DESC, n.id DESC"},
	[ST_NREF_CLEAR] = {"notice subjects clear",
			   "DELETE FROM notice_subjects WHERE notice_id = ?1"},
	[ST_NREF_INSERT] =
		{"notice subject insert",
		 "INSERT INTO notice_subjects (notice_id, kind, ref_id) VALUES (?1, ?2, ?3)"},
	[ST_NREF_LIST] = {"notice subjects",
			  "SELECT {R:nref} FROM notice_subjects ns WHERE ns.notice_id = ?1"
			  " ORDER BY ns.kind, ns.ref_id"},
	[ST_NREV_INSERT] = {"notice revision insert", "{I:nrev}"},
	[ST_NREV_LIST] = {"notice revisions",
			  "SELECT {R:nrev} FROM notice_revisions nr WHERE nr.notice_id = ?1"
			  " ORDER BY nr.id"},
	[ST_NOTICE_OF_BULLETIN] = {"notice of a flag's record",
				   "SELECT n.id FROM notices n WHERE n.bulletin_id = ?1"},
	[ST_NOTICE_BY_NUMBER] = {"notice by number",
				 "SELECT n.id FROM notices n WHERE n.number = ?1 AND n.id <> ?2"},
	/* leaders' pledges (十项承诺) */
	[ST_PSET_INSERT] = {"pledge set insert", "{I:pset}"},
	[ST_PSET_GET] = {"pledge set get", "SELECT {R:pset} FROM pledge_sets ps WHERE ps.id = ?1"},
	[ST_PSET_UPDATE] = {"pledge set update", "{U:pset}"},
	/* ?1 unit, ?2 status (NULL: any); ?3 and ?4 the period overlapping [from, to] */
	[ST_PSET_LIST] =
		{"pledge sets",
		 "SELECT {R:pset} FROM pledge_sets ps WHERE (?1:bigint IS NULL OR ps.unit_id = ?1)"
		 " AND (?2:text IS NULL OR ps.status = ?2)"
		 " AND (?3:date IS NULL OR ps.period_to >= ?3)"
		 " AND (?4:date IS NULL OR ps.period_from <= ?4)"
		 " ORDER BY ps.unit_id, COALESCE(ps.person_id, 0), ps.id"},
	[ST_PITEM_CLEAR] = {"pledge items clear", "DELETE FROM pledge_items WHERE set_id = ?1"},
	[ST_PITEM_INSERT] = {"pledge item insert",
			     "INSERT INTO pledge_items (set_id, no, text) VALUES (?1, ?2, ?3)"},
	[ST_PITEM_LIST] =
		{"pledge items",
		 "SELECT {R:pitem} FROM pledge_items pi WHERE pi.set_id = ?1 ORDER BY pi.no"},
	[ST_PRECORD_INSERT] = {"pledge record insert", "{I:precord}"},
	[ST_PRECORD_LIST] =
		{"pledge records",
		 "SELECT {R:precord} FROM pledge_records pr WHERE pr.set_id = ?1"
		 " AND (?2:date IS NULL OR pr.day >= ?2) AND (?3:date IS NULL OR pr.day <= ?3)"
		 " ORDER BY pr.item_no, pr.day, pr.id"},
	[ST_PRATING_INSERT] = {"pledge rating insert", "{I:prating}"},
	[ST_PRATING_LIST] =
		{"pledge ratings",
		 "SELECT {R:prating} FROM pledge_ratings prt WHERE prt.set_id = ?1"
		 " AND (?2:bigint IS NULL OR prt.at >= ?2) AND (?3:bigint IS NULL OR prt.at < ?3)"
		 " ORDER BY prt.id"},
	[ST_PRATING_OF] = {"pledge rating of a colleague",
			   "SELECT prt.id FROM pledge_ratings prt WHERE prt.set_id = ?1"
			   " AND prt.by_user_id = ?2"},
	[ST_TSCHEME_GET] = {"target scheme", "SELECT scheme FROM target_schemes WHERE year = ?1"},
	[ST_TSCHEME_PUT] = {"target scheme put",
			    "INSERT INTO target_schemes (year, scheme, set_at) VALUES (?1, ?2, ?3)"
			    " ON CONFLICT (year) DO UPDATE SET scheme = excluded.scheme,"
			    " set_at = excluded.set_at"},
	[ST_TITEM_LIST] = {"target items",
			   "SELECT {R:titem} FROM target_items ti WHERE ti.year = ?1"
			   " ORDER BY ti.unit_id, ti.card, ti.code"},
	[ST_TRESULT_CLEAR] = {"target results clear", "DELETE FROM target_results WHERE year = ?1"},
	[ST_TRESULT_INSERT] = {"target result insert",
			       "INSERT INTO target_results (year, unit_id, code, actual, deduction,"
			       " note, by_user_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
	[ST_TRESULT_PUT] =
		{"target result put",
		 "INSERT INTO target_results (year, unit_id, code, actual, deduction,"
		 " note, by_user_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
		 " ON CONFLICT (year, unit_id, code) DO UPDATE SET actual = excluded.actual,"
		 " deduction = excluded.deduction, note = excluded.note,"
		 " by_user_id = excluded.by_user_id, at = excluded.at"},
	[ST_TRESULT_LIST] = {"target results",
			     "SELECT {R:tresult} FROM target_results tr WHERE tr.year = ?1"
			     " ORDER BY tr.unit_id, tr.code"},
	[ST_TADJ_CLEAR] = {"target adjustments clear",
			   "DELETE FROM target_adjustments WHERE year = ?1 AND source IS NULL"},
	[ST_TADJ_INSERT] = {"target adjustment insert", "{I:tadjust}"},
	[ST_TADJ_LIST] = {"target adjustments",
			  "SELECT {R:tadjust} FROM target_adjustments ta WHERE ta.year = ?1"
			  " ORDER BY ta.id"},
	/* ST_DUMP + t and ST_LOAD + t are made from store_tables[t] by store_sql_text() */
};

static const struct row_spec *const specs[] = {
	&spec_unit,       &spec_user,           &spec_opinion, &spec_problem, &spec_progress,
	&spec_evaluation, &spec_accountability, &spec_scheme,  &spec_event,   &spec_duty,
	&spec_survey,     &spec_sperson,        &spec_titem,   &spec_tresult, &spec_tadjust,
	&spec_tletter,    &spec_tamend,         &spec_tyear,   &spec_treport, &spec_tappeal,
	&spec_tprop,      &spec_tsanction,      &spec_person,  &spec_tpitem,  &spec_contact,
	&spec_fault,      &spec_fperson,        &spec_notice,  &spec_nref,    &spec_nrev,
	&spec_pset,       &spec_pitem,          &spec_precord, &spec_prating,
};

static const struct row_spec *spec_named(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof specs / sizeof *specs; i++)
		if (strlen(specs[i]->name) == len && memcmp(specs[i]->name, name, len) == 0)
			return specs[i];
	return NULL;
}

/* The columns of @p rs marked @p flag (every one for 0), with @p prefix, joined. */
static void add_cols(struct buf *b, const struct row_spec *rs, unsigned flag, const char *prefix,
		     const char *suffix, int *param)
{
	int first = 1;
	for (int i = 0; i < rs->n; i++) {
		if (flag && !(rs->f[i].flags & flag))
			continue;
		buf_addf(b, "%s%s%s", first ? "" : ", ", prefix, rs->f[i].col);
		if (param)
			buf_addf(b, "%s?%d", suffix, (*param)++);
		first = 0;
	}
}

/* {R:spec}, {I:spec[,extra…]} or {U:spec} at @p t (after the brace), up to @p end. */
static int expand(struct buf *b, const char *t, const char *end)
{
	const char *name = t + 2, *comma = memchr(name, ',', (size_t)(end - name));
	const struct row_spec *rs = spec_named(name, (size_t)((comma ? comma : end) - name));
	if (rs == NULL || t[1] != ':')
		return -1;
	int n = 1;
	switch (t[0]) {
	case 'R':
		add_cols(b, rs, 0, rs->alias, NULL, NULL);
		return 0;
	case 'I':
		buf_addf(b, "INSERT INTO %s (", rs->table);
		add_cols(b, rs, FW_INS, "", NULL, NULL);
		if (comma)
			buf_addf(b, ", %.*s", (int)(end - comma - 1), comma + 1);
		buf_addf(b, ") VALUES (");
		for (int i = 0; i < rs->n; i++)
			if (rs->f[i].flags & FW_INS)
				buf_addf(b, "%s?%d", n > 1 ? ", " : "", n), n++;
		for (const char *c = comma; c; c = memchr(c + 1, ',', (size_t)(end - c - 1)))
			buf_addf(b, ", ?%d", n++);
		buf_addf(b, "){P: ON CONFLICT DO NOTHING RETURNING id}");
		return 0;
	case 'U':
		n = 2;
		buf_addf(b, "UPDATE %s SET ", rs->table);
		add_cols(b, rs, FW_UPD, "", " = ", &n);
		buf_addf(b, " WHERE id = ?1");
		return 0;
	}
	return -1;
}

/* The dump and load statements of store_tables[t]. */
static void copy_text(struct buf *b, int id)
{
	int load = id >= ST_LOAD;
	const struct store_table *t = &store_tables[id - (load ? ST_LOAD : ST_DUMP)];
	if (!load) {
		buf_addf(b, "SELECT %s FROM %s ORDER BY %s", t->cols, t->name, t->key);
		return;
	}
	buf_addf(b, "INSERT INTO %s (%s) VALUES (", t->name, t->cols);
	for (int i = 1; i <= t->ncols; i++)
		buf_addf(b, "%s?%d", i > 1 ? ", " : "", i);
	buf_addf(b, ")");
}

char *store_sql_text(int id, enum store_engine e)
{
	struct buf b = BUF_INIT, out = BUF_INIT;
	const struct sql_def *d = &store_sql[id];
	if (id >= ST_DUMP) {
		copy_text(&b, id);
	} else {
		const char *src = e == ENGINE_PG && d->pg ? d->pg : d->sql;
		if (src == NULL)
			return NULL;
		buf_adds(&b, src);
	}
	/* Row templates first (they may hold engine sections), then the engine's sections. */
	for (int pass = 0; pass < 2; pass++) {
		for (const char *t = b.ptr; *t; t++) {
			const char *end = *t == '{' ? strchr(t, '}') : NULL;
			int section = end && (t[1] == 'S' || t[1] == 'P') && t[2] == ':';
			if (end == NULL || section != pass) {
				buf_add(&out, t, end ? (size_t)(end - t + 1) : 1);
			} else if (section) {
				if ((t[1] == 'S') == (e == ENGINE_SQLITE))
					buf_add(&out, t + 3, (size_t)(end - t - 3));
			} else if (expand(&out, t + 1, end) < 0) {
				/* not a template: kept, so that preparing it fails and says where
				 */
				buf_add(&out, t, (size_t)(end - t + 1));
			}
			if (end)
				t = end;
		}
		struct buf tmp = b;
		b = out;
		out = tmp;
		buf_reset(&out);
	}
	buf_release(&out);
	out = b;
	b = (struct buf)BUF_INIT;
	/* ?N, and ?N:type: $N and $N::type on PostgreSQL, ?N alone on SQLite */
	struct buf ph = BUF_INIT;
	for (const char *t = out.ptr; *t; t++) {
		if (*t != '?' || t[1] < '1' || t[1] > '9') {
			buf_add(&ph, t, 1);
			continue;
		}
		const char *n = t + 1, *end = n;
		while (*end >= '0' && *end <= '9')
			end++;
		buf_addf(&ph, "%c%.*s", e == ENGINE_PG ? '$' : '?', (int)(end - n), n);
		if (*end == ':' && end[1] >= 'a' && end[1] <= 'z') {
			const char *ty = end + 1, *tend = ty;
			while (*tend >= 'a' && *tend <= 'z')
				tend++;
			if (e == ENGINE_PG)
				buf_addf(&ph, "::%.*s", (int)(tend - ty), ty);
			end = tend;
		}
		t = end - 1;
	}
	buf_release(&out);
	return buf_detach(&ph, NULL);
}

int store_sql_nparams(const char *sql)
{
	int n = 0;
	for (const char *p = sql; *p; p++) {
		if ((*p != '?' && *p != '$') || p[1] < '1' || p[1] > '9')
			continue;
		int k = (int)strtol(p + 1, NULL, 10);
		if (k > n)
			n = k;
	}
	return n;
}
