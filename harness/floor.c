#include "floor.h"
#include "labels.h"
#include "proc.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096
#define COW_PAGES 16

enum op { FORK, VFORK, SHARED, COW, LABEL, RELABEL, CAPS, PINGPONG, NOPS };
static const char *const op_name[NOPS] = {
	[FORK] = "fork, _exit, waitpid",
	[VFORK] = "vfork, _exit, waitpid (no copy of the memory map)",
	[SHARED] = "clone(CLONE_VM), _exit, waitpid (a process sharing the memory map)",
	[COW] = "one copy-on-write fault in a forked child",
	[LABEL] = "a process sets a new label (label_set_self)",
	[RELABEL] = "a process sets a label the kernel knows",
	[CAPS] = "the MAC capabilities dropped (proc_drop_mac_caps)",
	[PINGPONG] = "a pipe round trip between two processes",
};

/* The profile's lap clock: mean microseconds of n runs since *t. */
static double mean_us(struct timespec *t, unsigned n)
{
	return proc_lap_ns(t) / 1e3 / n;
}

/* The child's part of one fork: 0 fine, else the -errno it failed with. */
static int child(enum op op, char *pages)
{
	const char *stage;

	switch (op) {
	case COW:
		for (int k = 0; k < COW_PAGES; k++)
			pages[k * PAGE]++;
		return 0;
	case CAPS:
		return proc_drop_mac_caps(false, &stage);
	default:
		return 0;
	}
}

/* Mean us of this process setting its label: a new one each time (as each case has its own) or not. */
static double labelled(bool fresh, unsigned n, int *err)
{
	char label[SMACK_LABEL_MAX + 1];
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	for (unsigned i = 0; i < n && !*err; i++) {
		snprintf(label, sizeof(label), "sipcF.%d.%u", fresh ? (int)getpid() : 0, fresh ? i : 0);
		*err = -label_set_self(label);
	}
	return mean_us(&t, n);
}

/* A CLONE_VM child's whole life: glibc's clone() exits with its return. */
static int shared_child(void *arg)
{
	(void)arg;
	return 0;
}

/* Its own stack, as the child shares this process's memory. */
static char shared_stack[16384] __attribute__((aligned(16)));

/* Mean us of fork + the child's part + _exit + waitpid; -errno if a child failed. */
static double forked(enum op op, unsigned n, char *pages, int *err)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	for (unsigned i = 0; i < n && !*err; i++) {
		int st;
		pid_t p;

		if (op == VFORK)
			p = vfork();
		else if (op == SHARED)
			p = clone(shared_child, shared_stack + sizeof(shared_stack), CLONE_VM | SIGCHLD, NULL);
		else
			p = fork();

		if (p == 0)
			_exit(op == VFORK ? 0 : -child(op, pages) & 0xff);
		if (p < 0 || waitpid(p, &st, 0) < 0)
			*err = errno;
		else if (!WIFEXITED(st) || WEXITSTATUS(st))
			*err = WIFEXITED(st) ? WEXITSTATUS(st) : EINTR;
	}
	return mean_us(&t, n);
}

static double pingpong(unsigned n, int *err)
{
	int to[2], from[2];
	struct timespec t;
	char c = 0;
	double us;
	pid_t p;

	if (pipe(to) || pipe(from)) {
		*err = errno;
		return 0;
	}
	if ((p = fork()) == 0) {
		close(to[1]);
		while (read(to[0], &c, 1) == 1 && write(from[1], &c, 1) == 1)
			;
		_exit(0);
	}
	if (p < 0)
		*err = errno;
	close(to[0]);
	close(from[1]);
	clock_gettime(CLOCK_MONOTONIC, &t);
	for (unsigned i = 0; i < n && !*err; i++)
		if (write(to[1], &c, 1) != 1 || read(from[0], &c, 1) != 1)
			*err = errno ? errno : EPIPE;
	us = mean_us(&t, n);
	close(to[1]);
	close(from[0]);
	if (p > 0)
		waitpid(p, NULL, 0);
	return us;
}

int floor_bench(unsigned n, FILE *out)
{
	/* Dirty memory for the COW children to write, made once. */
	char *pages = mmap(NULL, COW_PAGES * PAGE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	double us[NOPS] = {0};
	int err[NOPS] = {0}, bad = 0;

	if (pages == MAP_FAILED) {
		fprintf(out, "floor: cannot map %d pages: %s\n", COW_PAGES, strerror(errno));
		return 1;
	}
	memset(pages, 1, COW_PAGES * PAGE);
	proc_pin_cpu(0); /* as a worker's cases are */
	fprintf(out, "floor: %u runs each, on one CPU; mean microseconds\n", n);
	for (int op = FORK; op <= COW; op++)
		us[op] = forked(op, n, pages, &err[op]);
	us[CAPS] = forked(CAPS, n, pages, &err[CAPS]);
	us[LABEL] = labelled(true, n, &err[LABEL]);
	us[RELABEL] = labelled(false, n, &err[RELABEL]);
	us[PINGPONG] = pingpong(n, &err[PINGPONG]);
	/* What the child did beyond a bare fork; a COW fault is per page. */
	us[COW] = (us[COW] - us[FORK]) / COW_PAGES;
	us[CAPS] -= us[FORK];
	for (int op = 0; op < NOPS; op++) {
		if (err[op])
			fprintf(out, "floor: %s: failed: %s%s\n", op_name[op], strerror(err[op]),
				op == LABEL || op == RELABEL || op == CAPS ? " (it needs root and SMACK)" : "");
		else
			fprintf(out, "floor: %s: %.1f us\n", op_name[op], us[op]);
		bad |= err[op] != 0;
	}
	/*
	 * The second sum is what roles sharing the runner's memory map would
	 * cost (each still its own task, label, credentials and descriptor
	 * table): no copy of the map, no COW faults. Not what the cases do.
	 */
	if (!bad) {
		fprintf(out, "floor: a two-role case's processes (2 forks, 2 labels, 2 drops, "
			     "a round trip): %.0f us\n",
			2 * (us[FORK] + us[LABEL] + us[CAPS]) + us[PINGPONG]);
		fprintf(out, "floor: the same with clone(CLONE_VM) for fork: %.0f us\n",
			2 * (us[SHARED] + us[LABEL] + us[CAPS]) + us[PINGPONG]);
	}
	munmap(pages, COW_PAGES * PAGE);
	return bad;
}
