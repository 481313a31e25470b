/*
 * ident.h - the form of a title or text that identifies it across edits:
 * letters and digits in lower case (ASCII folded), words separated by one
 * space, with emoji, symbols and punctuation left out, so that
 * "🔒 Phase 5: Completion" and "🚀 Phase 5 - completion" are the same.
 */
#ifndef PROGDB_IDENT_H
#define PROGDB_IDENT_H

#include <stddef.h>
#include <stdint.h>

/* Writes the identifying form of s[0..n) to out (room for n bytes) and
 * returns its length. */
size_t	ident_normalize(const char *s, size_t n, char *out);

/* The code point that s[0..n) (n > 0) starts with, in *cp, and its length
 * in bytes; a byte that starts no valid sequence stands for itself. */
size_t	ident_decode(const char *s, size_t n, uint32_t *cp);

/* 1 when cp is one of what identifying forms leave out: punctuation,
 * symbols, emoji, variation selectors, joiners, spaces. */
int	ident_is_symbol(uint32_t cp);

#endif
