/*
 * store_ingest.c - writing an ingest run (see store_ingest.h).
 *
 * Every statement comes from schema/queries/ingest.sql, is prepared once
 * per run and reused with bound parameters for every row.  A changed
 * document's rows are replaced as a whole; store_history.c keeps the ids
 * of its items, risks and debt entries and records what changed.
 */
#include "progdb/store_ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "progdb/buf.h"
#include "progdb/config.h"
#include "progdb/date.h"
#include "progdb/diag.h"
#include "progdb/escape.h"
#include "progdb/hash.h"
#include "progdb/vec.h"
#include "progdb/xmem.h"
#include "store_int.h"
#include "version.h"

/* A new database's pages go back to disk every so many documents, while
 * the run goes on, rather than all at once when it is published. */
#define WRITE_BACK_DOCS	256

/* A bulk load writes its new items' spans this many at a time. */
#define SPAN_BATCH	4096

/* ---- the table of known documents ---- */

static uint64_t
doc_hash(const char *root, const char *path)
{
	return hash_bytes(path, strlen(path), hash_bytes(root, strlen(root) +
	    1, 0));
}

static uint64_t
real_hash(const char *real)
{
	return hash_bytes(real, strlen(real), 0);
}

static void
slot_in(size_t *slots, size_t nslots, uint64_t hash, size_t i)
{
	size_t h = hash & (nslots - 1);

	while (slots[h] != 0)
		h = (h + 1) & (nslots - 1);
	slots[h] = i + 1;
}

static void
index_known(struct pdb_ingest *in)
{
	in->nslots = 16;
	while (in->nslots < in->nknown * 2)
		in->nslots *= 2;
	in->slots = xcalloc(in->nslots, sizeof(*in->slots));
	in->real_slots = xcalloc(in->nslots, sizeof(*in->real_slots));
	for (size_t i = 0; i < in->nknown; i++) {
		const struct pdb_known_doc *k = &in->known[i];

		slot_in(in->slots, in->nslots, doc_hash(k->root, k->path), i);
		if (k->real != NULL)
			slot_in(in->real_slots, in->nslots, real_hash(k->real),
			    i);
	}
}

static void
free_known(struct pdb_known_doc *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].root);
		free(v[i].path);
		free(v[i].real);
	}
	free(v);
}

void
store_ingest_forget_known(struct pdb_store *st)
{
	free_known(st->known, st->nknown);
	st->known = NULL;
	st->nknown = 0;
	st->known_run = 0;
}

/* The documents the last run of this connection left, when no other run
 * came since (a replay's commits): else they are read again. */
static int
take_known(struct pdb_ingest *in)
{
	struct pdb_store *st = in->st;

	if (st->known_run == 0 || st->known_run != in->snapshot) {
		store_ingest_forget_known(st);
		return 0;
	}
	in->known = st->known;
	in->nknown = st->nknown;
	st->known = NULL;
	st->nknown = 0;
	st->known_run = 0;
	for (size_t i = 0; i < in->nknown; i++)
		in->known[i].seen = in->known[i].adopt = 0;
	index_known(in);
	return 1;
}

/* After the run committed: its documents, with those it inserted, for
 * the next run of this connection. */
static void
keep_known(struct pdb_ingest *in)
{
	struct pdb_store *st = in->st;

	store_ingest_forget_known(st);
	st->known = xreallocarray(in->known, in->nknown + in->nadded + 1,
	    sizeof(*in->known));
	if (in->nadded > 0)	/* in->added is NULL when the run added none */
		memcpy(st->known + in->nknown, in->added, in->nadded *
		    sizeof(*in->added));
	st->nknown = in->nknown + in->nadded;
	st->known_run = in->run;
	in->known = NULL;
	in->nknown = 0;
	free(in->added);
	in->added = NULL;
	in->nadded = 0;
}

/* Document doc, just inserted from file, for the next run's table. */
static void
add_known(struct pdb_ingest *in, int64_t doc,
    const struct pdb_ingest_file *file)
{
	struct pdb_known_doc *k;

	PDB_GROW(in->added, in->nadded, in->added_cap, 16);
	k = &in->added[in->nadded++];
	*k = (struct pdb_known_doc){.id = doc, .root = xstrdup(file->root),
	    .path = xstrdup(file->path), .size = file->size,
	    .mtime_ns = file->mtime_ns, .hash = file->hash,
	    .real = file->real != NULL ? xstrdup(file->real) : NULL};
}

/* Document k, just rewritten from file. */
static void
update_known(struct pdb_known_doc *k, const struct pdb_ingest_file *file)
{
	k->size = file->size;
	k->mtime_ns = file->mtime_ns;
	k->hash = file->hash;
	k->removed = 0;
	if (file->real != NULL && (k->real == NULL ||
	    strcmp(k->real, file->real) != 0)) {
		free(k->real);
		k->real = xstrdup(file->real);
	}
}

static int
load_known(struct pdb_ingest *in)
{
	sqlite3_stmt *s = in->s[S_KNOWN];
	size_t cap = 0;
	int rc;

	if (take_known(in))
		return 0;
	sqlite3_bind_int(s, 1, config_extract_version(config_active()));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct pdb_known_doc *k;

		PDB_GROW(in->known, in->nknown, cap, 256);
		k = &in->known[in->nknown++];
		k->id = sqlite3_column_int64(s, 0);
		k->root = path_from_text((const char *)
		    sqlite3_column_text(s, 1));
		k->path = path_from_text((const char *)
		    sqlite3_column_text(s, 2));
		k->size = (uint64_t)sqlite3_column_int64(s, 3);
		k->mtime_ns = sqlite3_column_int64(s, 4);
		k->hash = (uint64_t)sqlite3_column_int64(s, 5);
		k->removed = sqlite3_column_int(s, 6);
		k->seen = 0;
		k->real = sqlite3_column_type(s, 7) == SQLITE_NULL ? NULL :
		    xstrdup((const char *)sqlite3_column_text(s, 7));
		k->adopt = 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(in->st, "reading the known documents");
	index_known(in);
	return 0;
}

struct pdb_known_doc *
store_ingest_known(struct pdb_ingest *in, const char *root, const char *path)
{
	size_t h = doc_hash(root, path) & (in->nslots - 1);

	for (; in->slots[h] != 0; h = (h + 1) & (in->nslots - 1)) {
		struct pdb_known_doc *k = &in->known[in->slots[h] - 1];

		if (strcmp(k->path, path) == 0 && strcmp(k->root, root) == 0)
			return k;
	}
	return NULL;
}

/* ---- the run's place in its roots' history ---- */

static int	delete_rows(struct pdb_ingest *in, int64_t doc);

static const char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* Every document under the run's roots with its rows and events, then
 * the runs' observations of those roots: their history starts again. */
