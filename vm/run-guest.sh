#!/bin/sh
# Boot a SMACK guest under QEMU and collect what it reports.
# Usage: vm/run-guest.sh [-a ARCH] KERNEL_DIR INITRAMFS OUT_DIR [TIMEOUT_S]
#   -a ARCH  x86_64 (default: bzImage, 8250 console) or arm64 (Image on
#            qemu-system-aarch64 -M virt, TCG only: PL011 console); the TAP
#            goes to a virtio serial port (vport0p1; PCI or virtio-mmio), not a
#            tty: hvc's polled writes and a UART both cost seconds a run
# Writes OUT_DIR/console.log (ttyS0/ttyAMA0: kernel and init), results.raw
# (the virtio serial port: TAP sections), qemu.log (QEMU's own messages), accel,
# kvm-probe and boot-to-verdict-seconds. Exit: 0 guest ended by itself,
# 3 host timeout, 4 QEMU failed.
# Environment: SMACK_SUITE_KVM=auto|no|force (force: probe even without a
# writable /dev/kvm, and never trust a cached verdict), SMACK_SUITE_KVM_PROBE_S
# (default 8), SMACK_SUITE_APPEND (more kernel command line), SMACK_SUITE_QEMU,
# SMACK_SUITE_SMP (guest CPUs, default the host's online CPUs, at most 8: the
# suite runs that many cases at once). auto probes once per host: the verdict
# is cached under $SUITE_CACHE/kvm, keyed by the QEMU binary and version, the
# host kernel and /dev/kvm's device number. SMACK_SUITE_KVM_DEV names another
# device (tests point it at a file, to check the cache on a host without KVM).
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"

usage="usage: $0 [-a ARCH] KERNEL_DIR INITRAMFS OUT_DIR [TIMEOUT_S]"
arch=x86_64
while getopts a: opt; do
	case $opt in
	a) arch=$OPTARG ;;
	*) die "$usage" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 3 ] || die "$usage"
kdir=$1 initrd=$2 out=$3 limit=${4:-1800}
case $arch in
x86_64) image=bzImage qemu_bin=${SMACK_SUITE_QEMU:-qemu-system-x86_64} pkg=qemu-system-x86 tty=ttyS ;;
arm64) image=Image qemu_bin=${SMACK_SUITE_QEMU:-qemu-system-aarch64} pkg=qemu-system-arm tty=ttyAMA ;;
*) die "unknown arch '$arch' (x86_64 or arm64)" ;;
esac
[ -n "${SMACK_SUITE_QEMU:-}" ] || apt_need "$pkg"
[ -f "$kdir/$image" ] || die "no kernel image $kdir/$image"
[ -f "$initrd" ] || die "no initramfs $initrd"
mkdir -p "$out"
smp=${SMACK_SUITE_SMP:-$(nproc)}
case $smp in '' | 0 | *[!0-9]*) die "SMACK_SUITE_SMP must be a number of CPUs (1..8), not '$smp'" ;; esac
[ "$smp" -le 8 ] || smp=8
rm -f "$out/console.log" "$out/results.raw" "$out/kvm-probe.log" "$out/qemu.log"

# qemu SECONDS CONSOLE RESULTS APPEND ACCEL_ARGS...: -no-reboot turns the
# guest's `reboot -f` (and panic=-1) into a QEMU exit; timeout bounds a hang.
# --foreground keeps QEMU in the caller's process group, so an interrupt of
# the run (Ctrl-C, or vm/matrix.sh ending a kernel job's group) reaches it.
qemu() {
	secs=$1 console=$2 results=$3 append=$4
	shift 4
	if [ "$arch" = arm64 ]; then
		set -- "$@" -M virt -cpu cortex-a57 -serial "file:$console" -device virtio-serial-device \
			-chardev "file,id=tap,path=$results" -device virtserialport,chardev=tap
		append="$append smackipc.tap=vport0p1"
	else
		set -- "$@" -serial "file:$console" -device virtio-serial-pci \
			-chardev "file,id=tap,path=$results" -device virtserialport,chardev=tap
		# Older kernels' check_timer() panics ("IO-APIC + timer doesn't work")
		# when a loaded TCG host delivers the first timer interrupt late.
		append="$append smackipc.tap=vport0p1 no_timer_check"
	fi
	timeout --foreground -k 5 "$secs" "$qemu_bin" "$@" -smp "$smp,sockets=$smp" -m 512 -nodefaults -display none \
		-no-reboot -kernel "$kdir/$image" -initrd "$initrd" -append "$append" 2>>"$out/qemu.log"
}

# KVM hangs after the BIOS on some hosts: use it only once a short boot worked.
accel=tcg probe=skipped
probe_s=${SMACK_SUITE_KVM_PROBE_S:-8}
kvm_dev=${SMACK_SUITE_KVM_DEV:-/dev/kvm}
case ${SMACK_SUITE_KVM:-auto} in
no) ;;
force | auto)
	if [ "$arch" != x86_64 ]; then
		: # no KVM for a foreign arch: TCG, probe skipped
	elif [ "${SMACK_SUITE_KVM:-auto}" = force ] || [ -w "$kvm_dev" ]; then
		key=$({ command -v "$qemu_bin"; "$qemu_bin" --version 2>&1 | head -n 1; uname -r
			stat -Lc '%t:%T' "$kvm_dev" 2>/dev/null; } | sha256sum | cut -c1-16)
		verdict=$SUITE_CACHE/kvm/$key
		if [ "${SMACK_SUITE_KVM:-auto}" = auto ] && [ -s "$verdict" ]; then
			probe=$(cat "$verdict")
			[ "$probe" = ok ] && accel=kvm
			note "KVM verdict cached for this host and QEMU: $probe (rm $verdict to probe again)"
			probe="cached-$probe"
		elif qemu "$probe_s" "$out/kvm-probe.log" /dev/null \
			"console=${tty}0 panic=-1 smackipc.probe=1" -accel kvm -cpu host &&
			grep -q SMACKIPC-GUEST-UP "$out/kvm-probe.log"; then
			accel=kvm probe=ok
		else
			probe=failed
			note "KVM probe did not boot within $probe_s s; falling back to TCG"
		fi
		case $probe in ok | failed)
			mkdir -p "$SUITE_CACHE/kvm"
			echo "$probe" >"$verdict.$$" && mv "$verdict.$$" "$verdict" ;;
		esac
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
# rcu_expedited: onlycap and other smackfs writes wait for an RCU grace period,
# several periodic ticks (8-20 ms) each without it.
qemu "$limit" "$out/console.log" "$out/results.raw" \
	"console=${tty}0 panic=-1 loglevel=4 rcupdate.rcu_expedited=1${SMACK_SUITE_APPEND:+ $SMACK_SUITE_APPEND}" "$@" || rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
echo "$((ms / 1000)).$((ms % 1000 / 100))" >"$out/boot-to-verdict-seconds"
[ "$rc" -eq 124 ] && { note "guest did not finish within $limit s; see $out/console.log"; exit 3; }
[ "$rc" -eq 0 ] || { note "QEMU failed (exit $rc): $(tail -n 1 "$out/qemu.log" 2>/dev/null)"; exit 4; }
exit 0
