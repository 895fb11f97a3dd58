#!/bin/sh
# /init of the SMACK guest: mount what the suite needs, run it with TAP on
# the second serial port (ttyS1; kernel messages stay on ttyS0), reboot.
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
stty -F "$out" raw -echo
section() { echo "#### section $1" >"$out"; }

section main
/bin/smack-ipc-suite run --change-global >"$out" # guests may change onlycap
echo "#### exit $?" >"$out"
read -r up _ </proc/uptime
echo "#### uptime $up" >"$out" # boot to verdict, as the guest's clock saw it

# Test-only hang and crash cases among real ones: both must be reported
# and the run must go on (the Legato cases after them must still pass).
section selftest
/bin/smack-ipc-suite run --selftest-hang --selftest-crash --timeout-ms 3000 \
	'selftest_*' 'fdpass_legato_*' >"$out"
echo "#### exit $?" >"$out"

# SIGTERM while a case holds its rule: wait (spinning, not sleeping) until
# the hang case's rule shows in load2, interrupt, and expect a Bail out.
# The suite mounted smackfs for its runs; it must have unmounted it again.
section restored
echo "smackfs_mounts $(grep -c ' /sys/fs/smackfs ' /proc/mounts)" >"$out"

section interrupt
mount -t smackfs smackfs /sys/fs/smackfs # to watch load2; the suite leaves it mounted
/bin/smack-ipc-suite run --selftest-hang --timeout-ms 600000 'selftest_hang*' >"$out" &
pid=$!
until grep -q '^sipc' /sys/fs/smackfs/load2; do :; done
kill -TERM "$pid"
wait "$pid"
echo "#### exit $?" >"$out"

# Independent of the suite's own check: no rule of any run is left.
section load2
echo "rules_left $(grep -c '^sipc' /sys/fs/smackfs/load2)" >"$out"
echo "#### end" >"$out"
reboot -f
