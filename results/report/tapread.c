#include "tapread.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

#define YAML_MAX_DEPTH 16

struct ystate {
	char *key[YAML_MAX_DEPTH];	/* open map keys, one per depth */
	size_t items[YAML_MAX_DEPTH];	/* list items seen under key[d] */
	int n;
	char *text;			/* the block so far */
	size_t len, cap;
};

/* Room for item n (so n + 1 items) at v; doubling keeps a long input linear. */
static void *grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	while (n >= *cap)
		*cap = *cap ? *cap * 2 : 16;
	return xrealloc(v, *cap * size);
}

static void add_kv(struct tap_point *p, char *key, const char *val, size_t n)
{
	struct tap_kv *kv;

	p->kv = grow(p->kv, p->nkv, &p->capkv, sizeof(*p->kv));
	kv = &p->kv[p->nkv++];
	kv->key = key;
	kv->val = yaml_scalar(val, n, &kv->len);
}

static char *join_path(const struct ystate *y, int depth, const char *last, size_t lastlen)
{
	size_t len = lastlen + 1;
	char *p, *o;

	for (int i = 0; i < depth; i++)
		len += strlen(y->key[i]) + 1;
	o = p = xmalloc(len);
	for (int i = 0; i < depth; i++)
		o += sprintf(o, "%s.", y->key[i]);
	memcpy(o, last, lastlen);
	o[lastlen] = '\0';
	return p;
}

static void ystate_trim(struct ystate *y, int depth)
{
	while (y->n > depth)
		free(y->key[--y->n]);
}

/* One block line, its 2-space block indent already removed. */
static void yaml_line(struct ystate *y, struct tap_point *p, const char *s, size_t n)
{
	size_t ind = 0;
	int depth;
	const char *colon;

	while (ind < n && s[ind] == ' ')
		ind++;
	if (ind == n || s[ind] == '#')
		return;
	depth = (int)(ind / 2);
	if (depth > y->n)
		depth = y->n;	/* over-indented: attach to the innermost key */
	s += ind;
	n -= ind;

	/* "- x" is a list item; "-: x" is what older suite versions wrote. */
	if (s[0] == '-' && (n == 1 || s[1] == ' ' || s[1] == ':')) {
		char idx[32];
		int parent = depth - 1;
		size_t skip = n > 1 && s[1] == ':' ? 2 : 1;

		if (parent < 0)
			return;	/* a top-level list is not in the subset */
		ystate_trim(y, depth);
		snprintf(idx, sizeof(idx), "[%zu]", y->items[parent]++);
		/* key[0..parent-1] + "." + key[parent] + "[i]" */
		{
			char *base = join_path(y, parent, y->key[parent], strlen(y->key[parent]));
			char *key = xasprintf("%s%s", base, idx);

			free(base);
			add_kv(p, key, s + skip, n - skip);
		}
		return;
	}
	colon = memchr(s, ':', n);
	while (colon && colon + 1 < s + n && colon[1] != ' ')
		colon = memchr(colon + 1, ':', (size_t)(s + n - colon - 1));
	if (!colon)
		return;
	ystate_trim(y, depth);
	{
		const char *v = colon + 1;
		size_t vn = (size_t)(s + n - v);

		while (vn && (*v == ' ' || *v == '\r')) {
			v++;
			vn--;
		}
		if (vn == 0) {
			/* "key:" opens a map or a list one level down. */
			if (y->n < YAML_MAX_DEPTH) {
				y->key[y->n] = xstrndup(s, (size_t)(colon - s));
				y->items[y->n++] = 0;
			}
			return;
		}
		add_kv(p, join_path(y, depth, s, (size_t)(colon - s)), v, vn);
	}
}

static void yaml_end(struct ystate *y, struct tap_point *p, bool cut)
{
	ystate_trim(y, 0);
	if (p) {
		p->yaml = y->text ? y->text : xstrdup("");
		p->yaml_cut = cut;
	} else {
		free(y->text);
	}
	y->text = NULL;
	y->len = y->cap = 0;
}

static bool has_prefix(const char *s, size_t n, const char *pre)
{
	size_t k = strlen(pre);

	return n >= k && !memcmp(s, pre, k);
}

/* Trimmed text; a NUL byte (a C string would end there) reads "\x00". */
static char *trimmed(const char *s, size_t n)
{
	char *o, *p;

	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	o = p = xmalloc(n * 4 + 1);
	for (size_t i = 0; i < n; i++) {
		if (s[i]) {
			*p++ = s[i];
		} else {
			memcpy(p, "\\x00", 4);
			p += 4;
		}
	}
	*p = '\0';
	return o;
}

