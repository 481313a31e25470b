/*
 * pg_gather.c - one answer over several repositories for `--server`: while
 * the command runs on each repository's copy, what it would render is
 * gathered (render_collector) into tables of a private in-memory SQLite
 * database, one per statement it renders, with a repo column: first for a
 * table, second (after the headline) for the parts of a multi-part answer.
 * The command renders the same statements in the same order on every
 * repository; the i-th render of each goes to the same table.  At the end
 * each table is rendered once, rows grouped by repository in the order the
 * repositories came; a multi-part answer takes the first repository's
 * heading and facts, and its notes name their repository when they differ.
 */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/pg.h"
#include "progdb/render.h"
#include "progdb/xmem.h"

#define MAX_CALLS	64

/* One render of the command, as the first repository made it. */
struct call {
	int			 is_parts;
	struct pdb_render_opts	 o;
	size_t			 max_rows;
	char			*heading;
	struct pdb_meta		*meta;		/* strings owned */
	size_t			 nmeta;
	struct pdb_part		*parts;		/* strings owned; no stmt */
	size_t			 nparts;
	struct pdb_buf		*notes;		/* one per part */
	char			**cols;		/* per table: its SELECT list */
};

struct pg_gather {
	sqlite3		*acc;
	const char	*repo;		/* the repository running now */
	size_t		 at;		/* renders made for it so far */
	struct call	 calls[MAX_CALLS];
	size_t		 ncalls;
	int		 failed;
	struct pdb_render_collector hook;
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* Appends name as a quoted SQL identifier. */
static void
quote_ident(struct pdb_buf *b, const char *name)
{
	buf_putc(b, '"');
	for (; *name != '\0'; name++) {
		if (*name == '"')
			buf_putc(b, '"');
		buf_putc(b, *name);
	}
	buf_putc(b, '"');
}

static int
acc_fail(struct pg_gather *g, const char *doing)
{
	fprintf(stderr, "progdb: gathering the answers: %s: %s\n", doing,
	    sqlite3_errmsg(g->acc));
	g->failed = 1;
	return -1;
}

/*
 * Table t<call>_<part> holding stmt's rows, repo at position repo_at:
 * created (and its SELECT list recorded) by the first repository.
 */
static int
make_table(struct pg_gather *g, size_t call, size_t part, sqlite3_stmt *stmt,
    int repo_at, char **select)
{
	struct pdb_buf sql = {0}, list = {0};
	int n = sqlite3_column_count(stmt), rc;

	buf_printf(&sql, "CREATE TABLE t%zu_%zu (", call, part);
	for (int i = 0, k = 0; i <= n; i++) {
		const char *name = i == repo_at ? "repo" :
		    sqlite3_column_name(stmt, k++);

		buf_printf(&sql, "%sk%d", i > 0 ? ", " : "", i);
		buf_printf(&list, "%sk%d AS ", i > 0 ? ", " : "", i);
		quote_ident(&list, name != NULL ? name : "");
	}
	buf_puts(&sql, ")");
	rc = sqlite3_exec(g->acc, buf_cstr(&sql), NULL, NULL, NULL);
	buf_free(&sql);
	if (rc != SQLITE_OK) {
		buf_free(&list);
		return acc_fail(g, "a table");
	}
	*select = buf_detach(&list);
	return 0;
}

/* Copies stmt's rows (stepped to the end) into t<call>_<part>; the count. */
static long
gather_rows(struct pg_gather *g, size_t call, size_t part, sqlite3_stmt *stmt,
    int repo_at)
{
	int n = sqlite3_column_count(stmt), step;
	struct pdb_buf sql = {0};
	sqlite3_stmt *ins;
	long rows = 0;

	buf_printf(&sql, "INSERT INTO t%zu_%zu VALUES (", call, part);
	for (int i = 0; i <= n; i++)
		buf_printf(&sql, "%s?", i > 0 ? ", " : "");
	buf_puts(&sql, ")");
	step = sqlite3_prepare_v2(g->acc, buf_cstr(&sql), -1, &ins, NULL);
	buf_free(&sql);
	if (step != SQLITE_OK)
		return acc_fail(g, "storing rows");
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (int i = 0, k = 0; i <= n; i++)
			if (i == repo_at)
				sqlite3_bind_text(ins, i + 1, g->repo, -1,
				    SQLITE_STATIC);
			else
				sqlite3_bind_value(ins, i + 1,
				    sqlite3_column_value(stmt, k++));
		if (sqlite3_step(ins) != SQLITE_DONE) {
			sqlite3_finalize(ins);
			return acc_fail(g, "storing rows");
		}
		sqlite3_reset(ins);
		rows++;
	}
	sqlite3_finalize(ins);
	return step == SQLITE_DONE ? rows : -1;
}

