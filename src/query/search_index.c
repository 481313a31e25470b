/*
 * search_index.c - building search_index, the FTS5 index of `search`,
 * which a bulk load leaves unbuilt (see query.h and
 * schema/queries/search.sql).
 */
#include "progdb/query.h"

#include "progdb/sqltext.h"

int
query_search_built(struct pdb_store *st, int *built)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = store_prepare_query(st, "search.built", &s)) != 0)
		return rc;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*built = sqlite3_column_int(s, 0);
	rc = rc == SQLITE_ROW ? 0 : store_fail(st, "reading the schema");
	sqlite3_finalize(s);
	return rc;
}

/* Runs the canned statements called name (several, no parameters). */
static int
exec_query(struct pdb_store *st, const char *name, const char *doing)
{
	return store_exec(st, sqltext_query(name), doing);
}

int
query_search_build(struct pdb_store *st)
{
	int built = 0, rc;

	if ((rc = store_exec(st, "BEGIN IMMEDIATE",
	    "building the search index")) != 0)
		return rc;
	if ((rc = query_search_built(st, &built)) == 0 && !built)
		rc = exec_query(st, "search.build", "building the search index");
	if (rc == 0)
		return store_exec(st, "COMMIT", "building the search index");
	store_exec(st, "ROLLBACK", "building the search index");
	return rc;
}

int
query_search_private(struct pdb_store *st)
{
	int rc = exec_query(st, "search.temp_index", "building a search index");

	return rc != 0 ? rc : exec_query(st, "search.temp_fill",
	    "building a search index");
}
