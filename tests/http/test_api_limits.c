/*
 * Limits against abusive clients, on raw TCP connections: a client that goes silent in
 * the middle of its headers is cut off after --idle-timeout; one address cannot hold more
 * than --per-address connections while another address is still served; the server as a
 * whole holds at most --max-connections; and after the abusers go, requests work again.
 * Static files never come from outside the web root, however the path is spelled.
 *
 * Memory and slots before authentication: a body that would be refused (no login, too big
 * for its route, no room in the memory budget) is answered as soon as its headers are in,
 * before it is sent; headers and bodies trickled a byte at a time are cut off at their
 * deadline on elapsed time, silent or not; oversized headers get a problem+json 431.
 *
 * Client addresses other than 127.0.0.1 come from binding the socket to 127.0.0.x first
 * (the whole of 127/8 is loopback).
 */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Restart the server with these options (NULL-ended). */
static void serve_with(const char *const *args)
{
	if (h_srv.pid > 0)
		assert_int_equal(h_stop(), 0);
	memset(h_srv.args, 0, sizeof h_srv.args);
	for (int i = 0; args[i] && i < 8; i++)
		h_srv.args[i] = args[i];
	assert_int_equal(h_start(NULL), 0);
}

/* A TCP connection to the server from 127.0.0.@p host. */
static int dial(int host)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	struct sockaddr_in me = {.sin_family = AF_INET};
	me.sin_addr.s_addr = htonl(0x7f000000u | (unsigned)host);
	assert_int_equal(bind(fd, (struct sockaddr *)&me, sizeof me), 0);
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)h_srv.port)};
	to.sin_addr.s_addr = htonl(0x7f000001u);
	assert_int_equal(connect(fd, (struct sockaddr *)&to, sizeof to), 0);
	return fd;
}

/* @return 1 when the server closed @p fd within @p ms, 0 when it is still open. */
static int closed_within(int fd, int ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	if (poll(&p, 1, ms) <= 0)
		return 0;
	char buf[256];
	ssize_t n = recv(fd, buf, sizeof buf, 0);
	return n == 0 || (n < 0 && errno == ECONNRESET);
}

/*
 * GET @p path as written (no client-side normalisation) on a fresh connection from
 * 127.0.0.@p host. @return the status; the body goes to @p body (NULL: dropped).
 */
