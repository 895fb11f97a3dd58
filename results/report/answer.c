#include "answer.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *acol_name(enum acol c)
{
	static const char *const names[AC_N] = { "none", "R S w", "S R w", "R S w + S R w",
						 "R S r", "R S rw", "CAP_MAC_OVERRIDE",
						 "other rules" };

	return names[c];
}

const char *acol_heading(enum acol c)
{
	return c == AC_CAP ? "CAP_MAC_OVERRIDE kept" : acol_name(c);
}

const char *outcome_name(enum outcome o)
{
	static const char *const names[] = { "none", "delivered", "dropped", "refused", "partial",
					     "value", "mixed", "skip", "missing", "error" };

	return names[o];
}

/* A key of several strings, each with its NUL: no separator byte can fake another key. */
struct akey {
	char *b;
	size_t n;
};

static struct akey akey_make(const char *a, const char *b, const char *c)
{
	size_t na = strlen(a) + 1, nb = strlen(b) + 1, nc = c ? strlen(c) + 1 : 0;
	struct akey k = { xmalloc(na + nb + nc), na + nb + nc };

	memcpy(k.b, a, na);
	memcpy(k.b + na, b, nb);
	if (c)
		memcpy(k.b + na + nb, c, nc);
	return k;
}

/* Open addressing from a key to an index + 1; linear in cases, whatever the input. */
struct amap {
	struct akey *key;
	size_t *val;
	size_t cap, n;
};

static size_t akey_hash(struct akey k)
{
	uint64_t h = 1469598103934665603u;

	for (size_t i = 0; i < k.n; i++)
		h = (h ^ (unsigned char)k.b[i]) * 1099511628211u;
	return (size_t)h;
}

static size_t amap_slot(const struct amap *m, struct akey k)
{
	size_t i = akey_hash(k) & (m->cap - 1);

	while (m->val[i] && (m->key[i].n != k.n || memcmp(m->key[i].b, k.b, k.n)))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void amap_grow(struct amap *m)
{
	struct amap old = *m;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->key = xmalloc(m->cap * sizeof(*m->key));
	m->val = memset(xmalloc(m->cap * sizeof(*m->val)), 0, m->cap * sizeof(*m->val));
	for (size_t i = 0; i < old.cap; i++) {
		size_t j;

		if (!old.val[i])
			continue;
		j = amap_slot(m, old.key[i]);
		m->key[j] = old.key[i];
		m->val[j] = old.val[i];
	}
	free(old.key);
	free(old.val);
}

/* The value (index + 1) of k, 0 when absent; k is freed. */
static size_t amap_get(const struct amap *m, struct akey k)
{
	size_t v = m->cap ? m->val[amap_slot(m, k)] : 0;

	free(k.b);
	return v;
}

/* Takes k. */
static void amap_put(struct amap *m, struct akey k, size_t v)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		amap_grow(m);
	i = amap_slot(m, k);
	m->key[i] = k;
	m->val[i] = v;
	m->n++;
}

static void amap_free(struct amap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->val[i])
			free(m->key[i].b);
	free(m->key);
	free(m->val);
}

struct abuild {
	struct answer *a;
	const struct run *r;
	struct amap grids;
	struct amap *rows;	/* kept in the answer: find_row() */
};

/* "sipc.R sipc.S w" -> "R S w", by the point's own labels. */
static char *rule_by_role(const char *rule, const char *s, const char *r)
{
	char sub[2][256], acc[16];

	if (!s || !r || sscanf(rule, "%255s %255s %15s", sub[0], sub[1], acc) != 3)
		return NULL;
	for (int i = 0; i < 2; i++) {
		if (!strcmp(sub[i], s))
			strcpy(sub[i], "S");
		else if (!strcmp(sub[i], r))
			strcpy(sub[i], "R");
		else
			return NULL;
	}
	return xasprintf("%s %s %s", sub[0], sub[1], acc);
}

