#!/bin/sh
# A Release build with -Werror: optimisation turns on warnings (e.g.
# -Wformat-truncation) that a Debug build never shows.
# Usage: harness/test-release-build.sh BUILD_DIR [CMAKE_ARG...]
#   Configures the project (Release, -Werror, no guest or unit tests, then
#   CMAKE_ARGs, e.g. -DSUITE_STATIC=ON) into BUILD_DIR and builds it there;
#   BUILD_DIR keeps its cache between runs: one per set of CMAKE_ARGs.
# Exit: 0 built, 1 not (the compiler's errors are printed), 2 bad usage.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [CMAKE_ARG...]" >&2; exit 2; }
top=$(cd -- "$(dirname -- "$0")/.." && pwd)
dir=$1
shift
mkdir -p "$dir"
log=$dir/release-build.log
if ! { cmake -S "$top" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DSUITE_WERROR=ON \
	-DSUITE_GUEST_TESTS=OFF -DSUITE_UNIT_TESTS=OFF "$@" &&
	cmake --build "$dir" -j "$(nproc)"; } >"$log" 2>&1; then
	echo "not ok: Release -Werror build of $top failed ($log):"
	if grep -qE 'error:|CMake Error' "$log"; then
		grep -E -B 2 -A 4 'error:|CMake Error' "$log" | head -n 60
	else
		tail -n 40 "$log"
	fi
	exit 1
fi
echo "release build: ok ($dir${*:+, $*})"
