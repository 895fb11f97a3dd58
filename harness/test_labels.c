/* Unit tests: label and access validation, rule formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "labels.h"

static void accepts_valid_labels(void **state)
{
	char max[SMACK_LABEL_MAX + 1];

	(void)state;
	memset(max, 'a', SMACK_LABEL_MAX);
	max[SMACK_LABEL_MAX] = '\0';
	assert_null(label_invalid("sipc1a2b.0042.S"));
	assert_null(label_invalid("System::Shared"));
	assert_null(label_invalid("a"));
	assert_null(label_invalid(max));
}

static void rejects_invalid_labels(void **state)
{
	char big[SMACK_LABEL_MAX + 2];

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_non_null(label_invalid(""));
	assert_non_null(label_invalid(NULL));
	assert_non_null(strstr(label_invalid(big), "255"));
	assert_non_null(label_invalid("has space"));
	assert_non_null(label_invalid("a/b"));
	assert_non_null(label_invalid("quote\"d"));
	assert_non_null(label_invalid("back\\slash"));
	assert_non_null(label_invalid("-CIPSO"));
	assert_non_null(label_invalid("_"));
	assert_non_null(label_invalid("*"));
	assert_non_null(label_invalid("caf\xc3\xa9"));
	assert_non_null(label_invalid("tab\there"));
}

static void validates_access(void **state)
{
	(void)state;
	assert_null(access_invalid("rwxatbl"));
	assert_null(access_invalid("RWX"));
	assert_null(access_invalid("-"));
	assert_null(access_invalid("r-x"));
	assert_non_null(access_invalid(""));
	assert_non_null(access_invalid("rwz"));
	assert_non_null(access_invalid("r w"));
}

static void formats_load2(void **state)
{
	char buf[600];

	(void)state;
	assert_true(rule_format_load2(buf, sizeof(buf), "framework", "admin", "w"));
	assert_string_equal(buf, "framework admin w");
	assert_false(rule_format_load2(buf, sizeof(buf), "bad label", "admin", "w"));
	assert_false(rule_format_load2(buf, sizeof(buf), "a1", "b1", "q"));
	assert_false(rule_format_load2(buf, 8, "framework", "admin", "w"));
}

static void formats_fixed_width_load(void **state)
{
	char buf[600];

	(void)state;
	assert_true(rule_format_load(buf, sizeof(buf), "S1", "R1", "wr"));
	assert_int_equal(strlen(buf), 53);
	assert_string_equal(buf, "S1                      R1                      rw---");
	assert_true(rule_format_load(buf, sizeof(buf), "S1", "R1", "-"));
	assert_string_equal(buf + 48, "-----");
	/* 24 characters do not fit the 23-character field; b has no column. */
	assert_false(rule_format_load(buf, sizeof(buf), "abcdefghijklmnopqrstuvwx", "R1", "r"));
	assert_false(rule_format_load(buf, sizeof(buf), "S1", "R1", "b"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_valid_labels),
		cmocka_unit_test(rejects_invalid_labels),
		cmocka_unit_test(validates_access),
		cmocka_unit_test(formats_load2),
		cmocka_unit_test(formats_fixed_width_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
