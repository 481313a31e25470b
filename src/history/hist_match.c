/*
 * hist_match.c - which old item of a document is which new one.
 *
 * Matching a document's new items with its old ones, in passes; each
 * pass sees only what the passes before it left over:
 *
 *   1. the same key (explicit id, else section path + first line);
 *   2. the same text, same state first: a line unchanged in the new
 *      version keeps its identity whatever happened around it (a renamed
 *      heading changes its key);
 *   3. an open item and a done item that replace each other at the same
 *      place (between the same two matched neighbours, at most NEAR items
 *      apart counted from either, in a stretch of at most MAX_RUN items),
 *      with an id in common, or under alike headings with half of the
 *      shorter one's words: a tick made while the text changed (and a
 *      run of two or more done items replacing as many open ones, under
 *      alike headings, is a list ticked item for item).  It comes
 *      before wording alike anywhere in the document: a done line added
 *      to a summary elsewhere must not take the item ticked in place;
 *   4. wording alike (HIST_SIMILAR of the words in common), the most alike
 *      pairs first, through an index of the old items' words, so that a
 *      rewritten document costs time in proportion to its size;
 *   5. pass 3 again, its neighbours now including what pass 4 matched;
 *   6. a done item right beside a neighbour ticked in this run, and an
 *      open one right beside that neighbour's earlier self on the other
 *      side, with words or an id in common as in pass 3: the two swapped
 *      places as both were ticked ("Feature flag implementation" below
 *      "Updated card routes", both open, becomes "Feature flag utility
 *      implemented" above it, both done);
 *   7. an open item of GROWN_WORDS words or more, every one of which a
 *      single done item has, and that done item no other such open item:
 *      ticked while its text grew, maybe elsewhere in the document ("CLI
 *      tools are lightweight interfaces only" moved with its list as
 *      "~~All CLI tools are <50 lines (lightweight interfaces only)~~
 *      ELIMINATED");
 *   8. an open item whose heading is gone from the new version and a done
 *      item that names that heading (has every word of its title, status
 *      aside) and shares two more words with the item: ticked as its
 *      heading's list was folded into one, when that done item fits no
 *      other such open item and that open item no other such done item
 *      ("Create initial group invitation for territory managers" under
 *      "Bootstrap (To Do)" becomes "Bootstrap script
 *      (create-bootstrap-invitation.sh) for territory admins", done, in a
 *      list without that heading).
 *
 * An item whose line stood in the old version as no item (surfaced: a
 * code block hid it, a fence closed elsewhere) is newly seen whatever it
 * resembles: only passes 1 and 2 (same state) may pair it, for git shows
 * its line unchanged.
 */
#include <stdlib.h>
#include <string.h>

#include "progdb/hash.h"
#include "progdb/xmem.h"
#include "history_int.h"

#define KEEP_PAIRS	8	/* rewordings kept per new item, best first */
#define GROWN_WORDS	3	/* pass 7: least words of the open item */
#define GROWN_BUDGET	2048	/* passes 7, 8: index entries one item may visit */
#define NAMED_SHARED	2	/* pass 8: least words shared with the item */

static int
cmp_pairing(const void *a, const void *b)
{
	const struct pairing *x = a, *y = b;

	if (x->sim != y->sim)
		return x->sim > y->sim ? -1 : 1;
	if (x->item != y->item)
		return x->item < y->item ? -1 : 1;
	return (x->old < y->old) - (x->old > y->old);
}

/* Keeps pairing p in top, the KEEP_PAIRS best of one new item. */
static void
keep_best(struct pairing *top, size_t *n, struct pairing p)
{
	size_t worst = 0;

	if (*n < KEEP_PAIRS) {
		top[(*n)++] = p;
		return;
	}
	for (size_t i = 1; i < *n; i++)
		if (cmp_pairing(&top[i], &top[worst]) > 0)
			worst = i;
	if (cmp_pairing(&p, &top[worst]) < 0)
		top[worst] = p;
}

/* The KEEP_PAIRS old leftovers worded most alike new item i, appended to
 * v (room for KEEP_PAIRS more); how many. */
static size_t
pairings_of(struct matcher *m, const struct hist_list *old,
    const struct pdb_item_fact *it, uint32_t i, struct pairing *v)
{
	struct wordset s = bag_add(&m->bag, it->text.p, it->text.n);
	size_t nc = candidates(m, old, s), n = 0;

	for (size_t c = 0; c < nc; c++) {
		uint32_t k = m->cand[c];
		double sim = similarity(&m->bag, s, m->old[k]);

		if (sim >= HIST_SIMILAR)
			keep_best(v, &n, (struct pairing){sim, i, k});
	}
	m->bag.n = s.off;
	return n;
}

