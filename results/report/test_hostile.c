/*
 * Hostile input: fixtures/report/hostile is a run whose every field the
 * writers print (case names, commits, subjects, reasons, kernel.info and
 * run.info values, YAML values, bail-out and skip-all texts) holds H below:
 * markup, a pipe, a backtick, ESC, other control bytes, invalid UTF-8, &,
 * quotes, ]]>, a C1 control, a bidi override and a line separator (gates
 * gate, gate2 and gate3 with backports and source_of_release, a broken
 * case). Each
 * output must show each field, escaped for its format, and hold none of it
 * raw. The KCIDB document (`kcidb`) too, and its ids and paths, which
 * are encoded, stay unique and within the schema's patterns.
 * argv[1] is the built CLI, argv[2] fixtures/report.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "outcheck.h"
#include "util.h"

#define H "<script>alert(1)</script>|x`y\x1b[31m\x01\x7f\xff\xfe a & b \"q\" 'q' ]]> " \
	  "\xc2\x9b \xe2\x80\xae \xe2\x80\xa8"

/* H as each format must show it. */
#define H_JSON "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e|x`y\\u001b[31m\\u0001" \
	       "\\u007f\\u00ff\\u00fe a \\u0026 b \\\"q\\\" 'q' ]]\\u003e \\u009b \\u202e \\u2028"
#define H_XML "&lt;script&gt;alert(1)&lt;/script&gt;|x`y\\x1b[31m\\x01\\x7f\\xff\\xfe a " \
	      "&amp; b &quot;q&quot; &#39;q&#39; ]]&gt; \\xc2\\x9b \\xe2\\x80\\xae \\xe2\\x80\\xa8"
#define H_MD "&lt;script&gt;alert(1)&lt;/script&gt;\\|x\\`y\\\\x1b\\[31m\\\\x01\\\\x7f\\\\xff" \
	     "\\\\xfe a &amp; b \"q\" 'q' \\]\\]&gt; \\\\xc2\\\\x9b \\\\xe2\\\\x80\\\\xae " \
	     "\\\\xe2\\\\x80\\\\xa8"
#define H_MDCODE "\\x3cscript\\x3ealert(1)\\x3c/script\\x3e\\|x\\x60y\\x1b[31m\\x01\\x7f\\xff" \
		 "\\xfe a \\x26 b \"q\" 'q' ]]\\x3e \\xc2\\x9b \\xe2\\x80\\xae \\xe2\\x80\\xa8"
/* In a KCIDB test path ([A-Za-z0-9_] kept, the rest -XX) and id (%XX). */
#define H_PATH "-3cscript-3ealert-281-29-3c-2fscript-3e-7cx-60y-1b-5b31m-01-7f-ff-fe-20a-20" \
	       "-26-20b-20-22q-22-20-27q-27-20-5d-5d-3e-20-c2-9b-20-e2-80-ae-20-e2-80-a8"
#define H_ID "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e|x`y%1b[31m%01%7f%ff%fe%20a%20" \
	     "\\u0026%20b%20\\\"q\\\"%20'q'%20]]\\u003e%20%c2%9b%20%e2%80%ae%20%e2%80%a8"
#define H_TERM "<script>alert(1)</script>|x`y\\x1b[31m\\x01\\x7f\\xff\\xfe a & b \"q\" 'q' ]]> " \
	       "\\xc2\\x9b \\xe2\\x80\\xae \\xe2\\x80\\xa8"

static const char *cli, *fixtures;
static char root[] = "/tmp/report-hostile.XXXXXX";
static char *run;	/* root/run: a copy of fixtures/report/hostile */

static char *slurp(const char *rel, size_t *len)
{
	char *path = xasprintf("%s/%s", root, rel), *text = read_file(path, len);

	assert_non_null(text);
	free(path);
	return text;
}

