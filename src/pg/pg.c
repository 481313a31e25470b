/*
 * pg.c - connecting to PostgreSQL, its errors, and the server schema's
 * migrations (see pg.h, pg_int.h).
 */
#define _GNU_SOURCE	/* memmem */

#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/escape.h"
#include "progdb/pg.h"

const char *const pg_tables[] = {
	"ingest_run", "document", "section", "doc_table", "table_row",
	"metadata", "diagnostic", "risk", "tech_debt", "burndown",
	"log_entry", "claim", "event", "item", "item_link",
};
const size_t pg_ntables = sizeof(pg_tables) / sizeof(*pg_tables);

/* Writes msg (one or more lines from libpq) escaped, line by line, the
 * first after prefix and the others indented. */
static void
print_message(const char *prefix, const char *msg)
{
	struct pdb_buf b = {0};
	size_t n = strlen(msg);

	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	fprintf(stderr, "progdb: %s", prefix);
	while (n > 0) {
		const char *nl = memchr(msg, '\n', n);
		size_t len = nl != NULL ? (size_t)(nl - msg) : n;

		buf_reset(&b);
		escape_terminal(msg, len, &b);
		fprintf(stderr, "%s\n", buf_cstr(&b));
		n -= nl != NULL ? len + 1 : len;
		msg += nl != NULL ? len + 1 : len;
		while (n > 0 && (*msg == '\t' || *msg == ' '))
			msg++, n--;
		if (n > 0)
			fputs("  ", stderr);
	}
	buf_free(&b);
}

int
pg_fail(PGconn *c, const char *doing)
{
	char prefix[160];

	snprintf(prefix, sizeof(prefix), "server: %s: ", doing);
	print_message(prefix, c != NULL ? pq.PQerrorMessage(c) : "no connection");
	return PDB_EXIT_DB;
}

/*
 * libpq's complaint about a malformed URL may quote the part it could not
 * read, which can be the password: every quoted part of msg that occurs
 * in url before its '@' is replaced by ***.
 */
static char *
redact(const char *msg, const char *url)
{
	const char *at = strrchr(url, '@');
	size_t secret = at != NULL ? (size_t)(at - url) : 0;
	struct pdb_buf b = {0};

	for (const char *p = msg; *p != '\0'; p++) {
		const char *end = *p == '"' ? strchr(p + 1, '"') : NULL;
		char *part;

		buf_putc(&b, *p);
		if (end == NULL)
			continue;
		part = xstrndup(p + 1, (size_t)(end - p - 1));
		if (*part != '\0' && secret > 0 &&
		    memmem(url, secret, part, strlen(part)) != NULL) {
			buf_puts(&b, "***\"");
			p = end;
		}
		free(part);
	}
	return buf_detach(&b);
}

int
pg_connect(const char *url, PGconn **out)
{
	static const char *const keys[] = {"connect_timeout",
	    "fallback_application_name", "dbname", NULL};
	const char *vals[] = {"10", "progdb", url, NULL};
	PQconninfoOption *opts;
	char *err = NULL;

	*out = NULL;
	if (pg_libpq_load() != 0)
		return PDB_EXIT_DB;
	opts = pq.PQconninfoParse(url, &err);
	if (opts == NULL) {
		char *msg = redact(err != NULL ? err : "out of memory", url);

		print_message("server: not a PostgreSQL URL or connection "
		    "string (postgresql://[USER@]HOST[:PORT]/DBNAME): ", msg);
		free(msg);
		pq.PQfreemem(err);
		return PDB_EXIT_DB;
	}
	pq.PQconninfoFree(opts);
	*out = pq.PQconnectdbParams(keys, vals, 1);
	if (*out == NULL || pq.PQstatus(*out) != CONNECTION_OK)
		return pg_fail(*out, "cannot connect");
	if (pq.PQsetClientEncoding(*out, "UTF8") != 0)
		return pg_fail(*out, "setting the client encoding");
	return 0;
}

void
pg_finish(PGconn *c)
{
	if (c != NULL)
		pq.PQfinish(c);
}

int
pg_exec(PGconn *c, const char *sql, const char *doing)
{
	PGresult *r = pq.PQexec(c, sql);
	int ok = pq.PQresultStatus(r) == PGRES_COMMAND_OK ||
	    pq.PQresultStatus(r) == PGRES_TUPLES_OK;

	pq.PQclear(r);
	return ok ? 0 : pg_fail(c, doing);
}

PGresult *
pg_query(PGconn *c, const char *name, int n, const char *const *params)
{
	const char *sql = pdb_pg_query(name);
	PGresult *r;
	char doing[96];

	r = pq.PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
	if (pq.PQresultStatus(r) == PGRES_COMMAND_OK ||
	    pq.PQresultStatus(r) == PGRES_TUPLES_OK)
		return r;
	pq.PQclear(r);
	snprintf(doing, sizeof(doing), "running %s", name);
	pg_fail(c, doing);
	return NULL;
}

