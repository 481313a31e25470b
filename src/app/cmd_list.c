/*
 * cmd_list.c - the list commands: `progdb status`, `items`, `risks`,
 * `debt`, `burndown` and `search`.  Each maps its options to the
 * parameters of one statement of schema/queries/lists.sql and prints the
 * rows in the chosen format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "progdb/buf.h"
#include "progdb/burndown.h"
#include "progdb/cli.h"
#include "progdb/query.h"
#include "progdb/render.h"
#include "progdb/store.h"

enum {
	OPT_OPEN = OPT_FIRST_COMMAND_OPTION,
	OPT_DONE,
	OPT_STATE,
	OPT_SECTION,
	OPT_CURRENT,
	OPT_MIN_SEVERITY,
	OPT_MILESTONE,
	OPT_CHART,
	OPT_ASCII,
	OPT_OWNER,
	OPT_BY,
};

/* Everything the list commands take; each uses some of it. */
struct list_opts {
	enum pdb_format	 format;
	int		 templates;
	int		 open;
	const char	*state;
	const char	*doc;
	const char	*section;
	int		 current;
	int		 min_level;	/* 0: any */
	const char	*milestone;
	const char	*text;		/* search: an FTS5 query */
	char		 at[20];	/* --as-of, UTC; "" for now */
	int		 chart;		/* burndown: charts after the table */
	int		 ascii;		/* the charts in plain ASCII */
	int		 fit;		/* text: cut cells to the screen */
	const char	*owner;		/* items --owner */
	int		 by_owner;	/* status --by owner */
};

static const char *const states[] = {"open", "done", "in_progress",
    "cancelled", "deferred", "blocked", "question", NULL};

static int
level_from_name(const char *s)
{
	static const char *const names[] = {"low", "medium", "high",
	    "critical", NULL};

	for (int i = 0; names[i] != NULL; i++)
		if (strcasecmp(s, names[i]) == 0)
			return i + 1;
	return 0;
}

static int
known_state(const char *s)
{
	for (int i = 0; states[i] != NULL; i++)
		if (strcmp(s, states[i]) == 0)
			return 1;
	return 0;
}

/* Applies one option; returns -1 after a usage error. */
static int
apply_option(struct pdb_cli *cli, int c, struct list_opts *o)
{
	const struct pdb_common_dest d = {.format = &o->format,
	    .templates = &o->templates, .doc = &o->doc, .as_of_at = o->at};
	int k;

	if ((k = cli_common_option(cli, c, &d)) != 0)
		return k < 0 ? -1 : 0;
	switch (c) {
	case OPT_OPEN:
		o->open = 1;
		return 0;
	case OPT_DONE:
		o->state = "done";
		return 0;
	case OPT_STATE:
		if (!known_state(optarg)) {
			cli_usage_error(cli, "--state: unknown state '%s' "
			    "(expected open, done, in_progress, cancelled, "
			    "deferred, blocked or question)", optarg);
			return -1;
		}
		o->state = optarg;
		return 0;
	case OPT_SECTION:
		o->section = optarg;
		return 0;
	case OPT_CURRENT:
		o->current = 1;
		return 0;
	case OPT_MIN_SEVERITY:
		if ((o->min_level = level_from_name(optarg)) == 0) {
			cli_usage_error(cli, "--min-severity: unknown level "
			    "'%s' (expected low, medium, high or critical)",
			    optarg);
			return -1;
		}
		return 0;
	case OPT_MILESTONE:
		o->milestone = optarg;
		return 0;
	case OPT_CHART:
		o->chart = 1;
		return 0;
	case OPT_ASCII:
		o->ascii = 1;
		return 0;
	case OPT_OWNER:
		o->owner = optarg;
		return 0;
	case OPT_BY:
		if (strcmp(optarg, "owner") != 0) {
			cli_usage_error(cli, "--by: unknown grouping '%s' "
			    "(expected owner)", optarg);
			return -1;
		}
		o->by_owner = 1;
		return 0;
	default:
		return 0;
	}
}

static int
read_options(struct pdb_cli *cli, int argc, char **argv,
    const struct option *longopts, struct list_opts *o, int *status)
{
	int c;

	*status = PDB_EXIT_USAGE;
	while ((c = cli_getopt(cli, argc, argv, PDB_COMMON_SHORT, longopts,
	    status)) != -1)
		if (c == PDB_OPT_EXIT || apply_option(cli, c, o) != 0)
			return -1;
	return 0;
}

