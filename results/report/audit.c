#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "util.h"

const char *audit_class_name(enum audit_class c)
{
	static const char *const names[] = { "nothing", "recorded", "missing", "unexpected",
					     "error" };

	return names[c];
}

bool access2_disagrees(const char *item)
{
	return item && strstr(item, ", but the rules ") != NULL;
}

/* The list key[0], key[1] ... as pointers to its items (NULL ones left out). */
static const char **list(const struct tap_point *p, const char *key, size_t *n, bool *any)
{
	const char **v = NULL;
	char k[64];
	const struct tap_kv *kv;

	*n = 0;
	*any = false;
	for (size_t i = 0;; i++) {
		snprintf(k, sizeof(k), "%s[%zu]", key, i);
		if (!(kv = tap_get(p, k)))
			break;
		*any = true;
		if (!kv->val)
			continue;
		if (!(*n & (*n - 1)))	/* 0, 1, 2, 4 ...: full, grow */
			v = xrealloc(v, (*n ? *n * 2 : 1) * sizeof(*v));
		v[(*n)++] = kv->val;
	}
	return v;
}

/* Value of field `name=` in a record ("fn=x action=y ..."), its length in *n; NULL when none. */
static const char *field(const char *rec, const char *name, size_t *n)
{
	size_t k = strlen(name);

	for (const char *p = rec; *p;) {
		p += strspn(p, " ");
		if (!strncmp(p, name, k) && p[k] == '=') {
			*n = strcspn(p + k + 1, " ");
			return p + k + 1;
		}
		p += strcspn(p, " ");
	}
	return NULL;
}

static bool denied(const char *rec)
{
	size_t n;
	const char *a = field(rec, "action", &n);

	return a && n == 6 && !memcmp(a, "denied", 6);
}

const char *audit_record_short(const char *rec, char *buf, size_t len)
{
	size_t nf = 0, na = 0, ns = 0, no = 0, nr = 0; /* field() sets them only when found */
	const char *fn = field(rec, "fn", &nf), *ac = field(rec, "action", &na);
	const char *su = field(rec, "subject", &ns), *ob = field(rec, "object", &no);
	const char *rq = field(rec, "requested", &nr);

	if (!fn || !ac || !su || !ob) {
		snprintf(buf, len, "%s", rec);
		return buf;
	}
	snprintf(buf, len, "%.*s %.*s %.*s→%.*s%s%.*s", (int)nf, fn, (int)na, ac, (int)ns, su,
		 (int)no, ob, rq ? " requested=" : "", rq ? (int)nr : 0, rq ? rq : "");
	return buf;
}

/* Any key of a case's audit map (the runner's last point has others). */
static bool has_case_audit(const struct tap_point *p)
{
	static const char *const keys[] = { "audit.logging", "audit.wait_us",
					     "audit.denials_observed", "audit.count",
					     "audit.finding", "audit.error", "audit.records[0]" };

	if (!strcmp(p->name, RUNNER_POINT))
		return false;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (tap_get(p, keys[i]))
			return true;
	return false;
}

void case_audit_fill(struct case_audit *a, const struct tap_point *p)
{
	bool any;

	memset(a, 0, sizeof(*a));
	a->denials = a->count = -1;
	if (!p)
		return;
	if (strcmp(p->name, RUNNER_POINT)) {
		a->acc = list(p, "access2", &a->nacc, &a->has_access2);
		for (size_t i = 0; i < a->nacc; i++) {
			a->disagree += access2_disagrees(a->acc[i]);
			a->not_asked += strstr(a->acc[i], ": not asked") != NULL;
		}
	}
	if (!has_case_audit(p))
		return;
	a->has = true;
	a->logging = tap_str(p, "audit.logging");
	a->denials_text = tap_str(p, "audit.denials_observed");
	if (!tap_long(p, "audit.denials_observed", &a->denials) || a->denials < 0)
		a->denials = -1;
	if (!tap_long(p, "audit.count", &a->count) || a->count < 0)
		a->count = -1;
	a->rec = list(p, "audit.records", &a->nrec, &any);
	for (size_t i = 0; i < a->nrec; i++)
		a->ndenied += denied(a->rec[i]);
	/* Past the list: counted as denied, as the runner does (the safe side for a finding). */
	if (a->count > 0 && (size_t)a->count > a->nrec)
		a->ndenied += (size_t)a->count - a->nrec;
	a->finding = tap_str(p, "audit.finding");
	a->error = tap_str(p, "audit.error");
	if (tap_get(p, "audit.error"))
		a->cls = AUD_ERROR;
	else if (a->denials > 0 && !a->ndenied)
		a->cls = AUD_MISSING;
	else if (a->denials == 0 && a->ndenied)
		a->cls = AUD_UNEXPECTED;
	else
		a->cls = a->ndenied ? AUD_RECORDED : AUD_NOTHING;
}

void case_audit_free(struct case_audit *a)
{
	free(a->rec);
	free(a->acc);
	a->rec = a->acc = NULL;
	a->nrec = a->nacc = 0;
}

void audit_totals_add(struct audit_totals *t, const struct case_audit *a)
{
	if (a->has) {
		t->cases++;
		t->n[a->cls]++;
		t->unknown += a->denials < 0 && a->cls != AUD_ERROR;
	}
	if (a->has_access2) {
		t->access2_cases++;
		t->disagreements += a->disagree > 0;
		t->not_asked += a->not_asked > 0;
	}
}

static long runner_long(const struct tap_point *p, const char *key)
{
	long v;

	return tap_long(p, key, &v) && v >= 0 ? v : -1;
}

void audit_totals_runner(struct audit_totals *t, const struct tap_point *p)
{
	t->r_recorded = runner_long(p, "audit.refusals_with_record");
	t->r_missing = runner_long(p, "audit.refusals_without_record");
	t->r_unexpected = runner_long(p, "audit.records_without_refusal");
	t->r_errors = runner_long(p, "audit.errors");
	t->r_disagreements = runner_long(p, "access2_disagreements");
}

bool audit_runner_states(const struct audit_totals *t)
{
	return t->r_recorded >= 0 || t->r_missing >= 0 || t->r_unexpected >= 0 || t->r_errors >= 0;
}

static bool eq(long runner, size_t cases)
{
	return runner >= 0 && (unsigned long)runner == cases;
}

bool audit_runner_agrees(const struct audit_totals *t)
{
	return eq(t->r_recorded, t->n[AUD_RECORDED]) && eq(t->r_missing, t->n[AUD_MISSING]) &&
	       eq(t->r_unexpected, t->n[AUD_UNEXPECTED]) && eq(t->r_errors, t->n[AUD_ERROR]);
}

bool access2_runner_agrees(const struct audit_totals *t)
{
	return eq(t->r_disagreements, t->disagreements);
}
