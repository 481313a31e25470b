/*
 * tame.c - finding what md4c 0.4.8 would parse in quadratic time, before
 * it parses (see markdown_int.h).  Works on bytes only: no md4c type or
 * header here; parse.c turns the result into md4c's parser flags.
 */
#include "markdown_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/decode.h"
#include "progdb/words.h"
#include "progdb/xmem.h"

/*
 * md4c 0.4.8 spends time quadratic in the input on a few structures, fixed
 * in later releases.  Before parsing, one linear pass over the body finds
 * them and, in a copy of the body, changes one byte per offending
 * construct so that md4c no longer sees it, which keeps lengths and
 * therefore offsets and line numbers.  Each change made is reported once
 * per file with a warning:
 *
 *   - a table delimiter row of more than TAME_TABLE_COLUMNS cells (the
 *     output is columns x rows cells; md4c 0.5 has the same limit): a '-'
 *     becomes 'x', and the table is read as a paragraph ("wide-table");
 *   - brackets nested deeper than TAME_BRACKET_DEPTH in one paragraph
 *     (md4c looks up every nested label as a link reference): the deeper
 *     '[' and ']' become '{' and '}' ("deep-brackets");
 *   - brackets in a long paragraph: for every ']' md4c walks the
 *     paragraph's lines from its first, so once the sum of the line
 *     numbers (within the paragraph) at each ']' passes TAME_LINE_STEPS,
 *     the paragraph's later ']' become '}' ("costly-links");
 *   - a link reference definition whose destination and title are longer
 *     than TAME_DEFINITION bytes (md4c copies them for every use): its ':'
 *     becomes ';' ("long-definition").  Counted are the definition's line
 *     and, when a title opens there and does not close, the lines up to
 *     the one that closes it;
 * and, without a warning since the text stays the same, a word holding
 * "www." more than TAME_WWW_PER_WORD times ("www._www._...", each scanned
 * to the end of the word) turns off md4c's permissive www autolinks, which
 * change nothing progdb keeps.
 *
 * A paragraph here is a run of non-blank lines that a list item, a
 * heading or a table row does not start anew: md4c never parses inline
 * content across these (a table parses each cell alone).  A line that
 * only looks like a list item ("2." inside a paragraph) may make the
 * count too low; the time limit of parse_guarded() covers that.
 */
#define TAME_TABLE_COLUMNS	128
#define TAME_BRACKET_DEPTH	32
#define TAME_LINE_STEPS		(1ul << 26)
#define TAME_WWW_PER_WORD	8
#define TAME_DEFINITION		1024

struct tame {
	struct pdb_doc	*doc;
	const char	*in;		/* the body */
	char		*out;		/* its changed copy, or NULL */
	size_t		 len;
	int		 no_www;	/* permissive www autolinks cost too much */
	unsigned	 warned;	/* bit per warning given */
	/* The current paragraph. */
	size_t		 line;		/* line within it, from 0 */
	int		 in_list;	/* it follows a list item */
	int		 in_table;	/* it follows a table delimiter row */
	/* A link reference definition whose title goes on. */
	char		 title_close;	/* the title's closing quote, or 0 */
	size_t		 def_colon;	/* where its ':' is */
	size_t		 def_len;	/* bytes from there so far */
	size_t		 depth;		/* '[' open */
	unsigned long	 steps;		/* sum of line at each ']' */
};

enum {
	TAME_WIDE_TABLE = 1 << 0,
	TAME_DEEP_BRACKETS = 1 << 1,
	TAME_COSTLY_LINKS = 1 << 2,
	TAME_LONG_DEFINITION = 1 << 3,
};

static const struct {
	const char	*code;
	const char	*msg;
} warnings[] = {
	{"wide-table", "a table of more than 128 columns is read as text"},
	{"deep-brackets", "brackets nested more than 32 deep are read as "
	    "text"},
	{"costly-links", "a paragraph with too many links over too many "
	    "lines: its further brackets are read as text"},
	{"long-definition", "a link reference definition longer than 1024 "
	    "bytes is read as text"},
};

const char *
tame_code(const char *s, size_t n)
{
	for (size_t k = 0; k < sizeof(warnings) / sizeof(*warnings); k++)
		if (strlen(warnings[k].code) == n &&
		    memcmp(warnings[k].code, s, n) == 0)
			return warnings[k].code;
	return NULL;
}

