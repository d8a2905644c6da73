#!/bin/sh
# make bench: wrk on loopback against a demo database, on SQLite and on PostgreSQL side by
# side, each case next to a bare libmicrohttpd "hello" server measured in the same run.
# Prints req/s and p50/p99 per engine. PostgreSQL is a throwaway server started here
# (tools/pg-test.sh --durable: fsync and synchronous commit on, as SQLite's FULL); set
# BENCH_PG=0 to measure SQLite alone.
set -eu
BUILD=${1:-build}
DUR=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-4}
W=$BUILD/wubiao
PSQL=${PG_BINDIR:-/usr/lib/postgresql/15/bin}/psql
tmp=$(mktemp -d)
SPID=""
HPID=""
PGDIR=""
cleanup() {
	kill $SPID $HPID 2>/dev/null || true
	wait 2>/dev/null || true
	[ -n "$PGDIR" ] && sh tools/pg-test.sh stop "$PGDIR"
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

engines="sqlite"
PGURI=""
if [ "${BENCH_PG:-1}" != 0 ]; then
	if env=$(sh tools/pg-test.sh start --durable); then
		PGURI=$(printf '%s\n' "$env" | sed -n 's/^WUBIAO_TEST_PG=//p')
		PGDIR=$(printf '%s\n' "$env" | sed -n 's/^WUBIAO_TEST_PGDIR=//p')
		engines="sqlite pg"
	else
		echo "bench: PostgreSQL did not start; SQLite only"
	fi
fi

# newdb ENGINE NAME: the address of a new, empty database
newdb() {
	if [ "$1" = pg ]; then
		"$PSQL" -q "${PGURI}postgres" -c "CREATE DATABASE $2" >/dev/null
		echo "$PGURI$2"
	else
		echo "$tmp/$2.db"
	fi
}

# run NAME SCRIPT URL: prints "req/s p50 p99 non2xx"
run() {
	out=$(wrk -t2 -c"$CONNS" -d"${DUR}s" --latency -s "$2" "$3" 2>&1)
	rps=$(printf '%s\n' "$out" | awk '/Requests\/sec/{print $2}')
	p50=$(printf '%s\n' "$out" | awk '$1=="50%"{print $2}')
	p99=$(printf '%s\n' "$out" | awk '$1=="99%"{print $2}')
	bad=$(printf '%s\n' "$out" | awk '/non-2xx:/{print $2}')
	printf '%s %s %s %s\n' "${rps:-?}" "${p50:-?}" "${p99:-?}" "${bad:-?}"
}

# serve_cases ENGINE: demo district, one server, the HTTP cases; lines into $tmp/http-ENGINE
serve_cases() {
	db=$(newdb "$1" bench_http)
	$W demo --db "$db" --logins "$tmp/logins-$1.txt" >/dev/null
	rm -f "$tmp/port"
	WUBIAO_LOG=warn $W serve --db "$db" --listen 127.0.0.1:0 --port-file "$tmp/port" \
		--threads "$THREADS" --public-rate 100000 &
	SPID=$!
	for i in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
	B=http://127.0.0.1:$(cat "$tmp/port")/api/v1
	pw=$(awk -F'\t' '$1=="admin"{print $4}' "$tmp/logins-$1.txt")
	WB_TOKEN=$(curl -s -X POST "$B/session" -H 'Content-Type: application/json' \
		-d "{\"username\":\"admin\",\"password\":\"$pw\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
	export WB_TOKEN
	echo "$WB_TOKEN" >"$tmp/token-$1"
	PID_PROBLEM=$(curl -s -H "Authorization: Bearer $WB_TOKEN" "$B/problems?limit=1" | sed 's/.*"items":\[{"id":\([0-9]*\).*/\1/')
	WB_TARGET=$(curl -s -H "Authorization: Bearer $WB_TOKEN" "$B/units?kind=department&limit=1" | sed 's/.*"items":\[{"id":\([0-9]*\).*/\1/')
	WB_POINT=$(curl -s -H "Authorization: Bearer $WB_TOKEN" "$B/units?kind=point&limit=1" | sed 's/.*"items":\[{"id":\([0-9]*\).*/\1/')
	export WB_TARGET WB_POINT
	{
		run "GET /problems/ID" bench/auth.lua "$B/problems/$PID_PROBLEM"
		run "GET /problems?limit=50" bench/auth.lua "$B/problems?limit=50"
		run "GET /summary" bench/auth.lua "$B/summary"
	} >"$tmp/http-$1"
	echo "$(awk '/VmRSS/{print $2, $3}' /proc/$SPID/status)" >"$tmp/rss-$1"
	kill "$SPID" 2>/dev/null || true
	wait "$SPID" 2>/dev/null || true
	SPID=""
}

echo "wubiao bench: wrk -t2 -c$CONNS -d${DUR}s, $THREADS server threads, loopback, $(nproc) cores"
$BUILD/bench/hello 0 "$THREADS" "$tmp/hport" &
HPID=$!
for i in $(seq 50); do [ -s "$tmp/hport" ] && break; sleep 0.1; done
HPORT=$(cat "$tmp/hport")
hello=$(run hello bench/auth.lua "http://127.0.0.1:$HPORT/")
kill "$HPID" 2>/dev/null || true
wait "$HPID" 2>/dev/null || true
HPID=""

for e in $engines; do
	serve_cases "$e"
done

printf '%-28s %-34s %s\n' "" "sqlite: req/s  p50  p99 non-2xx" "pg: req/s  p50  p99 non-2xx"
printf '%-28s %s\n' "hello (bare libmicrohttpd)" "$hello"
i=0
for name in "GET /problems/ID" "GET /problems?limit=50" "GET /summary"; do
	i=$((i + 1))
	a=$(sed -n "${i}p" "$tmp/http-sqlite")
	b=$([ -f "$tmp/http-pg" ] && sed -n "${i}p" "$tmp/http-pg" || echo "-")
	printf '%-28s %-34s %s\n' "$name" "$a" "$b"
done
printf '%-28s %-34s %s\n' "server rss after the run" "$(cat "$tmp/rss-sqlite")" \
	"$([ -f "$tmp/rss-pg" ] && cat "$tmp/rss-pg" || echo -)"

# Durable writes (each commit synced to disk before the answer: SQLite synchronous=FULL,
# PostgreSQL fsync and synchronous_commit on), with group commit (the default: writes
# arriving together share a transaction and one sync) and with one transaction per
# request, each on a fresh copy of the same demo database (a file copy, or a database
# made from it as a template). The login's session is in the copy, so the token works.
# copy_of ENGINE NAME: a fresh copy of the HTTP cases' database
copy_of() {
	if [ "$1" = pg ]; then
		"$PSQL" -q "${PGURI}postgres" -c "SET client_min_messages = warning" \
			-c "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2 TEMPLATE bench_http" >/dev/null
		echo "$PGURI$2"
	else
		cp "$tmp/bench_http.db" "$tmp/$2.db"
		rm -f "$tmp/$2.db-wal" "$tmp/$2.db-shm"
		echo "$tmp/$2.db"
	fi
}
echo "durable POST /opinions, group commit against one commit per request:"
printf '%-28s %-34s %s\n' "" "sqlite: req/s  p50  p99 non-2xx" "pg: req/s  p50  p99 non-2xx"
for threads in "$THREADS" 16; do
	for group in 64 1; do
		label="$threads threads, group commit"
		[ "$group" = 1 ] && label="$threads threads, one commit each"
		line=""
		for e in $engines; do
			WB_TOKEN=$(cat "$tmp/token-$e")
			export WB_TOKEN
			db=$(copy_of "$e" bench_w)
			rm -f "$tmp/wport"
			WUBIAO_LOG=warn $W serve --db "$db" --listen 127.0.0.1:0 --port-file "$tmp/wport" \
				--threads "$threads" --public-rate 100000 --group-commit "$group" &
			SPID=$!
			for i in $(seq 50); do [ -s "$tmp/wport" ] && break; sleep 0.1; done
			r=$(run "$label" bench/post_opinion.lua "http://127.0.0.1:$(cat "$tmp/wport")/api/v1/opinions")
			kill "$SPID" 2>/dev/null || true
			wait "$SPID" 2>/dev/null || true
			SPID=""
			line=$(printf '%s%-34s ' "$line" "$r")
		done
		printf '%-28s %s\n' "$label" "$line"
	done
done

# Figures at scale: 1,000,000 opinions, 300,000 problems, 300 units. The generated SQLite
# database is kept in $BUILD/bench between runs (it takes a minute or two to make); the
# PostgreSQL one is a copy of it made by wubiao migrate (timed).
N=${BENCH_SCALE:-1000000}
SDB=$BUILD/bench/scale-$N.db
if [ ! -s "$SDB" ]; then
	echo "generating $SDB ..."
	rm -f "$SDB" "$SDB-wal" "$SDB-shm"
	$W demo --db "$SDB" --logins "$BUILD/bench/scale-$N-logins.txt" --scale "$N" | tail -1
fi
$W init --db "$SDB" >/dev/null 2>&1
# A new migration may leave a large WAL: fold it in first so it is not timed below.
sqlite3 "$SDB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
dbs="sqlite:$SDB"
if [ -n "$PGURI" ]; then
	PDB=$(newdb pg bench_scale)
	/usr/bin/time -f "copy of the $N-opinion district into PostgreSQL (wubiao migrate): %e s" \
		$W migrate --from "$SDB" --to "$PDB" >/dev/null
	"$PSQL" -q "$PDB" -c "VACUUM ANALYZE" >/dev/null
	dbs="$dbs pg:$PDB"
fi
point=$(sqlite3 "$SDB" "SELECT id FROM units WHERE kind = 'point' ORDER BY id LIMIT 1")
first=$(sqlite3 "$SDB" "SELECT date(MIN(received_at) + 28800, 'unixepoch') FROM opinions")
last=$(sqlite3 "$SDB" "SELECT date(MIN(received_at) + 28800 + 3 * 86400, 'unixepoch') FROM opinions")
echo "scores of one campaign over $N opinions and forms as XLSX (whole process: open, read, write):"
for d in $dbs; do
	e=${d%%:*}
	db=${d#*:}
	for level in unit station point; do
		/usr/bin/time -f "  $e  scores level=$level: %e s, peak memory %M KB" \
			$W export scores --db "$db" --campaign 1 --level "$level" --format json \
			--out "$tmp/scores-$e-$level.json" >/dev/null
	done
	/usr/bin/time -f "  $e  form 1, one point: %e s, peak memory %M KB" $W export forms --db "$db" \
		--campaign 1 --form 1 --point "$point" --out "$tmp/f1-small-$e.xlsx" >/dev/null
	/usr/bin/time -f "  $e  form 1, three days: %e s, peak memory %M KB" $W export forms --db "$db" \
		--campaign 1 --form 1 --from "$first" --to "$last" --out "$tmp/f1-large-$e.xlsx" >/dev/null
done
if [ -n "$PGURI" ]; then
	for level in unit station point; do
		cmp -s "$tmp/scores-sqlite-$level.json" "$tmp/scores-pg-$level.json" &&
			echo "  scores level=$level: the same bytes from both engines" ||
			echo "  scores level=$level: DIFFERENT between the engines"
	done
fi
