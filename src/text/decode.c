/*
 * decode.c - from a file's raw bytes to the clean UTF-8 text progdb parses
 * (see decode.h).  A clean file is only checked, eight bytes at a time while
 * they are ASCII, and handed back in place; anything else is rebuilt in the
 * scratch buffer by one of three passes: UTF-8 repair, UTF-16 or cp1252.
 */
#include "progdb/decode.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "progdb/utf8.h"
#include "progdb/words.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))


#define MAX_BAD_LINES	5	/* lines with invalid input warned one by one */
#define BINARY_SAMPLE	8192
#define UTF16_SAMPLE	1024
#define TRUSTED_WEAK	3	/* MOJI_WEAK repaired from this many on */

/* Windows-1252 0x80-0x9F; 0 for the five bytes it leaves undefined. */
static const uint16_t cp1252_80_9f[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/*
 * Mac OS Roman 0x80-0xFF (Apple's ROMAN.TXT), sorted by the code point each
 * byte decodes to, plus the older mappings U+00A4 (0xDB before Mac OS 8.5),
 * U+0394 (0xC6) and U+2126 (0xBD) that some decoders still use.
 */
static const struct {
	uint16_t	cp;
	uint8_t		byte;
} macroman[] = {
	{0x00A0, 0xCA}, {0x00A1, 0xC1}, {0x00A2, 0xA2}, {0x00A3, 0xA3},
	{0x00A4, 0xDB}, {0x00A5, 0xB4}, {0x00A7, 0xA4}, {0x00A8, 0xAC},
	{0x00A9, 0xA9}, {0x00AA, 0xBB}, {0x00AB, 0xC7}, {0x00AC, 0xC2},
	{0x00AE, 0xA8}, {0x00AF, 0xF8}, {0x00B0, 0xA1}, {0x00B1, 0xB1},
	{0x00B4, 0xAB}, {0x00B5, 0xB5}, {0x00B6, 0xA6}, {0x00B7, 0xE1},
	{0x00B8, 0xFC}, {0x00BA, 0xBC}, {0x00BB, 0xC8}, {0x00BF, 0xC0},
	{0x00C0, 0xCB}, {0x00C1, 0xE7}, {0x00C2, 0xE5}, {0x00C3, 0xCC},
	{0x00C4, 0x80}, {0x00C5, 0x81}, {0x00C6, 0xAE}, {0x00C7, 0x82},
	{0x00C8, 0xE9}, {0x00C9, 0x83}, {0x00CA, 0xE6}, {0x00CB, 0xE8},
	{0x00CC, 0xED}, {0x00CD, 0xEA}, {0x00CE, 0xEB}, {0x00CF, 0xEC},
	{0x00D1, 0x84}, {0x00D2, 0xF1}, {0x00D3, 0xEE}, {0x00D4, 0xEF},
	{0x00D5, 0xCD}, {0x00D6, 0x85}, {0x00D8, 0xAF}, {0x00D9, 0xF4},
	{0x00DA, 0xF2}, {0x00DB, 0xF3}, {0x00DC, 0x86}, {0x00DF, 0xA7},
	{0x00E0, 0x88}, {0x00E1, 0x87}, {0x00E2, 0x89}, {0x00E3, 0x8B},
	{0x00E4, 0x8A}, {0x00E5, 0x8C}, {0x00E6, 0xBE}, {0x00E7, 0x8D},
	{0x00E8, 0x8F}, {0x00E9, 0x8E}, {0x00EA, 0x90}, {0x00EB, 0x91},
	{0x00EC, 0x93}, {0x00ED, 0x92}, {0x00EE, 0x94}, {0x00EF, 0x95},
	{0x00F1, 0x96}, {0x00F2, 0x98}, {0x00F3, 0x97}, {0x00F4, 0x99},
	{0x00F5, 0x9B}, {0x00F6, 0x9A}, {0x00F7, 0xD6}, {0x00F8, 0xBF},
	{0x00F9, 0x9D}, {0x00FA, 0x9C}, {0x00FB, 0x9E}, {0x00FC, 0x9F},
	{0x00FF, 0xD8}, {0x0131, 0xF5}, {0x0152, 0xCE}, {0x0153, 0xCF},
	{0x0178, 0xD9}, {0x0192, 0xC4}, {0x02C6, 0xF6}, {0x02C7, 0xFF},
	{0x02D8, 0xF9}, {0x02D9, 0xFA}, {0x02DA, 0xFB}, {0x02DB, 0xFE},
	{0x02DC, 0xF7}, {0x02DD, 0xFD}, {0x0394, 0xC6}, {0x03A9, 0xBD},
	{0x03C0, 0xB9}, {0x2013, 0xD0}, {0x2014, 0xD1}, {0x2018, 0xD4},
	{0x2019, 0xD5}, {0x201A, 0xE2}, {0x201C, 0xD2}, {0x201D, 0xD3},
	{0x201E, 0xE3}, {0x2020, 0xA0}, {0x2021, 0xE0}, {0x2022, 0xA5},
	{0x2026, 0xC9}, {0x2030, 0xE4}, {0x2039, 0xDC}, {0x203A, 0xDD},
	{0x2044, 0xDA}, {0x20AC, 0xDB}, {0x2122, 0xAA}, {0x2126, 0xBD},
	{0x2202, 0xB6}, {0x2206, 0xC6}, {0x220F, 0xB8}, {0x2211, 0xB7},
	{0x221A, 0xC3}, {0x221E, 0xB0}, {0x222B, 0xBA}, {0x2248, 0xC5},
	{0x2260, 0xAD}, {0x2264, 0xB2}, {0x2265, 0xB3}, {0x25CA, 0xD7},
	{0xF8FF, 0xF0}, {0xFB01, 0xDE}, {0xFB02, 0xDF},
};

/*
 * Mojibake: UTF-8 read as Mac OS Roman or cp1252 and saved again as UTF-8
 * turns each byte of a multi-byte character into a character of the upper
 * half of that encoding.  moji_match() maps such characters back to bytes;
 * where they make one valid UTF-8 character, that is what was meant, and
 * characters that make none stay as they are (a lone "é" maps to one byte
 * that is no character on its own).  A file is mis-decoded as a whole, so
 * one encoding is chosen per file: the one with more evidence.
 */

/* The 8-bit encodings whose mis-decoding of UTF-8 is repaired. */
enum moji_enc {
	MOJI_MACROMAN,
	MOJI_CP1252,
	MOJI_NENC,
};

static const char *const moji_enc_name[MOJI_NENC] = {
	"Mac OS Roman",
	"Windows-1252",
};

/*
 * How much a mis-decoded sequence proves.  Legit text can hold two or three
 * characters of these alphabets in a row ("“café”—" reads in cp1252 as the
 * bytes of U+9517, "—é" in Mac OS Roman as those of U+044E), so what such
 * text makes by accident is MOJI_WEAK: repaired only beside another
 * mis-decoded sequence (the words of a mis-decoded script come in runs, the
 * accidents stand alone), and only in files with a few such runs.
 */
enum moji_kind {
	MOJI_NONE,
	MOJI_WEAK,	/* 2 bytes: basic Greek or Cyrillic; 3 bytes: what
			   is not MOJI_STRONG (CJK...) */
	MOJI_LATIN,	/* 2 bytes: U+00A0-U+017F, "Ã©" or "√©" for "é" */
	MOJI_STRONG,	/* 3 bytes: U+2000-U+2FFF, U+F000-U+FFFF (punctuation,
			   arrows, symbols, U+FE0F); 4 bytes; an emoji that
			   lost its 0xF0 */
};

/* One mis-decoded sequence, as found by moji_match(). */
struct moji {
	unsigned char	 bytes[4];	/* the UTF-8 that was meant */
	size_t		 len;
	size_t		 in;		/* bytes of input it replaces */
};

struct moji_count {
	size_t	strong;
	size_t	latin;
	size_t	weak;		/* only those beside another sequence */
};

/* What a first look at UTF-8 input found. */
struct survey {
	size_t			cr;
	size_t			nul;
	size_t			invalid;	/* maximal invalid subparts */
	size_t			multi2;		/* valid 2-byte characters */
	size_t			multi34;	/* valid 3- and 4-byte ones */
	struct moji_count	moji[MOJI_NENC];
};

/* The text being rebuilt in the scratch buffer, and what to report. */
struct out {
	struct pdb_buf		*buf;
	struct pdb_diaglist	*diags;
	int			 flags;
	size_t			 counted;	/* buf bytes counted in line */
	unsigned		 line;		/* line at buf->data[counted] */
	const char		*bad_code;	/* "invalid-utf8" or "-utf16" */
	const char		*bad_what;	/* "UTF-8" or "UTF-16" */
	unsigned		 bad_line;	/* last line with bad input */
	unsigned		 bad_lines;	/* lines with bad input */
	unsigned		 more_line;	/* first not warned about */
	size_t			 nul;
	unsigned		 nul_line;	/* first line with a NUL */
	int			 enc_found;	/* mojibake to repair */
	enum moji_enc		 enc;		/* its encoding */
	size_t			 repaired;	/* sequences repaired */
	unsigned		 repaired_line;	/* first line with one */
	const unsigned char	*repaired_end;	/* input after the last */
};

static int
is_cont(unsigned char c)
{
	return c >= 0x80 && c <= 0xBF;
}

/* Length of the UTF-8 sequence lead byte c starts; 0 if c is no lead. */
static size_t
utf8_lead_len(int c)
{
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

/*
 * Returns the first byte at or after p that needs a closer look: a byte
 * above 0x7F, a CR or a NUL.  Whole words of plain ASCII are skipped at once.
 */
static const unsigned char *
skip_plain(const unsigned char *p, const unsigned char *end)
{
	uint64_t w, marks;

	while (end - p >= 8) {
		w = word_at(p);
		marks = (w & WORD_HIGHS) | word_zeros(w) | word_has(w, '\r');
		if (marks != 0) {
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* The lowest mark is exact (word_zeros() errs only
			   above a zero byte), and the first byte is lowest. */
			return p + __builtin_ctzll(marks) / 8;
#else
			break;
#endif
		}
		p += 8;
	}
	while (p < end && *p < 0x80 && *p != '\r' && *p != '\0')
		p++;
	return p;
}

/* Could cp be in either alphabet?  Rejects most text without a lookup. */
static inline int
in_alphabets(uint32_t cp)
{
	return cp < 0x2DE || (cp >= 0x2013 && cp <= 0x25CA) ||
	    cp == 0x394 || cp == 0x3A9 || cp == 0x3C0 || cp == 0xF8FF ||
	    cp == 0xFB01 || cp == 0xFB02;
}

static int
macroman_byte(uint32_t cp)
{
	size_t lo = 0, hi = NITEMS(macroman), mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (macroman[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < NITEMS(macroman) && macroman[lo].cp == cp ?
	    macroman[lo].byte : -1;
}

static int
cp1252_byte(uint32_t cp)
{
	/*
	 * 0xA0-0xFF decode to themselves, and so do 0x80-0x9F when decoded
	 * as C1 controls: cp1252's undefined bytes, or plain ISO 8859-1.
	 */
	if (cp >= 0x80 && cp <= 0xFF)
		return (int)cp;
	for (size_t i = 0; i < NITEMS(cp1252_80_9f); i++)
		if (cp1252_80_9f[i] == cp)
			return 0x80 + (int)i;
	return -1;
}

/*
 * Reads the character at *q and returns the byte enc decodes as that
 * character (-1 if none, or at the end), moving *q past it.
 */
static int
read_mis_byte(const unsigned char **q, const unsigned char *end,
    enum moji_enc enc)
{
	uint32_t cp;
	int n;

	if (*q >= end || **q < 0x80 ||
	    (n = utf8_decode(*q, (size_t)(end - *q), &cp)) < 0 ||
	    !in_alphabets(cp))
		return -1;
	*q += n;
	return enc == MOJI_MACROMAN ? macroman_byte(cp) : cp1252_byte(cp);
}

static enum moji_kind
moji_kind(uint32_t cp, size_t len, int lost_lead)
{
	if (lost_lead)
		return cp >= 0x1F300 && cp <= 0x1FAFF ? MOJI_STRONG : MOJI_NONE;
	if (len == 4 || (len == 3 && ((cp >= 0x2000 && cp <= 0x2FFF) ||
	    cp >= 0xF000)))
		return MOJI_STRONG;
	if (len == 3)
		return MOJI_WEAK;
	if (cp >= 0xA0 && cp <= 0x17F)
		return MOJI_LATIN;
	if ((cp >= 0x386 && cp <= 0x3CE) || (cp >= 0x401 && cp <= 0x45F))
		return MOJI_WEAK;
	return MOJI_NONE;
}

/*
 * Matches, at p, characters that enc decoded from the bytes of one UTF-8
 * character: a lead byte and its continuation bytes, or 0x9F and two
 * continuation bytes (an emoji whose 0xF0 was lost: U+1F000-U+1FFFF all
 * start F0 9F, so the lead can be restored).
 */
static enum moji_kind
moji_match(const unsigned char *p, const unsigned char *end,
    enum moji_enc enc, struct moji *m)
{
	const unsigned char *q = p;
	unsigned char b[4];
	size_t n = 0, want;
	int c, lost_lead;
	uint32_t cp;

	if ((c = read_mis_byte(&q, end, enc)) < 0)
		return MOJI_NONE;
	lost_lead = c == 0x9F;
	if (lost_lead)
		b[n++] = 0xF0;
	if ((want = utf8_lead_len(lost_lead ? 0xF0 : c)) == 0)
		return MOJI_NONE;
	b[n++] = (unsigned char)c;
	while (n < want) {
		if ((c = read_mis_byte(&q, end, enc)) < 0 ||
		    !is_cont((unsigned char)c))
			return MOJI_NONE;
		b[n++] = (unsigned char)c;
	}
	if (utf8_decode(b, n, &cp) != (int)n)
		return MOJI_NONE;
	memcpy(m->bytes, b, n);
	m->len = n;
	m->in = (size_t)(q - p);
	return moji_kind(cp, n, lost_lead);
}

static int
weak_trusted(const struct moji_count *c)
{
	return c->weak >= TRUSTED_WEAK;
}

static size_t
moji_score(const struct moji_count *c)
{
	return c->strong + c->latin + (weak_trusted(c) ? c->weak : 0);
}

/*
 * Whether the match m at p touches another one: the last ended at p
 * (last_end, NULL if none), or one starts right after m.
 */
static int
moji_beside(const unsigned char *p, const unsigned char *end,
    enum moji_enc enc, const struct moji *m, const unsigned char *last_end)
{
	struct moji next;

	return p == last_end ||
	    moji_match(p + m->in, end, enc, &next) != MOJI_NONE;
}

/*
 * Counts mis-decoded sequences starting at p, under each encoding; last[]
 * holds where the last match of each ended (NULL before the first).
 */
static void
count_mojibake(const unsigned char *p, const unsigned char *end,
    const unsigned char *last[], struct moji_count count[])
{
	struct moji m;

	for (int e = 0; e < MOJI_NENC; e++) {
		if (last[e] != NULL && p < last[e])
			continue;	/* inside the last match */
		switch (moji_match(p, end, (enum moji_enc)e, &m)) {
		case MOJI_NONE:
			continue;
		case MOJI_WEAK:
			if (moji_beside(p, end, (enum moji_enc)e, &m, last[e]))
				count[e].weak++;
			break;
		case MOJI_LATIN:
			count[e].latin++;
			break;
		case MOJI_STRONG:
			count[e].strong++;
			break;
		}
		last[e] = p + m.in;
	}
}

static void
survey(const unsigned char *p, const unsigned char *end, struct survey *s)
{
	const unsigned char *last[MOJI_NENC] = {NULL, NULL};
	uint32_t cp;
	int n;

	memset(s, 0, sizeof(*s));
	while (p < end) {
		if (*p < 0x80 && *p != '\r' && *p != '\0')
			p = skip_plain(p, end);
		else if (*p == '\r') {
			s->cr++;
			p++;
		} else if (*p == '\0') {
			s->nul++;
			p++;
		} else if ((n = utf8_decode(p, (size_t)(end - p), &cp)) < 0) {
			s->invalid++;
			p -= n;
		} else {
			if (n == 2)
				s->multi2++;
			else
				s->multi34++;
			/* Mojibake takes two non-ASCII characters in a row. */
			if (p + n < end && p[n] >= 0x80 && in_alphabets(cp))
				count_mojibake(p, end, last, s->moji);
			p += n;
		}
	}
}

static int
survey_clean(const struct survey *s)
{
	for (int e = 0; e < MOJI_NENC; e++)
		if (moji_score(&s->moji[e]) > 0)
			return 0;
	return s->cr == 0 && s->nul == 0 && s->invalid == 0;
}

/* The encoding with the most evidence of mojibake, or -1 for none. */
static int
moji_choose(const struct survey *s)
{
	size_t mac = moji_score(&s->moji[MOJI_MACROMAN]);
	size_t win = moji_score(&s->moji[MOJI_CP1252]);

	if (mac == 0 && win == 0)
		return -1;
	return win > mac ? MOJI_CP1252 : MOJI_MACROMAN;
}

/* 1 for a UTF-16LE byte order mark, 2 for UTF-16BE, else 0. */
static int
utf16_bom(const unsigned char *p, size_t len)
{
	if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE)
		return 1;
	if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF)
		return 2;
	return 0;
}

static int
is_texty(unsigned char c)
{
	return (c >= 0x20 && c != 0x7F) || c == '\t' || c == '\n' ||
	    c == '\r';
}

/*
 * UTF-16 without a byte order mark is recognised only where it is mostly
 * ASCII, as Markdown is: when at least 3/4 of the code units in the first
 * KB have a zero high byte and a printable or white-space low byte.
 * Returns 1 for UTF-16LE, 2 for UTF-16BE, else 0.
 */
static int
utf16_guess(const unsigned char *p, const unsigned char *end)
{
	size_t units = (size_t)(end - p) / 2, le = 0, be = 0;

	if (units > UTF16_SAMPLE / 2)
		units = UTF16_SAMPLE / 2;
	if (units < 2)
		return 0;
	for (size_t i = 0; i < units; i++, p += 2) {
		if (p[1] == 0 && is_texty(p[0]))
			le++;
		if (p[0] == 0 && is_texty(p[1]))
			be++;
	}
	if (le * 4 >= units * 3)
		return 1;
	if (be * 4 >= units * 3)
		return 2;
	return 0;
}

/* Controls that text does not hold; \t \n \v \f \r and ESC it may. */
static int
is_binary_control(unsigned char c)
{
	return c < 0x20 && (c < '\t' || c > '\r') && c != 0x1B;
}

/*
 * A file is binary when, in its first 8 KB, more than one byte in 8 is
 * suspect -- a NUL, a control that text does not hold, or part of invalid
 * UTF-8 -- and more than two of them are NULs or controls.  So text with a
 * couple of stray NULs is text, and so is Latin-1 (all its accented letters
 * are invalid UTF-8, but it holds no controls); images, executables,
 * archives and random bytes are binary.  Called only for files with NULs or
 * invalid UTF-8 that are not UTF-16: valid UTF-8 is always text.
 */
static int
looks_binary(const unsigned char *p, const unsigned char *end)
{
	size_t sample = (size_t)(end - p), controls = 0, suspect = 0;
	const unsigned char *stop;
	uint32_t cp;
	int n;

	if (sample > BINARY_SAMPLE)
		sample = BINARY_SAMPLE;
	for (stop = p + sample; p < stop; p += n) {
		if ((n = utf8_decode(p, (size_t)(end - p), &cp)) < 0) {
			n = -n;
			suspect += (size_t)n;
		} else if (n == 1 && is_binary_control(*p)) {
			controls++;
			suspect++;
		}
	}
	return controls > 2 && suspect * 8 > sample;
}

/*
 * Text that is not UTF-8 is read as Windows-1252 (a superset of the
 * printable Latin-1) when it has no valid 3- or 4-byte UTF-8 character,
 * at least four times as many invalid sequences as valid 2-byte ones (which
 * cp1252 text makes by accident, as "ß“"), none of the five bytes cp1252
 * leaves undefined, and at most half of its high bytes right after
 * another: accented letters mostly stand among ASCII ones ("Größe" has a
 * pair), while the letters of other legacy encodings (cp1251, Shift JIS,
 * GBK) come in runs.
 */
static int
looks_cp1252(const struct survey *s, const unsigned char *p,
    const unsigned char *end)
{
	size_t high = 0, paired = 0;
	int after_high = 0;

	if (s->invalid == 0 || s->multi34 > 0 || s->multi2 * 4 > s->invalid)
		return 0;
	for (; p < end; p++) {
		if (*p < 0x80) {
			after_high = 0;
			continue;
		}
		if (*p <= 0x9F && cp1252_80_9f[*p - 0x80] == 0)
			return 0;
		high++;
		paired += (size_t)after_high;
		after_high = 1;
	}
	return paired * 2 <= high;
}

/* The line the next byte appended to o goes on. */
static unsigned
current_line(struct out *o)
{
	const char *p, *end;

	if (o->counted == o->buf->len)
		return o->line;
	p = o->buf->data + o->counted;
	end = o->buf->data + o->buf->len;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		o->line++;
		p++;
	}
	o->counted = o->buf->len;
	return o->line;
}

/*
 * Appends to the text without buf_append()'s NUL, which finish() adds with
 * the padding: most calls write one character.
 */
static void
put(struct out *o, const void *p, size_t n)
{
	struct pdb_buf *b = o->buf;

	if (b->cap - b->len <= n)
		buf_reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

static void
put_cp(struct out *o, uint32_t cp)
{
	unsigned char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xC0 | cp >> 6);
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xE0 | cp >> 12);
		n = 3;
	} else {
		b[0] = (unsigned char)(0xF0 | cp >> 18);
		n = 4;
	}
	for (size_t i = n - 1; i > 0; i--) {
		b[i] = (unsigned char)(0x80 | (cp & 0x3F));
		cp >>= 6;
	}
	put(o, b, n);
}

