/*
 * render_report.c - `progdb report` as Markdown and as JSON (see
 * report.h).  Tables of list parts go through render_stmt(), so they read
 * exactly as `weekly`, `risks`, `debt` and `check` print them; this file
 * adds the progress bars, the sparklines and the layout around them.
 */
#include "progdb/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/date.h"
#include "progdb/escape.h"

#define MD_BAR		20	/* characters in the overall bar */
#define MD_ROW_BAR	10	/* in a table row */

const char *
render_report_level(int level)
{
	static const char *const names[PDB_RISK_LEVELS] = {"Unrated", "Low",
	    "Medium", "High", "Critical"};

	return level >= 0 && level < PDB_RISK_LEVELS ? names[level] : "";
}

/* ---- reading rows ---- */

static int
column_named(sqlite3_stmt *s, const char *name)
{
	int n = sqlite3_column_count(s);

	for (int i = 0; i < n; i++) {
		const char *c = sqlite3_column_name(s, i);

		if (c != NULL && strcmp(c, name) == 0)
			return i;
	}
	return -1;
}

static const char *
text_named(sqlite3_stmt *s, const char *name)
{
	int i = column_named(s, name);

	return i < 0 ? NULL : (const char *)sqlite3_column_text(s, i);
}

static long
int_named(sqlite3_stmt *s, const char *name, long none)
{
	int i = column_named(s, name);

	if (i < 0 || sqlite3_column_type(s, i) == SQLITE_NULL)
		return none;
	return (long)sqlite3_column_int64(s, i);
}

const char *const pdb_report_hints[PDB_RL_COUNT] = {
	[PDB_RL_COMPLETED] = "progdb weekly --all",
	[PDB_RL_ADDED] = "progdb weekly --all",
	[PDB_RL_REOPENED] = "progdb weekly --all",
	[PDB_RL_RISKS] = "progdb risks --open",
	[PDB_RL_DEBT] = "progdb debt --open",
	[PDB_RL_LOG] = "progdb weekly --all",
	[PDB_RL_FINDINGS] = "progdb check",
	[PDB_RL_MOVED] = "progdb weekly --all",
	[PDB_RL_DISAGREE] = "progdb milestones",
};

int
render_report_progress(sqlite3_stmt *s, struct pdb_progress_row *row)
{
	int rc = sqlite3_step(s);

	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : -1;
	row->path = text_named(s, "path");
	row->name = text_named(s, column_named(s, "section") >= 0 ?
	    "section" : "title");
	row->line = int_named(s, "line", 0);
	row->declared = text_named(s, "declared");
	row->done = int_named(s, "done", 0);
	row->total = int_named(s, "total", 0);
	row->percent = (int)int_named(s, "percent", -1);
	row->disagrees = int_named(s, "disagrees", 0) != 0;
	if (row->path == NULL)
		row->path = "";
	if (row->name == NULL)
		row->name = "";
	return 1;
}

/* ---- Markdown ---- */

static void
md_text(struct pdb_buf *b, const char *s)
{
	escape_md_cell(s, strlen(s), b);
}

static void
md_bar(struct pdb_buf *b, int percent, int width)
{
	buf_putc(b, '`');
	render_bar(b, percent / 100.0, width, 0);
	buf_printf(b, "` %d%%", percent);
}

static void
md_heading(const struct pdb_report *r, struct pdb_buf *b)
{
	buf_printf(b, "# Progress report\n\n- Period: %s to %s\n", r->since,
	    r->until);
	buf_printf(b, "- As of: %.16s\n", r->as_of);
	if (r->ingested[0] != '\0')
		buf_printf(b, "- Data last ingested: %.16s\n\n", r->ingested);
	else
		buf_puts(b, "- Data last ingested: never\n\n");
}

static void
md_overall(const struct pdb_report *r, struct pdb_buf *b)
{
	buf_puts(b, "## Overall progress\n\n");
	if (r->percent < 0) {
		buf_printf(b, "No checklist items in %ld documents.\n\n",
		    r->documents);
		return;
	}
	md_bar(b, r->percent, MD_BAR);
	buf_printf(b, ": %ld of %ld items done in %ld documents\n\n",
	    r->done, r->total, r->documents);
}

