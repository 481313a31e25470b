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
 * *kept. */
static int
prepare_and_run(struct pdb_store *st, const char *sql, sqlite3_stmt ***kept,
    size_t *n)
{
	size_t cap = *n;
	sqlite3_stmt *s;
	int rc;

	while (*sql != '\0') {
		if (sqlite3_prepare_v3(st->db, sql, -1,
		    SQLITE_PREPARE_PERSISTENT, &s, &sql) != SQLITE_OK)
			return store_fail(st, "preparing the span statements");
		if (s == NULL)		/* only a comment was left */
			break;
		PDB_GROW(*kept, *n, cap, 8);
		(*kept)[(*n)++] = s;
		if ((rc = step_kept(st, s)) != 0)
			return rc;
	}
	return 0;
}

/* Runs the n kept statements in order. */
static int
run_kept(struct pdb_store *st, sqlite3_stmt **kept, size_t n)
{
	int rc;

	for (size_t i = 0; i < n; i++)
		if ((rc = step_kept(st, kept[i])) != 0)
			return rc;
	return 0;
}

/* Finalizes and frees a kept array. */
static void
drop_kept(sqlite3_stmt ***kept, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		sqlite3_finalize((*kept)[i]);
	free(*kept);
	*kept = NULL;
	*n = 0;
}

/* new_items, kept like keys and derive (a bulk load, which writes these
 * spans as it goes, skips it; the runs of a replay after it do not). */
static int
new_items(struct pdb_store *st)
{
	const char *n = sqltext_query("spans.new_items");
	int rc;

	if (st->nspans_new > 0)
		return run_kept(st, st->spans_new, st->nspans_new);
	if (n == NULL)
		return store_fail(st, "finding the span statements");
	if ((rc = prepare_and_run(st, n, &st->spans_new, &st->nspans_new)) != 0)
		drop_kept(&st->spans_new, &st->nspans_new);
	return rc;
}

/*
 * After each run: keys, derive, then new_items unless a bulk load wrote
 * those spans as it went.  The statements are prepared by the first run
 * on the connection that needs them and kept for the next ones (a replay
 * runs them once per commit, and parsing them cost more than running
 * them).
 */
int
store_spans_update(struct pdb_store *st, int new_written)
{
	const char *k = sqltext_query("spans.keys");
	const char *d = sqltext_query("spans.derive");
	int rc;

	if (st->nspans > 0)
		rc = run_kept(st, st->spans, st->nspans);
	else if (k == NULL || d == NULL)
		rc = store_fail(st, "finding the span statements");
	else if ((rc = prepare_and_run(st, k, &st->spans, &st->nspans)) != 0 ||
	    (rc = prepare_and_run(st, d, &st->spans, &st->nspans)) != 0)
		drop_kept(&st->spans, &st->nspans);
	if (rc != 0)
		return rc;
	return new_written ? 0 : new_items(st);
}

int
store_spans_rebuild(struct pdb_store *st)
{
	return run_spans(st, "spans.all_keys");
}
