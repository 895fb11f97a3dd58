/*
 * Per-task rules: a task writes rules into smackfs load-self2 (load-self in
 * the old fixed format); they live in its own cred (task_smack.smk_rules),
 * need no privilege (the files are 0666, smk_write_rules_list() asks for
 * none) and can only take away. smk_tskacc() first asks smk_access() (the
 * global rules); only if that allows does it look for a per-task entry for
 * the same subject and object, and then the request must fit in it. A
 * task with CAP_MAC_OVERRIDE still passes both. smack_cred_prepare() copies
 * the list (smk_copy_rules()), so a child forked after loading has it; a
 * task forked before, or the parent of a task that loaded them, does not.
 * Hooks that call smk_access() directly (smack_unix_may_send()) never see
 * per-task rules. The same in 4.4.121 and 7.3 (smk_tskacc, smk_copy_rules,
 * smk_write_load_self2 read side by side). /proc/PID/attr/smack/ (5.1 on,
 * LSM stacking) holds only `current`: there is no per-task rule file there.
 *
 * S makes a file (labelled S, its creator) or a named datagram socket in
 * the case's scratch directory; R loads "R S access" for itself and uses it.
 * Opening for writing needs rw: smack_file_open() asks for r too.
 */
#include "scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* A step R needed for its own setup failed: the case is broken, not failed. */
static int setup_failed(struct sc_shm *m, int e, const char *stage)
{
	m->roles.receiver_err = e;
	snprintf(m->roles.receiver_stage, sizeof(m->roles.receiver_stage), "%s", stage);
	return e;
}

/* Load "R S access" into the calling task's own rules through smackfs `file`. */
static int self_rule(const struct sc_shm *m, const char *file, const char *access)
{
	char rule[2 * 256 + 16], path[512];
	ssize_t n;
	int fd, e = 0;

	if (strcmp(file, "load-self") == 0) {
		if (!rule_format_load(rule, sizeof(rule), m->receiver, m->sender, access))
			return -ENAMETOOLONG;
	} else {
		snprintf(rule, sizeof(rule), "%s %s %s", m->receiver, m->sender, access);
	}
	snprintf(path, sizeof(path), "%s/%s", m->fs.path, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, rule, strlen(rule));
	if (n < 0)
		e = -errno;
	else if ((size_t)n != strlen(rule))
		e = -EIO;
	close(fd);
	return e;
}

static int new_file(struct sc_shm *m, const char *dir)
{
	int fd = scenario_new_file(m, dir, "file", O_WRONLY, 0666);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static int open_as(const struct sc_shm *m, int flags)
{
	int fd = open(m->path, flags | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/* Load a per-task rule, then open S's file. */
static int load_then_open(struct sc_shm *m, const char *file, const char *access, int flags)
{
	int e = self_rule(m, file, access);

	return e ? setup_failed(m, e, file) : open_as(m, flags);
}

static int r_then_read(struct sc_shm *m, const char *d) { (void)d; return load_then_open(m, "load-self2", "r", O_RDONLY); }
static int r_then_write(struct sc_shm *m, const char *d) { (void)d; return load_then_open(m, "load-self2", "r", O_WRONLY); }
static int none_then_read(struct sc_shm *m, const char *d) { (void)d; return load_then_open(m, "load-self2", "-", O_RDONLY); }
static int all_then_write(struct sc_shm *m, const char *d) { (void)d; return load_then_open(m, "load-self2", "rwxat", O_WRONLY); }
static int fixed_none_then_read(struct sc_shm *m, const char *d) { (void)d; return load_then_open(m, "load-self", "-", O_RDONLY); }

/* A child's result: 0 or -errno from its exit status (an errno fits in 8 bits). */
static int reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFEXITED(status))
		return -ECHILD;
	return -WEXITSTATUS(status);
}

/* R loads "R S -", then forks: the child opens for reading. */
static int child_reads(struct sc_shm *m, const char *d)
{
	int e = self_rule(m, "load-self2", "-");
	pid_t pid;

	(void)d;
	if (e)
		return setup_failed(m, e, "load-self2");
	pid = fork();
	if (pid < 0)
		return setup_failed(m, -errno, "fork");
	if (pid == 0)
		_exit(-open_as(m, O_RDONLY));
	return reap(pid);
}

/* R forks first; the child waits on a pipe while R loads "R S -", then opens. */
static int earlier_child_reads(struct sc_shm *m, const char *d)
{
	int p[2], e;
	pid_t pid;
	char c;

	(void)d;
	if (pipe2(p, O_CLOEXEC))
		return setup_failed(m, -errno, "pipe");
	pid = fork();
	if (pid < 0)
		return setup_failed(m, -errno, "fork");
	if (pid == 0) {
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(ECHILD); /* R failed to load: it reports that itself */
		_exit(-open_as(m, O_RDONLY));
	}
	close(p[0]);
	e = self_rule(m, "load-self2", "-");
	if (!e && write(p[1], "x", 1) != 1)
		e = -errno;
	close(p[1]);
	if (e) {
		reap(pid);
		return setup_failed(m, e, "load-self2");
	}
	return reap(pid);
}

/* A child of R loads "R S -" and exits; R, its parent, opens for reading. */
static int parent_reads(struct sc_shm *m, const char *d)
{
	pid_t pid = fork();
	int e;

	(void)d;
	if (pid < 0)
		return setup_failed(m, -errno, "fork");
	if (pid == 0)
		_exit(-self_rule(m, "load-self2", "-"));
	if ((e = reap(pid)))
		return setup_failed(m, e, "child load-self2");
	return open_as(m, O_RDONLY);
}

/* The address of m->path; -ENAMETOOLONG if a deep --workdir does not fit. */
static int address(const struct sc_shm *m, struct sockaddr_un *a)
{
	size_t n = strlen(m->path);

	if (n >= sizeof(a->sun_path))
		return -ENAMETOOLONG;
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path, m->path, n + 1);
	return 0;
}

