/*
 * Black-box harness for the HTTP API tests: runs the real `wubiao` binary (path in the
 * environment variable WUBIAO_BIN) on a database in a fresh temporary directory, talks
 * to it over HTTP with libcurl, and builds the standard fixture district through the API.
 *
 * One test binary is one cmocka group with one server: the group setup calls h_setup()
 * and h_fixture(), the group teardown h_fixture_release() and h_teardown().
 *
 * Memory: every struct resp is released with resp_free(); strings the harness returns
 * as `char *` are the caller's to free(); json_t values passed to h_reqj() are stolen.
 */
#ifndef WB_TEST_HARNESS_H
#define WB_TEST_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sys/types.h>

#define API "/api/v1"

/** The server's fixed clock in every test unless a test says otherwise: a Monday. */
#define H_NOW "2026-03-02T09:00:00+08:00"
/** Password of every fixture user. */
#define H_PASSWORD "Wubiao-Test-Pass-2026"
/** The user the CLI creates before anything else exists. */
#define H_ROOT "root"

/** One HTTP answer. */
struct resp {
	long status;        /**< HTTP status; 0 when no answer came */
	json_t *json;       /**< the parsed body; NULL when it is not JSON */
	char *body;         /**< the body, NUL-terminated; never NULL after a request */
	char *content_type; /**< the Content-Type header; NULL when absent */
	char *headers;      /**< the last header block, raw, one "Name: value\r\n" per line */
	char *what;         /**< "METHOD /path", for messages */
	int curl_rc;        /**< CURLcode of the transfer */
};

/** Free what @p r holds; the struct can be reused. */
void resp_free(struct resp *r);
/** @return a copy of the first value of header @p name (case-insensitive), or NULL */
char *resp_header(const struct resp *r, const char *name);

/** The server of this test binary. */
struct server {
	char dir[64]; /**< the temporary directory holding everything below */
	char db[256]; /**< the SQLite file, or a fresh PostgreSQL database's URI when
			   WUBIAO_TEST_PG names a test server (tests/pg/pg_fixture.h) */
	char port_file[128];
	char log[128]; /**< the server's stdout and stderr */
	char now[64];  /**< WUBIAO_NOW of the running server; "" for the real clock */
	pid_t pid;     /**< 0 when not running */
	int port;
	char base[64];       /**< "http://127.0.0.1:PORT" */
	const char *args[9]; /**< more `wubiao serve` options for the next h_start, NULL-ended */
};
extern struct server h_srv;

/**
 * Make the temporary directory, `wubiao init` the database, add the root admin through
 * the CLI, and start the server with WUBIAO_NOW=@p now (NULL: H_NOW).
 * @return 0, or -1 with a message on stderr
 */
int h_setup(const char *now);
/** Start the server on the existing database; @p now NULL keeps the previous clock. */
int h_start(const char *now);
/**
 * Start a second `wubiao serve` on the same database and clock as the harness's server
 * (several servers on one PostgreSQL database). Requests reach it with h_req_opts.base.
 * @return 0, or -1 with a message on stderr
 */
int h_peer_start(struct server *peer);
/** SIGTERM a peer and wait. @return its exit status, or -1 */
int h_peer_stop(struct server *peer);
/** SIGTERM and wait. @return the server's exit status (0 on a clean stop), -1 when it died of a
 * signal or was not running */
int h_stop(void);
/** h_stop() then h_start(@p now). @return 0 when the stop was clean and the start worked */
int h_restart(const char *now);
/** SIGKILL and wait. */
void h_kill(void);
/** Stop (or kill) the server, remove the directory (kept when WUBIAO_KEEP_TMP is set), free curl.
 */
void h_teardown(void);

/**
 * Run `wubiao ARGS...` (a NULL-terminated list; "--db FILE" is not added) with @p input on
 * its standard input (NULL: none).
 * @param[out] out stdout and stderr together, NUL-terminated (the caller frees); may be NULL
 * @return the exit status, or -1 when it died of a signal
 */
int h_cli(const char *input, char **out, ...);

/** Options of one request; only method and path are required. */
struct h_req_opts {
	const char *method;
	const char *path;         /**< from "/api/v1/..." on */
	const char *token;        /**< sent as a bearer token when non-NULL */
	const char *cookie;       /**< sent as the Cookie header when non-NULL */
	const char *body;         /**< NULL: no body */
	size_t body_len;          /**< 0: strlen(body) */
	const char *content_type; /**< NULL: application/json when there is a body */
	const char *header;       /**< one more "Name: value" request header, or NULL */
	CURL *curl;               /**< NULL: the harness's own handle (main thread only) */
	const char *base;         /**< "http://127.0.0.1:PORT" of another server (a peer);
				       NULL: the harness's server */
};
struct resp h_req_ex(const struct h_req_opts *o);

