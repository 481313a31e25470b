/*
 * cli_query.c - the command-line side of the canned queries (query.h):
 * --since and --until as a window, and the note that nothing was ingested.
 */
#include <stdio.h>

#include "progdb/cli.h"
#include "progdb/date.h"
#include "progdb/query.h"

/* Reads a --since or --until value; *days as date_parse_cli() sets it. */
static int
window_time(const struct pdb_cli *cli, const char *option, const char *arg,
    int64_t *t, int *days)
{
	*days = 0;
	return arg == NULL ? 0 : cli_parse_time(cli, option, arg, t, days);
}

int
query_parse_window(const struct pdb_cli *cli, const char *since,
    const char *until, int64_t end, struct pdb_window *w)
{
	int since_days, until_days;

	w->until = end;
	w->since = end - QUERY_WEEK;
	if (window_time(cli, "--since", since, &w->since, &since_days) != 0 ||
	    window_time(cli, "--until", until, &w->until, &until_days) != 0)
		return -1;
	/* --until 2025-11-23 includes that whole day, --until last-week
	 * that whole week; --since last-week alone is that week. */
	if (until_days > 0)
		w->until = date_local_midnight(date_local_day(w->until) +
		    until_days);
	else if (until == NULL && since_days == 7)
		w->until = date_local_midnight(date_local_day(w->since) + 7);
	if (w->until > end && until == NULL)
		w->until = end;
	if (w->until <= w->since) {
		cli_usage_error(cli, "--until must come after --since");
		return -1;
	}
	query_window(w);
	return 0;
}

void
query_note_empty(const struct pdb_cli *cli, struct pdb_store *st)
{
	int runs, docs;

	if (cli->quiet || query_present(st, &runs, &docs) != 0)
		return;
	if (runs == 0)
		fprintf(stderr, "progdb %s: nothing has been ingested "
		    "into %s yet; run 'progdb ingest PATH...' first\n",
		    cli->cmd->name, cli->db_path);
	else if (docs == 0)
		fprintf(stderr, "progdb %s: %s holds no documents: "
		    "the ingests so far found no Markdown files\n",
		    cli->cmd->name, cli->db_path);
}
