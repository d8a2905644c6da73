/* init, serve, user, calendar, audit and config commands. */
#include "cli.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../http/server.h"
#include "../util/err.h"
#include "../util/log.h"
#include "calendars.h"

int cmd_init(int argc, char **argv)
{
	const char *db = NULL, *key = NULL, *pos[1];
	int no_calendars = 0;
	const struct cli_opt opts[] = {
		CLI_DB(db),
		CLI_KEY(key),
		{"no-calendars", CLI_FLAG, &no_calendars, 0, 0, 0, NULL,
		 "leave the calendar empty (the district keeps its own: wubiao calendar import)"},
		{NULL},
	};
	const struct cli_spec spec = {
		"init", NULL, 0,
		"Create the database, or bring its schema up to date, and load the holiday\n"
		"calendars shipped with the program for the years it has no special days of.\n",
		opts};
	int npos;
	if (cli_parse(argc, argv, &spec, pos, &npos) < 0)
		return EXIT_USAGE;
	if (cli_key(key) < 0)
		return EXIT_FAIL;
	struct arena a = ARENA_INIT;
	struct store *st;
	struct svc_ctx c;
	if (cli_open(db, &st, &c, &a) < 0) {
		arena_release(&a);
		return EXIT_FAIL;
	}
	int years = 0, days = 0;
	int64_t duties = 0;
	int rc = no_calendars ? 0 : cli_import_shipped(&c, 0, 1, stderr, &years, &days);
	/* a database from before duties were kept gets them from its log */
	if (rc == 0)
		rc = svc_duties_fill(&c, &duties);
	if (rc == 0) {
		printf("database %s is at schema version %d\n", db, store_schema_version(st));
		if (years)
			printf("loaded the holiday calendars of %d years (%d days)\n", years, days);
		if (duties)
			printf("rebuilt %lld duties from the audit log\n", (long long)duties);
	}
	store_close(st);
	arena_release(&a);
	return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

int cmd_serve(int argc, char **argv)
{
	const char *db = NULL, *listen = "127.0.0.1:8080", *web = "web", *port_file = NULL,
		   *key = NULL, *proxies = NULL, *pos[1];
	int64_t threads = 4, public_rate = 30, sweep = 10, group = 64, max_conns = 1000,
		per_address = 128, idle = 30, header_s = 10, body_s = 30, budget = 256;
	const struct cli_opt opts[] = {
		CLI_DB(db),
		{"listen", CLI_STR, &listen, 0, 0, 0, "HOST:PORT",
		 "where to listen; port 0 picks a free one"},
		{"threads", CLI_NUM, &threads, 1, 256, 0, "N", "worker threads"},
		{"web", CLI_STR, &web, 0, 0, 0, "DIR", "the web UI's files"},
		{"port-file", CLI_STR, &port_file, 0, 0, 0, "FILE",
		 "write the bound port to FILE once listening"},
		{"public-rate", CLI_NUM, &public_rate, 1, 100000, 0, "N",
		 "public submissions per minute per address"},
		{"sweep-minutes", CLI_NUM, &sweep, 0, 1440, 0, "N",
		 "send due reminders (催办) and escalations (督办) this often; 0 leaves it to 'wubiao sweep'"},
		{"group-commit", CLI_NUM, &group, 1, 1000, 0, "N",
		 "writes arriving together share one transaction and one sync, up to N; 1: each alone"},
		{"max-connections", CLI_NUM, &max_conns, 1, 100000, 0, "N",
		 "open connections at most"},
		{"per-address", CLI_NUM, &per_address, 0, 100000, 0, "N",
		 "open connections of one client address at most; 0: no limit (behind a proxy)"},
		{"idle-timeout", CLI_NUM, &idle, 1, 3600, 0, "SECONDS",
		 "a connection silent this long is closed"},
		{"header-timeout", CLI_NUM, &header_s, 1, 3600, 0, "SECONDS",
		 "a request's headers must have come this long after the connection or the last reply"},
		{"body-timeout", CLI_NUM, &body_s, 1, 3600, 0, "SECONDS",
		 "a request's body must have come this long after its headers, plus 1 s per 64 KiB"},
		{"memory-budget", CLI_NUM, &budget, 1, 65536, 0, "MIB",
		 "request bodies held at once by all connections at most; past it, 503"},
		CLI_KEY(key),
		{"trusted-proxy", CLI_STR, &proxies, 0, 0, 0, "ADDR[,ADDR]",
		 "reverse proxies whose X-Forwarded-For names the client (for limits by address)"},
		{NULL},
	};
	const struct cli_spec spec = {
		"serve", NULL, 0,
		"Serve the JSON API under /api/v1 and the web UI. The environment variable WUBIAO_NOW\n"
		"(RFC 3339) stops the clock, for tests.\n",
		opts};
	int npos;
	if (cli_parse(argc, argv, &spec, pos, &npos) < 0)
		return EXIT_USAGE;
	if (cli_key(key) < 0)
		return EXIT_FAIL;
	struct wb_server_opts o = {
		.sweep_minutes = (int)sweep,
		.db = db,
		.host = "127.0.0.1",
		.port = 8080,
		.threads = (int)threads,
		.web_root = web,
		.login_burst = 10,
		.public_burst = 30,
		.public_per_min = (int)public_rate,
		.group_commit = (int)group,
		.max_connections = (int)max_conns,
		.per_address = (int)per_address,
		.idle_timeout = (int)idle,
		.header_timeout = (int)header_s,
		.body_timeout = (int)body_s,
		.memory_budget_mib = (int)budget,
		.trusted_proxies = proxies,
	};
	char host[64];
	const char *colon = strrchr(listen, ':');
	char *end;
	long lport = colon ? strtol(colon + 1, &end, 10) : -1;
	if (colon == NULL || colon == listen || (size_t)(colon - listen) >= sizeof host ||
	    end == colon + 1 || *end != '\0' || lport < 0 || lport > 65535) {
		fprintf(stderr,
			"wubiao serve: --listen takes HOST:PORT, e.g. 127.0.0.1:8080, not '%s'\n",
			listen);
		return EXIT_USAGE;
	}
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	o.host = host;
	o.port = (int)lport;
	if (access(o.web_root, R_OK) != 0)
		o.web_root = NULL;
	const char *now = getenv("WUBIAO_NOW");
	if (now && *now && wb_time_parse(now, &o.fixed_now) < 0) {
		fprintf(stderr, "wubiao serve: WUBIAO_NOW is not an RFC 3339 time: %s\n", now);
		return EXIT_USAGE;
	}
	/*
	 * SIGTERM and SIGINT are blocked before any thread starts, so every server thread
	 * inherits the mask and the signal can only be taken here, by sigwait below (a
	 * handler might run on any thread and leave this one asleep).
	 */
	sigset_t stop_signals;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);
#ifdef __GLIBC__
	/*
	 * Request memory comes from per-request arenas; glibc's default of up to eight malloc
	 * arenas per core only scatters their chunks. Two keep the resident size low and
	 * steady (measured: a 90 s soak levels off at 24 MB instead of swinging 19-31 MB).
	 */
	mallopt(M_ARENA_MAX, 2);
#endif
	struct wb_server *s;
	if (server_start(&o, &s) < 0)
		return EXIT_FAIL;
	int port = server_port(s);
	if (port_file) {
		char tmp[4096];
		snprintf(tmp, sizeof tmp, "%s.tmp", port_file);
		FILE *f = fopen(tmp, "w");
		if (f == NULL || fprintf(f, "%d\n", port) < 0 || fclose(f) != 0 ||
		    rename(tmp, port_file) != 0) {
			fprintf(stderr, "wubiao serve: cannot write %s: %s\n", port_file,
				strerror(errno));
			server_stop(s);
			return EXIT_FAIL;
		}
	}
	wb_log(WB_LOG_INFO, "serving http://%s:%d/ (database %s)", o.host, port, o.db);
	int sig = 0;
	while (sigwait(&stop_signals, &sig) != 0)
		;
	wb_log(WB_LOG_INFO, "stopping (%s)", sig == SIGINT ? "SIGINT" : "SIGTERM");
	server_stop(s);
	return EXIT_OK;
}