/* S binds a named datagram socket; R loads "R S -" and sends to it. */
static int dgram_named(struct sc_shm *m, const char *dir)
{
	struct sockaddr_un a;
	int fd, e;

	snprintf(m->path, sizeof(m->path), "%s/sock%d", dir, (int)getpid());
	if ((e = address(m, &a)))
		return e;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		close(fd);
		return -errno;
	}
	m->fd_hold = fd;
	return 0;
}

static int none_then_sendto(struct sc_shm *m, const char *d)
{
	struct sockaddr_un a;
	int fd, e = self_rule(m, "load-self2", "-"), rc = 0;

	(void)d;
	if (e)
		return setup_failed(m, e, "load-self2");
	if ((e = address(m, &a)))
		return setup_failed(m, e, "address");
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return setup_failed(m, -errno, "socket");
	if (sendto(fd, "x", 1, MSG_DONTWAIT, (struct sockaddr *)&a, sizeof(a)) != 1)
		rc = -errno;
	close(fd);
	return rc;
}

static void close_hold(struct sc_shm *m)
{
	close(m->fd_hold);
	unlink(m->path);
}

#define FILE_S .prepare = new_file
#define READ_WHY "smack_inode_permission/smack_file_open: smk_tskacc "
/* A per-task rule that refuses whatever the global rules grant; CAP_MAC_OVERRIDE passes. */
#define REFUSED {{NEED_NEVER, EACCES}}

static const struct scenario selfrules[] = {
	{.name = "load_self2_r_then_read", FILE_S, .act = r_then_read,
	 .expect = {.why = READ_WHY "global r, then the per-task entry r allows it",
		    .steps = {{NEED_R, EACCES}}}},
	{.name = "load_self2_r_then_write", FILE_S, .act = r_then_write,
	 .expect = {.why = READ_WHY "w: the per-task entry r lacks it whatever the global rules",
		    .steps = REFUSED}},
	{.name = "load_self2_none_then_read", FILE_S, .act = none_then_read,
	 .expect = {.why = READ_WHY "per-task entry \"-\" refuses every access", .steps = REFUSED}},
	/* A per-task rule cannot grant: writing still needs rw from the global rules. */
	{.name = "load_self2_rwxat_then_write", FILE_S, .act = all_then_write,
	 .expect = {.why = READ_WHY "the global rules first (w, and r for smack_file_open)",
		    .steps = {{NEED_RW, EACCES}}}},
	{.name = "load_self_fixed_format_none_then_read", FILE_S, .act = fixed_none_then_read,
	 .expect = {.why = READ_WHY "load-self (24-column format) fills the same list",
		    .steps = REFUSED}},
	{.name = "child_forked_after_load_reads", FILE_S, .act = child_reads,
	 .expect = {.why = "smack_cred_prepare: smk_copy_rules gives the child R's per-task rules",
		    .steps = REFUSED}},
	{.name = "child_forked_before_load_reads", FILE_S, .act = earlier_child_reads,
	 .expect = {.why = "per-task rules are the loading task's cred: a child forked before "
			   "keeps its own (empty) list; global r decides",
		    .steps = {{NEED_R, EACCES}}}},
	{.name = "parent_of_loading_child_reads", FILE_S, .act = parent_reads,
	 .expect = {.why = "the child's per-task rules die with it: the parent's global r decides",
		    .steps = {{NEED_R, EACCES}}}},
	/* smack_unix_may_send() calls smk_access(): the global rules only. */
	{.name = "load_self2_none_then_dgram_sendto", .prepare = dgram_named,
	 .act = none_then_sendto, .cleanup = close_hold,
	 .expect = {.why = "smack_unix_may_send: plain smk_access (w on S), per-task rules unseen",
		    .steps = {{NEED_W, EACCES}}}},
};

SCENARIO_FAMILY(selfrules_family, "selfrules", selfrules, NULL, false);
