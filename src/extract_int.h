/*
 * extract_int.h - what the extract*.c files share: text helpers over UTF-8
 * slices and the rules each file exports to the driver in extract.c.
 */
#ifndef PROGDB_EXTRACT_INT_H
#define PROGDB_EXTRACT_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/facts.h"
#include "progdb/model.h"

/* ---- text helpers (extract_text.c) ---- */

static inline int
is_ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
	    (c | 0x20) <= 'z');
}

static inline int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static inline struct pdb_str
str_make(const char *p, size_t n)
{
	return (struct pdb_str){.p = p, .n = n};
}

/* Length of the UTF-8 sequence starting at s[0] (1 for invalid bytes). */
size_t	utf8_len(const char *s, size_t n);
/* Bytes of spaces, tabs and newlines at the start of s. */
size_t	skip_spaces(const char *s, size_t n);
/* s[0..n) without leading and trailing spaces. */
struct pdb_str str_trim(const char *s, size_t n);
/* Case-insensitive (ASCII) prefix test. */
int	starts_with_ci(const char *s, size_t n, const char *prefix);
/* Case-insensitive (ASCII) search; returns the offset or n when absent. */
size_t	find_ci(const char *s, size_t n, const char *needle);
/*
 * If s starts with one of the emoji in list (NULL-terminated), returns the
 * bytes it takes, a following variation selector U+FE0F included, and sets
 * *which to its index; else 0.
 */
size_t	match_emoji(const char *s, size_t n, const char *const *list,
	    int *which);
/* A copy of s in a with every '\n' turned into a space (s itself if none). */
struct pdb_str str_flatten(struct pdb_arena *a, const char *s, size_t n);

/* ---- extract_status.c ---- */

/* A status indicator found in a heading: where it is and what it says. */
struct pdb_status_hit {
	size_t	start;
	size_t	len;
	int	state;		/* enum pdb_state */
};

/*
 * Finds the status indicators of a heading title (status emoji, possibly
 * with status words after them; status words in capitals; a status word or
 * phrase ending the title after a separator).  Fills up to max hits in
 * order and returns how many were found.
 */
size_t	status_in_title(const char *t, size_t n, struct pdb_status_hit *hits,
	    size_t max);
/* The state a status value (`**Status**: ...`) declares, or -1. */
int	status_of_value(const char *v, size_t n);
/* The title without the hits, trimmed; written to out (n bytes room). */
size_t	title_without(const char *t, size_t n,
	    const struct pdb_status_hit *hits, size_t nhits, char *out);
/* "Phase 2", "Milestone 5.1", "M3" named by t, written to out (cap
 * bytes); returns its length, 0 when t names none. */
size_t	milestone_key(const char *t, size_t n, char *out, size_t cap);

/* ---- extract_items.c ---- */

struct pdb_item_ctx {
	const struct pdb_doc	*doc;
	struct pdb_facts	*facts;
	struct pdb_buf		*scratch;	/* for normalised text */
};

/*
 * Decides whether list item node is a checklist item; if so fills it
 * (except section, parent, depth and key) and returns 1.  An unknown
 * checkbox mark is recorded in facts->unknown_marks and 0 returned.
 * *norm is set to the item's normalised text (in ctx->scratch), from which
 * the caller makes its key.
 */
int	item_from_node(struct pdb_item_ctx *ctx, uint32_t node,
	    struct pdb_item_fact *it, struct pdb_str *norm);

/* ---- extract_meta.c ---- */

/* Adds the metadata lines of paragraph or list item node to facts. */
void	meta_from_node(const struct pdb_doc *doc, uint32_t node,
	    int32_t section, struct pdb_facts *facts);
/* Adds front matter pairs to facts. */
void	meta_from_front(const struct pdb_doc *doc, struct pdb_facts *facts);
/* Sets the document's declared status and dates from facts->meta. */
void	meta_document_fields(struct pdb_facts *facts);

/* ---- extract_template.c ---- */

struct pdb_template_scan {
	unsigned	 prose;		/* placeholders in prose */
	unsigned	 code;		/* placeholders in code blocks */
	unsigned	 distinct;	/* different placeholders (approx.) */
	unsigned	 blocks;	/* prose blocks scanned */
	uint64_t	 seen[16];	/* hashes of the first distinct ones */
	char		 first[64];	/* the first one, for the reason */
};

/* Counts placeholders in prose (in_code 0) or code block text. */
void	template_scan(struct pdb_template_scan *ts, const char *s, size_t n,
	    int in_code);
/* Sets facts->is_template and its reason from the scan and front matter. */
void	template_decide(const struct pdb_template_scan *ts,
	    struct pdb_facts *facts);

#endif
