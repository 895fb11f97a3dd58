/*
 * What changed, as transitions between adjacent kernels, each attributed to
 * the gate whose old_behaviour_applies flips. fixtures/report/transitions
 * (4.4.121 4.9.229 4.14.67 4.19.72 5.4.286 5.10.89) holds:
 *   keys_two_gates_two_transitions: gate (A) flips 4.4 -> 4.9, gate2 (B)
 *     4.14 -> 4.19 (B's backport 4.9.300 is no 4.19 release);
 *   ipc_backport_gained_then_lost: backports 5.4.282 5.10.224: gained
 *     4.19 -> 5.4.286, lost 5.4.286 -> 5.10.89;
 *   peer_old_format_gate: the old TAP gate (no backports, no
 *     source_of_release), 4.9 -> 4.14;
 *   inet_same_everywhere: a gate flips but nothing changed: no transition;
 *   exec_broken_setup, exec_failed_observation: broken and failed on every
 *     kernel.
 * fixtures/report/unexplained (4.19.72 5.4.286): a change whose gate does
 * not flip and one with no gate. Then test-lts-summary.sh over a rendered
 * copy of each, and over doctored copies. argv[1] the CLI, argv[2]
 * fixtures/report.
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

#include "commands.h"
#include "emit.h"
#include "model.h"
#include "util.h"

#define A40 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define B40 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define C40 "cccccccccccccccccccccccccccccccccccccccc"
#define D40 "dddddddddddddddddddddddddddddddddddddddd"

static const char *cli, *fixtures;
static char root[] = "/tmp/report-transitions.XXXXXX";

static int sh(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *rel)
{
	char *path = xasprintf("%s/%s", root, rel), *text = read_file(path, NULL);

	if (!text)
		fail_msg("cannot read %s", path);
	free(path);
	return text;
}

static void load(struct run *r, const char *name)
{
	char *dir = xasprintf("%s/%s", fixtures, name);
	char err[512];

	run_init(r);
	if (!run_load(r, dir, err, sizeof(err)))
		fail_msg("%s", err);
	free(dir);
}

static const struct tcase *find(const struct run *r, const char *name)
{
	for (size_t i = 0; i < r->nc; i++)
		if (!strcmp(r->c[i].name, name))
			return &r->c[i];
	fail_msg("no case %s", name);
	return NULL;
}

static void assert_tr(const struct run *r, const struct transition *t, const char *from,
		      const char *to, const char *commit, const char *first, bool lost)
{
	assert_string_equal(r->k[t->from].name, from);
	assert_string_equal(r->k[t->to].name, to);
	assert_non_null(t->gate);
	assert_string_equal(t->gate->commit, commit);
	assert_non_null(t->first_release);
	assert_int_equal(t->first_release_len, strlen(first));
	assert_memory_equal(t->first_release, first, strlen(first));
	assert_int_equal(t->lost, lost);
	assert_true(transition_explained(t));
}

static void attributes_each_transition(void **state)
{
	const struct tcase *c;
	struct run r;

	(void)state;
	load(&r, "transitions");
	assert_int_equal(r.nk, 6);
	assert_int_equal(r.nchanged, 3);
	assert_int_equal(r.ntr, 5);
	assert_int_equal(r.nunexplained, 0);

	c = find(&r, "keys_two_gates_two_transitions");
	assert_int_equal(c->ntr, 2);
	assert_tr(&r, &c->tr[0], "4.4", "4.9", A40, "4.8.0", false);
	assert_string_equal(c->tr[0].gate->key, "gate");
	assert_tr(&r, &c->tr[1], "4.14", "4.19", B40, "4.17.0", false);
	assert_string_equal(c->tr[1].gate->key, "gate2");
	assert_string_equal(c->tr[1].gate->backports, "4.9.300");
	assert_string_equal(c->tr[1].gate->source, "git describe --contains");

	c = find(&r, "ipc_backport_gained_then_lost");
	assert_int_equal(c->ntr, 2);
	assert_tr(&r, &c->tr[0], "4.19", "5.4", C40, "5.4.282", false);
	assert_tr(&r, &c->tr[1], "5.4", "5.10", C40, "5.10.224", true);

	c = find(&r, "peer_old_format_gate");
	assert_int_equal(c->ntr, 1);
	assert_tr(&r, &c->tr[0], "4.9", "4.14", D40, "4.10.0", false);
	assert_null(c->tr[0].gate->backports);
	assert_null(c->tr[0].gate->source);

	c = find(&r, "inet_same_everywhere");
	assert_false(c->changed);
	assert_int_equal(c->ntr, 0);

	/* One group per (kernels, gate), in kernel order. */
	assert_int_equal(r.ngrp, 5);
	assert_string_equal(r.k[r.grp[0].t->from].name, "4.4");
	assert_string_equal(r.k[r.grp[1].t->from].name, "4.9");
	assert_string_equal(r.k[r.grp[4].t->from].name, "5.4");
	for (size_t i = 0; i < r.ngrp; i++)
		assert_int_equal(r.grp[i].n, 1);

	/* Broken apart from failed; not ok counts both. */
	for (size_t ki = 0; ki < r.nk; ki++) {
		assert_int_equal(r.k[ki].n_ok, 4);
		assert_int_equal(r.k[ki].n_not_ok, 2);
		assert_int_equal(r.k[ki].n_broken, 1);
	}
	assert_true(find(&r, "exec_broken_setup")->cell[0].broken);
	assert_false(find(&r, "exec_failed_observation")->cell[0].broken);
	run_free(&r);
}

