/*
 * The server: libmicrohttpd's internal epoll thread pool, a static route table, and the
 * life of one request: headers and body collected, the handler run on the last call of
 * the access handler (queuing on the first call makes libmicrohttpd 0.9.75 close
 * keep-alive connections), request memory freed in the completion callback.
 */
#include "server.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../util/err.h"
#include "../core/stages.h"
#include "../core/text.h"
#include "../util/log.h"
#include "guard.h"
#include "represent.h"
#include "http.h"

enum { MAX_URL = 2048 };
/*
 * Request bodies at most, in KiB: a write by a logged-in user (texts are at most 4,000
 * characters, 24 KiB when every one is written as \uXXXX), the public's (the same texts),
 * a read (none is needed), and a survey's frame, uploaded as CSV (a district's service
 * recipients, a few hundred thousand rows at most).
 */
enum { CAP_WRITE = 64, CAP_PUBLIC = 32, CAP_READ = 1, CAP_FRAME = 64 << 10, CAP_LETTER = 1024 };
/* The request's headers at most, together (libmicrohttpd's own limit is the connection's
 * memory, CONN_MEMORY, beyond which it answers 431 itself). */
enum { MAX_HEADERS = 32 << 10, CONN_MEMORY = 128 << 10 };

struct wb_server {
	struct wb_server_opts o;
	struct MHD_Daemon *d;
	struct store_pool *pool;
	struct rate *rate;
	struct guard *guard;
	int port;
	pthread_t sweeper;
	int sweeping; /**< the sweeper thread runs */
	pthread_mutex_t stop_lock;
	pthread_cond_t stop_cond;
	int stop;
};

struct rate *server_rate(struct wb_server *s)
{
	return s->rate;
}

void server_limits(struct wb_server *s, int *login_burst, int *public_burst, int *public_per_min)
{
	*login_burst = s->o.login_burst;
	*public_burst = s->o.public_burst;
	*public_per_min = s->o.public_per_min;
}

/* ---- routes ---- */

struct route {
	const char *method;
	const char *pattern; /**< segments after /api/v1/; ":id" a positive integer, ":w" text */
	int auth;            /**< 1: a login is required */
	handler_fn fn;
	unsigned cap_kib; /**< the body's cap in KiB; 0: CAP_READ, CAP_WRITE or CAP_PUBLIC */
};

