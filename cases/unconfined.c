/*
 * smackfs `unconfined` (CONFIG_SECURITY_SMACK_BRINGUP only): one label U.
 * When smk_access() refuses and the subject or the object is U, it returns
 * SMACK_UNCONFINED_SUBJECT/OBJECT (2/3) instead of -EACCES. The hooks pass
 * that through smk_bu_inode/_file/_credfile/_note/..., which log it and
 * return 0: the access is let through. What it does not let through:
 *  - smack_ptrace_access_check() returns smk_ptrace_rule_check()'s result
 *    as it is, so the positive value reaches ptrace_may_access(), which
 *    takes any non-zero as a refusal (EPERM from pidfd_getfd()). Worse,
 *    smk_tskacc() returns a positive smk_access() result before its
 *    CAP_MAC_OVERRIDE check, so the override stops counting there;
 *  - smk_tskacc() still applies the task's per-task rules to a positive
 *    result: "R S -" in load-self2 refuses (the override passes that);
 *  - smack_mmap_file() compares rule lists and never calls smk_access():
 *    SMACK64MMAP is not lifted.
 * The same code in 4.4.121, 6.1, 6.12 and 7.3 (smk_access, smk_tskacc,
 * smk_ptrace_rule_check, smack_ptrace_access_check, smk_bu_*). A global
 * setting: these cases run only with --change-global, and the runner saves
 * `unconfined` before each and restores it after. S writes it (and makes
 * any SMACK64MMAP file) while still privileged, before R is forked.
 */
#include "gates.h"
#include "scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>


static int set_unconfined(struct sc_shm *m, const char *label)
{
	return smackfs_put_setting(&m->fs, "unconfined", label);
}

static int third_label(char *buf, size_t len, const struct sc_shm *m)
{
	return snprintf(buf, len, "%s.other", m->sender) >= (int)len ? -ENAMETOOLONG : 0;
}

static int receiver_unconfined(struct sc_shm *m) { return set_unconfined(m, m->receiver); }
static int sender_unconfined(struct sc_shm *m) { return set_unconfined(m, m->sender); }

static int other_unconfined(struct sc_shm *m)
{
	char l[300];
	int e = third_label(l, sizeof(l), m);

	return e ? e : set_unconfined(m, l);
}

/* R unconfined, and a file labelled "*" whose SMACK64MMAP is a label without rules. */
static int receiver_unconfined_mmap_file(struct sc_shm *m)
{
	char l[300];
	int fd, e = third_label(l, sizeof(l), m);

	if (e || (e = set_unconfined(m, m->receiver)))
		return e;
	if ((fd = scenario_new_file(m, m->dir, "mapped", O_RDWR, 0666)) < 0)
		return fd;
	e = ftruncate(fd, 4096) ? -errno : 0;
	close(fd);
	if (!e && setxattr(m->path, "security.SMACK64", "*", 1, 0))
		e = -errno;
	if (!e && setxattr(m->path, "security.SMACK64MMAP", l, strlen(l), 0))
		e = -errno;
	return e;
}

/* S's file (labelled S), kept open read-only for pidfd_getfd. */
static int new_file(struct sc_shm *m, const char *dir)
{
	int fd = scenario_new_file(m, dir, "file", O_WRONLY, 0666);

	if (fd < 0)
		return fd;
	close(fd);
	m->fd_hold = open(m->path, O_RDONLY | O_CLOEXEC);
	m->id = getpid();
	return m->fd_hold < 0 ? -errno : 0;
}

static void close_file(struct sc_shm *m) { close(m->fd_hold); }

static int open_as(const struct sc_shm *m, int flags)
{
	int fd = open(m->path, flags | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int read_file(struct sc_shm *m, const char *d) { (void)d; return open_as(m, O_RDONLY); }
static int write_file(struct sc_shm *m, const char *d) { (void)d; return open_as(m, O_WRONLY); }

/* R loads "R S -" for itself (load-self2), then reads. */
static int self_rule_then_read(struct sc_shm *m, const char *d)
{
	char rule[600], path[512];
	int fd, e = 0;

	(void)d;
	snprintf(rule, sizeof(rule), "%s %s -", m->receiver, m->sender);
	snprintf(path, sizeof(path), "%s/load-self2", m->fs.path);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, rule, strlen(rule)) != (ssize_t)strlen(rule))
		e = -errno;
	if (fd >= 0)
		close(fd);
	if (e) {
		m->roles.receiver_err = e;
		snprintf(m->roles.receiver_stage, sizeof(m->roles.receiver_stage), "load-self2");
		return e;
	}
	return open_as(m, O_RDONLY);
}

