#!/bin/sh
# Pack the guest initramfs: busybox, the static suite and the guest init.
# Usage: vm/make-initramfs.sh [-a ARCH] [-c COMPAT_BINARY] SUITE_BINARY OUT.cpio [INIT_SCRIPT]
#   -a ARCH  x86_64 (default: the host's busybox-static) or arm64 (Debian's
#            busybox-static for arm64, fetched once into the cache with a
#            private apt configuration, not installed)
#   -c BIN   a 32-bit build of the suite (armhf on arm64) packed as
#            /bin/smack-ipc-suite-compat; the guest runs it as a second section
# The image does not depend on the kernel, so one serves a whole matrix.
# No device nodes are needed: the init mounts devtmpfs before any output.
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"

arch=x86_64 compat=''
while getopts a:c: opt; do
	case $opt in
	a) arch=$OPTARG ;;
	c) compat=$OPTARG ;;
	*) die "usage: $0 [-a ARCH] [-c COMPAT_BINARY] SUITE_BINARY OUT.cpio [INIT_SCRIPT]" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || die "usage: $0 [-a ARCH] [-c COMPAT_BINARY] SUITE_BINARY OUT.cpio [INIT_SCRIPT]"
suite=$1 out=$2 init=${3:-$VM_DIR/guest-init.sh}
apt_need busybox-static cpio file
case $arch in
x86_64) busybox=/bin/busybox machine=x86-64 ;;
arm64)
	# Debian's busybox-static:arm64 of this machine's release, unpacked, not installed.
	apt_fetch busybox-static "$(host_release)" arm64 ||
		die "cannot fetch busybox-static:arm64: $apt_error"
	busybox=$apt_dir/bin/busybox machine='ARM aarch64'
	;;
*) die "unknown arch '$arch' (x86_64 or arm64)" ;;
esac
[ -x "$suite" ] || die "suite binary $suite missing"
[ -r "$init" ] || die "init script $init not readable"
for b in "$suite" "$busybox"; do
	file -L "$b" 2>/dev/null | grep -q 'statically linked' ||
		die "$b is not statically linked (configure with -DSUITE_STATIC=ON)"
	file -L "$b" | grep -q "$machine" || die "$b is not an $arch executable: $(file -L "$b")"
done

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/dev" "$stage/proc" "$stage/sys" "$stage/tmp"
cp "$busybox" "$stage/bin/busybox"
for a in sh mount grep stty reboot cat kill; do ln -s busybox "$stage/bin/$a"; done
cp "$suite" "$stage/bin/smack-ipc-suite"
if [ -n "$compat" ]; then
	file -L "$compat" 2>/dev/null | grep -q 'statically linked' || die "$compat is not statically linked"
	cp "$compat" "$stage/bin/smack-ipc-suite-compat"
	chmod 0755 "$stage/bin/smack-ipc-suite-compat"
fi
cp "$init" "$stage/init"
chmod 0755 "$stage/init" "$stage/bin/smack-ipc-suite"
# -R 0:0: root-owned files in the image without needing root here.
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
