#!/bin/sh
# Cross-build the static suite for boards: aarch64 and 32-bit ARM (armhf)
# with Debian's cross compilers and multiarch libcap/libkeyutils (installed
# if missing). Checks each binary is a static ARM executable and runs the
# runner's CLI contract (harness/test_cli.sh) on it under qemu-user.
# Usage: vm/cross-build.sh [-o DIR] [ARCH...]   ARCH: aarch64, armhf (default: both)
# Output: build-ARCH/smack-ipc-suite in the source tree; its build and
# CLI-contract logs in DIR/build-ARCH (DIR: the source tree by default).
# Exit: 0 built and smoke-tested, 1 not, 2 bad usage.
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"
top=$(dirname -- "$VM_DIR")

out=$top
while getopts o: opt; do
	case $opt in
	o) out=$OPTARG ;;
	*) echo "usage: $0 [-o DIR] [aarch64|armhf]..." >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- aarch64 armhf
apt_need qemu-user-static file
for arch in "$@"; do
	case $arch in
	aarch64) machine='ARM aarch64' qemu=qemu-aarch64-static ;;
	armhf) machine='ARM, EABI5' qemu=qemu-arm-static ;;
	*) die "unknown arch '$arch' (aarch64 or armhf)" ;;
	esac
	mkdir -p "$out/build-$arch"
	bin=$(static_suite "$arch" "$out/build-$arch/cross-build.log") || exit 1
	desc=$(file -L "$bin")
	case $desc in *"$machine"*"statically linked"*) ;; *) die "$bin is not a static $arch executable: $desc" ;; esac
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$qemu" "$bin" >"$bin-qemu"
	chmod +x "$bin-qemu"
	(cd "$out/build-$arch" && sh "$top/harness/test_cli.sh" "$bin-qemu" >cli-contract.log 2>&1) ||
		die "$arch: CLI contract failed under $qemu: $(tail -n 1 "$out/build-$arch/cli-contract.log")"
	echo "$arch: $bin (static, $(du -k "$bin" | cut -f1) KiB; $("$qemu" "$bin" list | wc -l) cases; CLI contract ok under $qemu)"
done
