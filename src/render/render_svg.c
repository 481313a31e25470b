/*
 * render_svg.c - the inline SVG of the HTML report: progress bars and
 * burndown charts (see report.h).  Colours are from the Okabe-Ito palette,
 * and every series also differs in dash pattern and marker shape, so the
 * charts read without colour and in print.  Text is escaped here.
 */
#include "progdb/report.h"

#include <string.h>

#include "progdb/buf.h"
#include "progdb/date.h"
#include "progdb/escape.h"

#define BAR_W		120
#define BAR_H		12

/* The burndown chart's size and the plot area inside it. */
#define CHART_W		640
#define CHART_H		300
#define PLOT_L		56
#define PLOT_R		24
#define PLOT_T		16
#define PLOT_B		84
#define PLOT_W		(CHART_W - PLOT_L - PLOT_R)
#define PLOT_H		(CHART_H - PLOT_T - PLOT_B)
#define MAX_TICKS	10	/* x tick labels at most */
#define TICK_GAP	44	/* pixels at least between x labels */

#define BLUE		"#0072B2"	/* remaining as written */
#define VERMILLION	"#D55E00"	/* counted from history */
#define INK		"#222222"	/* ideal line, text, axes */
#define GRID		"#dddddd"

static void
text(struct pdb_buf *b, const char *s)
{
	escape_html(s, strlen(s), b);
}

void
render_svg_bar(struct pdb_buf *b, double fraction, const char *colour,
    const char *label)
{
	if (fraction < 0)
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	buf_printf(b, "<svg class=\"bar\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-label=\"", BAR_W, BAR_H, BAR_W, BAR_H);
	text(b, label);
	buf_printf(b, "\"><rect width=\"%d\" height=\"%d\" fill=\"#e6e6e6\"/>"
	    "<rect width=\"%.1f\" height=\"%d\" fill=\"%s\"/></svg>", BAR_W,
	    BAR_H, fraction * BAR_W, BAR_H, colour);
}

/* ---- burndown ---- */

/* How a chart maps data to pixels. */
struct scale {
	const struct pdb_bd_series	*s;
	int				 dated;	/* x: days, else rows */
	double				 x0, x1;	/* x domain */
	double				 ymax;	/* y domain is 0..ymax */
	double				 ystep;	/* between y ticks */
};

/* 1, 2 or 5 times a power of ten: the y tick step for values up to max,
 * giving at most 5 steps. */
static long
nice_step(long max)
{
	long p = 1;

	for (;;) {
		if (5 * p >= max)
			return p;
		if (10 * p >= max)
			return 2 * p;
		if (25 * p >= max)
			return 5 * p;
		p *= 10;
	}
}

static double
x_of_point(const struct scale *sc, size_t i)
{
	return sc->dated ? (double)sc->s->v[i].day : (double)i;
}

static double
px(const struct scale *sc, double x)
{
	return PLOT_L + (x - sc->x0) / (sc->x1 - sc->x0) * PLOT_W;
}

static double
py(const struct scale *sc, double y)
{
	return PLOT_T + PLOT_H - y / sc->ymax * PLOT_H;
}

static void
scale_init(struct scale *sc, const struct pdb_bd_series *s)
{
	long max = burndown_max(s), step;
	double ideal;

	sc->s = s;
	sc->dated = burndown_dated(s);
	sc->x0 = x_of_point(sc, 0);
	sc->x1 = x_of_point(sc, s->n - 1);
	if (burndown_ideal(s, sc->x0, &ideal) && s->end_day > sc->x1)
		sc->x1 = (double)s->end_day;
	if (sc->x1 <= sc->x0) {
		sc->x0 -= 1;
		sc->x1 += 1;
	}
	step = nice_step(max);
	sc->ystep = (double)step;
	sc->ymax = (double)((max + step - 1) / step * step);
}

