/*
 * escape.c - making untrusted text safe for terminals, JSON, CSV, Markdown
 * and HTML, and measuring its width in terminal columns (see escape.h).
 *
 * Every escaper decodes UTF-8 strictly and decides per code point, so a
 * byte that is not part of valid UTF-8 is never copied through as it is.
 */
#include "progdb/escape.h"

#include <stdint.h>
#include <string.h>

#include "progdb/utf8.h"
#include "progdb/words.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */
#define ZWJ		0x200d
#define VS16		0xfe0f		/* emoji presentation selector */

struct range {
	uint32_t	lo;
	uint32_t	hi;
};

/*
 * Combining marks (General_Category Mn and Me), Hangul medial and final
 * jamo, and invisible format characters: they take no column of their own.
 * Built from Unicode 14 data; ranges are merged across short stretches of
 * unassigned code points.
 */
static const struct range zero_width[] = {
	{0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x05bf, 0x05bf},
	{0x05c1, 0x05c2}, {0x05c4, 0x05c5}, {0x05c7, 0x05c7}, {0x0610, 0x061a},
	{0x061c, 0x061c}, {0x064b, 0x065f}, {0x0670, 0x0670}, {0x06d6, 0x06dc},
	{0x06df, 0x06e4}, {0x06e7, 0x06e8}, {0x06ea, 0x06ed}, {0x0711, 0x0711},
	{0x0730, 0x074a}, {0x07a6, 0x07b0}, {0x07eb, 0x07f3}, {0x07fd, 0x07fd},
	{0x0816, 0x0819}, {0x081b, 0x0823}, {0x0825, 0x0827}, {0x0829, 0x082d},
	{0x0859, 0x085b}, {0x0898, 0x089f}, {0x08ca, 0x08e1}, {0x08e3, 0x0902},
	{0x093a, 0x093a}, {0x093c, 0x093c}, {0x0941, 0x0948}, {0x094d, 0x094d},
	{0x0951, 0x0957}, {0x0962, 0x0963}, {0x0981, 0x0981}, {0x09bc, 0x09bc},
	{0x09c1, 0x09c4}, {0x09cd, 0x09cd}, {0x09e2, 0x09e3}, {0x09fe, 0x0a02},
	{0x0a3c, 0x0a3c}, {0x0a41, 0x0a51}, {0x0a70, 0x0a71}, {0x0a75, 0x0a75},
	{0x0a81, 0x0a82}, {0x0abc, 0x0abc}, {0x0ac1, 0x0ac8}, {0x0acd, 0x0acd},
	{0x0ae2, 0x0ae3}, {0x0afa, 0x0b01}, {0x0b3c, 0x0b3c}, {0x0b3f, 0x0b3f},
	{0x0b41, 0x0b44}, {0x0b4d, 0x0b56}, {0x0b62, 0x0b63}, {0x0b82, 0x0b82},
	{0x0bc0, 0x0bc0}, {0x0bcd, 0x0bcd}, {0x0c00, 0x0c00}, {0x0c04, 0x0c04},
	{0x0c3c, 0x0c3c}, {0x0c3e, 0x0c40}, {0x0c46, 0x0c56}, {0x0c62, 0x0c63},
	{0x0c81, 0x0c81}, {0x0cbc, 0x0cbc}, {0x0cbf, 0x0cbf}, {0x0cc6, 0x0cc6},
	{0x0ccc, 0x0ccd}, {0x0ce2, 0x0ce3}, {0x0d00, 0x0d01}, {0x0d3b, 0x0d3c},
	{0x0d41, 0x0d44}, {0x0d4d, 0x0d4d}, {0x0d62, 0x0d63}, {0x0d81, 0x0d81},
	{0x0dca, 0x0dca}, {0x0dd2, 0x0dd6}, {0x0e31, 0x0e31}, {0x0e34, 0x0e3a},
	{0x0e47, 0x0e4e}, {0x0eb1, 0x0eb1}, {0x0eb4, 0x0ebc}, {0x0ec8, 0x0ecd},
	{0x0f18, 0x0f19}, {0x0f35, 0x0f35}, {0x0f37, 0x0f37}, {0x0f39, 0x0f39},
	{0x0f71, 0x0f7e}, {0x0f80, 0x0f84}, {0x0f86, 0x0f87}, {0x0f8d, 0x0fbc},
	{0x0fc6, 0x0fc6}, {0x102d, 0x1030}, {0x1032, 0x1037}, {0x1039, 0x103a},
	{0x103d, 0x103e}, {0x1058, 0x1059}, {0x105e, 0x1060}, {0x1071, 0x1074},
	{0x1082, 0x1082}, {0x1085, 0x1086}, {0x108d, 0x108d}, {0x109d, 0x109d},
	{0x1160, 0x11ff}, {0x135d, 0x135f}, {0x1712, 0x1714}, {0x1732, 0x1733},
	{0x1752, 0x1753}, {0x1772, 0x1773}, {0x17b4, 0x17b5}, {0x17b7, 0x17bd},
	{0x17c6, 0x17c6}, {0x17c9, 0x17d3}, {0x17dd, 0x17dd}, {0x180b, 0x180f},
	{0x1885, 0x1886}, {0x18a9, 0x18a9}, {0x1920, 0x1922}, {0x1927, 0x1928},
	{0x1932, 0x1932}, {0x1939, 0x193b}, {0x1a17, 0x1a18}, {0x1a1b, 0x1a1b},
	{0x1a56, 0x1a56}, {0x1a58, 0x1a60}, {0x1a62, 0x1a62}, {0x1a65, 0x1a6c},
	{0x1a73, 0x1a7f}, {0x1ab0, 0x1b03}, {0x1b34, 0x1b34}, {0x1b36, 0x1b3a},
	{0x1b3c, 0x1b3c}, {0x1b42, 0x1b42}, {0x1b6b, 0x1b73}, {0x1b80, 0x1b81},
	{0x1ba2, 0x1ba5}, {0x1ba8, 0x1ba9}, {0x1bab, 0x1bad}, {0x1be6, 0x1be6},
	{0x1be8, 0x1be9}, {0x1bed, 0x1bed}, {0x1bef, 0x1bf1}, {0x1c2c, 0x1c33},
	{0x1c36, 0x1c37}, {0x1cd0, 0x1cd2}, {0x1cd4, 0x1ce0}, {0x1ce2, 0x1ce8},
	{0x1ced, 0x1ced}, {0x1cf4, 0x1cf4}, {0x1cf8, 0x1cf9}, {0x1dc0, 0x1dff},
	{0x200b, 0x200f}, {0x202a, 0x202e}, {0x2060, 0x206f}, {0x20d0, 0x20f0},
	{0x2cef, 0x2cf1}, {0x2d7f, 0x2d7f}, {0x2de0, 0x2dff}, {0x302a, 0x302d},
	{0x3099, 0x309a}, {0xa66f, 0xa672}, {0xa674, 0xa67d}, {0xa69e, 0xa69f},
	{0xa6f0, 0xa6f1}, {0xa802, 0xa802}, {0xa806, 0xa806}, {0xa80b, 0xa80b},
	{0xa825, 0xa826}, {0xa82c, 0xa82c}, {0xa8c4, 0xa8c5}, {0xa8e0, 0xa8f1},
	{0xa8ff, 0xa8ff}, {0xa926, 0xa92d}, {0xa947, 0xa951}, {0xa980, 0xa982},
	{0xa9b3, 0xa9b3}, {0xa9b6, 0xa9b9}, {0xa9bc, 0xa9bd}, {0xa9e5, 0xa9e5},
	{0xaa29, 0xaa2e}, {0xaa31, 0xaa32}, {0xaa35, 0xaa36}, {0xaa43, 0xaa43},
	{0xaa4c, 0xaa4c}, {0xaa7c, 0xaa7c}, {0xaab0, 0xaab0}, {0xaab2, 0xaab4},
	{0xaab7, 0xaab8}, {0xaabe, 0xaabf}, {0xaac1, 0xaac1}, {0xaaec, 0xaaed},
	{0xaaf6, 0xaaf6}, {0xabe5, 0xabe5}, {0xabe8, 0xabe8}, {0xabed, 0xabed},
	{0xd7b0, 0xd7ff}, {0xfb1e, 0xfb1e}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f},
	{0xfeff, 0xfeff}, {0xfff9, 0xfffb}, {0x101fd, 0x101fd},
	{0x102e0, 0x102e0}, {0x10376, 0x1037a}, {0x10a01, 0x10a0f},
	{0x10a38, 0x10a3f}, {0x10ae5, 0x10ae6}, {0x10d24, 0x10d27},
	{0x10eab, 0x10eac}, {0x10f46, 0x10f50}, {0x10f82, 0x10f85},
	{0x11001, 0x11001}, {0x11038, 0x11046}, {0x11070, 0x11070},
	{0x11073, 0x11074}, {0x1107f, 0x11081}, {0x110b3, 0x110b6},
	{0x110b9, 0x110ba}, {0x110c2, 0x110c2}, {0x11100, 0x11102},
	{0x11127, 0x1112b}, {0x1112d, 0x11134}, {0x11173, 0x11173},
	{0x11180, 0x11181}, {0x111b6, 0x111be}, {0x111c9, 0x111cc},
	{0x111cf, 0x111cf}, {0x1122f, 0x11231}, {0x11234, 0x11234},
	{0x11236, 0x11237}, {0x1123e, 0x1123e}, {0x112df, 0x112df},
	{0x112e3, 0x112ea}, {0x11300, 0x11301}, {0x1133b, 0x1133c},
	{0x11340, 0x11340}, {0x11366, 0x11374}, {0x11438, 0x1143f},
	{0x11442, 0x11444}, {0x11446, 0x11446}, {0x1145e, 0x1145e},
	{0x114b3, 0x114b8}, {0x114ba, 0x114ba}, {0x114bf, 0x114c0},
	{0x114c2, 0x114c3}, {0x115b2, 0x115b5}, {0x115bc, 0x115bd},
	{0x115bf, 0x115c0}, {0x115dc, 0x115dd}, {0x11633, 0x1163a},
	{0x1163d, 0x1163d}, {0x1163f, 0x11640}, {0x116ab, 0x116ab},
	{0x116ad, 0x116ad}, {0x116b0, 0x116b5}, {0x116b7, 0x116b7},
	{0x1171d, 0x1171f}, {0x11722, 0x11725}, {0x11727, 0x1172b},
	{0x1182f, 0x11837}, {0x11839, 0x1183a}, {0x1193b, 0x1193c},
	{0x1193e, 0x1193e}, {0x11943, 0x11943}, {0x119d4, 0x119db},
	{0x119e0, 0x119e0}, {0x11a01, 0x11a0a}, {0x11a33, 0x11a38},
	{0x11a3b, 0x11a3e}, {0x11a47, 0x11a47}, {0x11a51, 0x11a56},
	{0x11a59, 0x11a5b}, {0x11a8a, 0x11a96}, {0x11a98, 0x11a99},
	{0x11c30, 0x11c3d}, {0x11c3f, 0x11c3f}, {0x11c92, 0x11ca7},
	{0x11caa, 0x11cb0}, {0x11cb2, 0x11cb3}, {0x11cb5, 0x11cb6},
	{0x11d31, 0x11d45}, {0x11d47, 0x11d47}, {0x11d90, 0x11d91},
	{0x11d95, 0x11d95}, {0x11d97, 0x11d97}, {0x11ef3, 0x11ef4},
	{0x13430, 0x13438}, {0x16af0, 0x16af4}, {0x16b30, 0x16b36},
	{0x16f4f, 0x16f4f}, {0x16f8f, 0x16f92}, {0x16fe4, 0x16fe4},
	{0x1bc9d, 0x1bc9e}, {0x1bca0, 0x1bca3}, {0x1cf00, 0x1cf46},
	{0x1d167, 0x1d169}, {0x1d173, 0x1d182}, {0x1d185, 0x1d18b},
	{0x1d1aa, 0x1d1ad}, {0x1d242, 0x1d244}, {0x1da00, 0x1da36},
	{0x1da3b, 0x1da6c}, {0x1da75, 0x1da75}, {0x1da84, 0x1da84},
	{0x1da9b, 0x1daaf}, {0x1e000, 0x1e02a}, {0x1e130, 0x1e136},
	{0x1e2ae, 0x1e2ae}, {0x1e2ec, 0x1e2ef}, {0x1e8d0, 0x1e8d6},
	{0x1e944, 0x1e94a}, {0xe0001, 0xe007f}, {0xe0100, 0xe01ef},
};

