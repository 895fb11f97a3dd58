/*
 * Peer labels on UNIX sockets: what SO_PEERSEC and SCM_SECURITY tell R
 * about S. Values are tokens: "S"/"R" for the case's labels, errno names,
 * or quoted literals. The decisive code:
 *  - SO_PEERSEC: smack_socket_getpeersec_stream() returns smk_packet's
 *    label (with its NUL), or "" when there is none; ERANGE for a short
 *    buffer. socketpair() sets smk_packet to the peer's smk_out through
 *    smack_socket_socketpair(), which 4.14.67 lacks and 4.19.72 has;
 *    connect() sets it in smack_unix_stream_connect().
 *  - SCM_SECURITY: the sending socket's smk_out (its creator's label at
 *    creation), through smack_socket_getpeersec_dgram() at send time; stream
 *    receives copy the secid only with SO_PASSCRED (else "?", "" before 4.14).
 */
#include "gates.h"
#include "scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <unistd.h>

static int pair_of(struct sc_shm *m, int type)
{
	return socketpair(AF_UNIX, type, 0, m->pair) ? -errno : 0;
}

static int pair_stream(struct sc_shm *m) { return pair_of(m, SOCK_STREAM); }
static int pair_dgram(struct sc_shm *m) { return pair_of(m, SOCK_DGRAM); }
static int pair_seqpacket(struct sc_shm *m) { return pair_of(m, SOCK_SEQPACKET); }


/* SO_PEERSEC on R's end; the NUL the kernel counts is not part of the label. */
static int peersec_len(struct sc_shm *m, int fd, socklen_t len)
{
	socklen_t n = len;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERSEC, m->out, &n)) {
		m->out_len = -errno;
		return 0;
	}
	m->out_len = label_len_nul(m->out, (long)n);
	return 0;
}

static int peersec_pair(struct sc_shm *m, const char *d) { (void)d; return peersec_len(m, m->pair[1], sizeof(m->out)); }
static int peersec_short(struct sc_shm *m, const char *d) { (void)d; return peersec_len(m, m->pair[1], 2); }

static int peersec_unconnected(struct sc_shm *m, const char *d)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	(void)d;
	if (fd < 0)
		return -errno;
	peersec_len(m, fd, sizeof(m->out));
	close(fd);
	return 0;
}

/* S listens on an abstract address; R connects and asks who the peer is. */
static int listener(struct sc_shm *m, const char *d)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	(void)d;
	snprintf(a.sun_path + 1, sizeof(a.sun_path) - 1, "sipc-peer-%d", (int)getpid());
	memcpy(m->path, a.sun_path, sizeof(a.sun_path));
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 2))
		return -errno;
	m->fd_hold = fd;
	return 0;
}

static int peersec_connected(struct sc_shm *m, const char *d)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM, 0), rc;

	(void)d;
	memcpy(a.sun_path, m->path, sizeof(a.sun_path));
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)))
		return -errno;
	rc = peersec_len(m, fd, sizeof(m->out));
	close(fd);
	return rc;
}

static void close_listener(struct sc_shm *m) { close(m->fd_hold); }

/* The listener made before R is forked, so R holds it too and can accept. */
static int shared_listener(struct sc_shm *m) { return listener(m, NULL); }

/* R connects to S's listener and accepts: which label has the accepted socket? */
static int accepted_ipout(struct sc_shm *m, const char *d)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	int c = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), acc;
	ssize_t n;

	(void)d;
	memcpy(a.sun_path, m->path, sizeof(a.sun_path));
	if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof(a)))
		return -errno;
	acc = accept4(m->fd_hold, NULL, NULL, SOCK_CLOEXEC);
	if (acc < 0)
		return -errno;
	n = fgetxattr(acc, "security.SMACK64IPOUT", m->out, sizeof(m->out));
	m->out_len = n < 0 ? -errno : (int)n;
	close(acc);
	close(c);
	return 0;
}


