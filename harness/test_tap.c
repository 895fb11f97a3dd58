/* Unit tests: the TAP writer and YAML quoting. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tap.h"

static char *capture(void (*fn)(FILE *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fn(f);
	fclose(f);
	return buf;
}

static void write_run(FILE *f)
{
	struct tap t;
	struct yaml y;

	tap_begin(&t, f, 3, TAP_13);
	tap_comment(&t, "kernel: %s", "6.1.0");
	yaml_init(&y);
	yaml_int(&y, 0, "delivered", 0);
	yaml_map(&y, 0, "observed");
	yaml_bool(&y, 1, "ctrunc", true);
	yaml_map(&y, 0, "rules");
	yaml_item(&y, 1, "R S w");
	tap_point(&t, true, "fdpass_a_delivered", NULL, NULL, &y);
	tap_point(&t, false, "name # with hash", NULL, "TIMEOUT", NULL);
	tap_point(&t, true, "skipped_one", "needs CONFIG_KEYS", NULL, NULL);
}

/* TAP 13: Debian's prove (Test::Harness 3.44) refuses a version line of 14. */
static void writes_tap13_with_yaml(void **state)
{
	char *out = capture(write_run);

	(void)state;
	assert_string_equal(out,
			    "TAP version 13\n"
			    "1..3\n"
			    "# kernel: 6.1.0\n"
			    "ok 1 - fdpass_a_delivered\n"
			    "  ---\n"
			    "  delivered: 0\n"
			    "  observed:\n"
			    "    ctrunc: true\n"
			    "  rules:\n"
			    "    - \"R S w\"\n"
			    "  ...\n"
			    "not ok 2 - name _ with hash\n"
			    "ok 3 - skipped_one # SKIP needs CONFIG_KEYS\n");
	free(out);
}

static void write_skip_all(FILE *f)
{
	struct tap t;

	tap_skip_all(&t, f, "SMACK is not active", TAP_13);
	assert_int_equal(t.err, 0);
}

/* Two families as KTAP subtests, diagnostics before each result, then a top-level point. */
static void write_ktap(FILE *f)
{
	struct tap t;
	struct yaml y;

	tap_begin(&t, f, 3, TAP_KTAP);
	tap_comment(&t, "kernel: %s", "6.1.0");
	tap_group(&t, "fdpass", 2);
	yaml_init(&y);
	yaml_int(&y, 0, "delivered", 1);
	tap_point(&t, true, "fdpass_a", NULL, NULL, &y);
	tap_point(&t, false, "fdpass_b", NULL, "TIMEOUT", NULL);
	tap_group(&t, "peer", 1);
	tap_point(&t, true, "peer_a", "no IPv6", NULL, NULL);
	tap_group_end(&t);
	yaml_init(&y);
	yaml_int(&y, 0, "rules_left", 0);
	tap_point(&t, true, "runner_revoked", NULL, NULL, &y);
}

static void writes_ktap_subtests(void **state)
{
	char *out = capture(write_ktap);

	(void)state;
	assert_string_equal(out,
			    "# kernel: 6.1.0\n"
			    "KTAP version 1\n"
			    "1..3\n"
			    "    KTAP version 1\n"
			    "    # Subtest: fdpass\n"
			    "    1..2\n"
			    "    # case: fdpass_a\n"
			    "    # delivered: 1\n"
			    "    ok 1 fdpass_a\n"
			    "    # case: fdpass_b\n"
			    "    not ok 2 fdpass_b # TIMEOUT\n"
			    "not ok 1 fdpass\n"
			    "    KTAP version 1\n"
			    "    # Subtest: peer\n"
			    "    1..1\n"
			    "    # case: peer_a\n"
			    "    ok 1 peer_a # SKIP no IPv6\n"
			    "ok 2 peer # SKIP every case skipped\n"
			    "# case: runner_revoked\n"
			    "# rules_left: 0\n"
			    "ok 3 runner_revoked\n");
	free(out);
}

