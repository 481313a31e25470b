/*
 * cmd_weekly.c - `progdb weekly`: what happened in a window of time (by
 * default the 7 days before now), as a status e-mail, Markdown, JSON or
 * CSV.  Each part is a statement of schema/queries/weekly.sql.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/cli.h"
#include "progdb/date.h"
#include "progdb/diag.h"
#include "progdb/query.h"
#include "progdb/render.h"
#include "progdb/store.h"

#define TEXT_ROWS	25	/* per part in text; other formats: all */

enum {
	OPT_ALL = OPT_FIRST_COMMAND_OPTION,
	OPT_BY,
};

static const struct {
	const char	*key;
	const char	*title;
	const char	*summary;	/* in the text summary line */
	int		 counted;	/* has weekly.<key>_first and _count */
} parts[] = {
	{"by_owner", "By owner", NULL, 0},	/* only with --by owner */
	{"completed", "Completed", "completed", 0},
	{"completed_earlier", "Done when first seen, dated in the window",
	    NULL, 0},
	{"added", "Added", "added", 0},
	{"reopened", "Reopened", "reopened", 0},
	{"cancelled", "Cancelled", NULL, 0},
	{"milestones", "Milestone progress", "milestones moved", 0},
	{"risks_opened", "Risks opened", "risks opened", 0},
	{"risks_resolved", "Risks resolved", "risks resolved", 0},
	{"risks_escalated", "Risks escalated", NULL, 0},
	{"debt_added", "Tech debt added", NULL, 0},
	{"debt_resolved", "Tech debt resolved", NULL, 0},
	{"burndown", "Burndown", NULL, 0},
	{"log_entries", "Log entries", NULL, 0},
	{"blockers", "Open blockers", NULL, 1},
	{"current_steps", "Current steps", NULL, 1},
};
#define NPARTS (sizeof(parts) / sizeof(*parts))

struct weekly_opts {
	enum pdb_format	 format;
	int		 templates;
	int		 all;
	int		 by_owner;	/* --by owner: the by_owner part first */
	struct pdb_window w;
};

static int
read_options(struct pdb_cli *cli, int argc, char **argv,
    struct weekly_opts *o, int *status)
{
	static const struct option longopts[] = {
		{"since", required_argument, NULL, OPT_SINCE},
		{"until", required_argument, NULL, OPT_UNTIL},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"include-templates", no_argument, NULL, OPT_TEMPLATES},
		{"all", no_argument, NULL, OPT_ALL},
		{"by", required_argument, NULL, OPT_BY},
		PDB_COMMON_OPTIONS
	};
	const char *since = NULL, *until = NULL;
	const struct pdb_common_dest d = {.format = &o->format,
	    .templates = &o->templates, .since = &since, .until = &until};
	int c;

	*status = PDB_EXIT_USAGE;
	while ((c = cli_getopt(cli, argc, argv, PDB_COMMON_SHORT, longopts,
	    status)) != -1) {
		if (c == PDB_OPT_EXIT || cli_common_option(cli, c, &d) < 0)
			return -1;
		switch (c) {
		case OPT_ALL:
			o->all = 1;
			break;
		case OPT_BY:
			if (strcmp(optarg, "owner") != 0) {
				cli_usage_error(cli, "--by: unknown grouping "
				    "'%s' (expected owner)", optarg);
				return -1;
			}
			o->by_owner = 1;
			break;
		}
	}
	if (optind < argc) {
		cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	return query_parse_window(cli, since, until, cli->now + 1, &o->w);
}

static size_t
part_index(const char *key)
{
	for (size_t i = 0; i < NPARTS; i++)
		if (strcmp(parts[i].key, key) == 0)
			return i;
	return NPARTS;
}

