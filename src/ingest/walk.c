/*
 * walk.c - finding the Markdown files below a root and reading them without
 * leaving it (see walk.h).  Everything is opened relative to a directory
 * descriptor, one component at a time, so neither depth nor path length is
 * limited by PATH_MAX, and a symbolic link is followed only once its target
 * is known to lie below the root.
 */
#define _DEFAULT_SOURCE	/* d_type, IFTODT, realpath on glibc */

#include "progdb/walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "progdb/vec.h"

#define OPEN_DEPTH	32	/* directory levels whose descriptors stay open */
#define DIR_FLAGS	(O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#define FILE_FLAGS	(O_RDONLY | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | \
			    O_CLOEXEC)
#define MAX_LINKS	40	/* links expanded for one path, like ELOOP */
#define READ_CHUNK	65536

#define MSG_OUTSIDE	"symbolic link leads outside the root, not followed"
#define MSG_DANGLING	"symbolic link leads to nothing"
#define MSG_TOO_MANY	"too many levels of symbolic links"

/* The root that paths are resolved beneath. */
struct beneath {
	const char	*dir;		/* as named, for realpath(3) */
	int		 fd;
	char		*real;		/* realpath of dir, once needed */
	int		 realdone;
};

/* What resolve() reached, or why it reached nothing. */
struct found {
	struct stat	 st;		/* what was reached; never a link */
	const char	*code;		/* NULL when something was reached */
	const char	*msg;		/* explains code; NULL: strerror(err) */
	int		 err;
};

enum step { STEP_MORE, STEP_DONE };

/* The state of one resolve(). */
struct resolver {
	struct beneath	*b;
	int		 cur;		/* the directory reached so far */
	struct pdb_buf	 at;		/* its path below the root, for ".." */
	char		*rest;		/* the path left to resolve ... */
	const char	*p;		/* ... from here */
	int		 links;
	int		 fd;		/* the result */
};

struct entry {
	char		*name;
	unsigned char	 type;		/* DT_*; among subdirectories, DT_LNK
					 * is a link leading to a directory */
};

struct entries {
	struct entry	*v;
	size_t		 n;
	size_t		 cap;
};

/* A directory on the path from the root to where the walk is. */
struct wdir {
	int		 fd;		/* -1 while a subdirectory is walked */
	dev_t		 dev;
	ino_t		 ino;
	int		 via_link;	/* entered through a symbolic link */
	size_t		 pathlen;	/* its relpath starts w->path */
	struct entries	 subdirs;	/* sorted, walked in order */
	size_t		 next;
};

struct walk {
	const struct pdb_walk_opts *opts;
	const char		*label;
	struct beneath		 root;
	struct pdb_diaglist	*diags;
	struct pdb_buf		 path;	/* relpath of the directory on top */
	struct pdb_buf		 rel;	/* relpath of the entry looked at */
	struct pdb_buf		 where;	/* a relpath as users know it */
	struct wdir		*stack;
	size_t			 depth;
	size_t			 stackcap;
	struct pdb_walk_file	*files;
	size_t			 nfiles;
	size_t			 filecap;
	int			 incomplete;
};

/* Closes a descriptor that was only read from: no error can lose data. */
static void
drop(int fd)
{
	(void)close(fd);
}

/* Sets b to label/rel, the way users know a file: "docs/a.md", "a.md". */
static const char *
join(struct pdb_buf *b, const char *label, const char *rel)
{
	buf_reset(b);
	if (strcmp(label, ".") != 0 || rel[0] == '\0') {
		buf_puts(b, label);
		if (rel[0] != '\0' && strcmp(label, "/") != 0)
			buf_putc(b, '/');
	}
	buf_puts(b, rel);
	return buf_cstr(b);
}

static const char *
kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	return "not a regular file";
}

static void
report(struct pdb_diaglist *diags, enum pdb_severity sev, const char *path,
    const struct found *f)
{
	if (f->code == NULL)
		diaglist_add_at(diags, sev, path, 0,
		    S_ISDIR(f->st.st_mode) ? "not-regular" : "special-file",
		    "%s, skipped", kind(f->st.st_mode));
	else
		diaglist_add_at(diags, sev, path, 0, f->code, "%s",
		    f->msg != NULL ? f->msg : strerror(f->err));
}

static int
has_suffix_ci(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);

	return n > m && strcasecmp(s + n - m, suffix) == 0;
}

static int
wanted_name(const struct pdb_walk_opts *opts, const char *name)
{
	size_t n = strlen(name);

	if (has_suffix_ci(name, n, ".md") ||
	    has_suffix_ci(name, n, ".markdown"))
		return 1;
	for (size_t i = 0; opts != NULL && i < opts->nincludes; i++)
		if (fnmatch(opts->includes[i], name, 0) == 0)
			return 1;
	return 0;
}

