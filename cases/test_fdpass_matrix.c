/* Unit tests: matrix expansion and the expectation model. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fdpass_cases.h"

#define NOW KV(6, 1, 0)
#define LABEL_LEN 15 /* "sipc1a2b.0042.S" */

static const struct fdpass_case *find(const char *name)
{
	for (size_t i = 0; i < fdpass_case_count(); i++)
		if (strcmp(fdpass_case_at(i)->name, name) == 0)
			return fdpass_case_at(i);
	fail_msg("no case %s", name);
	return NULL;
}

static void expands_full_matrix_with_unique_names(void **state)
{
	size_t n = fdpass_case_count();

	(void)state;
	/*
	 * 15 kinds x 3 channels x 2 SO_PASSSEC x 6 rule sets x 2 buffers, + rows;
	 * then the receive-side options: notrunc (6 kinds x 2 x 6 x 2 on dgram,
	 * 7 multi rows x 12, 4 wide, 15 override, 8 Legato) and passrights off
	 * (3 channels, and dgram to an R-labelled end, x 2 rule sets).
	 */
	assert_int_equal(fdpass_option_first(), 1080 + 60 + 8 + 4 + 15);
	assert_int_equal(n, 1080 + 60 + 8 + 4 + 15 + 144 + 84 + 4 + 15 + 8 + 8);
	assert_int_equal(fdpass_case_count(), n); /* idempotent */
	assert_null(fdpass_case_at(n));
	for (size_t i = 0; i < n; i++) {
		const struct fdpass_case *c = fdpass_case_at(i);

		assert_true(strlen(c->name) < CASE_NAME_MAX - 1);
		assert_true(strspn(c->name, "abcdefghijklmnopqrstuvwxyz0123456789_RS") ==
			    strlen(c->name));
		/* roles must keep "stem+4hex.NNNN.role" within load's 23 characters */
		assert_true(strlen(c->sender_role) <= 9 && strlen(c->receiver_role) <= 9);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(c->name, fdpass_case_at(j)->name);
	}
}

static void model_follows_smack_file_receive(void **state)
{
	struct fdpass_expect e;

	(void)state;
	/* read-only file needs r, so a w rule is not enough */
	e = fdpass_expected(find("fdpass_file_ro_via_stream_nopasssec_rule_R_S_w_ample_buf_dropped"),
			    NOW, LABEL_LEN);
	assert_int_equal(e.delivered, 0);
	assert_true(e.ctrunc);
	e = fdpass_expected(find("fdpass_file_wo_via_stream_nopasssec_rule_R_S_w_ample_buf_delivered"),
			    NOW, LABEL_LEN);
	assert_int_equal(e.delivered, 1);
	assert_false(e.ctrunc);
	/* rw needs both letters */
	e = fdpass_expected(find("fdpass_memfd_via_dgram_nopasssec_rule_R_S_r_ample_buf_dropped"),
			    NOW, LABEL_LEN);
	assert_int_equal(e.delivered, 0);
	/* a socket needs both directions */
	assert_int_equal(expect_result(fdpass_need(FD_SOCK_STREAM, NOW), RS_RS_RW, false), -EACCES);
	assert_int_equal(expect_result(fdpass_need(FD_SOCK_STREAM, NOW), RS_BOTH_W, false), 0);
	/* anonymous inodes pass without any rule */
	assert_int_equal(expect_result(fdpass_need(FD_EVENTFD, NOW), RS_NONE, false), 0);
	/* CAP_MAC_OVERRIDE helps files, and sockets only before 4.5 */
	assert_int_equal(expect_result(fdpass_need(FD_MEMFD, NOW), RS_NONE, true), 0);
	assert_int_equal(expect_result(fdpass_need(FD_SOCK_DGRAM, NOW), RS_NONE, true), -EACCES);
	assert_int_equal(expect_result(fdpass_need(FD_SOCK_DGRAM, KV(4, 4, 121)), RS_NONE, true), 0);
	e = fdpass_expected(find("fdpass_sock_dgram_to_receiver_with_cap_mac_override_via_seqpacket_nopasssec_no_rule_ample_buf_dropped"),
			    NOW, LABEL_LEN);
	assert_int_equal(e.delivered, 0);
	e = fdpass_expected(find("fdpass_memfd_to_receiver_with_cap_mac_override_via_seqpacket_nopasssec_no_rule_ample_buf_delivered"),
			    NOW, LABEL_LEN);
	assert_int_equal(e.delivered, 1);
}

