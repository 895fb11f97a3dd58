#!/bin/sh
# Build the LAVA ramdisk: the suite's guest initramfs (vm/make-initramfs.sh:
# busybox-static and the static suite) with vm/lava/lava-init.sh as /init,
# which boots to a shell prompt, gzipped for `compression: gz`; and
# lava-tools.tar (bin/tap-to-lava.sh) for the jobs' `tools` overlay.
# Usage: vm/lava/make-ramdisk.sh [-a ARCH] OUT_DIR   (ARCH: x86_64, arm64)
# Prints the path of OUT_DIR/ramdisk-ARCH.cpio.gz.
set -eu
lava=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
# shellcheck source=vm/lib.sh
. "$lava/../lib.sh"
VM_DIR=${lava%/lava} # lib.sh takes the directory of $0; the vm/ scripts live one up
arch=x86_64
while getopts a: opt; do
	case $opt in
	a) arch=$OPTARG ;;
	*) die "usage: $0 [-a ARCH] OUT_DIR" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || die "usage: $0 [-a ARCH] OUT_DIR"
mkdir -p "$1"
out=$(CDPATH='' cd -- "$1" && pwd)
cpio=$(SMACK_SUITE_INIT=$lava/lava-init.sh build_payload "$out" "$arch")
gzip -n -9 -c "$cpio" >"$out/ramdisk-$arch.cpio.gz"
rm -f "$cpio"
mkdir -p "$out/tools/bin"
cp "$lava/tap-to-lava.sh" "$out/tools/bin/tap-to-lava.sh"
chmod 0755 "$out/tools/bin/tap-to-lava.sh"
tar -C "$out/tools" --owner=0 --group=0 -cf "$out/lava-tools.tar" bin/tap-to-lava.sh
echo "$out/ramdisk-$arch.cpio.gz"
