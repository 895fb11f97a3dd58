/*
 * End to end: a run directory with a kernel that delivers a descriptor, one
 * that drops it, and one whose build failed; then the CLI's exit statuses
 * (argv[1] is the built smack-ipc-report).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "commands.h"
#include "util.h"

static char root[] = "/tmp/report-e2e.XXXXXX";
static const char *cli;

static void put(const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", root, rel);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	free(path);
}

static void dir(const char *rel)
{
	char *path = xasprintf("%s/%s", root, rel);

	assert_int_equal(mkdir(path, 0755), 0);
	free(path);
}

static char *slurp(const char *rel)
{
	char *path = xasprintf("%s/%s", root, rel), *text = read_file(path, NULL);

	assert_non_null(text);
	free(path);
	return text;
}

#define CASE "fdpass_sock_stream_via_stream_nopasssec_rules_R_S_w_and_S_R_w_ample_buf_delivered"

static const char point_fmt[] =
	"%s 1 - " CASE "\n"
	"  ---\n"
	"  family: \"fdpass\"\n"
	"  descriptors: \"sock_stream\"\n"
	"  expected:\n    delivered: 1\n    ctrunc: false\n    scm_security: \"none\"\n"
	"  gate:\n    since: \"4.5.0\"\n"
	"    commit: \"79be093500791cc25cc31bcaec5a4db62e21497b\"\n"
	"    subject: \"Smack: File receive for sockets\"\n"
	"  observed:\n    delivered: %d\n    ctrunc: %s\n    scm_security: null\n"
	"  ...\n"
	"ok 2 - runner_revoked_every_rule_it_created\n  ---\n  rules_left: 0\n  ...\n";

static void tap(const char *kernel, bool delivered)
{
	char *rel = xasprintf("%s/main.tap", kernel);
	char *text = xasprintf("TAP version 14\n1..2\n# kernel: %s.0\n", kernel);
	char *pts = xasprintf(point_fmt, delivered ? "ok" : "not ok", delivered ? 1 : 0,
			      delivered ? "false" : "true");
	char *all = xasprintf("%s%s", text, pts);

	put(rel, all);
	free(rel);
	free(text);
	free(pts);
	free(all);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(root))
		return -1;
	put("run.info", "suite_version=0.1.0\nstarted=2025-01-01T00:00:00Z\n"
			"finished=2025-01-01T00:10:00Z\nkernels=6.1 6.12 4.4\nbogus=1\n");
	dir("6.1");
	put("6.1/kernel.info", "name=6.1\nsource=debian:linux-source-6.1\nstatus=ok\ndetail=\n"
			       "accel=tcg\nkvm_probe=failed\nbuild_seconds=144\nboot_seconds=9.3\n");
	tap("6.1", true);
	dir("6.12");
	/* A local tree: the reports show its release and origin, never this path. */
	put("6.12/kernel.info", "name=6.12\nsource=tree:/home/alice/src/linux-6.12\n"
				"options=cc=gcc-12,origin=alice/linux-6.12@0123abcd\n"
				"status=failures\ndetail=1 not ok\naccel=kvm\n");
	tap("6.12", false);
	dir("4.4");
	put("4.4/kernel.info", "name=4.4\nsource=kernel.org:4.4\nstatus=build_failed\n"
			       "detail=error: <linux/foo.h> & \"bar\"\n");
	dir("empty");
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", root);
	int rc = system(cmd);

	(void)state;
	free(cmd);
	return rc;
}