/* The column of a point's `rules` list and CAP_MAC_OVERRIDE; -1: none of the grid's. */
static int rule_col(const struct tap_point *p)
{
	const char *s = tap_str(p, "sender_label"), *rl = tap_str(p, "receiver_label");
	bool cap = tap_bool(p, "receiver_keeps_cap_mac_override") == 1;
	bool rsw = false, srw = false, rsr = false, rsrw = false, other = false;
	size_t n = 0;
	char key[32];
	const char *v;

	for (size_t i = 0; snprintf(key, sizeof(key), "rules[%zu]", i),
			   (v = tap_str(p, key)) != NULL; i++) {
		char *rule;

		if (!strcmp(v, "none"))
			continue;
		rule = rule_by_role(v, s, rl);
		n++;
		if (!rule) {
			other = true;	/* a third label: not one of the grid's rule sets */
			continue;
		}
		rsw |= !strcmp(rule, "R S w");
		srw |= !strcmp(rule, "S R w");
		rsr |= !strcmp(rule, "R S r");
		rsrw |= !strcmp(rule, "R S rw");
		other |= strcmp(rule, "R S w") && strcmp(rule, "S R w") && strcmp(rule, "R S r") &&
			 strcmp(rule, "R S rw");
		free(rule);
	}
	if (other)
		return cap ? -1 : AC_OTHER;
	if (cap)
		return n ? -1 : AC_CAP;
	if (!n)
		return AC_NONE;
	if (n == 2 && rsw && srw)
		return AC_BOTH;
	if (n != 1)
		return AC_OTHER;
	return rsw ? AC_RSW : srw ? AC_SRW : rsr ? AC_RSR : rsrw ? AC_RSRW : AC_OTHER;
}

/* An fdpass point's variant: "" for no SO_PASSSEC, an ample buffer and no option. */
static char *fdpass_variant(const struct tap_point *p)
{
	const char *opt = tap_str(p, "receiver_sets");
	long buf;
	char *v = xstrdup(""), *t;

#define ADD(s)                                                        \
	do {                                                          \
		t = xasprintf("%s%s%s", v, *v ? " + " : "", s);       \
		free(v);                                              \
		v = t;                                                \
	} while (0)
	if (opt && *opt)
		ADD(opt);
	if (tap_bool(p, "so_passsec") == 1)
		ADD("SO_PASSSEC");
	if (tap_long(p, "control_buffer", &buf) && buf != 4096)
		ADD("fd-sized buffer");
	if (tap_get(p, "receiving_end_smack64ipin"))
		ADD("SMACK64IPIN on the receiving end");
#undef ADD
	return v;
}

/* The row a case belongs on, with its variant; false for cases the page leaves out. */
static bool case_axes(const struct tcase *c, const struct tap_point *p, const char **row,
		      char **variant)
{
	const char *d = tap_str(p, "descriptors"), *sc = tap_str(p, "scenario");

	if (!strcmp(c->family, "fdpass")) {
		/* Several descriptors, or a story (Legato): in the per-case tables only. */
		if (!d || !*d || strchr(d, ',') || tap_get(p, "story"))
			return false;
		*row = d;
		*variant = fdpass_variant(p);
		return true;
	}
	if (!sc || !*sc)
		return false;
	*row = sc;
	*variant = xstrdup("");
	return true;
}

static size_t get_grid(struct abuild *b, const char *family, const char *variant)
{
	struct answer *a = b->a;
	size_t v = amap_get(&b->grids, akey_make(family, variant, NULL)), base;
	struct agrid *g;

	if (v)
		return v - 1;
	/* The base first: each variant is read against it. */
	base = *variant ? get_grid(b, family, "") : a->ng;
	a->g = xrealloc(a->g, (a->ng + 1) * sizeof(*a->g));
	g = memset(&a->g[a->ng], 0, sizeof(*g));
	g->family = xstrdup(family);
	g->variant = xstrdup(variant);
	g->base = base;
	amap_put(&b->grids, akey_make(family, variant, NULL), ++a->ng);
	return a->ng - 1;
}

