/* The answer page of report.md: the same grids as report.html, marks as coloured squares. */
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "emit.h"
#include "escape.h"

/* Markdown has no colours of its own: one coloured square per outcome. */
const char *md_outcome_mark(enum outcome o)
{
	switch (o) {
	case OC_DELIVERED:
		return "🟩";
	case OC_DROPPED:
		return "🟥";
	case OC_REFUSED:
		return "🟧";
	case OC_PARTIAL:
		return "🟨";
	case OC_VALUE:
		return "🟦";
	case OC_MIXED:
		return "🟪";
	case OC_SKIP:
		return "⬜";
	case OC_ERROR:
		return "⬛";
	case OC_MISSING:
	case OC_NONE:
		break;
	}
	return "·";
}

static const char *md_first_word(const struct run *r, const struct acell *c)
{
	for (size_t ki = 0; ki < r->nk; ki++)
		if (c->k[ki].oc != OC_NONE && c->k[ki].oc != OC_SKIP && c->k[ki].oc != OC_MISSING)
			return c->k[ki].word;
	return !r->nk || !c->k[0].word ? "not run" : c->k[0].word;
}

/* The strip ("│" where it changes, ❗ after a mark that was not expected), then words. */
static void md_acell(FILE *f, const struct run *r, const struct acell *c)
{
	size_t next = 0;

	for (size_t ki = 0; ki < r->nk; ki++) {
		if (next < c->nch && c->ch[next].to == ki) {
			fputs("│", f);
			next++;
		}
		fputs(md_outcome_mark(c->k[ki].oc), f);
		if (c->k[ki].not_ok)
			fputs("❗", f);
	}
	fputc(' ', f);
	md_str(f, md_first_word(r, c));
	for (size_t i = 0; i < c->nch; i++) {
		const struct achange *ch = &c->ch[i];

		fputs(" → ", f);
		md_str(f, c->k[ch->to].word);
		fputs(" on ", f);
		md_str(f, r->k[ch->to].name);
		for (size_t j = 0; j < 2 && ch->gate[j]; j++) {
			const char *commit = ch->gate[j]->commit;

			fputs(j ? ", " : " ", f);
			if (commit)
				md_code(f, commit, (size_t)commit_abbrev_len(commit));
			else
				fputs("commit unknown", f);
		}
		if (!ch->gate[0])
			fputs(" **unexplained**", f);
	}
	for (int unexpected = 0; unexpected < 2; unexpected++) {
		char *k = acell_unaudited(r, c, unexpected);

		if (!k)
			continue;
		fputs(unexpected ? " (**denied record, no refusal**: " : " (**refused, no audit record**: ",
		      f);
		md_str(f, k);
		fputs(")", f);
		free(k);
	}
}

static bool md_row_differs(const struct arow *row)
{
	for (int c = 0; c < AC_N; c++)
		if (row->col[c].n && row->col[c].differs)
			return true;
	return false;
}

static void md_grid(FILE *f, const struct run *r, const struct agrid *g, const char *first)
{
	bool variant = *g->variant != '\0';

	fprintf(f, "\n| %s |", first);
	for (int c = 0; c < AC_N; c++)
		if (agrid_has_col(g, (enum acol)c))
			fprintf(f, " %s |", c == AC_CAP ? "CAP\\_MAC\\_OVERRIDE kept"
						   : acol_name((enum acol)c));
	fputs("\n|---|", f);
	for (int c = 0; c < AC_N; c++)
		if (agrid_has_col(g, (enum acol)c))
			fputs("---|", f);
	fputc('\n', f);
	for (size_t i = 0; i < g->nrow; i++) {
		const struct arow *row = &g->row[i];

		if (variant && !md_row_differs(row))
			continue;
		fputs("| ", f);
		md_code(f, row->name, strlen(row->name));
		fputs(" |", f);
		for (int c = 0; c < AC_N; c++) {
			if (!agrid_has_col(g, (enum acol)c))
				continue;
			fputc(' ', f);
			if (!row->col[c].n)
				fputs("—", f);
			else if (variant && !row->col[c].differs)
				fputs("same", f);
			else
				md_acell(f, r, &row->col[c]);
			fputs(" |", f);
		}
		fputc('\n', f);
	}
}

static void md_legend(FILE *f, const struct run *r, bool fd)
{
	fprintf(f, "\n%s %s", md_outcome_mark(OC_DELIVERED), fd ? "delivered" : "allowed");
	if (fd)
		fprintf(f, ", %s dropped (MSG\\_CTRUNC, no error), %s some of them",
			md_outcome_mark(OC_DROPPED), md_outcome_mark(OC_PARTIAL));
	fprintf(f, ", %s refused with an errno", md_outcome_mark(OC_REFUSED));
	if (!fd)
		fprintf(f, ", %s a value R saw", md_outcome_mark(OC_VALUE));
	fprintf(f, ", %s skipped, %s channels differ; ❗ after a mark: NOT what was expected. "
		"One mark per kernel, in this order: ", md_outcome_mark(OC_SKIP),
		md_outcome_mark(OC_MIXED));
	for (size_t ki = 0; ki < r->nk; ki++) {
		if (ki)
			fputs(", ", f);
		md_str(f, r->k[ki].name);
	}
	fputs(". \"│\": the outcome changes there; the cell names the commit.\n", f);
}

