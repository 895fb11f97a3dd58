/*
 * smack-ipc-report: turns a matrix run directory into summary.json,
 * report.md, report.html and junit.xml, or a KCIDB document, or compares
 * two kernel runs.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "escape.h"

static const char usage[] =
	"usage: smack-ipc-report render RUN_DIR\n"
	"       smack-ipc-report diff A B\n"
	"       smack-ipc-report kcidb RUN_DIR [-o FILE]\n"
	"       smack-ipc-report --help\n"
	"\n"
	"render RUN_DIR  write RUN_DIR/summary.json, report.md, report.html and junit.xml\n"
	"                (each through a temporary file and rename)\n"
	"diff A B        print the cases whose observation or status differs between two\n"
	"                kernel runs; A and B are kernel directories (holding main.tap)\n"
	"                or RUN_DIR:NAME\n"
	"kcidb RUN_DIR   write the run as a KCIDB I/O document (schema v5: checkouts,\n"
	"                builds, tests; origin smack_ipc) to standard output, or to\n"
	"                FILE with -o (through a temporary file and rename)\n"
	"\n"
	"exit status: 0 all ok (render: every kernel and case ok; diff: no difference;\n"
	"             kcidb: the document was written), 1 something failed or differs,\n"
	"             2 bad input or usage, or output that could not be written\n";

/* A usage error: what is wrong, and the argument it is about (NULL: none). */
static int bad_usage(const char *what, const char *arg)
{
	if (arg)
		term_msg("%s '%s'", what, arg);
	else
		term_msg("%s", what);
	fputs("Try 'smack-ipc-report --help'.\n", stderr);
	return 2;
}

/* Output that could not be written is a failure, whatever the command found. */
static int finish(int rc)
{
	errno = 0;
	if (fflush(stdout) || ferror(stdout) || fclose(stdout)) {
		if (rc != 2)	/* else the command has said so already */
			term_msg("write error: standard output: %s", strerror(errno ? errno : EIO));
		return 2;
	}
	return rc;
}

int main(int argc, char **argv)
{
	const char *cmd, *out = NULL, *pos[2];
	bool kcidb = argc > 1 && !strcmp(argv[1], "kcidb");
	int nargs = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage, stdout);
			return finish(0);
		}
		/* -o FILE: kcidb's only option; FILE may start with '-' ("-" is stdout). */
		if (kcidb && i > 1 && !strcmp(argv[i], "-o")) {
			if (i + 1 == argc)
				return bad_usage("option -o needs a FILE", NULL);
			if (out)
				return bad_usage("-o given twice", NULL);
			out = argv[++i];
			if (!*out)
				return bad_usage("-o needs a FILE, not ''", NULL);
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1])
			return bad_usage("unknown option", argv[i]);
		if (i > 1 && nargs < 2)
			pos[nargs] = argv[i];
		nargs += i > 1;
	}
	if (argc < 2)
		return bad_usage("missing command (render, diff or kcidb)", NULL);
	cmd = argv[1];
	if (!strcmp(cmd, "render")) {
		if (nargs != 1)
			return bad_usage("render takes one argument: RUN_DIR", NULL);
		return finish(cmd_render(pos[0]));
	}
	if (!strcmp(cmd, "diff")) {
		if (nargs != 2)
			return bad_usage("diff takes two arguments: A B", NULL);
		return finish(cmd_diff(pos[0], pos[1], stdout));
	}
	if (kcidb) {
		if (nargs != 1)
			return bad_usage("kcidb takes one argument: RUN_DIR (and -o FILE)", NULL);
		return finish(cmd_kcidb(pos[0], out));
	}
	return bad_usage("unknown command", cmd);
}
