/* Unit tests: kernel release parsing and version gates. */
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

static void gates_by_version(void **state)
{
	struct gate g = {.since = KV(4, 5, 0), .commit = "79be093500791cc25cc31bcaec5a4db62e21497b", .subject = "s"};
	struct gate none = {.since = 0};

	(void)state;
	assert_true(gate_applies_old(&g, KV(4, 4, 121)));
	assert_false(gate_applies_old(&g, KV(4, 5, 0)));
	assert_false(gate_applies_old(&g, KV(6, 1, 0)));
	assert_false(gate_applies_old(&none, KV(2, 6, 0)));
	/* a stable backport: 4.9.y has it from .229, 4.14.67 does not */
	struct gate bp = {.since = KV(4, 19, 0), .subject = "s", .backports = {KV(4, 9, 229)}};

	assert_true(gate_applies_old(&bp, KV(4, 4, 121)));
	assert_true(gate_applies_old(&bp, KV(4, 9, 228)));
	assert_false(gate_applies_old(&bp, KV(4, 9, 229)));
	assert_true(gate_applies_old(&bp, KV(4, 14, 67)));
	assert_false(gate_applies_old(&bp, KV(4, 19, 0)));
	assert_false(gate_applies_old(NULL, KV(2, 6, 0)));
	/* sublevels past 255: a backport at 5.4.284 covers 5.4.286, not 5.4.283 or 5.5 */
	struct gate big = {.since = KV(6, 11, 0), .subject = "s", .backports = {KV(5, 4, 284)}};

	assert_false(gate_applies_old(&big, KV(5, 4, 286)));
	assert_true(gate_applies_old(&big, KV(5, 4, 283)));
	assert_true(gate_applies_old(&big, KV(5, 10, 89)));
	/* the fifth and later series of a list count too (6.6.87 has the 6.6.44 backport) */
	struct gate five = {.since = KV(6, 11, 0), .subject = "s",
			    .backports = {KV(5, 4, 282), KV(5, 10, 224), KV(5, 15, 165), KV(6, 1, 103),
					  KV(6, 6, 44)}};

	assert_false(gate_applies_old(&five, KV(6, 6, 87)));
	assert_true(gate_applies_old(&five, KV(6, 6, 43)));
	assert_false(gate_applies_old(&five, KV(6, 18, 33)));
	assert_true(gate_applies_old(&five, KV(5, 15, 135)));
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
		cmocka_unit_test(gates_by_version),
		cmocka_unit_test(formats_versions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
