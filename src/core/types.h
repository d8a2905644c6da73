/*
 * The domain's types: the three levels, the responsible units, the five forms and
 * their stages. Plain structs and enums only; no library types and no I/O.
 *
 * Strings in these structs are borrowed: whoever fills a struct says where the bytes
 * live (an arena, a database row valid during a callback, a request body).
 */
#ifndef WB_TYPES_H
#define WB_TYPES_H

#include <stdint.h>

/** A calendar date as a day number (days since 1970-01-01). */
typedef int32_t wb_date;
#define WB_NO_DATE INT32_MIN

enum wb_role { ROLE_ADMIN, ROLE_STATION, ROLE_POINT, ROLE_UNIT, ROLE_LEADER, ROLE_STATS, ROLE__N };
enum wb_unit_kind { UK_OFFICE, UK_STATION, UK_POINT, UK_DEPARTMENT, UK_STREET, UK__N };
enum wb_dimension { DIM_CONDUCT, DIM_EFFICIENCY, DIM__N };
enum wb_source {
	SRC_PUBLIC,
	SRC_PARTY_DELEGATE,
	SRC_NPC_DEPUTY,
	SRC_CPPCC_MEMBER,
	SRC_DEMOCRATIC_PARTY,
	SRC_RETIRED_CADRE,
	SRC_ENTERPRISE,
	SRC_SUPERVISOR,
	SRC_OTHER,
	SRC__N
};
enum wb_channel { CH_FORUM, CH_INTERVIEW, CH_QUESTIONNAIRE, CH_FORM, CH_ONLINE, CH_HOTLINE, CH__N };
enum wb_opinion_status { OS_RECEIVED, OS_MERGED, OS_REJECTED, OS__N };
enum wb_pstatus {
	PS_OPEN,
	PS_DISPATCHED,
	PS_ACKNOWLEDGED,
	PS_ANSWERED,
	PS_RECTIFYING,
	PS_RECTIFIED,
	PS_VERIFIED,
	PS_CLOSED,
	PS_RETURNED,
	PS__N
};
enum wb_severity { SEV_NORMAL, SEV_IMPORTANT, SEV_URGENT, SEV__N };
enum wb_rating { RATING_SATISFIED, RATING_BASIC, RATING_UNSATISFIED, RATING_UNAWARE, RATING__N };
enum wb_phase_kind { PHASE_SURVEY, PHASE_RECTIFY, PHASE_EVALUATE, PHASE__N };
/** Accountability measures (问责), from the mildest. */
enum wb_measure {
	MEASURE_WRITTEN_REVIEW,   /**< 书面检查 */
	MEASURE_CRITICISM,        /**< 批评教育 */
	MEASURE_ADMONITION,       /**< 诫勉谈话 */
	MEASURE_PUBLIC_CRITICISM, /**< 通报批评 */
	MEASURE_ORGANIZATIONAL,   /**< 组织处理 */
	MEASURE__N
};

/** A survey's round: the baseline (普查) or the end-point measurement (终端测评). */
enum wb_survey_round { ROUND_BASELINE, ROUND_ENDPOINT, ROUND__N };
/**
 * A survey's life (docs/survey.md): a draft takes its questionnaire, design and frame; at
 * commit the seed's hash is recorded; closing fixes the frame and each unit's design; the
 * draw reveals the seed and starts fieldwork; finished, its estimates are final; published,
 * they are frozen and shown to the units.
 */
enum wb_survey_state {
	SV_DRAFT,
	SV_COMMITTED,
	SV_CLOSED,
	SV_FIELDWORK,
	SV_FINISHED,
	SV_PUBLISHED,
	SV__N
};
/** The final outcome of a drawn person (AAPOR): an interview, or why none. */
enum wb_call_outcome { OUT_COMPLETED, OUT_REFUSED, OUT_UNREACHABLE, OUT_INELIGIBLE, OUT__N };
/** How an interview was done: by phone (CATI) or by the person with a one-time code. */
enum wb_survey_mode { MODE_CATI, MODE_SELF, MODE__N };

