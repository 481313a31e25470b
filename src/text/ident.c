/*
 * ident.c - identifying forms of titles (see ident.h).  Letters of any
 * script are kept; what is dropped are code points in the symbol and emoji
 * blocks, variation selectors and joiners.
 */
#include "progdb/ident.h"

#include <stdint.h>

#include "progdb/utf8.h"

size_t
ident_decode(const char *s, size_t n, uint32_t *cp)
{
	int got;

	*cp = 0xFFFD;	/* stays for invalid UTF-8 */
	got = utf8_decode((const unsigned char *)s, n, cp);
	return (size_t)(got < 0 ? -got : got);
}

int
ident_is_symbol(uint32_t cp)
{
	return (cp >= 0x2000 && cp <= 0x2BFF) ||	/* punctuation, arrows,
							 * symbols, dingbats */
	    (cp >= 0x3000 && cp <= 0x303F) ||		/* CJK punctuation */
	    (cp >= 0xFE00 && cp <= 0xFE0F) ||		/* variation selectors */
	    (cp >= 0x1F000 && cp <= 0x1FAFF) ||		/* emoji */
	    cp == 0xA0 || cp == 0xFEFF;
}

size_t
ident_normalize(const char *s, size_t n, char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;
	int gap = 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp = p[i];
		size_t len;
		int keep;

		/* ASCII is its own code point: no decoding. */
		if (cp < 0x80) {
			keep = cp - '0' < 10 || (cp | 0x20) - 'a' < 26;
			if (keep && gap && o > 0)
				out[o++] = ' ';
			if (keep)
				out[o++] = (char)(cp - 'A' < 26 ? cp | 0x20 : cp);
			gap = !keep;
			i++;
			continue;
		}
		len = ident_decode(s + i, n - i, &cp);
		keep = !ident_is_symbol(cp);
		if (!keep) {
			gap = 1;
		} else {
			if (gap && o > 0)
				out[o++] = ' ';
			gap = 0;
			if (cp >= 'A' && cp <= 'Z')
				out[o++] = (char)(cp | 0x20);
			else
				for (size_t k = 0; k < len; k++)
					out[o++] = (char)p[i + k];
		}
		i += len;
	}
	return o;
}
