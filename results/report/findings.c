/*
 * SMACK's audit records and the kernel's access2 answers in the report: the
 * per-kernel tally (summary.json, and a table after the answer page) and the
 * findings, every case whose records or answers do not bear out what it saw.
 */
#include "findings.h"

#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "escape.h"
#include "util.h"

/* Case names listed per kernel and group in report.md and .html; summary.json has all. */
#define FINDINGS_LIST_MAX 200

static const char no_record[] = "SMACK refused, but the kernel wrote no audit record";
static const char no_refusal[] = "a denied record, but the case saw no refusal";

const char *fkind_name(enum fkind k)
{
	static const char *const names[] = { "audit", "audit_error", "access2" };

	return names[k];
}

bool run_has_audit(const struct run *r)
{
	for (size_t ki = 0; ki < r->nk; ki++)
		if (r->k[ki].au.cases || r->k[ki].au.access2_cases)
			return true;
	return false;
}

struct fitem {
	size_t fam, pos, ki, ci;
	enum fkind kind;
	const char *text;
	char *own;	/* text when made here */
	char *recs;	/* the case's audit records, joined: cases with other records get a row of their own */
};

static int cmp_fitem(const void *pa, const void *pb)
{
	const struct fitem *a = pa, *b = pb;
	int d;

	if (a->fam != b->fam)
		return a->fam < b->fam ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((d = strcmp(a->text, b->text)))
		return d;
	if ((d = strcmp(a->recs, b->recs)))
		return d;
	if (a->ki != b->ki)
		return a->ki < b->ki ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

/* The answers that disagree with the rules, joined by "; ". */
static char *disagreeing(const struct case_audit *a)
{
	size_t len = 1;
	char *s, *o;

	for (size_t i = 0; i < a->nacc; i++)
		if (access2_disagrees(a->acc[i]))
			len += strlen(a->acc[i]) + 2;
	o = s = xmalloc(len);
	*s = '\0';
	for (size_t i = 0; i < a->nacc; i++) {
		if (!access2_disagrees(a->acc[i]))
			continue;
		o += sprintf(o, "%s%s", o == s ? "" : "; ", a->acc[i]);
	}
	return s;
}

/* The records as one string, "\n" between them; a case with no audit block, "\001". */
static char *records_key(const struct case_audit *a)
{
	size_t len = 2;
	char *s, *o;

	if (!a->has)
		return xstrdup("\001");
	for (size_t i = 0; i < a->nrec; i++)
		len += strlen(a->rec[i]) + 1;
	o = s = xmalloc(len);
	*s = '\0';
	for (size_t i = 0; i < a->nrec; i++)
		o += sprintf(o, "%s%s", i ? "\n" : "", a->rec[i]);
	return s;
}

static void push(struct fitem **v, size_t *n, size_t *cap, struct fitem it,
		 const struct case_audit *a)
{
	it.recs = records_key(a);
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = it;
}

void findings_build(struct findings *f, const struct run *r)
{
	struct fitem *v = NULL;
	size_t n = 0, cap = 0;

	memset(f, 0, sizeof(*f));
	f->nk = r->nk;
	f->cases = memset(xmalloc((r->nk + 1) * sizeof(*f->cases)), 0,
			  (r->nk + 1) * sizeof(*f->cases));
	for (size_t pos = 0; pos < r->nc; pos++) {
		size_t ci = r->order[pos];
		const struct tcase *c = &r->c[ci];

		for (size_t ki = 0; ki < r->nk; ki++) {
			const struct case_audit *a = &c->cell[ki].audit;
			struct fitem it = { c->fam_rank, pos, ki, ci, FK_AUDIT, NULL, NULL, NULL };
			size_t before = n;

			if (a->has && a->cls == AUD_ERROR) {
				it.kind = FK_AUDIT_ERROR;
				it.text = a->error ? a->error : "(no reason given)";
			} else if (a->has && a->finding) {
				it.text = a->finding;
			} else if (a->has && (a->cls == AUD_MISSING || a->cls == AUD_UNEXPECTED)) {
				it.text = a->cls == AUD_MISSING ? no_record : no_refusal;
			}
			if (it.text)
				push(&v, &n, &cap, it, a);
			if (a->disagree) {
				it.kind = FK_ACCESS2;
				it.text = it.own = disagreeing(a);
				push(&v, &n, &cap, it, a);
			}
			f->cases[ki] += n > before;
			f->total += n > before;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_fitem);
	for (size_t i = 0; i < n; i++) {
		struct fgroup *g;
		struct fkernel *k;

		if (!i || v[i].fam != v[i - 1].fam || v[i].kind != v[i - 1].kind ||
		    strcmp(v[i].text, v[i - 1].text) || strcmp(v[i].recs, v[i - 1].recs)) {
			f->g = xrealloc(f->g, (f->ng + 1) * sizeof(*f->g));
			g = memset(&f->g[f->ng++], 0, sizeof(*g));
			g->family = r->c[v[i].ci].family;
			g->kind = v[i].kind;
			g->text = xstrdup(v[i].text);
			g->k = memset(xmalloc(r->nk * sizeof(*g->k)), 0, r->nk * sizeof(*g->k));
		}
		g = &f->g[f->ng - 1];
		k = &g->k[v[i].ki];
		if (!(k->n & (k->n - 1)))	/* 0, 1, 2, 4 ...: full, grow */
			k->cases = xrealloc(k->cases, (k->n ? k->n * 2 : 1) * sizeof(*k->cases));
		k->cases[k->n++] = v[i].ci;
		g->total++;
	}
	for (size_t i = 0; i < n; i++) {
		free(v[i].own);
		free(v[i].recs);
	}
	free(v);
}

void findings_free(struct findings *f)
{
	for (size_t i = 0; i < f->ng; i++) {
		for (size_t ki = 0; ki < f->nk; ki++)
			free(f->g[i].k[ki].cases);
		free(f->g[i].k);
		free(f->g[i].text);
	}
	free(f->g);
	free(f->cases);
	memset(f, 0, sizeof(*f));
}

/* The first case of kernel ki in group g: its audit, for the records column. */
static const struct case_audit *first_audit(const struct run *r, const struct fgroup *g,
					    size_t ki)
{
	return &r->c[g->k[ki].cases[0]].cell[ki].audit;
}

/* Kernel kj lists the same cases as ki (their records are the group's): one row for both. */
static bool same_row(const struct run *r, const struct fgroup *g, size_t ki, size_t kj)
{
	const struct fkernel *a = &g->k[ki], *b = &g->k[kj];

	(void)r;
	return a->n == b->n && !memcmp(a->cases, b->cases, a->n * sizeof(*a->cases));
}

/* Whether kernel ki starts a row of g (the first of the kernels it shares it with). */
static bool row_start(const struct run *r, const struct fgroup *g, size_t ki)
{
	if (!g->k[ki].n)
		return false;
	for (size_t kj = 0; kj < ki; kj++)
		if (g->k[kj].n && same_row(r, g, kj, ki))
			return false;
	return true;
}

/* ---- summary.json ---- */

static void json_runner(FILE *f, long v)
{
	if (v >= 0)
		fprintf(f, "%ld", v);
	else
		fputs("null", f);
}

void json_audit_kernel(FILE *f, const struct kernel *k)
{
	const struct audit_totals *t = &k->au;

	fputs(", \"audit\": ", f);
	if (!t->cases) {
		fputs("null", f);
	} else {
		fprintf(f, "{\"cases\": %zu, \"refusals_with_record\": %zu, "
			"\"refusals_without_record\": %zu, \"records_without_refusal\": %zu, "
			"\"errors\": %zu, \"neither\": %zu, \"refusal_unknown\": %zu, \"runner\": ",
			t->cases, t->n[AUD_RECORDED], t->n[AUD_MISSING], t->n[AUD_UNEXPECTED],
			t->n[AUD_ERROR], t->n[AUD_NOTHING], t->unknown);
		if (audit_runner_states(t)) {
			fputs("{\"refusals_with_record\": ", f);
			json_runner(f, t->r_recorded);
			fputs(", \"refusals_without_record\": ", f);
			json_runner(f, t->r_missing);
			fputs(", \"records_without_refusal\": ", f);
			json_runner(f, t->r_unexpected);
			fputs(", \"errors\": ", f);
			json_runner(f, t->r_errors);
			fprintf(f, "}, \"runner_agrees\": %s}",
				audit_runner_agrees(t) ? "true" : "false");
		} else {
			fputs("null, \"runner_agrees\": null}", f);
		}
	}
	fputs(", \"access2\": ", f);
	if (!t->access2_cases) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"cases\": %zu, \"disagreements\": %zu, \"not_asked\": %zu, \"runner\": ",
		t->access2_cases, t->disagreements, t->not_asked);
	json_runner(f, t->r_disagreements);
	fprintf(f, ", \"runner_agrees\": %s}",
		t->r_disagreements < 0 ? "null" : access2_runner_agrees(t) ? "true" : "false");
}

static void json_list(FILE *f, const char **v, size_t n)
{
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", f);
		json_str(f, v[i]);
	}
	fputc(']', f);
}

