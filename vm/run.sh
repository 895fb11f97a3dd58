#!/bin/sh
# Build the static suite and a SMACK kernel, boot it under QEMU, run every
# case, and split what the guest reported into TAP files.
# Usage: vm/run.sh [-k KERNEL_VERSION] [-o OUT_DIR] [-t TIMEOUT_S]
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"
top=$(dirname -- "$VM_DIR")

kernel=6.1 out='' limit=1800
while getopts k:o:t: opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	o) out=$OPTARG ;;
	t) limit=$OPTARG ;;
	*) die "usage: $0 [-k KERNEL_VERSION] [-o OUT_DIR] [-t TIMEOUT_S]" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || die "unexpected argument '$1'"
[ -n "$out" ] || out=$top/results/runs/$kernel-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"

apt_need cmake build-essential libcap-dev libkeyutils-dev
note "building the static suite"
if ! { cmake -S "$top" -B "$top/build-static" -DSUITE_STATIC=ON -DSUITE_GUEST_TESTS=OFF &&
	cmake --build "$top/build-static" --target smack-ipc-suite -j "$(nproc)"; } >"$out/suite-build.log" 2>&1; then
	die "building the suite failed; see $out/suite-build.log"
fi
kdir=$("$VM_DIR/build-kernel.sh" "$kernel")
"$VM_DIR/make-initramfs.sh" "$kdir" "$top/build-static/smack-ipc-suite" "$out/initramfs.cpio"
note "booting $kernel ($(cat "$kdir/build-info")); results in $out"
rc=0
"$VM_DIR/run-guest.sh" "$kdir" "$out/initramfs.cpio" "$out" "$limit" || rc=$?
rm -f "$out/initramfs.cpio"

# Split the ttyS1 stream into one file per section; a cut-off run keeps what it had.
tr -d '\r' <"$out/results.raw" | awk -v dir="$out" '
	/^#### section / { f = dir "/" $3 ".tap"; if ($3 == "load2" || $3 == "restored") f = dir "/" $3 ".txt"; next }
	/^#### (exit|end|uptime)/ { if (f) print > (f ".status"); next }
	f { print > f }'
if ! grep -q '^#### end' "$out/results.raw" 2>/dev/null; then
	note "guest did not finish (exit $rc); last console lines:"
	tail -n 20 "$out/console.log" >&2 || true
	[ "$rc" -ne 0 ] || rc=5
fi
ok=$(grep -c '^ok ' "$out/main.tap" 2>/dev/null || true)
notok=$(grep -c '^not ok ' "$out/main.tap" 2>/dev/null || true)
echo "kernel $kernel: ${ok:-0} ok, ${notok:-0} not ok, boot-to-verdict $(cat "$out/boot-to-verdict-seconds" 2>/dev/null || echo '?') s ($(cat "$out/accel" 2>/dev/null || echo '?'))"
echo "results: $out"
[ "$rc" -eq 0 ] && [ "${notok:-0}" -eq 0 ] && grep -qx '#### exit 0' "$out/main.tap.status"
