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
/*
 * The receive-side controls of recent kernels, which libc headers may not
 * have yet. These are the asm-generic values; parisc, sparc, alpha and mips
 * number them differently, so they are defined here only for the
 * architectures the suite is built for.
 */
#if defined(__x86_64__) || defined(__aarch64__) || defined(__arm__)
#ifndef SO_PASSRIGHTS
#define SO_PASSRIGHTS 83 /* since 6.16: 0 makes a sender's SCM_RIGHTS fail with EPERM */
#endif
#ifndef SO_RIGHTS_NOTRUNC
#define SO_RIGHTS_NOTRUNC 85 /* since 7.3: a refused fd leaves -errno in its slot */
#endif
#elif !defined(SO_PASSRIGHTS) || !defined(SO_RIGHTS_NOTRUNC)
#error "SO_PASSRIGHTS/SO_RIGHTS_NOTRUNC: take this architecture's values from its asm/socket.h"
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
	/*
	 * Every entry of the SCM_RIGHTS arrays, in order: a descriptor, or,
	 * with SO_RIGHTS_NOTRUNC, -errno where the LSM refused that one.
	 */
	int nslots;
	int slots[FDPASS_MAX_FDS];
	int nfds;             /* descriptors delivered (entries >= 0), over all SCM_RIGHTS */
	int fds[FDPASS_MAX_FDS];
	int fd_slot[FDPASS_MAX_FDS]; /* the slot each delivered descriptor came in */
	int nrefused;         /* entries < 0: refused, never a descriptor */
	int refused_slot[FDPASS_MAX_FDS];
	int refused_err[FDPASS_MAX_FDS]; /* the errno the kernel put there (EACCES from SMACK) */
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

/* Close every descriptor an observation holds (never a refused slot). */
void fdpass_close(struct recv_obs *o);

#endif
