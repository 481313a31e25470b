/*
 * sqltext.h - the SQL files embedded in the binary at build time by
 * scripts/embed-sql.py: migrations (migrations/NNNN_slug.sql, in order)
 * and canned queries (schema/queries/NAME.sql).
 */
#ifndef PROGDB_SQLTEXT_H
#define PROGDB_SQLTEXT_H

#include <stddef.h>

struct pdb_sql_text {
	const char	*name;	/* file name without ".sql" */
	const char	*text;	/* the file's contents */
};

extern const struct pdb_sql_text pdb_migrations[];	/* [0] is 0001 */
extern const size_t pdb_nmigrations;
extern const struct pdb_sql_text pdb_queries[];		/* sorted by name */
extern const size_t pdb_nqueries;
/* schema/schema.sql: a new database at the newest version. */
extern const char pdb_schema[];

/* The canned query called name, or NULL. */
const char *sqltext_query(const char *name);

#endif
