#!/bin/sh
# CTest: vm/matrix.sh against hostile input, interruption and a fresh cache.
#  - output paths it cannot create, or must not replace, are refused before
#    anything is written, and it never removes a path it did not create;
#  - a run with a failed kernel never silently replaces a good column;
#  - kernel-list lines: no final newline, CRLF, unknown options, duplicates;
#    -j 0 and -t 0;
#  - Debian packages are installed once up front, never by the parallel jobs,
#    and a package apt cannot install is a source_missing row quoting apt;
#  - SIGTERM and SIGINT end every process the run started, QEMU included;
#  - the arm64 busybox download works on an empty cache;
#  - sources from other Debian suites (private apt): apt's reason quoted,
#    /etc/apt untouched.
# Needs no kernel build: the kernels here are missing or fake.
# Usage: vm/test-matrix-input.sh WORK_DIR
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
# shellcheck source=vm/lib.sh
. "$here/lib.sh"
fx=$(dirname -- "$here")/fixtures/faults
[ $# -eq 1 ] || { echo "usage: $0 WORK_DIR" >&2; exit 2; }
work=$1
rm -rf "$work"
mkdir -p "$work"
work=$(CDPATH='' cd -- "$work" && pwd)
missing_line="gone tarball:$work/nonexistent/linux-9.9.tar.xz -"

# refused WHAT EXPECTED_MESSAGE MATRIX_ARGS...: exit 2 naming the problem.
refused() {
	label=$1 msg=$2
	shift 2
	rc=0
	"$here/matrix.sh" "$@" >"$work/out.log" 2>&1 || rc=$?
	if [ "$rc" -eq 2 ] && grep -qF -- "$msg" "$work/out.log"; then return 0; fi
	echo "$label: exit $rc; $(tail -n 2 "$work/out.log")"
	return 1
}
printf '%s\n' "$missing_line" >"$work/one.conf"
none_running() { ! pgrep -f "$1" >/dev/null; } # PATTERN (not in this script's own arguments)

# Output paths (item 6): nothing may be written or removed.
check "-o under /proc is refused" refused proc "cannot create its parent" -c "$work/one.conf" -o /proc/nonexistent/smackipc-victim
check "... and nothing was written at /smackipc-victim" [ ! -e /smackipc-victim ]
echo precious >"$work/afile"
check "-o under a parent that is a file is refused" refused file "cannot create its parent" -c "$work/one.conf" -o "$work/afile/run"
mkdir -p "$work/notarun"
echo precious >"$work/notarun/keep"
check "-o of a directory that is not a run is refused" refused notrun "not a matrix run directory" -c "$work/one.conf" -o "$work/notarun"
check "... and its content is untouched" grep -qx precious "$work/notarun/keep"
check "-o of a file is refused" refused isfile "is not a directory" -c "$work/one.conf" -o "$work/afile"
check "... and the file is untouched" grep -qx precious "$work/afile"
mkdir -p "$work/ro"
if mount -t tmpfs -o ro tmpfs "$work/ro"; then
	check "-o on a read-only mount is refused" refused ro "cannot write in" -c "$work/one.conf" -o "$work/ro/run"
	umount "$work/ro"
else
	check "a read-only tmpfs can be mounted for the test (needs root)" false
fi

# Kernel lists and options (item 11): refused up front, nothing written.
printf 'a tarball:/x.tar.xz -\r\n' >"$work/crlf.conf"
check "a CRLF list is refused" refused crlf "carriage return" -c "$work/crlf.conf" -o "$work/crlf"
printf 'a tarball:/x.tar.xz cc=gcc-11,foo=1\n' >"$work/opt.conf"
check "an unknown option is refused" refused opt "unknown option 'foo=1'" -c "$work/opt.conf" -o "$work/opt"
printf 'a tarball:/x.tar.xz -\na tarball:/y.tar.xz -\n' >"$work/dup.conf"
check "a kernel name used twice is refused" refused dup "used twice" -c "$work/dup.conf" -o "$work/dup"
check "-j 0 is refused" refused j0 "-j takes a whole number of at least 1" -j 0 -c "$work/one.conf" -o "$work/j0"
check "-t 0 is refused" refused t0 "-t takes a whole number of seconds of at least 1" -t 0 -c "$work/one.conf" -o "$work/t0"
check "no refusal left a directory behind" sh -c "! ls -d '$work'/crlf '$work'/opt '$work'/dup '$work'/j0 '$work'/t0 '$work'/.*.tmp.* 2>/dev/null"

# A last line without a newline is a kernel like any other; packages are
# installed before the jobs, and apt's own error reaches the row (item 2).
mkdir -p "$work/bin"
ln -sf "$fx/apt-get-unknown-package.sh" "$work/bin/apt-get"
printf '%s\nsnap tree:%s origin=someone/linux-4.4@14240454\nnonl debian:linux-source-9.99 -' \
	"$missing_line" "$work/nonexistent/linux-4.4.121" >"$work/nonl.conf"
rc=0
# Its own cache: the fake apt must not mark the user's private lists refreshed.
PATH=$work/bin:$PATH SMACK_SUITE_FAULT_LOG=$work/apt.log SMACK_SUITE_CACHE=$work/nonlcache "$here/matrix.sh" -c "$work/nonl.conf" -o "$work/nonl" >"$work/nonl.log" 2>&1 || rc=$?
check "a run with missing sources exits 1 (exit $rc)" [ "$rc" -eq 1 ]
check "the last line without a newline was run" grep -qx 'status=source_missing' "$work/nonl/nonl/kernel.info"
check "its row quotes apt's reason" grep -q '^detail=.*E: Unable to locate package linux-source-9.99' "$work/nonl/nonl/kernel.info"
check "apt ran before the jobs ($(grep -c . "$work/apt.log" 2>/dev/null || echo 0) calls)" grep -q 'install' "$work/apt.log"
check "no kernel job ran apt" sh -c "! grep -q 'job=yes' '$work/apt.log'"
check "apt waits for the dpkg lock" grep -q 'DPkg::Lock::Timeout=' "$work/apt.log"
check "no staging directory left behind" sh -c "! ls -d '$work'/.nonl.tmp.* 2>/dev/null"
check "a local tarball is shown by its name, not its path" grep -qx 'source=tarball:linux-9.9.tar.xz' "$work/nonl/gone/kernel.info"
check "a local tree is shown by its name and origin" grep -qx 'source=tree:linux-4.4.121 (someone/linux-4.4@14240454)' "$work/nonl/snap/kernel.info"
check "run.info names the list by its name or project path, no machine path" \
	grep -qE '^config=([^/][^ ]*/)?nonl\.conf$' "$work/nonl/run.info"
check "no kernel identity in the reports names this machine's paths" sh -c "! grep -rF '$work' '$work/nonl' | grep -v 'detail\|build.log\|not found\|no kernel tree'"

# Sources from other Debian suites come through a private apt configuration:
# a package no suite carries, a suite that does not exist and an archive that
# cannot be reached are source_missing rows quoting apt, and the machine's
# /etc/apt is byte for byte as before (issue 10).
etc_apt() { find /etc/apt -type f -exec sha256sum {} + | LC_ALL=C sort; }
etc_apt >"$work/etc-apt.before"
printf '%s\n' 'nopkg debian:linux-source-0.1@trixie-backports -' \
	'nosuite debian:linux-source-7.3@no-such-suite -' >"$work/suites.conf"
rc=0
SMACK_SUITE_CACHE=$work/aptcache "$here/matrix.sh" -c "$work/suites.conf" -o "$work/suites" >"$work/suites.log" 2>&1 || rc=$?
check "other suites: the run exits 1 (exit $rc)" [ "$rc" -eq 1 ]
check "other suites: a package no suite carries is source_missing, quoting apt" \
	grep -q '^detail=Debian package linux-source-0.1 from trixie-backports cannot be downloaded: .*linux-source-0.1' "$work/suites/nopkg/kernel.info"
check "other suites: a suite that does not exist is source_missing, quoting apt" \
	grep -q '^detail=Debian package linux-source-7.3 from no-such-suite cannot be downloaded: E: .*no-such-suite' "$work/suites/nosuite/kernel.info"
printf '%s\n' 'unreachable debian:linux-source-7.3@trixie-backports -' >"$work/unreachable.conf"
rc=0
SMACK_SUITE_CACHE=$work/aptcache2 SMACK_SUITE_DEBIAN_URI=http://127.0.0.1:9/debian \
	"$here/matrix.sh" -c "$work/unreachable.conf" -o "$work/unreachable" >"$work/unreachable.log" 2>&1 || rc=$?
check "other suites: an archive that cannot be reached is source_missing, quoting apt (exit $rc)" \
	grep -q '^detail=Debian package linux-source-7.3 from trixie-backports cannot be downloaded: W: Failed to fetch .*127.0.0.1:9.*Connection refused' "$work/unreachable/unreachable/kernel.info"
etc_apt >"$work/etc-apt.after"
check "other suites: /etc/apt is byte for byte as before" cmp -s "$work/etc-apt.before" "$work/etc-apt.after"

# A warm fetch needs no network: lists refreshed within SMACK_SUITE_APT_MAX_AGE
# seconds serve again what they led to; older ones are refreshed (issue 14).
# apt-get and apt-cache are fakes that log their calls; the package is a real,
# empty .deb.
mkdir -p "$work/fakeapt"
cat >"$work/fakeapt/apt-get" <<'EOF'
#!/bin/sh
echo "apt-get $*" >>"$FAKE_APT_LOG"
case " $* " in
*" install "*) echo "E: Unable to locate package" >&2; exit 100 ;;
*Debian-Security*) ;; # a machine without the security suite in its sources
*" indextargets "*) echo http://deb.example/debian ;;
*" download "*)
	mkdir -p pkg/DEBIAN &&
		printf 'Package: fake\nVersion: 1.0\nArchitecture: all\nMaintainer: x <x@example.org>\nDescription: x\n' >pkg/DEBIAN/control &&
		dpkg-deb -b pkg fake_1.0_all.deb >/dev/null && rm -rf pkg ;;
