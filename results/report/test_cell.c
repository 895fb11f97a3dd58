/* Unit tests: the per-cell summaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cell.h"

static struct tap_doc doc;

/* One test point with the given YAML block body (2-space indented lines). */
static const struct tap_point *point(const char *line, const char *yaml)
{
	static char buf[4096];

	tap_doc_free(&doc);
	snprintf(buf, sizeof(buf), "%s\n  ---\n%s  ...\n", line, yaml);
	tap_parse(&doc, buf, strlen(buf));
	assert_int_equal(doc.npt, 1);
	return &doc.pt[0];
}

static void assert_summary(const struct tap_point *p, const char *side, const char *want)
{
	char *s = cell_summary(p, side);

	if (!want) {
		assert_null(s);
		return;
	}
	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void counts_and_fd_summaries(void **state)
{
	char *s;

	(void)state;
	assert_int_equal(count_items(NULL), 0);
	assert_int_equal(count_items(""), 0);
	assert_int_equal(count_items("sock_stream"), 1);
	assert_int_equal(count_items("file_ro,file_wo,file_ro"), 3);
	s = fd_summary(3, 3, false);
	assert_string_equal(s, "delivered");
	free(s);
	s = fd_summary(0, 3, true);
	assert_string_equal(s, "dropped+CTRUNC");
	free(s);
	s = fd_summary(8, 16, true);
	assert_string_equal(s, "8/16+CTRUNC");
	free(s);
	s = fd_summary(1, 3, false);
	assert_string_equal(s, "1/3");
	free(s);
	s = fd_summary(3, 3, true);
	assert_string_equal(s, "3/3+CTRUNC");
	free(s);
}

static void delivered_and_dropped(void **state)
{
	const struct tap_point *p;

	(void)state;
	p = point("ok 1 - fdpass_a_delivered",
		  "  family: \"fdpass\"\n  descriptors: \"sock_stream\"\n"
		  "  expected:\n    delivered: 1\n    ctrunc: false\n"
		  "  observed:\n    delivered: 1\n    ctrunc: false\n");
	assert_summary(p, "observed", "delivered");
	assert_summary(p, "expected", "delivered");

	p = point("not ok 1 - fdpass_a_delivered",
		  "  descriptors: \"sock_stream\"\n"
		  "  expected:\n    delivered: 1\n    ctrunc: false\n"
		  "  observed:\n    delivered: 0\n    ctrunc: true\n");
	assert_summary(p, "observed", "dropped+CTRUNC");
	assert_summary(p, "expected", "delivered");
}

static void partial(void **state)
{
	const struct tap_point *p;

	(void)state;
	p = point("ok 1 - fdpass_three",
		  "  descriptors: \"file_ro,file_wo,file_ro\"\n"
		  "  expected:\n    delivered: 1\n    ctrunc: true\n"
		  "  observed:\n    delivered: 2\n    ctrunc: false\n");
	assert_summary(p, "observed", "2/3");
	assert_summary(p, "expected", "1/3+CTRUNC");
}

static void errors_and_plain_points(void **state)
{
	const struct tap_point *p;
	struct cell c;

	(void)state;
	p = point("not ok 2 - selftest_hang",
		  "  error: \"timed out after 3000 ms; process group killed\"\n"
		  "  family: \"selftest\"\n  expected: \"timeout\"\n");
	assert_summary(p, "observed", "error: timed out after 3000 ms; process group killed");
	assert_summary(p, "expected", "timeout");

	/* broken wins over whatever was counted */
	p = point("not ok 3 - fdpass_x",
		  "  descriptors: \"pipe_r\"\n  broken: \"sendmsg failed: EPERM\"\n"
		  "  observed:\n    delivered: 0\n    ctrunc: true\n");
	assert_summary(p, "observed", "error: sendmsg failed: EPERM");
	cell_fill(&c, p);
	assert_int_equal(c.status, CELL_NOT_OK);
	assert_string_equal(c.error, "sendmsg failed: EPERM");
	cell_free(&c);

	p = point("ok 4 - runner_revoked_every_rule_it_created", "  rules_left: 0\n");
	assert_summary(p, "observed", "ok");
	assert_summary(p, "expected", NULL);
	p = point("not ok 4 - runner_revoked_every_rule_it_created", "  rules_left: 2\n");
	assert_summary(p, "observed", "not ok");
	p = point("ok 5 - x # SKIP needs CONFIG_KEYS", "  family: \"keys\"\n");
	assert_summary(p, "observed", "skip");
	cell_fill(&c, p);
	assert_int_equal(c.status, CELL_SKIP);
	assert_string_equal(cell_status_name(c.status), "skip");
	cell_free(&c);
}

#define SCM_POINT(value)                                                              \
	"  sender_label: \"sipc1a2b.0007.S\"\n  descriptors: \"file_ro\"\n"                \
	"  observed:\n    delivered: 1\n    ctrunc: false\n    scm_security: " value "\n"

static void names_scm_security_relative_to_the_sender(void **state)
{
	(void)state;
	assert_summary(point("ok 1 - a", SCM_POINT("\"sipc1a2b.0007.S\"")), "observed",
		       "delivered, SCM_SECURITY sender");
	assert_summary(point("ok 2 - b", SCM_POINT("\"sipc1a2b\"")), "observed",
		       "delivered, SCM_SECURITY sender(cut)");
	assert_summary(point("ok 3 - c", SCM_POINT("\"?\"")), "observed",
		       "delivered, SCM_SECURITY \"?\"");
	assert_summary(point("ok 4 - d", SCM_POINT("\"\"")), "observed",
		       "delivered, SCM_SECURITY \"\"");
	assert_summary(point("ok 5 - e", SCM_POINT("null")), "observed", "delivered");
}

static void fills_cell(void **state)
{
	const struct tap_point *p;
	struct cell c;

	(void)state;
	p = point("ok 1 - fdpass_sock",
		  "  descriptors: \"sock_dgram\"\n"
		  "  expected:\n    delivered: 0\n    ctrunc: true\n    scm_security: \"sender_label\"\n"
		  "  gate:\n    since: \"4.5.0\"\n    commit: \"79be0935\"\n"
		  "    subject: \"Smack: File receive for sockets\"\n"
		  "  observed:\n    delivered: 0\n    ctrunc: true\n"
		  "    scm_security: \"sipc.0001.S\\x00\"\n"
		  "  hint: \"check the kernel\"\n");
	cell_fill(&c, p);
	assert_int_equal(c.status, CELL_OK);
	/* Not the sender's label (a NUL too many): shown literally, up to the NUL. */
	assert_string_equal(c.observed, "dropped+CTRUNC, SCM_SECURITY \"sipc.0001.S\"");
	assert_string_equal(c.expected, "dropped+CTRUNC, SCM_SECURITY sender");
	assert_true(c.has_delivered);
	assert_int_equal(c.delivered, 0);
	assert_int_equal(c.ctrunc, 1);
	assert_non_null(c.scm);
	assert_int_equal(c.scm->len, 12);
	assert_memory_equal(c.scm->val, "sipc.0001.S\0", 12);
	assert_string_equal(c.scm_expected, "sender_label");
	assert_int_equal(c.ngate, 1);
	assert_string_equal(c.gate[0].key, "gate");
	assert_string_equal(c.gate[0].commit, "79be0935");
	assert_string_equal(c.gate[0].since, "4.5.0");
	assert_string_equal(c.gate[0].subject, "Smack: File receive for sockets");
	/* Old TAP: no backports, no source_of_release, no old_behaviour_applies. */
	assert_null(c.gate[0].backports);
	assert_null(c.gate[0].source);
	assert_int_equal(c.gate[0].old_applies, -1);
	assert_false(c.broken);
	assert_string_equal(c.hint, "check the kernel");
	assert_null(c.error);
	cell_free(&c);

	cell_fill(&c, NULL);
	assert_int_equal(c.status, CELL_MISSING);
	assert_string_equal(cell_status_name(c.status), "missing");
	assert_null(c.observed);
	cell_free(&c);
}

static int teardown(void **state)
{
	(void)state;
	tap_doc_free(&doc);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_and_fd_summaries),
		cmocka_unit_test(delivered_and_dropped),
		cmocka_unit_test(partial),
		cmocka_unit_test(errors_and_plain_points),
		cmocka_unit_test(names_scm_security_relative_to_the_sender),
		cmocka_unit_test(fills_cell),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
