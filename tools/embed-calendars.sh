#!/bin/sh
# The holiday calendars shipped with the program, as a C array: tools/embed-calendars.sh FILE...
# Each file is calendars/YYYY.csv, the State Council's arrangement of that year.
echo "/* generated from calendars/ by tools/embed-calendars.sh; do not edit */"
echo '#include "calendars.h"'
echo "const struct cli_shipped_year cli_shipped_calendars[] = {"
for f in "$@"; do
	year=$(basename "$f" .csv)
	printf '\t{%s,\n' "$year"
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t "/' -e 's/$/\\n"/' "$f"
	printf '\t},\n'
done
echo "	{0, 0},"
echo "};"
