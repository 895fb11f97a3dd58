/*
 * IP peers on loopback: SMACK labels on IPv4 and IPv6 TCP and UDP between
 * S and R. The decisive code (security/smack/smack_lsm.c, same shape from
 * 4.4 to 6.12 in what these cases touch):
 *  - IPv4 carries labels on the wire: smack_socket_post_create() gives every
 *    AF_INET socket a CIPSO option for its creator's label (smackfs maps all
 *    of IPv4 to CIPSO DOI 3 at boot; no netlabel host list by default).
 *    smack_socket_sock_rcv_skb() lets a packet in only if its label has w on
 *    the receiving socket's smk_in; a refused CIPSO packet is answered with
 *    ICMP "host administratively prohibited" (netlbl_skbuff_err ->
 *    cipso_v4_error), which icmp_err_convert[] makes EHOSTUNREACH (fatal)
 *    for a connecting TCP socket (not EACCES). smack_inet_conn_request()
 *    checks the SYN the same way and stores its label for the accepted
 *    socket's SO_PEERSEC (smack_inet_csk_clone); nothing sets the client's.
 *  - IPv6 has no wire label: port labelling (SMACK_IPV6_PORT_LABELING, no
 *    SMACK netfilter in these kernels). smack_socket_bind() records the
 *    label of a socket bound to an explicit port; connect() and sendto() to
 *    ::1 need w on that label (smk_ipv6_port_check), or on the ambient label
 *    ("_" unless smackfs/ambient says otherwise) when the port was chosen by
 *    the kernel. Delivery to a local socket is never checked ("the send check
 *    has to have passed"). connect() sets SO_PEERSEC to the port's label.
 *  - Every network check is a plain smk_access(): CAP_MAC_OVERRIDE changes
 *    nothing.
 *  - IP_PASSSEC: ip_cmsg_recv_security() asks smack_socket_getpeersec_dgram()
 *    for the datagram's CIPSO label. IPv6 has no such option; IP_PASSSEC set
 *    on an AF_INET6 socket applies to IPv4-mapped datagrams only.
 * Ports are ephemeral (bound to 0, or to a port the kernel just handed out
 * when the label of an explicit bind is the point), published in m->id.
 */
#include "gates.h"
#include "loopback.h"
#include "scenario.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* How long a role waits for a packet or a handshake that a drop may have eaten. */
#define WAIT_MS 1000

union addr {
	struct sockaddr sa;
	struct sockaddr_in v4;
	struct sockaddr_in6 v6;
};

/* Loopback (127.0.0.1, ::1, or ::ffff:127.0.0.1 for fam 'm') at port. */
static socklen_t loopback(int fam, int port, union addr *a)
{
	memset(a, 0, sizeof(*a));
	if (fam == AF_INET) {
		a->v4.sin_family = AF_INET;
		a->v4.sin_port = htons((unsigned short)port);
		a->v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(a->v4);
	}
	a->v6.sin6_family = AF_INET6;
	a->v6.sin6_port = htons((unsigned short)port);
	if (fam == 'm')
		inet_pton(AF_INET6, "::ffff:127.0.0.1", &a->v6.sin6_addr);
	else
		a->v6.sin6_addr = in6addr_loopback;
	return sizeof(a->v6);
}

/*
 * A socket bound on loopback. `labelled`: bind to an explicit port (one the
 * kernel hands a probe socket first), so smack_socket_bind() records it;
 * otherwise port 0. Returns the fd, or -errno.
 */
