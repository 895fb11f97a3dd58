/* Small helpers shared by the report modules: allocation, files, key=value. */
#ifndef REPORT_UTIL_H
#define REPORT_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Whole file, NUL-terminated; NULL with errno set when it cannot be read. */
char *read_file(const char *path, size_t *len);

struct kvfile {
	char **key;
	char **val;
	size_t n;
};

/* key=value lines; false when the file cannot be read. */
bool kvfile_read(struct kvfile *kv, const char *path);
/* The same from text (up to its first NUL). */
void kvfile_parse(struct kvfile *kv, const char *text);
/* The value, or NULL when the key is absent (last one wins). */
const char *kvfile_get(const struct kvfile *kv, const char *key);
void kvfile_free(struct kvfile *kv);

/* [A-Za-z0-9._+-]+, and not "." or "..": safe as a path component. */
bool valid_kernel_name(const char *s);

#endif
