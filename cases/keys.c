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
#include "gates.h"
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

/* keyctl_get_security: smack_key_getsecurity() answers the key's label (its creator's). */
static int key_security(struct sc_shm *m, const char *d)
{
	long n = keyctl_get_security(m->id, m->out, sizeof(m->out));

	(void)d;
	if (n < 0)
		return -errno;
	m->out_len = label_len_nul(m->out, (long)n);
	return 0;
}

#define KEY .prepare = new_key, .cleanup = drop_key, .reclaim = drop_key
/* Before smack_key_permission checked smack_privileged(CAP_MAC_OVERRIDE). */
#define NO_OVERRIDE(need) {&key_override_gate, {.steps = {{need, EACCES, .no_override = true}}}}
/* Before view and search needed r: a request for no access, which any rule R S grants. */
#define VIEW_ANY {&key_view_gate, {.steps = {{NEED_ANY, EACCES, .no_override = true}}}}
/*
 * keyctl_read() looked the key up for no permission first (KEY_NEED_* a
 * mask), which SMACK refuses without any rule R S: ENOKEY, then r.
 */
#define LOOKUP_ANY(ov) {.steps = {{NEED_ANY, ENOKEY, .no_override = !(ov)}, {NEED_R, EACCES, .no_override = !(ov)}}}

static const struct scenario keys[] = {
	{.name = "key_read", KEY, .act = key_read,
	 .expect = {.why = "smack_key_permission KEY_NEED_READ: r", .steps = {{NEED_R, EACCES}}},
	 .gates = {{&key_enum_gate, LOOKUP_ANY(true)}, {&key_override_gate, LOOKUP_ANY(false)}}},
	{.name = "key_update", KEY, .act = key_update,
	 .expect = {.why = "smack_key_permission KEY_NEED_WRITE: w", .steps = {{NEED_W, EACCES}}},
	 .gates = {NO_OVERRIDE(NEED_W)}},
	{.name = "key_describe", KEY, .act = key_describe,
	 .expect = {.why = "smack_key_permission KEY_NEED_VIEW: r", .steps = {{NEED_R, EACCES}}},
	 .gates = {NO_OVERRIDE(NEED_R), VIEW_ANY}},
	{.name = "key_setperm", KEY, .act = key_setperm,
	 .expect = {.why = "smack_key_permission KEY_NEED_SETATTR: w", .steps = {{NEED_W, EACCES}}},
	 .gates = {NO_OVERRIDE(NEED_W)}},
	{.name = "key_link_into_own_keyring", KEY, .act = key_link,
	 .expect = {.why = "smack_key_permission KEY_NEED_LINK: w", .steps = {{NEED_W, EACCES}}},
	 .gates = {NO_OVERRIDE(NEED_W)}},
	{.name = "keyring_search", KEY, .act = ring_search,
	 .expect = {.why = "smack_key_permission KEY_NEED_SEARCH on the keyring: r",
		    .steps = {{NEED_R, EACCES}}},
	 .gates = {NO_OVERRIDE(NEED_R), VIEW_ANY}},
	{.name = "get_security_is_creator_label", KEY, .act = key_security, .rules = RS_RS_R,
	 .expect = {.why = "smack_key_getsecurity: the key's smack label", .value = "S"}},
};

SCENARIO_FAMILY(keys_family, "keys", keys, NULL, false);

