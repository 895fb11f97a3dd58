/* Process control: labelled roles, capability drops, cases with a timeout. */
#ifndef SUITE_PROC_H
#define SUITE_PROC_H

#include <stdbool.h>
#include <time.h>
#include <sys/types.h>

/*
 * Become a labelled, unprivileged role: set the SMACK label, then drop
 * CAP_MAC_ADMIN and (unless keep_override) CAP_MAC_OVERRIDE from the
 * effective, permitted, inheritable and bounding sets, and verify the
 * drop. Returns 0 or -errno; *stage names the step that failed.
 */
int proc_become(const char *label, bool keep_override, const char **stage);

/* Drop the MAC capabilities only (label already set). Same contract. */
int proc_drop_mac_caps(bool keep_override, const char **stage);

enum case_end {
	CASE_EXITED,   /* exited; exit_code is valid */
	CASE_SIGNALED, /* killed by signal `signal` (crash) */
	CASE_TIMEOUT,  /* did not finish in time; the process group was killed */
	CASE_FORK_FAILED,
	CASE_INTERRUPTED, /* proc_stop was set (SIGINT/SIGTERM); group killed */
};

/* The stop signal (SIGINT/SIGTERM/SIGHUP) received while waiting, or 0. */
extern volatile int proc_stop;

struct case_status {
	enum case_end end;
	int exit_code;
	int signal;
	double elapsed_ms;
	long minflt; /* page faults of the case process and the children it reaped */
};

/*
 * Run fn(arg) in a forked child that leads a new process group, wait at
 * most timeout_ms, then kill the whole group (so grandchildren go too) and
 * reap everything. Call proc_init() once before.
 */
void proc_run_case(int (*fn)(void *), void *arg, unsigned timeout_ms,
		   struct case_status *st);

/*
 * Block SIGCHLD, SIGINT, SIGTERM and SIGHUP (taken with sigtimedwait while a
 * case runs; see proc_stop) and become a child subreaper.
 */
int proc_init(void);

/* Describe a status for TAP: "exit 3", "killed by SIGSEGV", "timed out after 5000 ms". */
void case_status_describe(const struct case_status *st, unsigned timeout_ms,
			  char *buf, unsigned len);

/* Nanoseconds from *t to now, and *t moves to now: a profile's laps. */
unsigned long long proc_lap_ns(struct timespec *t);

/*
 * Keep this process, and what it forks, to the slot-th CPU it may use
 * (modulo their count). Under emulation a cross-CPU wake-up is costly.
 * Best effort: false where it fails, and the scheduler picks.
 */
bool proc_pin_cpu(unsigned slot);

/* Futex latch in MAP_SHARED memory: one role posts, the other waits (no sleeps). */
void latch_post(unsigned *word);
int latch_wait(unsigned *word, unsigned timeout_ms);

/* Take any pending stop signal now (between cases); returns proc_stop. */
int proc_poll_stop(void);

#endif
