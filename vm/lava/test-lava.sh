#!/bin/sh
# CTest lava_qemu: run the suite in LAVA for real and check LAVA's results.
# Builds the LAVA ramdisk (vm/lava/make-ramdisk.sh), writes a qemu device
# dictionary and a dispatcher config, and runs the job vm/lava/qemu-ARCH.yaml
# with lava-run: file:// artefacts, in a network namespace (offline), TCG.
# Then requires that the job completed, that LAVA recorded exactly the cases
# tap-to-lava.sh makes of the suite's TAP (cut from the console log), and
# that LAVA's pass/fail/skip counts equal the TAP's. Every case runs (about
# a minute under TCG), as on a board: passes, skips (onlycap_*: no
# --change-global) and one failure (--selftest-crash adds a crashing case).
# Usage: vm/lava/test-lava.sh [-a ARCH] OUT_DIR   (ARCH: x86_64, arm64)
# Environment: SMACK_LAVA_KERNEL (default 6.1), SMACK_LAVA_CASES (case globs,
#   default every case; the crashing case is always added),
#   SMACK_LAVA_TIMEOUT_S (lava-run, default 900).
set -eu
lava=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
# shellcheck source=vm/lib.sh
. "$lava/../lib.sh"
VM_DIR=${lava%/lava}
arch=x86_64
while getopts a: opt; do
	case $opt in
	a) arch=$OPTARG ;;
	*) die "usage: $0 [-a ARCH] OUT_DIR" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || die "usage: $0 [-a ARCH] OUT_DIR"
case $arch in
x86_64) image=bzImage qemu=qemu-system-x86_64 pkg=qemu-system-x86 machine='' ;;
arm64) image=Image qemu=qemu-system-aarch64 pkg=qemu-system-arm machine='- -machine virt
          - -cpu cortex-a57' ;;
*) die "unknown arch '$arch' (x86_64, arm64)" ;;
esac
cases=${SMACK_LAVA_CASES:+$SMACK_LAVA_CASES selftest_crash_*}
apt_need lava-dispatcher "$pkg"
rm -rf "$1"
mkdir -p "$1"
out=$(CDPATH='' cd -- "$1" && pwd)
start=$(date +%s)

kdir=$("$VM_DIR/build-kernel.sh" -a "$arch" "${SMACK_LAVA_KERNEL:-6.1}")
ramdisk=$(sh "$lava/make-ramdisk.sh" -a "$arch" "$out")

# A hand-written qemu device dictionary (what lava-server would render from
# qemu.jinja2): TCG only, the console on stdio, no network device.
cat >"$out/device.yaml" <<DEV
device_type: qemu
available_architectures: [$arch]
constants:
  posix: {lava_test_sh_cmd: /bin/sh, lava_test_results_dir: /lava-%s, lava_test_shell_file: ~/.bashrc}
  shutdown-message: The system is going down for reboot NOW
  kernel-start-message: Linux version [0-9]
  default-shell-prompt: 'lava-test: # '
  spawn_maxread: 4092
  failure_retry: 1
  boot_retry: 0
actions:
  deploy:
    connections: {serial: }
    methods:
      image:
        parameters: {guest: {size: 512, interface: ide, driveid: lavatest}}
  boot:
    connections: {serial: }
    methods:
      qemu:
        parameters:
          command: $qemu
          options:
          - -accel tcg
          $machine
          - -nographic
          - -nodefaults
          - -serial stdio
          - -m 512
          - -no-reboot
timeouts: {actions: {}, connections: {}}
DEV
# No default route in the namespace: dispatcher_ip must be given.
echo 'dispatcher_ip: 127.0.0.1' >"$out/dispatcher.yaml"
# The job: the template with file:// URLs and the definition inline.
awk -v k="file://$kdir/$image" -v r="file://$ramdisk" -v t="file://$out/lava-tools.tar" \
	-v c="$cases" -v a="--selftest-crash" -v def="$lava/smack-ipc.yaml" '
	/'\''@DEFINITION@'\''/ {
		ind = $0; sub(/[^ ].*/, "", ind); sub(/'\''@DEFINITION@'\''/, ""); print
		while ((getline l < def) > 0) print ind "  " l
		next
	}
	{ gsub(/@KERNEL_URL@/, k); gsub(/@RAMDISK_URL@/, r); gsub(/@TOOLS_URL@/, t)
	  gsub(/@CASES@/, c); gsub(/@SUITE_ARGS@/, a); print }' "$lava/qemu-$arch.yaml" >"$out/job.yaml"

