/*
 * The SQLite driver: one database file, WAL, synchronous=FULL so that a committed
 * write survives power loss. Each connection belongs to one thread at a time (the
 * pool hands them out). Writers are serialized by a process-wide lock taken before
 * BEGIN IMMEDIATE, so they queue in the program instead of busy-waiting in SQLite.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/audit.h"
#include "../core/enums.h"
#include "../core/fsm.h"
#include "../core/perm.h"
#include "../util/err.h"
#include "../util/log.h"
#include "migrations.h"
#include "store.h"
#include "tally.h"

#define UNIT_COLS "u.id, u.name, u.kind, u.parent_id, u.station_id, u.code"
#define USER_COLS "s.id, s.username, s.display_name, s.role, s.unit_id"
#define OPINION_COLS                                                                              \
	"o.id, o.campaign_id, o.point_id, o.target_unit_id, o.dimension, o.source, o.channel, "    \
	"o.content, o.submitter_name, o.submitter_phone, o.received_at, o.status, o.problem_id, "  \
	"o.receipt, o.reject_reason, o.entered_by"
#define PROBLEM_COLS                                                                              \
	"p.id, p.campaign_id, p.target_unit_id, p.unit_id, p.dimension, p.title, p.summary, "      \
	"p.category, p.severity, p.opinion_count, p.status, p.due_on, p.flagged, p.flag_due_on, "  \
	"p.delisted, p.return_reason, p.reply, p.plan, p.measures, p.evidence, p.percent, "        \
	"p.ext_pending, p.ext_due_on, p.ext_reason, p.reopen_count, p.round, p.created_by, "       \
	"p.created_at, p.updated_at, p.dispatched_at, p.acknowledged_at, p.answered_at, "          \
	"p.rectified_at, p.verified_at, p.closed_at, p.ack_due_on, p.reminded_due, p.escalated_due, " \
	"p.answered_due_on, p.rectified_due_on"
#define EVENT_COLS                                                                                \
	"id, at, actor_user_id, actor_unit_id, kind, subject_type, subject_id, from_status, "      \
	"to_status, data, prev_hash, hash"

/* Scope of a problem row p for the caller bound as ?20 (role name) and ?21 (unit id). */
#define PROBLEM_SCOPE                                                                             \
	"(?20 IN ('admin','leader')"                                                               \
	" OR (?20 = 'station' AND (EXISTS (SELECT 1 FROM units su WHERE su.id = p.target_unit_id"  \
	"      AND su.station_id = ?21) OR EXISTS (SELECT 1 FROM units du WHERE du.id = p.unit_id" \
	"      AND du.station_id = ?21)))"                                                          \
	" OR (?20 = 'point' AND EXISTS (SELECT 1 FROM opinions po WHERE po.problem_id = p.id"      \
	"      AND po.point_id = ?21))"                                                             \
	" OR (?20 = 'unit' AND p.unit_id = ?21 AND p.status NOT IN ('open','returned')))"

/* Scope of an opinion row o, with the same parameters. */
#define OPINION_SCOPE                                                                             \
	"(?20 IN ('admin','leader')"                                                               \
	" OR (?20 = 'station' AND (o.point_id = ?21 OR o.point_id IN (SELECT id FROM units"        \
	"      WHERE parent_id = ?21) OR o.target_unit_id IN (SELECT id FROM units"                 \
	"      WHERE station_id = ?21)))"                                                           \
	" OR (?20 = 'point' AND o.point_id = ?21))"

/*
 * PROBLEM_SCOPE with uncorrelated subqueries, for lists and counts over many problems: the
 * same rows, but SQLite runs each subquery once instead of once per problem (a point's EXISTS
 * otherwise walks the point's opinions for every problem: over a minute on 300,000
 * problems).
 */
#define PROBLEM_SET_SCOPE                                                                     \
	"(?20 IN ('admin','leader')"                                                               \
	" OR (?20 = 'station' AND (p.target_unit_id IN (SELECT id FROM units WHERE"               \
	"      station_id = ?21) OR p.unit_id IN (SELECT id FROM units WHERE station_id = ?21)))"  \
	" OR (?20 = 'point' AND p.id IN (SELECT problem_id FROM opinions WHERE point_id = ?21))"  \
	" OR (?20 = 'unit' AND p.unit_id = ?21 AND p.status NOT IN ('open','returned')))"

/* A problem's deadline in force: the flag's when flagged and set, else due_on. */
#define DEADLINE "(CASE WHEN p.flagged = 1 AND p.flag_due_on IS NOT NULL THEN p.flag_due_on" \
		 " ELSE p.due_on END)"

enum {
	ST_BEGIN_READ,
	ST_BEGIN_WRITE,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_SAVEPOINT,
	ST_RELEASE,
	ST_ROLLBACK_TO,
	ST_PING,
	ST_SETTINGS_ALL,
	ST_SETTING_PUT,
	ST_CAL_PUT,
	ST_CAL_DEL,
	ST_CAL_RANGE,
	ST_UNIT_INSERT,
	ST_UNIT_UPDATE,
	ST_UNIT_GET,
	ST_UNIT_LIST,
	ST_UNIT_CODE,
	ST_USER_INSERT,
	ST_USER_GET,
	ST_USER_BY_NAME,
	ST_USER_LIST,
	ST_USER_PASSWORD,
	ST_SESSION_INSERT,
	ST_SESSION_USER,
	ST_SESSION_DELETE,
	ST_SESSION_PURGE,
	ST_CAMPAIGN_INSERT,
	ST_PHASE_INSERT,
	ST_CAMPAIGN_GET,
	ST_PHASES_OF,
	ST_CAMPAIGN_LIST,
	ST_CAMPAIGN_CURRENT,
	ST_OPINION_INSERT,
	ST_OPINION_GET,
	ST_OPINION_RECEIPT,
	ST_OPINION_LIST,
	ST_OPINION_STATUS,
	ST_PROBLEM_INSERT,
	ST_PROBLEM_GET,
	ST_PROBLEM_UPDATE,
	ST_PROBLEM_LIST,
	ST_PROBLEM_OPINIONS,
	ST_PROGRESS_INSERT,
	ST_PROGRESS_LIST,
	ST_EVAL_INSERT,
	ST_EVAL_LIST,
	ST_EVAL_COUNTS,
	ST_EVAL_BY_OPINION,
	ST_BULLETIN_INSERT,
	ST_BULLETIN_LIST,
	ST_EVENT_LAST,
	ST_EVENT_INSERT,
	ST_EVENT_LIST,
	ST_EVENT_ITER,
	ST_PROBLEM_LATE,
	ST_FORM_OPINIONS,
	ST_FORM_PROBLEMS,
	ST_ACC_INSERT,
	ST_ACC_LIST,
	ST_SCHEME_INSERT,
	ST_SCHEME_FOR,
	ST_SUMMARY_OPINIONS,
	ST_SUMMARY_PROBLEMS,
	ST_SUMMARY_EVALUATIONS,
	ST__N
};

