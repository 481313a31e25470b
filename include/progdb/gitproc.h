/*
 * gitproc.h - running one git command: a child started with
 * posix_spawnp(3) from an argv array (never through a shell), its stdout
 * read through a buffer, its stderr collected on the side so that it can
 * never fill up and block the child, and its stdin (when wanted) a socket
 * written with MSG_NOSIGNAL, so a dead child is an error and not SIGPIPE.
 *
 * In util/ for any layer that runs a child; gitlog.c (ingest) is the one
 * user today.  Every descriptor is close-on-exec in progdb, so
 * neither other children nor other threads' spawns inherit them.
 * Functions return 0 on success and -1 with errno set; nothing here prints.
 */
#ifndef PROGDB_GITPROC_H
#define PROGDB_GITPROC_H

#include <stddef.h>
#include <sys/types.h>

#include "progdb/buf.h"

#define GITPROC_ERR_KEEP	4096	/* bytes of stderr kept */

struct pdb_gitproc {
	pid_t		 pid;		/* 0 when no child is running */
	int		 in;		/* socket to the child's stdin, or -1 */
	int		 out;		/* pipe from its stdout; -1 after EOF */
	int		 err;		/* pipe from its stderr; -1 after EOF */
	struct pdb_buf	 errtext;	/* the start of what it wrote on stderr */
	char		*rbuf;		/* owned; stdout read ahead ... */
	size_t		 rpos;		/* ... consumed up to here ... */
	size_t		 rlen;		/* ... of this many bytes */
};

/*
 * Starts argv[0] (looked up in PATH) with argv, stdout and stderr piped
 * and stdin a socket when with_stdin is set, /dev/null otherwise.  *p is
 * initialised here.  Returns 0, or -1 with errno set (ENOENT: no such
 * program) and nothing left open.
 */
int	gitproc_start(struct pdb_gitproc *p, const char *const *argv,
	    int with_stdin);

/* Writes all n bytes to the child's stdin.  Returns 0 or -1 (EPIPE when
 * the child is gone). */
int	gitproc_write(struct pdb_gitproc *p, const void *data, size_t n);

/*
 * Reads stdout up to the next delim byte, which is consumed but not
 * stored, into tok (reset first).  Returns 1 with a token (the last one
 * may lack its delimiter), 0 at the end of the output, -1 on a read error.
 */
int	gitproc_read_token(struct pdb_gitproc *p, int delim,
	    struct pdb_buf *tok);

/* Appends the rest of stdout to out.  Returns 0 or -1. */
int	gitproc_read_all(struct pdb_gitproc *p, struct pdb_buf *out);

/* Reads exactly n bytes of stdout into dst, or skips them when dst is
 * NULL.  Returns 0, or -1 (EPIPE when the output ends first). */
int	gitproc_read_exact(struct pdb_gitproc *p, void *dst, size_t n);

/*
 * Ends the child: closes its stdin, stops it with SIGTERM when stop is
 * set, reads (and discards) the rest of its output, then waits for it.
 * Frees everything in *p but errtext, which gitproc_errline() still reads
 * and gitproc_free() releases.  Returns the exit status (0-255), 128 plus
 * the signal number when a signal ended it, or -1 when it could not be
 * waited for.  Does nothing but return -1 when no child is running.
 */
int	gitproc_finish(struct pdb_gitproc *p, int stop);

/* The first line of the child's stderr, without git's "fatal: ",
 * "error: " or "warning: " ("" when it wrote nothing). */
const char *gitproc_errline(struct pdb_gitproc *p);

/* Ends the child if it is running (as gitproc_finish(p, 1)) and frees *p. */
void	gitproc_free(struct pdb_gitproc *p);

#endif
