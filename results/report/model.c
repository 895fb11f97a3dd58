#include "model.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "escape.h"

void run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
}

static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static bool exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

static struct kernel *new_kernel(struct run *r, const char *name, const char *dir)
{
	struct kernel *k;

	r->k = xrealloc(r->k, (r->nk + 1) * sizeof(*r->k));
	k = memset(&r->k[r->nk++], 0, sizeof(*k));
	k->name = xstrdup(name);
	k->dir = xstrdup(dir);
	k->au.r_recorded = k->au.r_missing = k->au.r_unexpected = k->au.r_errors = -1;
	k->au.r_disagreements = -1;
	tap_doc_free(&k->tap);	/* no TAP yet: no points, no plan, no problems */
	return k;
}

struct kernel *run_add_kernel(struct run *r, const char *name, const char *dir)
{
	struct kernel *k = new_kernel(r, name, dir);
	char *path;
	size_t len;
	char *text;

	k->has_dir = is_dir(dir);
	path = xasprintf("%s/kernel.info", dir);
	k->has_info = kvfile_read(&k->info, path);
	free(path);
	path = xasprintf("%s/main.tap", dir);
	text = read_file(path, &len);
	if (text) {
		k->has_tap = true;
		tap_parse(&k->tap, text, len);
		free(text);
	} else if (errno != ENOENT) {
		term_msg("warning: %s: %s", path, strerror(errno));
	}
	free(path);
	return k;
}

struct kernel *run_add_kernel_text(struct run *r, const char *name, const char *info,
				   const char *tap, size_t taplen)
{
	struct kernel *k = new_kernel(r, name, name);

	k->has_dir = true;
	k->has_info = info != NULL;
	kvfile_parse(&k->info, info ? info : "");
	k->has_tap = tap != NULL;
	if (tap)
		tap_parse(&k->tap, tap, taplen);
	return k;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Without a kernels key: every subdirectory that looks like a kernel's. */
static size_t scan_kernels(const char *dir, char ***names)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	*names = NULL;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char *info, *tap;
		bool found;

		if (!valid_kernel_name(e->d_name))
			continue;
		info = xasprintf("%s/%s/kernel.info", dir, e->d_name);
		tap = xasprintf("%s/%s/main.tap", dir, e->d_name);
		found = exists(info) || exists(tap);
		free(info);
		free(tap);
		if (!found)
			continue;
		*names = xrealloc(*names, (n + 1) * sizeof(**names));
		(*names)[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 1)	/* *names is NULL when there are none */
		qsort(*names, n, sizeof(**names), cmp_str);
	return n;
}

static size_t split_kernels(const char *list, char ***names)
{
	char *copy = xstrdup(list), *tok, *save = NULL;
	size_t n = 0;

	*names = NULL;
	for (tok = strtok_r(copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		bool dup = false;

		if (!valid_kernel_name(tok)) {
			term_msg("warning: run.info: bad kernel name '%s' ignored", tok);
			continue;
		}
		for (size_t i = 0; i < n; i++)
			dup |= !strcmp((*names)[i], tok);
		if (dup)
			continue;
		*names = xrealloc(*names, (n + 1) * sizeof(**names));
		(*names)[n++] = xstrdup(tok);
	}
	free(copy);
	return n;
}

bool run_load(struct run *r, const char *dir, char *err, size_t errlen)
{
	char **names;
	size_t n, with_dir = 0;
	const char *list;
	char *path;
	DIR *d;

	r->dir = xstrdup(dir);
	d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return false;
	}
	closedir(d);
	path = xasprintf("%s/run.info", dir);
	if (!kvfile_read(&r->info, path))
		term_msg("warning: %s: %s", path, strerror(errno));
	free(path);

	list = kvfile_get(&r->info, "kernels");
	n = list && strspn(list, " \t") < strlen(list) ? split_kernels(list, &names)
						       : scan_kernels(dir, &names);
	for (size_t i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		with_dir += run_add_kernel(r, names[i], path)->has_dir;
		free(path);
		free(names[i]);
	}
	free(names);
	if (!with_dir) {
		snprintf(err, errlen, "%s: no kernel directories (%s)", dir,
			 list ? "none of run.info's kernels has one"
			      : "no subdirectory holds kernel.info or main.tap");
		return false;
	}
	run_build(r);
	return true;
}

static size_t hash_name(const char *s)
{
	uint64_t h = 1469598103934665603u;	/* 64-bit FNV-1a, also on 32-bit hosts */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)h;
}

