/*
 * ingest_int.h - the run protocol ingest.c and ingest_git.c share
 * (private to src/ingest/).
 */
#ifndef PROGDB_INGEST_INT_H
#define PROGDB_INGEST_INT_H

#include <stddef.h>

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

#endif
