/*
 * libFuzzer target for the TAP/YAML reader and every writer (fuzz.sh builds
 * and runs it). The input is a run of two kernels, in up to four sections
 * split at lines holding one form feed: kernel a's main.tap, a's
 * kernel.info, kernel b's main.tap, run.info; a missing section is a
 * missing file (fuzz-corpus/transitions.txt: gates flipping between them,
 * with backports, and a broken case). Each writer goes to memory, and what its format promises
 * whatever the input is checked, cheaply: an abort() keeps the input.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "emit.h"
#include "outcheck.h"

/* Crash, so that libFuzzer keeps the input; show where the output went wrong. */
static void fail(const char *what, const char *out, size_t len, size_t at)
{
	size_t from = at > 200 ? at - 200 : 0;

	fprintf(stderr, "fuzz_report: %s at byte %zu:\n", what, at);
	fwrite(out + from, 1, len - from < 400 ? len - from : 400, stderr);
	fputc('\n', stderr);
	abort();
}

typedef void (*writer)(FILE *, const struct run *);

typedef const char *(*checker)(const char *, size_t, size_t *);

static void run_writer(writer w, const struct run *r, checker check)
{
	char *out = NULL;
	size_t len = 0, at = 0;
	FILE *f = open_memstream(&out, &len);
	const char *why;

	if (!f)
		abort();
	w(f, r);
	if (fclose(f))
		abort();
	if ((why = check(out, len, &at)))
		fail(why, out, len, at);
	free(out);
}

static void diff_writer(FILE *f, const struct run *r)
{
	diff_run(r, f);
}

/* Section i of the input, NUL-terminated (a copy), or NULL when absent. */
static char *section(const uint8_t *data, size_t size, int i, size_t *len)
{
	const char *s = (const char *)data, *end = s + size;

	for (; i > 0; i--) {
		const char *ff = memmem(s, (size_t)(end - s), "\n\f\n", 3);

		if (!ff)
			return NULL;
		s = ff + 3;
	}
	{
		const char *ff = memmem(s, (size_t)(end - s), "\n\f\n", 3);

		*len = (size_t)((ff ? ff + 1 : end) - s);
		return xstrndup(s, *len);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char dir[] = "/tmp/fuzz-report-empty.XXXXXX";
	char err[256];
	struct run r;

	(void)argc;
	(void)argv;
	/* Once: a run directory with no kernel at all (qsort of nothing). */
	if (mkdtemp(dir)) {
		run_init(&r);
		if (run_load(&r, dir, err, sizeof(err)))
			abort();
		run_free(&r);
		rmdir(dir);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t la = 0, li = 0, lb = 0, lr = 0;
	char *tap_a = section(data, size, 0, &la), *info = section(data, size, 1, &li);
	char *tap_b = section(data, size, 2, &lb), *run_info = section(data, size, 3, &lr);
	struct run r;

	run_init(&r);
	r.dir = xstrdup("fuzz");
	kvfile_parse(&r.info, run_info ? run_info : "");
	run_add_kernel_text(&r, "a", info, tap_a, la);
	run_add_kernel_text(&r, "b", NULL, tap_b, lb);
	run_build(&r);
	(void)run_failed(&r);
	/* Transitions (gate, gate2 ... gate8 flipping): every changed case has one. */
	for (size_t i = 0; i < r.nc; i++) {
		const struct tcase *c = &r.c[i];

		if (c->changed != (c->ntr > 0) || c->nunexplained > c->ntr)
			abort();
		for (size_t j = 0; j < c->ntr; j++)
			if (c->tr[j].from >= c->tr[j].to || c->tr[j].to >= r.nk ||
			    (c->tr[j].gate && !c->tr[j].first_release && c->tr[j].gate->since))
				abort();
	}
	run_writer(emit_json, &r, check_json);
	run_writer(emit_md, &r, check_md);
	run_writer(emit_html, &r, check_html);
	run_writer(emit_junit, &r, check_junit);
	run_writer(emit_kcidb, &r, check_kcidb);
	run_writer(diff_writer, &r, check_term);
	run_free(&r);
	free(tap_a);
	free(info);
	free(tap_b);
	free(run_info);
	return 0;
}
