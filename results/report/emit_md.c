/* report.md: GitHub-flavoured Markdown, tables for kernels and cases. */
#include "emit.h"

#include <string.h>

#include "escape.h"

static void md_cell(FILE *f, const struct cell *c)
{
	switch (c->status) {
	case CELL_OK:
		fputs("✅ ", f);
		md_str(f, c->observed);
		break;
	case CELL_NOT_OK:
		fputs("❌ ", f);
		md_str(f, c->observed);
		if (c->expected) {
			fputs(" (expected ", f);
			md_str(f, c->expected);
			fputs(")", f);
		}
		break;
	case CELL_SKIP:
		fputs("⏭ skip", f);
		break;
	case CELL_TODO:
		fputs("🚧 ", f);
		md_str(f, c->observed);
		fputs(" (todo)", f);
		break;
	case CELL_MISSING:
		fputs("— missing", f);
		break;
	}
}

static void md_kernel_row(FILE *f, const struct kernel *k)
{
	const char *st = kernel_status(k), *probe = kernel_field(k, "kvm_probe");
	const char *v;

	fputs("| ", f);
	md_str(f, k->name);
	fputs(" | ", f);
	md_str(f, kernel_field(k, "source"));
	fputs(" | ", f);
	md_str(f, kernel_release(k));
	/* Plain status words: the ✅/❌ marks belong to the case cells only. */
	fputs(" | ", f);
	md_str(f, st);
	fputs(" | ", f);
	md_str(f, kernel_detail(k));
	fputs(" | ", f);
	md_str(f, kernel_field(k, "accel"));
	if (*probe) {
		fputs(" (kvm probe ", f);
		md_str(f, probe);
		fputs(")", f);
	}
	fputs(" | ", f);
	v = kernel_field(k, "boot_seconds");
	md_str(f, *v ? v : "–");
	fputs(" | ", f);
	v = kernel_field(k, "build_seconds");
	md_str(f, *v ? v : "–");
	fprintf(f, " | %zu / %zu / %zu / %zu of ", k->n_ok, k->n_not_ok, k->n_skip, k->n_missing);
	if (k->tap.plan >= 0)
		fprintf(f, "%ld", k->tap.plan);
	else
		fputs("?", f);
	if (k->n_todo)
		fprintf(f, ", %zu todo", k->n_todo);
	fputs(" |\n", f);
}

static void md_one_gate(FILE *f, const char *commit, const char *subject, const char *since)
{
	if (commit)
		md_code(f, commit, (size_t)commit_abbrev_len(commit));
	else
		fputs("commit not identified", f);
	if (subject) {
		fputs(" (\"", f);
		md_str(f, subject);
		fputs("\")", f);
	}
	fputs(", since ", f);
	md_str(f, since);
}

static void md_gate(FILE *f, const struct tcase *c)
{
	if (!c->gate_since) {
		fputs("no version gate: unexplained", f);
		return;
	}
	md_one_gate(f, c->gate_commit, c->gate_subject, c->gate_since);
	if (c->gate2_since) {
		fputs("; ", f);
		md_one_gate(f, c->gate2_commit, c->gate2_subject, c->gate2_since);
	}
}

static void md_header(FILE *f, const struct run *r, const char *first, const char *last)
{
	fprintf(f, "| %s |", first);
	for (size_t i = 0; i < r->nk; i++) {
		fputc(' ', f);
		md_str(f, r->k[i].name);
		fputs(" |", f);
	}
	if (last)
		fprintf(f, " %s |", last);
	fputs("\n|---|", f);
	for (size_t i = 0; i < r->nk; i++)
		fputs("---|", f);
	fputs(last ? "---|\n" : "\n", f);
}

static void md_changed(FILE *f, const struct run *r)
{
	size_t n = 0;

	fputs("\n## What changed between kernels\n\n", f);
	for (size_t i = 0; i < r->nc; i++)
		n += r->c[i].changed;
	if (!n) {
		fputs("No case was observed differently on two kernels that ran it.\n", f);
		return;
	}
	fprintf(f, "%zu case%s observed differently on two kernels that ran %s:\n\n", n,
		n == 1 ? "" : "s", n == 1 ? "it" : "them");
	md_header(f, r, "Case", "Explained by");
	for (size_t i = 0; i < r->nc; i++) {
		const struct tcase *c = &r->c[i];

		if (!c->changed)
			continue;
		fputs("| ", f);
		md_code(f, c->name, strlen(c->name));
		fputs(" |", f);
		for (size_t ki = 0; ki < r->nk; ki++) {
			fputc(' ', f);
			if (c->cell[ki].status == CELL_MISSING)
				fputs("—", f);
			else
				md_str(f, c->cell[ki].observed);
			fputs(" |", f);
		}
		fputs(" first differs on ", f);
		md_str(f, r->k[c->changed_on].name);
		fputs("; ", f);
		md_gate(f, c);
		fputs(" |\n", f);
	}
}

