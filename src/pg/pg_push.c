/*
 * pg_push.c - `progdb push`: copies a repository's database into the
 * server (see pg.h).
 *
 * A push reads the local database in one read transaction and writes the
 * server in one transaction: it locks the repository's row in progdb_repo
 * (pushes of other repositories go on meanwhile; one of the same waits),
 * and when the local database's newest run is the one the server last got
 * for it, changes nothing.  Otherwise it sends what changed since the run
 * the server has (see enum scope), or everything when the server has none
 * of this database's runs, streamed with COPY.
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
	if (b->len > 0 && pq.PQputCopyData(c, b->data, (int)b->len) != 1)
		return pg_fail(c, "sending rows");
	buf_reset(b);
	return 0;
}

/*
 * What a push sends of a table.  A full push replaces all the repository's
 * rows.  An incremental one (the server has an earlier run of this same
 * database) replaces only the rows of the documents changed since that run
 * (by document_id, table rows by their table), adds the events of the runs
 * since, and replaces the runs and documents whole (a few rows per file).
 */
enum scope { SCOPE_ALL, SCOPE_DOCUMENT, SCOPE_TABLE, SCOPE_RUN };

static enum scope
scope_of(const char *table)
{
	if (strcmp(table, "ingest_run") == 0 || strcmp(table, "document") == 0)
		return SCOPE_ALL;
	if (strcmp(table, "table_row") == 0)
		return SCOPE_TABLE;
	return strcmp(table, "event") == 0 ? SCOPE_RUN : SCOPE_DOCUMENT;
}

struct push {
	PGconn			*c;
	struct pdb_store	*st;
	const char		*repo;
	struct run		 run;		/* the local database's last run */
	int			 server_version;
	char			 since[24];	/* incremental: the server's
						 * last run; "" for a full push */
	struct pdb_buf		 changed;	/* "{ids}": documents whose rows go */
	struct pdb_buf		 renewed;	/* "{ids}": documents whose events go */
	long long		 rows;
};

/* The local rows of table a push sends: its SELECT (?1: since). */
static void
local_select(const struct push *p, const char *table, const char *cols,
    struct pdb_buf *sql)
{
	enum scope sc = p->since[0] != '\0' ? scope_of(table) : SCOPE_ALL;

	buf_printf(sql, "SELECT %s FROM \"%s\"", cols, table);
	if (sc == SCOPE_DOCUMENT)
		buf_puts(sql, " WHERE document_id IN (SELECT id FROM document "
		    "WHERE changed_run > ?1)");
	else if (sc == SCOPE_TABLE)
		buf_puts(sql, " WHERE table_id IN (SELECT t.id FROM doc_table t "
		    "JOIN document d ON d.id = t.document_id "
		    "WHERE d.changed_run > ?1)");
	else if (sc == SCOPE_RUN)
		buf_puts(sql, " WHERE run_id > ?1");
}

/* The server's rows of table a push replaces: its DELETE ($1 repo,
 * $2 changed, $3 since, $4 renewed; all text). */
static void
server_delete(const struct push *p, const char *table, struct pdb_buf *sql)
{
	enum scope sc = p->since[0] != '\0' ? scope_of(table) : SCOPE_ALL;

	if (sc == SCOPE_TABLE) {
		buf_printf(sql, "DELETE FROM \"%s\" r USING doc_table t "
		    "WHERE r.repo = $1 AND t.repo = $1 AND t.id = r.table_id "
		    "AND t.document_id = ANY($2::bigint[])", table);
		return;
	}
	buf_printf(sql, "DELETE FROM \"%s\" WHERE repo = $1", table);
	if (sc == SCOPE_DOCUMENT)
		buf_puts(sql, " AND document_id = ANY($2::bigint[])");
	else if (sc == SCOPE_RUN)
		buf_puts(sql, " AND (run_id > $3::bigint OR "
		    "document_id = ANY($4::bigint[]))");
}

/* Streams the local rows of table into the COPY under way. */
static int
stream_rows(struct push *p, const char *table, const char *cols)
{
	struct pdb_buf sql = {0}, data = {0}, field = {0};
	sqlite3_stmt *s;
	int rc = 0, step;

	local_select(p, table, cols, &sql);
	rc = store_prepare(p->st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc != 0)
		return rc;
	if (p->since[0] != '\0')
		sqlite3_bind_int64(s, 1, strtoll(p->since, NULL, 10));
	copy_text(&field, (const unsigned char *)p->repo, strlen(p->repo));
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		copy_row(&data, buf_cstr(&field), s);
		p->rows++;
		if (data.len >= COPY_CHUNK)
			rc = put(p->c, &data);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = store_fail(p->st, "reading rows");
	if (rc == 0)
		rc = put(p->c, &data);
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

	if (pq.PQputCopyEnd(c, failed ? "progdb push failed" : NULL) != 1)
		return pg_fail(c, "ending the copy");
	while ((r = pq.PQgetResult(c)) != NULL) {
		if (pq.PQresultStatus(r) != PGRES_COMMAND_OK)
			ok = 0;
		pq.PQclear(r);
	}
	return failed ? PDB_EXIT_DB : ok ? 0 : pg_fail(c, "copying rows");
}

