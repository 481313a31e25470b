/*
 * render.h - one output path for every result set progdb prints.
 *
 * Canned queries, `progdb sql` and each section of a report hand a prepared
 * statement and a struct pdb_render_opts to render_stmt(), which steps it to
 * the end and writes the rows in the chosen format.  Every piece of text
 * from the database is escaped for the format (see escape.h).
 */
#ifndef PROGDB_RENDER_H
#define PROGDB_RENDER_H

#include <stdio.h>

#include <sqlite3.h>

#include "progdb/format.h"


struct pdb_render_opts {
	enum pdb_format	 format;
	const char	*null_text;	/* text and md: how NULL shows ("") */
	int		 csv_formulas;	/* csv: 1 = leave = + - @ cells alone */
	size_t		 table_max;	/* text and md: most bytes of cells
					 * held for alignment; 0: no limit */
	size_t		 max_width;	/* text: 0, or the columns a line may
					 * take: the widest cells are cut */
	size_t		 max_rows;	/* text and md: 0, or the most rows
					 * written; the others are counted and
					 * say only which columns are numeric */
};

/* render_stmt(): text or md would have held more than table_max. */
#define PDB_RENDER_TOO_BIG	(-2L)


/*
 * Steps stmt until SQLITE_DONE, writing every row to out in o's format:
 *
 * text  header, a line of dashes, rows; columns separated by two spaces
 *       and padded to display width (text_width()); columns with at least
 *       one number and otherwise only NULLs are right-aligned; names and
 *       values pass through escape_terminal(); trailing spaces are trimmed
 *       from every line.  With o->max_width, the widest text columns are
 *       narrowed until a line fits (not below their header or 24 columns)
 *       and cells cut to them end in "…" ("..." outside UTF-8).
 * csv   header then rows, fields quoted when needed, CRLF line ends, NULL
 *       as an empty field; formula neutralisation (unless csv_formulas)
 *       applies to names and TEXT values, never to numbers.
 * json  "[\n", one "  {"name": value, ...}" per row joined by ",\n",
 *       "\n]\n"; "[]\n" when there are no rows.  Integers and reals are
 *       JSON numbers (reals in the shortest of %.15g, %.16g and %.17g that
 *       reads back exactly, non-finite ones as null), text is a string,
 *       NULL is null.  Duplicate column names are kept as SQLite reports
 *       them, so alias columns that would clash.
 * md    "| a | b |", "| --- | ---: |", rows "| x | 1 |"; numeric columns
 *       (as for text) right-aligned.
 *
 * Outside JSON reals are written with %.15g (1.0 shows as "1").  Blobs are
 * lower-case hex in every format.  A null_text of NULL means "".  With no
 * rows, text and md still print the header (and its underline) and csv
 * its header.  A statement that returns no columns is stepped to the end
 * but prints nothing.
 *
 * Returns the number of rows, or -1 when sqlite3_step() fails (the error is
 * left in the statement's connection for the caller to report; csv and
 * json keep what was written so far, text and md write nothing), or when
 * out's error indicator is set at the end (ferror(); flushing and closing
 * out, and checking that, is the caller's part).  Text and md hold every
 * cell until the last row (for the widths): past o->table_max bytes they
 * stop, write nothing and return PDB_RENDER_TOO_BIG.  csv and json stream.
 */
long	render_stmt(sqlite3_stmt *stmt, const struct pdb_render_opts *o,
	    FILE *out);
struct pdb_buf;
/* The same into b (reset first), for output assembled from parts. */
long	render_capture(sqlite3_stmt *stmt, const struct pdb_render_opts *o,
	    struct pdb_buf *b);

/*
 * A multi-part answer (weekly, report sections): each part is a named
 * statement.  In a part's rows the first column is the headline, and
 * columns named "path" and "line" are shown together as path:line.
 */
struct pdb_part {
	const char	*key;		/* JSON key, CSV section: "completed" */
	const char	*title;		/* heading: "Completed" */
	sqlite3_stmt	*stmt;
	const char	*note;		/* text and md: a line after the rows */
	const char	*summary;	/* text: counted in the summary line as
					 * "N <summary>"; NULL: not counted */
	sqlite3_stmt	*count;		/* optional, text with a row cap only:
					 * one row, how many rows the part has;
					 * stmt then gives only the rows shown */
};

/* A fact about the whole answer: "since" -> "2025-11-17". */
struct pdb_meta {
	const char	*key;
	const char	*value;
};

/*
 * Writes heading, meta and every part in o's format:
 *
 * text  the heading, one line "N <summary>, ..." over the parts that have
 *       a summary label, then each part that has rows (or a note) as
 *       "Title (N)" and one line per row,
 *       "  - headline (path:line; column: value; ...)", at most max_rows
 *       of them (0: all) followed by "  … and N more (--all)" ("..."
 *       outside UTF-8).  Reads like a status e-mail.
 * md    "## heading", meta as a list, each part as "### Title (N)" and a
 *       table (or "_None._").
 * json  one object: the meta keys, then one array of row objects per part
 *       under its key (empty parts are []).
 * csv   one table, "part,headline,where,details", details being the other
 *       columns as "column=value; ...".
 *
 * Returns the total number of rows, or -1 when a statement fails (the
 * error is left in its connection) or out cannot be written.
 */
long	render_parts(const char *heading, const struct pdb_meta *meta,
	    size_t nmeta, const struct pdb_part *parts, size_t nparts,
	    const struct pdb_render_opts *o, size_t max_rows, FILE *out);

/*
 * --server over several repositories (pg_server.c): while render_collector
 * is set, render_stmt() (for statements with columns) and render_parts()
 * hand their arguments to it instead of writing, and return what it does.
 */
struct pdb_render_collector {
	long	(*stmt)(void *ctx, sqlite3_stmt *stmt,
		    const struct pdb_render_opts *o);
	long	(*parts)(void *ctx, const char *heading,
		    const struct pdb_meta *meta, size_t nmeta,
		    const struct pdb_part *parts, size_t nparts,
		    const struct pdb_render_opts *o, size_t max_rows);
	void	*ctx;
};
extern const struct pdb_render_collector *render_collector;

struct pdb_buf;

/* 1 when the locale's character set is UTF-8 (for bars and charts). */
int	render_utf8_terminal(void);
/* A progress bar of width characters, fraction of it filled. */
void	render_bar(struct pdb_buf *b, double fraction, int width, int ascii);

struct pdb_bd_series;

/*
 * A burndown chart (burndown.h) for a terminal, appended to b: a title,
 * one column per row as written (the latest 36 when there are more) with
 * remaining as written as a bar, remaining counted from history as a dot
 * and the ideal line dotted, 8 rows high with the maximum and 0 on the y
 * axis, the first and last labels under the x axis, and a legend.  Every
 * line ends in '\n' without trailing blanks; text is escaped for the
 * terminal.  Nothing for a series without points.
 */
void	render_burndown_text(struct pdb_buf *b, const struct pdb_bd_series *s,
	    int ascii);
/* A sparkline of s's remaining (counted from history when counted is
 * non-zero, else as written), one Unicode block per point, blank where a
 * row lacks the value; scaled to burndown_max(s). */
void	render_sparkline(struct pdb_buf *b, const struct pdb_bd_series *s,
	    int counted);

#endif