static const struct route routes[] = {
	{"GET", "healthz", 0, h_healthz},
	{"POST", "session", 0, h_session_create},
	{"GET", "session", 1, h_session_get},
	{"DELETE", "session", 1, h_session_delete},
	{"GET", "sessions", 1, h_sessions_list},
	{"DELETE", "sessions/:w", 1, h_sessions_delete},
	{"GET", "units", 1, h_units_list},
	{"POST", "units", 1, h_units_create},
	{"GET", "units/:id", 1, h_units_get},
	{"PATCH", "units/:id", 1, h_units_patch},
	{"GET", "units/:id/accountability", 1, h_units_accountability},
	{"GET", "users", 1, h_users_list},
	{"POST", "users", 1, h_users_create},
	{"GET", "campaigns", 1, h_campaigns_list},
	{"POST", "campaigns", 1, h_campaigns_create},
	{"GET", "campaigns/:id", 1, h_campaigns_get},
	{"GET", "campaigns/:id/scores", 1, h_campaigns_scores},
	{"GET", "campaigns/:id/forms/:id", 1, h_campaigns_forms},
	{"GET", "schemes/current", 1, h_schemes_current},
	{"POST", "schemes", 1, h_schemes_create},
	{"GET", "calendar", 1, h_calendar_list},
	{"GET", "calendar/due", 1, h_calendar_due},
	{"PUT", "calendar/:w", 1, h_calendar_put},
	{"DELETE", "calendar/:w", 1, h_calendar_delete},
	{"GET", "audit/verify", 1, h_audit_verify},
	{"GET", "summary", 1, h_summary},
	{"POST", "reminders/run", 1, h_reminders_run},
	{"GET", "opinions", 1, h_opinions_list},
	{"POST", "opinions", 1, h_opinions_create},
	{"GET", "opinions/:id", 1, h_opinions_get},
	{"GET", "opinions/:id/similar", 1, h_opinions_similar},
	{"POST", "opinions/:id/reject", 1, h_opinions_reject},
	{"GET", "problems", 1, h_problems_list},
	{"POST", "problems", 1, h_problems_create},
	{"GET", "problems/:id", 1, h_problems_get},
	{"GET", "problems/:id/opinions", 1, h_problems_opinions},
	{"POST", "problems/:id/opinions", 1, h_problems_merge},
	{"GET", "problems/:id/events", 1, h_problems_events},
	{"GET", "problems/:id/progress", 1, h_problems_progress_list},
	{"GET", "problems/:id/evaluations", 1, h_problems_evaluations_list},
	{"GET", "problems/:id/accountability", 1, h_problems_accountability_list},
	{"POST", "problems/:id/accountability", 1, h_problems_accountability_create},
	{"GET", "surveys", 1, h_surveys_list},
	{"POST", "surveys", 1, h_surveys_create},
	{"GET", "surveys/:id", 1, h_surveys_get},
	{"PATCH", "surveys/:id", 1, h_surveys_patch},
	{"PUT", "surveys/:id/frame", 1, h_surveys_frame, CAP_FRAME},
	{"POST", "surveys/:id/commit", 1, h_surveys_commit},
	{"POST", "surveys/:id/close", 1, h_surveys_close},
	{"POST", "surveys/:id/draw", 1, h_surveys_draw},
	{"POST", "surveys/:id/finish", 1, h_surveys_finish},
	{"POST", "surveys/:id/publish", 1, h_surveys_publish},
	{"POST", "surveys/:id/next", 1, h_surveys_next},
	{"GET", "surveys/:id/people/:id", 1, h_surveys_person},
	{"POST", "surveys/:id/people/:id/outcome", 1, h_surveys_outcome},
	{"POST", "surveys/:id/people/:id/callback", 1, h_surveys_callback},
	{"POST", "surveys/:id/people/:id/recheck", 1, h_surveys_recheck},
	{"POST", "surveys/:id/codes", 1, h_surveys_codes},
	{"GET", "surveys/:id/recheck", 1, h_surveys_recheck_report},
	{"POST", "surveys/:id/recheck", 1, h_surveys_recheck_draw},
	{"GET", "surveys/:id/estimates", 1, h_surveys_estimates},
	{"GET", "surveys/:id/sample", 1, h_surveys_sample},
	{"GET", "surveys/:id/export/:w", 1, h_surveys_export},
	{"GET", "targets/:id", 1, h_targets_year},
	{"PUT", "targets/:id/scheme", 1, h_targets_scheme},
	{"GET", "targets/:id/assessment", 1, h_targets_assessment},
	{"GET", "targets/:id/letters", 1, h_targets_letters_export},
	{"GET", "targets/:id/letters/:id", 1, h_targets_letter},
	{"PUT", "targets/:id/letters/:id/items", 1, h_targets_letter_items, CAP_LETTER},
	{"POST", "targets/:id/letters/:id/issue", 1, h_targets_letter_issue},
	{"POST", "targets/:id/letters/:id/return", 1, h_targets_letter_return},
	{"POST", "targets/:id/letters/:id/sign", 1, h_targets_letter_sign},
	{"POST", "targets/:id/letters/:id/enact", 1, h_targets_letter_enact},
	{"POST", "targets/:id/letters/:id/amend", 1, h_targets_letter_amend, CAP_LETTER},
	{"POST", "targets/:id/letters/:id/results", 1, h_targets_letter_result},
	{"POST", "targets/:id/letters/:id/reports", 1, h_targets_letter_report},
	{"PUT", "targets/:id/letters/:id/selfcheck", 1, h_targets_letter_selfcheck},
	{"GET", "targets/:id/risks", 1, h_targets_risks},
	{"POST", "targets/:id/publish", 1, h_targets_publish},
	{"POST", "targets/:id/final", 1, h_targets_final},
	{"GET", "targets/:id/appeals", 1, h_targets_appeals},
	{"POST", "targets/:id/appeals", 1, h_targets_appeal_create},
	{"POST", "targets/:id/appeals/:id/decide", 1, h_targets_appeal_decide},
	{"GET", "targets/:id/proposals", 1, h_targets_proposals},
	{"POST", "targets/:id/proposals", 1, h_targets_proposal_decide},
	{"GET", "targets/:id/sanctions", 1, h_targets_sanctions},
	{"POST", "targets/:id/sanctions", 1, h_targets_sanction_create},
	{"GET", "targets/:id/letters/:id/persons", 1, h_targets_persons},
	{"PUT", "targets/:id/letters/:id/persons", 1, h_targets_persons_put, CAP_LETTER},
	{"GET", "targets/:id/mine", 1, h_targets_mine},
	{"GET", "units/:id/people", 1, h_people_list},
	{"POST", "units/:id/people", 1, h_people_create},
	{"PATCH", "people/:id", 1, h_people_patch},
	{"PUT", "users/:id/person", 1, h_users_person},
	{"GET", "contacts", 1, h_contacts_list},
	{"POST", "contacts", 1, h_contacts_create},
	{"GET", "contacts/counts", 1, h_contacts_counts},
	{"GET", "contacts/:id", 1, h_contacts_get},
	{"POST", "contacts/:id/handover", 1, h_contacts_handover},
	{"POST", "contacts/:id/done", 1, h_contacts_done},
	{"POST", "contacts/:id/opinions", 1, h_contacts_link},
	{"GET", "pledges", 1, h_pledges_list},
	{"POST", "pledges", 1, h_pledges_create},
	{"GET", "pledges/template", 1, h_pledges_template},
	{"GET", "pledges/:id", 1, h_pledges_get},
	{"PATCH", "pledges/:id", 1, h_pledges_patch},
	{"POST", "pledges/:id/publish", 1, h_pledges_publish},
	{"POST", "pledges/:id/records", 1, h_pledges_record},
	{"POST", "pledges/:id/ratings", 1, h_pledges_rate},
	{"GET", "notices", 1, h_notices_list},
	{"POST", "notices", 1, h_notices_create},
	{"GET", "notices/:id", 1, h_notices_get},
	{"PATCH", "notices/:id", 1, h_notices_patch},
	{"POST", "notices/:id/sign", 1, h_notices_sign},
	{"POST", "notices/:id/withdraw", 1, h_notices_withdraw},
	{"GET", "faults", 1, h_faults_list},
	{"GET", "ledger", 1, h_ledger},
	{"POST", "faults", 1, h_faults_create},
	{"GET", "faults/:id", 1, h_faults_get},
	{"POST", "faults/:id/confirm", 1, h_faults_confirm},
	{"POST", "faults/:id/dismiss", 1, h_faults_dismiss},
	{"POST", "faults/:id/decide", 1, h_faults_decide},
	{"POST", "faults/:id/appeal", 1, h_faults_appeal},
	{"POST", "faults/:id/appeal/decide", 1, h_faults_appeal_decide},
	{"GET", "public/survey/:w", 0, h_public_survey_get},
	{"POST", "public/survey/:w", 0, h_public_survey_answer},
	{"GET", "public/units", 0, h_public_units},
	{"POST", "public/opinions", 0, h_public_opinion},
	{"GET", "public/bulletins", 0, h_public_bulletins},
	{"GET", "public/notices", 0, h_public_notices},
	{"GET", "public/pledges", 0, h_public_pledges},
	{"GET", "public/pledges/:id", 0, h_public_pledge},
	{"POST", "public/pledges/:id/ratings", 0, h_public_pledge_rate},
	{"GET", "public/notices/:id", 0, h_public_notice},
	{"GET", "public/track/:w", 0, h_public_track},
	{"POST", "public/track/:w/evaluation", 0, h_public_evaluate},
};

