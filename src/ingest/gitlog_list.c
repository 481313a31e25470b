/*
 * gitlog_list.c - the commit list of gitlog_open(): one `git log` read
 * while it runs, each change of each commit named relative to every root
 * it falls under and kept only when walk_root() would take the file.
 * Nothing here starts other commands or reads contents (gitlog.c does).
 */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "progdb/vec.h"

#include "gitlog_int.h"

/*
 * One commit per record: \1, then id, parents, committer time, author
 * and subject, NUL-separated; -z ends the subject with a NUL too.  Then,
 * after a newline, its --raw changes, NUL-separated as well.
 */
#define LOG_FORMAT	"--format=%x01%H%x00%P%x00%ct%x00%an%x00%s"
#define HEADER_MARK	'\1'
#define MODE_TYPE	0170000
#define MODE_FILE	0100000

enum { LOG_UNREADABLE = 1, LOG_NONSENSE };

/* One line of `git log --raw -z`. */
struct raw_change {
	unsigned	 oldmode;
	unsigned	 newmode;
	char		 oldblob[PDB_GIT_ID_MAX + 1];
	char		 newblob[PDB_GIT_ID_MAX + 1];
	char		 status;	/* A C D M R T U X */
	const char	*src;		/* the path before, NULL for A */
	const char	*dst;		/* the path after, NULL for D */
};

struct lister {
	struct pdb_gitlog		*g;
	const struct pdb_gitlog_opts	*o;
	struct pdb_child		 p;
	struct pdb_gitlog_commit	 cur;	/* the commit being read */
	int				 have;	/* cur holds one */
	size_t				 changecap;
	size_t				 commitcap;
	struct pdb_buf			 tok;
	struct pdb_buf			 path1;
	struct pdb_buf			 path2;
	struct pdb_buf			 rel;	/* a directory, for excludes */
};

/* The path relative to root r when r holds it and would take it, or NULL. */
static const char *
root_rel(struct lister *l, size_t r, const char *path)
{
	const struct pdb_gitlog_root *root = &l->g->roots[r];
	size_t n = strlen(root->repopath);
	const char *rel, *slash;

	if (root->is_file) {
		if (strcmp(path, root->repopath) != 0)
			return NULL;
		slash = strrchr(path, '/');
		return slash != NULL ? slash + 1 : path;
	}
	if (n == 0)
		rel = path;
	else if (strncmp(path, root->repopath, n) == 0 && path[n] == '/')
		rel = path + n + 1;
	else
		return NULL;
	return walk_takes_path(l->o->walk, rel, &l->rel) ? rel : NULL;
}

/* ---- commits and their changes ---- */

static void
add_change(struct lister *l, enum pdb_gitlog_kind kind, size_t root,
    const char *relpath, const char *oldpath, const char *blob)
{
	struct pdb_gitlog_commit *c = &l->cur;
	struct pdb_gitlog_change *ch;

	PDB_GROW(c->changes, c->nchanges, l->changecap, 8);
	ch = &c->changes[c->nchanges++];
	ch->kind = kind;
	ch->root = root;
	ch->relpath = xstrdup(relpath);
	ch->oldpath = oldpath != NULL ? xstrdup(oldpath) : NULL;
	snprintf(ch->blob, sizeof(ch->blob), "%s",
	    kind == PDB_GITLOG_DELETE ? "" : blob);
}

static int
is_file_mode(unsigned mode)
{
	return (mode & MODE_TYPE) == MODE_FILE;
}

/*
 * Adds what rc means for each root.  A file that a root takes before and
 * after is modified or renamed; one it takes only before is deleted (also
 * when renamed out of the root or to a name it does not take, or turned
 * into a link); one it takes only after is added.  A copy leaves its
 * source alone, and a change of mode alone changes nothing.
 */
