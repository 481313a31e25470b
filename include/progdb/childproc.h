/*
 * childproc.h - the one way progdb runs a child process: start it, feed
 * its stdin, read its stdout, limit its CPU and wall-clock time, and reap
 * it.  Used for git (gitlog.c) and for parsing large documents
 * (parse_child.c).
 *
 * Safe from a threaded process: a child is started with posix_spawn(3),
 * which runs nothing in the child but async-signal-safe steps (dup2, open,
 * signal mask, SIGPIPE and SIGXCPU at their defaults) before it execs, so no lock another
 * thread held at the time of the fork is ever needed in the child.  The
 * CPU limit is set from the parent with prlimit(2), right after the start
 * or, for a child that serves requests, before each.
 * Every descriptor here is close-on-exec, so neither other children nor
 * other threads' spawns inherit them.  Stderr is collected on the side so
 * that it can never fill up and block the child, and stdin (when wanted)
 * is a socket written with MSG_NOSIGNAL, so a dead child is an error and
 * not SIGPIPE.  Functions return 0 on success and -1 with errno set;
 * nothing here prints.
 */
#ifndef PROGDB_CHILDPROC_H
#define PROGDB_CHILDPROC_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "progdb/buf.h"

#define CHILDPROC_ERR_KEEP	4096	/* bytes of stderr kept */

/* How to start a child. */
struct pdb_child_spec {
	const char *const *argv;	/* its arguments, argv[0] first */
	const char	*path;		/* the program, or NULL to look up
					 * argv[0] in PATH */
	char *const	*envp;		/* its environment, or NULL for ours */
	int		 with_stdin;	/* a socket to its stdin, else
					 * /dev/null */
	unsigned	 cpu_s;		/* RLIMIT_CPU in seconds (SIGXCPU
					 * then SIGKILL a second later), or 0 */
	unsigned	 wall_s;	/* reads fail with ETIMEDOUT once this
					 * many seconds have passed, or 0 */
};

/* A running child.  Owns its descriptors, rbuf and errtext. */
struct pdb_child {
	pid_t		 pid;		/* 0 when no child is running */
	int		 in;		/* socket to the child's stdin, or -1 */
	int		 out;		/* pipe from its stdout; -1 after EOF */
	int		 err;		/* pipe from its stderr; -1 after EOF */
	struct pdb_buf	 errtext;	/* the start of what it wrote on stderr */
	char		*rbuf;		/* stdout read ahead ... */
	size_t		 rpos;		/* ... consumed up to here ... */
	size_t		 rlen;		/* ... of this many bytes */
	struct timespec	 deadline;	/* CLOCK_MONOTONIC; tv_sec 0: none */
};

/*
 * Starts the child that spec describes, stdout and stderr piped.  *c is
 * initialised here.  Returns 0, or -1 with errno set (ENOENT: no such
 * program) and nothing left open or running.
 */
int	childproc_start(struct pdb_child *c, const struct pdb_child_spec *spec);

/*
 * For a child that serves one request after another: from now on, allows
 * it cpu_s more seconds of CPU time (the soft RLIMIT_CPU becomes what it
 * has used, rounded up, plus cpu_s; SIGXCPU ends it past that) and
 * makes reads and writes fail with ETIMEDOUT after wall_s seconds (never
 * when 0).  Returns 0 or -1.
 */
int	childproc_limit(struct pdb_child *c, unsigned cpu_s, unsigned wall_s);

/* Writes all n bytes to the child's stdin.  Returns 0 or -1 (EPIPE when
 * the child is gone, ETIMEDOUT past the wall-clock limit). */
int	childproc_write(struct pdb_child *c, const void *data, size_t n);

/* Closes the child's stdin, so that it reads end of file. */
void	childproc_close_stdin(struct pdb_child *c);

/*
 * Reads stdout up to the next delim byte, which is consumed but not
 * stored, into tok (reset first).  Returns 1 with a token (the last one
 * may lack its delimiter), 0 at the end of the output, -1 on a read error.
 */
int	childproc_read_token(struct pdb_child *c, int delim,
	    struct pdb_buf *tok);

/* Appends the rest of stdout to out.  Returns 0 or -1 (ETIMEDOUT past the
 * wall-clock limit). */
int	childproc_read_all(struct pdb_child *c, struct pdb_buf *out);

/* Reads exactly n bytes of stdout into dst, or skips them when dst is
 * NULL.  Returns 0, or -1 (EPIPE when the output ends first). */
int	childproc_read_exact(struct pdb_child *c, void *dst, size_t n);

/*
 * Ends the child: closes its stdin, sends it signal sig unless sig is 0,
 * reads (and discards) the rest of its output, then waits for it.  Frees
 * everything in *c but errtext, which childproc_errtext() still reads and
 * childproc_free() releases.  Returns the exit status (0-255), 128 plus
 * the signal number when a signal ended it, or -1 when it could not be
 * waited for.  Does nothing but return -1 when no child is running.
 */
int	childproc_finish(struct pdb_child *c, int sig);

/* The first line of what the child wrote on stderr ("" when nothing). */
const char *childproc_errline(struct pdb_child *c);

/* Ends the child if it is running (as childproc_finish(c, SIGTERM)) and
 * frees *c. */
void	childproc_free(struct pdb_child *c);

#endif
