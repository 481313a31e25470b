/*
 * commands.c - the command table: finding a command by name (with a
 * suggestion for a near miss), the list `progdb --help` prints, and the
 * `help` command.  Only main.c and `help` look commands up, so the
 * commands call down into cli.c and nothing there calls back up.
 */
#include "progdb/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* Sorted by name: `progdb --help` lists them in this order. */
static const struct pdb_cmd *const commands[] = {
	&pdb_cmd_burndown,
	&pdb_cmd_check,
	&pdb_cmd_debt,
	&pdb_cmd_debug,
	&pdb_cmd_due,
	&pdb_cmd_flow,
	&pdb_cmd_help,
	&pdb_cmd_ingest,
	&pdb_cmd_items,
	&pdb_cmd_milestones,
	&pdb_cmd_next,
	&pdb_cmd_push,
	&pdb_cmd_report,
	&pdb_cmd_risks,
	&pdb_cmd_search,
	&pdb_cmd_sql,
	&pdb_cmd_status,
	&pdb_cmd_weekly,
};
#define NCOMMANDS (sizeof(commands) / sizeof(*commands))

const struct pdb_cmd *
cli_find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

const char *
cli_suggest_command(const char *word)
{
	const char *names[NCOMMANDS];
	size_t n = 0;

	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!commands[i]->hidden)
			names[n++] = commands[i]->name;
	return cli_closest(word, names, n);
}

void
cli_print_main_help(void)
{
	printf("usage: progdb [--db PATH] [-q] COMMAND [ARGS]\n"
	    "       progdb --version | --help | help COMMAND\n\n"
	    "Turns the Markdown progress documents a team writes (trackers, "
	    "checklists,\nprogress logs, risk registers) into a SQLite "
	    "database, and answers questions\nabout it.\n\nCommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!commands[i]->hidden)
			printf("  %-11s %s\n", commands[i]->name,
			    commands[i]->summary);
	printf("\nEnvironment:\n"
	    "  PROGDB_DB   database file when --db is not given "
	    "(default ./progdb.db)\n"
	    "  TZ          time zone for dates shown and read\n"
	    "  NO_COLOR    no colour, even on a terminal\n"
	    "\nExit status:\n"
	    "  0  success\n"
	    "  1  check found problems\n"
	    "  2  usage error\n"
	    "  3  ingest --strict: done, with warnings (without --strict: 0)\n"
	    "  4  nothing done: an input path is unusable\n"
	    "  5  database error (missing, corrupt, newer, read-only, "
	    "disk full, server)\n"
	    "  6  database locked by another process for too long\n"
	    "\nRun 'progdb help COMMAND' for a command's options.\n");
}

static int
run_help(struct pdb_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {PDB_COMMON_OPTIONS};
	const struct pdb_cmd *cmd;
	int c, status;

	while ((c = cli_getopt(cli, argc, argv, PDB_COMMON_SHORT, longopts,
	    &status)) != -1)
		if (c == PDB_OPT_EXIT)
			return status;
	if (optind == argc) {
		cli_print_main_help();
		return PDB_EXIT_OK;
	}
	if (optind + 1 < argc)
		return cli_usage_error(cli, "one command at a time");
	cmd = cli_find(argv[optind]);
	if (cmd == NULL) {
		const char *s = cli_suggest_command(argv[optind]);

		return s != NULL ? cli_usage_error(cli, "no command '%s' (did "
		    "you mean '%s'?)", argv[optind], s) :
		    cli_usage_error(cli, "no command '%s'", argv[optind]);
	}
	cli_print_help(cmd);
	return PDB_EXIT_OK;
}

const struct pdb_cmd pdb_cmd_help = {
	.name = "help",
	.run = run_help,
	.synopsis = "help [COMMAND]",
	.summary = "show help for progdb or for one command",
	.help = "Shows the list of commands, or the options of COMMAND (the "
	    "same as\n'progdb COMMAND --help').\n",
};
