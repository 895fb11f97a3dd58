/* Shared by the loopback families: see loopback.h. */
#include "loopback.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#ifndef SO_MEMINFO
#define SO_MEMINFO 55
#endif
#define MEMINFO_DROPS 8 /* SK_MEMINFO_DROPS in SO_MEMINFO's array */

int port_of(int fd)
{
	union {
		struct sockaddr sa;
		struct sockaddr_in v4;
		struct sockaddr_in6 v6;
	} a;
	socklen_t n = sizeof(a);

	if (getsockname(fd, &a.sa, &n))
		return -errno;
	return ntohs(a.sa.sa_family == AF_INET ? a.v4.sin_port : a.v6.sin6_port);
}

int wait_ms(int fd, short ev, int ms)
{
	struct pollfd p = {fd, ev, 0};
	int n;

	while ((n = poll(&p, 1, ms)) < 0 && errno == EINTR)
		;
	return n > 0 ? 0 : n == 0 ? -ETIMEDOUT : -errno;
}

long udp_in_errors(int fd)
{
	char head[1024], vals[1024];
	long v = -1;
	FILE *f = fopen("/proc/net/snmp", "re");

	(void)fd;
	if (!f)
		return -1;
	while (fgets(head, sizeof(head), f) && fgets(vals, sizeof(vals), f)) {
		char *hs, *vs, *h = strtok_r(head, " \n", &hs), *n = strtok_r(vals, " \n", &vs);

		if (!h || strcmp(h, "Udp:"))
			continue;
		while ((h = strtok_r(NULL, " \n", &hs)) && (n = strtok_r(NULL, " \n", &vs)))
			if (!strcmp(h, "InErrors")) {
				v = strtol(n, NULL, 10);
				break;
			}
		break;
	}
	fclose(f);
	return v;
}

long sock_drops(int fd)
{
	unsigned mem[16] = {0};
	socklen_t n = sizeof(mem);

	if (getsockopt(fd, SOL_SOCKET, SO_MEMINFO, mem, &n) || n <= MEMINFO_DROPS * sizeof(mem[0]))
		return -1;
	return mem[MEMINFO_DROPS];
}

int wait_or_refused(struct sc_shm *m, int fd, short ev, int bound_ms, long (*count)(int),
			   long before, const char *refused, const char *what)
{
	for (int waited = 0;; waited += STEP_MS) {
		int e = wait_ms(fd, ev, waited ? STEP_MS : 0);

		if (e != -ETIMEDOUT)
			return e;
		if (before >= 0 && count(fd) > before) {
			snprintf(m->evidence, sizeof(m->evidence), "%s", refused);
			return -ETIMEDOUT;
		}
		if (waited >= bound_ms) {
			snprintf(m->evidence, sizeof(m->evidence), "no %s within %d ms", what, bound_ms);
			return -ETIMEDOUT;
		}
	}
}