static void write_ptest(FILE *f)
{
	struct tap t;
	struct yaml y;

	tap_begin(&t, f, 3, TAP_PTEST);
	tap_comment(&t, "kernel: %s", "6.1.0");
	yaml_init(&y);
	yaml_str(&y, 0, "expected", "EACCES");
	tap_point(&t, true, "a_ok", NULL, NULL, &y);
	tap_point(&t, false, "b_failed", NULL, NULL, &y);
	tap_point(&t, true, "c_skipped", "no IPv6", NULL, NULL);
}

/* Yocto's ptest log parser takes ^PASS:, ^FAIL:, ^SKIP: lines; the rest is indented. */
static void writes_ptest_lines(void **state)
{
	char *out = capture(write_ptest);

	(void)state;
	assert_string_equal(out,
			    "# kernel: 6.1.0\n"
			    "PASS: a_ok\n"
			    "FAIL: b_failed\n"
			    "    expected: \"EACCES\"\n"
			    "SKIP: c_skipped\n"
			    "    reason: no IPv6\n");
	free(out);
}

static void write_skip_all_ktap(FILE *f)
{
	struct tap t;

	tap_skip_all(&t, f, "SMACK is not active", TAP_KTAP);
}

/* The kunit parser takes an empty plan for an error: KTAP gets one skipped test. */
static void ktap_skip_all_is_one_skipped_test(void **state)
{
	char *out = capture(write_skip_all_ktap);

	(void)state;
	assert_string_equal(out, "KTAP version 1\n1..1\nok 1 smack_ipc # SKIP SMACK is not active\n");
	free(out);
}

static void writes_skip_plan(void **state)
{
	char *out = capture(write_skip_all);

	(void)state;
	assert_string_equal(out, "TAP version 13\n1..0 # SKIP SMACK is not active\n");
	free(out);
}

/* A full disk: every writer notes the failure, and the first one is kept. */
static void keeps_the_first_write_error(void **state)
{
	FILE *f = fopen("/dev/full", "w");
	struct tap t;

	(void)state;
	assert_non_null(f);
	tap_skip_all(&t, f, "SMACK is not active", TAP_13);
	assert_int_equal(t.err, ENOSPC);
	tap_begin(&t, f, 2, TAP_13);
	assert_int_equal(t.err, ENOSPC);
	t.err = 0;
	tap_point(&t, true, "a_point", NULL, NULL, NULL);
	assert_int_equal(t.err, ENOSPC);
	t.err = EPIPE;
	tap_comment(&t, "a comment");
	assert_int_equal(t.err, EPIPE);
	fclose(f);
}

static void quotes_raw_bytes(void **state)
{
	char q[64];
	struct yaml y;

	(void)state;
	/* SCM_SECURITY is not NUL-terminated and may hold anything. */
	assert_string_equal(yaml_quote(q, sizeof(q), "a\"b\\\0\n", 6), "\"a\\\"b\\\\\\x00\\x0a\"");
	yaml_init(&y);
	yaml_str(&y, 1, "label", NULL);
	assert_string_equal(y.buf, "  label: null\n");
	/* list items never show ": " (TAP::Parser's YAMLish would read a mapping) */
	yaml_init(&y);
	yaml_item(&y, 1, "fstat: Permission denied");
	yaml_item(&y, 1, "System::Shared a w");
	assert_string_equal(y.buf, "  - \"fstat\\x3a Permission denied\"\n"
				   "  - \"System::Shared a w\"\n");
}

static void never_emits_half_a_line(void **state)
{
	struct yaml y;
	char big[1000];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	yaml_init(&y);
	for (int i = 0; i < 20; i++)
		yaml_str(&y, 0, "k", big);
	assert_true(y.overflow);
	assert_int_equal(y.buf[y.len - 1], '\n');
	assert_int_equal(strlen(y.buf), y.len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writes_tap13_with_yaml),
		cmocka_unit_test(writes_skip_plan),
		cmocka_unit_test(writes_ktap_subtests),
		cmocka_unit_test(writes_ptest_lines),
		cmocka_unit_test(ktap_skip_all_is_one_skipped_test),
		cmocka_unit_test(keeps_the_first_write_error),
		cmocka_unit_test(quotes_raw_bytes),
		cmocka_unit_test(never_emits_half_a_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
