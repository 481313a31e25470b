/*
 * test_escape.c - unit tests for escape.c: every escaping rule, hostile
 * terminal sequences, JSON validity for arbitrary bytes, and text_width.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "progdb/escape.h"

typedef void escape_fn(const char *, size_t, struct pdb_buf *);

static struct pdb_buf out;

/* Escapes (s, n) with fn into the shared buffer and returns it. */
static const char *
run(escape_fn *fn, const char *s, size_t n)
{
	buf_reset(&out);
	fn(s, n, &out);
	return buf_cstr(&out);
}

static void
csv_plain(const char *s, size_t n, struct pdb_buf *b)
{
	escape_csv(s, n, 0, b);
}

static void
csv_safe(const char *s, size_t n, struct pdb_buf *b)
{
	escape_csv(s, n, 1, b);
}

/* For string literals, which may hold NUL bytes. */
#define ESC(fn, lit)	run(fn, lit, sizeof(lit) - 1)
#define WIDTH(lit)	text_width(lit, sizeof(lit) - 1)

static int
is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/* Returns the code point at *p and advances it, or -1 for invalid UTF-8. */
static long
next_cp(const unsigned char **p, const unsigned char *end)
{
	const unsigned char *s = *p;
	size_t len = s[0] < 0x80 ? 1 : s[0] < 0xc2 ? 0 : s[0] < 0xe0 ? 2 :
	    s[0] < 0xf0 ? 3 : s[0] < 0xf5 ? 4 : 0;
	long v;

	if (len == 0 || (size_t)(end - s) < len)
		return -1;
	v = len == 1 ? s[0] : s[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if (!is_cont(s[i]))
			return -1;
		v = v << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return -1;
	*p = s + len;
	return v;
}

/* Valid UTF-8 with nothing a terminal would act on or reorder by. */
static int
terminal_safe(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		long cp = next_cp(&p, end);

		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x61c ||
		    cp == 0x200e || cp == 0x200f ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			return 0;
	}
	return 1;
}

static int
is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* Is s the valid contents of a JSON string literal (RFC 8259)? */
static int
json_string_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		if (*p == '"')
			return 0;
		if (*p == '\\') {
			if (p + 1 == end)
				return 0;
			if (p[1] == 'u') {
				if (end - p < 6 || !is_hex(p[2]) ||
				    !is_hex(p[3]) || !is_hex(p[4]) ||
				    !is_hex(p[5]))
					return 0;
				p += 6;
			} else if (p[1] != '\0' && strchr("\"\\/bfnrt", p[1])) {
				p += 2;
			} else
				return 0;
			continue;
		}
		if (next_cp(&p, end) < 0x20)
			return 0;
	}
	return 1;
}

