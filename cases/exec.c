/*
 * Exec labels (Legato's change 5: SMACK64EXEC on command-line tools). S
 * installs a tool (a copy of this suite) labelled "_" so anyone may run it,
 * with or without security.SMACK64EXEC naming S; R runs it and the tool
 * reports the label it runs with. smack_bprm_creds_for_exec() gives the new
 * program the SMACK64EXEC label, with no access check of its own.
 */
#include "gates.h"
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
	out = scenario_new_file(m, m->dir, "tool", O_WRONLY, 0755);
	if (out < 0) {
		close(in);
		return out;
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

/*
 * SMACK64TRANSMUTE: S makes a directory (labelled S), marked transmuting or
 * not; R creates in it. smack_inode_init_security() gives the new inode the
 * directory's label when R's rule on S has t and the directory transmutes,
 * and marks a new directory SMK_INODE_CHANGED, which makes it transmute too.
 * Creating needs wx on S, reading the label back r: hence rwx(t) rules.
 */
static int make_dir(struct sc_shm *m, const char *dir, bool transmute)
{
	snprintf(m->path, sizeof(m->path), "%s/dir%d", dir, (int)getpid());
	if (mkdir(m->path, 0777) || chmod(m->path, 0777))
		return -errno;
	/* S keeps CAP_MAC_ADMIN for this (sender_privileged). */
	if (transmute && setxattr(m->path, "security.SMACK64TRANSMUTE", "TRUE", 4, 0))
		return -errno;
	return 0;
}

static int transmuting_dir(struct sc_shm *m, const char *d) { return make_dir(m, d, true); }
static int plain_dir(struct sc_shm *m, const char *d) { return make_dir(m, d, false); }

/* R creates a file or directory in S's directory and reports one of its xattrs. */
static int create_and_read(struct sc_shm *m, bool dir, const char *xattr)
{
	char path[300];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/new", m->path);
	if (dir ? mkdir(path, 0700) : (fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600)) < 0)
		return -errno;
	if (!dir)
		close(fd);
	n = getxattr(path, xattr, m->out, sizeof(m->out));
	m->out_len = n < 0 ? -errno : (int)n;
	return 0;
}

static int new_file_label(struct sc_shm *m, const char *d) { (void)d; return create_and_read(m, false, "security.SMACK64"); }
static int new_dir_label(struct sc_shm *m, const char *d) { (void)d; return create_and_read(m, true, "security.SMACK64"); }
static int new_dir_transmute(struct sc_shm *m, const char *d) { (void)d; return create_and_read(m, true, "security.SMACK64TRANSMUTE"); }

/*
 * relabel-self: a child of S (which still has CAP_MAC_ADMIN) lists labels
 * in smackfs relabel-self, drops its MAC capabilities and relabels itself.
 * smack_setprocattr() lets a task without CAP_MAC_ADMIN take a listed label
 * once: the list is emptied on the change. The child reports the label it
 * ends with, or the errno of the refused change; R only hands that over.
 */
static int relabel(struct sc_shm *m, const char *allow, const char *to, const char *then)
{
	const char *stage;
	int status, e = 0;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (allow && (m->id = smackfs_put_setting(&m->fs, "relabel-self", allow)))
			_exit(3);
		if (proc_drop_mac_caps(false, &stage))
			_exit(4);
		e = label_set_self(to);
		if (!e && then)
			e = label_set_self(then);
		m->out_len = e;
		if (!e && label_get_self(m->out, sizeof(m->out)) == 0)
			m->out_len = (int)strlen(m->out);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	/* Failing to list the label or to drop capabilities breaks the case. */
	return !WIFEXITED(status) ? -EINTR : WEXITSTATUS(status) == 3 ? m->id
	       : WEXITSTATUS(status) ? -ECANCELED : 0;
}