/*
 * East_Asian_Width W and F, which since Unicode 9 includes every emoji
 * whose default presentation is graphical.  Unicode 14 data, merged like
 * the above, with U+1FAxx as of Unicode 15 and all of planes 2 and 3.
 */
static const struct range wide[] = {
	{0x1100, 0x115f}, {0x231a, 0x231b}, {0x2329, 0x232a}, {0x23e9, 0x23ec},
	{0x23f0, 0x23f0}, {0x23f3, 0x23f3}, {0x25fd, 0x25fe}, {0x2614, 0x2615},
	{0x2648, 0x2653}, {0x267f, 0x267f}, {0x2693, 0x2693}, {0x26a1, 0x26a1},
	{0x26aa, 0x26ab}, {0x26bd, 0x26be}, {0x26c4, 0x26c5}, {0x26ce, 0x26ce},
	{0x26d4, 0x26d4}, {0x26ea, 0x26ea}, {0x26f2, 0x26f3}, {0x26f5, 0x26f5},
	{0x26fa, 0x26fa}, {0x26fd, 0x26fd}, {0x2705, 0x2705}, {0x270a, 0x270b},
	{0x2728, 0x2728}, {0x274c, 0x274c}, {0x274e, 0x274e}, {0x2753, 0x2755},
	{0x2757, 0x2757}, {0x2795, 0x2797}, {0x27b0, 0x27b0}, {0x27bf, 0x27bf},
	{0x2b1b, 0x2b1c}, {0x2b50, 0x2b50}, {0x2b55, 0x2b55}, {0x2e80, 0x303e},
	{0x3041, 0x3247}, {0x3250, 0x4dbf}, {0x4e00, 0xa4c6}, {0xa960, 0xa97c},
	{0xac00, 0xd7a3}, {0xf900, 0xfad9}, {0xfe10, 0xfe19}, {0xfe30, 0xfe6b},
	{0xff01, 0xff60}, {0xffe0, 0xffe6}, {0x16fe0, 0x18d08},
	{0x1aff0, 0x1b2fb}, {0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf},
	{0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a}, {0x1f200, 0x1f265},
	{0x1f300, 0x1f320}, {0x1f32d, 0x1f335}, {0x1f337, 0x1f37c},
	{0x1f37e, 0x1f393}, {0x1f3a0, 0x1f3ca}, {0x1f3cf, 0x1f3d3},
	{0x1f3e0, 0x1f3f0}, {0x1f3f4, 0x1f3f4}, {0x1f3f8, 0x1f43e},
	{0x1f440, 0x1f440}, {0x1f442, 0x1f4fc}, {0x1f4ff, 0x1f53d},
	{0x1f54b, 0x1f54e}, {0x1f550, 0x1f567}, {0x1f57a, 0x1f57a},
	{0x1f595, 0x1f596}, {0x1f5a4, 0x1f5a4}, {0x1f5fb, 0x1f64f},
	{0x1f680, 0x1f6c5}, {0x1f6cc, 0x1f6cc}, {0x1f6d0, 0x1f6d2},
	{0x1f6d5, 0x1f6df}, {0x1f6eb, 0x1f6ec}, {0x1f6f4, 0x1f6fc},
	{0x1f7e0, 0x1f7f0}, {0x1f90c, 0x1f93a}, {0x1f93c, 0x1f945},
	{0x1f947, 0x1f9ff}, {0x1fa70, 0x1faf8}, {0x20000, 0x2fffd},
	{0x30000, 0x3fffd},
};

