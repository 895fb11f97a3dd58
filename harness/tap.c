#include "tap.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

void yaml_init(struct yaml *y)
{
	y->len = 0;
	y->buf[0] = '\0';
	y->overflow = false;
}

static void yaml_add(struct yaml *y, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void yaml_add(struct yaml *y, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (y->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(y->buf + y->len, sizeof(y->buf) - y->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(y->buf) - y->len) {
		/* Never emit half a line: that would break the YAML block. */
		y->buf[y->len] = '\0';
		y->overflow = true;
		return;
	}
	y->len += (size_t)n;
}

const char *yaml_quote(char *buf, size_t len, const char *s, size_t n)
{
	size_t o = 0;

	if (len < 3) {
		buf[0] = '\0';
		return buf;
	}
	buf[o++] = '"';
	for (size_t i = 0; i < n && o + 5 < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (c < 0x20 || c > 0x7e) {
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", c);
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

void yaml_bytes(struct yaml *y, int depth, const char *key, const char *value, size_t len)
{
	char q[1100];

	yaml_add(y, "%*s%s: %s\n", 2 * depth, "", key, yaml_quote(q, sizeof(q), value, len));
}

void yaml_str(struct yaml *y, int depth, const char *key, const char *value)
{
	if (!value)
		yaml_add(y, "%*s%s: null\n", 2 * depth, "", key);
	else
		yaml_bytes(y, depth, key, value, strlen(value));
}

void yaml_item(struct yaml *y, int depth, const char *value)
{
	char q[1100], *c;

	yaml_quote(q, sizeof(q), value, strlen(value));
	/*
	 * TAP::Parser's YAMLish takes `- "a: b"` for a mapping and dies; an
	 * escaped colon is the same string to any YAML reader.
	 */
	while ((c = strstr(q, ": ")) && strlen(q) + 4 < sizeof(q)) {
		memmove(c + 4, c + 1, strlen(c + 1) + 1);
		memcpy(c, "\\x3a", 4);
	}
	yaml_add(y, "%*s- %s\n", 2 * depth, "", q);
}

void yaml_int(struct yaml *y, int depth, const char *key, long value)
{
	yaml_add(y, "%*s%s: %ld\n", 2 * depth, "", key, value);
}

void yaml_bool(struct yaml *y, int depth, const char *key, bool value)
{
	yaml_add(y, "%*s%s: %s\n", 2 * depth, "", key, value ? "true" : "false");
}

void yaml_map(struct yaml *y, int depth, const char *key)
{
	yaml_add(y, "%*s%s:\n", 2 * depth, "", key);
}

/*
 * Every line goes out at once: a guest that panics keeps everything up to
 * it. The first failure is kept, as stdio drops a buffer it could not
 * write and a later flush succeeds; ferror() alone (a write inside fprintf
 * failed) says that, not why.
 */
static void tap_flush(struct tap *t)
{
	if (fflush(t->out) && !t->err)
		t->err = errno;
	else if (ferror(t->out) && !t->err)
		t->err = EIO;
}

void tap_begin(struct tap *t, FILE *out, int plan)
{
	*t = (struct tap){.out = out, .next = 1};
	fprintf(out, "TAP version 14\n1..%d\n", plan);
	tap_flush(t);
}

void tap_comment(struct tap *t, const char *fmt, ...)
{
	va_list ap;

	fputs("# ", t->out);
	va_start(ap, fmt);
	vfprintf(t->out, fmt, ap);
	va_end(ap);
	fputc('\n', t->out);
	tap_flush(t);
}

/* '#' starts a directive in TAP; a name must not contain one. */
static void put_name(FILE *out, const char *name)
{
	for (const char *p = name; *p; p++)
		fputc(*p == '#' || *p == '\n' ? '_' : *p, out);
}

void tap_point(struct tap *t, bool ok, const char *name, const char *skip_reason,
	       const struct yaml *y)
{
	fprintf(t->out, "%s %d - ", ok || skip_reason ? "ok" : "not ok", t->next++);
	put_name(t->out, name);
	if (skip_reason)
		fprintf(t->out, " # SKIP %s", skip_reason);
	fputc('\n', t->out);
	if (y && y->len) {
		fputs("  ---\n", t->out);
		for (const char *p = y->buf; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);

			fprintf(t->out, "  %.*s\n", (int)n, p);
			p += n + (nl != NULL);
		}
		if (y->overflow)
			fputs("  yaml_truncated: true\n", t->out);
		fputs("  ...\n", t->out);
	}
	tap_flush(t);
}

void tap_skip_all(struct tap *t, FILE *out, const char *reason)
{
	*t = (struct tap){.out = out, .next = 1};
	fprintf(out, "TAP version 14\n1..0 # SKIP %s\n", reason);
	tap_flush(t);
}