static void
md_progress_row(const struct pdb_progress_row *p, int milestones,
    struct pdb_buf *b)
{
	buf_puts(b, "| ");
	md_text(b, p->name);
	buf_puts(b, " | ");
	md_text(b, p->path);
	if (milestones)
		buf_printf(b, ":%ld", p->line);
	buf_puts(b, " | ");
	if (p->percent >= 0)
		md_bar(b, p->percent, MD_ROW_BAR);
	buf_printf(b, " | %ld/%ld | ", p->done, p->total);
	if (p->declared != NULL)
		md_text(b, p->declared);
	buf_puts(b, p->disagrees ? " | **disagrees** |\n" : " |  |\n");
}

/* After a list that stopped: how many more, and how to see them. */
static void
md_more(long n, const char *hint, struct pdb_buf *b)
{
	if (n > PDB_REPORT_ROWS)
		buf_printf(b, "\n… and %ld more: `%s`\n", n - PDB_REPORT_ROWS,
		    hint);
}

/* The header, its underline and the first rows of a Markdown table. */
static size_t
md_table_head(const struct pdb_buf *t)
{
	size_t lines = 0;

	for (size_t i = 0; i < t->len; i++)
		if (t->data[i] == '\n' && ++lines == 2 + PDB_REPORT_ROWS)
			return i + 1;
	return t->len;
}

static int
md_progress(sqlite3_stmt *s, const char *title, int milestones,
    const char *hint, struct pdb_buf *b, long *count)
{
	struct pdb_buf rows = {0};
	struct pdb_progress_row p;
	long n = 0;
	int rc;

	while ((rc = render_report_progress(s, &p)) == 1)
		if (n++ < PDB_REPORT_ROWS)
			md_progress_row(&p, milestones, &rows);
	buf_printf(b, "## %s (%ld)\n\n", title, n);
	if (n == 0)
		buf_puts(b, "_None._\n");
	else
		buf_printf(b, "| %s | Where | Progress | Done | Declared | |\n"
		    "| --- | --- | --- | ---: | --- | --- |\n%s",
		    milestones ? "Milestone" : "Document", buf_cstr(&rows));
	md_more(n, hint, b);
	buf_putc(b, '\n');
	buf_free(&rows);
	*count = n;
	return rc;
}

/* A part as "### Title (N)" and the first rows of its table, or
 * "_None._". */
static int
md_list(const struct pdb_report_table *p, const char *hint, const char *hashes,
    struct pdb_buf *b, long *count)
{
	struct pdb_buf table = {0};
	long n = render_capture(p->stmt, &(struct pdb_render_opts){
	    .format = PDB_FORMAT_MD, .max_rows = PDB_REPORT_ROWS}, &table);

	if (n >= 0) {
		buf_printf(b, "%s %s (%ld)\n\n", hashes, p->title, n);
		if (n == 0)
			buf_puts(b, "_None._\n");
		else
			buf_append(b, table.data, md_table_head(&table));
		md_more(n, hint, b);
		buf_putc(b, '\n');
	}
	buf_free(&table);
	*count = n;
	return n < 0 ? -1 : 0;
}

static void
md_risk_levels(const struct pdb_report *r, struct pdb_buf *b)
{
	long max = 1;

	for (int l = 0; l < PDB_RISK_LEVELS; l++)
		if (r->risks[l] > max)
			max = r->risks[l];
	buf_puts(b, "## Risks\n\n### By severity\n\n"
	    "| Severity | Open | |\n| --- | ---: | --- |\n");
	for (int l = PDB_RISK_LEVELS - 1; l >= 0; l--) {
		if (l == 0 && r->risks[0] == 0)
			continue;
		buf_printf(b, "| %s | %ld | `", render_report_level(l),
		    r->risks[l]);
		render_bar(b, (double)r->risks[l] / (double)max, MD_ROW_BAR, 0);
		buf_puts(b, "` |\n");
	}
	buf_putc(b, '\n');
}

static void
md_count(struct pdb_buf *b, struct pdb_bd_count c)
{
	if (c.known)
		buf_printf(b, "%ld", c.n);
}

