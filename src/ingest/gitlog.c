/*
 * gitlog.c - the history of the ingest roots as git records it (see
 * gitlog.h): running git commands, finding the work tree and the roots
 * in it, and fetching file contents.  Refusing histories that cannot be
 * replayed is gitlog_bounds.c, listing the commits gitlog_list.c, and the
 * child processes childproc.c.  Nothing here parses Markdown or touches the
 * database.
 */
#define _DEFAULT_SOURCE	/* realpath */

#include "progdb/gitlog.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/vec.h"

#include "gitlog_int.h"

/* ---- running git commands to completion ---- */

void
gitcmd_init(struct gitcmd *c, const char *dir)
{
	memset(c, 0, sizeof(*c));
	gitcmd_arg(c, "git");
	gitcmd_arg(c, "--no-pager");
	gitcmd_arg(c, "--literal-pathspecs");
	gitcmd_arg(c, "-C");
	gitcmd_arg(c, dir);
}

void
gitcmd_init_glob(struct gitcmd *c, const char *dir)
{
	gitcmd_init(c, dir);
	c->v[2] = "--glob-pathspecs";
}

void
gitcmd_arg(struct gitcmd *c, const char *arg)
{
	PDB_GROW(c->v, c->n, c->cap, 16);
	c->v[c->n++] = arg;
	PDB_GROW(c->v, c->n, c->cap, 16);	/* room for the NULL */
	c->v[c->n] = NULL;
}

void
gitcmd_free(struct gitcmd *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static void
git_missing(const char *where, struct pdb_diaglist *diags)
{
	diaglist_add_at(diags, PDB_SEV_ERROR, where, 0, "git-missing",
	    "git is not installed (no git program in PATH); reading the "
	    "history needs it");
}

/* Whether a child ended the way one does when exec finds no git: a
 * posix_spawnp() that cannot report that (valgrind's, say) exits 127. */
static int
exec_failed(int status, const char *why)
{
	return status == 127 && why[0] == '\0';
}

int
git_start(struct gitcmd *c, struct pdb_child *p, int with_stdin,
    const char *where, struct pdb_diaglist *diags)
{
	struct pdb_child_spec spec = {.argv = (const char *const *)c->v,
	    .with_stdin = with_stdin};

	if (childproc_start(p, &spec) == 0)
		return 0;
	if (errno == ENOENT)
		git_missing(where, diags);
	else
		diaglist_add_at(diags, PDB_SEV_ERROR, where, 0, "git-failed",
		    "cannot run git: %s", strerror(errno));
	return -1;
}

const char *
git_errline(struct pdb_child *p)
{
	static const char *const prefixes[] = {"fatal: ", "error: ",
	    "warning: "};
	const char *s = childproc_errline(p);

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++)
		if (strncmp(s, prefixes[i], strlen(prefixes[i])) == 0)
			return s + strlen(prefixes[i]);
	return s;
}

const char *
git_subcommand(const struct gitcmd *c)
{
	return c->n > GITCMD_FIXED ? c->v[GITCMD_FIXED] : "git";
}

void
git_failed(const struct gitcmd *c, int status, const char *why,
    const char *where, struct pdb_diaglist *diags)
{
	if (exec_failed(status, why))
		git_missing(where, diags);
	else if (status < 0)
		diaglist_add_at(diags, PDB_SEV_ERROR, where, 0, "git-failed",
		    "git %s: lost track of the process", git_subcommand(c));
	else if (status > 128 && why[0] == '\0')
		diaglist_add_at(diags, PDB_SEV_ERROR, where, 0, "git-failed",
		    "git %s was killed by signal %d", git_subcommand(c),
		    status - 128);
	else
		diaglist_add_at(diags, PDB_SEV_ERROR, where, 0, "git-failed",
		    "git %s failed (exit status %d)%s%s", git_subcommand(c),
		    status, why[0] != '\0' ? ": " : "", why);
}

/* Removes one trailing newline, as git ends every answer with one. */
static void
chomp(struct pdb_buf *b)
{
	if (b->len > 0 && b->data[b->len - 1] == '\n')
		b->data[--b->len] = '\0';
}