static void
test_terminal(void)
{
	CHECK_STR(ESC(escape_terminal, "plain text"), "plain text");
	CHECK_STR(ESC(escape_terminal, "back\\slash"), "back\\slash");
	CHECK_STR(ESC(escape_terminal, "a\tb\nc\rd"), "a\\tb\\nc\\rd");
	CHECK_STR(ESC(escape_terminal, "x\0y"), "x\\x00y");
	CHECK_STR(ESC(escape_terminal, "del\x7f"), "del\\x7f");
	/* clear screen, window title, clipboard write (OSC 52), bell */
	CHECK_STR(ESC(escape_terminal, "\x1b[2Jgone"), "\\x1b[2Jgone");
	CHECK_STR(ESC(escape_terminal, "\x1b]0;pwned\x07"),
	    "\\x1b]0;pwned\\x07");
	CHECK_STR(ESC(escape_terminal, "\x1b]52;c;cm0gLXJmIH4=\x1b\\"),
	    "\\x1b]52;c;cm0gLXJmIH4=\\x1b\\");
	/* C1 CSI and OSC in their UTF-8 form */
	CHECK_STR(ESC(escape_terminal, "\xc2\x9b" "2J"), "\\u{9b}2J");
	CHECK_STR(ESC(escape_terminal, "\xc2\x9d" "52;c;x\xc2\x9c"),
	    "\\u{9d}52;c;x\\u{9c}");
	CHECK_STR(ESC(escape_terminal, "\xc2\x80\xc2\x9f\xc2\xa0"),
	    "\\u{80}\\u{9f}\xc2\xa0");
	/* a raw C1 byte is invalid UTF-8 on its own */
	CHECK_STR(ESC(escape_terminal, "\x9b" "2J"), "\\x9b2J");
	/* bidi controls: RLO, ALM, LRM, RLM, embeddings, isolates */
	CHECK_STR(ESC(escape_terminal, "abc\xe2\x80\xae" "fdp.exe"),
	    "abc\\u{202e}fdp.exe");
	CHECK_STR(ESC(escape_terminal, "\xd8\x9c\xe2\x80\x8e\xe2\x80\x8f"),
	    "\\u{61c}\\u{200e}\\u{200f}");
	CHECK_STR(ESC(escape_terminal, "\xe2\x80\xaa\xe2\x81\xa6\xe2\x81\xa9"),
	    "\\u{202a}\\u{2066}\\u{2069}");
	/* neighbours of the bidi ranges are ordinary text */
	CHECK_STR(ESC(escape_terminal, "\xe2\x80\x8d\xe2\x80\xaf"),
	    "\xe2\x80\x8d\xe2\x80\xaf");
	/* invalid UTF-8: stray, overlong, surrogate, too big, truncated */
	CHECK_STR(ESC(escape_terminal, "\xff\xfe"), "\\xff\\xfe");
	CHECK_STR(ESC(escape_terminal, "\x80"), "\\x80");
	CHECK_STR(ESC(escape_terminal, "\xc0\xaf"), "\\xc0\\xaf");
	CHECK_STR(ESC(escape_terminal, "\xe0\x80\xaf"), "\\xe0\\x80\\xaf");
	CHECK_STR(ESC(escape_terminal, "\xed\xa0\x80"), "\\xed\\xa0\\x80");
	CHECK_STR(ESC(escape_terminal, "\xf4\x90\x80\x80"),
	    "\\xf4\\x90\\x80\\x80");
	CHECK_STR(ESC(escape_terminal, "\xe2\x9c"), "\\xe2\\x9c");
	CHECK_STR(ESC(escape_terminal, "\xe2\x9c" "a"), "\\xe2\\x9ca");
	/* valid UTF-8 stays: emoji, CJK, ZWJ sequence, 4-byte maximum */
	CHECK_STR(ESC(escape_terminal, "✅ 日本語 👩‍💻 ⚠️"), "✅ 日本語 👩‍💻 ⚠️");
	CHECK_STR(ESC(escape_terminal, "\xf4\x8f\xbf\xbf"), "\xf4\x8f\xbf\xbf");
	CHECK_STR(ESC(escape_terminal, ""), "");
}

/* Every 1- and 2-byte input comes out valid UTF-8 and inert. */
static void
test_terminal_exhaustive(void)
{
	int bad = -1;

	for (int a = 0; a < 256 && bad < 0; a++) {
		for (int b = -1; b < 256; b++) {
			char s[2] = { (char)a, (char)b };
			size_t n = b < 0 ? 1 : 2;

			buf_reset(&out);
			escape_terminal(s, n, &out);
			if (!terminal_safe(out.data, out.len)) {
				bad = a << 8 | (b & 0xff);
				break;
			}
		}
	}
	CHECK_INT(bad, -1);	/* else the first unsafe input, a << 8 | b */
}

/*
 * Any byte at any position of a longer ASCII text is seen: the fast path
 * checks 8 bytes at a time, and a byte it misses would come out raw.
 */
static void
test_terminal_words(void)
{
	int bad = -1;

	for (int b = 0; b < 256 && bad < 0; b++) {
		for (int k = 0; k < 24; k++) {
			char s[24];
			int printable = b >= 0x20 && b < 0x7f;

			memset(s, 'a', sizeof(s));
			s[k] = (char)b;
			buf_reset(&out);
			escape_terminal(s, sizeof(s), &out);
			if (!terminal_safe(out.data, out.len) ||
			    (out.len == sizeof(s) && memcmp(out.data, s,
			    sizeof(s)) == 0) != printable ||
			    (printable && text_width(s, sizeof(s)) != 24)) {
				bad = b << 8 | k;
				break;
			}
		}
	}
	CHECK_INT(bad, -1);	/* else the first missed input, byte << 8 | pos */
}

