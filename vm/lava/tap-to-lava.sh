#!/bin/sh
# Report TAP to LAVA: one `lava-test-case NAME --result pass|fail|skip` per
# test point. Runs under busybox sh (needs awk).
# Usage: tap-to-lava.sh [TAP_FILE]   (stdin without one)
#   ok -> pass; not ok -> fail; # SKIP -> skip; not ok # TODO -> skip, ok #
#   TODO -> pass. A skip or TODO reason is printed before its case.
#   Names: characters LAVA cannot take ([^A-Za-z0-9._-]) become _, a name
#   seen before gets _2, _3...; a point without one is test_N. Indented
#   lines (YAML blocks, subtests) are not points.
#   Bail out! -> case bail_out (fail), and nothing after it is read.
#   Otherwise a last case tap_plan: pass if the plan matches the points,
#   fail if it is missing or does not match, skip for `1..0 # SKIP`.
# Without lava-test-case on PATH it prints each call instead.
# Exit: 0 reported (whatever the results), 2 usage.
set -eu
[ $# -le 1 ] || { echo "usage: $0 [TAP_FILE]" >&2; exit 2; }
tap=${1:--}
if [ "$tap" != - ] && [ ! -r "$tap" ]; then
	echo "tap-to-lava: cannot read $tap; reporting it as empty TAP"
	tap=/dev/null
fi
report() {
	if command -v lava-test-case >/dev/null 2>&1; then lava-test-case "$@"; else echo lava-test-case "$@"; fi
}
awk '
function emit(name, result, reason,   n) {
	gsub(/[^A-Za-z0-9._-]/, "_", name)
	if (name in seen) { n = 2; while ((name "_" n) in seen) n++; name = name "_" n }
	seen[name] = 1
	print name, result, reason
}
{ sub(/\r$/, "") }
/^(not )?ok([ \t]|$)/ {
	points++
	res = "pass"; line = $0
	if (sub(/^not /, "", line)) res = "fail"
	sub(/^ok[ \t]*/, "", line)
	num = points
	if (match(line, /^[0-9]+/)) { num = substr(line, 1, RLENGTH); line = substr(line, RLENGTH + 1) }
	sub(/^[ \t]*(-[ \t]*)?/, "", line)
	desc = line; dir = ""
	for (i = 1; i <= length(line); i++) { # the first # not escaped as \#
		c = substr(line, i, 1)
		if (c == "\\") i++
		else if (c == "#") { desc = substr(line, 1, i - 1); dir = substr(line, i + 1); break }
	}
	sub(/[ \t]+$/, "", desc); sub(/^[ \t]+/, "", dir)
	reason = ""
	if (toupper(dir) ~ /^SKIP/) { res = "skip"; reason = dir; sub(/^[A-Za-z]*[ \t:]*/, "", reason); reason = "SKIP" (reason == "" ? "" : " " reason) }
	else if (toupper(dir) ~ /^TODO/) { if (res == "fail") res = "skip"; reason = dir }
	emit(desc == "" ? "test_" num : desc, res, reason)
	next
}
/^Bail out!/ { bailed = 1; reason = $0; sub(/^Bail out![ \t]*/, "", reason); emit("bail_out", "fail", "Bail out! " reason); exit }
/^1\.\.[0-9]+/ && plan == "" {
	plan = $0; sub(/^1\.\./, "", plan); sub(/[^0-9].*/, "", plan); plan += 0
	if (plan == 0 && toupper($0) ~ /#[ \t]*SKIP/) { skipall = $0; sub(/^[^#]*#[ \t]*/, "", skipall) }
}
END {
	if (bailed) exit
	if (plan == "") emit("tap_plan", "fail", "no plan (1..N) in the TAP; " points + 0 " test points")
	else if (plan == 0 && points == 0) emit("tap_plan", "skip", skipall == "" ? "plan 1..0" : skipall)
	else if (points != plan) emit("tap_plan", "fail", "plan 1.." plan " but " points + 0 " test points")
	else emit("tap_plan", "pass", "")
}' "$tap" | while IFS=' ' read -r name result reason; do
	[ -z "$reason" ] || echo "tap-to-lava: $name: $reason"
	report "$name" --result "$result"
done