/* Deletes the server's rows of table that the push replaces. */
static int
delete_rows(struct push *p, const char *table)
{
	static const Oid types[4] = {25, 25, 25, 25};	/* text */
	const char *params[4] = {p->repo, buf_cstr(&p->changed), p->since,
	    buf_cstr(&p->renewed)};
	struct pdb_buf sql = {0};
	PGresult *r;
	int rc;

	if (p->since[0] == '\0')
		params[2] = "0";
	server_delete(p, table, &sql);
	r = pq.PQexecParams(p->c, buf_cstr(&sql), 4, types, params, NULL, NULL, 0);
	rc = pq.PQresultStatus(r) == PGRES_COMMAND_OK ? 0 :
	    pg_fail(p->c, "deleting the repository's old rows");
	pq.PQclear(r);
	buf_free(&sql);
	return rc;
}

/* Copies the local rows of table that the push sends.  A table the server
 * or the database lacks (an older server) has nothing to copy. */
static int
copy_table(struct push *p, const char *table)
{
	struct pdb_buf sql = {0};
	char *cols = pg_common_columns(p->c, p->st, table);
	PGresult *r;
	int rc;

	if (cols == NULL)
		return PDB_EXIT_DB;
	if (*cols == '\0') {
		free(cols);
		return 0;
	}
	buf_printf(&sql, "COPY \"%s\" (repo, %s) FROM STDIN", table, cols);
	r = pq.PQexec(p->c, buf_cstr(&sql));
	rc = pq.PQresultStatus(r) == PGRES_COPY_IN ? 0 :
	    pg_fail(p->c, "starting a copy");
	pq.PQclear(r);
	if (rc == 0)
		rc = end_copy(p->c, stream_rows(p, table, cols) != 0);
	buf_free(&sql);
	free(cols);
	return rc;
}

/* 1 when the server has table (an older one may lack a newer table). */
static int
server_has(struct push *p, const char *table)
{
	return strcmp(table, "item_link") != 0 || p->server_version >= 4;
}

/* Deletes children before parents, then copies parents before children. */
static int
send_tables(struct push *p)
{
	for (size_t i = pg_ntables; i-- > 0;)
		if (server_has(p, pg_tables[i]) &&
		    delete_rows(p, pg_tables[i]) != 0)
			return PDB_EXIT_DB;
	for (size_t i = 0; i < pg_ntables; i++)
		if (server_has(p, pg_tables[i]) &&
		    copy_table(p, pg_tables[i]) != 0)
			return PDB_EXIT_DB;
	return 0;
}

/* Appends id to an array literal "{a,b}" being built (closed by the caller). */
static void
add_id(struct pdb_buf *b, long long id)
{
	buf_printf(b, "%s%lld", b->len > 0 ? "," : "{", id);
}

static void
close_ids(struct pdb_buf *b)
{
	buf_puts(b, b->len > 0 ? "}" : "{}");
}

/* Documents the server has that the database no longer has (an ingest
 * --git --rebuild forgot them): their rows and events go. */
static int
gone_documents(struct push *p)
{
	const char *params[1] = {p->repo};
	PGresult *r = pg_query(p->c, "push.repo_documents", 1, params);
	sqlite3_stmt *s;
	int rc = 0;

	if (r == NULL)
		return PDB_EXIT_DB;
	if ((rc = store_prepare(p->st, "SELECT 1 FROM document WHERE id = ?1",
	    &s)) != 0) {
		pq.PQclear(r);
		return rc;
	}
	for (int i = 0; rc == 0 && i < pq.PQntuples(r); i++) {
		long long id = strtoll(pq.PQgetvalue(r, i, 0), NULL, 10);

		sqlite3_bind_int64(s, 1, id);
		if ((rc = sqlite3_step(s)) == SQLITE_DONE) {
			add_id(&p->changed, id);
			add_id(&p->renewed, id);
		}
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
		    store_fail(p->st, "reading the documents");
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	pq.PQclear(r);
	return rc;
}

/* Lists the documents an incremental push replaces the rows of: changed
 * since the server's last run (their events too when new since). */
static int
changed_documents(struct push *p)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = gone_documents(p)) != 0 ||
	    (rc = store_prepare(p->st, "SELECT id, first_run > ?1 FROM "
	    "document WHERE changed_run > ?1", &s)) != 0)
		return rc;
	sqlite3_bind_int64(s, 1, strtoll(p->since, NULL, 10));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		add_id(&p->changed, sqlite3_column_int64(s, 0));
		if (sqlite3_column_int(s, 1))
			add_id(&p->renewed, sqlite3_column_int64(s, 0));
	}
	sqlite3_finalize(s);
	close_ids(&p->changed);
	close_ids(&p->renewed);
	return rc == SQLITE_DONE ? 0 : store_fail(p->st, "reading the documents");
}

