/* Needs, rule sets, gates and the engine that picks an expectation (expect.h). */
#include "expect.h"

#include <stdio.h>
#include <string.h>

const char *const need_names[NEED_COUNT] = {
	[NEED_NONE] = "nothing",      [NEED_R] = "R r S",        [NEED_W] = "R w S",
	[NEED_RW] = "R rw S",         [NEED_SOCK] = "R w S and S w R",
	[NEED_S_W_R] = "S w R",       [NEED_FLOOR_RW] = "R rw _", [NEED_FLOOR_W] = "R w _",
	[NEED_ANY] = "any rule R S",  [NEED_NEVER] = "nothing (refused under every rule set)",
	[NEED_X] = "R x S",
	[NEED_SAME] = "R's label equal to S's",
};

const struct ruleset rulesets[RS_ALL] = {
	[RS_NONE] = {"no_rule", 0, {{0}}},
	[RS_RS_W] = {"rule_R_S_w", 1, {{'R', 'S', "w"}}},
	[RS_SR_W] = {"rule_S_R_w", 1, {{'S', 'R', "w"}}},
	[RS_BOTH_W] = {"rules_R_S_w_and_S_R_w", 2, {{'R', 'S', "w"}, {'S', 'R', "w"}}},
	[RS_RS_R] = {"rule_R_S_r", 1, {{'R', 'S', "r"}}},
	[RS_RS_RW] = {"rule_R_S_rw", 1, {{'R', 'S', "rw"}}},
	[RS_RS_RWX] = {"rule_R_S_rwx", 1, {{'R', 'S', "rwx"}}},
	[RS_RS_RWXT] = {"rule_R_S_rwxt", 1, {{'R', 'S', "rwxt"}}},
};

/* Access letters the rule set grants subject s on object o ("" for no rule, NULL...). */
static bool grants(enum ruleset_id rs, char s, char o, const char *letters)
{
	for (int i = 0; i < rulesets[rs].n; i++) {
		const struct rule_spec *r = &rulesets[rs].rules[i];

		if (r->subject == s && r->object == o && r->access[0]) {
			bool all = true;

			for (const char *l = letters; *l; l++)
				all &= strchr(r->access, *l) != NULL;
			if (all)
				return true;
		}
	}
	return false;
}

bool ruleset_grants(enum ruleset_id rs, enum need need)
{
	switch (need) {
	case NEED_NONE: return true;
	case NEED_R: return grants(rs, 'R', 'S', "r");
	case NEED_W: return grants(rs, 'R', 'S', "w");
	case NEED_RW: return grants(rs, 'R', 'S', "rw");
	case NEED_SOCK: return grants(rs, 'R', 'S', "w") && grants(rs, 'S', 'R', "w");
	case NEED_S_W_R: return grants(rs, 'S', 'R', "w");
	case NEED_FLOOR_RW: /* rule sets name only S and R, never "_" */
	case NEED_FLOOR_W:
	case NEED_NEVER: return false;
	case NEED_ANY: return grants(rs, 'R', 'S', "");
	case NEED_X: return grants(rs, 'R', 'S', "x");
	case NEED_SAME: return false; /* the roles always have two labels */
	case NEED_COUNT: break;
	}
	return false;
}

int need_accesses(enum need need, struct access *out)
{
	switch (need) {
	case NEED_R: out[0] = (struct access){'R', 'S', "r"}; return 1;
	case NEED_W: out[0] = (struct access){'R', 'S', "w"}; return 1;
	case NEED_RW: out[0] = (struct access){'R', 'S', "rw"}; return 1;
	case NEED_SOCK:
		out[0] = (struct access){'R', 'S', "w"};
		out[1] = (struct access){'S', 'R', "w"};
		return 2;
	case NEED_S_W_R: out[0] = (struct access){'S', 'R', "w"}; return 1;
	case NEED_FLOOR_RW: out[0] = (struct access){'R', '_', "rw"}; return 1;
	case NEED_FLOOR_W: out[0] = (struct access){'R', '_', "w"}; return 1;
	case NEED_X: out[0] = (struct access){'R', 'S', "x"}; return 1;
	/*
	 * NEVER: a per-task rule refuses, and access2 answers the global policy
	 * only; SAME: a label comparison, no policy question.
	 */
	case NEED_NONE: case NEED_ANY: case NEED_NEVER: case NEED_SAME: case NEED_COUNT: break;
	}
	return 0;
}

void expect_accesses(const struct expect *e, struct access *out, int *n, int max)
{
	for (int i = 0; i < EXPECT_STEPS && e->steps[i].need != NEED_NONE; i++) {
		struct access a[2];
		int k = need_accesses(e->steps[i].need, a);

		for (int j = 0; j < k; j++) {
			bool seen = false;

			for (int m = 0; m < *n; m++)
				seen |= out[m].subject == a[j].subject && out[m].object == a[j].object &&
					!strcmp(out[m].mode, a[j].mode);
			if (!seen && *n < max)
				out[(*n)++] = a[j];
		}
	}
}

