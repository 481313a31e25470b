/*
 * ingest.c - the ingest service (progdb/ingest.h): ingest_paths() takes
 * the tree as it is as one run, or hands --git to ingest_git.c; both run
 * the protocol of ingest_run.c.
 *
 * For the tree, each file goes through two steps: prepare_slot() reads it
 * and, when its content changed, decodes, parses and extracts it without
 * touching the database (ingest_job_read()); commit_files() prints the
 * file's warnings and writes the result (ingest_job_commit()).  Worker
 * threads prepare files ahead while the main thread commits them in order
 * (the work queue, pipeline.h), so that ingest costs about the larger of
 * parsing and writing, not their sum.  --git runs take ingest_git.c.
 */
#define _DEFAULT_SOURCE	/* realpath */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "progdb/diag.h"
#include "progdb/exit.h"
#include "progdb/pipeline.h"
#include "progdb/store.h"
#include "progdb/store_ingest.h"
#include "progdb/walk.h"
#include "progdb/xmem.h"

#include "progdb/ingest.h"
#include "ingest_int.h"

/* ---- the tree as one run ---- */

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
	const struct ingest_request	 *req;		/* its progress */
	struct pdb_ingest_summary	 *sum;
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
			ingest_progress(a->req, INGEST_PROGRESS_CLEAR, NULL,
			    0);
			ingest_job_print_diags(&job->j);
			a->printed = job->index + 1;
		}
		rc = ingest_job_commit(run, &job->j, job->ref.root->label,
		    job->ref.file->relpath, &all);
		if (rc != 0 && rc != PDB_INGEST_RETRY)
			diag_error(job->j.display, 0, "could not be stored; "
			    "nothing from this run was saved");
		pipeline_release(p);
		ingest_progress(a->req, INGEST_PROGRESS_STEP, NULL,
		    job->index + 1);
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
	ingest_pipeline_start(&p, nto_read, workers, slots, nslots,
	    sizeof(*slots), prepare_slot, &ctx);
	rc = commit_files(a, run, &p);
	pipeline_stop(&p);
	ingest_job_end_reads();
	for (size_t i = 0; i < nslots; i++)
		ingest_job_free(&slots[i].j);
	free(slots);
	free(ctx.known);
	free(to_read);
	ingest_progress(a->req, INGEST_PROGRESS_CLEAR, NULL, 0);
	if (rc == 0)
		store_ingest_real_roots(run, a->reals, a->nreals);
	return ingest_run_end(run, rc, a->complete, a->ncomplete, a->sum);
}

static int
walk_roots(char *const *args, size_t n, const struct ingest_opts *o,
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

/* The body of the tree's session: the run, again when another run
 * committed while this one was reading; in a database another process
 * created meanwhile, a run that waits for the write lock first. */
static int
tree_body(struct pdb_store *st, int retry, void *arg)
{
	struct attempt *a = arg;
	int rc;

	a->st = st;
	a->info->lock_first = retry;
	if ((rc = run_once(a)) == PDB_INGEST_RETRY) {
		/* Another run committed while this one was reading. */
		a->info->lock_first = 1;
		rc = run_once(a);
	}
	return rc;
}

static int
ingest_tree(const struct ingest_request *req, struct ingest_result *res,
    const struct pdb_walk_root *roots, size_t nroots)
{
	char *json = roots_json(roots, nroots);
	struct pdb_run_info info = {.started = req->now,
	    .observed = req->o->observed, .roots_json = json};
	struct attempt a = {.info = &info, .o = req->o, .req = req,
	    .sum = &res->sum};
	struct file_ref *refs = list_files(roots, nroots, &a.nrefs);
	int rc;

	a.refs = refs;
	a.complete = complete_roots(roots, nroots, 0, &a.ncomplete);
	a.reals = complete_roots(roots, nroots, 1, &a.nreals);
	ingest_progress(req, INGEST_PROGRESS_START, "files", a.nrefs);
	rc = ingest_session(req->db_path, tree_body, &a);
	free(a.complete);
	free(a.reals);
	free_files(refs, a.nrefs);
	free(json);
	return rc;
}

int
ingest_paths(const struct ingest_request *req, struct ingest_result *res)
{
	struct pdb_walk_root *roots;
	struct timeval t0;
	size_t n = req->npaths;
	int rc;

	*res = (struct ingest_result){0};
	if (req->o->git) {
		gettimeofday(&t0, NULL);
		rc = ingest_git(req, res);
	} else {
		roots = xcalloc(n, sizeof(*roots));
		rc = walk_roots(req->paths, n, req->o, roots);
		gettimeofday(&t0, NULL);
		if (rc == 0)
			rc = ingest_tree(req, res, roots, n);
		for (size_t i = 0; i < n; i++)
			walk_root_free(&roots[i]);
		free(roots);
	}
	res->seconds = ingest_seconds_since(&t0);
	return rc;
}
