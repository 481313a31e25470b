/*
 * parse.c - md4c callbacks that build the document model (model.h).
 *
 * The callbacks only push and pop nodes, append inline text to the node
 * that owns it and note where things are: md4c reports no positions, but
 * passes text as pointers into the input, so the first text of a block
 * gives its line (task items also have task_mark_offset).  Nothing here
 * interprets the text; that is extract's job.
 */
#define _POSIX_C_SOURCE 200809L	/* fork, kill, poll, setrlimit */

#include "progdb/parse.h"

#include <errno.h>
#include <limits.h>
#include <md4c.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "progdb/decode.h"
#include "progdb/words.h"
#include "progdb/xmem.h"

struct pstate {
	struct pdb_doc	*doc;
	const char	*input;		/* what md4c parses: the body, or a
					 * tamed copy of it (same length) */
	uint32_t	*stack;		/* open nodes, innermost last */
	size_t		 depth;
	size_t		 cap;
	size_t		 unlined;	/* innermost open nodes without a line */
	size_t		 flattened;	/* open blocks past PDB_MAX_NESTING */
	uint32_t	 container;	/* node receiving inline text */
	uint32_t	 raw;		/* CODE/HTML node collecting a range */
	unsigned	 strong;	/* open strong spans */
	uint32_t	 strong_start;	/* where the outermost one began */
	int		 in_head;	/* inside the table header */
	size_t		 last_off;	/* latest source offset seen */
	size_t		 line_hint;	/* for linemap_line_near() */
};

static int
is_container(uint8_t kind)
{
	return kind == PDB_NODE_HEADING || kind == PDB_NODE_PARA ||
	    kind == PDB_NODE_ITEM || kind == PDB_NODE_CELL;
}

static uint32_t
new_node(struct pdb_doc *doc, uint8_t kind, uint32_t parent)
{
	struct pdb_node *n;

	if (doc->nnodes == doc->nodes_cap) {
		doc->nodes_cap = doc->nodes_cap ? doc->nodes_cap * 2 : 256;
		doc->nodes = xreallocarray(doc->nodes, doc->nodes_cap,
		    sizeof(*doc->nodes));
	}
	n = &doc->nodes[doc->nnodes];
	*n = (struct pdb_node){.kind = kind, .parent = parent};
	return (uint32_t)doc->nnodes++;
}

static unsigned
line_at(struct pstate *ps, size_t off)
{
	return linemap_line_near(&ps->doc->lines, off, &ps->line_hint);
}

/* The open blocks still without a line all start at or before line. */
static void
set_pending_lines(struct pstate *ps, unsigned line)
{
	while (ps->unlined > 0) {
		uint32_t i = ps->stack[ps->depth - ps->unlined];

		ps->doc->nodes[i].line = line;
		ps->unlined--;
	}
}

/* Records that the source at p..p+n has been reached, if p is in it. */
static void
saw_source(struct pstate *ps, const char *p, size_t n)
{
	const struct pdb_doc *doc = ps->doc;

	if (p < ps->input || p >= ps->input + (doc->src_len - doc->body))
		return;
	ps->last_off = doc->body + (size_t)(p - ps->input);
	if (ps->unlined > 0)
		set_pending_lines(ps, line_at(ps, ps->last_off));
	if (ps->raw != PDB_NO_NODE) {
		struct pdb_node *r = &ps->doc->nodes[ps->raw];
		uint32_t off = (uint32_t)ps->last_off;

		if (r->src_len == 0 && r->src == 0)
			r->src = off;
		if (off + n > r->src + r->src_len)
			r->src_len = off + (uint32_t)n - r->src;
	}
}

static void
push(struct pstate *ps, uint32_t i)
{
	if (ps->depth == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 32;
		ps->stack = xreallocarray(ps->stack, ps->cap,
		    sizeof(*ps->stack));
	}
	ps->stack[ps->depth++] = i;
	if (ps->doc->nodes[i].line == 0)
		ps->unlined++;
	else if (ps->unlined > 0) {
		ps->depth--;
		set_pending_lines(ps, ps->doc->nodes[i].line);
		ps->depth++;
	}
	if (is_container(ps->doc->nodes[i].kind))
		ps->container = i;
}