static void
md_series_line(const struct pdb_bd_series *s, int counted, struct pdb_buf *b)
{
	const struct pdb_bd_count *first = NULL, *last = NULL;

	for (size_t i = 0; i < s->n; i++) {
		const struct pdb_bd_count *c = counted ? &s->v[i].seen :
		    &s->v[i].written;

		if (c->known) {
			first = first != NULL ? first : c;
			last = c;
		}
	}
	if (first == NULL)
		return;
	buf_puts(b, counted ? "- Counted by progdb: `" :
	    "- Remaining as written: `");
	render_sparkline(b, s, counted);
	buf_printf(b, "` %ld to %ld\n", first->n, last->n);
}

static void
md_burndown_series(const struct pdb_bd_series *s, struct pdb_buf *b)
{
	double ideal;
	char end[11];

	buf_puts(b, "### ");
	if (s->milestone != NULL) {
		md_text(b, s->milestone);
		buf_puts(b, " (");
	}
	md_text(b, s->path);
	buf_printf(b, ":%ld", s->line);
	buf_puts(b, s->milestone != NULL ? ")\n\n" : "\n\n");
	md_series_line(s, 0, b);
	md_series_line(s, 1, b);
	if (burndown_ideal(s, (double)s->v[0].day, &ideal)) {
		date_format_day(s->end_day, end);
		buf_printf(b, "- Ideal: %ld to 0 by %s\n", (long)(ideal + 0.5),
		    end);
	}
	buf_puts(b, "\n| Row | Remaining | Counted | Ideal |\n"
	    "| --- | ---: | ---: | ---: |\n");
	for (size_t i = 0; i < s->n; i++) {
		buf_puts(b, "| ");
		md_text(b, s->v[i].label);
		buf_puts(b, " | ");
		md_count(b, s->v[i].written);
		buf_puts(b, " | ");
		md_count(b, s->v[i].seen);
		buf_puts(b, " | ");
		if (burndown_ideal(s, (double)s->v[i].day, &ideal))
			buf_printf(b, "%.1f", ideal);
		buf_puts(b, " |\n");
	}
	buf_putc(b, '\n');
}

static void
md_burndown(const struct pdb_report *r, struct pdb_buf *b)
{
	buf_puts(b, "## Burndown\n\n");
	if (r->burndown.n == 0)
		buf_puts(b, "_None._\n\n");
	for (size_t i = 0; i < r->burndown.n && i < PDB_REPORT_CHARTS; i++)
		md_burndown_series(&r->burndown.v[i], b);
	if (r->burndown.n > PDB_REPORT_CHARTS)
		buf_printf(b, "… and %zu more charts: `progdb burndown`\n\n",
		    r->burndown.n - PDB_REPORT_CHARTS);
}

/* The period's numbers, as one line. */
static void
md_numbers(const struct pdb_report *r, const long *n, struct pdb_buf *b)
{
	static const int shown[] = {PDB_RL_COMPLETED, PDB_RL_ADDED,
	    PDB_RL_REOPENED, PDB_RL_MOVED, PDB_RL_DISAGREE, PDB_RL_RISKS,
	    PDB_RL_FINDINGS};

	buf_puts(b, "## This period\n\n");
	for (size_t i = 0; i < sizeof(shown) / sizeof(*shown); i++)
		buf_printf(b, "%s%s: %ld", i > 0 ? " · " : "",
		    r->lists[shown[i]].title, n[shown[i]]);
	buf_puts(b, "\n\n");
}

/* Each list rendered apart first: the overview needs their counts. */
static int
md_parts(struct pdb_report *r, struct pdb_buf *parts, long *n)
{
	int rc = 0;

	for (int i = 0; i < PDB_RL_COUNT && rc == 0; i++) {
		const char *hashes = i == PDB_RL_MOVED || i == PDB_RL_DEBT ||
		    i >= PDB_RL_LOG ? "##" : "###";

		if (i == PDB_RL_DISAGREE)
			rc = md_progress(r->lists[i].stmt, r->lists[i].title, 1,
			    pdb_report_hints[i], &parts[i], &n[i]) < 0;
		else
			rc = md_list(&r->lists[i], pdb_report_hints[i], hashes,
			    &parts[i], &n[i]);
	}
	return rc;
}

