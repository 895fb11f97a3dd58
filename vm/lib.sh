# Shared settings for the vm/ scripts (sourced, not run).
# Kernel builds live outside the clone so a fresh checkout reuses them.
# shellcheck shell=sh
export SUITE_CACHE; SUITE_CACHE=${SMACK_SUITE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smack-ipc-suite}
export VM_DIR; VM_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)

die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }
note() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

# source_shown SOURCE OPTIONS: the kernel source as a report shows it. A
# local tree, tarball or image by its name and the origin= option, never by
# a path of this machine (the results get committed).
source_shown() {
	case $1 in
	tree:* | prebuilt:* | tarball:/*) shown=${1%%:*}:${1##*/} ;;
	*) shown=$1 ;;
	esac
	origin=$(printf '%s\n' "$2" | tr , '\n' | sed -n 's/^origin=//p' | head -n 1)
	echo "$shown${origin:+ ($origin)}"
}

# apt_get ARG...: apt-get that waits for the dpkg lock (a parallel job, any
# other apt user) instead of failing on it.
apt_get() {
	DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=900 -o Acquire::Retries=3 "$@"
}

# apt_install PACKAGE...: install missing Debian packages; non-zero if that
# fails, with apt's own error lines in $apt_error. Under a matrix run
# (SMACK_SUITE_APT_DONE=DIR) the packages were installed once up front, so a
# job never runs apt: a package still missing gets the error recorded there.
apt_install() {
	missing='' apt_error=''
	for p in "$@"; do
		case " $missing " in *" $p "*) continue ;; esac
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if [ -n "${SMACK_SUITE_APT_DONE:-}" ]; then
		for p in $missing; do
			apt_error="$apt_error$(cat "$SMACK_SUITE_APT_DONE/$p.err" 2>/dev/null || echo "$p was not installed by the matrix")"
		done
		return 1
	fi
	if [ "$(id -u)" != 0 ]; then
		apt_error="not root, so cannot install:$missing"
		note "missing Debian packages:$missing (install them as root)"
		return 1
	fi
	note "installing$missing"
	errs=$(mktemp)
	# shellcheck disable=SC2086 # word splitting of the package list is wanted
	# Progress to the terminal (our stderr), apt's errors to $errs as well.
	apt_get install -y $missing >&2 2>"$errs" ||
		{ apt_get update >&2 2>>"$errs" || note "apt-get update failed for some index; trying what is there"
		  apt_get install -y $missing >&2 2>>"$errs"; } || {
		apt_error=$(grep '^E: ' "$errs" | sort -u | tr '\n' ' ' | sed 's/ $//')
		[ -n "$apt_error" ] || apt_error=$(tail -n 1 "$errs")
		cat "$errs" >&2
		rm -f "$errs"
		return 1
	}
	rm -f "$errs"
}

# host_release: this machine's Debian release (bookworm), the suite that
# apt_fetch takes another architecture's packages from.
host_release() { (. /etc/os-release && echo "$VERSION_CODENAME"); }

# apt_suite_dir SUITE [ARCH]: apt_fetch's private lists and cache for the
# suite; memo.PACKAGE there notes where a package fetched from it went.
apt_suite_dir() { echo "$SUITE_CACHE/apt/$1${2:+-$2}"; }

