/*
 * hist_moves.c - items removed from one file and added to another in the
 * same run: a moved item or a renamed file keeps its items' ids.
 */
#include <stdlib.h>

#include "progdb/vec.h"
#include "progdb/xmem.h"
#include "history_int.h"

/* What the rounds of hist_match_moves() match on. */
enum by { BY_KEY, BY_TEXT, BY_UNDATED };

/* The added items sorted by what a round matches on, for lookups. */
struct lookup {
	int64_t	value;
	size_t	index;
};

static int
cmp_lookup(const void *a, const void *b)
{
	const struct lookup *x = a, *y = b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

static int64_t
added_value(const struct hist_added *a, enum by by)
{
	return by == BY_KEY ? a->key : (int64_t)(by == BY_TEXT ? a->text :
	    a->undated);
}

static int64_t
removed_value(const struct hist_snapshot *r, enum by by)
{
	return by == BY_KEY ? r->key : (int64_t)(by == BY_TEXT ? r->text :
	    r->undated);
}

static struct lookup *
sorted_added(const struct hist_added *added, size_t n, enum by by)
{
	struct lookup *v = xreallocarray(NULL, n ? n : 1, sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = (struct lookup){added_value(&added[i], by), i};
	qsort(v, n, sizeof(*v), cmp_lookup);
	return v;
}

/* The first added item not yet matched whose value is value (with dated,
 * one that has a due date). */
static struct hist_added *
find_added(struct hist_added *added, size_t n, const struct lookup *v,
    int64_t value, int dated)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].value < value)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && v[lo].value == value; lo++)
		if (!added[v[lo].index].taken && (!dated ||
		    added[v[lo].index].due_date != NULL))
			return &added[v[lo].index];
	return NULL;
}

/* Removed item r may take part in round by: not taken, not of a deleted
 * file unless by key, and with a due date for the undated round. */
static int
may_move(const struct hist_snapshot *r, enum by by)
{
	return !r->taken && (by == BY_KEY || !r->doc_gone) &&
	    (by != BY_UNDATED || r->due_date != NULL);
}

/* The moves found so far. */
struct moves {
	struct hist_move	*v;
	size_t			 n;
	size_t			 cap;
};

/* One round: appends its moves to mv. */
static void
match_round(struct hist_list *removed, struct hist_added *added,
    size_t nadded, enum by by, struct moves *mv)
{
	struct lookup *v = sorted_added(added, nadded, by);

	for (size_t k = 0; k < removed->n; k++) {
		struct hist_snapshot *r = &removed->v[k];
		struct hist_added *a;

		if (!may_move(r, by) || (a = find_added(added, nadded, v,
		    removed_value(r, by), by == BY_UNDATED)) == NULL)
			continue;
		r->taken = a->taken = 1;
		PDB_GROW(mv->v, mv->n, mv->cap, 16);
		mv->v[mv->n++] = (struct hist_move){r, a};
	}
	free(v);
}

/*
 * Same key (same section path and text) first, then the same text under
 * another section, then, for an item with a due date before and after,
 * the same text but for its dates (its due date changed on the way): an
 * item cut from a document and pasted into another (not one of a deleted
 * file, which is gone, whatever another file now says).
 */
size_t
hist_match_moves(struct hist_list *removed, struct hist_added *added,
    size_t nadded, struct hist_move **moves)
{
	struct moves mv = {0};

	for (enum by by = BY_KEY; by <= BY_UNDATED; by++)
		match_round(removed, added, nadded, by, &mv);
	*moves = mv.v;
	return mv.n;
}
