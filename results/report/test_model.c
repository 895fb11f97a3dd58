/*
 * The model at scale: 100,000 single-case families must order (and render)
 * in the normal test timeout, with families and their groups in order of
 * first appearance. Not timed; a quadratic or worse step never finishes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "emit.h"
#include "model.h"
#include "util.h"

#define FAMILIES 100000

/* A point of family "multi" in group g: the only ones with YAML. */
static void multi(FILE *f, size_t *num, int i, const char *g)
{
	fprintf(f, "ok %zu - multi_%d\n  ---\n  family: \"multi\"\n  descriptors: \"%s\"\n  ...\n",
		++*num, i, g);
}

static void orders_many_families(void **state)
{
	char root[] = "/tmp/report-model.XXXXXX";
	char *path, *cmd;
	size_t num = 0;
	struct run r;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(root));
	path = xasprintf("%s/main.tap", root);
	f = fopen(path, "w");
	assert_non_null(f);
	/* multi_1 (g1), the first half, multi_2 (g2), the rest, multi_3 (g1). */
	fprintf(f, "TAP version 14\n1..%d\n", FAMILIES + 3);
	multi(f, &num, 1, "g1");
	for (int i = 0; i < FAMILIES; i++) {
		if (i == FAMILIES / 2)
			multi(f, &num, 2, "g2");
		fprintf(f, "ok %zu - f%06d_case\n", ++num, i);
	}
	multi(f, &num, 3, "g1");
	assert_int_equal(fclose(f), 0);

	run_init(&r);
	run_add_kernel(&r, "k", root);
	run_build(&r);
	assert_int_equal(r.nc, FAMILIES + 3);
	assert_string_equal(r.c[r.order[0]].name, "multi_1");
	assert_string_equal(r.c[r.order[1]].name, "multi_3");	/* same group, pulled up */
	assert_string_equal(r.c[r.order[2]].name, "multi_2");
	assert_true(r.c[r.order[0]].fam_rank == r.c[r.order[2]].fam_rank);
	assert_true(r.c[r.order[1]].grp_rank != r.c[r.order[2]].grp_rank);
	for (size_t i = 3; i < r.nc; i++) {
		char want[32];

		snprintf(want, sizeof(want), "f%06zu_case", i - 3);
		if (strcmp(r.c[r.order[i]].name, want))
			fail_msg("order[%zu] is %s, want %s", i, r.c[r.order[i]].name, want);
		assert_true(r.c[r.order[i]].fam_rank == i - 2);
	}

	/* Every writer over all of them, as render does. */
	f = fopen("/dev/null", "w");
	assert_non_null(f);
	emit_json(f, &r);
	emit_md(f, &r);
	emit_html(f, &r);
	emit_junit(f, &r);
	assert_int_equal(fclose(f), 0);
	run_free(&r);

	cmd = xasprintf("rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(path);
}

/* No kernel and no case: nothing to sort, nothing to copy (UBSan: no NULL to qsort). */
static void builds_an_empty_run(void **state)
{
	struct run r;
	FILE *f = fopen("/dev/null", "w");

	(void)state;
	assert_non_null(f);
	run_init(&r);
	run_build(&r);
	assert_int_equal(r.nc, 0);
	assert_true(run_failed(&r));
	emit_json(f, &r);
	emit_md(f, &r);
	emit_html(f, &r);
	emit_junit(f, &r);
	assert_int_equal(fclose(f), 0);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(orders_many_families),
		cmocka_unit_test(builds_an_empty_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
