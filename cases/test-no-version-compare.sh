#!/bin/sh
# cases/ compares no kernel versions: expectations move only through gates
# (cases/gates.c, data) and the engine (harness/expect.c). Fails naming each
# line that packs a version or compares one.
set -eu
cd "$(dirname "$0")"
bad=0
for f in *.c *.h; do
	case $f in test_*|gates.c) continue ;; esac
	if grep -nE 'KV\(|\.since|->since|KV_SERIES|kver *([<>]=?|[!=]=)|(^|[^-])([<>]=?|[!=]=) *([a-z]+(->|\.))?kver' "$f" >"${TMPDIR:-/tmp}/nvc.$$"; then
		sed "s|^|cases/$f:|" "${TMPDIR:-/tmp}/nvc.$$" >&2
		bad=1
	fi
done
rm -f "${TMPDIR:-/tmp}/nvc.$$"
if [ "$bad" = 1 ]; then
	echo "cases/ must not compare kernel versions: put the change in cases/gates.c and a gate on the row" >&2
	exit 1
fi
echo "cases/: no kernel version compared outside the gate engine"
