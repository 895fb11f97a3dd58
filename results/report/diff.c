/* `diff A B`: the cases two kernel runs saw differently. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "escape.h"

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
			term_msg("%s: run directory %s: %s", arg, run, strerror(errno));
		else
			term_msg("%s: no main.tap in %s", arg, dir);
		free(run);
		free(dir);
		return NULL;
	}
	errno = 0;
	if (stat(arg, &st))
		term_msg("%s: %s", arg, strerror(errno));
	else
		term_msg("%s: no main.tap (want a kernel directory, or RUN_DIR:NAME)", arg);
	return NULL;
}

static void side(FILE *out, const struct cell *x, bool show_status)
{
	term_str(out, x->observed);
	if (show_status && x->status != CELL_SKIP)	/* "skip" says it already */
		fprintf(out, " [%s]", cell_status_name(x->status));
}

/* Every gate of the case: " (gate C since V, old behaviour on A; gate2 ...)". */
static void gates(FILE *out, const struct run *r, const struct tcase *c)
{
	const struct gate *g[4 * GATE_MAX];
	size_t n = case_gates(r, c, g, sizeof(g) / sizeof(g[0]));

	for (size_t i = 0; i < n; i++) {
		int a = -1, b = -1;

		fputs(i ? "; " : " (", out);
		term_str(out, g[i]->key);
		fputc(' ', out);
		term_str(out, g[i]->commit ? g[i]->commit : "(commit unknown)");
		if (g[i]->since) {
			fputs(" since ", out);
			term_str(out, g[i]->since);
		}
		if (g[i]->backports) {
			fputs(" backports ", out);
			term_str(out, g[i]->backports);
		}
		/* Whether each side predates it: the gate that flips explains the change. */
		for (size_t j = 0; j < c->cell[0].ngate; j++)
			if (gate_same(&c->cell[0].gate[j], g[i]))
				a = c->cell[0].gate[j].old_applies;
		for (size_t j = 0; j < c->cell[1].ngate; j++)
			if (gate_same(&c->cell[1].gate[j], g[i]))
				b = c->cell[1].gate[j].old_applies;
		if (a >= 0 && b >= 0 && a != b)
			fprintf(out, ", old behaviour on %s only", a ? "A" : "B");
	}
	if (n)
		fputc(')', out);
}

size_t diff_run(const struct run *r, FILE *out)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nc; i++) {
		const struct tcase *c = &r->c[i];
		const struct cell *x = &c->cell[0], *y = &c->cell[1];
		bool st = x->status != y->status;

		if (x->status == CELL_MISSING || y->status == CELL_MISSING)
			continue;
		if (!st && !strcmp(x->observed, y->observed))
			continue;
		n++;
		term_str(out, c->name);
		fputs(": ", out);
		side(out, x, st);
		fputs(" -> ", out);
		side(out, y, st);
		gates(out, r, c);
		fputc('\n', out);
	}
	for (int only = 0; only < 2; only++) {
		for (size_t i = 0; i < r->nc; i++) {
			if (r->c[i].cell[!only].status != CELL_MISSING)
				continue;
			n++;
			fprintf(out, "only in %s: ", only ? "B" : "A");
			term_str(out, r->c[i].name);
			fputc('\n', out);
		}
	}
	fprintf(out, "%zu %s\n", n, n == 1 ? "case differs" : "cases differ");
	return n;
}

int cmd_diff(const char *a, const char *b, FILE *out)
{
	char *da = resolve(a), *db = da ? resolve(b) : NULL;
	size_t n;
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
		term_msg("cannot read main.tap of %s", r.k[0].has_tap ? b : a);
		run_free(&r);
		return 2;
	}
	run_build(&r);
	/* The comparison still shows every point; the TAPs' faults go to stderr. */
	run_warn_problems(&r);
	n = diff_run(&r, out);
	run_free(&r);
	errno = 0;
	if (fflush(out) || ferror(out)) {
		term_msg("write error: %s", strerror(errno ? errno : EIO));
		return 2;
	}
	return n ? 1 : 0;
}
