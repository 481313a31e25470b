/*
 * cmd_next.c - `progdb next`: the open items whose dependencies are all
 * done, the statement deps.next (see extract_deps.c for the dialects).
 */
#include <stdio.h>

#include "progdb/cli.h"
#include "progdb/query.h"
#include "progdb/render.h"
#include "progdb/store.h"

struct next_opts {
	enum pdb_format	 format;
	int		 templates;
};

static int
read_options(struct pdb_cli *cli, int argc, char **argv,
    struct next_opts *o, int *status)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, OPT_FORMAT},
		{"include-templates", no_argument, NULL, OPT_TEMPLATES},
		PDB_COMMON_OPTIONS
	};
	const struct pdb_common_dest d = {.format = &o->format,
	    .templates = &o->templates};
	int c;

	*status = PDB_EXIT_USAGE;
	while ((c = cli_getopt(cli, argc, argv, PDB_COMMON_SHORT, longopts,
	    status)) != -1)
		if (c == PDB_OPT_EXIT || cli_common_option(cli, c, &d) < 0)
			return -1;
	if (optind < argc) {
		cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	return 0;
}

static int
run_next(struct pdb_cli *cli, int argc, char **argv)
{
	struct next_opts o = {.format = PDB_FORMAT_TEXT};
	struct pdb_render_opts ro = {0};
	struct pdb_param p = PDB_INT(":templates", 0);
	struct pdb_store st;
	sqlite3_stmt *s = NULL;
	int rc;

	if (read_options(cli, argc, argv, &o, &rc) != 0)
		return rc;
	ro.format = o.format;
	if ((rc = store_open(cli->db_path, PDB_OPEN_READ, &st)) != 0)
		goto out;
	query_note_empty(cli, &st);
	p.i = o.templates;
	if ((rc = query_prepare(&st, "deps.next", &p, 1, &s)) == 0 &&
	    render_stmt(s, &ro, stdout) < 0)
		rc = ferror(stdout) ? PDB_EXIT_INPUT :
		    store_fail(&st, "listing the next items");
	sqlite3_finalize(s);
out:
	store_close(&st);
	return rc;
}

const struct pdb_cmd pdb_cmd_next = {
	.name = "next",
	.run = run_next,
	.synopsis = "next [--format FMT] [options]",
	.summary = "open items whose dependencies are all done",
	.help =
	    "Lists the open and in-progress items that take part in\n"
	    "dependencies (they name one, or one names them) and whose\n"
	    "dependencies are all done (or cancelled): what can be started now.\n"
	    "Dependencies are read as written: Obsidian Tasks \xE2\x9B\x94 abc (ids\n"
	    "are \xF0\x9F\x86\x94 abc), Dataview [dependsOn:: abc], spec-kit (depends on\n"
	    "T001), cc-sdd _Depends: 1.2_ (on a bullet under the task).  An id\n"
	    "names an item of the same document, else of any document.  A\n"
	    "dependency on an id no item has keeps the item waiting (check\n"
	    "reports it).\n"
	    "\n"
	    "Options:\n"
	    "  --format FMT          text (default), md, json or csv\n"
	    "  --include-templates   count template documents too\n"
	    "\n"
	    "JSON: an array of {item, path, line, id, state, after}, after\n"
	    "being the ids it depended on, comma-separated.\n"
	    "\n"
	    "Examples:\n"
	    "  progdb next\n"
	    "  progdb next --format json\n",
};
