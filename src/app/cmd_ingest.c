/*
 * cmd_ingest.c - `progdb ingest PATH...`: walk the roots, skip files that
 * have not changed, parse and extract the others, and store it all as one
 * run in one transaction.
 *
 * Each file goes through two steps: prepare_slot() reads it and, when its
 * content changed, decodes, parses and extracts it without touching the
 * database (ingest_job_read(), progdb/ingest.h); commit_files() prints the
 * file's warnings and writes the result (ingest_job_commit()).  Worker
 * threads prepare files ahead while the main thread commits them in order
 * (the work queue, pipeline.h), so that ingest costs about the larger of
 * parsing and writing, not their sum.  --git runs take cmd_ingest_git.c.
 */
#define _DEFAULT_SOURCE	/* realpath */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "progdb/buf.h"
#include "progdb/cli.h"
#include "progdb/date.h"
#include "progdb/diag.h"
#include "progdb/pipeline.h"
#include "progdb/progress.h"
#include "progdb/store.h"
#include "progdb/store_ingest.h"
#include "progdb/walk.h"
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

/* One file of the run, in the order files are stored. */
struct file_ref {
	const struct pdb_walk_root	*root;
	const struct pdb_walk_file	*file;
	char				*real;	/* owned; its absolute real
						 * path, or NULL */
};

/* A file of the tree and its job, reused file to file. */
struct job {
	struct ingest_job	 j;
	struct file_ref		 ref;
	size_t			 index;		/* of ref in the sorted list */
};

static int
same_stat(const struct pdb_known_doc *k, uint64_t size, int64_t mtime_ns)
{
	return k != NULL && !k->removed && k->size == size &&
	    k->mtime_ns == mtime_ns;
}

static int
cmp_refs(const void *a, const void *b)
{
	const struct file_ref *x = a, *y = b;
	int c = strcmp(x->root->label, y->root->label);

	return c != 0 ? c : strcmp(x->file->relpath, y->file->relpath);
}

/* By real path, then as named; files without one last. */
static int
cmp_reals(const void *a, const void *b)
{
	const struct file_ref *x = a, *y = b;

	if (x->real != NULL && y->real != NULL)
		return strcmp(x->real, y->real);
	if (x->real != NULL || y->real != NULL)
		return x->real != NULL ? -1 : 1;
	return cmp_refs(a, b);
}

/*
 * The absolute real path of a file: its root's, joined with its path,
 * unless a link was followed on the way (realpath(3) then).  NULL when
 * the root's could not be found.
 */
static char *
real_path_of(const struct pdb_walk_root *r, const struct pdb_walk_file *f)
{
	char *joined, *real;

	if (r->real == NULL)
		return NULL;
	if (f->linked) {
		joined = xasprintf("%s/%s", r->dir, f->relpath);
		real = realpath(joined, NULL);
		free(joined);
		if (real != NULL)
			return real;
	}
	return xasprintf("%s/%s", strcmp(r->real, "/") == 0 ? "" : r->real,
	    f->relpath);
}

/* Whether a names the file better than b: not through a link, or
 * before b in order. */
static int
better_name(const struct file_ref *a, const struct file_ref *b)
{
	if (a->file->linked != b->file->linked)
		return !a->file->linked;
	return cmp_refs(a, b) < 0;
}

/*
 * Every file of every root, sorted as named, each once: a file is one
 * document however it was reached (named twice, through two spellings of
 * a root, or through a link), under its own name rather than a link's.
 */
static struct file_ref *
list_files(const struct pdb_walk_root *roots, size_t nroots, size_t *n)
{
	struct file_ref *refs;
	size_t total = 0, k = 0;

	for (size_t r = 0; r < nroots; r++)
		total += roots[r].nfiles;
	refs = xreallocarray(NULL, total ? total : 1, sizeof(*refs));
	for (size_t r = 0; r < nroots; r++)
		for (size_t f = 0; f < roots[r].nfiles; f++)
			refs[k++] = (struct file_ref){&roots[r],
			    &roots[r].files[f],
			    real_path_of(&roots[r], &roots[r].files[f])};
	qsort(refs, total, sizeof(*refs), cmp_reals);
	*n = 0;
	for (size_t i = 0; i < total; i++) {
		if (*n > 0 && (refs[i].real != NULL ?
		    refs[*n - 1].real != NULL &&
		    strcmp(refs[i].real, refs[*n - 1].real) == 0 :
		    cmp_refs(&refs[i], &refs[*n - 1]) == 0)) {
			/* The same file: its own name stands over a link's,
			 * then the name first in order. */
			if (better_name(&refs[i], &refs[*n - 1])) {
				free(refs[*n - 1].real);
				refs[*n - 1] = refs[i];
			} else {
				free(refs[i].real);
			}
			continue;
		}
		refs[(*n)++] = refs[i];
	}
	qsort(refs, *n, sizeof(*refs), cmp_refs);
	return refs;
}