static char *read_password(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

static int user_add(int argc, char **argv)
{
	const char *db = NULL, *username = NULL, *role_name = NULL, *display = NULL, *pos[1];
	int64_t unit = 0;
	int pw_stdin = 0;
	const struct cli_opt opts[] = {
		CLI_DB(db),
		{"username", CLI_STR, &username, 0, 0, 1, "NAME", NULL},
		{"role", CLI_STR, &role_name, 0, 0, 1, "ROLE",
		 "admin, station, point, unit or leader"},
		{"unit", CLI_NUM, &unit, 1, INT64_MAX, 0, "ID", "the user's unit", 0},
		{"display-name", CLI_STR, &display, 0, 0, 0, "NAME", NULL},
		{"password-stdin", CLI_FLAG, &pw_stdin, 0, 0, 1, NULL,
		 "read the password from stdin"},
		{NULL},
	};
	const struct cli_spec spec = {"user add", NULL, 0, NULL, opts};
	int npos;
	if (cli_parse(argc, argv, &spec, pos, &npos) < 0)
		return EXIT_USAGE;
	if (!pw_stdin) {
		fprintf(stderr, "wubiao user add: --password-stdin is required\n");
		cli_usage(stderr, &spec);
		return EXIT_USAGE;
	}
	int role = wb_enum_parse(&wb_roles, role_name);
	if (role < 0) {
		fprintf(stderr, "wubiao user add: unknown role '%s'\n", role_name);
		cli_usage(stderr, &spec);
		return EXIT_USAGE;
	}
	char *pw = read_password();
	if (pw == NULL) {
		fprintf(stderr, "wubiao user add: no password on stdin\n");
		return EXIT_FAIL;
	}
	struct arena a = ARENA_INIT;
	struct store *st;
	struct svc_ctx c;
	int rc = EXIT_FAIL;
	if (cli_open(db, &st, &c, &a) < 0)
		goto out;
	struct wb_user u = {
		.username = username, .display_name = display, .role = role, .unit_id = unit};
	int64_t id;
	int err = svc_user_create(&c, &u, pw, &id);
	if (err < 0)
		cli_print_err(&c, err);
	else {
		printf("user %s created with id %lld\n", username, (long long)id);
		rc = EXIT_OK;
	}
	store_close(st);
out:
	sodium_memzero(pw, strlen(pw));
	free(pw);
	arena_release(&a);
	return rc;
}

int cmd_user(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return user_add(argc - 1, argv + 1);
	fprintf(stderr, "usage: wubiao user add --db FILE --username U --role R [--unit ID] "
			"--password-stdin\n");
	return argc >= 2 && (strcmp(argv[1], "--help") == 0) ? EXIT_OK : EXIT_USAGE;
}

/*
 * One CSV line "date,holiday|workday"; a header line, comments and blank lines are
 * skipped. @return 1 with *day and *kind set, 0 for a skipped line, -1 after printing why
 * to @p err
 */
static int calendar_line(struct svc_ctx *c, char *line, int lineno, FILE *err, wb_date *day,
			 int *kind)
{
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
		line[--n] = '\0';
	if (lineno == 1 && n >= 3 && (unsigned char)line[0] == 0xEF &&
	    (unsigned char)line[1] == 0xBB && (unsigned char)line[2] == 0xBF)
		memmove(line, line + 3, n - 2); /* a UTF-8 byte-order mark from Excel */
	if (line[0] == '\0' || line[0] == '#' || (lineno == 1 && strncmp(line, "date", 4) == 0))
		return 0;
	char *comma = strchr(line, ',');
	if (comma == NULL) {
		fprintf(err, "line %d: expected 'date,holiday' or 'date,workday'\n", lineno);
		return -1;
	}
	*comma = '\0';
	const char *k = comma + 1;
	if (wb_date_parse(line, day) < 0) {
		fprintf(err, "line %d: '%s' is not a date YYYY-MM-DD\n", lineno, line);
		return -1;
	}
	*kind = strcmp(k, "workday") == 0 ? 1 : strcmp(k, "holiday") == 0 ? 0 : -2;
	if (*kind == -2) {
		fprintf(err, "line %d: kind must be holiday or workday, not '%s'\n", lineno, k);
		return -1;
	}
	c->errs.n = 0;
	int rc = svc_calendar_check(c, *day, *kind);
	if (rc < 0) {
		fprintf(err, "line %d: ", lineno);
		cli_print_err_to(err, c, rc);
		return -1;
	}
	return 1;
}

int cli_calendar_import(struct svc_ctx *c, FILE *in, FILE *err, int *count)
{
	wb_date *days = arena_alloc(c->a, CLI_MAX_CAL_DAYS * sizeof *days);
	int *kinds = arena_alloc(c->a, CLI_MAX_CAL_DAYS * sizeof *kinds);
	int lineno = 0;
	char line[256];
	*count = 0;
	while (fgets(line, sizeof line, in)) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(in)) {
			fprintf(err, "line %d: too long\n", lineno);
			return WB_ERR_INVALID;
		}
		if (*count == CLI_MAX_CAL_DAYS) {
			fprintf(err, "line %d: more than %d days in one file\n", lineno,
				CLI_MAX_CAL_DAYS);
			return WB_ERR_INVALID;
		}
		int r1 = calendar_line(c, line, lineno, err, &days[*count], &kinds[*count]);
		if (r1 < 0)
			return WB_ERR_INVALID;
		*count += r1;
	}
	c->errs.n = 0;
	int rc = svc_calendar_set_many(c, days, kinds, *count);
	if (rc < 0) {
		fputs("wubiao: ", err);
		cli_print_err_to(err, c, rc);
	}
	return rc < 0 ? rc : 0;
}