static int getfd(struct sc_shm *m, const char *d) { (void)d; return scenario_getfd(m); }

static int map_exec(struct sc_shm *m, const char *d)
{
	int fd = open(m->path, O_RDONLY | O_CLOEXEC), rc = 0;
	void *p;

	(void)d;
	if (fd < 0)
		return -errno;
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		rc = -errno;
	else
		munmap(p, 4096);
	close(fd);
	return rc;
}

/* Only with CONFIG_SECURITY_SMACK_BRINGUP; without it the case says so, never passes. */
static const char *unconfined_skip(const struct scenario *sc)
{
	(void)sc;
	if (access("/sys/fs/smackfs/unconfined", F_OK) == 0 || access("/smack/unconfined", F_OK) == 0)
		return NULL;
	return "no smackfs unconfined file: the kernel is built without "
	       "CONFIG_SECURITY_SMACK_BRINGUP";
}

#define UNCONFINED(set) .before_fork = set, .global = "unconfined"
#define LIFTED "smk_access: refusal with U as "

static const struct scenario unconfined[] = {
	{.name = "receiver_reads_file", UNCONFINED(receiver_unconfined), .prepare = new_file,
	 .act = read_file, .cleanup = close_file,
	 .expect = {.why = LIFTED "subject (SMACK_UNCONFINED_SUBJECT), smk_bu_inode/_credfile: 0"}},
	{.name = "receiver_writes_file", UNCONFINED(receiver_unconfined), .prepare = new_file,
	 .act = write_file, .cleanup = close_file,
	 .expect = {.why = LIFTED "subject, smk_bu_inode: 0 (the inode is marked impure)"}},
	{.name = "sender_label_file_read", UNCONFINED(sender_unconfined), .prepare = new_file,
	 .act = read_file, .cleanup = close_file,
	 .expect = {.why = LIFTED "object (SMACK_UNCONFINED_OBJECT), smk_bu_inode/_credfile: 0"}},
	{.name = "other_label_file_read", UNCONFINED(other_unconfined), .prepare = new_file,
	 .act = read_file, .cleanup = close_file,
	 .expect = {.why = "smack_inode_permission: r on S; U is neither subject nor object",
		    .steps = {{NEED_R, EACCES}}}},
	/* Not lifted: ptrace. rw on S or EPERM, and CAP_MAC_OVERRIDE no longer helps. */
	{.name = "receiver_pidfd_getfd_ptrace", UNCONFINED(receiver_unconfined),
	 .prepare = new_file, .act = getfd, .cleanup = close_file,
	 .expect = {.why = "smack_ptrace_access_check returns smk_tskacc's positive result, "
			   "ptrace_may_access refuses any non-zero (EPERM); smk_tskacc returns it "
			   "before the CAP_MAC_OVERRIDE check; then smack_file_receive r (lifted)",
		    .steps = {{NEED_RW, EPERM, .no_override = true}}},
	 .gates = {{&pidfd_getfd_gate, {.why = "no such system call", .result = ENOSYS}}}},
	{.name = "receiver_self_rule_none_reads", UNCONFINED(receiver_unconfined),
	 .prepare = new_file, .act = self_rule_then_read, .cleanup = close_file,
	 .expect = {.why = "smk_tskacc: a positive smk_access result still meets the per-task "
			   "entry \"-\" (EACCES); CAP_MAC_OVERRIDE passes",
		    .steps = {{NEED_NEVER, EACCES}}}},
	{.name = "receiver_mmap_third_label", UNCONFINED(receiver_unconfined_mmap_file),
	 .act = map_exec,
	 .expect = {.why = "smack_mmap_file: rule lists, no smk_access: any rule R S and none "
			   "for the SMACK64MMAP label refuses",
		    .steps = {{NEED_ANY, EACCES, .no_override = true, .when_granted = true}}}},
};

SCENARIO_FAMILY(unconfined_family, "unconfined", unconfined, unconfined_skip, false);
