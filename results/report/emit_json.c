/* summary.json: hand-written, one kernel or case per line. */
#include "emit.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "answer.h"
#include "escape.h"
#include "findings.h"

/* The number as written when it is a JSON number, else null. */
static void json_number(FILE *f, const char *s)
{
	fputs(is_json_number(s) ? s : "null", f);
}

static void json_info(FILE *f, const struct kvfile *kv, const char *key)
{
	json_str(f, kvfile_get(kv, key));
}

static void json_bool(FILE *f, int v)
{
	fputs(v < 0 ? "null" : v ? "true" : "false", f);
}

static void json_kernel(FILE *f, const struct kernel *k)
{
	fputs("{\"name\": ", f);
	json_str(f, k->name);
	char src[1024];

	fputs(", \"source\": ", f);
	json_str(f, kernel_source(k, src, sizeof(src)));
	fputs(", \"release\": ", f);
	json_str(f, kernel_release(k));
	fputs(", \"status\": ", f);
	json_str(f, kernel_status(k));
	fputs(", \"detail\": ", f);
	json_str(f, kernel_detail(k));
	fputs(", \"accel\": ", f);
	json_info(f, &k->info, "accel");
	fputs(", \"kvm_probe\": ", f);
	json_info(f, &k->info, "kvm_probe");
	fputs(", \"build_seconds\": ", f);
	json_number(f, kernel_field(k, "build_seconds"));
	fputs(", \"boot_seconds\": ", f);
	json_number(f, kernel_field(k, "boot_seconds"));
	fputs(", \"has_tap\": ", f);
	json_bool(f, k->has_tap);
	fputs(", \"plan\": ", f);
	if (k->tap.plan >= 0)
		fprintf(f, "%ld", k->tap.plan);
	else
		fputs("null", f);
	/* not_ok counts every not ok point: failed (a wrong observation) plus broken. */
	fprintf(f, ", \"ok\": %zu, \"not_ok\": %zu, \"failed\": %zu, \"broken\": %zu, "
		"\"skipped\": %zu, \"missing\": %zu", k->n_ok, k->n_not_ok,
		k->n_not_ok - k->n_broken, k->n_broken, k->n_skip, k->n_missing);
	fputs(", \"bail_out\": ", f);
	json_str(f, k->tap.bail_out);
	fputs(", \"skip_all\": ", f);
	json_str(f, k->tap.skip_all);
	fprintf(f, ", \"todo\": %zu, \"tap_problems\": [", k->n_todo);
	for (size_t i = 0; i < k->tap.nproblem; i++) {
		if (i)
			fputs(", ", f);
		json_str(f, k->tap.problem[i]);
	}
	fputs("]", f);
	json_audit_kernel(f, k);
	fputs("}", f);
}

static void json_cell(FILE *f, const struct cell *c)
{
	fputs("{\"status\": ", f);
	json_str(f, cell_status_name(c->status));
	fputs(", \"observed\": ", f);
	json_str(f, c->observed);
	fputs(", \"expected\": ", f);
	json_str(f, c->expected);
	fputs(", \"delivered\": ", f);
	if (c->has_delivered)
		fprintf(f, "%ld", c->delivered);
	else
		fputs("null", f);
	fputs(", \"ctrunc\": ", f);
	json_bool(f, c->ctrunc);
	fputs(", \"scm_security\": ", f);
	if (c->scm)
		json_strn(f, c->scm->val, c->scm->len);
	else
		fputs("null", f);
	fputs(", \"scm_security_expected\": ", f);
	json_str(f, c->scm_expected);
	fputs(", \"gates\": [", f);
	for (size_t i = 0; i < c->ngate; i++) {
		fputs(i ? ", {\"commit\": " : "{\"commit\": ", f);
		json_str(f, c->gate[i].commit);
		fputs(", \"since\": ", f);
		json_str(f, c->gate[i].since);
		fputs(", \"old_behaviour_applies\": ", f);
		json_bool(f, c->gate[i].old_applies);
		fputs("}", f);
	}
	fputs("], \"broken\": ", f);
	json_bool(f, c->broken);
	fputs(", \"hint\": ", f);
	json_str(f, c->hint);
	fputs(", \"error\": ", f);
	json_str(f, c->error);
	json_audit_cell(f, c);
	fputs("}", f);
}

