/*
 * hist_state.c - the history state of one ingest run: one document's
 * snapshots, the items removed and added this run, the matching.
 */
#include <stdlib.h>

#include "progdb/vec.h"
#include "progdb/xmem.h"
#include "history_int.h"

void
hist_state_clear(struct hist_state *h)
{
	arena_reset(&h->doc_arena);
	hist_list_reset(&h->old_items);
	hist_list_reset(&h->old_risks);
	hist_list_reset(&h->old_debts);
	hist_list_reset(&h->old_burndown);
}

void
hist_state_free(struct hist_state *h)
{
	arena_free(&h->doc_arena);
	arena_free(&h->run_arena);
	hist_list_free(&h->old_items);
	hist_list_free(&h->old_risks);
	hist_list_free(&h->old_debts);
	hist_list_free(&h->old_burndown);
	hist_list_free(&h->removed);
	free(h->added);
	free(h->match);
	buf_free(&h->words);
}

struct hist_added *
hist_state_add(struct hist_state *h)
{
	PDB_GROW(h->added, h->nadded, h->added_cap, 256);
	h->added[h->nadded] = (struct hist_added){0};
	return &h->added[h->nadded++];
}

const int32_t *
hist_state_match(struct hist_state *h, const struct pdb_facts *f)
{
	if (f->items.n > h->match_cap) {
		h->match_cap = f->items.n;
		h->match = xreallocarray(h->match, h->match_cap,
		    sizeof(*h->match));
	}
	hist_match_items(&h->old_items, f, h->surfaced, h->match);
	h->surfaced = NULL;
	return h->match;
}
