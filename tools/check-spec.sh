#!/bin/sh
# Lint the API contract, docs/openapi.yaml, with Redocly's recommended rules
# (docs/redocly.yaml says which are off and why). Exit 1 on any error or warning.
cd "$(dirname "$0")/.." || exit 2
lint=node_modules/.bin/redocly
[ -x "$lint" ] || { echo "$lint is missing (npm ci)"; exit 3; }
out=$("$lint" lint --config docs/redocly.yaml --format=stylish docs/openapi.yaml 2>&1)
rc=$?
# a clean run says so and lists no problems
if [ $rc -ne 0 ] || printf '%s\n' "$out" | grep -Eq '^ +[0-9]+:[0-9]+ +(warning|error) '; then
	printf '%s\n' "$out" | grep -Ev 'Deprecation|Node\.js|^ *║|^ *╔|^ *╚'
	exit 1
fi
exit 0