/* The slot holding name, or the empty slot where it would go. */
static size_t *hash_slot(struct run *r, const char *name)
{
	size_t i = hash_name(name) & (r->hcap - 1);

	while (r->hash[i] && strcmp(r->c[r->hash[i] - 1].name, name))
		i = (i + 1) & (r->hcap - 1);
	return &r->hash[i];
}

static void hash_grow(struct run *r)
{
	size_t old = r->hcap, *oh = r->hash;

	r->hcap = old ? old * 2 : 1024;
	r->hash = memset(xmalloc(r->hcap * sizeof(*r->hash)), 0, r->hcap * sizeof(*r->hash));
	for (size_t i = 0; i < old; i++)
		if (oh[i])
			*hash_slot(r, r->c[oh[i] - 1].name) = oh[i];
	free(oh);
}

static struct tcase *add_case(struct run *r, const struct tap_point *p)
{
	const char *fam = tap_str(p, "family"), *desc = tap_str(p, "descriptors");
	struct tcase *c;

	if (r->nc == r->capc) {
		r->capc = r->capc ? r->capc * 2 : 256;
		r->c = xrealloc(r->c, r->capc * sizeof(*r->c));
	}
	c = memset(&r->c[r->nc++], 0, sizeof(*c));
	c->name = xstrdup(p->name);
	/* No family (the runner's own points): the name's first word. */
	if (fam && *fam)
		c->family = xstrdup(fam);
	else
		c->family = xstrndup(p->name, strcspn(p->name, "_"));
	c->group = xstrdup(desc && *desc ? desc : c->family);
	c->cell = xmalloc(r->nk * sizeof(*c->cell));
	for (size_t i = 0; i < r->nk; i++)
		cell_fill(&c->cell[i], NULL);
	return c;
}

static void collect_cases(struct run *r)
{
	for (size_t ki = 0; ki < r->nk; ki++) {
		const struct tap_doc *d = &r->k[ki].tap;

		for (size_t i = 0; i < d->npt; i++) {
			const struct tap_point *p = &d->pt[i];
			struct tcase *c;
			size_t *slot;

			if ((r->nc + 1) * 2 > r->hcap)
				hash_grow(r);
			slot = hash_slot(r, p->name);
			if (!*slot) {
				c = add_case(r, p);
				*slot = r->nc;
			} else {
				c = &r->c[*slot - 1];
			}
			/* The reader made names unique; this only keeps a cell from leaking. */
			if (c->cell[ki].status == CELL_MISSING)
				cell_fill(&c->cell[ki], p);
		}
	}
}

static bool same_key(const struct tcase *a, const struct tcase *b, bool grp)
{
	return !strcmp(a->family, b->family) && (!grp || !strcmp(a->group, b->group));
}

/*
 * Numbers families (grp false) or family and group pairs in order of first
 * appearance, with a hash from the key to its first case: linear in cases.
 */
static void rank_cases(struct run *r, bool grp)
{
	size_t cap = 16, n = 0, *slot;

	while (cap < r->nc * 2)
		cap *= 2;
	slot = memset(xmalloc(cap * sizeof(*slot)), 0, cap * sizeof(*slot));
	for (size_t i = 0; i < r->nc; i++) {
		struct tcase *c = &r->c[i];
		size_t h = hash_name(c->family);

		if (grp)
			h = h * 31 + hash_name(c->group);
		h &= cap - 1;
		while (slot[h] && !same_key(&r->c[slot[h] - 1], c, grp))
			h = (h + 1) & (cap - 1);
		if (!slot[h])
			slot[h] = i + 1;
		if (grp)
			c->grp_rank = slot[h] == i + 1 ? n++ : r->c[slot[h] - 1].grp_rank;
		else
			c->fam_rank = slot[h] == i + 1 ? n++ : r->c[slot[h] - 1].fam_rank;
	}
	free(slot);
}

struct rank {
	size_t fam, grp, i;
};