/** The duties with a deadline (docs/figures.md), in the order the pipeline meets them. */
enum wb_duty_kind {
	DUTY_ENTRY,    /**< a point enters an opinion it received (录入) */
	DUTY_MERGE,    /**< the station summarizes or rejects an entered opinion (汇总) */
	DUTY_DISPATCH, /**< the station dispatches a summarized problem (转办) */
	DUTY_ACK,      /**< the unit acknowledges a dispatch (签收) */
	DUTY_FEEDBACK, /**< the unit answers it (反馈) */
	DUTY_VERIFY,   /**< the station verifies a declared rectification (验收) */
	DUTY__N
};

/** The stage actions on a problem, one per POST in the stage table. */
enum wb_action {
	ACT_DISPATCH,
	ACT_ACKNOWLEDGE,
	ACT_RETURN,
	ACT_FEEDBACK,
	ACT_PROGRESS,
	ACT_EXTENSION,
	ACT_EXTENSION_DECISION,
	ACT_VERIFY,
	ACT_EVALUATE,
	ACT_CLOSE,
	ACT_REOPEN,
	ACT_FLAG,
	ACT__N
};

/** Who is asking: a logged-in user, or the public (role ROLE__N, user_id 0). */
struct wb_actor {
	int64_t user_id;   /**< 0 for the public */
	enum wb_role role; /**< ROLE__N for the public */
	int64_t unit_id;   /**< the user's unit; 0 when none */
};

struct wb_unit {
	int64_t id;
	const char *name;
	enum wb_unit_kind kind;
	int64_t parent_id;  /**< 0: none */
	int64_t station_id; /**< for departments and streets: the station that follows them; 0: none
			     */
	const char *code;   /**< NULL: none */
	int64_t created_at; /**< unix seconds */
};

struct wb_user {
	int64_t id;
	const char *username;
	const char *display_name;
	enum wb_role role;
	int64_t unit_id; /**< 0: none */
	int64_t created_at;
	int64_t person_id; /**< the person of the unit's register who uses it; 0: none */
};

/** A person of a unit's register (人员). */
struct wb_person {
	int64_t id, unit_id;
	const char *name;
	const char *post; /**< 职务 ("" unknown) */
	const char *rank; /**< 职级 ("" unknown) */
	int party_member; /**< 中共党员 */
	int active;       /**< 0: left the unit */
	int64_t created_at;
};

/** A unit item's share given to a person (分解到人), in thousandths of points. */
struct wb_target_person_item {
	int64_t year, unit_id;
	const char *code;
	int64_t person_id, points;
	const char *task; /**< what the person does of it */
};

/* Annual target management (core/targets.h). */
/** How an item is scored (`rule`). */
enum wb_target_rule {
	TR_RATIO,     /**< points × min(actual / target, 1) */
	TR_INVERSE,   /**< lower is better: points × min(target / actual, 1); actual 0 full */
	TR_DEDUCT,    /**< max(0, points − deduction) */
	TR_WORKSTYLE, /**< points × the unit's work-style composite of the year / 100 */
	TR__N
};

/** An add, a subtract or a veto (一票否决). */
enum wb_adjust_kind { ADJ_ADD, ADJ_SUBTRACT, ADJ_VETO, ADJ__N };

/** The level of a commendation or criticism. */
enum wb_level { LV_NATIONAL, LV_PROVINCE, LV_CITY, LV_DISTRICT, LV_STREET, LV__N };

/** What kind of task an item is (职能, 共性, 效能建设, 争先创优). */
enum wb_target_category { TC_FUNCTION, TC_COMMON, TC_EFFICIENCY, TC_EXCELLENCE, TC__N };

/** Where a responsibility letter stands: drafted, issued, signed by the unit, in force. */
enum wb_letter_status { LS_DRAFT, LS_ISSUED, LS_SIGNED, LS_IN_FORCE, LS__N };

