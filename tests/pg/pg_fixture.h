/*
 * The PostgreSQL side of the tests. tests/run.sh runs every suite that uses a database
 * twice: once on SQLite files, once with WUBIAO_TEST_PG naming a throwaway server
 * (tools/pg-test.sh). Suites ask here for a fresh database instead of a file path.
 */
#ifndef WB_TEST_PG_FIXTURE_H
#define WB_TEST_PG_FIXTURE_H

#include <stddef.h>

/** @return 1 when the suite runs on PostgreSQL (WUBIAO_TEST_PG is set), else 0 */
int tpg_enabled(void);

/**
 * Create a new, empty database on the test server and write its URI to @p uri.
 * @return 0, or -1 (the reason is printed)
 */
int tpg_new_db(char *uri, size_t n);

/**
 * Run @p sql on the database at @p uri through a raw connection (for what store.h
 * cannot do, as the SQLite tests open the file). With @p out, the first column of the
 * first row is parsed into it. @p msg receives the error message (malloc'd) on failure.
 * @return 0, or -1
 */
int tpg_exec(const char *uri, const char *sql, long long *out, char **msg);

/** tpg_exec with one parameter, $1, bound as text. */
int tpg_exec_param(const char *uri, const char *sql, const char *param, long long *out, char **msg);

#endif
