/*
 * Test-only cases (enabled by --selftest-hang / --selftest-crash): they
 * prove a hung or crashing case is killed, reported `not ok`, and that the
 * run goes on. All are expected to fail; the guest check requires it. The
 * third hangs after changing onlycap (with --change-global): interrupting
 * it shows the runner puts a global setting back.
 */
#include "suite.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

/* One row per case: what it does, and what the runner must report. */
static const struct selftest {
	const char *name;
	bool crash;           /* SIGSEGV; otherwise it hangs (with a child) until killed */
	const char *global;   /* the global setting it changes first, or NULL */
	const char *expected; /* what the runner must report */
} rows[] = {
	{.name = "selftest_hang_is_killed_and_reported", .expected = "timeout"},
	{.name = "selftest_crash_is_reported", .crash = true, .expected = "killed by SIGSEGV"},
	{.name = "selftest_hang_with_onlycap_changed", .global = "onlycap", .expected = "timeout"},
};

static size_t st_count(void) { return sizeof(rows) / sizeof(rows[0]); }
static const char *st_name(size_t i) { return rows[i].name; }

/* --selftest-crash asks for the crashing case, --selftest-hang for the hanging ones. */
bool selftest_wanted(size_t i, bool hang, bool crash);
bool selftest_wanted(size_t i, bool hang, bool crash) { return rows[i].crash ? crash : hang; }

static void st_roles(size_t i, const char **s, const char **r)
{
	(void)i;
	*s = "S";
	*r = "R";
}

/* A rule, so the check that everything is revoked after a kill means something. */
static int st_rules(size_t i, struct rule_spec *out)
{
	(void)i;
	out[0] = (struct rule_spec){'S', 'R', "rw"};
	return 1;
}

static int st_body(void *arg)
{
	const struct case_ctx *ctx = arg;
	const struct selftest *t = &rows[ctx->index];
	const char *stage;

	if (t->global) {
		char list[2 * SMACK_LABEL_MAX + 2];

		/* The runner's label stays listed, so it can still put onlycap back. */
		snprintf(list, sizeof(list), "%s %s", ctx->runner_label, ctx->sender);
		if (smackfs_put_setting(ctx->fs, t->global, list))
			return 3;
	}
	if (proc_become(ctx->sender, false, &stage))
		return 3;
	if (!t->crash) {
		/* A child too, so killing only the leader would leave it behind. */
		if (fork() == 0)
			for (;;)
				pause();
		for (;;)
			pause();
	}
	raise(SIGSEGV);
	return 0;
}

static const char *st_global(size_t i) { return rows[i].global; }

static enum verdict st_judge(const struct case_ctx *ctx, const struct case_status *st,
			     struct yaml *y)
{
	yaml_str(y, 0, "family", "selftest");
	yaml_str(y, 0, "expected", rows[ctx->index].expected);
	/* Always "not ok": the runner must report these, and tests check it does. */
	(void)st;
	return VERDICT_FAIL;
}

const struct family selftest_family = {
	.name = "selftest",
	.count = st_count,
	.name_of = st_name,
	.roles = st_roles,
	.rules = st_rules,
	.body = st_body,
	.judge = st_judge,
	.shm_size = 0,
	.global_of = st_global,
};
