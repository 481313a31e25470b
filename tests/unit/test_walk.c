/*
 * test_walk.c - walk.c on a real tree built under /tmp: the file filter,
 * excludes, symbolic links in and out of the root, FIFOs and devices, odd
 * names, a path longer than PATH_MAX, reading, and 100,000 files.
 */
#define _DEFAULT_SOURCE	/* mkdtemp, makedev */

#include "progdb/walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define LONG_NAME_LEN	200
#define LONG_DEPTH	25	/* 25 * 201 bytes > PATH_MAX */
#define BIG_COUNT	100000

static char tmp[] = "/tmp/progdb-walk-XXXXXX";

/* Setup steps must work, or nothing after them means anything. */
static void
must(int ok, const char *what)
{
	if (!ok) {
		perror(what);
		exit(2);
	}
}

static void
put_at(int dirfd, const char *path, const char *text)
{
	int fd = openat(dirfd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644);

	must(fd != -1, path);
	must(write(fd, text, strlen(text)) == (ssize_t)strlen(text), path);
	must(close(fd) == 0, path);
}

static void
put(const char *path, const char *text)
{
	put_at(AT_FDCWD, path, text);
}

static void
dir(const char *path)
{
	must(mkdir(path, 0755) == 0, path);
}

static void
link_to(const char *target, const char *path)
{
	must(symlink(target, path) == 0, path);
}

static void
rm_tree_at(int parent, const char *name)
{
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	struct dirent *de;
	struct stat st;
	DIR *dp;

	must(fd != -1, name);
	must((dp = fdopendir(fd)) != NULL, name);
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		must(fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0,
		    de->d_name);
		if (S_ISDIR(st.st_mode))
			rm_tree_at(fd, de->d_name);
		else
			must(unlinkat(fd, de->d_name, 0) == 0, de->d_name);
	}
	must(closedir(dp) == 0, name);
	must(unlinkat(parent, name, AT_REMOVEDIR) == 0, name);
}

static const struct pdb_diag *
find_diag(const struct pdb_diaglist *l, const char *code, const char *path)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].code, code) == 0 && l->v[i].path != NULL &&
		    strcmp(l->v[i].path, path) == 0)
			return &l->v[i];
	return NULL;
}

static size_t
count_code(const struct pdb_diaglist *l, const char *code)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		n += strcmp(l->v[i].code, code) == 0;
	return n;
}

static int
diag_under(const struct pdb_diaglist *l, const char *prefix)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].path != NULL &&
		    strncmp(l->v[i].path, prefix, strlen(prefix)) == 0)
			return 1;
	return 0;
}

static const struct pdb_walk_file *
find_file(const struct pdb_walk_root *r, const char *relpath)
{
	for (size_t i = 0; i < r->nfiles; i++)
		if (strcmp(r->files[i].relpath, relpath) == 0)
			return &r->files[i];
	return NULL;
}

/* The descriptor the next open() returns. */
static int
lowest_fd(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	must(fd != -1 && close(fd) == 0, "/dev/null");
	return fd;
}

