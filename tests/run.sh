#!/bin/sh
# Runs every test binary of each build directory given and prints one summary line:
#   N passed, N failed, N skipped
# Every suite prints TAP lines ("ok …", "not ok …", "ok … # SKIP …"; cmocka with
# CMOCKA_MESSAGE_OUTPUT=TAP); a suite that exits non-zero without a "not ok" line counts
# as one failure.
# After the C suites of every directory, the style checks (tools/), then once, against
# the first directory:
# - the fuzz targets in DIR/fuzz (fuzz/run.sh), each for FUZZ_TEST_SECONDS (default 3),
#   one test each; FUZZ_TESTS=0 leaves them out;
# - the crash test (tests/crash/crash.mjs), CRASH_TEST_KILLS SIGKILLs (default 5), one test
#   per kill, then backup while serving and restore (tests/crash/backup.mjs);
#   CRASH_TEST_KILLS=0 leaves both out;
# - the memcheck run of the pipeline (tests/valgrind/pipeline.sh), VALGRIND_TESTS=0 leaves
#   it out;
# - the browser tests (tests/web/run.mjs), WEB_TESTS=0 leaves them out.
# Without valgrind, node or sqlite3 they are skipped, or failed when CI=true (make test
# installs them).
# The C suites run two at a time (TEST_JOBS), and are reported in their order.
# The suites that use a database (store, cli, http) run twice: on SQLite files, then on a
# throwaway PostgreSQL server that this script starts (tools/pg-test.sh) and passes to
# them as WUBIAO_TEST_PG (the line is marked [pg]); each suite makes fresh databases on
# it. Without PostgreSQL that second run is one skip, or one failure when CI=true (make
# test installs postgresql-15). PG_TESTS=0 leaves PostgreSQL out.
pass=0
fail=0
skip=0

# tally NAME RC OUTPUT: count one suite's TAP lines into the totals and print its line.
tally() {
	s=$(printf '%s\n' "$3" | grep -c '^ok .*# *SKIP')
	p=$(printf '%s\n' "$3" | grep '^ok ' | grep -vc '# *SKIP')
	f=$(printf '%s\n' "$3" | grep -c '^not ok')
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		printf '%s\n' "$3" | tail -n 30
	fi
	if [ "$f" -gt 0 ]; then
		printf '%s\n' "$3" | grep -A8 '^not ok' | head -n 60
	fi
	printf '%-44s %4d passed, %d failed, %d skipped\n' "$1" "$p" "$f" "$s"
	pass=$((pass + p))
	fail=$((fail + f))
	skip=$((skip + s))
}

root=$(cd "$(dirname "$0")/.." && pwd)
pgdir=""
stop_pg() {
	[ -n "$pgdir" ] && sh "$root/tools/pg-test.sh" stop "$pgdir"
	pgdir=""
}
trap stop_pg EXIT INT TERM
pg_uri=""
if [ $# -gt 0 ] && [ "${PG_TESTS:-1}" != 0 ]; then
	if env=$(sh "$root/tools/pg-test.sh" start); then
		pg_uri=$(printf '%s\n' "$env" | sed -n 's/^WUBIAO_TEST_PG=//p')
		pgdir=$(printf '%s\n' "$env" | sed -n 's/^WUBIAO_TEST_PGDIR=//p')
	elif [ "${CI:-}" = true ]; then
		tally "postgresql" 1 "not ok 1 - postgresql: the test server did not start"
	else
		tally "postgresql" 0 "ok 1 # SKIP postgresql: the test server did not start"
	fi
fi

unset WUBIAO_TEST_PG
# The runs of the C suites: "N DIR SUITE PG" per line, N their order. They run TEST_JOBS
# at a time (default 2: each starts its own servers, databases and ports), and are counted
# in their order afterwards.
runs=$(mktemp -d)
n=0
for dir in "$@"; do
	for t in "$dir"/tests/core/test_* "$dir"/tests/store/test_* "$dir"/tests/cli/test_* "$dir"/tests/http/test_*; do
		[ -x "$t" ] || continue
		case "$t" in *.o | *.d) continue ;; esac
		n=$((n + 1))
		echo "$n $dir $t 0" >>"$runs/list"
		case "$t" in */tests/core/* | */tests/store/test_table) continue ;; esac
		[ -n "$pg_uri" ] || continue
		n=$((n + 1))
		echo "$n $dir $t 1" >>"$runs/list"
	done
