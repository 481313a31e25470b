/*
 * store_history.c - identities across ingests, and the events that record
 * what changed between them.
 *
 * When a changed document is written, its items find their earlier selves:
 * first by key (explicit id, else section path + normalised first line),
 * then by unchanged text, by a tick at the same place, and by similarity
 * of wording (see match_items()).  Items left over in one file
 * and new in another are matched at the end of the run (same key, else
 * same wording, else the same wording but for its dates when it has a due
 * date before and after), so a moved item
 * or a renamed file keeps its items' ids
 * and history.  Risks and debt entries keep their ids by key.
 *
 * Only changes make events: completed, reopened, state (another state
 * change), moved, removed, due-changed (a written due date that is now
 * another); for risks resolved, reopened, escalated,
 * deescalated, removed.  What exists from the first sight on needs no
 * event: first_run says when it appeared.
 *
 * A completion's time is what the document writes (a done date, or the
 * dated log heading it sits under when that date falls between the two
 * observations), else the commit (git) or the run (observed) that first
 * saw it done.  An item first seen already done is not taken as completed
 * then: its completion date is the written one, or unknown.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/date.h"
#include "progdb/hash.h"
#include "progdb/ident.h"
#include "progdb/xmem.h"
#include "store_int.h"

#define SIMILAR		0.6	/* least word overlap for a reworded item */
#define KEY_SEED_BURN	0x6275726e

/* ---- snapshot lists ---- */

static void
list_reset(struct snapshot_list *l)
{
	l->n = 0;
	free(l->index);
	l->index = NULL;
	l->nindex = 0;
}

static void
list_free(struct snapshot_list *l)
{
	list_reset(l);
	free(l->v);
	*l = (struct snapshot_list){0};
}

static struct snapshot *
list_push(struct snapshot_list *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	memset(&l->v[l->n], 0, sizeof(*l->v));
	return &l->v[l->n++];
}

static size_t
slot_of(int64_t key, size_t n)
{
	return (size_t)hash_bytes(&key, sizeof(key), 0) & (n - 1);
}

static void
list_index(struct snapshot_list *l)
{
	free(l->index);
	l->nindex = 16;
	while (l->nindex < l->n * 2)
		l->nindex *= 2;
	l->index = xcalloc(l->nindex, sizeof(*l->index));
	for (size_t i = 0; i < l->n; i++) {
		size_t h = slot_of(l->v[i].key, l->nindex);

		while (l->index[h] != 0)
			h = (h + 1) & (l->nindex - 1);
		l->index[h] = i + 1;
	}
}

/* The first snapshot with key not matched yet, marked matched; or NULL. */
static struct snapshot *
list_take(struct snapshot_list *l, int64_t key)
{
	if (l->nindex == 0)
		return NULL;
	for (size_t h = slot_of(key, l->nindex); l->index[h] != 0;
	    h = (h + 1) & (l->nindex - 1)) {
		struct snapshot *s = &l->v[l->index[h] - 1];

		if (s->key == key && !s->taken) {
			s->taken = 1;
			return s;
		}
	}
	return NULL;
}

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

/* ---- wording ---- */

/* English endings a light rewording changes: "check", "checks",
 * "checked" and "checking" are one word here, and so are "update" and
 * "updated". */
static size_t
stem_length(const char *w, size_t wl)
{
	size_t n = wl;

	if (wl >= 6 && memcmp(w + wl - 3, "ing", 3) == 0)
		n = wl - 3;
	else if (wl >= 5 && memcmp(w + wl - 2, "ed", 2) == 0)
		n = wl - 2;
	else if (wl >= 4 && w[wl - 1] == 's' && w[wl - 2] != 's')
		n = wl - 1;
	return n >= 4 && w[n - 1] == 'e' ? n - 1 : n;
}

/* What code point cp is in a word: 0 none (space, punctuation, symbols,
 * emoji, fullwidth punctuation), 1 a letter or digit of a script that
 * spaces its words, 2 a letter of one that does not (Chinese, Japanese:
 * such a run is a word of its own, "OWNERSHIP映射" is two). */
static int
word_char(uint32_t cp)
{
	if (cp < 0x80)
		return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ||
		    (cp >= '0' && cp <= '9');
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || ident_is_symbol(cp) ||
	    (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	    (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65))
		return 0;
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 &&
	    cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	    (cp >= 0x20000 && cp <= 0x3FFFF) ? 2 : 1;
}

/* The word that starts at t[i] (a word character), lower-cased into
 * w[0..*wl) (at most cap - 1 bytes kept), and whether it has letters and
 * digits; returns where it ends. */
static size_t
word_at(const char *t, size_t n, size_t i, char *w, size_t cap,
    size_t *wl, int *letters, int *digits)
{
	uint32_t cp;
	size_t len = ident_decode(t + i, n - i, &cp);
	int kind = word_char(cp);

	*wl = 0;
	*letters = *digits = 0;
	while (i < n && word_char(cp) == kind) {
		int digit = cp >= '0' && cp <= '9';

		*digits |= digit;
		*letters |= !digit;
		for (size_t k = 0; k < len && *wl < cap - 1; k++)
			w[(*wl)++] = cp >= 'A' && cp <= 'Z' ? (char)(cp | 0x20) :
			    t[i + k];
		i += len;
		if (i < n)
			len = ident_decode(t + i, n - i, &cp);
	}
	w[*wl] = '\0';
	return i;
}

/*
 * The words of a text, in any script, lower-cased and stemmed, without
 * numbers, dates and the markers completion adds ("✅", "done",
 * "completed"), so that "Write tests" and "Write test ✅ 2025-09-01" read
 * the same.
 */
static size_t
words_of(const char *t, size_t n, uint64_t *out, size_t max)
{
	static const char *const noise[] = {"done", "completed", "complete",
	    "current", "step", "task", "added", NULL};
	size_t nw = 0;

	for (size_t i = 0; i < n && nw < max;) {
		char w[64];
		size_t wl;
		int digits, letters;
		uint32_t cp;
		size_t len = ident_decode(t + i, n - i, &cp);

		if (word_char(cp) == 0) {
			i += len;
			continue;
		}
		i = word_at(t, n, i, w, sizeof(w), &wl, &letters, &digits);
		if (!letters || (digits && wl < 3))
			continue;
		for (int k = 0; noise[k] != NULL; k++)
			if (strcmp(w, noise[k]) == 0)
				letters = 0;
		if (letters)
			out[nw++] = hash_bytes(w, stem_length(w, wl), 0x77);
	}
	return nw;
}

