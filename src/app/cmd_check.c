/*
 * cmd_check.c - `progdb check`: findings a reviewer would want, one per
 * line as "path:line: warning: code: message" (what editors and CI
 * annotators read), or as JSON, CSV or Markdown.  Exit status 1 when
 * there is any finding.  The rules are schema/queries/check.sql.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/cli.h"
#include "progdb/config.h"
#include "progdb/escape.h"
#include "progdb/query.h"
#include "progdb/render.h"
#include "progdb/store.h"
#include "progdb/xmem.h"

#include "version.h"

enum {
	OPT_IGNORE = OPT_FIRST_COMMAND_OPTION,
	OPT_CONFIG,
};

enum check_format {
	CHECK_TABLE,		/* render_stmt() in ro.format */
	CHECK_LINES,		/* path:line: warning: code: message */
	CHECK_GITHUB,		/* ::warning file=...,line=...::message */
	CHECK_SARIF,		/* SARIF 2.1.0 */
};

struct check_opts {
	struct pdb_render_opts	 ro;
	enum check_format	 out;
	const char		*config_path;	/* --config FILE */
	struct pdb_config	 config;	/* --ignore codes too */
};

static const char *
column(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t != NULL ? (const char *)t : "";
}

/* A path that would start a line with ':' (a workflow command such as
 * "::error ...") is written "./path". */
static void
put_path(struct pdb_buf *b, const char *path)
{
	if (path[0] == ':')
		buf_puts(b, "./");
	escape_terminal(path, strlen(path), b);
}

/* The path of the row before and how it was written: findings come in
 * path order, so most rows write the same path as the one above. */
struct path_cache {
	struct pdb_buf	 raw;
	struct pdb_buf	 shown;
	int		 valid;
};

/* Writes path as put(path) would, from the cache when the path is the
 * one written before. */
static void
put_cached(struct pdb_buf *b, const char *path, struct path_cache *c,
    void (*put)(struct pdb_buf *, const char *))
{
	size_t n = strlen(path);

	if (!c->valid || c->raw.len != n ||
	    (n > 0 && memcmp(c->raw.data, path, n) != 0)) {
		buf_reset(&c->raw);
		buf_append(&c->raw, path, n);
		buf_reset(&c->shown);
		put(&c->shown, path);
		c->valid = 1;
	}
	if (c->shown.len > 0)
		buf_append(b, c->shown.data, c->shown.len);
}

/* Columns: path, line, severity, code, message. */
static void
line_text(sqlite3_stmt *s, struct pdb_buf *b, struct path_cache *c)
{
	put_cached(b, column(s, 0), c, put_path);
	for (int i = 1; i < 5; i++) {
		buf_puts(b, i == 1 ? ":" : ": ");
		escape_terminal(column(s, i), strlen(column(s, i)), b);
	}
	buf_putc(b, '\n');
}

/* GitHub workflow-command escaping: % CR LF always, and : , in
 * properties; nothing else in the value can end the command. */
static void
github_escape(const char *t, int property, struct pdb_buf *b)
{
	for (; *t != '\0'; t++) {
		if (*t == '%')
			buf_puts(b, "%25");
		else if (*t == '\r')
			buf_puts(b, "%0D");
		else if (*t == '\n')
			buf_puts(b, "%0A");
		else if (property && *t == ':')
			buf_puts(b, "%3A");
		else if (property && *t == ',')
			buf_puts(b, "%2C");
		else
			buf_putc(b, *t);
	}
}

/* A path as a workflow command's file property. */
static void
put_github_file(struct pdb_buf *b, const char *path)
{
	struct pdb_buf t = {0};

	escape_terminal(path, strlen(path), &t);
	github_escape(buf_cstr(&t), 1, b);
	buf_free(&t);
}

static void
line_github(sqlite3_stmt *s, struct pdb_buf *b, struct path_cache *c)
{
	struct pdb_buf t = {0};

	buf_puts(b, "::warning file=");
	put_cached(b, column(s, 0), c, put_github_file);
	buf_printf(b, ",line=%d,title=", sqlite3_column_int(s, 1));
	github_escape(column(s, 3), 1, b);
	buf_puts(b, "::");
	escape_terminal(column(s, 4), strlen(column(s, 4)), &t);
	github_escape(buf_cstr(&t), 0, b);
	buf_putc(b, '\n');
	buf_free(&t);
}

