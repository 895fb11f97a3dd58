#!/bin/bash
# The kernel matrix: build and boot every kernel of a list (in parallel up
# to the number of cores), collect TAP and console logs per kernel, and
# render the report. Results replace OUT_DIR only once complete.
# Usage: vm/matrix.sh [-c KERNELS_CONF] [-o OUT_DIR] [-j JOBS] [-t TIMEOUT_S] [NAME...]
#   defaults: vm/kernels.conf, results/reference, nproc, 1800; NAMEs pick kernels
# Exit: 0 every kernel ok and every case ok, 1 otherwise, 2 bad input.
set -eu
# shellcheck source=vm/lib.sh
. "$(dirname -- "$0")/lib.sh"
top=$(dirname -- "$VM_DIR")

conf=$VM_DIR/kernels.conf out=$top/results/reference jobs=$(nproc) limit=1800
while getopts c:o:j:t: opt; do
	case $opt in
	c) conf=$OPTARG ;;
	o) out=$OPTARG ;;
	j) jobs=$OPTARG ;;
	t) limit=$OPTARG ;;
	*) echo "usage: $0 [-c KERNELS_CONF] [-o OUT_DIR] [-j JOBS] [-t TIMEOUT_S] [NAME...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ -r "$conf" ] || { echo "matrix.sh: kernel list $conf not readable" >&2; exit 2; }
case $jobs$limit in *[!0-9]*) echo "matrix.sh: -j and -t take numbers" >&2; exit 2 ;; esac

# Parse the list first: a malformed line stops the run before any build.
names=() sources=() options=() arches=()
n=0
while read -r name source opts extra; do
	n=$((n + 1))
	case $name in '' | '#'*) continue ;; esac
	if [ -z "$source" ] || [ -n "$extra" ] || ! [[ $name =~ ^[A-Za-z0-9._+-]+$ ]] ||
		! [[ $source =~ ^(debian|tarball|tree|prebuilt): ]]; then
		echo "matrix.sh: $conf line $n: expected 'NAME SOURCE [OPTIONS]' with SOURCE debian:|tarball:|tree:|prebuilt:" >&2
		exit 2
	fi
	arch=x86_64
	[[ ,$opts, =~ ,arch=([^,]*), ]] && arch=${BASH_REMATCH[1]}
	case $arch in x86_64 | arm64) ;; *)
		echo "matrix.sh: $conf line $n: arch=$arch: expected arch=x86_64 or arch=arm64" >&2
		exit 2 ;;
	esac
	if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qxF "$name"; then continue; fi
	names+=("$name") sources+=("$source") options+=("${opts:--}") arches+=("$arch")
done <"$conf"
[ ${#names[@]} -gt 0 ] || { echo "matrix.sh: no kernel selected from $conf" >&2; exit 2; }

out=$(mkdir -p "$(dirname -- "$out")" && cd "$(dirname -- "$out")" && pwd)/$(basename -- "$out")
stage=$(dirname -- "$out")/.$(basename -- "$out").tmp.$$
rm -rf "$stage"
mkdir -p "$stage"
# An interrupt or error leaves the previous results untouched and no half-written run.
trap 'rm -rf "$stage"' EXIT
trap 'kill $(jobs -p) 2>/dev/null; exit 130' INT TERM
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
# One initramfs per architecture in the list.
declare -A initrds
for a in "${arches[@]}"; do
	if [ -z "${initrds[$a]:-}" ]; then initrds[$a]=$(build_payload "$stage" "$a"); fi
done
# The report tool is a host program, built in the host's static tree.
[ -n "${initrds[x86_64]:-}" ] || static_suite host "$stage/suite-build.log" >/dev/null
cmake --build "$top/build-static" --target smack-ipc-report >>"$stage/suite-build.log" 2>&1 ||
	die "building the report tool failed; see $stage/suite-build.log"

note "${#names[@]} kernel(s), up to $jobs at a time: ${names[*]}"
for i in "${!names[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
	(
		d=$stage/.${names[$i]}.tmp
		"$VM_DIR/kernel-run.sh" "${names[$i]}" "${sources[$i]}" "${options[$i]}" \
			"${initrds[${arches[$i]}]}" "$d" "$limit"
		# Keep a build log only where it explains something.
		grep -q '^status=build_failed\|^status=source_missing' "$d/kernel.info" || rm -f "$d/build.log"
		mv "$d" "$stage/${names[$i]}"
	) &
done
wait
rm -f "${initrds[@]}" "$stage"/suite-build*.log
{
	echo "suite_version=$(sed -n 's/.*SUITE_VERSION "\(.*\)"/\1/p' "$top/harness/suite.h")"
	echo "started=$started"
	echo "finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "kernels=${names[*]}"
	echo "config=${conf#"$top"/}"
} >"$stage/run.info"
rc=0
"$top/build-static/smack-ipc-report" render "$stage" || rc=$?
[ "$rc" -le 1 ] || die "rendering the report failed"
rm -rf "$out.old"
[ ! -e "$out" ] || mv "$out" "$out.old"
mv "$stage" "$out"
rm -rf "$out.old"
for name in "${names[@]}"; do
	echo "$name: $(sed -n 's/^status=//p' "$out/$name/kernel.info") $(sed -n 's/^detail=//p' "$out/$name/kernel.info")"
done
echo "report: $out/report.md ($out/report.html, summary.json, junit.xml)"
exit "$rc"