/* 1 if the database has run id started at started (it is the database
 * the server's rows came from), 0 if not, -1 after an error. */
static int
local_has_run(struct pdb_store *st, const char *id, const char *started)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, "SELECT 1 FROM ingest_run WHERE id = ?1 AND "
	    "started_at = ?2 AND finished_at IS NOT NULL", &s) != 0)
		return -1;
	sqlite3_bind_int64(s, 1, strtoll(id, NULL, 10));
	sqlite3_bind_text(s, 2, started, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "reading the runs") * 0 - 1;
	return rc == SQLITE_ROW;
}

/*
 * Locks the repository's row; sets *current when the server already has
 * the local database's last run, and p->since when it has an earlier run
 * of this database pushed from the same local schema.
 */
static int
lock_repo(struct push *p, int *current)
{
	const char *params[1] = {p->repo};
	char schema[16];
	PGresult *r;
	int same = 0;

	if ((r = pg_query(p->c, "push.repo_claim", 1, params)) == NULL)
		return PDB_EXIT_DB;
	pq.PQclear(r);
	if ((r = pg_query(p->c, "push.repo_lock", 1, params)) == NULL)
		return PDB_EXIT_DB;
	snprintf(schema, sizeof(schema), "%d", store_schema_version());
	if (pq.PQntuples(r) == 1 && !pq.PQgetisnull(r, 0, 0)) {
		*current = strcmp(pq.PQgetvalue(r, 0, 0), p->run.id) == 0 &&
		    strcmp(pq.PQgetvalue(r, 0, 1), p->run.started) == 0;
		same = local_has_run(p->st, pq.PQgetvalue(r, 0, 0),
		    pq.PQgetvalue(r, 0, 1));
		if (same > 0 && strcmp(pq.PQgetvalue(r, 0, 2), schema) == 0)
			snprintf(p->since, sizeof(p->since), "%s",
			    pq.PQgetvalue(r, 0, 0));
	}
	pq.PQclear(r);
	return same < 0 ? PDB_EXIT_DB : 0;
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

/* Records the run (and local schema) pushed, then commits. */
static int
finish(struct push *p)
{
	const char *done[4] = {p->repo, p->run.id, p->run.started,
	    PROGDB_VERSION};
	char schema[16];
	const char *ls[2] = {p->repo, schema};
	PGresult *r;

	if ((r = pg_query(p->c, "push.repo_done", 4, done)) == NULL)
		return PDB_EXIT_DB;
	pq.PQclear(r);
	snprintf(schema, sizeof(schema), "%d", store_schema_version());
	if (p->server_version >= 4) {
		if ((r = pg_query(p->c, "push.repo_local_schema", 2, ls)) == NULL)
			return PDB_EXIT_DB;
		pq.PQclear(r);
	}
	test_pause();
	return pg_exec(p->c, "COMMIT", "committing the push");
}

static int
push_open(int quiet, struct push *p)
{
	int current = 0, rc;

	if ((rc = store_exec(p->st, "BEGIN", "reading the database")) != 0 ||
	    (rc = local_last_run(p->st, &p->run)) != 0 ||
	    (rc = pg_begin_push(p->c)) != 0 ||
	    (p->server_version = pg_schema_version(p->c)) < 0 ||
	    (rc = lock_repo(p, &current)) != 0)
		return rc != 0 ? rc : PDB_EXIT_DB;
	if (current) {
		pg_exec(p->c, "ROLLBACK", "ending the push");
		if (!quiet)
			printf("push: %s is up to date (run %s)\n", p->repo,
			    p->run.id);
		return 0;
	}
	if (p->server_version < 4)
		p->since[0] = '\0';
	if ((p->since[0] != '\0' && (rc = changed_documents(p)) != 0) ||
	    (rc = send_tables(p)) != 0 || (rc = finish(p)) != 0)
		return rc;
	if (!quiet)
		printf("push: %s up to run %s, %lld rows%s\n", p->repo,
		    p->run.id, p->rows, p->since[0] != '\0' ? " (incremental)" :
		    "");
	return 0;
}

int
pg_push(const char *db_path, int quiet, const char *url, const char *repo)
{
	struct pdb_store st = {0};
	struct push p = {.st = &st, .repo = repo};
	int rc;

	if ((rc = store_open(db_path, PDB_OPEN_READ, &st)) != 0)
		return rc;
	rc = pg_connect(url, &p.c);
	if (rc == 0)
		rc = push_open(quiet, &p);
	pg_finish(p.c);
	buf_free(&p.changed);
	buf_free(&p.renewed);
	store_close(&st);
	return rc;
}
