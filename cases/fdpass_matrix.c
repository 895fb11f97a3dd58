/*
 * The fd-passing matrix as data: descriptor kinds, rule sets, and the axes
 * they are crossed with. Expectations come from the model below, which
 * follows net/core/scm.c and smack_file_receive(); the Legato rows state
 * theirs outright (and a unit test checks the model agrees).
 */
#include "fdpass_cases.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

/* Sockets are judged by their socket labels, both directions (since 4.5). */
#define KIND_SOCKET(n)                                                                         \
	{.name = n, .access = "rw", .file_type = S_IFSOCK,                                      \
	 .expect = {.why = "smack_file_receive: R w smk_out(S) and smk_in(S) w R",                  \
		    .steps = {{NEED_SOCK, EACCES, .no_override = true}}},                            \
	 .gates = {{&socket_receive_gate,                                                      \
		    {.why = "before 4.5: sockfs inode labelled \"_\", R needs w on it",               \
		     .steps = {{NEED_FLOOR_RW, EACCES}}}}}}
/* Everything else: the file's f_mode against the inode label, through smk_curacc(). */
#define KIND_FILE(n, acc, type, need, w)                                     \
	{.name = n, .access = acc, .file_type = type,                         \
	 .expect = {.why = "smack_file_receive: " w, .steps = {{need, EACCES}}}}

const struct fd_kind fd_kinds[FD_KIND_COUNT] = {
	[FD_SOCK_STREAM] = KIND_SOCKET("sock_stream"),
	[FD_SOCK_DGRAM] = KIND_SOCKET("sock_dgram"),
	[FD_SOCK_SEQPACKET] = KIND_SOCKET("sock_seqpacket"),
	[FD_FILE_RO] = KIND_FILE("file_ro", "r", S_IFREG, NEED_R, "FMODE_READ, R r S (tmpfs file)"),
	[FD_FILE_WO] = KIND_FILE("file_wo", "w", S_IFREG, NEED_W, "FMODE_WRITE, R w S (tmpfs file)"),
	[FD_FILE_RW] = KIND_FILE("file_rw", "rw", S_IFREG, NEED_RW, "FMODE_READ|WRITE, R rw S"),
	[FD_PIPE_R] = KIND_FILE("pipe_r", "r", S_IFIFO, NEED_R, "FMODE_READ, pipefs inode labelled S"),
	[FD_PIPE_W] = KIND_FILE("pipe_w", "w", S_IFIFO, NEED_W, "FMODE_WRITE, pipefs inode labelled S"),
	[FD_FIFO_R] = KIND_FILE("fifo_r", "r", S_IFIFO, NEED_R, "FMODE_READ, FIFO on tmpfs labelled S"),
	[FD_MEMFD] = KIND_FILE("memfd", "rw", S_IFREG, NEED_RW, "FMODE_READ|WRITE, shmem inode labelled S"),
	/* anon_inode_getfile() shares one S_PRIVATE inode: IS_PRIVATE returns 0 first. */
	[FD_EVENTFD] = KIND_FILE("eventfd", "rw", 0, NEED_NONE, "IS_PRIVATE(anon inode)"),
	[FD_EPOLL] = KIND_FILE("epoll", "rw", 0, NEED_NONE, "IS_PRIVATE(anon inode)"),
	[FD_TIMERFD] = KIND_FILE("timerfd", "rw", 0, NEED_NONE, "IS_PRIVATE(anon inode)"),
	[FD_SIGNALFD] = KIND_FILE("signalfd", "rw", 0, NEED_NONE, "IS_PRIVATE(anon inode)"),
	/*
	 * An O_PATH file has neither FMODE_READ nor FMODE_WRITE: smk_curacc()
	 * asks for no access, which any rule R->S (with some access) grants and
	 * the absence of a rule refuses.
	 */
	[FD_OPATH] = KIND_FILE("opath", "r", 0, NEED_ANY, "O_PATH, no FMODE bits: any rule R S"),
};

static const int channels[] = {SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET};