/* S sends one byte (and maybe a descriptor) on pair[0]; R receives on pair[1]. */
static int send_byte(struct sc_shm *m, const char *d)
{
	(void)d;
	return fdpass_send(m->pair[0], NULL, 0);
}

/* An eventfd: its S_PRIVATE inode passes smack_file_receive whatever the rules. */
static int send_fd(struct sc_shm *m, const char *d)
{
	int fd = eventfd(0, EFD_CLOEXEC), e;

	(void)d;
	if (fd < 0)
		return -errno;
	e = fdpass_send(m->pair[0], &fd, 1);
	close(fd);
	return e;
}

/* S takes a new label after making the socket, then sends: whose label travels? */
static int relabel_then_send(struct sc_shm *m, const char *d)
{
	char label[300];
	int e;

	(void)d;
	snprintf(label, sizeof(label), "%s2", m->sender);
	if ((e = label_set_self(label)))
		return e;
	return fdpass_send(m->pair[0], NULL, 0);
}

static int receive_label(struct sc_shm *m, bool passcred)
{
	struct recv_obs o;
	int one = 1;

	if (setsockopt(m->pair[1], SOL_SOCKET, SO_PASSSEC, &one, sizeof(one)) ||
	    (passcred && setsockopt(m->pair[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one))))
		return -errno;
	fdpass_recv(m->pair[1], 4096, 0, &o);
	if (o.ret < 0)
		return -o.err;
	m->out_len = !o.has_security ? -ENODATA
		     : o.security_len < sizeof(m->out) ? (int)o.security_len : (int)sizeof(m->out);
	memcpy(m->out, o.security, o.security_len < sizeof(m->out) ? o.security_len : sizeof(m->out));
	return 0;
}

static int scm_plain(struct sc_shm *m, const char *d) { (void)d; return receive_label(m, false); }
static int scm_passcred(struct sc_shm *m, const char *d) { (void)d; return receive_label(m, true); }

/* msg_control NULL while a descriptor is queued: MSG_CTRUNC, the fd is lost. */
static int no_control(struct sc_shm *m, const char *d)
{
	char byte;
	struct iovec iov = {&byte, 1};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};

	(void)d;
	if (recvmsg(m->pair[1], &msg, 0) != 1)
		return -errno;
	m->out_len = snprintf(m->out, sizeof(m->out), "%s",
			      msg.msg_flags & MSG_CTRUNC ? "ctrunc, no fd" : "no ctrunc");
	return 0;
}

static int cmsg_cloexec(struct sc_shm *m, const char *d)
{
	struct recv_obs o;
	int fl;

	(void)d;
	fdpass_recv(m->pair[1], 4096, MSG_CMSG_CLOEXEC, &o);
	if (o.ret < 0 || o.nfds != 1)
		return o.ret < 0 ? -o.err : -EBADMSG;
	fl = fcntl(o.fds[0], F_GETFD);
	m->out_len = snprintf(m->out, sizeof(m->out), "%s", fl & FD_CLOEXEC ? "cloexec" : "inheritable");
	fdpass_close(&o);
	return 0;
}

static void close_pair(struct sc_shm *m)
{
	close(m->pair[0]);
	close(m->pair[1]);
}

#define PAIR_WHY "smack_socket_socketpair sets smk_packet; smack_socket_getpeersec_stream"
#define SCM_WHY "smack_socket_getpeersec_dgram: smk_out of the sending socket"
/* Without the socketpair hook smk_packet is NULL: "" with its NUL, which fits any buffer. */
#define NO_PAIR_HOOK {&socketpair_gate, {.value = "\"\""}}
#define PAIR(type) .before_fork = type, .cleanup = close_pair

