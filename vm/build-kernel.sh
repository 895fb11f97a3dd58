#!/bin/sh
# Build a SMACK guest kernel, cached outside the clone.
# Usage: vm/build-kernel.sh [-a ARCH] [-c CC] [-m MAKE_ARG]... SOURCE
#   SOURCE: VERSION (Debian's linux-source-VERSION), debian:PACKAGE (installed),
#           debian:PACKAGE@SUITE (downloaded from that Debian suite, not installed),
#           tarball:PATH_OR_URL, tree:DIR (built out of tree), prebuilt:DIR
#   -a ARCH      x86_64 (default; bzImage) or arm64 (cross-built Image for
#                QEMU's virt machine, adds configs/arm64.config)
#   -c CC        compiler for kernel and host tools (e.g. gcc-11, installed if missing)
#   -m MAKE_ARG  extra make argument, e.g. HOSTCFLAGS=-fcommon (repeatable)
# Prints the directory holding the image (bzImage or Image) and config. The
# cache key covers the source identity, the fragments, arch, compiler, make
# arguments and this script's layout, so an unchanged build is never repeated.
# Exit: 0 built or cached, 1 build failed, 3 source missing, 2 usage.
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"

usage() { printf 'usage: %s [-a ARCH] [-c CC] [-m MAKE_ARG]... SOURCE\n' "$0" >&2; exit 2; }
missing() { printf '%s: source missing: %s\n' "${0##*/}" "$*" >&2; exit 3; }
arch=x86_64 cc='' margs=''
while getopts a:c:m: opt; do
	case $opt in
	a) arch=$OPTARG ;;
	c) cc=$OPTARG ;;
	m) margs="$margs $OPTARG" ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
source=$1
case $source in
*:*) ;;
[0-9]*.[0-9]*) source=debian:linux-source-$source ;;
*) die "bad kernel source '$source' (VERSION, debian:PKG, tarball:PATH|URL, tree:DIR, prebuilt:DIR)" ;;
esac
kind=${source%%:*} where=${source#*:}
fragment=$VM_DIR/configs/smack.config
# x86_64 keeps its historic cache key (no arch in it); other arches add theirs.
case $arch in
x86_64) image=bzImage karch=x86_64 archkey='' frags="$fragment $VM_DIR/configs/x86_64.config"
	console="CONFIG_SERIAL_8250_CONSOLE=y CONFIG_VIRTIO_PCI=y CONFIG_VIRTIO_CONSOLE=y" ;;
arm64) image=Image karch=arm64 archkey=" arch=arm64" frags="$fragment $VM_DIR/configs/arm64.config"
	console="CONFIG_SERIAL_AMBA_PL011_CONSOLE=y CONFIG_VIRTIO_MMIO=y CONFIG_VIRTIO_CONSOLE=y CONFIG_COMPAT=y" ;;
*) die "unknown arch '$arch' (x86_64 or arm64)" ;;
esac
for f in $frags; do [ -r "$f" ] || die "config fragment $f not readable"; done

check_config() { # CONFIG_FILE: a guest without these cannot run the suite
	for opt in CONFIG_SECURITY_SMACK=y CONFIG_MULTIUSER=y CONFIG_UNIX=y CONFIG_TMPFS_XATTR=y \
		CONFIG_BLK_DEV_INITRD=y $console; do
		grep -qx "$opt" "$1" || die "kernel config $1 lacks $opt (SMACK guest needs it)"
	done
}

# Identify the source without building it.
case $kind in
debian)
	case $where in
	linux-source-[0-9]*@[a-z]*)
		# Another suite's package (debian:linux-source-7.3@trixie-backports):
		# downloaded and unpacked into the cache, never installed.
		pkg=${where%@*} suite=${where#*@}
		expr "$suite" : '[a-z][a-z0-9-]*$' >/dev/null || die "bad Debian suite '$suite' in '$source'"
		apt_fetch "$pkg" "$suite" || missing "Debian package $pkg from $suite cannot be downloaded: $apt_error"
		dir=$apt_dir
		tarball=$dir/usr/src/$pkg.tar.xz
		[ -r "$tarball" ] || missing "$tarball (in $pkg from $suite)"
		ident="debian $pkg ${dir##*_} @$suite"
		where=$pkg
		;;
	linux-source-[0-9]*)
		debian_source "$where" || missing "Debian package $where cannot be installed: $apt_error"
		tarball=$ds_tarball ident=$ds_ident
		[ -r "$tarball" ] || missing "$tarball (although $where is there)"
		;;
	*) die "bad Debian source package '$where' (linux-source-X.Y, or linux-source-X.Y@SUITE)" ;;
	esac
	;;