static void renders_reports(void **state)
{
	char *json, *junit, *md, *html;
	struct dirent *e;
	DIR *d;

	(void)state;
	assert_int_equal(cmd_render(root), 1);	/* a kernel failed */

	json = slurp("summary.json");
	assert_non_null(strstr(json, "\"changed\": [\n  {\"name\": \"" CASE "\", "
				     "\"observations\": {\"6.1\": \"delivered\", "
				     "\"6.12\": \"dropped+CTRUNC\"}, "
				     "\"first_differs_on\": \"6.12\", \"unexplained\": 1, "
				     "\"transitions\": [\n    {\"from\": \"6.1\", \"to\": \"6.12\", "
				     "\"from_release\": \"6.1.0\", \"to_release\": \"6.12.0\", "
				     "\"explained\": false, \"gate\": null, \"commit\": null"));
	/* Each cell lists its gates. */
	assert_non_null(strstr(json, "\"gates\": [{\"commit\": \"79be093500791cc25cc31bcaec5a4db62e21497b\", "
				     "\"since\": \"4.5.0\", \"old_behaviour_applies\": null}]"));
	assert_null(strstr(json, "{\"name\": \"runner_revoked_every_rule_it_created\", \"obs"));
	assert_non_null(strstr(json, "\"build_seconds\": 144, \"boot_seconds\": 9.3"));
	/* Markup characters as \u escapes: the file may be pasted into a page. */
	assert_non_null(strstr(json, "\"detail\": \"error: \\u003clinux/foo.h\\u003e \\u0026 "
				     "\\\"bar\\\"\""));
	assert_non_null(strstr(json, "\"4.4\": {\"status\": \"missing\""));

	junit = slurp("junit.xml");
	assert_non_null(strstr(junit, "<testsuite name=\"4.4\" tests=\"3\" failures=\"0\" "
				      "errors=\"3\" skipped=\"0\">"));
	assert_non_null(strstr(junit, "<testcase classname=\"smack-ipc.kernel\" "
				      "name=\"kernel_status\"><error message=\"build_failed: "
				      "error: &lt;linux/foo.h&gt; &amp; &quot;bar&quot;\"/>"));
	assert_non_null(strstr(junit, "<testcase classname=\"smack-ipc.fdpass\" name=\"" CASE
				      "\"><error message=\"missing: kernel run ended before "
				      "this case\"/></testcase>"));
	assert_non_null(strstr(junit, "<failure message=\"observed dropped+CTRUNC, expected "
				      "delivered\">family: &quot;fdpass&quot;\n"));
	/* 6.12 failed cases, so its status is no error of its own. */
	assert_non_null(strstr(junit, "<testsuite name=\"6.12\" tests=\"2\" failures=\"1\" "
				      "errors=\"0\""));

	md = slurp("report.md");
	assert_non_null(strstr(md, "| `sock_stream_via_stream_nopasssec_rules_R_S_w_and_S_R_w_"
				   "ample_buf_delivered` | ✅ delivered | ❌ dropped+CTRUNC "
				   "(expected delivered) | — missing |"));
	/* No old_behaviour_applies in this TAP: no gate flips, so it is unexplained. */
	assert_non_null(strstr(md, "`79be09350079` (\"Smack: File receive for sockets\"), "
				   "since 4.5.0"));
	assert_non_null(strstr(md, "**Unexplained: 1 transition, in 1 case**"));
	assert_null(strstr(md, "not identified"));
	/* The answer page: a strip per cell, coloured by outcome, the mismatch ringed. */
	assert_non_null(strstr(md, "| `sock_stream` | 🟩│🟥❗· delivered → dropped on 6.12 "
				   "**unexplained** |"));
	assert_non_null(strstr(md, "**1 mark below did NOT observe what was expected"));
	assert_non_null(strstr(md, "| `sock_stream` | 6.1: nothing; 6.12: "
				   "not delivered under any rule set tested; 4.4: — |"));
	assert_true(strstr(md, "## Which received") < strstr(md, "## Kernels"));
	assert_non_null(strstr(md, "| 6.12 | tree 6.12.0: alice/linux-6.12 at 0123abcd |"));
	html = slurp("report.html");
	assert_non_null(strstr(html, "<span class=\"mk o-delivered\" title=\"6.1: delivered "
				     "(1 case, as expected)\"></span>"));
	assert_non_null(strstr(html, "<span class=\"mk o-dropped bad cut\" title=\"6.12: "
				     "dropped (1 of 1 cases NOT as expected)\"></span>"));
	assert_non_null(strstr(html, "<p class=\"alarm\">1 mark below did NOT observe"));
	assert_non_null(strstr(html, "<td>tree 6.12.0: alice/linux-6.12 at 0123abcd</td>"));
	/* The per-case tables stay, collapsed. */
	assert_non_null(strstr(html, "<details><summary>Family fdpass</summary>"));
	assert_null(strstr(html, "<details open><summary>Family fdpass"));
	assert_true(strstr(html, "Which received") < strstr(html, "<h2>Kernels</h2>"));
	assert_non_null(strstr(json, "\"source\": \"tree 6.12.0: alice/linux-6.12 at 0123abcd\""));
	assert_non_null(strstr(json, "\"6.12\": {\"outcome\": \"dropped\", \"what\": "
				     "\"dropped\", \"not_ok\": 1, \"audit\": null}"));
	/* A run before the audit and access2 blocks: not recorded, never zero. */
	assert_non_null(strstr(json, "\"audit\": null, \"access2\": null}"));
	assert_non_null(strstr(json, "\"findings_per_kernel\": {\"6.1\": null, \"6.12\": null, \"4.4\": null}"));
	assert_non_null(strstr(md, "| 6.12 | not recorded | not recorded |"));
	assert_non_null(strstr(md, "## Findings\n\nNot recorded"));
	assert_non_null(strstr(html, "<h2>Findings</h2>\n<p>Not recorded"));
	assert_null(strstr(json, "/home/alice"));
	assert_null(strstr(md, "/home/alice"));
	assert_null(strstr(html, "/home/alice"));
	assert_non_null(strstr(html, "<td class=\"bad\" title=\"expected: delivered"));
	assert_null(strstr(html, "<script"));

	/* No temporary file is left behind. */
	d = opendir(root);
	assert_non_null(d);
	while ((e = readdir(d)))
		assert_true(e->d_name[0] != '.' || !strcmp(e->d_name, ".") ||
			    !strcmp(e->d_name, ".."));
	closedir(d);
	free(json);
	free(junit);
	free(md);
	free(html);
}