/* A path id: a positive integer written plainly (wb_parse_int(): "01" and "+1" are not). */
static int parse_id(const char *s, size_t n, int64_t *out)
{
	long long v;
	if (wb_parse_int(s, n, 1, 999999999999999LL, &v) < 0)
		return -1;
	*out = v;
	return 0;
}

/* Match @p path (after /api/v1/) against @p pattern, capturing parameters into @p r. */
static int match(struct req *r, const char *pattern, const char *path)
{
	int nid = 0, nword = 0;
	while (*pattern && *path) {
		const char *pe = strchr(pattern, '/'), *se = strchr(path, '/');
		size_t pn = pe ? (size_t)(pe - pattern) : strlen(pattern);
		size_t sn = se ? (size_t)(se - path) : strlen(path);
		if (pn == 3 && memcmp(pattern, ":id", 3) == 0) {
			if (nid >= REQ_MAX_PARAMS || parse_id(path, sn, &r->ids[nid]) < 0)
				return 0;
			nid++;
		} else if (pn == 2 && memcmp(pattern, ":w", 2) == 0) {
			if (nword >= REQ_MAX_PARAMS || sn == 0 || sn > 64)
				return 0;
			r->words[nword++] = arena_strndup(&r->a, path, sn);
		} else if (pn != sn || memcmp(pattern, path, pn) != 0) {
			return 0;
		}
		pattern += pn + (pe != NULL);
		path += sn + (se != NULL);
		if ((pe == NULL) != (se == NULL))
			return 0;
	}
	return *pattern == '\0' && *path == '\0';
}

/*
 * A request body must be JSON, said so by its Content-Type (a survey's frame: CSV). A
 * browser sends another type across sites without asking first; application/json it does
 * not, so this also keeps other sites' pages from posting here.
 */
static int body_type_ok(struct req *r, const char *sub)
{
	const char *t = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
	size_t n = strlen(sub);
	int frame = n > 6 && strcmp(sub + n - 6, "/frame") == 0;
	const char *want = frame ? "text/csv" : "application/json";
	size_t w = strlen(want);
	return t && strncasecmp(t, want, w) == 0 && (t[w] == '\0' || t[w] == ';' || t[w] == ' ');
}

/*
 * A write without a login (signing in, the public's submissions) must not come from another
 * site's page: a browser says where a request comes from in Sec-Fetch-Site and Origin.
 * Clients that are not browsers send neither and pass.
 */
