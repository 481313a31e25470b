/*
 * cmd_ingest.c - `progdb ingest PATH...`: reads the options and the
 * tree's configuration, hands them to the ingest service
 * (ingest_paths(), progdb/ingest.h), which stores the tree as one run or
 * with --git replays its history, and prints the one-line summary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/cli.h"
#include "progdb/date.h"
#include "progdb/diag.h"
#include "progdb/progress.h"
#include "progdb/xmem.h"

#include "progdb/ingest.h"

enum {
	OPT_EXCLUDE = OPT_FIRST_COMMAND_OPTION,
	OPT_INCLUDE,
	OPT_MAX_SIZE,
	OPT_GIT,
	OPT_REV,
	OPT_REBUILD,
	OPT_CONFIG,
	OPT_STRICT,
};

static void
print_tree_summary(const struct pdb_ingest_summary *s, double secs)
{
	struct pdb_buf items = {0}, risks = {0};

	buf_grouped(&items, s->items);
	buf_grouped(&risks, s->risks);
	fprintf(stderr, "ingested %lu file%s (%lu new, %lu changed, %lu "
	    "unchanged, %lu removed", s->seen, s->seen == 1 ? "" : "s",
	    s->added, s->changed, s->unchanged, s->removed);
	if (s->failed > 0)
		fprintf(stderr, ", %lu failed", s->failed);
	fprintf(stderr, "): %s items, %s open risks in %.2f s\n",
	    buf_cstr(&items), buf_cstr(&risks), secs);
	buf_free(&items);
	buf_free(&risks);
}

static void
print_git_summary(const struct ingest_result *r, const char *rev)
{
	struct pdb_buf b = {0};

	if (r->commits == 0 && r->upto[0] != '\0') {
		fprintf(stderr, "nothing to replay: the history of these paths "
		    "is in the database up to %.12s\n", r->upto);
		return;
	}
	if (r->commits == 0) {
		fprintf(stderr, "nothing to replay: no commit of %s changed "
		    "Markdown under these paths\n", rev != NULL ? rev : "HEAD");
		return;
	}
	buf_puts(&b, "replayed ");
	buf_grouped(&b, (long long)r->commits);
	buf_printf(&b, " commit%s (%.12s..%.12s), ", r->commits == 1 ? "" :
	    "s", r->first, r->last);
	buf_grouped(&b, (long long)r->changes);
	buf_puts(&b, " file changes: ");
	buf_grouped(&b, r->sum.items);
	buf_puts(&b, " items, ");
	buf_grouped(&b, r->sum.risks);
	buf_puts(&b, " open risks");
	if (r->skipped > 0)
		buf_printf(&b, " (%lu more commit%s replayed by another "
		    "ingest meanwhile)", r->skipped, r->skipped == 1 ? "" : "s");
	buf_printf(&b, " in %.2f s\n", r->seconds);
	fputs(buf_cstr(&b), stderr);
	buf_free(&b);
}

/* The service's progress, as a line on a terminal (progress.h). */
static void
show_progress(void *arg, enum ingest_progress ev, const char *unit, size_t n)
{
	struct pdb_progress *p = arg;

	if (ev == INGEST_PROGRESS_START)
		progress_start(p, strcmp(unit, "commits") == 0 ?
		    "ingest --git" : "ingest", unit, n, 0);
	else if (ev == INGEST_PROGRESS_STEP)
		progress_update(p, n);
	else
		progress_clear(p);
}

/* Prints what the run (or replay) came to, after its warnings. */
static void
report(struct pdb_cli *cli, const struct ingest_opts *o,
    const struct ingest_result *res)
{
	if (!o->git && res->sum.unknown_marks != NULL)
		diag_warn(NULL, 0, "unknown-mark", "unknown checkbox marks, "
		    "not counted as items: %s (see 'progdb check')",
		    res->sum.unknown_marks);
	if (cli->quiet)
		return;
	if (o->git)
		print_git_summary(res, o->rev);
	else
		print_tree_summary(&res->sum, res->seconds);
}

static int
parse_size(const char *arg, size_t *out)
{
	char *end;
	unsigned long long v = strtoull(arg, &end, 10);

	if (end == arg || arg[0] == '-')
		return -1;
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	else if (*end == 'G' || *end == 'g')
		v <<= 30, end++;
	if (*end != '\0' || v == 0 || v > (4ULL << 30))
		return -1;
	*out = (size_t)v;
	return 0;
}

static void
add_glob(struct ingest_opts *o, size_t *n, const char *g)
{
	o->globs = xreallocarray(o->globs, *n + 1, sizeof(*o->globs));
	o->globs[(*n)++] = g;
}

