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

/* The static string of tame_body()'s warning code s[0..n), or NULL. */
const char *tame_code(const char *s, size_t n);

/* Gives doc, which has no nodes, its root node (parse.c). */
void	parse_root(struct pdb_doc *doc);

/*
 * Parses doc's body (front matter read, lines mapped) in this process
 * (parse.c): tames it, then runs md4c with the callbacks that build the
 * model.  Returns md_parse()'s result.
 */
int	parse_body(struct pdb_doc *doc);

/* The static string of a diagnostic code that parse_body() can give, for
 * s[0..n) (the name of one), or NULL. */
const char *markdown_code(const char *s, size_t n);

/*
 * Parses doc's body as parse_body() would, but in this thread's child
 * process, allowed 2 s of CPU time plus 1 s per 4 MiB for it, and twice
 * that in wall-clock time (parse_child.c).  When the child runs out of time or fails, doc keeps no
 * structure and gets a warning ("parse-limit", "parse-crash"), and 0 is
 * returned.  Returns md_parse()'s result, or -1 when no child could be
 * started (doc unchanged: parse in this process instead).
 */
int	parse_in_child(struct pdb_doc *doc);

#endif
