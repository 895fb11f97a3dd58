/* Unit tests: the scenario families' expansion and expectations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "suite.h"

extern const struct family sockaccess_family, ipc_family, peer_family, pidfd_family,
	keys_family, exec_family, onlycap_family, inet_family, selfrules_family, mmap_family,
	unconfined_family, ptrace_family, netlabel_family;

static size_t find(const struct family *f, const char *name)
{
	for (size_t i = 0; i < f->count(); i++)
		if (strcmp(f->name_of(i), name) == 0)
			return i;
	fail_msg("no case %s", name);
	return 0;
}

static void expands_with_unique_names(void **state)
{
	const struct family *fams[32];
	size_t nf = suite_families(fams, 32, true, true), n = 0;
	char (*names)[CASE_NAME_MAX];

	(void)state;
	/* scenarios x 6 rule sets x CAP_MAC_OVERRIDE kept or not */
	assert_int_equal(sockaccess_family.count(), 9 * 12);
	assert_int_equal(ipc_family.count(), 12 * 12);
	assert_int_equal(peer_family.count(), 15); /* value scenarios: one case each */
	assert_int_equal(keys_family.count(), 6 * 12 + 1);
	assert_int_equal(exec_family.count(), 12);
	assert_int_equal(pidfd_family.count(), 4 * 12);
	assert_int_equal(onlycap_family.count(), 2 * 12);
	assert_int_equal(inet_family.count(), 9 + 9 * 12); /* value cases, then the access matrix */
	assert_int_equal(selfrules_family.count(), 9 * 12);
	assert_int_equal(mmap_family.count(), 7 * 12);
	assert_int_equal(unconfined_family.count(), 7 * 12);
	/* 3 modes x 5 ways in x CAP_SYS_PTRACE kept or not, then one value case */
	assert_int_equal(ptrace_family.count(), 3 * 5 * 2 * 12 + 1);
	assert_int_equal(netlabel_family.count(), 3 * 4 * 12); /* S, "@", -CIPSO x 4 actions */
	/* Every case of every family in the registry, the selftests too: one name each. */
	for (size_t f = 0; f < nf; f++)
		n += fams[f]->count();
	names = calloc(n, sizeof(*names));
	assert_non_null(names);
	n = 0;
	for (size_t f = 0; f < nf; f++)
		for (size_t i = 0; i < fams[f]->count(); i++)
			snprintf(names[n++], CASE_NAME_MAX, "%s", fams[f]->name_of(i));
	qsort(names, n, sizeof(*names), (int (*)(const void *, const void *))strcmp);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(names[i], names[i - 1]))
			fail_msg("two cases are named %s", names[i]);
	assert_int_equal(n, 2247 + 361 + 144 + 3);
	free(names);
}