/* The call this render is, made on the first repository's; NULL when the
 * command renders differently here (then nothing is gathered). */
static struct call *
this_call(struct pg_gather *g, int is_parts, size_t nparts, int *first)
{
	struct call *c;

	*first = g->at == g->ncalls;
	if (g->at >= MAX_CALLS) {
		g->failed = 1;
		return NULL;
	}
	c = &g->calls[g->at++];
	if (*first) {
		g->ncalls++;
		c->is_parts = is_parts;
		c->nparts = nparts;
		c->cols = xcalloc(nparts, sizeof(*c->cols));
		c->notes = xcalloc(nparts, sizeof(*c->notes));
	} else if (c->is_parts != is_parts || c->nparts != nparts) {
		fprintf(stderr, "progdb: the answers of the repositories have "
		    "different shapes; ask one at a time (--repo NAME)\n");
		g->failed = 1;
		return NULL;
	}
	return c;
}

static long
gather_stmt(void *ctx, sqlite3_stmt *stmt, const struct pdb_render_opts *o)
{
	struct pg_gather *g = ctx;
	int first;
	struct call *c = this_call(g, 0, 1, &first);
	size_t k;

	if (c == NULL)
		return -1;
	k = (size_t)(c - g->calls);
	if (first) {
		c->o = *o;
		if (make_table(g, k, 0, stmt, 0, &c->cols[0]) != 0)
			return -1;
	}
	return gather_rows(g, k, 0, stmt, 0);
}

/* Keeps what the first repository's multi-part answer says besides rows. */
static void
keep_first(struct call *c, const char *heading, const struct pdb_meta *meta,
    size_t nmeta, const struct pdb_part *parts,
    const struct pdb_render_opts *o, size_t max_rows)
{
	c->o = *o;
	c->max_rows = max_rows;
	c->heading = dup_or_null(heading);
	c->meta = xcalloc(nmeta + 1, sizeof(*c->meta));
	c->nmeta = nmeta;
	for (size_t i = 0; i < nmeta; i++) {
		c->meta[i].key = dup_or_null(meta[i].key);
		c->meta[i].value = dup_or_null(meta[i].value);
	}
	c->parts = xcalloc(c->nparts, sizeof(*c->parts));
	for (size_t i = 0; i < c->nparts; i++) {
		c->parts[i].key = dup_or_null(parts[i].key);
		c->parts[i].title = dup_or_null(parts[i].title);
		c->parts[i].summary = dup_or_null(parts[i].summary);
	}
}

/* A part's note: as the first repository's, or each prefixed by its
 * repository once another differs. */
static void
gather_note(struct pg_gather *g, struct call *c, size_t i, const char *note)
{
	struct pdb_buf *b = &c->notes[i];

	if (note == NULL || strcmp(buf_cstr(b), note) == 0)
		return;
	buf_printf(b, "%s%s: %s", b->len > 0 ? "\n" : "", g->repo, note);
}

