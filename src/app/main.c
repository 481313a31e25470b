/*
 * main.c - progdb's entry point: global options, the database path, and
 * dispatch to a command (see cli.h).
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "progdb/cli.h"
#include "progdb/diag.h"
#include "version.h"

static int
usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "progdb: %s%s\nusage: progdb [--db PATH] [-q] "
	    "COMMAND [ARGS]\nTry 'progdb --help'.\n", msg, arg);
	return PDB_EXIT_USAGE;
}

static int
unknown_command(const char *name)
{
	const char *s = cli_suggest_command(name);

	fprintf(stderr, "progdb: no command '%s'", name);
	if (s != NULL)
		fprintf(stderr, " (did you mean '%s'?)", s);
	fprintf(stderr, "\nTry 'progdb --help'.\n");
	return PDB_EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, OPT_DB},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct pdb_cli cli = {0};
	int handled;
	const char *env = getenv("PROGDB_DB");
	int c;

	/* Only the character set: numbers are always printed the C way. */
	setlocale(LC_CTYPE, "");
	cli.db_path = env != NULL && *env != '\0' ? env : "progdb.db";
	cli.now = (int64_t)time(NULL);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_DB:
			cli.db_path = optarg;
			break;
		case 'q':
			cli.quiet = 1;
			diag_set_quiet(1);
			break;
		case 'h':
			cli_print_main_help();
			return PDB_EXIT_OK;
		case 'V':
			printf("progdb %s\n", PROGDB_VERSION);
			return PDB_EXIT_OK;
		case ':':
			return usage_error("option needs a value: ",
			    argv[optind - 1]);
		default:
			return usage_error("unknown option ", argv[optind - 1]);
		}
	}
	if (optind == argc)
		return usage_error("no command given", "");
	cli.cmd = cli_find(argv[optind]);
	if (cli.cmd == NULL)
		return unknown_command(argv[optind]);
	argc -= optind;
	argv += optind;
	optind = 0;	/* glibc: start the command's getopt afresh */
	c = cli_server_run(&cli, argc, argv, &handled);
	if (handled)
		return c;
	return cli.cmd->run(&cli, argc, argv);
}
