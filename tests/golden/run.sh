#!/bin/bash
# tests/golden/run.sh PROGDB CASE_DIR [--regen]
#
# Runs one golden case: a directory holding `cmd` (a bash script), the
# input files it uses, and `expected`.  The case runs in a scratch copy of
# its directory with the environment pinned (TZ=UTC, LC_ALL=C.UTF-8,
# NO_COLOR=1, no PROGDB_DB).  In `cmd`, `run progdb ARGS...` prints the
# command, its stdout, its stderr (lines prefixed "! ") and its exit status
# when it is not 0.  Everything printed must equal `expected`; --regen
# rewrites `expected` instead (review the diff before committing it).
set -u

progdb=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
case_dir=$(cd "$2" && pwd)
regen=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp -R "$case_dir"/. "$work"/
rm -f "$work/expected"
cd "$work" || exit 1
export TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=1 PROGDB_TEST_GOLDEN=1
unset PROGDB_DB

progdb() { "$progdb" "$@"; }

run() {
	local rc
	printf '$ %s\n' "$*"
	"$@" >"$work/.stdout" 2>"$work/.stderr"
	rc=$?
	cat "$work/.stdout"
	# The ingest summary's timing is the one thing that varies.
	sed -e 's/^/! /' -e 's/ in [0-9]*\.[0-9]* s$/ in N s/' "$work/.stderr"
	[ "$rc" -eq 0 ] || echo "[exit $rc]"
}

actual=$(source ./cmd 2>&1; echo .)
actual=${actual%.}

if [ "$regen" = "--regen" ]; then
	printf '%s' "$actual" >"$case_dir/expected"
	echo "wrote $case_dir/expected"
	exit 0
fi
if ! diff -u "$case_dir/expected" <(printf '%s' "$actual"); then
	echo "golden case $(basename "$case_dir") differs (--regen to accept)" >&2
	exit 1
fi
