/*
 * gitlog_bounds.c - refusing a history gitlog_open() cannot replay: a
 * commit already replayed that is gone, rewritten or off the first-parent
 * line, or a shallow clone missing the commits the listing needs.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitlog_int.h"

/* What after_verdict() makes of a commit already replayed. */
enum after_verdict {
	AFTER_OK,		/* on REV's first-parent line, or REV itself */
	AFTER_UNKNOWN,		/* not in the repository */
	AFTER_BEHIND,		/* REV is one of its ancestors */
	AFTER_SIDE,		/* an ancestor, but not a first-parent one */
	AFTER_REWRITTEN,	/* not an ancestor of REV any more */
};

/* The newest commit of a shallow clone whose parents are missing. */
struct boundary {
	char		 id[PDB_GIT_ID_MAX + 1];	/* "" when unknown */
	int64_t		 time;
	char		 date[16];		/* YYYY-MM-DD */
	size_t		 count;			/* boundary commits in all */
};

static int
is_shallow(struct opener *op)
{
	struct git_result r;
	struct gitcmd c;
	int rc = -1;

	gitcmd_init(&c, op->g->top);
	gitcmd_arg(&c, "rev-parse");
	gitcmd_arg(&c, "--is-shallow-repository");
	if (git_run(&c, &r, op->where, op->diags) == 0) {
		if (r.status == 0)
			rc = strcmp(buf_cstr(&r.out), "true") == 0;
		else
			git_failed(&c, r.status, r.why, op->where,
			    op->diags);
		git_result_free(&r);
	}
	gitcmd_free(&c);
	return rc;
}

/* Reads the file git lists a shallow clone's boundary commits in
 * (gitrepository-layout(5): $GIT_DIR/shallow) into ids. */
