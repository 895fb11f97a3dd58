#include "escape.h"

#include <stdbool.h>
#include <string.h>

size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	cp = s[0] & (0x7f >> len);
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void json_strn(FILE *f, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(u + i, n - i);

		if (u[i] == '"' || u[i] == '\\') {
			fputc('\\', f);
			fputc(u[i], f);
		} else if (u[i] == '\n') {
			fputs("\\n", f);
		} else if (u[i] == '\t') {
			fputs("\\t", f);
		} else if (u[i] == '\r') {
			fputs("\\r", f);
		} else if (u[i] < 0x20 || u[i] == 0x7f || !k) {
			/* Control bytes, and stray bytes read as Latin-1. */
			fprintf(f, "\\u%04x", u[i]);
		} else {
			fwrite(u + i, 1, k, f);
			i += k;
			continue;
		}
		i++;
	}
	fputc('"', f);
}

void json_str(FILE *f, const char *s)
{
	json_strn(f, s, s ? strlen(s) : 0);
}

static void xml_out(FILE *f, const char *s, size_t n, bool attr)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!s)
		return;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(u + i, n - i);

		switch (u[i]) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		case '\n':
		case '\r':
		case '\t':
			/* As references they survive attribute normalisation. */
			if (attr)
				fprintf(f, "&#%d;", u[i]);
			else
				fputc(u[i], f);
			break;
		default:
			if (u[i] < 0x20 || u[i] == 0x7f || !k) {
				/* Not allowed in XML 1.0 at all: show the byte. */
				fprintf(f, "\\x%02x", u[i]);
				break;
			}
			fwrite(u + i, 1, k, f);
			i += k;
			continue;
		}
		i++;
	}
}

void xml_strn(FILE *f, const char *s, size_t n)
{
	xml_out(f, s, n, true);
}

void xml_str(FILE *f, const char *s)
{
	xml_out(f, s, s ? strlen(s) : 0, true);
}

void xml_text(FILE *f, const char *s)
{
	xml_out(f, s, s ? strlen(s) : 0, false);
}

void md_strn(FILE *f, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!s)
		return;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(u + i, n - i);

		if (u[i] == '\n' || u[i] == '\r' || u[i] == '\t') {
			fputc(' ', f);
		} else if (u[i] == '&') {
			fputs("&amp;", f);
		} else if (u[i] == '<') {
			fputs("&lt;", f);
		} else if (u[i] == '>') {
			fputs("&gt;", f);
		} else if (strchr("\\`*_[]|#~", u[i]) && u[i]) {
			fputc('\\', f);
			fputc(u[i], f);
		} else if (u[i] < 0x20 || u[i] == 0x7f || !k) {
			fprintf(f, "\\\\x%02x", u[i]);	/* renders as \xHH */
		} else {
			fwrite(u + i, 1, k, f);
			i += k;
			continue;
		}
		i++;
	}
}

void md_str(FILE *f, const char *s)
{
	md_strn(f, s, s ? strlen(s) : 0);
}
