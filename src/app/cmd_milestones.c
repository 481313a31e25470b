/*
 * cmd_milestones.c - `progdb milestones`: done/total of every
 * milestone-like section over its whole subtree, what it declares, and
 * where the two disagree; then per document and for the whole tree.
 * On a terminal (without NO_COLOR) rows get progress bars.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "progdb/buf.h"
#include "progdb/cli.h"
#include "progdb/date.h"
#include "progdb/escape.h"
#include "progdb/query.h"
#include "progdb/render.h"
#include "progdb/store.h"
#include "progdb/xmem.h"

#define BAR_WIDTH	20

enum {
	OPT_ASCII = OPT_FIRST_COMMAND_OPTION,
	OPT_DIR,
	OPT_ALL,
};

/* Rows the default text and md answer shows before it stops. */
#define SHOW_ROWS	200

struct milestones_opts {
	enum pdb_format	 format;
	const char	*doc;
	char		*dir;		/* --dir, trailing '/' dropped; owned */
	int		 all;		/* --all: every section, no limit */
	int		 templates;
	int		 ascii;
	int		 as_of_set;
	char		 at[20];
};

/* Bars only for people: a terminal, and no NO_COLOR. */
static int
want_bars(const struct milestones_opts *o)
{
	const char *nc = getenv("NO_COLOR");

	return o->format == PDB_FORMAT_TEXT && isatty(STDOUT_FILENO) &&
	    (nc == NULL || *nc == '\0');
}

static const char *
column(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t != NULL ? (const char *)t : "";
}

static void
put_text(struct pdb_buf *b, const char *t)
{
	escape_terminal(t, strlen(t), b);
}

/* A document's heading: its path and roll-up. */
static void
put_document(struct pdb_buf *b, sqlite3_stmt *s, int md)
{
	int done = sqlite3_column_int(s, 9), total = sqlite3_column_int(s, 10);

	if (b->len > 0)
		buf_putc(b, '\n');
	if (md) {
		buf_puts(b, "#### ");
		escape_md_cell(column(s, 0), strlen(column(s, 0)), b);
	} else
		put_text(b, column(s, 0));
	buf_printf(b, "  %d/%d", done, total);
	if (total > 0)
		buf_printf(b, " (%d%%)", (int)(100.0 * done / total + 0.5));
	buf_puts(b, md ? "\n\n" : "\n");
}

/* One milestone row under its document. */
static void
put_row(struct pdb_buf *b, sqlite3_stmt *s, int bars, int ascii, int md)
{
	int done = sqlite3_column_int(s, 3), total = sqlite3_column_int(s, 4);

	buf_puts(b, md ? "- " : "  ");
	if (bars)
		render_bar(b, total > 0 ? (double)done / total : 0, BAR_WIDTH,
		    ascii), buf_putc(b, ' ');
	if (sqlite3_column_type(s, 5) != SQLITE_NULL)
		buf_printf(b, md ? "%d%% " : "%3d%% ",
		    sqlite3_column_int(s, 5));
	else
		buf_puts(b, md ? "" : "     ");
	buf_printf(b, md ? "%d/%d " : "%4d/%-4d ", done, total);
	if (md)
		escape_md_cell(column(s, 1), strlen(column(s, 1)), b);
	else
		put_text(b, column(s, 1));
	if (sqlite3_column_type(s, 6) != SQLITE_NULL) {
		buf_puts(b, "  [");
		put_text(b, column(s, 6));
		buf_putc(b, ']');
	}
	if (sqlite3_column_int(s, 7))
		buf_puts(b, md ? "  **disagrees**" : "  <- disagrees");
	buf_putc(b, '\n');
}

/*
 * Columns of milestones.listed: path, section, milestone, done,
 * total, percent, declared, disagrees, line, doc_done, doc_total.  Rows come
 * grouped under their document's heading; returns the rows written (at
 * most limit, -1 for no limit), or -1 on error with *more set when there
 * were more.
 */
static long
write_grouped(sqlite3_stmt *s, const struct milestones_opts *o, int bars,
    long limit, int *more, FILE *out)
{
	int md = o->format == PDB_FORMAT_MD;
	struct pdb_buf b = {0};
	char last[4096] = "";
	long n = 0;
	int rc;

	*more = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (limit >= 0 && n == limit) {
			*more = 1;
			break;
		}
		if (strcmp(column(s, 0), last) != 0) {
			snprintf(last, sizeof(last), "%s", column(s, 0));
			put_document(&b, s, md);
		}
		put_row(&b, s, bars, o->ascii, md);
		n++;
	}
	if (b.len > 0)
		fwrite(b.data, 1, b.len, out);
	buf_free(&b);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? n : -1;
}