static int
forget_roots(struct pdb_ingest *in)
{
	sqlite3_stmt *s = in->s[S_FORGET_DOCS];
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;

	bind_cstr(s, 1, in->info.roots_json);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		PDB_GROW(ids, n, cap, 64);
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	rc = rc == SQLITE_DONE ? 0 : store_fail(in->st, "forgetting history");
	for (size_t i = 0; i < n && rc == 0; i++) {
		sqlite3_bind_int64(in->s[S_FORGET_EVENTS], 1, ids[i]);
		sqlite3_bind_int64(in->s[S_FORGET_DOC], 1, ids[i]);
		if ((rc = delete_rows(in, ids[i])) == 0 &&
		    (rc = store_step(in, S_FORGET_EVENTS,
		    "forgetting history")) == 0)
			rc = store_step(in, S_FORGET_DOC, "forgetting history");
	}
	free(ids);
	if (rc != 0)
		return rc;
	bind_cstr(in->s[S_FORGET_RUNS], 1, in->info.roots_json);
	if ((rc = store_step(in, S_FORGET_RUNS, "forgetting history")) != 0)
		return rc;
	return store_step(in, S_FORGET_EMPTY_RUNS, "forgetting history");
}

/* ingest --git: PDB_INGEST_MOVED unless the roots' replayed history ends
 * where the run expects it to. */
static int
check_follows(struct pdb_ingest *in)
{
	sqlite3_stmt *s = in->s[S_LAST_COMMIT];
	const char *last = "";
	int rc, moved;

	if (in->info.follows == NULL)
		return 0;
	bind_cstr(s, 1, in->info.roots_json);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL)
		last = (const char *)sqlite3_column_text(s, 0);
	moved = strcmp(last, in->info.follows) != 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(in->st, "reading the last replayed commit");
	return moved ? PDB_INGEST_MOVED : 0;
}

/* Says why the run cannot come after run o->run, and what to do. */
static void
refuse_order(const struct pdb_ingest *in, const struct pdb_run_order *o)
{
	if (in->commit != NULL)
		diag_error(in->st->path, 0, "%s was observed at %s UTC by a "
		    "plain ingest (run %lld), after commit %.12s (%s UTC); a "
		    "replay cannot go back in time: run 'progdb ingest --git "
		    "--rebuild %s' to replay the history from the start (what "
		    "was observed of %s is forgotten first)", o->root, o->at,
		    (long long)o->run, in->commit, in->observed, o->root,
		    o->root);
	else
		diag_error(in->st->path, 0, "%s was observed at %s UTC (run "
		    "%lld%s%.12s), later than this ingest's %s UTC; history "
		    "cannot go back in time: ingest at that time or later, or "
		    "for history from git run 'progdb ingest --git --rebuild "
		    "%s'", o->root, o->at, (long long)o->run, o->commit != NULL ?
		    ", commit " : "", o->commit != NULL ? o->commit : "",
		    in->observed, o->root);
}

/* Into o: the newest run after o->checked that counts against this one,
 * if newer than what o holds, and the last run's id. */
static int
newer_runs(struct pdb_ingest *in, const char *after, struct pdb_run_order *o)
{
	sqlite3_stmt *s = in->s[S_NEWER_RUN];
	int rc;

	bind_cstr(s, 1, after);
	bind_cstr(s, 2, in->info.roots_json);
	sqlite3_bind_int(s, 3, in->commit != NULL);
	sqlite3_bind_int64(s, 4, o->checked);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		o->run = sqlite3_column_int64(s, 0);
		snprintf(o->at, sizeof(o->at), "%s",
		    (const char *)sqlite3_column_text(s, 1));
		free(o->root);
		free(o->commit);
		o->root = xstrdup((const char *)sqlite3_column_text(s, 3));
		o->commit = sqlite3_column_type(s, 2) == SQLITE_NULL ? NULL :
		    xstrdup((const char *)sqlite3_column_text(s, 2));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(in->st, "reading the runs");
	s = in->s[S_LAST_RUN];
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		o->checked = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_fail(in->st, "reading the runs");
}

/*
 * Refuses a run older than the newest run of one of its roots.  A
 * sequence of runs (info.order) looks only at the runs recorded since the
 * one before, so that a long replay does not read every run each time.
 */
static int
check_order(struct pdb_ingest *in)
{
	struct pdb_run_order once = {0}, *o = in->info.order;
	char after[sizeof(o->at)];
	int rc;

	if (o == NULL)
		o = &once;
	/* alone: runs after this one; in a sequence: after the newest seen */
	snprintf(after, sizeof(after), "%s", o == &once ? in->observed : o->at);
	rc = newer_runs(in, after, o);
	if (rc == 0 && o->run != 0 && strcmp(o->at, in->observed) > 0) {
		refuse_order(in, o);
		rc = PDB_EXIT_INPUT;
	}
	store_run_order_free(&once);
	return rc;
}

void
store_run_order_free(struct pdb_run_order *o)
{
	free(o->root);
	free(o->commit);
	memset(o, 0, sizeof(*o));
}

static struct pdb_known_doc *
known_real(struct pdb_ingest *in, const char *real)
{
	size_t h = real_hash(real) & (in->nslots - 1);

	for (; in->real_slots[h] != 0; h = (h + 1) & (in->nslots - 1)) {
		struct pdb_known_doc *k = &in->known[in->real_slots[h] - 1];

		if (strcmp(k->real, real) == 0)
			return k;
	}
	return NULL;
}

struct pdb_known_doc *
store_ingest_known_file(struct pdb_ingest *in, const char *real,
    const char *root, const char *path)
{
	struct pdb_known_doc *k;

	if (real == NULL)
		return store_ingest_known(in, root, path);
	if ((k = known_real(in, real)) != NULL)
		return k;
	/* Under the same name, another file: this one is new. */
	if ((k = store_ingest_known(in, root, path)) == NULL || k->real != NULL)
		return NULL;
	k->real = xstrdup(real);
	k->adopt = 1;
	return k;
}

void
store_ingest_real_roots(struct pdb_ingest *in, const char *const *reals,
    size_t n)
{
	in->real_roots = xreallocarray(in->real_roots, n ? n : 1,
	    sizeof(*in->real_roots));
	for (size_t i = 0; i < n; i++)
		in->real_roots[i] = xstrdup(reals[i]);
	in->nreal_roots = n;
}

/* ---- run lifetime ---- */

/* s reset, with no parameter bound (NULL stays NULL). */
static sqlite3_stmt *
clean(sqlite3_stmt *s)
{
	if (s != NULL) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
	return s;
}

#define NKEPT	(S_COUNT * (1 + NBATCH))

/* The run's statements go back to its store, reset, for the next run:
 * each statement, then its multi-row forms. */
