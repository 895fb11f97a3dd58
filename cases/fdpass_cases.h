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

#include "fdpass.h"
#include "kver.h"
#include "suite.h"

/* What the receiver R needs for one descriptor to be accepted. */
enum need {
	NEED_NONE, /* S_PRIVATE anonymous inode: smack_file_receive returns 0 */
	NEED_R,    /* FMODE_READ: R needs r on the inode label (S) */
	NEED_W,    /* FMODE_WRITE: R needs w on S */
	NEED_RW,   /* both modes: R needs rw on S */
	NEED_SOCK, /* socket: R needs w on smk_out (S) and smk_in (S) needs w on R */
	/*
	 * Before 4.5 a socket was checked like a file: its sockfs inode has the
	 * floor label "_" (smk_root of sockfs), opened read-write, so R needs
	 * w on "_" - a rule none of our rule sets contains.
	 */
	NEED_FLOOR_RW,
	/*
	 * An O_PATH file has neither FMODE_READ nor FMODE_WRITE: smk_curacc()
	 * asks for no access, which any rule R->S (with some access) grants and
	 * the absence of a rule refuses.
	 */
	NEED_ANY,
};

enum fd_kind_id {
	FD_SOCK_STREAM, FD_SOCK_DGRAM, FD_SOCK_SEQPACKET,
	FD_FILE_RO, FD_FILE_WO, FD_FILE_RW,
	FD_PIPE_R, FD_PIPE_W, FD_FIFO_R, FD_MEMFD, FD_EVENTFD, FD_EPOLL,
	FD_TIMERFD, FD_SIGNALFD, FD_OPATH,
	FD_KIND_COUNT
};

struct fd_kind {
	const char *name;
	enum need need;
	const char *why;      /* the check that decides, for the YAML block */
	struct gate gate;     /* kernels before gate.since need `before` */
	enum need before;
};
extern const struct fd_kind fd_kinds[FD_KIND_COUNT];

enum ruleset_id {
	RS_NONE, RS_RS_W, RS_SR_W, RS_BOTH_W, RS_RS_R, RS_RS_RW, RS_COUNT,
	/* Only for value scenarios (fixed rules): the matrices cross the six above. */
	RS_RS_RWX = RS_COUNT, RS_RS_RWXT, RS_ALL
};
struct ruleset {
	const char *name;
	int n;
	struct rule_spec rules[2];
};
extern const struct ruleset rulesets[RS_ALL];

enum cbuf { CBUF_AMPLE, CBUF_EXACT };

/*
 * What SCM_SECURITY carries. Stream sockets copy the sender's secid into
 * the receive cookie only when SO_PASSCRED is set (unix_stream_read_generic
 * calls unix_set_secdata() in that branch alone), so without it the secid
 * is 0 and smack_secid_to_secctx() answers "?" (smack_known_huh).
 */
enum sec_expect { SEC_NONE, SEC_FULL, SEC_TRUNC, SEC_HUH, SEC_EMPTY };
/* Old kernels answered "" (smack_known_invalid) for that unknown secid. */
extern const struct gate huh_gate;
/* Since this change an accept()ed UNIX socket has the listener's labels, before it the connector's. */
extern const struct gate accept_label_gate;

/* A receive-side socket option the receiver sets before anything is sent. */
enum rx_option {
	RX_DEFAULT,
	RX_NOTRUNC,       /* SO_RIGHTS_NOTRUNC = 1 */
	RX_NO_PASSRIGHTS, /* SO_PASSRIGHTS = 0 */
};
extern const struct gate notrunc_gate, passrights_gate;

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
#define FDPASS_MAX_GATES (FDPASS_MAX_FDS + 2)
int fdpass_gates(const struct fdpass_case *c, const struct gate **out);

/*
 * Does ruleset rs let R accept a descriptor that needs `need`? `override`:
 * R holds CAP_MAC_OVERRIDE, which smk_curacc() honours (files, and sockets
 * before 4.5) but the socket branch's plain smk_access() does not.
 */
bool fdpass_allowed(enum need need, enum ruleset_id rs, bool override);
/* What `kind` needs on a kernel of version kver (version gate applied). */
enum need fdpass_need(enum fd_kind_id kind, unsigned kver);
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
struct fdpass_expect fdpass_expected(const struct fdpass_case *c, unsigned kver,
				     size_t label_len);
/* Same model for rows whose expectation is stated: used to cross-check them. */
struct fdpass_expect fdpass_model(const struct fdpass_case *c, unsigned kver,
				  size_t label_len);

const char *channel_name(int type);

/* Record which step of a role failed and how (stage is a char array in shared memory). */
#define stage_error(errp, stage, e, what) \
	((void)(*(errp) = (e)), (void)snprintf((stage), sizeof(stage), "%s", (what)))

/* YAML shared by every family: the rules loaded, and a version gate under `key`. */
void yaml_rules(struct yaml *y, enum ruleset_id rs, const struct case_ctx *ctx);
void yaml_gate(struct yaml *y, const char *key, const struct gate *g, unsigned kver);

#endif
