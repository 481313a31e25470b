/*
 * ingest_git.c - `progdb ingest --git PATH...`: replays the history
 * of the roots from git (gitlog.h), oldest commit first, each commit one
 * run observed at its committer time and recording the commit, so that
 * completions are dated by the commit that ticked the box.  Only the
 * files a commit changed are parsed, by a worker thread while the main
 * thread writes the changes before them; a rename moves the document,
 * and its items keep their history.  The last commit replayed for the roots is
 * remembered (ingest_run.commit_id), so the next run replays only newer
 * ones; a history rewritten below it is refused, and --rebuild starts
 * the roots' history again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "progdb/decode.h"
#include "progdb/diag.h"
#include "progdb/exit.h"
#include "progdb/gitlog.h"
#include "progdb/hash.h"
#include "progdb/pipeline.h"
#include "progdb/store.h"
#include "progdb/store_ingest.h"
#include "progdb/xmem.h"

#include "progdb/ingest.h"
#include "ingest_int.h"

/* Per file, the kinds of warning last printed for it: a file replayed at
 * every commit would otherwise repeat the same warnings each time. */
struct warned {
	uint64_t	*path;		/* hash of the path; 0: free slot */
	uint64_t	*kinds;		/* hash of its warning codes */
	size_t		 cap;		/* a power of two */
	size_t		 n;
};

/*
 * One change of a commit on its way through the pipeline: a worker reads
 * its contents from git and parses them while the main thread writes the
 * changes before it.  The worker never looks at the run's documents,
 * which the main thread changes as it goes (renames): what it may skip
 * parsing for is decided from hints taken before the commit started.
 */
struct change_job {
	struct ingest_job	 j;
	int			 got;		/* gitlog_read(): 0, 1 or -1 */
	struct gitlines_version	 v;		/* its lines, once parsed */
};

/* Content hash of the document a change would update, as the commit
 * began; valid 0 when there is none. */
struct hint {
	uint64_t	 hash;
	int		 valid;
};

#define CHANGE_SLOTS	4

/* What the replay adds up over its commits. */
struct replay {
	struct pdb_store	*st;
	struct pdb_gitlog	*git;
	const struct ingest_opts *o;
	const char		**labels;
	const char		**doc_labels;	/* documents' roots: a file
						 * root's directory */
	size_t			 nlabels;
	char			*roots_json;
	struct change_job	 slots[CHANGE_SLOTS];
	const struct pdb_gitlog_commit *commit;	/* being replayed */
	struct hint		*hints;		/* per change of commit */
	size_t			 hints_cap;
	struct pdb_diaglist	 all;
	struct warned		 warned;
	struct gitlines		 lines;		/* each file's last version */
	int			 forgotten;	/* --rebuild: done */
	struct pdb_run_order	 order;		/* runs the commits follow */
	const struct ingest_request *req;
	struct ingest_result	*res;		/* the counts, the commits
						 * and the last run's summary */
};

/* The slot of path in w, grown as needed. */
static size_t
warned_slot(struct warned *w, uint64_t path)
{
	size_t i;

	if (2 * (w->n + 1) > w->cap) {
		struct warned old = *w;

		w->cap = old.cap ? old.cap * 2 : 256;
		w->path = xcalloc(w->cap, sizeof(*w->path));
		w->kinds = xcalloc(w->cap, sizeof(*w->kinds));
		w->n = 0;
		for (size_t k = 0; k < old.cap; k++)
			if (old.path[k] != 0) {
				i = warned_slot(w, old.path[k]);
				w->path[i] = old.path[k];
				w->kinds[i] = old.kinds[k];
				w->n++;
			}
		free(old.path);
		free(old.kinds);
	}
	for (i = path & (w->cap - 1); w->path[i] != 0 && w->path[i] != path;
	    i = (i + 1) & (w->cap - 1))
		;
	return i;
}