static int same_site(struct req *r)
{
	const char *site = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Sec-Fetch-Site");
	if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
		return 0;
	const char *origin = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Origin");
	const char *host = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Host");
	if (origin == NULL)
		return 1;
	const char *o = strstr(origin, "://");
	return host && o && strcmp(o + 3, host) == 0;
}

/* ---- authentication ---- */

static const char *bearer_or_cookie(struct req *r)
{
	const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Authorization");
	if (h && strncasecmp(h, "Bearer ", 7) == 0)
		return h + 7;
	const char *c = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "wb_session");
	if (c)
		r->cookie_auth = 1;
	return c;
}

static int authenticate(struct req *r)
{
	const char *tok = bearer_or_cookie(r);
	if (tok == NULL) {
		reply_problem(r, 401, "log in first: POST /api/v1/session");
		return -1;
	}
	int rc = svc_authenticate(&r->svc, tok, &r->user, &r->expires_at);
	if (rc < 0) {
		reply_err(r, rc);
		return -1;
	}
	r->token = tok;
	/* A cookie-authenticated write must come from our own pages: SameSite=Strict keeps
	 * other sites' cookies off, and this header cannot be sent cross-site without CORS. */
	if (r->cookie_auth && strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
		const char *x =
			MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Requested-With");
		if (x == NULL) {
			reply_problem(
				r, 403,
				"requests authenticated by cookie must send X-Requested-With");
			return -1;
		}
	}
	return 0;
}

/*
 * A public write sent with a login is that account's: the opinion it gives or the rating
 * it makes is recorded as entered by it (and a unit's, about itself, refused). Without a
 * login, or with one that has ended, it is the public's.
 */
static void identify(struct req *r)
{
	const char *tok = bearer_or_cookie(r);
	if (tok == NULL || svc_authenticate(&r->svc, tok, &r->user, &r->expires_at) == 0)
		return;
	/* the caller stays the public (who.role ROLE__N, as svc_ctx_init() left it) */
	r->svc.errs.n = 0;
	r->svc.errs.detail = NULL;
}

static int64_t now_of(struct wb_server *s)
{
	if (s == NULL)
		return 0;
	return s->o.fixed_now ? s->o.fixed_now : (int64_t)time(NULL);
}

/* The stage action whose POST path @p sub is (problems/{id}/<wb_stages path>), or -1. */
static int stage_of(struct req *r, const char *sub)
{
	char pattern[64];
	for (int a = 0; a < ACT__N; a++) {
		memset(r->ids, 0, sizeof r->ids);
		snprintf(pattern, sizeof pattern, "problems/:id/%s", wb_stages[a].path);
		if (match(r, pattern, sub))
			return a;
	}
	return -1;
}

static void add_allow(char *allow, size_t cap, const char *method)
{
	size_t n = strlen(allow);
	snprintf(allow + n, cap - n, "%s%s", n ? ", " : "", method);
}

static const struct route stage_route = {"POST", NULL, 1, NULL, 0};

/* Find the route of @p sub into r->route and r->stage, or reply 404 or 405. @return 0 if found */
static int find_route(struct req *r, const char *sub)
{
	const struct route *found = NULL;
	char allow[64] = "";
	size_t nroutes = sizeof routes / sizeof *routes;
	/* HEAD is GET without the body (libmicrohttpd leaves the body out) */
	const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
	for (size_t i = 0; i < nroutes; i++) {
		memset(r->ids, 0, sizeof r->ids);
		if (!match(r, routes[i].pattern, sub))
			continue;
		if (strcmp(routes[i].method, method) == 0) {
			found = &routes[i];
			break;
		}
		add_allow(allow, sizeof allow, routes[i].method);
		if (strcmp(routes[i].method, "GET") == 0)
			add_allow(allow, sizeof allow, "HEAD");
	}
	/* The stage actions' routes come from their table (core/stages.c). */
	int stage = found ? -1 : stage_of(r, sub);
	if (stage >= 0 && strcmp(r->method, "POST") != 0) {
		add_allow(allow, sizeof allow, "POST");
		stage = -1;
	}
	if (stage >= 0)
		found = &stage_route;
	if (found == NULL) {
		if (allow[0]) {
			r->allow = arena_strdup(&r->a, allow);
			reply_problem(r, wb_err_status(WB_ERR_METHOD),
				      "this method is not allowed here");
		} else {
			reply_problem(r, 404, "no such resource");
		}
		return -1;
	}
	r->route = found;
	r->stage = stage;
	return 0;
}

/* @return the cap of the body of a request for @p rt, in bytes */
static size_t route_cap(const struct route *rt, const char *method)
{
	unsigned kib = rt->cap_kib;
	if (kib == 0)
		kib = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0 ||
				      strcmp(method, "DELETE") == 0
			      ? CAP_READ
		      : rt->auth ? CAP_WRITE
				 : CAP_PUBLIC;
	return (size_t)kib << 10;
}

