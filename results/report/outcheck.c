#include "outcheck.h"

#include <stdbool.h>
#include <string.h>

#include "escape.h"

const char *check_text(const char *out, size_t len, const char *ctrl, size_t *at)
{
	const unsigned char *u = (const unsigned char *)out;

	for (size_t i = 0, k; i < len; i += k) {
		unsigned long cp;

		*at = i;
		k = utf8_seq(u + i, len - i);
		if (!k)
			return "invalid UTF-8";
		cp = k == 1 ? u[i] : u[i] & (0x7f >> k);
		for (size_t j = 1; j < k; j++)
			cp = cp << 6 | (u[i + j] & 0x3f);
		if (cp == '\n' || (cp && strchr(ctrl, (int)cp)))
			continue;
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return "raw control character";
		if (cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfffe || cp == 0xffff)
			return "raw line separator, bidi override or noncharacter";
	}
	return NULL;
}

const char *check_term(const char *out, size_t len, size_t *at)
{
	return check_text(out, len, "", at);
}

static bool starts(const char *s, size_t n, const char *pre)
{
	return n >= strlen(pre) && !memcmp(s, pre, strlen(pre));
}

/* Every & starts a reference the writers use. */
static const char *check_refs(const char *out, size_t len, size_t base, size_t *at)
{
	static const char *const refs[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;",
					    "&#10;", "&#13;", "&#9;" };

	for (const char *p = out; (p = memchr(p, '&', (size_t)(out + len - p))); p++) {
		bool known = false;

		for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
			known |= starts(p, (size_t)(out + len - p), refs[i]);
		if (!known) {
			*at = base + (size_t)(p - out);
			return "stray &";
		}
	}
	return NULL;
}

static bool in_list(const char *const *list, const char *name, size_t n)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && !memcmp(list[i], name, n))
			return true;
	return false;
}

/*
 * Markup: only the elements in tags, properly nested, attribute quotes
 * paired, no < inside a tag. void_tags close themselves (HTML), as does
 * "/>" (XML).
 */
static const char *check_markup(const char *out, size_t len, size_t base,
				const char *const *tags, const char *const *void_tags, size_t *at)
{
	struct {
		const char *name;
		size_t n;
	} stack[64];
	size_t depth = 0;

	for (const char *p = out; (p = memchr(p, '<', (size_t)(out + len - p)));) {
		const char *end = memchr(p, '>', (size_t)(out + len - p));
		bool closing = p + 1 < out + len && p[1] == '/';
		const char *name = p + 1 + closing;
		size_t n = 0, quotes = 0;

		*at = base + (size_t)(p - out);
		if (!end || memchr(p + 1, '<', (size_t)(end - p - 1)))
			return "unterminated tag";
		while (name + n < end && strchr("!?abcdefghijklmnopqrstuvwxyzDOCTYPE0123456789", name[n]))
			n++;
		for (const char *q = p; q < end; q++)
			quotes += *q == '"';
		if (quotes % 2)
			return "unpaired quote in a tag";
		if (!in_list(tags, name, n))
			return "unknown element";
		if (closing) {
			if (!depth || stack[depth - 1].n != n || memcmp(stack[depth - 1].name, name, n))
				return "mismatched end tag";
			depth--;
		} else if (end[-1] != '/' && *name != '!' && *name != '?' &&
			   !in_list(void_tags, name, n)) {
			if (depth == sizeof(stack) / sizeof(stack[0]))
				return "nesting too deep";
			stack[depth].name = name;
			stack[depth++].n = n;
		}
		p = end + 1;
	}
	*at = base + len;
	return depth ? "unclosed element" : NULL;
}

static const char *const html_tags[] = {
	"!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "b",
	"table", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "code", "br", "wbr",
	"details", "summary", "span", NULL
};
static const char *const html_void[] = { "meta", "col", "br", "wbr", NULL };
static const char *const xml_tags[] = {
	"?xml", "testsuites", "testsuite", "properties", "property", "testcase", "failure",
	"error", "skipped", NULL
};
static const char *const no_tags[] = { NULL };

const char *check_html(const char *out, size_t len, size_t *at)
{
	const char *why = check_text(out, len, "", at);

	/* The style sheet holds neither < nor &: no need to step around it. */
	if (!why)
		why = check_markup(out, len, 0, html_tags, html_void, at);
	if (!why)
		why = check_refs(out, len, 0, at);
	if (!why && memmem(out, len, "<script", 7))
		why = "a script";
	return why;
}

const char *check_junit(const char *out, size_t len, size_t *at)
{
	const char *why = check_text(out, len, "\t\r", at), *cdata;

	if (!why)
		why = check_markup(out, len, 0, xml_tags, no_tags, at);
	if (!why)
		why = check_refs(out, len, 0, at);
	if (!why && (cdata = memmem(out, len, "]]>", 3))) {
		*at = (size_t)(cdata - out);
		why = "]]> in XML text";
	}
	return why;
}