static struct arow *get_row(struct abuild *b, size_t gi, const char *name)
{
	struct agrid *g = &b->a->g[gi];
	size_t v = amap_get(b->rows, akey_make(g->family, g->variant, name));
	struct arow *row;

	if (v)
		return &g->row[v - 1];
	g->row = xrealloc(g->row, (g->nrow + 1) * sizeof(*g->row));
	row = memset(&g->row[g->nrow], 0, sizeof(*row));
	row->name = xstrdup(name);
	for (size_t i = 0; i < AC_N; i++) {
		row->col[i].k = memset(xmalloc(b->r->nk * sizeof(struct amark)), 0,
				       b->r->nk * sizeof(struct amark));
		row->col[i].au = memset(xmalloc(b->r->nk * sizeof(struct aaudit)), 0,
					b->r->nk * sizeof(struct aaudit));
		for (size_t ki = 0; ki < b->r->nk; ki++)
			row->col[i].au[ki].rep = SIZE_MAX;
	}
	amap_put(b->rows, akey_make(g->family, g->variant, name), ++g->nrow);
	return row;
}

/* What one case's receiver got on one kernel. */
static struct amark case_mark(const struct tcase *c, const struct cell *x)
{
	const struct tap_point *p = x->pt;
	struct amark m = { OC_NONE, NULL, x->status == CELL_NOT_OK };
	size_t n;
	const char *s;

	if (x->status == CELL_MISSING)
		return (struct amark){ OC_MISSING, "missing", 0 };
	if (x->status == CELL_SKIP)
		return (struct amark){ OC_SKIP, "skip", 0 };
	n = count_items(tap_str(p, "descriptors"));
	if (x->error) {
		m.oc = OC_ERROR;
		m.word = x->error;
	} else if ((s = tap_str(p, "observed.sendmsg")) && strcmp(s, "0")) {
		m.oc = OC_REFUSED;	/* SO_PASSRIGHTS off: the sender's sendmsg fails */
		m.word = s;
	} else if (x->has_delivered) {
		long refused = 0;

		tap_long(p, "observed.refused", &refused);
		if (n && x->delivered >= (long)n) {
			m.oc = OC_DELIVERED;
			m.word = "delivered";
		} else if (x->delivered > 0) {
			m.oc = OC_PARTIAL;
			m.word = x->observed;
		} else if (refused > 0) {
			m.oc = OC_REFUSED;	/* SO_RIGHTS_NOTRUNC: the slot holds the errno */
			s = tap_str(p, "observed.refused_slots.slot_0");
			m.word = s ? s : "refused";
		} else {
			m.oc = OC_DROPPED;
			m.word = "dropped";
		}
	} else if ((s = tap_str(p, "observed.value"))) {
		m.oc = OC_VALUE;
		m.word = s;
	} else if ((s = tap_str(p, "observed.result"))) {
		m.oc = strcmp(s, "0") ? OC_REFUSED : OC_DELIVERED;
		m.word = strcmp(s, "0") ? s : "allowed";
	} else {
		m.oc = OC_ERROR;
		m.word = x->observed;
	}
	(void)c;
	return m;
}

static bool word_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool amark_eq(const struct amark *a, const struct amark *b)
{
	return a->oc == b->oc && word_eq(a->word, b->word);
}

/* Folds one case's mark into the cell's: a skip or a gap yields to a result. */
static void fold_mark(struct amark *into, struct amark m)
{
	size_t not_ok = into->not_ok + m.not_ok;

	if (into->oc == OC_NONE || (into->oc == OC_SKIP || into->oc == OC_MISSING))
		*into = m;
	else if (m.oc != OC_SKIP && m.oc != OC_MISSING && !amark_eq(into, &m))
		*into = (struct amark){ OC_MIXED, "mixed", 0 };
	into->not_ok = not_ok;
}

