/*
 * render_html.c - `progdb report --format html`: one self-contained page
 * (see report.h).  The CSS is inline and the charts are inline SVG
 * (render_svg.c); there is no JavaScript and nothing is fetched.  Every
 * number a bar or chart shows is also written as text, so the page still
 * reads where a mail client drops styles or SVG.  Every piece of document
 * text goes through escape_html().
 */
#include "progdb/report.h"

#include <string.h>

#include "progdb/buf.h"
#include "progdb/escape.h"

#define BAR_COLOUR	"#0072B2"

static const char style[] =
    "body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "\"Helvetica Neue\",Arial,sans-serif;color:#222;background:#fff;"
    "max-width:64rem;margin:0 auto;padding:1.5rem;"
    "-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "h1{font-size:1.6rem;margin:0 0 .3rem}\n"
    "h2{font-size:1.25rem;margin:2rem 0 .6rem;padding-bottom:.2rem;"
    "border-bottom:2px solid #ccc}\n"
    "h3{font-size:1.05rem;margin:1.2rem 0 .4rem}\n"
    ".meta{color:#555;margin:0}\n"
    "table{border-collapse:collapse;width:100%;font-size:.9rem;"
    "margin:.3rem 0 1rem}\n"
    "th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;"
    "border-bottom:1px solid #e2e2e2}\n"
    "th{background:#f2f2f2;font-weight:600}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}\n"
    "td.bar{white-space:nowrap}\n"
    "td.where{overflow-wrap:anywhere;min-width:8rem}\n"
    "table.severity{width:auto}\n"
    "svg.bar{vertical-align:middle;margin-right:.4rem}\n"
    ".flag{color:#a33b00;font-weight:bold;white-space:nowrap}\n"
    ".none{color:#666;font-style:italic}\n"
    "figure{margin:1rem 0}\n"
    "figcaption{font-weight:600;margin-bottom:.3rem}\n"
    "svg.chart{max-width:100%;height:auto}\n"
    "details{margin:0 0 1.5rem}\n"
    "summary{cursor:pointer}\n"
    "summary>h2,summary>h3{display:inline}\n"
    ".more{color:#555}\n"
    "table.numbers{width:auto}\n"
    "footer{margin-top:2rem;color:#666;font-size:.85rem}\n"
    "@media print{body{max-width:none;padding:0;font-size:10.5pt}"
    "h2{break-after:avoid}tr,figure{break-inside:avoid}"
    "details{display:none}}\n";

/* Okabe-Ito colours per risk level, unrated to critical. */
static const char *const level_colours[PDB_RISK_LEVELS] = {"#999999",
    "#56B4E9", "#F0E442", "#E69F00", "#D55E00"};

static void
text(struct pdb_buf *b, const char *s)
{
	escape_html(s, strlen(s), b);
}

/* ---- generic tables ---- */

static int
is_column(sqlite3_stmt *s, int i, const char *name)
{
	const char *c = sqlite3_column_name(s, i);

	return c != NULL && strcmp(c, name) == 0;
}

static int
has_column(sqlite3_stmt *s, const char *name)
{
	for (int i = 0; i < sqlite3_column_count(s); i++)
		if (is_column(s, i, name))
			return 1;
	return 0;
}

/* "line" is shown with "path" (path:line) when there is one. */
static int
skip_column(sqlite3_stmt *s, int i)
{
	return is_column(s, i, "line") && has_column(s, "path");
}

/* A column name as a header: "open_until" -> "Open until"; path: Where. */
static void
header_cell(sqlite3_stmt *s, int i, struct pdb_buf *b)
{
	const char *name = sqlite3_column_name(s, i);
	size_t start;

	if (name == NULL)
		name = "";
	if (strcmp(name, "path") == 0)
		name = "where";
	buf_puts(b, "<th>");
	start = b->len;
	text(b, name);
	for (size_t k = start; k < b->len; k++)
		if (b->data[k] == '_')
			b->data[k] = ' ';
	if (b->len > start && b->data[start] >= 'a' && b->data[start] <= 'z')
		b->data[start] = (char)(b->data[start] - 'a' + 'A');
	buf_puts(b, "</th>");
}

static void
value_cell(sqlite3_stmt *s, int i, struct pdb_buf *b)
{
	int type = sqlite3_column_type(s, i);
	const char *t = (const char *)sqlite3_column_text(s, i);

	if (is_column(s, i, "path"))
		buf_puts(b, "<td class=\"where\">");
	else if (type == SQLITE_INTEGER || type == SQLITE_FLOAT)
		buf_puts(b, "<td class=\"num\">");
	else
		buf_puts(b, "<td>");
	if (t != NULL)
		text(b, t);
	if (is_column(s, i, "path"))
		for (int j = 0; j < sqlite3_column_count(s); j++)
			if (is_column(s, j, "line") &&
			    sqlite3_column_type(s, j) != SQLITE_NULL)
				buf_printf(b, ":%lld", (long long)
				    sqlite3_column_int64(s, j));
	buf_puts(b, "</td>");
}

