/*
 * smack-ipc-suite: run SMACK IPC labelling cases and print TAP.
 * The runner owns labels, rules and processes; cases own their I/O.
 */
#include "audit.h"
#include "expect.h"
#include "floor.h"
#include "kver.h"
#include "pool.h"
#include "probe.h"
#include "roles.h"
#include "suite.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <getopt.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#define MAX_SELECTED 8192
#define MAX_GLOBS 64
#define STDOUT_NAME "standard output"

struct opts {
	const char *output, *workdir, *stem;
	unsigned timeout_ms, jobs;
	bool list, selftest_hang, selftest_crash, no_mount, change_global, dry_run, kselftest;
	enum tap_style style;
	char **globs;
	int nglobs;
};

struct selected {
	const struct family *fam;
	size_t index;
};

static void usage(FILE *f)
{
	fputs("usage: smack-ipc-suite [options] [list|run] [GLOB...]\n"
	      "  list                  print case names (all, or those matching a GLOB)\n"
	      "  run                   run cases and print TAP (the default)\n"
	      "  -o, --output FILE     write TAP to FILE instead of stdout\n"
	      "      --ktap            print KTAP v1 (the kernel's kunit parser): one subtest per\n"
	      "                        family, diagnostics before each result line\n"
	      "      --kselftest       KTAP, and exit 4 when the whole run is skipped (kselftest)\n"
	      "      --ptest           print Yocto ptest lines (PASS:/FAIL:/SKIP: name)\n"
	      "  -t, --timeout-ms N    per-case timeout, default 5000\n"
	      "  -j, --jobs N          cases run at once, each with its own labels and rules\n"
	      "                        (default: the online CPUs, at most 8); a case that\n"
	      "                        changes a global setting or reads a kernel-wide\n"
	      "                        counter runs alone. TAP stays in case order\n"
	      "  -w, --workdir DIR     directory on a filesystem with xattrs, default /tmp\n"
	      "  -p, --label-prefix S  stem of every label and rule subject, default sipc\n"
	      "      --no-mount        do not mount smackfs when it is missing\n"
	      "  -G, --change-global   run cases that change a global SMACK setting (onlycap,\n"
	      "                        unconfined, ptrace, netlabel); each is restored after its case\n"
	      "                        (skipped without -G)\n"
	      "  -n, --dry-run         print the rules and global settings each case would\n"
	      "                        touch, and change nothing\n"
	      "      --selftest-hang   add a case that hangs (test of the timeout)\n"
	      "      --selftest-crash  add a case that crashes (test of crash reporting)\n"
	      "  -V, --version         print the suite version\n"
	      "exit status: 0 every case ok, or skipped (no SMACK, not root; 4 with --kselftest);\n"
	      "  1 a case failed;\n"
	      "  2 bad usage, or an output (TAP, list) could not be written; 3 the run could\n"
	      "  not be set up; 130 interrupted\n",
	      f);
}

/*
 * Exit status 2, saying so on stderr, if out lost anything written to it
 * (a full disk, a closed pipe); else 0. Flushes out, and closes it unless
 * it is stdout. err: the errno of an earlier failed write, if known.
 */
static int output_done(FILE *out, const char *name, int err)
{
	if (fflush(out) && !err)
		err = errno;
	if (ferror(out) && !err)
		err = EIO;
	if (out != stdout && fclose(out) && !err)
		err = errno;
	if (!err)
		return 0;
	fprintf(stderr, "smack-ipc-suite: cannot write %s: %s\n", name, strerror(err));
	return 2;
}

static int bad_usage(const char *what, const char *arg, const char *hint)
{
	fprintf(stderr, "smack-ipc-suite: %s '%s'%s\n", what, arg, hint);
	usage(stderr);
	return 2;
}

/* A whole number in lo..hi into *v; false for anything else. */
static bool number_in(const char *s, unsigned long lo, unsigned long hi, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	return !errno && end != s && !*end && *v >= lo && *v <= hi;
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{"output", required_argument, 0, 'o'}, {"timeout-ms", required_argument, 0, 't'},
		{"workdir", required_argument, 0, 'w'}, {"label-prefix", required_argument, 0, 'p'},
		{"no-mount", no_argument, 0, 'M'}, {"selftest-hang", no_argument, 0, 'H'},
		{"selftest-crash", no_argument, 0, 'C'}, {"version", no_argument, 0, 'V'},
		{"change-global", no_argument, 0, 'G'}, {"dry-run", no_argument, 0, 'n'},
		{"help", no_argument, 0, 'h'}, {"ktap", no_argument, 0, 'K'},
		{"kselftest", no_argument, 0, 'k'}, {"ptest", no_argument, 0, 'P'},
		{"jobs", required_argument, 0, 'j'}, {0, 0, 0, 0}};
	int c;
	unsigned long t;

	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	*o = (struct opts){.workdir = "/tmp", .stem = "sipc", .timeout_ms = 5000, .style = TAP_13,
			   .jobs = cpus < 1 ? 1 : cpus > 8 ? 8 : (unsigned)cpus};
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:t:j:w:p:GnVh", lo, NULL)) != -1) {
		switch (c) {
		case 'o': o->output = optarg; break;
		case 'w': o->workdir = optarg; break;
		case 'p': o->stem = optarg; break;
		case 'M': o->no_mount = true; break;
		case 'G': o->change_global = true; break;
		case 'n': o->dry_run = true; break;
		case 'H': o->selftest_hang = true; break;
		case 'C': o->selftest_crash = true; break;
		case 'K': o->style = TAP_KTAP; break;
		case 'k': o->style = TAP_KTAP; o->kselftest = true; break;
		case 'P': o->style = TAP_PTEST; break;
		case 't':
			if (!number_in(optarg, 10, 600000, &t))
				return bad_usage("bad --timeout-ms", optarg, " (10..600000)");
			o->timeout_ms = (unsigned)t;
			break;
		case 'j':
			if (!number_in(optarg, 1, POOL_MAX, &t))
				return bad_usage("bad --jobs", optarg, " (1..64)");
			o->jobs = (unsigned)t;
			break;
		case 'V':
			puts("smack-ipc-suite " SUITE_VERSION);
			exit(output_done(stdout, STDOUT_NAME, 0));
		case 'h':
			usage(stdout);
			exit(output_done(stdout, STDOUT_NAME, 0));
		default: {
			char opt[3] = {'-', (char)optopt, '\0'};

			return bad_usage("unknown or incomplete option",
					 optopt ? opt : argv[optind - 1], "");
		}
		}
	}
	if (optind < argc && (strcmp(argv[optind], "list") == 0 || strcmp(argv[optind], "run") == 0))
		o->list = strcmp(argv[optind++], "list") == 0;
	o->globs = argv + optind;
	o->nglobs = argc - optind;
	if (o->nglobs > MAX_GLOBS)
		return bad_usage("too many filters starting at", o->globs[MAX_GLOBS], " (at most 64)");
	/* Labels are stem + 4 hex + ".NNNN." + role: keep room for the role. */
	if (strlen(o->stem) > 8 || label_invalid(o->stem) || strchr(o->stem, '.'))
		return bad_usage("bad --label-prefix", o->stem, " (1-8 label characters, no '.')");
	return 0;
}

