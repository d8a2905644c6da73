#!/bin/sh
# Runs every test binary of each build directory given and prints one summary line:
#   N passed, N failed, N skipped
# Suites print TAP (cmocka's CMOCKA_MESSAGE_OUTPUT=TAP); a suite that crashes or exits
# non-zero without a "not ok" line counts as one failure.
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
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