static void
put_replacement(struct out *o)
{
	put(o, "\xEF\xBF\xBD", 3);
}

static void
put_nul(struct out *o)
{
	if (o->nul++ == 0)
		o->nul_line = current_line(o);
	o->flags |= PDB_DECODE_NUL;
	put_replacement(o);
}

/*
 * Handles the CR or NUL at p that skip_plain() stopped at; returns the
 * input bytes used.  CR LF and lone CR both end one line, so the line count
 * stays the file's.
 */
static size_t
put_cr_or_nul(struct out *o, const unsigned char *p, const unsigned char *end)
{
	if (*p == '\0') {
		put_nul(o);
		return 1;
	}
	o->flags |= PDB_DECODE_CR;
	put(o, "\n", 1);
	return p + 1 < end && p[1] == '\n' ? 2 : 1;
}

/*
 * Counts invalid input at the current line and sets the flag; returns the
 * line when it deserves a warning of its own, else 0.
 */
static unsigned
count_bad(struct out *o)
{
	unsigned line = current_line(o);

	o->flags |= PDB_DECODE_INVALID;
	if (line == o->bad_line)
		return 0;
	o->bad_line = line;
	if (++o->bad_lines <= MAX_BAD_LINES)
		return line;
	if (o->bad_lines == MAX_BAD_LINES + 1)
		o->more_line = line;
	return 0;
}

