#include "escape.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

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

/* Characters that print nothing, move the cursor or reorder what follows. */
static bool unsafe_cp(unsigned long cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0xfffe || cp == 0xffff;
}

/* next_char(), and the code point (a stray byte reads as Latin-1). */
static size_t char_info(const unsigned char *s, size_t n, bool *safe, unsigned long *cp)
{
	size_t k = utf8_seq(s, n);

	if (!k) {
		*safe = false;
		*cp = s[0];
		return 1;
	}
	*cp = k == 1 ? s[0] : s[0] & (0x7f >> k);
	for (size_t i = 1; i < k; i++)
		*cp = *cp << 6 | (s[i] & 0x3f);
	*safe = !unsafe_cp(*cp);
	return k;
}

size_t next_char(const unsigned char *s, size_t n, bool *safe)
{
	unsigned long cp;

	return char_info(s, n, safe, &cp);
}

/* Each byte of an unprintable character as \xNN, after pre (a backslash or two). */
static void bytes_as(FILE *f, const char *pre, const unsigned char *s, size_t k)
{
	for (size_t i = 0; i < k; i++)
		fprintf(f, "%sx%02x", pre, s[i]);
}

void json_strn(FILE *f, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (size_t i = 0, k; i < n; i += k) {
		unsigned long cp;
		bool safe;

		k = char_info(u + i, n - i, &safe, &cp);
		if (u[i] == '"' || u[i] == '\\') {
			fputc('\\', f);
			fputc(u[i], f);
		} else if (u[i] == '\n') {
			fputs("\\n", f);
		} else if (u[i] == '\t') {
			fputs("\\t", f);
		} else if (u[i] == '\r') {
			fputs("\\r", f);
		} else if (!safe || u[i] == '<' || u[i] == '>' || u[i] == '&') {
			/* Markup characters too: the file may be pasted into a page. */
			fprintf(f, "\\u%04lx", cp);
		} else {
			fwrite(u + i, 1, k, f);
		}
	}
	fputc('"', f);
}

void json_str(FILE *f, const char *s)
{
	json_strn(f, s, s ? strlen(s) : 0);
}

/* XML and HTML share their escapes; attr also keeps line breaks as references. */
static void xml_out(FILE *f, const char *s, size_t n, bool attr)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!s)
		return;
	for (size_t i = 0, k; i < n; i += k) {
		bool safe;

		k = next_char(u + i, n - i, &safe);
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
			if (safe)
				fwrite(u + i, 1, k, f);
			else	/* not allowed in XML 1.0 (or unwise): show the bytes */
				bytes_as(f, "\\", u + i, k);
		}
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

void html_strn(FILE *f, const char *s, size_t n)
{
	xml_out(f, s, n, true);
}

void html_str(FILE *f, const char *s)
{
	xml_out(f, s, s ? strlen(s) : 0, true);
}

/*
 * Markdown, as inline text or as the inside of a code span. A code span
 * shows backslashes as they are and ends at a backtick: only a pipe can be
 * escaped there (GFM splits table rows first), so a backtick shows as \x60,
 * and markup characters as \xNN too, for renderers less careful than GFM.
 */
static void md_out(FILE *f, const char *s, size_t n, bool code)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!s)
		return;
	for (size_t i = 0, k; i < n; i += k) {
		bool safe;

		k = next_char(u + i, n - i, &safe);
		if (code && u[i] == '|') {
			fputs("\\|", f);
		} else if (code && (!safe || strchr("`<>&", u[i]))) {
			bytes_as(f, "\\", u + i, k);
		} else if (code) {
			fwrite(u + i, 1, k, f);
		} else if (u[i] == '\n' || u[i] == '\r' || u[i] == '\t') {
			fputc(' ', f);
		} else if (u[i] == '&') {
			fputs("&amp;", f);
		} else if (u[i] == '<') {
			fputs("&lt;", f);
		} else if (u[i] == '>') {
			fputs("&gt;", f);
		} else if (u[i] && strchr("\\`*_[]|#~", u[i])) {
			fputc('\\', f);
			fputc(u[i], f);
		} else if (!safe) {
			bytes_as(f, "\\\\", u + i, k);	/* renders as \xHH */
		} else {
			fwrite(u + i, 1, k, f);
		}
	}
}

void md_strn(FILE *f, const char *s, size_t n)
{
	md_out(f, s, n, false);
}

void md_str(FILE *f, const char *s)
{
	md_out(f, s, s ? strlen(s) : 0, false);
}

void md_code(FILE *f, const char *s, size_t n)
{
	fputc('`', f);
	md_out(f, s, n, true);
	fputc('`', f);
}

void term_strn(FILE *f, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!s)
		return;
	for (size_t i = 0, k; i < n; i += k) {
		bool safe;

		k = next_char(u + i, n - i, &safe);
		if (safe)
			fwrite(u + i, 1, k, f);
		else	/* ESC, CR, a newline that would fake a line, ... */
			bytes_as(f, "\\", u + i, k);
	}
}

void term_str(FILE *f, const char *s)
{
	term_strn(f, s, s ? strlen(s) : 0);
}

void term_msg(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	fputs("smack-ipc-report: ", stderr);
	term_str(stderr, s);
	fputc('\n', stderr);
	free(s);
}