/*
 * The identity of an item's text wherever it stands: its identifying form
 * (ident.h), dates and numbers kept, so that only the same wording
 * matches an item that left another file.
 */
static uint64_t
text_hash(const char *t)
{
	size_t n = strlen(t);
	char *norm = xmalloc(n + 1);
	uint64_t h = hash_bytes(norm, ident_normalize(t, n, norm), 0x5157);

	free(norm);
	return h;
}

/*
 * text_hash() of an item's text with the dates it names left out: a due
 * date that slipped while the item moved to another file is the same item.
 */
static uint64_t
text_hash_undated(const char *t)
{
	size_t n = strlen(t), pos = 0;
	char *copy = xmalloc(n + 1);
	struct pdb_date_match m;
	uint64_t h;

	memcpy(copy, t, n + 1);
	while (pos < n && date_find(copy + pos, n - pos, &m)) {
		memset(copy + pos + m.start, ' ', m.end - m.start);
		pos += m.end;
	}
	h = text_hash(copy);
	free(copy);
	return h;
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
	struct pdb_arena *a = &in->doc_arena;
	int rc;

	sqlite3_bind_int64(s, 1, doc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct snapshot *o = list_push(&in->old_items);

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
	list_index(&in->old_items);
	return 0;
}

/* Risks and debt entries: key, id, first_run, state, level, title, line,
 * section_id, section title, milestone. */
static int
load_register(struct pdb_ingest *in, enum stmt which, int64_t doc,
    struct snapshot_list *l)
{
	sqlite3_stmt *s = in->s[which];
	struct pdb_arena *a = &in->doc_arena;
	int rc;

	sqlite3_bind_int64(s, 1, doc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct snapshot *o = list_push(l);

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
	list_index(l);
	return 0;
}

static int64_t
burndown_key(const char *s, size_t n)
{
	return (int64_t)hash_bytes(s, n, KEY_SEED_BURN);
}

static int
load_burndown(struct pdb_ingest *in, int64_t doc)
{
	sqlite3_stmt *s = in->s[S_OLD_BURNDOWN];
	int rc;

	sqlite3_bind_int64(s, 1, doc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct snapshot *o = list_push(&in->old_burndown);

		o->key = burndown_key((const char *)sqlite3_column_text(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0));
		o->first_run = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(in->st, "reading a document's burndown");
	list_index(&in->old_burndown);
	return 0;
}

void
history_clear(struct pdb_ingest *in)
{
	arena_reset(&in->doc_arena);
	list_reset(&in->old_items);
	list_reset(&in->old_risks);
	list_reset(&in->old_debts);
	list_reset(&in->old_burndown);
}

int
history_load(struct pdb_ingest *in, int64_t doc)
{
	int rc;

	history_clear(in);
	if ((rc = load_items(in, doc)) != 0 ||
	    (rc = load_register(in, S_OLD_RISKS, doc, &in->old_risks)) != 0 ||
	    (rc = load_register(in, S_OLD_DEBTS, doc, &in->old_debts)) != 0)
		return rc;
	return load_burndown(in, doc);
}

/* ---- items ---- */

static int
is_done(const char *state)
{
	return state != NULL && strcmp(state, "done") == 0;
}

/* A written completion: the item's done date, else its log heading's. */
static int32_t
written_day(const struct pdb_item_fact *it)
{
	return it->done_date != PDB_NO_DATE ? it->done_date :
	    it->context_date;
}

struct completion {
	char		 at[20];	/* "" when unknown */
	const char	*source;
	const char	*window_start;	/* observed ones */
	int		 event;		/* it became done in this run */
};

/*
 * When the item was completed, and how we know (see the file comment).
 * o is its earlier self, or NULL when it is new.
 */
static void
completion_of(const struct pdb_ingest *in, const struct pdb_item_fact *it,
    const char *old_state, const char *old_at, const char *old_source,
    struct completion *c)
{
	int32_t day;

	*c = (struct completion){.at = ""};
	if (it->state != PDB_STATE_DONE)
		return;
	if (old_state != NULL && is_done(old_state) && old_at != NULL) {
		snprintf(c->at, sizeof(c->at), "%s", old_at);
		c->source = old_source;
		return;
	}
	c->event = old_state != NULL && !is_done(old_state);
	if (it->done_date != PDB_NO_DATE) {
		date_format_day(it->done_date, c->at);
		c->source = "written";
		return;
	}
	day = written_day(it);
	/*
	 * A log heading's date counts when an observation does not speak
	 * against it: after the day of the run that last saw the item open
	 * (on that day the heading more likely dates the entry the item was
	 * listed in than its completion), and not after this run.
	 */
	if (day != PDB_NO_DATE && (!c->event ||
	    (day > in->previous_day && day <= in->observed_day))) {
		date_format_day(day, c->at);
		c->source = "written";
		return;
	}
	if (!c->event)
		return;
	snprintf(c->at, sizeof(c->at), "%s", in->observed);
	c->source = in->commit != NULL ? "git" : "observed";
	c->window_start = in->commit == NULL && in->previous[0] != '\0' ?
	    in->previous : NULL;
}

static void
ensure_match(struct pdb_ingest *in, size_t n)
{
	if (n > in->match_cap) {
		in->match_cap = n;
		in->match = xreallocarray(in->match, n, sizeof(*in->match));
	}
}

static const char *
section_norm(const struct pdb_facts *f, int32_t s)
{
	return s != PDB_NONE ? f->sections.v[s].norm_title.p : NULL;
}

static int
same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL &&
	    strcmp(a, b) == 0);
}

/* Two section titles name the same section (emoji and case aside). */
static int
same_section(struct pdb_ingest *in, const char *a, const char *b)
{
	size_t na, nb;
	char *x, *y;

	if (a == NULL || b == NULL)
		return a == b;
	na = strlen(a);
	nb = strlen(b);
	x = arena_alloc(&in->doc_arena, na + nb + 2);
	y = x + na + 1;
	na = ident_normalize(a, na, x);
	nb = ident_normalize(b, nb, y);
	return na == nb && memcmp(x, y, na) == 0;
}

/*
 * Matching a document's new items with its old ones, in passes; each
 * pass sees only what the passes before it left over:
 *
 *   1. the same key (explicit id, else section path + first line);
 *   2. the same text, same state first: a line unchanged in the new
 *      version keeps its identity whatever happened around it (a renamed
 *      heading changes its key);
 *   3. an open item and a done item that replace each other at the same
 *      place (between the same two matched neighbours, at most NEAR items
 *      apart counted from either, in a stretch of at most MAX_RUN items),
 *      with an id in common, or under alike headings with half of the
 *      shorter one's words: a tick made while the text changed (and a
 *      run of two or more done items replacing as many open ones, under
 *      alike headings, is a list ticked item for item).  It comes
 *      before wording alike anywhere in the document: a done line added
 *      to a summary elsewhere must not take the item ticked in place;
 *   4. wording alike (SIMILAR of the words in common), the most alike
 *      pairs first, through an index of the old items' words, so that a
 *      rewritten document costs time in proportion to its size;
 *   5. pass 3 again, its neighbours now including what pass 4 matched.
 */

#define MAX_WORDS	64	/* words of a text that count */
#define PROBE_BUDGET	2048	/* index entries one new item may visit */
#define NEAR		2	/* same place: this far from the same position */
#define MAX_RUN		64	/* same place: longer runs are a rewrite */
#define CONTAINED	0.5	/* same place: least share of shorter's words */
#define KEEP_PAIRS	8	/* rewordings kept per new item, best first */
#define MAX_IDS		8

/* The words of many texts: each text a run of distinct words, sorted. */
struct wordbag {
	uint64_t	*hash;
	uint8_t		*count;
	size_t		 n;
	size_t		 cap;
};

/* One text's run in a wordbag. */
struct wordset {
	size_t		 off;
	unsigned	 n;		/* distinct words */
	unsigned	 total;		/* words, repeats included */
};

/* Where each word occurs among the old items, sorted by word. */
struct posting {
	uint64_t	 word;
	uint32_t	 item;
};

struct matcher {
	struct wordbag	 bag;
	struct wordset	*old;		/* per old item */
	struct posting	*post;
	size_t		 npost;
	uint32_t	*seen;		/* per old item: last probe that saw it */
	uint32_t	*cand;		/* the current probe's candidates */
	uint32_t	 stamp;
};

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static int
cmp_posting(const void *a, const void *b)
{
	const struct posting *x = a, *y = b;

	if (x->word != y->word)
		return x->word < y->word ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

/* Adds the words of t[0..n) to bag as one run. */
static struct wordset
bag_add(struct wordbag *bag, const char *t, size_t n)
{
	uint64_t w[MAX_WORDS];
	size_t nw = t != NULL ? words_of(t, n, w, MAX_WORDS) : 0;
	struct wordset s = {bag->n, 0, (unsigned)nw};

	if (bag->n + nw > bag->cap) {
		bag->cap = bag->cap * 2 > bag->n + nw ? bag->cap * 2 :
		    bag->n + nw + 256;
		bag->hash = xreallocarray(bag->hash, bag->cap,
		    sizeof(*bag->hash));
		bag->count = xreallocarray(bag->count, bag->cap, 1);
	}
	qsort(w, nw, sizeof(*w), cmp_u64);
	for (size_t i = 0; i < nw; i++) {
		if (i > 0 && w[i] == w[i - 1]) {
			bag->count[bag->n - 1]++;
			continue;
		}
		bag->hash[bag->n] = w[i];
		bag->count[bag->n++] = 1;
		s.n++;
	}
	return s;
}

/* Words two texts have in common, repeats counted as often as both have
 * them. */
static unsigned
common_words(const struct wordbag *bag, struct wordset a, struct wordset b)
{
	unsigned common = 0;

	for (size_t i = 0, j = 0; i < a.n && j < b.n;) {
		uint64_t x = bag->hash[a.off + i], y = bag->hash[b.off + j];

		if (x == y) {
			uint8_t ca = bag->count[a.off + i];
			uint8_t cb = bag->count[b.off + j];

			common += ca < cb ? ca : cb;
			i++;
			j++;
		} else if (x < y) {
			i++;
		} else {
			j++;
		}
	}
	return common;
}

/* Share of the words in common among all of both texts (Jaccard), 0..1. */
static double
similarity(const struct wordbag *bag, struct wordset a, struct wordset b)
{
	unsigned c = common_words(bag, a, b);

	return a.total && b.total ? (double)c / (a.total + b.total - c) : 0;
}

/* Share of the shorter text's words that the other has too, 0..1. */
static double
containment(const struct wordbag *bag, struct wordset a, struct wordset b)
{
	unsigned c = common_words(bag, a, b);
	unsigned m = a.total < b.total ? a.total : b.total;

	return m ? (double)c / m : 0;
}

static int
is_leftover(const struct snapshot *o)
{
	return !o->taken && o->title != NULL;
}

/* The old items' words and the index over them. */
static void
matcher_init(struct matcher *m, const struct snapshot_list *old)
{
	*m = (struct matcher){0};
	m->old = xcalloc(old->n ? old->n : 1, sizeof(*m->old));
	m->seen = xcalloc(old->n ? old->n : 1, sizeof(*m->seen));
	m->cand = xcalloc(old->n ? old->n : 1, sizeof(*m->cand));
	for (size_t k = 0; k < old->n; k++)
		if (is_leftover(&old->v[k]))
			m->old[k] = bag_add(&m->bag, old->v[k].title,
			    strlen(old->v[k].title));
	m->post = xreallocarray(NULL, m->bag.n ? m->bag.n : 1,
	    sizeof(*m->post));
	for (size_t k = 0; k < old->n; k++)
		for (unsigned i = 0; i < m->old[k].n; i++)
			m->post[m->npost++] = (struct posting){
			    m->bag.hash[m->old[k].off + i], (uint32_t)k};
	qsort(m->post, m->npost, sizeof(*m->post), cmp_posting);
}

static void
matcher_free(struct matcher *m)
{
	free(m->bag.hash);
	free(m->bag.count);
	free(m->old);
	free(m->post);
	free(m->seen);
	free(m->cand);
}

/* The first posting whose word is not below word (above: not above). */
static size_t
posting_bound(const struct matcher *m, uint64_t word, int above)
{
	size_t a = 0, b = m->npost;

	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (m->post[mid].word < word || (above &&
		    m->post[mid].word == word))
			a = mid + 1;
		else
			b = mid;
	}
	return a;
}

/* The postings of word: [*lo, return value). */
static size_t
postings_of(const struct matcher *m, uint64_t word, size_t *lo)
{
	*lo = posting_bound(m, word, 0);
	return posting_bound(m, word, 1);
}

struct run {
	size_t	lo;
	size_t	hi;
};

static int
cmp_run_length(const void *a, const void *b)
{
	const struct run *x = a, *y = b;
	size_t nx = x->hi - x->lo, ny = y->hi - y->lo;

	return (nx > ny) - (nx < ny);
}

/*
 * The leftover old items that share a word with s among its rarest
 * words, at most PROBE_BUDGET index entries looked at: in m->cand, how
 * many returned.  A text SIMILAR to s has at least SIMILAR of s's words,
 * so it has one of any n - ceil(SIMILAR * n) + 1 of them: the rarest are
 * enough, and words every item has ("implement", "the") are never read.
 */
static size_t
candidates(struct matcher *m, const struct snapshot_list *old,
    struct wordset s)
{
	struct run runs[MAX_WORDS];
	size_t nc = 0, budget = PROBE_BUDGET;
	unsigned need = (unsigned)(SIMILAR * s.n), probe;

	need += need < SIMILAR * s.n;	/* ceil */
	probe = s.n - need + 1 < s.n ? s.n - need + 1 : s.n;
	m->stamp++;
	for (unsigned i = 0; i < s.n; i++) {
		runs[i].hi = postings_of(m, m->bag.hash[s.off + i],
		    &runs[i].lo);
	}
	qsort(runs, s.n, sizeof(*runs), cmp_run_length);
	for (unsigned i = 0; i < probe && budget > 0; i++) {
		for (size_t p = runs[i].lo; p < runs[i].hi && budget > 0;
		    p++, budget--) {
			uint32_t k = m->post[p].item;

			if (m->seen[k] == m->stamp || !is_leftover(&old->v[k]))
				continue;
			m->seen[k] = m->stamp;
			m->cand[nc++] = k;
		}
	}
	return nc;
}

/* A possible rewording: new item i was old item k, with this similarity. */
struct pairing {
	double		 sim;
	uint32_t	 item;
	uint32_t	 old;
};

static int
cmp_pairing(const void *a, const void *b)
{
	const struct pairing *x = a, *y = b;

	if (x->sim != y->sim)
		return x->sim > y->sim ? -1 : 1;
	if (x->item != y->item)
		return x->item < y->item ? -1 : 1;
	return (x->old < y->old) - (x->old > y->old);
}

/* Keeps pairing p in top, the KEEP_PAIRS best of one new item. */
static void
keep_best(struct pairing *top, size_t *n, struct pairing p)
{
	size_t worst = 0;

	if (*n < KEEP_PAIRS) {
		top[(*n)++] = p;
		return;
	}
	for (size_t i = 1; i < *n; i++)
		if (cmp_pairing(&top[i], &top[worst]) > 0)
			worst = i;
	if (cmp_pairing(&p, &top[worst]) < 0)
		top[worst] = p;
}

/* The KEEP_PAIRS old leftovers worded most alike new item i, appended to
 * v (room for KEEP_PAIRS more); how many. */
static size_t
pairings_of(struct matcher *m, const struct snapshot_list *old,
    const struct pdb_item_fact *it, uint32_t i, struct pairing *v)
{
	struct wordset s = bag_add(&m->bag, it->text.p, it->text.n);
	size_t nc = candidates(m, old, s), n = 0;

	for (size_t c = 0; c < nc; c++) {
		uint32_t k = m->cand[c];
		double sim = similarity(&m->bag, s, m->old[k]);

		if (sim >= SIMILAR)
			keep_best(v, &n, (struct pairing){sim, i, k});
	}
	m->bag.n = s.off;
	return n;
}

/*
 * Pass 4: the most alike pairs of new and old leftovers first (ties: the
 * earlier new item, the later old one), so that "Token refresh pending"
 * becomes "Token refresh complete" rather than a line above that merely
 * shares most of its words.
 */
static void
match_reworded(struct pdb_ingest *in, const struct pdb_facts *f,
    struct matcher *m)
{
	struct snapshot_list *old = &in->old_items;
	struct pairing *v = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < f->items.n; i++) {
		if (in->match[i] >= 0)
			continue;
		if (n + KEEP_PAIRS > cap) {
			cap = cap ? cap * 2 : 8 * KEEP_PAIRS;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		n += pairings_of(m, old, &f->items.v[i], (uint32_t)i, v + n);
	}
	if (n > 0)	/* v is NULL when no item is left */
		qsort(v, n, sizeof(*v), cmp_pairing);
	for (size_t p = 0; p < n; p++) {
		if (in->match[v[p].item] >= 0 || old->v[v[p].old].taken)
			continue;
		old->v[v[p].old].taken = 1;
		in->match[v[p].item] = (int32_t)v[p].old;
	}
	free(v);
}

/* ---- pass 2: unchanged lines ---- */

static uint64_t
text_hash_n(const char *t, size_t n)
{
	char *norm = xmalloc(n + 1);
	uint64_t h = hash_bytes(norm, ident_normalize(t, n, norm), 0x5157);

	free(norm);
	return h;
}

static int64_t
text_state_key(uint64_t text, const char *state, int with_state)
{
	return (int64_t)(with_state && state != NULL ?
	    hash_bytes(state, strlen(state), text) : text);
}

static int
cmp_value_index(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return (x[1] > y[1]) - (x[1] < y[1]);
}

/* The first leftover old item whose value in v (sorted) is value. */
static int32_t
find_leftover(int64_t (*v)[2], size_t n, int64_t value,
    const struct snapshot_list *old)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid][0] < value)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && v[lo][0] == value; lo++)
		if (is_leftover(&old->v[v[lo][1]]))
			return (int32_t)v[lo][1];
	return -1;
}