esac
EOF
cat >"$work/fakeapt/apt-cache" <<'EOF'
#!/bin/sh
echo "apt-cache $*" >>"$FAKE_APT_LOG"
# Only the private lists (apt_fetch's) know the package; the machine's do not.
case " $* " in *Dir::State::Lists=*) printf 'Package: fake\nVersion: 1.0\n' ;; esac
EOF
chmod +x "$work/fakeapt/apt-get" "$work/fakeapt/apt-cache"
fetch() { # LOG MAX_AGE COUNT: COUNT fetches of one package; prints where it went
	PATH=$work/fakeapt:$PATH FAKE_APT_LOG=$work/$1 SMACK_SUITE_CACHE=$work/memocache SMACK_SUITE_APT_MAX_AGE=$2 \
		sh -c '. "$1/lib.sh"; i=0; while [ "$i" -lt "$2" ]; do apt_fetch fake sid || { echo "$apt_error" >&2; exit 1; }; i=$((i + 1)); done; echo "$apt_dir"' sh "$here" "$3"
}
dir=$(fetch apt-first.log 3600 1 2>/dev/null) || dir=''
check "apt memo: the first fetch refreshes the lists and unpacks the package" \
	sh -c "[ -d '$dir' ] && grep -q ' update' '$work/apt-first.log' && grep -q ' download ' '$work/apt-first.log'"