static void names_say_the_verdict(void **state)
{
	(void)state;
	/* a stream connect needs both directions; the override skips the check */
	find(&sockaccess_family, "sockaccess_stream_connect_abstract_rule_R_S_w_denied");
	find(&sockaccess_family, "sockaccess_stream_connect_abstract_rules_R_S_w_and_S_R_w_allowed");
	find(&sockaccess_family, "sockaccess_stream_connect_abstract_no_rule_cap_mac_override_allowed");
	/* a datagram needs R w S only */
	find(&sockaccess_family, "sockaccess_dgram_sendto_named_rule_R_S_w_allowed");
	find(&sockaccess_family, "sockaccess_dgram_sendto_named_rule_S_R_w_denied");
	/* msgrcv with r alone: permitted to look, every message hidden */
	find(&ipc_family, "ipc_msg_receive_rule_R_S_r_denied");
	find(&ipc_family, "ipc_fifo_open_write_rule_R_S_w_denied");
	find(&ipc_family, "ipc_fifo_open_write_rule_R_S_rw_allowed");
	find(&peer_family, "peer_scm_security_after_sender_relabel_is_creation_label");
	/* POSIX queues carry the floor label */
	find(&ipc_family, "ipc_mq_open_read_no_rule_allowed");
	find(&ipc_family, "ipc_mq_open_write_rule_R_S_rw_denied");
	/* pidfd_getfd: ptrace wants rw; a "_" file open for writing is refused after it */
	find(&pidfd_family, "pidfd_getfd_own_file_readonly_rule_R_S_rw_allowed");
	find(&pidfd_family, "pidfd_getfd_floor_file_readwrite_rule_R_S_rw_denied");
	find(&pidfd_family, "pidfd_getfd_floor_file_readwrite_no_rule_cap_mac_override_allowed");
	find(&pidfd_family, "pidfd_scm_rights_no_rule_allowed");
	/* IPv4 TCP needs both directions; IPv6 to ::1 only R w S; the override never helps */
	find(&inet_family, "inet_tcp4_connect_rules_R_S_w_and_S_R_w_allowed");
	find(&inet_family, "inet_tcp4_connect_rule_R_S_w_cap_mac_override_denied");
	find(&inet_family, "inet_tcp6_connect_rule_R_S_w_allowed");
	find(&inet_family, "inet_udp4_from_s_reaches_r_rule_S_R_w_allowed");
	find(&inet_family, "inet_tcp6_connect_autobound_listener_rules_R_S_w_and_S_R_w_denied");
	find(&inet_family, "inet_udp4_ip_passsec_is_sender");
	/* per-task rules only take away, and reach children forked after loading */
	find(&selfrules_family, "selfrules_load_self2_rwxat_then_write_rule_R_S_w_denied");
	find(&selfrules_family, "selfrules_load_self2_none_then_read_rule_R_S_rw_denied");
	find(&selfrules_family, "selfrules_load_self2_none_then_read_rule_R_S_rw_cap_mac_override_allowed");
	find(&selfrules_family, "selfrules_child_forked_after_load_reads_rule_R_S_r_denied");
	find(&selfrules_family, "selfrules_child_forked_before_load_reads_rule_R_S_r_allowed");
	find(&selfrules_family, "selfrules_load_self2_none_then_dgram_sendto_rule_R_S_w_allowed");
	/* SMACK64MMAP: any rule R has, unmatched by the mmap label, refuses; no override */
	find(&mmap_family, "mmap_third_label_exec_private_rule_R_S_r_cap_mac_override_denied");
	find(&mmap_family, "mmap_third_label_write_shared_no_rule_allowed");
	find(&mmap_family, "mmap_third_label_read_private_rule_S_R_w_allowed");
	find(&mmap_family, "mmap_receiver_label_exec_private_rule_R_S_rw_allowed");
	/* unconfined lifts file checks, not ptrace, per-task rules or SMACK64MMAP */
	find(&unconfined_family, "unconfined_receiver_reads_file_no_rule_allowed");
	find(&unconfined_family, "unconfined_other_label_file_read_no_rule_denied");
	find(&unconfined_family, "unconfined_receiver_pidfd_getfd_ptrace_no_rule_cap_mac_override_denied");
	find(&unconfined_family, "unconfined_receiver_self_rule_none_reads_rule_R_S_rw_denied");
	find(&unconfined_family, "unconfined_receiver_mmap_third_label_rule_R_S_r_denied");
	/* ptrace modes: default wants rw; exact yields to CAP_SYS_PTRACE; draconian to nothing */
	find(&ptrace_family, "ptrace_default_attach_rule_R_S_rw_allowed");
	find(&ptrace_family, "ptrace_default_attach_rule_R_S_r_cap_mac_override_allowed");
	find(&ptrace_family, "ptrace_exact_attach_no_rule_allowed");
	find(&ptrace_family, "ptrace_exact_attach_without_cap_sys_ptrace_rule_R_S_rw_cap_mac_override_denied");
	find(&ptrace_family, "ptrace_draconian_process_vm_readv_rule_R_S_rw_cap_mac_override_denied");
	find(&ptrace_family, "ptrace_draconian_get_robust_list_rule_R_S_r_allowed");
	find(&ptrace_family, "ptrace_default_proc_pid_mem_read_rule_R_S_rw_denied");
	find(&ptrace_family, "ptrace_default_proc_pid_mem_read_with_rule_R_S_rwx_reads");
	/* netlabel: a host label S is checked at connect; "@" lets everything through */
	find(&netlabel_family, "netlabel_host_label_s_udp4_sendto_reaches_s_rule_R_S_w_allowed");
	find(&netlabel_family, "netlabel_host_label_s_udp4_from_s_reaches_r_rule_R_S_w_denied");
	find(&netlabel_family, "netlabel_host_web_tcp4_connect_no_rule_allowed");
	find(&netlabel_family, "netlabel_host_cipso_tcp4_connect_rule_R_S_w_denied");
}

/* Both families change a global setting on every case; netlabel is solo too. */
static void global_families(void **state)
{
	(void)state;
	for (size_t i = 0; i < ptrace_family.count(); i++)
		assert_string_equal(ptrace_family.global_of(i), "ptrace");
	for (size_t i = 0; i < netlabel_family.count(); i++)
		assert_string_equal(netlabel_family.global_of(i), "netlabel");
	assert_true(netlabel_family.solo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(expands_with_unique_names),
		cmocka_unit_test(names_say_the_verdict),
		cmocka_unit_test(global_families),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
