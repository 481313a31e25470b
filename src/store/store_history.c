/*
 * store_history.c - identities across ingests, and the events that record
 * what changed between them: the SQLite half.  The rules (which old item
 * is which new one, when an item was completed, what a state change is)
 * are history/'s (progdb/history.h); this file loads the snapshots they
 * work on and writes the rows and events they decide.
 *
 * When a changed document is written, its items find their earlier selves
 * (hist_match_items()).  Items left over in one file and new in another
 * are matched at the end of the run (hist_match_moves()), so a moved item
 * or a renamed file keeps its items' ids and history.  Risks and debt
 * entries keep their ids by key.
 *
 * Only changes make events: completed, reopened, state (another state
 * change), moved, removed, due-changed (a written due date that is now
 * another); for risks resolved, reopened, escalated,
 * deescalated, removed.  What exists from the first sight on needs no
 * event: first_run says when it appeared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/date.h"
#include "progdb/history.h"
#include "progdb/xmem.h"
#include "store_int.h"

static const char *
dup_text(struct pdb_arena *a, sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return t != NULL ? arena_strndup(a, (const char *)t,
	    (size_t)sqlite3_column_bytes(s, col)) : NULL;
}

static const char *
dup_str(struct pdb_arena *a, struct pdb_str v)
{
	return v.n > 0 ? arena_strndup(a, v.p, v.n) : NULL;
}

/* ---- events ---- */

struct event {
	const char	*at;
	const char	*entity;
	int64_t		 entity_id;
	int64_t		 document;
	const char	*kind;
	const char	*old_value;
	const char	*new_value;
	const char	*source;
	const char	*window_start;
	const char	*title;
	int64_t		 section_id;
	const char	*section_title;
	const char	*milestone;
	unsigned	 line;
	int64_t		 first_run;
	const char	*mark;
};

static int
add_event(struct pdb_ingest *in, const struct event *e)
{
	sqlite3_stmt *s = in->s[S_INSERT_EVENT];

	sqlite3_bind_int64(s, 1, in->run);
	bind_cstr(s, 2, e->at != NULL ? e->at : in->observed);
	bind_cstr(s, 3, e->entity);
	sqlite3_bind_int64(s, 4, e->entity_id);
	sqlite3_bind_int64(s, 5, e->document);
	bind_cstr(s, 6, e->kind);
	bind_cstr(s, 7, e->old_value);
	bind_cstr(s, 8, e->new_value);
	bind_cstr(s, 9, e->source);
	bind_cstr(s, 10, e->window_start);
	bind_cstr(s, 11, e->source != NULL &&
	    strcmp(e->source, "git") == 0 ? in->commit : NULL);
	bind_cstr(s, 12, e->title != NULL ? e->title : "");
	bind_id(s, 13, e->section_id);
	bind_cstr(s, 14, e->section_title);
	bind_cstr(s, 15, e->milestone);
	if (e->line > 0)
		sqlite3_bind_int(s, 16, (int)e->line);
	bind_id(s, 17, e->first_run);
	bind_cstr(s, 18, e->mark);
	return store_step(in, S_INSERT_EVENT, "recording what changed");
}

/* ---- loading what a document held ---- */

