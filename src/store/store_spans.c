/*
 * store_spans.c - item_span, each item's state as intervals of time, kept
 * in step with the runs (schema/queries/spans.sql; migration 0012 fills it
 * for runs stored before).
 */
#include "progdb/sqltext.h"
#include "progdb/store.h"

#include "store_int.h"

int
store_spans_update(struct pdb_store *st)
{
	const char *sql = sqltext_query("spans.update");

	if (sql == NULL)
		return store_fail(st, "finding the span statements");
	return store_exec(st, sql, "recording the items' state spans");
}