static const char *const sql_text[ST__N] = {
	[ST_BEGIN_READ] = "BEGIN DEFERRED",
	[ST_BEGIN_WRITE] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_SAVEPOINT] = "SAVEPOINT gc",
	[ST_RELEASE] = "RELEASE gc",
	[ST_ROLLBACK_TO] = "ROLLBACK TO gc",
	/* used in ping() */
	[ST_PING] = "SELECT 1",
	/* used in settings_load() */
	[ST_SETTINGS_ALL] = "SELECT key, value FROM settings",
	/* used in setting_put() */
	[ST_SETTING_PUT] = "INSERT INTO settings (key, value) VALUES (?1, ?2)"
			   " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	/* used in calendar_put() */
	[ST_CAL_PUT] = "INSERT INTO calendar (day, kind) VALUES (?1, ?2)"
		       " ON CONFLICT (day) DO UPDATE SET kind = excluded.kind",
	[ST_CAL_DEL] = "DELETE FROM calendar WHERE day = ?1",
	/* used in calendar_load() */
	[ST_CAL_RANGE] = "SELECT day, kind FROM calendar WHERE day BETWEEN ?1 AND ?2 ORDER BY day",
	/* used in unit_insert() */
	[ST_UNIT_INSERT] = "INSERT INTO units (name, kind, parent_id, station_id, code, created_at)"
			   " VALUES (?1, ?2, ?3, ?4, ?5, unixepoch())",
	/* used in unit_update() */
	[ST_UNIT_UPDATE] = "UPDATE units SET name = ?2, parent_id = ?3, station_id = ?4, code = ?5"
			   " WHERE id = ?1",
	/* used in unit_get() */
	[ST_UNIT_GET] = "SELECT " UNIT_COLS " FROM units u WHERE u.id = ?1",
	/* used in unit_list() */
	[ST_UNIT_LIST] = "SELECT " UNIT_COLS " FROM units u WHERE (?1 IS NULL OR u.kind = ?1)"
			 " AND (?2 IS NULL OR u.parent_id = ?2) AND (?3 IS NULL OR u.station_id = ?3)"
			 " AND u.id > ?4 ORDER BY u.id LIMIT ?5",
	/* used in unit_code_taken() */
	[ST_UNIT_CODE] = "SELECT 1 FROM units WHERE code = ?1 AND id <> ?2",
	/* used in user_insert() */
	[ST_USER_INSERT] = "INSERT INTO users (username, display_name, role, unit_id, pwhash,"
			   " created_at) VALUES (?1, ?2, ?3, ?4, ?5, unixepoch())",
	/* used in user_get() */
	[ST_USER_GET] = "SELECT " USER_COLS ", s.pwhash FROM users s WHERE s.id = ?1",
	/* used in user_by_name() */
	[ST_USER_BY_NAME] = "SELECT " USER_COLS ", s.pwhash FROM users s WHERE s.username = ?1",
	/* used in user_list() */
	[ST_USER_LIST] = "SELECT " USER_COLS " FROM users s WHERE s.id > ?1 ORDER BY s.id LIMIT ?2",
	/* used in user_set_password() */
	[ST_USER_PASSWORD] = "UPDATE users SET pwhash = ?2 WHERE id = ?1",
	/* used in session_insert() */
	[ST_SESSION_INSERT] = "INSERT INTO sessions (token_hash, user_id, created_at, expires_at)"
			      " VALUES (?1, ?2, ?3, ?4)",
	/* used in session_user() */
	[ST_SESSION_USER] = "SELECT " USER_COLS ", x.expires_at FROM sessions x"
			    " JOIN users s ON s.id = x.user_id WHERE x.token_hash = ?1"
			    " AND x.expires_at > ?2",
	/* used in session_delete() */
	[ST_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?1",
	/* used in session_purge() */
	[ST_SESSION_PURGE] = "DELETE FROM sessions WHERE expires_at <= ?1",
	/* used in campaign_insert() */
	[ST_CAMPAIGN_INSERT] = "INSERT INTO campaigns (name, year, created_at)"
			       " VALUES (?1, ?2, unixepoch())",
	[ST_PHASE_INSERT] = "INSERT INTO phases (campaign_id, kind, starts_on, ends_on)"
			    " VALUES (?1, ?2, ?3, ?4)",
	/* used in campaign_get() and campaign_list() */
	[ST_CAMPAIGN_GET] = "SELECT id, name, year FROM campaigns WHERE id = ?1",
	[ST_PHASES_OF] = "SELECT kind, starts_on, ends_on FROM phases WHERE campaign_id = ?1"
			 " ORDER BY starts_on, kind",
	[ST_CAMPAIGN_LIST] = "SELECT id, name, year FROM campaigns WHERE id > ?1 ORDER BY id LIMIT ?2",
	/* used in campaign_current() */
	[ST_CAMPAIGN_CURRENT] = "SELECT c.id FROM campaigns c JOIN phases ph ON ph.campaign_id = c.id"
				" GROUP BY c.id ORDER BY (MIN(ph.starts_on) <= ?1 AND"
				" MAX(ph.ends_on) >= ?1) DESC, (MIN(ph.starts_on) <= ?1) DESC,"
				" MIN(ph.starts_on) DESC, c.id DESC LIMIT 1",
	/* used in opinion_insert() */
	[ST_OPINION_INSERT] = "INSERT INTO opinions (campaign_id, point_id, target_unit_id, dimension,"
			      " source, channel, content, submitter_name, submitter_phone, received_at,"
			      " status, problem_id, receipt, reject_reason, entered_by, created_at)"
			      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
			      " ?15, unixepoch())",
	/* used in opinion_get() */
	[ST_OPINION_GET] = "SELECT " OPINION_COLS " FROM opinions o WHERE o.id = ?1 AND " OPINION_SCOPE,
	/* used in opinion_by_receipt() */
	[ST_OPINION_RECEIPT] = "SELECT " OPINION_COLS " FROM opinions o WHERE o.receipt = ?1",
	/* used in opinion_list() */
	[ST_OPINION_LIST] = "SELECT " OPINION_COLS " FROM opinions o WHERE"
			    " (?1 IS NULL OR o.campaign_id = ?1) AND (?2 IS NULL OR o.point_id = ?2)"
			    " AND (?3 IS NULL OR o.target_unit_id = ?3)"
			    " AND (?4 IS NULL OR o.problem_id = ?4) AND (?5 IS NULL OR o.status = ?5)"
			    " AND (?6 IS NULL OR o.dimension = ?6) AND (?7 IS NULL OR o.source = ?7)"
			    " AND (?8 IS NULL OR o.channel = ?8) AND (?9 IS NULL OR o.id < ?9)"
			    " AND " OPINION_SCOPE " ORDER BY o.id DESC LIMIT ?10",
	/* used in opinion_set_status() */
	[ST_OPINION_STATUS] = "UPDATE opinions SET status = ?2, problem_id = ?3, reject_reason = ?4"
			      " WHERE id = ?1",
	/* used in problem_insert() */
	[ST_PROBLEM_INSERT] = "INSERT INTO problems (campaign_id, target_unit_id, dimension, title,"
			      " summary, category, severity, opinion_count, status, created_by,"
			      " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
			      " ?10, ?11, ?11)",
	/* used in problem_get() */
	[ST_PROBLEM_GET] = "SELECT " PROBLEM_COLS " FROM problems p WHERE p.id = ?1 AND " PROBLEM_SCOPE,
	/* used in problem_update() */
	[ST_PROBLEM_UPDATE] = "UPDATE problems SET unit_id = ?2, title = ?3, summary = ?4,"
			      " category = ?5, severity = ?6, opinion_count = ?7, status = ?8,"
			      " due_on = ?9, flagged = ?10, flag_due_on = ?11, delisted = ?12,"
			      " return_reason = ?13, reply = ?14, plan = ?15, measures = ?16,"
			      " evidence = ?17, percent = ?18, ext_pending = ?19, ext_due_on = ?20,"
			      " ext_reason = ?21, reopen_count = ?22, round = ?23, updated_at = ?24,"
			      " dispatched_at = ?25, acknowledged_at = ?26, answered_at = ?27,"
			      " rectified_at = ?28, verified_at = ?29, closed_at = ?30, ack_due_on = ?31,"
			      " reminded_due = ?32, escalated_due = ?33, answered_due_on = ?34,"
			      " rectified_due_on = ?35 WHERE id = ?1",
	/* used in problem_list() */
	[ST_PROBLEM_LIST] = "SELECT " PROBLEM_COLS " FROM problems p WHERE"
			    " (?1 IS NULL OR p.campaign_id = ?1) AND (?2 IS NULL OR p.target_unit_id = ?2)"
			    " AND (?3 IS NULL OR p.unit_id = ?3) AND (?4 IS NULL OR p.status = ?4)"
			    " AND (?5 IS NULL OR p.dimension = ?5) AND (?6 IS NULL OR p.severity = ?6)"
			    " AND (?7 IS NULL OR p.flagged = ?7)"
			    " AND (?8 IS NULL OR ((p.due_on IS NOT NULL AND p.due_on < ?9 AND p.status IN"
			    " ('dispatched','acknowledged','answered','rectifying'))) = ?8)"
			    " AND (?12 IS NULL OR p.ext_pending = ?12)"
			    " AND (?13 IS NULL OR (p.due_on >= ?9 AND p.due_on <= ?13 AND p.status IN"
			    " ('dispatched','acknowledged','answered','rectifying')))"
			    " AND (?10 IS NULL OR p.id < ?10) AND " PROBLEM_SET_SCOPE
			    " ORDER BY p.id DESC LIMIT ?11",
	/* used in problem_opinion_ids() */
	[ST_PROBLEM_OPINIONS] = "SELECT id FROM opinions WHERE problem_id = ?1 ORDER BY id",
	/* used in progress_insert() */
	[ST_PROGRESS_INSERT] = "INSERT INTO progress (problem_id, measures, percent, evidence, done,"
			       " by_user_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	/* used in progress_list() */
	[ST_PROGRESS_LIST] = "SELECT id, problem_id, measures, percent, evidence, done, by_user_id,"
			     " created_at FROM progress WHERE problem_id = ?1 ORDER BY id",
	/* used in evaluation_insert() */
	[ST_EVAL_INSERT] = "INSERT INTO evaluations (problem_id, round, rating, note, by_user_id,"
			   " opinion_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	/* used in evaluation_list() */
	[ST_EVAL_LIST] = "SELECT id, problem_id, round, rating, note, by_user_id, opinion_id,"
			 " created_at FROM evaluations WHERE problem_id = ?1 ORDER BY id",
	/* used in evaluation_counts() */
	[ST_EVAL_COUNTS] = "SELECT COUNT(*) FILTER (WHERE rating <> 'unaware'),"
			   " COUNT(*) FILTER (WHERE rating = 'unsatisfied') FROM evaluations"
			   " WHERE problem_id = ?1 AND round = ?2",
	/* used in evaluation_by_opinion() */
	[ST_EVAL_BY_OPINION] = "SELECT 1 FROM evaluations WHERE problem_id = ?1 AND round = ?2"
			       " AND opinion_id = ?3",
	/* used in bulletin_insert() */
	[ST_BULLETIN_INSERT] = "INSERT INTO bulletins (problem_id, text, published_at, by_user_id)"
			       " VALUES (?1, ?2, ?3, ?4)",
	/* used in bulletin_list() */
	[ST_BULLETIN_LIST] =
		"SELECT b.id, p.id, p.title, u.name, b.text, b.published_at, p.flag_due_on, p.status,"
		" p.flagged, p.delisted FROM problems p"
		" JOIN units u ON u.id = COALESCE(p.unit_id, p.target_unit_id)"
		" LEFT JOIN bulletins b ON b.id = (SELECT MAX(id) FROM bulletins WHERE problem_id = p.id)"
		" WHERE (p.flagged = 1 OR p.delisted = 1 OR b.id IS NOT NULL)"
		" AND (?1 IS NULL OR p.id < ?1) ORDER BY p.id DESC LIMIT ?2",
	/* used in event_append() */
	[ST_EVENT_LAST] = "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1",
	[ST_EVENT_INSERT] = "INSERT INTO events (" EVENT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
			    " ?8, ?9, ?10, ?11, ?12)",
	/* used in event_list() */
	[ST_EVENT_LIST] = "SELECT " EVENT_COLS " FROM events WHERE subject_type = ?1"
			  " AND subject_id = ?2 ORDER BY id",
	/* used in event_iter() */
	[ST_EVENT_ITER] = "SELECT " EVENT_COLS " FROM events ORDER BY id",
	/* used in problem_late() */
	[ST_PROBLEM_LATE] = "SELECT " PROBLEM_COLS " FROM problems p WHERE p.status IN"
			    " ('dispatched','acknowledged','answered','rectifying') AND"
			    " ((p.due_on IS NOT NULL AND p.due_on < ?1) OR (p.flagged = 1 AND"
			    " p.flag_due_on IS NOT NULL AND p.flag_due_on < ?1)) ORDER BY p.id",
	/* used in form_opinions() */
	[ST_FORM_OPINIONS] =
		"SELECT " OPINION_COLS ", pu.name, tu.name FROM opinions o"
		" LEFT JOIN units pu ON pu.id = o.point_id JOIN units tu ON tu.id = o.target_unit_id"
		" WHERE (?1 IS NULL OR o.campaign_id = ?1) AND (?2 IS NULL OR o.target_unit_id = ?2)"
		" AND (?3 IS NULL OR o.point_id = ?3 OR pu.parent_id = ?3 OR (o.point_id IS NULL"
		" AND tu.station_id = ?3)) AND (?4 IS NULL OR o.point_id = ?4)"
		" AND (?5 IS NULL OR o.status = ?5) AND o.received_at >= ?6 AND o.received_at < ?7"
		" AND " OPINION_SCOPE " ORDER BY CASE WHEN ?8 THEN o.target_unit_id ELSE 0 END, o.id",
	/* used in form_problems() */
	[ST_FORM_PROBLEMS] =
		"SELECT " PROBLEM_COLS ", tu.name, du.name,"
		" (SELECT COUNT(*) FROM evaluations v WHERE v.problem_id = p.id AND v.round = p.round"
		"  AND v.rating = 'satisfied'),"
		" (SELECT COUNT(*) FROM evaluations v WHERE v.problem_id = p.id AND v.round = p.round"
		"  AND v.rating = 'basically_satisfied'),"
		" (SELECT COUNT(*) FROM evaluations v WHERE v.problem_id = p.id AND v.round = p.round"
		"  AND v.rating = 'unsatisfied'),"
		" (SELECT COUNT(*) FROM evaluations v WHERE v.problem_id = p.id AND v.round = p.round"
		"  AND v.rating = 'unaware'),"
		" (SELECT COUNT(*) FROM progress g WHERE g.problem_id = p.id)"
		" FROM problems p JOIN units tu ON tu.id = p.target_unit_id"
		" LEFT JOIN units du ON du.id = p.unit_id"
		" WHERE (?1 IS NULL OR p.campaign_id = ?1)"
		" AND (?2 IS NULL OR p.target_unit_id = ?2 OR p.unit_id = ?2)"
		" AND (?3 IS NULL OR tu.station_id = ?3 OR du.station_id = ?3)"
		" AND (?4 IS NULL OR p.id IN (SELECT problem_id FROM opinions WHERE point_id = ?4))"
		" AND (?5 IS NULL OR p.status = ?5)"
		" AND p.created_at >= ?6 AND p.created_at < ?7 AND " PROBLEM_SET_SCOPE
		" ORDER BY CASE WHEN ?8 THEN COALESCE(p.unit_id, p.target_unit_id) ELSE 0 END, p.id",
	/* used in accountability_insert() */
	[ST_ACC_INSERT] = "INSERT INTO accountability (problem_id, unit_id, person, kind, note,"
			  " decided_on, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	/* used in accountability_list() */
	[ST_ACC_LIST] = "SELECT id, problem_id, unit_id, person, kind, note, decided_on, created_at,"
			" created_by FROM accountability WHERE (?1 IS NULL OR problem_id = ?1)"
			" AND (?2 IS NULL OR unit_id = ?2) ORDER BY id",
	/* used in scheme_insert() */
	[ST_SCHEME_INSERT] = "INSERT INTO schemes (valid_from, weights, scale, grades, min_count,"
			     " created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	/* used in scheme_for() */
	[ST_SCHEME_FOR] = "SELECT id, valid_from, weights, scale, grades, min_count, created_at,"
			  " created_by FROM schemes WHERE valid_from <= ?1 ORDER BY valid_from DESC"
			  " LIMIT 1",
	/* used in summary(): ?1 campaign (NULL: all), ?2 today, ?3 the last day due soon.
	 * Problems are grouped by status, so the counts that apply only to some states
	 * (overdue, due soon, reminded, escalated) are summed for every group and kept for
	 * the active ones by the driver. The table is scanned rather than read through an
	 * index: measured three times faster on 300,000 problems. */
	[ST_SUMMARY_OPINIONS] = "SELECT o.status, COUNT(*) FROM opinions o INDEXED BY opinions_summary"
				" WHERE (?1 IS NULL OR o.campaign_id = ?1) AND " OPINION_SCOPE
				" GROUP BY o.status",
	[ST_SUMMARY_PROBLEMS] =
		"SELECT p.status, COUNT(*), SUM(p.opinion_count), SUM(p.due_on < ?2),"
		" SUM(p.flagged = 1), SUM(p.ext_pending = 1),"
		" SUM(p.due_on >= ?2 AND p.due_on <= ?3),"
		" SUM(p.status = 'verified' AND NOT EXISTS (SELECT 1 FROM evaluations v"
		"  WHERE v.problem_id = p.id AND v.round = p.round AND v.rating <> 'unaware')),"
		" SUM(p.reminded_due = " DEADLINE "), SUM(p.escalated_due = " DEADLINE ")"
		" FROM problems p NOT INDEXED WHERE (?1 IS NULL OR p.campaign_id = ?1) AND "
		PROBLEM_SET_SCOPE " GROUP BY p.status",
	[ST_SUMMARY_EVALUATIONS] = "SELECT COUNT(*) FROM evaluations v JOIN problems p"
				   " ON p.id = v.problem_id WHERE (?1 IS NULL OR p.campaign_id = ?1)"
				   " AND " PROBLEM_SET_SCOPE,
};