static int
load_items(struct pdb_ingest *in, int64_t doc)
{
	sqlite3_stmt *s = in->s[S_OLD_ITEMS];
	struct pdb_arena *a = &in->hist.doc_arena;
	int rc;

	sqlite3_bind_int64(s, 1, doc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct hist_snapshot *o = hist_list_push(&in->hist.old_items);

		o->key = sqlite3_column_int64(s, 0);
		o->id = sqlite3_column_int64(s, 1);
		o->first_run = sqlite3_column_int64(s, 2);
		o->state = dup_text(a, s, 3);
		o->title = dup_text(a, s, 4);
		o->line = (unsigned)sqlite3_column_int(s, 5);
		o->completed_at = dup_text(a, s, 6);
		o->completed_source = dup_text(a, s, 7);
		o->section_id = sqlite3_column_int64(s, 8);
		o->section_title = dup_text(a, s, 9);
		o->section_norm = dup_text(a, s, 10);
		o->milestone = dup_text(a, s, 11);
		o->mark = dup_text(a, s, 12);
		o->due_date = dup_text(a, s, 13);
		o->document = doc;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(in->st, "reading a document's items");
	hist_list_index(&in->hist.old_items);
	return 0;
}

/* Risks and debt entries: key, id, first_run, state, level, title, line,
 * section_id, section title, milestone. */
static int
load_register(struct pdb_ingest *in, enum stmt which, int64_t doc,
    struct hist_list *l)
{
	sqlite3_stmt *s = in->s[which];
	struct pdb_arena *a = &in->hist.doc_arena;
	int rc;

	sqlite3_bind_int64(s, 1, doc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct hist_snapshot *o = hist_list_push(l);

		o->key = sqlite3_column_int64(s, 0);
		o->id = sqlite3_column_int64(s, 1);
		o->first_run = sqlite3_column_int64(s, 2);
		o->state = dup_text(a, s, 3);
		o->level = sqlite3_column_int(s, 4);
		o->title = dup_text(a, s, 5);
		o->line = (unsigned)sqlite3_column_int(s, 6);
		o->section_id = sqlite3_column_int64(s, 7);
		o->section_title = dup_text(a, s, 8);
		o->milestone = dup_text(a, s, 9);
		o->document = doc;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(in->st, "reading a document's registers");
	hist_list_index(l);
	return 0;
}

static int
load_burndown(struct pdb_ingest *in, int64_t doc)
{
	sqlite3_stmt *s = in->s[S_OLD_BURNDOWN];
	int rc;

	sqlite3_bind_int64(s, 1, doc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct hist_snapshot *o = hist_list_push(&in->hist.old_burndown);

		o->key = hist_burndown_key((const char *)sqlite3_column_text(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0));
		o->first_run = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(in->st, "reading a document's burndown");
	hist_list_index(&in->hist.old_burndown);
	return 0;
}

void
history_clear(struct pdb_ingest *in)
{
	hist_state_clear(&in->hist);
}

void
store_ingest_surfaced(struct pdb_ingest *in, const uint8_t *surfaced)
{
	in->hist.surfaced = surfaced;
}

int
history_load(struct pdb_ingest *in, int64_t doc)
{
	int rc;

	history_clear(in);
	if ((rc = load_items(in, doc)) != 0 ||
	    (rc = load_register(in, S_OLD_RISKS, doc, &in->hist.old_risks)) != 0 ||
	    (rc = load_register(in, S_OLD_DEBTS, doc, &in->hist.old_debts)) != 0)
		return rc;
	return load_burndown(in, doc);
}

/* ---- items ---- */

/* The run as history/ sees it. */
static struct hist_run
run_of(const struct pdb_ingest *in)
{
	return (struct hist_run){
		.observed = in->observed, .previous = in->previous,
		.observed_day = in->observed_day,
		.previous_day = in->previous_day, .git = in->commit != NULL,
	};
}

static const char *
section_norm(const struct pdb_facts *f, int32_t s)
{
	return s != PDB_NONE ? f->sections.v[s].norm_title.p : NULL;
}

/* A due date written before and now another one: due-changed, old and
 * new day (a later day is a slip). */
static int
due_event(struct pdb_ingest *in, const struct pdb_item_fact *it,
    const struct hist_snapshot *o, struct event e)
{
	char now[11];

	if (it->due_date == PDB_NO_DATE)
		return 0;
	date_format_day(it->due_date, now);
	if (!hist_due_changed(o->due_date, now))
		return 0;
	e.kind = "due-changed";
	e.old_value = o->due_date;
	e.new_value = now;
	e.at = NULL;
	e.source = e.window_start = NULL;
	return add_event(in, &e);
}

/* An item now under another heading of its document: moved, from the
 * heading o stood under to the one event e (its state change) names. */
static int
moved_event(struct pdb_ingest *in, const struct hist_snapshot *o,
    const struct event *e)
{
	struct event m = {
		.entity = "item", .entity_id = e->entity_id,
		.document = e->document, .kind = "moved",
		.old_value = o->section_title, .new_value = e->section_title,
		.title = e->title, .section_id = e->section_id,
		.section_title = e->section_title, .milestone = e->milestone,
		.line = e->line, .mark = e->mark,
	};

	return add_event(in, &m);
}

/* Events for an item that existed before: state changes and moves. */
static int
item_events(struct pdb_ingest *in, int64_t doc, int64_t id,
    const struct pdb_facts *f, const struct pdb_item_fact *it,
    const struct hist_snapshot *o, const struct hist_completion *c)
{
	const char *now = facts_state_name(it->state);
	const char *kind = hist_change_kind(o->state, now);
	const struct pdb_section_fact *sec = it->section != PDB_NONE ?
	    &f->sections.v[it->section] : NULL;
	char *title = arena_strndup(&in->hist.doc_arena, it->text.p,
	    it->text.n);
	struct event e = {
		.entity = "item", .entity_id = id, .document = doc,
		.old_value = o->state, .new_value = now, .title = title,
		.section_id = sec != NULL ? in->section_ids[it->section] : 0,
		.section_title = sec != NULL ? dup_str(&in->hist.doc_arena,
		    sec->title) : NULL,
		.milestone = sec != NULL ? dup_str(&in->hist.doc_arena,
		    sec->milestone) : NULL,
		.line = it->line,
		.mark = dup_str(&in->hist.doc_arena, it->mark),
	};
	int rc;

	if (kind != NULL) {
		e.kind = kind;
		if (c->event) {
			e.at = c->at;
			e.source = c->source;
			e.window_start = c->window_start;
		}
		if ((rc = add_event(in, &e)) != 0)
			return rc;
	}
	if ((rc = due_event(in, it, o, e)) != 0)
		return rc;
	if (hist_same_section(o->section_norm, section_norm(f, it->section)))
		return 0;
	return moved_event(in, o, &e);
}

/* The text after an item's label and its colon, when the text starts
 * with the label (NULL when it does not: `detail` is then NULL). */
static struct pdb_str
item_detail(const struct pdb_item_fact *it)
{
	const char *p = it->text.p, *end = it->text.p + it->text.n;

	if (it->label.n == 0 || it->label.n > it->text.n ||
	    memcmp(p, it->label.p, it->label.n) != 0)
		return (struct pdb_str){NULL, 0};
	for (p += it->label.n; p < end && (*p == ':' || *p == ' '); p++)
		continue;
	return (struct pdb_str){p, (size_t)(end - p)};
}

/* The milestone the nearest heading above section sec that names one
 * names (item.milestone); empty when none does. */
static struct pdb_str
section_milestone(const struct pdb_facts *f, int32_t sec)
{
	for (; sec != PDB_NONE; sec = f->sections.v[sec].parent)
		if (f->sections.v[sec].milestone.n > 0)
			return f->sections.v[sec].milestone;
	return (struct pdb_str){NULL, 0};
}

/* What check reads of an item beside its own facts: its milestone and
 * how many of its direct sub-items are open. */
struct item_checks {
	struct pdb_str	 milestone;
	unsigned	 open_children;
};

static void
bind_item(struct pdb_ingest *in, sqlite3_stmt *s, int p, int64_t id,
    int64_t doc, const struct pdb_item_fact *it, const struct hist_snapshot *o,
    const struct hist_completion *c, const struct item_checks *k)
{
	struct pdb_str detail = item_detail(it);

	sqlite3_bind_int64(s, p + 1, id);
	sqlite3_bind_int64(s, p + 2, doc);
	bind_id(s, p + 3, it->section != PDB_NONE ?
	    in->section_ids[it->section] : 0);
	bind_id(s, p + 4, it->parent != PDB_NONE ? in->item_ids[it->parent] :
	    0);
	sqlite3_bind_int(s, p + 5, (int)it->line);
	sqlite3_bind_int(s, p + 6, (int)it->depth);
	bind_cstr(s, p + 7, facts_state_name(it->state));
	bind_str(s, p + 8, it->mark);
	bind_cstr(s, p + 9, it->from_table ? "table" : it->from_emoji ?
	    "emoji" : "checkbox");
	sqlite3_bind_text(s, p + 10, it->text.p ? it->text.p : "",
	    (int)it->text.n, SQLITE_STATIC);
	bind_str(s, p + 11, it->label);
	bind_str(s, p + 12, it->ext_id);
	bind_str(s, p + 13, it->tags);
	sqlite3_bind_int(s, p + 14, it->optional);
	sqlite3_bind_int(s, p + 15, it->current);
	bind_id(s, p + 16, it->priority);
	bind_date(s, p + 17, it->done_date);
	bind_date(s, p + 18, it->due_date);
	bind_date(s, p + 19, it->created_date);
	bind_date(s, p + 20, it->start_date);
	bind_date(s, p + 21, it->scheduled_date);
	bind_date(s, p + 22, it->cancelled_date);
	sqlite3_bind_int64(s, p + 23, (int64_t)it->key);
	sqlite3_bind_int64(s, p + 24, o != NULL ? o->first_run : in->run);
	bind_date(s, p + 25, it->context_date);
	/* c lives on the caller's stack: the batch runs after it is gone. */
	if (c->at[0] != '\0')
		sqlite3_bind_text(s, p + 26, c->at, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, p + 26);
	bind_cstr(s, p + 27, c->at[0] != '\0' ? c->source : NULL);
	if (detail.p != NULL)
		sqlite3_bind_text(s, p + 28, detail.p, (int)detail.n,
		    SQLITE_STATIC);
	else
		sqlite3_bind_null(s, p + 28);
	bind_str(s, p + 29, it->owner);
	bind_str(s, p + 30, k->milestone);
	sqlite3_bind_int(s, p + 31, (int)k->open_children);
}

/* New item i of f, whose earlier self is o (or NULL): its row and, when
 * it existed before, its events. */
static int
write_item(struct pdb_ingest *in, int64_t doc, const struct pdb_facts *f,
    size_t i, const struct hist_snapshot *o, unsigned open_children)
{
	const struct pdb_item_fact *it = &f->items.v[i];
	const struct item_checks k = {section_milestone(f, it->section),
		open_children};
	struct hist_run run = run_of(in);
	struct hist_completion c;
	sqlite3_stmt *s;
	int p, rc;

	hist_completion_of(&run, it, o, &c);
	in->item_ids[i] = o != NULL ? o->id : in->next_item_id++;
	if ((rc = row_slot(in, S_INSERT_ITEM, i, f->items.n, &s, &p)) != 0)
		return rc;
	bind_item(in, s, p, in->item_ids[i], doc, it, o, &c, &k);
	if ((rc = row_bound(in, S_INSERT_ITEM, i, f->items.n,
	    "storing an item")) != 0 || o == NULL)
		return rc;
	return item_events(in, doc, in->item_ids[i], f, it, o, &c);
}

/* How many direct sub-items of each item of f are open (not done, not
 * cancelled); the caller frees the array. */
static unsigned *
open_children(const struct pdb_facts *f)
{
	unsigned *open = xcalloc(f->items.n + 1, sizeof(*open));

	for (size_t i = 0; i < f->items.n; i++) {
		const struct pdb_item_fact *it = &f->items.v[i];

		if (it->parent != PDB_NONE && it->state != PDB_STATE_DONE &&
		    it->state != PDB_STATE_CANCELLED)
			open[it->parent]++;
	}
	return open;
}

int
history_write_items(struct pdb_ingest *in, int64_t doc,
    const struct pdb_facts *f)
{
	const int32_t *match = hist_state_match(&in->hist, f);
	unsigned *open = open_children(f);
	int rc = 0;

	for (size_t i = 0; i < f->items.n && rc == 0; i++)
		rc = write_item(in, doc, f, i, match[i] >= 0 ?
		    &in->hist.old_items.v[match[i]] : NULL, open[i]);
	free(open);
	if (rc != 0)
		return rc;
	for (size_t k = 0; k < in->hist.old_items.n; k++)
		if (!in->hist.old_items.v[k].taken)
			hist_remember(&in->hist.removed, &in->hist.run_arena,
			    &in->hist.old_items.v[k]);
	return 0;
}

/* ---- risks, debt, burndown ---- */

static const char *const register_sources[] = {
	[PDB_SOURCE_TABLE] = "table", [PDB_SOURCE_BULLET] = "bullet",
	[PDB_SOURCE_BLOCKER] = "blocker", [PDB_SOURCE_HEADING] = "heading",
	[PDB_SOURCE_LIST] = "list", [PDB_SOURCE_PARAGRAPH] = "paragraph",
};

static char *
level_text(struct pdb_arena *a, int level)
{
	char buf[8];

	snprintf(buf, sizeof(buf), "%d", level);
	return arena_strndup(a, buf, strlen(buf));
}

/* Events of a risk or debt entry that existed before. */
static int
register_events(struct pdb_ingest *in, const char *entity, int64_t doc,
    int64_t id, const char *title, const char *state, int level,
    int32_t section, const struct pdb_facts *f, unsigned line,
    const struct hist_snapshot *o)
{
	struct event e = {
		.entity = entity, .entity_id = id, .document = doc,
		.title = title, .section_id = section_id(in, section),
		.section_title = section != PDB_NONE ? dup_str(&in->hist.doc_arena,
		    f->sections.v[section].title) : NULL,
		.line = line,
	};
	int rc;

	if ((e.kind = hist_register_change(o->state, state)) != NULL) {
		e.old_value = o->state;
		e.new_value = state;
		if ((rc = add_event(in, &e)) != 0)
			return rc;
	}
	if ((e.kind = hist_level_change(o->level, level)) == NULL)
		return 0;
	e.old_value = level_text(&in->hist.doc_arena, o->level);
	e.new_value = level_text(&in->hist.doc_arena, level);
	return add_event(in, &e);
}

static int
removal_events(struct pdb_ingest *in, const char *entity,
    struct hist_list *l)
{
	int rc;

	for (size_t k = 0; k < l->n; k++) {
		const struct hist_snapshot *o = &l->v[k];
		struct event e = {
			.entity = entity, .entity_id = o->id,
			.document = o->document, .kind = "removed",
			.old_value = o->state, .title = o->title,
			.section_id = o->section_id,
			.section_title = o->section_title,
			.milestone = o->milestone, .line = o->line,
			.first_run = o->first_run, .mark = o->mark,
		};

		if (!o->taken && (rc = add_event(in, &e)) != 0)
			return rc;
	}
	return 0;
}

static int
write_risk(struct pdb_ingest *in, int64_t doc, const struct pdb_facts *f,
    const struct pdb_risk_fact *r)
{
	sqlite3_stmt *s = in->s[S_INSERT_RISK];
	const struct hist_snapshot *o = hist_list_take(&in->hist.old_risks,
	    (int64_t)r->key);
	const char *state = r->resolved ? "resolved" : "open";
	char *title;
	int rc;

	sqlite3_bind_int64(s, 1, doc);
	bind_id(s, 2, section_id(in, r->section));
	bind_id(s, 3, table_id(in, r->table));
	sqlite3_bind_int(s, 4, (int)r->line);
	bind_cstr(s, 5, register_sources[r->source]);
	bind_str(s, 6, r->ext_id);
	sqlite3_bind_text(s, 7, r->title.p ? r->title.p : "", (int)r->title.n,
	    SQLITE_STATIC);
	bind_str(s, 8, r->probability);
	bind_level(s, 9, r->probability_level);
	bind_str(s, 10, r->impact);
	bind_level(s, 11, r->impact_level);
	bind_str(s, 12, r->severity);
	bind_level(s, 13, r->severity_level);
	bind_str(s, 14, r->mitigation);
	bind_str(s, 15, r->owner);
	bind_str(s, 16, r->status);
	bind_cstr(s, 17, state);
	bind_str(s, 18, r->resolution);
	bind_str(s, 19, r->lessons);
	bind_str(s, 20, r->eta);
	bind_date(s, 21, r->due_date);
	bind_date(s, 22, r->resolved_date);
	sqlite3_bind_int64(s, 23, (int64_t)r->key);
	sqlite3_bind_int64(s, 24, o != NULL ? o->id : in->next_risk_id++);
	sqlite3_bind_int64(s, 25, o != NULL ? o->first_run : in->run);
	if ((rc = store_step(in, S_INSERT_RISK, "storing a risk")) != 0 ||
	    o == NULL)
		return rc;
	title = arena_strndup(&in->hist.doc_arena, r->title.p, r->title.n);
	return register_events(in, "risk", doc, o->id, title, state,
	    (int)r->severity_level, r->section, f, r->line, o);
}

static int
write_debt(struct pdb_ingest *in, int64_t doc, const struct pdb_facts *f,
    const struct pdb_debt_fact *d)
{
	sqlite3_stmt *s = in->s[S_INSERT_DEBT];
	const struct hist_snapshot *o = hist_list_take(&in->hist.old_debts,
	    (int64_t)d->key);
	const char *state = d->resolved ? "resolved" : "open";
	char *title;
	int rc;

	sqlite3_bind_int64(s, 1, doc);
	bind_id(s, 2, section_id(in, d->section));
	bind_id(s, 3, table_id(in, d->table));
	sqlite3_bind_int(s, 4, (int)d->line);
	bind_cstr(s, 5, register_sources[d->source]);
	bind_str(s, 6, d->ext_id);
	sqlite3_bind_text(s, 7, d->description.p ? d->description.p : "",
	    (int)d->description.n, SQLITE_STATIC);
	bind_str(s, 8, d->impact);
	bind_level(s, 9, d->impact_level);
	bind_str(s, 10, d->priority);
	bind_level(s, 11, d->priority_level);
	bind_str(s, 12, d->planned);
	bind_str(s, 13, d->status);
	bind_cstr(s, 14, state);
	bind_str(s, 15, d->owner);
	bind_date(s, 16, d->resolved_date);
	sqlite3_bind_int64(s, 17, (int64_t)d->key);
	sqlite3_bind_int64(s, 18, o != NULL ? o->id : in->next_debt_id++);
	sqlite3_bind_int64(s, 19, o != NULL ? o->first_run : in->run);
	if ((rc = store_step(in, S_INSERT_DEBT, "storing tech debt")) != 0 ||
	    o == NULL)
		return rc;
	title = arena_strndup(&in->hist.doc_arena, d->description.p,
	    d->description.n);
	return register_events(in, "debt", doc, o->id, title, state, 0,
	    d->section, f, d->line, o);
}

/* Burndown row i of the document's n. */
static int
write_burndown_row(struct pdb_ingest *in, int64_t doc,
    const struct pdb_burndown_fact *b, size_t i, size_t n)
{
	const struct hist_snapshot *o;
	sqlite3_stmt *s;
	int p, rc;

	if ((rc = row_slot(in, S_INSERT_BURNDOWN, i, n, &s, &p)) != 0)
		return rc;
	o = hist_list_take(&in->hist.old_burndown, hist_burndown_row_key(
	    &in->hist.words, b->milestone, b->label));
	sqlite3_bind_int64(s, p + 1, doc);
	bind_id(s, p + 2, section_id(in, b->section));
	bind_id(s, p + 3, table_id(in, b->table));
	sqlite3_bind_int(s, p + 4, (int)b->line);
	bind_str(s, p + 5, b->milestone);
	sqlite3_bind_text(s, p + 6, b->label.p ? b->label.p : "",
	    (int)b->label.n, SQLITE_STATIC);
	bind_date(s, p + 7, b->date);
	bind_id(s, p + 8, b->ordinal);
	bind_number(s, p + 9, b->remaining);
	bind_str(s, p + 10, b->remaining_text);
	bind_number(s, p + 11, b->completed);
	bind_str(s, p + 12, b->completed_text);
	bind_number(s, p + 13, b->scope);
	bind_number(s, p + 14, b->ideal);
	bind_str(s, p + 15, b->blockers);
	sqlite3_bind_int64(s, p + 16, o != NULL ? o->first_run : in->run);
	return row_bound(in, S_INSERT_BURNDOWN, i, n, "storing a burndown row");
}

int
history_write_registers(struct pdb_ingest *in, int64_t doc,
    const struct pdb_facts *f)
{
	int rc;

	for (size_t i = 0; i < f->risks.n; i++)
		if ((rc = write_risk(in, doc, f, &f->risks.v[i])) != 0)
			return rc;
	for (size_t i = 0; i < f->debts.n; i++)
		if ((rc = write_debt(in, doc, f, &f->debts.v[i])) != 0)
			return rc;
	for (size_t i = 0; i < f->burndown.n; i++)
		if ((rc = write_burndown_row(in, doc, &f->burndown.v[i], i,
		    f->burndown.n)) != 0)
			return rc;
	if ((rc = removal_events(in, "risk", &in->hist.old_risks)) != 0)
		return rc;
	return removal_events(in, "debt", &in->hist.old_debts);
}

int
history_remove_document(struct pdb_ingest *in, int64_t doc)
{
	int rc;

	if ((rc = history_load(in, doc)) != 0)
		return rc;
	for (size_t k = 0; k < in->hist.old_items.n; k++) {
		in->hist.old_items.v[k].doc_gone = 1;
		hist_remember(&in->hist.removed, &in->hist.run_arena,
		    &in->hist.old_items.v[k]);
	}
	if ((rc = removal_events(in, "risk", &in->hist.old_risks)) != 0)
		return rc;
	return removal_events(in, "debt", &in->hist.old_debts);
}

/* ---- the end of the run: moves between files ---- */

/* The items first seen in this run, which may be moved ones. */
static int
load_added(struct pdb_ingest *in)
{
	sqlite3_stmt *s = in->s[S_NEW_ITEMS];
	struct pdb_arena *a = &in->hist.run_arena;
	int rc;

	sqlite3_bind_int64(s, 1, in->run);
	sqlite3_bind_int64(s, 2, in->first_item_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct hist_added *x = hist_state_add(&in->hist);

		*x = (struct hist_added){
			.id = sqlite3_column_int64(s, 0),
			.key = sqlite3_column_int64(s, 1),
			.document = sqlite3_column_int64(s, 2),
			.state = dup_text(a, s, 3),
			.title = dup_text(a, s, 4),
			.line = (unsigned)sqlite3_column_int(s, 5),
			.section_title = dup_text(a, s, 6),
			.milestone = dup_text(a, s, 7),
			.mark = dup_text(a, s, 8),
			.due_date = dup_text(a, s, 9),
		};
		x->text = x->title != NULL ? hist_text_hash(x->title,
		    strlen(x->title)) : hist_text_hash("", 0);
		x->undated = hist_text_hash_undated(x->title != NULL ?
		    x->title : "");
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(in->st, "reading the new items");
	return 0;
}

/* A moved item whose written due date changed on the way: due-changed,
 * as for an item that stayed (due_event()). */
static int
moved_due_event(struct pdb_ingest *in, const struct hist_snapshot *r,
    const struct hist_added *a, struct event e)
{
	if (!hist_due_changed(r->due_date, a->due_date))
		return 0;
	e.kind = "due-changed";
	e.old_value = r->due_date;
	e.new_value = a->due_date;
	e.at = e.source = e.window_start = NULL;
	return add_event(in, &e);
}

/* Item a, new in one file, is item r that left another: it takes r's id. */
static int
move_item(struct pdb_ingest *in, const struct hist_snapshot *r,
    const struct hist_added *a)
{
	sqlite3_stmt *m = in->s[S_MOVE_ITEM], *p = in->s[S_REPARENT_ITEMS];
	const char *kind = hist_change_kind(r->state, a->state);
	struct event e = {
		.entity = "item", .entity_id = r->id, .document = a->document,
		.kind = "moved", .old_value = r->section_title,
		.new_value = a->section_title, .title = a->title,
		.section_title = a->section_title, .milestone = a->milestone,
		.line = a->line, .mark = a->mark,
	};
	int keep = hist_is_done(r->state) && hist_is_done(a->state);
	int rc;

	sqlite3_bind_int64(m, 1, r->id);
	sqlite3_bind_int64(m, 2, r->first_run);
	bind_cstr(m, 3, keep ? r->completed_at : NULL);
	bind_cstr(m, 4, keep ? r->completed_source : NULL);
	sqlite3_bind_int64(m, 5, a->id);
	sqlite3_bind_int64(p, 1, r->id);
	sqlite3_bind_int64(p, 2, a->id);
	if ((rc = store_step(in, S_MOVE_ITEM, "moving an item")) != 0 ||
	    (rc = store_step(in, S_REPARENT_ITEMS, "moving an item")) != 0 ||
	    (rc = add_event(in, &e)) != 0 ||
	    (rc = moved_due_event(in, r, a, e)) != 0 || kind == NULL)
		return rc;
	e.kind = kind;
	e.old_value = r->state;
	e.new_value = a->state;
	if (strcmp(kind, "completed") == 0) {
		struct hist_run run = run_of(in);

		hist_observed(&run, &e.source, &e.window_start);
	}
	return add_event(in, &e);
}

int
history_finish(struct pdb_ingest *in)
{
	struct hist_move *mv;
	size_t n;
	int rc;

	if (in->hist.removed.n == 0)
		return 0;
	if ((rc = load_added(in)) != 0)
		return rc;
	n = hist_match_moves(&in->hist.removed, in->hist.added,
	    in->hist.nadded, &mv);
	for (size_t k = 0; k < n && rc == 0; k++)
		rc = move_item(in, mv[k].removed, mv[k].added);
	free(mv);
	if (rc != 0)
		return rc;
	return removal_events(in, "item", &in->hist.removed);
}

void
history_free(struct pdb_ingest *in)
{
	hist_state_free(&in->hist);
}
