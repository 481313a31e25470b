/*
 * walk.h - finding the files an ingest reads, and reading them safely.
 *
 * A root is what the user named on the command line.  A directory root is
 * walked recursively; a file root is that one file.  Each file is known by
 * its path relative to the root's directory, '/'-separated, in the bytes
 * the file system uses (it may hold spaces, newlines or invalid UTF-8).
 *
 * The walk never reads outside the root: symbolic links are followed only
 * when their target lies inside the root, directory cycles are detected,
 * and FIFOs, sockets and devices are skipped, so nothing can hang it.
 * Paths are resolved one component at a time from directory descriptors,
 * so depth and path length are not limited by PATH_MAX.
 */
#ifndef PROGDB_WALK_H
#define PROGDB_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "progdb/buf.h"
#include "progdb/diag.h"

struct pdb_walk_file {
	char		*relpath;	/* owned; relative to the root's dir */
	uint64_t	 size;		/* st_size at walk time */
	int64_t		 mtime_ns;	/* st_mtim in nanoseconds */
	int		 linked;	/* reached through a symbolic link (or
					 * named as a file root): its real
					 * path needs realpath(3) */
};

struct pdb_walk_root {
	char			*label;	/* owned; normalised root as named: "docs",
					 * "/srv/x/docs", "." */
	char			*dir;	/* owned; directory to open files from */
	char			*real;	/* owned; realpath(3) of dir, NULL if
					 * that failed */
	int			 complete; /* 1: a directory walked in full, so
					    * a known file missing from files
					    * has been removed; 0 for a file,
					    * or when some directory below
					    * could not be read */
	struct pdb_walk_file	*files;	/* sorted by relpath (bytewise) */
	size_t			 nfiles;
};

struct pdb_walk_opts {
	const char *const	*excludes;	/* fnmatch(3) globs, flags 0: an
						 * entry is excluded when one
						 * matches its relative path
						 * ('*' matches '/' too) or its
						 * name; an excluded directory
						 * is not entered */
	size_t			 nexcludes;
	const char *const	*includes;	/* fnmatch(3) globs for names of
						 * files to take besides *.md
						 * and *.markdown ("*.txt") */
	size_t			 nincludes;
};

/*
 * Resolves one command-line argument into *root (which the caller frees
 * with walk_root_free()); opts may be NULL.  For a directory: every regular
 * file named *.md or *.markdown (case-insensitive) or matching an include
 * glob below it, skipping directories
 * whose name starts with '.' (but not ".kiro" and ".specify", where spec
 * tools keep their plans), "node_modules", and anything an exclude glob
 * matches.
 * For a file: that file, whatever its name and the excludes, with label and
 * dir set to its directory; it is held to walk_read()'s rule on links.
 * Problems with single entries (unreadable directories, dangling links,
 * links leaving the root, special files, cycles) are warnings in diags and
 * the walk goes on.
 *
 * A symbolic link is known by its own path and name (the name decides
 * whether it is a Markdown file).  It is followed when its target, relative
 * or absolute, lies below the root; a link to a directory is walked again
 * under the link's path unless that directory is on the path to the link
 * (a cycle, warned about).  Special files are never opened.
 *
 * Returns 0, or -1 with an error in diags when arg itself cannot be used
 * (does not exist, is not a file or directory, cannot be read).
 */
int	walk_root(const char *arg, const struct pdb_walk_opts *opts,
	    struct pdb_walk_root *root, struct pdb_diaglist *diags);
void	walk_root_free(struct pdb_walk_root *root);

/*
 * Whether walking a directory reaches rel (a '/'-separated path below it)
 * and takes it, by name alone: no directory on the way is hidden (bar
 * ".kiro" and ".specify"),
 * "node_modules" or excluded, and the file is not excluded and has a
 * wanted name.  scratch is working space.
 */
int	walk_takes_path(const struct pdb_walk_opts *opts, const char *rel,
	    struct pdb_buf *scratch);

/*
 * Normalises a root label the way walk_root() does: repeated '/' collapsed,
 * "./" components and trailing '/' removed, "" becomes ".".  Returns a new
 * string owned by the caller.
 */
char	*walk_normalize_label(const char *arg);

/*
 * Reads dir/relpath whole into buf (reset first), followed by at least
 * pad zero bytes that are not counted in buf->len.  Works for paths longer
 * than PATH_MAX, never blocks on FIFOs or devices (they are not opened when
 * seen as such, and otherwise O_NONBLOCK, then a regular file is required),
 * refuses files larger than max_size without reading them, and refuses a
 * path whose symbolic links lead outside dir: each component is opened with
 * O_NOFOLLOW and links are expanded by hand, as in the walk.  On success
 * sets *mtime_ns from the opened file and *size to the bytes read (a file
 * growing meanwhile is read up to max_size).
 *
 * Returns 0, or -1 with a warning in diags (about relpath) saying why.
 */
int	walk_read(const char *dir, const char *relpath, size_t max_size,
	    size_t pad, struct pdb_buf *buf, int64_t *mtime_ns,
	    uint64_t *size, struct pdb_diaglist *diags);

/*
 * A reader for many walk_read()s: it keeps the root open, and the directory
 * of the last file read, so that reading the files of a walk in order
 * costs about one open each.  The rule on links is walk_read()'s: the last
 * component is opened with O_NOFOLLOW, and anything but a regular file
 * there (a link, a file gone) is resolved again from the root.  One thread
 * uses a reader at a time; walk_reader_free() closes it (NULL is fine).
 * A reader may hold a directory that was renamed since: free it at the
 * end of a run, not later.
 */
struct pdb_walk_reader;

struct pdb_walk_reader *walk_reader_new(void);
void	walk_reader_free(struct pdb_walk_reader *r);
/* walk_read() through r, which is opened on dir anew when dir differs. */
int	walk_reader_read(struct pdb_walk_reader *r, const char *dir,
	    const char *relpath, size_t max_size, size_t pad,
	    struct pdb_buf *buf, int64_t *mtime_ns, uint64_t *size,
	    struct pdb_diaglist *diags);

#endif
