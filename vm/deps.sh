#!/bin/sh
# Install every Debian package the tests need: the first step of the README's
# test command, so it works on a fresh Debian bookworm machine. Installs only
# what is missing (no network when nothing is). Needs root for that.
# Usage: vm/deps.sh
# Exit: 0 everything installed, 1 apt failed (its error is quoted).
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"
[ $# -eq 0 ] || { echo "usage: $0" >&2; exit 2; }

# Build, unit tests (cmocka) and script checks; the 6.1 and 6.12 guests and
# the x86_64 and arm64 matrix (qemu, busybox, kernel build tools); prove, tappy
# (python3-tap) and python3 for the kernel's kunit parser;
# jq, Chromium and xmllint for the report checks; clang's libFuzzer for the fuzz test;
# pgrep (procps) for the interrupt test; the aarch64/armhf board builds (cross
# gcc and libc, qemu-user); LAVA's dispatcher, which the lava_qemu test runs
# a real job with (about 250 packages).
pkgs='build-essential cmake libcap-dev libkeyutils-dev libcmocka-dev shellcheck perl procps
	qemu-system-x86 qemu-system-arm busybox-static cpio file
	bc flex bison libelf-dev libssl-dev xz-utils
	jq chromium fonts-dejavu-core clang libclang-rt-14-dev libxml2-utils python3 python3-tap
	lava-dispatcher
	gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf libc6-dev-arm64-cross libc6-dev-armhf-cross qemu-user-static'
# No foreign architecture is added: the board builds fetch their target's
# libraries into a sysroot in the cache (vm/lib.sh cross_sysroot).
# shellcheck disable=SC2086 # a list of package names
apt_install $pkgs || die "cannot install the test dependencies: $apt_error"
# The guests' kernel sources: installed, or fetched from the release's security
# suite where the machine's sources lack it (bookworm's 6.12 on a minimal install).
for p in linux-source-6.1 linux-source-6.12; do
	debian_source "$p" || die "cannot get the kernel source $p: $apt_error"
done
note "every test dependency is installed"