static void
pop(struct pstate *ps)
{
	uint32_t i = ps->stack[--ps->depth];
	struct pdb_node *n = &ps->doc->nodes[i];

	if (n->line == 0) {
		/* A block with no text at all: the best we know is where
		 * the input had got to. */
		n->line = line_at(ps, ps->last_off);
		ps->unlined--;
	}
	if (ps->raw == i)
		ps->raw = PDB_NO_NODE;
	ps->container = PDB_NO_NODE;
	for (size_t k = ps->depth; k > 0; k--) {
		if (is_container(ps->doc->nodes[ps->stack[k - 1]].kind)) {
			ps->container = ps->stack[k - 1];
			break;
		}
	}
}

static uint8_t
node_kind(MD_BLOCKTYPE type)
{
	switch (type) {
	case MD_BLOCK_QUOTE:	return PDB_NODE_QUOTE;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:	return PDB_NODE_LIST;
	case MD_BLOCK_LI:	return PDB_NODE_ITEM;
	case MD_BLOCK_H:	return PDB_NODE_HEADING;
	case MD_BLOCK_CODE:	return PDB_NODE_CODE;
	case MD_BLOCK_HTML:	return PDB_NODE_HTML;
	case MD_BLOCK_P:	return PDB_NODE_PARA;
	case MD_BLOCK_TABLE:	return PDB_NODE_TABLE;
	case MD_BLOCK_TR:	return PDB_NODE_ROW;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:	return PDB_NODE_CELL;
	default:		return PDB_NODE_DOC;
	}
}

/* Blocks that md4c reports but the model does not keep as nodes. */
static int
is_structural_only(MD_BLOCKTYPE type)
{
	return type == MD_BLOCK_DOC || type == MD_BLOCK_HR ||
	    type == MD_BLOCK_THEAD || type == MD_BLOCK_TBODY;
}

static void
append_text(struct pstate *ps, const char *p, size_t n)
{
	struct pdb_doc *doc = ps->doc;
	struct pdb_node *c;

	if (ps->container == PDB_NO_NODE || n == 0)
		return;
	c = &doc->nodes[ps->container];
	if (c->text_len > 0 && c->text + c->text_len != doc->text.len) {
		/* Another node's text came in between: move ours to the
		 * end so that it stays one slice. */
		uint32_t old = c->text;

		/* Reserved first: the copy comes from the buffer itself. */
		buf_reserve(&doc->text, c->text_len + n);
		c->text = (uint32_t)doc->text.len;
		buf_append(&doc->text, doc->text.data + old, c->text_len);
	} else if (c->text_len == 0) {
		c->text = (uint32_t)doc->text.len;
	}
	buf_append(&doc->text, p, n);
	c->text_len += (uint32_t)n;
}

static void
append_codepoint(struct pstate *ps, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	append_text(ps, u, n);
}

