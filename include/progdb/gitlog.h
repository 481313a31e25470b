/*
 * gitlog.h - reading the history of the ingest roots from git, for
 * `progdb ingest --git` (GitHub issue 8).
 *
 * gitlog_open() lists, oldest first, the commits on the first-parent line
 * of a revision that changed a Markdown file below the roots, each with
 * its changes relative to its first parent (so a merge shows the net
 * change it brought in); gitlog_read() then fetches the contents a change
 * left.  Files are named the way walk_root() names them: the index of a
 * root, whose label is what walk_root() would make of the same argument,
 * and a '/'-separated path relative to the root's directory, in the bytes
 * git stores (spaces, newlines and invalid UTF-8 included).  A file is
 * taken when walk_root() would take it: *.md or *.markdown (any case) or
 * an include glob, not below a directory named ".*" (other than ".kiro"
 * and ".specify") or "node_modules",
 * not excluded; only regular files count (symbolic links and submodules
 * are left out).
 *
 * Only the git program is used, run with an argv array, never a shell.
 * Functions return 0 on success and -1 after adding an error to diags.
 * A handle is not thread-safe.
 */
#ifndef PROGDB_GITLOG_H
#define PROGDB_GITLOG_H

#include <stddef.h>
#include <stdint.h>

#include "progdb/buf.h"
#include "progdb/diag.h"
#include "progdb/walk.h"

#define PDB_GIT_ID_MAX	64	/* hex digits of a SHA-256 object id */

struct pdb_gitlog;

struct pdb_gitlog_opts {
	const char		*dir;	/* where roots are relative to, inside
					 * the work tree; NULL: "." */
	const char *const	*roots;	/* as on the command line: relative
					 * to dir, or absolute */
	size_t			 nroots;
	const char		*rev;	/* the revision read; NULL: HEAD */
	const char		*after;	/* a commit already replayed: only
					 * later ones are listed; NULL: none */
	int			 baseline; /* after is where to start, not a
					 * commit replayed: the first commit
					 * listed is then after itself, its
					 * whole tree added */
	int64_t			 since;	/* with no after: start after the
					 * newest first-parent commit made
					 * (committer time) before this epoch
					 * second, as with after and baseline;
					 * 0: from the first commit */
	const struct pdb_walk_opts *walk; /* includes and excludes, as for
					 * walk_root(); may be NULL */
};

struct pdb_gitlog_root {
	char	*label;		/* owned; walk_root()'s label for the arg */
	char	*repopath;	/* owned; the file or directory named, from
				 * the top of the work tree ("" for the top) */
	int	 is_file;	/* the argument names one file (a blob in REV) */
};

enum pdb_gitlog_kind {
	PDB_GITLOG_ADD,
	PDB_GITLOG_MODIFY,
	PDB_GITLOG_DELETE,
	PDB_GITLOG_RENAME,	/* oldpath became relpath, maybe edited; also
				 * a Markdown file deleted and one added
				 * alone with its file name in the commit */
};

struct pdb_gitlog_change {
	enum pdb_gitlog_kind	 kind;
	size_t			 root;		/* index into the roots */
	char			*relpath;	/* owned; the file (for a
						 * delete, the one removed) */
	char			*oldpath;	/* owned; a rename's former
						 * relpath, else NULL */
	char			 blob[PDB_GIT_ID_MAX + 1]; /* contents left
						 * by the commit; "" for a
						 * delete */
};

struct pdb_gitlog_commit {
	char			 id[PDB_GIT_ID_MAX + 1];
	int64_t			 time;		/* committer time, epoch s */
	char			*author;	/* owned; author name */
	char			*subject;	/* owned; first paragraph of
						 * the message, one line */
	struct pdb_gitlog_change *changes;	/* owned; by root, then
						 * relpath (bytewise); no
						 * path is both removed and
						 * added, so any order of
						 * applying them will do */
	size_t			 nchanges;	/* at least 1 */
};

/*
 * Finds the work tree holding o->dir, resolves o->rev and every root, and
 * lists the commits (all of them, so gitlog_count() is known at once).
 * A baseline (o->baseline, o->since) comes first: the commit it starts
 * after, each file the roots take in its tree an addition.
 * Refuses, with an error saying what to do: no git program; a directory
 * outside any work tree; an unknown revision; a root outside the work tree
 * or absent from REV; a shallow clone missing history the listing needs
 * (unless o->after or o->since shows it is not needed); an o->after commit
 * that is unknown, no longer an ancestor of REV (history rewritten by a
 * rebase or forced push), or only reached through a merge's second
 * parent.  Warnings git prints while listing are added to diags.
 * Error codes: "git-missing", "not-git", "bad-rev", "outside",
 * "not-found", "special-file", "shallow", "rewritten" (o->after unusable:
 * replay from the start), "behind" (REV older than o->after), and
 * "git-failed" for anything else git refused.
 *
 * On success *out is a handle for gitlog_close(); on failure *out is NULL.
 */
int	gitlog_open(const struct pdb_gitlog_opts *o, struct pdb_gitlog **out,
	    struct pdb_diaglist *diags);

/* Number of commits listed; gitlog_next() returns each once. */
size_t	gitlog_count(const struct pdb_gitlog *g);

/* The commit REV resolved to, to pass as o->after next time. */
const char *gitlog_head(const struct pdb_gitlog *g);

/* Root i (i < o->nroots), in the order given. */
const struct pdb_gitlog_root *gitlog_root(const struct pdb_gitlog *g,
	    size_t i);

/* The next commit, oldest first, or NULL after the last.  The commit
 * stays valid until gitlog_close(). */
const struct pdb_gitlog_commit *gitlog_next(struct pdb_gitlog *g);

/*
 * Skips the commits from the one gitlog_next() returned last up to id:
 * the next is the one after id.  Returns how many were skipped, or -1
 * (and skips nothing) when id is not one of them.
 */
long	gitlog_skip_past(struct pdb_gitlog *g, const char *id);

/*
 * Reads the contents change c left (not a delete) into buf (reset
 * first), followed by at least pad zero bytes not counted in buf->len,
 * through one `git cat-file --batch` kept running across calls.
 * Returns 0; 1 with a warning about the file in diags when the blob is
 * larger than max_size or missing from the repository; -1 with an error
 * when git failed, after which every read fails.
 */
int	gitlog_read(struct pdb_gitlog *g, const struct pdb_gitlog_change *c,
	    size_t max_size, size_t pad, struct pdb_buf *buf,
	    struct pdb_diaglist *diags);

/* Stops git and frees g (NULL is fine).  Returns 0, or -1 with an error
 * in diags when git's reader failed in a way not reported yet. */
int	gitlog_close(struct pdb_gitlog *g, struct pdb_diaglist *diags);

#endif
