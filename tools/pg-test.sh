#!/bin/sh
# A throwaway PostgreSQL 15 server for the tests.
#   tools/pg-test.sh start      prints WUBIAO_TEST_PG=URI and WUBIAO_TEST_PGDIR=DIR lines
#   tools/pg-test.sh start --durable   the same with fsync and synchronous commit on
#                                      (make bench: durable writes as on SQLite FULL)
#   tools/pg-test.sh stop DIR   stops that server and removes DIR
# The cluster lives in a temporary directory, listens on 127.0.0.1 on a free port and on
# a unix socket inside that directory, trusts local connections from the user wubiao, and
# runs without fsync unless --durable: it holds test data only. initdb refuses to run as root, so as root
# the server runs as an unprivileged system user (postgres when it exists, else a system
# user wubiao-pg made here). Each suite creates its own database on it (tests/pg/pg_fixture.c).
set -u
bindir=${PG_BINDIR:-/usr/lib/postgresql/15/bin}

as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$pguser" -- "$@"
	else
		"$@"
	fi
}

pick_user() {
	pguser=$(id -un)
	[ "$(id -u)" -eq 0 ] || return 0
	if id postgres >/dev/null 2>&1; then
		pguser=postgres
	else
		id wubiao-pg >/dev/null 2>&1 ||
			useradd -r -M -d /nonexistent -s /usr/sbin/nologin wubiao-pg || exit 1
		pguser=wubiao-pg
	fi
}

free_port() {
	# a random high port; start retries with another when it is taken
	echo $((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
}

start() {
	fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	[ "${1:-}" = "--durable" ] && fast=""
	pick_user
	dir=$(mktemp -d /tmp/wubiao-pg.XXXXXX) || exit 1
	chmod 0755 "$dir"
	[ "$(id -u)" -eq 0 ] && chown "$pguser" "$dir"
	if ! as_user "$bindir/initdb" -D "$dir/data" -U wubiao --auth=trust -E UTF8 --locale=C \
		--no-sync >"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		rm -rf "$dir"
		exit 1
	fi
	for try in 1 2 3 4 5 6 7 8; do
		port=$(free_port)
		if as_user "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
			-o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir $fast -c max_connections=300 -c shared_buffers=64MB" \
			start >/dev/null 2>&1; then
			echo "WUBIAO_TEST_PG=postgresql://wubiao@127.0.0.1:$port/"
			echo "WUBIAO_TEST_PGDIR=$dir"
			return 0
		fi
		echo "pg-test: could not start on port $port (try $try)" >&2
	done
	tail -n 20 "$dir/server.log" >&2
	rm -rf "$dir"
	exit 1
}

stop() {
	dir=${1:-}
	case "$dir" in /tmp/wubiao-pg.*) ;; *) echo "pg-test: stop needs the directory start printed" >&2; exit 2 ;; esac
	pick_user
	[ -d "$dir/data" ] && as_user "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$dir"
}

case "${1:-}" in
start) start "${2:-}" ;;
stop) stop "${2:-}" ;;
*) echo "usage: tools/pg-test.sh start | stop DIR" >&2; exit 2 ;;
esac
