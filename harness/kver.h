/* Kernel release parsing and version gates. */
#ifndef SUITE_KVER_H
#define SUITE_KVER_H

#include <stdbool.h>

/*
 * Packed version, comparable with < and >=: KV(4, 5, 0) is 4.5.0. The
 * sublevel gets 16 bits: stable series pass 255 (5.4.286, 4.9.337), and a
 * backport at 5.4.284 must still sort before 5.4.286.
 */
#define KV(a, b, c) (((unsigned)(a) << 24) | ((unsigned)(b) << 16) | (unsigned)(c))
#define KV_SERIES(v) ((v) >> 16)

/* Parse "6.1.0-28-amd64" or "4.4.121" into *out; false if no leading a.b. */
bool kver_parse(const char *release, unsigned *out);

/* Format a packed version as "a.b.c" (or "a.b" when c is 0 and short). */
void kver_format(unsigned kv, char *buf, unsigned len);

#endif
