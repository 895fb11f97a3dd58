/* What one case did on one kernel, boiled down for the report. */
#ifndef REPORT_CELL_H
#define REPORT_CELL_H

#include <stdbool.h>
#include <stddef.h>

#include "audit.h"
#include "tapread.h"

/* TODO: a point marked # TODO, passing or not; TAP counts it as no failure. */

/* Gate maps a case may list: gate, gate2 ... gate8. */
#define GATE_MAX 8

/*
 * One version gate of a case as one kernel's TAP states it: where the
 * behaviour changed upstream, and whether this kernel predates the change.
 * Every string is NULL when absent or YAML null (old TAP has no backports
 * or source_of_release).
 */
struct gate {
	const char *key;	/* "gate", "gate2", ... */
	const char *since;	/* mainline release */
	const char *backports;	/* "5.4.284 4.19.300": first of each stable series */
	const char *commit;	/* NULL: unknown */
	const char *subject;
	const char *source;	/* source_of_release: how the release was established */
	int old_applies;	/* old_behaviour_applies: 1, 0, or -1 when absent */
};

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
	struct gate gate[GATE_MAX];	/* in key order, absent maps left out */
	size_t ngate;
	const char *hint;
	const char *error;	/* `error`, else `broken` */
	bool broken;	/* not ok with a `broken` key: the case could not set itself up */
	struct case_audit audit;	/* its audit records and access2 answers, when stated */
};

/* Same gate: equal commits, or (no commit on either) equal since and subject. */
bool gate_same(const struct gate *a, const struct gate *b);

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
