#!/bin/sh
# Each .c file of src/ includes its own header first, before any other header, so that
# every header is seen to compile on its own. A file's own header is FILE.h beside it,
# else its module's: http.h (src/http), svc.h (src/svc), store_int.h (src/store),
# cli.h (src/cli; demo_int.h for the demo's files). Prints each file that breaks the rule; exits 1 when any does.
cd "$(dirname "$0")/.." || exit 2
bad=0
for f in src/*/*.c; do
	dir=$(dirname "$f")
	base=$(basename "$f" .c)
	if [ -f "$dir/$base.h" ]; then
		own="$base.h"
	elif [ "$dir" = src/cli ] && [ "${base#demo_}" != "$base" ]; then
		own=demo_int.h
	else
		case "$dir" in
		src/http) own=http.h ;;
		src/svc) own=svc.h ;;
		src/store) own=store_int.h ;;
		src/cli) own=cli.h ;;
		*) own="" ;;
		esac
	fi
	[ -n "$own" ] || continue
	first=$(grep -m1 '^#include' "$f")
	if [ "$first" != "#include \"$own\"" ]; then
		echo "$f: the first include is '$first', not \"$own\""
		bad=1
	fi
done
exit $bad
