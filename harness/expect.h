/*
 * The suite's shared vocabulary: what R needs on S (needs), the rule sets
 * cases are crossed with, the upstream changes that move an expectation
 * (gates), and the one engine that picks a case's expectation for the
 * running kernel and prints it. No case compares kernel versions itself.
 */
#ifndef SUITE_EXPECT_H
#define SUITE_EXPECT_H

#include <stdbool.h>

#include "kver.h"
#include "suite.h"
#include "tap.h"

/* What one check of the kernel wants, as grants between the roles. */
enum need {
	NEED_NONE,     /* nothing: the hook returns 0 (S_PRIVATE inode, ...) */
	NEED_R,        /* R r S */
	NEED_W,        /* R w S */
	NEED_RW,       /* R rw S */
	NEED_SOCK,     /* R w S and S w R: both socket labels */
	NEED_S_W_R,    /* S w R: a label on R's side (SMACK64IPIN=R, a SYN-ACK) */
	NEED_FLOOR_RW, /* R rw "_": no rule set here grants it */
	NEED_FLOOR_W,  /* R w "_" (ambient): no rule set here grants it */
	NEED_ANY,      /* a request for no access: any rule R S with some access */
	NEED_NEVER,    /* no rule set grants it (a per-task rule refuses whatever they say) */
	NEED_X,        /* R x S (a directory search): no rule set here grants it */
	NEED_SAME,     /* R's label is S's (ptrace exact/draconian): never so here */
	NEED_COUNT
};
extern const char *const need_names[NEED_COUNT];

enum ruleset_id {
	RS_NONE, RS_RS_W, RS_SR_W, RS_BOTH_W, RS_RS_R, RS_RS_RW, RS_COUNT,
	/* Only for value cases (fixed rules): the matrices cross the six above. */
	RS_RS_RWX = RS_COUNT, RS_RS_RWXT, RS_ALL
};
struct ruleset {
	const char *name;
	int n;
	struct rule_spec rules[2];
};
extern const struct ruleset rulesets[RS_ALL];

/*
 * One access a case depends on, as access2 asks it: subject and object are
 * 'S', 'R' or '_' (the floor label), mode letters as in a rule.
 */
struct access {
	char subject, object;
	const char *mode;
};
#define CASE_MAX_ACCESSES 8
/* The accesses behind `need` (NEED_ANY has none access2 can ask); returns how many. */
int need_accesses(enum need need, struct access *out);

/*
 * SMACK's answer for an access under the loaded rules: a rule granting
 * every letter, the same label, or the floor for r and x (smk_access()).
 */
bool rules_allow(const struct rule_spec *rules, int n, const struct access *a);

/* Does rule set rs grant `need`? Derived from its rules, never listed. */
bool ruleset_grants(enum ruleset_id rs, enum need need);

/*
 * An upstream change that moved an expectation. A kernel older than `since`
 * behaves the old way unless its a.b series got the change as a stable
 * backport at or before its own release.
 */
#define GATE_BACKPORTS 8
struct gate {
	unsigned since;                      /* first mainline release with the change */
	unsigned backports[GATE_BACKPORTS];  /* first release of each series that got it */
	const char *commit;                  /* sha1 (LTP's linux-git tag); NULL if never seen */
	const char *subject;                 /* the commit's subject line */
	const char *source;                  /* how the releases were established */
};
bool gate_applies_old(const struct gate *g, unsigned kernel);
/* A kernel newer than every gate: case names say what current kernels do. */
#define KV_NEWEST KV(255, 0, 0)

/* One check the kernel makes; the first that refuses decides. */
struct step {
	enum need need;
	int err;          /* positive errno it refuses with */
	bool no_override; /* CAP_MAC_OVERRIDE does not bypass it (plain smk_access) */
	/*
	 * It refuses when the rule set grants `need`, passes when it does not
	 * (SMACK64MMAP: every rule R has must be matched by the mmap label's).
	 */
	bool when_granted;
};
#define EXPECT_STEPS 3

/* An expectation: checks in order, then a result, or a value R observes. */
struct expect {
	const char *why;                  /* the code that decides, for the YAML */
	struct step steps[EXPECT_STEPS];  /* .need NEED_NONE ends the list */
	int result;                       /* positive errno when every step passes (ENOSYS) */
	const char *value;                /* value cases: "S", "R", "\"\"", an errno name */
};

/* Those of every check of e, each once, added to out[*n] (at most max in all). */
void expect_accesses(const struct expect *e, struct access *out, int *n, int max);

/* A gate on a case: before it, the case expects `before`. */
struct gated {
	const struct gate *gate;
	struct expect before;
};
#define CASE_GATES 4

/*
 * The engine: the row's expectation, or the `before` of the last gate in
 * the list that the kernel predates. Order a row's gates so that each
 * `before` is right on every kernel where it wins: usually the newest
 * change first; when an older change's `before` already folds in a newer
 * one (keys), list it last. *by is that gate's index, -1 for the row's own.
 */
const struct expect *expect_pick(const struct expect *row, const struct gated *gates,
				 unsigned kver, int *by);
/* 0 or -errno: what the act should return under rule set rs. */
int expect_result(const struct expect *e, enum ruleset_id rs, bool override);
/* Whether a check of e refuses under rs (SMACK said no), not a plain result. */
bool expect_refused(const struct expect *e, enum ruleset_id rs, bool override);
/* Gates in use (a list ends at the first NULL gate). */
int gates_count(const struct gated *gates);

/* YAML every family prints: the rules loaded, each gate as gate, gate2, ... */
void yaml_rules(struct yaml *y, enum ruleset_id rs, const struct case_ctx *ctx);
void yaml_gate(struct yaml *y, int i, const struct gate *g, unsigned kver);
/* On a mismatch: every gate the case depends on, and whether this kernel predates it. */
void yaml_hint(struct yaml *y, const struct gate *const *gates, int n, unsigned kver);

/* "ENOSYS", "0" for 0, from 0 or -errno. */
const char *errno_token(int rc);

#endif
