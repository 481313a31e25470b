/*
 * store_ingest.h - writing one ingest run: a run record, the documents
 * that are new or changed, and the ones that disappeared, all in one
 * IMMEDIATE transaction (a failure leaves the database as it was).
 *
 * The caller walks the tree, asks which files are known, skips unchanged
 * ones and hands over the facts of the others; store_ingest_finish()
 * marks what was not seen as removed and commits.  Functions return 0 or
 * an enum pdb_exit value after reporting the error.
 */
#ifndef PROGDB_STORE_INGEST_H
#define PROGDB_STORE_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "progdb/diag.h"
#include "progdb/facts.h"
#include "progdb/store.h"

struct pdb_ingest;

/* A document the database already holds. */
struct pdb_known_doc {
	int64_t		 id;
	char		*root;		/* owned by the run */
	char		*path;
	uint64_t	 size;
	int64_t		 mtime_ns;
	uint64_t	 hash;
	int		 removed;	/* removed by an earlier run */
	int		 seen;		/* found by this run */
	char		*real;		/* its real_path, or NULL */
	int		 adopt;		/* real is new: stored at the end */
};

/* The file a set of facts was extracted from. */
struct pdb_ingest_file {
	const char	*root;
	const char	*path;
	uint64_t	 size;
	int64_t		 mtime_ns;
	uint64_t	 hash;
	const char	*encoding;	/* repairs made ("mojibake,crlf"), or NULL */
	const char	*real;		/* its absolute real path, or NULL */
};

struct pdb_ingest_summary {
	unsigned long	 seen;
	unsigned long	 added;		/* new files */
	unsigned long	 changed;
	unsigned long	 unchanged;
	unsigned long	 removed;
	unsigned long	 failed;
	long long	 items;		/* current items after the run */
	long long	 risks;		/* open risks after the run */
	char		*unknown_marks;	/* "[*] ×3, [i] ×1", or NULL; owned */
};

/*
 * What a sequence of runs (ingest --git) knows of the runs of its roots
 * before it, so that each run looks only at the runs recorded since the
 * one before (pdb_run_info.order); zeroed to begin with.
 */
struct pdb_run_order {
	int64_t		 checked;	/* runs up to this id were looked at */
	int64_t		 run;		/* the newest of them that counts; 0
					 * none */
	char		 at[20];	/* its observation time */
	char		*root;		/* owned; the root it shares */
	char		*commit;	/* owned; the commit it replayed, or
					 * NULL */
};

/* What a run records about itself. */
struct pdb_run_info {
	int64_t		 started;	/* seconds since the epoch */
	int64_t		 observed;	/* the time the run observes */
	const char	*roots_json;	/* JSON array of the roots as named */
	const char	*commit_id;	/* ingest --git: the commit replayed, */
	const char	*commit_author;	/*   its author and subject; */
	const char	*commit_subject; /*   else NULL */
	int		 lock_first;	/* take the write lock at once */
	const char	*follows;	/* ingest --git: the commit the roots'
					 * replayed history must end at ("":
					 * none replayed), else
					 * PDB_INGEST_MOVED; NULL: unchecked */
	int		 rebuild;	/* ingest --git --rebuild: first forget
					 * every observation of the roots */
	struct pdb_run_order *order;	/* kept across a sequence of runs, or
					 * NULL */
};

/*
 * Returned (not an exit status) when another process committed a run
 * between store_ingest_begin() and this run's first write: the run was
 * rolled back, and must be made again with lock_first set.
 */
#define PDB_INGEST_RETRY	(-2)

/*
 * Returned (not an exit status) when the roots' replayed history no longer
 * ends at pdb_run_info.follows: another ingest --git replayed commits
 * meanwhile.  Nothing was written; store_last_commit() says where it ends.
 */
#define PDB_INGEST_MOVED	(-4)