/* The length of the valid character at s (n > 0 bytes), setting *cp, or 0
 * when s[0] starts none (utf8.h). */
static size_t
char_at(const unsigned char *s, size_t n, uint32_t *cp)
{
	int len = utf8_decode(s, n, cp);

	return len > 0 ? (size_t)len : 0;
}

static int
is_bidi_control(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* C0, DEL, C1 and bidi controls: what can steer a terminal or reorder text. */
static int
is_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || is_bidi_control(cp);
}

/* The visible stand-in for an unsafe code point: \n, \t, \r, \x1b, \u{202e}. */
static void
put_visible(uint32_t cp, struct pdb_buf *out)
{
	switch (cp) {
	case '\n':
		buf_puts(out, "\\n");
		break;
	case '\t':
		buf_puts(out, "\\t");
		break;
	case '\r':
		buf_puts(out, "\\r");
		break;
	default:
		if (cp < 0x80)
			buf_printf(out, "\\x%02x", (unsigned)cp);
		else
			buf_printf(out, "\\u{%x}", (unsigned)cp);
	}
}

/*
 * Where the first word of 8 bytes starts that holds a byte outside
 * 0x20-0x7e: plain_run()'s fast path for text that is mostly ASCII.  A
 * byte below 0x20 borrows into its high bit when 0x20 is taken from it,
 * 0x7f and above carry into or have it when 1 is added; a borrow or carry
 * that crosses into the next byte comes from a byte that counts anyway.
 */