static void
tame_set(struct tame *t, size_t i, char c, unsigned what)
{
	size_t k = 0;

	while ((1u << k) != what)
		k++;

	if (t->out == NULL) {
		t->out = xmalloc(t->len + PDB_DECODE_PAD);
		memcpy(t->out, t->in, t->len);
		memset(t->out + t->len, 0, PDB_DECODE_PAD);
	}
	t->out[i] = c;
	if (t->warned & what)
		return;
	t->warned |= what;
	diaglist_add(&t->doc->diags, PDB_SEV_WARNING,
	    linemap_line(&t->doc->lines, t->doc->body + i), warnings[k].code,
	    "%s", warnings[k].msg);
}

/* A line of only '|', ':', '-' and blanks, with both '|' and '-'. */
static size_t
delimiter_cells(const char *p, const char *e)
{
	size_t pipes = 0, dashes = 0;
	const char *first = NULL, *last = NULL;

	for (const char *q = p; q < e; q++) {
		if (*q == '|')
			pipes++;
		else if (*q == '-')
			dashes++;
		else if (*q != ':' && *q != ' ' && *q != '\t')
			return 0;
		if (*q != ' ' && *q != '\t') {
			if (first == NULL)
				first = q;
			last = q;
		}
	}
	if (pipes == 0 || dashes == 0)
		return 0;
	return pipes + 1 - (*first == '|') - (*last == '|' && last != first);
}

/* Byte sets as bitmaps of the 128 ASCII codes, two words each: tame_line()
 * looks at every byte of the input. */
struct ascii_set {
	uint64_t	w[2];
};

static int
in_set(const struct ascii_set *set, unsigned char c)
{
	return c < 128 && (set->w[c >> 6] >> (c & 63) & 1);
}

/* Letters, digits, '.', '_' and '-': what a www. autolink's domain is. */
static const struct ascii_set domain_chars = {{
	UINT64_C(0x03FF600000000000), UINT64_C(0x07FFFFFE87FFFFFE)}};
/* What tame_line() acts on: '\\', '[', ']' and the 'w' of www. */
static const struct ascii_set tame_chars = {{
	0, UINT64_C(0x0080000038000000)}};

/*
 * The rest of a definition from i on a line: notes in t->title_close
 * whether it goes on over the next line, because its destination is still
 * to come ('\n'), its title may start there ('\v') or its title is open
 * (the closing quote).  want is what this line may hold: '\n' for the
 * destination (and a title), '\v' for a title only.
 */
static void
definition_rest(struct tame *t, size_t i, size_t e, char want)
{
	const char *in = t->in;

	t->title_close = 0;
	while (i < e && (in[i] == ' ' || in[i] == '\t'))
		i++;
	if (i == e) {
		if (want == '\n')
			t->title_close = '\n';
		return;
	}
	if (want == '\n') {
		while (i < e && in[i] != ' ' && in[i] != '\t')
			i++;
		while (i < e && (in[i] == ' ' || in[i] == '\t'))
			i++;
		if (i == e) {
			t->title_close = '\v';
			return;
		}
	}
	if (i < e && (in[i] == '"' || in[i] == '\'' || in[i] == '(')) {
		char close = in[i] == '(' ? ')' : in[i];

		if (memchr(in + i + 1, close, e - i - 1) == NULL)
			t->title_close = close;
	}
}

/*
 * A line that starts (after blanks, '>' and a list marker) with "[label]:"
 * and whose destination and title after that are long.
 */
static void
long_definition(struct tame *t, size_t b, size_t e)
{
	const char *in = t->in;
	size_t i = b, colon;

	while (i < e && (in[i] == ' ' || in[i] == '\t' || in[i] == '>' ||
	    ((in[i] == '-' || in[i] == '*' || in[i] == '+') && i + 1 < e &&
	    in[i + 1] == ' ')))
		i++;
	if (i == e || in[i] != '[')
		return;
	while (++i < e && in[i] != ']' && in[i] != '[')
		if (in[i] == '\\')
			i++;
	if (i + 1 >= e || in[i] != ']' || in[i + 1] != ':')
		return;
	colon = i + 1;
	t->def_colon = colon;
	t->def_len = e - colon;
	if (t->def_len > TAME_DEFINITION)
		tame_set(t, colon, ';', TAME_LONG_DEFINITION);
	else
		definition_rest(t, colon + 1, e, '\n');
}

/* A line that continues a definition begun on an earlier line. */
static void
title_line(struct tame *t, size_t b, size_t e)
{
	t->def_len += e - b + 1;
	if (t->def_len > TAME_DEFINITION) {
		tame_set(t, t->def_colon, ';', TAME_LONG_DEFINITION);
		t->title_close = 0;
	} else if (t->title_close == '\n' || t->title_close == '\v') {
		definition_rest(t, b, e, t->title_close);
	} else if (memchr(t->in + b, t->title_close, e - b) != NULL) {
		t->title_close = 0;
	}
}