/** An item of a unit's responsibility letter for a year. Numbers in thousandths. */
struct wb_target_item {
	int64_t year, unit_id;
	const char *code, *name;
	int64_t card; /**< 1, or 2 (a street's second card) */
	int64_t points;
	enum wb_target_rule rule;
	int64_t target; /**< ratio and inverse; 0 for the others */
	enum wb_target_category category;
	const char *indicator, *measure; /**< never NULL when read */
	wb_date deadline;                /**< WB_NO_DATE: none */
	int64_t assessor_id;             /**< the department that assesses it; 0: the office */
	const char *owner;               /**< the person who owns it ("" none) */
	const char *ding;                /**< the "定" dimensions: a JSON object of texts */
};

/** A unit's responsibility letter (目标责任书) for a year. Times in unix seconds. */
struct wb_target_letter {
	int64_t year, unit_id;
	enum wb_letter_status status;
	int64_t issued_at, signed_at, in_force_at; /**< 0: not yet */
	const char *signed_by;                     /**< the unit head's name, once signed */
	int64_t amendments;                        /**< how many since signing */
	const char *selfcheck;                     /**< the unit's self-check report, or NULL */
	int64_t selfcheck_at;
	const char *returned_reason; /**< why the unit last returned it, or NULL */
	int64_t returned_at;
};

/** The year-end of target management: the sheet published, the appeal window, final. */
struct wb_target_year {
	int64_t year;
	int64_t published_at;   /**< 0: not yet */
	wb_date appeal_until;   /**< the last day of the appeal window; WB_NO_DATE before */
	int64_t final_at;       /**< 0: not yet */
	const char *sheet_hash; /**< the SHA-256 of the sheet as last published, or NULL */
};

/** A progress report on an item, for a quarter, with its evidence. */
struct wb_target_report {
	int64_t id, year, unit_id;
	const char *code;
	int64_t quarter, percent;
	const char *text, *evidence;
	int64_t by_user_id, at;
};

enum wb_appeal_status { AP_OPEN, AP_UPHELD, AP_REJECTED, AP__N };

/** An appeal (复核) against the published sheet, on an item or on the whole. */
struct wb_target_appeal {
	int64_t id, year, unit_id;
	const char *code; /**< the item appealed; NULL: the sheet as a whole */
	const char *reason;
	enum wb_appeal_status status;
	const char *decision;
	int64_t by_user_id, at, decided_by, decided_at;
};

enum wb_proposal_status { PR_CONFIRMED, PR_DECLINED, PR__N };

/** The office's decision on a proposed subtract. */
struct wb_target_proposal {
	int64_t year;
	const char *source; /**< "bulletin:ID" */
	int64_t unit_id;
	enum wb_proposal_status status;
	const char *note;
	int64_t by_user_id, at;
};

enum wb_sanction_kind { SK_REWARD, SK_PENALTY, SK__N };

/** A reward or a penalty decided on the assessment. */
struct wb_target_sanction {
	int64_t id, year, unit_id;
	int64_t person_id; /**< a person of the unit's register; 0: the unit itself */
	enum wb_sanction_kind kind;
	const char *measure;
	int64_t by_user_id, at;
};

/* ---- efficiency faults (行政效能过错, docs/registers.md) ---- */

/** Where a fault case came from. */
enum wb_fault_source { FSRC_OVERDUE, FSRC_OPINION, FSRC_INSPECTION, FSRC_FIRST_CONTACT, FSRC__N };
/** What the fault was: 拒绝 / 推诿 / 拖延 / 越权 / 程序违法 / 其他. */
enum wb_fault_type { FT_REFUSE, FT_SHIRK, FT_DELAY, FT_OVERREACH, FT_PROCEDURE, FT_OTHER, FT__N };
/**
 * A case's life: proposed (by the sweep) → open (confirmed, or recorded by the office) →
 * decided → appealed → decided again or revoked; proposed or open → dismissed.
 */
