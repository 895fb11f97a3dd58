#!/bin/sh
# Look at the HTML report as a person would: headless Chromium renders it
# at 1280 px and the screenshot must exist and not be blank; the page must
# name every kernel of the run in its matrix header. With FIRST.png, also
# the first screen (1280x800), where the answer grid is: not blank either.
# Usage: results/report/test-screenshot.sh RUN_DIR OUT.png [FIRST.png]
set -eu
run=$1 png=$2 first=${3:-}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "FAIL: chromium not installed (apt-get install chromium)"; exit 1; }
for k in $(jq -r '.kernels[].name' "$run/summary.json"); do
	grep -q "<th[^>]*>[^<]*$k" "$run/report.html" || { echo "FAIL: kernel $k not in the matrix header"; exit 1; }
done
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
url="file://$(CDPATH='' cd -- "$run" && pwd)/report.html"
# shot OUT SIZE MIN_BYTES: a blank page compresses to a few kilobytes; a rendered grid does not.
shot() {
	rm -f "$1"
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --hide-scrollbars --window-size="$2" \
		--screenshot="$1" "$url" >/dev/null 2>&1 || true
	[ -s "$1" ] || { echo "FAIL: no screenshot written ($1)"; exit 1; }
	size=$(wc -c <"$1")
	[ "$size" -gt "$3" ] || { echo "FAIL: screenshot $1 only $size bytes: blank page?"; exit 1; }
	echo "screenshot: $1 ($size bytes)"
}
shot "$png" 1280,1600 40000
[ -z "$first" ] || shot "$first" 1280,800 20000