void json_audit_cell(FILE *f, const struct cell *c)
{
	const struct case_audit *a = &c->audit;

	fputs(", \"audit\": ", f);
	if (a->has) {
		fputs("{\"class\": ", f);
		json_str(f, audit_class_name(a->cls));
		fputs(", \"logging\": ", f);
		json_str(f, a->logging);
		fputs(", \"denials_observed\": ", f);
		if (a->denials >= 0)
			fprintf(f, "%ld", a->denials);
		else
			json_str(f, a->denials_text);
		fputs(", \"count\": ", f);
		json_runner(f, a->count);
		fputs(", \"records\": ", f);
		json_list(f, a->rec, a->nrec);
		fputs(", \"finding\": ", f);
		json_str(f, a->finding);
		fputs(", \"error\": ", f);
		json_str(f, a->error);
		fputc('}', f);
	} else {
		fputs("null", f);
	}
	fputs(", \"access2\": ", f);
	if (a->has_access2)
		json_list(f, a->acc, a->nacc);
	else
		fputs("null", f);
}

void json_findings(FILE *f, const struct run *r, const struct findings *fs)
{
	fputs(",\n \"findings_per_kernel\": {", f);
	for (size_t ki = 0; ki < r->nk; ki++) {
		const struct kernel *k = &r->k[ki];

		fputs(ki ? ", " : "", f);
		json_str(f, k->name);
		fputs(": ", f);
		/* Not recorded is not none. */
		if (k->au.cases || k->au.access2_cases)
			fprintf(f, "%zu", fs->cases[ki]);
		else
			fputs("null", f);
	}
	fputs("},\n \"findings\": [", f);
	for (size_t i = 0; i < fs->ng; i++) {
		const struct fgroup *g = &fs->g[i];
		bool first = true;

		fputs(i ? ",\n  {\"family\": " : "\n  {\"family\": ", f);
		json_str(f, g->family);
		fputs(", \"kind\": ", f);
		json_str(f, fkind_name(g->kind));
		fputs(", \"finding\": ", f);
		json_str(f, g->text);
		fprintf(f, ", \"cases\": %zu, \"kernels\": {", g->total);
		for (size_t ki = 0; ki < r->nk; ki++) {
			if (!g->k[ki].n)
				continue;
			fputs(first ? "" : ", ", f);
			first = false;
			json_str(f, r->k[ki].name);
			fputs(": [", f);
			for (size_t j = 0; j < g->k[ki].n; j++) {
				fputs(j ? ", " : "", f);
				json_str(f, r->c[g->k[ki].cases[j]].name);
			}
			fputc(']', f);
		}
		fputs("}}", f);
	}
	fputs("]", f);
}

