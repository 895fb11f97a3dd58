#include "labels.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char *label_invalid(const char *label)
{
	size_t n = label ? strlen(label) : 0;

	if (n == 0)
		return "label is empty";
	if (n > SMACK_LABEL_MAX)
		return "label is longer than 255 characters";
	if (label[0] == '-')
		return "label starts with '-' (reserved for smackfs options)";
	if (n == 1 && !((label[0] >= 'a' && label[0] <= 'z') ||
			(label[0] >= 'A' && label[0] <= 'Z') ||
			(label[0] >= '0' && label[0] <= '9')))
		return "single-character labels other than a letter or digit are reserved";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)label[i];

		if (c <= ' ' || c > '~')
			return "label contains a space, control or non-ASCII character";
		if (c == '/' || c == '"' || c == '\\' || c == '\'')
			return "label contains one of / \" \\ '";
	}
	return NULL;
}

const char *access_invalid(const char *access)
{
	if (!access || !*access)
		return "access string is empty";
	for (const char *p = access; *p; p++)
		if (!strchr("rwxatblRWXATBL-", *p))
			return "access string has a letter outside rwxatbl-";
	return NULL;
}

bool rule_format_load2(char *buf, size_t len, const char *subject,
		       const char *object, const char *access)
{
	int n;

	if (label_invalid(subject) || label_invalid(object) || access_invalid(access))
		return false;
	n = snprintf(buf, len, "%s %s %s", subject, object, access);
	return n > 0 && (size_t)n < len;
}

bool rule_format_load(char *buf, size_t len, const char *subject,
		      const char *object, const char *access)
{
	char mode[6] = "-----";
	int n;

	if (label_invalid(subject) || label_invalid(object) || access_invalid(access))
		return false;
	if (strlen(subject) > SMACK_LOAD_LABEL || strlen(object) > SMACK_LOAD_LABEL)
		return false;
	/* The fixed format has five columns, r w x a t; b and l need load2. */
	for (const char *p = access; *p; p++) {
		const char *col = strchr("rwxat", *p | 0x20);

		if (*p == '-')
			continue;
		if (!col)
			return false;
		mode[col - "rwxat"] = (char)(*p | 0x20);
	}
	n = snprintf(buf, len, "%-23s %-23s %5s", subject, object, mode);
	return n > 0 && (size_t)n < len;
}

static int write_file(const char *dir, const char *name, const char *data)
{
	char path[512];
	int fd, err = 0;
	size_t len = strlen(data);

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* smackfs takes one record per write(); a short write is a failure. */
	if (write(fd, data, len) != (ssize_t)len)
		err = errno ? -errno : -EIO;
	close(fd);
	return err;
}

int smackfs_set_rule(const struct smackfs *fs, const char *subject,
		     const char *object, const char *access)
{
	char rule[2 * SMACK_LABEL_MAX + 32];

	if (fs->has_load2) {
		if (!rule_format_load2(rule, sizeof(rule), subject, object, access))
			return -EINVAL;
		return write_file(fs->path, "load2", rule);
	}
	if (!rule_format_load(rule, sizeof(rule), subject, object, access))
		return -ENAMETOOLONG;
	return write_file(fs->path, "load", rule);
}

/* A label access2 may be asked about: ours, or one of SMACK's own (floor, star, hat, web). */
static bool askable(const char *label)
{
	return !label_invalid(label) || (label[0] && !label[1] && strchr("_*^@", label[0]));
}

int smackfs_access(const struct smackfs *fs, const char *subject, const char *object,
		   const char *access)
{
	char path[512], q[2 * SMACK_LABEL_MAX + 32], a = 0;
	int fd, n, r = 0;

	if (!askable(subject) || !askable(object) || access_invalid(access))
		return -EINVAL;
	n = snprintf(q, sizeof(q), "%s %s %s", subject, object, access);
	snprintf(path, sizeof(path), "%s/access2", fs->path);
	/* A transaction file: the answer is read back on the descriptor the question went in. */
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t w = write(fd, q, (size_t)n), rd = w == n ? read(fd, &a, 1) : 0;

	if (w != n)
		r = w < 0 ? -errno : -EIO;
	else if (rd != 1)
		r = rd < 0 ? -errno : -EIO;
	close(fd);
	return r ? r : a == '1' ? 1 : a == '0' ? 0 : -EPROTO;
}

