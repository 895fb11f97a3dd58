/*
 * smack-ipc-report: turns a matrix run directory into summary.json,
 * report.md, report.html and junit.xml, or compares two kernel runs.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

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
	"             1 something failed or differs, 2 bad input or usage\n";

static int bad_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int bad_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("smack-ipc-report: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'smack-ipc-report --help'.\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	const char *cmd;
	int nargs;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage, stdout);
			return 0;
		}
		if (argv[i][0] == '-' && argv[i][1])
			return bad_usage("unknown option '%s'", argv[i]);
	}
	if (argc < 2)
		return bad_usage("missing command (render or diff)");
	cmd = argv[1];
	nargs = argc - 2;
	if (!strcmp(cmd, "render")) {
		if (nargs != 1)
			return bad_usage("render takes one argument: RUN_DIR");
		return cmd_render(argv[2]);
	}
	if (!strcmp(cmd, "diff")) {
		if (nargs != 2)
			return bad_usage("diff takes two arguments: A B");
		return cmd_diff(argv[2], argv[3], stdout);
	}
	return bad_usage("unknown command '%s'", cmd);
}
