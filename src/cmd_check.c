/*
 * cmd_check.c - `progdb check`: findings a reviewer would want, one per
 * line as "path:line: warning: code: message" (what editors and CI
 * annotators read), or as JSON, CSV or Markdown.  Exit status 1 when
 * there is any finding.  The rules are schema/queries/check.sql.
 */
#include <stdio.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/cli.h"
#include "progdb/escape.h"
#include "progdb/query.h"
#include "progdb/render.h"
#include "progdb/store.h"

static long
write_lines(sqlite3_stmt *s, FILE *out)
{
	struct pdb_buf b = {0};
	long n = 0;
	int rc;

	/* Columns: path, line, severity, code, message. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < 5; i++) {
			const char *t = (const char *)sqlite3_column_text(s, i);

			if (t != NULL)
				escape_terminal(t, strlen(t), &b);
			buf_puts(&b, i == 0 ? ":" : i < 4 ? ": " : "\n");
		}
		n++;
	}
	if (rc == SQLITE_DONE && b.len > 0 && fwrite(b.data, 1, b.len, out) !=
	    b.len)
		n = -1;
	buf_free(&b);
	return rc == SQLITE_DONE ? n : -1;
}

static int
run_check(struct pdb_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, OPT_FORMAT},
		PDB_COMMON_OPTIONS
	};
	struct pdb_render_opts ro = {.format = PDB_FORMAT_TEXT};
	struct pdb_store st;
	sqlite3_stmt *s;
	long n;
	int c, rc;

	while ((c = cli_getopt(cli, argc, argv, PDB_COMMON_SHORT, longopts,
	    &rc)) != -1) {
		if (c == PDB_OPT_EXIT)
			return rc;
		if (c == OPT_FORMAT && cli_parse_format(cli, optarg,
		    &ro.format) != 0)
			return PDB_EXIT_USAGE;
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = store_open(cli->db_path, PDB_OPEN_READ, &st)) != 0)
		goto out;
	query_note_empty(cli, &st);
	if ((rc = query_prepare(&st, "check.findings", NULL, 0, &s)) != 0)
		goto out;
	n = ro.format == PDB_FORMAT_TEXT ? write_lines(s, stdout) :
	    render_stmt(s, &ro, stdout);
	if (n < 0)
		rc = ferror(stdout) ? PDB_EXIT_INPUT :
		    store_fail(&st, "running the checks");
	else if (n > 0)
		rc = PDB_EXIT_FINDINGS;
	sqlite3_finalize(s);
out:
	store_close(&st);
	return rc;
}

const struct pdb_cmd pdb_cmd_check = {
	.name = "check",
	.run = run_check,
	.synopsis = "check [--format FMT]",
	.summary = "find inconsistencies a reviewer would flag (exit 1 if any)",
	.help =
	    "Prints one finding per line as 'path:line: warning: code: message',\n"
	    "the form editors and CI annotators understand, and exits with status\n"
	    "1 when there is any (0 when clean).  Templates are not checked.\n"
	    "\n"
	    "Codes:\n"
	    "  done-with-open-items          a section declared done with items\n"
	    "                                not done\n"
	    "  claim-mismatch                a declared x/y or percent that is not\n"
	    "                                what the section's items say\n"
	    "  checked-parent-open-children  a ticked item with open sub-items\n"
	    "  current-step-done             the current-step marker on a done\n"
	    "                                item or in a section marked done\n"
	    "  reopened                      an item that was done and is open\n"
	    "                                again\n"
	    "  placeholder                   a template placeholder left in a\n"
	    "                                document that is not a template\n"
	    "  unknown-mark                  a checkbox mark progdb does not know\n"
	    "  burndown-up                   remaining work that grows while the\n"
	    "                                scope does not\n"
	    "\n"
	    "Options:\n"
	    "  --format FMT   text (default), json, csv or md\n"
	    "\n"
	    "Examples:\n"
	    "  progdb check\n"
	    "  progdb check --format json\n",
};