static void
apply_raw(struct lister *l, const struct raw_change *rc)
{
	for (size_t r = 0; r < l->g->nroots; r++) {
		const char *src = NULL, *dst = NULL;

		if (rc->src != NULL && rc->status != 'C' &&
		    is_file_mode(rc->oldmode))
			src = root_rel(l, r, rc->src);
		if (rc->dst != NULL && is_file_mode(rc->newmode))
			dst = root_rel(l, r, rc->dst);
		if (src != NULL && dst != NULL && rc->status == 'R')
			add_change(l, PDB_GITLOG_RENAME, r, dst, src,
			    rc->newblob);
		else if (src != NULL && dst != NULL) {
			if (strcmp(rc->oldblob, rc->newblob) != 0)
				add_change(l, PDB_GITLOG_MODIFY, r, dst, NULL,
				    rc->newblob);
		} else if (src != NULL)
			add_change(l, PDB_GITLOG_DELETE, r, src, NULL, NULL);
		else if (dst != NULL)
			add_change(l, PDB_GITLOG_ADD, r, dst, NULL,
			    rc->newblob);
	}
}

/*
 * Parses ":OLDMODE NEWMODE OLDBLOB NEWBLOB STATUS[SCORE]" into *rc.
 * Returns the number of paths that follow (1, or 2 for a rename or a
 * copy), or -1 when s is not such a line.
 */
static int
parse_raw(const char *s, struct raw_change *rc)
{
	char status[8];

	memset(rc, 0, sizeof(*rc));
	if (sscanf(s, ":%o %o %64s %64s %7s", &rc->oldmode, &rc->newmode,
	    rc->oldblob, rc->newblob, status) != 5 ||
	    !git_is_object_id(rc->oldblob, strlen(rc->oldblob)) ||
	    !git_is_object_id(rc->newblob, strlen(rc->newblob)) ||
	    strchr("ACDMRTUX", status[0]) == NULL)
		return -1;
	rc->status = status[0];
	return rc->status == 'R' || rc->status == 'C' ? 2 : 1;
}

static int
cmp_change(const void *a, const void *b)
{
	const struct pdb_gitlog_change *x = a, *y = b;
	int c;

	if (x->root != y->root)
		return x->root < y->root ? -1 : 1;
	if ((c = strcmp(x->relpath, y->relpath)) != 0)
		return c;
	return (int)x->kind - (int)y->kind;
}

/* The file name of a change's path, after its last slash. */
static const char *
base_name(const struct pdb_gitlog_change *ch)
{
	const char *slash = strrchr(ch->relpath, '/');

	return slash != NULL ? slash + 1 : ch->relpath;
}

static int
is_markdown_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 3 && strcasecmp(name + n - 3, ".md") == 0) ||
	    (n > 9 && strcasecmp(name + n - 9, ".markdown") == 0);
}

/* Orders pointers to deletes and adds by root, file name, then kind. */
static int
cmp_by_name(const void *a, const void *b)
{
	const struct pdb_gitlog_change *x = *(const void *const *)a;
	const struct pdb_gitlog_change *y = *(const void *const *)b;
	int c;

	if (x->root != y->root)
		return x->root < y->root ? -1 : 1;
	if ((c = strcmp(base_name(x), base_name(y))) != 0)
		return c;
	return (int)x->kind - (int)y->kind;
}

/* Whether x and y are of the same root and file name. */
static int
same_name(const struct pdb_gitlog_change *x, const struct pdb_gitlog_change *y)
{
	return x->root == y->root && strcmp(base_name(x), base_name(y)) == 0;
}

/* Makes v[0..n), deletes and adds sorted by cmp_by_name(), renames where
 * one add and one delete alone have a root and file name (the add comes
 * first): the add takes the delete's path as its old one, and the
 * delete's relpath becomes NULL.  Returns how many it paired. */
static size_t
pair_names(struct pdb_gitlog_change **v, size_t n)
{
	size_t i, j, paired = 0;

	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && same_name(v[i], v[j]); j++)
			;
		if (j - i != 2 || v[i]->kind != PDB_GITLOG_ADD ||
		    v[i + 1]->kind != PDB_GITLOG_DELETE)
			continue;
		v[i]->kind = PDB_GITLOG_RENAME;
		v[i]->oldpath = v[i + 1]->relpath;
		v[i + 1]->relpath = NULL;
		paired++;
	}
	return paired;
}

/*
 * A Markdown file deleted and one added with the same file name, each
 * the only one of that name the commit deletes or adds under its root,
 * is the file moved, however much git found it changed (git pairs only
 * files at least half alike): the add becomes a rename, the delete goes.
 */
