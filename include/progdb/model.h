/*
 * model.h - the small document model that parse.c builds from md4c's
 * callbacks and the extractors read.
 *
 * A document is an array of nodes in document order (pre-order): a node's
 * children follow it, and parent links point back.  Node 0 is the document
 * itself.  Inline content is flattened to plain text (markup removed,
 * entities decoded, emoji kept), stored in one text arena per document;
 * soft and hard line breaks are kept as '\n' so that line-structured
 * paragraphs ("**Status**: ...\n**Date**: ...") can be split again.
 * Code and HTML blocks keep no text, only the byte range of their content
 * in the source.
 *
 * A struct pdb_doc owns its nodes, text and spans; it borrows the source
 * text, which must outlive it.
 */
#ifndef PROGDB_MODEL_H
#define PROGDB_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "progdb/buf.h"
#include "progdb/diag.h"
#include "progdb/linemap.h"

enum pdb_node_kind {
	PDB_NODE_DOC,
	PDB_NODE_HEADING,	/* level 1-6 */
	PDB_NODE_PARA,
	PDB_NODE_LIST,		/* PDB_NODEF_ORDERED when numbered */
	PDB_NODE_ITEM,		/* a list item; task_mark set for GFM tasks */
	PDB_NODE_QUOTE,
	PDB_NODE_CODE,		/* fenced or indented; no text, src range */
	PDB_NODE_HTML,		/* raw HTML block; no text, src range */
	PDB_NODE_TABLE,
	PDB_NODE_ROW,		/* PDB_NODEF_HEAD for the header row */
	PDB_NODE_CELL,
};

enum pdb_node_flags {
	PDB_NODEF_ORDERED	= 1 << 0,	/* LIST: numbered */
	PDB_NODEF_HEAD		= 1 << 1,	/* ROW: header row */
	PDB_NODEF_FENCED	= 1 << 2,	/* CODE: fenced, not indented */
};

#define PDB_NO_NODE	UINT32_MAX

struct pdb_node {
	uint8_t		kind;		/* enum pdb_node_kind */
	uint8_t		flags;		/* enum pdb_node_flags */
	uint8_t		level;		/* HEADING level */
	char		task_mark;	/* ITEM: ' ', 'x' or 'X' for GFM tasks, else 0 */
	uint32_t	parent;		/* index of the parent; PDB_NO_NODE for 0 */
	uint32_t	line;		/* first line, 1-based (0 until known) */
	uint32_t	text;		/* HEADING, PARA, ITEM, CELL: plain text */
	uint32_t	text_len;	/*   in doc->text */
	uint32_t	span;		/* first of span_count strong spans in */
	uint32_t	span_count;	/*   doc->spans, for this node's text */
	uint32_t	src;		/* CODE, HTML: content in the source */
	uint32_t	src_len;
	uint32_t	info;		/* CODE: info string (language) in */
	uint32_t	info_len;	/*   doc->text */
};

/* A **strong** span inside a node's plain text. */
struct pdb_span {
	uint32_t	start;		/* offset in the node's text */
	uint32_t	len;
};

/* One `key: value` line of YAML front matter. */
struct pdb_front {
	const char	*key;		/* into the source, not NUL-terminated */
	size_t		 key_len;
	const char	*value;		/* quotes removed */
	size_t		 value_len;
	unsigned	 line;
};

struct pdb_doc {
	const char		*src;		/* the decoded text (borrowed) */
	size_t			 src_len;
	size_t			 body;		/* offset where Markdown starts
						 * (after front matter) */
	struct pdb_linemap	 lines;
	struct pdb_node		*nodes;
	size_t			 nnodes;
	size_t			 nodes_cap;
	struct pdb_buf		 text;		/* arena for node text */
	struct pdb_span		*spans;
	size_t			 nspans;
	size_t			 spans_cap;
	struct pdb_front	*front;
	size_t			 nfront;
	size_t			 front_cap;
	int			 has_front;	/* a front matter block was read */
	struct pdb_diaglist	 diags;		/* parse warnings */
};

/* Empties doc for reuse with a new source; keeps allocations. */
void	model_reset(struct pdb_doc *doc);
void	model_free(struct pdb_doc *doc);

/* Plain text of node i (not NUL-terminated; may contain '\n'). */
static inline const char *
model_text(const struct pdb_doc *doc, uint32_t i, size_t *len)
{
	*len = doc->nodes[i].text_len;
	return doc->text.data != NULL ? doc->text.data + doc->nodes[i].text : "";
}

/*
 * The text that belongs to list item i: its own inline text in a tight
 * list, else the text of its first paragraph.  Sets *owner to the node
 * whose text and spans were used.
 */
const char *model_item_text(const struct pdb_doc *doc, uint32_t i,
	    size_t *len, uint32_t *owner);

/* 1 if node i lies inside node ancestor. */
int	model_is_under(const struct pdb_doc *doc, uint32_t i,
	    uint32_t ancestor);

/* Writes the tree as indented lines (kind, line, text), for debugging and
 * golden tests of the parser. */
void	model_dump(const struct pdb_doc *doc, struct pdb_buf *out);

#endif