static void reports_unexplained(void **state)
{
	const struct tcase *c;
	char *md = NULL;
	size_t len = 0;
	struct run r;
	FILE *f;

	(void)state;
	load(&r, "unexplained");
	assert_int_equal(r.ntr, 2);
	assert_int_equal(r.nunexplained, 2);
	assert_int_equal(r.nunexplained_cases, 2);
	c = find(&r, "onlycap_unexplained_change");
	assert_int_equal(c->ntr, 1);
	assert_null(c->tr[0].gate);	/* it lists a gate, but the gate does not flip */
	assert_false(transition_explained(&c->tr[0]));
	/* Both unexplained on the same kernels: one group of two. */
	assert_int_equal(r.ngrp, 1);
	assert_int_equal(r.grp[0].n, 2);
	f = open_memstream(&md, &len);
	assert_non_null(f);
	emit_md(f, &r);
	assert_int_equal(fclose(f), 0);
	assert_non_null(strstr(md, "**Unexplained: 2 transitions, in 2 cases**"));
	assert_non_null(strstr(md, "| 4.19 (4.19.72) | 5.4 (5.4.286) | **unexplained**: no gate "
				   "flips | — | 2: `onlycap_unexplained_change`, "
				   "`onlycap_no_gate_change` |"));
	assert_null(strstr(md, "not identified"));
	free(md);
	run_free(&r);
}

static int setup(void **state)
{
	char *cmd;
	int rc;

	(void)state;
	if (!cli || !fixtures || !mkdtemp(root))
		return -1;
	cmd = xasprintf("cp -R '%s/transitions' '%s/tr' && cp -R '%s/unexplained' '%s/un'",
			fixtures, root, fixtures, root);
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
	return rc;
}

