/*
 * report.h - `progdb report`: one document with the period, overall,
 * per-document and per-milestone progress, this period's completions,
 * additions and reopenings, open risks by severity, open tech debt,
 * burndown charts, the period's log entries and the check findings.
 *
 * query/report_gather.c gathers a struct pdb_report (report_gather.h):
 * prepared statements (the same canned queries weekly, milestones, risks,
 * debt, burndown and check run) and a few numbers.  The writers lay it
 * out: render_report.c as Markdown
 * and JSON, render_html.c as one self-contained HTML page with the charts
 * of render_svg.c.  Writers step every statement to its end, escape every
 * piece of document text for their format, and return 0, or -1 when a
 * statement fails (the error is left in its connection) or out has its
 * error indicator set.  The same report always gives the same bytes.
 */
#ifndef PROGDB_REPORT_H
#define PROGDB_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include <sqlite3.h>

#include "progdb/burndown.h"
#include "progdb/render.h"
#include "progdb/report_gather.h"

struct pdb_buf;

/*
 * The md and html report is an overview: each list shows its first
 * PDB_REPORT_ROWS rows (the rest are counted and named with the command
 * that lists them all), and at most PDB_REPORT_CHARTS burndown charts are
 * drawn.  JSON holds every row.
 */
#define PDB_REPORT_ROWS		25
#define PDB_REPORT_CHARTS	12

/* The command that lists all of a list ("progdb check"). */
extern const char *const pdb_report_hints[PDB_RL_COUNT];

/* The flow part (render_flow.c), gathered as a struct pdb_flow.
 * "## Flow": sparklines of completed and added per week, cycle time.
 * Both writers leave it out when no week completed or added anything. */
void	render_flow_md(const struct pdb_flow *f, struct pdb_buf *b);
/* <section id="flow">: a throughput bar chart and a cycle-time scatter. */
void	render_flow_html(const struct pdb_flow *f, struct pdb_buf *b);
/* The JSON member "flow": {weeks [{week, completed, added}], cycle_items,
 * cycle_median, cycle_p85}, ending ",\n". */
void	render_flow_json(const struct pdb_flow *f, struct pdb_buf *b);

/* Names of the levels ("Unrated", "Low" .. "Critical"). */
const char *render_report_level(int level);

/* One row of report.documents or milestones.current, read by column name. */
struct pdb_progress_row {
	const char	*name;		/* document title or section heading */
	const char	*path;
	long		 line;		/* of the heading; 0 for documents */
	const char	*declared;	/* status as written; NULL if none */
	long		 done;
	long		 total;
	int		 percent;	/* -1 without items */
	int		 disagrees;	/* declared and computed disagree */
};

/*
 * Steps s to its next row and reads it into row; the strings stay valid
 * until s is stepped again.  Returns 1 for a row, 0 at the end, -1 when
 * the step fails.
 */
int	render_report_progress(sqlite3_stmt *s, struct pdb_progress_row *row);

/* The whole report as GitHub Markdown, charts as Unicode text. */
int	render_report_md(struct pdb_report *r, FILE *out);
/* The whole report as one JSON object (see `progdb report --help`). */
int	render_report_json(struct pdb_report *r, FILE *out);
/* The whole report as one HTML page: inline CSS and SVG, no scripts. */
int	render_report_html(struct pdb_report *r, FILE *out);

/*
 * SVG pieces of the HTML page (render_svg.c), appended to b.
 *
 * A progress bar 120 by 12 pixels with fraction (clamped to 0..1) filled,
 * labelled for screen readers by label (escaped here).
 */
void	render_svg_bar(struct pdb_buf *b, double fraction, const char *colour,
	    const char *label);
/*
 * A burndown chart: remaining as written (solid, circles) and as counted
 * from history (dashed, squares) against time (or against the rows when
 * a label is not a date), the ideal line (dotted) when burndown_ideal()
 * has one, with axes, tick labels, axis titles and a legend.  id makes
 * the element ids unique in the page.
 */
void	render_svg_burndown(struct pdb_buf *b, const struct pdb_bd_series *s,
	    int id);

#endif
