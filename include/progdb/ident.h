/*
 * ident.h - the form of a title or text that identifies it across edits:
 * letters and digits in lower case (ASCII folded), words separated by one
 * space, with emoji, symbols and punctuation left out, so that
 * "🔒 Phase 5: Completion" and "🚀 Phase 5 - completion" are the same.
 */
#ifndef PROGDB_IDENT_H
#define PROGDB_IDENT_H

#include <stddef.h>

/* Writes the identifying form of s[0..n) to out (room for n bytes) and
 * returns its length. */
size_t	ident_normalize(const char *s, size_t n, char *out);

#endif
