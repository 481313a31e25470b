/*
 * words.h - testing 8 bytes at a time: the scanners that look at every
 * byte of a document (decode, the parser's tamer, the terminal escaper,
 * the date finder) skip whole words of bytes they have nothing to do with.
 */
#ifndef PROGDB_WORDS_H
#define PROGDB_WORDS_H

#include <stdint.h>
#include <string.h>

#define WORD_ONES	UINT64_C(0x0101010101010101)
#define WORD_HIGHS	UINT64_C(0x8080808080808080)

/* The 8 bytes at p (which may be unaligned). */
static inline uint64_t
word_at(const void *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/*
 * The high bit of each zero byte of w set, and possibly of bytes above a
 * zero one: non-zero exactly when a byte of w is zero, and its lowest set
 * bit marks the first.
 */
static inline uint64_t
word_zeros(uint64_t w)
{
	return (w - WORD_ONES) & ~w & WORD_HIGHS;
}

/* Non-zero when a byte of w is c. */
static inline uint64_t
word_has(uint64_t w, unsigned char c)
{
	return word_zeros(w ^ WORD_ONES * c);
}

/*
 * Non-zero when a byte of w is an ASCII digit.  Bytes of 0x80 and above
 * never count: ~w clears their high bit.
 */
static inline uint64_t
word_has_digit(uint64_t w)
{
	uint64_t low = w & WORD_ONES * 0x7F;

	return (WORD_ONES * (0x7F + '9' + 1) - low) & ~w &
	    (low + WORD_ONES * (0x7F - '0' + 1)) & WORD_HIGHS;
}

#endif
