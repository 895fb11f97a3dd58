#!/bin/sh
# On-board runner, installed as bin/smack-ipc-run beside smack-ipc-suite:
# run the cases with TAP to a file and print one summary line.
# Usage: smack-ipc-run [-o TAP_FILE] [SUITE_OPTION...] [GLOB...]
#   TAP_FILE defaults to ./smack-ipc-HOST-UTCTIME.tap and must be a regular
#   file (it is read back); the rest goes to `smack-ipc-suite run` (e.g.
#   -t MS, -w DIR, -p STEM, case globs).
# Exit: 0 every case ok, 1 failures or an interrupted run, 2 not run (no
# SMACK, not root, bad usage) or not recorded (the TAP file could not be
# written, or holds fewer ok lines than its plan). PASS needs the suite's
# exit 0 and a TAP file with its whole plan ok: a skipped run is never one.
set -eu
error() { echo "smack-ipc-run: ERROR: $*" >&2; exit 2; }
suite=$(dirname -- "$0")/smack-ipc-suite
[ -x "$suite" ] || error "$suite missing"
tap=./smack-ipc-$(uname -n)-$(date -u +%Y%m%dT%H%M%SZ).tap
if [ "${1:-}" = -o ]; then
	[ $# -ge 2 ] || error "-o needs a file"
	tap=$2
	shift 2
fi
# A device (/dev/full, a terminal) cannot be read back to check the run.
if [ -e "$tap" ] && [ ! -f "$tap" ]; then error "TAP file $tap is not a regular file"; fi
# The file belongs to this run: nothing of an earlier one may count.
true 2>/dev/null >"$tap" || error "cannot write the TAP file $tap"
# stderr is kept in memory: on a full disk a log file would be empty too.
rc=0
err=$("$suite" -o "$tap" run "$@" 2>&1 >/dev/null) || rc=$?
plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$tap" 2>/dev/null | head -n 1)
ok=$(grep -c '^ok ' "$tap" 2>/dev/null || true)
notok=$(grep -c '^not ok ' "$tap" 2>/dev/null || true)
skip=$(grep -c '^ok .* # SKIP' "$tap" 2>/dev/null || true)
time=$(sed -n 's/^# \([0-9]* cases in [0-9.]* s\).*/\1/p' "$tap" 2>/dev/null || true)
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ] && [ "$rc" -ne 130 ]; then
	verdict="ERROR (exit $rc: $(printf '%s\n' "${err:-no message}" | head -n 1))" rc=2
elif [ -z "$plan" ]; then
	verdict="ERROR (exit $rc, but no TAP plan in $tap: empty or not written)" rc=2
elif [ "$plan" -eq 0 ]; then
	verdict="SKIP ($(sed -n 's/^1\.\.0 *# *SKIP *//p' "$tap"))" rc=2
elif [ "$rc" -ne 0 ]; then
	verdict=FAIL rc=1
elif [ "${ok:-0}" -ne "$plan" ] || [ "${notok:-0}" -ne 0 ]; then
	verdict="ERROR (exit 0, but $tap holds ${ok:-0} ok and ${notok:-0} not ok of a plan of $plan)" rc=2
else
	verdict=PASS
fi
log=''
rm -f "$tap.log"
if [ "$rc" -ne 0 ]; then
	if printf '%s\n' "$err" 2>/dev/null >"$tap.log"; then log=", stderr in $tap.log"; else rm -f "$tap.log"; fi
fi
echo "smack-ipc-run: $verdict: ${ok:-0} ok (${skip:-0} of them skipped), ${notok:-0} not ok${time:+, $time}; kernel $(uname -r); TAP in $tap$log"
exit "$rc"
