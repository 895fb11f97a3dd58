/*
 * smackfs `netlabel`: a host entry for 127.0.0.1/32 and what it does to
 * IPv4 loopback between S and R (security/smack/smack_lsm.c; the same in
 * what these cases touch from 4.4, where smack_netlabel_send() did what
 * smk_ipv4_check() does now):
 *  - a label L: connect() and sendmsg() to 127.0.0.1 are checked at once,
 *    the socket's smk_out w L (smk_ipv4_check; EACCES), and the socket's
 *    CIPSO option is taken off. smk_write_net4addr() also put 127.0.0.1 in
 *    NetLabel's static unlabelled table with L's secid, so every packet
 *    from 127.0.0.1 arrives labelled L (smack_from_secattr: SECID), and
 *    smack_socket_sock_rcv_skb() wants L w the receiving socket's smk_in.
 *    smack_inet_conn_request() sends the SYN-ACK unlabelled too (a host
 *    label: netlbl_req_delattr), so it also arrives as L. With L = S: R w
 *    S at connect/sendto, and S w R for whatever reaches R.
 *  - "@" (smack_known_web): smk_access() lets anyone write to "@" and "@"
 *    write to anything: every connect and datagram passes, whatever the rules.
 *  - "-CIPSO": the entry has no label, smack_ipv4host_label() returns NULL
 *    and loopback is CIPSO-labelled as without any entry (inet_*).
 * Every check is a plain smk_access(): CAP_MAC_OVERRIDE changes nothing.
 * IPv4 netlabel entries cannot be deleted on any kernel from 4.4 to 7.3
 * (smk_write_net4addr knows only the -CIPSO option), so these cases run
 * only where 127.0.0.1/32 already has an entry; the runner writes it back
 * after each case, as found. Smack.txt's own advice for systems that do
 * not use CIPSO, `echo 127.0.0.1 -CIPSO > /sys/fs/smackfs/netlabel`, is
 * such an entry, and the guests set it before anything runs.
 * Refused datagrams are known by Udp InErrors and refused SYN-ACKs by the
 * connecting socket's drop count, both kernel-wide or racing other
 * sockets' traffic: the family runs solo (and, being global, alone anyway).
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

#define HOST "127.0.0.1/32"
#define WAIT_MS 1000
/* Longer than one SYN retransmission: the retried SYN's ICMP is the hard error. */
#define TCP_WAIT_MS 2500

static socklen_t lo4(int port, struct sockaddr_in *a)
{
	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_port = htons((unsigned short)port);
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sizeof(*a);
}

/* A socket of `type` bound to 127.0.0.1 on a port the kernel picks; fd or -errno. */
static int bound(int type)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&a, lo4(0, &a))) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

/* Before R is forked, as S: S's socket (R inherits it), its port in id. */
static int s_socket(struct sc_shm *m, int type)
{
	m->pair[0] = bound(type);
	if (m->pair[0] < 0)
		return m->pair[0];
	if (type == SOCK_STREAM && listen(m->pair[0], 4))
		return -errno;
	m->id = port_of(m->pair[0]);
	return m->id < 0 ? m->id : 0;
}

static int s_udp(struct sc_shm *m) { return s_socket(m, SOCK_DGRAM); }
static int s_listener(struct sc_shm *m) { return s_socket(m, SOCK_STREAM); }
static void close_s(struct sc_shm *m) { close(m->pair[0]); }

/* S (still privileged): the host entry for 127.0.0.1. */
static int host(struct sc_shm *m, const char *label)
{
	char entry[300];

	snprintf(entry, sizeof(entry), HOST " %s", label);
	return smackfs_put_setting(&m->fs, "netlabel", entry);
}

static int host_s(struct sc_shm *m, const char *d) { (void)d; return host(m, m->sender); }
static int host_web(struct sc_shm *m, const char *d) { (void)d; return host(m, "@"); }
static int host_cipso(struct sc_shm *m, const char *d) { (void)d; return host(m, "-CIPSO"); }

