/* report.html: one self-contained page, no scripts, no external resources. */
#include "emit.h"

#include <string.h>

#include "answer.h"
#include "escape.h"
#include "findings.h"

/* One version gate: commit (or "commit unknown"), subject, since, backports, source. */
static void html_one_gate(FILE *f, const struct gate *g)
{
	if (g->commit) {
		fputs("<code title=\"", f);
		html_str(f, g->commit);
		fputs("\">", f);
		html_strn(f, g->commit, (size_t)commit_abbrev_len(g->commit));
		fputs("</code>", f);
	} else {
		fputs("commit unknown", f);
	}
	if (g->subject) {
		fputs(" (&quot;", f);
		html_str(f, g->subject);
		fputs("&quot;)", f);
	}
	fputs(", since ", f);
	html_str(f, g->since ? g->since : "?");
	if (g->backports) {
		fputs(", backports ", f);
		html_str(f, g->backports);
	}
	if (g->source) {
		fputs(" (release from ", f);
		html_str(f, g->source);
		fputs(")", f);
	}
}

/* "gained, first in 4.5.0" or "unexplained ...". */
static void html_change(FILE *f, const struct transition *t)
{
	if (!t->gate) {
		fputs("<b class=\"unx\">unexplained</b>: no gate flips", f);
		return;
	}
	if (!t->gate->commit)
		fputs("<b class=\"unx\">unexplained</b> (the gate that flips has no commit): ", f);
	fputs(t->lost ? "lost" : "gained", f);
	if (t->first_release) {
		/* lost: the later kernel's series has not reached its backport yet. */
		fputs(t->lost ? ", its series gets it in " : ", first in ", f);
		html_strn(f, t->first_release, t->first_release_len);
	}
}

static const char css[] =
	"body{font:14px/1.4 system-ui,sans-serif;color:#222;margin:.6em auto;max-width:1260px;"
	"padding:0 10px}\n"
	"h1{font-size:1.35em;margin:.2em 0}h2{font-size:1.15em;margin:.9em 0 .3em}\n"
	"p{margin:.3em 0}\n"
	"table{border-collapse:collapse;margin:.4em 0}\n"
	"th,td{border:1px solid #bbb;padding:2px 5px;vertical-align:top;text-align:left}\n"
	"thead th{position:sticky;top:0;background:#e8e8e8;z-index:1}\n"
	"table.m{table-layout:fixed;width:100%}\n"
	"table.m col.c{width:30%}table.m col.g{width:20em}\n"
	"table.m td,table.m th{font-size:12px;overflow-wrap:break-word}\n"
	"td.case,code{font-family:ui-monospace,monospace}\n"
	".ok{background:#d5f0d5}.bad{background:#f5cccc}"
	".skip,.missing{background:#e4e4e4;color:#555}.todo{background:#f6eec8}\n"
	"details{margin:.6em 0}summary{cursor:pointer;font-weight:600;font-size:1.1em}\n"
	"details details{margin-left:1em}details details summary{font-size:1em}\n"
	".legend{font-size:12px;color:#444}.legend .li{margin-right:.8em;white-space:nowrap}\n"
	".unx{color:#b00}p.unx,p.alarm{font-weight:600;background:#f5cccc;padding:4px}\n"
	/* The answer: marks coloured by outcome; conformance is the quieter ring. */
	"table.ans td,table.ans th,table.needs td,table.needs th{font-size:12px;padding:2px 4px}\n"
	"table.ans td{white-space:nowrap}table.ans th.k,table.needs th.k{font-family:ui-monospace,"
	"monospace;background:#f4f4f4;font-weight:600}\n"
	"table.ans td.bad{background:#fde2e2}td.na{color:#999}\n"
	".strip{display:inline-block;vertical-align:middle;margin-right:3px}\n"
	".mk{display:inline-block;width:5px;height:13px;margin-right:1px;vertical-align:middle}\n"
	".mk.cut{margin-left:4px}.legend .mk{margin-right:3px}\n"
	"table.ans code{font-size:11px}\n"
	".mk.bad{outline:2px solid #e00;outline-offset:1px}\n"
	".o-delivered{background:#2f9e44}.o-dropped{background:#c92a2a}.o-refused{background:#f08c00}"
	".o-partial{background:linear-gradient(#2f9e44 50%,#c92a2a 50%)}.o-value{background:#3b5bdb}"
	".o-mixed{background:repeating-linear-gradient(45deg,#2f9e44 0 2px,#c92a2a 2px 4px)}"
	".o-skip{background:#ced4da}.o-missing,.o-none{background:#fff;box-shadow:inset 0 0 0 1px #999}"
	".o-error{background:#000}\n"
	"p.note,p.var{font-size:12px;color:#444}\n"
	".legend.cl span{padding:1px 6px;margin-right:.5em;border:1px solid #bbb}\n"
	/* Audit records: the findings table, and a cell's refusal without a record. */
	"table.fnd td,table.fnd th,table.aud td,table.aud th{font-size:12px;padding:2px 4px}\n"
	"table.fnd code,table.aud code{font-size:11px}\n"
	"table.fnd{table-layout:fixed;width:100%}table.fnd td{overflow-wrap:break-word}\n"
	"table.fnd col.f{width:17em}table.fnd col.k{width:7em}table.fnd col.r{width:21em}\n"
	".noaud{color:#b00;font-size:11px;font-weight:600}\n";