/* What is wrong with the invalid UTF-8 of n bytes at p (see utf8_decode()). */
static const char *
utf8_error(const unsigned char *p, size_t n, const unsigned char *end)
{
	unsigned char c = p[0];
	/* A lead byte refusing a continuation byte means a range error. */
	int range = n == 1 && p + 1 < end && is_cont(p[1]);

	if (is_cont(c))
		return "stray continuation byte";
	if (c == 0xC0 || c == 0xC1 || (range && (c == 0xE0 || c == 0xF0)))
		return "overlong encoding";
	if (range && c == 0xED)
		return "surrogate";
	if ((c >= 0xF5 && c <= 0xF7) || (range && c == 0xF4))
		return "code point above U+10FFFF";
	if (c >= 0xF8)
		return "byte never used in UTF-8";
	return "truncated sequence";
}

static void
put_invalid_utf8(struct out *o, const unsigned char *p, size_t n,
    const unsigned char *end)
{
	char hex[4 * 3];
	size_t shown = n, used = 0;
	unsigned line;

	if ((line = count_bad(o)) != 0) {
		/* Show the continuation bytes that go with it, too. */
		while (shown < 4 && p + shown < end && is_cont(p[shown]))
			shown++;
		for (size_t i = 0; i < shown; i++)
			used += (size_t)snprintf(hex + used, sizeof(hex) - used,
			    "%s%02X", i > 0 ? " " : "", p[i]);
		diaglist_add(o->diags, PDB_SEV_WARNING, line, o->bad_code,
		    "invalid UTF-8 (%s: %s) replaced by U+FFFD",
		    utf8_error(p, n, end), hex);
	}
	put_replacement(o);
}

