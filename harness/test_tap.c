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

	tap_begin(&t, f, 3);
	tap_comment(&t, "kernel: %s", "6.1.0");
	yaml_init(&y);
	yaml_int(&y, 0, "delivered", 0);
	yaml_map(&y, 0, "observed");
	yaml_bool(&y, 1, "ctrunc", true);
	yaml_map(&y, 0, "rules");
	yaml_item(&y, 1, "R S w");
	tap_point(&t, true, "fdpass_a_delivered", NULL, &y);
	tap_point(&t, false, "name # with hash", NULL, NULL);
	tap_point(&t, true, "skipped_one", "needs CONFIG_KEYS", NULL);
}

static void writes_tap14_with_yaml(void **state)
{
	char *out = capture(write_run);

	(void)state;
	assert_string_equal(out,
			    "TAP version 14\n"
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

	tap_skip_all(&t, f, "SMACK is not active");
	assert_int_equal(t.err, 0);
}

static void writes_skip_plan(void **state)
{
	char *out = capture(write_skip_all);

	(void)state;
	assert_string_equal(out, "TAP version 14\n1..0 # SKIP SMACK is not active\n");
	free(out);
}

/* A full disk: every writer notes the failure, and the first one is kept. */
static void keeps_the_first_write_error(void **state)
{
	FILE *f = fopen("/dev/full", "w");
	struct tap t;

	(void)state;
	assert_non_null(f);
	tap_skip_all(&t, f, "SMACK is not active");
	assert_int_equal(t.err, ENOSPC);
	tap_begin(&t, f, 2);
	assert_int_equal(t.err, ENOSPC);
	t.err = 0;
	tap_point(&t, true, "a_point", NULL, NULL);
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
		cmocka_unit_test(writes_tap14_with_yaml),
		cmocka_unit_test(writes_skip_plan),
		cmocka_unit_test(keeps_the_first_write_error),
		cmocka_unit_test(quotes_raw_bytes),
		cmocka_unit_test(never_emits_half_a_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