/*
 * The figures' scans. Parameters: ?1 campaign (NULL: all), ?2..?3 the period [from, to)
 * in unix seconds. Each returns one narrow row per opinion, problem, event or rating;
 * the driver works out dates and flags and adds them up in memory, several times faster
 * than grouping in SQL. Problems are scanned first: they map each problem to its unit
 * (the one dispatched to, else the target), which the events and ratings then use.
 */
#define CAMPAIGN(t) "(?1 IS NULL OR " t ".campaign_id = ?1)"
#define IN_PERIOD(col) "(" col " >= ?2 AND " col " < ?3)"

static const char *const tally_sql[TQ__N] = {
	[TQ_UNITS] = "SELECT id, kind, parent_id, station_id FROM units ORDER BY id",
	/* All of the campaign's opinions: at the point level every one links its problem to
	 * its point, whenever it came; only those received in the period are counted. */
	[TQ_OPINIONS] = "SELECT o.target_unit_id, o.point_id, o.source, o.channel, o.dimension,"
			" o.problem_id, o.received_at FROM opinions o WHERE " CAMPAIGN("o"),
	[TQ_PROBLEMS] = "SELECT p.id, COALESCE(p.unit_id, p.target_unit_id), p.unit_id, p.status,"
			" p.created_at, p.dispatched_at, p.acknowledged_at, p.ack_due_on, p.due_on,"
			" p.answered_at, p.rectified_at, COALESCE(p.answered_due_on, p.due_on),"
			" COALESCE(p.rectified_due_on, p.due_on) FROM problems p WHERE " CAMPAIGN("p"),
	/* Dispatches are not scanned: every dispatch to a unit either was returned by it or
	 * is the problem's current one, so dispatches = returns + current dispatches. */
	[TQ_EVENTS] = "SELECT e.subject_id, e.kind, e.actor_unit_id FROM events e"
		      " INDEXED BY events_tally WHERE e.subject_type = 'problem' AND e.kind IN"
		      " ('problem.return', 'problem.reopen', 'problem.verify') AND"
		      " (e.kind <> 'problem.verify' OR e.to_status = 'verified') AND "
		      IN_PERIOD("e.at"),
	[TQ_RATINGS] = "SELECT v.problem_id, v.rating FROM evaluations v WHERE "
		       IN_PERIOD("v.created_at"),
};

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	sqlite3_stmt *st[ST__N];
	sqlite3_stmt *tally[TQ__N];
	sqlite3_stmt *dump_st[STORE_NTABLES], *load_st[STORE_NTABLES]; /**< prepared at first use */
	int in_tx;
	int holds_write_lock;
};

/* One lock for the process: writers of every connection queue here. */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

static struct sqlite_store *S(struct store *st)
{
	return (struct sqlite_store *)st;
}

static int db_error(struct sqlite_store *s, const char *what)
{
	int code = sqlite3_extended_errcode(s->db);
	int prim = code & 0xff;
	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		return WB_ERR_BUSY;
	if (prim == SQLITE_CONSTRAINT && (code == SQLITE_CONSTRAINT_UNIQUE ||
					  code == SQLITE_CONSTRAINT_PRIMARYKEY))
		return WB_ERR_CONFLICT;
	wb_log(WB_LOG_ERR, "sqlite: %s: %s (%d)", what, sqlite3_errmsg(s->db), code);
	return WB_ERR_DB;
}

/* Take a prepared statement, reset and with no bindings. */
static sqlite3_stmt *stmt(struct sqlite_store *s, int id)
{
	sqlite3_stmt *q = s->st[id];
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return q;
}