/* R: TCP to S's listener; EACCES from connect itself, or what the handshake came to. */
static int tcp4_connect(struct sc_shm *m, const char *d)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), err = 0, rc;
	socklen_t n = sizeof(err);

	(void)d;
	if (fd < 0)
		return -errno;
	if (!connect(fd, (struct sockaddr *)&a, lo4(m->id, &a)))
		rc = 0;
	else if (errno != EINPROGRESS)
		rc = -errno;
	else if (!(rc = wait_or_refused(m, fd, POLLOUT, TCP_WAIT_MS, sock_drops, 0,
					 "SYN-ACK refused at the connecting socket (SO_MEMINFO drops)",
					 "answer")))
		rc = getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &n) ? -errno : -err;
	close(fd);
	return rc;
}

static int udp4_connect(struct sc_shm *m, const char *d)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc;

	(void)d;
	if (fd < 0)
		return -errno;
	rc = connect(fd, (struct sockaddr *)&a, lo4(m->id, &a)) ? -errno : 0;
	close(fd);
	return rc;
}

/* One byte from `from` to 127.0.0.1:port; did `to` get it? */
static int deliver(struct sc_shm *m, int from, int port, int to)
{
	struct sockaddr_in a;
	long before = udp_in_errors(to);
	char b;
	int e;

	if (sendto(from, "x", 1, 0, (struct sockaddr *)&a, lo4(port, &a)) != 1)
		return -errno;
	if ((e = wait_or_refused(m, to, POLLIN, WAIT_MS, udp_in_errors, before,
				 "Udp InErrors went up (/proc/net/snmp): dropped on delivery", "datagram")))
		return e;
	return recv(to, &b, 1, MSG_DONTWAIT) == 1 ? 0 : -errno;
}

/* R's own socket sends to S's (R holds S's socket too, inherited, to see it arrive). */
static int udp4_r_to_s(struct sc_shm *m, const char *d)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc;

	(void)d;
	if (fd < 0)
		return -errno;
	rc = deliver(m, fd, m->id, m->pair[0]);
	close(fd);
	return rc;
}

/* S's socket (smk_out S) sends to a socket R made. */
static int udp4_s_to_r(struct sc_shm *m, const char *d)
{
	int fd = bound(SOCK_DGRAM), rc;

	(void)d;
	if (fd < 0)
		return fd;
	rc = deliver(m, m->pair[0], port_of(fd), fd);
	close(fd);
	return rc;
}

#define CHECK(need, err) {need, err, .no_override = true}
#define PASSES {NEED_NONE, 0} /* no check refuses */
#define ROW(nm, bf, prep, a, w, ...)                                                           \
	{.name = nm, .before_fork = bf, .prepare = prep, .act = a, .cleanup = close_s,         \
	 .sender_privileged = true, .global = "netlabel",                                     \
	 .expect = {.why = w, .steps = {__VA_ARGS__}}}

#define HOSTCHK "smk_ipv4_check: the socket's smk_out w the host label S (EACCES)"
#define FROM_S "every packet from 127.0.0.1 is labelled S (NetLabel static entry): " \
	"smack_socket_sock_rcv_skb wants S w R"
#define WEB "smk_access: anyone writes to \"@\", \"@\" writes to anything"
#define RCV4 "no host label: CIPSO as without an entry; smack_socket_sock_rcv_skb"