int smackfs_revoke_subject(const struct smackfs *fs, const char *subject)
{
	if (label_invalid(subject))
		return -EINVAL;
	return write_file(fs->path, "revoke-subject", subject);
}

int smackfs_get_setting(const struct smackfs *fs, const char *name, char *buf, size_t len)
{
	char path[512];
	ssize_t n;
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%s", fs->path, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		err = -errno;
	else if ((size_t)n == len - 1)
		err = -EFBIG;
	close(fd);
	if (err)
		return err;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return 0;
}

int smackfs_put_setting(const struct smackfs *fs, const char *name, const char *value)
{
	/* A label list (onlycap, unconfined) is cleared by a value no label can be. */
	return write_file(fs->path, name, *value ? value : "-");
}

bool smackfs_is_table(const char *name)
{
	return !strcmp(name, "netlabel") || !strcmp(name, "ipv6host");
}

int smackfs_put_table(const struct smackfs *fs, const char *name, const char *lines)
{
	char entry[512];
	int err = 0;

	while (*lines) {
		size_t n = strcspn(lines, "\n");

		if (n > 0 && n < sizeof(entry)) {
			int e;

			memcpy(entry, lines, n);
			entry[n] = '\0';
			if ((e = write_file(fs->path, name, entry)) && !err)
				err = e;
		} else if (n && !err) {
			err = -E2BIG;
		}
		lines += n + (lines[n] == '\n');
	}
	return err;
}

int smackfs_count_rules(const struct smackfs *fs, const char *prefix)
{
	char path[512], line[2 * SMACK_LABEL_MAX + 32];
	size_t plen = strlen(prefix);
	int count = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fs->path, fs->has_load2 ? "load2" : "load");
	f = fopen(path, "re");
	if (!f)
		return -errno;
	/* Revoked rules have access "-", and smackfs does not list those. */
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, prefix, plen) == 0)
			count++;
	fclose(f);
	return count;
}

static const char *attr_path(void)
{
	/*
	 * Kernels with LSM stacking offer a SMACK-specific file; prefer it.
	 * Looked up once (procfs lookups cost, and every case sets two labels).
	 */
	static const char *path;

	if (!path)
		path = access("/proc/self/attr/smack/current", F_OK) == 0
			       ? "/proc/self/attr/smack/current"
			       : "/proc/self/attr/current";
	return path;
}

/* The label read from fd at offset 0 into buf, without a trailing newline or NUL. */
static int read_label(int fd, char *buf, size_t len)
{
	ssize_t n = pread(fd, buf, len - 1, 0);

	if (n < 0)
		return -errno;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\0'))
		n--;
	buf[n] = '\0';
	return 0;
}

int label_get_self(char *buf, size_t len)
{
	int fd = open(attr_path(), O_RDONLY | O_CLOEXEC), err;

	if (fd < 0)
		return -errno;
	err = read_label(fd, buf, len);
	close(fd);
	return err;
}

int label_set_self(const char *label)
{
	char now[SMACK_LABEL_MAX + 2];
	int fd, err = 0;
	size_t len;

	if (label_invalid(label))
		return -EINVAL;
	len = strlen(label);
	fd = open(attr_path(), O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, label, len) != (ssize_t)len)
		err = errno ? -errno : -EIO;
	/* Read back: a silently ignored write would make every case meaningless. */
	else
		err = read_label(fd, now, sizeof(now));
	close(fd);
	if (err)
		return err;
	return strcmp(now, label) == 0 ? 0 : -EPERM;
}

int label_len_nul(const char *buf, long n)
{
	return n > 0 && buf[n - 1] == '\0' ? (int)n - 1 : (int)n;
}
