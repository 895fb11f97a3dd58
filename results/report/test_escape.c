/* Unit tests: JSON, XML, HTML, Markdown and terminal escaping. */
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
	/* Markup, C1 controls, separators and bidi overrides as \u escapes. */
	check(json_strn, "</script>&", "\"\\u003c/script\\u003e\\u0026\"");
	check(json_strn, "\xc2\x9b\xe2\x80\xa8\xe2\x80\xae\xef\xbf\xbf",
	      "\"\\u009b\\u2028\\u202e\\uffff\"");
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
	/* Not allowed in XML 1.0 (U+FFFE), or invisible and reordering text. */
	check(xml_strn, "]]>\xef\xbf\xbe\xc2\x85\xe2\x80\xae",
	      "]]&gt;\\xef\\xbf\\xbe\\xc2\\x85\\xe2\\x80\\xae");
	check(html_strn, "<script>\"'&\x1b", "&lt;script&gt;&quot;&#39;&amp;\\x1b");
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
	/* A backslash of the input cannot escape what follows it. */
	check(md_strn, "\\*", "\\\\\\*");
	check(md_strn, "\xff\x1b", "\\\\xff\\\\x1b");
	/* In a code span only \| works: the rest shows as \xNN. */
	check(md_code, "fdpass_a", "`fdpass_a`");
	check(md_code, "a|b`c<d>&\x1b\\", "`a\\|b\\x60c\\x3cd\\x3e\\x26\\x1b\\`");
}

static void terminal(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	check(term_strn, "ok <b>|`\xc3\xa9", "ok <b>|`\xc3\xa9");
	check(term_strn, "\x1b[2J\r\n\t\x07\x7f\xff\xc2\x9b\xe2\x80\xae",
	      "\\x1b[2J\\x0d\\x0a\\x09\\x07\\x7f\\xff\\xc2\\x9b\\xe2\\x80\\xae");
	f = open_memstream(&buf, &len);
	term_str(f, NULL);
	fclose(f);
	assert_string_equal(buf, "");
	free(buf);
}

static void characters(void **state)
{
	bool safe;

	(void)state;
	assert_int_equal(next_char((const unsigned char *)"a", 1, &safe), 1);
	assert_true(safe);
	assert_int_equal(next_char((const unsigned char *)"\xe2\x9c\x85", 3, &safe), 3);
	assert_true(safe);
	assert_int_equal(next_char((const unsigned char *)"\xff", 1, &safe), 1);
	assert_false(safe);
	assert_int_equal(next_char((const unsigned char *)"\xc2\x9b", 2, &safe), 2);
	assert_false(safe);	/* C1 CSI */
	assert_int_equal(next_char((const unsigned char *)"\xe2\x81\xa6", 3, &safe), 3);
	assert_false(safe);	/* U+2066 LEFT-TO-RIGHT ISOLATE */
	assert_int_equal(next_char((const unsigned char *)"\x1b", 1, &safe), 1);
	assert_false(safe);
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
		cmocka_unit_test(terminal),
		cmocka_unit_test(characters),
		cmocka_unit_test(names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
