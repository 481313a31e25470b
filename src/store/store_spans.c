/*
 * store_spans.c - item_span, each item's state as intervals of time, kept
 * in step with the runs (schema/queries/spans.sql; migration 0012 fills it
 * for runs stored before).
 */
#include "progdb/sqltext.h"
#include "progdb/store.h"

#include "store_int.h"

/* Runs the statements of spans.sql named keys, then derive. */
static int
run_spans(struct pdb_store *st, const char *keys)
{
	const char *k = sqltext_query(keys);
	const char *d = sqltext_query("spans.derive");
	int rc;

	if (k == NULL || d == NULL)
		return store_fail(st, "finding the span statements");
	if ((rc = store_exec(st, k, "choosing the items' state spans")) != 0)
		return rc;
	return store_exec(st, d, "recording the items' state spans");
}

int
store_spans_update(struct pdb_store *st)
{
	return run_spans(st, "spans.keys");
}

int
store_spans_rebuild(struct pdb_store *st)
{
	return run_spans(st, "spans.all_keys");
}
