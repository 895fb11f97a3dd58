/*
 * SMACK64MMAP: smack_mmap_file() runs for every mmap() of a file whose
 * inode has an mmap label M (set through security.SMACK64MMAP, which needs
 * CAP_MAC_ADMIN). It ignores prot and flags and asks for no access to the
 * file: for each global rule whose subject is the mapping task's label R
 * and whose object O is not M, with some access (narrowed by R's per-task
 * entry for it), M must have a global rule to O (narrowed by R's per-task
 * entry for M O) granting at least as much; otherwise EACCES. No
 * CAP_MAC_OVERRIDE check. So M = S (the rules' object) or M = R (its own
 * rules) always passes, and a third label without rules fails exactly when
 * R has a rule with some access. Read side by side in 4.4.121, 6.1, 6.12
 * and 7.3: the loop is the same; only an untrusted (user namespace) mount
 * check and an S_PRIVATE early return were added, neither reached here.
 *
 * S, still privileged before R is forked, makes a file labelled "*" (so
 * opening it is never what refuses) with SMACK64MMAP; R opens and maps it.
 */
#include "scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/xattr.h>
#include <unistd.h>

enum mmap_label { ML_NONE, ML_THIRD, ML_SENDER, ML_RECEIVER };

static int make_file(struct sc_shm *m, enum mmap_label ml)
{
	char buf[4096] = {0}, label[300];
	int fd;
	ssize_t n;

	fd = scenario_new_file(m, m->dir, "mapped", O_WRONLY, 0666);
	if (fd < 0)
		return fd;
	n = write(fd, buf, sizeof(buf));
	close(fd);
	if (n != (ssize_t)sizeof(buf))
		return n < 0 ? -errno : -EIO;
	if (setxattr(m->path, "security.SMACK64", "*", 1, 0))
		return -errno;
	switch (ml) {
	case ML_NONE: return 0;
	case ML_THIRD: snprintf(label, sizeof(label), "%s.mmap", m->sender); break;
	case ML_SENDER: snprintf(label, sizeof(label), "%s", m->sender); break;
	case ML_RECEIVER: snprintf(label, sizeof(label), "%s", m->receiver); break;
	}
	return setxattr(m->path, "security.SMACK64MMAP", label, strlen(label), 0) ? -errno : 0;
}

static int plain(struct sc_shm *m) { return make_file(m, ML_NONE); }
static int third(struct sc_shm *m) { return make_file(m, ML_THIRD); }
static int sender(struct sc_shm *m) { return make_file(m, ML_SENDER); }
static int receiver(struct sc_shm *m) { return make_file(m, ML_RECEIVER); }

/* Open the file (labelled "*": always allowed) and map a page of it. */
static int map(const struct sc_shm *m, int oflags, int prot, int flags)
{
	int fd = open(m->path, oflags | O_CLOEXEC), rc = 0;
	void *p;

	if (fd < 0)
		return -errno;
	p = mmap(NULL, 4096, prot, flags, fd, 0);
	if (p == MAP_FAILED)
		rc = -errno;
	else
		munmap(p, 4096);
	close(fd);
	return rc;
}

static int read_private(struct sc_shm *m, const char *d) { (void)d; return map(m, O_RDONLY, PROT_READ, MAP_PRIVATE); }
static int exec_private(struct sc_shm *m, const char *d) { (void)d; return map(m, O_RDONLY, PROT_READ | PROT_EXEC, MAP_PRIVATE); }
static int write_shared(struct sc_shm *m, const char *d) { (void)d; return map(m, O_RDWR, PROT_READ | PROT_WRITE, MAP_SHARED); }
static int exec_shared(struct sc_shm *m, const char *d) { (void)d; return map(m, O_RDONLY, PROT_READ | PROT_EXEC, MAP_SHARED); }

#define WHY "smack_mmap_file: each rule R O with some access (O not M) needs M O as wide; "
/* A third label has no rules: any rule R S refuses, whatever prot, flags or override. */
#define THIRD_STEPS {{NEED_ANY, EACCES, .no_override = true, .when_granted = true}}

static const struct scenario mmap_rows[] = {
	{.name = "no_mmap_label_exec_private", .before_fork = plain, .act = exec_private,
	 .expect = {.why = "smack_mmap_file: no SMACK64MMAP on the inode, nothing to check"}},
	{.name = "third_label_read_private", .before_fork = third, .act = read_private,
	 .expect = {.why = WHY "M has none", .steps = THIRD_STEPS}},
	{.name = "third_label_exec_private", .before_fork = third, .act = exec_private,
	 .expect = {.why = WHY "M has none (PROT_EXEC not consulted)", .steps = THIRD_STEPS}},
	{.name = "third_label_exec_shared", .before_fork = third, .act = exec_shared,
	 .expect = {.why = WHY "M has none (MAP_SHARED not consulted)", .steps = THIRD_STEPS}},
	{.name = "third_label_write_shared", .before_fork = third, .act = write_shared,
	 .expect = {.why = WHY "M has none (PROT_WRITE not consulted)", .steps = THIRD_STEPS}},
	{.name = "sender_label_exec_private", .before_fork = sender, .act = exec_private,
	 .expect = {.why = WHY "M is S, the only object R's rules name: skipped"}},
	{.name = "receiver_label_exec_private", .before_fork = receiver, .act = exec_private,
	 .expect = {.why = WHY "M is R: M's rules are R's own"}},
};

SCENARIO_FAMILY(mmap_family, "mmap", mmap_rows, NULL, false);
