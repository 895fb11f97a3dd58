#!/bin/sh
# CTest: boot the SMACK guest for KERNEL_VERSION and require that
#  - every fd-passing case is `ok` and none is skipped (at least 200),
#  - the TAP parses with prove and tap.py, the KTAP with the kernel's kunit
#    parser (diagnostics on their tests), the ptest lines as Yocto reads them,
#  - the test-only hang and crash cases are reported and the run went on,
#  - SIGTERM in the middle of a case revokes its rules (Bail out!, exit 130),
#  - smackfs (every global file) is as before after a full run and after a
#    run interrupted while a case had changed onlycap,
#  - no rule of any run is left in load2 afterwards,
#  - the runner's profile covers every case (all run on the two-role skeleton).
# Usage: vm/check-guest.sh KERNEL_VERSION OUT_DIR
#   KERNEL_VERSION-arm64 (e.g. 6.1-arm64) boots the cross-built arm64 guest;
#   -DSUITE_GUEST_KERNELS="6.1;6.1-arm64" adds it to the CTest guest tests.
set -eu
here=$(dirname -- "$0")
# shellcheck source=vm/lib.sh
. "$here/lib.sh"
[ $# -eq 2 ] || { echo "usage: $0 KERNEL_VERSION OUT_DIR" >&2; exit 2; }
kernel=$1 out=$2 arch=x86_64
case $kernel in *-arm64) kernel=${kernel%-arm64} arch=arm64 ;; esac
after() { grep -A3 "^not ok [0-9]* - $1" "$self" | grep -c "$2" || true; }

rm -rf "$out"
check "vm/run.sh reports a finished, passing guest run" "$here/run.sh" -a "$arch" -k "$kernel" -o "$out"
main=$out/main.tap self=$out/selftest.tap
[ -s "$main" ] || { echo "FAIL: no TAP from the guest; console:"; tail -n 30 "$out/console.log"; exit 1; }

plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$main")
ok=$(grep -c '^ok ' "$main" || true)
skips=$(grep -c '^ok .* # SKIP' "$main" || true)
fdpass=$(grep -c '^ok [0-9]* - fdpass_' "$main" || true)
check "main: $ok ok of plan ${plan:-none}" [ "$ok" = "${plan:-none}" ]
check "main: $skips skipped (none allowed)" [ "$skips" -eq 0 ]
check "main: $fdpass fd-passing cases ok (at least 200)" [ "$fdpass" -ge 200 ]
check "main: runner revoked every rule" grep -q '^ok [0-9]* - runner_revoked_every_rule_it_created' "$main"
check "main: suite exited 0" grep -qx '#### exit 0' "$out/main.tap.status"
# The profile the benchmark reads: every case ran on the one two-role skeleton.
cases=$(sed -n 's/^# \([0-9]*\) cases in .*/\1/p' "$main")
check "main: profile of the runner's phases printed" grep -q '^# mean us per case: rules [0-9]*, access2 [0-9]*, processes [0-9]*' "$main"
check "main: profile of the two roles covers all ${cases:-?} cases" \
	grep -q "^# mean us per two-role case: S label [0-9]*, .* (${cases:-none} cases)\$" "$main"
# Every case forks, so its processes fault at least once: 0 means wait4 lost them.
check "main: page faults of the cases' processes counted" \
	grep -q '^# mean page faults per case (its processes): [1-9]' "$main"

# Parsers as CI tools ship them, on the guest's own output as it is.
check "main: Debian's prove parses and passes it" prove -e cat "$main"
check "main: tap.py (python3-tap) parses and passes it" tap_py "$main"
ktap=$out/ktap.txt
check "ktap: --kselftest exited 1 (the hang and the crash)" grep -qx '#### exit 1' "$ktap.status"
for v in 6.1 6.12; do
	kunit=$(kunit_dir "$v")
	check "ktap: kunit_parser of linux-source-$v reads it, diagnostics on their tests" \
		/usr/bin/python3 "$here/kunit-check.py" "$kunit" "$ktap"
done
check "ktap: the hang is a TIMEOUT, the crash an ERROR" \
	grep -q '^    not ok [0-9]* selftest_hang_is_killed_and_reported # TIMEOUT' "$ktap"
# The ptest lines as Yocto's ptest runner and log parser read them (lib.sh).
legato_ok=$(grep -c '^ok [0-9]* - fdpass_legato_' "$main" || true)
onlycap=$(grep -c '^ok [0-9]* - onlycap_' "$main" || true)
check "ptest: $(ptest_count "$out/ptest.txt" PASS) PASS = $legato_ok Legato cases + the runner's check" \
	[ "$(ptest_count "$out/ptest.txt" PASS)" -eq $((legato_ok + 1)) ]
check "ptest: $(ptest_count "$out/ptest.txt" FAIL) FAIL = the crash" [ "$(ptest_count "$out/ptest.txt" FAIL)" -eq 1 ]
check "ptest: $(ptest_count "$out/ptest.txt" SKIP) SKIP = the $onlycap onlycap cases (no --change-global)" \
	[ "$(ptest_count "$out/ptest.txt" SKIP)" -eq "$onlycap" ]

# A running audit daemon (the stand-in) is left alone, and both it and the suite got the records.
ad=$out/auditd.txt
val() { sed -n "s/^$1 //p" "$ad"; }
check "auditd: the suite ran beside the stand-in daemon ($(val suite_exit))" [ "$(val suite_exit)" = 0 ]
check "auditd: the stand-in was still running after the suite" [ "$(val standin_alive_after_run)" = yes ]
check "auditd: and still the registered daemon" grep -q 'still the registered daemon: yes$' "$ad"
both_got() { [ "$(val suite_refusals_with_record)" -gt 0 ] &&
	[ "$(val standin_smack_records)" -ge "$(val suite_refusals_with_record)" ]; }
check "auditd: the daemon's log holds $(val standin_smack_records) SMACK records, at least the suite's $(val suite_refusals_with_record) refusals with their record" \
	both_got
check "selftest: hang killed and reported" [ "$(after selftest_hang_is_killed_and_reported 'timed out after 400 ms')" -eq 1 ]
check "selftest: crash reported" [ "$(after selftest_crash_is_reported 'killed by SIGSEGV')" -eq 1 ]
legato=$(grep -c '^ok [0-9]* - fdpass_legato_' "$self" || true)
check "selftest: the run went on ($legato of 8 Legato cases ok after them)" [ "$legato" -eq 8 ]
check "selftest: suite exited 1 (failures reported)" grep -qx '#### exit 1' "$out/selftest.tap.status"
check "restored: the suite unmounted the smackfs it mounted" grep -qx 'smackfs_mounts 0' "$out/restored.txt"
check "interrupt: SIGTERM mid-case gives Bail out! and exit 130" \
	grep -q '^Bail out! interrupted by signal 15; 0 rules left' "$out/interrupt.tap"
check "interrupt: exit status 130" grep -qx '#### exit 130' "$out/interrupt.tap.status"
check "snapshot: smackfs after the full run as before it ($(head -n 1 "$out/snapshot.txt" 2>/dev/null))" \
	grep -q '^snapshot_after_full_run identical' "$out/snapshot.txt"
check "snapshot: smackfs after the interrupted run as before ($(head -n 1 "$out/snapshot2.txt" 2>/dev/null))" \
	grep -q '^snapshot_after_interrupted_run identical' "$out/snapshot2.txt"
check "load2: no rule left after both runs ($(cat "$out/load2.txt" 2>/dev/null))" grep -qx 'rules_left 0' "$out/load2.txt"

checks_done "results in $out"
echo "guest $1: all checks passed; results in $out"
