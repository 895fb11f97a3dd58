#!/bin/sh
# /init of the LAVA ramdisk: mount what the suite needs, as a board's init
# would (smackfs at /sys/fs/smackfs), then a shell on the console for LAVA's
# boot prompt. Nothing runs the suite: LAVA's test definition does.
set -u
export PATH=/bin
/bin/busybox --install -s /bin # every applet: LAVA's test shell needs more than the suite's guest
mount -t proc proc /proc
# Console log level 4, as Debian's sysctl default: a kernel notice such as
# "random: crng init done" would otherwise land inside a TAP line on the
# console. Not on the kernel command line: LAVA waits for "Linux version".
echo 4 >/proc/sys/kernel/printk
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t securityfs securityfs /sys/kernel/security
mount -t smackfs smackfs /sys/fs/smackfs || echo "lava-init: no smackfs (SMACK not active)"
ip link set lo up
echo "lava-init: $(uname -sr), ready for LAVA"
export HOME=/ PS1='smack-lava# '
exec setsid cttyhack sh
