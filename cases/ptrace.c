/*
 * smackfs `ptrace`: the policy smk_ptrace_rule_check() (security/smack/
 * smack_lsm.c) applies when R, the tracer, reaches into S, the tracee:
 *  - 0 (default): PTRACE_MODE_ATTACH needs rw on S, PTRACE_MODE_READ r
 *    (smk_tskacc: CAP_MAC_OVERRIDE passes);
 *  - 1 (exact): ATTACH only between equal labels, unless the tracer has
 *    CAP_SYS_PTRACE (smack_privileged_cred; capable() before 4.19, the same
 *    answer with onlycap empty); no rule and no CAP_MAC_OVERRIDE helps;
 *  - 2 (draconian): ATTACH only between equal labels, CAP_SYS_PTRACE or not.
 *  READ is judged as in default under every mode.
 * The ways in, each under every mode, rule set and CAP_MAC_OVERRIDE kept or
 * not, with R keeping CAP_SYS_PTRACE (the roles drop only the MAC
 * capabilities) and without it:
 *  - ptrace(PTRACE_ATTACH): __ptrace_may_access() returns SMACK's EACCES;
 *  - process_vm_readv(): mm_access() maps EACCES to EPERM;
 *  - pidfd_getfd() of S's descriptor of the scratch directory (labelled
 *    "*", so smack_file_receive() always passes): EPERM (5.6 on);
 *  - reading /proc/S/mem: the path walk searches /proc/S (labelled S by
 *    smack_task_to_inode: R x S, which no rule set here grants), the open
 *    needs r on the mem inode (S), then mem_open() asks ATTACH: EACCES;
 *  - get_robust_list(S): PTRACE_MODE_READ, r on S, EPERM: the mode
 *    changes nothing.
 * The tracee is S itself (R is its child: no Yama in the guests, and as
 * root the uid checks pass). S drops its MAC capabilities and
 * CAP_SYS_PTRACE after setting the mode, so commoncap's "tracee's
 * capabilities a subset of the tracer's" holds even for an R without
 * CAP_SYS_PTRACE. A global setting: run only with --change-global, and the
 * runner puts `ptrace` back after each case, however it ended.
 */
#include "gates.h"
#include "scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>


/* S writes it after R is forked, so only a read of S's memory sees this value. */
static volatile unsigned long token;

static unsigned long token_of(pid_t pid) { return 0x5eed0000UL ^ (unsigned long)pid; }

/* Drop one capability from every set, and check it is gone. */
static int drop_cap(cap_value_t c)
{
	cap_t caps;
	cap_flag_value_t v;
	int err = 0;

	if (CAP_IS_SUPPORTED(c) && cap_drop_bound(c))
		return -errno;
	if (!(caps = cap_get_proc()))
		return -errno;
	if (cap_set_flag(caps, CAP_EFFECTIVE, 1, &c, CAP_CLEAR) ||
	    cap_set_flag(caps, CAP_PERMITTED, 1, &c, CAP_CLEAR) ||
	    cap_set_flag(caps, CAP_INHERITABLE, 1, &c, CAP_CLEAR) || cap_set_proc(caps))
		err = -errno;
	else if (cap_get_flag(caps, c, CAP_PERMITTED, &v) || v != CAP_CLEAR)
		err = -EPERM;
	cap_free(caps);
	return err;
}

/* S: set the mode, publish what R reaches for, then become a plain tracee. */
static int set_mode(struct sc_shm *m, const char *dir, const char *mode)
{
	const char *stage;
	int e;

	if ((e = smackfs_put_setting(&m->fs, "ptrace", mode)))
		return e;
	m->id = getpid();
	token = token_of(m->id);
	/* The scratch directory is "*": receiving it is never SMACK's refusal. */
	m->fd_hold = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (m->fd_hold < 0)
		return -errno;
	if ((e = proc_drop_mac_caps(false, &stage)))
		return e;
	return drop_cap(CAP_SYS_PTRACE);
}

static int mode_default(struct sc_shm *m, const char *d) { return set_mode(m, d, "0"); }
static int mode_exact(struct sc_shm *m, const char *d) { return set_mode(m, d, "1"); }
static int mode_draconian(struct sc_shm *m, const char *d) { return set_mode(m, d, "2"); }

static void close_held(struct sc_shm *m) { close(m->fd_hold); }

/* R: attach (S stops), wait for the stop, detach: S runs on. */
static int attach(struct sc_shm *m)
{
	int st;

	if (ptrace(PTRACE_ATTACH, m->id, NULL, NULL))
		return -errno;
	while (waitpid(m->id, &st, __WALL) < 0)
		if (errno != EINTR)
			return -errno;
	return ptrace(PTRACE_DETACH, m->id, NULL, NULL) ? -errno : 0;
}

static int vm_readv(struct sc_shm *m)
{
	unsigned long got = 0;
	struct iovec local = {&got, sizeof(got)}, remote = {(void *)&token, sizeof(got)};

	if (syscall(SYS_process_vm_readv, m->id, &local, 1UL, &remote, 1UL, 0UL) != sizeof(got))
		return -errno;
	return got == token_of(m->id) ? 0 : -EIO;
}

static int getfd(struct sc_shm *m) { return scenario_getfd(m); }

static int proc_mem(struct sc_shm *m)
{
	char path[64];
	unsigned long got = 0;
	int fd, rc = 0;

	snprintf(path, sizeof(path), "/proc/%d/mem", m->id);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	if (pread(fd, &got, sizeof(got), (off_t)(unsigned long)&token) != sizeof(got))
		rc = -errno;
	else if (got != token_of(m->id))
		rc = -EIO;
	close(fd);
	return rc;
}

