/*
 * Test output in the forms CI tools read as they are: TAP version 13 with
 * YAML diagnostics (the default; Debian's prove reads it), KTAP v1 (the
 * kernel's kunit parser: one nested level per family, each test's
 * diagnostics as comments before its result line), and Yocto ptest lines
 * (PASS:/FAIL:/SKIP:).
 */
#ifndef SUITE_TAP_H
#define SUITE_TAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A YAML mapping being built for one test point (two-space indented by tap_point). */
struct yaml {
	char buf[8192];
	size_t len;
	bool overflow;
};

void yaml_init(struct yaml *y);
/* key: value, where value is quoted/escaped as needed; depth nests under the last key. */
void yaml_str(struct yaml *y, int depth, const char *key, const char *value);
/* key: value for a string of `len` raw bytes (may hold NULs or junk). */
void yaml_bytes(struct yaml *y, int depth, const char *key, const char *value, size_t len);
void yaml_int(struct yaml *y, int depth, const char *key, long value);
void yaml_bool(struct yaml *y, int depth, const char *key, bool value);
/* "- value": one item of a sequence opened with yaml_map(). */
void yaml_item(struct yaml *y, int depth, const char *value);
/* key: with nothing after it, opening a nested mapping or sequence. */
void yaml_map(struct yaml *y, int depth, const char *key);

/* Quote a scalar for YAML double-quoted style into buf; returns buf. */
const char *yaml_quote(char *buf, size_t len, const char *s, size_t n);

enum tap_style { TAP_13, TAP_KTAP, TAP_PTEST };

struct tap {
	FILE *out;
	enum tap_style style;
	int next;      /* number of the next test point (in the open group, under KTAP) */
	int err;       /* errno of the first write to out that failed, 0 if none has */
	/* KTAP: the family open as a subtest, its number at the top level, its verdict so far. */
	bool in_group;
	int group_next;
	char group[64];
	bool group_failed, group_ran;
	/*
	 * KTAP: the version line and plan wait for the first test, so the run's
	 * header comments come before them: the kunit parser (6.1) would give
	 * comments after the plan to the first test.
	 */
	int plan;
	bool plan_pending;
};

/* plan: test points at the top level (KTAP: groups plus ungrouped points). */
void tap_begin(struct tap *t, FILE *out, int plan, enum tap_style style);
/*
 * KTAP: open a subtest for a family of `count` cases (closing the open one);
 * a no-op for the other styles.
 */
void tap_group(struct tap *t, const char *name, int count);
/* KTAP: close the open subtest with its result line at the top level. */
void tap_group_end(struct tap *t);
/* "# ..." comment line(s). */
void tap_comment(struct tap *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * One test point; skip_reason non-NULL makes it "ok N - name # SKIP reason".
 * directive: KTAP's "TIMEOUT" or "ERROR" for a hang or a crash, else NULL.
 */
void tap_point(struct tap *t, bool ok, const char *name, const char *skip_reason,
	       const char *directive, const struct yaml *y);
/*
 * A run that cannot happen at all: TAP "1..0 # SKIP reason"; KTAP one
 * skipped test (its parser takes an empty plan for an error); ptest one SKIP.
 */
void tap_skip_all(struct tap *t, FILE *out, const char *reason, enum tap_style style);

#endif