void
git_result_free(struct git_result *r)
{
	buf_free(&r->out);
	free(r->why);
	memset(r, 0, sizeof(*r));
}

int
git_run(struct gitcmd *c, struct git_result *r, const char *where,
    struct pdb_diaglist *diags)
{
	struct pdb_child p;
	int rc;

	memset(r, 0, sizeof(*r));
	if (git_start(c, &p, 0, where, diags) != 0)
		return -1;
	rc = childproc_read_all(&p, &r->out);
	r->status = childproc_finish(&p, rc != 0 ? SIGTERM : 0);
	r->why = xstrdup(git_errline(&p));
	if (rc != 0)
		diaglist_add_at(diags, PDB_SEV_ERROR, where, 0, "git-failed",
		    "git %s: reading its output: %s", git_subcommand(c),
		    strerror(errno));
	childproc_free(&p);
	chomp(&r->out);
	if (rc == 0 && exec_failed(r->status, r->why) && r->out.len == 0) {
		git_missing(where, diags);
		rc = -1;
	}
	if (rc != 0)
		git_result_free(r);
	return rc != 0 ? -1 : 0;
}

int
git_is_object_id(const char *s, size_t n)
{
	if (n != 40 && n != 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* ---- the work tree, the revision and the roots ---- */

static int
find_top(struct opener *op)
{
	struct git_result r;
	struct gitcmd c;
	int rc = -1;

	gitcmd_init(&c, op->where);
	gitcmd_arg(&c, "rev-parse");
	gitcmd_arg(&c, "--show-toplevel");
	if (git_run(&c, &r, op->where, op->diags) == 0) {
		if (r.status == 0 && r.out.len > 0) {
			op->g->top = buf_detach(&r.out);
			rc = 0;
		} else
			diaglist_add_at(op->diags, PDB_SEV_ERROR, op->where, 0,
			    "not-git", "not in a git work tree%s%s%s",
			    r.why[0] != '\0' ? " (git: " : "", r.why,
			    r.why[0] != '\0' ? ")" : "");
		git_result_free(&r);
	}
	gitcmd_free(&c);
	if (rc != 0)
		return -1;
	gitcmd_init(&c, op->where);
	gitcmd_arg(&c, "rev-parse");
	gitcmd_arg(&c, "--show-prefix");
	if (git_run(&c, &r, op->where, op->diags) == 0) {
		if (r.status == 0)
			op->prefix = buf_detach(&r.out);
		else
			git_failed(&c, r.status, r.why, op->where,
			    op->diags);
		git_result_free(&r);
	}
	gitcmd_free(&c);
	return op->prefix != NULL ? 0 : -1;
}

int
git_resolve_commit(struct opener *op, const char *rev,
    char id[PDB_GIT_ID_MAX + 1])
{
	char *spec = xasprintf("%s^{commit}", rev);
	struct git_result r;
	struct gitcmd c;
	int rc = -1;

	gitcmd_init(&c, op->g->top);
	gitcmd_arg(&c, "rev-parse");
	gitcmd_arg(&c, "--verify");
	gitcmd_arg(&c, "--quiet");
	gitcmd_arg(&c, "--end-of-options");
	gitcmd_arg(&c, spec);
	if (git_run(&c, &r, op->where, op->diags) == 0) {
		rc = 1;
		if (r.status == 0 && git_is_object_id(r.out.data, r.out.len)) {
			memcpy(id, r.out.data, r.out.len + 1);
			rc = 0;
		}
		git_result_free(&r);
	}
	gitcmd_free(&c);
	free(spec);
	return rc;
}

/* Removes the last component of a path ("a/b" -> "a", "/a" -> "/"). */
static void
drop_last(struct pdb_buf *b)
{
	while (b->len > 0 && b->data[b->len - 1] != '/')
		b->len--;
	if (b->len > 1)
		b->len--;
	b->data[b->len] = '\0';
}

/*
 * Appends path to out ('/'-separated, no empty, "." or ".." parts left).
 * Returns -1 when a ".." climbs above the start of out (or of "/").
 */
static int
append_path(struct pdb_buf *out, const char *path)
{
	const char *p = path;

	for (;;) {
		size_t n;

		p += strspn(p, "/");
		if ((n = strcspn(p, "/")) == 0)
			return 0;
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (out->len == 0 || (out->len == 1 &&
			    out->data[0] == '/'))
				return -1;
			drop_last(out);
		} else if (n != 1 || p[0] != '.') {
			if (out->len > 0 && out->data[out->len - 1] != '/')
				buf_putc(out, '/');
			buf_append(out, p, n);
		}
		p += n;
	}
}

/* The part of abs below top ("" for top itself), or NULL. */
static const char *
below_top(const char *abs, const char *top)
{
	size_t n = strlen(top);

	if (strcmp(top, "/") == 0)
		return abs + 1;
	if (strncmp(abs, top, n) != 0 || (abs[n] != '\0' && abs[n] != '/'))
		return NULL;
	return abs[n] == '/' ? abs + n + 1 : abs + n;
}

/*
 * The repository path a root names: label taken relative to the prefix,
 * or an absolute label below the top (also once symbolic links are
 * resolved).  Returns a new string, or NULL when it is outside the tree.
 */
static char *
repo_path(const struct opener *op, const char *label)
{
	struct pdb_buf b = {0};
	const char *rel;
	char *real;

	if (label[0] != '/') {
		if (append_path(&b, op->prefix) == 0 &&
		    append_path(&b, label) == 0)
			return buf_detach(&b);
		buf_free(&b);
		return NULL;
	}
	buf_putc(&b, '/');
	if (append_path(&b, label) == 0 &&
	    (rel = below_top(buf_cstr(&b), op->g->top)) != NULL) {
		char *s = xstrdup(rel);

		buf_free(&b);
		return s;
	}
	buf_free(&b);
	if ((real = realpath(label, NULL)) == NULL)
		return NULL;
	rel = below_top(real, op->g->top);
	if (rel != NULL)
		rel = xstrdup(rel);
	free(real);
	return (char *)rel;
}

/*
 * Finds path in `git ls-tree -z` output and sets *mode from it.  Returns
 * 0, or 1 when it is not there.
 */
static int
find_entry(const char *out, size_t len, const char *path, unsigned *mode)
{
	const char *end = out + len;

	while (out != NULL && out < end) {
		const char *tab = memchr(out, '\t', (size_t)(end - out));
		const char *nul = memchr(out, '\0', (size_t)(end - out));

		if (tab == NULL || nul == NULL || tab > nul)
			return 1;
		if (strcmp(tab + 1, path) == 0) {
			*mode = (unsigned)strtoul(out, NULL, 8);
			return 0;
		}
		out = nul + 1;
	}
	return 1;
}

/* The label walk_root() gives a file root: its directory. */
static char *
dir_label(const char *label)
{
	const char *slash = strrchr(label, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == label)
		return xstrdup("/");
	return xstrndup(label, (size_t)(slash - label));
}

/*
 * Finds what path is in REV: sets *mode from `git ls-tree`.  Returns 0,
 * 1 when REV has nothing there, or -1 after an error in diags.
 */
static int
tree_entry(struct opener *op, const char *path, unsigned *mode)
{
	struct git_result r;
	struct gitcmd c;
	int rc = -1;

	gitcmd_init(&c, op->g->top);
	gitcmd_arg(&c, "ls-tree");
	gitcmd_arg(&c, "-z");
	gitcmd_arg(&c, "--full-tree");
	gitcmd_arg(&c, op->g->head);
	gitcmd_arg(&c, "--");
	gitcmd_arg(&c, path);
	if (git_run(&c, &r, op->where, op->diags) == 0) {
		if (r.status != 0)
			git_failed(&c, r.status, r.why, op->where,
			    op->diags);
		else
			rc = find_entry(r.out.data, r.out.len, path, mode);
		git_result_free(&r);
	}
	gitcmd_free(&c);
	return rc;
}

/* Sets *root from the command-line argument arg. */
static int
resolve_root(struct opener *op, const char *arg, struct pdb_gitlog_root *root)
{
	char *label = walk_normalize_label(arg);
	unsigned mode = 040000;
	int found = 0;

	root->repopath = repo_path(op, label);
	if (root->repopath == NULL)
		diaglist_add_at(op->diags, PDB_SEV_ERROR, label, 0, "outside",
		    "outside the git work tree %s", op->g->top);
	else if (root->repopath[0] != '\0' &&
	    (found = tree_entry(op, root->repopath, &mode)) != 0) {
		if (found == 1)
			diaglist_add_at(op->diags, PDB_SEV_ERROR, label, 0,
			    "not-found", "not in %s (commit %.12s)",
			    op->o->rev != NULL ? op->o->rev : "HEAD",
			    op->g->head);
	} else if ((mode & 0170000) != 040000 && (mode & 0170000) != 0100000)
		diaglist_add_at(op->diags, PDB_SEV_ERROR, label, 0,
		    "special-file", "not a file or directory in %s (a "
		    "symbolic link or submodule)",
		    op->o->rev != NULL ? op->o->rev : "HEAD");
	else {
		root->is_file = (mode & 0170000) == 0100000;
		root->label = root->is_file ? dir_label(label) : label;
		if (root->is_file)
			free(label);
		return 0;
	}
	free(label);
	return -1;
}

static int
resolve_roots(struct opener *op)
{
	struct pdb_gitlog *g = op->g;

	g->roots = xcalloc(op->o->nroots ? op->o->nroots : 1,
	    sizeof(*g->roots));
	for (; g->nroots < op->o->nroots; g->nroots++)
		if (resolve_root(op, op->o->roots[g->nroots],
		    &g->roots[g->nroots]) != 0) {
			g->nroots++;
			return -1;
		}
	return 0;
}

/* ---- pathspecs ---- */

/* Appends s with the characters glob pathspecs give a meaning escaped. */
static void
glob_escape(struct pdb_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (strchr("*?[\\", *s) != NULL)
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
}

static void
add_spec(struct pdb_gitlog *g, const char *magic, const char *dir,
    const char *name)
{
	struct pdb_buf b = {0};

	buf_puts(&b, magic);
	glob_escape(&b, dir);
	if (name != NULL) {
		buf_puts(&b, dir[0] != '\0' ? "/**/" : "**/");
		buf_puts(&b, name);
	}
	g->specs = xreallocarray(g->specs, g->nspecs + 1, sizeof(*g->specs));
	g->specs[g->nspecs++] = buf_detach(&b);
}

/* What walk_root() takes below each root, as glob pathspecs: the file a
 * file root names; *.md and *.markdown in any case, and the include
 * globs, below a directory root (walk_takes_path() decides the rest). */
static void
make_pathspecs(struct pdb_gitlog *g, const struct pdb_walk_opts *walk)
{
	for (size_t i = 0; i < g->nroots; i++) {
		const char *p = g->roots[i].repopath;

		if (g->roots[i].is_file) {
			add_spec(g, "", p, NULL);
			continue;
		}
		add_spec(g, ":(icase)", p, "*.md");
		add_spec(g, ":(icase)", p, "*.markdown");
		for (size_t k = 0; walk != NULL && k < walk->nincludes; k++)
			add_spec(g, "", p, walk->includes[k]);
	}
}

void
git_add_pathspecs(struct gitcmd *c, const struct pdb_gitlog *g)
{
	gitcmd_arg(c, "--");
	for (size_t i = 0; i < g->nspecs; i++)
		gitcmd_arg(c, g->specs[i]);
}

/* ---- the handle ---- */

void
git_commit_free(struct pdb_gitlog_commit *c)
{
	for (size_t i = 0; i < c->nchanges; i++) {
		free(c->changes[i].relpath);
		free(c->changes[i].oldpath);
	}
	free(c->changes);
	free(c->author);
	free(c->subject);
}

static void
free_handle(struct pdb_gitlog *g)
{
	for (size_t i = 0; i < g->ncommits; i++)
		git_commit_free(&g->commits[i]);
	free(g->commits);
	for (size_t i = 0; i < g->nroots; i++) {
		free(g->roots[i].label);
		free(g->roots[i].repopath);
	}
	free(g->roots);
	for (size_t i = 0; i < g->nspecs; i++)
		free(g->specs[i]);
	free(g->specs);
	free(g->top);
	buf_free(&g->line);
	buf_free(&g->where);
	free(g);
}

int
gitlog_open(const struct pdb_gitlog_opts *o, struct pdb_gitlog **out,
    struct pdb_diaglist *diags)
{
	struct pdb_gitlog *g = xcalloc(1, sizeof(*g));
	struct opener op = { .o = o, .g = g, .diags = diags,
	    .where = o->dir != NULL ? o->dir : "." };
	const char *rev = o->rev != NULL ? o->rev : "HEAD";
	int rc = -1, found;

	*out = NULL;
	if (find_top(&op) != 0)
		goto done;
	if ((found = git_resolve_commit(&op, rev, g->head)) != 0) {
		if (found == 1)
			diaglist_add_at(diags, PDB_SEV_ERROR, op.where, 0,
			    "bad-rev", "%s: no such commit%s", rev,
			    o->rev == NULL ? " (a repository without commits?)"
			    : "");
		goto done;
	}
	if (resolve_roots(&op) != 0)
		goto done;
	make_pathspecs(g, o->walk);
	if (git_check_bounds(&op) != 0 || git_since_base(&op) != 0 ||
	    git_list_commits(g, o, op.where, diags) != 0)
		goto done;
	*out = g;
	rc = 0;
done:
	free(op.prefix);
	if (rc != 0)
		free_handle(g);
	return rc;
}

size_t
gitlog_count(const struct pdb_gitlog *g)
{
	return g->ncommits;
}

const char *
gitlog_head(const struct pdb_gitlog *g)
{
	return g->head;
}

const struct pdb_gitlog_root *
gitlog_root(const struct pdb_gitlog *g, size_t i)
{
	return i < g->nroots ? &g->roots[i] : NULL;
}

const struct pdb_gitlog_commit *
gitlog_next(struct pdb_gitlog *g)
{
	return g->next < g->ncommits ? &g->commits[g->next++] : NULL;
}

long
gitlog_skip_past(struct pdb_gitlog *g, const char *id)
{
	size_t from = g->next > 0 ? g->next - 1 : 0;

	for (size_t k = from; k < g->ncommits; k++)
		if (strcmp(g->commits[k].id, id) == 0) {
			g->next = k + 1;
			return (long)(k + 1 - from);
		}
	return -1;
}

/* ---- file contents ---- */

/* The file as users know it ("docs/a.md"), the way walk.c joins it. */
static const char *
file_name(struct pdb_gitlog *g, const struct pdb_gitlog_change *c)
{
	const char *label = g->roots[c->root].label;

	buf_reset(&g->where);
	if (strcmp(label, ".") != 0) {
		buf_puts(&g->where, label);
		if (strcmp(label, "/") != 0)
			buf_putc(&g->where, '/');
	}
	buf_puts(&g->where, c->relpath);
	return buf_cstr(&g->where);
}

/* Marks the reader broken and says why, with git's own words if any. */
static int
cat_failed(struct pdb_gitlog *g, struct pdb_diaglist *diags, const char *what)
{
	int status = childproc_finish(&g->cat, SIGTERM);

	g->cat_state = CAT_FAILED;
	diaglist_add_at(diags, PDB_SEV_ERROR, g->top, 0, "git-failed",
	    "git cat-file: %s (exit status %d)%s%s", what, status,
	    git_errline(&g->cat)[0] != '\0' ? ": " : "",
	    git_errline(&g->cat));
	return -1;
}

static int
cat_start(struct pdb_gitlog *g, struct pdb_diaglist *diags)
{
	struct gitcmd c;
	int rc;

	gitcmd_init(&c, g->top);
	gitcmd_arg(&c, "cat-file");
	gitcmd_arg(&c, "--batch");
	rc = git_start(&c, &g->cat, 1, g->top, diags);
	gitcmd_free(&c);
	g->cat_state = rc == 0 ? CAT_RUNNING : CAT_FAILED;
	return rc;
}

/* Reads the announced size bytes (and git's newline after them) into buf. */
static int
cat_body(struct pdb_gitlog *g, size_t size, size_t pad, struct pdb_buf *buf)
{
	char nl;

	buf_reset(buf);
	buf_reserve(buf, size + pad);
	if (childproc_read_exact(&g->cat, buf->data, size) != 0 ||
	    childproc_read_exact(&g->cat, &nl, 1) != 0 || nl != '\n')
		return -1;
	buf->len = size;
	memset(buf->data + size, 0, pad + 1);
	return 0;
}

int
gitlog_read(struct pdb_gitlog *g, const struct pdb_gitlog_change *c,
    size_t max_size, size_t pad, struct pdb_buf *buf,
    struct pdb_diaglist *diags)
{
	char id[PDB_GIT_ID_MAX + 1], type[16], req[PDB_GIT_ID_MAX + 2];
	size_t size = 0;
	int n;

	if (c->kind == PDB_GITLOG_DELETE ||
	    !git_is_object_id(c->blob, strlen(c->blob))) {
		diaglist_add_at(diags, PDB_SEV_ERROR, file_name(g, c), 0,
		    "git-failed", "no contents to read (a deleted file)");
		return -1;
	}
	if (g->cat_state == CAT_FAILED) {
		diaglist_add_at(diags, PDB_SEV_ERROR, file_name(g, c), 0,
		    "git-failed", "git cat-file failed before");
		return -1;
	}
	if (g->cat_state == CAT_NONE && cat_start(g, diags) != 0)
		return -1;
	n = snprintf(req, sizeof(req), "%s\n", c->blob);
	if (childproc_write(&g->cat, req, (size_t)n) != 0)
		return cat_failed(g, diags, "cannot send it a request");
	if (childproc_read_token(&g->cat, '\n', &g->line) != 1)
		return cat_failed(g, diags, "no answer");
	n = sscanf(buf_cstr(&g->line), "%64s %15s %zu", id, type, &size);
	if (n == 2 && strcmp(type, "missing") == 0) {
		diaglist_add_at(diags, PDB_SEV_WARNING, file_name(g, c), 0,
		    "git-missing-blob", "contents (blob %.12s) missing from "
		    "the repository, skipped", c->blob);
		return 1;
	}
	if (n != 3 || strcmp(id, c->blob) != 0)
		return cat_failed(g, diags, "unexpected answer");
	if (strcmp(type, "blob") != 0)
		return cat_failed(g, diags, "unexpected answer");
	if (size > max_size) {
		if (childproc_read_exact(&g->cat, NULL, size + 1) != 0)
			return cat_failed(g, diags, "answer cut short");
		diaglist_add_at(diags, PDB_SEV_WARNING, file_name(g, c), 0,
		    "too-large", "%zu bytes, larger than the limit (%zu "
		    "bytes), skipped", size, max_size);
		return 1;
	}
	if (cat_body(g, size, pad, buf) != 0)
		return cat_failed(g, diags, "answer cut short");
	return 0;
}

int
gitlog_close(struct pdb_gitlog *g, struct pdb_diaglist *diags)
{
	int rc = 0, status;

	if (g == NULL)
		return 0;
	if (g->cat_state == CAT_RUNNING &&
	    (status = childproc_finish(&g->cat, 0)) != 0) {
		diaglist_add_at(diags, PDB_SEV_ERROR, g->top, 0, "git-failed",
		    "git cat-file failed (exit status %d)%s%s", status,
		    git_errline(&g->cat)[0] != '\0' ? ": " : "",
		    git_errline(&g->cat));
		rc = -1;
	}
	childproc_free(&g->cat);
	free_handle(g);
	return rc;
}