static void renders_transitions(void **state)
{
	char *dir = xasprintf("%s/tr", root);
	char *json, *md, *html, *junit;

	(void)state;
	assert_int_equal(cmd_render(dir), 1);	/* failed and broken cases */
	free(dir);

	json = slurp("tr/summary.json");
	assert_non_null(strstr(json, "\"ok\": 4, \"not_ok\": 2, \"failed\": 1, \"broken\": 1, "));
	assert_non_null(strstr(json, "\"transitions\": 5, \"unexplained_transitions\": 0"));
	assert_non_null(strstr(json,
		"{\"name\": \"ipc_backport_gained_then_lost\", \"observations\": {\"4.4\": \"-13\", "
		"\"4.9\": \"-13\", \"4.14\": \"-13\", \"4.19\": \"-13\", \"5.4\": \"allowed\", "
		"\"5.10\": \"-13\"}, \"first_differs_on\": \"5.4\", \"unexplained\": 0, "
		"\"transitions\": [\n"
		"    {\"from\": \"4.19\", \"to\": \"5.4\", \"from_release\": \"4.19.72\", "
		"\"to_release\": \"5.4.286\", \"explained\": true, \"gate\": \"gate\", "
		"\"commit\": \"" C40 "\", \"subject\": \"ipc: backported change\", "
		"\"since\": \"5.12.0\", \"backports\": \"5.4.282 5.10.224\", "
		"\"first_release\": \"5.4.282\", \"direction\": \"gained\", "
		"\"source_of_release\": \"stable changelog\"},\n"
		"    {\"from\": \"5.4\", \"to\": \"5.10\", \"from_release\": \"5.4.286\", "
		"\"to_release\": \"5.10.89\", \"explained\": true, \"gate\": \"gate\", "
		"\"commit\": \"" C40 "\", \"subject\": \"ipc: backported change\", "
		"\"since\": \"5.12.0\", \"backports\": \"5.4.282 5.10.224\", "
		"\"first_release\": \"5.10.224\", \"direction\": \"lost\", "
		"\"source_of_release\": \"stable changelog\"}]}"));
	/* The old gate fields are gone. */
	assert_null(strstr(json, "gate_commit"));
	assert_null(strstr(json, "gate2_"));

	md = slurp("tr/report.md");
	assert_non_null(strstr(md, "| 4 / 1 / 1 / 0 / 0 of 6 |"));
	assert_non_null(strstr(md, "with 12 not ok (6 failed, 6 broken)"));
	assert_non_null(strstr(md, "| 5.4 (5.4.286) | 5.10 (5.10.89) | lost, its series gets it in "
				   "5.10.224 | `cccccccccccc` (\"ipc: backported change\"), since "
				   "5.12.0, backports 5.4.282 5.10.224 (release from stable "
				   "changelog) | 1: `ipc_backport_gained_then_lost` |"));
	assert_non_null(strstr(md, "4.4 → 4.9: gained, first in 4.8.0, `aaaaaaaaaaaa`; 4.14 → "
				   "4.19: gained, first in 4.17.0, `bbbbbbbbbbbb`. Gates: "));
	assert_null(strstr(md, "nexplained"));
	assert_null(strstr(md, "not identified"));

	html = slurp("tr/report.html");
	assert_non_null(strstr(html, "<td>4.19 (4.19.72)</td><td>5.4 (5.4.286)</td><td>gained, "
				     "first in 5.4.282</td><td><code title=\"" C40 "\">"
				     "cccccccccccc</code>"));
	assert_non_null(strstr(html, "<th>ok / failed / broken / skipped / missing of plan</th>"));
	assert_null(strstr(html, "not identified"));

	junit = slurp("tr/junit.xml");
	assert_non_null(strstr(junit, "<testsuite name=\"4.4\" tests=\"6\" failures=\"1\" "
				      "errors=\"1\" skipped=\"0\">"));
	assert_non_null(strstr(junit, "name=\"exec_broken_setup\">\n      <error message=\"broken: "
				      "sender failed at set_label: Permission denied\">"));
	assert_non_null(strstr(junit, "name=\"exec_failed_observation\">\n      <failure "
				      "message=\"observed -13, expected allowed\">"));
	free(json);
	free(md);
	free(html);
	free(junit);
}

static void diff_lists_every_gate(void **state)
{
	char *a = xasprintf("%s/tr:4.14", root), *b = xasprintf("%s/tr:4.19", root);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	(void)state;
	assert_non_null(f);
	assert_int_equal(cmd_diff(a, b, f), 1);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(out, "keys_two_gates_two_transitions: -1 -> allowed (gate " A40
				 " since 4.8.0; gate2 " B40 " since 4.17.0 backports 4.9.300, "
				 "old behaviour on A only)\n1 case differs\n");
	free(out);
	free(a);
	free(b);
}

/* test-lts-summary.sh on RUN (under root); its exit status, its output in *out. */
static int lts_check(const char *run, char **out)
{
	char *cmd = xasprintf("sh '%s/../../results/report/test-lts-summary.sh' '%s/%s' "
			      ">'%s/.out' 2>&1", fixtures, root, run, root);
	char *path = xasprintf("%s/.out", root);
	int rc = sh(cmd);

	*out = read_file(path, NULL);
	assert_non_null(*out);
	free(cmd);
	free(path);
	return rc;
}

/* Copy tr to NAME, render it, then apply a jq filter to its summary.json. */
static void doctor(const char *name, const char *filter)
{
	char *cmd = xasprintf("cd '%s' && rm -rf '%s' && cp -R tr '%s' && jq '%s' tr/summary.json "
			      ">'%s/summary.json'", root, name, name, filter, name);

	assert_int_equal(sh(cmd), 0);
	free(cmd);
}

