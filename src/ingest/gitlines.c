/*
 * gitlines.c - what ingest --git remembers of each file's last version
 * replayed: the hashes of its lines that no item stood on.  A new item
 * whose line is one of them surfaced (a code block hid it before, say):
 * git shows that line unchanged, so the matcher takes it for a newly
 * seen item, never another one reworded or ticked (hist_match_items()).
 */
#include <stdlib.h>
#include <string.h>

#include "progdb/facts.h"
#include "progdb/hash.h"
#include "progdb/model.h"
#include "progdb/vec.h"
#include "progdb/xmem.h"
#include "ingest_int.h"

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Line i (0-based) of doc, its newline left out. */
static const char *
line_at(const struct pdb_doc *doc, size_t i, size_t *n)
{
	size_t start = doc->lines.starts[i], end = i + 1 < doc->lines.n ?
	    doc->lines.starts[i + 1] : doc->src_len;

	while (end > start && (doc->src[end - 1] == '\n' ||
	    doc->src[end - 1] == '\r'))
		end--;
	*n = end - start;
	return doc->src + start;
}

static int
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

void
gitlines_version(struct gitlines_version *v, const struct pdb_doc *doc,
    const struct pdb_facts *f)
{
	size_t nl = doc->lines.n, n;
	const char *s;

	if (nl > v->on_item_cap) {
		v->on_item_cap = nl;
		v->on_item = xreallocarray(v->on_item, nl, 1);
	}
	memset(v->on_item, 0, nl);
	if (f->items.n > v->items_cap) {
		v->items_cap = f->items.n;
		v->items = xreallocarray(v->items, f->items.n,
		    sizeof(*v->items));
	}
	for (size_t i = 0; i < f->items.n; i++) {
		unsigned line = f->items.v[i].line;

		v->items[i] = 0;
		if (line == 0 || line > nl)
			continue;
		s = line_at(doc, line - 1, &n);
		v->items[i] = hash_bytes(s, n, 0);
		v->on_item[line - 1] = 1;
	}
	v->lines.n = 0;
	for (size_t i = 0; i < nl; i++) {
		s = line_at(doc, i, &n);
		if (v->on_item[i] || blank(s, n))
			continue;
		PDB_GROW(v->lines.v, v->lines.n, v->lines.cap, 256);
		v->lines.v[v->lines.n++] = hash_bytes(s, n, 0);
	}
	qsort(v->lines.v, v->lines.n, sizeof(*v->lines.v), cmp_u64);
}

void
gitlines_version_free(struct gitlines_version *v)
{
	free(v->lines.v);
	free(v->items);
	free(v->on_item);
	*v = (struct gitlines_version){0};
}

/* The slot of key in g (a free one if absent), grown as needed. */
static size_t
slot_of(struct gitlines *g, uint64_t key)
{
	size_t i;

	if (2 * (g->n + 1) > g->cap) {
		struct gitlines old = *g;

		g->cap = old.cap ? old.cap * 2 : 256;
		g->key = xcalloc(g->cap, sizeof(*g->key));
		g->set = xcalloc(g->cap, sizeof(*g->set));
		g->n = 0;
		for (size_t k = 0; k < old.cap; k++)
			if (old.key[k] != 0) {
				i = slot_of(g, old.key[k]);
				g->key[i] = old.key[k];
				g->set[i] = old.set[k];
				g->n++;
			}
		free(old.key);
		free(old.set);
	}
	for (i = key & (g->cap - 1); g->key[i] != 0 && g->key[i] != key;
	    i = (i + 1) & (g->cap - 1))
		;
	if (g->key[i] == 0) {
		g->key[i] = key;
		g->n++;
	}
	return i;
}

uint64_t
gitlines_key(size_t root, const char *relpath)
{
	return hash_bytes(relpath, strlen(relpath), (uint64_t)root + 1) | 1;
}

const uint8_t *
gitlines_surfaced(struct gitlines *g, uint64_t key,
    const struct gitlines_version *v, size_t nitems)
{
	const struct gitlines_set *was;
	size_t k;
	int any = 0;

	if (g->cap == 0 || nitems == 0)
		return NULL;
	k = slot_of(g, key);	/* may grow g->set */
	was = &g->set[k];
	if (was->n == 0)
		return NULL;
	if (nitems > g->flags_cap) {
		g->flags_cap = nitems;
		g->flags = xreallocarray(g->flags, nitems, 1);
	}
	for (size_t i = 0; i < nitems; i++) {
		g->flags[i] = v->items[i] != 0 && bsearch(&v->items[i],
		    was->v, was->n, sizeof(*was->v), cmp_u64) != NULL;
		any |= g->flags[i];
	}
	return any ? g->flags : NULL;
}

void
gitlines_keep(struct gitlines *g, uint64_t key, struct gitlines_version *v)
{
	size_t k = slot_of(g, key);	/* may grow g->set */
	struct gitlines_set t = g->set[k];

	/* The version's room becomes the set's, the set's old room the
	 * version's, for the next file. */
	g->set[k] = v->lines;
	v->lines = (struct gitlines_set){t.v, 0, t.cap};
}

void
gitlines_move(struct gitlines *g, uint64_t from, uint64_t to)
{
	struct gitlines_set t;
	size_t i;

	if (g->cap == 0)
		return;
	i = slot_of(g, from);
	t = g->set[i];
	g->set[i] = (struct gitlines_set){0};
	i = slot_of(g, to);
	free(g->set[i].v);
	g->set[i] = t;
}

void
gitlines_forget(struct gitlines *g, uint64_t key)
{
	size_t i;

	if (g->cap == 0)
		return;
	i = slot_of(g, key);
	free(g->set[i].v);
	g->set[i] = (struct gitlines_set){0};
}

void
gitlines_free(struct gitlines *g)
{
	for (size_t k = 0; k < g->cap; k++)
		free(g->set[k].v);
	free(g->key);
	free(g->set);
	free(g->flags);
	*g = (struct gitlines){0};
}