static int
read_options(struct pdb_cli *cli, int argc, char **argv,
    struct ingest_opts *o, int *status)
{
	static const struct option longopts[] = {
		{"exclude", required_argument, NULL, OPT_EXCLUDE},
		{"include", required_argument, NULL, OPT_INCLUDE},
		{"max-size", required_argument, NULL, OPT_MAX_SIZE},
		{"as-of", required_argument, NULL, OPT_AS_OF},
		{"git", no_argument, NULL, OPT_GIT},
		{"rev", required_argument, NULL, OPT_REV},
		{"since", required_argument, NULL, OPT_SINCE},
		{"rebuild", no_argument, NULL, OPT_REBUILD},
		{"config", required_argument, NULL, OPT_CONFIG},
		{"strict", no_argument, NULL, OPT_STRICT},
		PDB_COMMON_OPTIONS
	};
	const char **inc = NULL;
	size_t nglobs = 0, ninc = 0;
	int c;

	o->max_size = INGEST_DEFAULT_MAX_SIZE;
	o->observed = cli->now;
	while ((c = cli_getopt(cli, argc, argv, PDB_COMMON_SHORT, longopts,
	    status)) != -1) {
		switch (c) {
		case PDB_OPT_EXIT:
			free(inc);
			return -1;
		case OPT_EXCLUDE:
			add_glob(o, &nglobs, optarg);
			break;
		case OPT_INCLUDE:
			inc = xreallocarray(inc, ninc + 1, sizeof(*inc));
			inc[ninc++] = optarg;
			break;
		case OPT_MAX_SIZE:
			if (parse_size(optarg, &o->max_size) != 0) {
				free(inc);
				*status = cli_usage_error(cli, "--max-size: "
				    "'%s' is not a size (e.g. 32M, 500K)",
				    optarg);
				return -1;
			}
			break;
		case OPT_AS_OF:
			o->as_of = 1;
			if (cli_parse_time(cli, "--as-of", optarg,
			    &o->observed, NULL) != 0) {
				free(inc);
				*status = PDB_EXIT_USAGE;
				return -1;
			}
			break;
		case OPT_GIT:
			o->git = 1;
			break;
		case OPT_REV:
			o->rev = optarg;
			break;
		case OPT_SINCE:
			/* A time, else a revision (replay what came after). */
			if (date_parse_cli(optarg, cli->now, &o->since,
			    NULL) != 0)
				o->since_rev = optarg;
			break;
		case OPT_REBUILD:
			o->rebuild = 1;
			break;
		case OPT_CONFIG:
			o->config_path = optarg;
			break;
		case OPT_STRICT:
			o->strict = 1;
			break;
		}
	}
	if (!o->git && (o->rev != NULL || o->since != 0 ||
	    o->since_rev != NULL || o->rebuild)) {
		free(inc);
		*status = cli_usage_error(cli, "--rev, --since and --rebuild "
		    "go with --git");
		return -1;
	}
	if (o->git && o->as_of) {
		free(inc);
		*status = cli_usage_error(cli, "--as-of does not go with "
		    "--git: each commit is observed at its own time");
		return -1;
	}
	o->walk.nexcludes = nglobs;
	for (size_t i = 0; i < ninc; i++)
		add_glob(o, &nglobs, inc[i]);
	free(inc);
	o->walk.excludes = o->globs;
	o->walk.includes = o->globs + o->walk.nexcludes;
	o->walk.nincludes = ninc;
	return 0;
}

/*
 * The tree's dialect: --config FILE, else the .progdb of each root that
 * has one (merged).  Its excludes join --exclude; extraction reads the
 * rest through config_active().
 */
static int
load_config(struct ingest_opts *o, char **paths, size_t n)
{
	const char **g;
	size_t nx = o->walk.nexcludes, k = 0;

	if (o->config_path != NULL) {
		if (config_load(&o->config, o->config_path, 1) != 0)
			return -1;
	} else {
		for (size_t i = 0; i < n; i++)
			if (config_load_dir(&o->config, paths[i]) != 0)
				return -1;
	}
	g = xreallocarray(NULL, nx + o->config.nexcludes +
	    o->walk.nincludes + 1, sizeof(*g));
	for (size_t i = 0; i < nx; i++)
		g[k++] = o->globs[i];
	for (size_t i = 0; i < o->config.nexcludes; i++)
		g[k++] = o->config.excludes[i];
	for (size_t i = 0; i < o->walk.nincludes; i++)
		g[k++] = o->globs[nx + i];
	free(o->globs);
	o->globs = g;
	o->walk.excludes = g;
	o->walk.nexcludes = nx + o->config.nexcludes;
	o->walk.includes = g + o->walk.nexcludes;
	config_set_active(&o->config);
	return 0;
}