/*
 * Writes the character of n bytes at p, or what it and the next meant;
 * returns the input bytes used.
 */
static size_t
put_char_or_repair(struct out *o, const unsigned char *p, size_t n,
    const unsigned char *end, int weak_ok)
{
	struct moji m;
	enum moji_kind kind;

	if (o->enc_found && p + n < end && p[n] >= 0x80) {
		kind = moji_match(p, end, o->enc, &m);
		if (kind > MOJI_WEAK || (kind == MOJI_WEAK && weak_ok &&
		    moji_beside(p, end, o->enc, &m, o->repaired_end))) {
			if (o->repaired++ == 0)
				o->repaired_line = current_line(o);
			o->flags |= PDB_DECODE_MOJIBAKE;
			o->repaired_end = p + m.in;
			put(o, m.bytes, m.len);
			return m.in;
		}
	}
	put(o, p, n);
	return n;
}

/* The UTF-8 pass: line ends, NULs, invalid UTF-8 and mojibake. */
static void
repair_utf8(struct out *o, const unsigned char *p, const unsigned char *end,
    const struct survey *s)
{
	int enc = moji_choose(s);
	int weak_ok = enc >= 0 && weak_trusted(&s->moji[enc]);
	const unsigned char *q;
	uint32_t cp;
	int n;

	if (enc >= 0) {
		o->enc_found = 1;
		o->enc = (enum moji_enc)enc;
	}
	for (;;) {
		q = skip_plain(p, end);
		put(o, p, (size_t)(q - p));
		if ((p = q) == end)
			break;
		if (*p < 0x80)
			p += put_cr_or_nul(o, p, end);
		else if ((n = utf8_decode(p, (size_t)(end - p), &cp)) < 0) {
			put_invalid_utf8(o, p, (size_t)-n, end);
			p -= n;
		} else
			p += put_char_or_repair(o, p, (size_t)n, end, weak_ok);
	}
}