static void
pair_moves(struct pdb_gitlog_commit *c)
{
	struct pdb_gitlog_change **v;
	size_t n = 0, ndel = 0, kept = 0;

	for (size_t i = 0; i < c->nchanges; i++)
		ndel += c->changes[i].kind == PDB_GITLOG_DELETE;
	if (ndel == 0)
		return;
	v = xreallocarray(NULL, c->nchanges, sizeof(*v));
	for (size_t i = 0; i < c->nchanges; i++) {
		struct pdb_gitlog_change *ch = &c->changes[i];

		if ((ch->kind == PDB_GITLOG_ADD ||
		    ch->kind == PDB_GITLOG_DELETE) &&
		    is_markdown_name(base_name(ch)))
			v[n++] = ch;
	}
	qsort(v, n, sizeof(*v), cmp_by_name);
	n = pair_names(v, n);
	free(v);
	if (n == 0)
		return;
	for (size_t i = 0; i < c->nchanges; i++)
		if (c->changes[i].relpath != NULL)
			c->changes[kept++] = c->changes[i];
	c->nchanges = kept;
}

/* Keeps the commit read so far if it changed a file the roots take. */
static void
end_commit(struct lister *l)
{
	struct pdb_gitlog *g = l->g;
	struct pdb_gitlog_commit *c = &l->cur;

	if (!l->have)
		return;
	l->have = 0;
	if (c->nchanges == 0) {
		git_commit_free(c);
		return;
	}
	pair_moves(c);
	qsort(c->changes, c->nchanges, sizeof(*c->changes), cmp_change);
	PDB_GROW(g->commits, g->ncommits, l->commitcap, 64);
	g->commits[g->ncommits++] = *c;
}

/* Reads the token after the one in l->tok into b.  Returns 0 or -1. */
static int
next_token(struct lister *l, struct pdb_buf *b)
{
	return childproc_read_token(&l->p, '\0', b) == 1 ? 0 : -1;
}

/* Reads a commit's header; l->tok holds its first field.  Returns 0 or -1. */
static int
read_header(struct lister *l)
{
	struct pdb_gitlog_commit *c = &l->cur;
	const char *id = l->tok.data + 1;
	char *end;

	end_commit(l);
	memset(c, 0, sizeof(*c));
	l->changecap = 0;
	if (!git_is_object_id(id, l->tok.len - 1))
		return -1;
	memcpy(c->id, id, l->tok.len);
	if (next_token(l, &l->tok) != 0 || next_token(l, &l->tok) != 0)
		return -1;		/* parents, then the time */
	errno = 0;
	c->time = strtoll(buf_cstr(&l->tok), &end, 10);
	if (errno != 0 || *end != '\0' || end == l->tok.data)
		return -1;
	if (next_token(l, &l->tok) != 0)
		return -1;
	c->author = xstrdup(buf_cstr(&l->tok));
	l->have = 1;
	if (next_token(l, &l->tok) != 0)
		return -1;
	c->subject = xstrdup(buf_cstr(&l->tok));
	return 0;
}

/* Reads one change; l->tok holds its raw line.  Returns 0 or -1. */
static int
read_change(struct lister *l)
{
	const char *s = buf_cstr(&l->tok);
	struct raw_change rc;
	int npaths;

	if (s[0] == '\n')
		s++;
	if (!l->have || (npaths = parse_raw(s, &rc)) < 0 ||
	    next_token(l, &l->path1) != 0 ||
	    (npaths == 2 && next_token(l, &l->path2) != 0))
		return -1;
	if (npaths == 2) {
		rc.src = buf_cstr(&l->path1);
		rc.dst = buf_cstr(&l->path2);
	} else {
		rc.src = rc.status != 'A' ? buf_cstr(&l->path1) : NULL;
		rc.dst = rc.status != 'D' ? buf_cstr(&l->path1) : NULL;
	}
	apply_raw(l, &rc);
	return 0;
}

/* Reads git log's whole output.  Returns 0, LOG_UNREADABLE with errno
 * set, or LOG_NONSENSE. */
static int
read_log(struct lister *l)
{
	int got;

	while ((got = childproc_read_token(&l->p, '\0', &l->tok)) == 1) {
		if (l->tok.len > 0 && l->tok.data[0] == HEADER_MARK) {
			if (read_header(l) != 0)
				return LOG_NONSENSE;
		} else if (read_change(l) != 0)
			return LOG_NONSENSE;
	}
	if (got != 0)
		return LOG_UNREADABLE;
	end_commit(l);
	return 0;
}