/* A relative URI reference for path: unreserved bytes and '/' kept,
 * everything else percent-encoded. */
static void
put_uri(const char *p, struct pdb_buf *b)
{
	for (; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c) != NULL)
			buf_putc(b, (char)c);
		else
			buf_printf(b, "%%%02X", c);
	}
}

static void
json_str(struct pdb_buf *b, const char *t)
{
	buf_putc(b, '"');
	escape_json(t, strlen(t), b);
	buf_putc(b, '"');
}

static void
line_sarif(sqlite3_stmt *s, struct pdb_buf *b, long n)
{
	struct pdb_buf uri = {0};

	put_uri(column(s, 0), &uri);
	buf_puts(b, n > 0 ? ",\n        {\"ruleId\": " : "\n        {\"ruleId\": ");
	json_str(b, column(s, 3));
	buf_puts(b, ", \"level\": \"warning\", \"message\": {\"text\": ");
	json_str(b, column(s, 4));
	buf_puts(b, "}, \"locations\": [{\"physicalLocation\": "
	    "{\"artifactLocation\": {\"uri\": ");
	json_str(b, buf_cstr(&uri));
	buf_printf(b, "}, \"region\": {\"startLine\": %d}}}]}",
	    sqlite3_column_int(s, 1) > 0 ? sqlite3_column_int(s, 1) : 1);
	buf_free(&uri);
}

static void
sarif_begin(struct pdb_buf *b)
{
	buf_puts(b, "{\n  \"$schema\": \"https://json.schemastore.org/"
	    "sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n"
	    "    {\n      \"tool\": {\"driver\": {\"name\": \"progdb\", "
	    "\"version\": \"" PROGDB_VERSION "\", \"rules\": [");
	for (int i = 0; pdb_check_codes[i] != NULL; i++) {
		buf_puts(b, i > 0 ? ", " : "");
		buf_puts(b, "{\"id\": ");
		json_str(b, pdb_check_codes[i]);
		buf_puts(b, "}");
	}
	buf_puts(b, "]}},\n      \"results\": [");
}

static long
write_lines(sqlite3_stmt *s, enum check_format f, FILE *out)
{
	struct pdb_buf b = {0};
	struct path_cache c = {0};
	long n = 0;
	int rc;

	if (f == CHECK_SARIF)
		sarif_begin(&b);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (f == CHECK_LINES)
			line_text(s, &b, &c);
		else if (f == CHECK_GITHUB)
			line_github(s, &b, &c);
		else
			line_sarif(s, &b, n);
		n++;
	}
	if (f == CHECK_SARIF)
		buf_puts(&b, n > 0 ? "\n      ]\n    }\n  ]\n}\n" :
		    "]\n    }\n  ]\n}\n");
	if (rc == SQLITE_DONE && b.len > 0 && fwrite(b.data, 1, b.len, out) !=
	    b.len)
		n = -1;
	buf_free(&b);
	buf_free(&c.raw);
	buf_free(&c.shown);
	return rc == SQLITE_DONE ? n : -1;
}

static int
parse_format(const struct pdb_cli *cli, const char *arg,
    struct check_opts *o)
{
	if (strcmp(arg, "github") == 0)
		o->out = CHECK_GITHUB;
	else if (strcmp(arg, "sarif") == 0)
		o->out = CHECK_SARIF;
	else if (render_format_from_name(arg, &o->ro.format) == 0)
		o->out = o->ro.format == PDB_FORMAT_TEXT ? CHECK_LINES :
		    CHECK_TABLE;
	else {
		cli_usage_error(cli, "--format: unknown value '%s' (expected "
		    "text, json, csv, md, github or sarif)", arg);
		return -1;
	}
	return 0;
}

static int
add_ignore(const struct pdb_cli *cli, const char *code,
    struct pdb_config *c)
{
	if (!config_check_code_known(code)) {
		cli_usage_error(cli, "--ignore: unknown code '%s' (see "
		    "'progdb check --help')", code);
		return -1;
	}
	c->ignores = xreallocarray(c->ignores, c->nignores + 1,
	    sizeof(*c->ignores));
	c->ignores[c->nignores++] = xstrdup(code);
	return 0;
}