static int sh(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int setup(void **state)
{
	char *cmd;
	int rc;

	(void)state;
	if (!cli || !fixtures || !mkdtemp(root))
		return -1;
	run = xasprintf("%s/run", root);
	cmd = xasprintf("cp -R '%s/hostile' '%s'", fixtures, run);
	rc = sh(cmd);
	free(cmd);
	return rc;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", root);
	int rc = system(cmd);

	(void)state;
	free(cmd);
	free(run);
	return rc;
}

/* None of the input's dangerous bytes, and whatever the format forbids. */
static void assert_inert(const char *what, const char *text, size_t len,
			 const char *(*check)(const char *, size_t, size_t *), const char *const *bad)
{
	static const char *const raw[] = { "\x1b", "\x01", "\x7f", "\xff", "\xfe", "\xc2\x9b",
					   "\xe2\x80\xae", "\xe2\x80\xa8", NULL };
	const char *why;
	size_t at = 0;

	for (size_t i = 0; raw[i]; i++)
		if (memmem(text, len, raw[i], strlen(raw[i])))
			fail_msg("%s: holds raw byte(s) 0x%02x...", what, (unsigned char)raw[i][0]);
	for (size_t i = 0; bad && bad[i]; i++)
		if (memmem(text, len, bad[i], strlen(bad[i])))
			fail_msg("%s: holds '%s' raw", what, bad[i]);
	if ((why = check(text, len, &at)))
		fail_msg("%s: %s at byte %zu: %.80s", what, why, at, text + at);
}

/* Each field (its name, then H) shown, escaped as the format wants. */
static void assert_fields(const char *what, const char *text, const char *const *fields,
			  const char *escaped_h)
{
	for (size_t i = 0; fields[i]; i++) {
		char *want = xasprintf("%s%s", fields[i], escaped_h);

		if (!strstr(text, want))
			fail_msg("%s: field %s missing or escaped wrongly (want %s)", what, fields[i],
				 want);
		free(want);
	}
}

/* Markup that must not survive anywhere in a report file. */
static const char *const markup[] = { "<script", "]]>", "a & b", NULL };

static void renders_every_field_escaped(void **state)
{
	static const char *const json_fields[] = {
		"SUITE", "START", "FINISH", "CONFIG", "SOURCE", "STATUS", "DETAIL", "ACCEL",
		"PROBE", "KERNEL", "BAIL", "SKIPALL", "duplicate name CASE1", "CASE1", "CASE2",
		"CASE3", "CASE4", "FAM", "GRP", "OBS", "EXP", "OSCM", "ESCM", "COMMIT", "SINCE",
		"HINT", "error: ERR", "SUBJ", "COMMIT2", "SINCE2", "ONLYPLAIN",
		/* the transition h -> plain, by gate (gate2 and gate3 do not flip) */
		"\"commit\": \"COMMIT", "\"subject\": \"SUBJ", "\"since\": \"SINCE",
		"\"backports\": \"BACKPORTS", "\"first_release\": \"SINCE",
		"\"source_of_release\": \"RELSRC", "SINCE3", "\"error\": \"BROKEN", "CASE6", NULL
	};
	static const char *const md_fields[] = {
		"SUITE", "START", "FINISH", "SOURCE", "KERNEL", "STATUS", "DETAIL", "ACCEL",
		"PROBE", "BOOT", "BUILD", "BAIL", "SKIPALL", "duplicate name CASE1", "FAM", "GRP",
		"OBS", "EXP", "error: ERR", "SUBJ", "SINCE", "SUBJ2", "SINCE2", "BACKPORTS",
		"RELSRC", "SUBJ3", "SINCE3", "first in SINCE", "error: BROKEN", NULL
	};
	static const char *const md_code_fields[] = {
		"`CASE1", "`CASE2", "`CASE3", "`CASE4", "`COMMIT", "`COMMIT2", "`ONLYPLAIN", NULL
	};
	static const char *const html_fields[] = {
		"SUITE", "START", "FINISH", "SOURCE", "KERNEL", "STATUS", "DETAIL", "BAIL",
		"SKIPALL", "duplicate name CASE1", "ACCEL", "PROBE", "BOOT", "BUILD", "CASE1",
		"CASE2", "CASE3", "CASE4", "ONLYPLAIN", "FAM", "GRP", "OBS", "EXP", "OSCM", "ESCM",
		"SKIPR", "TODOR", "HINT", "title=\"COMMIT", ">COMMIT", "SINCE", "SUBJ", "COMMIT2",
		"SUBJ2", "SINCE2", "error: ERR", "BACKPORTS", "RELSRC", "SUBJ3", "SINCE3",
		"first in SINCE", "error: BROKEN", NULL
	};
	static const char *const junit_fields[] = {
		"smack-ipc.FAM", "name=\"CASE1", "name=\"CASE2", "name=\"CASE3", "name=\"CASE4",
		"skipped message=\"SKIPR", "skipped message=\"todo: TODOR", "error: ERR",
		"observed OBS", "expected EXP", "SOURCE", "KERNEL", "value=\"STATUS", "DETAIL",
		"ACCEL", "BAIL", "SKIPALL", "main.tap: duplicate name CASE1",
		"<error message=\"broken: BROKEN", NULL
	};
	static const char *const sgml_bad[] = { "<script", "]]>", "a & b", "\"q\"", "'q'", NULL };
	static const char *const md_bad[] = { "<script", "]]>", "a & b", "x`y", NULL };
	char *cmd = xasprintf("'%s' render '%s' >'%s/out' 2>'%s/err'", cli, run, root, root);
	char *text;
	size_t len;

	(void)state;
	/* A kernel's status is bad, a case failed, a TAP has a duplicate name. */
	assert_int_equal(sh(cmd), 1);
	free(cmd);

	text = slurp("run/summary.json", &len);
	assert_inert("summary.json", text, len, check_json, markup);
	assert_fields("summary.json", text, json_fields, H_JSON);
	free(text);

	text = slurp("run/report.md", &len);
	assert_inert("report.md", text, len, check_md, md_bad);
	assert_fields("report.md", text, md_fields, H_MD);
	assert_fields("report.md code spans", text, md_code_fields, H_MDCODE);
	free(text);

	text = slurp("run/report.html", &len);
	assert_inert("report.html", text, len, check_html, sgml_bad);
	assert_fields("report.html", text, html_fields, H_XML);
	assert_null(strcasestr(text, "<script"));
	free(text);

	text = slurp("run/junit.xml", &len);
	assert_inert("junit.xml", text, len, check_junit, sgml_bad);
	assert_fields("junit.xml", text, junit_fields, H_XML);
	free(text);

	/* The terminal: the run directory's name, and the TAP's problem. */
	text = slurp("out", &len);
	assert_inert("render's stdout", text, len, check_term, NULL);
	free(text);
	text = slurp("err", &len);
	assert_inert("render's stderr", text, len, check_term, NULL);
	assert_non_null(strstr(text, "/h/main.tap: duplicate name CASE1" H_TERM " at tests 1 and 5"));
	free(text);
}

static void junit_is_well_formed_xml(void **state)
{
	char *cmd = xasprintf("'%s' render '%s' >/dev/null 2>&1", cli, run);

	(void)state;
	assert_int_equal(sh(cmd), 1);
	free(cmd);
	/* A real XML parser, beside outcheck's rules. */
	if (sh("command -v xmllint >/dev/null") != 0)
		fail_msg("xmllint not found: apt-get install libxml2-utils");
	cmd = xasprintf("xmllint --noout '%s/junit.xml'", run);
	assert_int_equal(sh(cmd), 0);
	free(cmd);
}

static void kcidb_is_valid_and_escaped(void **state)
{
	static const char *const kcidb_fields[] = {
		"\"case\": \"CASE1", "\"case\": \"CASE2", "\"case\": \"ONLYPLAIN",
		"\"family\": \"FAM", "\"source\": \"SOURCE", "\"kernel_status\": \"STATUS",
		"\"detail\": \"DETAIL", "\"release\": \"KERNEL", "\"observed\": \"OBS",
		"\"expected\": \"EXP", "\"error\": \"ERR", "\"hint\": \"HINT",
		"\"reason\": \"SKIPR", "\"reason\": \"TODOR", "\"suite_version\": \"SUITE",
		"\"config\": \"CONFIG", "\"accel\": \"ACCEL", "\"kvm_probe\": \"PROBE",
		"\"comment\": \"SOURCE", "\"comment\": \"h: SOURCE", "observed OBS", "expected EXP",
		"error: ERR", "broken: BROKEN", "skip: SKIPR", "todo: TODOR", "Bail out! BAIL",
		"1..0 # SKIP SKIPALL", "main.tap: duplicate name CASE1", "STATUS", NULL
	};
	/* jq -e programs: true for the document. */
	static const char *const rules[] = {
		/* The schema's test path pattern, and ours: smack_ipc.FAMILY.CASE. */
		"all(.tests[].path; test(\"^([a-zA-Z0-9_-]+([.][a-zA-Z0-9_-]+)*)?$\") and "
		"(split(\".\") | length) as $n | $n == 1 or $n == 3)",
		"[.checkouts, .builds, .tests] | all((map(.id) | unique | length) == length)",
		"[.checkouts[].id, .builds[].id, .builds[].checkout_id, .tests[].id, .tests[].build_id] "
		"| all(startswith(\"smack_ipc:\"))",
		"[.. | select(. == null)] == [] and [.. | strings | select(explode | any(. == 0))] == []",
		"[.builds[], .tests[] | .status] | all(IN(\"FAIL\", \"ERROR\", \"MISS\", \"PASS\", "
		"\"SKIP\"))",
		/* kernel.info's hostile times are no RFC 3339 date-time: left out. */
		"[.checkouts[], .builds[] | select(has(\"start_time\"))] == []",
		/* 3 kernels, the run's test and 7 cases each */
		"[.checkouts, .builds, .tests | length] == [3, 3, 24]",
		NULL
	};
	char *cmd = xasprintf("'%s' kcidb '%s' >'%s/kcidb.json' 2>'%s/err'", cli, run, root, root);
	char *text, *want;
	size_t len;

	(void)state;
	/* The document is made whatever failed. */
	assert_int_equal(sh(cmd), 0);
	free(cmd);
	text = slurp("kcidb.json", &len);
	assert_inert("kcidb.json", text, len, check_kcidb, markup);
	assert_fields("kcidb.json", text, kcidb_fields, H_JSON);
	want = xasprintf("\"path\": \"smack_ipc.FAM%s.CASE1%s\"", H_PATH, H_PATH);
	if (!strstr(text, want))
		fail_msg("kcidb.json: no test path %s", want);
	free(want);
	want = xasprintf("\"id\": \"smack_ipc:STARTscriptalert1scriptxy31mabqq:h:CASE1%s\"", H_ID);
	if (!strstr(text, want))
		fail_msg("kcidb.json: no test id %s", want);
	free(want);
	free(text);
	text = slurp("err", &len);
	assert_inert("kcidb's stderr", text, len, check_term, NULL);
	free(text);
	if (sh("command -v jq >/dev/null") != 0)
		fail_msg("jq not found: apt-get install jq");
	for (size_t i = 0; rules[i]; i++) {
		char *prog = xasprintf("%s/prog.jq", root);
		FILE *f = fopen(prog, "w");

		assert_non_null(f);
		fputs(rules[i], f);
		assert_int_equal(fclose(f), 0);
		cmd = xasprintf("jq -e -f '%s' '%s/kcidb.json' >/dev/null", prog, root);
		if (sh(cmd) != 0)
			fail_msg("kcidb.json: does not hold: %s", rules[i]);
		free(cmd);
		free(prog);
	}
}

static void diff_prints_no_control_bytes(void **state)
{
	static const char *const diff_fields[] = {
		"CASE1", ": OBS", "-> EXP", "(gate COMMIT", " since SINCE", " backports BACKPORTS",
		"; gate2 COMMIT2", " since SINCE2", "; gate3 (commit unknown) since SINCE3",
		"only in A: CASE2", "only in B: ONLYPLAIN", NULL
	};
	char *cmd = xasprintf("'%s' diff '%s:h' '%s:plain' >'%s/out' 2>'%s/err'", cli, run, run,
			      root, root);
	char *text;
	size_t len;

	(void)state;
	assert_int_equal(sh(cmd), 1);
	free(cmd);
	text = slurp("out", &len);
	assert_inert("diff's stdout", text, len, check_term, NULL);
	assert_fields("diff's stdout", text, diff_fields, H_TERM);
	free(text);
	text = slurp("err", &len);
	assert_inert("diff's stderr", text, len, check_term, NULL);
	assert_non_null(strstr(text, "/h/main.tap: duplicate name CASE1" H_TERM " at tests 1 and 5"));
	free(text);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(renders_every_field_escaped),
		cmocka_unit_test(junit_is_well_formed_xml),
		cmocka_unit_test(diff_prints_no_control_bytes),
		cmocka_unit_test(kcidb_is_valid_and_escaped),
	};

	cli = argc > 1 ? argv[1] : NULL;
	fixtures = argc > 2 ? argv[2] : NULL;
	return cmocka_run_group_tests(tests, setup, teardown);
}
