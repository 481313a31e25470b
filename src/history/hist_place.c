/*
 * hist_place.c - passes 3 and 5 of hist_match_items(): an open item and a
 * done one that replace each other at the same place (between the same
 * two matched neighbours, at most NEAR items apart counted from either,
 * in a stretch of at most MAX_RUN items), with an id in common, or under
 * alike headings with half of the shorter one's words: a tick made while
 * the text changed.  A run of two or more done items replacing as many
 * open ones under alike headings is a list ticked item for item.  And
 * pass 6: two items that swapped places as both were ticked.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/xmem.h"
#include "history_int.h"

#define NEAR		2	/* same place: this far from the same position */
#define MAX_RUN		64	/* same place: longer runs are a rewrite */
#define CONTAINED	0.5	/* same place: least share of shorter's words */

/* The old leftovers by line, for positions. */
struct place {
	unsigned	 line;
	uint32_t	 item;
};

static int
cmp_place(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

/* The first place at or after line. */
static size_t
place_at(const struct place *p, size_t n, unsigned line)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The heading an old item stood under and a new one's (NULL: none) are
 * one: half of the shorter's words in common ("Auth 🔄 in progress" and
 * "Auth ✅ complete" are), and no two ids that differ ("Story 9.4.1:
 * Migration" and "Story 9.4.5: Migration" are two). */
static int
alike_headings(struct matcher *m, const char *was,
    const struct pdb_section_fact *now)
{
	struct wordset a, b;
	int alike;

	if (was == NULL || now == NULL)
		return was == NULL && now == NULL;
	if (hist_share_an_id(was, strlen(was), now->title.p, now->title.n) < 0)
		return 0;
	a = bag_add(&m->bag, was, strlen(was));
	b = bag_add(&m->bag, now->title.p, now->title.n);
	alike = a.total == 0 || b.total == 0 ?
	    a.total == b.total : containment(&m->bag, a, b) >= CONTAINED;
	m->bag.n = a.off;
	return alike;
}

/* The heading new item it stands under, or NULL. */
static const struct pdb_section_fact *
section_of(const struct pdb_facts *f, const struct pdb_item_fact *it)
{
	return it->section != PDB_NONE ? &f->sections.v[it->section] : NULL;
}

/* How well old item k stands for new done item it at the same place:
 * above 1 with an id in common, else the share of the shorter's words
 * when both are under alike headings and share two words or more (or
 * the shorter has one: "实现策略健康API" and "web/backend/app/api/ 完整模块"
 * share only "api"). */
static double
same_place_score(const struct pdb_facts *f, struct matcher *m,
    const struct hist_snapshot *o, uint32_t k,
    const struct pdb_item_fact *it, struct wordset s)
{
	double c;

	if (!is_leftover(o) || !hist_is_open(o->state))
		return 0;
	c = containment(&m->bag, s, m->old[k]);
	if (hist_share_an_id(o->title, strlen(o->title), it->text.p, it->text.n) > 0)
		return 1 + c;
	if (common_words(&m->bag, s, m->old[k]) < 2 && s.total > 1 &&
	    m->old[k].total > 1)
		return 0;
	return c >= CONTAINED && alike_headings(m, o->section_title,
	    section_of(f, it)) ? c : 0;
}

/* Two positions at most NEAR apart. */
static int
near(size_t a, size_t b)
{
	return a <= b + NEAR && b <= a + NEAR;
}

/* A stretch of the old leftovers, places [lo, hi) (between the earlier
 * selves of two matched items), and the run of new leftovers [i, end)
 * between those two. */
struct stretch {
	const struct place	*pl;
	size_t			 lo;
	size_t			 hi;
	size_t			 i;
	size_t			 end;
};

/*
 * The old leftovers of stretch r that could be new item i, j-th of its
 * run, standing where it stands counted from above or from below:
 * appended to v with their scores; how many.
 */
static size_t
same_place_pairs(struct pass *ps, const struct stretch *r, size_t j,
    struct pairing *v)
{
	struct matcher *m = &ps->m;
	size_t i = r->i + j, n = r->end - r->i, nv = 0;
	const struct pdb_item_fact *it = &ps->f->items.v[i];
	struct wordset s = bag_add(&m->bag, it->text.p, it->text.n);

	for (size_t p = r->lo; p < r->hi; p++) {
		uint32_t k = r->pl[p].item;
		double sc;

		if (!near(p - r->lo, j) && !near(r->hi - 1 - p, n - 1 - j))
			continue;
		sc = same_place_score(ps->f, m, &ps->old->v[k], k, it, s);
		if (sc > 0)
			v[nv++] = (struct pairing){sc, (uint32_t)i, k};
	}
	m->bag.n = s.off;
	return nv;
}

/* Best score first; ties: the earlier new item, then the earlier old. */
static int
cmp_place_pairing(const void *a, const void *b)
{
	const struct pairing *x = a, *y = b;

	if (x->sim != y->sim)
		return x->sim > y->sim ? -1 : 1;
	if (x->item != y->item)
		return x->item < y->item ? -1 : 1;
	return (x->old > y->old) - (x->old < y->old);
}

/* The pairs of one run, the most alike first, each item taken once. */
static void
take_same_place(struct pass *ps, struct pairing *v, size_t nv)
{
	if (nv == 0)	/* v may be NULL then */
		return;
	qsort(v, nv, sizeof(*v), cmp_place_pairing);
	for (size_t p = 0; p < nv; p++) {
		if (ps->match[v[p].item] >= 0 || ps->old->v[v[p].old].taken)
			continue;
		ps->old->v[v[p].old].taken = 1;
		ps->match[v[p].item] = (int32_t)v[p].old;
	}
}

/* New item i was matched and ticked: open before, done now. */
static int
ticked(const struct pass *ps, size_t i)
{
	return i < ps->f->items.n && ps->match[i] >= 0 &&
	    ps->f->items.v[i].state == PDB_STATE_DONE &&
	    hist_is_open(ps->old->v[ps->match[i]].state);
}

/*
 * A run of new items all done that replaces as many old open ones, each
 * under a heading alike its own: a list rewritten item for item as it
 * was ticked, when the run has two or more items or a neighbour was
 * ticked too (one item replaced by another between untouched ones needs
 * words or an id in common).  Pairs them in order; 1 if it did.
 */
static int
take_one_for_one(struct pass *ps, const struct stretch *r)
{
	size_t i = r->i, end = r->end;

	if (r->hi - r->lo != end - i || (end - i < 2 && !(i > 0 &&
	    ticked(ps, i - 1)) && !ticked(ps, end)))
		return 0;
	for (size_t j = 0; i + j < end; j++) {
		const struct pdb_item_fact *it = &ps->f->items.v[i + j];
		const struct hist_snapshot *o = &ps->old->v[r->pl[r->lo +
		    j].item];

		if (it->state != PDB_STATE_DONE || !hist_is_open(o->state) ||
		    !may_be_reworded(ps, i + j) || !alike_headings(&ps->m,
		    o->section_title, section_of(ps->f, it)))
			return 0;
	}
	for (size_t j = 0; i + j < end; j++) {
		ps->old->v[r->pl[r->lo + j].item].taken = 1;
		ps->match[i + j] = (int32_t)r->pl[r->lo + j].item;
	}
	return 1;
}

/* One run's pairs, the one-for-one reading first; *v grows as needed. */
static void
match_stretch(struct pass *ps, const struct stretch *r, struct pairing **v)
{
	size_t nv = 0;

	if (r->hi > r->lo && !take_one_for_one(ps, r)) {
		*v = xreallocarray(*v, (r->end - r->i) * (r->hi - r->lo),
		    sizeof(**v));
		for (size_t j = 0; r->i + j < r->end; j++)
			if (ps->f->items.v[r->i + j].state == PDB_STATE_DONE &&
			    may_be_reworded(ps, r->i + j))
				nv += same_place_pairs(ps, r, j, *v + nv);
	}
	take_same_place(ps, *v, nv);
}

/* The old leftovers (all: every old item) by line. */
static struct place *
leftover_places(const struct hist_list *old, size_t *npl, int all)
{
	struct place *pl = xreallocarray(NULL, old->n ? old->n : 1,
	    sizeof(*pl));

	*npl = 0;
	for (size_t k = 0; k < old->n; k++)
		if (all || is_leftover(&old->v[k]))
			pl[(*npl)++] = (struct place){old->v[k].line,
			    (uint32_t)k};
	qsort(pl, *npl, sizeof(*pl), cmp_place);
	return pl;
}

/* Passes 3 and 5: each run of new done items left over between two
 * matched ones looks at the old leftovers between those two's earlier
 * selves, the most alike pairs first. */
void
match_same_place(struct pass *ps)
{
	const struct hist_list *old = ps->old;
	size_t npl, n = ps->f->items.n;
	struct stretch r = {.pl = leftover_places(old, &npl, 0)};
	struct pairing *v = NULL;
	unsigned above = 0;	/* old line of the last matched item */

	for (size_t i = 0; i < n;) {
		unsigned below;

		if (ps->match[i] >= 0) {
			above = old->v[ps->match[i++]].line;
			continue;
		}
		for (r.i = r.end = i; r.end < n && ps->match[r.end] < 0;)
			r.end++;
		below = r.end < n ? old->v[ps->match[r.end]].line : UINT_MAX;
		r.lo = place_at(r.pl, npl, above + 1);
		r.hi = below > above ? place_at(r.pl, npl, below) : r.lo;
		/* A long run is text rewritten, not items replaced. */
		if (r.end - i > MAX_RUN || r.hi - r.lo > MAX_RUN)
			r.hi = r.lo;
		match_stretch(ps, &r, &v);
		i = r.end;
	}
	free((void *)r.pl);
	free(v);
}

/*
 * New done item i, neighbour nb right beside it ticked in this run: the
 * old item right beside nb's earlier self on the other side (after it
 * when i stands before nb), if that is an open leftover with words or an
 * id in common with i (same_place_score()), is i: the two swapped places
 * as both were ticked.  pl: every old item by line.  1 if it was.
 */
static int
take_swapped(struct pass *ps, const struct place *pl, size_t npl, size_t i,
    size_t nb)
{
	const struct pdb_item_fact *it = &ps->f->items.v[i];
	size_t p, q;
	struct wordset s;
	uint32_t k;
	double sc;

	if (!ticked(ps, nb))
		return 0;
	k = (uint32_t)ps->match[nb];
	for (p = place_at(pl, npl, ps->old->v[k].line); p < npl &&
	    pl[p].item != k; p++)
		;
	q = nb > i ? p + 1 : p - 1;	/* p - 1 wraps past 0 */
	if (p >= npl || q >= npl)
		return 0;
	s = bag_add(&ps->m.bag, it->text.p, it->text.n);
	sc = same_place_score(ps->f, &ps->m, &ps->old->v[pl[q].item],
	    pl[q].item, it, s);
	ps->m.bag.n = s.off;
	if (sc <= 0)
		return 0;
	ps->old->v[pl[q].item].taken = 1;
	ps->match[i] = (int32_t)pl[q].item;
	return 1;
}

/* Pass 6: new done items left over that swapped places with a neighbour
 * ticked in this run ("Feature flag implementation" below "Updated card
 * routes", both open, becomes "Feature flag utility implemented" above
 * it, both done), the neighbour below first. */
void
match_swapped(struct pass *ps)
{
	size_t n = ps->f->items.n, npl = 0;
	struct place *pl = NULL;

	for (size_t i = 0; i < n; i++) {
		if (ps->match[i] >= 0 ||
		    ps->f->items.v[i].state != PDB_STATE_DONE ||
		    !may_be_reworded(ps, i))
			continue;
		if (pl == NULL)
			pl = leftover_places(ps->old, &npl, 1);
		if (i + 1 < n && take_swapped(ps, pl, npl, i, i + 1))
			continue;
		if (i > 0)
			take_swapped(ps, pl, npl, i, i - 1);
	}
	free(pl);
}
