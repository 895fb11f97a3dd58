#!/bin/sh
# Measure what the suite costs: cold kernel build (empty cache), cached
# rebuild, guest boot-to-verdict and cases per second inside the guest.
# Usage: vm/benchmark.sh [KERNEL_VERSION]   (the cold build takes minutes)
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"
kernel=${1:-6.1}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

cold=$(mktemp -d)
trap 'rm -rf "$cold"' EXIT
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
rate=$(sed -n 's/^# \([0-9]*\) cases in \([0-9.]*\) s (\([0-9.]*\) cases\/s)$/\1 cases in \2 s = \3 cases\/s/p' "$out/main.tap")

echo "kernel:                 $kernel ($(cat "$out/accel"))"
echo "cold kernel build:      $((cold_ms / 1000)).$((cold_ms % 1000 / 100)) s"
echo "cached kernel rebuild:  $cached_ms ms"
echo "guest boot-to-verdict:  $(sed -n 's/^#### uptime //p' "$out/main.tap.status") s (guest uptime when the main run ended)"
echo "QEMU start to exit:     $(cat "$out/boot-to-verdict-seconds") s (all sections, incl. a 3 s hang selftest)"
echo "vm/run.sh end to end:   $((run_ms / 1000)).$((run_ms % 1000 / 100)) s (suite build, initramfs, KVM probe, guest)"
echo "main run in the guest:  $rate"
