/*
 * Error codes shared by every layer: 0 is success, failures are negative. One list gives
 * each its enum, its name for logs, and the HTTP status and title an API answer carries.
 */
#ifndef WB_ERR_H
#define WB_ERR_H

/* X(enum, value, name, HTTP status, HTTP title, code: the problem details' stable "code") */
#define WB_ERRORS(X)                                                                               \
	X(WB_OK, 0, "ok", 200, "OK", "ok")                                                         \
	/* input failed validation */                                                              \
	X(WB_ERR_INVALID, -1, "invalid input", 400, "Bad Request", "invalid")                      \
	/* absent or outside the caller's scope */                                                 \
	X(WB_ERR_NOT_FOUND, -2, "not found", 404, "Not Found", "not_found")                        \
	/* not allowed in the current state */                                                     \
	X(WB_ERR_STATE, -3, "not allowed in this state", 409, "Conflict", "conflict")              \
	/* the role may not take this action */                                                    \
	X(WB_ERR_FORBIDDEN, -4, "forbidden", 403, "Forbidden", "forbidden")                        \
	/* not logged in, or bad credentials */                                                    \
	X(WB_ERR_AUTH, -5, "not authenticated", 401, "Unauthorized", "unauthenticated")            \
	/* input over a size cap */                                                                \
	X(WB_ERR_TOO_LARGE, -6, "too large", 413, "Content Too Large", "too_large")                \
	X(WB_ERR_RATE, -7, "rate limited", 429, "Too Many Requests", "rate_limited")               \
	/* a unique value already taken */                                                         \
	X(WB_ERR_CONFLICT, -8, "conflict", 409, "Conflict", "conflict")                            \
	/* storage failed; details are logged, not returned */                                     \
	X(WB_ERR_DB, -9, "storage error", 500, "Internal Server Error", "server_error")            \
	/* storage busy or a serialization failure: retry */                                       \
	X(WB_ERR_BUSY, -10, "storage busy", 503, "Service Unavailable", "unavailable")             \
	/* a file or system call failed */                                                         \
	X(WB_ERR_IO, -11, "i/o error", 500, "Internal Server Error", "server_error")               \
	/* a bug */                                                                                \
	X(WB_ERR_INTERNAL, -12, "internal error", 500, "Internal Server Error", "server_error")    \
	/* the storage engine cannot do this */                                                    \
	X(WB_ERR_UNSUPPORTED, -13, "not supported by this storage engine", 501, "Not Implemented", \
	  "not_implemented")                                                                       \
	/* the request's method is not one the resource takes */                                   \
	X(WB_ERR_METHOD, -14, "method not allowed", 405, "Method Not Allowed",                     \
	  "method_not_allowed")                                                                    \
	X(WB_ERR_URI_TOO_LONG, -15, "uri too long", 414, "URI Too Long", "uri_too_long")           \
	/* a request body of a type the resource does not take */                                  \
	X(WB_ERR_MEDIA_TYPE, -16, "unsupported media type", 415, "Unsupported Media Type",         \
	  "unsupported_media_type")                                                                \
	/* the request's headers are too large */                                                  \
	X(WB_ERR_HEADERS, -17, "headers too large", 431, "Request Header Fields Too Large",        \
	  "headers_too_large")

#define WB_ERR_ENUM(e, v, name, status, title, code) e = v,
enum wb_err { WB_ERRORS(WB_ERR_ENUM) };
#undef WB_ERR_ENUM

/** @return a short lowercase English name of @p e, for logs */
const char *wb_err_name(int e);
/** @return the HTTP status of an API answer failing with @p e (500 for an unknown one) */
unsigned wb_err_status(int e);
/** @return the title of HTTP status @p status in a problem details answer */
const char *wb_err_title(unsigned status);
/** @return the stable code of HTTP status @p status in a problem details answer */
const char *wb_err_code(unsigned status);

#endif
