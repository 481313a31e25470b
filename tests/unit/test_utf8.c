/*
 * test_utf8.c - unit tests for utf8.h: valid characters of every length,
 * overlong forms, surrogates, values above U+10FFFF, truncated sequences
 * and stray bytes, and cutting text without splitting a character.
 */
#include <stdint.h>
#include <string.h>

#include "harness.h"
#include "progdb/utf8.h"

/* utf8_decode() on a string literal; *cp is 0xDEAD when not set. */
static int
dec(const char *s, size_t n, uint32_t *cp)
{
	*cp = 0xDEAD;
	return utf8_decode((const unsigned char *)s, n, cp);
}

#define DEC(lit, cp)	dec(lit, sizeof(lit) - 1, cp)

static void
test_valid(void)
{
	uint32_t cp;

	CHECK_INT(DEC("A", &cp), 1);
	CHECK_INT(cp, 'A');
	CHECK_INT(DEC("\0", &cp), 1);
	CHECK_INT(cp, 0);
	CHECK_INT(DEC("\xc2\x80", &cp), 2);		/* U+0080 */
	CHECK_INT(cp, 0x80);
	CHECK_INT(DEC("\xdf\xbf", &cp), 2);		/* U+07FF */
	CHECK_INT(cp, 0x7FF);
	CHECK_INT(DEC("\xe0\xa0\x80", &cp), 3);		/* U+0800 */
	CHECK_INT(cp, 0x800);
	CHECK_INT(DEC("\xe2\x96\x88", &cp), 3);		/* U+2588 block */
	CHECK_INT(cp, 0x2588);
	CHECK_INT(DEC("\xed\x9f\xbf", &cp), 3);		/* U+D7FF */
	CHECK_INT(cp, 0xD7FF);
	CHECK_INT(DEC("\xee\x80\x80", &cp), 3);		/* U+E000 */
	CHECK_INT(cp, 0xE000);
	CHECK_INT(DEC("\xef\xbf\xbd", &cp), 3);		/* U+FFFD */
	CHECK_INT(cp, 0xFFFD);
	CHECK_INT(DEC("\xf0\x90\x80\x80", &cp), 4);	/* U+10000 */
	CHECK_INT(cp, 0x10000);
	CHECK_INT(DEC("\xf0\x9f\x9a\x80", &cp), 4);	/* U+1F680 rocket */
	CHECK_INT(cp, 0x1F680);
	CHECK_INT(DEC("\xf4\x8f\xbf\xbf", &cp), 4);	/* U+10FFFF */
	CHECK_INT(cp, 0x10FFFF);
	CHECK_INT(DEC("\xe2\x96\x88more", &cp), 3);	/* stops at its end */
}

static void
test_invalid(void)
{
	uint32_t cp;

	/* Overlong forms. */
	CHECK_INT(DEC("\xc0\x80", &cp), -1);
	CHECK_INT(DEC("\xc1\xbf", &cp), -1);
	CHECK_INT(DEC("\xe0\x80\x80", &cp), -1);
	CHECK_INT(DEC("\xe0\x9f\xbf", &cp), -1);
	CHECK_INT(DEC("\xf0\x80\x80\x80", &cp), -1);
	CHECK_INT(DEC("\xf0\x8f\xbf\xbf", &cp), -1);
	/* Surrogates. */
	CHECK_INT(DEC("\xed\xa0\x80", &cp), -1);
	CHECK_INT(DEC("\xed\xbf\xbf", &cp), -1);
	/* Above U+10FFFF, and bytes that lead nothing. */
	CHECK_INT(DEC("\xf4\x90\x80\x80", &cp), -1);
	CHECK_INT(DEC("\xf5\x80\x80\x80", &cp), -1);
	CHECK_INT(DEC("\xff", &cp), -1);
	CHECK_INT(DEC("\x80", &cp), -1);
	CHECK_INT(DEC("\xbf\x80", &cp), -1);
	CHECK_INT(cp, 0xDEAD);
	/* Truncated sequences: minus their maximal subpart. */
	CHECK_INT(DEC("\xc3", &cp), -1);
	CHECK_INT(DEC("\xe2\x96", &cp), -2);
	CHECK_INT(DEC("\xe2\x96x", &cp), -2);
	CHECK_INT(DEC("\xe2x", &cp), -1);
	CHECK_INT(DEC("\xf0\x9f\x9a", &cp), -3);
	CHECK_INT(DEC("\xf0\x9f\x9a ", &cp), -3);
	CHECK_INT(DEC("\xf0\x9f", &cp), -2);
	/* A valid character cut by n, though more bytes follow. */
	CHECK_INT(dec("\xe2\x96\x88", 2, &cp), -2);
	CHECK_INT(cp, 0xDEAD);
}

static void
test_len(void)
{
	CHECK_INT(utf8_len("a", 1), 1);
	CHECK_INT(utf8_len("\xc3\xa9", 2), 2);
	CHECK_INT(utf8_len("\xe2\x96\x88", 3), 3);
	CHECK_INT(utf8_len("\xf0\x9f\x9a\x80", 4), 4);
	CHECK_INT(utf8_len("\xe2\x96", 2), 2);		/* one U+FFFD */
	CHECK_INT(utf8_len("\x80\x80", 2), 1);
	CHECK_INT(utf8_len("\xf0\x9f\x9a\x80", 3), 3);	/* never past n */
}

#define CUT(lit, max)	utf8_cut(lit, sizeof(lit) - 1, max)

static void
test_cut(void)
{
	/* "[" and six 3-byte blocks: 19 bytes. */
	static const char bar[] = "[\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
	    "\xe2\x96\x91\xe2\x96\x91\xe2\x96\x91";

	CHECK_INT(CUT("abc", 10), 3);
	CHECK_INT(CUT("abc", 3), 3);
	CHECK_INT(CUT("abc", 2), 2);
	CHECK_INT(CUT("abc", 0), 0);
	CHECK_INT(CUT(bar, 19), 19);
	CHECK_INT(CUT(bar, 18), 16);
	CHECK_INT(CUT(bar, 17), 16);
	CHECK_INT(CUT(bar, 16), 16);
	CHECK_INT(CUT(bar, 1), 1);
	CHECK_INT(CUT(bar, 2), 1);
	CHECK_INT(CUT("\xf0\x9f\x9a\x80!", 3), 0);
	CHECK_INT(CUT("\xf0\x9f\x9a\x80!", 4), 4);
	CHECK_INT(CUT("a\xc3\xa9", 2), 1);
	/* Invalid bytes are cut like characters of their own. */
	CHECK_INT(CUT("a\x80\x80\x80\x80", 3), 3);
	CHECK_INT(CUT("a\xe2\x96x", 2), 1);
	CHECK_INT(CUT("a\xe2\x96x", 3), 3);
	CHECK_INT(CUT("\xff\xff", 1), 1);
}

int
main(void)
{
	test_valid();
	test_invalid();
	test_len();
	test_cut();
	return harness_done();
}