/* Pass 2: the same text, with the same state first, then with any. */
static void
match_unchanged(struct pdb_ingest *in, const struct pdb_facts *f)
{
	struct snapshot_list *old = &in->old_items;
	int64_t (*v)[2] = xreallocarray(NULL, old->n ? old->n : 1,
	    sizeof(*v));
	uint64_t *hashes = xcalloc(old->n ? old->n : 1, sizeof(*hashes));

	for (size_t k = 0; k < old->n; k++)
		if (is_leftover(&old->v[k]))
			hashes[k] = text_hash(old->v[k].title);
	for (int with_state = 1; with_state >= 0; with_state--) {
		size_t n = 0;

		for (size_t k = 0; k < old->n; k++)
			if (is_leftover(&old->v[k])) {
				v[n][0] = text_state_key(hashes[k],
				    old->v[k].state, with_state);
				v[n++][1] = (int64_t)k;
			}
		qsort(v, n, sizeof(*v), cmp_value_index);
		for (size_t i = 0; i < f->items.n && n > 0; i++) {
			const struct pdb_item_fact *it = &f->items.v[i];
			int32_t k;

			if (in->match[i] >= 0)
				continue;
			k = find_leftover(v, n, text_state_key(text_hash_n(
			    it->text.p, it->text.n),
			    facts_state_name(it->state), with_state), old);
			if (k >= 0) {
				old->v[k].taken = 1;
				in->match[i] = k;
			}
		}
	}
	free(v);
	free(hashes);
}

