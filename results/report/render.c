/* `render RUN_DIR`: the four reports, each replaced atomically; `kcidb RUN_DIR`. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "emit.h"
#include "escape.h"

bool write_atomic(const char *dir, const char *name,
		  void (*emit)(FILE *, const struct run *), const struct run *r,
		  char *err, size_t errlen)
{
	char *tmp = xasprintf("%s/.%s.XXXXXX", dir, name);
	char *dst = xasprintf("%s/%s", dir, name);
	bool ok = false;
	mode_t mask;
	FILE *f;
	int fd;

	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create a temporary file: %s", dst, strerror(errno));
		goto out;
	}
	/* mkstemp() makes it 0600; a report is for whoever may read the run. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) || !(f = fdopen(fd, "w"))) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	emit(f, r);
	errno = 0;
	ok = !fflush(f) && !ferror(f) && !fsync(fileno(f));
	if (!ok)
		snprintf(err, errlen, "%s: write failed: %s", tmp,
			 strerror(errno ? errno : EIO));
	if (fclose(f) && ok) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		ok = false;
	}
	if (ok && rename(tmp, dst)) {
		snprintf(err, errlen, "%s: rename: %s", dst, strerror(errno));
		ok = false;
	}
	if (!ok)
		unlink(tmp);
out:
	free(tmp);
	free(dst);
	return ok;
}

int cmd_render(const char *run_dir)
{
	static const struct {
		const char *name;
		void (*emit)(FILE *, const struct run *);
	} out[] = {
		{ "summary.json", emit_json },
		{ "report.md", emit_md },
		{ "report.html", emit_html },
		{ "junit.xml", emit_junit },
	};
	struct run r;
	char err[4096];
	int rc;

	run_init(&r);
	if (!run_load(&r, run_dir, err, sizeof(err))) {
		term_msg("%s", err);
		run_free(&r);
		return 2;
	}
	run_warn_problems(&r);
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++) {
		if (!write_atomic(run_dir, out[i].name, out[i].emit, &r, err, sizeof(err))) {
			term_msg("%s", err);
			run_free(&r);
			return 2;
		}
	}
	rc = run_failed(&r) ? 1 : 0;
	{
		size_t bad, not_ok, broken, missing;

		run_totals(&r, &bad, &not_ok, &broken, &missing);
		term_str(stdout, run_dir);
		printf(": %s; %zu kernel%s, %zu case%s, %zu failed, %zu broken, %zu missing",
		       rc ? "FAILED" : "PASSED", r.nk, r.nk == 1 ? "" : "s", r.nc,
		       r.nc == 1 ? "" : "s", not_ok - broken, broken, missing);
		if (r.nunexplained)
			printf(", %zu UNEXPLAINED transition%s", r.nunexplained,
			       r.nunexplained == 1 ? "" : "s");
		puts("; wrote summary.json report.md report.html junit.xml");
	}
	run_free(&r);
	return rc;
}

int cmd_kcidb(const char *run_dir, const char *out)
{
	struct run r;
	char err[4096];
	int rc = 0;

	run_init(&r);
	if (!run_load(&r, run_dir, err, sizeof(err))) {
		term_msg("%s", err);
		run_free(&r);
		return 2;
	}
	run_warn_problems(&r);
	if (!out || !strcmp(out, "-")) {
		emit_kcidb(stdout, &r);	/* main() checks that it was written */
	} else {
		const char *slash = strrchr(out, '/');
		char *dir = slash ? xstrndup(out, (size_t)(slash - out)) : xstrdup(".");

		if (!*dir) {
			free(dir);
			dir = xstrdup("/");
		}
		if (!write_atomic(dir, slash ? slash + 1 : out, emit_kcidb, &r, err, sizeof(err))) {
			term_msg("%s", err);
			rc = 2;
		}
		free(dir);
	}
	run_free(&r);
	return rc;
}
