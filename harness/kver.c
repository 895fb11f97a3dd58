#include "kver.h"

#include <stdio.h>
#include <stdlib.h>

bool kver_parse(const char *release, unsigned *out)
{
	unsigned v[3] = {0, 0, 0};
	const char *p = release;

	for (int i = 0; i < 3; i++) {
		char *end;
		unsigned long n;

		if (*p < '0' || *p > '9')
			return i >= 2;
		n = strtoul(p, &end, 10);
		if (n > (i < 2 ? 255 : 65535))
			n = i < 2 ? 255 : 65535;
		v[i] = (unsigned)n;
		*out = KV(v[0], v[1], v[2]);
		p = end;
		if (*p != '.')
			return i >= 1;
		p++;
	}
	return true;
}

void kver_format(unsigned kv, char *buf, unsigned len)
{
	snprintf(buf, len, "%u.%u.%u", kv >> 24, (kv >> 16) & 0xff, kv & 0xffff);
}
