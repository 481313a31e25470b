/*
 * facts.h - what extraction finds in one document, as plain records ready
 * to be stored.  No md4c, no SQLite: extract*.c fills a struct pdb_facts,
 * store_ingest.c writes it.
 *
 * Strings are slices (struct pdb_str) that point either into the document
 * model's text or into facts->arena, so a struct pdb_facts is valid only
 * while the struct pdb_doc it was extracted from is alive and unchanged.
 * Calendar dates are day numbers (date.h), PDB_NO_DATE when absent.
 */
#ifndef PROGDB_FACTS_H
#define PROGDB_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "progdb/arena.h"
#include "progdb/diag.h"

#define PDB_NO_DATE	INT32_MIN
#define PDB_NONE	(-1)	/* no parent / no section */

struct pdb_str {
	const char	*p;
	size_t		 n;
};

enum pdb_state {
	PDB_STATE_OPEN,
	PDB_STATE_DONE,
	PDB_STATE_IN_PROGRESS,
	PDB_STATE_CANCELLED,
	PDB_STATE_DEFERRED,
	PDB_STATE_BLOCKED,
	PDB_STATE_QUESTION,
	PDB_STATE_NOT_STARTED,	/* sections and documents only */
};

/* "open", "done", "in_progress", ...: the words stored in the database. */
const char *facts_state_name(enum pdb_state s);

struct pdb_section_fact {
	int32_t		 parent;	/* index in sections, or PDB_NONE */
	unsigned	 level;		/* 1-6 */
	unsigned	 line;
	unsigned	 end_line;	/* last line before the next heading of
					 * the same or a higher level */
	struct pdb_str	 title;		/* plain text as written */
	struct pdb_str	 norm_title;	/* status emoji and words removed */
	struct pdb_str	 milestone;	/* "Phase 2", "Milestone 5.1", or empty */
	int		 status;	/* enum pdb_state, or -1 when none */
	struct pdb_str	 status_text;	/* the indicator: "✅", "⏸️ NOT STARTED" */
	uint64_t	 key;		/* hash of the normalised title path */
	unsigned	 items_total;	/* items directly in this section, */
	unsigned	 items_done;	/*   cancelled ones left out */
};

struct pdb_item_fact {
	int32_t		 section;	/* index in sections, or PDB_NONE */
	int32_t		 parent;	/* index in items, or PDB_NONE */
	unsigned	 line;
	unsigned	 depth;		/* list nesting, top level = 1 */
	enum pdb_state	 state;
	int		 from_emoji;	/* source: 0 checkbox, 1 status emoji */
	struct pdb_str	 mark;		/* "[ ]", "[x]", "[/]", "✅", ... */
	struct pdb_str	 text;		/* plain text after the mark */
	struct pdb_str	 label;		/* leading **bold** span, or empty */
	struct pdb_str	 ext_id;	/* T012, 1.2, abc123, TD-004, or empty */
	struct pdb_str	 tags;		/* "P US1" from [P] [US1], or empty */
	int		 optional;	/* Kiro "- [ ]*" */
	int		 current;	/* "← CURRENT STEP" */
	int		 priority;	/* 1 lowest .. 5 highest, 0 none */
	int32_t		 done_date;
	int32_t		 due_date;
	int32_t		 created_date;
	int32_t		 start_date;
	int32_t		 scheduled_date;
	int32_t		 cancelled_date;
	uint64_t	 key;		/* identity across ingests */
};

enum pdb_meta_source {
	PDB_META_BOLD,		/* a `**Key**: value` line */
	PDB_META_BLOCK,		/* a line of a paragraph of `Key: value` lines */
	PDB_META_FRONT,		/* YAML front matter */
};

struct pdb_meta_fact {
	int32_t		 section;	/* index in sections, or PDB_NONE */
	unsigned	 line;
	struct pdb_str	 key;
	struct pdb_str	 value;
	int32_t		 date;		/* value parsed as a date, or PDB_NO_DATE */
	enum pdb_meta_source source;
};

/* A bracketed mark that looks like a checkbox state but is none we know. */
struct pdb_mark_fact {
	unsigned	 line;
	struct pdb_str	 mark;		/* "[*]" */
};

#define PDB_VEC(type) struct { type *v; size_t n, cap; }

struct pdb_facts {
	struct pdb_arena	 arena;
	struct pdb_str		 title;		/* first H1, else the file name */
	int			 is_template;
	struct pdb_str		 template_reason;
	struct pdb_str		 status;	/* declared document status */
	int			 status_state;	/* enum pdb_state or -1 */
	int32_t			 start_date;
	int32_t			 date;
	int32_t			 updated;	/* "Last Updated" */
	unsigned		 items_total;	/* whole document, cancelled */
	unsigned		 items_done;	/*   items left out */
	PDB_VEC(struct pdb_section_fact) sections;
	PDB_VEC(struct pdb_item_fact)	 items;
	PDB_VEC(struct pdb_meta_fact)	 meta;
	PDB_VEC(struct pdb_mark_fact)	 unknown_marks;
	struct pdb_diaglist	 diags;		/* extraction warnings */
};

/* Grows vec by one zeroed element and returns it. */
#define PDB_VEC_PUSH(vec) (						\
	(vec).n == (vec).cap ?						\
	    ((vec).cap = (vec).cap ? (vec).cap * 2 : 16,		\
	    (vec).v = xreallocarray((vec).v, (vec).cap, sizeof(*(vec).v))) \
	    : (vec).v,							\
	memset(&(vec).v[(vec).n], 0, sizeof(*(vec).v)),			\
	&(vec).v[(vec).n++])

/* Empties facts for the next document, keeping allocations. */
void	facts_reset(struct pdb_facts *f);
void	facts_free(struct pdb_facts *f);

#endif