fetch apt-fresh.log 3600 2 >/dev/null 2>&1 || :
check "apt memo: fresh lists, two more fetches: no apt call at all" sh -c "[ ! -s '$work/apt-fresh.log' ]"
fetch apt-old.log 0 2 >/dev/null 2>&1 || :
check "apt memo: lists older than SMACK_SUITE_APT_MAX_AGE are refreshed, once a fetch" \
	sh -c "[ \"\$(grep -c ' update' '$work/apt-old.log')\" -eq 2 ] && ! grep -q ' download ' '$work/apt-old.log'"
rc=0
fetch apt-bad.log soon 1 >"$work/age.log" 2>&1 || rc=$?
check "apt memo: a bad SMACK_SUITE_APT_MAX_AGE is named (exit $rc), and no apt call made" \
	sh -c "[ $rc -ne 0 ] && grep -q \"SMACK_SUITE_APT_MAX_AGE must be a number of seconds, not 'soon'\" '$work/age.log' && [ ! -s '$work/apt-bad.log' ]"

# A kernel source the machine's apt cannot install comes from the release's
# security suite, fetched, never installed: a debootstrapped bookworm has only
# bookworm main, and Debian publishes bookworm's linux-source-6.12 in
# bookworm-security.
rel=$(host_release)
src=$(PATH=$work/fakeapt:$PATH FAKE_APT_LOG=$work/apt-sec.log SMACK_SUITE_CACHE=$work/seccache \
	sh -c '. "$1/lib.sh"; debian_source linux-source-0.1 && echo "$ds_ident|$ds_fetched|$ds_tarball"' sh "$here" 2>"$work/sec.err") || src=''
