#!/bin/sh
# CTest: the guest init's wait in its interrupt section (wait_for_hold, taken
# from vm/guest-init.sh as written) returns as soon as the suite has exited,
# so a suite that dies early is reported, not left to the host's timeout as a
# hang; and returns 0 once the case holds its rule and has changed onlycap.
# Usage: vm/test-guest-wait.sh WORK_DIR
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
# shellcheck source=vm/lib.sh
. "$here/lib.sh"
[ $# -eq 1 ] || { echo "usage: $0 WORK_DIR" >&2; exit 2; }
work=$1
rm -rf "$work"
mkdir -p "$work/smackfs"
sed -n '/^wait_for_hold() {$/,/^}$/p' "$here/guest-init.sh" >"$work/wait.sh"
check "guest-init.sh defines wait_for_hold" grep -q . "$work/wait.sh"
: >"$work/smackfs/load2"
: >"$work/smackfs/onlycap"

# waits PID: run wait_for_hold against the fake smackfs, bounded (the old
# loop spun forever); prints its status.
waits() {
	rc=0
	timeout 20 sh -c ". '$work/wait.sh'; wait_for_hold $1 '$work/smackfs'" || rc=$?
	echo "$rc"
}
true &
dead=$!
wait "$dead"
check "a suite that has exited ends the wait with 1 (not a hang)" [ "$(waits "$dead")" = 1 ]
# A live stand-in suite (it only has to exist) whose case holds its rule.
sleep 600 &
live=$!
echo 'sipc1a2b.0001.R sipc1a2b.0001.S rw' >"$work/smackfs/load2"
echo 'sipc1a2b.0001.S' >"$work/smackfs/onlycap"
check "a case that holds its rule and onlycap ends the wait with 0" [ "$(waits "$live")" = 0 ]
kill "$live"
checks_done "see $work"
echo "guest wait tests: all checks passed"
