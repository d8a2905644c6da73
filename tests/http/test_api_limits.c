/*
 * Limits against abusive clients, on raw TCP connections: a client that goes silent in
 * the middle of its headers is cut off after --idle-timeout; one address cannot hold more
 * than --per-address connections while another address is still served; the server as a
 * whole holds at most --max-connections; and after the abusers go, requests work again.
 * Static files never come from outside the web root, however the path is spelled.
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

static void test_options_are_checked(void **state)
{
	(void)state;
	static const char *const bad[][2] = {
		{"--idle-timeout", "0"}, {"--max-connections", "0"}, {"--per-address", "-1"},
		{"--group-commit", "0"}, {"--idle-timeout", "x"},
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
		cmocka_unit_test(test_static_files_stay_in_web_root),
	};
	h_suite(NULL, NULL); /* a server, no fixture */
	return cmocka_run_group_tests_name("api_limits", tests, h_group_setup, h_group_teardown);
}