static void diffs_kernels(void **state)
{
	char *a = xasprintf("%s:6.1", root), *b = xasprintf("%s/6.12", root);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	(void)state;
	assert_int_equal(cmd_diff(a, b, f), 1);
	fclose(f);
	assert_string_equal(out, CASE ": delivered [ok] -> dropped+CTRUNC [not_ok] "
				 "(gate 79be093500791cc25cc31bcaec5a4db62e21497b since 4.5.0)\n"
				 "1 case differs\n");
	free(out);
	f = open_memstream(&out, &len);
	assert_int_equal(cmd_diff(a, a, f), 0);
	fclose(f);
	assert_string_equal(out, "0 cases differ\n");
	free(out);
	free(b);
	/* build_failed has no main.tap */
	b = xasprintf("%s:4.4", root);
	assert_int_equal(cmd_diff(a, b, stdout), 2);
	free(a);
	free(b);
}

static void bad_input(void **state)
{
	char *p = xasprintf("%s/empty", root);

	(void)state;
	assert_int_equal(cmd_render("/nonexistent/run"), 2);
	/* An empty run directory: no kernel to sort (the _san build: no qsort(NULL)). */
	assert_int_equal(cmd_render(p), 2);
	free(p);
}

static int sh(const char *args)
{
	char *cmd = xasprintf("%s %s", cli, args);
	int st = system(cmd);

	free(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The CLI with args through sh; its stderr in *err (freed by the caller). */
static int sh_err(const char *args, char **err)
{
	char *path = xasprintf("%s/.err", root);
	char *cmd = xasprintf("%s 2>'%s'", args, path);
	int rc = sh(cmd);

	*err = read_file(path, NULL);
	assert_non_null(*err);
	unlink(path);
	free(cmd);
	free(path);
	return rc;
}

/* Output that cannot be written: exit 2 and a message, whatever else happened. */
static void write_errors(void **state)
{
	char *args, *err;

	(void)state;
	if (!cli)
		skip();
	assert_int_equal(sh_err("--help >/dev/full", &err), 2);
	assert_non_null(strstr(err, "write error: standard output: No space left on device"));
	free(err);
	/* 1 (they differ) and 0 (no difference) both become 2. */
	args = xasprintf("diff '%s:6.1' '%s:6.12' >/dev/full", root, root);
	assert_int_equal(sh_err(args, &err), 2);
	assert_non_null(strstr(err, "write error"));
	free(err);
	free(args);
	args = xasprintf("diff '%s:6.1' '%s:6.1' >/dev/full", root, root);
	assert_int_equal(sh_err(args, &err), 2);
	free(err);
	free(args);
	/* render: its summary line on stdout, */
	args = xasprintf("render '%s' >/dev/null", root);
	assert_int_equal(sh(args), 1);
	free(args);
	args = xasprintf("render '%s' >/dev/full", root);
	assert_int_equal(sh_err(args, &err), 2);
	assert_non_null(strstr(err, "write error: standard output"));
	free(err);
	free(args);
	/*
	 * and the reports themselves: no file may grow (SIGXFSZ ignored, so the
	 * write fails with EFBIG). Through a pipe, which has no size limit.
	 */
	args = xasprintf("( trap '' XFSZ; ulimit -f 0; %s render '%s' 2>&1 >/dev/null; echo \"rc=$?\" ) "
			 "| cat >'%s/.out'", cli, root, root);
	assert_int_equal(system(args), 0);
	free(args);
	args = xasprintf("%s/.out", root);
	err = read_file(args, NULL);
	assert_non_null(err);
	unlink(args);
	free(args);
	assert_non_null(strstr(err, "summary.json"));
	assert_non_null(strstr(err, "write failed: File too large\nrc=2\n"));
	free(err);
}

static void cli_exit_statuses(void **state)
{
	char *render = xasprintf("render '%s' >/dev/null", root);

	(void)state;
	if (!cli)
		skip();
	assert_int_equal(sh("--help >/dev/null"), 0);
	assert_int_equal(sh("--bogus 2>/dev/null"), 2);
	assert_int_equal(sh("frobnicate 2>/dev/null"), 2);
	assert_int_equal(sh("2>/dev/null"), 2);
	assert_int_equal(sh("render 2>/dev/null"), 2);
	assert_int_equal(sh("render /nonexistent/run 2>/dev/null"), 2);
	assert_int_equal(sh(render), 1);
	/* Only the passing kernel: exit 0. */
	put("run.info", "kernels=6.1\n");
	assert_int_equal(sh(render), 0);
	free(render);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(renders_reports),
		cmocka_unit_test(diffs_kernels),
		cmocka_unit_test(bad_input),
		cmocka_unit_test(write_errors),
		cmocka_unit_test(cli_exit_statuses),
	};

	cli = argc > 1 ? argv[1] : NULL;
	return cmocka_run_group_tests(tests, setup, teardown);
}
