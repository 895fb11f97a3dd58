#!/bin/sh
# SMACK's audit records and access2 answers in the report agree with the TAP:
# each kernel's counts in summary.json (refusals with and without a record,
# denied records without a refusal, audit errors, access2 disagreements) are
# what its main.tap's per-case `audit` and `access2` blocks say, worked out
# here on their own (awk, not the C code); the runner's last point is held
# against them as the report does; a kernel without the blocks is null
# ("not recorded"), never 0; report.md's table says the same, and the
# Findings sections of report.md and report.html name every case with a
# finding; test-answer.sh passes on the rendered copy. Each RUN_DIR is copied
# and rendered elsewhere: nothing is written into it.
# Usage: results/report/test-audit.sh SMACK_IPC_REPORT RUN_DIR...
set -eu
cli=${1:?usage: test-audit.sh SMACK_IPC_REPORT RUN_DIR...}
shift
[ $# -gt 0 ] || { echo "usage: test-audit.sh SMACK_IPC_REPORT RUN_DIR..." >&2; exit 2; }
runs=$*
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
command -v jq >/dev/null || { echo "FAIL: jq not found (apt-get install jq)"; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# One line per kernel's TAP: cases audited, recorded, missing, unexpected,
# errors, cases asked access2, disagreements, then the runner's five counts
# ("-" when it does not say); and one "finding NAME" line per case with one.
from_tap() {
	awk -v OFS='\t' '
	function flush() {
		if (!inp) return
		if (name == "runner_revoked_every_rule_it_created") { inp = 0; return }
		if (aud) {
			na++
			if (err) cls = "error"
			else {
				d = denied + (count > nrec ? count - nrec : 0)
				if (den != "" && den + 0 > 0 && d == 0) cls = "missing"
				else if (den != "" && den + 0 == 0 && d > 0) cls = "unexpected"
				else cls = d ? "recorded" : "nothing"
			}
			n[cls]++
		}
		if (acc) { nacc++; if (dis) ndis++ }
		if ((aud && (cls == "missing" || cls == "unexpected" || cls == "error" || finding)) || dis)
			print "finding", name
		inp = 0
	}
	function val(s) { sub(/^[^:]*: */, "", s); gsub(/^"|"$/, "", s); return s }
	/^(not )?ok [0-9]+ - / {
		flush()
		name = $0; sub(/^(not )?ok [0-9]+ - /, "", name); sub(/ # .*/, "", name)
		inp = 1; top = ""; aud = acc = dis = err = finding = 0; den = ""; count = nrec = denied = 0
		next
	}
	/^[^ ]/ { flush(); next }
	!inp { next }
	/^  [a-z_0-9]+:/ { top = $1; sub(/:$/, "", top); if (top == "audit") aud = 1; if (top == "access2") acc = 1 }
	top == "access2" && /^    - / { if ($0 ~ /, but the rules /) dis = 1 }
	top == "audit" && /^    denials_observed:/ { den = val($0); if (den !~ /^[0-9]+$/) den = "" }
	top == "audit" && /^    count:/ { count = val($0) + 0 }
	top == "audit" && /^    error:/ { err = 1 }
	top == "audit" && /^    finding:/ { finding = 1 }
	top == "audit" && /^      - / { nrec++; if ($0 ~ /action=denied /) denied++ }
	# The runner point: its own tally.
	name == "runner_revoked_every_rule_it_created" && /^  access2_disagreements:/ { r_dis = val($0) }
	name == "runner_revoked_every_rule_it_created" && /^    refusals_with_record:/ { r_rec = val($0) }
	name == "runner_revoked_every_rule_it_created" && /^    refusals_without_record:/ { r_mis = val($0) }
	name == "runner_revoked_every_rule_it_created" && /^    records_without_refusal:/ { r_une = val($0) }
	name == "runner_revoked_every_rule_it_created" && /^    errors:/ { r_err = val($0) }
	END {
		flush()
		print "counts", na + 0, n["recorded"] + 0, n["missing"] + 0, n["unexpected"] + 0,
		      n["error"] + 0, nacc + 0, ndis + 0,
		      r_rec == "" ? "-" : r_rec, r_mis == "" ? "-" : r_mis, r_une == "" ? "-" : r_une,
		      r_err == "" ? "-" : r_err, r_dis == "" ? "-" : r_dis
	}' "$1"
}

for src in "$@"; do
	[ -d "$src" ] || { fail "no run directory $src"; continue; }
	run=$tmp/run
	rm -rf "$run"
	cp -r "$src" "$run"
	rm -f "$run/summary.json" "$run/report.md" "$run/report.html" "$run/junit.xml"
	"$cli" render "$run" >/dev/null 2>&1 || true
	[ -f "$run/summary.json" ] || { fail "$src: no summary.json rendered"; continue; }
	# The answer page's marks still read the same with the audit notes beside them.
	sh "$here/test-answer.sh" "$run" >"$tmp/answer.log" 2>&1 ||
		fail "$src: test-answer.sh on the rendered copy: $(head -n 3 "$tmp/answer.log")"
	: >"$tmp/names"
	kernels=$(jq -r '.kernels[].name' "$run/summary.json")
	checked=0
	for k in $kernels; do
		[ -f "$run/$k/main.tap" ] || continue
		from_tap "$run/$k/main.tap" >"$tmp/tap"
		grep '^finding' "$tmp/tap" | cut -f2 >>"$tmp/names" || true
		nfind=$(grep -c '^finding' "$tmp/tap" || true)
		# shellcheck disable=SC2046 # the counts are words
		set -- $(grep '^counts' "$tmp/tap" | cut -f2-)
		audited=$1 rec=$2 mis=$3 une=$4 err=$5 nacc=$6 dis=$7
		r_rec=$8 r_mis=$9 r_une=${10} r_err=${11} r_dis=${12}
		if [ "$audited" -eq 0 ]; then
			want_audit=null
		else
			if [ "$r_rec$r_mis$r_une$r_err" = "----" ]; then
				runner=null agrees=null
			else
				runner="{\"refusals_with_record\":$(echo "$r_rec" | sed 's/^-$/null/'),\"refusals_without_record\":$(echo "$r_mis" | sed 's/^-$/null/'),\"records_without_refusal\":$(echo "$r_une" | sed 's/^-$/null/'),\"errors\":$(echo "$r_err" | sed 's/^-$/null/')}"
				agrees=false
				[ "$r_rec $r_mis $r_une $r_err" != "$rec $mis $une $err" ] || agrees=true
			fi
			want_audit="{\"cases\":$audited,\"refusals_with_record\":$rec,\"refusals_without_record\":$mis,\"records_without_refusal\":$une,\"errors\":$err,\"runner\":$runner,\"runner_agrees\":$agrees}"
		fi
		if [ "$nacc" -eq 0 ]; then
			want_acc=null
		else
			agrees=null
			[ "$r_dis" = - ] || { agrees=false; [ "$r_dis" != "$dis" ] || agrees=true; }
			want_acc="{\"cases\":$nacc,\"disagreements\":$dis,\"runner\":$(echo "$r_dis" | sed 's/^-$/null/'),\"runner_agrees\":$agrees}"
		fi
		got_audit=$(jq -c --arg k "$k" '.kernels[] | select(.name == $k) | .audit
			| if . == null then null else del(.neither, .refusal_unknown) end' "$run/summary.json")
		got_acc=$(jq -c --arg k "$k" '.kernels[] | select(.name == $k) | .access2
			| if . == null then null else del(.not_asked) end' "$run/summary.json")
		[ "$got_audit" = "$want_audit" ] ||
			fail "$src: $k: summary.json's audit is $got_audit, the TAP says $want_audit"
		[ "$got_acc" = "$want_acc" ] ||
			fail "$src: $k: summary.json's access2 is $got_acc, the TAP says $want_acc"
		want_f=$nfind
		[ "$audited$nacc" != 00 ] || want_f=null
		got_f=$(jq -c --arg k "$k" '.findings_per_kernel[$k]' "$run/summary.json")
		[ "$got_f" = "$want_f" ] || fail "$src: $k: summary.json has $got_f cases with a finding, the TAP $want_f"
		# report.md's table: the same numbers, or "not recorded".
		if [ "$audited" -eq 0 ]; then
			row="| $k | not recorded | not recorded | not recorded | not recorded | not recorded |"
		else
			row="| $k | $audited | $rec"
		fi
		grep -F -q -- "$row" "$run/report.md" || fail "$src: $k: report.md has no row '$row'"
		echo "audit: $src: $k: audited $audited: $rec recorded, $mis without record, $une without refusal, $err errors; access2 $nacc, $dis disagreements; $nfind with a finding"
		checked=$((checked + 1))
	done
	[ "$checked" -gt 0 ] || fail "$src: no kernel's TAP checked"
	# Every case with a finding is named in both Findings sections.
	sed -n '/^## Findings$/,/^## Kernels$/p' "$run/report.md" >"$tmp/md"
	sed -n '/^<h2>Findings<\/h2>$/,/^<h2>Kernels<\/h2>$/p' "$run/report.html" >"$tmp/html"
	sort -u "$tmp/names" >"$tmp/unique"
	while IFS= read -r name; do
		grep -F -q "\`$name\`" "$tmp/md" || fail "$src: report.md's Findings do not name $name"
		grep -F -q "<code>$name</code>" "$tmp/html" || fail "$src: report.html's Findings do not name $name"
	done <"$tmp/unique"
	if [ ! -s "$tmp/names" ]; then
		grep -q -E '^(Not recorded|.*Cases with a finding)' "$tmp/md" ||
			fail "$src: report.md's Findings say neither none nor not recorded"
	fi
done
[ "$failures" -eq 0 ] || exit 1
echo "audit: summary.json's and report.md's audit and access2 counts agree with the TAP in $runs"