static void
md_append(struct pdb_buf *b, const struct pdb_buf *part)
{
	buf_append(b, part->data, part->len);
}

/*
 * An overview first (overall progress, the period's numbers, milestones
 * that moved, what disagrees, open risks by severity, burndown), then the
 * lists, each stopped after its first rows.
 */
static int
md_body(struct pdb_report *r, struct pdb_buf *b)
{
	struct pdb_buf parts[PDB_RL_COUNT] = {{0}};
	long n[PDB_RL_COUNT] = {0}, docs;
	int rc = md_parts(r, parts, n);

	md_heading(r, b);
	md_overall(r, b);
	md_numbers(r, n, b);
	md_append(b, &parts[PDB_RL_MOVED]);
	md_append(b, &parts[PDB_RL_DISAGREE]);
	md_risk_levels(r, b);
	md_append(b, &parts[PDB_RL_RISKS]);
	md_burndown(r, b);
	render_flow_md(&r->flow, b);
	if (rc == 0)
		rc = md_progress(r->documents_stmt, "Documents", 0,
		    "progdb status", b, &docs) < 0;
	buf_puts(b, "## Completed, added, reopened\n\n");
	for (int i = PDB_RL_COMPLETED; i <= PDB_RL_REOPENED; i++)
		md_append(b, &parts[i]);
	md_append(b, &parts[PDB_RL_DEBT]);
	for (int i = PDB_RL_LOG; i <= PDB_RL_FINDINGS; i++)
		md_append(b, &parts[i]);
	for (int i = 0; i < PDB_RL_COUNT; i++)
		buf_free(&parts[i]);
	return rc ? -1 : 0;
}

static int
write_buf(const struct pdb_buf *b, FILE *out)
{
	if (b->len > 0 && fwrite(b->data, 1, b->len, out) != b->len)
		return -1;
	return ferror(out) ? -1 : 0;
}

int
render_report_md(struct pdb_report *r, FILE *out)
{
	struct pdb_buf b = {0};
	int rc = md_body(r, &b);

	/* No blank line at the very end. */
	while (rc == 0 && b.len >= 2 && b.data[b.len - 2] == '\n' &&
	    b.data[b.len - 1] == '\n')
		b.len--;
	if (rc == 0)
		rc = write_buf(&b, out);
	buf_free(&b);
	return rc;
}

/* ---- JSON ---- */

static void
json_string(struct pdb_buf *b, const char *s)
{
	if (s == NULL) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	escape_json(s, strlen(s), b);
	buf_putc(b, '"');
}

static void
json_count(struct pdb_buf *b, struct pdb_bd_count c)
{
	if (c.known)
		buf_printf(b, "%ld", c.n);
	else
		buf_puts(b, "null");
}

static void
json_head(const struct pdb_report *r, struct pdb_buf *b)
{
	buf_puts(b, "{\n  \"since\": ");
	json_string(b, r->since);
	buf_puts(b, ",\n  \"until\": ");
	json_string(b, r->until);
	buf_puts(b, ",\n  \"as_of\": ");
	json_string(b, r->as_of);
	buf_puts(b, ",\n  \"last_ingest\": ");
	json_string(b, r->ingested[0] != '\0' ? r->ingested : NULL);
	buf_printf(b, ",\n  \"overall\": {\"documents\": %ld, \"done\": %ld, "
	    "\"total\": %ld, \"percent\": ", r->documents, r->done, r->total);
	if (r->percent >= 0)
		buf_printf(b, "%d},\n", r->percent);
	else
		buf_puts(b, "null},\n");
}

/* "key": [rows...], as render_stmt() writes them. */
static int
json_array(const char *key, sqlite3_stmt *s, struct pdb_buf *b)
{
	struct pdb_buf array = {0};
	long n = render_capture(s,
	    &(struct pdb_render_opts){.format = PDB_FORMAT_JSON}, &array);

	if (n >= 0) {
		while (array.len > 0 && array.data[array.len - 1] == '\n')
			array.len--;
		buf_printf(b, "  \"%s\": ", key);
		buf_append(b, array.data, array.len);
		buf_puts(b, ",\n");
	}
	buf_free(&array);
	return n < 0 ? -1 : 0;
}

