#!/bin/sh
# Boot a SMACK guest under QEMU and collect what it reports.
# Usage: vm/run-guest.sh KERNEL_DIR INITRAMFS OUT_DIR [TIMEOUT_S]
# Writes OUT_DIR/console.log (ttyS0: kernel and init), results.raw (ttyS1:
# TAP sections), qemu.log (QEMU's own messages), accel, kvm-probe and
# boot-to-verdict-seconds. Exit: 0 guest ended by itself, 3 host timeout,
# 4 QEMU failed.
# Environment: SMACK_SUITE_KVM=auto|no|force (force: probe even without a
# writable /dev/kvm), SMACK_SUITE_KVM_PROBE_S (default 8), SMACK_SUITE_QEMU.
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"

[ $# -ge 3 ] || die "usage: $0 KERNEL_DIR INITRAMFS OUT_DIR [TIMEOUT_S]"
kdir=$1 initrd=$2 out=$3 limit=${4:-1800}
qemu_bin=${SMACK_SUITE_QEMU:-qemu-system-x86_64}
[ -n "${SMACK_SUITE_QEMU:-}" ] || apt_need qemu-system-x86
[ -f "$kdir/bzImage" ] || die "no kernel image $kdir/bzImage"
[ -f "$initrd" ] || die "no initramfs $initrd"
mkdir -p "$out"
rm -f "$out/console.log" "$out/results.raw" "$out/kvm-probe.log" "$out/qemu.log"

# qemu SECONDS CONSOLE RESULTS APPEND ACCEL_ARGS...: -no-reboot turns the
# guest's `reboot -f` (and panic=-1) into a QEMU exit; timeout bounds a hang.
qemu() {
	secs=$1 console=$2 results=$3 append=$4
	shift 4
	timeout -k 5 "$secs" "$qemu_bin" "$@" -m 512 -nodefaults -display none \
		-no-reboot -kernel "$kdir/bzImage" -initrd "$initrd" \
		-serial "file:$console" -serial "file:$results" -append "$append" 2>>"$out/qemu.log"
}

# KVM hangs after the BIOS on some hosts: use it only once a short boot worked.
accel=tcg probe=skipped
probe_s=${SMACK_SUITE_KVM_PROBE_S:-8}
case ${SMACK_SUITE_KVM:-auto} in
no) ;;
force | auto)
	if [ "${SMACK_SUITE_KVM:-auto}" = force ] || [ -w /dev/kvm ]; then
		if qemu "$probe_s" "$out/kvm-probe.log" /dev/null \
			"console=ttyS0 panic=-1 smackipc.probe=1" -accel kvm -cpu host &&
			grep -q SMACKIPC-GUEST-UP "$out/kvm-probe.log"; then
			accel=kvm probe=ok
		else
			probe=failed
			note "KVM probe did not boot within $probe_s s; falling back to TCG"
		fi
	fi
	;;
*) die "SMACK_SUITE_KVM must be auto, no or force" ;;
esac
echo "$accel" >"$out/accel"
echo "$probe" >"$out/kvm-probe"
set -- -accel tcg
[ "$accel" = kvm ] && set -- -accel kvm -cpu host

start=$(date +%s%N)
rc=0
qemu "$limit" "$out/console.log" "$out/results.raw" "console=ttyS0 panic=-1 loglevel=4" "$@" || rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
echo "$((ms / 1000)).$((ms % 1000 / 100))" >"$out/boot-to-verdict-seconds"
[ "$rc" -eq 124 ] && { note "guest did not finish within $limit s; see $out/console.log"; exit 3; }
[ "$rc" -eq 0 ] || { note "QEMU failed (exit $rc): $(tail -n 1 "$out/qemu.log" 2>/dev/null)"; exit 4; }
exit 0
