/* The HTTP server: libmicrohttpd with a thread pool, one store connection per thread. */
#ifndef WB_SERVER_H
#define WB_SERVER_H

#include <stdint.h>

struct wb_server_opts {
	const char *db;        /**< database address */
	const char *host;      /**< listen address, e.g. "127.0.0.1" */
	int port;              /**< 0: any free port */
	int threads;           /**< worker threads (and store connections) */
	const char *web_root;  /**< directory of the web UI's static files; NULL: none */
	int64_t fixed_now;     /**< nonzero: the clock stands still at this unix time (tests) */
	int max_connections;   /**< open connections at most; 0: 1000 */
	int per_address;       /**< open connections from one address at most; 0: no limit */
	int idle_timeout;      /**< seconds a connection may stay silent; 0: 30 */
	int header_timeout;    /**< seconds a request's headers may take in all; 0: 10 */
	int body_timeout;      /**< seconds its body may take, plus 1 per 64 KiB; 0: 30 */
	int memory_budget_mib; /**< MiB of request bodies held at once at most; 0: 256 */
	int login_burst;       /**< failed logins allowed per address and per name before 429 */
	int public_burst;      /**< public submissions allowed in a burst per address */
	int public_per_min;    /**< their refill rate */
	int sweep_minutes;     /**< send due reminders this often; 0: never (wubiao sweep does) */
	int group_commit;      /**< writes per shared transaction at most; 0 or 1: one each */
	/** addresses of reverse proxies whose X-Forwarded-For names the client, comma
	 * separated; NULL: none (the socket's address is the client's) */
	const char *trusted_proxies;
};

struct wb_server;

/** Start serving. @return 0 or an error (logged) */
int server_start(const struct wb_server_opts *o, struct wb_server **out);
/** @return the port actually bound */
int server_port(struct wb_server *s);
void server_stop(struct wb_server *s);

#endif
