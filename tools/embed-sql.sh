#!/bin/sh
# Turns numbered migration files into a C array: tools/embed-sql.sh ENGINE FILE...
engine=$1
shift
echo "/* generated from src/store/sql/$engine by tools/embed-sql.sh; do not edit */"
echo '#include "migrations.h"'
echo "const struct store_migration ${engine}_migrations[] = {"
for f in "$@"; do
	base=$(basename "$f" .sql)
	num=$(echo "$base" | sed 's/^0*\([0-9][0-9]*\)-.*/\1/')
	printf '\t{%s, "%s",\n' "$num" "$base"
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t "/' -e 's/$/\\n"/' "$f"
	printf '\t},\n'
done
echo "	{0, 0, 0},"
echo "};"
