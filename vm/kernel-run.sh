#!/bin/sh
# One kernel of a matrix: build (or reuse) it, boot it with the initramfs,
# split what it reported, and classify the outcome into OUT_DIR/kernel.info.
# Usage: vm/kernel-run.sh NAME SOURCE OPTIONS INITRAMFS OUT_DIR TIMEOUT_S
#   OPTIONS: "-" or comma-separated cc=CC, make=ARG, arch=ARCH and
#            origin=TEXT (where a local source came from, shown with its
#            name; see vm/kernels.conf); INITRAMFS must be built for that arch
# Never fails for a kernel problem: every outcome becomes a status.
# status: ok failures build_failed source_missing no_boot panic hang truncated
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"

[ $# -eq 6 ] || die "usage: $0 NAME SOURCE OPTIONS INITRAMFS OUT_DIR TIMEOUT_S"
name=$1 source=$2 options=$3 initrd=$4 out=$5 limit=$6
mkdir -p "$out"
say() { printf '[%s] %s\n' "$name" "$*" >&2; }

set --
arch=x86_64
old_ifs=$IFS
IFS=,
for o in $options; do
	case $o in
	-) ;;
	cc=*) set -- "$@" -c "${o#cc=}" ;;
	origin=*) ;; # shown in kernel.info by source_shown
	make=*) set -- "$@" -m "${o#make=}" ;;
	arch=*) arch=${o#arch=} && set -- "$@" -a "$arch" ;;
	*) die "kernel $name: unknown option '$o' (cc=CC, make=ARG, arch=ARCH or origin=TEXT)" ;;
	esac
done
IFS=$old_ifs

status='' detail='' compiler='' accel=none probe=skipped build_s='' boot_s='' release=''
say "building $source"
rc=0
# The whole log goes to build.log; its progress lines also to the terminal.
rm -f "$out/.build-rc"
{ "$VM_DIR/build-kernel.sh" "$@" "$source" 2>&1 >"$out/.kdir" || echo "$?" >"$out/.build-rc"; } |
	tee "$out/build.log" | while IFS= read -r line; do
		case $line in *': building '* | *'still building'* | *': built: '* | *': cached: '*) say "${line#build-kernel.sh: }" ;; esac
	done
kdir=$(cat "$out/.kdir") rc=$(cat "$out/.build-rc" 2>/dev/null || echo 0)
rm -f "$out/.kdir" "$out/.build-rc"
if [ "$rc" -eq 3 ]; then
	status=source_missing detail=$(sed -n 's/.*source missing: //p' "$out/build.log" | tail -n 1)
elif [ "$rc" -ne 0 ]; then
	status=build_failed
	# The first error make printed, not our own summary line.
	detail=$(grep -v '^build-kernel.sh:' "$out/build.log" | grep -m1 -E 'error:|Error [0-9]' ||
		grep -m1 'error:' "$out/build.log" || tail -n 1 "$out/build.log")
else
	build_s=$(sed -n 's/^build_seconds=//p' "$kdir/build-info" 2>/dev/null || true)
	compiler=$(sed -n 's/^cc=//p' "$kdir/build-info" 2>/dev/null || true)
	say "booting"
	rc=0
	"$VM_DIR/run-guest.sh" -a "$arch" "$kdir" "$initrd" "$out" "$limit" 2>>"$out/qemu.log" || rc=$?
	accel=$(cat "$out/accel" 2>/dev/null || echo none)
	probe=$(cat "$out/kvm-probe" 2>/dev/null || echo skipped)
	boot_s=$(cat "$out/boot-to-verdict-seconds" 2>/dev/null || true)
	# One file per TAP section; a cut-off run keeps what it had.
	tr -d '\r' <"$out/results.raw" 2>/dev/null | awk -v dir="$out" '
		/^#### section / { f = dir "/" $3 ".tap"; if ($3 !~ /^(main|compat|selftest|interrupt)$/) f = dir "/" $3 ".txt"; next }
		/^#### (exit|end|uptime)/ { if (f) print > (f ".status"); next }
		f { print > f }'
	release=$(sed -n 's/^# kernel: //p' "$out/main.tap" 2>/dev/null | head -n 1)
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$out/main.tap" 2>/dev/null | head -n 1)
	points=$(grep -cE '^(not )?ok ' "$out/main.tap" 2>/dev/null || true)
	notok=$(grep -c '^not ok ' "$out/main.tap" 2>/dev/null || true)
	panic=$(grep -m1 'Kernel panic' "$out/console.log" 2>/dev/null || true)
	if [ "$rc" -eq 3 ]; then
		status=hang detail="no verdict within $limit s; ${points:-0} test lines kept"
	elif [ -n "$panic" ]; then
		status=panic detail="$panic; ${points:-0} test lines kept"
	elif [ "$rc" -ne 0 ] || [ ! -s "$out/main.tap" ]; then
		status=no_boot
		detail=$(tail -n 1 "$out/qemu.log" 2>/dev/null)
		[ -n "$detail" ] || detail="guest produced no TAP; console: $(tail -n 1 "$out/console.log" 2>/dev/null)"
	elif ! grep -q '^#### exit' "$out/main.tap.status" 2>/dev/null || [ "${points:-0}" -lt "${plan:-1}" ]; then
		status=truncated detail="${points:-0} of ${plan:-?} test lines, no exit status"
	elif [ "${notok:-0}" -gt 0 ] || ! grep -qx '#### exit 0' "$out/main.tap.status"; then
		status=failures detail="${notok:-0} not ok"
	else
		status=ok
	fi
fi
# Folded into kernel.info above; empty logs say nothing.
rm -f "$out/results.raw" "$out/accel" "$out/kvm-probe" "$out/boot-to-verdict-seconds"
for f in "$out/qemu.log" "$out/kvm-probe.log"; do [ -s "$f" ] || rm -f "$f"; done

tmp=$out/.kernel.info.tmp
{
	echo "name=$name"
	echo "source=$(source_shown "$source" "$options")"
	echo "options=$options"
	echo "status=$status"
	echo "detail=$(echo "$detail" | tr -d '\r\n')"
	echo "accel=$accel"
	echo "kvm_probe=$probe"
	echo "build_seconds=$build_s"
	echo "compiler=$compiler"
	echo "boot_seconds=$boot_s"
	echo "release=$release"
} >"$tmp"
mv "$tmp" "$out/kernel.info"
say "$status${detail:+: $detail}"