/*
 * Bytes from p up to the first of tame_chars, or to e.  They are skipped
 * while no "www." is being counted: they could only reset a count that
 * is zero already.
 */
static size_t
tame_skip(const char *p, const char *e)
{
	return word_find4(p, (size_t)(e - p), '\\', '[', ']', 'w');
}

static void
tame_line(struct tame *t, size_t b, size_t e)
{
	const char *in = t->in;
	size_t www = 0;

	if (t->title_close != 0)
		title_line(t, b, e);
	else
		long_definition(t, b, e);

	if (delimiter_cells(in + b, in + e) > TAME_TABLE_COLUMNS)
		tame_set(t, (size_t)((const char *)memchr(in + b, '-', e - b) -
		    in), 'x', TAME_WIDE_TABLE);
	for (size_t i = b; i < e; i++) {
		if (www == 0 && (i += tame_skip(in + i, in + e)) >= e)
			break;
		if (!in_set(&tame_chars, (unsigned char)in[i])) {
			if (!in_set(&domain_chars, (unsigned char)in[i]))
				www = 0;
			continue;
		}
		if (!in_set(&domain_chars, (unsigned char)in[i]))
			www = 0;
		else if (in[i] == 'w' && e - i >= 4 &&
		    memcmp(in + i, "www.", 4) == 0 && ++www > TAME_WWW_PER_WORD)
			t->no_www = 1;
		switch (in[i]) {
		case '\\':
			i++;	/* an escaped bracket is text already */
			break;
		case '[':
			if (++t->depth > TAME_BRACKET_DEPTH)
				tame_set(t, i, '{', TAME_DEEP_BRACKETS);
			break;
		case ']':
			t->steps += t->line;
			if (t->depth > TAME_BRACKET_DEPTH)
				tame_set(t, i, '}', TAME_DEEP_BRACKETS);
			else if (t->steps > TAME_LINE_STEPS)
				tame_set(t, i, '}', TAME_COSTLY_LINKS);
			if (t->depth > 0)
				t->depth--;
			break;
		default:
			break;
		}
	}
}

/*
 * Whether line p..e starts a block of its own, so that md4c parses its
 * inline content apart from the lines before it.  Sets t->in_list and
 * t->in_table for the lines after it.
 */
static int
starts_block(struct tame *t, const char *p, const char *e)
{
	const char *q = p;

	while (q < e && (*q == ' ' || *q == '\t' || *q == '>'))
		q++;
	if (q < e && (*q == '-' || *q == '*' || *q == '+') &&
	    (q + 1 == e || q[1] == ' ' || q[1] == '\t'))
		return t->in_list = 1;
	if (q < e && *q >= '0' && *q <= '9') {
		const char *d = q;

		while (d < e && d - q < 9 && *d >= '0' && *d <= '9')
			d++;
		if (d < e && (*d == '.' || *d == ')') &&
		    (d + 1 == e || d[1] == ' ' || d[1] == '\t') &&
		    (t->in_list || (d - q == 1 && *q == '1')))
			return t->in_list = 1;
	}
	if (q < e && *q == '#')
		return 1;
	if (delimiter_cells(p, e) > 0) {
		t->in_table = 1;
		return 0;
	}
	return q < e && *q == '|' && t->in_table;
}

static int
is_blank(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p == e;
}

static void
tame_lines(struct tame *t)
{
	const char *in = t->in, *end = in + t->len;

	for (const char *p = in; p < end;) {
		const char *e = line_end(p, end);

		if (is_blank(p, e)) {
			t->line = t->depth = 0;
			t->steps = 0;
			t->in_list = t->in_table = 0;
			t->title_close = 0;
		} else {
			if (starts_block(t, p, e)) {
				t->line = t->depth = 0;
				t->steps = 0;
			}
			tame_line(t, (size_t)(p - in), (size_t)(e - in));
			t->line++;
		}
		p = e + 1;
	}
}

void
tame_body(struct pdb_doc *doc, struct pdb_tamed *out)
{
	struct tame t = {.doc = doc, .in = doc->src + doc->body,
	    .len = doc->src_len - doc->body};

	tame_lines(&t);
	out->copy = t.out;
	out->text = t.out != NULL ? t.out : t.in;
	out->no_www = t.no_www;
}
