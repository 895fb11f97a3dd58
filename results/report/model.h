/* A run: its kernels in column order, and the union of their cases. */
#ifndef REPORT_MODEL_H
#define REPORT_MODEL_H

#include <stdbool.h>
#include <stddef.h>

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
	size_t n_ok, n_not_ok, n_skip, n_todo, n_missing;
};

struct tcase {
	char *name;
	char *family;
	char *group;	/* fdpass: the descriptors; otherwise the family */
	struct cell *cell;	/* one per kernel, in column order */
	size_t fam_rank, grp_rank;
	bool changed;	/* observation differs between two kernels that ran it */
	size_t changed_on;	/* first kernel (column) observing differently from the one before */
	const char *gate_commit, *gate_since, *gate_subject;
	const char *gate2_commit, *gate2_since, *gate2_subject;
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

/* A run.info value, "" when absent. */
const char *run_field(const struct run *r, const char *key);
/* A kernel.info value, "" when absent. */
const char *kernel_field(const struct kernel *k, const char *key);
/* kernel.info status, or "unknown". */
const char *kernel_status(const struct kernel *k);
/* kernel.info detail, or why there is none. */
const char *kernel_detail(const struct kernel *k);
/* kernel.info release, else the TAP's "# kernel:" comment, else "". */
const char *kernel_release(const struct kernel *k);

#endif