static void bind_text(sqlite3_stmt *q, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(q, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

/* 0 binds NULL: ids are positive. */
static void bind_id(sqlite3_stmt *q, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(q, i, v);
	else
		sqlite3_bind_null(q, i);
}

static void bind_i64(sqlite3_stmt *q, int i, int64_t v)
{
	sqlite3_bind_int64(q, i, v);
}

/* An enum value by its API name; -1 binds NULL ("any"). */
static void bind_enum(sqlite3_stmt *q, int i, const struct wb_enum *e, int v)
{
	if (v < 0)
		sqlite3_bind_null(q, i);
	else
		sqlite3_bind_text(q, i, wb_enum_name(e, v), -1, SQLITE_STATIC);
}

static void bind_date(sqlite3_stmt *q, int i, wb_date d)
{
	if (d == WB_NO_DATE) {
		sqlite3_bind_null(q, i);
		return;
	}
	char buf[11];
	wb_date_format(d, buf);
	sqlite3_bind_text(q, i, buf, 10, SQLITE_TRANSIENT);
}

/* The time stamps that may be absent: 0 binds NULL. */
static void bind_time(sqlite3_stmt *q, int i, int64_t t)
{
	bind_id(q, i, t);
}

/* A NULL caller is the program itself (public receipts, verification): unscoped. */
static void bind_scope(sqlite3_stmt *q, const struct wb_actor *who)
{
	const char *role = who ? wb_enum_name(&wb_roles, who->role) : "admin";
	sqlite3_bind_text(q, 20, role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 21, who ? who->unit_id : 0);
}

static int64_t col_i64(sqlite3_stmt *q, int i)
{
	return sqlite3_column_int64(q, i);
}

static const char *col_text(sqlite3_stmt *q, int i, struct arena *a)
{
	const char *t = (const char *)sqlite3_column_text(q, i);
	if (t == NULL)
		return NULL;
	return a ? arena_strndup(a, t, (size_t)sqlite3_column_bytes(q, i)) : t;
}

static int col_enum(sqlite3_stmt *q, int i, const struct wb_enum *e)
{
	int v = wb_enum_parse(e, (const char *)sqlite3_column_text(q, i));
	return v < 0 ? 0 : v;
}

static wb_date col_date(sqlite3_stmt *q, int i)
{
	wb_date d;
	const char *t = (const char *)sqlite3_column_text(q, i);
	if (t == NULL || wb_date_parse(t, &d) != 0)
		return WB_NO_DATE;
	return d;
}

/* Run a statement that returns no rows. */
static int exec_done(struct sqlite_store *s, sqlite3_stmt *q, const char *what)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return db_error(s, what);
	return 1;
}

static int exec_insert(struct sqlite_store *s, sqlite3_stmt *q, const char *what, int64_t *id)
{
	int rc = exec_done(s, q, what);
	if (rc > 0 && id)
		*id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

/* Step one row: 1 row, 0 none, <0 error. */
static int step_row(struct sqlite_store *s, sqlite3_stmt *q, const char *what)
{
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		return 1;
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return 0;
	return db_error(s, what);
}

static int exec_sql(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		wb_log(WB_LOG_ERR, "sqlite: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return WB_ERR_DB;
	}
	return 0;
}

/* ---- rows to callbacks ---- */

static void read_unit(sqlite3_stmt *q, struct arena *a, struct wb_unit *u);
static void read_user(sqlite3_stmt *q, struct arena *a, struct wb_user *u);
static void read_opinion(sqlite3_stmt *q, struct arena *a, const struct wb_actor *who,
			 struct wb_opinion *o);
static void read_problem(sqlite3_stmt *q, struct arena *a, struct wb_problem *p);
static void read_event(sqlite3_stmt *q, struct wb_event *e);

/* A list op's callback and its argument, for the row emitters below. */
struct emit {
	union {
		store_unit_cb unit;
		store_user_cb user;
		store_opinion_cb opinion;
		store_problem_cb problem;
		store_progress_cb progress;
		store_evaluation_cb evaluation;
		store_bulletin_cb bulletin;
		store_event_cb event;
		store_accountability_cb accountability;
		store_form_opinion_cb form_opinion;
		store_form_problem_cb form_problem;
	} cb;
	void *arg;
	const struct wb_actor *who;
};

/*
 * Step through every row of @p q, handing each to @p emit. A negative value from the
 * callback stops the walk and becomes the result. @return rows emitted, or an error
 */
static int each_row(struct sqlite_store *s, sqlite3_stmt *q, const char *what,
		    int (*emit)(sqlite3_stmt *q, const struct emit *e), const struct emit *e)
{
	int rc, n = 0;
	while ((rc = step_row(s, q, what)) > 0) {
		int crc = emit(q, e);
		if (crc < 0) {
			sqlite3_reset(q);
			return crc;
		}
		n++;
	}
	return rc < 0 ? rc : n;
}

static int emit_unit(sqlite3_stmt *q, const struct emit *em)
{
	struct wb_unit u;
	read_unit(q, NULL, &u);
	return em->cb.unit(em->arg, &u);
}

static int emit_user(sqlite3_stmt *q, const struct emit *em)
{
	struct wb_user u;
	read_user(q, NULL, &u);
	return em->cb.user(em->arg, &u);
}

static int emit_opinion(sqlite3_stmt *q, const struct emit *em)
{
	struct wb_opinion o;
	read_opinion(q, NULL, em->who, &o);
	return em->cb.opinion(em->arg, &o);
}

static int emit_problem(sqlite3_stmt *q, const struct emit *em)
{
	struct wb_problem p;
	read_problem(q, NULL, &p);
	return em->cb.problem(em->arg, &p);
}

static int emit_progress(sqlite3_stmt *q, const struct emit *em)
{
	struct wb_progress p = {
		.id = col_i64(q, 0),
		.problem_id = col_i64(q, 1),
		.measures = col_text(q, 2, NULL),
		.percent = (int)col_i64(q, 3),
		.evidence = col_text(q, 4, NULL),
		.done = (int)col_i64(q, 5),
		.by_user_id = col_i64(q, 6),
		.created_at = col_i64(q, 7),
	};
	return em->cb.progress(em->arg, &p);
}

static int emit_evaluation(sqlite3_stmt *q, const struct emit *em)
{
	struct wb_evaluation e = {
		.id = col_i64(q, 0),
		.problem_id = col_i64(q, 1),
		.round = (int)col_i64(q, 2),
		.rating = col_enum(q, 3, &wb_ratings),
		.note = col_text(q, 4, NULL),
		.by_user_id = col_i64(q, 5),
		.opinion_id = col_i64(q, 6),
		.created_at = col_i64(q, 7),
	};
	return em->cb.evaluation(em->arg, &e);
}

static int emit_bulletin(sqlite3_stmt *q, const struct emit *em)
{
	struct store_bulletin b = {
		.id = col_i64(q, 0),
		.problem_id = col_i64(q, 1),
		.title = col_text(q, 2, NULL),
		.unit_name = col_text(q, 3, NULL),
		.text = col_text(q, 4, NULL),
		.published_at = col_i64(q, 5),
		.flag_due_on = col_date(q, 6),
		.status = col_enum(q, 7, &wb_pstatuses),
		.flagged = (int)col_i64(q, 8),
		.delisted = (int)col_i64(q, 9),
	};
	return em->cb.bulletin(em->arg, &b);
}

static int emit_event(sqlite3_stmt *q, const struct emit *em)
{
	struct wb_event e;
	read_event(q, &e);
	return em->cb.event(em->arg, &e);
}

/* ---- transactions ---- */

static int s_begin(struct store *st, int write)
{
	struct sqlite_store *s = S(st);
	if (s->in_tx)
		return WB_ERR_INTERNAL;
	if (write) {
		pthread_mutex_lock(&write_lock);
		s->holds_write_lock = 1;
	}
	int rc = exec_done(s, stmt(s, write ? ST_BEGIN_WRITE : ST_BEGIN_READ), "begin");
	if (rc < 0) {
		if (s->holds_write_lock) {
			s->holds_write_lock = 0;
			pthread_mutex_unlock(&write_lock);
		}
		return rc;
	}
	s->in_tx = 1;
	return 0;
}

static void end_tx(struct sqlite_store *s)
{
	s->in_tx = 0;
	if (s->holds_write_lock) {
		s->holds_write_lock = 0;
		pthread_mutex_unlock(&write_lock);
	}
}

static void s_rollback(struct store *st)
{
	struct sqlite_store *s = S(st);
	if (!s->in_tx)
		return;
	if (sqlite3_get_autocommit(s->db) == 0)
		exec_done(s, stmt(s, ST_ROLLBACK), "rollback");
	end_tx(s);
}

static int s_commit(struct store *st)
{
	struct sqlite_store *s = S(st);
	if (!s->in_tx)
		return WB_ERR_INTERNAL;
	int rc = exec_done(s, stmt(s, ST_COMMIT), "commit");
	if (rc < 0) {
		s_rollback(st);
		return rc;
	}
	end_tx(s);
	return 0;
}

static int s_in_tx(struct store *st)
{
	return S(st)->in_tx;
}

static int s_savepoint(struct store *st, enum store_sp what)
{
	struct sqlite_store *s = S(st);
	if (!s->in_tx || !s->holds_write_lock)
		return WB_ERR_INTERNAL;
	switch (what) {
	case STORE_SP_BEGIN:
		return exec_done(s, stmt(s, ST_SAVEPOINT), "savepoint");
	case STORE_SP_RELEASE:
		return exec_done(s, stmt(s, ST_RELEASE), "release");
	case STORE_SP_ROLLBACK: {
		/* ROLLBACK TO keeps the savepoint open; RELEASE then drops it. */
		int rc = exec_done(s, stmt(s, ST_ROLLBACK_TO), "rollback to");
		return rc < 0 ? rc : exec_done(s, stmt(s, ST_RELEASE), "release");
	}
	}
	return WB_ERR_INTERNAL;
}

/* ---- open, migrate, close ---- */

static int current_version(sqlite3 *db)
{
	sqlite3_stmt *q;
	int v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			v = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
	}
	return v;
}

static int migrate(sqlite3 *db)
{
	int rc = 0;
	pthread_mutex_lock(&write_lock);
	if (exec_sql(db, "BEGIN IMMEDIATE") < 0) {
		rc = WB_ERR_BUSY;
		goto out;
	}
	int have = current_version(db);
	for (const struct store_migration *m = sqlite_migrations; m->version; m++) {
		if (m->version <= have)
			continue;
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
		if (exec_sql(db, m->sql) < 0 || exec_sql(db, pragma) < 0) {
			wb_log(WB_LOG_ERR, "migration %s failed", m->name);
			exec_sql(db, "ROLLBACK");
			rc = WB_ERR_DB;
			goto out;
		}
		wb_log(WB_LOG_INFO, "applied migration %s", m->name);
	}
	rc = exec_sql(db, "COMMIT");
out:
	pthread_mutex_unlock(&write_lock);
	return rc;
}

static void s_close(struct store *st)
{
	struct sqlite_store *s = S(st);
	if (s == NULL)
		return;
	s_rollback(st);
	for (int i = 0; i < ST__N; i++)
		sqlite3_finalize(s->st[i]);
	for (int i = 0; i < TQ__N; i++)
		sqlite3_finalize(s->tally[i]);
	for (int i = 0; i < STORE_NTABLES; i++) {
		sqlite3_finalize(s->dump_st[i]);
		sqlite3_finalize(s->load_st[i]);
	}
	sqlite3_close(s->db);
	free(s);
}

extern const struct store_ops store_sqlite_ops;

static int s_open(const char *uri, struct store **out)
{
	struct sqlite_store *s = xcalloc(1, sizeof *s);
	s->base.ops = &store_sqlite_ops;
	const char *path = strncmp(uri, "sqlite:", 7) == 0 ? uri + 7 : uri;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	int is_new = access(path, F_OK) != 0;
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		wb_log(WB_LOG_ERR, "cannot open %s: %s", path, s->db ? sqlite3_errmsg(s->db) : "?");
		goto fail;
	}
	/* The file holds opinion givers' names and phones: readable by its owner only. The
	 * journal files SQLite makes beside it take the same mode. */
	if (is_new && chmod(path, 0600) != 0)
		wb_log(WB_LOG_WARN, "cannot restrict the mode of %s", path);
	sqlite3_busy_timeout(s->db, 10000);
	if (exec_sql(s->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
			    " PRAGMA foreign_keys = ON;") < 0)
		goto fail;
	if (migrate(s->db) < 0)
		goto fail;
	for (int i = 0; i < ST__N; i++) {
		if (sqlite3_prepare_v3(s->db, sql_text[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i],
				       NULL) != SQLITE_OK) {
			wb_log(WB_LOG_ERR, "cannot prepare statement %d: %s", i, sqlite3_errmsg(s->db));
			goto fail;
		}
	}
	for (int i = 0; i < TQ__N; i++)
		if (sqlite3_prepare_v3(s->db, tally_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
				       &s->tally[i], NULL) != SQLITE_OK) {
			wb_log(WB_LOG_ERR, "cannot prepare figures query %d: %s", i,
			       sqlite3_errmsg(s->db));
			goto fail;
		}
	*out = &s->base;
	return 0;
fail:
	s_close(&s->base);
	return WB_ERR_DB;
}

static int s_schema_version(struct store *st)
{
	return current_version(S(st)->db);
}

static int s_ping(struct store *st)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_PING);
	int rc = step_row(s, q, "ping");
	sqlite3_reset(q);
	return rc;
}

/* ---- settings and calendar ---- */

static int s_settings_load(struct store *st, struct wb_settings *out)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_SETTINGS_ALL);
	wb_settings_defaults(out);
	int rc;
	while ((rc = step_row(s, q, "settings")) > 0) {
		const char *k = (const char *)sqlite3_column_text(q, 0);
		const char *v = (const char *)sqlite3_column_text(q, 1);
		if (k && v && wb_settings_set(out, k, v) < 0)
			wb_log(WB_LOG_WARN, "ignoring setting %s = %s", k, v);
	}
	return rc < 0 ? rc : 1;
}

static int s_setting_put(struct store *st, const char *key, const char *value)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_SETTING_PUT);
	bind_text(q, 1, key);
	bind_text(q, 2, value);
	return exec_done(s, q, "setting put");
}

static int s_calendar_put(struct store *st, wb_date day, int workday)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, workday < 0 ? ST_CAL_DEL : ST_CAL_PUT);
	bind_date(q, 1, day);
	if (workday >= 0)
		bind_text(q, 2, workday ? "workday" : "holiday");
	return exec_done(s, q, "calendar put");
}

static int s_calendar_load(struct store *st, wb_date from, wb_date to, struct arena *a,
			   struct wb_calendar *out)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_CAL_RANGE);
	bind_date(q, 1, from);
	bind_date(q, 2, to);
	size_t nh = 0, nw = 0, cap = 64;
	wb_date *h = arena_alloc(a, cap * sizeof *h), *w = arena_alloc(a, cap * sizeof *w);
	int rc;
	while ((rc = step_row(s, q, "calendar")) > 0) {
		wb_date d = col_date(q, 0);
		const char *kind = (const char *)sqlite3_column_text(q, 1);
		int is_work = kind && strcmp(kind, "workday") == 0;
		size_t *n = is_work ? &nw : &nh;
		wb_date **v = is_work ? &w : &h;
		if (*n == cap) {
			/* Both arrays grow together, so one capacity serves both. */
			size_t ncap = cap * 2;
			wb_date *nh2 = arena_alloc(a, ncap * sizeof *nh2);
			wb_date *nw2 = arena_alloc(a, ncap * sizeof *nw2);
			memcpy(nh2, h, nh * sizeof *h);
			memcpy(nw2, w, nw * sizeof *w);
			h = nh2;
			w = nw2;
			cap = ncap;
			v = is_work ? &w : &h;
		}
		(*v)[(*n)++] = d;
	}
	if (rc < 0)
		return rc;
	out->holidays = h;
	out->nholidays = nh;
	out->workdays = w;
	out->nworkdays = nw;
	return 1;
}