/*
 * Pass 4: the most alike pairs of new and old leftovers first (ties: the
 * earlier new item, the later old one), so that "Token refresh pending"
 * becomes "Token refresh complete" rather than a line above that merely
 * shares most of its words.
 */
static void
match_reworded(struct pass *ps)
{
	struct hist_list *old = ps->old;
	struct pairing *v = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < ps->f->items.n; i++) {
		if (ps->match[i] >= 0 || !may_be_reworded(ps, i))
			continue;
		if (n + KEEP_PAIRS > cap) {
			cap = cap ? cap * 2 : 8 * KEEP_PAIRS;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		n += pairings_of(&ps->m, old, &ps->f->items.v[i], (uint32_t)i,
		    v + n);
	}
	if (n > 0)	/* v is NULL when no item is left */
		qsort(v, n, sizeof(*v), cmp_pairing);
	for (size_t p = 0; p < n; p++) {
		if (ps->match[v[p].item] >= 0 || old->v[v[p].old].taken)
			continue;
		old->v[v[p].old].taken = 1;
		ps->match[v[p].item] = (int32_t)v[p].old;
	}
	free(v);
}

/* ---- pass 7: ticked while the text grew ---- */

/* Old leftover k is open, has GROWN_WORDS words or more, and s has every
 * one of them. */
static int
grown_from(struct pass *ps, uint32_t k, struct wordset s)
{
	const struct hist_snapshot *o = &ps->old->v[k];
	struct wordset w = ps->m.old[k];

	return is_leftover(o) && hist_is_open(o->state) &&
	    w.total >= GROWN_WORDS && common_words(&ps->m.bag, s, w) == w.total;
}

/* Whether old leftover k is what a new done item of words s came from. */
typedef int source_fn(struct pass *ps, uint32_t k, struct wordset s);

/* The one old leftover sharing a word with new done item i that fits
 * came from, or -1 (none, or more than one). */
static int32_t
source_of(struct pass *ps, size_t i, source_fn *fits)
{
	const struct pdb_item_fact *it = &ps->f->items.v[i];
	struct matcher *m = &ps->m;
	struct wordset s = bag_add(&m->bag, it->text.p, it->text.n);
	size_t budget = GROWN_BUDGET, lo;
	int32_t found = -1, many = 0;

	m->stamp++;
	for (unsigned w = 0; w < s.n && budget > 0 && !many; w++) {
		size_t hi = postings_of(m, m->bag.hash[s.off + w], &lo);

		for (size_t p = lo; p < hi && budget > 0; p++, budget--) {
			uint32_t k = m->post[p].item;

			if (m->seen[k] == m->stamp)
				continue;
			m->seen[k] = m->stamp;
			if (!fits(ps, k, s))
				continue;
			many |= found >= 0;
			found = (int32_t)k;
		}
	}
	m->bag.n = s.off;
	return many || budget == 0 ? -1 : found;
}

/* Passes 7 and 8: each done leftover and the one open leftover it came
 * from by fits, when no other done leftover came from that one too. */
static void
match_sources(struct pass *ps, source_fn *fits)
{
	size_t n = ps->f->items.n;
	int32_t *from = xreallocarray(NULL, n ? n : 1, sizeof(*from));
	uint32_t *claims = xcalloc(ps->old->n ? ps->old->n : 1,
	    sizeof(*claims));

	for (size_t i = 0; i < n; i++) {
		from[i] = ps->match[i] < 0 && may_be_reworded(ps, i) &&
		    ps->f->items.v[i].state == PDB_STATE_DONE ?
		    source_of(ps, i, fits) : -1;
		if (from[i] >= 0)
			claims[from[i]]++;
	}
	for (size_t i = 0; i < n; i++)
		if (from[i] >= 0 && claims[from[i]] == 1) {
			ps->old->v[from[i]].taken = 1;
			ps->match[i] = from[i];
		}
	free(from);
	free(claims);
}

/* ---- pass 8: ticked as its heading's list was folded ---- */

/* No section of the new version has the heading norm (NULL: none). */
static int
heading_gone(const struct pdb_facts *f, const char *norm)
{
	if (norm == NULL || *norm == '\0')
		return 0;
	for (size_t s = 0; s < f->sections.n; s++)
		if (hist_same_section(norm, f->sections.v[s].norm_title.p))
			return 0;
	return 1;
}

/* Old leftover k is open, its heading is gone, and s has every word of
 * that heading and NAMED_SHARED more of k's own. */
