/*
 * Every family, in the order they run. A family added later goes last, so
 * every earlier case keeps its number (labels, dry runs and committed
 * results stay comparable).
 */
#include "suite.h"

extern const struct family fdpass_family;
extern const struct family sockaccess_family;
extern const struct family ipc_family;
extern const struct family peer_family;
extern const struct family pidfd_family;
extern const struct family keys_family;
extern const struct family exec_family;
extern const struct family onlycap_family;
extern const struct family inet_family;
extern const struct family fdpass_options_family; /* SO_RIGHTS_NOTRUNC, SO_PASSRIGHTS */
extern const struct family selfrules_family;      /* load-self2: per-task rules */
extern const struct family mmap_family;           /* SMACK64MMAP */
extern const struct family unconfined_family;     /* smackfs unconfined (bring-up) */
extern const struct family ptrace_family;         /* smackfs ptrace modes (global) */
extern const struct family netlabel_family;       /* smackfs netlabel host entries (global) */
extern const struct family selftest_family;       /* test-only, opt-in */
bool selftest_wanted(size_t i, bool hang, bool crash);

static const struct family *const families[] = {
	&fdpass_family, &sockaccess_family, &ipc_family,  &peer_family,
	&pidfd_family,  &keys_family,       &exec_family, &onlycap_family,
	&inet_family,   &fdpass_options_family, &selfrules_family, &mmap_family,
	&unconfined_family, &ptrace_family, &netlabel_family,
};

size_t suite_families(const struct family **out, size_t max, bool hang, bool crash)
{
	size_t n = 0;

	/* Selftests first: the real cases after them show the run goes on. */
	if ((hang || crash) && n < max)
		out[n++] = &selftest_family;
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]) && n < max; i++)
		out[n++] = families[i];
	if (n < max)
		out[n] = NULL;
	return n;
}

bool suite_case_wanted(const struct family *f, size_t i, bool hang, bool crash)
{
	return f != &selftest_family || selftest_wanted(i, hang, crash);
}
