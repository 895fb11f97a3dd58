#!/bin/sh
# Host unit test of tap-to-lava.sh: fixture TAP in, lava-test-case calls out,
# under busybox sh and awk (as on a board) and under the host's sh and awk,
# printing the calls (no lava-test-case) and through a fake lava-test-case.
# Usage: vm/lava/test-tap-to-lava.sh
set -eu
shim=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)/tap-to-lava.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bb" "$tmp/fake"
for a in awk cat; do ln -s "$(command -v busybox)" "$tmp/bb/$a"; done
printf '#!/bin/sh\necho "fake $*" >>"%s/calls"\n' "$tmp" >"$tmp/fake/lava-test-case"
chmod +x "$tmp/fake/lava-test-case"
failures=0
# expect NAME EXPECTED_FILE: run the shim on $tmp/in.tap every way, compare.
expect() {
	for how in busybox host fake; do
		case $how in
		busybox) PATH=$tmp/bb:$PATH busybox sh "$shim" "$tmp/in.tap" >"$tmp/out" ;;
		host) sh "$shim" <"$tmp/in.tap" >"$tmp/out" ;;
		fake) rm -f "$tmp/calls"; PATH=$tmp/fake:$PATH sh "$shim" "$tmp/in.tap" >/dev/null
			sed 's/^fake /lava-test-case /' "$tmp/calls" >"$tmp/out" ;;
		esac
		cp "$2" "$tmp/want" # the fake records calls only, not the printed reasons
		[ "$how" != fake ] || grep -v '^tap-to-lava:' "$2" >"$tmp/want"
		if diff -u "$tmp/want" "$tmp/out"; then echo "ok: $1 ($how)"; else echo "FAIL: $1 ($how)"; failures=$((failures + 1)); fi
	done
}

cat >"$tmp/in.tap" <<'T'
TAP version 13
1..9
ok 1 - fdpass_plain
not ok 2 - fdpass_dropped
  ---
  expected: {fds: 1}
  ok 7 - not a point (inside YAML)
  ...
ok 3 - onlycap_x # SKIP needs --change-global
not ok 4 - known_bug # TODO kernel fix pending
ok 5 - odd name/with spaces: & <LAVA_SIGNAL> =x
ok 6 - fdpass_plain
ok 7
ok 8 - escaped \# hash # SKIP
ok 9 no_dash_ktap_style
T
cat >"$tmp/want.1" <<'W'
lava-test-case fdpass_plain --result pass
lava-test-case fdpass_dropped --result fail
tap-to-lava: onlycap_x: SKIP needs --change-global
lava-test-case onlycap_x --result skip
tap-to-lava: known_bug: TODO kernel fix pending
lava-test-case known_bug --result skip
lava-test-case odd_name_with_spaces_____LAVA_SIGNAL___x --result pass
lava-test-case fdpass_plain_2 --result pass
lava-test-case test_7 --result pass
tap-to-lava: escaped____hash: SKIP
lava-test-case escaped____hash --result skip
lava-test-case no_dash_ktap_style --result pass
lava-test-case tap_plan --result pass
W
expect "points, skips, TODO, odd and repeated names" "$tmp/want.1"

printf 'TAP version 13\n1..3\nok 1 - a\nnot ok 2 - b\nBail out! interrupted by signal 15; 0 rules left\nok 3 - c\n' >"$tmp/in.tap"
printf '%s\n' 'lava-test-case a --result pass' 'lava-test-case b --result fail' \
	'tap-to-lava: bail_out: Bail out! interrupted by signal 15; 0 rules left' \
	'lava-test-case bail_out --result fail' >"$tmp/want.2"
expect "Bail out! is one failed case and ends the stream" "$tmp/want.2"

printf 'TAP version 13\n1..3\nok 1 - a\nok 2 - b\n' >"$tmp/in.tap"
printf '%s\n' 'lava-test-case a --result pass' 'lava-test-case b --result pass' \
	'tap-to-lava: tap_plan: plan 1..3 but 2 test points' 'lava-test-case tap_plan --result fail' >"$tmp/want.3"
expect "short plan" "$tmp/want.3"

printf 'ok 1 - a\nok 2 - tap_plan\n' >"$tmp/in.tap"
printf '%s\n' 'lava-test-case a --result pass' 'lava-test-case tap_plan --result pass' \
	'tap-to-lava: tap_plan_2: no plan (1..N) in the TAP; 2 test points' 'lava-test-case tap_plan_2 --result fail' >"$tmp/want.4"
expect "missing plan (and a point named like it)" "$tmp/want.4"

printf 'TAP version 13\r\n1..0 # SKIP SMACK is not active\r\n' >"$tmp/in.tap"
printf '%s\n' 'tap-to-lava: tap_plan: SKIP SMACK is not active' 'lava-test-case tap_plan --result skip' >"$tmp/want.5"
expect "skip-all plan (CRLF)" "$tmp/want.5"

: >"$tmp/in.tap"
printf '%s\n' 'tap-to-lava: tap_plan: no plan (1..N) in the TAP; 0 test points' 'lava-test-case tap_plan --result fail' >"$tmp/want.6"
expect "empty TAP" "$tmp/want.6"

out=$(sh "$shim" "$tmp/missing.tap")
case $out in *"cannot read"*"lava-test-case tap_plan --result fail") echo "ok: unreadable file" ;;
*) echo "FAIL: unreadable file: $out"; failures=$((failures + 1)) ;; esac
[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "tap-to-lava: all checks passed"