const char *channel_name(int type)
{
	return type == SOCK_STREAM ? "stream" : type == SOCK_DGRAM ? "dgram" : "seqpacket";
}

const struct expect *fdpass_need(enum fd_kind_id kind, unsigned kver)
{
	int by;

	return expect_pick(&fd_kinds[kind].expect, fd_kinds[kind].gates, kver, &by);
}

static bool accepted(enum fd_kind_id kind, unsigned kver, enum ruleset_id rs, bool override)
{
	return expect_result(fdpass_need(kind, kver), rs, override) == 0;
}

bool fdpass_smack_refuses(const struct fdpass_case *c, unsigned kver, size_t label_len)
{
	/* Only what fits the buffer reaches security_file_receive(), in order. */
	struct fdpass_case all = *c;
	struct fdpass_expect room;

	all.keep_override = true;
	all.rules = RS_BOTH_W;
	room = fdpass_model(&all, kver, label_len);
	for (int i = 0; i < room.delivered && i < c->nfds; i++)
		if (!accepted(c->kinds[i], kver, c->rules, c->keep_override))
			return true;
	return false;
}

size_t fdpass_controllen(const struct fdpass_case *c)
{
	/* "exact" is what most code writes: room for the fds and nothing else. */
	return c->cbuf == CBUF_EXACT ? CMSG_SPACE(c->nfds * sizeof(int)) : 4096;
}

int fdpass_slots(const struct fdpass_expect *e)
{
	return e->delivered + __builtin_popcount(e->refused);
}

static const struct gate *option_gate(enum rx_option o)
{
	return o == RX_NOTRUNC ? &notrunc_gate : o == RX_NO_PASSRIGHTS ? &passrights_gate : NULL;
}

struct fdpass_expect fdpass_model(const struct fdpass_case *c, unsigned kver,
				  size_t label_len)
{
	struct fdpass_expect e = {0, false, SEC_NONE, 0, 0, 0};
	size_t space = fdpass_controllen(c);
	bool option = c->option != RX_DEFAULT;
	int fdmax, i;

	/* An older kernel does not know the option: sk_setsockopt()'s default. */
	if (option && gate_applies_old(option_gate(c->option), kver)) {
		e.option_err = -ENOPROTOOPT;
		option = false;
	}
	if (option && c->option == RX_NO_PASSRIGHTS) {
		e.send_err = -EPERM; /* nothing is queued: the receiver gets nothing */
		return e;
	}
	/* unix_dgram_sendmsg(), after that check: seqpacket and stream are checked at connect */
	if (c->receiver_ipin && c->channel == SOCK_DGRAM && !ruleset_grants(c->rules, NEED_S_W_R)) {
		e.send_err = -EACCES;
		return e;
	}

	if (c->passsec) { /* scm_passec() -> put_cmsg() */
		bool huh = c->channel == SOCK_STREAM; /* no SO_PASSCRED here: secid 0 */
		bool empty = huh && gate_applies_old(&huh_gate, kver);

		if (huh)
			label_len = empty ? 0 : 1;
		if (space < sizeof(struct cmsghdr)) {
			e.ctrunc = true;
		} else {
			size_t used = CMSG_SPACE(label_len);

			e.security = empty ? SEC_EMPTY : huh ? SEC_HUH : SEC_FULL;
			if (space < CMSG_LEN(label_len)) {
				e.ctrunc = true;
				e.security = SEC_TRUNC;
			}
			space -= used < space ? used : space;
		}
	}
	/* scm_max_fds(), then the receive loop of scm_detach_fds() */
	fdmax = space <= sizeof(struct cmsghdr)
			? 0 : (int)((space - sizeof(struct cmsghdr)) / sizeof(int));
	if (fdmax > c->nfds)
		fdmax = c->nfds;
	for (i = 0; i < fdmax; i++) {
		if (accepted(c->kinds[i], kver, c->rules, c->keep_override))
			e.delivered++;
		else if (option && c->option == RX_NOTRUNC)
			e.refused |= 1u << i; /* put_user(-EACCES), and on to the next */
		else
			break;
	}
	/* MSG_CTRUNC when a slot was not written: a refusal without notrunc, or no room. */
	if (i < c->nfds)
		e.ctrunc = true;
	return e;
}