static void
test_json(void)
{
	CHECK_STR(ESC(escape_json, "plain"), "plain");
	CHECK_STR(ESC(escape_json, "q\"b\\s/"), "q\\\"b\\\\s/");
	CHECK_STR(ESC(escape_json, "\b\f\n\r\t"), "\\b\\f\\n\\r\\t");
	CHECK_STR(ESC(escape_json, "\0\x01\x1b\x1f"),
	    "\\u0000\\u0001\\u001b\\u001f");
	CHECK_STR(ESC(escape_json, "\x7f\xc2\x9b"), "\\u007f\\u009b");
	CHECK_STR(ESC(escape_json, "\xe2\x80\xa8\xe2\x80\xa9"),
	    "\\u2028\\u2029");
	CHECK_STR(ESC(escape_json, "\xe2\x80\xae"), "\\u202e");
	CHECK_STR(ESC(escape_json, "a\xff" "b\xc3"),
	    "a\xef\xbf\xbd" "b\xef\xbf\xbd");
	CHECK_STR(ESC(escape_json, "✅ 日本 🔴"), "✅ 日本 🔴");
}

/* RFC 8259 validity for every single byte and every pair of bytes. */
static void
test_json_exhaustive(void)
{
	int ones = 1, pairs = 1;

	for (int a = 0; a < 256; a++) {
		char s[2] = { (char)a, 0 };

		buf_reset(&out);
		escape_json(s, 1, &out);
		if (!json_string_ok(out.data, out.len)) {
			HARNESS_FAIL("escape_json invalid for byte %02x", a);
			ones = 0;
		}
		for (int b = 0; b < 256 && pairs; b++) {
			s[1] = (char)b;
			buf_reset(&out);
			escape_json(s, 2, &out);
			if (!json_string_ok(out.data, out.len)) {
				HARNESS_FAIL("escape_json invalid for "
				    "%02x %02x", a, b);
				pairs = 0;
			}
		}
	}
	CHECK(ones);
	CHECK(pairs);
}

static void
test_csv(void)
{
	CHECK_STR(ESC(csv_plain, "plain"), "plain");
	CHECK_STR(ESC(csv_plain, ""), "");
	CHECK_STR(ESC(csv_plain, "a,b"), "\"a,b\"");
	CHECK_STR(ESC(csv_plain, "say \"hi\""), "\"say \"\"hi\"\"\"");
	CHECK_STR(ESC(csv_plain, "\""), "\"\"\"\"");
	CHECK_STR(ESC(csv_plain, "two\nlines"), "\"two\nlines\"");
	CHECK_STR(ESC(csv_plain, "cr\rhere"), "\"cr\rhere\"");
	CHECK_STR(ESC(csv_plain, " lead"), "\" lead\"");
	CHECK_STR(ESC(csv_plain, "trail "), "\"trail \"");
	CHECK_STR(ESC(csv_plain, "in side"), "in side");
	CHECK_STR(ESC(csv_plain, "✅ 日本"), "✅ 日本");
	/* without neutralisation formulas pass */
	CHECK_STR(ESC(csv_plain, "=1+1"), "=1+1");
	CHECK_STR(ESC(csv_plain, "-5"), "-5");
	/* neutralised: = + - @ TAB CR at the start */
	CHECK_STR(ESC(csv_safe, "=HYPERLINK(\"http://x\")"),
	    "\"'=HYPERLINK(\"\"http://x\"\")\"");
	CHECK_STR(ESC(csv_safe, "=1+1"), "'=1+1");
	CHECK_STR(ESC(csv_safe, "+1"), "'+1");
	CHECK_STR(ESC(csv_safe, "-2"), "'-2");
	CHECK_STR(ESC(csv_safe, "@SUM(A1)"), "'@SUM(A1)");
	CHECK_STR(ESC(csv_safe, "\t=1"), "\"'\t=1\"");
	CHECK_STR(ESC(csv_safe, "\r=1"), "\"'\r=1\"");
	CHECK_STR(ESC(csv_safe, "=cmd,x"), "\"'=cmd,x\"");
	/* only the first character matters */
	CHECK_STR(ESC(csv_safe, "a=1"), "a=1");
	CHECK_STR(ESC(csv_safe, " =1"), "\" =1\"");
	CHECK_STR(ESC(csv_safe, ""), "");
	CHECK_STR(ESC(csv_safe, "\0=1"), "\\x00=1");
	/* what a terminal would act on is escaped; TAB, CR, LF are data */
	CHECK_STR(ESC(csv_plain, "a\tb"), "a\tb");
	CHECK_STR(ESC(csv_plain, "\x1b]52;c;eA==\x07"),
	    "\\x1b]52;c;eA==\\x07");
	CHECK_STR(ESC(csv_plain, "\xc2\x9b" "2J\x7f"), "\\u{9b}2J\\x7f");
	CHECK_STR(ESC(csv_plain, "\xe2\x80\xae" "txt"), "\\u{202e}txt");
	CHECK_STR(ESC(csv_plain, "bad\xff"), "bad\\xff");
	CHECK_STR(ESC(csv_safe, "\x1b=1"), "\\x1b=1");
}