/* ---- the baseline: a tree as one commit adding every file ---- */

int
git_since_base(struct opener *op)
{
	struct pdb_gitlog *g = op->g;
	struct git_result r;
	struct gitcmd c;
	char before[40];
	int rc = -1;

	/* git reads "@N" as a time only from 1973 on (N of 9 digits) */
	if (op->o->after != NULL || op->o->since <= 100000000)
		return 0;
	snprintf(before, sizeof(before), "--before=@%" PRId64,
	    op->o->since - 1);
	gitcmd_init(&c, g->top);
	gitcmd_arg(&c, "rev-list");
	gitcmd_arg(&c, "--first-parent");
	gitcmd_arg(&c, "--max-count=1");
	gitcmd_arg(&c, before);
	gitcmd_arg(&c, "--end-of-options");
	gitcmd_arg(&c, g->head);
	if (git_run(&c, &r, op->where, op->diags) == 0) {
		if (r.status != 0)
			git_failed(&c, r.status, r.why, op->where, op->diags);
		else if (r.out.len == 0)	/* none: from the first */
			rc = 0;
		else if (git_is_object_id(r.out.data, r.out.len)) {
			memcpy(g->after, r.out.data, r.out.len + 1);
			g->baseline = 1;
			rc = 0;
		} else
			diaglist_add_at(op->diags, PDB_SEV_ERROR, op->where, 0,
			    "git-failed", "git rev-list: unexpected output");
		git_result_free(&r);
	}
	gitcmd_free(&c);
	return rc;
}

/* Points f[0..max) at the NUL-separated fields of b; returns how many. */
static size_t
split_fields(const struct pdb_buf *b, const char **f, size_t max)
{
	const char *p = b->data, *end;
	size_t n = 0;

	if (p == NULL)
		return 0;
	end = p + b->len;
	while (p != NULL && p < end && n < max) {
		f[n++] = p;
		if ((p = memchr(p, '\0', (size_t)(end - p))) != NULL)
			p++;
	}
	return n;
}

/* Reads g->after's id, time, author and subject into l->cur (have set).
 * Returns 0 or -1 after an error in diags. */
static int
base_header(struct lister *l, const char *where, struct pdb_diaglist *diags)
{
	struct git_result r;
	struct gitcmd c;
	const char *f[5];
	int rc = -1;

	gitcmd_init(&c, l->g->top);
	gitcmd_arg(&c, "log");
	gitcmd_arg(&c, "--no-walk");
	gitcmd_arg(&c, "-z");
	gitcmd_arg(&c, "--no-color");
	gitcmd_arg(&c, "--encoding=UTF-8");
	gitcmd_arg(&c, LOG_FORMAT);
	gitcmd_arg(&c, "--end-of-options");
	gitcmd_arg(&c, l->g->after);
	if (git_run(&c, &r, where, diags) == 0) {
		if (r.status != 0)
			git_failed(&c, r.status, r.why, where, diags);
		else if (split_fields(&r.out, f, 5) == 5 &&
		    f[0][0] == HEADER_MARK) {
			memset(&l->cur, 0, sizeof(l->cur));
			snprintf(l->cur.id, sizeof(l->cur.id), "%s", l->g->after);
			l->cur.time = strtoll(f[2], NULL, 10);
			l->cur.author = xstrdup(f[3]);
			l->cur.subject = xstrdup(f[4]);
			l->have = 1;
			rc = 0;
		} else
			diaglist_add_at(diags, PDB_SEV_ERROR, where, 0,
			    "git-failed", "git log: unexpected output");
		git_result_free(&r);
	}
	gitcmd_free(&c);
	return rc;
}

/* Adds one `git ls-tree -r -z` entry ("MODE TYPE ID\tPATH") as a file
 * the commit adds.  Returns 0 or -1 when it is not such an entry. */
static int
base_entry(struct lister *l, const char *s)
{
	struct raw_change rc = {.status = 'A'};
	const char *tab = strchr(s, '\t');
	char type[16];

	if (tab == NULL || sscanf(s, "%o %15s %64s", &rc.newmode, type,
	    rc.newblob) != 3)
		return -1;
	if (strcmp(type, "blob") != 0)
		return 0;
	rc.dst = tab + 1;
	apply_raw(l, &rc);
	return 0;
}