/* burndown: after the table, the chart of each milestone's rows. */
static int
print_charts(struct pdb_store *st, sqlite3_stmt *rows,
    const struct pdb_param *params, size_t n, int ascii)
{
	struct pdb_burndown bd = {0};
	struct pdb_buf b = {0};
	sqlite3_stmt *tables = NULL, *ends = NULL;
	int rc = query_prepare(st, "report.burndown_tables", NULL, 0, &tables);

	if (rc == 0)
		rc = query_prepare(st, "report.burndown_ends", params, n,
		    &ends);
	if (rc == 0)
		rc = burndown_load(st, rows, tables, ends, &bd);
	for (size_t i = 0; rc == 0 && i < bd.n; i++) {
		buf_putc(&b, '\n');
		render_burndown_text(&b, &bd.v[i], ascii);
	}
	if (rc == 0 && b.len > 0 && fwrite(b.data, 1, b.len, stdout) != b.len)
		rc = PDB_EXIT_INPUT;
	buf_free(&b);
	burndown_free(&bd);
	sqlite3_finalize(tables);
	sqlite3_finalize(ends);
	return rc;
}

/* Runs lists.<name> with o's parameters and prints its rows. */
/* The terminal's width in columns, or 80 when stdout is not one. */
static size_t
screen_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ,
	    &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/*
 * search_index as the first search after a bulk load finds it: unbuilt.
 * It is built then, under the write lock, for this and every later search;
 * on a file this process may not write, a private copy is built for this
 * search alone (as costly every time, and said so).
 */
static int
search_ready(const struct pdb_cli *cli, struct pdb_store *st)
{
	struct pdb_store w = {0};
	int built = 0, rc;

	if ((rc = query_search_built(st, &built)) != 0 || built)
		return rc;
	if (access(cli->db_path, W_OK) != 0) {
		if (!cli->quiet)
			fprintf(stderr, "progdb search: %s is read-only and "
			    "its search index is not built yet: building a "
			    "copy for this search only\n", cli->db_path);
		return query_search_private(st);
	}
	if ((rc = store_open(cli->db_path, PDB_OPEN_WRITE, &w)) == 0)
		rc = query_search_build(&w);
	store_close(&w);
	return rc;
}

static int
list(struct pdb_cli *cli, const char *name, const struct list_opts *o)
{
	const struct pdb_param params[] = {
		PDB_INT(":templates", o->templates),
		PDB_INT(":open", o->open),
		PDB_TEXT(":state", o->state),
		PDB_TEXT(":doc", o->doc),
		PDB_TEXT(":section", o->section),
		PDB_INT(":current", o->current),
		{":min_level", o->min_level ? PDB_PARAM_INT : PDB_PARAM_NULL,
		    NULL, o->min_level},
		PDB_TEXT(":milestone", o->milestone),
		PDB_TEXT(":query", o->text),
		PDB_TEXT(":at", o->at[0] != '\0' ? o->at : NULL),
		PDB_TEXT(":owner", o->owner),
	};
	struct pdb_render_opts ro = {.format = o->format,
	    .max_width = o->fit ? screen_width() : 0};
	struct pdb_store st;
	sqlite3_stmt *s = NULL;
	char query[32];
	int rc;

	snprintf(query, sizeof(query), "lists.%s%s", name,
	    o->at[0] != '\0' ? "_as_of" : "");
	if ((rc = store_open(cli->db_path, PDB_OPEN_READ, &st)) == 0) {
		query_note_empty(cli, &st);
		if (o->text != NULL)
			rc = search_ready(cli, &st);
	}
	if (rc == 0)
		rc = query_prepare(&st, query, params,
		    sizeof(params) / sizeof(*params), &s);
	if (rc == 0 && render_stmt(s, &ro, stdout) < 0)
		rc = ferror(stdout) ? PDB_EXIT_INPUT : store_fail(&st,
		    "running the query");
	if (rc == 0 && o->chart)
		rc = print_charts(&st, s, params,
		    sizeof(params) / sizeof(*params), o->ascii);
	sqlite3_finalize(s);
	store_close(&st);
	return rc;
}

