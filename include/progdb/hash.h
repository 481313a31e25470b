/*
 * hash.h - a fast 64-bit non-cryptographic hash.
 *
 * Used to notice changed files (with size and mtime) and to key items
 * across ingests.  Not for security: collisions can be constructed.
 * The value is stable across runs, machines and endianness, because it is
 * stored in the database.
 */
#ifndef PROGDB_HASH_H
#define PROGDB_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t hash_bytes(const void *p, size_t n, uint64_t seed);

/* The hash as a signed value, the way SQLite stores 64-bit integers. */
static inline int64_t
hash_to_i64(uint64_t h)
{
	return (int64_t)h;
}

#endif