int fdpass_gates(const struct fdpass_case *c, const struct gate **out)
{
	int n = 0;

	if (c->option != RX_DEFAULT)
		out[n++] = option_gate(c->option);
	for (int i = 0; i < c->nfds; i++)
		for (int k = 0; k < gates_count(fd_kinds[c->kinds[i]].gates); k++) {
			const struct gate *g = fd_kinds[c->kinds[i]].gates[k].gate;
			bool seen = false;

			for (int j = 0; j < n; j++)
				seen |= out[j] == g;
			if (!seen)
				out[n++] = g;
		}
	/* Stream receives without SO_PASSCRED label SCM_SECURITY with an unknown secid. */
	if (c->passsec && c->channel == SOCK_STREAM)
		out[n++] = &huh_gate;
	return n;
}

struct fdpass_expect fdpass_expected(const struct fdpass_case *c, unsigned kver,
				     size_t label_len)
{
	const struct gate *gates[FDPASS_MAX_GATES];
	int n = fdpass_gates(c, gates);
	bool gated = false;

	for (int i = 0; i < n; i++)
		gated |= gate_applies_old(gates[i], kver);
	/* A stated expectation is for current kernels; gates still apply to it. */
	if (c->stated && !gated)
		return c->expect;
	return fdpass_model(c, kver, label_len);
}

/*
 * Several descriptors in one message: the receive loop stops at the first
 * refusal, so what comes after a denied fd is lost too.
 */
struct multi_row {
	const char *tag;
	int n;
	enum fd_kind_id kinds[4];
	enum ruleset_id rules;
};
static const struct multi_row multi_rows[] = {
	{"ro_wo_ro", 3, {FD_FILE_RO, FD_FILE_WO, FD_FILE_RO}, RS_RS_R},
	{"ro_sock_piper", 3, {FD_FILE_RO, FD_SOCK_STREAM, FD_PIPE_R}, RS_RS_RW},
	{"eventfd_wo_epoll", 3, {FD_EVENTFD, FD_FILE_WO, FD_EPOLL}, RS_NONE},
	{"piper_pipew_memfd_eventfd", 4, {FD_PIPE_R, FD_PIPE_W, FD_MEMFD, FD_EVENTFD}, RS_RS_RW},
	{"seqpacket_x3", 3, {FD_SOCK_SEQPACKET, FD_SOCK_SEQPACKET, FD_SOCK_SEQPACKET}, RS_BOTH_W},
};
/*
 * With SO_RIGHTS_NOTRUNC also a refusal first (what comes after it arrives)
 * and nothing but refusals (an SCM_RIGHTS array of errnos, no descriptor).
 */
static const struct multi_row notrunc_multi_rows[] = {
	{"wo_ro_ro", 3, {FD_FILE_WO, FD_FILE_RO, FD_FILE_RO}, RS_RS_R},
	{"sock_dgram_x3", 3, {FD_SOCK_DGRAM, FD_SOCK_DGRAM, FD_SOCK_DGRAM}, RS_NONE},
};

/*
 * The notrunc crossing of single descriptors, one kind per kind of check
 * (socket, r, w, rw, anonymous inode, O_PATH): SO_RIGHTS_NOTRUNC changes
 * only what happens after smack_file_receive() has refused, and which kinds
 * it refuses under which rules is the default matrix's job, all 15 kinds on
 * all three channels. One channel (dgram: SCM_SECURITY carries the label).
 */
static const enum fd_kind_id notrunc_kinds[] = {
	FD_SOCK_STREAM, FD_FILE_RO, FD_FILE_WO, FD_MEMFD, FD_EVENTFD, FD_OPATH,
};