/* Hidden directories (.git, .cache) and node_modules are not walked,
 * but the ones spec tools keep their plans in are (Kiro's .kiro/specs,
 * spec-kit's .specify); hidden files are read like any other. */
static int
skipped_dir(const char *name)
{
	if (strcmp(name, ".kiro") == 0 || strcmp(name, ".specify") == 0)
		return 0;
	return name[0] == '.' || strcmp(name, "node_modules") == 0;
}

static int
is_dot_or_dotdot(const char *name)
{
	return name[0] == '.' && (name[1] == '\0' ||
	    (name[1] == '.' && name[2] == '\0'));
}

static int
excluded(const struct pdb_walk_opts *opts, const char *rel, const char *name)
{
	if (opts == NULL)
		return 0;
	for (size_t i = 0; i < opts->nexcludes; i++)
		if (fnmatch(opts->excludes[i], rel, 0) == 0 ||
		    fnmatch(opts->excludes[i], name, 0) == 0)
			return 1;
	return 0;
}

int
walk_takes_path(const struct pdb_walk_opts *opts, const char *rel,
    struct pdb_buf *scratch)
{
	const char *name = rel, *slash;

	while ((slash = strchr(name, '/')) != NULL) {
		buf_reset(scratch);
		buf_append(scratch, rel, (size_t)(slash - rel));
		if (skipped_dir(buf_cstr(scratch) + (name - rel)))
			return 0;
		if (excluded(opts, buf_cstr(scratch),
		    buf_cstr(scratch) + (name - rel)))
			return 0;
		name = slash + 1;
	}
	return !excluded(opts, rel, name) && wanted_name(opts, name);
}

static int
open_root(struct beneath *b, const char *dir)
{
	memset(b, 0, sizeof(*b));
	b->dir = dir;
	b->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return b->fd;
}

static void
close_root(struct beneath *b)
{
	if (b->fd != -1)
		drop(b->fd);
	free(b->real);
	b->real = NULL;
}

static const char *
root_real(struct beneath *b)
{
	char real[PATH_MAX];

	if (!b->realdone) {
		b->realdone = 1;
		if (realpath(b->dir, real) != NULL)
			b->real = xstrdup(real);
	}
	return b->real;
}

/* The part of path below real, or NULL when path is not below it. */
static const char *
below(const char *path, const char *real)
{
	size_t n = strcmp(real, "/") == 0 ? 0 : strlen(real);

	if (strncmp(path, real, n) != 0 ||
	    (path[n] != '/' && path[n] != '\0'))
		return NULL;
	return path + n;
}

/*
 * Returns the absolute path abs as a path relative to the root (owned), or
 * NULL when it lies outside.  A textual match is enough (what follows is
 * still resolved beneath the root); otherwise realpath(3) decides, which
 * catches targets spelt through other links, like /home -> /data/home.
 */
static char *
below_root(struct beneath *b, const char *abs, int textual)
{
	char canon[PATH_MAX];
	const char *real = root_real(b), *rel;

	if (real == NULL)
		return NULL;
	if (textual && (rel = below(abs, real)) != NULL)
		return xstrdup(rel);
	if (realpath(abs, canon) == NULL || (rel = below(canon, real)) == NULL)
		return NULL;
	return xstrdup(rel);
}

/* The target of the link dirfd/name, or NULL with errno set. */
static char *
read_link(int dirfd, const char *name)
{
	for (size_t size = 256;; size *= 2) {
		char *t = xmalloc(size);
		ssize_t n = readlinkat(dirfd, name, t, size);

		if (n >= 0 && (size_t)n < size) {
			t[n] = '\0';
			return t;
		}
		free(t);
		if (n == -1)
			return NULL;
	}
}

/* Opens the directory path (no links, as resolver.at) below rootfd. */
static int
open_chain(int rootfd, const char *path)
{
	char name[NAME_MAX + 1];
	int cur = rootfd, fd;

	while (*path != '\0') {
		size_t n = strcspn(path, "/");

		memcpy(name, path, n);
		name[n] = '\0';
		path += n + (path[n] == '/');
		fd = openat(cur, name, DIR_FLAGS);
		if (cur != rootfd)
			drop(cur);
		if (fd == -1)
			return -1;
		cur = fd;
	}
	return cur;
}

static enum step
fail(struct found *f, const char *code, const char *msg, int err)
{
	f->code = code;
	f->msg = msg;
	f->err = err;
	return STEP_DONE;
}

static enum step
fail_errno(struct found *f, int err, int links)
{
	if ((err == ENOENT || err == ENOTDIR) && links > 0)
		return fail(f, "dangling-symlink", MSG_DANGLING, 0);
	if (err == ENOENT || err == ENOTDIR)
		return fail(f, "vanished", "no longer exists", 0);
	return fail(f, "unreadable", NULL, err);
}