/*
 * Below the fd grid, like footnotes: SMACK's audit record for each dropped
 * or refused descriptor, per row; columns that say the same share a line.
 */
static void md_audit_list(FILE *f, const struct run *r, const struct agrid *g)
{
	bool any = false;

	if (!run_has_audit_records(r)) {
		fputs("\nSMACK's audit records: not recorded (no kernel's TAP has them).\n", f);
		return;
	}
	for (size_t i = 0; i < g->nrow; i++) {
		const struct arow *row = &g->row[i];
		struct aline l[AC_N];
		size_t n = arow_audit_lines(r, row, l);
		char cols[256];

		for (size_t k = 0; k < n; k++) {
			if (!any)
				fputs("\nSMACK's audit record for each dropped or refused descriptor, "
				      "from a representative case of the cell per kernel (kernels "
				      "without audit data left out):\n\n", f);
			any = true;
			fputs("- ", f);
			md_code(f, row->name, strlen(row->name));
			fputs(" under ", f);
			md_str(f, acols_text(l[k].cols, cols, sizeof(cols)));
			fputs(": ", f);
			md_str(f, l[k].text);
			fputc('\n', f);
		}
		alines_free(l, n);
	}
}

static void md_needs(FILE *f, const struct run *r, const struct answer *a, const struct agrid *g)
{
	char buf[1024], next[1024];

	fputs("\n## What a receiver needs, per kernel\n\nThe fewest SMACK rules under which the "
	      "receiver got the descriptor (sender S, receiver R; no SO\\_PASSSEC, ample buffer), "
	      "and the options under which even those do not bring it.\n\n"
	      "| Descriptor | Kernels: what it needs |\n|---|---|\n", f);
	for (size_t i = 0; i < g->nrow; i++) {
		fputs("| ", f);
		md_code(f, g->row[i].name, strlen(g->row[i].name));
		fputs(" |", f);
		/* Kernels that need the same share one entry: "4.9 to 7.3: R S r". */
		for (size_t ki = 0, span; ki < r->nk; ki += span) {
			const char *s = answer_needs(a, g, i, ki, buf, sizeof(buf));

			for (span = 1; ki + span < r->nk &&
				       !strcmp(answer_needs(a, g, i, ki + span, next, sizeof(next)), s);
			     span++)
				;
			fputs(ki ? "; " : " ", f);
			md_str(f, r->k[ki].name);
			if (span > 1) {
				fputs(" to ", f);
				md_str(f, r->k[ki + span - 1].name);
			}
			fputs(": ", f);
			md_str(f, *s ? s : "—");
		}
		fputs(" |\n", f);
	}
}

static void md_variants(FILE *f, const struct run *r, const struct answer *a)
{
	bool any = false;

	for (size_t gi = 0; gi < a->ng; gi++) {
		const struct agrid *g = &a->g[gi];

		if (!*g->variant)
			continue;
		if (!any)
			fputs("\n## What the options change\n\nThe same grid with an option on the "
			      "receiver or a smaller buffer, against the one above: only the rows "
			      "where something differs.\n", f);
		any = true;
		fputs("\n**", f);
		md_str(f, g->variant);
		if (!g->ndiffer) {
			fprintf(f, "**: the same in all %zu cells.\n", g->ncells);
			continue;
		}
		fprintf(f, "**: differs in %zu of %zu cells.\n", g->ndiffer, g->ncells);
		md_grid(f, r, g, "Descriptor");
	}
}

static void md_families(FILE *f, const struct run *r, const struct answer *a)
{
	bool any = false;

	for (size_t gi = 0; gi < a->ng; gi++) {
		const struct agrid *g = &a->g[gi];

		if (*g->variant || !strcmp(g->family, "fdpass"))
			continue;
		if (!any) {
			fputs("\n## The other families\n\nEach scenario: S makes an object, R acts on "
			      "it; what R got under each rule set.\n", f);
			md_legend(f, r, false);
		}
		any = true;
		fputs("\n### Family ", f);
		md_str(f, g->family);
		fputc('\n', f);
		md_grid(f, r, g, "Scenario");
	}
}

void md_answer(FILE *f, const struct run *r, const struct answer *a)
{
	const struct agrid *fd = answer_fdpass(a);

	if (a->not_ok_cells)
		fprintf(f, "\n**%zu mark%s below did NOT observe what was expected (marked ❗).**\n",
			a->not_ok_cells, a->not_ok_cells == 1 ? "" : "s");
	if (fd) {
		fputs("\n## Which received descriptors each kernel refuses, and which rules bring "
		      "them back\n", f);
		md_legend(f, r, true);
		md_grid(f, r, fd, "Descriptor sent by S");
		md_audit_list(f, r, fd);
		fputs("\nReceiver R drops CAP\\_MAC\\_OVERRIDE unless the column says it keeps it; no "
		      "SO\\_PASSSEC, a 4096-byte buffer, every channel type (stream, dgram, seqpacket) "
		      "in each cell.\n", f);
		md_needs(f, r, a, fd);
	}
	md_variants(f, r, a);
	md_families(f, r, a);
}