/*
 * The Legato report (shared/seeds/legato-so-passsec-smack.txt): a
 * "framework" hands a SOCK_SEQPACKET socketpair end to an "admin" tool.
 * Its changes: (1) SCM_SECURITY in libc headers - compile time only, this
 * suite defines it itself; (2) SO_PASSSEC on the socket; (3) handling
 * SCM_SECURITY in the parser; (4) rules "framework admin w" and "admin
 * framework w"; (5) SMACK64EXEC on tools - left to the exec-label family.
 * Each row states what the receiver gets on kernels since 4.5, and what a
 * receiver that also sets SO_RIGHTS_NOTRUNC gets since 7.3.
 */
#define EXPECT(fds, trunc, sec, refused_slots) \
	{.delivered = (fds), .ctrunc = (trunc), .security = (sec), .refused = (refused_slots)}
static const struct {
	const char *tag, *story;
	bool passsec;
	enum ruleset_id rules;
	enum cbuf cbuf;
	struct fdpass_expect expect;
	const char *notrunc_story;
	struct fdpass_expect notrunc;
} legato_rows[] = {
	{"no_changes", "the failure as reported: fd gone, MSG_CTRUNC", false, RS_NONE,
	 CBUF_AMPLE, EXPECT(0, true, SEC_NONE, 0),
	 "the refusal is visible: -EACCES in the slot, no MSG_CTRUNC",
	 EXPECT(0, false, SEC_NONE, 1)},
	{"change2_passsec_only", "SO_PASSSEC alone does not bring the fd back", true, RS_NONE,
	 CBUF_AMPLE, EXPECT(0, true, SEC_FULL, 0),
	 "label and -EACCES arrive, still no fd", EXPECT(0, false, SEC_FULL, 1)},
	{"change4_rules_only", "the two rules alone fix it; SO_PASSSEC is not needed", false,
	 RS_BOTH_W, CBUF_AMPLE, EXPECT(1, false, SEC_NONE, 0),
	 "with the rules the option changes nothing", EXPECT(1, false, SEC_NONE, 0)},
	{"change4_rule_admin_framework_only", "one direction is not enough", false, RS_RS_W,
	 CBUF_AMPLE, EXPECT(0, true, SEC_NONE, 0),
	 "one rule: the slot says EACCES", EXPECT(0, false, SEC_NONE, 1)},
	{"change4_rule_framework_admin_only", "the other direction alone is not enough", false,
	 RS_SR_W, CBUF_AMPLE, EXPECT(0, true, SEC_NONE, 0),
	 "the other rule: the slot says EACCES", EXPECT(0, false, SEC_NONE, 1)},
	{"changes2_3_4", "all kernel-visible changes: fd and the sender's label arrive", true,
	 RS_BOTH_W, CBUF_AMPLE, EXPECT(1, false, SEC_FULL, 0),
	 "all changes: fd and label, as without the option", EXPECT(1, false, SEC_FULL, 0)},
	{"changes2_4_fd_sized_buffer",
	 "SO_PASSSEC with a buffer sized for the fds only: SCM_SECURITY takes the room, fd lost",
	 true, RS_BOTH_W, CBUF_EXACT, EXPECT(0, true, SEC_TRUNC, 0),
	 "no room is no refusal: the option cannot help, fd lost with MSG_CTRUNC",
	 EXPECT(0, true, SEC_TRUNC, 0)},
	{"change4_fd_sized_buffer", "without SO_PASSSEC the fd-sized buffer is fine", false,
	 RS_BOTH_W, CBUF_EXACT, EXPECT(1, false, SEC_NONE, 0),
	 "fd-sized buffer without SO_PASSSEC: the fd", EXPECT(1, false, SEC_NONE, 0)},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define N_SINGLE (FD_KIND_COUNT * 3 * 2 * RS_COUNT * 2)
#define N_MULTI (COUNT(multi_rows) * 3 * 2 * 2)
#define N_LEGATO COUNT(legato_rows)
#define N_WIDE 4
#define N_OVERRIDE FD_KIND_COUNT
#define N_DEFAULT (N_SINGLE + N_MULTI + N_LEGATO + N_WIDE + N_OVERRIDE)
#define N_NOTRUNC (COUNT(notrunc_kinds) * 2 * RS_COUNT * 2 +                 \
		   (COUNT(multi_rows) + COUNT(notrunc_multi_rows)) * 3 * 2 * 2 +  \
		   N_WIDE + N_OVERRIDE + N_LEGATO)
