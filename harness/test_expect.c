/* Unit tests: needs, rule sets, version gates and the engine that picks an expectation. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "expect.h"

#include <string.h>
#include <errno.h>

static void gates_by_version(void **state)
{
	struct gate g = {.since = KV(4, 5, 0), .commit = "79be093500791cc25cc31bcaec5a4db62e21497b", .subject = "s"};
	struct gate none = {.since = 0};

	(void)state;
	assert_true(gate_applies_old(&g, KV(4, 4, 121)));
	assert_false(gate_applies_old(&g, KV(4, 5, 0)));
	assert_false(gate_applies_old(&g, KV(6, 1, 0)));
	assert_false(gate_applies_old(&none, KV(2, 6, 0)));
	/* a stable backport: 4.9.y has it from .229, 4.14.67 does not */
	struct gate bp = {.since = KV(4, 19, 0), .subject = "s", .backports = {KV(4, 9, 229)}};

	assert_true(gate_applies_old(&bp, KV(4, 4, 121)));
	assert_true(gate_applies_old(&bp, KV(4, 9, 228)));
	assert_false(gate_applies_old(&bp, KV(4, 9, 229)));
	assert_true(gate_applies_old(&bp, KV(4, 14, 67)));
	assert_false(gate_applies_old(&bp, KV(4, 19, 0)));
	assert_false(gate_applies_old(NULL, KV(2, 6, 0)));
	/* sublevels past 255: a backport at 5.4.284 covers 5.4.286, not 5.4.283 or 5.5 */
	struct gate big = {.since = KV(6, 11, 0), .subject = "s", .backports = {KV(5, 4, 284)}};

	assert_false(gate_applies_old(&big, KV(5, 4, 286)));
	assert_true(gate_applies_old(&big, KV(5, 4, 283)));
	assert_true(gate_applies_old(&big, KV(5, 10, 89)));
	/* the fifth and later series of a list count too (6.6.87 has the 6.6.44 backport) */
	struct gate five = {.since = KV(6, 11, 0), .subject = "s",
			    .backports = {KV(5, 4, 282), KV(5, 10, 224), KV(5, 15, 165), KV(6, 1, 103),
					  KV(6, 6, 44)}};

	assert_false(gate_applies_old(&five, KV(6, 6, 87)));
	assert_true(gate_applies_old(&five, KV(6, 6, 43)));
	assert_false(gate_applies_old(&five, KV(6, 18, 33)));
	assert_true(gate_applies_old(&five, KV(5, 15, 135)));
}

/* Rule sets grant what their rules say, nothing listed by hand. */
static void rule_sets_grant_their_rules(void **state)
{
	(void)state;
	assert_true(ruleset_grants(RS_RS_RW, NEED_R));
	assert_true(ruleset_grants(RS_RS_RW, NEED_RW));
	assert_false(ruleset_grants(RS_RS_R, NEED_RW));
	assert_true(ruleset_grants(RS_BOTH_W, NEED_SOCK));
	assert_false(ruleset_grants(RS_RS_W, NEED_SOCK));
	assert_true(ruleset_grants(RS_SR_W, NEED_S_W_R));
	/* any rule R S, whatever access: every rule set with an R S rule, derived */
	for (int rs = 0; rs < RS_ALL; rs++) {
		bool has = false;

		for (int i = 0; i < rulesets[rs].n; i++)
			has |= rulesets[rs].rules[i].subject == 'R' && rulesets[rs].rules[i].object == 'S';
		assert_int_equal(ruleset_grants((enum ruleset_id)rs, NEED_ANY), has);
		assert_false(ruleset_grants((enum ruleset_id)rs, NEED_FLOOR_RW));
		assert_false(ruleset_grants((enum ruleset_id)rs, NEED_NEVER));
		assert_false(ruleset_grants((enum ruleset_id)rs, NEED_SAME));
	}
	/* x only where a rule names it (the value-case rule sets) */
	assert_false(ruleset_grants(RS_RS_RW, NEED_X));
	assert_true(ruleset_grants(RS_RS_RWX, NEED_X));
}

/* Steps in order; the first refusal decides; CAP_MAC_OVERRIDE per step. */
static void steps_decide_in_order(void **state)
{
	/* msgrcv: r or EACCES, then rw or ENOMSG */
	struct expect msg = {.steps = {{NEED_R, EACCES}, {NEED_RW, ENOMSG}}};
	struct expect sock = {.steps = {{NEED_SOCK, EACCES, .no_override = true}}};
	struct expect nosys = {.result = ENOSYS};

	(void)state;
	assert_int_equal(expect_result(&msg, RS_NONE, false), -EACCES);
	assert_int_equal(expect_result(&msg, RS_RS_R, false), -ENOMSG);
	assert_int_equal(expect_result(&msg, RS_RS_RW, false), 0);
	assert_int_equal(expect_result(&msg, RS_NONE, true), 0);
	assert_int_equal(expect_result(&sock, RS_NONE, true), -EACCES);
	assert_int_equal(expect_result(&sock, RS_BOTH_W, false), 0);
	assert_int_equal(expect_result(&nosys, RS_RS_RW, true), -ENOSYS);
}

