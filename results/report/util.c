#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A report generator has nothing sensible to do without memory. */
static void oom(void)
{
	fputs("smack-ipc-report: out of memory\n", stderr);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xvasprintf(const char *fmt, va_list ap)
{
	va_list again;
	char *p;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0)
		oom();
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, again);
	va_end(again);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 65536, n = 0;
	char *buf;

	if (!f)
		return NULL;
	buf = xmalloc(cap);
	for (;;) {
		size_t got;

		if (cap - n < 2)
			buf = xrealloc(buf, cap *= 2);
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno ? errno : EIO;

		fclose(f);
		free(buf);
		errno = e;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

bool kvfile_read(struct kvfile *kv, const char *path)
{
	char *text = read_file(path, NULL);
	int e = errno;	/* for the caller's message */
	bool ok = text != NULL;

	kvfile_parse(kv, ok ? text : "");
	free(text);
	errno = e;
	return ok;
}

void kvfile_parse(struct kvfile *kv, const char *source)
{
	char *text = xstrdup(source);
	char *line, *save = NULL;

	kv->key = NULL;
	kv->val = NULL;
	kv->n = 0;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '='), *end;

		if (!eq || line[0] == '#')
			continue;
		end = eq + strlen(eq);
		while (end > eq + 1 && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
			end--;
		kv->key = xrealloc(kv->key, (kv->n + 1) * sizeof(*kv->key));
		kv->val = xrealloc(kv->val, (kv->n + 1) * sizeof(*kv->val));
		kv->key[kv->n] = xstrndup(line, (size_t)(eq - line));
		kv->val[kv->n] = xstrndup(eq + 1, (size_t)(end - eq - 1));
		kv->n++;
	}
	free(text);
}

const char *kvfile_get(const struct kvfile *kv, const char *key)
{
	for (size_t i = kv->n; i-- > 0;)
		if (!strcmp(kv->key[i], key))
			return kv->val[i];
	return NULL;
}

void kvfile_free(struct kvfile *kv)
{
	for (size_t i = 0; i < kv->n; i++) {
		free(kv->key[i]);
		free(kv->val[i]);
	}
	free(kv->key);
	free(kv->val);
	kv->key = kv->val = NULL;
	kv->n = 0;
}

bool valid_kernel_name(const char *s)
{
	if (!*s || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (; *s; s++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-", *s))
			return false;
	return true;
}
