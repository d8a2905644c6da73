/*
 * The survey's life: its questionnaire and design, the frame with sealed contacts, the
 * seed's commitment, closing the frame, the draw, the end of fieldwork and publication.
 * Fieldwork is in svc_survey_work.c, the estimates in svc_survey_est.c.
 */
#include "svc_survey.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/enums.h"
#include "../core/perm.h"
#include "../util/log.h"
#include "survey_io.h"
#include "svc_int.h"
#include "svc_survey_int.h"

/* ---- the key that seals contacts ---- */

static unsigned char secret_key[crypto_secretbox_KEYBYTES];
static int has_key;

void svc_set_secret_key(const unsigned char key[32])
{
	memcpy(secret_key, key, sizeof secret_key);
	has_key = 1;
}

int svc_has_secret_key(void)
{
	return has_key;
}

int svc_load_secret_key(const char *path, int create)
{
	char hex[2 * crypto_secretbox_KEYBYTES + 2];
	unsigned char key[crypto_secretbox_KEYBYTES];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		randombytes_buf(key, sizeof key);
		sodium_bin2hex(hex, sizeof hex, key, sizeof key);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 || write(fd, hex, 2 * sizeof key) != (ssize_t)(2 * sizeof key) ||
		    write(fd, "\n", 1) != 1 || close(fd) != 0) {
			wb_log(WB_LOG_ERR, "cannot write the key file %s: %s", path,
			       strerror(errno));
			return -1;
		}
		svc_set_secret_key(key);
		sodium_memzero(key, sizeof key);
		return 0;
	}
	if (fd < 0) {
		wb_log(WB_LOG_ERR, "cannot read the key file %s: %s", path, strerror(errno));
		return -1;
	}
	ssize_t n = read(fd, hex, sizeof hex - 1);
	close(fd);
	size_t len = 0;
	while (n > 0 && (hex[n - 1] == '\n' || hex[n - 1] == '\r'))
		n--;
	if (n != 2 * (ssize_t)sizeof key ||
	    sodium_hex2bin(key, sizeof key, hex, (size_t)n, NULL, &len, NULL) != 0 ||
	    len != sizeof key) {
		wb_log(WB_LOG_ERR, "the key file %s must hold 64 hex digits", path);
		return -1;
	}
	svc_set_secret_key(key);
	sodium_memzero(key, sizeof key);
	return 0;
}

char *survey_seal(struct svc_ctx *c, const char *plain)
{
	size_t n = strlen(plain),
	       clen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
	unsigned char *box = arena_alloc(c->a, clen);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, n,
			      box, secret_key);
	size_t blen = sodium_base64_ENCODED_LEN(clen, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = arena_alloc(c->a, blen);
	return sodium_bin2base64(b64, blen, box, clen, sodium_base64_VARIANT_ORIGINAL);
}

