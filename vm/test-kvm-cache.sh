#!/bin/sh
# CTest: the KVM verdict is probed once per host and QEMU, then cached: a
# second boot does not probe again (8 s saved on a host whose KVM hangs),
# SMACK_SUITE_KVM=force probes anyway, and another QEMU is probed afresh.
# Uses a fake QEMU (fixtures/faults/qemu-kvm-counts.sh) and a writable file as
# the KVM device (SMACK_SUITE_KVM_DEV), so it runs on hosts without /dev/kvm.
# Usage: vm/test-kvm-cache.sh WORK_DIR
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
# shellcheck source=vm/lib.sh
. "$here/lib.sh"
[ $# -eq 1 ] || { echo "usage: $0 WORK_DIR" >&2; exit 2; }
work=$1
rm -rf "$work"
mkdir -p "$work/k"
: >"$work/kvm"
: >"$work/k/bzImage"
: >"$work/initrd"
fake=$(dirname -- "$here")/fixtures/faults/qemu-kvm-counts.sh
boot() { # NAME [ENV...]: one run-guest.sh boot with the fake QEMU and a private cache
	name=$1
	shift
	env SMACK_SUITE_CACHE="$work/cache" SMACK_SUITE_QEMU="$fake" SMACK_SUITE_KVM_PROBE_S=2 \
		SMACK_SUITE_KVM_DEV="$work/kvm" \
		SMACK_SUITE_FAULT_KVM_LOG="$work/kvm.log" "$@" \
		"$here/run-guest.sh" "$work/k" "$work/initrd" "$work/$name" 60 >"$work/$name.log" 2>&1
}
probes() { wc -l <"$work/kvm.log" 2>/dev/null | tr -d ' ' || echo 0; }

check "first boot probes KVM (it hangs) and runs under TCG" boot first
check "... recorded as failed, accel tcg" [ "$(cat "$work/first/kvm-probe")/$(cat "$work/first/accel")" = failed/tcg ]
check "second boot does not probe again" boot second
check "... 1 probe in all" [ "$(probes)" = 1 ]
check "... recorded as cached-failed, accel tcg" \
	[ "$(cat "$work/second/kvm-probe")/$(cat "$work/second/accel")" = cached-failed/tcg ]
check "SMACK_SUITE_KVM=force probes anyway" boot forced SMACK_SUITE_KVM=force
check "... 2 probes in all" [ "$(probes)" = 2 ]
mkdir -p "$work/other"
sed 's/0.0.0-kvm-counts/0.0.1-kvm-counts/' "$fake" >"$work/other/qemu"
chmod +x "$work/other/qemu"
fake=$work/other/qemu
check "another QEMU is probed afresh" boot other
check "... 3 probes in all" [ "$(probes)" = 3 ]
checks_done "see $work"
echo "KVM cache tests: all checks passed"
