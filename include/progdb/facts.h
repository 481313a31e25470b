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
#include "progdb/vec.h"

/*
 * The version of the extraction rules.  Bump it with any change to what
 * is extracted from a document: documents stored by other rules are then
 * read again by the next ingest even when they did not change.
 */
#define PDB_EXTRACT_VERSION	5

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
	PDB_STATE_PARTIAL,	/* the same: "(Partial)", "80% Complete" */
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
	struct pdb_str	 icon;		/* a status emoji read as an icon */
	uint64_t	 key;		/* hash of the normalised title path */
	unsigned	 items_total;	/* items directly in this section, */
	unsigned	 items_done;	/*   cancelled ones left out */
	unsigned	 subtree_total;	/* the same over its whole subtree: */
	unsigned	 subtree_done;	/*   every item counts once */
	int32_t		 date;		/* date the heading or its **Date** gives */
	int32_t		 context_date;	/* date, else the nearest dated ancestor's */
	/* What the section declares of itself, and whether its items agree
	 * (see declare_sections() in extract_claims.c). */
	int		 declared_state; /* enum pdb_state, or -1 */
	struct pdb_str	 declared;	/* as written: "✅", "Complete", "3/5" */
	int		 disagrees;
	/* Registers read from section context (extract_context.c). */
	int		 reg_kind;	/* 0 none, 1 risks, 2 tech debt */
	int		 reg_own;	/* its own title names the register */
	int		 reg_blocker;	/* it names blockers */
	int		 reg_entry;	/* it is one entry of the register */
	int		 reg_bucket;	/* a severity bucket: "### High" */
	int		 reg_explicit;	/* it holds **Risk**: / TD-001: blocks
					 * or a register table */
};

struct pdb_item_fact {
	int32_t		 section;	/* index in sections, or PDB_NONE */
	int32_t		 parent;	/* index in items, or PDB_NONE */
	unsigned	 line;
	unsigned	 depth;		/* list nesting, top level = 1 */
	enum pdb_state	 state;
	int		 from_emoji;	/* source: 0 checkbox, 1 status emoji */
	int		 from_table;	/* a row of a table with a Task column */
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
	int32_t		 context_date;	/* its section's context date */
	struct pdb_str	 owner;		/* its own or inherited (extract_owner.c) */
};

