#!/bin/sh
# A missing cmocka is a configure error that says what to install, unless
# SUITE_UNIT_TESTS is OFF: configure results/report alone, in a wrapper
# project that hides the system's directories from find_library.
# Usage: results/report/test-cmake.sh CMAKE WORKDIR
set -eu
cmake=$1 work=$2
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work/src"
cat >"$work/src/CMakeLists.txt" <<EOT
cmake_minimum_required(VERSION 3.18)
project(report_alone C)
enable_testing()
# After project(), which found the compiler: cmocka is not found wherever it is.
set(CMAKE_FIND_USE_CMAKE_SYSTEM_PATH OFF)
set(CMAKE_FIND_USE_SYSTEM_ENVIRONMENT_PATH OFF)
add_subdirectory("$here" report)
EOT
failures=0
check() {
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}
# configure BUILD_DIR [OPTION...]; the exit status in rc.
configure() {
	b=$1
	shift
	rc=0
	"$cmake" -S "$work/src" -B "$work/$b" "$@" >"$work/$b.log" 2>&1 || rc=$?
}

what="without cmocka, configure fails"
configure b1
check [ "$rc" -ne 0 ]
what="... saying which package to install"
check grep -q 'libcmocka-dev' "$work/b1.log"
what="... and how to do without"
check grep -q 'SUITE_UNIT_TESTS=OFF' "$work/b1.log"

what="without cmocka and with SUITE_UNIT_TESTS=OFF, configure passes"
configure b2 -DSUITE_UNIT_TESTS=OFF
check [ "$rc" -eq 0 ]
what="... and generates the build"
check [ -f "$work/b2/report/CTestTestfile.cmake" ]
what="... and adds no unit test"
check [ "$(grep -c 'add_test(unit_report' "$work/b2/report/CTestTestfile.cmake")" -eq 0 ]

[ "$failures" -eq 0 ] || { tail -n 20 "$work/b1.log" "$work/b2.log"; exit 1; }
echo "cmocka: required unless SUITE_UNIT_TESTS=OFF"
