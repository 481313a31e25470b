/*
 * parse.c - md4c callbacks that build the document model (model.h), and
 * parse_markdown(), the door (parse.h): front matter (frontmatter.c), then
 * the body, tamed (tame.c), in this process or, when large, in a child
 * (parse_child.c).  The only file that includes <md4c.h>.
 *
 *
 * The callbacks only push and pop nodes, append inline text to the node
 * that owns it and note where things are: md4c reports no positions, but
 * passes text as pointers into the input, so the first text of a block
 * gives its line (task items also have task_mark_offset).  Nothing here
 * interprets the text; that is extract's job.
 */
#include "progdb/parse.h"
#include "markdown_int.h"

#include <md4c.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/vec.h"

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

/* The one diagnostic code given here (the others are tame.c's). */
static const char deep_nesting[] = "deep-nesting";

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

	PDB_GROW(doc->nodes, doc->nnodes, doc->nodes_cap, 256);
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
	PDB_GROW(ps->stack, ps->depth, ps->cap, 32);
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
			    deep_nesting, "blocks nested deeper than %d "
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
	PDB_GROW(doc->spans, doc->nspans, doc->spans_cap, 64);
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

void
parse_root(struct pdb_doc *doc)
{
	new_node(doc, PDB_NODE_DOC, PDB_NO_NODE);
	doc->nodes[0].line = 1;
}

const char *
markdown_code(const char *s, size_t n)
{
	if (n == sizeof(deep_nesting) - 1 && memcmp(s, deep_nesting, n) == 0)
		return deep_nesting;
	return tame_code(s, n);
}

int
parse_body(struct pdb_doc *doc)
{
	MD_PARSER parser = {
		.abi_version = 0,
		.flags = MD_DIALECT_GITHUB,
		.enter_block = cb_enter_block,
		.leave_block = cb_leave_block,
		.enter_span = cb_enter_span,
		.leave_span = cb_leave_span,
		.text = cb_text,
	};
	struct pstate ps = {.doc = doc, .container = PDB_NO_NODE,
	    .raw = PDB_NO_NODE, .last_off = doc->body};
	struct pdb_tamed tamed;
	int rc;

	tame_body(doc, &tamed);
	if (tamed.no_www)
		parser.flags &= ~(unsigned)MD_FLAG_PERMISSIVEWWWAUTOLINKS;
	ps.input = tamed.text;
	parse_root(doc);
	rc = md_parse(ps.input, (MD_SIZE)(doc->src_len - doc->body), &parser,
	    &ps);
	free(ps.stack);
	free(tamed.copy);
	return rc;
}

/* Below this many bytes a body is parsed in this process. */
#define PARSE_GUARD_MIN		(64u << 10)

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
	doc->body = frontmatter_read(doc);
	if (len - doc->body < PARSE_GUARD_MIN ||
	    (rc = parse_in_child(doc)) < 0)
		rc = parse_body(doc);
	if (rc != 0) {
		diaglist_add(&doc->diags, PDB_SEV_ERROR, 0, "parse",
		    "the Markdown parser failed (md4c returned %d)", rc);
		return -1;
	}
	return 0;
}