static int bound(int fam, int type, bool labelled)
{
	union addr a;
	int fd = -1, port = 0, e = 0;

	for (int tries = 0; tries < 8; tries++) {
		if (labelled) {
			int probe = socket(fam, type | SOCK_CLOEXEC, 0);

			if (probe < 0 || bind(probe, &a.sa, loopback(fam, 0, &a)) ||
			    (port = port_of(probe)) < 0) {
				e = -errno;
				if (probe >= 0)
					close(probe);
				return e;
			}
			close(probe);
		}
		fd = socket(fam, type | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		if (!bind(fd, &a.sa, loopback(fam, port, &a)))
			return fd;
		e = -errno;
		close(fd);
		if (e != -EADDRINUSE)
			break;
	}
	return e;
}

/* S's side: a listener or a datagram socket, kept in *slot, port in id. */
static int publish(struct sc_shm *m, int fd, int *slot, bool listener)
{
	if (fd < 0)
		return fd;
	if (listener && listen(fd, 4))
		return -errno;
	*slot = fd;
	m->id = port_of(fd);
	return m->id < 0 ? m->id : 0;
}

static int listen_on(struct sc_shm *m, int fam, bool labelled)
{
	return publish(m, bound(fam, SOCK_STREAM, labelled), &m->fd_hold, true);
}

static int tcp4_listener(struct sc_shm *m, const char *d) { (void)d; return listen_on(m, AF_INET, false); }
static int tcp6_listener(struct sc_shm *m, const char *d) { (void)d; return listen_on(m, AF_INET6, true); }
static int tcp6_autobound(struct sc_shm *m, const char *d) { (void)d; return listen_on(m, AF_INET6, false); }

/* Before R is forked: an S socket R inherits, so R can see what reaches it. */
static int udp4_s(struct sc_shm *m) { return publish(m, bound(AF_INET, SOCK_DGRAM, false), &m->pair[0], false); }
static int udp6_s(struct sc_shm *m) { return publish(m, bound(AF_INET6, SOCK_DGRAM, true), &m->pair[0], false); }
static int udp6_s_autobound(struct sc_shm *m) { return publish(m, bound(AF_INET6, SOCK_DGRAM, false), &m->pair[0], false); }

static int tcp4_s_unbound(struct sc_shm *m)
{
	m->pair[0] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	return m->pair[0] < 0 ? -errno : 0;
}

static void close_hold(struct sc_shm *m) { close(m->fd_hold); }
static void close_s(struct sc_shm *m) { close(m->pair[0]); }

/*
 * A TCP connect gets longer than one SYN retransmission (1 s): an ICMP
 * refusal that arrives while connect() still holds the socket lock is only
 * a soft error (tcp_v4_err), and the retried SYN's refusal, handled in
 * timer context, is the hard EHOSTUNREACH. A dropped SYN-ACK still times out.
 */
#define TCP_WAIT_MS 2500

static int wait_for(int fd, short ev) { return wait_ms(fd, ev, WAIT_MS); }

/*
 * connect() without waiting the minutes TCP retries for: the result, or
 * ETIMEDOUT when no answer gets through. That ends on evidence where the
 * kernel gives it: a SYN-ACK refused at the connecting socket (tcp_filter ->
 * smack_socket_sock_rcv_skb) counts in its sk_drops, and every retransmitted
 * SYN's answer carries the same label. Otherwise after TCP_WAIT_MS.
 */
static int connect_fd(int fd, int fam, int port, struct sc_shm *m)
{
	union addr a;
	int fl = fcntl(fd, F_GETFL), err = 0, e;
	socklen_t n = sizeof(err);

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	if (!connect(fd, &a.sa, loopback(fam, port, &a)))
		goto done;
	if (errno != EINPROGRESS)
		return -errno;
	/* A new socket: any drop counted on it is the refused SYN-ACK. */
	if ((e = wait_or_refused(m, fd, POLLOUT, TCP_WAIT_MS, sock_drops, 0,
				 "SYN-ACK refused at the connecting socket (SO_MEMINFO drops)", "answer")))
		return e;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &n))
		return -errno;
done:
	fcntl(fd, F_SETFL, fl);
	return -err;
}

static int connect_new(struct sc_shm *m, int fam, int type, int port, int *out)
{
	int fd = socket(fam == 'm' ? AF_INET6 : fam, type | SOCK_CLOEXEC, 0), rc;

	if (fd < 0)
		return -errno;
	rc = type == SOCK_STREAM ? connect_fd(fd, fam, port, m) : 0;
	if (type != SOCK_STREAM) {
		union addr a;

		rc = connect(fd, &a.sa, loopback(fam, port, &a)) ? -errno : 0;
	}
	if (out && !rc)
		*out = fd;
	else
		close(fd);
	return rc;
}

/* Access: R connects to S's listener. */
static int tcp4_connect(struct sc_shm *m, const char *d) { (void)d; return connect_new(m, AF_INET, SOCK_STREAM, m->id, NULL); }
static int tcp6_connect(struct sc_shm *m, const char *d) { (void)d; return connect_new(m, AF_INET6, SOCK_STREAM, m->id, NULL); }
static int tcp6_mapped_connect(struct sc_shm *m, const char *d) { (void)d; return connect_new(m, 'm', SOCK_STREAM, m->id, NULL); }
static int udp6_connect(struct sc_shm *m, const char *d) { (void)d; return connect_new(m, AF_INET6, SOCK_DGRAM, m->id, NULL); }