static const struct {
	const char	*name;
	unsigned long	 cp;
} named_entities[] = {
	{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'},
	{"apos", '\''}, {"nbsp", ' '}, {"copy", 0xA9}, {"reg", 0xAE},
	{"trade", 0x2122}, {"hellip", 0x2026}, {"mdash", 0x2014},
	{"ndash", 0x2013}, {"larr", 0x2190}, {"rarr", 0x2192},
	{"middot", 0xB7}, {"bull", 0x2022}, {"check", 0x2713},
};

/* md4c hands entities over verbatim ("&amp;", "&#x2705;"). */
static void
append_entity(struct pstate *ps, const char *p, size_t n)
{
	unsigned long cp = 0;

	if (n >= 4 && p[1] == '#') {
		int hex = p[2] == 'x' || p[2] == 'X';

		for (size_t i = hex ? 3 : 2; i + 1 < n && cp <= 0x10FFFF; i++) {
			char c = p[i];
			int d = c >= '0' && c <= '9' ? c - '0' :
			    hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			    hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

			if (d < 0)
				break;
			cp = cp * (hex ? 16 : 10) + (unsigned long)d;
		}
		append_codepoint(ps, cp);
		return;
	}
	for (size_t i = 0; i < sizeof(named_entities) / sizeof(*named_entities);
	    i++) {
		const char *name = named_entities[i].name;

		if (n == strlen(name) + 2 && memcmp(p + 1, name, n - 2) == 0) {
			append_codepoint(ps, named_entities[i].cp);
			return;
		}
	}
	append_text(ps, p, n);
}

static void
enter_list_item(struct pstate *ps, uint32_t i, const MD_BLOCK_LI_DETAIL *d)
{
	struct pdb_node *n = &ps->doc->nodes[i];

	if (!d->is_task)
		return;
	n->task_mark = d->task_mark;
	/* The offset is into md4c's input, which starts at the body. */
	if (d->task_mark_offset < ps->doc->src_len - ps->doc->body)
		n->line = line_at(ps, ps->doc->body + d->task_mark_offset);
}

static void
enter_code(struct pstate *ps, uint32_t i, const MD_BLOCK_CODE_DETAIL *d)
{
	struct pdb_doc *doc = ps->doc;
	struct pdb_node *n = &doc->nodes[i];

	if (d->fence_char != 0)
		n->flags |= PDB_NODEF_FENCED;
	if (d->lang.size > 0) {
		n->info = (uint32_t)doc->text.len;
		n->info_len = d->lang.size;
		buf_append(&doc->text, d->lang.text, d->lang.size);
	}
	ps->raw = i;
}

static int
cb_enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct pstate *ps = ud;
	struct pdb_doc *doc = ps->doc;
	uint32_t parent, i;

	if (type == MD_BLOCK_THEAD)
		ps->in_head = 1;
	if (type == MD_BLOCK_TBODY)
		ps->in_head = 0;
	if (is_structural_only(type))
		return 0;
	if (ps->flattened > 0 || ps->depth >= PDB_MAX_NESTING) {
		if (ps->flattened++ == 0)
			diaglist_add(&doc->diags, PDB_SEV_WARNING,
			    line_at(ps, ps->last_off),
			    "deep-nesting", "blocks nested deeper than %d "
			    "levels are read as part of their parent",
			    PDB_MAX_NESTING);
		return 0;
	}
	parent = ps->depth > 0 ? ps->stack[ps->depth - 1] : 0;
	i = new_node(doc, node_kind(type), parent);
	switch (type) {
	case MD_BLOCK_OL:
		doc->nodes[i].flags |= PDB_NODEF_ORDERED;
		break;
	case MD_BLOCK_LI:
		enter_list_item(ps, i, detail);
		break;
	case MD_BLOCK_H:
		doc->nodes[i].level =
		    (uint8_t)((MD_BLOCK_H_DETAIL *)detail)->level;
		break;
	case MD_BLOCK_CODE:
		enter_code(ps, i, detail);
		break;
	case MD_BLOCK_HTML:
		ps->raw = i;
		break;
	case MD_BLOCK_TR:
		if (ps->in_head)
			doc->nodes[i].flags |= PDB_NODEF_HEAD;
		break;
	default:
		break;
	}
	push(ps, i);
	return 0;
}

static int
cb_leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct pstate *ps = ud;
	uint32_t i;

	(void)detail;
	if (is_structural_only(type))
		return 0;
	if (ps->flattened > 0) {
		ps->flattened--;
		return 0;
	}
	i = ps->stack[ps->depth - 1];
	/* A fenced block's first text is the line after its fence. */
	if (type == MD_BLOCK_CODE &&
	    (ps->doc->nodes[i].flags & PDB_NODEF_FENCED) &&
	    ps->doc->nodes[i].src_len > 0 && ps->doc->nodes[i].line > 1)
		ps->doc->nodes[i].line--;
	pop(ps);
	return 0;
}