/* The first column of the first row as a number; -1 after an error. */
static long long
query_number(PGconn *c, const char *name)
{
	PGresult *r = pg_query(c, name, 0, NULL);
	long long v = -1;

	if (r != NULL && pq.PQntuples(r) > 0)
		v = strcmp(pq.PQgetvalue(r, 0, 0), "t") == 0 ? 1 :
		    strtoll(pq.PQgetvalue(r, 0, 0), NULL, 10);
	pq.PQclear(r);
	return v;
}

int
pg_schema_version(PGconn *c)
{
	long long exists = query_number(c, "push.schema_exists");

	if (exists <= 0)
		return (int)exists;
	return (int)query_number(c, "push.schema_version");
}

int
pg_target_version(void)
{
	const char *v = getenv("PROGDB_PG_MIGRATE_TO");
	int n = v != NULL ? atoi(v) : 0;

	return n > 0 && (size_t)n < pdb_pg_nmigrations ? n :
	    (int)pdb_pg_nmigrations;
}

/* Applies migrations have+1 .. target; inside the migration transaction. */
static int
apply(PGconn *c, int have, int target)
{
	char num[16];
	const char *p[1] = {num};
	PGresult *r;

	for (int v = have + 1; v <= target; v++) {
		char doing[128];

		snprintf(doing, sizeof(doing), "migrating the server to "
		    "schema %d (%s)", v, pdb_pg_migrations[v - 1].name);
		if (pg_exec(c, pdb_pg_migrations[v - 1].text, doing) != 0)
			return PDB_EXIT_DB;
	}
	snprintf(num, sizeof(num), "%d", target);
	if ((r = pg_query(c, "push.schema_set", 1, p)) == NULL)
		return PDB_EXIT_DB;
	pq.PQclear(r);
	return 0;
}

/* One transaction that excludes every push: creates or migrates. */
static int
migrate(PGconn *c, int target)
{
	PGresult *r;
	int have;

	if (pg_exec(c, "BEGIN", "beginning the migration") != 0 ||
	    (r = pg_query(c, "push.schema_lock", 0, NULL)) == NULL)
		return PDB_EXIT_DB;
	pq.PQclear(r);
	if ((r = pg_query(c, "push.schema_table", 0, NULL)) == NULL)
		return PDB_EXIT_DB;
	pq.PQclear(r);
	have = (int)query_number(c, "push.schema_version");
	if (have < 0 || (have < target && apply(c, have, target) != 0))
		return PDB_EXIT_DB;
	return pg_exec(c, "COMMIT", "committing the migration");
}

static int
too_new(int have, int target)
{
	fprintf(stderr, "progdb: server: its schema version %d is newer than "
	    "this progdb's (%d); upgrade progdb to push to it\n", have, target);
	return PDB_EXIT_DB;
}

int
pg_begin_push(PGconn *c)
{
	int target = pg_target_version();

	for (int tries = 0; tries < 2; tries++) {
		PGresult *r;
		int have;

		if (pg_exec(c, "BEGIN", "beginning the push") != 0 ||
		    (r = pg_query(c, "push.schema_lock_shared", 0, NULL)) == NULL)
			return PDB_EXIT_DB;
		pq.PQclear(r);
		if ((have = pg_schema_version(c)) < 0)
			return PDB_EXIT_DB;
		if (have > (int)pdb_pg_nmigrations)
			return too_new(have, (int)pdb_pg_nmigrations);
		if (have >= target)
			return 0;
		if (pg_exec(c, "ROLLBACK", "ending a transaction") != 0 ||
		    migrate(c, target) != 0)
			return PDB_EXIT_DB;
	}
	fprintf(stderr, "progdb: server: the schema did not reach version %d\n",
	    target);
	return PDB_EXIT_DB;
}

/* 1 if SQLite's table has the column, generated ones included (an older
 * server's document.path is the local generated one), 0 if not, -1. */
static int
has_column(struct pdb_store *st, const char *table, const char *col)
{
	sqlite3_stmt *s;
	int found = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM pragma_table_xinfo(?1) "
	    "WHERE name = ?2", -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, "reading the schema") * 0 - 1;
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, col, -1, SQLITE_STATIC);
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return found;
}

char *
pg_common_columns(PGconn *c, struct pdb_store *st, const char *table)
{
	const char *p[1] = {table};
	PGresult *r = pg_query(c, "push.columns", 1, p);
	struct pdb_buf b = {0};

	if (r == NULL)
		return NULL;
	for (int i = 0; i < pq.PQntuples(r); i++) {
		const char *col = pq.PQgetvalue(r, i, 0);
		int has = has_column(st, table, col);

		if (has < 0) {
			pq.PQclear(r);
			buf_free(&b);
			return NULL;
		}
		if (has)
			buf_printf(&b, "%s\"%s\"", b.len > 0 ? ", " : "", col);
	}
	pq.PQclear(r);
	return buf_detach(&b);
}
