/*
 * store_bind.c - what every writer of an ingest run binds and steps with
 * (store_int.h): binding helpers, row ids of a document's sections and
 * tables, and stepping a prepared statement.  Kept apart from the run
 * (store_ingest.c) so that the writers (store_history.c, store_batch.c,
 * store_links.c) call down into it, not back into their caller.
 */
#include "progdb/date.h"
#include "store_int.h"

void
bind_str(sqlite3_stmt *s, int i, struct pdb_str v)
{
	if (v.n == 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v.p, (int)v.n, SQLITE_STATIC);
}

void
bind_cstr(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

/*
 * The texts bind_date() binds, each left in place until DATE_RING more
 * were formatted: bound as SQLITE_STATIC, SQLite makes no copy of them
 * (a malloc, a copy and a free per date, seven dates per item; 0.8% of
 * a cold ingest's writer).  Each thread has its ring, and no statement
 * has more than 16 rows of 7 dates bound before it runs (store_batch.c).
 */
#define DATE_RING	256

static _Thread_local char	 date_ring[DATE_RING][11];
static _Thread_local unsigned date_next;

void
bind_date(sqlite3_stmt *s, int i, int32_t day)
{
	char *d;

	if (day == PDB_NO_DATE) {
		sqlite3_bind_null(s, i);
		return;
	}
	d = date_ring[date_next++ % DATE_RING];
	date_format_day(day, d);
	sqlite3_bind_text(s, i, d, 10, SQLITE_STATIC);
}

void
bind_id(sqlite3_stmt *s, int i, int64_t id)
{
	if (id <= 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, id);
}

void
bind_level(sqlite3_stmt *s, int i, enum pdb_level level)
{
	if (level == PDB_LEVEL_NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int(s, i, (int)level);
}

void
bind_number(sqlite3_stmt *s, int i, int64_t v)
{
	if (v == PDB_NO_NUMBER)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

int64_t
section_id(const struct pdb_ingest *in, int32_t s)
{
	return s != PDB_NONE ? in->section_ids[s] : 0;
}

int64_t
table_id(const struct pdb_ingest *in, int32_t t)
{
	return t != PDB_NONE ? in->table_ids[t] : 0;
}

int
store_step(struct pdb_ingest *in, enum stmt which, const char *doing)
{
	sqlite3_stmt *s = in->s[which];
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(in->st, doing);
	return 0;
}