static const struct scenario netlabel_rows[] = {
	/* 127.0.0.1/32 S */
	ROW("host_label_s_tcp4_connect", s_listener, host_s, tcp4_connect,
	    HOSTCHK " at connect; the SYN-ACK, unlabelled (netlbl_req_delattr), arrives as S: "
	    "S w R, else dropped", CHECK(NEED_W, EACCES), CHECK(NEED_S_W_R, ETIMEDOUT)),
	ROW("host_label_s_udp4_connect", s_udp, host_s, udp4_connect, HOSTCHK " at connect",
	    CHECK(NEED_W, EACCES)),
	ROW("host_label_s_udp4_sendto_reaches_s", s_udp, host_s, udp4_r_to_s,
	    HOSTCHK " at sendmsg; delivered as S to S", CHECK(NEED_W, EACCES)),
	ROW("host_label_s_udp4_from_s_reaches_r", s_udp, host_s, udp4_s_to_r,
	    "S's socket passes smk_ipv4_check (S w S); " FROM_S, CHECK(NEED_S_W_R, ETIMEDOUT)),
	/* 127.0.0.1/32 @ */
	ROW("host_web_tcp4_connect", s_listener, host_web, tcp4_connect,
	    WEB ": connect, SYN, SYN-ACK", PASSES),
	ROW("host_web_udp4_connect", s_udp, host_web, udp4_connect, WEB, PASSES),
	ROW("host_web_udp4_sendto_reaches_s", s_udp, host_web, udp4_r_to_s,
	    WEB ": send and delivery", PASSES),
	ROW("host_web_udp4_from_s_reaches_r", s_udp, host_web, udp4_s_to_r,
	    WEB ": send and delivery", PASSES),
	/* 127.0.0.1/32 -CIPSO: as inet_* without an entry */
	{.name = "host_cipso_tcp4_connect", .before_fork = s_listener, .prepare = host_cipso,
	 .act = tcp4_connect, .cleanup = close_s, .sender_privileged = true, .global = "netlabel",
	 .expect = {.why = RCV4 " for SYN (R w S, else ICMP: EHOSTUNREACH) and SYN-ACK (S w R)",
		    .steps = {CHECK(NEED_W, EHOSTUNREACH), CHECK(NEED_S_W_R, ETIMEDOUT)}},
	 .gates = {{&synack_gate, {.steps = {CHECK(NEED_W, EHOSTUNREACH)}}}}},
	ROW("host_cipso_udp4_connect", s_udp, host_cipso, udp4_connect,
	    "no host label: smk_ipv4_check checks nothing", PASSES),
	ROW("host_cipso_udp4_sendto_reaches_s", s_udp, host_cipso, udp4_r_to_s, RCV4 " (R w S)",
	    CHECK(NEED_W, ETIMEDOUT)),
	ROW("host_cipso_udp4_from_s_reaches_r", s_udp, host_cipso, udp4_s_to_r, RCV4 " (S w R)",
	    CHECK(NEED_S_W_R, ETIMEDOUT)),
};

/*
 * Runs only where 127.0.0.1/32 has an entry to put back (see above), with
 * loopback up; probed once per process.
 */
static const char *netlabel_skip(const struct scenario *sc)
{
	static bool probed;
	static const char *why;
	char buf[4096];
	struct smackfs fs = {.path = "/sys/fs/smackfs"};
	struct ifreq ifr = {0};
	int fd;

	(void)sc;
	if (probed)
		return why;
	probed = true;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) || !(ifr.ifr_flags & IFF_UP))
		why = "loopback interface lo is down (bring it up: ip link set lo up)";
	if (fd >= 0)
		close(fd);
	if (!why && (smackfs_get_setting(&fs, "netlabel", buf, sizeof(buf)) ||
		     !(strncmp(buf, HOST " ", strlen(HOST) + 1) == 0 || strstr(buf, "\n" HOST " "))))
		why = "smackfs netlabel has no " HOST " entry to put back, and no kernel can delete "
		      "an IPv4 netlabel entry once added; add one to run these cases (Smack.txt: "
		      "echo 127.0.0.1 -CIPSO > /sys/fs/smackfs/netlabel)";
	return why;
}

SCENARIO_FAMILY(netlabel_family, "netlabel", netlabel_rows, netlabel_skip, true);