static size_t
printable_words(const unsigned char *s, size_t n)
{
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= n; i += 8) {
		w = word_at(s + i);
		if (((w - 0x20 * WORD_ONES) | (w + WORD_ONES) | w) & WORD_HIGHS)
			break;
	}
	return i;
}

/*
 * The length of the run of printable ASCII at the start of s with no byte
 * from special in it: what an escaper copies as it is, in one go, before
 * it decodes the next character.
 */
static size_t
plain_run(const unsigned char *s, size_t n, const char *special)
{
	uint64_t stop[2] = {~UINT64_C(0), UINT64_C(1) << 63};	/* 0-31, DEL */
	size_t i = 0;

	if (*special == '\0')
		i = printable_words(s, n);

	for (; *special != '\0'; special++)
		stop[(unsigned char)*special >> 6] |=
		    UINT64_C(1) << ((unsigned char)*special & 63);
	while (i < n && s[i] < 0x80 && !(stop[s[i] >> 6] >> (s[i] & 63) & 1))
		i++;
	return i;
}

void
escape_terminal(const char *s, size_t n, struct pdb_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t len;

	for (size_t i = 0; i < n; i += len) {
		if ((len = plain_run(p + i, n - i, "")) > 0)
			buf_append(out, p + i, len);
		else if ((len = char_at(p + i, n - i, &cp)) == 0) {
			buf_printf(out, "\\x%02x", p[i]);
			len = 1;
		} else if (is_unsafe(cp))
			put_visible(cp, out);
		else
			buf_append(out, p + i, len);
	}
}