static void model_stops_at_first_refusal(void **state)
{
	const struct fdpass_case *c =
		find("fdpass_multi_ro_wo_ro_via_seqpacket_nopasssec_rule_R_S_r_ample_buf_partly_dropped");
	struct fdpass_expect e = fdpass_expected(c, NOW, LABEL_LEN);

	(void)state;
	assert_int_equal(e.delivered, 1); /* the third fd is allowed but lost */
	assert_true(e.ctrunc);
}

static void model_accounts_for_scm_security_room(void **state)
{
	const struct fdpass_case *c;
	struct fdpass_expect e;

	(void)state;
	c = find("fdpass_file_ro_via_dgram_passsec_rule_R_S_r_fdsized_buf_dropped");
	assert_int_equal(fdpass_controllen(c), CMSG_SPACE(sizeof(int)));
	e = fdpass_expected(c, NOW, LABEL_LEN);
	/* 24 bytes: the 15-byte label needs CMSG_LEN 31, so it is cut and nothing is left */
	assert_int_equal(e.delivered, 0);
	assert_int_equal(e.security, SEC_TRUNC);
	assert_true(e.ctrunc);
	/* 16 fds: 80 bytes, SCM_SECURITY takes CMSG_SPACE(15) = 32, 48 - 16 leaves 8 fds */
	c = find("fdpass_wide_16_file_ro_via_dgram_passsec_rule_R_S_r_fdsized_buf_partly_dropped");
	e = fdpass_expected(c, NOW, LABEL_LEN);
	assert_int_equal(e.delivered, 8);
	assert_int_equal(e.security, SEC_FULL);
	/* a 20-byte label takes 40: 40 - 16 leaves 6 */
	e = fdpass_expected(c, NOW, 20);
	assert_int_equal(e.delivered, 6);
	c = find("fdpass_wide_16_file_ro_via_dgram_passsec_rule_R_S_r_ample_buf_delivered");
	e = fdpass_expected(c, NOW, LABEL_LEN);
	assert_int_equal(e.delivered, 16);
	assert_false(e.ctrunc);
}

static void stream_channels_carry_huh_without_passcred(void **state)
{
	const struct fdpass_case *c;
	struct fdpass_expect e;

	(void)state;
	c = find("fdpass_file_ro_via_stream_passsec_rule_R_S_r_ample_buf_delivered");
	e = fdpass_expected(c, NOW, LABEL_LEN);
	assert_int_equal(e.security, SEC_HUH);
	assert_int_equal(e.delivered, 1);
	/* "?" fits the 24-byte buffer whole (CMSG_LEN(1) = 17) and leaves no room */
	c = find("fdpass_file_ro_via_stream_passsec_rule_R_S_r_fdsized_buf_dropped");
	e = fdpass_expected(c, NOW, LABEL_LEN);
	assert_int_equal(e.security, SEC_HUH);
	assert_int_equal(e.delivered, 0);
	assert_true(e.ctrunc);
	/* before 4.14 the unknown secid read as "" (smack_known_invalid) */
	e = fdpass_expected(c, KV(4, 9, 229), LABEL_LEN);
	assert_int_equal(e.security, SEC_EMPTY);
	assert_int_equal(e.delivered, 0);
	assert_true(gate_applies_old(&huh_gate, KV(4, 9, 229)));
	assert_false(gate_applies_old(&huh_gate, KV(4, 14, 67)));
}

