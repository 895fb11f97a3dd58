/*
 * smack-ipc-report: turns a matrix run directory into summary.json,
 * report.md, report.html and junit.xml, or compares two kernel runs.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "escape.h"

static const char usage[] =
	"usage: smack-ipc-report render RUN_DIR\n"
	"       smack-ipc-report diff A B\n"
	"       smack-ipc-report --help\n"
	"\n"
	"render RUN_DIR  write RUN_DIR/summary.json, report.md, report.html and junit.xml\n"
	"                (each through a temporary file and rename)\n"
	"diff A B        print the cases whose observation or status differs between two\n"
	"                kernel runs; A and B are kernel directories (holding main.tap)\n"
	"                or RUN_DIR:NAME\n"
	"\n"
	"exit status: 0 all ok (render: every kernel and case ok; diff: no difference),\n"
	"             1 something failed or differs, 2 bad input or usage, or output\n"
	"             that could not be written\n";

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
	const char *cmd;
	int nargs;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage, stdout);
			return finish(0);
		}
		if (argv[i][0] == '-' && argv[i][1])
			return bad_usage("unknown option", argv[i]);
	}
	if (argc < 2)
		return bad_usage("missing command (render or diff)", NULL);
	cmd = argv[1];
	nargs = argc - 2;
	if (!strcmp(cmd, "render")) {
		if (nargs != 1)
			return bad_usage("render takes one argument: RUN_DIR", NULL);
		return finish(cmd_render(argv[2]));
	}
	if (!strcmp(cmd, "diff")) {
		if (nargs != 2)
			return bad_usage("diff takes two arguments: A B", NULL);
		return finish(cmd_diff(argv[2], argv[3], stdout));
	}
	return bad_usage("unknown command", cmd);
}
