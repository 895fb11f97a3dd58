#!/bin/sh
# CLI contract of the runner, checked on the build host (any kernel).
set -eu
suite=$1
fail() { echo "not ok: $*"; exit 1; }

# bad_input MESSAGE ARGS...: must exit 2 and name the problem on stderr.
bad_input() {
	msg=$1
	shift
	rc=0
	"$suite" "$@" >/dev/null 2>err || rc=$?
	[ "$rc" -eq 2 ] || fail "$* exited $rc, not 2"
	grep -qF "$msg" err || fail "$* did not say \"$msg\": $(cat err)"
}

n=$("$suite" list | wc -l)
[ "$n" -ge 200 ] || fail "list shows only $n cases"
"$suite" list 'fdpass_legato_*' | grep -q legato_no_changes || fail "glob filter"
[ "$("$suite" list 'fdpass_legato_*' | wc -l)" -eq 8 ] || fail "legato count"

bad_input "unknown or incomplete option '--bogus'" --bogus
bad_input "unknown or incomplete option '-x'" -xh
bad_input "no case matches 'no_such_case*'" list 'no_such_case*'
bad_input "bad --timeout-ms '5x'" --timeout-ms 5x
bad_input "bad --label-prefix 'a b'" --label-prefix 'a b'
bad_input "bad --label-prefix 'muchtoolong'" --label-prefix muchtoolong

# --dry-run names every rule and global setting and needs no SMACK; it changes nothing.
"$suite" -n 'onlycap_*' >dry || fail "dry run exited non-zero"
[ "$(grep -c 'global onlycap (skipped: no --change-global)' dry)" -eq 24 ] || fail "dry run: onlycap"
grep -q '^onlycap_receiver_listed_override_counts_rule_R_S_rw_cap_mac_override_allowed: rules sipcXXXX.0023.R sipcXXXX.0023.S rw;' dry ||
	fail "dry run: rules of a case: $(tail -n 2 dry)"
"$suite" -G --dry-run 'onlycap_*' | grep -q 'global onlycap (changed, then restored)' || fail "dry run -G"
"$suite" -n 'fdpass_legato_*' | tail -n 1 | grep -q '^# 8 cases; 0 change a global setting' || fail "dry run summary"
bad_input "no case matches 'nope*'" -n 'nope*'

# Without SMACK (the build host), a run is a valid skip plan and exit 0, never a pass.
if ! grep -qw smackfs /proc/filesystems; then
	"$suite" run -o out.tap 2>err || fail "skip run exited non-zero"
	head -n 2 out.tap | grep -qx '1\.\.0 # SKIP SMACK is not active on kernel .*' ||
		fail "skip plan: $(cat out.tap)"
	# prove 3.44 knows TAP up to 13; the body uses nothing newer (see vm/check-guest.sh)
	sed '1s/^TAP version 14$/TAP version 13/' out.tap >out.tap13
	prove -e cat out.tap13 >/dev/null || fail "prove rejects the skip plan"
	if grep -q '^ok' out.tap; then fail "a skipped run reported a pass"; fi
fi
echo "cli contract: all checks passed"
