/*
 * What a client may hold before it has been answered: time and memory.
 *
 * libmicrohttpd closes a connection that stays silent, but one that sends a byte now and
 * then keeps its slot for ever. So every connection carries a deadline on elapsed time:
 * its request's headers must have arrived within header_s of the connection's start (or
 * of the previous response), and its body within body_s plus a second per BODY_RATE bytes
 * announced. A watchdog thread shuts down the sockets past their deadline; libmicrohttpd
 * then sees the connection end and cleans it up as it would any other.
 *
 * The slots live in a list under one lock. libmicrohttpd tells of a connection's end
 * (MHD_CONNECTION_NOTIFY_CLOSED) before it closes the socket, and the slot leaves the list
 * under the same lock, so the watchdog never touches a socket number that was reused.
 *
 * Request bodies buffered by all connections together stay within a budget: a request
 * whose body would pass it is refused (503) instead of buffered.
 */
#include "guard.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "../util/xalloc.h"

/* A body may take a second for each this many bytes on top of body_s. */
enum { BODY_RATE = 64 * 1024 };

struct slot {
	struct slot *prev, *next;
	int fd;
	int64_t deadline; /**< monotonic ms; 0: none (a handler runs, or a reply is sent) */
};

struct guard {
	struct guard_opts o;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct slot head; /**< the list's sentinel */
	size_t held;      /**< body bytes held now */
	unsigned long cut;
	int stop;
	pthread_t thread;
	int running;
};

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void *watch(void *arg)
{
	struct guard *g = arg;
	pthread_mutex_lock(&g->lock);
	while (!g->stop) {
		int64_t now = now_ms();
		for (struct slot *s = g->head.next; s != &g->head; s = s->next) {
			if (s->deadline == 0 || s->deadline > now || s->fd < 0)
				continue;
			/* shutdown, not close: the socket stays libmicrohttpd's to close */
			shutdown(s->fd, SHUT_RDWR);
			s->deadline = 0;
			g->cut++;
		}
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250 * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->wake, &g->lock, &until);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

struct guard *guard_new(const struct guard_opts *o)
{
	struct guard *g = xcalloc(1, sizeof *g);
	g->o = *o;
	g->head.prev = g->head.next = &g->head;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->wake, NULL);
	if (pthread_create(&g->thread, NULL, watch, g) == 0)
		g->running = 1;
	return g;
}

void guard_free(struct guard *g)
{
	if (g == NULL)
		return;
	if (g->running) {
		pthread_mutex_lock(&g->lock);
		g->stop = 1;
		pthread_cond_signal(&g->wake);
		pthread_mutex_unlock(&g->lock);
		pthread_join(g->thread, NULL);
	}
	/* libmicrohttpd has closed every connection (and freed its slot) by now */
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

void guard_notify(void *cls, struct MHD_Connection *c, void **ctx,
		  enum MHD_ConnectionNotificationCode code)
{
	struct guard *g = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		struct slot *s = xcalloc(1, sizeof *s);
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		s->fd = ci ? ci->connect_fd : -1;
		s->deadline = now_ms() + (int64_t)g->o.header_s * 1000;
		pthread_mutex_lock(&g->lock);
		s->next = g->head.next;
		s->prev = &g->head;
		g->head.next->prev = s;
		g->head.next = s;
		pthread_mutex_unlock(&g->lock);
		*ctx = s;
		return;
	}
	struct slot *s = *ctx;
	if (s == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	s->prev->next = s->next;
	s->next->prev = s->prev;
	pthread_mutex_unlock(&g->lock);
	free(s);
	*ctx = NULL;
}

static void set_deadline(struct guard *g, struct MHD_Connection *c, int64_t deadline)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct slot *s = ci ? ci->socket_context : NULL;
	if (s == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	s->deadline = deadline;
	pthread_mutex_unlock(&g->lock);
}

void guard_body(struct guard *g, struct MHD_Connection *c, uint64_t announced)
{
	int64_t extra = (int64_t)(announced / BODY_RATE) * 1000;
	set_deadline(g, c, now_ms() + (int64_t)g->o.body_s * 1000 + extra);
}

void guard_busy(struct guard *g, struct MHD_Connection *c)
{
	set_deadline(g, c, 0);
}

void guard_idle(struct guard *g, struct MHD_Connection *c)
{
	set_deadline(g, c, now_ms() + (int64_t)g->o.header_s * 1000);
}

int guard_take(struct guard *g, size_t n)
{
	pthread_mutex_lock(&g->lock);
	int ok = g->held + n <= g->o.budget;
	if (ok)
		g->held += n;
	pthread_mutex_unlock(&g->lock);
	return ok ? 0 : -1;
}

void guard_give(struct guard *g, size_t n)
{
	pthread_mutex_lock(&g->lock);
	g->held -= n < g->held ? n : g->held;
	pthread_mutex_unlock(&g->lock);
}

unsigned long guard_cut(struct guard *g)
{
	pthread_mutex_lock(&g->lock);
	unsigned long n = g->cut;
	pthread_mutex_unlock(&g->lock);
	return n;
}