static void
move_to(struct resolver *r, int fd)
{
	if (r->cur != r->b->fd)
		drop(r->cur);
	r->cur = fd;
}

/* Makes head followed by tail what is left to resolve. */
static void
set_rest(struct resolver *r, const char *head, const char *tail)
{
	char *rest = xasprintf("%s%s", head, tail);

	free(r->rest);
	r->rest = rest;
	r->p = rest;
}

static enum step
fail_outside(const struct resolver *r, struct found *f)
{
	if (r->links == 0)
		return fail(f, "outside", "path leads outside the root", 0);
	return fail(f, "symlink-outside", MSG_OUTSIDE, 0);
}

/* Goes on from the root with abs + tail, if abs lies below the root. */
static enum step
reenter(struct resolver *r, const char *abs, int textual, const char *tail,
    struct found *f)
{
	char *rel = below_root(r->b, abs, textual);

	if (rel == NULL)
		return fail_outside(r, f);
	move_to(r, r->b->fd);
	buf_reset(&r->at);
	set_rest(r, rel, tail);
	free(rel);
	return STEP_MORE;
}

/*
 * "..": steps back one directory.  Above the root the path may still come
 * back in (../docs/a.md from the root docs), which realpath(3) tells.
 */
static enum step
go_up(struct resolver *r, struct found *f)
{
	const char *real;
	char *slash, *abs;
	enum step s;
	int fd;

	if (r->at.len == 0) {
		if ((real = root_real(r->b)) == NULL)
			return fail_outside(r, f);
		abs = xasprintf("%s/..%s", real, r->p);
		s = reenter(r, abs, 0, "", f);
		free(abs);
		return s;
	}
	slash = strrchr(r->at.data, '/');
	r->at.len = slash != NULL ? (size_t)(slash - r->at.data) : 0;
	r->at.data[r->at.len] = '\0';
	if ((fd = open_chain(r->b->fd, r->at.data)) == -1)
		return fail_errno(f, errno, r->links);
	move_to(r, fd);
	return STEP_MORE;
}

/* Follows the link cur/name if it is one; err is why it was tried. */
static enum step
follow(struct resolver *r, const char *name, int err, struct found *f)
{
	char *target = read_link(r->cur, name);
	enum step s = STEP_MORE;

	if (target == NULL)
		return fail_errno(f, errno == EINVAL ? err : errno, r->links);
	if (++r->links > MAX_LINKS)
		s = fail(f, "symlink-loop", MSG_TOO_MANY, 0);
	else if (target[0] == '\0')
		s = fail(f, "dangling-symlink", MSG_DANGLING, 0);
	else if (target[0] == '/')
		s = reenter(r, target, 1, r->p, f);
	else
		set_rest(r, target, r->p);
	free(target);
	return s;
}

static enum step
enter(struct resolver *r, const char *name, struct found *f)
{
	int fd = openat(r->cur, name, DIR_FLAGS);

	if (fd == -1)
		return follow(r, name, errno, f);
	if (r->at.len > 0)
		buf_putc(&r->at, '/');
	buf_puts(&r->at, name);
	move_to(r, fd);
	return STEP_MORE;
}

/* The last component: stat it, and open it if it is of type want. */
static enum step
reach(struct resolver *r, const char *name, mode_t want, struct found *f)
{
	if (fstatat(r->cur, name, &f->st, AT_SYMLINK_NOFOLLOW) == -1)
		return fail_errno(f, errno, r->links);
	if (S_ISLNK(f->st.st_mode))
		return follow(r, name, EINVAL, f);
	if ((f->st.st_mode & S_IFMT) != want)
		return STEP_DONE;
	r->fd = openat(r->cur, name, want == S_IFDIR ? DIR_FLAGS : FILE_FLAGS);
	if (r->fd == -1)
		return fail_errno(f, errno, r->links);
	return STEP_DONE;
}

static enum step
step(struct resolver *r, mode_t want, struct found *f)
{
	const char *c = r->p + strspn(r->p, "/");
	size_t n = strcspn(c, "/");
	char name[NAME_MAX + 1];

	if (n > NAME_MAX)
		return fail(f, "unreadable", NULL, ENAMETOOLONG);
	memcpy(name, c, n);
	name[n] = '\0';
	r->p = c + n;
	if (n == 0)
		return reach(r, ".", want, f);
	if (strcmp(name, ".") == 0)
		return STEP_MORE;
	if (strcmp(name, "..") == 0)
		return go_up(r, f);
	if (r->p[strspn(r->p, "/")] == '\0')
		return reach(r, name, want, f);
	return enter(r, name, f);
}

/*
 * Resolves relpath beneath b's root without ever leaving it: components are
 * opened with O_NOFOLLOW and each link met is expanded by hand, relative
 * links within the walk and absolute ones only when they point below the
 * root.  Fills *f, and returns a descriptor when what it reached has type
 * want (S_IFDIR or S_IFREG; 0 opens nothing), else -1.
 */
