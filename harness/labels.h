/* SMACK labels and access rules: validation, formatting, smackfs writes. */
#ifndef SUITE_LABELS_H
#define SUITE_LABELS_H

#include <stdbool.h>
#include <stddef.h>

#define SMACK_LABEL_MAX 255   /* SMK_LONGLABEL - 1 */
#define SMACK_LOAD_LABEL 23   /* fixed-width label field of the old `load` file */

/*
 * Why a label or access string is invalid, or NULL when it is valid.
 * Labels: 1..255 printable ASCII, none of space, slash, quotes or
 * backslash (smk_parse_smack); single-character labels other than a
 * letter or digit are reserved (_ ^ * ? @), and "-" starts an option.
 */
const char *label_invalid(const char *label);
/* Access strings: letters rwxatbl (any case) and '-', at least one char. */
const char *access_invalid(const char *access);

/* "subject object access" for load2; false if the result does not fit. */
bool rule_format_load2(char *buf, size_t len, const char *subject,
		       const char *object, const char *access);
/*
 * The fixed-width `load` format: "%-23s %-23s %5s" (access as "rwxat"
 * columns); false if a label is longer than 23 characters.
 */
bool rule_format_load(char *buf, size_t len, const char *subject,
		      const char *object, const char *access);

/* A smackfs handle: where it is mounted and which files it offers. */
struct smackfs {
	char path[256];
	bool has_load2;
	bool has_revoke;
};

/* Write one rule; returns 0 or -errno. Falls back to `load` without load2. */
int smackfs_set_rule(const struct smackfs *fs, const char *subject,
		     const char *object, const char *access);
/* Set every rule with this subject to "-" (revoke-subject). */
/* The kernel's policy answer (smackfs access2): 1 allowed, 0 denied, or -errno. */
int smackfs_access(const struct smackfs *fs, const char *subject, const char *object,
		   const char *access);
int smackfs_revoke_subject(const struct smackfs *fs, const char *subject);
/*
 * Global settings (onlycap, ambient, ...): a file's content without trailing
 * whitespace; 0 or -errno (-EFBIG when it does not fit).
 */
int smackfs_get_setting(const struct smackfs *fs, const char *name, char *buf, size_t len);
/* Write a setting; an empty value clears a label list such as onlycap. */
int smackfs_put_setting(const struct smackfs *fs, const char *name, const char *value);
/*
 * Settings that are tables (netlabel, ipv6host): one entry per line, keyed
 * by its address, and written one entry per write(). Writing an entry
 * back restores its label; no kernel (4.4 to 7.3) can remove an IPv4
 * entry (smk_write_net4addr knows only -CIPSO; ipv6host's -DELETE only
 * unlabels), so an entry added since cannot be taken out again.
 */
bool smackfs_is_table(const char *name);
/* Write every line of `lines` as one entry; 0 or the first -errno. */
int smackfs_put_table(const struct smackfs *fs, const char *name, const char *lines);
/* Count rules in load2 (or load) whose subject starts with prefix; -errno on error. */
int smackfs_count_rules(const struct smackfs *fs, const char *prefix);

/* The caller's own label (trailing NUL, no newline); 0 or -errno. */
int label_get_self(char *buf, size_t len);
/* Set the caller's label (needs CAP_MAC_ADMIN); 0 or -errno. */
int label_set_self(const char *label);
/*
 * Length of a label the kernel handed back (SO_PEERSEC, keyctl_get_security)
 * without the NUL it may count: the NUL is not part of the label.
 */
int label_len_nul(const char *buf, long n);

#endif
