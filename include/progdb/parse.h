/*
 * parse.h - Markdown to document model.  The only door to md4c: no md4c
 * type or header leaks out of parse.c.
 *
 * The dialect is GitHub's as md4c 0.4.8 knows it: tables, task lists,
 * strikethrough and permissive autolinks, plus YAML front matter, which
 * is not Markdown and is read here as simple `key: value` pairs.
 */
#ifndef PROGDB_PARSE_H
#define PROGDB_PARSE_H

#include <stddef.h>

#include "progdb/model.h"

/* Blocks nested deeper than this are flattened into their ancestor. */
#define PDB_MAX_NESTING	64

/*
 * Builds doc from src[0..len), which must be decoded text (decode.h) and
 * followed by zero padding.  doc is reset first and borrows src.
 * Returns 0, or -1 with an error in doc->diags when md4c fails.
 */
int	parse_markdown(struct pdb_doc *doc, const char *src, size_t len);

#endif
