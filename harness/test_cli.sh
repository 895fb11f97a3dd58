#!/bin/sh
# CLI contract of the runner, checked on the build host (any kernel).
set -eu
suite=$1
here=$(dirname -- "$0")
fail() { echo "not ok: $*"; exit 1; }

# exits_2 STDOUT MESSAGE ARGS...: with stdout to STDOUT, must exit 2 and
# name the problem on stderr.
exits_2() {
	to=$1 msg=$2
	shift 2
	rc=0
	"$suite" "$@" >"$to" 2>err || rc=$?
	[ "$rc" -eq 2 ] || fail "$* >$to exited $rc, not 2"
	grep -qF "$msg" err || fail "$* >$to did not say \"$msg\": $(cat err)"
}
bad_input() { exits_2 /dev/null "$@"; }

n=$("$suite" list | wc -l)
[ "$n" -ge 200 ] || fail "list shows only $n cases"
"$suite" list 'fdpass_legato_*' | grep -q legato_no_changes || fail "glob filter"
[ "$("$suite" list 'fdpass_legato_*' | wc -l)" -eq 8 ] || fail "legato count"

bad_input "unknown or incomplete option '--bogus'" --bogus
bad_input "unknown or incomplete option '-x'" -xh
bad_input "no case matches 'no_such_case*'" list 'no_such_case*'
bad_input "bad --timeout-ms '5x'" --timeout-ms 5x
bad_input "bad --jobs '0'" --jobs 0
bad_input "bad --jobs '65'" -j 65
bad_input "bad --label-prefix 'a b'" --label-prefix 'a b'
bad_input "bad --label-prefix 'muchtoolong'" --label-prefix muchtoolong
bad_input "bad --floor runs '0'" --floor 0
bad_input "bad --floor runs '5x'" --floor 5x

# --floor (vm/benchmark.sh -f) times the operations a case is made of: the
# ones that need no SMACK always, the others named when they cannot run.
rc=0
"$suite" --floor 3 >floor || rc=$?
grep -q '^floor: fork, _exit, waitpid: [0-9.]* us$' floor || fail "--floor: no fork time: $(cat floor)"
grep -q '^floor: a pipe round trip between two processes: [0-9.]* us$' floor || fail "--floor: no round trip"
# qemu-user (the cross build's check) refuses CLONE_VM without threads: named, not timed.
grep -q '^floor: clone(CLONE_VM), _exit, waitpid (a process sharing the memory map): \([0-9.]* us\|failed: .*\)$' floor ||
	fail "--floor: no clone(CLONE_VM) time or failure"
case $rc in
0) grep -q '^floor: a two-role case' floor || fail "--floor: exit 0 without the two-role sum"
	grep -q '^floor: the same with clone(CLONE_VM) for fork: [0-9]* us$' floor ||
		fail "--floor: exit 0 without the clone(CLONE_VM) sum" ;;
1) grep -q 'failed: .* (it needs root and SMACK)$' floor || fail "--floor: exit 1, no failure named" ;;
*) fail "--floor exited $rc" ;;
esac

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
	head -n 1 out.tap | grep -qx 'TAP version 13' || fail "not TAP version 13: $(head -n 1 out.tap)"
	prove -e cat out.tap >/dev/null || fail "prove rejects the skip plan"
	if grep -q '^ok' out.tap; then fail "a skipped run reported a pass"; fi
	# kselftest's runner reads exit 0 as a pass: --kselftest says KSFT_SKIP (4), as KTAP
	# with one skipped test (the kunit parser takes an empty plan for an error).
	rc=0
	"$suite" --kselftest run >out.ktap 2>err || rc=$?
	[ "$rc" -eq 4 ] || fail "--kselftest skip-all exited $rc, not 4"
	grep -qx 'ok 1 smack_ipc # SKIP SMACK is not active on kernel .*' out.ktap ||
		fail "KTAP skip-all: $(cat out.ktap)"
	"$suite" --ptest run >out.ptest 2>err || fail "--ptest skip-all exited non-zero"
	grep -qx 'SKIP: smack_ipc' out.ptest || fail "ptest skip-all: $(cat out.ptest)"
fi

# Every output that cannot be written (a full disk) is exit 2, never 0.
for args in list --help -V '-n fdpass_legato_*' run; do
	# shellcheck disable=SC2086 # split into the suite's arguments
	exits_2 /dev/full "cannot write standard output: No space left on device" $args
done
exits_2 /dev/null "cannot write /dev/full: No space left on device" -o /dev/full run
if grep -q PASS err; then fail "a run with its TAP to /dev/full said PASS: $(cat err)"; fi

# smack-ipc-run says PASS only with the suite's exit 0 and a TAP file that
# holds its plan in ok lines. It runs the smack-ipc-suite beside it: the
# built one, or a stub.
rm -rf run-test
mkdir -p run-test/real run-test/stub
for d in real stub; do cp "$here/smack-ipc-run.sh" "run-test/$d/smack-ipc-run"; done
cp "$suite" run-test/real/smack-ipc-suite
cat >run-test/stub/smack-ipc-suite <<'EOF'
#!/bin/sh
[ -z "${STUB_TAP:-}" ] || printf '%b' "$STUB_TAP" >"$2"
exit "${STUB_RC:-0}"
EOF
chmod +x run-test/*/smack-ipc-run run-test/stub/smack-ipc-suite
# runner RC VERDICT DIR ARGS...: run-test/DIR/smack-ipc-run ARGS must exit RC saying VERDICT.
runner() {
	want=$1 verdict=$2 dir=$3
	shift 3
	rc=0
	"run-test/$dir/smack-ipc-run" "$@" >run.out 2>&1 || rc=$?
	[ "$rc" -eq "$want" ] || fail "$dir smack-ipc-run $* exited $rc, not $want: $(cat run.out)"
	grep -qF "smack-ipc-run: $verdict" run.out || fail "$dir smack-ipc-run $* did not say \"$verdict\": $(cat run.out)"
	case $verdict in
	PASS*) ;;
	*) if grep -q PASS run.out; then fail "$dir smack-ipc-run $* said PASS: $(cat run.out)"; fi ;;
	esac
}
runner 2 'ERROR: TAP file /dev/full is not a regular file' real -o /dev/full
runner 2 "ERROR: cannot write the TAP file run-test/no/dir/x.tap" real -o run-test/no/dir/x.tap
# stub RC TAP WANT VERDICT: with a stub that exits RC writing TAP (none if '').
stub() {
	STUB_RC=$1 STUB_TAP=$2
	export STUB_RC STUB_TAP
	runner "$3" "$4" stub -o run-test/t.tap
}
stub 0 '' 2 "ERROR (exit 0, but no TAP plan in run-test/t.tap"
stub 0 '1..3\nok 1 - a\nok 2 - b\n' 2 "ERROR (exit 0, but run-test/t.tap holds 2 ok and 0 not ok of a plan of 3)"
stub 0 '1..0\n' 2 'SKIP ()'
stub 1 '1..2\nok 1 - a\nnot ok 2 - b\n' 1 FAIL
stub 0 '1..2\nok 1 - a\nok 2 - b # SKIP no\n' 0 'PASS: 2 ok (1 of them skipped)'
[ ! -e run-test/t.tap.log ] || fail "smack-ipc-run kept the stderr log of a pass"
if ! grep -qw smackfs /proc/filesystems; then
	runner 2 'SKIP (SMACK is not active' real -o run-test/t.tap
fi
echo "cli contract: all checks passed"