static int
read_shallow_file(struct opener *op, struct pdb_buf *ids)
{
	struct git_result r;
	struct gitcmd c;
	char chunk[4096];
	size_t n;
	FILE *f = NULL;
	char *path = NULL;

	gitcmd_init(&c, op->g->top);
	gitcmd_arg(&c, "rev-parse");
	gitcmd_arg(&c, "--git-path");
	gitcmd_arg(&c, "shallow");
	if (git_run(&c, &r, op->where, op->diags) == 0 && r.status == 0 &&
	    r.out.len > 0)
		path = r.out.data[0] == '/' ? xstrdup(r.out.data) :
		    xasprintf("%s/%s", op->g->top, r.out.data);
	git_result_free(&r);
	gitcmd_free(&c);
	if (path == NULL || (f = fopen(path, "r")) == NULL) {
		free(path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(ids, chunk, n);
	(void)fclose(f);
	free(path);
	return 0;
}

/* Finds the newest boundary commit of a shallow clone; b->id stays ""
 * when git will not say. */
static void
find_boundary(struct opener *op, struct boundary *b)
{
	struct pdb_buf ids = {0};
	struct git_result r = {0};
	struct gitcmd c;
	char *line, *save = NULL;

	memset(b, 0, sizeof(*b));
	if (read_shallow_file(op, &ids) != 0 || ids.len == 0) {
		buf_free(&ids);
		return;
	}
	gitcmd_init(&c, op->g->top);
	gitcmd_arg(&c, "log");
	gitcmd_arg(&c, "--no-walk=sorted");
	gitcmd_arg(&c, "--format=%H %ct %cs");
	gitcmd_arg(&c, "--end-of-options");
	for (line = strtok_r(ids.data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		if (git_is_object_id(line, strlen(line))) {
			gitcmd_arg(&c, line);
			b->count++;
		}
	if (b->count > 0 && git_run(&c, &r, op->where, op->diags) == 0 &&
	    r.status == 0 && sscanf(buf_cstr(&r.out), "%64s %" SCNd64 " %15s",
	    b->id, &b->time, b->date) != 3)
		b->id[0] = '\0';
	git_result_free(&r);
	gitcmd_free(&c);
	buf_free(&ids);
}

static void
shallow_error(struct opener *op, const struct boundary *b)
{
	if (b->id[0] == '\0')
		diaglist_add_at(op->diags, PDB_SEV_ERROR, op->where, 0,
		    "shallow", "shallow clone: older history is missing; run "
		    "git fetch --unshallow");
	else
		diaglist_add_at(op->diags, PDB_SEV_ERROR, op->where, 0,
		    "shallow", "shallow clone: history before %s (commit "
		    "%.12s%s) is missing; run git fetch --unshallow", b->date,
		    b->id, b->count > 1 ? " and others" : "");
}

/*
 * Reads `git rev-list --first-parent --parents after..head` to its last
 * (oldest) line into last.  Returns 0 or -1 after an error in diags.
 */
static int
oldest_after(struct opener *op, const char *after, struct pdb_buf *last)
{
	char *range = xasprintf("%s..%s", after, op->g->head);
	struct pdb_buf line = {0};
	struct pdb_child p;
	struct gitcmd c;
	int rc = -1, got, status;

	gitcmd_init(&c, op->g->top);
	gitcmd_arg(&c, "rev-list");
	gitcmd_arg(&c, "--first-parent");
	gitcmd_arg(&c, "--parents");
	gitcmd_arg(&c, "--end-of-options");
	gitcmd_arg(&c, range);
	if (git_start(&c, &p, 0, op->where, op->diags) == 0) {
		buf_reset(last);
		while ((got = childproc_read_token(&p, '\n', &line)) == 1) {
			buf_reset(last);
			buf_append(last, line.data, line.len);
		}
		status = childproc_finish(&p, got != 0 ? SIGTERM : 0);
		if (got == 0 && status == 0)
			rc = 0;
		else
			git_failed(&c, status, git_errline(&p),
			    op->where, op->diags);
		childproc_free(&p);
	}
	buf_free(&line);
	gitcmd_free(&c);
	free(range);
	return rc;
}

/* Runs `git merge-base --is-ancestor a b`: 1 yes, 0 no, -1 error. */
static int
is_ancestor(struct opener *op, const char *a, const char *b)
{
	struct git_result r;
	struct gitcmd c;
	int rc = -1;

	gitcmd_init(&c, op->g->top);
	gitcmd_arg(&c, "merge-base");
	gitcmd_arg(&c, "--is-ancestor");
	gitcmd_arg(&c, a);
	gitcmd_arg(&c, b);
	if (git_run(&c, &r, op->where, op->diags) == 0) {
		if (r.status == 0 || r.status == 1)
			rc = r.status == 0;
		else
			git_failed(&c, r.status, r.why, op->where,
			    op->diags);
		git_result_free(&r);
	}
	gitcmd_free(&c);
	return rc;
}

/*
 * Decides whether REV's history can be replayed from the commit after
 * (resolved into id).  Returns an enum after_verdict, or -1 after an
 * error in diags.
 */
static int
after_verdict(struct opener *op, const char *after,
    char id[PDB_GIT_ID_MAX + 1])
{
	struct pdb_buf last = {0};
	size_t n = strlen(op->g->head);
	int rc, anc;

	if ((rc = git_resolve_commit(op, after, id)) != 0)
		return rc < 0 ? -1 : AFTER_UNKNOWN;
	if (strcmp(id, op->g->head) == 0)
		return AFTER_OK;
	if (oldest_after(op, id, &last) != 0)
		rc = -1;
	else if (last.len == 0)
		rc = AFTER_BEHIND;
	else if (last.len > n && strncmp(last.data + n + 1, id, n) == 0 &&
	    (last.data[2 * n + 1] == '\0' || last.data[2 * n + 1] == ' '))
		rc = AFTER_OK;
	else if ((anc = is_ancestor(op, id, op->g->head)) < 0)
		rc = -1;
	else
		rc = anc ? AFTER_SIDE : AFTER_REWRITTEN;
	buf_free(&last);
	return rc;
}

/* --since REV: a commit to start after that is not one of REV's. */
static void
start_error(struct opener *op, int verdict, const char *after)
{
	const char *rev = op->o->rev != NULL ? op->o->rev : "HEAD";

	if (verdict == AFTER_UNKNOWN)
		diaglist_add_at(op->diags, PDB_SEV_ERROR, op->where, 0,
		    "bad-rev", "--since %s: neither a time nor a commit",
		    after);
	else
		diaglist_add_at(op->diags, PDB_SEV_ERROR, op->where, 0,
		    "bad-rev", "--since %s: not a commit on the first-parent "
		    "line of %s (commit %.12s)", after, rev, op->g->head);
}

static void
after_error(struct opener *op, int verdict, const char *after,
    const char *id)
{
	const char *rev = op->o->rev != NULL ? op->o->rev : "HEAD";

	if (op->o->baseline) {
		start_error(op, verdict, after);
		return;
	}
	if (verdict == AFTER_UNKNOWN)
		diaglist_add_at(op->diags, PDB_SEV_ERROR, op->where, 0,
		    "rewritten", "commit %.12s, the last one replayed, is not "
		    "in this repository (history rewritten and the old commits "
		    "pruned, or another repository); the history must be "
		    "replayed from the start", after);
	else if (verdict == AFTER_BEHIND)
		diaglist_add_at(op->diags, PDB_SEV_ERROR, op->where, 0,
		    "behind", "%s (commit %.12s) is older than commit %.12s, "
		    "the last one replayed; the history cannot be replayed "
		    "backwards", rev, op->g->head, id);
	else if (verdict == AFTER_SIDE)
		diaglist_add_at(op->diags, PDB_SEV_ERROR, op->where, 0,
		    "rewritten", "commit %.12s, the last one replayed, is no "
		    "longer on the first-parent line of %s (a merge brought it "
		    "in from another branch); the history must be replayed "
		    "from the start", id, rev);
	else
		diaglist_add_at(op->diags, PDB_SEV_ERROR, op->where, 0,
		    "rewritten", "history was rewritten: commit %.12s, the "
		    "last one replayed, is no longer an ancestor of %s (a "
		    "rebase, an amend or a forced push?); the history must be "
		    "replayed from the start", id, rev);
}

int
git_check_bounds(struct opener *op)
{
	const struct pdb_gitlog_opts *o = op->o;
	struct boundary b;
	int shallow, verdict = AFTER_OK;

	if ((shallow = is_shallow(op)) < 0)
		return -1;
	if (o->after != NULL &&
	    (verdict = after_verdict(op, o->after, op->g->after)) < 0)
		return -1;
	op->g->baseline = o->after != NULL && o->baseline;
	if (o->after != NULL && verdict == AFTER_OK)
		return 0;
	if (shallow) {
		find_boundary(op, &b);
		if (o->after == NULL && o->since != 0 && b.id[0] != '\0' &&
		    b.time < o->since)
			return 0;
		shallow_error(op, &b);
		return -1;
	}
	if (o->after != NULL) {
		after_error(op, verdict, o->after, op->g->after);
		return -1;
	}
	return 0;
}