/* ---- report.md ---- */

/* A count, or "not recorded"; "(runner: N)" beside one the runner's tally contradicts. */
static void md_count(FILE *f, bool recorded, size_t n, long runner)
{
	if (!recorded) {
		fputs("not recorded", f);
		return;
	}
	fprintf(f, "%zu", n);
	if (runner >= 0 && (unsigned long)runner != n)
		fprintf(f, " ❗ (the runner says %ld)", runner);
}

static void md_records(FILE *f, const struct case_audit *a)
{
	char buf[1024];

	if (!a->has) {
		fputs("not recorded", f);
		return;
	}
	if (a->error) {
		fputs("could not be read: ", f);
		md_str(f, a->error);
		return;
	}
	if (!a->nrec)
		fputs("none", f);
	for (size_t i = 0; i < a->nrec; i++) {
		if (i)
			fputs("; ", f);
		audit_record_short(a->rec[i], buf, sizeof(buf));
		md_code(f, buf, strlen(buf));
	}
	if (a->count >= 0 && (size_t)a->count > a->nrec)
		fprintf(f, " and %zu more", (size_t)a->count - a->nrec);
}

static void md_audit_table(FILE *f, const struct run *r)
{
	fputs("\n## SMACK's audit records and policy answers, per kernel\n\n"
	      "Counted from each case's `audit` and `access2` blocks: a refusal the case saw and "
	      "SMACK's denied record of it, a refusal without a record, a denied record without a "
	      "refusal, records that could not be read; and cases where the kernel's policy answer "
	      "(smackfs access2) is not what the case's rules grant. ❗: the runner's own tally "
	      "(its last point) says otherwise.\n\n"
	      "| Kernel | Cases audited | Refusal and its record | Refusal, no record "
	      "| Denied record, no refusal | Audit errors | Cases asked access2 "
	      "| access2 disagreements |\n|---|---|---|---|---|---|---|---|\n", f);
	for (size_t ki = 0; ki < r->nk; ki++) {
		const struct kernel *k = &r->k[ki];
		const struct audit_totals *t = &k->au;
		bool au = t->cases > 0, ac = t->access2_cases > 0;

		fputs("| ", f);
		md_str(f, k->name);
		fputs(" | ", f);
		md_count(f, au, t->cases, -1);
		fputs(" | ", f);
		md_count(f, au, t->n[AUD_RECORDED], t->r_recorded);
		fputs(" | ", f);
		md_count(f, au, t->n[AUD_MISSING], t->r_missing);
		fputs(" | ", f);
		md_count(f, au, t->n[AUD_UNEXPECTED], t->r_unexpected);
		fputs(" | ", f);
		md_count(f, au, t->n[AUD_ERROR], t->r_errors);
		fputs(" | ", f);
		md_count(f, ac, t->access2_cases, -1);
		fputs(" | ", f);
		md_count(f, ac, t->disagreements, t->r_disagreements);
		fputs(" |\n", f);
	}
}

