/*
 * Escaping for each output format. Strings come from a guest and may hold
 * any byte; every writer keeps its output well-formed (valid UTF-8, no raw
 * control characters) whatever it is given.
 */
#ifndef REPORT_ESCAPE_H
#define REPORT_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* Length of the valid UTF-8 sequence at s, 0 if s[0] does not start one. */
size_t utf8_seq(const unsigned char *s, size_t n);

/* A JSON string with its quotes; NULL gives null. */
void json_strn(FILE *f, const char *s, size_t n);
void json_str(FILE *f, const char *s);

/* Text or attribute value for XML and HTML (both quotes escaped). */
void xml_strn(FILE *f, const char *s, size_t n);
void xml_str(FILE *f, const char *s);
/* Element text: newlines and tabs stay as they are. */
void xml_text(FILE *f, const char *s);

/* Markdown inline text, safe in a table cell (no |, no newline). */
void md_strn(FILE *f, const char *s, size_t n);
void md_str(FILE *f, const char *s);

#endif