static void fold_audit(const struct run *r, struct aaudit *au, size_t ci, size_t ki)
{
	const struct case_audit *a = &r->c[ci].cell[ki].audit;

	if (!a->has)
		return;
	au->audited++;
	au->missing += a->cls == AUD_MISSING;
	au->unexpected += a->cls == AUD_UNEXPECTED;
	au->errors += a->cls == AUD_ERROR;
	/* The first case with records stands for the cell; one with a denied record before it. */
	if (a->nrec && (au->rep == SIZE_MAX ||
			(a->ndenied && !r->c[au->rep].cell[ki].audit.ndenied)))
		au->rep = ci;
}

static void add_case(struct abuild *b, size_t ci)
{
	const struct tcase *c = &b->r->c[ci];
	const struct tap_point *p = NULL;
	const char *rowname;
	char *variant;
	struct acell *cell;
	int col;

	/* The axes from the first kernel that has the point: they are the case's. */
	for (size_t ki = 0; ki < b->r->nk && !p; ki++)
		p = c->cell[ki].pt;
	if (!p || !case_axes(c, p, &rowname, &variant))
		return;
	col = rule_col(p);
	if (col >= 0) {
		cell = &get_row(b, get_grid(b, c->family, variant), rowname)->col[col];
		cell->cases = xrealloc(cell->cases, (cell->n + 1) * sizeof(*cell->cases));
		cell->cases[cell->n++] = ci;
		for (size_t ki = 0; ki < b->r->nk; ki++) {
			fold_mark(&cell->k[ki], case_mark(c, &c->cell[ki]));
			fold_audit(b->r, &cell->au[ki], ci, ki);
		}
	}
	free(variant);
}

static bool counts(enum outcome o)
{
	return o != OC_NONE && o != OC_SKIP && o != OC_MISSING;
}

/* The distinct gates that explain a change from kernel `from` to `to` in any of the cell's cases. */
static void explain(const struct run *r, const struct acell *cell, struct achange *ch)
{
	size_t n = 0;

	for (size_t i = 0; i < cell->n && n < 2; i++) {
		const struct tcase *c = &r->c[cell->cases[i]];

		for (size_t j = 0; j < c->ntr && n < 2; j++) {
			const struct transition *t = &c->tr[j];

			if (t->from != ch->from || t->to != ch->to || !t->gate ||
			    (n && gate_same(ch->gate[0], t->gate)))
				continue;
			ch->gate[n++] = t->gate;
		}
	}
}

/*
 * Fallback when no case's transition matches (the case summary leaves out
 * what changed, e.g. the sender's errno): a gate that flips between the two
 * kernels on one of the cell's cases, as model.c attributes transitions.
 */
static void explain_by_gates(const struct run *r, const struct acell *cell, struct achange *ch)
{
	for (size_t i = 0; i < cell->n && !ch->gate[0]; i++) {
		const struct cell *a = &r->c[cell->cases[i]].cell[ch->from];
		const struct cell *b = &r->c[cell->cases[i]].cell[ch->to];

		for (size_t x = 0; x < b->ngate && !ch->gate[0]; x++)
			for (size_t y = 0; y < a->ngate; y++)
				if (gate_same(&b->gate[x], &a->gate[y]) && b->gate[x].old_applies >= 0 &&
				    a->gate[y].old_applies >= 0 &&
				    b->gate[x].old_applies != a->gate[y].old_applies) {
					ch->gate[0] = &b->gate[x];
					break;
				}
	}
}

static void find_changes(const struct run *r, struct acell *cell)
{
	size_t prev = r->nk;

	for (size_t ki = 0; ki < r->nk; ki++) {
		struct achange *ch;

		if (!counts(cell->k[ki].oc))
			continue;
		if (prev < r->nk && !amark_eq(&cell->k[prev], &cell->k[ki])) {
			cell->ch = xrealloc(cell->ch, (cell->nch + 1) * sizeof(*cell->ch));
			ch = memset(&cell->ch[cell->nch++], 0, sizeof(*ch));
			ch->from = prev;
			ch->to = ki;
			explain(r, cell, ch);
			explain_by_gates(r, cell, ch);
		}
		prev = ki;
	}
}

