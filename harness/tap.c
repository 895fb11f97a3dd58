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

/* KTAP nests a family's cases one level (four spaces) under the top level. */
static const char *indent(const struct tap *t)
{
	return t->style == TAP_KTAP && t->in_group ? "    " : "";
}

static void plan_now(struct tap *t)
{
	if (!t->plan_pending)
		return;
	t->plan_pending = false;
	fprintf(t->out, "KTAP version 1\n1..%d\n", t->plan);
}

void tap_begin(struct tap *t, FILE *out, int plan, enum tap_style style)
{
	*t = (struct tap){.out = out, .style = style, .next = 1, .group_next = 1, .plan = plan};
	if (style == TAP_KTAP)
		t->plan_pending = true; /* comments before it stay outside the KTAP (kunit drops them) */
	else if (style == TAP_13)
		fprintf(out, "TAP version 13\n1..%d\n", plan);
	tap_flush(t);
}

void tap_group(struct tap *t, const char *name, int count)
{
	if (t->style != TAP_KTAP)
		return;
	tap_group_end(t);
	plan_now(t);
	snprintf(t->group, sizeof(t->group), "%s", name);
	fprintf(t->out, "    KTAP version 1\n    # Subtest: %s\n    1..%d\n", t->group, count);
	t->in_group = true;
	t->group_failed = t->group_ran = false;
	t->next = 1;
	tap_flush(t);
}

void tap_group_end(struct tap *t)
{
	if (t->style != TAP_KTAP || !t->in_group)
		return;
	t->in_group = false;
	fprintf(t->out, "%s %d %s%s\n", t->group_failed ? "not ok" : "ok", t->group_next++,
		t->group, t->group_ran ? "" : " # SKIP every case skipped");
	t->next = t->group_next;
	tap_flush(t);
}

void tap_comment(struct tap *t, const char *fmt, ...)
{
	va_list ap;

	fprintf(t->out, "%s# ", indent(t));
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

/* YAML lines, each prefixed: TAP's "  " inside ---/..., KTAP's "# " before the result. */
static void put_yaml(struct tap *t, const struct yaml *y, const char *prefix)
{
	for (const char *p = y->buf; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		fprintf(t->out, "%s%.*s\n", prefix, (int)n, p);
		p += n + (nl != NULL);
	}
	if (y->overflow)
		fprintf(t->out, "%syaml_truncated: true\n", prefix);
}

void tap_point(struct tap *t, bool ok, const char *name, const char *skip_reason,
	       const char *directive, const struct yaml *y)
{
	bool has_yaml = y && y->len;
	char prefix[16];

	if (t->style == TAP_PTEST) {
		/* Yocto's ptest log parser: ^PASS:, ^FAIL:, ^SKIP: and the name; details indented. */
		fputs(skip_reason ? "SKIP: " : ok ? "PASS: " : "FAIL: ", t->out);
		put_name(t->out, name);
		fputc('\n', t->out);
		if (skip_reason)
			fprintf(t->out, "    reason: %s\n", skip_reason);
		else if (!ok && has_yaml)
			put_yaml(t, y, "    ");
		t->next++;
		tap_flush(t);
		return;
	}
	if (t->style == TAP_KTAP) {
		plan_now(t);
		/* Diagnostics first: the kunit parser gives a test the lines before its result. */
		snprintf(prefix, sizeof(prefix), "%s# ", indent(t));
		/* The first diagnostic names its test: a parser that gives it to another is caught. */
		fprintf(t->out, "%scase: ", prefix);
		put_name(t->out, name);
		fputc('\n', t->out);
		if (has_yaml)
			put_yaml(t, y, prefix);
		fprintf(t->out, "%s%s %d ", indent(t), ok || skip_reason ? "ok" : "not ok", t->next++);
		put_name(t->out, name);
		if (skip_reason)
			fprintf(t->out, " # SKIP %s", skip_reason);
		else if (!ok && directive)
			fprintf(t->out, " # %s", directive);
		fputc('\n', t->out);
		if (t->in_group) {
			t->group_failed |= !ok && !skip_reason;
			t->group_ran |= !skip_reason;
		} else {
			t->group_next = t->next;
		}
		tap_flush(t);
		return;
	}
	fprintf(t->out, "%s %d - ", ok || skip_reason ? "ok" : "not ok", t->next++);
	put_name(t->out, name);
	if (skip_reason)
		fprintf(t->out, " # SKIP %s", skip_reason);
	fputc('\n', t->out);
	if (has_yaml) {
		fputs("  ---\n", t->out);
		put_yaml(t, y, "  ");
		fputs("  ...\n", t->out);
	}
	tap_flush(t);
}

void tap_skip_all(struct tap *t, FILE *out, const char *reason, enum tap_style style)
{
	*t = (struct tap){.out = out, .style = style, .next = 1};
	if (style == TAP_KTAP)
		fprintf(out, "KTAP version 1\n1..1\nok 1 smack_ipc # SKIP %s\n", reason);
	else if (style == TAP_PTEST)
		fprintf(out, "SKIP: smack_ipc\n    reason: %s\n", reason);
	else
		fprintf(out, "TAP version 13\n1..0 # SKIP %s\n", reason);
	tap_flush(t);
}
