/* Helpers shared by the emitters. */
#include "emit.h"

#include <string.h>

const char *short_case_name(const char *name)
{
	return strncmp(name, "fdpass_", 7) || !name[7] ? name : name + 7;
}

int commit_abbrev_len(const char *commit)
{
	size_t n = strlen(commit);

	return n > 12 && strspn(commit, "0123456789abcdef") == n ? 12 : (int)n;
}

void run_totals(const struct run *r, size_t *bad_kernels, size_t *not_ok, size_t *broken,
		size_t *missing)
{
	*bad_kernels = *not_ok = *broken = *missing = 0;
	for (size_t i = 0; i < r->nk; i++) {
		*bad_kernels += strcmp(kernel_status(&r->k[i]), "ok") != 0;
		*not_ok += r->k[i].n_not_ok;
		*broken += r->k[i].n_broken;
		*missing += r->k[i].n_missing;
	}
}

bool any_todo(const struct run *r)
{
	for (size_t i = 0; i < r->nk; i++)
		if (r->k[i].n_todo)
			return true;
	return false;
}

bool is_json_number(const char *s)
{
	const char *p = s;

	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		p += strspn(p, "0123456789");
	else
		return false;
	if (*p == '.') {
		p++;
		if (!strspn(p, "0123456789"))
			return false;
		p += strspn(p, "0123456789");
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!strspn(p, "0123456789"))
			return false;
		p += strspn(p, "0123456789");
	}
	return !*p;
}