/* JSON's short escapes, or NULL. */
static const char *
json_short_escape(uint32_t cp)
{
	switch (cp) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	}
	return NULL;
}

/*
 * Besides what JSON requires, DEL, C1 and bidi controls are written as
 * \uXXXX so the output is safe to view, and U+2028 and U+2029 so it is
 * also valid JavaScript.  None of this changes the decoded string.
 */
void
escape_json(const char *s, size_t n, struct pdb_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	const char *esc;
	uint32_t cp;
	size_t len;

	for (size_t i = 0; i < n; i += len) {
		if ((len = plain_run(p + i, n - i, "\"\\")) > 0)
			buf_append(out, p + i, len);
		else if ((len = char_at(p + i, n - i, &cp)) == 0) {
			buf_puts(out, REPLACEMENT);
			len = 1;
		} else if ((esc = json_short_escape(cp)) != NULL)
			buf_puts(out, esc);
		else if (is_unsafe(cp) || cp == 0x2028 || cp == 0x2029)
			buf_printf(out, "\\u%04x", (unsigned)cp);
		else
			buf_append(out, p + i, len);
	}
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_line_control(uint32_t cp)
{
	return cp == '\t' || cp == '\r' || cp == '\n';
}

/* Quoted: separators, quotes and line ends, and edge blanks readers trim. */
static int
csv_needs_quotes(const char *s, size_t n)
{
	if (n > 0 && (is_blank(s[0]) || is_blank(s[n - 1])))
		return 1;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	return 0;
}

/*
 * CSV output is often read in a terminal before it reaches a spreadsheet,
 * so what escape_terminal() escapes is escaped here too, except TAB, CR and
 * LF, which a quoted field carries as they are.
 */
void
escape_csv(const char *s, size_t n, int neutralize_formula,
    struct pdb_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	int quote = csv_needs_quotes(s, n);
	uint32_t cp;
	size_t len;

	if (quote)
		buf_putc(out, '"');
	if (neutralize_formula && n > 0 && memchr("=+-@\t\r", s[0], 6) != NULL)
		buf_putc(out, '\'');
	for (size_t i = 0; i < n; i += len) {
		if ((len = plain_run(p + i, n - i, "\"")) > 0)
			buf_append(out, p + i, len);
		else if ((len = char_at(p + i, n - i, &cp)) == 0) {
			buf_printf(out, "\\x%02x", p[i]);
			len = 1;
		} else if (cp == '"')
			buf_puts(out, "\"\"");
		else if (is_unsafe(cp) && !is_line_control(cp))
			put_visible(cp, out);
		else
			buf_append(out, p + i, len);
	}
	if (quote)
		buf_putc(out, '"');
}

static int
is_ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/*
 * Whether the ASCII character at p[i] could take part in inline Markdown
 * (or end a table cell) and so needs a backslash to stay text: | \ ` * ~
 * and $ (GitHub's math) always; _ unless inside a word, where it cannot
 * emphasise; ] when ( or [ follows, the only way a link or an image can
 * form here (no line of the output can define a reference).
 */
static int
md_needs_backslash(const unsigned char *p, size_t i, size_t n)
{
	switch (p[i]) {
	case '|': case '\\': case '`': case '*': case '~': case '$':
		return 1;
	case '_':
		return i == 0 || i + 1 == n || !is_ascii_alnum(p[i - 1]) ||
		    !is_ascii_alnum(p[i + 1]);
	case ']':
		return i + 1 < n && (p[i + 1] == '(' || p[i + 1] == '[');
	default:
		return 0;
	}
}

/*
 * Rows always open with "|", so nothing at the start of a cell can begin
 * another block; what could end the cell or the row is escaped.  Stored
 * text is text (the Markdown it came from was already read), so what
 * could start inline markup is backslash-escaped: an image a document
 * escaped stays the words it showed there.  < and & are written as
 * entities so the text cannot carry raw HTML or character references.
 */
void
escape_md_cell(const char *s, size_t n, struct pdb_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t len;

	for (size_t i = 0; i < n; i += len) {
		if ((len = plain_run(p + i, n - i, "|\\`*~$_]<&")) > 0) {
			buf_append(out, p + i, len);
			continue;
		}
		len = char_at(p + i, n - i, &cp);
		if (len == 0) {
			buf_printf(out, "\\x%02x", p[i]);
			len = 1;
			continue;
		}
		if (cp == '\r' && i + 1 < n && p[i + 1] == '\n')
			continue;	/* the \n makes the <br> */
		switch (cp) {
		case '\r':
		case '\n':
			buf_puts(out, "<br>");
			break;
		case '<':
			buf_puts(out, "&lt;");
			break;
		case '&':
			buf_puts(out, "&amp;");
			break;
		default:
			if (cp < 0x80 && md_needs_backslash(p, i, n))
				buf_putc(out, '\\');
			if (is_unsafe(cp))
				put_visible(cp, out);
			else
				buf_append(out, p + i, len);
		}
	}
}

static const char *
html_entity(uint32_t cp)
{
	switch (cp) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	}
	return NULL;
}

