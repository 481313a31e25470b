/*
 * utf8.c - stepping over and cutting UTF-8 text (see utf8.h; the decoder
 * itself is inline there).
 */
#include "progdb/utf8.h"

size_t
utf8_len(const char *s, size_t n)
{
	uint32_t cp;
	int len = utf8_decode((const unsigned char *)s, n, &cp);

	return (size_t)(len < 0 ? -len : len);
}

size_t
utf8_cut(const char *s, size_t n, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t j = max;

	if (n <= max)
		return n;
	/* Back from the cut over continuation bytes to the lead byte of the
	   character (or maximal subpart) it falls in, if it falls in one. */
	while (j > 0 && max - j < 3 && (u[j] & 0xC0) == 0x80)
		j--;
	if (j < max && utf8_len(s + j, n - j) > max - j)
		return j;
	return max;
}
