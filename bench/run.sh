#!/bin/sh
# make bench: wrk on loopback against a demo database, each case next to a bare
# libmicrohttpd "hello" server measured in the same run. Prints req/s and p50/p99.
set -eu
BUILD=${1:-build}
DUR=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-4}
W=$BUILD/wubiao
tmp=$(mktemp -d)
trap 'kill $SPID $HPID 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$tmp"' EXIT INT TERM
SPID=""; HPID=""

$W demo --db "$tmp/bench.db" --logins "$tmp/logins.txt" >/dev/null
WUBIAO_LOG=warn $W serve --db "$tmp/bench.db" --listen 127.0.0.1:0 --port-file "$tmp/port" \
	--threads "$THREADS" --public-rate 100000 &
SPID=$!
for i in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
PORT=$(cat "$tmp/port")
$BUILD/bench/hello 0 "$THREADS" "$tmp/hport" &
HPID=$!
for i in $(seq 50); do [ -s "$tmp/hport" ] && break; sleep 0.1; done
HPORT=$(cat "$tmp/hport")
B=http://127.0.0.1:$PORT/api/v1
pw=$(awk -F'\t' '$1=="admin"{print $4}' "$tmp/logins.txt")
WB_TOKEN=$(curl -s -X POST "$B/session" -H 'Content-Type: application/json' \
	-d "{\"username\":\"admin\",\"password\":\"$pw\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
export WB_TOKEN
PID_PROBLEM=$(curl -s -H "Authorization: Bearer $WB_TOKEN" "$B/problems?limit=1" | sed 's/.*"items":\[{"id":\([0-9]*\).*/\1/')
export WB_TARGET=$(curl -s -H "Authorization: Bearer $WB_TOKEN" "$B/units?kind=department&limit=1" | sed 's/.*"items":\[{"id":\([0-9]*\).*/\1/')
export WB_POINT=$(curl -s -H "Authorization: Bearer $WB_TOKEN" "$B/units?kind=point&limit=1" | sed 's/.*"items":\[{"id":\([0-9]*\).*/\1/')

# run NAME SCRIPT URL: prints "NAME req/s p50 p99 non2xx"
run() {
	out=$(wrk -t2 -c"$CONNS" -d"${DUR}s" --latency -s "$2" "$3" 2>&1)
	rps=$(printf '%s\n' "$out" | awk '/Requests\/sec/{print $2}')
	p50=$(printf '%s\n' "$out" | awk '$1=="50%"{print $2}')
	p99=$(printf '%s\n' "$out" | awk '$1=="99%"{print $2}')
	bad=$(printf '%s\n' "$out" | awk '/non-2xx:/{print $2}')
	printf '%-34s %10s req/s   p50 %-9s p99 %-9s non-2xx %s\n' "$1" "$rps" "$p50" "$p99" "${bad:-?}"
}

echo "wubiao bench: wrk -t2 -c$CONNS -d${DUR}s, $THREADS server threads, loopback, $(nproc) cores"
run "hello (bare libmicrohttpd)" bench/auth.lua "http://127.0.0.1:$HPORT/"
run "GET /problems/$PID_PROBLEM" bench/auth.lua "$B/problems/$PID_PROBLEM"
run "hello (bare libmicrohttpd)" bench/auth.lua "http://127.0.0.1:$HPORT/"
run "GET /problems?limit=50" bench/auth.lua "$B/problems?limit=50"
run "hello (bare libmicrohttpd)" bench/auth.lua "http://127.0.0.1:$HPORT/"
echo "rss of the wubiao server after the run: $(awk '/VmRSS/{print $2, $3}' /proc/$SPID/status)"
kill "$SPID" "$HPID" 2>/dev/null
wait 2>/dev/null
SPID=""
HPID=""

# Durable writes (synchronous=FULL: each commit is synced to disk before the answer), with
# group commit (the default: writes arriving together share a transaction and one sync)
# and with one transaction per request, each on a fresh copy of the same database. The
# login's session is in the copy, so the token still works.
echo "durable POST /opinions, group commit against one commit per request:"
for threads in "$THREADS" 16; do
	for group in 64 1; do
		cp "$tmp/bench.db" "$tmp/w.db"
		rm -f "$tmp/w.db-wal" "$tmp/w.db-shm" "$tmp/wport"
		WUBIAO_LOG=warn $W serve --db "$tmp/w.db" --listen 127.0.0.1:0 --port-file "$tmp/wport" \
			--threads "$threads" --public-rate 100000 --group-commit "$group" &
		SPID=$!
		for i in $(seq 50); do [ -s "$tmp/wport" ] && break; sleep 0.1; done
		label="group commit"
		[ "$group" = 1 ] && label="one commit each"
		run "  $threads threads, $label" bench/post_opinion.lua \
			"http://127.0.0.1:$(cat "$tmp/wport")/api/v1/opinions"
		kill "$SPID" 2>/dev/null
		wait "$SPID" 2>/dev/null
		SPID=""
	done
done

# Figures at scale: 1,000,000 opinions, 300,000 problems, 300 units. The generated
# database is kept in $BUILD/bench between runs (it takes a minute or two to make).
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
echo "scores of one campaign over $N opinions (whole process: open, count, score, rank, write):"
for level in unit station point; do
	/usr/bin/time -f "  scores level=$level: %e s, peak memory %M KB" \
		$W export scores --db "$SDB" --campaign 1 --level "$level" --format json \
		--out "$tmp/scores-$level.json" >/dev/null
done
echo "form 1 (征求意见表) as XLSX in constant-memory mode:"
point=$(sqlite3 "$SDB" "SELECT id FROM units WHERE kind = 'point' ORDER BY id LIMIT 1")
first=$(sqlite3 "$SDB" "SELECT date(MIN(received_at) + 28800, 'unixepoch') FROM opinions")
last=$(sqlite3 "$SDB" "SELECT date(MIN(received_at) + 28800 + 3 * 86400, 'unixepoch') FROM opinions")
/usr/bin/time -f "  %e s, peak memory %M KB" $W export forms --db "$SDB" --campaign 1 --form 1 \
	--point "$point" --out "$tmp/f1-small.xlsx" | sed 's/^/  /'
/usr/bin/time -f "  %e s, peak memory %M KB" $W export forms --db "$SDB" --campaign 1 --form 1 \
	--from "$first" --to "$last" --out "$tmp/f1-large.xlsx" | sed 's/^/  /'
ls -l "$tmp"/f1-small.xlsx "$tmp"/f1-large.xlsx | awk '{print "  " $9 ": " $5 " bytes"}' 