tarball)
	case $where in
	http://* | https://*)
		tarball=$SUITE_CACHE/downloads/${where##*/}
		if [ ! -s "$tarball" ]; then
			mkdir -p "$SUITE_CACHE/downloads"
			apt_install curl || missing "curl is not installed, so $where cannot be downloaded"
			note "downloading $where"
			curl -fsSL --retry 2 -o "$tarball.part" "$where" 2>/dev/null ||
				{ rm -f "$tarball.part"; missing "cannot download $where (no network access?)"; }
			mv "$tarball.part" "$tarball"
		fi
		;;
	*) tarball=$where ;;
	esac
	[ -r "$tarball" ] || missing "tarball $tarball not found"
	ident="tarball $(sha256sum <"$tarball" | cut -c1-64)"
	;;
tree)
	[ -f "$where/Makefile" ] || missing "no kernel tree at $where (no Makefile)"
	where=$(CDPATH='' cd -- "$where" && pwd)
	# Content identity: any edit to a file in the tree makes a new key.
	ident="tree $where $(cd "$where" && find . -path ./.git -prune -o -type f -printf '%P %s %T@\n' |
		LC_ALL=C sort | sha256sum | cut -c1-64)"
	;;
prebuilt)
	[ -f "$where/$image" ] || missing "no $image in $where"
	[ -f "$where/config" ] || die "prebuilt kernel $where has no config beside its $image"
	check_config "$where/config"
	CDPATH='' cd -- "$where" && pwd
	exit 0
	;;
*) die "unknown source kind '$kind' in '$source'" ;;
esac

[ -z "$cc" ] || apt_need "$cc"
apt_need build-essential bc flex bison libelf-dev libssl-dev xz-utils
cross=''
if [ "$arch" = arm64 ]; then
	[ -z "$cc" ] || die "-c (cc=) is for x86_64 kernels; arm64 uses aarch64-linux-gnu-gcc"
	apt_need gcc-aarch64-linux-gnu
	cross=aarch64-linux-gnu-
fi
layout=3 # bump when the cached files change
# shellcheck disable=SC2086 # $frags is a list of paths without spaces
key=$( { echo "$ident cc=$cc make=$margs layout $layout$archkey"; cat $frags; } | sha256sum | cut -c1-16)
name=$(echo "$where" | sed 's|.*/||; s|\.tar\..*||; s|[^A-Za-z0-9._-]|_|g')${archkey:+-$arch}
out=$SUITE_CACHE/kernels/$name-$key
if [ -f "$out/$image" ] && [ -f "$out/config" ]; then
	note "cached: $out"
	echo "$out"
	exit 0
fi

work=$SUITE_CACHE/build/$name-$key
rm -rf "$work"
mkdir -p "$work/obj"
log=$work/build.log
note "building $ident (log: $log)"
start=$(date +%s)
if [ "$kind" = tree ]; then
	src=$where
else
	mkdir -p "$work/src"
	tar -xf "$tarball" -C "$work/src" --strip-components=1 || die "cannot unpack $tarball"
	src=$work/src
fi
# shellcheck disable=SC2086 # $margs holds separate make arguments on purpose
set -- -C "$src" O="$work/obj" ARCH=$karch ${cross:+CROSS_COMPILE=$cross} ${cc:+CC=$cc HOSTCC=$cc} $margs
# shellcheck disable=SC2086 # $frags: fragment paths, one word each
{
	make "$@" tinyconfig &&
		"$src/scripts/kconfig/merge_config.sh" -m -O "$work/obj" "$work/obj/.config" $frags &&
		make "$@" olddefconfig
} >"$log" 2>&1 || die "configuring failed; last lines of $log:
$(tail -n 15 "$log")"
check_config "$work/obj/.config"
# A cold build takes minutes: say every 30 s how far it is, so it is not silent.
(while sleep 30; do
	note "still building $name: $(($(date +%s) - start)) s, $(grep -c '^  CC ' "$log") files compiled"
done) &
ticker=$!
trap 'kill "$ticker" 2>/dev/null || true' EXIT
make "$@" -j"$(nproc)" "$image" >>"$log" 2>&1 ||
	die "building failed; last lines of $log:
$(grep -m5 -E 'error|Error' "$log"; tail -n 10 "$log")"
kill "$ticker" 2>/dev/null || true

# Publish atomically: a half-copied kernel must never look cached.
mkdir -p "$SUITE_CACHE/kernels"
tmp=$(mktemp -d "$SUITE_CACHE/kernels/.tmp.XXXXXX")
cp "$work/obj/arch/${karch%_64}/boot/$image" "$tmp/$image"
cp "$work/obj/.config" "$tmp/config"
{
	echo "source=$source"
	echo "ident=$ident"
	echo "arch=$arch"
	echo "cc=${cc:-$("${cross}gcc" -dumpfullversion 2>/dev/null || echo default)}"
	echo "make_args=$margs"
	echo "build_seconds=$(($(date +%s) - start))"
	grep -m1 '^# Linux/' "$work/obj/.config" | sed 's/^# /kernel=/; s/ Kernel Configuration$//'
} >"$tmp/build-info"
cp "$log" "$tmp/build.log"
rm -rf "$out"
mv "$tmp" "$out"
rm -rf "$work"
note "built: $out"
echo "$out"