enum wb_fault_status {
	FST_PROPOSED,
	FST_OPEN,
	FST_DISMISSED,
	FST_DECIDED,
	FST_APPEALED,
	FST_REVOKED,
	FST__N
};
/** A person's part in a fault: 承办人 / 审核人 / 批准人. */
enum wb_fault_role { FROLE_HANDLER, FROLE_REVIEWER, FROLE_APPROVER, FROLE__N };
/** Direct (直接责任) or leadership (领导责任) responsibility. */
enum wb_fault_resp { FRESP_DIRECT, FRESP_LEADERSHIP, FRESP__N };
/** The sanction ladder, lightest first (docs/registers.md). */
enum wb_sanction {
	SN_RECTIFY,          /**< 限期整改 */
	SN_WRITTEN_REVIEW,   /**< 书面检查 */
	SN_ADMONITION,       /**< 诫勉谈话 */
	SN_WARNING,          /**< 行政告诫 */
	SN_PUBLIC_CRITICISM, /**< 通报批评 */
	SN_NO_AWARDS,        /**< 取消当年评优评先 */
	SN_TRANSFER,         /**< 调离岗位 */
	SN_DISMISSAL,        /**< 辞退或免职 */
	SN__N
};

/* ---- leaders' pledges (十项承诺) ---- */

enum wb_pledge_status { PLS_DRAFT, PLS_PUBLISHED, PLS__N };
enum wb_pledge_rater { PLR_PUBLIC, PLR_COLLEAGUE, PLR__N };
/** A rating of pledges (评诺): 满意 / 基本满意 / 不满意. */
enum wb_pledge_rating { PRT_SATISFIED, PRT_BASICALLY, PRT_UNSATISFIED, PRT__N };

/** A set of pledges of a leader (person_id) or of a unit's leadership team (person_id 0). */
struct wb_pledge_set {
	int64_t id, unit_id, person_id;
	const char *title;
	wb_date period_from, period_to;
	enum wb_pledge_status status;
	int64_t published_at, created_by, created_at;
};

struct wb_pledge_item {
	int64_t set_id;
	int64_t no; /**< 1.. */
	const char *text;
};

/** A fulfilment record (践诺) of one item. */
struct wb_pledge_record {
	int64_t id, set_id, item_no;
	wb_date day;
	const char *text, *evidence;
	int64_t by_user_id, at;
};

/** A rating (评诺); by_user_id counts a colleague once and is never shown. */
struct wb_pledge_rating_row {
	int64_t id, set_id;
	enum wb_pledge_rater rater;
	enum wb_pledge_rating rating;
	const char *note;
	int64_t by_user_id, at;
};

/* ---- bulletins as documents (通报) ---- */

enum wb_notice_kind { NK_CRITICISM, NK_PRAISE, NK__N };
enum wb_notice_scope { NSC_INTERNAL, NSC_PUBLIC, NSC__N };
/** draft (the office's) → issued (signed off by a leader) → withdrawn. */
enum wb_notice_status { NST_DRAFT, NST_ISSUED, NST_WITHDRAWN, NST__N };
enum wb_notice_subject { NSU_PROBLEM, NSU_UNIT, NSU_PERSON, NSU__N };

/** A bulletin document. */
struct wb_notice {
	int64_t id;
	enum wb_notice_kind kind;
	const char *number; /**< 文号; NULL until given (a flag's notice may have none) */
	const char *title, *body;
	enum wb_notice_scope scope;
	enum wb_notice_status status;
	int64_t bulletin_id; /**< the flag's record it stands for; 0: none */
	int64_t drafted_by, drafted_at;
	const char *signer; /**< the signing leader's name as printed */
	int64_t signed_by, signed_at;
	int64_t withdrawn_at;
	const char *withdrawn_reason;
	int64_t revision; /**< corrections since issue */
};

/** What a notice is about. */
struct wb_notice_ref {
	int64_t notice_id;
	enum wb_notice_subject kind;
	int64_t ref_id;
};

