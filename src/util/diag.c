/*
 * diag.c - the one place that prints user diagnostics (see diag.h).
 */
#include "progdb/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/escape.h"
#include "progdb/vec.h"

static int quiet;
static unsigned long warnings;

static void
add(struct pdb_diaglist *l, enum pdb_severity sev, const char *path,
    unsigned line, const char *code, const char *fmt, va_list ap)
{
	struct pdb_buf msg = {0};
	struct pdb_diag *d;

	PDB_GROW(l->v, l->n, l->cap, 8);
	buf_vprintf(&msg, fmt, ap);
	d = &l->v[l->n++];
	d->sev = sev;
	d->path = path != NULL ? xstrdup(path) : NULL;
	d->line = line;
	d->code = code;
	d->msg = buf_detach(&msg);
}

void
diaglist_add(struct pdb_diaglist *l, enum pdb_severity sev, unsigned line,
    const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(l, sev, NULL, line, code, fmt, ap);
	va_end(ap);
}

void
diaglist_add_at(struct pdb_diaglist *l, enum pdb_severity sev,
    const char *path, unsigned line, const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(l, sev, path, line, code, fmt, ap);
	va_end(ap);
}

void
diaglist_clear(struct pdb_diaglist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].msg);
	}
	l->n = 0;
}

void
diaglist_free(struct pdb_diaglist *l)
{
	diaglist_clear(l);
	free(l->v);
	l->v = NULL;
	l->cap = 0;
}

size_t
diaglist_warnings(const struct pdb_diaglist *l)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].sev == PDB_SEV_WARNING)
			n++;
	return n;
}

static void
emit(enum pdb_severity sev, const char *path, unsigned line,
    const char *code, const char *msg)
{
	struct pdb_buf b = {0};

	if (sev == PDB_SEV_WARNING) {
		warnings++;
		if (quiet)
			return;
	}
	buf_puts(&b, "progdb: ");
	if (path != NULL) {
		escape_terminal(path, strlen(path), &b);
		if (line > 0)
			buf_printf(&b, ":%u", line);
		buf_puts(&b, ": ");
	}
	if (sev == PDB_SEV_WARNING)
		buf_puts(&b, "warning: ");
	escape_terminal(msg, strlen(msg), &b);
	if (sev == PDB_SEV_WARNING && code != NULL)
		buf_printf(&b, " [%s]", code);
	buf_putc(&b, '\n');
	fwrite(b.data, 1, b.len, stderr);
	buf_free(&b);
}

void
diag_print_list(const char *path, const struct pdb_diaglist *l)
{
	for (size_t i = 0; i < l->n; i++)
		emit(l->v[i].sev, l->v[i].path != NULL ? l->v[i].path : path,
		    l->v[i].line, l->v[i].code, l->v[i].msg);
}

void
diag_warn(const char *path, unsigned line, const char *code,
    const char *fmt, ...)
{
	struct pdb_buf msg = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	emit(PDB_SEV_WARNING, path, line, code, buf_cstr(&msg));
	buf_free(&msg);
}

void
diag_error(const char *path, unsigned line, const char *fmt, ...)
{
	struct pdb_buf msg = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	emit(PDB_SEV_ERROR, path, line, NULL, buf_cstr(&msg));
	buf_free(&msg);
}

void
diag_set_quiet(int q)
{
	quiet = q;
}

unsigned long
diag_warning_count(void)
{
	return warnings;
}