static double
now(void)
{
	struct timespec ts;

	must(clock_gettime(CLOCK_MONOTONIC, &ts) == 0, "clock_gettime");
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of this process (user and system), for the assertions: a
 * busy machine stretches wall-clock time, not this. */
static double
cpu_now(void)
{
	struct timespec ts;

	must(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) == 0,
	    "clock_gettime");
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_labels(void)
{
	static const char *const cases[][2] = {
		{ "docs/", "docs" },
		{ "./docs", "docs" },
		{ "docs//x/", "docs/x" },
		{ "docs/./x", "docs/x" },
		{ "", "." },
		{ "./", "." },
		{ ".", "." },
		{ "/", "/" },
		{ "//", "/" },
		{ "/srv/x/", "/srv/x" },
		{ "../up", "../up" },
		{ "-dash", "-dash" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = walk_normalize_label(cases[i][0]);

		CHECK_STR(got, cases[i][1]);
		free(got);
	}
}

/* The tree most tests walk; tmp is the working directory. */
static int
build_tree(void)
{
	char *abs;
	int have_dev;

	dir("t");
	put("t/a.md", "alpha\n");
	put("t/b.MARKDOWN", "b\n");
	put("t/c.txt", "not markdown\n");
	put("t/D.Md", "d\n");
	put("t/a-b.md", "a-b\n");
	dir("t/a");
	put("t/a/b.md", "a/b\n");
	dir("t/sub");
	put("t/sub/x.md", "x\n");
	dir("t/sub/deeper");
	put("t/sub/deeper/y.markdown", "y\n");
	put("t/.hidden.md", "a hidden file is read; hidden dirs are not\n");
	dir("t/.git");
	put("t/.git/h.md", "hidden\n");
	must(mkfifo("t/.git/fifo.md", 0644) == 0, "mkfifo");
	dir("t/node_modules");
	put("t/node_modules/n.md", "module\n");
	dir("t/.kiro");			/* spec folders are walked */
	dir("t/.kiro/specs");
	put("t/.kiro/specs/tasks.md", "kiro\n");
	dir("t/.specify");
	put("t/.specify/plan.md", "spec-kit\n");
	dir("t/drafts");
	put("t/drafts/d.md", "draft\n");
	must(mkfifo("t/drafts/fifo.md", 0644) == 0, "mkfifo");
	dir("t/notes");
	put("t/notes/keep.md", "keep\n");
	put("t/notes/skip-me.md", "skip\n");
	dir("t/notes/deep");
	put("t/notes/deep/z.md", "z\n");
	put("t/sp ace.md", "space\n");
	put("t/new\nline.md", "newline\n");
	put("t/\xff\xfe.md", "invalid utf-8\n");
	put("t/-dash.md", "dash\n");
	put("outside.md", "outside the root\n");

	link_to("sub/x.md", "t/linkfile.md");
	link_to("sub", "t/linkdir");
	link_to("..", "t/sub/loop");
	abs = xasprintf("%s/t", tmp);
	link_to(abs, "t/sub/absloop");
	free(abs);
	link_to("..", "t/up");
	abs = xasprintf("%s/t/a.md", tmp);
	link_to(abs, "t/absin.md");
	free(abs);
	link_to("../t/a.md", "t/back.md");
	link_to("/etc/passwd", "t/passwd.md");
	link_to("../outside.md", "t/escape.md");
	link_to("nowhere.md", "t/dangling.md");
	link_to("/dev/null", "t/devnull.md");
	link_to("c.txt", "t/txtlink");
	must(mkfifo("t/fifo.md", 0644) == 0, "mkfifo");
	link_to("fifo.md", "t/fifolink.md");
	have_dev = mknod("t/dev.md", S_IFCHR | 0600, makedev(1, 3)) == 0;
	if (!have_dev)
		printf("note: mknod failed (%s), device test skipped\n",
		    strerror(errno));
	return have_dev;
}

static void
test_tree(int have_dev)
{
	static const char *const want[] = {
		"-dash.md", ".hidden.md", ".kiro/specs/tasks.md",
		".specify/plan.md", "D.Md", "a-b.md", "a.md", "a/b.md",
		"absin.md",
		"b.MARKDOWN", "back.md", "linkdir/deeper/y.markdown",
		"linkdir/x.md", "linkfile.md", "new\nline.md", "notes/keep.md",
		"sp ace.md", "sub/deeper/y.markdown", "sub/x.md", "\xff\xfe.md",
	};
	static const char *const globs[] = { "drafts", "*skip*", "notes*z.md" };
	struct pdb_walk_opts opts = { .excludes = globs, .nexcludes = 3 };
	struct pdb_diaglist diags = {0};
	struct pdb_walk_root root;
	const struct pdb_walk_file *f;
	struct stat st;
	size_t n = sizeof(want) / sizeof(want[0]);

	/* Without excludes the excluded entries are there. */
	CHECK_INT(walk_root("t", NULL, &root, &diags), 0);
	CHECK(find_file(&root, "drafts/d.md") != NULL);
	CHECK(find_file(&root, "notes/skip-me.md") != NULL);
	CHECK(find_file(&root, "notes/deep/z.md") != NULL);
	CHECK(find_diag(&diags, "special-file", "t/drafts/fifo.md") != NULL);
	CHECK_INT(root.nfiles, n + 3);
	walk_root_free(&root);
	diaglist_free(&diags);

	CHECK_INT(walk_root("t/", &opts, &root, &diags), 0);
	CHECK_STR(root.label, "t");
	CHECK_STR(root.dir, "t");
	CHECK_INT(root.complete, 1);
	CHECK_INT(root.nfiles, n);
	for (size_t i = 0; i < n && i < root.nfiles; i++)
		CHECK_STR(root.files[i].relpath, want[i]);
	for (size_t i = 0; i + 1 < root.nfiles; i++)
		CHECK(strcmp(root.files[i].relpath,
		    root.files[i + 1].relpath) < 0);

	f = find_file(&root, "a.md");
	must(stat("t/a.md", &st) == 0, "stat");
	CHECK(f != NULL && f->size == 6);
	CHECK(f != NULL && f->mtime_ns == (int64_t)st.st_mtim.tv_sec *
	    1000000000 + st.st_mtim.tv_nsec);
	f = find_file(&root, "linkfile.md");
	CHECK(f != NULL && f->size == 2);

	/* Excluded directories are not even entered. */
	CHECK(!diag_under(&diags, "t/drafts"));
	CHECK(!diag_under(&diags, "t/.git"));
	CHECK(find_diag(&diags, "symlink-outside", "t/up") != NULL);
	CHECK(find_diag(&diags, "symlink-outside", "t/passwd.md") != NULL);
	CHECK(find_diag(&diags, "symlink-outside", "t/escape.md") != NULL);
	CHECK(find_diag(&diags, "symlink-outside", "t/devnull.md") != NULL);
	CHECK(find_diag(&diags, "dangling-symlink", "t/dangling.md") != NULL);
	CHECK(find_diag(&diags, "special-file", "t/fifo.md") != NULL);
	CHECK(find_diag(&diags, "special-file", "t/fifolink.md") != NULL);
	CHECK(find_diag(&diags, "symlink-loop", "t/sub/loop") != NULL);
	CHECK(find_diag(&diags, "symlink-loop", "t/sub/absloop") != NULL);
	CHECK(find_diag(&diags, "symlink-loop", "t/linkdir/loop") != NULL);
	CHECK(find_diag(&diags, "symlink-loop", "t/linkdir/absloop") != NULL);
	if (have_dev)
		CHECK(find_diag(&diags, "special-file", "t/dev.md") != NULL);
	CHECK_INT(count_code(&diags, "symlink-outside"), 4);
	CHECK_INT(count_code(&diags, "symlink-loop"), 4);
	CHECK_INT(count_code(&diags, "special-file"), have_dev ? 3 : 2);
	CHECK_INT(diags.n, have_dev ? 12 : 11);
	CHECK_INT(diaglist_warnings(&diags), diags.n);
	walk_root_free(&root);
	diaglist_free(&diags);
}

static void
check_read_fails(const char *dir, const char *relpath, const char *code,
    const char *path)
{
	struct pdb_diaglist diags = {0};
	struct pdb_buf buf = {0};
	int64_t mtime = 0;
	uint64_t size = 0;

	CHECK_INT(walk_read(dir, relpath, 1 << 20, 4, &buf, &mtime, &size,
	    &diags), -1);
	CHECK_INT(diags.n, 1);
	if (diags.n == 1) {
		CHECK_STR(diags.v[0].code, code);
		CHECK_STR(diags.v[0].path, path);
		CHECK_INT(diags.v[0].sev, PDB_SEV_WARNING);
	}
	CHECK_INT(buf.len, 0);
	buf_free(&buf);
	diaglist_free(&diags);
}

static void
check_read(const char *dir, const char *relpath, const char *want)
{
	struct pdb_diaglist diags = {0};
	struct pdb_buf buf = {0};
	int64_t mtime = 0;
	uint64_t size = 0;

	CHECK_INT(walk_read(dir, relpath, 1 << 20, 1, &buf, &mtime, &size,
	    &diags), 0);
	CHECK_MEM(buf.data, buf.len, want, strlen(want));
	CHECK_INT(size, strlen(want));
	CHECK_INT(diags.n, 0);
	buf_free(&buf);
	diaglist_free(&diags);
}

static void
test_read(int have_dev)
{
	struct pdb_diaglist diags = {0};
	struct pdb_buf buf = {0};
	struct stat st;
	int64_t mtime = 0;
	uint64_t size = 0;
	int zero = 1;

	/* Padding is zeroed even over old contents. */
	for (int i = 0; i < 100; i++)
		buf_puts(&buf, "junk");
	CHECK_INT(walk_read("t", "a.md", 6, 16, &buf, &mtime, &size, &diags),
	    0);
	CHECK_MEM(buf.data, buf.len, "alpha\n", 6);
	CHECK_INT(size, 6);
	CHECK(buf.cap >= buf.len + 16);
	for (size_t i = 0; i < 16; i++)
		zero &= buf.data[buf.len + i] == '\0';
	CHECK(zero);
	must(stat("t/a.md", &st) == 0, "stat");
	CHECK_INT(mtime, (int64_t)st.st_mtim.tv_sec * 1000000000 +
	    st.st_mtim.tv_nsec);
	CHECK_INT(diags.n, 0);

	CHECK_INT(walk_read("t", "a.md", 5, 16, &buf, &mtime, &size, &diags),
	    -1);
	CHECK_INT(diags.n, 1);
	CHECK_STR(diags.v[0].code, "too-large");
	CHECK(strstr(diags.v[0].msg, "6 bytes") != NULL);
	CHECK_INT(buf.len, 0);
	diaglist_free(&diags);
	buf_free(&buf);

	check_read("t", "linkfile.md", "x\n");
	check_read("t", "linkdir/deeper/y.markdown", "y\n");
	check_read("t", "sub/loop/a.md", "alpha\n");
	check_read("t", "absin.md", "alpha\n");
	check_read("t", "back.md", "alpha\n");
	check_read("t", "../t/a.md", "alpha\n");
	check_read("t", "new\nline.md", "newline\n");
	check_read(".", "t/-dash.md", "dash\n");
	check_read_fails("t", "passwd.md", "symlink-outside", "t/passwd.md");
	check_read_fails("t", "escape.md", "symlink-outside", "t/escape.md");
	check_read_fails("t", "devnull.md", "symlink-outside", "t/devnull.md");
	check_read_fails("t", "../outside.md", "outside", "t/../outside.md");
	check_read_fails("t", "up/outside.md", "symlink-outside",
	    "t/up/outside.md");
	check_read_fails("t", "dangling.md", "dangling-symlink",
	    "t/dangling.md");
	check_read_fails("t", "fifo.md", "special-file", "t/fifo.md");
	check_read_fails("t", "fifolink.md", "special-file", "t/fifolink.md");
	check_read_fails("t", "sub", "not-regular", "t/sub");
	check_read_fails("t", "nothing.md", "vanished", "t/nothing.md");
	check_read_fails("none", "a.md", "vanished", "none");
	if (have_dev)
		check_read_fails("t", "dev.md", "special-file", "t/dev.md");
}

static void
test_vanished(void)
{
	struct pdb_diaglist diags = {0};
	struct pdb_walk_root root;

	put("t/gone.md", "soon gone\n");
	CHECK_INT(walk_root("t", NULL, &root, &diags), 0);
	CHECK(find_file(&root, "gone.md") != NULL);
	must(unlink("t/gone.md") == 0, "unlink");
	check_read_fails(root.dir, "gone.md", "vanished", "t/gone.md");
	walk_root_free(&root);
	diaglist_free(&diags);
}

static void
test_permissions(void)
{
	struct pdb_diaglist diags = {0};
	struct pdb_walk_root root;

	if (geteuid() == 0) {
		printf("note: running as root, permission checks skipped\n");
		return;
	}
	dir("t/locked");
	put("t/locked/l.md", "locked\n");
	put("t/secret.md", "secret\n");
	must(chmod("t/locked", 0) == 0, "chmod");
	must(chmod("t/secret.md", 0) == 0, "chmod");
	CHECK_INT(walk_root("t", NULL, &root, &diags), 0);
	CHECK(find_diag(&diags, "unreadable", "t/locked") != NULL);
	CHECK(find_file(&root, "secret.md") != NULL);
	CHECK_INT(root.complete, 0);
	check_read_fails("t", "secret.md", "unreadable", "t/secret.md");
	must(chmod("t/locked", 0755) == 0, "chmod");
	must(chmod("t/secret.md", 0644) == 0, "chmod");
	walk_root_free(&root);
	diaglist_free(&diags);
}

static void
test_file_args(void)
{
	struct pdb_diaglist diags = {0};
	struct pdb_walk_root root;

	CHECK_INT(walk_root("./t//sub/x.md", NULL, &root, &diags), 0);
	CHECK_STR(root.label, "t/sub");
	CHECK_STR(root.dir, "t/sub");
	CHECK_INT(root.complete, 0);
	CHECK_INT(root.nfiles, 1);
	if (root.nfiles == 1) {
		CHECK_STR(root.files[0].relpath, "x.md");
		CHECK_INT(root.files[0].size, 2);
		check_read(root.dir, root.files[0].relpath, "x\n");
	}
	walk_root_free(&root);

	/* Any name goes for a file named explicitly, links inside too. */
	CHECK_INT(walk_root("t/c.txt", NULL, &root, &diags), 0);
	CHECK_INT(root.nfiles, 1);
	walk_root_free(&root);
	CHECK_INT(walk_root("t/linkfile.md", NULL, &root, &diags), 0);
	CHECK(root.nfiles == 1 && root.files[0].size == 2);
	walk_root_free(&root);
	CHECK_INT(diags.n, 0);

	must(chdir("t") == 0, "chdir");
	CHECK_INT(walk_root("a.md", NULL, &root, &diags), 0);
	CHECK_STR(root.label, ".");
	CHECK_STR(root.dir, ".");
	CHECK(root.nfiles == 1 && strcmp(root.files[0].relpath, "a.md") == 0);
	walk_root_free(&root);
	CHECK_INT(walk_root("./", NULL, &root, &diags), 0);
	CHECK_STR(root.label, ".");
	CHECK_INT(root.complete, 1);
	CHECK(find_file(&root, "sub/x.md") != NULL);
	CHECK(find_diag(&diags, "symlink-outside", "up") != NULL);
	walk_root_free(&root);
	diaglist_free(&diags);
	must(chdir("..") == 0, "chdir");

	CHECK_INT(walk_root("nonexistent", NULL, &root, &diags), -1);
	CHECK(diags.n == 1 && diags.v[0].sev == PDB_SEV_ERROR);
	CHECK(find_diag(&diags, "not-found", "nonexistent") != NULL);
	CHECK(root.files == NULL && root.label == NULL);
	diaglist_free(&diags);
	CHECK_INT(walk_root("t/fifo.md", NULL, &root, &diags), -1);
	CHECK(find_diag(&diags, "special-file", "t/fifo.md") != NULL);
	diaglist_free(&diags);
	CHECK_INT(walk_root("t/passwd.md", NULL, &root, &diags), -1);
	CHECK(find_diag(&diags, "symlink-outside", "t/passwd.md") != NULL);
	CHECK(diags.n == 1 && diags.v[0].sev == PDB_SEV_ERROR);
	diaglist_free(&diags);
}

static struct pdb_diaglist reader_diags;

/* Reads r/root/relpath through reader: its text, or NULL with *code set. */
static const char *
reader_text(struct pdb_walk_reader *reader, const char *relpath,
    struct pdb_buf *buf, const char **code)
{
	struct pdb_diaglist *diags = &reader_diags;
	int64_t mtime = 0;
	uint64_t size = 0;

	diaglist_clear(diags);
	*code = NULL;
	if (walk_reader_read(reader, "r/root", relpath, 1 << 20, 1, buf,
	    &mtime, &size, diags) == 0)
		return diags->n == 0 ? buf->data : NULL;
	if (diags->n == 1)
		*code = diags->v[0].code;
	return NULL;
}

/*
 * One reader for many files: the directory of the last one is kept open
 * for the next (two files, two descriptors: the root and d), and a file
 * swapped for a link between two reads is resolved anew, so a link leaving
 * the root is refused and one within it followed.
 */
static void
test_reader(void)
{
	struct pdb_walk_reader *reader = walk_reader_new();
	struct pdb_buf buf = {0};
	const char *code, *text;
	int fd = lowest_fd();

	dir("r");
	dir("r/root");
	dir("r/root/d");
	put("r/secret.md", "secret\n");
	put("r/root/in.md", "in\n");
	put("r/root/d/one.md", "one\n");
	put("r/root/d/two.md", "two\n");
	text = reader_text(reader, "d/one.md", &buf, &code);
	CHECK_STR(text != NULL ? text : "(null)", "one\n");
	text = reader_text(reader, "d/two.md", &buf, &code);
	CHECK_STR(text != NULL ? text : "(null)", "two\n");
	CHECK_INT(lowest_fd(), fd + 2);

	must(unlink("r/root/d/two.md") == 0, "unlink");
	link_to("../../secret.md", "r/root/d/two.md");
	CHECK(reader_text(reader, "d/two.md", &buf, &code) == NULL);
	CHECK_STR(code != NULL ? code : "(none)", "symlink-outside");
	CHECK_INT(buf.len, 0);
	must(unlink("r/root/d/one.md") == 0, "unlink");
	link_to("../in.md", "r/root/d/one.md");
	text = reader_text(reader, "d/one.md", &buf, &code);
	CHECK_STR(text != NULL ? text : "(null)", "in\n");
	text = reader_text(reader, "in.md", &buf, &code);
	CHECK_STR(text != NULL ? text : "(null)", "in\n");

	walk_reader_free(reader);
	diaglist_free(&reader_diags);
	CHECK_INT(lowest_fd(), fd);
	buf_free(&buf);
}

/* Fewer descriptors than the walk needs stand in for unreadable dirs. */
static void
test_no_descriptors(void)
{
	struct pdb_diaglist diags = {0};
	struct pdb_walk_root root;
	struct rlimit saved, low;
	int fd = lowest_fd();

	if (fcntl(fd + 1, F_GETFD) != -1 || fcntl(fd + 2, F_GETFD) != -1) {
		printf("note: descriptors above %d in use, test skipped\n", fd);
		return;
	}
	must(getrlimit(RLIMIT_NOFILE, &saved) == 0, "getrlimit");
	low = saved;

	/* Room for the root and one more: sub/deeper cannot be listed. */
	low.rlim_cur = (rlim_t)fd + 2;
	must(setrlimit(RLIMIT_NOFILE, &low) == 0, "setrlimit");
	CHECK_INT(walk_root("t/sub", NULL, &root, &diags), 0);
	CHECK_INT(root.complete, 0);
	CHECK(find_file(&root, "x.md") != NULL);
	CHECK(find_diag(&diags, "unreadable", "t/sub/deeper") != NULL);
	walk_root_free(&root);
	diaglist_free(&diags);

	/* Room for the root only: it cannot be listed at all. */
	low.rlim_cur = (rlim_t)fd + 1;
	must(setrlimit(RLIMIT_NOFILE, &low) == 0, "setrlimit");
	CHECK_INT(walk_root("t/sub", NULL, &root, &diags), -1);
	CHECK(diags.n == 1 && diags.v[0].sev == PDB_SEV_ERROR);
	CHECK(find_diag(&diags, "unreadable", "t/sub") != NULL);
	diaglist_free(&diags);
	must(setrlimit(RLIMIT_NOFILE, &saved) == 0, "setrlimit");
}

static void
test_long_path(void)
{
	struct pdb_diaglist diags = {0};
	struct pdb_walk_root root;
	char name[LONG_NAME_LEN + 1];
	int fd, next;

	memset(name, 'L', LONG_NAME_LEN);
	name[LONG_NAME_LEN] = '\0';
	dir("long");
	must((fd = open("long", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1,
	    "long");
	for (int i = 0; i < LONG_DEPTH; i++) {
		must(mkdirat(fd, name, 0755) == 0, "mkdirat");
		next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		must(next != -1 && close(fd) == 0, "openat");
		fd = next;
	}
	put_at(fd, "deep.md", "deep\n");
	must(symlinkat("deep.md", fd, "deep-link.md") == 0, "symlinkat");
	must(symlinkat("../../../../../../../../../../../../../../../../../../"
	    "../../../../../../../../../../..", fd, "way-up.md") == 0,
	    "symlinkat");
	must(close(fd) == 0, "close");

	CHECK_INT(walk_root("long", NULL, &root, &diags), 0);
	CHECK_INT(root.nfiles, 2);
	CHECK_INT(diags.n, 1);
	CHECK_INT(count_code(&diags, "symlink-outside"), 1);
	for (size_t i = 0; i < root.nfiles; i++) {
		CHECK(strlen(root.files[i].relpath) > PATH_MAX);
		check_read("long", root.files[i].relpath, "deep\n");
	}
	walk_root_free(&root);
	diaglist_free(&diags);
}

static void
test_many_files(void)
{
	struct pdb_diaglist diags = {0};
	struct pdb_walk_root root;
	char name[32];
	double t0, cpu;
	int fd, sorted = 1;

	dir("big");
	must((fd = open("big", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1,
	    "big");
	t0 = now();
	/* Created in reverse so readdir order is unlikely to be sorted. */
	for (int i = BIG_COUNT - 1; i >= 0; i--) {
		int f;

		snprintf(name, sizeof(name), "f%06d.md", i);
		f = openat(fd, name, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		must(f != -1 && close(f) == 0, name);
	}
	must(close(fd) == 0, "close");
	printf("created %d files in %.3f s\n", BIG_COUNT, now() - t0);

	t0 = now();
	cpu = cpu_now();
	CHECK_INT(walk_root("big", NULL, &root, &diags), 0);
	t0 = now() - t0;
	cpu = cpu_now() - cpu;
	printf("walked %zu files in one directory in %.3f s (%.3f s CPU)\n",
	    root.nfiles, t0, cpu);
	/* Linear: about 0.2 s of CPU, 1 s under ASan; a quadratic sort or
	 * lookup would take minutes. */
	CHECK(cpu < 5.0);
	CHECK_INT(root.nfiles, BIG_COUNT);
	CHECK_INT(diags.n, 0);
	for (size_t i = 0; i + 1 < root.nfiles; i++)
		sorted &= strcmp(root.files[i].relpath,
		    root.files[i + 1].relpath) < 0;
	CHECK(sorted);
	if (root.nfiles == BIG_COUNT) {
		CHECK_STR(root.files[0].relpath, "f000000.md");
		CHECK_STR(root.files[BIG_COUNT - 1].relpath, "f099999.md");
	}
	walk_root_free(&root);
	diaglist_free(&diags);
}

int
main(void)
{
	int have_dev, fd;

	alarm(120);	/* a walk blocked on a FIFO fails instead of hanging */
	test_labels();
	must(mkdtemp(tmp) != NULL, "mkdtemp");
	must(chdir(tmp) == 0, "chdir");
	have_dev = build_tree();
	fd = lowest_fd();
	test_tree(have_dev);
	test_read(have_dev);
	test_vanished();
	test_permissions();
	test_file_args();
	test_no_descriptors();
	test_reader();
	test_long_path();
	CHECK_INT(lowest_fd(), fd);	/* nothing left open */
	test_many_files();
	must(chdir("/") == 0, "chdir");
	rm_tree_at(AT_FDCWD, tmp);
	return harness_done();
}