/** An earlier text of a corrected notice. */
struct wb_notice_revision {
	int64_t id, notice_id;
	const char *reason;
	const char *before; /**< JSON: number, title, body, scope, subjects */
	int64_t by_user_id, at;
};

/* ---- first contact (首接首问) ---- */

enum wb_contact_channel { CC_IN_PERSON, CC_PHONE, CC_LETTER, CC_WEB, CC__N };
/** open: its owner holds it; handed_over: to a colleague or another office; done. */
enum wb_contact_status { CST_OPEN, CST_HANDED_OVER, CST_DONE, CST__N };

/** A matter a member of staff received first, and what became of it. */
struct wb_contact {
	int64_t id, unit_id;
	int64_t person_id; /**< who received it first, and owns it while it is open */
	enum wb_contact_channel channel;
	const char *visitor, *visitor_phone; /**< personal data: the unit and the office only */
	const char *need, *told; /**< the need; what was told at once (一次性告知) */
	wb_date limit_on;        /**< the time limit told */
	int64_t received_at;
	enum wb_contact_status status;
	int64_t to_person_id, to_unit_id; /**< the hand-over's; 0: none */
	const char *outcome;              /**< the hand-over's or the completion's note */
	int64_t closed_at;                /**< handed over or done; 0: open */
	int64_t created_by, created_at;
};

/** An efficiency fault case against a unit. */
struct wb_fault {
	int64_t id, unit_id;
	enum wb_fault_source source;
	int64_t problem_id, opinion_id, contact_id; /**< what it came from; 0: none */
	enum wb_fault_type type;
	const char *facts;
	enum wb_fault_status status;
	int unit_sanction;     /**< enum wb_sanction for the unit as a whole; -1: none */
	const char *authority; /**< who decided (决定机关), e.g. 区纪委监委 */
	wb_date decided_on;
	const char *note;   /**< the decision's, or the dismissal's reason */
	const char *appeal; /**< the appeal's reason; NULL: none */
	int64_t appealed_at;
	const char *appeal_note;        /**< the decision on the appeal */
	int64_t created_at, created_by; /**< created_by 0: proposed by the sweep */
	int64_t decided_at, decided_by;
};

/** One line of the ledger of accountability and faults (问责和效能过错台账). */
struct wb_ledger_line {
	wb_date day; /**< decided on */
	int64_t unit_id;
	const char *unit_name;
	int64_t person_id;   /**< 0: the unit as a whole */
	const char *person;  /**< the person's name, or NULL */
	int fault;           /**< 1: a fault case's, 0: an accountability record's */
	int64_t record_id;   /**< the fault case, or the accountability record */
	int64_t problem_id;  /**< 0: none */
	const char *kind;    /**< the fault's type, or 问责 */
	const char *measure; /**< the sanction or measure, in Chinese */
	const char *part;    /**< e.g. 承办人（直接责任）; "" for a record */
	const char *status; /**< the fault's status (已处理, 申诉中, 已撤销); "" for a record */
	const char *text; /**< the facts, or the record's note */
};
/** A person named in a fault case, with their part and sanction. */
struct wb_fault_person {
	int64_t fault_id, person_id;
	enum wb_fault_role role;
	enum wb_fault_resp resp;
	enum wb_sanction sanction;
	const char *name; /**< the person's name, read with the case */
};

/** An amendment of a signed letter: its reason, and the items before and after (JSON). */
struct wb_target_amendment {
	int64_t id, year, unit_id;
	const char *reason, *before, *after;
	int64_t by_user_id, at;
};

/** What was achieved on an item. Numbers in thousandths. */
struct wb_target_result {
	int64_t year, unit_id;
	const char *code;
	int64_t actual;         /**< ratio and inverse */
	int64_t deduction;      /**< deduct */
	const char *note;       /**< why, from the assessing department; NULL from a file */
	int64_t by_user_id, at; /**< who scored it and when; 0 from a file */
};