static void json_case(FILE *f, const struct run *r, const struct tcase *c)
{
	fputs("{\"name\": ", f);
	json_str(f, c->name);
	fputs(", \"family\": ", f);
	json_str(f, c->family);
	fputs(", \"group\": ", f);
	json_str(f, c->group);
	fputs(", \"results\": {", f);
	for (size_t ki = 0; ki < r->nk; ki++) {
		fputs(ki ? ",\n      " : "\n      ", f);
		json_str(f, r->k[ki].name);
		fputs(": ", f);
		json_cell(f, &c->cell[ki]);
	}
	fputs("}}", f);
}

static void json_transition(FILE *f, const struct run *r, const struct transition *t)
{
	const struct gate *g = t->gate;

	fputs("{\"from\": ", f);
	json_str(f, r->k[t->from].name);
	fputs(", \"to\": ", f);
	json_str(f, r->k[t->to].name);
	fputs(", \"from_release\": ", f);
	json_str(f, kernel_release(&r->k[t->from]));
	fputs(", \"to_release\": ", f);
	json_str(f, kernel_release(&r->k[t->to]));
	fputs(", \"explained\": ", f);
	json_bool(f, transition_explained(t));
	fputs(", \"gate\": ", f);
	json_str(f, g ? g->key : NULL);
	fputs(", \"commit\": ", f);
	json_str(f, g ? g->commit : NULL);
	fputs(", \"subject\": ", f);
	json_str(f, g ? g->subject : NULL);
	fputs(", \"since\": ", f);
	json_str(f, g ? g->since : NULL);
	fputs(", \"backports\": ", f);
	json_str(f, g ? g->backports : NULL);
	fputs(", \"first_release\": ", f);
	if (t->first_release)
		json_strn(f, t->first_release, t->first_release_len);
	else
		fputs("null", f);
	fputs(", \"direction\": ", f);
	json_str(f, !g ? NULL : t->lost ? "lost" : "gained");
	fputs(", \"source_of_release\": ", f);
	json_str(f, g ? g->source : NULL);
	fputs("}", f);
}

static void json_changed(FILE *f, const struct run *r, const struct tcase *c)
{
	bool first = true;

	fputs("{\"name\": ", f);
	json_str(f, c->name);
	fputs(", \"observations\": {", f);
	for (size_t ki = 0; ki < r->nk; ki++) {
		if (c->cell[ki].status == CELL_MISSING)
			continue;
		if (!first)
			fputs(", ", f);
		first = false;
		json_str(f, r->k[ki].name);
		fputs(": ", f);
		json_str(f, c->cell[ki].observed);
	}
	/* Kept: the `to` of the first transition. */
	fputs("}, \"first_differs_on\": ", f);
	json_str(f, r->k[c->changed_on].name);
	fprintf(f, ", \"unexplained\": %zu, \"transitions\": [", c->nunexplained);
	for (size_t i = 0; i < c->ntr; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		json_transition(f, r, &c->tr[i]);
	}
	fputs("]}", f);
}

/* A cell's audit records on one kernel: a representative case's, and the cases that contradict. */
static void json_aaudit(FILE *f, const struct run *r, const struct aaudit *au, size_t ki)
{
	const struct case_audit *a = au->rep != SIZE_MAX ? &r->c[au->rep].cell[ki].audit : NULL;

	if (!au->audited) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"cases\": %zu, \"refusals_without_record\": %zu, "
		"\"records_without_refusal\": %zu, \"errors\": %zu, \"case\": ", au->audited,
		au->missing, au->unexpected, au->errors);
	json_str(f, a ? r->c[au->rep].name : NULL);
	fputs(", \"records\": [", f);
	for (size_t i = 0; a && i < a->nrec; i++) {
		fputs(i ? ", " : "", f);
		json_str(f, a->rec[i]);
	}
	fputs("]}", f);
}

/* One cell: each kernel's outcome and word, in kernel order; where it changes, and why. */
static void json_acell(FILE *f, const struct run *r, const struct acell *c, enum acol col)
{
	fputs("{\"column\": ", f);
	json_str(f, acol_name(col));
	fprintf(f, ", \"cases\": %zu, \"differs_from_base\": ", c->n);
	json_bool(f, c->differs);
	fputs(", \"kernels\": {", f);
	for (size_t ki = 0; ki < r->nk; ki++) {
		fputs(ki ? ", " : "", f);
		json_str(f, r->k[ki].name);
		fputs(": {\"outcome\": ", f);
		json_str(f, outcome_name(c->k[ki].oc));
		fputs(", \"what\": ", f);
		json_str(f, c->k[ki].word);
		fprintf(f, ", \"not_ok\": %zu, \"audit\": ", c->k[ki].not_ok);
		json_aaudit(f, r, &c->au[ki], ki);
		fputs("}", f);
	}
	fputs("}, \"changes\": [", f);
	for (size_t i = 0; i < c->nch; i++) {
		const struct achange *ch = &c->ch[i];

		fputs(i ? ", {\"from\": " : "{\"from\": ", f);
		json_str(f, r->k[ch->from].name);
		fputs(", \"to\": ", f);
		json_str(f, r->k[ch->to].name);
		fputs(", \"commits\": [", f);
		for (size_t j = 0; j < 2 && ch->gate[j]; j++) {
			fputs(j ? ", " : "", f);
			json_str(f, ch->gate[j]->commit);
		}
		fputs("]}", f);
	}
	fputs("]}", f);
}