static void
keep_stmts(struct pdb_ingest *in)
{
	struct pdb_store *st = in->st;
	size_t n = 0;

	for (size_t i = 0; i < st->nkept; i++)
		sqlite3_finalize(st->kept[i]);
	free(st->kept);
	st->kept = xcalloc(NKEPT, sizeof(*st->kept));
	for (int i = 0; i < S_COUNT; i++) {
		st->kept[n++] = clean(in->s[i]);
		for (int b = 0; b < NBATCH; b++)
			st->kept[n++] = clean(in->batch[i][b]);
	}
	st->nkept = n;
}

/* The statements the store kept from its last run, else prepared (the
 * multi-row forms when first needed, store_batch.c). */
static int
take_stmts(struct pdb_ingest *in)
{
	struct pdb_store *st = in->st;
	size_t n = 0;
	int rc = 0;

	if (st->nkept == NKEPT) {
		for (int i = 0; i < S_COUNT; i++) {
			in->s[i] = st->kept[n++];
			for (int b = 0; b < NBATCH; b++)
				in->batch[i][b] = st->kept[n++];
		}
		free(st->kept);
		st->kept = NULL;
		st->nkept = 0;
		return 0;
	}
	for (int i = 0; i < S_COUNT && rc == 0; i++)
		rc = store_prepare_query(st, stmt_name(i), &in->s[i]);
	return rc;
}

static void
free_run(struct pdb_ingest *in)
{
	if (in->st->db != NULL) {
		keep_stmts(in);
	} else {
		for (int i = 0; i < S_COUNT; i++)
			sqlite3_finalize(in->s[i]);
		store_batch_free(in);
	}
	free_known(in->known, in->nknown);
	free_known(in->added, in->nadded);
	free(in->slots);
	free(in->real_slots);
	for (size_t i = 0; i < in->nreal_roots; i++)
		free(in->real_roots[i]);
	free(in->real_roots);
	free(in->section_ids);
	free(in->item_ids);
	free(in->table_ids);
	buf_free(&in->json);
	history_free(in);
	free(in->sum.unknown_marks);
	free((char *)in->info.roots_json);
	free((char *)in->info.commit_id);
	free((char *)in->info.commit_author);
	free((char *)in->info.commit_subject);
	free((char *)in->info.follows);
	for (size_t i = 0; i < in->nindexes; i++)
		free(in->indexes[i]);
	free(in->indexes);
	free(in);
}

/* The previous run: its id, its observation time, and both times as
 * local days. */
static int
load_previous_run(struct pdb_ingest *in, int64_t observed)
{
	sqlite3_stmt *s = in->s[S_PREVIOUS_RUN];
	int rc;

	in->observed_day = (int32_t)date_local_day(observed);
	in->previous_day = INT32_MIN + 1;
	in->snapshot = 0;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		in->snapshot = sqlite3_column_int64(s, 0);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 1) != NULL) {
		const char *prev = (const char *)sqlite3_column_text(s, 1);
		char utc[24];
		int64_t t;

		snprintf(in->previous, sizeof(in->previous), "%s", prev);
		snprintf(utc, sizeof(utc), "%sZ", prev);
		if (date_parse_cli(utc, 0, &t, NULL) == 0)
			in->previous_day = (int32_t)date_local_day(t);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(in->st, "reading the previous run");
	return 0;
}

static int
load_next_ids(struct pdb_ingest *in)
{
	sqlite3_stmt *s = in->s[S_NEXT_IDS];

	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail(in->st, "numbering items, risks and debt");
	}
	in->next_item_id = in->first_item_id = sqlite3_column_int64(s, 0);
	in->spans_from = in->first_item_id;
	in->next_risk_id = sqlite3_column_int64(s, 1);
	in->next_debt_id = sqlite3_column_int64(s, 2);
	in->next_section_id = sqlite3_column_int64(s, 3);
	sqlite3_reset(s);
	return 0;
}

/* Whether the run may come next, and what it needs to know of the
 * database before it writes. */
static int
load_state(struct pdb_ingest *in)
{
	int rc;

	if ((rc = check_follows(in)) != 0 || (rc = check_order(in)) != 0 ||
	    (rc = load_previous_run(in, in->info.observed)) != 0 ||
	    (rc = load_next_ids(in)) != 0 || (rc = load_known(in)) != 0)
		return rc;
	return 0;
}

/* Bulk load into an empty database: secondary indexes are dropped now
 * and built again by build_indexes() before the commit; the triggers of
 * search_index are dropped, which leaves it unbuilt until the first
 * `search` (query_search_build()). */
