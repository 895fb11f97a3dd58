/* Unit tests: label and access validation, rule formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
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

/*
 * A table (netlabel) goes back one entry per write(), no newline, in the
 * order read; a FIFO stands in for the smackfs file and keeps every byte.
 */
static void table_written_entry_by_entry(void **state)
{
	struct smackfs fs = {.path = ""};
	char path[300], got[256] = "";
	ssize_t n;
	int rd;

	(void)state;
	assert_true(smackfs_is_table("netlabel"));
	assert_true(smackfs_is_table("ipv6host"));
	assert_false(smackfs_is_table("onlycap"));
	assert_false(smackfs_is_table("ptrace"));
	snprintf(fs.path, sizeof(fs.path), "%s/tblXXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(fs.path));
	snprintf(path, sizeof(path), "%s/netlabel", fs.path);
	assert_int_equal(mkfifo(path, 0600), 0);
	rd = open(path, O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	assert_int_equal(smackfs_put_table(&fs, "netlabel", "127.0.0.1/32 -CIPSO\n10.0.0.0/8 @\n"), 0);
	assert_int_equal(smackfs_put_table(&fs, "netlabel", ""), 0); /* an empty table: no write */
	n = read(rd, got, sizeof(got) - 1);
	assert_true(n > 0);
	got[n] = '\0';
	assert_string_equal(got, "127.0.0.1/32 -CIPSO10.0.0.0/8 @");
	close(rd);
	unlink(path);
	rmdir(fs.path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_valid_labels),
		cmocka_unit_test(rejects_invalid_labels),
		cmocka_unit_test(validates_access),
		cmocka_unit_test(formats_load2),
		cmocka_unit_test(formats_fixed_width_load),
		cmocka_unit_test(table_written_entry_by_entry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