/* ---- units ---- */

static void read_unit(sqlite3_stmt *q, struct arena *a, struct wb_unit *u)
{
	u->id = col_i64(q, 0);
	u->name = col_text(q, 1, a);
	u->kind = col_enum(q, 2, &wb_unit_kinds);
	u->parent_id = col_i64(q, 3);
	u->station_id = col_i64(q, 4);
	u->code = col_text(q, 5, a);
}

static int s_unit_insert(struct store *st, const struct wb_unit *u, int64_t *id)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_UNIT_INSERT);
	bind_text(q, 1, u->name);
	bind_enum(q, 2, &wb_unit_kinds, u->kind);
	bind_id(q, 3, u->parent_id);
	bind_id(q, 4, u->station_id);
	bind_text(q, 5, u->code);
	return exec_insert(s, q, "unit insert", id);
}

static int s_unit_update(struct store *st, const struct wb_unit *u)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_UNIT_UPDATE);
	bind_i64(q, 1, u->id);
	bind_text(q, 2, u->name);
	bind_id(q, 3, u->parent_id);
	bind_id(q, 4, u->station_id);
	bind_text(q, 5, u->code);
	int rc = exec_done(s, q, "unit update");
	return rc < 0 ? rc : sqlite3_changes(s->db) > 0;
}

static int s_unit_get(struct store *st, int64_t id, struct arena *a, struct wb_unit *out)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_UNIT_GET);
	bind_i64(q, 1, id);
	int rc = step_row(s, q, "unit get");
	if (rc > 0) {
		read_unit(q, a, out);
		sqlite3_reset(q);
	}
	return rc;
}

static int s_unit_list(struct store *st, const struct store_unit_filter *f, store_unit_cb cb,
		       void *arg)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_UNIT_LIST);
	bind_enum(q, 1, &wb_unit_kinds, f->kind);
	bind_id(q, 2, f->parent_id);
	bind_id(q, 3, f->station_id);
	bind_i64(q, 4, f->cursor);
	bind_i64(q, 5, f->limit);
	return each_row(s, q, "unit list", emit_unit,
			&(struct emit){.cb.unit = cb, .arg = arg, .who = NULL});
}

static int s_unit_code_taken(struct store *st, const char *code, int64_t except_id)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_UNIT_CODE);
	bind_text(q, 1, code);
	bind_i64(q, 2, except_id);
	int rc = step_row(s, q, "unit code");
	sqlite3_reset(q);
	return rc;
}

/* ---- users and sessions ---- */

static void read_user(sqlite3_stmt *q, struct arena *a, struct wb_user *u)
{
	u->id = col_i64(q, 0);
	u->username = col_text(q, 1, a);
	u->display_name = col_text(q, 2, a);
	u->role = col_enum(q, 3, &wb_roles);
	u->unit_id = col_i64(q, 4);
}

static int s_user_insert(struct store *st, const struct wb_user *u, const char *pwhash, int64_t *id)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_USER_INSERT);
	bind_text(q, 1, u->username);
	bind_text(q, 2, u->display_name);
	bind_enum(q, 3, &wb_roles, u->role);
	bind_id(q, 4, u->unit_id);
	bind_text(q, 5, pwhash);
	return exec_insert(s, q, "user insert", id);
}

static int user_one(struct sqlite_store *s, sqlite3_stmt *q, struct arena *a, struct wb_user *out,
		    const char **pwhash)
{
	int rc = step_row(s, q, "user get");
	if (rc > 0) {
		read_user(q, a, out);
		if (pwhash)
			*pwhash = col_text(q, 5, a);
		sqlite3_reset(q);
	}
	return rc;
}

static int s_user_get(struct store *st, int64_t id, struct arena *a, struct wb_user *out)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_USER_GET);
	bind_i64(q, 1, id);
	return user_one(s, q, a, out, NULL);
}

static int s_user_by_name(struct store *st, const char *username, struct arena *a,
			  struct wb_user *out, const char **pwhash)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_USER_BY_NAME);
	bind_text(q, 1, username);
	return user_one(s, q, a, out, pwhash);
}

static int s_user_list(struct store *st, int64_t cursor, int limit, store_user_cb cb, void *arg)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_USER_LIST);
	bind_i64(q, 1, cursor);
	bind_i64(q, 2, limit);
	return each_row(s, q, "user list", emit_user,
			&(struct emit){.cb.user = cb, .arg = arg, .who = NULL});
}

static int s_user_set_password(struct store *st, int64_t id, const char *pwhash)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_USER_PASSWORD);
	bind_i64(q, 1, id);
	bind_text(q, 2, pwhash);
	int rc = exec_done(s, q, "user password");
	return rc < 0 ? rc : sqlite3_changes(s->db) > 0;
}

static int s_session_insert(struct store *st, const char *token_hash, int64_t user_id,
			    int64_t created_at, int64_t expires_at)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_SESSION_INSERT);
	bind_text(q, 1, token_hash);
	bind_i64(q, 2, user_id);
	bind_i64(q, 3, created_at);
	bind_i64(q, 4, expires_at);
	return exec_done(s, q, "session insert");
}

static int s_session_user(struct store *st, const char *token_hash, int64_t now, struct arena *a,
			  struct wb_user *out, int64_t *expires_at)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_SESSION_USER);
	bind_text(q, 1, token_hash);
	bind_i64(q, 2, now);
	int rc = step_row(s, q, "session user");
	if (rc > 0) {
		read_user(q, a, out);
		*expires_at = col_i64(q, 5);
		sqlite3_reset(q);
	}
	return rc;
}

static int s_session_delete(struct store *st, const char *token_hash)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_SESSION_DELETE);
	bind_text(q, 1, token_hash);
	int rc = exec_done(s, q, "session delete");
	return rc < 0 ? rc : sqlite3_changes(s->db) > 0;
}

static int s_session_purge(struct store *st, int64_t now)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_SESSION_PURGE);
	bind_i64(q, 1, now);
	int rc = exec_done(s, q, "session purge");
	return rc < 0 ? rc : sqlite3_changes(s->db);
}

/* ---- campaigns ---- */

static int s_campaign_insert(struct store *st, const struct wb_campaign *c, int64_t *id)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_CAMPAIGN_INSERT);
	bind_text(q, 1, c->name);
	bind_i64(q, 2, c->year);
	int rc = exec_insert(s, q, "campaign insert", id);
	for (int i = 0; rc > 0 && i < c->nphases; i++) {
		q = stmt(s, ST_PHASE_INSERT);
		bind_i64(q, 1, *id);
		bind_enum(q, 2, &wb_phase_kinds, c->phases[i].kind);
		bind_date(q, 3, c->phases[i].starts_on);
		bind_date(q, 4, c->phases[i].ends_on);
		rc = exec_done(s, q, "phase insert");
	}
	return rc;
}

static int load_phases(struct sqlite_store *s, struct wb_campaign *c)
{
	sqlite3_stmt *q = stmt(s, ST_PHASES_OF);
	bind_i64(q, 1, c->id);
	int rc;
	c->nphases = 0;
	while ((rc = step_row(s, q, "phases")) > 0) {
		if (c->nphases < PHASE__N) {
			struct wb_phase *ph = &c->phases[c->nphases++];
			ph->kind = col_enum(q, 0, &wb_phase_kinds);
			ph->starts_on = col_date(q, 1);
			ph->ends_on = col_date(q, 2);
		}
	}
	return rc < 0 ? rc : 1;
}

static int s_campaign_get(struct store *st, int64_t id, struct arena *a, struct wb_campaign *out)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_CAMPAIGN_GET);
	bind_i64(q, 1, id);
	int rc = step_row(s, q, "campaign get");
	if (rc <= 0)
		return rc;
	out->id = col_i64(q, 0);
	out->name = col_text(q, 1, a);
	out->year = (int)col_i64(q, 2);
	sqlite3_reset(q);
	return load_phases(s, out);
}

static int s_campaign_list(struct store *st, int64_t cursor, int limit, store_campaign_cb cb,
			   void *arg)
{
	struct sqlite_store *s = S(st);
	struct arena a = ARENA_INIT;
	/* Phases need a second statement, so rows are collected before the callbacks. */
	struct wb_campaign *v = arena_alloc(&a, (size_t)(limit > 0 ? limit : 1) * sizeof *v);
	int n = 0, rc;
	sqlite3_stmt *q = stmt(s, ST_CAMPAIGN_LIST);
	bind_i64(q, 1, cursor);
	bind_i64(q, 2, limit);
	rc = 0;
	while (n < limit && (rc = step_row(s, q, "campaign list")) > 0) {
		v[n].id = col_i64(q, 0);
		v[n].name = col_text(q, 1, &a);
		v[n].year = (int)col_i64(q, 2);
		n++;
	}
	sqlite3_reset(q);
	if (rc > 0)
		rc = 0;
	for (int i = 0; i < n && rc >= 0; i++) {
		rc = load_phases(s, &v[i]);
		if (rc >= 0)
			rc = cb(arg, &v[i]);
	}
	arena_release(&a);
	return rc < 0 ? rc : n;
}

static int s_campaign_current(struct store *st, wb_date today, int64_t *id)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_CAMPAIGN_CURRENT);
	bind_date(q, 1, today);
	int rc = step_row(s, q, "campaign current");
	if (rc > 0) {
		*id = col_i64(q, 0);
		sqlite3_reset(q);
	}
	return rc;
}

/* ---- opinions ---- */

static void read_opinion(sqlite3_stmt *q, struct arena *a, const struct wb_actor *who,
			 struct wb_opinion *o)
{
	o->id = col_i64(q, 0);
	o->campaign_id = col_i64(q, 1);
	o->point_id = col_i64(q, 2);
	o->target_unit_id = col_i64(q, 3);
	o->dimension = col_enum(q, 4, &wb_dimensions);
	o->source = col_enum(q, 5, &wb_sources);
	o->channel = col_enum(q, 6, &wb_channels);
	o->content = col_text(q, 7, a);
	o->received_at = col_i64(q, 10);
	o->status = col_enum(q, 11, &wb_opinion_statuses);
	o->problem_id = col_i64(q, 12);
	o->reject_reason = col_text(q, 14, a);
	o->entered_by = col_i64(q, 15);
	/* An opinion giver's identity and receipt never leave the store for other roles. */
	if (who == NULL || wb_perm_allows(who->role, PERM_SUBMITTER_READ)) {
		o->submitter_name = col_text(q, 8, a);
		o->submitter_phone = col_text(q, 9, a);
		o->receipt = col_text(q, 13, a);
	} else {
		o->submitter_name = o->submitter_phone = o->receipt = NULL;
	}
}

