/*
 * xmem.c - allocation wrappers that abort on exhaustion.
 *
 * progdb treats running out of memory as fatal: error paths elsewhere exist
 * only for input, limits and the database.
 */
#include "progdb/xmem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
out_of_memory(size_t n)
{
	fprintf(stderr, "progdb: out of memory (allocating %zu bytes)\n", n);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		out_of_memory(n);
	return p;
}

void *
xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory(count * size);
	return p;
}

void *
xreallocarray(void *p, size_t count, size_t size)
{
	void *q;

	if (size != 0 && count > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	q = realloc(p, count != 0 && size != 0 ? count * size : 1);
	if (q == NULL)
		out_of_memory(count * size);
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	const char *nul = memchr(s, '\0', n);
	size_t len = nul != NULL ? (size_t)(nul - s) : n;
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory(0);
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