static int raw_get(int host, const char *path, char *body, size_t cap)
{
	int fd = dial(host);
	char req[512];
	int n = snprintf(req, sizeof req,
			 "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path);
	assert_int_equal(send(fd, req, (size_t)n, MSG_NOSIGNAL), n);
	static char buf[65536];
	size_t got = 0;
	struct pollfd p = {.fd = fd, .events = POLLIN};
	while (got < sizeof buf - 1 && poll(&p, 1, 5000) > 0) {
		ssize_t k = recv(fd, buf + got, sizeof buf - 1 - got, 0);
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	buf[got] = '\0';
	const char *start = strstr(buf, "\r\n\r\n");
	if (body)
		snprintf(body, cap, "%s", start ? start + 4 : "");
	int status = 0;
	return sscanf(buf, "HTTP/1.1 %d", &status) == 1 ? status : -1;
}

/* One whole request from 127.0.0.@p host: @return the status code. */
static int request_from(int host)
{
	return raw_get(host, "/api/v1/healthz", NULL, 0);
}

static void test_static_files_stay_in_web_root(void **state)
{
	(void)state;
	serve_with((const char *const[]){NULL});
	char body[4096];
	/* The web root is served (the tests run from the repository root)… */
	assert_int_equal(raw_get(1, "/app/app.css", body, sizeof body), 200);
	/* …and nothing outside it, however the path is spelled. */
	static const char *const outside[] = {
		"/../Makefile",
		"/app/../../Makefile",
		"/%2e%2e/Makefile",
		"/app/%2e%2e/%2e%2e/Makefile",
		"/app/..%2f..%2fMakefile",
		"/..%5c..%5cMakefile",
		"//etc/passwd",
		"/%2fetc%2fpasswd",
		"/%00/../Makefile",
		"/../../../../etc/passwd",
		"/web/index.html",
		"/README.md",
	};
	for (size_t i = 0; i < sizeof outside / sizeof *outside; i++) {
		int status = raw_get(1, outside[i], body, sizeof body);
		/* A NUL cuts the decoded path short ("/%00/…" is "/"): the page, not a file
		 * outside. Every other spelling finds nothing. */
		int cut = strstr(outside[i], "%00") != NULL;
		if ((!cut && status != 404) || strstr(body, "root:") ||
		    strstr(body, "wubiao: build"))
			fail_msg("GET %s: %d, %.80s", outside[i], status, body);
	}
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_silent_client_is_cut_off(void **state)
{
	(void)state;
	serve_with((const char *const[]){"--idle-timeout", "1", NULL});
	int fd = dial(2);
	static const char part[] = "GET /api/v1/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
	assert_int_equal(send(fd, part, sizeof part - 1, MSG_NOSIGNAL), (ssize_t)(sizeof part - 1));
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Not at once: a slow client gets its second; then it is gone. */
	assert_false(closed_within(fd, 300));
	assert_true(closed_within(fd, 10000));
	double took = seconds_since(&t0);
	print_message("# a silent connection was closed after %.1f s\n", took);
	assert_true(took < 5.0);
	close(fd);
	assert_int_equal(request_from(2), 200);
}

static void test_per_address_cap(void **state)
{
	(void)state;
	serve_with((const char *const[]){"--per-address", "3", NULL});
	int held[3];
	for (int i = 0; i < 3; i++) {
		held[i] = dial(3);
		assert_false(closed_within(held[i], 200));
	}
	/* A fourth from the same address is dropped; another address is still served. */
	int extra = dial(3);
	assert_true(closed_within(extra, 2000));
	close(extra);
	assert_int_equal(request_from(4), 200);
	/* Once one is let go, the address is served again. */
	close(held[0]);
	int status = 0;
	for (int i = 0; i < 50 && status != 200; i++) {
		status = request_from(3);
		if (status != 200)
			usleep(20000);
	}
	assert_int_equal(status, 200);
	close(held[1]);
	close(held[2]);
}

/* Send a keep-alive request on @p fd; @return 1 when its status line arrives within @p ms. */
static int answered_within(int fd, int ms)
{
	static const char req[] = "GET /api/v1/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
	if (ms > 0 && send(fd, req, sizeof req - 1, MSG_NOSIGNAL) != (ssize_t)(sizeof req - 1))
		return 0;
	struct pollfd p = {.fd = fd, .events = POLLIN};
	char buf[64] = {0};
	if (poll(&p, 1, ms > 0 ? ms : -ms) <= 0 || recv(fd, buf, sizeof buf - 1, 0) <= 0)
		return 0;
	return strncmp(buf, "HTTP/1.1 200", 12) == 0;
}

static void test_connection_cap(void **state)
{
	(void)state;
	/* Four at most, whatever the address (the harness's own client may hold one). */
	serve_with((const char *const[]){"--max-connections", "4", "--per-address", "0", NULL});
	enum { N = 7 };
	int fd[N], served[N], nserved = 0;
	for (int i = 0; i < N; i++) {
		fd[i] = dial(10 + i);
		served[i] = answered_within(fd[i], 1000);
		nserved += served[i];
	}
	print_message("# %d of %d connections served at the cap of 4\n", nserved, N);
	assert_true(nserved >= 3 && nserved <= 4);
	/* The others wait, unserved but not lost: when the served ones go, they are answered. */
	for (int i = 0; i < N; i++)
		if (served[i])
			close(fd[i]);
	for (int i = 0; i < N; i++)
		if (!served[i]) {
			if (!answered_within(fd[i], -10000))
				fail_msg("connection %d was never answered after the others left",
					 i);
			close(fd[i]);
		}
}

/* Send @p s whole on @p fd. */
static void send_all(int fd, const char *s, size_t n)
{
	assert_int_equal(send(fd, s, n, MSG_NOSIGNAL), (ssize_t)n);
}

/*
 * Read a reply's head from @p fd within @p ms. @return its status, 0 when nothing came, -1
 * when the connection ended without one; its text goes to @p text when given
 */
static int status_within(int fd, int ms, char *text, size_t cap)
{
	static char buf[8192];
	size_t got = 0;
	buf[0] = '\0';
	struct pollfd p = {.fd = fd, .events = POLLIN};
	while (got < sizeof buf - 1 && !strstr(buf, "\r\n\r\n") && poll(&p, 1, ms) > 0) {
		ssize_t k = recv(fd, buf + got, sizeof buf - 1 - got, 0);
		if (k <= 0)
			break;
		got += (size_t)k;
		buf[got] = '\0';
	}
	buf[got] = '\0';
	if (text)
		snprintf(text, cap, "%s", buf);
	if (got == 0)
		return p.revents ? -1 : 0;
	int status = 0;
	return sscanf(buf, "HTTP/1.1 %d", &status) == 1 ? status : -1;
}

/* The headers of a POST to @p path announcing @p len bytes of JSON, with @p token or none. */
static int post_head(char *out, size_t cap, const char *path, size_t len, const char *token)
{
	return snprintf(out, cap,
			"POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
			"Content-Length: %zu\r\n%s%s%s\r\n",
			path, len, token ? "Authorization: Bearer " : "", token ? token : "",
			token ? "\r\n" : "");
}

/* @return the server's resident memory in KiB */
static long server_rss_kib(void)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)h_srv.pid);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	long kib = -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* @return the seconds a /healthz took from 127.0.0.@p host */
static double healthz_seconds(int host)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(request_from(host), 200);
	return seconds_since(&t0);
}

