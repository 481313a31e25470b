/*
 * ingest.h - the ingest service: `progdb ingest` hands it a request (the
 * paths, the options, a progress callback) and prints the result.  It
 * has two sources of files, the tree as it is (ingest.c) and the commits
 * of its git history (ingest_git.c), and one run protocol for both: open
 * the store, begin a run, read and parse files on worker threads while
 * the main thread writes them, finish or abort, publish; a database
 * another process created meanwhile gets the run (or replay) again.
 *
 * A job carries one file from its bytes to the store: ingest_job_parse()
 * decodes, parses and extracts it without touching the database,
 * ingest_job_commit() writes the result.
 */
#ifndef PROGDB_INGEST_H
#define PROGDB_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "progdb/buf.h"
#include "progdb/config.h"
#include "progdb/diag.h"
#include "progdb/facts.h"
#include "progdb/gitlog.h"
#include "progdb/model.h"
#include "progdb/store_ingest.h"
#include "progdb/walk.h"

/* Files larger than this are not read unless --max-size says otherwise. */
#define INGEST_DEFAULT_MAX_SIZE	(32u << 20)

struct ingest_opts {
	struct pdb_walk_opts	 walk;
	const char		**globs;	/* excludes then includes */
	size_t			 max_size;
	int64_t			 observed;
	int			 as_of;		/* --as-of gave observed */
	int			 git;		/* --git */
	const char		*rev;		/* --rev */
	const char		*since_rev;	/* --since REV */
	int64_t			 since;		/* --since TIME; 0 none */
	int			 rebuild;	/* --rebuild */
	const char		*config_path;	/* --config FILE */
	struct pdb_config	 config;	/* it, or the roots' .progdb */
	int			 strict;	/* --strict: warnings exit 3 */
};

/* What the progress callback is told: a phase starts with total steps
 * of unit ("files", "commits"), a step is done (n done so far), or the
 * line is to be cleared (before other output on stderr, and at the end). */
enum ingest_progress {
	INGEST_PROGRESS_START,
	INGEST_PROGRESS_STEP,
	INGEST_PROGRESS_CLEAR,
};

/* One `progdb ingest`: what to read and how. */
struct ingest_request {
	const char		 *db_path;
	int64_t			  now;		/* the runs' start time */
	const struct ingest_opts *o;		/* o->git: replay history */
	char *const		 *paths;	/* the roots, as given */
	size_t			  npaths;
	/* NULL: no progress shown. */
	void			(*progress)(void *arg, enum ingest_progress ev,
				    const char *unit, size_t n);
	void			 *progress_arg;
};

/* What came of it (when ingest_paths() returned 0). */
struct ingest_result {
	struct pdb_ingest_summary sum;		/* of the (last) run; owns
						 * sum.unknown_marks */
	double			 seconds;	/* from the request to publish */
	/* --git only: */
	unsigned long		 commits;	/* replayed by this one */
	unsigned long		 skipped;	/* replayed by another run */
	unsigned long		 changes;	/* file changes written */
	char			 first[PDB_GIT_ID_MAX + 1];	/* commits */
	char			 last[PDB_GIT_ID_MAX + 1];
	char			 upto[PDB_GIT_ID_MAX + 1];	/* the last one
						 * stored for the roots */
};

/*
 * Ingests the request's paths into the database: the tree as one run, or
 * with o->git each new commit of their history as one run.  Errors and
 * the files' warnings are reported on stderr (diag.h).  Returns 0 or an
 * exit status (progdb/exit.h).  res is to be freed with
 * ingest_result_free() either way.
 */
int	ingest_paths(const struct ingest_request *req, struct ingest_result *res);
void	ingest_result_free(struct ingest_result *res);

/* Of a file that was read (one with its size and mtime unchanged is not). */
enum outcome {
	TOUCHED,	/* read, same content */
	PARSED,		/* new or changed: facts ready */
	FAILED,		/* could not be read or decoded */
};

/* Everything one file needs between its bytes and the store; reused file
 * to file. */
struct ingest_job {
	char			*display;	/* root/path for messages */
	const char		*real;		/* the file's real path, or NULL;
						 * not owned */
	struct pdb_known_doc	*known;
	enum outcome		 outcome;
	struct pdb_buf		 raw;		/* the bytes, zero-padded */
	struct pdb_buf		 scratch;
	int			 decoded;	/* decode_text() flags */
	uint64_t		 size;
	int64_t			 mtime_ns;
	uint64_t		 hash;
	struct pdb_doc		 doc;
	struct pdb_facts	 facts;
	struct pdb_diaglist	 diags;
};

/* From j->raw (read by the caller, diags kept): TOUCHED when its content
 * is what is stored, else PARSED or FAILED.  path is the file's path,
 * with its root when known (see extract_document()); relpath is its path
 * under its root (template rules of the active configuration match it). */
void	ingest_job_parse(struct ingest_job *j, const char *path,
	    const char *relpath);
/* Reads a file of the walk into j->raw (no larger than max_size), then as
 * ingest_job_parse(); j->outcome is FAILED when it cannot be read.  It
 * reads through the calling thread's walk reader (walk.h), which a thread
 * that ends frees; the thread that runs the pipeline calls
 * ingest_job_end_reads() once its reads are done (after pipeline_stop()). */
void	ingest_job_read(struct ingest_job *j, const struct pdb_walk_root *root,
	    const struct pdb_walk_file *file, size_t max_size);
void	ingest_job_end_reads(void);
/* Writes the job's outcome for root/relpath into the run. */
int	ingest_job_commit(struct pdb_ingest *run, struct ingest_job *j,
	    const char *root, const char *relpath, struct pdb_diaglist *all);
/* Prints the file's warnings (all of them once parsed). */
void	ingest_job_print_diags(const struct ingest_job *j);
void	ingest_job_free(struct ingest_job *j);

/* Seconds since t0, for the summary line. */
struct timeval;
double	ingest_seconds_since(const struct timeval *t0);
/* "root/relpath", or relpath under ".". */
char	*ingest_display_path(const char *root, const char *relpath);
/* The root documents found under a root label are stored with, as
 * walk_root() names it: the label, or for a file its directory. */
char	*ingest_doc_label(const char *label);
/* The JSON array of the roots' labels, as ingest_run.roots holds them. */
char	*ingest_roots_json(const char *const *labels, size_t n);

#endif
