/*
 * The two-role skeleton every two-role case runs on: S takes its label
 * (optionally makes shared objects while privileged), forks R, which
 * becomes a labelled role without MAC capabilities and acts; S drops its
 * capabilities (unless privileged) and does its part; S reaps R and cleans
 * up. Each role's setup failure is recorded with the step that failed, so
 * a judge can tell a broken case from a failed one.
 */
#ifndef SUITE_ROLES_H
#define SUITE_ROLES_H

#include <stdbool.h>

/*
 * Where the two roles spent a case's time, in ns: S taking its label (and
 * before_fork), forking R, R becoming its role (label and capabilities),
 * S dropping its capabilities, S's part, S waiting for R. runs counts the
 * cases. The runner reads it for the benchmark's per-case profile.
 */
enum role_step {
	STEP_LABEL, STEP_FORK, STEP_BECOME, STEP_DROP, STEP_ACT, STEP_WAIT, STEP_COUNT
};
/* How the profile line names each step. */
extern const char *const role_step_name[STEP_COUNT];

struct role_times {
	unsigned long long runs, ns[STEP_COUNT];
};

/* Add each case's times into *t (MAP_SHARED, so R's part arrives); NULL: don't. */
void roles_time_into(struct role_times *t);

/* Lives in the case's shared memory: how each role's setup went. */
struct role_report {
	int sender_err, receiver_err; /* -errno of the step that failed, 0 if fine */
	char sender_stage[32], receiver_stage[32];
	int receiver_status;          /* waitpid() status S saw */
	bool receiver_reaped;
};

/* Each hook returns 0 or -errno and, on error, names the failed step in *stage. */
struct roles {
	bool sender_privileged; /* S keeps CAP_MAC_ADMIN/OVERRIDE for its part (dropped after) */
	bool keep_override;     /* R keeps CAP_MAC_OVERRIDE */
	/* S, labelled and privileged, before R exists: descriptors both roles share. */
	int (*before_fork)(void *arg, const char **stage);
	/* R, labelled and unprivileged: its part. */
	int (*receiver)(void *arg, const char **stage);
	/* R could not become its role: let S know, so S does not wait for it. */
	void (*receiver_gone)(void *arg);
	/* S, after the fork: its part. */
	int (*sender)(void *arg, const char **stage);
	/* S's part failed: wake R, so R does not wait out the timeout. */
	void (*wake)(void *arg);
	/* S, once R has ended: clean up (always called once R was forked). */
	void (*after)(void *arg);
};

/*
 * Run the two roles as the case process. Returns 0, 3 when a role could not
 * set itself up (see rep), 4 when R ended other than with exit 0.
 */
int roles_run(const char *sender, const char *receiver, const struct roles *r, void *arg,
	      struct role_report *rep);

/* "sender failed at set_label: Operation not permitted" into buf; false if neither failed. */
bool roles_broken(const struct role_report *rep, char *buf, unsigned len);

#endif