/* The cp1252 pass; returns the line of the first non-ASCII character. */
static unsigned
convert_cp1252(struct out *o, const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q;
	unsigned first = 0;

	for (;;) {
		q = skip_plain(p, end);
		put(o, p, (size_t)(q - p));
		if ((p = q) == end)
			break;
		if (*p < 0x80) {
			p += put_cr_or_nul(o, p, end);
			continue;
		}
		if (first == 0)
			first = current_line(o);
		put_cp(o, *p <= 0x9F ? cp1252_80_9f[*p - 0x80] : *p);
		p++;
	}
	o->flags |= PDB_DECODE_CP1252;
	return first;
}

static unsigned
utf16_unit(const unsigned char *p, int big_endian)
{
	return big_endian ? (unsigned)p[0] << 8 | p[1] :
	    (unsigned)p[1] << 8 | p[0];
}

static void
put_invalid_utf16(struct out *o, const char *what, unsigned unit)
{
	unsigned line;

	if ((line = count_bad(o)) != 0)
		diaglist_add(o->diags, PDB_SEV_WARNING, line, o->bad_code,
		    "invalid UTF-16 (%s %04X) replaced by U+FFFD", what, unit);
	put_replacement(o);
}

/* The UTF-16 pass, from just after any byte order mark. */
static void
convert_utf16(struct out *o, const unsigned char *p, const unsigned char *end,
    int big_endian)
{
	unsigned u, lo;
	int after_cr = 0;

	o->flags |= PDB_DECODE_UTF16;
	o->bad_code = "invalid-utf16";
	o->bad_what = "UTF-16";
	for (; end - p >= 2; p += 2) {
		u = utf16_unit(p, big_endian);
		if (u == '\n' && after_cr) {
			after_cr = 0;
			continue;
		}
		after_cr = u == '\r';
		if (u == '\r') {
			o->flags |= PDB_DECODE_CR;
			put(o, "\n", 1);
		} else if (u == 0)
			put_nul(o);
		else if (u < 0xD800 || u > 0xDFFF)
			put_cp(o, u);
		else if (u <= 0xDBFF && end - p >= 4 &&
		    (lo = utf16_unit(p + 2, big_endian)) >= 0xDC00 &&
		    lo <= 0xDFFF) {
			put_cp(o, 0x10000 + ((u & 0x3FF) << 10 | (lo & 0x3FF)));
			p += 2;
		} else
			put_invalid_utf16(o, "unpaired surrogate", u);
	}
	if (p < end)
		put_invalid_utf16(o, "odd last byte", *p);
}