static void md_kernel_list(FILE *f, const struct run *r, const struct fgroup *g, size_t ki)
{
	md_str(f, r->k[ki].name);
	for (size_t kj = ki + 1; kj < r->nk; kj++) {
		if (g->k[kj].n && same_row(r, g, ki, kj)) {
			fputs(", ", f);
			md_str(f, r->k[kj].name);
		}
	}
}

/* "53 on 6.1; not recorded on 6.12" */
static void findings_per_kernel(FILE *f, const struct run *r, const struct findings *fs,
				void (*str)(FILE *, const char *))
{
	for (size_t ki = 0; ki < r->nk; ki++) {
		const struct kernel *k = &r->k[ki];

		fputs(ki ? "; " : "", f);
		if (k->au.cases || k->au.access2_cases)
			fprintf(f, "%zu on ", fs->cases[ki]);
		else
			fputs("not recorded on ", f);
		str(f, k->name);
	}
}

static const char findings_intro[] =
	"Every case whose audit records or policy answers do not bear out what it saw, by family "
	"and finding; kernels that list the same cases share a row.";

void md_findings(FILE *f, const struct run *r)
{
	struct findings fs;
	size_t prev = (size_t)-1;

	md_audit_table(f, r);
	fputs("\n## Findings\n\n", f);
	if (!run_has_audit(r)) {
		fputs("Not recorded: no kernel's TAP has `audit` or `access2` blocks (a runner "
		      "before they were added).\n", f);
		return;
	}
	findings_build(&fs, r);
	fputs(findings_intro, f);
	fputs(" **Cases with a finding: ", f);
	findings_per_kernel(f, r, &fs, md_str);
	fputs(".**\n", f);
	for (size_t i = 0; i < fs.ng; i++) {
		const struct fgroup *g = &fs.g[i];

		if (prev == (size_t)-1 || strcmp(fs.g[prev].family, g->family)) {
			fputs("\n### Family ", f);
			md_str(f, g->family);
			fputs("\n\n| Finding | Kernels | Cases | Their audit records |\n"
			      "|---|---|---|---|\n", f);
		}
		prev = i;
		for (size_t ki = 0; ki < r->nk; ki++) {
			const struct fkernel *k = &g->k[ki];

			if (!row_start(r, g, ki))
				continue;
			fputs("| ", f);
			if (g->kind == FK_AUDIT_ERROR)
				fputs("audit records could not be read: ", f);
			else if (g->kind == FK_ACCESS2)
				fputs("access2: ", f);
			md_str(f, g->text);
			fputs(" | ", f);
			md_kernel_list(f, r, g, ki);
			fprintf(f, " | %zu: ", k->n);
			for (size_t j = 0; j < k->n && j < FINDINGS_LIST_MAX; j++) {
				const char *name = r->c[k->cases[j]].name;

				fputs(j ? ", " : "", f);
				md_code(f, name, strlen(name));
			}
			if (k->n > FINDINGS_LIST_MAX)
				fprintf(f, " and %zu more (summary.json lists them)",
					k->n - FINDINGS_LIST_MAX);
			fputs(" | ", f);
			md_records(f, first_audit(r, g, ki));
			fputs(" |\n", f);
		}
	}
	findings_free(&fs);
}