/* Authenticate before the body is read: a caller who could not send it is told at once. */
static int admit_caller(struct req *r)
{
	if (!r->route->auth)
		return 0;
	struct store *st = store_pool_get(r->srv->pool);
	int rc = -1;
	if (svc_ctx_init(&r->svc, st, &r->a, now_of(r->srv)) < 0)
		reply_problem(r, 500, "the database is not reachable");
	else if ((rc = authenticate(r)) == 0)
		r->authed = 1;
	store_pool_put(r->srv->pool, st);
	r->svc.st = NULL;
	return rc;
}

/*
 * The checks that need no body: its type, where it comes from, the caller (@p early: now,
 * else with the handler), its size against the route's cap, and room in the memory budget
 * for it. Made as soon as the headers are in, so a body that would be refused is never
 * read. @p len: the body's announced length (0: none or unknown). @return 0 to go on, or
 * -1 after replying
 */
static int admit(struct req *r, const char *sub, uint64_t len, int has_body, int early)
{
	const struct route *rt = r->route;
	if (has_body && !body_type_ok(r, sub)) {
		reply_problem(r, 415, "send the body as application/json");
		return -1;
	}
	if (!rt->auth && strcmp(r->method, "POST") == 0 && !same_site(r)) {
		reply_problem(r, 403, "a request from another site is refused");
		return -1;
	}
	if (early && admit_caller(r) < 0)
		return -1;
	r->body.max = route_cap(rt, r->method);
	if (len > r->body.max || r->body_too_large) {
		reply_problem(r, 413,
			      arena_printf(&r->a, "the request body is larger than %zu KiB",
					   r->body.max >> 10));
		return -1;
	}
	if (len > r->taken) {
		if (guard_take(r->srv->guard, (size_t)len - r->taken) < 0) {
			r->retry_after = "5";
			reply_problem(r, 503, "the server is busy; try again in a few seconds");
			return -1;
		}
		r->taken = (size_t)len;
	}
	return 0;
}

static void api(struct req *r, const char *sub)
{
	if (!r->admitted &&
	    (find_route(r, sub) < 0 || admit(r, sub, r->body.len, r->body.len > 0, 0) < 0))
		return;
	if (r->body_too_large) {
		reply_problem(r, 413,
			      arena_printf(&r->a, "the request body is larger than %zu KiB",
					   r->body.max >> 10));
		return;
	}
	if (r->over_budget) {
		r->retry_after = "5";
		reply_problem(r, 503, "the server is busy; try again in a few seconds");
		return;
	}
	struct store *st = store_pool_get(r->srv->pool);
	int ok = 1;
	if (svc_ctx_init(&r->svc, st, &r->a, now_of(r->srv)) < 0) {
		reply_problem(r, 500, "the database is not reachable");
		ok = 0;
	} else if (r->authed) {
		r->svc.who.user_id = r->user.id;
		r->svc.who.role = r->user.role;
		r->svc.who.unit_id = r->user.unit_id;
	} else if (r->route->auth && authenticate(r) < 0) {
		ok = 0;
	} else if (!r->route->auth && strcmp(r->method, "POST") == 0) {
		identify(r);
	}
	if (ok && r->stage >= 0)
		h_problems_stage(r, (enum wb_action)r->stage);
	else if (ok)
		r->route->fn(r);
	store_pool_put(r->srv->pool, st);
	r->svc.st = NULL;
}

/* ---- static files of the web UI ---- */