# apt_fetch PACKAGE SUITE [ARCH]: PACKAGE from a Debian suite (sid,
# trixie-backports, or this machine's own release for another architecture),
# unpacked with dpkg-deb -x into $SUITE_CACHE/debian/PACKAGE_VERSION[_ARCH],
# set in $apt_dir; never installed. apt runs with a private sources list,
# lists and cache under $SUITE_CACHE/apt/SUITE[-ARCH]: the machine's apt
# configuration is only read, for its Debian archive URI
# (SMACK_SUITE_DEBIAN_URI overrides it; SMACK_SUITE_DEBIAN_SECURITY_URI a
# -security suite's, by default deb.debian.org's), never written, and no foreign
# architecture is added to dpkg. Non-zero with apt's error in $apt_error.
apt_fetch() {
	apt_error='' apt_dir='' af_pkg=$1 af_suite=$2 af_farch=${3:-}
	if [ -n "${SMACK_SUITE_APT_DONE:-}" ]; then # a matrix job: the matrix fetched it
		apt_dir=$(cat "$SMACK_SUITE_APT_DONE/$af_pkg@$af_suite$af_farch.dir" 2>/dev/null) && return 0
		apt_error=$(cat "$SMACK_SUITE_APT_DONE/$af_pkg@$af_suite$af_farch.err" 2>/dev/null || echo "$af_pkg@$af_suite was not fetched by the matrix")
		return 1
	fi
	af_d=$(apt_suite_dir "$af_suite" "$af_farch")
	af_age=${SMACK_SUITE_APT_MAX_AGE:-3600}
	case $af_age in '' | *[!0-9]*) apt_error="SMACK_SUITE_APT_MAX_AGE must be a number of seconds, not '$af_age'"; return 1 ;; esac
	# Lists refreshed within SMACK_SUITE_APT_MAX_AGE seconds (an hour; 0:
	# always refresh) count as fresh: what they led to last time is used
	# again, so a warm run needs neither the network nor apt's second or two
	# per package.
	af_fresh=''
	[ "$af_age" -eq 0 ] || af_fresh=$(find "$af_d/refreshed" -newermt "@$(($(date +%s) - af_age))" 2>/dev/null || :)
	af_memo=$af_d/memo.$af_pkg
	if [ -n "$af_fresh" ] && [ -n "$(find "$af_memo" -newer "$af_d/refreshed" 2>/dev/null)" ] &&
		apt_dir=$(cat "$af_memo") && [ -d "$apt_dir" ]; then
		return 0
	fi
	# shellcheck disable=SC2016 # $(REPO_URI) is apt's format, not the shell's
	case $af_suite in
	*-security) # a separate archive, often absent from a minimal machine's sources
		af_uri=${SMACK_SUITE_DEBIAN_SECURITY_URI:-$(apt-get indextargets 'Label: Debian-Security' --format '$(REPO_URI)' 2>/dev/null | head -n 1)}
		af_uri=${af_uri:-http://deb.debian.org/debian-security} ;;
	*) af_uri=${SMACK_SUITE_DEBIAN_URI:-$(apt-get indextargets 'Origin: Debian' 'Label: Debian' --format '$(REPO_URI)' 2>/dev/null | head -n 1)}
		[ -n "$af_uri" ] || { apt_error="no Debian archive in this machine's apt sources (apt-get update first, or set SMACK_SUITE_DEBIAN_URI)"; return 1; } ;;
	esac
	mkdir -p "$af_d/lists/partial" "$af_d/cache/archives/partial" "$af_d/none" || { apt_error="cannot create $af_d"; return 1; }
	# One fetch per suite at a time (two runs at once would race for the lists).
	exec 9>"$af_d/lock"
	flock -w 900 9 || { exec 9>&-; apt_error="$af_d/lock is held by another fetch"; return 1; }
	af_rc=0
	apt_fetch_locked || af_rc=$?
	exec 9>&-
	return $af_rc
}

apt_fetch_locked() { # the body of apt_fetch, under its lock
	echo "deb $af_uri $af_suite main" >"$af_d/sources.list"
	af_arch=${af_farch:-$(dpkg --print-architecture)}
	set -- -q -o Dir::Etc::sourcelist="$af_d/sources.list" -o Dir::Etc::sourceparts="$af_d/none" \
		-o Dir::Etc::preferencesparts="$af_d/none" -o Dir::State::Lists="$af_d/lists" -o Dir::Cache="$af_d/cache" \
		-o APT::Architecture="$af_arch" -o APT::Architectures::="$af_arch" \
		-o Acquire::Retries=3 -o APT::Sandbox::User=root
	af_errs=$af_d/apt.err
	: >"$af_errs"
	# Fresh lists serve every fetch from the suite; a package they no longer
	# lead to (gone from the mirror) refreshes them anyway.
	[ -n "$af_fresh" ] || apt_refresh "$@"
	if ! apt_fetch_version "$@"; then
		[ -n "$af_fresh" ] || return 1 # just refreshed: nothing more to try
		apt_refresh "$@"
		apt_fetch_version "$@" || return 1
	fi
	apt_dir=$af_fetched
	echo "$apt_dir" >"$af_memo.$$" && mv "$af_memo.$$" "$af_memo"
}

apt_refresh() { # ARGS...: apt-get update on the private lists
	# A failed refresh keeps the lists there were (a mirror mid-sync).
	if apt-get "$@" update >&2 2>"$af_errs"; then
		touch "$af_d/refreshed"
	else
		note "cannot refresh the $af_suite lists, using those there are: $(grep '^E: ' "$af_errs" | head -n 1)"
	fi
}

