/* POST/GET/DELETE /session: logging in and out; GET /sessions: one's logins; GET /healthz. */
#include "http.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/enums.h"
#include "../core/fsm.h"
#include "../core/perm.h"
#include "../util/err.h"

enum { LOGIN_PER_MIN = 2 };

static int64_t wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

void h_healthz(struct req *r)
{
	if (store_ping(r->svc.st) <= 0) {
		reply_problem(r, 503, "the database is not reachable");
		return;
	}
	reply_json(r, 200, json_pack("{s:b}", "ok", 1));
}

/* The login buckets: the address (3 × the burst), the address and name (the burst), and
 * the name from every address (2 × the burst: guessing one account from many addresses). */
enum { NKEYS = 3 };
static const int key_scale[NKEYS] = {3, 1, 2};

static int throttled(struct req *r, const char *const keys[NKEYS], int burst)
{
	int wait = 0;
	for (int i = 0; i < NKEYS; i++) {
		int w = rate_peek(server_rate(r->srv), keys[i], burst * key_scale[i], LOGIN_PER_MIN,
				  wall());
		if (w > wait)
			wait = w;
	}
	if (wait == 0)
		return 0;
	r->retry_after = arena_printf(&r->a, "%d", wait);
	reply_problem(r, 429, "too many failed logins; wait before trying again");
	return 1;
}

/*
 * What the UI takes from the server rather than from the browser: the district's day and
 * time (its time zone), and what the user's role may do.
 */
static void session_facts(struct req *r, json_t *j, enum wb_role role)
{
	json_object_set_new(j, "today", render_date(svc_today(&r->svc)));
	json_object_set_new(j, "now", render_time(r, r->svc.now));
	json_t *perms = json_array();
	for (int p = 0; p < PERM__N; p++)
		if (wb_perm_allows(role, p))
			json_array_append_new(perms, json_string(wb_perm_name(p)));
	json_object_set_new(j, "permissions", perms);
	json_t *path = json_array();
	for (int s = 0; s < PS__N; s++)
		if (wb_pstatus_on_path(s))
			json_array_append_new(path, json_string(wb_enum_name(&wb_pstatuses, s)));
	json_object_set_new(j, "problem_path", path);
}

void h_session_create(struct req *r)
{
	static const char *const fields[] = {"username", "password", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	const char *username, *password;
	int hu, hp;
	jin_str(r, o, "username", &username, &hu);
	jin_str(r, o, "password", &password, &hp);
	jin_required(r, "username", hu);
	jin_required(r, "password", hp);
	json_decref(o);
	if (reply_if_invalid(r))
		return;
	int burst, pb, ppm;
	server_limits(r->srv, &burst, &pb, &ppm);
	const char *keys[NKEYS] = {arena_printf(&r->a, "login-ip:%s", r->ip),
				   arena_printf(&r->a, "login:%s:%.40s", r->ip, username),
				   arena_printf(&r->a, "login-name:%.40s", username)};
	if (throttled(r, keys, burst))
		return;
	struct svc_login out;
	struct svc_origin from = {
		r->ip, MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "User-Agent")};
	int rc = svc_login(&r->svc, username, password, &from, &out);
	if (rc == WB_ERR_AUTH)
		for (int i = 0; i < NKEYS; i++)
			rate_take(server_rate(r->srv), keys[i], burst * key_scale[i], LOGIN_PER_MIN,
				  wall());
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	rate_forget(server_rate(r->srv), keys[1]);
	rate_forget(server_rate(r->srv), keys[2]);
	r->set_cookie = arena_printf(
		&r->a, "wb_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld", out.token,
		(long long)(out.expires_at - r->svc.now));
	json_t *j = json_pack("{s:s, s:o, s:o}", "token", out.token, "expires_at",
			      render_time(r, out.expires_at), "user", render_user(&out.user));
	session_facts(r, j, out.user.role);
	reply_json(r, 200, j);
}

void h_session_get(struct req *r)
{
	json_t *j = json_pack("{s:o, s:o}", "user", render_user(&r->user), "expires_at",
			      render_time(r, r->expires_at));
	session_facts(r, j, r->user.role);
	reply_json(r, 200, j);
}

void h_session_delete(struct req *r)
{
	int rc = svc_logout(&r->svc, r->token);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	r->set_cookie = "wb_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
	reply_empty(r, 204);
}

void h_sessions_list(struct req *r)
{
	struct wb_session *ss;
	int n, current;
	int rc = svc_sessions(&r->svc, r->token, &ss, &n, &current);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(
			items, json_pack("{s:s, s:o, s:o, s:o, s:s, s:s, s:b}", "id", ss[i].id,
					 "created_at", render_time(r, ss[i].created_at),
					 "last_seen", render_time(r, ss[i].last_seen), "expires_at",
					 render_time(r, ss[i].expires_at), "ip", ss[i].ip, "agent",
					 ss[i].agent, "current", i == current));
	json_t *j = json_pack("{s:o, s:i}", "items", items, "idle_minutes",
			      r->svc.cfg.session_idle_minutes);
	reply_json(r, 200, j);
}

void h_sessions_delete(struct req *r)
{
	int rc = svc_session_end(&r->svc, r->words[0]);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	reply_empty(r, 204);
}
