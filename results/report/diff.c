/* `diff A B`: the cases two kernel runs saw differently. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"

static bool has_tap(const char *dir)
{
	char *p = xasprintf("%s/main.tap", dir);
	struct stat st;
	bool ok = !stat(p, &st) && S_ISREG(st.st_mode);

	free(p);
	return ok;
}

/* A kernel directory, or RUN_DIR:NAME; NULL (and a message) when neither. */
static char *resolve(const char *arg)
{
	const char *colon = strrchr(arg, ':');
	struct stat st;

	if (has_tap(arg))
		return xstrdup(arg);
	if (colon && valid_kernel_name(colon + 1)) {
		char *run = xstrndup(arg, (size_t)(colon - arg));
		char *dir = xasprintf("%s/%s", *run ? run : ".", colon + 1);

		if (has_tap(dir)) {
			free(run);
			return dir;
		}
		errno = 0;
		if (stat(run, &st))
			fprintf(stderr, "smack-ipc-report: %s: run directory %s: %s\n", arg, run,
				strerror(errno));
		else
			fprintf(stderr, "smack-ipc-report: %s: no main.tap in %s\n", arg, dir);
		free(run);
		free(dir);
		return NULL;
	}
	errno = 0;
	if (stat(arg, &st))
		fprintf(stderr, "smack-ipc-report: %s: %s\n", arg, strerror(errno));
	else
		fprintf(stderr, "smack-ipc-report: %s: no main.tap (want a kernel directory, "
			"or RUN_DIR:NAME)\n", arg);
	return NULL;
}

static void side(FILE *out, const struct cell *x, bool show_status)
{
	fputs(x->observed, out);
	if (show_status && x->status != CELL_SKIP)	/* "skip" says it already */
		fprintf(out, " [%s]", cell_status_name(x->status));
}

int cmd_diff(const char *a, const char *b, FILE *out)
{
	char *da = resolve(a), *db = da ? resolve(b) : NULL;
	size_t n = 0;
	struct run r;

	if (!da || !db) {
		free(da);
		return 2;
	}
	run_init(&r);
	run_add_kernel(&r, a, da);
	run_add_kernel(&r, b, db);
	free(da);
	free(db);
	if (!r.k[0].has_tap || !r.k[1].has_tap) {
		fprintf(stderr, "smack-ipc-report: cannot read main.tap of %s\n",
			r.k[0].has_tap ? b : a);
		run_free(&r);
		return 2;
	}
	run_build(&r);
	for (size_t i = 0; i < r.nc; i++) {
		const struct tcase *c = &r.c[i];
		const struct cell *x = &c->cell[0], *y = &c->cell[1];
		bool st = x->status != y->status;

		if (x->status == CELL_MISSING || y->status == CELL_MISSING)
			continue;
		if (!st && !strcmp(x->observed, y->observed))
			continue;
		n++;
		fprintf(out, "%s: ", c->name);
		side(out, x, st);
		fputs(" -> ", out);
		side(out, y, st);
		if (c->gate_commit)
			fprintf(out, " (gate %s%s%s)", c->gate_commit,
				c->gate_since ? " since " : "", c->gate_since ? c->gate_since : "");
		fputc('\n', out);
	}
	for (int only = 0; only < 2; only++) {
		for (size_t i = 0; i < r.nc; i++) {
			if (r.c[i].cell[!only].status != CELL_MISSING)
				continue;
			n++;
			fprintf(out, "only in %s: %s\n", only ? "B" : "A", r.c[i].name);
		}
	}
	fprintf(out, "%zu %s\n", n, n == 1 ? "case differs" : "cases differ");
	run_free(&r);
	return n ? 1 : 0;
}