static void
header_row(sqlite3_stmt *s, struct pdb_buf *b)
{
	buf_puts(b, "<table>\n<thead><tr>");
	for (int i = 0; i < sqlite3_column_count(s); i++)
		if (!skip_column(s, i))
			header_cell(s, i, b);
	buf_puts(b, "</tr></thead>\n<tbody>\n");
}

/* After a list that stopped: how many more, and how to see them. */
static void
more_rows(long n, const char *hint, struct pdb_buf *b)
{
	if (n <= PDB_REPORT_ROWS)
		return;
	buf_printf(b, "<p class=\"more\">&hellip; and %ld more: <code>%s"
	    "</code></p>\n", n - PDB_REPORT_ROWS, hint);
}

/*
 * A part as a heading "Title (N)" and a table of its first rows, or
 * "None."; folded (<details>, the heading as its summary) when fold is
 * set.  *count gets N.
 */
static int
list(const struct pdb_report_table *p, const char *hint, int fold, int level,
    struct pdb_buf *b, long *count)
{
	struct pdb_buf rows = {0};
	long n = 0;
	int rc;

	while ((rc = sqlite3_step(p->stmt)) == SQLITE_ROW) {
		if (n++ >= PDB_REPORT_ROWS)
			continue;
		buf_puts(&rows, "<tr>");
		for (int i = 0; i < sqlite3_column_count(p->stmt); i++)
			if (!skip_column(p->stmt, i))
				value_cell(p->stmt, i, &rows);
		buf_puts(&rows, "</tr>\n");
	}
	buf_printf(b, fold && n > 0 ? "<details><summary><h%d>%s (%ld)</h%d>"
	    "</summary>\n" : "<h%d>%s (%ld)</h%d>\n", level, p->title, n,
	    level);
	if (n == 0)
		buf_puts(b, "<p class=\"none\">None.</p>\n");
	else {
		header_row(p->stmt, b);
		buf_append(b, rows.data, rows.len);
		buf_puts(b, "</tbody>\n</table>\n");
		more_rows(n, hint, b);
	}
	if (fold && n > 0)
		buf_puts(b, "</details>\n");
	buf_free(&rows);
	*count = n;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- the sections ---- */

static void
head(const struct pdb_report *r, struct pdb_buf *b)
{
	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"progdb\">\n"
	    "<title>Progress report %s to %s</title>\n<style>\n%s</style>\n"
	    "</head>\n<body>\n", r->since, r->until, style);
	buf_printf(b, "<header id=\"summary\">\n<h1>Progress report</h1>\n"
	    "<p class=\"meta\">Period <time datetime=\"%s\">%s</time> to "
	    "<time datetime=\"%s\">%s</time> &middot; as of %.16s &middot; "
	    "data last ingested %.16s</p>\n</header>\n<main>\n", r->since,
	    r->since, r->until, r->until, r->as_of, r->ingested[0] != '\0' ?
	    r->ingested : "never");
}

static void
overall(const struct pdb_report *r, struct pdb_buf *b)
{
	char label[32];

	buf_puts(b, "<section id=\"overall\">\n<h2>Overall progress</h2>\n"
	    "<p>");
	if (r->percent < 0) {
		buf_printf(b, "No checklist items in %ld documents.</p>\n"
		    "</section>\n", r->documents);
		return;
	}
	snprintf(label, sizeof(label), "%d%% done", r->percent);
	render_svg_bar(b, r->percent / 100.0, BAR_COLOUR, label);
	buf_printf(b, "<strong>%d%%</strong>: %ld of %ld items done in %ld "
	    "documents</p>\n</section>\n", r->percent, r->done, r->total,
	    r->documents);
}

static void
progress_row(const struct pdb_progress_row *p, int milestones,
    struct pdb_buf *b)
{
	char label[32];

	buf_puts(b, "<tr><td>");
	text(b, p->name);
	buf_puts(b, "</td><td class=\"where\">");
	text(b, p->path);
	if (milestones)
		buf_printf(b, ":%ld", p->line);
	buf_puts(b, "</td><td class=\"bar\">");
	if (p->percent >= 0) {
		snprintf(label, sizeof(label), "%d%% done", p->percent);
		render_svg_bar(b, p->percent / 100.0, BAR_COLOUR, label);
		buf_printf(b, "%d%%", p->percent);
	}
	buf_printf(b, "</td><td class=\"num\">%ld/%ld</td><td>", p->done,
	    p->total);
	if (p->declared != NULL)
		text(b, p->declared);
	buf_puts(b, p->disagrees ? "</td><td><span class=\"flag\">&#9888; "
	    "disagrees</span></td></tr>\n" : "</td><td></td></tr>\n");
}

