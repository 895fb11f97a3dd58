#include "pool.h"
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

/* Read or write all of len bytes; 0, or -errno (-EPIPE at end of file). */
static int full(int fd, void *buf, size_t len, bool wr)
{
	char *b = buf;

	while (len) {
		ssize_t r = wr ? write(fd, b, len) : read(fd, b, len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? -errno : -EPIPE;
		b += r;
		len -= (size_t)r;
	}
	return 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static _Noreturn void worker(struct pool *p, unsigned slot, int cmd, int res)
{
	void *result = malloc(p->result_max);
	size_t job;

	/* Orphans of this worker's cases come back here to be reaped. */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	/* A case's processes inherit it: its two roles wake each other on one CPU. */
	proc_pin_cpu(slot);
	if (!result)
		_exit(3);
	while (full(cmd, &job, sizeof(job), false) == 0) {
		uint32_t len = (uint32_t)p->work(job, slot, result, p->result_max, p->arg);

		if (full(res, &len, sizeof(len), true) || full(res, result, len, true))
			_exit(3);
	}
	_exit(0);
}

/* Fork the worker of slot i, with only its own two pipe ends open. */
static int spawn(struct pool *p, unsigned i)
{
	int cmd[2], res[2];
	pid_t pid;

	if (pipe2(cmd, O_CLOEXEC))
		return -errno;
	if (pipe2(res, O_CLOEXEC)) {
		int e = -errno;

		close(cmd[0]);
		close(cmd[1]);
		return e;
	}
	pid = fork();
	if (pid < 0) {
		int e = -errno;

		close(cmd[0]), close(cmd[1]), close(res[0]), close(res[1]);
		return e;
	}
	if (pid == 0) {
		close(cmd[1]);
		close(res[0]);
		close(p->sigfd);
		for (unsigned j = 0; j < p->n; j++)
			if (j != i && p->w[j].pid > 0)
				close(p->w[j].cmd), close(p->w[j].res);
		worker(p, i, cmd[0], res[1]);
	}
	close(cmd[0]);
	close(res[1]);
	p->w[i].pid = pid;
	p->w[i].cmd = cmd[1];
	p->w[i].res = res[0];
	p->w[i].busy = false;
	return 0;
}

int pool_start(struct pool *p, unsigned n, size_t result_max, pool_work work, void *arg)
{
	sigset_t stop;
	int e;

	if (n < 1 || n > POOL_MAX)
		return -EINVAL;
	memset(p, 0, sizeof(*p));
	p->n = n;
	p->work = work;
	p->arg = arg;
	p->result_max = result_max;
	for (unsigned i = 0; i < POOL_MAX; i++)
		p->w[i].pid = -1, p->w[i].cmd = p->w[i].res = -1;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	p->sigfd = signalfd(-1, &stop, SFD_CLOEXEC);
	if (p->sigfd < 0)
		return -errno;
	for (unsigned i = 0; i < n; i++)
		if ((e = spawn(p, i))) {
			pool_stop(p);
			return e;
		}
	return 0;
}

bool pool_idle(const struct pool *p)
{
	for (unsigned i = 0; i < p->n; i++)
		if (!p->w[i].busy && p->w[i].cmd >= 0)
			return true;
	return false;
}

bool pool_busy(const struct pool *p)
{
	for (unsigned i = 0; i < p->n; i++)
		if (p->w[i].busy)
			return true;
	return false;
}

int pool_submit(struct pool *p, size_t job)
{
	for (unsigned i = 0; i < p->n; i++) {
		int e;

		if (p->w[i].busy || p->w[i].cmd < 0)
			continue;
		if ((e = full(p->w[i].cmd, &job, sizeof(job), true)))
			return e;
		p->w[i].busy = true;
		p->w[i].job = job;
		return 0;
	}
	return -EBUSY;
}

/* The worker of slot i died: reap it and start another in its place. */
static void replace(struct pool *p, unsigned i)
{
	close_fd(&p->w[i].cmd);
	close_fd(&p->w[i].res);
	kill(p->w[i].pid, SIGKILL);
	while (waitpid(p->w[i].pid, &p->died, 0) < 0 && errno == EINTR)
		;
	p->w[i].pid = -1;
	p->w[i].busy = false;
	spawn(p, i); /* if this fails the slot stays empty; the others go on */
}

long pool_wait(struct pool *p, size_t *job, void *result, int *sig)
{
	struct pollfd fds[POOL_MAX + 1];
	unsigned slot[POOL_MAX];

	for (;;) {
		nfds_t n = 0;

		for (unsigned i = 0; i < p->n; i++)
			if (p->w[i].busy) {
				slot[n] = i;
				fds[n++] = (struct pollfd){.fd = p->w[i].res, .events = POLLIN};
			}
		if (n == 0)
			return -ECHILD;
		fds[n] = (struct pollfd){.fd = p->sigfd, .events = POLLIN};
		if (poll(fds, n + 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (fds[n].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(p->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
				*sig = (int)si.ssi_signo;
				return -EINTR;
			}
		}
		for (nfds_t k = 0; k < n; k++) {
			unsigned i = slot[k];
			uint32_t len;

			if (!fds[k].revents)
				continue;
			*job = p->w[i].job;
			if (full(p->w[i].res, &len, sizeof(len), false) || len > p->result_max ||
			    full(p->w[i].res, result, len, false)) {
				replace(p, i);
				return -EPIPE;
			}
			p->w[i].busy = false;
			return (long)len;
		}
	}
}

void pool_signal(struct pool *p, int sig)
{
	for (unsigned i = 0; i < p->n; i++)
		if (p->w[i].pid > 0)
			kill(p->w[i].pid, sig);
}

void pool_stop(struct pool *p)
{
	for (unsigned i = 0; i < p->n; i++)
		close_fd(&p->w[i].cmd);
	for (unsigned i = 0; i < p->n; i++) {
		close_fd(&p->w[i].res);
		if (p->w[i].pid > 0)
			while (waitpid(p->w[i].pid, NULL, 0) < 0 && errno == EINTR)
				;
		p->w[i].pid = -1;
	}
	close_fd(&p->sigfd);
}
