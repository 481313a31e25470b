/*
 * extract_int.h - what the extract*.c files share: text helpers over UTF-8
 * slices and the rules each file exports to the driver in extract.c.
 * Every name here starts with ex_ (EX_ for constants) or pdb_, so a
 * reader can tell a shared name from a file's own static one.
 */
#ifndef PROGDB_EXTRACT_INT_H
#define PROGDB_EXTRACT_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/facts.h"
#include "progdb/model.h"
#include "progdb/utf8.h"

/* ---- text helpers (extract_text.c) ---- */

/* 1 for the ASCII letters and digits, by byte: the scanners ask it of
 * nearly every byte they pass. */
extern const unsigned char ex_alnum[256];

/* Per byte: ASCII letters lowered, digits and bytes of 0x80 and above as
 * they are, the rest of ASCII 0 (word text for normalised forms). */
extern const unsigned char ex_fold[256];

static inline int
ex_is_ascii_alnum(unsigned char c)
{
	return ex_alnum[c];
}

static inline int
ex_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static inline struct pdb_str
ex_str_make(const char *p, size_t n)
{
	return (struct pdb_str){.p = p, .n = n};
}

/* Bytes of spaces, tabs and newlines at the start of s. */
size_t	ex_skip_spaces(const char *s, size_t n);
/* s[0..n) without leading and trailing spaces. */
struct pdb_str ex_str_trim(const char *s, size_t n);
/* Case-insensitive (ASCII) prefix test; inline, callers test many
 * prefixes per place. */
static inline int
ex_starts_with_ci(const char *s, size_t n, const char *prefix)
{
	for (size_t i = 0; prefix[i] != '\0'; i++) {
		unsigned char a, b;

		if (i >= n)
			return 0;
		a = (unsigned char)s[i];
		b = (unsigned char)prefix[i];
		if ((a >= 'A' && a <= 'Z' ? a | 0x20 : a) !=
		    (b >= 'A' && b <= 'Z' ? b | 0x20 : b))
			return 0;
	}
	return 1;
}
/* Case-insensitive (ASCII) search; returns the offset or n when absent. */
size_t	ex_find_ci(const char *s, size_t n, const char *needle);
/* Offset of the first byte a or b in s, or n: memchr() for two bytes,
 * costing the distance to the nearer one. */
size_t	ex_find_either(const char *s, size_t n, char a, char b);
/*
 * If s starts with one of the emoji in list (NULL-terminated), returns the
 * bytes it takes, a following variation selector U+FE0F included, and sets
 * *which to its index; else 0.
 */
size_t	ex_match_emoji(const char *s, size_t n, const char *const *list,
	    int *which);
/* Writes the UTF-8 character s[0..l) to out lower-cased (ASCII, Latin-1
 * and Cyrillic capitals; others as they are). */
void	ex_lower_letter(const char *s, size_t l, char *out);
/* A copy of s in a with every '\n' turned into a space (s itself if none). */
struct pdb_str ex_str_flatten(struct pdb_arena *a, const char *s, size_t n);

/* What the extractors share while walking one document. */
struct pdb_xctx {
	const struct pdb_doc	*doc;
	struct pdb_facts	*f;
	int32_t			 section;	/* innermost open section */
	struct pdb_buf		*scratch;
};

/* ---- extract_status.c ---- */

/* A status indicator found in a heading: where it is and what it says. */
struct pdb_status_hit {
	size_t	start;
	size_t	len;
	int	state;		/* enum pdb_state, or -1 for an icon */
	int	named;		/* names the section ("Completed Features"):
				 * ex_title_without() keeps it */
};

/*
 * Finds the status indicators of a heading title (status emoji, possibly
 * with status words after them; status words in capitals; a status word or
 * phrase ending the title after a separator or in brackets; a status
 * opening the title as a bucket, "Completed Features"; a "(0/3)" count
 * ending it), and the status emoji used there as icons ("🔄 Updates",
 * "✅ LOW"; state -1).  Fills up to max hits in order, returns how many.
 */
size_t	ex_status_in_title(const char *t, size_t n,
	    struct pdb_status_hit *hits, size_t max);
/* 1 if s[0..n) is one status emoji and nothing else. */
int	ex_status_is_emoji(const char *s, size_t n);
/* The state a status value (`**Status**: ...`) declares, or -1. */
int	ex_status_of_value(const char *v, size_t n);
/* The title without the hits, trimmed; written to out (n bytes room). */
size_t	ex_title_without(const char *t, size_t n,
	    const struct pdb_status_hit *hits, size_t nhits, char *out);
/* "Phase 2", "Milestone 5.1", "M3" named by t, written to out (cap
 * bytes); returns its length, 0 when t names none. */
size_t	ex_milestone_key(const char *t, size_t n, char *out, size_t cap);

/* ---- extract_table_util.c: shared by the table, register, claim and
 * context readers, calling none of them ---- */

