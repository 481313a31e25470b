/*
 * render_parts.c - answers made of several named parts (`progdb weekly`,
 * the report), in every format (see render.h).  Single tables go through
 * render_stmt(); this file only arranges parts around them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/escape.h"
#include "progdb/render.h"

/* A column's value as text ("" for NULL); reals as %.15g. */
static void
value_text(sqlite3_stmt *s, int i, struct pdb_buf *b)
{
	switch (sqlite3_column_type(s, i)) {
	case SQLITE_NULL:
		break;
	case SQLITE_FLOAT:
		buf_printf(b, "%.15g", sqlite3_column_double(s, i));
		break;
	default:
		buf_append(b, sqlite3_column_text(s, i),
		    (size_t)sqlite3_column_bytes(s, i));
		break;
	}
}

static int
column_is(sqlite3_stmt *s, int i, const char *name)
{
	const char *n = sqlite3_column_name(s, i);

	return n != NULL && strcmp(n, name) == 0;
}

/* "path:line" of the row, when the statement has those columns. */
static void
where_of(sqlite3_stmt *s, struct pdb_buf *b)
{
	int ncol = sqlite3_column_count(s);

	for (int i = 0; i < ncol; i++)
		if (column_is(s, i, "path"))
			value_text(s, i, b);
	for (int i = 0; i < ncol; i++)
		if (column_is(s, i, "line") &&
		    sqlite3_column_type(s, i) != SQLITE_NULL)
			buf_printf(b, ":%lld",
			    (long long)sqlite3_column_int64(s, i));
}

/* The columns after the headline other than path and line, as
 * "name<sep>value" joined by "; ". */
static void
details_of(sqlite3_stmt *s, const char *sep, struct pdb_buf *b)
{
	int ncol = sqlite3_column_count(s);
	size_t start = b->len;

	for (int i = 1; i < ncol; i++) {
		if (column_is(s, i, "path") || column_is(s, i, "line") ||
		    sqlite3_column_type(s, i) == SQLITE_NULL)
			continue;
		if (b->len > start)
			buf_puts(b, "; ");
		buf_puts(b, sqlite3_column_name(s, i));
		buf_puts(b, sep);
		value_text(s, i, b);
	}
}

/* One row as a text line: "  - headline (path:line; name: value)". */
static void
text_line(sqlite3_stmt *s, struct pdb_buf *raw, struct pdb_buf *out)
{
	buf_reset(raw);
	value_text(s, 0, raw);
	buf_puts(out, "  - ");
	escape_terminal(raw->data ? raw->data : "", raw->len, out);
	buf_reset(raw);
	where_of(s, raw);
	if (raw->len > 0 && sqlite3_column_count(s) > 1)
		buf_puts(raw, "; ");
	details_of(s, ": ", raw);
	while (raw->len >= 2 && memcmp(raw->data + raw->len - 2, "; ", 2) == 0)
		raw->len -= 2;
	if (raw->len > 0) {
		buf_puts(out, " (");
		escape_terminal(raw->data, raw->len, out);
		buf_putc(out, ')');
	}
	buf_putc(out, '\n');
}

/* The part's rows counted by its count statement: 0, or -1 on error. */
static int
count_rows(const struct pdb_part *p, size_t *n)
{
	int rc;

	if ((rc = sqlite3_step(p->count)) != SQLITE_ROW)
		return -1;
	*n = (size_t)sqlite3_column_int64(p->count, 0);
	rc = sqlite3_step(p->count);
	sqlite3_reset(p->count);
	return rc == SQLITE_DONE ? 0 : -1;
}

static long
text_part(const struct pdb_part *p, size_t max_rows, struct pdb_buf *out)
{
	struct pdb_buf lines = {0}, raw = {0};
	size_t n = 0, shown = 0;
	int counted = max_rows > 0 && p->count != NULL;
	int rc = counted && count_rows(p, &n) < 0 ? SQLITE_ERROR : 0;

	while (rc == 0 && (rc = sqlite3_step(p->stmt)) == SQLITE_ROW) {
		if (max_rows == 0 || shown < max_rows)
			text_line(p->stmt, &raw, &lines);
		shown++;
		rc = 0;
	}
	if (!counted)
		n = shown;
	buf_free(&raw);
	if (rc != SQLITE_DONE) {
		buf_free(&lines);
		return -1;
	}
	buf_printf(out, "%s (%zu)\n", p->title, n);
	buf_append(out, lines.data, lines.len);
	if (max_rows > 0 && n > max_rows)
		buf_printf(out, "  %s and %zu more (--all)\n",
		    render_utf8_terminal() ? "\u2026" : "...", n - max_rows);
	if (p->note != NULL)
		buf_printf(out, "  %s\n", p->note);
	buf_free(&lines);
	return (long)n;
}

/*
 * Text: the heading, one line counting the parts that have a summary
 * label, then only the parts that have rows (or a note), each capped at
 * max_rows rows (0: no cap).
 */
static long
text_parts(const struct pdb_part *parts, size_t nparts, size_t max_rows,
    struct pdb_buf *out)
{
	struct pdb_buf *bodies = calloc(nparts ? nparts : 1, sizeof(*bodies));
	struct pdb_buf sum = {0};
	long total = 0, n = 0;
	size_t shown = 0;