/* The codes of every warning the job has, as one hash (0: none). */
static uint64_t
warning_kinds(const struct ingest_job *j)
{
	const struct pdb_diaglist *lists[] = {&j->diags, &j->doc.diags,
	    &j->facts.diags};
	uint64_t h = 0;

	for (size_t l = 0; l < (j->outcome == PARSED ? 3u : 1u); l++)
		for (size_t i = 0; i < lists[l]->n; i++)
			h = hash_bytes(lists[l]->v[i].code,
			    strlen(lists[l]->v[i].code), h + 1);
	return h;
}

/* Prints the job's warnings unless the same kinds were printed for the
 * file at an earlier commit. */
static void
print_new_warnings(struct replay *r, const struct ingest_job *j)
{
	uint64_t path = hash_bytes(j->display, strlen(j->display), 0) | 1;
	uint64_t kinds = warning_kinds(j);
	size_t i = warned_slot(&r->warned, path);

	if (r->warned.path[i] == path && r->warned.kinds[i] == kinds)
		return;
	if (r->warned.path[i] == 0)
		r->warned.n++;
	r->warned.path[i] = path;
	r->warned.kinds[i] = kinds;
	ingest_progress(r->req, INGEST_PROGRESS_CLEAR, NULL, 0);
	ingest_job_print_diags(j);
}

/* The document change ch would update before the commit, as a hint. */
static struct hint
hint_of(struct replay *r, struct pdb_ingest *run,
    const struct pdb_gitlog_change *ch)
{
	const char *label = r->doc_labels[ch->root];
	struct pdb_known_doc *k = store_ingest_known(run, label, ch->relpath);

	if (ch->kind == PDB_GITLOG_RENAME && k == NULL)
		k = store_ingest_known(run, label, ch->oldpath);
	if (k == NULL || k->removed)
		return (struct hint){0, 0};
	return (struct hint){k->hash, 1};
}

/* Worker: reads and parses change i of the commit (not a delete), unless
 * its contents are those of the document it would update. */
static void
prepare_change(void *slot, size_t i, void *arg)
{
	struct change_job *cj = slot;
	struct replay *r = arg;
	const struct pdb_gitlog_change *ch = &r->commit->changes[i];
	struct ingest_job *j = &cj->j;

	diaglist_clear(&j->diags);
	free(j->display);
	j->display = ingest_display_path(r->doc_labels[ch->root], ch->relpath);
	j->known = NULL;
	cj->got = 0;
	if (ch->kind == PDB_GITLOG_DELETE)
		return;
	cj->got = gitlog_read(r->git, ch, r->o->max_size, PDB_DECODE_PAD,
	    &j->raw, &j->diags);
	if (cj->got != 0) {
		j->outcome = FAILED;
		return;
	}
	/* No modification time in git: a later plain ingest reads the file
	 * once and finds the same content. */
	j->size = j->raw.len;
	j->mtime_ns = 0;
	j->hash = hash_bytes(j->raw.data, j->raw.len, 0);
	if (r->hints[i].valid && r->hints[i].hash == j->hash)
		j->outcome = TOUCHED;
	else
		ingest_job_parse(j, ch->relpath, ch->relpath);
	if (j->outcome == PARSED)
		gitlines_version(&cj->v, &j->doc, &j->facts);
}

/* Writes what the worker made of a change as document k (NULL: a new
 * one), parsing it here when the hint it went by was not k's. */
static int
write_change(struct replay *r, struct pdb_ingest *run, const char *label,
    const struct pdb_gitlog_change *ch, struct pdb_known_doc *k,
    struct change_job *cj)
{
	struct ingest_job *j = &cj->j;
	int same = k != NULL && !k->removed && k->hash == j->hash;
	uint64_t key = gitlines_key(ch->root, ch->relpath);
	int rc;

	if (cj->got < 0) {
		diag_print_list(NULL, &j->diags);
		return PDB_EXIT_INPUT;
	}
	j->known = k;
	if (cj->got == 0 && j->outcome == TOUCHED && !same) {
		ingest_job_parse(j, ch->relpath, ch->relpath);
		if (j->outcome == PARSED)
			gitlines_version(&cj->v, &j->doc, &j->facts);
	} else if (cj->got == 0 && j->outcome == PARSED && same) {
		j->outcome = TOUCHED;
	}
	print_new_warnings(r, j);
	if (j->outcome != PARSED)
		return ingest_job_commit(run, j, label, ch->relpath, &r->all);
	store_ingest_surfaced(run, k != NULL && !k->removed ?
	    gitlines_surfaced(&r->lines, key, &cj->v, j->facts.items.n) :
	    NULL);
	if ((rc = ingest_job_commit(run, j, label, ch->relpath, &r->all)) ==
	    0)
		gitlines_keep(&r->lines, key, &cj->v);
	return rc;
}

