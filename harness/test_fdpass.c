/* Unit tests: the control-message parser, on synthetic and on real messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <cmocka.h>

#include "fdpass.h"

union cbuf {
	char buf[512];
	struct cmsghdr align;
};

static struct cmsghdr *put(char *p, int type, const void *data, size_t len)
{
	struct cmsghdr *cm = (struct cmsghdr *)p;

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = type;
	cm->cmsg_len = CMSG_LEN(len);
	memcpy(CMSG_DATA(cm), data, len);
	return cm;
}

static void parses_security_then_rights(void **state)
{
	union cbuf u = {{0}};
	int fds[3] = {7, 8, 9};
	struct msghdr msg = {.msg_control = u.buf};
	struct recv_obs o = {0};
	size_t off = 0;

	(void)state;
	/* The kernel puts SCM_SECURITY first, label without NUL. */
	put(u.buf, SCM_SECURITY, "sipc.S", 6);
	off += CMSG_SPACE(6);
	put(u.buf + off, SCM_RIGHTS, fds, sizeof(fds));
	off += CMSG_SPACE(sizeof(fds));
	msg.msg_controllen = off;
	fdpass_parse(&msg, &o);
	assert_true(o.has_security);
	assert_int_equal(o.security_len, 6);
	assert_string_equal(o.security, "sipc.S");
	assert_int_equal(o.nfds, 3);
	assert_int_equal(o.fds[2], 9);
	assert_int_equal(o.cmsgs, 2);
	assert_int_equal(o.rights_msgs, 1);
	assert_false(o.malformed);
}

static void parses_truncated_security(void **state)
{
	union cbuf u = {{0}};
	struct msghdr msg = {.msg_control = u.buf, .msg_flags = MSG_CTRUNC};
	struct recv_obs o = {0};
	struct cmsghdr *cm;

	(void)state;
	/* put_cmsg() cut a 15-byte label to the 24 bytes there were: cmsg_len 24. */
	cm = put(u.buf, SCM_SECURITY, "sipc1234.0001.S", 8);
	cm->cmsg_len = 24;
	msg.msg_controllen = 24;
	fdpass_parse(&msg, &o);
	assert_true(o.has_security);
	assert_int_equal(o.security_len, 8);
	assert_memory_equal(o.security, "sipc1234", 8);
	assert_int_equal(o.nfds, 0);
	assert_true(o.msg_flags & MSG_CTRUNC);
}

/* SO_RIGHTS_NOTRUNC: a refused slot holds -errno; it is no fd and is never closed. */
static void parses_refused_slots(void **state)
{
	union cbuf u = {{0}};
	int slots[4] = {7, -EACCES, 9, -EPERM};
	struct msghdr msg = {.msg_control = u.buf};
	struct recv_obs o = {0};

	(void)state;
	put(u.buf, SCM_RIGHTS, slots, sizeof(slots));
	msg.msg_controllen = CMSG_SPACE(sizeof(slots));
	fdpass_parse(&msg, &o);
	assert_int_equal(o.nslots, 4);
	assert_int_equal(o.slots[1], -EACCES);
	assert_int_equal(o.nfds, 2); /* delivered: the two real fds */
	assert_int_equal(o.fds[0], 7);
	assert_int_equal(o.fds[1], 9);
	assert_int_equal(o.fd_slot[0], 0);
	assert_int_equal(o.fd_slot[1], 2); /* the fd after the refusal keeps its slot */
	assert_int_equal(o.nrefused, 2);
	assert_int_equal(o.refused_slot[0], 1);
	assert_int_equal(o.refused_err[0], EACCES);
	assert_int_equal(o.refused_slot[1], 3);
	assert_int_equal(o.refused_err[1], EPERM);
	assert_false(o.malformed);
	/* a negative that is no errno is still refused, errno 0 */
	slots[0] = -100000;
	put(u.buf, SCM_RIGHTS, slots, sizeof(int));
	msg.msg_controllen = CMSG_SPACE(sizeof(int));
	memset(&o, 0, sizeof(o));
	fdpass_parse(&msg, &o);
	assert_int_equal(o.nfds, 0);
	assert_int_equal(o.nrefused, 1);
	assert_int_equal(o.refused_err[0], 0);
	fdpass_close(&o); /* closes nothing: no fd was delivered */
}

/*
 * SO_PASSRIGHTS on the host kernel: either it knows the option (6.16 on),
 * and a sender's SCM_RIGHTS fails with EPERM and nothing is queued, or it
 * says ENOPROTOOPT and the fd passes.
 */