static int cmp_rank(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;

	if (x->fam != y->fam)
		return x->fam < y->fam ? -1 : 1;
	if (x->grp != y->grp)
		return x->grp < y->grp ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/* Families, then groups within them, in order of first appearance. */
static void order_cases(struct run *r)
{
	struct rank *v = xmalloc(r->nc * sizeof(*v));

	rank_cases(r, false);
	rank_cases(r, true);
	for (size_t i = 0; i < r->nc; i++)
		v[i] = (struct rank){ r->c[i].fam_rank, r->c[i].grp_rank, i };
	if (r->nc > 1)
		qsort(v, r->nc, sizeof(*v), cmp_rank);
	r->order = xmalloc(r->nc * sizeof(*r->order));
	for (size_t i = 0; i < r->nc; i++)
		r->order[i] = v[i].i;
	free(v);
}

/* Length of the "a.b" series prefix of a release ("5.4.286" -> 3), 0 when none. */
static size_t series_len(const char *v, size_t n)
{
	size_t i = 0;

	while (i < n && v[i] >= '0' && v[i] <= '9')
		i++;
	if (!i || i >= n || v[i] != '.')
		return 0;
	i++;
	if (i >= n || v[i] < '0' || v[i] > '9')
		return 0;
	while (i < n && v[i] >= '0' && v[i] <= '9')
		i++;
	return i;
}

/* The token of backports ("5.4.284 4.19.300") in release's a.b series, or false. */
static bool series_backport(const char *backports, const char *release, const char **tok,
			    size_t *len)
{
	size_t rn = series_len(release, strlen(release));

	if (!backports || !rn)
		return false;
	for (const char *p = backports; *p;) {
		size_t n;

		p += strspn(p, " \t,");
		n = strcspn(p, " \t,");
		if (n && series_len(p, n) == rn && !memcmp(p, release, rn)) {
			*tok = p;
			*len = n;
			return true;
		}
		p += n;
	}
	return false;
}

bool transition_explained(const struct transition *t)
{
	return t->gate && t->gate->commit;
}

/* The gate whose old_behaviour_applies differs between the two cells, and how. */
static void attribute(const struct run *r, struct transition *t, const struct cell *a,
		      const struct cell *b)
{
	const char *rel = kernel_release(&r->k[t->to]);

	for (size_t i = 0; i < b->ngate; i++) {
		const struct gate *g = &b->gate[i];

		for (size_t j = 0; j < a->ngate; j++) {
			const struct gate *h = &a->gate[j];

			if (!gate_same(g, h) || g->old_applies < 0 || h->old_applies < 0 ||
			    g->old_applies == h->old_applies)
				continue;
			t->gate = g;
			t->lost = g->old_applies == 1;
			if (!series_backport(g->backports, rel, &t->first_release,
					     &t->first_release_len)) {
				t->first_release = g->since;
				t->first_release_len = g->since ? strlen(g->since) : 0;
			}
			return;
		}
	}
}

static void find_transitions(struct run *r, struct tcase *c)
{
	size_t prev = r->nk;

	for (size_t ki = 0; ki < r->nk; ki++) {
		const struct cell *x = &c->cell[ki];
		struct transition *t;

		if (x->status == CELL_SKIP || x->status == CELL_MISSING)
			continue;
		if (prev < r->nk && strcmp(c->cell[prev].observed, x->observed)) {
			c->tr = xrealloc(c->tr, (c->ntr + 1) * sizeof(*c->tr));
			t = memset(&c->tr[c->ntr++], 0, sizeof(*t));
			t->from = prev;
			t->to = ki;
			attribute(r, t, &c->cell[prev], x);
			c->nunexplained += !transition_explained(t);
		}
		prev = ki;
	}
}

static int cmp_nstr(const char *a, size_t an, const char *b, size_t bn)
{
	int d;

	if (!a || !b)
		return (a != NULL) - (b != NULL);
	d = memcmp(a, b, an < bn ? an : bn);
	return d ? d : (an > bn) - (an < bn);
}

static int cmp_null_str(const char *a, const char *b)
{
	return cmp_nstr(a, a ? strlen(a) : 0, b, b ? strlen(b) : 0);
}

struct tref {
	const struct transition *t;
	size_t c;
};

/* Kernels, then explained before not, then gate, direction and release; then case. */
static int cmp_tref(const void *pa, const void *pb)
{
	const struct tref *x = pa, *y = pb;
	const struct transition *a = x->t, *b = y->t;
	int d;

	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->to != b->to)
		return a->to < b->to ? -1 : 1;
	if (transition_explained(a) != transition_explained(b))
		return transition_explained(a) ? -1 : 1;
	if (!a->gate || !b->gate) {
		d = (a->gate != NULL) - (b->gate != NULL);
		if (d)
			return -d;
	} else {
		if ((d = cmp_null_str(a->gate->commit, b->gate->commit)))
			return d;
		if (!a->gate->commit) {
			if ((d = cmp_null_str(a->gate->since, b->gate->since)))
				return d;
			if ((d = cmp_null_str(a->gate->subject, b->gate->subject)))
				return d;
		}
		if (a->lost != b->lost)
			return a->lost ? 1 : -1;
		if ((d = cmp_nstr(a->first_release, a->first_release_len, b->first_release,
				  b->first_release_len)))
			return d;
	}
	return (x->c > y->c) - (x->c < y->c);
}

