#!/bin/sh
# CTest: every committed TAP run (results/*/*/main.tap, compat.tap) is read as
# it is by Debian's prove and by tap.py (python3-tap), and each committed
# KTAP run (ktap.txt) by the kernel's kunit parser (vm/kunit-check.py).
# Usage: vm/test-committed-tap.sh
set -eu
here=$(dirname -- "$0")
# shellcheck source=vm/lib.sh
. "$here/lib.sh"
by_prove() { prove -e cat "$1" >/dev/null; }
by_tap_py() { tap_py "$1" >/dev/null 2>&1; }
by_kunit() { /usr/bin/python3 "$here/kunit-check.py" "$kunit" "$1" >/dev/null; }
n=0
for f in "$here"/../results/*/*/main.tap "$here"/../results/*/*/compat.tap; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	check "${f#"$here"/../}: prove" by_prove "$f"
	check "${f#"$here"/../}: tap.py" by_tap_py "$f"
done
check "$n committed TAP files found" [ "$n" -gt 0 ]
kunit=$(kunit_dir 6.1)
for f in "$here"/../results/*/*/ktap.txt; do
	[ -f "$f" ] && check "${f#"$here"/../}: kunit parser" by_kunit "$f"
done
checks_done "see above"
echo "committed TAP tests: all checks passed"
