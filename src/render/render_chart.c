/*
 * render_chart.c - bars and charts drawn with characters, for terminals
 * and Markdown: Unicode blocks, or plain ASCII where the character set is
 * not UTF-8 (or --ascii).
 */
#include <langinfo.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/burndown.h"
#include "progdb/date.h"
#include "progdb/escape.h"
#include "progdb/render.h"

#define CHART_ROWS	8	/* rows of cells above the axis */
#define CHART_POINTS	36	/* at most this many (the latest) per chart */

int
render_utf8_terminal(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);
}

void
render_bar(struct pdb_buf *b, double fraction, int width, int ascii)
{
	int full;

	if (fraction < 0)
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	full = (int)(fraction * width + 0.5);
	for (int i = 0; i < width; i++)
		buf_puts(b, i < full ? (ascii ? "#" : "\xE2\x96\x88") :
		    (ascii ? "." : "\xE2\x96\x91"));
}

/* The characters a chart is drawn with. */
struct glyphs {
	const char	*eighths[9];	/* bar tops: nothing, 1/8 ... full */
	const char	*seen;		/* counted remaining */
	const char	*ideal;
	const char	*vert;		/* y axis */
	const char	*tick;		/* y axis where a value is labelled */
	const char	*corner;
	const char	*horiz;		/* x axis */
};

static const struct glyphs unicode_glyphs = {
	{" ", "\xE2\x96\x81", "\xE2\x96\x82", "\xE2\x96\x83", "\xE2\x96\x84",
	    "\xE2\x96\x85", "\xE2\x96\x86", "\xE2\x96\x87", "\xE2\x96\x88"},
	"\xE2\x97\x8F", "\xC2\xB7", "\xE2\x94\x82", "\xE2\x94\xA4",
	"\xE2\x94\x94", "\xE2\x94\x80",
};

/* ASCII has no partial blocks: a cell is filled from half of it up. */
static const struct glyphs ascii_glyphs = {
	{" ", " ", " ", " ", "#", "#", "#", "#", "#"},
	"o", ".", "|", "+", "+", "-",
};

/* A chart's scale and the points it shows. */
struct frame {
	const struct pdb_bd_series	*s;
	const struct glyphs		*g;
	size_t				 first;	/* first point shown */
	double				 max;	/* value at the top */
};

/* Grid row (1 = lowest, 0 = on the axis) a value falls in. */
static int
row_of(const struct frame *f, double v)
{
	double level = v * CHART_ROWS / f->max;
	int r;

	if (v <= 0)
		return 0;
	r = (int)level;
	if (level - r > 1e-9)
		r++;	/* rounded up: row r holds (r - 1, r] */
	return r < 1 ? 1 : r > CHART_ROWS ? CHART_ROWS : r;
}

/* The bar of count c in grid row r, or NULL where it has none. */
static const char *
bar_cell(const struct frame *f, struct pdb_bd_count c, int r)
{
	double level, part;
	int eighths;

	if (!c.known || c.n <= 0)
		return NULL;
	level = (double)c.n * CHART_ROWS / f->max;
	part = level - (r - 1);
	if (part <= 0)
		return NULL;
	eighths = part >= 1 ? 8 : (int)(part * 8 + 0.5);
	if (eighths == 0 && r == 1)
		eighths = 1;	/* a little left is not nothing */
	return eighths > 0 && *f->g->eighths[eighths] != ' ' ?
	    f->g->eighths[eighths] : NULL;
}

/* '·' where the ideal line at day crosses grid row r. */
static const char *
ideal_cell(const struct frame *f, double day, int r)
{
	double v;

	if (!burndown_ideal(f->s, day, &v) || row_of(f, v) != r)
		return NULL;
	return f->g->ideal;
}

static void
grid_row(const struct frame *f, int r, struct pdb_buf *b)
{
	const struct pdb_bd_series *s = f->s;

	for (size_t i = f->first; i < s->n; i++) {
		const struct pdb_bd_point *p = &s->v[i];
		const char *cell = NULL;

		cell = bar_cell(f, p->written, r);
		if (cell == NULL && p->day != PDB_BD_NO_DAY)
			cell = ideal_cell(f, (double)p->day, r);
		buf_puts(b, cell != NULL ? cell : " ");
		/* Beside the bar the counted value, else the ideal line half
		 * way to the next point. */
		cell = NULL;
		if (p->seen.known && row_of(f, (double)p->seen.n) == r)
			cell = f->g->seen;
		else if (i + 1 < s->n && p->day != PDB_BD_NO_DAY)
			cell = ideal_cell(f, (p->day + s->v[i + 1].day) / 2.0,
			    r);
		buf_puts(b, cell != NULL ? cell : " ");
	}
}

