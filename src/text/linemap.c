/*
 * linemap.c - line starts of a buffer, found with memchr, searched with a
 * binary search.
 */
#include "progdb/linemap.h"

#include <string.h>

#include "progdb/vec.h"
#include "progdb/xmem.h"

static void
push(struct pdb_linemap *lm, uint32_t off)
{
	PDB_GROW(lm->starts, lm->n, lm->cap, 256);
	lm->starts[lm->n++] = off;
}

void
linemap_build(struct pdb_linemap *lm, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;

	lm->n = 0;
	push(lm, 0);
	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		p = nl + 1;
		push(lm, (uint32_t)(p - text));
	}
}

unsigned
linemap_line(const struct pdb_linemap *lm, size_t off)
{
	size_t lo = 0, hi = lm->n;

	/* Find the last start <= off. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (lm->starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (unsigned)lo + 1;
}

/* Steps from *hint before linemap_line_near() falls back to a search. */
#define NEAR_STEPS	8

unsigned
linemap_line_near(const struct pdb_linemap *lm, size_t off, size_t *hint)
{
	size_t h = *hint < lm->n ? *hint : 0;
	unsigned line;

	if (lm->starts[h] <= off) {
		for (int k = 0; k < NEAR_STEPS; k++) {
			if (h + 1 == lm->n || lm->starts[h + 1] > off) {
				*hint = h;
				return (unsigned)h + 1;
			}
			h++;
		}
	}
	line = linemap_line(lm, off);
	*hint = line - 1;
	return line;
}

void
linemap_free(struct pdb_linemap *lm)
{
	free(lm->starts);
	lm->starts = NULL;
	lm->n = lm->cap = 0;
}
