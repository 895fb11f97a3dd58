/* Unit tests: JSON, XML/HTML and Markdown escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "emit.h"
#include "escape.h"

typedef void (*escaper)(FILE *, const char *, size_t);

static char *run(escaper fn, const char *s, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fn(f, s, n);
	fclose(f);
	return buf;
}

#define check(fn, in, want)                                  \
	do {                                                 \
		char *got_ = run(fn, in, sizeof(in) - 1);    \
		assert_string_equal(got_, want);             \
		free(got_);                                  \
	} while (0)

static void utf8(void **state)
{
	(void)state;
	assert_int_equal(utf8_seq((const unsigned char *)"a", 1), 1);
	assert_int_equal(utf8_seq((const unsigned char *)"\xc3\xa9", 2), 2);
	assert_int_equal(utf8_seq((const unsigned char *)"\xe2\x9c\x85", 3), 3);
	assert_int_equal(utf8_seq((const unsigned char *)"\xc3", 1), 0);
	assert_int_equal(utf8_seq((const unsigned char *)"\xc0\x80", 2), 0);	/* overlong */
	assert_int_equal(utf8_seq((const unsigned char *)"\xed\xa0\x80", 3), 0);	/* surrogate */
	assert_int_equal(utf8_seq((const unsigned char *)"\xff", 1), 0);
}

static void json(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	check(json_strn, "plain", "\"plain\"");
	check(json_strn, "q\"b\\s/", "\"q\\\"b\\\\s/\"");
	check(json_strn, "a\nb\tc\r", "\"a\\nb\\tc\\r\"");
	check(json_strn, "S\0x\x01\x7f", "\"S\\u0000x\\u0001\\u007f\"");
	check(json_strn, "\xff\xc3\xa9", "\"\\u00ff\xc3\xa9\"");
	f = open_memstream(&buf, &len);
	json_str(f, NULL);
	fputc(' ', f);
	json_str(f, "");
	fclose(f);
	assert_string_equal(buf, "null \"\"");
	free(buf);
}

static void xml_and_html(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	check(xml_strn, "<a href='x'>&\"</a>", "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
	check(xml_strn, "l1\nl2\t", "l1&#10;l2&#9;");
	check(xml_strn, "nul\0bel\x07 bad\xfe ok\xc3\xa9",
	      "nul\\x00bel\\x07 bad\\xfe ok\xc3\xa9");
	f = open_memstream(&buf, &len);
	xml_text(f, "a: \"x\"\n  b: <y>\n");
	fclose(f);
	assert_string_equal(buf, "a: &quot;x&quot;\n  b: &lt;y&gt;\n");
	free(buf);
}

static void markdown(void **state)
{
	(void)state;
	check(md_strn, "a|b", "a\\|b");
	check(md_strn, "line1\nline2", "line1 line2");
	check(md_strn, "build_failed *x* `c` [l]", "build\\_failed \\*x\\* \\`c\\` \\[l\\]");
	check(md_strn, "<b>&", "&lt;b&gt;&amp;");
	check(md_strn, "x\x01", "x\\\\x01");
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(short_case_name("fdpass_sock_stream_x"), "sock_stream_x");
	assert_string_equal(short_case_name("fdpass_"), "fdpass_");
	assert_string_equal(short_case_name("runner_x"), "runner_x");
	assert_int_equal(commit_abbrev_len("79be093500791cc25cc31bcaec5a4db62e21497b"), 12);
	assert_int_equal(commit_abbrev_len("v4.5"), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8),
		cmocka_unit_test(json),
		cmocka_unit_test(xml_and_html),
		cmocka_unit_test(markdown),
		cmocka_unit_test(names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
