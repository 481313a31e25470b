/*
 * render.c - writing a statement's rows as aligned text, CSV, JSON or a
 * Markdown table (see render.h).
 *
 * CSV and JSON are streamed row by row.  Text and Markdown must see every
 * row before their first line (column widths, which columns are numeric),
 * so their cells are collected in a struct table, up to a limit the caller
 * may set, and written at the end.
 */
#define _POSIX_C_SOURCE 200809L	/* open_memstream */

#include "progdb/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/escape.h"
#include "progdb/vec.h"
#include "progdb/words.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const format_names[] = {
	[PDB_FORMAT_TEXT] = "text",
	[PDB_FORMAT_CSV] = "csv",
	[PDB_FORMAT_JSON] = "json",
	[PDB_FORMAT_MD] = "md",
};

struct cell {
	size_t	off;	/* of the escaped text in table.text */
	size_t	len;
	size_t	width;	/* in terminal columns */
};

struct column {
	size_t	width;	/* widest cell, header included */
	int	numbers;	/* an INTEGER or REAL value was seen */
	int	others;		/* a TEXT or BLOB value was seen */
};

struct table {
	int		 ncol;
	size_t		 max_width;	/* text: 0, or the widest a line gets */
	struct column	*cols;
	const char	*null_text;
	void		(*escape)(const char *, size_t, struct pdb_buf *);
	int		 keeps_ascii;	/* escape leaves printable ASCII as is */
	struct pdb_buf	 text;	/* every cell's escaped text, back to back */
	struct cell	*cells;	/* the header, then each row: ncol apiece */
	size_t		 ncells;
	size_t		 cap;
};

int
render_format_from_name(const char *name, enum pdb_format *f)
{
	for (size_t i = 0; i < NELEM(format_names); i++) {
		if (strcmp(name, format_names[i]) == 0) {
			*f = (enum pdb_format)i;
			return 0;
		}
	}
	return -1;
}

const char *
render_format_names(void)
{
	return "text, csv, json or md";
}

/* SQLite hands out a NULL name or value only when it ran out of memory. */
static void
sqlite_nomem(void)
{
	fputs("progdb: out of memory (in SQLite)\n", stderr);
	abort();
}

static const char *
column_name(sqlite3_stmt *stmt, int i)
{
	const char *name = sqlite3_column_name(stmt, i);

	if (name == NULL)
		sqlite_nomem();
	return name;
}

static const char *
column_text(sqlite3_stmt *stmt, int i, size_t *n)
{
	const unsigned char *t = sqlite3_column_text(stmt, i);

	if (t == NULL)
		sqlite_nomem();
	*n = (size_t)sqlite3_column_bytes(stmt, i);
	return (const char *)t;
}

static void
append_hex(sqlite3_stmt *stmt, int i, struct pdb_buf *b)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = sqlite3_column_blob(stmt, i);
	size_t n = (size_t)sqlite3_column_bytes(stmt, i);

	if (p == NULL && n > 0)
		sqlite_nomem();
	buf_reserve(b, 2 * n);
	for (size_t k = 0; k < n; k++) {
		buf_putc(b, digits[p[k] >> 4]);
		buf_putc(b, digits[p[k] & 0xf]);
	}
}

/*
 * Sets b (reset first) to column i as plain text: integers in decimal,
 * reals with "%.15g", blobs in hex, NULL as nothing.  Returns the type.
 */
static int
plain_value(sqlite3_stmt *stmt, int i, struct pdb_buf *b)
{
	int type = sqlite3_column_type(stmt, i);
	const char *t;
	size_t n;

	buf_reset(b);
	switch (type) {
	case SQLITE_INTEGER:	/* SQLite's own decimal conversion is fast */
		t = column_text(stmt, i, &n);
		buf_append(b, t, n);
		break;
	case SQLITE_FLOAT:
		buf_printf(b, "%.15g", sqlite3_column_double(stmt, i));
		break;
	case SQLITE_TEXT:
		t = column_text(stmt, i, &n);
		buf_append(b, t, n);
		break;
	case SQLITE_BLOB:
		append_hex(stmt, i, b);
		break;
	}
	return type;
}