/* ---- report.html ---- */

static void html_count(FILE *f, bool recorded, size_t n, long runner, bool alarm)
{
	if (!recorded) {
		fputs("<td class=\"na\">not recorded</td>", f);
		return;
	}
	fprintf(f, "<td%s>%zu", (alarm && n) || (runner >= 0 && (unsigned long)runner != n)
				       ? " class=\"bad\"" : "", n);
	if (runner >= 0 && (unsigned long)runner != n)
		fprintf(f, " <b class=\"unx\">(the runner says %ld)</b>", runner);
	fputs("</td>", f);
}

static void html_records(FILE *f, const struct case_audit *a)
{
	char buf[1024];

	if (!a->has) {
		fputs("not recorded", f);
		return;
	}
	if (a->error) {
		fputs("could not be read: ", f);
		html_str(f, a->error);
		return;
	}
	if (!a->nrec)
		fputs("none", f);
	for (size_t i = 0; i < a->nrec; i++) {
		fputs(i ? "<br><code>" : "<code>", f);
		html_str(f, audit_record_short(a->rec[i], buf, sizeof(buf)));
		fputs("</code>", f);
	}
	if (a->count >= 0 && (size_t)a->count > a->nrec)
		fprintf(f, "<br>and %zu more", (size_t)a->count - a->nrec);
}

