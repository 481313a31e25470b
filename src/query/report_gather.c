/*
 * report_gather.c - the data of `progdb report` (see report_gather.h):
 * the canned queries the other commands run, read into numbers or
 * prepared for the writers to step, the burndown series and the flow
 * part.  It formats nothing.
 */
#include "progdb/report_gather.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/config.h"
#include "progdb/date.h"
#include "progdb/exit.h"

/* The tables of the report: statement, JSON key, heading. */
static const struct {
	const char	*query;
	const char	*key;
	const char	*title;
} lists[PDB_RL_COUNT] = {
	[PDB_RL_COMPLETED] = {"weekly.completed", "completed", "Completed"},
	[PDB_RL_ADDED] = {"weekly.added", "added", "Added"},
	[PDB_RL_REOPENED] = {"weekly.reopened", "reopened", "Reopened"},
	[PDB_RL_RISKS] = {"lists.risks", "risks", "Open risks"},
	[PDB_RL_DEBT] = {"lists.debt", "debt", "Open tech debt"},
	[PDB_RL_LOG] = {"weekly.log_entries", "log_entries", "Log entries"},
	[PDB_RL_FINDINGS] = {"check.findings", "findings", "Check findings"},
	[PDB_RL_MOVED] = {"weekly.milestones", "milestones_moved",
	    "Milestones that moved"},
	[PDB_RL_DISAGREE] = {"report.disagreeing", "disagreeing",
	    "What disagrees"},
};

/* ---- numbers ---- */

/* Runs the canned query name, handing each row to row(). */
static int
each_row(struct pdb_store *st, const char *name,
    const struct pdb_param *params, size_t n,
    void (*row)(sqlite3_stmt *, struct pdb_report *), struct pdb_report *r)
{
	sqlite3_stmt *s = NULL;
	int rc = query_prepare(st, name, params, n, &s), step;

	if (rc != 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		row(s, r);
	if (step != SQLITE_DONE)
		rc = store_fail(st, "running the report queries");
	sqlite3_finalize(s);
	return rc;
}

static long
column_long(sqlite3_stmt *s, int i)
{
	return (long)sqlite3_column_int64(s, i);
}

/* milestones.total: documents, done, total, percent. */
static void
total_row(sqlite3_stmt *s, struct pdb_report *r)
{
	r->documents = column_long(s, 0);
	r->done = column_long(s, 1);
	r->total = column_long(s, 2);
	r->percent = sqlite3_column_type(s, 3) == SQLITE_NULL ? -1 :
	    (int)column_long(s, 3);
}

/* report.risk_levels: level, open. */
static void
level_row(sqlite3_stmt *s, struct pdb_report *r)
{
	long level = column_long(s, 0);

	if (level >= 0 && level < PDB_RISK_LEVELS)
		r->risks[level] = column_long(s, 1);
}

/* report.last_ingest: at_utc, at_local. */
static void
ingest_row(sqlite3_stmt *s, struct pdb_report *r)
{
	const char *t = (const char *)sqlite3_column_text(s, 1);

	snprintf(r->ingested, sizeof(r->ingested), "%s", t != NULL ? t : "");
}

/* ---- lists and burndown ---- */

static int
prepare_lists(struct pdb_store *st, const struct pdb_param *params,
    size_t n, struct pdb_report *r)
{
	int rc = 0;

	for (size_t i = 0; i < PDB_RL_COUNT && rc == 0; i++) {
		r->lists[i].key = lists[i].key;
		r->lists[i].title = lists[i].title;
		rc = query_prepare(st, lists[i].query, params, n,
		    &r->lists[i].stmt);
	}
	return rc;
}

static int
load_burndown(struct pdb_store *st, const struct pdb_param *params,
    size_t n, struct pdb_report *r)
{
	sqlite3_stmt *rows = NULL, *tables = NULL, *ends = NULL;
	int rc = query_prepare(st, "lists.burndown", params, n, &rows);

	if (rc == 0)
		rc = query_prepare(st, "report.burndown_tables", NULL, 0,
		    &tables);
	if (rc == 0)
		rc = query_prepare(st, "report.burndown_ends", params, n,
		    &ends);
	if (rc == 0)
		rc = burndown_load(st, rows, tables, ends, &r->burndown);
	sqlite3_finalize(rows);
	sqlite3_finalize(tables);
	sqlite3_finalize(ends);
	return rc;
}

/* ---- flow ---- */

/* flow.throughput into f; *completed: items completed in all its weeks
 * (f keeps the first PDB_FLOW_WEEKS). */
static int
load_weeks(sqlite3_stmt *s, struct pdb_flow *f, long *completed)
{
	int rc;

	*completed = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *w = (const char *)sqlite3_column_text(s, 0);

		*completed += sqlite3_column_int(s, 2);
		if (f->nweeks == PDB_FLOW_WEEKS)
			continue;
		snprintf(f->week[f->nweeks], sizeof(f->week[0]), "%s",
		    w != NULL ? w : "");
		f->completed[f->nweeks] = sqlite3_column_int(s, 2);
		f->added[f->nweeks] = sqlite3_column_int(s, 3);
		f->nweeks++;
	}
	return rc == SQLITE_DONE ? 0 : -1;
}

/* flow.cycle_time: the last row, '(all)', is the summary. */
static int
load_cycle(sqlite3_stmt *s, struct pdb_flow *f)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		f->items = sqlite3_column_int(s, 1);
		f->median = sqlite3_column_double(s, 2);
		f->p85 = sqlite3_column_double(s, 3);
	}
	return rc == SQLITE_DONE ? 0 : -1;
}

