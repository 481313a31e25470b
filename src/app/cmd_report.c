/*
 * cmd_report.c - `progdb report`: the whole picture in one document, as
 * Markdown, a self-contained HTML page or JSON (see report.h), written to
 * stdout or atomically to a file.  This file gathers the report from the
 * canned queries the other commands run and hands it to a writer; it
 * formats nothing itself.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/cli.h"
#include "progdb/config.h"
#include "progdb/date.h"
#include "progdb/diag.h"
#include "progdb/outfile.h"
#include "progdb/query.h"
#include "progdb/report.h"
#include "progdb/store.h"


enum {
	OPT_TEMPLATES = OPT_FIRST_COMMAND_OPTION,
	OPT_INTO,
};

static const struct {
	const char	*name;
	int		(*write)(struct pdb_report *, FILE *);
} formats[] = {
	{"md", render_report_md},
	{"html", render_report_html},
	{"json", render_report_json},
};
#define NFORMATS (sizeof(formats) / sizeof(*formats))

/* The tables of the report: statement, JSON key, heading. */
static const struct {
	const char	*query;
	const char	*key;
	const char	*title;
} lists[PDB_RL_COUNT] = {
	[PDB_RL_COMPLETED] = {"weekly.completed", "completed", "Completed"},
	[PDB_RL_ADDED] = {"weekly.added", "added", "Added"},
	[PDB_RL_REOPENED] = {"weekly.reopened", "reopened", "Reopened"},
	[PDB_RL_RISKS] = {"lists.risks", "risks", "Open risks"},
	[PDB_RL_DEBT] = {"lists.debt", "debt", "Open tech debt"},
	[PDB_RL_LOG] = {"weekly.log_entries", "log_entries", "Log entries"},
	[PDB_RL_FINDINGS] = {"check.findings", "findings", "Check findings"},
	[PDB_RL_MOVED] = {"weekly.milestones", "milestones_moved",
	    "Milestones that moved"},
	[PDB_RL_DISAGREE] = {"report.disagreeing", "disagreeing",
	    "What disagrees"},
};

struct report_opts {
	size_t			 format;	/* index in formats[] */
	const char		*output;	/* -o; NULL: stdout */
	const char		*into;		/* --into; NULL: none */
	int			 templates;
	struct pdb_window	 w;
};

static int
parse_format(struct pdb_cli *cli, const char *arg, size_t *f)
{
	for (size_t i = 0; i < NFORMATS; i++) {
		if (strcmp(arg, formats[i].name) == 0) {
			*f = i;
			return 0;
		}
	}
	cli_usage_error(cli, "--format: unknown value '%s' (expected md, "
	    "html or json)", arg);
	return -1;
}

static int
read_options(struct pdb_cli *cli, int argc, char **argv,
    struct report_opts *o, int *status)
{
	static const struct option longopts[] = {
		{"since", required_argument, NULL, OPT_SINCE},
		{"until", required_argument, NULL, OPT_UNTIL},
		{"as-of", required_argument, NULL, OPT_AS_OF},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"output", required_argument, NULL, 'o'},
		{"include-templates", no_argument, NULL, OPT_TEMPLATES},
		{"into", required_argument, NULL, OPT_INTO},
		PDB_COMMON_OPTIONS
	};
	const char *since = NULL, *until = NULL;
	int c, as_of = 0;

	*status = PDB_EXIT_USAGE;
	while ((c = cli_getopt(cli, argc, argv, PDB_COMMON_SHORT "o:",
	    longopts, status)) != -1) {
		switch (c) {
		case PDB_OPT_EXIT:
			return -1;
		case OPT_SINCE:
			since = optarg;
			break;
		case OPT_UNTIL:
			until = optarg;
			break;
		case OPT_AS_OF:
			if (cli_parse_as_of_time(cli, optarg, &cli->now) != 0)
				return -1;
			as_of = 1;
			break;
		case OPT_FORMAT:
			if (parse_format(cli, optarg, &o->format) != 0)
				return -1;
			break;
		case 'o':
			o->output = optarg;
			break;
		case OPT_TEMPLATES:
			o->templates = 1;
			break;
		case OPT_INTO:
			o->into = optarg;
			break;
		}
	}
	if (o->into != NULL && o->output != NULL) {
		cli_usage_error(cli, "--into and -o: give one of them");
		return -1;
	}
	if (optind < argc) {
		cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	/* --since and --until are read after the loop: relative to
	 * --as-of, whose end is exclusive already. */
	return query_parse_window(cli, since, until, cli->now + !as_of,
	    &o->w);
}

