/*
 * arena.h - bump allocator for things that live exactly as long as one
 * document's processing: extracted strings and records.
 *
 * Pointers from an arena stay valid until arena_reset() or arena_free();
 * nothing is freed individually.  A zero-initialised arena is empty.
 */
#ifndef PROGDB_ARENA_H
#define PROGDB_ARENA_H

#include <stddef.h>

struct pdb_arena_chunk;

struct pdb_arena {
	struct pdb_arena_chunk	*head;	/* newest chunk first */
	size_t			 used;	/* bytes used in head */
};

/* n bytes aligned for any scalar type; never NULL. */
void	*arena_alloc(struct pdb_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n). */
char	*arena_strndup(struct pdb_arena *a, const char *s, size_t n);
/* Forgets everything allocated, keeping one chunk for reuse. */
void	 arena_reset(struct pdb_arena *a);
void	 arena_free(struct pdb_arena *a);

#endif