/* A step that refuses when its need is granted (SMACK64MMAP), and one nothing grants. */
static void inverted_and_never_steps(void **state)
{
	struct expect mmap = {.steps = {{NEED_ANY, EACCES, .no_override = true, .when_granted = true}}};
	struct expect never = {.steps = {{NEED_NEVER, EACCES}}};

	(void)state;
	assert_int_equal(expect_result(&mmap, RS_NONE, false), 0);
	assert_int_equal(expect_result(&mmap, RS_SR_W, false), 0);
	assert_int_equal(expect_result(&mmap, RS_RS_R, false), -EACCES);
	assert_int_equal(expect_result(&mmap, RS_RS_R, true), -EACCES);
	assert_int_equal(expect_result(&never, RS_RS_RW, false), -EACCES);
	assert_int_equal(expect_result(&never, RS_NONE, true), 0);
}

static const struct gate g_old = {.since = KV(4, 19, 0), .commit = "a", .subject = "old change"};
static const struct gate g_new = {.since = KV(6, 11, 0), .commit = "b", .subject = "new change",
				  .backports = {KV(5, 4, 284), KV(6, 1, 110)}};
static const struct expect row = {.value = "now"};
/* Newest change first: a kernel older than both ends with the oldest one's expectation. */
static const struct gated two[CASE_GATES] = {
	{&g_new, {.value = "before new"}},
	{&g_old, {.value = "before old"}},
};

static const char *picked(const struct gated *g, unsigned kver, int *by)
{
	return expect_pick(&row, g, kver, by)->value;
}

static void engine_picks_by_gate(void **state)
{
	int by;

	(void)state;
	/* newer than every gate: the row */
	assert_string_equal(picked(two, KV(7, 3, 0), &by), "now");
	assert_int_equal(by, -1);
	/* between the two */
	assert_string_equal(picked(two, KV(5, 10, 89), &by), "before new");
	assert_int_equal(by, 0);
	/* older than every gate: the last listed that applies */
	assert_string_equal(picked(two, KV(4, 4, 121), &by), "before old");
	assert_int_equal(by, 1);
	/* no gates at all */
	assert_string_equal(picked(NULL, KV(4, 4, 0), &by), "now");
}

static void engine_honours_backports(void **state)
{
	int by;

	(void)state;
	/* 5.4.286 has the 5.4.284 backport, 5.4.283 does not */
	assert_string_equal(picked(two, KV(5, 4, 286), &by), "now");
	assert_string_equal(picked(two, KV(5, 4, 283), &by), "before new");
	/* a 6.1.x backport: 6.1.110 on, not 6.1.109; 6.6 is not in the list */
	assert_string_equal(picked(two, KV(6, 1, 110), &by), "now");
	assert_string_equal(picked(two, KV(6, 1, 109), &by), "before new");
	assert_string_equal(picked(two, KV(6, 6, 87), &by), "before new");
}

/* Gate order is part of the row: the same gates the other way round pick differently. */
static void engine_gate_order_matters(void **state)
{
	static const struct gated swapped[CASE_GATES] = {
		{&g_old, {.value = "before old"}},
		{&g_new, {.value = "before new"}},
	};
	int by;

	(void)state;
	assert_string_equal(picked(swapped, KV(4, 4, 121), &by), "before new");
	assert_int_equal(by, 1);
	assert_string_equal(picked(swapped, KV(5, 10, 89), &by), "before new");
}

/* access2's questions: what each need asks, each once, and the model's answer to them. */
static void accesses_and_the_rules_answer(void **state)
{
	static const struct expect sock_then_w = {
		.steps = {{NEED_SOCK, EACCES, false}, {NEED_W, EACCES, false}}};
	static const struct rule_spec rs_w[] = {{'R', 'S', "w"}}, both[] = {{'R', 'S', "w"},
									      {'S', 'R', "rwx"}};
	struct access a[CASE_MAX_ACCESSES];
	int n = 0;

	(void)state;
	expect_accesses(&sock_then_w, a, &n, CASE_MAX_ACCESSES);
	assert_int_equal(n, 2); /* R S w once, S R w */
	assert_true(a[0].subject == 'R' && a[0].object == 'S' && !strcmp(a[0].mode, "w"));
	assert_true(a[1].subject == 'S' && a[1].object == 'R' && !strcmp(a[1].mode, "w"));
	assert_true(rules_allow(rs_w, 1, &a[0]));
	assert_false(rules_allow(rs_w, 1, &a[1]));
	assert_true(rules_allow(both, 2, &a[1]));
	assert_false(rules_allow(rs_w, 1, &(struct access){'R', 'S', "rw"}));
	/* SMACK's own: the floor gives r and x to all, the same label everything. */
	assert_true(rules_allow(NULL, 0, &(struct access){'R', '_', "r"}));
	assert_false(rules_allow(NULL, 0, &(struct access){'R', '_', "w"}));
	assert_true(rules_allow(NULL, 0, &(struct access){'S', 'S', "rwxat"}));
	assert_int_equal(need_accesses(NEED_ANY, a), 0); /* no access2 form */
	assert_int_equal(need_accesses(NEED_FLOOR_RW, a), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gates_by_version),
		cmocka_unit_test(rule_sets_grant_their_rules),
		cmocka_unit_test(steps_decide_in_order),
		cmocka_unit_test(inverted_and_never_steps),
		cmocka_unit_test(engine_picks_by_gate),
		cmocka_unit_test(engine_honours_backports),
		cmocka_unit_test(engine_gate_order_matters),
		cmocka_unit_test(accesses_and_the_rules_answer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
