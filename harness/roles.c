/* The two-role skeleton (roles.h). */
#include "roles.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "labels.h"
#include "proc.h"

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
	int e = proc_become(label, r->keep_override, &stage);

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
	pid_t pid;

	if ((e = label_set_self(sender))) {
		SENDER_FAILED(rep, e, "set_label");
		return 3;
	}
	if (r->before_fork && (e = r->before_fork(arg, &stage))) {
		SENDER_FAILED(rep, e, stage);
		return 3;
	}
	pid = fork();
	if (pid < 0) {
		SENDER_FAILED(rep, -errno, "fork");
		return 3;
	}
	if (pid == 0)
		run_receiver(receiver, r, arg, rep);
	e = r->sender_privileged ? 0 : proc_drop_mac_caps(false, &stage);
	if (!e)
		e = r->sender(arg, &stage);
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
