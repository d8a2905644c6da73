/* The API fuzz targets' fixture: see api.h. */
#include "api.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "../src/cli/cli.h"
#include "../src/http/server.h"
#include "../src/util/log.h"

enum { FZ_CALLERS = 8, MAX_RESP = 64 << 20 };

static const char *const caller_roles[FZ_CALLERS] = {
	NULL, "admin", "leader", "station", "point", "unit", "admin", "admin",
};

static struct {
	struct wb_server *srv;
	int port;
	int fd;
	char dir[128];
	char tokens[FZ_CALLERS][128];
	char receipt[64];
} fz;

static void die(const char *what)
{
	fprintf(stderr, "fuzz fixture: %s\n", what);
	abort();
}

/* ---- one HTTP exchange on the keep-alive connection ---- */

struct answer {
	int status;
	char *body; /**< malloc'd, NUL-terminated */
	size_t len;
	char content_type[128];
	int has_nosniff, has_csp;
};

static void answer_release(struct answer *a)
{
	free(a->body);
	memset(a, 0, sizeof *a);
}

static void connect_server(void)
{
	if (fz.fd > 0)
		close(fz.fd);
	fz.fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fz.fd < 0)
		die("socket failed");
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)fz.port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fz.fd, (struct sockaddr *)&sa, sizeof sa) != 0)
		die("cannot connect to the server");
	int one = 1;
	setsockopt(fz.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	struct timeval tv = {5, 0}; /* read_answer() counts these */
	setsockopt(fz.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

static int send_all(const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fz.fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void dump_threads(void)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd,
		 "ss -tnoi 'sport = :%d or dport = :%d' >&2; gdb -p %d -batch "
		 "-ex 'thread apply all bt' >&2 2>/dev/null",
		 fz.port, fz.port, (int)getpid());
	if (system(cmd) != 0)
		fprintf(stderr, "gdb failed\n");
}

/* Read one response; @return 0, -1 when the connection closed before any byte. */
static int read_answer(struct answer *a)
{
	size_t cap = 4096, len = 0, head = 0;
	/* Receive timeouts of 5 s so far. Ten seconds for one answer is a bug: the slowest
	 * request, an Argon2id hash under ASan, takes well under one. */
	int waits = 0;
	char *b = malloc(cap + 1);
	if (b == NULL)
		die("out of memory");
	while (head == 0) {
		if (len == cap) {
			if (cap > 1 << 20)
				die("response headers larger than 1 MiB");
			cap *= 2;
			b = realloc(b, cap + 1);
			if (b == NULL)
				die("out of memory");
		}
		ssize_t r = recv(fz.fd, b + len, cap - len, 0);
		if (r == 0 && len == 0) {
			free(b);
			return -1;
		}
		/* libFuzzer's SIGALRM (its -timeout watch) interrupts a receive with a timeout. */
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && ++waits < 12) {
			if (waits == 1 &&
			    getenv("FUZZ_GDB_ON_HANG")) /* where the server is stuck */
				dump_threads();
			continue;
		}
		if (r <= 0)
			die(r == 0            ? "connection closed inside a response"
			    : errno == EAGAIN ? "no response within 60 s"
					      : "receive error");
		if (waits >= 2) {
			fprintf(stderr, "fuzz fixture: the answer took %d to %d s\n", waits * 5,
				waits * 5 + 5);
			abort();
		}
		len += (size_t)r;
		b[len] = '\0';
		char *e = strstr(b, "\r\n\r\n");
		if (e)
			head = (size_t)(e - b) + 4;
	}
	if (sscanf(b, "HTTP/1.%*d %d", &a->status) != 1)
		die("no status line");
	long long clen = -1;
	for (char *line = strstr(b, "\r\n") + 2; line < b + head - 2;) {
		char *eol = strstr(line, "\r\n");
		*eol = '\0';
		if (strncasecmp(line, "Content-Length:", 15) == 0)
			clen = atoll(line + 15);
		else if (strncasecmp(line, "Content-Type:", 13) == 0)
			snprintf(a->content_type, sizeof a->content_type, "%s", line + 14);
		else if (strncasecmp(line, "X-Content-Type-Options: nosniff", 31) == 0)
			a->has_nosniff = 1;
		else if (strncasecmp(line, "Content-Security-Policy:", 24) == 0)
			a->has_csp = 1;
		else if (strncasecmp(line, "Transfer-Encoding:", 18) == 0)
			die("chunked responses are not expected from this server");
		line = eol + 2;
	}
	if (clen < 0)
		clen = 0;
	if (clen > MAX_RESP)
		die("response body larger than 64 MiB");
	size_t want = head + (size_t)clen;
	if (want > cap) {
		b = realloc(b, want + 1);
		if (b == NULL)
			die("out of memory");
	}
	while (len < want) {
		ssize_t r = recv(fz.fd, b + len, want - len, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die("connection closed inside a response body");
		len += (size_t)r;
	}
	a->len = (size_t)clen;
	a->body = malloc(a->len + 1);
	if (a->body == NULL)
		die("out of memory");
	memcpy(a->body, b + head, a->len);
	a->body[a->len] = '\0';
	free(b);
	return 0;
}

/* Send a request (reconnecting once when the server closed the idle connection). */
static void exchange(const char *method, const char *target, const char *auth_headers,
		     const void *body, size_t n, struct answer *a)
{
	char head[4096];
	int hn =
		snprintf(head, sizeof head,
			 "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%sContent-Type: application/json\r\n"
			 "Content-Length: %zu\r\n\r\n",
			 method, target, auth_headers, n);
	if (hn < 0 || (size_t)hn >= sizeof head)
		die("request head too long");
	for (int attempt = 0; attempt < 2; attempt++) {
		memset(a, 0, sizeof *a);
		if (fz.fd <= 0 || attempt)
			connect_server();
		if (send_all(head, (size_t)hn) == 0 && send_all(body, n) == 0 &&
		    read_answer(a) == 0)
			return;
	}
	die("the server closed the connection twice without answering");
}

/* ---- the fixture ---- */

static void must(int ok, const char *what)
{
	if (!ok)
		die(what);
}

static json_t *post_json(const char *target, const char *auth, const char *body, int want)
{
	struct answer a;
	exchange("POST", target, auth, body, strlen(body), &a);
	if (a.status != want) {
		fprintf(stderr, "fuzz fixture: POST %s: %d %s\n", target, a.status, a.body);
		abort();
	}
	json_t *j = json_loads(a.body, 0, NULL);
	answer_release(&a);
	must(j != NULL, "fixture answer is not JSON");
	return j;
}

static void make_demo(void)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(fz.dir, sizeof fz.dir, "%s/wubiao-fuzz-XXXXXX", base);
	must(mkdtemp(fz.dir) != NULL, "cannot make a temporary directory");
	char db[256], logins[256];
	snprintf(db, sizeof db, "%s/fuzz.db", fz.dir);
	snprintf(logins, sizeof logins, "%s/logins.txt", fz.dir);
	char *argv[] = {"demo", "--db", db, "--logins", logins, "--seed", "1", NULL};
	fflush(stdout);
	int saved = dup(1), devnull = open("/dev/null", O_WRONLY);
	dup2(devnull, 1);
	int rc = cmd_demo(7, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	close(devnull);
	must(rc == 0, "wubiao demo failed");
}

static void login_all(void)
{
	char path[256], line[512];
	snprintf(path, sizeof path, "%s/logins.txt", fz.dir);
	FILE *f = fopen(path, "r");
	must(f != NULL, "no logins file");
	char user[FZ_CALLERS][64] = {{0}}, pass[FZ_CALLERS][64] = {{0}};
	while (fgets(line, sizeof line, f)) {
		/* username, role, unit name, password: tab-separated */
		char *f4[4] = {line, NULL, NULL, NULL};
		for (int k = 1; k < 4 && f4[k - 1]; k++) {
			f4[k] = strchr(f4[k - 1], '\t');
			if (f4[k])
				*f4[k]++ = '\0';
		}
		if (f4[3] == NULL)
			continue;
		f4[3][strcspn(f4[3], "\r\n")] = '\0';
		const char *u = f4[0], *role = f4[1], *pw = f4[3];
		for (int i = 1; i < FZ_CALLERS; i++)
			if (user[i][0] == '\0' && strcmp(caller_roles[i], role) == 0) {
				snprintf(user[i], sizeof user[i], "%s", u);
				snprintf(pass[i], sizeof pass[i], "%s", pw);
			}
	}
	fclose(f);
	for (int i = 1; i < FZ_CALLERS; i++) {
		must(user[i][0] != '\0', "a role has no demo user");
		json_t *req = json_pack("{s:s, s:s}", "username", user[i], "password", pass[i]);
		char *body = json_dumps(req, 0);
		json_decref(req);
		json_t *j = post_json("/api/v1/session", "", body, 200);
		free(body);
		const char *tok = json_string_value(json_object_get(j, "token"));
		must(tok != NULL, "no token in the login answer");
		if (i == 6)
			snprintf(fz.tokens[i], sizeof fz.tokens[i], "Cookie: wb_session=%s\r\n",
				 tok);
		else if (i == 7)
			snprintf(fz.tokens[i], sizeof fz.tokens[i],
				 "Cookie: wb_session=%s\r\nX-Requested-With: fetch\r\n", tok);
		else
			snprintf(fz.tokens[i], sizeof fz.tokens[i], "Authorization: Bearer %s\r\n",
				 tok);
		json_decref(j);
	}
}

static void make_receipt(void)
{
	struct answer a;
	exchange("GET", "/api/v1/public/units", "", "", 0, &a);
	json_t *j = json_loads(a.body, 0, NULL);
	answer_release(&a);
	json_t *first = json_array_get(json_object_get(j, "items"), 0);
	must(first != NULL, "no public units");
	char body[256];
	snprintf(body, sizeof body,
		 "{\"target_unit_id\":%lld,\"dimension\":\"conduct\",\"content\":"
		 "\"办事窗口排队时间太长，"
		 "工作人员态度冷淡\"}",
		 (long long)json_integer_value(json_object_get(first, "id")));
	json_decref(j);
	j = post_json("/api/v1/public/opinions", "", body, 201);
	const char *rc = json_string_value(json_object_get(j, "receipt"));
	must(rc != NULL, "no receipt");
	snprintf(fz.receipt, sizeof fz.receipt, "%s", rc);
	json_decref(j);
}

static void cleanup(void)
{
	if (fz.fd > 0)
		close(fz.fd);
	server_stop(fz.srv);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fz.dir);
	if (getenv("WUBIAO_KEEP_TMP") == NULL && system(cmd) != 0)
		fprintf(stderr, "fuzz fixture: cannot remove %s\n", fz.dir);
}

