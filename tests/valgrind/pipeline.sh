#!/bin/sh
# One full pipeline run (tests/http/test_api_pipeline: opinions to a closed problem,
# returns, extensions, reopen, flags, restarts) with every wubiao process it starts (init,
# user add, serve) under valgrind memcheck. Prints TAP:
#   ok 1 - the pipeline suite passes under memcheck
#   ok 2 - N wubiao processes: 0 memcheck errors, no definite or indirect leaks
# Usage: tests/valgrind/pipeline.sh BUILD_DIR   (a plain build: not the sanitizer one)
build=${1:-build}
case "$build" in /*) ;; *) build=$(pwd)/$build ;; esac
if ! command -v valgrind >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "not ok 1 - valgrind is missing"
		exit 1
	fi
	echo "ok 1 # SKIP valgrind is not installed"
	exit 0
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
cat >"$dir/wubiao" <<WRAP
#!/bin/sh
exec valgrind --leak-check=full --show-leak-kinds=definite,indirect \\
	--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \\
	--log-file="$dir/vg.%p.log" "$build/wubiao" "\$@"
WRAP
chmod +x "$dir/wubiao"
WUBIAO_BIN="$dir/wubiao" "$build/tests/http/test_api_pipeline" >"$dir/out" 2>&1
rc=$?
if [ "$rc" -eq 0 ]; then
	echo "ok 1 - the pipeline suite passes under memcheck"
else
	echo "not ok 1 - the pipeline suite fails under memcheck (exit $rc)"
	tail -n 30 "$dir/out"
fi
n=0
bad=0
for f in "$dir"/vg.*.log; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	# A process killed before it exits leaves no summary: that counts as unchecked.
	if ! grep -q "ERROR SUMMARY: 0 errors" "$f"; then
		bad=$((bad + 1))
		grep -v '^==[0-9]*== *$' "$f" | head -n 60
	fi
done
if [ "$n" -gt 0 ] && [ "$bad" -eq 0 ]; then
	echo "ok 2 - $n wubiao processes: 0 memcheck errors, no definite or indirect leaks"
else
	echo "not ok 2 - $bad of $n wubiao processes with memcheck errors, leaks or no summary"
fi
[ "$rc" -eq 0 ] && [ "$n" -gt 0 ] && [ "$bad" -eq 0 ]
