#!/bin/bash
# The kernel matrix: build and boot every kernel of a list (in parallel up
# to the number of cores), collect TAP and console logs per kernel, and
# render the report into a new run directory.
# Usage: vm/matrix.sh [-c KERNELS_CONF] [-o OUT_DIR] [-f] [-j JOBS] [-t TIMEOUT_S] [NAME...]
#   defaults: vm/kernels.conf, results/runs/matrix-UTCTIME (not tracked), nproc, 1800
#   -o DIR  write there instead; an existing DIR must be an earlier run of this
#           script, replaced only once the new run is complete, and never by a
#           run in which a kernel that was ok there is not ok (the new run is
#           then kept as DIR.rejected-UTCTIME) unless -f is given.
#           Refreshing the committed reference: -o results/reference
#   NAMEs pick kernels from the list.
# Exit: 0 every kernel ok and every case ok, 1 otherwise, 2 bad input, 130
# interrupted (SIGINT, SIGTERM, SIGHUP). However it ends, no job outlives it.
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"
top=$(dirname -- "$VM_DIR")
usage="usage: $0 [-c KERNELS_CONF] [-o OUT_DIR] [-f] [-j JOBS] [-t TIMEOUT_S] [NAME...]"
bad() { echo "matrix.sh: $*" >&2; exit 2; }

now=$(date -u +%Y%m%dT%H%M%SZ)
conf=$VM_DIR/kernels.conf out=$top/results/runs/matrix-$now jobs=$(nproc) limit=1800 force=no
while getopts c:o:fj:t: opt; do
	case $opt in
	c) conf=$OPTARG ;;
	o) out=$OPTARG ;;
	f) force=yes ;;
	j) jobs=$OPTARG ;;
	t) limit=$OPTARG ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if ! [ -f "$conf" ] || ! [ -r "$conf" ]; then bad "kernel list $conf not readable"; fi
[[ $jobs =~ ^[1-9][0-9]*$ ]] || bad "-j takes a whole number of at least 1, not '$jobs'"
[[ $limit =~ ^[1-9][0-9]*$ ]] || bad "-t takes a whole number of seconds of at least 1, not '$limit'"

# Parse the list first: a malformed line stops the run before anything is
# built or written. A last line without a newline counts.
names=() sources=() options=() arches=() seen=()
n=0
while IFS= read -r line || [ -n "$line" ]; do
	n=$((n + 1))
	where="$conf line $n"
	case $line in *$'\r'*) bad "$where ends in a carriage return (CRLF): save the list with Unix line endings" ;; esac
	read -r name source opts extra <<<"$line" || true
	case ${name:-} in '' | '#'*) continue ;; esac
	if [ -z "${source:-}" ] || [ -n "${extra:-}" ] || ! [[ $name =~ ^[A-Za-z0-9._+-]+$ ]] ||
		! [[ $source =~ ^(debian|tarball|tree|prebuilt):. ]]; then
		bad "$where: expected 'NAME SOURCE [OPTIONS]' with SOURCE debian:|tarball:|tree:|prebuilt:"
	fi
	for s in "${seen[@]}"; do [ "$s" != "$name" ] || bad "$where: kernel name '$name' is used twice"; done
	seen+=("$name")
	arch=x86_64
	IFS=, read -ra items <<<"${opts:--}"
	for o in "${items[@]}"; do
		case $o in
		- | make=?* | origin=?*) ;;
		cc=*) [[ ${o#cc=} =~ ^[A-Za-z0-9._+-]+$ ]] || bad "$where: bad compiler in '$o'" ;;
		arch=x86_64 | arch=arm64) arch=${o#arch=} ;;
		arch=*) bad "$where: $o: expected arch=x86_64 or arch=arm64" ;;
		*) bad "$where: unknown option '$o' (expected -, cc=COMPILER, make=ARG, arch=x86_64|arm64 or origin=TEXT)" ;;
		esac
	done
	if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qxF "$name"; then continue; fi
	names+=("$name") sources+=("$source") options+=("${opts:--}") arches+=("$arch")
done <"$conf"
[ ${#names[@]} -gt 0 ] || bad "no kernel selected from $conf"

# The output: refuse what cannot be created or must not be replaced before
# anything is written, and never remove a path this run did not create.
parent=$(dirname -- "$out") base=$(basename -- "$out")
case $base in / | . | ..) bad "-o $out: not a usable directory name" ;; esac
mkdir -p -- "$parent" 2>/dev/null || bad "-o $out: cannot create its parent directory $parent"
parent=$(CDPATH='' cd -- "$parent" && pwd -P) || bad "-o $out: cannot enter $parent"
out=${parent%/}/$base
if [ -e "$out" ] || [ -L "$out" ]; then
	if ! [ -d "$out" ] || [ -L "$out" ]; then bad "-o $out exists and is not a directory; refusing to replace it"; fi
	[ -f "$out/run.info" ] || [ -z "$(ls -A -- "$out")" ] ||
		bad "-o $out exists and is not a matrix run directory (no run.info); refusing to replace it"
fi
stage=$(mktemp -d "$parent/.$base.tmp.XXXXXX" 2>/dev/null) || bad "-o $out: cannot write in $parent"

# An interrupt or error leaves the previous results untouched and no
# half-written run. Each kernel job runs in its own process group (setsid),
# so an interrupt ends all of it, QEMU included, not just this shell.
pgids=()
# shellcheck disable=SC2317 # called from the trap below
stop_jobs() {
	for g in "${pgids[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
	for j in $(jobs -p); do kill -TERM "$j" 2>/dev/null || true; done
	wait 2>/dev/null || true # the kernel jobs themselves
	# What they started (run-guest.sh, QEMU): gone within seconds, or killed.
	for g in "${pgids[@]}"; do
		gone="while kill -0 -- -$g 2>/dev/null; do sleep 0.1; done"
		timeout 5 sh -c "$gone" || { kill -KILL -- "-$g" 2>/dev/null; timeout 2 sh -c "$gone"; } || true
	done
}
# Any exit, an error too, ends the jobs first: none may outlive the stage.
trap 'stop_jobs; rm -rf -- "$stage"' EXIT
trap 'note "interrupted: stopping every kernel job"; exit 130' INT TERM HUP
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# Every Debian package the run needs, installed once before the parallel
# jobs (which then never run apt). A kernel whose source package cannot be
# installed becomes a source_missing row quoting apt's reason.
common='build-essential bc flex bison libelf-dev libssl-dev xz-utils cmake libcap-dev libkeyutils-dev busybox-static cpio file'
kpkgs='' ksrcs=''
for i in "${!names[@]}"; do
	case ${sources[$i]} in
	debian:*@*) ;; # another suite's source: fetched below, not installed
	debian:*) ksrcs="$ksrcs ${sources[$i]#debian:}" ;;
	tarball:http*) kpkgs="$kpkgs curl" ;;
	esac
	[[ ,${options[$i]}, =~ ,cc=([^,]*), ]] && kpkgs="$kpkgs ${BASH_REMATCH[1]}"
	case ${arches[$i]} in
	x86_64) common="$common qemu-system-x86" ;;
	arm64) # the arm64 suite, and the armhf one the guest runs in compat mode
		# (their libraries come into a sysroot: no foreign architecture)
		common="$common qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
		common="$common gcc-arm-linux-gnueabihf libc6-dev-armhf-cross" ;;
	esac