/* "plus 615,465 items found by the first ingest (2025-11-17)...". */
static char *
baseline_note(const char *what, sqlite3_int64 n, const char *day,
    const char *verb)
{
	struct pdb_buf b = {0};

	buf_puts(&b, "plus ");
	buf_grouped(&b, n);
	buf_printf(&b, " %s found by the first ingest (%s): not %s here "
	    "(--all %s them)", what, day, verb,
	    strcmp(verb, "listed") == 0 ? "lists" : "counts");
	return buf_detach(&b);
}

/*
 * When the database's first ingest falls in the window, text and md leave
 * what it found out of the lists (statement weekly.baseline) and say so
 * in one line per part instead.
 */
static int
baseline_notes(struct pdb_store *st, const struct pdb_window *w,
    char *notes[NPARTS])
{
	const struct pdb_param params[] = {
		PDB_TEXT(":since_at", w->since_at),
		PDB_TEXT(":until_at", w->until_at),
	};
	sqlite3_stmt *s;
	const char *day;
	int rc;

	if ((rc = query_prepare(st, "weekly.baseline", params,
	    sizeof(params) / sizeof(*params), &s)) != 0)
		return rc;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		day = (const char *)sqlite3_column_text(s, 0);
		if (sqlite3_column_int64(s, 1) > 0)
			notes[part_index("added")] = baseline_note("items",
			    sqlite3_column_int64(s, 1), day, "listed");
		if (sqlite3_column_int64(s, 2) > 0)
			notes[part_index("risks_opened")] = baseline_note(
			    "open risks", sqlite3_column_int64(s, 2), day,
			    "listed");
		if (sqlite3_column_int64(s, 3) > 0)
			notes[part_index("debt_added")] = baseline_note(
			    "debt entries", sqlite3_column_int64(s, 3), day,
			    "listed");
		if (sqlite3_column_int64(s, 4) > 0)
			notes[part_index("milestones")] = baseline_note(
			    "documents", sqlite3_column_int64(s, 4), day,
			    "counted");
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    store_fail(st, "reading the first ingest");
	sqlite3_finalize(s);
	return rc;
}

static int
run_weekly(struct pdb_cli *cli, int argc, char **argv)
{
	struct weekly_opts o = {.format = PDB_FORMAT_TEXT};
	struct pdb_render_opts ro = {0};
	struct pdb_part p[NPARTS] = {{0}};
	char *notes[NPARTS] = {0};
	int baseline, capped;
	struct pdb_store st;
	char heading[80], name[64];
	size_t first;
	int rc;

	if (read_options(cli, argc, argv, &o, &rc) != 0)
		return rc;
	ro.format = o.format;
	first = o.by_owner ? 0 : 1;
	if ((rc = store_open(cli->db_path, PDB_OPEN_READ, &st)) != 0)
		goto out;
	query_note_empty(cli, &st);
	baseline = o.all || o.format == PDB_FORMAT_JSON ||
	    o.format == PDB_FORMAT_CSV;
	if (!baseline)
		rc = baseline_notes(&st, &o.w, notes);
	/* text shows TEXT_ROWS rows per part: counted parts build only those
	 * (weekly.<key>_first) and count the rest (weekly.<key>_count) */
	capped = o.format == PDB_FORMAT_TEXT && !o.all &&
	    render_collector == NULL;
	for (size_t i = first; i < NPARTS && rc == 0; i++) {
		const struct pdb_param params[] = {
			PDB_TEXT(":since_at", o.w.since_at),
			PDB_TEXT(":until_at", o.w.until_at),
			PDB_TEXT(":since_day", o.w.since_day),
			PDB_TEXT(":until_day", o.w.until_day),
			PDB_INT(":templates", o.templates),
			PDB_INT(":baseline", baseline),
			PDB_INT(":limit", TEXT_ROWS),
		};

		snprintf(name, sizeof(name), "weekly.%s%s", parts[i].key,
		    parts[i].counted && capped ? "_first" : "");
		p[i].key = parts[i].key;
		p[i].title = parts[i].title;
		p[i].note = notes[i];
		p[i].summary = parts[i].summary;
		rc = query_prepare(&st, name, params,
		    sizeof(params) / sizeof(*params), &p[i].stmt);
		if (rc == 0 && parts[i].counted && capped) {
			snprintf(name, sizeof(name), "weekly.%s_count",
			    parts[i].key);
			rc = query_prepare(&st, name, params,
			    sizeof(params) / sizeof(*params), &p[i].count);
		}
	}
	if (rc == 0) {
		const struct pdb_meta meta[] = {
			{"since", o.w.since_day}, {"until", o.w.until_day},
		};

		snprintf(heading, sizeof(heading), "Progress from %s to %s",
		    o.w.since_day, o.w.until_day);
		if (render_parts(heading, meta, 2, p + first, NPARTS - first,
		    &ro, o.all ? 0 : TEXT_ROWS, stdout) < 0)
			rc = ferror(stdout) ? PDB_EXIT_INPUT :
			    store_fail(&st, "running the weekly queries");
	}
	for (size_t i = 0; i < NPARTS; i++) {
		sqlite3_finalize(p[i].stmt);
		sqlite3_finalize(p[i].count);
		free(notes[i]);
	}
out:
	store_close(&st);
	return rc;
}

