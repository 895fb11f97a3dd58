/* TAP version 14 output with YAML diagnostics. */
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

struct tap {
	FILE *out;
	int next; /* number of the next test point */
	int err;  /* errno of the first write to out that failed, 0 if none has */
};

void tap_begin(struct tap *t, FILE *out, int plan);
/* "# ..." comment line(s). */
void tap_comment(struct tap *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One test point; skip_reason non-NULL makes it "ok N - name # SKIP reason". */
void tap_point(struct tap *t, bool ok, const char *name, const char *skip_reason,
	       const struct yaml *y);
/* A plan for a run that cannot happen at all: "1..0 # SKIP reason". */
void tap_skip_all(struct tap *t, FILE *out, const char *reason);

#endif
