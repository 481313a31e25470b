/*
 * progress.h - the progress line long runs show on a terminal:
 *
 *	progdb ingest: 4,512 / 10,000 files (3,406/s)
 *
 * rewritten in place at most ten times a second on stderr, and only when
 * stderr is a terminal and the run is not quiet: cron mail never sees it.
 */
#ifndef PROGDB_PROGRESS_H
#define PROGDB_PROGRESS_H

#include <stddef.h>

struct pdb_progress {
	int		 on;
	int		 shown;		/* a line is on the screen */
	const char	*what;		/* "ingest" */
	const char	*unit;		/* "files", "commits" */
	size_t		 total;
	double		 started;
	double		 last;
};

/* Starts a progress line if stderr is a terminal and quiet is 0. */
void	progress_start(struct pdb_progress *p, const char *what,
	    const char *unit, size_t total, int quiet);
/* done of total are done: redraws the line if it is time to. */
void	progress_update(struct pdb_progress *p, size_t done);
/* Removes the line (before other output on stderr, and at the end). */
void	progress_clear(struct pdb_progress *p);

#endif
