/* Fresh databases on the test PostgreSQL server; see pg_fixture.h. */
#include "pg_fixture.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int tpg_enabled(void)
{
	const char *base = getenv("WUBIAO_TEST_PG");
	return base != NULL && *base != '\0';
}

/* The server's address with @p db as the database: base ends in "/". */
static int uri_for(char *out, size_t n, const char *db)
{
	const char *base = getenv("WUBIAO_TEST_PG");
	size_t bl = strlen(base);
	int w = snprintf(out, n, "%s%s%s", base, bl && base[bl - 1] == '/' ? "" : "/", db);
	return w > 0 && (size_t)w < n ? 0 : -1;
}

int tpg_exec(const char *uri, const char *sql, long long *out, char **msg)
{
	return tpg_exec_param(uri, sql, NULL, out, msg);
}

int tpg_exec_param(const char *uri, const char *sql, const char *param, long long *out, char **msg)
{
	PGconn *c = PQconnectdb(uri);
	int rc = -1;
	if (PQstatus(c) != CONNECTION_OK) {
		if (msg)
			*msg = strdup(PQerrorMessage(c));
		PQfinish(c);
		return -1;
	}
	PGresult *r = param ? PQexecParams(c, sql, 1, NULL, &param, NULL, NULL, 0) : PQexec(c, sql);
	ExecStatusType es = PQresultStatus(r);
	if (es == PGRES_COMMAND_OK || es == PGRES_TUPLES_OK) {
		rc = 0;
		if (out)
			*out = es == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)
				       ? strtoll(PQgetvalue(r, 0, 0), NULL, 10)
				       : -1;
	} else if (msg) {
		*msg = strdup(PQresultErrorMessage(r));
	}
	PQclear(r);
	PQfinish(c);
	return rc;
}

int tpg_new_db(char *uri, size_t n)
{
	static unsigned seq;
	char admin[256], name[64], sql[128];
	if (!tpg_enabled() || uri_for(admin, sizeof admin, "postgres") < 0)
		return -1;
	/* A database name cannot be a bound parameter; this one is made of numbers only. */
	snprintf(name, sizeof name, "wbt_%ld_%u", (long)getpid(), ++seq);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	char *msg = NULL;
	if (tpg_exec(admin, sql, NULL, &msg) < 0) {
		fprintf(stderr, "cannot create database %s: %s\n", name, msg ? msg : "?");
		free(msg);
		return -1;
	}
	return uri_for(uri, n, name);
}