char *survey_unseal(struct svc_ctx *c, const char *sealed)
{
	if (sealed == NULL || !has_key)
		return NULL;
	size_t cap = strlen(sealed), len = 0;
	unsigned char *box = arena_alloc(c->a, cap + 1);
	if (sodium_base642bin(box, cap, sealed, strlen(sealed), NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return NULL;
	size_t n = len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	char *plain = arena_alloc(c->a, n + 1);
	if (crypto_secretbox_open_easy((unsigned char *)plain, box + crypto_secretbox_NONCEBYTES,
				       len - crypto_secretbox_NONCEBYTES, box, secret_key) != 0)
		return NULL;
	plain[n] = '\0';
	return plain;
}

/* ---- access ---- */

int survey_need(struct svc_ctx *c, enum wb_perm p)
{
	if (wb_perm_allows(c->who.role, p))
		return 0;
	/* a role that never reads surveys is not told that this one exists */
	if (!wb_perm_allows(c->who.role, PERM_SURVEY_READ))
		return WB_ERR_NOT_FOUND;
	return svc_fail(c, WB_ERR_FORBIDDEN,
			p == PERM_SURVEY_RUN ? "only the statistics bureau runs a survey"
					     : "this role may not do that");
}

/* ---- what may be done ---- */

#define IN(st) (1u << (st))
static const struct {
	unsigned states;
	enum wb_perm perm;
} survey_actions[SA__N] = {
	[SA_EDIT] = {IN(SV_DRAFT) | IN(SV_COMMITTED) | IN(SV_CLOSED) | IN(SV_FIELDWORK) |
			     IN(SV_FINISHED),
		     PERM_SURVEY_RUN},
	[SA_FRAME] = {IN(SV_DRAFT) | IN(SV_COMMITTED), PERM_SURVEY_RUN},
	[SA_COMMIT] = {IN(SV_DRAFT), PERM_SURVEY_RUN},
	[SA_CLOSE] = {IN(SV_COMMITTED), PERM_SURVEY_RUN},
	[SA_DRAW] = {IN(SV_CLOSED), PERM_SURVEY_RUN},
	[SA_CALL] = {IN(SV_FIELDWORK), PERM_SURVEY_RUN},
	[SA_CODES] = {IN(SV_FIELDWORK), PERM_SURVEY_RUN},
	[SA_RECHECK] = {IN(SV_FIELDWORK), PERM_SURVEY_RUN},
	[SA_FINISH] = {IN(SV_FIELDWORK), PERM_SURVEY_RUN},
	[SA_PUBLISH] = {IN(SV_FINISHED), PERM_SURVEY_PUBLISH},
};
#undef IN

const char *const svc_survey_action_names[SA__N] = {
	"edit", "frame", "commit", "close", "draw", "call", "codes", "recheck", "finish", "publish",
};

unsigned svc_survey_actions(const struct svc_ctx *c, const struct wb_survey *s)
{
	unsigned out = 0;
	for (int a = 0; a < SA__N; a++)
		if ((survey_actions[a].states & 1u << s->state) &&
		    wb_perm_allows(c->who.role, survey_actions[a].perm))
			out |= 1u << a;
	return out;
}

/* ---- parsing a stored survey ---- */

static const char *const design_keys[] = {"margin", "confidence", "p", "response_rate", "min_n"};

void svc_survey_default_items(struct svc_survey_in *in)
{
	static const char *const conduct[] = {"依法办事", "规范收费", "办事公开", "服务质量",
					      "清正廉洁"};
	static const char *const efficiency[] = {"工作效率", "办事时限", "首问负责", "一次性告知",
						 "窗口服务"};
	int n = 0;
	for (int i = 0; i < 5; i++)
		in->items[n++] = (struct svc_survey_item){DIM_CONDUCT, conduct[i], 0};
	in->items[n++] = (struct svc_survey_item){DIM_CONDUCT, "行风总体评价", 1};
	for (int i = 0; i < 5; i++)
		in->items[n++] = (struct svc_survey_item){DIM_EFFICIENCY, efficiency[i], 0};
	in->items[n++] = (struct svc_survey_item){DIM_EFFICIENCY, "效能总体评价", 1};
	in->nitems = n;
}

static double num_of(json_t *o, const char *key, double dflt)
{
	json_t *v = json_object_get(o, key);
	return json_is_number(v) ? json_number_value(v) : dflt;
}

int survey_parse(struct svc_ctx *c, const struct wb_survey *s, struct svc_survey *out)
{
	memset(out, 0, sizeof *out);
	out->s = *s;
	wb_design_defaults(&out->design);
	json_t *d = json_loads(s->design, 0, NULL);
	if (d) {
		out->design.margin = num_of(d, "margin", out->design.margin);
		out->design.confidence = num_of(d, "confidence", out->design.confidence);
		out->design.p = num_of(d, "p", out->design.p);
		out->design.response_rate = num_of(d, "response_rate", out->design.response_rate);
		out->design.min_n = (int64_t)num_of(d, "min_n", 0);
		json_t *fh = json_object_get(d, "frame_hash"), *by = json_object_get(d, "seed_by");
		if (json_is_string(fh))
			out->frame_hash = arena_strdup(c->a, json_string_value(fh));
		if (json_is_string(by))
			out->seed_by = arena_strdup(c->a, json_string_value(by));
		json_decref(d);
	}
	if (sscanf(s->scale, "%lf,%lf,%lf", &out->scale.satisfied, &out->scale.basic,
		   &out->scale.unsatisfied) != 3)
		out->scale = (struct wb_scale){100, 75, 55};
	json_t *items = json_loads(s->items, 0, NULL);
	for (int d2 = 0; d2 < DIM__N; d2++)
		out->overall[d2] = -1;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		if (out->nitems == SVC_SURVEY_ITEMS_MAX)
			break;
		struct svc_survey_item *x = &out->items[out->nitems];
		int dim = wb_enum_parse(&wb_dimensions,
					json_string_value(json_object_get(it, "dimension")));
		x->dim = dim < 0 ? DIM_CONDUCT : (enum wb_dimension)dim;
		x->label = arena_strdup(c->a, json_string_value(json_object_get(it, "label")));
		x->overall = json_is_true(json_object_get(it, "overall"));
		if (x->overall)
			out->overall[x->dim] = out->nitems;
		out->nitems++;
	}
	json_decref(items);
	return 0;
}

/* Load survey @p id into @p out. @return 0, WB_ERR_NOT_FOUND, or an error */
int survey_load(struct svc_ctx *c, struct store *st, int64_t id, struct svc_survey *out)
{
	struct wb_survey s;
	int rc = svc_found(store_survey_get(st, id, c->a, &s));
	if (rc < 0)
		return rc;
	return survey_parse(c, &s, out);
}

/* The caller may see @p s at all: readers every survey, a unit the published ones. */
static int visible(const struct svc_ctx *c, const struct wb_survey *s)
{
	if (wb_perm_allows(c->who.role, PERM_SURVEY_READ))
		return 1;
	return c->who.role == ROLE_UNIT && s->state == SV_PUBLISHED;
}

/* ---- create and change ---- */

/* The stored design: the parameters, and once known the frame's hash and who keeps the
 * seed ("server" or "bureau"). */
static char *design_json(const struct wb_design *d, const char *frame_hash, const char *seed_by)
{
	json_t *o = json_pack("{s:f, s:f, s:f, s:f, s:I}", "margin", d->margin, "confidence",
			      d->confidence, "p", d->p, "response_rate", d->response_rate, "min_n",
			      (json_int_t)d->min_n);
	if (frame_hash)
		json_object_set_new(o, "frame_hash", json_string(frame_hash));
	if (seed_by)
		json_object_set_new(o, "seed_by", json_string(seed_by));
	char *t = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return t;
}

static char *items_json(const struct svc_survey_item *items, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a,
				      json_pack("{s:s, s:s, s:b}", "dimension",
						wb_enum_name(&wb_dimensions, items[i].dim), "label",
						items[i].label, "overall", items[i].overall));
	char *t = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return t;
}

