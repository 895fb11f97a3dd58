/*
 * Keys S creates and R uses by serial number. A key carries its creator's
 * label (smack_key_alloc) and smack_key_permission() turns what keyctl needs
 * into SMACK access: read, search and view need r; write, link and setattr
 * need w; CAP_MAC_OVERRIDE skips the check. S opens the key's DAC
 * permissions to everyone first, so SMACK alone decides.
 *
 * Older kernels differ (measured on 4.4.121 to 5.15.135, read in their
 * smack_lsm.c and keyctl.c; neither commit identified):
 *  - before 4.19 smack_key_permission() has no CAP_MAC_OVERRIDE check
 *    (4.9.229 lacks it too);
 *  - before 4.19 it maps view and search to no access at all, which any rule
 *    R->S grants; 4.9.229 already maps them to r (a stable backport), 4.14.67
 *    does not;
 *  - before 5.10 (KEY_NEED_* still a bit mask) keyctl_read() first looks the
 *    key up with permission 0, which SMACK refuses without any rule R->S;
 *    keyctl_read() then reports ENOKEY.
 */
#include "scenario.h"

#include <errno.h>
#include <keyutils.h>
#include <stdio.h>
#include <unistd.h>

#define ALL_PERMS 0x3f3f3f3f

/* A keyring in S's process keyring, with one user key in it. */
static int new_key(struct sc_shm *m, const char *d)
{
	key_serial_t kr, k;

	(void)d;
	snprintf(m->path, sizeof(m->path), "sipc-key-%d", (int)getpid());
	kr = add_key("keyring", "sipc-ring", NULL, 0, KEY_SPEC_PROCESS_KEYRING);
	if (kr < 0 || keyctl_setperm(kr, ALL_PERMS))
		return -errno;
	k = add_key("user", m->path, "data", 4, kr);
	if (k < 0 || keyctl_setperm(k, ALL_PERMS))
		return -errno;
	m->id = k;
	m->fd_hold = kr;
	return 0;
}

static int rc(long r) { return r < 0 ? -errno : 0; }

static int key_read(struct sc_shm *m, const char *d)
{
	char buf[16];

	(void)d;
	return rc(keyctl_read(m->id, buf, sizeof(buf)));
}

static int key_update(struct sc_shm *m, const char *d) { (void)d; return rc(keyctl_update(m->id, "new", 3)); }
static int key_setperm(struct sc_shm *m, const char *d) { (void)d; return rc(keyctl_setperm(m->id, ALL_PERMS)); }

static int key_describe(struct sc_shm *m, const char *d)
{
	char buf[256];

	(void)d;
	return rc(keyctl_describe(m->id, buf, sizeof(buf)));
}

/* Link S's key into R's own process keyring (R's label: always writable for R). */
static int key_link(struct sc_shm *m, const char *d) { (void)d; return rc(keyctl_link(m->id, KEY_SPEC_PROCESS_KEYRING)); }

static int ring_search(struct sc_shm *m, const char *d)
{
	(void)d;
	return rc(keyctl_search(m->fd_hold, "user", m->path, 0));
}

static void drop_key(struct sc_shm *m)
{
	keyctl_revoke(m->id);
	keyctl_revoke(m->fd_hold);
}

static const struct gate key_override_gate = {
	.since = KV(4, 19, 0), .commit = NULL,
	.subject = "smack_key_permission honours CAP_MAC_OVERRIDE (commit not identified; "
		   "absent in 4.9.229 and 4.14.67, present in 4.19.72)"};
static const struct gate key_view_gate = {
	.since = KV(4, 19, 0), .commit = NULL,
	.subject = "smack_key_permission: view and search need r (commit not identified; "
		   "absent in 4.4.121 and 4.14.67, present in 4.9.229 as a backport and 4.19.72)",
	.backports = {KV(4, 9, 229)}};
static const struct gate key_enum_gate = {
	.since = KV(5, 10, 0), .commit = NULL,
	.subject = "KEY_NEED_UNSPECIFIED lookups pass SMACK (commit not identified; "
		   "after 5.4.286, in 5.10.89)"};

/* Any rule R->S with some access: what a request for no access needs. */
static bool any_rule(enum ruleset_id rs)
{
	return rs == RS_RS_W || rs == RS_BOTH_W || rs == RS_RS_R || rs == RS_RS_RW;
}

static int key_expect(enum need need, bool view_or_search, bool read, enum ruleset_id rs,
		      bool ov, unsigned kver)
{
	if (ov && !gate_applies_old(&key_override_gate, kver))
		return 0;
	if (read && gate_applies_old(&key_enum_gate, kver) && !any_rule(rs))
		return -ENOKEY;
	if (view_or_search && gate_applies_old(&key_view_gate, kver))
		return any_rule(rs) ? 0 : -EACCES;
	return fdpass_allowed(need, rs, false) ? 0 : -EACCES;
}

static int exp_read(enum ruleset_id rs, bool ov, unsigned k) { return key_expect(NEED_R, false, true, rs, ov, k); }
static int exp_r(enum ruleset_id rs, bool ov, unsigned k) { return key_expect(NEED_R, true, false, rs, ov, k); }
static int exp_w(enum ruleset_id rs, bool ov, unsigned k) { return key_expect(NEED_W, false, false, rs, ov, k); }

/* keyctl_get_security: smack_key_getsecurity() answers the key's label (its creator's). */
static int key_security(struct sc_shm *m, const char *d)
{
	long n = keyctl_get_security(m->id, m->out, sizeof(m->out));

	(void)d;
	if (n < 0)
		return -errno;
	m->out_len = n > 0 && m->out[n - 1] == '\0' ? (int)n - 1 : (int)n;
	return 0;
}

static const char *is_s(unsigned kver) { (void)kver; return "S"; }

#define K(name, need, why, act, exp, gate)                                                    \
	{name, need, EACCES, why, new_key, act, drop_key, exp, false, NULL, NULL, 0, gate, drop_key, NULL, false}

static const struct scenario keys[] = {
	K("key_read", NEED_R, "smack_key_permission KEY_NEED_READ: r", key_read, exp_read, &key_enum_gate),
	K("key_update", NEED_W, "smack_key_permission KEY_NEED_WRITE: w", key_update, exp_w, &key_override_gate),
	K("key_describe", NEED_R, "smack_key_permission KEY_NEED_VIEW: r", key_describe, exp_r, &key_view_gate),
	K("key_setperm", NEED_W, "smack_key_permission KEY_NEED_SETATTR: w", key_setperm, exp_w, &key_override_gate),
	K("key_link_into_own_keyring", NEED_W, "smack_key_permission KEY_NEED_LINK: w", key_link, exp_w, &key_override_gate),
	K("keyring_search", NEED_R, "smack_key_permission KEY_NEED_SEARCH on the keyring: r", ring_search, exp_r, &key_view_gate),
	{"get_security_is_creator_label", NEED_NONE, 0, "smack_key_getsecurity: the key's smack label",
	 new_key, key_security, drop_key, NULL, false, is_s, NULL, RS_RS_R, NULL, drop_key, NULL, false},
};

SCENARIO_FAMILY(keys_family, "keys", keys, NULL);

