/*
 * Exec labels (Legato's change 5: SMACK64EXEC on command-line tools). S
 * installs a tool (a copy of this suite) labelled "_" so anyone may run it,
 * with or without security.SMACK64EXEC naming S; R runs it and the tool
 * reports the label it runs with. smack_bprm_creds_for_exec() gives the new
 * program the SMACK64EXEC label, with no access check of its own.
 */
#include "scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

_Static_assert(offsetof(struct sc_shm, out_len) == offsetof(struct sc_shm, out) + 256,
	       "--report-label writes the length 256 bytes after the label");

static int install_tool(struct sc_shm *m, bool exec_label)
{
	char buf[65536];
	ssize_t n, w;
	int in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC), out, e = 0;

	if (in < 0)
		return -errno;
	if (snprintf(m->path, sizeof(m->path), "%s/tool%d", m->dir, (int)getpid()) >=
	    (int)sizeof(m->path))
		return -ENAMETOOLONG;
	out = open(m->path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0755);
	if (out < 0) {
		e = -errno;
		close(in);
		return e;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if ((w = write(out, buf, (size_t)n)) != n) {
			e = w < 0 ? -errno : -EIO;
			break;
		}
	close(in);
	if (close(out) || e || n < 0)
		return e ? e : -errno;
	/* S still holds CAP_MAC_ADMIN here (before_fork): label the tool. */
	if (setxattr(m->path, "security.SMACK64", "_", 1, 0))
		return -errno;
	if (exec_label && setxattr(m->path, "security.SMACK64EXEC", m->sender, strlen(m->sender), 0))
		return -errno;
	return 0;
}

static int tool_with_exec_label(struct sc_shm *m) { return install_tool(m, true); }
static int tool_plain(struct sc_shm *m) { return install_tool(m, false); }
static int nothing(struct sc_shm *m, const char *d) { (void)m; (void)d; return 0; }

/* R runs the tool in a child, which writes its label into this shared memory. */
static int run_tool(struct sc_shm *m, const char *d)
{
	char fd[16], off[16];
	int status;
	pid_t pid;

	(void)d;
	snprintf(fd, sizeof(fd), "%d", m->shm_fd);
	snprintf(off, sizeof(off), "%zu", offsetof(struct sc_shm, out));
	m->out_len = -ENODATA;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execl(m->path, "smack-ipc-suite", "--report-label", fd, off, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -ENOEXEC;
}

/* S, without capabilities now, may not unlink a "_" file; the runner empties the directory. */

static const char *is_s(unsigned kver) { (void)kver; return "S"; }
static const char *is_r(unsigned kver) { (void)kver; return "R"; }

static const struct scenario exec[] = {
	{"smack64exec_tool_runs_as_exec_label", NEED_NONE, 0,
	 "smack_bprm_creds_for_exec: the program's SMACK64EXEC becomes the task label",
	 nothing, run_tool, NULL, NULL, false, is_s, tool_with_exec_label, RS_NONE, NULL, NULL, NULL, false},
	{"plain_tool_runs_as_caller", NEED_NONE, 0, "no SMACK64EXEC: exec keeps the caller's label",
	 nothing, run_tool, NULL, NULL, false, is_r, tool_plain, RS_NONE, NULL, NULL, NULL, false},
};

#undef VALUES
#define VALUES true
SCENARIO_FAMILY(exec_family, "exec", exec);
