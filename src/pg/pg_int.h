/*
 * pg_int.h - what pg.c shares with pg_push.c and pg_server.c: connecting,
 * running the named statements of schema/pg/queries, errors, migrations.
 * Every function that fails has printed one error on stderr and returns
 * PDB_EXIT_DB (or NULL).
 */
#ifndef PROGDB_PG_INT_H
#define PROGDB_PG_INT_H

#include <libpq-fe.h>

#include "progdb/store.h"

/*
 * libpq is not linked but loaded by pg_libpq_load() (pg_libpq.c), which
 * pg_connect() calls first: the functions this folder calls, each as
 * pq.NAME with libpq's own prototype (libpq-fe.h, for the types only).
 */
#define PG_LIBPQ_FUNCS(X) \
	X(PQclear) X(PQconnectdbParams) X(PQconninfoFree) \
	X(PQconninfoParse) X(PQerrorMessage) X(PQexec) X(PQexecParams) \
	X(PQfinish) X(PQfreemem) X(PQftype) X(PQgetResult) X(PQgetisnull) \
	X(PQgetvalue) X(PQnfields) X(PQntuples) X(PQputCopyData) \
	X(PQputCopyEnd) X(PQresultStatus) X(PQsendQueryParams) \
	X(PQsetClientEncoding) X(PQsetSingleRowMode) X(PQstatus)

struct pg_libpq {
#define PG_LIBPQ_MEMBER(f) __typeof__(f) *f;
	PG_LIBPQ_FUNCS(PG_LIBPQ_MEMBER)
#undef PG_LIBPQ_MEMBER
};
extern struct pg_libpq pq;

/*
 * Loads libpq (PROGDB_LIBPQ, else its soname) once and resolves pq; 0, or
 * PDB_EXIT_DB after one error naming the library.
 */
int	pg_libpq_load(void);
/* Closes c; NULL (no connection made) is fine. */
void	pg_finish(PGconn *c);

/* The tables a push copies, parents before children. */
extern const char *const pg_tables[];
extern const size_t pg_ntables;

/* Loads libpq and connects to url (URL or connection string), client
 * encoding UTF8; *out is closed with pg_finish(). */
int	pg_connect(const char *url, PGconn **out);
/* Prints "progdb: server: DOING: <libpq's message>"; PDB_EXIT_DB. */
int	pg_fail(PGconn *c, const char *doing);
/* Runs SQL text without results; 0 or pg_fail(). */
int	pg_exec(PGconn *c, const char *sql, const char *doing);
/*
 * Runs the named statement with n text parameters (NULL: SQL NULL).
 * Returns its result (the caller PQclear()s it), or NULL after pg_fail().
 */
PGresult *pg_query(PGconn *c, const char *name, int n,
	    const char *const *params);
/*
 * Begins the push transaction: the schema is at this progdb's version
 * (migrated first when older, in a transaction of its own that excludes
 * every push) and stays so until COMMIT or ROLLBACK.  0 or an exit status.
 */
int	pg_begin_push(PGconn *c);
/* The server's schema version, 0 when it has none (outside a transaction
 * is fine); -1 after pg_fail(). */
int	pg_schema_version(PGconn *c);
/* The version this progdb migrates to (PROGDB_PG_MIGRATE_TO, for tests,
 * may lower it). */
int	pg_target_version(void);
/*
 * A table's columns on the server (but repo and generated ones) that the
 * SQLite database has too, as "a, b, c" (owned by the caller); NULL after
 * an error.
 */
char	*pg_common_columns(PGconn *c, struct pdb_store *st, const char *table);

/*
 * One answer over several repositories (pg_gather.c): pg_gather_begin()
 * before the command runs on each repository (in order) and
 * pg_gather_end() after it; pg_gather_render() then writes what the runs
 * would have rendered as one answer with a repo column.
 */
struct pg_gather;
struct pg_gather *pg_gather_new(void);
void	pg_gather_begin(struct pg_gather *g, const char *repo);
void	pg_gather_end(struct pg_gather *g);
int	pg_gather_render(struct pg_gather *g);
void	pg_gather_free(struct pg_gather *g);

#endif
