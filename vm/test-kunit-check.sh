#!/bin/sh
# CTest: vm/kunit-check.py, which the guest test runs on real KTAP, passes the
# suite's layout (diagnostics before each result, the first naming its test)
# and fails the old TAP habit (diagnostics after the result line), with the
# kunit parser of linux-source-6.1 and 6.12.
# Usage: vm/test-kunit-check.sh
set -eu
here=$(dirname -- "$0")
# shellcheck source=vm/lib.sh
. "$here/lib.sh"
fx=$here/../fixtures/ktap
kcheck() { /usr/bin/python3 "$here/kunit-check.py" "$1" "$2" >/dev/null; }
kfails() { ! kcheck "$1" "$2"; }
for v in 6.1 6.12; do
	kunit=$(kunit_dir "$v")
	check "$v: the suite's KTAP layout passes" kcheck "$kunit" "$fx/good.ktap"
	check "$v: diagnostics after the result line are caught" kfails "$kunit" "$fx/yaml-after.ktap"
done
checks_done "see above"
echo "kunit check tests: all checks passed"
