#include "probe.h"
#include "kver.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

static bool read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	bool ok;

	if (!f)
		return false;
	ok = fgets(buf, (int)len, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

/* smackfs registers only when SMACK is enabled, on every kernel version. */
static bool fs_type_known(const char *type)
{
	char line[128];
	FILE *f = fopen("/proc/filesystems", "re");
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *t = strrchr(line, '\t');

		line[strcspn(line, "\n")] = '\0';
		found = strcmp(t ? t + 1 : line, type) == 0;
	}
	fclose(f);
	return found;
}

static bool smackfs_at(const char *dir)
{
	char p[300];

	snprintf(p, sizeof(p), "%s/load", dir);
	return access(p, F_OK) == 0;
}

static void fill_fs(struct smackfs *fs, const char *dir)
{
	char p[300];

	snprintf(fs->path, sizeof(fs->path), "%s", dir);
	snprintf(p, sizeof(p), "%s/load2", dir);
	fs->has_load2 = access(p, F_OK) == 0;
	snprintf(p, sizeof(p), "%s/revoke-subject", dir);
	fs->has_revoke = access(p, F_OK) == 0;
}

bool probe_env(struct env *e, bool allow_mount)
{
	struct utsname u;

	memset(e, 0, sizeof(*e));
	if (uname(&u) == 0)
		snprintf(e->release, sizeof(e->release), "%s", u.release);
	if (!kver_parse(e->release, &e->kver))
		e->kver = 0;
	e->root = geteuid() == 0;
	read_line("/sys/kernel/security/lsm", e->lsm, sizeof(e->lsm));

	e->smack = fs_type_known("smackfs") &&
		   (!e->lsm[0] || strstr(e->lsm, "smack") != NULL);
	if (!e->smack) {
		snprintf(e->why_not, sizeof(e->why_not),
			 "SMACK is not active on kernel %s (lsm: %s)", e->release,
			 e->lsm[0] ? e->lsm : "unknown; no smackfs filesystem type");
		return false;
	}
	if (label_get_self(e->self_label, sizeof(e->self_label)) != 0)
		e->self_label[0] = '\0';
	if (!e->root) {
		snprintf(e->why_not, sizeof(e->why_not),
			 "needs root (CAP_MAC_ADMIN to set labels and rules)");
		return false;
	}
	if (smackfs_at("/sys/fs/smackfs")) {
		fill_fs(&e->fs, "/sys/fs/smackfs");
	} else if (smackfs_at("/smack")) {
		fill_fs(&e->fs, "/smack"); /* pre-3.x layout some old boards keep */
	} else if (allow_mount) {
		if (mount("smackfs", "/sys/fs/smackfs", "smackfs", 0, NULL) != 0) {
			snprintf(e->why_not, sizeof(e->why_not),
				 "smackfs is not mounted and mounting it at /sys/fs/smackfs failed: %s",
				 strerror(errno));
			return false;
		}
		e->mounted_smackfs = true;
		fill_fs(&e->fs, "/sys/fs/smackfs");
	} else {
		snprintf(e->why_not, sizeof(e->why_not), "smackfs is not mounted");
		return false;
	}
	if (!e->fs.has_revoke) {
		snprintf(e->why_not, sizeof(e->why_not),
			 "smackfs at %s has no revoke-subject; rules could not be revoked",
			 e->fs.path);
		if (e->mounted_smackfs && umount(e->fs.path) == 0)
			e->mounted_smackfs = false;
		return false;
	}
	return true;
}
