/*
 * The baseline for `make bench`: a bare libmicrohttpd server answering "hello" with the
 * same threading, polling and queueing as wubiao's server, so the ratio between the two
 * measures what wubiao's own work costs.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	static int marker;
	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)upload;
	if (*con_cls == NULL) {
		*con_cls = &marker;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	static char body[] = "{\"hello\":true}";
	struct MHD_Response *r =
		MHD_create_response_from_buffer(sizeof body - 1, body, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "application/json");
	enum MHD_Result ret = MHD_queue_response(conn, 200, r);
	MHD_destroy_response(r);
	return ret;
}

/* hello [PORT [THREADS [PORT_FILE]]]: PORT 0 takes a free one, written to PORT_FILE. */
int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 8099;
	unsigned threads = argc > 2 ? (unsigned)atoi(argv[2]) : 4;
	const char *port_file = argc > 3 ? argv[3] : NULL;
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0,
						NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR,
						&sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
						MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "hello: cannot listen on %d\n", port);
		return 1;
	}
	if (port_file) {
		const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
		FILE *f = fopen(port_file, "w");
		if (di == NULL || f == NULL || fprintf(f, "%u\n", (unsigned)di->port) < 0 ||
		    fclose(f) != 0) {
			fprintf(stderr, "hello: cannot write %s\n", port_file);
			MHD_stop_daemon(d);
			return 1;
		}
	}
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	int sig;
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
