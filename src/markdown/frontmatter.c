/*
 * frontmatter.c - the YAML front matter block at the top of a document,
 * read as plain `key: value` pairs into doc->front (see markdown_int.h).
 * Not Markdown, so md4c never sees it.
 */
#include "markdown_int.h"

#include <string.h>

#include "progdb/vec.h"

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
	PDB_GROW(doc->front, doc->nfront, doc->front_cap, 8);
	doc->front[doc->nfront++] = (struct pdb_front){
		.key = k, .key_len = (size_t)(ke - k),
		.value = v, .value_len = (size_t)(ve - v), .line = line,
	};
}

size_t
frontmatter_read(struct pdb_doc *doc)
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