/* Check the parts of @p in that were given. @return 0 or WB_ERR_INVALID */
static int check_in(struct svc_ctx *c, const struct svc_survey_in *in)
{
	static const double lo[] = {0.001, 0.5, 0, 0.01}, hi[] = {0.5, 0.9999, 1, 1};
	const double v[] = {in->design.margin, in->design.confidence, in->design.p,
			    in->design.response_rate};
	for (int k = 0; k < 4; k++)
		if (in->has_design[k] && !(v[k] >= lo[k] && v[k] <= hi[k]))
			svc_field(c, arena_printf(c->a, "design.%s", design_keys[k]),
				  arena_printf(c->a, "must be from %g to %g", lo[k], hi[k]));
	if (in->has_design[4] && (in->design.min_n < 0 || in->design.min_n > 100000))
		svc_field(c, "design.min_n", "must be from 0 to 100000");
	if (in->has_title)
		svc_line(c, "title", in->title, 1, 100, 1);
	if (in->has_scale) {
		const struct wb_scale *s = &in->scale;
		/* on the composite's 0..100, where the survey's score is blended in */
		if (!(s->satisfied > 0 && s->satisfied <= 100 && s->basic <= s->satisfied &&
		      s->unsatisfied <= s->basic && s->unsatisfied >= 0))
			svc_field(
				c, "scale",
				"must be three points from 100 down to 0: 满意 ≥ 基本满意 ≥ 不满意");
	}
	if (in->has_recheck_share && (in->recheck_share < 0 || in->recheck_share > 100))
		svc_field(c, "recheck_share", "must be a per cent from 0 to 100");
	if (in->has_items) {
		int overall[DIM__N] = {0};
		if (in->nitems < 2 || in->nitems > SVC_SURVEY_ITEMS_MAX)
			svc_field(c, "items", "must list 2 to 40 items");
		for (int i = 0; i < in->nitems; i++) {
			svc_line(c, "items", in->items[i].label, 1, 60, 1);
			overall[in->items[i].dim] += in->items[i].overall;
		}
		for (int d = 0; d < DIM__N; d++)
			if (overall[d] != 1)
				svc_field(c, "items",
					  arena_printf(c->a,
						       "must have exactly one overall item of %s",
						       wb_enum_label(&wb_dimensions, d)));
	}
	return c->errs.n ? WB_ERR_INVALID : 0;
}

struct create_op {
	struct svc_ctx *c;
	const struct svc_survey_in *in;
	int64_t id;
};

static int create_tx(struct store *st, void *arg)
{
	struct create_op *op = arg;
	struct svc_ctx *c = op->c;
	const struct svc_survey_in *in = op->in;
	struct wb_campaign camp;
	int rc = store_campaign_get(st, in->campaign_id, c->a, &camp);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return svc_field(c, "campaign_id", "no such campaign");
	struct wb_design d;
	wb_design_defaults(&d);
	double *dv[] = {&d.margin, &d.confidence, &d.p, &d.response_rate};
	const double iv[] = {in->design.margin, in->design.confidence, in->design.p,
			     in->design.response_rate};
	for (int k = 0; k < 4; k++)
		if (in->has_design[k])
			*dv[k] = iv[k];
	if (in->has_design[4])
		d.min_n = in->design.min_n;
	struct svc_survey_in items = *in;
	if (!in->has_items)
		svc_survey_default_items(&items);
	struct wb_scale sc = in->has_scale ? in->scale : (struct wb_scale){100, 75, 55};
	char *dj = design_json(&d, NULL, NULL), *ij = items_json(items.items, items.nitems);
	struct wb_survey s = {
		.campaign_id = in->campaign_id,
		.round = in->round,
		.title = in->has_title ? in->title
				       : arena_printf(c->a, "%s%s满意度测评", camp.name,
						      wb_enum_label(&wb_survey_rounds, in->round)),
		.state = SV_DRAFT,
		.design = arena_strdup(c->a, dj),
		.items = arena_strdup(c->a, ij),
		.scale = arena_printf(c->a, "%g,%g,%g", sc.satisfied, sc.basic, sc.unsatisfied),
		.recheck_share = in->has_recheck_share ? in->recheck_share : 10,
		.created_by = c->who.user_id,
		.created_at = c->now,
	};
	free(dj);
	free(ij);
	rc = store_survey_insert(st, &s, &op->id);
	if (rc == WB_ERR_CONFLICT)
		return svc_fail(c, WB_ERR_CONFLICT,
				"the campaign already has a survey of this round");
	if (rc < 0)
		return rc;
	json_t *ev = json_pack(
		"{s:I, s:s, s:s, s:s, s:s, s:s, s:i}", "campaign_id", (json_int_t)s.campaign_id,
		"round", wb_enum_name(&wb_survey_rounds, s.round), "title", s.title, "design",
		s.design, "items", s.items, "scale", s.scale, "recheck_share", s.recheck_share);
	return svc_event(c, "survey.create", "survey", op->id, NULL, "draft", 0, ev);
}

