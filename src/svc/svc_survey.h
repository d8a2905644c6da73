/*
 * The statistics bureau's satisfaction survey as use cases (docs/survey.md): a survey's
 * questionnaire and design, its frame with sealed contacts, the committed seed and the
 * draw, fieldwork (calls, outcomes, one-time codes, re-contact), the estimates, and the
 * results the office publishes. Role stats runs a survey; the office and leaders read
 * everything but the contacts; a unit reads its own published results.
 */
#ifndef WB_SVC_SURVEY_H
#define WB_SVC_SURVEY_H

#include <jansson.h>

#include "../core/survey.h"
#include "svc.h"

/** The key that seals contact data (names, phones): 32 bytes, set once at start-up. */
void svc_set_secret_key(const unsigned char key[32]);
/** @return whether a key was set */
int svc_has_secret_key(void);
/**
 * Read the key from @p path (64 hex digits); with @p create, write a new random one there
 * (mode 0600) when the file does not exist. @return 0, or -1 after logging why
 */
int svc_load_secret_key(const char *path, int create);

/** One item of a questionnaire. */
struct svc_survey_item {
	enum wb_dimension dim;
	const char *label;
	int overall; /**< the dimension's overall item, which the estimates use */
};
enum { SVC_SURVEY_ITEMS_MAX = 40 };

/** A survey with its parsed parts. */
struct svc_survey {
	struct wb_survey s;
	struct wb_design design;
	struct wb_scale scale;
	struct svc_survey_item items[SVC_SURVEY_ITEMS_MAX];
	int nitems;
	int overall[DIM__N];    /**< each dimension's overall item */
	const char *frame_hash; /**< the frame's hash, fixed at close; NULL before an import */
	const char *seed_by;    /**< who keeps the seed: "server" or "bureau"; NULL before */
};

/** What may be done to a survey, by whom and in which states: the one table of svc_survey.c. */
enum svc_survey_action {
	SA_EDIT, /**< PATCH: the design until the frame closes, the questionnaire until fieldwork */
	SA_FRAME,   /**< import the frame */
	SA_COMMIT,  /**< record the seed's hash */
	SA_CLOSE,   /**< close the frame, fixing the design */
	SA_DRAW,    /**< reveal the seed and draw */
	SA_CALL,    /**< call the next person, record outcomes */
	SA_CODES,   /**< one-time codes for self-completion */
	SA_RECHECK, /**< draw and record the re-contacts */
	SA_FINISH,  /**< end fieldwork */
	SA_PUBLISH, /**< publish the results notice */
	SA__N
};
extern const char *const svc_survey_action_names[SA__N];
/** @return the actions the caller may take on @p s now, as bits 1 << enum svc_survey_action */
unsigned svc_survey_actions(const struct svc_ctx *c, const struct wb_survey *s);

/** The fields of a create or a PATCH; has_* say which were given. */
struct svc_survey_in {
	int64_t campaign_id;
	enum wb_survey_round round;
	const char *title;
	struct wb_design design;
	struct wb_scale scale;
	struct svc_survey_item items[SVC_SURVEY_ITEMS_MAX];
	int nitems;
	int recheck_share;
	int has_design[5]; /**< margin, confidence, p, response_rate, min_n */
	int has_title, has_scale, has_items, has_recheck_share;
};

/** The default questionnaire: five items and an overall item per dimension. */
void svc_survey_default_items(struct svc_survey_in *in);

int svc_survey_create(struct svc_ctx *c, const struct svc_survey_in *in, int64_t *id);
int svc_survey_update(struct svc_ctx *c, int64_t id, const struct svc_survey_in *in);
/** Load survey @p id for the caller (a unit: published only). */
int svc_survey_get(struct svc_ctx *c, int64_t id, struct svc_survey *out);
/**
 * The surveys the caller may see, of @p campaign_id (0: all) in the states @p states
 * (1 << enum wb_survey_state; 0: any), oldest first.
 */
int svc_survey_list(struct svc_ctx *c, int64_t campaign_id, unsigned states,
		    struct svc_survey **out, int *n);

/** Import errors: the first SVC_MAX_ERRS lines, and how many more there were. */
struct svc_frame_result {
	int64_t people, units;
	int nerr;
	size_t more;
	struct {
		size_t line;
		const char *message;
	} err[SVC_MAX_ERRS];
};
/**
 * Replace the survey's frame with the CSV @p data (unit_code, respondent_id, stratum,
 * name, phone): all or nothing. Each unit_code must be a responsible unit's code. Names and
 * phones are sealed with the district's key. On bad lines WB_ERR_INVALID with @p out's
 * errors. @return 0 or an error
 */
int svc_survey_frame(struct svc_ctx *c, int64_t id, const char *data, size_t len,
		     struct svc_frame_result *out);
/**
 * Record the seed's commitment: @p seed_hash (64 hex digits) of a seed the bureau keeps,
 * or, with NULL, a seed the server draws and keeps sealed until the draw.
 */
