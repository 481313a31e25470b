/*
 * vec.h - growable arrays.  An array is a pointer, a count and a
 * capacity; growing doubles the capacity (xreallocarray(), which exits on
 * overflow or when memory runs out), so pointers into the array are valid
 * only until the next push.  Whoever holds the struct owns the array and
 * free()s it.
 */
#ifndef PROGDB_VEC_H
#define PROGDB_VEC_H

#include <stddef.h>
#include <string.h>

#include "progdb/xmem.h"

#define PDB_VEC(type) struct { type *v; size_t n, cap; }

/*
 * Makes room for one more element in the array v of n elements and room
 * for cap, first allocating room for first elements: for arrays kept as
 * three fields of a struct rather than a PDB_VEC.  Evaluates to v.
 */
#define PDB_GROW(v, n, cap, first) (					\
	(n) == (cap) ?							\
	    ((cap) = (cap) ? (cap) * 2 : (first),			\
	    (v) = xreallocarray((v), (cap), sizeof(*(v))))		\
	    : (v))

/* Grows vec by one zeroed element and returns it. */
#define PDB_VEC_PUSH(vec) (						\
	PDB_GROW((vec).v, (vec).n, (vec).cap, 16),			\
	memset(&(vec).v[(vec).n], 0, sizeof(*(vec).v)),			\
	&(vec).v[(vec).n++])

#endif
