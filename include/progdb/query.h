/*
 * query.h - running canned queries: named statements from
 * schema/queries/NAME.sql with their parameters bound by name, and the time
 * window weekly-style commands share.
 */
#ifndef PROGDB_QUERY_H
#define PROGDB_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "progdb/store.h"

enum pdb_param_type {
	PDB_PARAM_NULL,
	PDB_PARAM_TEXT,
	PDB_PARAM_INT,
};

struct pdb_param {
	const char		*name;	/* ":since_at" */
	enum pdb_param_type	 type;
	const char		*text;
	int64_t			 i;
};

#define PDB_TEXT(n, v)	{(n), (v) != NULL ? PDB_PARAM_TEXT : PDB_PARAM_NULL, \
			    (v), 0}
#define PDB_INT(n, v)	{(n), PDB_PARAM_INT, NULL, (v)}

/*
 * Prepares the canned query name and binds each of params the statement
 * uses (others are ignored; a parameter the statement uses but params lack
 * stays NULL).  Returns 0, or an exit status after reporting.
 */
int	query_prepare(struct pdb_store *st, const char *name,
	    const struct pdb_param *params, size_t nparams,
	    sqlite3_stmt **stmt);

/* A time window: since inclusive, until exclusive. */
struct pdb_window {
	int64_t	since;
	int64_t	until;
	char	since_at[20];	/* UTC, SQLite's format */
	char	until_at[20];
	char	since_day[11];	/* local days, both inclusive */
	char	until_day[11];
};

/* Fills the text forms of w from w->since and w->until. */
void	query_window(struct pdb_window *w);

#define QUERY_WEEK	(7 * 86400)	/* the default window */

struct pdb_config;
/*
 * The configuration `check` and `report` read: config_path (--config), else
 * .progdb in the current directory and at each root ingested.  Adds to c;
 * returns 0, or -1 having reported the problem.
 */
int	query_load_config(struct pdb_store *st, const char *config_path,
	    struct pdb_config *c);
/* c's ignored check codes as ":ignore" wants them (",a,b,"; owned), or
 * NULL when there are none. */
char	*query_ignore_list(const struct pdb_config *c);
/* Whether there is any ingest run (*runs 1, else 0) and any document
 * present (*docs); 0, or -1 when the database cannot say. */
int	query_present(struct pdb_store *st, int *runs, int *docs);

/*
 * search_index, the FTS5 index `search` reads, is left unbuilt by a bulk
 * load (an ingest into an empty database); built, triggers keep it in step
 * with every later ingest.  query_search_built() sets *built to 1 or 0.
 * query_search_build() builds it (filled from the tables, then the
 * triggers) in one write transaction, unless it is built meanwhile.
 * query_search_private() is for a database this process may not write: a
 * copy for this connection only (a temporary table, gone on close).
 * Each returns 0, or an exit status after reporting.
 */
/*
 * The name of the cheaper of the two statements that give milestones as
 * they were at the time at ("milestones.as_of" or
 * "milestones.as_of_changes", the same rows); NULL after reporting.
 */
const char *query_milestones_as_of(struct pdb_store *st, const char *at);

int	query_search_built(struct pdb_store *st, int *built);
int	query_search_build(struct pdb_store *st);
int	query_search_private(struct pdb_store *st);

#endif