check "a source apt cannot install is fetched from $rel-security ($src)" \
	[ "$src" = "debian linux-source-0.1 1.0|$rel-security|$work/seccache/debian/linux-source-0.1_1.0/usr/src/linux-source-0.1.tar.xz" ]
check "... from Debian's security archive, through the private sources list" \
	grep -qx "deb http://deb.debian.org/debian-security $rel-security main" "$work/seccache/apt/$rel-security/sources.list"
check "... and says so" grep -q "linux-source-0.1 is not in this machine's apt sources: fetched from $rel-security" "$work/sec.err"
src2=$(PATH=$work/fakeapt:$PATH FAKE_APT_LOG=$work/apt-sec-warm.log SMACK_SUITE_CACHE=$work/seccache \
	sh -c '. "$1/lib.sh"; debian_source linux-source-0.1 && echo "$ds_ident|$ds_fetched|$ds_tarball"' sh "$here" 2>/dev/null) || src2=''
check "... and again, warm: the same, and no apt-get call" sh -c "[ '$src2' = '$src' ] && ! grep -q '^apt-get' '$work/apt-sec-warm.log'"
mkdir -p "$work/nopkg" && printf '#!/bin/sh\nexit 100\n' >"$work/nopkg/apt-cache" && chmod +x "$work/nopkg/apt-cache"
rc=0
PATH=$work/nopkg:$work/fakeapt:$PATH FAKE_APT_LOG=$work/apt-sec2.log SMACK_SUITE_CACHE=$work/seccache2 \
	SMACK_SUITE_DEBIAN_SECURITY_URI=http://127.0.0.1:9/debian-security \
	sh -c '. "$1/lib.sh"; debian_source linux-source-0.1 || { echo "$apt_error"; exit 1; }' sh "$here" >"$work/sec2.out" 2>&1 || rc=$?
check "a source in neither place fails (exit $rc), quoting both reasons" \
	sh -c "[ $rc -ne 0 ] && grep -q 'E: Unable to locate package; nor from $rel-security: ' '$work/sec2.out'"
check "... SMACK_SUITE_DEBIAN_SECURITY_URI names the security archive" \
	grep -qx "deb http://127.0.0.1:9/debian-security $rel-security main" "$work/seccache2/apt/$rel-security/sources.list"