const struct pdb_cmd pdb_cmd_weekly = {
	.name = "weekly",
	.run = run_weekly,
	.synopsis = "weekly [--since TIME] [--until TIME] [--by owner] "
	    "[options]",
	.summary = "what got done, added, reopened and changed in a week",
	.help =
	    "Reports what happened between --since and --until (by default the\n"
	    "7 days before now): completed items (with where and when, and how\n"
	    "the date is known: written in the document, observed by an ingest,\n"
	    "or from git), items first found already done whose document dates\n"
	    "their completion in the window (Obsidian Tasks' \xE2\x9C\x85 2024-02-19),\n"
	    "added, reopened and cancelled items, milestone progress at the\n"
	    "start and end of the window, risks opened, resolved and escalated,\n"
	    "tech debt added and resolved, burndown rows and dated log entries\n"
	    "in the window, open blockers and current steps.  Dates are local\n"
	    "days (TZ).\n"
	    "\n"
	    "TIME is 2025-11-17 (a whole local day: --until includes it),\n"
	    "2025-11-17T09:00 (local), 2025-11-17T09:00:00Z, 7d, 2w, 12h,\n"
	    "today, yesterday, a weekday name (its most recent midnight: on a\n"
	    "Monday, monday is today), this-week or last-week (from that week's\n"
	    "Monday; --since last-week alone is the whole of last week).  The\n"
	    "default end, now, includes the current second.\n"
	    "\n"
	    "Options:\n"
	    "  --since TIME          start of the window (default: 7d)\n"
	    "  --until TIME          end of the window (default: now)\n"
	    "  --format FMT          text (an e-mail, default), md, json or csv\n"
	    "  --include-templates   count template documents too\n"
	    "  --all                 list every row (text shows 25 per part)\n"
	    "  --by owner            a By owner part first: per owner, items\n"
	    "                        completed, added and reopened in the\n"
	    "                        window, open and overdue at its end\n"
	    "\n"
	    "Text starts with one summary line (completed, added, reopened,\n"
	    "milestones moved, risks opened and resolved), then only the parts\n"
	    "that have rows.\n"
	    "\n"
	    "JSON: one object with since, until and one array per part:\n"
	    "completed, completed_earlier, added, reopened, cancelled,\n"
	    "milestones, risks_opened, risks_resolved, risks_escalated,\n"
	    "debt_added, debt_resolved, burndown, log_entries, blockers,\n"
	    "current_steps; with --by owner, by_owner first.\n"
	    "\n"
	    "Examples:\n"
	    "  progdb weekly\n"
	    "  progdb weekly --since last-week    # on Monday morning, from cron\n"
	    "  progdb weekly --since this-week --format md\n"
	    "  progdb weekly --by owner\n"
	    "  progdb weekly --since 2025-11-17 --until 2025-11-23 --format json\n",
};