static const char *mime_of(const char *path)
{
	static const char *const map[][2] = {
		{".html", "text/html; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".json", "application/json"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".woff2", "font/woff2"},
		{".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof map / sizeof *map; i++)
		if (strcmp(dot, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

static struct MHD_Response *static_file(struct req *r, const char *root)
{
	const char *p = r->path;
	if (strcmp(p, "/") == 0)
		p = "/index.html";
	if (strstr(p, "..") || strstr(p, "//") || strchr(p, '\\'))
		return NULL;
	const char *mime = mime_of(p);
	if (mime == NULL)
		return NULL;
	char *full = arena_printf(&r->a, "%s%s", root, p);
	int fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return NULL;
	}
	/* the file's size and time of change tell its versions apart */
	char etag[64];
	snprintf(etag, sizeof etag, "\"%llx-%llx.%lx\"", (unsigned long long)sb.st_size,
		 (unsigned long long)sb.st_mtim.tv_sec, (unsigned long)sb.st_mtim.tv_nsec);
	const char *inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "If-None-Match");
	struct MHD_Response *resp;
	if (rep_none_match(inm, etag)) {
		close(fd);
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		r->status = 304;
	} else {
		resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
		if (resp == NULL) {
			close(fd);
			return NULL;
		}
		MHD_add_response_header(resp, "Content-Type", mime);
		r->status = 200;
	}
	MHD_add_response_header(resp, "ETag", etag);
	MHD_add_response_header(resp, "Cache-Control", "no-cache");
	return resp;
}

/* ---- reminders in the background ---- */

static int64_t now_of(struct wb_server *s);

/* Run the sweep once as the system (the district office, user 0). */
static void sweep_once(struct wb_server *s)
{
	struct arena a = ARENA_INIT;
	struct svc_ctx c;
	struct store *st = store_pool_get(s->pool);
	if (svc_ctx_init(&c, st, &a, now_of(s)) == 0) {
		c.who.role = ROLE_ADMIN;
		struct svc_sweep_result res;
		int rc = svc_sweep(&c, &res);
		if (rc < 0)
			wb_log(WB_LOG_WARN, "reminder sweep failed: %s", wb_err_name(rc));
		else if (res.reminded || res.escalated || res.faults_proposed)
			wb_log(WB_LOG_INFO,
			       "sent %d reminders and %d escalations, proposed %d faults",
			       res.reminded, res.escalated, res.faults_proposed);
	}
	store_pool_put(s->pool, st);
	arena_release(&a);
}

static void *sweeper(void *arg)
{
	struct wb_server *s = arg;
	pthread_mutex_lock(&s->stop_lock);
	while (!s->stop) {
		pthread_mutex_unlock(&s->stop_lock);
		sweep_once(s);
		pthread_mutex_lock(&s->stop_lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)s->o.sweep_minutes * 60;
		while (!s->stop &&
		       pthread_cond_timedwait(&s->stop_cond, &s->stop_lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&s->stop_lock);
	return NULL;
}

/* ---- one request ---- */

static void add_security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(
		resp, "Content-Security-Policy",
		"default-src 'self'; img-src 'self' data:; style-src 'self' "
		"'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
}

/*
 * A read's reply (200 to GET or HEAD): its entity tag, 304 when the client holds it
 * already, gzip when asked for on JSON and text. @return the response, or NULL to send
 * the body as it is; the tag goes to @p etag
 */
static struct MHD_Response *represent(struct req *r, char etag[REP_ETAG_MAX])
{
	int file = r->file_fd > 0;
	size_t len = file ? (size_t)r->file_size : r->out.len;
	const char *ae = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Accept-Encoding");
	int gz = len >= 256 && rep_compressible(r->content_type) && rep_accepts_gzip(ae);
	if (file ? rep_etag_fd(r->file_fd, gz, etag) < 0
		 : (rep_etag_buf(r->out.ptr, r->out.len, gz, etag), 0))
		etag[0] = '\0';
	const char *inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "If-None-Match");
	if (etag[0] && rep_none_match(inm, etag)) {
		r->status = 304;
		r->content_type = NULL;
		r->disposition = NULL;
		if (file)
			close(r->file_fd);
		r->file_fd = 0;
		return MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	}
	if (!gz)
		return NULL;
	struct MHD_Response *resp = NULL;
	if (file) {
		resp = rep_gzip_fd(r->file_fd);
		if (resp)
			r->file_fd = 0;
	} else {
		void *z;
		size_t zlen;
		if (rep_gzip_buf(r->out.ptr, r->out.len, &z, &zlen) == 0)
			resp = MHD_create_response_from_buffer(zlen, z, MHD_RESPMEM_MUST_FREE);
	}
	if (resp)
		MHD_add_response_header(resp, "Content-Encoding", "gzip");
	else
		etag[0] = '\0'; /* sent as it is, untagged */
	return resp;
}

static struct MHD_Response *build_reply(struct req *r)
{
	struct MHD_Response *resp = NULL;
	char etag[REP_ETAG_MAX] = "";
	int read = r->status == 200 &&
		   (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0);
	if (read)
		resp = represent(r, etag);
	if (resp) {
		/* represent() made it */
	} else if (r->file_fd > 0) {
		resp = MHD_create_response_from_fd(r->file_size, r->file_fd);
		if (resp == NULL)
			close(r->file_fd);
		r->file_fd = 0;
	} else {
		size_t len;
		char *body = buf_detach(&r->out, &len);
		resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	}
	if (resp == NULL) {
		static char oops[] = "{\"type\":\"about:blank\",\"status\":500,\"title\":"
				     "\"Internal Server Error\",\"code\":\"server_error\"}";
		r->status = 500;
		r->content_type = "application/problem+json";
		etag[0] = '\0';
		resp = MHD_create_response_from_buffer(sizeof oops - 1, oops,
						       MHD_RESPMEM_PERSISTENT);
	}
	if (etag[0])
		MHD_add_response_header(resp, "ETag", etag);
	if (read)
		MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	if (r->content_type)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->set_cookie)
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	if (r->retry_after)
		MHD_add_response_header(resp, "Retry-After", r->retry_after);
	if (r->allow)
		MHD_add_response_header(resp, "Allow", r->allow);
	if (r->location)
		MHD_add_response_header(resp, "Location", r->location);
	/* RFC 9110 §11.6.1: a 401 names the scheme that would succeed */
	if (r->status == 401)
		MHD_add_response_header(resp, "WWW-Authenticate", "Bearer realm=\"wubiao\"");
	if (r->disposition)
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	return resp;
}

/* @return whether @p ip is one of the comma-separated addresses @p list */
static int listed(const char *list, const char *ip)
{
	size_t n = strlen(ip);
	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t k = end ? (size_t)(end - p) : strlen(p);
		if (k == n && strncmp(p, ip, n) == 0)
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

/*
 * The client's address: the socket's, or, when the socket is a trusted proxy's, the last
 * address of X-Forwarded-For that is not a trusted proxy's (what a client writes there
 * itself comes before the proxies' additions and is not believed).
 */
static void client_ip(struct req *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(r->ip, sizeof r->ip, "?");
	if (ci == NULL || ci->client_addr == NULL)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, r->ip,
			  sizeof r->ip);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  r->ip, sizeof r->ip);
	const char *trusted = r->srv->o.trusted_proxies;
	if (trusted == NULL || !listed(trusted, r->ip))
		return;
	const char *xff = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Forwarded-For");
	char hop[64];
	for (const char *end = xff ? xff + strlen(xff) : NULL; end && end > xff;) {
		const char *start = end;
		while (start > xff && start[-1] != ',')
			start--;
		const char *a = start, *b = end;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		size_t k = (size_t)(b - a);
		end = start > xff ? start - 1 : xff;
		if (k == 0 || k >= sizeof hop)
			continue;
		memcpy(hop, a, k);
		hop[k] = '\0';
		if (listed(trusted, hop))
			continue;
		snprintf(r->ip, sizeof r->ip, "%s", hop);
		return;
	}
}

static enum MHD_Result sum_header(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	(void)kind;
	*(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

/*
 * The first call, with the headers in and no body read yet. A request that would be
 * refused is answered now; libmicrohttpd then closes the connection without reading the
 * body. @return 0 when the request goes on to its body and its last call
 */
static int on_headers(struct req *r)
{
	size_t headers = 0;
	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, sum_header, &headers);
	if (headers > MAX_HEADERS) {
		reply_problem(r, wb_err_status(WB_ERR_HEADERS),
			      "the request's headers are larger than 32 KiB");
		return -1;
	}
	const char *cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Length");
	const char *te = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Transfer-Encoding");
	uint64_t len = cl ? strtoull(cl, NULL, 10) : 0;
	if (len == 0 && te == NULL)
		return 0; /* no body: the last call follows at once */
	guard_body(r->srv->guard, r->conn, len);
	if (strncmp(r->path, "/api/v1/", 8) != 0)
		return 0; /* refused at the end, its body dropped past CAP_READ */
	client_ip(r);
	const char *sub = r->path + 8;
	if (find_route(r, sub) < 0 || admit(r, sub, len, 1, 1) < 0)
		return -1;
	r->admitted = 1;
	return 0;
}

static enum MHD_Result send_reply(struct req *r, struct MHD_Response *resp)
{
	if (resp == NULL)
		resp = build_reply(r);
	add_security_headers(resp);
	guard_busy(r->srv->guard, r->conn);
	enum MHD_Result ret = MHD_queue_response(r->conn, r->status ? r->status : 500, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	(void)version;
	struct wb_server *s = cls;
	struct req *r = *con_cls;
	if (r == NULL) {
		r = xcalloc(1, sizeof *r);
		r->srv = s;
		r->conn = conn;
		r->stage = -1;
		buf_init(&r->body, (size_t)CAP_READ << 10);
		buf_init(&r->out, 0);
		r->method = arena_strdup(&r->a, method);
		r->path = arena_strdup(&r->a, url);
		*con_cls = r;
		return on_headers(r) == 0 ? MHD_YES : send_reply(r, NULL);
	}
	if (*upload_size) {
		size_t want = r->body.len + *upload_size;
		if (r->body_too_large || r->over_budget)
			;
		else if (want > r->body.max)
			r->body_too_large = 1;
		else if (want > r->taken && guard_take(s->guard, want - r->taken) < 0)
			r->over_budget = 1;
		else if (buf_add(&r->body, upload, *upload_size) < 0)
			r->body_too_large = 1;
		if (want > r->taken && !r->over_budget && !r->body_too_large)
			r->taken = want;
		*upload_size = 0;
		return MHD_YES;
	}
	if (!r->admitted)
		client_ip(r);
	struct MHD_Response *resp = NULL;
	if (strlen(r->path) > MAX_URL) {
		reply_problem(r, wb_err_status(WB_ERR_URI_TOO_LONG), "the URL is too long");
	} else if (strncmp(r->path, "/api/v1/", 8) == 0) {
		api(r, r->path + 8);
	} else if (strcmp(r->path, "/api/v1") == 0 || strncmp(r->path, "/api/", 5) == 0) {
		reply_problem(r, 404, "no such resource");
	} else if ((strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) && s->o.web_root) {
		resp = static_file(r, s->o.web_root);
		if (resp == NULL)
			reply_problem(r, 404, "no such page");
	} else {
		reply_problem(r, 404, "no such page");
	}
	return send_reply(r, resp);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)toe;
	struct wb_server *s = cls;
	struct req *r = *con_cls;
	if (r == NULL)
		return;
	guard_give(s->guard, r->taken);
	guard_idle(s->guard, conn);
	if (r->file_fd > 0)
		close(r->file_fd);
	buf_release(&r->body);
	buf_release(&r->out);
	arena_release(&r->a);
	free(r);
	*con_cls = NULL;
}

static void on_panic(void *cls, const char *file, unsigned int line, const char *reason)
{
	(void)cls;
	wb_log(WB_LOG_ERR, "libmicrohttpd failed at %s:%u: %s", file, line, reason ? reason : "");
	abort();
}

int server_start(const struct wb_server_opts *o, struct wb_server **out)
{
	struct wb_server *s = xcalloc(1, sizeof *s);
	s->o = *o;
	if (s->o.threads < 1)
		s->o.threads = 4;
	if (s->o.max_connections < 1)
		s->o.max_connections = 1000;
	if (s->o.idle_timeout < 1)
		s->o.idle_timeout = 30;
	if (s->o.header_timeout < 1)
		s->o.header_timeout = 10;
	if (s->o.body_timeout < 1)
		s->o.body_timeout = 30;
	if (s->o.memory_budget_mib < 1)
		s->o.memory_budget_mib = 256;
	int rc = store_pool_new(o->db, s->o.threads + 1, &s->pool);
	if (rc < 0) {
		free(s);
		return rc;
	}
	store_pool_group_commit(s->pool, s->o.group_commit);
	s->rate = rate_new();
	struct guard_opts go = {s->o.header_timeout, s->o.body_timeout,
				(size_t)s->o.memory_budget_mib << 20};
	s->guard = guard_new(&go);
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)o->port);
	if (inet_pton(AF_INET, o->host ? o->host : "127.0.0.1", &sa.sin_addr) != 1) {
		wb_log(WB_LOG_ERR, "cannot listen on %s: not an IPv4 address", o->host);
		server_stop(s);
		return WB_ERR_INVALID;
	}
	MHD_set_panic_func(on_panic, NULL);
	s->d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG,
		0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, &sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->o.threads, MHD_OPTION_NOTIFY_COMPLETED,
		on_completed, s, MHD_OPTION_CONNECTION_LIMIT, (unsigned)s->o.max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)s->o.per_address,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)s->o.idle_timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
		MHD_OPTION_NOTIFY_CONNECTION, guard_notify, s->guard,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_END);
	if (s->d == NULL) {
		wb_log(WB_LOG_ERR, "cannot listen on %s:%d: %s", o->host, o->port, strerror(errno));
		server_stop(s);
		return WB_ERR_IO;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : o->port;
	pthread_mutex_init(&s->stop_lock, NULL);
	pthread_cond_init(&s->stop_cond, NULL);
	if (o->sweep_minutes > 0 && pthread_create(&s->sweeper, NULL, sweeper, s) == 0)
		s->sweeping = 1;
	*out = s;
	return 0;
}

int server_port(struct wb_server *s)
{
	return s->port;
}

void server_stop(struct wb_server *s)
{
	if (s == NULL)
		return;
	if (s->sweeping) {
		pthread_mutex_lock(&s->stop_lock);
		s->stop = 1;
		pthread_cond_signal(&s->stop_cond);
		pthread_mutex_unlock(&s->stop_lock);
		pthread_join(s->sweeper, NULL);
		pthread_mutex_destroy(&s->stop_lock);
		pthread_cond_destroy(&s->stop_cond);
	}
	if (s->d)
		MHD_stop_daemon(s->d);
	if (s->pool) {
		struct store_group_stats gs;
		store_pool_group_stats(s->pool, &gs);
		if (gs.commits)
			wb_log(WB_LOG_INFO,
			       "group commit: %llu writes in %llu transactions, at most %d in one",
			       (unsigned long long)gs.writes, (unsigned long long)gs.commits,
			       gs.largest);
	}
	if (s->guard && guard_cut(s->guard))
		wb_log(WB_LOG_INFO, "%lu connections cut for sending too slowly",
		       guard_cut(s->guard));
	store_pool_free(s->pool);
	rate_free(s->rate);
	guard_free(s->guard);
	free(s);
}