/* `calendar import` without a file: the calendars shipped with the program. */
static int import_shipped(const char *db, int year)
{
	struct arena a = ARENA_INIT;
	struct store *st;
	struct svc_ctx c;
	if (cli_open(db, &st, &c, &a) < 0) {
		arena_release(&a);
		return EXIT_FAIL;
	}
	int years, days;
	int rc = cli_import_shipped(&c, year, 0, stderr, &years, &days);
	store_close(st);
	arena_release(&a);
	if (rc < 0)
		return EXIT_FAIL;
	if (years == 0) {
		fprintf(stderr, "wubiao calendar import: no calendar of %d is shipped\n", year);
		return EXIT_FAIL;
	}
	printf("imported %d calendar days (%d year%s) shipped with the program\n", days, years,
	       years == 1 ? "" : "s");
	return EXIT_OK;
}

static int calendar_import(int argc, char **argv)
{
	const char *db = NULL, *pos[1];
	int64_t year = 0;
	const struct cli_opt opts[] = {
		CLI_DB(db),
		{"year", CLI_NUM, &year, 1900, 9999, 0, "YYYY",
		 "without a CSV: only this year of the shipped calendars", 0},
		{NULL},
	};
	const struct cli_spec spec = {
		"calendar import", "[CSV]", 1,
		"CSV rows are 'YYYY-MM-DD,holiday' (a weekday off) or 'YYYY-MM-DD,workday'\n"
		"(a weekend make-up working day, 调休). The file is imported in one\n"
		"transaction: nothing is imported when any row is bad. Without a CSV, the State\n"
		"Council's arrangements shipped with the program are imported, a year at a time.\n",
		opts};
	int npos;
	if (cli_parse(argc, argv, &spec, pos, &npos) < 0)
		return EXIT_USAGE;
	if (npos == 0)
		return import_shipped(db, (int)year);
	if (year) {
		fprintf(stderr, "wubiao calendar import: --year goes with the shipped calendars, "
				"not with a CSV\n");
		return EXIT_USAGE;
	}
	FILE *f = fopen(pos[0], "r");
	if (f == NULL) {
		fprintf(stderr, "wubiao: cannot open %s: %s\n", pos[0], strerror(errno));
		return EXIT_FAIL;
	}
	struct arena a = ARENA_INIT;
	struct store *st = NULL;
	struct svc_ctx c;
	int rc = EXIT_FAIL, count = 0;
	if (cli_open(db, &st, &c, &a) < 0)
		goto out;
	if (cli_calendar_import(&c, f, stderr, &count) < 0)
		goto out;
	printf("imported %d calendar days from %s\n", count, pos[0]);
	rc = EXIT_OK;
out:
	fclose(f);
	store_close(st);
	arena_release(&a);
	return rc;
}

