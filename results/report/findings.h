/*
 * Findings: cases whose audit records or access2 answers do not bear out
 * what the case saw, grouped by family and finding, then by kernel. Built
 * from the cells (struct case_audit), in O(n log n) for n findings.
 */
#ifndef REPORT_FINDINGS_H
#define REPORT_FINDINGS_H

#include <stdio.h>

#include "model.h"

enum fkind {
	FK_AUDIT,	/* an audit finding: a refusal without a record, a record without one */
	FK_AUDIT_ERROR,	/* the records could not be read */
	FK_ACCESS2,	/* access2 answered otherwise than the case's rules grant */
};

/* One kernel's cases of a group, in case order (indexes into run.c). */
struct fkernel {
	size_t *cases;
	size_t n;
};

struct fgroup {
	const char *family;	/* the first case's */
	enum fkind kind;
	char *text;	/* the finding as the TAP words it (the access2 answers, joined) */
	/* Every case of a group has the same audit records (first_audit() shows them). */
	struct fkernel *k;	/* one per kernel */
	size_t total;	/* cases on all kernels */
};

struct findings {
	struct fgroup *g;	/* by family (report order), kind, text, records */
	size_t ng;
	size_t *cases;	/* per kernel: cases with at least one finding */
	size_t total;
	size_t nk;
};

void findings_build(struct findings *f, const struct run *r);
void findings_free(struct findings *f);
const char *fkind_name(enum fkind k);
/* Whether any kernel states audit records or access2 answers at all. */
bool run_has_audit(const struct run *r);

/* The per-kernel table and the findings section, in each format. */
void json_audit_kernel(FILE *f, const struct kernel *k);
void json_audit_cell(FILE *f, const struct cell *c);
void json_findings(FILE *f, const struct run *r, const struct findings *fs);
void md_findings(FILE *f, const struct run *r);
void html_findings(FILE *f, const struct run *r);

#endif
