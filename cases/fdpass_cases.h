/*
 * The fd-passing family: a labelled sender hands descriptors to a labelled
 * receiver in one SCM_RIGHTS message over a UNIX socketpair the sender
 * created (so SCM_SECURITY carries the sender's label S).
 *
 * Who decides: security/smack/smack_lsm.c smack_file_receive(), called by
 * net/core/scm.c scm_detach_fds() for each descriptor in order. The first
 * refusal stops the loop; that descriptor and all after it are closed and
 * MSG_CTRUNC is set. recvmsg() itself still succeeds.
 *
 * Two receive-side controls change that on recent kernels (net/core/scm.c,
 * net/unix/af_unix.c), each a version-gated axis of its own:
 *  - SO_RIGHTS_NOTRUNC (7.3): scm_recv_one_fd() puts the LSM's -errno into
 *    the refused slot and the loop goes on; MSG_CTRUNC then means only that
 *    the buffer had no room for every slot;
 *  - SO_PASSRIGHTS off (6.16): the sender's sendmsg() with SCM_RIGHTS fails
 *    with EPERM and nothing is queued for the receiver.
 * Before its version a kernel refuses the option (ENOPROTOOPT) and behaves
 * as without it.
 */
#ifndef CASES_FDPASS_CASES_H
#define CASES_FDPASS_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "expect.h"
#include "fdpass.h"
#include "gates.h"
#include "kver.h"
#include "suite.h"

enum fd_kind_id {
	FD_SOCK_STREAM, FD_SOCK_DGRAM, FD_SOCK_SEQPACKET,
	FD_FILE_RO, FD_FILE_WO, FD_FILE_RW,
	FD_PIPE_R, FD_PIPE_W, FD_FIFO_R, FD_MEMFD, FD_EVENTFD, FD_EPOLL,
	FD_TIMERFD, FD_SIGNALFD, FD_OPATH,
	FD_KIND_COUNT
};

/*
 * A descriptor kind: what smack_file_receive() wants for it (one step; a
 * socket's is a plain smk_access(), which CAP_MAC_OVERRIDE does not bypass),
 * and what it wanted before each change. Adding a kind is one row here and
 * one in fdpass_make() (fdpass_run.c); a unit test checks every kind has both.
 */
struct fd_kind {
	const char *name;
	const char *access;  /* "r", "w" or "rw": the mode it is opened with (O_PATH: "r") */
	unsigned file_type;  /* S_IF* fstat reports, 0 for an anonymous inode (not checked) */
	struct expect expect;
	struct gated gates[CASE_GATES];
};
extern const struct fd_kind fd_kinds[FD_KIND_COUNT];

enum cbuf { CBUF_AMPLE, CBUF_EXACT };

/*
 * What SCM_SECURITY carries. Stream sockets copy the sender's secid into
 * the receive cookie only when SO_PASSCRED is set (unix_stream_read_generic
 * calls unix_set_secdata() in that branch alone), so without it the secid
 * is 0 and smack_secid_to_secctx() answers "?" (smack_known_huh).
 */
enum sec_expect { SEC_NONE, SEC_FULL, SEC_TRUNC, SEC_HUH, SEC_EMPTY };

/* A receive-side socket option the receiver sets before anything is sent. */
enum rx_option {
	RX_DEFAULT,
	RX_NOTRUNC,       /* SO_RIGHTS_NOTRUNC = 1 */
	RX_NO_PASSRIGHTS, /* SO_PASSRIGHTS = 0 */
};

struct fdpass_expect {
	int delivered;
	bool ctrunc;
	enum sec_expect security;
	unsigned refused;  /* bit i: slot i holds -EACCES instead of an fd (SO_RIGHTS_NOTRUNC) */
	int option_err;    /* setsockopt() of the receive-side option: 0 or -ENOPROTOOPT */
	int send_err;      /* the sender's sendmsg(): 0, -EPERM (SO_PASSRIGHTS off), -EACCES */
};
/* Slots of the SCM_RIGHTS array the receiver gets: fds and refusals. */
int fdpass_slots(const struct fdpass_expect *e);

struct fdpass_case {
	char name[CASE_NAME_MAX];
	int nfds;
	enum fd_kind_id kinds[FDPASS_MAX_FDS];
	int channel;          /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	bool passsec;         /* SO_PASSSEC on the receiving socket */
	enum ruleset_id rules;
	enum cbuf cbuf;
	const char *sender_role, *receiver_role;
	bool keep_override;   /* receiver keeps CAP_MAC_OVERRIDE (documents the bypass) */
	enum rx_option option; /* set by the receiver before the sender sends */
	/*
	 * The receiving end's SMACK64IPIN is R's label (S sets it while it may),
	 * so a dgram send faces smack_unix_may_send(): S needs w on R.
	 */
	bool receiver_ipin;
	bool stated;          /* expectation written in the row, not derived */
	struct fdpass_expect expect;
	const char *story;    /* what the case demonstrates, for the YAML block */
};

/*
 * The expanded matrix (built once, idempotent). The cases of the receive-side
 * options come after all the others, at fdpass_option_first() and on, and
 * run as a family of their own after every other family, so the numbering of
 * the cases before them (labels, dry run) stays as it was.
 */
size_t fdpass_case_count(void);
size_t fdpass_option_first(void);
const struct fdpass_case *fdpass_case_at(size_t i);

/*
 * The version gates a case depends on: its receive-side option's first (the
 * change the newest kernels differ by), its descriptor kinds', then
 * SCM_SECURITY's.
 */
#define FDPASS_MAX_GATES (FDPASS_MAX_FDS * CASE_GATES + 2)
int fdpass_gates(const struct fdpass_case *c, const struct gate **out);

/*
 * What `kind` needs on a kernel of version kver (the engine applies its
 * gates); expect_result() of it under the case's rules and CAP_MAC_OVERRIDE
 * says whether R accepts it.
 */
const struct expect *fdpass_need(enum fd_kind_id kind, unsigned kver);
/* Control buffer size the receiver uses. */
size_t fdpass_controllen(const struct fdpass_case *c);
/*
 * Expected outcome on kernel kver when the sender's label is label_len
 * bytes long. Mirrors scm_recv(): SCM_SECURITY is put first (put_cmsg
 * truncates it and sets MSG_CTRUNC if it does not fit), then
 * scm_detach_fds() fits (controllen - sizeof(cmsghdr)) / sizeof(int) fds,
 * stopping at the first refusal, or with SO_RIGHTS_NOTRUNC writing -EACCES
 * there and going on. With SO_PASSRIGHTS off the sender gets EPERM and the
 * receiver nothing.
 */
/*
 * Whether smack_file_receive() refuses one of the descriptors that fit the
 * case's buffer on kver (a refusal SMACK would audit).
 */
bool fdpass_smack_refuses(const struct fdpass_case *c, unsigned kver, size_t label_len);
struct fdpass_expect fdpass_expected(const struct fdpass_case *c, unsigned kver,
				     size_t label_len);
/* Same model for rows whose expectation is stated: used to cross-check them. */
struct fdpass_expect fdpass_model(const struct fdpass_case *c, unsigned kver,
				  size_t label_len);

const char *channel_name(int type);

#endif
