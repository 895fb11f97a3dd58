/* Unit tests: the TAP reader and its YAML subset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tapread.h"
#include "util.h"

static const char sample[] =
	"TAP version 14\n"
	"1..4\n"
	"# smack-ipc-suite 0.1.0\n"
	"# kernel: 6.1.192\n"
	"ok 1 - fdpass_sock_stream_via_stream_dropped\n"
	"  ---\n"
	"  family: \"fdpass\"\n"
	"  descriptors: \"sock_stream\"\n"
	"  so_passsec: false\n"
	"  rules:\n"
	"    - \"sipc383c.0014.R sipc383c.0014.S w\"\n"
	"    - \"none\"\n"
	"  expected:\n"
	"    delivered: 0\n"
	"    scm_security: \"none\"\n"
	"    decided_by:\n"
	"      - \"smack_file_receive\\x3a R w smk_out(S)\"\n"
	"  gate:\n"
	"    since: \"4.5.0\"\n"
	"    commit: \"79be093500791cc25cc31bcaec5a4db62e21497b\"\n"
	"  observed:\n"
	"    delivered: 0\n"
	"    scm_security: \"a\\\"b\\\\c\\x41\\x00z\"\n"
	"    nothing: null\n"
	"  elapsed_ms: 3\n"
	"  ...\n"
	"not ok 2 - some_case_name\n"
	"  ---\n"
	"  error: \"timed out after 3000 ms; process group killed\"\n"
	"  family: \"selftest\"\n"
	"  ...\n"
	"ok 3 - other_case # SKIP needs CONFIG_KEYS\n"
	"not ok 4 some_todo # TODO later\n"
	"Bail out! interrupted by signal 15; 0 rules left under sipc9910\n";

static void reads_header_points_and_bail_out(void **state)
{
	struct tap_doc d;

	(void)state;
	tap_parse(&d, sample, strlen(sample));
	assert_int_equal(d.version, 14);
	assert_int_equal(d.plan, 4);
	assert_null(d.skip_all);
	assert_string_equal(d.kernel, "6.1.192");
	assert_string_equal(d.bail_out, "interrupted by signal 15; 0 rules left under sipc9910");
	assert_false(d.cut);
	assert_int_equal(d.npt, 4);

	assert_int_equal(d.pt[0].num, 1);
	assert_true(d.pt[0].ok);
	assert_false(d.pt[0].skip);
	assert_string_equal(d.pt[0].name, "fdpass_sock_stream_via_stream_dropped");
	assert_false(d.pt[0].yaml_cut);

	assert_false(d.pt[1].ok);
	assert_string_equal(d.pt[1].name, "some_case_name");
	assert_string_equal(tap_str(&d.pt[1], "error"),
			    "timed out after 3000 ms; process group killed");

	assert_true(d.pt[2].ok);
	assert_true(d.pt[2].skip);
	assert_string_equal(d.pt[2].name, "other_case");
	assert_string_equal(d.pt[2].reason, "needs CONFIG_KEYS");
	assert_null(d.pt[2].yaml);

	assert_int_equal(d.pt[3].num, 4);
	assert_true(d.pt[3].todo);
	assert_string_equal(d.pt[3].name, "some_todo");
	assert_string_equal(d.pt[3].reason, "later");
	tap_doc_free(&d);
}

static void flattens_maps_and_lists(void **state)
{
	struct tap_doc d;
	const struct tap_point *p;

	(void)state;
	tap_parse(&d, sample, strlen(sample));
	p = &d.pt[0];
	assert_string_equal(tap_str(p, "family"), "fdpass");
	assert_string_equal(tap_str(p, "so_passsec"), "false");
	assert_string_equal(tap_str(p, "rules[0]"), "sipc383c.0014.R sipc383c.0014.S w");
	assert_string_equal(tap_str(p, "rules[1]"), "none");
	assert_null(tap_get(p, "rules[2]"));
	assert_string_equal(tap_str(p, "expected.delivered"), "0");
	assert_string_equal(tap_str(p, "expected.scm_security"), "none");
	assert_string_equal(tap_str(p, "expected.decided_by[0]"),
			    "smack_file_receive: R w smk_out(S)");
	assert_string_equal(tap_str(p, "gate.commit"), "79be093500791cc25cc31bcaec5a4db62e21497b");
	assert_string_equal(tap_str(p, "gate.since"), "4.5.0");
	assert_string_equal(tap_str(p, "observed.delivered"), "0");
	/* Back at the top level after the nested maps. */
	assert_string_equal(tap_str(p, "elapsed_ms"), "3");
	assert_null(tap_get(p, "delivered"));
	assert_non_null(tap_get(p, "observed.nothing"));
	assert_null(tap_str(p, "observed.nothing"));
	/* The raw block keeps its own indentation for JUnit. */
	assert_int_equal(strncmp(p->yaml, "family: \"fdpass\"\n", 17), 0);
	assert_non_null(strstr(p->yaml, "\nobserved:\n  delivered: 0\n"));
	tap_doc_free(&d);
}

