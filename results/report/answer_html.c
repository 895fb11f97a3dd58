/* The answer page of report.html: grids of outcome marks, what a receiver needs, options. */
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "emit.h"
#include "escape.h"

/* One kernel's mark: coloured by outcome; a ring when it was not the expectation. */
static void html_mark(FILE *f, const struct run *r, const struct acell *c, size_t ki, bool cut)
{
	const struct amark *m = &c->k[ki];
	char note[2048];

	fprintf(f, "<span class=\"mk o-%s%s%s\" title=\"", outcome_name(m->oc),
		m->not_ok ? " bad" : "", cut ? " cut" : "");
	html_str(f, r->k[ki].name);
	fputs(": ", f);
	html_str(f, m->word ? m->word : "not run");
	if (m->not_ok)
		fprintf(f, " (%zu of %zu cases NOT as expected)", m->not_ok, c->n);
	else if (m->oc != OC_NONE)
		fprintf(f, " (%zu case%s, as expected)", c->n, c->n == 1 ? "" : "s");
	if (acell_audit_note(r, c, ki, note, sizeof(note))) {
		fputs("&#10;SMACK audit: ", f);
		html_str(f, note);
	}
	fputs("\"></span>", f);
}

static bool is_cut(const struct acell *c, size_t ki)
{
	for (size_t i = 0; i < c->nch; i++)
		if (c->ch[i].to == ki)
			return true;
	return false;
}

static const char *first_word(const struct run *r, const struct acell *c)
{
	for (size_t ki = 0; ki < r->nk; ki++)
		if (c->k[ki].oc != OC_NONE && c->k[ki].oc != OC_SKIP && c->k[ki].oc != OC_MISSING)
			return c->k[ki].word;
	return c->nch || !r->nk ? "?" : c->k[0].word ? c->k[0].word : "not run";
}

/* Kernels whose cases in the cell SMACK refused without an audit record, or the reverse. */
static void html_unaudited(FILE *f, const struct run *r, const struct acell *c)
{
	for (int unexpected = 0; unexpected < 2; unexpected++) {
		char *k = acell_unaudited(r, c, unexpected);

		if (!k)
			continue;
		fputs(unexpected ? "<br><span class=\"noaud\">denied record, no refusal: "
				 : "<br><span class=\"noaud\">refused, no audit record: ", f);
		html_str(f, k);
		fputs("</span>", f);
		free(k);
	}
}

/* The strip, then in words: the first outcome and each change, with its commit. */
static void html_acell(FILE *f, const struct run *r, const struct acell *c)
{
	size_t bad = 0;

	for (size_t ki = 0; ki < r->nk; ki++)
		bad += c->k[ki].not_ok > 0;
	fprintf(f, "<td%s><span class=\"strip\">", bad ? " class=\"bad\"" : "");
	for (size_t ki = 0; ki < r->nk; ki++)
		html_mark(f, r, c, ki, is_cut(c, ki));
	fputs("</span> ", f);
	html_str(f, first_word(r, c));
	for (size_t i = 0; i < c->nch; i++) {
		const struct achange *ch = &c->ch[i];

		fputs("<br>→ ", f);
		html_str(f, c->k[ch->to].word);
		fputs(" on ", f);
		html_str(f, r->k[ch->to].name);
		for (size_t j = 0; j < 2 && ch->gate[j]; j++) {
			const char *commit = ch->gate[j]->commit;

			fputs(j ? ", " : " ", f);
			if (commit) {
				fputs("<code>", f);
				html_strn(f, commit, (size_t)commit_abbrev_len(commit));
				fputs("</code>", f);
			} else {
				fputs("commit unknown", f);
			}
		}
		if (!ch->gate[0])
			fputs(" <b class=\"unx\">unexplained</b>", f);
	}
	if (bad)
		fprintf(f, "<br><b class=\"unx\">✗ not as expected on %zu kernel%s</b>", bad,
			bad == 1 ? "" : "s");
	html_unaudited(f, r, c);
	fputs("</td>", f);
}

static void html_grid_head(FILE *f, const struct agrid *g, const char *first)
{
	fputs("<table class=\"ans\"><thead><tr><th>", f);
	fputs(first, f);
	fputs("</th>", f);
	for (int c = 0; c < AC_N; c++) {
		if (!agrid_has_col(g, (enum acol)c))
			continue;
		fputs("<th>", f);
		fputs(acol_heading((enum acol)c), f);
		fputs("</th>", f);
	}
	fputs("</tr></thead><tbody>\n", f);
}

