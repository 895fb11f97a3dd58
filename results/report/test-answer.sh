#!/bin/sh
# The answer page agrees with the TAP: for every kernel, each mark of the fd
# grid (descriptor kind x rule set; no SO_PASSSEC, ample buffer, no option)
# is what that kernel's main.tap says the receiver got, worked out here from
# the YAML on its own (awk, not the C code); then report.md's squares and
# report.html's marks say the same as summary.json's answer.
# Usage: results/report/test-answer.sh RUN_DIR
set -eu
run=${1:?usage: test-answer.sh RUN_DIR}
command -v jq >/dev/null || { echo "FAIL: jq not found (apt-get install jq)"; exit 2; }
[ -f "$run/summary.json" ] || { echo "FAIL: no $run/summary.json"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
tab=$(printf '\t')

# One line per fd-passing point of the base grid: kind, column, outcome, word, not ok.
from_tap() {
	awk -v OFS='\t' '
	function flush(   col, oc, w, n, i, r, rs, rsw, srw, rsr, rsrw, other) {
		if (!inp || fam != "fdpass" || desc == "" || desc ~ /,/ || story || passsec == "true" ||
		    buf != "4096" || sets != "" || ipin) { inp = 0; return }
		n = 0; rsw = srw = rsr = rsrw = other = 0
		for (i = 1; i <= nrules; i++) {
			r = rules[i]
			if (r == "none") continue
			n++
			split(r, rs, " ")
			rs[1] = rs[1] == slabel ? "S" : rs[1] == rlabel ? "R" : "?"
			rs[2] = rs[2] == slabel ? "S" : rs[2] == rlabel ? "R" : "?"
			r = rs[1] " " rs[2] " " rs[3]
			if (r == "R S w") rsw = 1; else if (r == "S R w") srw = 1
			else if (r == "R S r") rsr = 1; else if (r == "R S rw") rsrw = 1; else other = 1
		}
		if (other) col = cap ? "" : "other rules"
		else if (cap) col = n ? "" : "CAP_MAC_OVERRIDE"
		else if (!n) col = "none"
		else if (n == 2 && rsw && srw) col = "R S w + S R w"
		else if (n != 1) col = "other rules"
		else col = rsw ? "R S w" : srw ? "S R w" : rsr ? "R S r" : rsrw ? "R S rw" : "other rules"
		if (col == "") { inp = 0; return }
		nfd = split(desc, parts, ",")
		if (skip) { oc = "skip"; w = "skip" }
		else if (err != "") { oc = "error"; w = err }
		else if (sendmsg != "" && sendmsg != "0") { oc = "refused"; w = sendmsg }
		else if (deliv >= nfd) { oc = "delivered"; w = "delivered" }
		else if (deliv > 0) { oc = "partial"; w = "partial" }
		else if (refused > 0) { oc = "refused"; w = slot0 }
		else { oc = "dropped"; w = "dropped" }
		print desc, col, oc, w, notok
		inp = 0
	}
	function val(s) { sub(/^[^:]*: */, "", s); gsub(/^"|"$/, "", s); return s }
	/^(not )?ok [0-9]+ - / {
		flush()
		inp = 1; notok = /^not ok/; skip = / # SKIP/
		fam = desc = sets = err = sendmsg = slot0 = slabel = rlabel = passsec = buf = ""
		story = ipin = cap = nrules = 0; deliv = refused = 0; top = ""
		next
	}
	/^[^ ]/ { flush(); next }
	!inp { next }
	/^  [a-z_0-9]+:/ {
		top = $1; sub(/:$/, "", top)
		if (top == "family") fam = val($0)
		else if (top == "descriptors") desc = val($0)
		else if (top == "story") story = 1
		else if (top == "so_passsec") passsec = val($0)
		else if (top == "control_buffer") buf = val($0)
		else if (top == "receiver_sets") sets = val($0)
		else if (top == "receiving_end_smack64ipin") ipin = 1
		else if (top == "receiver_keeps_cap_mac_override") cap = val($0) == "true"
		else if (top == "sender_label") slabel = val($0)
		else if (top == "receiver_label") rlabel = val($0)
		else if (top == "error" || top == "broken") { if (err == "") err = val($0) }
		next
	}
	top == "rules" && /^    - / { s = $0; sub(/^    - /, "", s); gsub(/^"|"$/, "", s); rules[++nrules] = s; next }
	top == "observed" && /^    delivered:/ { deliv = val($0) + 0 }
	top == "observed" && /^    refused:/ { refused = val($0) + 0 }
	top == "observed" && /^    sendmsg:/ { sendmsg = val($0) }
	top == "observed" && /^      slot_0:/ { slot0 = val($0) }
	END { flush() }' "$1"
}

# Per (kind, column): one outcome when the cases agree, else "mixed"; not ok counted.
fold() {
	awk -F'\t' -v OFS='\t' -v k="$1" '
	# A skip yields to a result, as in the report.
	{ key = $1 FS $2; if (!(key in oc)) { oc[key] = $3; w[key] = $4; order[++n] = key }
	  else if (oc[key] == "skip") { oc[key] = $3; w[key] = $4 }
	  else if ($3 != "skip" && (oc[key] != $3 || w[key] != $4)) { oc[key] = "mixed"; w[key] = "mixed" }
	  bad[key] += $5 }
	END { for (i = 1; i <= n; i++) { key = order[i]
		# A partial word is the C summary ("1/3+CTRUNC"): compared by outcome only.
		print key, k, oc[key], (oc[key] == "partial" ? "partial" : w[key]), (bad[key] > 0 ? 1 : 0) } }'
}

kernels=$(jq -r '.kernels[].name' "$run/summary.json")
: >"$tmp/tap"
for k in $kernels; do
	[ -f "$run/$k/main.tap" ] || continue
	from_tap "$run/$k/main.tap" | fold "$k" >>"$tmp/tap"
done
jq -r '.answer.grids[] | select(.family == "fdpass" and .variant == "") | .rows[] | .name as $r
	| .cells[] | .column as $c | .kernels | to_entries[] | select(.value.outcome != "missing" and .value.outcome != "none")
	| [$r, $c, .key, .value.outcome, (if .value.outcome == "partial" then "partial" else .value.what end),
	   (if .value.not_ok > 0 then 1 else 0 end)] | @tsv' "$run/summary.json" | LC_ALL=C sort >"$tmp/json"
LC_ALL=C sort -o "$tmp/tap" "$tmp/tap"
if [ ! -s "$tmp/json" ]; then
	echo "FAIL: summary.json has no fd-passing answer grid"
	failures=$((failures + 1))
elif ! diff "$tmp/tap" "$tmp/json" >"$tmp/diff"; then
	echo "FAIL: summary.json's answer disagrees with the TAP (< TAP, > summary.json):"
	head -n 10 "$tmp/diff"
	failures=$((failures + 1))
fi

# The same marks without the words: kind, column, kernel, outcome, not ok.
cut -f1-4,6 "$tmp/json" >"$tmp/marks"

# report.md: the first grid, squares in kernel order ("│" a change, ❗ a mismatch).
sed -n '/^## Which received/,/^## What a receiver/p' "$run/report.md" | grep '^| `' |
	MDHDR=$(sed -n '/^## Which received/,/^## What/p' "$run/report.md" | grep '^| Descriptor') \
	KERNELS=$kernels LC_ALL=C awk -F' [|] ' -v OFS='\t' '
	BEGIN { nk = split(ENVIRON["KERNELS"], kn, "[ \n]+"); nh = split(ENVIRON["MDHDR"], h, " [|] ")
		for (i = 2; i <= nh; i++) { c = h[i]; sub(/ [|]$/, "", c); gsub(/\\/, "", c)
			if (c == "CAP_MAC_OVERRIDE kept") c = "CAP_MAC_OVERRIDE"; col[i] = c } }
	{ name = $1; gsub(/[|` ]/, "", name)
	  for (i = 2; i <= NF; i++) { cell = $i; sub(/ [|]$/, "", cell); if (cell == "—") continue
		j = 0; s = cell; sub(/ .*/, "", s); gsub(/│/, "", s)
		while (length(s) > 0 && j < nk) {
			if (substr(s, 1, 4) == "🟩") o = "delivered"; else if (substr(s, 1, 4) == "🟥") o = "dropped"
			else if (substr(s, 1, 4) == "🟧") o = "refused"; else if (substr(s, 1, 4) == "🟨") o = "partial"
			else if (substr(s, 1, 4) == "🟪") o = "mixed"; else if (substr(s, 1, 3) == "⬜") o = "skip"
			else if (substr(s, 1, 3) == "⬛") o = "error"; else o = "none"
			s = substr(s, (o == "skip" || o == "error") ? 4 : o == "none" ? 3 : 5)
			bad = 0; if (substr(s, 1, 3) == "❗") { bad = 1; s = substr(s, 4) }
			j++; if (o != "none") print name, col[i], kn[j], o, bad } } }' |
	LC_ALL=C sort >"$tmp/md"
if ! diff "$tmp/marks" "$tmp/md" >"$tmp/diff"; then
	echo "FAIL: report.md's answer grid disagrees with summary.json (< json, > md):"
	head -n 10 "$tmp/diff"
	failures=$((failures + 1))
fi

# report.html: the first answer table; each mark's class and title name its outcome and kernel.
sed -n '/<table class="ans">/,/<\/table>/{p;/<\/table>/q}' "$run/report.html" >"$tmp/table.html"
hdr=$(grep -o '<th>[^<]*</th>' "$tmp/table.html" | sed 's/<[^>]*>//g' | tr '\n' "$tab")
grep '^<tr><th class="k">' "$tmp/table.html" | awk -v OFS='\t' -v hdr="$hdr" '
	BEGIN { n = split(hdr, h, "\t"); for (i = 2; i <= n; i++) { c = h[i]
		if (c == "CAP_MAC_OVERRIDE kept") c = "CAP_MAC_OVERRIDE"; col[i] = c } }
	{ name = $0; sub(/^<tr><th class="k">/, "", name); sub(/<.*/, "", name)
	  rest = $0; sub(/^<tr><th class="k">[^<]*<\/th>/, "", rest)
	  nc = split(rest, td, "<td"); for (i = 2; i <= nc; i++) {
		t = td[i]
		while (match(t, /<span class="mk o-[a-z]+[^"]*" title="[^:"]*:/)) {
			m = substr(t, RSTART, RLENGTH); t = substr(t, RSTART + RLENGTH)
			cls = m; sub(/^<span class="mk o-/, "", cls); sub(/".*/, "", cls)
			split(cls, cw, " "); bad = (cls ~ / bad/) ? 1 : 0
			k = m; sub(/.* title="/, "", k); sub(/:$/, "", k)
			if (cw[1] != "none" && cw[1] != "missing") print name, col[i], k, cw[1], bad } } }' |
	LC_ALL=C sort >"$tmp/html"
if ! diff "$tmp/marks" "$tmp/html" >"$tmp/diff"; then
	echo "FAIL: report.html's answer grid disagrees with summary.json (< json, > html):"
	head -n 10 "$tmp/diff"
	failures=$((failures + 1))
fi

[ "$failures" -eq 0 ] || exit 1
echo "answer: $(wc -l <"$tmp/json") marks of the fd grid agree across the TAP, summary.json, report.md and report.html"
