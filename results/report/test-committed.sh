#!/bin/sh
# The committed reports (results/reference, results/lts) name no path of the
# machine that made them (a local tree shows by its release and origin), and
# report.html fetches nothing and runs no script: it reads the same offline.
# Usage: results/report/test-committed.sh RUN_DIR...
set -eu
[ $# -gt 0 ] || { echo "usage: $0 RUN_DIR..." >&2; exit 2; }
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
for run in "$@"; do
	for f in report.md report.html summary.json junit.xml; do
		[ -f "$run/$f" ] || { fail "no $run/$f"; continue; }
		# Home directories, scratch and build places, and a source given as a path.
		hits=$(grep -n -E '(/home/|/root/|/tmp/|/work/|/usr/src/|/\.cache/|(tree|prebuilt|tarball):/)' \
			"$run/$f" | cut -c1-160 | head -n 3 || true)
		[ -z "$hits" ] || fail "$run/$f names a machine path: $hits"
	done
	html=$run/report.html
	[ -f "$html" ] || continue
	if grep -q -i -E '<script|<link|<img|<iframe|src=|href=|url\(|@import' "$html"; then
		fail "$html is not self-contained: $(grep -o -i -E '<script|<link|<img|<iframe|src=|href=|url\(|@import' "$html" | sort -u | tr '\n' ' ')"
	fi
	# The answer comes first: the page's first table is the answer grid, before any <details>.
	first=$(grep -o -E '<table[^>]*>|<details' "$html" | head -n 1)
	[ "$first" = '<table class="ans">' ] || fail "$html: the first table is '$first', not the answer grid"
done
[ "$failures" -eq 0 ] || exit 1
echo "committed: $* name no machine path; report.html self-contained, answer first"