static void html_audit_table(FILE *f, const struct run *r)
{
	fputs("<h2>SMACK&#39;s audit records and policy answers, per kernel</h2>\n"
	      "<p class=\"note\">Counted from each case&#39;s <code>audit</code> and "
	      "<code>access2</code> blocks: a refusal the case saw and SMACK&#39;s denied record "
	      "of it, a refusal without a record, a denied record without a refusal, records that "
	      "could not be read; and cases where the kernel&#39;s policy answer (smackfs access2) "
	      "is not what the case&#39;s rules grant. Red: a finding, or the runner&#39;s own "
	      "tally (its last point) says otherwise.</p>\n"
	      "<table class=\"needs\"><thead><tr><th>Kernel</th><th>Cases audited</th>"
	      "<th>Refusal and its record</th><th>Refusal, no record</th>"
	      "<th>Denied record, no refusal</th><th>Audit errors</th><th>Cases asked access2</th>"
	      "<th>access2 disagreements</th></tr></thead><tbody>\n", f);
	for (size_t ki = 0; ki < r->nk; ki++) {
		const struct kernel *k = &r->k[ki];
		const struct audit_totals *t = &k->au;
		bool au = t->cases > 0, ac = t->access2_cases > 0;

		fputs("<tr><th class=\"k\">", f);
		html_str(f, k->name);
		fputs("</th>", f);
		html_count(f, au, t->cases, -1, false);
		html_count(f, au, t->n[AUD_RECORDED], t->r_recorded, false);
		html_count(f, au, t->n[AUD_MISSING], t->r_missing, true);
		html_count(f, au, t->n[AUD_UNEXPECTED], t->r_unexpected, true);
		html_count(f, au, t->n[AUD_ERROR], t->r_errors, true);
		html_count(f, ac, t->access2_cases, -1, false);
		html_count(f, ac, t->disagreements, t->r_disagreements, true);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

/* A family's findings open when they are few, closed when long. */
#define FINDINGS_OPEN_MAX 12

static void html_family_findings(FILE *f, const struct run *r, const struct findings *fs,
				 size_t from, size_t to)
{
	size_t rows = 0, cases = 0;

	for (size_t i = from; i < to; i++)
		for (size_t ki = 0; ki < r->nk; ki++)
			if (row_start(r, &fs->g[i], ki)) {
				rows++;
				cases += fs->g[i].k[ki].n;
			}
	fprintf(f, "<details%s><summary>Family ", cases <= FINDINGS_OPEN_MAX ? " open" : "");
	html_str(f, fs->g[from].family);
	fprintf(f, ": %zu case%s, in %zu row%s</summary>\n<table class=\"fnd\"><colgroup><col class=\"f\"><col class=\"k\">"
		"<col><col class=\"r\"></colgroup><thead><tr>"
		"<th>Finding</th><th>Kernels</th><th>Cases</th><th>Their audit records</th></tr>"
		"</thead><tbody>\n", cases, cases == 1 ? "" : "s", rows, rows == 1 ? "" : "s");
	for (size_t i = from; i < to; i++) {
		const struct fgroup *g = &fs->g[i];

		for (size_t ki = 0; ki < r->nk; ki++) {
			const struct fkernel *k = &g->k[ki];

			if (!row_start(r, g, ki))
				continue;
			fputs("<tr><td>", f);
			if (g->kind == FK_AUDIT_ERROR)
				fputs("audit records could not be read: ", f);
			else if (g->kind == FK_ACCESS2)
				fputs("access2: ", f);
			html_str(f, g->text);
			fputs("</td><td>", f);
			html_str(f, r->k[ki].name);
			for (size_t kj = ki + 1; kj < r->nk; kj++) {
				if (g->k[kj].n && same_row(r, g, ki, kj)) {
					fputs(", ", f);
					html_str(f, r->k[kj].name);
				}
			}
			fprintf(f, "</td><td>%zu: ", k->n);
			for (size_t j = 0; j < k->n && j < FINDINGS_LIST_MAX; j++) {
				fputs(j ? ", <code>" : "<code>", f);
				html_str(f, r->c[k->cases[j]].name);
				fputs("</code>", f);
			}
			if (k->n > FINDINGS_LIST_MAX)
				fprintf(f, " and %zu more (summary.json lists them)",
					k->n - FINDINGS_LIST_MAX);
			fputs("</td><td>", f);
			html_records(f, first_audit(r, g, ki));
			fputs("</td></tr>\n", f);
		}
	}
	fputs("</tbody></table></details>\n", f);
}

void html_findings(FILE *f, const struct run *r)
{
	struct findings fs;

	html_audit_table(f, r);
	fputs("<h2>Findings</h2>\n", f);
	if (!run_has_audit(r)) {
		fputs("<p>Not recorded: no kernel&#39;s TAP has <code>audit</code> or "
		      "<code>access2</code> blocks (a runner before they were added).</p>\n", f);
		return;
	}
	findings_build(&fs, r);
	fprintf(f, "<p class=\"note\">%s</p>\n<p%s>Cases with a finding: ", findings_intro,
		fs.total ? " class=\"alarm\"" : "");
	findings_per_kernel(f, r, &fs, html_str);
	fputs(".</p>\n", f);
	for (size_t i = 0, j; i < fs.ng; i = j) {
		for (j = i + 1; j < fs.ng && !strcmp(fs.g[j].family, fs.g[i].family); j++)
			;
		html_family_findings(f, r, &fs, i, j);
	}
	findings_free(&fs);
}
