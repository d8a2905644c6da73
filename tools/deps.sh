#!/bin/sh
# Installs the given Debian packages when any is missing. Needs root (or sudo) for apt-get.
#   tools/deps.sh [--npm] PKG...
# nodejs and npm count as present when the node and npm commands are (a Node.js from
# elsewhere bundles npm). With --npm, also runs `npm ci` in the repository root when
# node_modules is missing or older than package-lock.json.
npm=0
if [ "${1:-}" = "--npm" ]; then
	npm=1
	shift
fi
missing=""
for p in "$@"; do
	case "$p" in
	nodejs) command -v node >/dev/null 2>&1 && continue ;;
	npm) command -v npm >/dev/null 2>&1 && continue ;;
	esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "wubiao: installing missing packages:$missing"
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq || exit 1
	$SUDO apt-get install -y -qq --no-install-recommends $missing || exit 1
fi
[ "$npm" -eq 1 ] || exit 0
cd "$(dirname "$0")/.." || exit 1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ] ||
	[ ! -f node_modules/.package-lock.json ]; then
	echo "wubiao: npm ci"
	npm ci --no-audit --no-fund || exit 1
	touch node_modules
fi
