/*
 * burndown.h - burndown charts as data.
 *
 * The rows of lists.burndown (the rows `progdb burndown` prints) grouped
 * into one series per milestone, each point carrying the remaining work as
 * written and as progdb counted it from history, plus the end date the
 * milestone declares (report.burndown_ends) and the ideal line from the
 * first point down to zero at that date.  render_chart.c draws a series
 * for terminals and Markdown, render_svg.c for HTML.
 *
 * A struct pdb_burndown owns everything in it; burndown_free() releases
 * it.  Functions that step statements return 0, or -1 when a step fails
 * (the error is left in the statement's connection for the caller).
 */
#ifndef PROGDB_BURNDOWN_H
#define PROGDB_BURNDOWN_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "progdb/store.h"

#define PDB_BD_NO_DAY	INT64_MIN

/* A number that a row may lack. */
struct pdb_bd_count {
	int	known;
	long	n;
};

struct pdb_bd_point {
	char			*label;	/* the date or day cell as written */
	int64_t			 day;	/* label as a day, or PDB_BD_NO_DAY */
	long			 line;	/* of the row in its document */
	struct pdb_bd_count	 written; /* remaining, as the row writes it */
	struct pdb_bd_count	 seen;	/* remaining_seen: counted by history */
};

struct pdb_bd_series {
	char			*milestone; /* NULL when the rows name none */
	char			*path;	/* the document the rows are in */
	long			 line;	/* of its first row as written */
	sqlite3_int64		 table;	/* burndown.table_id; -1: none */
	int64_t			 end_day; /* declared end, or PDB_BD_NO_DAY */
	struct pdb_bd_point	*v;	/* by date if dated, else as written */
	size_t			 n;
	size_t			 cap;
};

struct pdb_burndown {
	struct pdb_bd_series	*v;
	size_t			 n;
	size_t			 cap;
};

/*
 * Runs rows (lists.burndown, prepared with its parameters; reset first)
 * into bd, which must be empty, reading tables (report.burndown_tables)
 * beside it for the table each row is in: consecutive rows of the same
 * table and milestone make one series.  Then runs ends
 * (report.burndown_ends) for each milestone's end date.  Returns 0, or an
 * exit status after reporting through store_fail().
 */
int	burndown_load(struct pdb_store *st, sqlite3_stmt *rows,
	    sqlite3_stmt *tables, sqlite3_stmt *ends, struct pdb_burndown *bd);
void	burndown_free(struct pdb_burndown *bd);

/* 1 when every point's label is a date (the x axis is time), else 0. */
int	burndown_dated(const struct pdb_bd_series *s);
/*
 * The ideal line at day (a day number, fractions allowed): from the first
 * point's remaining (as written, else as counted) straight down to zero at
 * end_day, and zero after it.  Returns 1 and sets *v, or 0 when s has no
 * ideal line: no end date, a label that is not a date, no first value, or
 * an end that is not after the first point.
 */
int	burndown_ideal(const struct pdb_bd_series *s, double day, double *v);
/* The largest remaining value of s, written or counted; at least 1. */
long	burndown_max(const struct pdb_bd_series *s);
/* 1 when some point has a counted (history) value. */
int	burndown_has_seen(const struct pdb_bd_series *s);
/* p's remaining as counted from history when counted, else as written. */
struct pdb_bd_count burndown_count(const struct pdb_bd_point *p, int counted);

#endif
