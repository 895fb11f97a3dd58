/*
 * onlycap: with labels listed there, smack_privileged() grants a capability
 * only to tasks running with one of them, so a CAP_MAC_OVERRIDE held under
 * any other label stops counting. S makes a file (labelled S), lists labels
 * in onlycap and R opens the file for reading (smack_inode_permission: r).
 * The runner's own label is always listed: it must stay able to revoke its
 * rules and put onlycap back. A global setting: these cases run only with
 * --change-global, and the runner (not the case) saves onlycap before each
 * of them and restores it after, however the case ended.
 */
#include "scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static int set_onlycap(struct sc_shm *m, const char *dir, bool with_receiver)
{
	char list[3 * 256 + 4];
	int fd;

	fd = scenario_new_file(m, dir, "file", O_WRONLY, 0644);
	if (fd < 0)
		return fd;
	close(fd);
	snprintf(list, sizeof(list), "%s %s%s%s", m->runner, m->sender, with_receiver ? " " : "",
		 with_receiver ? m->receiver : "");
	return smackfs_put_setting(&m->fs, "onlycap", list);
}

static int others_listed(struct sc_shm *m, const char *d) { return set_onlycap(m, d, false); }
static int receiver_listed(struct sc_shm *m, const char *d) { return set_onlycap(m, d, true); }

static int read_file(struct sc_shm *m, const char *d)
{
	int fd = open(m->path, O_RDONLY | O_CLOEXEC);

	(void)d;
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/* R waits for S (wait_receiver): R must take its label before onlycap excludes it. */
#define ONLYCAP(list) .prepare = list, .act = read_file, .sender_privileged = true, \
	.wait_receiver = true, .global = "onlycap"

static const struct scenario onlycap[] = {
	/* R's CAP_MAC_OVERRIDE no longer counts: only the rules decide. */
	{.name = "receiver_not_listed_override_void", ONLYCAP(others_listed),
	 .expect = {.why = "smack_privileged: R's label not in onlycap",
		    .steps = {{NEED_R, EACCES, .no_override = true}}}},
	{.name = "receiver_listed_override_counts", ONLYCAP(receiver_listed),
	 .expect = {.why = "smack_privileged: R's label in onlycap", .steps = {{NEED_R, EACCES}}}},
};

SCENARIO_FAMILY(onlycap_family, "onlycap", onlycap, NULL, false);
