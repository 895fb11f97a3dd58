/* Environment probe: can SMACK cases run here, and what kernel is this. */
#ifndef SUITE_PROBE_H
#define SUITE_PROBE_H

#include <stdbool.h>

#include "labels.h"

struct env {
	char release[65];
	unsigned kver;            /* packed, see kver.h */
	char lsm[256];            /* /sys/kernel/security/lsm, or "" where absent */
	char self_label[SMACK_LABEL_MAX + 1];
	bool root;
	bool smack;               /* SMACK is the active LSM */
	bool mounted_smackfs;     /* we mounted it (and unmount at the end) */
	struct smackfs fs;
	char why_not[640];        /* reason the suite cannot run, "" if it can */
};

/*
 * Fill *e. May mount smackfs at /sys/fs/smackfs when SMACK is active but
 * the filesystem is not mounted (allow_mount). Returns true when the suite
 * can run; otherwise why_not says why.
 */
bool probe_env(struct env *e, bool allow_mount);

#endif