static void
add_strong_span(struct pstate *ps)
{
	struct pdb_doc *doc = ps->doc;
	struct pdb_node *c = &doc->nodes[ps->container];
	uint32_t len = c->text_len - ps->strong_start;

	if (len == 0)
		return;
	if (c->span_count == 0)
		c->span = (uint32_t)doc->nspans;
	else if (c->span + c->span_count != doc->nspans)
		return;	/* not contiguous with this node's spans: drop */
	if (doc->nspans == doc->spans_cap) {
		doc->spans_cap = doc->spans_cap ? doc->spans_cap * 2 : 64;
		doc->spans = xreallocarray(doc->spans, doc->spans_cap,
		    sizeof(*doc->spans));
	}
	doc->spans[doc->nspans++] =
	    (struct pdb_span){.start = ps->strong_start, .len = len};
	c->span_count++;
}

static int
cb_enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct pstate *ps = ud;

	(void)detail;
	if (type == MD_SPAN_STRONG && ps->container != PDB_NO_NODE &&
	    ps->strong++ == 0)
		ps->strong_start = ps->doc->nodes[ps->container].text_len;
	return 0;
}

static int
cb_leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct pstate *ps = ud;

	(void)detail;
	if (type == MD_SPAN_STRONG && ps->container != PDB_NO_NODE &&
	    ps->strong > 0 && --ps->strong == 0)
		add_strong_span(ps);
	return 0;
}

static int
cb_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *ud)
{
	struct pstate *ps = ud;

	saw_source(ps, text, size);
	if (ps->raw != PDB_NO_NODE)
		return 0;
	switch (type) {
	case MD_TEXT_NULLCHAR:
		append_codepoint(ps, 0xFFFD);
		break;
	case MD_TEXT_BR:
	case MD_TEXT_SOFTBR:
		append_text(ps, "\n", 1);
		break;
	case MD_TEXT_ENTITY:
		append_entity(ps, text, size);
		break;
	case MD_TEXT_HTML:
		if (size >= 3 && (text[1] == 'b' || text[1] == 'B') &&
		    (text[2] == 'r' || text[2] == 'R'))
			append_text(ps, "\n", 1);
		break;
	default:
		append_text(ps, text, size);
		break;
	}
	return 0;
}

/* ---- front matter ---- */

static const char *
line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl != NULL ? nl : end;
}

static int
is_fence_line(const char *p, const char *e, const char *fence)
{
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return (size_t)(e - p) == 3 && memcmp(p, fence, 3) == 0;
}

