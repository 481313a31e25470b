/*
 * report.h - `progdb report`: one document with the period, overall,
 * per-document and per-milestone progress, this period's completions,
 * additions and reopenings, open risks by severity, open tech debt,
 * burndown charts, the period's log entries and the check findings.
 *
 * cmd_report.c gathers a struct pdb_report: prepared statements (the same
 * canned queries weekly, milestones, risks, debt, burndown and check run)
 * and a few numbers.  The writers lay it out: render_report.c as Markdown
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

struct pdb_buf;

/* The lists the report shows as tables, in the order they appear. */
enum pdb_report_list {
	PDB_RL_COMPLETED,	/* weekly.completed */
	PDB_RL_ADDED,		/* weekly.added */
	PDB_RL_REOPENED,	/* weekly.reopened */
	PDB_RL_RISKS,		/* lists.risks, open ones */
	PDB_RL_DEBT,		/* lists.debt, open ones */
	PDB_RL_LOG,		/* weekly.log_entries */
	PDB_RL_FINDINGS,	/* check.findings */
	PDB_RL_MOVED,		/* weekly.milestones (md and html only) */
	PDB_RL_DISAGREE,	/* report.disagreeing (md and html only) */
	PDB_RL_COUNT,
};

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

/*
 * The flow part (render_flow.c): the PDB_FLOW_WEEKS weeks up to the end of
 * the period, from flow.throughput, flow.cycle_time and flow.cycle_items.
 */
#define PDB_FLOW_WEEKS	12
#define PDB_FLOW_POINTS	100	/* scatter points: the latest ones */

struct pdb_flow {
	size_t		 nweeks;
	char		 week[PDB_FLOW_WEEKS][12];	/* "2025-W47" */
	long		 completed[PDB_FLOW_WEEKS];
	long		 added[PDB_FLOW_WEEKS];
	long		 items;		/* with a cycle time; 0: none */
	double		 median, p85;	/* their cycle time, days */
	size_t		 npoints;
	int64_t		 day[PDB_FLOW_POINTS];	/* completed, days */
	double		 cycle[PDB_FLOW_POINTS];	/* cycle time, days */
};

/* Steps the three statements to their end into f; 0, or -1 on failure. */
int	render_flow_load(sqlite3_stmt *throughput, sqlite3_stmt *cycle_time,
	    sqlite3_stmt *cycle_items, struct pdb_flow *f);
/* "## Flow": sparklines of completed and added per week, cycle time.
 * Both writers leave it out when no week completed or added anything. */
void	render_flow_md(const struct pdb_flow *f, struct pdb_buf *b);
/* <section id="flow">: a throughput bar chart and a cycle-time scatter. */
void	render_flow_html(const struct pdb_flow *f, struct pdb_buf *b);
/* The JSON member "flow": {weeks [{week, completed, added}], cycle_items,
 * cycle_median, cycle_p85}, ending ",\n". */
void	render_flow_json(const struct pdb_flow *f, struct pdb_buf *b);

/* Open risks are counted per level: 0 unrated, 1 low .. 4 critical. */
#define PDB_RISK_LEVELS	5

struct pdb_report {
	char		 since[11];	/* first local day of the window */
	char		 until[11];	/* its last local day */
	char		 as_of[20];	/* local time the report is for */
	char		 ingested[20];	/* last ingest, local; "" if none */
	long		 documents;	/* milestones.total: documents, */
	long		 done;		/* items done */
	long		 total;		/* and items (cancelled left out) */
	int		 percent;	/* of them done; -1 without items */
	long		 risks[PDB_RISK_LEVELS];	/* open, per level */
	sqlite3_stmt	*documents_stmt;	/* report.documents */
	sqlite3_stmt	*milestones_stmt;	/* milestones.current */
	struct pdb_part	 lists[PDB_RL_COUNT];	/* key, title, statement */
	struct pdb_burndown burndown;
	struct pdb_flow	 flow;
};

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