/*
 * Begins a run: loads what is known about every document.  The write lock
 * is taken, and the run recorded, only when the run first writes (or at
 * once with info->lock_first or info->rebuild), so that reading and
 * parsing files holds no lock.  The info's strings are copied.
 *
 * History only moves forward: a run observed before the newest run of one
 * of its roots is refused (PDB_EXIT_INPUT, after an error naming the
 * database, the root and what to do); for a replayed commit only runs of
 * the work tree count, as a replay follows the history's order.
 */
int	store_ingest_begin(struct pdb_store *st,
	    const struct pdb_run_info *info, struct pdb_ingest **out);
/* What the database knows about root/path, or NULL. */
struct pdb_known_doc *store_ingest_known(struct pdb_ingest *in,
	    const char *root, const char *path);
/*
 * What the database knows about the file whose absolute real path is real
 * (reached as root/path), or NULL: a file is one document however it was
 * reached.  A document stored without a real path is found by root/path
 * and takes real, stored when the run finishes.  real NULL: by root/path.
 */
struct pdb_known_doc *store_ingest_known_file(struct pdb_ingest *in,
	    const char *real, const char *root, const char *path);
/*
 * The real paths of the directories walked in full: a document whose real
 * path lies below one and that was not seen is removed at the end (one
 * without a real path, when its root is one of store_ingest_finish()'s
 * complete roots).  Copied.
 */
void	store_ingest_real_roots(struct pdb_ingest *in,
	    const char *const *reals, size_t n);
/* The file has not changed (same size and mtime): nothing is written. */
void	store_ingest_unchanged(struct pdb_ingest *in,
	    struct pdb_known_doc *k);
/* Same content, other size or mtime: only those are updated. */
int	store_ingest_touch(struct pdb_ingest *in, struct pdb_known_doc *k,
	    uint64_t size, int64_t mtime_ns);
/* The file could not be read or decoded: its old rows are kept. */
void	store_ingest_failed(struct pdb_ingest *in, struct pdb_known_doc *k);
/*
 * Replaces what is stored for the file (k is NULL when it is new) with
 * facts, and records diags (the file's warnings) with it.  Items keep
 * their ids across versions when their keys match.
 */
int	store_ingest_write(struct pdb_ingest *in, struct pdb_known_doc *k,
	    const struct pdb_ingest_file *file, const struct pdb_facts *facts,
	    const struct pdb_diaglist *diags);
/*
 * For the next store_ingest_write() only (ingest --git): per item of its
 * facts, 1 when the item's line stood verbatim in the file's previous
 * version as no item (see hist_match_items()); NULL when not known.
 * Borrowed until that write.
 */
void	store_ingest_surfaced(struct pdb_ingest *in, const uint8_t *surfaced);
/* The document was deleted (ingest --git): it is marked removed, its
 * items and entries get removal events (or move, if they turn up in
 * another document of the run).  k NULL or removed: nothing to do. */
int	store_ingest_remove(struct pdb_ingest *in, struct pdb_known_doc *k);
/* The file of k was renamed to path (same root): the document keeps its
 * id and history; write its contents with k next.  Not for a path another
 * document has; k stays known under its old path until the run ends. */
int	store_ingest_rename(struct pdb_ingest *in, struct pdb_known_doc *k,
	    const char *path);
/* The last commit ingest --git replayed for roots_json (id[0] '\0' if
 * none), into id of cap bytes. */
int	store_last_commit(struct pdb_store *st, const char *roots_json,
	    char *id, size_t cap);
/*
 * Marks documents under the complete roots (directories walked in full)
 * that were not seen as removed, completes the run record and commits.
 * Frees the run, whatever happens; fills *sum on success.
 */
int	store_ingest_finish(struct pdb_ingest *in,
	    const char *const *complete_roots, size_t nroots,
	    unsigned long warnings, struct pdb_ingest_summary *sum);
/* Rolls back and frees the run. */
void	store_ingest_abort(struct pdb_ingest *in);
/* Frees what o owns and zeroes it. */
void	store_run_order_free(struct pdb_run_order *o);

#endif
