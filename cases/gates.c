/*
 * The upstream changes that move an expectation (gates.h), oldest first.
 * `source` says how each release was established: our own guests
 * (measured), stable review mails and release notes, or a diff of source
 * trees of adjacent releases. Where a commit id was not seen in any text it
 * is left NULL rather than guessed; the subject then names the change.
 */
#include "gates.h"

/* Before it a socket was checked like a file: its sockfs inode is labelled "_". */
const struct gate socket_receive_gate = {
	.since = KV(4, 5, 0), .commit = "79be093500791cc25cc31bcaec5a4db62e21497b",
	.subject = "Smack: File receive for sockets",
	.source = "mainline 4.5; measured: absent in 4.4.121, present in 4.9.229"};

/*
 * smack_from_secid() maps a secid it does not know to "?" (smack_known_huh);
 * before, to "" (smack_known_invalid), which the same change removed from
 * smack_access.c, smack.h, smackfs.c and smack_lsm.c.
 */
const struct gate huh_gate = {
	.since = KV(4, 10, 0), .commit = NULL,
	.subject = "Smack: smack_known_invalid removed, unknown secids map to smack_known_huh",
	.source = "tree diff: smack_known_invalid in 4.9.229, gone in 4.10, 4.11.0 to 4.14.67; "
		  "no 4.9.y or 4.4.y backport seen; commit id not seen in any text"};

/* socketpair() ends learn each other's label through the new LSM hook. */
const struct gate socketpair_gate = {
	.since = KV(4, 18, 0), .commit = NULL,
	.subject = "smack: provide socketpair callback",
	.source = "tree diff: smack_socket_socketpair absent in 4.17.0, present in 4.18.0; "
		  "release confirmed by the selinux sibling 0b811db2cb2a (\"socketpair(2) in "
		  "Linux 4.18\"); commit id not seen in any text"};

/* smack_key_permission() returns 0 for a task with CAP_MAC_OVERRIDE. */
const struct gate key_override_gate = {
	.since = KV(4, 16, 0), .commit = "d19dfe58b7ecb",
	.subject = "Smack: Privilege check on key operations",
	.source = "tree diff: absent in 4.14.67, present in 4.16.13; abbreviated id from the "
		  "stable bot's dependency list for 4.14.188/4.9.230/4.4.230 (not backported there)"};

/* Before, view and search were a request for no access, which any rule R S grants. */
const struct gate key_view_gate = {
	.since = KV(5, 0, 0), .commit = "5b841bfab695e3b8ae793172a9ff7990f99cc3e2",
	.subject = "smack: fix access permissions for keyring",
	.source = "tree diff: absent in 4.20.0, in 5.0; stable-queue 2019-02 (\"[ Upstream commit "
		  "5b841bfab695 ]\"): 4.4.175, 4.9.156, 4.14.99; the 4.19.y release not seen, "
		  "4.19.72 is where we measured it (an upper bound)",
	.backports = {KV(4, 4, 175), KV(4, 9, 156), KV(4, 14, 99), KV(4, 19, 72)}};

const struct gate pidfd_open_gate = {
	.since = KV(5, 3, 0), .commit = "32fcb426ec001cb6d5a4a195091a8486ea77e2df",
	.subject = "pid: add pidfd_open()",
	.source = "mainline 5.3 (pidfd_open(2)); ENOSYS before, measured on 4.4.121 to 4.19.72"};

const struct gate pidfd_getfd_gate = {
	.since = KV(5, 6, 0), .commit = "8649c322f75c96e7ced2fec201e123b2b073bf09",
	.subject = "pid: Implement pidfd_getfd syscall",
	.source = "mainline 5.6 (pidfd_getfd(2) cites the commit); ENOSYS before, measured on "
		  "5.4.286"};

/*
 * KEY_NEED_* became an enum: keyctl_read()'s lookup for no permission is
 * KEY_NEED_UNSPECIFIED, which smack_key_permission() lets pass. Before, it
 * was a mask of 0, which SMACK refused without any rule R S (ENOKEY).
 */
const struct gate key_enum_gate = {
	.since = KV(5, 8, 0), .commit = "8c0637e950d68933a67f7438f779d79b049b5e5c",
	.subject = "keys: Make the KEY_NEED_* perms an enum rather than a mask",
	.source = "mainline 5.8 (the 5.8 keys pull; Lustre's configure cites it); tree diff: "
		  "mask in 5.4.286, enum in 5.10.89; no backport"};