static int
resolve(struct beneath *b, const char *relpath, mode_t want, struct found *f)
{
	struct resolver r = { .b = b, .cur = b->fd, .fd = -1 };

	memset(f, 0, sizeof(*f));
	set_rest(&r, relpath, "");
	while (step(&r, want, f) == STEP_MORE)
		;
	move_to(&r, b->fd);
	buf_free(&r.at);
	free(r.rest);
	return r.fd;
}

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
	    ((const struct entry *)b)->name);
}

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct pdb_walk_file *)a)->relpath,
	    ((const struct pdb_walk_file *)b)->relpath);
}

static void
add_entry(struct entries *l, char *name, unsigned char type)
{
	PDB_GROW(l->v, l->n, l->cap, 16);
	l->v[l->n].name = name;
	l->v[l->n++].type = type;
}

static void
free_entries(struct entries *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
}

/* Reads the names in directory fd worth a look; returns 0 or an errno. */
static int
list_dir(int fd, struct entries *l)
{
	int dupfd = fcntl(fd, F_DUPFD_CLOEXEC, 0), err = 0;
	struct dirent *de;
	DIR *dp;

	if (dupfd == -1)
		return errno;
	if ((dp = fdopendir(dupfd)) == NULL) {
		err = errno;
		drop(dupfd);
		return err;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(dp)) == NULL) {
			err = errno;
			break;
		}
		if (!is_dot_or_dotdot(de->d_name))
			add_entry(l, xstrdup(de->d_name), de->d_type);
	}
	(void)closedir(dp);
	return err;
}

static const char *
where(struct walk *w, const char *rel)
{
	return join(&w->where, w->label, rel);
}

/* The relpath of entry name of the directory on top. */
static const char *
child_rel(struct walk *w, const char *name)
{
	buf_reset(&w->rel);
	if (w->path.len > 0) {
		buf_append(&w->rel, w->path.data, w->path.len);
		buf_putc(&w->rel, '/');
	}
	buf_puts(&w->rel, name);
	return buf_cstr(&w->rel);
}

/* Something could not be looked at: if it still exists, the walk misses it. */
static void
failed(struct walk *w, enum pdb_severity sev, const char *rel, int err)
{
	if (err == ENOENT) {
		diaglist_add_at(w->diags, sev, where(w, rel), 0, "vanished",
		    "vanished during the walk");
		return;
	}
	diaglist_add_at(w->diags, sev, where(w, rel), 0, "unreadable", "%s",
	    strerror(err));
	w->incomplete = 1;
}

static int64_t
stat_mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

/* Whether a directory between the root and the walk's place was entered
 * through a symbolic link. */
static int
under_link(const struct walk *w)
{
	for (size_t i = 0; i < w->depth; i++)
		if (w->stack[i].via_link)
			return 1;
	return 0;
}

static void
add_file(struct walk *w, const char *rel, const struct stat *st, int linked)
{
	struct pdb_walk_file *f;

	PDB_GROW(w->files, w->nfiles, w->filecap, 16);
	f = &w->files[w->nfiles++];
	f->relpath = xstrdup(rel);
	f->size = (uint64_t)st->st_size;
	f->mtime_ns = stat_mtime_ns(st);
	f->linked = linked || under_link(w);
}

/* Returns 1 when e->name was kept as a subdirectory to walk. */
static int
visit_link(struct walk *w, struct wdir *d, const struct entry *e,
    const char *rel)
{
	struct found f;

	(void)resolve(&w->root, rel, 0, &f);
	if (f.code == NULL && S_ISDIR(f.st.st_mode)) {
		if (skipped_dir(e->name))
			return 0;
		add_entry(&d->subdirs, e->name, DT_LNK);
		return 1;
	}
	if (f.code == NULL && S_ISREG(f.st.st_mode)) {
		if (wanted_name(w->opts, e->name))
			add_file(w, rel, &f.st, 1);
		return 0;
	}
	report(w->diags, PDB_SEV_WARNING, where(w, rel), &f);
	if (f.err != 0)
		w->incomplete = 1;
	return 0;
}