/* A variant cell differs when a kernel's mark is not the base cell's. */
static bool cell_differs(const struct run *r, const struct acell *v, const struct acell *base)
{
	if (!base || !base->n)
		return true;
	for (size_t ki = 0; ki < r->nk; ki++)
		if (counts(v->k[ki].oc) && counts(base->k[ki].oc) &&
		    !amark_eq(&v->k[ki], &base->k[ki]))
			return true;
	return false;
}

static const struct arow *find_row(const struct answer *a, const struct agrid *g,
				   const char *name)
{
	size_t v = amap_get(a->rows, akey_make(g->family, g->variant, name));

	return v ? &g->row[v - 1] : NULL;
}

static void finish_grid(struct answer *a, const struct run *r, size_t gi)
{
	struct agrid *g = &a->g[gi];
	const struct agrid *base = &a->g[g->base];

	for (size_t i = 0; i < g->nrow; i++) {
		const struct arow *brow = NULL;

		if (g->base != gi)
			brow = find_row(a, base, g->row[i].name);
		for (size_t c = 0; c < AC_N; c++) {
			struct acell *cell = &g->row[i].col[c];

			if (!cell->n)
				continue;
			g->ncells++;
			find_changes(r, cell);
			for (size_t ki = 0; ki < r->nk; ki++)
				a->not_ok_cells += cell->k[ki].not_ok > 0;
			if (g->base != gi) {
				cell->differs = cell_differs(r, cell, brow ? &brow->col[c] : NULL);
				g->ndiffer += cell->differs;
			}
		}
	}
}

void answer_build(struct answer *a, const struct run *r)
{
	struct abuild b = { a, r, { 0 }, NULL };

	memset(a, 0, sizeof(*a));
	a->rows = b.rows = memset(xmalloc(sizeof(*b.rows)), 0, sizeof(*b.rows));
	for (size_t i = 0; i < r->nc; i++)
		add_case(&b, r->order[i]);
	for (size_t gi = 0; gi < a->ng; gi++)
		finish_grid(a, r, gi);
	amap_free(&b.grids);
}

void answer_free(struct answer *a)
{
	for (size_t gi = 0; gi < a->ng; gi++) {
		struct agrid *g = &a->g[gi];

		for (size_t i = 0; i < g->nrow; i++) {
			for (size_t c = 0; c < AC_N; c++) {
				free(g->row[i].col[c].cases);
				free(g->row[i].col[c].k);
				free(g->row[i].col[c].au);
				free(g->row[i].col[c].ch);
			}
			free(g->row[i].name);
		}
		free(g->row);
		free(g->family);
		free(g->variant);
	}
	free(a->g);
	if (a->rows)
		amap_free(a->rows);
	free(a->rows);
	memset(a, 0, sizeof(*a));
}

bool agrid_has_col(const struct agrid *g, enum acol c)
{
	for (size_t i = 0; i < g->nrow; i++)
		if (g->row[i].col[c].n)
			return true;
	return false;
}

const struct agrid *answer_fdpass(const struct answer *a)
{
	for (size_t gi = 0; gi < a->ng; gi++)
		if (!strcmp(a->g[gi].family, "fdpass") && !*a->g[gi].variant)
			return &a->g[gi];
	return NULL;
}

/*
 * A rule set as the accesses it grants, to compare by inclusion: R S w is
 * 1, S R w 2, R S r 4; so both is 3 and R S rw (R S r and R S w) is 5.
 */
static unsigned col_bits(int c)
{
	static const unsigned bits[] = { [AC_NONE] = 0, [AC_RSW] = 1, [AC_SRW] = 2,
					 [AC_BOTH] = 3, [AC_RSR] = 4, [AC_RSRW] = 5 };

	return bits[c];
}