int svc_survey_create(struct svc_ctx *c, const struct svc_survey_in *in, int64_t *id)
{
	int rc = survey_need(c, PERM_SURVEY_RUN);
	if (rc < 0)
		return rc;
	if ((unsigned)in->round >= ROUND__N)
		svc_field(c, "round", "must be baseline or endpoint");
	if (check_in(c, in) < 0)
		return WB_ERR_INVALID;
	struct create_op op = {c, in, 0};
	rc = svc_tx(c, 1, create_tx, &op);
	if (rc >= 0)
		*id = op.id;
	return rc < 0 ? rc : 0;
}

struct update_op {
	struct svc_ctx *c;
	int64_t id;
	const struct svc_survey_in *in;
};

static int update_tx(struct store *st, void *arg)
{
	struct update_op *op = arg;
	struct svc_ctx *c = op->c;
	const struct svc_survey_in *in = op->in;
	struct svc_survey sv;
	int rc = survey_load(c, st, op->id, &sv);
	if (rc < 0)
		return rc;
	enum wb_survey_state state = sv.s.state;
	int design = in->has_design[0] || in->has_design[1] || in->has_design[2] ||
		     in->has_design[3] || in->has_design[4];
	if (state == SV_PUBLISHED)
		return svc_fail(c, WB_ERR_STATE, "a published survey cannot be changed");
	if (design && state >= SV_CLOSED)
		return svc_fail(c, WB_ERR_STATE, "the design is fixed once the frame is closed");
	if ((in->has_items || in->has_scale) && state >= SV_FIELDWORK)
		return svc_fail(c, WB_ERR_STATE,
				"the questionnaire is fixed once fieldwork has begun");
	if (in->has_recheck_share && state >= SV_FINISHED)
		return svc_fail(c, WB_ERR_STATE, "fieldwork has ended");
	double *dv[] = {&sv.design.margin, &sv.design.confidence, &sv.design.p,
			&sv.design.response_rate};
	const double iv[] = {in->design.margin, in->design.confidence, in->design.p,
			     in->design.response_rate};
	for (int k = 0; k < 4; k++)
		if (in->has_design[k])
			*dv[k] = iv[k];
	if (in->has_design[4])
		sv.design.min_n = in->design.min_n;
	char *dj = design_json(&sv.design, sv.frame_hash, sv.seed_by);
	sv.s.design = arena_strdup(c->a, dj);
	free(dj);
	if (in->has_items) {
		char *ij = items_json(in->items, in->nitems);
		sv.s.items = arena_strdup(c->a, ij);
		free(ij);
	}
	if (in->has_scale)
		sv.s.scale = arena_printf(c->a, "%g,%g,%g", in->scale.satisfied, in->scale.basic,
					  in->scale.unsatisfied);
	if (in->has_title)
		sv.s.title = in->title;
	if (in->has_recheck_share)
		sv.s.recheck_share = in->recheck_share;
	rc = store_survey_update(st, &sv.s);
	if (rc < 0)
		return rc;
	json_t *ev = json_pack("{s:s, s:s, s:s, s:s, s:i}", "title", sv.s.title, "design",
			       sv.s.design, "items", sv.s.items, "scale", sv.s.scale,
			       "recheck_share", sv.s.recheck_share);
	return svc_event(c, "survey.update", "survey", op->id, NULL, NULL, 0, ev);
}

int svc_survey_update(struct svc_ctx *c, int64_t id, const struct svc_survey_in *in)
{
	int rc = survey_need(c, PERM_SURVEY_RUN);
	if (rc < 0 || (rc = check_in(c, in)) < 0)
		return rc;
	struct update_op op = {c, id, in};
	rc = svc_tx(c, 1, update_tx, &op);
	return rc < 0 ? rc : 0;
}

struct get_op {
	struct svc_ctx *c;
	int64_t id;
	struct svc_survey *out;
};

static int get_tx(struct store *st, void *arg)
{
	struct get_op *op = arg;
	return survey_load(op->c, st, op->id, op->out);
}

int svc_survey_get(struct svc_ctx *c, int64_t id, struct svc_survey *out)
{
	struct get_op op = {c, id, out};
	int rc = svc_tx(c, 0, get_tx, &op);
	if (rc < 0)
		return rc;
	return visible(c, &out->s) ? 0 : WB_ERR_NOT_FOUND;
}

