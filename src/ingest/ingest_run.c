/*
 * ingest_run.c - the run protocol both sources of files share (the tree,
 * ingest.c; git history, ingest_git.c): ingest_session() opens the store
 * and publishes what the body wrote (on PDB_STORE_LOST_RACE, the body runs
 * again in the database another process created meanwhile); each run is
 * store_ingest_begin(), the work queue started by ingest_pipeline_start(),
 * and ingest_run_end() (finish, or abort on failure).
 */
#include <stdlib.h>

#include "progdb/diag.h"
#include "progdb/pipeline.h"
#include "progdb/store.h"
#include "progdb/store_ingest.h"

#include "progdb/ingest.h"
#include "ingest_int.h"

void
ingest_progress(const struct ingest_request *req, int ev, const char *unit,
    size_t n)
{
	if (req->progress != NULL)
		req->progress(req->progress_arg, (enum ingest_progress)ev,
		    unit, n);
}

int
ingest_session(const char *db_path, ingest_body_fn *body, void *arg)
{
	struct pdb_store st;
	int rc;

	if ((rc = store_open(db_path, PDB_OPEN_INGEST, &st)) == 0)
		rc = body(&st, 0, arg);
	if (rc == 0 && (rc = store_publish(&st)) == PDB_STORE_LOST_RACE) {
		/* Another process created the database meanwhile: what
		 * this one wrote goes into that one. */
		store_close(&st);
		if ((rc = store_open(db_path, PDB_OPEN_WRITE, &st)) == 0)
			rc = body(&st, 1, arg);
	}
	store_close(&st);
	return rc;
}

void
ingest_pipeline_start(struct pdb_pipeline *p, size_t n, size_t nworkers,
    void *slots, size_t nslots, size_t slot_size, pdb_pipeline_work *work,
    void *ctx)
{
	/* Without threads, the main thread prepares each item itself. */
	if (pipeline_start(p, n, nworkers, slots, nslots, slot_size, work,
	    ctx) != 0)
		pipeline_start(p, n, 0, slots, nslots, slot_size, work, ctx);
}

int
ingest_run_end(struct pdb_ingest *run, int rc, const char *const *complete,
    size_t ncomplete, struct pdb_ingest_summary *sum)
{
	if (rc != 0) {
		store_ingest_abort(run);
		return rc;
	}
	free(sum->unknown_marks);
	*sum = (struct pdb_ingest_summary){0};
	return store_ingest_finish(run, complete, ncomplete,
	    diag_warning_count(), sum);
}

void
ingest_result_free(struct ingest_result *res)
{
	free(res->sum.unknown_marks);
	res->sum.unknown_marks = NULL;
}