static void
end_line(struct pdb_buf *b)
{
	while (b->len > 0 && b->data[b->len - 1] == ' ')
		b->len--;
	buf_putc(b, '\n');
}

static void
axis_row(const struct frame *f, int gutter, struct pdb_buf *b)
{
	const struct pdb_bd_series *s = f->s;

	buf_printf(b, "%*d %s", gutter, 0, f->g->corner);
	for (size_t i = f->first; i < s->n; i++) {
		const struct pdb_bd_point *p = &s->v[i];

		buf_puts(b, f->g->horiz);
		buf_puts(b, p->seen.known && p->seen.n <= 0 ? f->g->seen :
		    f->g->horiz);
	}
	end_line(b);
}

/* The first point's label under the first column and the last one's
 * ending under the last column, or further right when they would meet. */
static void
x_labels(const struct frame *f, int gutter, struct pdb_buf *b)
{
	const struct pdb_bd_series *s = f->s;
	const char *a = s->v[f->first].label, *z = s->v[s->n - 1].label;
	struct pdb_buf ea = {0}, ez = {0};
	size_t wa, wz, cols = 2 * (s->n - f->first) - 1;

	escape_terminal(a, strlen(a), &ea);
	escape_terminal(z, strlen(z), &ez);
	wa = text_width(buf_cstr(&ea), ea.len);
	wz = text_width(buf_cstr(&ez), ez.len);
	buf_printf(b, "%*s", gutter + 2, "");
	buf_append(b, buf_cstr(&ea), ea.len);
	if (s->n - f->first > 1) {
		buf_printf(b, "%*s", wa + 2 + wz <= cols ?
		    (int)(cols - wa - wz) : 2, "");
		buf_append(b, buf_cstr(&ez), ez.len);
	}
	end_line(b);
	buf_free(&ea);
	buf_free(&ez);
}

static void
legend(const struct frame *f, int gutter, struct pdb_buf *b)
{
	const struct pdb_bd_series *s = f->s;
	double v;

	buf_printf(b, "%*s%s remaining as written", gutter + 2, "",
	    f->g->eighths[8]);
	if (burndown_has_seen(s))
		buf_printf(b, "  %s counted by progdb", f->g->seen);
	if (burndown_ideal(s, (double)s->v[0].day, &v)) {
		char end[11];

		date_format_day(s->end_day, end);
		buf_printf(b, "  %s ideal (0 by %s)", f->g->ideal, end);
	}
	end_line(b);
}

static void
chart_title(const struct frame *f, struct pdb_buf *b)
{
	const struct pdb_bd_series *s = f->s;

	if (s->milestone != NULL) {
		escape_terminal(s->milestone, strlen(s->milestone), b);
		buf_puts(b, " (");
	}
	escape_terminal(s->path, strlen(s->path), b);
	buf_printf(b, ":%ld", s->line);
	if (s->milestone != NULL)
		buf_putc(b, ')');
	if (f->first > 0)
		buf_printf(b, ": the last %zu of %zu rows", s->n - f->first,
		    s->n);
	buf_putc(b, '\n');
}

void
render_burndown_text(struct pdb_buf *b, const struct pdb_bd_series *s,
    int ascii)
{
	struct frame f = {s, ascii ? &ascii_glyphs : &unicode_glyphs, 0, 0};
	char top[24];
	int gutter;

	if (s->n == 0)
		return;
	f.first = s->n > CHART_POINTS ? s->n - CHART_POINTS : 0;
	f.max = (double)burndown_max(s);
	gutter = snprintf(top, sizeof(top), "%ld", burndown_max(s));
	chart_title(&f, b);
	for (int r = CHART_ROWS; r >= 1; r--) {
		buf_printf(b, "%*s %s", gutter, r == CHART_ROWS ? top : "",
		    r == CHART_ROWS ? f.g->tick : f.g->vert);
		grid_row(&f, r, b);
		end_line(b);
	}
	axis_row(&f, gutter, b);
	x_labels(&f, gutter, b);
	legend(&f, gutter, b);
}

void
render_sparkline(struct pdb_buf *b, const struct pdb_bd_series *s,
    int counted)
{
	double max = (double)burndown_max(s);

	for (size_t i = 0; i < s->n; i++) {
		struct pdb_bd_count c = burndown_count(&s->v[i], counted);
		int level;

		if (!c.known) {
			buf_putc(b, ' ');
			continue;
		}
		level = c.n <= 0 ? 0 : (int)((double)c.n / max * 7 + 0.5);
		if (level > 7)
			level = 7;
		buf_puts(b, unicode_glyphs.eighths[1 + level]);
	}
}