static void problem(struct tap_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One more problem, or one more past the limit: see struct tap_doc. */
static void problem(struct tap_doc *d, const char *fmt, ...)
{
	va_list ap;

	if (d->nproblem + 1 >= TAP_MAX_PROBLEMS) {
		d->more_problems++;
		return;
	}
	d->problem = xrealloc(d->problem, (d->nproblem + 1) * sizeof(*d->problem));
	va_start(ap, fmt);
	d->problem[d->nproblem++] = xvasprintf(fmt, ap);
	va_end(ap);
}

/* "ok 3 - name # SKIP reason" or "not ok 2 name" */
static void parse_point(struct tap_doc *d, const char *s, size_t n)
{
	struct tap_point *p;
	const char *e = s + n, *hash;
	bool ok = !has_prefix(s, n, "not ");

	d->pt = grow(d->pt, d->npt, &d->cappt, sizeof(*d->pt));
	p = memset(&d->pt[d->npt++], 0, sizeof(*p));
	p->ok = ok;
	s += ok ? 2 : 6;
	while (s < e && *s == ' ')
		s++;
	p->num = -1;
	if (s < e && isdigit((unsigned char)*s)) {
		p->num = strtol(s, NULL, 10);
		while (s < e && isdigit((unsigned char)*s))
			s++;
	}
	while (s < e && *s == ' ')
		s++;
	if (s + 1 < e && s[0] == '-' && s[1] == ' ')
		s += 2;
	else if (s + 1 == e && *s == '-')
		s++;
	/* The writer never puts '#' in a name, so the first one is the directive. */
	hash = memchr(s, '#', (size_t)(e - s));
	if (memchr(s, '\0', (size_t)((hash ? hash : e) - s)))
		problem(d, "test %zu has a NUL byte in its name", d->npt);
	p->name = trimmed(s, (size_t)((hash ? hash : e) - s));
	if (hash) {
		const char *dir = hash + 1;

		while (dir < e && *dir == ' ')
			dir++;
		if (e - dir >= 4 && !strncasecmp(dir, "skip", 4))
			p->skip = true;
		else if (e - dir >= 4 && !strncasecmp(dir, "todo", 4))
			p->todo = true;
		if (p->skip || p->todo) {
			dir += 4;
			while (dir < e && isalpha((unsigned char)*dir))
				dir++;	/* SKIPPED, TODO_... */
			p->reason = trimmed(dir, (size_t)(e - dir));
		}
	}
}

static void parse_plan(struct tap_doc *d, const char *s, size_t n)
{
	const char *e = s + n, *hash;

	if (d->plan >= 0) {
		size_t k = 3;

		while (k < n && isdigit((unsigned char)s[k]))
			k++;
		problem(d, "a second plan (%.*s)", (int)k, s);
		return;
	}
	d->plan = strtol(s + 3, NULL, 10);
	hash = memchr(s, '#', n);
	if (hash) {
		const char *r = hash + 1;

		while (r < e && *r == ' ')
			r++;
		if (e - r >= 4 && !strncasecmp(r, "skip", 4)) {
			r += 4;
			d->skip_all = trimmed(r, (size_t)(e - r));
			return;
		}
	}
	if (d->plan == 0)
		d->skip_all = xstrdup("");
}

struct byname {
	const char *name;
	size_t i;
};

static int cmp_byname(const void *a, const void *b)
{
	const struct byname *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/*
 * Every point keeps a row of its own: a repeated name becomes
 * "NAME (duplicate #N)". Sorting finds the repeats in O(n log n). A name
 * read from TAP never holds '#' (that starts a directive), so the new name
 * is no other point's.
 */
static void rename_duplicates(struct tap_doc *d)
{
	struct byname *v;
	size_t first = 0;

	if (d->npt < 2)
		return;
	v = xmalloc(d->npt * sizeof(*v));
	for (size_t i = 0; i < d->npt; i++)
		v[i] = (struct byname){ d->pt[i].name, i };
	qsort(v, d->npt, sizeof(*v), cmp_byname);
	for (size_t i = 1; i < d->npt; i++) {
		struct tap_point *p = &d->pt[v[i].i];
		char *name;

		/* v[first] is never renamed, so its name is still there. */
		if (strcmp(v[i].name, v[first].name)) {
			first = i;
			continue;
		}
		problem(d, "duplicate name %s at tests %zu and %zu", v[first].name, v[first].i + 1,
			v[i].i + 1);
		name = xasprintf("%s (duplicate #%zu)", p->name, v[i].i + 1);
		free(p->name);
		p->name = name;
		p->dup_of = v[first].i + 1;
	}
	free(v);
}

/* What TAP requires of the points as a whole; see struct tap_doc. */
static void check_points(struct tap_doc *d)
{
	for (size_t i = 0; i < d->npt; i++) {
		struct tap_point *p = &d->pt[i];

		if (p->num >= 0 && (unsigned long)p->num != i + 1) {
			problem(d, "test %zu is numbered %ld", i + 1, p->num);
			break;	/* the rest are likely off by as much */
		}
	}
	for (size_t i = 0; i < d->npt; i++) {
		struct tap_point *p = &d->pt[i];

		if (*p->name)
			continue;
		problem(d, "test %zu has no name", i + 1);
		free(p->name);
		p->name = xasprintf("(unnamed #%zu)", i + 1);
		p->unnamed = true;
	}
	rename_duplicates(d);
	if (d->plan < 0)
		problem(d, "no plan");
	else if ((unsigned long)d->plan != d->npt)
		problem(d, "plan 1..%ld but %zu result%s", d->plan, d->npt, d->npt == 1 ? "" : "s");
	if (d->more_problems) {
		d->problem = xrealloc(d->problem, (d->nproblem + 1) * sizeof(*d->problem));
		d->problem[d->nproblem++] = xasprintf("%zu more problem%s", d->more_problems,
						      d->more_problems == 1 ? "" : "s");
	}
}

static bool is_plan(const char *s, size_t n)
{
	return has_prefix(s, n, "1..") && n > 3 && isdigit((unsigned char)s[3]);
}

static bool is_point(const char *s, size_t n)
{
	return (has_prefix(s, n, "ok") && (n == 2 || s[2] == ' ')) ||
	       (has_prefix(s, n, "not ok") && (n == 6 || s[6] == ' '));
}

void tap_parse(struct tap_doc *d, const char *text, size_t len)
{
	struct ystate y = { .n = 0 };
	const char *s = text, *end = text + len;
	bool in_yaml = false, yaml_may_open = false;

	memset(d, 0, sizeof(*d));
	d->plan = -1;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		const char *line = s;

		s += n + (nl != NULL);
		while (n && line[n - 1] == '\r')
			n--;
		/*
		 * A last line without newline was cut mid-write: "ok 9 - fdpass_so"
		 * would make up a case. Only a bail-out is worth keeping whole.
		 */
		if (!nl && !has_prefix(line, n, "Bail out!")) {
			d->cut = n > 0;
			break;
		}
		if (in_yaml) {
			if (n >= 5 && !memcmp(line, "  ...", 5) && strspn(line + 5, " ") == n - 5) {
				yaml_end(&y, &d->pt[d->npt - 1], false);
				in_yaml = false;
				continue;
			}
			if (n == 0)
				continue;
			if (has_prefix(line, n, "  ")) {
				y.text = grow(y.text, y.len + n, &y.cap, 1);
				memcpy(y.text + y.len, line + 2, n - 2);
				y.len += n - 2;
				y.text[y.len++] = '\n';
				y.text[y.len] = '\0';
				yaml_line(&y, &d->pt[d->npt - 1], line + 2, n - 2);
				continue;
			}
			/* Anything else ends a block that lost its "...". */
			yaml_end(&y, &d->pt[d->npt - 1], true);
			in_yaml = false;
		}
		if (yaml_may_open && n >= 5 && !memcmp(line, "  ---", 5) &&
		    strspn(line + 5, " ") == n - 5) {
			in_yaml = true;
			yaml_may_open = false;
			continue;
		}
		yaml_may_open = false;
		if (has_prefix(line, n, "TAP version ")) {
			long v = strtol(line + 12, NULL, 10);

			d->version = v < 0 || v > INT_MAX ? 0 : (int)v;
		} else if (is_plan(line, n)) {
			parse_plan(d, line, n);
		} else if (is_point(line, n)) {
			parse_point(d, line, n);
			yaml_may_open = true;
		} else if (has_prefix(line, n, "Bail out!")) {
			if (!d->bail_out)
				d->bail_out = trimmed(line + 9, n - 9);
		} else if (has_prefix(line, n, "# kernel:")) {
			if (!d->kernel)
				d->kernel = trimmed(line + 9, n - 9);
		}
	}
	if (in_yaml)
		yaml_end(&y, &d->pt[d->npt - 1], true);
	else
		yaml_end(&y, NULL, false);
	check_points(d);
}

void tap_doc_free(struct tap_doc *d)
{
	for (size_t i = 0; i < d->npt; i++) {
		struct tap_point *p = &d->pt[i];

		for (size_t j = 0; j < p->nkv; j++) {
			free(p->kv[j].key);
			free(p->kv[j].val);
		}
		free(p->kv);
		free(p->name);
		free(p->reason);
		free(p->yaml);
	}
	free(d->pt);
	for (size_t i = 0; i < d->nproblem; i++)
		free(d->problem[i]);
	free(d->problem);
	free(d->skip_all);
	free(d->bail_out);
	free(d->kernel);
	memset(d, 0, sizeof(*d));
	d->plan = -1;
}

const struct tap_kv *tap_get(const struct tap_point *p, const char *key)
{
	for (size_t i = 0; i < p->nkv; i++)
		if (!strcmp(p->kv[i].key, key))
			return &p->kv[i];
	return NULL;
}

const char *tap_str(const struct tap_point *p, const char *key)
{
	const struct tap_kv *kv = tap_get(p, key);

	return kv ? kv->val : NULL;
}
