/*
 * hash.c - 64-bit hash over 8-byte little-endian words with a multiply-
 * xorshift mix (in the family of wyhash and murmur finalisers).  Fast enough
 * that hashing a whole tree costs far less than reading it.
 */
#include "progdb/hash.h"

#include <string.h>

#define K1 0x9e3779b97f4a7c15ULL
#define K2 0xbf58476d1ce4e5b9ULL
#define K3 0x94d049bb133111ebULL

static inline uint64_t
load64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	    (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	    (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	    (uint64_t)p[7] << 56;
}

static inline uint64_t
mix(uint64_t x)
{
	x ^= x >> 30;
	x *= K2;
	x ^= x >> 27;
	x *= K3;
	x ^= x >> 31;
	return x;
}

static inline uint64_t
rotl(uint64_t x, int r)
{
	return x << r | x >> (64 - r);
}

uint64_t
hash_bytes(const void *data, size_t n, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t a = seed ^ K1, b = rotl(seed, 32) ^ K2 ^ (uint64_t)n;
	unsigned char tail[8] = {0};

	/* Two independent lanes keep both multipliers busy. */
	while (n >= 16) {
		a = rotl(a ^ load64(p) * K2, 31) * K1;
		b = rotl(b ^ load64(p + 8) * K3, 29) * K1;
		p += 16;
		n -= 16;
	}
	if (n >= 8) {
		a = rotl(a ^ load64(p) * K2, 31) * K1;
		p += 8;
		n -= 8;
	}
	memcpy(tail, p, n);
	b = rotl(b ^ load64(tail) * K3, 29) * K1;
	return mix(a ^ mix(b));
}