static int listed(struct sc_shm *m, const char *d) { (void)d; return relabel(m, m->receiver, m->receiver, NULL); }
static int unlisted(struct sc_shm *m, const char *d) { (void)d; return relabel(m, m->receiver, m->sender, NULL); }
static int no_list(struct sc_shm *m, const char *d) { (void)d; return relabel(m, NULL, m->receiver, NULL); }
static int used_up(struct sc_shm *m, const char *d) { (void)d; return relabel(m, m->receiver, m->receiver, m->sender); }
static int reported(struct sc_shm *m, const char *d) { (void)m; (void)d; return 0; }

#define TRANSMUTE_WHY "smack_inode_init_security: R's rule on S has t and the directory transmutes"
#define RELABEL_WHY "smack_setprocattr: without CAP_MAC_ADMIN only a label in relabel-self, once"
/* S keeps CAP_MAC_ADMIN to set SMACK64TRANSMUTE and to list relabel-self labels. */
#define TRANSMUTE(dir, what) .prepare = dir, .act = what, .sender_privileged = true
#define RELABEL(how) .prepare = how, .act = reported, .sender_privileged = true

static const struct scenario exec[] = {
	{.name = "smack64exec_tool_runs_as_exec_label", .before_fork = tool_with_exec_label,
	 .act = run_tool,
	 .expect = {.why = "smack_bprm_creds_for_exec: the program's SMACK64EXEC becomes the task label",
		    .value = "S"}},
	{.name = "plain_tool_runs_as_caller", .before_fork = tool_plain,
	 .act = run_tool,
	 .expect = {.why = "no SMACK64EXEC: exec keeps the caller's label", .value = "R"}},
	{.name = "transmute_dir_file_takes_dir_label", TRANSMUTE(transmuting_dir, new_file_label),
	 .rules = RS_RS_RWXT, .expect = {.why = TRANSMUTE_WHY, .value = "S"}},
	{.name = "transmute_dir_without_t_file_keeps_creator_label",
	 TRANSMUTE(transmuting_dir, new_file_label), .rules = RS_RS_RWX,
	 .expect = {.why = TRANSMUTE_WHY, .value = "R"}},
	{.name = "plain_dir_with_t_file_keeps_creator_label", TRANSMUTE(plain_dir, new_file_label),
	 .rules = RS_RS_RWXT, .expect = {.why = TRANSMUTE_WHY, .value = "R"}},
	{.name = "transmute_dir_subdir_takes_dir_label", TRANSMUTE(transmuting_dir, new_dir_label),
	 .rules = RS_RS_RWXT, .expect = {.why = TRANSMUTE_WHY, .value = "S"}},
	{.name = "transmute_dir_subdir_transmutes_too", TRANSMUTE(transmuting_dir, new_dir_transmute),
	 .rules = RS_RS_RWXT, .expect = {.why = TRANSMUTE_WHY "; SMK_INODE_CHANGED", .value = "\"TRUE\""}},
	/*
	 * Asked for SMACK64TRANSMUTE, smack_inode_getsecurity() answers "" for a
	 * directory that does not transmute; before that change the filesystem
	 * answered, and a tmpfs directory without the xattr has none: ENODATA.
	 */
	{.name = "transmute_dir_without_t_subdir_does_not_transmute",
	 TRANSMUTE(transmuting_dir, new_dir_transmute), .rules = RS_RS_RWX,
	 .expect = {.why = TRANSMUTE_WHY, .value = "\"\""},
	 .gates = {{&transmute_get_gate, {.value = "ENODATA"}}}},
	{.name = "relabel_self_to_listed_label", RELABEL(listed),
	 .expect = {.why = RELABEL_WHY, .value = "R"}},
	{.name = "relabel_self_to_unlisted_label_is_eperm", RELABEL(unlisted),
	 .expect = {.why = RELABEL_WHY, .value = "EPERM"}},
	{.name = "relabel_without_list_or_cap_mac_admin_is_eperm", RELABEL(no_list),
	 .expect = {.why = RELABEL_WHY, .value = "EPERM"}},
	{.name = "relabel_self_list_is_used_up_after_one_change", RELABEL(used_up),
	 .expect = {.why = RELABEL_WHY, .value = "EPERM"}},
};

SCENARIO_FAMILY(exec_family, "exec", exec, NULL, false);