/** One add, subtract or veto of a unit. Events are compared as they are written. */
struct wb_target_adjust {
	int64_t id, year, unit_id;
	enum wb_adjust_kind kind;
	enum wb_level level; /**< ignored for a veto */
	const char *event;
	const char *source; /**< NULL: the office's file; else what it came from ("bulletin:12") */
};

/** A login, as its owner sees it. */
struct wb_session {
	const char *id; /**< the first 16 hex digits of the token's hash */
	int64_t created_at, last_seen, expires_at;
	const char *ip;    /**< the address it was made from */
	const char *agent; /**< the browser or client that made it */
};

struct wb_phase {
	enum wb_phase_kind kind;
	wb_date starts_on, ends_on;
};

struct wb_campaign {
	int64_t id;
	const char *name;
	int year;
	int64_t created_at;
	int nphases;
	struct wb_phase phases[PHASE__N];
};

/** Form 1, 征求意见表: one opinion. */
struct wb_opinion {
	int64_t id;
	int64_t campaign_id;
	int64_t point_id; /**< 0: given online by the public */
	int64_t target_unit_id;
	enum wb_dimension dimension;
	enum wb_source source;
	enum wb_channel channel;
	const char *content;
	const char *submitter_name;  /**< NULL: not given, or hidden from this caller */
	const char *submitter_phone; /**< NULL: not given, or hidden from this caller */
	int64_t received_at;         /**< unix seconds */
	enum wb_opinion_status status;
	int64_t problem_id;  /**< 0: not merged */
	const char *receipt; /**< NULL when hidden from this caller */
	const char *reject_reason;
	int64_t entered_by; /**< user id; 0 for the public */
	int64_t created_at; /**< when it was recorded (received_at: when it was given) */
};

/** Form 2, 意见汇总表: one problem merged from opinions, and its stage data. */
struct wb_problem {
	int64_t id;
	int64_t campaign_id;
	int64_t target_unit_id;
	int64_t unit_id; /**< the unit it is dispatched to; 0: not yet */
	enum wb_dimension dimension;
	const char *title;
	const char *summary;
	const char *category; /**< NULL: none */
	enum wb_severity severity;
	int opinion_count;
	enum wb_pstatus status;
	wb_date due_on; /**< WB_NO_DATE: none */
	int flagged;
	wb_date flag_due_on;
	int delisted;
	const char *return_reason;
	const char *reply, *plan;        /**< form 3 */
	const char *measures, *evidence; /**< form 4, latest */
	int percent;                     /**< form 4, latest; 0..100 */
	int ext_pending;                 /**< an extension request awaits a decision */
	wb_date ext_due_on;              /**< requested date */
	const char *ext_reason;
	int reopen_count;
	int round; /**< verification round: evaluations count towards the current one */
	int64_t created_by;
	int64_t created_at, updated_at;
	int64_t dispatched_at, acknowledged_at, answered_at, rectified_at, verified_at, closed_at;
	wb_date ack_due_on; /**< acknowledge by this day (签收时限); WB_NO_DATE before dispatch */
	wb_date reminded_due;    /**< the deadline a reminder (催办) was sent for */
	wb_date escalated_due;   /**< the deadline an escalation (督办) was made for */
	wb_date answered_due;    /**< the deadline in force when answered (form 3) */
	wb_date rectified_due;   /**< the deadline in force when declared rectified (form 4) */
	int valid_ratings;       /**< ratings of the current round other than unaware */
	int unsatisfied_ratings; /**< unsatisfied ratings of the current round */
};

struct wb_evaluation {
	int64_t id;
	int64_t problem_id;
	int round;
	enum wb_rating rating;
	const char *note;
	int64_t by_user_id; /**< 0: the public, through a receipt */
	int64_t opinion_id; /**< whose rating it is: the receipt's opinion, or the opinion whose
			     * giver's paper form staff entered; 0: the staff member's own */
	int counted;        /**< 0: the figures skip it: a second rating of the same source and
			     * round recorded before the one-per-source rule, or a rating of an
			     * opinion the rated unit's own account entered */
	int staff_entered;  /**< 1: the rated opinion was entered by an account, not the public */
	int64_t created_at;
};

