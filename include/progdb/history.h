/*
 * history.h - the rules of history as plain C over plain structs: which
 * old item is which new one (same key, unchanged text, a tick at the same
 * place, reworded, moved to another file), when an item was completed,
 * and how one state compares with another.  No SQLite here: store/
 * loads the snapshots, asks these functions, and writes rows and events.
 *
 * Strings in snapshots and added items are borrowed: they live in an
 * arena (or wherever the caller keeps them) for as long as the list.
 */
#ifndef PROGDB_HISTORY_H
#define PROGDB_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "progdb/arena.h"
#include "progdb/buf.h"
#include "progdb/facts.h"

/* ---- states ---- */

/* What a stored state word ("open", "done", ...) is, for the rules. */
enum hist_class {
	HIST_NONE,		/* NULL: no state */
	HIST_OPEN,		/* anything still to do */
	HIST_DONE,		/* "done" */
	HIST_CANCELLED,		/* "cancelled" */
};

enum hist_class hist_class_of(const char *state);
int	hist_is_done(const char *state);
/* Open: a state that is neither done nor cancelled (nor NULL). */
int	hist_is_open(const char *state);
/* The event for an item's state going from was to now (both non-NULL):
 * "completed", "reopened", "state", or NULL when it stayed. */
const char *hist_change_kind(const char *was, const char *now);
/* A risk or debt entry's state ("open", "resolved") from was to now:
 * "resolved", "reopened", or NULL when it stayed. */
const char *hist_register_change(const char *was, const char *now);
/* Its level from was to now (0: none): "escalated", "deescalated", NULL. */
const char *hist_level_change(int was, int now);
/* A written due date (YYYY-MM-DD) before and after, and another now. */
int	hist_due_changed(const char *was, const char *now);
/* Two section titles name the same section (emoji and case aside). */
int	hist_same_section(const char *a, const char *b);

/* ---- completion dating ---- */

/* The run that observes: its time and the one before. */
struct hist_run {
	const char	*observed;	/* UTC, SQLite's format */
	const char	*previous;	/* the run before; "" if none */
	int32_t		 observed_day;	/* local day numbers */
	int32_t		 previous_day;
	int		 git;		/* a commit observes, not a run */
};

struct hist_completion {
	char		 at[20];	/* "" when unknown */
	const char	*source;	/* "written", "observed", "git", or
					 * the earlier self's */
	const char	*window_start;	/* observed ones */
	int		 event;		/* it became done in this run */
};

struct hist_snapshot;

/*
 * When item it was completed and how we know: what the document writes
 * (a done date, or the dated log heading it sits under when that date
 * falls after the run that last saw it open and not after this one),
 * else the commit or run that first saw it done.  o is its earlier self,
 * or NULL when it is new (then only a written date counts).
 */
void	hist_completion_of(const struct hist_run *run,
	    const struct pdb_item_fact *it, const struct hist_snapshot *o,
	    struct hist_completion *c);
/* Who saw a completion that nothing written dates: source and window. */
void	hist_observed(const struct hist_run *run, const char **source,
	    const char **window_start);

/* ---- snapshots ---- */

/*
 * What an item, risk or debt entry was before this run: enough to match it
 * with its new self and to describe it in an event once its row is gone.
 */
struct hist_snapshot {
	int64_t		 key;
	int64_t		 id;
	int64_t		 first_run;
	int64_t		 document;
	int64_t		 section_id;
	const char	*state;		/* "open", "done", ...; "resolved" */
	int		 level;		/* severity or priority level; 0 none */
	const char	*title;		/* item text, risk title, description */
	const char	*section_title;
	const char	*section_norm;	/* items only */
	const char	*milestone;
	const char	*completed_at;	/* items only */
	const char	*completed_source;
	const char	*mark;		/* items only */
	const char	*due_date;	/* items only: YYYY-MM-DD or NULL */
	unsigned	 line;
	uint64_t	 text;		/* items: hist_text_hash() of the title */
	uint64_t	 undated;	/* items: the same, its dates left out */
	int		 doc_gone;	/* removed with its whole document */
	int		 taken;		/* matched with a new self */
};

/* Snapshots, with an index by key once hist_list_index() ran. */
struct hist_list {
	struct hist_snapshot *v;
	size_t		 n;
	size_t		 cap;
	size_t		*index;		/* open addressing by key: index + 1 */
	size_t		 nindex;
};

/* Forgets the snapshots (keeps the room); frees everything. */
void	hist_list_reset(struct hist_list *l);
void	hist_list_free(struct hist_list *l);
/* One more zeroed snapshot at the end. */
struct hist_snapshot *hist_list_push(struct hist_list *l);
/* Builds the index by key over what the list holds. */
void	hist_list_index(struct hist_list *l);
/* The first indexed snapshot with key not taken yet, now taken; or NULL. */
struct hist_snapshot *hist_list_take(struct hist_list *l, int64_t key);
/*
 * Copies old item o, which nobody matched, to removed with its strings in
 * arena a and its text hashes, to wait for the end of the run: it may have
 * moved to another file.
 */
