/*
 * store_int.h - what store_ingest.c (the run and a document's rows),
 * store_history.c (identities across ingests, and events), store_batch.c
 * and store_links.c share; all of them bind through store_bind.c.
 */
#ifndef PROGDB_STORE_INT_H
#define PROGDB_STORE_INT_H

#include <stdint.h>

#include "progdb/arena.h"
#include "progdb/buf.h"
#include "progdb/history.h"
#include "progdb/store_ingest.h"

/* Multi-row forms of an insert (store_batch.c): this many sizes. */
#define NBATCH	2

/* The statements of schema/queries/ingest.sql, prepared once per run: one
 * row each in stmts.def. */
enum stmt {
#define STMT(id, name, use)	id,
#include "stmts.def"
#undef STMT
	S_COUNT
};

/* How a statement is run (stmts.def says more). */
enum stmt_use {
	STMT_ONE,	/* one row at a time */
	STMT_BATCH,	/* also several rows at a time (store_batch.c) */
	STMT_DELETE,	/* removes a document's rows, in table order */
	STMT_FINDING,	/* stores check's rows for the run's documents */
};

/* Its name in the embedded queries ("ingest.insert_item"). */
const char	*stmt_name(enum stmt which);
enum stmt_use	 stmt_use(enum stmt which);

struct mark_count {
	char		mark[8];
	unsigned	count;
};

/* An ingest run's prepared statements, kept by its store for the next
 * run (a replay makes one run per commit). */
struct pdb_ingest_kept {
	sqlite3_stmt		*s[S_COUNT];
	sqlite3_stmt		*batch[S_COUNT][NBATCH];
};

struct pdb_ingest {
	struct pdb_store	*st;
	sqlite3_stmt		*s[S_COUNT];
	sqlite3_stmt		*batch[S_COUNT][NBATCH];	/* store_batch.c */
	int64_t			 run;
	char			 observed[20];	/* UTC, SQLite's format */
	char			 previous[20];	/* the run before; "" if none */
	int32_t			 observed_day;	/* local day numbers */
	int32_t			 previous_day;
	const char		*commit;	/* git mode: the commit, or NULL */
	struct pdb_run_info	 info;		/* strings owned, for the record */
	int64_t			 items_added;	/* item rows written less
						 * those deleted */
	int64_t			 snapshot;	/* last run when loaded; 0: none */
	int			 writing;	/* in the write transaction */
	char			**indexes;	/* bulk load: CREATE INDEX texts */
	size_t			 nindexes;
	int64_t			 next_section_id;
	int64_t			 first_item_id;	/* this run's block of item ids */
	int64_t			 next_item_id;	/* for items first seen */
	int64_t			 spans_from;	/* bulk load: first new item without its span */
	int64_t			 next_risk_id;	/* for risks first seen */
	int64_t			 next_debt_id;
	struct pdb_known_doc	*known;		/* every stored document */
	size_t			 nknown;
	struct pdb_known_doc	*added;		/* documents the run inserted */
	size_t			 nadded;
	size_t			 added_cap;
	size_t			*slots;		/* hash table over known: index+1 */
	size_t			 nslots;
	size_t			*real_slots;	/* the same, by real_path */
	char			**real_roots;	/* complete roots' real paths */
	size_t			 nreal_roots;
	struct pdb_ingest_summary sum;
	int64_t			*section_ids;
	int64_t			*item_ids;
	size_t			 ids_cap;
	int64_t			*table_ids;
	size_t			 table_ids_cap;
	struct pdb_buf		 json;		/* a table's header or row */
	struct mark_count	 marks[32];
	size_t			 nmarks;
	unsigned long		 extra_marks;	/* distinct marks beyond 32 */
	struct hist_state	 hist;		/* store_history.c's */
};

/* ---- store_bind.c ---- */

/* Binding helpers: empty strings, no dates and ids <= 0 become NULL. */
void	bind_str(sqlite3_stmt *s, int i, struct pdb_str v);
void	bind_cstr(sqlite3_stmt *s, int i, const char *v);
void	bind_date(sqlite3_stmt *s, int i, int32_t day);
void	bind_id(sqlite3_stmt *s, int i, int64_t id);
void	bind_level(sqlite3_stmt *s, int i, enum pdb_level level);
void	bind_number(sqlite3_stmt *s, int i, int64_t v);
/* Row ids of the facts' section (table) index s, or 0 for PDB_NONE. */
int64_t	section_id(const struct pdb_ingest *in, int32_t s);
int64_t	table_id(const struct pdb_ingest *in, int32_t t);
/* Steps statement which to the end and resets it; 0 or store_fail(). */
int	store_step(struct pdb_ingest *in, enum stmt which, const char *doing);

/* ---- store_batch.c ---- */

void	store_batch_free(struct pdb_ingest *in);

/*
 * Row i of the n rows a document has for insert `which`: row_slot() says
 * where to bind it, statement *s with parameter numbers from *base + 1
 * (0 or store_fail()); bind every parameter there, then call row_bound(),
 * which runs the statement when the row completes it.  A statement
 * stmts.def does not batch goes one row at a time.
 */
int	row_slot(struct pdb_ingest *in, enum stmt which, size_t i, size_t n,
	    sqlite3_stmt **s, int *base);
int	row_bound(struct pdb_ingest *in, enum stmt which, size_t i, size_t n,
	    const char *doing);

/* ---- store_history.c ---- */

/*
 * Before document doc's rows are replaced: snapshots of its items, risks,
 * debt entries and burndown rows.
 */
int	history_load(struct pdb_ingest *in, int64_t doc);
/* Forgets the snapshots (for a new document). */
/* Drops the documents st's last run left for the next
 * (store_ingest.c). */
void	store_ingest_forget_known(struct pdb_store *st);
void	history_clear(struct pdb_ingest *in);
/*
 * Inserts the facts' items, risks, debt and burndown rows of document doc,
 * keeping the ids of their earlier selves and recording events for what
 * changed.  Needs in->section_ids and in->table_ids filled.
 */
int	history_write_items(struct pdb_ingest *in, int64_t doc,
	    const struct pdb_facts *f);
int	history_write_registers(struct pdb_ingest *in, int64_t doc,
	    const struct pdb_facts *f);
/* Everything of a document that is gone is removed (or moved elsewhere). */
int	history_remove_document(struct pdb_ingest *in, int64_t doc);
/* Matches items removed in one file with items added in another (moves,
 * renames) and records the removals that remain. */
int	history_finish(struct pdb_ingest *in);
void	history_free(struct pdb_ingest *in);

/* store_spans.c: item_span for the items the newest run changed or first
 * saw (run before the run's commit); new_written: the new items' spans
 * are written already (a bulk load writes them as it goes); 0 or
 * store_fail(). */
int	store_spans_update(struct pdb_store *st, int new_written);

/* store_links.c: the document's dependency links (facts' links). */
int	store_write_links(struct pdb_ingest *in, int64_t doc,
	    const struct pdb_facts *f);

#endif