static void legato_rows_agree_with_the_model(void **state)
{
	size_t seen = 0, notrunc = 0;

	(void)state;
	for (size_t i = 0; i < fdpass_case_count(); i++) {
		const struct fdpass_case *c = fdpass_case_at(i);
		struct fdpass_expect m;
		size_t len = strlen("sipc1a2b.0042.") + strlen(c->sender_role);

		if (!c->stated)
			continue;
		seen++;
		/* A stated row is for current kernels: 7.3 for the SO_RIGHTS_NOTRUNC variants. */
		notrunc += c->option == RX_NOTRUNC;
		m = fdpass_model(c, c->option == RX_NOTRUNC ? KV(7, 3, 0) : NOW, len);
		assert_int_equal(m.delivered, c->expect.delivered);
		assert_int_equal(m.ctrunc, c->expect.ctrunc);
		assert_int_equal(m.security, c->expect.security);
		assert_int_equal(m.refused, c->expect.refused);
		assert_int_equal(m.option_err, c->expect.option_err);
		assert_int_equal(m.send_err, c->expect.send_err);
	}
	assert_int_equal(seen, 16);
	assert_int_equal(notrunc, 8);
}

static void sockets_are_gated_at_4_5(void **state)
{
	const struct fdpass_case *c =
		find("fdpass_legato_change4_rules_only_via_seqpacket_nopasssec_rules_R_S_w_and_S_R_w_ample_buf_delivered");

	(void)state;
	assert_int_equal(fdpass_need(FD_SOCK_STREAM, KV(4, 4, 121))->steps[0].need, NEED_FLOOR_RW);
	assert_int_equal(fdpass_need(FD_SOCK_STREAM, KV(4, 5, 0))->steps[0].need, NEED_SOCK);
	assert_int_equal(fdpass_need(FD_FILE_RO, KV(4, 4, 0))->steps[0].need, NEED_R);
	/* On 4.4 the stated (current) expectation gives way to the gated model. */
	assert_int_equal(fdpass_expected(c, KV(4, 4, 121), 23).delivered, 0);
	assert_int_equal(fdpass_expected(c, KV(6, 12, 0), 23).delivered, 1);
	assert_string_equal(fd_kinds[FD_SOCK_SEQPACKET].gates[0].gate->commit,
			    "79be093500791cc25cc31bcaec5a4db62e21497b");
}

static void option_cases_are_named_and_counted(void **state)
{
	size_t notrunc = 0, passrights = 0;

	(void)state;
	for (size_t i = 0; i < fdpass_case_count(); i++) {
		const struct fdpass_case *c = fdpass_case_at(i);

		/* every option case after the others, each named after its option */
		assert_int_equal(c->option != RX_DEFAULT, i >= fdpass_option_first());
		assert_int_equal(c->option == RX_NOTRUNC, strstr(c->name, "notrunc") != NULL);
		assert_int_equal(c->option == RX_NO_PASSRIGHTS,
				 strstr(c->name, "passrights") != NULL);
		notrunc += c->option == RX_NOTRUNC;
		passrights += c->option == RX_NO_PASSRIGHTS;
		/* the Legato glob (guest selftest, CLI test) still finds exactly its eight */
		if (c->option != RX_DEFAULT)
			assert_int_not_equal(strncmp(c->name, "fdpass_legato_", 14), 0);
	}
	assert_int_equal(notrunc, 255);
	assert_int_equal(passrights, 8);
}

/*
 * The model's answer for case `name` on kernel kver, checked for the fds
 * delivered, the slots refused (bit i: slot i) and MSG_CTRUNC.
 */
static struct fdpass_expect expect_at(const char *name, unsigned kver, int delivered,
				      unsigned refused, bool ctrunc)
{
	struct fdpass_expect e = fdpass_expected(find(name), kver, LABEL_LEN);

	assert_int_equal(e.delivered, delivered);
	assert_int_equal(e.refused, refused);
	assert_int_equal(e.ctrunc, ctrunc);
	return e;
}

#define RO_WO_RO "fdpass_notrunc_multi_ro_wo_ro_via_seqpacket_nopasssec_rule_R_S_r_ample_buf_partly_refused"
#define SOCK_X3 "fdpass_notrunc_multi_sock_dgram_x3_via_stream_nopasssec_no_rule_ample_buf_refused"
#define WIDE "fdpass_notrunc_wide_16_ro_wo_alternating_via_dgram_"

