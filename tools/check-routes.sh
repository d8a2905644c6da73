#!/bin/sh
# Every route the server answers is in docs/openapi.yaml, and every operation there is a
# route: the routes of src/http/server.c and the stage actions of src/core/stages.c
# (POST /problems/{id}/<path>) against the spec's paths and methods. Path parameters
# compare by position, whatever their names. Prints each one missing on either side;
# exits 1 when any is.
cd "$(dirname "$0")/.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "METHOD /path" with every parameter written {}
sed -n 's/^[[:space:]]*{"\([A-Z]*\)", "\([^"]*\)", [01], h_[a-z_]*[^}]*},.*$/\1 \/\2/p' \
	src/http/server.c | sed 's/:[a-z]*/{}/g' >"$tmp/code"
sed -n 's/^[[:space:]]*\[ACT_[A-Z_]*\] = {"\([a-z_/]*\)",.*$/POST \/problems\/{}\/\1/p' \
	src/core/stages.c >>"$tmp/code"
awk '
	/^  \/[^ ]*:[[:space:]]*$/ { path = $1; sub(/:$/, "", path); gsub(/\{[^}]*\}/, "{}", path); next }
	/^[^ ]/ { path = "" }
	path != "" && /^    (get|post|put|patch|delete):[[:space:]]*$/ {
		m = $1; sub(/:$/, "", m); print toupper(m) " " path
	}
' docs/openapi.yaml >"$tmp/spec"
sort -u "$tmp/code" >"$tmp/code.s"
sort -u "$tmp/spec" >"$tmp/spec.s"
bad=0
for line in $(comm -23 "$tmp/code.s" "$tmp/spec.s" | tr ' ' '@'); do
	echo "route not in docs/openapi.yaml: $(echo "$line" | tr '@' ' ')"
	bad=1
done
for line in $(comm -13 "$tmp/code.s" "$tmp/spec.s" | tr ' ' '@'); do
	echo "operation in docs/openapi.yaml that the server does not route: $(echo "$line" | tr '@' ' ')"
	bad=1
done
[ "$(wc -l <"$tmp/code.s")" -gt 50 ] || { echo "too few routes read from the code"; bad=1; }
exit $bad