static int
render_query(struct pdb_store *st, const char *name,
    const struct pdb_param *params, size_t n, const char *title,
    const struct milestones_opts *o)
{
	struct pdb_render_opts ro = {.format = o->format};
	sqlite3_stmt *s;
	int rc;

	if ((rc = query_prepare(st, name, params, n, &s)) != 0)
		return rc;
	if (title != NULL && o->format == PDB_FORMAT_MD)
		printf("\n### %s\n\n", title);
	else if (title != NULL)
		printf("\n%s\n", title);
	if (render_stmt(s, &ro, stdout) < 0)
		rc = store_fail(st, "running the milestones query");
	sqlite3_finalize(s);
	return rc;
}

/* "docs/" and "docs" name the same directory; "." is every one. */
static void
set_dir(struct milestones_opts *o, const char *arg)
{
	size_t n = strlen(arg);

	while (n > 1 && arg[n - 1] == '/')
		n--;
	while (n > 2 && arg[0] == '.' && arg[1] == '/')
		arg += 2, n -= 2;
	free(o->dir);
	o->dir = strcmp(arg, ".") == 0 || n == 0 ? NULL : xstrndup(arg, n);
}

static int
read_options(struct pdb_cli *cli, int argc, char **argv,
    struct milestones_opts *o, int *status)
{
	static const struct option longopts[] = {
		{"doc", required_argument, NULL, OPT_DOC},
		{"include-templates", no_argument, NULL, OPT_TEMPLATES},
		{"as-of", required_argument, NULL, OPT_AS_OF},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"ascii", no_argument, NULL, OPT_ASCII},
		{"dir", required_argument, NULL, OPT_DIR},
		{"all", no_argument, NULL, OPT_ALL},
		PDB_COMMON_OPTIONS
	};
	const struct pdb_common_dest d = {.format = &o->format,
	    .templates = &o->templates, .doc = &o->doc, .as_of_at = o->at,
	    .as_of_set = &o->as_of_set};
	int c;

	*status = PDB_EXIT_USAGE;
	while ((c = cli_getopt(cli, argc, argv, PDB_COMMON_SHORT, longopts,
	    status)) != -1) {
		if (c == PDB_OPT_EXIT || cli_common_option(cli, c, &d) < 0)
			return -1;
		switch (c) {
		case OPT_ASCII:
			o->ascii = 1;
			break;
		case OPT_ALL:
			o->all = 1;
			break;
		case OPT_DIR:
			set_dir(o, optarg);
			break;
		}
	}
	if (optind < argc) {
		cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (!render_utf8_terminal())
		o->ascii = 1;
	return 0;
}

/*
 * The deepest directory every document listed is under (the common
 * directory of the first and last path), as an owned string, or NULL
 * when that is no deeper than dir.
 */
static char *
common_directory(struct pdb_store *st, const struct milestones_opts *o)
{
	const struct pdb_param params[] = {
		PDB_TEXT(":doc", o->doc),
		PDB_TEXT(":dir", o->dir),
		PDB_INT(":templates", o->templates),
	};
	sqlite3_stmt *s;
	char *one = NULL;

	if (query_prepare(st, "milestones.span", params, 3, &s) != 0)
		return NULL;
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *a = column(s, 0), *b = column(s, 1);
		size_t n = 0, slash = 0;

		for (; a[n] != '\0' && a[n] == b[n]; n++)
			if (a[n] == '/')
				slash = n;
		if (slash > 0 && (o->dir == NULL || slash > strlen(o->dir)))
			one = xstrndup(a, slash);
	}
	sqlite3_finalize(s);
	return one;
}

/*
 * After a default answer that stopped: how to see the rest, and the
 * documents per directory, from the first level where they spread.
 */
static int
write_rest(struct pdb_store *st, const struct milestones_opts *o)
{
	char *dir = common_directory(st, o);
	int rc;

	if (dir == NULL && o->dir != NULL)
		dir = xstrdup(o->dir);
	printf("\n... and more: narrow with --dir DIR or --doc GLOB, or list "
	    "every section with --all\n");
	{
		const struct pdb_param params[] = {
			PDB_TEXT(":doc", o->doc),
			PDB_TEXT(":dir", dir),
			PDB_INT(":templates", o->templates),
		};

		rc = render_query(st, "milestones.directories", params, 3,
		    "By directory", o);
	}
	free(dir);
	return rc;
}

