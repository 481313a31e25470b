/*
 * report_gather.h - the data of `progdb report`, gathered from the canned
 * queries the other commands run (query/report_gather.c): the period, a
 * few numbers, prepared statements for the lists (the writers step them),
 * the burndown series and the flow part.  The writers of report.h lay a
 * struct pdb_report out; nothing here formats.
 */
#ifndef PROGDB_REPORT_GATHER_H
#define PROGDB_REPORT_GATHER_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "progdb/burndown.h"
#include "progdb/query.h"
#include "progdb/store.h"

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

/* One list: its JSON key, its heading and its statement, not yet stepped. */
struct pdb_report_table {
	const char	*key;		/* "completed" */
	const char	*title;		/* "Completed" */
	sqlite3_stmt	*stmt;
};

/*
 * The flow part: the PDB_FLOW_WEEKS weeks up to the end of the period,
 * from flow.throughput, flow.cycle_time and flow.cycle_items.
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

/* Open risks are counted per level: 0 unrated, 1 low .. 4 critical. */
#define PDB_RISK_LEVELS	5

/* What report_gather() fills; report_free() releases the statements and
 * the burndown it owns. */
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
	struct pdb_report_table lists[PDB_RL_COUNT];
	struct pdb_burndown burndown;
	struct pdb_flow	 flow;
};

/*
 * Fills r (zeroed by the caller) for the window w as of now: the numbers
 * are read, the lists prepared; the check findings leave out what .progdb
 * ignores, as `check` does.  templates: count template documents too.
 * Returns 0, or an exit status after reporting; either way
 * report_free(r) follows.
 */
int	report_gather(struct pdb_store *st, const struct pdb_window *w,
	    int templates, int64_t now, struct pdb_report *r);
void	report_free(struct pdb_report *r);

#endif
