#!/bin/sh
# CTest: the default matrix from scratch to report, as the main job runs it.
#  - every kernel ok, every case ok (the report's exit status);
#  - the main command as written writes an untracked run, no committed file;
#  - the arm64 kernel (foreign arch, the longest job) starts first;
#  - a second run rebuilds no kernel (the cache is untouched);
#  - summary.json and report.md agree with the TAP files case by case;
#  - junit.xml counts match, the diff mode agrees with summary.json;
#  - the arm64 guest (the stand-in board) observes every case as 7.3 does,
#    and the armhf suite there (32-bit compat) every case ok, and as the arm64
#    one but where the 32-bit cmsg layout fills an fd-sized buffer differently;
#  - the HTML page renders in headless Chromium and shows every kernel.
# Usage: vm/test-matrix.sh WORK_DIR
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
top=$(dirname -- "$here")
# shellcheck source=vm/lib.sh
. "$here/lib.sh"
[ $# -eq 1 ] || { echo "usage: $0 WORK_DIR" >&2; exit 2; }
work=$1
rm -rf "$work"
mkdir -p "$work"
snapshot() { find "$SUITE_CACHE/kernels" -maxdepth 2 -printf '%p %s %T@\n' 2>/dev/null | LC_ALL=C sort; }

# The main command as the README gives it (no -o): its run goes to an
# untracked results/runs/ directory and no committed file changes.
committed() { (cd "$top/results" && find reference lts -type f -exec sha256sum {} + | LC_ALL=C sort); }
committed >"$work/committed.before"
check "first matrix run (the main command as written): every kernel and case ok" \
	sh -c "'$here/matrix.sh' >'$work/run1.log' 2>'$work/run1.err'"
cat "$work/run1.err" >&2
check "the foreign-arch kernel (arm64, the longest job) started first" \
	grep -q 'started in this order: 7.3-arm64 6.1 6.12 7.3$' "$work/run1.err"
run1=$(sed -n 's|^report: \(.*\)/report\.md .*|\1|p' "$work/run1.log")
check "it wrote its run under results/runs/ ($run1)" [ "${run1%/matrix-*}" = "$top/results/runs" ]
committed >"$work/committed.after"
check "it changed no committed result file" cmp -s "$work/committed.before" "$work/committed.after"
[ -z "$run1" ] || mv "$run1" "$work/run1"
snapshot >"$work/cache.before"
start=$(date +%s)
check "second matrix run: every kernel and case ok" "$here/matrix.sh" -o "$work/run2"
echo "second run took $(($(date +%s) - start)) s"
snapshot >"$work/cache.after"
check "second run rebuilt no kernel (cache unchanged)" cmp -s "$work/cache.before" "$work/cache.after"
r=$work/run2
kernels=$(jq -r '.kernels[].name' "$r/summary.json" | tr '\n' ' ')
check "report has the default kernels ($kernels)" [ "$kernels" = "6.1 6.12 7.3 7.3-arm64 " ]
check "report agrees with the TAP files" sh "$top/results/report/test-agreement.sh" "$r"
for k in 6.1 6.12 7.3 7.3-arm64; do
	tap=$(grep -c '^ok ' "$r/$k/main.tap")
	junit=$(grep -c "<testcase classname=\"smack-ipc[^\"]*\" name=\"[^\"]*\"" "$r/junit.xml" || true)
	check "junit.xml holds $k's $tap cases" [ "$junit" -ge "$tap" ]
done
# The diff mode agrees with summary.json for each pair of adjacent kernels.
pair_diff() { # A B
	rc=0
	"$top/build-static/smack-ipc-report" diff "$r:$1" "$r:$2" >"$work/diff-$1-$2.txt" || rc=$?
	changed=$(jq --arg a "$1" --arg b "$2" '[.changed[] | select(.observations[$a] != .observations[$b])] | length' "$r/summary.json")
	check "diff $1 vs $2 matches summary.json ($changed changed)" grep -qx "$changed cases differ" "$work/diff-$1-$2.txt"
	check "diff $1 vs $2: exit status says whether anything changed" [ "$rc" -eq "$([ "$changed" -eq 0 ] && echo 0 || echo 1)" ]
}
pair_diff 6.1 6.12
pair_diff 6.12 7.3
# The stand-in board sees exactly what the x86_64 guest of the same kernel sees.
rc=0
"$top/build-static/smack-ipc-report" diff "$r:7.3" "$r:7.3-arm64" >"$work/diff-arm64.txt" || rc=$?
check "7.3-arm64 observes every case as 7.3 does" [ "$rc" -eq 0 ]
# The armhf build on the arm64 guest: the compat syscalls (scm_detach_fds_compat).
c=$r/7.3-arm64
mkdir -p "$work/compat"
cp "$c/compat.tap" "$work/compat/main.tap" 2>/dev/null || true
cplan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$work/compat/main.tap")
cok=$(grep -c '^ok ' "$work/compat/main.tap" || true)
check "7.3-arm64 compat (armhf suite): $cok ok of plan ${cplan:-none}" [ "$cok" = "${cplan:-none}" ]
check "7.3-arm64 compat: the armhf suite exited 0" grep -qx '#### exit 0' "$c/compat.tap.status"
# The 32-bit cmsghdr (12 bytes, 4-byte aligned) fits a different number of
# fds and label bytes into an fd-sized buffer; every other case is the same.
"$top/build-static/smack-ipc-report" diff "$c" "$work/compat" >"$work/diff-compat.txt" || true
other=$(grep ': ' "$work/diff-compat.txt" | grep -vc '_fdsized_buf_' || true)
check "7.3-arm64 compat: armhf observes every case as arm64 does but fd-sized buffers ($other others)" [ "$other" -eq 0 ]
check "HTML report renders with every kernel" sh "$top/results/report/test-screenshot.sh" "$r" "$work/report.png"

checks_done "see $work"
echo "matrix tests: all checks passed; screenshot $work/report.png"
