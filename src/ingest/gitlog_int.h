/*
 * gitlog_int.h - what gitlog.c (the work tree, the roots, the bounds and
 * file contents) and gitlog_list.c (listing the commits) share: the handle
 * and the helpers that build and run git command lines.
 */
#ifndef PROGDB_GITLOG_INT_H
#define PROGDB_GITLOG_INT_H

#include "progdb/gitlog.h"

#include "progdb/childproc.h"

/* gitcmd_init()'s words, before the subcommand. */
#define GITCMD_FIXED	5

/* A git command line; the strings are not owned. */
struct gitcmd {
	const char	**v;	/* owned array, NULL-terminated */
	size_t		  n;
	size_t		  cap;
};

enum cat_state { CAT_NONE, CAT_RUNNING, CAT_FAILED };

struct pdb_gitlog {
	char			*top;		/* the work tree, as git says */
	char			 head[PDB_GIT_ID_MAX + 1]; /* REV */
	char			 after[PDB_GIT_ID_MAX + 1]; /* o->after
						 * resolved, or "" */
	int			 baseline;	/* list after's tree first */
	struct pdb_gitlog_root	*roots;
	size_t			 nroots;
	char			**specs;	/* glob pathspecs of the files
						 * the roots take */
	size_t			 nspecs;
	struct pdb_gitlog_commit *commits;	/* oldest first */
	size_t			 ncommits;
	size_t			 next;		/* for gitlog_next() */
	struct pdb_child	 cat;		/* git cat-file --batch */
	enum cat_state		 cat_state;
	struct pdb_buf		 line;		/* cat-file's answer header */
	struct pdb_buf		 where;		/* a file name for messages */
};

/* Starts c as `git --no-pager --literal-pathspecs -C dir`; the
 * strings must outlive c. */
void	gitcmd_init(struct gitcmd *c, const char *dir);
/* As gitcmd_init(), for commands given git_add_pathspecs() (glob magic). */
void	gitcmd_init_glob(struct gitcmd *c, const char *dir);
/* Adds "--" and pathspecs of the Markdown files (and include globs) below
 * the roots, so that git never looks at other files, whose blobs may be
 * unreadable (rename detection reads them). */
void	git_add_pathspecs(struct gitcmd *c, const struct pdb_gitlog *g);
void	gitcmd_arg(struct gitcmd *c, const char *arg);
void	gitcmd_free(struct gitcmd *c);

/* Starts c in *p.  Returns 0, or -1 after an error about where (no git
 * program, or no process) in diags. */
int	git_start(struct gitcmd *c, struct pdb_child *p, int with_stdin,
	    const char *where, struct pdb_diaglist *diags);
/* The first line of p's stderr, without git's "fatal: ", "error: " or
 * "warning: " ("" when it wrote nothing). */
const char *git_errline(struct pdb_child *p);
/* The subcommand of c ("log"), for messages. */
const char *git_subcommand(const struct gitcmd *c);
/* Adds an error about where: c ended with status (see childproc_finish())
 * and why, the first line of its stderr. */
void	git_failed(const struct gitcmd *c, int status, const char *why,
	    const char *where, struct pdb_diaglist *diags);
/* Frees what c owns. */
void	git_commit_free(struct pdb_gitlog_commit *c);
/* Whether s[0..n) is a full object id (40 or 64 lower-case hex digits). */
int	git_is_object_id(const char *s, size_t n);

/* What gitlog_open() works with besides the handle. */
struct opener {
	const struct pdb_gitlog_opts *o;
	struct pdb_gitlog	*g;
	const char		*where;		/* o->dir or ".", for messages */
	char			*prefix;	/* where, below the top: "" or
						 * "sub/dir/" */
	struct pdb_diaglist	*diags;
};

/* The result of one git command run to completion. */
struct git_result {
	int		 status;	/* exit status, 128 + signal, or -1 */
	struct pdb_buf	 out;		/* stdout, less one trailing newline */
	char		*why;		/* owned; stderr's first line */
};

/* Runs c and collects its output in *r, which the caller frees.  Returns
 * 0 when git ran (whatever its exit status), or -1 with *r empty after an
 * error in diags when it could not be started or read. */
int	git_run(struct gitcmd *c, struct git_result *r, const char *where,
	    struct pdb_diaglist *diags);
void	git_result_free(struct git_result *r);

/* Resolves rev to a commit id in id.  Returns 0, 1 when rev names no
 * commit, or -1 after an error in diags. */
int	git_resolve_commit(struct opener *op, const char *rev,
	    char id[PDB_GIT_ID_MAX + 1]);

/*
 * Refuses a history that cannot be replayed: o->after unknown, rewritten
 * or off the first-parent line, or a shallow clone missing commits the
 * listing needs.  On success sets g->after to o->after resolved.  Returns
 * 0 or -1 after an error in diags.
 */
int	git_check_bounds(struct opener *op);

/*
 * With o->since and no o->after: sets g->after (and g->baseline) to the
 * newest first-parent commit of g->head made before o->since, if any.
 * Returns 0 or -1 after an error in diags.
 */
int	git_since_base(struct opener *op);

/*
 * Lists g->after..g->head (or all of g->head) into g->commits, keeping
 * the commits with changes under g->roots that o->walk's rules take; with
 * g->baseline, g->after's whole tree first.  Returns 0 or -1 after an
 * error in diags.
 */
int	git_list_commits(struct pdb_gitlog *g, const struct pdb_gitlog_opts *o,
	    const char *where, struct pdb_diaglist *diags);

#endif