apt_fetch_version() { # ARGS...: the candidate of $af_pkg, downloaded and unpacked once
	af_ver=$(apt-cache "$@" show --no-all-versions "$af_pkg" 2>"$af_errs.show" | sed -n 's/^Version: //p')
	if [ -z "$af_ver" ]; then
		apt_error="$(grep '^[WE]: ' "$af_errs" | sort -u | tr '\n' ' ')apt-cache show $af_pkg: $(grep -h '^[WE]: ' "$af_errs.show" | tr '\n' ' ' | sed 's/ $//')"
		return 1
	fi
	af_fetched=$SUITE_CACHE/debian/${af_pkg}_$af_ver${af_farch:+_$af_farch}
	if [ ! -d "$af_fetched" ]; then
		af_tmp=$(mktemp -d "$af_d/dl.XXXXXX")
		if ! (cd "$af_tmp" && apt-get "$@" download "$af_pkg=$af_ver" >&2 2>"$af_errs") ||
			! dpkg-deb -x "$af_tmp"/*.deb "$af_tmp/x" 2>>"$af_errs"; then
			apt_error=$(grep '^[WE]: \|dpkg-deb' "$af_errs" | sort -u | tr '\n' ' ' | sed 's/ $//')
			rm -rf "$af_tmp"
			return 1
		fi
		mkdir -p "$SUITE_CACHE/debian" && mv "$af_tmp/x" "$af_fetched" && rm -rf "$af_tmp"
	fi
}

# debian_source PACKAGE: this release's Debian kernel source (linux-source-X.Y),
# its tarball in $ds_tarball and identity in $ds_ident. Installed with the
# machine's apt; if its sources lack the package, fetched (never installed)
# from the release's security suite, where Debian publishes its newer kernel
# lines (bookworm's linux-source-6.12): a debootstrapped machine has no
# security suite in its sources. Non-zero with both reasons in $apt_error.
# shellcheck disable=SC2034 # ds_* are the callers' to read
debian_source() {
	ds_tarball='' ds_ident='' ds_fetched='' ds_err='' ds_suite=$(host_release)-security
	# Fetched from there before and still unknown to the machine's lists
	# (installed packages included): no failing apt-get install and update on
	# every warm run. A matrix job's apt_install makes no apt call anyway, and
	# reads the matrix's reason.
	if [ -z "${SMACK_SUITE_APT_DONE:-}" ] && [ -s "$(apt_suite_dir "$ds_suite")/memo.$1" ] &&
		! apt-cache show --no-all-versions "$1" 2>/dev/null | grep -q '^Version: '; then
		ds_err="$1 is not in this machine's apt lists"
	elif apt_install "$1"; then
		ds_tarball=/usr/src/$1.tar.xz
		ds_ident="debian $1 $(dpkg-query -W -f='${Version}' "$1")"
		return 0
	else
		ds_err=$apt_error
	fi
	# A matrix job tries the suite only if the matrix fetched from it.
	[ -z "${SMACK_SUITE_APT_DONE:-}" ] || [ -e "$SMACK_SUITE_APT_DONE/$1@$ds_suite.dir" ] || return 1
	if ! apt_fetch "$1" "$ds_suite"; then
		apt_error="$ds_err; nor from $ds_suite: $apt_error"
		return 1
	fi
	[ -n "${SMACK_SUITE_APT_DONE:-}" ] ||
		note "$1 is not in this machine's apt sources: fetched from $ds_suite (private apt configuration, not installed)"
	ds_tarball=$apt_dir/usr/src/$1.tar.xz ds_fetched=$ds_suite
	# The same package and version as an installed one: the same kernel cache key.
	ds_ident="debian $1 ${apt_dir##*_}"
}

# apt_need PACKAGE...: as apt_install, but a failure ends the script.
apt_need() {
	apt_install "$@" || die "could not install:$missing: $apt_error"
}

# cross_sysroot DEB_ARCH: the static libraries and headers the suite links
# (libcap-dev, libkeyutils-dev) of this machine's Debian release for
# DEB_ARCH, fetched with apt_fetch into one directory, set in $sysroot.
cross_sysroot() {
	parts=''
	for p in libcap-dev libkeyutils-dev; do
		apt_fetch "$p" "$(host_release)" "$1" || return 1
		parts="$parts $apt_dir"
	done
	sysroot=$SUITE_CACHE/sysroot/$1-$(echo "$parts" | sha256sum | cut -c1-12)
	[ -d "$sysroot" ] && return 0
	tmp=$(mktemp -d "$SUITE_CACHE/sysroot.XXXXXX") || return 1
	for p in $parts; do cp -a "$p/." "$tmp/"; done
	mkdir -p "$SUITE_CACHE/sysroot" && mv "$tmp" "$sysroot"
}

# static_suite ARCH LOG: build the static suite for ARCH (host, or aarch64 or
# armhf cross-built with vm/toolchains/ARCH.cmake, Debian's cross gcc and a
# cross_sysroot) into build-static or build-ARCH; prints the binary's path.
static_suite() {
	top=$(dirname -- "$VM_DIR")
	case $1 in
	host) dir=$top/build-static tc='' ;;
	aarch64) dir=$top/build-aarch64 tc=$VM_DIR/toolchains/aarch64.cmake deb=arm64 gnu=aarch64-linux-gnu ;;
	armhf) dir=$top/build-armhf tc=$VM_DIR/toolchains/armhf.cmake deb=armhf gnu=arm-linux-gnueabihf ;;
	*) die "unknown suite arch '$1' (host, aarch64, armhf)" ;;
	esac
	if [ -z "$tc" ]; then
		apt_need cmake build-essential libcap-dev libkeyutils-dev
	else
		# The cross C library is only a Recommends of the cross gcc: name it.
		apt_need cmake "gcc-$gnu" "libc6-dev-$deb-cross"
		cross_sysroot "$deb" || die "cannot fetch the $deb libraries: $apt_error"
	fi
	note "building the static suite ($1)"
	if ! { cmake -S "$top" -B "$dir" ${tc:+-DCMAKE_TOOLCHAIN_FILE="$tc" -DSUITE_SYSROOT="$sysroot"} \
		-DSUITE_STATIC=ON -DSUITE_GUEST_TESTS=OFF -DSUITE_UNIT_TESTS=OFF &&
		cmake --build "$dir" --target smack-ipc-suite -j "$(nproc)"; } >"$2" 2>&1; then
		die "building the $1 suite failed; see $2"
	fi
	echo "$dir/smack-ipc-suite"
}

# build_payload DIR [ARCH]: build the static suite and the guest initramfs
# for a kernel ARCH (x86_64, the default, or arm64) into DIR; prints the
# initramfs path. SMACK_SUITE_INIT replaces the guest init (tests).
# Runs in $(...), where bash drops set -e: every failure exits explicitly.
build_payload() {
	compat=''
	case ${2:-x86_64} in
	x86_64) suite=$(static_suite host "$1/suite-build.log") || exit 1; cpio=$1/initramfs.cpio ;;
	arm64) suite=$(static_suite aarch64 "$1/suite-build-arm64.log") || exit 1; cpio=$1/initramfs-arm64.cpio
		# The armhf build too: the guest runs it in 32-bit compat mode.
		compat=$(static_suite armhf "$1/suite-build-armhf.log") || exit 1 ;;
	*) die "unknown kernel arch '$2' (x86_64, arm64)" ;;
	esac
	"$VM_DIR/make-initramfs.sh" -a "${2:-x86_64}" ${compat:+-c "$compat"} "$suite" "$cpio" \
		"${SMACK_SUITE_INIT:-$VM_DIR/guest-init.sh}" || exit 1
	echo "$cpio"
}

# For the test scripts. check DESCRIPTION COMMAND...: run the command, print
# ok/FAIL, count failures; checks_done exits 1 if any failed.
failures=0
check() {
	what=$1
	shift
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}
checks_done() { # SUMMARY
	[ "$failures" -eq 0 ] || { echo "$failures check(s) failed; $1"; exit 1; }
}

# kunit_dir VERSION: tools/testing/kunit of Debian's linux-source-VERSION (the
# kernel's own KTAP parser), unpacked once into the cache; prints the path.
kunit_dir() {
	kd_dir=$SUITE_CACHE/kunit/linux-source-$1
	if [ ! -f "$kd_dir/kunit_parser.py" ]; then
		debian_source "linux-source-$1" || die "no linux-source-$1: $apt_error"
		mkdir -p "$SUITE_CACHE/kunit"
		kd_tmp=$(mktemp -d "$SUITE_CACHE/kunit/.tmp.XXXXXX")
		tar -xJf "$ds_tarball" -C "$kd_tmp" --strip-components=4 \
			--wildcards '*/tools/testing/kunit/*.py' || die "cannot unpack kunit from linux-source-$1"
		rm -rf "$kd_dir"
		mv "$kd_tmp" "$kd_dir"
	fi
	echo "$kd_dir"
}

# tap_py FILE: Debian's python3-tap (tap.py) reads FILE as its tappy command
# does (the package ships the module, not the command).
tap_py() {
	/usr/bin/python3 -c 'import sys; from tap.main import main; sys.exit(main(sys.argv))' "$1"
}

# ptest_count FILE PASS|FAIL|SKIP: how many results of that kind Yocto reads in
# run-ptest output FILE. The ptest runner wraps it in BEGIN:/END: lines and its
# log parser (oeqa logparser) takes ^PASS:(.+), ^FAIL:([^(]+) and ^SKIP:(.+).
ptest_count() {
	case $2 in PASS | SKIP) pc_re="^$2:.+" ;; FAIL) pc_re='^FAIL:[^(]+' ;; *) die "ptest_count: $2" ;; esac
	{ echo "BEGIN: /usr/lib/smack-ipc-suite/ptest"; cat "$1"; echo "END: /usr/lib/smack-ipc-suite/ptest"; } |
		awk -v re="$pc_re" '/^BEGIN: .*\/(.+)\/ptest/ { in_s = 1; next } /^END: .*\/(.+)\/ptest/ { in_s = 0 }
			in_s && $0 ~ re { n++ } END { print n + 0 }'
}