static void test_bodies_refused_before_they_are_sent(void **state)
{
	(void)state;
	serve_with((const char *const[]){NULL});
	char *tok = h_login(H_ROOT, H_PASSWORD);
	char head[1024], text[8192];
	static const struct {
		const char *path;
		size_t len;
		int login, want;
	} cases[] = {
		/* no login: 401 before a byte of the body */
		{"/api/v1/opinions", 1 << 20, 0, 401},
		/* the public's routes take 32 KiB, a logged-in write 64 KiB */
		{"/api/v1/public/opinions", 1 << 20, 0, 413},
		{"/api/v1/public/opinions", 40 << 10, 0, 413},
		{"/api/v1/opinions", 80 << 10, 1, 413},
		{"/api/v1/units", 100 << 20, 1, 413},
		/* nothing there */
		{"/api/v1/nothing", 1 << 20, 1, 404},
		{"/api/v1/healthz", 1 << 20, 0, 405},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int fd = dial(20);
		int n = post_head(head, sizeof head, cases[i].path, cases[i].len,
				  cases[i].login ? tok : NULL);
		send_all(fd, head, (size_t)n);
		int status = status_within(fd, 2000, text, sizeof text);
		if (status != cases[i].want || !strstr(text, "application/problem+json"))
			fail_msg("POST %s announcing %zu bytes: want %d at once, got %d:\n%s",
				 cases[i].path, cases[i].len, cases[i].want, status, text);
		close(fd);
	}
	/* A write that fits its route is still read and answered. */
	int fd = dial(20);
	static const char body[] = "{\"name\":\"\"}";
	int n = post_head(head, sizeof head, "/api/v1/units", sizeof body - 1, tok);
	send_all(fd, head, (size_t)n);
	assert_int_equal(status_within(fd, 300, NULL, 0), 0); /* waits for the body */
	send_all(fd, body, sizeof body - 1);
	assert_int_equal(status_within(fd, 5000, NULL, 0), 400);
	close(fd);
	free(tok);
}

static void test_many_unauthenticated_bodies_hold_no_memory(void **state)
{
	(void)state;
	serve_with((const char *const[]){NULL});
	enum { N = 500 };
	static int fd[N];
	char head[512], text[1024];
	long before = server_rss_kib();
	/* 500 connections from 5 addresses, each announcing 1 MiB and sending 16 KiB of it */
	static char chunk[16 << 10];
	memset(chunk, 'a', sizeof chunk);
	int refused = 0;
	for (int i = 0; i < N; i++) {
		fd[i] = dial(30 + i % 5);
		int n = post_head(head, sizeof head, "/api/v1/opinions", 1 << 20, NULL);
		send_all(fd[i], head, (size_t)n);
		(void)send(fd[i], chunk, sizeof chunk, MSG_NOSIGNAL | MSG_DONTWAIT);
	}
	double worst = 0;
	for (int i = 0; i < N; i++) {
		refused += status_within(fd[i], 2000, text, sizeof text) == 401;
		if (i % 100 == 0) {
			double t = healthz_seconds(40);
			worst = t > worst ? t : worst;
		}
	}
	long after = server_rss_kib();
	print_message("# %d of %d refused at once; memory %ld → %ld KiB; /healthz at most %.3f s\n",
		      refused, N, before, after, worst);
	assert_int_equal(refused, N);
	assert_true(after - before < 32 * 1024);
	assert_true(worst < 1.0);
	for (int i = 0; i < N; i++)
		close(fd[i]);
}

static void test_memory_budget(void **state)
{
	(void)state;
	serve_with((const char *const[]){"--memory-budget", "1", NULL});
	char *tok = h_login(H_ROOT, H_PASSWORD);
	enum { N = 24 };
	int fd[N], busy = 0, waiting = 0;
	char head[1024], text[2048];
	/* 24 logged-in writes of 60 KiB each: 1 MiB holds 17 of them */
	for (int i = 0; i < N; i++) {
		fd[i] = dial(50);
		int n = post_head(head, sizeof head, "/api/v1/units", 60 << 10, tok);
		send_all(fd[i], head, (size_t)n);
		int status = status_within(fd[i], 300, text, sizeof text);
		if (status == 503) {
			busy++;
			assert_non_null(strstr(text, "Retry-After: 5"));
		} else {
			assert_int_equal(status, 0);
			waiting++;
		}
	}
	print_message("# %d bodies of 60 KiB waited within 1 MiB, %d were refused with 503\n",
		      waiting, busy);
	assert_int_equal(waiting, 17);
	assert_int_equal(busy, N - 17);
	for (int i = 0; i < N; i++)
		close(fd[i]);
	/* Their memory is given back when they go: a body is taken again. */
	int status = 0;
	for (int i = 0; i < 50 && status != 400; i++) {
		int f = dial(50);
		static const char body[] = "{\"name\":\"\"}";
		int n = post_head(head, sizeof head, "/api/v1/units", sizeof body - 1, tok);
		send_all(f, head, (size_t)n);
		send_all(f, body, sizeof body - 1);
		status = status_within(f, 2000, NULL, 0);
		close(f);
		if (status != 400)
			usleep(50000);
	}
	assert_int_equal(status, 400);
	free(tok);
}

