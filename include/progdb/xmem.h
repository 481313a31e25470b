/*
 * xmem.h - the only allocation API in progdb.
 *
 * Every function here aborts the process with a message on allocation
 * failure, so callers never check for NULL.  Memory returned is owned by
 * the caller and released with free().
 */
#ifndef PROGDB_XMEM_H
#define PROGDB_XMEM_H

#include <stddef.h>
#include <stdlib.h>

#if defined(__GNUC__)
#define PDB_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define PDB_PRINTF(fmt, args)
#endif

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
/* Grows or shrinks p; p may be NULL.  Also aborts if count * size overflows. */
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);
/* Copies at most n bytes of s and NUL-terminates the copy. */
char *xstrndup(const char *s, size_t n);
/* Like asprintf(), returning the new string. */
char *xasprintf(const char *fmt, ...) PDB_PRINTF(1, 2);

#endif
