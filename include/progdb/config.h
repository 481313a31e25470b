/*
 * config.h - the per-tree configuration file `.progdb`.
 *
 * A team's dialect, in git-config style: `key = value` lines under
 * `[section]` headers, `#` or `;` comments, blank lines ignored.
 *
 *   [markers]      "[DONE] = done": an item marker and the state it means
 *                  (open, done, in_progress, cancelled, deferred, blocked,
 *                  question); a declared marker wins over a built-in one
 *   [ingest]       exclude = GLOB (repeatable, as --exclude)
 *   [milestones]   keyword = WORD (repeatable): "WORD 3" names a milestone
 *   [check]        ignore = CODE (repeatable, as check --ignore)
 *   [templates]    "GLOB = yes|no": documents whose path under the root
 *                  matches GLOB are (not) templates, whatever they hold
 *
 * Unknown sections, unknown keys and bad values are errors naming
 * file:line.  Several files merge: lists add up, later markers and
 * template rules are looked at first.
 */
#ifndef PROGDB_CONFIG_H
#define PROGDB_CONFIG_H

#include <stddef.h>

#include "progdb/facts.h"

/* The name looked for at an ingest root (and where check runs). */
#define PDB_CONFIG_NAME	".progdb"

struct pdb_marker {
	char		*mark;		/* "[DONE]", owned */
	size_t		 len;
	enum pdb_state	 state;
};

struct pdb_template_rule {
	char		*glob;		/* fnmatch(3), flags 0; owned */
	int		 is_template;
};

struct pdb_config {
	struct pdb_marker	*markers;
	size_t			 nmarkers;
	char			**excludes;	/* owned, as are the strings */
	size_t			 nexcludes;
	char			**keywords;
	size_t			 nkeywords;
	char			**ignores;
	size_t			 nignores;
	struct pdb_template_rule *templates;
	size_t			 ntemplates;
};

/*
 * Adds the settings of file path to c.  With must_exist zero a missing
 * file is no error.  Returns 0, or -1 having reported the problem through
 * diag_error() (file:line for what is wrong inside it).
 */
int	config_load(struct pdb_config *c, const char *path, int must_exist);
/* Loads dir/.progdb when there is one (dir a directory). */
int	config_load_dir(struct pdb_config *c, const char *dir);
void	config_free(struct pdb_config *c);

/* The codes `check` reports, NULL-terminated. */
extern const char *const pdb_check_codes[];
/* Whether code is one `check` reports. */
int	config_check_code_known(const char *code);
/* Whether c ignores check code. */
int	config_ignores(const struct pdb_config *c, const char *code);

/*
 * The configuration extraction reads: set once by ingest before any file
 * is parsed (NULL: none), read by the worker threads; not owned.
 */
void	config_set_active(const struct pdb_config *c);
const struct pdb_config *config_active(void);

/* The declared marker that text t (n bytes) starts with, followed by a
 * space or its end, or NULL. */
const struct pdb_marker *config_marker(const struct pdb_config *c,
	    const char *t, size_t n);
/*
 * The version of the extraction rules with c's markers, keywords and
 * template rules folded in: PDB_EXTRACT_VERSION without them.  Stored per
 * document, so that a changed .progdb has every file read again once.
 */
int	config_extract_version(const struct pdb_config *c);
/* 1 or 0 when a template rule matches relpath, else -1. */
int	config_template(const struct pdb_config *c, const char *relpath);

#endif