static int
apply_change(struct replay *r, struct pdb_ingest *run,
    const struct pdb_gitlog_change *ch, struct change_job *cj)
{
	const char *label = r->doc_labels[ch->root];
	struct pdb_known_doc *old, *k = store_ingest_known(run, label,
	    ch->relpath);
	int rc;

	r->res->changes++;
	switch (ch->kind) {
	case PDB_GITLOG_DELETE:
		gitlines_forget(&r->lines, gitlines_key(ch->root, ch->relpath));
		return store_ingest_remove(run, k);
	case PDB_GITLOG_RENAME:
		/* The document moves with its file, unless another one had
		 * the new path before: then it is one removed, one written. */
		old = store_ingest_known(run, label, ch->oldpath);
		if (old != NULL && !old->removed && k == NULL) {
			if ((rc = store_ingest_rename(run, old, ch->relpath)) !=
			    0)
				return rc;
			k = old;
			gitlines_move(&r->lines, gitlines_key(ch->root,
			    ch->oldpath), gitlines_key(ch->root, ch->relpath));
		} else if ((rc = store_ingest_remove(run, old)) != 0) {
			return rc;
		} else {
			gitlines_forget(&r->lines, gitlines_key(ch->root,
			    ch->oldpath));
		}
		break;
	default:
		break;
	}
	return write_change(r, run, label, ch, k, cj);
}

/* The commit's changes, read and parsed by a worker (one: git cat-file
 * answers one request at a time) while this thread writes them in
 * order. */
static int
apply_changes(struct replay *r, struct pdb_ingest *run,
    const struct pdb_gitlog_commit *c)
{
	struct pdb_pipeline p;
	struct change_job *cj;
	size_t workers = pipeline_default_workers() > 0 ? 1 : 0;
	int rc = 0;

	if (c->nchanges > r->hints_cap) {
		r->hints_cap = c->nchanges;
		r->hints = xreallocarray(r->hints, c->nchanges,
		    sizeof(*r->hints));
	}
	for (size_t i = 0; i < c->nchanges; i++)
		r->hints[i] = hint_of(r, run, &c->changes[i]);
	r->commit = c;
	ingest_pipeline_start(&p, c->nchanges, workers, r->slots,
	    CHANGE_SLOTS, sizeof(*r->slots), prepare_change, r);
	for (size_t i = 0; rc == 0 && (cj = pipeline_next(&p)) != NULL; i++) {
		rc = apply_change(r, run, &c->changes[i], cj);
		pipeline_release(&p);
	}
	pipeline_stop(&p);
	return rc;
}

/* One commit, one run: atomic.  It follows the last commit stored for
 * the roots, which the run checks under the write lock (two replays at
 * once store each commit once); --rebuild's first forgets them first. */
static int
replay_commit(struct replay *r, const struct pdb_gitlog_commit *c,
    int64_t started)
{
	int forget = r->o->rebuild && !r->forgotten;
	const struct pdb_run_info info = {
		.started = started, .observed = c->time,
		.roots_json = r->roots_json, .commit_id = c->id,
		.commit_author = c->author, .commit_subject = c->subject,
		.lock_first = 1, .follows = forget ? NULL : r->res->upto,
		.rebuild = forget, .order = &r->order,
	};
	struct pdb_ingest *run;
	int rc;

	if ((rc = store_ingest_begin(r->st, &info, &run)) != 0)
		return rc;
	rc = apply_changes(r, run, c);
	if (rc != 0) {
		/* A new database is published whole or not at all. */
		diag_error(NULL, 0, "commit %.12s (%s) could not be replayed; "
		    "%s", c->id, c->subject, r->st->building != NULL ?
		    "nothing was saved" : "the commits before it were saved");
	}
	if ((rc = ingest_run_end(run, rc, NULL, 0, &r->res->sum)) == 0) {
		r->forgotten |= forget;
		snprintf(r->res->upto, sizeof(r->res->upto), "%s", c->id);
	}
	return rc;
}

