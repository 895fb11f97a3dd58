/*
 * `kcidb RUN_DIR`: the KCIDB I/O document of fixtures/report/kcidb, a run of
 * five kernels: 6.1 passes (a skip and a todo among its cases), 6.12 fails a
 * case, has a broken one and one that crashed, 6.12-arm64 (same source) was
 * cut short, 4.4 did not build and 5.10's source could not be had.
 *
 * What the document must hold is written out here as our own reading of the
 * KCIDB schema, major version 5 (kernelci/kcidb-io, kcidb_io/schema/v05_*):
 * the fields each object may and must have, the status enum, the origin,
 * id and path patterns, no null anywhere, log_excerpt's length limit. The
 * checks are jq programs (jq -e) over the document. argv[1] is the built
 * CLI, argv[2] fixtures/report.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "outcheck.h"
#include "util.h"

static const char *cli, *fixtures;
static char root[] = "/tmp/report-kcidb.XXXXXX";
static char *run;	/* root/run: a copy of fixtures/report/kcidb */
static char *doc;	/* root/doc.json: its document */

static int sh(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* The program is true for the file (jq -e, from a file: no shell quoting). */
static bool jq_holds(const char *file, const char *prog)
{
	char *pf = xasprintf("%s/prog.jq", root);
	char *cmd = xasprintf("jq -e -f '%s' '%s' >/dev/null", pf, file);
	int rc;

	put(pf, prog);
	rc = sh(cmd);
	free(cmd);
	free(pf);
	return rc == 0;
}

struct check {
	const char *what;
	const char *prog;
};

static void jq_all(const char *file, const struct check *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!jq_holds(file, c[i].prog))
			fail_msg("%s: %s does not hold:\n%s", file, c[i].what, c[i].prog);
}

/*
 * The schema as we read it (v5.3), for the fields we write: each object's
 * keys within what we may write (all of them schema fields), the required
 * ones present, patterns and the enum. Holds for any run, hostile ones too.
 */