static bool row_differs(const struct arow *row)
{
	for (int c = 0; c < AC_N; c++)
		if (row->col[c].n && row->col[c].differs)
			return true;
	return false;
}

/* A grid; a variant shows only its rows with a difference, and "same" where there is none. */
static void html_grid(FILE *f, const struct run *r, const struct agrid *g, const char *first)
{
	bool variant = *g->variant != '\0';

	html_grid_head(f, g, first);
	for (size_t i = 0; i < g->nrow; i++) {
		const struct arow *row = &g->row[i];

		if (variant && !row_differs(row))
			continue;
		fputs("<tr><th class=\"k\">", f);
		html_str(f, row->name);
		fputs("</th>", f);
		for (int c = 0; c < AC_N; c++) {
			if (!agrid_has_col(g, (enum acol)c))
				continue;
			if (!row->col[c].n)
				fputs("<td class=\"na\">—</td>", f);
			else if (variant && !row->col[c].differs)
				fputs("<td class=\"na\">same</td>", f);
			else
				html_acell(f, r, &row->col[c]);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

static void html_legend(FILE *f, const struct run *r, bool fd)
{
	fputs("<p class=\"legend\">", f);
	fprintf(f, "<span class=\"li\"><span class=\"mk o-delivered\"></span>%s</span>", fd ? "delivered" : "allowed");
	if (fd)
		fputs("<span class=\"li\"><span class=\"mk o-dropped\"></span>dropped (MSG_CTRUNC, no error)</span>"
		      "<span class=\"li\"><span class=\"mk o-partial\"></span>some of them</span>", f);
	fputs("<span class=\"li\"><span class=\"mk o-refused\"></span>refused with an errno</span>", f);
	if (!fd)
		fputs("<span class=\"li\"><span class=\"mk o-value\"></span>a value R saw</span>", f);
	fputs("<span class=\"li\"><span class=\"mk o-skip\"></span>skipped</span>"
	      "<span class=\"li\"><span class=\"mk o-mixed\"></span>channels differ</span>"
	      "<span class=\"li\"><span class=\"mk o-dropped bad\"></span>ringed: NOT what was expected</span>"
	      " One mark per kernel, in this order: ", f);
	for (size_t ki = 0; ki < r->nk; ki++) {
		if (ki)
			fputs(", ", f);
		html_str(f, r->k[ki].name);
	}
	fputs(". A gap in a strip: the outcome changes there; the cell names the commit.</p>\n", f);
}

/*
 * Below the fd grid: SMACK's audit record for each dropped or refused
 * descriptor, per row; columns (rule sets) that say the same share a line.
 */
static void html_audit_list(FILE *f, const struct run *r, const struct agrid *g)
{
	bool any = false;

	if (!run_has_audit_records(r)) {
		fputs("<p class=\"note\">SMACK&#39;s audit records: not recorded (no kernel&#39;s "
		      "TAP has them).</p>\n", f);
		return;
	}
	for (size_t i = 0; i < g->nrow; i++) {
		const struct arow *row = &g->row[i];
		struct aline l[AC_N];
		size_t n = arow_audit_lines(r, row, l);
		char cols[256];

		for (size_t k = 0; k < n; k++) {
			if (!any)
				fputs("<details><summary>SMACK&#39;s audit record for each dropped or "
				      "refused descriptor</summary>\n<p class=\"note\">A "
				      "representative case of the cell per kernel (kernels without "
				      "audit data are left out); hover a mark for the same.</p>\n"
				      "<table class=\"aud\"><thead><tr><th>Descriptor</th><th>Rule "
				      "sets</th><th>Kernels: the record</th></tr></thead><tbody>\n", f);
			any = true;
			fputs("<tr><th class=\"k\">", f);
			html_str(f, row->name);
			fputs("</th><td>", f);
			html_str(f, acols_text(l[k].cols, cols, sizeof(cols)));
			fputs("</td><td>", f);
			html_str(f, l[k].text);
			fputs("</td></tr>\n", f);
		}
		alines_free(l, n);
	}
	if (any)
		fputs("</tbody></table></details>\n", f);
}

static void html_needs(FILE *f, const struct run *r, const struct answer *a,
		       const struct agrid *g)
{
	char buf[1024], next[1024];

	fputs("<h2>What a receiver needs, per kernel</h2>\n<p>The fewest SMACK rules under which "
	      "the receiver got the descriptor (sender S, receiver R; no SO_PASSSEC, ample "
	      "buffer), and the options under which even those do not bring it.</p>\n"
	      "<table class=\"needs\"><thead><tr><th>Descriptor</th>", f);
	for (size_t ki = 0; ki < r->nk; ki++) {
		fputs("<th>", f);
		html_str(f, r->k[ki].name);
		fputs("</th>", f);
	}
	fputs("</tr></thead><tbody>\n", f);
	for (size_t i = 0; i < g->nrow; i++) {
		fputs("<tr><th class=\"k\">", f);
		html_str(f, g->row[i].name);
		fputs("</th>", f);
		/* Kernels that need the same share one cell. */
		for (size_t ki = 0, span; ki < r->nk; ki += span) {
			const char *s = answer_needs(a, g, i, ki, buf, sizeof(buf));

			for (span = 1; ki + span < r->nk &&
				       !strcmp(answer_needs(a, g, i, ki + span, next, sizeof(next)), s);
			     span++)
				;
			fprintf(f, "<td colspan=\"%zu\">", span);
			html_str(f, *s ? s : "—");
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

static void html_variants(FILE *f, const struct run *r, const struct answer *a)
{
	bool any = false;

	for (size_t gi = 0; gi < a->ng; gi++) {
		const struct agrid *g = &a->g[gi];

		if (!*g->variant)
			continue;
		if (!any)
			fputs("<h2>What the options change</h2>\n<p>The same grid with an option "
			      "on the receiver or a smaller buffer, against the one above: only "
			      "the rows where something differs.</p>\n", f);
		any = true;
		if (!g->ndiffer) {
			fputs("<p class=\"var\"><b>", f);
			html_str(f, g->variant);
			fprintf(f, "</b>: the same in all %zu cells.</p>\n", g->ncells);
			continue;
		}
		fputs("<details><summary>", f);
		html_str(f, g->variant);
		fprintf(f, ": differs in %zu of %zu cells</summary>\n", g->ndiffer, g->ncells);
		html_grid(f, r, g, "Descriptor");
		fputs("</details>\n", f);
	}
}

static void html_families(FILE *f, const struct run *r, const struct answer *a)
{
	bool any = false;

	for (size_t gi = 0; gi < a->ng; gi++) {
		const struct agrid *g = &a->g[gi];

		if (*g->variant || !strcmp(g->family, "fdpass"))
			continue;
		if (!any) {
			fputs("<h2>The other families</h2>\n<p>Each scenario: S makes an object, R "
			      "acts on it; what R got under each rule set.</p>\n", f);
			html_legend(f, r, false);
		}
		any = true;
		fputs("<details open><summary>Family ", f);
		html_str(f, g->family);
		fputs("</summary>\n", f);
		html_grid(f, r, g, "Scenario");
		fputs("</details>\n", f);
	}
}

void html_answer(FILE *f, const struct run *r, const struct answer *a)
{
	const struct agrid *fd = answer_fdpass(a);

	if (a->not_ok_cells)
		fprintf(f, "<p class=\"alarm\">%zu mark%s below did NOT observe what was expected "
			"(ringed in red).</p>\n", a->not_ok_cells, a->not_ok_cells == 1 ? "" : "s");
	if (fd) {
		fputs("<h2>Which received descriptors each kernel refuses, and which rules bring "
		      "them back</h2>\n", f);
		html_legend(f, r, true);
		html_grid(f, r, fd, "Descriptor sent by S");
		html_audit_list(f, r, fd);
		fputs("<p class=\"note\">Receiver R drops CAP_MAC_OVERRIDE unless the column says "
		      "it keeps it; no SO_PASSSEC, a 4096-byte buffer, every channel type (stream, "
		      "dgram, seqpacket) in each cell.</p>\n", f);
		html_needs(f, r, a, fd);
	}
	html_variants(f, r, a);
	html_families(f, r, a);
}
