#!/bin/sh
# Measure what the suite costs.
# Usage: vm/benchmark.sh [KERNEL]   cold kernel build (empty cache), cached
#                                   rebuild, boot-to-verdict, cases/s
#        vm/benchmark.sh -r [KERNEL] warm run (the cache as it is): vm/run.sh end
#                                   to end, ms per test point, boot-to-verdict,
#                                   cases/s and time per family
#        vm/benchmark.sh -m         default matrix: cold (empty cache) and warm
#        vm/benchmark.sh -w         default matrix, warm (the kernel cache as it is)
#        vm/benchmark.sh -f [KERNEL] the floor: what fork, a label set, a capability
#                                   drop and a round trip cost in that guest (warm
#                                   kernel), so the per-case profile has a bound
# Cold builds take minutes; nothing here is a test, only numbers.
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"
now_ms() { echo $(($(date +%s%N) / 1000000)); }
secs() { echo "$(($1 / 1000)).$(($1 % 1000 / 100)) s"; }
cold=$(mktemp -d)
trap 'rm -rf "$cold"' EXIT

# families TAP: milliseconds each family's cases took (their elapsed_ms), largest first.
families() {
	awk '/^(ok|not ok) / { fam = "" } /^  family: / { fam = $2; gsub(/"/, "", fam) }
		/^  elapsed_ms: / && fam != "" { ms[fam] += $2; n[fam]++ }
		END { for (f in ms) printf "  %-12s %6d cases %8.1f s\n", f, n[f], ms[f] / 1000 }' "$1" |
		sort -k4 -rn
}

if [ "${1:-}" = -r ]; then
	kernel=${2:-6.1}
	out=$cold/run
	t=$(now_ms)
	"$VM_DIR/run.sh" -k "$kernel" -o "$out" >/dev/null
	run_ms=$(($(now_ms) - t))
	points=$(grep -c '^\(ok\|not ok\) ' "$out/main.tap")
	echo "kernel:                 $kernel ($(sed -n 's/^accel=//p' "$out/kernel.info"), KVM probe $(sed -n 's/^kvm_probe=//p' "$out/kernel.info"))"
	echo "vm/run.sh end to end:   $(secs "$run_ms") warm, $((run_ms / points)) ms per test point ($points points)"
	echo "guest boot-to-verdict:  $(sed -n 's/^#### uptime //p' "$out/main.tap.status") s (guest uptime when the main run ended)"
	echo "QEMU start to exit:     $(sed -n 's/^boot_seconds=//p' "$out/kernel.info") s (all sections)"
	echo "main run in the guest:  $(sed -n 's/^# \([0-9]*\) cases in \([0-9.]*\) s (\([0-9.]*\) cases\/s)$/\1 cases in \2 s = \3 cases\/s/p' "$out/main.tap")"
	# The runner's own profile: its phases, and the two roles' steps within "processes".
	sed -n 's/^# mean us per /per-case profile (mean us per /p' "$out/main.tap" | sed 's/: /): /'
	sed -n 's/^# mean page faults per case (its processes): /page faults per case:   /p' "$out/main.tap"
	echo "time per family (sum of elapsed_ms; cases run $(sed -n 's/.*; jobs: \([0-9]*\)$/\1/p' "$out/main.tap") at once):"
	families "$out/main.tap"
	# Linear in cases: the guest's rate, plus what does not grow with them (boot, sections).
	awk -v up="$(sed -n 's/^#### uptime //p' "$out/main.tap.status")" \
		-v total="$(sed -n 's/^boot_seconds=//p' "$out/kernel.info")" '
		/^# [0-9]+ cases in [0-9.]+ s/ { n = $2; s = $5 }
		END { if (n && s) printf "10,000 cases at this rate: %.0f s in the guest, %.0f s boot to verdict\n",
			10000 * s / n, up - s + 10000 * s / n }' "$out/main.tap"
	exit 0
fi

if [ "${1:-}" = -f ]; then
	kernel=${2:-6.1}
	kdir=$("$VM_DIR/build-kernel.sh" "$kernel")
	initrd=$(build_payload "$cold")
	SMACK_SUITE_APPEND=smackipc.floor "$VM_DIR/run-guest.sh" "$kdir" "$initrd" "$cold/floor" 300 ||
		die "the floor guest failed; see $cold/floor/console.log"
	echo "kernel: $kernel ($(cat "$cold/floor/accel"), $(nproc) host CPUs)"
	tr -d '\r' <"$cold/floor/results.raw"
	grep -q '^floor: a two-role case' "$cold/floor/results.raw"
	exit
fi

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
	warm_ms=$(($(now_ms) - t))
	echo "warm matrix (all kernels cached):  $(secs "$warm_ms")"
	n=$(find "$cold/m2" -name kernel.info | wc -l)
	# matrix.sh runs nproc kernels at once: linear in kernels beyond that.
	[ "$n" -gt 0 ] && echo "20 kernels at this rate:           $(secs $((warm_ms * 20 / n)))"
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
echo "QEMU start to exit:     $(sed -n 's/^boot_seconds=//p' "$out/kernel.info") s (all sections, incl. two 1 s hang selftests)"
echo "vm/run.sh end to end:   $(secs "$run_ms") (suite build, initramfs, KVM probe, guest)"
echo "main run in the guest:  $(sed -n 's/^# \([0-9]*\) cases in \([0-9.]*\) s (\([0-9.]*\) cases\/s)$/\1 cases in \2 s = \3 cases\/s/p' "$out/main.tap")"