#define N_PASSRIGHTS (4 * 2)
#define N_CASES (N_DEFAULT + N_NOTRUNC + N_PASSRIGHTS)

static struct fdpass_case table[N_CASES];
static size_t table_len;

static const char *verdict(const struct fdpass_case *c)
{
	struct fdpass_expect e = fdpass_expected(c, KV_NEWEST, 15);

	if (e.send_err)
		return e.send_err == -EPERM ? "sender_eperm" : "sender_eacces";
	if (e.delivered == c->nfds)
		return "delivered";
	/* SO_RIGHTS_NOTRUNC: every slot there, some holding an errno */
	if (e.refused && fdpass_slots(&e) == c->nfds)
		return e.delivered ? "partly_refused" : "refused";
	return e.delivered ? "partly_dropped" : "dropped";
}

static void add(struct fdpass_case *c, const char *what)
{
	static const char *const prefix[] = {
		[RX_DEFAULT] = "", [RX_NOTRUNC] = "notrunc_", [RX_NO_PASSRIGHTS] = "passrights_off_"};

	c->sender_role = c->sender_role ? c->sender_role : "S";
	c->receiver_role = c->receiver_role ? c->receiver_role : "R";
	snprintf(c->name, sizeof(c->name), "fdpass_%s%s_via_%s_%s_%s_%s_%s", prefix[c->option],
		 what, channel_name(c->channel), c->passsec ? "passsec" : "nopasssec",
		 rulesets[c->rules].name, c->cbuf == CBUF_EXACT ? "fdsized_buf" : "ample_buf",
		 verdict(c));
	table[table_len++] = *c;
}

/* One descriptor of `kind` on `channel`, under every rule set, SO_PASSSEC and buffer size. */
static void add_single(enum rx_option opt, enum fd_kind_id kind, int channel)
{
	for (int ps = 0; ps < 2; ps++)
		for (int rs = 0; rs < RS_COUNT; rs++)
			for (int cb = 0; cb < 2; cb++) {
				struct fdpass_case c = {
					.nfds = 1, .kinds = {kind}, .channel = channel, .passsec = ps,
					.rules = (enum ruleset_id)rs, .cbuf = (enum cbuf)cb,
					.option = opt};

				add(&c, fd_kinds[kind].name);
			}
}

static void add_multi(enum rx_option opt, const struct multi_row *rows, size_t n)
{
	for (size_t m = 0; m < n; m++)
		for (int ch = 0; ch < 3; ch++)
			for (int ps = 0; ps < 2; ps++)
				for (int cb = 0; cb < 2; cb++) {
					struct fdpass_case c = {
						.nfds = rows[m].n, .channel = channels[ch],
						.passsec = ps, .rules = rows[m].rules,
						.cbuf = (enum cbuf)cb, .option = opt};
					char what[64];

					memcpy(c.kinds, rows[m].kinds, sizeof(rows[m].kinds));
					snprintf(what, sizeof(what), "multi_%s", rows[m].tag);
					add(&c, what);
				}
}

static void add_legato(enum rx_option opt)
{
	for (size_t l = 0; l < N_LEGATO; l++) {
		bool notrunc = opt == RX_NOTRUNC;
		struct fdpass_case c = {
			.nfds = 1, .kinds = {FD_SOCK_SEQPACKET}, .channel = SOCK_SEQPACKET,
			.passsec = legato_rows[l].passsec, .rules = legato_rows[l].rules,
			.cbuf = legato_rows[l].cbuf, .sender_role = "framework",
			.receiver_role = "admin", .stated = true, .option = opt,
			.expect = notrunc ? legato_rows[l].notrunc : legato_rows[l].expect,
			.story = notrunc ? legato_rows[l].notrunc_story : legato_rows[l].story};
		char what[80];

		snprintf(what, sizeof(what), "legato_%s", legato_rows[l].tag);
		add(&c, what);
	}
}

