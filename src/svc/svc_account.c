/* Accounts: Argon2id password hashes, session tokens kept only as hashes, users. */
#include "svc.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "../core/enums.h"
#include "../core/perm.h"
#include "../core/text.h"
#include "../util/err.h"
#include "../util/log.h"
#include "svc_int.h"

int svc_password_hash(const char *password, char out[128])
{
	_Static_assert(crypto_pwhash_STRBYTES <= 128, "hash buffer");
	if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return WB_ERR_INTERNAL;
	return 0;
}

static void token_hash(const char *token, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

struct login_op {
	struct svc_ctx *c;
	const char *hash;
	int64_t user_id, expires_at;
	const struct svc_origin *from;
};

/* @return the time before which a login unused has ended */
static int64_t idle_since(const struct svc_ctx *c)
{
	return c->now - (int64_t)c->cfg.session_idle_minutes * 60;
}

static int login_tx(struct store *st, void *arg)
{
	struct login_op *op = arg;
	char agent[201] = "";
	if (op->from && op->from->agent) {
		/* cut at a character's start, never inside one */
		size_t n = strlen(op->from->agent);
		if (n > 200)
			for (n = 200; n > 0 && (op->from->agent[n] & 0xC0) == 0x80; n--)
				;
		memcpy(agent, op->from->agent, n);
		agent[n] = '\0';
	}
	int rc = store_session_insert(st, op->hash, op->user_id, op->c->now, op->expires_at,
				      op->from ? op->from->ip : NULL, agent);
	/* The new login counts; the least recently used beyond the cap end. */
	if (rc >= 0)
		rc = store_session_trim(st, op->user_id, SVC_SESSIONS_MAX);
	/* Expired and idle sessions are cleared as new ones are made; no separate sweeper. */
	if (rc >= 0)
		rc = store_session_purge(st, op->c->now, idle_since(op->c));
	return rc < 0 ? rc : 0;
}

/* A fixed hash to verify against when the user is unknown, so timing tells nothing. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	if (svc_password_hash("not a password of anyone", dummy_hash) < 0)
		dummy_hash[0] = '\0';
}

/*
 * Verifying a password costs tens of milliseconds of CPU by design (Argon2id). At most
 * HASH_SLOTS run at once, whatever the number of request threads, so a burst of logins,
 * failed or not, cannot take every thread from the other requests.
 */
enum { HASH_SLOTS = 2 };
static pthread_mutex_t hash_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hash_free = PTHREAD_COND_INITIALIZER;
static int hashing;

static int verify_password(const char *pwhash, const char *password)
{
	pthread_mutex_lock(&hash_lock);
	while (hashing >= HASH_SLOTS)
		pthread_cond_wait(&hash_free, &hash_lock);
	hashing++;
	pthread_mutex_unlock(&hash_lock);
	int ok = crypto_pwhash_str_verify(pwhash, password, strlen(password)) == 0;
	pthread_mutex_lock(&hash_lock);
	hashing--;
	pthread_cond_signal(&hash_free);
	pthread_mutex_unlock(&hash_lock);
	return ok;
}

int svc_login(struct svc_ctx *c, const char *username, const char *password,
	      const struct svc_origin *from, struct svc_login *out)
{
	const char *pwhash = NULL;
	if (username == NULL || password == NULL)
		return svc_fail(c, WB_ERR_AUTH, "wrong username or password");
	int rc = store_user_by_name(c->st, username, c->a, &out->user, &pwhash);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		pthread_once(&dummy_once, make_dummy);
		if (dummy_hash[0] == '\0')
			return WB_ERR_INTERNAL;
		pwhash = dummy_hash;
	}
	int ok = verify_password(pwhash, password);
	if (rc == 0 || !ok)
		return svc_fail(c, WB_ERR_AUTH, "wrong username or password");

	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	char *token = arena_alloc(c->a, 64);
	sodium_bin2base64(token, 64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char hash[65];
	token_hash(token, hash);
	struct login_op op = {c, hash, out->user.id, c->now + (int64_t)c->cfg.session_hours * 3600,
			      from};
	rc = svc_tx(c, 1, login_tx, &op);
	if (rc < 0)
		return rc;
	out->token = token;
	out->expires_at = op.expires_at;
	return 0;
}

struct touch_op {
	const char *hash;
	int64_t now;
};

static int touch_tx(struct store *st, void *arg)
{
	struct touch_op *op = arg;
	return store_session_touch(st, op->hash, op->now);
}

int svc_authenticate(struct svc_ctx *c, const char *token, struct wb_user *user,
		     int64_t *expires_at)
{
	if (token == NULL || strlen(token) < 20 || strlen(token) > 100)
		return svc_fail(c, WB_ERR_AUTH, "not logged in");
	char hash[65];
	token_hash(token, hash);
	int64_t exp = 0, seen = 0;
	int rc = store_session_user(c->st, hash, c->now, idle_since(c), c->a, user, &exp, &seen);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return svc_fail(c, WB_ERR_AUTH,
				"the login has expired, was ended, or was left unused");
	/* Marked used at most once a minute: a read writes rarely. A failure to mark it costs
	 * the user a login sooner, not the request. */
	if (c->now - seen >= 60)
		(void)svc_tx(c, 1, touch_tx, &(struct touch_op){hash, c->now});
	c->who.user_id = user->id;
	c->who.role = user->role;
	c->who.unit_id = user->unit_id;
	if (expires_at)
		*expires_at = exp;
	return 0;
}

static int logout_tx(struct store *st, void *arg)
{
	return store_session_delete(st, arg);
}

int svc_logout(struct svc_ctx *c, const char *token)
{
	char hash[65];
	token_hash(token, hash);
	int rc = svc_tx(c, 1, logout_tx, hash);
	return rc < 0 ? rc : 0;
}

int svc_sessions(struct svc_ctx *c, const char *token, struct wb_session **out, int *n,
		 int *current)
{
	int rc = store_session_list(c->st, c->who.user_id, c->now, idle_since(c), c->a, out, n);
	if (rc < 0)
		return rc;
	char hash[65];
	token_hash(token, hash);
	*current = -1;
	for (int i = 0; i < *n; i++)
		if (strncmp((*out)[i].id, hash, 16) == 0)
			*current = i;
	return 0;
}

struct end_op {
	int64_t user_id;
	const char *id;
};

static int end_tx(struct store *st, void *arg)
{
	struct end_op *op = arg;
	return store_session_end(st, op->user_id, op->id);
}

int svc_session_end(struct svc_ctx *c, const char *id)
{
	size_t n = strlen(id);
	if (n != 16 || strspn(id, "0123456789abcdef") != n)
		return svc_fail(c, WB_ERR_NOT_FOUND, "no such login of yours");
	int rc = svc_tx(c, 1, end_tx, &(struct end_op){c->who.user_id, id});
	if (rc < 0)
		return rc;
	return rc == 0 ? svc_fail(c, WB_ERR_NOT_FOUND, "no such login of yours") : 0;
}

/* Which kinds of unit a role's users belong to; UK__N in a slot means "none allowed". */
static int unit_fits_role(enum wb_role role, int has_unit, enum wb_unit_kind kind)
{
	switch (role) {
	case ROLE_ADMIN:
	case ROLE_LEADER:
		return !has_unit || kind == UK_OFFICE;
	case ROLE_STATION:
		return has_unit && kind == UK_STATION;
	case ROLE_POINT:
		return has_unit && kind == UK_POINT;
	case ROLE_UNIT:
		return has_unit && wb_unit_kind_is_responsible(kind);
	case ROLE_STATS: /* the statistics bureau is not a unit under review */
		return !has_unit;
	default:
		return 0;
	}
}

struct user_op {
	struct svc_ctx *c;
	const struct wb_user *in;
	const char *pwhash;
	int64_t *id;
};

static int user_tx(struct store *st, void *arg)
{
	struct user_op *op = arg;
	struct svc_ctx *c = op->c;
	struct wb_unit u = {0};
	if (op->in->unit_id) {
		int rc = store_unit_get(st, op->in->unit_id, c->a, &u);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return svc_field(c, "unit_id", "no such unit");
	}
	if (!unit_fits_role(op->in->role, op->in->unit_id != 0, u.kind))
		return svc_field(
			c, "unit_id",
			"does not fit the role: station staff need a station, point staff a "
			"point, unit staff a department or street, the statistics bureau none, others "
			"the office or none");
	struct wb_user in = *op->in;
	in.created_at = c->now;
	int rc = store_user_insert(st, &in, op->pwhash, op->id);
	if (rc == WB_ERR_CONFLICT)
		return svc_fail(c, WB_ERR_CONFLICT, "the username is taken");
	if (rc < 0)
		return rc;
	json_t *data = json_pack("{s:s, s:s, s:I}", "username", op->in->username, "role",
				 wb_enum_name(&wb_roles, op->in->role), "unit_id",
				 (json_int_t)op->in->unit_id);
	return svc_event(c, "user.create", "user", *op->id, NULL, NULL, 0, data);
}

int svc_user_create(struct svc_ctx *c, const struct wb_user *in, const char *password, int64_t *id)
{
	if (!wb_perm_allows(c->who.role, PERM_USER_WRITE))
		return svc_fail(c, WB_ERR_FORBIDDEN, "only the district office manages users");
	if (in->username == NULL)
		svc_field(c, "username", "is required");
	else if (!wb_text_is_username(in->username))
		svc_field(c, "username", "must be 3 to 32 letters, digits, '.', '_' or '-'");
	svc_line(c, "display_name", in->display_name, 1, 50, 0);
	if ((unsigned)in->role >= ROLE__N)
		svc_field(c, "role", "must be admin, station, point, unit or leader");
	if (password == NULL)
		svc_field(c, "password", "is required");
	else if (strlen(password) < 10 || strlen(password) > 200)
		svc_field(c, "password", "must have 10 to 200 characters");
	else if (wb_password_weak(password))
		svc_field(c, "password", "is too easy to guess");
	if (c->errs.n)
		return WB_ERR_INVALID;
	char pwhash[128];
	if (svc_password_hash(password, pwhash) < 0)
		return WB_ERR_INTERNAL;
	struct wb_user u = *in;
	if (u.display_name == NULL)
		u.display_name = u.username;
	struct user_op op = {c, &u, pwhash, id};
	return svc_tx(c, 1, user_tx, &op);
}