/*
 * Controls other than \t and \n are dropped, bidi controls included: an
 * override could make the surrounding page text read differently.
 */
void
escape_html(const char *s, size_t n, struct pdb_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	const char *ent;
	uint32_t cp;
	size_t len;

	for (size_t i = 0; i < n; i += len) {
		if ((len = plain_run(p + i, n - i, "&<>\"'")) > 0)
			buf_append(out, p + i, len);
		else if ((len = char_at(p + i, n - i, &cp)) == 0) {
			buf_puts(out, REPLACEMENT);
			len = 1;
		} else if ((ent = html_entity(cp)) != NULL)
			buf_puts(out, ent);
		else if (cp == '\t' || cp == '\n' || !is_unsafe(cp))
			buf_append(out, p + i, len);
	}
}

static int
in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp > r[mid].hi)
			lo = mid + 1;
		else if (cp < r[mid].lo)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

/* Columns of one code point on its own; controls count 0. */
static int
char_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return 0;
	if (cp < 0x300)
		return 1;
	if (in_ranges(cp, zero_width, NELEM(zero_width)))
		return 0;
	return in_ranges(cp, wide, NELEM(wide)) ? 2 : 1;
}

static int
is_emoji_modifier(uint32_t cp)
{
	return cp >= 0x1f3fb && cp <= 0x1f3ff;
}

