/*
 * burndown.c - burndown rows grouped into chart series, with each
 * milestone's end date and its ideal line (see burndown.h).  Reads
 * statements only; drawing is render_chart.c's and render_svg.c's.
 */
#include "progdb/burndown.h"

#include <stdlib.h>
#include <string.h>

#include "progdb/date.h"
#include "progdb/vec.h"
#include "progdb/xmem.h"

/* Columns of lists.burndown used here. */
enum {
	COL_MILESTONE = 0,
	COL_PATH = 1,
	COL_LINE = 2,
	COL_LABEL = 3,
	COL_REMAINING = 4,
	COL_SEEN = 5,
};

static const char *
text_or_null(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

static char *
dup_or_null(const char *t)
{
	return t != NULL ? xstrdup(t) : NULL;
}

static struct pdb_bd_count
count_of(sqlite3_stmt *s, int i)
{
	struct pdb_bd_count c = {0, 0};

	if (sqlite3_column_type(s, i) != SQLITE_NULL) {
		c.known = 1;
		c.n = (long)sqlite3_column_int64(s, i);
	}
	return c;
}

static int
same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* report.burndown_tables, stepped beside lists.burndown. */
struct tables {
	sqlite3_stmt	*s;
	int		 rc;	/* of its last step */
};

/* Where the current row of t is against (path, line): <0, 0 or >0. */
static int
tables_cmp(const struct tables *t, const char *path, long line)
{
	const char *p = text_or_null(t->s, 0);
	long l = (long)sqlite3_column_int64(t->s, 1);
	int c = strcmp(p != NULL ? p : "", path);

	return c != 0 ? c : (l > line) - (l < line);
}

/*
 * The table of row s, or -1 when it has none; -2 when a step fails.  Both
 * statements are ordered by path (bytewise, as strcmp()), document, then
 * line (two live documents never share a path in practice), and
 * every row of lists.burndown is among report.burndown_tables's, so t
 * only ever moves forward: a merge join.
 */
static sqlite3_int64
table_of(struct tables *t, sqlite3_stmt *s)
{
	const char *path = text_or_null(s, COL_PATH);
	long line = (long)sqlite3_column_int64(s, COL_LINE);

	if (path == NULL)
		return -1;
	while (t->rc == SQLITE_ROW && tables_cmp(t, path, line) < 0)
		t->rc = sqlite3_step(t->s);
	if (t->rc != SQLITE_ROW)
		return t->rc == SQLITE_DONE ? -1 : -2;
	if (tables_cmp(t, path, line) != 0 ||
	    sqlite3_column_type(t->s, 2) == SQLITE_NULL)
		return -1;
	return sqlite3_column_int64(t->s, 2);
}

/* The series row s of table belongs to: the last one if it is the same
 * table and milestone, else a new one. */
static struct pdb_bd_series *
series_for(struct pdb_burndown *bd, sqlite3_stmt *s, sqlite3_int64 table)
{
	const char *milestone = text_or_null(s, COL_MILESTONE);
	const char *path = text_or_null(s, COL_PATH);
	struct pdb_bd_series *last = bd->n > 0 ? &bd->v[bd->n - 1] : NULL;

	if (last != NULL && last->table == table &&
	    same_text(last->milestone, milestone) &&
	    same_text(last->path, path))
		return last;
	PDB_GROW(bd->v, bd->n, bd->cap, 8);
	last = &bd->v[bd->n++];
	memset(last, 0, sizeof(*last));
	last->milestone = dup_or_null(milestone);
	last->path = xstrdup(path != NULL ? path : "");
	last->table = table;
	last->line = (long)sqlite3_column_int64(s, COL_LINE);
	last->end_day = PDB_BD_NO_DAY;
	return last;
}

static void
add_point(struct pdb_bd_series *sr, sqlite3_stmt *s)
{
	const char *label = text_or_null(s, COL_LABEL);
	struct pdb_bd_point *p;
	int64_t day;

	PDB_GROW(sr->v, sr->n, sr->cap, 16);
	p = &sr->v[sr->n++];
	p->label = xstrdup(label != NULL ? label : "");
	/* The same reading extraction gave burndown.date. */
	p->day = date_parse(p->label, strlen(p->label), &day) == 0 ? day :
	    PDB_BD_NO_DAY;
	p->line = (long)sqlite3_column_int64(s, COL_LINE);
	p->written = count_of(s, COL_REMAINING);
	p->seen = count_of(s, COL_SEEN);
}

static int
by_day(const void *a, const void *b)
{
	const struct pdb_bd_point *p = a, *q = b;

	if (p->day != q->day)
		return p->day < q->day ? -1 : 1;
	return p->line < q->line ? -1 : p->line > q->line;
}

static int
read_rows(sqlite3_stmt *rows, sqlite3_stmt *tables, struct pdb_burndown *bd)
{
	struct tables t = {tables, 0};
	sqlite3_int64 table;
	int rc;

	sqlite3_reset(rows);
	sqlite3_reset(tables);
	t.rc = sqlite3_step(tables);
	while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
		if ((table = table_of(&t, rows)) == -2)
			return -1;
		add_point(series_for(bd, rows, table), rows);
	}
	/* A table written newest first is still drawn left to right. */
	for (size_t i = 0; i < bd->n; i++)
		if (burndown_dated(&bd->v[i]))
			qsort(bd->v[i].v, bd->v[i].n, sizeof(*bd->v[i].v),
			    by_day);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Columns of report.burndown_ends: milestone, end_date. */
static int
read_ends(sqlite3_stmt *ends, struct pdb_burndown *bd)
{
	int rc;

	while ((rc = sqlite3_step(ends)) == SQLITE_ROW) {
		const char *m = text_or_null(ends, 0);
		const char *end = text_or_null(ends, 1);
		int64_t day;

		if (m == NULL || end == NULL ||
		    date_parse(end, strlen(end), &day) != 0)
			continue;
		for (size_t i = 0; i < bd->n; i++)
			if (same_text(bd->v[i].milestone, m))
				bd->v[i].end_day = day;
	}
	return rc == SQLITE_DONE ? 0 : -1;
}

int
burndown_load(struct pdb_store *st, sqlite3_stmt *rows, sqlite3_stmt *tables,
    sqlite3_stmt *ends, struct pdb_burndown *bd)
{
	if (read_rows(rows, tables, bd) != 0 || read_ends(ends, bd) != 0)
		return store_fail(st, "reading the burndown rows");
	return 0;
}

void
burndown_free(struct pdb_burndown *bd)
{
	for (size_t i = 0; i < bd->n; i++) {
		for (size_t j = 0; j < bd->v[i].n; j++)
			free(bd->v[i].v[j].label);
		free(bd->v[i].v);
		free(bd->v[i].milestone);
		free(bd->v[i].path);
	}
	free(bd->v);
	memset(bd, 0, sizeof(*bd));
}

int
burndown_dated(const struct pdb_bd_series *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].day == PDB_BD_NO_DAY)
			return 0;
	return s->n > 0;
}