/*
 * Send one byte from `from` to loopback:port, then see whether `to` got it.
 * "Not delivered" ends on evidence: the refused datagram raised Udp
 * InErrors. WAIT_MS stays as a fault guard and says so in the evidence.
 */
static int deliver(struct sc_shm *m, int from, int fam, int port, int to)
{
	union addr a;
	char b;
	long before = fam == AF_INET ? udp_in_errors(to) : -1;
	int e;

	if (sendto(from, "x", 1, 0, &a.sa, loopback(fam, port, &a)) != 1)
		return -errno;
	if ((e = wait_or_refused(m, to, POLLIN, WAIT_MS, udp_in_errors, before,
				 "Udp InErrors went up (/proc/net/snmp): dropped on delivery", "datagram")))
		return e;
	return recv(to, &b, 1, MSG_DONTWAIT) == 1 ? 0 : -errno;
}

/* R sends from its own socket to S's; S's socket is R's inherited copy. */
static int udp_to_s(struct sc_shm *m, int fam)
{
	int fd = socket(fam, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc;

	if (fd < 0)
		return -errno;
	rc = deliver(m, fd, fam, m->id, m->pair[0]);
	close(fd);
	return rc;
}

static int udp4_r_to_s(struct sc_shm *m, const char *d) { (void)d; return udp_to_s(m, AF_INET); }
static int udp6_r_to_s(struct sc_shm *m, const char *d) { (void)d; return udp_to_s(m, AF_INET6); }

/* S's socket sends to a socket R made: the packet carries S's label. */
static int udp4_s_to_r(struct sc_shm *m, const char *d)
{
	int fd = bound(AF_INET, SOCK_DGRAM, false), rc;

	(void)d;
	if (fd < 0)
		return fd;
	rc = deliver(m, m->pair[0], AF_INET, port_of(fd), fd);
	close(fd);
	return rc;
}

/* Values: SO_PEERSEC without the NUL the kernel counts. */
static int peersec(struct sc_shm *m, int fd)
{
	socklen_t n = sizeof(m->out);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERSEC, m->out, &n))
		m->out_len = -errno;
	else
		m->out_len = label_len_nul(m->out, (long)n);
	return 0;
}

static int peersec_of_client(struct sc_shm *m, int fam, int type)
{
	int fd = -1, rc = connect_new(m, fam, type, m->id, &fd);

	if (rc)
		return rc;
	rc = peersec(m, fd);
	close(fd);
	return rc;
}

static int tcp4_client_peersec(struct sc_shm *m, const char *d) { (void)d; return peersec_of_client(m, AF_INET, SOCK_STREAM); }
static int tcp6_client_peersec(struct sc_shm *m, const char *d) { (void)d; return peersec_of_client(m, AF_INET6, SOCK_STREAM); }
static int udp4_connected_peersec(struct sc_shm *m, const char *d) { (void)d; return peersec_of_client(m, AF_INET, SOCK_DGRAM); }
static int udp6_connected_peersec(struct sc_shm *m, const char *d) { (void)d; return peersec_of_client(m, AF_INET6, SOCK_DGRAM); }

/* S's socket (inherited) connects to R's listener; R accepts and asks who it is. */
static int tcp4_accepted_peersec(struct sc_shm *m, const char *d)
{
	int l = bound(AF_INET, SOCK_STREAM, false), a, rc;

	(void)d;
	if (l < 0)
		return l;
	if (listen(l, 2))
		rc = -errno;
	else if (!(rc = connect_fd(m->pair[0], AF_INET, port_of(l), m))) {
		a = accept4(l, NULL, NULL, SOCK_CLOEXEC);
		rc = a < 0 ? -errno : peersec(m, a);
		if (a >= 0)
			close(a);
	}
	close(l);
	return rc;
}

