/*
 * pg_push.c - `progdb push`: copies a repository's database into the
 * server (see pg.h).
 *
 * A push reads the local database in one read transaction and writes the
 * server in one transaction: it locks the repository's row in progdb_repo
 * (pushes of other repositories go on meanwhile; one of the same waits),
 * and when the local database's newest run is the one the server last got
 * for it, changes nothing.  Otherwise the repository's rows are replaced
 * by the local ones, streamed with COPY: ingests rewrite a changed
 * document's rows and its events, so rows are not appended run by run.
 */
#define _POSIX_C_SOURCE 200809L	/* sleep */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pg_int.h"
#include "progdb/buf.h"
#include "progdb/escape.h"
#include "progdb/utf8.h"
#include "progdb/pg.h"
#include "version.h"

#define COPY_CHUNK	(256 * 1024)

/* The newest finished run of the local database. */
struct run {
	char	id[24];
	char	started[32];
};

static int
local_last_run(struct pdb_store *st, struct run *run)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "SELECT id, started_at FROM ingest_run "
	    "WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1", &s) != 0)
		return PDB_EXIT_DB;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(run->id, sizeof(run->id), "%lld",
		    (long long)sqlite3_column_int64(s, 0));
		snprintf(run->started, sizeof(run->started), "%s",
		    (const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return store_fail(st, "reading the last run");
	fprintf(stderr, "progdb push: %s holds no ingest yet; run 'progdb "
	    "ingest' first\n", st->path);
	return PDB_EXIT_DB;
}

/* Appends text in COPY's text format, invalid UTF-8 as U+FFFD. */
static void
copy_text(struct pdb_buf *b, const unsigned char *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t cp;
		int len = utf8_decode(t + i, n - i, &cp);

		/* PostgreSQL refuses invalid UTF-8, which SQLite stores as
		   given: each invalid byte becomes U+FFFD. */
		if (len < 0) {
			buf_puts(b, "\xef\xbf\xbd");
			continue;
		}
		if (len > 1) {
			buf_append(b, t + i, (size_t)len);
			i += (size_t)len - 1;
			continue;
		}
		switch (t[i]) {
		case '\\': buf_puts(b, "\\\\"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\0': break;	/* PostgreSQL text holds no NUL */
		default: buf_putc(b, (char)t[i]);
		}
	}
}

/* Appends one value in COPY's text format. */
static void
copy_value(struct pdb_buf *b, sqlite3_stmt *s, int col)
{
	const unsigned char *t;

	switch (sqlite3_column_type(s, col)) {
	case SQLITE_NULL:
		buf_puts(b, "\\N");
		return;
	case SQLITE_INTEGER:
		buf_printf(b, "%lld", (long long)sqlite3_column_int64(s, col));
		return;
	case SQLITE_FLOAT:
		buf_printf(b, "%.17g", sqlite3_column_double(s, col));
		return;
	}
	t = sqlite3_column_text(s, col);
	copy_text(b, t, (size_t)sqlite3_column_bytes(s, col));
}

/* Appends one row: the repository's name, then the columns. */
static void
copy_row(struct pdb_buf *b, const char *repo_field, sqlite3_stmt *s)
{
	buf_puts(b, repo_field);
	for (int i = 0; i < sqlite3_column_count(s); i++) {
		buf_putc(b, '\t');
		copy_value(b, s, i);
	}
	buf_putc(b, '\n');
}

static int
put(PGconn *c, struct pdb_buf *b)
{
	if (b->len > 0 && PQputCopyData(c, b->data, (int)b->len) != 1)
		return pg_fail(c, "sending rows");
	buf_reset(b);
	return 0;
}

/* Streams the local rows of table into the COPY under way; *rows counts. */
static int
stream_rows(PGconn *c, struct pdb_store *st, const char *table,
    const char *cols, const char *repo, long long *rows)
{
	struct pdb_buf sql = {0}, data = {0}, field = {0};
	sqlite3_stmt *s;
	int rc = 0, step;

	buf_printf(&sql, "SELECT %s FROM \"%s\"", cols, table);
	rc = store_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc != 0)
		return rc;
	copy_text(&field, (const unsigned char *)repo, strlen(repo));
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		copy_row(&data, buf_cstr(&field), s);
		(*rows)++;
		if (data.len >= COPY_CHUNK)
			rc = put(c, &data);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = store_fail(st, "reading rows");
	if (rc == 0)
		rc = put(c, &data);
	sqlite3_finalize(s);
	buf_free(&data);
	buf_free(&field);
	return rc;
}

