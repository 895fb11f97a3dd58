/* What one case did on one kernel, boiled down for the report. */
#ifndef REPORT_CELL_H
#define REPORT_CELL_H

#include <stdbool.h>
#include <stddef.h>

#include "tapread.h"

/* TODO: a point marked # TODO, passing or not; TAP counts it as no failure. */
enum cell_status { CELL_MISSING, CELL_OK, CELL_NOT_OK, CELL_SKIP, CELL_TODO };

struct cell {
	enum cell_status status;
	const struct tap_point *pt;	/* NULL when missing */
	char *observed;		/* summary, NULL when missing */
	char *expected;		/* summary, NULL when the case states none */
	bool has_delivered;
	long delivered;
	int ctrunc;		/* observed.ctrunc: 1, 0, or -1 when absent */
	const struct tap_kv *scm;	/* observed.scm_security, NULL when absent */
	const char *scm_expected;
	const char *gate_commit, *gate_since, *gate_subject;
	const char *gate2_commit, *gate2_since, *gate2_subject; /* a second gate, if any */
	const char *hint;
	const char *error;	/* `error`, else `broken` */
};

/* Items in a comma-separated list ("file_ro,file_wo" is 2; "" is 0). */
size_t count_items(const char *csv);

/*
 * "delivered", "dropped+CTRUNC", "k/n+CTRUNC" or "k/n" for an fd count k of
 * n sent (n 0: unknown).
 */
char *fd_summary(long k, size_t n, bool ctrunc);

/* Summary of side "observed" or "expected" of a test point. */
char *cell_summary(const struct tap_point *p, const char *side);

void cell_fill(struct cell *c, const struct tap_point *p);
void cell_free(struct cell *c);
const char *cell_status_name(enum cell_status s);

/* A YAML integer, or false when absent, null or not a number. */
bool tap_long(const struct tap_point *p, const char *key, long *out);
/* 1 for true, 0 for false, -1 otherwise. */
int tap_bool(const struct tap_point *p, const char *key);

#endif