static void
trim(const char **p, const char **e)
{
	while (*p < *e && (**p == ' ' || **p == '\t'))
		(*p)++;
	while (*e > *p && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
}

static void
add_front(struct pdb_doc *doc, const char *k, const char *ke, const char *v,
    const char *ve, unsigned line)
{
	trim(&k, &ke);
	trim(&v, &ve);
	if (ve - v >= 2 && (*v == '"' || *v == '\'') && ve[-1] == *v) {
		v++;
		ve--;
	}
	if (doc->nfront == doc->front_cap) {
		doc->front_cap = doc->front_cap ? doc->front_cap * 2 : 8;
		doc->front = xreallocarray(doc->front, doc->front_cap,
		    sizeof(*doc->front));
	}
	doc->front[doc->nfront++] = (struct pdb_front){
		.key = k, .key_len = (size_t)(ke - k),
		.value = v, .value_len = (size_t)(ve - v), .line = line,
	};
}

/*
 * A YAML front matter block is "---" on the first line and a closing
 * "---" or "..." line.  Only top-level `key: value` pairs are read; nested
 * values, lists and comments are skipped.  Returns the offset of the first
 * byte after the block, or 0 when there is none.
 */
static size_t
read_front_matter(struct pdb_doc *doc)
{
	const char *src = doc->src, *end = src + doc->src_len;
	const char *p, *e;
	unsigned line = 1;
	size_t first = doc->nfront;

	p = src;
	e = line_end(p, end);
	if (!is_fence_line(p, e, "---") || e == end)
		return 0;
	for (p = e + 1; p < end; p = e + 1) {
		const char *colon;

		line++;
		e = line_end(p, end);
		if (is_fence_line(p, e, "---") || is_fence_line(p, e, "...")) {
			doc->has_front = 1;
			return e < end ? (size_t)(e + 1 - src) : doc->src_len;
		}
		if (p == e || *p == ' ' || *p == '\t' || *p == '#' ||
		    *p == '-')
			continue;
		colon = memchr(p, ':', (size_t)(e - p));
		if (colon == NULL)
			break;	/* not YAML: a horizontal rule, not metadata */
		add_front(doc, p, colon, colon + 1, e, line);
	}
	doc->nfront = first;
	return 0;
}

/* ---- inputs that md4c 0.4.8 parses in quadratic time ---- */

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
	unsigned	 flags;		/* md4c parser flags */
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

static void
tame_set(struct tame *t, size_t i, char c, unsigned what)
{
	static const struct {
		const char	*code;
		const char	*msg;
	} warnings[] = {
		{"wide-table", "a table of more than 128 columns is read as "
		    "text"},
		{"deep-brackets", "brackets nested more than 32 deep are read "
		    "as text"},
		{"costly-links", "a paragraph with too many links over too "
		    "many lines: its further brackets are read as text"},
		{"long-definition", "a link reference definition longer than "
		    "1024 bytes is read as text"},
	};
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
 * Whether the 8 bytes at p hold one of tame_chars.  A word without one is
 * skipped whole while no "www." is being counted: the bytes in it could
 * only reset a count that is zero already.
 */
static int
tame_word(const char *p)
{
	uint64_t w = word_at(p);

	return (word_has(w, '\\') | word_has(w, '[') | word_has(w, ']') |
	    word_has(w, 'w')) != 0;
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
		if (www == 0 && e - i >= 8 && !tame_word(in + i)) {
			i += 7;
			continue;
		}
		if (!in_set(&tame_chars, (unsigned char)in[i])) {
			if (!in_set(&domain_chars, (unsigned char)in[i]))
				www = 0;
			continue;
		}
		if (!in_set(&domain_chars, (unsigned char)in[i]))
			www = 0;
		else if (in[i] == 'w' && e - i >= 4 &&
		    memcmp(in + i, "www.", 4) == 0 && ++www > TAME_WWW_PER_WORD)
			t->flags &= ~(unsigned)MD_FLAG_PERMISSIVEWWWAUTOLINKS;
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

/*
 * Returns what md4c should parse: the body itself, or t->out (freed by the
 * caller) when something had to change.
 */
static const char *
tame(struct tame *t)
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
	return t->out != NULL ? t->out : in;
}

/* Parses the body in this process.  Returns md_parse()'s result. */
static int
parse_body(struct pdb_doc *doc)
{
	struct tame t = {.doc = doc, .in = doc->src + doc->body,
	    .len = doc->src_len - doc->body, .flags = MD_DIALECT_GITHUB};
	MD_PARSER parser = {
		.abi_version = 0,
		.enter_block = cb_enter_block,
		.leave_block = cb_leave_block,
		.enter_span = cb_enter_span,
		.leave_span = cb_leave_span,
		.text = cb_text,
	};
	struct pstate ps = {.doc = doc, .container = PDB_NO_NODE,
	    .raw = PDB_NO_NODE, .last_off = doc->body};
	int rc;

	ps.input = tame(&t);
	parser.flags = t.flags;
	new_node(doc, PDB_NODE_DOC, PDB_NO_NODE);
	doc->nodes[0].line = 1;
	rc = md_parse(ps.input, (MD_SIZE)t.len, &parser, &ps);
	free(ps.stack);
	free(t.out);
	return rc;
}

/* ---- parsing in a child process ---- */

/*
 * A body of PARSE_GUARD_MIN bytes or more is parsed in a child process
 * that has PARSE_CPU_S seconds of CPU time, plus one per PARSE_CPU_PER
 * bytes, and twice that in wall-clock time, so that an input costlier than
 * the checks above foresee (or one that crashes md4c) costs one warning
 * and a document without structure, not the run.  The child sends the
 * model back through a pipe; fork() keeps addresses, so the diagnostic
 * codes (static strings) stay valid as sent.
 */
#define PARSE_GUARD_MIN		(64u << 10)
#define PARSE_CPU_S		2
#define PARSE_CPU_PER		(4u << 20)

/* What the child sends, followed by the arrays and the messages. */
struct sent_model {
	int32_t		rc;
	uint32_t	nnodes;
	uint32_t	nspans;
	uint32_t	ndiags;
	uint64_t	text_len;
};

struct sent_diag {
	int32_t		 sev;
	uint32_t	 line;
	const char	*code;
	uint32_t	 msg_len;
};

static int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
send_model(int fd, const struct pdb_doc *doc, int rc)
{
	struct sent_model m = {.rc = rc, .nnodes = (uint32_t)doc->nnodes,
	    .nspans = (uint32_t)doc->nspans, .ndiags = (uint32_t)doc->diags.n,
	    .text_len = doc->text.len};

	if (write_all(fd, &m, sizeof(m)) != 0 ||
	    write_all(fd, doc->nodes, doc->nnodes * sizeof(*doc->nodes)) != 0 ||
	    write_all(fd, doc->spans, doc->nspans * sizeof(*doc->spans)) != 0 ||
	    (doc->text.len > 0 &&
	    write_all(fd, doc->text.data, doc->text.len) != 0))
		_exit(1);
	for (size_t i = 0; i < doc->diags.n; i++) {
		const struct pdb_diag *d = &doc->diags.v[i];
		struct sent_diag sd = {.sev = d->sev, .line = d->line,
		    .code = d->code, .msg_len = (uint32_t)strlen(d->msg)};

		if (write_all(fd, &sd, sizeof(sd)) != 0 ||
		    write_all(fd, d->msg, sd.msg_len) != 0)
			_exit(1);
	}
}

/* Takes n bytes from *p into out; -1 when fewer than n are left. */
static int
take(const char **p, const char *end, void *out, size_t n)
{
	if ((size_t)(end - *p) < n)
		return -1;
	memcpy(out, *p, n);
	*p += n;
	return 0;
}

/* Rebuilds doc (holding only its front matter) from what the child sent. */
static int
receive_model(struct pdb_doc *doc, const struct pdb_buf *in, int *rc)
{
	const char *p = in->data, *end = in->data + in->len;
	struct sent_model m;

	if (take(&p, end, &m, sizeof(m)) != 0 ||
	    (size_t)(end - p) / sizeof(*doc->nodes) < m.nnodes)
		return -1;
	doc->nodes = xreallocarray(doc->nodes, m.nnodes ? m.nnodes : 1,
	    sizeof(*doc->nodes));
	doc->nodes_cap = m.nnodes ? m.nnodes : 1;
	doc->nnodes = m.nnodes;
	take(&p, end, doc->nodes, m.nnodes * sizeof(*doc->nodes));
	if ((size_t)(end - p) / sizeof(*doc->spans) < m.nspans)
		return -1;
	doc->spans = xreallocarray(doc->spans, m.nspans ? m.nspans : 1,
	    sizeof(*doc->spans));
	doc->spans_cap = m.nspans ? m.nspans : 1;
	doc->nspans = m.nspans;
	take(&p, end, doc->spans, m.nspans * sizeof(*doc->spans));
	if ((uint64_t)(end - p) < m.text_len)
		return -1;
	buf_append(&doc->text, p, (size_t)m.text_len);
	p += m.text_len;
	for (uint32_t i = 0; i < m.ndiags; i++) {
		struct sent_diag sd;

		if (take(&p, end, &sd, sizeof(sd)) != 0 ||
		    (size_t)(end - p) < sd.msg_len)
			return -1;
		diaglist_add(&doc->diags, (enum pdb_severity)sd.sev, sd.line,
		    sd.code, "%.*s", (int)sd.msg_len, p);
		p += sd.msg_len;
	}
	*rc = m.rc;
	return p == end ? 0 : -1;
}

static void
run_child(int fd, struct pdb_doc *doc, unsigned cpu_s)
{
	struct rlimit cpu = {.rlim_cur = cpu_s, .rlim_max = cpu_s + 1};

	setrlimit(RLIMIT_CPU, &cpu);
	send_model(fd, doc, parse_body(doc));
	_exit(0);
}

/*
 * Reads the child's output until it closes the pipe or the deadline
 * passes.  Returns 0 at end of file, -1 on timeout or error.
 */
static int
read_child(int fd, struct pdb_buf *out, const struct timespec *deadline)
{
	char chunk[65536];

	for (;;) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		struct timespec now;
		long long ms;
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (long long)(deadline->tv_sec - now.tv_sec) * 1000 +
		    (deadline->tv_nsec - now.tv_nsec) / 1000000;
		if (ms <= 0)
			return -1;
		if (poll(&pfd, 1, (int)(ms < INT_MAX ? ms : INT_MAX)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return (int)n;
		buf_append(out, chunk, (size_t)n);
	}
}

/*
 * Parses the body in a child process.  Returns md_parse()'s result, or
 * -1 when the process could not be started; when the child runs out of
 * time or fails, the document keeps no structure, with a warning, and 0
 * is returned.
 */
static int
parse_guarded(struct pdb_doc *doc)
{
	unsigned cpu_s = PARSE_CPU_S +
	    (unsigned)((doc->src_len - doc->body) / PARSE_CPU_PER);
	struct pdb_buf in = {0};
	struct timespec deadline;
	int fds[2], status = 0, rc = 0, got;
	pid_t pid;

	if (pipe(fds) != 0)
		return -1;
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		run_child(fds[1], doc, cpu_s);
	}
	close(fds[1]);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += 2 * (time_t)cpu_s;
	got = read_child(fds[0], &in, &deadline);
	close(fds[0]);
	if (got != 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (got != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    receive_model(doc, &in, &rc) != 0) {
		doc->nnodes = doc->nspans = 0;
		buf_reset(&doc->text);
		diaglist_clear(&doc->diags);
		new_node(doc, PDB_NODE_DOC, PDB_NO_NODE);
		doc->nodes[0].line = 1;
		if (got != 0 || (WIFSIGNALED(status) &&
		    (WTERMSIG(status) == SIGXCPU || WTERMSIG(status) == SIGKILL)))
			diaglist_add(&doc->diags, PDB_SEV_WARNING, 0,
			    "parse-limit", "parsing took more than %u s of CPU "
			    "time: the Markdown structure is ignored (no "
			    "sections or items)", cpu_s);
		else
			diaglist_add(&doc->diags, PDB_SEV_WARNING, 0,
			    "parse-crash", "the Markdown parser failed (%s %d): "
			    "the Markdown structure is ignored (no sections "
			    "or items)", WIFSIGNALED(status) ? "signal" :
			    "status", WIFSIGNALED(status) ? WTERMSIG(status) :
			    WEXITSTATUS(status));
		rc = 0;
	}
	buf_free(&in);
	return rc;
}

int
parse_markdown(struct pdb_doc *doc, const char *src, size_t len)
{
	int rc;

	model_reset(doc);
	doc->src = src;
	doc->src_len = len;
	if (len > PDB_PARSE_MAX) {
		diaglist_add(&doc->diags, PDB_SEV_ERROR, 0, "too-large",
		    "too large to parse (%zu bytes of text; the limit is %u)",
		    len, PDB_PARSE_MAX);
		return -1;
	}
	linemap_build(&doc->lines, src, len);
	doc->body = read_front_matter(doc);
	if (len - doc->body < PARSE_GUARD_MIN ||
	    (rc = parse_guarded(doc)) < 0)
		rc = parse_body(doc);
	if (rc != 0) {
		diaglist_add(&doc->diags, PDB_SEV_ERROR, 0, "parse",
		    "the Markdown parser failed (md4c returned %d)", rc);
		return -1;
	}
	return 0;
}