/* One datagram from `from` into `to`; its SCM_SECURITY (SOL_IP) into out, or ENODATA. */
static int passsec_one(struct sc_shm *m, int from, int fam, int to, char *lab, size_t len,
		       int *lab_len)
{
	char b, ctl[512];
	struct iovec iov = {&b, 1};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			     .msg_controllen = sizeof(ctl)};
	union addr a;

	(void)m;
	if (sendto(from, "x", 1, 0, &a.sa, loopback(fam, port_of(to), &a)) != 1)
		return -errno;
	if (wait_for(to, POLLIN))
		return -ETIMEDOUT;
	if (recvmsg(to, &msg, MSG_DONTWAIT) != 1)
		return -errno;
	*lab_len = -ENODATA;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		size_t n = c->cmsg_len - CMSG_LEN(0);

		if (c->cmsg_level != SOL_IP || c->cmsg_type != SCM_SECURITY)
			continue;
		if (n > 0 && CMSG_DATA(c)[n - 1] == '\0')
			n--;
		n = n < len ? n : len;
		memcpy(lab, CMSG_DATA(c), n);
		*lab_len = (int)n;
	}
	return 0;
}

/* R's socket; on IPv6 at a labelled port, or S's send would be checked against "_". */
static int passsec(struct sc_shm *m, int fam, bool on)
{
	int fd = bound(fam, SOCK_DGRAM, fam == AF_INET6), one = 1, rc;

	if (fd < 0)
		return fd;
	rc = on && setsockopt(fd, SOL_IP, IP_PASSSEC, &one, sizeof(one)) ? -errno : 0;
	if (!rc)
		rc = passsec_one(m, m->pair[0], fam, fd, m->out, sizeof(m->out), &m->out_len);
	close(fd);
	return rc;
}

static int udp4_passsec(struct sc_shm *m, const char *d) { (void)d; return passsec(m, AF_INET, true); }
static int udp4_no_passsec(struct sc_shm *m, const char *d) { (void)d; return passsec(m, AF_INET, false); }
static int udp6_passsec(struct sc_shm *m, const char *d) { (void)d; return passsec(m, AF_INET6, true); }

/* Whose label is this: "S", "R" or "?" (the act runs as R, knows both). */
static const char *who(const struct sc_shm *m, const char *l, int n)
{
	if (n == (int)strlen(m->sender) && !memcmp(l, m->sender, n))
		return "S";
	if (n == (int)strlen(m->receiver) && !memcmp(l, m->receiver, n))
		return "R";
	return n < 0 ? "none" : "?";
}

/* Two datagrams into one socket, from S's socket and then R's: a label each. */
static int udp4_passsec_per_datagram(struct sc_shm *m, const char *d)
{
	int fd = bound(AF_INET, SOCK_DGRAM, false), mine = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int one = 1, rc, n1 = 0, n2 = 0;
	char l1[256], l2[256];

	(void)d;
	if (fd < 0 || mine < 0)
		rc = fd < 0 ? fd : -errno;
	else if (setsockopt(fd, SOL_IP, IP_PASSSEC, &one, sizeof(one)))
		rc = -errno;
	else if (!(rc = passsec_one(m, m->pair[0], AF_INET, fd, l1, sizeof(l1), &n1)) &&
		 !(rc = passsec_one(m, mine, AF_INET, fd, l2, sizeof(l2), &n2)))
		m->out_len = snprintf(m->out, sizeof(m->out), "%s,%s", who(m, l1, n1), who(m, l2, n2));
	if (fd >= 0)
		close(fd);
	if (mine >= 0)
		close(mine);
	return rc;
}

/*
 * TCP over IPv4: the SYN (labelled R) needs R w S at S's listener, or the
 * ICMP_HOST_ANO refusal makes connect() fail with EHOSTUNREACH; the SYN-ACK (labelled S)
 * needs S w R at R's socket, or it is dropped (the ICMP then only kills S's
 * request sock) and R keeps retrying: no answer within TCP_WAIT_MS.
 */
/* Every check here is a plain smk_access() on packet or port labels: CAP_MAC_OVERRIDE never counts. */
#define CHECK(need, err) {need, err, .no_override = true}
/* ip: 4 or 6, the loopback address family the case needs. */
#define ACCESS(ip, n, bf, prep, a, cl, w, ...)                                   \
	{.name = n, .before_fork = bf, .prepare = prep, .act = a, .cleanup = cl, \
	 .ipv6 = (ip) == 6, .expect = {.why = w, .steps = {__VA_ARGS__}}}
#define VALUE(ip, n, bf, prep, a, cl, w, v, rs)                                  \
	{.name = n, .before_fork = bf, .prepare = prep, .act = a, .cleanup = cl, \
	 .rules = rs, .ipv6 = (ip) == 6, .expect = {.why = w, .value = v}}

