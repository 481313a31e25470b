/*
 * render_flow.c - the report's flow part (see report.h): throughput per
 * week as sparklines in Markdown and a bar chart in HTML, cycle time as a
 * line in Markdown and a scatter (completion day against days) in HTML.
 * It draws a struct pdb_flow (query/report_gather.c reads it from the
 * statements of flow.sql); nothing here touches documents.
 */
#include "progdb/report.h"

#include <stdio.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/date.h"

/* Sparkline glyphs: 0 is the lowest bar, 1 and more the seven above. */
static const char *const eighths[9] = {" ", "\xE2\x96\x81",
	"\xE2\x96\x82", "\xE2\x96\x83", "\xE2\x96\x84", "\xE2\x96\x85",
	"\xE2\x96\x86", "\xE2\x96\x87", "\xE2\x96\x88"};

/* The SVG charts' size and plot area. */
#define SVG_W	320
#define SVG_H	140
#define PAD_L	32
#define PAD_B	22
#define PAD_T	8
#define PLOT_W	(SVG_W - PAD_L - 8)
#define PLOT_H	(SVG_H - PAD_T - PAD_B)

/* Whether there is anything to show: a week with work completed or added. */
static int
has_flow(const struct pdb_flow *f)
{
	for (size_t i = 0; i < f->nweeks; i++)
		if (f->completed[i] > 0 || f->added[i] > 0)
			return 1;
	return 0;
}

/* ---- Markdown ---- */

static void
md_sparkline(struct pdb_buf *b, const long *v, size_t n)
{
	long max = 1, total = 0;

	for (size_t i = 0; i < n; i++) {
		max = v[i] > max ? v[i] : max;
		total += v[i];
	}
	buf_puts(b, "`");
	for (size_t i = 0; i < n; i++)
		buf_puts(b, eighths[v[i] <= 0 ? 1 : max == 1 ? 8 :
		    2 + (int)((double)(v[i] - 1) * 6 / (double)(max - 1) +
		    0.5)]);
	buf_printf(b, "` %ld in all, %ld in the last week\n", total,
	    n > 0 ? v[n - 1] : 0);
}

void
render_flow_md(const struct pdb_flow *f, struct pdb_buf *b)
{
	if (!has_flow(f))
		return;
	buf_printf(b, "## Flow\n\nWeeks %s to %s:\n\n- Completed per week: ",
	    f->week[0], f->week[f->nweeks - 1]);
	md_sparkline(b, f->completed, f->nweeks);
	buf_puts(b, "- Added per week: ");
	md_sparkline(b, f->added, f->nweeks);
	if (f->items > 0)
		buf_printf(b, "- Cycle time: median %.1f days, 85th percentile "
		    "%.1f days, over %ld items\n", f->median, f->p85, f->items);
	buf_puts(b, "\nMore: `progdb flow`\n\n");
}

/* ---- HTML ---- */

static void
svg_open(struct pdb_buf *b, const char *label)
{
	buf_printf(b, "<svg class=\"flow\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-label=\"%s\">", SVG_W, SVG_H, SVG_W, SVG_H, label);
	buf_printf(b, "<path d=\"M%d %d V%d H%d\" stroke=\"#222222\" "
	    "fill=\"none\"/>", PAD_L, PAD_T, PAD_T + PLOT_H, PAD_L + PLOT_W);
}

static void
svg_ymax(struct pdb_buf *b, double max, const char *unit)
{
	buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"10\" "
	    "text-anchor=\"end\">%g</text><text x=\"%d\" y=\"%d\" "
	    "font-size=\"10\" text-anchor=\"end\">0</text><text x=\"%d\" "
	    "y=\"%d\" font-size=\"10\">%s</text>", PAD_L - 4, PAD_T + 8, max,
	    PAD_L - 4, PAD_T + PLOT_H, PAD_L + 4, PAD_T + 8, unit);
}

static void
html_bars(const struct pdb_flow *f, struct pdb_buf *b)
{
	long max = 1;
	double w = (double)PLOT_W / (double)f->nweeks;

	for (size_t i = 0; i < f->nweeks; i++)
		max = f->completed[i] > max ? f->completed[i] : max;
	svg_open(b, "Items completed per week");
	svg_ymax(b, (double)max, "completed");
	for (size_t i = 0; i < f->nweeks; i++) {
		double h = (double)f->completed[i] / (double)max * PLOT_H;

		if (f->completed[i] == 0)
			continue;
		buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%.1f\" fill=\"#0072B2\"><title>%s: %ld</title>"
		    "</rect>", PAD_L + i * w + 1, PAD_T + PLOT_H - h, w - 2, h,
		    f->week[i], f->completed[i]);
	}
	buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>"
	    "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">"
	    "%s</text></svg>\n", PAD_L, SVG_H - 6, f->week[0], PAD_L + PLOT_W,
	    SVG_H - 6, f->week[f->nweeks - 1]);
}

static void
html_scatter(const struct pdb_flow *f, struct pdb_buf *b)
{
	double max = 1;
	int64_t d0 = f->day[0], d1 = f->day[0];

	for (size_t i = 0; i < f->npoints; i++) {
		max = f->cycle[i] > max ? f->cycle[i] : max;
		d0 = f->day[i] < d0 ? f->day[i] : d0;
		d1 = f->day[i] > d1 ? f->day[i] : d1;
	}
	svg_open(b, "Cycle time of each completed item, by completion day");
	svg_ymax(b, max, "days");
	for (size_t i = 0; i < f->npoints; i++) {
		double x = d1 > d0 ? (double)(f->day[i] - d0) / (double)(d1 - d0)
		    : 0.5;
		char day[11];

		date_format_day(f->day[i], day);
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
		    "fill=\"#D55E00\"><title>%s: %.1f days</title></circle>",
		    PAD_L + 4 + x * (PLOT_W - 8),
		    PAD_T + PLOT_H - f->cycle[i] / max * PLOT_H, day,
		    f->cycle[i]);
	}
	buf_puts(b, "</svg>\n");
}

void
render_flow_html(const struct pdb_flow *f, struct pdb_buf *b)
{
	if (!has_flow(f))
		return;
	buf_printf(b, "<section id=\"flow\">\n<h2>Flow</h2>\n<p>Weeks %s to "
	    "%s", f->week[0], f->week[f->nweeks - 1]);
	if (f->items > 0)
		buf_printf(b, "; cycle time: median %.1f days, 85th percentile "
		    "%.1f days, over %ld items", f->median, f->p85, f->items);
	buf_puts(b, ". More: <code>progdb flow</code></p>\n");
	html_bars(f, b);
	if (f->npoints > 0)
		html_scatter(f, b);
	buf_puts(b, "</section>\n");
}

/* ---- JSON ---- */

void
render_flow_json(const struct pdb_flow *f, struct pdb_buf *b)
{
	buf_puts(b, "  \"flow\": {\"weeks\": [");
	for (size_t i = 0; i < f->nweeks; i++)
		buf_printf(b, "%s{\"week\": \"%s\", \"completed\": %ld, "
		    "\"added\": %ld}", i > 0 ? ", " : "", f->week[i],
		    f->completed[i], f->added[i]);
	buf_printf(b, "], \"cycle_items\": %ld, ", f->items);
	if (f->items > 0)
		buf_printf(b, "\"cycle_median\": %.1f, \"cycle_p85\": %.1f},\n",
		    f->median, f->p85);
	else
		buf_puts(b, "\"cycle_median\": null, \"cycle_p85\": null},\n");
}