static void decodes_escapes(void **state)
{
	struct tap_doc d;
	const struct tap_kv *kv;

	(void)state;
	tap_parse(&d, sample, strlen(sample));
	kv = tap_get(&d.pt[0], "observed.scm_security");
	assert_non_null(kv);
	assert_int_equal(kv->len, 8);
	assert_memory_equal(kv->val, "a\"b\\cA\0z", 8);
	tap_doc_free(&d);
}

static void scalars(void **state)
{
	size_t n;
	char *s;

	(void)state;
	s = yaml_scalar(" plain text  ", 13, &n);
	assert_string_equal(s, "plain text");
	free(s);
	s = yaml_scalar("'it''s'", 7, &n);
	assert_string_equal(s, "it's");
	free(s);
	assert_null(yaml_scalar("null", 4, &n));
	assert_null(yaml_scalar("~", 1, &n));
	s = yaml_scalar("\"\\u00e9\\t\\xzz\"", 14, &n);
	assert_string_equal(s, "\xc3\xa9\t\\xzz");
	free(s);
	/* Cut before the closing quote: keep what there is. */
	s = yaml_scalar("\"sipc38", 7, &n);
	assert_string_equal(s, "sipc38");
	free(s);
}

static void cut_off_block_and_line(void **state)
{
	static const char text[] =
		"TAP version 14\n"
		"1..5\n"
		"ok 1 - a\n"
		"  ---\n"
		"  observed:\n"
		"    delivered: 1\n"
		"ok 2 - b\n"
		"  ---\n"
		"  family: \"fdpass\"\n"
		"  observed:\n"
		"    deliv";
	struct tap_doc d;

	(void)state;
	tap_parse(&d, text, strlen(text));
	assert_int_equal(d.plan, 5);
	assert_int_equal(d.npt, 2);
	assert_true(d.pt[0].yaml_cut);
	assert_string_equal(tap_str(&d.pt[0], "observed.delivered"), "1");
	assert_string_equal(d.pt[1].name, "b");
	assert_true(d.pt[1].yaml_cut);
	assert_string_equal(tap_str(&d.pt[1], "family"), "fdpass");
	assert_null(tap_get(&d.pt[1], "observed.deliv"));
	assert_true(d.cut);
	tap_doc_free(&d);

	/* A test line cut mid-name must not invent a case. */
	tap_parse(&d, "1..3\nok 1 - a\nok 2 - fdpass_so", 30);
	assert_int_equal(d.npt, 1);
	assert_true(d.cut);
	tap_doc_free(&d);

	tap_parse(&d, "", 0);
	assert_int_equal(d.npt, 0);
	assert_int_equal(d.plan, -1);
	assert_int_equal(d.version, 0);
	tap_doc_free(&d);
}

static void skip_all_plan(void **state)
{
	static const char text[] = "TAP version 14\n1..0 # SKIP no SMACK in this kernel\n";
	struct tap_doc d;

	(void)state;
	tap_parse(&d, text, strlen(text));
	assert_int_equal(d.plan, 0);
	assert_string_equal(d.skip_all, "no SMACK in this kernel");
	assert_int_equal(d.npt, 0);
	tap_doc_free(&d);

	tap_parse(&d, "1..0\n", 5);
	assert_non_null(d.skip_all);
	assert_string_equal(d.skip_all, "");
	tap_doc_free(&d);
}

static void older_list_form_and_crlf(void **state)
{
	static const char text[] =
		"ok 1 - a\r\n"
		"  ---\r\n"
		"  rules:\r\n"
		"    -: \"none\"\r\n"
		"  expected: \"timeout\"\r\n"
		"  ...\r\n"
		"# kernel: 4.4.0\r\n";
	struct tap_doc d;

	(void)state;
	tap_parse(&d, text, strlen(text));
	assert_int_equal(d.npt, 1);
	assert_string_equal(tap_str(&d.pt[0], "rules[0]"), "none");
	assert_string_equal(tap_str(&d.pt[0], "expected"), "timeout");
	assert_false(d.pt[0].yaml_cut);
	assert_string_equal(d.kernel, "4.4.0");
	tap_doc_free(&d);
}

/* A string literal's bytes, its NUL left out. */
#define PARSE(d, lit) tap_parse(d, lit, sizeof(lit) - 1)

static void assert_problems(const struct tap_doc *d, const char *const *want)
{
	size_t n = 0;

	for (; want[n]; n++) {
		assert_true(n < d->nproblem);
		assert_string_equal(d->problem[n], want[n]);
	}
	assert_int_equal(d->nproblem, n);
}

