/*
 * The answer page: what a receiver gets, per descriptor kind (or scenario)
 * and rule set, one mark per kernel. Built from the same parsed TAP as
 * every other output (the cells of struct run), never from case names:
 * the YAML states each case's axes (descriptors, rules, so_passsec,
 * control_buffer, receiver_sets, receiver_keeps_cap_mac_override) and what
 * was observed.
 */
#ifndef REPORT_ANSWER_H
#define REPORT_ANSWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model.h"

/* What the receiver got, by outcome, not by whether it was expected. */
enum outcome {
	OC_NONE,	/* no case of the cell ran on this kernel */
	OC_DELIVERED,	/* every descriptor, or (scenarios) the operation allowed */
	OC_DROPPED,	/* none, silently (MSG_CTRUNC) */
	OC_REFUSED,	/* refused with an errno (receiver's slot, sender, or the operation) */
	OC_PARTIAL,	/* some of them */
	OC_VALUE,	/* a value scenario: what R saw */
	OC_MIXED,	/* the cell's cases (channels) disagree on this kernel */
	OC_SKIP,
	OC_MISSING,
	OC_ERROR,	/* broken: the case could not set itself up */
};

/* The rule-set columns, then CAP_MAC_OVERRIDE kept with no rule, then any other. */
enum acol { AC_NONE, AC_RSW, AC_SRW, AC_BOTH, AC_RSR, AC_RSRW, AC_CAP, AC_OTHER, AC_N };

/* One kernel's mark in a cell. */
struct amark {
	enum outcome oc;
	const char *word;	/* "delivered", "EACCES", a value ...; NULL for none */
	size_t not_ok;	/* cases that observed something other than expected */
};

/* Where a cell's marks change between two adjacent kernels, and why. */
struct achange {
	size_t from, to;	/* kernel indexes */
	const struct gate *gate[2];	/* distinct explaining gates, NULL when none */
};

/* One kernel's audit records in a cell (struct case_audit of its cases). */
struct aaudit {
	size_t audited;	/* cases with an audit block; 0: not recorded */
	size_t rep;	/* a case with records, one with a denied record first; SIZE_MAX: none */
	size_t missing;	/* cases SMACK refused without a record */
	size_t unexpected;	/* cases with a denied record but no refusal */
	size_t errors;	/* cases whose records could not be read */
};

struct acell {
	size_t *cases;	/* case indexes */
	size_t n;
	struct amark *k;	/* one per kernel */
	struct aaudit *au;	/* one per kernel */
	struct achange *ch;
	size_t nch;
	bool differs;	/* a variant cell whose marks differ from the base grid's */
};

struct arow {
	char *name;	/* descriptor kind or scenario */
	struct acell col[AC_N];
};

struct agrid {
	char *family;
	char *variant;	/* "" for the base: no SO_PASSSEC, ample buffer, no option */
	struct arow *row;
	size_t nrow;
	size_t base;	/* the family's base grid (index), or the grid itself */
	size_t ndiffer;	/* cells differing from the base */
	size_t ncells;	/* cells with cases */
};

struct amap;

struct answer {
	struct amap *rows;	/* (family, variant, row) -> row index + 1 */
	struct agrid *g;
	size_t ng;
	size_t not_ok_cells;	/* cells with a mark that did not match its expectation */
};

void answer_build(struct answer *a, const struct run *r);
void answer_free(struct answer *a);

const char *acol_name(enum acol c);
/* A column as the page heads it: CAP_MAC_OVERRIDE's is "CAP_MAC_OVERRIDE kept". */
const char *acol_heading(enum acol c);
/* The stable token of an outcome ("delivered", "dropped", ...) for classes and JSON. */
const char *outcome_name(enum outcome o);
/* Whether the grid has any case in column c. */
bool agrid_has_col(const struct agrid *g, enum acol c);
/* The base fdpass grid, or NULL. */
const struct agrid *answer_fdpass(const struct answer *a);

/*
 * What a receiver on kernel ki needs to get kind `row` of grid g: the
 * minimal rule sets (columns AC_NONE..AC_RSRW) under which every case was
 * delivered, as a sentence ("nothing", "R S rw", "R S w + S R w", "only
 * CAP_MAC_OVERRIDE", "not delivered under any rule set tested"). Returned
 * in buf.
 */
const char *answer_needs(const struct answer *a, const struct agrid *g, size_t row, size_t ki,
			 char *buf, size_t len);

/*
 * What SMACK's audit says of kernel ki's mark in a cell, in buf: the
 * records of a representative case ("smack_file_receive denied R→S
 * requested=r"), and the cases refused without a record, with a record
 * but no refusal, or whose records could not be read. NULL when the
 * kernel has no audit data for it, or the mark is a delivery nothing
 * contradicts.
 */
const char *acell_audit_note(const struct run *r, const struct acell *c, size_t ki, char *buf,
			     size_t len);
/* The same for every kernel with a note, "6.1, 6.12: note; 7.3: note"; NULL when none. Free it. */
char *acell_audit_line(const struct run *r, const struct acell *c);
/* Whether any kernel's TAP has SMACK's audit records (access2 answers alone do not count). */
bool run_has_audit_records(const struct run *r);
/* One line of a row's audit list: its text, and the columns that say it (bit 1 << acol). */
struct aline {
	char *text;
	unsigned cols;
};
/*
 * The audit lines of a row (acell_audit_line of each column), each distinct
 * line once with every column that says it, in column order. Returns how
 * many; free them with alines_free.
 */
size_t arow_audit_lines(const struct run *r, const struct arow *row, struct aline out[AC_N]);
void alines_free(struct aline *l, size_t n);
/* The headings of the columns in cols, ", " between, into buf. */
const char *acols_text(unsigned cols, char *buf, size_t len);
/* Kernels (names, ", " between) whose cases in the cell were refused without a record; NULL when none. */
char *acell_unaudited(const struct run *r, const struct acell *c, bool unexpected);

/* The answer page in each format (answer_html.c, answer_md.c, emit_json.c). */
void html_answer(FILE *f, const struct run *r, const struct answer *a);
void md_answer(FILE *f, const struct run *r, const struct answer *a);
void json_answer(FILE *f, const struct run *r, const struct answer *a);
/* The square that stands for an outcome in report.md. */
const char *md_outcome_mark(enum outcome o);

#endif
