/*
 * Other ways to receive a descriptor: pidfds. A pidfd passed with
 * SCM_RIGHTS is an S_PRIVATE inode (the anon inode before 6.9, pidfs after,
 * whose pidfs_init_inode() sets S_PRIVATE too), so smack_file_receive()
 * lets it through whatever the rules; signalling through it is
 * smack_task_kill(): w on S. pidfd_getfd() takes a descriptor out of S's
 * table: first ptrace_may_access(PTRACE_MODE_ATTACH) - smk_ptrace_rule_check()
 * wants rw on S (EPERM), then receive_fd() calls security_file_receive()
 * and returns its error (EACCES) - an errno, not the silent drop of
 * SCM_RIGHTS. Every check honours CAP_MAC_OVERRIDE (smk_tskacc/smk_curacc).
 */
#include "gates.h"
#include "scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

/* The same numbers on every architecture since the unified syscall table (5.1). */
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

static int pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

static int pair(struct sc_shm *m)
{
	return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, m->pair) ? -errno : 0;
}

/* S sends a pidfd of itself; without pidfd_open R gets the errno to report. */
static int send_own_pidfd(struct sc_shm *m, const char *d)
{
	int fd = pidfd_open(getpid()), e;

	(void)d;
	if (fd < 0) {
		m->id = -errno;
		return m->id == -ENOSYS ? fdpass_send(m->pair[0], NULL, 0) : m->id;
	}
	e = fdpass_send(m->pair[0], &fd, 1);
	close(fd);
	return e;
}

/* The pidfd R received (>= 0), or -errno; a refused one is -EACCES. */
static int receive_pidfd(struct sc_shm *m)
{
	struct recv_obs o;

	fdpass_recv(m->pair[1], 4096, MSG_CMSG_CLOEXEC, &o);
	if (o.ret < 0)
		return -o.err;
	if (m->id < 0)
		return m->id;
	return o.nfds == 1 ? o.fds[0] : -EACCES;
}

static int recv_pidfd(struct sc_shm *m, const char *d)
{
	int fd = receive_pidfd(m);

	(void)d;
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static int signal_via_pidfd(struct sc_shm *m, const char *d)
{
	int fd = receive_pidfd(m), rc = 0;

	(void)d;
	if (fd < 0)
		return fd;
	/* SIGCONT: delivered to a running S, it changes nothing. */
	if (syscall(SYS_pidfd_send_signal, fd, SIGCONT, NULL, 0))
		rc = -errno;
	close(fd);
	return rc;
}

/* S holds a file open at a known number; pid and number go to R. */
static int hold_file(struct sc_shm *m, const char *dir, const char *label, int flags)
{
	int fd;

	fd = scenario_new_file(m, dir, "held", O_RDWR, 0666);
	if (fd < 0)
		return fd;
	close(fd);
	/* S keeps CAP_MAC_ADMIN for this (sender_privileged). */
	if (label && setxattr(m->path, "security.SMACK64", label, strlen(label), 0))
		return -errno;
	m->fd_hold = open(m->path, flags | O_CLOEXEC);
	m->id = getpid();
	return m->fd_hold < 0 ? -errno : 0;
}

static int own_file_ro(struct sc_shm *m, const char *d) { return hold_file(m, d, NULL, O_RDONLY); }
static int floor_file_rw(struct sc_shm *m, const char *d) { return hold_file(m, d, "_", O_RDWR); }

static int getfd(struct sc_shm *m, const char *d) { (void)d; return scenario_getfd(m); }

static void close_pair(struct sc_shm *m)
{
	close(m->pair[0]);
	close(m->pair[1]);
}

static void close_file(struct sc_shm *m) { close(m->fd_hold); }

#define GETFD_WHY "pidfd_getfd: smk_ptrace_rule_check rw on S (EPERM), then smack_file_receive "
#define NO_SYSCALL(gate) {&gate, {.why = "no such system call", .result = ENOSYS}}

static const struct scenario pidfd[] = {
	{.name = "scm_rights", .before_fork = pair, .prepare = send_own_pidfd, .act = recv_pidfd,
	 .cleanup = close_pair, .expect = {.why = "smack_file_receive: IS_PRIVATE(pidfd inode)"},
	 .gates = {NO_SYSCALL(pidfd_open_gate)}},
	{.name = "signal_through_received_pidfd", .before_fork = pair, .prepare = send_own_pidfd,
	 .act = signal_via_pidfd, .cleanup = close_pair,
	 .expect = {.why = "smack_task_kill: w on S", .steps = {{NEED_W, EACCES}}},
	 .gates = {NO_SYSCALL(pidfd_open_gate)}},
	/* ptrace first (rw on S, else EPERM); then the file's own check. */
	{.name = "getfd_own_file_readonly", .prepare = own_file_ro, .act = getfd,
	 .cleanup = close_file,
	 .expect = {.why = GETFD_WHY "r on S", .steps = {{NEED_RW, EPERM}, {NEED_R, EACCES}}},
	 .gates = {NO_SYSCALL(pidfd_getfd_gate)}},
	/* The file is "_" and open for writing: no rule set gives R w on "_". */
	{.name = "getfd_floor_file_readwrite", .prepare = floor_file_rw, .act = getfd,
	 .cleanup = close_file, .sender_privileged = true,
	 .expect = {.why = GETFD_WHY "rw on \"_\" (EACCES)",
		    .steps = {{NEED_RW, EPERM}, {NEED_FLOOR_RW, EACCES}}},
	 .gates = {NO_SYSCALL(pidfd_getfd_gate)}},
};

SCENARIO_FAMILY(pidfd_family, "pidfd", pidfd, NULL, false);