#define LIST_COMMON							\
	{"format", required_argument, NULL, OPT_FORMAT},		\
	{"include-templates", no_argument, NULL, OPT_TEMPLATES}

#define LIST_COMMON_HELP						\
	"  --format FMT          text (default), csv, json or md\n"	\
	"  --include-templates   count template documents too\n"

static int
no_arguments(struct pdb_cli *cli, int argc, char **argv)
{
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind]);
	return 0;
}

static int
run_status(struct pdb_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {LIST_COMMON,
		{"by", required_argument, NULL, OPT_BY},
		PDB_COMMON_OPTIONS};
	struct list_opts o = {.fit = 1};
	int rc;

	if (read_options(cli, argc, argv, longopts, &o, &rc) != 0 ||
	    (rc = no_arguments(cli, argc, argv)) != 0)
		return rc;
	return list(cli, o.by_owner ? "status_by_owner" : "status", &o);
}

/* `items --due ...` is `due ...`: argv without --due, for its run. */
static int
items_due(struct pdb_cli *cli, int argc, char **argv)
{
	int n = 0;

	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--due") != 0)
			argv[n++] = argv[i];
	return pdb_cmd_due.run(cli, n, argv);
}

static int
run_items(struct pdb_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {LIST_COMMON,
		{"owner", required_argument, NULL, OPT_OWNER},
		{"open", no_argument, NULL, OPT_OPEN},
		{"done", no_argument, NULL, OPT_DONE},
		{"state", required_argument, NULL, OPT_STATE},
		{"doc", required_argument, NULL, OPT_DOC},
		{"section", required_argument, NULL, OPT_SECTION},
		{"current", no_argument, NULL, OPT_CURRENT},
		{"as-of", required_argument, NULL, OPT_AS_OF},
		PDB_COMMON_OPTIONS};
	struct list_opts o = {0};
	int rc;

	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--due") == 0)
			return items_due(cli, argc, argv);
	if (read_options(cli, argc, argv, longopts, &o, &rc) != 0 ||
	    (rc = no_arguments(cli, argc, argv)) != 0)
		return rc;
	return list(cli, "items", &o);
}

static int
run_risks(struct pdb_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {LIST_COMMON,
		{"open", no_argument, NULL, OPT_OPEN},
		{"min-severity", required_argument, NULL, OPT_MIN_SEVERITY},
		{"as-of", required_argument, NULL, OPT_AS_OF},
		PDB_COMMON_OPTIONS};
	struct list_opts o = {0};
	int rc;

	if (read_options(cli, argc, argv, longopts, &o, &rc) != 0 ||
	    (rc = no_arguments(cli, argc, argv)) != 0)
		return rc;
	return list(cli, "risks", &o);
}

static int
run_debt(struct pdb_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {LIST_COMMON,
		{"open", no_argument, NULL, OPT_OPEN},
		PDB_COMMON_OPTIONS};
	struct list_opts o = {0};
	int rc;

	if (read_options(cli, argc, argv, longopts, &o, &rc) != 0 ||
	    (rc = no_arguments(cli, argc, argv)) != 0)
		return rc;
	return list(cli, "debt", &o);
}

/* Charts are for people: text on a terminal without NO_COLOR, or
 * --chart. */
