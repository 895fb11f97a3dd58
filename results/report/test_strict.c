/*
 * A TAP that breaks the rules is a failed run, never a pass: each fault of
 * fixtures/report/faults/ as one kernel's main.tap, rendered by the CLI
 * (argv[1]), must give the exit status, the message (stderr and every
 * report) and the counts below. Nothing is dropped: every point is a case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "util.h"

static const char *cli, *fixtures;

struct fault {
	const char *tap;	/* under fixtures/report/faults */
	int rc;			/* render's exit status */
	const char *problem;	/* the message after "main.tap: ", NULL for none */
	const char *json[4];	/* in summary.json */
};

static const struct fault faults[] = {
	{ "unnamed.tap", 1, "test 2 has no name",
	  { "{\"name\": \"(unnamed #2)\", \"family\": \"(unnamed #2)\"",
	    "\"k\": {\"status\": \"not_ok\"", "\"ok\": 1, \"not_ok\": 1" } },
	{ "nul-name.tap", 1, "test 2 has a NUL byte in its name",
	  { "{\"name\": \"\\\\x00b\"", "\"ok\": 1, \"not_ok\": 1" } },
	{ "duplicate.tap", 1, "duplicate name x at tests 1 and 2",
	  { "{\"name\": \"x\"", "{\"name\": \"x (duplicate #2)\"", "\"ok\": 1, \"not_ok\": 1" } },
	{ "plan-more.tap", 1, "plan 1..1 but 2 results",
	  { "\"plan\": 1, \"ok\": 2, \"not_ok\": 0" } },
	/* Fewer results than planned: missing cases, as before, and now a message. */
	{ "plan-fewer.tap", 1, "plan 1..3 but 2 results",
	  { "\"plan\": 3, \"ok\": 2, \"not_ok\": 0, \"failed\": 0, \"broken\": 0, \"skipped\": 0, \"missing\": 1" } },
	{ "no-plan.tap", 1, "no plan", { "\"plan\": null, \"ok\": 1" } },
	/* # TODO: counted as todo, not a failure, passing or not. */
	{ "todo.tap", 0, NULL,
	  { "\"ok\": 1, \"not_ok\": 0", "\"todo\": 2, \"tap_problems\": []",
	    "\"k\": {\"status\": \"todo\", \"observed\": \"not ok\"", "\"failed\": false" } },
	/* A valid skip-all plan: no TAP problem (skipping everything still fails a matrix). */
	{ "skip-all.tap", 1, NULL,
	  { "\"skip_all\": \"no SMACK in this kernel\", \"todo\": 0, \"tap_problems\": []" } },
};

static int sh(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name), *text = read_file(path, NULL);

	if (!text)
		fail_msg("cannot read %s", path);
	free(path);
	return text;
}

static void check_fault(const struct fault *ft)
{
	char root[] = "/tmp/report-strict.XXXXXX";
	char *cmd, *err, *md, *html, *junit, *json, *want;

	assert_non_null(mkdtemp(root));
	cmd = xasprintf("mkdir '%s/k' && cp '%s/faults/%s' '%s/k/main.tap' && "
			"printf 'kernels=k\\n' >'%s/run.info' && "
			"printf 'name=k\\nstatus=ok\\n' >'%s/k/kernel.info'",
			root, fixtures, ft->tap, root, root, root);
	assert_int_equal(sh(cmd), 0);
	free(cmd);
	cmd = xasprintf("'%s' render '%s' >/dev/null 2>'%s/err'", cli, root, root);
	if (sh(cmd) != ft->rc)
		fail_msg("%s: render did not exit %d", ft->tap, ft->rc);
	free(cmd);

	err = slurp(root, "err");
	md = slurp(root, "report.md");
	html = slurp(root, "report.html");
	junit = slurp(root, "junit.xml");
	json = slurp(root, "summary.json");
	if (ft->problem) {
		/* Which file, which test: on stderr and in every report. */
		want = xasprintf("/k/main.tap: %s\n", ft->problem);
		if (!strstr(err, want))
			fail_msg("%s: stderr lacks '%s': %s", ft->tap, want, err);
		free(want);
		want = xasprintf("- k: main.tap: %s\n", ft->problem);
		if (!strstr(md, want))
			fail_msg("%s: report.md lacks '%s'", ft->tap, want);
		free(want);
		want = xasprintf("<br>main.tap: %s", ft->problem);
		if (!strstr(html, want))
			fail_msg("%s: report.html lacks '%s'", ft->tap, want);
		free(want);
		want = xasprintf("name=\"tap_format\"><failure message=\"main.tap: %s", ft->problem);
		if (!strstr(junit, want))
			fail_msg("%s: junit.xml lacks '%s'", ft->tap, want);
		free(want);
		want = xasprintf("\"tap_problems\": [\"%s\"]", ft->problem);
		if (!strstr(json, want))
			fail_msg("%s: summary.json lacks '%s'", ft->tap, want);
		free(want);
		assert_non_null(strstr(md, "**FAILED**"));
	} else if (strstr(err, "main.tap")) {
		fail_msg("%s: a problem where there is none: %s", ft->tap, err);
	}
	for (size_t i = 0; i < 4 && ft->json[i]; i++)
		if (!strstr(json, ft->json[i]))
			fail_msg("%s: summary.json lacks '%s'", ft->tap, ft->json[i]);
	free(err);
	free(md);
	free(html);
	free(junit);
	free(json);
	cmd = xasprintf("rm -rf '%s'", root);
	assert_int_equal(sh(cmd), 0);
	free(cmd);
}

/* One test per fault, named after its fixture. */
static void fault_case(void **state)
{
	check_fault(*state);
}

int main(int argc, char **argv)
{
	struct CMUnitTest tests[sizeof(faults) / sizeof(faults[0])];

	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		tests[i] = (struct CMUnitTest){.name = faults[i].tap, .test_func = fault_case,
					       .initial_state = (void *)&faults[i]};

	cli = argc > 1 ? argv[1] : NULL;
	fixtures = argc > 2 ? argv[2] : NULL;
	if (!cli || !fixtures) {
		fputs("usage: test_report_strict CLI FIXTURES_DIR\n", stderr);
		return 2;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
