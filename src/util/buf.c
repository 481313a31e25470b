/*
 * buf.c - growable byte buffer used by every layer for building text.
 */
#include "progdb/buf.h"

#include <stdio.h>
#include <string.h>

void
buf_free(struct pdb_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
buf_reset(struct pdb_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
buf_grow(struct pdb_buf *b, size_t n)
{
	size_t need = b->len + n + 1;
	size_t cap;

	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->data = xreallocarray(b->data, cap, 1);
	b->cap = cap;
}

void
buf_puts(struct pdb_buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_vprintf(struct pdb_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n <= 0)
		return;
	buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct pdb_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *
buf_cstr(struct pdb_buf *b)
{
	return b->data != NULL ? b->data : "";
}

char *
buf_detach(struct pdb_buf *b)
{
	char *p = b->data != NULL ? b->data : xstrdup("");

	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_grouped(struct pdb_buf *b, long long v)
{
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%lld", v);
	int first = digits[0] == '-';

	for (int i = 0; i < n; i++) {
		if (i > first && (n - i) % 3 == 0)
			buf_putc(b, ',');
		buf_putc(b, digits[i]);
	}
}