static bool delivered_on(const struct acell *cell, size_t ki)
{
	return cell->n && cell->k[ki].oc == OC_DELIVERED;
}

/* Whether variant v of base g fails to deliver `row` under column c on ki. */
static bool spoils(const struct answer *a, const struct agrid *g, const struct agrid *v,
		   const char *row, enum acol c, size_t ki)
{
	const struct arow *vr;

	if (v == g || &a->g[v->base] != g || !(vr = find_row(a, v, row)))
		return false;
	return vr->col[c].n && counts(vr->col[c].k[ki].oc) && !delivered_on(&vr->col[c], ki);
}

/* Every " + " part of a is one of b's: b is a with more options. */
static bool variant_within(const char *a, const char *b)
{
	for (const char *p = a; *p;) {
		const char *e = strstr(p, " + ");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		bool found = false;

		for (const char *q = b; *q && !found;) {
			const char *f = strstr(q, " + ");
			size_t m = f ? (size_t)(f - q) : strlen(q);

			found = m == n && !memcmp(p, q, n);
			q += m + (f ? 3 : 0);
		}
		if (!found)
			return false;
		p += n + (e ? 3 : 0);
	}
	return true;
}

static void append(char *buf, size_t len, const char *s)
{
	size_t n = strlen(buf);

	if (n < len)
		snprintf(buf + n, len - n, "%s", s);
}

const char *answer_needs(const struct answer *a, const struct agrid *g, size_t row, size_t ki,
			 char *buf, size_t len)
{
	const struct arow *rw = &g->row[row];
	enum acol first = AC_N;
	bool any_rule = false, ran = false;

	buf[0] = '\0';
	for (int c = AC_NONE; c <= AC_RSRW; c++) {
		bool minimal = delivered_on(&rw->col[c], ki);

		ran |= rw->col[c].n && counts(rw->col[c].k[ki].oc);
		/* Minimal: no rule set it contains delivers too. */
		for (int d = AC_NONE; d <= AC_RSRW && minimal; d++)
			if (d != c && (col_bits(d) & col_bits(c)) == col_bits(d) &&
			    delivered_on(&rw->col[d], ki))
				minimal = false;
		if (!minimal)
			continue;
		if (any_rule)
			append(buf, len, " or ");
		append(buf, len, c == AC_NONE ? "nothing" : acol_name(c));
		if (first == AC_N)
			first = c;
		any_rule = true;
	}
	if (!ran)
		return "";
	if (!any_rule) {
		append(buf, len, delivered_on(&rw->col[AC_CAP], ki)
					 ? "no rule set tested; CAP_MAC_OVERRIDE does"
					 : "not delivered under any rule set tested");
		return buf;
	}
	/* The options under which even those rules do not bring it; the fewest of them. */
	for (size_t gi = 0, n = 0; gi < a->ng; gi++) {
		bool covered = false;

		if (!spoils(a, g, &a->g[gi], rw->name, first, ki))
			continue;
		for (size_t j = 0; j < gi && !covered; j++)
			covered = spoils(a, g, &a->g[j], rw->name, first, ki) &&
				  variant_within(a->g[j].variant, a->g[gi].variant);
		if (covered)
			continue;
		append(buf, len, n++ ? ", " : "; not with ");
		append(buf, len, a->g[gi].variant);
	}
	return buf;
}

/* "k of n cases" or "" when all n of them. */
static void of_cases(char *buf, size_t len, size_t k, size_t n)
{
	char t[64];

	if (k == n && n == 1)
		return;
	if (k == n)
		snprintf(t, sizeof(t), " (all %zu cases)", n);
	else
		snprintf(t, sizeof(t), " (%zu of %zu cases)", k, n);
	append(buf, len, t);
}

