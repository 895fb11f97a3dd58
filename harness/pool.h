/*
 * Worker processes: jobs (numbers) go to forked workers over a pipe each;
 * every result comes back, whole, on the worker's own pipe. The caller
 * decides the order of jobs and of output; the pool only carries them.
 */
#ifndef SUITE_POOL_H
#define SUITE_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define POOL_MAX 64

/*
 * Runs in a worker: do job `job`, fill `result` (result_max bytes), return
 * the bytes used. `slot` is the worker's number (0..n-1), stable across a
 * respawn, so each slot can own a directory or a memory area.
 */
typedef size_t (*pool_work)(size_t job, unsigned slot, void *result, size_t result_max,
			    void *arg);

struct pool {
	unsigned n;
	pool_work work;
	void *arg;
	size_t result_max;
	int sigfd; /* the stop signals, read while waiting */
	int died;  /* wait status of the last worker that died on a job */
	struct {
		pid_t pid;
		int cmd, res; /* write jobs, read results */
		bool busy;
		size_t job;
	} w[POOL_MAX];
};

/*
 * Fork n workers (1..POOL_MAX). The stop signals (SIGINT, SIGTERM, SIGHUP)
 * must be blocked already (proc_init); the pool reads them with a
 * signalfd. Returns 0 or -errno (nothing left running).
 */
int pool_start(struct pool *p, unsigned n, size_t result_max, pool_work work, void *arg);

/* Whether a worker is free for pool_submit. */
bool pool_idle(const struct pool *p);
/* Whether any worker has a job. */
bool pool_busy(const struct pool *p);

/* Give job to a free worker; 0 or -errno (-EBUSY: none free). */
int pool_submit(struct pool *p, size_t job);

/*
 * Wait for a result. Returns its length and sets *job; -EPIPE when the
 * worker died on the job (respawned; result untouched); -EINTR when a stop
 * signal came (*sig set; call again to collect what is still running).
 */
long pool_wait(struct pool *p, size_t *job, void *result, int *sig);

/* Pass a stop signal on to every worker (each ends its case, reports it). */
void pool_signal(struct pool *p, int sig);

/* Close the job pipes and reap every worker. */
void pool_stop(struct pool *p);

#endif
