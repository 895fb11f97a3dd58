/*
 * `kcidb`: the run as a KCIDB I/O document (kernelci/kcidb-io), schema
 * major version 5, for submission to KernelCI's common results database.
 *
 * Mapping (one line per object):
 *  - checkouts: one per kernel source (kernel.info `source`) of the run, so
 *    two kernels built from one source (7.3 and 7.3-arm64) share it; valid
 *    is false only when every kernel of it says source_missing;
 *  - builds: one per kernel column; status FAIL for build_failed, ERROR for
 *    a source that could not be had or a run that says nothing of its build,
 *    PASS once the kernel built (whatever it did when booted);
 *  - tests: per kernel, one for the kernel's run as a whole (path
 *    "smack_ipc") and one per case of the run's union of cases (path
 *    "smack_ipc.FAMILY.CASE"): PASS ok, FAIL not ok, ERROR not ok that
 *    could not set itself up (`broken:`) or whose child crashed or timed out
 *    (`error:`), SKIP # SKIP (and # TODO, as in junit.xml), MISS a case the
 *    kernel's TAP does not have (cut short, or never booted or built).
 *    The run's test: PASS ok, FAIL failures or a panic, SKIP a skip-all
 *    TAP, MISS not built, ERROR otherwise (hang, no_boot, truncated, a TAP
 *    the reader faults, an unknown status). What is not PASS says why in
 *    log_excerpt (a case: junit.xml's message, then its YAML block); misc
 *    holds the kernel and case names, observed and expected.
 *
 * Ids: ORIGIN:RUN:SOURCE (checkout; a kernel without a source gets its own,
 * ORIGIN:RUN:%%KERNEL), ORIGIN:RUN:KERNEL (build, and the test of the
 * kernel's run) and ORIGIN:RUN:KERNEL:CASE (test), RUN being run.info's
 * `started` with digits and letters only ("nostart" without one): the same
 * run renders the same ids, and ids of different kernels, cases or runs
 * differ. Times (start_time, the finish times) are run.info's when they
 * are RFC 3339 date-times, else left out. Strings from the
 * run go through json_str(); id and path parts are encoded first so that
 * distinct names stay distinct: in ids, bytes other than printable ASCII
 * (and %) become %XX; in paths, bytes other than [A-Za-z0-9_] become -XX
 * (the schema allows only [A-Za-z0-9_-] there). The suite's own names need
 * neither. No value is ever null; what is unknown is left out.
 */
#include "emit.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"

/* The schema's origin pattern is [a-z0-9_]+. */
#define KCIDB_ORIGIN "smack_ipc"
#define KCIDB_MAJOR 5
#define KCIDB_MINOR 3
/* log_excerpt's maxLength, in characters; an input byte is at most one. */
#define EXCERPT_MAX 16384

/* s with every byte that keep() refuses, and esc itself, as esc and two hex digits. */
static char *encode(const char *s, bool (*keep)(unsigned char), char esc)
{
	char *out = xmalloc(3 * strlen(s) + 1), *o = out;

	for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
		if (keep(*u) && *u != (unsigned char)esc) {
			*o++ = (char)*u;
		} else {
			*o++ = esc;
			*o++ = "0123456789abcdef"[*u >> 4];
			*o++ = "0123456789abcdef"[*u & 15];
		}
	}
	*o = '\0';
	return out;
}

static bool printable(unsigned char c)
{
	return c > 0x20 && c < 0x7f;
}

static bool printable_no_colon(unsigned char c)
{
	return printable(c) && c != ':';
}

static bool word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* An id part: printable ASCII but % (and : unless colon) as it is, the rest %XX. */
static char *id_part(const char *s, bool colon)
{
	return encode(s, colon ? printable : printable_no_colon, '%');
}

/* A path component: [A-Za-z0-9_] as it is, anything else -XX, "" as "-". */
static void path_part(FILE *f, const char *s)
{
	char *e = encode(s, word_char, '-');

	fputs(*e ? e : "-", f);
	free(e);
}

