#!/bin/sh
# The committed LTS run explains every change: each transition of each case in
# summary.json's changed[] names its commit (40 hex, or the kernel's 12+ hex
# abbreviation where only that was ever seen) and a first_release consistent
# with the two kernels' releases, and neither report says "not identified".
# A change whose commit id is still unknown may lack one only if its subject
# is listed, with why, in RUN_DIR-commits-not-seen.txt beside the run (a
# matrix refresh replaces the run directory whole), and it is counted.
#   gained: from_release < first_release <= to_release
#   lost:   to_release < first_release, and first_release is in to's a.b series
#           (its stable backport), or is the mainline since when to's series
#           lists none
# Versions compare with sort -V.
# Usage: results/report/test-lts-summary.sh [RUN_DIR]   (default: results/lts)
# Exit: 0 all explained; 1 a check failed (each failure named); 2 usage or no jq.
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
run=${1:-$here/../lts}
[ $# -le 1 ] || { echo "usage: $0 [RUN_DIR]" >&2; exit 2; }
command -v jq >/dev/null || { echo "FAIL: jq not found (apt-get install jq)"; exit 2; }
json=$run/summary.json
run=${run%/}
notseen=$run-commits-not-seen.txt
[ -f "$json" ] || { echo "FAIL: no $json"; exit 1; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# a <= b as versions
ver_le() {
	[ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n 1)" = "$1" ]
}
# a < b as versions
ver_lt() {
	[ "$1" != "$2" ] && ver_le "$1" "$2"
}
# The a.b series of a release: 5.4.286 -> 5.4
series() {
	printf '%s\n' "$1" | sed -n 's/^\([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p'
}

if ! jq -e '.changed | type == "array"' "$json" >/dev/null; then
	fail "$json: no changed[] array"
elif [ "$(jq '.changed | length' "$json")" -eq 0 ]; then
	fail "$json: changed[] is empty"
fi

# One tab-separated line per transition; "-" stands for null or absent.
tab=$(printf '\t')
jq -r '.changed[]? | .name as $n
	| if (.transitions | type) != "array" or (.transitions | length) == 0
	  then [$n, "-", "-", "-", "-", "-", "-", "-", "-", "NO_TRANSITIONS", "-"]
	  else .transitions[] | [$n, .from, .to, .from_release, .to_release, .commit,
		.first_release, .direction, .since, (.backports // "-"), .subject]
	  end
	| map(if . == null or . == "" then "-" else tostring end) | @tsv' "$json" >"$tmp" ||
	fail "$json: jq cannot read changed[].transitions"
open=0
while IFS=$tab read -r name from to frel trel commit first dir since backports subject; do
	what="$name: $from -> $to"
	if [ "$backports" = NO_TRANSITIONS ]; then
		fail "$name: changed but lists no transition"
		continue
	fi
	if [ "$commit" = - ]; then
		if [ "$subject" != - ] && [ -f "$notseen" ] && grep -Fq -- "$subject" "$notseen"; then
			open=$((open + 1))
		else
			fail "$what: no commit (unexplained)"
			continue
		fi
	elif [ "${#commit}" -lt 12 ] || [ "${#commit}" -gt 40 ] ||
		[ -n "$(printf '%s' "$commit" | tr -d '0-9a-f')" ]; then
		fail "$what: commit '$commit' is not 12 to 40 hex digits"
	fi
	if [ "$first" = - ]; then
		fail "$what: no first_release"
		continue
	fi
	if [ "$frel" = - ] || [ "$trel" = - ]; then
		fail "$what: a kernel without a release ($frel, $trel)"
		continue
	fi
	case $dir in
	gained)
		ver_lt "$frel" "$first" ||
			fail "$what: gained, but from_release $frel is not before first_release $first"
		ver_le "$first" "$trel" ||
			fail "$what: gained, but first_release $first is after to_release $trel"
		;;
	lost)
		ver_lt "$trel" "$first" ||
			fail "$what: lost, but to_release $trel is not before first_release $first"
		if [ "$(series "$first")" != "$(series "$trel")" ]; then
			# Only the mainline release when to's series lists no backport.
			listed=no
			for b in $backports; do
				[ "$(series "$b")" != "$(series "$trel")" ] || listed=yes
			done
			if [ "$listed" = yes ] || [ "$first" != "$since" ]; then
				fail "$what: lost, but first_release $first is not in the $(series "$trel") series"
			fi
		fi
		;;
	*) fail "$what: direction '$dir' is neither gained nor lost" ;;
	esac
done <"$tmp"

for f in report.md report.html; do
	if [ ! -f "$run/$f" ]; then
		fail "no $run/$f"
	elif grep -n 'not identified' "$run/$f" >/dev/null; then
		fail "$run/$f says \"not identified\": $(grep -c 'not identified' "$run/$f") line(s), first: $(grep -n 'not identified' "$run/$f" | head -n 1 | cut -c1-160)"
	fi
done

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed in $run"; exit 1; }
if [ "$open" -gt 0 ]; then
	echo "lts_summary: $open transition(s) by changes whose commit id is still unknown (listed in $notseen)"
fi
echo "lts_summary: every other transition in $json names its commit and a consistent first release"
