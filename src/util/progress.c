/*
 * progress.c - the terminal progress line of progress.h.
 */
#define _POSIX_C_SOURCE 200809L	/* clock_gettime */

#include "progdb/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "progdb/buf.h"

#define REDRAW_S	0.1

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
progress_start(struct pdb_progress *p, const char *what, const char *unit,
    size_t total, int quiet)
{
	*p = (struct pdb_progress){.what = what, .unit = unit, .total = total};
	p->on = !quiet && isatty(STDERR_FILENO);
	p->started = p->last = now();
}

void
progress_update(struct pdb_progress *p, size_t done)
{
	struct pdb_buf line = {0};
	double at, elapsed;

	if (!p->on || (at = now()) - p->last < REDRAW_S)
		return;
	p->last = at;
	elapsed = at - p->started;
	buf_printf(&line, "\rprogdb %s: ", p->what);
	buf_grouped(&line, (long long)done);
	buf_puts(&line, " / ");
	buf_grouped(&line, (long long)p->total);
	buf_printf(&line, " %s (", p->unit);
	buf_grouped(&line, elapsed > 0 ? (long long)(done / elapsed) : 0);
	buf_puts(&line, "/s)\033[K");
	fputs(buf_cstr(&line), stderr);
	fflush(stderr);
	buf_free(&line);
	p->shown = 1;
}

void
progress_clear(struct pdb_progress *p)
{
	if (!p->shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	p->shown = 0;
}
