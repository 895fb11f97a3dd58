#!/bin/sh
# Fuzz the TAP/YAML reader and every writer with libFuzzer (fuzz_report.c):
# build the target with clang into WORKDIR, copy the seed corpus
# (fixtures/report/fuzz-corpus, and faults/) to WORKDIR/corpus, run for
# SECONDS. Nothing is written into the source tree.
# Usage: results/report/fuzz.sh [SECONDS] [WORKDIR]   (defaults: 60, a new temp dir)
# Exit: 0 no finding; 1 a finding (kept in WORKDIR/findings), or no clang; 2 usage.
set -eu
secs=${1:-60}
case $secs in '' | *[!0-9]*) echo "usage: $0 [SECONDS] [WORKDIR]" >&2; exit 2 ;; esac
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
top=$(CDPATH='' cd -- "$here/../.." && pwd)
work=${2:-$(mktemp -d "${TMPDIR:-/tmp}/fuzz-report.XXXXXX")}

# Debian's clang and its libFuzzer runtime (libclang-rt-14-dev); never a silent pass.
cc=${CLANG:-$(command -v clang || command -v clang-14 || true)}
if [ -z "$cc" ]; then
	echo "FAIL: clang not found: the fuzz test needs it (apt-get install clang libclang-rt-14-dev)"
	exit 1
fi
mkdir -p "$work"
work=$(CDPATH='' cd -- "$work" && pwd)
src=$(find "$here" -maxdepth 1 -name '*.c' ! -name 'main.c' ! -name 'test_*.c' | sort)
# shellcheck disable=SC2086 # a list of source files without spaces
if ! "$cc" -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I"$here" $src -o "$work/fuzz_report" 2>"$work/build.log"; then
	cat "$work/build.log"
	echo "FAIL: cannot build the fuzz target with $cc (libFuzzer: apt-get install libclang-rt-14-dev)"
	exit 1
fi

# A scratch copy: libFuzzer adds what it finds to the corpus directory. The
# fault inputs of the unit tests are seeds too.
rm -rf "$work/corpus" "$work/findings"
mkdir -p "$work/corpus" "$work/findings"
cp "$top/fixtures/report/fuzz-corpus/"* "$top/fixtures/report/faults/"*.tap "$work/corpus/"
echo "fuzz_report: $secs s with $(find "$work/corpus" -type f | wc -l) seeds in $work"
rc=0
"$work/fuzz_report" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	-dict="$top/fixtures/report/fuzz.dict" -print_final_stats=1 \
	-artifact_prefix="$work/findings/" "$work/corpus" >"$work/fuzz.log" 2>&1 || rc=$?
findings=$(find "$work/findings" -type f)
if [ "$rc" -ne 0 ] || [ -n "$findings" ]; then
	tail -n 60 "$work/fuzz.log"
	echo "FAIL: libFuzzer exit $rc; findings in $work/findings: $findings"
	echo "reproduce: $work/fuzz_report $work/findings/FILE"
	exit 1
fi
# The last status line (executions, coverage, corpus) and the totals.
grep -E '^#[0-9]+' "$work/fuzz.log" | tail -n 1
grep '^stat::' "$work/fuzz.log"
echo "fuzz_report: no finding (log: $work/fuzz.log)"
