/*
 * The kernel's own account of a case: SMACK's audit records, read from the
 * audit netlink's read-only multicast group (AUDIT_NLGRP_READLOG, 3.16+).
 * That group is a listener beside the audit daemon, never instead of it:
 * a board's auditd keeps running and keeps its log. Needs CAP_AUDIT_READ
 * (and CAP_AUDIT_WRITE for the marker).
 */
#ifndef SUITE_AUDIT_H
#define SUITE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#define AUDIT_REC_MAX 8

/* One SMACK record (lsm=SMACK), its fields as the kernel wrote them. */
struct audit_rec {
	char fn[48];        /* the hook, e.g. smack_file_receive */
	char action[12];    /* denied, granted, bringup */
	char subject[260];  /* labels as logged (unquoted) */
	char object[260];
	char requested[16]; /* e.g. "r", "w"; "" when the record says labels_differ */
};

/*
 * Join the read-only group. Returns the socket, or -errno: -EPROTONOSUPPORT
 * (no CONFIG_AUDIT), -EPERM (no CAP_AUDIT_READ), -ENOENT (no such group).
 */
int audit_listen(void);

/*
 * Parse the text of one record. Returns true for a SMACK record whose
 * subject or object contains `match` (NULL: any), with *r filled.
 */
bool audit_parse(const char *text, size_t len, const char *match, struct audit_rec *r);

/*
 * Send a marker (a USER_AVC record, which the kernel takes even with
 * auditing off) that comes back through the group after every record
 * queued before it; its tag (match and a time) goes to tag. Returns 0 or
 * -errno. Sent as soon as the case's processes are gone, so the kernel
 * delivers the records while the runner cleans up.
 */
int audit_mark(int fd, const char *match, char *tag, size_t len);

/*
 * Read the group until the marker `tag` arrives: the records that name
 * `match` go to out[] (at most max). Returns how many were found; *more
 * counts those past max. -ETIMEDOUT: the marker never came within
 * timeout_ms (a fault guard, not a wait); -ENOBUFS: the socket overflowed,
 * so records were lost.
 */
int audit_collect(int fd, const char *tag, const char *match, struct audit_rec *out, int max,
		  int *more, unsigned timeout_ms);

/*
 * A stand-in audit daemon, for the guest's test that the suite leaves a
 * running auditd alone: register as the daemon (AUDIT_SET pid), append
 * every record it is sent to log_path, and on SIGTERM write whether it is
 * still the registered daemon, unregister and return 0 (3: set up failed).
 * The stop signals must be blocked (it reads them with a signalfd).
 */
int audit_standin(const char *log_path);

#endif
