/* Deadlines on elapsed time for each connection, and a memory budget for request bodies. */
#ifndef WB_GUARD_H
#define WB_GUARD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>

struct guard_opts {
	int header_s;  /**< a request's headers arrive within this many seconds */
	int body_s;    /**< its body within this, plus a second per 64 KiB announced */
	size_t budget; /**< bytes of request bodies held by all connections at most */
};

struct guard;

/** Start the watchdog. */
struct guard *guard_new(const struct guard_opts *o);
/** Stop it; after libmicrohttpd has stopped. */
void guard_free(struct guard *g);

/** libmicrohttpd's MHD_OPTION_NOTIFY_CONNECTION callback (cls: the guard). */
void guard_notify(void *cls, struct MHD_Connection *c, void **ctx,
		  enum MHD_ConnectionNotificationCode code);

/** The headers are in; a body of @p announced bytes (0: unknown) is on its way. */
void guard_body(struct guard *g, struct MHD_Connection *c, uint64_t announced);
/** The request is answered: no deadline while the handler runs and the reply is sent. */
void guard_busy(struct guard *g, struct MHD_Connection *c);
/** The reply is sent: the next request's headers are due. */
void guard_idle(struct guard *g, struct MHD_Connection *c);

/** Hold @p n more body bytes. @return 0, or -1 when that would pass the budget */
int guard_take(struct guard *g, size_t n);
/** Let go of @p n body bytes. */
void guard_give(struct guard *g, size_t n);
/** @return how many connections were cut for passing their deadline */
unsigned long guard_cut(struct guard *g);

#endif
