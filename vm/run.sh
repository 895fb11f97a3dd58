#!/bin/sh
# Build the static suite and one SMACK kernel, boot it under QEMU, run every
# case, and split what the guest reported into TAP files.
# Usage: vm/run.sh [-a ARCH] [-k SOURCE] [-o OUT_DIR] [-t TIMEOUT_S]
#   ARCH: x86_64 (default) or arm64 (cross-built kernel and suite, TCG)
#   SOURCE: 6.1 (default), 6.12, or any source vm/build-kernel.sh takes
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"
top=$(dirname -- "$VM_DIR")

arch=x86_64 kernel=6.1 out='' limit=1800
while getopts a:k:o:t: opt; do
	case $opt in
	a) arch=$OPTARG ;;
	k) kernel=$OPTARG ;;
	o) out=$OPTARG ;;
	t) limit=$OPTARG ;;
	*) die "usage: $0 [-a ARCH] [-k SOURCE] [-o OUT_DIR] [-t TIMEOUT_S]" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || die "unexpected argument '$1'"
name=$(echo "${kernel#*:}" | sed 's|.*/||; s|[^A-Za-z0-9._-]|_|g')
opts=-
[ "$arch" = x86_64 ] || name=$name-$arch opts=arch=$arch
[ -n "$out" ] || out=$top/results/runs/$name-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"

initrd=$(build_payload "$out" "$arch")
"$VM_DIR/kernel-run.sh" "$name" "$kernel" "$opts" "$initrd" "$out" "$limit"
rm -f "$initrd"
status=$(sed -n 's/^status=//p' "$out/kernel.info")
if [ "$status" != ok ] && [ -s "$out/console.log" ]; then
	note "last console lines:"
	tail -n 15 "$out/console.log" >&2
fi
ok=$(grep -c '^ok ' "$out/main.tap" 2>/dev/null || true)
notok=$(grep -c '^not ok ' "$out/main.tap" 2>/dev/null || true)
echo "kernel $kernel: $status; ${ok:-0} ok, ${notok:-0} not ok, boot-to-verdict $(sed -n 's/^boot_seconds=//p' "$out/kernel.info") s ($(sed -n 's/^accel=//p' "$out/kernel.info"))"
echo "results: $out"
[ "$status" = ok ]
