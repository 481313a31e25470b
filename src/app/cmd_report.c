/*
 * cmd_report.c - `progdb report`: the whole picture in one document, as
 * Markdown, a self-contained HTML page or JSON (see report.h), written to
 * stdout or atomically to a file.  Options, then report_gather()
 * (query/report_gather.c) and a writer; it formats nothing itself.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/cli.h"
#include "progdb/diag.h"
#include "progdb/outfile.h"
#include "progdb/query.h"
#include "progdb/report.h"
#include "progdb/report_gather.h"
#include "progdb/store.h"


enum {
	OPT_INTO = OPT_FIRST_COMMAND_OPTION,
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
	const struct pdb_common_dest d = {.templates = &o->templates,
	    .since = &since, .until = &until, .as_of = &cli->now,
	    .as_of_set = &as_of};

	*status = PDB_EXIT_USAGE;
	while ((c = cli_getopt(cli, argc, argv, PDB_COMMON_SHORT "o:",
	    longopts, status)) != -1) {
		if (c == PDB_OPT_EXIT || cli_common_option(cli, c, &d) < 0)
			return -1;
		switch (c) {
		case OPT_FORMAT:
			if (parse_format(cli, optarg, &o->format) != 0)
				return -1;
			break;
		case 'o':
			o->output = optarg;
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
	if ((rc = report_gather(&st, &o.w, o.templates, cli->now, &r)) == 0)
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
