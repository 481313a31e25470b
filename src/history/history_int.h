/*
 * history_int.h - what the files of src/history/ share: the words of many
 * texts (hist_bag.c) and the matcher the passes over a document's items
 * use (hist_match.c, hist_place.c).
 */
#ifndef PROGDB_HISTORY_INT_H
#define PROGDB_HISTORY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "progdb/history.h"

#define MAX_WORDS	64	/* words of a text that count */

/* The words of many texts: each text a run of distinct words, sorted. */
struct wordbag {
	uint64_t	*hash;
	uint8_t		*count;
	size_t		 n;
	size_t		 cap;
};

/* One text's run in a wordbag. */
struct wordset {
	size_t		 off;
	unsigned	 n;		/* distinct words */
	unsigned	 total;		/* words, repeats included */
};

/* Where each word occurs among the old items, sorted by word. */
struct posting {
	uint64_t	 word;
	uint32_t	 item;
};

/* The old items' words and an index over them. */
struct matcher {
	struct wordbag	 bag;
	struct wordset	*old;		/* per old item */
	struct posting	*post;
	size_t		 npost;
	uint32_t	*seen;		/* per old item: last probe that saw it */
	uint32_t	*cand;		/* the current probe's candidates */
	uint32_t	 stamp;
};

/* One pass's view: the old items, the new ones and what matched so far. */
struct pass {
	struct hist_list	*old;
	const struct pdb_facts	*f;
	const uint8_t		*surfaced;	/* see hist_match_items() */
	int32_t			*match;
	struct matcher		 m;
};

/* New item i may be another item reworded or ticked: its line did not
 * stand in the old version as no item. */
static inline int
may_be_reworded(const struct pass *ps, size_t i)
{
	return ps->surfaced == NULL || !ps->surfaced[i];
}

/* A possible pairing: new item `item` was old item `old`, this alike. */
struct pairing {
	double		 sim;
	uint32_t	 item;
	uint32_t	 old;
};

/* hist_bag.c */
struct wordset	bag_add(struct wordbag *bag, const char *t, size_t n);
unsigned	common_words(const struct wordbag *bag, struct wordset a,
		    struct wordset b);
double		similarity(const struct wordbag *bag, struct wordset a,
		    struct wordset b);
double		containment(const struct wordbag *bag, struct wordset a,
		    struct wordset b);
int		is_leftover(const struct hist_snapshot *o);
void		matcher_init(struct matcher *m, const struct hist_list *old);
void		matcher_free(struct matcher *m);
/* The postings of word: [*lo, return value). */
size_t		postings_of(const struct matcher *m, uint64_t word, size_t *lo);
size_t		candidates(struct matcher *m, const struct hist_list *old,
		    struct wordset s);

/* hist_place.c: passes 3 and 5, ticks at the same place; pass 6, two
 * items ticked that swapped places. */
void		match_same_place(struct pass *ps);
void		match_swapped(struct pass *ps);

#endif
