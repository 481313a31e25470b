/*
 * extract_text.c - small helpers over UTF-8 text slices for the
 * extractors.  All ASCII case folding here is locale-independent.
 */
#include "extract_int.h"

#include "progdb/arena.h"
#include "progdb/words.h"

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