/* The run's part of every id: started, digits and letters only. */
static char *run_token(const struct run *r)
{
	const char *s = run_field(r, "started");
	char *t = xmalloc(strlen(s) + 1), *o = t;

	for (; *s; s++)
		if ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			*o++ = *s;
	*o = '\0';
	if (!*t) {
		free(t);
		t = xstrdup("nostart");
	}
	return t;
}

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int num(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* RFC 3339 date-time (the schema's "date-time" format): 2026-11-30T23:36:03Z. */
static bool is_datetime(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d;

	if (strlen(s) < 20 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2) || (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2) ||
	    s[13] != ':' || !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
		return false;
	y = num(s, 4);
	mo = num(s + 5, 2);
	d = num(s + 8, 2);
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || num(s + 11, 2) > 23 ||
	    num(s + 14, 2) > 59 || num(s + 17, 2) > 60)
		return false;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return false;
	s += 19;
	if (*s == '.') {
		s++;
		if (!digits(s, 1))
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if ((*s == 'Z' || *s == 'z') && !s[1])
		return true;
	return (*s == '+' || *s == '-') && digits(s + 1, 2) && s[3] == ':' && digits(s + 4, 2) &&
	       !s[6] && num(s + 1, 2) <= 23 && num(s + 4, 2) <= 59;
}

/* `, "key": "value"` when value is set and not empty. */
static void field(FILE *f, const char *key, const char *value)
{
	if (!value || !*value)
		return;
	fprintf(f, ", \"%s\": ", key);
	json_str(f, value);
}

/* The same inside a misc object: first says whether a comma goes before it. */
static void misc_field(FILE *f, bool *first, const char *key, const char *value)
{
	if (!value || !*value)
		return;
	fprintf(f, "%s\"%s\": ", *first ? "" : ", ", key);
	*first = false;
	json_str(f, value);
}

static void misc_count(FILE *f, bool *first, const char *key, size_t n)
{
	fprintf(f, "%s\"%s\": %zu", *first ? "" : ", ", key, n);
	*first = false;
}

/* `, "key": "<ts>"` when ts is an RFC 3339 date-time. */
static void time_field(FILE *f, const char *key, const char *ts)
{
	if (is_datetime(ts))
		field(f, key, ts);
}

/* A growing excerpt, cut at EXCERPT_MAX characters on a character boundary. */
struct excerpt {
	char *buf;
	size_t len, chars;
	bool cut;
};

static void ex_add(struct excerpt *e, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	e->buf = xrealloc(e->buf, e->len + n + 1);
	while (i < n && !e->cut) {
		size_t k = utf8_seq(u + i, n - i);

		if (!k)
			k = 1;
		if (e->chars == EXCERPT_MAX) {
			e->cut = true;
			break;
		}
		memcpy(e->buf + e->len, s + i, k);
		e->len += k;
		e->chars++;
		i += k;
	}
	e->buf[e->len] = '\0';
}

static void ex_emit(FILE *f, struct excerpt *e)
{
	if (e->buf && e->len)
		field(f, "log_excerpt", e->buf);
	free(e->buf);
	e->buf = NULL;
}

/* kernel.info status as the build's outcome. */
static const char *build_status(const struct kernel *k)
{
	static const char *const built[] = { "ok", "failures", "no_boot", "panic", "hang",
					     "truncated" };
	const char *st = kernel_status(k);

	if (!strcmp(st, "build_failed"))
		return "FAIL";
	if (k->has_tap)
		return "PASS";
	for (size_t i = 0; i < sizeof(built) / sizeof(built[0]); i++)
		if (!strcmp(st, built[i]))
			return "PASS";
	return "ERROR";
}

/* The kernel's run as a whole: how it ended, and what its TAP looked like. */
static const char *run_status(const struct kernel *k)
{
	const char *st = kernel_status(k), *b = build_status(k);

	if (strcmp(b, "PASS"))
		return "MISS";	/* never booted: nothing ran */
	if (!strcmp(st, "failures") || !strcmp(st, "panic"))
		return "FAIL";
	if (!strcmp(st, "ok")) {
		if (k->tap.skip_all && !k->tap.nproblem)
			return "SKIP";
		if (k->has_tap && !k->tap.nproblem && !k->tap.bail_out && !k->n_missing)
			return k->n_not_ok ? "FAIL" : "PASS";
	}
	return "ERROR";	/* hang, no_boot, truncated, a bad TAP or an unknown status */
}

static const char *case_status(const struct cell *x)
{
	switch (x->status) {
	case CELL_OK:
		return "PASS";
	case CELL_NOT_OK:
		return x->broken || x->error ? "ERROR" : "FAIL";
	case CELL_SKIP:
	case CELL_TODO:
		return "SKIP";
	case CELL_MISSING:
		break;
	}
	return "MISS";
}

/* The architecture as kernel-run.sh builds it: arch= in options, else x86_64. */
static char *kernel_arch(const struct kernel *k)
{
	const char *opt = kvfile_get(&k->info, "options"), *p;
	char *arch;

	if (!opt)
		return NULL;	/* no options key: not written by kernel-run.sh, unknown */
	arch = xstrdup("x86_64");
	for (p = opt; *p; p += strcspn(p, ","), p += *p == ',') {
		if (!strncmp(p, "arch=", 5)) {
			free(arch);
			arch = xstrndup(p + 5, strcspn(p + 5, ","));
		}
	}
	/* The schema's pattern: [a-z0-9_]*. */
	if (strspn(arch, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(arch)) {
		free(arch);
		return NULL;
	}
	return arch;
}

/* The checkout of kernel k: "%%NAME" when it has no source (no encoded source holds %%). */
static char *checkout_key(const struct kernel *k)
{
	const char *src = kernel_field(k, "source");

	if (*src)
		return id_part(src, true);
	{
		char *name = id_part(k->name, true), *key = xasprintf("%%%%%s", name);

		free(name);
		return key;
	}
}

static void emit_checkouts(FILE *f, const struct run *r, const char *prefix, char **keys)
{
	bool first = true;

	for (size_t i = 0; i < r->nk; i++) {
		bool seen = false, valid = false, mf = true;
		char *id;

		for (size_t j = 0; j < i; j++)
			seen |= !strcmp(keys[j], keys[i]);
		if (seen)
			continue;
		for (size_t j = i; j < r->nk; j++)
			if (!strcmp(keys[j], keys[i]))
				valid |= strcmp(kernel_status(&r->k[j]), "source_missing") != 0;
		fputs(first ? "\n  " : ",\n  ", f);
		first = false;
		id = xasprintf("%s:%s", prefix, keys[i]);
		fputs("{\"id\": ", f);
		json_str(f, id);
		free(id);
		fputs(", \"origin\": \"" KCIDB_ORIGIN "\"", f);
		field(f, "comment", kernel_field(&r->k[i], "source"));
		time_field(f, "start_time", run_field(r, "started"));
		time_field(f, "origin_builds_finish_time", run_field(r, "finished"));
		time_field(f, "origin_tests_finish_time", run_field(r, "finished"));
		fprintf(f, ", \"valid\": %s, \"misc\": {", valid ? "true" : "false");
		misc_field(f, &mf, "source", kernel_field(&r->k[i], "source"));
		misc_field(f, &mf, "suite_version", run_field(r, "suite_version"));
		misc_field(f, &mf, "config", run_field(r, "config"));
		fputs("}}", f);
	}
}

static void emit_build(FILE *f, const struct run *r, const struct kernel *k, const char *prefix,
		       const char *checkout_key, const char *build_id)
{
	const char *st = build_status(k), *cc = kernel_field(k, "compiler");
	char *arch = kernel_arch(k), *id = xasprintf("%s:%s", prefix, checkout_key);
	struct excerpt ex = { 0 };
	bool mf = true;

	fputs("{\"id\": ", f);
	json_str(f, build_id);
	fputs(", \"checkout_id\": ", f);
	json_str(f, id);
	free(id);
	fputs(", \"origin\": \"" KCIDB_ORIGIN "\"", f);
	{
		char *comment = xasprintf("%s: %s", k->name, kernel_field(k, "source"));

		field(f, "comment", *kernel_field(k, "source") ? comment : k->name);
		free(comment);
	}
	time_field(f, "start_time", run_field(r, "started"));
	if (is_json_number(kernel_field(k, "build_seconds")))
		fprintf(f, ", \"duration\": %s", kernel_field(k, "build_seconds"));
	field(f, "architecture", arch);
	free(arch);
	if (*cc) {
		/* build-info's cc: the version of the default gcc, or the cc= given. */
		char *c = xasprintf("%s%s", *cc >= '0' && *cc <= '9' ? "gcc " : "", cc);

		field(f, "compiler", c);
		free(c);
	}
	if (strcmp(st, "PASS")) {
		ex_add(&ex, kernel_status(k));
		if (*kernel_detail(k)) {
			ex_add(&ex, ": ");
			ex_add(&ex, kernel_detail(k));
		}
	}
	ex_emit(f, &ex);
	fprintf(f, ", \"status\": \"%s\", \"misc\": {", st);
	misc_field(f, &mf, "kernel", k->name);
	misc_field(f, &mf, "source", kernel_field(k, "source"));
	misc_field(f, &mf, "options", kernel_field(k, "options"));
	misc_field(f, &mf, "release", kernel_release(k));
	misc_field(f, &mf, "kernel_status", kernel_status(k));
	misc_field(f, &mf, "detail", kernel_detail(k));
	fputs("}}", f);
}

static void emit_run_test(FILE *f, const struct kernel *k, const char *build_id)
{
	const char *st = run_status(k);
	struct excerpt ex = { 0 };
	bool mf = true;

	fputs("{\"id\": ", f);
	json_str(f, build_id);
	fputs(", \"build_id\": ", f);
	json_str(f, build_id);
	fputs(", \"origin\": \"" KCIDB_ORIGIN "\", \"path\": \"smack_ipc\"", f);
	fprintf(f, ", \"status\": \"%s\"", st);
	if (is_json_number(kernel_field(k, "boot_seconds")))
		fprintf(f, ", \"duration\": %s", kernel_field(k, "boot_seconds"));
	if (strcmp(st, "PASS")) {
		ex_add(&ex, kernel_status(k));
		if (*kernel_detail(k)) {
			ex_add(&ex, ": ");
			ex_add(&ex, kernel_detail(k));
		}
		if (k->tap.bail_out) {
			ex_add(&ex, "\nBail out! ");
			ex_add(&ex, k->tap.bail_out);
		}
		if (k->tap.skip_all) {
			ex_add(&ex, "\n1..0 # SKIP ");
			ex_add(&ex, k->tap.skip_all);
		}
		for (size_t i = 0; i < k->tap.nproblem; i++) {
			ex_add(&ex, "\nmain.tap: ");
			ex_add(&ex, k->tap.problem[i]);
		}
	}
	ex_emit(f, &ex);
	if (*kernel_field(k, "accel")) {
		bool ef = true;

		fputs(", \"environment\": {\"comment\": \"QEMU guest\", \"misc\": {", f);
		misc_field(f, &ef, "accel", kernel_field(k, "accel"));
		misc_field(f, &ef, "kvm_probe", kernel_field(k, "kvm_probe"));
		fputs("}}", f);
	}
	fputs(", \"misc\": {", f);
	misc_field(f, &mf, "kernel", k->name);
	misc_field(f, &mf, "kernel_status", kernel_status(k));
	misc_count(f, &mf, "ok", k->n_ok);
	misc_count(f, &mf, "failed", k->n_not_ok - k->n_broken);
	misc_count(f, &mf, "broken", k->n_broken);
	misc_count(f, &mf, "skipped", k->n_skip);
	misc_count(f, &mf, "todo", k->n_todo);
	misc_count(f, &mf, "missing", k->n_missing);
	if (k->tap.plan >= 0)
		misc_count(f, &mf, "plan", (size_t)k->tap.plan);
	fputs("}}", f);
}

static void emit_case_test(FILE *f, const struct kernel *k, const struct tcase *c,
			   const struct cell *x, const char *build_id)
{
	const char *st = case_status(x);
	char *name = id_part(c->name, true), *id = xasprintf("%s:%s", build_id, name);
	struct excerpt ex = { 0 };
	bool mf = true;
	long ms;

	free(name);
	fputs("{\"id\": ", f);
	json_str(f, id);
	free(id);
	fputs(", \"build_id\": ", f);
	json_str(f, build_id);
	fputs(", \"origin\": \"" KCIDB_ORIGIN "\", \"path\": \"smack_ipc.", f);
	path_part(f, c->family);
	fputc('.', f);
	path_part(f, c->name);
	fprintf(f, "\", \"status\": \"%s\"", st);
	if (x->pt && tap_long(x->pt, "elapsed_ms", &ms) && ms >= 0)
		fprintf(f, ", \"duration\": %ld.%03ld", ms / 1000, ms % 1000);
	switch (x->status) {
	case CELL_OK:
		break;
	case CELL_SKIP:
	case CELL_TODO:
		ex_add(&ex, x->status == CELL_TODO ? "todo" : "skip");
		if (x->pt->reason) {
			ex_add(&ex, ": ");
			ex_add(&ex, x->pt->reason);
		}
		break;
	case CELL_MISSING:
		ex_add(&ex, k->has_tap ? "not in this kernel's main.tap (kernel status "
				       : "no main.tap from this kernel (kernel status ");
		ex_add(&ex, kernel_status(k));
		ex_add(&ex, ")");
		break;
	case CELL_NOT_OK:
		/* As junit.xml's message, then the case's YAML block. */
		if (x->broken || x->error) {
			ex_add(&ex, x->broken ? "broken: " : "error: ");
			ex_add(&ex, x->error ? x->error : "");
		} else {
			ex_add(&ex, "observed ");
			ex_add(&ex, x->observed ? x->observed : "");
			if (x->expected) {
				ex_add(&ex, ", expected ");
				ex_add(&ex, x->expected);
			}
		}
		if (x->pt->yaml) {
			ex_add(&ex, "\n");
			ex_add(&ex, x->pt->yaml);
		}
		break;
	}
	ex_emit(f, &ex);
	fputs(", \"misc\": {", f);
	misc_field(f, &mf, "kernel", k->name);
	misc_field(f, &mf, "case", c->name);
	misc_field(f, &mf, "family", c->family);
	misc_field(f, &mf, "tap", cell_status_name(x->status));
	misc_field(f, &mf, "observed", x->observed);
	misc_field(f, &mf, "expected", x->expected);
	if (x->pt)
		misc_field(f, &mf, "reason", x->pt->reason);
	misc_field(f, &mf, "error", x->error);
	misc_field(f, &mf, "hint", x->hint);
	fputs("}}", f);
}

void emit_kcidb(FILE *f, const struct run *r)
{
	char *run = run_token(r), *prefix = xasprintf(KCIDB_ORIGIN ":%s", run);
	char **keys = xmalloc((r->nk ? r->nk : 1) * sizeof(*keys));
	char **builds = xmalloc((r->nk ? r->nk : 1) * sizeof(*builds));
	bool first = true;

	for (size_t i = 0; i < r->nk; i++) {
		char *name = id_part(r->k[i].name, false);

		keys[i] = checkout_key(&r->k[i]);
		builds[i] = xasprintf("%s:%s", prefix, name);
		free(name);
	}
	fprintf(f, "{\"version\": {\"major\": %d, \"minor\": %d},\n \"checkouts\": [", KCIDB_MAJOR,
		KCIDB_MINOR);
	emit_checkouts(f, r, prefix, keys);
	fputs("],\n \"builds\": [", f);
	for (size_t i = 0; i < r->nk; i++) {
		fputs(i ? ",\n  " : "\n  ", f);
		emit_build(f, r, &r->k[i], prefix, keys[i], builds[i]);
	}
	fputs("],\n \"tests\": [", f);
	for (size_t ki = 0; ki < r->nk; ki++) {
		fputs(first ? "\n  " : ",\n  ", f);
		first = false;
		emit_run_test(f, &r->k[ki], builds[ki]);
		for (size_t i = 0; i < r->nc; i++) {
			fputs(",\n  ", f);
			emit_case_test(f, &r->k[ki], &r->c[i], &r->c[i].cell[ki], builds[ki]);
		}
	}
	fputs("]}\n", f);
	for (size_t i = 0; i < r->nk; i++) {
		free(keys[i]);
		free(builds[i]);
	}
	free(keys);
	free(builds);
	free(prefix);
	free(run);
}