/* Looks at one entry of d; returns 1 when d->subdirs took e->name. */
static int
visit(struct walk *w, struct wdir *d, const struct entry *e)
{
	const char *rel = child_rel(w, e->name);
	struct found f = { .code = NULL };
	unsigned char type = e->type;

	if (excluded(w->opts, rel, e->name))
		return 0;
	/* d_type spares a stat for all but the files we keep. */
	if (type == DT_UNKNOWN ||
	    (type == DT_REG && wanted_name(w->opts, e->name))) {
		if (fstatat(d->fd, e->name, &f.st, AT_SYMLINK_NOFOLLOW) == -1) {
			failed(w, PDB_SEV_WARNING, rel, errno);
			return 0;
		}
		type = IFTODT(f.st.st_mode);
	}
	switch (type) {
	case DT_DIR:
		if (skipped_dir(e->name))
			return 0;
		add_entry(&d->subdirs, e->name, DT_DIR);
		return 1;
	case DT_LNK:
		return visit_link(w, d, e, rel);
	case DT_REG:
		if (wanted_name(w->opts, e->name))
			add_file(w, rel, &f.st, 0);
		return 0;
	default:
		f.st.st_mode = DTTOIF(type);
		report(w->diags, PDB_SEV_WARNING, where(w, rel), &f);
		return 0;
	}
}

/* Lists the directory on top of the stack; -1 if that failed. */
static int
read_dir(struct walk *w)
{
	struct wdir *d = &w->stack[w->depth - 1];
	struct entries l = { .v = NULL };
	int err = list_dir(d->fd, &l);

	if (err != 0)
		failed(w, w->depth == 1 ? PDB_SEV_ERROR : PDB_SEV_WARNING,
		    buf_cstr(&w->path), err);
	if (l.n > 0)
		qsort(l.v, l.n, sizeof(*l.v), cmp_entry);
	for (size_t i = 0; i < l.n; i++)
		if (!visit(w, d, &l.v[i]))
			free(l.v[i].name);
	free(l.v);
	return err != 0 ? -1 : 0;
}

static void
push(struct walk *w, int fd, const struct stat *st, int via_link)
{
	struct wdir *d;

	PDB_GROW(w->stack, w->depth, w->stackcap, 16);
	d = &w->stack[w->depth++];
	memset(d, 0, sizeof(*d));
	d->fd = fd;
	d->dev = st->st_dev;
	d->ino = st->st_ino;
	d->via_link = via_link;
	d->pathlen = w->path.len;
}

static int
on_path(const struct walk *w, const struct stat *st)
{
	for (size_t i = 0; i < w->depth; i++)
		if (w->stack[i].dev == st->st_dev &&
		    w->stack[i].ino == st->st_ino)
			return 1;
	return 0;
}

static void
set_path(struct walk *w, size_t len, const char *name)
{
	w->path.len = len;
	if (len > 0)
		buf_putc(&w->path, '/');
	buf_puts(&w->path, name);
}

static int
open_subdir(struct walk *w, int parentfd, const struct entry *e,
    const char *rel)
{
	struct found f;
	int fd;

	if (e->type == DT_LNK) {
		if ((fd = resolve(&w->root, rel, S_IFDIR, &f)) == -1) {
			if (f.code == NULL)
				fail(&f, "vanished", "changed during the walk",
				    0);
			report(w->diags, PDB_SEV_WARNING, where(w, rel), &f);
			w->incomplete = 1;
		}
		return fd;
	}
	if ((fd = openat(parentfd, e->name, DIR_FLAGS)) == -1)
		failed(w, PDB_SEV_WARNING, rel, errno);
	return fd;
}

/*
 * Enters subdirectory e of the directory on top.  The descriptors of the
 * first OPEN_DEPTH levels stay open (going back up then costs nothing);
 * deeper, only the current directory's does, so depth does not run out of
 * descriptors, and ascend() opens the parent's again.
 */
static void
descend(struct walk *w, const struct entry *e)
{
	struct wdir *parent = &w->stack[w->depth - 1];
	const char *rel;
	struct stat st;
	int fd;

	set_path(w, parent->pathlen, e->name);
	rel = buf_cstr(&w->path);
	if ((fd = open_subdir(w, parent->fd, e, rel)) == -1)
		return;
	if (fstat(fd, &st) == -1) {
		failed(w, PDB_SEV_WARNING, rel, errno);
		drop(fd);
		return;
	}
	if (on_path(w, &st)) {
		if (e->type == DT_LNK)
			diaglist_add_at(w->diags, PDB_SEV_WARNING,
			    where(w, rel), 0, "symlink-loop", "symbolic link "
			    "leads to a directory containing it, not followed");
		else
			diaglist_add_at(w->diags, PDB_SEV_WARNING,
			    where(w, rel), 0, "dir-loop", "directory contains "
			    "itself (a bind mount?), not entered");
		drop(fd);
		return;
	}
	if (parent->fd != w->root.fd && w->depth > OPEN_DEPTH) {
		drop(parent->fd);
		parent->fd = -1;
	}
	push(w, fd, &st, e->type == DT_LNK);
	read_dir(w);
}

static int
same_dir(int fd, const struct wdir *d)
{
	struct stat st;

	return fd != -1 && fstat(fd, &st) == 0 && st.st_dev == d->dev &&
	    st.st_ino == d->ino;
}

