/*
 * Escaping for each output format: one function per format, and every
 * string a writer prints that came from a run directory goes through it.
 * Strings come from a guest and may hold any byte; whatever they hold, the
 * output stays well-formed (valid UTF-8, no raw control characters) and
 * inert (no markup, table cell or code span of the input's making).
 * Invalid UTF-8 and control characters show as \xNN (JSON: \u00NN).
 */
#ifndef REPORT_ESCAPE_H
#define REPORT_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Length of the valid UTF-8 sequence at s, 0 if s[0] does not start one. */
size_t utf8_seq(const unsigned char *s, size_t n);

/*
 * Length of the character at s (1 for a stray byte); *safe is false when it
 * must not be printed as it is: invalid UTF-8, C0 and C1 controls, DEL,
 * line and paragraph separators, bidirectional overrides, U+FFFE/U+FFFF.
 */
size_t next_char(const unsigned char *s, size_t n, bool *safe);

/* JSON: a string with its quotes (<, >, & too, so it embeds anywhere); NULL gives null. */
void json_strn(FILE *f, const char *s, size_t n);
void json_str(FILE *f, const char *s);

/* XML (junit.xml): text or attribute value, both quotes escaped. */
void xml_strn(FILE *f, const char *s, size_t n);
void xml_str(FILE *f, const char *s);
/* Element text: newlines and tabs stay as they are. */
void xml_text(FILE *f, const char *s);

/* HTML (report.html): text or attribute value, both quotes escaped. */
void html_strn(FILE *f, const char *s, size_t n);
void html_str(FILE *f, const char *s);

/* Markdown inline text, safe in a table cell (no |, no newline). */
void md_strn(FILE *f, const char *s, size_t n);
void md_str(FILE *f, const char *s);
/* A whole code span, backticks included, safe in a table cell. */
void md_code(FILE *f, const char *s, size_t n);

/* Terminal text (diff, messages): no control sequence, no line break. */
void term_strn(FILE *f, const char *s, size_t n);
void term_str(FILE *f, const char *s);
/* "smack-ipc-report: " and the message, escaped, on stderr. */
void term_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
