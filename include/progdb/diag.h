/*
 * diag.h - diagnostics for users: warnings and errors located in their input.
 *
 * Lower layers (decode, parse, extract, walk) never print: they append
 * struct pdb_diag records to a struct pdb_diaglist, and the one place that
 * knows the file name prints them with diag_print_list().  Everything printed
 * goes to stderr as
 *
 *     progdb: PATH:LINE: warning: MESSAGE [CODE]
 *     progdb: PATH:LINE: MESSAGE                    (errors)
 *
 * with PATH escaped for the terminal and ":LINE" left out when LINE is 0.
 */
#ifndef PROGDB_DIAG_H
#define PROGDB_DIAG_H

#include <stddef.h>

#include "progdb/xmem.h"

enum pdb_severity {
	PDB_SEV_WARNING,
	PDB_SEV_ERROR,
};

struct pdb_diag {
	enum pdb_severity	 sev;
	char			*path;	/* owned; NULL: the file the list is about */
	unsigned		 line;	/* 1-based; 0 when not about a line */
	const char		*code;	/* static string, e.g. "invalid-utf8" */
	char			*msg;	/* owned */
};

struct pdb_diaglist {
	struct pdb_diag	*v;
	size_t		 n;
	size_t		 cap;
};

/* Appends a diagnostic; code must be a string literal. */
void	diaglist_add(struct pdb_diaglist *l, enum pdb_severity sev,
	    unsigned line, const char *code, const char *fmt, ...)
	    PDB_PRINTF(5, 6);
/* The same, about another file than the list's own (e.g. found by the walk). */
void	diaglist_add_at(struct pdb_diaglist *l, enum pdb_severity sev,
	    const char *path, unsigned line, const char *code,
	    const char *fmt, ...) PDB_PRINTF(6, 7);
void	diaglist_clear(struct pdb_diaglist *l);
void	diaglist_free(struct pdb_diaglist *l);
/* Number of warnings (not errors) in l. */
size_t	diaglist_warnings(const struct pdb_diaglist *l);

/* Prints every entry of l; entries without a path of their own are about path. */
void	diag_print_list(const char *path, const struct pdb_diaglist *l);
void	diag_warn(const char *path, unsigned line, const char *code,
	    const char *fmt, ...) PDB_PRINTF(4, 5);
/* path may be NULL for errors that are not about a file. */
void	diag_error(const char *path, unsigned line, const char *fmt, ...)
	    PDB_PRINTF(3, 4);

/* With quiet set, warnings are counted but not printed; errors always are. */
void	diag_set_quiet(int quiet);
/* Warnings reported through this module since the process started. */
unsigned long diag_warning_count(void);

#endif