/* Documents or milestones with bars: the first rows, folded when fold
 * is set. */
static int
progress(sqlite3_stmt *s, const char *id, const char *title,
    const char *hint, int milestones, int fold, struct pdb_buf *b,
    long *count)
{
	struct pdb_buf rows = {0};
	struct pdb_progress_row p;
	long n = 0;
	int rc;

	while ((rc = render_report_progress(s, &p)) == 1)
		if (n++ < PDB_REPORT_ROWS)
			progress_row(&p, milestones, &rows);
	buf_printf(b, "<section id=\"%s\">\n", id);
	buf_printf(b, fold && n > 0 ? "<details><summary><h2>%s (%ld)</h2>"
	    "</summary>\n" : "<h2>%s (%ld)</h2>\n", title, n);
	if (n == 0)
		buf_puts(b, "<p class=\"none\">None.</p>\n");
	else {
		buf_printf(b, "<table class=\"progress\">\n<thead><tr><th>%s"
		    "</th><th>Where</th><th>Progress</th><th>Done</th>"
		    "<th>Declared</th><th></th></tr></thead>\n<tbody>\n%s"
		    "</tbody>\n</table>\n", milestones ? "Milestone" :
		    "Document", buf_cstr(&rows));
		more_rows(n, hint, b);
	}
	if (fold && n > 0)
		buf_puts(b, "</details>\n");
	buf_puts(b, "</section>\n");
	buf_free(&rows);
	*count = n;
	return rc;
}

