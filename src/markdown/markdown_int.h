/*
 * markdown_int.h - private to the markdown group: parse.c (the md4c
 * callbacks and the door, parse.h), frontmatter.c and tame.c.  Only
 * parse.c includes <md4c.h>; the other two work on the bytes of the
 * decoded text in a struct pdb_doc (model.h) and know nothing of md4c.
 */
#ifndef PROGDB_MARKDOWN_INT_H
#define PROGDB_MARKDOWN_INT_H

#include <stddef.h>
#include <string.h>

#include "progdb/model.h"

/* The end of the line at p: its '\n', or end. */
static inline const char *
line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl != NULL ? nl : end;
}

/*
 * A YAML front matter block is "---" on the first line and a closing
 * "---" or "..." line.  Only top-level `key: value` pairs are read, into
 * doc->front (keys and values borrow doc->src); nested values, lists and
 * comments are skipped.  Returns the offset of the first byte after the
 * block, or 0 when there is none (and doc->front is left as it was).
 */
size_t	frontmatter_read(struct pdb_doc *doc);

/* What md4c should parse for a document body (tame.c). */
struct pdb_tamed {
	const char	*text;		/* the body, or copy: same length */
	char		*copy;		/* owned (free()), or NULL when the
					 * body needed no change */
	int		 no_www;	/* turn off permissive www autolinks */
};

/*
 * Looks at doc's body (doc->src from doc->body on) for what md4c 0.4.8
 * parses in quadratic time and fills *out; each kind of change made is one
 * warning in doc->diags ("wide-table", "deep-brackets", "costly-links",
 * "long-definition").  Lengths, hence offsets and lines, never change.
 */
void	tame_body(struct pdb_doc *doc, struct pdb_tamed *out);

#endif