/* A refused fd in the middle of three, across the SO_RIGHTS_NOTRUNC gate. */
static void notrunc_is_gated_at_7_3(void **state)
{
	const struct gate *g[FDPASS_MAX_GATES];
	struct fdpass_expect e;

	(void)state;
	/* 6.12 and 7.2 do not know the option: ENOPROTOOPT, then the loop stops at slot 1 */
	assert_int_equal(expect_at(RO_WO_RO, KV(6, 12, 0), 1, 0, true).option_err, -ENOPROTOOPT);
	e = expect_at(RO_WO_RO, KV(7, 2, 0), 1, 0, true);
	assert_int_equal(e.option_err, -ENOPROTOOPT);
	assert_int_equal(fdpass_slots(&e), 1);
	/* 7.3: -EACCES in slot 1, the third fd arrives, no MSG_CTRUNC */
	e = expect_at(RO_WO_RO, KV(7, 3, 0), 2, 1u << 1, false);
	assert_int_equal(e.option_err, 0);
	assert_int_equal(e.send_err, 0);
	assert_int_equal(fdpass_slots(&e), 3);
	/* the option's gate comes first: it is what the newest kernels differ by */
	assert_int_equal(fdpass_gates(find(RO_WO_RO), g), 1);
	assert_ptr_equal(g[0], &notrunc_gate);
	assert_string_equal(notrunc_gate.commit, "fd8756fa1487577535d6294ae7cc67888b19ae2a");
	assert_true(gate_applies_old(&notrunc_gate, KV(7, 2, 99)));
	assert_false(gate_applies_old(&notrunc_gate, KV(7, 3, 4)));

	/* a refusal first: what follows it still arrives */
	expect_at("fdpass_notrunc_multi_wo_ro_ro_via_dgram_nopasssec_rule_R_S_r_fdsized_buf_partly_refused",
		  KV(7, 3, 0), 2, 1u, false);
	expect_at("fdpass_notrunc_multi_wo_ro_ro_via_dgram_nopasssec_rule_R_S_r_fdsized_buf_partly_refused",
		  KV(7, 2, 0), 0, 0, true);
	/* nothing but refusals: three errnos, no fd, no MSG_CTRUNC */
	expect_at(SOCK_X3, KV(7, 3, 0), 0, 7u, false);
	/* a socket gate (4.5) still applies below the option's gate */
	assert_int_equal(fdpass_gates(find(SOCK_X3), g), 2);
	assert_ptr_equal(g[1], fd_kinds[FD_SOCK_DGRAM].gates[0].gate);
}

/* MSG_CTRUNC with SO_RIGHTS_NOTRUNC means only: no room for every slot. */
static void notrunc_ctrunc_is_about_room(void **state)
{
	struct fdpass_expect e;

	(void)state;
	/* SCM_SECURITY takes the fd-sized buffer: no slot at all, as without the option */
	e = expect_at("fdpass_notrunc_file_ro_via_dgram_passsec_no_rule_fdsized_buf_dropped",
		      KV(7, 3, 0), 0, 0, true);
	assert_int_equal(e.security, SEC_TRUNC);
	/* without SO_PASSSEC the one slot fits and says EACCES */
	expect_at("fdpass_notrunc_file_ro_via_dgram_nopasssec_no_rule_fdsized_buf_refused",
		  KV(7, 3, 0), 0, 1u, false);
	/* 16 alternating ro/wo, label 32 bytes of 80: 8 slots fit, 4 fds and 4 errnos */
	expect_at(WIDE "passsec_rule_R_S_r_fdsized_buf_partly_dropped", KV(7, 3, 0), 4, 0xaau, true);
	expect_at(WIDE "nopasssec_rule_R_S_r_ample_buf_partly_refused", KV(7, 3, 0), 8, 0xaaaau, false);
	/* CAP_MAC_OVERRIDE does not help a socket, so its slot says EACCES */
	expect_at("fdpass_notrunc_sock_dgram_to_receiver_with_cap_mac_override_via_seqpacket_nopasssec_no_rule_ample_buf_refused",
		  KV(7, 3, 0), 0, 1u, false);
	/* the stated Legato variant gives way to the model below 7.3 */
	expect_at("fdpass_notrunc_legato_no_changes_via_seqpacket_nopasssec_no_rule_ample_buf_refused",
		  KV(7, 3, 0), 0, 1u, false);
	e = expect_at("fdpass_notrunc_legato_no_changes_via_seqpacket_nopasssec_no_rule_ample_buf_refused",
		      KV(7, 2, 0), 0, 0, true);
	assert_int_equal(e.option_err, -ENOPROTOOPT);
}

