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

#include "progdb/cli.h"
#include "progdb/sqltext.h"

/* The PostgreSQL migrations and statements (schema/pg/queries). */
extern const struct pdb_sql_text pdb_pg_migrations[];
extern const size_t pdb_pg_nmigrations;
extern const struct pdb_sql_text pdb_pg_queries[];
extern const size_t pdb_pg_nqueries;
const char *pdb_pg_query(const char *name);

/*
 * Pushes the database at cli->db_path to the server at url (a libpq URL or
 * connection string) as repository repo, in one server transaction.
 * Returns an enum pdb_exit value; PDB_EXIT_DB for every server error.
 */
int	pg_push(const struct pdb_cli *cli, const char *url, const char *repo);

/*
 * If argv (a command and its arguments) has --server URL, runs the command
 * once per pushed repository whose name matches --repo GLOB (all when
 * absent), each against a private copy of that repository's rows, and
 * returns the worst exit status; *handled is set.  Otherwise returns 0
 * with *handled 0.  argv is rearranged (the two options removed).
 */
int	pg_server_run(struct pdb_cli *cli, int argc, char **argv, int *handled);

#endif