static const struct pdb_bd_count *
first_value(const struct pdb_bd_series *s)
{
	if (s->n == 0)
		return NULL;
	if (s->v[0].written.known)
		return &s->v[0].written;
	return s->v[0].seen.known ? &s->v[0].seen : NULL;
}

int
burndown_ideal(const struct pdb_bd_series *s, double day, double *v)
{
	const struct pdb_bd_count *y0 = first_value(s);
	double x0, span;

	if (y0 == NULL || s->end_day == PDB_BD_NO_DAY || !burndown_dated(s) ||
	    s->end_day <= s->v[0].day)
		return 0;
	x0 = (double)s->v[0].day;
	span = (double)s->end_day - x0;
	if (day >= (double)s->end_day)
		*v = 0;
	else
		*v = (double)y0->n * ((double)s->end_day - day) / span;
	return 1;
}

long
burndown_max(const struct pdb_bd_series *s)
{
	long max = 1;

	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].written.known && s->v[i].written.n > max)
			max = s->v[i].written.n;
		if (s->v[i].seen.known && s->v[i].seen.n > max)
			max = s->v[i].seen.n;
	}
	return max;
}

struct pdb_bd_count
burndown_count(const struct pdb_bd_point *p, int counted)
{
	return counted ? p->seen : p->written;
}

int
burndown_has_seen(const struct pdb_bd_series *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].seen.known)
			return 1;
	return 0;
}
