/* The contract between the runner and a family of cases. */
#ifndef SUITE_SUITE_H
#define SUITE_SUITE_H

#include <stdbool.h>
#include <stddef.h>

#include "labels.h"
#include "proc.h"
#include "tap.h"

#define SUITE_VERSION "0.1.0"
#define CASE_NAME_MAX 160

struct access;     /* expect.h */
struct role_times; /* roles.h */

/* A rule between the case's roles: 'S' is the sender's label, 'R' the receiver's. */
struct rule_spec {
	char subject, object;
	const char *access;
};
#define CASE_MAX_RULES 4

/* What the runner hands a case: its labels, a scratch directory, shared memory. */
struct case_ctx {
	size_t index;                       /* within the family */
	char sender[SMACK_LABEL_MAX + 1];   /* S */
	char receiver[SMACK_LABEL_MAX + 1]; /* R */
	char workdir[256];                  /* tmpfs dir labelled "*", emptied after each case */
	unsigned timeout_ms;
	unsigned kver;                      /* running kernel, packed (kver.h) */
	void *shm;                          /* MAP_SHARED, zeroed before each case */
	int shm_fd;                         /* the memfd behind shm: reachable after exec */
	size_t shm_size;
	const struct smackfs *fs;           /* where smackfs is mounted */
	const char *runner_label;           /* the runner's own label */
	struct role_times *times;           /* MAP_SHARED: where the roles add their times */
};

/*
 * A case's verdict. Broken: it could not set itself up (a label, a rule, a
 * fork failed), so the kernel was not asked; failed: the kernel did
 * something other than expected.
 */
enum verdict { VERDICT_PASS, VERDICT_FAIL, VERDICT_BROKEN };

struct family {
	const char *name;
	size_t (*count)(void);
	const char *(*name_of)(size_t i);
	/* Label suffixes of the two roles (e.g. "S"/"R", "framework"/"admin"). */
	void (*roles)(size_t i, const char **sender, const char **receiver);
	/* Rules to load before the case; returns how many (<= CASE_MAX_RULES). */
	int (*rules)(size_t i, struct rule_spec *out);
	/* Runs in a forked process that leads the case's process group. */
	int (*body)(void *ctx);
	/* Compare observation (in ctx->shm) with the expectation; fill YAML. */
	enum verdict (*judge)(const struct case_ctx *ctx, const struct case_status *st,
			      struct yaml *y);
	size_t shm_size; /* bytes of shared memory the case uses */
	/*
	 * Optional: the global smackfs setting case i changes (e.g. "onlycap"),
	 * or NULL. The runner runs such a case only with --change-global, and
	 * restores the setting after it, whatever happened.
	 */
	const char *(*global_of)(size_t i);
	/* Optional: why case i cannot run here (reported as a TAP SKIP), or NULL. */
	const char *(*skip)(size_t i);
	/*
	 * The cases read evidence the whole kernel shares (inet: Udp InErrors
	 * of /proc/net/snmp), so each runs alone, never beside another case.
	 * A case with a global setting runs alone too.
	 */
	bool solo;
	/*
	 * Optional: how many SMACK refusals case i observed (a descriptor the
	 * kernel dropped or refused, an access answered with SMACK's errno),
	 * from ctx->shm after the case; -1 when it cannot tell. The runner
	 * holds this against the audit records the kernel wrote.
	 */
	int (*denials)(const struct case_ctx *ctx);
	/*
	 * Optional: the accesses case i depends on, on kernel kver (from the
	 * expectation the gates pick); returns how many (<= max). The runner
	 * asks the kernel each through smackfs access2 before the case.
	 */
	int (*accesses)(size_t i, unsigned kver, struct access *out, int max);
};

/*
 * The registry (cases/registry.c): every family in run order, NULL-ended.
 * The harness names no family. With hang/crash the test-only selftest
 * cases it asks for come first.
 */
size_t suite_families(const struct family **out, size_t max, bool hang, bool crash);
/* Whether case i of family f is one the run asked for (selftests are opt-in). */
bool suite_case_wanted(const struct family *f, size_t i, bool hang, bool crash);

#endif
