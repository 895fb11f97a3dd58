#!/bin/sh
# /init of the SMACK guest: mount what the suite needs, run it with TAP on
# the channel smackipc.tap=DEV of the kernel command line names (vm/run-guest.sh
# gives a virtio serial port, vport0p1; kernel messages stay on the console),
# reboot.
# Without it the TAP goes to the second serial port, ttyS1.
# QEMU runs with -no-reboot, so `reboot -f` ends it without ACPI.
set -u
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# The image has no /dev/console node; take the console now that /dev exists.
exec </dev/console >/dev/console 2>&1
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t securityfs securityfs /sys/kernel/security
# smackfs is left unmounted on purpose: the suite's probe mounts it.
# Loopback for the inet cases (127.0.0.1 and ::1 come with it); nothing else.
/bin/busybox ip link set lo up

if grep -q 'smackipc.probe' /proc/cmdline; then
	echo "SMACKIPC-GUEST-UP"
	reboot -f
fi

out=/dev/ttyS1
read -r cmdline </proc/cmdline
for w in $cmdline; do
	case $w in smackipc.tap=*) out=/dev/${w#smackipc.tap=} ;; esac
done
# A tty (the serial fallback) must pass bytes as they are; a virtio port is no tty.
[ "${out#/dev/tty}" = "$out" ] || stty -F "$out" raw -echo
section() { echo "#### section $1" >"$out"; }

# vm/benchmark.sh -f: what a case's operations cost on this kernel, nothing else.
if grep -q 'smackipc.floor' /proc/cmdline; then
	/bin/smack-ipc-suite --floor >"$out" 2>&1 || echo "floor: exit status $?" >"$out"
	reboot -f
fi

# Every global smackfs file, as a board would see it. Per-task and
# transaction files (access*, load-self*, relabel-self) say nothing global.
# Labels cannot be deleted in SMACK: the run's own (sipc*) stay listed in
# cipso/cipso2, so those lines are counted apart, not compared.
mkdir -p /snapfs
snap() {
	mount -t smackfs smackfs /snapfs
	for f in /snapfs/*; do
		case ${f##*/} in access | access2 | load-self | load-self2 | relabel-self) continue ;; esac
		echo "== ${f##*/}"
		case ${f##*/} in
		cipso | cipso2) grep -v '^sipc' "$f" ;;
		*) tr '\000' '@' <"$f" 2>&1 ;;
		esac
	done >"$1"
	umount /snapfs
}
compare() { # NAME: the snapshot now against the one before the first run
	snap "/tmp/$1"
	if cmp -s /tmp/before "/tmp/$1"; then
		echo "snapshot_$1 identical ($(grep -c . /tmp/before) lines)" >"$out"
	else
		echo "snapshot_$1 differs" >"$out"
		diff /tmp/before "/tmp/$1" | head -n 40 >"$out"
	fi
}
# wait_for_hold PID SMACKFS: spin (no sleep: a sleep would only be a guess)
# until the case of suite PID holds its rule (a sipc line in load2) and has
# changed onlycap; 1 as soon as the suite has exited instead.
wait_for_hold() {
	until grep -q '^sipc' "$2/load2" && grep -q sipc "$2/onlycap"; do
		kill -0 "$1" 2>/dev/null || return 1
	done
}
# Smack.txt's advice for a system that does not use CIPSO ("echo 127.0.0.1
# -CIPSO > /sys/fs/smackfs/netlabel"): an entry without a label, which the
# inet cases treat as no entry. The netlabel cases need an entry for
# 127.0.0.1 to put back after each of them: no kernel deletes one.
mount -t smackfs smackfs /snapfs
echo '127.0.0.1 -CIPSO' >/snapfs/netlabel
umount /snapfs
snap /tmp/before

section main
/bin/smack-ipc-suite run --change-global >"$out" # guests may change onlycap
echo "#### exit $?" >"$out"
read -r up _ </proc/uptime
echo "#### uptime $up" >"$out" # boot to verdict, as the guest's clock saw it