bool rules_allow(const struct rule_spec *rules, int n, const struct access *a)
{
	if (a->subject == a->object)
		return true;
	if (a->object == '_' && strspn(a->mode, "rx") == strlen(a->mode))
		return true;
	for (int i = 0; i < n; i++)
		if (rules[i].subject == a->subject && rules[i].object == a->object) {
			bool all = true;

			for (const char *l = a->mode; *l; l++)
				all &= strchr(rules[i].access, *l) != NULL;
			if (all)
				return true;
		}
	return false;
}

bool gate_applies_old(const struct gate *g, unsigned kernel)
{
	if (!g || !g->since || kernel >= g->since)
		return false;
	for (int i = 0; i < GATE_BACKPORTS && g->backports[i]; i++)
		if (KV_SERIES(kernel) == KV_SERIES(g->backports[i]) && kernel >= g->backports[i])
			return false;
	return true;
}

int gates_count(const struct gated *gates)
{
	int n = 0;

	while (gates && n < CASE_GATES && gates[n].gate)
		n++;
	return n;
}

const struct expect *expect_pick(const struct expect *row, const struct gated *gates,
				 unsigned kver, int *by)
{
	const struct expect *e = row;

	*by = -1;
	for (int i = 0; i < gates_count(gates); i++)
		if (gate_applies_old(gates[i].gate, kver)) {
			e = &gates[i].before;
			*by = i;
		}
	return e;
}

/* The first check of e that refuses under rs, or NULL when none does. */
static const struct step *refusing(const struct expect *e, enum ruleset_id rs, bool override)
{
	for (int i = 0; i < EXPECT_STEPS && e->steps[i].need != NEED_NONE; i++) {
		const struct step *s = &e->steps[i];

		if (!(override && !s->no_override) && ruleset_grants(rs, s->need) == s->when_granted)
			return s;
	}
	return NULL;
}

int expect_result(const struct expect *e, enum ruleset_id rs, bool override)
{
	const struct step *s = refusing(e, rs, override);

	return s ? -s->err : -e->result;
}

bool expect_refused(const struct expect *e, enum ruleset_id rs, bool override)
{
	return refusing(e, rs, override) != NULL;
}

const char *errno_token(int rc)
{
	const char *n = rc ? strerrorname_np(-rc) : "0";

	return n ? n : "E?";
}

void yaml_rules(struct yaml *y, enum ruleset_id rs, const struct case_ctx *ctx)
{
	char rule[2 * SMACK_LABEL_MAX + 16];

	yaml_map(y, 0, "rules");
	for (int i = 0; i < rulesets[rs].n; i++) {
		const struct rule_spec *r = &rulesets[rs].rules[i];

		snprintf(rule, sizeof(rule), "%s %s %s", r->subject == 'S' ? ctx->sender : ctx->receiver,
			 r->object == 'S' ? ctx->sender : ctx->receiver, r->access);
		yaml_item(y, 1, rule);
	}
	if (!rulesets[rs].n)
		yaml_item(y, 1, "none");
}

/* Printed on every kernel, so a report can place each change between two kernels. */
void yaml_gate(struct yaml *y, int i, const struct gate *g, unsigned kver)
{
	char key[16], v[24], bp[GATE_BACKPORTS * 16] = "";
	size_t n = 0;

	for (int b = 0; b < GATE_BACKPORTS && g->backports[b]; b++) {
		kver_format(g->backports[b], v, sizeof(v));
		n += (size_t)snprintf(bp + n, sizeof(bp) - n, "%s%s", b ? " " : "", v);
	}
	snprintf(key, sizeof(key), i ? "gate%d" : "gate", i + 1);
	kver_format(g->since, v, sizeof(v));
	yaml_map(y, 0, key);
	yaml_str(y, 1, "since", v);
	yaml_str(y, 1, "backports", bp[0] ? bp : NULL);
	yaml_str(y, 1, "commit", g->commit);
	yaml_str(y, 1, "subject", g->subject);
	yaml_str(y, 1, "source_of_release", g->source);
	yaml_bool(y, 1, "old_behaviour_applies", gate_applies_old(g, kver));
}

void yaml_hint(struct yaml *y, const struct gate *const *gates, int n, unsigned kver)
{
	char hint[1200], v[24], k[24];
	size_t len = 0;

	if (!n) {
		yaml_str(y, 0, "hint", "no known upstream change moves this expectation: a kernel "
			 "that differs here is news (compare with the report's other kernels)");
		return;
	}
	kver_format(kver, k, sizeof(k));
	for (int i = 0; i < n && len < sizeof(hint); i++) {
		kver_format(gates[i]->since, v, sizeof(v));
		len += (size_t)snprintf(hint + len, sizeof(hint) - len,
					"%sbehaviour changed in %s by %s (\"%s\"); %s %s it", i ? "; " : "",
					v, gates[i]->commit, gates[i]->subject, k,
					gate_applies_old(gates[i], kver) ? "predates" : "has");
	}
	yaml_str(y, 0, "hint", hint);
}
