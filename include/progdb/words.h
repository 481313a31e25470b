/*
 * words.h - testing 8 bytes at a time: the scanners that look at every
 * byte of a document (decode, the parser's tamer, the terminal escaper,
 * the date finder) skip whole words of bytes they have nothing to do with,
 * or, finding up to four bytes, whole SSE2 registers where there are.
 */
#ifndef PROGDB_WORDS_H
#define PROGDB_WORDS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

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

/*
 * Offset of the first byte of s[0..n) that is a, b, c or d, or n: 16
 * bytes at a time with SSE2 where the compiler has it, else 8.
 */
static inline size_t
word_find4(const char *s, size_t n, char a, char b, char c, char d)
{
	size_t i = 0;
#if defined(__SSE2__) && defined(__GNUC__)
	const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
	const __m128i vc = _mm_set1_epi8(c), vd = _mm_set1_epi8(d);

	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)
		    (s + i));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
		    _mm_or_si128(_mm_cmpeq_epi8(v, vc),
		    _mm_cmpeq_epi8(v, vd))));

		if (m != 0)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	for (; n - i >= 8; i += 8) {
		uint64_t w = word_at(s + i);
		uint64_t marks = word_has(w, (unsigned char)a) |
		    word_has(w, (unsigned char)b) |
		    word_has(w, (unsigned char)c) |
		    word_has(w, (unsigned char)d);

		if (marks != 0) {
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* The lowest mark is exact (word_zeros() errs only
			   above a zero byte), and the first byte is lowest. */
			return i + (size_t)__builtin_ctzll(marks) / 8;
#else
			break;
#endif
		}
	}
	while (i < n && s[i] != a && s[i] != b && s[i] != c && s[i] != d)
		i++;
	return i;
}

#endif