/*
 * Asked for SMACK64TRANSMUTE, smack_inode_getsecurity() answers "" for a
 * directory that does not transmute; before, the filesystem answered, and a
 * tmpfs directory without the xattr has none: ENODATA.
 */
const struct gate transmute_get_gate = {
	.since = KV(6, 5, 0), .commit = "3a3d8fce31a49363cc31880dce5e3b0617c9c38b",
	.subject = "smack: Retrieve transmuting information in smack_inode_getsecurity()",
	.source = "mainline 6.5 (Smack pull for 6.5); stable review mails of 2023-10: "
		  "6.1.56, 5.15.134, 5.10.198, 5.4.258; measured present in 5.4.286 and "
		  "5.15.135, absent in 5.10.89",
	.backports = {KV(5, 4, 258), KV(5, 10, 198), KV(5, 15, 134), KV(6, 1, 56)}};

/*
 * unix_stream_connect() allocates the accepted sock in the connecting task,
 * so smack_sk_alloc_security() gave it the connector's label; since this
 * change smack_unix_stream_connect() copies the listener's smk_in/smk_out.
 */
const struct gate accept_label_gate = {
	.since = KV(6, 11, 0), .commit = "e86cac0acdb1a74f608bacefe702f2034133a047",
	.subject = "smack: unix sockets: fix accept()ed socket label",
	.source = "mainline 6.11 (Smack pull for 6.11); stable review mails of 2024-09-10: "
		  "4.19.322, 5.4.284, 5.10.226, 5.15.167, 6.1.110, 6.6.51; measured present in "
		  "5.4.286, 6.1.192, 6.6.87, absent in 5.10.89 and 5.15.135",
	.backports = {KV(4, 19, 322), KV(5, 4, 284), KV(5, 10, 226), KV(5, 15, 167),
		      KV(6, 1, 110), KV(6, 6, 51)}};

/*
 * Before this change smack_inet_conn_request() labelled the SYN-ACK with the
 * SYN's label (R), so R's socket accepted it under any rule (R w R).
 */
const struct gate synack_gate = {
	.since = KV(6, 11, 0), .commit = "2fe209d0ad2e2729f7e22b9b31a86cc3ff0db550",
	.subject = "smack: tcp: ipv4, fix incorrect labeling",
	.source = "mainline 6.11 (Smack pull for 6.11); stable review mails of 2024-09: "
		  "6.6.50, 6.1.109 (09-05), 5.15.167, 5.10.226, 5.4.284, 4.19.322 (09-10); "
		  "measured present in 5.4.286, 6.1.192, 6.6.87, absent in 5.10.89 and 5.15.135",
	.backports = {KV(4, 19, 322), KV(5, 4, 284), KV(5, 10, 226), KV(5, 15, 167),
		      KV(6, 1, 109), KV(6, 6, 50)}};

/*
 * SO_PASSRIGHTS: sk_setsockopt() sets sk_scm_rights (1 from unix_create1());
 * unix_dgram_sendmsg() (seqpacket too), unix_stream_sendmsg() and
 * queue_oob() fail a message that carries fds with EPERM when the peer has
 * it off - in dgram before security_unix_may_send().
 */
const struct gate passrights_gate = {
	.since = KV(6, 16, 0), .commit = "77cbe1a6d8730a07f99f9263c2d5f2304cf5e830",
	.subject = "af_unix: Introduce SO_PASSRIGHTS.",
	.source = "mainline 6.16: systemd's missing_socket.h (\"Supported since kernel v6.16 "
		  "(77cbe1a6...)\"), kernel.org revlist of 2025-06-03, LWN 1023085; before it "
		  "setsockopt says ENOPROTOOPT"};

/*
 * SO_RIGHTS_NOTRUNC: unix_setsockopt() sets scm_rights_notrunc;
 * scm_recv_one_fd() does `return notrunc ? put_user(error, ufd) : error` on
 * an LSM refusal (the compat path too).
 */
const struct gate notrunc_gate = {
	.since = KV(7, 3, 0), .commit = "fd8756fa1487577535d6294ae7cc67888b19ae2a",
	.subject = "net: af_unix: useful handling of LSM denials on SCM_RIGHTS",
	.source = "mainline 7.3: kernel.org post-receive revlists of 2026-08 (beside the merge "
		  "of 'net-af_unix-useful-handling-of-lsm-denials-on-scm_rights') and Debian's "
		  "7.3.4 source; the commit's diff itself not seen"};
