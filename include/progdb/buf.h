/*
 * buf.h - growable byte buffer.
 *
 * A struct pdb_buf owns its data.  Contents are always NUL-terminated after
 * the first append (data[len] == '\0'), so data can be used as a C string
 * when it holds no NUL bytes.  A zero-initialised buffer is empty and valid.
 */
#ifndef PROGDB_BUF_H
#define PROGDB_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "progdb/xmem.h"

struct pdb_buf {
	char	*data;	/* NULL until the first append */
	size_t	 len;	/* bytes used, excluding the terminating NUL */
	size_t	 cap;	/* bytes allocated */
};

void	buf_free(struct pdb_buf *b);
/* Empties b, keeping its allocation. */
void	buf_reset(struct pdb_buf *b);
/* buf_reserve()'s slow path: reallocates. */
void	buf_grow(struct pdb_buf *b, size_t n);
void	buf_puts(struct pdb_buf *b, const char *s);
void	buf_printf(struct pdb_buf *b, const char *fmt, ...) PDB_PRINTF(2, 3);
void	buf_vprintf(struct pdb_buf *b, const char *fmt, va_list ap);
/* Appends v with its digits grouped by threes: 4031 -> "4,031". */
void	buf_grouped(struct pdb_buf *b, long long v);
/* Returns data as a C string ("" for an empty buffer). */
const char *buf_cstr(struct pdb_buf *b);
/* Hands the allocation to the caller (NUL-terminated, never NULL). */
char	*buf_detach(struct pdb_buf *b);

/*
 * The calls extraction and rendering make per byte or per cell are inline:
 * the common case is a compare and a store.
 */

/* Makes room for at least n more bytes (plus the NUL). */
static inline void
buf_reserve(struct pdb_buf *b, size_t n)
{
	if (b->len + n + 1 > b->cap)
		buf_grow(b, n);
}

static inline void
buf_append(struct pdb_buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void
buf_putc(struct pdb_buf *b, char c)
{
	buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

#endif
