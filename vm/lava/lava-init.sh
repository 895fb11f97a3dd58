#!/bin/sh
# /init of the LAVA ramdisk: mount what the suite needs, as a board's init
# would (smackfs at /sys/fs/smackfs), then a shell on the console for LAVA's
# boot prompt. Nothing runs the suite: LAVA's test definition does.
set -u
export PATH=/bin
/bin/busybox --install -s /bin # every applet: LAVA's test shell needs more than the suite's guest
mount -t proc proc /proc
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
