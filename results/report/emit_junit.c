/* junit.xml: one testsuite per kernel, every case of the union in each. */
#include "emit.h"

#include <string.h>

#include "escape.h"

/* A kernel run that neither passed nor just failed cases is an error itself. */
static bool status_is_error(const struct kernel *k)
{
	const char *st = kernel_status(k);

	return strcmp(st, "ok") && strcmp(st, "failures");
}

static void junit_case(FILE *f, const struct tcase *c, const struct cell *x)
{
	long ms;

	fputs("    <testcase classname=\"smack-ipc.", f);
	xml_str(f, c->family);
	fputs("\" name=\"", f);
	xml_str(f, c->name);
	fputs("\"", f);
	if (x->pt && tap_long(x->pt, "elapsed_ms", &ms) && ms >= 0)
		fprintf(f, " time=\"%ld.%03ld\"", ms / 1000, ms % 1000);
	switch (x->status) {
	case CELL_OK:
		fputs("/>\n", f);
		return;
	case CELL_SKIP:
	case CELL_TODO:
		/* JUnit has no TODO: like a skip, it is no failure. */
		fputs("><skipped message=\"", f);
		if (x->status == CELL_TODO)
			fputs(x->pt->reason ? "todo: " : "todo", f);
		xml_str(f, x->pt->reason ? x->pt->reason : "");
		fputs("\"/></testcase>\n", f);
		return;
	case CELL_MISSING:
		fputs("><error message=\"missing: kernel run ended before this case\"/>"
		      "</testcase>\n", f);
		return;
	case CELL_NOT_OK:
		break;
	}
	/* Broken: the case could not set itself up, so it tested nothing: an error. */
	fputs(x->broken ? ">\n      <error message=\"" : ">\n      <failure message=\"", f);
	if (x->broken) {
		fputs("broken: ", f);
		xml_str(f, x->error);
	} else if (x->error) {
		fputs("error: ", f);
		xml_str(f, x->error);
	} else {
		fputs("observed ", f);
		xml_str(f, x->observed);
		if (x->expected) {
			fputs(", expected ", f);
			xml_str(f, x->expected);
		}
	}
	fputs("\">", f);
	xml_text(f, x->pt->yaml);
	fputs(x->broken ? "</error>\n    </testcase>\n" : "</failure>\n    </testcase>\n", f);
}

static void property(FILE *f, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	fputs("      <property name=\"", f);
	xml_str(f, name);
	fputs("\" value=\"", f);
	xml_str(f, value);
	fputs("\"/>\n", f);
}

/* A TAP the reader found fault with: one failed test case listing the faults. */
static void junit_tap_problems(FILE *f, const struct kernel *k)
{
	if (!k->tap.nproblem)
		return;
	fputs("    <testcase classname=\"smack-ipc.kernel\" name=\"tap_format\">"
	      "<failure message=\"main.tap: ", f);
	xml_str(f, k->tap.problem[0]);
	fputs("\">", f);
	for (size_t i = 0; i < k->tap.nproblem; i++) {
		fputs("main.tap: ", f);
		xml_text(f, k->tap.problem[i]);
		fputc('\n', f);
	}
	fputs("</failure></testcase>\n", f);
}

static void junit_suite(FILE *f, const struct run *r, size_t ki)
{
	const struct kernel *k = &r->k[ki];
	bool kerr = status_is_error(k), bad_tap = k->tap.nproblem > 0;

	fputs("  <testsuite name=\"", f);
	xml_str(f, k->name);
	fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n",
		r->nc + kerr + bad_tap, k->n_not_ok - k->n_broken + bad_tap,
		k->n_missing + k->n_broken + kerr, k->n_skip + k->n_todo);
	fputs("    <properties>\n", f);
	property(f, "source", kernel_field(k, "source"));
	property(f, "release", kernel_release(k));
	property(f, "status", kernel_status(k));
	property(f, "detail", kernel_detail(k));
	property(f, "accel", kernel_field(k, "accel"));
	property(f, "bail_out", k->tap.bail_out);
	property(f, "skip_all", k->tap.skip_all);
	fputs("    </properties>\n", f);
	if (kerr) {
		fputs("    <testcase classname=\"smack-ipc.kernel\" name=\"kernel_status\">"
		      "<error message=\"", f);
		xml_str(f, kernel_status(k));
		fputs(": ", f);
		xml_str(f, kernel_detail(k));
		fputs("\"/></testcase>\n", f);
	}
	junit_tap_problems(f, k);
	for (size_t i = 0; i < r->nc; i++)
		junit_case(f, &r->c[i], &r->c[i].cell[ki]);
	fputs("  </testsuite>\n", f);
}

void emit_junit(FILE *f, const struct run *r)
{
	size_t tests = 0, failures = 0, errors = 0;

	for (size_t i = 0; i < r->nk; i++) {
		bool kerr = status_is_error(&r->k[i]), bad_tap = r->k[i].tap.nproblem > 0;

		tests += r->nc + kerr + bad_tap;
		failures += r->k[i].n_not_ok - r->k[i].n_broken + bad_tap;
		errors += r->k[i].n_missing + r->k[i].n_broken + kerr;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	/*
	 * Jenkins' xunit plugin (junit-10.xsd) allows name, time, tests, failures
	 * and errors on <testsuites>, and no skipped: the skips are counted on
	 * each <testsuite>, where it is allowed.
	 */
	fprintf(f, "<testsuites name=\"smack-ipc\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n",
		tests, failures, errors);
	for (size_t i = 0; i < r->nk; i++)
		junit_suite(f, r, i);
	fputs("</testsuites>\n", f);
}
