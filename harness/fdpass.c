#include "fdpass.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int fdpass_send(int sock, const int *fds, int n)
{
	union {
		char buf[CMSG_SPACE(FDPASS_MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} u;
	char byte = 'x'; /* stream sockets carry ancillary data only with data */
	struct iovec iov = {.iov_base = &byte, .iov_len = 1};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	struct cmsghdr *cm;

	if (n < 0 || n > FDPASS_MAX_FDS)
		return -EINVAL;
	if (n > 0) {
		memset(&u, 0, sizeof(u));
		msg.msg_control = u.buf;
		msg.msg_controllen = CMSG_SPACE(n * sizeof(int));
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(n * sizeof(int));
		memcpy(CMSG_DATA(cm), fds, n * sizeof(int));
	}
	if (sendmsg(sock, &msg, MSG_NOSIGNAL) != 1)
		return -errno;
	return 0;
}

void fdpass_parse(const struct msghdr *msg, struct recv_obs *o)
{
	const char *base = msg->msg_control;
	size_t total = msg->msg_controllen;

	o->msg_flags = msg->msg_flags;
	o->controllen = msg->msg_controllen;
	if (!base)
		return;
	/*
	 * Walk by offsets: CMSG_NXTHDR trusts cmsg_len, truncated buffers are the
	 * point here, and a pointer past the end would be undefined.
	 */
	for (size_t off = 0; total - off >= sizeof(struct cmsghdr);) {
		const char *p = base + off;
		struct cmsghdr h;
		size_t len, data;

		memcpy(&h, p, sizeof(h));
		if (h.cmsg_len < CMSG_LEN(0) || h.cmsg_len > total - off) {
			o->malformed = true;
			return;
		}
		len = h.cmsg_len;
		data = len - CMSG_LEN(0);
		o->cmsgs++;
		if (h.cmsg_level != SOL_SOCKET) {
			o->unknown++;
		} else if (h.cmsg_type == SCM_RIGHTS) {
			size_t n = data / sizeof(int);

			o->rights_msgs++;
			for (size_t i = 0; i < n; i++, o->nslots++) {
				int fd;

				memcpy(&fd, p + CMSG_LEN(0) + i * sizeof(int), sizeof(fd));
				if (o->nslots < FDPASS_MAX_FDS)
					o->slots[o->nslots] = fd;
				if (fd < 0) { /* SO_RIGHTS_NOTRUNC: this one was refused, -errno */
					if (o->nrefused < FDPASS_MAX_FDS) {
						o->refused_slot[o->nrefused] = o->nslots;
						/* a kernel errno is below 4096; 0 marks anything else */
						o->refused_err[o->nrefused] = fd >= -4095 ? -fd : 0;
					}
					o->nrefused++;
					continue;
				}
				if (o->nfds < FDPASS_MAX_FDS) {
					o->fds[o->nfds] = fd;
					o->fd_slot[o->nfds] = o->nslots;
				}
				o->nfds++;
			}
		} else if (h.cmsg_type == SCM_SECURITY) {
			o->has_security = true;
			o->security_len = data;
			if (data > FDPASS_LABEL_MAX)
				data = FDPASS_LABEL_MAX;
			memcpy(o->security, p + CMSG_LEN(0), data);
			o->security[data] = '\0';
		} else if (h.cmsg_type == SCM_CREDENTIALS && data >= sizeof(struct ucred)) {
			struct ucred c;

			memcpy(&c, p + CMSG_LEN(0), sizeof(c));
			o->has_creds = true;
			o->cred_pid = c.pid;
			o->cred_uid = (int)c.uid;
			o->cred_gid = (int)c.gid;
		} else {
			o->unknown++;
		}
		if (CMSG_ALIGN(len) >= total - off)
			break;
		off += CMSG_ALIGN(len);
	}
}

void fdpass_recv(int sock, size_t controllen, int flags, struct recv_obs *o)
{
	union {
		char buf[4096];
		struct cmsghdr align;
	} u;
	char data[16];
	struct iovec iov = {.iov_base = data, .iov_len = sizeof(data)};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};

	memset(o, 0, sizeof(*o));
	memset(&u, 0, sizeof(u));
	if (controllen > sizeof(u.buf))
		controllen = sizeof(u.buf);
	msg.msg_control = controllen ? u.buf : NULL;
	msg.msg_controllen = controllen;
	do
		o->ret = recvmsg(sock, &msg, flags);
	while (o->ret < 0 && errno == EINTR);
	if (o->ret < 0) {
		o->err = errno;
		return;
	}
	fdpass_parse(&msg, o);
}

void fdpass_close(struct recv_obs *o)
{
	for (int i = 0; i < o->nfds && i < FDPASS_MAX_FDS; i++)
		close(o->fds[i]);
}