static int
want_charts(const struct list_opts *o)
{
	const char *nc = getenv("NO_COLOR");

	return o->format == PDB_FORMAT_TEXT && (o->chart ||
	    (isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0')));
}

static int
run_burndown(struct pdb_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {LIST_COMMON,
		{"milestone", required_argument, NULL, OPT_MILESTONE},
		{"chart", no_argument, NULL, OPT_CHART},
		{"ascii", no_argument, NULL, OPT_ASCII},
		PDB_COMMON_OPTIONS};
	struct list_opts o = {0};
	int rc;

	if (read_options(cli, argc, argv, longopts, &o, &rc) != 0 ||
	    (rc = no_arguments(cli, argc, argv)) != 0)
		return rc;
	o.chart = want_charts(&o);
	if (!render_utf8_terminal())
		o.ascii = 1;
	return list(cli, "burndown", &o);
}

/* One FTS5 string: s[0..n) quoted, its quotes doubled, '*' after it when
 * it is a prefix. */
static void
fts_string(const char *s, size_t n, int prefix, struct pdb_buf *q)
{
	buf_puts(q, q->len > 0 ? " \"" : "\"");
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_putc(q, '"');
		buf_putc(q, s[i]);
	}
	buf_puts(q, prefix ? "\"*" : "\"");
}

/*
 * TEXT as an FTS5 query: every word, and every "quoted phrase", one
 * quoted FTS5 string (so that AND, OR, NOT, NEAR, ':', '^', '-' and '+'
 * are only text), all of them required; a word or phrase followed by '*'
 * matches as a prefix.  The caller frees the result.
 */
static char *
fts_query(const char *t)
{
	struct pdb_buf q = {0};

	while (*t != '\0') {
		const char *s, *e;
		int prefix;

		if (*t == ' ' || *t == '\t' || *t == '\n') {
			t++;
			continue;
		}
		if (*t == '"') {
			s = ++t;
			e = strchr(s, '"');
			t = e != NULL ? e + 1 : (e = s + strlen(s));
			prefix = *t == '*';
		} else {
			s = t;
			t = e = s + strcspn(s, " \t\n\"");
			while (e > s + 1 && e[-1] == '*')
				e--;
			prefix = e < t;
		}
		fts_string(s, (size_t)(e - s), prefix, &q);
		while (*t == '*')
			t++;
	}
	if (q.len == 0)
		buf_puts(&q, "\"\"");
	return buf_detach(&q);
}

static int
run_search(struct pdb_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {LIST_COMMON,
	    PDB_COMMON_OPTIONS};
	struct list_opts o = {0};
	char *query;
	int rc;

	if (read_options(cli, argc, argv, longopts, &o, &rc) != 0)
		return rc;
	if (argc - optind != 1 || argv[optind][0] == '\0')
		return cli_usage_error(cli, "give one TEXT to search for "
		    "(quote it when it has spaces)");
	o.text = query = fts_query(argv[optind]);
	rc = list(cli, "search", &o);
	free(query);
	return rc;
}

const struct pdb_cmd pdb_cmd_status = {
	.name = "status",
	.run = run_status,
	.synopsis = "status [--by owner] [options]",
	.summary = "one line per document: status, progress, risks, last change",
	.help =
	    "Lists every document with its title, the status it declares,\n"
	    "done/total items and percent, open risks and the day it last\n"
	    "changed.  Text cuts long cells with an ellipsis so that a line\n"
	    "fits the terminal (80 columns when piped), never below 24 columns\n"
	    "a column; md, json and csv keep every cell whole.  With --by\n"
	    "owner: one line per owner instead, with the items done and\n"
	    "counted (cancelled left out) and open risks they own.\n"
	    "\nOptions:\n"
	    "  --by owner            per owner (see `progdb items --owner`)\n"
	    LIST_COMMON_HELP
	    "\nExamples:\n  progdb status\n  progdb status --format csv\n"
	    "  progdb status --by owner\n",
};

const struct pdb_cmd pdb_cmd_items = {
	.name = "items",
	.run = run_items,
	.synopsis = "items [--open|--done|--state S] [--doc GLOB] "
	    "[--section TEXT] [--current] [--owner NAME] [--as-of TIME] "
	    "[--due] [options]",
	.summary = "list checklist items, with where and when they were done",
	.help =
	    "Lists checklist items with their place, state, section, text and\n"
	    "completion date (and how it is known: written, observed or git),\n"
	    "then their owner and due date.\n"
	    "\nOptions:\n"
	    "  --open                not done and not cancelled\n"
	    "  --done                done\n"
	    "  --state S             open, done, in_progress, cancelled,\n"
	    "                        deferred, blocked or question\n"
	    "  --doc GLOB            documents whose path matches GLOB\n"
	    "  --section TEXT        sections whose title contains TEXT\n"
	    "  --current             items marked as the current step\n"
	    "  --owner NAME          items NAME owns (any case): written on the\n"
	    "                        item (@name, Owner: NAME, Assignee: NAME)\n"
	    "                        or inherited from its parent item, the\n"
	    "                        nearest heading naming one, or the\n"
	    "                        document (front matter owner:)\n"
	    "  --due                 the same as `progdb due` (its options\n"
	    "                        follow)\n"
	    "  --as-of TIME          the items and states seen at TIME (a day:\n"
	    "                        its end), removed ones too\n"
	    LIST_COMMON_HELP
	    "\nExamples:\n  progdb items --open --doc 'plans/*'\n"
	    "  progdb items --open --as-of 2025-11-01\n"
	    "  progdb items --open --owner alice\n"
	    "  progdb items --due --within 14d\n"
	    "  progdb items --done --section 'Phase 2' --format json\n",
};

const struct pdb_cmd pdb_cmd_risks = {
	.name = "risks",
	.run = run_risks,
	.synopsis = "risks [--open] [--min-severity LEVEL] [--as-of TIME] "
	    "[options]",
	.summary = "list risks and blockers, most severe first",
	.help =
	    "Lists risks from risk tables, **Risk**: blocks and Blocker:\n"
	    "entries, most severe first (level: 4 critical, 3 high, 2 medium,\n"
	    "1 low).\n\nOptions:\n"
	    "  --open                only risks not resolved\n"
	    "  --min-severity LEVEL  low, medium, high or critical\n"
	    "  --as-of TIME          the risks, states and levels seen at TIME\n"
	    "                        (a day: its end)\n"
	    LIST_COMMON_HELP
	    "\nExamples:\n  progdb risks --open --min-severity high\n"
	    "  progdb risks --open --as-of 2025-11-01\n",
};

const struct pdb_cmd pdb_cmd_debt = {
	.name = "debt",
	.run = run_debt,
	.synopsis = "debt [--open] [options]",
	.summary = "list technical debt, highest priority first",
	.help =
	    "Lists technical debt from debt tables and TD-nnn: entries,\n"
	    "highest priority first.\n\nOptions:\n"
	    "  --open                only entries not resolved\n"
	    LIST_COMMON_HELP
	    "\nExamples:\n  progdb debt --open --format md\n",
};

const struct pdb_cmd pdb_cmd_burndown = {
	.name = "burndown",
	.run = run_burndown,
	.synopsis = "burndown [--milestone KEY] [--chart] [--ascii] [options]",
	.summary = "burndown rows as written, beside what history counted",
	.help =
	    "Lists burndown rows as the documents write them and, for dated rows\n"
	    "after a document was first ingested, remaining_seen: the open items\n"
	    "progdb counted in that milestone's sections at the end of the day.\n"
	    "On a terminal (without NO_COLOR) a chart of each milestone follows\n"
	    "the table: remaining as written as bars, as counted as dots, and\n"
	    "the ideal line to 0 at the end date the milestone declares\n"
	    "(Estimated Completion, Target Date, Due Date, Deadline, ...).\n"
	    "\nOptions:\n"
	    "  --milestone KEY       one milestone ('Milestone 5.1')\n"
	    "  --chart               the charts even when not on a terminal\n"
	    "                        (text format)\n"
	    "  --ascii               charts in plain ASCII (the default where\n"
	    "                        the character set is not UTF-8)\n"
	    LIST_COMMON_HELP
	    "\nExamples:\n  progdb burndown --milestone 'Milestone 2.1'\n"
	    "  progdb burndown --chart --ascii\n",
};

const struct pdb_cmd pdb_cmd_search = {
	.name = "search",
	.run = run_search,
	.synopsis = "search TEXT [options]",
	.summary = "find TEXT in items, headings, risks and tech debt",
	.help =
	    "Finds the words of TEXT, in any case and order, in item texts,\n"
	    "section titles, risk titles and mitigations, and tech-debt\n"
	    "descriptions (SQLite FTS5).  Every word is required; \"a phrase\"\n"
	    "matches its words in that order; a word or phrase followed by *\n"
	    "matches as a prefix.  Best matches first (bm25), then by path and\n"
	    "line.  % and _ are word characters (100%, snake_case), never\n"
	    "wildcards; AND, OR, NOT and other FTS5 syntax are plain words.\n"
	    "The first search after the first ingest into an empty database\n"
	    "builds the index, under the write lock as an ingest (seconds at\n"
	    "10,000 files); later ingests keep it in step.  On a file it may\n"
	    "not write, it builds a private copy for that search alone.\n"
	    "\nOptions:\n" LIST_COMMON_HELP
	    "\nExamples:\n  progdb search redis\n"
	    "  progdb search 'cach* \"session store\"'\n",
};
