#!/bin/sh
# CLI contract of the runner, checked on the build host (any kernel).
set -eu
suite=$1
fail() { echo "not ok: $*"; exit 1; }

n=$("$suite" list | wc -l)
[ "$n" -ge 200 ] || fail "list shows only $n cases"
"$suite" list 'fdpass_legato_*' | grep -q legato_no_changes || fail "glob filter"
[ "$("$suite" list 'fdpass_legato_*' | wc -l)" -eq 8 ] || fail "legato count"

set +e
"$suite" --bogus >/dev/null 2>err; rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q "unknown or incomplete option '--bogus'" err || fail "unknown option: rc $rc"
set +e
"$suite" list 'no_such_case*' >/dev/null 2>err; rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q "no case matches 'no_such_case\*'" err || fail "bad filter: rc $rc"
set +e
"$suite" --timeout-ms 5x >/dev/null 2>err; rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q "bad --timeout-ms" err || fail "bad timeout: rc $rc"
set +e
"$suite" --label-prefix 'a b' >/dev/null 2>err; rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q "bad --label-prefix" err || fail "bad prefix: rc $rc"

# Without SMACK (the build host), a run is a valid skip plan and exit 0, never a pass.
if ! grep -qw smackfs /proc/filesystems; then
	"$suite" run -o out.tap 2>err || fail "skip run exited non-zero"
	[ "$(sed -n 2p out.tap)" = "1..0 # SKIP SMACK is not active on kernel $(uname -r) (lsm: $(cat /sys/kernel/security/lsm 2>/dev/null || echo 'unknown; no smackfs filesystem type'))" ] ||
		fail "skip plan: $(cat out.tap)"
	# prove 3.44 knows TAP up to 13; the body uses nothing newer (see vm/check-guest.sh)
	sed '1s/^TAP version 14$/TAP version 13/' out.tap >out.tap13
	prove -e cat out.tap13 >/dev/null || fail "prove rejects the skip plan"
	! grep -q '^ok' out.tap || fail "a skipped run reported a pass"
fi
echo "cli contract: all checks passed"
