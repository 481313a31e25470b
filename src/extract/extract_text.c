/*
 * extract_text.c - small helpers over UTF-8 text slices for the
 * extractors.  All ASCII case folding here is locale-independent.
 */
#include "extract_int.h"

#include "progdb/arena.h"
#include "progdb/words.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define EX_SSE2	1
#endif

/* ASCII letters and digits; bytes of 0x80 and above are 0. */
const unsigned char ex_alnum[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
};

/* Letters lowered, digits and bytes of 0x80 and above as they are, the
 * rest of ASCII 0. */
const unsigned char ex_fold[256] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
	0x38, 0x39, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
	0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7A, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
	0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7A, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
	0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8D, 0x8E, 0x8F,
	0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
	0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F,
	0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7,
	0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF,
	0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7,
	0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF,
	0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7,
	0xC8, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF,
	0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7,
	0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF,
	0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7,
	0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF,
	0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7,
	0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF,
};

size_t
ex_skip_spaces(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && ex_is_space((unsigned char)s[i]))
		i++;
	return i;
}

/*
 * One pass for both bytes, 8 at a time: two memchr() calls would cost the
 * distance to the farther one, and callers that step from match to match
 * would go quadratic over a long text where one of the bytes never comes.
 */
size_t
ex_find_either(const char *s, size_t n, char a, char b)
{
	size_t i = 0;
	uint64_t w, marks;
#ifdef EX_SSE2
	/* 16 bytes at a time where every x86-64 can. */
	const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);

	while (n - i >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s +
		    i));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)));

		if (m != 0)
			return i + (size_t)__builtin_ctz(m);
		i += 16;
	}
#endif
	while (n - i >= 8) {
		w = word_at(s + i);
		marks = word_has(w, (unsigned char)a) |
		    word_has(w, (unsigned char)b);
		if (marks != 0) {
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* The lowest mark is exact (word_zeros() errs only
			   above a zero byte), and the first byte is lowest. */
			return i + (size_t)__builtin_ctzll(marks) / 8;
#else
			break;
#endif
		}
		i += 8;
	}
	while (i < n && s[i] != a && s[i] != b)
		i++;
	return i;
}

struct pdb_str
ex_str_trim(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return ex_str_make(s, 0);
	i = ex_skip_spaces(s, n);
	while (n > i && ex_is_space((unsigned char)s[n - 1]))
		n--;
	return ex_str_make(s + i, n - i);
}

static inline unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

size_t
ex_find_ci(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	char lo = (char)lower((unsigned char)needle[0]);
	char up = lo >= 'a' && lo <= 'z' ? (char)(lo - 'a' + 'A') : lo;

	if (m == 0)
		return 0;
	/* Jump from one place the first byte is (in either case) to the
	 * next: most lines have few. */
	for (size_t i = 0; i + m <= n; i++) {
		i += ex_find_either(s + i, n - m + 1 - i, lo, up);
		if (i + m > n)
			break;
		/* The second byte rules out most places without a call. */
		if (m > 1 && lower((unsigned char)s[i + 1]) !=
		    lower((unsigned char)needle[1]))
			continue;
		if (ex_starts_with_ci(s + i, n - i, needle))
			return i;
	}
	return n;
}

size_t
ex_match_emoji(const char *s, size_t n, const char *const *list, int *which)
{
	if (n == 0)
		return 0;
	for (int i = 0; list[i] != NULL; i++) {
		size_t m;

		if (list[i][0] != s[0])
			continue;
		m = strlen(list[i]);
		if (m <= n && memcmp(s, list[i], m) == 0) {
			/* U+FE0F asks for emoji presentation; it belongs to
			 * the emoji. */
			if (m + 3 <= n && memcmp(s + m, "\xEF\xB8\x8F", 3) == 0)
				m += 3;
			*which = i;
			return m;
		}
	}
	return 0;
}

struct pdb_str
ex_str_flatten(struct pdb_arena *a, const char *s, size_t n)
{
	char *p;

	if (memchr(s, '\n', n) == NULL)
		return ex_str_make(s, n);
	p = arena_strndup(a, s, n);
	for (size_t i = 0; i < n; i++)
		if (p[i] == '\n')
			p[i] = ' ';
	return ex_str_make(p, n);
}

void
ex_lower_letter(const char *s, size_t l, char *out)
{
	unsigned char c0 = (unsigned char)s[0], c1;

	memcpy(out, s, l);
	if (l == 1 && c0 >= 'A' && c0 <= 'Z')
		out[0] = (char)(c0 | 0x20);
	if (l != 2)
		return;
	c1 = (unsigned char)s[1];
	if (c0 == 0xC3 && c1 >= 0x80 && c1 <= 0x9E && c1 != 0x97)
		out[1] = (char)(c1 + 0x20);
	else if (c0 == 0xD0 && c1 >= 0x90 && c1 <= 0x9F)
		out[1] = (char)(c1 + 0x20);
	else if (c0 == 0xD0 && c1 >= 0xA0 && c1 <= 0xAF) {
		out[0] = (char)0xD1;
		out[1] = (char)(c1 - 0x20);
	}
}