static int robust_list(struct sc_shm *m)
{
	void *head;
	size_t len;

	return syscall(SYS_get_robust_list, m->id, &head, &len) ? -errno : 0;
}

/* Each way in, as R keeping CAP_SYS_PTRACE and as R without it. */
#define ACTS(fn)                                                                              \
	static int fn##_kept(struct sc_shm *m, const char *d) { (void)d; return fn(m); }      \
	static int fn##_dropped(struct sc_shm *m, const char *d)                              \
	{                                                                                     \
		int e = drop_cap(CAP_SYS_PTRACE);                                             \
		(void)d;                                                                      \
		return e ? e : fn(m);                                                         \
	}
ACTS(attach)
ACTS(vm_readv)
ACTS(getfd)
ACTS(proc_mem)
ACTS(robust_list)

/* What each mode's ATTACH check wants; err is how the way in reports a refusal. */
#define DEFAULT_ATTACH(err) {NEED_RW, err}
#define NOT_SAME(err) {NEED_SAME, err, .no_override = true}
#define WALK_MEM {NEED_X, EACCES}, {NEED_R, EACCES}

#define WHY_DEF "smk_ptrace_rule_check, default: ATTACH wants rw on S (smk_tskacc)"
#define WHY_EXACT "smk_ptrace_rule_check, exact: ATTACH between equal labels or with CAP_SYS_PTRACE"
#define WHY_DRAC "smk_ptrace_rule_check, draconian: ATTACH between equal labels only"
#define WHY_READ "smk_ptrace_rule_check: PTRACE_MODE_READ wants r on S under every mode"
#define WHY_MEM "/proc/S is S's (smack_task_to_inode): R x S to search it, r on mem, then "

#define ROW(nm, prep, fn, w, ...)                                                             \
	{.name = nm, .prepare = prep, .act = fn, .cleanup = close_held,                       \
	 .sender_privileged = true, .global = "ptrace",                                      \
	 .expect = {.why = w, .steps = {__VA_ARGS__}}}
#define GETFD_ROW(nm, prep, fn, w, ...)                                                       \
	{.name = nm, .prepare = prep, .act = fn, .cleanup = close_held,                       \
	 .sender_privileged = true, .global = "ptrace",                                      \
	 .expect = {.why = w, .steps = {__VA_ARGS__}},                                       \
	 .gates = {{&pidfd_getfd_gate, {.why = "no such system call", .result = ENOSYS}}}}

/* One mode: the five ways in, with CAP_SYS_PTRACE and without. */
#define MODE(md, prep, why, kept_step, dropped_step)                                          \
	ROW(md "_attach", prep, attach_kept, why, kept_step(EACCES)),                          \
	ROW(md "_attach_without_cap_sys_ptrace", prep, attach_dropped, why,                    \
	    dropped_step(EACCES)),                                                           \
	ROW(md "_process_vm_readv", prep, vm_readv_kept, why " (EPERM)", kept_step(EPERM)),    \
	ROW(md "_process_vm_readv_without_cap_sys_ptrace", prep, vm_readv_dropped,             \
	    why " (EPERM)", dropped_step(EPERM)),                                            \
	GETFD_ROW(md "_pidfd_getfd", prep, getfd_kept, why " (EPERM)", kept_step(EPERM)),      \
	GETFD_ROW(md "_pidfd_getfd_without_cap_sys_ptrace", prep, getfd_dropped,               \
		  why " (EPERM)", dropped_step(EPERM)),                                      \
	ROW(md "_proc_pid_mem_read", prep, proc_mem_kept, WHY_MEM why, WALK_MEM,               \
	    kept_step(EACCES)),                                                              \
	ROW(md "_proc_pid_mem_read_without_cap_sys_ptrace", prep, proc_mem_dropped,            \
	    WHY_MEM why, WALK_MEM, dropped_step(EACCES)),                                    \
	ROW(md "_get_robust_list", prep, robust_list_kept, WHY_READ " (EPERM)", {NEED_R, EPERM}), \
	ROW(md "_get_robust_list_without_cap_sys_ptrace", prep, robust_list_dropped,           \
	    WHY_READ " (EPERM)", {NEED_R, EPERM})

/*
 * Value: with x as well (R S rwx), the same read goes through. Every rule set
 * of the matrix lacks x, so this is what shows the walk is the first check.
 */
static int proc_mem_value(struct sc_shm *m, const char *d)
{
	int rc = proc_mem_kept(m, d);

	if (rc)
		m->out_len = rc;
	else
		m->out_len = snprintf(m->out, sizeof(m->out), "read");
	return 0;
}

/* Exact with CAP_SYS_PTRACE: SMACK says yes before any rule is looked at. */
#define PASS(err) {NEED_NONE, err}

static const struct scenario ptrace_rows[] = {
	MODE("default", mode_default, WHY_DEF, DEFAULT_ATTACH, DEFAULT_ATTACH),
	MODE("exact", mode_exact, WHY_EXACT, PASS, NOT_SAME),
	MODE("draconian", mode_draconian, WHY_DRAC, NOT_SAME, NOT_SAME),
	{.name = "default_proc_pid_mem_read_with_rule_R_S_rwx_reads", .prepare = mode_default,
	 .act = proc_mem_value, .cleanup = close_held, .sender_privileged = true,
	 .global = "ptrace", .rules = RS_RS_RWX,
	 .expect = {.why = WHY_MEM WHY_DEF ": x, r and rw all granted", .value = "\"read\""}},
};

SCENARIO_FAMILY(ptrace_family, "ptrace", ptrace_rows, NULL, false);