struct list_op {
	struct svc_ctx *c;
	int64_t campaign_id;
	unsigned states;
	struct svc_survey *v;
	int n, cap;
};

static int list_cb(void *arg, const struct wb_survey *s)
{
	struct list_op *op = arg;
	if (!visible(op->c, s) || (op->states && !(op->states & 1u << s->state)))
		return 0;
	if (op->n == op->cap) {
		int cap = op->cap ? op->cap * 2 : 8;
		struct svc_survey *v = arena_alloc(op->c->a, (size_t)cap * sizeof *v);
		if (op->n)
			memcpy(v, op->v, (size_t)op->n * sizeof *v);
		op->v = v;
		op->cap = cap;
	}
	return survey_parse(op->c, s, &op->v[op->n++]);
}

static int list_tx(struct store *st, void *arg)
{
	struct list_op *op = arg;
	op->n = 0;
	return store_survey_list(st, op->campaign_id, -1, op->c->a, list_cb, op);
}

int svc_survey_list(struct svc_ctx *c, int64_t campaign_id, unsigned states,
		    struct svc_survey **out, int *n)
{
	struct list_op op = {c, campaign_id, states, NULL, 0, 0};
	int rc = svc_tx(c, 0, list_tx, &op);
	*out = op.v;
	*n = op.n;
	return rc < 0 ? rc : 0;
}

/* ---- the frame ---- */

struct frame_op {
	struct svc_ctx *c;
	int64_t id;
	const struct sio_frame *f;
	struct svc_frame_result *out;
	const char *digest;
};

struct unit_map {
	struct wb_unit *v;
	int n, cap;
	struct arena *a;
};

static int unit_map_add(void *arg, const struct wb_unit *u)
{
	struct unit_map *m = arg;
	if (m->n == m->cap) {
		int cap = m->cap ? m->cap * 2 : 64;
		struct wb_unit *v = arena_alloc(m->a, (size_t)cap * sizeof *v);
		if (m->n)
			memcpy(v, m->v, (size_t)m->n * sizeof *v);
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n] = *u;
	m->v[m->n].code = arena_strdup(m->a, u->code);
	m->v[m->n].name = arena_strdup(m->a, u->name);
	m->n++;
	return 0;
}

static const struct wb_unit *unit_by_code(const struct unit_map *m, const char *code)
{
	for (int i = 0; i < m->n; i++)
		if (m->v[i].code && strcmp(m->v[i].code, code) == 0)
			return &m->v[i];
	return NULL;
}

static void frame_err(struct svc_ctx *c, struct svc_frame_result *out, size_t line, const char *msg)
{
	if (out->nerr == SVC_MAX_ERRS) {
		out->more++;
		return;
	}
	out->err[out->nerr].line = line;
	out->err[out->nerr++].message = arena_strdup(c->a, msg);
}

static int frame_tx(struct store *st, void *arg)
{
	struct frame_op *op = arg;
	struct svc_ctx *c = op->c;
	struct svc_survey sv;
	int rc = survey_load(c, st, op->id, &sv);
	if (rc < 0)
		return rc;
	if (sv.s.state != SV_DRAFT && sv.s.state != SV_COMMITTED)
		return svc_fail(c, WB_ERR_STATE, "the frame is closed");
	struct unit_map m = {.a = c->a};
	struct store_unit_filter uf = {.kind = -1, .limit = 1000000};
	if ((rc = store_unit_list(st, &uf, unit_map_add, &m)) < 0)
		return rc;
	const struct sio_frame *f = op->f;
	/* Each unit of the frame must be a responsible unit. */
	const struct wb_unit **unit = arena_alloc(c->a, (f->nu ? f->nu : 1) * sizeof *unit);
	for (size_t i = 0; i < f->nu; i++) {
		unit[i] = unit_by_code(&m, f->u[i].code);
		if (unit[i] == NULL || !wb_unit_kind_is_responsible(unit[i]->kind))
			frame_err(c, op->out, f->p[f->u[i].first].line,
				  arena_printf(c->a,
					       "unit_code %s is not the code of a department or a "
					       "street",
					       f->u[i].code));
	}
	if (op->out->nerr)
		return WB_ERR_INVALID;
	if ((rc = store_sperson_clear(st, op->id)) < 0)
		return rc;
	for (size_t i = 0; i < f->nu; i++) {
		for (size_t k = f->u[i].first; k < f->u[i].first + f->u[i].n; k++) {
			const struct sio_person *p = &f->p[k];
			const char *contact = NULL;
			if ((p->name && p->name[0]) || (p->phone && p->phone[0])) {
				json_t *j = json_pack("{s:s, s:s}", "name", p->name ? p->name : "",
						      "phone", p->phone ? p->phone : "");
				char *t = json_dumps(j, JSON_COMPACT);
				json_decref(j);
				contact = survey_seal(c, t);
				sodium_memzero(t, strlen(t));
				free(t);
			}
			struct wb_survey_person sp = {
				.survey_id = op->id,
				.unit_id = unit[i]->id,
				.unit_code = p->unit,
				.respondent_id = p->id,
				.stratum = p->stratum,
				.contact = contact,
				.outcome = -1,
				.mode = -1,
			};
			if ((rc = store_sperson_insert(st, &sp)) < 0)
				return rc;
		}
	}
	op->out->people = (int64_t)f->n;
	op->out->units = (int64_t)f->nu;
	char *dj = design_json(&sv.design, op->digest, sv.seed_by);
	sv.s.design = arena_strdup(c->a, dj);
	free(dj);
	if ((rc = store_survey_update(st, &sv.s)) < 0)
		return rc;
	/* The event names the frame by its hash: contacts never enter the log. */
	json_t *ev = json_pack("{s:I, s:I, s:s}", "people", (json_int_t)f->n, "units",
			       (json_int_t)f->nu, "frame_hash", op->digest);
	return svc_event(c, "survey.frame", "survey", op->id, NULL, NULL, 0, ev);
}

