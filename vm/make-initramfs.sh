#!/bin/sh
# Pack the guest initramfs: busybox, the static suite and vm/guest-init.sh.
# Usage: vm/make-initramfs.sh KERNEL_DIR SUITE_BINARY OUT.cpio
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"

[ $# -eq 3 ] || die "usage: $0 KERNEL_DIR SUITE_BINARY OUT.cpio"
kdir=$1 suite=$2 out=$3
apt_need busybox-static file
[ -x "$kdir/gen_init_cpio" ] || die "$kdir/gen_init_cpio missing; rebuild with vm/build-kernel.sh"
[ -x "$suite" ] || die "suite binary $suite missing"
file -L "$suite" 2>/dev/null | grep -q 'statically linked' ||
	die "$suite is not statically linked (configure with -DSUITE_STATIC=ON)"

spec=$(mktemp)
trap 'rm -f "$spec"' EXIT
{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	for d in proc sys tmp bin; do echo "dir /$d 0755 0 0"; done
	echo "file /bin/busybox /bin/busybox 0755 0 0"
	for a in sh mount grep stty reboot cat kill; do echo "slink /bin/$a busybox 0777 0 0"; done
	echo "file /bin/smack-ipc-suite $suite 0755 0 0"
	echo "file /init $VM_DIR/guest-init.sh 0755 0 0"
} >"$spec"
"$kdir/gen_init_cpio" "$spec" >"$out.tmp"
mv "$out.tmp" "$out"
