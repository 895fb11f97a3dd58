#!/bin/sh
# CTest: the Yocto recipe and the Buildroot package as far as this machine can
# check them: their version is the project's, the CMake options they pass
# exist, a build with exactly those options installs the suite, and the
# recipe's run-ptest, run on this host (no SMACK: one skip), prints what
# Yocto's ptest log parser reads (^PASS:, ^FAIL:([^(]+), ^SKIP:).
# Usage: vm/test-packaging.sh WORK_DIR
set -eu
here=$(dirname -- "$0")
# shellcheck source=vm/lib.sh
. "$here/lib.sh"
[ $# -eq 1 ] || { echo "usage: $0 WORK_DIR" >&2; exit 2; }
work=$1 top=$here/..
rm -rf "$work"
mkdir -p "$work"

version=$(sed -n 's/^project(smack_ipc_suite VERSION \([0-9.]*\).*/\1/p' "$top/CMakeLists.txt")
check "recipe named for version $version" [ -f "$here/yocto/smack-ipc-suite_$version.bb" ]
check "buildroot package at version $version" \
	grep -qx "SMACK_IPC_SUITE_VERSION = $version" "$here/buildroot/smack-ipc-suite/smack-ipc-suite.mk"
opts=$(sed -n 's/^EXTRA_OECMAKE = "\(.*\)"$/\1/p' "$here/yocto/smack-ipc-suite_$version.bb")
for o in $opts $(sed -n 's/^SMACK_IPC_SUITE_CONF_OPTS +*= //p' "$here/buildroot/smack-ipc-suite/smack-ipc-suite.mk"); do
	name=${o#-D}
	name=${name%%=*}
	check "option $name exists in CMakeLists.txt" grep -q "option($name " "$top/CMakeLists.txt"
done

# shellcheck disable=SC2086 # $opts: separate -D options, as the recipe passes them
recipe_build() {
	cmake -S "$top" -B "$work/build" $opts >"$work/cmake.log" &&
		cmake --build "$work/build" -j2 >>"$work/cmake.log" &&
		DESTDIR="$work/image" cmake --install "$work/build" --prefix /usr >>"$work/cmake.log"
}
check "a build with the recipe's options" recipe_build
check "it installs the suite" [ -x "$work/image/usr/bin/smack-ipc-suite" ]
check "it installs the one-line runner" [ -x "$work/image/usr/bin/smack-ipc-run" ]

# run-ptest's output as Yocto's ptest runner and log parser read it (lib.sh).
if ! grep -qw smackfs /proc/filesystems; then
	run_ptest() { PATH=$work/image/usr/bin:$PATH "$here/yocto/files/run-ptest" >"$work/ptest.out" 2>"$work/ptest.err"; }
	check "run-ptest without SMACK exits 0" run_ptest
	p=$work/ptest.out
	check "ptest without SMACK: 1 SKIP, no PASS, no FAIL" \
		[ "$(ptest_count "$p" SKIP)/$(ptest_count "$p" PASS)/$(ptest_count "$p" FAIL)" = 1/0/0 ]
fi
checks_done "see $work"
echo "packaging tests: all checks passed"
