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

#define BAR_WIDTH	20

enum {
	OPT_DOC = OPT_FIRST_COMMAND_OPTION,
	OPT_TEMPLATES,
	OPT_ASCII,
};

struct milestones_opts {
	enum pdb_format	 format;
	const char	*doc;
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

/* Columns of milestones.current/as_of: path, section, milestone, done,
 * total, percent, declared, disagrees, line. */
static int
write_bars(sqlite3_stmt *s, int ascii, FILE *out)
{
	struct pdb_buf b = {0};
	char last[4096] = "";
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *path = column(s, 0), *section = column(s, 1);
		int done = sqlite3_column_int(s, 3);
		int total = sqlite3_column_int(s, 4);

		if (strcmp(path, last) != 0) {
			snprintf(last, sizeof(last), "%s", path);
			if (b.len > 0)
				buf_putc(&b, '\n');
			escape_terminal(path, strlen(path), &b);
			buf_putc(&b, '\n');
		}
		buf_puts(&b, "  ");
		render_bar(&b, total > 0 ? (double)done / total : 0,
		    BAR_WIDTH, ascii);
		buf_printf(&b, " %3d%% %4d/%-4d ", sqlite3_column_int(s, 5),
		    done, total);
		escape_terminal(section, strlen(section), &b);
		if (sqlite3_column_type(s, 6) != SQLITE_NULL) {
			buf_puts(&b, "  [");
			escape_terminal(column(s, 6), strlen(column(s, 6)), &b);
			buf_putc(&b, ']');
		}
		if (sqlite3_column_int(s, 7))
			buf_puts(&b, "  <- disagrees");
		buf_putc(&b, '\n');
	}
	if (rc == SQLITE_DONE && b.len > 0)
		fwrite(b.data, 1, b.len, out);
	buf_free(&b);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
render_query(struct pdb_store *st, const char *name,
    const struct pdb_param *params, size_t n, const char *title,
    const struct milestones_opts *o, int bars)
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
	if ((bars ? write_bars(s, o->ascii, stdout) : render_stmt(s, &ro,
	    stdout) < 0 ? -1 : 0) != 0)
		rc = store_fail(st, "running the milestones query");
	sqlite3_finalize(s);
	return rc;
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
		PDB_COMMON_OPTIONS
	};
	int c;

	*status = PDB_EXIT_USAGE;
	while ((c = cli_getopt(cli, argc, argv, PDB_COMMON_SHORT, longopts,
	    status)) != -1) {
		switch (c) {
		case PDB_OPT_EXIT:
			return -1;
		case OPT_DOC:
			o->doc = optarg;
			break;
		case OPT_TEMPLATES:
			o->templates = 1;
			break;
		case OPT_ASCII:
			o->ascii = 1;
			break;
		case OPT_AS_OF:
			if (cli_parse_as_of(cli, optarg, o->at) != 0)
				return -1;
			o->as_of_set = 1;
			break;
		case OPT_FORMAT:
			if (cli_parse_format(cli, optarg, &o->format) != 0)
				return -1;
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

static int
run_milestones(struct pdb_cli *cli, int argc, char **argv)
{
	struct milestones_opts o = {.format = PDB_FORMAT_TEXT};
	struct pdb_store st;
	int rc, whole;

	if (read_options(cli, argc, argv, &o, &rc) != 0)
		return rc;
	if ((rc = store_open(cli->db_path, PDB_OPEN_READ, &st)) != 0)
		goto out;
	query_note_empty(cli, &st);
	{
		const struct pdb_param params[] = {
			PDB_TEXT(":doc", o.doc),
			PDB_INT(":templates", o.templates),
			PDB_TEXT(":at", o.at),
		};
		size_t n = sizeof(params) / sizeof(*params);

		/* JSON and CSV are the milestone rows alone; text and md add
		 * the documents and the whole tree (today's). */
		whole = o.format == PDB_FORMAT_TEXT || o.format == PDB_FORMAT_MD;
		if (o.format == PDB_FORMAT_MD)
			printf("### Milestones\n\n");
		rc = render_query(&st, o.as_of_set ? "milestones.as_of" :
		    "milestones.current", params, n, NULL, &o, want_bars(&o));
		if (rc == 0 && whole && !o.as_of_set)
			rc = render_query(&st, "milestones.documents", params,
			    n, "Documents", &o, 0);
		if (rc == 0 && whole && !o.as_of_set)
			rc = render_query(&st, "milestones.total", params, n,
			    "All documents", &o, 0);
	}
out:
	store_close(&st);
	return rc;
}

const struct pdb_cmd pdb_cmd_milestones = {
	.name = "milestones",
	.run = run_milestones,
	.synopsis = "milestones [--doc GLOB] [--as-of TIME] [options]",
	.summary = "how far along each milestone is, and what it claims",
	.help =
	    "Lists every milestone-like section (one whose heading names a\n"
	    "milestone such as Phase 2 or Milestone 5.1, or that holds checklist\n"
	    "items) with done/total/percent over its whole subtree, the status it\n"
	    "declares (heading emoji or words, **Status**, [3/5] cookies,\n"
	    "Progress: claims) and whether the two disagree.  Every item counts\n"
	    "once, parents and nested items alike; cancelled items are left out.\n"
	    "Then per document and for the whole tree.  Templates are left out\n"
	    "unless asked for.  On a terminal, rows get progress bars.\n"
	    "\n"
	    "Options:\n"
	    "  --doc GLOB            only documents whose path matches GLOB\n"
	    "  --as-of TIME          counts as they were at TIME (a day: its end)\n"
	    "  --include-templates   count template documents too\n"
	    "  --format FMT          text (default), md, json or csv; json and\n"
	    "                        csv hold the milestone rows only\n"
	    "  --ascii               bars in plain ASCII\n"
	    "\n"
	    "Examples:\n"
	    "  progdb milestones\n"
	    "  progdb milestones --doc 'teams/payments/*' --format json\n"
	    "  progdb milestones --as-of 2025-11-01\n",
};