static const char *cell_class(const struct cell *c)
{
	switch (c->status) {
	case CELL_OK:
		return "ok";
	case CELL_NOT_OK:
		return "bad";
	case CELL_SKIP:
		return "skip";
	case CELL_TODO:
		return "todo";
	case CELL_MISSING:
		break;
	}
	return "missing";
}

/* Case names are one long word: let them break after each underscore. */
static void html_case_name(FILE *f, const char *name)
{
	for (const char *p = name; *p;) {
		size_t n = strcspn(p, "_");

		html_strn(f, p, n + (p[n] == '_'));
		p += n;
		if (*p) {
			fputs("<wbr>", f);
			p++;
		}
	}
}

/* Tooltip: what the cell does not have room for. */
static void html_title(FILE *f, const struct cell *c)
{
	if (c->status == CELL_MISSING) {
		fputs("kernel run ended before this case", f);
		return;
	}
	fputs("expected: ", f);
	html_str(f, c->expected ? c->expected : "(not stated)");
	if (c->scm) {
		fputs("\nscm_security: ", f);
		if (c->scm->val) {
			fputs("&quot;", f);
			html_strn(f, c->scm->val, c->scm->len);
			fputs("&quot;", f);
		} else {
			fputs("null", f);
		}
	}
	if (c->scm_expected) {
		fputs(" (expected ", f);
		html_str(f, c->scm_expected);
		fputs(")", f);
	}
	if ((c->status == CELL_SKIP || c->status == CELL_TODO) && c->pt->reason) {
		fputs(c->status == CELL_SKIP ? "\nskip: " : "\ntodo: ", f);
		html_str(f, c->pt->reason);
	}
	if (c->hint) {
		fputs("\nhint: ", f);
		html_str(f, c->hint);
	}
	for (size_t i = 0; i < c->ngate; i++) {
		const struct gate *g = &c->gate[i];

		fputs("\n", f);
		html_str(f, g->key);
		fputs(": ", f);
		html_str(f, g->commit ? g->commit : "commit unknown");
		if (g->since) {
			fputs(" since ", f);
			html_str(f, g->since);
		}
		if (g->old_applies >= 0)
			fputs(g->old_applies ? ", old behaviour" : ", new behaviour", f);
	}
}

static void html_cell(FILE *f, const struct cell *c)
{
	fprintf(f, "<td class=\"%s\" title=\"", cell_class(c));
	html_title(f, c);
	fputs("\">", f);
	switch (c->status) {
	case CELL_OK:
		html_str(f, c->observed);
		break;
	case CELL_NOT_OK:
		html_str(f, c->observed);
		if (c->expected) {
			fputs(" (expected ", f);
			html_str(f, c->expected);
			fputs(")", f);
		}
		break;
	case CELL_SKIP:
		fputs("skip", f);
		break;
	case CELL_TODO:
		html_str(f, c->observed);
		fputs(" (todo)", f);
		break;
	case CELL_MISSING:
		fputs("missing", f);
		break;
	}
	fputs("</td>", f);
}

