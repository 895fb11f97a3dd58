#!/bin/sh
# Pack the guest initramfs: busybox, the static suite and the guest init.
# Usage: vm/make-initramfs.sh SUITE_BINARY OUT.cpio [INIT_SCRIPT]
# The image does not depend on the kernel, so one serves a whole matrix.
# No device nodes are needed: the init mounts devtmpfs before any output.
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: $0 SUITE_BINARY OUT.cpio [INIT_SCRIPT]"
suite=$1 out=$2 init=${3:-$VM_DIR/guest-init.sh}
apt_need busybox-static cpio file
[ -x "$suite" ] || die "suite binary $suite missing"
[ -r "$init" ] || die "init script $init not readable"
file -L "$suite" 2>/dev/null | grep -q 'statically linked' ||
	die "$suite is not statically linked (configure with -DSUITE_STATIC=ON)"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/dev" "$stage/proc" "$stage/sys" "$stage/tmp"
cp /bin/busybox "$stage/bin/busybox"
for a in sh mount grep stty reboot cat kill; do ln -s busybox "$stage/bin/$a"; done
cp "$suite" "$stage/bin/smack-ipc-suite"
cp "$init" "$stage/init"
chmod 0755 "$stage/init" "$stage/bin/smack-ipc-suite"
# -R 0:0: root-owned files in the image without needing root here.
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
