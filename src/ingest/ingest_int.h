/*
 * ingest_int.h - the run protocol ingest.c and ingest_git.c share
 * (private to src/ingest/).
 */
#ifndef PROGDB_INGEST_INT_H
#define PROGDB_INGEST_INT_H

#include <stddef.h>
#include <stdint.h>

#include "progdb/pipeline.h"

struct ingest_request;
struct ingest_result;
struct pdb_ingest;
struct pdb_ingest_summary;
struct pdb_store;

/* Writes into st; retry is 1 when it runs again in a database another
 * process created meanwhile.  0 or an exit status. */
typedef int ingest_body_fn(struct pdb_store *st, int retry, void *arg);

/*
 * Opens the database for ingest, runs body and publishes what it wrote.
 * When another process created the database meanwhile
 * (PDB_STORE_LOST_RACE), body runs again in that one, with retry set.
 */
int	ingest_session(const char *db_path, ingest_body_fn *body, void *arg);
/* pipeline_start(), on the main thread alone when no worker starts. */
void	ingest_pipeline_start(struct pdb_pipeline *p, size_t n,
	    size_t nworkers, void *slots, size_t nslots, size_t slot_size,
	    pdb_pipeline_work *work, void *ctx);
/* Ends run: aborts it when rc is not 0 (and returns rc), else finishes
 * it into *sum (whose unknown_marks it frees first). */
int	ingest_run_end(struct pdb_ingest *run, int rc,
	    const char *const *complete, size_t ncomplete,
	    struct pdb_ingest_summary *sum);
/* Tells the request's progress callback, if any, ev (an enum
 * ingest_progress). */
void	ingest_progress(const struct ingest_request *req, int ev,
	    const char *unit, size_t n);

/* --git: replays the history of the request's paths (ingest_git.c). */
int	ingest_git(const struct ingest_request *req,
	    struct ingest_result *res);

/* ---- gitlines.c: the lines of each file's last version replayed ---- */

/* Hashes of lines, sorted. */
struct gitlines_set {
	uint64_t	*v;
	size_t		 n;
	size_t		 cap;
};

/* One version of a file: its lines no item stands on, and per item the
 * hash of its line (0: unknown).  Room reused from file to file. */
struct gitlines_version {
	struct gitlines_set	 lines;
	uint64_t		*items;
	size_t			 items_cap;
	uint8_t			*on_item;	/* scratch, per line */
	size_t			 on_item_cap;
};

/* Per file (gitlines_key()), the lines of its last version replayed. */
struct gitlines {
	uint64_t		*key;		/* 0: a free slot */
	struct gitlines_set	*set;
	size_t			 cap;		/* a power of two */
	size_t			 n;
	uint8_t			*flags;		/* gitlines_surfaced()'s */
	size_t			 flags_cap;
};

struct pdb_doc;
struct pdb_facts;

/* The version doc (parsed, with its facts f) into v. */
void	gitlines_version(struct gitlines_version *v, const struct pdb_doc *doc,
	    const struct pdb_facts *f);
void	gitlines_version_free(struct gitlines_version *v);
/* The key of a file: its root's index and path. */
uint64_t gitlines_key(size_t root, const char *relpath);
/* Per item of version v (nitems), 1 when its line stood in the last
 * version kept under key as no item: store_ingest_surfaced()'s array
 * (owned by g, valid until the next call), or NULL when none did. */
const uint8_t *gitlines_surfaced(struct gitlines *g, uint64_t key,
	    const struct gitlines_version *v, size_t nitems);
/* v's lines become the last version of key (v keeps the old room). */
void	gitlines_keep(struct gitlines *g, uint64_t key,
	    struct gitlines_version *v);
/* The file was renamed; deleted. */
void	gitlines_move(struct gitlines *g, uint64_t from, uint64_t to);
void	gitlines_forget(struct gitlines *g, uint64_t key);
void	gitlines_free(struct gitlines *g);

#endif
