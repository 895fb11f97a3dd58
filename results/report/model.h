/* A run: its kernels in column order, and the union of their cases. */
#ifndef REPORT_MODEL_H
#define REPORT_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "audit.h"
#include "cell.h"
#include "tapread.h"
#include "util.h"

struct kernel {
	char *name;
	char *dir;
	bool has_dir;
	bool has_info;
	struct kvfile info;
	bool has_tap;
	struct tap_doc tap;
	/* n_not_ok: every not ok point; n_broken of them could not set up (`broken:`). */
	size_t n_ok, n_not_ok, n_broken, n_skip, n_todo, n_missing;
	/* SMACK's audit records and access2 answers, counted from its cases; the runner's own. */
	struct audit_totals au;
};

/*
 * Two adjacent kernels (in column order, skipping those that skipped or
 * missed the case) that observed a case differently, and the gate that
 * explains it: the one whose old_behaviour_applies differs between them.
 */
struct transition {
	size_t from, to;	/* kernel indexes, from < to */
	const struct gate *gate;	/* on to's cell; NULL when no gate flips */
	/*
	 * Where the change first appears in to's a.b series: its backport when
	 * the gate lists one, else the mainline since. NULL without a gate.
	 */
	const char *first_release;
	size_t first_release_len;	/* a token of backports is not NUL-terminated */
	bool lost;	/* from had the new behaviour (a backport), to the old */
};

/* Explained: a gate flips and it names its commit. */
bool transition_explained(const struct transition *t);

/* Transitions of any case with the same kernels, gate and release. */
struct tgroup {
	const struct transition *t;	/* the first; the others are the same but for the case */
	size_t *cases;	/* case indexes, in case order */
	size_t n;
};

struct tcase {
	char *name;
	char *family;
	char *group;	/* fdpass: the descriptors; otherwise the family */
	struct cell *cell;	/* one per kernel, in column order */
	size_t fam_rank, grp_rank;
	bool changed;	/* observation differs between two kernels that ran it */
	size_t changed_on;	/* first kernel (column) observing differently from the one before */
	struct transition *tr;	/* every adjacent pair observing differently */
	size_t ntr;
	size_t nunexplained;	/* of tr */
};

struct run {
	char *dir;
	struct kvfile info;
	struct kernel *k;
	size_t nk;
	struct tcase *c;
	size_t nc, capc;
	size_t *order;	/* case indexes grouped by family, then group */
	size_t *hash;	/* name -> case index + 1; 0 is empty */
	size_t hcap;
	struct tgroup *grp;	/* transitions grouped, by kernels then gate */
	size_t ngrp;
	size_t ntr, nunexplained, nchanged, nunexplained_cases;
};

void run_init(struct run *r);
/* Reads RUN_DIR; false (with a message in err) on bad input. */
bool run_load(struct run *r, const char *dir, char *err, size_t errlen);
/* One kernel from a directory; reads what is there, never fails. */
struct kernel *run_add_kernel(struct run *r, const char *name, const char *dir);
/* The same from text in memory (the fuzz target): NULL for a missing file. */
struct kernel *run_add_kernel_text(struct run *r, const char *name, const char *info,
				   const char *tap, size_t taplen);
/* Builds the case union, the cells and the counts. */
void run_build(struct run *r);
/* True when anything failed: a kernel status, a case, a cut-off run, a bad TAP. */
bool run_failed(const struct run *r);
/* Each kernel's TAP problems on stderr, as "DIR/main.tap: what". */
void run_warn_problems(const struct run *r);
void run_free(struct run *r);

/* Gates of a case on any kernel, each once (first kernel's copy), in *out; the count. */
size_t case_gates(const struct run *r, const struct tcase *c, const struct gate **out,
		  size_t max);

/* A run.info value, "" when absent. */
const char *run_field(const struct run *r, const char *key);
/* A kernel.info value, "" when absent. */
const char *kernel_field(const struct kernel *k, const char *key);
/* kernel.info status, or "unknown". */
const char *kernel_status(const struct kernel *k);
/* kernel.info detail, or why there is none. */
const char *kernel_detail(const struct kernel *k);
/*
 * kernel.info source as a report shows it: as the user gave it, except a
 * local tree, image or tarball: by its release and identity (the origin=
 * option, "owner/name@commit"), never by a path of the machine that ran it.
 * May return buf.
 */
const char *kernel_source(const struct kernel *k, char *buf, size_t len);
/* kernel.info release, else the TAP's "# kernel:" comment, else "". */
const char *kernel_release(const struct kernel *k);

#endif