/* ---- gathering ---- */

/* Runs the canned query name, handing each row to row(). */
static int
each_row(struct pdb_store *st, const char *name,
    const struct pdb_param *params, size_t n,
    void (*row)(sqlite3_stmt *, struct pdb_report *), struct pdb_report *r)
{
	sqlite3_stmt *s = NULL;
	int rc = query_prepare(st, name, params, n, &s), step;

	if (rc != 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		row(s, r);
	if (step != SQLITE_DONE)
		rc = store_fail(st, "running the report queries");
	sqlite3_finalize(s);
	return rc;
}

static long
column_long(sqlite3_stmt *s, int i)
{
	return (long)sqlite3_column_int64(s, i);
}

/* milestones.total: documents, done, total, percent. */
static void
total_row(sqlite3_stmt *s, struct pdb_report *r)
{
	r->documents = column_long(s, 0);
	r->done = column_long(s, 1);
	r->total = column_long(s, 2);
	r->percent = sqlite3_column_type(s, 3) == SQLITE_NULL ? -1 :
	    (int)column_long(s, 3);
}

/* report.risk_levels: level, open. */
static void
level_row(sqlite3_stmt *s, struct pdb_report *r)
{
	long level = column_long(s, 0);

	if (level >= 0 && level < PDB_RISK_LEVELS)
		r->risks[level] = column_long(s, 1);
}

/* report.last_ingest: at_utc, at_local. */
static void
ingest_row(sqlite3_stmt *s, struct pdb_report *r)
{
	const char *t = (const char *)sqlite3_column_text(s, 1);

	snprintf(r->ingested, sizeof(r->ingested), "%s", t != NULL ? t : "");
}

static int
prepare_lists(struct pdb_store *st, const struct pdb_param *params,
    size_t n, struct pdb_report *r)
{
	int rc = 0;

	for (size_t i = 0; i < PDB_RL_COUNT && rc == 0; i++) {
		r->lists[i].key = lists[i].key;
		r->lists[i].title = lists[i].title;
		rc = query_prepare(st, lists[i].query, params, n,
		    &r->lists[i].stmt);
	}
	return rc;
}

static int
load_burndown(struct pdb_store *st, const struct pdb_param *params,
    size_t n, struct pdb_report *r)
{
	sqlite3_stmt *rows = NULL, *tables = NULL, *ends = NULL;
	int rc = query_prepare(st, "lists.burndown", params, n, &rows);

	if (rc == 0)
		rc = query_prepare(st, "report.burndown_tables", NULL, 0,
		    &tables);
	if (rc == 0)
		rc = query_prepare(st, "report.burndown_ends", params, n,
		    &ends);
	if (rc == 0)
		rc = burndown_load(st, rows, tables, ends, &r->burndown);
	sqlite3_finalize(rows);
	sqlite3_finalize(tables);
	sqlite3_finalize(ends);
	return rc;
}

/* The flow part's window: the PDB_FLOW_WEEKS weeks up to the period's end. */
static struct pdb_window
flow_window(const struct report_opts *o)
{
	struct pdb_window w = {.until = o->w.until,
		.since = o->w.until - (PDB_FLOW_WEEKS - 1) * QUERY_WEEK};

	query_window(&w);
	return w;
}

static int
load_flow(struct pdb_store *st, const struct report_opts *o,
    struct pdb_report *r)
{
	static const char *const names[] = {"flow.throughput",
		"flow.cycle_time", "flow.cycle_items"};
	const struct pdb_window w = flow_window(o);
	sqlite3_stmt *s[3] = {NULL};
	int rc = 0;
	const struct pdb_param params[] = {
		PDB_TEXT(":since_at", w.since_at),
		PDB_TEXT(":until_at", w.until_at),
		PDB_TEXT(":since_day", w.since_day),
		PDB_INT(":templates", o->templates),
		PDB_TEXT(":by", "milestone"),
	};
	for (size_t i = 0; i < 3 && rc == 0; i++)
		rc = query_prepare(st, names[i], params,
		    sizeof(params) / sizeof(*params), &s[i]);
	if (rc == 0 && render_flow_load(s[0], s[1], s[2], &r->flow) != 0)
		rc = store_fail(st, "running the flow queries");
	for (size_t i = 0; i < 3; i++)
		sqlite3_finalize(s[i]);
	return rc;
}

static int
gather(struct pdb_cli *cli, struct pdb_store *st,
    const struct report_opts *o, const char *ignore, struct pdb_report *r)
{
	const struct pdb_param params[] = {
		PDB_TEXT(":ignore", ignore),
		PDB_TEXT(":since_at", o->w.since_at),
		PDB_TEXT(":until_at", o->w.until_at),
		PDB_TEXT(":since_day", o->w.since_day),
		PDB_TEXT(":until_day", o->w.until_day),
		PDB_INT(":templates", o->templates),
		PDB_INT(":open", 1),
	};
	size_t n = sizeof(params) / sizeof(*params);
	int rc;

	memcpy(r->since, o->w.since_day, sizeof(r->since));
	memcpy(r->until, o->w.until_day, sizeof(r->until));
	date_format_local(cli->now, r->as_of);
	rc = each_row(st, "report.last_ingest", params, n, ingest_row, r);
	if (rc == 0)
		rc = each_row(st, "milestones.total", params, n, total_row, r);
	if (rc == 0)
		rc = each_row(st, "report.risk_levels", params, n, level_row,
		    r);
	if (rc == 0)
		rc = query_prepare(st, "report.documents", params, n,
		    &r->documents_stmt);
	if (rc == 0)
		rc = query_prepare(st, "milestones.current", params, n,
		    &r->milestones_stmt);
	if (rc == 0)
		rc = prepare_lists(st, params, n, r);
	if (rc == 0)
		rc = load_burndown(st, params, n, r);
	if (rc == 0)
		rc = load_flow(st, o, r);
	return rc;
}

/* The check findings leave out what .progdb ignores, as `check` does. */
static int
gather_checked(struct pdb_cli *cli, struct pdb_store *st,
    const struct report_opts *o, struct pdb_report *r)
{
	struct pdb_config c = {0};
	char *ignore = NULL;
	int rc = PDB_EXIT_USAGE;

	if (query_load_config(st, NULL, &c) == 0) {
		ignore = query_ignore_list(&c);
		rc = gather(cli, st, o, ignore, r);
	}
	free(ignore);
	config_free(&c);
	return rc;
}

static void
report_free(struct pdb_report *r)
{
	sqlite3_finalize(r->documents_stmt);
	sqlite3_finalize(r->milestones_stmt);
	for (size_t i = 0; i < PDB_RL_COUNT; i++)
		sqlite3_finalize(r->lists[i].stmt);
	burndown_free(&r->burndown);
}

/* ---- output ---- */

static int
emit(const struct report_opts *o, const char *data, size_t len)
{
	if (o->output != NULL)
		return outfile_write(o->output, data, len);
	if (o->into != NULL)
		return outfile_splice(o->into, data, len);
	if ((len > 0 && fwrite(data, 1, len, stdout) != len) ||
	    fflush(stdout) != 0) {
		diag_error(NULL, 0, "cannot write the report to standard "
		    "output: %s", strerror(errno));
		return PDB_EXIT_INPUT;
	}
	return PDB_EXIT_OK;
}

/* The report in memory, then out in one go. */
static int
render(struct pdb_store *st, const struct report_opts *o,
    struct pdb_report *r)
{
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	int rc, failed;

	if (f == NULL) {
		diag_error(NULL, 0, "out of memory");
		return PDB_EXIT_INPUT;
	}
	failed = formats[o->format].write(r, f) != 0;
	if (fclose(f) != 0 && !failed) {
		diag_error(NULL, 0, "out of memory");
		rc = PDB_EXIT_INPUT;
	} else if (failed)
		rc = store_fail(st, "running the report queries");
	else
		rc = emit(o, mem, len);
	free(mem);
	return rc;
}

static int
run_report(struct pdb_cli *cli, int argc, char **argv)
{
	struct report_opts o = {0};
	struct pdb_report r = {0};
	struct pdb_store st;
	int rc;

	if (read_options(cli, argc, argv, &o, &rc) != 0)
		return rc;
	if ((rc = store_open(cli->db_path, PDB_OPEN_READ, &st)) != 0)
		goto out;
	query_note_empty(cli, &st);
	if ((rc = gather_checked(cli, &st, &o, &r)) == 0)
		rc = render(&st, &o, &r);
	report_free(&r);
out:
	store_close(&st);
	return rc;
}

const struct pdb_cmd pdb_cmd_report = {
	.name = "report",
	.run = run_report,
	.synopsis = "report [--since TIME] [--until TIME] [--as-of TIME] "
	    "[--format md|html|json] [-o FILE] [options]",
	.summary = "the whole picture in one page: Markdown, HTML or JSON",
	.help =
	    "Writes one document, an overview first: the period and when the\n"
	    "data was last ingested; overall progress; the period's numbers\n"
	    "(html); milestones that moved in the period; what disagrees\n"
	    "(milestones whose declared status the items belie); open risks by\n"
	    "severity; a burndown chart per milestone with burndown rows (as\n"
	    "written, as counted from history, and the ideal line to 0 at the\n"
	    "end date the milestone declares); flow over the 12 weeks to the\n"
	    "period's end (completed and added per week as sparklines in md, a\n"
	    "bar chart and a cycle-time scatter in html; see flow).  Then the\n"
	    "lists: documents; what was completed, added and reopened; open\n"
	    "tech debt; the period's log entries; what `check` finds.  In md\n"
	    "and html each list shows its\n"
	    "first 25 rows and names the command that lists the rest, at most\n"
	    "12 charts are drawn, and html folds the long lists (<details>);\n"
	    "json holds every row.  The state shown is the database's (the last\n"
	    "ingest); the period is the 7 days before now unless --since/--until\n"
	    "say otherwise.\n"
	    "\n"
	    "TIME is as for weekly: 2025-11-17, 2025-11-17T09:00, 7d, 2w,\n"
	    "monday, last-week, ...; relative times count back from --as-of.\n"
	    "\n"
	    "Options:\n"
	    "  --since TIME          start of the period (default: 7d)\n"
	    "  --until TIME          end of the period (default: now)\n"
	    "  --as-of TIME          what \"now\" is (a day: its end), for\n"
	    "                        reproducible reports\n"
	    "  --format FMT          md (GitHub Markdown, default), html (one\n"
	    "                        self-contained page, no scripts) or json\n"
	    "  -o, --output FILE     write FILE instead of stdout: a regular file\n"
	    "                        is replaced atomically (written beside it,\n"
	    "                        then renamed) keeping its mode, owner and\n"
	    "                        group, through a symbolic link if it is\n"
	    "                        one; a device, FIFO or /dev/stdout is\n"
	    "                        written as it is; - is stdout\n"
	    "  --into FILE           rewrite only the lines between\n"
	    "                        '<!-- progdb:begin -->' and\n"
	    "                        '<!-- progdb:end -->' in FILE (each alone\n"
	    "                        on its line), atomically as -o, every\n"
	    "                        other byte and the mode kept; refuses\n"
	    "                        (status 4) unless there is one of each,\n"
	    "                        begin first\n"
	    "  --include-templates   count template documents too\n"
	    "\n"
	    "JSON: one object with since, until (local days), as_of and\n"
	    "last_ingest (local 'YYYY-MM-DD HH:MM:SS', null if never), overall\n"
	    "{documents, done, total, percent}, documents [{path, title,\n"
	    "declared, done, total, percent, disagrees}], milestones (rows of\n"
	    "milestones --format json), completed, added, reopened (as in\n"
	    "weekly), risks (risks --open), risks_by_severity {critical, high,\n"
	    "medium, low, unrated}, debt (debt --open), burndown (one per\n"
	    "table) [{milestone, path, line, end, points [{label, date, line,\n"
	    "remaining, remaining_seen, ideal}]}], flow {weeks [{week,\n"
	    "completed, added}], cycle_items, cycle_median, cycle_p85} (the 12\n"
	    "weeks to the period's end), log_entries (as in weekly)\n"
	    "and findings (check).\n"
	    "\n"
	    "Examples:\n"
	    "  progdb report --since 7d --format html -o /var/www/progress/"
	    "index.html\n"
	    "  progdb report --since 2025-11-17 --format md > weekly.md\n"
	    "  progdb report --as-of 2025-11-21 --format json\n"
	    "  progdb report --format md --into README.md\n",
};