const char *survey_frame_digest(struct svc_ctx *c, const struct sio_frame *f)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "unit_code,respondent_id,stratum\n");
	for (size_t i = 0; i < f->n; i++) {
		sio_field(&b, f->p[i].unit);
		buf_addc(&b, ',');
		sio_field(&b, f->p[i].id);
		buf_addc(&b, ',');
		sio_field(&b, f->p[i].stratum);
		buf_addc(&b, '\n');
	}
	char *hex = arena_alloc(c->a, 65);
	svc_hash_bytes(b.ptr, b.len, hex);
	buf_release(&b);
	return hex;
}

int svc_survey_frame(struct svc_ctx *c, int64_t id, const char *data, size_t len,
		     struct svc_frame_result *out)
{
	memset(out, 0, sizeof *out);
	int rc = survey_need(c, PERM_SURVEY_RUN);
	if (rc < 0)
		return rc;
	struct sio_frame f;
	struct csvin_errs *e = arena_alloc(c->a, sizeof *e);
	if (sio_frame_read(data, len, c->a, &f, e) < 0) {
		for (size_t i = 0; i < e->n; i++)
			frame_err(c, out, e->v[i].line, e->v[i].msg);
		out->more += e->more;
		return svc_fail(c, WB_ERR_INVALID, "the frame has errors: nothing was imported");
	}
	if ((f.has_name || f.has_phone) && !has_key) {
		sio_frame_free(&f);
		return svc_fail(c, WB_ERR_STATE,
				"no key to seal names and phones is configured (serve --key-file)");
	}
	struct frame_op op = {c, id, &f, out, survey_frame_digest(c, &f)};
	rc = svc_tx(c, 1, frame_tx, &op);
	sio_frame_free(&f);
	if (rc == WB_ERR_INVALID && out->nerr)
		return svc_fail(c, WB_ERR_INVALID, "the frame has errors: nothing was imported");
	return rc < 0 ? rc : 0;
}

/* ---- commit, close, draw, finish, publish ---- */

struct state_op {
	struct svc_ctx *c;
	int64_t id;
	const char *arg; /* seed_hash, seed or notice */
};

static int set_state(struct svc_ctx *c, struct svc_survey *sv, enum wb_survey_state to,
		     const char *kind, json_t *ev)
{
	const char *from = wb_enum_name(&wb_survey_states, sv->s.state);
	sv->s.state = to;
	int rc = store_survey_update(c->st, &sv->s);
	if (rc < 0) {
		json_decref(ev);
		return rc;
	}
	return svc_event(c, kind, "survey", sv->s.id, from, wb_enum_name(&wb_survey_states, to), 0,
			 ev);
}

static int commit_tx(struct store *st, void *arg)
{
	struct state_op *op = arg;
	struct svc_ctx *c = op->c;
	struct svc_survey sv;
	int rc = survey_load(c, st, op->id, &sv);
	if (rc < 0)
		return rc;
	if (sv.s.state != SV_DRAFT)
		return svc_fail(c, WB_ERR_STATE, "the seed is committed once, in a draft");
	if (op->arg) {
		sv.s.seed_hash = op->arg;
	} else {
		unsigned char seed[32];
		char hex[65], hash[65];
		randombytes_buf(seed, sizeof seed);
		sodium_bin2hex(hex, sizeof hex, seed, sizeof seed);
		wb_seed_hash(seed, sizeof seed, hash);
		sv.s.seed_box = survey_seal(c, hex);
		sv.s.seed_hash = arena_strdup(c->a, hash);
		sodium_memzero(seed, sizeof seed);
		sodium_memzero(hex, sizeof hex);
	}
	sv.seed_by = op->arg ? "bureau" : "server";
	char *dj = design_json(&sv.design, sv.frame_hash, sv.seed_by);
	sv.s.design = arena_strdup(c->a, dj);
	free(dj);
	sv.s.committed_at = c->now;
	return set_state(c, &sv, SV_COMMITTED, "survey.commit",
			 json_pack("{s:s, s:b}", "seed_hash", sv.s.seed_hash, "server_seed",
				   op->arg == NULL));
}