#define RCV4 "smack_socket_sock_rcv_skb: the CIPSO label w the receiver's smk_in"
#define PORT6 "smk_ipv6_port_check: R w the label smack_socket_bind recorded for the port"
#define AMB6 "smk_ipv6_port_check: no label for the address or port, so R w ambient (\"_\")"


/* Value cases first, then the access matrix (the order cases run in). */
static const struct scenario inet[] = {
	VALUE(4, "tcp4_so_peersec_accepted_is_client", tcp4_s_unbound, NULL, tcp4_accepted_peersec,
	      close_s, "smack_inet_conn_request stores the SYN's CIPSO label; smack_inet_csk_clone",
	      "S", RS_BOTH_W),
	VALUE(4, "tcp4_so_peersec_client_is_empty", NULL, tcp4_listener, tcp4_client_peersec,
	      close_hold, "nothing sets smk_packet on an IPv4 client: \"\" with its NUL", "\"\"",
	      RS_BOTH_W),
	VALUE(6, "tcp6_so_peersec_client_is_listener_port", NULL, tcp6_listener, tcp6_client_peersec,
	      close_hold, "smk_ipv6_port_check(SMK_CONNECTING) sets smk_packet to the port's smk_out",
	      "S", RS_RS_W),
	VALUE(6, "udp6_so_peersec_after_connect_is_port_owner", udp6_s, NULL, udp6_connected_peersec,
	      close_s, "smk_ipv6_port_check(SMK_CONNECTING) sets smk_packet to the port's smk_out",
	      "S", RS_RS_W),
	VALUE(4, "udp4_so_peersec_after_connect_is_empty", udp4_s, NULL, udp4_connected_peersec,
	      close_s, "smk_ipv4_check sets no smk_packet: \"\" with its NUL", "\"\"", RS_NONE),
	VALUE(4, "udp4_ip_passsec_is_sender", udp4_s, NULL, udp4_passsec, close_s,
	      "ip_cmsg_recv_security: smack_socket_getpeersec_dgram reads the CIPSO label", "S",
	      RS_SR_W),
	VALUE(4, "udp4_without_ip_passsec_has_no_scm_security", udp4_s, NULL, udp4_no_passsec, close_s,
	      "IP_CMSG_PASSSEC unset: ip_cmsg_recv_offset adds nothing", "ENODATA", RS_SR_W),
	VALUE(4, "udp4_ip_passsec_label_per_datagram", udp4_s, NULL, udp4_passsec_per_datagram,
	      close_s, "the label comes from each skb, not from the receiving socket", "\"S,R\"",
	      RS_SR_W),
	VALUE(6, "udp6_ip_passsec_has_no_scm_security", udp6_s, NULL, udp6_passsec, close_s,
	      "udpv6_recvmsg: IP cmsgs only for IPv4 datagrams; no IPv6 PASSSEC", "ENODATA",
	      RS_SR_W),
	/*
	 * Before the SYN-ACK change smack_inet_conn_request() labelled the
	 * SYN-ACK with the SYN's label (R), so R's socket accepted it under any
	 * rule (R w R): only the SYN's check was left.
	 */
	{.name = "tcp4_connect", .prepare = tcp4_listener, .act = tcp4_connect,
	 .cleanup = close_hold,
	 .expect = {.why = RCV4 " for SYN (R w S, else ICMP_HOST_ANO: EHOSTUNREACH) and SYN-ACK "
			   "(S w R, else dropped)",
		    .steps = {CHECK(NEED_W, EHOSTUNREACH), CHECK(NEED_S_W_R, ETIMEDOUT)}},
	 .gates = {{&synack_gate, {.steps = {CHECK(NEED_W, EHOSTUNREACH)}}}}},
	/* A datagram labelled R reaches S's socket only with R w S; a drop is silent. */
	ACCESS(4, "udp4_sendto_reaches_s", udp4_s, NULL, udp4_r_to_s, close_s,
	       RCV4 " (R w S); sendto itself is unchecked without a host label",
	       CHECK(NEED_W, ETIMEDOUT)),
	ACCESS(4, "udp4_from_s_reaches_r", udp4_s, NULL, udp4_s_to_r, close_s, RCV4 " (S w R)",
	       CHECK(NEED_S_W_R, ETIMEDOUT)),
	/* IPv6 to ::1: R w (the port's label) at connect/sendto; delivery unchecked. */
	ACCESS(6, "tcp6_connect", NULL, tcp6_listener, tcp6_connect, close_hold,
	       PORT6 "; the SYN to ::1 is not checked again", CHECK(NEED_W, EACCES)),
	ACCESS(6, "udp6_sendto", udp6_s, NULL, udp6_r_to_s, close_s, PORT6 " (smack_socket_sendmsg)",
	       CHECK(NEED_W, EACCES)),
	ACCESS(6, "udp6_connect", udp6_s, NULL, udp6_connect, close_s, PORT6 " (smack_socket_connect)",
	       CHECK(NEED_W, EACCES)),
	/* No port entry (or a v4-mapped, i.e. "remote", address): R w "_", no rule set has it. */
	ACCESS(6, "tcp6_connect_autobound_listener", NULL, tcp6_autobound, tcp6_connect, close_hold,
	       AMB6, CHECK(NEED_FLOOR_W, EACCES)),
	ACCESS(6, "udp6_sendto_autobound", udp6_s_autobound, NULL, udp6_r_to_s, close_s, AMB6,
	       CHECK(NEED_FLOOR_W, EACCES)),
	ACCESS(6, "tcp6_connect_v4mapped", NULL, tcp4_listener, tcp6_mapped_connect, close_hold,
	       AMB6 ": smk_ipv6_localhost knows only ::1", CHECK(NEED_FLOOR_W, EACCES)),
};

