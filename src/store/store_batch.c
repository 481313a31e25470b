/*
 * store_batch.c - multi-row inserts for the tables a run writes most rows
 * to (sections, items, metadata, claims, table rows, burndown rows and
 * log entries).
 *
 * Running a statement costs about as much as the row it inserts: cursors
 * are opened on the table and every index, and closed again.  So these
 * rows go several at a time, through one INSERT whose VALUES list repeats
 * the one-row statement's tuple from schema/queries/ingest.sql with its
 * parameters renumbered: ?1..?N for the first row, ?N+1..?2N for the
 * second, and so on.  The multi-row forms are prepared when first needed.
 * Batched statements keep no bindings from one batch to the next, so their
 * binders bind every parameter, NULLs too.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/diag.h"
#include "progdb/exit.h"
#include "store_int.h"

/* Batch sizes, largest first: a document's rows go 16 at a time, what is
 * left 4 at a time, and the last few one by one. */
static const int batch_rows[NBATCH] = {16, 4};

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
 * The rows-row form of the one-row INSERT sql with nparams parameters, or
 * NULL when its text has no single "VALUES (...)" tuple.
 */
static char *
batch_sql(const char *sql, int nparams, int rows)
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
	for (int row = 1; row < rows; row++) {
		buf_puts(&b, ",\n       ");
		renumber(&b, open, (size_t)(close + 1 - open), row * nparams);
	}
	buf_puts(&b, close + 1);
	return buf_detach(&b);
}

/* The batch statement k of insert `which`, prepared on first use. */
static int
batch_stmt(struct pdb_ingest *in, enum stmt which, int k, sqlite3_stmt **out)
{
	int nparams = sqlite3_bind_parameter_count(in->s[which]);
	char *sql;
	int rc;

	if ((*out = in->batch[which][k]) != NULL)
		return 0;
	if ((sql = batch_sql(sqlite3_sql(in->s[which]), nparams,
	    batch_rows[k])) == NULL) {
		diag_error(NULL, 0, "internal error: statement %d has no "
		    "VALUES tuple to repeat", (int)which);
		return PDB_EXIT_DB;
	}
	rc = store_prepare(in->st, sql, &in->batch[which][k]);
	free(sql);
	*out = in->batch[which][k];
	return rc;
}

void
store_batch_free(struct pdb_ingest *in)
{
	for (int i = 0; i < S_COUNT; i++)
		for (int k = 0; k < NBATCH; k++)
			sqlite3_finalize(in->batch[i][k]);
}

/*
 * Which batch size row i of n goes in (NBATCH: one by one), and the first
 * row of its batch.
 */
static int
batch_of(size_t i, size_t n, size_t *first)
{
	size_t from = 0;

	for (int k = 0; k < NBATCH; k++) {
		size_t rows = (size_t)batch_rows[k];
		size_t whole = (n - from) / rows * rows;

		if (i < from + whole) {
			*first = from + (i - from) / rows * rows;
			return k;
		}
		from += whole;
	}
	*first = i;
	return NBATCH;
}

/* The same for statement which: one by one unless stmts.def batches it. */
static int
batch_of_stmt(enum stmt which, size_t i, size_t n, size_t *first)
{
	if (stmt_use(which) != STMT_BATCH) {
		*first = i;
		return NBATCH;
	}
	return batch_of(i, n, first);
}

int
row_slot(struct pdb_ingest *in, enum stmt which, size_t i, size_t n,
    sqlite3_stmt **s, int *base)
{
	size_t first;
	int k = batch_of_stmt(which, i, n, &first);

	if (k == NBATCH) {
		*s = in->s[which];
		*base = 0;
		return 0;
	}
	*base = (int)(i - first) * sqlite3_bind_parameter_count(in->s[which]);
	return batch_stmt(in, which, k, s);
}

int
row_bound(struct pdb_ingest *in, enum stmt which, size_t i, size_t n,
    const char *doing)
{
	size_t first;
	int k = batch_of_stmt(which, i, n, &first), rc;
	sqlite3_stmt *s;

	if (k == NBATCH)
		return store_step(in, which, doing);
	if (i - first != (size_t)batch_rows[k] - 1)
		return 0;
	s = in->batch[which][k];
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(in->st, doing);
}
