#!/bin/sh
# The report and summary.json agree with the TAP files, case by case.
# Usage: results/report/test-agreement.sh RUN_DIR
set -eu
run=$1
[ -f "$run/summary.json" ] || { echo "no $run/summary.json" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0 compared=0
for k in $(jq -r '.kernels[].name' "$run/summary.json"); do
	[ -f "$run/$k/main.tap" ] || continue
	# From the TAP itself: "name status" per test point (# TODO: todo, not a failure).
	sed -n 's/^\(not ok\|ok\) [0-9]* - \([^ #]*\)\( # \(SKIP\|TODO\).*\)\{0,1\}$/\2 \1\3/p' "$run/$k/main.tap" |
		sed 's/ \(not \)\{0,1\}ok # SKIP.*/ skip/; s/ \(not \)\{0,1\}ok # TODO.*/ todo/; s/ not ok$/ not_ok/' |
		LC_ALL=C sort >"$tmp/tap"
	# From summary.json: every case this kernel has a result for, except missing.
	jq -r --arg k "$k" '.cases[] | select(.results[$k] != null and .results[$k].status != "missing")
		| "\(.name) \(.results[$k].status)"' "$run/summary.json" | LC_ALL=C sort >"$tmp/json"
	if ! diff "$tmp/tap" "$tmp/json" >"$tmp/diff"; then
		echo "FAIL: $k: summary.json disagrees with main.tap:"
		head -n 10 "$tmp/diff"
		failures=$((failures + 1))
	fi
	# The Markdown matrix: one row per case; the kernel's column says ✅ exactly for ok.
	# Only the per-case tables (after "## Cases"): the answer page above has its own check.
	col=$(jq -r --arg k "$k" '[.kernels[].name] | index($k) + 2' "$run/summary.json")
	sed -n '/^## Cases$/,$p' "$run/report.md" | grep '^| ' | awk -F' [|] ' -v c="$col" 'NF > 2 && $1 !~ /^\| *(case|---)/ {
		name = $1; gsub(/`/, "", name); sub(/^\| */, "", name); cell = $c
		s = cell ~ /✅/ ? "ok" : cell ~ /❌/ ? "not_ok" : cell ~ /⏭/ ? "skip" : cell ~ /🚧/ ? "todo" : "missing"
		if (s != "missing") print name, s }' | LC_ALL=C sort >"$tmp/md"
	sed 's/^fdpass_//' "$tmp/json" | LC_ALL=C sort >"$tmp/json.short"
	if ! diff "$tmp/json.short" "$tmp/md" >"$tmp/diff"; then
		echo "FAIL: $k: report.md disagrees with summary.json:"
		head -n 10 "$tmp/diff"
		failures=$((failures + 1))
	fi
	compared=$((compared + $(wc -l <"$tmp/tap")))
done
[ "$compared" -gt 0 ] || { echo "FAIL: no test point compared"; exit 1; }
[ "$failures" -eq 0 ] || exit 1
echo "agreement: $compared test points agree across TAP, summary.json and report.md"