/*
 * The expectations assume SMACK's network defaults: ambient "_" and no
 * netlabel or ipv6host entries - or only entries without a label: an IPv4
 * "-CIPSO" entry (Smack.txt's advice for 127.0.0.1) makes
 * smack_ipv4host_label() answer NULL, as no entry does, and the guests
 * have one for the netlabel family. A board configured otherwise is
 * reported, not judged by the wrong model. NULL when the defaults hold.
 */
static bool only_unlabelled(const char *table)
{
	static const char opt[] = " -CIPSO";

	for (const char *l = table; *l;) {
		size_t n = strcspn(l, "\n");

		if (n && (n < sizeof(opt) - 1 || memcmp(l + n - (sizeof(opt) - 1), opt, sizeof(opt) - 1)))
			return false;
		l += n + (l[n] == '\n');
	}
	return true;
}

static const char *network_not_default(void)
{
	static const char *const files[] = {"ambient", "netlabel", "ipv6host"};
	static const char *const want[] = {"_", "", ""};
	static char why[160];
	char path[64], buf[4096];

	for (int f = 0; f < 3; f++) {
		FILE *in;
		size_t n;

		snprintf(path, sizeof(path), "/sys/fs/smackfs/%s", files[f]);
		if (!(in = fopen(path, "re")))
			continue; /* smackfs elsewhere or an older kernel without the file */
		n = fread(buf, 1, sizeof(buf) - 1, in);
		fclose(in);
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\0'))
			n--;
		buf[n] = '\0';
		if (f == 1 && only_unlabelled(buf))
			continue;
		if (strcmp(buf, want[f])) {
			snprintf(why, sizeof(why), "smackfs %s is \"%.40s\", not the default \"%s\" these "
				 "expectations assume", files[f], buf, want[f]);
			return why;
		}
	}
	return NULL;
}

/*
 * Loopback must be up (the suite never brings it up itself): SIOCGIFFLAGS on
 * "lo", and for IPv6 cases a UDP socket that binds to ::1. Probed once per run.
 */
static const char *inet_skip(const struct scenario *sc)
{
	static bool probed, lo, v6;
	static const char *not_default;

	if (!probed) {
		struct ifreq ifr = {0};
		union addr a;
		int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

		probed = true;
		not_default = network_not_default();
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
		lo = fd >= 0 && !ioctl(fd, SIOCGIFFLAGS, &ifr) && (ifr.ifr_flags & IFF_UP);
		if (fd >= 0)
			close(fd);
		fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		v6 = fd >= 0 && !bind(fd, &a.sa, loopback(AF_INET6, 0, &a));
		if (fd >= 0)
			close(fd);
	}
	if (not_default)
		return not_default;
	if (!lo)
		return "loopback interface lo is down (bring it up: ip link set lo up)";
	if (!v6 && sc->ipv6)
		return "no IPv6 loopback address ::1 to bind to";
	return NULL;
}

SCENARIO_FAMILY(inet_family, "inet", inet, inet_skip, true);
