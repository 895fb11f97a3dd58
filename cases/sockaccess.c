/*
 * Socket access between labels: R connects to, or sends to, a UNIX socket S
 * made. Decided by smack_unix_stream_connect() (stream and seqpacket: R's
 * smk_out needs w on S's smk_in AND S's smk_out w on R's smk_in) and
 * smack_unix_may_send() (dgram: R w S). Both skip the check for a task with
 * CAP_MAC_OVERRIDE. A named socket's inode is labelled "*", so the path
 * itself never refuses.
 */
#include "gates.h"
#include "scenario.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <unistd.h>

/*
 * "@name" is an abstract address, anything else a path. Sets *len; 0, or
 * -ENAMETOOLONG for a name that does not fit (a --workdir too deep for a
 * socket path).
 */
static int address(const char *name, struct sockaddr_un *a, socklen_t *len)
{
	size_t n = strlen(name);

	if (n >= sizeof(a->sun_path))
		return -ENAMETOOLONG;
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path, name, n);
	if (name[0] == '@')
		a->sun_path[0] = '\0';
	*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + (name[0] != '@'));
	return 0;
}

/* A new socket of type, and the address of name in *a; the fd, or -errno. */
static int socket_to(const char *name, int type, struct sockaddr_un *a, socklen_t *len)
{
	int e = address(name, a, len), fd;

	if (e)
		return e;
	fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
	return fd < 0 ? -errno : fd;
}

static int listen_on(struct sc_shm *m, int type, const char *dir, bool named)
{
	struct sockaddr_un a;
	socklen_t len;
	int fd;

	if (named)
		snprintf(m->path, sizeof(m->path), "%s/sock%d", dir, (int)getpid());
	else
		snprintf(m->path, sizeof(m->path), "@sipc-%d", (int)getpid());
	if ((fd = socket_to(m->path, type, &a, &len)) < 0)
		return fd;
	if (bind(fd, (struct sockaddr *)&a, len))
		return -errno;
	if (type != SOCK_DGRAM && listen(fd, 4))
		return -errno;
	m->fd_hold = fd;
	return 0;
}

static int stream_abstract(struct sc_shm *m, const char *d) { return listen_on(m, SOCK_STREAM, d, false); }

/*
 * A stream listener S relabels R through these xattrs (needs CAP_MAC_ADMIN,
 * so S keeps its capabilities: sender_privileged). SMACK64IPIN=R makes R's
 * half of the connect check R w R, leaving S w R; SMACK64IPOUT=R makes S's
 * half R w R, leaving R w S.
 */
static int relabelled_listener(struct sc_shm *m, const char *d, bool in, bool out)
{
	int e = listen_on(m, SOCK_STREAM, d, false);
	size_t n = strlen(m->receiver);

	if (e)
		return e;
	if ((in && fsetxattr(m->fd_hold, "security.SMACK64IPIN", m->receiver, n, 0)) ||
	    (out && fsetxattr(m->fd_hold, "security.SMACK64IPOUT", m->receiver, n, 0)))
		return -errno;
	return 0;
}

static int stream_ipin_receiver(struct sc_shm *m, const char *d) { return relabelled_listener(m, d, true, false); }
static int stream_ipout_receiver(struct sc_shm *m, const char *d) { return relabelled_listener(m, d, false, true); }

/*
 * Which labels has an accept()ed UNIX socket? S (privileged) connects to a
 * listener it relabelled R (SMACK64IPIN/IPOUT), accepts, and passes the
 * accepted socket to R. With the listener's labels (accept_label_gate) R
 * receives it under any rules (R w R); with the connector's (before) the
 * socket is S's, and smack_file_receive() wants R w S and S w R.
 */
static int pair_for_accepted(struct sc_shm *m)
{
	return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, m->pair) ? -errno : 0;
}

static int send_accepted(struct sc_shm *m, const char *d)
{
	struct sockaddr_un a;
	socklen_t len;
	int c, acc, e;

	if ((e = relabelled_listener(m, d, true, true)))
		return e;
	if ((c = socket_to(m->path, SOCK_STREAM, &a, &len)) < 0)
		return c;
	if (connect(c, (struct sockaddr *)&a, len))
		return -errno;
	m->id = c;
	acc = accept4(m->fd_hold, NULL, NULL, SOCK_CLOEXEC);
	if (acc < 0)
		return -errno;
	e = fdpass_send(m->pair[0], &acc, 1);
	close(acc);
	return e;
}

static int receive_accepted(struct sc_shm *m, const char *d)
{
	struct recv_obs o;

	(void)d;
	fdpass_recv(m->pair[1], 4096, 0, &o);
	if (o.ret < 0)
		return -o.err;
	if (o.nfds != 1)
		return -EACCES; /* dropped: MSG_CTRUNC, no descriptor */
	fdpass_close(&o);
	return 0;
}

static void close_accepted(struct sc_shm *m)
{
	close(m->id);
	close(m->fd_hold);
	close(m->pair[0]);
	close(m->pair[1]);
}


