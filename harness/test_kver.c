/* Unit tests: kernel release parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kver.h"

static void parses_distribution_releases(void **state)
{
	unsigned v = 0;

	(void)state;
	assert_true(kver_parse("6.1.0-28-amd64", &v));
	assert_int_equal(v, KV(6, 1, 0));
	assert_true(kver_parse("4.4.121", &v));
	assert_int_equal(v, KV(4, 4, 121));
	assert_true(kver_parse("6.12", &v));
	assert_int_equal(v, KV(6, 12, 0));
	assert_true(kver_parse("5.10.0-rc3+", &v));
	assert_int_equal(v, KV(5, 10, 0));
	/* 4.9.337 keeps its sublevel (LINUX_VERSION_CODE would saturate at 255) */
	assert_true(kver_parse("4.9.337", &v));
	assert_int_equal(v, KV(4, 9, 337));
	assert_true(v > KV(4, 9, 255) && v < KV(4, 10, 0));
}

static void rejects_garbage(void **state)
{
	unsigned v = 0;

	(void)state;
	assert_false(kver_parse("", &v));
	assert_false(kver_parse("linux", &v));
	assert_false(kver_parse("6", &v));
	assert_false(kver_parse("-6.1", &v));
}

static void orders_versions(void **state)
{
	(void)state;
	assert_true(KV(4, 4, 255) < KV(4, 5, 0));
	assert_true(KV(6, 12, 0) > KV(6, 1, 192));
	assert_true(KV(10, 0, 0) > KV(9, 255, 255));
}

static void formats_versions(void **state)
{
	char buf[16];

	(void)state;
	kver_format(KV(4, 5, 0), buf, sizeof(buf));
	assert_string_equal(buf, "4.5.0");
	kver_format(KV(5, 4, 286), buf, sizeof(buf));
	assert_string_equal(buf, "5.4.286");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_distribution_releases),
		cmocka_unit_test(rejects_garbage),
		cmocka_unit_test(orders_versions),
		cmocka_unit_test(formats_versions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