static long
gather_parts(void *ctx, const char *heading, const struct pdb_meta *meta,
    size_t nmeta, const struct pdb_part *parts, size_t nparts,
    const struct pdb_render_opts *o, size_t max_rows)
{
	struct pg_gather *g = ctx;
	int first;
	struct call *c = this_call(g, 1, nparts, &first);
	size_t k;
	long total = 0;

	if (c == NULL)
		return -1;
	k = (size_t)(c - g->calls);
	if (first)
		keep_first(c, heading, meta, nmeta, parts, o, max_rows);
	for (size_t i = 0; i < nparts; i++) {
		long n;

		if (first && make_table(g, k, i, parts[i].stmt, 1,
		    &c->cols[i]) != 0)
			return -1;
		if ((n = gather_rows(g, k, i, parts[i].stmt, 1)) < 0)
			return -1;
		total += n;
		if (first && parts[i].note != NULL)
			buf_puts(&c->notes[i], parts[i].note);
		else if (!first)
			gather_note(g, c, i, parts[i].note);
	}
	return total;
}

struct pg_gather *
pg_gather_new(void)
{
	struct pg_gather *g = xcalloc(1, sizeof(*g));

	if (sqlite3_open(":memory:", &g->acc) != SQLITE_OK) {
		fprintf(stderr, "progdb: gathering the answers: no memory\n");
		sqlite3_close(g->acc);
		free(g);
		return NULL;
	}
	g->hook = (struct pdb_render_collector){gather_stmt, gather_parts, g};
	return g;
}

void
pg_gather_begin(struct pg_gather *g, const char *repo)
{
	g->repo = repo;
	g->at = 0;
	render_collector = &g->hook;
}

void
pg_gather_end(struct pg_gather *g)
{
	(void)g;
	render_collector = NULL;
}

static int
prepare_table(struct pg_gather *g, size_t call, size_t part, sqlite3_stmt **s)
{
	struct pdb_buf sql = {0};
	int rc;

	buf_printf(&sql, "SELECT %s FROM t%zu_%zu ORDER BY rowid",
	    g->calls[call].cols[part], call, part);
	rc = sqlite3_prepare_v2(g->acc, buf_cstr(&sql), -1, s, NULL);
	buf_free(&sql);
	return rc == SQLITE_OK ? 0 : acc_fail(g, "reading rows");
}

/* Renders one gathered call; <0 after an error. */
static long
render_call(struct pg_gather *g, size_t k)
{
	struct call *c = &g->calls[k];
	long n = -1;

	if (!c->is_parts) {
		sqlite3_stmt *s;

		if (prepare_table(g, k, 0, &s) != 0)
			return -1;
		n = render_stmt(s, &c->o, stdout);
		sqlite3_finalize(s);
		return n;
	}
	n = 0;
	for (size_t i = 0; i < c->nparts && n == 0; i++) {
		c->parts[i].note = c->notes[i].len > 0 ?
		    buf_cstr(&c->notes[i]) : NULL;
		if (prepare_table(g, k, i, &c->parts[i].stmt) != 0)
			n = -1;
	}
	if (n == 0)
		n = render_parts(c->heading, c->meta, c->nmeta, c->parts,
		    c->nparts, &c->o, c->max_rows, stdout);
	for (size_t i = 0; i < c->nparts; i++)
		sqlite3_finalize(c->parts[i].stmt);
	return n;
}

int
pg_gather_render(struct pg_gather *g)
{
	if (g->failed)
		return PDB_EXIT_DB;
	for (size_t k = 0; k < g->ncalls; k++)
		if (render_call(g, k) < 0)
			return PDB_EXIT_DB;
	return fflush(stdout) == 0 ? 0 : PDB_EXIT_DB;
}

static void
free_call(struct call *c)
{
	free(c->heading);
	for (size_t i = 0; c->meta != NULL && i < c->nmeta; i++) {
		free((char *)c->meta[i].key);
		free((char *)c->meta[i].value);
	}
	free(c->meta);
	for (size_t i = 0; i < c->nparts; i++) {
		if (c->parts != NULL) {
			free((char *)c->parts[i].key);
			free((char *)c->parts[i].title);
			free((char *)c->parts[i].summary);
		}
		buf_free(&c->notes[i]);
		free(c->cols[i]);
	}
	free(c->parts);
	free(c->notes);
	free(c->cols);
}

void
pg_gather_free(struct pg_gather *g)
{
	if (g == NULL)
		return;
	for (size_t k = 0; k < g->ncalls; k++)
		free_call(&g->calls[k]);
	sqlite3_close(g->acc);
	free(g);
}
