#!/bin/sh
# On-board runner, installed as bin/smack-ipc-run beside smack-ipc-suite:
# run the cases with TAP to a file and print one summary line.
# Usage: smack-ipc-run [-o TAP_FILE] [SUITE_OPTION...] [GLOB...]
#   TAP_FILE defaults to ./smack-ipc-HOST-UTCTIME.tap; the rest goes to
#   `smack-ipc-suite run` (e.g. -t MS, -w DIR, -p STEM, case globs).
# Exit: 0 every case ok, 1 failures or an interrupted run, 2 not run (no
# SMACK, not root, bad usage): a skipped run is never a pass.
set -eu
suite=$(dirname -- "$0")/smack-ipc-suite
[ -x "$suite" ] || { echo "smack-ipc-run: $suite missing" >&2; exit 2; }
tap=./smack-ipc-$(uname -n)-$(date -u +%Y%m%dT%H%M%SZ).tap
if [ "${1:-}" = -o ]; then
	[ $# -ge 2 ] || { echo "smack-ipc-run: -o needs a file" >&2; exit 2; }
	tap=$2
	shift 2
fi
rc=0
"$suite" -o "$tap" run "$@" 2>"$tap.log" || rc=$?
# A missing TAP file (bad usage) counts as nothing run.
ok=$(grep -c '^ok ' "$tap" 2>/dev/null || true)
notok=$(grep -c '^not ok ' "$tap" 2>/dev/null || true)
skip=$(grep -c '^ok .* # SKIP' "$tap" 2>/dev/null || true)
time=$(sed -n 's/^# \([0-9]* cases in [0-9.]* s\).*/\1/p' "$tap" 2>/dev/null || true)
if [ "$rc" -eq 0 ] && grep -q '^1\.\.0 # SKIP' "$tap" 2>/dev/null; then
	verdict="SKIP ($(sed -n 's/^1\.\.0 # SKIP //p' "$tap"))" rc=2
elif [ "$rc" -eq 0 ]; then
	verdict=PASS
elif [ "$rc" -eq 1 ] || [ "$rc" -eq 130 ]; then
	verdict=FAIL rc=1
else
	verdict="ERROR (exit $rc: $(head -n 1 "$tap.log"))" rc=2
fi
log=", stderr in $tap.log"
if [ "$rc" -eq 0 ]; then rm -f "$tap.log"; log=''; fi
echo "smack-ipc-run: $verdict: ${ok:-0} ok (${skip:-0} of them skipped), ${notok:-0} not ok${time:+, $time}; kernel $(uname -r); TAP in $tap$log"
exit "$rc"
