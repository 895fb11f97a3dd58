#include "proc.h"
#include "labels.h"

#include <errno.h>
#include <sched.h>
#include <sys/resource.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <linux/futex.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static sigset_t chld_set;
volatile int proc_stop;

int proc_init(void)
{
	/*
	 * SIGCHLD and the stop signals are all taken with sigtimedwait, so an
	 * interrupt can neither be lost nor land between check and wait.
	 */
	sigemptyset(&chld_set);
	sigaddset(&chld_set, SIGCHLD);
	sigaddset(&chld_set, SIGINT);
	sigaddset(&chld_set, SIGTERM);
	sigaddset(&chld_set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &chld_set, NULL))
		return -errno;
	/* Orphaned receivers are re-parented to us, so nothing is left unreaped. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		return -errno;
	return 0;
}

int proc_drop_mac_caps(bool keep_override, const char **stage)
{
	cap_value_t drop[2] = {CAP_MAC_ADMIN, CAP_MAC_OVERRIDE};
	int ndrop = keep_override ? 1 : 2;
	cap_flag_value_t v;
	cap_t caps;
	int err = 0;

	*stage = "cap_drop_bound";
	for (int i = 0; i < ndrop; i++)
		if (CAP_IS_SUPPORTED(drop[i]) && cap_drop_bound(drop[i]))
			return -errno;
	*stage = "cap_set_proc";
	caps = cap_get_proc();
	if (!caps)
		return -errno;
	if (cap_set_flag(caps, CAP_EFFECTIVE, ndrop, drop, CAP_CLEAR) ||
	    cap_set_flag(caps, CAP_PERMITTED, ndrop, drop, CAP_CLEAR) ||
	    cap_set_flag(caps, CAP_INHERITABLE, ndrop, drop, CAP_CLEAR) ||
	    cap_set_proc(caps))
		err = -errno;
	cap_free(caps);
	if (err)
		return err;

	/* Verify: a case that silently kept a MAC capability measures nothing. */
	*stage = "verify_caps";
	caps = cap_get_proc();
	if (!caps)
		return -errno;
	for (int i = 0; i < ndrop && !err; i++) {
		cap_flag_t sets[3] = {CAP_EFFECTIVE, CAP_PERMITTED, CAP_INHERITABLE};

		for (int s = 0; s < 3; s++)
			if (cap_get_flag(caps, drop[i], sets[s], &v) || v != CAP_CLEAR)
				err = -EPERM;
		if (CAP_IS_SUPPORTED(drop[i]) && cap_get_bound(drop[i]) != 0)
			err = -EPERM;
	}
	cap_free(caps);
	return err;
}

int proc_become(const char *label, bool keep_override, const char **stage)
{
	int err;

	*stage = "set_label";
	err = label_set_self(label);
	if (err)
		return err;
	return proc_drop_mac_caps(keep_override, stage);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

unsigned long long proc_lap_ns(struct timespec *t)
{
	struct timespec now;
	long long ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (now.tv_sec - t->tv_sec) * 1000000000LL + (now.tv_nsec - t->tv_nsec);
	*t = now;
	return ns > 0 ? (unsigned long long)ns : 0;
}

bool proc_pin_cpu(unsigned slot)
{
	cpu_set_t allowed, one;
	int n, k = 0;

	if (sched_getaffinity(0, sizeof(allowed), &allowed) || !(n = CPU_COUNT(&allowed)))
		return false;
	CPU_ZERO(&one);
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &allowed) && k++ == (int)(slot % (unsigned)n)) {
			CPU_SET(cpu, &one);
			break;
		}
	return sched_setaffinity(0, sizeof(one), &one) == 0;
}

int proc_poll_stop(void)
{
	struct timespec zero = {0, 0};
	int sig;

	while ((sig = sigtimedwait(&chld_set, NULL, &zero)) > 0)
		if (sig != SIGCHLD)
			proc_stop = sig;
	return proc_stop;
}

