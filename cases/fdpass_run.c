/*
 * Running one fd-passing case: the sender makes the descriptors under its
 * own label, the receiver takes them under another, both without MAC
 * capabilities; the observation goes back through shared memory.
 */
#include "fdpass_cases.h"
#include "roles.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <signal.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <linux/sockios.h>
#include <unistd.h>

static const char payload[4] = {'d', 'a', 't', 'a'};

/* Shared between runner, sender and receiver; lives in MAP_SHARED memory. */
struct fdpass_shm {
	struct role_report roles;  /* how each role's setup went */
	int send_err;              /* sendmsg(): 0 or -errno */
	int option_err;            /* setsockopt() of the case's receive-side option: 0 or -errno */
	/* SO_PASSRIGHTS is checked at send time: set it first, look at the queue after. */
	unsigned option_set, sent;
	int queued;                /* SIOCINQ before the receive, -errno if it failed */
	struct recv_obs obs;
	bool fd_works[FDPASS_MAX_FDS];
	char fd_problem[FDPASS_MAX_FDS][48];
};

/* Make a descriptor of `kind` in the sender; *keep gets the end kept open (or -1). */
static int make_fd(enum fd_kind_id kind, const char *dir, int serial, int *keep)
{
	char path[300];
	int p[2], fd = -1, efd;
	struct epoll_event ev = {.events = EPOLLIN};

	*keep = -1;
	snprintf(path, sizeof(path), "%s/fd%d", dir, serial);
	switch (kind) {
	case FD_SOCK_STREAM:
	case FD_SOCK_DGRAM:
	case FD_SOCK_SEQPACKET: {
		int type = kind == FD_SOCK_STREAM ? SOCK_STREAM
			   : kind == FD_SOCK_DGRAM ? SOCK_DGRAM : SOCK_SEQPACKET;

		if (socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, p))
			return -errno;
		/* Queue data for the passed end, so the receiver can prove it works. */
		if (write(p[1], payload, sizeof(payload)) != sizeof(payload))
			return -errno;
		*keep = p[1];
		return p[0];
	}
	case FD_FILE_RO:
	case FD_FILE_WO:
	case FD_FILE_RW: {
		int mode = kind == FD_FILE_RO ? O_RDONLY : kind == FD_FILE_WO ? O_WRONLY : O_RDWR;

		fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
		if (fd < 0)
			return -errno;
		if (write(fd, payload, sizeof(payload)) != sizeof(payload))
			return -errno;
		close(fd);
		fd = open(path, mode | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	case FD_PIPE_R:
	case FD_PIPE_W:
		if (pipe2(p, O_NONBLOCK | O_CLOEXEC))
			return -errno;
		if (write(p[1], payload, sizeof(payload)) != sizeof(payload))
			return -errno;
		*keep = kind == FD_PIPE_R ? p[1] : p[0];
		return kind == FD_PIPE_R ? p[0] : p[1];
	case FD_FIFO_R:
		if (mkfifo(path, 0600))
			return -errno;
		fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		*keep = open(path, O_WRONLY | O_CLOEXEC);
		if (*keep < 0 || write(*keep, payload, sizeof(payload)) != sizeof(payload))
			return -errno;
		return fd;
	case FD_MEMFD:
		fd = memfd_create("sipc", MFD_CLOEXEC);
		if (fd < 0 || write(fd, payload, sizeof(payload)) != sizeof(payload))
			return -errno;
		return fd;
	case FD_EVENTFD:
		fd = eventfd(1, EFD_NONBLOCK | EFD_CLOEXEC);
		return fd < 0 ? -errno : fd;
	case FD_EPOLL:
		efd = eventfd(1, EFD_NONBLOCK | EFD_CLOEXEC);
		fd = epoll_create1(EPOLL_CLOEXEC);
		if (efd < 0 || fd < 0 || epoll_ctl(fd, EPOLL_CTL_ADD, efd, &ev))
			return -errno;
		*keep = efd;
		return fd;
	case FD_TIMERFD:
		fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
		return fd < 0 ? -errno : fd;
	case FD_SIGNALFD: {
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	case FD_OPATH:
		fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
		if (fd < 0)
			return -errno;
		close(fd);
		fd = open(path, O_PATH | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	case FD_KIND_COUNT:
		break;
	}
	return -EINVAL;
}

/* Does a delivered descriptor really work? Empty `problem` means yes. */
static bool check_fd(enum fd_kind_id kind, int fd, char *problem, size_t len)
{
	const char *acc = fd_kinds[kind].access;
	int want = !strcmp(acc, "rw") ? O_RDWR : !strcmp(acc, "w") ? O_WRONLY : O_RDONLY;
	char buf[8] = {0};
	struct stat st;
	uint64_t count;
	struct epoll_event ev;
	bool ok = true;
	int fl = fcntl(fd, F_GETFL); /* F_GETFL has no SMACK check */

	if (fl < 0 || (fl & O_ACCMODE) != want) {
		snprintf(problem, len, "access mode 0%o, expected 0%o", fl & O_ACCMODE, want);
		return false;
	}
	/* fstat needs r (smack_inode_getattr): a write-only or O_PATH fd is proven otherwise. */
	if (fd_kinds[kind].expect.steps[0].need != NEED_W &&
	    fd_kinds[kind].expect.steps[0].need != NEED_ANY) {
		if (fstat(fd, &st)) {
			snprintf(problem, len, "fstat: %s", strerror(errno));
			return false;
		}
		if (fd_kinds[kind].file_type && (st.st_mode & S_IFMT) != fd_kinds[kind].file_type) {
			snprintf(problem, len, "wrong type 0%o", st.st_mode & S_IFMT);
			return false;
		}
	}
	errno = 0; /* a short read or write leaves errno alone; do not report a stale one */
	switch (kind) {
	case FD_SOCK_STREAM: case FD_SOCK_DGRAM: case FD_SOCK_SEQPACKET:
		ok = recv(fd, buf, sizeof(buf), MSG_DONTWAIT) == sizeof(payload);
		break;
	case FD_FILE_RO: case FD_MEMFD: case FD_FILE_RW:
		ok = pread(fd, buf, sizeof(buf), 0) == sizeof(payload);
		if (ok && kind != FD_FILE_RO)
			ok = pwrite(fd, "w", 1, 0) == 1;
		break;
	case FD_PIPE_R: case FD_FIFO_R:
		ok = read(fd, buf, sizeof(buf)) == sizeof(payload);
		break;
	case FD_FILE_WO: case FD_PIPE_W:
		ok = write(fd, "w", 1) == 1;
		memcpy(buf, payload, sizeof(payload));
		break;
	case FD_EVENTFD:
		ok = read(fd, &count, sizeof(count)) == sizeof(count) && count == 1;
		memcpy(buf, payload, sizeof(payload));
		break;
	case FD_EPOLL:
		ok = epoll_wait(fd, &ev, 1, 0) == 1;
		memcpy(buf, payload, sizeof(payload));
		break;
	case FD_TIMERFD: {
		struct itimerspec its;

		ok = timerfd_gettime(fd, &its) == 0;
		memcpy(buf, payload, sizeof(payload));
		break;
	}
	case FD_SIGNALFD: { /* nothing pending: a working signalfd says EAGAIN */
		struct signalfd_siginfo si;

		ok = read(fd, &si, sizeof(si)) < 0 && errno == EAGAIN;
		memcpy(buf, payload, sizeof(payload));
		break;
	}
	case FD_OPATH: /* O_PATH: the flag itself proves the fd is what was sent */
		ok = (fcntl(fd, F_GETFL) & O_PATH) != 0;
		memcpy(buf, payload, sizeof(payload));
		break;
	case FD_KIND_COUNT:
		break;
	}
	if (!ok)
		snprintf(problem, len, "i/o failed: %s", errno ? strerror(errno) : "short transfer");
	else if (memcmp(buf, payload, sizeof(payload)) != 0)
		snprintf(problem, len, "read back wrong data");
	return ok && !problem[0];
}

/*
 * Set the case's receive-side option; an older kernel refuses it
 * (ENOPROTOOPT) and the case goes on without it, recording that.
 */
static void set_option(const struct fdpass_case *c, int sock, struct fdpass_shm *m)
{
	int on = c->option == RX_NOTRUNC;

	if (c->option != RX_DEFAULT &&
	    setsockopt(sock, SOL_SOCKET, c->option == RX_NOTRUNC ? SO_RIGHTS_NOTRUNC : SO_PASSRIGHTS,
		       &on, sizeof(on)))
		m->option_err = -errno;
}

/* One case's two roles: what they share across the fork. */
struct fdpass_roles {
	const struct case_ctx *ctx;
	const struct fdpass_case *c;
	struct fdpass_shm *m;
	int ch[2];                       /* S's end, R's end */
	int fds[FDPASS_MAX_FDS], keep[FDPASS_MAX_FDS];
};

/* The channel is made under S, so its smk_out (what SCM_SECURITY carries) is S. */
static int make_channel(void *arg, const char **stage)
{
	struct fdpass_roles *f = arg;

	*stage = "socketpair";
	if (socketpair(AF_UNIX, f->c->channel | SOCK_CLOEXEC, 0, f->ch))
		return -errno;
	/* Still with CAP_MAC_ADMIN: label R's end for incoming packets (smk_in). */
	*stage = "smack64ipin";
	if (f->c->receiver_ipin && fsetxattr(f->ch[1], "security.SMACK64IPIN", f->ctx->receiver,
					     strlen(f->ctx->receiver), 0))
		return -errno;
	return 0;
}

static int receiver(void *arg, const char **stage)
{
	struct fdpass_roles *f = arg;
	const struct fdpass_case *c = f->c;
	struct fdpass_shm *m = f->m;
	int one = 1, e, flags = 0, sock = f->ch[1];

	close(f->ch[0]);
	*stage = "setsockopt_passsec";
	if (c->passsec && setsockopt(sock, SOL_SOCKET, SO_PASSSEC, &one, sizeof(one)))
		return -errno;
	set_option(c, sock, m);
	if (c->option == RX_NO_PASSRIGHTS) {
		/* The sender sends only after this, and we look only after its sendmsg returned. */
		latch_post(&m->option_set);
		*stage = "wait_for_send";
		if (latch_wait(&m->sent, f->ctx->timeout_ms / 2))
			return -ETIMEDOUT;
		m->queued = ioctl(sock, SIOCINQ, &e) ? -errno : e; /* bytes queued for us */
		flags = MSG_DONTWAIT; /* a refused send queued nothing: EAGAIN, not a hang */
	}
	fdpass_recv(sock, fdpass_controllen(c), flags, &m->obs);
	/* Delivered fds only: a refused slot (SO_RIGHTS_NOTRUNC) holds an errno, no fd. */
	for (int i = 0; i < m->obs.nfds && i < FDPASS_MAX_FDS; i++) {
		int slot = m->obs.fd_slot[i];

		if (slot < c->nfds)
			m->fd_works[i] = check_fd(c->kinds[slot], m->obs.fds[i], m->fd_problem[i],
						  sizeof(m->fd_problem[i]));
		else
			snprintf(m->fd_problem[i], sizeof(m->fd_problem[i]), "slot %d: not sent", slot);
	}
	return 0;
}

/* R never became its role: the sender need not wait for its option. */
static void receiver_gone(void *arg)
{
	latch_post(&((struct fdpass_roles *)arg)->m->option_set);
}

static int sender(void *arg, const char **stage)
{
	struct fdpass_roles *f = arg;
	const struct fdpass_case *c = f->c;
	struct fdpass_shm *m = f->m;

	close(f->ch[1]);
	for (int i = 0; i < c->nfds; i++) {
		f->fds[i] = make_fd(c->kinds[i], f->ctx->workdir, i, &f->keep[i]);
		*stage = fd_kinds[c->kinds[i]].name;
		if (f->fds[i] < 0)
			return f->fds[i];
	}
	/* SO_PASSRIGHTS counts at send time: wait until the receiver has set it. */
	*stage = "wait_for_receiver_option";
	if (c->option == RX_NO_PASSRIGHTS && latch_wait(&m->option_set, f->ctx->timeout_ms / 2))
		return -ETIMEDOUT;
	m->send_err = fdpass_send(f->ch[0], f->fds, c->nfds);
	if (c->option == RX_NO_PASSRIGHTS) {
		/* The receiver does not block: it looks at its queue once we are done. */
		latch_post(&m->sent);
	} else if (m->send_err) {
		/* Nothing reached the receiver: wake it rather than wait out the timeout. */
		fdpass_send(f->ch[0], NULL, 0);
		shutdown(f->ch[0], SHUT_RDWR);
	}
	/* The kept ends stay open until the receiver has used what it got (exit closes them). */
	return 0;
}

/* The sender failed: a message without fds wakes the receiver, no hang on our failure. */
static void wake(void *arg)
{
	struct fdpass_roles *f = arg;

	fdpass_send(f->ch[0], NULL, 0);
	if (f->c->option == RX_NO_PASSRIGHTS)
		latch_post(&f->m->sent);
}

static int fdpass_body(void *arg)
{
	const struct case_ctx *ctx = arg;
	struct fdpass_roles f = {.ctx = ctx, .c = fdpass_case_at(ctx->index), .m = ctx->shm};
	const struct roles r = {.keep_override = f.c->keep_override, .before_fork = make_channel,
				.receiver = receiver, .receiver_gone = receiver_gone,
				.sender = sender, .wake = wake};

	return roles_run(ctx->sender, ctx->receiver, &r, &f, &f.m->roles);
}

static const char *sec_name(enum sec_expect s)
{
	return s == SEC_FULL ? "sender_label" : s == SEC_TRUNC ? "sender_label_truncated"
	       : s == SEC_HUH ? "huh_label_?" : s == SEC_EMPTY ? "empty_label" : "none";
}

static bool security_matches(const struct recv_obs *o, enum sec_expect want, const char *label)
{
	size_t n = strlen(label);

	switch (want) {
	case SEC_NONE:
		return !o->has_security;
	case SEC_FULL:
		return o->has_security && o->security_len == n && memcmp(o->security, label, n) == 0;
	case SEC_TRUNC:
		return o->has_security && o->security_len < n &&
		       memcmp(o->security, label, o->security_len) == 0;
	case SEC_HUH:
		return o->has_security && o->security_len == 1 && o->security[0] == '?';
	case SEC_EMPTY:
		return o->has_security && o->security_len == 0;
	}
	return false;
}

static void describe_case(const struct case_ctx *ctx, const struct fdpass_case *c, struct yaml *y)
{
	char kinds[256] = "";

	for (int i = 0; i < c->nfds; i++)
		snprintf(kinds + strlen(kinds), sizeof(kinds) - strlen(kinds), "%s%s",
			 i ? "," : "", fd_kinds[c->kinds[i]].name);
	yaml_str(y, 0, "family", "fdpass");
	if (c->story)
		yaml_str(y, 0, "story", c->story);
	yaml_str(y, 0, "sender_label", ctx->sender);
	yaml_str(y, 0, "receiver_label", ctx->receiver);
	yaml_str(y, 0, "descriptors", kinds);
	yaml_str(y, 0, "channel", channel_name(c->channel));
	yaml_bool(y, 0, "so_passsec", c->passsec);
	if (c->keep_override)
		yaml_bool(y, 0, "receiver_keeps_cap_mac_override", true);
	yaml_int(y, 0, "control_buffer", (long)fdpass_controllen(c));
	if (c->option != RX_DEFAULT)
		yaml_str(y, 0, "receiver_sets", c->option == RX_NOTRUNC ? "SO_RIGHTS_NOTRUNC=1"
									 : "SO_PASSRIGHTS=0");
	if (c->receiver_ipin)
		yaml_str(y, 0, "receiving_end_smack64ipin", ctx->receiver);
	yaml_rules(y, c->rules, ctx);
}

/* The SCM_RIGHTS slots that hold an errno instead of an fd, as slot_N: ENAME. */
static void yaml_refused(struct yaml *y, int n, const int *slot, const int *err)
{
	char key[16];

	yaml_int(y, 1, "refused", n);
	if (!n)
		return;
	yaml_map(y, 1, "refused_slots");
	for (int i = 0; i < n && i < FDPASS_MAX_FDS; i++) {
		snprintf(key, sizeof(key), "slot_%d", slot[i]);
		yaml_str(y, 2, key, errno_token(-err[i]));
	}
}

/* Do the observed slots hold fds and -EACCES exactly where the model says? */
static bool slots_match(const struct recv_obs *o, const struct fdpass_expect *e)
{
	if (o->nslots != fdpass_slots(e))
		return false;
	for (int i = 0; i < o->nslots && i < FDPASS_MAX_FDS; i++)
		if ((e->refused >> i & 1) ? o->slots[i] != -EACCES : o->slots[i] < 0)
			return false;
	return true;
}

static enum verdict fdpass_judge(const struct case_ctx *ctx, const struct case_status *st,
				 struct yaml *y)
{
	const struct gate *gates[FDPASS_MAX_GATES];
	int ng;
	const struct fdpass_case *c = fdpass_case_at(ctx->index);
	const struct fdpass_shm *m = ctx->shm;
	const struct recv_obs *o = &m->obs;
	struct fdpass_expect e = fdpass_expected(c, ctx->kver, strlen(ctx->sender));
	bool ok = true, works = true, ctrunc = o->msg_flags & MSG_CTRUNC;
	char problem[600] = "";
	/* A role that could not set itself up: the kernel was never asked. */
	bool broken = roles_broken(&m->roles, problem, sizeof(problem));

	describe_case(ctx, c, y);
	if (broken) {
		/* roles_broken() filled problem */
	} else if (m->send_err && c->option != RX_NO_PASSRIGHTS) { /* there, an observation */
		snprintf(problem, sizeof(problem), "sendmsg failed: %s", strerror(-m->send_err));
	} else if (!m->roles.receiver_reaped || !WIFEXITED(m->roles.receiver_status) ||
		   WEXITSTATUS(m->roles.receiver_status)) {
		snprintf(problem, sizeof(problem), "receiver ended abnormally (status 0x%x)",
			 m->roles.receiver_status);
	} else if (st->end != CASE_EXITED || st->exit_code) {
		snprintf(problem, sizeof(problem), "case process did not finish cleanly");
	}
	if (problem[0]) {
		yaml_str(y, 0, broken ? "broken" : "problem", problem);
		ok = false;
	}

	yaml_map(y, 0, "expected");
	yaml_int(y, 1, "delivered", e.delivered);
	yaml_bool(y, 1, "ctrunc", e.ctrunc);
	yaml_str(y, 1, "scm_security", sec_name(e.security));
	if (e.security == SEC_HUH || e.security == SEC_EMPTY)
		yaml_str(y, 1, "scm_security_why",
			 "stream recv copies the secid only with SO_PASSCRED (unix_stream_read_generic)");
	if (c->option != RX_DEFAULT) {
		int slot[FDPASS_MAX_FDS], err[FDPASS_MAX_FDS], n = 0;

		yaml_str(y, 1, "setsockopt", errno_token(e.option_err));
		if (c->option == RX_NO_PASSRIGHTS) {
			yaml_str(y, 1, "sendmsg", errno_token(e.send_err));
			yaml_bool(y, 1, "queued", !e.send_err);
			yaml_str(y, 1, "sendmsg_decided_by",
				 c->receiver_ipin
				 ? "unix_dgram_sendmsg: !sk_scm_rights -> EPERM, then "
				   "smack_unix_may_send: S w R (SMACK64IPIN)"
				 : "unix_*_sendmsg: fds and !other->sk_scm_rights -> EPERM");
		}
		for (int i = 0; i < c->nfds; i++)
			if (e.refused >> i & 1) {
				slot[n] = i;
				err[n++] = EACCES; /* smk_access()/smk_curacc() refuse with -EACCES */
			}
		yaml_refused(y, n, slot, err);
	}
	yaml_map(y, 1, "decided_by"); /* one item per descriptor, in order */
	for (int i = 0; i < c->nfds; i++)
		yaml_item(y, 2, fdpass_need(c->kinds[i], ctx->kver)->why);

	ng = fdpass_gates(c, gates);
	for (int i = 0; i < ng; i++)
		yaml_gate(y, i, gates[i], ctx->kver);
	yaml_map(y, 0, "observed");
	yaml_int(y, 1, "recvmsg", (long)o->ret);
	yaml_str(y, 1, "errno", o->ret < 0 ? strerrorname_np(o->err) : "0");
	yaml_int(y, 1, "delivered", o->nfds);
	yaml_bool(y, 1, "ctrunc", ctrunc);
	if (o->has_security)
		yaml_bytes(y, 1, "scm_security", o->security, o->security_len);
	else
		yaml_str(y, 1, "scm_security", NULL);
	yaml_int(y, 1, "control_messages", o->cmsgs);
	if (c->option != RX_DEFAULT) {
		yaml_str(y, 1, "setsockopt", errno_token(m->option_err));
		if (c->option == RX_NO_PASSRIGHTS) {
			yaml_str(y, 1, "sendmsg", errno_token(m->send_err));
			yaml_int(y, 1, "queued_bytes", m->queued);
		}
	}
	if (c->option != RX_DEFAULT || o->nrefused)
		yaml_refused(y, o->nrefused, o->refused_slot, o->refused_err);
	if (o->unknown || o->malformed || o->has_creds)
		yaml_str(y, 1, "unexpected_cmsg", o->malformed ? "malformed" : "unknown or creds");
	for (int i = 0; i < o->nfds && i < FDPASS_MAX_FDS && i < c->nfds; i++)
		works &= m->fd_works[i];
	yaml_bool(y, 1, "delivered_fds_work", works);
	if (!works) {
		yaml_map(y, 1, "fd_problems");
		for (int i = 0; i < o->nfds && i < FDPASS_MAX_FDS && i < c->nfds; i++)
			yaml_item(y, 2, m->fd_works[i] ? "ok" : m->fd_problem[i]);
	}

	/* A refused send queued nothing: the non-blocking receive finds the queue empty. */
	ok = ok && (e.send_err ? o->ret < 0 && o->err == EAGAIN && m->queued == 0 : o->ret == 1) &&
	     m->send_err == e.send_err && m->option_err == e.option_err &&
	     o->nfds == e.delivered && slots_match(o, &e) && ctrunc == e.ctrunc &&
	     security_matches(o, e.security, ctx->sender) && works && !o->unknown &&
	     !o->malformed && !o->has_creds;
	if (!ok && !problem[0])
		yaml_hint(y, gates, ng, ctx->kver);
	return broken ? VERDICT_BROKEN : ok ? VERDICT_PASS : VERDICT_FAIL;
}

/*
 * Two families share the table: fdpass_family has the cases before
 * fdpass_option_first(), fdpass_options_family those of the receive-side
 * options, from there on. Its index i is table index first + i.
 */
static size_t fdpass_count(void)
{
	return fdpass_option_first();
}

static size_t options_count(void)
{
	return fdpass_case_count() - fdpass_option_first();
}

static const char *fdpass_name(size_t i)
{
	return fdpass_case_at(i)->name;
}

static void fdpass_roles(size_t i, const char **s, const char **r)
{
	*s = fdpass_case_at(i)->sender_role;
	*r = fdpass_case_at(i)->receiver_role;
}

static int fdpass_rules(size_t i, struct rule_spec *out)
{
	const struct ruleset *rs = &rulesets[fdpass_case_at(i)->rules];

	memcpy(out, rs->rules, rs->n * sizeof(*out));
	return rs->n;
}

static const char *options_name(size_t i)
{
	return fdpass_name(fdpass_option_first() + i);
}

static void options_roles(size_t i, const char **s, const char **r)
{
	fdpass_roles(fdpass_option_first() + i, s, r);
}

static int options_rules(size_t i, struct rule_spec *out)
{
	return fdpass_rules(fdpass_option_first() + i, out);
}

static int options_body(void *arg)
{
	struct case_ctx ctx = *(const struct case_ctx *)arg;

	ctx.index += fdpass_option_first();
	return fdpass_body(&ctx);
}

/*
 * SMACK refusals the case saw: the sender's send refused (SMACK64IPIN), or
 * fewer descriptors than sent where SMACK's rules refuse one of them.
 */
static int fdpass_denials(const struct case_ctx *ctx)
{
	const struct fdpass_case *c = fdpass_case_at(ctx->index);
	const struct fdpass_shm *m = ctx->shm;

	if (m->send_err == -EACCES)
		return 1;
	if (m->send_err)
		return 0;
	return (m->obs.nfds < c->nfds || m->obs.nslots > m->obs.nfds) &&
	       fdpass_smack_refuses(c, ctx->kver, strlen(ctx->sender));
}

/* What smack_file_receive() asks for each descriptor, and the send's check where SMACK64IPIN is R. */
static int fdpass_accesses(size_t i, unsigned kver, struct access *out, int max)
{
	const struct fdpass_case *c = fdpass_case_at(i);
	int n = 0;

	for (int k = 0; k < c->nfds; k++)
		expect_accesses(fdpass_need(c->kinds[k], kver), out, &n, max);
	if (c->receiver_ipin && n < max) {
		struct access a;

		need_accesses(NEED_S_W_R, &a);
		out[n++] = a;
	}
	return n;
}

static int options_accesses(size_t i, unsigned kver, struct access *out, int max)
{
	return fdpass_accesses(i + fdpass_option_first(), kver, out, max);
}

static int options_denials(const struct case_ctx *arg)
{
	struct case_ctx ctx = *arg;

	ctx.index += fdpass_option_first();
	return fdpass_denials(&ctx);
}

static enum verdict options_judge(const struct case_ctx *arg, const struct case_status *st,
				  struct yaml *y)
{
	struct case_ctx ctx = *arg;

	ctx.index += fdpass_option_first();
	return fdpass_judge(&ctx, st, y);
}

/* Both families, from their functions' prefix: fdpass_* or options_*. */
#define FDPASS_FAMILY(p)                                                              \
	{.name = "fdpass", .count = p##_count, .name_of = p##_name, .roles = p##_roles,    \
	 .rules = p##_rules, .body = p##_body, .judge = p##_judge,                         \
	 .shm_size = sizeof(struct fdpass_shm), .denials = p##_denials,                   \
	 .accesses = p##_accesses}

const struct family fdpass_family = FDPASS_FAMILY(fdpass);
const struct family fdpass_options_family = FDPASS_FAMILY(options);