/* What a table column holds, from its header. */
enum pdb_col_role {
	EX_COL_NONE, EX_COL_ID, EX_COL_RISK, EX_COL_DESCRIPTION, EX_COL_DEBT,
	EX_COL_PROBABILITY, EX_COL_IMPACT, EX_COL_SEVERITY, EX_COL_PRIORITY,
	EX_COL_MITIGATION, EX_COL_OWNER, EX_COL_STATUS, EX_COL_DUE,
	EX_COL_PLANNED, EX_COL_RESOLVED, EX_COL_DATE, EX_COL_REMAINING,
	EX_COL_COMPLETED, EX_COL_SCOPE, EX_COL_IDEAL, EX_COL_BLOCKERS,
	EX_COL_FIELD, EX_COL_VALUE, EX_COL_BASELINE, EX_COL_CURRENT,
	EX_COL_TARGET, EX_COL_MEASUREMENT, EX_COL_ACTUAL, EX_COL_METRIC,
	EX_COL_NUMBER, EX_COL_TEST, EX_COL_TASK, EX_COL_COUNT
};

/* Column of table t holding role, or -1. */
int	ex_table_column(const struct pdb_facts *f, int32_t t,
	    const int *roles, enum pdb_col_role role);
/* Cell (body row r, column col) of table t; empty when col < 0. */
struct pdb_str ex_table_cell(const struct pdb_facts *f, int32_t t, unsigned r,
	    int col);
/* Cell of row r in the column holding role; empty when none does. */
struct pdb_str ex_role_cell(const struct pdb_facts *f, int32_t t, unsigned r,
	    const int *roles, enum pdb_col_role role);
/* Ordinal of a severity/probability/impact/priority word, or NONE. */
enum pdb_level ex_level_of(const char *s, size_t n);
/* 1 when the value says resolved/closed/done, 0 open, -1 unknown. */
int	ex_resolved_word(const char *s, size_t n);

/* ---- extract_tables.c ---- */

/* Stores table node as written, classifies it and extracts its rows. */
void	ex_table_from_node(struct pdb_xctx *x, uint32_t node);

/* ---- extract_registers.c ---- */

/* Row r (1-based body row) of table t as a risk, debt or burndown row;
 * roles maps each column to enum pdb_col_role. */
void	ex_risk_from_row(struct pdb_xctx *x, int32_t t, unsigned r,
	    const int *roles);
void	ex_debt_from_row(struct pdb_xctx *x, int32_t t, unsigned r,
	    const int *roles);
void	ex_burndown_from_row(struct pdb_xctx *x, int32_t t, unsigned r,
	    const int *roles);
/*
 * A list item that opens a register entry: "**Risk**: ...", "Blocker:
 * ...", "TD-004: ..." with fields in the nested list.  Returns 1 if it
 * was one (and stored it), else 0.
 */
int	ex_register_from_item(struct pdb_xctx *x, uint32_t node);
/* Fields of a risk or debt entry from the **Key**: value items nested
 * in list item node. */
void	ex_register_risk_fields(const struct pdb_doc *doc, uint32_t node,
	    struct pdb_risk_fact *r);
void	ex_register_debt_fields(const struct pdb_doc *doc, uint32_t node,
	    struct pdb_debt_fact *d);
/* Levels, state and key of an entry whose fields are filled in. */
void	ex_register_finish_risk(struct pdb_xctx *x,
	    struct pdb_risk_fact *r);
void	ex_register_finish_debt(struct pdb_xctx *x,
	    struct pdb_debt_fact *d);

/* ---- extract_context.c ---- */

/* Whether heading section si names a register, lies in one, or is an
 * entry of one (then stored as a risk or debt entry). */
void	ex_context_heading(struct pdb_xctx *x, int32_t si);
/* A top-level list item under a heading that names a register; returns
 * 1 if it was stored as an entry. */
int	ex_context_item(struct pdb_xctx *x, uint32_t node);
/* A paragraph led by a bold id in a register; returns 1 if stored. */
int	ex_context_para(struct pdb_xctx *x, uint32_t node);
/* 1 when a register table of kind with rows body rows comes after at
 * least as many heading entries of its kind: a summary of them, whose
 * rows are not new entries. */
int	ex_context_restates(const struct pdb_xctx *x,
	    enum pdb_table_kind kind, unsigned rows);
/* After the walk: fields of heading entries from their **Key**: value
 * lines, severity from bucket headings, one entry per id. */
void	ex_context_finish(struct pdb_xctx *x);

/* ---- extract_log.c ---- */

/* A dated heading becomes a log entry; sets the section's date. */
void	ex_log_from_heading(struct pdb_xctx *x, int32_t section);
/* A list item starting with a date; returns 1 if it was one. */
int	ex_log_from_item(struct pdb_xctx *x, uint32_t node);
/* After the walk: **Date** fields under headings, context dates. */
void	ex_log_finish(struct pdb_facts *f);

/* ---- extract_claims.c ---- */

/* Claims in one line of text (a paragraph line, a list item). */
void	ex_claims_from_line(struct pdb_xctx *x, const char *t, size_t n,
	    unsigned line);
/* A [3/5] or [60%] cookie, or "(85% Complete)", in a heading. */
void	ex_claims_from_heading(struct pdb_xctx *x, int32_t section);
/* Row r of a metric table. */
void	ex_claim_from_metric_row(struct pdb_xctx *x, int32_t t, unsigned r,
	    const int *roles);
