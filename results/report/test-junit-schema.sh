#!/bin/sh
# junit.xml against fixtures/report/junit-jenkins.xsd (what the Jenkins xunit
# plugin's JUnit schema allows of our output), with xmllint --schema: the
# junit.xml of fixture runs (fixtures/report/kcidb: every kind of kernel and
# case outcome; hostile; transitions) and of the committed reference run,
# each rendered in a copy under a temp dir (nothing committed is touched).
# The schema must also refuse what the plugin refuses: a skipped count on
# <testsuites>.
# Usage: test-junit-schema.sh CLI FIXTURES_DIR REFERENCE_RUN
set -eu
[ $# -eq 3 ] || { echo "usage: $0 CLI FIXTURES_DIR REFERENCE_RUN" >&2; exit 2; }
cli=$1 fixtures=$2 reference=$3
xsd=$fixtures/junit-jenkins.xsd
command -v xmllint >/dev/null || { echo "FAIL: xmllint not found (apt-get install libxml2-utils)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/report-junit-schema.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0

# render exits 1 when the run has failures; only 2 (bad input, no output) is wrong here.
check_run() {
	name=$1 src=$2
	cp -R "$src" "$work/$name"
	rm -f "$work/$name/junit.xml"
	rc=0
	"$cli" render "$work/$name" >/dev/null 2>&1 || rc=$?
	if [ "$rc" -gt 1 ] || [ ! -s "$work/$name/junit.xml" ]; then
		echo "FAIL: $name: render exit $rc, no junit.xml"
		fail=1
		return
	fi
	if xmllint --noout --schema "$xsd" "$work/$name/junit.xml" 2>"$work/$name.err"; then
		echo "ok: $name/junit.xml ($(grep -c '<testcase ' "$work/$name/junit.xml") test cases)"
	else
		echo "FAIL: $name/junit.xml does not follow $xsd:"
		head -n 20 "$work/$name.err"
		fail=1
	fi
}

check_run kcidb "$fixtures/kcidb"
check_run hostile "$fixtures/hostile"
check_run transitions "$fixtures/transitions"
check_run reference "$reference"

# The schema holds the constraint that mattered: skipped on <testsuites> is refused.
sed 's/^<testsuites \(.*\)>$/<testsuites \1 skipped="0">/' "$work/kcidb/junit.xml" >"$work/skipped.xml"
if ! grep -q '^<testsuites .* skipped="0">$' "$work/skipped.xml"; then
	echo "FAIL: could not make the negative sample"
	fail=1
elif xmllint --noout --schema "$xsd" "$work/skipped.xml" 2>/dev/null; then
	echo "FAIL: $xsd accepts a skipped attribute on <testsuites>"
	fail=1
else
	echo "ok: a skipped attribute on <testsuites> is refused"
fi
exit "$fail"