/* ---- passes 3 and 5: ticks that changed the text ---- */

/* Hashes of the ids a text names, at least 3 characters: words of letters
 * and digits both (UX100-B4, T012, abc123), and dotted numbers (the 28.3
 * of "Task 28.3", the 2.1 of "Phase 2.1"); a number followed by letters
 * only (500ms, 50MB, 1.5GB) is a quantity, not an id. */
static size_t
ids_of(const char *t, size_t n, uint64_t *out)
{
	size_t nid = 0;

	for (size_t i = 0; i < n && nid < MAX_IDS;) {
		size_t j = i;
		int digits = 0, letters = 0, dotted = 0, late = 0;
		char w[32];
		size_t wl = 0;

		while (j < n && (((t[j] | 0x20) >= 'a' && (t[j] | 0x20) <= 'z') ||
		    (t[j] >= '0' && t[j] <= '9') || (j > i && (t[j] == '-' ||
		    t[j] == '_' || t[j] == '.') && j + 1 < n &&
		    (t[j + 1] | 0x20) >= '0' && (t[j + 1] | 0x20) <= 'z'))) {
			int digit = t[j] >= '0' && t[j] <= '9';

			late |= digit && letters;	/* a digit after a letter */
			digits |= digit;
			letters |= (t[j] | 0x20) >= 'a' && (t[j] | 0x20) <= 'z';
			dotted |= t[j] == '.';
			if (wl < sizeof(w))
				w[wl++] = (char)(t[j] | (t[j] >= 'A' &&
				    t[j] <= 'Z' ? 0x20 : 0));
			j++;
		}
		if (letters && !late && t[i] >= '0' && t[i] <= '9')
			digits = 0;	/* a quantity */
		if (digits && (letters || dotted) && wl >= 3)
			out[nid++] = hash_bytes(w, wl, 0x6964);
		i = j > i ? j : i + 1;
	}
	return nid;
}

