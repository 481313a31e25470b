/*
 * cli.c - the option handling every command shares: common options,
 * usage errors with suggestions, help for one command, --format and time
 * arguments.  The command table and `help` are commands.c's.
 */
#include "progdb/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/date.h"
#include "progdb/diag.h"
#include "progdb/escape.h"

/* Edit distance, for "did you mean" (short strings only). */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

const char *
cli_closest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; i < n; i++) {
		size_t d = distance(word, names[i]);

		if (d < bestd || (strncmp(word, names[i], strlen(word)) == 0 &&
		    strlen(word) >= 2 && d < 99 && best == NULL)) {
			best = names[i];
			bestd = d < bestd ? d : bestd;
		}
	}
	return best;
}

static void
print_escaped(FILE *f, const char *s)
{
	struct pdb_buf b = {0};

	escape_terminal(s, strlen(s), &b);
	fputs(buf_cstr(&b), f);
	buf_free(&b);
}

int
cli_usage_error(const struct pdb_cli *cli, const char *fmt, ...)
{
	struct pdb_buf msg = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "progdb %s: ", cli->cmd->name);
	print_escaped(stderr, buf_cstr(&msg));
	fprintf(stderr, "\nusage: progdb %s\nTry 'progdb %s --help'.\n",
	    cli->cmd->synopsis, cli->cmd->name);
	buf_free(&msg);
	return PDB_EXIT_USAGE;
}

static int
unknown_option(const struct pdb_cli *cli, const char *arg,
    const struct option *longopts)
{
	const char *names[64];
	size_t n = 0, len;
	char word[64];
	const char *s;

	if (strncmp(arg, "--", 2) != 0)
		return cli_usage_error(cli, "unknown option '%s'", arg);
	len = strcspn(arg + 2, "=");
	snprintf(word, sizeof(word), "%.*s", (int)len, arg + 2);
	for (; longopts[n].name != NULL && n < 64; n++)
		names[n] = longopts[n].name;
	s = cli_closest(word, names, n);
	if (s != NULL)
		return cli_usage_error(cli, "unknown option '--%s' (did you "
		    "mean '--%s'?)", word, s);
	return cli_usage_error(cli, "unknown option '--%s'", word);
}

int
cli_getopt(struct pdb_cli *cli, int argc, char **argv, const char *shortopts,
    const struct option *longopts, int *status)
{
	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, argv, shortopts, longopts, NULL);

		switch (c) {
		case OPT_DB:
			cli->db_path = optarg;
			continue;
		case 'q':
			cli->quiet = 1;
			diag_set_quiet(1);
			continue;
		case 'h':
			cli_print_help(cli->cmd);
			*status = PDB_EXIT_OK;
			return PDB_OPT_EXIT;
		case ':':
			*status = cli_usage_error(cli, "option '%s' needs a "
			    "value", argv[optind - 1]);
			return PDB_OPT_EXIT;
		case '?':
			*status = optopt != 0 ? cli_usage_error(cli,
			    "unknown option '-%c'", optopt) :
			    unknown_option(cli, argv[optind - 1], longopts);
			return PDB_OPT_EXIT;
		default:
			return c;
		}
	}
}

int
cli_parse_format(const struct pdb_cli *cli, const char *arg,
    enum pdb_format *f)
{
	if (render_format_from_name(arg, f) == 0)
		return 0;
	cli_usage_error(cli, "--format: unknown value '%s' (expected %s)", arg,
	    render_format_names());
	return -1;
}

int
cli_parse_time(const struct pdb_cli *cli, const char *option,
    const char *arg, int64_t *t, int *days)
{
	if (date_parse_cli(arg, cli->now, t, days) == 0)
		return 0;
	cli_usage_error(cli, "%s: cannot read '%s' as a time (expected e.g. "
	    "2025-11-17, 2025-11-17T09:00, 7d, 2w, monday, last-week)", option, arg);
	return -1;
}

int
cli_parse_as_of_time(const struct pdb_cli *cli, const char *arg, int64_t *t)
{
	int days;

	if (cli_parse_time(cli, "--as-of", arg, t, &days) != 0)
		return -1;
	if (days > 0)
		*t = date_local_midnight(date_local_day(*t) + days);
	return 0;
}

int
cli_parse_as_of(const struct pdb_cli *cli, const char *arg, char at[20])
{
	int64_t t;

	if (cli_parse_as_of_time(cli, arg, &t) != 0)
		return -1;
	date_format_utc(t, at);
	return 0;
}

/* --as-of into whichever of d's places the command has. */
static int
common_as_of(const struct pdb_cli *cli, const struct pdb_common_dest *d)
{
	if (d->as_of != NULL &&
	    cli_parse_as_of_time(cli, optarg, d->as_of) != 0)
		return -1;
	if (d->as_of_at != NULL &&
	    cli_parse_as_of(cli, optarg, d->as_of_at) != 0)
		return -1;
	if (d->as_of_set != NULL)
		*d->as_of_set = 1;
	return 1;
}

int
cli_common_option(const struct pdb_cli *cli, int c,
    const struct pdb_common_dest *d)
{
	if (c == OPT_FORMAT && d->format != NULL)
		return cli_parse_format(cli, optarg, d->format) != 0 ? -1 : 1;
	if (c == OPT_TEMPLATES && d->templates != NULL)
		return *d->templates = 1;
	if (c == OPT_SINCE && d->since != NULL)
		return *d->since = optarg, 1;
	if (c == OPT_UNTIL && d->until != NULL)
		return *d->until = optarg, 1;
	if (c == OPT_DOC && d->doc != NULL)
		return *d->doc = optarg, 1;
	if (c == OPT_AS_OF && (d->as_of != NULL || d->as_of_at != NULL))
		return common_as_of(cli, d);
	return 0;
}

/* The commands that take --server (pg_server.c runs them). */
static int
cmd_reads_server(const char *name)
{
	static const char *const readers[] = {"burndown", "debt", "items",
	    "milestones", "report", "risks", "search", "sql", "status",
	    "weekly", NULL};

	for (int i = 0; readers[i] != NULL; i++)
		if (strcmp(readers[i], name) == 0)
			return 1;
	return 0;
}

void
cli_print_help(const struct pdb_cmd *cmd)
{
	printf("usage: progdb %s\n\n%s\n", cmd->synopsis, cmd->help);
	printf("Common options:\n"
	    "  --db PATH      database file (default: $PROGDB_DB, else "
	    "./progdb.db)\n"
	    "  -q, --quiet    no warnings and no summary on stderr\n"
	    "  -h, --help     show this help\n");
	if (cmd_reads_server(cmd->name))
		printf("\nServer options (see 'progdb help push'):\n"
		    "  --server URL   read what was pushed to a PostgreSQL "
		    "server instead\n"
		    "  --repo GLOB    only the repositories whose name matches "
		    "GLOB\n");
}
