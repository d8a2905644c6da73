#include "svc.h"

#include <sodium.h>
#include <string.h>

#include "../core/date.h"
#include "../core/text.h"
#include "../util/err.h"
#include "svc_int.h"

int svc_ctx_init(struct svc_ctx *c, struct store *st, struct arena *a, int64_t now)
{
	memset(c, 0, sizeof *c);
	c->st = st;
	c->a = a;
	c->now = now;
	c->who.role = ROLE__N;
	return store_settings_load(st, &c->cfg) < 0 ? WB_ERR_DB : 0;
}

int svc_field(struct svc_ctx *c, const char *field, const char *message)
{
	if (c->errs.n < SVC_MAX_ERRS) {
		c->errs.v[c->errs.n].field = field;
		c->errs.v[c->errs.n].message = message;
		c->errs.n++;
	}
	return WB_ERR_INVALID;
}

int svc_fail(struct svc_ctx *c, int err, const char *detail)
{
	c->errs.detail = detail;
	return err;
}

wb_date svc_today(const struct svc_ctx *c)
{
	return wb_date_of_time(c->now, c->cfg.tz_min);
}

int svc_text(struct svc_ctx *c, const char *field, const char *s, int min, int max, int required)
{
	if (s == NULL)
		return required ? svc_field(c, field, "is required") : 0;
	long n = wb_text_chars(s, strlen(s));
	if (n < 0)
		return svc_field(c, field, "must be UTF-8 text without control characters");
	if (n < min || (min > 0 && !wb_text_has_content(s)))
		return svc_field(
			c, field,
			min > 1 ? arena_printf(c->a, "must have at least %d characters", min)
				: "must not be empty");
	if (n > max)
		return svc_field(c, field,
				 arena_printf(c->a, "must have at most %d characters", max));
	return 0;
}

int svc_event(struct svc_ctx *c, const char *kind, const char *subject_type, int64_t subject_id,
	      const char *from, const char *to, int64_t unit_id, json_t *data)
{
	struct wb_event ev = {
		.at = c->now,
		.actor_user_id = c->who.user_id,
		.actor_unit_id = unit_id ? unit_id : c->who.unit_id,
		.kind = kind,
		.subject_type = subject_type,
		.subject_id = subject_id,
		.from_status = from,
		.to_status = to,
	};
	char *text = NULL;
	if (data) {
		text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
		json_decref(data);
		if (text == NULL)
			return WB_ERR_INTERNAL;
	}
	ev.data = text;
	int rc = store_event_append(c->st, &ev);
	free(text);
	return rc < 0 ? rc : 0;
}

char *svc_random_code(struct svc_ctx *c, int n)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	char *s = arena_alloc(c->a, (size_t)n + 1);
	for (int i = 0; i < n; i++)
		s[i] = alphabet[randombytes_uniform(32)];
	s[n] = '\0';
	return s;
}

struct svc_tx_call {
	struct svc_ctx *c;
	int (*fn)(struct store *st, void *arg);
	void *arg;
};

static int svc_tx_run(struct store *st, void *arg)
{
	struct svc_tx_call *w = arg;
	struct store *own = w->c->st;
	w->c->st = st;
	int rc = w->fn(st, w->arg);
	w->c->st = own;
	return rc;
}

int svc_tx(struct svc_ctx *c, int write, int (*fn)(struct store *st, void *arg), void *arg)
{
	struct svc_tx_call w = {c, fn, arg};
	return store_tx(c->st, write, svc_tx_run, &w);
}

void svc_put_date(json_t *d, const char *key, wb_date v)
{
	char s[11];
	wb_date_format(v, s);
	json_object_set_new(d, key, json_string(s));
}