static void
y_axis(const struct scale *sc, struct pdb_buf *b)
{
	buf_puts(b, "<g class=\"axis y\">");
	for (double y = 0; y <= sc->ymax + 1e-9; y += sc->ystep)
		buf_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"" GRID "\"/><text x=\"%d\" "
		    "y=\"%.1f\" text-anchor=\"end\">%g</text>\n", PLOT_L,
		    PLOT_L + PLOT_W, py(sc, y), py(sc, y), PLOT_L - 6,
		    py(sc, y) + 4, y);
	buf_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" "
	    "stroke=\"" INK "\"/>", PLOT_L, PLOT_L, PLOT_T, PLOT_T + PLOT_H);
	buf_printf(b, "<text class=\"title\" transform=\"translate(14 %d) "
	    "rotate(-90)\" text-anchor=\"middle\">Remaining</text></g>\n",
	    PLOT_T + PLOT_H / 2);
}

/* A tick and its label at x, unless the last label is too close. */
static void
x_tick(double x, const char *label, double *last, struct pdb_buf *b)
{
	int bottom = PLOT_T + PLOT_H;

	buf_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
	    "stroke=\"" INK "\"/>", x, x, bottom, bottom + 4);
	if (x - *last < TICK_GAP)
		return;
	buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", x,
	    bottom + 17);
	text(b, label);
	buf_puts(b, "</text>\n");
	*last = x;
}

/* Dated: MM-DD under every k-th point and the end; the axis title gives
 * the full dates.  Otherwise the labels as written. */
static void
x_axis(const struct scale *sc, struct pdb_buf *b)
{
	const struct pdb_bd_series *s = sc->s;
	size_t k = (s->n + MAX_TICKS - 1) / MAX_TICKS;
	double last = -1e9;
	char day[11], from[11], to[11];

	buf_printf(b, "<g class=\"axis x\"><line x1=\"%d\" x2=\"%d\" "
	    "y1=\"%d\" y2=\"%d\" stroke=\"" INK "\"/>", PLOT_L,
	    PLOT_L + PLOT_W, PLOT_T + PLOT_H, PLOT_T + PLOT_H);
	for (size_t i = 0; i < s->n; i++) {
		if (i % k != 0 && i + 1 != s->n)
			continue;
		if (sc->dated)
			date_format_day(s->v[i].day, day);
		x_tick(px(sc, x_of_point(sc, i)), sc->dated ? day + 5 :
		    s->v[i].label, &last, b);
	}
	if (sc->dated && s->end_day != PDB_BD_NO_DAY &&
	    (double)s->end_day == sc->x1 && s->end_day > s->v[s->n - 1].day) {
		date_format_day(s->end_day, day);
		x_tick(px(sc, sc->x1), day + 5, &last, b);
	}
	buf_printf(b, "<text class=\"title\" x=\"%d\" y=\"%d\" "
	    "text-anchor=\"middle\">", PLOT_L + PLOT_W / 2,
	    PLOT_T + PLOT_H + 36);
	if (sc->dated) {
		date_format_day((int64_t)sc->x0, from);
		date_format_day((int64_t)sc->x1, to);
		buf_printf(b, "Date (%s to %s)", from, to);
	} else
		buf_puts(b, "Row");
	buf_puts(b, "</text></g>\n");
}

static void
marker(const char *shape, double x, double y, const char *colour,
    struct pdb_buf *b)
{
	if (strcmp(shape, "circle") == 0)
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" "
		    "fill=\"%s\"", x, y, colour);
	else
		buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" "
		    "height=\"7\" fill=\"%s\"", x - 3.5, y - 3.5, colour);
}

/* One series: a polyline through the rows that have the value, and a
 * marker with a tooltip on each. */
static void
series(const struct scale *sc, int counted, struct pdb_buf *b)
{
	const struct pdb_bd_series *s = sc->s;
	const char *colour = counted ? VERMILLION : BLUE;
	const char *shape = counted ? "rect" : "circle";
	const char *sep = "";

	buf_printf(b, "<g class=\"series %s\"><polyline fill=\"none\" "
	    "stroke=\"%s\" stroke-width=\"%s\"%s points=\"", counted ? "seen" :
	    "written", colour, counted ? "2" : "2.5", counted ?
	    " stroke-dasharray=\"6 3\"" : "");
	for (size_t i = 0; i < s->n; i++) {
		struct pdb_bd_count c = burndown_count(&s->v[i], counted);

		if (!c.known)
			continue;
		buf_printf(b, "%s%.1f,%.1f", sep, px(sc, x_of_point(sc, i)),
		    py(sc, (double)c.n));
		sep = " ";
	}
	buf_puts(b, "\"/>\n");
	for (size_t i = 0; i < s->n; i++) {
		struct pdb_bd_count c = burndown_count(&s->v[i], counted);

		if (!c.known)
			continue;
		marker(shape, px(sc, x_of_point(sc, i)), py(sc, (double)c.n),
		    colour, b);
		buf_puts(b, "><title>");
		text(b, s->v[i].label);
		buf_printf(b, ": %ld remaining%s</title></%s>\n", c.n, counted ?
		    " (counted)" : "", shape);
	}
	buf_puts(b, "</g>\n");
}