/* After the walk: **Status** and **Progress** metadata as claims. */
void	ex_claims_finish(struct pdb_facts *f);

/* ---- extract_items.c ---- */

struct pdb_item_ctx {
	const struct pdb_doc	*doc;
	struct pdb_facts	*facts;
	struct pdb_buf		*scratch;	/* for normalised text */
};

/*
 * Decides whether list item node is a checklist item; if so fills it
 * (except section, parent, depth and key) and returns 1.  An unknown
 * checkbox mark is recorded in facts->unknown_marks and 0 returned.
 * *norm is set to the normalised text of the item's first line (in
 * ctx->scratch: continuation lines are detail, not identity), from which
 * the caller makes its key.
 */
int	ex_item_from_node(struct pdb_item_ctx *ctx, uint32_t node,
	    struct pdb_item_fact *it, struct pdb_str *norm);
/* Once the document is read: a word marker ("[ALTA]") that starts only
 * one list item is a tag, and leaves facts->unknown_marks. */
void	ex_items_finish_marks(struct pdb_facts *f);

/* ---- extract_meta.c ---- */

/* Adds the metadata lines of paragraph or list item node to facts. */
void	ex_meta_from_node(const struct pdb_doc *doc, uint32_t node,
	    int32_t section, struct pdb_facts *facts);
/* Adds one metadata pair (its date read from the value). */
void	ex_meta_add(struct pdb_facts *f, int32_t section, unsigned line,
	    struct pdb_str key, struct pdb_str value,
	    enum pdb_meta_source source);
/* Adds front matter pairs to facts. */
void	ex_meta_from_front(const struct pdb_doc *doc,
	    struct pdb_facts *facts);
/* Sets the document's declared status and dates from facts->meta. */
void	ex_meta_document_fields(struct pdb_facts *facts);

/* ---- extract_template.c ---- */

#define PDB_PLACEHOLDERS_KEPT	8

struct pdb_template_scan {
	unsigned	 prose;		/* placeholders in prose */
	unsigned	 code;		/* placeholders in code blocks */
	unsigned	 distinct;	/* different placeholders (approx.) */
	unsigned	 blocks;	/* prose blocks scanned */
	uint64_t	 seen[16];	/* hashes of the first distinct ones */
	char		 first[64];	/* the first one, for the reason */
	struct pdb_mark_fact kept[PDB_PLACEHOLDERS_KEPT]; /* the first ones
					 * in prose, where they are */
	unsigned	 nkept;
	int		 embedded;	/* under a sub-heading naming a
					 * template: weighs as code there;
					 * -1 until a placeholder asks */
	const struct pdb_facts *f;	/* where section is, for that */
	int32_t		 section;
};

/* Counts placeholders in prose (in_code 0) or code block text; line is
 * the line of s[0]. */
void	ex_template_scan(struct pdb_template_scan *ts, const char *s,
	    size_t n, int in_code, unsigned line);
/* Enters section: whether it or one of its parents below level 1 names
 * a template ("## Risk Reporting Template", one embedded in the
 * document) is read when a placeholder first asks. */
void	ex_template_section(struct pdb_template_scan *ts,
	    const struct pdb_facts *f, int32_t section);
/* Sets facts->is_template and its reason from the scan and front matter. */
void	ex_template_decide(const struct pdb_template_scan *ts,
	    struct pdb_facts *facts);

/* extract_owner.c: an owner written in t (@name, Owner: name), or
 * empty; every item's owner, its own or inherited. */
struct pdb_str ex_owner_in_text(const char *t, size_t n);
void	ex_items_find_owners(struct pdb_facts *f);
/* A bullet nested under item (not an item itself) that reads
 * "Owner: Alice" or "Due: 2025-12-01" is a field of that item, not of its
 * section: sets the item's owner (its text may name another) or due date
 * when it has none.  Returns 1 when t was such a line. */
int	ex_item_field_line(struct pdb_facts *f, int32_t item, const char *t,
	    size_t n);
/* A cell or label value naming an owner ("@ana", "Bob Smith"; not
 * "TBD" nor a sentence), or empty. */
struct pdb_str ex_owner_of_value(const char *t, size_t n);
/* The first date, week or quarter in a value, as a day, or PDB_NO_DATE. */
int32_t	ex_due_of_value(const char *t, size_t n);

/* extract_due.c: the first week (2025-W48) or quarter (2025-Q4, Q4 2025)
 * in t: 1 with its span and its last day, else 0. */
int	ex_due_period_find(const char *t, size_t n, size_t *start,
	    size_t *end, int64_t *day);
/* ---- extract_deps.c ---- */

/* Dependency and coverage links in t (n bytes) for item (index in items). */
void	ex_deps_from_text(struct pdb_facts *f, int32_t item, const char *t,
	    size_t n, unsigned line);
/* A Kiro acceptance criterion, if list item node (text t) is one. */
void	ex_deps_criterion(struct pdb_facts *f, const struct pdb_doc *doc,
	    uint32_t node, int32_t section, const char *t, size_t n);

#endif
