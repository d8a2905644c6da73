#!/bin/sh
# Runs every libFuzzer target in DIR (default build/fuzz) for FUZZ_SECONDS seconds each
# (default 60), starting from its committed corpus fuzz/corpus/<target>/, which also holds
# the inputs of past crashes: each is replayed before fuzzing starts. fuzz/<target>.dict,
# when present, lists tokens the target cannot learn by itself (JSON member names, query
# keys: the comparisons happen in uninstrumented libraries).
# Prints one TAP line per target ("ok N - fuzz_x" or "not ok N - fuzz_x"); new corpus
# inputs go to a temporary directory (FUZZ_KEEP=DIR keeps them there instead), crash
# inputs to DIR/crashes/.
#   fuzz/run.sh [DIR]
dir=${1:-build/fuzz}
secs=${FUZZ_SECONDS:-60}
root=$(cd "$(dirname "$0")" && pwd)
n=0
failed=0
for bin in "$dir"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	n=$((n + 1))
	work=${FUZZ_KEEP:-$(mktemp -d)}/$name
	mkdir -p "$work" "$dir/crashes"
	log="$dir/$name.log"
	dict=""
	[ -f "$root/$name.dict" ] && dict="-dict=$root/$name.dict"
	# -rss_limit_mb: the fixture's demo district and SQLite's page cache stay far below it.
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
		"$bin" -max_total_time="$secs" -timeout=30 -rss_limit_mb=3072 -max_len=4096 \
		-artifact_prefix="$dir/crashes/$name-" -print_final_stats=1 $dict \
		"$work" "$root/corpus/$name" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		echo "ok $n - $name: ${execs:-?} inputs in ${secs}s"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name (exit $rc), log in $log"
		grep -E 'ERROR|SUMMARY|runtime error|answered|abort|fixture|Test unit written' "$log" | head -n 20
	fi
	[ -n "${FUZZ_KEEP:-}" ] || rm -rf "$(dirname "$work")"
done
[ "$n" -gt 0 ] || { echo "not ok 1 - no fuzz targets in $dir"; exit 1; }
[ "$failed" -eq 0 ]