static int stream_named(struct sc_shm *m, const char *d) { return listen_on(m, SOCK_STREAM, d, true); }
static int seqpacket_abstract(struct sc_shm *m, const char *d) { return listen_on(m, SOCK_SEQPACKET, d, false); }
static int dgram_abstract(struct sc_shm *m, const char *d) { return listen_on(m, SOCK_DGRAM, d, false); }
static int dgram_named(struct sc_shm *m, const char *d) { return listen_on(m, SOCK_DGRAM, d, true); }

static int connect_as(const struct sc_shm *m, int type)
{
	struct sockaddr_un a;
	socklen_t len;
	int fd = socket_to(m->path, type, &a, &len), rc = 0;

	if (fd < 0)
		return fd;
	if (connect(fd, (struct sockaddr *)&a, len))
		rc = -errno;
	close(fd);
	return rc;
}

static int connect_stream(struct sc_shm *m, const char *d) { (void)d; return connect_as(m, SOCK_STREAM); }
static int connect_seqpacket(struct sc_shm *m, const char *d) { (void)d; return connect_as(m, SOCK_SEQPACKET); }
static int connect_dgram(struct sc_shm *m, const char *d) { (void)d; return connect_as(m, SOCK_DGRAM); }

static int sendto_dgram(struct sc_shm *m, const char *d)
{
	struct sockaddr_un a;
	socklen_t len;
	int fd = socket_to(m->path, SOCK_DGRAM, &a, &len), rc = 0;

	(void)d;
	if (fd < 0)
		return fd;
	if (sendto(fd, "x", 1, MSG_DONTWAIT, (struct sockaddr *)&a, len) != 1)
		rc = -errno;
	close(fd);
	return rc;
}

static void close_hold(struct sc_shm *m)
{
	close(m->fd_hold);
	if (m->path[0] == '/')
		unlink(m->path);
}


#define CONNECT_WHY "smack_unix_stream_connect: R w S and S w R, unless CAP_MAC_OVERRIDE"
#define SEND_WHY "smack_unix_may_send: R w S, unless CAP_MAC_OVERRIDE"

static const struct scenario sockaccess[] = {
	{.name = "stream_connect_abstract", .prepare = stream_abstract, .act = connect_stream,
	 .cleanup = close_hold, .expect = {.why = CONNECT_WHY, .steps = {{NEED_SOCK, EACCES}}}},
	{.name = "stream_connect_named", .prepare = stream_named, .act = connect_stream,
	 .cleanup = close_hold, .expect = {.why = CONNECT_WHY, .steps = {{NEED_SOCK, EACCES}}}},
	{.name = "seqpacket_connect_abstract", .prepare = seqpacket_abstract,
	 .act = connect_seqpacket, .cleanup = close_hold,
	 .expect = {.why = CONNECT_WHY, .steps = {{NEED_SOCK, EACCES}}}},
	{.name = "dgram_sendto_abstract", .prepare = dgram_abstract, .act = sendto_dgram,
	 .cleanup = close_hold, .expect = {.why = SEND_WHY, .steps = {{NEED_W, EACCES}}}},
	{.name = "dgram_sendto_named", .prepare = dgram_named, .act = sendto_dgram,
	 .cleanup = close_hold, .expect = {.why = SEND_WHY, .steps = {{NEED_W, EACCES}}}},
	{.name = "stream_connect_to_ipin_relabelled_listener", .prepare = stream_ipin_receiver,
	 .act = connect_stream, .cleanup = close_hold, .sender_privileged = true,
	 .expect = {.why = "SMACK64IPIN=R on the listener: smack_unix_stream_connect is left "
			   "with S w R", .steps = {{NEED_S_W_R, EACCES}}}},
	{.name = "stream_connect_to_ipout_relabelled_listener", .prepare = stream_ipout_receiver,
	 .act = connect_stream, .cleanup = close_hold, .sender_privileged = true,
	 .expect = {.why = "SMACK64IPOUT=R on the listener: smack_unix_stream_connect is left "
			   "with R w S", .steps = {{NEED_W, EACCES}}}},
	{.name = "receive_accepted_socket_of_listener_relabelled_r",
	 .before_fork = pair_for_accepted, .prepare = send_accepted, .act = receive_accepted,
	 .cleanup = close_accepted, .sender_privileged = true,
	 .expect = {.why = "smack_file_receive on the accepted socket: the listener's labels R "
			   "(R w R), before the gate the connector's S (R w S and S w R)"},
	 .gates = {{&accept_label_gate, {.steps = {{NEED_SOCK, EACCES, .no_override = true}}}},
		   {&socket_receive_gate, {.steps = {{NEED_FLOOR_RW, EACCES}}}}}},
	{.name = "dgram_connect_abstract", .prepare = dgram_abstract, .act = connect_dgram,
	 .cleanup = close_hold,
	 .expect = {.why = SEND_WHY " (checked at connect)", .steps = {{NEED_W, EACCES}}}},
};

SCENARIO_FAMILY(sockaccess_family, "sockaccess", sockaccess, NULL, false);