/* Warns about what was counted along the way and pads the text. */
static int
finish(struct out *o, const char **text, size_t *text_len)
{
	if (o->bad_lines > MAX_BAD_LINES)
		diaglist_add(o->diags, PDB_SEV_WARNING, o->more_line,
		    o->bad_code, "... and %u more lines with invalid %s",
		    o->bad_lines - MAX_BAD_LINES, o->bad_what);
	if (o->nul == 1)
		diaglist_add(o->diags, PDB_SEV_WARNING, o->nul_line,
		    "nul-byte", "NUL byte replaced by U+FFFD");
	else if (o->nul > 1)
		diaglist_add(o->diags, PDB_SEV_WARNING, o->nul_line,
		    "nul-byte", "%zu NUL bytes replaced by U+FFFD, "
		    "first at line %u", o->nul, o->nul_line);
	if (o->repaired > 0)
		diaglist_add(o->diags, PDB_SEV_WARNING, o->repaired_line,
		    "mojibake", "repaired %zu mis-decoded UTF-8 sequence%s "
		    "(%s), first at line %u", o->repaired,
		    o->repaired == 1 ? "" : "s", moji_enc_name[o->enc],
		    o->repaired_line);
	buf_reserve(o->buf, PDB_DECODE_PAD);
	memset(o->buf->data + o->buf->len, 0, PDB_DECODE_PAD + 1);
	*text = o->buf->data;
	*text_len = o->buf->len;
	return o->flags;
}