static void
free_files(struct file_ref *refs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(refs[i].real);
	free(refs);
}

static char *
roots_json(const struct pdb_walk_root *roots, size_t n)
{
	const char **labels = xreallocarray(NULL, n ? n : 1, sizeof(*labels));
	char *json;

	for (size_t i = 0; i < n; i++)
		labels[i] = roots[i].label;
	json = ingest_roots_json(labels, n);
	free(labels);
	return json;
}

/* Labels of the roots walked in full (any root under that label), or
 * with real set, their real paths. */
static const char **
complete_roots(const struct pdb_walk_root *roots, size_t n, int real,
    size_t *count)
{
	const char **v = xreallocarray(NULL, n ? n : 1, sizeof(*v));

	*count = 0;
	for (size_t i = 0; i < n; i++)
		if (roots[i].complete && (!real || roots[i].real != NULL))
			v[(*count)++] = real ? roots[i].real : roots[i].label;
	return v;
}

static void
print_summary(const struct pdb_ingest_summary *s, double secs)
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

/* What the workers share, read-only while the pipeline runs. */
struct prepare_ctx {
	const struct file_ref		 *refs;
	struct pdb_known_doc		**known;
	const size_t			 *to_read;	/* refs to read, in order */
	const struct ingest_opts	 *o;
};

static void
prepare_slot(void *slot, size_t i, void *arg)
{
	struct job *job = slot;
	const struct prepare_ctx *c = arg;

	job->index = c->to_read[i];
	job->ref = c->refs[job->index];
	free(job->j.display);
	job->j.display = ingest_display_path(job->ref.root->label,
	    job->ref.file->relpath);
	job->j.known = c->known[job->index];
	job->j.real = job->ref.real;
	ingest_job_read(&job->j, job->ref.root, job->ref.file, c->o->max_size);
}

/* One attempt at the run; the files' warnings are printed for files from
 * *printed on (a retried run does not print them twice). */
struct attempt {
	struct pdb_store		 *st;
	struct pdb_run_info		 *info;
	const struct ingest_opts	 *o;
	const struct file_ref		 *refs;
	size_t				  nrefs;
	const char			**complete;
	size_t				  ncomplete;
	const char			**reals;	/* of complete roots */
	size_t				  nreals;
	size_t				  printed;
	struct pdb_progress		  progress;
	struct pdb_ingest_summary	  sum;
};

static int
commit_files(struct attempt *a, struct pdb_ingest *run,
    struct pdb_pipeline *p)
{
	struct pdb_diaglist all = {0};
	struct job *job;
	int rc = 0;

	while (rc == 0 && (job = pipeline_next(p)) != NULL) {
		if (job->index >= a->printed) {
			progress_clear(&a->progress);
			ingest_job_print_diags(&job->j);
			a->printed = job->index + 1;
		}
		rc = ingest_job_commit(run, &job->j, job->ref.root->label,
		    job->ref.file->relpath, &all);
		if (rc != 0 && rc != PDB_INGEST_RETRY)
			diag_error(job->j.display, 0, "could not be stored; "
			    "nothing from this run was saved");
		pipeline_release(p);
		progress_update(&a->progress, job->index + 1);
	}
	diaglist_free(&all);
	return rc;
}

/* One attempt at the run.  Without --as-of it observes the tree when it
 * starts to read it: a run that another one committed before (a retry,
 * or a run that waited) comes after it in the history. */
static int
run_once(struct attempt *a)
{
	struct pdb_ingest *run;
	struct prepare_ctx ctx = {.refs = a->refs, .o = a->o};
	struct pdb_pipeline p;
	struct job *slots;
	size_t workers = pipeline_default_workers();
	size_t nslots = 2 * workers + 2;
	size_t *to_read, nto_read = 0;
	int rc;

	if (!a->o->as_of && (int64_t)time(NULL) > a->info->observed)
		a->info->observed = (int64_t)time(NULL);
	if ((rc = store_ingest_begin(a->st, a->info, &run)) != 0)
		return rc;
	ctx.known = xreallocarray(NULL, a->nrefs ? a->nrefs : 1,
	    sizeof(*ctx.known));
	to_read = xreallocarray(NULL, a->nrefs ? a->nrefs : 1,
	    sizeof(*to_read));
	/* Files with the size and mtime stored are not read: they never
	 * enter the pipeline, whose hand-offs cost more than they do. */
	for (size_t i = 0; i < a->nrefs; i++) {
		ctx.known[i] = store_ingest_known_file(run, a->refs[i].real,
		    a->refs[i].root->label, a->refs[i].file->relpath);
		if (same_stat(ctx.known[i], a->refs[i].file->size,
		    a->refs[i].file->mtime_ns))
			store_ingest_unchanged(run, ctx.known[i]);
		else
			to_read[nto_read++] = i;
	}
	ctx.to_read = to_read;
	slots = xcalloc(nslots, sizeof(*slots));
	/* Without threads, the main thread prepares each file itself. */
	if (pipeline_start(&p, nto_read, workers, slots, nslots,
	    sizeof(*slots), prepare_slot, &ctx) != 0)
		pipeline_start(&p, nto_read, 0, slots, nslots, sizeof(*slots),
		    prepare_slot, &ctx);
	rc = commit_files(a, run, &p);
	pipeline_stop(&p);
	for (size_t i = 0; i < nslots; i++)
		ingest_job_free(&slots[i].j);
	free(slots);
	free(ctx.known);
	free(to_read);
	progress_clear(&a->progress);
	if (rc != 0) {
		store_ingest_abort(run);
		return rc;
	}
	store_ingest_real_roots(run, a->reals, a->nreals);
	return store_ingest_finish(run, a->complete, a->ncomplete,
	    diag_warning_count(), &a->sum);
}