static int
drop_indexes(struct pdb_ingest *in)
{
	sqlite3_stmt *s = in->s[S_SECONDARY_INDEXES];
	struct pdb_buf names = {0};
	size_t cap = 0;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int trigger = strcmp((const char *)sqlite3_column_text(s, 2),
		    "trigger") == 0;

		PDB_GROW(in->indexes, in->nindexes, cap, 16);
		if (!trigger)
			in->indexes[in->nindexes++] =
			    xstrdup((const char *)sqlite3_column_text(s, 1));
		buf_printf(&names, "DROP %s \"%s\";",
		    trigger ? "TRIGGER" : "INDEX",
		    (const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		rc = store_fail(in->st, "preparing a bulk load");
	else
		rc = names.len > 0 ? store_exec(in->st, buf_cstr(&names),
		    "preparing a bulk load") : 0;
	buf_free(&names);
	return rc;
}

/*
 * A bulk load writes its new items' spans as it goes, at least least at
 * a time: at the end of the run, with the parser threads done, they would
 * be the writer's alone to wait for.  In an empty database no item has
 * history yet, and a first run changes no item after writing it.
 */
static int
write_new_spans(struct pdb_ingest *in, int64_t least)
{
	sqlite3_stmt *s = in->s[S_INSERT_NEW_SPANS];

	if (in->nindexes == 0 || in->next_item_id - in->spans_from < least)
		return 0;
	sqlite3_bind_int64(s, 1, in->spans_from);
	sqlite3_bind_int64(s, 2, in->next_item_id - 1);
	bind_cstr(s, 3, in->observed);
	in->spans_from = in->next_item_id;
	return store_step(in, S_INSERT_NEW_SPANS, "recording the items' "
	    "state spans");
}

/* Statistics for the query planner, sampled so that they take
 * milliseconds. */
static int
analyze(struct pdb_ingest *in, const char *doing)
{
	return store_exec(in->st, "PRAGMA analysis_limit = 400; ANALYZE", doing);
}

/* After a bulk load: the indexes and the statistics. */
static int
build_indexes(struct pdb_ingest *in)
{
	int rc;

	if (in->nindexes == 0)
		return 0;
	for (size_t i = 0; i < in->nindexes; i++) {
		if ((rc = store_exec(in->st, in->indexes[i],
		    "building the indexes")) != 0)
			return rc;
		store_write_back(in->st);
	}
	return analyze(in, "building the indexes");
}

/* The number of runs the planner's statistics count (0: none).  This is
 * no canned query: sqlite_stat1 exists only once statistics were taken. */
static int64_t
counted_runs(struct pdb_ingest *in)
{
	sqlite3_stmt *s;
	int64_t n = 0;

	if (sqlite3_prepare_v2(in->st->db, "SELECT stat FROM sqlite_stat1 "
	    "WHERE tbl = 'ingest_run' AND idx IS NULL", -1, &s, NULL) !=
	    SQLITE_OK)
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/*
 * The statistics again whenever the runs outnumber twice what they
 * count, so that they stay within a factor of two of the run count (and
 * follow a tree that grew since): log2(runs) times in all.  Taken only
 * after the first run, they said one run forever, and a history built run
 * by run (ingest --git) had its queries scan every run for every item and
 * event: minutes instead of milliseconds.
 */
static int
refresh_statistics(struct pdb_ingest *in)
{
	if (in->nindexes > 0 || in->run <= 2 * counted_runs(in))
		return 0;
	return analyze(in, "refreshing the statistics");
}

static int
record_run(struct pdb_ingest *in)
{
	sqlite3_stmt *s = in->s[S_BEGIN_RUN];
	char started[20];
	int rc;

	date_format_utc(in->info.started, started);
	bind_cstr(s, 1, started);
	bind_cstr(s, 2, in->observed);
	bind_cstr(s, 3, PROGDB_VERSION);
	bind_cstr(s, 4, in->info.roots_json);
	bind_cstr(s, 5, in->info.commit_id);
	bind_cstr(s, 6, in->info.commit_author);
	bind_cstr(s, 7, in->info.commit_subject);
	if ((rc = store_step(in, S_BEGIN_RUN, "recording the run")) != 0)
		return rc;
	in->run = sqlite3_last_insert_rowid(in->st->db);
	return 0;
}

static int
take_write_lock(struct pdb_ingest *in)
{
	int rc = in->st->run_open ? 0 : store_exec(in->st, "BEGIN IMMEDIATE",
	    "starting to write");

	in->writing = rc == 0;
	return rc;
}

/* In the write transaction, with the state loaded: the run's record, and
 * into an empty database a bulk load. */
static int
start_writing(struct pdb_ingest *in)
{
	int rc;

	if ((rc = record_run(in)) != 0)
		return rc;
	return in->nknown == 0 ? drop_indexes(in) : 0;
}

/*
 * Takes the write lock when the run first has something to write.  If
 * another run committed since the state was loaded, that state is stale:
 * PDB_INGEST_RETRY asks the caller to start again with the lock taken
 * first (pdb_run_info.lock_first).
 */
static int
begin_writing(struct pdb_ingest *in)
{
	int64_t before = in->snapshot;
	int rc;

	if (in->writing)
		return 0;
	if ((rc = take_write_lock(in)) != 0 ||
	    (rc = load_previous_run(in, in->info.observed)) != 0)
		return rc;
	if (in->snapshot != before)
		return PDB_INGEST_RETRY;
	return start_writing(in);
}

int
store_ingest_begin(struct pdb_store *st, const struct pdb_run_info *info,
    struct pdb_ingest **out)
{
	struct pdb_ingest *in = xcalloc(1, sizeof(*in));
	int rc = 0;

	in->st = st;
	in->info = (struct pdb_run_info){
		.started = info->started, .observed = info->observed,
		.roots_json = dup_or_null(info->roots_json),
		.commit_id = dup_or_null(info->commit_id),
		.commit_author = dup_or_null(info->commit_author),
		.commit_subject = dup_or_null(info->commit_subject),
		.lock_first = info->lock_first || info->rebuild ||
		    st->run_open,
		.follows = dup_or_null(info->follows),
		.rebuild = info->rebuild, .order = info->order,
	};
	in->commit = in->info.commit_id;
	date_format_utc(info->observed, in->observed);
	if ((rc = take_stmts(in)) != 0)
		goto fail;
	if (in->info.lock_first) {
		if ((rc = take_write_lock(in)) == 0 && info->rebuild)
			rc = forget_roots(in);
		if (rc == 0 && (rc = load_state(in)) == 0)
			rc = start_writing(in);
	} else if ((rc = store_exec(st, "BEGIN", "reading the database")) ==
	    0) {
		rc = load_state(in);
		if (store_exec(st, "COMMIT", "reading the database") != 0 &&
		    rc == 0)
			rc = PDB_EXIT_DB;
	}
	if (rc != 0)
		goto fail;
	*out = in;
	return 0;
fail:
	store_ingest_abort(in);
	return rc;
}

void
store_ingest_abort(struct pdb_ingest *in)
{
	if (in->writing)
		sqlite3_exec(in->st->db, "ROLLBACK", NULL, NULL, NULL);
	in->st->run_open = 0;
	in->st->items_run = 0;
	store_ingest_forget_known(in->st);
	free_run(in);
}

/* ---- one document ---- */

void
store_ingest_unchanged(struct pdb_ingest *in, struct pdb_known_doc *k)
{
	k->seen = 1;
	in->sum.seen++;
	in->sum.unchanged++;
}

void
store_ingest_failed(struct pdb_ingest *in, struct pdb_known_doc *k)
{
	if (k != NULL)
		k->seen = 1;
	in->sum.seen++;
	in->sum.failed++;
}

int
store_ingest_touch(struct pdb_ingest *in, struct pdb_known_doc *k,
    uint64_t size, int64_t mtime_ns)
{
	sqlite3_stmt *s = in->s[S_TOUCH_DOC];
	int rc;

	if ((rc = begin_writing(in)) != 0)
		return rc;
	store_ingest_unchanged(in, k);
	k->size = size;
	k->mtime_ns = mtime_ns;
	sqlite3_bind_int64(s, 1, k->id);
	sqlite3_bind_int64(s, 2, (int64_t)size);
	sqlite3_bind_int64(s, 3, mtime_ns);
	return store_step(in, S_TOUCH_DOC, "updating a document");
}

/* Every row that belongs to document doc: the DELETE statements of
 * stmts.def, in its order (children before parents). */
static int
delete_rows(struct pdb_ingest *in, int64_t doc)
{
	int rc;

	for (int i = 0; i < S_COUNT; i++) {
		if (stmt_use(i) != STMT_DELETE)
			continue;
		sqlite3_bind_int64(in->s[i], 1, doc);
		if ((rc = store_step(in, i, "replacing a document")) != 0)
			return rc;
		if (i == S_DELETE_ITEMS)
			in->items_added -= sqlite3_changes64(in->st->db);
	}
	return 0;
}

static void
ensure_ids(struct pdb_ingest *in, size_t n)
{
	if (n <= in->ids_cap)
		return;
	in->ids_cap = n;
	in->section_ids = xreallocarray(in->section_ids, n,
	    sizeof(*in->section_ids));
	in->item_ids = xreallocarray(in->item_ids, n, sizeof(*in->item_ids));
}

static size_t
open_risks(const struct pdb_facts *f)
{
	size_t n = 0;

	for (size_t i = 0; i < f->risks.n; i++)
		n += !f->risks.v[i].resolved;
	return n;
}

/*
 * Binds a file name (raw bytes, as the file system has it) as valid UTF-8
 * text, reversibly (path_to_text()); known documents are read back with
 * path_from_text(), so names compare as bytes in memory.
 */
static void
bind_path(sqlite3_stmt *s, int i, const char *raw)
{
	char *text = path_to_text(raw);

	sqlite3_bind_text(s, i, text, -1, free);
}

static void
bind_document(struct pdb_ingest *in, sqlite3_stmt *s,
    const struct pdb_ingest_file *file, const struct pdb_facts *f)
{
	bind_path(s, 1, file->root);
	bind_path(s, 2, file->path);
	bind_str(s, 3, f->title);
	sqlite3_bind_int64(s, 4, (int64_t)file->size);
	sqlite3_bind_int64(s, 5, file->mtime_ns);
	sqlite3_bind_int64(s, 6, (int64_t)file->hash);
	bind_cstr(s, 7, file->encoding);
	sqlite3_bind_int(s, 8, f->is_template);
	bind_str(s, 9, f->template_reason);
	bind_str(s, 10, f->status);
	bind_cstr(s, 11, f->status_state >= 0 ?
	    facts_state_name((enum pdb_state)f->status_state) : NULL);
	bind_date(s, 12, f->start_date);
	bind_date(s, 13, f->date);
	bind_date(s, 14, f->updated);
	sqlite3_bind_int64(s, 15, f->items_total);
	sqlite3_bind_int64(s, 16, f->items_done);
	sqlite3_bind_int64(s, 17, in->run);
	sqlite3_bind_int64(s, 19, (int64_t)open_risks(f));
	sqlite3_bind_int(s, 20, config_extract_version(config_active()));
	bind_cstr(s, 21, file->real);
}

/*
 * A new document is shown as it was reached, unless another file already
 * shows so (the same relative name from another directory): then by its
 * real path, which no other document has.
 */
static void
bind_free_name(struct pdb_ingest *in, sqlite3_stmt *s,
    const struct pdb_ingest_file *file)
{
	const char *slash;

	if (file->real == NULL ||
	    store_ingest_known(in, file->root, file->path) == NULL ||
	    (slash = strrchr(file->real, '/')) == NULL)
		return;
	if (slash == file->real)
		sqlite3_bind_text(s, 1, "/", 1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_text(s, 1, file->real,
		    (int)(slash - file->real), SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, slash + 1, -1, SQLITE_TRANSIENT);
}

static int
write_sections(struct pdb_ingest *in, int64_t doc, const struct pdb_facts *f)
{
	int rc;

	for (size_t i = 0; i < f->sections.n; i++) {
		const struct pdb_section_fact *sec = &f->sections.v[i];
		sqlite3_stmt *s;
		int p;

		if ((rc = row_slot(in, S_INSERT_SECTION, i, f->sections.n, &s,
		    &p)) != 0)
			return rc;
		in->section_ids[i] = in->next_section_id++;
		sqlite3_bind_int64(s, p + 1, doc);
		bind_id(s, p + 2, sec->parent != PDB_NONE ?
		    in->section_ids[sec->parent] : 0);
		sqlite3_bind_int64(s, p + 3, (int64_t)i);
		sqlite3_bind_int(s, p + 4, (int)sec->level);
		sqlite3_bind_int(s, p + 5, (int)sec->line);
		sqlite3_bind_int(s, p + 6, (int)sec->end_line);
		/* "#" alone is a heading with no title: "" */
		sqlite3_bind_text(s, p + 7, sec->title.p ? sec->title.p : "",
		    (int)sec->title.n, SQLITE_STATIC);
		sqlite3_bind_text(s, p + 8, sec->norm_title.p ?
		    sec->norm_title.p : "", (int)sec->norm_title.n,
		    SQLITE_STATIC);
		bind_cstr(s, p + 9, sec->status >= 0 ?
		    facts_state_name((enum pdb_state)sec->status) : NULL);
		bind_str(s, p + 10, sec->status_text);
		bind_str(s, p + 11, sec->milestone);
		sqlite3_bind_int(s, p + 12, (int)sec->items_total);
		sqlite3_bind_int(s, p + 13, (int)sec->items_done);
		bind_date(s, p + 14, sec->date);
		bind_date(s, p + 15, sec->context_date);
		sqlite3_bind_int(s, p + 16, (int)sec->subtree_total);
		sqlite3_bind_int(s, p + 17, (int)sec->subtree_done);
		bind_str(s, p + 18, sec->declared);
		bind_cstr(s, p + 19, sec->declared_state >= 0 ?
		    facts_state_name((enum pdb_state)sec->declared_state) :
		    NULL);
		sqlite3_bind_int(s, p + 20, sec->disagrees);
		sqlite3_bind_int64(s, p + 21, in->section_ids[i]);
		if ((rc = row_bound(in, S_INSERT_SECTION, i, f->sections.n,
		    "storing a section")) != 0)
			return rc;
	}
	return 0;
}

static const char *const meta_sources[] = {
	[PDB_META_BOLD] = "bold", [PDB_META_BLOCK] = "block",
	[PDB_META_FRONT] = "front_matter", [PDB_META_TABLE] = "table",
};

static int
write_metadata(struct pdb_ingest *in, int64_t doc, const struct pdb_facts *f)
{
	int rc;

	for (size_t i = 0; i < f->meta.n; i++) {
		const struct pdb_meta_fact *m = &f->meta.v[i];
		sqlite3_stmt *s;
		int p;

		if ((rc = row_slot(in, S_INSERT_META, i, f->meta.n, &s, &p)) !=
		    0)
			return rc;
		sqlite3_bind_int64(s, p + 1, doc);
		bind_id(s, p + 2, m->section != PDB_NONE ?
		    in->section_ids[m->section] : 0);
		sqlite3_bind_int(s, p + 3, (int)m->line);
		bind_str(s, p + 4, m->key);
		sqlite3_bind_text(s, p + 5, m->value.p ? m->value.p : "",
		    (int)m->value.n, SQLITE_STATIC);
		bind_date(s, p + 6, m->date);
		bind_cstr(s, p + 7, meta_sources[m->source]);
		if ((rc = row_bound(in, S_INSERT_META, i, f->meta.n,
		    "storing metadata")) != 0)
			return rc;
	}
	return 0;
}

/* A JSON array of strings into in->json. */
static const char *
json_array(struct pdb_ingest *in, const struct pdb_str *v, size_t n)
{
	buf_reset(&in->json);
	buf_putc(&in->json, '[');
	for (size_t i = 0; i < n; i++) {
		buf_puts(&in->json, i ? ",\"" : "\"");
		escape_json(v[i].p ? v[i].p : "", v[i].n, &in->json);
		buf_putc(&in->json, '"');
	}
	buf_putc(&in->json, ']');
	return buf_cstr(&in->json);
}

static void
bind_real(sqlite3_stmt *s, int i, double v)
{
	if (v == PDB_NO_PERCENT)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_double(s, i, v);
}

static int
write_tables(struct pdb_ingest *in, int64_t doc, const struct pdb_facts *f)
{
	sqlite3_stmt *s = in->s[S_INSERT_TABLE];
	int rc;

	if (f->tables.n > in->table_ids_cap) {
		in->table_ids_cap = f->tables.n;
		in->table_ids = xreallocarray(in->table_ids, f->tables.n,
		    sizeof(*in->table_ids));
	}
	for (size_t i = 0; i < f->tables.n; i++) {
		const struct pdb_table_fact *t = &f->tables.v[i];

		sqlite3_bind_int64(s, 1, doc);
		bind_id(s, 2, section_id(in, t->section));
		sqlite3_bind_int(s, 3, (int)t->line);
		bind_cstr(s, 4, facts_table_kind_name(t->kind));
		sqlite3_bind_int(s, 5, (int)t->ncols);
		sqlite3_bind_int(s, 6, (int)t->nrows);
		bind_cstr(s, 7, json_array(in, t->cells, t->ncols));
		if ((rc = store_step(in, S_INSERT_TABLE, "storing a table")) != 0)
			return rc;
		in->table_ids[i] = sqlite3_last_insert_rowid(in->st->db);
		for (unsigned row = 1; row <= t->nrows; row++) {
			const char *cells;
			sqlite3_stmt *rs;
			int p;

			if ((rc = row_slot(in, S_INSERT_TABLE_ROW, row - 1,
			    t->nrows, &rs, &p)) != 0)
				return rc;
			cells = json_array(in, t->cells + row * t->ncols,
			    t->ncols);
			sqlite3_bind_int64(rs, p + 1, in->table_ids[i]);
			sqlite3_bind_int(rs, p + 2, (int)row);
			sqlite3_bind_int(rs, p + 3, (int)t->row_lines[row]);
			/* The next row reuses in->json: SQLite keeps a copy. */
			sqlite3_bind_text(rs, p + 4, cells, (int)in->json.len,
			    SQLITE_TRANSIENT);
			if ((rc = row_bound(in, S_INSERT_TABLE_ROW, row - 1,
			    t->nrows, "storing a table row")) != 0)
				return rc;
		}
	}
	return 0;
}

static const char *const log_sources[] = {
	[PDB_LOG_HEADING] = "heading", [PDB_LOG_FIELD] = "date_field",
	[PDB_LOG_ITEM] = "item",
};

static int
write_logs(struct pdb_ingest *in, int64_t doc, const struct pdb_facts *f)
{
	int rc;

	for (size_t i = 0; i < f->logs.n; i++) {
		const struct pdb_log_fact *l = &f->logs.v[i];
		sqlite3_stmt *s;
		int p;

		if ((rc = row_slot(in, S_INSERT_LOG, i, f->logs.n, &s, &p)) !=
		    0)
			return rc;
		sqlite3_bind_int64(s, p + 1, doc);
		bind_id(s, p + 2, section_id(in, l->section));
		sqlite3_bind_int(s, p + 3, (int)l->line);
		bind_date(s, p + 4, l->date);
		bind_cstr(s, p + 5, log_sources[l->source]);
		sqlite3_bind_int(s, p + 6, l->weekly);
		sqlite3_bind_text(s, p + 7, l->title.p ? l->title.p : "",
		    (int)l->title.n, SQLITE_STATIC);
		bind_str(s, p + 8, l->milestone);
		bind_str(s, p + 9, l->component);
		if ((rc = row_bound(in, S_INSERT_LOG, i, f->logs.n,
		    "storing a log entry")) != 0)
			return rc;
	}
	return 0;
}

static int
write_claims(struct pdb_ingest *in, int64_t doc, const struct pdb_facts *f)
{
	int rc;

	for (size_t i = 0; i < f->claims.n; i++) {
		const struct pdb_claim_fact *c = &f->claims.v[i];
		sqlite3_stmt *s;
		int p;

		if ((rc = row_slot(in, S_INSERT_CLAIM, i, f->claims.n, &s, &p))
		    != 0)
			return rc;
		sqlite3_bind_int64(s, p + 1, doc);
		bind_id(s, p + 2, section_id(in, c->section));
		sqlite3_bind_int(s, p + 3, (int)c->line);
		bind_cstr(s, p + 4, facts_claim_kind_name(c->kind));
		sqlite3_bind_text(s, p + 5, c->subject.p ? c->subject.p : "",
		    (int)c->subject.n, SQLITE_STATIC);
		bind_number(s, p + 6, c->done);
		bind_number(s, p + 7, c->total);
		bind_real(s, p + 8, c->percent);
		bind_real(s, p + 9, c->target);
		bind_str(s, p + 10, c->value);
		bind_str(s, p + 11, c->status);
		bind_cstr(s, p + 12, c->state >= 0 ?
		    facts_state_name((enum pdb_state)c->state) : NULL);
		sqlite3_bind_text(s, p + 13, c->text.p ? c->text.p : "",
		    (int)c->text.n, SQLITE_STATIC);
		if ((rc = row_bound(in, S_INSERT_CLAIM, i, f->claims.n,
		    "storing a claim")) != 0)
			return rc;
	}
	return 0;
}

static void
count_mark(struct pdb_ingest *in, struct pdb_str mark)
{
	for (size_t i = 0; i < in->nmarks; i++) {
		if (strlen(in->marks[i].mark) == mark.n &&
		    memcmp(in->marks[i].mark, mark.p, mark.n) == 0) {
			in->marks[i].count++;
			return;
		}
	}
	if (in->nmarks == sizeof(in->marks) / sizeof(*in->marks) ||
	    mark.n >= sizeof(in->marks[0].mark)) {
		in->extra_marks++;
		return;
	}
	memcpy(in->marks[in->nmarks].mark, mark.p, mark.n);
	in->marks[in->nmarks].mark[mark.n] = '\0';
	in->marks[in->nmarks++].count = 1;
}

static int
insert_diag(struct pdb_ingest *in, int64_t doc, unsigned line,
    const char *code, const char *msg)
{
	sqlite3_stmt *s = in->s[S_INSERT_DIAG];

	sqlite3_bind_int64(s, 1, doc);
	if (line > 0)
		sqlite3_bind_int(s, 2, (int)line);
	bind_cstr(s, 3, code);
	bind_cstr(s, 4, msg);
	return store_step(in, S_INSERT_DIAG, "storing a warning");
}

static int
write_diagnostics(struct pdb_ingest *in, int64_t doc,
    const struct pdb_facts *f, const struct pdb_diaglist *diags)
{
	int rc;

	for (size_t i = 0; i < diags->n; i++)
		if ((rc = insert_diag(in, doc, diags->v[i].line,
		    diags->v[i].code, diags->v[i].msg)) != 0)
			return rc;
	for (size_t i = 0; i < f->placeholders.n; i++) {
		const struct pdb_mark_fact *u = &f->placeholders.v[i];
		char *msg = xasprintf("placeholder '%.*s' left in a document "
		    "that is not a template", (int)u->mark.n, u->mark.p);

		rc = insert_diag(in, doc, u->line, "placeholder", msg);
		free(msg);
		if (rc != 0)
			return rc;
	}
	for (size_t i = 0; i < f->unknown_marks.n; i++) {
		const struct pdb_mark_fact *u = &f->unknown_marks.v[i];
		char *msg = xasprintf("unknown checkbox mark '%.*s' (not "
		    "counted as an item)", (int)u->mark.n, u->mark.p);

		count_mark(in, u->mark);
		rc = insert_diag(in, doc, u->line, "unknown-mark", msg);
		free(msg);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int
store_ingest_write(struct pdb_ingest *in, struct pdb_known_doc *k,
    const struct pdb_ingest_file *file, const struct pdb_facts *f,
    const struct pdb_diaglist *diags)
{
	int64_t doc;
	int rc;

	if ((rc = begin_writing(in)) != 0)
		return rc;
	in->sum.seen++;
	if (in->sum.seen % WRITE_BACK_DOCS == 0)
		store_write_back(in->st);
	ensure_ids(in, f->sections.n > f->items.n ? f->sections.n :
	    f->items.n);
	if (k != NULL) {
		k->seen = 1;
		doc = k->id;
		if (k->removed)
			in->sum.added++;
		else
			in->sum.changed++;
		if ((rc = history_load(in, doc)) != 0 ||
		    (rc = delete_rows(in, doc)) != 0)
			return rc;
		bind_document(in, in->s[S_UPDATE_DOC], file, f);
		sqlite3_bind_int64(in->s[S_UPDATE_DOC], 18, doc);
		if ((rc = store_step(in, S_UPDATE_DOC, "storing a document")) !=
		    0)
			return rc;
		update_known(k, file);
	} else {
		in->sum.added++;
		history_clear(in);
		bind_document(in, in->s[S_INSERT_DOC], file, f);
		bind_free_name(in, in->s[S_INSERT_DOC], file);
		if ((rc = store_step(in, S_INSERT_DOC, "storing a document")) !=
		    0)
			return rc;
		doc = sqlite3_last_insert_rowid(in->st->db);
		add_known(in, doc, file);
	}
	if ((rc = write_sections(in, doc, f)) != 0 ||
	    (rc = history_write_items(in, doc, f)) != 0 ||
	    (rc = write_metadata(in, doc, f)) != 0 ||
	    (rc = write_tables(in, doc, f)) != 0 ||
	    (rc = history_write_registers(in, doc, f)) != 0 ||
	    (rc = write_logs(in, doc, f)) != 0 ||
	    (rc = write_claims(in, doc, f)) != 0 ||
	    (rc = store_write_links(in, doc, f)) != 0 ||
	    (rc = write_diagnostics(in, doc, f, diags)) != 0)
		return rc;
	in->items_added += (int64_t)f->items.n;
	return write_new_spans(in, SPAN_BATCH);
}

/* ---- the end of a run ---- */

/* check's findings that a document's own rows decide, and the dates they
 * give milestones, for the documents the run stored: the FINDING
 * statements of stmts.def, after the indexes (a bulk load builds them
 * last), each once for all the documents. */
static int
store_findings(struct pdb_ingest *in)
{
	int rc;

	if (in->sum.added + in->sum.changed == 0)
		return 0;
	for (int i = 0; i < S_COUNT; i++) {
		if (stmt_use(i) != STMT_FINDING)
			continue;
		sqlite3_bind_int64(in->s[i], 1, in->run);
		if (sqlite3_bind_parameter_count(in->s[i]) >= 2)
			sqlite3_bind_int(in->s[i], 2, in->nindexes > 0);
		if ((rc = store_step(in, i, "storing check's findings")) != 0)
			return rc;
	}
	return 0;
}

/* Runs one FINDING statement (stmts.def) for each run that stored a
 * document still there. */
static int
rebuild_finding(struct pdb_store *st, sqlite3_stmt *runs, enum stmt which)
{
	sqlite3_stmt *s;
	int rc, step = SQLITE_DONE;

	if ((rc = store_prepare_query(st, stmt_name(which), &s)) != 0)
		return rc;
	while (rc == 0 && (step = sqlite3_step(runs)) == SQLITE_ROW) {
		sqlite3_bind_int64(s, 1, sqlite3_column_int64(runs, 0));
		if (sqlite3_bind_parameter_count(s) >= 2)
			sqlite3_bind_int(s, 2, 0);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = store_fail(st, "storing check's findings");
		sqlite3_reset(s);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = store_fail(st, "storing check's findings");
	sqlite3_reset(runs);
	sqlite3_finalize(s);
	return rc;
}

int
store_findings_rebuild(struct pdb_store *st)
{
	sqlite3_stmt *runs;
	int rc;

	if ((rc = store_exec(st, "DELETE FROM check_finding; DELETE FROM "
	    "check_milestone_end;", "storing check's findings")) != 0 ||
	    (rc = store_prepare(st, "SELECT DISTINCT changed_run FROM "
	    "document WHERE removed_run IS NULL", &runs)) != 0)
		return rc;
	for (int i = 0; rc == 0 && i < S_COUNT; i++)
		if (stmt_use(i) == STMT_FINDING)
			rc = rebuild_finding(st, runs, i);
	sqlite3_finalize(runs);
	return rc;
}

static int
in_roots(const char *root, const char *const *roots, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(root, roots[i]) == 0)
			return 1;
	return 0;
}

/* Whether real lies below the real path of a complete root. */
static int
below_real_roots(const struct pdb_ingest *in, const char *real)
{
	for (size_t i = 0; i < in->nreal_roots; i++) {
		const char *r = in->real_roots[i];
		size_t n = strlen(r);

		if (strcmp(r, "/") == 0 ||
		    (strncmp(real, r, n) == 0 && real[n] == '/'))
			return 1;
	}
	return 0;
}

/* Stores the real paths that documents stored without one took. */
static int
adopt_real_paths(struct pdb_ingest *in)
{
	int rc;

	for (size_t i = 0; i < in->nknown; i++) {
		struct pdb_known_doc *k = &in->known[i];

		if (!k->adopt)
			continue;
		sqlite3_bind_int64(in->s[S_SET_REAL_PATH], 1, k->id);
		bind_cstr(in->s[S_SET_REAL_PATH], 2, k->real);
		if ((rc = store_step(in, S_SET_REAL_PATH,
		    "updating a document")) != 0)
			return rc;
		k->adopt = 0;
	}
	return 0;
}

static int
remove_document(struct pdb_ingest *in, struct pdb_known_doc *k)
{
	int rc;

	if ((rc = history_remove_document(in, k->id)) != 0 ||
	    (rc = delete_rows(in, k->id)) != 0)
		return rc;
	sqlite3_bind_int64(in->s[S_REMOVE_DOC], 1, k->id);
	sqlite3_bind_int64(in->s[S_REMOVE_DOC], 2, in->run);
	if ((rc = store_step(in, S_REMOVE_DOC, "marking a removed document")) !=
	    0)
		return rc;
	k->removed = k->seen = 1;
	in->sum.removed++;
	return 0;
}

static int
remove_unseen(struct pdb_ingest *in, const char *const *roots, size_t n)
{
	int rc;

	for (size_t i = 0; i < in->nknown; i++) {
		struct pdb_known_doc *k = &in->known[i];

		if (k->seen || k->removed || !(k->real != NULL &&
		    in->nreal_roots > 0 ? below_real_roots(in, k->real) :
		    in_roots(k->root, roots, n)))
			continue;
		if ((rc = remove_document(in, k)) != 0)
			return rc;
	}
	return 0;
}

int
store_ingest_remove(struct pdb_ingest *in, struct pdb_known_doc *k)
{
	int rc;

	if (k == NULL || k->removed)
		return 0;
	if ((rc = begin_writing(in)) != 0)
		return rc;
	return remove_document(in, k);
}

int
store_ingest_rename(struct pdb_ingest *in, struct pdb_known_doc *k,
    const char *path)
{
	int rc;

	if ((rc = begin_writing(in)) != 0)
		return rc;
	sqlite3_bind_int64(in->s[S_RENAME_DOC], 1, k->id);
	bind_path(in->s[S_RENAME_DOC], 2, path);
	if ((rc = store_step(in, S_RENAME_DOC, "renaming a document")) != 0)
		return rc;
	free(k->path);
	k->path = xstrdup(path);
	return 0;
}

int
store_last_commit(struct pdb_store *st, const char *roots_json,
    char *id, size_t cap)
{
	sqlite3_stmt *s;
	int rc;

	id[0] = '\0';
	if ((rc = store_prepare_query(st, "ingest.last_commit", &s)) != 0)
		return rc;
	sqlite3_bind_text(s, 1, roots_json, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL)
		snprintf(id, cap, "%s", (const char *)sqlite3_column_text(s, 0));
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    store_fail(st, "reading the last replayed commit");
	sqlite3_finalize(s);
	return rc;
}

/* The run's unknown marks as JSON and as text for the summary. */
static char *
marks_json(struct pdb_ingest *in)
{
	struct pdb_buf json = {0}, text = {0};

	if (in->nmarks == 0)
		return NULL;
	buf_putc(&json, '{');
	for (size_t i = 0; i < in->nmarks; i++) {
		const char *m = in->marks[i].mark;

		buf_printf(&json, "%s\"", i ? "," : "");
		escape_json(m, strlen(m), &json);
		buf_printf(&json, "\":%u", in->marks[i].count);
		buf_printf(&text, "%s%s x%u", i ? ", " : "", m,
		    in->marks[i].count);
	}
	buf_putc(&json, '}');
	if (in->extra_marks > 0)
		buf_printf(&text, " and %lu more", in->extra_marks);
	in->sum.unknown_marks = buf_detach(&text);
	return buf_detach(&json);
}

/*
 * The run's transaction commits, unless it builds a new database: there
 * nothing is seen before store_publish(), so the runs of a replay share
 * one transaction, which store_publish() commits (a failure discards
 * them all, as it discards the file).
 */
static int
commit_run(struct pdb_ingest *in)
{
	if (in->st->building != NULL) {
		in->st->run_open = 1;
		return 0;
	}
	return store_exec(in->st, "COMMIT", "committing the run");
}

int
store_ingest_finish(struct pdb_ingest *in, const char *const *roots,
    size_t nroots, unsigned long warnings, struct pdb_ingest_summary *sum)
{
	sqlite3_stmt *s = in->s[S_FINISH_RUN];
	char now[20];
	char *marks;
	int rc;

	if ((rc = begin_writing(in)) != 0 ||
	    (rc = adopt_real_paths(in)) != 0 ||
	    (rc = remove_unseen(in, roots, nroots)) != 0 ||
	    (rc = history_finish(in)) != 0 ||
	    (rc = write_new_spans(in, 1)) != 0 ||
	    (rc = build_indexes(in)) != 0 ||
	    (rc = store_findings(in)) != 0 ||
	    (rc = refresh_statistics(in)) != 0) {
		store_ingest_abort(in);
		return rc;
	}
	marks = marks_json(in);
	date_format_utc((int64_t)time(NULL), now);
	sqlite3_bind_int64(s, 1, in->run);
	bind_cstr(s, 2, now);
	sqlite3_bind_int64(s, 3, (int64_t)in->sum.seen);
	sqlite3_bind_int64(s, 4, (int64_t)in->sum.added);
	sqlite3_bind_int64(s, 5, (int64_t)in->sum.changed);
	sqlite3_bind_int64(s, 6, (int64_t)in->sum.unchanged);
	sqlite3_bind_int64(s, 7, (int64_t)in->sum.removed);
	sqlite3_bind_int64(s, 8, (int64_t)in->sum.failed);
	sqlite3_bind_int64(s, 9, (int64_t)warnings);
	bind_cstr(s, 10, marks);
	bind_id(s, 11, in->next_item_id > in->first_item_id ?
	    in->first_item_id : 0);
	bind_id(s, 12, in->next_item_id > in->first_item_id ?
	    in->next_item_id - 1 : 0);
	bind_id(s, 13, in->st->items_run != 0 && in->st->items_run ==
	    in->snapshot ? in->st->items + in->items_added : 0);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		in->sum.items = sqlite3_column_int64(s, 0);
		in->sum.risks = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	free(marks);
	if (rc != SQLITE_ROW) {
		rc = store_fail(in->st, "recording the run");
		store_ingest_abort(in);
		return rc;
	}
	if ((rc = store_spans_update(in->st, in->nindexes > 0)) != 0 ||
	    (rc = commit_run(in)) != 0) {
		store_ingest_abort(in);
		return rc;
	}
	in->st->items = in->sum.items;
	in->st->items_run = in->run;
	keep_known(in);
	*sum = in->sum;
	in->sum.unknown_marks = NULL;
	free_run(in);
	return 0;
}
