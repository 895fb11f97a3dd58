#!/bin/sh
# CTest: the matrix survives every kind of kernel failure, each becomes the
# right report row with the partial TAP kept, and the run exits non-zero.
# Uses small fakes (fixtures/faults/) and the cached 6.1 kernel.
# Usage: vm/test-faults.sh WORK_DIR
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
# shellcheck source=vm/lib.sh
. "$here/lib.sh"
fx=$(dirname -- "$here")/fixtures/faults
[ $# -eq 1 ] || { echo "usage: $0 WORK_DIR" >&2; exit 2; }
work=$1
rm -rf "$work"
mkdir -p "$work"
field() { jq -r --arg k "$2" ".kernels[] | select(.name == \$k) | .$3" "$1/summary.json"; }

k61=$("$here/build-kernel.sh" 6.1)

# matrix NAME INIT LIMIT CONF_LINES: run a matrix, record its exit status.
matrix() {
	printf '%s\n' "$4" >"$work/$1.conf"
	rc=0
	SMACK_SUITE_INIT=$2 "$here/matrix.sh" -c "$work/$1.conf" -o "$work/$1" -t "$3" \
		>"$work/$1.log" 2>&1 || rc=$?
	echo "$rc" >"$work/$1.rc"
}

# One run: build failure, missing source, unbootable image, and a kernel
# whose KVM probe hangs (fake QEMU) but which then runs under TCG.
SMACK_SUITE_QEMU=$fx/qemu-kvm-hangs.sh SMACK_SUITE_KVM=force SMACK_SUITE_KVM_PROBE_S=3 \
	matrix mixed "$here/guest-init.sh" 600 "broken tree:$fx/broken-tree -
missing tarball:/nonexistent/linux-9.9.tar.xz -
nonet tarball:https://cdn.kernel.org/pub/linux/kernel/v9.x/linux-9.9.tar.xz -
garbage prebuilt:$fx/garbage-kernel -
kvmfail prebuilt:$k61 -"
r=$work/mixed
check "mixed: matrix exits 1" [ "$(cat "$r.rc")" = 1 ]
check "mixed: build failure row" [ "$(field "$r" broken status)" = build_failed ]
check "mixed: build failure names the error" grep -q 'always fails to build' "$r/broken/kernel.info"
check "mixed: missing source row" [ "$(field "$r" missing status)" = source_missing ]
check "mixed: missing source says which" grep -q 'linux-9.9.tar.xz not found' "$r/missing/kernel.info"
check "mixed: a tarball URL that cannot be fetched is a missing source" [ "$(field "$r" nonet status)" = source_missing ]
check "mixed: ... saying it could not download" grep -q 'cannot download' "$r/nonet/kernel.info"
check "mixed: unbootable image row" [ "$(field "$r" garbage status)" = no_boot ]
check "mixed: unbootable image detail is QEMU's refusal" grep -q '^detail=qemu: ' "$r/garbage/kernel.info"
check "mixed: KVM probe failure recorded" [ "$(field "$r" kvmfail kvm_probe)" = failed ]
check "mixed: ... and the kernel ran under TCG" [ "$(field "$r" kvmfail accel)" = tcg ]
check "mixed: ... with every case ok" [ "$(field "$r" kvmfail status)" = ok ]
check "mixed: report shows all five kernels" [ "$(jq '.kernels | length' "$r/summary.json")" = 5 ]
check "mixed: junit has a kernel_status error for the build failure" \
	grep -q 'build_failed' "$r/junit.xml"

matrix panic "$fx/init-panic.sh" 120 "panicky prebuilt:$k61 -"
r=$work/panic
check "panic: matrix exits 1" [ "$(cat "$r.rc")" = 1 ]
check "panic: row says panic" [ "$(field "$r" panicky status)" = panic ]
check "panic: partial TAP kept (2 results)" [ "$(grep -c '^ok ' "$r/panicky/main.tap")" = 2 ]
check "panic: console log kept" grep -q 'Kernel panic' "$r/panicky/console.log"

matrix hang "$fx/init-hang.sh" 10 "stuck prebuilt:$k61 -"
r=$work/hang
check "hang: matrix exits 1" [ "$(cat "$r.rc")" = 1 ]
check "hang: row says hang" [ "$(field "$r" stuck status)" = hang ]
check "hang: partial TAP kept (1 result)" [ "$(grep -c '^ok ' "$r/stuck/main.tap")" = 1 ]

matrix truncated "$fx/init-truncated.sh" 120 "cut prebuilt:$k61 -"
r=$work/truncated
check "truncated: matrix exits 1" [ "$(cat "$r.rc")" = 1 ]
check "truncated: row says truncated" [ "$(field "$r" cut status)" = truncated ]
check "truncated: cases after the cut are missing in the report" \
	[ "$(jq '.kernels[0].missing' "$r/summary.json")" -ge 3 ]

check "bad list: malformed line is refused with exit 2" sh -c \
	"printf 'x\n' >'$work/bad.conf'; '$here/matrix.sh' -c '$work/bad.conf' -o '$work/bad' 2>'$work/bad.err'; [ \$? -eq 2 ] && grep -q 'line 1' '$work/bad.err'"

checks_done "see $work"
echo "fault tests: all checks passed"