/* Another ingest --git stored commits of this replay meanwhile: goes on
 * after the last one it stored, if that is one still to come here. */
static int
catch_up(struct replay *r)
{
	char last[PDB_GIT_ID_MAX + 1];
	long n;
	int rc;

	if ((rc = store_last_commit(r->st, r->roots_json, last,
	    sizeof(last))) != 0)
		return rc;
	if ((n = gitlog_skip_past(r->git, last)) < 0) {
		diag_error(r->st->path, 0, "another ingest changed the history "
		    "of these paths while this one replayed it (it now ends at "
		    "%s%.12s); nothing more was replayed, run again",
		    last[0] != '\0' ? "commit " : "no commit", last);
		return PDB_EXIT_INPUT;
	}
	r->res->skipped += (unsigned long)n;
	snprintf(r->res->upto, sizeof(r->res->upto), "%s", last);
	return 0;
}

/* Explains why git cannot be read, and what to do. */
static int
refuse(const struct pdb_diaglist *diags)
{
	int rewritten = 0;

	diag_print_list(NULL, diags);
	for (size_t i = 0; i < diags->n; i++)
		rewritten |= strcmp(diags->v[i].code, "rewritten") == 0;
	if (rewritten)
		diag_error(NULL, 0, "the history replayed before was "
		    "rewritten; run 'progdb ingest --git --rebuild' to replay "
		    "it from the start (what was replayed for these paths is "
		    "forgotten first)");
	return PDB_EXIT_INPUT;
}

/*
 * The roots as absolute paths, and the directory git is asked from: the
 * first root's (or its parent, for a file), so that roots outside the
 * current directory's work tree work too.  Documents keep the labels of
 * the roots as named, as a plain ingest of the same PATHs would.
 */
static char **
absolute_roots(char *const *args, size_t nargs, char **dir)
{
	char **abs = xreallocarray(NULL, nargs, sizeof(*abs));
	char cwd[4096];
	struct stat sb;
	char *slash;

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		snprintf(cwd, sizeof(cwd), ".");
	for (size_t i = 0; i < nargs; i++)
		abs[i] = args[i][0] == '/' ? xstrdup(args[i]) :
		    xasprintf("%s/%s", cwd, args[i]);
	*dir = xstrdup(abs[0]);
	if (stat(*dir, &sb) == 0 && !S_ISDIR(sb.st_mode) &&
	    (slash = strrchr(*dir, '/')) != NULL)
		*slash = '\0';
	return abs;
}

/* git was given absolute roots; messages name them as the user did. */
static void
name_roots_as_given(struct pdb_diaglist *diags, char **abs, char *const *args,
    size_t nargs)
{
	for (size_t d = 0; d < diags->n; d++)
		for (size_t i = 0; i < nargs; i++)
			if (diags->v[d].path != NULL &&
			    strcmp(diags->v[d].path, abs[i]) == 0) {
				free(diags->v[d].path);
				diags->v[d].path = xstrdup(args[i]);
				break;
			}
}

static int
open_history(struct replay *r, char *const *args, size_t nargs)
{
	struct pdb_diaglist diags = {0};
	char last[PDB_GIT_ID_MAX + 1] = "";
	char *dir, **abs = absolute_roots(args, nargs, &dir);
	struct pdb_gitlog_opts go = {
		.dir = dir, .roots = (const char *const *)abs, .nroots = nargs,
		.rev = r->o->rev, .walk = &r->o->walk,
	};
	int rc = 0;

	if (!r->o->rebuild)
		rc = store_last_commit(r->st, r->roots_json, last, sizeof(last));
	snprintf(r->res->upto, sizeof(r->res->upto), "%s", last);
	/* --since starts a history (the whole tree then is its baseline);
	 * one in the database goes on from its last commit. */
	go.after = last[0] != '\0' ? last : r->o->since_rev;
	go.baseline = last[0] == '\0' && r->o->since_rev != NULL;
	go.since = last[0] == '\0' ? r->o->since : 0;
	if (rc == 0 && gitlog_open(&go, &r->git, &diags) != 0) {
		name_roots_as_given(&diags, abs, args, nargs);
		rc = refuse(&diags);
	} else {
		name_roots_as_given(&diags, abs, args, nargs);
		diag_print_list(NULL, &diags);
	}
	diaglist_free(&diags);
	for (size_t i = 0; i < nargs; i++)
		free(abs[i]);
	free(abs);
	free(dir);
	return rc;
}