static int
write_current(struct pdb_store *st, const struct pdb_param *params,
    size_t n, const struct milestones_opts *o)
{
	int human = o->format == PDB_FORMAT_TEXT || o->format == PDB_FORMAT_MD;
	int more, rc = 0;
	sqlite3_stmt *s;
	long rows;

	if (!human)
		return render_query(st, "milestones.listed", params, n, NULL,
		    o);
	if ((rc = query_prepare(st, "milestones.listed", params, n, &s)) != 0)
		return rc;
	rows = write_grouped(s, o, want_bars(o), o->all ? -1 : SHOW_ROWS,
	    &more, stdout);
	sqlite3_finalize(s);
	if (rows < 0)
		return store_fail(st, "running the milestones query");
	if (rows == 0)
		printf("(no milestones)\n");
	if (more)
		rc = write_rest(st, o);
	if (rc == 0)
		rc = render_query(st, "milestones.total", params, n,
		    "All documents", o);
	return rc;
}

static int
run_milestones(struct pdb_cli *cli, int argc, char **argv)
{
	struct milestones_opts o = {.format = PDB_FORMAT_TEXT};
	struct pdb_store st;
	int rc;

	if (read_options(cli, argc, argv, &o, &rc) != 0) {
		free(o.dir);
		return rc;
	}
	if ((rc = store_open(cli->db_path, PDB_OPEN_READ, &st)) != 0)
		goto out;
	query_note_empty(cli, &st);
	{
		const struct pdb_param params[] = {
			PDB_TEXT(":doc", o.doc),
			PDB_TEXT(":dir", o.dir),
			PDB_INT(":templates", o.templates),
			PDB_INT(":all", o.all),
			PDB_TEXT(":at", o.at),
			PDB_INT(":limit", o.all || (o.format != PDB_FORMAT_TEXT
			    && o.format != PDB_FORMAT_MD) ? -1 : SHOW_ROWS + 1),
		};
		size_t n = sizeof(params) / sizeof(*params);

		if (o.format == PDB_FORMAT_MD)
			printf("### Milestones\n\n");
		const char *as_of = o.as_of_set ?
		    query_milestones_as_of(&st, o.at) : NULL;

		if (o.as_of_set && as_of == NULL)
			rc = PDB_EXIT_DB;
		else if (o.as_of_set)
			rc = render_query(&st, as_of, params, n, NULL, &o);
		else
			rc = write_current(&st, params, n, &o);
	}
out:
	store_close(&st);
	free(o.dir);
	return rc;
}

const struct pdb_cmd pdb_cmd_milestones = {
	.name = "milestones",
	.run = run_milestones,
	.synopsis = "milestones [--dir DIR] [--doc GLOB] [--all] [--as-of TIME] [options]",
	.summary = "how far along each milestone is, and what it claims",
	.help =
	    "Lists what a lead calls a milestone: each section whose heading\n"
	    "names one (Phase 2, Milestone 5.1, a .progdb keyword) or that holds\n"
	    "checklist items itself, with items under it or a status it\n"
	    "declares.  Rows come under their document and its roll-up, with\n"
	    "done/total/percent over the section's whole subtree, the status it\n"
	    "declares (heading emoji or words, **Status**, [3/5] cookies,\n"
	    "Progress: claims) and whether the two disagree.  Every item counts\n"
	    "once; cancelled items are left out.  Text and md stop after 200\n"
	    "rows, then show the documents per directory to narrow with --dir;\n"
	    "the whole tree's total ends the answer.  Templates are left out\n"
	    "unless asked for.  On a terminal, rows get progress bars.\n"
	    "\n"
	    "Options:\n"
	    "  --dir DIR             only documents under directory DIR\n"
	    "  --doc GLOB            only documents whose path matches GLOB\n"
	    "  --all                 every section, with or without items, and\n"
	    "                        no 200-row stop\n"
	    "  --as-of TIME          counts as they were at TIME (a day: its end)\n"
	    "  --include-templates   count template documents too\n"
	    "  --format FMT          text (default), md, json or csv; json and\n"
	    "                        csv hold the milestone rows only, all of them\n"
	    "  --ascii               bars in plain ASCII\n"
	    "\n"
	    "Examples:\n"
	    "  progdb milestones\n"
	    "  progdb milestones --dir teams/payments\n"
	    "  progdb milestones --doc 'teams/payments/*' --format json\n"
	    "  progdb milestones --as-of 2025-11-01\n",
};
