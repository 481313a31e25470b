/*
 * store.h - the database connection: opening (and migrating) a progdb
 * database, and the error handling every SQL call shares.
 *
 * A database is a SQLite file in WAL mode, marked with
 * progdb's application_id and versioned by PRAGMA user_version (one step
 * per file in migrations/).  Writers migrate on open; readers refuse a
 * schema they do not match and say what to run.
 *
 * Functions return 0 on success and an enum pdb_exit value on failure,
 * after printing one error line that names the database file.
 */
#ifndef PROGDB_STORE_H
#define PROGDB_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "progdb/exit.h"

struct pdb_known_doc;

/* "prog" as a big-endian integer, in the file header's application_id. */
#define PDB_APPLICATION_ID	0x70726f67

enum pdb_open_mode {
	PDB_OPEN_READ,		/* read-only; the file must exist */
	PDB_OPEN_WRITE,		/* read-write; created and migrated */
	PDB_OPEN_INGEST,	/* as WRITE; but a new database is built
				 * privately, see store_publish() */
};

struct pdb_store {
	sqlite3		*db;
	char		*path;		/* owned, as given */
	int		 writable;
	int		 lock_timeout_ms;
	char		*building;	/* owned: the private file a new database
					 * is built in (PDB_OPEN_INGEST), or NULL */
	sqlite3_stmt	**kept;		/* owned: the last ingest run's
					 * statements, for the next run on
					 * this connection (store_ingest.c) */
	size_t		 nkept;
	sqlite3_stmt	**spans;	/* owned: the statements that keep
					 * item_span in step, prepared by the
					 * first run (store_spans.c) */
	size_t		 nspans;
	sqlite3_stmt	**spans_new;	/* owned: likewise, spans.new_items */
	size_t		 nspans_new;
	int		 run_open;	/* a new database's runs share one
					 * transaction: left open by each run,
					 * committed by store_publish() */
	int64_t		 items;		/* item rows as run items_run of this
					 * connection left them */
	int64_t		 items_run;	/* 0: none counted */
	struct pdb_known_doc *known;	/* owned: the documents as run
					 * known_run of this connection left
					 * them (store_ingest.c) */
	size_t		 nknown;
	int64_t		 known_run;
};

/* store_publish(): another process created the database meanwhile. */
#define PDB_STORE_LOST_RACE	(-3)

/* Milliseconds a writer waits for another writer before giving up. */
#define PDB_DEFAULT_LOCK_TIMEOUT_MS	60000

int	store_open(const char *path, enum pdb_open_mode mode,
	    struct pdb_store *st);
/*
 * A new database opened with PDB_OPEN_INGEST is built in a private file
 * with no journal (nothing to roll back to; a failure just discards the
 * file), which makes a first bulk ingest much cheaper.  Once its
 * transaction committed, store_publish() switches it to WAL, syncs it and
 * links it into place, and closes st.  If another process created the
 * database meanwhile, it returns PDB_STORE_LOST_RACE (and discards this
 * one).  store_close() without store_publish() discards it.
 */
int	store_publish(struct pdb_store *st);
void	store_close(struct pdb_store *st);

/*
 * Reports the connection's current error about the database, prefixed by
 * what was being done, and returns the matching exit status: PDB_EXIT_BUSY
 * for a lock held too long, PDB_EXIT_DB otherwise.
 */
int	store_fail(struct pdb_store *st, const char *doing);

/* Runs SQL without results (no parameters); on failure reports it as
 * happening while doing what `doing` says.  0 or store_fail(). */
int	store_exec(struct pdb_store *st, const char *sql, const char *doing);
/*
 * While a new database is built privately (PDB_OPEN_INGEST of a database
 * that did not exist): starts writing what SQLite has written so far back
 * to disk, without waiting, so that store_publish(), which syncs the file,
 * finds little left to write.  Where the system cannot, and for other
 * databases, it does nothing.
 */
void	store_write_back(struct pdb_store *st);
/* Prepares one statement; 0 or store_fail(). */
int	store_prepare(struct pdb_store *st, const char *sql,
	    sqlite3_stmt **stmt);
/* A canned query from schema/queries by name; 0 or store_fail(). */
int	store_prepare_query(struct pdb_store *st, const char *name,
	    sqlite3_stmt **stmt);

/* The schema version this progdb writes (the number of migrations). */
int	store_schema_version(void);
/*
 * Applies the migrations the database lacks, each in its own IMMEDIATE
 * transaction that re-reads user_version first, so two processes opening an
 * old database at once migrate it once.  Called by store_open() for
 * writers; exposed for the migration tests.
 */
int	store_migrate(struct pdb_store *st);

/*
 * Derives item_span (each item's state as intervals of time) anew from
 * the items and events, for a database whose rows were copied in rather
 * than ingested (--server's copy); 0 or store_fail().
 */
int	store_spans_rebuild(struct pdb_store *st);
/*
 * Stores check's findings that a document's own rows decide
 * (check_finding, check_milestone_end) anew for every document, for a
 * database whose rows were copied in; 0 or store_fail().
 */
int	store_findings_rebuild(struct pdb_store *st);

#endif
