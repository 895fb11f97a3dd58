/* The two-role skeleton (roles.h). */
#include "roles.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "labels.h"
#include "proc.h"

static struct role_times *times;

void roles_time_into(struct role_times *t)
{
	times = t;
}

const char *const role_step_name[STEP_COUNT] = {"S label", "fork R", "R label and caps",
						  "S caps", "S part", "S waits for R"};

/* Adds from S and R at once: atomically. */
static void add(enum role_step step, struct timespec *t)
{
	unsigned long long ns = proc_lap_ns(t);

	if (times)
		__atomic_add_fetch(&times->ns[step], ns, __ATOMIC_RELAXED);
}

static void record(int *err, char *stage, unsigned len, int e, const char *what)
{
	*err = e;
	snprintf(stage, len, "%s", what ? what : "?");
}
#define SENDER_FAILED(rep, e, what) \
	record(&(rep)->sender_err, (rep)->sender_stage, sizeof((rep)->sender_stage), e, what)
#define RECEIVER_FAILED(rep, e, what) \
	record(&(rep)->receiver_err, (rep)->receiver_stage, sizeof((rep)->receiver_stage), e, what)

static void run_receiver(const char *label, const struct roles *r, void *arg,
			 struct role_report *rep)
{
	const char *stage = NULL;
	struct timespec t;
	int e;

	clock_gettime(CLOCK_MONOTONIC, &t);
	e = proc_become(label, r->keep_override, &stage);
	add(STEP_BECOME, &t);

	if (e) {
		RECEIVER_FAILED(rep, e, stage);
		if (r->receiver_gone)
			r->receiver_gone(arg);
		_exit(3);
	}
	if ((e = r->receiver(arg, &stage))) {
		RECEIVER_FAILED(rep, e, stage);
		_exit(3);
	}
	_exit(0);
}

int roles_run(const char *sender, const char *receiver, const struct roles *r, void *arg,
	      struct role_report *rep)
{
	const char *stage = NULL;
	int e, status;
	struct timespec t;
	pid_t pid;

	clock_gettime(CLOCK_MONOTONIC, &t);
	if (times)
		__atomic_add_fetch(&times->runs, 1, __ATOMIC_RELAXED);
	if ((e = label_set_self(sender))) {
		SENDER_FAILED(rep, e, "set_label");
		return 3;
	}
	if (r->before_fork && (e = r->before_fork(arg, &stage))) {
		SENDER_FAILED(rep, e, stage);
		return 3;
	}
	add(STEP_LABEL, &t);
	pid = fork();
	if (pid < 0) {
		SENDER_FAILED(rep, -errno, "fork");
		return 3;
	}
	if (pid == 0)
		run_receiver(receiver, r, arg, rep);
	add(STEP_FORK, &t);
	e = r->sender_privileged ? 0 : proc_drop_mac_caps(false, &stage);
	add(STEP_DROP, &t);
	if (!e)
		e = r->sender(arg, &stage);
	add(STEP_ACT, &t);
	if (e) {
		SENDER_FAILED(rep, e, stage);
		if (r->wake)
			r->wake(arg);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			SENDER_FAILED(rep, -errno, "waitpid");
			return 3;
		}
	add(STEP_WAIT, &t);
	rep->receiver_status = status;
	rep->receiver_reaped = true;
	if (r->after)
		r->after(arg);
	if (r->sender_privileged && (e = proc_drop_mac_caps(false, &stage)) && !rep->sender_err)
		SENDER_FAILED(rep, e, stage);
	if (rep->sender_err || rep->receiver_err)
		return 3;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 4;
}

bool roles_broken(const struct role_report *rep, char *buf, unsigned len)
{
	bool s = rep->sender_err != 0;

	if (!s && !rep->receiver_err)
		return false;
	snprintf(buf, len, "%s failed at %s: %s", s ? "sender" : "receiver",
		 s ? rep->sender_stage : rep->receiver_stage,
		 strerror(-(s ? rep->sender_err : rep->receiver_err)));
	return true;
}
