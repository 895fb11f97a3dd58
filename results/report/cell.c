#include "cell.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

size_t count_items(const char *csv)
{
	size_t n;

	if (!csv || !*csv)
		return 0;
	for (n = 1; *csv; csv++)
		n += *csv == ',';
	return n;
}

bool tap_long(const struct tap_point *p, const char *key, long *out)
{
	const char *s = tap_str(p, key);
	char *end;
	long v;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno)
		return false;
	*out = v;
	return true;
}

int tap_bool(const struct tap_point *p, const char *key)
{
	const char *s = tap_str(p, key);

	if (!s)
		return -1;
	if (!strcmp(s, "true"))
		return 1;
	if (!strcmp(s, "false"))
		return 0;
	return -1;
}

char *fd_summary(long k, size_t n, bool ctrunc)
{
	if (n && k == (long)n && !ctrunc)
		return xstrdup("delivered");
	if (k == 0 && ctrunc)
		return xstrdup("dropped+CTRUNC");
	if (!n)
		return xasprintf("%ld/?%s", k, ctrunc ? "+CTRUNC" : "");
	return xasprintf("%ld/%zu%s", k, n, ctrunc ? "+CTRUNC" : "");
}

static const char *problem(const struct tap_point *p)
{
	const char *e = tap_str(p, "error");

	return e ? e : tap_str(p, "broken");
}

/*
 * What SCM_SECURITY carried, relative to the sender's label (which differs
 * on every run): "sender", "sender(cut)", or the literal label ("?", "").
 * NULL when there was none. Part of the outcome, so part of the summary.
 */
static char *scm_kind(const struct tap_point *p, bool observed)
{
	const char *want = tap_str(p, "expected.scm_security");
	const struct tap_kv *kv;
	const char *sender;
	size_t n;

	if (!observed) {
		if (!want || !strcmp(want, "none"))
			return NULL;
		if (!strcmp(want, "sender_label"))
			return xstrdup("sender");
		if (!strcmp(want, "sender_label_truncated"))
			return xstrdup("sender(cut)");
		if (!strcmp(want, "huh_label_?"))
			return xstrdup("\"?\"");
		if (!strcmp(want, "empty_label"))
			return xstrdup("\"\"");
		return xstrdup(want);
	}
	kv = tap_get(p, "observed.scm_security");
	if (!kv || !kv->val)
		return NULL;
	sender = tap_str(p, "sender_label");
	n = sender ? strlen(sender) : 0;
	if (sender && kv->len == n && !memcmp(kv->val, sender, n))
		return xstrdup("sender");
	if (sender && kv->len && kv->len < n && !memcmp(kv->val, sender, kv->len))
		return xstrdup("sender(cut)");
	return xasprintf("\"%.*s\"", (int)kv->len, kv->val);
}

/* fd summary plus ", SCM_SECURITY x" when a label came along. */
static char *with_scm(char *fd, const struct tap_point *p, bool observed)
{
	char *k = scm_kind(p, observed), *r;

	if (!k)
		return fd;
	r = xasprintf("%s, SCM_SECURITY %s", fd, k);
	free(fd);
	free(k);
	return r;
}

char *cell_summary(const struct tap_point *p, const char *side)
{
	bool observed = !strcmp(side, "observed");
	size_t n = count_items(tap_str(p, "descriptors"));
	char key[64];
	const char *s;
	long k;

	if (observed && p->skip)
		return xstrdup("skip");
	/* A broken run tells nothing about delivery, whatever it counted. */
	if (observed && (s = problem(p)))
		return xasprintf("error: %s", s);
	snprintf(key, sizeof(key), "%s.delivered", side);
	if (tap_long(p, key, &k)) {
		snprintf(key, sizeof(key), "%s.ctrunc", side);
		return with_scm(fd_summary(k, n, tap_bool(p, key) == 1), p, observed);
	}
	/* Scenario cases: a value R saw, or the result of what R tried. */
	snprintf(key, sizeof(key), "%s.value", side);
	if ((s = tap_str(p, key)))
		return xstrdup(s);
	snprintf(key, sizeof(key), "%s.result", side);
	if ((s = tap_str(p, key)))
		return xstrdup(strcmp(s, "0") ? s : "allowed");
	if (observed)
		return xstrdup(p->ok ? "ok" : "not ok");
	/* Selftests state what they expect as one scalar, e.g. "timeout". */
	s = tap_str(p, side);
	return s ? xstrdup(s) : NULL;
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

bool gate_same(const struct gate *a, const struct gate *b)
{
	if (a->commit || b->commit)
		return str_eq(a->commit, b->commit);
	return str_eq(a->since, b->since) && str_eq(a->subject, b->subject);
}

/* gate, gate2 ... gate8: each map present (any key of it) becomes one. */
static void fill_gates(struct cell *c, const struct tap_point *p)
{
	static const char *const keys[GATE_MAX] = { "gate", "gate2", "gate3", "gate4",
						    "gate5", "gate6", "gate7", "gate8" };
	static const char *const fields[] = { "since", "backports", "commit", "subject",
					      "source_of_release", "old_behaviour_applies" };
	char key[64];

	c->ngate = 0;
	for (size_t i = 0; i < GATE_MAX; i++) {
		struct gate *g = &c->gate[c->ngate];
		bool any = false;

		for (size_t j = 0; j < sizeof(fields) / sizeof(fields[0]) && !any; j++) {
			snprintf(key, sizeof(key), "%s.%s", keys[i], fields[j]);
			any = tap_get(p, key) != NULL;
		}
		if (!any)
			continue;
		g->key = keys[i];
#define FIELD(f) (snprintf(key, sizeof(key), "%s.%s", keys[i], f), tap_str(p, key))
		g->since = FIELD("since");
		g->backports = FIELD("backports");
		g->commit = FIELD("commit");
		g->subject = FIELD("subject");
		g->source = FIELD("source_of_release");
		snprintf(key, sizeof(key), "%s.old_behaviour_applies", keys[i]);
		g->old_applies = tap_bool(p, key);
#undef FIELD
		c->ngate++;
	}
}

void cell_fill(struct cell *c, const struct tap_point *p)
{
	memset(c, 0, sizeof(*c));
	c->ctrunc = -1;
	case_audit_fill(&c->audit, NULL);
	if (!p) {
		c->status = CELL_MISSING;
		return;
	}
	c->pt = p;
	c->status = p->skip ? CELL_SKIP : p->todo ? CELL_TODO : p->ok ? CELL_OK : CELL_NOT_OK;
	c->observed = cell_summary(p, "observed");
	c->expected = cell_summary(p, "expected");
	c->has_delivered = tap_long(p, "observed.delivered", &c->delivered);
	c->ctrunc = tap_bool(p, "observed.ctrunc");
	c->scm = tap_get(p, "observed.scm_security");
	c->scm_expected = tap_str(p, "expected.scm_security");
	fill_gates(c, p);
	c->hint = tap_str(p, "hint");
	c->error = problem(p);
	c->broken = c->status == CELL_NOT_OK && tap_get(p, "broken");
	case_audit_fill(&c->audit, p);
}

void cell_free(struct cell *c)
{
	free(c->observed);
	free(c->expected);
	c->observed = c->expected = NULL;
	case_audit_free(&c->audit);
}

const char *cell_status_name(enum cell_status s)
{
	switch (s) {
	case CELL_OK:
		return "ok";
	case CELL_NOT_OK:
		return "not_ok";
	case CELL_SKIP:
		return "skip";
	case CELL_TODO:
		return "todo";
	case CELL_MISSING:
		break;
	}
	return "missing";
}
