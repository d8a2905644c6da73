/* The black-box harness: a real server on a temporary database, libcurl, the fixture. */
#include "harness.h"
#include "../pg/pg_fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct server h_srv;
static CURL *g_curl;
static int g_curl_ready;

const char *const h_usernames[U__N] = {
	[U_ADMIN] = "admin",      [U_STATION1] = "station1", [U_STATION2] = "station2",
	[U_POINT1A] = "point1a",  [U_POINT2A] = "point2a",   [U_UNIT1] = "unit_dept1",
	[U_UNIT2] = "unit_dept2", [U_LEADER] = "leader",
};

/* ---- small growable buffer ---- */

struct gbuf {
	char *p;
	size_t len, cap;
};

static void gbuf_add(struct gbuf *b, const void *data, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (p == NULL)
			abort();
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static char *gbuf_detach(struct gbuf *b)
{
	if (b->p == NULL)
		gbuf_add(b, "", 0);
	char *p = b->p;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (p == NULL)
		abort();
	return p;
}

static void msleep(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static const char *bin_path(void)
{
	const char *b = getenv("WUBIAO_BIN");
	return b && *b ? b : "build/wubiao";
}

/* ---- responses ---- */

void resp_free(struct resp *r)
{
	if (r == NULL)
		return;
	json_decref(r->json);
	free(r->body);
	free(r->content_type);
	free(r->headers);
	free(r->what);
	memset(r, 0, sizeof *r);
}

char *resp_header(const struct resp *r, const char *name)
{
	size_t n = strlen(name);
	const char *line = r->headers;
	while (line && *line) {
		const char *end = strstr(line, "\n");
		if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
			const char *v = line + n + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			const char *e = end ? end : v + strlen(v);
			while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' '))
				e--;
			char *out = strndup(v, (size_t)(e - v));
			if (out == NULL)
				abort();
			return out;
		}
		line = end ? end + 1 : NULL;
	}
	return NULL;
}

/* ---- processes ---- */

static void log_tail_of(const char *log)
{
	FILE *fp = fopen(log, "r");
	if (fp == NULL)
		return;
	char buf[4096];
	if (fseek(fp, -(long)sizeof buf + 1, SEEK_END) != 0)
		rewind(fp);
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	fprintf(stderr, "--- server log (%s), last lines ---\n%s\n---\n", log, buf);
}

static void log_tail(void)
{
	log_tail_of(h_srv.log);
}