const char *check_md(const char *out, size_t len, size_t *at)
{
	const char *why = check_text(out, len, "", at);
	size_t cols = 0;

	for (const char *line = out; !why && line < out + len;) {
		const char *nl = memchr(line, '\n', (size_t)(out + len - line));
		const char *end = nl ? nl : out + len;
		size_t pipes = 0;

		for (const char *p = line; p < end; p++)
			pipes += *p == '|' && (p == line || p[-1] != '\\');
		*at = (size_t)(line - out);
		if (line == end || *line != '|')
			cols = 0;
		else if (!cols)
			cols = pipes;	/* a table's header row */
		else if (pipes != cols)
			why = "a table row with the wrong number of cells";
		line = end + 1;
	}
	return why;
}

/* A small JSON parser: one value from *pos on, *pos after it. */
struct jp {
	const char *s;
	size_t n, pos;
};

static bool json_value(struct jp *j, int depth);

static void json_ws(struct jp *j)
{
	while (j->pos < j->n && j->s[j->pos] && strchr(" \t\r\n", j->s[j->pos]))
		j->pos++;
}

static size_t json_digits(struct jp *j)
{
	size_t start = j->pos;

	while (j->pos < j->n && j->s[j->pos] >= '0' && j->s[j->pos] <= '9')
		j->pos++;
	return j->pos - start;
}

static bool json_string(struct jp *j)
{
	if (j->pos >= j->n || j->s[j->pos] != '"')
		return false;
	for (j->pos++; j->pos < j->n; j->pos++) {
		unsigned char c = (unsigned char)j->s[j->pos];

		if (c == '"') {
			j->pos++;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c != '\\')
			continue;
		if (++j->pos >= j->n)
			return false;
		c = (unsigned char)j->s[j->pos];
		if (c == 'u') {
			for (int i = 0; i < 4; i++)
				if (++j->pos >= j->n || !strchr("0123456789abcdefABCDEF", j->s[j->pos]) ||
				    !j->s[j->pos])
					return false;
		} else if (!c || !strchr("\"\\/bfnrt", c)) {
			return false;
		}
	}
	return false;
}

static bool json_number(struct jp *j)
{
	size_t d;

	if (j->pos < j->n && j->s[j->pos] == '-')
		j->pos++;
	if (j->pos < j->n && j->s[j->pos] == '0')
		j->pos++;
	else if (!json_digits(j))
		return false;
	if (j->pos < j->n && j->s[j->pos] == '.') {
		j->pos++;
		if (!json_digits(j))
			return false;
	}
	if (j->pos < j->n && (j->s[j->pos] == 'e' || j->s[j->pos] == 'E')) {
		j->pos++;
		if (j->pos < j->n && (j->s[j->pos] == '+' || j->s[j->pos] == '-'))
			j->pos++;
		d = json_digits(j);
		if (!d)
			return false;
	}
	return true;
}

/* The members of an object (keys) or the items of an array, up to close. */
static bool json_items(struct jp *j, int depth, char close, bool keys)
{
	j->pos++;
	json_ws(j);
	if (j->pos < j->n && j->s[j->pos] == close) {
		j->pos++;
		return true;
	}
	for (;;) {
		json_ws(j);
		if (keys) {
			if (!json_string(j))
				return false;
			json_ws(j);
			if (j->pos >= j->n || j->s[j->pos++] != ':')
				return false;
		}
		if (!json_value(j, depth + 1))
			return false;
		json_ws(j);
		if (j->pos >= j->n)
			return false;
		if (j->s[j->pos] == close) {
			j->pos++;
			return true;
		}
		if (j->s[j->pos++] != ',')
			return false;
	}
}

static bool json_value(struct jp *j, int depth)
{
	static const char *const words[] = { "true", "false", "null" };

	json_ws(j);
	if (j->pos >= j->n || depth > 32)
		return false;
	if (j->s[j->pos] == '{')
		return json_items(j, depth, '}', true);
	if (j->s[j->pos] == '[')
		return json_items(j, depth, ']', false);
	if (j->s[j->pos] == '"')
		return json_string(j);
	for (size_t i = 0; i < 3; i++) {
		if (starts(j->s + j->pos, j->n - j->pos, words[i])) {
			j->pos += strlen(words[i]);
			return true;
		}
	}
	return json_number(j);
}

const char *check_json(const char *out, size_t len, size_t *at)
{
	struct jp j = { out, len, 0 };
	const char *why = check_text(out, len, "", at);

	if (why)
		return why;
	if (!json_value(&j, 0)) {
		*at = j.pos;
		return "invalid JSON";
	}
	json_ws(&j);
	*at = j.pos;
	return j.pos == len ? NULL : "bytes after the JSON value";
}

const char *check_kcidb(const char *out, size_t len, size_t *at)
{
	static const char key[] = "\"path\": \"";
	const char *why = check_json(out, len, at), *p = out, *end = out + len;

	if (why)
		return why;
	/* KCIDB's test path: dot-separated [A-Za-z0-9_-]+ parts (none escaped). */
	while ((p = memmem(p, (size_t)(end - p), key, sizeof(key) - 1))) {
		const char *v = p + sizeof(key) - 1, *q = v;

		*at = (size_t)(p - out);
		for (; q < end && *q != '"'; q++) {
			bool word = (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
				    (*q >= '0' && *q <= '9') || *q == '_' || *q == '-';

			if (!word && !(*q == '.' && q > v && q[-1] != '.'))
				return "a test path outside [A-Za-z0-9_-] parts";
		}
		if (q > v && q[-1] == '.')
			return "a test path ending in a dot";
		p = q;
	}
	return NULL;
}