# A good column is never replaced by a failed kernel without saying so (item 3).
mkdir -p "$work/good/gone" "$work/good/dropped"
printf 'suite_version=x\nkernels=gone dropped\n' >"$work/good/run.info"
printf 'name=gone\nstatus=ok\n' >"$work/good/gone/kernel.info"
printf 'name=dropped\nstatus=ok\n' >"$work/good/dropped/kernel.info"
(cd "$work/good" && find . -type f -exec sha256sum {} + | LC_ALL=C sort) >"$work/good.sum"
rc=0
"$here/matrix.sh" -c "$work/one.conf" -o "$work/good" >"$work/good.log" 2>&1 || rc=$?
check "a run that would lose a good column exits 1 (exit $rc)" [ "$rc" -eq 1 ]
check "... and says which kernels, also one the new run lacks" grep -q 'not replacing .*gone(source_missing) dropped(not run)' "$work/good.log"
check "... and leaves the old run byte for byte" sh -c "cd '$work/good' && find . -type f -exec sha256sum {} + | LC_ALL=C sort | cmp -s - '$work/good.sum'"
check "... and keeps the new run beside it" sh -c "ls -d '$work'/good.rejected-*/gone >/dev/null"
rc=0
"$here/matrix.sh" -f -c "$work/one.conf" -o "$work/good" >"$work/force.log" 2>&1 || rc=$?
check "-f replaces it anyway (exit $rc)" grep -qx 'status=source_missing' "$work/good/gone/kernel.info"

# SIGTERM and SIGINT end everything the run started (item 12). The fake QEMU
# reports its pid through a FIFO once it runs; no polling, no sleeping.
interrupt() { # SIGNAL
	fifo=$work/qemu.$1.fifo
	rm -f "$fifo" && mkfifo "$fifo"
	printf 'stuck prebuilt:%s -\n' "$fx/garbage-kernel" >"$work/stuck.conf"
	# A background job ignores SIGINT; perl restores its default first.
	SMACK_SUITE_QEMU=$fx/qemu-reports-pid.sh SMACK_SUITE_KVM=no SMACK_SUITE_FAULT_FIFO=$fifo \
		perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die' \
		"$here/matrix.sh" -c "$work/stuck.conf" -o "$work/good" -t 3600 >"$work/int.$1.log" 2>&1 &
	mpid=$!
	read -r qpid <"$fifo"
	kill -s "$1" "$mpid"
	rc=0
	wait "$mpid" || rc=$?
	check "$1: matrix.sh exits 130 (exit $rc)" [ "$rc" -eq 130 ]
	# Within seconds: wait for QEMU's exit itself, bounded.
	check "$1: QEMU (pid $qpid) is gone within 10 s" timeout 10 tail --pid="$qpid" -f /dev/null
	check "$1: no kernel-run.sh, run-guest.sh or QEMU of the run is left" none_running "$work/\\.good\\.tmp\\."
	check "$1: no staging directory is left" sh -c "! ls -d '$work'/.good.tmp.* 2>/dev/null"
	check "$1: the previous run is kept" grep -qx 'status=source_missing' "$work/good/gone/kernel.info"
}
interrupt TERM
interrupt INT
interrupt HUP

# An empty cache (item 1): the arm64 busybox is fetched into a cache
# directory that does not exist yet, without apt's sandbox warning and
# without leaving its download directory. (The x86_64 busybox given as the
# suite binary is then refused as not arm64: that is expected here.)
rc=0
SMACK_SUITE_CACHE=$work/fresh/cache "$here/make-initramfs.sh" -a arm64 /bin/busybox "$work/x.cpio" >"$work/fresh.log" 2>&1 || rc=$?
check "fresh cache: busybox-static:arm64 fetched into it" sh -c "ls '$work'/fresh/cache/debian/busybox-static_*_arm64/bin/busybox >/dev/null"
check "fresh cache: no download directory left" sh -c "! ls -d '$work'/fresh/cache/apt/*/dl.* 2>/dev/null"
check "fresh cache: apt did not fall back to an unsandboxed download" sh -c "! grep -q unsandboxed '$work/fresh.log'"
check "fresh cache: then the x86_64 suite binary is refused (exit $rc)" grep -q 'is not an arm64 executable' "$work/fresh.log"

checks_done "see $work"
echo "matrix input tests: all checks passed"