/**
 * A duty: work with a deadline held by a point, a station or a unit, judged by its own
 * deadline. Done by done_at; released undone at released_at (a return); else still held.
 */
struct wb_duty {
	int64_t id;
	int64_t campaign_id;
	enum wb_duty_kind kind;
	int64_t problem_id, opinion_id; /**< what it is about; 0 when not */
	int64_t holder_id;              /**< the point, station or unit that must do it */
	int64_t station_id; /**< the station following the holder at the start; 0 none */
	int64_t by_unit_id; /**< whose action gave the duty (the dispatcher); 0 none */
	int64_t started_at;
	wb_date due_on;
	int64_t done_at, released_at; /**< 0 when not */
};

struct wb_progress {
	int64_t id;
	int64_t problem_id;
	const char *measures;
	int percent;
	const char *evidence;
	int done;
	int64_t by_user_id;
	int64_t created_at;
};

/** An accountability record against a unit, and optionally a named person, for a problem. */
struct wb_accountability {
	int64_t id;
	int64_t problem_id;
	int64_t unit_id;
	const char *person; /**< the person's name at the time; NULL: the unit as a whole */
	int64_t person_id;  /**< the person of the unit's register; 0: none (or a record made
			     * before the register) */
	enum wb_measure kind;
	const char *note;
	wb_date decided_on;
	int64_t created_at, created_by;
};

/** A satisfaction survey run by the statistics bureau (docs/survey.md). */
struct wb_survey {
	int64_t id;
	int64_t campaign_id;
	enum wb_survey_round round;
	const char *title;
	enum wb_survey_state state;
	const char *design; /**< JSON: margin, confidence, p, response_rate, min_n */
	const char *items;  /**< JSON: the questionnaire, [{dimension, label, overall}] */
	const char *scale;  /**< "100,75,55" */
	int recheck_share;  /**< per cent of completed interviews re-contacted */
	const char *seed_hash, *seed_box, *seed; /**< NULL until set */
	const char *results, *notice;            /**< NULL until published */
	int64_t created_by, created_at;
	int64_t committed_at, closed_at, drawn_at, finished_at, published_at; /**< 0: not yet */
};

/** One person of a survey's frame, and what became of them when drawn. */
struct wb_survey_person {
	int64_t id;
	int64_t survey_id, unit_id;
	const char *unit_code; /**< as the frame gave it: the draw's key uses it */
	const char *respondent_id, *stratum;
	const char *contact; /**< sealed name and phone; NULL: none */
	int64_t draw_pos;    /**< 1, 2, … in the unit's draw order; 0: not drawn */
	int outcome;         /**< enum wb_call_outcome, or -1: none yet */
	int64_t attempts;    /**< calls made */
	int mode;            /**< enum wb_survey_mode, or -1 */
	int64_t outcome_at, outcome_by;
	int64_t held_by, held_until; /**< the interviewer calling, and until when */
	const char *code_hash;       /**< the one-time code's SHA-256; NULL: none */
	int64_t recheck;             /**< 0; 1 drawn for re-contact; 2 re-contacted */
};

/** One entry of the append-only, hash-chained audit log. */
struct wb_event {
	int64_t id;
	int64_t at;            /**< unix seconds */
	int64_t actor_user_id; /**< 0: the public or the system */
	int64_t actor_unit_id; /**< the unit acted for (on-behalf entries), else the user's unit */
	const char *kind;      /**< e.g. "problem.dispatch" */
	const char *subject_type; /**< "problem", "opinion", "unit", ... */
	int64_t subject_id;
	const char *from_status; /**< NULL when no state changed */
	const char *to_status;
	const char *data;   /**< JSON object text with the change's details */
	char prev_hash[65]; /**< hex */
	char hash[65];      /**< hex */
};

#endif