static void
json_risk_levels(const struct pdb_report *r, struct pdb_buf *b)
{
	static const char *const keys[PDB_RISK_LEVELS] = {"unrated", "low",
	    "medium", "high", "critical"};

	buf_puts(b, "  \"risks_by_severity\": {");
	for (int l = PDB_RISK_LEVELS - 1; l >= 0; l--)
		buf_printf(b, "\"%s\": %ld%s", keys[l], r->risks[l],
		    l > 0 ? ", " : "},\n");
}

static void
json_point(const struct pdb_bd_series *s, size_t i, struct pdb_buf *b)
{
	const struct pdb_bd_point *p = &s->v[i];
	char day[11];
	double ideal;

	buf_puts(b, "      {\"label\": ");
	json_string(b, p->label);
	buf_puts(b, ", \"date\": ");
	if (p->day != PDB_BD_NO_DAY) {
		date_format_day(p->day, day);
		json_string(b, day);
	} else
		buf_puts(b, "null");
	buf_printf(b, ", \"line\": %ld, \"remaining\": ", p->line);
	json_count(b, p->written);
	buf_puts(b, ", \"remaining_seen\": ");
	json_count(b, p->seen);
	buf_puts(b, ", \"ideal\": ");
	if (burndown_ideal(s, (double)p->day, &ideal))
		buf_printf(b, "%.1f}", ideal);
	else
		buf_puts(b, "null}");
	buf_puts(b, i + 1 < s->n ? ",\n" : "\n");
}

static void
json_burndown(const struct pdb_report *r, struct pdb_buf *b)
{
	char end[11];

	buf_puts(b, "  \"burndown\": [");
	for (size_t i = 0; i < r->burndown.n; i++) {
		const struct pdb_bd_series *s = &r->burndown.v[i];

		buf_puts(b, i == 0 ? "\n    {\"milestone\": " :
		    ",\n    {\"milestone\": ");
		json_string(b, s->milestone);
		buf_puts(b, ", \"path\": ");
		json_string(b, s->path);
		buf_printf(b, ", \"line\": %ld", s->line);
		buf_puts(b, ", \"end\": ");
		if (s->end_day != PDB_BD_NO_DAY) {
			date_format_day(s->end_day, end);
			json_string(b, end);
		} else
			buf_puts(b, "null");
		buf_puts(b, ", \"points\": [\n");
		for (size_t j = 0; j < s->n; j++)
			json_point(s, j, b);
		buf_puts(b, "    ]}");
	}
	buf_puts(b, r->burndown.n > 0 ? "\n  ],\n" : "],\n");
}

static int
json_body(struct pdb_report *r, struct pdb_buf *b)
{
	int rc;

	json_head(r, b);
	rc = json_array("documents", r->documents_stmt, b);
	if (rc == 0)
		rc = json_array("milestones", r->milestones_stmt, b);
	for (int i = PDB_RL_COMPLETED; rc == 0 && i <= PDB_RL_RISKS; i++)
		rc = json_array(r->lists[i].key, r->lists[i].stmt, b);
	if (rc == 0)
		json_risk_levels(r, b);
	if (rc == 0)
		rc = json_array(r->lists[PDB_RL_DEBT].key,
		    r->lists[PDB_RL_DEBT].stmt, b);
	if (rc == 0)
		json_burndown(r, b);
	if (rc == 0)
		render_flow_json(&r->flow, b);
	for (int i = PDB_RL_LOG; rc == 0 && i <= PDB_RL_FINDINGS; i++)
		rc = json_array(r->lists[i].key, r->lists[i].stmt, b);
	/* The last member takes no comma. */
	if (rc == 0 && b->len >= 2) {
		b->len -= 2;
		buf_puts(b, "\n}\n");
	}
	return rc;
}

int
render_report_json(struct pdb_report *r, FILE *out)
{
	struct pdb_buf b = {0};
	int rc = json_body(r, &b);

	if (rc == 0)
		rc = write_buf(&b, out);
	buf_free(&b);
	return rc;
}