/*
 * Sixteen fds on dgram with SO_PASSSEC and an fd-sized buffer: SCM_SECURITY
 * eats part of the room and only the first ones fit - a partial delivery.
 */
static void add_wide(enum rx_option opt, enum fd_kind_id odd, const char *what)
{
	for (int w = 0; w < N_WIDE; w++) {
		struct fdpass_case c = {
			.nfds = FDPASS_MAX_FDS, .channel = SOCK_DGRAM, .passsec = w & 1,
			.rules = RS_RS_R, .cbuf = w & 2 ? CBUF_EXACT : CBUF_AMPLE, .option = opt};

		for (int i = 0; i < FDPASS_MAX_FDS; i++)
			c.kinds[i] = i & 1 ? odd : FD_FILE_RO;
		add(&c, what);
	}
}

/*
 * A receiver that keeps CAP_MAC_OVERRIDE and has no rule: files pass
 * (smk_curacc bypass), sockets do not (smk_access has none).
 */
static void add_override(enum rx_option opt)
{
	for (int k = 0; k < FD_KIND_COUNT; k++) {
		struct fdpass_case c = {
			.nfds = 1, .kinds = {(enum fd_kind_id)k}, .channel = SOCK_SEQPACKET,
			.rules = RS_NONE, .keep_override = true, .option = opt};
		char what[64];

		snprintf(what, sizeof(what), "%s_to_receiver_with_cap_mac_override", fd_kinds[k].name);
		add(&c, what);
	}
}

static size_t option_first;

static void expand(void)
{
	if (table_len)
		return;
	for (int k = 0; k < FD_KIND_COUNT; k++)
		for (int ch = 0; ch < 3; ch++)
			add_single(RX_DEFAULT, (enum fd_kind_id)k, channels[ch]);
	add_multi(RX_DEFAULT, multi_rows, COUNT(multi_rows));
	add_legato(RX_DEFAULT);
	add_wide(RX_DEFAULT, FD_FILE_RO, "wide_16_file_ro");
	add_override(RX_DEFAULT);

	/* The receive-side options, after every case that was there before them. */
	option_first = table_len;
	for (size_t k = 0; k < COUNT(notrunc_kinds); k++)
		add_single(RX_NOTRUNC, notrunc_kinds[k], SOCK_DGRAM);
	add_multi(RX_NOTRUNC, multi_rows, COUNT(multi_rows));
	add_multi(RX_NOTRUNC, notrunc_multi_rows, COUNT(notrunc_multi_rows));
	/* every other one refused: with SO_PASSSEC and an fd-sized buffer, 4 fds and 4 errnos fit */
	add_wide(RX_NOTRUNC, FD_FILE_WO, "wide_16_ro_wo_alternating");
	add_override(RX_NOTRUNC);
	add_legato(RX_NOTRUNC);
	/*
	 * SO_PASSRIGHTS off: the send fails, whatever the rules; before 6.16 the
	 * socket passes or not as the rules say (both w: yes, none: no). Then
	 * dgram to a receiving end labelled R (SMACK64IPIN), where SMACK itself
	 * checks the send: EPERM comes first; before 6.16 no rule means EACCES.
	 */
	for (int ch = 0; ch < 4; ch++)
		for (int r = 0; r < 2; r++) {
			struct fdpass_case c = {
				.nfds = 1, .kinds = {FD_SOCK_SEQPACKET},
				.channel = ch < 3 ? channels[ch] : SOCK_DGRAM, .receiver_ipin = ch == 3,
				.rules = r ? RS_BOTH_W : RS_NONE, .option = RX_NO_PASSRIGHTS};

			add(&c, ch < 3 ? "sock_seqpacket" : "sock_seqpacket_to_ipin_R_socket");
		}
}

size_t fdpass_case_count(void)
{
	expand();
	return table_len;
}

size_t fdpass_option_first(void)
{
	expand();
	return option_first;
}

const struct fdpass_case *fdpass_case_at(size_t i)
{
	expand();
	return i < table_len ? &table[i] : NULL;
}
