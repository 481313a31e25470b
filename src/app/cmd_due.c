/*
 * cmd_due.c - `progdb due` (also `progdb items --due`): open items that
 * are overdue or due soon, counted per owner or milestone, and due dates
 * that slipped.  The statements are schema/queries/due.sql.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/cli.h"
#include "progdb/date.h"
#include "progdb/query.h"
#include "progdb/render.h"
#include "progdb/store.h"

enum {
	OPT_WITHIN = OPT_FIRST_COMMAND_OPTION,
	OPT_BY,
	OPT_SLIPPED,
	OPT_OWNER,
	OPT_MILESTONE,
	OPT_TODAY,
};

struct due_opts {
	enum pdb_format	 format;
	int		 templates;
	int		 slipped;
	int		 within;	/* days; -1: no limit */
	const char	*by;		/* "owner", "milestone" or NULL */
	const char	*owner;
	const char	*milestone;
	char		 today[11];	/* YYYY-MM-DD */
};

/* "14", "14d" or "2w": days, else -1. */
static int
parse_within(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || v < 0 || v > 36500)
		return -1;
	if (strcmp(end, "w") == 0)
		return (int)v * 7;
	return *end == '\0' || strcmp(end, "d") == 0 ? (int)v : -1;
}

static int
parse_today(const struct pdb_cli *cli, const char *s, char today[11])
{
	int64_t days;

	if (strlen(s) != 10 || date_parse(s, 10, &days) != 0)
		return cli_usage_error(cli, "--today: '%s' is not a day "
		    "(YYYY-MM-DD)", s);
	date_format_day(days, today);
	return 0;
}

/* Applies one option; returns nonzero after a usage error. */
static int
apply_option(struct pdb_cli *cli, int c, struct due_opts *o)
{
	const struct pdb_common_dest d = {.format = &o->format,
	    .templates = &o->templates};
	int k;

	if ((k = cli_common_option(cli, c, &d)) != 0)
		return k < 0;
	switch (c) {
	case OPT_WITHIN:
		if ((o->within = parse_within(optarg)) < 0)
			return cli_usage_error(cli, "--within: '%s' is not a "
			    "number of days (14, 14d or 2w)", optarg);
		return 0;
	case OPT_BY:
		if (strcmp(optarg, "owner") != 0 &&
		    strcmp(optarg, "milestone") != 0)
			return cli_usage_error(cli, "--by: unknown grouping "
			    "'%s' (expected owner or milestone)", optarg);
		o->by = optarg;
		return 0;
	case OPT_SLIPPED:
		o->slipped = 1;
		return 0;
	case OPT_OWNER:
		o->owner = optarg;
		return 0;
	case OPT_MILESTONE:
		o->milestone = optarg;
		return 0;
	case OPT_TODAY:
		return parse_today(cli, optarg, o->today);
	default:
		return 0;
	}
}

static int
read_options(struct pdb_cli *cli, int argc, char **argv, struct due_opts *o,
    int *status)
{
	static const struct option longopts[] = {
		{"within", required_argument, NULL, OPT_WITHIN},
		{"by", required_argument, NULL, OPT_BY},
		{"slipped", no_argument, NULL, OPT_SLIPPED},
		{"owner", required_argument, NULL, OPT_OWNER},
		{"milestone", required_argument, NULL, OPT_MILESTONE},
		{"today", required_argument, NULL, OPT_TODAY},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"include-templates", no_argument, NULL, OPT_TEMPLATES},
		PDB_COMMON_OPTIONS};
	int c;

	*status = PDB_EXIT_USAGE;
	while ((c = cli_getopt(cli, argc, argv, PDB_COMMON_SHORT, longopts,
	    status)) != -1)
		if (c == PDB_OPT_EXIT || apply_option(cli, c, o) != 0)
			return -1;
	if (optind < argc) {
		cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (o->slipped && (o->by != NULL || o->within >= 0)) {
		cli_usage_error(cli, "--slipped takes neither --by nor --within");
		return -1;
	}
	return 0;
}

static int
run_due(struct pdb_cli *cli, int argc, char **argv)
{
	struct due_opts o = {.within = -1};
	struct pdb_store st;
	sqlite3_stmt *s = NULL;
	int rc;

	if (read_options(cli, argc, argv, &o, &rc) != 0)
		return rc;
	if (o.today[0] == '\0')
		date_format_day(date_local_day(cli->now), o.today);
	const struct pdb_param params[] = {
		PDB_TEXT(":today", o.today),
		{":within", o.within >= 0 ? PDB_PARAM_INT : PDB_PARAM_NULL,
		    NULL, o.within},
		PDB_TEXT(":by", o.by),
		PDB_TEXT(":owner", o.owner),
		PDB_TEXT(":milestone", o.milestone),
		PDB_INT(":templates", o.templates),
	};
	struct pdb_render_opts ro = {.format = o.format};

	if ((rc = store_open(cli->db_path, PDB_OPEN_READ, &st)) == 0) {
		query_note_empty(cli, &st);
		rc = query_prepare(&st, o.slipped ? "due.slipped" : o.by ?
		    "due.by" : "due.list", params,
		    sizeof(params) / sizeof(*params), &s);
	}
	if (rc == 0 && render_stmt(s, &ro, stdout) < 0)
		rc = ferror(stdout) ? PDB_EXIT_INPUT : store_fail(&st,
		    "running the query");
	sqlite3_finalize(s);
	store_close(&st);
	return rc;
}

const struct pdb_cmd pdb_cmd_due = {
	.name = "due",
	.run = run_due,
	.synopsis = "due [--within DAYS] [--by owner|milestone] [--slipped] "
	    "[--owner NAME] [--milestone KEY] [--today DAY] [options]",
	.summary = "open items overdue or due soon; due dates that slipped",
	.help =
	    "Lists open items that have a due date, soonest first, with their\n"
	    "owner, milestone and days left (negative: overdue).  Due dates are\n"
	    "read from every common dialect: 📅 2025-11-30, [due:: 2025-11-30],\n"
	    "due:2025-11-30, (due 2025-11-30), Due: and ETA labels, an arrow\n"
	    "(-> 2025-11-30), and weeks or quarters (2025-W48, 2025-Q4, Q4\n"
	    "2025: due on their last day).  A due date that changes between\n"
	    "ingests is recorded (due-changed); --slipped lists the items whose\n"
	    "date moved later, how often and by how many days.\n"
	    "`progdb items --due` is the same command.\n"
	    "\nOptions:\n"
	    "  --within DAYS         overdue items and those due within DAYS\n"
	    "                        (14, 14d or 2w); default: all\n"
	    "  --by owner|milestone  counts per owner or milestone instead:\n"
	    "                        overdue, due, next due day, most days late\n"
	    "  --slipped             items whose due date moved later\n"
	    "  --owner NAME          one owner's items (any case)\n"
	    "  --milestone KEY       one milestone's items ('Phase 2')\n"
	    "  --today DAY           count from DAY (YYYY-MM-DD) instead of\n"
	    "                        today\n"
	    "  --format FMT          text (default), csv, json or md\n"
	    "  --include-templates   count template documents too\n"
	    "\nExamples:\n  progdb due --within 14d\n"
	    "  progdb due --by owner\n"
	    "  progdb due --slipped --format md\n",
};