#define PR "fdpass_passrights_off_sock_seqpacket_"
#define PR_NONE PR "via_dgram_nopasssec_no_rule_ample_buf_sender_eperm"
#define PR_BOTH PR "via_stream_nopasssec_rules_R_S_w_and_S_R_w_ample_buf_sender_eperm"
#define PR_IPIN_NONE PR "to_ipin_R_socket_via_dgram_nopasssec_no_rule_ample_buf_sender_eperm"
#define PR_IPIN_BOTH PR "to_ipin_R_socket_via_dgram_nopasssec_rules_R_S_w_and_S_R_w_ample_buf_sender_eperm"

/* SO_PASSRIGHTS off, across its gate: 6.12 (none), 6.16 and 7.2/7.3 (EPERM). */
static void passrights_is_gated_at_6_16(void **state)
{
	static const char *const cases[] = {PR_NONE, PR_BOTH, PR_IPIN_NONE, PR_IPIN_BOTH};
	const unsigned newer[] = {KV(6, 16, 0), KV(7, 2, 0), KV(7, 3, 0)};
	struct fdpass_expect e;

	(void)state;
	/* before: ENOPROTOOPT, and the socket passes as the rules say */
	e = expect_at(PR_NONE, KV(6, 12, 0), 0, 0, true);
	assert_int_equal(e.option_err, -ENOPROTOOPT);
	assert_int_equal(e.send_err, 0);
	assert_int_equal(expect_at(PR_BOTH, KV(6, 15, 9), 1, 0, false).option_err, -ENOPROTOOPT);
	/* where SMACK checks the send itself (dgram to an R-labelled end), S R w is needed */
	assert_int_equal(expect_at(PR_IPIN_NONE, KV(6, 12, 0), 0, 0, false).send_err, -EACCES);
	assert_int_equal(expect_at(PR_IPIN_BOTH, KV(6, 12, 0), 1, 0, false).send_err, 0);
	/* since: the sender gets EPERM, rules or not, before SMACK's check; nothing is queued */
	for (unsigned i = 0; i < 3; i++)
		for (unsigned c = 0; c < 4; c++) {
			e = expect_at(cases[c], newer[i], 0, 0, false);
			assert_int_equal(e.option_err, 0);
			assert_int_equal(e.send_err, -EPERM);
			assert_int_equal(e.security, SEC_NONE);
		}
	assert_string_equal(passrights_gate.commit, "77cbe1a6d8730a07f99f9263c2d5f2304cf5e830");
	assert_int_equal(passrights_gate.since, KV(6, 16, 0));
}

/* A new kind is one row: a compile error or this test catches a missing piece. */
static void every_kind_row_is_complete(void **state)
{
	(void)state;
	for (int k = 0; k < FD_KIND_COUNT; k++) {
		const struct fd_kind *f = &fd_kinds[k];

		assert_non_null(f->name);
		assert_non_null(f->access);
		assert_true(!strcmp(f->access, "r") || !strcmp(f->access, "w") ||
			    !strcmp(f->access, "rw"));
		assert_non_null(f->expect.why);
		for (int g = 0; g < gates_count(f->gates); g++) {
			assert_non_null(f->gates[g].gate->commit);
			assert_non_null(f->gates[g].before.why);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_kind_row_is_complete),
		cmocka_unit_test(expands_full_matrix_with_unique_names),
		cmocka_unit_test(model_follows_smack_file_receive),
		cmocka_unit_test(model_stops_at_first_refusal),
		cmocka_unit_test(model_accounts_for_scm_security_room),
		cmocka_unit_test(stream_channels_carry_huh_without_passcred),
		cmocka_unit_test(legato_rows_agree_with_the_model),
		cmocka_unit_test(sockets_are_gated_at_4_5),
		cmocka_unit_test(option_cases_are_named_and_counted),
		cmocka_unit_test(notrunc_is_gated_at_7_3),
		cmocka_unit_test(notrunc_ctrunc_is_about_room),
		cmocka_unit_test(passrights_is_gated_at_6_16),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