int h_cli(const char *input, char **out, ...)
{
	const char *argv[40];
	int argc = 0;
	argv[argc++] = "wubiao";
	va_list ap;
	va_start(ap, out);
	const char *a;
	while ((a = va_arg(ap, const char *)) != NULL && argc < 38)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;

	int in[2], outp[2];
	if (pipe(in) != 0 || pipe(outp) != 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(outp[1], 1);
		dup2(outp[1], 2);
		close(in[0]);
		close(in[1]);
		close(outp[0]);
		close(outp[1]);
		execv(bin_path(), (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", bin_path(), strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(outp[1]);
	if (input) {
		size_t len = strlen(input), off = 0;
		while (off < len) {
			ssize_t w = write(in[1], input + off, len - off);
			if (w <= 0)
				break;
			off += (size_t)w;
		}
	}
	close(in[1]);
	struct gbuf b = {0};
	char chunk[4096];
	ssize_t n;
	while ((n = read(outp[0], chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			gbuf_add(&b, chunk, (size_t)n);
	close(outp[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	char *text = gbuf_detach(&b);
	if (out)
		*out = text;
	else
		free(text);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void curl_renew(void)
{
	if (g_curl)
		curl_easy_cleanup(g_curl);
	g_curl = curl_easy_init();
	if (g_curl == NULL)
		abort();
}

int h_setup(const char *now)
{
	if (!g_curl_ready) {
		if (curl_global_init(CURL_GLOBAL_ALL) != CURLE_OK)
			return -1;
		g_curl_ready = 1;
	}
	memset(&h_srv, 0, sizeof h_srv);
	snprintf(h_srv.dir, sizeof h_srv.dir, "/tmp/wubiao-http-XXXXXX");
	if (mkdtemp(h_srv.dir) == NULL) {
		fprintf(stderr, "mkdtemp: %s\n", strerror(errno));
		return -1;
	}
	snprintf(h_srv.db, sizeof h_srv.db, "%s/wubiao.db", h_srv.dir);
	if (tpg_enabled() && tpg_new_db(h_srv.db, sizeof h_srv.db) < 0)
		return -1;
	snprintf(h_srv.port_file, sizeof h_srv.port_file, "%s/port", h_srv.dir);
	/* the key sealing survey contacts: made by init, read by every server of the suite */
	char key[sizeof h_srv.dir + 16];
	snprintf(key, sizeof key, "%s/wubiao.key", h_srv.dir);
	setenv("WUBIAO_KEY_FILE", key, 1);
	snprintf(h_srv.log, sizeof h_srv.log, "%s/server.log", h_srv.dir);
	if (access(bin_path(), X_OK) != 0) {
		fprintf(stderr, "no server binary at %s (set WUBIAO_BIN)\n", bin_path());
		return -1;
	}
	char *out = NULL;
	/* The suites set the days off they count on: no shipped calendar. */
	int rc = h_cli(NULL, &out, "init", "--db", h_srv.db, "--no-calendars", NULL);
	if (rc != 0) {
		fprintf(stderr, "wubiao init exited %d: %s\n", rc, out);
		free(out);
		return -1;
	}
	free(out);
	rc = h_cli(H_PASSWORD "\n", &out, "user", "add", "--db", h_srv.db, "--username", H_ROOT,
		   "--role", "admin", "--display-name", "Root", "--password-stdin", NULL);
	if (rc != 0) {
		fprintf(stderr, "wubiao user add exited %d: %s\n", rc, out);
		free(out);
		return -1;
	}
	free(out);
	return h_start(now ? now : H_NOW);
}

static int read_port(const char *port_file)
{
	FILE *fp = fopen(port_file, "r");
	if (fp == NULL)
		return 0;
	int port = 0;
	if (fscanf(fp, "%d", &port) != 1)
		port = 0;
	fclose(fp);
	return port > 0 && port < 65536 ? port : 0;
}

static int wait_exit(pid_t pid, int ms, int *status);

/* Start `wubiao serve` for @p sv on its database and wait until it answers /healthz. */
static int start_server(struct server *sv)
{
	unlink(sv->port_file);
	fflush(NULL);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* Do not outlive a crashed test binary. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(1);
		int fd = open(sv->log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		int nul = open("/dev/null", O_RDONLY);
		if (nul >= 0) {
			dup2(nul, 0);
			close(nul);
		}
		if (sv->now[0])
			setenv("WUBIAO_NOW", sv->now, 1);
		else
			unsetenv("WUBIAO_NOW");
		const char *argv[20] = {"wubiao",   "serve",       "--db",        sv->db,
					"--listen", "127.0.0.1:0", "--port-file", sv->port_file};
		for (int i = 0, n = 8; i < 9 && sv->args[i]; i++)
			argv[n++] = sv->args[i];
		execv(bin_path(), (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", bin_path(), strerror(errno));
		_exit(127);
	}
	sv->pid = pid;
	sv->port = 0;
	for (int waited = 0; waited < 10000; waited += 20) {
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid) {
			fprintf(stderr, "the server exited during start-up (status %d)\n", st);
			sv->pid = 0;
			log_tail_of(sv->log);
			return -1;
		}
		int port = read_port(sv->port_file);
		if (port > 0) {
			sv->port = port;
			snprintf(sv->base, sizeof sv->base, "http://127.0.0.1:%d", port);
			struct h_req_opts o = {
				.method = "GET", .path = API "/healthz", .base = sv->base};
			struct resp r = h_req_ex(&o);
			long status = r.status;
			resp_free(&r);
			if (status == 200)
				return 0;
		}
		msleep(20);
	}
	fprintf(stderr, "the server did not answer within 10 s\n");
	log_tail_of(sv->log);
	kill(sv->pid, SIGKILL);
	while (waitpid(sv->pid, NULL, 0) < 0 && errno == EINTR)
		;
	sv->pid = 0;
	return -1;
}

int h_start(const char *now)
{
	if (now)
		snprintf(h_srv.now, sizeof h_srv.now, "%s", now);
	if (h_srv.pid > 0) {
		fprintf(stderr, "h_start: the server is already running\n");
		return -1;
	}
	curl_renew();
	return start_server(&h_srv);
}

int h_peer_start(struct server *peer)
{
	memset(peer, 0, sizeof *peer);
	snprintf(peer->dir, sizeof peer->dir, "%s", h_srv.dir);
	snprintf(peer->db, sizeof peer->db, "%s", h_srv.db);
	snprintf(peer->now, sizeof peer->now, "%s", h_srv.now);
	memcpy(peer->args, h_srv.args, sizeof peer->args);
	snprintf(peer->port_file, sizeof peer->port_file, "%s/peer-port", h_srv.dir);
	snprintf(peer->log, sizeof peer->log, "%s/peer.log", h_srv.dir);
	return start_server(peer);
}

int h_peer_stop(struct server *peer)
{
	if (peer->pid <= 0)
		return -1;
	int st = 0;
	kill(peer->pid, SIGTERM);
	if (wait_exit(peer->pid, 15000, &st) != 0) {
		kill(peer->pid, SIGKILL);
		waitpid(peer->pid, &st, 0);
		peer->pid = 0;
		return -1;
	}
	peer->pid = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int wait_exit(pid_t pid, int ms, int *status)
{
	for (int waited = 0; waited <= ms; waited += 10) {
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -1;
		msleep(10);
	}
	return 1;
}

int h_stop(void)
{
	if (h_srv.pid <= 0)
		return -1;
	int st = 0;
	kill(h_srv.pid, SIGTERM);
	int rc = wait_exit(h_srv.pid, 15000, &st);
	if (rc == 1) {
		fprintf(stderr, "the server ignored SIGTERM for 15 s; killing it\n");
		kill(h_srv.pid, SIGKILL);
		waitpid(h_srv.pid, &st, 0);
		h_srv.pid = 0;
		log_tail();
		return -1;
	}
	h_srv.pid = 0;
	curl_renew();
	if (rc != 0)
		return -1;
	if (WIFEXITED(st)) {
		if (WEXITSTATUS(st) != 0)
			log_tail();
		return WEXITSTATUS(st);
	}
	log_tail();
	return -1;
}

int h_restart(const char *now)
{
	int rc = h_stop();
	if (rc != 0)
		fprintf(stderr, "the server stopped with status %d\n", rc);
	int started = h_start(now);
	return rc == 0 && started == 0 ? 0 : -1;
}

void h_kill(void)
{
	if (h_srv.pid <= 0)
		return;
	int st;
	kill(h_srv.pid, SIGKILL);
	while (waitpid(h_srv.pid, &st, 0) < 0 && errno == EINTR)
		;
	h_srv.pid = 0;
	curl_renew();
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void h_teardown(void)
{
	if (h_srv.pid > 0) {
		int rc = h_stop();
		if (rc != 0)
			fprintf(stderr, "note: the server's exit status was %d\n", rc);
	}
	if (h_srv.dir[0]) {
		if (getenv("WUBIAO_KEEP_TMP"))
			fprintf(stderr, "kept %s\n", h_srv.dir);
		else
			nftw(h_srv.dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	}
	if (g_curl) {
		curl_easy_cleanup(g_curl);
		g_curl = NULL;
	}
	if (g_curl_ready) {
		curl_global_cleanup();
		g_curl_ready = 0;
	}
}

/* ---- requests ---- */

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	gbuf_add(arg, p, size * n);
	return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct gbuf *b = arg;
	/* Keep only the last block (after a 100 Continue, the final answer's). */
	if (size * n >= 5 && strncmp(p, "HTTP/", 5) == 0)
		b->len = 0;
	gbuf_add(b, p, size * n);
	return size * n;
}

struct resp h_req_ex(const struct h_req_opts *o)
{
	struct resp r = {0};
	CURL *c = o->curl ? o->curl : g_curl;
	struct gbuf body = {0}, hdr = {0}, url = {0}, what = {0};
	const char *base = o->base ? o->base : h_srv.base;
	gbuf_add(&url, base, strlen(base));
	gbuf_add(&url, o->path, strlen(o->path));
	gbuf_add(&what, o->method, strlen(o->method));
	gbuf_add(&what, " ", 1);
	gbuf_add(&what, o->path, strlen(o->path) > 300 ? 300 : strlen(o->path));

	struct curl_slist *h = NULL;
	char line[4200];
	h = curl_slist_append(h, "Accept: application/json, application/problem+json");
	if (o->token) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", o->token);
		h = curl_slist_append(h, line);
	}
	if (o->body) {
		snprintf(line, sizeof line, "Content-Type: %s",
			 o->content_type ? o->content_type : "application/json");
		h = curl_slist_append(h, line);
	}
	if (o->header)
		h = curl_slist_append(h, o->header);

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url.p);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &hdr);
	if (o->cookie)
		curl_easy_setopt(c, CURLOPT_COOKIE, o->cookie);
	if (strcmp(o->method, "GET") == 0 && o->body == NULL) {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	} else if (strcmp(o->method, "HEAD") == 0) {
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	} else {
		if (strcmp(o->method, "POST") != 0)
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, o->method);
		if (o->body) {
			size_t len = o->body_len ? o->body_len : strlen(o->body);
			curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, o->body);
		} else if (strcmp(o->method, "POST") == 0) {
			curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, 0L);
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
		}
	}
	r.curl_rc = (int)curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
	char *ct = NULL;
	curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
	r.content_type = ct ? xstrdup(ct) : NULL;
	curl_slist_free_all(h);
	free(url.p);

	r.body = gbuf_detach(&body);
	r.headers = gbuf_detach(&hdr);
	r.what = gbuf_detach(&what);
	size_t blen = strlen(r.body);
	if (blen > 0) {
		json_error_t err;
		r.json = json_loadb(r.body, blen, JSON_DECODE_ANY, &err);
	}
	/* Never a 5xx, whatever a test sends (other threads check for themselves). */
	if (o->curl == NULL && r.status >= 500) {
		print_error("server error: %s answered %ld: %.1000s\n", r.what, r.status, r.body);
		_fail(__FILE__, __LINE__);
	}
	return r;
}

static struct resp vreq(const char *method, const char *token, const char *body, const char *fmt,
			va_list ap)
{
	char *path = NULL;
	if (vasprintf(&path, fmt, ap) < 0)
		abort();
	struct h_req_opts o = {.method = method, .path = path, .token = token, .body = body};
	struct resp r = h_req_ex(&o);
	free(path);
	return r;
}

struct resp h_req(const char *method, const char *token, const char *body, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct resp r = vreq(method, token, body, fmt, ap);
	va_end(ap);
	return r;
}

struct resp h_reqj(const char *method, const char *token, json_t *body, const char *fmt, ...)
{
	if (body == NULL)
		fail_msg("h_reqj: no JSON body for %s %s (a json_pack mistake?)", method, fmt);
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	va_list ap;
	va_start(ap, fmt);
	struct resp r = vreq(method, token, text, fmt, ap);
	va_end(ap);
	free(text);
	return r;
}

/* ---- assertions ---- */

static void show(const struct resp *r, const char *file, int line, const char *why)
{
	print_error("%s:%d: %s: %s answered %ld (curl %d)\n  body: %.1500s\n", file, line, why,
		    r->what ? r->what : "?", r->status, r->curl_rc, r->body ? r->body : "");
}

void h_assert_status(const struct resp *r, long want, const char *file, int line)
{
	if (r->status == want)
		return;
	char why[64];
	snprintf(why, sizeof why, "want status %ld", want);
	show(r, file, line, why);
	_fail(file, line);
}

void h_assert_status_in(const struct resp *r, const char *file, int line, ...)
{
	va_list ap;
	va_start(ap, line);
	char why[128] = "want status one of";
	int s;
	while ((s = va_arg(ap, int)) != 0) {
		if (r->status == s) {
			va_end(ap);
			return;
		}
		size_t n = strlen(why);
		snprintf(why + n, sizeof why - n, " %d", s);
	}
	va_end(ap);
	show(r, file, line, why);
	_fail(file, line);
}

void h_assert_problem(const struct resp *r, long want, const char *file, int line)
{
	h_assert_status(r, want, file, line);
	const char *why = NULL;
	if (r->content_type == NULL ||
	    strncasecmp(r->content_type, "application/problem+json", 24) != 0)
		why = "want Content-Type application/problem+json";
	else if (!json_is_object(r->json))
		why = "want a JSON object body";
	else if (jint(r->json, "status") != want)
		why = "want member status equal to the HTTP status";
	else if (jstr(r->json, "title") == NULL)
		why = "want a string member title";
	else if (jstr(r->json, "detail") == NULL)
		why = "want a string member detail";
	if (why == NULL)
		return;
	show(r, file, line, why);
	if (r->content_type)
		print_error("  content-type: %s\n", r->content_type);
	_fail(file, line);
}

/* ---- JSON helpers ---- */

json_int_t jint(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? json_integer_value(v) : -1;
}

const char *jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

int jtrue(const json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

json_t *h_items(const json_t *list)
{
	if (json_is_array(list))
		return (json_t *)list;
	json_t *items = json_object_get(list, "items");
	return json_is_array(items) ? items : NULL;
}

json_t *h_find_id(const json_t *list, json_int_t id)
{
	json_t *items = h_items(list);
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		if (jint(it, "id") == id)
			return it;
	}
	return NULL;
}

void h_expect_actions(const json_t *o, const char *want)
{
	char got[256] = "";
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(o, "actions"), i, x)
	{
		const char *a = json_string_value(x);
		if (a && strlen(got) + strlen(a) + 2 < sizeof got) {
			if (got[0])
				strcat(got, ",");
			strcat(got, a);
		}
	}
	if (strcmp(got, want) != 0)
		fail_msg("record %lld: actions %s, want %s",
			 (long long)json_integer_value(json_object_get(o, "id")), got, want);
}

int h_json_has_string(const json_t *j, const char *s)
{
	if (json_is_string(j))
		return strcmp(json_string_value(j), s) == 0;
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
		{
			if (h_json_has_string(v, s))
				return 1;
		}
	}
	if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)j, k, v)
		{
			if (h_json_has_string(v, s))
				return 1;
		}
	}
	return 0;
}

json_t *h_list_all(const char *token, const char *path, int limit)
{
	json_t *all = json_array();
	char *cursor = NULL;
	for (int page = 0; page < 10000; page++) {
		struct resp r;
		const char *sep = strchr(path, '?') ? "&" : "?";
		if (cursor)
			r = h_get(token, "%s%slimit=%d&cursor=%s", path, sep, limit, cursor);
		else
			r = h_get(token, "%s%slimit=%d", path, sep, limit);
		assert_status(r, 200);
		json_t *items = h_items(r.json);
		if (items == NULL)
			fail_msg("%s: no items array: %.300s", r.what, r.body);
		json_array_extend(all, items);
		json_t *next = json_object_get(r.json, "next");
		free(cursor);
		cursor = NULL;
		if (json_is_string(next)) {
			cursor = curl_easy_escape(NULL, json_string_value(next), 0);
			char *copy = xstrdup(cursor);
			curl_free(cursor);
			cursor = copy;
		} else if (json_is_integer(next)) {
			if (asprintf(&cursor, "%" JSON_INTEGER_FORMAT, json_integer_value(next)) <
			    0)
				abort();
		} else if (!json_is_null(next) && next != NULL) {
			fail_msg("%s: next is neither a cursor nor null", r.what);
		}
		int more = cursor != NULL && json_array_size(items) > 0;
		resp_free(&r);
		if (!more) {
			if (cursor)
				fail_msg("%s: a non-null next with an empty page", path);
			break;
		}
	}
	free(cursor);
	return all;
}

long long h_sql(const char *stmt)
{
	long long v = 0;
	if (tpg_enabled()) {
		char *msg = NULL;
		if (tpg_exec(h_srv.db, stmt, &v, &msg) < 0)
			fail_msg("%s: %s", stmt, msg);
		return v;
	}
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(h_srv.db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, stmt, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", stmt, sqlite3_errmsg(db));
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		fail_msg("%s: %s", stmt, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
	return v;
}

char *h_login(const char *username, const char *password)
{
	struct resp r =
		h_post(NULL, json_pack("{s:s, s:s}", "username", username, "password", password),
		       API "/session");
	assert_status(r, 200);
	const char *tok = jstr(r.json, "token");
	if (tok == NULL || !*tok)
		fail_msg("login of %s: no token in %.300s", username, r.body);
	char *out = xstrdup(tok);
	resp_free(&r);
	return out;
}

/* ---- the fixture ---- */

static json_int_t mk_unit(const char *tok, const char *name, const char *kind, json_int_t parent,
			  json_int_t station, const char *code)
{
	json_t *b = json_pack("{s:s, s:s, s:s}", "name", name, "kind", kind, "code", code);
	if (parent > 0)
		json_object_set_new(b, "parent_id", json_integer(parent));
	if (station > 0)
		json_object_set_new(b, "station_id", json_integer(station));
	struct resp r = h_post(tok, b, API "/units");
	assert_status(r, 201);
	json_int_t id = jint(r.json, "id");
	assert_true(id > 0);
	assert_string_equal(jstr(r.json, "name"), name);
	assert_string_equal(jstr(r.json, "kind"), kind);
	if (parent > 0)
		assert_int_equal(jint(r.json, "parent_id"), parent);
	if (station > 0)
		assert_int_equal(jint(r.json, "station_id"), station);
	resp_free(&r);
	return id;
}

static json_int_t mk_user(const char *tok, const char *username, const char *display,
			  const char *role, json_int_t unit)
{
	json_t *b = json_pack("{s:s, s:s, s:s, s:s}", "username", username, "display_name", display,
			      "role", role, "password", H_PASSWORD);
	if (unit > 0)
		json_object_set_new(b, "unit_id", json_integer(unit));
	struct resp r = h_post(tok, b, API "/users");
	assert_status(r, 201);
	json_int_t id = jint(r.json, "id");
	assert_true(id > 0);
	assert_string_equal(jstr(r.json, "username"), username);
	assert_string_equal(jstr(r.json, "role"), role);
	assert_null(json_object_get(r.json, "password"));
	resp_free(&r);
	return id;
}

void h_fixture(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	f->root_token = h_login(H_ROOT, H_PASSWORD);
	const char *t = f->root_token;
	f->office = mk_unit(t, "区纠风办", "office", 0, 0, "OFFICE");
	static const char *const st_names[2] = {"第一监测站", "第二监测站"};
	static const char *const st_codes[2] = {"ST1", "ST2"};
	for (int s = 0; s < 2; s++) {
		f->station[s] = mk_unit(t, st_names[s], "station", f->office, 0, st_codes[s]);
		for (int p = 0; p < 2; p++) {
			char name[64], code[16];
			snprintf(name, sizeof name, "%s监测点%d", st_names[s], p + 1);
			snprintf(code, sizeof code, "PT%d%c", s + 1, 'A' + p);
			f->point[s][p] = mk_unit(t, name, "point", f->station[s], 0, code);
		}
	}
	f->dept[0] = mk_unit(t, "区住建局", "department", 0, f->station[0], "D1");
	f->dept[1] = mk_unit(t, "区市场监管局", "department", 0, f->station[1], "D2");
	f->dept[2] = mk_unit(t, "区人社局", "department", 0, f->station[0], "D3");
	f->street = mk_unit(t, "城关街道", "street", 0, f->station[1], "S1");

	f->uid[U_ADMIN] = mk_user(t, "admin", "纠风办管理员", "admin", f->office);
	f->uid[U_STATION1] = mk_user(t, "station1", "一站", "station", f->station[0]);
	f->uid[U_STATION2] = mk_user(t, "station2", "二站", "station", f->station[1]);
	f->uid[U_POINT1A] = mk_user(t, "point1a", "一站一点", "point", f->point[0][0]);
	f->uid[U_POINT2A] = mk_user(t, "point2a", "二站一点", "point", f->point[1][0]);
	f->uid[U_UNIT1] = mk_user(t, "unit_dept1", "住建局联络员", "unit", f->dept[0]);
	f->uid[U_UNIT2] = mk_user(t, "unit_dept2", "市场监管局联络员", "unit", f->dept[1]);
	f->uid[U_LEADER] = mk_user(t, "leader", "区领导", "leader", 0);

	json_t *c = json_pack("{s:s, s:i, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}]}",
			      "name", "2026年作风建设", "year", 2026, "phases", "kind", "survey",
			      "starts_on", "2026-02-20", "ends_on", "2026-03-31", "kind", "rectify",
			      "starts_on", "2026-03-15", "ends_on", "2026-05-31", "kind",
			      "evaluate", "starts_on", "2026-05-15", "ends_on", "2026-05-31");
	struct resp r = h_post(t, c, API "/campaigns");
	assert_status(r, 201);
	f->campaign = jint(r.json, "id");
	assert_true(f->campaign > 0);
	assert_int_equal(json_array_size(json_object_get(r.json, "phases")), 3);
	resp_free(&r);

	for (int u = 0; u < U__N; u++)
		f->tok[u] = h_login(h_usernames[u], H_PASSWORD);
}

void h_fixture_relogin(struct fixture *f)
{
	free(f->root_token);
	f->root_token = h_login(H_ROOT, H_PASSWORD);
	for (int u = 0; u < U__N; u++) {
		free(f->tok[u]);
		f->tok[u] = h_login(h_usernames[u], H_PASSWORD);
	}
}

void h_fixture_release(struct fixture *f)
{
	free(f->root_token);
	for (int u = 0; u < U__N; u++)
		free(f->tok[u]);
	memset(f, 0, sizeof *f);
}

static struct fixture *suite_fixture;
static const char *suite_now;

void h_suite(struct fixture *f, const char *now)
{
	suite_fixture = f;
	suite_now = now;
}

int h_group_setup(void **state)
{
	(void)state;
	if (h_setup(suite_now) != 0)
		return -1;
	if (suite_fixture)
		h_fixture(suite_fixture);
	return 0;
}

int h_group_teardown(void **state)
{
	(void)state;
	if (suite_fixture)
		h_fixture_release(suite_fixture);
	h_teardown();
	return 0;
}

/* ---- domain shortcuts ---- */

json_int_t h_collector(const struct fixture *f, enum h_user who)
{
	switch (who) {
	case U_ADMIN:
	case U_POINT1A:
		return f->point[0][0];
	case U_POINT2A:
		return f->point[1][0];
	case U_STATION1:
		return f->station[0];
	case U_STATION2:
		return f->station[1];
	default:
		return 0;
	}
}

json_int_t h_opinion(const struct fixture *f, enum h_user who, json_int_t target,
		     const char *content, const char *name, const char *phone, char **receipt)
{
	json_t *b = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s}", "campaign_id",
			      (json_int_t)f->campaign, "point_id", (json_int_t)h_collector(f, who),
			      "target_unit_id", (json_int_t)target, "dimension", "conduct",
			      "source", "npc_deputy", "channel", "forum", "content", content);
	/* Half an hour before the harness's usual clock; on another clock, now (an opinion
	 * may not be back-dated beyond backdate_days). */
	if (strcmp(h_srv.now, H_NOW) == 0)
		json_object_set_new(b, "received_at", json_string("2026-03-02T08:30:00+08:00"));
	if (name)
		json_object_set_new(b, "submitter_name", json_string(name));
	if (phone)
		json_object_set_new(b, "submitter_phone", json_string(phone));
	struct resp r = h_post(f->tok[who], b, API "/opinions");
	assert_status(r, 201);
	json_int_t id = jint(r.json, "id");
	assert_true(id > 0);
	assert_string_equal(jstr(r.json, "status"), "received");
	const char *rc = jstr(r.json, "receipt");
	if (rc == NULL || strlen(rc) < 10)
		fail_msg("opinion %lld: no receipt of 10 characters or more: %.300s", (long long)id,
			 r.body);
	if (receipt)
		*receipt = xstrdup(rc);
	resp_free(&r);
	return id;
}

json_int_t h_problem(const struct fixture *f, enum h_user who, json_int_t target,
		     const char *severity, const json_int_t *ids, int n)
{
	static int seq;
	char title[64];
	snprintf(title, sizeof title, "测试问题 %d", ++seq);
	json_t *oids = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(oids, json_integer(ids[i]));
	json_t *b =
		json_pack("{s:I, s:I, s:s, s:s, s:s, s:o}", "campaign_id", (json_int_t)f->campaign,
			  "target_unit_id", (json_int_t)target, "dimension", "conduct", "title",
			  title, "summary", "群众反映办事拖沓", "opinion_ids", oids);
	if (severity)
		json_object_set_new(b, "severity", json_string(severity));
	struct resp r = h_post(f->tok[who], b, API "/problems");
	assert_status(r, 201);
	json_int_t id = jint(r.json, "id");
	assert_true(id > 0);
	assert_int_equal(jint(r.json, "opinion_count"), n);
	assert_string_equal(jstr(r.json, "status"), "open");
	resp_free(&r);
	return id;
}

struct resp h_stage(const char *token, json_int_t id, const char *stage, json_t *body)
{
	return h_post(token, body, API "/problems/%lld/%s", (long long)id, stage);
}

char *h_pstatus(const struct fixture *f, json_int_t id)
{
	struct resp r = h_get(f->tok[U_ADMIN], API "/problems/%lld", (long long)id);
	assert_status(r, 200);
	const char *s = jstr(r.json, "status");
	if (s == NULL)
		fail_msg("problem %lld has no status: %.300s", (long long)id, r.body);
	char *out = xstrdup(s);
	resp_free(&r);
	return out;
}

static void step(const struct fixture *f, json_int_t id, const char *stage, json_t *body, long want)
{
	struct resp r = h_stage(f->tok[U_ADMIN], id, stage, body);
	assert_status(r, want);
	resp_free(&r);
}

void h_advance(const struct fixture *f, json_int_t id, json_int_t unit, const char *to)
{
	for (int n = 0; n < 16; n++) {
		char *s = h_pstatus(f, id);
		int done = strcmp(s, to) == 0;
		if (done) {
			free(s);
			return;
		}
		if (strcmp(s, "open") == 0 || strcmp(s, "returned") == 0)
			step(f, id, "dispatch",
			     json_pack("{s:I, s:i}", "unit_id", (json_int_t)unit, "due_workdays",
				       10),
			     200);
		else if (strcmp(s, "dispatched") == 0 && strcmp(to, "returned") == 0)
			step(f, id, "return", json_pack("{s:s}", "reason", "不属于本单位职责"),
			     200);
		else if (strcmp(s, "dispatched") == 0)
			step(f, id, "acknowledge", json_object(), 200);
		else if (strcmp(s, "acknowledged") == 0)
			step(f, id, "feedback",
			     json_pack("{s:s, s:s}", "reply", "已研究", "plan", "一个月内整改"),
			     200);
		else if (strcmp(s, "answered") == 0)
			step(f, id, "progress",
			     json_pack("{s:s, s:i, s:s, s:b}", "measures", "完善制度", "percent",
				       50, "evidence", "会议纪要", "done", 0),
			     200);
		else if (strcmp(s, "rectifying") == 0)
			step(f, id, "progress",
			     json_pack("{s:s, s:i, s:s, s:b}", "measures", "整改完成", "percent",
				       100, "evidence", "验收材料", "done", 1),
			     200);
		else if (strcmp(s, "rectified") == 0)
			step(f, id, "verify", json_pack("{s:b, s:s}", "passed", 1, "note", ""),
			     200);
		else if (strcmp(s, "verified") == 0) {
			step(f, id, "evaluations",
			     json_pack("{s:s, s:s}", "rating", "satisfied", "note", "监督员"), 201);
			step(f, id, "close", json_object(), 200);
		} else
			fail_msg("h_advance: cannot take problem %lld from %s to %s", (long long)id,
				 s, to);
		free(s);
	}
	fail_msg("h_advance: problem %lld did not reach %s", (long long)id, to);
}

json_int_t h_problem_in(const struct fixture *f, const char *to)
{
	json_int_t op =
		h_opinion(f, U_POINT1A, f->dept[0], "窗口服务态度差", "王五", "13700000000", NULL);
	json_int_t p = h_problem(f, U_STATION1, f->dept[0], NULL, &op, 1);
	int pending = strcmp(to, "pending") == 0;
	h_advance(f, p, f->dept[0], pending ? "answered" : to);
	if (pending)
		step(f, p, "extension",
		     json_pack("{s:s, s:s}", "due_on", "2026-04-30", "reason", "需要协调财政资金"),
		     200);
	return p;
}