void	hist_remember(struct hist_list *removed, struct pdb_arena *a,
	    const struct hist_snapshot *o);

/* ---- words, ids and keys ---- */

/* The identity of an item's text wherever it stands (ident.h's form,
 * dates and numbers kept); the same with the dates it names left out. */
uint64_t hist_text_hash(const char *t, size_t n);
uint64_t hist_text_hash_undated(const char *t);
/*
 * The words of a text in any script, lower-cased and stemmed, without
 * numbers, dates and the markers completion adds: at most max hashes.
 */
size_t	hist_words(const char *t, size_t n, uint64_t *out, size_t max);
/* 1 when the texts name an id in common (T012, UX100-B4, 28.3; not
 * 500ms), -1 when both name ids but none in common, 0 when one names none. */
int	hist_share_an_id(const char *a, size_t na, const char *b, size_t nb);
/* The key of a burndown row: its milestone and label (scratch: b). */
int64_t	hist_burndown_key(const char *s, size_t n);
int64_t	hist_burndown_row_key(struct pdb_buf *b, struct pdb_str milestone,
	    struct pdb_str label);

/* ---- matching ---- */

/* Least share of words in common (Jaccard) for a reworded item. */
#define HIST_SIMILAR	0.6

/*
 * Matches the new items of f with the old ones of old (indexed), in
 * passes, each seeing what the ones before left: the same key; the same
 * text (same state first); a tick at the same place; wording alike
 * (HIST_SIMILAR), most alike first; the same place again; two items
 * that swapped places as both were ticked; an open item whose every word
 * one done item has; an open item whose gone heading one done item names
 * (hist_match.c lists the eight passes in full).  match[i]
 * (room for f->items.n) is the old index of new item i, or -1; matched
 * old ones are taken.  surfaced (NULL: none known) marks per new item
 * a line that stood verbatim in the old version of the file as no item
 * (a code block hid it): such an item is newly seen, the earlier self
 * only of an old item with its key or its text and state, never a
 * rewording or a tick of another.
 */
void	hist_match_items(struct hist_list *old, const struct pdb_facts *f,
	    const uint8_t *surfaced, int32_t *match);

/* An item first seen in this run, which may be a moved one. */
struct hist_added {
	int64_t		 id;
	int64_t		 key;
	int64_t		 document;
	uint64_t	 text;		/* hist_text_hash() */
	uint64_t	 undated;	/* hist_text_hash_undated() */
	const char	*state;
	const char	*title;
	const char	*section_title;
	const char	*milestone;
	const char	*mark;
	const char	*due_date;	/* YYYY-MM-DD or NULL */
	unsigned	 line;
	int		 taken;
};

/* Removed item r is added item a, gone from one file and new in another. */
struct hist_move {
	struct hist_snapshot	*removed;
	struct hist_added	*added;
};

/*
 * The items removed this run that are items added elsewhere: the same
 * key first, then the same text, then (both with a due date) the same
 * text but for its dates; an item of a deleted file moves by key only.
 * Marks both sides taken; returns how many, in *moves (free()d by the
 * caller; NULL when none).
 */
size_t	hist_match_moves(struct hist_list *removed, struct hist_added *added,
	    size_t nadded, struct hist_move **moves);

/* ---- a run's history state ---- */

/* What store/ keeps between loading a document's rows and writing them. */
struct hist_state {
	struct pdb_arena	 doc_arena;	/* one document's snapshots */
	struct pdb_arena	 run_arena;	/* what waits for the run's end */
	struct hist_list	 old_items;	/* of the document being written */
	struct hist_list	 old_risks;
	struct hist_list	 old_debts;
	struct hist_list	 old_burndown;	/* key: milestone + label */
	struct hist_list	 removed;	/* items gone this run */
	struct hist_added	*added;		/* items new this run, loaded
						 * at its end when some left */
	size_t			 nadded;
	size_t			 added_cap;
	int32_t			*match;		/* per new item: old index or -1 */
	size_t			 match_cap;
	const uint8_t		*surfaced;	/* borrowed, for the next match
						 * only: see hist_match_items() */
	struct pdb_buf		 words;		/* scratch for keys */
};

/* Forgets one document's snapshots. */
void	hist_state_clear(struct hist_state *h);
void	hist_state_free(struct hist_state *h);
/* One more added item (zeroed). */
struct hist_added *hist_state_add(struct hist_state *h);
/* Matches f's items with h->old_items: per new item, the old index or -1
 * (owned by h, valid until the next call).  Uses h->surfaced, if set,
 * and forgets it. */
const int32_t *hist_state_match(struct hist_state *h,
	    const struct pdb_facts *f);

#endif