static const struct check schema_rules[] = {
	{ "top level: only version and the three lists",
	  "keys - [\"version\", \"checkouts\", \"builds\", \"tests\"] == [] and has(\"version\")" },
	{ "version 5.3", ".version == {\"major\": 5, \"minor\": 3}" },
	{ "lists are arrays", "[.checkouts, .builds, .tests] | all(type == \"array\")" },
	{ "no null anywhere (the schema allows none)", "[.. | select(. == null)] == []" },
	{ "checkout fields",
	  "all(.checkouts[]; (keys - [\"id\", \"origin\", \"comment\", \"start_time\", "
	  "\"origin_builds_finish_time\", \"origin_tests_finish_time\", \"valid\", \"misc\"]) == [] "
	  "and has(\"id\") and has(\"origin\") and (.valid | type == \"boolean\"))" },
	{ "build fields",
	  "all(.builds[]; (keys - [\"id\", \"checkout_id\", \"origin\", \"comment\", \"start_time\", "
	  "\"duration\", \"architecture\", \"compiler\", \"log_excerpt\", \"status\", \"misc\"]) == [] "
	  "and has(\"id\") and has(\"checkout_id\") and has(\"origin\"))" },
	{ "test fields",
	  "all(.tests[]; (keys - [\"id\", \"build_id\", \"origin\", \"path\", \"status\", "
	  "\"duration\", \"log_excerpt\", \"environment\", \"misc\"]) == [] "
	  "and has(\"id\") and has(\"build_id\") and has(\"origin\"))" },
	{ "environment fields",
	  "all(.tests[] | select(has(\"environment\")) | .environment; "
	  "(keys - [\"comment\", \"misc\"]) == [])" },
	{ "misc is an object",
	  "[.. | objects | select(has(\"misc\")) | .misc | type] | all(. == \"object\")" },
	{ "origin: smack_ipc, which is [a-z0-9_]+",
	  "[.checkouts[], .builds[], .tests[] | .origin] | all(. == \"smack_ipc\" and "
	  "test(\"^[a-z0-9_]+$\"))" },
	{ "every id and reference is ORIGIN:something",
	  "[.checkouts[].id, .builds[].id, .builds[].checkout_id, .tests[].id, .tests[].build_id] "
	  "| all(type == \"string\" and startswith(\"smack_ipc:\") and length > 10)" },
	{ "ids unique within each list",
	  "[.checkouts, .builds, .tests] | all((map(.id) | unique | length) == length)" },
	{ "a build's checkout is in the document",
	  "[.checkouts[].id] as $c | all(.builds[]; .checkout_id as $i | $c | index([$i]))" },
	{ "a test's build is in the document",
	  "[.builds[].id] as $b | all(.tests[]; .build_id as $i | $b | index([$i]))" },
	{ "status: FAIL ERROR MISS PASS DONE SKIP",
	  "[.builds[], .tests[] | select(has(\"status\")) | .status] | all(IN(\"FAIL\", \"ERROR\", "
	  "\"MISS\", \"PASS\", \"DONE\", \"SKIP\"))" },
	{ "every build and test has a status", "[.builds[], .tests[]] | all(has(\"status\"))" },
	{ "path: dot-separated [a-zA-Z0-9_-]+, under smack_ipc",
	  "all(.tests[].path; test(\"^([a-zA-Z0-9_-]+([.][a-zA-Z0-9_-]+)*)?$\") and "
	  "(. == \"smack_ipc\" or (startswith(\"smack_ipc.\") and (split(\".\") | length) == 3)))" },
	{ "architecture: [a-z0-9_]*",
	  "all(.builds[] | select(has(\"architecture\")) | .architecture; test(\"^[a-z0-9_]*$\"))" },
	{ "duration: a number", "[.builds[], .tests[] | select(has(\"duration\")) | .duration] "
	  "| all(type == \"number\")" },
	{ "log_excerpt: at most 16384 characters",
	  "[.. | objects | select(has(\"log_excerpt\")) | .log_excerpt] | "
	  "all(type == \"string\" and length <= 16384)" },
	/* Not contains("\u0000"): jq 1.6 finds an empty string in anything. */
	{ "no NUL in any string (the schema's [^\\0]*)",
	  "[.. | strings | select(explode | any(. == 0))] == []" },
	{ "times: RFC 3339",
	  "[.checkouts[], .builds[] | (.start_time, .origin_builds_finish_time, "
	  ".origin_tests_finish_time) | select(. != null)] | all(test("
	  "\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$\"))" },
	{ "each build: its run as a test, and one test per case",
	  "(.tests | length) as $t | (.builds | length) as $b | "
	  "($t % $b == 0) and ([.tests[] | select(.path == \"smack_ipc\")] | length) == $b" },
};

