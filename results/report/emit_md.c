/* report.md: GitHub-flavoured Markdown, tables for kernels and cases. */
#include "emit.h"

#include <string.h>

#include "answer.h"
#include "escape.h"
#include "findings.h"

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
	char src[1024];

	fputs("| ", f);
	md_str(f, k->name);
	fputs(" | ", f);
	md_str(f, kernel_source(k, src, sizeof(src)));
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
	fprintf(f, " | %zu / %zu / %zu / %zu / %zu of ", k->n_ok, k->n_not_ok - k->n_broken,
		k->n_broken, k->n_skip, k->n_missing);
	if (k->tap.plan >= 0)
		fprintf(f, "%ld", k->tap.plan);
	else
		fputs("?", f);
	if (k->n_todo)
		fprintf(f, ", %zu todo", k->n_todo);
	fputs(" |\n", f);
}

/* One gate: commit (or "commit unknown"), subject, since, backports, source. */
static void md_one_gate(FILE *f, const struct gate *g)
{
	if (g->commit)
		md_code(f, g->commit, (size_t)commit_abbrev_len(g->commit));
	else
		fputs("commit unknown", f);
	if (g->subject) {
		fputs(" (\"", f);
		md_str(f, g->subject);
		fputs("\")", f);
	}
	fputs(", since ", f);
	md_str(f, g->since ? g->since : "?");
	if (g->backports) {
		fputs(", backports ", f);
		md_str(f, g->backports);
	}
	if (g->source) {
		fputs(" (release from ", f);
		md_str(f, g->source);
		fputs(")", f);
	}
}

/* "gained, first in 4.5.0" or "unexplained ..." for one transition. */
static void md_change(FILE *f, const struct transition *t)
{
	if (!t->gate) {
		fputs("**unexplained**: no gate flips", f);
		return;
	}
	if (!t->gate->commit)
		fputs("**unexplained** (the gate that flips has no commit): ", f);
	fputs(t->lost ? "lost" : "gained", f);
	if (t->first_release) {
		/* lost: the later kernel's series has not reached its backport yet. */
		fputs(t->lost ? ", its series gets it in " : ", first in ", f);
		md_strn(f, t->first_release, t->first_release_len);
	}
}

static void md_kernel_pair(FILE *f, const struct run *r, const struct transition *t)
{
	md_str(f, r->k[t->from].name);
	fputs(" → ", f);
	md_str(f, r->k[t->to].name);
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

/* One line per (kernels, gate): how many cases, and a few of them. */
static void md_groups(FILE *f, const struct run *r)
{
	fputs("\n### Transitions\n\n| From | To | Change | Gate | Cases |\n|---|---|---|---|---|\n",
	      f);
	for (size_t i = 0; i < r->ngrp; i++) {
		const struct tgroup *g = &r->grp[i];
		const struct transition *t = g->t;

		fputs("| ", f);
		md_str(f, r->k[t->from].name);
		fputs(" (", f);
		md_str(f, kernel_release(&r->k[t->from]));
		fputs(") | ", f);
		md_str(f, r->k[t->to].name);
		fputs(" (", f);
		md_str(f, kernel_release(&r->k[t->to]));
		fputs(") | ", f);
		md_change(f, t);
		fputs(" | ", f);
		if (t->gate)
			md_one_gate(f, t->gate);
		else
			fputs("—", f);
		fprintf(f, " | %zu: ", g->n);
		for (size_t j = 0; j < g->n && j < 3; j++) {
			const char *name = r->c[g->cases[j]].name;

			if (j)
				fputs(", ", f);
			md_code(f, name, strlen(name));
		}
		if (g->n > 3)
			fprintf(f, " and %zu more", g->n - 3);
		fputs(" |\n", f);
	}
}

static void md_changed(FILE *f, const struct run *r)
{
	size_t n = r->nchanged;

	fputs("\n## What changed between kernels\n\n", f);
	if (!n) {
		fputs("No case was observed differently on two kernels that ran it.\n", f);
		return;
	}
	fprintf(f, "%zu case%s observed differently on two kernels that ran %s, in %zu "
		"transition%s between adjacent kernels.\n", n, n == 1 ? "" : "s",
		n == 1 ? "it" : "them", r->ntr, r->ntr == 1 ? "" : "s");
	if (r->nunexplained)
		fprintf(f, "\n**Unexplained: %zu transition%s, in %zu case%s**: no version gate "
			"with a known commit flips between the two kernels.\n", r->nunexplained,
			r->nunexplained == 1 ? "" : "s", r->nunexplained_cases,
			r->nunexplained_cases == 1 ? "" : "s");
	md_groups(f, r);
	fputs("\n### Cases that changed\n\n", f);
	md_header(f, r, "Case", "Transitions and gates");
	for (size_t i = 0; i < r->nc; i++) {
		const struct tcase *c = &r->c[i];
		const struct gate *gates[4 * GATE_MAX];
		size_t ng;

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
		fputc(' ', f);
		for (size_t j = 0; j < c->ntr; j++) {
			const struct transition *t = &c->tr[j];

			if (j)
				fputs("; ", f);
			md_kernel_pair(f, r, t);
			fputs(": ", f);
			md_change(f, t);
			if (t->gate && t->gate->commit) {
				fputs(", ", f);
				md_code(f, t->gate->commit, (size_t)commit_abbrev_len(t->gate->commit));
			}
		}
		ng = case_gates(r, c, gates, sizeof(gates) / sizeof(gates[0]));
		fputs(ng ? ". Gates: " : ". No version gate.", f);
		for (size_t j = 0; j < ng; j++) {
			if (j)
				fputs("; ", f);
			md_one_gate(f, gates[j]);
		}
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
	size_t bad, not_ok, broken, missing;
	bool notes = false;

	struct answer a;

	run_totals(r, &bad, &not_ok, &broken, &missing);
	fputs("# SMACK IPC conformance report\n\n", f);
	fputs("Suite ", f);
	md_str(f, *run_field(r, "suite_version") ? run_field(r, "suite_version") : "?");
	fputs(", started ", f);
	md_str(f, *run_field(r, "started") ? run_field(r, "started") : "?");
	fputs(", finished ", f);
	md_str(f, *run_field(r, "finished") ? run_field(r, "finished") : "?");
	fputs(" (UTC).\n\n", f);
	fprintf(f, "**%s**: %zu of %zu kernel%s not ok; %zu case%s, with %zu not ok (%zu failed, "
		"%zu broken) and %zu missing results across kernels.\n",
		run_failed(r) ? "FAILED" : "PASSED", bad, r->nk, r->nk == 1 ? "" : "s", r->nc,
		r->nc == 1 ? "" : "s", not_ok, not_ok - broken, broken, missing);
	answer_build(&a, r);
	md_answer(f, r, &a);
	answer_free(&a);
	md_findings(f, r);

	fputs("\n## Kernels\n\n", f);
	fputs("| Kernel | Source | Release | Status | Detail | Accel | Boot s | Build s "
	      "| ok / failed / broken / skipped / missing of plan |\n", f);
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
