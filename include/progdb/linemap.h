/*
 * linemap.h - byte offset to 1-based line number for one text buffer.
 *
 * md4c reports no positions, but hands text as pointers into the input;
 * parse.c turns those into offsets and asks the line map for lines.
 */
#ifndef PROGDB_LINEMAP_H
#define PROGDB_LINEMAP_H

#include <stddef.h>
#include <stdint.h>

struct pdb_linemap {
	uint32_t	*starts;	/* offset of the first byte of each line */
	size_t		 n;		/* number of lines (>= 1) */
	size_t		 cap;
};

/* Indexes text[0..len); reuses lm's allocation.  Offsets past 4 GiB are
 * not supported (files that large are refused earlier). */
void	 linemap_build(struct pdb_linemap *lm, const char *text, size_t len);
/* Line (1-based) holding byte offset off. */
unsigned linemap_line(const struct pdb_linemap *lm, size_t off);
/* The same, starting from the line index *hint (0-based, updated): parse
 * asks for offsets that mostly move forward a line or two at a time. */
unsigned linemap_line_near(const struct pdb_linemap *lm, size_t off,
	    size_t *hint);
void	 linemap_free(struct pdb_linemap *lm);

#endif