static bool same_group(const struct tref *x, const struct tref *y)
{
	struct tref a = *x, b = *y;

	a.c = b.c = 0;
	return !cmp_tref(&a, &b);
}

/* Every case's transitions, grouped: sorted, so linear but for the sort. */
static void group_transitions(struct run *r)
{
	struct tref *v;
	size_t n = 0;

	if (!r->ntr)
		return;
	v = xmalloc(r->ntr * sizeof(*v));
	for (size_t i = 0; i < r->nc; i++)
		for (size_t j = 0; j < r->c[i].ntr; j++)
			v[n++] = (struct tref){ &r->c[i].tr[j], i };
	qsort(v, n, sizeof(*v), cmp_tref);
	for (size_t i = 0; i < n; i++) {
		struct tgroup *g;

		if (!i || !same_group(&v[i - 1], &v[i])) {
			r->grp = xrealloc(r->grp, (r->ngrp + 1) * sizeof(*r->grp));
			g = memset(&r->grp[r->ngrp++], 0, sizeof(*g));
			g->t = v[i].t;
			g->cases = xmalloc(sizeof(*g->cases));
		} else {
			g = &r->grp[r->ngrp - 1];
			if (!(g->n & (g->n - 1)))	/* a power of two: double */
				g->cases = xrealloc(g->cases, 2 * g->n * sizeof(*g->cases));
		}
		g->cases[g->n++] = v[i].c;
	}
	free(v);
}

size_t case_gates(const struct run *r, const struct tcase *c, const struct gate **out,
		  size_t max)
{
	size_t n = 0;

	for (size_t ki = 0; ki < r->nk; ki++) {
		const struct cell *x = &c->cell[ki];

		for (size_t i = 0; i < x->ngate && n < max; i++) {
			bool seen = false;

			for (size_t j = 0; j < n && !seen; j++)
				seen = gate_same(out[j], &x->gate[i]);
			if (!seen)
				out[n++] = &x->gate[i];
		}
	}
	return n;
}

void run_build(struct run *r)
{
	collect_cases(r);
	for (size_t i = 0; i < r->nc; i++) {
		struct tcase *c = &r->c[i];
		const char *first = NULL, *prev = NULL;

		for (size_t ki = 0; ki < r->nk; ki++) {
			const struct cell *x = &c->cell[ki];

			/* A skip or a missing point says nothing about behaviour. */
			if (x->status == CELL_SKIP || x->status == CELL_MISSING)
				continue;
			if (!first)
				first = x->observed;
			else if (strcmp(first, x->observed))
				c->changed = true;
			/* Columns run oldest to newest: the first step is where it changed. */
			if (prev && strcmp(prev, x->observed) && !c->changed_on)
				c->changed_on = ki;
			prev = x->observed;
		}
		if (c->changed) {
			find_transitions(r, c);
			r->nchanged++;
			r->ntr += c->ntr;
			r->nunexplained += c->nunexplained;
			r->nunexplained_cases += c->nunexplained > 0;
		}
		for (size_t ki = 0; ki < r->nk; ki++) {
			struct kernel *k = &r->k[ki];

			audit_totals_add(&k->au, &c->cell[ki].audit);
			if (c->cell[ki].pt && !strcmp(c->name, RUNNER_POINT))
				audit_totals_runner(&k->au, c->cell[ki].pt);
			switch (c->cell[ki].status) {
			case CELL_OK:
				k->n_ok++;
				break;
			case CELL_NOT_OK:
				k->n_not_ok++;
				k->n_broken += c->cell[ki].broken;
				break;
			case CELL_SKIP:
				k->n_skip++;
				break;
			case CELL_TODO:
				k->n_todo++;
				break;
			case CELL_MISSING:
				k->n_missing++;
				break;
			}
		}
	}
	/* A run cut short misses the cases its plan promised, even if no other kernel ran them. */
	for (size_t ki = 0; ki < r->nk; ki++) {
		struct kernel *k = &r->k[ki];

		if (k->tap.plan >= 0 && k->tap.npt < (size_t)k->tap.plan &&
		    k->n_missing < (size_t)k->tap.plan - k->tap.npt)
			k->n_missing = (size_t)k->tap.plan - k->tap.npt;
	}
	group_transitions(r);
	order_cases(r);
}