static int
is_numeric(const struct column *c)
{
	return c->numbers && !c->others;
}

/* Whether every byte of s is 0x20-0x7e: eight at a time as escape.c's
 * printable_words() tests them, then one by one. */
static int
is_printable_ascii(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= n; i += 8) {
		w = word_at(p + i);
		if (((w - 0x20 * WORD_ONES) | (w + WORD_ONES) | w) & WORD_HIGHS)
			return 0;
	}
	for (; i < n; i++)
		if (p[i] - 0x20u >= 0x7fu - 0x20u)
			return 0;
	return 1;
}

/* Printable ASCII (most cells) is one column a byte, and text's escaping
 * copies it as it is: one pass instead of three. */
static void
table_add_cell(struct table *t, int col, const char *s, size_t n)
{
	struct cell *c;

	PDB_GROW(t->cells, t->ncells, t->cap, 64);
	c = &t->cells[t->ncells++];
	c->off = t->text.len;
	if (t->keeps_ascii && is_printable_ascii(s, n)) {
		buf_append(&t->text, s, n);
		c->len = c->width = n;
	} else {
		t->escape(s, n, &t->text);
		c->len = t->text.len - c->off;
		c->width = text_width(t->text.data + c->off, c->len);
	}
	if (c->width > t->cols[col].width)
		t->cols[col].width = c->width;
}

static void
table_init(struct table *t, sqlite3_stmt *stmt, int ncol,
    const struct pdb_render_opts *o)
{
	memset(t, 0, sizeof(*t));
	t->ncol = ncol;
	t->cols = xcalloc((size_t)ncol, sizeof(*t->cols));
	t->null_text = o->null_text != NULL ? o->null_text : "";
	t->max_width = o->format == PDB_FORMAT_TEXT ? o->max_width : 0;
	t->escape = o->format == PDB_FORMAT_MD ? escape_md_cell :
	    escape_terminal;
	t->keeps_ascii = t->escape == escape_terminal;
	for (int i = 0; i < ncol; i++) {
		const char *name = column_name(stmt, i);

		table_add_cell(t, i, name, strlen(name));
	}
}

/*
 * Whether column i of the row, added to the cells held, would pass max:
 * measured before the value is converted (a blob doubles as hex).
 */
static int
over_limit(const struct table *t, sqlite3_stmt *stmt, int i, size_t max)
{
	int type;
	size_t n = 0;

	if (max == 0)
		return 0;
	type = sqlite3_column_type(stmt, i);
	if (type == SQLITE_TEXT || type == SQLITE_BLOB)
		n = (size_t)sqlite3_column_bytes(stmt, i) *
		    (type == SQLITE_BLOB ? 2 : 1);
	return t->text.len + t->ncells * sizeof(struct cell) + n > max;
}

/*
 * Column i as plain_value() writes it, in *n bytes: SQLite's own text for
 * text and integers (valid until the next step), else tmp's.  NULL for a
 * NULL value.
 */
static const char *
cell_value(sqlite3_stmt *stmt, int i, struct pdb_buf *tmp, int *type,
    size_t *n)
{
	*type = sqlite3_column_type(stmt, i);
	if (*type == SQLITE_TEXT || *type == SQLITE_INTEGER)
		return column_text(stmt, i, n);
	if (*type == SQLITE_NULL)
		return NULL;
	plain_value(stmt, i, tmp);
	*n = tmp->len;
	return buf_cstr(tmp);
}

/* Returns 0, or -1 when the row would take the cells held past max. */
static int
table_add_row(struct table *t, sqlite3_stmt *stmt, struct pdb_buf *tmp,
    size_t max)
{
	for (int i = 0; i < t->ncol; i++) {
		const char *v;
		size_t n;
		int type;

		if (over_limit(t, stmt, i, max))
			return -1;
		if ((v = cell_value(stmt, i, tmp, &type, &n)) == NULL)
			table_add_cell(t, i, t->null_text,
			    strlen(t->null_text));
		else
			table_add_cell(t, i, v, n);
		if (type == SQLITE_INTEGER || type == SQLITE_FLOAT)
			t->cols[i].numbers = 1;
		else if (type != SQLITE_NULL)
			t->cols[i].others = 1;
	}
	return 0;
}

