#!/bin/sh
# Runs every test binary of each build directory given and prints one summary line:
#   N passed, N failed, N skipped
# Suites print TAP (cmocka's CMOCKA_MESSAGE_OUTPUT=TAP); a suite that crashes or exits
# non-zero without a "not ok" line counts as one failure.
# Then the browser tests (tests/web/run.mjs) once, against the first directory's wubiao;
# they end with "web: N passed, N failed[, N skipped]". Without node they are skipped, or
# failed when CI=true (make test installs node, npm and chromium).
pass=0
fail=0
skip=0
for dir in "$@"; do
	for t in "$dir"/tests/core/test_* "$dir"/tests/store/test_* "$dir"/tests/cli/test_* "$dir"/tests/http/test_*; do
		[ -x "$t" ] || continue
		case "$t" in *.o | *.d) continue ;; esac
		name="$dir/${t#"$dir"/tests/}"
		out=$(WUBIAO_BIN="$dir/wubiao" CMOCKA_MESSAGE_OUTPUT=TAP "$t" 2>&1)
		rc=$?
		p=$(printf '%s\n' "$out" | grep -c '^ok .*# *SKIP' )
		s=$p
		p=$(printf '%s\n' "$out" | grep '^ok ' | grep -vc '# *SKIP')
		f=$(printf '%s\n' "$out" | grep -c '^not ok ')
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			f=1
			printf '%s\n' "$out" | tail -n 30
		fi
		if [ "$f" -gt 0 ]; then
			printf '%s\n' "$out" | grep -A8 '^not ok ' | head -n 60
		fi
		printf '%-44s %4d passed, %d failed, %d skipped\n' "$name" "$p" "$f" "$s"
		pass=$((pass + p))
		fail=$((fail + f))
		skip=$((skip + s))
	done
done
if [ $# -gt 0 ] && [ "${WEB_TESTS:-1}" != 0 ]; then
	root=$(cd "$(dirname "$0")/.." && pwd)
	bin=$1/wubiao
	case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
	if command -v node >/dev/null 2>&1; then
		out=$(cd "$root" && WUBIAO_BIN="$bin" node tests/web/run.mjs 2>&1)
		rc=$?
	elif [ "${CI:-}" = true ]; then
		out="web: node is missing
web: 0 passed, 1 failed"
		rc=1
	else
		out="web: 0 passed, 0 failed, 1 skipped"
		rc=0
	fi
	line=$(printf '%s\n' "$out" | grep '^web: [0-9]* passed, [0-9]* failed' | tail -n 1)
	p=$(printf '%s\n' "$line" | sed -n 's/^web: \([0-9]*\) passed.*/\1/p')
	f=$(printf '%s\n' "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	s=$(printf '%s\n' "$line" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
	p=${p:-0}
	f=${f:-0}
	s=${s:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	if [ "$f" -gt 0 ]; then
		printf '%s\n' "$out" | grep -v '^ok ' | tail -n 60
	fi
	printf '%-44s %4d passed, %d failed, %d skipped\n' "web (chromium)" "$p" "$f" "$s"
	pass=$((pass + p))
	fail=$((fail + f))
	skip=$((skip + s))
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
