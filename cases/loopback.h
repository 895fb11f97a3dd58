/*
 * What the loopback families (inet, netlabel) share: waiting for a packet,
 * and the kernel's own counts of the packets SMACK refused, so a refusal
 * ends the wait as soon as it is known.
 */
#ifndef CASES_LOOPBACK_H
#define CASES_LOOPBACK_H

#include "scenario.h"

/* Poll step while neither the packet nor the kernel's count of its drop has shown. */
#define STEP_MS 20

/* The local port of a bound socket (IPv4 or IPv6), or -errno. */
int port_of(int fd);
/* Readable (or writable) within ms: 0, else -ETIMEDOUT, or -errno. */
int wait_ms(int fd, short ev, int ms);
/*
 * Udp InErrors of /proc/net/snmp, or -1: the kernel counts there every IPv4
 * datagram a receiving socket's filter refused (sock_queue_rcv_skb ->
 * sk_filter -> smack_socket_sock_rcv_skb), on 4.4 as on 7.3. The count is
 * the whole host's: fd is not used.
 */
long udp_in_errors(int fd);
/* Packets the socket's filter (SMACK) refused (sk_drops, SO_MEMINFO: 4.14 on), or -1. */
long sock_drops(int fd);
/*
 * Wait in STEP_MS steps for ev on fd until the kernel's count of packets
 * it refused, count(fd), rises above `before` (before < 0: no such count
 * here) or bound_ms passes. 0 when ev came; else -ETIMEDOUT with
 * m->evidence saying which ended the wait, or -errno.
 */
int wait_or_refused(struct sc_shm *m, int fd, short ev, int bound_ms, long (*count)(int),
		    long before, const char *refused, const char *what);

#endif