note "running the LAVA job ($arch, TCG, offline; log: $out/lava.log)"
rc=0
timeout -k 10 "${SMACK_LAVA_TIMEOUT_S:-900}" unshare -n lava-run --device "$out/device.yaml" \
	--dispatcher "$out/dispatcher.yaml" --job-id "$$" --output-dir "$out/output" "$out/job.yaml" \
	>"$out/lava.out" 2>"$out/lava.log" || rc=$?
s=$(($(date +%s) - start))

# LAVA's test cases (definition 0_smack-ipc), in order: "CASE RESULT".
sed -n '/"lvl": "results"/{/"definition": "0_smack-ipc"/s/.*"case": "\([^"]*\)".*"result": "\([a-z]*\)".*/\1 \2/p;}' \
	"$out/lava.log" >"$out/lava-cases.txt"
# The suite's TAP as the console showed it, between the definition's markers.
sed -n '/"lvl": "target"/s/.*"msg": "\(.*\)"}$/\1/p' "$out/lava.log" |
	sed 's/\\"/"/g; s/\\\\/\\/g; s/\r$//' | awk '/^SMACK-IPC-TAP-END$/ { on = 0 } on; /^SMACK-IPC-TAP-BEGIN$/ { on = 1 }' >"$out/console.tap"
# What the shim makes of that TAP, run here: the cases LAVA must have.
sh "$lava/tap-to-lava.sh" "$out/console.tap" | sed -n 's/^lava-test-case \([^ ]*\) --result /\1 /p' >"$out/expected-cases.txt"

count() { grep -c "$1" "$2" || true; }
every_outcome() { [ "$tpass" -gt 0 ] && [ "$tfail" -gt 0 ] && [ "$tskip" -gt 0 ]; }
tpass=$(grep '^ok ' "$out/console.tap" | grep -vc ' # SKIP' || true)
tskip=$(count '^ok .* # SKIP' "$out/console.tap")
tfail=$(count '^not ok ' "$out/console.tap")
plan=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$out/console.tap" | head -n 1)
grep -v '^tap_plan ' "$out/lava-cases.txt" >"$out/lava-points.txt" || true
lpass=$(count ' pass$' "$out/lava-points.txt")
lskip=$(count ' skip$' "$out/lava-points.txt")
lfail=$(count ' fail$' "$out/lava-points.txt")
echo "TAP:  ${plan:-no} planned, $tpass ok, $tfail not ok, $tskip skipped"
echo "LAVA: $lpass pass, $lfail fail, $lskip skip (+ tap_plan: $(sed -n 's/^tap_plan //p' "$out/lava-cases.txt"))"

check "lava-run exited 0 ($rc) in ${s}s" [ "$rc" -eq 0 ]
check "the job finished correctly" grep -q '"case": "job", "definition": "lava", "result": "pass"' "$out/lava.log"
check "the suite ran in the guest and its TAP reached the console" [ -s "$out/console.tap" ]
check "LAVA pass count = TAP ok count ($lpass, $tpass)" [ "$lpass" -eq "$tpass" ]
check "LAVA fail count = TAP not ok count ($lfail, $tfail)" [ "$lfail" -eq "$tfail" ]
check "LAVA skip count = TAP skip count ($lskip, $tskip)" [ "$lskip" -eq "$tskip" ]
check "the TAP is complete (plan ${plan:-none}, $((tpass + tfail + tskip)) points)" [ "${plan:--1}" -eq $((tpass + tfail + tskip)) ]
check "LAVA's tap_plan case passed" grep -qx 'tap_plan pass' "$out/lava-cases.txt"
check "every outcome occurs (pass, fail, skip)" every_outcome
check "LAVA has exactly the cases, names and results tap-to-lava.sh makes of the TAP" \
	diff -u "$out/expected-cases.txt" "$out/lava-cases.txt"
check "the suite exited 1 (the selftest crash case failed)" grep -q 'smack-ipc-suite exit status 1"' "$out/lava.log"
checks_done "see $out/lava.log"
echo "lava_qemu ($arch): LAVA agrees with the TAP; ${s}s; results in $out"