static void json_arow(FILE *f, const struct run *r, const struct arow *row)
{
	bool first = true;

	fputs("{\"name\": ", f);
	json_str(f, row->name);
	fputs(", \"cells\": [", f);
	for (int c = 0; c < AC_N; c++) {
		if (!row->col[c].n)
			continue;
		fputs(first ? "\n      " : ",\n      ", f);
		first = false;
		json_acell(f, r, &row->col[c], (enum acol)c);
	}
	fputs("]}", f);
}

/* The answer page's grids and the needs table, for machines and for the agreement test. */
void json_answer(FILE *f, const struct run *r, const struct answer *a)
{
	const struct agrid *fd = answer_fdpass(a);
	char buf[1024];

	fputs(",\n \"answer\": {\"grids\": [", f);
	for (size_t gi = 0; gi < a->ng; gi++) {
		const struct agrid *g = &a->g[gi];

		fputs(gi ? ",\n  {\"family\": " : "\n  {\"family\": ", f);
		json_str(f, g->family);
		fputs(", \"variant\": ", f);
		json_str(f, g->variant);
		fprintf(f, ", \"cells_differing_from_base\": %zu, \"rows\": [", g->ndiffer);
		for (size_t i = 0; i < g->nrow; i++) {
			fputs(i ? ",\n    " : "\n    ", f);
			json_arow(f, r, &g->row[i]);
		}
		fputs("]}", f);
	}
	fputs("],\n  \"needs\": {", f);
	for (size_t i = 0; fd && i < fd->nrow; i++) {
		fputs(i ? ",\n   " : "\n   ", f);
		json_str(f, fd->row[i].name);
		fputs(": {", f);
		for (size_t ki = 0; ki < r->nk; ki++) {
			fputs(ki ? ", " : "", f);
			json_str(f, r->k[ki].name);
			fputs(": ", f);
			json_str(f, answer_needs(a, fd, i, ki, buf, sizeof(buf)));
		}
		fputs("}", f);
	}
	fputs("}}", f);
}

void emit_json(FILE *f, const struct run *r)
{
	struct answer a;
	struct findings fs;
	bool first = true;

	fputs("{\"suite_version\": ", f);
	json_info(f, &r->info, "suite_version");
	fputs(",\n \"started\": ", f);
	json_info(f, &r->info, "started");
	fputs(",\n \"finished\": ", f);
	json_info(f, &r->info, "finished");
	fputs(",\n \"config\": ", f);
	json_info(f, &r->info, "config");
	fputs(",\n \"failed\": ", f);
	json_bool(f, run_failed(r));
	fprintf(f, ",\n \"transitions\": %zu, \"unexplained_transitions\": %zu",
		r->ntr, r->nunexplained);
	fputs(",\n \"kernels\": [", f);
	for (size_t i = 0; i < r->nk; i++) {
		fputs(i ? ",\n  " : "\n  ", f);
		json_kernel(f, &r->k[i]);
	}
	fputs("],\n \"cases\": [", f);
	for (size_t i = 0; i < r->nc; i++) {
		fputs(i ? ",\n  " : "\n  ", f);
		json_case(f, r, &r->c[i]);
	}
	fputs("],\n \"changed\": [", f);
	for (size_t i = 0; i < r->nc; i++) {
		if (!r->c[i].changed)
			continue;
		fputs(first ? "\n  " : ",\n  ", f);
		first = false;
		json_changed(f, r, &r->c[i]);
	}
	fputs("]", f);
	findings_build(&fs, r);
	json_findings(f, r, &fs);
	findings_free(&fs);
	answer_build(&a, r);
	json_answer(f, r, &a);
	answer_free(&a);
	fputs("}\n", f);
}