/* Opens d again after its subdirectory child was walked. */
static void
reopen(struct walk *w, struct wdir *d, const struct wdir *child)
{
	struct found f;
	int fd = -1;

	if (child->fd != -1 && !child->via_link)
		fd = openat(child->fd, "..", DIR_FLAGS);
	if (!same_dir(fd, d)) {
		if (fd != -1)
			drop(fd);
		w->path.len = d->pathlen;
		w->path.data[d->pathlen] = '\0';
		fd = resolve(&w->root, w->path.data, S_IFDIR, &f);
	}
	if (same_dir(fd, d)) {
		d->fd = fd;
		return;
	}
	if (fd != -1)
		drop(fd);
	w->path.len = d->pathlen;
	w->path.data[d->pathlen] = '\0';
	diaglist_add_at(w->diags, PDB_SEV_WARNING, where(w, w->path.data), 0,
	    "vanished", "directory moved or vanished during the walk");
	w->incomplete = 1;
	d->next = d->subdirs.n;
}

static void
ascend(struct walk *w)
{
	struct wdir *top = &w->stack[--w->depth];

	if (w->depth > 0 && w->stack[w->depth - 1].fd == -1)
		reopen(w, &w->stack[w->depth - 1], top);
	if (top->fd != -1 && top->fd != w->root.fd)
		drop(top->fd);
	free_entries(&top->subdirs);
}

/* Depth first, without recursion: a deep tree cannot exhaust the stack. */
static int
walk_tree(struct walk *w, const struct stat *rootst)
{
	push(w, w->root.fd, rootst, 0);
	if (read_dir(w) == -1) {
		ascend(w);
		return -1;
	}
	while (w->depth > 0) {
		struct wdir *top = &w->stack[w->depth - 1];

		if (top->next < top->subdirs.n)
			descend(w, &top->subdirs.v[top->next++]);
		else
			ascend(w);
	}
	return 0;
}

static void
free_files(struct pdb_walk_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(files[i].relpath);
	free(files);
}

static int
walk_dir_root(const char *label, const struct pdb_walk_opts *opts,
    struct pdb_walk_root *root, struct pdb_diaglist *diags)
{
	struct walk w = { .opts = opts, .label = label, .diags = diags };
	struct stat st;
	int rc = -1;

	if (open_root(&w.root, label) == -1 || fstat(w.root.fd, &st) == -1)
		failed(&w, PDB_SEV_ERROR, "", errno);
	else if (walk_tree(&w, &st) == 0) {
		if (w.nfiles > 0)
			qsort(w.files, w.nfiles, sizeof(*w.files), cmp_file);
		root->label = xstrdup(label);
		root->dir = xstrdup(label);
		root->real = realpath(label, NULL);
		root->complete = !w.incomplete;
		root->files = w.files;
		root->nfiles = w.nfiles;
		w.files = NULL;
		w.nfiles = 0;
		rc = 0;
	}
	close_root(&w.root);
	free_files(w.files, w.nfiles);
	free(w.stack);
	buf_free(&w.path);
	buf_free(&w.rel);
	buf_free(&w.where);
	return rc;
}

/* The file is held to walk_read()'s rule: no link may leave its directory. */
static int
walk_file_root(const char *label, struct pdb_walk_root *root,
    struct pdb_diaglist *diags)
{
	const char *slash = strrchr(label, '/');
	const char *base = slash != NULL ? slash + 1 : label;
	struct found f = { .code = NULL };
	struct beneath b;
	char *dir;

	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == label)
		dir = xstrdup("/");
	else
		dir = xstrndup(label, (size_t)(slash - label));
	if (open_root(&b, dir) == -1)
		fail(&f, "unreadable", NULL, errno);
	else
		(void)resolve(&b, base, 0, &f);
	close_root(&b);
	if (f.code != NULL || !S_ISREG(f.st.st_mode)) {
		report(diags, PDB_SEV_ERROR, label, &f);
		free(dir);
		return -1;
	}
	root->label = xstrdup(dir);
	root->dir = dir;
	root->real = realpath(dir, NULL);
	root->files = xcalloc(1, sizeof(*root->files));
	root->files[0].relpath = xstrdup(base);
	root->files[0].linked = 1;	/* it may be a link itself */
	root->files[0].size = (uint64_t)f.st.st_size;
	root->files[0].mtime_ns = stat_mtime_ns(&f.st);
	root->nfiles = 1;
	return 0;
}

int
walk_root(const char *arg, const struct pdb_walk_opts *opts,
    struct pdb_walk_root *root, struct pdb_diaglist *diags)
{
	char *label = walk_normalize_label(arg);
	struct stat st;
	int rc = -1, err;