int
decode_text(const char *raw, size_t len, const char **text,
    size_t *text_len, struct pdb_buf *scratch, struct pdb_diaglist *diags)
{
	const unsigned char *p = (const unsigned char *)raw, *end = p + len;
	struct out o = {
		.buf = scratch, .diags = diags, .line = 1,
		.bad_code = "invalid-utf8", .bad_what = "UTF-8",
	};
	struct survey s;
	int utf16;

	buf_reset(scratch);
	if ((utf16 = utf16_bom(p, len)) != 0) {
		diaglist_add(diags, PDB_SEV_WARNING, 0, "utf16",
		    "converted from UTF-16%s", utf16 == 1 ? "LE" : "BE");
		buf_reserve(scratch, len + PDB_DECODE_PAD);
		convert_utf16(&o, p + 2, end, utf16 == 2);
		return finish(&o, text, text_len);
	}
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		o.flags |= PDB_DECODE_BOM;
		p += 3;
	}
	survey(p, end, &s);
	if (survey_clean(&s)) {
		*text = (const char *)p;
		*text_len = (size_t)(end - p);
		return o.flags;
	}
	utf16 = s.nul > 0 ? utf16_guess(p, end) : 0;
	if (utf16 == 0 && (s.nul > 0 || s.invalid > 0) &&
	    looks_binary(p, end)) {
		diaglist_add(diags, PDB_SEV_WARNING, 0, "binary",
		    "binary file, not ingested");
		return -1;
	}
	buf_reserve(scratch, len + PDB_DECODE_PAD);
	if (utf16 != 0) {
		diaglist_add(diags, PDB_SEV_WARNING, 0, "utf16",
		    "converted from UTF-16%s (no byte order mark)",
		    utf16 == 1 ? "LE" : "BE");
		convert_utf16(&o, p, end, utf16 == 2);
	} else if (looks_cp1252(&s, p, end)) {
		unsigned line = convert_cp1252(&o, p, end);

		diaglist_add(diags, PDB_SEV_WARNING, line, "cp1252",
		    "not UTF-8: converted from Windows-1252, first non-ASCII "
		    "character at line %u", line);
	} else
		repair_utf8(&o, p, end, &s);
	return finish(&o, text, text_len);
}
