/*
 * hist_bag.c - the words of many texts in one bag, how alike two of them
 * are, and an index over the old items' words that finds the few a new
 * item could be a rewording of without reading them all.
 */
#include <stdlib.h>
#include <string.h>

#include "progdb/xmem.h"
#include "history_int.h"

#define PROBE_BUDGET	2048	/* index entries one new item may visit */

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static int
cmp_posting(const void *a, const void *b)
{
	const struct posting *x = a, *y = b;

	if (x->word != y->word)
		return x->word < y->word ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

/* Adds the words of t[0..n) to bag as one run. */
struct wordset
bag_add(struct wordbag *bag, const char *t, size_t n)
{
	uint64_t w[MAX_WORDS];
	size_t nw = t != NULL ? hist_words(t, n, w, MAX_WORDS) : 0;
	struct wordset s = {bag->n, 0, (unsigned)nw};

	if (bag->n + nw > bag->cap) {
		bag->cap = bag->cap * 2 > bag->n + nw ? bag->cap * 2 :
		    bag->n + nw + 256;
		bag->hash = xreallocarray(bag->hash, bag->cap,
		    sizeof(*bag->hash));
		bag->count = xreallocarray(bag->count, bag->cap, 1);
	}
	qsort(w, nw, sizeof(*w), cmp_u64);
	for (size_t i = 0; i < nw; i++) {
		if (i > 0 && w[i] == w[i - 1]) {
			bag->count[bag->n - 1]++;
			continue;
		}
		bag->hash[bag->n] = w[i];
		bag->count[bag->n++] = 1;
		s.n++;
	}
	return s;
}

/* Words two texts have in common, repeats counted as often as both have
 * them. */
unsigned
common_words(const struct wordbag *bag, struct wordset a, struct wordset b)
{
	unsigned common = 0;

	for (size_t i = 0, j = 0; i < a.n && j < b.n;) {
		uint64_t x = bag->hash[a.off + i], y = bag->hash[b.off + j];

		if (x == y) {
			uint8_t ca = bag->count[a.off + i];
			uint8_t cb = bag->count[b.off + j];

			common += ca < cb ? ca : cb;
			i++;
			j++;
		} else if (x < y) {
			i++;
		} else {
			j++;
		}
	}
	return common;
}

/* Share of the words in common among all of both texts (Jaccard), 0..1. */
double
similarity(const struct wordbag *bag, struct wordset a, struct wordset b)
{
	unsigned c = common_words(bag, a, b);

	return a.total && b.total ? (double)c / (a.total + b.total - c) : 0;
}

/* Share of the shorter text's words that the other has too, 0..1. */
double
containment(const struct wordbag *bag, struct wordset a, struct wordset b)
{
	unsigned c = common_words(bag, a, b);
	unsigned m = a.total < b.total ? a.total : b.total;

	return m ? (double)c / m : 0;
}

int
is_leftover(const struct hist_snapshot *o)
{
	return !o->taken && o->title != NULL;
}

/* The old items' words and the index over them. */
void
matcher_init(struct matcher *m, const struct hist_list *old)
{
	*m = (struct matcher){0};
	m->old = xcalloc(old->n ? old->n : 1, sizeof(*m->old));
	m->seen = xcalloc(old->n ? old->n : 1, sizeof(*m->seen));
	m->cand = xcalloc(old->n ? old->n : 1, sizeof(*m->cand));
	for (size_t k = 0; k < old->n; k++)
		if (is_leftover(&old->v[k]))
			m->old[k] = bag_add(&m->bag, old->v[k].title,
			    strlen(old->v[k].title));
	m->post = xreallocarray(NULL, m->bag.n ? m->bag.n : 1,
	    sizeof(*m->post));
	for (size_t k = 0; k < old->n; k++)
		for (unsigned i = 0; i < m->old[k].n; i++)
			m->post[m->npost++] = (struct posting){
			    m->bag.hash[m->old[k].off + i], (uint32_t)k};
	qsort(m->post, m->npost, sizeof(*m->post), cmp_posting);
}

void
matcher_free(struct matcher *m)
{
	free(m->bag.hash);
	free(m->bag.count);
	free(m->old);
	free(m->post);
	free(m->seen);
	free(m->cand);
}

/* The first posting whose word is not below word (above: not above). */
static size_t
posting_bound(const struct matcher *m, uint64_t word, int above)
{
	size_t a = 0, b = m->npost;

	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (m->post[mid].word < word || (above &&
		    m->post[mid].word == word))
			a = mid + 1;
		else
			b = mid;
	}
	return a;
}

size_t
postings_of(const struct matcher *m, uint64_t word, size_t *lo)
{
	*lo = posting_bound(m, word, 0);
	return posting_bound(m, word, 1);
}

struct run {
	size_t	lo;
	size_t	hi;
};

static int
cmp_run_length(const void *a, const void *b)
{
	const struct run *x = a, *y = b;
	size_t nx = x->hi - x->lo, ny = y->hi - y->lo;

	return (nx > ny) - (nx < ny);
}

/*
 * The leftover old items that share a word with s among its rarest
 * words, at most PROBE_BUDGET index entries looked at: in m->cand, how
 * many returned.  A text HIST_SIMILAR to s has at least HIST_SIMILAR of
 * s's words, so it has one of any n - ceil(HIST_SIMILAR * n) + 1 of them:
 * the rarest are enough, and words every item has ("implement", "the")
 * are never read.
 */
size_t
candidates(struct matcher *m, const struct hist_list *old,
    struct wordset s)
{
	struct run runs[MAX_WORDS];
	size_t nc = 0, budget = PROBE_BUDGET;
	unsigned need = (unsigned)(HIST_SIMILAR * s.n), probe;

	need += need < HIST_SIMILAR * s.n;	/* ceil */
	probe = s.n - need + 1 < s.n ? s.n - need + 1 : s.n;
	m->stamp++;
	for (unsigned i = 0; i < s.n; i++) {
		runs[i].hi = postings_of(m, m->bag.hash[s.off + i],
		    &runs[i].lo);
	}
	qsort(runs, s.n, sizeof(*runs), cmp_run_length);
	for (unsigned i = 0; i < probe && budget > 0; i++) {
		for (size_t p = runs[i].lo; p < runs[i].hi && budget > 0;
		    p++, budget--) {
			uint32_t k = m->post[p].item;

			if (m->seen[k] == m->stamp || !is_leftover(&old->v[k]))
				continue;
			m->seen[k] = m->stamp;
			m->cand[nc++] = k;
		}
	}
	return nc;
}