/* A row past max_rows: only which columns hold numbers (md aligns them). */
static void
table_note_types(struct table *t, sqlite3_stmt *stmt)
{
	for (int i = 0; i < t->ncol; i++) {
		int type = sqlite3_column_type(stmt, i);

		if (type == SQLITE_INTEGER || type == SQLITE_FLOAT)
			t->cols[i].numbers = 1;
		else if (type != SQLITE_NULL)
			t->cols[i].others = 1;
	}
}

static void
table_free(struct table *t)
{
	free(t->cols);
	free(t->cells);
	buf_free(&t->text);
}

static void
put_repeat(struct pdb_buf *b, char c, size_t n)
{
	buf_reserve(b, n);
	memset(b->data + b->len, c, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/*
 * Ends a text line.  Trimming catches every source of trailing blanks at
 * once: padding, separators before empty cells and blanks inside a value.
 */
static void
end_text_line(struct pdb_buf *line, FILE *out)
{
	while (line->len > 0 && line->data[line->len - 1] == ' ')
		line->len--;
	buf_putc(line, '\n');
	fwrite(line->data, 1, line->len, out);
	buf_reset(line);
}

/* Bytes of the longest prefix of s (escaped, valid UTF-8) at most width
 * columns wide, and its columns in *cols.  Its printable ASCII start is
 * one column a byte, taken without measuring each longer prefix (a cut
 * cell cost O(width^2)). */
static size_t
prefix_for_width(const char *s, size_t n, size_t width, size_t *cols)
{
	size_t end = 0, next, w;

	while (end < n && end < width &&
	    (unsigned char)s[end] - 0x20u < 0x7fu - 0x20u)
		end++;
	*cols = end;
	if (end < n && (unsigned char)s[end] - 0x20u < 0x7fu - 0x20u)
		return end;	/* one more byte is one column too many */
	while (end < n) {
		next = end + 1;
		while (next < n && ((unsigned char)s[next] & 0xc0) == 0x80)
			next++;
		if ((w = text_width(s, next)) > width)
			break;
		end = next;
		*cols = w;
	}
	return end;
}

/* Appends a cell cut to width columns, ending in an ellipsis. */
static void
put_cut(struct pdb_buf *line, const char *s, size_t n, size_t width)
{
	int utf8 = render_utf8_terminal();
	size_t mark = utf8 ? 1 : 3, keep, cols;

	if (width < mark) {
		put_repeat(line, '.', width);
		return;
	}
	keep = prefix_for_width(s, n, width - mark, &cols);
	buf_append(line, s, keep);
	buf_puts(line, utf8 ? "\u2026" : "...");
	put_repeat(line, ' ', width - mark - cols);
}

static void
write_text_row(const struct table *t, const struct cell *row,
    struct pdb_buf *line, FILE *out)
{
	for (int i = 0; i < t->ncol; i++) {
		size_t w = t->cols[i].width, pad;
		int right = is_numeric(&t->cols[i]);

		if (i > 0)
			buf_append(line, "  ", 2);
		if (row[i].width > w) {
			put_cut(line, t->text.data + row[i].off, row[i].len, w);
			continue;
		}
		pad = w - row[i].width;
		if (right)
			put_repeat(line, ' ', pad);
		buf_append(line, t->text.data + row[i].off, row[i].len);
		if (!right)
			put_repeat(line, ' ', pad);
	}
	end_text_line(line, out);
}

/*
 * With a max_width, narrows the widest text columns, one column at a
 * time, until a line fits; a column never gets narrower than its header
 * or MIN_CUT columns (so ordinary columns are never cut, and a table of
 * many columns may still be wider).
 */
#define MIN_CUT	24
static void
fit_columns(struct table *t)
{
	size_t total = 2 * (size_t)(t->ncol - 1);
	int widest;

	for (int i = 0; i < t->ncol; i++)
		total += t->cols[i].width;
	while (t->max_width > 0 && total > t->max_width) {
		widest = -1;
		for (int i = 0; i < t->ncol; i++) {
			size_t floor = t->cells[i].width > MIN_CUT ?
			    t->cells[i].width : MIN_CUT;

			if (!is_numeric(&t->cols[i]) &&
			    t->cols[i].width > floor && (widest < 0 ||
			    t->cols[i].width > t->cols[widest].width))
				widest = i;
		}
		if (widest < 0)
			break;
		t->cols[widest].width--;
		total--;
	}
}

static void
write_text(struct table *t, FILE *out)
{
	struct pdb_buf line = {0};

	fit_columns(t);

	write_text_row(t, t->cells, &line, out);
	for (int i = 0; i < t->ncol; i++) {
		if (i > 0)
			buf_puts(&line, "  ");
		put_repeat(&line, '-', t->cols[i].width);
	}
	end_text_line(&line, out);
	for (size_t r = (size_t)t->ncol; r < t->ncells; r += (size_t)t->ncol)
		write_text_row(t, &t->cells[r], &line, out);
	buf_free(&line);
}

static void
write_md_row(const struct table *t, const struct cell *row,
    struct pdb_buf *line, FILE *out)
{
	buf_reset(line);
	buf_putc(line, '|');
	for (int i = 0; i < t->ncol; i++) {
		buf_putc(line, ' ');
		buf_append(line, t->text.data + row[i].off, row[i].len);
		buf_puts(line, " |");
	}
	buf_putc(line, '\n');
	fwrite(line->data, 1, line->len, out);
}

static void
write_md(const struct table *t, FILE *out)
{
	struct pdb_buf line = {0};

	write_md_row(t, t->cells, &line, out);
	buf_reset(&line);
	buf_putc(&line, '|');
	for (int i = 0; i < t->ncol; i++)
		buf_puts(&line, is_numeric(&t->cols[i]) ? " ---: |" : " --- |");
	buf_putc(&line, '\n');
	fwrite(line.data, 1, line.len, out);
	for (size_t r = (size_t)t->ncol; r < t->ncells; r += (size_t)t->ncol)
		write_md_row(t, &t->cells[r], &line, out);
	buf_free(&line);
}

/* Text and md: nothing is written unless every row could be read. */
static long
render_table(sqlite3_stmt *stmt, const struct pdb_render_opts *o, int ncol,
    FILE *out)
{
	struct table t;
	struct pdb_buf tmp = {0};
	long rows = 0;
	int rc;

	table_init(&t, stmt, ncol, o);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (o->max_rows > 0 && (size_t)rows >= o->max_rows)
			table_note_types(&t, stmt);
		else if (table_add_row(&t, stmt, &tmp, o->table_max) != 0)
			break;
		rows++;
	}
	if (rc == SQLITE_DONE) {
		if (o->format == PDB_FORMAT_MD)
			write_md(&t, out);
		else
			write_text(&t, out);
	}
	table_free(&t);
	buf_free(&tmp);
	if (rc == SQLITE_ROW)
		return PDB_RENDER_TOO_BIG;
	return rc == SQLITE_DONE ? rows : -1;
}

/* Column names are text too, so they get the same formula treatment. */
static long
render_csv(sqlite3_stmt *stmt, const struct pdb_render_opts *o, int ncol,
    FILE *out)
{
	struct pdb_buf line = {0}, tmp = {0};
	long rows = 0;
	int rc;

	for (int i = 0; i < ncol; i++) {
		const char *name = column_name(stmt, i);

		if (i > 0)
			buf_putc(&line, ',');
		escape_csv(name, strlen(name), !o->csv_formulas, &line);
	}
	buf_puts(&line, "\r\n");
	fwrite(line.data, 1, line.len, out);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		buf_reset(&line);
		for (int i = 0; i < ncol; i++) {
			int type = plain_value(stmt, i, &tmp);

			if (i > 0)
				buf_putc(&line, ',');
			escape_csv(buf_cstr(&tmp), tmp.len,
			    type == SQLITE_TEXT && !o->csv_formulas, &line);
		}
		buf_puts(&line, "\r\n");
		fwrite(line.data, 1, line.len, out);
		rows++;
	}
	buf_free(&line);
	buf_free(&tmp);
	return rc == SQLITE_DONE ? rows : -1;
}