/* g->after's whole tree under the roots, as the first commit. */
static int
list_baseline(struct lister *l, const char *where, struct pdb_diaglist *diags)
{
	struct gitcmd c;
	int bad, status, rc = -1;

	if (base_header(l, where, diags) != 0)
		return -1;
	gitcmd_init(&c, l->g->top);
	gitcmd_arg(&c, "ls-tree");
	gitcmd_arg(&c, "-r");
	gitcmd_arg(&c, "-z");
	gitcmd_arg(&c, "--full-tree");
	gitcmd_arg(&c, l->g->after);
	gitcmd_arg(&c, "--");
	for (size_t i = 0; i < l->g->nroots; i++)
		gitcmd_arg(&c, l->g->roots[i].repopath[0] != '\0' ?
		    l->g->roots[i].repopath : ".");
	if (git_start(&c, &l->p, 0, where, diags) == 0) {
		bad = 0;
		while (!bad && childproc_read_token(&l->p, '\0', &l->tok) == 1)
			bad = base_entry(l, buf_cstr(&l->tok)) != 0;
		status = childproc_finish(&l->p, bad ? SIGTERM : 0);
		if (bad)
			diaglist_add_at(diags, PDB_SEV_ERROR, where, 0,
			    "git-failed", "git ls-tree: unexpected output");
		else if (status != 0)
			git_failed(&c, status, git_errline(&l->p), where,
			    diags);
		else
			rc = 0;
		childproc_free(&l->p);
	}
	gitcmd_free(&c);
	if (rc == 0)
		end_commit(l);
	return rc;
}

int
git_list_commits(struct pdb_gitlog *g, const struct pdb_gitlog_opts *o,
    const char *where, struct pdb_diaglist *diags)
{
	struct lister l = { .g = g, .o = o };
	char *range;
	struct gitcmd c;
	int rc = -1, bad, status, err;

	range = g->after[0] != '\0' ? xasprintf("%s..%s", g->after, g->head) :
	    xstrdup(g->head);
	gitcmd_init_glob(&c, g->top);
	gitcmd_arg(&c, "log");
	gitcmd_arg(&c, "--first-parent");
	gitcmd_arg(&c, "--diff-merges=first-parent");
	gitcmd_arg(&c, "--reverse");
	gitcmd_arg(&c, "--root");
	gitcmd_arg(&c, "-M");
	gitcmd_arg(&c, "--raw");
	gitcmd_arg(&c, "--no-abbrev");
	gitcmd_arg(&c, "-z");
	gitcmd_arg(&c, "--no-color");
	gitcmd_arg(&c, "--no-relative");
	gitcmd_arg(&c, "--no-follow");	/* whatever log.follow says */
	gitcmd_arg(&c, "--no-show-signature");
	gitcmd_arg(&c, "--no-textconv");
	gitcmd_arg(&c, "--encoding=UTF-8");
	gitcmd_arg(&c, LOG_FORMAT);
	gitcmd_arg(&c, "--end-of-options");
	gitcmd_arg(&c, range);
	git_add_pathspecs(&c, g);
	if ((!g->baseline || list_baseline(&l, where, diags) == 0) &&
	    git_start(&c, &l.p, 0, where, diags) == 0) {
		bad = read_log(&l);
		err = errno;
		status = childproc_finish(&l.p, bad != 0 ? SIGTERM : 0);
		errno = err;
		if (bad == LOG_UNREADABLE)
			diaglist_add_at(diags, PDB_SEV_ERROR, where, 0,
			    "git-failed", "git log: reading its output: %s",
			    strerror(errno));
		else if (bad == LOG_NONSENSE)
			diaglist_add_at(diags, PDB_SEV_ERROR, where, 0,
			    "git-failed", "git log: unexpected output");
		else if (status != 0)
			git_failed(&c, status, git_errline(&l.p), where,
			    diags);
		else {
			if (git_errline(&l.p)[0] != '\0')
				diaglist_add_at(diags, PDB_SEV_WARNING, where,
				    0, "git-warning", "git log: %s",
				    git_errline(&l.p));
			rc = 0;
		}
		childproc_free(&l.p);
	}
	if (l.have)
		git_commit_free(&l.cur);
	gitcmd_free(&c);
	buf_free(&l.tok);
	buf_free(&l.path1);
	buf_free(&l.path2);
	buf_free(&l.rel);
	free(range);
	return rc;
}