static void html_kernels(FILE *f, const struct run *r)
{
	fputs("<h2>Kernels</h2>\n<table><thead><tr><th>Kernel</th><th>Source</th><th>Release</th>"
	      "<th>Status</th><th>Detail</th><th>Accel</th><th>Boot s</th><th>Build s</th>"
	      "<th>ok / failed / broken / skipped / missing of plan</th></tr></thead><tbody>\n", f);
	for (size_t i = 0; i < r->nk; i++) {
		const struct kernel *k = &r->k[i];
		const char *st = kernel_status(k);
		char src[1024];

		fputs("<tr><td>", f);
		html_str(f, k->name);
		fputs("</td><td>", f);
		html_str(f, kernel_source(k, src, sizeof(src)));
		fputs("</td><td>", f);
		html_str(f, kernel_release(k));
		fprintf(f, "</td><td class=\"%s\">", strcmp(st, "ok") ? "bad" : "ok");
		html_str(f, st);
		fputs("</td><td>", f);
		html_str(f, kernel_detail(k));
		if (k->tap.bail_out) {
			fputs("<br>Bail out! ", f);
			html_str(f, k->tap.bail_out);
		}
		if (k->tap.skip_all) {
			fputs("<br>skipped every case: ", f);
			html_str(f, k->tap.skip_all);
		}
		for (size_t j = 0; j < k->tap.nproblem; j++) {
			fputs("<br>main.tap: ", f);
			html_str(f, k->tap.problem[j]);
		}
		fputs("</td><td>", f);
		html_str(f, kernel_field(k, "accel"));
		if (*kernel_field(k, "kvm_probe")) {
			fputs(" (kvm probe ", f);
			html_str(f, kernel_field(k, "kvm_probe"));
			fputs(")", f);
		}
		fputs("</td><td>", f);
		html_str(f, kernel_field(k, "boot_seconds"));
		fputs("</td><td>", f);
		html_str(f, kernel_field(k, "build_seconds"));
		fprintf(f, "</td><td>%zu / %zu / %zu / %zu / %zu of ", k->n_ok,
			k->n_not_ok - k->n_broken, k->n_broken, k->n_skip, k->n_missing);
		if (k->tap.plan >= 0)
			fprintf(f, "%ld", k->tap.plan);
		else
			fputs("?", f);
		if (k->n_todo)
			fprintf(f, ", %zu todo", k->n_todo);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

static void html_matrix_head(FILE *f, const struct run *r, const char *last)
{
	/*
	 * The case name a fixed share, so it breaks at its underscores into two
	 * or three lines rather than one word per line; kernels share the rest.
	 */
	fputs("<table class=\"m\"><colgroup><col class=\"c\">", f);
	for (size_t i = 0; i < r->nk; i++)
		fputs("<col>", f);
	if (last)
		fputs("<col class=\"g\">", f);
	fputs("</colgroup>\n<thead><tr><th>Case</th>", f);
	for (size_t i = 0; i < r->nk; i++) {
		fputs("<th>", f);
		html_str(f, r->k[i].name);
		fputs("</th>", f);
	}
	if (last)
		fprintf(f, "<th>%s</th>", last);
	fputs("</tr></thead><tbody>\n", f);
}

static void html_kernel(FILE *f, const struct kernel *k, bool release)
{
	html_str(f, k->name);
	if (release) {
		fputs(" (", f);
		html_str(f, kernel_release(k));
		fputs(")", f);
	}
}

static void html_groups(FILE *f, const struct run *r)
{
	fputs("<table><thead><tr><th>From</th><th>To</th><th>Change</th>"
	      "<th>Gate</th><th>Cases</th></tr></thead><tbody>\n", f);
	for (size_t i = 0; i < r->ngrp; i++) {
		const struct tgroup *g = &r->grp[i];
		const struct transition *t = g->t;

		fputs("<tr><td>", f);
		html_kernel(f, &r->k[t->from], true);
		fputs("</td><td>", f);
		html_kernel(f, &r->k[t->to], true);
		fputs("</td><td>", f);
		html_change(f, t);
		fputs("</td><td>", f);
		if (t->gate)
			html_one_gate(f, t->gate);
		else
			fputs("—", f);
		fprintf(f, "</td><td>%zu: ", g->n);
		for (size_t j = 0; j < g->n && j < 3; j++) {
			fputs(j ? ", <code>" : "<code>", f);
			html_case_name(f, r->c[g->cases[j]].name);
			fputs("</code>", f);
		}
		if (g->n > 3)
			fprintf(f, " and %zu more", g->n - 3);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

static void html_changed(FILE *f, const struct run *r)
{
	size_t n = r->nchanged;

	fputs("<h2>What changed between kernels</h2>\n", f);
	if (!n) {
		fputs("<p>No case was observed differently on two kernels that ran it.</p>\n", f);
		return;
	}
	fprintf(f, "<p>%zu case%s observed differently on two kernels that ran %s, in %zu "
		"transition%s between adjacent kernels.</p>\n", n, n == 1 ? "" : "s",
		n == 1 ? "it" : "them", r->ntr, r->ntr == 1 ? "" : "s");
	if (r->nunexplained)
		fprintf(f, "<p class=\"unx\">Unexplained: %zu transition%s, in %zu case%s: no "
			"version gate with a known commit flips between the two kernels.</p>\n",
			r->nunexplained, r->nunexplained == 1 ? "" : "s", r->nunexplained_cases,
			r->nunexplained_cases == 1 ? "" : "s");
	fputs("<details><summary>Transitions, by the change that explains them</summary>\n", f);
	html_groups(f, r);
	fputs("</details>\n<details><summary>Cases that changed</summary>\n", f);
	html_matrix_head(f, r, "Transitions and gates");
	for (size_t i = 0; i < r->nc; i++) {
		const struct tcase *c = &r->c[i];
		const struct gate *gates[4 * GATE_MAX];
		size_t ng;

		if (!c->changed)
			continue;
		fputs("<tr><td class=\"case\">", f);
		html_case_name(f, c->name);
		fputs("</td>", f);
		for (size_t ki = 0; ki < r->nk; ki++) {
			const struct cell *x = &c->cell[ki];

			fprintf(f, "<td class=\"%s\">", cell_class(x));
			html_str(f, x->status == CELL_MISSING ? "—" : x->observed);
			fputs("</td>", f);
		}
		fputs("<td>", f);
		for (size_t j = 0; j < c->ntr; j++) {
			const struct transition *t = &c->tr[j];

			if (j)
				fputs("<br>", f);
			html_kernel(f, &r->k[t->from], false);
			fputs(" → ", f);
			html_kernel(f, &r->k[t->to], false);
			fputs(": ", f);
			html_change(f, t);
			if (t->gate && t->gate->commit) {
				fputs(", <code>", f);
				html_strn(f, t->gate->commit,
					  (size_t)commit_abbrev_len(t->gate->commit));
				fputs("</code>", f);
			}
		}
		ng = case_gates(r, c, gates, sizeof(gates) / sizeof(gates[0]));
		fputs(ng ? "<br>Gates: " : "<br>No version gate.", f);
		for (size_t j = 0; j < ng; j++) {
			if (j)
				fputs("; ", f);
			html_one_gate(f, gates[j]);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table></details>\n", f);
}

static void html_matrix(FILE *f, const struct run *r)
{
	const struct tcase *prev = NULL;

	for (size_t i = 0; i < r->nc; i++) {
		const struct tcase *c = &r->c[r->order[i]];

		if (prev && prev->grp_rank != c->grp_rank)
			fputs("</tbody></table></details>\n", f);
		if (prev && prev->fam_rank != c->fam_rank)
			fputs("</details>\n", f);
		if (!prev || prev->fam_rank != c->fam_rank) {
			fputs("<details><summary>Family ", f);
			html_str(f, c->family);
			fputs("</summary>\n", f);
		}
		if (!prev || prev->grp_rank != c->grp_rank) {
			fputs("<details><summary>", f);
			html_str(f, c->group);
			fputs("</summary>\n", f);
			html_matrix_head(f, r, NULL);
		}
		prev = c;
		fputs("<tr><td class=\"case\">", f);
		html_case_name(f, short_case_name(c->name));
		fputs("</td>", f);
		for (size_t ki = 0; ki < r->nk; ki++)
			html_cell(f, &c->cell[ki]);
		fputs("</tr>\n", f);
	}
	if (prev)
		fputs("</tbody></table></details>\n</details>\n", f);
}

void emit_html(FILE *f, const struct run *r)
{
	size_t bad, not_ok, broken, missing;
	struct answer a;

	run_totals(r, &bad, &not_ok, &broken, &missing);
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width\">\n"
		"<title>SMACK IPC conformance report</title>\n<style>\n%s</style></head>\n<body>\n"
		"<h1>SMACK IPC conformance report</h1>\n", css);
	/* One line: the verdict first, then where the run came from. */
	fprintf(f, "<p class=\"%s\"><b>%s</b>: %zu of %zu kernel%s not ok; "
		"%zu case%s, with %zu not ok (%zu failed, %zu broken) and %zu missing results "
		"across kernels. Suite ", run_failed(r) ? "bad" : "ok",
		run_failed(r) ? "FAILED" : "PASSED", bad, r->nk, r->nk == 1 ? "" : "s", r->nc,
		r->nc == 1 ? "" : "s", not_ok, not_ok - broken, broken, missing);
	html_str(f, *run_field(r, "suite_version") ? run_field(r, "suite_version") : "?");
	fputs(", started ", f);
	html_str(f, *run_field(r, "started") ? run_field(r, "started") : "?");
	fputs(", finished ", f);
	html_str(f, *run_field(r, "finished") ? run_field(r, "finished") : "?");
	fputs(" (UTC).</p>\n", f);
	answer_build(&a, r);
	html_answer(f, r, &a);
	answer_free(&a);
	html_findings(f, r);
	html_kernels(f, r);
	html_changed(f, r);
	fputs("<h2>Cases</h2>\n<p class=\"legend cl\"><span class=\"ok\">observed what was "
	      "expected</span><span class=\"bad\">observed something else (expected in "
	      "brackets)</span><span class=\"skip\">skipped</span><span class=\"missing\">missing: "
	      "the run ended before this case</span>", f);
	if (any_todo(r))
		fputs("<span class=\"todo\">todo: marked # TODO, not a failure</span>", f);
	fputs(" Hover a cell for the expectation, SCM_SECURITY and hint. Open a family to see "
	      "its cases.</p>\n", f);
	html_matrix(f, r);
	fputs("</body></html>\n", f);
}
