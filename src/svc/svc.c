#include "svc.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "../core/date.h"
#include "../core/text.h"
#include "../util/err.h"
#include "svc_int.h"

int64_t svc_mono_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec + 1;
}

/*
 * The district's settings, shared by the threads of a server (the connections of one
 * pool): read at most every SETTINGS_TTL seconds, since every request needs them and they
 * change rarely (wubiao config set; another server's change is seen within that time),
 * and again at once after this process changes them. A connection of its own reads them
 * each time.
 */
enum { SETTINGS_TTL = 2 };

static struct {
	pthread_mutex_t lock;
	const void *key;
	int64_t loaded; /* svc_mono_seconds(); 0: nothing cached */
	struct wb_settings cfg;
} settings_cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

void svc_settings_changed(void)
{
	pthread_mutex_lock(&settings_cache.lock);
	settings_cache.loaded = 0;
	pthread_mutex_unlock(&settings_cache.lock);
}

static int settings_of(struct store *st, struct wb_settings *out)
{
	const void *key = store_shared_key(st);
	if (key == NULL)
		return store_settings_load(st, out);
	int hit = 0;
	pthread_mutex_lock(&settings_cache.lock);
	if (settings_cache.loaded && settings_cache.key == key &&
	    svc_mono_seconds() - settings_cache.loaded < SETTINGS_TTL) {
		*out = settings_cache.cfg;
		hit = 1;
	}
	pthread_mutex_unlock(&settings_cache.lock);
	if (hit)
		return 1;
	int rc = store_settings_load(st, out);
	if (rc >= 0) {
		pthread_mutex_lock(&settings_cache.lock);
		settings_cache.key = key;
		settings_cache.cfg = *out;
		settings_cache.loaded = svc_mono_seconds();
		pthread_mutex_unlock(&settings_cache.lock);
	}
	return rc;
}

int svc_ctx_init(struct svc_ctx *c, struct store *st, struct arena *a, int64_t now)
{
	memset(c, 0, sizeof *c);
	c->st = st;
	c->a = a;
	c->now = now;
	c->who.role = ROLE__N;
	return settings_of(st, &c->cfg) < 0 ? WB_ERR_DB : 0;
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

int64_t svc_day_start(const struct svc_ctx *c, wb_date day)
{
	return (int64_t)day * 86400 - (int64_t)c->cfg.tz_min * 60;
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

int svc_line(struct svc_ctx *c, const char *field, const char *s, int min, int max, int required)
{
	int n = c->errs.n;
	int rc = svc_text(c, field, s, min, max, required);
	if (rc == 0 && c->errs.n == n && s && !wb_text_is_line(s))
		return svc_field(c, field, "must be one line, without tabs");
	return rc;
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

void svc_hash_bytes(const void *p, size_t n, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, p, n);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

void svc_hash_text(const char *s, char hex[65])
{
	svc_hash_bytes(s, strlen(s), hex);
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