	memset(root, 0, sizeof(*root));
	if (stat(label, &st) == -1) {
		err = errno;
		diaglist_add_at(diags, PDB_SEV_ERROR, label, 0,
		    err == ENOENT || err == ENOTDIR ? "not-found" :
		    "unreadable", "%s", strerror(err));
	} else if (S_ISDIR(st.st_mode))
		rc = walk_dir_root(label, opts, root, diags);
	else if (S_ISREG(st.st_mode))
		rc = walk_file_root(label, root, diags);
	else
		diaglist_add_at(diags, PDB_SEV_ERROR, label, 0, "special-file",
		    "%s, not a file or directory", kind(st.st_mode));
	free(label);
	return rc;
}

void
walk_root_free(struct pdb_walk_root *root)
{
	free(root->label);
	free(root->dir);
	free(root->real);
	free_files(root->files, root->nfiles);
	memset(root, 0, sizeof(*root));
}

char *
walk_normalize_label(const char *arg)
{
	struct pdb_buf b = {0};
	size_t start = arg[0] == '/';
	const char *p = arg;

	if (start)
		buf_putc(&b, '/');
	for (;;) {
		size_t n;

		p += strspn(p, "/");
		if ((n = strcspn(p, "/")) == 0)
			break;
		if (n != 1 || p[0] != '.') {
			if (b.len > start)
				buf_putc(&b, '/');
			buf_append(&b, p, n);
		}
		p += n;
	}
	if (b.len == 0)
		buf_putc(&b, '.');
	return buf_detach(&b);
}

/* Reads fd to its end, but no further than max bytes if it grew. */
static int
read_all(int fd, size_t max, struct pdb_buf *buf)
{
	while (buf->len < max) {
		size_t room;
		ssize_t n;

		if (buf->len + 1 == buf->cap)
			buf_reserve(buf, READ_CHUNK);
		room = buf->cap - buf->len - 1;
		if (room > max - buf->len)
			room = max - buf->len;
		n = read(fd, buf->data + buf->len, room);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			break;
		buf->len += (size_t)n;
	}
	return 0;
}

static int
read_file(int fd, const char *path, size_t max_size, size_t pad,
    struct pdb_buf *buf, int64_t *mtime_ns, struct pdb_diaglist *diags)
{
	struct found f = { .code = NULL };

	if (fstat(fd, &f.st) == -1) {
		diaglist_add_at(diags, PDB_SEV_WARNING, path, 0, "unreadable",
		    "%s", strerror(errno));
		return -1;
	}
	if (!S_ISREG(f.st.st_mode)) {
		report(diags, PDB_SEV_WARNING, path, &f);
		return -1;
	}
	if ((uint64_t)f.st.st_size > max_size) {
		diaglist_add_at(diags, PDB_SEV_WARNING, path, 0, "too-large",
		    "file is %ju bytes, over the limit of %zu, not read",
		    (uintmax_t)f.st.st_size, max_size);
		return -1;
	}
	buf_reserve(buf, (size_t)f.st.st_size + pad);
	if (read_all(fd, max_size, buf) == -1) {
		diaglist_add_at(diags, PDB_SEV_WARNING, path, 0, "unreadable",
		    "%s", strerror(errno));
		return -1;
	}
	buf_reserve(buf, pad);
	memset(buf->data + buf->len, 0, pad + 1);
	*mtime_ns = stat_mtime_ns(&f.st);
	return 0;
}

/* Reads files below one root; see walk.h. */
struct pdb_walk_reader {
	char		*dir;		/* the root as named; NULL: none open */
	struct beneath	 b;
	struct pdb_buf	 sub;		/* relpath of the directory on top */
	size_t		 ends[OPEN_DEPTH]; /* where each level ends in sub */
	int		 fds[OPEN_DEPTH]; /* each level, opened in the last */
	size_t		 depth;
};

struct pdb_walk_reader *
walk_reader_new(void)
{
	struct pdb_walk_reader *r = xcalloc(1, sizeof(*r));

	r->b.fd = -1;
	return r;
}

/* Closes the directories below the first depth levels. */
static void
reader_pop(struct pdb_walk_reader *r, size_t depth)
{
	while (r->depth > depth)
		drop(r->fds[--r->depth]);
	r->sub.len = depth > 0 ? r->ends[depth - 1] : 0;
	if (r->sub.data != NULL)
		r->sub.data[r->sub.len] = '\0';
}

static void
reader_close(struct pdb_walk_reader *r)
{
	reader_pop(r, 0);
	close_root(&r->b);
	r->b.fd = -1;
	free(r->dir);
	r->dir = NULL;
}

void
walk_reader_free(struct pdb_walk_reader *r)
{
	if (r == NULL)
		return;
	reader_close(r);
	buf_free(&r->sub);
	free(r);
}

/* Opens the root dir once, unless it is the one already open. */
static int
reader_root(struct pdb_walk_reader *r, const char *dir)
{
	if (r->dir != NULL && strcmp(r->dir, dir) == 0)
		return 0;
	reader_close(r);
	r->dir = xstrdup(dir);
	if (open_root(&r->b, r->dir) == -1) {
		int err = errno;

		free(r->dir);
		r->dir = NULL;
		errno = err;
		return -1;
	}
	return 0;
}

