/*
 * test_gitlog.c - gitlog.c against a throwaway repository built under
 * /tmp with scripted commits and fixed dates: adds, edits, deletes, a
 * rename, odd file names, files the walk would not take, a --no-ff merge,
 * the bounds (a replayed commit, a date), rewritten history, a shallow
 * clone, and the contents of every change.  Exits 77 (skipped) without git.
 */
#define _DEFAULT_SOURCE	/* mkdtemp, setenv */

#include "progdb/gitlog.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define DAY1	INT64_C(1735732800)	/* 2025-01-01T12:00:00Z */
#define DAY(n)	(DAY1 + ((n) - 1) * 86400)
#define MAX_ARGS 32
#define NONE	"0000000000000000000000000000000000000001"

static char tmp[] = "/tmp/progdb-gitlog-XXXXXX";
static char *repo;			/* tmp/repo */
static char ids[16][PDB_GIT_ID_MAX + 1];	/* main's commits, by day */
static char side[PDB_GIT_ID_MAX + 1];	/* the feature branch's tip */

/* Setup steps must work, or nothing after them means anything. */
static void
must(int ok, const char *what)
{
	if (!ok) {
		perror(what);
		exit(2);
	}
}

/* Runs argv, with its stdout in out when out is not NULL.  Returns its
 * exit status, or -1 when it could not run. */
