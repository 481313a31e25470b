/*
 * hist_list.c - lists of snapshots with an index by key, and what waits
 * for the end of the run.
 */
#include <stdlib.h>
#include <string.h>

#include "progdb/hash.h"
#include "progdb/vec.h"
#include "progdb/xmem.h"
#include "history_int.h"

void
hist_list_reset(struct hist_list *l)
{
	l->n = 0;
	free(l->index);
	l->index = NULL;
	l->nindex = 0;
}

void
hist_list_free(struct hist_list *l)
{
	hist_list_reset(l);
	free(l->v);
	*l = (struct hist_list){0};
}

struct hist_snapshot *
hist_list_push(struct hist_list *l)
{
	PDB_GROW(l->v, l->n, l->cap, 64);
	memset(&l->v[l->n], 0, sizeof(*l->v));
	return &l->v[l->n++];
}

static size_t
slot_of(int64_t key, size_t n)
{
	return (size_t)hash_bytes(&key, sizeof(key), 0) & (n - 1);
}

void
hist_list_index(struct hist_list *l)
{
	free(l->index);
	l->nindex = 16;
	while (l->nindex < l->n * 2)
		l->nindex *= 2;
	l->index = xcalloc(l->nindex, sizeof(*l->index));
	for (size_t i = 0; i < l->n; i++) {
		size_t h = slot_of(l->v[i].key, l->nindex);

		while (l->index[h] != 0)
			h = (h + 1) & (l->nindex - 1);
		l->index[h] = i + 1;
	}
}

struct hist_snapshot *
hist_list_take(struct hist_list *l, int64_t key)
{
	if (l->nindex == 0)
		return NULL;
	for (size_t h = slot_of(key, l->nindex); l->index[h] != 0;
	    h = (h + 1) & (l->nindex - 1)) {
		struct hist_snapshot *s = &l->v[l->index[h] - 1];

		if (s->key == key && !s->taken) {
			s->taken = 1;
			return s;
		}
	}
	return NULL;
}

static const char *
dup_or_null(struct pdb_arena *a, const char *s)
{
	return s != NULL ? arena_strndup(a, s, strlen(s)) : NULL;
}

void
hist_remember(struct hist_list *removed, struct pdb_arena *a,
    const struct hist_snapshot *o)
{
	struct hist_snapshot *r = hist_list_push(removed);
	const char *title = o->title != NULL ? o->title : "";

	*r = *o;
	r->text = hist_text_hash(title, strlen(title));
	r->undated = hist_text_hash_undated(title);
	r->state = dup_or_null(a, o->state);
	r->title = dup_or_null(a, o->title);
	r->section_title = dup_or_null(a, o->section_title);
	r->section_norm = NULL;
	r->milestone = dup_or_null(a, o->milestone);
	r->completed_at = dup_or_null(a, o->completed_at);
	r->completed_source = dup_or_null(a, o->completed_source);
	r->mark = dup_or_null(a, o->mark);
	r->due_date = dup_or_null(a, o->due_date);
	r->taken = 0;
}
