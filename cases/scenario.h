/*
 * Two-role scenarios: the sender S makes an object under its label (a
 * listening socket, an IPC object, a FIFO), the receiver R acts on it under
 * another label. Each scenario is crossed with the six rule sets and with
 * R keeping CAP_MAC_OVERRIDE or not; the expectation is data (struct expect:
 * the checks the deciding hooks make, in order), moved by version gates
 * through the engine in harness/expect.c.
 */
#ifndef CASES_SCENARIO_H
#define CASES_SCENARIO_H

#include "expect.h"
#include "roles.h"
#include "fdpass_cases.h"

/* Shared memory of one scenario case. */
struct sc_shm {
	struct role_report roles; /* how each role's setup went (prepare is S's) */
	unsigned prepared;      /* latch: S has made the object (or failed: roles.sender_err) */
	unsigned became;        /* latch: R has its label and capabilities */
	int act_rc;             /* 0 or -errno from act */
	bool acted;
	int id;                 /* object id S publishes (IPC id, ...) */
	char path[256];         /* object name S publishes (socket path, ...) */
	int fd_hold;            /* S-side descriptor kept until cleanup */
	int pair[2];            /* a socketpair made before the fork (before_fork) */
	char sender[256];       /* S's label, for scenarios that relabel */
	char receiver[256];     /* R's label, for scenarios that label objects for R */
	char dir[256];          /* the case's scratch directory */
	int shm_fd;             /* memfd behind this memory, for programs R execs */
	char out[256];          /* what R observed, for value scenarios */
	int out_len;            /* bytes in out, or -errno */
	char evidence[96];      /* what showed a negative observation (a counter), if any */
	bool made, cleaned;     /* S made its object / removed it again */
	struct smackfs fs;      /* smackfs, for scenarios that change a setting */
	char runner[256];       /* the runner's label, which must stay privileged */
};

/*
 * One row: what S makes, what R does with it, what the case needs from the
 * machine, and what it expects - on current kernels (expect) and before
 * each upstream change (gates, newest first). Rows use designated
 * initialisers; a field left out is off.
 */
struct scenario {
	const char *name;
	/* The object and the action. */
	int (*before_fork)(struct sc_shm *m); /* as S, before R is forked (shared fds) */
	int (*prepare)(struct sc_shm *m, const char *dir); /* S makes the object (NULL: nothing) */
	int (*act)(struct sc_shm *m, const char *dir);     /* R acts on it: 0 or -errno */
	void (*cleanup)(struct sc_shm *m);
	/* Removes an object that outlives its processes (SysV IPC, keys) from the runner
	 * when the case was killed before cleanup; must not touch descriptors. */
	void (*reclaim)(struct sc_shm *m);
	bool sender_privileged; /* S keeps its MAC capabilities, as a service would */
	bool wait_receiver;     /* S prepares only once R has its label */
	/* What the case needs from the machine. */
	const char *global; /* the global smackfs setting prepare changes (restored) */
	bool ipv6;          /* an IPv6 loopback address */
	/*
	 * The expectation. With .value set the row is a value case: one case
	 * under `rules`, R stores what it saw in out/out_len. Without it, the
	 * row is crossed with the six rule sets and CAP_MAC_OVERRIDE kept or not.
	 */
	struct expect expect;
	enum ruleset_id rules;
	struct gated gates[CASE_GATES];
};

struct scenario_set {
	const char *family;
	const struct scenario *sc;
	size_t n;
	char (*names)[CASE_NAME_MAX]; /* built on first use */
	/* Optional: why a scenario cannot run here (a TAP SKIP), or NULL. */
	const char *(*skip)(const struct scenario *sc);
};

/* Family operations shared by every scenario table (scenario.c). */
size_t scenario_count(const struct scenario_set *s);
const char *scenario_name(struct scenario_set *s, size_t i);
int scenario_rules(const struct scenario_set *s, size_t i, struct rule_spec *out);
int scenario_body(const struct scenario_set *s, const struct case_ctx *ctx);
enum verdict scenario_judge(const struct scenario_set *s, const struct case_ctx *ctx,
			    const struct case_status *st, struct yaml *y);
/* The expected act result of case i on kernel kver: 0 or -errno. */
int scenario_expected(const struct scenario_set *s, size_t i, unsigned kver);
const char *scenario_global(const struct scenario_set *s, size_t i);
/*
 * R takes S's descriptor m->fd_hold from process m->id with pidfd_getfd()
 * (5.6 on; ptrace access mode ATTACH_REALCREDS): 0, or -errno (ENOSYS before).
 */
int scenario_getfd(const struct sc_shm *m);
/*
 * A new file DIR/STEM<pid>, its path in m->path, opened with flags (plus
 * O_CREAT, O_EXCL and O_CLOEXEC) and mode: the descriptor, or -errno.
 */
int scenario_new_file(struct sc_shm *m, const char *dir, const char *stem, int flags, int mode);
/* SMACK refusals a case saw: refused where the model's rules refuse (see struct family). */
int scenario_denials(const struct scenario_set *s, const struct case_ctx *ctx);
/* The accesses the picked expectation's checks depend on (struct family .accesses). */
int scenario_accesses(const struct scenario_set *s, size_t i, unsigned kver, struct access *out,
		      int max);
const char *scenario_skip(const struct scenario_set *s, size_t i);
/* The scenario case i runs. */
const struct scenario *scenario_at(const struct scenario_set *s, size_t i);

/*
 * A family from a scenario table: each crossed scenario x 6 rule sets x
 * CAP_MAC_OVERRIDE kept or not, each value scenario one case. skip_fn may
 * be NULL; is_solo: the family's cases run alone (see struct family).
 */
#define SCENARIO_FAMILY(var, fam, table, skip_fn, is_solo)                                   \
	static struct scenario_set var##_set = {fam, table, sizeof(table) / sizeof(table[0]),  \
						NULL, skip_fn};                                \
	static size_t var##_count(void) { return scenario_count(&var##_set); }               \
	static const char *var##_name(size_t i) { return scenario_name(&var##_set, i); }     \
	static void var##_roles(size_t i, const char **s, const char **r)                    \
	{                                                                                    \
		(void)i;                                                                     \
		*s = "S";                                                                    \
		*r = "R";                                                                    \
	}                                                                                    \
	static int var##_rules(size_t i, struct rule_spec *o)                                \
	{                                                                                    \
		return scenario_rules(&var##_set, i, o);                                     \
	}                                                                                    \
	static int var##_body(void *c) { return scenario_body(&var##_set, c); }              \
	static enum verdict var##_judge(const struct case_ctx *c, const struct case_status *st, \
					struct yaml *y)                                      \
	{                                                                                    \
		return scenario_judge(&var##_set, c, st, y);                                 \
	}                                                                                    \
	static const char *var##_global(size_t i) { return scenario_global(&var##_set, i); } \
	static const char *var##_skip(size_t i) { return scenario_skip(&var##_set, i); }     \
	static int var##_denials(const struct case_ctx *c) { return scenario_denials(&var##_set, c); } \
	static int var##_accesses(size_t i, unsigned k, struct access *o, int max)           \
	{                                                                                    \
		return scenario_accesses(&var##_set, i, k, o, max);                          \
	}                                                                                    \
	const struct family var = {.name = fam, .count = var##_count, .name_of = var##_name,   \
				   .roles = var##_roles, .rules = var##_rules, .body = var##_body,   \
				   .judge = var##_judge, .shm_size = sizeof(struct sc_shm),          \
				   .global_of = var##_global, .skip = var##_skip, .solo = is_solo,   \
				   .denials = var##_denials, .accesses = var##_accesses}

#endif
