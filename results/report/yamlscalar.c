/* YAML scalars as the suite writes them: plain, 'single' or "double" quoted. */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "tapread.h"
#include "util.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static size_t put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18 & 0x07));
	o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Reads \xHH, \uHHHH or \UHHHHHHHH at s (after the letter); -1 if malformed. */
static long hex_escape(const char *s, size_t n, size_t digits)
{
	long v = 0;

	if (n < digits)
		return -1;
	for (size_t i = 0; i < digits; i++) {
		int h = hexval((unsigned char)s[i]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/*
 * Double-quoted YAML: the writer escapes only \" \\ and \xHH, but accept the
 * usual single-letter escapes too. A string cut off before its closing quote
 * keeps what it had.
 */
static char *unquote_double(const char *s, size_t n, size_t *outlen)
{
	char *o = xmalloc(n * 4 + 1);
	size_t j = 0;

	for (size_t i = 0; i < n && s[i] != '"'; i++) {
		static const char from[] = "0abtnvfre /\\\"", to[] = "\0\a\b\t\n\v\f\r\x1b /\\\"";
		const char *e;
		size_t digits;
		long v;

		if (s[i] != '\\' || i + 1 >= n) {
			o[j++] = s[i];
			continue;
		}
		i++;
		digits = s[i] == 'x' ? 2 : s[i] == 'u' ? 4 : s[i] == 'U' ? 8 : 0;
		if (digits) {
			v = hex_escape(s + i + 1, n - i - 1, digits);
			if (v < 0 || v > 0x10ffff) {
				o[j++] = '\\';
				o[j++] = s[i];
				continue;
			}
			if (digits == 2)
				o[j++] = (char)v;	/* a raw byte, as the writer meant */
			else
				j += put_utf8(o + j, (unsigned long)v);
			i += digits;
		} else if ((e = memchr(from, s[i], sizeof(to) - 1))) {
			o[j++] = to[e - from];
		} else {
			o[j++] = '\\';
			o[j++] = s[i];
		}
	}
	o[j] = '\0';
	*outlen = j;
	return o;
}

char *yaml_scalar(const char *s, size_t n, size_t *outlen)
{
	size_t dummy;

	if (!outlen)
		outlen = &dummy;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n && s[0] == '"')
		return unquote_double(s + 1, n - 1, outlen);
	if (n && s[0] == '\'') {
		char *o = xmalloc(n);
		size_t j = 0;

		for (size_t i = 1; i < n; i++) {
			if (s[i] == '\'' && (i + 1 >= n || s[i + 1] != '\''))
				break;
			o[j++] = s[i];
			if (s[i] == '\'')
				i++;
		}
		o[j] = '\0';
		*outlen = j;
		return o;
	}
	if ((n == 4 && !memcmp(s, "null", 4)) || (n == 1 && s[0] == '~')) {
		*outlen = 0;
		return NULL;
	}
	*outlen = n;
	return xstrndup(s, n);
}