static int s_opinion_insert(struct store *st, const struct wb_opinion *o, int64_t *id)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_OPINION_INSERT);
	bind_i64(q, 1, o->campaign_id);
	bind_id(q, 2, o->point_id);
	bind_i64(q, 3, o->target_unit_id);
	bind_enum(q, 4, &wb_dimensions, o->dimension);
	bind_enum(q, 5, &wb_sources, o->source);
	bind_enum(q, 6, &wb_channels, o->channel);
	bind_text(q, 7, o->content);
	bind_text(q, 8, o->submitter_name);
	bind_text(q, 9, o->submitter_phone);
	bind_i64(q, 10, o->received_at);
	bind_enum(q, 11, &wb_opinion_statuses, o->status);
	bind_id(q, 12, o->problem_id);
	bind_text(q, 13, o->receipt);
	bind_text(q, 14, o->reject_reason);
	bind_id(q, 15, o->entered_by);
	return exec_insert(s, q, "opinion insert", id);
}

static int s_opinion_get(struct store *st, const struct wb_actor *who, int64_t id, struct arena *a,
			 struct wb_opinion *out)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_OPINION_GET);
	bind_i64(q, 1, id);
	bind_scope(q, who);
	int rc = step_row(s, q, "opinion get");
	if (rc > 0) {
		read_opinion(q, a, who, out);
		sqlite3_reset(q);
	}
	return rc;
}

static int s_opinion_by_receipt(struct store *st, const char *receipt, struct arena *a,
				struct wb_opinion *out)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_OPINION_RECEIPT);
	bind_text(q, 1, receipt);
	int rc = step_row(s, q, "opinion by receipt");
	if (rc > 0) {
		read_opinion(q, a, NULL, out);
		sqlite3_reset(q);
	}
	return rc;
}

static int s_opinion_list(struct store *st, const struct wb_actor *who,
			  const struct store_opinion_filter *f, store_opinion_cb cb, void *arg)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_OPINION_LIST);
	bind_id(q, 1, f->campaign_id);
	bind_id(q, 2, f->point_id);
	bind_id(q, 3, f->target_unit_id);
	bind_id(q, 4, f->problem_id);
	bind_enum(q, 5, &wb_opinion_statuses, f->status);
	bind_enum(q, 6, &wb_dimensions, f->dimension);
	bind_enum(q, 7, &wb_sources, f->source);
	bind_enum(q, 8, &wb_channels, f->channel);
	bind_id(q, 9, f->cursor);
	bind_i64(q, 10, f->limit);
	bind_scope(q, who);
	return each_row(s, q, "opinion list", emit_opinion,
			&(struct emit){.cb.opinion = cb, .arg = arg, .who = who});
}

static int s_opinion_set_status(struct store *st, int64_t id, enum wb_opinion_status status,
				int64_t problem_id, const char *reason)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_OPINION_STATUS);
	bind_i64(q, 1, id);
	bind_enum(q, 2, &wb_opinion_statuses, status);
	bind_id(q, 3, problem_id);
	bind_text(q, 4, reason);
	int rc = exec_done(s, q, "opinion status");
	return rc < 0 ? rc : sqlite3_changes(s->db) > 0;
}

/* ---- problems ---- */

static void read_problem(sqlite3_stmt *q, struct arena *a, struct wb_problem *p)
{
	p->id = col_i64(q, 0);
	p->campaign_id = col_i64(q, 1);
	p->target_unit_id = col_i64(q, 2);
	p->unit_id = col_i64(q, 3);
	p->dimension = col_enum(q, 4, &wb_dimensions);
	p->title = col_text(q, 5, a);
	p->summary = col_text(q, 6, a);
	p->category = col_text(q, 7, a);
	p->severity = col_enum(q, 8, &wb_severities);
	p->opinion_count = (int)col_i64(q, 9);
	p->status = col_enum(q, 10, &wb_pstatuses);
	p->due_on = col_date(q, 11);
	p->flagged = (int)col_i64(q, 12);
	p->flag_due_on = col_date(q, 13);
	p->delisted = (int)col_i64(q, 14);
	p->return_reason = col_text(q, 15, a);
	p->reply = col_text(q, 16, a);
	p->plan = col_text(q, 17, a);
	p->measures = col_text(q, 18, a);
	p->evidence = col_text(q, 19, a);
	p->percent = (int)col_i64(q, 20);
	p->ext_pending = (int)col_i64(q, 21);
	p->ext_due_on = col_date(q, 22);
	p->ext_reason = col_text(q, 23, a);
	p->reopen_count = (int)col_i64(q, 24);
	p->round = (int)col_i64(q, 25);
	p->created_by = col_i64(q, 26);
	p->created_at = col_i64(q, 27);
	p->updated_at = col_i64(q, 28);
	p->dispatched_at = col_i64(q, 29);
	p->acknowledged_at = col_i64(q, 30);
	p->answered_at = col_i64(q, 31);
	p->rectified_at = col_i64(q, 32);
	p->verified_at = col_i64(q, 33);
	p->closed_at = col_i64(q, 34);
	p->ack_due_on = col_date(q, 35);
	p->reminded_due = col_date(q, 36);
	p->escalated_due = col_date(q, 37);
	p->answered_due = col_date(q, 38);
	p->rectified_due = col_date(q, 39);
}

static int s_problem_insert(struct store *st, const struct wb_problem *p, int64_t *id)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_PROBLEM_INSERT);
	bind_i64(q, 1, p->campaign_id);
	bind_i64(q, 2, p->target_unit_id);
	bind_enum(q, 3, &wb_dimensions, p->dimension);
	bind_text(q, 4, p->title);
	bind_text(q, 5, p->summary);
	bind_text(q, 6, p->category);
	bind_enum(q, 7, &wb_severities, p->severity);
	bind_i64(q, 8, p->opinion_count);
	bind_enum(q, 9, &wb_pstatuses, p->status);
	bind_i64(q, 10, p->created_by);
	bind_i64(q, 11, p->created_at);
	return exec_insert(s, q, "problem insert", id);
}

static int s_problem_get(struct store *st, const struct wb_actor *who, int64_t id, struct arena *a,
			 struct wb_problem *out)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_PROBLEM_GET);
	bind_i64(q, 1, id);
	bind_scope(q, who);
	int rc = step_row(s, q, "problem get");
	if (rc > 0) {
		read_problem(q, a, out);
		sqlite3_reset(q);
	}
	return rc;
}

static int s_problem_update(struct store *st, const struct wb_problem *p)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_PROBLEM_UPDATE);
	bind_i64(q, 1, p->id);
	bind_id(q, 2, p->unit_id);
	bind_text(q, 3, p->title);
	bind_text(q, 4, p->summary);
	bind_text(q, 5, p->category);
	bind_enum(q, 6, &wb_severities, p->severity);
	bind_i64(q, 7, p->opinion_count);
	bind_enum(q, 8, &wb_pstatuses, p->status);
	bind_date(q, 9, p->due_on);
	bind_i64(q, 10, p->flagged);
	bind_date(q, 11, p->flag_due_on);
	bind_i64(q, 12, p->delisted);
	bind_text(q, 13, p->return_reason);
	bind_text(q, 14, p->reply);
	bind_text(q, 15, p->plan);
	bind_text(q, 16, p->measures);
	bind_text(q, 17, p->evidence);
	bind_i64(q, 18, p->percent);
	bind_i64(q, 19, p->ext_pending);
	bind_date(q, 20, p->ext_due_on);
	bind_text(q, 21, p->ext_reason);
	bind_i64(q, 22, p->reopen_count);
	bind_i64(q, 23, p->round);
	bind_i64(q, 24, p->updated_at);
	bind_time(q, 25, p->dispatched_at);
	bind_time(q, 26, p->acknowledged_at);
	bind_time(q, 27, p->answered_at);
	bind_time(q, 28, p->rectified_at);
	bind_time(q, 29, p->verified_at);
	bind_time(q, 30, p->closed_at);
	bind_date(q, 31, p->ack_due_on);
	bind_date(q, 32, p->reminded_due);
	bind_date(q, 33, p->escalated_due);
	bind_date(q, 34, p->answered_due);
	bind_date(q, 35, p->rectified_due);
	int rc = exec_done(s, q, "problem update");
	return rc < 0 ? rc : sqlite3_changes(s->db) > 0;
}

static int s_problem_list(struct store *st, const struct wb_actor *who,
			  const struct store_problem_filter *f, store_problem_cb cb, void *arg)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_PROBLEM_LIST);
	bind_id(q, 1, f->campaign_id);
	bind_id(q, 2, f->target_unit_id);
	bind_id(q, 3, f->unit_id);
	bind_enum(q, 4, &wb_pstatuses, f->status);
	bind_enum(q, 5, &wb_dimensions, f->dimension);
	bind_enum(q, 6, &wb_severities, f->severity);
	if (f->flagged >= 0)
		bind_i64(q, 7, f->flagged);
	if (f->overdue >= 0)
		bind_i64(q, 8, f->overdue);
	bind_date(q, 9, f->today);
	bind_id(q, 10, f->cursor);
	bind_i64(q, 11, f->limit);
	if (f->ext_pending >= 0)
		bind_i64(q, 12, f->ext_pending);
	bind_date(q, 13, f->due_until);
	bind_scope(q, who);
	return each_row(s, q, "problem list", emit_problem,
			&(struct emit){.cb.problem = cb, .arg = arg, .who = NULL});
}

static int s_problem_opinion_ids(struct store *st, int64_t id, struct arena *a, int64_t **ids,
				 int *n)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_PROBLEM_OPINIONS);
	bind_i64(q, 1, id);
	int rc, cap = 16;
	int64_t *v = arena_alloc(a, (size_t)cap * sizeof *v);
	*n = 0;
	while ((rc = step_row(s, q, "problem opinions")) > 0) {
		if (*n == cap) {
			int64_t *w = arena_alloc(a, (size_t)cap * 2 * sizeof *w);
			memcpy(w, v, (size_t)cap * sizeof *v);
			v = w;
			cap *= 2;
		}
		v[(*n)++] = col_i64(q, 0);
	}
	*ids = v;
	return rc < 0 ? rc : 1;
}

/* ---- form 4 history, form 5 ratings, bulletins ---- */

static int s_progress_insert(struct store *st, const struct wb_progress *p, int64_t *id)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_PROGRESS_INSERT);
	bind_i64(q, 1, p->problem_id);
	bind_text(q, 2, p->measures);
	bind_i64(q, 3, p->percent);
	bind_text(q, 4, p->evidence);
	bind_i64(q, 5, p->done);
	bind_i64(q, 6, p->by_user_id);
	bind_i64(q, 7, p->created_at);
	return exec_insert(s, q, "progress insert", id);
}

static int s_progress_list(struct store *st, int64_t problem_id, store_progress_cb cb, void *arg)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_PROGRESS_LIST);
	bind_i64(q, 1, problem_id);
	return each_row(s, q, "progress list", emit_progress,
			&(struct emit){.cb.progress = cb, .arg = arg, .who = NULL});
}

static int s_evaluation_insert(struct store *st, const struct wb_evaluation *e, int64_t *id)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_EVAL_INSERT);
	bind_i64(q, 1, e->problem_id);
	bind_i64(q, 2, e->round);
	bind_enum(q, 3, &wb_ratings, e->rating);
	bind_text(q, 4, e->note ? e->note : "");
	bind_id(q, 5, e->by_user_id);
	bind_id(q, 6, e->opinion_id);
	bind_i64(q, 7, e->created_at);
	return exec_insert(s, q, "evaluation insert", id);
}