int cmd_calendar(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "import") == 0)
		return calendar_import(argc - 1, argv + 1);
	int help = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
	fprintf(help ? stdout : stderr,
		"usage: wubiao calendar import --db FILE [--year YYYY] [CSV]\n");
	return help ? EXIT_OK : EXIT_USAGE;
}

int cmd_audit(int argc, char **argv)
{
	const char *db = NULL, *checkpoint = NULL, *pos[1];
	const struct cli_opt vopts[] = {
		CLI_DB(db),
		{"checkpoint", CLI_STR, &checkpoint, 0, 0, 0, "\"events=N head=HEX\"",
		 "a published checkpoint: fail unless event N has that hash"},
		{NULL},
	};
	const struct cli_opt copts[] = {CLI_DB(db), {NULL}};
	const struct cli_spec vspec = {
		"audit verify", NULL, 0,
		"Verify the audit log: its hash chain, then every problem, opinion and rating\n"
		"against the state the events imply, and --checkpoint when given. Exit 0 when all\n"
		"hold, 1 naming the first event or record that does not.\n",
		vopts};
	const struct cli_spec cspec = {
		"audit checkpoint", NULL, 0,
		"Print the log's checkpoint, one line: events=N head=HEX (the last event and its\n"
		"hash). Kept elsewhere, it proves later that no event up to N was cut or changed:\n"
		"  wubiao audit verify --db DB --checkpoint \"events=N head=HEX\"\n",
		copts};
	int verify = argc >= 2 && strcmp(argv[1], "verify") == 0;
	if (argc < 2 || (!verify && strcmp(argv[1], "checkpoint") != 0)) {
		int help = argc >= 2 && strcmp(argv[1], "--help") == 0;
		cli_usage(help ? stdout : stderr, &vspec);
		cli_usage(help ? stdout : stderr, &cspec);
		return help ? EXIT_OK : EXIT_USAGE;
	}
	int npos;
	if (cli_parse(argc - 1, argv + 1, verify ? &vspec : &cspec, pos, &npos) < 0)
		return EXIT_USAGE;
	struct arena a = ARENA_INIT;
	struct store *st;
	struct svc_ctx c;
	if (cli_open(db, &st, &c, &a) < 0) {
		arena_release(&a);
		return EXIT_FAIL;
	}
	int code = EXIT_OK;
	if (!verify) {
		int64_t n;
		char head[65];
		int rc = svc_audit_checkpoint(&c, INT64_MAX, &n, head);
		if (rc < 0) {
			fprintf(stderr, "wubiao: cannot read the audit log\n");
			code = EXIT_FAIL;
		} else {
			printf("events=%lld head=%s\n", (long long)n, head);
		}
		store_close(st);
		arena_release(&a);
		return code;
	}
	struct svc_verify res;
	int rc = svc_audit_verify(&c, checkpoint, &res);
	store_close(st);
	if (rc == WB_ERR_INVALID) {
		fprintf(stderr, "wubiao audit verify: --checkpoint %s\n", c.errs.v[0].message);
		code = EXIT_USAGE;
	} else if (rc < 0) {
		fprintf(stderr, "wubiao: cannot read the audit log\n");
		code = EXIT_FAIL;
	} else if (res.first_bad) {
		printf("audit log BROKEN: first bad event %lld of %lld\n", (long long)res.first_bad,
		       (long long)res.events);
		code = EXIT_FAIL;
	} else if (res.mismatch) {
		printf("audit log intact (%lld events), but the records differ from it: %s\n",
		       (long long)res.events, res.mismatch);
		code = EXIT_FAIL;
	} else if (!res.ok) {
		printf("audit log fails the checkpoint: %s\n", res.checkpoint_detail);
		code = EXIT_FAIL;
	} else {
		printf("audit log intact: %lld events, every record agrees with it%s\n",
		       (long long)res.events, res.checkpoint > 0 ? ", the checkpoint holds" : "");
	}
	arena_release(&a);
	return code;
}