static int
store_files(struct pdb_cli *cli, const struct ingest_opts *o,
    const struct pdb_walk_root *roots, size_t nroots)
{
	struct pdb_store st;
	struct pdb_run_info info;
	struct attempt a = {.o = o};
	struct file_ref *refs;
	struct timeval t0;
	char *json;
	int rc;

	gettimeofday(&t0, NULL);
	if ((rc = store_open(cli->db_path, PDB_OPEN_INGEST, &st)) != 0) {
		store_close(&st);
		return rc;
	}
	json = roots_json(roots, nroots);
	info = (struct pdb_run_info){.started = cli->now,
	    .observed = o->observed, .roots_json = json};
	refs = list_files(roots, nroots, &a.nrefs);
	a.st = &st;
	a.info = &info;
	a.refs = refs;
	a.complete = complete_roots(roots, nroots, 0, &a.ncomplete);
	a.reals = complete_roots(roots, nroots, 1, &a.nreals);
	progress_start(&a.progress, "ingest", "files", a.nrefs, cli->quiet);
	if ((rc = run_once(&a)) == PDB_INGEST_RETRY) {
		/* Another run committed while this one was reading. */
		info.lock_first = 1;
		rc = run_once(&a);
	}
	if (rc == 0 && (rc = store_publish(&st)) == PDB_STORE_LOST_RACE) {
		/* Another process created the database meanwhile: this
		 * run goes into that one. */
		store_close(&st);
		info.lock_first = 1;
		if ((rc = store_open(cli->db_path, PDB_OPEN_WRITE, &st)) == 0)
			rc = run_once(&a);
	}
	if (rc == 0 && a.sum.unknown_marks != NULL)
		diag_warn(NULL, 0, "unknown-mark", "unknown checkbox marks, "
		    "not counted as items: %s (see 'progdb check')",
		    a.sum.unknown_marks);
	if (rc == 0 && !cli->quiet)
		print_summary(&a.sum, ingest_seconds_since(&t0));
	if (rc == 0)
		free(a.sum.unknown_marks);
	free(a.complete);
	free(a.reals);
	free_files(refs, a.nrefs);
	free(json);
	store_close(&st);
	return rc;
}

static int
walk_roots(char **args, size_t n, const struct ingest_opts *o,
    struct pdb_walk_root *roots)
{
	struct pdb_diaglist diags = {0};
	int failed = 0;

	for (size_t i = 0; i < n; i++)
		if (walk_root(args[i], &o->walk, &roots[i], &diags) != 0)
			failed = 1;
	diag_print_list(NULL, &diags);
	diaglist_free(&diags);
	return failed ? PDB_EXIT_INPUT : 0;
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
	struct pdb_walk_root *roots;
	size_t nroots;
	int rc, status;

	if (read_options(cli, argc, argv, &o, &status) != 0) {
		free(o.globs);
		return status;
	}
	if (optind == argc) {
		free(o.globs);
		return cli_usage_error(cli, "no PATH given");
	}
	nroots = (size_t)(argc - optind);
	if (load_config(&o, argv + optind, nroots) != 0) {
		free_opts(&o);
		return PDB_EXIT_USAGE;
	}
	if (o.git) {
		rc = ingest_git(cli, &o, argv + optind, nroots);
	} else {
		roots = xcalloc(nroots, sizeof(*roots));
		rc = walk_roots(argv + optind, nroots, &o, roots);
		if (rc == 0)
			rc = store_files(cli, &o, roots, nroots);
		for (size_t i = 0; i < nroots; i++)
			walk_root_free(&roots[i]);
		free(roots);
	}
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
