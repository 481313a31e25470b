/*
 * cli.h - the command line: the command table, the options every command
 * shares, help and usage errors.
 *
 * Each command lives in src/cmd_<name>.c as
 *     int cmd_<name>(struct pdb_cli *cli, int argc, char **argv);
 * where argv[0] is the command's name; it returns an enum pdb_exit value.
 */
#ifndef PROGDB_CLI_H
#define PROGDB_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>

#include "progdb/exit.h"
#include "progdb/format.h"

/* What every command knows: global options and the clock. */
struct pdb_cli {
	const char		*db_path;	/* --db, $PROGDB_DB, "progdb.db" */
	int			 quiet;		/* -q: no warnings, no summary */
	int64_t			 now;		/* seconds since the epoch */
	const struct pdb_cmd	*cmd;		/* the command running */
};

struct pdb_cmd {
	const char	*name;
	int		(*run)(struct pdb_cli *, int, char **);
	const char	*synopsis;	/* "ingest [options] PATH..." */
	const char	*summary;	/* one line for `progdb --help` */
	const char	*help;		/* options and examples */
	int		 hidden;	/* not listed (debugging aids) */
};

/* Long-only option codes shared by commands (above any short option). */
enum {
	OPT_DB = 256,
	OPT_FORMAT,
	OPT_AS_OF,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_TEMPLATES,		/* --include-templates */
	OPT_DOC,
	OPT_FIRST_COMMAND_OPTION,	/* commands number theirs from here */
};

/* Options every command takes; end each command's table with these. */
#define PDB_COMMON_OPTIONS						\
	{"db", required_argument, NULL, OPT_DB},			\
	{"quiet", no_argument, NULL, 'q'},				\
	{"help", no_argument, NULL, 'h'},				\
	{NULL, 0, NULL, 0}
/* Begin each command's short options with these (':' reports a missing
 * argument apart from an unknown option). */
#define PDB_COMMON_SHORT	":qh"

/*
 * getopt_long over a command's options with errors handled here (main()
 * resets getopt before it runs a command).  Returns
 * the next option as getopt_long does, -1 at the end, or, having printed
 * the reason, PDB_OPT_EXIT with *status set: after --help (0) or a usage
 * error (2).  Common options are applied to cli and not returned.
 */
#define PDB_OPT_EXIT	(-2)
int	cli_getopt(struct pdb_cli *cli, int argc, char **argv,
	    const char *shortopts, const struct option *longopts, int *status);

/* Prints "progdb CMD: <message>", the synopsis and a hint; returns 2. */
int	cli_usage_error(const struct pdb_cli *cli, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Parses a --format value; on error reports it and returns -1. */
int	cli_parse_format(const struct pdb_cli *cli, const char *arg,
	    enum pdb_format *f);
/* Parses a time option (date.h forms; *days as date_parse_cli() sets it);
 * on error reports it, returns -1. */
int	cli_parse_time(const struct pdb_cli *cli, const char *option,
	    const char *arg, int64_t *t, int *days);

/*
 * Where a command puts the options several commands share; a NULL member
 * is an option the command does not take.
 */
struct pdb_common_dest {
	enum pdb_format	 *format;	/* --format */
	int		 *templates;	/* --include-templates: 1 */
	const char	**since;	/* --since, as given */
	const char	**until;	/* --until, as given */
	const char	**doc;		/* --doc */
	int64_t		 *as_of;	/* --as-of (cli_parse_as_of_time()) */
	char		 *as_of_at;	/* char[20]: --as-of (cli_parse_as_of()) */
	int		 *as_of_set;	/* --as-of given: 1 */
};
/* Applies getopt's option c when it is one d takes: returns 1, 0 when it
 * is not, -1 after a usage error. */
int	cli_common_option(const struct pdb_cli *cli, int c,
	    const struct pdb_common_dest *d);

/* The one of names (n) nearest to a misspelt word, or NULL. */
const char *cli_closest(const char *word, const char *const *names,
	    size_t n);
/* commands.c: the command called name, or NULL. */
const struct pdb_cmd *cli_find(const char *name);
/* The listed command nearest to a misspelt word, or NULL. */
const char *cli_suggest_command(const char *word);
/* --as-of: TIME, or a day meaning its end, as UTC 'YYYY-MM-DD HH:MM:SS'. */
int	cli_parse_as_of(const struct pdb_cli *cli, const char *arg,
	    char at[20]);
/* The same as seconds since the epoch. */
int	cli_parse_as_of_time(const struct pdb_cli *cli, const char *arg,
	    int64_t *t);
/* Writes `progdb --help` (the command list and exit statuses). */
void	cli_print_main_help(void);
/* Writes a command's help text. */
void	cli_print_help(const struct pdb_cmd *cmd);
/*
 * If argv (a command and its arguments) has --server URL, runs the command
 * once per pushed repository whose name matches --repo GLOB (all when
 * absent), each against a private copy of that repository's rows, and
 * returns the worst exit status; *handled is set.  Otherwise returns 0
 * with *handled 0.  argv is rearranged (the two options removed).
 * (cmd_push.c; the copying is pg_server_each().)
 */
int	cli_server_run(struct pdb_cli *cli, int argc, char **argv, int *handled);

/* The command-line side of the canned queries (cli_query.c). */
struct pdb_store;
struct pdb_window;
/*
 * Sets *w from --since and --until (either may be NULL) and fills its text
 * forms.  end is the default end, exclusive: the second after "now", so
 * that what an ingest stamped in the current second is in the window.  By
 * default the window is the week before end (QUERY_WEEK); a day given to
 * --until includes that day, a week (last-week) that week; a week given to
 * --since without --until is that week, up to end.  Returns 0, or -1
 * after a usage error.
 */
int	query_parse_window(const struct pdb_cli *cli, const char *since,
	    const char *until, int64_t end, struct pdb_window *w);
/* Says on stderr (unless quiet) that nothing was ingested yet, or that
 * nothing found was a document, if so. */
void	query_note_empty(const struct pdb_cli *cli, struct pdb_store *st);

/* The commands, each defined next to its code in src/cmd_<name>.c. */
extern const struct pdb_cmd pdb_cmd_burndown;
extern const struct pdb_cmd pdb_cmd_check;
extern const struct pdb_cmd pdb_cmd_debt;
extern const struct pdb_cmd pdb_cmd_debug;
extern const struct pdb_cmd pdb_cmd_due;
extern const struct pdb_cmd pdb_cmd_flow;
extern const struct pdb_cmd pdb_cmd_help;
extern const struct pdb_cmd pdb_cmd_ingest;
extern const struct pdb_cmd pdb_cmd_items;
extern const struct pdb_cmd pdb_cmd_milestones;
extern const struct pdb_cmd pdb_cmd_next;
extern const struct pdb_cmd pdb_cmd_push;
extern const struct pdb_cmd pdb_cmd_report;
extern const struct pdb_cmd pdb_cmd_risks;
extern const struct pdb_cmd pdb_cmd_search;
extern const struct pdb_cmd pdb_cmd_sql;
extern const struct pdb_cmd pdb_cmd_status;
extern const struct pdb_cmd pdb_cmd_weekly;

#endif
