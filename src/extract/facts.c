/*
 * facts.c - lifetime of extracted records, and the state vocabulary shared
 * by extraction, storage and queries.
 */
#include "progdb/facts.h"

#include <stdlib.h>

static const char *const state_names[] = {
	[PDB_STATE_OPEN] = "open",
	[PDB_STATE_DONE] = "done",
	[PDB_STATE_IN_PROGRESS] = "in_progress",
	[PDB_STATE_CANCELLED] = "cancelled",
	[PDB_STATE_DEFERRED] = "deferred",
	[PDB_STATE_BLOCKED] = "blocked",
	[PDB_STATE_QUESTION] = "question",
	[PDB_STATE_NOT_STARTED] = "not_started",
	[PDB_STATE_PARTIAL] = "partial",
};

const char *
facts_state_name(enum pdb_state s)
{
	return state_names[s];
}

const char *
facts_table_kind_name(enum pdb_table_kind k)
{
	static const char *const names[] = {
		[PDB_TABLE_OTHER] = "other", [PDB_TABLE_RISK] = "risk",
		[PDB_TABLE_DEBT] = "tech_debt",
		[PDB_TABLE_BURNDOWN] = "burndown",
		[PDB_TABLE_METRIC] = "metric", [PDB_TABLE_FIELDS] = "fields",
		[PDB_TABLE_STATUS] = "status",
	};

	return names[k];
}

const char *
facts_claim_kind_name(enum pdb_claim_kind k)
{
	static const char *const names[] = {
		[PDB_CLAIM_PROGRESS] = "progress", [PDB_CLAIM_STATUS] = "status",
		[PDB_CLAIM_TESTS] = "tests", [PDB_CLAIM_COVERAGE] = "coverage",
		[PDB_CLAIM_METRIC] = "metric",
	};

	return names[k];
}

void
facts_reset(struct pdb_facts *f)
{
	arena_reset(&f->arena);
	f->title = (struct pdb_str){0};
	f->is_template = 0;
	f->template_reason = (struct pdb_str){0};
	f->status = (struct pdb_str){0};
	f->status_state = -1;
	f->start_date = f->date = f->updated = PDB_NO_DATE;
	f->items_total = f->items_done = 0;
#define EMPTY(type, name)	f->name.n = 0;
	PDB_FACT_LISTS(EMPTY)
#undef EMPTY
	diaglist_clear(&f->diags);
}

void
facts_free(struct pdb_facts *f)
{
	arena_free(&f->arena);
#define FREE(type, name)	free(f->name.v);
	PDB_FACT_LISTS(FREE)
#undef FREE
	diaglist_free(&f->diags);
	*f = (struct pdb_facts){0};
}

const char *
facts_link_kind_name(enum pdb_link_kind k)
{
	static const char *const names[] = {"depends", "covers", "criterion"};

	return names[k];
}