static int setup(void **state)
{
	char *cmd;
	int rc;

	(void)state;
	if (!cli || !fixtures || !mkdtemp(root))
		return -1;
	run = xasprintf("%s/run", root);
	doc = xasprintf("%s/doc.json", root);
	cmd = xasprintf("cp -R '%s/kcidb' '%s' && '%s' kcidb '%s' >'%s' 2>/dev/null", fixtures, run,
			cli, run, doc);
	rc = sh(cmd);
	free(cmd);
	if (rc || sh("command -v jq >/dev/null")) {
		fprintf(stderr, "setup: kcidb exit %d, or no jq (apt-get install jq)\n", rc);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", root);
	int rc = system(cmd);

	(void)state;
	free(cmd);
	free(run);
	free(doc);
	return rc;
}

static void follows_the_schema(void **state)
{
	char *text;
	const char *why;
	size_t len, at = 0;

	(void)state;
	text = read_file(doc, &len);
	assert_non_null(text);
	if ((why = check_kcidb(text, len, &at)))
		fail_msg("%s: %s at byte %zu", doc, why, at);
	free(text);
	jq_all(doc, schema_rules, sizeof(schema_rules) / sizeof(schema_rules[0]));
}

#define RUN "smack_ipc:20260203T040506Z"

/* What each kernel and case became, and how the objects hang together. */
static void maps_the_run(void **state)
{
	static const struct check rules[] = {
		{ "counts: 4 sources, 5 kernels, 5 x (5 cases + the run)",
		  "[.checkouts, .builds, .tests | length] == [4, 5, 30]" },
		{ "checkout ids: run, then source",
		  "[.checkouts[].id] == [\"" RUN ":debian:linux-source-6.1\", \"" RUN
		  ":debian:linux-source-6.12\", \"" RUN ":tarball:linux-4.4.121.tar.xz\", \"" RUN
		  ":debian:linux-source-5.10@bullseye\"]" },
		{ "a source that could not be had: valid false, the others true",
		  "[.checkouts[].valid] == [true, true, true, false]" },
		{ "checkout times from run.info",
		  "all(.checkouts[]; .start_time == \"2026-02-03T04:05:06Z\" and "
		  ".origin_tests_finish_time == \"2026-02-03T04:15:00Z\" and "
		  ".origin_builds_finish_time == \"2026-02-03T04:15:00Z\")" },
		{ "build ids: run, then kernel; 6.12 and 6.12-arm64 share their checkout",
		  "[.builds[] | [.id, .checkout_id]] == [[\"" RUN ":6.1\", \"" RUN
		  ":debian:linux-source-6.1\"], [\"" RUN ":6.12\", \"" RUN
		  ":debian:linux-source-6.12\"], [\"" RUN ":6.12-arm64\", \"" RUN
		  ":debian:linux-source-6.12\"], [\"" RUN ":4.4\", \"" RUN
		  ":tarball:linux-4.4.121.tar.xz\"], [\"" RUN ":5.10\", \"" RUN
		  ":debian:linux-source-5.10@bullseye\"]]" },
		{ "build status: built PASS (whatever the boot did), build_failed FAIL, "
		  "source_missing ERROR",
		  "[.builds[].status] == [\"PASS\", \"PASS\", \"PASS\", \"FAIL\", \"ERROR\"]" },
		{ "build details: arch, compiler, duration",
		  "[.builds[] | [.architecture, .compiler, .duration]] == [[\"x86_64\", \"gcc 12.2.0\", 100], "
		  "[\"x86_64\", \"gcc 12.2.0\", 320], [\"arm64\", \"gcc 12.2.0\", 700], "
		  "[\"x86_64\", null, null], [\"x86_64\", null, null]]" },
		{ "a failed build quotes its error",
		  ".builds[3].log_excerpt == \"build_failed: scripts/dtc/dtc-lexer.lex.c:640: error: "
		  "multiple definition of `yylloc'\" and .builds[3].misc.kernel_status == \"build_failed\"" },
		{ "test ids: the build's, then the case; the run's own test has the build's id",
		  "[.tests[] | select(.build_id == \"" RUN ":6.12\") | .id] == [\"" RUN ":6.12\", \"" RUN
		  ":6.12:fdpass_sock_stream_delivered\", \"" RUN ":6.12:ipc_msgsnd_denied\", \"" RUN
		  ":6.12:keys_keyctl_read\", \"" RUN ":6.12:inet_bind_label\", \"" RUN
		  ":6.12:runner_revoked_every_rule_it_created\"]" },
		{ "paths: smack_ipc.FAMILY.CASE (no family: the name's first word)",
		  "[.tests[] | select(.build_id == \"" RUN ":6.1\") | .path] == [\"smack_ipc\", "
		  "\"smack_ipc.fdpass.fdpass_sock_stream_delivered\", \"smack_ipc.ipc.ipc_msgsnd_denied\", "
		  "\"smack_ipc.keys.keys_keyctl_read\", \"smack_ipc.inet.inet_bind_label\", "
		  "\"smack_ipc.runner.runner_revoked_every_rule_it_created\"]" },
		{ "statuses, kernel by kernel (the run first, then the cases)",
		  "[.tests[] | .status] == ["
		  "\"PASS\", \"PASS\", \"PASS\", \"SKIP\", \"SKIP\", \"PASS\", "	/* 6.1: skip, todo */
		  "\"FAIL\", \"FAIL\", \"ERROR\", \"ERROR\", \"PASS\", \"PASS\", "	/* 6.12 */
		  "\"ERROR\", \"PASS\", \"PASS\", \"MISS\", \"MISS\", \"MISS\", "	/* cut short */
		  "\"MISS\", \"MISS\", \"MISS\", \"MISS\", \"MISS\", \"MISS\", "	/* no build */
		  "\"MISS\", \"MISS\", \"MISS\", \"MISS\", \"MISS\", \"MISS\"]" },	/* no source */
		{ "a failed case: observed and expected in misc and log_excerpt",
		  ".tests[] | select(.id == \"" RUN ":6.12:fdpass_sock_stream_delivered\") | "
		  ".misc.observed == \"dropped+CTRUNC\" and .misc.expected == \"delivered\" and "
		  "(.log_excerpt | startswith(\"observed dropped+CTRUNC, expected delivered\\nfamily: "
		  "\\\"fdpass\\\"\")) and .duration == 0.003 and .misc.tap == \"not_ok\"" },
		{ "broken: ERROR with its reason",
		  ".tests[] | select(.id == \"" RUN ":6.12:ipc_msgsnd_denied\") | "
		  ".log_excerpt | startswith(\"broken: cannot load rule \\\"a b w\\\": Invalid argument\\n\")" },
		{ "a crash (error:): ERROR with its reason",
		  ".tests[] | select(.id == \"" RUN ":6.12:keys_keyctl_read\") | "
		  ".misc.error == \"killed by signal 9 (SIGKILL)\" and "
		  "(.log_excerpt | startswith(\"error: killed by signal 9 (SIGKILL)\\n\"))" },
		{ "skip and todo: their reasons",
		  "[.tests[] | select(.build_id == \"" RUN ":6.1\" and .status == \"SKIP\") | "
		  ".log_excerpt] == [\"skip: keyctl not built in\", \"todo: known to differ under tcg\"]" },
		{ "a pass: no excerpt, its summary in misc",
		  ".tests[] | select(.id == \"" RUN ":6.1:fdpass_sock_stream_delivered\") | "
		  "(has(\"log_excerpt\") | not) and .misc.observed == \"delivered\" and .duration == 0.012" },
		{ "missing: why", ".tests[] | select(.id == \"" RUN ":6.12-arm64:keys_keyctl_read\") | "
		  ".log_excerpt == \"not in this kernel's main.tap (kernel status truncated)\"" },
		{ "the run of a kernel: its status, counts and environment",
		  "[.tests[] | select(.path == \"smack_ipc\")] | .[0].misc == {\"kernel\": \"6.1\", "
		  "\"kernel_status\": \"ok\", \"ok\": 3, \"failed\": 0, \"broken\": 0, \"skipped\": 1, "
		  "\"todo\": 1, \"missing\": 0, \"plan\": 5} and .[0].duration == 9.5 and "
		  ".[0].environment.misc.accel == \"kvm\" and "
		  "(.[2].log_excerpt | startswith(\"truncated: 2 of 5 test lines, no exit status\\n"
		  "main.tap: plan 1..5 but 2 results\")) and .[3].log_excerpt == \"build_failed: "
		  "scripts/dtc/dtc-lexer.lex.c:640: error: multiple definition of `yylloc'\"" },
	};

	(void)state;
	jq_all(doc, rules, sizeof(rules) / sizeof(rules[0]));
}

/* Same run, same document; another start time, other ids; -o writes the same. */
static void ids_are_stable(void **state)
{
	char *cmd;

	(void)state;
	cmd = xasprintf("'%s' kcidb '%s' 2>/dev/null | cmp -s - '%s'", cli, run, doc);
	assert_int_equal(sh(cmd), 0);
	free(cmd);
	cmd = xasprintf("'%s' kcidb '%s' -o '%s/o.json' 2>/dev/null && cmp -s '%s/o.json' '%s' && "
			"'%s' kcidb -o - '%s' 2>/dev/null | cmp -s - '%s'", cli, run, root, root, doc,
			cli, run, doc);
	assert_int_equal(sh(cmd), 0);
	free(cmd);
	/* A relative FILE, in the current directory. */
	cmd = xasprintf("cd '%s' && '%s' kcidb run -o rel.json 2>/dev/null && cmp -s rel.json '%s'",
			root, cli, doc);
	assert_int_equal(sh(cmd), 0);
	free(cmd);
	cmd = xasprintf("sed -i 's/^started=.*/started=2026-02-03T04:05:07Z/' '%s/run.info' && "
			"'%s' kcidb '%s' >'%s/later.json' 2>/dev/null", run, cli, run, root);
	assert_int_equal(sh(cmd), 0);
	free(cmd);
	cmd = xasprintf("%s/later.json", root);
	assert_true(jq_holds(cmd, "[.checkouts[], .builds[], .tests[] | .id] | "
				  "all(startswith(\"smack_ipc:20260203T040507Z:\"))"));
	free(cmd);
	/* No started at all: still ids, still the schema. */
	cmd = xasprintf("sed -i '/^started=/d' '%s/run.info' && '%s' kcidb '%s' >'%s/nostart.json' "
			"2>/dev/null", run, cli, run, root);
	assert_int_equal(sh(cmd), 0);
	free(cmd);
	cmd = xasprintf("%s/nostart.json", root);
	jq_all(cmd, schema_rules, sizeof(schema_rules) / sizeof(schema_rules[0]));
	assert_true(jq_holds(cmd, "[.builds[].id][0] == \"smack_ipc:nostart:6.1\" and "
				  "(.checkouts[0] | has(\"start_time\") | not)"));
	free(cmd);
	cmd = xasprintf("cp '%s/kcidb/run.info' '%s/run.info'", fixtures, run);
	assert_int_equal(sh(cmd), 0);
	free(cmd);
}

/* A YAML block past the limit: log_excerpt cut at 16384 characters, not bytes. */
static void long_excerpt_is_cut(void **state)
{
	char *dir = xasprintf("%s/long", root), *path, *cmd;
	size_t n = 20000;
	char *big = xmalloc(2 * n + 1);
	FILE *f;

	(void)state;
	for (size_t i = 0; i < n; i++)
		memcpy(big + 2 * i, "\xc3\xa9", 2);	/* é: two bytes, one character */
	big[2 * n] = '\0';
	cmd = xasprintf("mkdir -p '%s/k'", dir);
	assert_int_equal(sh(cmd), 0);
	free(cmd);
	path = xasprintf("%s/run.info", dir);
	put(path, "started=2026-02-03T04:05:06Z\nkernels=k\n");
	free(path);
	path = xasprintf("%s/k/kernel.info", dir);
	put(path, "name=k\nstatus=failures\n");
	free(path);
	path = xasprintf("%s/k/main.tap", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "TAP version 14\n1..1\nnot ok 1 - ipc_long\n  ---\n  family: \"ipc\"\n"
		   "  note: \"%s\"\n  ...\n", big);
	assert_int_equal(fclose(f), 0);
	free(path);
	free(big);
	cmd = xasprintf("'%s' kcidb '%s' -o '%s/long.json'", cli, dir, root);
	assert_int_equal(sh(cmd), 0);
	free(cmd);
	path = xasprintf("%s/long.json", root);
	jq_all(path, schema_rules, sizeof(schema_rules) / sizeof(schema_rules[0]));
	assert_true(jq_holds(path, ".tests[1].log_excerpt | length == 16384 and endswith(\"\\u00e9\")"));
	free(path);
	free(dir);
}

static void cli_contract(void **state)
{
	static const char *const bad[] = {
		"kcidb", "kcidb a b", "kcidb RUN -o", "kcidb RUN -o x -o y", "kcidb RUN -o ''",
		"kcidb RUN --bogus", "render RUN -o x", "diff RUN RUN -o x", "kcidb /nonexistent/run",
		"kcidb RUN -o /nonexistent/dir/doc.json", "kcidb RUN -o RUN", "kcidb RUN >/dev/full",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *args = xasprintf(" %s ", bad[i]), *cmd;
		char *p;

		/* RUN: the run directory. */
		while ((p = strstr(args, " RUN "))) {
			char *next = xasprintf("%.*s '%s' %s", (int)(p - args), args, run, p + 5);

			free(args);
			args = next;
		}
		cmd = xasprintf("'%s' %s 2>'%s/err'", cli, args, root);
		if (sh(cmd) != 2)
			fail_msg("'%s' did not exit 2", bad[i]);
		free(cmd);
		free(args);
	}
	{
		char *err = xasprintf("%s/err", root), *text = read_file(err, NULL);

		/* The last: a write error on standard output is said. */
		assert_non_null(text);
		assert_non_null(strstr(text, "write error: standard output"));
		free(text);
		free(err);
	}
	/* --help names the command. */
	{
		char *cmd = xasprintf("'%s' --help | grep -q 'kcidb RUN_DIR \\[-o FILE\\]'", cli);

		assert_int_equal(sh(cmd), 0);
		free(cmd);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(follows_the_schema),
		cmocka_unit_test(maps_the_run),
		cmocka_unit_test(ids_are_stable),
		cmocka_unit_test(long_excerpt_is_cut),
		cmocka_unit_test(cli_contract),
	};

	cli = argc > 1 ? argv[1] : NULL;
	fixtures = argc > 2 ? argv[2] : NULL;
	return cmocka_run_group_tests(tests, setup, teardown);
}
