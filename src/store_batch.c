/*
 * store_batch.c - multi-row inserts for the tables a run writes most rows
 * to (sections, items, metadata, claims).
 *
 * Running a statement costs about as much as the row it inserts: cursors
 * are opened on the table and every index, and closed again.  So these
 * rows go in BATCH_ROWS at a time, through one INSERT whose VALUES list
 * repeats the one-row statement's tuple from schema/queries/ingest.sql with
 * its parameters renumbered: ?1..?N for the first row, ?N+1..?2N for the
 * second, and so on.  A document's last rows, fewer than a batch, go
 * through the one-row statement.  Batched statements keep no bindings from
 * one batch to the next, so their binders bind every parameter, NULLs too.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/diag.h"
#include "progdb/exit.h"
#include "store_int.h"

#define BATCH_ROWS	16

static const enum stmt batched[] = {
	S_INSERT_SECTION, S_INSERT_ITEM, S_INSERT_META, S_INSERT_CLAIM,
};

/* Copies the tuple (text, n) to b with ?K renumbered ?K+add. */
static void
renumber(struct pdb_buf *b, const char *text, size_t n, int add)
{
	for (size_t i = 0; i < n; i++) {
		char *end;
		long k;

		buf_putc(b, text[i]);
		if (text[i] != '?' || i + 1 >= n ||
		    !isdigit((unsigned char)text[i + 1]))
			continue;
		k = strtol(text + i + 1, &end, 10);
		buf_printf(b, "%ld", k + add);
		i = (size_t)(end - text) - 1;
	}
}

/*
 * The BATCH_ROWS-row form of the one-row INSERT sql with nparams
 * parameters, or NULL when its text has no single "VALUES (...)" tuple.
 */
static char *
batch_sql(const char *sql, int nparams)
{
	const char *values = strstr(sql, "VALUES ("), *open, *close;
	struct pdb_buf b = {0};
	int depth = 0;

	if (values == NULL)
		return NULL;
	open = values + strlen("VALUES ");
	for (close = open; *close != '\0'; close++) {
		if (*close == '(')
			depth++;
		else if (*close == ')' && --depth == 0)
			break;
	}
	if (*close == '\0')
		return NULL;
	buf_append(&b, sql, (size_t)(close + 1 - sql));
	for (int row = 1; row < BATCH_ROWS; row++) {
		buf_puts(&b, ",\n       ");
		renumber(&b, open, (size_t)(close + 1 - open), row * nparams);
	}
	buf_puts(&b, close + 1);
	return buf_detach(&b);
}

int
store_batch_prepare(struct pdb_ingest *in)
{
	for (size_t i = 0; i < sizeof(batched) / sizeof(*batched); i++) {
		enum stmt which = batched[i];
		int nparams = sqlite3_bind_parameter_count(in->s[which]);
		char *sql = batch_sql(sqlite3_sql(in->s[which]), nparams);
		int rc;

		if (sql == NULL) {
			diag_error(NULL, 0, "internal error: statement %d has "
			    "no VALUES tuple to repeat", (int)which);
			return PDB_EXIT_DB;
		}
		rc = store_prepare(in->st, sql, &in->batch[which]);
		free(sql);
		if (rc != 0)
			return rc;
		in->batch_params[which] = nparams;
	}
	return 0;
}

void
store_batch_free(struct pdb_ingest *in)
{
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(in->batch[i]);
}

/* Rows 0..whole-1 of n go in whole batches. */
static size_t
whole_batches(size_t n)
{
	return n - n % BATCH_ROWS;
}

struct row_slot
row_slot(struct pdb_ingest *in, enum stmt which, size_t i, size_t n)
{
	if (i < whole_batches(n))
		return (struct row_slot){in->batch[which],
		    (int)(i % BATCH_ROWS) * in->batch_params[which]};
	return (struct row_slot){in->s[which], 0};
}

int
row_bound(struct pdb_ingest *in, enum stmt which, size_t i, size_t n,
    const char *doing)
{
	sqlite3_stmt *s = in->batch[which];
	int rc;

	if (i >= whole_batches(n))
		return store_step(in, which, doing);
	if (i % BATCH_ROWS != BATCH_ROWS - 1)
		return 0;
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(in->st, doing);
}