static int
run(char *const argv[], struct pdb_buf *out)
{
	int fds[2], status;
	char chunk[4096];
	ssize_t n;
	pid_t pid;

	must(pipe(fds) == 0, "pipe");
	if ((pid = fork()) == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	must(pid > 0, "fork");
	close(fds[1]);
	while ((n = read(fds[0], chunk, sizeof(chunk))) > 0)
		if (out != NULL)
			buf_append(out, chunk, (size_t)n);
	close(fds[0]);
	must(waitpid(pid, &status, 0) == pid, "waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Runs git -C dir ARGS... (NULL-terminated); returns its stdout less
 * one trailing newline, and exits the test if git fails. */
static char *
git_in(const char *dir, ...)
{
	char *argv[MAX_ARGS] = {"git", "-C", (char *)dir};
	struct pdb_buf out = {0};
	size_t n = 3;
	va_list ap;

	va_start(ap, dir);
	while ((argv[n] = va_arg(ap, char *)) != NULL)
		must(++n < MAX_ARGS, "too many arguments");
	va_end(ap);
	if (run(argv, &out) != 0) {
		fprintf(stderr, "git %s failed in %s\n", argv[3], dir);
		exit(2);
	}
	if (out.len > 0 && out.data[out.len - 1] == '\n')
		out.data[--out.len] = '\0';
	return buf_detach(&out);
}

/* What `git show SPEC` prints, byte for byte, into out. */
static void
git_show(const char *spec, struct pdb_buf *out)
{
	char *argv[] = {"git", "-C", repo, "show", (char *)spec, NULL};

	buf_reset(out);
	must(run(argv, out) == 0, spec);
}

#define git(...)	free(git_in(repo, __VA_ARGS__, (char *)NULL))
#define git_out(...)	git_in(repo, __VA_ARGS__, (char *)NULL)

/* Writes repo/rel, making its directories. */
static void
put(const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", repo, rel);
	FILE *f;

	for (char *s = strchr(path + strlen(repo) + 1, '/'); s != NULL;
	    s = strchr(s + 1, '/')) {
		*s = '\0';
		must(mkdir(path, 0755) == 0 || errno == EEXIST, path);
		*s = '/';
	}
	must((f = fopen(path, "w")) != NULL, path);
	must(fputs(text, f) >= 0 && fclose(f) == 0, path);
	free(path);
}

/* Makes what git does next happen on day `day` at noon UTC. */
static void
on_day(int day)
{
	char date[32];

	snprintf(date, sizeof(date), "2025-01-%02dT12:00:00Z", day);
	must(setenv("GIT_AUTHOR_DATE", date, 1) == 0 &&
	    setenv("GIT_COMMITTER_DATE", date, 1) == 0, "setenv");
}

/* Remembers HEAD as the commit of day `day`. */
static void
remember(int day)
{
	char *id = git_out("rev-parse", "HEAD");

	snprintf(ids[day], sizeof(ids[day]), "%s", id);
	free(id);
}

/* Commits everything on day `day`. */
static void
commit(int day, const char *msg)
{
	on_day(day);
	git("add", "-A");
	git("commit", "-q", "--allow-empty", "-m", msg);
	remember(day);
}

static const char plan_md[] =
    "# Plan\n\nSome words about the plan, long enough for git to see\n"
    "the file moved rather than one deleted and another added.\n\n"
    "- [ ] one\n- [ ] two\n- [x] three\n- [ ] four\n- [ ] five\n";

/*
 * The history (dates are January 2025; "docs" is the root):
 *   1  add six documents and files the walk would not take
 *   2  edit notes.md and README.md
 *   3  edit only README.md and docs/image.txt    (not listed)
 *   4  git mv docs/plan.md docs/2025/plan.md, edited
 *   5  delete "with space.md"
 *   6  feature: add feature.md                   (not on main's line)
 *   7  feature: edit notes.md                    (not on main's line)
 *   8  main: edit the file with a newline in its name
 *   9  merge feature --no-ff
 *  10  rename notes.md to notes.txt
 */
static void
build_history(void)
{
	git("init", "-q", "-b", "main");
	put("docs/plan.md", plan_md);
	put("docs/notes.md", "# Notes\n");
	put("docs/with space.md", "spaced\n");
	put("docs/new\nline.md", "newline\n");
	put("docs/caf\xe9.md", "latin-1 name\n");
	put("docs/UPPER.MD", "# Upper\n");
	put("docs/image.txt", "not markdown\n");
	put("docs/.hidden/x.md", "hidden\n");
	put("docs/node_modules/y.md", "vendored\n");
	put("README.md", "# Readme\n");
	commit(1, "Start the docs");
	put("docs/notes.md", "# Notes\n\n- [ ] write more\n");
	put("README.md", "# Readme\n\nMore.\n");
	commit(2, "Edit notes");
	put("README.md", "# Readme\n\nEven more.\n");
	put("docs/image.txt", "still not markdown\n");
	commit(3, "Outside the docs");
	put("docs/2025/.keep", "");
	git("mv", "docs/plan.md", "docs/2025/plan.md");
	put("docs/2025/plan.md", "# Plan\n\nSome words about the plan, long "
	    "enough for git to see\nthe file moved rather than one deleted "
	    "and another added.\n\n- [x] one\n- [ ] two\n- [x] three\n"
	    "- [ ] four\n- [ ] five\n");
	commit(4, "Move the plan\n\nInto this year's folder.");
	git("rm", "-q", "docs/with space.md");
	commit(5, "Drop the spaced file");
	git("checkout", "-q", "-b", "feature");
	put("docs/feature.md", "# Feature\n");
	commit(6, "Feature doc");
	put("docs/notes.md", "# Notes\n\n- [x] write more\n");
	commit(7, "Feature notes");
	memcpy(side, ids[7], sizeof(side));
	git("checkout", "-q", "main");
	put("docs/new\nline.md", "newline, edited\n");
	commit(8, "Edit the newline file");
	on_day(9);
	git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature");
	remember(9);
	git("mv", "docs/notes.md", "docs/notes.txt");
	commit(10, "Notes become text");
}

/* ---- describing what gitlog lists ---- */

static const char kinds[] = "AMDR";

/* One line per commit: "subject: K root:path[<old]; ..." */
static char *
describe(struct pdb_gitlog *g)
{
	const struct pdb_gitlog_commit *c;
	struct pdb_buf b = {0};

	while ((c = gitlog_next(g)) != NULL) {
		buf_printf(&b, "%s:", c->subject);
		for (size_t i = 0; i < c->nchanges; i++) {
			const struct pdb_gitlog_change *ch = &c->changes[i];

			buf_printf(&b, " %c %zu:%s", kinds[ch->kind],
			    ch->root, ch->relpath);
			if (ch->oldpath != NULL)
				buf_printf(&b, "<%s", ch->oldpath);
			buf_putc(&b, ';');
		}
		buf_putc(&b, '\n');
	}
	return buf_detach(&b);
}

/* Opens with o, describes the listing, and closes.  NULL on failure. */
static char *
listing(const struct pdb_gitlog_opts *o)
{
	struct pdb_diaglist diags = {0};
	struct pdb_gitlog *g;
	char *s = NULL;

	if (gitlog_open(o, &g, &diags) == 0) {
		s = describe(g);
		CHECK_INT(gitlog_close(g, &diags), 0);
	}
	if (diags.n > 0)
		diag_print_list(NULL, &diags);
	diaglist_free(&diags);
	return s;
}

/* Opens with o, which must fail with code; returns the message. */
static char *
refusal(const struct pdb_gitlog_opts *o, const char *code)
{
	struct pdb_diaglist diags = {0};
	struct pdb_gitlog *g = (struct pdb_gitlog *)&diags;
	char *msg = NULL;

	CHECK_INT(gitlog_open(o, &g, &diags), -1);
	CHECK(g == NULL);
	CHECK_INT(diags.n, 1);
	if (diags.n > 0) {
		CHECK_STR(diags.v[0].code, code);
		CHECK_INT(diags.v[0].sev, PDB_SEV_ERROR);
		msg = xstrdup(diags.v[0].msg);
	}
	diaglist_free(&diags);
	return msg != NULL ? msg : xstrdup("");
}

static void
check_listing(const struct pdb_gitlog_opts *o, const char *want)
{
	char *got = listing(o);

	CHECK_STR(got, want);
	free(got);
}

#define D1 "Start the docs: A 0:UPPER.MD; A 0:caf\xe9.md; A 0:new\nline.md;" \
	" A 0:notes.md; A 0:plan.md; A 0:with space.md;\n"
#define D2 "Edit notes: M 0:notes.md;\n"
#define D4 "Move the plan: R 0:2025/plan.md<plan.md;\n"
#define D5 "Drop the spaced file: D 0:with space.md;\n"
#define D8 "Edit the newline file: M 0:new\nline.md;\n"
#define D9 "Merge feature: A 0:feature.md; M 0:notes.md;\n"
#define D10 "Notes become text: D 0:notes.md;\n"
/* A history started with --since: the tree before it, every file added. */
#define B5 "Drop the spaced file: A 0:2025/plan.md; A 0:UPPER.MD; " \
	"A 0:caf\xe9.md; A 0:new\nline.md; A 0:notes.md;\n"
#define B9 "Merge feature: A 0:2025/plan.md; A 0:UPPER.MD; A 0:caf\xe9.md; " \
	"A 0:feature.md; A 0:new\nline.md; A 0:notes.md;\n"

/* ---- the tests ---- */

static void
test_listing(void)
{
	const char *docs[] = {"docs"};
	struct pdb_gitlog_opts o = { .dir = repo, .roots = docs, .nroots = 1 };

	check_listing(&o, D1 D2 D4 D5 D8 D9 D10);
}

/* Commit metadata, the count, the head and the roots. */
static void
test_metadata(void)
{
	const char *docs[] = {"docs"};
	struct pdb_gitlog_opts o = { .dir = repo, .roots = docs, .nroots = 1 };
	struct pdb_diaglist diags = {0};
	const struct pdb_gitlog_commit *c;
	struct pdb_gitlog *g;
	int days[] = {1, 2, 4, 5, 8, 9, 10};
	size_t n = 0;

	CHECK_INT(gitlog_open(&o, &g, &diags), 0);
	CHECK_INT(diags.n, 0);
	CHECK_INT(gitlog_count(g), 7);
	CHECK_STR(gitlog_head(g), ids[10]);
	CHECK_STR(gitlog_root(g, 0)->label, "docs");
	CHECK_STR(gitlog_root(g, 0)->repopath, "docs");
	CHECK_INT(gitlog_root(g, 0)->is_file, 0);
	CHECK(gitlog_root(g, 1) == NULL);
	while ((c = gitlog_next(g)) != NULL && n < 7) {
		CHECK_STR(c->id, ids[days[n]]);
		CHECK_INT(c->time, DAY(days[n]));
		CHECK_STR(c->author, "Ada Lovelace");
		n++;
	}
	CHECK_INT(n, 7);
	CHECK(gitlog_next(g) == NULL);
	CHECK_INT(gitlog_close(g, &diags), 0);
	CHECK_INT(gitlog_close(NULL, &diags), 0);
	diaglist_free(&diags);
}

/* Roots named other ways: from below the top, absolute, a file, two. */
static void
test_roots(void)
{
	char *docsdir = xasprintf("%s/docs", repo);
	const char *dot[] = {"."}, *abs[] = {docsdir};
	const char *sub[] = {"docs/2025"}, *file[] = {"docs/notes.md"};
	const char *up[] = {"../docs/2025/"}, *two[] = {"docs", "docs/2025"};
	struct pdb_gitlog_opts o = { .dir = docsdir, .roots = dot, .nroots = 1 };
	struct pdb_diaglist diags = {0};
	struct pdb_gitlog *g;

	check_listing(&o, D1 D2 D4 D5 D8 D9 D10);
	o.roots = up;
	check_listing(&o, "Move the plan: "
	    "A 0:plan.md;\n");
	o.dir = repo;
	o.roots = abs;
	check_listing(&o, D1 D2 D4 D5 D8 D9 D10);
	o.roots = dot;			/* the top: README.md too */
	check_listing(&o, "Start the docs: A 0:README.md; A 0:docs/UPPER.MD; "
	    "A 0:docs/caf\xe9.md; A 0:docs/new\nline.md; A 0:docs/notes.md; "
	    "A 0:docs/plan.md; A 0:docs/with space.md;\n"
	    "Edit notes: M 0:README.md; M 0:docs/notes.md;\n"
	    "Outside the docs: M 0:README.md;\n"
	    "Move the plan: R 0:docs/2025/plan.md<docs/plan.md;\n"
	    "Drop the spaced file: D 0:docs/with space.md;\n"
	    "Edit the newline file: M 0:docs/new\nline.md;\n"
	    "Merge feature: A 0:docs/feature.md; M 0:docs/notes.md;\n"
	    "Notes become text: D 0:docs/notes.md;\n");
	o.roots = sub;
	check_listing(&o, "Move the plan: "
	    "A 0:plan.md;\n");
	o.roots = file;			/* gone in HEAD: see the day before */
	o.rev = ids[9];
	check_listing(&o, "Start the docs: A 0:notes.md;\n" D2
	    "Merge feature: M 0:notes.md;\n");
	if (gitlog_open(&o, &g, &diags) == 0) {
		CHECK_STR(gitlog_root(g, 0)->label, "docs");
		CHECK_STR(gitlog_root(g, 0)->repopath, "docs/notes.md");
		CHECK_INT(gitlog_root(g, 0)->is_file, 1);
		CHECK_INT(gitlog_close(g, &diags), 0);
	}
	o.rev = NULL;
	o.roots = two;
	o.nroots = 2;
	check_listing(&o, D1 D2 "Move the plan: "
	    "R 0:2025/plan.md<plan.md; A 1:plan.md;\n" D5 D8 D9 D10);
	CHECK_INT(diags.n, 0);
	diaglist_free(&diags);
	free(docsdir);
}

/* Includes and excludes as walk_root() applies them. */
static void
test_walk_rules(void)
{
	const char *docs[] = {"docs"}, *txt[] = {"*.txt"};
	const char *year[] = {"2025"}, *upper[] = {"*.MD"};
	struct pdb_walk_opts w = { .includes = txt, .nincludes = 1 };
	struct pdb_gitlog_opts o = { .dir = repo, .roots = docs, .nroots = 1,
	    .walk = &w };

	check_listing(&o, "Start the docs: A 0:UPPER.MD; A 0:caf\xe9.md; "
	    "A 0:image.txt; A 0:new\nline.md; A 0:notes.md; A 0:plan.md; "
	    "A 0:with space.md;\n" D2 "Outside the docs: M 0:image.txt;\n"
	    D4 D5 D8 D9 "Notes become text: R 0:notes.txt<notes.md;\n");
	memset(&w, 0, sizeof(w));
	w.excludes = year;
	w.nexcludes = 1;
	check_listing(&o, D1 D2 "Move the plan: "
	    "D 0:plan.md;\n" D5 D8 D9 D10);
	w.excludes = upper;
	check_listing(&o, "Start the docs: A 0:caf\xe9.md; A 0:new\nline.md; "
	    "A 0:notes.md; A 0:plan.md; A 0:with space.md;\n"
	    D2 D4 D5 D8 D9 D10);
}

/* A replayed commit, a date, an older revision. */
static void
test_bounds(void)
{
	const char *docs[] = {"docs"};
	struct pdb_gitlog_opts o = { .dir = repo, .roots = docs, .nroots = 1 };

	o.after = ids[4];
	check_listing(&o, D5 D8 D9 D10);
	o.after = ids[3];		/* listed or not, it is the bound */
	check_listing(&o, D4 D5 D8 D9 D10);
	o.after = ids[10];
	check_listing(&o, "");
	o.after = "main~2";
	check_listing(&o, D9 D10);
	o.baseline = 1;			/* --since REV: REV's tree first */
	o.after = ids[4];
	check_listing(&o, "Move the plan: A 0:2025/plan.md; A 0:UPPER.MD; "
	    "A 0:caf\xe9.md; A 0:new\nline.md; A 0:notes.md; "
	    "A 0:with space.md;\n" D5 D8 D9 D10);
	o.baseline = 0;
	o.after = NULL;
	o.since = DAY(8);
	check_listing(&o, B5 D8 D9 D10);
	o.since = DAY(-30);		/* before the first commit */
	check_listing(&o, D1 D2 D4 D5 D8 D9 D10);
	o.since = 1;
	check_listing(&o, D1 D2 D4 D5 D8 D9 D10);
	o.since = 0;
	o.rev = ids[5];
	check_listing(&o, D1 D2 D4 D5);
	o.rev = "main~1";
	o.after = ids[2];
	check_listing(&o, D4 D5 D8 D9);
}

/* Histories that cannot be replayed, and places that are no histories. */
static void
test_refusals(void)
{
	char *plain = xasprintf("%s/plain", tmp), *bin = xasprintf("%s/bin",
	    tmp), *path = xstrdup(getenv("PATH")), *amended, *msg;
	const char *docs[] = {"docs"}, *out[] = {"../plain"};
	const char *gone[] = {"docs/gone"};
	struct pdb_gitlog_opts o = { .dir = repo, .roots = docs, .nroots = 1 };

	o.after = side;
	msg = refusal(&o, "rewritten");
	CHECK(strstr(msg, "first-parent line") != NULL);
	free(msg);
	o.after = NONE;
	msg = refusal(&o, "rewritten");
	CHECK(strstr(msg, "not in this repository") != NULL);
	free(msg);
	o.after = ids[10];
	o.rev = ids[9];
	free(refusal(&o, "behind"));
	o.rev = "no-such-branch";
	free(refusal(&o, "bad-rev"));
	o.rev = "--output=/tmp/progdb-gitlog-injected";
	free(refusal(&o, "bad-rev"));
	CHECK(access("/tmp/progdb-gitlog-injected", F_OK) != 0);
	o.rev = NULL;

	/* amend the commit already replayed */
	on_day(11);
	git("commit", "-q", "--amend", "-m", "Notes become text, amended");
	amended = git_out("rev-parse", "HEAD");
	msg = refusal(&o, "rewritten");
	CHECK(strstr(msg, "no longer an ancestor") != NULL);
	CHECK(strstr(msg, "rebase, an amend or a forced push") != NULL);
	free(msg);
	o.after = ids[9];
	check_listing(&o, "Notes become text, amended: D 0:notes.md;\n");
	git("reset", "-q", "--hard", ids[10]);
	o.after = amended;
	free(refusal(&o, "rewritten"));
	free(amended);
	o.after = NULL;

	o.roots = out;
	free(refusal(&o, "outside"));
	o.roots = gone;
	free(refusal(&o, "not-found"));
	o.roots = docs;

	must(mkdir(plain, 0755) == 0, plain);
	o.dir = plain;
	msg = refusal(&o, "not-git");
	CHECK(strstr(msg, "not a git repository") != NULL);
	free(msg);
	o.dir = repo;

	must(mkdir(bin, 0755) == 0, bin);
	must(setenv("PATH", bin, 1) == 0, "setenv");
	free(refusal(&o, "git-missing"));
	must(setenv("PATH", path, 1) == 0, "setenv");
	free(path);
	free(bin);
	free(plain);
}

/* A shallow clone is refused unless the bound shows the missing part is
 * not needed. */
static void
test_shallow(void)
{
	char *url = xasprintf("file://%s", repo);
	char *clone = xasprintf("%s/shallow", tmp);
	const char *docs[] = {"docs"};
	struct pdb_gitlog_opts o = { .dir = clone, .roots = docs, .nroots = 1 };
	char *msg;

	free(git_in(tmp, "clone", "-q", "--depth", "2", url, clone,
	    (char *)NULL));
	msg = refusal(&o, "shallow");
	CHECK(strstr(msg, "shallow clone: history before 2025-01-09 "
	    "(commit ") != NULL);
	CHECK(strstr(msg, "git fetch --unshallow") != NULL);
	free(msg);
	o.after = ids[4];
	free(refusal(&o, "shallow"));
	o.after = ids[9];
	check_listing(&o, D10);
	o.after = NULL;
	o.since = DAY(9);
	free(refusal(&o, "shallow"));
	o.since = DAY(10);
	check_listing(&o, B9 D10);
	free(url);
	free(clone);
}

/* Replays the listing over a map of the files and checks it ends as a
 * walk of the checked-out tree; every change's contents are git show's. */
static void
test_contents(void)
{
	const char *docs[] = {"docs"};
	struct pdb_gitlog_opts o = { .dir = repo, .roots = docs, .nroots = 1 };
	struct pdb_diaglist diags = {0};
	struct pdb_buf buf = {0}, disk = {0};
	struct pdb_walk_root root;
	const struct pdb_gitlog_commit *c;
	struct pdb_gitlog *g;
	char *docsdir = xasprintf("%s/docs", repo);
	char *live[32] = {0}, *blobs[32] = {0};
	size_t nlive = 0, reads = 0;

	CHECK_INT(gitlog_open(&o, &g, &diags), 0);
	while ((c = gitlog_next(g)) != NULL) {
		for (size_t i = 0; i < c->nchanges; i++) {
			const struct pdb_gitlog_change *ch = &c->changes[i];
			const char *gone = ch->kind == PDB_GITLOG_DELETE ?
			    ch->relpath : ch->oldpath;
			char *spec;
			size_t j;

			for (j = 0; gone != NULL && j < nlive; j++)
				if (live[j] != NULL &&
				    strcmp(live[j], gone) == 0) {
					free(live[j]);
					free(blobs[j]);
					live[j] = blobs[j] = NULL;
				}
			if (ch->kind == PDB_GITLOG_DELETE)
				continue;
			CHECK_INT(gitlog_read(g, ch, 1 << 20, 4, &buf,
			    &diags), 0);
			spec = xasprintf("%s:docs/%s", c->id, ch->relpath);
			git_show(spec, &disk);
			CHECK_MEM(buf.data, buf.len, disk.data, disk.len);
			CHECK(buf.data[buf.len] == 0 &&
			    buf.data[buf.len + 3] == 0);
			free(spec);
			reads++;
			for (j = 0; j < nlive; j++)
				if (live[j] != NULL &&
				    strcmp(live[j], ch->relpath) == 0)
					break;
			if (j == nlive)
				must(++nlive < 32, "too many files");
			free(live[j]);
			free(blobs[j]);
			live[j] = xstrdup(ch->relpath);
			blobs[j] = xstrdup(ch->blob);
		}
	}
	CHECK_INT(reads, 11);

	/* what is left is what a plain ingest of the checkout finds */
	CHECK_INT(walk_root(docsdir, NULL, &root, &diags), 0);
	for (size_t f = 0; f < root.nfiles; f++) {
		struct pdb_gitlog_change ch = { .kind = PDB_GITLOG_MODIFY };
		size_t j;
		int64_t mtime;
		uint64_t size;

		for (j = 0; j < nlive; j++)
			if (live[j] != NULL &&
			    strcmp(live[j], root.files[f].relpath) == 0)
				break;
		CHECK(j < nlive);
		if (j == nlive)
			continue;
		ch.relpath = live[j];
		memcpy(ch.blob, blobs[j], strlen(blobs[j]) + 1);
		CHECK_INT(gitlog_read(g, &ch, 1 << 20, 0, &buf, &diags), 0);
		CHECK_INT(walk_read(root.dir, live[j], 1 << 20, 0, &disk,
		    &mtime, &size, &diags), 0);
		CHECK_MEM(buf.data, buf.len, disk.data, disk.len);
		free(live[j]);
		free(blobs[j]);
		live[j] = blobs[j] = NULL;
	}
	for (size_t j = 0; j < nlive; j++)
		CHECK(live[j] == NULL);
	CHECK_INT(root.nfiles, 5);
	walk_root_free(&root);
	CHECK_INT(diags.n, 0);

	/* a missing blob and a blob too large are skipped, in step */
	{
		struct pdb_gitlog_change ch = { .kind = PDB_GITLOG_ADD,
		    .relpath = "x.md", .blob = NONE };
		struct pdb_gitlog_change big = { .kind = PDB_GITLOG_ADD,
		    .relpath = "big.md" };
		char *id = git_out("rev-parse", "HEAD:docs/2025/plan.md");

		snprintf(big.blob, sizeof(big.blob), "%s", id);
		free(id);
		CHECK_INT(gitlog_read(g, &ch, 1 << 20, 0, &buf, &diags), 1);
		CHECK_INT(gitlog_read(g, &big, 10, 0, &buf, &diags), 1);
		CHECK_INT(gitlog_read(g, &big, 1 << 20, 0, &buf, &diags), 0);
		CHECK_INT(buf.len, strlen(plan_md));
		CHECK_INT(diags.n, 2);
		if (diags.n == 2) {
			CHECK_STR(diags.v[0].code, "git-missing-blob");
			CHECK_STR(diags.v[0].path, "docs/x.md");
			CHECK_STR(diags.v[1].code, "too-large");
		}
		diaglist_clear(&diags);
		ch.kind = PDB_GITLOG_DELETE;
		CHECK_INT(gitlog_read(g, &ch, 1 << 20, 0, &buf, &diags), -1);
	}
	CHECK_INT(gitlog_close(g, &diags), 0);
	diaglist_free(&diags);
	buf_free(&buf);
	buf_free(&disk);
	free(docsdir);
}

/* ---- leaks of descriptors and processes ---- */

static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;		/* the directory's own */
}

int
main(void)
{
	char *argv[] = {"git", "--version", NULL};
	char *home;
	int fds;

	if (run(argv, NULL) != 0) {
		printf("git not found: skipped\n");
		return 77;
	}
	must(mkdtemp(tmp) != NULL, "mkdtemp");
	repo = xasprintf("%s/repo", tmp);
	home = xasprintf("%s", tmp);
	must(mkdir(repo, 0755) == 0, repo);
	must(setenv("HOME", home, 1) == 0 &&
	    setenv("GIT_CONFIG_NOSYSTEM", "1", 1) == 0 &&
	    setenv("GIT_AUTHOR_NAME", "Ada Lovelace", 1) == 0 &&
	    setenv("GIT_AUTHOR_EMAIL", "ada@example.org", 1) == 0 &&
	    setenv("GIT_COMMITTER_NAME", "Charles Babbage", 1) == 0 &&
	    setenv("GIT_COMMITTER_EMAIL", "cb@example.org", 1) == 0 &&
	    setenv("TZ", "UTC", 1) == 0, "setenv");
	must(setenv("GIT_CONFIG_COUNT", "3", 1) == 0 &&	/* no effect */
	    setenv("GIT_CONFIG_KEY_0", "log.follow", 1) == 0 &&
	    setenv("GIT_CONFIG_VALUE_0", "true", 1) == 0 &&
	    setenv("GIT_CONFIG_KEY_1", "diff.relative", 1) == 0 &&
	    setenv("GIT_CONFIG_VALUE_1", "true", 1) == 0 &&
	    setenv("GIT_CONFIG_KEY_2", "color.ui", 1) == 0 &&
	    setenv("GIT_CONFIG_VALUE_2", "always", 1) == 0, "setenv");
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	build_history();

	fds = count_fds();
	test_listing();
	test_metadata();
	test_roots();
	test_walk_rules();
	test_bounds();
	test_contents();
	test_refusals();
	test_shallow();
	CHECK_INT(count_fds(), fds);
	errno = 0;
	CHECK(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD);

	if (harness_failed == 0) {
		char *rm[] = {"rm", "-rf", tmp, NULL};

		run(rm, NULL);
	} else
		fprintf(stderr, "left %s for a look\n", tmp);
	free(repo);
	free(home);
	return harness_done();
}