/* Ends a COPY: with an error message when failed, else checks it took. */
static int
end_copy(PGconn *c, int failed)
{
	PGresult *r;
	int ok = 1;

	if (PQputCopyEnd(c, failed ? "progdb push failed" : NULL) != 1)
		return pg_fail(c, "ending the copy");
	while ((r = PQgetResult(c)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			ok = 0;
		PQclear(r);
	}
	return failed ? PDB_EXIT_DB : ok ? 0 : pg_fail(c, "copying rows");
}

/* Replaces the repository's rows of one table by the local ones. */
static int
replace_table(PGconn *c, struct pdb_store *st, const char *table,
    const char *repo, long long *rows)
{
	const char *p[1] = {repo};
	struct pdb_buf sql = {0};
	char *cols = pg_common_columns(c, st, table);
	PGresult *r;
	int rc;

	if (cols == NULL)
		return PDB_EXIT_DB;
	buf_printf(&sql, "DELETE FROM \"%s\" WHERE repo = $1", table);
	r = PQexecParams(c, buf_cstr(&sql), 1, NULL, p, NULL, NULL, 0);
	rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 :
	    pg_fail(c, "deleting the repository's old rows");
	PQclear(r);
	buf_reset(&sql);
	buf_printf(&sql, "COPY \"%s\" (repo, %s) FROM STDIN", table, cols);
	if (rc == 0) {
		r = PQexec(c, buf_cstr(&sql));
		rc = PQresultStatus(r) == PGRES_COPY_IN ? 0 :
		    pg_fail(c, "starting a copy");
		PQclear(r);
		if (rc == 0)
			rc = end_copy(c, stream_rows(c, st, table, cols, repo,
			    rows) != 0);
	}
	buf_free(&sql);
	free(cols);
	return rc;
}

/*
 * Locks the repository's row; sets *current when the server already has
 * the local database's last run.
 */
static int
lock_repo(PGconn *c, const char *repo, const struct run *run, int *current)
{
	const char *p[1] = {repo};
	PGresult *r;

	if ((r = pg_query(c, "push.repo_claim", 1, p)) == NULL)
		return PDB_EXIT_DB;
	PQclear(r);
	if ((r = pg_query(c, "push.repo_lock", 1, p)) == NULL)
		return PDB_EXIT_DB;
	*current = PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) &&
	    strcmp(PQgetvalue(r, 0, 0), run->id) == 0 &&
	    strcmp(PQgetvalue(r, 0, 1), run->started) == 0;
	PQclear(r);
	return 0;
}

/* For the crash test: stop before COMMIT until killed. */
static void
test_pause(void)
{
	const char *flag = getenv("PROGDB_PUSH_PAUSE");
	FILE *f;

	if (flag == NULL || *flag == '\0' || (f = fopen(flag, "w")) == NULL)
		return;
	fclose(f);
	for (;;)
		sleep(60);
}

static int
copy_all(PGconn *c, struct pdb_store *st, const char *repo,
    const struct run *run, long long *rows)
{
	const char *p[4] = {repo, run->id, run->started, PROGDB_VERSION};
	PGresult *r;

	for (size_t i = 0; i < pg_ntables; i++)
		if (replace_table(c, st, pg_tables[i], repo, rows) != 0)
			return PDB_EXIT_DB;
	if ((r = pg_query(c, "push.repo_done", 4, p)) == NULL)
		return PDB_EXIT_DB;
	PQclear(r);
	test_pause();
	return pg_exec(c, "COMMIT", "committing the push");
}

static int
push_open(int quiet, PGconn *c, struct pdb_store *st, const char *repo)
{
	struct run run = {{0}, {0}};
	long long rows = 0;
	int current = 0, rc;

	if ((rc = store_exec(st, "BEGIN", "reading the database")) != 0 ||
	    (rc = local_last_run(st, &run)) != 0 ||
	    (rc = pg_begin_push(c)) != 0 ||
	    (rc = lock_repo(c, repo, &run, &current)) != 0)
		return rc;
	if (current) {
		pg_exec(c, "ROLLBACK", "ending the push");
		if (!quiet)
			printf("push: %s is up to date (run %s)\n", repo,
			    run.id);
		return 0;
	}
	if ((rc = copy_all(c, st, repo, &run, &rows)) != 0)
		return rc;
	if (!quiet)
		printf("push: %s up to run %s, %lld rows\n", repo, run.id,
		    rows);
	return 0;
}

int
pg_push(const char *db_path, int quiet, const char *url, const char *repo)
{
	struct pdb_store st = {0};
	PGconn *c = NULL;
	int rc;

	if ((rc = store_open(db_path, PDB_OPEN_READ, &st)) != 0)
		return rc;
	rc = pg_connect(url, &c);
	if (rc == 0)
		rc = push_open(quiet, c, &st, repo);
	PQfinish(c);
	store_close(&st);
	return rc;
}
