#include "audit.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef AUDIT_NLGRP_READLOG
#define AUDIT_NLGRP_READLOG 1
#endif

int audit_listen(void)
{
	struct sockaddr_nl a = {.nl_family = AF_NETLINK, .nl_groups = 1u << (AUDIT_NLGRP_READLOG - 1)};
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT), size = 8 << 20;

	if (fd < 0)
		return -errno;
	/* A burst of denials from concurrent cases must not overflow the queue. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

/* The value of " key=" in text (quotes taken off), or false when absent. */
static bool field(const char *text, size_t len, const char *key, char *out, size_t max)
{
	char pat[32];
	size_t k = (size_t)snprintf(pat, sizeof(pat), " %s=", key), n = 0;
	const char *p = text, *end = text + len;

	for (; p + k <= end; p++)
		if (!memcmp(p, pat, k))
			break;
	if (p + k > end)
		return false;
	p += k;
	if (p < end && *p == '"') {
		for (p++; p < end && *p != '"' && n + 1 < max; p++)
			out[n++] = *p;
	} else {
		for (; p < end && *p != ' ' && *p != '\n' && n + 1 < max; p++)
			out[n++] = *p;
	}
	out[n] = '\0';
	return true;
}

bool audit_parse(const char *text, size_t len, const char *match, struct audit_rec *r)
{
	memset(r, 0, sizeof(*r));
	if (!memmem(text, len, "lsm=SMACK", 9))
		return false;
	field(text, len, "fn", r->fn, sizeof(r->fn));
	field(text, len, "action", r->action, sizeof(r->action));
	field(text, len, "subject", r->subject, sizeof(r->subject));
	field(text, len, "object", r->object, sizeof(r->object));
	field(text, len, "requested", r->requested, sizeof(r->requested));
	return !match || strstr(r->subject, match) || strstr(r->object, match);
}

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int send_marker(int fd, const char *tag)
{
	struct {
		struct nlmsghdr h;
		char text[300];
	} m = {0};
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
	int n = snprintf(m.text, sizeof(m.text), "smackipc-mark=%s", tag);

	m.h.nlmsg_len = NLMSG_LENGTH((unsigned)n + 1);
	m.h.nlmsg_type = AUDIT_USER_AVC;
	m.h.nlmsg_flags = NLM_F_REQUEST;
	if (sendto(fd, &m, m.h.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -errno;
	return 0;
}

int audit_mark(int fd, const char *match, char *tag, size_t len)
{
	snprintf(tag, len, "%s%ld", match, now_ms());
	return send_marker(fd, tag);
}

int audit_collect(int fd, const char *tag, const char *match, struct audit_rec *out, int max,
		  int *more, unsigned timeout_ms)
{
	static char buf[1 << 16];
	long deadline = now_ms() + timeout_ms;
	int found = 0;
	bool lost = false;

	*more = 0;
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		long left = deadline - now_ms();
		const struct nlmsghdr *h;
		const char *text;
		struct audit_rec r;
		size_t len;
		ssize_t n;

		if (left <= 0)
			return -ETIMEDOUT;
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == ENOBUFS)
				lost = true;
			continue;
		}
		/*
		 * One record per datagram. Its nlmsg_len is not trusted: kernels have
		 * set it to the payload's length, not the message's (auditd copes too).
		 */
		if ((size_t)n < NLMSG_HDRLEN)
			continue;
		h = (const struct nlmsghdr *)buf;
		text = buf + NLMSG_HDRLEN;
		len = (size_t)n - NLMSG_HDRLEN;
		if (h->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *err = (const void *)text;

			if (len >= sizeof(*err) && err->error)
				return err->error; /* the marker was refused */
			continue;
		}
		if (h->nlmsg_type == AUDIT_USER_AVC && memmem(text, len, tag, strlen(tag)))
			return lost ? -ENOBUFS : found;
		if (h->nlmsg_type == AUDIT_AVC && audit_parse(text, len, match, &r)) {
			if (found < max)
				out[found++] = r;
			else
				(*more)++;
		}
	}
}

/* AUDIT_SET or AUDIT_GET to the kernel; for GET, the status it answers into *st. */
static int status_call(int fd, int type, struct audit_status *st)
{
	struct {
		struct nlmsghdr h;
		struct audit_status s;
	} m = {{.nlmsg_len = NLMSG_LENGTH(sizeof(struct audit_status)), .nlmsg_type = (__u16)type,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK}, *st};
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
	static char buf[1 << 16];

	if (sendto(fd, &m, m.h.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -errno;
	/* The answer (GET) and the ack come before any record: nothing is queued for us yet. */
	for (int got = 0; got < 2;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		const struct nlmsghdr *h = (const void *)buf;

		if (n < (ssize_t)NLMSG_HDRLEN)
			return n < 0 ? -errno : -EIO;
		if (h->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = NLMSG_DATA(h);

			if (e->error)
				return e->error;
			got++;
			if (type == AUDIT_SET)
				return 0;
		} else if (h->nlmsg_type == AUDIT_GET) {
			memcpy(st, NLMSG_DATA(h), sizeof(*st));
			got++;
		}
	}
	return 0;
}

int audit_standin(const char *log_path)
{
	static char buf[1 << 16];
	struct audit_status st = {.mask = AUDIT_STATUS_PID | AUDIT_STATUS_ENABLED,
				  .pid = (__u32)getpid(), .enabled = 1};
	sigset_t stop;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT), sfd, e;
	FILE *log = fopen(log_path, "we");
	long records = 0;

	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sfd = signalfd(-1, &stop, SFD_CLOEXEC);
	if (fd < 0 || !log || sfd < 0)
		return 3;
	if ((e = status_call(fd, AUDIT_SET, &st))) {
		fprintf(log, "#### standin cannot register: %s\n", strerror(-e));
		fclose(log);
		return 3;
	}
	fprintf(log, "#### standin registered pid %d\n", (int)getpid());
	fflush(log);
	for (;;) {
		struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = sfd, .events = POLLIN}};
		ssize_t n;

		if (poll(p, 2, -1) < 0)
			continue;
		if (p[1].revents)
			break;
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n > (ssize_t)NLMSG_HDRLEN) {
			const struct nlmsghdr *h = (const void *)buf;

			fprintf(log, "type=%u %.*s\n", h->nlmsg_type, (int)(n - NLMSG_HDRLEN),
				buf + NLMSG_HDRLEN);
			records++;
		}
	}
	memset(&st, 0, sizeof(st));
	e = status_call(fd, AUDIT_GET, &st);
	fprintf(log, "#### standin records %ld; still the registered daemon: %s\n", records,
		e ? strerror(-e) : st.pid == (__u32)getpid() ? "yes" : "no");
	/* Leave the system as found: no daemon, auditing off. */
	st = (struct audit_status){.mask = AUDIT_STATUS_PID | AUDIT_STATUS_ENABLED};
	status_call(fd, AUDIT_SET, &st);
	fclose(log);
	return 0;
}
