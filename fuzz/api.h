/*
 * The API fuzz targets' fixture: the real server (server_start(), the route table, the
 * handlers, services and the SQLite store) in the fuzzer's own process, on a demo district
 * in a temporary directory, reached over one keep-alive loopback connection.
 *
 * An input is three selector bytes and a payload:
 *   byte 0  the route (modulo the target's route list)
 *   byte 1  the caller (modulo FZ_CALLERS): nobody, a bearer token of each role, or the
 *           admin's session cookie without and with X-Requested-With
 *   byte 2  the id put into the path (1 to 64); forms take 1 + byte % 5 as the form
 *   rest    the body (fuzz_body) or the query string (fuzz_query)
 *
 * Every answer must be a complete HTTP response below 500 with the security headers, and
 * a JSON body whenever the Content-Type says JSON; anything else aborts, so libFuzzer
 * keeps the input as a crash.
 */
#ifndef WB_FUZZ_API_H
#define WB_FUZZ_API_H

#include <stddef.h>
#include <stdint.h>

struct fz_route {
	const char *method;
	const char *pattern; /**< as in server.c: ":id" a number, ":w" a date or receipt */
};

/** Start the fixture once (demo database, server, logins). Aborts on failure. */
void fz_api_init(void);

/**
 * Send one request built from @p data to one of @p routes and check the answer.
 * @p payload_is_query: the payload is the query string (unsafe bytes percent-encoded)
 * instead of the body.
 */
void fz_api_run(const struct fz_route *routes, size_t nroutes, const uint8_t *data, size_t size,
		int payload_is_query);

#endif
