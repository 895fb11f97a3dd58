/* The commands; each returns the process exit status (0, 1 or 2). */
#ifndef REPORT_COMMANDS_H
#define REPORT_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model.h"

int cmd_render(const char *run_dir);
int cmd_diff(const char *a, const char *b, FILE *out);
/* The KCIDB document to out (a file, written atomically), or stdout when out is NULL or "-". */
int cmd_kcidb(const char *run_dir, const char *out);
/* The difference between the two kernels of a built run; the count. */
size_t diff_run(const struct run *r, FILE *out);

/* RUN_DIR/name via a temp file in RUN_DIR and rename(); false with err set. */
bool write_atomic(const char *dir, const char *name,
		  void (*emit)(FILE *, const struct run *), const struct run *r,
		  char *err, size_t errlen);

#endif