/** A request with a raw body (NULL: none); the path is a printf format. */
struct resp h_req(const char *method, const char *token, const char *body, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/** A request with a JSON body, which is stolen (NULL fails the test: a json_pack mistake). */
struct resp h_reqj(const char *method, const char *token, json_t *body, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define h_get(tok, ...)         h_req("GET", (tok), NULL, __VA_ARGS__)
#define h_del(tok, ...)         h_req("DELETE", (tok), NULL, __VA_ARGS__)
#define h_post(tok, json, ...)  h_reqj("POST", (tok), (json), __VA_ARGS__)
#define h_patch(tok, json, ...) h_reqj("PATCH", (tok), (json), __VA_ARGS__)
#define h_put(tok, json, ...)   h_reqj("PUT", (tok), (json), __VA_ARGS__)

/** Fail the test, showing the request and the body, unless @p r has status @p want. */
void h_assert_status(const struct resp *r, long want, const char *file, int line);
/** Fail unless the status is one of the 0-terminated list. */
void h_assert_status_in(const struct resp *r, const char *file, int line, ...);
/** Fail unless @p r is an RFC 9457 problem: problem+json with status, title and detail. */
void h_assert_problem(const struct resp *r, long want, const char *file, int line);
#define assert_status(r, want)   h_assert_status(&(r), (want), __FILE__, __LINE__)
#define assert_status_in(r, ...) h_assert_status_in(&(r), __FILE__, __LINE__, __VA_ARGS__, 0)
#define assert_problem(r, want)  h_assert_problem(&(r), (want), __FILE__, __LINE__)

/**
 * Run @p stmt on the suite's database past the program (SQLite or PostgreSQL), failing the
 * test on an error. @return the first column of its first row, 0 when none
 */
long long h_sql(const char *stmt);

/** POST /session. @return the token (the caller frees); fails the test on anything but 200 */
char *h_login(const char *username, const char *password);

/* JSON helpers. */
/** @return the integer member @p key of @p o, or -1 when absent or not an integer */
json_int_t jint(const json_t *o, const char *key);
/** @return the string member @p key of @p o, or NULL */
const char *jstr(const json_t *o, const char *key);
/** @return nonzero when member @p key of @p o is true */
int jtrue(const json_t *o, const char *key);
/** @return the "items" array of a list answer (or the answer itself when it is an array), or NULL
 */
json_t *h_items(const json_t *list);
/** @return the item of @p list whose "id" is @p id, or NULL (borrowed) */
json_t *h_find_id(const json_t *list, json_int_t id);
/** @return nonzero when some string anywhere in @p j equals @p s */
int h_json_has_string(const json_t *j, const char *s);
/**
 * Fail unless the "actions" of record @p o, joined with commas in their order, are
 * @p want ("" for none).
 */
void h_expect_actions(const json_t *o, const char *want);
/**
 * GET every page of list @p path (which may already have a query) with limit @p limit.
 * @return a new array of every item (the caller decrefs); fails the test on a non-200
 */
json_t *h_list_all(const char *token, const char *path, int limit);

/** The fixture users, in this order. */
enum h_user {
	U_ADMIN,
	U_STATION1,
	U_STATION2,
	U_POINT1A,
	U_POINT2A,
	U_UNIT1,
	U_UNIT2,
	U_LEADER,
	U__N
};
extern const char *const h_usernames[U__N];

/**
 * The standard district: an office; two stations with two points each; departments 1..3
 * and one street, departments 1 and 3 followed by station 1, department 2 and the street by
 * station 2; a campaign of the year 2026 with survey 2026-02-20..03-31, rectify
 * 03-15..05-31 and evaluate 05-15..05-31 (so H_NOW lies in its survey); and one user per
 * enum h_user: admin (office), station1/2 (the stations), point1a (point 1 of station 1),
 * point2a (point 1 of station 2), unit_dept1/2 (departments 1 and 2), leader (no unit).
 */
struct fixture {
	char *root_token;
	json_int_t office, station[2], point[2][2], dept[3], street, campaign;
	json_int_t uid[U__N];
	char *tok[U__N];
};
/** Create the fixture through the API as the CLI's root admin and log every user in. */
void h_fixture(struct fixture *f);
/** Log every fixture user in again (after a restart that moved the clock). */
void h_fixture_relogin(struct fixture *f);
void h_fixture_release(struct fixture *f);

/**
 * The usual cmocka group setup and teardown of a suite: name the suite's fixture and clock
 * (@p now NULL: H_NOW) with h_suite() before cmocka_run_group_tests_name(), and pass
 * h_group_setup (h_setup, then h_fixture) and h_group_teardown (h_fixture_release, then
 * h_teardown). Suites with more to set up call them from their own.
 */
void h_suite(struct fixture *f, const char *now);
int h_group_setup(void **state);
int h_group_teardown(void **state);

/* Domain shortcuts; each fails the test when the server does not answer as expected. */
/** @return the unit of @p who that collects opinions (its point or station), or 0 */
json_int_t h_collector(const struct fixture *f, enum h_user who);
/**
 * POST /opinions as @p who (a point or station user; the admin enters for point 1a) about
 * @p target. @p name and @p phone may be NULL.
 * @param[out] receipt a copy of the receipt when non-NULL (the caller frees)
 * @return the new opinion's id
 */
json_int_t h_opinion(const struct fixture *f, enum h_user who, json_int_t target,
		     const char *content, const char *name, const char *phone, char **receipt);
/**
 * POST /problems as @p who merging the @p n opinions @p ids about @p target, with
 * @p severity (NULL: not sent). @return the new problem's id
 */
json_int_t h_problem(const struct fixture *f, enum h_user who, json_int_t target,
		     const char *severity, const json_int_t *ids, int n);
/** One stage POST on problem @p id as @p token with body @p body (stolen). @return the response */
struct resp h_stage(const char *token, json_int_t id, const char *stage, json_t *body);
/** @return a copy of problem @p id's status as seen by the admin (the caller frees) */
char *h_pstatus(const struct fixture *f, json_int_t id);
/**
 * Take problem @p id forward along open → dispatched (to @p unit, 10 working days) →
 * acknowledged → answered → rectifying → rectified → verified → closed until it is in
 * state @p to, acting as the admin (on the unit's behalf where needed). "returned" is
 * reached from dispatched. Closing first records a satisfied rating.
 */
void h_advance(const struct fixture *f, json_int_t id, json_int_t unit, const char *to);
/** A fresh problem about department 1 (one opinion of point 1a, summarized by station 1) in state
 * @p to. */
json_int_t h_problem_in(const struct fixture *f, const char *to);

#endif