static void unnamed_and_nul_named_points_stay(void **state)
{
	static const char text[] = "1..3\nnot ok 1\nok 2 -  # SKIP why\nok 3 - \0b\0\n";
	static const char *const want[] = { "test 3 has a NUL byte in its name",
					    "test 1 has no name", "test 2 has no name", NULL };
	struct tap_doc d;

	(void)state;
	tap_parse(&d, text, sizeof(text) - 1);
	assert_int_equal(d.npt, 3);
	assert_string_equal(d.pt[0].name, "(unnamed #1)");
	assert_true(d.pt[0].unnamed);
	assert_false(d.pt[0].ok);
	assert_string_equal(d.pt[1].name, "(unnamed #2)");
	assert_true(d.pt[1].skip);
	assert_string_equal(d.pt[2].name, "\\x00b\\x00");
	assert_false(d.pt[2].unnamed);
	assert_problems(&d, want);
	tap_doc_free(&d);
}

static void duplicates_get_names_of_their_own(void **state)
{
	static const char text[] = "1..4\nok 1 - x\nnot ok 2 - x\nok 3 - y\nok 4 - x\n";
	static const char *const want[] = {
		"duplicate name x at tests 1 and 2", "duplicate name x at tests 1 and 4", NULL
	};
	struct tap_doc d;

	(void)state;
	tap_parse(&d, text, sizeof(text) - 1);
	assert_int_equal(d.npt, 4);
	assert_string_equal(d.pt[0].name, "x");
	assert_int_equal(d.pt[0].dup_of, 0);
	assert_string_equal(d.pt[1].name, "x (duplicate #2)");
	assert_int_equal(d.pt[1].dup_of, 1);
	assert_false(d.pt[1].ok);
	assert_string_equal(d.pt[2].name, "y");
	assert_string_equal(d.pt[3].name, "x (duplicate #4)");
	assert_int_equal(d.pt[3].dup_of, 1);
	assert_problems(&d, want);
	tap_doc_free(&d);
}

static void plans(void **state)
{
	static const char *const more[] = { "plan 1..1 but 2 results", NULL };
	static const char *const fewer[] = { "plan 1..3 but 1 result", NULL };
	static const char *const none[] = { "no plan", NULL };
	static const char *const twice[] = { "a second plan (1..2)", NULL };
	static const char *const numbered[] = { "test 2 is numbered 5", NULL };
	static const char *const ok[] = { NULL };
	struct tap_doc d;

	(void)state;
	PARSE(&d, "1..1\nok 1 - a\nok 2 - b\n");
	assert_problems(&d, more);
	tap_doc_free(&d);
	PARSE(&d, "1..3\nok 1 - a\n");
	assert_problems(&d, fewer);
	tap_doc_free(&d);
	PARSE(&d, "ok 1 - a\n");
	assert_problems(&d, none);
	tap_doc_free(&d);
	/* A plan at the end is as good as one at the start. */
	PARSE(&d, "ok 1 - a\n1..1\n");
	assert_problems(&d, ok);
	tap_doc_free(&d);
	PARSE(&d, "1..1\nok 1 - a\n1..2\n");
	assert_problems(&d, twice);
	tap_doc_free(&d);
	PARSE(&d, "1..2\nok 1 - a\nok 5 - b\n");
	assert_problems(&d, numbered);
	tap_doc_free(&d);
	PARSE(&d, "TAP version 14\n1..0 # SKIP no SMACK\n");
	assert_problems(&d, ok);
	tap_doc_free(&d);
}

static void problems_are_capped(void **state)
{
	char *text = xmalloc(100 * 8 + 16), *o = text;
	struct tap_doc d;

	(void)state;
	o += sprintf(o, "1..100\n");
	for (int i = 0; i < 100; i++)
		o += sprintf(o, "ok\n");
	tap_parse(&d, text, (size_t)(o - text));
	assert_int_equal(d.npt, 100);
	assert_int_equal(d.nproblem, TAP_MAX_PROBLEMS);
	assert_string_equal(d.problem[0], "test 1 has no name");
	assert_string_equal(d.problem[TAP_MAX_PROBLEMS - 1], "81 more problems");
	assert_string_equal(d.pt[99].name, "(unnamed #100)");
	tap_doc_free(&d);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_header_points_and_bail_out),
		cmocka_unit_test(flattens_maps_and_lists),
		cmocka_unit_test(decodes_escapes),
		cmocka_unit_test(scalars),
		cmocka_unit_test(cut_off_block_and_line),
		cmocka_unit_test(skip_all_plan),
		cmocka_unit_test(older_list_form_and_crlf),
		cmocka_unit_test(unnamed_and_nul_named_points_stay),
		cmocka_unit_test(duplicates_get_names_of_their_own),
		cmocka_unit_test(plans),
		cmocka_unit_test(problems_are_capped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
