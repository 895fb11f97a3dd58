#!/bin/sh
# Build a SMACK guest kernel from Debian's linux-source-VERSION package.
# Usage: vm/build-kernel.sh [VERSION] ; prints the cache directory holding
# bzImage, config and gen_init_cpio (to pack initramfs without root). The
# cache key covers the source package version, the fragment and this
# script's layout, so an unchanged triple is never rebuilt.
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"

version=${1:-6.1}
case $version in
*[!0-9.]* | '') die "bad kernel version '$version' (expected e.g. 6.1)" ;;
esac
pkg=linux-source-$version
fragment=$VM_DIR/configs/smack.config
[ -r "$fragment" ] || die "config fragment $fragment not readable"

apt_need "$pkg" build-essential bc flex bison libelf-dev libssl-dev xz-utils
tarball=/usr/src/$pkg.tar.xz
[ -r "$tarball" ] || die "kernel source $tarball missing although $pkg is installed"

pkgver=$(dpkg-query -W -f='${Version}' "$pkg")
layout=2 # bump when the cached files change
key=$( { echo "$pkg $pkgver layout $layout"; cat "$fragment"; } | sha256sum | cut -c1-16)
out=$SUITE_CACHE/kernels/$version-$key
if [ -f "$out/bzImage" ] && [ -f "$out/config" ] && [ -x "$out/gen_init_cpio" ]; then
	note "cached: $out"
	echo "$out"
	exit 0
fi

work=$SUITE_CACHE/build/$version-$key
rm -rf "$work"
mkdir -p "$work"
note "building $pkg $pkgver in $work (log: $work/build.log)"
start=$(date +%s)
tar -xf "$tarball" -C "$work"
src=$work/$pkg
log=$work/build.log
{
	make -C "$src" ARCH=x86_64 tinyconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$src" "$src/.config" "$fragment"
	make -C "$src" ARCH=x86_64 olddefconfig
} >"$log" 2>&1 || die "configuring $pkg failed; see $log"
for opt in CONFIG_SECURITY_SMACK=y CONFIG_MULTIUSER=y CONFIG_UNIX=y CONFIG_TMPFS_XATTR=y; do
	grep -qx "$opt" "$src/.config" || die "built .config lacks $opt; see $src/.config"
done
make -C "$src" ARCH=x86_64 -j"$(nproc)" bzImage >>"$log" 2>&1 ||
	die "building $pkg failed; last lines of $log:
$(tail -n 20 "$log")"

# Publish atomically: a half-copied kernel must never look cached.
mkdir -p "$SUITE_CACHE/kernels"
tmp=$(mktemp -d "$SUITE_CACHE/kernels/.tmp.XXXXXX")
cp "$src/arch/x86/boot/bzImage" "$tmp/bzImage"
cp "$src/.config" "$tmp/config"
# A standalone host tool: packs the initramfs (device nodes too) without root.
cc -O2 -o "$tmp/gen_init_cpio" "$src/usr/gen_init_cpio.c"
echo "$pkg $pkgver built in $(($(date +%s) - start)) s" >"$tmp/build-info"
rm -rf "$out"
mv "$tmp" "$out"
rm -rf "$work"
note "built: $out"
echo "$out"