static size_t select_cases(const struct opts *o, struct selected *sel, int *bad)
{
	const struct family *fams[32];
	bool used[MAX_GLOBS] = {false};
	size_t n = 0;

	suite_families(fams, 32, o->selftest_hang, o->selftest_crash);
	for (int f = 0; fams[f]; f++)
		for (size_t i = 0; i < fams[f]->count(); i++) {
			const char *name = fams[f]->name_of(i);
			bool want = o->nglobs == 0;

			if (!suite_case_wanted(fams[f], i, o->selftest_hang, o->selftest_crash))
				continue;
			for (int g = 0; g < o->nglobs; g++)
				if (fnmatch(o->globs[g], name, 0) == 0)
					want = used[g] = true;
			if (want && n < MAX_SELECTED)
				sel[n++] = (struct selected){fams[f], i};
		}
	*bad = -1;
	for (int g = 0; g < o->nglobs; g++)
		if (!used[g])
			*bad = g;
	return n;
}

/* Every subject that gets a rule, so all can be revoked at the end, whatever happened. */
static char (*subjects)[SMACK_LABEL_MAX + 1];
static size_t nsubjects;

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag;
	return ftw->level > 0 && remove(path) ? -1 : 0;
}

static void empty_dir(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int make_workdir(const char *base, const char *prefix, char *out, size_t len)
{
	snprintf(out, len, "%s/%s.XXXXXX", base, prefix);
	if (!mkdtemp(out)) {
		fprintf(stderr, "smack-ipc-suite: cannot create a directory in %s: %s\n", base,
			strerror(errno));
		return -1;
	}
	/* "*": every label may create its files here; the files get the creator's label. */
	if (setxattr(out, "security.SMACK64", "*", 1, 0)) {
		fprintf(stderr, "smack-ipc-suite: cannot label %s \"*\" (needs a filesystem with "
			"security xattrs, e.g. tmpfs): %s\n", out, strerror(errno));
		rmdir(out);
		return -1;
	}
	return 0;
}

static void label_for(char *buf, const char *prefix, size_t n, const char *role)
{
	snprintf(buf, SMACK_LABEL_MAX + 1, "%s.%04zu.%s", prefix, n, role);
}

/* A global setting a case may change, as found before it ran. */
static struct {
	const char *name;
	char value[4096];
} held;

/*
 * The first entry of table `now` whose key (its address, up to the space)
 * table `before` does not have: one a case added, into buf; false if none.
 * An entry whose label changed has its key in both.
 */
static bool added_entry(const char *before, const char *now, char *buf, size_t len)
{
	for (const char *l = now; *l;) {
		size_t n = strcspn(l, "\n"), k = strcspn(l, " \n");
		const char *b = before;
		bool seen = false;

		while (*b && !seen) {
			size_t m = strcspn(b, "\n");

			seen = strcspn(b, " \n") == k && !strncmp(b, l, k);
			b += m + (b[m] == '\n');
		}
		if (!seen && n) {
			snprintf(buf, len, "%.*s", (int)n, l);
			return true;
		}
		l += n + (l[n] == '\n');
	}
	return false;
}

/*
 * Put a changed global setting back; 0 when it is as found (or nothing is
 * held). A table (netlabel) is put back entry by entry: each entry found
 * before is written again, which restores its label. An entry added since
 * cannot be removed (labels.h), so it is unlabelled where the kernel allows
 * it and the case reports that the table is not as found.
 */
static int restore_held(const struct smackfs *fs, struct yaml *y)
{
	char now[sizeof(held.value)], added[512] = "";
	bool table;
	int e = 0;

	if (!held.name)
		return 0;
	table = smackfs_is_table(held.name);
	if (smackfs_get_setting(fs, held.name, now, sizeof(now)) || strcmp(now, held.value)) {
		if (table && added_entry(held.value, now, added, sizeof(added))) {
			char addr[512];

			snprintf(addr, sizeof(addr), "%.*s -CIPSO", (int)strcspn(added, " "), added);
			if (!strcmp(held.name, "netlabel"))
				smackfs_put_table(fs, held.name, addr);
		}
		if (table)
			smackfs_put_table(fs, held.name, held.value);
		else
			smackfs_put_setting(fs, held.name, held.value);
		e = smackfs_get_setting(fs, held.name, now, sizeof(now));
		if (!e && strcmp(now, held.value))
			e = -EIO;
	}
	if (y) {
		yaml_map(y, 0, "global_setting");
		yaml_str(y, 1, "name", held.name);
		yaml_str(y, 1, "value_before", held.value);
		if (added[0])
			yaml_str(y, 1, "entry_added_cannot_be_deleted", added);
		yaml_bool(y, 1, "restored", e == 0);
	}
	if (e)
		fprintf(stderr, "smack-ipc-suite: cannot restore %s/%s to \"%s\"%s%s: %s\n", fs->path,
			held.name, held.value, added[0] ? "; an entry smackfs cannot delete was added: " : "",
			added, strerror(-e));
	held.name = NULL;
	return e;
}

static bool change_global;
static size_t skipped;

/* Cases that could not set themselves up (a rule, a label, a fork failed). */
static size_t broken;

/* KTAP's top level: one subtest per run of consecutive cases of one family. */
static size_t groups(const struct selected *sel, size_t n)
{
	size_t g = 0;

	for (size_t i = 0; i < n; i++)
		g += i == 0 || sel[i].fam != sel[i - 1].fam;
	return g;
}

/* Open the subtest of the family starting at sel[i]; a name seen before gets a number. */
static void open_group(struct tap *tap, const struct selected *sel, size_t n, size_t i)
{
	size_t count = 0, seen = 0;
	char name[64];

	while (i + count < n && sel[i + count].fam == sel[i].fam)
		count++;
	for (size_t j = 0; j < i; j++)
		seen += (j == 0 || sel[j].fam != sel[j - 1].fam) &&
			!strcmp(sel[j].fam->name, sel[i].fam->name);
	if (seen)
		snprintf(name, sizeof(name), "%s_%zu", sel[i].fam->name, seen + 1);
	else
		snprintf(name, sizeof(name), "%s", sel[i].fam->name);
	tap_group(tap, name, (int)count);
}

/* What one case came to: everything the TAP point needs, made in whichever process ran it. */
enum audit_tally { AUDIT_NONE, AUDIT_RECORDED, AUDIT_MISSING, AUDIT_UNEXPECTED, AUDIT_ERROR };

/*
 * Where a case's time goes, for the benchmark: the runner's phases (rules
 * loaded, access2 asked, the case's processes, revoke and restore, judge,
 * audit records) and, within the processes, the two roles' steps.
 */
enum phase { PH_SETUP, PH_ACCESS2, PH_PROCESS, PH_CLEANUP, PH_JUDGE, PH_AUDIT, PH_COUNT };
static const char *const phase_name[PH_COUNT] = {"rules", "access2", "processes", "cleanup",
						 "judge", "audit"};

struct outcome {
	bool ok, broken, skipped;
	unsigned us[PH_COUNT]; /* microseconds in each phase */
	long minflt;           /* page faults of the case's processes */
	struct role_times roles;
	enum audit_tally audit;
	bool policy_disagrees; /* access2 answered otherwise than the model's rules */
	char directive[8]; /* KTAP's "ERROR"/"TIMEOUT", or "" */
	char skip[700];    /* the SKIP reason, or "" */
	struct yaml y;
};

/*
 * SMACK's audit records: whether the run reads them (audit_why says why
 * not), SMACK's logging level as found, and the read socket of this
 * process (each worker opens its own before its first case).
 */
static struct {
	bool on;
	char why[160];
	char logging[16];
	int fd;
	pid_t owner; /* the process fd belongs to: a worker opens its own */
} audit = {.fd = -1};
static size_t audit_tally[AUDIT_ERROR + 1];
static size_t policy_disagreements; /* cases whose access2 answers differ from the model */
static unsigned long long phase_us[PH_COUNT], print_us; /* summed over the cases printed */
static long long minflt_sum;
static struct role_times role_sum;

/* Held against what the case observed: a record for each refusal, none without. */
static void audit_case(const struct selected *s, const struct case_ctx *ctx, const char *match,
		       int marked, const char *tag, struct outcome *oc)
{
	struct audit_rec r[AUDIT_REC_MAX];
	struct timespec t0, t1;
	int more = 0, n, denied = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	n = audit.fd < 0 ? audit.fd : marked < 0 ? marked
		: audit_collect(audit.fd, tag, match, r, AUDIT_REC_MAX, &more, 2000);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	int denials = s->fam->denials ? s->fam->denials(ctx) : -1;
	struct yaml *y = &oc->y;

	yaml_map(y, 0, "audit");
	yaml_str(y, 1, "logging", audit.logging);
	yaml_int(y, 1, "wait_us", (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000);
	if (denials >= 0)
		yaml_int(y, 1, "denials_observed", denials);
	else
		yaml_str(y, 1, "denials_observed", "unknown (the family cannot tell)");
	if (n < 0) {
		yaml_str(y, 1, "error", n == -ETIMEDOUT ? "the marker record never came back (2 s)"
					: n == -ENOBUFS ? "records lost: the read socket overflowed"
							: strerror(-n));
		oc->audit = AUDIT_ERROR;
		return;
	}
	yaml_int(y, 1, "count", n + more);
	if (n) {
		yaml_map(y, 1, "records");
		for (int i = 0; i < n; i++) {
			char line[700];
			const char *sub = !strcmp(r[i].subject, ctx->sender) ? "S"
					  : !strcmp(r[i].subject, ctx->receiver) ? "R" : r[i].subject;
			const char *obj = !strcmp(r[i].object, ctx->sender) ? "S"
					  : !strcmp(r[i].object, ctx->receiver) ? "R" : r[i].object;

			snprintf(line, sizeof(line), "fn=%s action=%s subject=%s object=%s requested=%s",
				 r[i].fn, r[i].action, sub, obj, r[i].requested[0] ? r[i].requested : "-");
			yaml_item(y, 2, line);
			/* Granted records (logging 2, bring-up's unconfined) are shown, not refusals. */
			denied += !strcmp(r[i].action, "denied");
		}
	}
	denied += more; /* past the list: counted as refusals, the safe side for a finding */
	if (denials > 0 && denied == 0) {
		yaml_str(y, 1, "finding", "SMACK refused, but the kernel wrote no audit record");
		oc->audit = AUDIT_MISSING;
	} else if (denials == 0 && denied > 0) {
		yaml_str(y, 1, "finding", "a denied record, but the case saw no refusal");
		oc->audit = AUDIT_UNEXPECTED;
	} else {
		oc->audit = denied ? AUDIT_RECORDED : AUDIT_NONE;
	}
}

static void skip_outcome(struct outcome *oc, const struct selected *s, const char *why)
{
	yaml_str(&oc->y, 0, "family", s->fam->name);
	snprintf(oc->skip, sizeof(oc->skip), "%s", why);
	oc->ok = oc->skipped = true;
}

/*
 * The kernel's policy answer for each access the case depends on (smackfs
 * access2), under the rules just loaded, beside what those rules mean to
 * the model. Asked before the case runs, so it is the policy it faced.
 */
static void ask_policy(const struct env *env, const struct selected *s,
		       const struct case_ctx *ctx, const struct rule_spec *rules, int nr,
		       struct outcome *oc, struct yaml *y)
{
	struct access acc[CASE_MAX_ACCESSES];
	int na = s->fam->accesses ? s->fam->accesses(s->index, env->kver, acc, CASE_MAX_ACCESSES) : 0;

	if (!na)
		return;
	yaml_map(y, 0, "access2");
	for (int k = 0; k < na; k++) {
		const char *sub = acc[k].subject == 'S' ? ctx->sender
				  : acc[k].subject == 'R' ? ctx->receiver : "_";
		const char *obj = acc[k].object == 'S' ? ctx->sender
				  : acc[k].object == 'R' ? ctx->receiver : "_";
		int kernel = smackfs_access(&env->fs, sub, obj, acc[k].mode);
		bool model = rules_allow(rules, nr, &acc[k]);
		char line[160];

		if (kernel < 0)
			snprintf(line, sizeof(line), "%c %c %s: not asked (%s)", acc[k].subject,
				 acc[k].object, acc[k].mode, strerror(-kernel));
		else
			snprintf(line, sizeof(line), "%c %c %s = %d%s", acc[k].subject, acc[k].object,
				 acc[k].mode, kernel, kernel == model ? ""
				 : model ? ", but the rules grant it" : ", but the rules do not grant it");
		oc->policy_disagrees |= kernel >= 0 && kernel != model;
		yaml_item(y, 1, line);
	}
}

/* Microseconds from *t to now, and *t moves to now. */
static long us_since(struct timespec *t)
{
	return (long)(proc_lap_ns(t) / 1000);
}

/* Load the case's rules, run it, revoke; fills oc. */
static void run_one(const struct env *env, const struct selected *s, size_t n,
		    struct case_ctx *ctx, const char *prefix, struct outcome *oc)
{
	const char *global = s->fam->global_of ? s->fam->global_of(s->index) : NULL;
	const char *sr, *rr, *skip;
	struct rule_spec rules[CASE_MAX_RULES];
	struct case_status st;
	struct yaml *y = &oc->y;
	char why[700] = "", match[48], tag[300];
	int nr, err = 0, marked = 0;
	enum verdict v;
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	memset(oc, 0, offsetof(struct outcome, y));
	yaml_init(y);
	/* Joined before the case runs: the group carries only what comes after. */
	if (audit.on && audit.owner != getpid()) {
		if (audit.fd >= 0)
			close(audit.fd);
		audit.fd = audit_listen();
		audit.owner = getpid();
	}
	if (s->fam->skip && (skip = s->fam->skip(s->index)))
		return skip_outcome(oc, s, skip);
	if (global && !change_global) {
		snprintf(why, sizeof(why), "changes the global SMACK setting %s; pass --change-global "
			 "to allow it (it is restored after the case)", global);
		return skip_outcome(oc, s, why);
	}
	if (global) {
		err = smackfs_get_setting(&env->fs, global, held.value, sizeof(held.value));
		if (err)
			snprintf(why, sizeof(why), "cannot read %s/%s: %s", env->fs.path, global,
				 strerror(-err));
		else
			held.name = global;
	}
	s->fam->roles(s->index, &sr, &rr);
	label_for(ctx->sender, prefix, n, sr);
	label_for(ctx->receiver, prefix, n, rr);
	ctx->index = s->index;
	if (s->fam->shm_size > ctx->shm_size)
		abort(); /* a family outgrew the shared area: a build-time mistake */
	memset(ctx->shm, 0, ctx->shm_size);
	nr = s->fam->rules(s->index, rules);
	for (int i = 0; i < nr && !err; i++) {
		const char *sub = rules[i].subject == 'S' ? ctx->sender : ctx->receiver;
		const char *obj = rules[i].object == 'S' ? ctx->sender : ctx->receiver;

		err = smackfs_set_rule(&env->fs, sub, obj, rules[i].access);
		if (err)
			snprintf(why, sizeof(why), "cannot load rule \"%s %s %s\": %s", sub, obj,
				 rules[i].access, strerror(-err));
	}
	oc->us[PH_SETUP] = us_since(&t);
	if (!err) {
		ask_policy(env, s, ctx, rules, nr, oc, y);
		oc->us[PH_ACCESS2] = us_since(&t);
		memset(ctx->times, 0, sizeof(*ctx->times));
		roles_time_into(ctx->times);
		proc_run_case(s->fam->body, ctx, ctx->timeout_ms, &st);
		oc->roles = *ctx->times;
		oc->minflt = st.minflt;
		/*
		 * Every process of the case is gone, so its records are queued and
		 * the kernel delivers them while we clean up. Not so for a network
		 * family: the kernel still takes its sockets down after the
		 * processes end (4.9 logs a denial for that), so its marker waits.
		 */
		snprintf(match, sizeof(match), "%s.%04zu.", prefix, n);
		if (audit.on && audit.fd >= 0 && !s->fam->solo)
			marked = audit_mark(audit.fd, match, tag, sizeof(tag));
		oc->us[PH_PROCESS] = us_since(&t);
		if (st.end != CASE_EXITED)
			case_status_describe(&st, ctx->timeout_ms, why, sizeof(why));
	}
	for (int i = 0; i < nr; i++)
		smackfs_revoke_subject(&env->fs, rules[i].subject == 'S' ? ctx->sender : ctx->receiver);
	empty_dir(ctx->workdir);
	if (restore_held(&env->fs, y) && !why[0])
		snprintf(why, sizeof(why), "could not restore the global setting %s", global);
	oc->us[PH_CLEANUP] = us_since(&t);
	if (why[0])
		yaml_str(y, 0, "error", why);
	if (err) {
		/* The rules (or the global setting) never got in: the kernel was not asked. */
		yaml_str(y, 0, "family", s->fam->name);
		yaml_str(y, 0, "broken", why);
		v = VERDICT_BROKEN;
	} else {
		/* A case that died is still shown with what it saw before. */
		v = s->fam->judge(ctx, &st, y);
	}
	oc->ok = !why[0] && v == VERDICT_PASS;
	oc->broken = v == VERDICT_BROKEN;
	yaml_int(y, 0, "elapsed_ms", (long)(err ? 0 : st.elapsed_ms));
	oc->us[PH_JUDGE] = us_since(&t);
	if (audit.on && !err && s->fam->solo && audit.fd >= 0)
		marked = audit_mark(audit.fd, match, tag, sizeof(tag));
	if (audit.on && !err)
		audit_case(s, ctx, match, marked, tag, oc);
	oc->us[PH_AUDIT] = us_since(&t);
	/* KTAP (kselftest) names a hang and a crash; a broken case is an error too. */
	snprintf(oc->directive, sizeof(oc->directive), "%s",
		 err ? "ERROR" : st.end == CASE_TIMEOUT ? "TIMEOUT"
		 : st.end != CASE_EXITED || oc->broken ? "ERROR" : "");
}

/* Its rules' subjects, so all can be revoked at the end, whatever happened. */
static void note_subjects(const struct selected *s, size_t n, const char *prefix)
{
	struct rule_spec rules[CASE_MAX_RULES];
	const char *sr, *rr;
	int nr = s->fam->rules(s->index, rules);

	s->fam->roles(s->index, &sr, &rr);
	for (int i = 0; i < nr; i++) {
		label_for(subjects[nsubjects], prefix, n, rules[i].subject == 'S' ? sr : rr);
		nsubjects += nsubjects == 0 || strcmp(subjects[nsubjects], subjects[nsubjects - 1]);
	}
}

/* Whether a case must run with no other case beside it. */
static bool solo(const struct selected *s)
{
	return s->fam->solo || (s->fam->global_of && s->fam->global_of(s->index));
}

/* The run, shared with the workers (they inherit it at fork). */
struct run {
	const struct env *env;
	const struct selected *sel;
	const char *prefix;
	struct case_ctx *ctx; /* [0] the runner's own, [1 + slot] each worker's */
};

static size_t work(size_t job, unsigned slot, void *result, size_t max, void *arg)
{
	struct run *r = arg;

	(void)max;
	run_one(r->env, &r->sel[job], job, &r->ctx[1 + slot], r->prefix, result);
	return sizeof(struct outcome);
}

/*
 * --dry-run: what a run would touch, without touching it. Labels are
 * PREFIX.NNNN.ROLE, PREFIX being the stem and four random hex digits.
 */
static int dry_run(const struct opts *o, const struct selected *sel, size_t n)
{
	size_t globals = 0;

	printf("# dry run: nothing is changed. Labels: %s<4 hex>.NNNN.ROLE; smackfs is mounted at "
	       "/sys/fs/smackfs for the run (and unmounted after) if it is not mounted;\n"
	       "# a scratch directory %s/%s<4 hex>.XXXXXX labelled \"*\" is made and removed.\n",
	       o->stem, o->workdir, o->stem);
	for (size_t i = 0; i < n; i++) {
		const struct family *f = sel[i].fam;
		const char *sr, *rr, *g = f->global_of ? f->global_of(sel[i].index) : NULL;
		struct rule_spec r[CASE_MAX_RULES];
		int nr = f->rules(sel[i].index, r);

		f->roles(sel[i].index, &sr, &rr);
		printf("%s:", f->name_of(sel[i].index));
		if (nr == 0)
			printf(" no rules");
		for (int k = 0; k < nr; k++)
			printf("%s %sXXXX.%04zu.%s %sXXXX.%04zu.%s %s", k ? ";" : " rules", o->stem, i,
			       r[k].subject == 'S' ? sr : rr, o->stem, i, r[k].object == 'S' ? sr : rr,
			       r[k].access);
		if (g) {
			globals++;
			printf("; global %s (%s)", g, o->change_global ? "changed, then restored"
								  : "skipped: no --change-global");
		}
		putchar('\n');
	}
	printf("# %zu cases; %zu change a global setting%s; every rule is revoked after its case "
	       "and again at the end\n", n, globals, o->change_global ? "" : " (skipped)");
	return output_done(stdout, STDOUT_NAME, 0);
}

/*
 * Internal: "--report-label FD OFFSET" is how a case learns the label a
 * program runs with after exec: write it, and its length after 256 bytes,
 * into the case's shared memory.
 */
static int report_label(char **argv)
{
	int fd = atoi(argv[2]);
	long off = atol(argv[3]);
	char label[SMACK_LABEL_MAX + 1];
	char *base;

	if (label_get_self(label, sizeof(label)))
		return 3;
	base = mmap(NULL, (size_t)off + 512, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (base == MAP_FAILED)
		return 3;
	memcpy(base + off, label, strlen(label));
	memcpy(base + off + 256, &(int){(int)strlen(label)}, sizeof(int));
	return 0;
}

/* Whether SMACK's audit records can be read here; the runner's own socket if so. */
static void audit_probe(const struct env *env)
{
	int fd = audit_listen(), e;

	if (fd < 0) {
		snprintf(audit.why, sizeof(audit.why), "%s",
			 fd == -EPROTONOSUPPORT ? "the kernel has no audit (CONFIG_AUDIT)"
			 : fd == -EPERM ? "no CAP_AUDIT_READ" : strerror(-fd));
		return;
	}
	e = smackfs_get_setting(&env->fs, "logging", audit.logging, sizeof(audit.logging));
	if (e)
		snprintf(audit.logging, sizeof(audit.logging), "unknown");
	audit.fd = fd;
	audit.owner = getpid();
	audit.on = true;
}

/* Each process that runs cases gets its own shared memory and scratch directory. */
static int ctx_init(struct case_ctx *ctx, unsigned count, const struct opts *o,
		    const char *prefix, const struct env *env)
{
	for (unsigned i = 0; i < count; i++) {
		struct case_ctx *c = &ctx[i];

		c->shm_size = 1 << 16;
		/* A memfd, not anonymous memory: a program a case execs can map it too. */
		c->shm_fd = memfd_create("sipc-shm", 0);
		c->shm = c->shm_fd < 0 || ftruncate(c->shm_fd, (off_t)c->shm_size)
				 ? MAP_FAILED
				 : mmap(NULL, c->shm_size, PROT_READ | PROT_WRITE, MAP_SHARED,
					c->shm_fd, 0);
		if (c->shm == MAP_FAILED) {
			fprintf(stderr, "smack-ipc-suite: cannot make shared memory: %s\n",
				strerror(errno));
			return -1;
		}
		c->times = mmap(NULL, sizeof(*c->times), PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (c->times == MAP_FAILED) {
			fprintf(stderr, "smack-ipc-suite: cannot make shared memory: %s\n",
				strerror(errno));
			return -1;
		}
		if (make_workdir(o->workdir, prefix, c->workdir, sizeof(c->workdir)))
			return -1;
		c->timeout_ms = o->timeout_ms;
		c->kver = env->kver;
		c->fs = &env->fs;
		c->runner_label = env->self_label;
	}
	return 0;
}

/* A case whose worker died under it: the kernel may have been asked, but nothing came back. */
static void lost_outcome(struct outcome *oc, const struct selected *s, int status)
{
	char how[64];

	memset(oc, 0, offsetof(struct outcome, y));
	yaml_init(&oc->y);
	yaml_str(&oc->y, 0, "family", s->fam->name);
	yaml_str(&oc->y, 0, "error", "the worker process running this case died; its rules "
		 "are revoked at the end of the run");
	if (WIFSIGNALED(status))
		snprintf(how, sizeof(how), "worker killed by SIG%s",
			 sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?");
	else
		snprintf(how, sizeof(how), "worker exited %d", WEXITSTATUS(status));
	yaml_str(&oc->y, 0, "broken", how);
	oc->broken = true;
	snprintf(oc->directive, sizeof(oc->directive), "ERROR");
}

/*
 * Run the n selected cases, in workers when there is a pool, and print
 * each TAP point in case order as soon as it and all before it are done.
 * Solo cases run in this process while no worker has a case. Returns the
 * cases printed; *passed counts those that passed.
 */
static size_t run_cases(struct run *r, struct pool *pool, size_t n, struct tap *tap,
			size_t *passed)
{
	struct outcome **done = calloc(n + 1, sizeof(*done));
	size_t next = 0, printed = 0;
	bool stopping = !done;

	while (printed < n && !tap->err) {
		bool here = next < n && !stopping && (!pool || solo(&r->sel[next]));
		struct outcome *oc;

		if (here && (!pool || !pool_busy(pool))) {
			/* In this process: one case at a time, or a solo case. */
			if (!(done[next] = malloc(sizeof(**done))))
				break;
			note_subjects(&r->sel[next], next, r->prefix);
			run_one(r->env, &r->sel[next], next, &r->ctx[0], r->prefix, done[next]);
			next++;
			stopping = proc_poll_stop();
		} else if (!here && next < n && !stopping && pool_idle(pool)) {
			if (pool_submit(pool, next))
				break;
			note_subjects(&r->sel[next], next, r->prefix);
			next++;
			continue; /* fill every idle worker before waiting */
		} else if (pool && pool_busy(pool)) {
			size_t job;
			int sig = 0;
			long got;

			if (!(oc = malloc(sizeof(*oc))))
				break;
			got = pool_wait(pool, &job, oc, &sig);
			if (got == -EINTR) {
				free(oc);
				proc_stop = sig;
				stopping = true;
				pool_signal(pool, sig); /* each worker ends its case and reports it */
				continue;
			}
			if (got < 0 && got != -EPIPE) {
				free(oc);
				break;
			}
			if (got == -EPIPE)
				lost_outcome(oc, &r->sel[job], pool->died);
			done[job] = oc;
		} else {
			break; /* stopping, and nothing is running any more */
		}
		for (; printed < n && done[printed]; printed++) {
			const struct selected *s = &r->sel[printed];

			struct timespec t;

			oc = done[printed];
			clock_gettime(CLOCK_MONOTONIC, &t);
			if (printed == 0 || s->fam != r->sel[printed - 1].fam)
				open_group(tap, r->sel, n, printed);
			tap_point(tap, oc->ok, s->fam->name_of(s->index), oc->skip[0] ? oc->skip : NULL,
				  oc->directive[0] ? oc->directive : NULL, &oc->y);
			print_us += us_since(&t);
			for (int k = 0; k < PH_COUNT; k++)
				phase_us[k] += oc->us[k];
			role_sum.runs += oc->roles.runs;
			minflt_sum += oc->minflt;
			for (int k = 0; k < STEP_COUNT; k++)
				role_sum.ns[k] += oc->roles.ns[k];
			*passed += oc->ok;
			audit_tally[oc->audit]++;
			policy_disagreements += oc->policy_disagrees;
			skipped += oc->skipped;
			broken += oc->broken;
			free(oc);
			done[printed] = NULL;
		}
	}
	/* Whatever still runs (a write error stopped us) ends and is reaped by pool_stop. */
	for (size_t i = 0; done && i < n; i++)
		free(done[i]);
	free(done);
	return printed;
}

int main(int argc, char **argv)
{
	static struct selected sel[MAX_SELECTED];
	struct opts o;
	struct env env;
	struct case_ctx *ctx;
	struct pool pool;
	struct run r;
	unsigned jobs, nctx;
	int err;
	struct tap tap;
	char prefix[32];
	unsigned short rnd = 0;
	size_t n, ran, passed = 0;
	struct timespec t0, t1;
	double secs;
	int bad, left;
	FILE *out = stdout;
	const char *out_name;

	if (argc == 4 && strcmp(argv[1], "--report-label") == 0)
		return report_label(argv);
	/* Internal, for vm/benchmark.sh -f: what a case's operations cost here. */
	if (argc >= 2 && argc <= 3 && strcmp(argv[1], "--floor") == 0) {
		unsigned long runs = 300;

		if (argc == 3 && !number_in(argv[2], 1, 100000, &runs))
			return bad_usage("bad --floor runs", argv[2], " (1..100000)");
		return floor_bench((unsigned)runs, stdout);
	}
	/* Internal, for the guest's test that a running audit daemon is left alone. */
	if (argc == 3 && strcmp(argv[1], "--audit-standin") == 0) {
		sigset_t stop;

		sigemptyset(&stop);
		sigaddset(&stop, SIGTERM);
		sigaddset(&stop, SIGINT);
		sigprocmask(SIG_BLOCK, &stop, NULL);
		return audit_standin(argv[2]);
	}
	if (parse(argc, argv, &o))
		return 2;
	n = select_cases(&o, sel, &bad);
	if (bad >= 0) {
		fprintf(stderr, "smack-ipc-suite: no case matches '%s' (try: smack-ipc-suite list)\n",
			o.globs[bad]);
		return 2;
	}
	if (o.list) {
		for (size_t i = 0; i < n; i++)
			puts(sel[i].fam->name_of(sel[i].index));
		return output_done(stdout, STDOUT_NAME, 0);
	}
	if (o.dry_run)
		return dry_run(&o, sel, n);
	if (o.output && !(out = fopen(o.output, "we"))) {
		fprintf(stderr, "smack-ipc-suite: cannot write %s: %s\n", o.output, strerror(errno));
		return 2;
	}
	out_name = o.output ? o.output : STDOUT_NAME;
	if (!probe_env(&env, !o.no_mount)) {
		int rc;

		tap_skip_all(&tap, out, env.why_not, o.style);
		rc = output_done(out, out_name, tap.err);
		fprintf(stderr, "smack-ipc-suite: skipped: %s\n", env.why_not);
		/* kselftest's KSFT_SKIP: a runner that reads exit 0 would call this a pass. */
		return rc ? rc : o.kselftest ? 4 : 0;
	}
	/* GRND_NONBLOCK: a fresh guest on an old kernel can wait minutes for entropy. */
	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
		rnd = (unsigned short)(getpid() ^ time(NULL));
	snprintf(prefix, sizeof(prefix), "%s%04x", o.stem, rnd);
	subjects = calloc(CASE_MAX_RULES * n + 1, sizeof(*subjects));
	jobs = n < o.jobs ? (n ? (unsigned)n : 1) : o.jobs;
	nctx = jobs + 1;
	ctx = calloc(nctx, sizeof(*ctx));
	/* A closed reader must not kill us with rules loaded; write errors are checked. */
	signal(SIGPIPE, SIG_IGN);
	if (!subjects || !ctx || proc_init() || ctx_init(ctx, nctx, &o, prefix, &env)) {
		fprintf(out, "Bail out! cannot set up the run (see stderr)\n");
		for (unsigned i = 0; ctx && i < nctx; i++)
			if (ctx[i].workdir[0])
				rmdir(ctx[i].workdir);
		if (env.mounted_smackfs)
			umount(env.fs.path);
		return 3;
	}
	change_global = o.change_global;
	audit_probe(&env);
	r = (struct run){&env, sel, prefix, ctx};
	if (jobs > 1 && (err = pool_start(&pool, jobs, sizeof(struct outcome), work, &r))) {
		fprintf(stderr, "smack-ipc-suite: cannot start %u workers (%s); running one case at "
			"a time\n", jobs, strerror(-err));
		jobs = 1;
	}

	tap_begin(&tap, out, o.style == TAP_KTAP ? (int)groups(sel, n) + 1 : (int)n + 1, o.style);
	tap_comment(&tap, "smack-ipc-suite %s", SUITE_VERSION);
	tap_comment(&tap, "kernel: %s", env.release);
	tap_comment(&tap, "lsm: %s", env.lsm[0] ? env.lsm : "(no /sys/kernel/security/lsm)");
	tap_comment(&tap, "runner label: %s; smackfs: %s (%s)", env.self_label, env.fs.path,
		    env.fs.has_load2 ? "load2" : "load");
	tap_comment(&tap, "label prefix: %s; workdir: %s; timeout: %u ms; jobs: %u", prefix,
		    ctx[0].workdir, o.timeout_ms, jobs);
	if (audit.on)
		tap_comment(&tap, "audit: SMACK records read from the audit multicast group; "
			    "smackfs logging %s", audit.logging);
	else
		tap_comment(&tap, "audit: not read: %s", audit.why);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ran = run_cases(&r, jobs > 1 ? &pool : NULL, n, &tap, &passed);
	if (jobs > 1)
		pool_stop(&pool);
	tap_group_end(&tap);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	tap_comment(&tap, "%zu cases in %.3f s (%.1f cases/s)", ran, secs, secs > 0 ? ran / secs : 0);
	if (ran) {
		/* Means: the guest's clock may tick only every few ms (jiffies). */
		char line[256];
		int len = 0;
		unsigned long long k2 = role_sum.runs ? role_sum.runs * 1000 : 1;

		for (int k = 0; k < PH_COUNT; k++)
			len += snprintf(line + len, sizeof(line) - len, "%s%s %llu", k ? ", " : "",
					phase_name[k], phase_us[k] / ran);
		tap_comment(&tap, "mean us per case: %s; printing the TAP %llu", line, print_us / ran);
		len = 0;
		for (int k = 0; k < STEP_COUNT; k++)
			len += snprintf(line + len, sizeof(line) - len, "%s%s %llu", k ? ", " : "",
					role_step_name[k], role_sum.ns[k] / k2);
		tap_comment(&tap, "mean us per two-role case: %s (%llu cases)", line, role_sum.runs);
		/* Each costs a copy under emulation: what a fork leaves the roles to pay. */
		tap_comment(&tap, "mean page faults per case (its processes): %.1f", (double)minflt_sum / ran);
	}

	restore_held(&env.fs, NULL);
	/* Revoke everything again (covers an interrupted case), then check load2 is clean. */
	for (size_t i = 0; i < nsubjects; i++)
		smackfs_revoke_subject(&env.fs, subjects[i]);
	left = smackfs_count_rules(&env.fs, prefix);
	if (proc_poll_stop()) {
		fprintf(out, "Bail out! interrupted by signal %d; %d rules left under %s\n",
			proc_stop, left, prefix);
	} else {
		struct yaml y;

		yaml_init(&y);
		yaml_int(&y, 0, "rules_left", left);
		yaml_int(&y, 0, "subjects_revoked", (long)nsubjects);
		yaml_int(&y, 0, "access2_disagreements", (long)policy_disagreements);
		if (audit.on) {
			yaml_map(&y, 0, "audit");
			yaml_int(&y, 1, "refusals_with_record", (long)audit_tally[AUDIT_RECORDED]);
			yaml_int(&y, 1, "refusals_without_record", (long)audit_tally[AUDIT_MISSING]);
			yaml_int(&y, 1, "records_without_refusal", (long)audit_tally[AUDIT_UNEXPECTED]);
			yaml_int(&y, 1, "errors", (long)audit_tally[AUDIT_ERROR]);
		}
		tap_point(&tap, left == 0, "runner_revoked_every_rule_it_created", NULL, NULL, &y);
		passed += left == 0;
	}
	for (unsigned i = 0; i < nctx; i++)
		rmdir(ctx[i].workdir);
	/* Leave the system as found: smackfs goes away again if we mounted it. */
	if (env.mounted_smackfs && umount(env.fs.path))
		fprintf(stderr, "smack-ipc-suite: cannot unmount %s: %s\n", env.fs.path,
			strerror(errno));
	if (output_done(out, out_name, tap.err))
		return 2;
	/* The one line a board's log keeps. */
	fprintf(stderr, "smack-ipc-suite: %s: %zu passed, %zu failed, %zu broken, %zu skipped of %zu "
		"(kernel %s)\n", proc_stop ? "INTERRUPTED" : passed == n + 1 ? "PASS" : "FAIL",
		passed - skipped, ran + !proc_stop - passed - broken, broken, skipped, n + 1,
		env.release);
	return proc_stop ? 130 : passed == n + 1 ? 0 : 1;
}