int cmd_config(int argc, char **argv)
{
	static const char keys[] =
		"Keys: tz_offset_minutes, due_workdays.normal, due_workdays.important,\n"
		"      due_workdays.urgent, max_due_workdays, session_hours,\n"
		"      ack_workdays, escalate_after_workdays, backdate_days,\n"
		"      entry_workdays, merge_workdays, dispatch_workdays, verify_workdays,\n"
		"      session_idle_minutes\n";
	const char *db = NULL, *pos[2];
	const struct cli_opt opts[] = {CLI_DB(db), {NULL}};
	int set = argc >= 2 && strcmp(argv[1], "set") == 0;
	const struct cli_spec spec = {set ? "config set" : "config show", set ? "KEY VALUE" : NULL,
				      set ? 2 : 0, keys, opts};
	if (argc < 2 || (strcmp(argv[1], "show") != 0 && !set)) {
		int help =
			argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
		fputs("usage: wubiao config show --db FILE\n"
		      "       wubiao config set --db FILE KEY VALUE\n",
		      help ? stdout : stderr);
		fputs(keys, help ? stdout : stderr);
		return help ? EXIT_OK : EXIT_USAGE;
	}
	int npos;
	if (cli_parse(argc - 1, argv + 1, &spec, pos, &npos) < 0)
		return EXIT_USAGE;
	if (set && npos != 2) {
		fprintf(stderr, "wubiao config set: give a KEY and its VALUE\n");
		cli_usage(stderr, &spec);
		return EXIT_USAGE;
	}
	struct arena a = ARENA_INIT;
	struct store *st;
	struct svc_ctx c;
	if (cli_open(db, &st, &c, &a) < 0) {
		arena_release(&a);
		return EXIT_FAIL;
	}
	int rc = EXIT_OK;
	if (set) {
		int err = svc_setting_set(&c, pos[0], pos[1]);
		if (err < 0) {
			cli_print_err(&c, err);
			rc = EXIT_FAIL;
		}
	}
	for (const char *const *k = wb_settings_keys; rc == EXIT_OK && *k; k++) {
		char val[32];
		wb_settings_get(&c.cfg, *k, val, sizeof val);
		printf("%s = %s\n", *k, val);
	}
	store_close(st);
	arena_release(&a);
	return rc;
}

int cmd_sweep(int argc, char **argv)
{
	const char *db = NULL, *pos[1];
	const struct cli_opt opts[] = {CLI_DB(db), {NULL}};
	const struct cli_spec spec = {
		"sweep", NULL, 0,
		"Send the reminders (催办) due the working day after a deadline and the escalations\n"
		"(督办) due when a problem stays overdue; each deadline gets each once. The server\n"
		"does this itself every few minutes (serve --sweep-minutes).\n",
		opts};
	int npos;
	if (cli_parse(argc, argv, &spec, pos, &npos) < 0)
		return EXIT_USAGE;
	struct arena a = ARENA_INIT;
	struct store *st;
	struct svc_ctx c;
	if (cli_open(db, &st, &c, &a) < 0) {
		arena_release(&a);
		return EXIT_FAIL;
	}
	struct svc_sweep_result res;
	int rc = svc_sweep(&c, &res);
	store_close(st);
	arena_release(&a);
	if (rc < 0) {
		cli_print_err(&c, rc);
		return EXIT_FAIL;
	}
	printf("reminders sent: %d, escalations: %d, target reminders: %d, faults proposed: %d\n",
	       res.reminded, res.escalated, res.target_reminded, res.faults_proposed);
	return EXIT_OK;
}
