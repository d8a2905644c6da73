#!/bin/sh
# Instructions the server executes per request (valgrind's callgrind), for one or more builds
# of wubiao side by side, on the same demo district (SQLite). Unlike req/s on a shared
# machine, the count does not move between runs, so it shows a change of a few per cent:
#   sh bench/instructions.sh OLD/wubiao build/wubiao
# The first binary is the base of the ratios. The server runs one worker thread; each case
# is warmed up first, then counted over N requests (BENCH_REQUESTS, default 100).
set -eu
[ $# -ge 1 ] || {
	echo "usage: bench/instructions.sh WUBIAO [WUBIAO ...]" >&2
	exit 2
}
N=${BENCH_REQUESTS:-100}
tmp=$(mktemp -d)
SPID=""
cleanup() {
	[ -n "$SPID" ] && kill "$SPID" 2>/dev/null
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

cases="get list summary post"

# count BIN INDEX CASE: instructions per request of CASE, on a fresh copy of BIN's district
count() {
	cp "$tmp/d$2.db" "$tmp/c.db"
	rm -f "$tmp/c.db-wal" "$tmp/c.db-shm" "$tmp/port" "$tmp/cg.out"
	WUBIAO_LOG=warn valgrind --tool=callgrind --instr-atstart=no \
		--callgrind-out-file="$tmp/cg.out" "$1" serve --db "$tmp/c.db" \
		--listen 127.0.0.1:0 --port-file "$tmp/port" --threads 1 --public-rate 100000 \
		--sweep-minutes 0 >/dev/null 2>&1 &
	SPID=$!
	for i in $(seq 300); do [ -s "$tmp/port" ] && break; sleep 0.1; done
	B=http://127.0.0.1:$(cat "$tmp/port")/api/v1
	pw=$(awk -F'\t' '$1=="admin"{print $4}' "$tmp/l$2.txt")
	T=$(curl -s -X POST "$B/session" -H 'Content-Type: application/json' \
		-d "{\"username\":\"admin\",\"password\":\"$pw\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
	first() { curl -s -H "Authorization: Bearer $T" "$B/$1" | sed 's/.*"items":\[{"id":\([0-9]*\).*/\1/'; }
	unit=$(first "units?kind=department&limit=1")
	point=$(first "units?kind=point&limit=1")
	problem=$(first "problems?limit=1")
	body="{\"target_unit_id\":$unit,\"dimension\":\"conduct\",\"source\":\"public\",\"channel\":\"form\",\"content\":\"办事窗口午休时间无人值守\",\"point_id\":$point}"
	one() {
		case $3 in
		get) curl -s -o /dev/null -H "Authorization: Bearer $T" "$B/problems/$problem" ;;
		list) curl -s -o /dev/null -H "Authorization: Bearer $T" "$B/problems?limit=50" ;;
		summary) curl -s -o /dev/null -H "Authorization: Bearer $T" "$B/summary" ;;
		post) curl -s -o /dev/null -H "Authorization: Bearer $T" \
			-H 'Content-Type: application/json' -d "$body" "$B/opinions" ;;
		esac
	}
	for i in 1 2 3 4 5; do one "$@"; done
	callgrind_control -i on "$SPID" >/dev/null 2>&1
	i=0
	while [ $i -lt "$N" ]; do
		one "$@"
		i=$((i + 1))
	done
	callgrind_control -i off "$SPID" >/dev/null 2>&1
	kill "$SPID"
	wait "$SPID" 2>/dev/null || true
	SPID=""
	total=$(callgrind_annotate "$tmp/cg.out" 2>/dev/null | awk '/PROGRAM TOTALS/{gsub(",", "", $1); print $1; exit}')
	echo $((total / N))
}

i=0
for bin in "$@"; do
	i=$((i + 1))
	WUBIAO_LOG=warn "$bin" demo --db "$tmp/d$i.db" --logins "$tmp/l$i.txt" >/dev/null
done
printf 'instructions per request, %s requests each (callgrind, SQLite, one worker thread)\n' "$N"
printf '%-10s' case
for bin in "$@"; do printf ' %24s' "$(echo "$bin" | tail -c 24)"; done
echo
for c in $cases; do
	printf '%-10s' "$c"
	i=0
	base=0
	for bin in "$@"; do
		i=$((i + 1))
		n=$(count "$bin" $i $c)
		[ $i = 1 ] && base=$n
		if [ $i = 1 ]; then
			printf ' %24s' "$n"
		else
			printf ' %15s (%s)' "$n" "$(awk -v n="$n" -v b="$base" 'BEGIN { printf "%+.1f%%", (n - b) * 100 / b }')"
		fi
	done
	echo
done