static void
ideal_line(const struct scale *sc, struct pdb_buf *b)
{
	double y0;

	if (!burndown_ideal(sc->s, sc->x0, &y0))
		return;
	buf_printf(b, "<g class=\"series ideal\"><line x1=\"%.1f\" "
	    "y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" INK "\" "
	    "stroke-width=\"1.5\" stroke-dasharray=\"2 4\"/></g>\n",
	    px(sc, sc->x0), py(sc, y0), px(sc, (double)sc->s->end_day),
	    py(sc, 0));
}

/* One legend entry at x: a line sample, a marker, the text. */
static int
legend_entry(int x, const char *kind, const char *dash, const char *shape,
    const char *label, struct pdb_buf *b)
{
	int y = CHART_H - 16;
	const char *colour = strcmp(kind, "seen") == 0 ? VERMILLION :
	    strcmp(kind, "written") == 0 ? BLUE : INK;

	buf_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" "
	    "stroke=\"%s\" stroke-width=\"2\"%s%s%s/>", x, x + 24, y - 4,
	    y - 4, colour, dash != NULL ? " stroke-dasharray=\"" : "",
	    dash != NULL ? dash : "", dash != NULL ? "\"" : "");
	if (shape != NULL) {
		marker(shape, x + 12, y - 4, colour, b);
		buf_puts(b, "/>");
	}
	buf_printf(b, "<text x=\"%d\" y=\"%d\">", x + 30, y);
	text(b, label);
	buf_puts(b, "</text>\n");
	return x + 30 + (int)strlen(label) * 6 + 18;
}

static void
legend(const struct scale *sc, struct pdb_buf *b)
{
	double y0;
	char end[11], label[40];
	int x = PLOT_L;

	buf_puts(b, "<g class=\"legend\">\n");
	x = legend_entry(x, "written", NULL, "circle", "Remaining as written",
	    b);
	if (burndown_has_seen(sc->s))
		x = legend_entry(x, "seen", "6 3", "rect", "Counted by progdb",
		    b);
	if (burndown_ideal(sc->s, sc->x0, &y0)) {
		date_format_day(sc->s->end_day, end);
		snprintf(label, sizeof(label), "Ideal (0 by %s)", end);
		legend_entry(x, "ideal", "2 4", NULL, label, b);
	}
	buf_puts(b, "</g>");
}

static void
chart_name(const struct pdb_bd_series *s, struct pdb_buf *b)
{
	if (s->milestone != NULL) {
		text(b, s->milestone);
		buf_puts(b, " (");
	}
	text(b, s->path);
	buf_printf(b, ":%ld", s->line);
	if (s->milestone != NULL)
		buf_putc(b, ')');
}

void
render_svg_burndown(struct pdb_buf *b, const struct pdb_bd_series *s, int id)
{
	struct scale sc;

	if (s->n == 0)
		return;
	scale_init(&sc, s);
	buf_printf(b, "<svg class=\"chart burndown\" "
	    "xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"bd%d-t\" "
	    "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, "
	    "Arial, sans-serif\" font-size=\"11\" fill=\"" INK "\">"
	    "<title id=\"bd%d-t\">Burndown: ", CHART_W, CHART_H, CHART_W,
	    CHART_H, id, id);
	chart_name(s, b);
	buf_puts(b, "</title>\n");
	y_axis(&sc, b);
	x_axis(&sc, b);
	ideal_line(&sc, b);
	series(&sc, 0, b);
	if (burndown_has_seen(s))
		series(&sc, 1, b);
	legend(&sc, b);
	buf_puts(b, "</svg>");
}
