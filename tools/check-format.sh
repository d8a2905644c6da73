#!/bin/sh
# Check or apply the formatters on the files changed since every file was formatted
# (the commit "style: apply the formatters to every file"), committed or not:
# clang-format (.clang-format) on C, prettier (.prettierrc.json) on the web UI and the
# browser and crash tests' JavaScript.
#   tools/check-format.sh          list the files that are not formatted; exit 1 if any
#   tools/check-format.sh --write  format them in place
#   tools/check-format.sh --all    every file, not only the changed ones
cd "$(dirname "$0")/.." || exit 2
write=0
all=0
for a in "$@"; do
	case "$a" in
	--write) write=1 ;;
	--all) all=1 ;;
	*) echo "usage: tools/check-format.sh [--write] [--all]" >&2; exit 2 ;;
	esac
done
base=$(git log -1 --format=%H --grep='^style: apply the formatters to every file' 2>/dev/null)
if [ "$all" -eq 1 ] || [ -z "$base" ]; then
	files=$(git ls-files)
else
	files=$( (git diff --name-only "$base" -- .; git ls-files --others --exclude-standard) | sort -u)
fi
c=""
js=""
for f in $files; do
	[ -f "$f" ] || continue
	case "$f" in
	src/*.c | src/*.h | tests/*.c | tests/*.h | fuzz/*.c | bench/*.c) c="$c $f" ;;
	web/app/*.js | tests/web/*.mjs | tests/crash/*.mjs) js="$js $f" ;;
	esac
done
bad=0
if [ -n "$c" ]; then
	if [ "$write" -eq 1 ]; then
		clang-format -i $c || bad=1
	else
		for f in $c; do
			clang-format --dry-run -Werror "$f" >/dev/null 2>&1 ||
				{ echo "$f: not formatted (clang-format -i $f)"; bad=1; }
		done
	fi
fi
if [ -n "$js" ]; then
	if [ "$write" -eq 1 ]; then
		npx --no-install prettier --log-level warn --write $js || bad=1
	else
		npx --no-install prettier --log-level warn --check $js >/dev/null 2>&1 ||
			{ npx --no-install prettier --list-different $js | sed 's/$/: not formatted (npx prettier --write)/'; bad=1; }
	fi
fi
exit $bad