static int s_evaluation_list(struct store *st, int64_t problem_id, store_evaluation_cb cb, void *arg)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_EVAL_LIST);
	bind_i64(q, 1, problem_id);
	return each_row(s, q, "evaluation list", emit_evaluation,
			&(struct emit){.cb.evaluation = cb, .arg = arg, .who = NULL});
}

static int s_evaluation_counts(struct store *st, int64_t problem_id, int round, int *valid,
			       int *unsatisfied)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_EVAL_COUNTS);
	bind_i64(q, 1, problem_id);
	bind_i64(q, 2, round);
	int rc = step_row(s, q, "evaluation counts");
	if (rc > 0) {
		*valid = (int)col_i64(q, 0);
		*unsatisfied = (int)col_i64(q, 1);
		sqlite3_reset(q);
	}
	return rc;
}

static int s_evaluation_by_opinion(struct store *st, int64_t problem_id, int round,
				   int64_t opinion_id)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_EVAL_BY_OPINION);
	bind_i64(q, 1, problem_id);
	bind_i64(q, 2, round);
	bind_i64(q, 3, opinion_id);
	int rc = step_row(s, q, "evaluation by opinion");
	sqlite3_reset(q);
	return rc;
}

static int s_bulletin_insert(struct store *st, int64_t problem_id, const char *text,
			     int64_t published_at, int64_t by_user_id, int64_t *id)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_BULLETIN_INSERT);
	bind_i64(q, 1, problem_id);
	bind_text(q, 2, text);
	bind_i64(q, 3, published_at);
	bind_i64(q, 4, by_user_id);
	return exec_insert(s, q, "bulletin insert", id);
}

static int s_bulletin_list(struct store *st, int64_t cursor, int limit, store_bulletin_cb cb,
			   void *arg)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_BULLETIN_LIST);
	bind_id(q, 1, cursor);
	bind_i64(q, 2, limit);
	return each_row(s, q, "bulletin list", emit_bulletin,
			&(struct emit){.cb.bulletin = cb, .arg = arg, .who = NULL});
}

/* ---- the audit log ---- */

static void read_event(sqlite3_stmt *q, struct wb_event *e)
{
	e->id = col_i64(q, 0);
	e->at = col_i64(q, 1);
	e->actor_user_id = col_i64(q, 2);
	e->actor_unit_id = col_i64(q, 3);
	e->kind = col_text(q, 4, NULL);
	e->subject_type = col_text(q, 5, NULL);
	e->subject_id = col_i64(q, 6);
	e->from_status = col_text(q, 7, NULL);
	e->to_status = col_text(q, 8, NULL);
	e->data = col_text(q, 9, NULL);
	const char *ph = col_text(q, 10, NULL), *h = col_text(q, 11, NULL);
	snprintf(e->prev_hash, sizeof e->prev_hash, "%s", ph ? ph : "");
	snprintf(e->hash, sizeof e->hash, "%s", h ? h : "");
}

static int s_event_append(struct store *st, struct wb_event *ev)
{
	struct sqlite_store *s = S(st);
	if (!s->holds_write_lock)
		return WB_ERR_INTERNAL; /* the chain needs the write lock to stay linear */
	sqlite3_stmt *q = stmt(s, ST_EVENT_LAST);
	int rc = step_row(s, q, "event last");
	if (rc < 0)
		return rc;
	if (rc > 0) {
		ev->id = col_i64(q, 0) + 1;
		const char *h = col_text(q, 1, NULL);
		snprintf(ev->prev_hash, sizeof ev->prev_hash, "%s", h ? h : "");
		sqlite3_reset(q);
	} else {
		ev->id = 1;
		memcpy(ev->prev_hash, wb_audit_genesis, sizeof ev->prev_hash);
	}
	if (wb_audit_seal(ev) < 0)
		return WB_ERR_INTERNAL;
	q = stmt(s, ST_EVENT_INSERT);
	bind_i64(q, 1, ev->id);
	bind_i64(q, 2, ev->at);
	bind_i64(q, 3, ev->actor_user_id);
	bind_i64(q, 4, ev->actor_unit_id);
	bind_text(q, 5, ev->kind);
	bind_text(q, 6, ev->subject_type);
	bind_i64(q, 7, ev->subject_id);
	bind_text(q, 8, ev->from_status);
	bind_text(q, 9, ev->to_status);
	bind_text(q, 10, ev->data);
	bind_text(q, 11, ev->prev_hash);
	bind_text(q, 12, ev->hash);
	return exec_done(s, q, "event insert");
}

static int each_event(struct sqlite_store *s, sqlite3_stmt *q, store_event_cb cb, void *arg)
{
	return each_row(s, q, "event list", emit_event,
			&(struct emit){.cb.event = cb, .arg = arg, .who = NULL});
}

static int s_event_list(struct store *st, const char *subject_type, int64_t subject_id,
			store_event_cb cb, void *arg)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_EVENT_LIST);
	bind_text(q, 1, subject_type);
	bind_i64(q, 2, subject_id);
	return each_event(s, q, cb, arg);
}

static int s_event_iter(struct store *st, store_event_cb cb, void *arg)
{
	struct sqlite_store *s = S(st);
	return each_event(s, stmt(s, ST_EVENT_ITER), cb, arg);
}


static int s_problem_late(struct store *st, wb_date today, store_problem_cb cb, void *arg)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_PROBLEM_LATE);
	bind_date(q, 1, today);
	return each_row(s, q, "problem late", emit_problem,
			&(struct emit){.cb.problem = cb, .arg = arg});
}

/* ---- the five forms ---- */

enum { FORM_OPINION_COLS = 16, FORM_PROBLEM_COLS = 40 };

static int emit_form_opinion(sqlite3_stmt *q, const struct emit *em)
{
	struct store_form_opinion r;
	read_opinion(q, NULL, em->who, &r.o);
	r.point_name = col_text(q, FORM_OPINION_COLS, NULL);
	r.target_name = col_text(q, FORM_OPINION_COLS + 1, NULL);
	return em->cb.form_opinion(em->arg, &r);
}

static int emit_form_problem(sqlite3_stmt *q, const struct emit *em)
{
	struct store_form_problem r;
	read_problem(q, NULL, &r.p);
	r.target_name = col_text(q, FORM_PROBLEM_COLS, NULL);
	r.unit_name = col_text(q, FORM_PROBLEM_COLS + 1, NULL);
	for (int i = 0; i < RATING__N; i++)
		r.ratings[i] = col_i64(q, FORM_PROBLEM_COLS + 2 + i);
	r.reports = col_i64(q, FORM_PROBLEM_COLS + 2 + RATING__N);
	return em->cb.form_problem(em->arg, &r);
}

static void bind_form(sqlite3_stmt *q, const struct store_form_filter *f,
		      const struct wb_enum *statuses, const struct wb_actor *who)
{
	bind_id(q, 1, f->campaign_id);
	bind_id(q, 2, f->unit_id);
	bind_id(q, 3, f->station_id);
	bind_id(q, 4, f->point_id);
	bind_enum(q, 5, statuses, f->status);
	bind_i64(q, 6, f->from);
	bind_i64(q, 7, f->to);
	bind_i64(q, 8, f->by_unit != 0);
	bind_scope(q, who);
}

static int s_form_opinions(struct store *st, const struct wb_actor *who,
			   const struct store_form_filter *f, store_form_opinion_cb cb, void *arg)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_FORM_OPINIONS);
	bind_form(q, f, &wb_opinion_statuses, who);
	return each_row(s, q, "form opinions", emit_form_opinion,
			&(struct emit){.cb.form_opinion = cb, .arg = arg, .who = who});
}

static int s_form_problems(struct store *st, const struct wb_actor *who,
			   const struct store_form_filter *f, store_form_problem_cb cb, void *arg)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_FORM_PROBLEMS);
	bind_form(q, f, &wb_pstatuses, who);
	return each_row(s, q, "form problems", emit_form_problem,
			&(struct emit){.cb.form_problem = cb, .arg = arg, .who = who});
}

/* ---- home page counts ---- */

static int s_summary(struct store *st, const struct wb_actor *who, int64_t campaign_id,
		     wb_date today, wb_date soon, struct store_summary *out)
{
	struct sqlite_store *s = S(st);
	int rc = 1;
	memset(out, 0, sizeof *out);
	if (who == NULL || wb_perm_allows(who->role, PERM_OPINION_READ)) {
		sqlite3_stmt *q = stmt(s, ST_SUMMARY_OPINIONS);
		bind_id(q, 1, campaign_id);
		bind_scope(q, who);
		while ((rc = step_row(s, q, "summary opinions")) > 0) {
			int v = wb_enum_parse(&wb_opinion_statuses,
					      (const char *)sqlite3_column_text(q, 0));
			if (v >= 0)
				out->opinions[v] = col_i64(q, 1);
		}
		if (rc < 0)
			return rc;
	}
	sqlite3_stmt *q = stmt(s, ST_SUMMARY_PROBLEMS);
	bind_id(q, 1, campaign_id);
	bind_date(q, 2, today);
	bind_date(q, 3, soon);
	bind_scope(q, who);
	while ((rc = step_row(s, q, "summary problems")) > 0) {
		int v = wb_enum_parse(&wb_pstatuses, (const char *)sqlite3_column_text(q, 0));
		if (v < 0)
			continue;
		out->problems[v] = col_i64(q, 1);
		out->problem_opinions += col_i64(q, 2);
		out->flagged += col_i64(q, 4);
		out->ext_pending += col_i64(q, 5);
		out->awaiting_evaluation += col_i64(q, 7);
		/* Deadlines count while a problem is being worked on (as overdue does). */
		if (wb_pstatus_counts_overdue(v)) {
			out->overdue += col_i64(q, 3);
			out->due_soon += col_i64(q, 6);
			out->reminded += col_i64(q, 8);
			out->escalated += col_i64(q, 9);
		}
	}
	if (rc < 0)
		return rc;
	q = stmt(s, ST_SUMMARY_EVALUATIONS);
	bind_id(q, 1, campaign_id);
	bind_scope(q, who);
	rc = step_row(s, q, "summary evaluations");
	if (rc > 0) {
		out->evaluations = col_i64(q, 0);
		sqlite3_reset(q);
	}
	return rc < 0 ? rc : 1;
}

/* ---- accountability ---- */

static int emit_accountability(sqlite3_stmt *q, const struct emit *em)
{
	struct wb_accountability a = {
		.id = col_i64(q, 0),
		.problem_id = col_i64(q, 1),
		.unit_id = col_i64(q, 2),
		.person = col_text(q, 3, NULL),
		.kind = col_enum(q, 4, &wb_measures),
		.note = col_text(q, 5, NULL),
		.decided_on = col_date(q, 6),
		.created_at = col_i64(q, 7),
		.created_by = col_i64(q, 8),
	};
	return em->cb.accountability(em->arg, &a);
}

static int s_accountability_insert(struct store *st, const struct wb_accountability *a, int64_t *id)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_ACC_INSERT);
	bind_i64(q, 1, a->problem_id);
	bind_i64(q, 2, a->unit_id);
	bind_text(q, 3, a->person);
	bind_enum(q, 4, &wb_measures, a->kind);
	bind_text(q, 5, a->note ? a->note : "");
	bind_date(q, 6, a->decided_on);
	bind_i64(q, 7, a->created_at);
	bind_i64(q, 8, a->created_by);
	return exec_insert(s, q, "accountability insert", id);
}

