#!/bin/sh
# Look at the HTML report as a person would: headless Chromium renders it
# at 1280 px and the screenshot must exist and not be blank; the page must
# name every kernel of the run in its matrix header.
# Usage: results/report/test-screenshot.sh RUN_DIR OUT.png
set -eu
run=$1 png=$2
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "FAIL: chromium not installed (apt-get install chromium)"; exit 1; }
for k in $(jq -r '.kernels[].name' "$run/summary.json"); do
	grep -q "<th[^>]*>[^<]*$k" "$run/report.html" || { echo "FAIL: kernel $k not in the matrix header"; exit 1; }
done
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$png"
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$profile" --hide-scrollbars --window-size=1280,1600 \
	--screenshot="$png" "file://$(CDPATH='' cd -- "$run" && pwd)/report.html" >/dev/null 2>&1 || true
[ -s "$png" ] || { echo "FAIL: no screenshot written"; exit 1; }
size=$(wc -c <"$png")
# A blank 1280x1600 page compresses to a few kilobytes; a rendered matrix does not.
[ "$size" -gt 40000 ] || { echo "FAIL: screenshot only $size bytes: blank page?"; exit 1; }
echo "screenshot: $png ($size bytes)"
