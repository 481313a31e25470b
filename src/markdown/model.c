/*
 * model.c - lifetime and read helpers of the document model (model.h).
 */
#include "progdb/model.h"

#include "progdb/escape.h"

void
model_reset(struct pdb_doc *doc)
{
	doc->src = NULL;
	doc->src_len = 0;
	doc->body = 0;
	doc->nnodes = 0;
	doc->nspans = 0;
	doc->nfront = 0;
	doc->has_front = 0;
	buf_reset(&doc->text);
	diaglist_clear(&doc->diags);
}

void
model_free(struct pdb_doc *doc)
{
	linemap_free(&doc->lines);
	free(doc->nodes);
	free(doc->spans);
	free(doc->front);
	buf_free(&doc->text);
	diaglist_free(&doc->diags);
	*doc = (struct pdb_doc){0};
}

const char *
model_item_text(const struct pdb_doc *doc, uint32_t i, size_t *len,
    uint32_t *owner)
{
	uint32_t j = i + 1;

	*owner = i;
	if (doc->nodes[i].text_len == 0 && j < doc->nnodes &&
	    doc->nodes[j].parent == i && doc->nodes[j].kind == PDB_NODE_PARA)
		*owner = j;
	return model_text(doc, *owner, len);
}

int
model_is_under(const struct pdb_doc *doc, uint32_t i, uint32_t ancestor)
{
	for (uint32_t p = doc->nodes[i].parent; p != PDB_NO_NODE;
	    p = doc->nodes[p].parent)
		if (p == ancestor)
			return 1;
	return 0;
}

static const char *const kind_names[] = {
	[PDB_NODE_DOC] = "doc",		[PDB_NODE_HEADING] = "heading",
	[PDB_NODE_PARA] = "para",	[PDB_NODE_LIST] = "list",
	[PDB_NODE_ITEM] = "item",	[PDB_NODE_QUOTE] = "quote",
	[PDB_NODE_CODE] = "code",	[PDB_NODE_HTML] = "html",
	[PDB_NODE_TABLE] = "table",	[PDB_NODE_ROW] = "row",
	[PDB_NODE_CELL] = "cell",
};

static unsigned
depth_of(const struct pdb_doc *doc, uint32_t i)
{
	unsigned d = 0;

	while (doc->nodes[i].parent != PDB_NO_NODE) {
		i = doc->nodes[i].parent;
		d++;
	}
	return d;
}

void
model_dump(const struct pdb_doc *doc, struct pdb_buf *out)
{
	for (uint32_t i = 0; i < doc->nnodes; i++) {
		const struct pdb_node *n = &doc->nodes[i];
		size_t len;
		const char *t = model_text(doc, i, &len);

		buf_printf(out, "%*s%s", 2 * (int)depth_of(doc, i), "",
		    kind_names[n->kind]);
		if (n->kind == PDB_NODE_HEADING)
			buf_printf(out, "%u", n->level);
		buf_printf(out, " @%u", n->line);
		if (n->task_mark)
			buf_printf(out, " [%c]", n->task_mark);
		if (n->flags & PDB_NODEF_ORDERED)
			buf_puts(out, " ordered");
		if (n->flags & PDB_NODEF_HEAD)
			buf_puts(out, " head");
		if (n->kind == PDB_NODE_CODE)
			buf_printf(out, " %zu bytes", (size_t)n->src_len);
		if (len > 0) {
			buf_puts(out, " \"");
			escape_terminal(t, len, out);
			buf_putc(out, '"');
		}
		for (uint32_t s = 0; s < n->span_count; s++)
			buf_printf(out, " **%u+%u", doc->spans[n->span + s].start,
			    doc->spans[n->span + s].len);
		buf_putc(out, '\n');
	}
}