static void
free_opts(struct ingest_opts *o)
{
	config_set_active(NULL);
	config_free(&o->config);
	free(o->globs);
}

static int
run_ingest(struct pdb_cli *cli, int argc, char **argv)
{
	struct ingest_opts o = {0};
	struct pdb_progress progress = {0};
	struct ingest_request req = {.o = &o, .progress_arg = &progress};
	struct ingest_result res;
	int rc, status;

	if (read_options(cli, argc, argv, &o, &status) != 0) {
		free(o.globs);
		return status;
	}
	if (optind == argc) {
		free(o.globs);
		return cli_usage_error(cli, "no PATH given");
	}
	/* Global options may follow the command's: read them after. */
	req.db_path = cli->db_path;
	req.now = cli->now;
	req.progress = cli->quiet ? NULL : show_progress;
	req.paths = argv + optind;
	req.npaths = (size_t)(argc - optind);
	if (load_config(&o, argv + optind, req.npaths) != 0) {
		free_opts(&o);
		return PDB_EXIT_USAGE;
	}
	if ((rc = ingest_paths(&req, &res)) == 0)
		report(cli, &o, &res);
	ingest_result_free(&res);
	/* A run that committed succeeded: its warnings are on stderr and in
	 * the diagnostic table.  --strict makes them fail it. */
	if (rc == 0 && o.strict && diag_warning_count() > 0)
		rc = PDB_EXIT_WARNINGS;
	free_opts(&o);
	return rc;
}

const struct pdb_cmd pdb_cmd_ingest = {
	.name = "ingest",
	.run = run_ingest,
	.synopsis = "ingest [options] PATH...",
	.summary = "read Markdown files into the database",
	.help =
	    "Walks each directory PATH for *.md and *.markdown files (hidden\n"
	    "directories other than .kiro and .specify, and node_modules, are\n"
	    "skipped) and reads each file PATH whatever its name.  Files\n"
	    "unchanged since the last ingest are not read again; changed files\n"
	    "replace what was stored for them; files that disappeared from a\n"
	    "directory PATH are marked removed.  The run is one transaction: on\n"
	    "failure the database is left as it was.  Ends with a one-line\n"
	    "summary on stderr.\n"
	    "\n"
	    "Options:\n"
	    "  --exclude GLOB   skip files and directories whose name or path\n"
	    "                   matches GLOB (repeatable)\n"
	    "  --include GLOB   also take files whose name matches GLOB, e.g.\n"
	    "                   '*.txt' (repeatable)\n"
	    "  --max-size SIZE  skip larger files with a warning (default 32M)\n"
	    "  --strict         exit 3 when the run committed with warnings\n"
	    "                   (by default it exits 0: warnings go to stderr\n"
	    "                   and the diagnostic table)\n"
	    "  --as-of TIME     record the run as observed at TIME instead of now\n"
	    "                   (e.g. 2025-11-17T09:00:00Z), for backfills; not\n"
	    "                   before the newest run of the same PATH\n"
	    "  --git            replay the git history of the PATHs instead:\n"
	    "                   each commit on the first-parent line that\n"
	    "                   changed Markdown under them, oldest first, as\n"
	    "                   one run observed at its commit time (only the\n"
	    "                   files it changed are read); later runs replay\n"
	    "                   only newer commits\n"
	    "  --rev REV        with --git: the history of REV (default HEAD)\n"
	    "  --since TIME|REV with --git: start with the commits made at or\n"
	    "                   after TIME, or after the commit REV, the whole\n"
	    "                   tree before them as the first run\n"
	    "  --rebuild        with --git: forget what was observed of these\n"
	    "                   PATHs (plain ingests too) and replay from the\n"
	    "                   first commit (after a rebase or forced push\n"
	    "                   rewrote history)\n"
	    "  --config FILE    the tree's configuration (markers, excludes,\n"
	    "                   milestone keywords, templates); default: the\n"
	    "                   .progdb file of each PATH that has one\n"
	    "\n"
	    "Examples:\n"
	    "  progdb ingest docs/\n"
	    "  progdb ingest --db /srv/team.db --exclude 'archive' docs/ notes/\n"
	    "  progdb ingest --include '*.txt' seeds/\n"
	    "  progdb ingest --strict docs/        # fail on warnings (exit 3)\n"
	    "  progdb ingest --git docs/\n"
	    "  progdb ingest --git --since 2025-06-01 docs/\n",
};