# A 32-bit build, where the image has one (armhf on arm64): every case again
# through the compat syscalls (scm_detach_fds_compat, 32-bit cmsg layout).
if [ -x /bin/smack-ipc-suite-compat ]; then
	section compat
	/bin/smack-ipc-suite-compat run --change-global >"$out"
	echo "#### exit $?" >"$out"
fi

section snapshot
compare after_full_run

# Test-only hang and crash cases among real ones: both must be reported
# and the run must go on (the Legato cases after them must still pass).
# 400 ms bounds the hang; a Legato case takes a few ms even under TCG on a
# loaded host (8 ms at most in the 17 committed runs): a margin of 50.
section selftest
/bin/smack-ipc-suite run --selftest-hang --selftest-crash --timeout-ms 400 \
	'selftest_hang_is_*' 'selftest_crash_*' 'fdpass_legato_*' >"$out"
echo "#### exit $?" >"$out"

# The same kinds of result as KTAP (the kernel's kunit parser reads it on the
# host) and as Yocto ptest lines: a hang, a crash, skips (onlycap without
# --change-global) and passes.
section ktap
/bin/smack-ipc-suite run --kselftest --selftest-hang --selftest-crash --timeout-ms 400 \
	'selftest_hang_is_*' 'selftest_crash_*' 'fdpass_legato_*' 'peer_*' 'onlycap_*' >"$out"
echo "#### exit $?" >"$out"
# A board's audit daemon stays running and keeps its log: a stand-in
# registers as the daemon first; the suite reads records beside it (the
# read-only group). The stand-in then says whether it is still the daemon.
section auditd
/bin/smack-ipc-suite --audit-standin /tmp/standin.log &
sp=$!
until grep -q '^#### standin' /tmp/standin.log 2>/dev/null; do kill -0 "$sp" 2>/dev/null || break; done
/bin/smack-ipc-suite run 'fdpass_legato_*' 'keys_key_read_*' >/tmp/standin-run.tap
echo "suite_exit $?" >"$out"
kill -0 "$sp" 2>/dev/null && echo "standin_alive_after_run yes" >"$out"
kill -TERM "$sp"
wait "$sp"
grep '^####' /tmp/standin.log | sed 's/^#### //' >"$out"
echo "standin_smack_records $(grep -c 'lsm=SMACK' /tmp/standin.log)" >"$out"
echo "suite_refusals_with_record $(sed -n 's/^ *refusals_with_record: //p' /tmp/standin-run.tap)" >"$out"
section ptest
/bin/smack-ipc-suite run --ptest --selftest-crash 'selftest_crash_*' 'fdpass_legato_*' \
	'onlycap_*' >"$out"
echo "#### exit $?" >"$out"

# The suite mounted smackfs for its runs; it must have unmounted it again.
section restored
echo "smackfs_mounts $(grep -c ' /sys/fs/smackfs ' /proc/mounts)" >"$out"

# SIGTERM while a case holds its rule and has changed onlycap: wait until
# both show, interrupt, expect a Bail out and smackfs as it was before any
# run. A suite that exits first is reported at once (an error line in its
# TAP, then its exit status), not left to the host's timeout as a hang.
section interrupt
mount -t smackfs smackfs /sys/fs/smackfs # to watch load2; the suite leaves it mounted
/bin/smack-ipc-suite run --selftest-hang --change-global --timeout-ms 600000 \
	'selftest_hang_with_onlycap_changed' >"$out" &
pid=$!
if wait_for_hold "$pid" /sys/fs/smackfs; then
	kill -TERM "$pid"
else
	echo "#### error suite exited before the case held its rule" >"$out"
fi
wait "$pid"
echo "#### exit $?" >"$out"

section snapshot2
compare after_interrupted_run

# Independent of the suite's own check: no rule of any run is left.
section load2
echo "rules_left $(grep -c '^sipc' /sys/fs/smackfs/load2)" >"$out"
echo "#### end" >"$out"
reboot -f
