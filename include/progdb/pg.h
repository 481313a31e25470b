/*
 * pg.h - the PostgreSQL side: `progdb push` copies a repository's database
 * into one PostgreSQL schema where every table carries repo, and --server
 * runs the query commands on what was pushed.  Built with libpq (meson
 * option libpq); without it these report how to build it in and return
 * PDB_EXIT_DB.
 *
 * The server's schema is versioned like the SQLite one: migrations/pg/
 * NNNN_slug.sql, applied by push in order, the version kept in the table
 * progdb_schema.  Errors are reported on stderr as one message naming what
 * was being done; a password is never printed.
 */
#ifndef PROGDB_PG_H
#define PROGDB_PG_H

#include "progdb/sqltext.h"

/* The PostgreSQL migrations and statements (schema/pg/queries). */
extern const struct pdb_sql_text pdb_pg_migrations[];
extern const size_t pdb_pg_nmigrations;
extern const struct pdb_sql_text pdb_pg_queries[];
extern const size_t pdb_pg_nqueries;
const char *pdb_pg_query(const char *name);

/*
 * Pushes the database at db_path to the server at url (a libpq URL or
 * connection string) as repository repo, in one server transaction; quiet:
 * nothing on stdout.  Returns an enum pdb_exit value; PDB_EXIT_DB for every
 * server error.
 */
int	pg_push(const char *db_path, int quiet, const char *url,
	    const char *repo);

/* Runs one command on the private copy at db_path; its exit status. */
typedef int (*pg_server_fn)(void *arg, const char *db_path);

/*
 * Copies each repository pushed to url whose name matches glob (all when
 * NULL) into a private SQLite database, in one server snapshot, and calls
 * fn(arg, path) on it.  With more than one, and gather set, what the runs
 * render is gathered into one answer with a repo column (pg_gather.c);
 * without gather each answer is headed "==> NAME <==" on stdout.  Returns
 * the worst exit status.
 */
int	pg_server_each(const char *url, const char *glob, int gather,
	    pg_server_fn fn, void *arg);

#endif
