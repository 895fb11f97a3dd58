/* The report formats; each writes a whole document for a built run. */
#ifndef REPORT_EMIT_H
#define REPORT_EMIT_H

#include <stdio.h>

#include "model.h"

void emit_json(FILE *f, const struct run *r);
void emit_md(FILE *f, const struct run *r);
void emit_html(FILE *f, const struct run *r);
void emit_junit(FILE *f, const struct run *r);
/* A KCIDB I/O document (schema v5): checkouts, builds and tests; see emit_kcidb.c. */
void emit_kcidb(FILE *f, const struct run *r);

/* Shared by the emitters. */

/* "fdpass_x" -> "x": the family is already in the section title. */
const char *short_case_name(const char *name);
/* Leading part of a commit id, as kernel "Fixes:" tags write it. */
int commit_abbrev_len(const char *commit);
/* Number of kernels whose status is not ok, cases not ok, of them broken, missing cells. */
void run_totals(const struct run *r, size_t *bad_kernels, size_t *not_ok, size_t *broken,
		size_t *missing);
/* s is a JSON number as written (RFC 8259: no leading zeros, no "+", no "."). */
bool is_json_number(const char *s);
/* Whether a kernel has a point marked # TODO (the legends mention it then). */
bool any_todo(const struct run *r);

#endif