/* How many of the levels held are the first levels of dirpart. */
static size_t
reader_shared(const struct pdb_walk_reader *r, const char *dirpart,
    size_t n)
{
	size_t d = 0;

	while (d < r->depth && r->ends[d] <= n &&
	    memcmp(r->sub.data, dirpart, r->ends[d]) == 0 &&
	    (r->ends[d] == n || dirpart[r->ends[d]] == '/'))
		d++;
	return d;
}

/* Opens the directory name (len bytes) in the one on top, as resolve()
 * enters a directory that is no link; -1 for anything else. */
static int
reader_push(struct pdb_walk_reader *r, const char *name, size_t len)
{
	char c[NAME_MAX + 1];
	int top = r->depth > 0 ? r->fds[r->depth - 1] : r->b.fd, fd;

	if (len == 0 || len > NAME_MAX || r->depth == OPEN_DEPTH)
		return -1;
	memcpy(c, name, len);
	c[len] = '\0';
	if (strcmp(c, ".") == 0 || strcmp(c, "..") == 0 ||
	    (fd = openat(top, c, DIR_FLAGS)) == -1)
		return -1;
	if (r->depth > 0)
		buf_putc(&r->sub, '/');
	buf_append(&r->sub, name, len);
	r->ends[r->depth] = r->sub.len;
	r->fds[r->depth++] = fd;
	return 0;
}

/*
 * The directory dirpart (n bytes) below the root, reached through the
 * levels already held and plain directories (no links, no "." or ".."),
 * as resolve() would reach it; -1 when it cannot be reached so.
 */
static int
reader_dir(struct pdb_walk_reader *r, const char *dirpart, size_t n)
{
	size_t d = reader_shared(r, dirpart, n), at;

	reader_pop(r, d);
	at = d > 0 ? r->ends[d - 1] + 1 : 0;
	while (at <= n) {
		size_t len = strcspn(dirpart + at, "/");

		if (len > n - at)
			len = n - at;
		if (reader_push(r, dirpart + at, len) == -1) {
			reader_pop(r, 0);
			return -1;
		}
		at += len + 1;
	}
	return r->depth > 0 ? r->fds[r->depth - 1] : r->b.fd;
}

/*
 * The common case of resolve(): a regular file, no link as its last
 * component, in a directory resolved as resolve() would.  Returns -1
 * whenever anything differs (a link, another type, an error), and the
 * caller resolves the whole path instead.
 */
static int
reader_open(struct pdb_walk_reader *r, const char *relpath)
{
	const char *slash = strrchr(relpath, '/');
	const char *base = slash != NULL ? slash + 1 : relpath;
	struct stat st;
	int dirfd = r->b.fd;

	if (base[0] == '\0' || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0 || strlen(base) > NAME_MAX ||
	    slash == relpath)
		return -1;
	if (slash != NULL &&
	    (dirfd = reader_dir(r, relpath, (size_t)(slash - relpath))) == -1)
		return -1;
	if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
	    !S_ISREG(st.st_mode))
		return -1;
	return openat(dirfd, base, FILE_FLAGS);
}

int
walk_reader_read(struct pdb_walk_reader *r, const char *dir,
    const char *relpath, size_t max_size, size_t pad, struct pdb_buf *buf,
    int64_t *mtime_ns, uint64_t *size, struct pdb_diaglist *diags)
{
	struct pdb_buf path = {0};
	struct found f = { .code = NULL };
	int fd, rc = -1;

	buf_reset(buf);
	join(&path, dir, relpath);
	if (reader_root(r, dir) == -1) {
		fail_errno(&f, errno, 0);
		report(diags, PDB_SEV_WARNING, dir, &f);
	} else if ((fd = reader_open(r, relpath)) == -1 &&
	    (fd = resolve(&r->b, relpath, S_IFREG, &f)) == -1)
		report(diags, PDB_SEV_WARNING, path.data, &f);
	else {
		rc = read_file(fd, path.data, max_size, pad, buf, mtime_ns,
		    diags);
		drop(fd);
	}
	if (rc == 0)
		*size = buf->len;
	else
		buf_reset(buf);
	buf_free(&path);
	return rc;
}

int
walk_read(const char *dir, const char *relpath, size_t max_size,
    size_t pad, struct pdb_buf *buf, int64_t *mtime_ns, uint64_t *size,
    struct pdb_diaglist *diags)
{
	struct pdb_walk_reader *r = walk_reader_new();
	int rc = walk_reader_read(r, dir, relpath, max_size, pad, buf,
	    mtime_ns, size, diags);

	walk_reader_free(r);
	return rc;
}
