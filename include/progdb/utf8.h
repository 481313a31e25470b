/*
 * utf8.h - the one UTF-8 decoder.  Every file that looks at the code
 * points or character lengths of UTF-8 text uses these; nothing here
 * allocates, and every function only reads s[0..n).
 *
 * Valid means what the Unicode Standard (3.9, table 3-7) allows: no
 * overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
 */
#ifndef PROGDB_UTF8_H
#define PROGDB_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes the character at s, which has n > 0 bytes.  Returns its length
 * (1 to 4) and sets *cp, or, for invalid UTF-8, returns minus the length of
 * its maximal subpart (the longest prefix of a valid sequence, at least 1;
 * *cp is left alone): each subpart stands for one U+FFFD, as the Unicode
 * Standard and WHATWG recommend.  Inline: decode.c calls it per character.
 */
static inline int
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2 || c > 0xF4)
		return -1;
	/* The second byte's range rules out overlong forms, surrogates and
	   code points above U+10FFFF. */
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (n < 2 || s[1] < lo || s[1] > hi)
		return -1;
	if (c < 0xE0) {
		*cp = (uint32_t)(c & 0x1F) << 6 | (s[1] & 0x3F);
		return 2;
	}
	if (n < 3 || (s[2] & 0xC0) != 0x80)
		return -2;
	if (c < 0xF0) {
		*cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 |
		    (s[2] & 0x3F);
		return 3;
	}
	if (n < 4 || (s[3] & 0xC0) != 0x80)
		return -3;
	*cp = (uint32_t)(c & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
	    (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
	return 4;
}

/* How far to step over the character at s (n > 0): its length, or that of
 * its maximal subpart when it is invalid.  Always 1 to n. */
size_t	utf8_len(const char *s, size_t n);

/*
 * The length of s[0..n) cut to at most max bytes without splitting a
 * character: n when n <= max, else max moved back to the start of the
 * character (or invalid subpart, see utf8_decode()) that straddles it.
 * Use it wherever stored or shown text is cut to a size.
 */
size_t	utf8_cut(const char *s, size_t n, size_t max);

#endif