static int
read_options(struct pdb_cli *cli, int argc, char **argv,
    struct check_opts *o, int *status)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, OPT_FORMAT},
		{"ignore", required_argument, NULL, OPT_IGNORE},
		{"config", required_argument, NULL, OPT_CONFIG},
		PDB_COMMON_OPTIONS
	};
	int c;

	while ((c = cli_getopt(cli, argc, argv, PDB_COMMON_SHORT, longopts,
	    status)) != -1) {
		if (c == PDB_OPT_EXIT)
			return -1;
		*status = PDB_EXIT_USAGE;
		if (c == OPT_FORMAT && parse_format(cli, optarg, o) != 0)
			return -1;
		if (c == OPT_IGNORE && add_ignore(cli, optarg, &o->config) != 0)
			return -1;
		if (c == OPT_CONFIG)
			o->config_path = optarg;
	}
	if (optind < argc) {
		*status = cli_usage_error(cli, "unexpected argument '%s'",
		    argv[optind]);
		return -1;
	}
	return 0;
}

static int
run_findings(struct pdb_store *st, struct check_opts *o)
{
	char *ignore = query_ignore_list(&o->config);
	const struct pdb_param params[] = {PDB_TEXT(":ignore", ignore)};
	sqlite3_stmt *s;
	long n;
	int rc;

	if ((rc = query_prepare(st, "check.findings", params, 1, &s)) != 0) {
		free(ignore);
		return rc;
	}
	n = o->out == CHECK_TABLE ? render_stmt(s, &o->ro, stdout) :
	    write_lines(s, o->out, stdout);
	if (n < 0)
		rc = ferror(stdout) ? PDB_EXIT_INPUT :
		    store_fail(st, "running the checks");
	else if (n > 0)
		rc = PDB_EXIT_FINDINGS;
	sqlite3_finalize(s);
	free(ignore);
	return rc;
}

static int
run_check(struct pdb_cli *cli, int argc, char **argv)
{
	struct check_opts o = {.ro.format = PDB_FORMAT_TEXT,
	    .out = CHECK_LINES};
	struct pdb_store st;
	int rc;

	if (read_options(cli, argc, argv, &o, &rc) != 0) {
		config_free(&o.config);
		return rc;
	}
	if ((rc = store_open(cli->db_path, PDB_OPEN_READ, &st)) != 0)
		goto out;
	query_note_empty(cli, &st);
	if (query_load_config(&st, o.config_path, &o.config) != 0)
		rc = PDB_EXIT_USAGE;
	else
		rc = run_findings(&st, &o);
out:
	store_close(&st);
	config_free(&o.config);
	return rc;
}

const struct pdb_cmd pdb_cmd_check = {
	.name = "check",
	.run = run_check,
	.synopsis = "check [--ignore CODE] [--format FMT]",
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
	    "  past-due                      an open item whose due date has\n"
	    "                                passed\n"
	    "  due-after-milestone           an open item due after the date its\n"
	    "                                milestone declares (Due Date, Target\n"
	    "                                Date, Deadline, ...)\n"
	    "  placeholder                   a template placeholder left in a\n"
	    "                                document that is not a template\n"
	    "  unknown-mark                  list items starting with a marker\n"
	    "                                progdb does not know ([*], [DONE]),\n"
	    "                                once per document with the count\n"
	    "  burndown-up                   remaining work that grows while the\n"
	    "                                scope does not\n"	    "  dependency-cycle              an item that depends on itself\n"
	    "                                through its dependencies\n"
	    "  dependency-missing            a dependency on an id no item has\n"
	    "  done-before-dependency        an item done while one it depends\n"
	    "                                on is not\n"
	    "  requirement-missing           a Kiro task covering a requirement\n"
	    "                                its spec's requirements.md lacks\n"
	    "  criterion-uncovered           a Kiro acceptance criterion no task\n"
	    "                                of its spec covers\n"
	    "\n"
	    "Options:\n"
	    "  --ignore CODE  leave out findings with this code (repeatable;\n"
	    "                 also 'ignore = CODE' under [check] in .progdb)\n"
	    "  --config FILE  the configuration to read (default: .progdb here\n"
	    "                 and at each root ingested)\n"
	    "  --format FMT   text (default), json, csv, md, github (workflow\n"
	    "                 command annotations) or sarif (SARIF 2.1.0)\n"
	    "\n"
	    "A path that would start a line with ':' is written './path', so a\n"
	    "file name cannot pass for a workflow command.\n"
	    "\n"
	    "Examples:\n"
	    "  progdb check\n"
	    "  progdb check --ignore placeholder --format github\n"
	    "  progdb check --format sarif > progdb.sarif\n",
};