void fz_api_init(void)
{
	if (fz.srv)
		return;
	must(sodium_init() >= 0, "libsodium failed to start");
	signal(SIGPIPE, SIG_IGN);
	wb_log_set_level(WB_LOG_WARN);
	make_demo();
	char db[256];
	snprintf(db, sizeof db, "%s/fuzz.db", fz.dir);
	struct wb_server_opts o = {
		.db = db,
		.host = "127.0.0.1",
		.port = 0,
		.threads = 1,
		.login_burst = 10,
		.public_burst = 1 << 30,
		.public_per_min = 1 << 20,
		.group_commit = 64, /* as wubiao serve */
	};
	must(server_start(&o, &fz.srv) == 0, "the server did not start");
	fz.port = server_port(fz.srv);
	login_all();
	make_receipt();
	atexit(cleanup);
	/* The fuzzed requests' errors are expected; only real failures are worth a line. */
	wb_log_set_level(WB_LOG_ERR);
}

/* ---- one input ---- */

/* Percent-encode what cannot stand in a request target; '%', '&', '=' and '+' stay. */
static void encode_query(const uint8_t *p, size_t n, char *out, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	for (size_t i = 0; i < n && o + 4 < cap; i++) {
		uint8_t c = p[i];
		if (c <= 0x20 || c >= 0x7f || c == '#') {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
}

static void build_path(const char *pattern, int id_sel, char *out, size_t cap)
{
	static const char *const days[] = {"2026-10-01", "2026-10-10", "2026-02-29", "1970-01-01",
					   "2026-13-01"};
	size_t o = snprintf(out, cap, "/api/v1/");
	int nth_id = 0;
	for (const char *p = pattern; *p && o + 80 < cap;) {
		if (strncmp(p, ":id", 3) == 0) {
			int v = nth_id++ == 0 ? 1 + id_sel % 64 : 1 + id_sel % 5;
			o += snprintf(out + o, cap - o, "%d", v);
			p += 3;
		} else if (strncmp(p, ":w", 2) == 0) {
			const char *w = strncmp(pattern, "public/track", 12) == 0
						? (id_sel % 8 ? fz.receipt : "ZZZZ-0000")
						: days[id_sel % 5];
			o += snprintf(out + o, cap - o, "%s", w);
			p += 2;
		} else {
			out[o++] = *p++;
			out[o] = '\0';
		}
	}
}

void fz_api_run(const struct fz_route *routes, size_t nroutes, const uint8_t *data, size_t size,
		int payload_is_query)
{
	if (size < 3 || size > (1 << 20))
		return;
	const struct fz_route *rt = &routes[data[0] % nroutes];
	int caller = data[1] % FZ_CALLERS;
	char target[8192];
	build_path(rt->pattern, data[2], target, 2048);
	const uint8_t *payload = data + 3;
	size_t n = size - 3;
	if (payload_is_query) {
		if (n > 2000)
			return;
		size_t t = strlen(target);
		target[t++] = '?';
		encode_query(payload, n, target + t, sizeof target - t);
		payload = (const uint8_t *)"";
		n = 0;
	}
	struct answer a;
	exchange(rt->method, target, fz.tokens[caller], payload, n, &a);
	if (getenv("FUZZ_TRACE")) /* which routes answer what, to judge the corpus */
		fprintf(stderr, "trace %s %s %d\n", rt->method, rt->pattern, a.status);
	if (a.status < 200 || a.status >= 500) {
		fprintf(stderr, "%s %s answered %d: %s\n", rt->method, target, a.status, a.body);
		abort();
	}
	if (!a.has_nosniff || !a.has_csp) {
		fprintf(stderr, "%s %s: security headers missing\n", rt->method, target);
		abort();
	}
	if (strstr(a.content_type, "json") && a.len > 0) {
		json_error_t err;
		json_t *j = json_loadb(a.body, a.len, 0, &err);
		if (j == NULL) {
			fprintf(stderr, "%s %s: the JSON answer does not parse: %s\n", rt->method,
				target, err.text);
			abort();
		}
		json_decref(j);
	}
	answer_release(&a);
}