enum pdb_meta_source {
	PDB_META_BOLD,		/* a `**Key**: value` line */
	PDB_META_BLOCK,		/* a line of a paragraph of `Key: value` lines */
	PDB_META_FRONT,		/* YAML front matter */
	PDB_META_TABLE,		/* a row of a two-column Field | Value table */
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

enum pdb_table_kind {
	PDB_TABLE_OTHER,
	PDB_TABLE_RISK,
	PDB_TABLE_DEBT,
	PDB_TABLE_BURNDOWN,
	PDB_TABLE_METRIC,	/* Baseline | Current | Target, Measurement | Actual */
	PDB_TABLE_FIELDS,	/* Field | Value */
	PDB_TABLE_STATUS,	/* a Status column: the state of each row */
};

/* "other", "risk", "tech_debt", "burndown", "metric", "fields",
 * "status". */
const char *facts_table_kind_name(enum pdb_table_kind k);

/* A table as written: cells[row * ncols + col], row 0 the header. */
struct pdb_table_fact {
	int32_t		 section;
	unsigned	 line;
	unsigned	 ncols;
	unsigned	 nrows;		/* body rows */
	enum pdb_table_kind kind;
	struct pdb_str	*cells;		/* (nrows + 1) * ncols, plain text */
	unsigned	*row_lines;	/* nrows + 1 */
};

/* Severity, probability, impact and priority as an ordinal. */
enum pdb_level {
	PDB_LEVEL_NONE = 0,	/* not given, or a word we do not know */
	PDB_LEVEL_LOW = 1,
	PDB_LEVEL_MEDIUM = 2,
	PDB_LEVEL_HIGH = 3,
	PDB_LEVEL_CRITICAL = 4,
};

enum pdb_register_source {
	PDB_SOURCE_TABLE,	/* a row of a table */
	PDB_SOURCE_BULLET,	/* a **Risk**: / TD-001: list item with fields */
	PDB_SOURCE_BLOCKER,	/* a Blocker: list item, or an item under
				 * a heading naming blockers */
	PDB_SOURCE_HEADING,	/* a sub-heading entry of a register */
	PDB_SOURCE_LIST,	/* a top-level list item of a register */
	PDB_SOURCE_PARAGRAPH,	/* a paragraph led by a bold id */
};

struct pdb_risk_fact {
	int32_t		 section;
	int32_t		 table;		/* index in tables, or PDB_NONE */
	unsigned	 line;
	enum pdb_register_source source;
	struct pdb_str	 ext_id;	/* R-03, CWR-001 */
	struct pdb_str	 title;
	struct pdb_str	 probability;
	struct pdb_str	 impact;
	struct pdb_str	 severity;
	struct pdb_str	 mitigation;
	struct pdb_str	 owner;
	struct pdb_str	 status;	/* as written */
	struct pdb_str	 resolution;
	struct pdb_str	 lessons;
	struct pdb_str	 eta;
	enum pdb_level	 probability_level;
	enum pdb_level	 impact_level;
	enum pdb_level	 severity_level;
	int		 resolved;	/* from its status, else its section */
	int32_t		 due_date;	/* due or review date */
	int32_t		 resolved_date;
	uint64_t	 key;		/* ext_id, else the normalised title */
};

struct pdb_debt_fact {
	int32_t		 section;
	int32_t		 table;
	unsigned	 line;
	enum pdb_register_source source;
	struct pdb_str	 ext_id;	/* TD-001 */
	struct pdb_str	 description;
	struct pdb_str	 impact;
	struct pdb_str	 priority;
	struct pdb_str	 planned;	/* planned resolution */
	struct pdb_str	 status;
	struct pdb_str	 owner;
	enum pdb_level	 impact_level;
	enum pdb_level	 priority_level;
	int		 resolved;
	int32_t		 resolved_date;
	uint64_t	 key;
};

#define PDB_NO_NUMBER	INT64_MIN

struct pdb_burndown_fact {
	int32_t		 section;
	int32_t		 table;
	unsigned	 line;
	struct pdb_str	 milestone;
	struct pdb_str	 label;		/* the date or day cell as written */
	int32_t		 date;		/* when the label is a date */
	int		 ordinal;	/* Day 3 -> 3, Week 2 -> 2; 0 if none */
	int64_t		 remaining;	/* PDB_NO_NUMBER when not a number */
	int64_t		 completed;
	int64_t		 scope;
	int64_t		 ideal;
	struct pdb_str	 remaining_text;
	struct pdb_str	 completed_text;
	struct pdb_str	 blockers;	/* empty when None, -, n/a */
};

enum pdb_log_source {
	PDB_LOG_HEADING,	/* a heading with a date in it */
	PDB_LOG_FIELD,		/* a heading followed by **Date**: */
	PDB_LOG_ITEM,		/* a list item that starts with a date */
};

/* A heading or list item that carries a date: an entry of a dated log. */
struct pdb_log_fact {
	int32_t		 section;	/* the heading's own section, or the
					 * section holding the list item */
	unsigned	 line;
	int32_t		 date;
	int		 weekly;	/* "Week of 2025-11-17" */
	enum pdb_log_source source;
	struct pdb_str	 title;		/* the text without the date */
	struct pdb_str	 milestone;
	struct pdb_str	 component;	/* "Cache layer" in "... - Milestone
					 * 5.1 - Cache layer" */
};

enum pdb_claim_kind {
	PDB_CLAIM_PROGRESS,	/* 7/9 items, 60% complete, [3/5] */
	PDB_CLAIM_STATUS,	/* **Status**: Complete */
	PDB_CLAIM_TESTS,	/* 199/199 tests passing */
	PDB_CLAIM_COVERAGE,	/* Coverage: 45% -> Target: 80% */
	PDB_CLAIM_METRIC,	/* a row of a metric table */
};

/* "progress", "status", "tests", "coverage", "metric". */
const char *facts_claim_kind_name(enum pdb_claim_kind k);

#define PDB_NO_PERCENT	(-1.0)

/* What a document says about its own progress, to check against it. */
struct pdb_claim_fact {
	int32_t		 section;
	unsigned	 line;
	enum pdb_claim_kind kind;
	struct pdb_str	 subject;	/* "Milestone 5.1", "src/main.py" */
	int64_t		 done;		/* PDB_NO_NUMBER when not given */
	int64_t		 total;
	double		 percent;	/* PDB_NO_PERCENT when not given */
	double		 target;	/* percent or number; PDB_NO_PERCENT */
	struct pdb_str	 value;		/* metric: the current/actual cell */
	struct pdb_str	 status;	/* status word or rating emoji */
	int		 state;		/* enum pdb_state, or -1 */
	struct pdb_str	 text;		/* the line as written (plain) */
};

/*
 * A dependency or coverage link (extract_deps.c): an item depends on
 * another (Tasks "⛔ abc", Dataview [dependsOn:: abc], spec-kit "(depends
 * on T001)", cc-sdd "_Depends: 1.2_"), covers a requirement (Kiro
 * "_Requirements: 1.2_"), or, with no item, a Kiro acceptance criterion
 * that tasks cover.
 */
enum pdb_link_kind {
	PDB_LINK_DEPENDS,
	PDB_LINK_COVERS,
	PDB_LINK_CRITERION,
};

struct pdb_link_fact {
	int32_t		 item;		/* index in items, or PDB_NONE */
	unsigned	 line;
	enum pdb_link_kind kind;
	struct pdb_str	 ref;		/* abc, T001, 1.2: the id referred to,
					 * or the criterion's own */
	struct pdb_str	 text;		/* a criterion's text, else empty */
};

/*
 * The lists of facts a document has, one row each: X(element type, name).
 * struct pdb_facts holds a PDB_VEC of each, and facts_reset() and
 * facts_free() go over them, so a new kind of fact is one row here.
 * placeholders: left in a document that is no template; judged: emoji
 * bullets of a Pros/Cons list, no items (for debug).
 */
#define PDB_FACT_LISTS(X)						\
	X(struct pdb_section_fact,	sections)			\
	X(struct pdb_item_fact,		items)				\
	X(struct pdb_meta_fact,		meta)				\
	X(struct pdb_mark_fact,		unknown_marks)			\
	X(struct pdb_mark_fact,		placeholders)			\
	X(struct pdb_mark_fact,		judged)				\
	X(struct pdb_table_fact,	tables)				\
	X(struct pdb_risk_fact,		risks)				\
	X(struct pdb_debt_fact,		debts)				\
	X(struct pdb_burndown_fact,	burndown)			\
	X(struct pdb_log_fact,		logs)				\
	X(struct pdb_claim_fact,	claims)				\
	X(struct pdb_link_fact,		links)

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
#define PDB_FACT_LIST(type, name)	PDB_VEC(type) name;
	PDB_FACT_LISTS(PDB_FACT_LIST)
#undef PDB_FACT_LIST
	struct pdb_diaglist	 diags;		/* extraction warnings */
};

/* Empties facts for the next document, keeping allocations. */
void	facts_reset(struct pdb_facts *f);
void	facts_free(struct pdb_facts *f);
/* "depends", "covers" or "criterion". */
const char *facts_link_kind_name(enum pdb_link_kind k);

#endif