int svc_survey_commit(struct svc_ctx *c, int64_t id, const char *seed_hash);
/** Close the frame: each unit's design is fixed, and the frame's hash recorded. */
int svc_survey_close(struct svc_ctx *c, int64_t id);
/**
 * Reveal the seed (@p seed in hex, or NULL for the server's own) and draw each unit's
 * sample; fieldwork begins.
 */
int svc_survey_draw(struct svc_ctx *c, int64_t id, const char *seed);
/** End fieldwork: no more outcomes; the estimates are final. */
int svc_survey_finish(struct svc_ctx *c, int64_t id);
/** Publish a finished survey's results with the notice @p notice (测评结果通报). */
int svc_survey_publish(struct svc_ctx *c, int64_t id, const char *notice);

/** Each unit's design: frame size and sample size. */
struct svc_survey_unit {
	struct wb_unit unit;
	int64_t frame_n, sample_n; /**< sample_n: the design's n (before close, as it would be) */
	int64_t drawn, completed, refused, unreachable, ineligible, pending;
	int rr1_defined;
	double rr1; /**< AAPOR RR1: completed / (drawn − ineligible) */
};
/** The design and fieldwork of every unit of the frame, by unit id. */
int svc_survey_units(struct svc_ctx *c, int64_t id, struct svc_survey_unit **out, int *n);

/** A drawn person as an interviewer sees them. */
struct svc_call {
	struct wb_survey_person p;
	struct wb_unit unit;
	const char *name, *phone; /**< unsealed, for role stats only; NULL when none */
	enum wb_rating answers[SVC_SURVEY_ITEMS_MAX];
	int nanswers; /**< the interview's answers, when completed */
};
/**
 * The next person to call (of @p unit_id when not 0), held for the caller for 15 minutes.
 * @return 1, 0 when nobody is left, or an error
 */
int svc_survey_next(struct svc_ctx *c, int64_t id, int64_t unit_id, struct svc_call *out);
/** A drawn person, with contact data for role stats. */
int svc_survey_person(struct svc_ctx *c, int64_t id, int64_t person_id, struct svc_call *out);
/** Release a held person to be called again later, counting the attempt. */
int svc_survey_callback(struct svc_ctx *c, int64_t id, int64_t person_id);
/**
 * Record a drawn person's final outcome; a completed interview carries one answer per
 * item (@p n of them).
 */
int svc_survey_outcome(struct svc_ctx *c, int64_t id, int64_t person_id,
		       enum wb_call_outcome outcome, const enum wb_rating *answers, int n);

/**
 * The drawn people of unit @p unit_id (0: every unit) without contact data, by id after
 * @p cursor, at most @p limit; for role stats, the office and leaders.
 */
int svc_survey_sample(struct svc_ctx *c, int64_t id, int64_t unit_id, int64_t cursor, int limit,
		      store_sperson_cb cb, void *arg);

/** One-time codes for self-completion: person and code, shown once. */
struct svc_code {
	int64_t person_id;
	const char *respondent_id, *unit_code, *code;
};
/**
 * Give each drawn person without an outcome or a code (of @p unit_id when not 0) a
 * one-time code. Only the codes' hashes are kept.
 */
int svc_survey_codes(struct svc_ctx *c, int64_t id, int64_t unit_id, struct svc_code **out, int *n);
/** The questionnaire a code opens, without using it. */
int svc_survey_by_code(struct svc_ctx *c, const char *code, struct svc_survey *out,
		       struct wb_unit *unit);
/** Answer with a one-time code: the code is used once. */
int svc_survey_self(struct svc_ctx *c, const char *code, const enum wb_rating *answers, int n);

/**
 * Draw the re-contact sample (复核): the survey's recheck_share per cent of each unit's
 * completed phone interviews, by the seed. @p drawn gets how many.
 */
int svc_survey_recheck_draw(struct svc_ctx *c, int64_t id, int64_t *drawn);
/** Record a re-contact's answers (@p n, one per item). */
int svc_survey_recheck(struct svc_ctx *c, int64_t id, int64_t person_id,
		       const enum wb_rating *answers, int n);
/**
 * The re-contacts: per person the items whose answers differ, as
 * {items: [{person_id, unit_id, respondent_id, differs: [item, ...]}], drawn, rechecked,
 * agreed}. @return 0 or an error; @p out is new
 */
int svc_survey_recheck_report(struct svc_ctx *c, int64_t id, json_t **out);

/**
 * The estimates (docs/survey.md): per unit and dimension, and overall; the endpoint
 * against the baseline; ranks within the unit groups. A published survey gives the
 * results frozen at publication. A unit gets its own row only. @p out is new.
 */
int svc_survey_estimates(struct svc_ctx *c, int64_t id, json_t **out);

/**
 * Each unit's part of the composite from campaign @p campaign_id's published survey (the
 * endpoint's when published, else the baseline's): the overall score, or with one
 * dimension in @p dims that dimension's, with its interval and the people behind it.
 * @p unit_ids and @p parts get @p n entries (arena memory); none when nothing is published.
 */
int svc_survey_parts(struct svc_ctx *c, int64_t campaign_id, unsigned dims, int64_t **unit_ids,
		     struct svc_survey_part **parts, int *n);

#endif