done
if [ -s "$runs/list" ]; then
	# the slowest first, so that the last to start is a short one
	awk '{ print ($3 ~ /tests\/(http|cli)\//) ? 0 : 1, $0 }' "$runs/list" |
		sort -s -k1,1n | cut -d' ' -f2- |
		PG_URI="$pg_uri" RUNS="$runs" xargs -P "${TEST_JOBS:-2}" -L 1 sh -c '
			if [ "$4" = 1 ]; then export WUBIAO_TEST_PG="$PG_URI"; fi
			WUBIAO_BIN="$2/wubiao" CMOCKA_MESSAGE_OUTPUT=TAP "$3" >"$RUNS/$1.out" 2>&1
			echo $? >"$RUNS/$1.rc"' run
	while read -r i dir t pg; do
		name="$dir/${t#"$dir"/tests/}"
		[ "$pg" = 1 ] && name="$name [pg]"
		rc=$(cat "$runs/$i.rc" 2>/dev/null || echo 1)
		tally "$name" "$rc" "$(cat "$runs/$i.out" 2>/dev/null)"
	done <"$runs/list"
fi
rm -rf "$runs"
stop_pg

# The house rules the compiler does not check: each .c file's own header first.
out=$(sh "$root/tools/check-includes.sh" 2>&1)
rc=$?
[ $rc -eq 0 ] && out="ok 1 - each .c file includes its own header first" || out="not ok 1 - includes
$out"
tally "style (tools/check-includes.sh)" $rc "$out"
# The contract and the code: every route in docs/openapi.yaml, and nothing else there.
out=$(sh "$root/tools/check-routes.sh" 2>&1)
rc=$?
[ $rc -eq 0 ] && out="ok 1 - every route is in docs/openapi.yaml and back" || out="not ok 1 - routes
$out"
tally "contract (tools/check-routes.sh)" $rc "$out"
# The contract's lint: valid OpenAPI with no warning of Redocly's recommended rules.
out=$(sh "$root/tools/check-spec.sh" 2>&1)
rc=$?
if [ $rc -eq 0 ]; then
	out="ok 1 - docs/openapi.yaml is valid and lint-clean"
elif [ $rc -eq 3 ] && [ "${CI:-}" != true ]; then
	rc=0
	out="ok 1 # SKIP contract lint: $out"
else
	out="not ok 1 - contract lint
$out"
fi
tally "contract (tools/check-spec.sh)" $rc "$out"
# The formatters on the files changed since every file was formatted.
if command -v clang-format >/dev/null 2>&1 && [ -x "$root/node_modules/.bin/prettier" ]; then
	out=$(sh "$root/tools/check-format.sh" 2>&1)
	rc=$?
	[ $rc -eq 0 ] && out="ok 1 - changed files are formatted (clang-format, prettier)" || out="not ok 1 - formatting
$out"
elif [ "${CI:-}" = true ]; then
	rc=1
	out="not ok 1 - formatting: clang-format or prettier is missing"
else
	rc=0
	out="ok 1 # SKIP formatting: clang-format or prettier is missing"
fi
tally "style (tools/check-format.sh)" $rc "$out"

if [ $# -gt 0 ]; then
	bin=$1/wubiao
	case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
	if [ -d "$1/fuzz" ] && [ "${FUZZ_TESTS:-1}" != 0 ]; then
		out=$(FUZZ_SECONDS=${FUZZ_TEST_SECONDS:-3} sh "$root/fuzz/run.sh" "$1/fuzz" 2>&1)
		tally "fuzz (libFuzzer, ${FUZZ_TEST_SECONDS:-3} s each)" $? "$out"
	fi
	if [ "${CRASH_TEST_KILLS:-5}" != 0 ]; then
		if command -v node >/dev/null 2>&1 && command -v sqlite3 >/dev/null 2>&1; then
			out=$(cd "$root" && node tests/crash/crash.mjs --bin "$bin" --kills "${CRASH_TEST_KILLS:-5}" 2>&1)
			tally "crash (SIGKILL under write load)" $? "$out"
			out=$(cd "$root" && node tests/crash/backup.mjs --bin "$bin" 2>&1)
			tally "backup while serving, restore" $? "$out"
		elif [ "${CI:-}" = true ]; then
			tally "crash (SIGKILL under write load)" 1 "not ok 1 - crash: node or sqlite3 is missing"
		else
			tally "crash (SIGKILL under write load)" 0 "ok 1 # SKIP crash: node or sqlite3 is missing"
		fi
	fi
	if [ "${VALGRIND_TESTS:-1}" != 0 ]; then
		out=$(sh "$root/tests/valgrind/pipeline.sh" "$1" 2>&1)
		tally "valgrind (pipeline under memcheck)" $? "$out"
	fi
	if [ "${WEB_TESTS:-1}" != 0 ]; then
		if command -v node >/dev/null 2>&1; then
			out=$(cd "$root" && WUBIAO_BIN="$bin" node tests/web/run.mjs 2>&1)
			rc=$?
		elif [ "${CI:-}" = true ]; then
			out="not ok 1 - web: node is missing"
			rc=1
		else
			out="ok 1 # SKIP web: node is missing"
			rc=0
		fi
		tally "web (chromium)" "$rc" "$out"
	fi
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
