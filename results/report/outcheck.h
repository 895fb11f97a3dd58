/*
 * What each output format promises whatever the input, checked cheaply:
 * for the fuzz target and the tests, not the tool. Written apart from
 * escape.c on purpose: an oracle that shared its code would share its bugs.
 * Each returns NULL when the text holds, else what is wrong, with *at the
 * byte offset.
 */
#ifndef REPORT_OUTCHECK_H
#define REPORT_OUTCHECK_H

#include <stddef.h>

/* Valid UTF-8, no control character but a newline or one in ctrl ("" none). */
const char *check_text(const char *out, size_t len, const char *ctrl, size_t *at);
/* One JSON value (RFC 8259), and check_text(). */
const char *check_json(const char *out, size_t len, size_t *at);
/* check_json(), and every test "path" dot-separated [A-Za-z0-9_-]+ parts. */
const char *check_kcidb(const char *out, size_t len, size_t *at);
/* Every table row as many cells (| with no \ before it) as its header. */
const char *check_md(const char *out, size_t len, size_t *at);
/* Only the elements the writer makes, nested, quotes paired, known references. */
const char *check_html(const char *out, size_t len, size_t *at);
const char *check_junit(const char *out, size_t len, size_t *at);
/* Terminal text: check_text() with newlines only. */
const char *check_term(const char *out, size_t len, size_t *at);

#endif