static void
risk_levels(const struct pdb_report *r, struct pdb_buf *b)
{
	long max = 1;
	char label[48];

	for (int l = 0; l < PDB_RISK_LEVELS; l++)
		if (r->risks[l] > max)
			max = r->risks[l];
	buf_puts(b, "<h3>By severity</h3>\n<table class=\"severity\">\n"
	    "<thead><tr><th>Severity</th><th>Open</th><th></th></tr></thead>"
	    "\n<tbody>\n");
	for (int l = PDB_RISK_LEVELS - 1; l >= 0; l--) {
		if (l == 0 && r->risks[0] == 0)
			continue;
		snprintf(label, sizeof(label), "%ld open %s risks", r->risks[l],
		    render_report_level(l));
		buf_printf(b, "<tr><td>%s</td><td class=\"num\">%ld</td>"
		    "<td class=\"bar\">", render_report_level(l), r->risks[l]);
		render_svg_bar(b, (double)r->risks[l] / (double)max,
		    level_colours[l], label);
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n");
}

static void
count_cell(struct pdb_bd_count c, struct pdb_buf *b)
{
	buf_puts(b, "<td class=\"num\">");
	if (c.known)
		buf_printf(b, "%ld", c.n);
	buf_puts(b, "</td>");
}

/* The chart's numbers, for mail clients without SVG and for people. */
static void
chart_data(const struct pdb_bd_series *s, struct pdb_buf *b)
{
	double ideal;

	buf_puts(b, "<details><summary>Data</summary>\n<table>\n<thead><tr>"
	    "<th>Row</th><th>Remaining</th><th>Counted</th><th>Ideal</th>"
	    "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < s->n; i++) {
		buf_puts(b, "<tr><td>");
		text(b, s->v[i].label);
		buf_puts(b, "</td>");
		count_cell(s->v[i].written, b);
		count_cell(s->v[i].seen, b);
		buf_puts(b, "<td class=\"num\">");
		if (burndown_ideal(s, (double)s->v[i].day, &ideal))
			buf_printf(b, "%.1f", ideal);
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</details>\n");
}

static void
burndown(const struct pdb_report *r, struct pdb_buf *b)
{
	buf_puts(b, "<section id=\"burndown\">\n<h2>Burndown</h2>\n");
	if (r->burndown.n == 0)
		buf_puts(b, "<p class=\"none\">None.</p>\n");
	for (size_t i = 0; i < r->burndown.n && i < PDB_REPORT_CHARTS; i++) {
		const struct pdb_bd_series *s = &r->burndown.v[i];

		buf_puts(b, "<figure>\n<figcaption>");
		if (s->milestone != NULL) {
			text(b, s->milestone);
			buf_puts(b, " (");
		}
		text(b, s->path);
		buf_printf(b, ":%ld", s->line);
		buf_puts(b, s->milestone != NULL ? ")</figcaption>\n" :
		    "</figcaption>\n");
		render_svg_burndown(b, s, (int)i + 1);
		buf_puts(b, "\n</figure>\n");
		chart_data(s, b);
	}
	if (r->burndown.n > PDB_REPORT_CHARTS)
		buf_printf(b, "<p class=\"more\">&hellip; and %zu more charts: "
		    "<code>progdb burndown</code></p>\n",
		    r->burndown.n - PDB_REPORT_CHARTS);
	buf_puts(b, "</section>\n");
}

/* The period's numbers, in one small table. */
static void
numbers(const struct pdb_report *r, const long *n, struct pdb_buf *b)
{
	static const int shown[] = {PDB_RL_COMPLETED, PDB_RL_ADDED,
	    PDB_RL_REOPENED, PDB_RL_MOVED, PDB_RL_DISAGREE, PDB_RL_RISKS,
	    PDB_RL_FINDINGS};

	buf_puts(b, "<section id=\"numbers\">\n<h2>This period</h2>\n"
	    "<table class=\"numbers\">\n<tbody>\n");
	for (size_t i = 0; i < sizeof(shown) / sizeof(*shown); i++)
		buf_printf(b, "<tr><td>%s</td><td class=\"num\">%ld</td>"
		    "</tr>\n", r->lists[shown[i]].title, n[shown[i]]);
	buf_puts(b, "</tbody>\n</table>\n</section>\n");
}

/* Each list rendered apart first: the overview needs their counts. */
static int
render_lists(struct pdb_report *r, struct pdb_buf *parts, long *n)
{
	int rc = 0;

	for (int i = 0; i < PDB_RL_COUNT && rc == 0; i++) {
		int open = i == PDB_RL_MOVED, level;

		if (i == PDB_RL_DISAGREE)
			continue;	/* with bars, by progress() */
		level = open || i == PDB_RL_DEBT || i >= PDB_RL_LOG ? 2 : 3;

		rc = list(&r->lists[i], pdb_report_hints[i], !open, level,
		    &parts[i], &n[i]);
	}
	return rc;
}

static void
section(const char *id, const struct pdb_buf *part, struct pdb_buf *b)
{
	buf_printf(b, "<section id=\"%s\">\n", id);
	buf_append(b, part->data, part->len);
	buf_puts(b, "</section>\n");
}

/*
 * An overview first: overall progress, the period's numbers, milestones
 * that moved, what disagrees, open risks by severity, burndown; then the
 * long lists, folded.
 */
static int
body(struct pdb_report *r, struct pdb_buf *b)
{
	struct pdb_buf parts[PDB_RL_COUNT] = {{0}};
	long n[PDB_RL_COUNT] = {0}, docs;
	int rc = render_lists(r, parts, n);

	if (rc == 0)
		rc = progress(r->lists[PDB_RL_DISAGREE].stmt, "disagrees",
		    r->lists[PDB_RL_DISAGREE].title,
		    pdb_report_hints[PDB_RL_DISAGREE], 1, 0,
		    &parts[PDB_RL_DISAGREE], &n[PDB_RL_DISAGREE]);
	head(r, b);
	overall(r, b);
	numbers(r, n, b);
	section("moved", &parts[PDB_RL_MOVED], b);
	buf_append(b, parts[PDB_RL_DISAGREE].data, parts[PDB_RL_DISAGREE].len);
	buf_puts(b, "<section id=\"risks\">\n<h2>Risks</h2>\n");
	risk_levels(r, b);
	buf_append(b, parts[PDB_RL_RISKS].data, parts[PDB_RL_RISKS].len);
	buf_puts(b, "</section>\n");
	burndown(r, b);
	render_flow_html(&r->flow, b);
	if (rc == 0)
		rc = progress(r->documents_stmt, "documents", "Documents",
		    "progdb status", 0, 1, b, &docs);
	buf_puts(b, "<section id=\"period\">\n<h2>Completed, added, "
	    "reopened</h2>\n");
	for (int i = PDB_RL_COMPLETED; i <= PDB_RL_REOPENED; i++)
		buf_append(b, parts[i].data, parts[i].len);
	buf_puts(b, "</section>\n");
	section("debt", &parts[PDB_RL_DEBT], b);
	section("log", &parts[PDB_RL_LOG], b);
	section("findings", &parts[PDB_RL_FINDINGS], b);
	buf_puts(b, "</main>\n<footer><p>Generated by progdb.</p></footer>\n"
	    "</body>\n</html>\n");
	for (int i = 0; i < PDB_RL_COUNT; i++)
		buf_free(&parts[i]);
	return rc;
}

int
render_report_html(struct pdb_report *r, FILE *out)
{
	struct pdb_buf b = {0};
	int rc = body(r, &b);

	if (rc == 0 && fwrite(b.data, 1, b.len, out) != b.len)
		rc = -1;
	buf_free(&b);
	return rc == 0 && !ferror(out) ? 0 : -1;
}
