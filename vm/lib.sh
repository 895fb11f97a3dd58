# Shared settings for the vm/ scripts (sourced, not run).
# Kernel builds live outside the clone so a fresh checkout reuses them.
# shellcheck shell=sh
export SUITE_CACHE; SUITE_CACHE=${SMACK_SUITE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smack-ipc-suite}
export VM_DIR; VM_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)

die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }
note() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

# apt_install PACKAGE...: install missing Debian packages; non-zero if that fails.
apt_install() {
	missing=
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		note "missing Debian packages:$missing (install them as root)"
		return 1
	fi
	note "installing$missing"
	# shellcheck disable=SC2086 # word splitting of the package list is wanted
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >&2 ||
		{ apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >&2; }
}

# apt_need PACKAGE...: as apt_install, but a failure ends the script.
apt_need() {
	apt_install "$@" || die "could not install:$missing"
}

# build_payload DIR: build the static suite and the guest initramfs into DIR;
# prints the initramfs path. SMACK_SUITE_INIT replaces the guest init (tests).
build_payload() {
	top=$(dirname -- "$VM_DIR")
	apt_need cmake build-essential libcap-dev libkeyutils-dev
	note "building the static suite"
	if ! { cmake -S "$top" -B "$top/build-static" -DSUITE_STATIC=ON -DSUITE_GUEST_TESTS=OFF &&
		cmake --build "$top/build-static" --target smack-ipc-suite -j "$(nproc)"; } >"$1/suite-build.log" 2>&1; then
		die "building the suite failed; see $1/suite-build.log"
	fi
	"$VM_DIR/make-initramfs.sh" "$top/build-static/smack-ipc-suite" "$1/initramfs.cpio" \
		"${SMACK_SUITE_INIT:-$VM_DIR/guest-init.sh}"
	echo "$1/initramfs.cpio"
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