static int
replay_all(struct replay *r, int64_t started)
{
	const struct pdb_gitlog_commit *c;
	struct pdb_diaglist diags = {0};
	int rc = 0;

	ingest_progress(r->req, INGEST_PROGRESS_START, "commits",
	    gitlog_count(r->git));
	while (rc == 0 && (c = gitlog_next(r->git)) != NULL) {
		if ((rc = replay_commit(r, c, started)) == PDB_INGEST_MOVED) {
			rc = catch_up(r);
			continue;
		}
		if (rc != 0)
			break;
		if (r->res->commits++ == 0)
			snprintf(r->res->first, sizeof(r->res->first), "%s", c->id);
		snprintf(r->res->last, sizeof(r->res->last), "%s", c->id);
		ingest_progress(r->req, INGEST_PROGRESS_STEP, NULL,
		    r->res->commits);
	}
	ingest_progress(r->req, INGEST_PROGRESS_CLEAR, NULL, 0);
	if (gitlog_close(r->git, &diags) != 0 && rc == 0)
		rc = PDB_EXIT_INPUT;
	r->git = NULL;
	diag_print_list(NULL, &diags);
	diaglist_free(&diags);
	return rc;
}

/*
 * The body of the replay's session: the history after the last commit
 * stored for the roots.  Run again in a database another process created
 * meanwhile, it starts over there (which usually has every commit then).
 */
static int
replay_body(struct pdb_store *st, int retry, void *arg)
{
	struct replay *r = arg;
	struct pdb_diaglist closing = {0};
	int rc;

	r->st = st;
	if (retry) {
		ingest_result_free(r->res);
		*r->res = (struct ingest_result){0};
		r->forgotten = 0;
		store_run_order_free(&r->order);
		gitlines_free(&r->lines);
	}
	if ((rc = open_history(r, r->req->paths, r->req->npaths)) != 0)
		return rc;
	if (gitlog_count(r->git) > 0)
		return replay_all(r, r->req->now);
	gitlog_close(r->git, &closing);
	r->git = NULL;
	diag_print_list(NULL, &closing);
	diaglist_free(&closing);
	return 0;
}

int
ingest_git(const struct ingest_request *req, struct ingest_result *res)
{
	size_t nargs = req->npaths;
	struct replay r = {.o = req->o, .nlabels = nargs, .req = req,
	    .res = res};
	int rc;

	r.labels = xreallocarray(NULL, nargs, sizeof(*r.labels));
	r.doc_labels = xreallocarray(NULL, nargs, sizeof(*r.doc_labels));
	for (size_t i = 0; i < nargs; i++) {
		r.labels[i] = walk_normalize_label(req->paths[i]);
		r.doc_labels[i] = ingest_doc_label(r.labels[i]);
	}
	r.roots_json = ingest_roots_json(r.labels, nargs);
	rc = ingest_session(req->db_path, replay_body, &r);
	for (size_t i = 0; i < CHANGE_SLOTS; i++) {
		ingest_job_free(&r.slots[i].j);
		gitlines_version_free(&r.slots[i].v);
	}
	gitlines_free(&r.lines);
	free(r.hints);
	store_run_order_free(&r.order);
	diaglist_free(&r.all);
	free(r.warned.path);
	free(r.warned.kinds);
	for (size_t i = 0; i < nargs; i++) {
		free((char *)r.labels[i]);
		free((char *)r.doc_labels[i]);
	}
	free(r.labels);
	free(r.doc_labels);
	free(r.roots_json);
	return rc;
}