/* Send @p s a byte every @p gap_ms on @p fd until it is cut. @return the seconds it lasted */
static double trickle(int fd, const char *s, int gap_ms, double give_up)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; seconds_since(&t0) < give_up; i = (i + 1) % strlen(s)) {
		if (send(fd, s + i, 1, MSG_NOSIGNAL) != 1 || closed_within(fd, gap_ms))
			break;
	}
	return seconds_since(&t0);
}

static void test_trickled_headers_are_cut(void **state)
{
	(void)state;
	serve_with((const char *const[]){"--header-timeout", "2", NULL});
	int fd = dial(60);
	/* a header line that never ends, a byte every 200 ms: never silent for long */
	double lasted = trickle(fd, "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 200, 20);
	print_message("# headers trickled a byte at a time were cut after %.1f s\n", lasted);
	assert_true(lasted >= 1.5 && lasted < 6);
	close(fd);
	assert_true(healthz_seconds(60) < 1.0);
}

static void test_trickled_body_is_cut(void **state)
{
	(void)state;
	serve_with((const char *const[]){"--body-timeout", "2", NULL});
	char *tok = h_login(H_ROOT, H_PASSWORD);
	char head[1024];
	int fd = dial(61);
	int n = post_head(head, sizeof head, "/api/v1/units", 4000, tok);
	send_all(fd, head, (size_t)n);
	double lasted = trickle(fd, "{\"name\":\"aaaaaaaaaaaaaaaaaaaaaaaa", 200, 20);
	print_message("# a body trickled a byte at a time was cut after %.1f s\n", lasted);
	assert_true(lasted >= 1.5 && lasted < 6);
	close(fd);
	free(tok);
}

static void test_oversized_headers(void **state)
{
	(void)state;
	serve_with((const char *const[]){NULL});
	int fd = dial(62);
	char *big = malloc(48 << 10);
	assert_non_null(big);
	int n = snprintf(big, 64, "GET /api/v1/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
	for (int i = 0; i < 40; i++)
		n += snprintf(big + n, (48 << 10) - (size_t)n, "X-Big-%d: %01000d\r\n", i, 0);
	n += snprintf(big + n, (48 << 10) - (size_t)n, "\r\n");
	send_all(fd, big, (size_t)n);
	char text[4096];
	assert_int_equal(status_within(fd, 5000, text, sizeof text), 431);
	assert_non_null(strstr(text, "Content-Type: application/problem+json"));
	close(fd);
	free(big);
}

static void test_options_are_checked(void **state)
{
	(void)state;
	static const char *const bad[][2] = {
		{"--idle-timeout", "0"}, {"--max-connections", "0"}, {"--per-address", "-1"},
		{"--group-commit", "0"}, {"--idle-timeout", "x"},    {"--header-timeout", "0"},
		{"--body-timeout", "0"}, {"--memory-budget", "0"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char cmd[512];
		snprintf(cmd, sizeof cmd, "%s serve --db %s --listen 127.0.0.1:0 %s %s 2>/dev/null",
			 getenv("WUBIAO_BIN") ? getenv("WUBIAO_BIN") : "build/wubiao", h_srv.db,
			 bad[i][0], bad[i][1]);
		int rc = system(cmd);
		if (!WIFEXITED(rc) || WEXITSTATUS(rc) != 2)
			fail_msg("%s %s: want exit status 2, got %d", bad[i][0], bad[i][1], rc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_silent_client_is_cut_off),
		cmocka_unit_test(test_per_address_cap),
		cmocka_unit_test(test_connection_cap),
		cmocka_unit_test(test_options_are_checked),
		cmocka_unit_test(test_bodies_refused_before_they_are_sent),
		cmocka_unit_test(test_many_unauthenticated_bodies_hold_no_memory),
		cmocka_unit_test(test_memory_budget),
		cmocka_unit_test(test_trickled_headers_are_cut),
		cmocka_unit_test(test_trickled_body_is_cut),
		cmocka_unit_test(test_oversized_headers),
		cmocka_unit_test(test_static_files_stay_in_web_root),
	};
	h_suite(NULL, NULL); /* a server, no fixture */
	return cmocka_run_group_tests_name("api_limits", tests, h_group_setup, h_group_teardown);
}
