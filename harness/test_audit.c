/* Unit tests for reading SMACK's audit records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "audit.h"

#include <string.h>

#define REC(s) s, sizeof(s) - 1

static void a_file_receive_denial(void **state)
{
	struct audit_rec r;

	(void)state;
	assert_true(audit_parse(REC("audit(1733011200.123:42): lsm=SMACK fn=smack_file_receive "
				    "action=denied subject=\"sipc1a2b.0042.R\" object=\"sipc1a2b.0042.S\" "
				    "requested=r pid=77 comm=\"smack-ipc-suite\" path=\"/tmp/x/fd0\""),
				"sipc1a2b.0042.", &r));
	assert_string_equal(r.fn, "smack_file_receive");
	assert_string_equal(r.action, "denied");
	assert_string_equal(r.subject, "sipc1a2b.0042.R");
	assert_string_equal(r.object, "sipc1a2b.0042.S");
	assert_string_equal(r.requested, "r");
}

static void another_case_or_lsm_is_not_ours(void **state)
{
	struct audit_rec r;
	static const char smack[] = "audit(1.0:1): lsm=SMACK fn=smack_task_kill action=denied "
				    "subject=\"sipc1a2b.0043.R\" object=\"sipc1a2b.0043.S\" requested=w";

	(void)state;
	assert_false(audit_parse(REC(smack), "sipc1a2b.0042.", &r));
	assert_true(audit_parse(REC(smack), NULL, &r));
	assert_false(audit_parse(REC("audit(1.0:2): avc:  denied  { read } for pid=1 comm=\"x\""), NULL,
				 &r));
}

static void labels_differ_has_no_request(void **state)
{
	struct audit_rec r;

	(void)state;
	assert_true(audit_parse(REC("audit(1.0:3): lsm=SMACK fn=smack_ptrace_access_check "
				    "action=denied subject=\"a\" object=\"b\" labels_differ pid=3"),
				NULL, &r));
	assert_string_equal(r.requested, "");
	assert_string_equal(r.object, "b");
}

static void a_cut_record_stays_in_bounds(void **state)
{
	struct audit_rec r;
	static const char cut[] = "audit(1.0:4): lsm=SMACK fn=smack_file_receive action=denied subject=\"sipc";

	(void)state;
	/* The unterminated quote ends at the record's end, not beyond it. */
	assert_true(audit_parse(cut, sizeof(cut) - 1, NULL, &r));
	assert_string_equal(r.subject, "sipc");
	assert_string_equal(r.object, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_file_receive_denial),
		cmocka_unit_test(another_case_or_lsm_is_not_ours),
		cmocka_unit_test(labels_differ_has_no_request),
		cmocka_unit_test(a_cut_record_stays_in_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