static int s_accountability_list(struct store *st, int64_t problem_id, int64_t unit_id,
				 store_accountability_cb cb, void *arg)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_ACC_LIST);
	bind_id(q, 1, problem_id);
	bind_id(q, 2, unit_id);
	return each_row(s, q, "accountability list", emit_accountability,
			&(struct emit){.cb.accountability = cb, .arg = arg});
}

/* ---- figures ---- */

static int s_scheme_insert(struct store *st, const struct store_scheme *sc, int64_t *id)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_SCHEME_INSERT);
	bind_date(q, 1, sc->valid_from);
	bind_text(q, 2, sc->weights);
	bind_text(q, 3, sc->scale);
	bind_text(q, 4, sc->grades);
	bind_i64(q, 5, sc->min_count);
	bind_i64(q, 6, sc->created_at);
	bind_i64(q, 7, sc->created_by);
	return exec_insert(s, q, "scheme insert", id);
}

static int s_scheme_for(struct store *st, wb_date day, struct arena *a, struct store_scheme *out)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, ST_SCHEME_FOR);
	bind_date(q, 1, day);
	int rc = step_row(s, q, "scheme for");
	if (rc <= 0)
		return rc;
	out->id = col_i64(q, 0);
	out->valid_from = col_date(q, 1);
	out->weights = col_text(q, 2, a);
	out->scale = col_text(q, 3, a);
	out->grades = col_text(q, 4, a);
	out->min_count = (int)col_i64(q, 5);
	out->created_at = col_i64(q, 6);
	out->created_by = col_i64(q, 7);
	sqlite3_reset(q);
	return 1;
}

/* ---- figures: the scans for tally.c ---- */

struct tally_ctx {
	struct sqlite_store *s;
	sqlite3_stmt *q;
};

static int tally_start(void *ctx, int which, const struct store_period *p)
{
	struct tally_ctx *c = ctx;
	sqlite3_stmt *q = c->s->tally[which];
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (which == TQ_OPINIONS || which == TQ_PROBLEMS)
		bind_id(q, 1, p->campaign_id);
	if (which == TQ_EVENTS || which == TQ_RATINGS) {
		bind_i64(q, 2, p->from);
		bind_i64(q, 3, p->to);
	}
	c->q = q;
	return 0;
}

static int tally_next(void *ctx)
{
	struct tally_ctx *c = ctx;
	return step_row(c->s, c->q, "figures");
}

static int64_t tally_i64(void *ctx, int col)
{
	return col_i64(((struct tally_ctx *)ctx)->q, col);
}

static const char *tally_text(void *ctx, int col)
{
	return (const char *)sqlite3_column_text(((struct tally_ctx *)ctx)->q, col);
}

static int s_tally(struct store *st, enum store_level level, const struct store_period *p,
		   store_tally_cb cb, void *arg)
{
	struct tally_ctx c = {S(st), NULL};
	struct tally_src src = {&c, tally_start, tally_next, tally_i64, tally_text};
	int rc = store_tally_run(&src, level, p, cb, arg);
	if (c.q)
		sqlite3_reset(c.q);
	return rc;
}

/* ---- copying between engines ---- */

/* Prepare the dump or load statement of a table once, from store_tables. */
static sqlite3_stmt *copy_stmt(struct sqlite_store *s, int table, int load)
{
	sqlite3_stmt **q = load ? &s->load_st[table] : &s->dump_st[table];
	if (*q == NULL) {
		const struct store_table *t = &store_tables[table];
		char sql[1024];
		int n;
		if (load) {
			n = snprintf(sql, sizeof sql, "INSERT INTO %s (%s) VALUES (", t->name, t->cols);
			for (int i = 1; i <= t->ncols && n > 0 && (size_t)n < sizeof sql; i++)
				n += snprintf(sql + n, sizeof sql - (size_t)n, "%s?%d", i > 1 ? ", " : "", i);
			if (n > 0 && (size_t)n < sizeof sql)
				n += snprintf(sql + n, sizeof sql - (size_t)n, ")");
		} else {
			n = snprintf(sql, sizeof sql, "SELECT %s FROM %s ORDER BY %s", t->cols, t->name,
				     t->key);
		}
		if (n < 0 || (size_t)n >= sizeof sql ||
		    sqlite3_prepare_v2(s->db, sql, -1, q, NULL) != SQLITE_OK) {
			wb_log(WB_LOG_ERR, "sqlite: cannot prepare the copy of %s: %s", t->name,
			       sqlite3_errmsg(s->db));
			return NULL;
		}
	}
	sqlite3_reset(*q);
	sqlite3_clear_bindings(*q);
	return *q;
}

static int s_dump(struct store *st, int table, store_row_cb cb, void *arg)
{
	struct sqlite_store *s = S(st);
	if (table < 0 || table >= STORE_NTABLES)
		return WB_ERR_INTERNAL;
	sqlite3_stmt *q = copy_stmt(s, table, 0);
	if (q == NULL)
		return WB_ERR_DB;
	int ncols = store_tables[table].ncols, rc, n = 0;
	const char *vals[64];
	while ((rc = step_row(s, q, "dump")) > 0) {
		for (int i = 0; i < ncols; i++)
			vals[i] = (const char *)sqlite3_column_text(q, i);
		int crc = cb(arg, ncols, vals);
		if (crc < 0) {
			sqlite3_reset(q);
			return crc;
		}
		n++;
	}
	return rc < 0 ? rc : n;
}

static int s_load_begin(struct store *st)
{
	return exec_sql(S(st)->db, "PRAGMA defer_foreign_keys = ON");
}

static int s_load(struct store *st, int table, const char *const *vals)
{
	struct sqlite_store *s = S(st);
	if (table < 0 || table >= STORE_NTABLES || !s->holds_write_lock)
		return WB_ERR_INTERNAL;
	sqlite3_stmt *q = copy_stmt(s, table, 1);
	if (q == NULL)
		return WB_ERR_DB;
	for (int i = 0; i < store_tables[table].ncols; i++)
		bind_text(q, i + 1, vals[i]);
	return exec_done(s, q, "load");
}

static int s_load_done(struct store *st)
{
	(void)st; /* an INTEGER PRIMARY KEY goes on from the largest id by itself */
	return 0;
}

/* ---- online backup ---- */

/* "ok", or the first problem PRAGMA integrity_check finds in @p db. */
static int backup_check(sqlite3 *db, const char *path)
{
	sqlite3_stmt *q = NULL;
	int rc = WB_ERR_DB;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW) {
		const char *res = (const char *)sqlite3_column_text(q, 0);
		if (res && strcmp(res, "ok") == 0)
			rc = 0;
		else
			wb_log(WB_LOG_ERR, "the copy %s fails its integrity check: %s", path,
			       res ? res : "(no answer)");
	} else {
		wb_log(WB_LOG_ERR, "cannot check the copy %s: %s", path, sqlite3_errmsg(db));
	}
	sqlite3_finalize(q);
	return rc;
}

/*
 * used in backup_to(): SQLite's online backup copies every page in one step from one read
 * snapshot (in WAL mode writers go on meanwhile, so the copy never restarts) into the
 * destination in one write transaction; the destination's own journal makes that atomic,
 * and it replays a stale WAL of an old file at @p path before overwriting it.
 */
static int s_backup_to(struct store *st, const char *uri)
{
	struct sqlite_store *s = S(st);
	const char *path = strncmp(uri, "sqlite:", 7) == 0 ? uri + 7 : uri;
	sqlite3 *dst = NULL;
	int rc = WB_ERR_DB;
	int is_new = access(path, F_OK) != 0;
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		wb_log(WB_LOG_ERR, "cannot open %s: %s", path,
		       dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	/* The copy holds opinion givers' names and phones, as the database does. */
	if (is_new && chmod(path, 0600) != 0) {
		wb_log(WB_LOG_ERR, "cannot restrict the mode of %s", path);
		goto out;
	}
	sqlite3_busy_timeout(dst, 10000);
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", s->db, "main");
	if (b == NULL) {
		wb_log(WB_LOG_ERR, "cannot start a backup to %s: %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	int step;
	for (int tries = 0;; tries++) {
		step = sqlite3_backup_step(b, -1);
		if ((step != SQLITE_BUSY && step != SQLITE_LOCKED) || tries == 200)
			break;
		sqlite3_sleep(50);
	}
	int fin = sqlite3_backup_finish(b);
	if (step != SQLITE_DONE || fin != SQLITE_OK) {
		wb_log(WB_LOG_ERR, "the backup to %s failed: %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	rc = backup_check(dst, path);
out:
	sqlite3_close(dst);
	return rc;
}

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.open = s_open,
	.close = s_close,
	.begin = s_begin,
	.commit = s_commit,
	.rollback = s_rollback,
	.in_tx = s_in_tx,
	.savepoint = s_savepoint,
	.schema_version = s_schema_version,
	.ping = s_ping,
	.settings_load = s_settings_load,
	.setting_put = s_setting_put,
	.calendar_put = s_calendar_put,
	.calendar_load = s_calendar_load,
	.unit_insert = s_unit_insert,
	.unit_update = s_unit_update,
	.unit_get = s_unit_get,
	.unit_list = s_unit_list,
	.unit_code_taken = s_unit_code_taken,
	.user_insert = s_user_insert,
	.user_get = s_user_get,
	.user_by_name = s_user_by_name,
	.user_list = s_user_list,
	.user_set_password = s_user_set_password,
	.session_insert = s_session_insert,
	.session_user = s_session_user,
	.session_delete = s_session_delete,
	.session_purge = s_session_purge,
	.campaign_insert = s_campaign_insert,
	.campaign_get = s_campaign_get,
	.campaign_list = s_campaign_list,
	.campaign_current = s_campaign_current,
	.opinion_insert = s_opinion_insert,
	.opinion_get = s_opinion_get,
	.opinion_by_receipt = s_opinion_by_receipt,
	.opinion_list = s_opinion_list,
	.opinion_set_status = s_opinion_set_status,
	.problem_insert = s_problem_insert,
	.problem_get = s_problem_get,
	.problem_update = s_problem_update,
	.problem_list = s_problem_list,
	.problem_opinion_ids = s_problem_opinion_ids,
	.problem_late = s_problem_late,
	.progress_insert = s_progress_insert,
	.progress_list = s_progress_list,
	.evaluation_insert = s_evaluation_insert,
	.evaluation_list = s_evaluation_list,
	.evaluation_counts = s_evaluation_counts,
	.evaluation_by_opinion = s_evaluation_by_opinion,
	.bulletin_insert = s_bulletin_insert,
	.bulletin_list = s_bulletin_list,
	.tally = s_tally,
	.summary = s_summary,
	.form_opinions = s_form_opinions,
	.form_problems = s_form_problems,
	.accountability_insert = s_accountability_insert,
	.accountability_list = s_accountability_list,
	.scheme_insert = s_scheme_insert,
	.scheme_for = s_scheme_for,
	.event_append = s_event_append,
	.event_list = s_event_list,
	.event_iter = s_event_iter,
	.dump = s_dump,
	.load_begin = s_load_begin,
	.load = s_load,
	.load_done = s_load_done,
	.backup_to = s_backup_to,
};