static int
named_from(struct pass *ps, uint32_t k, struct wordset s)
{
	const struct hist_snapshot *o = &ps->old->v[k];
	struct matcher *m = &ps->m;
	struct wordset h;
	int named;

	if (!is_leftover(o) || !hist_is_open(o->state) ||
	    o->section_norm == NULL || common_words(&m->bag, s,
	    m->old[k]) < NAMED_SHARED || !heading_gone(ps->f, o->section_norm))
		return 0;
	h = bag_add(&m->bag, o->section_norm, strlen(o->section_norm));
	named = h.total > 0 && common_words(&m->bag, s, h) == h.total;
	m->bag.n = h.off;
	return named;
}

/* ---- pass 2: unchanged lines ---- */

static int64_t
text_state_key(uint64_t text, const char *state, int with_state)
{
	return (int64_t)(with_state && state != NULL ?
	    hash_bytes(state, strlen(state), text) : text);
}

static int
cmp_value_index(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return (x[1] > y[1]) - (x[1] < y[1]);
}

/* The first leftover old item whose value in v (sorted) is value. */
static int32_t
find_leftover(int64_t (*v)[2], size_t n, int64_t value,
    const struct hist_list *old)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid][0] < value)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && v[lo][0] == value; lo++)
		if (is_leftover(&old->v[v[lo][1]]))
			return (int32_t)v[lo][1];
	return -1;
}

/* The leftover old items' keys, sorted, in v: text hashes, with their
 * state or not; how many. */
static size_t
leftover_keys(const struct hist_list *old, const uint64_t *hashes,
    int with_state, int64_t (*v)[2])
{
	size_t n = 0;

	for (size_t k = 0; k < old->n; k++)
		if (is_leftover(&old->v[k])) {
			v[n][0] = text_state_key(hashes[k], old->v[k].state,
			    with_state);
			v[n++][1] = (int64_t)k;
		}
	qsort(v, n, sizeof(*v), cmp_value_index);
	return n;
}

/* One round of pass 2: new leftovers whose text (and state) an old
 * leftover has, in v[0..n). */
static void
match_same_text(struct pass *ps, int64_t (*v)[2], size_t n, int with_state)
{
	for (size_t i = 0; i < ps->f->items.n && n > 0; i++) {
		const struct pdb_item_fact *it = &ps->f->items.v[i];
		int32_t k;

		if (ps->match[i] >= 0 || (!with_state &&
		    !may_be_reworded(ps, i)))
			continue;
		k = find_leftover(v, n, text_state_key(hist_text_hash(
		    it->text.p, it->text.n), facts_state_name(it->state),
		    with_state), ps->old);
		if (k >= 0) {
			ps->old->v[k].taken = 1;
			ps->match[i] = k;
		}
	}
}

/* Pass 2: the same text, with the same state first, then with any. */
static void
match_unchanged(struct pass *ps)
{
	struct hist_list *old = ps->old;
	int64_t (*v)[2] = xreallocarray(NULL, old->n ? old->n : 1,
	    sizeof(*v));
	uint64_t *hashes = xcalloc(old->n ? old->n : 1, sizeof(*hashes));

	for (size_t k = 0; k < old->n; k++)
		if (is_leftover(&old->v[k]))
			hashes[k] = hist_text_hash(old->v[k].title,
			    strlen(old->v[k].title));
	for (int with_state = 1; with_state >= 0; with_state--)
		match_same_text(ps, v, leftover_keys(old, hashes, with_state,
		    v), with_state);
	free(v);
	free(hashes);
}

static int
any_leftover(const struct hist_list *old)
{
	for (size_t k = 0; k < old->n; k++)
		if (is_leftover(&old->v[k]))
			return 1;
	return 0;
}

/* Pass 1: the same key; 1 when some new item is left. */
static int
match_keys(struct pass *ps)
{
	int unmatched = 0;

	for (size_t i = 0; i < ps->f->items.n; i++) {
		struct hist_snapshot *o = hist_list_take(ps->old,
		    (int64_t)ps->f->items.v[i].key);

		ps->match[i] = o != NULL ? (int32_t)(o - ps->old->v) : -1;
		unmatched |= o == NULL;
	}
	return unmatched;
}

void
hist_match_items(struct hist_list *old, const struct pdb_facts *f,
    const uint8_t *surfaced, int32_t *match)
{
	struct pass ps = {.old = old, .f = f, .surfaced = surfaced,
	    .match = match};

	if (!match_keys(&ps) || !any_leftover(old))
		return;
	match_unchanged(&ps);
	matcher_init(&ps.m, old);
	match_same_place(&ps);
	match_reworded(&ps);
	match_same_place(&ps);
	match_swapped(&ps);
	match_sources(&ps, grown_from);
	match_sources(&ps, named_from);
	matcher_free(&ps.m);
}