/*
 * Emoji sequences are counted the way terminals that draw them as one
 * glyph do (kitty, WezTerm, iTerm2, Windows Terminal, foot):
 *   - VS16 after a one-column character makes it two ("⚠️", "❤️", "⏸️");
 *   - a ZWJ after a two-column character joins the next character to it,
 *     so "👩‍💻" and "👨‍👩‍👧" are two columns, not four or six;
 *   - a skin tone modifier after a two-column character adds nothing.
 * Regional indicators count one each, so a flag is two.  A byte that is
 * not valid UTF-8 counts one, like the U+FFFD a terminal shows for it.
 */
size_t
text_width(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t width = 0, len;
	int last = 0;	/* columns of the last character that took any */
	int joined = 0;	/* a ZWJ glued the next character to the last */
	uint32_t cp;
	int w;

	for (size_t i = 0; i < n; i += len) {
		if (!joined && (len = plain_run(p + i, n - i, "")) > 0) {
			width += len;
			last = 1;
			continue;
		}
		len = char_at(p + i, n - i, &cp);
		if (len == 0) {
			cp = 0xfffd;
			len = 1;
		}
		if (cp == ZWJ) {
			joined = last == 2;
		} else if (cp == VS16) {
			if (last == 1) {
				width++;
				last = 2;
			}
		} else if (joined || (is_emoji_modifier(cp) && last == 2)) {
			joined = 0;
		} else if ((w = char_width(cp)) > 0) {
			width += (size_t)w;
			last = w;
		}
	}
	return width;
}

/* ---- file names as text ---- */

static int
is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static int
hex_value(unsigned char c)
{
	return c <= '9' ? c - '0' : c - 'a' + 10;
}

/* "xHH" for a byte 0x80-0xff: what follows "\" in an escaped byte. */
static int
is_byte_escape(const unsigned char *s, size_t n)
{
	return n >= 3 && s[0] == 'x' && is_hex(s[1]) && s[1] >= '8' &&
	    is_hex(s[2]);
}

/* Whether the text at s (n bytes) would read as an escape after a "\". */
static int
reads_as_escape(const unsigned char *s, size_t n)
{
	uint32_t cp;

	if (n == 0)
		return 0;
	if (s[0] == '\\' || char_at(s, n, &cp) == 0)
		return 1;	/* "\\", or a byte that becomes "\xHH" */
	return is_byte_escape(s, n);
}

char *
path_to_text(const char *raw)
{
	const unsigned char *p = (const unsigned char *)raw;
	size_t n = strlen(raw), len;
	struct pdb_buf out = {0};
	uint32_t cp;

	for (size_t i = 0; i < n; i += len) {
		if ((len = char_at(p + i, n - i, &cp)) == 0) {
			buf_printf(&out, "\\x%02x", p[i]);
			len = 1;
			continue;
		}
		if (cp == '\\' && reads_as_escape(p + i + 1, n - i - 1))
			buf_putc(&out, '\\');
		buf_append(&out, p + i, len);
	}
	return buf_detach(&out);
}

char *
path_from_text(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n = strlen(text);
	struct pdb_buf out = {0};

	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\' && i + 1 < n && p[i + 1] == '\\') {
			buf_putc(&out, '\\');
			i++;
		} else if (p[i] == '\\' && is_byte_escape(p + i + 1, n - i - 1)) {
			buf_putc(&out, (char)(hex_value(p[i + 2]) * 16 +
			    hex_value(p[i + 3])));
			i += 3;
		} else {
			buf_putc(&out, (char)p[i]);
		}
	}
	return buf_detach(&out);
}