const char *acell_audit_note(const struct run *r, const struct acell *c, size_t ki, char *buf,
			     size_t len)
{
	const struct aaudit *au = &c->au[ki];
	enum outcome oc = c->k[ki].oc;
	bool refusal = oc == OC_DROPPED || oc == OC_REFUSED || oc == OC_PARTIAL || oc == OC_MIXED;
	char rec[1024];

	buf[0] = '\0';
	if (!au->audited || (!refusal && !au->missing && !au->unexpected && !au->errors))
		return NULL;
	if (au->rep != SIZE_MAX) {
		const struct case_audit *a = &r->c[au->rep].cell[ki].audit;

		for (size_t i = 0; i < a->nrec; i++) {
			if (i)
				append(buf, len, ", ");
			append(buf, len, audit_record_short(a->rec[i], rec, sizeof(rec)));
		}
	} else if (!au->missing && !au->errors) {
		append(buf, len, "no record");
	}
	if (au->missing) {
		append(buf, len, *buf ? "; " : "");
		append(buf, len, "refused, but no audit record");
		of_cases(buf, len, au->missing, au->audited);
	}
	if (au->unexpected) {
		append(buf, len, *buf ? "; " : "");
		append(buf, len, "a denied record, but no refusal");
		of_cases(buf, len, au->unexpected, au->audited);
	}
	if (au->errors) {
		append(buf, len, *buf ? "; " : "");
		append(buf, len, "records could not be read");
		of_cases(buf, len, au->errors, au->audited);
	}
	return buf;
}

/* Grows a malloc'ed string by s. */
static char *cat(char *d, const char *s)
{
	size_t n = d ? strlen(d) : 0, m = strlen(s);

	d = xrealloc(d, n + m + 1);
	memcpy(d + n, s, m + 1);
	return d;
}

char *acell_audit_line(const struct run *r, const struct acell *c)
{
	char *out = NULL, a[2048], b[2048];
	bool *done = memset(xmalloc(r->nk + 1), 0, r->nk + 1);

	for (size_t ki = 0; ki < r->nk; ki++) {
		if (done[ki] || !acell_audit_note(r, c, ki, a, sizeof(a)))
			continue;
		if (out)
			out = cat(out, "; ");
		out = cat(out, r->k[ki].name);
		/* Kernels with the same note share it. */
		for (size_t kj = ki + 1; kj < r->nk; kj++) {
			if (done[kj] || !acell_audit_note(r, c, kj, b, sizeof(b)) || strcmp(a, b))
				continue;
			done[kj] = true;
			out = cat(cat(out, ", "), r->k[kj].name);
		}
		out = cat(cat(out, ": "), a);
	}
	free(done);
	return out;
}

bool run_has_audit_records(const struct run *r)
{
	for (size_t ki = 0; ki < r->nk; ki++)
		if (r->k[ki].au.cases > 0)
			return true;
	return false;
}

size_t arow_audit_lines(const struct run *r, const struct arow *row, struct aline out[AC_N])
{
	size_t n = 0;

	for (int c = 0; c < AC_N; c++) {
		char *line = row->col[c].n ? acell_audit_line(r, &row->col[c]) : NULL;
		size_t k = 0;

		if (!line)
			continue;
		while (k < n && strcmp(out[k].text, line))
			k++;
		if (k < n) {
			free(line);
		} else {
			out[n].text = line;
			out[n++].cols = 0;
		}
		out[k].cols |= 1u << c;
	}
	return n;
}

void alines_free(struct aline *l, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free(l[k].text);
}

const char *acols_text(unsigned cols, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int c = 0; c < AC_N; c++)
		if (cols & 1u << c) {
			if (buf[0])
				append(buf, len, ", ");
			append(buf, len, acol_heading((enum acol)c));
		}
	return buf;
}

char *acell_unaudited(const struct run *r, const struct acell *c, bool unexpected)
{
	char *out = NULL;

	for (size_t ki = 0; ki < r->nk; ki++) {
		if (!(unexpected ? c->au[ki].unexpected : c->au[ki].missing))
			continue;
		out = cat(out ? cat(out, ", ") : NULL, r->k[ki].name);
	}
	return out;
}
