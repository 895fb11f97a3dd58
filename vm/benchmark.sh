#!/bin/sh
# Measure what the suite costs.
# Usage: vm/benchmark.sh [KERNEL]   cold kernel build (empty cache), cached
#                                   rebuild, boot-to-verdict, cases/s
#        vm/benchmark.sh -m         default matrix: cold (empty cache) and warm
#        vm/benchmark.sh -w         default matrix, warm (the kernel cache as it is)
# Cold builds take minutes; nothing here is a test, only numbers.
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"
now_ms() { echo $(($(date +%s%N) / 1000000)); }
secs() { echo "$(($1 / 1000)).$(($1 % 1000 / 100)) s"; }
cold=$(mktemp -d)
trap 'rm -rf "$cold"' EXIT

if [ "${1:-}" = -m ] || [ "${1:-}" = -w ]; then
	cache=$SUITE_CACHE
	if [ "$1" = -m ]; then
		cache=$cold
		t=$(now_ms)
		SMACK_SUITE_CACHE=$cache "$VM_DIR/matrix.sh" -o "$cold/m1" >/dev/null 2>&1 || true
		echo "cold matrix (builds every kernel): $(secs "$(($(now_ms) - t))")"
	fi
	t=$(now_ms)
	SMACK_SUITE_CACHE=$cache "$VM_DIR/matrix.sh" -o "$cold/m2" >/dev/null 2>&1 || true
	echo "warm matrix (all kernels cached):  $(secs "$(($(now_ms) - t))")"
	for k in "$cold/m2"/*/kernel.info; do
		get() { sed -n "s/^$1=//p" "$k"; }
		echo "  $(get name): boot-to-verdict $(get boot_seconds) s ($(get accel)), kernel build" \
			"$(get build_seconds) s, $(sed -n 's/^# [0-9]* cases in [0-9.]* s (\([0-9.]*\) cases\/s)$/\1 cases\/s/p' \
				"$(dirname "$k")/main.tap")"
	done
	exit 0
fi

kernel=${1:-6.1}
t=$(now_ms)
SMACK_SUITE_CACHE=$cold "$VM_DIR/build-kernel.sh" "$kernel" >/dev/null
cold_ms=$(($(now_ms) - t))
t=$(now_ms)
SMACK_SUITE_CACHE=$cold "$VM_DIR/build-kernel.sh" "$kernel" >/dev/null
cached_ms=$(($(now_ms) - t))
out=$cold/run
t=$(now_ms)
SMACK_SUITE_CACHE=$cold "$VM_DIR/run.sh" -k "$kernel" -o "$out" >/dev/null
run_ms=$(($(now_ms) - t))

echo "kernel:                 $kernel ($(sed -n 's/^accel=//p' "$out/kernel.info"))"
echo "cold kernel build:      $(secs "$cold_ms")"
echo "cached kernel rebuild:  $cached_ms ms"
echo "guest boot-to-verdict:  $(sed -n 's/^#### uptime //p' "$out/main.tap.status") s (guest uptime when the main run ended)"
echo "QEMU start to exit:     $(sed -n 's/^boot_seconds=//p' "$out/kernel.info") s (all sections, incl. a 3 s hang selftest)"
echo "vm/run.sh end to end:   $(secs "$run_ms") (suite build, initramfs, KVM probe, guest)"
echo "main run in the guest:  $(sed -n 's/^# \([0-9]*\) cases in \([0-9.]*\) s (\([0-9.]*\) cases\/s)$/\1 cases in \2 s = \3 cases\/s/p' "$out/main.tap")"
