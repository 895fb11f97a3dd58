/*
 * Reader for the TAP the suite writes and the YAML subset in its blocks:
 * `key: scalar`, `key:` opening a map or a list of `- scalar`, 2-space
 * indents. Keys are flattened to dotted paths (observed.delivered,
 * expected.decided_by[0]).
 */
#ifndef REPORT_TAPREAD_H
#define REPORT_TAPREAD_H

#include <stdbool.h>
#include <stddef.h>

struct tap_kv {
	char *key;
	char *val;	/* decoded scalar, NUL-terminated; NULL for YAML null */
	size_t len;	/* bytes in val: a decoded \x00 may sit inside */
};

struct tap_point {
	long num;	/* -1 when the line carried no number */
	bool ok;
	bool skip;
	bool todo;
	/*
	 * Unique in the document: the description, "(unnamed #N)" when there
	 * is none, "NAME (duplicate #N)" for a repeat (N: the point's position).
	 * A NUL byte in it reads "\x00".
	 */
	char *name;
	bool unnamed;
	size_t dup_of;	/* position of the first point named so, 0 when unique */
	char *reason;	/* SKIP or TODO reason, NULL when none */
	struct tap_kv *kv;
	size_t nkv, capkv;
	char *yaml;	/* block text without its indent, NULL when none */
	bool yaml_cut;	/* block ended without "  ..." */
};

struct tap_doc {
	int version;	/* 0: no version line */
	long plan;	/* -1: no plan line */
	char *skip_all;	/* "1..0 # SKIP reason": the reason ("" when none) */
	char *bail_out;	/* text after "Bail out!", NULL when none */
	char *kernel;	/* "# kernel: X", NULL when none */
	struct tap_point *pt;
	size_t npt, cappt;
	bool cut;	/* the last line had no newline and was dropped */
	/*
	 * What makes the document a failed run whatever its points say: no
	 * plan, a plan the points do not match, a point without a name or with
	 * another's. At most TAP_MAX_PROBLEMS, the last then saying how many
	 * more there were.
	 */
	char **problem;
	size_t nproblem;
	size_t more_problems;	/* past the limit, until the parse ends */
};

#define TAP_MAX_PROBLEMS 20

/* Never fails: what is wrong with the text is in d->problem. */
void tap_parse(struct tap_doc *d, const char *text, size_t len);
void tap_doc_free(struct tap_doc *d);

/* NULL when the key is absent; kv->val NULL when it is YAML null. */
const struct tap_kv *tap_get(const struct tap_point *p, const char *key);
/* The value as a string, NULL when absent or null. */
const char *tap_str(const struct tap_point *p, const char *key);

/* Decode one YAML scalar (quoted or plain); returns NULL for null. */
char *yaml_scalar(const char *s, size_t n, size_t *outlen);

#endif
