/*
 * store_spans.c - item_span, each item's state as intervals of time, kept
 * in step with the runs (schema/queries/spans.sql; migration 0012 fills it
 * for runs stored before).
 */
#include <stdlib.h>

#include "progdb/sqltext.h"
#include "progdb/store.h"
#include "progdb/vec.h"

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

/* Runs one kept statement to its end. */
static int
step_kept(struct pdb_store *st, sqlite3_stmt *s)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		;
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 :
	    store_fail(st, "recording the items' state spans");
}

/* Prepares the statements of sql one by one, each just before it runs (a
 * statement may need the table one before it creates), and keeps them in
 * st->spans. */
static int
prepare_and_run(struct pdb_store *st, const char *sql)
{
	size_t cap = st->nspans;
	sqlite3_stmt *s;
	int rc;

	while (*sql != '\0') {
		if (sqlite3_prepare_v3(st->db, sql, -1,
		    SQLITE_PREPARE_PERSISTENT, &s, &sql) != SQLITE_OK)
			return store_fail(st, "preparing the span statements");
		if (s == NULL)		/* only a comment was left */
			break;
		PDB_GROW(st->spans, st->nspans, cap, 8);
		st->spans[st->nspans++] = s;
		if ((rc = step_kept(st, s)) != 0)
			return rc;
	}
	return 0;
}

/*
 * After each run: keys, then derive.  Their statements are prepared by
 * the first run on the connection and kept for the next ones (a replay
 * runs them once per commit, and parsing them cost more than running
 * them).
 */
int
store_spans_update(struct pdb_store *st)
{
	const char *k = sqltext_query("spans.keys");
	const char *d = sqltext_query("spans.derive");
	int rc;

	if (st->nspans > 0) {
		for (size_t i = 0; i < st->nspans; i++)
			if ((rc = step_kept(st, st->spans[i])) != 0)
				return rc;
		return 0;
	}
	if (k == NULL || d == NULL)
		return store_fail(st, "finding the span statements");
	if ((rc = prepare_and_run(st, k)) != 0 ||
	    (rc = prepare_and_run(st, d)) != 0) {
		for (size_t i = 0; i < st->nspans; i++)
			sqlite3_finalize(st->spans[i]);
		free(st->spans);
		st->spans = NULL;
		st->nspans = 0;
	}
	return rc;
}

int
store_spans_rebuild(struct pdb_store *st)
{
	return run_spans(st, "spans.all_keys");
}