int svc_survey_commit(struct svc_ctx *c, int64_t id, const char *seed_hash)
{
	int rc = survey_need(c, PERM_SURVEY_RUN);
	if (rc < 0)
		return rc;
	if (seed_hash) {
		int ok = strlen(seed_hash) == 64;
		for (const char *p = seed_hash; ok && *p; p++)
			ok = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');
		if (!ok)
			return svc_field(
				c, "seed_hash",
				"must be the SHA-256 of the seed: 64 lowercase hex digits");
	} else if (!has_key) {
		return svc_fail(c, WB_ERR_STATE,
				"no key to keep the server's seed sealed is configured: give "
				"seed_hash, the hash of a seed the bureau keeps");
	}
	struct state_op op = {c, id, seed_hash};
	rc = svc_tx(c, 1, commit_tx, &op);
	return rc < 0 ? rc : 0;
}

struct design_add {
	struct svc_ctx *c;
	struct svc_survey *sv;
	int64_t units, people;
	int rc;
};

static int design_row(void *arg, int ncols, const char *const *v)
{
	(void)ncols;
	struct design_add *d = arg;
	int64_t unit = strtoll(v[0], NULL, 10), N = strtoll(v[1], NULL, 10);
	int64_t n = wb_design_n(&d->sv->design, N);
	d->units++;
	d->people += N;
	return store_sunit_insert(d->c->st, d->sv->s.id, unit, N, n) < 0 ? WB_ERR_DB : 0;
}

static int close_tx(struct store *st, void *arg)
{
	struct state_op *op = arg;
	struct svc_ctx *c = op->c;
	struct svc_survey sv;
	int rc = survey_load(c, st, op->id, &sv);
	if (rc < 0)
		return rc;
	if (sv.s.state != SV_COMMITTED)
		return svc_fail(c, WB_ERR_STATE,
				sv.s.state == SV_DRAFT
					? "commit the seed's hash before the frame is closed"
					: "the frame is already closed");
	struct design_add d = {c, &sv, 0, 0, 0};
	if ((rc = store_survey_frame_units(st, sv.s.id, design_row, &d)) < 0)
		return rc;
	if (d.people == 0)
		return svc_fail(c, WB_ERR_STATE, "the frame is empty: import it first");
	const char *hash = sv.frame_hash ? sv.frame_hash : "";
	sv.s.closed_at = c->now;
	return set_state(c, &sv, SV_CLOSED, "survey.close",
			 json_pack("{s:s, s:I, s:I}", "frame_hash", hash, "people",
				   (json_int_t)d.people, "units", (json_int_t)d.units));
}

int svc_survey_close(struct svc_ctx *c, int64_t id)
{
	int rc = survey_need(c, PERM_SURVEY_RUN);
	if (rc < 0)
		return rc;
	struct state_op op = {c, id, NULL};
	rc = svc_tx(c, 1, close_tx, &op);
	return rc < 0 ? rc : 0;
}

/* One unit's people, for the draw. */
struct people {
	struct svc_ctx *c;
	int64_t *id;
	const char **rid;
	const char *code;
	size_t n, cap;
};

static int people_add(void *arg, int ncols, const char *const *v)
{
	(void)ncols;
	struct people *p = arg;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 256;
		p->id = xreallocarray(p->id, p->cap, sizeof *p->id);
		p->rid = xreallocarray(p->rid, p->cap, sizeof *p->rid);
	}
	p->id[p->n] = strtoll(v[0], NULL, 10);
	p->rid[p->n] = arena_strdup(p->c->a, v[1]);
	if (p->code == NULL)
		p->code = arena_strdup(p->c->a, v[2]);
	p->n++;
	return 0;
}

struct unit_design {
	int64_t unit, N, n;
};

struct designs {
	struct svc_ctx *c;
	struct unit_design *v;
	int n, cap;
};

static int designs_add(void *arg, int ncols, const char *const *v)
{
	(void)ncols;
	struct designs *d = arg;
	if (d->n == d->cap) {
		int cap = d->cap ? d->cap * 2 : 32;
		struct unit_design *x = arena_alloc(d->c->a, (size_t)cap * sizeof *x);
		if (d->n)
			memcpy(x, d->v, (size_t)d->n * sizeof *x);
		d->v = x;
		d->cap = cap;
	}
	d->v[d->n++] = (struct unit_design){strtoll(v[0], NULL, 10), strtoll(v[1], NULL, 10),
					    strtoll(v[2], NULL, 10)};
	return 0;
}

