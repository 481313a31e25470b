/*
 * arena.c - bump allocator (see arena.h).  Chunks grow geometrically up to
 * a cap; a request larger than a chunk gets a chunk of its own.
 */
#include "progdb/arena.h"

#include <stdalign.h>
#include <string.h>

#include "progdb/xmem.h"

#define CHUNK_MIN	(16 * 1024)
#define CHUNK_MAX	(1024 * 1024)

struct pdb_arena_chunk {
	struct pdb_arena_chunk	*next;
	size_t			 size;	/* bytes in data[] */
	alignas(max_align_t) unsigned char data[];
};

static struct pdb_arena_chunk *
new_chunk(size_t size, struct pdb_arena_chunk *next)
{
	struct pdb_arena_chunk *c = xmalloc(sizeof(*c) + size);

	c->next = next;
	c->size = size;
	return c;
}

void *
arena_alloc(struct pdb_arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	size_t at = (a->used + align - 1) & ~(align - 1);
	size_t size;

	if (a->head == NULL || at + n > a->head->size) {
		size = a->head ? a->head->size * 2 : CHUNK_MIN;
		if (size > CHUNK_MAX)
			size = CHUNK_MAX;
		if (size < n)
			size = n;
		a->head = new_chunk(size, a->head);
		at = 0;
	}
	a->used = at + n;
	return a->head->data + at;
}

char *
arena_strndup(struct pdb_arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
arena_reset(struct pdb_arena *a)
{
	struct pdb_arena_chunk *c, *next;

	if (a->head == NULL)
		return;
	for (c = a->head->next; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head->next = NULL;
	a->used = 0;
}

void
arena_free(struct pdb_arena *a)
{
	arena_reset(a);
	free(a->head);
	a->head = NULL;
	a->used = 0;
}