/*
 * The shortest of "%.15g", "%.16g" and "%.17g" that reads back as d (the
 * last always does).  Assumes the C locale's decimal point, as progdb never
 * calls setlocale() for LC_NUMERIC.
 */
static void
put_json_real(double d, struct pdb_buf *b)
{
	char s[32];

	if (!isfinite(d)) {
		buf_puts(b, "null");
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(s, sizeof(s), "%.*g", prec, d);
		if (strtod(s, NULL) == d)
			break;
	}
	buf_puts(b, s);
}

static void
put_json_value(sqlite3_stmt *stmt, int i, struct pdb_buf *b)
{
	const char *t;
	size_t n;

	switch (sqlite3_column_type(stmt, i)) {
	case SQLITE_INTEGER:
		t = column_text(stmt, i, &n);
		buf_append(b, t, n);
		break;
	case SQLITE_FLOAT:
		put_json_real(sqlite3_column_double(stmt, i), b);
		break;
	case SQLITE_TEXT:
		t = column_text(stmt, i, &n);
		buf_putc(b, '"');
		escape_json(t, n, b);
		buf_putc(b, '"');
		break;
	case SQLITE_BLOB:
		buf_putc(b, '"');
		append_hex(stmt, i, b);
		buf_putc(b, '"');
		break;
	default:
		buf_puts(b, "null");
	}
}