/* flow.cycle_items: done (a local day) and cycle_days; the latest
 * PDB_FLOW_POINTS rows are kept. */
static int
load_points(sqlite3_stmt *s, struct pdb_flow *f)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *day = (const char *)sqlite3_column_text(s, 4);
		int64_t d;

		if (day == NULL || date_parse(day, strlen(day), &d) != 0)
			continue;
		if (f->npoints == PDB_FLOW_POINTS) {	/* rows come oldest first */
			memmove(f->day, f->day + 1, sizeof(*f->day) *
			    (PDB_FLOW_POINTS - 1));
			memmove(f->cycle, f->cycle + 1, sizeof(*f->cycle) *
			    (PDB_FLOW_POINTS - 1));
			f->npoints--;
		}
		f->day[f->npoints] = d;
		f->cycle[f->npoints] = sqlite3_column_double(s, 5);
		f->npoints++;
	}
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Steps the three statements to their end into f; 0, or -1 on failure.
 * The cycle statements read only items completed in the window, which
 * the throughput's weeks hold: when those count none, they have no rows
 * and are not run (each reads every item).
 */
static int
flow_steps(sqlite3_stmt *throughput, sqlite3_stmt *cycle_time,
    sqlite3_stmt *cycle_items, struct pdb_flow *f)
{
	long completed;

	memset(f, 0, sizeof(*f));
	if (load_weeks(throughput, f, &completed) != 0)
		return -1;
	if (completed == 0)
		return 0;
	if (load_cycle(cycle_time, f) != 0)
		return -1;
	return load_points(cycle_items, f);
}

/* The flow part's window: the PDB_FLOW_WEEKS weeks up to the period's end. */
static struct pdb_window
flow_window(const struct pdb_window *period)
{
	struct pdb_window w = {.until = period->until,
		.since = period->until - (PDB_FLOW_WEEKS - 1) * QUERY_WEEK};

	query_window(&w);
	return w;
}

static int
load_flow(struct pdb_store *st, const struct pdb_window *period,
    int templates, struct pdb_report *r)
{
	static const char *const names[] = {"flow.throughput",
		"flow.cycle_time", "flow.cycle_items"};
	const struct pdb_window w = flow_window(period);
	sqlite3_stmt *s[3] = {NULL};
	int rc = 0;
	const struct pdb_param params[] = {
		PDB_TEXT(":since_at", w.since_at),
		PDB_TEXT(":until_at", w.until_at),
		PDB_TEXT(":since_day", w.since_day),
		PDB_INT(":templates", templates),
		PDB_TEXT(":by", "milestone"),
	};
	for (size_t i = 0; i < 3 && rc == 0; i++)
		rc = query_prepare(st, names[i], params,
		    sizeof(params) / sizeof(*params), &s[i]);
	if (rc == 0 && flow_steps(s[0], s[1], s[2], &r->flow) != 0)
		rc = store_fail(st, "running the flow queries");
	for (size_t i = 0; i < 3; i++)
		sqlite3_finalize(s[i]);
	return rc;
}

/* ---- the whole ---- */

static int
gather(struct pdb_store *st, const struct pdb_window *w, int templates,
    int64_t now, const char *ignore, struct pdb_report *r)
{
	const struct pdb_param params[] = {
		PDB_TEXT(":ignore", ignore),
		PDB_TEXT(":since_at", w->since_at),
		PDB_TEXT(":until_at", w->until_at),
		PDB_TEXT(":since_day", w->since_day),
		PDB_TEXT(":until_day", w->until_day),
		PDB_INT(":templates", templates),
		PDB_INT(":open", 1),
	};
	size_t n = sizeof(params) / sizeof(*params);
	int rc;

	memcpy(r->since, w->since_day, sizeof(r->since));
	memcpy(r->until, w->until_day, sizeof(r->until));
	date_format_local(now, r->as_of);
	rc = each_row(st, "report.last_ingest", params, n, ingest_row, r);
	if (rc == 0)
		rc = each_row(st, "milestones.total", params, n, total_row, r);
	if (rc == 0)
		rc = each_row(st, "report.risk_levels", params, n, level_row,
		    r);
	if (rc == 0)
		rc = query_prepare(st, "report.documents", params, n,
		    &r->documents_stmt);
	if (rc == 0)
		rc = query_prepare(st, "milestones.current", params, n,
		    &r->milestones_stmt);
	if (rc == 0)
		rc = prepare_lists(st, params, n, r);
	if (rc == 0)
		rc = load_burndown(st, params, n, r);
	if (rc == 0)
		rc = load_flow(st, w, templates, r);
	return rc;
}

int
report_gather(struct pdb_store *st, const struct pdb_window *w,
    int templates, int64_t now, struct pdb_report *r)
{
	struct pdb_config c = {0};
	char *ignore = NULL;
	int rc = PDB_EXIT_USAGE;

	if (query_load_config(st, NULL, &c) == 0) {
		ignore = query_ignore_list(&c);
		rc = gather(st, w, templates, now, ignore, r);
	}
	free(ignore);
	config_free(&c);
	return rc;
}

void
report_free(struct pdb_report *r)
{
	sqlite3_finalize(r->documents_stmt);
	sqlite3_finalize(r->milestones_stmt);
	for (size_t i = 0; i < PDB_RL_COUNT; i++)
		sqlite3_finalize(r->lists[i].stmt);
	burndown_free(&r->burndown);
}