bool run_failed(const struct run *r)
{
	if (!r->nc)
		return true;	/* nothing ran, nothing passed */
	for (size_t i = 0; i < r->nk; i++) {
		const struct kernel *k = &r->k[i];

		if (strcmp(kernel_status(k), "ok") || k->n_not_ok || k->n_missing ||
		    k->tap.bail_out || k->tap.skip_all || !k->has_tap || k->tap.nproblem ||
		    (k->tap.plan >= 0 && k->tap.npt < (size_t)k->tap.plan))
			return true;
	}
	return false;
}

void run_warn_problems(const struct run *r)
{
	for (size_t i = 0; i < r->nk; i++)
		for (size_t j = 0; j < r->k[i].tap.nproblem; j++)
			term_msg("%s/main.tap: %s", r->k[i].dir, r->k[i].tap.problem[j]);
}

void run_free(struct run *r)
{
	for (size_t i = 0; i < r->nc; i++) {
		for (size_t ki = 0; ki < r->nk; ki++)
			cell_free(&r->c[i].cell[ki]);
		free(r->c[i].cell);
		free(r->c[i].name);
		free(r->c[i].family);
		free(r->c[i].group);
		free(r->c[i].tr);
	}
	for (size_t i = 0; i < r->ngrp; i++)
		free(r->grp[i].cases);
	free(r->grp);
	for (size_t i = 0; i < r->nk; i++) {
		free(r->k[i].name);
		free(r->k[i].dir);
		kvfile_free(&r->k[i].info);
		tap_doc_free(&r->k[i].tap);
	}
	kvfile_free(&r->info);
	free(r->c);
	free(r->k);
	free(r->order);
	free(r->hash);
	free(r->dir);
	run_init(r);
}

const char *run_field(const struct run *r, const char *key)
{
	const char *v = kvfile_get(&r->info, key);

	return v ? v : "";
}

const char *kernel_field(const struct kernel *k, const char *key)
{
	const char *v = kvfile_get(&k->info, key);

	return v ? v : "";
}

const char *kernel_status(const struct kernel *k)
{
	const char *s = kernel_field(k, "status");

	return *s ? s : "unknown";
}

const char *kernel_detail(const struct kernel *k)
{
	if (!k->has_dir)
		return "no kernel directory";
	if (!k->has_info)
		return "no kernel.info";
	return kernel_field(k, "detail");
}

const char *kernel_release(const struct kernel *k)
{
	const char *s = kernel_field(k, "release");

	return *s || !k->tap.kernel ? s : k->tap.kernel;
}

/* "owner/name@commit" as "owner/name at commit"; anything else as it is. */
static void identity(char *buf, size_t len, const char *origin, size_t n)
{
	const char *at = memchr(origin, '@', n);

	if (at)
		snprintf(buf, len, "%.*s at %.*s", (int)(at - origin), origin,
			 (int)(n - (size_t)(at - origin) - 1), at + 1);
	else
		snprintf(buf, len, "%.*s", (int)n, origin);
}

/* The origin= option, else the "(...)" the runner appended to the source; NULL when none. */
static const char *source_origin(const struct kernel *k, const char *src, size_t *n)
{
	const char *opt = kernel_field(k, "options"), *p;
	size_t sl = strlen(src);

	for (p = opt; (p = strstr(p, "origin=")); p++) {
		if (p == opt || p[-1] == ',') {
			p += 7;
			*n = strcspn(p, ",");
			return *n ? p : NULL;
		}
	}
	p = strstr(src, " (");
	if (p && sl && src[sl - 1] == ')' && p + 2 < src + sl - 1) {
		*n = (size_t)(src + sl - 1 - (p + 2));
		return p + 2;
	}
	return NULL;
}

const char *kernel_source(const struct kernel *k, char *buf, size_t len)
{
	static const char *const local[] = { "tree:", "prebuilt:", "tarball:" };
	const char *src = kernel_field(k, "source"), *rel = kernel_release(k), *origin;
	char id[512];
	size_t i, n = 0;

	for (i = 0; i < sizeof(local) / sizeof(local[0]); i++)
		if (!strncmp(src, local[i], strlen(local[i])))
			break;
	/* As the user gave it: Debian packages, kernel.org, and a tarball's URL. */
	if (i == sizeof(local) / sizeof(local[0]) || strstr(src, "://"))
		return src;
	/* A local tree (tarball, image) by its release and identity: its path is this machine's. */
	origin = source_origin(k, src, &n);
	if (origin)
		identity(id, sizeof(id), origin, n);
	snprintf(buf, len, "%.*s %s%s%s", (int)strlen(local[i]) - 1, local[i], *rel ? rel : "?",
		 origin ? ": " : " (local)", origin ? id : "");
	return buf;
}