/* 1 when the texts name an id in common, -1 when both name ids but
 * none in common, 0 when one names none. */
static int
share_an_id(const char *a, size_t na, const char *b, size_t nb)
{
	uint64_t x[MAX_IDS], y[MAX_IDS];
	size_t nx = ids_of(a, na, x), ny = ids_of(b, nb, y);

	for (size_t i = 0; i < nx; i++)
		for (size_t j = 0; j < ny; j++)
			if (x[i] == y[j])
				return 1;
	return nx > 0 && ny > 0 ? -1 : 0;
}

static int
is_open(const char *state)
{
	return state != NULL && !is_done(state) &&
	    strcmp(state, "cancelled") != 0;
}

/* The old leftovers by line, for positions. */
struct place {
	unsigned	 line;
	uint32_t	 item;
};

static int
cmp_place(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

/* The first place at or after line. */
static size_t
place_at(const struct place *p, size_t n, unsigned line)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The heading an old item stood under and a new one's (NULL: none) are
 * one: half of the shorter's words in common ("Auth 🔄 in progress" and
 * "Auth ✅ complete" are), and no two ids that differ ("Story 9.4.1:
 * Migration" and "Story 9.4.5: Migration" are two). */
static int
alike_headings(struct matcher *m, const char *was,
    const struct pdb_section_fact *now)
{
	struct wordset a, b;
	int alike;

	if (was == NULL || now == NULL)
		return was == NULL && now == NULL;
	if (share_an_id(was, strlen(was), now->title.p, now->title.n) < 0)
		return 0;
	a = bag_add(&m->bag, was, strlen(was));
	b = bag_add(&m->bag, now->title.p, now->title.n);
	alike = a.total == 0 || b.total == 0 ?
	    a.total == b.total : containment(&m->bag, a, b) >= CONTAINED;
	m->bag.n = a.off;
	return alike;
}

/* How well old item k stands for new done item it at the same place:
 * above 1 with an id in common, else the share of the shorter's words
 * when both are under alike headings and share two words or more (or
 * the shorter has one: "实现策略健康API" and "web/backend/app/api/ 完整模块"
 * share only "api"). */
static double
same_place_score(const struct pdb_facts *f, struct matcher *m,
    const struct snapshot *o, uint32_t k,
    const struct pdb_item_fact *it, struct wordset s)
{
	double c;

	if (!is_leftover(o) || !is_open(o->state))
		return 0;
	c = containment(&m->bag, s, m->old[k]);
	if (share_an_id(o->title, strlen(o->title), it->text.p, it->text.n) > 0)
		return 1 + c;
	if (common_words(&m->bag, s, m->old[k]) < 2 && s.total > 1 &&
	    m->old[k].total > 1)
		return 0;
	return c >= CONTAINED && alike_headings(m, o->section_title,
	    it->section != PDB_NONE ? &f->sections.v[it->section] : NULL) ?
	    c : 0;
}

/* Two positions at most NEAR apart. */
static int
near(size_t a, size_t b)
{
	return a <= b + NEAR && b <= a + NEAR;
}

/*
 * The old leftovers of places [lo, hi) (between the earlier selves of two
 * matched items) that could be new item i, j-th of a run of n leftovers
 * between those two, standing where it stands counted from above or from
 * below: appended to v with their scores; how many.
 */
static size_t
same_place_pairs(struct pdb_ingest *in, const struct pdb_facts *f,
    struct matcher *m, const struct place *pl, size_t lo, size_t hi,
    size_t i, size_t j, size_t n, struct pairing *v)
{
	const struct pdb_item_fact *it = &f->items.v[i];
	struct wordset s = bag_add(&m->bag, it->text.p, it->text.n);
	size_t nv = 0;

	for (size_t p = lo; p < hi; p++) {
		uint32_t k = pl[p].item;
		double sc;

		if (!near(p - lo, j) && !near(hi - 1 - p, n - 1 - j))
			continue;
		sc = same_place_score(f, m, &in->old_items.v[k], k, it, s);
		if (sc > 0)
			v[nv++] = (struct pairing){sc, (uint32_t)i, k};
	}
	m->bag.n = s.off;
	return nv;
}

/* Best score first; ties: the earlier new item, then the earlier old. */
static int
cmp_place_pairing(const void *a, const void *b)
{
	const struct pairing *x = a, *y = b;

	if (x->sim != y->sim)
		return x->sim > y->sim ? -1 : 1;
	if (x->item != y->item)
		return x->item < y->item ? -1 : 1;
	return (x->old > y->old) - (x->old < y->old);
}

/* The pairs of one run, the most alike first, each item taken once. */
static void
take_same_place(struct pdb_ingest *in, struct pairing *v, size_t nv)
{
	if (nv == 0)	/* v may be NULL then */
		return;
	qsort(v, nv, sizeof(*v), cmp_place_pairing);
	for (size_t p = 0; p < nv; p++) {
		if (in->match[v[p].item] >= 0 || in->old_items.v[v[p].old].taken)
			continue;
		in->old_items.v[v[p].old].taken = 1;
		in->match[v[p].item] = (int32_t)v[p].old;
	}
}

/* New item i was matched and ticked: open before, done now. */
static int
ticked(const struct pdb_ingest *in, const struct pdb_facts *f, size_t i)
{
	return i < f->items.n && in->match[i] >= 0 &&
	    f->items.v[i].state == PDB_STATE_DONE &&
	    is_open(in->old_items.v[in->match[i]].state);
}

/*
 * A run of new items [i, end) all done that replaces as many old open
 * ones, places [lo, hi), each under a heading alike its own: a list
 * rewritten item for item as it was ticked, when the run has two or
 * more items or a neighbour was ticked too (one item replaced by another
 * between untouched ones needs words or an id in common).  Pairs them
 * in order; 1 if it did.
 */
static int
take_one_for_one(struct pdb_ingest *in, const struct pdb_facts *f,
    struct matcher *m, const struct place *pl, size_t lo, size_t hi,
    size_t i, size_t end)
{
	if (hi - lo != end - i || (end - i < 2 && !(i > 0 &&
	    ticked(in, f, i - 1)) && !ticked(in, f, end)))
		return 0;
	for (size_t j = 0; i + j < end; j++) {
		const struct pdb_item_fact *it = &f->items.v[i + j];
		const struct snapshot *o = &in->old_items.v[pl[lo + j].item];

		if (it->state != PDB_STATE_DONE || !is_open(o->state) ||
		    !alike_headings(m, o->section_title, it->section !=
		    PDB_NONE ? &f->sections.v[it->section] : NULL))
			return 0;
	}
	for (size_t j = 0; i + j < end; j++) {
		in->old_items.v[pl[lo + j].item].taken = 1;
		in->match[i + j] = (int32_t)pl[lo + j].item;
	}
	return 1;
}

/* Passes 3 and 5: each run of new done items left over between two
 * matched ones looks at the old leftovers between those two's earlier
 * selves, the most alike pairs first. */
static void
match_same_place(struct pdb_ingest *in, const struct pdb_facts *f,
    struct matcher *m)
{
	const struct snapshot_list *old = &in->old_items;
	struct place *pl = xreallocarray(NULL, old->n ? old->n : 1,
	    sizeof(*pl));
	struct pairing *v = NULL;
	size_t npl = 0, nv;
	unsigned above = 0;	/* old line of the last matched item */

	for (size_t k = 0; k < old->n; k++)
		if (is_leftover(&old->v[k]))
			pl[npl++] = (struct place){old->v[k].line, (uint32_t)k};
	qsort(pl, npl, sizeof(*pl), cmp_place);
	for (size_t i = 0; i < f->items.n;) {
		size_t end = i, lo, hi;
		unsigned below;

		if (in->match[i] >= 0) {
			above = old->v[in->match[i++]].line;
			continue;
		}
		while (end < f->items.n && in->match[end] < 0)
			end++;
		below = end < f->items.n ? old->v[in->match[end]].line :
		    UINT_MAX;
		lo = place_at(pl, npl, above + 1);
		hi = below > above ? place_at(pl, npl, below) : lo;
		/* A long run is text rewritten, not items replaced. */
		if (end - i > MAX_RUN || hi - lo > MAX_RUN)
			hi = lo;
		nv = 0;
		if (hi > lo && !take_one_for_one(in, f, m, pl, lo, hi, i, end)) {
			v = xreallocarray(v, (end - i) * (hi - lo), sizeof(*v));
			for (size_t j = 0; i + j < end; j++)
				if (f->items.v[i + j].state == PDB_STATE_DONE)
					nv += same_place_pairs(in, f, m, pl, lo,
					    hi, i + j, j, end - i, v + nv);
		}
		take_same_place(in, v, nv);
		i = end;
	}
	free(pl);
	free(v);
}

static int
any_leftover(const struct snapshot_list *old)
{
	for (size_t k = 0; k < old->n; k++)
		if (is_leftover(&old->v[k]))
			return 1;
	return 0;
}

static void
match_items(struct pdb_ingest *in, const struct pdb_facts *f)
{
	struct matcher m;
	int unmatched = 0;

	ensure_match(in, f->items.n);
	for (size_t i = 0; i < f->items.n; i++) {
		struct snapshot *o = list_take(&in->old_items,
		    (int64_t)f->items.v[i].key);

		in->match[i] = o != NULL ? (int32_t)(o - in->old_items.v) : -1;
		unmatched |= o == NULL;
	}
	if (!unmatched || !any_leftover(&in->old_items))
		return;
	match_unchanged(in, f);
	matcher_init(&m, &in->old_items);
	match_same_place(in, f, &m);
	match_reworded(in, f, &m);
	match_same_place(in, f, &m);
	matcher_free(&m);
}
static const char *
change_kind(const char *was, const char *now)
{
	if (is_done(was) && !is_done(now))
		return strcmp(now, "cancelled") == 0 ? "state" : "reopened";
	if (!is_done(was) && is_done(now))
		return "completed";
	return strcmp(was, now) != 0 ? "state" : NULL;
}

/* A due date written before and now another one: due-changed, old and
 * new day (a later day is a slip). */
static int
due_event(struct pdb_ingest *in, const struct pdb_item_fact *it,
    const struct snapshot *o, struct event e)
{
	char now[11];

	if (o->due_date == NULL || it->due_date == PDB_NO_DATE)
		return 0;
	date_format_day(it->due_date, now);
	if (strcmp(now, o->due_date) == 0)
		return 0;
	e.kind = "due-changed";
	e.old_value = o->due_date;
	e.new_value = now;
	e.at = NULL;
	e.source = e.window_start = NULL;
	return add_event(in, &e);
}

/* Events for an item that existed before: state changes and moves. */
static int
item_events(struct pdb_ingest *in, int64_t doc, int64_t id,
    const struct pdb_facts *f, const struct pdb_item_fact *it,
    const struct snapshot *o, const struct completion *c)
{
	const char *now = facts_state_name(it->state);
	const char *kind = change_kind(o->state, now);
	const struct pdb_section_fact *sec = it->section != PDB_NONE ?
	    &f->sections.v[it->section] : NULL;
	char *title = arena_strndup(&in->doc_arena, it->text.p, it->text.n);
	struct event e = {
		.entity = "item", .entity_id = id, .document = doc,
		.old_value = o->state, .new_value = now, .title = title,
		.section_id = sec != NULL ? in->section_ids[it->section] : 0,
		.section_title = sec != NULL ? dup_str(&in->doc_arena,
		    sec->title) : NULL,
		.milestone = sec != NULL ? dup_str(&in->doc_arena,
		    sec->milestone) : NULL,
		.line = it->line,
		.mark = dup_str(&in->doc_arena, it->mark),
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
	if (same_section(in, o->section_norm, section_norm(f, it->section)))
		return 0;
	e = (struct event){
		.entity = "item", .entity_id = id, .document = doc,
		.kind = "moved", .old_value = o->section_title,
		.new_value = e.section_title, .title = title,
		.section_id = e.section_id, .section_title = e.section_title,
		.milestone = e.milestone, .line = it->line, .mark = e.mark,
	};
	return add_event(in, &e);
}

/* Old items nobody matched wait for the end of the run: they may have
 * moved to another file. */
static void
remember_removed(struct pdb_ingest *in, const struct snapshot *o)
{
	struct snapshot *r = list_push(&in->removed);
	struct pdb_arena *a = &in->run_arena;

	*r = *o;
	r->text = text_hash(o->title != NULL ? o->title : "");
	r->undated = text_hash_undated(o->title != NULL ? o->title : "");
	r->state = o->state ? arena_strndup(a, o->state, strlen(o->state)) :
	    NULL;
	r->title = o->title ? arena_strndup(a, o->title, strlen(o->title)) :
	    NULL;
	r->section_title = o->section_title ? arena_strndup(a,
	    o->section_title, strlen(o->section_title)) : NULL;
	r->section_norm = NULL;
	r->milestone = o->milestone ? arena_strndup(a, o->milestone,
	    strlen(o->milestone)) : NULL;
	r->completed_at = o->completed_at ? arena_strndup(a, o->completed_at,
	    strlen(o->completed_at)) : NULL;
	r->completed_source = o->completed_source ? arena_strndup(a,
	    o->completed_source, strlen(o->completed_source)) : NULL;
	r->mark = o->mark ? arena_strndup(a, o->mark, strlen(o->mark)) : NULL;
	r->due_date = o->due_date ? arena_strndup(a, o->due_date,
	    strlen(o->due_date)) : NULL;
	r->taken = 0;
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

static void
bind_item(struct pdb_ingest *in, sqlite3_stmt *s, int p, int64_t id,
    int64_t doc, const struct pdb_item_fact *it, const struct snapshot *o,
    const struct completion *c)
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
}

int
history_write_items(struct pdb_ingest *in, int64_t doc,
    const struct pdb_facts *f)
{
	int rc;

	match_items(in, f);
	for (size_t i = 0; i < f->items.n; i++) {
		const struct pdb_item_fact *it = &f->items.v[i];
		const struct snapshot *o = in->match[i] >= 0 ?
		    &in->old_items.v[in->match[i]] : NULL;
		struct completion c;

		completion_of(in, it, o ? o->state : NULL,
		    o ? o->completed_at : NULL, o ? o->completed_source : NULL,
		    &c);
		sqlite3_stmt *s;
		int p;

		in->item_ids[i] = o != NULL ? o->id : in->next_item_id++;
		if ((rc = row_slot(in, S_INSERT_ITEM, i, f->items.n, &s, &p)) !=
		    0)
			return rc;
		bind_item(in, s, p, in->item_ids[i], doc, it, o, &c);
		if ((rc = row_bound(in, S_INSERT_ITEM, i, f->items.n,
		    "storing an item")) != 0)
			return rc;
		if (o != NULL && (rc = item_events(in, doc, in->item_ids[i], f,
		    it, o, &c)) != 0)
			return rc;
	}
	for (size_t k = 0; k < in->old_items.n; k++)
		if (!in->old_items.v[k].taken)
			remember_removed(in, &in->old_items.v[k]);
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
    const struct snapshot *o)
{
	struct event e = {
		.entity = entity, .entity_id = id, .document = doc,
		.title = title, .section_id = section_id(in, section),
		.section_title = section != PDB_NONE ? dup_str(&in->doc_arena,
		    f->sections.v[section].title) : NULL,
		.line = line,
	};
	int rc;

	if (!same_text(o->state, state)) {
		e.kind = strcmp(state, "resolved") == 0 ? "resolved" :
		    "reopened";
		e.old_value = o->state;
		e.new_value = state;
		if ((rc = add_event(in, &e)) != 0)
			return rc;
	}
	if (level == 0 || o->level == 0 || level == o->level)
		return 0;
	e.kind = level > o->level ? "escalated" : "deescalated";
	e.old_value = level_text(&in->doc_arena, o->level);
	e.new_value = level_text(&in->doc_arena, level);
	return add_event(in, &e);
}

static int
removal_events(struct pdb_ingest *in, const char *entity,
    struct snapshot_list *l)
{
	int rc;

	for (size_t k = 0; k < l->n; k++) {
		const struct snapshot *o = &l->v[k];
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
	const struct snapshot *o = list_take(&in->old_risks, (int64_t)r->key);
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
	title = arena_strndup(&in->doc_arena, r->title.p, r->title.n);
	return register_events(in, "risk", doc, o->id, title, state,
	    (int)r->severity_level, r->section, f, r->line, o);
}

static int
write_debt(struct pdb_ingest *in, int64_t doc, const struct pdb_facts *f,
    const struct pdb_debt_fact *d)
{
	sqlite3_stmt *s = in->s[S_INSERT_DEBT];
	const struct snapshot *o = list_take(&in->old_debts, (int64_t)d->key);
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
	title = arena_strndup(&in->doc_arena, d->description.p,
	    d->description.n);
	return register_events(in, "debt", doc, o->id, title, state, 0,
	    d->section, f, d->line, o);
}

/* Burndown row i of the document's n. */
static int
write_burndown_row(struct pdb_ingest *in, int64_t doc,
    const struct pdb_burndown_fact *b, size_t i, size_t n)
{
	struct pdb_buf *k = &in->words;
	const struct snapshot *o;
	sqlite3_stmt *s;
	int p, rc;

	if ((rc = row_slot(in, S_INSERT_BURNDOWN, i, n, &s, &p)) != 0)
		return rc;
	buf_reset(k);
	buf_append(k, b->milestone.p ? b->milestone.p : "", b->milestone.n);
	buf_putc(k, 31);
	buf_append(k, b->label.p ? b->label.p : "", b->label.n);
	o = list_take(&in->old_burndown, burndown_key(k->data, k->len));
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
	if ((rc = removal_events(in, "risk", &in->old_risks)) != 0)
		return rc;
	return removal_events(in, "debt", &in->old_debts);
}

int
history_remove_document(struct pdb_ingest *in, int64_t doc)
{
	int rc;

	if ((rc = history_load(in, doc)) != 0)
		return rc;
	for (size_t k = 0; k < in->old_items.n; k++) {
		in->old_items.v[k].doc_gone = 1;
		remember_removed(in, &in->old_items.v[k]);
	}
	if ((rc = removal_events(in, "risk", &in->old_risks)) != 0)
		return rc;
	return removal_events(in, "debt", &in->old_debts);
}

/* ---- the end of the run: moves between files ---- */

/* The items first seen in this run, which may be moved ones. */
static int
load_added(struct pdb_ingest *in)
{
	sqlite3_stmt *s = in->s[S_NEW_ITEMS];
	struct pdb_arena *a = &in->run_arena;
	int rc;

	sqlite3_bind_int64(s, 1, in->run);
	sqlite3_bind_int64(s, 2, in->first_item_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct added_item *x;

		if (in->nadded == in->added_cap) {
			in->added_cap = in->added_cap ? in->added_cap * 2 : 256;
			in->added = xreallocarray(in->added, in->added_cap,
			    sizeof(*in->added));
		}
		x = &in->added[in->nadded++];
		*x = (struct added_item){
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
		x->text = text_hash(x->title != NULL ? x->title : "");
		x->undated = text_hash_undated(x->title != NULL ? x->title :
		    "");
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(in->st, "reading the new items");
	return 0;
}

/* in->added sorted by key, for lookups. */
struct lookup {
	int64_t	value;
	size_t	index;
};

static int
cmp_lookup(const void *a, const void *b)
{
	const struct lookup *x = a, *y = b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* What the passes of history_finish() match on: key, text, undated text. */
enum by { BY_KEY, BY_TEXT, BY_UNDATED };

static int64_t
added_value(const struct added_item *a, enum by by)
{
	return by == BY_KEY ? a->key : (int64_t)(by == BY_TEXT ? a->text :
	    a->undated);
}

static int64_t
removed_value(const struct snapshot *r, enum by by)
{
	return by == BY_KEY ? r->key : (int64_t)(by == BY_TEXT ? r->text :
	    r->undated);
}

/* in->added sorted by what pass `by` matches on, for lookups. */
static struct lookup *
sorted_added(const struct pdb_ingest *in, enum by by)
{
	struct lookup *v = xreallocarray(NULL, in->nadded ? in->nadded : 1,
	    sizeof(*v));

	for (size_t i = 0; i < in->nadded; i++)
		v[i] = (struct lookup){added_value(&in->added[i], by), i};
	qsort(v, in->nadded, sizeof(*v), cmp_lookup);
	return v;
}

/* The first new item not yet matched whose key is value (with dated, one
 * that has a due date). */
static struct added_item *
find_added(struct pdb_ingest *in, const struct lookup *v, int64_t value,
    int dated)
{
	size_t lo = 0, hi = in->nadded;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].value < value)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < in->nadded && v[lo].value == value; lo++)
		if (!in->added[v[lo].index].taken && (!dated ||
		    in->added[v[lo].index].due_date != NULL))
			return &in->added[v[lo].index];
	return NULL;
}

/* A moved item whose written due date changed on the way: due-changed,
 * as for an item that stayed (due_event()). */
static int
moved_due_event(struct pdb_ingest *in, const struct snapshot *r,
    const struct added_item *a, struct event e)
{
	if (r->due_date == NULL || a->due_date == NULL ||
	    strcmp(r->due_date, a->due_date) == 0)
		return 0;
	e.kind = "due-changed";
	e.old_value = r->due_date;
	e.new_value = a->due_date;
	e.at = e.source = e.window_start = NULL;
	return add_event(in, &e);
}

/* Item a, new in one file, is item r that left another: it takes r's id. */
static int
move_item(struct pdb_ingest *in, const struct snapshot *r,
    const struct added_item *a)
{
	sqlite3_stmt *m = in->s[S_MOVE_ITEM], *p = in->s[S_REPARENT_ITEMS];
	const char *kind = change_kind(r->state, a->state);
	struct event e = {
		.entity = "item", .entity_id = r->id, .document = a->document,
		.kind = "moved", .old_value = r->section_title,
		.new_value = a->section_title, .title = a->title,
		.section_title = a->section_title, .milestone = a->milestone,
		.line = a->line, .mark = a->mark,
	};
	int keep = is_done(r->state) && is_done(a->state);
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
		e.source = in->commit != NULL ? "git" : "observed";
		e.window_start = in->commit == NULL && in->previous[0] != '\0' ?
		    in->previous : NULL;
	}
	return add_event(in, &e);
}

int
history_finish(struct pdb_ingest *in)
{
	struct lookup *v;
	int rc;

	if (in->removed.n == 0)
		return 0;
	if ((rc = load_added(in)) != 0)
		return rc;
	/* Same key (same section path and text) first, then the same
	 * text under another section, then, for an item with a due date
	 * before and after, the same text but for its dates (its due date
	 * changed on the way): an item cut from a document and
	 * pasted into another (not one of a deleted file, which is gone,
	 * whatever another file now says). */
	for (enum by by = BY_KEY; by <= BY_UNDATED && rc == 0; by++) {
		v = sorted_added(in, by);
		for (size_t k = 0; k < in->removed.n && rc == 0; k++) {
			struct snapshot *r = &in->removed.v[k];
			struct added_item *a;

			if (r->taken || (by != BY_KEY && r->doc_gone) ||
			    (by == BY_UNDATED && r->due_date == NULL) ||
			    (a = find_added(in, v, removed_value(r, by),
			    by == BY_UNDATED)) == NULL)
				continue;
			r->taken = a->taken = 1;
			rc = move_item(in, r, a);
		}
		free(v);
	}
	if (rc != 0)
		return rc;
	return removal_events(in, "item", &in->removed);
}

void
history_free(struct pdb_ingest *in)
{
	arena_free(&in->doc_arena);
	arena_free(&in->run_arena);
	list_free(&in->old_items);
	list_free(&in->old_risks);
	list_free(&in->old_debts);
	list_free(&in->old_burndown);
	list_free(&in->removed);
	free(in->added);
	free(in->match);
	buf_free(&in->words);
}