static void passrights_off_on_this_kernel(void **state)
{
	int sv[2], p[2], off = 0, q = -1;
	struct recv_obs o;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(pipe(p), 0);
	if (setsockopt(sv[1], SOL_SOCKET, SO_PASSRIGHTS, &off, sizeof(off)) == 0) {
		assert_int_equal(fdpass_send(sv[0], p, 1), -EPERM);
		assert_int_equal(ioctl(sv[1], FIONREAD, &q), 0);
		assert_int_equal(q, 0);
		fdpass_recv(sv[1], 4096, MSG_DONTWAIT, &o);
		assert_true(o.ret < 0 && o.err == EAGAIN);
		assert_int_equal(fdpass_send(sv[0], NULL, 0), 0); /* data without fds still goes */
	} else {
		assert_int_equal(errno, ENOPROTOOPT);
		assert_int_equal(fdpass_send(sv[0], p, 1), 0);
		fdpass_recv(sv[1], 4096, 0, &o);
		assert_int_equal(o.nfds, 1);
		fdpass_close(&o);
	}
	/* SO_RIGHTS_NOTRUNC: known (7.3 on) or ENOPROTOOPT; without an LSM refusal, no change */
	if (setsockopt(sv[1], SOL_SOCKET, SO_RIGHTS_NOTRUNC, &(int){1}, sizeof(int)))
		assert_int_equal(errno, ENOPROTOOPT);
	close(sv[0]);
	close(sv[1]);
	close(p[0]);
	close(p[1]);
}

static void flags_impossible_lengths(void **state)
{
	union cbuf u = {{0}};
	struct msghdr msg = {.msg_control = u.buf};
	struct recv_obs o = {0};
	struct cmsghdr *cm;
	int fd = 3;

	(void)state;
	cm = put(u.buf, SCM_RIGHTS, &fd, sizeof(fd));
	cm->cmsg_len = 400; /* beyond msg_controllen */
	msg.msg_controllen = CMSG_SPACE(sizeof(fd));
	fdpass_parse(&msg, &o);
	assert_true(o.malformed);
	assert_int_equal(o.nfds, 0);
}

static void counts_creds_and_unknown(void **state)
{
	union cbuf u = {{0}};
	struct msghdr msg = {.msg_control = u.buf};
	struct recv_obs o = {0};
	struct ucred c = {.pid = 42, .uid = 0, .gid = 0};
	struct cmsghdr *cm;
	size_t off = CMSG_SPACE(sizeof(c));

	(void)state;
	put(u.buf, SCM_CREDENTIALS, &c, sizeof(c));
	cm = put(u.buf + off, 77, "x", 1);
	cm->cmsg_level = 0;
	msg.msg_controllen = off + CMSG_SPACE(1);
	fdpass_parse(&msg, &o);
	assert_true(o.has_creds);
	assert_int_equal(o.cred_pid, 42);
	assert_int_equal(o.unknown, 1);
}

static void round_trips_over_a_socketpair(void **state)
{
	int sv[2], p[2];
	struct recv_obs o;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(fdpass_send(sv[0], p, 2), 0);
	/*
	 * CMSG_LEN(one int) = 20 bytes holds one fd (CMSG_SPACE would hold two,
	 * its padding is room too): the kernel keeps the first, sets MSG_CTRUNC.
	 */
	fdpass_recv(sv[1], CMSG_LEN(sizeof(int)), 0, &o);
	assert_int_equal(o.ret, 1);
	assert_int_equal(o.nfds, 1);
	assert_true(o.msg_flags & MSG_CTRUNC);
	assert_true(write(o.fds[0], "z", 1) < 0); /* p[0] is a read end */
	fdpass_close(&o);
	assert_int_equal(fdpass_send(sv[0], p, 2), 0);
	fdpass_recv(sv[1], 4096, 0, &o);
	assert_int_equal(o.nfds, 2);
	assert_false(o.msg_flags & MSG_CTRUNC);
	assert_int_equal(write(o.fds[1], "z", 1), 1);
	fdpass_close(&o);
	assert_int_equal(fdpass_send(sv[0], p, FDPASS_MAX_FDS + 1), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_security_then_rights),
		cmocka_unit_test(parses_truncated_security),
		cmocka_unit_test(parses_refused_slots),
		cmocka_unit_test(passrights_off_on_this_kernel),
		cmocka_unit_test(flags_impossible_lengths),
		cmocka_unit_test(counts_creds_and_unknown),
		cmocka_unit_test(round_trips_over_a_socketpair),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
