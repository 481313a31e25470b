/*
 * cmd_flow.c - `progdb flow`: throughput per ISO week, cycle and lead
 * time per milestone or document, the items behind them, and aging work
 * in progress.  Each part is a statement of schema/queries/flow.sql over
 * the view v_item_flow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/cli.h"
#include "progdb/date.h"
#include "progdb/diag.h"
#include "progdb/query.h"
#include "progdb/render.h"
#include "progdb/store.h"

#define DEFAULT_WEEKS	12
#define TEXT_ROWS	25	/* per part in text; other formats: all */

enum {
	OPT_BY = OPT_FIRST_COMMAND_OPTION,
};

static const struct {
	const char	*key;
	const char	*title;
} parts[] = {
	{"throughput", "Throughput per week (completed, added)"},
	{"cycle_time", "Cycle and lead time in days (median, 85th percentile)"},
	{"aging", "Aging work in progress, oldest first"},
	{"cycle_items", "Completed items with their cycle and lead time"},
};
#define NPARTS (sizeof(parts) / sizeof(*parts))

struct flow_opts {
	enum pdb_format	 format;
	int		 templates;
	const char	*by;		/* milestone, doc or owner */
	struct pdb_window w;
};

static int
parse_by(struct pdb_cli *cli, const char *arg, const char **by)
{
	static const char *const names[] = {"milestone", "doc", "owner"};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		if (strcmp(arg, names[i]) == 0) {
			*by = names[i];
			return 0;
		}
	}
	cli_usage_error(cli, "--by: unknown value '%s' (expected milestone, "
	    "doc or owner)", arg);
	return -1;
}

static int
read_options(struct pdb_cli *cli, int argc, char **argv,
    struct flow_opts *o, int *status)
{
	static const struct option longopts[] = {
		{"since", required_argument, NULL, OPT_SINCE},
		{"as-of", required_argument, NULL, OPT_AS_OF},
		{"by", required_argument, NULL, OPT_BY},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"include-templates", no_argument, NULL, OPT_TEMPLATES},
		PDB_COMMON_OPTIONS
	};
	const char *since = NULL;
	const struct pdb_common_dest d = {.format = &o->format,
	    .templates = &o->templates, .since = &since, .as_of = &cli->now};
	int c;

	*status = PDB_EXIT_USAGE;
	while ((c = cli_getopt(cli, argc, argv, PDB_COMMON_SHORT, longopts,
	    status)) != -1) {
		if (c == PDB_OPT_EXIT || cli_common_option(cli, c, &d) < 0)
			return -1;
		switch (c) {
		case OPT_BY:
			if (parse_by(cli, optarg, &o->by) != 0)
				return -1;
			break;
		}
	}
	if (optind < argc) {
		cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	/* --since is read last: relative to --as-of. */
	o->w.until = cli->now;
	o->w.since = cli->now - DEFAULT_WEEKS * 7 * 86400;
	if (since != NULL && cli_parse_time(cli, "--since", since,
	    &o->w.since, NULL) != 0)
		return -1;
	if (o->w.until <= o->w.since) {
		cli_usage_error(cli, "--since must come before --as-of");
		return -1;
	}
	query_window(&o->w);
	return 0;
}

static int
prepare_parts(struct pdb_store *st, const struct flow_opts *o,
    struct pdb_part p[NPARTS])
{
	const struct pdb_param params[] = {
		PDB_TEXT(":since_at", o->w.since_at),
		PDB_TEXT(":until_at", o->w.until_at),
		PDB_TEXT(":since_day", o->w.since_day),
		PDB_INT(":templates", o->templates),
		PDB_TEXT(":by", o->by),
	};
	char name[64];
	int rc = 0;

	for (size_t i = 0; i < NPARTS && rc == 0; i++) {
		snprintf(name, sizeof(name), "flow.%s", parts[i].key);
		p[i].key = parts[i].key;
		p[i].title = parts[i].title;
		rc = query_prepare(st, name, params,
		    sizeof(params) / sizeof(*params), &p[i].stmt);
	}
	return rc;
}

static int
run_flow(struct pdb_cli *cli, int argc, char **argv)
{
	struct flow_opts o = {.format = PDB_FORMAT_TEXT, .by = "milestone"};
	struct pdb_render_opts ro = {0};
	struct pdb_part p[NPARTS] = {{0}};
	struct pdb_store st;
	char heading[80];
	int rc;

	if (read_options(cli, argc, argv, &o, &rc) != 0)
		return rc;
	ro.format = o.format;
	if ((rc = store_open(cli->db_path, PDB_OPEN_READ, &st)) != 0)
		goto out;
	query_note_empty(cli, &st);
	rc = prepare_parts(&st, &o, p);
	if (rc == 0) {
		const struct pdb_meta meta[] = {
			{"since", o.w.since_day}, {"until", o.w.until_day},
			{"by", o.by},
		};

		snprintf(heading, sizeof(heading), "Flow from %s to %s",
		    o.w.since_day, o.w.until_day);
		if (render_parts(heading, meta, 3, p, NPARTS, &ro, TEXT_ROWS,
		    stdout) < 0)
			rc = ferror(stdout) ? PDB_EXIT_INPUT :
			    store_fail(&st, "running the flow queries");
	}
	for (size_t i = 0; i < NPARTS; i++)
		sqlite3_finalize(p[i].stmt);
out:
	store_close(&st);
	return rc;
}

const struct pdb_cmd pdb_cmd_flow = {
	.name = "flow",
	.run = run_flow,
	.synopsis = "flow [--since TIME] [--by milestone|doc|owner] [options]",
	.summary = "throughput, cycle and lead time, aging work in progress",
	.help =
	    "Reads the history ingests stored (run ingest regularly, or ingest\n"
	    "--git) and reports, for the window from --since to now:\n"
	    "  throughput   per ISO week, items completed and items added;\n"
	    "  cycle time   per milestone (or document, or owner): items\n"
	    "               completed, median and 85th percentile (nearest\n"
	    "               rank) of cycle time and lead time in days;\n"
	    "  aging        items in progress now, oldest first, with since\n"
	    "               when and how many days;\n"
	    "  cycle items  each completed item with its cycle and lead time.\n"
	    "An item is added when its created date (\xE2\x9E\x95, [created::]) says,\n"
	    "else when an ingest first saw it, except for what the database's\n"
	    "first ingest found (no known start).  It starts when first seen in\n"
	    "progress, else when added.  Cycle time runs from start to done,\n"
	    "lead time from added to done; items whose start is unknown are\n"
	    "left out of both.  Dates are local days (TZ).\n"
	    "\n"
	    "Options:\n"
	    "  --since TIME          start of the window (default: 12w)\n"
	    "  --as-of TIME          what \"now\" is (a day: its end)\n"
	    "  --by KEY              group cycle times by milestone (default),\n"
	    "                        doc, or owner\n"
	    "  --format FMT          text (default), md, json or csv\n"
	    "  --include-templates   count template documents too\n"
	    "\n"
	    "JSON: one object with since, until, by and one array per part:\n"
	    "throughput [{week, starts, completed, added}], cycle_time [{name,\n"
	    "items, cycle_median, cycle_p85, with_lead, lead_median, lead_p85}]\n"
	    "(the last, name \"(all)\", all of them), aging [{item, path, line, milestone,\n"
	    "since, known, age_days}], cycle_items [{item, path, line,\n"
	    "milestone, done, cycle_days, lead_days}].\n"
	    "\n"
	    "Examples:\n"
	    "  progdb flow\n"
	    "  progdb flow --since 2025-09-01 --by doc --format md\n",
};
