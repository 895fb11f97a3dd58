/* Descriptor passing: SCM_RIGHTS send, recvmsg with every control message parsed. */
#ifndef SUITE_FDPASS_H
#define SUITE_FDPASS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

#ifndef SCM_SECURITY
#define SCM_SECURITY 0x03 /* asm-generic/socket.h; glibc does not export it */
#endif
#ifndef SO_PASSSEC
#define SO_PASSSEC 34
#endif

#define FDPASS_MAX_FDS 16
#define FDPASS_LABEL_MAX 256

/* What one recvmsg() handed the receiver, exactly. */
struct recv_obs {
	ssize_t ret;          /* recvmsg() return value */
	int err;              /* errno when ret < 0 */
	int msg_flags;        /* MSG_CTRUNC, MSG_TRUNC, ... */
	size_t controllen;    /* msg_controllen after the call */
	int cmsgs;            /* control messages seen */
	int rights_msgs;      /* SCM_RIGHTS messages seen */
	int nfds;             /* descriptors delivered, over all SCM_RIGHTS */
	int fds[FDPASS_MAX_FDS];
	bool has_security;    /* SCM_SECURITY present */
	size_t security_len;  /* bytes of label on the wire (no NUL there) */
	char security[FDPASS_LABEL_MAX + 1];
	bool has_creds;       /* SCM_CREDENTIALS present */
	int cred_pid, cred_uid, cred_gid;
	int unknown;          /* control messages of other levels/types */
	bool malformed;       /* a header whose length is impossible */
};

/* Send `n` descriptors and one data byte in a single SCM_RIGHTS message; 0 or -errno. */
int fdpass_send(int sock, const int *fds, int n);

/* recvmsg() into a control buffer of `controllen` bytes and parse it. */
void fdpass_recv(int sock, size_t controllen, int flags, struct recv_obs *o);

/* Parse the control part of a received message (pure; unit tested). */
void fdpass_parse(const struct msghdr *msg, struct recv_obs *o);

/* Close every descriptor an observation holds. */
void fdpass_close(struct recv_obs *o);

#endif