static void md_matrix(FILE *f, const struct run *r)
{
	const struct tcase *prev = NULL;

	for (size_t i = 0; i < r->nc; i++) {
		const struct tcase *c = &r->c[r->order[i]];

		if (!prev || prev->fam_rank != c->fam_rank) {
			fputs("\n## Family ", f);
			md_str(f, c->family);
			fputs("\n", f);
		}
		if (!prev || prev->grp_rank != c->grp_rank) {
			fputs("\n### ", f);
			md_str(f, c->group);
			fputs("\n\n", f);
			md_header(f, r, "Case", NULL);
		}
		prev = c;
		/* A code span keeps [a-z0-9_] names readable; md_code keeps others inert. */
		fputs("| ", f);
		md_code(f, short_case_name(c->name), strlen(short_case_name(c->name)));
		fputs(" |", f);
		for (size_t ki = 0; ki < r->nk; ki++) {
			fputc(' ', f);
			md_cell(f, &c->cell[ki]);
			fputs(" |", f);
		}
		fputc('\n', f);
	}
}

void emit_md(FILE *f, const struct run *r)
{
	size_t bad, not_ok, missing;
	bool notes = false;

	run_totals(r, &bad, &not_ok, &missing);
	fputs("# SMACK IPC conformance report\n\n", f);
	fputs("Suite ", f);
	md_str(f, *run_field(r, "suite_version") ? run_field(r, "suite_version") : "?");
	fputs(", started ", f);
	md_str(f, *run_field(r, "started") ? run_field(r, "started") : "?");
	fputs(", finished ", f);
	md_str(f, *run_field(r, "finished") ? run_field(r, "finished") : "?");
	fputs(" (UTC).\n\n", f);
	fprintf(f, "**%s**: %zu of %zu kernel%s not ok; %zu case%s, with %zu not ok and %zu "
		"missing results across kernels.\n", run_failed(r) ? "FAILED" : "PASSED", bad, r->nk,
		r->nk == 1 ? "" : "s", r->nc, r->nc == 1 ? "" : "s", not_ok, missing);

	fputs("\n## Kernels\n\n", f);
	fputs("| Kernel | Source | Release | Status | Detail | Accel | Boot s | Build s "
	      "| ok / not ok / skipped / missing of plan |\n", f);
	fputs("|---|---|---|---|---|---|---|---|---|\n", f);
	for (size_t i = 0; i < r->nk; i++)
		md_kernel_row(f, &r->k[i]);
	for (size_t i = 0; i < r->nk; i++) {
		const struct kernel *k = &r->k[i];

		if (!k->tap.bail_out && !k->tap.skip_all && !k->tap.cut)
			continue;	/* problems get a line each, below */
		if (!notes)
			fputc('\n', f);
		notes = true;
		fputs("- ", f);
		md_str(f, k->name);
		if (k->tap.bail_out) {
			fputs(": Bail out! ", f);
			md_str(f, k->tap.bail_out);
		}
		if (k->tap.skip_all) {
			fputs(": skipped every case: ", f);
			md_str(f, k->tap.skip_all);
		}
		if (k->tap.cut)
			fputs(": TAP ends mid-line", f);
		fputc('\n', f);
	}
	for (size_t i = 0; i < r->nk; i++) {
		const struct kernel *k = &r->k[i];

		for (size_t j = 0; j < k->tap.nproblem; j++) {
			if (!notes)
				fputc('\n', f);
			notes = true;
			fputs("- ", f);
			md_str(f, k->name);
			fputs(": main.tap: ", f);
			md_str(f, k->tap.problem[j]);
			fputc('\n', f);
		}
	}

	md_changed(f, r);
	fputs("\n## Cases\n\nLegend: ✅ observed what was expected; ❌ observed something else "
	      "(the expectation in brackets); ⏭ skipped; — missing: the kernel's run ended "
	      "before this case. \"dropped+CTRUNC\": no descriptor arrived and MSG_CTRUNC was set; "
	      "\"k/n\": k of n descriptors arrived.", f);
	if (any_todo(r))
		fputs(" 🚧 todo: marked # TODO, which TAP counts as no failure.", f);
	fputc('\n', f);
	md_matrix(f, r);
}