static int draw_tx(struct store *st, void *arg)
{
	struct state_op *op = arg;
	struct svc_ctx *c = op->c;
	struct svc_survey sv;
	int rc = survey_load(c, st, op->id, &sv);
	if (rc < 0)
		return rc;
	if (sv.s.state != SV_CLOSED)
		return svc_fail(c, WB_ERR_STATE,
				sv.s.state < SV_CLOSED ? "close the frame before the draw"
						       : "the sample is already drawn");
	const char *hex = op->arg;
	if (hex == NULL && sv.s.seed_box == NULL)
		return svc_field(c, "seed", "is required: the bureau keeps this survey's seed");
	if (hex && sv.s.seed_box)
		return svc_field(c, "seed", "must not be given: the server keeps this seed");
	if (hex == NULL && (hex = survey_unseal(c, sv.s.seed_box)) == NULL)
		return svc_fail(c, WB_ERR_STATE, "the seed cannot be unsealed with this key");
	unsigned char seed[WB_SEED_MAX];
	int len = wb_seed_parse(hex, seed);
	char hash[65];
	if (len > 0)
		wb_seed_hash(seed, (size_t)len, hash);
	if (len < 0 || strcmp(hash, sv.s.seed_hash) != 0)
		return svc_field(c, "seed", "does not match the committed hash");
	struct designs ds = {.c = c};
	if ((rc = store_sunit_list(st, sv.s.id, designs_add, &ds)) < 0)
		return rc;
	json_t *units = json_array();
	for (int i = 0; i < ds.n && rc >= 0; i++) {
		struct people p = {.c = c};
		rc = store_sperson_of_unit(st, sv.s.id, ds.v[i].unit, people_add, &p);
		size_t *order = xcalloc(p.n ? p.n : 1, sizeof *order);
		if (rc >= 0 &&
		    wb_draw_order(seed, (size_t)len, p.code ? p.code : "", p.rid, p.n, order) < 0)
			rc = WB_ERR_INTERNAL;
		for (int64_t k = 0; rc >= 0 && k < ds.v[i].n && (size_t)k < p.n; k++)
			rc = store_sperson_draw(st, p.id[order[k]], k + 1);
		json_array_append_new(
			units, json_pack("{s:I, s:I, s:I}", "unit_id", (json_int_t)ds.v[i].unit,
					 "N", (json_int_t)ds.v[i].N, "n", (json_int_t)ds.v[i].n));
		free(order);
		free(p.id);
		free(p.rid);
	}
	if (rc < 0) {
		json_decref(units);
		return rc;
	}
	sv.s.seed = arena_strdup(c->a, hex);
	for (char *q = (char *)sv.s.seed; *q; q++)
		if (*q >= 'A' && *q <= 'F')
			*q = (char)(*q - 'A' + 'a');
	sv.s.seed_box = NULL;
	sv.s.drawn_at = c->now;
	return set_state(c, &sv, SV_FIELDWORK, "survey.draw",
			 json_pack("{s:s, s:s, s:o}", "seed", sv.s.seed, "frame_hash",
				   sv.frame_hash ? sv.frame_hash : "", "units", units));
}

int svc_survey_draw(struct svc_ctx *c, int64_t id, const char *seed)
{
	int rc = survey_need(c, PERM_SURVEY_RUN);
	if (rc < 0)
		return rc;
	struct state_op op = {c, id, seed};
	rc = svc_tx(c, 1, draw_tx, &op);
	return rc < 0 ? rc : 0;
}

static int finish_tx(struct store *st, void *arg)
{
	struct state_op *op = arg;
	struct svc_survey sv;
	int rc = survey_load(op->c, st, op->id, &sv);
	if (rc < 0)
		return rc;
	if (sv.s.state != SV_FIELDWORK)
		return svc_fail(op->c, WB_ERR_STATE, "only a survey in fieldwork can be finished");
	sv.s.finished_at = op->c->now;
	return set_state(op->c, &sv, SV_FINISHED, "survey.finish", NULL);
}

int svc_survey_finish(struct svc_ctx *c, int64_t id)
{
	int rc = survey_need(c, PERM_SURVEY_RUN);
	if (rc < 0)
		return rc;
	struct state_op op = {c, id, NULL};
	rc = svc_tx(c, 1, finish_tx, &op);
	return rc < 0 ? rc : 0;
}

static int publish_tx(struct store *st, void *arg)
{
	struct state_op *op = arg;
	struct svc_ctx *c = op->c;
	struct svc_survey sv;
	int rc = survey_load(c, st, op->id, &sv);
	if (rc < 0)
		return rc;
	if (sv.s.state != SV_FINISHED)
		return svc_fail(c, WB_ERR_STATE,
				sv.s.state == SV_PUBLISHED ? "the results are already published"
							   : "finish fieldwork before publishing");
	json_t *res = NULL;
	if ((rc = survey_estimates_of(c, st, &sv, &res)) < 0)
		return rc;
	char *t = json_dumps(res, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(res);
	sv.s.results = arena_strdup(c->a, t);
	char hex[65];
	svc_hash_text(t, hex);
	free(t);
	sv.s.notice = op->arg;
	sv.s.published_at = c->now;
	return set_state(c, &sv, SV_PUBLISHED, "survey.publish",
			 json_pack("{s:s, s:s}", "results_hash", hex, "notice", op->arg));
}

int svc_survey_publish(struct svc_ctx *c, int64_t id, const char *notice)
{
	int rc = survey_need(c, PERM_SURVEY_PUBLISH);
	if (rc < 0)
		return rc;
	if (svc_text(c, "notice", notice, 1, SVC_TEXT_MAX, 1) < 0)
		return WB_ERR_INVALID;
	struct state_op op = {c, id, notice};
	rc = svc_tx(c, 1, publish_tx, &op);
	return rc < 0 ? rc : 0;
}