done
mkdir "$stage/apt"
# shellcheck disable=SC2086 # package lists are space-separated words
if ! apt_install $common $kpkgs; then
	apt_install $common || die "cannot install the packages every kernel needs: $apt_error"
	for p in $kpkgs; do apt_install "$p" || echo "$apt_error" >"$stage/apt/$p.err"; done
fi
# Debian kernel sources one by one: one the machine's sources lack comes from
# the release's security suite (debian_source), and the jobs are told which.
for p in $ksrcs; do
	if ! debian_source "$p"; then echo "$apt_error" >"$stage/apt/$p.err"
	elif [ -n "$ds_fetched" ]; then echo "$apt_dir" >"$stage/apt/$p@$ds_fetched.dir"; fi
done
# Sources from other Debian suites, fetched once: two jobs of one suite
# would otherwise race for its private lists.
for src in "${sources[@]}"; do
	case $src in debian:*@*) ;; *) continue ;; esac
	key=${src#debian:}
	if [ -e "$stage/apt/$key.dir" ] || [ -e "$stage/apt/$key.err" ]; then continue; fi
	if apt_fetch "${key%@*}" "${key#*@}"; then echo "$apt_dir" >"$stage/apt/$key.dir"; else echo "$apt_error" >"$stage/apt/$key.err"; fi
done
# One initramfs per architecture in the list (it fetches what it needs).
declare -A initrds
for a in "${arches[@]}"; do
	if [ -z "${initrds[$a]:-}" ]; then initrds[$a]=$(build_payload "$stage" "$a"); fi
done
export SMACK_SUITE_APT_DONE=$stage/apt
# The report tool is a host program, built in the host's static tree.
[ -n "${initrds[x86_64]:-}" ] || static_suite host "$stage/suite-build.log" >/dev/null
cmake --build "$top/build-static" --target smack-ipc-report >>"$stage/suite-build.log" 2>&1 ||
	die "building the report tool failed; see $stage/suite-build.log"

# Guests share the host's CPUs: each of the guests running at once gets
# nproc / that many vCPUs. More vCPUs than cores makes TCG guests spin on
# locks held by a vCPU the host has descheduled (6.1 beside 6.12, both
# -smp 2 on 2 cores: 86 s boot to verdict, against 14 s alone).
if [ -z "${SMACK_SUITE_SMP:-}" ]; then
	at_once=$((jobs < ${#names[@]} ? jobs : ${#names[@]}))
	SMACK_SUITE_SMP=$(($(nproc) / (at_once > 0 ? at_once : 1)))
	[ "$SMACK_SUITE_SMP" -ge 1 ] || SMACK_SUITE_SMP=1
	export SMACK_SUITE_SMP
fi
# Foreign-arch kernels start first: emulating another instruction set (and
# arm64's 32-bit compat section) makes theirs the longest jobs, and a long
# job started last leaves the other CPUs idle while it ends.
host_arch=$(uname -m)
[ "$host_arch" != aarch64 ] || host_arch=arm64
order=()
for i in "${!names[@]}"; do [ "${arches[$i]}" = "$host_arch" ] || order+=("$i"); done
for i in "${!names[@]}"; do [ "${arches[$i]}" != "$host_arch" ] || order+=("$i"); done
started_as=()
for i in "${order[@]}"; do started_as+=("${names[$i]}"); done
note "${#names[@]} kernel(s), up to $jobs at a time, $SMACK_SUITE_SMP CPU(s) each, started in this order: ${started_as[*]}"
for i in "${order[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
	d=$stage/.${names[$i]}.tmp
	mkdir "$d"
	setsid "$VM_DIR/kernel-run.sh" "${names[$i]}" "${sources[$i]}" "${options[$i]}" \
		"${initrds[${arches[$i]}]}" "$d" "$limit" &
	pgids+=("$!")
done
wait
for i in "${!names[@]}"; do
	d=$stage/.${names[$i]}.tmp
	# kernel-run.sh turns every kernel problem into a status; if it failed
	# itself, the kernel still gets a row saying so, never a stray directory.
	[ -f "$d/kernel.info" ] || printf 'name=%s\nsource=%s\noptions=%s\nstatus=run_error\ndetail=%s\n' \
		"${names[$i]}" "$(source_shown "${sources[$i]}" "${options[$i]}")" "${options[$i]}" \
		"vm/kernel-run.sh ended before classifying the kernel (its messages are above)" >"$d/kernel.info"
	# Keep a build log only where it explains something.
	grep -q '^status=build_failed\|^status=source_missing' "$d/kernel.info" || rm -f "$d/build.log"
	mv "$d" "$stage/${names[$i]}"
done
rm -rf "$stage/apt"
rm -f "${initrds[@]}" "$stage"/suite-build*.log
{
	echo "suite_version=$(sed -n 's/.*SUITE_VERSION "\(.*\)"/\1/p' "$top/harness/suite.h")"
	echo "started=$started"
	echo "finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "kernels=${names[*]}"
	# The list by its path in the project, or its name: never a path of this machine.
	case $(CDPATH='' cd -- "$(dirname -- "$conf")" && pwd -P)/ in
	"$(CDPATH='' cd -- "$top" && pwd -P)"/*) echo "config=${conf#"$top"/}" ;;
	*) echo "config=${conf##*/}" ;;
	esac
} >"$stage/run.info"
rc=0
"$top/build-static/smack-ipc-report" render "$stage" || rc=$?
[ "$rc" -le 1 ] || die "rendering the report failed"

# A kernel that was ok in the run being replaced and is not ok now (or is
# gone) would lose a good column: keep the old run, say so, keep the new one.
status_of() { sed -n 's/^status=//p' "$1/$2/kernel.info" 2>/dev/null || true; }
lost=''
if [ -f "$out/run.info" ] && [ "$force" = no ]; then
	read -ra before <<<"$(sed -n 's/^kernels=//p' "$out/run.info")"
	for k in "${before[@]}"; do
		[ "$(status_of "$out" "$k")" = ok ] || continue
		st=$(status_of "$stage" "$k")
		[ "$st" = ok ] || lost="$lost $k(${st:-not run})"
	done
fi
if [ -n "$lost" ]; then
	kept=$out.rejected-$now
	mv "$stage" "$kept"
	note "not replacing $out: kernel(s) ok there are not ok in this run:$lost"
	note "this run is in $kept; -f replaces anyway"
	exit 1
fi
old=''
if [ -e "$out" ]; then old=$(mktemp -d "$parent/.$base.old.XXXXXX") && mv "$out" "$old/run"; fi
mv "$stage" "$out"
[ -z "$old" ] || rm -rf -- "$old"
for name in "${names[@]}"; do
	echo "$name: $(status_of "$out" "$name") $(sed -n 's/^detail=//p' "$out/$name/kernel.info")"
done
echo "report: $out/report.md ($out/report.html, summary.json, junit.xml)"
exit "$rc"
