/*
 * pg_server.c - `--server URL [--repo GLOB]` for the query commands: each
 * pushed repository that matches is copied from the server into a private
 * SQLite database (in one server snapshot for all of them), and the
 * command runs on it unchanged, so that it answers exactly as on that
 * repository's own file.  With more than one repository the answers are
 * gathered into one with a repo column (pg_gather.c), or each is headed
 * "==> NAME <==".  Which commands may, which are gathered, and their
 * options are the app's (cmd_push.c); here is the copying.
 */
#define _POSIX_C_SOURCE 200809L	/* mkdtemp */

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pg_int.h"
#include "progdb/buf.h"
#include "progdb/escape.h"
#include "progdb/pg.h"

/* Binds a server value to a SQLite parameter by the column's type. */
static void
bind_value(sqlite3_stmt *s, int i, const PGresult *r, int row, int col)
{
	const char *v = pq.PQgetvalue(r, row, col);
	if (pq.PQgetisnull(r, row, col))
		sqlite3_bind_null(s, i);
	else if (pq.PQftype(r, col) == 20 || pq.PQftype(r, col) == 23)  /* int8, int4 */
		sqlite3_bind_int64(s, i, strtoll(v, NULL, 10));
	else if (pq.PQftype(r, col) == 701)	/* float8 */
		sqlite3_bind_double(s, i, strtod(v, NULL));
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

static int
insert_rows(struct pdb_store *st, sqlite3_stmt *ins, const PGresult *r)
{
	for (int row = 0; row < pq.PQntuples(r); row++) {
		for (int col = 0; col < pq.PQnfields(r); col++)
			bind_value(ins, col + 1, r, row, col);
		if (sqlite3_step(ins) != SQLITE_DONE)
			return store_fail(st, "copying rows from the server");
		sqlite3_reset(ins);
	}
	return 0;
}

/* The INSERT for cols (a, b, c) of table. */
static int
prepare_insert(struct pdb_store *st, const char *table, const char *cols,
    int n, sqlite3_stmt **ins)
{
	struct pdb_buf sql = {0};
	int rc;

	buf_printf(&sql, "INSERT INTO \"%s\" (%s) VALUES (", table, cols);
	for (int i = 1; i <= n; i++)
		buf_printf(&sql, "%s?%d", i > 1 ? ", " : "", i);
	buf_puts(&sql, ")");
	rc = store_prepare(st, buf_cstr(&sql), ins);
	buf_free(&sql);
	return rc;
}

/* Copies the repository's rows of one table, streamed row by row. */
static int
pull_table(PGconn *c, struct pdb_store *st, const char *table,
    const char *repo)
{
	const char *p[1] = {repo};
	struct pdb_buf sql = {0};
	char *cols = pg_common_columns(c, st, table);
	sqlite3_stmt *ins = NULL;
	PGresult *r;
	int rc = 0;

	if (cols == NULL)
		return PDB_EXIT_DB;
	buf_printf(&sql, "SELECT %s FROM \"%s\" WHERE repo = $1", cols, table);
	if (!pq.PQsendQueryParams(c, buf_cstr(&sql), 1, NULL, p, NULL, NULL, 0) ||
	    !pq.PQsetSingleRowMode(c))
		rc = pg_fail(c, "reading rows");
	while (rc == 0 && (r = pq.PQgetResult(c)) != NULL) {
		ExecStatusType k = pq.PQresultStatus(r);

		if (k == PGRES_SINGLE_TUPLE && ins == NULL)
			rc = prepare_insert(st, table, cols, pq.PQnfields(r), &ins);
		if (rc == 0 && k == PGRES_SINGLE_TUPLE)
			rc = insert_rows(st, ins, r);
		else if (rc == 0 && k != PGRES_TUPLES_OK)
			rc = pg_fail(c, "reading rows");
		pq.PQclear(r);
	}
	while ((r = pq.PQgetResult(c)) != NULL)
		pq.PQclear(r);
	sqlite3_finalize(ins);
	buf_free(&sql);
	free(cols);
	return rc;
}

/* Builds path, a progdb database holding what the server has of repo. */
static int
pull_repo(PGconn *c, const char *repo, const char *path)
{
	struct pdb_store st = {0};
	int rc;

	if ((rc = store_open(path, PDB_OPEN_WRITE, &st)) != 0)
		return rc;
	rc = store_exec(&st, "BEGIN", "copying from the server");
	for (size_t i = 0; rc == 0 && i < pg_ntables; i++)
		rc = pull_table(c, &st, pg_tables[i], repo);
	if (rc == 0)
		rc = store_spans_rebuild(&st);
	if (rc == 0)
		rc = store_findings_rebuild(&st);
	if (rc == 0)
		rc = store_exec(&st, "COMMIT", "copying from the server");
	store_close(&st);
	return rc;
}

/* The pushed repositories matching glob (NULL: all), NULL-terminated. */
static char **
matching_repos(PGconn *c, const char *glob, size_t *n)
{
	PGresult *r = pg_query(c, "push.repos", 0, NULL);
	char **out;

	*n = 0;
	if (r == NULL)
		return NULL;
	out = xcalloc((size_t)pq.PQntuples(r) + 1, sizeof(*out));
	for (int i = 0; i < pq.PQntuples(r); i++)
		if (glob == NULL || fnmatch(glob, pq.PQgetvalue(r, i, 0), 0) == 0)
			out[(*n)++] = xstrdup(pq.PQgetvalue(r, i, 0));
	pq.PQclear(r);
	return out;
}

/* Runs fn on each repository's copy, its answers gathered into one (g)
 * or each headed by its repository's name (g NULL). */
static int
run_all(pg_server_fn fn, void *arg, PGconn *c, char **repos, size_t n,
    struct pg_gather *g)
{
	const char *tmp = getenv("TMPDIR");
	char *base = xasprintf("%s/progdb-server-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	int worst = 0;

	if (mkdtemp(base) == NULL) {
		perror("progdb: a temporary directory");
		free(base);
		return PDB_EXIT_DB;
	}
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%zu.db", base, i);
		int rc = pull_repo(c, repos[i], path);

		if (rc == 0 && n > 1 && g == NULL) {
			struct pdb_buf name = {0};

			escape_terminal(repos[i], strlen(repos[i]), &name);
			printf("%s==> %s <==\n", i > 0 ? "\n" : "",
			    buf_cstr(&name));
			buf_free(&name);
		}
		if (rc == 0 && g != NULL)
			pg_gather_begin(g, repos[i]);
		if (rc == 0)
			rc = fn(arg, path);
		if (g != NULL)
			pg_gather_end(g);
		worst = rc > worst ? rc : worst;
		unlink(path);
		free(path);
	}
	rmdir(base);
	free(base);
	if (g != NULL && worst < PDB_EXIT_USAGE) {
		int rc = pg_gather_render(g);

		worst = rc > worst ? rc : worst;
	}
	return worst;
}

int
pg_server_each(const char *url, const char *glob, int gather,
    pg_server_fn fn, void *arg)
{
	PGconn *c = NULL;
	char **repos = NULL;
	size_t n = 0;
	int rc, have;

	if ((rc = pg_connect(url, &c)) == 0 &&
	    (rc = pg_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	    "beginning a snapshot")) == 0) {
		have = pg_schema_version(c);
		if (have == 0)
			fprintf(stderr, "progdb: server: nothing was pushed to "
			    "it yet (see 'progdb help push')\n");
		rc = have <= 0 ? PDB_EXIT_DB : 0;
	}
	if (rc == 0 && (repos = matching_repos(c, glob, &n)) == NULL)
		rc = PDB_EXIT_DB;
	if (rc == 0 && n == 0) {
		fprintf(stderr, "progdb: server: no pushed repository matches "
		    "'%s'\n", glob != NULL ? glob : "*");
		rc = PDB_EXIT_INPUT;
	}
	if (rc == 0) {
		struct pg_gather *g = n > 1 && gather ? pg_gather_new() : NULL;

		rc = run_all(fn, arg, c, repos, n, g);
		pg_gather_free(g);
	}
	for (size_t i = 0; repos != NULL && repos[i] != NULL; i++)
		free(repos[i]);
	free(repos);
	pg_finish(c);
	return rc;
}
