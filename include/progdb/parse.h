/*
 * parse.h - Markdown to document model.  The only door to md4c: no md4c
 * type or header leaks out of parse.c (its helpers frontmatter.c, tame.c
 * and parse_child.c share src/markdown_int.h, which has none either).
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
/* Longest text parsed, in bytes (the model keeps 32-bit offsets). */
#define PDB_PARSE_MAX	(1u << 30)

/*
 * Builds doc from src[0..len), which must be decoded text (decode.h) and
 * followed by zero padding.  doc is reset first and borrows src.
 *
 * The work is bounded: structures that md4c 0.4.8 parses in quadratic time
 * (very wide tables, deeply nested brackets, many links in a long
 * paragraph) are read as text, and a large body (64 KiB or more) is parsed
 * in a child process (this program run again, see parse_child.c) with a
 * CPU-time limit (2 s, plus 1 s per 4 MiB); when the limit is hit or the
 * child fails, doc holds no structure.  Each of
 * these is a warning in doc->diags ("wide-table", "deep-brackets",
 * "costly-links", "parse-limit", "parse-crash").
 *
 * Returns 0, or -1 with an error in doc->diags when md4c fails or the text
 * is longer than PDB_PARSE_MAX.
 */
int	parse_markdown(struct pdb_doc *doc, const char *src, size_t len);

#endif