static void lts_summary_script(void **state)
{
	char *out, *cmd, *dir;

	(void)state;
	if (sh("command -v jq >/dev/null") != 0)
		fail_msg("jq not found: apt-get install jq");
	dir = xasprintf("%s/tr", root);
	cmd_render(dir);
	free(dir);
	dir = xasprintf("%s/un", root);
	cmd_render(dir);
	free(dir);

	assert_int_equal(lts_check("tr", &out), 0);
	assert_non_null(strstr(out, "names its commit and a consistent first release"));
	free(out);

	/* Unexplained: named, case and kernels. */
	assert_int_equal(lts_check("un", &out), 1);
	assert_non_null(strstr(out, "FAIL: onlycap_unexplained_change: 4.19 -> 5.4: no commit"));
	assert_non_null(strstr(out, "FAIL: onlycap_no_gate_change: 4.19 -> 5.4: no commit"));
	free(out);

	/* A gained release past the later kernel. */
	doctor("d1", "(.changed[] | select(.name == \"peer_old_format_gate\") | .transitions[0]"
		     ".first_release) = \"4.15.0\"");
	assert_int_equal(lts_check("d1", &out), 1);
	assert_non_null(strstr(out, "FAIL: peer_old_format_gate: 4.9 -> 4.14: gained, but "
				    "first_release 4.15.0 is after to_release 4.14.67"));
	free(out);

	/* A gained release before the earlier kernel. */
	doctor("d2", "(.changed[] | select(.name == \"peer_old_format_gate\") | .transitions[0]"
		     ".first_release) = \"4.9.1\"");
	assert_int_equal(lts_check("d2", &out), 1);
	assert_non_null(strstr(out, "from_release 4.9.229 is not before first_release 4.9.1"));
	free(out);

	/* Lost, but the release is another series' backport. */
	doctor("d3", "(.changed[] | select(.name == \"ipc_backport_gained_then_lost\") | "
		     ".transitions[1].first_release) = \"5.11.0\"");
	assert_int_equal(lts_check("d3", &out), 1);
	assert_non_null(strstr(out, "FAIL: ipc_backport_gained_then_lost: 5.4 -> 5.10: lost, but "
				    "first_release 5.11.0 is not in the 5.10 series"));
	free(out);

	/* A too-short commit, a missing first_release, a bad direction. */
	doctor("d4", "(.changed[0].transitions[0].commit) = \"aaaaaaaaaaa\" | "
		     "(.changed[0].transitions[1].first_release) = null | "
		     "(.changed[2].transitions[0].direction) = \"sideways\"");
	assert_int_equal(lts_check("d4", &out), 1);
	assert_non_null(strstr(out, "4.4 -> 4.9: commit 'aaaaaaaaaaa' is not 12 to 40 hex digits"));
	assert_non_null(strstr(out, "4.14 -> 4.19: no first_release"));
	assert_non_null(strstr(out, "direction 'sideways' is neither gained nor lost"));
	free(out);

	/* A change whose commit id was never seen: a failure, unless its subject is listed. */
	doctor("d7", "(.changed[0].transitions[0].commit) = null");
	assert_int_equal(lts_check("d7", &out), 1);
	assert_non_null(strstr(out, "4.4 -> 4.9: no commit (unexplained)"));
	free(out);
	cmd = xasprintf("cd '%s' && jq -r '.changed[0].transitions[0].subject' d7/summary.json "
			">d7-commits-not-seen.txt", root);
	assert_int_equal(sh(cmd), 0);
	free(cmd);
	assert_int_equal(lts_check("d7", &out), 0);
	assert_non_null(strstr(out, "1 transition(s) by changes whose commit id is still unknown"));
	free(out);

	/* Nothing changed at all. */
	doctor("d5", ".changed = []");
	assert_int_equal(lts_check("d5", &out), 1);
	assert_non_null(strstr(out, "changed[] is empty"));
	free(out);

	/* The old wording in a report. */
	doctor("d6", ".");
	cmd = xasprintf("echo 'commit not identified' >>'%s/d6/report.html'", root);
	assert_int_equal(sh(cmd), 0);
	free(cmd);
	assert_int_equal(lts_check("d6", &out), 1);
	assert_non_null(strstr(out, "report.html says \"not identified\""));
	free(out);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(attributes_each_transition),
		cmocka_unit_test(reports_unexplained),
		cmocka_unit_test(renders_transitions),
		cmocka_unit_test(diff_lists_every_gate),
		cmocka_unit_test(lts_summary_script),
	};

	cli = argc > 1 ? argv[1] : NULL;
	fixtures = argc > 2 ? argv[2] : NULL;
	return cmocka_run_group_tests(tests, setup, teardown);
}