/*
 * Duplicate column names (SELECT a, a) are written as SQLite reports them,
 * giving an object with a repeated key; alias them to avoid that.
 */
static long
render_json(sqlite3_stmt *stmt, int ncol, FILE *out)
{
	struct pdb_buf line = {0};
	long rows = 0;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		buf_reset(&line);
		buf_puts(&line, rows == 0 ? "[\n  {" : ",\n  {");
		for (int i = 0; i < ncol; i++) {
			const char *name = column_name(stmt, i);

			if (i > 0)
				buf_puts(&line, ", ");
			buf_putc(&line, '"');
			escape_json(name, strlen(name), &line);
			buf_puts(&line, "\": ");
			put_json_value(stmt, i, &line);
		}
		buf_putc(&line, '}');
		fwrite(line.data, 1, line.len, out);
		rows++;
	}
	if (rc == SQLITE_DONE)
		fputs(rows > 0 ? "\n]\n" : "[]\n", out);
	buf_free(&line);
	return rc == SQLITE_DONE ? rows : -1;
}

/* A statement without columns (an UPDATE, say) is run but prints nothing. */
static long
run_silently(sqlite3_stmt *stmt)
{
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		;
	return rc == SQLITE_DONE ? 0 : -1;
}

const struct pdb_render_collector *render_collector;

long
render_stmt(sqlite3_stmt *stmt, const struct pdb_render_opts *o, FILE *out)
{
	int ncol = sqlite3_column_count(stmt);
	long rows;

	if (ncol > 0 && render_collector != NULL)
		return render_collector->stmt(render_collector->ctx, stmt, o);
	if (ncol == 0)
		rows = run_silently(stmt);
	else if (o->format == PDB_FORMAT_CSV)
		rows = render_csv(stmt, o, ncol, out);
	else if (o->format == PDB_FORMAT_JSON)
		rows = render_json(stmt, ncol, out);
	else
		rows = render_table(stmt, o, ncol, out);
	return ferror(out) && rows >= 0 ? -1 : rows;
}

long
render_capture(sqlite3_stmt *stmt, const struct pdb_render_opts *o,
    struct pdb_buf *b)
{
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	long n;

	if (f == NULL)
		return -1;
	n = render_stmt(stmt, o, f);
	if (fclose(f) != 0)
		n = -1;
	buf_reset(b);
	if (mem != NULL)
		buf_append(b, mem, len);
	free(mem);
	return n;
}