	if (bodies == NULL)
		abort();
	for (size_t i = 0; i < nparts && n >= 0; i++) {
		n = text_part(&parts[i], max_rows, &bodies[i]);
		total += n;
		if (n >= 0 && parts[i].summary != NULL)
			buf_printf(&sum, "%s%ld %s", sum.len > 0 ? ", " : "",
			    n, parts[i].summary);
		if (n == 0 && parts[i].note == NULL)
			buf_reset(&bodies[i]);
	}
	if (n >= 0 && sum.len > 0)
		buf_printf(out, "%s.\n", buf_cstr(&sum));
	for (size_t i = 0; i < nparts; i++) {
		if (n >= 0 && bodies[i].len > 0) {
			buf_puts(out, shown++ > 0 || sum.len > 0 ? "\n" : "");
			buf_append(out, bodies[i].data, bodies[i].len);
		}
		buf_free(&bodies[i]);
	}
	buf_free(&sum);
	free(bodies);
	return n < 0 ? -1 : total;
}

static long
md_part(const struct pdb_part *p, const struct pdb_render_opts *o,
    struct pdb_buf *out)
{
	struct pdb_buf table = {0};
	long n = render_capture(p->stmt, o, &table);

	if (n >= 0) {
		buf_printf(out, "### %s (%ld)\n\n", p->title, n);
		if (n == 0)
			buf_puts(out, "_None._\n");
		else
			buf_append(out, table.data, table.len);
		if (p->note != NULL)
			buf_printf(out, "\n%s\n", p->note);
		buf_putc(out, '\n');
	}
	buf_free(&table);
	return n;
}

static long
json_part(const struct pdb_part *p, const struct pdb_render_opts *o,
    int last, struct pdb_buf *out)
{
	struct pdb_buf array = {0};
	long n = render_capture(p->stmt, o, &array);

	if (n >= 0) {
		while (array.len > 0 && array.data[array.len - 1] == '\n')
			array.len--;
		buf_puts(out, "  \"");
		escape_json(p->key, strlen(p->key), out);
		buf_puts(out, "\": ");
		buf_append(out, array.data, array.len);
		buf_puts(out, last ? "\n" : ",\n");
	}
	buf_free(&array);
	return n;
}

static void
csv_cell(const struct pdb_render_opts *o, struct pdb_buf *v, int last,
    struct pdb_buf *out)
{
	escape_csv(v->data ? v->data : "", v->len, !o->csv_formulas, out);
	buf_puts(out, last ? "\r\n" : ",");
}

static long
csv_part(const struct pdb_part *p, const struct pdb_render_opts *o,
    struct pdb_buf *out)
{
	struct pdb_buf v = {0};
	long n = 0;
	int rc;

	while ((rc = sqlite3_step(p->stmt)) == SQLITE_ROW) {
		buf_reset(&v);
		buf_puts(&v, p->key);
		csv_cell(o, &v, 0, out);
		buf_reset(&v);
		value_text(p->stmt, 0, &v);
		csv_cell(o, &v, 0, out);
		buf_reset(&v);
		where_of(p->stmt, &v);
		csv_cell(o, &v, 0, out);
		buf_reset(&v);
		details_of(p->stmt, "=", &v);
		csv_cell(o, &v, 1, out);
		n++;
	}
	buf_free(&v);
	return rc == SQLITE_DONE ? n : -1;
}

static void
heading_of(const char *heading, const struct pdb_meta *meta, size_t nmeta,
    const struct pdb_render_opts *o, struct pdb_buf *out)
{
	switch (o->format) {
	case PDB_FORMAT_TEXT:
		escape_terminal(heading, strlen(heading), out);
		buf_puts(out, "\n\n");
		break;
	case PDB_FORMAT_MD:
		buf_puts(out, "## ");
		escape_md_cell(heading, strlen(heading), out);
		buf_puts(out, "\n\n");
		for (size_t i = 0; i < nmeta; i++) {
			buf_printf(out, "- %s: ", meta[i].key);
			escape_md_cell(meta[i].value, strlen(meta[i].value),
			    out);
			buf_putc(out, '\n');
		}
		if (nmeta > 0)
			buf_putc(out, '\n');
		break;
	case PDB_FORMAT_JSON:
		buf_puts(out, "{\n");
		for (size_t i = 0; i < nmeta; i++) {
			buf_puts(out, "  \"");
			escape_json(meta[i].key, strlen(meta[i].key), out);
			buf_puts(out, "\": \"");
			escape_json(meta[i].value, strlen(meta[i].value), out);
			buf_puts(out, "\",\n");
		}
		break;
	case PDB_FORMAT_CSV:
		buf_puts(out, "part,headline,where,details\r\n");
		break;
	}
}

long
render_parts(const char *heading, const struct pdb_meta *meta, size_t nmeta,
    const struct pdb_part *parts, size_t nparts,
    const struct pdb_render_opts *o, size_t max_rows, FILE *out)
{
	struct pdb_buf b = {0};
	long total = 0, n = 0;

	if (render_collector != NULL)
		return render_collector->parts(render_collector->ctx, heading,
		    meta, nmeta, parts, nparts, o, max_rows);
	heading_of(heading, meta, nmeta, o, &b);
	if (o->format == PDB_FORMAT_TEXT) {
		total = n = text_parts(parts, nparts, max_rows, &b);
		nparts = 0;
	}
	for (size_t i = 0; i < nparts && n >= 0; i++) {
		switch (o->format) {
		case PDB_FORMAT_TEXT:
			break;
		case PDB_FORMAT_MD:
			n = md_part(&parts[i], o, &b);
			break;
		case PDB_FORMAT_JSON:
			n = json_part(&parts[i], o, i + 1 == nparts, &b);
			break;
		case PDB_FORMAT_CSV:
			n = csv_part(&parts[i], o, &b);
			break;
		}
		total += n;
	}
	if (n >= 0 && o->format == PDB_FORMAT_JSON)
		buf_puts(&b, "}\n");
	if (n >= 0 && b.len > 0 && fwrite(b.data, 1, b.len, out) != b.len)
		n = -1;
	buf_free(&b);
	return n < 0 ? -1 : total;
}