/* Has the leader exited? WNOWAIT leaves it unreaped, so its group id stays ours. */
static bool leader_exited(pid_t pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid;
}

void proc_run_case(int (*fn)(void *), void *arg, unsigned timeout_ms,
		   struct case_status *st)
{
	double start = now_ms(), deadline = start + timeout_ms;
	struct rusage ru = {0};
	int status = 0;
	bool done = false;
	pid_t pid;

	memset(st, 0, sizeof(*st));
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		st->end = CASE_FORK_FAILED;
		st->exit_code = errno;
		return;
	}
	if (pid == 0) {
		setpgid(0, 0);
		sigprocmask(SIG_UNBLOCK, &chld_set, NULL);
		_exit(fn(arg));
	}
	/* Both sides call setpgid so the kill below cannot race the child. */
	setpgid(pid, pid);

	while (!(done = leader_exited(pid))) {
		double left = deadline - now_ms();
		struct timespec ts;
		int sig;

		if (left <= 0 || proc_stop)
			break;
		ts.tv_sec = (time_t)(left / 1e3);
		ts.tv_nsec = (long)((left - ts.tv_sec * 1e3) * 1e6);
		sig = sigtimedwait(&chld_set, NULL, &ts);
		if (sig > 0 && sig != SIGCHLD)
			proc_stop = sig;
	}
	/* Whatever is left of the group (a hung receiver, say) goes now. */
	kill(-pid, SIGKILL);
	while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
		;
	st->minflt = ru.ru_minflt;
	if (!done) {
		st->end = proc_stop ? CASE_INTERRUPTED : CASE_TIMEOUT;
	} else if (WIFSIGNALED(status)) {
		st->end = CASE_SIGNALED;
		st->signal = WTERMSIG(status);
	} else {
		st->end = CASE_EXITED;
		st->exit_code = WEXITSTATUS(status);
	}
	/* Reap the rest of the group (re-parented to us); SIGKILL ends them promptly. */
	while (waitpid(-pid, &status, 0) > 0 || errno == EINTR)
		;
	st->elapsed_ms = now_ms() - start;
}

void case_status_describe(const struct case_status *st, unsigned timeout_ms,
			  char *buf, unsigned len)
{
	switch (st->end) {
	case CASE_EXITED:
		snprintf(buf, len, "exit %d", st->exit_code);
		break;
	case CASE_SIGNALED:
		snprintf(buf, len, "killed by SIG%s", sigabbrev_np(st->signal)
			 ? sigabbrev_np(st->signal) : "?");
		break;
	case CASE_TIMEOUT:
		snprintf(buf, len, "timed out after %u ms; process group killed", timeout_ms);
		break;
	case CASE_INTERRUPTED:
		snprintf(buf, len, "interrupted by a signal; process group killed");
		break;
	case CASE_FORK_FAILED:
		snprintf(buf, len, "fork failed: %s", strerror(st->exit_code));
		break;
	}
}

void latch_post(unsigned *word)
{
	__atomic_store_n(word, 1, __ATOMIC_RELEASE);
	syscall(SYS_futex, word, FUTEX_WAKE, 1 << 30, NULL, NULL, 0);
}

int latch_wait(unsigned *word, unsigned timeout_ms)
{
	double deadline = now_ms() + timeout_ms;

	while (!__atomic_load_n(word, __ATOMIC_ACQUIRE)) {
		double left = deadline - now_ms();
		struct timespec ts;

		if (left <= 0)
			return -ETIMEDOUT;
		ts.tv_sec = (time_t)(left / 1e3);
		ts.tv_nsec = (long)((left - ts.tv_sec * 1e3) * 1e6);
		/* Shared (not private) futex: the word lives in MAP_SHARED memory. */
		syscall(SYS_futex, word, FUTEX_WAIT, 0, &ts, NULL, 0);
	}
	return 0;
}