static const struct scenario peer[] = {
	{.name = "so_peersec_socketpair_stream_is_sender", PAIR(pair_stream), .act = peersec_pair,
	 .expect = {.why = PAIR_WHY, .value = "S"}, .gates = {NO_PAIR_HOOK}},
	{.name = "so_peersec_socketpair_dgram_is_sender", PAIR(pair_dgram), .act = peersec_pair,
	 .expect = {.why = PAIR_WHY, .value = "S"}, .gates = {NO_PAIR_HOOK}},
	{.name = "so_peersec_socketpair_seqpacket_is_sender", PAIR(pair_seqpacket),
	 .act = peersec_pair, .expect = {.why = PAIR_WHY, .value = "S"}, .gates = {NO_PAIR_HOOK}},
	{.name = "so_peersec_short_buffer_is_erange", PAIR(pair_stream), .act = peersec_short,
	 .expect = {.why = "smack_socket_getpeersec_stream: slen > len", .value = "ERANGE"},
	 .gates = {NO_PAIR_HOOK}},
	{.name = "so_peersec_unconnected_is_empty", .act = peersec_unconnected,
	 .expect = {.why = "smk_packet NULL: \"\" with its NUL", .value = "\"\""}},
	{.name = "so_peersec_connected_stream_is_listener", .prepare = listener,
	 .act = peersec_connected, .cleanup = close_listener, .rules = RS_BOTH_W,
	 .expect = {.why = "smack_unix_stream_connect sets the client's smk_packet", .value = "S"}},
	/* The listener's label (S) since the change, the connector's (R) before. */
	{.name = "accepted_socket_ipout_is_listener", .before_fork = shared_listener,
	 .act = accepted_ipout, .cleanup = close_listener, .rules = RS_BOTH_W,
	 .expect = {.why = "smack_unix_stream_connect copies the listener's labels to the new sock "
			   "(before: smack_sk_alloc_security in the connecting task)", .value = "S"},
	 .gates = {{&accept_label_gate, {.value = "R"}}}},
	{.name = "scm_security_stream_without_passcred_is_huh", PAIR(pair_stream),
	 .prepare = send_byte, .act = scm_plain,
	 .expect = {.why = SCM_WHY "; stream copies the secid only with SO_PASSCRED", .value = "\"?\""},
	 .gates = {{&huh_gate, {.value = "\"\""}}}},
	{.name = "scm_security_stream_with_passcred_is_sender", PAIR(pair_stream),
	 .prepare = send_byte, .act = scm_passcred, .expect = {.why = SCM_WHY, .value = "S"}},
	{.name = "scm_security_dgram_is_sender", PAIR(pair_dgram), .prepare = send_byte,
	 .act = scm_plain, .expect = {.why = SCM_WHY, .value = "S"}},
	{.name = "scm_security_dgram_with_passcred_is_sender", PAIR(pair_dgram),
	 .prepare = send_byte, .act = scm_passcred, .expect = {.why = SCM_WHY, .value = "S"}},
	{.name = "scm_security_seqpacket_is_sender", PAIR(pair_seqpacket), .prepare = send_byte,
	 .act = scm_plain, .expect = {.why = SCM_WHY, .value = "S"}},
	{.name = "scm_security_after_sender_relabel_is_creation_label", PAIR(pair_dgram),
	 .prepare = relabel_then_send, .act = scm_plain, .sender_privileged = true,
	 .expect = {.why = SCM_WHY " (fixed when the socket was made)", .value = "S"}},
	{.name = "recvmsg_null_control_with_fd_sets_ctrunc", PAIR(pair_seqpacket),
	 .prepare = send_fd, .act = no_control,
	 .expect = {.why = "scm_recv: no msg_control but fds pending", .value = "\"ctrunc, no fd\""}},
	{.name = "msg_cmsg_cloexec_sets_cloexec", PAIR(pair_seqpacket), .prepare = send_fd,
	 .act = cmsg_cloexec,
	 .expect = {.why = "scm_detach_fds: O_CLOEXEC from MSG_CMSG_CLOEXEC", .value = "\"cloexec\""}},
};

SCENARIO_FAMILY(peer_family, "peer", peer, NULL, false);