static void
test_md(void)
{
	CHECK_STR(ESC(escape_md_cell, "plain **bold** `code`"),
	    "plain \\*\\*bold\\*\\* \\`code\\`");
	/* An image or link a document escaped stays text. */
	CHECK_STR(ESC(escape_md_cell, "![pixel](https://evil.example/t.png)"),
	    "![pixel\\](https://evil.example/t.png)");
	CHECK_STR(ESC(escape_md_cell, "[a][b] [x] a]"), "[a\\][b] [x] a]");
	CHECK_STR(ESC(escape_md_cell, "open_until _a_ b_ _"),
	    "open_until \\_a\\_ b\\_ \\_");
	CHECK_STR(ESC(escape_md_cell, "~~x~~ #1 $x$"),
	    "\\~\\~x\\~\\~ #1 \\$x\\$");
	CHECK_STR(ESC(escape_md_cell, "\xc5\xbc|"), "\xc5\xbc\\|");
	CHECK_STR(ESC(escape_md_cell, "a|b"), "a\\|b");
	CHECK_STR(ESC(escape_md_cell, "a\\|b"), "a\\\\\\|b");
	CHECK_STR(ESC(escape_md_cell, "ends\\"), "ends\\\\");
	CHECK_STR(ESC(escape_md_cell, "one\ntwo\r\nthree\rfour"),
	    "one<br>two<br>three<br>four");
	CHECK_STR(ESC(escape_md_cell, "\r\n\r\n"), "<br><br>");
	CHECK_STR(ESC(escape_md_cell, "---"), "---");
	CHECK_STR(ESC(escape_md_cell, "| --- |"), "\\| --- \\|");
	CHECK_STR(ESC(escape_md_cell, "<script>&amp;"), "&lt;script>&amp;amp;");
	CHECK_STR(ESC(escape_md_cell, "t\tx\x1b[2J\xc2\x9b\xe2\x80\xae"),
	    "t\\tx\\x1b[2J\\u{9b}\\u{202e}");
	CHECK_STR(ESC(escape_md_cell, "bad\xff"), "bad\\xff");
	CHECK_STR(ESC(escape_md_cell, "✅ 日本"), "✅ 日本");
}

