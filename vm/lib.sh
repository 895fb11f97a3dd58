# Shared settings for the vm/ scripts (sourced, not run).
# Kernel builds live outside the clone so a fresh checkout reuses them.
# shellcheck shell=sh
export SUITE_CACHE; SUITE_CACHE=${SMACK_SUITE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smack-ipc-suite}
export VM_DIR; VM_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)

die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }
note() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

# apt_need PACKAGE...: install missing Debian packages, or say which are missing.
apt_need() {
	missing=
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	[ "$(id -u)" = 0 ] || die "missing Debian packages:$missing (install them as root)"
	note "installing$missing"
	# shellcheck disable=SC2086 # word splitting of the package list is wanted
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >&2 ||
		{ apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >&2; } ||
		die "could not install:$missing"
}