static void
test_html(void)
{
	CHECK_STR(ESC(escape_html, "a & b < c > d \"e\" 'f'"),
	    "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;");
	CHECK_STR(ESC(escape_html, "<script>alert(1)</script>"),
	    "&lt;script&gt;alert(1)&lt;/script&gt;");
	CHECK_STR(ESC(escape_html, "tab\there\nline"), "tab\there\nline");
	CHECK_STR(ESC(escape_html, "x\0\x01\x1b[2J\r\x7fy"), "x[2Jy");
	CHECK_STR(ESC(escape_html, "c1\xc2\x9b" "bidi\xe2\x80\xae" "end"),
	    "c1bidiend");
	CHECK_STR(ESC(escape_html, "bad\xff\xc3"),
	    "bad\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_STR(ESC(escape_html, "✅ 日本"), "✅ 日本");
}

static void
test_width(void)
{
	CHECK_INT(WIDTH(""), 0);
	CHECK_INT(WIDTH("hello, world"), 12);
	CHECK_INT(WIDTH("caf\xc3\xa9"), 4);		/* precomposed é */
	CHECK_INT(WIDTH("cafe\xcc\x81"), 4);		/* e + U+0301 */
	CHECK_INT(WIDTH("a\xcc\x81\xcc\x82\xcc\x83"), 1); /* stacked marks */
	CHECK_INT(WIDTH("\xe0\xa4\x95\xe0\xa4\xbf"), 2);  /* कि: U+093F */
	CHECK_INT(WIDTH("\xe0\xa4\x95\xe0\xa5\x8d"), 1);  /* क्: virama */
	CHECK_INT(WIDTH("日本語"), 6);
	CHECK_INT(WIDTH("한국어"), 6);
	CHECK_INT(WIDTH("ｶﾀｶﾅ"), 4);			/* halfwidth */
	CHECK_INT(WIDTH("ＡＢ"), 4);			/* fullwidth */
	CHECK_INT(WIDTH("\xf0\xa0\x80\x80"), 2);	/* U+20000 */
	CHECK_INT(WIDTH("\xe1\x84\x80\xe1\x85\xa1"), 2); /* jamo L + V */
	CHECK_INT(WIDTH("✅"), 2);
	CHECK_INT(WIDTH("❌"), 2);
	CHECK_INT(WIDTH("⏳"), 2);
	CHECK_INT(WIDTH("🔴🟡🟢"), 6);
	CHECK_INT(WIDTH("🚀"), 2);
	CHECK_INT(WIDTH("🤝"), 2);
	/* narrow symbols, and the same with VS16 (emoji presentation) */
	CHECK_INT(WIDTH("⚠"), 1);
	CHECK_INT(WIDTH("⚠️"), 2);
	CHECK_INT(WIDTH("⏸"), 1);
	CHECK_INT(WIDTH("⏸️"), 2);
	CHECK_INT(WIDTH("✔️ ok"), 5);
	CHECK_INT(WIDTH("✅\xef\xb8\x8f"), 2);		/* already wide */
	CHECK_INT(WIDTH("☃\xef\xb8\x8e"), 1);		/* VS15 */
	CHECK_INT(WIDTH("1\xef\xb8\x8f\xe2\x83\xa3"), 2); /* keycap 1️⃣ */
	/* ZWJ sequences, skin tones, flags */
	CHECK_INT(WIDTH("👩‍💻"), 2);
	CHECK_INT(WIDTH("👨‍👩‍👧‍👦"), 2);
	CHECK_INT(WIDTH("🏳️‍🌈"), 2);
	CHECK_INT(WIDTH("❤️‍🔥"), 2);
	CHECK_INT(WIDTH("👍🏽"), 2);
	CHECK_INT(WIDTH("🏽"), 2);
	CHECK_INT(WIDTH("🇫🇷"), 2);
	CHECK_INT(WIDTH("a\xe2\x80\x8d" "b"), 2);	/* ZWJ, not emoji */
	CHECK_INT(WIDTH("x\xe2\x80\x8by"), 2);		/* ZWSP */
	CHECK_INT(WIDTH("\xef\xbb\xbfz"), 1);		/* BOM */
	/* controls count nothing, invalid bytes one each */
	CHECK_INT(WIDTH("a\x1b" "b\x7f"), 2);
	CHECK_INT(WIDTH("\xff\xfe"), 2);
	/* mixed, as in a status cell */
	CHECK_INT(WIDTH("✅ 完了 done"), 12);
}

/* path_to_text() of raw is want, valid UTF-8, and reads back as raw. */
static void
check_path(const char *raw, const char *want)
{
	char *text = path_to_text(raw), *back = path_from_text(text);
	struct pdb_buf b = {0};

	CHECK_STR(text, want);
	CHECK_STR(back, raw);
	escape_json(text, strlen(text), &b);	/* \ufffd for invalid bytes */
	CHECK(strstr(buf_cstr(&b), "\\ufffd") == NULL);
	buf_free(&b);
	free(text);
	free(back);
}

static void
test_path_text(void)
{
	check_path("plan.md", "plan.md");
	check_path("bad\xff\xfe.md", "bad\\xff\\xfe.md");
	check_path("caf\xc3\xa9 \xe2\x9c\x85.md", "caf\xc3\xa9 \xe2\x9c\x85.md");
	check_path("cut\xc3", "cut\\xc3");
	check_path("a\\b.md", "a\\b.md");		/* a lone backslash stays */
	check_path("a\\", "a\\");
	check_path("lit\\xff.md", "lit\\\\xff.md");	/* reads like an escape */
	check_path("lit\\x41.md", "lit\\x41.md");	/* does not */
	check_path("two\\\\.md", "two\\\\\\.md");
	check_path("\\\xff", "\\\\\\xff");		/* backslash, bad byte */
	check_path("\xed\xa0\x80", "\\xed\\xa0\\x80");	/* a surrogate */
	/* Distinct names stay distinct. */
	check_path("\\xff", "\\\\xff");
}

int
main(void)
{
	test_terminal();
	test_terminal_exhaustive();
	test_terminal_words();
	test_json();
	test_json_exhaustive();
	test_csv();
	test_md();
	test_html();
	test_width();
	test_path_text();
	buf_free(&out);
	return harness_done();
}
